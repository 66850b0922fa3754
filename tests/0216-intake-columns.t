#!/bin/sh
# CSV refused as early as it can be known: a file without a column for a
# required field (hl-intake: id, received_at, content; hl-ledger import:
# the table's required columns; a --map file: header and field) is refused
# once, at its header, naming the columns, instead of once per row; its
# rows are neither read nor set aside, and the other files go on.  The
# headers of a ticket CSV that are no ticket field are named in one
# warning a file (their cells are kept under extra), unless a --map file
# names them (to a field, or to "extra").
. "$(dirname "$0")/lib.sh"

EXTRA="kept under extra (name them in a --map file, to a field or to extra)"

# ---- a required column missing: once, at the header ----
cat >nocontent.csv <<'END'
工单编号,来电时间,诉求,联系电话
A1,2026-11-25 09:00,路灯不亮,13912340001
A2,2026-11-25 09:10,路灯还不亮,13912340002
A3,2026-11-25 09:20,垃圾没人收,13912340003
END
run hl-intake --rejects nocontent.rej nocontent.csv
is_rc 65 "no content column: exit 65"
is_out "" "no content column: nothing printed"
is_err "hl-intake: error (at nocontent.csv:1): missing column 'content' (or 诉求内容, 来电内容): the file is refused (map other headers with --map)
hl-intake: warning (at nocontent.csv:1): column '诉求' is not a ticket field: kept under extra (name it in a --map file, to a field or to extra)
hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "no content column: one message at the header naming it, not one per row; the header that maps to nothing named"
is 0 "$(sql 'SELECT count(*) FROM tickets')" "no content column: nothing stored"
[ -s nocontent.rej ] && not_ok "no content column: no rows set aside" ||
	ok "no content column: no rows set aside (none was read)"

# The map names the column: the same file is taken in, without a warning.
printf 'header,field\n诉求,content\n' >map.csv
run hl-intake --map map.csv nocontent.csv
is_rc 0 "mapped: exit 0"
is_err "hl-intake: 3 read, 3 new, 0 duplicate, 0 rejected" \
    "mapped: every row read, nothing to warn of"

# Several missing: one message names them all, with the upstream's names.
printf 'title,caller_phone\n路灯,13912340001\n' >none.csv
run hl-intake none.csv
is_rc 65 "three columns missing: exit 65"
is_err "hl-intake: error (at none.csv:1): missing columns 'id' (or 工单编号, 工单号), 'received_at' (or 来电时间, 受理时间) and 'content' (or 诉求内容, 来电内容): the file is refused (map other headers with --map)
hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "three columns missing: one message names the three"

# A refused file does not stop the others; standard input is named.
printf 'id,received_at,content\nB1,2026-11-25 09:00,路灯\n' >good.csv
run hl-intake none.csv good.csv
is_rc 65 "a refused file, then a good one: exit 65"
is '"B1"' "$(jq -c .id "$OUT")" "the good file after it is taken in"
is "hl-intake: 1 read, 1 new, 0 duplicate, 0 rejected" "$(tail -n 1 "$ERR")" \
    "the good file's row is the one read"
run hl-intake <none.csv
like "^hl-intake: error \(at <stdin>:1\): missing columns 'id'" "$(cat "$ERR")" \
    "standard input: the header named <stdin>:1"

# With a byte-order mark and CRLF, the header is still the first line.
printf '\357\273\277received_at,content\r\n2026-11-25 09:00,x\r\n' >bom.csv
run hl-intake bom.csv
is_err "hl-intake: error (at bom.csv:1): missing column 'id' (or 工单编号, 工单号): the file is refused (map other headers with --map)
hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "a byte-order mark and CRLF: the id column missing, named"

# A header row only: refused all the same (it could never hold a ticket).
printf 'id,content\n' >header-only.csv
run hl-intake header-only.csv
is_rc 65 "a header without received_at and no rows: exit 65"

# NDJSON has no header: a missing field is the record's.
printf '{"id":"N1","content":"x"}\n' >n.ndjson
run hl-intake n.ndjson
is_err "hl-intake: error (at n.ndjson:1): missing field 'received_at'
hl-intake: 1 read, 0 new, 0 duplicate, 1 rejected" \
    "NDJSON: missing field, per record, as before"

# ---- headers that map to nothing: one warning a file ----
HL_DB=$T/extra.db
cat >extra.csv <<'END'
工单编号,来电时间,诉求内容,承办单位,备注,status
E1,2026-11-25 09:00,路灯不亮,交通安全站,催办,received
E2,2026-11-25 09:10,路灯还不亮,,,
END
run hl-intake extra.csv
is_rc 0 "extra columns: exit 0"
is_err "hl-intake: warning (at extra.csv:1): columns '承办单位', '备注' are not ticket fields: $EXTRA
hl-intake: 2 read, 2 new, 0 duplicate, 0 rejected" \
    "extra columns: named once (status, a key the programs print, is not)"
is '{"承办单位":"交通安全站","备注":"催办"}
null' "$(jq -c .extra "$OUT")" "extra columns: their cells kept under extra"
printf 'header,field\n承办单位,extra\n备注,extra\n' >keep.csv
run hl-intake -m keep.csv extra.csv
is_err "hl-intake: 2 read, 0 new, 2 duplicate, 0 rejected" \
    "--map HEADER,extra: kept under extra by name, no warning; the same tickets"
printf 'header,field\n承办单位,extra\n' >keep1.csv
run hl-intake -m keep1.csv extra.csv
is_err "hl-intake: warning (at extra.csv:1): column '备注' is not a ticket field: kept under extra (name it in a --map file, to a field or to extra)
hl-intake: 2 read, 0 new, 2 duplicate, 0 rejected" \
    "--map naming one of two: the other named"

# ---- hl-ledger import: the required columns, at the header ----
HL_DB=$T/import.db
cat >people.csv <<'END'
name,unit,phone
张建国,镇党委政府,13800000001
李卫东,镇党委政府,13800000002
END
run hl-ledger import people people.csv
is_rc 78 "import without the role column: exit 78"
is_err "hl-ledger: error (at people.csv:1): people: missing column 'role'
hl-ledger: people.csv: nothing imported: fix what is named above" \
    "import: the missing column named once, at the header"
printf 'stage,limit\nrespond,20m\n' >policy.csv
run hl-ledger import policy policy.csv
is_rc 0 "policy without scope (optional): exit 0"
printf 'scope,limit\n*,20m\n' >policy2.csv
run hl-ledger import policy policy2.csv
is_err "hl-ledger: error (at policy2.csv:1): policy: missing column 'stage'
hl-ledger: policy2.csv: nothing imported: fix what is named above" \
    "policy without stage: named"
printf 'workday\n1\n' >cal.csv
run hl-ledger import calendar cal.csv
is_err "hl-ledger: error (at cal.csv:1): calendar: missing column 'date'
hl-ledger: cal.csv: nothing imported: fix what is named above" \
    "calendar without date: named"

done_testing
