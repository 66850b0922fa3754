#!/bin/sh
# kill -9 of hl-notify (issue 10): killed while it waits for the ledger,
# nothing is queued and nothing is lost; killed at random moments of its
# queueing and sending, then run again, every notice is delivered, and a
# notice is delivered twice only in the documented window: at most one
# message per kill, the one its channel command had taken and the run had
# not yet marked.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

N=15
D=2026-11-25
township
roads $N
hl-dispatch -q --pending --at "$D 09:00:00" --now "$D 09:00:00" >/dev/null ||
	bail "cannot dispatch"
hl-escalate --now "$D 09:31:00" >/dev/null || bail "cannot escalate"
TOTAL=$((5 * N))        # 2 new work orders and 3 late notices a ticket

# A channel command that logs the outbox ids it is given, slowly.
mkdir bin
cat >bin/slow <<EOF
#!/bin/sh
cat >/dev/null
sleep 0.02
echo "\$HL_OUTBOX" >>"$T/sent.log"
EOF
chmod 755 bin/slow
: >sent.log

# ---- killed while waiting for the ledger: nothing queued ----
rm -f held
( flock 9 && : >held && exec sleep 30 ) 9>"$HL_DB.lock" &
holder=$!
n=0
while [ ! -e held ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n + 1)); done
hl-notify --now "$D 09:31:00" --via "$T/bin/slow" </dev/null 2>w.err &
victim=$!
sleep 0.3
kill -9 "$victim"
wait "$victim" 2>/dev/null
kill "$holder"
wait "$holder" 2>/dev/null
is "0|$N|" "$(sql "SELECT count(*) FROM outbox")|$(sql "SELECT count(*) FROM
    escalations WHERE notified_at IS NULL")|$(cat sent.log)" \
    "killed while waiting for the ledger: nothing queued, nothing marked, nothing sent"

# ---- killed at random moments, then run again ----
kills=0
while [ $kills -lt 8 ]; do
	hl-notify --now "$D 09:31:00" --via "$T/bin/slow" </dev/null \
	    >/dev/null 2>>k.err &
	victim=$!
	sleep "$(awk -v s=$kills 'BEGIN { srand(); printf "%.3f", (rand() + s) / 16 }')"
	kill -9 "$victim" 2>/dev/null && kills=$((kills + 1))
	wait "$victim" 2>/dev/null
done
sleep 0.1       # what the last killed run's command is still doing
before=$(wc -l <sent.log | tr -d ' ')
diag "killed $kills times; $before messages sent meanwhile; $(sql "SELECT count(*)
    FROM outbox") notices queued, $(sql "SELECT count(*) FROM outbox WHERE
    sent_at IS NOT NULL") marked sent"
run hl-notify --now "$D 09:31:00" --via "$T/bin/slow" </dev/null
is "0|" "$rc|$(cat "$ERR")" "the run after the kills: exit 0, silent"
is "$TOTAL" "$(sql "SELECT count(*) FROM outbox")" "every notice queued: $TOTAL"
is "$TOTAL" "$(sql "SELECT count(DISTINCT key) FROM outbox")" "each notice once"
is "0" "$(sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL")" \
    "every notice marked sent"
is "0" "$(sql "SELECT count(*) FROM escalations WHERE notified_at IS NULL")" \
    "every escalation marked notified"
tr ' ' '\n' <sent.log | sort -n >sent.ids
is "$(sql "SELECT id FROM outbox ORDER BY id")" "$(uniq sent.ids)" \
    "nothing lost: every notice delivered"
extra=$(($(wc -l <sent.ids) - $(uniq sent.ids | wc -l)))
diag "delivered again after a kill: $extra"
if [ "$extra" -le "$kills" ]; then
	ok "delivered twice only in the window: $extra extra, at most one a kill ($kills)"
else
	not_ok "delivered twice only in the window: $extra extra for $kills kills"
	uniq -c sent.ids | awk '$1 > 1' | head | sed 's/^/# /'
fi
is "" "$(cat k.err)" "the killed runs said nothing"
run hl-notify --now "$D 09:40:00" --via "$T/bin/slow" </dev/null
is "0||$(wc -l <sent.log | tr -d ' ')" "$rc|$(cat "$ERR")|$(($(wc -l <sent.log) + 0))" \
    "another run: nothing more"
run hl-ledger check
is_rc 0 "hl-ledger check passes afterwards"

done_testing
