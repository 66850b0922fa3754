#!/bin/sh
# hl-ledger import calendar: the official holiday-cn files (2024-2026)
# merge by date, year by year; a date,workday CSV merges too; bad dates and
# flags are named and change nothing; holiday-cn files that are broken are
# refused.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/ledger.sh"
H=holiday-cn

hl-ledger init

run hl-ledger import calendar $H/2025.json
is_rc 0 "import holiday-cn 2025"
is_err "hl-ledger: calendar: 33 rows imported" "2025: 33 days"
is_out "" "2025: nothing on stdout"
is "33" "$(sql 'SELECT count(*) FROM calendar')" "2025: 33 rows"

run hl-ledger import calendar $H/2026.json
is_rc 0 "import holiday-cn 2026"
is_err "hl-ledger: calendar: 39 rows imported" "2026: 39 days"
is "72" "$(sql 'SELECT count(*) FROM calendar')" \
	"2025 then 2026: both years kept (33 + 39 rows)"
is "33|39" "$(sql "SELECT sum(date LIKE '2025-%'), sum(date LIKE '2026-%')
                   FROM calendar")" "33 days of 2025 and 39 of 2026"

run hl-ledger import calendar $H/2026.json
is_rc 0 "import 2026 again"
is "72" "$(sql 'SELECT count(*) FROM calendar')" \
	"importing a year again adds no rows"

run hl-ledger import calendar $H/2024.json
is_rc 0 "import holiday-cn 2024"
is_err "hl-ledger: calendar: 36 rows imported" "2024: 36 days"
is "108" "$(sql 'SELECT count(*) FROM calendar')" "three years: 108 rows"

# isOffDay true is a day off, false a make-up working day; names kept.
is "2024-02-04|1|春节
2025-01-01|0|元旦
2025-10-11|1|国庆节、中秋节
2026-01-04|1|元旦
2026-02-14|1|春节
2026-02-17|0|春节
2026-09-20|1|国庆节
2026-10-01|0|国庆节
2026-10-07|0|国庆节
2026-10-10|1|国庆节" \
	"$(sql "SELECT * FROM calendar WHERE date IN ('2024-02-04', '2025-01-01',
	        '2025-10-11', '2026-01-04', '2026-02-14', '2026-02-17',
	        '2026-09-20', '2026-10-01', '2026-10-07', '2026-10-10')
	        ORDER BY date")" "days off and make-up working days"
is "0" "$(sql "SELECT count(*) FROM calendar WHERE date = '2026-10-08'
               OR date = '2026-11-28'")" \
	"ordinary days are not in the table"
is "2026 make-up days: 6" \
	"2026 make-up days: $(sql "SELECT count(*) FROM calendar
	                           WHERE date LIKE '2026-%' AND workday = 1")" \
	"2026 has six make-up working days"
run hl-ledger check
is_rc 0 "the ledger with three calendars checks clean"

# A date,workday CSV (the office's own additions) merges as well.
run hl-ledger import calendar calendar.csv
is_rc 0 "import a date,workday CSV"
is_err "hl-ledger: calendar: 3 rows imported" "CSV: 3 rows"
is "111" "$(sql 'SELECT count(*) FROM calendar')" "108 + 3 new dates"
is "2026-12-31|0
2027-01-01|0
2027-01-04|1" "$(sql "SELECT date, workday FROM calendar WHERE date > '2026-12'
                      ORDER BY date")" "the CSV's days"
# A later import changes a date already there (merge by date).
printf 'date,workday,name\n2026-10-10,0,镇里调整\n' >calendar-change.csv
run hl-ledger import calendar calendar-change.csv
is_rc 0 "import a CSV that changes a known date"
is "111" "$(sql 'SELECT count(*) FROM calendar')" "no row added"
is "0|镇里调整" "$(sql "SELECT workday, name FROM calendar
                       WHERE date = '2026-10-10'")" "2026-10-10 changed"
run hl-ledger import calendar $H/2026.json
is "1|国庆节" "$(sql "SELECT workday, name FROM calendar
                     WHERE date = '2026-10-10'")" \
	"importing 2026.json again restores it"

# Bad calendar rows: named, nothing changed.
before=$(sql 'SELECT * FROM calendar ORDER BY date')
cat >calendar-bad.csv <<'CSV'
date,workday
2026-12-30,0
2026-02-30,0
2026-10-10,2
20261010,1
2026/10/10,1
2026-10-11,yes
CSV
run hl-ledger import calendar calendar-bad.csv
is_rc 78 "bad calendar rows: 78"
is_err "hl-ledger: error (at calendar-bad.csv:3): column 'date': expected YYYY-MM-DD, not '2026-02-30'
hl-ledger: error (at calendar-bad.csv:4): column 'workday': expected 1 or 0, not '2'
hl-ledger: error (at calendar-bad.csv:5): column 'date': expected YYYY-MM-DD, not '20261010'
hl-ledger: error (at calendar-bad.csv:6): column 'date': expected YYYY-MM-DD, not '2026/10/10'
hl-ledger: error (at calendar-bad.csv:7): column 'workday': expected 1 or 0, not 'yes'
hl-ledger: calendar-bad.csv: nothing imported: fix what is named above" \
	"bad calendar rows: each named"
is "$before" "$(sql 'SELECT * FROM calendar ORDER BY date')" \
	"bad calendar rows: the good one (2026-12-30) is not imported either"
printf 'date,workday,holiday\n2026-12-30,0,x\n' >calendar-col.csv
run hl-ledger import calendar calendar-col.csv
is_rc 78 "a calendar CSV with an unknown column: 78"
is_err "hl-ledger: calendar: unknown column 'holiday' (the columns are date,workday,name)
hl-ledger: calendar-col.csv: nothing imported: fix what is named above" \
	"a calendar CSV with an unknown column: the message"

# holiday-cn files that are not right.
cat >holiday-bad.json <<'JSON'
{"year": 2027, "days": [
  {"name": "元旦", "date": "2027-01-01", "isOffDay": true},
  {"name": "春节", "date": "2027-02-06"},
  {"name": "春节", "date": "2027-02-30", "isOffDay": true},
  {"name": "春节", "date": "2027-02-07", "isOffDay": "true"}
]}
JSON
run hl-ledger import calendar holiday-bad.json
is_rc 78 "a holiday-cn file with bad days: 78"
is_err "hl-ledger: error (at holiday-bad.json days:2): expected date and isOffDay
hl-ledger: error (at holiday-bad.json days:3): column 'date': expected YYYY-MM-DD, not '2027-02-30'
hl-ledger: error (at holiday-bad.json days:4): expected date and isOffDay
hl-ledger: holiday-bad.json: nothing imported: fix what is named above" \
	"a holiday-cn file with bad days: each named"
is "$before" "$(sql 'SELECT * FROM calendar ORDER BY date')" \
	"a holiday-cn file with bad days: nothing imported"
printf '{"year": 2027, "days": [}\n' >holiday-broken.json
run hl-ledger import calendar holiday-broken.json
is_rc 78 "invalid JSON: 78"
is_err "hl-ledger: holiday-broken.json:1: invalid JSON: unexpected token near '}'" \
	"invalid JSON: the message names file and line"
printf '{"year": 2027}\n' >holiday-nodays.json
run hl-ledger import calendar holiday-nodays.json
is_rc 78 "JSON without days: 78"
like '^hl-ledger: holiday-nodays.json: not a holiday-cn file \(no "days" array\)$' \
	"$(head -n 1 "$ERR")" "JSON without days: the message"
is "$before" "$(sql 'SELECT * FROM calendar ORDER BY date')" \
	"refused JSON files change nothing"

# Only the calendar takes JSON.
printf '{"year": 2026, "days": []}\n' >units.json
run hl-ledger import units units.json
is_rc 78 "units from a JSON file: 78"

# Saved by Windows Notepad, a JSON file starts with a byte-order mark.
{ printf '\357\273\277'; cat $H/2026.json; } >2026-bom.json
hl-ledger -d bom.db init
run hl-ledger -d bom.db import calendar 2026-bom.json
is_rc 0 "a holiday-cn file with a BOM"
is "39" "$(sqlite3 bom.db 'SELECT count(*) FROM calendar')" \
	"a holiday-cn file with a BOM: 39 rows"

done_testing
