#!/bin/sh
# hl-intake: batches are committed whole.  A run killed with SIGKILL in the
# middle leaves whole batches (each ticket with its receive event, a
# ledger that passes hl-ledger check, nothing printed that is not stored);
# running the same input again stores exactly the rest.
. "$(dirname "$0")/lib.sh"

N=20000
awk -v n=$N 'BEGIN {
	print "id,received_at,content,caller_phone,village,category"
	for (i = 1; i <= n; i++)
		printf "K%05d,2026-11-20 08:00:00,bulk %d,138%08d,v%d,c%d\n", i, i, i, i % 50, i % 7
}' >big.csv
is $((N + 1)) "$(wc -l <big.csv | tr -d ' ')" "generated $N tickets"

count() {
	sqlite3 -readonly "$HL_DB" 'SELECT count(*) FROM tickets' 2>/dev/null
}

hl-intake --batch 100 big.csv >killed.out 2>killed.err &
pid=$!
# Wait for the first committed batch (at most 30 s), let it go on a
# little so that the kill falls inside a later batch, then kill.
i=0 n=
while [ $i -lt 3000 ]; do
	n=$(count)
	[ "${n:-0}" -gt 0 ] && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.01
	i=$((i + 1))
done
sleep 0.2
kill -9 $pid 2>/dev/null
wait $pid 2>/dev/null
krc=$?
stored=$(count)
stored=${stored:-0}

if [ $krc = 137 ]; then
	ok "hl-intake was killed mid-way ($stored of $N stored)"
	midway=1
else
	midway=0
	if [ "${n:-0}" -gt 0 ]; then
		skip "hl-intake was killed mid-way" "it finished first (exit $krc)"
	else
		not_ok "hl-intake stored a first batch"
		diag "exit status $krc, stored $stored"
		sed 's/^/# /' killed.err
	fi
fi
if [ "$stored" -gt 0 ] && [ $((stored % 100)) = 0 ]; then
	ok "only whole batches of 100 stored ($stored)"
else
	not_ok "only whole batches of 100 stored ($stored)"
fi
if [ $midway = 1 ]; then
	if [ "$stored" -lt $N ]; then
		ok "not everything was stored before the kill"
	else
		not_ok "not everything was stored before the kill"
	fi
fi
is "$stored" "$(sql "SELECT count(*) FROM events WHERE event = 'receive'")" \
    "one receive event per stored ticket"
is 0 "$(sql "SELECT count(*) FROM tickets t WHERE NOT EXISTS (SELECT 1
    FROM events e WHERE e.ticket_id = t.id AND e.event = 'receive')")" \
    "no ticket without its receive event"
run hl-ledger check
is_rc 0 "hl-ledger check passes after the kill"
is_err "" "hl-ledger check reports nothing"

# Whatever was printed before the kill was committed.
grep -o '"id":"K[0-9]*"' killed.out | sed 's/"id":"\(.*\)"/\1/' | sort -u >printed.ids
sql 'SELECT id FROM tickets' | sort >stored.ids
is "" "$(comm -23 printed.ids stored.ids | head -n 5)" \
    "every ticket printed before the kill is in the ledger"

# Run the same input again: the rest goes in, nothing twice.
run hl-intake --batch 100 big.csv
is_rc 0 "re-run: exit 0"
is "hl-intake: $N read, $((N - stored)) new, $stored duplicate, 0 rejected" \
    "$(cat "$ERR")" "re-run: new + duplicate = $N"
is $((N - stored)) "$(wc -l <"$OUT" | tr -d ' ')" "re-run: prints only the new tickets"
is "$N|$N|$N" "$(sql "SELECT count(*), count(DISTINCT id),
    (SELECT count(*) FROM events WHERE event = 'receive') FROM tickets")" \
    "re-run: exactly $N tickets, each received once"
sql 'SELECT id FROM tickets' | sort >all.ids
jq -r .id "$OUT" | sort >new.ids
is "" "$(comm -12 new.ids stored.ids | head -n 5)" \
    "re-run: no ticket stored before is printed again"
run hl-ledger check
is_rc 0 "re-run: hl-ledger check passes"

done_testing
