#!/bin/sh
# hl-report: the command line.  The kinds, what each takes, usage errors
# (64) before anything is read, a missing ledger (66), a time that does not
# parse, the formats, and a full disk (74).
. "$(dirname "$0")/lib.sh"

# usage EXPECTED-MESSAGE NAME ARGS...: a usage error with this message.
usage() {
	msg=$1 name=$2
	shift 2
	run hl-report "$@"
	is_rc 64 "$name: exit 64"
	is "hl-report: $msg
Try 'hl-report --help' for more information." "$(cat "$ERR")" \
	    "$name: says so"
	is_out "" "$name: nothing on stdout"
}

usage "no report kind (daily, instruct, consult, weekly, monthly, cases or hotspots)" \
    "no kind"
usage "unknown report kind 'yearly' (daily, instruct, consult, weekly, monthly, cases or hotspots)" \
    "an unknown kind" yearly
usage "unexpected argument 'extra'" "two kinds" daily extra
usage "--format: expected text, json or csv" "an unknown format" daily -f html
usage "--digest is for 'hl-report daily'" "--digest with weekly" weekly --digest
usage "--force is for 'hl-report daily'" "--force with consult" consult --force
usage "--verbose is for 'hl-report daily'" "-v with monthly" monthly -v
usage "--legacy is for 'hl-report consult'" "--legacy with daily" daily --legacy X
usage "--approved is for 'hl-report cases'" "--approved with daily" daily --approved
usage "--baseline is for 'hl-report hotspots'" "--baseline with cases" cases --baseline 2
usage "--baseline: expected a number of periods from 1 to 120" \
    "--baseline 0" hotspots --baseline 0
usage "--baseline: expected a number of periods from 1 to 120" \
    "--baseline not a number" hotspots --baseline three
usage "--digest prints JSON lines" "--digest -f csv" daily --digest -f csv
usage "--digest is every person's part: no --for or --unit" \
    "--digest --for" daily --digest --for 刘洋
usage "option '--week' needs an argument" "--week without its argument" \
    weekly --week

# The ledger is read only: a missing one is 66, and is not created.
run hl-report daily
is_rc 66 "no ledger: exit 66"
like "hotline.db" "$(cat "$ERR")" "no ledger: names it"
if [ -e "$HL_DB" ]; then not_ok "no ledger: none is created"
else ok "no ledger: none is created"; fi

hl-ledger -q init
# Times and periods are read in the ledger's zone, after the options.
usage "--as-of: cannot read time 'yesterday' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" \
    "--as-of not a time" daily --as-of yesterday
usage "daily takes no period (--month, --week, --from, --to): it is as of the cut-off (--as-of)" \
    "daily with --month" daily --month 2026-09
usage "consult takes no period (--month, --week, --from, --to): it is as of the cut-off (--as-of)" \
    "consult with --week" consult --week 2026-W39
usage "--week: expected YYYY-Www" "--week 2026-39" weekly --week 2026-39
usage "--month: expected YYYY-MM" "--month 2026" monthly --month 2026
usage "--from and --to go together" "--from alone" cases --from 2026-09-01
usage "give one period: --month, --week or --from/--to" "two periods" \
    hotspots --month 2026-09 --week 2026-W39

# Every kind on an empty ledger: its title, and its empty tables.
for k in instruct consult weekly monthly cases hotspots; do
	run hl-report "$k" --now 2026-09-22T08:00:00+08:00
	is_rc 0 "$k on an empty ledger: exit 0"
	is_err "" "$k on an empty ledger: nothing on stderr"
	run hl-report "$k" --now 2026-09-22T08:00:00+08:00 -f json
	is "0" "$(jq -c . "$OUT" >/dev/null 2>&1; echo $?)" \
	    "$k -f json: every line is JSON"
	is "$k" "$(jq -r 'select(.table == "report") | .kind' "$OUT")" \
	    "$k -f json: the first line is the report's head"
done
run hl-report instruct --now 2026-09-22T08:00:00+08:00
is_out "件批示：待批示工单
受理 08-23 08:00 至 09-22 08:00，截至 09-22 08:00

【待批示（按受理先后）】
  没有待批示的工单" "instruct on an empty ledger: the title and the empty list"
# The daily sheet of a quiet ledger is none, as on a day off (cron mails
# nothing); --force makes it.
run hl-report daily --now 2026-09-22T08:00:00+08:00
is_rc 0 "daily on an empty ledger: exit 0"
is_out "" "daily on an empty ledger: nothing"
is_err "" "daily on an empty ledger: not a word (no terminal)"
run hl-report daily --now 2026-09-22T08:00:00+08:00 -v
is_err "hl-report: 2026-09-22 has nothing open and nothing waiting: no daily sheet (--force makes one)" \
    "daily -v on an empty ledger: says why"
run hl-report daily --now 2026-09-22T08:00:00+08:00 --force -f csv
is "table,kind,title,subtitle,from,to,as_of
report,daily,日调度 2026-09-22（星期二）,截至 09-22 08:00,2026-09-22T00:00:00+08:00,2026-09-23T00:00:00+08:00,2026-09-22T08:00:00+08:00

table,open,due_today,overdue,undispatched,awaiting_visit,repeat_callers,awaiting_instruct
summary,0,0,0,0,0,0,0" "$(tr -d '\r' <"$OUT" | sed -n 1,5p)" \
    "-f csv: each table a block with its header, the head first"
is "$(grep -c "$(printf '\r')\$" "$OUT")" "$(wc -l <"$OUT" | tr -d ' ')" \
    "-f csv: lines end in CRLF"
run hl-report daily --now 2026-09-22T08:00:00+08:00 --force -f csv --bom
is "efbbbf" "$(head -c 3 "$OUT" | od -An -tx1 | tr -d ' ')" \
    "--bom: CSV starts with a byte-order mark"
run hl-report daily --now 2026-09-22T08:00:00+08:00 --force -f ndjson
is "report summary" "$(jq -r .table "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "-f ndjson is -f json: a line a row (the empty tables have none)"

# A full disk.
run sh -c 'hl-report weekly --now 2026-09-28T08:00:00+08:00 >/dev/full'
is_rc 74 "standard output on a full disk: exit 74"
like "hl-report: error writing" "$(cat "$ERR")" "a full disk: says so"

done_testing
