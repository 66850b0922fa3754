#!/bin/sh
# hl-report cases: cases for the township's public account (跟踪报道):
# the period's tickets that were resolved and whose caller, at the last
# return visit, called them resolved and was satisfied, as short texts
# (the problem, what was done, how fast) with every personal detail
# removed; published only after an approval event (hl-update ID publish
# --approved-by NAME).  The de-identification has its own corpus
# (tests/fixtures/report/deid.tsv, tests/unit/test-report.c).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell

# September as of 10-08 08:00.  Visited resolved and satisfied: R01 (very
# satisfied; approved by 李卫东 on 09-28) and S3 (very satisfied; not
# approved).  Not cases: S1 S2 S4 S5 R02 (partly resolved), R04
# (unsatisfied, reopened), the others unresolved or not genuine.
#   R01: responded 10 minutes after the dispatch (09:02, 09:12); resolved
#       09-23 16:00, 2 days 7 hours after it came in; the notes of the plan
#       and of the resolve, the caller's name (李大山) removed.
#   S3: responded 8 minutes after the dispatch; the caller (陈一) gave her
#       name, phone and house number in the call, and the reply's note
#       repeats name and phone: all gone.
run hl-report cases --month 2026-09 --as-of 2026-10-08T08:00
is_rc 0 "cases September: exit 0"
is_out "跟踪报道 2026-09-01 至 2026-09-30
截至 10-08 08:00；已办结、回访已解决且满意的工单，已隐去个人信息

【已批准发布】
  工单  村      分类        承办单位  受理         办结         用时      回访      批准人
  R01   李家村  宅基地审批  国土所    09-21 09:00  09-23 16:00  2天7小时  非常满意  李卫东
      【李家村】宅基地审批进度
      诉求：申请宅基地三个月未批复，询问进度
      办理：国土所接单后10分钟响应；材料已报县自然资源局；审批已通过，已通知某某领证。
      时效：9月21日受理，2天7小时后办结，回访非常满意。

【待批准（hl-update ID publish --approved-by NAME）】
  工单  村      分类          承办单位    受理         办结         用时      回访
  S3    陈户村  道路交通安全  交通安全站  09-03 09:00  09-04 10:00  1天1小时  非常满意
      【陈户村】路灯不亮
      诉求：我是某某，电话***，家住陈户村×号，村口路灯不亮，晚上出行不便。
      办理：交通安全站接单后8分钟响应；已联系某某（***），明日维修；更换灯泡两只，路灯恢复。
      时效：9月3日受理，1天1小时后办结，回访非常满意。" \
    "cases September: the approved case, and the one waiting for approval"

# Nothing personal in any format.
for f in text json csv; do
	hl-report cases --month 2026-09 --as-of 2026-10-08T08:00 -f $f >cases.$f
	is "" "$(grep -E '陈一|李大山|13900200003|13900001001|5号' cases.$f)" \
	    "-f $f: no caller's name, phone or house number"
done
is '{"ticket":"R01","handling_minutes":3300,"satisfaction":"very_satisfied","approved_by":"李卫东","lines":4}' \
    "$(jq -c 'select(.table == "approved") | {ticket, handling_minutes, satisfaction, approved_by, lines: (.text | split("\n") | length)}' cases.json)" \
    "-f json: minutes to resolve, the grade, the approver, the text's four lines"

# --approved: only what may be published.
run hl-report cases --month 2026-09 --as-of 2026-10-08T08:00 --approved -f json
is "report approved:R01" "$(jq -r '"\(.table)\(if .ticket then ":" + .ticket else "" end)"' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "--approved: the approved cases only"

# As of 09-28 08:30, before the approval of 09:00: R01 waits too.
run hl-report cases --month 2026-09 --as-of 2026-09-28T08:30 -f json
is "pending R01,pending S3," \
    "$(jq -r 'select(.ticket) | "\(.table) \(.ticket)"' "$OUT" | sort | tr '\n' ',')" \
    "--as-of before the approval: both wait"

# Approving S3; a case reopened later is no case any more.
hl-update -q --now 2026-10-08T09:00:00+08:00 S3 publish --approved-by 李卫东
hl-update -q --now 2026-10-08T09:10:00+08:00 --reason 群众再次反映 R01 reopen
run hl-report cases --month 2026-09 --now 2026-10-08T09:30:00+08:00 -f json
is "approved S3" "$(jq -r 'select(.ticket) | "\(.table) \(.ticket)"' "$OUT")" \
    "S3 approved; R01, reopened, is no case"

done_testing
