#!/bin/sh
# The office's installation in scripts/: every line of the crontab runs, as
# cron runs it (sh -c, its own environment, no input), and says nothing on
# a quiet ledger, so that cron mails only what matters; each job holds its
# own flock, so a run due while the last one still goes skips, silently;
# what matters (a ticket nobody can route) is said.  The systemd units
# pass systemd-analyze verify and run the same jobs at the same times.
# Programs not built yet (hl-notify, hl-report, the monthly bulletin) are
# left out of the lines, and say so, until they exist.
. "$(dirname "$0")/lib.sh"

CRONTAB=$TOP/scripts/cron/hotline.crontab
UNITS=$TOP/scripts/systemd
SRV=$T/srv
mkdir -p "$SRV/backup"
S=$TOP/scripts/sample
export HL_DB=$SRV/hotline.db
{
	hl-ledger -q init &&
	for t in units people villages routes policy; do
		hl-ledger -q import $t "$S/$t.csv" || exit 1
	done &&
	hl-ledger -q import calendar "$FIX/workflow/holiday-cn/2026.json"
} 2>"$T/setup.err" || { echo "Bail out! setup: $(cat "$T/setup.err")"; exit 1; }

# The programs a line names that are not built yet, and the line with them
# left out (true(1) in their place).
missing=
for p in hl-notify hl-report; do
	[ -x "$TOP/cmd/$p" ] || missing="$missing $p"
done
[ -x "$TOP/scripts/monthly-bulletin" ] || missing="$missing monthly-bulletin"
# here LINE: the line as it runs in this test: paths under $T and $TOP
here() {
	out=$(printf '%s\n' "$1" | sed -e "s|/srv/hotline|$SRV|g" \
	    -e "s|/usr/local/lib/hotline/|$TOP/scripts/|g" \
	    -e "s|/usr/local/bin/|$TOP/cmd/|g" \
	    -e "s|^PATH=.*|PATH=$TOP/cmd:/usr/bin:/bin|")
	for p in $missing; do
		out=$(printf '%s\n' "$out" |
		    sed -E "s#(^|[ '=-])[^ '=]*$p( daily)?([ ']|\$)#\\1true\\3#g")
	done
	printf '%s\n' "$out"
}

# The crontab's environment lines and jobs.
envs=$(grep -E '^[A-Z_]+=' "$CRONTAB")
jobs=$(grep -Ev '^[[:space:]]*(#|$|[A-Z_]+=)' "$CRONTAB")
is "SHELL PATH HL_DB MAILTO" "$(printf '%s\n' "$envs" | sed 's/=.*//' | paste -sd' ' -)" \
    "the crontab sets SHELL, PATH, HL_DB and MAILTO"
is 4 "$(printf '%s\n' "$jobs" | wc -l | tr -d ' ')" "four jobs"
for p in $missing; do
	skip "$p in the crontab's lines" "$p is not built yet: left out of its line"
done

# cronjob N: runs job N as cron does (sh -c, the crontab's environment and
# nothing else; HL_NOW as the tests' now), stdin closed; stdout and stderr
# together in $OUT.
cronjob() {
	line=$(printf '%s\n' "$jobs" | sed -n "${1}p")
	cmd=$(here "$line" | sed -E 's/^([^ ]+ +){5}//')
	# shellcheck disable=SC2046
	env -i $(here "$envs" | tr '\n' ' ') HOME="$T" HL_NOW="$HL_NOW" \
	    /bin/sh -c "$cmd" </dev/null >"$OUT" 2>&1
	rc=$?
}
# Each job's time, flock and lock file.
is "* * * * *|minute" "$(printf '%s\n' "$jobs" | sed -n 1p |
    sed -E 's/^(([^ ]+ +){4}[^ ]+) +flock -n [^ ]*\/([a-z]+)\.lock .*/\1|\3/')" \
    "every minute, under flock -n .../minute.lock"
is "30 7 * * *|daily" "$(printf '%s\n' "$jobs" | sed -n 2p |
    sed -E 's/^(([^ ]+ +){4}[^ ]+) +flock -n [^ ]*\/([a-z]+)\.lock .*/\1|\3/')" \
    "every morning at 07:30, under its own lock"
is "30 2 * * *|nightly" "$(printf '%s\n' "$jobs" | sed -n 3p |
    sed -E 's/^(([^ ]+ +){4}[^ ]+) +flock -n [^ ]*\/([a-z]+)\.lock .*/\1|\3/')" \
    "every night at 02:30, under its own lock"
is "0 8 5 * *|monthly" "$(printf '%s\n' "$jobs" | sed -n 4p |
    sed -E 's/^(([^ ]+ +){4}[^ ]+) +flock -n [^ ]*\/([a-z]+)\.lock .*/\1|\3/')" \
    "the 5th at 08:00, under its own lock"

# ---- a quiet ledger: every line runs and says nothing ----
for n in 1 2 3 4; do
	cronjob $n
	is_rc 0 "job $n runs on a quiet ledger"
	is_out "" "job $n says nothing"
done
# The nightly job made today's backup, and the ledger checks clean.
# (Today as cron sees it: in the system's zone, not the tests' TZ.)
today=$(env -u TZ date +%F)
[ -s "$SRV/backup/$today.db" ] && ok "the nightly job made today's backup" ||
    not_ok "the nightly job made today's backup"
is 1 "$(ls "$SRV/backup" | wc -l | tr -d ' ')" "one backup"
# Backups older than 30 days go, younger ones stay.
touch -d '40 days ago' "$SRV/backup/2026-01-01.db"
touch -d '10 days ago' "$SRV/backup/2026-11-15.db"
rm -f "$SRV/backup/$today.db"
cronjob 3
is_rc 0 "the nightly job again"
is "2026-11-15.db $today.db" "$(ls "$SRV/backup" | sort | paste -sd' ' -)" \
    "it removed the backup of 40 days ago and kept the one of 10 days ago"

# ---- the minute job: work, overlap, and what matters ----
printf '%s\n' '{"id":"Q1","received_at":"2026-11-25T11:00:00+08:00","content":"宅基地审批进度","category":"宅基地审批","village":"王庄村"}' |
    hl-intake -q >/dev/null
is received "$(sql "SELECT status FROM tickets WHERE id = 'Q1'")" "a new ticket, received"
# While another run holds the minute lock, the next one skips at once.
exec 9>"$SRV/minute.lock"
flock 9
cronjob 1
is_rc 1 "a run while the last one holds the lock: flock -n gives up"
is_out "" "silently"
is received "$(sql "SELECT status FROM tickets WHERE id = 'Q1'")" "and does nothing"
exec 9>&-
cronjob 1
is_rc 0 "the lock free: the minute job runs"
# The sample township has no channels table: hl-notify says once that
# the new work order has nowhere to go (and keeps it), and cron mails it.
is_out "hl-notify: warning: no channel for 马国栋 (nor for unit 国土所): outbox 1 (ticket 'Q1' new (primary)) is kept; see hl-notify --pending
hl-notify: warning: no channel for 王秀英 (nor for unit 王庄村): outbox 2 (ticket 'Q1' new (village)) is kept; see hl-notify --pending" \
    "silently, but for the notices that have no channel (once)"
is dispatched "$(sql "SELECT status FROM tickets WHERE id = 'Q1'")" "and dispatched the ticket"
# What matters is said: a ticket nobody can route, every minute.
printf '%s\n' '{"id":"Q2","received_at":"2026-11-25T11:30:00+08:00","content":"广场舞噪音","category":"噪音扰民","village":"外村"}' |
    hl-intake -q >/dev/null
cronjob 1
like "^hl-dispatch: error: ticket 'Q2': cannot route" "$(cat "$OUT")" \
    "a ticket nobody can route is said (cron mails it)"

# ---- the systemd units ----
for u in minute daily nightly monthly; do
	for k in service timer; do
		[ -f "$UNITS/hotline-$u.$k" ] && ok "hotline-$u.$k" || not_ok "hotline-$u.$k"
	done
done
# oncal UNIT: its OnCalendar
oncal() {
	sed -n 's/^OnCalendar=//p' "$UNITS/hotline-$1.timer"
}
is "minutely" "$(oncal minute)" "the minute timer: every minute"
is "*-*-* 07:30:00 Asia/Shanghai" "$(oncal daily)" "the daily timer: 07:30, the ledger's zone"
is "*-*-* 02:30:00 Asia/Shanghai" "$(oncal nightly)" "the nightly timer: 02:30"
is "*-*-05 08:00:00 Asia/Shanghai" "$(oncal monthly)" "the monthly timer: the 5th at 08:00"
# The services run what the crontab's lines run.
for u in minute daily nightly monthly; do
	case $u in minute) n=1 ;; daily) n=2 ;; nightly) n=3 ;; monthly) n=4 ;; esac
	cronp=$(printf '%s\n' "$jobs" | sed -n "${n}p" |
	    grep -oE '(hl-[a-z]+|monthly-bulletin)( -q --pending| daily| backup| check)?' |
	    sed 's/ -q --pending//' | paste -sd' ' -)
	unitp=$(sed -n 's/^ExecStart=//p' "$UNITS/hotline-$u.service" |
	    grep -oE '(hl-[a-z]+|monthly-bulletin)( -q --pending| daily| backup| check)?' |
	    sed 's/ -q --pending//' | paste -sd' ' -)
	is "$cronp" "$unitp" "hotline-$u.service runs what the crontab's line runs"
done
if command -v systemd-analyze >/dev/null 2>&1; then
	mkdir -p "$T/units"
	for f in "$UNITS"/*.service "$UNITS"/*.timer; do
		here "$(cat "$f")" | sed -e 's|^\(ExecStart=-\{0,1\}\)true$|\1/bin/true|' \
		    >"$T/units/${f##*/}"
	done
	run systemd-analyze verify "$T"/units/*.timer "$T"/units/*.service
	is_rc 0 "systemd-analyze verify: exit 0"
	is "" "$(cat "$OUT" "$ERR")" "systemd-analyze verify: nothing to say"
else
	skip "systemd-analyze verify" "systemd-analyze is not installed"
fi
done_testing
