#!/bin/sh
# hl-report reads only through indexes, so that a year's ledger is no
# slower than a month's (make bench measures it): every statement every
# kind prepares, with the plan SQLite chose (HL_QUERY_PLAN), reads the
# tables that grow with the history (tickets, events, assignments,
# deadlines, escalations, outbox) by an index, or scans only the partial
# index of the open tickets.  The directory's small tables may be scanned.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell

: >plans
for k in daily instruct consult weekly monthly cases hotspots; do
	force=
	[ "$k" = daily ] && force=--force
	for asof in 2026-09-22T08:00 2026-09-28T08:00; do
		HL_QUERY_PLAN=1 run hl-report "$k" --as-of "$asof" $force
		is_rc 0 "$k --as-of $asof: exit 0"
		cat "$ERR" >>plans
	done
done
HL_QUERY_PLAN=1 run hl-report hotspots --week 2026-W39 --as-of 2026-09-28T08:00
cat "$ERR" >>plans
HL_QUERY_PLAN=1 run hl-report daily --as-of 2026-09-28T08:00 --digest
cat "$ERR" >>plans

n=$(grep -c '^plan: [A-Z]' plans)
like '^[1-9][0-9]+$' "$n" "the plans of $n statements were shown"
for index in tickets_received tickets_open tickets_done events_ticket \
    escalations_fired events_interview; do
	like "$index" "$(grep '^plan:   ' plans)" "some statement reads by $index"
done
# A full scan of a history table, by name or by the aliases the queries
# give them (t, e, a, d), other than of the open tickets' partial index.
is "" "$(grep -E '^plan:   SCAN (tickets|events|assignments|deadlines|escalations|outbox|pending_escalations|t|e|a|d)( |$)' plans |
         grep -Ev 'USING (COVERING )?INDEX tickets_open$' | sort -u)" \
    "no history table read in full"

done_testing
