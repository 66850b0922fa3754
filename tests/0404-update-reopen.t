#!/bin/sh
# hl-update visit and reopen: a satisfied visit (very_satisfied, satisfied
# or basic, with resolved yes or partly) leaves the ticket visited; an
# unsatisfied one (unsatisfied, very_unsatisfied) or resolved=no reopens
# it: dispatched again, a new cycle, new respond, reply and resolve clocks
# from the visit (resolve by the policy, not the upstream's due_at), the
# old cycle's unmet clocks dropped.  reopen does the same by hand.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-30T12:00:00+08:00
township
take <<'END'
{"id":"O1","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"O2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"O3","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"O4","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"O5","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"consult","category":"宅基地审批","village":"李家村","due_at":"2026-11-27T18:00:00+08:00"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 O1 O2 O3 O4 O5
for id in O1 O2 O3 O4 O5; do
	must hl-update --at 2026-11-25T09:10:00+08:00 "$id" respond
	must hl-update --at 2026-11-26T10:00:00+08:00 "$id" resolve
done

# ---- an unsatisfied visit reopens ----
run hl-update --by 王秀英 --at 2026-11-27T10:00:00+08:00 O1 visit --resolved yes --satisfaction unsatisfied
is_rc 0 "unsatisfied visit: exit 0"
is '"dispatched"' "$(jqo .status)" "unsatisfied: dispatched again"
# Fri 27 Nov 10:00: respond 10:30, reply 13:00; resolve 5 working days:
# Mon 30 Nov, 1, 2, 3, Fri 4 Dec.
is '{"respond":"2026-11-27T10:30:00+08:00","reply":"2026-11-27T13:00:00+08:00","resolve":"2026-12-04T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "unsatisfied: the new cycle's respond, reply and resolve clocks"
is '[{"role":"primary","unit":"国土所","person":"刘洋"},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jqo .assignments)" "the same handlers keep it"
is '1||' "$(sql "SELECT cycle, resolved_at, closed_at FROM tickets WHERE id = 'O1'")" \
    "cycle 1; resolved_at and closed_at cleared"
is '0|dispatch|5m|2026-11-25T08:05:00+08:00|2026-11-25T09:00:00+08:00|-|0
0|respond|30m|2026-11-25T09:30:00+08:00|2026-11-25T09:10:00+08:00|-|0
0|verify|60m|2026-11-25T10:00:00+08:00|2026-11-26T10:00:00+08:00|-|0
0|plan|2h|2026-11-25T11:10:00+08:00|2026-11-26T10:00:00+08:00|-|0
0|reply|3h|2026-11-25T12:00:00+08:00|2026-11-26T10:00:00+08:00|-|0
0|resolve|5wd|2026-12-02T23:59:59+08:00|2026-11-26T10:00:00+08:00|-|0
0|visit|2wd|2026-11-30T23:59:59+08:00|2026-11-27T10:00:00+08:00|-|0
1|respond|30m|2026-11-27T10:30:00+08:00|-|-|0
1|reply|3h|2026-11-27T13:00:00+08:00|-|-|0
1|resolve|5wd|2026-12-04T23:59:59+08:00|-|-|0' "$(clocks O1)" \
    "cycle 0: resolve met verify, plan and reply (late); cycle 1 starts"
refused 65 "hl-update: error: ticket 'O1': cannot visit: the ticket is not resolved" \
    "a second visit before the new resolve" hl-update O1 visit --resolved yes --satisfaction satisfied

# The second cycle, to the end.
run hl-update --at 2026-11-27T10:20:00+08:00 O1 respond
is '"responded"|"2026-11-27T12:20:00+08:00"' "$(jqo .status)|$(jqo .deadlines.plan)" \
    "cycle 1: respond again; the plan clock from it"
run hl-update --at 2026-11-30T09:00:00+08:00 O1 resolve
is '"resolved"|"2026-12-02T23:59:59+08:00"' "$(jqo .status)|$(jqo .deadlines.visit)" \
    "cycle 1: resolved; the visit 2 working days on (Tue 1, Wed 2 Dec)"
run hl-update --at 2026-11-30T10:00:00+08:00 O1 visit --resolved yes --satisfaction satisfied
is '"visited"' "$(jqo .status)" "cycle 1: a satisfied visit: visited"
is "1|$(at 2026-11-30T09:00:00+08:00)|$(at 2026-11-30T10:00:00+08:00)" \
    "$(sql "SELECT cycle, resolved_at, closed_at FROM tickets WHERE id = 'O1'")" \
    "cycle 1 stays; resolved_at and closed_at of the second cycle"

# ---- resolved=no reopens even when satisfied ----
run hl-update --at 2026-11-27T10:00:00+08:00 O2 visit --resolved no --satisfaction satisfied
is '"dispatched"|1' "$(jqo .status)|$(sql "SELECT cycle FROM tickets WHERE id = 'O2'")" \
    "resolved no (未解决): reopened, cycle 1"

# ---- partly and basic: visited ----
run hl-update --at 2026-11-27T10:00:00+08:00 O3 visit --resolved partly --satisfaction basic
is '"visited"|0' "$(jqo .status)|$(sql "SELECT cycle FROM tickets WHERE id = 'O3'")" \
    "partly and basic (基本满意): visited, no new cycle"
refused 65 "hl-update: error: ticket 'O3': cannot visit: the ticket is visited" \
    "a second visit of a visited ticket" hl-update O3 visit --resolved yes --satisfaction satisfied
refused 65 "hl-update: error: ticket 'O3': cannot respond: the ticket is visited" \
    "respond on a visited ticket" hl-update O3 respond

# ---- very unsatisfied ----
run hl-update --at 2026-11-27T10:00:00+08:00 O4 visit --resolved partly --satisfaction very_unsatisfied
is '"dispatched"|1' "$(jqo .status)|$(sql "SELECT cycle FROM tickets WHERE id = 'O4'")" \
    "very_unsatisfied: reopened"

# ---- reopen by hand; the upstream's due_at was the first cycle's ----
must hl-update --at 2026-11-26T11:00:00+08:00 O5 visit --resolved yes --satisfaction very_satisfied
run hl-update --by 陈静 --at 2026-11-27T15:00:00+08:00 O5 reopen --reason 来电人再次反映
is_rc 0 "reopen of a visited ticket: exit 0"
is '"dispatched"' "$(jqo .status)" "reopen: dispatched"
# consult: 1 working day from Fri 27 Nov: Mon 30 Nov.
is '{"respond":"2026-11-27T15:30:00+08:00","reply":"2026-11-27T18:00:00+08:00","resolve":"2026-11-30T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "reopen: the policy's limit (consult: 1 wd), not the upstream due_at"
is '0|resolve|due|2026-11-27T18:00:00+08:00
1|resolve|1wd|2026-11-30T23:59:59+08:00' \
    "$(clocks O5 | awk -F'|' '$2 == "resolve" { print $1 "|" $2 "|" $3 "|" $4 }')" \
    "the first cycle kept the upstream's limit"

ledger_ok "after visits and reopenings"
done_testing
