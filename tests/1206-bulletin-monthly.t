#!/bin/sh
# scripts/monthly-bulletin, the job of the 5th: last month's bulletin of
# each level into a directory, as of the end of the 4th (the page
# hl-rank -f html makes for that month and cut-off, byte for byte), whole
# or not at all; quiet without recipients; with them, one message line a
# page for hl-notify whose figures are hl-rank's, rounded as the page
# rounds them.  And its failures: usage, an unwritable directory, no
# ledger (no page left behind).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

job=$TOP/scripts/monthly-bulletin
run sh "$job" --help
is_rc 0 "--help: exit 0"
like "^usage: monthly-bulletin \\[-d DB\\]" "$(cat "$OUT")" "--help: the usage"
run sh "$job" --version
is "monthly-bulletin (hotline) $(hl-rank --version | sed 's/.* //')" \
    "$(cat "$OUT")" "--version: hotline's"
run sh "$job" --by town
is_rc 64 "--by town: usage error"
is "monthly-bulletin: --by: expected station, cadre, area, village or category
Try 'monthly-bulletin --help' for more information." "$(cat "$ERR")" \
    "--by town: the message"
run sh "$job" --now someday
is_rc 64 "--now someday: usage error"
run sh "$job" --dir "$T/nowhere" --now 2026-11-05T08:00:00+08:00
is_rc 73 "a directory that is not there: exit 73"
is "monthly-bulletin: cannot write to directory '$T/nowhere'" "$(cat "$ERR")" \
    "a directory that is not there: the message"
mkdir pages
run sh "$job" --dir pages --now 2026-11-05T08:00:00+08:00
is_rc 66 "no ledger: hl-rank's 66"
is "" "$(ls -A pages)" "no ledger: nothing left in the directory"

rank_month
run sh "$job" --dir pages --by station,village --now 2026-11-05T08:00:00+08:00
is_rc 0 "November 5: exit 0"
is "" "$(cat "$OUT" "$ERR")" "without --to: quiet"
is "2026-10-station.html
2026-10-village.html" "$(ls -A pages)" "one page a level, named by month and level"
hl-rank --month 2026-10 --as-of 2026-11-04 -f html >station.html
hl-rank --by village --month 2026-10 --as-of 2026-11-04 -f html >village.html
is_file station.html pages/2026-10-station.html \
    "October by station, as of the end of November 4"
is_file village.html pages/2026-10-village.html "and by village"
run sh "$job" --dir pages --by station --to 国土所 --to 张建国 \
    --now 2026-11-05T08:00:00+08:00
is_rc 0 "with --to: exit 0"
is_file station.html pages/2026-10-station.html "made again: the same page"
# The figures of the township, as hl-rank has them, rounded by printf.
hl-rank --month 2026-10 --as-of 2026-11-04 -f json | tail -n 1 >total.json
want=$(jq -r '[.tickets, .response_rate * 100, .completion_rate * 100,
    .satisfaction_rate * 100, .score] | @tsv' total.json |
    awk -F '\t' '{ printf "工单 %d 件，响应率 %.1f%%，办结率 %.1f%%，满意率 %.1f%%，得分 %.1f", $1, $2, $3, $4, $5 }')
is "{\"event\":\"message\",\"key\":\"bulletin:2026-10:station\",\"to\":[\"国土所\",\"张建国\"],\"subject\":\"12345热线通报 站所排名 2026年10月\",\"text\":\"2026年10月站所排名通报（截至 2026-11-04）见附件。全镇：$want。\",\"attach\":\"$T/pages/2026-10-station.html\"}" \
    "$(cat "$OUT")" "with --to: the message line for hl-notify"
like "工单 31 件，响应率 82.1%，办结率 80.0%，满意率 91.7%，得分 85.9" "$want" \
    "the township's October (tests/0801-rank-station.t's, by hand)"
# The ledger's zone decides the day, not TZ: 00:30 on November 5 in
# Shanghai is still the 4th in UTC, but the bulletin is as of the 4th's end.
rm pages/*
TZ=UTC run sh "$job" --dir pages --now 2026-11-05T00:30:00+08:00
is_rc 0 "TZ=UTC, 00:30 on the 5th in the ledger's zone: exit 0"
is_file station.html pages/2026-10-station.html \
    "TZ=UTC: October as of the end of November 4, all the same"
# Without --dir: bulletins/ beside the ledger, made the first time.
rm -rf "$T/bulletins"
run sh "$job" --now 2026-11-05T08:00:00+08:00
is_rc 0 "without --dir: exit 0"
is_file station.html "$T/bulletins/2026-10-station.html" \
    "without --dir: the page in bulletins/ beside the ledger"
# January's bulletin is December's, of the year before.
run sh "$job" --dir pages --by category --now 2027-01-05T08:00:00+08:00 --to 镇纪委
is_rc 0 "January 5: exit 0"
like '"key":"bulletin:2026-12:category"' "$(cat "$OUT")" "January 5: December 2026"
like '"subject":"12345热线通报 问题分类情况 2026年12月"' "$(cat "$OUT")" \
    "January 5: named so"

done_testing
