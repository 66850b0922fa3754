#!/bin/sh
# hl-dispatch's inputs: ids as arguments, ticket lines (NDJSON) on standard
# input or "-" (so that `hl-intake x.csv | hl-dispatch | jq` works end to
# end), and --pending: every received ticket in the ledger, oldest first,
# and nothing else.  Bad input lines are named by line number; the good
# ones are dispatched; exit 65.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

# ---- the pipeline, end to end ----
township
cat >orders.csv <<'END'
工单编号,受理时间,诉求类型,问题分类,所属村,来电人,联系电话,诉求内容
GD1,2026-11-25 09:00:00,投诉,道路交通安全,王庄村,王小梅,13912340002,村口无减速带
GD2,2026-11-25 09:30:00,咨询,环境卫生,东村,赵大,13912340003,垃圾清运
GD3,2026/11/25 10:05,求助,农村土地流转,张湾村,张老汉,13912340004,租金未付
END
run sh -c '(hl-intake -q orders.csv; echo "hl-intake $?" >>status) |
    (hl-dispatch --by 陈静; echo "hl-dispatch $?" >>status) |
    jq -c "[.id, .status, .assignments[0].unit, .deadlines.respond]"'
is '["GD1","dispatched","交通安全站","2026-11-25T12:30:00+08:00"]
["GD3","dispatched","农业站","2026-11-25T12:30:00+08:00"]' "$(cat "$OUT")" \
    "hl-intake | hl-dispatch | jq: the routable dispatched at now, respond 30 minutes later"
is_err "hl-dispatch: error (at <stdin>:2): ticket 'GD2': cannot route: no station owns category '环境卫生' and village '东村' is not in the directory (use --to UNIT)" \
    "the unroutable one is named by its line on stdin"
is 'hl-dispatch 65
hl-intake 0' "$(sort status)" \
    "exit statuses in the pipeline: hl-intake 0, hl-dispatch 65 for the unroutable ticket"
is 'GD1|dispatched|陈静
GD2|received|
GD3|dispatched|陈静' \
    "$(sql "SELECT t.id, t.status, coalesce(e.actor, '') FROM tickets t
            LEFT JOIN events e ON e.ticket_id = t.id AND e.event = 'dispatch' ORDER BY t.id")" \
    "in the ledger: two dispatched by 陈静, one received"

# Ticket lines as hl-list prints them work as well, and so does "-".
run sh -c 'hl-list --status received | hl-dispatch --to 农业站 -'
is_rc 0 "hl-list | hl-dispatch --to UNIT -: exit 0"
is 'GD2 dispatched 农业站' "$(jqr '[.id, .status, .assignments[0].unit] | join(" ")')" \
    "a ticket line from hl-list is dispatched by hand"
ledger_ok "after the pipeline"

# ---- bad lines on standard input ----
HL_DB=$T/lines.db
township
take <<'END'
{"id":"L1","received_at":"2026-11-25T08:00:00+08:00","content":"x","category":"宅基地审批","village":"李家村"}
{"id":"L2","received_at":"2026-11-25T08:00:00+08:00","content":"x","category":"道路交通安全","village":"王庄村"}
{"id":"L3","received_at":"2026-11-25T08:00:00+08:00","content":"x","category":"农村土地流转","village":"张湾村"}
END
cat >lines.ndjson <<'END'
{"id":"L1"}
{"ticket":"L2"}
not json
{"id":"NOPE"}
{"id":"L3","status":"received"}
[1]
{"id":"L1"}
END
run hl-dispatch --at 2026-11-25T09:00:00+08:00 <lines.ndjson
is_rc 65 "bad lines: exit 65"
is "hl-dispatch: error (at <stdin>:2): missing field 'id'
hl-dispatch: error (at <stdin>:3): invalid JSON at column 3: '[' or '{' expected
hl-dispatch: error (at <stdin>:4): unknown ticket 'NOPE'
hl-dispatch: error (at <stdin>:6): expected a JSON object
hl-dispatch: error (at <stdin>:7): ticket 'L1' is already dispatched (to transfer it, give --to UNIT and --reason TEXT)" \
    "$(cat "$ERR")" "each bad line named by its number"
is 'L1
L3' "$(jqr .id)" "the good lines are dispatched and printed"
is 'L1|dispatched
L2|received
L3|dispatched' "$(sql "SELECT id, status FROM tickets ORDER BY id")" "the ledger agrees"

# ---- ids as arguments ----
run hl-dispatch --at 2026-11-25T09:00:00+08:00 NOPE L2 L1
is_rc 65 "ids: an unknown and an already dispatched id give 65"
is "hl-dispatch: error: unknown ticket 'NOPE'
hl-dispatch: error: ticket 'L1' is already dispatched (to transfer it, give --to UNIT and --reason TEXT)" \
    "$(cat "$ERR")" "ids: the bad ones named"
is 'L2' "$(jqr .id)" "ids: the good one after a bad one is still dispatched"
ledger_ok "after bad lines and ids"

# ---- --pending ----
HL_DB=$T/pending.db
township
take <<'END'
{"id":"P1","received_at":"2026-11-25T09:00:00+08:00","content":"x","category":"宅基地审批","village":"李家村"}
{"id":"P2","received_at":"2026-11-25T09:00:00+08:00","content":"x","category":"道路交通安全","village":"王庄村"}
{"id":"P3","received_at":"2026-11-25T08:00:00+08:00","content":"x","category":"农村土地流转","village":"张湾村"}
{"id":"P4","received_at":"2026-11-25T07:00:00+08:00","content":"x","category":"宅基地审批","village":"李家村"}
{"id":"P5","received_at":"2026-11-25T07:30:00+08:00","content":"x","category":"环境卫生","village":"东村"}
{"id":"P0","received_at":"2026-11-24T07:30:00+08:00","content":"x","category":"政策咨询","village":"李家村"}
END
must hl-dispatch --at 2026-11-25T07:10:00+08:00 P4
must hl-dispatch --at 2026-11-25T07:10:00+08:00 P0
must hl-update --at 2026-11-25T07:20:00+08:00 P0 respond
before_p4=$(sql "SELECT * FROM events WHERE ticket_id IN ('P0', 'P4') ORDER BY seq")
run hl-dispatch --pending --at 2026-11-25T10:00:00+08:00
is_rc 65 "--pending with an unroutable ticket: exit 65"
is 'P3
P1
P2' "$(jqr .id)" "--pending: only received tickets, oldest first (same time: by id)"
is_err "hl-dispatch: error: ticket 'P5': cannot route: no station owns category '环境卫生' and village '东村' is not in the directory (use --to UNIT)" \
    "--pending names the one it cannot route"
is "$before_p4" "$(sql "SELECT * FROM events WHERE ticket_id IN ('P0', 'P4') ORDER BY seq")" \
    "--pending leaves dispatched and responded tickets alone"
is 'P5' "$(sql "SELECT id FROM tickets WHERE status = 'received'")" "only the unroutable stays received"

run hl-dispatch -p --to 信访办
is_rc 0 "--pending --to UNIT: exit 0"
is 'P5 信访办 钱进' "$(jqr '[.id, .assignments[0].unit, .assignments[0].person] | join(" ")')" \
    "--pending --to: the last received ticket, by hand"
run hl-dispatch --pending
is_rc 0 "--pending with nothing received: exit 0"
is_out "" "--pending with nothing received: no output"
is_err "" "--pending with nothing received: silent"

run hl-dispatch --pending P1
is_rc 64 "--pending with ids: usage error"
is_err "hl-dispatch: --pending takes no ids
Try 'hl-dispatch --help' for more information." "--pending with ids: the message"
run hl-dispatch --at yesterday P1
is_rc 64 "--at that is not a time: usage error"
is_err "hl-dispatch: --at: cannot read time 'yesterday' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)
Try 'hl-dispatch --help' for more information." "--at that is not a time: the message"
ledger_ok "after --pending"

done_testing
