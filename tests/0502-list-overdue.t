#!/bin/sh
# hl-list --overdue: open tickets with a running clock (not met, not
# paused) of the current cycle whose deadline is before now (--now or
# HL_NOW).  A deadline is not passed at its very second, only after it.
# Visited, closed and rejected tickets are never overdue; a suspended one
# is not either; a met clock does not count however late it was.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

township
take <<'END'
{"id":"D2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"D3","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"D4","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"D5","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全","village":"王庄村"}
{"id":"D6","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"D8","received_at":"2026-11-25T11:40:00+08:00","content":"x","kind":"complaint","category":"道路交通安全","village":"王庄村"}
{"id":"D1","received_at":"2026-11-25T11:58:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
END
# D2: everything met but the follow-up (reply 09:40 + 7 days) and resolve.
must hl-dispatch --at 2026-11-25T09:00:00+08:00 D2 D3 D4 D5 D6
must hl-update --at 2026-11-25T09:20:00+08:00 D2 respond
must hl-update --at 2026-11-25T09:25:00+08:00 D2 verify --verdict genuine
must hl-update --at 2026-11-25T09:30:00+08:00 D2 plan
must hl-update --at 2026-11-25T09:40:00+08:00 D2 reply --via phone
# D3 visited; D6 closed; D4 suspended (all its clocks long past due).
must hl-update --at 2026-11-25T09:20:00+08:00 D3 resolve
must hl-update --at 2026-11-25T09:30:00+08:00 D3 visit --resolved yes --satisfaction satisfied
must hl-update --at 2026-11-25T09:20:00+08:00 D6 verify --verdict malicious
must hl-update --at 2026-11-25T09:20:00+08:00 D4 suspend --reason 等待
# D5 resolved Wed 25 Nov: its visit is due Fri 27 Nov 23:59:59.  Its
# respond clock was met late (10:00, due 09:30), which does not count.
must hl-update --at 2026-11-25T10:00:00+08:00 D5 respond
must hl-update --at 2026-11-25T10:05:00+08:00 D5 verify --verdict genuine
must hl-update --at 2026-11-25T10:10:00+08:00 D5 plan
must hl-update --at 2026-11-25T10:12:00+08:00 D5 reply --via visit
must hl-update --at 2026-11-25T10:15:00+08:00 D5 resolve
# D8 dispatched 11:50: respond due 12:20.  D1 never dispatched: due 12:03.
must hl-dispatch --at 2026-11-25T11:50:00+08:00 D8

over() {
	run hl-list --overdue --now "$1"
	jqr .id | paste -sd' ' -
}
is '' "$(over 2026-11-25T12:03:00+08:00)" "12:03:00: nothing overdue (D1's dispatch is due at that very second)"
is_rc 0 "--overdue with nothing: exit 0"
is 'D1' "$(over 2026-11-25T12:03:01+08:00)" "12:03:01: the undispatched D1"
is 'D1' "$(over 2026-11-25T12:20:00+08:00)" "12:20:00: D8's respond not yet"
is 'D8 D1' "$(over 2026-11-25T12:20:01+08:00)" "12:20:01: D8 too, oldest first"
is 'D8 D1' "$(over 2026-11-27T23:59:59+08:00)" "Fri 27 Nov 23:59:59: D5's visit not yet"
is 'D5 D8 D1' "$(over 2026-11-28T00:00:00+08:00)" "Sat 28 Nov 00:00: D5's visit is late"
is 'D5 D8 D1' "$(over 2026-12-02T09:40:00+08:00)" "2 Dec 09:40: D2's follow-up due now, not late"
is 'D2 D5 D8 D1' "$(over 2026-12-02T09:40:01+08:00)" "2 Dec 09:40:01: D2's follow-up late"
is 'D2 D5 D8 D1' "$(over 2027-06-01T00:00:00+08:00)" \
    "months later: never the visited, the closed or the suspended"
run env HL_NOW=2026-11-25T12:03:01+08:00 hl-list --overdue
is 'D1' "$(jqr .id)" "HL_NOW is now without --now"
run hl-list --overdue --now 2026-11-28T00:00:00+08:00 --status resolved
is 'D5' "$(jqr .id)" "--overdue and --status"
run hl-list --overdue --now 2026-11-28T00:00:00+08:00 --unit 交通安全站
is 'D5 D8' "$(jqr .id | paste -sd' ' -)" "--overdue and --unit"
run hl-list --overdue --now 2026-12-02T09:40:01+08:00 --village 李家村 --village 东村
is 'D2 D1' "$(jqr .id | paste -sd' ' -)" "--overdue and --village twice"
run hl-list --now 2026-12-02T09:40:01+08:00 --open
is 'D2 D4 D5 D8 D1' "$(jqr .id | paste -sd' ' -)" "--open lists the suspended one too"

# Resumed, D4's clocks run again, moved by the pause.
must hl-update --at 2026-11-25T11:20:00+08:00 D4 resume
is 'D4' "$(over 2026-11-25T12:00:00+08:00)" "resumed: D4's respond (09:30 + 2 h paused = 11:30) is late"
ledger_ok "after the overdue scenarios"

# D9 is resolved without a reply (due 12:00).  Once resolved, hl-update
# refuses a reply ("the ticket is resolved"), so the reply clock can never
# be met: like the follow-up, it must stop at the resolve rather than keep
# the ticket overdue until the visit.
HL_DB=$T/d9.db
township
take <<'END'
{"id":"D9","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"农村土地流转","village":"张湾村"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 D9
must hl-update --at 2026-11-25T09:10:00+08:00 D9 respond
must hl-update --at 2026-11-25T09:20:00+08:00 D9 verify --verdict genuine
must hl-update --at 2026-11-25T09:30:00+08:00 D9 plan
must hl-update --at 2026-11-25T10:00:00+08:00 D9 resolve
refused 65 "hl-update: error: ticket 'D9': cannot reply: the ticket is resolved" \
    "a reply after the resolve is refused" hl-update --at 2026-11-25T10:30:00+08:00 D9 reply --via phone
run hl-list --overdue --now 2026-11-25T12:20:01+08:00 D9
is '' "$(jqr .id)" "a resolved ticket is not overdue for a reply it can no longer record"

ledger_ok "after D9"
done_testing
