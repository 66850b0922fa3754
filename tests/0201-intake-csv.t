#!/bin/sh
# hl-intake: CSV as upstream platforms export it.  Every header alias of
# lib/ticket.c (Chinese and English, caller.name/caller.phone), unknown
# columns kept under "extra" and named in one warning a file, header rows
# that must be refused.
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
cp "$I"/aliases-*.csv .
EXPECTED=$(cat "$I/aliases.expected")

# The two columns of the exports that are no ticket field, named once per
# file (they are kept under extra).
w() {
	echo "hl-intake: warning (at $1:1): columns '承办意见', '回访要求' are not ticket fields: kept under extra (name them in a --map file, to a field or to extra)"
}

# The same two work orders under four spellings of the header.  Every
# column holds a different value, so a wrong mapping shows in the output.
for f in zh1 zh2 en dot; do
	HL_DB=$T/$f.db run hl-intake "aliases-$f.csv"
	is_rc 0 "aliases-$f.csv: exit 0"
	is_out "$EXPECTED" "aliases-$f.csv: exact ticket lines"
	is_err "$(w "aliases-$f.csv")
hl-intake: 2 read, 2 new, 0 duplicate, 0 rejected" \
	    "aliases-$f.csv: the columns kept under extra named once, the summary"
done

dump() {
	sqlite3 -batch "$1" "SELECT id, received_at, title, content, kind,
	    category, village, address, channel, caller_name, caller_phone,
	    due_at, urgent, extra, source_hash FROM tickets ORDER BY id"
}
for f in zh2 en dot; do
	is "$(dump "$T/zh1.db")" "$(dump "$T/$f.db")" \
	    "aliases-$f.csv stores exactly what aliases-zh1.csv stores"
done

# What the row holds: normalised phone, times as epoch seconds, urgent as
# 1/0, the unknown columns as a JSON object under their own header names.
HL_DB=$T/zh1.db
t1=$(date -d '2026-11-25T09:12:00+08:00' +%s)
t2=$(date -d '2026-11-25T10:05:00+08:00' +%s)
d1=$(date -d '2026-11-30T23:59:59+08:00' +%s)
is "HL20261125001|$t1|张三|13812345678|complaint|道路交通安全|东村|东村三组12号|12345热线|$d1|1|{\"承办意见\":\"请尽快处理\",\"回访要求\":\"需要回访\"}
HL20261125002|$t2|||consult|政策咨询|西村||||0|" \
    "$(sql "SELECT id, received_at, caller_name, caller_phone, kind, category,
        village, address, channel, due_at, urgent, extra FROM tickets
        ORDER BY id")" \
    "stored columns of the Chinese-header file"

# All four files in one run: the first stores, the others are duplicates.
HL_DB=$T/all.db run hl-intake aliases-zh1.csv aliases-zh2.csv \
    aliases-en.csv aliases-dot.csv
is_rc 0 "four spellings in one run: exit 0"
is_out "$EXPECTED" "four spellings in one run: printed once"
is_err "$(w aliases-zh1.csv)
$(w aliases-zh2.csv)
$(w aliases-en.csv)
$(w aliases-dot.csv)
hl-intake: 8 read, 2 new, 6 duplicate, 0 rejected" \
    "four spellings in one run: one warning a file, 6 duplicates"

# Two columns that mean the same field: the file is refused as a whole,
# with the header's position; the other files go on.
HL_DB=$T/dup.db
printf '工单编号,工单号,来电时间,诉求内容\nA1,A1,2026-11-25 09:00,x\n' >dup-id.csv
run hl-intake dup-id.csv
is_rc 65 "two id columns: exit 65"
is_out "" "two id columns: nothing printed"
is_err "hl-intake: error (at dup-id.csv:1): columns 1 and 2 both give 'id'
hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "two id columns: message names the columns"

printf 'id,received_at,content,联系电话,caller.phone\nA2,2026-11-25 09:00,x,13812345678,13812345678\n' >dup-phone.csv
run hl-intake dup-phone.csv aliases-zh1.csv
is_rc 65 "two phone columns, then a good file: exit 65"
is_out "$EXPECTED" "two phone columns: the good file after it is stored"
is_err "hl-intake: error (at dup-phone.csv:1): columns 4 and 5 both give 'caller_phone'
$(w aliases-zh1.csv)
hl-intake: 2 read, 2 new, 0 duplicate, 0 rejected" \
    "two phone columns: message"
is "HL20261125001
HL20261125002" "$(sql 'SELECT id FROM tickets ORDER BY id')" \
    "two phone columns: nothing of the refused file stored"

printf 'id,,received_at,content\nA3,x,2026-11-25 09:00,x\n' >noname.csv
run hl-intake noname.csv
is_rc 65 "a column without a name: exit 65"
is_err "hl-intake: error (at noname.csv:1): column 2 has no name
hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "a column without a name: message"

# Unknown columns, English or Chinese, go to extra in header order; an
# empty cell is an absent field, also for extra columns.
HL_DB=$T/extra.db
printf 'id,received_at,content,remark,承办单位,备注\nX1,2026-11-25 09:00,c,"a, b",镇农业站,\nX2,2026-11-25 09:00,c,,,\n' >extra.csv
run hl-intake extra.csv
is_rc 0 "unknown columns: exit 0"
is_err "hl-intake: warning (at extra.csv:1): columns 'remark', '承办单位', '备注' are not ticket fields: kept under extra (name them in a --map file, to a field or to extra)
hl-intake: 2 read, 2 new, 0 duplicate, 0 rejected" \
    "unknown columns: named in one warning"
is "{\"remark\":\"a, b\",\"承办单位\":\"镇农业站\"}
null" "$(jq -c .extra "$OUT")" "unknown columns kept under extra, empty cells left out"

done_testing
