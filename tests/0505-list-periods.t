#!/bin/sh
# hl-list --month YYYY-MM and --week YYYY-Www: the tickets received in a
# calendar month or an ISO 8601 week (Monday 00:00 to the next Monday
# 00:00), in the ledger's own time zone whatever TZ says; the same periods
# as hl-rank's.  A month or week that does not exist is explained
# ("2025 has 52 weeks"); one period at most; usage errors come before the
# ledger is opened.  --help and hl-list(1) list the new options.
. "$(dirname "$0")/lib.sh"

export HL_NOW=2027-01-10T12:00:00+08:00
hl-ledger -q init || { echo "Bail out! cannot init"; exit 1; }
# Around the edges of September/October/November 2026, ISO weeks 43 to 45
# (W44 is Monday October 26 to Sunday November 1), and week 53 of 2026,
# which runs into 2027 (Monday December 28 to Sunday January 3).
hl-intake -q >/dev/null <<'END' || { echo "Bail out! cannot take in"; exit 1; }
{"id":"A","received_at":"2026-09-30T23:59:59+08:00","content":"a","kind":"complaint"}
{"id":"B","received_at":"2026-10-01T00:00:00+08:00","content":"b","kind":"consult"}
{"id":"C","received_at":"2026-10-25T23:30:00+08:00","content":"c","kind":"complaint"}
{"id":"D","received_at":"2026-10-26T00:00:00+08:00","content":"d","kind":"consult"}
{"id":"E","received_at":"2026-10-31T23:59:59+08:00","content":"e","kind":"complaint"}
{"id":"F","received_at":"2026-11-01T00:00:00+08:00","content":"f","kind":"consult"}
{"id":"G","received_at":"2026-11-02T00:00:00+08:00","content":"g","kind":"consult"}
{"id":"H","received_at":"2026-12-28T08:00:00+08:00","content":"h","kind":"consult"}
{"id":"I","received_at":"2027-01-03T23:00:00+08:00","content":"i","kind":"consult"}
{"id":"J","received_at":"2027-01-04T00:00:00+08:00","content":"j","kind":"consult"}
END

# list ARGS...: the ids hl-list prints, on one line (exit status in $rc)
list() {
	run hl-list "$@"
	jq -r .id "$OUT" | paste -sd' ' -
}

# ---- months ----
is 'B C D E' "$(list --month 2026-10)" "--month 2026-10: October 1 00:00 to 31 23:59:59"
is 0 "$rc" "--month: exit 0"
is_err "" "--month: nothing on stderr"
is 'A' "$(list -m 2026-9)" "-m 2026-9: a one-digit month"
is 'F G' "$(list --month 2026-11)" "--month 2026-11"
is 'I J' "$(list --month 2027-01)" "--month 2027-01"
is '' "$(list --month 2026-08)" "--month 2026-08: no ticket, no error"
is 0 "$rc" "an empty month: exit 0"

# ---- ISO weeks ----
is 'D E F' "$(list --week 2026-W44)" "--week 2026-W44: Monday October 26 to Sunday November 1"
is 'C' "$(list -w 2026-w43)" "-w 2026-w43: the W may be lower case"
is 'G' "$(list --week 2026-W45)" "--week 2026-W45"
is 'H I' "$(list --week 2026-W53)" "--week 2026-W53: 2026 has 53 weeks, the last into 2027"
is 'J' "$(list --week 2027-W01)" "--week 2027-W01 starts on Monday January 4"

# ---- with other filters ----
is 'C E' "$(list --month 2026-10 --kind complaint)" "--month with --kind: both apply"
is 'E' "$(list --week 2026-W44 -k complaint)" "--week with --kind"
is 'D' "$(list --week 2026-W44 D A B)" "--week with ids"

# ---- the ledger's zone, not TZ ----
for tz in UTC America/New_York; do
	is 'B C D E' "$(TZ=$tz list --month 2026-10)" "TZ=$tz: --month is still Shanghai's October"
	is 'D E F' "$(TZ=$tz list --week 2026-W44)" "TZ=$tz: --week is still Shanghai's week"
done

# A ledger in London: its months and weeks are London's.  Summer time ends
# on Sunday October 25, 2026, inside week 43.
L=$T/london.db
HL_DB=$L hl-ledger -q init --zone Europe/London ||
    { echo "Bail out! cannot init in London"; exit 1; }
HL_DB=$L hl-intake -q >/dev/null <<'END' || { echo "Bail out! cannot take in"; exit 1; }
{"id":"X1","received_at":"2026-09-30T23:30:00+01:00","content":"x1"}
{"id":"X2","received_at":"2026-10-01T00:30:00+01:00","content":"x2"}
{"id":"X3","received_at":"2026-10-25T23:30:00Z","content":"x3"}
{"id":"X4","received_at":"2026-10-31T23:30:00Z","content":"x4"}
{"id":"X5","received_at":"2026-11-01T00:30:00Z","content":"x5"}
END
is 'X2 X3 X4' "$(HL_DB=$L list --month 2026-10)" \
    "London's October: from October 1 00:00 BST to November 1 00:00 GMT"
is 'X3' "$(HL_DB=$L list --week 2026-W43)" \
    "London's week 43 ends at Monday October 26 00:00 GMT (X3 is Sunday 23:30)"
is 'X4 X5' "$(HL_DB=$L list --week 2026-W44)" "London's week 44"

# ---- errors: exit 64, the message, the hint, nothing on stdout ----
usage_error() {
	msg=$1
	shift
	run hl-list "$@"
	is_rc 64 "hl-list $*: exit 64"
	is_err "hl-list: $msg
Try 'hl-list --help' for more information." "hl-list $*: the message"
	is_out "" "hl-list $*: nothing on stdout"
}
usage_error "--week: '2025-W53': 2025 has 52 weeks" --week 2025-W53
usage_error "--week: '2026-W54': 2026 has 53 weeks" -w 2026-W54
usage_error "--week: '2026-W00': weeks are numbered from 1" --week 2026-W00
usage_error "--week: expected YYYY-Www" --week 2026-44
usage_error "--week: expected YYYY-Www" --week 2026-W4x
usage_error "--week: expected YYYY-Www" --week W44
usage_error "--month: '2026-13': months are numbered 1 to 12" --month 2026-13
usage_error "--month: '2026-00': months are numbered 1 to 12" -m 2026-00
usage_error "--month: expected YYYY-MM" --month 2026/10
usage_error "--month: expected YYYY-MM" --month October
p="give one period: --month, --week or --from/--to"
usage_error "$p" --month 2026-10 --week 2026-W44
usage_error "$p" --month 2026-10 --from 2026-10-01
usage_error "$p" --week 2026-W44 --to 2026-11-01
# A period error comes before the ledger is looked at: 64, not 66, and
# no ledger is made.
run hl-list -d "$T/none.db" --week 2025-W53
is_rc 64 "a bad week with a missing ledger: 64 first"
[ -e "$T/none.db" ] && not_ok "no ledger is created" || ok "no ledger is created"
run hl-list -d "$T/none.db" --week 2026-W44
is_rc 66 "a good week with a missing ledger: 66"

# ---- --help and the man page ----
run hl-list --help
for o in --month --week -m -w; do
	like "(^| )$o[ ,]" "$(cat "$OUT")" "--help lists $o"
done
if command -v mandoc >/dev/null 2>&1; then
	missing=
	for o in $(grep -o -- '--[a-z-]*' "$OUT" | sort -u); do
		grep -q -- "Fl \\\\${o#-}" "$TOP/man/hl-list.1" || missing="$missing $o"
	done
	is "" "$missing" "hl-list(1) documents every long option of --help"
	is "$(sed -n '/^usage:/,/^$/p' "$OUT" | tr -s ' \n' ' ' |
	       sed 's/^usage: //; s/ $//')" \
	    "$(mandoc -Tascii "$TOP/man/hl-list.1" | col -bx |
	       sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d; $d' |
	       tr -s ' \n' ' ' | sed 's/^ //; s/ $//; s/ \.\.\./.../g')" \
	    "hl-list(1)'s SYNOPSIS is the usage line"
else
	skip "hl-list(1)" "no mandoc"
fi
done_testing
