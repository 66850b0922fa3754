#!/bin/sh
# The history hl-dispatch and hl-update write: one row per event in the
# events table, in the order recorded (seq), with when it happened (at,
# from --at), when it was recorded (recorded_at, now), who did it (actor,
# from --by), the system user that ran the program (os_user), the program
# and its version, and the event's details.  It is append-only: sqlite3
# cannot change or delete it; hl-ledger check recomputes every ticket's
# state from it and passes.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

me=$(id -un)
export HL_NOW=2026-11-26T12:00:00+08:00
township
take <<'END'
{"id":"H1","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
END

must hl-dispatch --by 陈静 --at 2026-11-25T09:00:00+08:00 H1
must hl-update --now 2026-11-25T09:12:00+08:00 --by 刘洋 --at 2026-11-25T09:10:00+08:00 H1 respond
must hl-update --by 林芳 --at 2026-11-25T09:40:00+08:00 H1 verify --verdict genuine
must hl-update --by 刘洋 --at 2026-11-25T10:30:00+08:00 H1 plan --eta 2026-11-27T18:00:00+08:00
must hl-update --by 刘洋 --at 2026-11-25T10:40:00+08:00 H1 reply --via phone
must hl-update --by 张建国 --at 2026-11-25T11:00:00+08:00 H1 instruct --note 阅，请抓紧
must hl-update --by 刘洋 --at 2026-11-25T11:30:00+08:00 H1 suspend --reason 等待测绘结果
must hl-update --by 刘洋 --at 2026-11-25T16:30:00+08:00 H1 resume
must hl-update --by 刘洋 --at 2026-11-25T17:00:00+08:00 H1 extend --until 2026-12-09 --approved-by 李卫东 --reason 需协调
must hl-update --by 刘洋 --at 2026-11-26T09:00:00+08:00 H1 resolve
must hl-update --by 王秀英 --at 2026-11-26T11:00:00+08:00 H1 visit --resolved yes --satisfaction satisfied
must hl-update --at 2026-11-26T11:30:00+08:00 H1 note --note 归档

r=$(at 2026-11-26T12:00:00+08:00)
is "1|receive|$(at 2026-11-25T08:00:00+08:00)|$r||$me|hl-intake 0.1.0|
2|dispatch|$(at 2026-11-25T09:00:00+08:00)|$r|陈静|$me|hl-dispatch 0.1.0|{\"assignments\":[{\"role\":\"primary\",\"unit\":\"国土所\",\"person\":\"刘洋\"},{\"role\":\"village\",\"unit\":\"李家村\",\"person\":\"林芳\"}],\"by_hand\":false}
3|respond|$(at 2026-11-25T09:10:00+08:00)|$(at 2026-11-25T09:12:00+08:00)|刘洋|$me|hl-update 0.1.0|
4|verify|$(at 2026-11-25T09:40:00+08:00)|$r|林芳|$me|hl-update 0.1.0|{\"verdict\":\"genuine\"}
5|plan|$(at 2026-11-25T10:30:00+08:00)|$r|刘洋|$me|hl-update 0.1.0|{\"eta\":\"2026-11-27T18:00:00+08:00\"}
6|reply|$(at 2026-11-25T10:40:00+08:00)|$r|刘洋|$me|hl-update 0.1.0|{\"via\":\"phone\"}
7|instruct|$(at 2026-11-25T11:00:00+08:00)|$r|张建国|$me|hl-update 0.1.0|{\"note\":\"阅，请抓紧\"}
8|suspend|$(at 2026-11-25T11:30:00+08:00)|$r|刘洋|$me|hl-update 0.1.0|{\"reason\":\"等待测绘结果\"}
9|resume|$(at 2026-11-25T16:30:00+08:00)|$r|刘洋|$me|hl-update 0.1.0|
10|extend|$(at 2026-11-25T17:00:00+08:00)|$r|刘洋|$me|hl-update 0.1.0|{\"reason\":\"需协调\",\"until\":\"2026-12-09T23:59:59+08:00\",\"approved_by\":\"李卫东\"}
11|resolve|$(at 2026-11-26T09:00:00+08:00)|$r|刘洋|$me|hl-update 0.1.0|
12|visit|$(at 2026-11-26T11:00:00+08:00)|$r|王秀英|$me|hl-update 0.1.0|{\"resolved\":\"yes\",\"satisfaction\":\"satisfied\"}
13|note|$(at 2026-11-26T11:30:00+08:00)|$r||$me|hl-update 0.1.0|{\"note\":\"归档\"}" \
    "$(sql "SELECT seq, event, at, recorded_at, coalesce(actor, ''), os_user, program,
                   coalesce(details, '') FROM events WHERE ticket_id = 'H1' ORDER BY seq")" \
    "every event: time, recording time, actor (--by), system user, program, details"
is "H1|visited|genuine|0|$(at 2026-11-26T09:00:00+08:00)|$(at 2026-11-26T11:00:00+08:00)|$r" \
    "$(sql "SELECT id, status, verdict, cycle, resolved_at, closed_at, updated_at FROM tickets")" \
    "the derived columns: status, verdict, cycle, resolved_at, closed_at, updated_at (last recorded)"
is '13' "$(sql "SELECT count(*) FROM events WHERE hash IS NOT NULL AND length(hash) = 64")" \
    "every event is in the hash chain"
is '12' "$(sql "SELECT count(*) FROM events e JOIN events p ON p.seq = e.seq - 1
                WHERE e.prev_hash = p.hash")" "each links to the one before"
ledger_ok "after a ticket's whole life"

# Append-only.
run sqlite3 -batch "$HL_DB" "UPDATE events SET actor = '别人' WHERE seq = 3"
like 'events are append-only' "$(cat "$ERR")" "sqlite3 cannot change an event"
run sqlite3 -batch "$HL_DB" "DELETE FROM events WHERE seq = 13"
like 'events are append-only' "$(cat "$ERR")" "sqlite3 cannot delete an event"
is '13|刘洋' "$(sql "SELECT count(*), (SELECT actor FROM events WHERE seq = 3) FROM events")" \
    "the history is unchanged"

# A refused event leaves no trace, not even a gap in seq.
before=$(state)
run hl-update --by 刘洋 H1 resolve
is_rc 65 "a refused event: exit 65"
is "$before" "$(state)" "a refused event writes nothing"
must hl-update --at 2026-11-26T11:50:00+08:00 H1 note --note 再记一笔
is '14' "$(sql "SELECT max(seq) FROM events")" "the next event takes the next number"
ledger_ok "after the refusals"

# check notices a derived column that disagrees with the history.
sql "UPDATE tickets SET status = 'resolved' WHERE id = 'H1'"
run hl-ledger check
is_rc 65 "a tampered status: check exits 65"
is_err "hl-ledger: check: ticket 'H1': stored as resolved genuine (cycle 0), its history says visited genuine (cycle 0)" \
    "check names the ticket whose stored state differs from its history"
done_testing
