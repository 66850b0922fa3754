#!/bin/sh
# The bulletin at every level and for every kind of period: October 2026
# by station, cadre, area, village and category, the ISO week 2026-W42 and
# the first fifteen days of October by station.  Chromium opens each page
# (tests/tools/browse): nothing logged, nothing loaded; the six periods of
# its trend are those computed here by hand from hl-rank(1)'s rule (the
# period before, the cut-off moved back by the later period's length); and
# every number it shows, read from the DOM Chromium dumped, equals
# hl-rank --format json for the same level, period and cut-off.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"
. "$TOP/tests/bulletin.sh"

need_browser
rank_month
for level in station cadre area village category; do
	hl-rank --by $level --month 2026-10 --as-of "$CUTOFF" -f html \
	    >"$level.html" 2>"$T/.setup" || bail "hl-rank --by $level -f html"
done
hl-rank --week 2026-W42 --as-of 2026-10-20T09:00 -f html >week.html \
    2>"$T/.setup" || bail "hl-rank --week -f html"
hl-rank --from 2026-10-01 --to 2026-10-15 --as-of "$CUTOFF" -f html \
    >days.html 2>"$T/.setup" || bail "hl-rank --from --to -f html"
browse --dom-only out station.html cadre.html area.html village.html \
    category.html week.html days.html
is_rc 0 "Chromium: no console error, exception or load in any page"
is "" "$(cat out/*/console.txt)" "Chromium: no page logged anything"

# Months back from October as of November 5 08:00: each cut-off a month
# before, less the length of the month after it (31, 30, 31, 31, 30 days).
months="0 2026-10-01T00:00:00+08:00 2026-11-01T00:00:00+08:00 2026-11-05T08:00:00+08:00
1 2026-09-01T00:00:00+08:00 2026-10-01T00:00:00+08:00 2026-10-05T08:00:00+08:00
2 2026-08-01T00:00:00+08:00 2026-09-01T00:00:00+08:00 2026-09-05T08:00:00+08:00
3 2026-07-01T00:00:00+08:00 2026-08-01T00:00:00+08:00 2026-08-05T08:00:00+08:00
4 2026-06-01T00:00:00+08:00 2026-07-01T00:00:00+08:00 2026-07-05T08:00:00+08:00
5 2026-05-01T00:00:00+08:00 2026-06-01T00:00:00+08:00 2026-06-05T08:00:00+08:00"
for level in station cadre area village category; do
	is "$months" "$(periods out/$level/dom.html)" "--by $level: the six months"
	figures_of $level out/$level/dom.html >$level.figures
	is "" "$(grep -v '^ok \|^param ' $level.figures)" \
	    "--by $level: every number equals hl-rank's JSON"
	is "" "$(jq -r 'select(.unit != null) | .unit' "$T/.rank-0.json" |
	    while read -r u; do grep -q "^ok $level 0 $u score '" $level.figures ||
	    echo "$u"; done)" "--by $level: every unit's score is shown"
done
# Nobody is ranked by category: no rank, no moves, no lost points.
is "0" "$(grep -c " rank \| rank change " category.figures)" \
    "--by category: no rank shown"
is "" "$(grep -o 'id="moves"\|id="lost"' out/category/dom.html)" \
    "--by category: no moves, no tickets behind lost points"
like '<p class="sub">问题分类情况 · ' "$(cat out/category/dom.html)" \
    "--by category: a bulletin of the categories, not a ranking"

# ISO weeks: W42 is October 12 to 18; each cut-off 7 days before the last.
is "0 2026-10-12T00:00:00+08:00 2026-10-19T00:00:00+08:00 2026-10-20T09:00:00+08:00
1 2026-10-05T00:00:00+08:00 2026-10-12T00:00:00+08:00 2026-10-13T09:00:00+08:00
2 2026-09-28T00:00:00+08:00 2026-10-05T00:00:00+08:00 2026-10-06T09:00:00+08:00
3 2026-09-21T00:00:00+08:00 2026-09-28T00:00:00+08:00 2026-09-29T09:00:00+08:00
4 2026-09-14T00:00:00+08:00 2026-09-21T00:00:00+08:00 2026-09-22T09:00:00+08:00
5 2026-09-07T00:00:00+08:00 2026-09-14T00:00:00+08:00 2026-09-15T09:00:00+08:00" \
    "$(periods out/week/dom.html)" "--week 2026-W42: the six weeks"
figures_of station out/week/dom.html >week.figures
is "" "$(grep -v '^ok \|^param ' week.figures)" \
    "--week: every number equals hl-rank's JSON"
like '2026年第42周' "$(cat out/week/dom.html)" "--week: named as a week"
like '<text x="[0-9.]+" y="[0-9]+" text-anchor="middle">W37</text>' \
    "$(cat out/week/dom.html)" "--week: the trend's axis names weeks"

# Fifteen days, October 1 to 15: the fifteen before each, the cut-off 15
# days before each time.
is "0 2026-10-01T00:00:00+08:00 2026-10-16T00:00:00+08:00 2026-11-05T08:00:00+08:00
1 2026-09-16T00:00:00+08:00 2026-10-01T00:00:00+08:00 2026-10-21T08:00:00+08:00
2 2026-09-01T00:00:00+08:00 2026-09-16T00:00:00+08:00 2026-10-06T08:00:00+08:00
3 2026-08-17T00:00:00+08:00 2026-09-01T00:00:00+08:00 2026-09-21T08:00:00+08:00
4 2026-08-02T00:00:00+08:00 2026-08-17T00:00:00+08:00 2026-09-06T08:00:00+08:00
5 2026-07-18T00:00:00+08:00 2026-08-02T00:00:00+08:00 2026-08-22T08:00:00+08:00" \
    "$(periods out/days/dom.html)" "--from --to: six periods of fifteen days"
figures_of station out/days/dom.html >days.figures
is "" "$(grep -v '^ok \|^param ' days.figures)" \
    "--from --to: every number equals hl-rank's JSON"
like '2026-10-01至2026-10-15' "$(cat out/days/dom.html)" \
    "--from --to: named by its first and last day"

done_testing
