#!/bin/sh
# hl-intake --map FILE: a CSV of header,field for headers the built-in
# aliases do not know; consulted before them; bad map files are usage errors.
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
cp "$I/map.csv" "$I/mapped.csv" .

# Without the map the file has no id, received_at or content column.
run hl-intake mapped.csv
is_rc 65 "without --map: exit 65"
is_err "hl-intake: error (at mapped.csv:2): missing field 'id'
hl-intake: 1 read, 0 new, 0 duplicate, 1 rejected" \
    "without --map: the unknown headers are no fields"

run hl-intake --map map.csv mapped.csv
is_rc 0 "--map: exit 0"
is_out "$(cat "$I/mapped.expected")" \
    "--map: mapped headers become fields, a map entry beats an alias (标题), the rest stay"
is_err "hl-intake: 1 read, 1 new, 0 duplicate, 0 rejected" "--map: summary"

# -m is the short form; the same ticket again is a duplicate.
run hl-intake -m map.csv mapped.csv
is_rc 0 "-m: exit 0"
is_out "" "-m: the same ticket again prints nothing"
is_err "hl-intake: 1 read, 0 new, 1 duplicate, 0 rejected" "-m: a duplicate"

# Bad map files: nothing is read, exit 64.
printf 'header,field\n受理编号,ident\n' >bad-field.csv
run hl-intake --map bad-field.csv mapped.csv
is_rc 64 "--map naming an unknown field: exit 64"
is "hl-intake: error (at bad-field.csv:2): unknown ticket field 'ident'" \
    "$(head -n 1 "$ERR")" "--map naming an unknown field: message"

printf 'header,field\n受理编号,caller.phone\n' >bad-dot.csv
run hl-intake --map bad-dot.csv mapped.csv
is_rc 64 "--map to a CSV alias instead of a field: exit 64"
is "hl-intake: error (at bad-dot.csv:2): unknown ticket field 'caller.phone'" \
    "$(head -n 1 "$ERR")" "--map to a CSV alias: message"

printf 'from,to\n受理编号,id\n' >bad-cols.csv
run hl-intake --map bad-cols.csv mapped.csv
is_rc 64 "--map with other columns: exit 64"
is "hl-intake: --map: unknown column 'from' (expected header,field)" \
    "$(head -n 1 "$ERR")" "--map with other columns: message"

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
