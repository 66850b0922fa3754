#!/bin/sh
# hl-update: each event from the command line and what it does to the
# printed ticket (status, verdict, deadlines, assignments) and to the
# history (details as kept).  The happy path of the seed's five steps:
# respond, verify, plan, reply, resolve, visit; then instruct and note,
# extend, suspend and resume, return and reopen on tickets of their own.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-26T12:00:00+08:00
township
take <<'END'
{"id":"E1","received_at":"2026-11-25T08:00:00+08:00","content":"宅基地","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"E2","received_at":"2026-11-25T08:00:00+08:00","content":"宅基地","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"E3","received_at":"2026-11-25T08:00:00+08:00","content":"宅基地","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"E4","received_at":"2026-11-25T08:00:00+08:00","content":"宅基地","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"E5","received_at":"2026-11-25T08:00:00+08:00","content":"宅基地","kind":"complaint","category":"宅基地审批","village":"李家村"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 E1 E2 E3 E4 E5
D0='"dispatch":"2026-11-25T08:05:00+08:00","respond":"2026-11-25T09:30:00+08:00","verify":"2026-11-25T10:00:00+08:00"'
R0='"resolve":"2026-12-02T23:59:59+08:00"'

# last DETAILS: the details of the newest event
last() {
	sql "SELECT event || ' ' || coalesce(actor, '-') || ' ' || coalesce(details, '-')
	     FROM events ORDER BY seq DESC LIMIT 1"
}

# ---- the five steps ----
run hl-update --by 刘洋 --at 2026-11-25T09:10:00+08:00 E1 respond
is_rc 0 "respond: exit 0"
is_err "" "respond: silent on stderr"
is '"responded"|null' "$(jqo .status)|$(jqo .verdict)" "respond: status responded"
is "{$D0,\"plan\":\"2026-11-25T11:10:00+08:00\",\"reply\":\"2026-11-25T12:00:00+08:00\",$R0}" \
    "$(jqo .deadlines)" "respond: the plan clock starts, 2 hours from the response"
is 'respond 刘洋 -' "$(last)" "respond: recorded with its actor, no details"

run hl-update --at 2026-11-25T09:40:00+08:00 E1 verify --verdict genuine
is_rc 0 "verify genuine: exit 0"
is '"verified"|"genuine"' "$(jqo .status)|$(jqo .verdict)" "verify genuine: status verified, verdict genuine"
is 'verify - {"verdict":"genuine"}' "$(last)" "verify: the verdict kept"

run hl-update --at 2026-11-25T10:00:00+08:00 E1 plan --eta 2026-11-28
is_rc 0 "plan --eta: exit 0"
is '"planned"' "$(jqo .status)" "plan: status planned"
is 'plan - {"eta":"2026-11-28T23:59:59+08:00"}' "$(last)" \
    "plan --eta DATE: kept as the end of that day, in RFC 3339"

run hl-update --at 2026-11-25T10:30:00+08:00 E1 reply --via phone
is_rc 0 "reply --via phone: exit 0"
is '"replied"' "$(jqo .status)" "reply: status replied"
is "{$D0,\"plan\":\"2026-11-25T11:10:00+08:00\",\"reply\":\"2026-11-25T12:00:00+08:00\",\"follow_up\":\"2026-12-02T10:30:00+08:00\",$R0}" \
    "$(jqo .deadlines)" "reply: the follow-up clock, 7 days after the reply"
is 'reply - {"via":"phone"}' "$(last)" "reply: via kept"

run hl-update --at 2026-11-26T09:00:00+08:00 E1 reply --via visit
is_rc 0 "a second reply (定期回复), --via visit: exit 0"
is '"replied"|"2026-12-03T09:00:00+08:00"' "$(jqo .status)|$(jqo .deadlines.follow_up)" \
    "a second reply moves the follow-up 7 days on"

run hl-update --by 张建国 --at 2026-11-26T09:10:00+08:00 E1 instruct --note 请尽快办结
is_rc 0 "instruct: exit 0"
is '"replied"' "$(jqo .status)" "instruct changes no status"
is 'instruct 张建国 {"note":"请尽快办结"}' "$(last)" "instruct: the leader's note kept"
run hl-update --at 2026-11-26T09:20:00+08:00 -n 来电人已知悉进度 E1 note
is_rc 0 "note -n TEXT: exit 0"
is '"replied"' "$(jqo .status)" "note changes no status"
is 'note - {"note":"来电人已知悉进度"}' "$(last)" "note: kept"

run hl-update --at 2026-11-26T10:00:00+08:00 --note 已协调国土所 E1 resolve
is_rc 0 "resolve: exit 0"
is '"resolved"' "$(jqo .status)" "resolve: status resolved"
# The visit clock: 2 working days from Thu 26 Nov: Fri 27, Mon 30.
is "{$D0,\"plan\":\"2026-11-25T11:10:00+08:00\",\"reply\":\"2026-11-25T12:00:00+08:00\",\"follow_up\":\"2026-12-03T09:00:00+08:00\",$R0,\"visit\":\"2026-11-30T23:59:59+08:00\"}" \
    "$(jqo .deadlines)" "resolve: the visit clock, 2 working days over the weekend"
is 'resolve - {"note":"已协调国土所"}' "$(last)" "--note goes with any event"
is "$(at 2026-11-26T10:00:00+08:00)" "$(sql "SELECT resolved_at FROM tickets WHERE id = 'E1'")" \
    "resolved_at stored"

run hl-update --by 王秀英 --at 2026-11-26T11:00:00+08:00 E1 visit --resolved yes --satisfaction very_satisfied
is_rc 0 "visit yes, very_satisfied: exit 0"
is '"visited"|"genuine"' "$(jqo .status)|$(jqo .verdict)" "a satisfied visit: status visited"
is 'visit 王秀英 {"resolved":"yes","satisfaction":"very_satisfied"}' "$(last)" "visit: the answers kept"
is "$(at 2026-11-26T11:00:00+08:00)" "$(sql "SELECT closed_at FROM tickets WHERE id = 'E1'")" \
    "closed_at: the visit"
is '1|dispatch|2
1|respond|2
1|verify|2
1|plan|2
1|reply|2
1|follow_up|2
1|resolve|2
1|visit|2' "$(clocks E1 | awk -F'|' '{ print ($5 != "-") "|" $2 "|" NF - 5 }')" \
    "every clock of the ticket is met"
is '[{"role":"primary","unit":"国土所","person":"刘洋"},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jqo .assignments)" "the assignments stay with a visited ticket"

# ---- extend ----
run hl-update --by 刘洋 --at 2026-11-25T10:00:00+08:00 E2 extend --until 2026-12-10 --approved-by 李卫东 --reason 需县里协调
is_rc 0 "extend: exit 0"
is '"dispatched"|"2026-12-10T23:59:59+08:00"' "$(jqo .status)|$(jqo .deadlines.resolve)" \
    "extend: the resolve deadline moves to the end of the day given; status unchanged"
is 'extend 刘洋 {"reason":"需县里协调","until":"2026-12-10T23:59:59+08:00","approved_by":"李卫东"}' "$(last)" \
    "extend: until, approver and reason kept"
is '1' "$(sql "SELECT extended FROM deadlines WHERE ticket_id = 'E2' AND stage = 'resolve'")" \
    "the clock is marked extended"
run hl-update --at 2026-11-25T09:20:00+08:00 E2 extend --stage respond --until 2026-11-25T11:00:00+08:00 --approved-by 张建国 --reason 来电人午后在家
is_rc 0 "extend --stage respond (before its deadline): exit 0"
is '"2026-11-25T11:00:00+08:00"' "$(jqo .deadlines.respond)" "--stage respond: the respond deadline moves"

# ---- suspend and resume ----
run hl-update --at 2026-11-25T09:15:00+08:00 E3 suspend --reason 等待来电人提供材料
is_rc 0 "suspend: exit 0"
is '"dispatched"' "$(jqo .status)" "suspend: the status stays"
is "0|respond|$(at 2026-11-25T09:15:00+08:00)
0|verify|$(at 2026-11-25T09:15:00+08:00)
0|reply|$(at 2026-11-25T09:15:00+08:00)
0|resolve|$(at 2026-11-25T09:15:00+08:00)" \
    "$(sql "SELECT cycle, stage, paused_at FROM deadlines WHERE ticket_id = 'E3' AND paused_at IS NOT NULL
            ORDER BY instr('dispatch respond verify plan reply follow_up resolve visit', stage)")" \
    "suspend: every running clock paused (the met dispatch clock not)"
run hl-update --at 2026-11-25T10:45:00+08:00 E3 resume
is_rc 0 "resume: exit 0"
is "{\"dispatch\":\"2026-11-25T08:05:00+08:00\",\"respond\":\"2026-11-25T11:00:00+08:00\",\"verify\":\"2026-11-25T11:30:00+08:00\",\"reply\":\"2026-11-25T13:30:00+08:00\",$R0}" \
    "$(jqo .deadlines)" \
    "resume after 90 minutes: minute clocks 90 minutes later, resolve (no working day spanned) unchanged"
is '' "$(sql "SELECT stage FROM deadlines WHERE ticket_id = 'E3' AND paused_at IS NOT NULL")" \
    "resume: no clock paused"

# ---- return ----
run hl-update --by 刘洋 --at 2026-11-25T09:30:00+08:00 E4 return --reason 非国土所职责
is_rc 0 "return: exit 0"
is '"received"|[]' "$(jqo .status)|$(jqo .assignments)" "return: received again, nobody assigned"
is "{\"dispatch\":\"2026-11-25T09:35:00+08:00\",$R0}" "$(jqo .deadlines)" \
    "return: a new dispatch clock from the return; resolve still from the receipt"

# ---- reopen ----
must hl-update --at 2026-11-25T10:00:00+08:00 E5 resolve
run hl-update --by 陈静 --at 2026-11-25T11:00:00+08:00 E5 reopen --reason 来电人反映未解决
is_rc 0 "reopen: exit 0"
is '"dispatched"' "$(jqo .status)" "reopen: dispatched again"
is '{"respond":"2026-11-25T11:30:00+08:00","reply":"2026-11-25T14:00:00+08:00","resolve":"2026-12-02T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "reopen: the new cycle's respond, reply and resolve clocks from the reopening"
is '1' "$(sql "SELECT cycle FROM tickets WHERE id = 'E5'")" "reopen: cycle 1"
is 'reopen 陈静 {"reason":"来电人反映未解决"}' "$(last)" "reopen: the reason kept"

ledger_ok "after every kind of event"
done_testing
