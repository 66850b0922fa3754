#!/bin/sh
# hl-intake: two intakes into one ledger at the same time, with small
# batches so that their writes interleave: different files (all stored),
# the same file twice (each ticket stored once).  No errors, exact totals,
# a clean hl-ledger check.
. "$(dirname "$0")/lib.sh"

gen() {         # gen PREFIX N PHONE: a CSV of N tickets (phones differ)
	awk -v p="$1" -v n="$2" -v ph="$3" 'BEGIN {
		print "id,received_at,content,caller_phone,village,category"
		for (i = 1; i <= n; i++)
			printf "%s%05d,2026-11-20 08:00:00,%s %d,%s%07d,v%d,c%d\n", p, i, p, i, ph, i, i % 9, i % 4
	}'
}
gen A 10000 1390 >a.csv
gen B 10000 1391 >b.csv

# The ledger exists before both start (creation races are another test).
hl-intake -q </dev/null

# ---- two different files ----
hl-intake --batch 50 a.csv >a.out 2>a.err &
pa=$!
hl-intake --batch 50 b.csv >b.out 2>b.err &
pb=$!
wait $pa; ra=$?
wait $pb; rb=$?
is "0 0" "$ra $rb" "two files at once: both exit 0"
is "hl-intake: 10000 read, 10000 new, 0 duplicate, 0 rejected" "$(cat a.err)" \
    "two files at once: first summary, no error"
is "hl-intake: 10000 read, 10000 new, 0 duplicate, 0 rejected" "$(cat b.err)" \
    "two files at once: second summary, no error"
is "10000 10000" "$(wc -l <a.out | tr -d ' ') $(wc -l <b.out | tr -d ' ')" \
    "two files at once: each printed its tickets"
is "20000|10000|10000|20000|20000" "$(sql "SELECT count(*),
    sum(id LIKE 'A%'), sum(id LIKE 'B%'),
    (SELECT count(*) FROM events WHERE event = 'receive'),
    (SELECT count(*) FROM events) FROM tickets")" \
    "two files at once: 20000 tickets, 20000 receive events and no other"
diag "the two runs took turns $(sql "SELECT count(*) FROM (SELECT
    substr(ticket_id, 1, 1) c, lag(substr(ticket_id, 1, 1)) OVER (ORDER BY seq) p
    FROM events WHERE event = 'receive') WHERE c <> p") times"
is 0 "$(sql "SELECT count(*) FROM (SELECT seq, lag(seq) OVER (ORDER BY seq) p
    FROM events) WHERE p IS NOT NULL AND seq <> p + 1")" \
    "two files at once: the event history has no gaps"
run hl-ledger check
is_rc 0 "two files at once: hl-ledger check passes"
is_err "" "two files at once: hl-ledger check reports nothing"

# ---- the same file twice ----
HL_DB=$T/same.db
export HL_DB
hl-intake -q </dev/null
hl-intake --batch 50 a.csv >s1.out 2>s1.err &
p1=$!
hl-intake --batch 50 a.csv >s2.out 2>s2.err &
p2=$!
wait $p1; r1=$?
wait $p2; r2=$?
is "0 0" "$r1 $r2" "same file twice at once: both exit 0"
summary() {
	sed -n 's/^hl-intake: \([0-9]*\) read, \([0-9]*\) new, \([0-9]*\) duplicate, \([0-9]*\) rejected$/\1 \2 \3 \4/p' "$1"
}
set -- $(summary s1.err) $(summary s2.err)
if [ $# = 8 ]; then
	ok "same file twice at once: both printed a summary and nothing else"
else
	not_ok "same file twice at once: both printed a summary and nothing else"
	sed 's/^/# /' s1.err s2.err
	set -- 0 0 0 0 0 0 0 0
fi
nerr=$(cat s1.err s2.err | wc -l | tr -d " ")
is 2 "$nerr" "same file twice at once: no error messages"
is "10000 10000 10000 10000 0 0" "$1 $5 $(($2 + $6)) $(($3 + $7)) $4 $8" \
    "same file twice at once: new + new = 10000, duplicate + duplicate = 10000"
is "$(($2 + $6))" "$(cat s1.out s2.out | wc -l | tr -d ' ')" \
    "same file twice at once: each new ticket printed once"
is 10000 "$(cat s1.out s2.out | jq -r .id | sort -u | wc -l | tr -d ' ')" \
    "same file twice at once: no ticket printed by both"
is "10000|10000" "$(sql "SELECT count(*), (SELECT count(*) FROM events
    WHERE event = 'receive') FROM tickets")" \
    "same file twice at once: 10000 tickets, each received once"
run hl-ledger check
is_rc 0 "same file twice at once: hl-ledger check passes"

done_testing
