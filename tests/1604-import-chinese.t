#!/bin/sh
# hl-ledger import reads an office's own spreadsheet: Chinese headers for
# every table, and the unit kinds and roles as people write them, stored
# as the English codes (hl-ledger(1), TABLES).  The example directory of
# scripts/setup/ (Chinese) imports to exactly the tables of the sample
# township (scripts/sample/, English); Excel's byte-order mark and CRLF
# are fine; an unknown header, a header given twice, an unknown kind or
# role are refused as before, and nothing is imported.
. "$(dirname "$0")/lib.sh"

S=$TOP/scripts/sample
Z=$TOP/scripts/setup
# directory DB DIR: units, people, villages, routes of DIR into DB
directory() {
	for t in units people villages routes; do
		hl-ledger -q -d "$1" import $t "$2/$t.csv" || return 1
	done
}
# tables DB: the directory's rows
tables() {
	sqlite3 -batch "$1" "SELECT * FROM units ORDER BY unit;
	    SELECT * FROM people ORDER BY name; SELECT * FROM villages ORDER BY village;
	    SELECT * FROM routes ORDER BY category"
}

run directory "$T/zh.db" "$Z"
is_rc 0 "scripts/setup/ (Chinese headers and words) imports"
is_err "" "silently with -q"
directory "$T/en.db" "$S" 2>"$T/setup.err" ||
    echo "Bail out! cannot import the sample: $(cat "$T/setup.err")"
is "$(tables "$T/en.db")" "$(tables "$T/zh.db")" \
    "the same directory as the sample township's English tables"
is "$(head -n 1 "$Z/people.csv")" "姓名,职务,所在单位,手机,邮箱" "the example's headers are Chinese"

# ---- each Chinese header, table by table ----
# header TABLE COLUMN TEXT CSV-ROW SQL: a file headed TEXT (the other
# columns in English) imports, and SQL reads back the value.
hdr() {
	printf '%s\n%s\n' "$4" "$5" >"$T/h.csv"
	run hl-ledger -q -d "$T/h.db" import "$1" "$T/h.csv"
	is_rc 0 "$1: header '$3' is $2"
}
rm -f "$T/h.db"
hl-ledger -q -d "$T/h.db" init
for h in 单位 单位名称; do
	hdr units unit "$h" "$h,kind" "国土所,station"
	is "国土所|station" "$(sqlite3 "$T/h.db" 'SELECT * FROM units')" "  stored as unit"
done
for h in 类型 单位类型; do
	hdr units kind "$h" "unit,$h" "国土所,station"
	is "国土所|station" "$(sqlite3 "$T/h.db" 'SELECT * FROM units')" "  stored as kind"
done
hl-ledger -q -d "$T/h.db" import units "$S/units.csv"
for h in 姓名; do
	hdr people name "$h" "$h,role" "王芳,grid"
	is "王芳|grid" "$(sqlite3 "$T/h.db" 'SELECT name, role FROM people')" "  stored as name"
done
for h in 角色 职务; do
	hdr people role "$h" "name,$h" "王芳,grid"
	is "王芳|grid" "$(sqlite3 "$T/h.db" 'SELECT name, role FROM people')" "  stored as role"
done
for h in 单位 所在单位; do
	hdr people unit "$h" "name,role,$h" "王芳,grid,国土所"
	is "国土所" "$(sqlite3 "$T/h.db" 'SELECT unit FROM people')" "  stored as unit"
done
for h in 电话 手机 手机号 联系电话; do
	hdr people phone "$h" "name,role,$h" "王芳,grid,138 1234 5678"
	is "13812345678" "$(sqlite3 "$T/h.db" 'SELECT phone FROM people')" "  stored as phone"
done
for h in 邮箱 电子邮箱; do
	hdr people email "$h" "name,role,$h" "王芳,grid,wf@chenhu.example"
	is "wf@chenhu.example" "$(sqlite3 "$T/h.db" 'SELECT email FROM people')" "  stored as email"
done
hl-ledger -q -d "$T/h.db" import people "$S/people.csv"
for h in 村 村名 村居 所属村; do
	hdr villages village "$h" "$h,area" "陈户村,东片"
	is "陈户村|东片" "$(sqlite3 "$T/h.db" 'SELECT village, area FROM villages')" "  stored as village"
done
hdr villages area 片区 "village,片区" "陈户村,东片"
is "东片" "$(sqlite3 "$T/h.db" 'SELECT area FROM villages')" "  stored as area"
hdr villages cadre 包村干部 "village,包村干部" "陈户村,高文静"
is "高文静" "$(sqlite3 "$T/h.db" 'SELECT cadre FROM villages')" "  stored as cadre"
hdr villages area_leader 包片领导 "village,包片领导" "陈户村,钱志强"
is "钱志强" "$(sqlite3 "$T/h.db" 'SELECT area_leader FROM villages')" "  stored as area_leader"
for h in 问题分类 事项分类; do
	hdr routes category "$h" "$h,station" "宅基地审批,国土所"
	is "宅基地审批|国土所" "$(sqlite3 "$T/h.db" 'SELECT * FROM routes')" "  stored as category"
done
for h in 站所 承办站所; do
	hdr routes station "$h" "category,$h" "宅基地审批,国土所"
	is "宅基地审批|国土所" "$(sqlite3 "$T/h.db" 'SELECT * FROM routes')" "  stored as station"
done
hdr policy "stage, scope, limit" "环节,范围,时限" "环节,范围,时限" "respond,*,20m"
is "respond|*|20m" "$(sqlite3 "$T/h.db" "SELECT stage, scope, \"limit\" FROM policy")" \
    "  stored as stage, scope and limit"
hdr calendar "date, workday, name" "日期,工作日,名称" "日期,工作日,名称" "2026-10-01,0,国庆节"
is "2026-10-01|0|国庆节" "$(sqlite3 "$T/h.db" "SELECT * FROM calendar WHERE date = '2026-10-01'")" \
    "  stored as date, workday and name"
hdr calendar "workday, name" "是否工作日,节日" "date,是否工作日,节日" "2026-10-02,0,国庆"
is "2026-10-02|0|国庆" "$(sqlite3 "$T/h.db" "SELECT * FROM calendar WHERE date = '2026-10-02'")" \
    "  stored as workday and name"

# ---- kinds and roles in Chinese ----
printf '单位,类型\n' >"$T/k.csv"
kinds="站所:station 村:village 村“两委”:village 镇政务服务中心:center
       政务服务中心:center 领导:leadership 镇纪委:discipline 纪委:discipline"
i=0
for kv in $kinds; do
	i=$((i + 1))
	printf 'U%s,%s\n' "$i" "${kv%%:*}" >>"$T/k.csv"
done
run hl-ledger -q -d "$T/k.db" import units "$T/k.csv"
is_rc 0 "every unit kind in Chinese imports"
is "$(i=0; for kv in $kinds; do i=$((i + 1)); echo "U$i|${kv#*:}"; done | sort)" \
    "$(sqlite3 "$T/k.db" 'SELECT unit, kind FROM units' | sort)" "  stored as their codes"
printf 'unit,kind\nU,station\n' >"$T/u.csv"
hl-ledger -q -d "$T/k.db" import units "$T/u.csv"
printf '姓名,职务,单位\n' >"$T/r.csv"
roles="包村干部:cadre 包片领导:area_leader 站所负责人:station_head
       村“两委”负责人:village_head 村负责人:village_head 分管领导:deputy
       主要领导:principal 镇纪委:discipline 纪委:discipline 网格员:grid
       政务服务中心工作人员:center 中心工作人员:center"
i=0
for kv in $roles; do
	i=$((i + 1))
	printf 'P%s,%s,U\n' "$i" "${kv%%:*}" >>"$T/r.csv"
done
run hl-ledger -q -d "$T/k.db" import people "$T/r.csv"
is_rc 0 "every role in Chinese imports"
is "$(i=0; for kv in $roles; do i=$((i + 1)); echo "P$i|${kv#*:}"; done | sort)" \
    "$(sqlite3 "$T/k.db" 'SELECT name, role FROM people' | sort)" "  stored as their codes"

# ---- Excel's CSV UTF-8: a byte-order mark and CRLF ----
{ printf '\357\273\277'; sed 's/$/\r/' "$Z/people.csv"; } >"$T/excel.csv"
hl-ledger -q -d "$T/x.db" import units "$Z/units.csv"
run hl-ledger -d "$T/x.db" import people "$T/excel.csv"
is_rc 0 "people from Excel (BOM, CRLF, Chinese headers)"
is_err "hl-ledger: people: 18 rows imported" "  says how many rows"
is "$(sqlite3 "$T/en.db" 'SELECT * FROM people ORDER BY name')" \
    "$(sqlite3 "$T/x.db" 'SELECT * FROM people ORDER BY name')" "  the same people"

# ---- refusals: exit 78, nothing imported ----
before=$(sqlite3 "$T/x.db" 'SELECT count(*) FROM people')
printf '姓名,职务,备注\n王芳,网格员,新来的\n' >"$T/bad.csv"
run hl-ledger -d "$T/x.db" import people "$T/bad.csv"
is_rc 78 "an unknown Chinese header: 78"
is_err "hl-ledger: people: unknown column '备注' (the columns are name,role,unit,phone,email)
hl-ledger: $T/bad.csv: nothing imported: fix what is named above" "  named"
printf '姓名,name,role\n王芳,王芳,grid\n' >"$T/bad.csv"
run hl-ledger -d "$T/x.db" import people "$T/bad.csv"
is_rc 78 "a column given in Chinese and in English: 78"
is_err "hl-ledger: error (at $T/bad.csv:1): columns 1 and 2 both give 'name'
hl-ledger: $T/bad.csv: nothing imported: fix what is named above" "  named"
printf '姓名,职务\n王芳,队长\n' >"$T/bad.csv"
run hl-ledger -d "$T/x.db" import people "$T/bad.csv"
is_rc 78 "an unknown role in Chinese: 78"
is_err "hl-ledger: error (at $T/bad.csv:2): unknown role '队长' (expected cadre, area_leader, station_head, village_head, deputy, principal, discipline, grid or center)
hl-ledger: $T/bad.csv: nothing imported: fix what is named above" "  named as written"
printf '姓名,职务\n王芳,站所\n' >"$T/bad.csv"
run hl-ledger -d "$T/x.db" import people "$T/bad.csv"
is_rc 78 "a unit kind is not a role: 78"
printf '单位,类型\n国土所,包村干部\n' >"$T/bad.csv"
run hl-ledger -d "$T/x.db" import units "$T/bad.csv"
is_rc 78 "a role is not a unit kind: 78"
is_err "hl-ledger: error (at $T/bad.csv:2): unknown unit kind '包村干部' (expected station, village, center, leadership or discipline)
hl-ledger: $T/bad.csv: nothing imported: fix what is named above" "  named as written"
is "$before" "$(sqlite3 "$T/x.db" 'SELECT count(*) FROM people')" "nothing was imported"
# A name that is a label is a name: only kind and role are translated.
printf '姓名,职务\n网格员,网格员\n' >"$T/odd.csv"
hl-ledger -q -d "$T/odd.db" import people "$T/odd.csv"
is "网格员|grid" "$(sqlite3 "$T/odd.db" 'SELECT name, role FROM people')" \
    "a person named 网格员 keeps the name"
done_testing
