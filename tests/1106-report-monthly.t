#!/bin/sh
# hl-report monthly: the deputy's monthly dispatch meeting (调度会): per
# station, the month's tickets received, not genuine, resolved, overdue,
# extended, transferred, returned; and the cases that needed another
# unit's help (moved twice or more, or returned).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell

# September as of 10-08 08:00 (after 国庆): the originals received, each
# with the unit that held it last.
#   交通安全站: S1 S2 S3 (resolved), R04 (reopened, unresolved; its first
#       round was resolved on time, the second is due 10-09), R07 (moved
#       twice: 国土所, 农业站, 交通安全站; due 10-08 23:59:59, not yet).
#   信访办: R05, extended to 11-30.
#   党政办: R03 (due 09-22) and R11 (received on the holiday, due 09-28):
#       both unresolved past their deadlines.
#   农业站: R02 resolved.
#   国土所: S4 S5 R01 resolved, R10 malicious.
#   R09 was returned and waits with the center: the township total only.
# Stations in the directory's order of names; the township (全镇) last.
run hl-report monthly --month 2026-09 --as-of 2026-10-08T08:00
is_rc 0 "monthly September: exit 0"
is_out "调度会 2026-09-01 至 2026-09-30
截至 10-08 08:00；按承办单位（最后承办的）

【各站所】
  单位        负责人  受理  不实或恶意  办结  超期  延期  转办  退单  需协调
  交通安全站  黄磊       5           0     3     0     0     1     0       1
  信访办      冯波       1           0     0     0     1     0     0       0
  党政办      钱进       2           0     0     2     0     0     0       0
  农业站      马强       1           0     1     0     0     0     0       0
  国土所      刘洋       4           1     3     0     0     0     0       0
  全镇                  14           1     7     2     1     1     1       2

【需协调解决（转办两次以上或退单）】
  工单  标题      村      经手单位                    转办  退单  状态    现承办
  R07   搬迁补助  张湾村  国土所、农业站、交通安全站     2     0  已响应  交通安全站
  R09   流转纠纷  陈户村  农业站                         0     1  已受理" \
    "monthly September: the stations and the cases needing help"

run hl-report monthly --month 2026-09 --as-of 2026-10-08T08:00 -f json
is '{"units":["国土所","农业站","交通安全站"],"transfers":2,"returns":0,"status":"responded","unit":"交通安全站"}' \
    "$(jq -c 'select(.ticket == "R07") | {units, transfers, returns, status, unit}' "$OUT")" \
    "-f json: R07's way through the units"
run hl-report monthly --month 2026-09 --as-of 2026-10-08T08:00 --unit 交通安全站 -f json
is "stations 交通安全站 5
help R07" "$(jq -r 'if .table == "stations" then "stations \(.unit) \(.received)"
                    elif .table == "help" then "help \(.ticket)" else empty end' "$OUT")" \
    "--unit 交通安全站: its row and its case"

# As of 09-23 09:20: received S1-S5, R01-R05 and R07 (R06 is a repeat
# call); resolved S1-S5 (R01 only at 16:00); R07 had not moved yet; R03
# was overdue since 09-23 00:00.
run hl-report monthly --month 2026-09 --as-of 2026-09-23T09:20 -f json
is '{"received":11,"not_genuine":0,"resolved":5,"overdue":1,"extended":0,"transferred":0,"returned":0,"need_help":0}' \
    "$(jq -c 'select(.table == "stations" and .unit == null) | del(.report, .table, .unit, .head)' "$OUT")" \
    "--as-of 09-23 09:20: the township's month so far"

# A ticket no station owns goes to the village's cadre (包村干部), held in
# the village's name: its own row after the stations.
cat >x.csv <<'EOF'
工单编号,受理时间,诉求类型,问题分类,所属村,来电人,联系电话,标题,诉求内容
X1,2026-10-12 09:00:00,投诉,环境卫生,李家村,李小,13900300001,垃圾,垃圾堆放
EOF
hl-intake -q --now 2026-10-12T09:00:00+08:00 x.csv >/dev/null
hl-dispatch -q --now 2026-10-12T09:05:00+08:00 X1 >/dev/null
run hl-report monthly --month 2026-10 --as-of 2026-10-20T08:00 -f json
is "交通安全站 黄磊 0,信访办 冯波 0,党政办 钱进 0,农业站 马强 0,国土所 刘洋 0,李家村 null 1,null null 1," \
    "$(jq -r 'select(.table == "stations") | "\(.unit) \(.head) \(.received)"' "$OUT" | tr '\n' ',')" \
    "a cadre's ticket: the village's row, after the stations"

done_testing
