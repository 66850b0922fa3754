#!/bin/sh
# hl-report consult: the week's consultation (周会商): the hard cases open
# at the cut-off, by area leader (包片领导): repeat callers (3 calls),
# unsatisfied visits, past the resolve deadline, extended, legacy
# (历史遗留); each with its history in three lines.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell

# As of Monday 09-28 08:00.  Open: R03, R04, R05, R07, R09, R11 (R06, R08
# merged into R04).
#   R03 (张湾村, 西片 孙丽华): a consultation due 09-22 23:59:59, unresolved:
#       overdue.  Owed: verify (due 09-21 15:04, dispatched 14:04: 6 days
#       16 hours 56 minutes late), plan (16:20, after the response at
#       14:20: 6d15h40m), resolve (5d8h0m1s, the started minute counts),
#       follow-up (09-28 15:00, 7 days after the reply).
#   R04 (李家村, 东片 赵志刚): 3 calls; the visit of 09-24 16:00 found it
#       unresolved and unsatisfied.  11 events say what was done: the last
#       six.  Owed in the second round: plan (due 18:20, 3d13h40m late),
#       follow-up (10-01 17:30), resolve (5 working days from 09-24: 28,
#       29, 30, 10-08, 10-09).
#   R05 (陈户村, 西片): a legacy problem, its deadline extended to 11-30.
#   R07, R09, R11: nothing hard yet (R11 is due today, not past).
run hl-report consult --as-of 2026-09-28T08:00
is_rc 0 "consult 09-28 08:00: exit 0"
is_out "周会商：重难点问题
截至 09-28 08:00；重复来电 3 次以上、回访不满意、超期未办结、延期、历史遗留

【会商事项（按包片领导）】
  工单  村      标题      承办单位    承办人  会商原因          来电
孙丽华 西片
  R03   张湾村  低保政策  党政办      钱进    超期                 1
      受理：09-21 14:00，来电人 张桂兰 139****3003：低保政策
      经过：09-21 14:04 派单 主办 党政办 钱进；村委 张湾村 高红；09-21 14:20 响应（钱进）；09-21 15:00 答复 电话（钱进）
      待办：核实 时限 09-21 15:04，已超期 6天16小时；方案 时限 09-21 16:20，已超期 6天15小时；办结 时限 09-22 23:59，已超期 5天8小时；定期回复 时限 09-28 15:00
  R05   陈户村  老宅产权  信访办      冯波    已延期、历史遗留     1
      受理：09-22 11:00，来电人 陈玉梅 139****5005：老宅产权
      经过：09-22 11:05 派单 主办 信访办 冯波；村委 陈户村 朱丽；09-22 11:20 响应（冯波）；09-22 11:40 核实 真实（朱丽）；09-22 12:00 方案（冯波）；09-22 13:00 答复 电话（冯波）；09-24 10:00 延期 办结延至 2026-11-30 23:59，批准人 李卫东；原因：需专题研究
      待办：定期回复 时限 09-29 13:00；办结 时限 11-30 23:59
赵志刚 东片
  R04   李家村  减速带    交通安全站  黄磊    重复来电、不满意     3
      受理：09-22 09:30，来电人 李明亮 139****4004，共 3 次来电：减速带
      经过：（前 5 项略）09-22 12:00 批示 督促尽快安装（张建国）；09-24 15:00 办结（黄磊）；09-24 16:00 回访 未解决，不满意（王秀英）；09-24 16:20 响应（黄磊）；09-24 17:00 约谈 被约谈人 黄磊；回访不满意（王秀英）；09-24 17:30 答复 当面（黄磊）
      待办：方案 时限 09-24 18:20，已超期 3天13小时；定期回复 时限 10-01 17:30；办结 时限 10-09 23:59" \
    "consult 09-28 08:00: the cases by area leader, each with its history"

# JSON: the reasons as codes, the history as three lines.
run hl-report consult --as-of 2026-09-28T08:00 -f json
is '孙丽华 西片 R03 ["overdue"]
孙丽华 西片 R05 ["extended","legacy"]
赵志刚 东片 R04 ["repeat","unsatisfied"]' \
    "$(jq -r 'select(.table == "cases") | "\(.area_leader) \(.area) \(.ticket) \(.reasons | tojson)"' "$OUT")" \
    "-f json: the reasons as codes"
is "3 3 3" "$(jq -r 'select(.table == "cases") | .history | split("\n") | length' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "-f json: each history is three lines"

# --for an area leader: that leader's cases; --unit a handler's.
run hl-report consult --as-of 2026-09-28T08:00 --for 赵志刚 -f json
is "R04" "$(jq -r 'select(.table == "cases") | .ticket' "$OUT")" "--for 赵志刚: 东片's case"
run hl-report consult --as-of 2026-09-28T08:00 --unit 信访办 -f json
is "R05" "$(jq -r 'select(.table == "cases") | .ticket' "$OUT")" "--unit 信访办: its case"

# --legacy names the legacy categories instead of 历史遗留问题.
run hl-report consult --as-of 2026-09-28T08:00 --legacy 生态及地震灾害避险搬迁 -f json
is 'R03 ["overdue"]
R05 ["extended"]
R07 ["legacy"]
R04 ["repeat","unsatisfied"]' \
    "$(jq -r 'select(.table == "cases") | "\(.ticket) \(.reasons | tojson)"' "$OUT")" \
    "--legacy 生态及地震灾害避险搬迁: R07 is legacy, R05 no longer"

# Before the holiday: R03 already overdue (since 09-23 00:00), R04 not yet
# visited (2 calls), R05 not yet extended but legacy.
run hl-report consult --as-of 2026-09-23T09:00 -f json
is 'R03 ["overdue"]
R05 ["legacy"]' \
    "$(jq -r 'select(.table == "cases") | "\(.ticket) \(.reasons | tojson)"' "$OUT")" \
    "--as-of 09-23 09:00: what was hard then"
# Nothing hard: the empty list says so.
run hl-report consult --as-of 2026-09-21T12:00
like "没有需要会商的问题" "$(cat "$OUT")" "--as-of 09-21 12:00: nothing to consult"

done_testing
