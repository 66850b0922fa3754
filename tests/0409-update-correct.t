#!/bin/sh
# hl-update correct --event N --reason TEXT: answers a wrong earlier event
# of the ticket; the history is never edited, the event answered is left
# out of the replay (hl-show marks it 已更正).  N must name an event of that
# ticket: an event number that does not exist, or one of another ticket,
# is bad input (65, nothing written), not an internal error and not a
# correction that silently corrects nothing.  The receive event is the
# ticket itself and cannot be corrected away.  A correction that is itself
# answered no longer counts.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-26T12:00:00+08:00
township
take <<'END'
{"id":"C1","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"report","category":"宅基地审批","village":"李家村"}
{"id":"C2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"report","category":"宅基地审批","village":"李家村"}
{"id":"C3","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"report","category":"宅基地审批","village":"李家村"}
END
# events 1-3 receive C1-C3; 4-6 dispatch them
must hl-dispatch --at 2026-11-25T09:00:00+08:00 C1 C2 C3
must hl-update --at 2026-11-25T09:10:00+08:00 C1 respond                    # 7
must hl-update --at 2026-11-25T09:20:00+08:00 C1 verify --verdict malicious # 8
is 'closed' "$(sql "SELECT status FROM tickets WHERE id = 'C1'")" "setup: C1 closed as malicious"

# ---- a wrong verdict answered ----
run hl-update --by 刘洋 --at 2026-11-25T09:30:00+08:00 C1 correct --event 8 --reason 误判为恶意举报
is_rc 0 "correct: exit 0"
is '"responded"|null' "$(jqo .status)|$(jqo .verdict)" "the malicious verdict no longer counts: responded, no verdict"
is '{"dispatch":"2026-11-25T08:05:00+08:00","respond":"2026-11-25T09:30:00+08:00","verify":"2026-11-25T10:00:00+08:00","plan":"2026-11-25T11:10:00+08:00","reply":"2026-11-25T12:00:00+08:00","resolve":"2026-12-02T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "the clocks the verdict had stopped run again"
is '9|correct|8|{"reason":"误判为恶意举报"}' \
    "$(sql "SELECT seq, event, corrects, details FROM events ORDER BY seq DESC LIMIT 1")" \
    "the correction is an event of its own; event 8 is still there"
run hl-update --at 2026-11-25T09:40:00+08:00 C1 verify --verdict genuine
is '"verified"|"genuine"' "$(jqo .status)|$(jqo .verdict)" "the right verdict can now be recorded"
run hl-show C1
like '核实（已更正）' "$(cat "$OUT")" "hl-show marks the answered event"
ledger_ok "after a correction"

# ---- what cannot be corrected ----
refused 65 "hl-update: error: event 'correct' needs 'corrects'" \
    "correct without --event" hl-update C2 correct --reason x
run hl-update C2 correct --event 99 --reason 没有这个事件
is_rc 65 "an event number that does not exist: exit 65 (bad input, not an internal error)"
like "^hl-update: error: ticket 'C2': " "$(cat "$ERR")" "an event number that does not exist: named as the ticket's error"
before=$(state)
run hl-update C2 correct --event 7 --reason 别的工单的事件
is_rc 65 "an event of another ticket (7 is C1's respond): exit 65"
like "^hl-update: error: ticket 'C2': " "$(cat "$ERR")" "an event of another ticket: named"
is "$before" "$(state)" "an event of another ticket: nothing written"
before=$(state)
run hl-update C3 correct --event 3 --reason 撤销受理
is_rc 65 "the receive event (3, C3's own): exit 65"
is "$before" "$(state)" "the receive event: nothing written"
is '"2026-11-25T08:05:00+08:00"|"2026-12-02T23:59:59+08:00"' \
    "$(hl-list C3 | jq -c '.deadlines.dispatch, .deadlines.resolve' | paste -sd'|')" \
    "C3 keeps its dispatch and resolve clocks"

# ---- a correction answered ----
must hl-update --at 2026-11-25T09:10:00+08:00 C2 respond     # resolve it, then
must hl-update --at 2026-11-25T09:20:00+08:00 C2 resolve
n=$(sql "SELECT max(seq) FROM events")
must hl-update --at 2026-11-25T09:30:00+08:00 C2 correct --event "$n" --reason 误点办结
is 'responded' "$(sql "SELECT status FROM tickets WHERE id = 'C2'")" "the resolve answered: responded"
run hl-update --at 2026-11-25T09:40:00+08:00 C2 correct --event $((n + 1)) --reason 其实已办结
is_rc 0 "correcting the correction: exit 0"
is '"resolved"' "$(jqo .status)" "the correction answered: the resolve counts again"
ledger_ok "after the corrections"
done_testing
