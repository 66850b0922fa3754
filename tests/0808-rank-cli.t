#!/bin/sh
# hl-rank: the command line.  --help and --version; usage errors exit 64
# with the message and "Try 'hl-rank --help'", before the ledger is
# opened; a missing ledger is 66; a full disk on standard output is 74.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

for h in --help -h; do
	run hl-rank $h
	is_rc 0 "$h: exit 0"
	is "usage: hl-rank [-d DB] [-l LEVEL] [-m MONTH | -w WEEK | --from TIME --to TIME]" \
	    "$(head -n 1 "$OUT")" "$h: usage on stdout"
	is_err "" "$h: nothing on stderr"
	missing=
	for o in --db --by --month --week --from --to --as-of --format --bom \
	    --weights --min --explain --now --help --version; do
		grep -q -- "$o" "$OUT" || missing="$missing $o"
	done
	is "" "$missing" "$h: every long option is listed"
done
# The man page documents every option, and its SYNOPSIS is the usage line.
if command -v mandoc >/dev/null 2>&1; then
	run hl-rank --help
	missing=
	for o in $(grep -o -- '--[a-z-]*' "$OUT" | sort -u); do
		grep -q -- "Fl \\\\${o#-}" "$TOP/man/hl-rank.1" ||
		    grep -q -- "Fl ${o#-}" "$TOP/man/hl-rank.1" ||
		    missing="$missing $o"
	done
	is "" "$missing" "hl-rank(1) documents every long option of --help"
	is "$(sed -n '/^usage:/,/^$/p' "$OUT" | tr -s ' \n' ' ' | sed 's/^usage: //; s/ $//')" \
	    "$(mandoc -Tascii "$TOP/man/hl-rank.1" | col -bx |
	       sed -n '/^SYNOPSIS/,/^DESCRIPTION/p' | sed '1d; $d' |
	       tr -s ' \n' ' ' | sed 's/^ //; s/ $//')" \
	    "hl-rank(1)'s SYNOPSIS is the usage line"
	is "$(sed -n '/^\.Sh EXIT STATUS/,/^\.El/p' "$TOP/man/hl-intake.1")" \
	    "$(sed -n '/^\.Sh EXIT STATUS/,/^\.El/p' "$TOP/man/hl-rank.1")" \
	    "hl-rank(1)'s exit status table is the one of the other pages"
else
	skip "hl-rank(1)" "no mandoc"
fi
for v in --version -V; do
	run hl-rank $v
	is_rc 0 "$v: exit 0"
	like '^hl-rank \(hotline\) [0-9]+\.[0-9]+\.[0-9]+$' "$(cat "$OUT")" \
	    "$v: version line on stdout"
done
[ -e "$HL_DB" ] && not_ok "--help creates no ledger" || ok "--help creates no ledger"

# usage_error MESSAGE ARGS...: exit 64, the message and the hint on
# stderr, nothing on stdout.  The ledger does not exist: a usage error is
# found first.
usage_error() {
	msg=$1
	shift
	run hl-rank "$@"
	is_rc 64 "hl-rank $*: exit 64"
	is_err "hl-rank: $msg
Try 'hl-rank --help' for more information." "hl-rank $*: message and hint"
	is_out "" "hl-rank $*: nothing on stdout"
}
# Two periods.
p="give one period: --month, --week or --from/--to"
usage_error "$p" --month 2026-10 --week 2026-W42
usage_error "$p" --month 2026-10 --from 2026-10-01 --to 2026-10-31
usage_error "$p" -w 2026-W42 --to 2026-10-31
usage_error "$p" -m 2026-10 --from 2026-10-01
usage_error "--from and --to go together" --from 2026-10-01
usage_error "--from and --to go together" --to 2026-10-31
# Bad periods.
usage_error "--month: '2026-13': months are numbered 1 to 12" --month 2026-13
usage_error "--month: '2026-0': months are numbered 1 to 12" --month 2026-0
usage_error "--month: expected YYYY-MM" --month 2026/10
usage_error "--month: expected YYYY-MM" -m 202610
usage_error "--week: '2026-W54': 2026 has 53 weeks" --week 2026-W54
usage_error "--week: '2026-W0': weeks are numbered from 1" --week 2026-W0
usage_error "--week: expected YYYY-Www" -w 2026-42
# 2023 has 52 ISO weeks (its December 28 is a Thursday, and 2024-W01
# starts on January 1): there is no 2023-W53.
usage_error "--week: '2023-W53': 2023 has 52 weeks" --week 2023-W53
usage_error "--week: '2025-W53': 2025 has 52 weeks" --week 2025-W53
usage_error "--week: expected YYYY-Www" --week 2026-W100
usage_error "--week: expected YYYY-Www" --week 2026-W
usage_error "--from: cannot read time 'October' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" --from October --to 2026-10-31
usage_error "--to: cannot read time '31/10/2026' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" --from 2026-10-01 --to 31/10/2026
usage_error "--to is not after --from" --from 2026-10-10 --to 2026-10-09
usage_error "--to is not after --from" --from 2026-10-10T12:00 --to 2026-10-10T12:00
usage_error "--as-of: cannot read time 'yesterday' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" --month 2026-10 --as-of yesterday
# Levels, formats, weights, minimum.
b="--by: expected station, cadre, area, village or category"
usage_error "$b" --by town
usage_error "$b" -l Station
usage_error "--format: expected table, csv, tsv, json or html" -f xml
usage_error "--format: expected table, csv, tsv, json or html" --format JSON
usage_error "--explain prints a table or json" -f html -e 国土所
w="--weights: weights must be response/resolution/satisfaction[/completion] summing to 100, like 30/35/35 or 30/30/30/10"
usage_error "$w" --weights 40/40/40
usage_error "$w" --weights 30/35
usage_error "$w" --weights 30/35/35/1
usage_error "$w" --weights 30/35/35/0/0
usage_error "$w" --weights 30/35/35/
usage_error "$w" --weights a/b/c
usage_error "$w" --weights -10/55/55
usage_error "$w" --weights 30.5/34.5/35
usage_error "--min: expected a whole number" --min -1
usage_error "--min: expected a whole number" --min five
usage_error "--min: expected a whole number" --min 5.5
# The common ones.
usage_error "--now: cannot read time 'tomorrow' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" --now tomorrow
HL_NOW=soon usage_error "HL_NOW: cannot read time 'soon' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)"
usage_error "unknown option '--bogus'" --bogus
usage_error "unknown option '-x'" -x
usage_error "option '--month' needs an argument" --month
usage_error "option '-e' needs an argument" -e
usage_error "unexpected argument 'extra'" --month 2026-10 extra
[ -e "$HL_DB" ] && not_ok "usage errors create no ledger" ||
    ok "usage errors create no ledger"

# ---- the ledger ----
run hl-rank --month 2026-10
is_rc 66 "no ledger: exit 66"
is_err "hl-rank: ledger '$T/hotline.db' does not exist (create it with 'hl-ledger init')" \
    "no ledger: the message names it"
is_out "" "no ledger: nothing on stdout"
[ -e "$HL_DB" ] && not_ok "no ledger: none created" || ok "no ledger: none created"
run hl-rank -d "$T/other.db" --month 2026-10
is_rc 66 "-d missing: exit 66"
is_err "hl-rank: ledger '$T/other.db' does not exist (create it with 'hl-ledger init')" \
    "-d missing: the message names it"

# An empty ledger (the directory, no tickets): every unit listed, no rank.
rank_township
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json
is_rc 0 "no tickets: exit 0"
is "交通安全站 0,信访办 0,党政办 0,农业站 0,国土所 0,null 0," \
    "$(jq -r '"\(.unit) \(.tickets)"' "$OUT" | tr '\n' ',')" \
    "no tickets: the stations by name, then the total, all 0"
is "" "$(jq -r 'select(.rank != null or .score != null) | .unit' "$OUT")" \
    "no tickets: no rank, no score"
run hl-rank -d "$HL_DB" --month 2026-10 --as-of "$CUTOFF" -f json
is_rc 0 "-d names the ledger"

# A full disk on standard output: 74, said on stderr.
for f in table csv json; do
	hl-rank --month 2026-10 --as-of "$CUTOFF" -f $f >/dev/full 2>"$ERR"
	rc=$?
	is_rc 74 "-f $f on a full disk: exit 74"
	is_err "hl-rank: error writing standard output: No space left on device" \
	    "-f $f on a full disk: the message"
done
hl-rank --month 2026-10 --as-of "$CUTOFF" -e 国土所 >/dev/full 2>"$ERR"
rc=$?
is_rc 74 "--explain on a full disk: exit 74"

done_testing
