#!/bin/sh
# A calendar that runs out is said, not guessed: a working-day deadline in
# a year the ledger's calendar does not cover is warned about by the
# program that computed it, hl-ledger check names the uncovered years in
# use, and hl-escalate reminds (once a day) from 30 days before the end.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

township        # the directory and the official 2026 calendar

# A consultation received on 2026-12-31 is due 1 working day later: the
# first working day of 2027, which the calendar does not know (元旦).
export HL_NOW='2026-12-31 12:00'
take <<'END'
{"id":"C1","received_at":"2026-12-31 10:00","content":"低保政策","kind":"consult","category":"政策咨询","village":"李家村"}
{"id":"C2","received_at":"2026-12-31 11:00","content":"医保政策","kind":"consult","category":"政策咨询","village":"李家村"}
END
HL_NOW='2026-12-31 12:00' run hl-dispatch C1 C2
is_rc 0 "dispatch of consultations due in 2027"
is "hl-dispatch: warning: ticket 'C1': a working-day deadline falls in 2027, which the ledger's calendar does not cover: counted on weekends alone (import 2027's holidays with hl-ledger import calendar)" \
	"$(cat "$ERR")" "the program that computed the deadline says so, once a year and run"
is "2027-01-01T23:59:59+08:00" "$(jq -r 'select(.id == "C1") | .deadlines.resolve' "$OUT")" \
	"the deadline itself is counted on weekends alone (Friday 1 January)"

HL_NOW='2026-12-31 12:00' run hl-ledger check
is_rc 0 "check: an uncovered year is not tampering"
is "hl-ledger: warning: check: open tickets have working-day deadlines in 2027, which the calendar does not cover (import 2027's holidays)" \
	"$(cat "$ERR")" "check names the uncovered year in use"

# hl-escalate: from 30 days before the calendar's last day (2026-12-31),
# the first run of each day reminds; the others are silent.
HL_NOW='2026-11-30 09:00' run hl-escalate
is "" "$(cat "$ERR")" "31 days before the end: no reminder"
HL_NOW='2026-12-01 09:00' run hl-escalate
is "hl-escalate: warning: the ledger's calendar ends on 2026-12-31: import 2027's holidays (hl-ledger import calendar) before deadlines fall there" \
	"$(cat "$ERR")" "30 days before the end: the reminder"
is_rc 0 "a reminder is not a failure"
HL_NOW='2026-12-01 09:01' run hl-escalate
is "" "$(cat "$ERR")" "the next run of the same day is silent"
HL_NOW='2026-12-01 09:02' run hl-escalate --dry-run
is "" "$(cat "$ERR")" "a dry run neither reminds nor records"
HL_NOW='2026-12-02 00:00' run hl-escalate
like "calendar ends on 2026-12-31" "$(cat "$ERR")" "the next day reminds again"
HL_NOW='2027-01-02 00:00' run hl-escalate >/dev/null
like "calendar ends on 2026-12-31, which has passed: import 2027's holidays" \
	"$(cat "$ERR")" "after the end it says the end has passed"

# Two runs at once on a new day: one reminder.
HL_NOW='2026-12-03 08:00' hl-escalate >/dev/null 2>r1 &
HL_NOW='2026-12-03 08:00' hl-escalate >/dev/null 2>r2 &
wait
is 1 "$(cat r1 r2 | grep -c 'calendar ends')" "two concurrent runs remind once"

# Importing 2027 ends it all: no warning for new deadlines, none from check.
printf 'date,workday,name\n2027-01-01,0,元旦\n2027-01-04,1,\n' >2027.csv
hl-ledger -q import calendar 2027.csv
HL_NOW='2026-12-31 12:10' take <<'END'
{"id":"C3","received_at":"2026-12-31 12:00","content":"养老政策","kind":"consult","category":"政策咨询","village":"李家村"}
END
HL_NOW='2026-12-31 12:30' run hl-dispatch C3
is "" "$(cat "$ERR")" "a covered year: no warning"
is "2027-01-04T23:59:59+08:00" "$(jq -r '.deadlines.resolve' "$OUT")" \
	"元旦 is a day off now: due on Monday the 4th"
run hl-ledger check
is "" "$(cat "$ERR")" "check: nothing uncovered in use"
HL_NOW='2026-12-05 09:00' run hl-escalate
is "" "$(cat "$ERR")" "escalate: the calendar ends on 2027-12-31, far away"

# A ledger with no calendar at all: hl-escalate says so, once a day.
export HL_DB=$T/empty.db
hl-ledger -q init
HL_NOW='2026-06-01 09:00' run hl-escalate
is "hl-escalate: warning: the ledger's calendar is empty: working days are counted on weekends alone (import the holidays: hl-ledger import calendar)" \
	"$(cat "$ERR")" "an empty calendar is reminded of"
done_testing
