#!/bin/sh
# hl-rank: the other levels over the same October (tests/rank.sh): cadre
# (包村干部: the tickets from the villages the cadre covers, whoever handled
# them), area (包片: the villages of the area), village (the village's own
# tickets) and category (问题分类: ranks nobody; the table's last column is
# the previous period's tickets and the change).  Every figure by hand from
# the per-ticket outcomes listed at the top of 0801-rank-station.t: in the
# resolution and satisfaction rates a ticket counts once, by its latest
# visit, or as the worst visit when it is unresolved past its deadline
# (G07 and C05, both from 李家村).
#
# The directory: 李家村 (东片, cadre 周明), 王庄村 (东片, 吴刚), 张湾村 and
# 陈户村 (西片, 郑涛).  October's tickets by village (J02, a repeat call,
# and C07, received in November, are not counted):
#   李家村  G01 G04 G07 N01 N05 J01 J06 D01 C01 C05        10
#   王庄村  G03 G08 N02 N06 J03 D03 C02 C06(malicious)      8
#   张湾村  G02 G05 G10(malicious) N03(unfounded) J04 D02 C03  7
#   陈户村  G06 G09 N04 N07 J05 C04                        6
# September's (previous period, as of Oct 5 08:00):
#   李家村  S01 (on time, yes/satisfied) S05 (late, its visit recorded
#           after the cut-off) S09 (on time, yes/very_satisfied)
#   王庄村  S02 (on time, yes/satisfied) S06 (on time, yes/satisfied)
#           S10 (on time, yes/unsatisfied)
#   张湾村  S03 (on time, yes/very_satisfied) S07 (on time, yes/satisfied)
#           S12 (late, no visit)
#   陈户村  S04 (on time, partly/basic) S08 (on time, yes/basic)
#           S11 (on time, yes/satisfied)
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

rank_month

# ---- village ----
run hl-rank --by village --month 2026-10 --as-of "$CUTOFF" -f json
is_rc 0 "village: exit 0"
is "陈户村
张湾村
王庄村
李家村
null" "$(units)" "village: by rank, the township total last"

# 陈户村: 6 tickets, all genuine; on time 5 (G09 late) -> 5/6; resolve_due
# 6, on time 5 (J05 late); visits 6 (G06 G09 N04 N07 J05 C04), all yes and
# satisfied.  30*5/6 + 35 + 35 = 95.  Responses 8+50+17+18+23+28 = 144 over
# 6.  Overdue G09 J05.  September: S04 S08 S11 all on time; 3 visits, 2 yes
# (S04 partly), 3 satisfied: 30 + 35*2/3 + 35 = 88.333; 3 tickets: no rank.
expect village 陈户村 1  6 6 6 5  6 5  6 6 6 0  5/6 5/6 6/6 6/6 \
    '30*5/6 + 35*6/6 + 35*6/6' 144/6 2  null '30 + 35*2/3 + 35' 3

# 张湾村: 7 tickets, genuine 5 (G10 malicious, N03 unfounded); on time 5
# (G02 G05 J04 D02 C03); resolve_due 4 (C03 not yet due), on time 3 (G05
# late); visits 4 (G02 G05 J04 D02), yes 3 (G02 partly), satisfied 4.
# 30 + 35*3/4 + 35 = 91.25.  Responses 20+18+20+18+18 = 94 over 5.
# Overdue G05 J04.  September: S03 S07 on time, S12 late -> 2/3; 2 visits,
# yes and satisfied: 90.
expect village 张湾村 2  7 5 5 5  4 3  4 3 4 0  5/5 3/4 3/4 4/4 \
    '30*5/5 + 35*3/4 + 35*4/4' 94/5 2  null 90 3

# 王庄村: 8 tickets, genuine 7 (C06 malicious); on time 4 (G08 N02 J03
# D03; G03 N06 C02 late) -> 4/7; resolve_due 6 (G08 not yet due), on time
# 5 (D03 late); visits 5 (G03, N02, J03, D03, C02; N02 and C02 by their
# latest visits, yes/satisfied and yes/basic, their first ones made good;
# N06, resolved on time, was visited after the cut-off), all yes and
# satisfied.  30*4/7 + 35*5/5 + 35*5/5 = 87.143 (67.143 when the first
# visits counted too).  Responses 42+13+25+31+25+18+38 = 192 over 7.
# Overdue G03 N06 D03 C02.  September: S02 S06 S10 on time; 3 visits, 3
# yes, 2 satisfied (S10's new round is due Oct 10, after the cut-off):
# 30 + 35 + 35*2/3 = 88.333.
expect village 王庄村 3  8 7 7 4  6 5  5 5 5 0  4/7 5/6 5/5 5/5 \
    '30*4/7 + 35*5/5 + 35*5/5' 192/7 4  null '30 + 35 + 35*2/3' 3

# 李家村: 10 tickets, all genuine; on time 9 (G04 never) -> 9/10;
# resolve_due 9 (J06 not yet due), on time 7 (G07 and C05 unresolved);
# visits 7 (G01 G04 N01 N05 J01 D01 C01), yes 6 (N05 partly), satisfied 7;
# G07 and C05, unresolved past their deadlines, count as 2 worst visits.
# 30*9/10 + 35*6/9 + 35*7/9 = 27 + 23.333 + 27.222 = 77.556 (92 when they
# simply dropped out): last.  Responses 10+17+15+30+5+28+8+18+12 = 143
# over 9.  Overdue G04 G07 J06 C05.  September: S01 S09 on time, S05 late
# -> 2/3; visits 2 (S05's not yet recorded; S05 was resolved on time),
# both yes and satisfied: 20 + 35 + 35 = 90.
expect village 李家村 4  10 10 10 9  9 7  7 6 7 2  9/10 7/9 6/9 7/9 \
    '30*9/10 + 35*6/9 + 35*7/9' 143/9 4  null 90 3

# The township total is the same at every level (see 0801).
expect village - null  31 28 28 23  25 20  22 20 22 2  23/28 20/25 20/24 22/24 \
    '30*23/28 + 35*20/24 + 35*22/24' 573/27 12  null 88 12

# ---- cadre ----
run hl-rank --by cadre --month 2026-10 --as-of "$CUTOFF" -f json
is_rc 0 "cadre: exit 0"
is "郑涛
吴刚
周明
null" "$(units)" "cadre: by rank, the township total last"

# 郑涛 covers 张湾村 and 陈户村: the sums of the two above.  13 tickets,
# genuine 5+6 = 11, on time 5+5 = 10; resolve_due 4+6 = 10, on time 3+5 =
# 8; visits 4+6 = 10, yes 3+6 = 9, satisfied 4+6 = 10.
# 30*10/11 + 35*9/10 + 35*10/10 = 27.273 + 31.5 + 35 = 93.773.  Responses
# 94+144 = 238 over 11.  Overdue 2+2.  September: 6 tickets (S03 S07 S12
# S04 S08 S11), on time 5/6, visits 5, yes 4, satisfied 5:
# 25 + 28 + 35 = 88, the only cadre with 5 or more: rank 1.
expect cadre 郑涛 1  13 11 11 10  10 8  10 9 10 0  10/11 8/10 9/10 10/10 \
    '30*10/11 + 35*9/10 + 35*10/10' 238/11 4  1 88 6
# 吴刚 covers 王庄村 only; 周明 李家村 only: as their villages.
expect cadre 吴刚 2  8 7 7 4  6 5  5 5 5 0  4/7 5/6 5/5 5/5 \
    '30*4/7 + 35*5/5 + 35*5/5' 192/7 4  null '30 + 35 + 35*2/3' 3
expect cadre 周明 3  10 10 10 9  9 7  7 6 7 2  9/10 7/9 6/9 7/9 \
    '30*9/10 + 35*6/9 + 35*7/9' 143/9 4  null 90 3
expect cadre - null  31 28 28 23  25 20  22 20 22 2  23/28 20/25 20/24 22/24 \
    '30*23/28 + 35*20/24 + 35*22/24' 573/27 12  null 88 12

# ---- area ----
run hl-rank --by area --month 2026-10 --as-of "$CUTOFF" -f json
is_rc 0 "area: exit 0"
is "西片
东片
null" "$(units)" "area: by rank, the township total last"

# 西片 = 张湾村 + 陈户村 = 郑涛's.  东片 = 李家村 + 王庄村: 18 tickets,
# genuine 17, on time 9+4 = 13; resolve_due 9+6 = 15, on time 7+5 = 12;
# visits 7+5 = 12, yes 6+5 = 11, satisfied 7+5 = 12, unresolved past due
# 2+0 = 2: over 14, as when N02's and C02's first visits counted and G07
# and C05 did not.
# 30*13/17 + 35*11/14 + 35*12/14 = 22.941 + 27.5 + 30 = 80.441.
# Responses 143+192 = 335 over 16.  Overdue 4+4.
# September: 西片 88 (as 郑涛).  东片: S01 S05 S09 S02 S06 S10, on time 5/6,
# visits 5 (S05's not yet), yes 5, satisfied 4 (S10): 25 + 35 + 28 = 88.
# The two tie to six decimals and share rank 1.
expect area 西片 1  13 11 11 10  10 8  10 9 10 0  10/11 8/10 9/10 10/10 \
    '30*10/11 + 35*9/10 + 35*10/10' 238/11 4  1 88 6
expect area 东片 2  18 17 17 13  15 12  12 11 12 2  13/17 12/15 11/14 12/14 \
    '30*13/17 + 35*11/14 + 35*12/14' 335/16 8  1 88 6
expect area - null  31 28 28 23  25 20  22 20 22 2  23/28 20/25 20/24 22/24 \
    '30*23/28 + 35*20/24 + 35*22/24' 573/27 12  null 88 12

# ---- category ----
run hl-rank --by category --month 2026-10 --as-of "$CUTOFF" -f json
is_rc 0 "category: exit 0"
is "" "$(jq -r 'select(.rank != null) | .unit' "$OUT")" \
    "category: nobody is ranked"
# Unranked lines are ordered by tickets (most first), then score, then name.
is "农村土地流转
宅基地审批
道路交通安全
政策咨询
环境卫生
生态及地震灾害避险搬迁
邻里纠纷
历史遗留问题
null" "$(units)" "category: by tickets, then score, then name"

# 农村土地流转 = 农业站's tickets: 88; September S06..S10: 93.
expect category 农村土地流转 null  7 6 6 5  6 6  5 4 5 0  5/6 6/6 4/5 5/5 \
    '30*5/6 + 35*4/5 + 35*5/5' 136/6 1  null 93 5
# 宅基地审批: G01 G03 G04 G05 G06 G07 G10 = 7, genuine 6; on time 4 (G01
# G05 G06 G07); resolve_due 6, on time 4 (G05 late, G07 unresolved);
# visits 5, all yes and satisfied, and G07 as the worst visit:
# 30*4/6 + 35*5/6 + 35*5/6 = 78.333, after 农村土地流转's 88 (both 7
# tickets).  Responses 10+42+18+8+17 = 95 over 5.  Overdue G03 G04 G05
# G07.  September: S01..S05 = 国土所's: 85.25.
expect category 宅基地审批 null  7 6 6 4  6 4  5 5 5 1  4/6 4/6 5/6 5/6 \
    '30*4/6 + 35*5/6 + 35*5/6' 95/5 4  null 85.25 5
# 道路交通安全: G09 J01 J03 J04 J05 J06 = 6; on time 5 (G09 late);
# resolve_due 5 (J06 not yet due), on time 4 (J05); visits 5, yes 5,
# satisfied 5.  25 + 35 + 35 = 95.  Responses 50+5+25+20+23+28 = 151 over 6.
# Overdue G09 J04 J05 J06.  September S11 S12: 85.
expect category 道路交通安全 null  6 6 6 5  5 4  5 5 5 0  5/6 4/5 5/5 5/5 \
    '30*5/6 + 35*5/5 + 35*5/5' 151/6 4  null 85 2
# 政策咨询 = 党政办's: 100; no tickets in September.
expect category 政策咨询 null  3 3 3 3  3 2  3 3 3 0  3/3 2/3 3/3 3/3 \
    '30 + 35 + 35' 44/3 1  null null 0
# 环境卫生: C01 C04 C06 = 3, genuine 2 (C06 malicious); on time 2,
# resolve_due 2, on time 2, visits 2, yes 2, satisfied 2: 100.  Responses
# 18+28 = 46 over 2.  No ticket in September: 0 tickets before.
expect category 环境卫生 null  3 2 2 2  2 2  2 2 2 0  2/2 2/2 2/2 2/2 \
    '30 + 35 + 35' 46/2 0  null null 0
# 生态及地震灾害避险搬迁: G02 G08; on time 2; resolve_due 1 (G08 not yet
# due), on time 1; 1 visit, partly, satisfied: 30 + 0 + 35 = 65.
expect category 生态及地震灾害避险搬迁 null  2 2 2 2  1 1  1 0 1 0  2/2 1/1 0/1 1/1 \
    '30*2/2 + 35*0/1 + 35*1/1' 33/2 0  null null 0
# 邻里纠纷: C02 C05; on time 1 (C02 late); resolve_due 2, on time 1 (C05
# unresolved); visits 1 (C02, by its latest: yes/basic), yes 1, satisfied
# 1, and C05 unresolved past due as the worst visit:
# 15 + 17.5 + 17.5 = 50.  Responses 38+12 = 50 over 2.  Overdue C02 C05.
expect category 邻里纠纷 null  2 2 2 1  2 1  1 1 1 1  1/2 1/2 1/2 1/2 \
    '30*1/2 + 35*1/2 + 35*1/2' 50/2 2  null null 0
# 历史遗留问题: C03 only, not yet due, not visited: only the response rate
# exists, so the score is that rate with its weight scaled to 100.
expect category 历史遗留问题 null  1 1 1 1  0 0  0 0 0 0  1/1 null null null \
    '30*1/1 * 100/30' 18/1 0  null null 0
expect category - null  31 28 28 23  25 20  22 20 22 2  23/28 20/25 20/24 22/24 \
    '30*23/28 + 35*20/24 + 35*22/24' 573/27 12  null 88 12

# The table for finding the growing common problems: the last column is
# the previous period's tickets and the change.  A category nobody called
# about in September had 0 tickets then, routed to a station or not.
run hl-rank --by category --month 2026-10 --as-of "$CUTOFF"
is_rc 0 "category table: exit 0"
is "问题分类排名  2026-10-01 至 2026-10-31  截至 2026-11-05 08:00  权重 30/35/35  最少 5 件" \
    "$(head -n 1 "$OUT")" "category table: title"
is "上期工单(增减)" "$(sed -n 3p "$OUT" | awk '{print $NF}')" \
    "category table: the last column is the previous tickets and the change"
is "农村土地流转 7 | 5 (+2)
宅基地审批 7 | 5 (+2)
道路交通安全 6 | 2 (+4)
政策咨询 3 | 0 (+3)
环境卫生 3 | 0 (+3)
生态及地震灾害避险搬迁 2 | 0 (+2)
邻里纠纷 2 | 0 (+2)
历史遗留问题 1 | 0 (+1)
全镇 31 | 12 (+19)" "$(sed -n '4,$p' "$OUT" |
    sed -E 's/^ *[^ ]+ +([^ ]+) +([0-9]+) .*  ([^ ].*)$/\1 \2 | \3/')" \
    "category table: previous tickets and change per category and in total"
is "- - - - - - - - -" "$(sed -n '4,$p' "$OUT" | awk '{print $1}' | tr '\n' ' ' | sed 's/ $//')" \
    "category table: no rank anywhere"

done_testing
