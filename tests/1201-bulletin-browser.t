#!/bin/sh
# The bulletin (hl-rank --format html) of October 2026 by station, as of
# the 5th of November 08:00 (tests/rank.sh), opened in a real headless
# Chromium (tests/tools/browse): no console error and no load at all; a
# screenshot at a phone's and at a desktop's width, neither wider than its
# screen; the Chinese drawn in Noto Sans CJK; printed on A4 with no page
# blank and no row, card or chart cut by a page (tests/tools/paper); and
# every number it shows, read back from the DOM Chromium dumped, equal to
# what hl-rank --format json says for the same period and cut-off
# (tests/tools/figures): this month, the five before it (each as of its own
# cut-off), by category, and each station's tickets (--explain).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"
. "$TOP/tests/bulletin.sh"

need_browser
rank_month
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f html
is_rc 0 "-f html: exit 0"
is_err "" "-f html: nothing on stderr"
cp "$OUT" october.html

# ---- one file that needs nothing else ----
is "<!DOCTYPE html>" "$(head -n 1 october.html)" "an HTML5 document"
is "" "$(grep -Eio '<script|<iframe|<object|<embed|<link|<img|@import|src=|href=' october.html | sort -u)" \
    "no script, frame, link, image or import"
is "http://www.w3.org/2000/svg" "$(grep -Eo '(https?|ftp|file|data):[^"]*' october.html | sort -u)" \
    "no address but the SVG namespace"
is "" "$(grep -o 'url([^#][^)]*)' october.html | sort -u)" \
    "no url() but the charts' own patterns"
like "default-src 'none'; style-src 'unsafe-inline'" "$(cat october.html)" \
    "a Content-Security-Policy that lets nothing run or load"

# ---- in the browser ----
browse out october.html
is_rc 0 "Chromium: no console error, exception or failed load"
is "" "$(cat out/october/console.txt)" "Chromium: the page logged nothing"
is "desktop 1280 1280
phone 390 390" "$(cat out/october/layout.txt)" \
    "nothing wider than the screen, on a desktop or a phone"
# png FILE: "WIDTH HEIGHT" from the PNG header (IHDR).
png() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ print $1*16777216 + $2*65536 + $3*256 + $4,
	    $5*16777216 + $6*65536 + $7*256 + $8 }'
}
like "^1280 [0-9]{4,}$" "$(png out/october/desktop.png)" \
    "desktop.png: the whole page, 1280 pixels wide"
like "^780 [0-9]{5,}$" "$(png out/october/phone.png)" \
    "phone.png: the whole page, 390 CSS pixels at 2x"
is "h1 Noto Sans CJK SC
svg text Noto Sans CJK SC" "$(cut -f 1,2 out/october/fonts.txt | tr '\t' ' ')" \
    "the title and the charts' text are drawn in Noto Sans CJK SC only"

# ---- on paper ----
perl "$TOOLS/paper" out/october/print.pdf out/october/dom.html >paper.out 2>&1
is "" "$(sed 1d paper.out)" "print: A4, no page blank, no row, card or chart cut"
pages=$(sed -n 's/^pages //p' paper.out)
# Five stations, their tickets behind lost points and eight categories:
# more than a page, and at most four A4 pages (as printed today, four).
like "^[234]$" "$pages" "print: $pages pages, two to four"
pdftotext -layout -f 1 -l 1 out/october/print.pdf page1.txt
like "12345热线接诉即办通报" "$(sed -n 1p page1.txt)" "print: the title heads page 1"
like "交通安全站 +5 +100.0% +75.0% +100.0% +100.0% +100.0 +\\+15.0 +3" \
    "$(cat page1.txt)" "print: the ranking is on page 1"

# ---- the periods: this one and five before, each as of its cut-off ----
# A month is compared with the month before as of a cut-off moved back by
# this month's length (hl-rank(1)): November 5 08:00 less 31 days (October)
# is October 5, less 30 (September) September 5, and so on.
is "0 2026-10-01T00:00:00+08:00 2026-11-01T00:00:00+08:00 2026-11-05T08:00:00+08:00
1 2026-09-01T00:00:00+08:00 2026-10-01T00:00:00+08:00 2026-10-05T08:00:00+08:00
2 2026-08-01T00:00:00+08:00 2026-09-01T00:00:00+08:00 2026-09-05T08:00:00+08:00
3 2026-07-01T00:00:00+08:00 2026-08-01T00:00:00+08:00 2026-08-05T08:00:00+08:00
4 2026-06-01T00:00:00+08:00 2026-07-01T00:00:00+08:00 2026-07-05T08:00:00+08:00
5 2026-05-01T00:00:00+08:00 2026-06-01T00:00:00+08:00 2026-06-05T08:00:00+08:00" \
    "$(sed -n 's/.*<tr data-p="\([0-9]\)" data-from="\([^"]*\)" data-to="\([^"]*\)" data-as-of="\([^"]*\)".*/\1 \2 \3 \4/p' out/october/dom.html)" \
    "the trend's six periods and cut-offs"

# ---- every number, against hl-rank --format json ----
: >args
k=0
for p in "2026-10 2026-11-05T08:00" "2026-09 2026-10-05T08:00" \
    "2026-08 2026-09-05T08:00" "2026-07 2026-08-05T08:00" \
    "2026-06 2026-07-05T08:00" "2026-05 2026-06-05T08:00"; do
	set -- $p
	rank_json "station-$k.json" --month "$1" --as-of "$2"
	echo "station:$k=station-$k.json" >>args
	k=$((k + 1))
done
rank_json category-0.json --by category --month 2026-10 --as-of "$CUTOFF"
rank_json category-1.json --by category --month 2026-09 --as-of 2026-10-05T08:00
echo "category:0=category-0.json" >>args
echo "category:1=category-1.json" >>args
explain_json station --month 2026-10 --as-of "$CUTOFF" >>args
perl "$TOOLS/figures" -v out/october/dom.html @args >figures.out 2>&1
is "" "$(grep -v '^ok \|^param ' figures.out)" \
    "every number in the DOM equals hl-rank's JSON, the tickets its --explain"
is "param weights 30/35/35
param min 5" "$(grep '^param ' figures.out)" \
    "the weights and the minimum are the policy's"
# What was checked: each station's figures in the table and the charts,
# the township in the totals and over six periods, the growing categories.
for u in 国土所 农业站 交通安全站 党政办 信访办; do
	is "2 2 2 2" "$(for k in score response_rate completion_rate satisfaction_rate; do
		grep -c "^ok station 0 $u $k '" figures.out; done | tr '\n' ' ' | sed 's/ $//')" \
	    "$u: its score and rates in the table and in a chart"
	is "1" "$(grep -c "^ok station 1 $u score '" figures.out)" \
	    "$u: September's score in a chart"
done
# (its rates a fourth time: the trend's lines end with their values)
is "3 4 4 4 4 3" "$(for k in tickets response_rate completion_rate resolution_rate satisfaction_rate score; do
	grep -c "^ok station 0 (township) $k '" figures.out; done | tr '\n' ' ' | sed 's/ $//')" \
    "the township: in the totals, the ranking and the trend"
is "1 1 1 1" "$(for k in 2 3 4 5; do grep -c "^ok station $k (township) tickets '" figures.out; done | tr '\n' ' ' | sed 's/ $//')" \
    "the township's tickets of the four periods before"
is "$(jq -s '[.[] | select(.unit != null and .tickets > .previous.tickets)] | length' category-0.json)" \
    "$(grep -c "^ok category 0 .* tickets change '" figures.out)" \
    "every category that grew, with its growth"
# The fell-most list: 农业站 was first in September and is second (its
# unsatisfied first visit no longer counts once a second one was good);
# 国土所, second then, is third (G07, overdue and unresolved, counts as
# the worst visit).
like "<li data-u=\"国土所\"><b class=\"name\">国土所</b> <span data-k=\"rank\" data-d=\"1\">↓1</span>" \
    "$(cat out/october/dom.html)" "the units that fell: 国土所"
like "<li data-u=\"农业站\"><b class=\"name\">农业站</b> <span data-k=\"rank\" data-d=\"1\">↓1</span>" \
    "$(cat out/october/dom.html)" "the unit that fell most"

# ---- callers ----
phones=$(sed 1d "$RFIX/october.csv" | cut -d, -f7 | sort -u)
names=$(sed 1d "$RFIX/october.csv" | cut -d, -f6 | sort -u)
hits=
for p in $phones $names; do
	grep -q "$p" out/october/dom.html && hits="$hits $p"
done
is "" "$hits" "no caller's phone number or name in the page"
is "139****1007" "$(grep -o 'data-ticket="G07".*' out/october/dom.html | grep -o '139\*\*\*\*[0-9]*' | head -n 1)" \
    "a caller's phone, masked"

done_testing
