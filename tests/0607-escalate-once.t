#!/bin/sh
# hl-escalate: each escalation exactly once (spec/DOMAIN.md "Each rule fires
# at most once per ticket and stage, however often the check runs";
# spec/PRACTICE.md: the claim is an INSERT ... ON CONFLICT DO NOTHING
# RETURNING inside BEGIN IMMEDIATE, the records are printed after the
# commit).  The same run twice; 8 runs at the same moment; a run killed
# with SIGKILL while it waits for the lock and while it holds it.
#
# 300 tickets dispatched at 09:00 to 交通安全站 for 王庄村 (a complete
# directory: no warnings), each by its own phone (no repeat calls).  At
# 09:50:00 each has two firings due: late-respond (due 09:30) and
# warn-verify (80% of 60m: 09:48); nothing else (warn-reply is at 11:24).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

N=300
D=2026-11-25
township
awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++) printf "{\"id\":\"K%03d\",\"received_at\":\"2026-11-25 08:58:00\",\"content\":\"路灯不亮 %d\",\"kind\":\"complaint\",\"category\":\"道路交通安全\",\"village\":\"王庄村\",\"caller\":{\"phone\":\"139%08d\"}}\n", i, i, i }' \
    >k.ndjson
hl-intake -q --now "$D 08:58:00" k.ndjson >/dev/null 2>"$T/.setup" ||
	bail "cannot take in k.ndjson: $(cat "$T/.setup")"
hl-dispatch -q --pending --at "$D 09:00:00" --now "$D 09:00:00" >/dev/null \
    2>"$T/.setup" || bail "cannot dispatch: $(cat "$T/.setup")"
# Fresh copies of this ledger for each part (the backup API, never cp).
for c in twice conc lockwait killed; do
	hl-ledger backup "$T/$c.db" 2>"$T/.setup" ||
		bail "cannot back up: $(cat "$T/.setup")"
done

# expected: the 2N keys "TICKET RULE", sorted
awk -v n=$N 'BEGIN { for (i = 1; i <= n; i++) {
	printf "K%03d late-respond\n", i; printf "K%03d warn-verify\n", i } }' |
    sort >expected.keys
keys() {        # keys FILE...: "TICKET RULE" of the records, sorted
	cat "$@" | jq -r '"\(.ticket.id) \(.rule)"' | sort
}
table_keys() {
	sql "SELECT ticket_id || ' ' || rule FROM escalations" | sort
}

# ---- the same run twice ----
HL_DB=$T/twice.db
esc "$D 09:50:00"
is_rc 0 "twice: the first run exits 0"
is_err "" "twice: the first run says nothing on stderr"
is "$(cat expected.keys)" "$(keys "$OUT")" \
    "twice: the first run prints late-respond and warn-verify of each ticket"
is $((2 * N)) "$(count)" "twice: $((2 * N)) rows in escalations"
esc "$D 09:50:00"
is_rc 0 "twice: the second run exits 0"
is_out "" "twice: the second run prints nothing"
is_err "" "twice: the second run says nothing on stderr"
is $((2 * N)) "$(count)" "twice: still $((2 * N)) rows"
esc "$D 10:00:01"
is "$N late-verify" "$(jq -r .rule "$OUT" | sort | uniq -c | awk '{print $1, $2}')" \
    "twice: a later run fires only what came due since (late-verify)"
is $((3 * N)) "$(count)" "twice: $((3 * N)) rows"

# ---- 8 runs at the same moment ----
HL_DB=$T/conc.db
i=1
pids=
while [ $i -le 8 ]; do
	hl-escalate --now "$D 09:50:00" >c$i.out 2>c$i.err &
	pids="$pids $!"
	i=$((i + 1))
done
rcs=
for p in $pids; do
	wait "$p"
	rcs="$rcs $?"
done
is " 0 0 0 0 0 0 0 0" "$rcs" "8 at once: all exit 0"
is "" "$(cat c1.err c2.err c3.err c4.err c5.err c6.err c7.err c8.err)" \
    "8 at once: nothing on stderr"
is $((2 * N)) "$(cat c[1-8].out | wc -l | tr -d ' ')" \
    "8 at once: $((2 * N)) records printed in all"
is "$(cat expected.keys)" "$(keys c[1-8].out)" \
    "8 at once: each escalation printed exactly once"
is "$(cat c[1-8].out | wc -l | tr -d ' ')" \
    "$(cat c[1-8].out | jq -c . | wc -l | tr -d ' ')" \
    "8 at once: every line parses with jq"
is $((2 * N)) "$(count)" "8 at once: $((2 * N)) rows in escalations"
is "$(cat expected.keys)" "$(table_keys)" "8 at once: the table holds each key once"
diag "8 at once: records per run:$(for i in 1 2 3 4 5 6 7 8; do
	printf ' %s' "$(wc -l <c$i.out | tr -d ' ')"; done)"

# ---- killed while it waits for the ledger's write lock ----
HL_DB=$T/lockwait.db
fires "$D 08:58:30" "" "lock: a first run at 08:58:30 fires nothing"
rm -f held
( flock 9 && : >held && exec sleep 30 ) 9>"$HL_DB.lock" &
holder=$!
n=0
while [ ! -e held ] && [ $n -lt 500 ]; do sleep 0.01; n=$((n + 1)); done
hl-escalate --now "$D 09:50:00" >w.out 2>w.err &
victim=$!
sleep 0.3
if kill -0 "$victim" 2>/dev/null; then
	ok "lock: the run waits while another process holds the lock"
else
	not_ok "lock: the run waits while another process holds the lock"
	sed 's/^/# /' w.err
fi
kill -9 "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
is "0|" "$(count)|$(cat w.out)" "lock: killed while waiting: nothing claimed, nothing printed"
# Still locked: a run that waits longer than HL_BUSY_TIMEOUT gives up with
# EX_TEMPFAIL; a dry run only reads and does not wait.
HL_BUSY_TIMEOUT=1 esc "$D 09:50:00"
is "75||hl-escalate: ledger '$HL_DB' is locked by another process; try again later" \
    "$rc|$(cat "$OUT")|$(cat "$ERR")" \
    "lock: held past HL_BUSY_TIMEOUT: exit 75, one message, nothing printed"
is 0 "$(count)" "lock: gave up: nothing claimed"
esc "$D 09:50:00" --dry-run
is "0|$((2 * N))|" "$rc|$(wc -l <"$OUT" | tr -d ' ')|$(cat "$ERR")" \
    "lock: a dry run does not wait for the write lock"
kill "$holder" 2>/dev/null
wait "$holder" 2>/dev/null
esc "$D 09:50:00"
is_rc 0 "lock: the next run exits 0"
is "$(cat expected.keys)" "$(keys "$OUT")" "lock: the next run fires everything due, once"
is "$(cat expected.keys)" "$(table_keys)" "lock: the table holds each key once"

# ---- killed while it holds the lock (inside its transaction) ----
HL_DB=$T/killed.db
fires "$D 08:58:30" "" "kill: a first run at 08:58:30 fires nothing"
hl-escalate --now "$D 09:50:00" >k1.out 2>k1.err &
victim=$!
# Wait until the run holds the write lock: it claims inside it.
while kill -0 "$victim" 2>/dev/null && flock -n "$HL_DB.lock" true; do :; done
kill -9 "$victim" 2>/dev/null
wait "$victim" 2>/dev/null
n1=$(count)
case $n1 in
0)	ok "kill: killed in the claim: nothing claimed (all or nothing)"
	is "" "$(cat k1.out)" "kill: nothing printed that is not claimed" ;;
$((2 * N)))
	ok "kill: the run committed before the kill: all claimed (all or nothing)"
	skip "kill: nothing printed that is not claimed" "the run got past its commit" ;;
*)	not_ok "kill: all or nothing: $n1 rows after the kill"
	skip "kill: nothing printed that is not claimed" "see above" ;;
esac
esc "$D 09:50:00"
is_rc 0 "kill: the next run exits 0"
is_err "" "kill: the next run says nothing on stderr"
is "$(cat expected.keys)" "$(keys k1.out "$OUT")" \
    "kill: every due escalation printed once over both runs"
is "$(cat expected.keys)" "$(table_keys)" "kill: the table holds each key once"
esc "$D 09:50:00"
is "0|" "$rc|$(cat "$OUT" "$ERR")" "kill: a third run: exit 0, silent"
run hl-ledger check
is_rc 0 "kill: hl-ledger check passes afterwards"

done_testing
