#!/bin/sh
# hl-rank --format html without a browser: the same page for the same
# ledger and cut-off, byte for byte; a page for a ledger with no tickets;
# the failure paths (no ledger, a full disk, a usage error) with nothing
# half-written on standard output where it matters.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

# ---- usage and the ledger ----
run hl-rank -f html -e 国土所
is_rc 64 "-f html with --explain: usage error"
is "hl-rank: --explain prints a table or json
Try 'hl-rank --help' for more information." "$(cat "$ERR")" \
    "-f html with --explain: the message"
run hl-rank --month 2026-10 -f html
is_rc 66 "-f html, no ledger: exit 66"
is "" "$(cat "$OUT")" "-f html, no ledger: nothing on stdout"
like "html" "$(hl-rank --help)" "--help names the html format"

# ---- a ledger with no tickets: a page that says so ----
hl-ledger -q init 2>"$T/.setup" || bail "init"
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f html
is_rc 0 "no tickets: exit 0"
is "" "$(cat "$ERR")" "no tickets: nothing on stderr"
like "本期没有失分工单" "$(cat "$OUT")" "no tickets: no ticket lost points"
like "本期没有工单增加的问题分类" "$(cat "$OUT")" "no tickets: no category grew"
like '<b data-p="0" data-k="tickets">0</b>' "$(cat "$OUT")" \
    "no tickets: the township's 0"
is "" "$(grep -o 'id="charts"' "$OUT")" "no units: no bar charts"
like '</html>$' "$(cat "$OUT")" "no tickets: the page is whole"

# ---- the month ----
rm -f "$HL_DB" "$HL_DB"-wal "$HL_DB"-shm
rank_month
hl-rank --month 2026-10 --as-of "$CUTOFF" -f html >a.html 2>"$T/.setup" ||
    bail "hl-rank -f html"
hl-rank --month 2026-10 --as-of "$CUTOFF" -f html >b.html 2>"$T/.setup" ||
    bail "hl-rank -f html"
is_file a.html b.html "the same ledger and cut-off: the same page"
is "1" "$(grep -c '</html>' a.html)" "one page, ended once"
run sh -c "hl-rank --month 2026-10 --as-of '$CUTOFF' -f html | head -c 100 >/dev/null"
is_rc 0 "a reader that stops early (SIGPIPE): a quiet end"
is "" "$(cat "$ERR")" "a reader that stops early: no message"
if [ -w /dev/full ]; then
	run sh -c "hl-rank --month 2026-10 --as-of '$CUTOFF' -f html >/dev/full"
	is_rc 74 "a full disk: exit 74"
	like "^hl-rank: error writing standard output: No space left on device$" \
	    "$(cat "$ERR")" "a full disk: says so"
else
	skip "a full disk: exit 74" "no /dev/full"
	skip "a full disk: says so" "no /dev/full"
fi

done_testing
