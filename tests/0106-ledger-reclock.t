#!/bin/sh
# 0106 - importing a policy or a calendar moves the clocks of open tickets
# at once (in the same transaction), and leaves closed tickets' clocks as
# they were handled.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

township
take <<'END'
{"id":"O1","received_at":"2026-11-23 09:00","content":"道路破损","category":"道路交通安全","village":"李家村"}
{"id":"C1","received_at":"2026-11-23 09:00","content":"malicious","category":"道路交通安全","village":"李家村"}
END
HL_NOW=2026-11-23T09:03:00+08:00 hl-dispatch -q O1 C1 >/dev/null
HL_NOW=2026-11-23T09:20:00+08:00 hl-update -q C1 verify --verdict malicious
due() { sql "SELECT stage || ' ' || datetime(due_at, 'unixepoch', 'localtime')
             FROM deadlines WHERE ticket_id = '$1' AND stage IN ('respond',
             'resolve') ORDER BY stage"; }
# Monday 23 November 2026: 5 working days -> Monday 30th, end of day;
# respond 30 minutes after the 09:03 dispatch.
is "resolve 2026-11-30 23:59:59
respond 2026-11-23 09:33:00" "$(due O1)" "before: the built-in limits"
before_c1=$(sql "SELECT group_concat(stage || due_at) FROM deadlines WHERE ticket_id = 'C1'")
events=$(sql "SELECT count(*) FROM events")

printf 'stage,scope,limit\nrespond,*,1h\nresolve,*,3wd\n' >policy.csv
run hl-ledger import policy policy.csv
is_rc 0 "import a policy"
# 3 working days from Monday: Thursday 26th; respond 60 minutes.
is "resolve 2026-11-26 23:59:59
respond 2026-11-23 10:03:00" "$(due O1)" "an open ticket follows the new policy at once"
is "$before_c1" "$(sql "SELECT group_concat(stage || due_at) FROM deadlines WHERE ticket_id = 'C1'")" \
    "a closed ticket keeps its clocks"
is "$events" "$(sql "SELECT count(*) FROM events")" \
    "no event is recorded for the new clocks"

# A calendar making Tuesday 24th and Wednesday 25th days off: the 3
# working days after Monday 23rd are now Thursday 26th, Friday 27th and
# Monday 30th.
printf 'date,workday\n2026-11-24,0\n2026-11-25,0\n' >cal.csv
run hl-ledger import calendar cal.csv
is_rc 0 "import a calendar"
is "resolve 2026-11-30 23:59:59" "$(due O1 | grep resolve)" \
    "the new days off move the working-day clock"
run hl-ledger check
is_rc 0 "check: the stored clocks are the derived ones"
done_testing
