#!/bin/sh
# hl-intake --map FILE: a CSV of header,field for headers the built-in
# aliases do not know; consulted before them; bad map files are usage errors.
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
cp "$I/map.csv" "$I/mapped.csv" .

# Without the map the file has no id, received_at or content column: it
# is refused at its header, once, naming the three; the headers that are
# no ticket field are named in one warning.
run hl-intake mapped.csv
is_rc 65 "without --map: exit 65"
is_err "hl-intake: error (at mapped.csv:1): missing columns 'id' (or 工单编号, 工单号), 'received_at' (or 来电时间, 受理时间) and 'content' (or 诉求内容, 来电内容): the file is refused (map other headers with --map)
hl-intake: warning (at mapped.csv:1): columns '受理编号', '反映时间', '反映人电话', '反映内容', '其他' are not ticket fields: kept under extra (name them in a --map file, to a field or to extra)
hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "without --map: the file refused at its header, naming the missing columns"

# The column left unmapped (其他) is named, once.
OTHER="hl-intake: warning (at mapped.csv:1): column '其他' is not a ticket field: kept under extra (name it in a --map file, to a field or to extra)"
run hl-intake --map map.csv mapped.csv
is_rc 0 "--map: exit 0"
is_out "$(cat "$I/mapped.expected")" \
    "--map: mapped headers become fields, a map entry beats an alias (标题), the rest stay"
is_err "$OTHER
hl-intake: 1 read, 1 new, 0 duplicate, 0 rejected" "--map: summary"

# -m is the short form; the same ticket again is a duplicate.
run hl-intake -m map.csv mapped.csv
is_rc 0 "-m: exit 0"
is_out "" "-m: the same ticket again prints nothing"
is_err "$OTHER
hl-intake: 1 read, 0 new, 1 duplicate, 0 rejected" "-m: a duplicate"

# A map row with the field "extra" keeps the column under extra, by
# name: no warning.  The ticket is the same.
{ cat map.csv; echo '其他,extra'; } >map-extra.csv
run hl-intake -m map-extra.csv mapped.csv
is_rc 0 "--map HEADER,extra: exit 0"
is_err "hl-intake: 1 read, 0 new, 1 duplicate, 0 rejected" \
    "--map HEADER,extra: no warning, the same ticket (a duplicate)"

# Bad map files: nothing is read, exit 64.
printf 'header,field\n受理编号,ident\n' >bad-field.csv
run hl-intake --map bad-field.csv mapped.csv
is_rc 64 "--map naming an unknown field: exit 64"
is "hl-intake: error (at bad-field.csv:2): unknown ticket field 'ident' (or extra, to keep the column under extra)" \
    "$(head -n 1 "$ERR")" "--map naming an unknown field: message"

printf 'header,field\n受理编号,caller.phone\n' >bad-dot.csv
run hl-intake --map bad-dot.csv mapped.csv
is_rc 64 "--map to a CSV alias instead of a field: exit 64"
is "hl-intake: error (at bad-dot.csv:2): unknown ticket field 'caller.phone' (or extra, to keep the column under extra)" \
    "$(head -n 1 "$ERR")" "--map to a CSV alias: message"

printf 'from,to\n受理编号,id\n' >bad-cols.csv
run hl-intake --map bad-cols.csv mapped.csv
is_rc 64 "--map with other columns: exit 64"
is "hl-intake: --map: unknown column 'from' (expected header,field)" \
    "$(head -n 1 "$ERR")" "--map with other columns: message"

printf 'header\n受理编号\n受理时间\n' >bad-header.csv
run hl-intake --map bad-header.csv mapped.csv
is_rc 64 "--map without a field column: exit 64"
is_err "hl-intake: error (at bad-header.csv:1): --map: missing column 'field' (expected header,field)" \
    "--map without a field column: said once, at its header"

printf 'header,field\n受理编号\n' >bad-row.csv
run hl-intake --map bad-row.csv mapped.csv
is_rc 64 "--map with a short row: exit 64"
is "hl-intake: error (at bad-row.csv:2): row has 1 fields, the header has 2" \
    "$(head -n 1 "$ERR")" "--map with a short row: message"

run hl-intake --map no-such-map.csv mapped.csv
is_rc 66 "--map FILE missing: exit 66"
is "hl-intake: cannot open 'no-such-map.csv': No such file or directory" \
    "$(head -n 1 "$ERR")" "--map FILE missing: message"

is "M1" "$(sql 'SELECT group_concat(id) FROM tickets')" \
    "bad maps stored nothing"

done_testing
