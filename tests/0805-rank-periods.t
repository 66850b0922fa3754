#!/bin/sh
# hl-rank: periods and cut-offs.  --month, --week (ISO), --from/--to (a
# bare --to date includes that day), the default (the last full month
# before now), the previous period (the same length just before, its
# cut-off moved back by the same length), and --as-of.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

rank_month

# title ARGS...: the first line of the table.
title() {
	hl-rank "$@" 2>&1 | head -n 1
}

# ---- --month ----
is "站所排名  2026-10-01 至 2026-10-31  截至 2026-11-05 08:00  权重 30/35/35  最少 5 件" \
    "$(title --month 2026-10 --as-of "$CUTOFF")" "--month 2026-10: October 1 to 31"
is "站所排名  2026-02-01 至 2026-02-28  截至 2026-11-05 08:00  权重 30/35/35  最少 5 件" \
    "$(title --month 2026-02 --as-of "$CUTOFF")" "--month 2026-02: to the 28th"
is "站所排名  2024-02-01 至 2024-02-29  截至 2026-11-05 08:00  权重 30/35/35  最少 5 件" \
    "$(title --month 2024-2 --as-of "$CUTOFF")" "--month 2024-2: a leap February"

# ---- --week: ISO 8601, Monday to Sunday ----
# 2026-W42 is October 12 (Monday) to 18.  As of Nov 20 09:00 (so that the
# previous week, as of Nov 13 09:00, sees everything recorded on Nov 4),
# --min 2.  Received that week: G04 G05 G06 G10 (国土所), N03 (农业站),
# J03 J04 (交通安全站), D01 D02 (党政办), C02 C03 (cadres).
#   交通安全站  J03 on time 25, J04 on time 20 (dispatched late); both
#               resolved on time, visited yes/satisfied: 100.
#   党政办      D01 8, D02 18 minutes; on time; yes: 100.
#   国土所      G04 never responded, G05 18 (resolved late), G06 8; G10
#               malicious: 30*2/3 + 35 + 35 = 90.
#   农业站      N03 unfounded: 1 ticket, nothing genuine: no score.
# Previous week (Oct 5-11): G01 (on time) G03 (late) -> 国土所 15+35+35 =
# 85, rank 2; N01, N02 (on time; N01 visited yes/satisfied, N02 no/
# unsatisfied, then, reopened, yes/satisfied: its latest counts) -> 农业站
# 30 + 35 + 35 = 100, rank 1; J01 alone -> 交通安全站 100, unranked
# (1 < 2).  J02 (a repeat) not counted.
run hl-rank --week 2026-W42 --as-of 2026-11-20T09:00 --min 2 -f json
is_rc 0 "--week: exit 0"
is "交通安全站 1,党政办 1,国土所 3,农业站 null,信访办 null,null null," \
    "$(jq -r '"\(.unit) \(.rank)"' "$OUT" | tr '\n' ',')" "--week 2026-W42: ranks"
expect station 交通安全站 1  2 2 2 2  2 2  2 2 2 0  1 1 1 1  100 45/2 1 \
    null 100 1
expect station 党政办 1  2 2 2 2  2 2  2 2 2 0  1 1 1 1  100 26/2 0 \
    null null 0
expect station 国土所 3  4 3 3 2  3 2  3 3 3 0  2/3 2/3 3/3 3/3 \
    '30*2/3 + 35 + 35' 26/2 2  2 '30*1/2 + 35 + 35' 2
expect station 农业站 null  1 0 0 0  0 0  0 0 0 0  null null null null \
    null null 0  1 '30 + 35 + 35' 2
# The township that week: 11 tickets, 9 genuine; on time 7 (G04 none, C02
# late); C03 was due Nov 5 and is unresolved as of Nov 20: resolve_due 9,
# on time 7 (G05 late, C03); visits 8 (C02 by its latest, yes/basic), yes
# 8, satisfied 8, and C03, unresolved past due, as the worst visit: 8/9.
# Responses 18+8+25+20+8+18+38+18 = 153 over 8.  Late: G04 G05 J04 C02 C03.
# The week before: 6 tickets (G01 G03 N01 N02 J01 C01), on time 5 (G03
# late), visits 6 (N02 by its latest), all yes and satisfied:
# 25 + 35 + 35 = 95.
expect station - null  11 9 9 7  9 7  8 8 8 1  7/9 7/9 8/9 8/9 \
    '30*7/9 + 35*8/9 + 35*8/9' 153/8 5  null 95 6
cp "$OUT" week.json
run hl-rank --week 2026-W42 --as-of 2026-11-20T09:00 --min 2
is "站所排名  2026-10-12 至 2026-10-18  截至 2026-11-20 09:00  权重 30/35/35  最少 2 件" \
    "$(head -n 1 "$OUT")" "--week 2026-W42: Monday October 12 to Sunday 18"
is "站所排名  2026-09-28 至 2026-10-04  截至 2026-11-20 09:00  权重 30/35/35  最少 5 件" \
    "$(title -w 2026-W40 --as-of 2026-11-20T09:00)" \
    "-w 2026-W40: the week of October 1 starts in September"
is "站所排名  2025-12-29 至 2026-01-04  截至 2026-11-20 09:00  权重 30/35/35  最少 5 件" \
    "$(title --week 2026-W01 --as-of 2026-11-20T09:00)" \
    "--week 2026-W01: the week of January 4 starts in December"
is "站所排名  2026-12-28 至 2027-01-03  截至 2026-11-20 09:00  权重 30/35/35  最少 5 件" \
    "$(title --week 2026-w53 --as-of 2026-11-20T09:00)" \
    "--week 2026-w53: 2026 has 53 weeks"

# ---- --from / --to ----
run hl-rank --from 2026-10-12 --to 2026-10-18 --as-of 2026-11-20T09:00 --min 2 -f json
is_file week.json "$OUT" "--from 2026-10-12 --to 2026-10-18 is the week: the bare --to includes the 18th"
is "站所排名  2026-10-12 至 2026-10-18  截至 2026-11-20 09:00  权重 30/35/35  最少 2 件" \
    "$(title --from 2026-10-12 --to 2026-10-18 --as-of 2026-11-20T09:00 --min 2)" \
    "--from/--to: the title"
# One day: October 16 has G10 09:00, J04 11:00, D02 16:30; the day
# before (the previous period of one day), G06 10:00 and C03 08:00.
# total ARGS...: "tickets previous.tickets" of the township.
total() {
	hl-rank --as-of 2026-11-20T09:00 -f json "$@" | jq -r 'select(.unit == null) | "\(.tickets) \(.previous.tickets)"'
}
is "3 2" "$(total --from 2026-10-16 --to 2026-10-16)" \
    "--from D --to D: that whole day; the previous period is the day before"
is "2 2" "$(total --from 2026-10-16 --to 2026-10-16T16:30)" \
    "--to a time: up to, not including, that time (D02 at 16:30 is out)"
is "3 2" "$(total --from 2026-10-16 --to 2026-10-16T16:30:01)" \
    "--to a time one second later: D02 is in"
is "1 1" "$(total --from 2026-10-16T10:00 --to 2026-10-16T16:30)" \
    "--from a time: from it (J04); G10 at 09:00 is in the 6.5 hours before"
is "1 0" "$(total --from '2026-10-16 09:00' --to '2026-10-16 10:00')" \
    "--from/--to in the upstream's form: G10 from 09:00; nothing 08:00-09:00"

# ---- the default period: the last full month before now ----
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json
cp "$OUT" october.json
run hl-rank --now "$CUTOFF" -f json
is_file october.json "$OUT" "no period, --now Nov 5: October, as of now"
HL_NOW=$CUTOFF run hl-rank -f json
is_file october.json "$OUT" "no period, HL_NOW Nov 5: the same"
is "站所排名  2026-10-01 至 2026-10-31  截至 2026-11-01 00:00  权重 30/35/35  最少 5 件" \
    "$(title --now 2026-11-01T00:00:00+08:00)" "now at the first moment of November: October"
is "站所排名  2026-09-01 至 2026-09-30  截至 2026-10-31 23:59  权重 30/35/35  最少 5 件" \
    "$(title --now 2026-10-31T23:59:59+08:00)" "now in the last second of October: September"
is "站所排名  2026-12-01 至 2026-12-31  截至 2027-01-03 08:00  权重 30/35/35  最少 5 件" \
    "$(title --now 2027-01-03T08:00:00+08:00)" "now in January: December of the year before"
# --as-of fixes the figures; --now only picks the default period.
run hl-rank --month 2026-10 --as-of "$CUTOFF" --now 2030-01-01T00:00:00+08:00 -f json
is_file october.json "$OUT" "--as-of with another --now: the same figures"

# ---- the previous period: the calendar month before ----
# October's is September, as of the cut-off less October's 31 days (Oct
# 5 08:00): S05's visit, recorded Oct 20 09:00, is not in it (0801: 国土所
# 85.25).  Ranked as of Nov 20 09:00, the previous cut-off is Oct 20 09:00
# and the visit (no, unsatisfied) is in.  It reopened S05, whose new round
# (5 working days from Sep 30: Oct 8, 9, 10, 12, 13) is past due by then:
# S05 counts as the worst visit, which its visit was anyway.  国土所's
# September becomes 30*4/5 + 35*3/5 + 35*4/5 = 24 + 21 + 28 = 73, still
# second, to 农业站's 86 (S10, reopened by yes/unsatisfied on Sep 28, is
# past its new deadline of Oct 10 too: 30 + 35*4/5 + 35*4/5).
prev() {
	hl-rank --month 2026-10 -f json "$@" |
	    jq -r --arg u 国土所 'select(.unit == $u) | "\(.previous.rank) \(.previous.score) \(.previous.tickets)"'
}
is "2 85.25 5" "$(prev --as-of "$CUTOFF")" "previous: as of Oct 5 08:00 without S05's visit"
is "2 85.25 5" "$(prev --as-of 2026-11-20T08:59:59+08:00)" \
    "previous: as of Oct 20 08:59:59, one second before the visit was recorded"
is "2 73 5" "$(prev --as-of 2026-11-20T09:00:00+08:00)" \
    "previous: as of Oct 20 09:00 with it"
# For a month the previous period is the calendar month ("上月"), not the
# same number of days: a ticket of August 31 (国土所, on time, visited
# yes/satisfied) is not in October's previous period, September, which
# stays 5 tickets and 85.25; it is in September's previous period, August.
cat >august.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
S00,2026-08-31 10:00:00,help,宅基地审批,陈户村,13900009000,宅基地审批
END
cat >august.events <<'END'
S00 dispatch 2026-08-31T10:02
S00 respond  2026-08-31T10:12
S00 resolve  2026-09-02T10:00
S00 visit    2026-09-03T10:00 resolved=yes satisfaction=satisfied
END
intake august.csv "$SEP_NOW"
replay august.events "$SEP_NOW"
is "2 85.25 5" "$(prev --as-of "$CUTOFF")" \
    "previous of --month 2026-10: September 1 to 30, not August 31"
# September as of Nov 5 08:00 (S05's visit in: 73); its previous period is
# August, as of Nov 5 less September's 30 days: Oct 6 08:00, when S00 was
# taken in.
run hl-rank --month 2026-09 --as-of "$CUTOFF" -f json
is "5 73 1" "$(jq -r 'select(.unit == "国土所") | "\(.tickets) \(.score) \(.previous.tickets)"' "$OUT")" \
    "--month 2026-09: S01..S05; August 31 is in its previous period, August"

# ---- --as-of ----
# Before the October work orders were taken in (Nov 4 12:00) there is
# nothing to rank.
run hl-rank --month 2026-10 --as-of 2026-11-04T11:59:59+08:00 -f json
is "0 0 0" "$(jq -r 'select(.unit == null) | "\(.tickets) \(.genuine) \(.visits)"' "$OUT")" \
    "--as-of before the tickets were taken in: nothing"
# A date is the end of that day, as for --to: the cron line of hl-rank(1)
# runs --as-of "$(date +%Y-%m-05)".
run hl-rank --month 2026-10 --as-of 2026-11-05T23:59:59+08:00 -f json
cp "$OUT" day.json
run hl-rank --month 2026-10 --as-of 2026-11-05 -f json
is_rc 0 "--as-of 2026-11-05: a date is accepted"
is_file day.json "$OUT" "--as-of 2026-11-05: as of the end of that day"

done_testing
