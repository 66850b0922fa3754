#!/bin/sh
# hl-ledger import of the office's tables (units, people, villages, routes,
# policy) from CSV: row counts, what is stored, BOM and CRLF from Excel,
# replacing a table; every import all-or-nothing: bad rows named with
# file:line and the exact message, exit 78, nothing changed; unknown
# columns, duplicate keys, references between the tables.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/ledger.sh"

# dump TABLE: the whole table, sorted, to compare before and after
dump() {
	sql "SELECT * FROM $1 ORDER BY 1, 2"
}

# --- the township, table by table (import creates the ledger) ---------
for spec in units:13 people:15 villages:5 routes:6 policy:10; do
	t=${spec%:*} n=${spec#*:}
	run hl-ledger import "$t" "$t.csv"
	is_rc 0 "import $t"
	is_err "hl-ledger: $t: $n rows imported" "import $t: the summary names $n rows"
	is_out "" "import $t: nothing on stdout"
	is "$n" "$(sql "SELECT count(*) FROM $t")" "import $t: $n rows in the table"
done
is "2" "$(sql 'PRAGMA user_version')" "import created and migrated the ledger"
is "600" "$(mode hotline.db)" "the ledger import created is mode 0600"

is "center:1 discipline:1 leadership:1 station:5 village:5" \
	"$(sql "SELECT group_concat(kind || ':' || n, ' ') FROM (SELECT kind,
	        count(*) AS n FROM units GROUP BY kind ORDER BY kind)")" \
	"units by kind"
is "孙丽华|13800000005
李卫东|13800000002
王秀英|13800000003
陈静|053188886666" \
	"$(sql "SELECT name, phone FROM people WHERE name IN ('李卫东', '王秀英',
	        '孙丽华', '陈静') ORDER BY name")" \
	"phones are stored normalised (dashes, spaces, +86, 0086 removed)"
is "周明|cadre|党政办|zhouming@chenhu.gov.cn" \
	"$(sql "SELECT name, role, unit, email FROM people WHERE name = '周明'")" \
	"a person's row as imported"
is "1" "$(sql "SELECT email IS NULL FROM people WHERE name = '吴刚'")" \
	"an empty email cell is stored as NULL"
is "刘集村|西片|1|孙丽华" \
	"$(sql "SELECT village, area, cadre IS NULL, area_leader FROM villages
	        WHERE village = '刘集村'")" \
	"a village without a cadre: cadre is NULL"
is "农村土地流转|农业站
历史遗留问题|信访办
宅基地审批|国土所
政策咨询|党政办
生态及地震灾害避险搬迁|国土所
道路交通安全|交通安全站" "$(sql 'SELECT * FROM routes ORDER BY category')" \
	"routes as imported"
is "resolve|历史遗留问题|15wd" \
	"$(sql "SELECT * FROM policy WHERE scope = '历史遗留问题'")" \
	"a policy row scoped to a category"
run hl-ledger check
is_rc 0 "the imported township checks clean"
is_err "" "check is silent on a clean ledger"

# -q: no summary.
run hl-ledger -q import routes routes.csv
is_rc 0 "import -q"
is_err "" "import -q prints nothing"

# --- what Excel writes: a byte-order mark, CRLF, columns in any order ----
before=$(dump units)
{ printf '\357\273\277'; sed 's/$/\r/' units.csv; } >units-excel.csv
run hl-ledger import units units-excel.csv
is_rc 0 "units with a BOM and CRLF"
is_err "hl-ledger: units: 13 rows imported" "BOM and CRLF: 13 rows"
is "$before" "$(dump units)" "BOM and CRLF: the same units, no BOM, no CR"
is "0" "$(sql "SELECT count(*) FROM units WHERE unit LIKE char(65279) || '%'
               OR unit LIKE '%' || char(13) OR kind LIKE '%' || char(13)")" \
	"no BOM or CR inside a value"
printf '\357\273\277"unit","kind"\r\n"国土所","station"\r\n"农业站","station"\r\n' \
	>units-quoted.csv
run hl-ledger import units units-quoted.csv
is_rc 0 "a BOM before a quoted header"
is_err "hl-ledger: units: 2 rows imported" "a BOM before a quoted header: 2 rows"
printf 'station,category\n国土所,宅基地审批\n农业站,农村土地流转\n' >routes-swapped.csv
run hl-ledger import routes routes-swapped.csv
is_rc 0 "columns in another order"
is "农村土地流转|农业站
宅基地审批|国土所" "$(sql 'SELECT category, station FROM routes ORDER BY 2')" \
	"columns are matched by name, not position"
printf 'stage,limit\nrespond,20m\n' >policy-noscope.csv
run hl-ledger import policy policy-noscope.csv
is_rc 0 "policy without a scope column"
is "respond|*|20m" "$(sql 'SELECT * FROM policy')" "scope defaults to '*'"
printf 'stage,scope,limit\nrespond,,20m\nresolve,consult,2wd\n' >policy-empty-scope.csv
run hl-ledger import policy policy-empty-scope.csv
is_rc 0 "policy with an empty scope cell"
is "resolve|consult|2wd
respond|*|20m" "$(sql 'SELECT * FROM policy ORDER BY 1')" \
	"an empty scope cell is '*'"

# Each import replaces its table.
hl-ledger -q import units units.csv
hl-ledger -q import routes routes.csv
hl-ledger -q import policy policy.csv
printf 'category,station\n宅基地审批,国土所\n' >routes-one.csv
run hl-ledger import routes routes-one.csv
is_rc 0 "import of one route"
is "宅基地审批|国土所" "$(sql 'SELECT * FROM routes')" \
	"the import replaced the six routes by one"
hl-ledger -q import routes routes.csv

# --- all or nothing -----------------------------------------------------
# bad_import TABLE FILE EXPECTED-STDERR NAME: exit 78, exactly that on
# stderr, and the table unchanged.
bad_import() {
	before=$(dump "$1")
	run hl-ledger import "$1" "$2"
	is_rc 78 "$4: exit 78"
	is_err "$3" "$4: the message"
	is_out "" "$4: nothing on stdout"
	is "$before" "$(dump "$1")" "$4: $1 unchanged"
}

cat >units-bad.csv <<'CSV'
unit,kind
国土所,station
农业站,station
水利站,office
李家村,village
CSV
bad_import units units-bad.csv \
"hl-ledger: error (at units-bad.csv:4): unknown unit kind 'office' (expected station, village, center, leadership or discipline)
hl-ledger: units-bad.csv: nothing imported: fix what is named above" \
	"one bad unit kind among good rows"

cat >people-bad.csv <<'CSV'
name,role,unit,phone,email
张三,cadre,水利站,13800000101,
李四,boss,国土所,13800000102,
王五,cadre,国土所,12345,
赵六,cadre,国土所,13800000103,zhao at chenhu
钱七,cadre,国土所,13800000104,
CSV
bad_import people people-bad.csv \
"hl-ledger: error (at people-bad.csv:2): unknown unit '水利站' (import units first)
hl-ledger: error (at people-bad.csv:3): unknown role 'boss' (expected cadre, area_leader, station_head, village_head, deputy, principal, discipline, grid or center)
hl-ledger: error (at people-bad.csv:4): column 'phone': not a plausible phone number
hl-ledger: error (at people-bad.csv:5): column 'email': not an address
hl-ledger: people-bad.csv: nothing imported: fix what is named above" \
	"every bad person is named"
is "0" "$(sql "SELECT count(*) FROM people WHERE name = '钱七'")" \
	"the good row of a bad file is not imported"

cat >units-missing.csv <<'CSV'
unit,kind
国土所,station
农业站,
CSV
bad_import units units-missing.csv \
"hl-ledger: error (at units-missing.csv:3): missing 'kind'
hl-ledger: units-missing.csv: nothing imported: fix what is named above" \
	"a required cell left empty"

# Line numbers are physical lines: blank lines and a quoted field over
# two lines count.
cat >villages-lines.csv <<'CSV'
village,area,cadre,area_leader

李家村,"东片
（李家村、王庄村）",周明,赵志刚

王庄村,东片,吴刚,赵志刚
张湾村,西片,钱七,孙丽华
CSV
bad_import villages villages-lines.csv \
"hl-ledger: error (at villages-lines.csv:7): cadre '钱七' is not in people (import people first)
hl-ledger: villages-lines.csv: nothing imported: fix what is named above" \
	"the line number counts blank and continued lines"

# Broken CSV.
printf 'unit,kind\n国土所,station\n"农业站,station\n' >units-quote.csv
bad_import units units-quote.csv \
"hl-ledger: error (at units-quote.csv:3): malformed CSV (a stray or unclosed quote)
hl-ledger: units-quote.csv: nothing imported: fix what is named above" \
	"an unclosed quote"
printf 'unit,kind\n国土所,station\n农业站,station,extra\n' >units-fields.csv
bad_import units units-fields.csv \
"hl-ledger: error (at units-fields.csv:3): row has 3 fields, the header has 2
hl-ledger: units-fields.csv: nothing imported: fix what is named above" \
	"a row with a field too many"
printf 'unit,kind\n国土所,station\n\271\372\315\301\313\371,station\n' >units-gbk.csv
before=$(dump units)
run hl-ledger import units units-gbk.csv
is_rc 78 "a GBK row: exit 78"
like "^hl-ledger: error \\(at units-gbk.csv:3\\): input is not valid UTF-8" \
	"$(head -n 1 "$ERR")" "a GBK row: named with file:line"
is "$before" "$(dump units)" "a GBK row: units unchanged"
# The advice may only name an option that hl-ledger has.
if grep -q -- '--encoding' "$ERR"; then
	run hl-ledger --encoding gb18030 import units units-gbk.csv
	is_rc 0 "the advised --encoding gb18030 exists in hl-ledger"
else
	ok "the advice names no option hl-ledger lacks"
fi

# Extra or misspelt columns are an error, so that a typo is caught.
printf 'unit,kind,remark\n国土所,station,国土资源\n' >units-extra.csv
bad_import units units-extra.csv \
"hl-ledger: units: unknown column 'remark' (the columns are unit,kind)
hl-ledger: units-extra.csv: nothing imported: fix what is named above" \
	"an extra column"
printf 'name,role,unit,phone_number,email\n张三,cadre,国土所,13800000101,\n' \
	>people-typo.csv
bad_import people people-typo.csv \
"hl-ledger: people: unknown column 'phone_number' (the columns are name,role,unit,phone,email)
hl-ledger: people-typo.csv: nothing imported: fix what is named above" \
	"a misspelt column"
printf 'unit,kind,kind\n国土所,station,station\n' >units-twice.csv
bad_import units units-twice.csv \
"hl-ledger: error (at units-twice.csv:1): columns 2 and 3 both give 'kind'
hl-ledger: units-twice.csv: nothing imported: fix what is named above" \
	"a column named twice"

# Duplicate keys.
cat >units-dup.csv <<'CSV'
unit,kind
国土所,station
农业站,station
国土所,station
CSV
bad_import units units-dup.csv \
"hl-ledger: error (at units-dup.csv:4): unit '国土所' appears twice
hl-ledger: units-dup.csv: nothing imported: fix what is named above" \
	"a unit twice"
cat >people-dup.csv <<'CSV'
name,role,unit,phone,email
周明,cadre,党政办,13800000006,
吴刚,cadre,农业站,13800000007,
周明,grid,李家村,13800000106,
CSV
bad_import people people-dup.csv \
"hl-ledger: error (at people-dup.csv:4): name '周明' appears twice
hl-ledger: people-dup.csv: nothing imported: fix what is named above" \
	"a person twice"
cat >villages-dup.csv <<'CSV'
village,area,cadre,area_leader
李家村,东片,周明,赵志刚
李家村,西片,郑涛,孙丽华
CSV
bad_import villages villages-dup.csv \
"hl-ledger: error (at villages-dup.csv:3): village '李家村' appears twice
hl-ledger: villages-dup.csv: nothing imported: fix what is named above" \
	"a village twice"
cat >routes-dup.csv <<'CSV'
category,station
宅基地审批,国土所
道路交通安全,交通安全站
宅基地审批,农业站
CSV
bad_import routes routes-dup.csv \
"hl-ledger: error (at routes-dup.csv:4): category '宅基地审批' appears twice
hl-ledger: routes-dup.csv: nothing imported: fix what is named above" \
	"a category routed twice"
cat >policy-dup.csv <<'CSV'
stage,scope,limit
respond,*,30m
respond,consult,20m
respond,,45m
CSV
bad_import policy policy-dup.csv \
"hl-ledger: error (at policy-dup.csv:4): stage 'respond' with scope '*' appears twice
hl-ledger: policy-dup.csv: nothing imported: fix what is named above" \
	"a policy stage and scope twice ('' is '*')"

# References between the tables.
cat >villages-ref.csv <<'CSV'
village,area,cadre,area_leader
李家村,东片,钱七,赵志刚
王庄村,东片,吴刚,孙八
张湾村,西片,郑涛,孙丽华
CSV
bad_import villages villages-ref.csv \
"hl-ledger: error (at villages-ref.csv:2): cadre '钱七' is not in people (import people first)
hl-ledger: error (at villages-ref.csv:3): area_leader '孙八' is not in people (import people first)
hl-ledger: villages-ref.csv: nothing imported: fix what is named above" \
	"villages' cadre and area leader must be people"
cat >routes-ref.csv <<'CSV'
category,station
宅基地审批,国土所
政策咨询,李家村
历史遗留问题,水利站
道路交通安全,镇纪委
CSV
bad_import routes routes-ref.csv \
"hl-ledger: error (at routes-ref.csv:3): station '李家村' is not a unit of kind station
hl-ledger: error (at routes-ref.csv:4): station '水利站' is not a unit of kind station
hl-ledger: error (at routes-ref.csv:5): station '镇纪委' is not a unit of kind station
hl-ledger: routes-ref.csv: nothing imported: fix what is named above" \
	"routes must go to a unit of kind station"
cat >policy-bad.csv <<'CSV'
stage,scope,limit
respond,*,30
resolve,consult,1wd
warn,consult,80%
weights,*,30/35/30
bogus,*,1
CSV
bad_import policy policy-bad.csv \
"hl-ledger: error (at policy-bad.csv:2): respond: limit must be a number and a unit: 30m, 2h, 3d or 5wd
hl-ledger: error (at policy-bad.csv:4): warn: this setting takes scope '*' only
hl-ledger: error (at policy-bad.csv:5): weights: weights must be response/resolution/satisfaction[/completion] summing to 100, like 30/35/35 or 30/30/30/10
hl-ledger: error (at policy-bad.csv:6): bogus: unknown policy name (a stage: dispatch, respond, verify, plan, reply, follow_up, resolve, visit, late_resolve_2; or repeat_window, repeat_calls, warn, weights, min_tickets, extend_approvers, notify_attempts, quiet_hours)
hl-ledger: policy-bad.csv: nothing imported: fix what is named above" \
	"bad policy rows"

# A people file naming a unit that is only in a units file not yet
# imported fails; in the right order it works.
printf 'unit,kind\n水利站,station\n' >units-new.csv
printf 'name,role,unit,phone,email\n冯军,station_head,水利站,13800000120,\n' \
	>people-new.csv
bad_import people people-new.csv \
"hl-ledger: error (at people-new.csv:2): unknown unit '水利站' (import units first)
hl-ledger: people-new.csv: nothing imported: fix what is named above" \
	"people before their unit"

# A file that cannot be read changes nothing.
before=$(dump units)
run hl-ledger import units no-such-file.csv
is_rc 66 "import of a missing file: 66"
is_err "hl-ledger: cannot open 'no-such-file.csv': No such file or directory" \
	"import of a missing file: the message"
is "$before" "$(dump units)" "import of a missing file: units unchanged"

run hl-ledger check
is_rc 0 "after all the refused imports the ledger checks clean"

# An empty file has no header row: it is not a table to replace units with
# (a failed export would otherwise wipe the directory).
: >units-empty.csv
before=$(dump units)
run hl-ledger import units units-empty.csv
is_rc 78 "import of an empty file (no header row): 78"
like "units-empty.csv" "$(cat "$ERR")" "import of an empty file: names the file"
is "$before" "$(dump units)" "import of an empty file: units unchanged"

done_testing
