# lib.sh - what every shell test sources: a fresh temporary directory and
# ledger, TZ and a fixed "now", the built programs first on PATH, and TAP
# helpers that show the diff and the program's stderr when a check fails.
#
#   . "$(dirname "$0")/lib.sh"
#   run hl-intake tickets.csv      # sets $rc; stdout in $OUT, stderr in $ERR
#   is_rc 65 "bad record gives 65"
#   is_out "exact stdout" "$(cat expected)"
#   done_testing

set -u
TOP=$(cd "$(dirname "$0")/.." && pwd)
FIX=$TOP/tests/fixtures
T=$(mktemp -d "${TMPDIR:-/tmp}/hl-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
cd "$T" || exit 1
PATH=$TOP/cmd:$PATH
export PATH
export TZ=Asia/Shanghai LC_ALL=C.UTF-8
export HL_DB="$T/hotline.db"
export HL_NOW=2026-11-25T12:00:00+08:00
unset HL_BUSY_TIMEOUT NO_COLOR
OUT=$T/.out
ERR=$T/.err
rc=0
t_n=0
t_failed=0

# run CMD...: runs it with stdin from /dev/null unless redirected by the
# caller's own "run ... < file" (the redirection applies to run itself).
run() {
	"$@" >"$OUT" 2>"$ERR"
	rc=$?
	return 0
}

ok() {
	t_n=$((t_n + 1))
	echo "ok $t_n - $1"
}

not_ok() {
	t_n=$((t_n + 1))
	t_failed=$((t_failed + 1))
	echo "not ok $t_n - $1"
}

# diag TEXT...: lines as TAP comments
diag() {
	printf '%s\n' "$@" | sed 's/^/# /'
}

show_err() {
	if [ -s "$ERR" ]; then
		echo "# stderr was:"
		sed 's/^/#   /' "$ERR"
	fi
}

# is_rc EXPECTED NAME: the last run's exit status
is_rc() {
	if [ "$rc" = "$1" ]; then
		ok "$2"
	else
		not_ok "$2"
		diag "exit status $rc, expected $1"
		show_err
	fi
}

# is EXPECTED ACTUAL NAME: two strings equal, with a diff if not
is() {
	if [ "$1" = "$2" ]; then
		ok "$3"
	else
		not_ok "$3"
		printf '%s\n' "$1" >"$T/.expected"
		printf '%s\n' "$2" >"$T/.actual"
		diff -u "$T/.expected" "$T/.actual" | sed '1,2d; s/^/# /'
		show_err
	fi
}

# is_out EXPECTED NAME: the last run's stdout
is_out() {
	is "$1" "$(cat "$OUT")" "$2"
}

# is_err EXPECTED NAME: the last run's stderr
is_err() {
	is "$1" "$(cat "$ERR")" "$2"
}

# is_file EXPECTED_FILE ACTUAL_FILE NAME
is_file() {
	if cmp -s "$1" "$2"; then
		ok "$3"
	else
		not_ok "$3"
		diff -u "$1" "$2" | sed 's/^/# /' | head -n 60
		show_err
	fi
}

# like PATTERN STRING NAME: grep -E match
like() {
	if printf '%s\n' "$2" | grep -Eq -- "$1"; then
		ok "$3"
	else
		not_ok "$3"
		diag "no match for /$1/ in:" "$2"
		show_err
	fi
}

# sql QUERY: runs a query on the test ledger, one row a line, '|' between
sql() {
	sqlite3 -batch "$HL_DB" "$1"
}

done_testing() {
	echo "1..$t_n"
	[ "$t_failed" = 0 ]
}

# skip NAME REASON: a test point that cannot run here (TAP "# SKIP")
skip() {
	t_n=$((t_n + 1))
	echo "ok $t_n - $1 # SKIP $2"
}
