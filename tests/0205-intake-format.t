#!/bin/sh
# hl-intake: input formats.  Detection per file ('{' first means NDJSON),
# -f/--format, standard input, blank lines, CSV with quoted multi-line
# fields (later rows keep their right line numbers), CRLF, malformed CSV
# (stray and unclosed quotes), rows with the wrong number of fields.
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
cp "$I"/aliases-zh1.csv "$I"/aliases.ndjson "$I"/multiline.csv \
    "$I"/unclosed.csv "$I"/blank.ndjson .
EXPECTED=$(cat "$I/aliases.expected")

# ---- detection ----
HL_DB=$T/det1.db run hl-intake aliases.ndjson
is_rc 0 "NDJSON detected: exit 0"
is_err "hl-intake: 2 read, 2 new, 0 duplicate, 0 rejected" "NDJSON detected: summary"
is_out "$EXPECTED" "NDJSON detected: the same tickets as the CSV"

HL_DB=$T/det2.db run hl-intake aliases-zh1.csv aliases.ndjson
is_rc 0 "a CSV and an NDJSON file in one run: exit 0"
is_err "hl-intake: warning (at aliases-zh1.csv:1): columns '承办意见', '回访要求' are not ticket fields: kept under extra (name them in a --map file, to a field or to extra)
hl-intake: 4 read, 2 new, 2 duplicate, 0 rejected" \
    "a CSV and an NDJSON file in one run: detected per file"

HL_DB=$T/blank.db run hl-intake blank.ndjson
is_rc 65 "NDJSON with blank lines: exit 65 (one bad record)"
is '"L3"
"L7"' "$(jq -c .id "$OUT")" "NDJSON after leading blank lines is detected"
is_err "hl-intake: error (at blank.ndjson:5): missing field 'content'
hl-intake: 3 read, 2 new, 0 duplicate, 1 rejected" \
    "NDJSON blank lines are no records but count as lines"

# ---- -f / --format ----
HL_DB=$T/f1.db run hl-intake -f csv aliases.ndjson
is_rc 65 "-f csv on NDJSON: exit 65"
is_err "hl-intake: error (at aliases.ndjson:1): cannot parse the CSV header
hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "-f csv on NDJSON: the header cannot be parsed"

HL_DB=$T/f2.db run hl-intake --format ndjson aliases-zh1.csv
is_rc 65 "--format ndjson on CSV: exit 65"
is_err "hl-intake: error (at aliases-zh1.csv:1): invalid JSON at column 1: '[' or '{' expected
hl-intake: error (at aliases-zh1.csv:2): invalid JSON at column 2: '[' or '{' expected
hl-intake: error (at aliases-zh1.csv:3): invalid JSON at column 2: '[' or '{' expected
hl-intake: 3 read, 0 new, 0 duplicate, 3 rejected" \
    "--format ndjson on CSV: every line is invalid JSON"

cp aliases.ndjson tickets.txt
HL_DB=$T/f3.db run hl-intake --format=json tickets.txt
is_rc 0 "--format=json: exit 0"
is_out "$EXPECTED" "--format=json reads NDJSON"

cp aliases-zh1.csv export.txt
HL_DB=$T/f4.db run hl-intake --format csv export.txt
is_rc 0 "--format csv: exit 0"
is_out "$EXPECTED" "--format csv reads CSV"

# ---- standard input ----
HL_DB=$T/in1.db run hl-intake <aliases-zh1.csv
is_rc 0 "CSV on standard input: exit 0"
is_out "$EXPECTED" "CSV on standard input"
HL_DB=$T/in2.db run hl-intake - <aliases.ndjson
is_rc 0 "NDJSON on standard input as '-': exit 0"
is_out "$EXPECTED" "NDJSON on standard input as '-'"
printf 'id,received_at,content\nS1,2026-11-25 09:00,c\nS2,2026-11-25 09:00\n' >stdin.csv
HL_DB=$T/in3.db run hl-intake <stdin.csv
is_rc 65 "bad record on standard input: exit 65"
is_err "hl-intake: error (at <stdin>:3): row has 2 fields, the header has 3
hl-intake: 2 read, 1 new, 0 duplicate, 1 rejected" \
    "bad record on standard input: position <stdin>:LINE"

# ---- multi-line fields, malformed rows ----
HL_DB=$T/ml.db run hl-intake --rejects multiline.rej multiline.csv
is_rc 65 "multi-line CSV with bad rows: exit 65"
is '["C1","line1\nline2\n\nline4","t1"]
["C2","x \"q\" y","t2"]
["C7","two\nlines",null]
["C9","ok","t9"]' "$(jq -c '[.id, .content, .title]' "$OUT")" \
    "multi-line CSV: quoted newlines and doubled quotes kept, good rows stored"
is_err "hl-intake: error (at multiline.csv:8): malformed CSV (a stray or unclosed quote)
hl-intake: error (at multiline.csv:9): malformed CSV (a stray or unclosed quote)
hl-intake: error (at multiline.csv:10): row has 3 fields, the header has 4
hl-intake: error (at multiline.csv:11): row has 5 fields, the header has 4
hl-intake: error (at multiline.csv:14): missing field 'received_at'
hl-intake: 9 read, 4 new, 0 duplicate, 5 rejected" \
    "multi-line CSV: each bad row at its first line, after multi-line rows"
is_file "$I/multiline.rej" multiline.rej \
    "multi-line CSV: rejects file is the header and the raw rows"

HL_DB=$T/uc.db run hl-intake --rejects unclosed.rej unclosed.csv
is_rc 65 "unclosed quote: exit 65"
is '"U1"
"U3"' "$(jq -c .id "$OUT")" "unclosed quote: only its own line is lost, the rows around it stored"
is_err "hl-intake: error (at unclosed.csv:3): malformed CSV (a stray or unclosed quote)
hl-intake: 3 read, 2 new, 0 duplicate, 1 rejected" \
    "unclosed quote: reported at the line where the quote opened"
printf 'id,received_at,content\nU2,2026-11-25 09:00,"never closed\n' >unclosed.rej.expected
is_file unclosed.rej.expected unclosed.rej "unclosed quote: rejects file"

# CRLF, as Excel writes it, with a CRLF inside a quoted field.
printf 'id,received_at,content\r\nR1,2026-11-25 09:00,"a\r\nb"\r\nR2,,x\r\nR3,2026-11-25 09:00,y\r\n' >crlf.csv
HL_DB=$T/crlf.db run hl-intake --rejects crlf.rej crlf.csv
is_rc 65 "CRLF CSV: exit 65"
is '["R1","a\r\nb"]
["R3","y"]' "$(jq -c '[.id, .content]' "$OUT")" "CRLF CSV: rows read, quoted CRLF kept"
is_err "hl-intake: error (at crlf.csv:4): missing field 'received_at'
hl-intake: 3 read, 2 new, 0 duplicate, 1 rejected" "CRLF CSV: line numbers"
printf 'id,received_at,content\r\nR2,,x\r\n' >crlf.rej.expected
is_file crlf.rej.expected crlf.rej "CRLF CSV: rejects keep the CRLF"

# No newline at the end of the last line.
printf 'id,received_at,content\nE1,2026-11-25 09:00,last' >noeol.csv
printf '{"id":"E2","received_at":"2026-11-25T09:00:00+08:00","content":"last"}' >noeol.ndjson
HL_DB=$T/eol.db run hl-intake noeol.csv noeol.ndjson
is_rc 0 "no newline at the end: exit 0"
is '"E1"
"E2"' "$(jq -c .id "$OUT")" "no newline at the end: the last record is read"

# Nothing to read.
: >empty.csv
printf 'id,received_at,content\n' >header-only.csv
HL_DB=$T/empty.db run hl-intake empty.csv header-only.csv
is_rc 0 "empty file and header-only CSV: exit 0"
is_out "" "empty file and header-only CSV: nothing printed"
is_err "hl-intake: 0 read, 0 new, 0 duplicate, 0 rejected" \
    "empty file and header-only CSV: 0 read"

done_testing
