#!/bin/sh
# hl-list: tickets from the ledger as NDJSON, oldest first (received_at,
# then id).  Each filter (--status, --open, --unit and --person: current
# assignments, --village, --category, --kind in Chinese or English,
# --from/--to: received in [from, to), ids); the same filter repeated
# matches either value, different filters all of them.  --mask hides the
# caller's phone (138****5678).  Every line parses with jq.  A ledger that
# does not exist: 66, and it is not created.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-30T12:00:00+08:00
township
take <<'END'
{"id":"L1","received_at":"2026-11-02T09:00:00+08:00","content":"宅基地审批进度","kind":"consult","category":"宅基地审批","village":"李家村","caller":{"name":"李大山","phone":"13812345678"}}
{"id":"L3","received_at":"2026-11-10T09:00:00+08:00","content":"租金未付","kind":"help","category":"农村土地流转","village":"张湾村"}
{"id":"L2","received_at":"2026-11-10T09:00:00+08:00","content":"减速带","kind":"complaint","category":"道路交通安全","village":"王庄村","caller":{"name":"王小梅","phone":"+86 139-1234-0002"}}
{"id":"L4","received_at":"2026-11-20T09:00:00+08:00","content":"垃圾","kind":"report","category":"环境卫生","village":"东村"}
{"id":"L5","received_at":"2026-11-25T09:00:00+08:00","content":"举报","kind":"suggestion","category":"环境卫生","village":"王庄村"}
{"id":"L6","received_at":"2026-11-26T09:00:00+08:00","content":"宅基地","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"L7","received_at":"2026-11-27T09:00:00+08:00","content":"表扬","kind":"praise","category":"政策咨询","village":"刘集村"}
{"id":"L8","received_at":"2026-11-30T08:00:00+08:00","content":"咨询","kind":"consult","village":"李家村"}
END
must hl-dispatch --at 2026-11-02T09:10:00+08:00 L1
must hl-update --at 2026-11-02T09:20:00+08:00 L1 respond
must hl-update --at 2026-11-03T10:00:00+08:00 L1 resolve
must hl-update --at 2026-11-04T10:00:00+08:00 L1 visit --resolved yes --satisfaction satisfied
must hl-dispatch --at 2026-11-10T09:10:00+08:00 L2 L3
must hl-update --at 2026-11-10T09:20:00+08:00 L2 respond
must hl-update --at 2026-11-12T09:20:00+08:00 L3 resolve
must hl-dispatch --at 2026-11-25T09:10:00+08:00 L5
must hl-update --at 2026-11-25T09:40:00+08:00 L5 verify --verdict malicious
must hl-dispatch --at 2026-11-26T09:10:00+08:00 L6
must hl-dispatch --at 2026-11-26T09:30:00+08:00 --to 周明 --reason 政策问题 L6
must hl-dispatch --at 2026-11-27T09:10:00+08:00 L7
must hl-update --at 2026-11-27T09:40:00+08:00 L7 verify --verdict unfounded
is 'L1|visited
L2|responded
L3|resolved
L4|received
L5|closed
L6|dispatched
L7|rejected
L8|received' "$(sql "SELECT id, status FROM tickets ORDER BY id")" "setup: one ticket in each state"

# list ARGS...: the ids hl-list prints, on one line
list() {
	run hl-list "$@"
	jqr .id | paste -sd' ' -
}

# ---- everything ----
run hl-list
is_rc 0 "no filter: exit 0"
is_err "" "no filter: silent"
is 'L1 L2 L3 L4 L5 L6 L7 L8' "$(jqr .id | paste -sd' ' -)" \
    "every ticket, oldest first; the same time ordered by id (L2 before L3)"
is 8 "$(jq -c . "$OUT" | wc -l | tr -d ' ')" "eight lines, each parses with jq"
is "$(wc -l <"$OUT" | tr -d ' ')" "$(jq -e -c 'select(type == "object" and (.id | type) == "string")' "$OUT" | wc -l | tr -d ' ')" \
    "every line is a ticket object"
is '["id","received_at","title","content","kind","category","village","address","channel","caller","due_at","urgent","status","verdict","repeat_of","repeat_count","assignments","deadlines","updated_at","extra"]' \
    "$(head -n 1 "$OUT" | jq -c 'keys_unsorted')" "the contract's keys in a stable order"
is '{"name":"李大山","phone":"13812345678"}' "$(jq -c 'select(.id == "L1") | .caller' "$OUT")" \
    "without --mask the phone is whole"

# ---- each filter ----
is 'L6' "$(list --status dispatched)" "--status dispatched"
is 'L3 L4 L8' "$(list --status received -s resolved)" "--status twice: either"
is 'L5' "$(list -s closed)" "--status closed"
is 'L7' "$(list -s rejected)" "--status rejected"
is 'L1' "$(list -s visited)" "--status visited"
is 'L2 L3 L4 L6 L8' "$(list --open)" "--open: not visited, closed or rejected"
is 'L1' "$(list --unit 国土所)" "--unit: current assignments (L6 was transferred away)"
is 'L1 L6' "$(list -u 李家村)" "--unit a village committee"
is 'L6 L7' "$(list --unit 党政办)" "--unit 党政办: a transfer to its cadre and a route"
is 'L2 L3 L6 L7' "$(list --unit 交通安全站 --unit 农业站 --unit 党政办 --unit 周明)" \
    "--unit repeated: any of them (a person is not a unit)"
is 'L1' "$(list --person 刘洋)" "--person 刘洋"
is 'L6' "$(list -p 周明)" "--person 周明: the transfer's person"
is 'L2 L5' "$(list --person 何勇)" "--person 何勇: the village head of 王庄村, in two tickets"
is '' "$(list --person 郑涛)" "--person with nothing assigned: no output"
is 'L1 L6 L8' "$(list --village 李家村)" "--village"
is 'L1 L4 L6 L8' "$(list -v 李家村 -v 东村)" "--village twice"
is 'L1 L6' "$(list --category 宅基地审批)" "--category"
is 'L4 L5 L7' "$(list -c 环境卫生 -c 政策咨询)" "--category twice"
is 'L1 L8' "$(list --kind 咨询)" "--kind in Chinese (咨询)"
is 'L1 L8' "$(list --kind consult)" "--kind in English (consult)"
is 'L2 L3 L6' "$(list -k 投诉 -k help)" "--kind twice, Chinese and English (投诉, help)"
is 'L3' "$(list --kind 求助)" "--kind 求助"
is 'L4' "$(list --kind 举报)" "--kind 举报"
is 'L5' "$(list --kind 建议)" "--kind 建议"
is 'L7' "$(list --kind 表扬)" "--kind 表扬"
is 'L2 L3 L4 L5' "$(list --from 2026-11-10T09:00:00+08:00 --to 2026-11-26T09:00:00+08:00)" \
    "--from (inclusive) --to (exclusive)"
is 'L6 L7 L8' "$(list --from '2026-11-26 09:00')" "--from alone, in local time"
is 'L1' "$(list --to '2026/11/10 9:00')" "--to alone"
is 'L1 L7' "$(list L7 L1 L99)" "ids: oldest first, an unknown id matches nothing"
is_rc 0 "ids: exit 0 even for an unknown id"

# ---- combinations ----
is 'L6 L8' "$(list --village 李家村 --open)" "--village and --open"
is 'L7' "$(list --unit 党政办 --status rejected)" "--unit and --status"
is 'L2' "$(list --kind 投诉 --village 王庄村)" "--kind and --village"
is 'L6' "$(list --category 宅基地审批 --person 周明)" "--category and --person"
is 'L1' "$(list --status visited L1 L2)" "--status and ids"
is 'L2 L6' "$(list -k complaint -k consult --open --from 2026-11-05T00:00:00+08:00 --to 2026-11-30T00:00:00+08:00)" \
    "kinds OR'd, and --open, --from, --to AND'd"
is '' "$(list --village 东村 --status dispatched)" "filters that exclude each other: nothing"

# ---- --mask ----
run hl-list --mask
is '{"name":"李大山","phone":"138****5678"}
{"name":"王小梅","phone":"139****0002"}' "$(jq -c 'select(.caller) | .caller' "$OUT")" \
    "--mask: 138****5678, the first 3 and last 4 digits"
is 8 "$(jq -c . "$OUT" | wc -l | tr -d ' ')" "--mask: every line still parses"
is '13812345678' "$(sql "SELECT caller_phone FROM tickets WHERE id = 'L1'")" "--mask changes nothing stored"

# ---- errors ----
run hl-list -d "$T/nope.db"
is_rc 66 "a missing ledger: exit 66"
is_err "hl-list: ledger '$T/nope.db' does not exist (create it with 'hl-ledger init')" "a missing ledger: the message"
is_out "" "a missing ledger: nothing on stdout"
is 'no' "$( [ -e "$T/nope.db" ] && echo yes || echo no)" "a missing ledger is not created"
run env HL_DB="$T/nope2.db" hl-list
is_rc 66 "a missing ledger from HL_DB: exit 66"
run hl-list --status bogus
is_rc 64 "--status unknown: usage error"
is_err "hl-list: --status: unknown status 'bogus'
Try 'hl-list --help' for more information." "--status unknown: the message"
run hl-list --kind 闲聊
is_rc 64 "--kind unknown: usage error"
is_err "hl-list: --kind: unknown kind '闲聊'
Try 'hl-list --help' for more information." "--kind unknown: the message"
run hl-list --from yesterday
is_rc 64 "--from not a time: usage error"
is_err "hl-list: --from: cannot read time 'yesterday' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)
Try 'hl-list --help' for more information." "--from not a time: the message"
run sh -c 'hl-list | head -n 1'
is 'L1' "$(jqr .id)" "hl-list | head: the first line"
is_err "" "hl-list | head: SIGPIPE is a quiet end"
ledger_ok "at the end"
done_testing
