#!/bin/sh
# hl-report instruct: the work orders the principal (主要领导) has not
# annotated yet (件批示), oldest first, received in the 30 days before the
# cut-off (or the period given); an instruct event clears one; the daily
# sheet counts them.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell

# As of 09-22 08:00: received since 08-23 08:00 are S1-S5 and R01-R03; the
# principal annotated R01 at 09-21 11:00.  Each with its handler (the
# station of the category: 道路交通安全 交通安全站 黄磊, 宅基地审批 国土所
# 刘洋, ...), its status then and its resolve deadline (5 working days
# from the day after receipt; R03 is a consultation: 1).
run hl-report instruct --as-of 2026-09-22T08:00
is_rc 0 "instruct 09-22 08:00: exit 0"
is_out "件批示：待批示工单
受理 08-23 08:00 至 09-22 08:00，截至 09-22 08:00

【待批示（按受理先后）】
  工单  受理         标题      村      类型  分类          承办单位    承办人  状态    办结时限
  S1    09-01 09:00  路面坑洼  王庄村  投诉  道路交通安全  交通安全站  黄磊    已回访  09-08 23:59
  S2    09-02 09:00  缺少标志  张湾村  投诉  道路交通安全  交通安全站  黄磊    已回访  09-09 23:59
  S3    09-03 09:00  路灯不亮  陈户村  投诉  道路交通安全  交通安全站  黄磊    已回访  09-10 23:59
  S4    09-08 09:00  宅基地    张湾村  求助  宅基地审批    国土所      刘洋    已回访  09-15 23:59
  S5    09-09 09:00  宅基地    张湾村  求助  宅基地审批    国土所      刘洋    已回访  09-16 23:59
  R02   09-21 10:00  租金未付  王庄村  投诉  农村土地流转  农业站      马强    已答复  09-29 23:59
  R03   09-21 14:00  低保政策  张湾村  咨询  政策咨询      党政办      钱进    已答复  09-22 23:59" \
    "instruct 09-22 08:00: the list"

# A day later: R04 came in and was annotated (09-22 12:00), R05 came in;
# R06, a repeat call on R04, names it.
run hl-report instruct --as-of 2026-09-23T08:30 -f json
is "S1 S2 S3 S4 S5 R02 R03 R05 R06" \
    "$(jq -r 'select(.table == "waiting") | .ticket' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "instruct 09-23 08:30: R04 annotated, R05 and R06 waiting"
# (Its own clocks are the workflow's business: not looked at here.)
is '{"ticket":"R06","received_at":"2026-09-23T08:00:00+08:00","title":"再次反映减速带","village":"李家村","kind":"complaint","category":"道路交通安全","repeat_of":"R04"}' \
    "$(jq -c 'select(.ticket == "R06") | {ticket, received_at, title, village, kind, category, repeat_of}' "$OUT")" \
    "instruct: a repeat call's line names its original"

# The period: what came in on 09-21; --for and --unit.
run hl-report instruct --from 2026-09-21 --to 2026-09-21 --as-of 2026-09-23T08:30 -f json
is "R02 R03" "$(jq -r 'select(.table == "waiting") | .ticket' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "--from/--to 09-21: what came in that day"
run hl-report instruct --as-of 2026-09-22T08:00 --for 刘洋 -f json
is "S4 S5" "$(jq -r 'select(.table == "waiting") | .ticket' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "--for 刘洋: his"
run hl-report instruct --as-of 2026-09-22T08:00 --unit 党政办 -f csv
is "table,ticket,received_at,title,village,kind,category,unit,person,status,resolve_due,repeat_of
waiting,R03,2026-09-21T14:00:00+08:00,低保政策,张湾村,consult,政策咨询,党政办,钱进,replied,2026-09-22T23:59:59+08:00," \
    "$(tr -d '\r' <"$OUT" | sed -n '4,$p')" "--unit 党政办 -f csv: the codes, the times in full"

# An instruct event clears a ticket from the list at once.
hl-update -q --now 2026-09-28T09:30:00+08:00 --by 张建国 --note 尽快办理 R03 instruct
run hl-report instruct --now 2026-09-28T10:00:00+08:00 -f json
is "S1 S2 S3 S4 S5 R02 R05 R06 R07 R09 R10 R11 R08" \
    "$(jq -r 'select(.table == "waiting") | .ticket' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "after 'hl-update R03 instruct': R03 is off the list (R08 came in last)"
run hl-report daily --now 2026-09-28T10:00:00+08:00 -f json
is "13" "$(jq -r 'select(.table == "summary") | .awaiting_instruct' "$OUT")" \
    "the daily sheet counts the same 13"
# A correction that answers the annotation puts the ticket back.
seq=$(sql "SELECT seq FROM events WHERE ticket_id = 'R03' AND event = 'instruct'")
hl-update -q --now 2026-09-28T10:30:00+08:00 --reason 批示记错工单 R03 correct --event "$seq"
run hl-report instruct --now 2026-09-28T11:00:00+08:00 -f json
is "R03" "$(jq -r 'select(.ticket == "R03") | .ticket' "$OUT")" \
    "an annotation answered by a correct event no longer counts"
run hl-report instruct --as-of 2026-09-28T10:00 -f json
is "" "$(jq -r 'select(.ticket == "R03") | .ticket' "$OUT")" \
    "--as-of before the correction: R03 was annotated then"

done_testing
