#!/bin/sh
# hl-report hotspots: common problems (共性问题): the categories and
# villages whose calls rose significantly against the previous periods (a
# one-sided Poisson test at 0.01 against the previous periods' mean, at
# least 1; at least 3 calls), and the categories that came from 3 villages
# or more, each with the tickets behind it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell

# September against June, July and August (every call counts, repeat
# calls and rejected ones too):
#   道路交通安全: 1, 1, 1 before (B01-B03), 6 now (S1-S3, R04, R06, R08):
#     P(X >= 6 | 1) = 1 - e^-1 (1 + 1 + 1/2 + 1/6 + 1/24 + 1/120)
#                   = 0.000594185: a hotspot.
#   宅基地审批: 1, 1, 0 before, 4 now: P(X >= 4 | 1) = 0.0190: no.
#   张湾村: 0, 0, 1 before (mean 1/3, taken as 1), 5 now (S2, S4, S5, R03,
#     R07): P(X >= 5 | 1) = 0.00366: a hotspot.
#   李家村: 2, 2, 2 before, 5 now: P(X >= 5 | 2) = 0.0527: no.
#   陈户村: nothing before, 3 now: P(X >= 3 | 1) = 0.0803: a small village
#     going from 0 to 3 is no hotspot.
# Several villages: 道路交通安全 from 王庄村 张湾村 陈户村 李家村 (6 calls),
# 宅基地审批 from 张湾村 李家村 王庄村 (4).
run hl-report hotspots --month 2026-09 --as-of 2026-10-08T08:00
is_rc 0 "hotspots September: exit 0"
is_out "共性问题 2026-09-01 至 2026-09-30
截至 10-08 08:00；与前 3 期比较：本期至少 3 件，且按前期均值（至少 1 件）的泊松分布，本期件数的上尾概率小于 0.01；多村共性：同一分类本期来自 3 个以上村

【来电明显上升的问题分类】
  问题分类      本期  前期均值      P 值  工单
  道路交通安全     6       1.0  0.000594  S1、S2、S3、R04、R06、R08

【来电明显上升的村】
  村      本期  前期均值     P 值  工单
  张湾村     5     0.333  0.00366  S2、S4、S5、R03、R07

【多村共性问题】
  问题分类      涉及村                          本期  工单
  道路交通安全  王庄村、张湾村、陈户村、李家村     6  S1、S2、S3、R04、R06、R08
  宅基地审批    张湾村、李家村、王庄村             4  S4、S5、R01、R10" \
    "hotspots September: what rose, and what came from several villages"

run hl-report hotspots --month 2026-09 --as-of 2026-10-08T08:00 -f json
is 'categories 道路交通安全 6 1 0.000594185 ["S1","S2","S3","R04","R06","R08"]
villages 张湾村 5 0.333333333 0.003659847 ["S2","S4","S5","R03","R07"]' \
    "$(jq -r 'select(.table == "categories" or .table == "villages") |
              "\(.table) \(.category // .village) \(.count) \(.baseline * 1e9 | round / 1e9) \(.p_value * 1e9 | round / 1e9) \(.tickets | tojson)"' "$OUT")" \
    "-f json: the counts, the baseline mean, the p-value, the tickets"

# A week against the three before: 李家村 had no call in W36-W38 and 5 in
# W39 (R01, R04, R06, R11, R08, as received): P(X >= 5 | 1) = 0.00366.  道路交通安全:
# 3 in W36 (S1-S3), 0, 0, then 3: no.  No category from 3 villages.
run hl-report hotspots --week 2026-W39 --as-of 2026-09-28T08:00 -f json
is 'villages 李家村 5 0 ["R01","R04","R06","R11","R08"]' \
    "$(jq -r 'select(.table != "report") | "\(.table) \(.category // .village) \(.count) \(.baseline) \(.tickets | tojson)"' "$OUT")" \
    "--week 2026-W39: 李家村 rose"
is "共性问题 2026-09-21 至 2026-09-27" "$(jq -r 'select(.table == "report") | .title' "$OUT")" \
    "--week: the title"

# --baseline 1: against August alone (道路交通安全 1, 张湾村 1, 李家村 2):
# the same hotspots; --as-of before R04 came in: 道路交通安全 had 3 calls
# (S1-S3), 张湾村 4 (P = 0.0190): none, but 道路交通安全 came from 3
# villages already.
run hl-report hotspots --month 2026-09 --as-of 2026-10-08T08:00 --baseline 1 -f json
is "categories 道路交通安全 1,villages 张湾村 1," \
    "$(jq -r 'select(.table == "categories" or .table == "villages") | "\(.table) \(.category // .village) \(.baseline)"' "$OUT" | tr '\n' ',')" \
    "--baseline 1: against August"
like "与前 1 期比较" "$(jq -r 'select(.table == "report") | .subtitle' "$OUT")" \
    "--baseline 1: the subtitle says so"
run hl-report hotspots --month 2026-09 --as-of 2026-09-22T08:00 -f json
is 'spread 道路交通安全 ["王庄村","张湾村","陈户村"] 3' \
    "$(jq -r 'select(.table != "report") | "\(.table) \(.category // .village) \(.villages | tojson) \(.count)"' "$OUT")" \
    "--as-of 09-22 08:00: only the spread of 道路交通安全"
run hl-report hotspots --month 2026-09 --as-of 2026-10-08T08:00 --unit 张湾村 -f json
is "villages 张湾村" "$(jq -r 'select(.table != "report") | "\(.table) \(.village)"' "$OUT")" \
    "--unit 张湾村: the village's own line"

done_testing
