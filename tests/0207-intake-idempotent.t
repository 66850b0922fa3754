#!/bin/sh
# hl-intake: running the same input again changes nothing.  A ticket
# already in the ledger with the same content is a duplicate: not printed,
# counted, no new event.  CSV and NDJSON of the same work orders are
# duplicates of each other, whatever the spelling of times, phones, kinds
# or the order of keys; a printed ticket line fed back is a duplicate too.
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
cp "$I"/aliases-zh1.csv "$I"/aliases-en.csv "$I"/aliases.ndjson .
EXPECTED=$(cat "$I/aliases.expected")

# The export's two columns that are no ticket field, named once a file.
w() {
	echo "hl-intake: warning (at $1:1): columns '承办意见', '回访要求' are not ticket fields: kept under extra (name them in a --map file, to a field or to extra)"
}

dump() {
	sql "SELECT * FROM tickets ORDER BY id; SELECT * FROM events ORDER BY seq;
	     SELECT count(*) FROM events"
}

run hl-intake aliases-zh1.csv
is_rc 0 "first run: exit 0"
is_out "$EXPECTED" "first run: both tickets printed"
before=$(dump)
is 2 "$(sql "SELECT count(*) FROM events WHERE event = 'receive'")" \
    "first run: one receive event per ticket"

run hl-intake --now 2026-11-25T13:00:00+08:00 aliases-zh1.csv
is_rc 0 "same file again: exit 0"
is_out "" "same file again: nothing printed"
is_err "$(w aliases-zh1.csv)
hl-intake: 2 read, 0 new, 2 duplicate, 0 rejected" \
    "same file again: counted as duplicates"
is "$before" "$(dump)" "same file again: tickets and events unchanged"

run hl-intake --now 2026-11-25T13:00:00+08:00 aliases.ndjson
is_rc 0 "the same tickets as NDJSON: exit 0"
is_out "" "the same tickets as NDJSON: nothing printed"
is_err "hl-intake: 2 read, 0 new, 2 duplicate, 0 rejected" \
    "the same tickets as NDJSON: duplicates of the CSV ones"
is "$before" "$(dump)" "the same tickets as NDJSON: ledger unchanged"

# Other spellings of the same content: keys in another order, the time
# in UTC, the phone with +86 and spaces, the kind in Chinese with 类,
# urgent as 是, the extra fields in another order.
cat >respelled.ndjson <<'END'
{"回访要求":"需要回访","urgent":"是","caller":{"phone":"+86 138-1234-5678","name":"张三"},"kind":"投诉类","due_at":"2026-11-30","channel":"12345热线","address":"东村三组12号","village":"东村","category":"道路交通安全","content":"东村路口车多，缺少红绿灯，老人过马路危险。","title":"路口缺少红绿灯","received_at":"2026-11-25T01:12:00Z","id":"HL20261125001","承办意见":"请尽快处理"}
{"id":"HL20261125002","received_at":"2026/11/25 10:05","content":"咨询低保申请条件","kind":"咨询","category":"政策咨询","village":"西村","urgent":"否","title":"","address":null,"caller":null}
END
run hl-intake respelled.ndjson
is_rc 0 "respelled NDJSON: exit 0"
is_err "hl-intake: 2 read, 0 new, 2 duplicate, 0 rejected" \
    "respelled NDJSON: duplicates"

run hl-intake aliases-en.csv
is_rc 0 "English CSV of the same tickets: exit 0"
is_err "$(w aliases-en.csv)
hl-intake: 2 read, 0 new, 2 duplicate, 0 rejected" \
    "English CSV of the same tickets: duplicates"
is "$before" "$(dump)" "after all the re-runs: ledger unchanged"

# The other way round: NDJSON first, then CSV.
HL_DB=$T/nd.db run hl-intake aliases.ndjson
is_rc 0 "NDJSON first: exit 0"
is_out "$EXPECTED" "NDJSON first: printed like the CSV"
HL_DB=$T/nd.db run hl-intake aliases-zh1.csv
is_rc 0 "then CSV: exit 0"
is_err "$(w aliases-zh1.csv)
hl-intake: 2 read, 0 new, 2 duplicate, 0 rejected" "then CSV: duplicates"

# The same file twice in one run, and a ticket twice in one file, with
# batches of one and of many.
for b in 1 1000; do
	HL_DB=$T/twice$b.db run hl-intake --batch $b aliases-zh1.csv aliases-zh1.csv
	is_rc 0 "same file twice in one run, --batch $b: exit 0"
	is_out "$EXPECTED" "same file twice in one run, --batch $b: printed once"
	is_err "$(w aliases-zh1.csv)
$(w aliases-zh1.csv)
hl-intake: 4 read, 2 new, 2 duplicate, 0 rejected" \
	    "same file twice in one run, --batch $b: 2 duplicates"
	is 2 "$(sqlite3 "$T/twice$b.db" "SELECT count(*) FROM events")" \
	    "same file twice in one run, --batch $b: 2 events"
done
{ cat aliases-zh1.csv; sed 1d aliases-zh1.csv; } >doubled.csv
HL_DB=$T/doubled.db run hl-intake -b 3 doubled.csv
is_rc 0 "rows repeated in one file: exit 0"
is_err "$(w doubled.csv)
hl-intake: 4 read, 2 new, 2 duplicate, 0 rejected" \
    "rows repeated in one file: duplicates"

# A printed ticket line fed back (hl-list | hl-intake) is the same ticket.
HL_DB=$T/rt.db run hl-intake aliases-zh1.csv
cp "$OUT" printed.ndjson
HL_DB=$T/rt.db run hl-intake printed.ndjson
is_rc 0 "printed lines fed back: exit 0"
is_out "" "printed lines fed back: nothing printed"
is_err "hl-intake: 2 read, 0 new, 2 duplicate, 0 rejected" \
    "printed lines fed back: duplicates, not conflicts"

done_testing
