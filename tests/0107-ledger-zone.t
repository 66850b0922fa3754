#!/bin/sh
# One clock for everyone: the ledger records its time zone at init, and
# every program reads, computes and prints local times in it whatever TZ
# says (cron often runs with no TZ at all).
. "$(dirname "$0")/lib.sh"

S=$TOP/scripts/sample

# scenario DIR: the demo's morning in a ledger of its own, run with the
# environment the caller gives (env -i, TZ=...), every output kept.
scenario() {
	dir=$1
	shift
	mkdir -p "$dir"
	db=$T/$dir/hotline.db
	e="env $* PATH=$PATH HL_DB=$db"
	$e hl-ledger -q init
	for t in units people villages routes policy; do
		$e hl-ledger -q import $t "$S/$t.csv"
	done
	$e hl-ledger -q import calendar "$S/calendar-2026.csv"
	$e HL_NOW=2026-11-18T19:10:00+08:00 hl-intake -q "$S/earlier.csv" \
		>"$dir/earlier.out"
	$e HL_NOW='2026-11-25 08:45' hl-intake -q "$S/orders.csv" \
		>"$dir/intake.out" 2>"$dir/intake.err"
	$e HL_NOW='2026-11-25 08:46' hl-dispatch -q --pending >"$dir/dispatch.out"
	$e HL_NOW='2026-11-25 17:00' hl-update -q "$S/events.ndjson" \
		>"$dir/update.out" 2>"$dir/update.err"
	$e HL_NOW='2026-11-25 17:00' hl-update -q SD2026112500012 note \
		--note 'checked' >>"$dir/update.out"
	$e HL_NOW='2026-11-27 18:00' hl-escalate >"$dir/escalate.out"
	$e HL_NOW='2026-11-27 18:00' hl-show SD2026112500011 >"$dir/show.out"
	$e HL_NOW='2026-11-27 18:00' hl-list >"$dir/list.out"
	$e HL_NOW='2026-12-05' hl-rank --month 2026-11 >"$dir/rank.out"
	$e HL_NOW='2026-12-05' hl-rank --month 2026-11 --format json \
		>>"$dir/rank.out"
	$e hl-ledger check >"$dir/check.out" 2>&1
	echo "check: $?" >>"$dir/check.out"
	sqlite3 "$db" .dump >"$dir/dump.sql"
}

scenario noenv -i
scenario utc -i TZ=UTC
scenario shanghai -i TZ=Asia/Shanghai
scenario newyork -i TZ=America/New_York LC_ALL=C.UTF-8

is "Asia/Shanghai" "$(sqlite3 noenv/hotline.db \
	"SELECT value FROM settings WHERE key = 'zone'")" \
	"init records the default zone"
is "check: 0" "$(cat shanghai/check.out)" "the scenario's ledger checks clean"
for f in intake.out dispatch.out update.out escalate.out show.out list.out \
	rank.out check.out dump.sql; do
	for env in noenv utc newyork; do
		is_file shanghai/$f $env/$f "$f under $env is the same as under TZ=Asia/Shanghai"
	done
done
like '"received_at":"2026-11-25T08:02:00\+08:00"' "$(head -n 1 noenv/intake.out)" \
	"a call at 08:02 on the platform is 08:02+08:00 with no TZ"
like '"resolve":"2026-12-02T23:59:59\+08:00"' "$(grep SD2026112500011 noenv/dispatch.out)" \
	"a working-day deadline ends at 23:59:59 in the ledger's zone"
# The note (an event on a consultation) leaves the deadline as it was.
is "$(sqlite3 shanghai/hotline.db "SELECT due_at FROM deadlines
	WHERE ticket_id = 'SD2026112500012' AND stage = 'resolve'")" \
   "$(sqlite3 noenv/hotline.db "SELECT due_at FROM deadlines
	WHERE ticket_id = 'SD2026112500012' AND stage = 'resolve'")" \
	"a note with no TZ does not move a deadline"
[ -s shanghai/escalate.out ] && ok "the scenario escalates something" ||
	not_ok "the scenario escalates something"

# A ledger in another zone: its local times are that zone's.
export HL_DB=$T/london.db
run hl-ledger init --zone Europe/London
is_rc 0 "init --zone Europe/London"
is "Europe/London|0" "$(sqlite3 london.db "SELECT group_concat(value, '|')
	FROM (SELECT value FROM settings WHERE key IN ('zone', 'utc_offset')
	ORDER BY key DESC)")" "the zone and its offset are recorded"
printf 'id,received_at,content\nL1,2026-11-25 08:02:00,a lamp\n' >l.csv
run env TZ=Asia/Shanghai HL_NOW='2026-11-25 09:00' hl-intake l.csv
like '"received_at":"2026-11-25T08:02:00\+00:00"' "$(cat "$OUT")" \
	"08:02 is London's 08:02, not Shanghai's"
run env TZ=Asia/Shanghai HL_NOW='2026-11-25 09:00' hl-list --from 2026-11-25 --to 2026-11-25
like '"id":"L1"' "$(cat "$OUT")" "a bare date is London's day"

# Changing the zone of a ledger with tickets derives their clocks again.
export HL_DB=$T/moved.db
cp shanghai/hotline.db moved.db
run hl-ledger init --zone Europe/London
is_rc 0 "init --zone on a ledger with tickets"
is "hl-ledger: time zone Europe/London: $(sqlite3 moved.db 'SELECT count(*) FROM tickets') tickets derived again" \
	"$(cat "$ERR")" "it says how many tickets follow the new zone"
is "2026-12-02 23:59:59" "$(sqlite3 moved.db "SELECT datetime(due_at, 'unixepoch')
	FROM deadlines WHERE ticket_id = 'SD2026112500011' AND stage = 'resolve'")" \
	"the resolve deadline ends at 23:59:59 London time"
run hl-ledger check
is_rc 0 "and the ledger checks clean"

# A ledger whose clocks were derived in another zone (a version-1 ledger
# used under TZ=UTC, then migrated to Asia/Shanghai): check finds it, and
# init --zone derives them again.
export HL_DB=$T/wrong.db
cp utc/hotline.db wrong.db
sqlite3 wrong.db "UPDATE settings SET value = 'UTC' WHERE key = 'zone'"
HL_NOW='2026-11-27 18:00' hl-ledger -q init --zone UTC
sqlite3 wrong.db "UPDATE settings SET value = 'Asia/Shanghai' WHERE key = 'zone'"
run hl-ledger check
is_rc 65 "check: deadlines derived in another zone are findings"
like "ticket 'SD2026112500011': stored deadlines differ" "$(cat "$ERR")" \
	"check names the ticket"
run hl-ledger -q init --zone Asia/Shanghai
is_rc 0 "init --zone Asia/Shanghai derives them again"
run hl-ledger check
is_rc 0 "then the ledger checks clean"

# Refusals.
export HL_DB=$T/hotline.db
run hl-ledger init --zone Mars/Olympus
is_rc 64 "an unknown zone is a usage error"
is "hl-ledger: --zone: unknown time zone 'Mars/Olympus' (a name from the time-zone database, e.g. Asia/Shanghai)
Try 'hl-ledger --help' for more information." "$(cat "$ERR")" "the message"
[ -e hotline.db ] && not_ok "no ledger made for an unknown zone" ||
	ok "no ledger made for an unknown zone"
run hl-ledger check --zone UTC
is_rc 64 "--zone goes with init only"
HL_DB=$T/shanghai/hotline.db TZDIR=$T/nowhere run hl-list
is_rc 78 "a zone the system does not have is a configuration error"
is "hl-list: time zone 'Asia/Shanghai' is not in this system's time-zone database (install the tzdata package)" \
	"$(cat "$ERR")" "the message names the zone and the package"

# Times outside 1970-9999 are refused: they could not be printed and read
# back (9999-12-31T23:59:59Z is 10000-01-01 in Shanghai).
hl-ledger -q init
for t in 9999-12-31T23:59:59Z 1969-12-31T23:59:59Z '1970-01-01 07:59:59'; do
	printf '{"id":"X","received_at":"%s","content":"c"}\n' "$t" >x.ndjson
	run hl-intake --now 2026-11-25 x.ndjson
	is_rc 65 "received_at $t is refused"
done
run hl-update --at '9999-12-31 23:59:59Z' X note
is_rc 64 "--at past year 9999 is a usage error"
run hl-list --now 1969-12-31T00:00:00Z
is_rc 64 "--now before 1970 is a usage error"
printf '{"id":"Y","received_at":"9999-12-31T15:59:59Z","content":"c"}\n' >y.ndjson
run hl-intake --now '9999-12-31 23:59:59' y.ndjson
is_rc 0 "the last second of year 9999 in Shanghai is taken"
like '"received_at":"9999-12-31T23:59:59\+08:00"' "$(cat "$OUT")" \
	"and printed so that it reads back"

# --now and --at take a bare date, as --from does: its start.
run hl-list --now 2026-11-25
is_rc 0 "--now takes a bare date"
done_testing
