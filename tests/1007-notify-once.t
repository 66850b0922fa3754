#!/bin/sh
# Every notice reaches its person once (issue 10): the ledger is the source
# of truth, not a pipe.  hl-escalate run with its output closed (cron)
# loses nothing: hl-notify with no input delivers what it claimed.  A
# notice that arrives both ways (hl-escalate | hl-notify, which also sweeps
# the ledger) is sent once; so are the new assignments of hl-dispatch |
# hl-notify; four hl-notify at once deliver each notice exactly once; a
# record of hl-escalate --dry-run matches no ledger row and is refused (a
# dry run of hl-notify shows it); a ticket not yet dispatched is said to
# have nobody to tell.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

N=20
D=2026-11-25
township
# N tickets of 王庄村's roads: 交通安全站 (黄磊) and the committee (何勇),
# received 08:58, dispatched 09:00.  At 09:31 each has late-respond due, to
# 黄磊, 何勇 and the area leader 赵志刚: 2N new work orders and 3N notices
# of the escalations, 5N in all.
roads $N
for c in piped conc; do
	hl-ledger backup "$T/$c.db" || bail "cannot back up"
done
hl-dispatch -q --pending --at "$D 09:00:00" --now "$D 09:00:00" >/dev/null ||
	bail "cannot dispatch"
hl-ledger backup "$T/dry.db" || bail "cannot back up"

# A channel command that logs the outbox ids of each message.
mkdir bin
cat >bin/log <<EOF
#!/bin/sh
cat >/dev/null
echo "\$HL_OUTBOX" >>"$T/sent.log"
EOF
chmod 755 bin/log
sent() {        # sent: the ids logged, sorted, one a line
	tr ' ' '\n' <sent.log | sort -n
}
ids() {         # ids: every outbox id of the ledger, sorted
	sql "SELECT id FROM outbox ORDER BY id"
}

# ---- cron: hl-escalate with its output closed, then hl-notify ----
hl-escalate --now "$D 09:31:00" <&- >&- 2>esc.err
is "0|" "$?|$(cat esc.err)" "hl-escalate <&- >&-: exit 0 (its records are gone)"
is "$N" "$(sql "SELECT count(*) FROM escalations WHERE notified_at IS NULL")" \
    "the ledger holds the $N escalations, not yet notified"
run hl-notify --now "$D 09:31:00" --via "$T/bin/log" </dev/null
is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "hl-notify with no input: exit 0, silent"
is "$((5 * N))" "$(sent | wc -l | tr -d ' ')" "every notice sent: $((5 * N))"
is "$(ids)" "$(sent)" "each outbox row sent once"
is "$((2 * N)) new $((3 * N)) late" "$(sql "SELECT sum(kind = 'new') || ' new ' ||
    sum(kind = 'late') || ' late' FROM outbox")" "the new work orders and the late notices"
is "0" "$(sql "SELECT count(*) FROM escalations WHERE notified_at IS NULL")" \
    "every escalation marked notified"
run hl-notify --now "$D 09:40:00" --via "$T/bin/log" </dev/null
is "0||$((5 * N))" "$rc|$(cat "$ERR")|$(sent | wc -l | tr -d ' ')" \
    "a second run sends nothing"
: >sent.log
hl-list | hl-notify --now "$D 09:41:00" --via "$T/bin/log" 2>list.err
is "0||0" "$?|$(cat list.err)|$(sent | wc -l | tr -d ' ')" \
    "hl-list | hl-notify: the tickets' assignments were told; nothing again"

# ---- a dry run's escalation records are not in the ledger ----
hl-escalate -n --now "$D 10:10:00" | head -n 2 >dry.ndjson
is "2" "$(wc -l <dry.ndjson | tr -d ' ')" "hl-escalate -n at 10:10: records not claimed"
run hl-notify --now "$D 10:10:00" --via "$T/bin/log" <dry.ndjson
is "65|hl-notify: error (at <stdin>:1): escalation 'late-verify' of ticket 'K01' at 2026-11-25T10:10:00+08:00 is not in the ledger (a record of hl-escalate --dry-run?)
hl-notify: error (at <stdin>:2): escalation 'late-verify' of ticket 'K02' at 2026-11-25T10:10:00+08:00 is not in the ledger (a record of hl-escalate --dry-run?)" \
    "$rc|$(cat "$ERR")" "records of a dry run: refused, 65"
run hl-notify --now "$D 10:10:00" --dry-run <dry.ndjson
is "0|6|【督办】K01 （无标题）" "$rc|$(jq -s 'map(select(.subject | startswith("【督办】"))) | length' "$OUT")|$(jq -r .subject "$OUT" | head -n 1)" \
    "hl-notify --dry-run shows what they would say"

# ---- hl-escalate | hl-notify: the records and the sweep, one notice ----
HL_DB=$T/piped.db
: >sent.log
hl-dispatch -q --pending --at "$D 09:00:00" --now "$D 09:00:00" |
    hl-notify --now "$D 09:00:00" --via "$T/bin/log" 2>pipe1.err
is "0||$((2 * N))" "$?|$(cat pipe1.err)|$(sent | wc -l | tr -d ' ')" \
    "hl-dispatch | hl-notify: the new work orders, once"
is "$(ids)" "$(sent)" "hl-dispatch | hl-notify: each once"
hl-escalate --now "$D 09:31:00" | tee esc.ndjson |
    hl-notify --now "$D 09:31:00" --via "$T/bin/log" 2>pipe2.err
is "0||$N" "$?|$(cat pipe2.err)|$(wc -l <esc.ndjson | tr -d ' ')" \
    "hl-escalate | hl-notify: exit 0, $N records through the pipe"
is "$((5 * N))" "$(sent | wc -l | tr -d ' ')" \
    "hl-escalate | hl-notify: $((3 * N)) more, no notice twice"
is "$(ids)" "$(sent)" "hl-escalate | hl-notify: each outbox row once"
run hl-notify --now "$D 09:32:00" --via "$T/bin/log" <esc.ndjson
is "0||$((5 * N))" "$rc|$(cat "$ERR")|$(sent | wc -l | tr -d ' ')" \
    "the same records again: matched, nothing sent"

# ---- four at once ----
HL_DB=$T/conc.db
hl-dispatch -q --pending --at "$D 09:00:00" --now "$D 09:00:00" >/dev/null
hl-escalate --now "$D 09:31:00" >/dev/null
: >sent.log
pids=
for i in 1 2 3 4; do
	hl-notify --now "$D 09:31:00" --via "$T/bin/log" </dev/null 2>c$i.err &
	pids="$pids $!"
done
rcs=
for p in $pids; do
	wait "$p"
	rcs="$rcs $?"
done
is " 0 0 0 0|" "$rcs|$(cat c1.err c2.err c3.err c4.err)" "four at once: all exit 0, silent"
is "$((5 * N))" "$(sent | wc -l | tr -d ' ')" "four at once: $((5 * N)) sent in all"
is "$(ids)" "$(sent)" "four at once: each outbox row once"
is "$((5 * N))" "$(sql "SELECT count(DISTINCT key) FROM outbox")" \
    "four at once: each notice queued once"

# ---- a ticket not dispatched, a ticket that is not there ----
HL_DB=$T/dry.db
take U1 "$D 09:05:00" consult - 王庄村
printf '{"id":"U1"}\n{"id":"NOPE"}\n{"id":7}\n' >t.ndjson
run hl-notify --now "$D 09:06:00" --dry-run <t.ndjson
is "65|hl-notify: warning (at <stdin>:1): ticket 'U1' is not dispatched: nobody to tell yet
hl-notify: error (at <stdin>:2): no ticket 'NOPE' in the ledger
hl-notify: error (at <stdin>:3): no ticket '7' in the ledger" \
    "$rc|$(cat "$ERR")" "a ticket not dispatched: said; unknown ones: 65"

done_testing
