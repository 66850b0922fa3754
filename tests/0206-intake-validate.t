#!/bin/sh
# hl-intake: validation.  Each bad record is reported with file:line and
# the exact reason, set aside byte for byte in the --rejects file (CSV
# rejects start with the header line), counted in the summary; the good
# records are stored and the exit status is 65.  Phone numbers are never
# echoed.  -q silences the summary, not the errors.
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
cp "$I/validate.ndjson" "$I/validate.csv" .

# ---- NDJSON ----
run hl-intake --rejects nd.rej validate.ndjson
is_rc 65 "NDJSON with bad records: exit 65"
is_out "$(cat "$I/validate.ndjson.out")" "NDJSON: exactly the good records printed"
is_err "$(cat "$I/validate.ndjson.err")" \
    "NDJSON: each error with its line, then the summary"
is_file "$I/validate.ndjson.rej" nd.rej "NDJSON: rejects file holds the bad lines verbatim"
is 600 "$(stat -c %a nd.rej)" "rejects file is not world-readable (it holds phone numbers)"
is "V06 V22 V25" "$(sql "SELECT group_concat(id, ' ') FROM tickets")" \
    "NDJSON: only the good records stored"
if grep -q -e 13812345678 -e 12345\" "$ERR"; then
	not_ok "NDJSON: no phone number on stderr"
else
	ok "NDJSON: no phone number on stderr"
fi

HL_DB=$T/q.db run hl-intake -q validate.ndjson
is_rc 65 "-q: still exit 65"
is_err "$(grep -v '^hl-intake: [0-9]* read' "$I/validate.ndjson.err")" \
    "-q: errors still reported, no summary line"
grep -e '"V06"' -e '"V22"' -e '"V25"' validate.ndjson >good.ndjson
HL_DB=$T/q.db run hl-intake --quiet good.ndjson
is_rc 0 "--quiet, the good records again: exit 0"
is_err "" "--quiet: nothing on stderr"

# Invalid JSON is reported with its column, but without quoting the
# input: the token there may be a phone number.  (The line has no final
# newline so that it is parsed as it stands.)
printf '{"id":"P5","received_at":"2026-11-25T09:00:00+08:00","content":"c","caller":{"phone" "13812345678"}}' >privacy.ndjson
HL_DB=$T/privacy.db run hl-intake privacy.ndjson
is_rc 65 "invalid JSON next to a phone number: exit 65"
like "^hl-intake: error \(at privacy.ndjson:1\): invalid JSON at column [0-9]+" \
    "$(head -n 1 "$ERR")" "invalid JSON next to a phone number: position reported"
if grep -q 13812345678 "$ERR"; then
	not_ok "invalid JSON next to a phone number: the number is not on stderr"
	show_err
else
	ok "invalid JSON next to a phone number: the number is not on stderr"
fi

# ---- CSV ----
HL_DB=$T/csv.db run hl-intake -r csv.rej validate.csv
is_rc 65 "CSV with bad records: exit 65"
is '"W06"
"W10"' "$(jq -c .id "$OUT")" "CSV: exactly the good records printed"
is_err "$(cat "$I/validate.csv.err")" "CSV: each error with its line, then the summary"
is_file "$I/validate.csv.rej" csv.rej "CSV: rejects file is the header line and the bad rows"
if grep -q 13812345 "$ERR"; then
	not_ok "CSV: no phone number on stderr"
else
	ok "CSV: no phone number on stderr"
fi

# Correct the rejects and feed them back: they are all stored then.
sed -e 's/^,2026/W02,2026/' -e 's/^W03,,/W03,2026-11-25 09:00,/' \
    -e 's/"   "/c/' -e 's/12:05:01/12:00:00/' -e 's/13812345/13812345678/' \
    -e 's/聊天/咨询/' -e 's/08:59/18:00/' csv.rej >fixed.csv
HL_DB=$T/csv.db run hl-intake -r csv2.rej fixed.csv
is_rc 0 "the corrected rejects: exit 0"
is_err "hl-intake: 7 read, 7 new, 0 duplicate, 0 rejected" \
    "the corrected rejects: all stored"

# ---- the clock skew ----
printf 'id,received_at,content\nS1,2026-11-25 12:00:00,now\nS2,2026-11-25 12:00:01,a second ahead\nS3,2026-11-25 13:00:00,an hour ahead\n' >skew.csv
HL_DB=$T/skew0.db run hl-intake --skew 0 skew.csv
is_rc 65 "--skew 0: exit 65"
is '"S1"' "$(jq -c .id "$OUT")" "--skew 0: now is accepted"
is_err "hl-intake: error (at skew.csv:3): field 'received_at': 2026-11-25T12:00:01+08:00 is in the future
hl-intake: error (at skew.csv:4): field 'received_at': 2026-11-25T13:00:00+08:00 is in the future
hl-intake: 3 read, 1 new, 0 duplicate, 2 rejected" "--skew 0: a second ahead is refused"
HL_DB=$T/skew1.db run hl-intake --skew 3600 skew.csv
is_rc 0 "--skew 3600: exit 0"
is_err "hl-intake: 3 read, 3 new, 0 duplicate, 0 rejected" \
    "--skew 3600: an hour ahead is accepted"
HL_DB=$T/skew2.db run hl-intake --now 2026-11-25T13:00:00+08:00 --skew 0 skew.csv
is_rc 0 "--now moves the clock: exit 0"
is_err "hl-intake: 3 read, 3 new, 0 duplicate, 0 rejected" \
    "--now moves the clock: nothing is in the future"

# All bad: still 65, nothing printed, nothing stored.
printf 'id,received_at,content\nA1,,x\nA2,,y\n' >allbad.csv
HL_DB=$T/allbad.db run hl-intake allbad.csv
is_rc 65 "all records bad: exit 65"
is_out "" "all records bad: nothing printed"
is 0 "$(sqlite3 "$T/allbad.db" 'SELECT count(*) FROM tickets')" \
    "all records bad: nothing stored"

done_testing
