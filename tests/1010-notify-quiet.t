#!/bin/sh
# Quiet hours (issue 10): with the policy's quiet_hours 22:00-07:30,
# non-urgent notices wait until the next working morning by the ledger's
# calendar (days off are quiet all day; a make-up working day is a working
# morning); a repeat call, an unsatisfied visit, the second late-resolve
# escalation and anything about an urgent ticket are never held.  Held
# notices are not attempts; without quiet_hours nothing is held.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

township
{ cat policy.csv; echo "quiet_hours,*,22:00-07:30"; } >quiet.csv
hl-ledger -q import policy quiet.csv || bail "cannot import the policy"
mkdir bin
cat >bin/log <<EOF
#!/bin/sh
cat >/dev/null
echo "\$HL_OUTBOX" >>"$T/sent.log"
EOF
chmod 755 bin/log
: >sent.log
sent_keys() {   # the keys of the rows sent so far, in the order sent
	for i in $(cat sent.log); do
		sql "SELECT key FROM outbox WHERE id = $i"
	done
}
message() {     # message KEY: a message to 周明
	jq -cn --arg key "$1" '{event: "message", key: $key, to: ["周明"],
	    subject: "通知", text: "内容"}'
}
at() {          # at TIME [RECORDS]: hl-notify at TIME
	_at=$1
	if [ $# -gt 1 ]; then
		printf '%s\n' "$2" >"$T/.in"
	else
		: >"$T/.in"
	fi
	run hl-notify --now "$_at" --via "$T/bin/log" <"$T/.in"
}

# ---- Wednesday night: only what may not wait ----
# R1, R2, R3: the same caller about the same road, the third call at
# 22:50 makes the repeat rule due; U1 is urgent; N1 is not.
take R1 "2026-11-25 20:00:00" complaint 道路交通安全 王庄村 13911112222
take R2 "2026-11-25 21:00:00" complaint 道路交通安全 王庄村 13911112222
take R3 "2026-11-25 22:50:00" complaint 道路交通安全 王庄村 13911112222
take N1 "2026-11-25 22:40:00" complaint 道路交通安全 王庄村 13933334444
take U1 "2026-11-25 22:55:00" complaint 道路交通安全 王庄村 13955556666 \
    '{"urgent": true}'
dispatch N1 "2026-11-25 22:45:00"
dispatch U1 "2026-11-25 22:56:00"
# V1: handled in the morning, resolved, and at 22:30 a return visit finds
# the caller unsatisfied.
take V1 "2026-11-25 08:00:00" complaint 道路交通安全 王庄村 13977778888
handle V1 "2026-11-25 08:10:00"
upd V1 "2026-11-25 20:00:00" resolve
upd V1 "2026-11-25 22:30:00" visit --resolved no --satisfaction unsatisfied
hl-escalate --now "2026-11-25 23:00:00" >/dev/null 2>&1
at "2026-11-25 23:00:00"
is "0|" "$rc|$(cat "$ERR")" "23:00: exit 0, silent"
is "$(printf '%s\n' "assignment:$(sql "SELECT seq FROM events WHERE ticket_id = 'U1' AND
    event = 'dispatch'"):primary
assignment:$(sql "SELECT seq FROM events WHERE ticket_id = 'U1' AND
    event = 'dispatch'"):village
$(sql "SELECT 'escalation:' || e.id || ':' || json_extract(r.value, '$.name')
    FROM escalations e, json_each(e.recipients) r
    WHERE e.rule IN ('repeat', 'unsatisfied')")" | sort)" \
    "$(sent_keys | sort)" "23:00: the urgent ticket's work order, the repeat call and the unsatisfied visit only (to each of their recipients)"
urgent=$(wc -l <sent.log | tr -d ' ')
held=$(sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL")
is "0" "$(sql "SELECT count(*) FROM outbox WHERE sent_at IS NULL AND
    (attempts > 0 OR urgent = 1)")" "the $held held: not urgent, no attempt counted"
like '^[1-9]' "$held" "some are held (N1's and V1's work orders, the late dispatches)"
at "2026-11-26 07:29:59"
is "0|$urgent" "$rc|$(wc -l <sent.log | tr -d ' ')" "Thursday 07:29:59: still held"
at "2026-11-26 07:30:00"
is "0|$((urgent + held))|0" "$rc|$(wc -l <sent.log | tr -d ' ')|$(sql "SELECT count(*)
    FROM outbox WHERE sent_at IS NULL")" "Thursday 07:30: the held ones sent"

# ---- Friday night: held over the weekend ----
at "2026-11-27 23:00:00" "$(message fri)"
is "0|" "$rc|$(sql "SELECT sent_at FROM outbox WHERE key = 'message:fri:周明'")" \
    "Friday 23:00: held"
run hl-notify --pending
is "message:fri:周明|0" "$(jq -r '"\(.key)|\(.attempts)"' "$OUT")" \
    "--pending lists it"
for t in "2026-11-28 12:00:00" "2026-11-29 07:30:00" "2026-11-30 07:29:00"; do
	at "$t"
	is "0|" "$rc|$(sql "SELECT sent_at FROM outbox WHERE key = 'message:fri:周明'")" \
	    "$t (${t%% *} a day off, or Monday before 07:30): still held"
done
at "2026-11-30 07:30:00"
is "0|1" "$rc|$(sql "SELECT count(*) FROM outbox WHERE key = 'message:fri:周明'
    AND sent_at = unixepoch('2026-11-29 23:30:00')")" "Monday 07:30: sent"

# ---- the National Day holiday; a make-up working Saturday ----
at "2026-09-30 23:00:00" "$(message holiday)"
at "2026-10-07 12:00:00"
is "" "$(sql "SELECT sent_at FROM outbox WHERE key = 'message:holiday:周明'")" \
    "held through the holiday (10-01 to 10-07)"
at "2026-10-08 07:30:00"
is "1" "$(sql "SELECT count(*) FROM outbox WHERE key = 'message:holiday:周明'
    AND sent_at IS NOT NULL")" "sent on the first working morning, 10-08"
at "2026-10-09 23:00:00" "$(message makeup)"
at "2026-10-10 07:30:00"
is "1" "$(sql "SELECT count(*) FROM outbox WHERE key = 'message:makeup:周明'
    AND sent_at IS NOT NULL")" "Friday night's: sent on Saturday 10-10, a make-up working day"

# ---- the ledger's time zone, whatever TZ says ----
at "2026-11-25 22:30:00+08:00" "$(message zone)"
(export TZ=UTC; at "2026-11-26 07:29:00+08:00")
is "" "$(sql "SELECT sent_at FROM outbox WHERE key = 'message:zone:周明'")" \
    "TZ=UTC: 07:29 in the ledger's zone is still quiet"
(export TZ=America/New_York; at "2026-11-26 07:30:00+08:00")
is "1" "$(sql "SELECT count(*) FROM outbox WHERE key = 'message:zone:周明'
    AND sent_at IS NOT NULL")" "TZ=America/New_York: sent at 07:30 in the ledger's zone"

# ---- quiet hours within a day; none ----
{ cat policy.csv; echo "quiet_hours,*,12:00-13:30"; } >lunch.csv
hl-ledger -q import policy lunch.csv || bail "cannot import the policy"
at "2026-11-25 12:10:00" "$(message lunch)"
is "" "$(sql "SELECT sent_at FROM outbox WHERE key = 'message:lunch:周明'")" \
    "12:00-13:30: held at 12:10"
at "2026-11-25 13:30:00"
is "1" "$(sql "SELECT count(*) FROM outbox WHERE key = 'message:lunch:周明'
    AND sent_at IS NOT NULL")" "12:00-13:30: sent at 13:30"
hl-ledger -q import policy policy.csv || bail "cannot import the policy"
at "2026-11-28 03:00:00" "$(message night)"
is "1" "$(sql "SELECT count(*) FROM outbox WHERE key = 'message:night:周明'
    AND sent_at IS NOT NULL")" "without quiet_hours: sent at 03:00 on a Saturday"

done_testing
