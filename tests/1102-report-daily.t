#!/bin/sh
# hl-report daily: the daily dispatch sheet (日调度) of the story's week
# (tests/fixtures/report/story), which crosses 中秋: each unit and person
# holding work, their open tickets, what falls due today, what is overdue
# and by how long, repeat callers, and what the principal has not
# annotated; silent on a day off; --for, --unit; the digest for hl-notify;
# --as-of.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell

# ---- Tuesday 09-22 08:00 ----
# Open: R01 (国土所 刘洋, 李家村 林芳), R02 (农业站 马强, 王庄村 何勇), R03
# (党政办 钱进, 张湾村 高红); the baseline is rejected, September's S1-S5
# visited.  Next deadlines:
#   R01 replied at 09-21 10:30: follow-up due 7 days later, 09-28 10:30
#       (resolve 09-29); annotated by the principal at 09-21 11:00.
#   R02 responded 10:50, never planned: plan due 12:50, overdue 19h10m
#       (1150 minutes).
#   R03 (consult, 1 working day: resolve due 09-22 23:59:59, today)
#       never verified: verify due 09-21 15:04 (dispatched 14:04), overdue
#       16h56m (1016 minutes).
# Waiting for the principal, received 08-23 08:00 to 09-22 08:00: S1-S5,
# R02, R03 (R01 is annotated): 7.
run hl-report daily --as-of 2026-09-22T08:00
is_rc 0 "daily Tuesday 08:00: exit 0"
is_out "日调度 2026-09-22（星期二）
截至 09-22 08:00

【概况】
  待办  今日到期  超时  待派单  待回访  重复来电  待批示
     3         1     2       0       0         0       7

【各单位、责任人】
  单位    责任人  角色  待办  今日到期  超时  重复来电  待批示
  党政办  钱进    主办     1         1     1         0       1
  农业站  马强    主办     1         0     1         0       1
  国土所  刘洋    主办     1         0     0         0       0
  张湾村  高红    村委     1         1     1         0       1
  李家村  林芳    村委     1         0     0         0       0
  王庄村  何勇    村委     1         0     1         0       1

【待办工单】
  工单  标题            村      状态    环节      时限         今日到期  超时          来电  已批示
党政办 钱进 主办
  R03   低保政策        张湾村  已答复  核实      09-21 15:04  是        16小时56分钟     1
农业站 马强 主办
  R02   租金未付        王庄村  已答复  方案      09-21 12:50            19小时10分钟     1
国土所 刘洋 主办
  R01   宅基地审批进度  李家村  已答复  定期回复  09-28 10:30                             1  是
张湾村 高红 村委
  R03   低保政策        张湾村  已答复  核实      09-21 15:04  是        16小时56分钟     1
李家村 林芳 村委
  R01   宅基地审批进度  李家村  已答复  定期回复  09-28 10:30                             1  是
王庄村 何勇 村委
  R02   租金未付        王庄村  已答复  方案      09-21 12:50            19小时10分钟     1

【待派单】
  无

【待回访（镇纪委）】
  无" "daily Tuesday 08:00: the sheet"
is_err "" "daily Tuesday 08:00: nothing on stderr"
run hl-report instruct --as-of 2026-09-22T08:00 -f json
is "7" "$(jq -r 'select(.table == "waiting") | .ticket' "$OUT" | wc -l | tr -d ' ')" \
    "the 7 waiting for the principal are the instruct list's"

# The same sheet from a ledger that holds only what was recorded by then:
# --as-of says what the ledger said at the time.
run hl-report daily --as-of 2026-09-22T08:00 -f json
cp "$OUT" full.json
HL_DB=$T/early.db report_township
HL_DB=$T/early.db tell 2026-09-22T08:00
HL_DB=$T/early.db run hl-report daily --now 2026-09-22T08:00:00+08:00 -f json
is_file full.json "$OUT" "--as-of 09-22 08:00: the sheet of a ledger told until then"

# The ledger's time zone, whatever TZ the program runs under.
for tz in UTC America/New_York; do
	TZ=$tz hl-report daily --as-of 2026-09-22T08:00 -f json >tz.json
	is_file full.json tz.json "TZ=$tz: the same sheet, in the ledger's zone"
done

# ---- Monday 09-28 08:00, after the holiday ----
# Open: R03 (resolve due 09-22, follow-up due 09-28 15:00: today), R04
# (reopened 09-24 16:00 by an unsatisfied visit; plan due 18:20 after the
# response at 16:20), R05 (extended to 11-30; follow-up 09-29 13:00), R07
# (moved twice; 交通安全站 since 10:00: verify due 11:00), R09 (returned:
# dispatch due 10:35), R11 (received on the holiday: resolve due the next
# working day, 09-28, today; verify due 10:05).  R06 and R08 are repeat
# calls merged into R04 (3 calls).  Waiting for the principal, from 08-29
# 08:00: S1-S5, R02, R03, R05-R11 (R01 and R04 are annotated): 14.
run hl-report daily --as-of 2026-09-28T08:00 -f json
is_rc 0 "daily Monday 08:00 -f json: exit 0"
is '{"open":6,"due_today":2,"overdue":5,"undispatched":1,"awaiting_visit":0,"repeat_callers":1,"awaiting_instruct":14}' \
    "$(jq -c 'select(.table == "summary") | del(.report, .table)' "$OUT")" \
    "daily Monday: the summary"
is "交通安全站 黄磊 primary R07 verify 2026-09-23T11:00:00+08:00 false 7020 1
交通安全站 黄磊 primary R04 plan 2026-09-24T18:20:00+08:00 false 5140 3
信访办 冯波 primary R05 follow_up 2026-09-29T13:00:00+08:00 false null 1
党政办 钱进 primary R03 verify 2026-09-21T15:04:00+08:00 true 9656 1
党政办 钱进 primary R11 verify 2026-09-25T10:05:00+08:00 true 4195 1
张湾村 高红 village R03 verify 2026-09-21T15:04:00+08:00 true 9656 1
张湾村 高红 village R07 verify 2026-09-23T11:00:00+08:00 false 7020 1
李家村 林芳 village R04 plan 2026-09-24T18:20:00+08:00 false 5140 3
李家村 林芳 village R11 verify 2026-09-25T10:05:00+08:00 true 4195 1
陈户村 朱丽 village R05 follow_up 2026-09-29T13:00:00+08:00 false null 1" \
    "$(jq -r 'select(.table == "tickets") | [.unit, .person, .role, .ticket, .stage, .due_at, .due_today, .overdue_minutes, .calls] | map(tostring) | join(" ")' "$OUT")" \
    "daily Monday: each holder's tickets, most urgent first"
is '李明亮 139****4004' "$(jq -r 'select(.ticket == "R04") | .caller' "$OUT" | sort -u)" \
    "daily Monday: the repeat caller, the phone masked"
is '{"ticket":"R09","received_at":"2026-09-24T10:00:00+08:00","title":"流转纠纷","village":"陈户村","category":"农村土地流转","due_at":"2026-09-24T10:35:00+08:00","overdue_minutes":5605}' \
    "$(jq -c 'select(.table == "undispatched") | del(.report, .table)' "$OUT")" \
    "daily Monday: R09, returned, waits for dispatch again"
is "" "$(jq -r 'select(.ticket == "R06" or .ticket == "R08") | .ticket' "$OUT")" \
    "daily Monday: the repeat calls merged into R04 count once, as R04"
is "0" "$(hl-report daily --as-of 2026-09-28T08:00 | grep -c 13900004004;
          hl-report daily --as-of 2026-09-28T08:00 -f csv | grep -c 13900004004 |
          sed 's/^0$//')" "daily: no caller's full phone in text or CSV"

# ---- --for and --unit: one person's or one unit's part ----
run hl-report daily --as-of 2026-09-28T08:00 --for 黄磊
is_out "日调度 2026-09-28（星期一）
截至 09-28 08:00

【各单位、责任人】
  单位        责任人  角色  待办  今日到期  超时  重复来电  待批示
  交通安全站  黄磊    主办     2         0     2         1       1

【待办工单】
  工单  标题      村      状态    环节  时限         超时       来电  来电人              已批示
交通安全站 黄磊 主办
  R07   搬迁补助  张湾村  已响应  核实  09-23 11:00  4天21小时     1
  R04   减速带    李家村  已答复  方案  09-24 18:20  3天13小时     3  李明亮 139****4004  是" \
    "--for 黄磊: his part of the sheet"
run hl-report daily --as-of 2026-09-28T08:00 --unit 李家村 -f json
is "holders 李家村 林芳 1 tickets R04 tickets R11" \
    "$(jq -r 'select(.table != "report") | if .table == "holders" then "holders \(.unit) \(.person) \(.due_today)" else "tickets \(.ticket)" end' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "--unit 李家村: the village committee's part"
run hl-report daily --as-of 2026-09-28T08:00 --for 无此人
is "【各单位、责任人】
  没有待办的工单
【待办工单】
  没有待办的工单" "$(grep --no-group-separator -A1 '^【' "$OUT")" \
    "--for someone holding nothing: the tables with people, empty"

# ---- days off: silent for cron, unless asked ----
run hl-report daily --as-of 2026-09-25T08:00
is_rc 0 "Friday 09-25 (中秋): exit 0"
is_out "" "Friday 09-25 (中秋): nothing on stdout"
is_err "" "Friday 09-25 (中秋): nothing on stderr (cron mails nothing)"
run hl-report daily --as-of 2026-09-26T08:00 -v
is_rc 0 "Saturday 09-26 -v: exit 0"
is_out "" "Saturday 09-26 -v: nothing on stdout"
is_err "hl-report: 2026-09-26 is not a working day: no daily sheet (--force makes one)" \
    "Saturday 09-26 -v: says why"
run hl-report daily --as-of 2026-09-25T08:00 --force -f json
is "日调度 2026-09-25（星期五）" "$(jq -r 'select(.table == "report") | .title' "$OUT")" \
    "Friday 09-25 --force: the sheet all the same"
run hl-report daily --as-of 2026-09-25T08:00 --digest
is_out "" "Friday 09-25 --digest: no digest either"
run hl-report daily --as-of 2026-09-20T08:00 -f json
is "日调度 2026-09-20（星期日）" "$(jq -r 'select(.table == "report") | .title' "$OUT")" \
    "Sunday 09-20, a make-up working day (调休上班): a sheet"
run hl-report daily --as-of 2026-10-10T08:00 -f json
is "日调度 2026-10-10（星期六）" "$(jq -r 'select(.table == "report") | .title' "$OUT")" \
    "Saturday 10-10, a make-up working day: a sheet"
run hl-report daily --as-of 2026-10-05T08:00
is_out "" "Monday 10-05 (国庆): no sheet"

# ---- the digest: one line a person who holds work, for hl-notify ----
run hl-report daily --as-of 2026-09-22T08:00 --digest
is_rc 0 "--digest: exit 0"
is "钱进 马强 刘洋 高红 林芳 何勇" "$(jq -r .person "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "--digest: a line for each person holding work, in the sheet's order"
is '["event","kind","date","person","text"]' \
    "$(jq -c 'keys_unsorted' "$OUT" | sort -u)" "--digest: the agreed keys, in order"
is "digest daily 2026-09-22" "$(jq -r '"\(.event) \(.kind) \(.date)"' "$OUT" | sort -u)" \
    "--digest: event, kind and date"
is "日调度 2026-09-22（星期二）
截至 09-22 08:00

【各单位、责任人】
  单位    责任人  角色  待办  今日到期  超时  重复来电  待批示
  国土所  刘洋    主办     1         0     0         0       0

【待办工单】
  工单  标题            村      状态    环节      时限         来电  已批示
国土所 刘洋 主办
  R01   宅基地审批进度  李家村  已答复  定期回复  09-28 10:30     1  是" \
    "$(jq -r 'select(.person == "刘洋") | .text' "$OUT")" \
    "--digest: 刘洋's text is his part of the sheet"
run hl-report daily --as-of 2026-09-28T08:00 --digest
is "黄磊 冯波 钱进 高红 林芳 朱丽" "$(jq -r .person "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "--digest Monday: each person once"
is "0" "$(grep -c 13900004004 "$OUT")" "--digest: the repeat caller's phone masked"
like "李明亮 139\\*\\*\\*\\*4004" "$(jq -r 'select(.person == "黄磊") | .text' "$OUT")" \
    "--digest: 黄磊 sees the repeat caller, masked"

# ---- a problem that came back is a ticket of its own ----
# R01's caller calls again about it on 09-28 09:00: R01 was visited and
# closed on 09-24, so the call is no merged repeat but a new ticket, with
# its own clocks, waiting for dispatch (R06 and R08, merged into R04,
# still count with it).
cat >back.csv <<'EOF'
工单编号,受理时间,诉求类型,问题分类,所属村,来电人,联系电话,标题,诉求内容
R12,2026-09-28 09:00:00,投诉,宅基地审批,李家村,李大山,13900001001,证还没领到,宅基地证还没领到
EOF
hl-intake -q --now 2026-09-28T09:00:00+08:00 back.csv >/dev/null
run hl-report daily --as-of 2026-09-28T09:10 -f json
is "R09 R12" "$(jq -r 'select(.table == "undispatched") | .ticket' "$OUT" | sort | tr '\n' ' ' | sed 's/ $//')" \
    "a call about a closed ticket: its own ticket, waiting for dispatch"
is "7" "$(jq -r 'select(.table == "summary") | .open' "$OUT")" \
    "open: the six of 08:00 and R12; the merged calls still count with R04"

done_testing
