#!/bin/sh
# hl-intake: the command line.  --help on stdout with exit 0, --version,
# usage errors with "Try 'hl-intake --help'" and exit 64 before anything
# is read or created.
. "$(dirname "$0")/lib.sh"

cp "$FIX/intake/aliases-zh1.csv" good.csv

for h in --help -h; do
	run hl-intake $h
	is_rc 0 "$h: exit 0"
	is "usage: hl-intake [-qu] [-d DB] [-f ndjson|csv] [-e ENCODING] [-m MAPFILE]" \
	    "$(head -n 1 "$OUT")" "$h: usage on stdout"
	is_err "" "$h: nothing on stderr"
	missing=
	for o in --db --format --encoding --map --rejects --update \
	    --repeat-window --batch --skew --now --quiet --help --version; do
		grep -q -- "$o" "$OUT" || missing="$missing $o"
	done
	is "" "$missing" "$h: every long option is listed"
done
[ -e "$HL_DB" ] && not_ok "--help creates no ledger" || ok "--help creates no ledger"

for v in --version -V; do
	run hl-intake $v
	is_rc 0 "$v: exit 0"
	like '^hl-intake \(hotline\) [0-9]+\.[0-9]+\.[0-9]+$' "$(cat "$OUT")" \
	    "$v: version line on stdout"
	is_err "" "$v: nothing on stderr"
done

# usage_error EXPECTED_MESSAGE ARGS...: exit 64, the message, the hint,
# nothing on stdout, no ledger created.
usage_error() {
	msg=$1
	shift
	run hl-intake "$@"
	is_rc 64 "hl-intake $*: exit 64"
	is_err "hl-intake: $msg
Try 'hl-intake --help' for more information." "hl-intake $*: message and hint"
	is_out "" "hl-intake $*: nothing on stdout"
}
usage_error "unknown option '--bogus'" --bogus good.csv
usage_error "unknown option '-x'" -x good.csv
usage_error "option '-d' needs an argument" -d
usage_error "option '--db' needs an argument" --db
usage_error "option '--map' needs an argument" good.csv --map
usage_error "--format: expected ndjson or csv" -f xml good.csv
usage_error "--format: expected ndjson or csv" --format=tsv good.csv
usage_error "--batch: expected 1 to 1000000" --batch 0 good.csv
usage_error "--batch: expected 1 to 1000000" -b ten good.csv
usage_error "--batch: expected 1 to 1000000" -b 1000001 good.csv
usage_error "--skew: expected seconds" --skew -1 good.csv
usage_error "--skew: expected seconds" --skew 5m good.csv
usage_error "--repeat-window: expected like 30d, 72h or 90m" -w 5wd good.csv
usage_error "--repeat-window: expected like 30d, 72h or 90m" --repeat-window 30 good.csv
usage_error "--repeat-window: expected like 30d, 72h or 90m" --repeat-window 0d good.csv
usage_error "--now: cannot read time 'tomorrow' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" --now tomorrow good.csv
HL_NOW=soon usage_error "HL_NOW: cannot read time 'soon' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" good.csv
[ -e "$HL_DB" ] && not_ok "usage errors create no ledger" || ok "usage errors create no ledger"

# The common options work.
run hl-intake -q -d "$T/other.db" --now 2026-11-25T12:30:00+08:00 good.csv
is_rc 0 "-d, --now and -q: exit 0"
is_err "hl-intake: warning (at good.csv:1): columns '承办意见', '回访要求' are not ticket fields: kept under extra (name them in a --map file, to a field or to extra)" \
    "-q: no summary (a warning is still said)"
is "2026-11-25T12:30:00+08:00" "$(jq -r .updated_at "$OUT" | sort -u)" \
    "--now is the time of the intake"
is 2 "$(sqlite3 "$T/other.db" 'SELECT count(*) FROM tickets')" "-d names the ledger"
[ -e "$HL_DB" ] && not_ok "-d beats HL_DB" || ok "-d beats HL_DB"
run hl-intake --db="$T/other2.db" good.csv
is_rc 0 "--db=PATH: exit 0"
is 2 "$(sqlite3 "$T/other2.db" 'SELECT count(*) FROM tickets')" "--db=PATH names the ledger"
(cd "$T" && mkdir cwd && cd cwd && env -u HL_DB hl-intake -q ../good.csv >/dev/null)
[ -s "$T/cwd/hotline.db" ] && ok "default ledger hotline.db in the current directory" ||
    not_ok "default ledger hotline.db in the current directory"

done_testing
