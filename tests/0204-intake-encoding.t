#!/bin/sh
# hl-intake: a UTF-8 byte-order mark (CSV and NDJSON) is accepted; input
# that is not UTF-8 is refused with a message naming --encoding gb18030;
# with --encoding gb18030 it is converted and stored exactly as the UTF-8
# original would be.
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
BOM=$(printf '\357\273\277')

# ---- byte-order mark ----
{ printf '%s' "$BOM"; cat "$I/aliases-zh1.csv"; } >bom.csv
HL_DB=$T/bom.db run hl-intake bom.csv
is_rc 0 "CSV with a BOM: exit 0"
is_out "$(cat "$I/aliases.expected")" \
    "CSV with a BOM: the first header (工单编号) is still recognised"

{ printf '%s' "$BOM"; printf '"id","received_at","content"\nQ1,2026-11-25 09:00,c\n'; } >bom-quoted.csv
HL_DB=$T/bom.db run hl-intake bom-quoted.csv
is_rc 0 "CSV with a BOM and a quoted first header: exit 0"
is '"Q1"' "$(jq -c .id "$OUT")" "CSV with a BOM and a quoted first header: read"

{ printf '%s' "$BOM"; cat "$I/aliases.ndjson"; } >bom.ndjson
HL_DB=$T/bom-nd.db run hl-intake bom.ndjson
is_rc 0 "NDJSON with a BOM: exit 0"
is_err "hl-intake: 2 read, 2 new, 0 duplicate, 0 rejected" \
    "NDJSON with a BOM: both lines read"
is '"HL20261125001"
"HL20261125002"' "$(jq -c .id "$OUT")" "NDJSON with a BOM: both tickets printed"

# ---- GB18030, as Excel on Chinese Windows saves CSV ----
cp "$I/gb-u8.csv" utf8.csv
iconv -f UTF-8 -t GB18030 utf8.csv >gb.csv
if cmp -s utf8.csv gb.csv; then
	not_ok "the GB18030 fixture differs from the UTF-8 one"
else
	ok "the GB18030 fixture differs from the UTF-8 one"
fi

HL_DB=$T/gb.db run hl-intake gb.csv
is_rc 65 "GB18030 without --encoding: exit 65"
is_out "" "GB18030 without --encoding: nothing printed"
is_err "hl-intake: error (at gb.csv:1): input is not valid UTF-8 (for a GB18030 or GBK file, as Excel saves it, use --encoding gb18030)
hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "GB18030 without --encoding: refused, naming --encoding gb18030"
is 0 "$(sqlite3 "$T/gb.db" 'SELECT count(*) FROM tickets')" \
    "GB18030 without --encoding: nothing stored"

HL_DB=$T/utf8.db run hl-intake utf8.csv
is_rc 0 "the UTF-8 original: exit 0"
cp "$OUT" utf8.out
is '["G1","路灯坏了，晚上很黑","王五",{"备注":"无"}]
["G2","建议增设\n公交站，方便老人“赶集”","赵六",null]
["G3","土地流转合同纠纷（𠀀号地块）","钱七",{"备注":"€"}]' \
    "$(jq -c '[.id, .content, .caller.name, .extra]' utf8.out)" \
    "the UTF-8 original: content, names and extra as written"

HL_DB=$T/gb.db run hl-intake --encoding gb18030 gb.csv
is_rc 0 "GB18030 with --encoding gb18030: exit 0"
is_err "hl-intake: warning (at gb.csv:1): column '备注' is not a ticket field: kept under extra (name it in a --map file, to a field or to extra)
hl-intake: 3 read, 3 new, 0 duplicate, 0 rejected" \
    "GB18030 with --encoding gb18030: all read (备注 named as kept under extra)"
is "$(cat utf8.out)" "$(cat "$OUT")" \
    "GB18030 with --encoding gb18030: printed exactly as the UTF-8 file"
dump() {
	sqlite3 -batch "$1" "SELECT id, received_at, title, content, kind,
	    category, village, address, channel, caller_name, caller_phone,
	    due_at, urgent, extra, source_hash FROM tickets ORDER BY id"
}
is "$(dump "$T/utf8.db")" "$(dump "$T/gb.db")" \
    "GB18030 with --encoding gb18030: stored exactly as the UTF-8 file"

HL_DB=$T/gb.db run hl-intake utf8.csv
is_rc 0 "the UTF-8 file after the GB18030 one: exit 0"
is_err "hl-intake: warning (at utf8.csv:1): column '备注' is not a ticket field: kept under extra (name it in a --map file, to a field or to extra)
hl-intake: 3 read, 0 new, 3 duplicate, 0 rejected" \
    "the UTF-8 file after the GB18030 one: duplicates"

HL_DB=$T/gb2.db run hl-intake -e GB18030 gb.csv
is_rc 0 "-e GB18030 (short option, upper case): exit 0"
is "$(cat utf8.out)" "$(cat "$OUT")" "-e GB18030: same tickets"

# An ASCII header with GBK rows: each such row is set aside, the UTF-8
# rows are stored.
HL_DB=$T/mixed.db
{ printf 'id,received_at,content\nH1,2026-11-25 09:00,好\n'
  printf 'H2,2026-11-25 09:00,坏\n' | iconv -f UTF-8 -t GB18030
  printf 'H3,2026-11-25 09:00,好\n'; } >mixed.csv
{ printf 'id,received_at,content\n'
  printf 'H2,2026-11-25 09:00,坏\n' | iconv -f UTF-8 -t GB18030; } >mixed.rej.expected
run hl-intake --rejects mixed.rej mixed.csv
is_rc 65 "a GBK row in a UTF-8 file: exit 65"
is '"H1"
"H3"' "$(jq -c .id "$OUT")" "a GBK row in a UTF-8 file: the other rows stored"
is_err "hl-intake: error (at mixed.csv:3): input is not valid UTF-8 (for a GB18030 or GBK file, as Excel saves it, use --encoding gb18030)
hl-intake: 3 read, 2 new, 0 duplicate, 1 rejected" \
    "a GBK row in a UTF-8 file: reported with its line"
is_file mixed.rej.expected mixed.rej \
    "a GBK row in a UTF-8 file: rejects file holds the header and the raw row"

# NDJSON in GB18030.
iconv -f UTF-8 -t GB18030 "$I/aliases.ndjson" >gb.ndjson
HL_DB=$T/gbnd.db run hl-intake gb.ndjson
is_rc 65 "GB18030 NDJSON without --encoding: exit 65"
is_err "hl-intake: error (at gb.ndjson:1): input is not valid UTF-8 (for a GB18030 or GBK file, as Excel saves it, use --encoding gb18030)
hl-intake: error (at gb.ndjson:2): input is not valid UTF-8 (for a GB18030 or GBK file, as Excel saves it, use --encoding gb18030)
hl-intake: 2 read, 0 new, 0 duplicate, 2 rejected" \
    "GB18030 NDJSON without --encoding: each line refused with its position"
HL_DB=$T/gbnd.db run hl-intake --encoding gb18030 gb.ndjson
is_rc 0 "GB18030 NDJSON with --encoding gb18030: exit 0"
is_err "hl-intake: 2 read, 2 new, 0 duplicate, 0 rejected" \
    "GB18030 NDJSON with --encoding gb18030: both lines stored"
is '"东村路口车多，缺少红绿灯，老人过马路危险。"
"咨询低保申请条件"' "$(jq -c .content "$OUT")" \
    "GB18030 NDJSON with --encoding gb18030: converted"

# Bytes that are not GB18030 either.
HL_DB=$T/badgb.db
{ printf 'id,received_at,content\n'
  printf 'Q1,2026-11-25 09:00,\201\n'
  printf 'Q2,2026-11-25 09:00,测试\n' | iconv -f UTF-8 -t GB18030; } >badgb.csv
{ printf 'id,received_at,content\n'
  printf 'Q1,2026-11-25 09:00,\201\n'; } >badgb.rej.expected
run hl-intake --encoding gb18030 --rejects badgb.rej badgb.csv
is_rc 65 "invalid GB18030 with --encoding gb18030: exit 65"
is '["Q2","测试"]' "$(jq -c '[.id, .content]' "$OUT")" \
    "invalid GB18030: the good row converted and stored"
is_err "hl-intake: error (at badgb.csv:2): input is not valid gb18030
hl-intake: 2 read, 1 new, 0 duplicate, 1 rejected" \
    "invalid GB18030: reported with its line"
is_file badgb.rej.expected badgb.rej \
    "invalid GB18030: rejects file holds the raw bytes"

run hl-intake --encoding no-such-encoding utf8.csv
is_rc 64 "unknown encoding: exit 64"
is "hl-intake: --encoding: unknown encoding 'no-such-encoding'" "$(head -n 1 "$ERR")" \
    "unknown encoding: message"

done_testing
