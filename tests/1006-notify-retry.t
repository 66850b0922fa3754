#!/bin/sh
# hl-notify's failures and retries (issue 10), through --via commands: a
# command that fails twice (75) then succeeds is tried again after 1 and
# then 5 minutes and sent once; the backoff goes 1, 5, 15, 60 minutes,
# then hourly, up to the policy's notify_attempts, then the notice is
# failed, kept, listed by --failed and re-queued by --retry; any other
# status fails it at once with its stderr kept; a command that does not
# finish in its timeout is killed with everything it started and counts
# as 75; a command that cannot be run leaves the notice queued.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

D=2026-11-25
township
message() {     # message TO KEY SUBJECT TEXT
	jq -cn --arg to "$1" --arg key "$2" --arg s "$3" --arg t "$4" \
	    '{event: "message", key: $key, to: [$to], subject: $s, text: $t}'
}
cmd() {         # cmd NAME BODY: a command script in $T/bin
	mkdir -p "$T/bin"
	printf '#!/bin/sh\n%s\n' "$2" >"$T/bin/$1"
	chmod 755 "$T/bin/$1"
}
state() {       # state KEY: attempts|next attempt|sent|failed|error
	sql "SELECT attempts || '|' || coalesce(strftime('%H:%M', next_attempt_at,
	     'unixepoch', '+8 hours'), '-') || '|' || coalesce(strftime('%H:%M',
	     sent_at, 'unixepoch', '+8 hours'), '-') || '|' || coalesce(
	     strftime('%H:%M', failed_at, 'unixepoch', '+8 hours'), '-') || '|'
	     || coalesce(last_error, '') FROM outbox WHERE key = '$1'"
}

# ---- fails twice, then succeeds: sent once ----
cmd flaky '# exit 75 the first two times, then log what it was given
n=$(cat "$T/flaky.count" 2>/dev/null || echo 0)
echo $((n + 1)) >"$T/flaky.count"
if [ "$n" -lt 2 ]; then echo "gateway busy ($((n + 1)))" >&2; exit 75; fi
{ printf "%s|%s|" "$HL_OUTBOX" "$HL_RECIPIENT"; cat; echo; } >>"$T/flaky.log"'
sed -i "s|\$T|$T|g" "$T/bin/flaky"
message 周明 f1 "通知" "内容" >f1.ndjson
run hl-notify --now "$D 09:00:00" --via "$T/bin/flaky" <f1.ndjson
is "69|hl-notify: cannot deliver outbox 1 to 周明: gateway busy (1) (exit 75); retry at 2026-11-25T09:01:00+08:00" \
    "$rc|$(cat "$ERR")" "first attempt: 75, again in a minute"
is "1|09:01|-|-|exit 75: gateway busy (1)" "$(state message:f1:周明)" "first attempt: the row"
notify "$D 09:00:59" --via "$T/bin/flaky"
is "0||1" "$rc|$(cat "$ERR")|$(cat "$T/flaky.count")" "not due before 09:01: not run"
notify "$D 09:01:00" --via "$T/bin/flaky"
is "69|hl-notify: cannot deliver outbox 1 to 周明: gateway busy (2) (exit 75); retry at 2026-11-25T09:06:00+08:00" \
    "$rc|$(cat "$ERR")" "second attempt: 75, again 5 minutes later"
notify "$D 09:06:00" --via "$T/bin/flaky"
is "0|" "$rc|$(cat "$ERR")" "third attempt: sent, silent"
is "3|09:06|09:06|-|" "$(state message:f1:周明)" "third attempt: sent, 3 attempts"
is "1|周明|通知
内容" "$(cat "$T/flaky.log")" "delivered once, subject and text on its input"
notify "$D 10:00:00" --via "$T/bin/flaky"
is "0|3" "$rc|$(cat "$T/flaky.count")" "sent: never run again"

# ---- the backoff, up to the policy's limit ----
printf 'stage,scope,limit\nnotify_attempts,*,6\n' >attempts.csv
hl-ledger -q import policy attempts.csv || bail "cannot import the policy"
cmd busy 'echo "always busy" >&2; exit 75'
message 周明 b1 "通知" "内容" >b1.ndjson
run hl-notify --now "$D 12:00:00" --via "$T/bin/busy" <b1.ndjson
steps=$(state message:b1:周明 | cut -d'|' -f1,2)
for t in 12:01 12:06 12:21 13:21; do
	notify "$D $t:00" --via "$T/bin/busy"
	steps="$steps $(state message:b1:周明 | cut -d'|' -f1,2)"
done
is "1|12:01 2|12:06 3|12:21 4|13:21 5|14:21" "$steps" \
    "the attempts' times: 1, 5, 15, 60 minutes, then hourly"
is "5|14:21|-|-|exit 75: always busy" "$(state message:b1:周明)" \
    "after 5 attempts: still queued"
notify "$D 14:21:00" --via "$T/bin/busy"
is "69|hl-notify: cannot deliver outbox 2 to 周明: always busy (exit 75); failed, out of attempts: see hl-notify --failed, then --retry ID" \
    "$rc|$(cat "$ERR")" "the 6th (notify_attempts) fails it"
is "6|-|-|14:21|exit 75: always busy" "$(state message:b1:周明)" \
    "failed: kept, with its last error"
notify "$D 18:00:00" --via "$T/bin/busy"
is "0|" "$rc|$(cat "$ERR")" "a failed notice is not tried again"
run hl-notify --failed
is "0|2 message:b1:周明 6 exit 75: always busy" "$rc|$(jq -r '"\(.id) \(.key) \(.attempts) \(.last_error)"' "$OUT")" \
    "--failed lists it"
notify "$D 18:05:00" --via true --retry 2
is "0|" "$rc|$(cat "$ERR")" "--retry: sent now"
is "1|18:05|18:05|-|" "$(state message:b1:周明)" "--retry: attempts from 0 again"

# ---- any other status: failed at once, stderr kept ----
cmd refuse 'cat >/dev/null
echo "gateway: no such subscriber" >&2
echo "(code 4101)" >&2
exit 3'
message 周明 x1 "通知" "内容" >x1.ndjson
run hl-notify --now "$D 19:00:00" --via "$T/bin/refuse" <x1.ndjson
is "69|hl-notify: cannot deliver outbox 3 to 周明: gateway: no such subscriber (exit 3); failed: see hl-notify --failed, then --retry ID" \
    "$rc|$(cat "$ERR")" "exit 3: failed at once"
is "1|-|-|19:00|exit 3: gateway: no such subscriber
(code 4101)" "$(state message:x1:周明)" "exit 3: its whole stderr kept"
cmd killed 'kill -9 $$'
message 周明 x2 "通知" "内容" >x2.ndjson
run hl-notify --now "$D 19:01:00" --via "$T/bin/killed" <x2.ndjson
is "69|hl-notify: cannot deliver outbox 4 to 周明: killed by signal 9 (exit 137); failed: see hl-notify --failed, then --retry ID" \
    "$rc|$(cat "$ERR")" "killed by a signal: failed at once"
is "1|-|-|19:01|killed by signal 9" "$(state message:x2:周明)" \
    "killed by a signal: said so"

# ---- a command that hangs: killed, with what it started, at the timeout ----
alive() {       # alive PID: running (a zombie nobody reaps is not)
	[ -r "/proc/$1/stat" ] && [ "$(cut -d' ' -f3 "/proc/$1/stat")" != Z ]
}
cmd hang 'sleep 300 &
echo $! >"$T/hang.child"
echo "started" >&2
wait'
sed -i "s|\$T|$T|g" "$T/bin/hang"
message 周明 h1 "通知" "内容" >h1.ndjson
run hl-notify --now "$D 20:00:00" --via "$T/bin/hang" --timeout 1 <h1.ndjson
is "69|hl-notify: cannot deliver outbox 5 to 周明: no answer in 1 s, killed (exit 75); retry at 2026-11-25T20:01:00+08:00" \
    "$rc|$(cat "$ERR")" "a command that hangs: killed after --timeout, counted as 75"
is "1|20:01|-|-|no answer in 1 s, killed: started" "$(state message:h1:周明)" \
    "a command that hangs: its stderr kept"
child=$(cat "$T/hang.child")
sleep 0.2
if [ -n "$child" ] && alive "$child"; then
	not_ok "what the command started is killed too"
	kill "$child"
else
	ok "what the command started is killed too"
fi
cmd deaf 'trap "" TERM
sleep 300 &
echo $! >"$T/deaf.child"
wait; wait; wait'
sed -i "s|\$T|$T|g" "$T/bin/deaf"
message 周明 h2 "通知" "内容" >h2.ndjson
run hl-notify --now "$D 20:10:00" --via "$T/bin/deaf" --timeout 1 <h2.ndjson
is "69" "$rc" "a command that ignores SIGTERM: still ends (KILL)"
child=$(cat "$T/deaf.child")
sleep 0.2
if [ -n "$child" ] && alive "$child"; then
	not_ok "a command that ignores SIGTERM: its child is killed too"
	kill -9 "$child"
else
	ok "a command that ignores SIGTERM: its child is killed too"
fi

# ---- a command that does not read its input, a large message ----
printf '{"event":"message","key":"big","to":["周明"],"subject":"大","text":"%s"}\n' \
    "$(head -c 300000 /dev/zero | tr '\0' 'x')" >big.ndjson
run hl-notify --now "$D 21:00:00" --via true <big.ndjson
is "0||1" "$rc|$(cat "$ERR")|$(sql "SELECT count(*) FROM outbox WHERE key =
    'message:big:周明' AND sent_at IS NOT NULL")" \
    "a command that exits without reading 300 kB: sent (exit 0), no SIGPIPE"

# ---- a command that cannot be run: the notice stays queued ----
cmd gone 'exit 0'
message 周明 g1 "通知" "内容" >g1.ndjson
chmod 644 "$T/bin/gone"
mkdir -p "$T/senders"
cp "$T/bin/gone" "$T/senders/hl-send-sms"
channels "周明,cmd:sms,12345"
HL_SENDERS=$T/senders run hl-notify --now "$D 22:00:00" <g1.ndjson
is "69|hl-notify: cannot run '$T/senders/hl-send-sms': Permission denied; outbox 8 to 周明 through cmd:sms is kept" \
    "$rc|$(cat "$ERR")" "a channel command that cannot be run: said, exit 69"
is "0|22:00|-|-|" "$(state message:g1:周明)" "the notice is kept as it was"
chmod 755 "$T/senders/hl-send-sms"
HL_SENDERS=$T/senders notify "$D 22:01:00"
is "0|1|22:00|22:01|-|" "$rc|$(state message:g1:周明)" "once it can be run: sent"

done_testing
