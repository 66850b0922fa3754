#!/bin/sh
# hl-ledger init: the ledger's file, its mode and companions, WAL mode, the
# schema version and application id; init twice; programs that only read
# refuse a missing or empty ledger; files that are not a hotline ledger are
# refused, not converted; usage errors, --help and --version.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/ledger.sh"

# The ledger holds callers' names and phones: 0600 whatever the umask.
umask 000
run hl-ledger init
is_rc 0 "init with umask 000"
is_out "" "init prints nothing on stdout"
is_err "" "init prints nothing on stderr"
is "600" "$(mode hotline.db)" "the ledger is mode 0600 despite umask 000"
for f in hotline.db-wal hotline.db-shm hotline.db.lock; do
	if [ -e "$f" ]; then
		is "600" "$(mode "$f")" "$f is mode 0600, not world-readable"
	else
		not_ok "$f exists after init (WAL mode, write lock)"
	fi
done
umask 022

is "wal" "$(sql 'PRAGMA journal_mode')" "the ledger is in WAL mode"
is "2" "$(sql 'PRAGMA user_version')" "user_version is the schema version 2"
is "1215263852" "$(sql 'PRAGMA application_id')" \
	"application_id is 0x486f746c ('Hotl')"
is "assignments calendar channels deadlines deliveries escalations events outbox pending_escalations \
people policy routes settings tickets units villages" \
	"$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM
	        sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'
	        ORDER BY name)")" "init creates the tables of schema.sql"
is "history open_tickets overdue unit_month" \
	"$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM
	        sqlite_schema WHERE type = 'view' ORDER BY name)")" \
	"init creates the documented views"
is "events_append_only_delete events_append_only_update" \
	"$(sql "SELECT group_concat(name, ' ') FROM (SELECT name FROM
	        sqlite_schema WHERE type = 'trigger' ORDER BY name)")" \
	"the history is guarded by append-only triggers"

# Twice is harmless: nothing is lost, nothing is said.
township
run hl-ledger init
is_rc 0 "init on an existing ledger"
is_out "" "second init: nothing on stdout"
is_err "" "second init: nothing on stderr"
is "13" "$(sql 'SELECT count(*) FROM units')" "second init keeps the units"
is "2" "$(sql 'PRAGMA user_version')" "second init keeps user_version"
is "600" "$(mode hotline.db)" "second init keeps mode 0600"
run hl-ledger check
is_rc 0 "the ledger checks clean after a second init"

# -d and HL_DB name the ledger; -d wins.
run hl-ledger -d other.db init
is_rc 0 "init -d other.db"
is "2" "$(sqlite3 other.db 'PRAGMA user_version')" "-d made other.db"
run env HL_DB="$T/third.db" hl-ledger --db fourth.db init
is_rc 0 "init with both HL_DB and --db"
if [ -e fourth.db ] && [ ! -e third.db ]; then
	ok "--db wins over HL_DB"
else
	not_ok "--db wins over HL_DB"
fi
mkdir sub
(cd sub && unset HL_DB && hl-ledger init)
if [ -e sub/hotline.db ]; then
	ok "without -d or HL_DB the ledger is ./hotline.db"
else
	not_ok "without -d or HL_DB the ledger is ./hotline.db"
fi

# Programs that only read never create the ledger.
run hl-ledger -d missing.db check
is_rc 66 "check of a missing ledger: 66"
is_err "hl-ledger: ledger 'missing.db' does not exist (create it with 'hl-ledger init')" \
	"check of a missing ledger: the message"
is_out "" "check of a missing ledger: nothing on stdout"
run hl-ledger -d missing.db backup copy.db
is_rc 66 "backup of a missing ledger: 66"
is_err "hl-ledger: ledger 'missing.db' does not exist (create it with 'hl-ledger init')" \
	"backup of a missing ledger: the message"
if [ ! -e missing.db ] && [ ! -e missing.db.lock ] && [ ! -e copy.db ]; then
	ok "reading a missing ledger creates no file"
else
	not_ok "reading a missing ledger creates no file"
	diag "$(ls)"
fi
run env HL_DB="$T/nowhere/hotline.db" hl-ledger check
is_rc 66 "check with HL_DB in a missing directory: 66"
is_err "hl-ledger: ledger '$T/nowhere/hotline.db' does not exist (create it with 'hl-ledger init')" \
	"check names the ledger from HL_DB"

# An empty file is no ledger yet.
: >empty.db
run hl-ledger -d empty.db check
is_rc 66 "check of an empty file: 66"
is_err "hl-ledger: ledger 'empty.db' is empty; run 'hl-ledger init'" \
	"check of an empty file: the message"
run hl-ledger -d empty.db init
is_rc 0 "init turns an empty file into a ledger"
is "2" "$(sqlite3 empty.db 'PRAGMA user_version')" "empty.db has the schema"

# A file that is not SQLite at all.
printf 'unit,kind\n国土所,station\n' >text.db
run hl-ledger -d text.db check
is_rc 65 "check of a text file: 65"
is_err "hl-ledger: cannot read the ledger: 'text.db' is not a ledger (file is not a database)" \
	"check of a text file: the message"
run hl-ledger -d text.db init
is_rc 65 "init of a text file: 65"
like "'text.db' is not a ledger" "$(cat "$ERR")" \
	"init of a text file: the message"
is "$(printf 'unit,kind\n国土所,station')" "$(cat text.db)" \
	"init leaves the text file alone"

# Another program's SQLite database, with its own application id.
sqlite3 app.db 'CREATE TABLE notes (a); PRAGMA application_id = 42;'
run hl-ledger -d app.db init
is_rc 65 "init of another application's database: 65"
is_err "hl-ledger: 'app.db' is not a hotline ledger" \
	"init of another application's database: the message"
run hl-ledger -d app.db check
is_rc 65 "check of another application's database: 65"
is_err "hl-ledger: 'app.db' is not a hotline ledger" \
	"check of another application's database: the message"
run hl-ledger -d app.db import units units.csv
is_rc 65 "import into another application's database: 65"
is "notes" "$(sqlite3 app.db "SELECT group_concat(name) FROM sqlite_schema")" \
	"another application's database is left alone"

# A database without an application id that already has tables of its own
# is not an empty ledger either: init must not add our schema to it.
sqlite3 notes.db 'CREATE TABLE notes (a); INSERT INTO notes VALUES (1);'
run hl-ledger -d notes.db init
is_rc 65 "init of a foreign database without application id: 65"
is_err "hl-ledger: 'notes.db' is not a hotline ledger" \
	"init of a foreign database without application id: the message"
is "notes" "$(sqlite3 notes.db "SELECT group_concat(name) FROM sqlite_schema")" \
	"a foreign database without application id is left alone"
sqlite3 clash.db 'CREATE TABLE tickets (a);'
run hl-ledger -d clash.db init
is_rc 65 "init of a foreign database with a 'tickets' table: 65"
is_err "hl-ledger: 'clash.db' is not a hotline ledger" \
	"init of a foreign database with a 'tickets' table: the message"

# A ledger from a newer hotline.
hl-ledger -d newer.db init
sqlite3 newer.db 'PRAGMA user_version = 99' >/dev/null
run hl-ledger -d newer.db check
is_rc 65 "a ledger with a newer schema: 65"
is_err "hl-ledger: ledger 'newer.db' has schema 99, newer than this hotline's (2): upgrade the programs" \
	"a ledger with a newer schema: the message"
run hl-ledger -d newer.db init
is_rc 65 "init does not downgrade a newer ledger"
is "99" "$(sqlite3 newer.db 'PRAGMA user_version')" "user_version stays 99"

# --help and --version.
run hl-ledger --help
is_rc 0 "--help exits 0"
like '^usage: hl-ledger ' "$(head -n 1 "$OUT")" "--help prints the usage"
like 'import TABLE FILE' "$(cat "$OUT")" "--help shows import TABLE FILE"
is_err "" "--help prints nothing on stderr"
run hl-ledger -h
is_rc 0 "-h exits 0"
like '^usage: hl-ledger ' "$(head -n 1 "$OUT")" "-h prints the usage"
run hl-ledger --version
is_rc 0 "--version exits 0"
is_out "hl-ledger (hotline) 0.1.0" "--version prints name and version"
is_err "" "--version prints nothing on stderr"
run hl-ledger -V
is_out "hl-ledger (hotline) 0.1.0" "-V prints name and version"

# Usage errors: 64, a message and the hint on stderr, nothing on stdout,
# and no ledger created.
mkdir usage
cd usage || exit 1
HL_DB=$T/usage/hotline.db
usage_error() {
	expect=$1
	shift
	run hl-ledger "$@"
	is_rc 64 "hl-ledger $*: 64"
	is_err "$expect
Try 'hl-ledger --help' for more information." "hl-ledger $*: the message"
	is_out "" "hl-ledger $*: nothing on stdout"
	if [ -e hotline.db ]; then
		not_ok "hl-ledger $*: no ledger created"
		rm -f hotline.db hotline.db-wal hotline.db-shm hotline.db.lock
	else
		ok "hl-ledger $*: no ledger created"
	fi
}
usage_error "hl-ledger: missing command (init, check, seal, backup or import)"
usage_error "hl-ledger: unknown command 'frobnicate'" frobnicate
usage_error "hl-ledger: unknown command 'Init'" Init
usage_error "hl-ledger: init: expected 0 arguments" init extra
usage_error "hl-ledger: check: expected 0 arguments" check extra
usage_error "hl-ledger: backup: expected 1 argument" backup
usage_error "hl-ledger: backup: expected 1 argument" backup a.db b.db
usage_error "hl-ledger: import: expected 2 arguments" import
usage_error "hl-ledger: import: expected 2 arguments" import units
usage_error "hl-ledger: import: expected 2 arguments" import units a.csv b.csv
usage_error "hl-ledger: unknown table 'bogus' (units, people, villages, routes, policy, calendar or channels)" \
	import bogus ../units.csv
usage_error "hl-ledger: unknown table 'unit' (units, people, villages, routes, policy, calendar or channels)" \
	import unit ../units.csv
usage_error "hl-ledger: unknown option '--bogus'" --bogus init
usage_error "hl-ledger: unknown option '-x'" -x init
usage_error "hl-ledger: unknown option '-x'" -qx init
usage_error "hl-ledger: option '-d' needs an argument" -d
usage_error "hl-ledger: option '--db' needs an argument" --db
usage_error "hl-ledger: --now: cannot read time 'yesterday' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" --now yesterday init
usage_error "hl-ledger: --now: cannot read time '2026-02-29 10:00' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" \
	--now '2026-02-29 10:00' init
cd "$T" || exit 1

done_testing
