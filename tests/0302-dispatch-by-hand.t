#!/bin/sh
# hl-dispatch --to: dispatch by hand to a unit (with its head as person) or
# to a person (with their unit); a name in neither table is refused.  A
# dispatched ticket is not dispatched twice; with --to and --reason it is
# transferred (改派): the new primary handler, the old assignment ended, the
# handling clocks (respond, verify, reply) restarted from the transfer; the
# village committee stays.  A transfer without --reason, of a resolved or a
# suspended ticket, or dated before the dispatch is refused, nothing written.
# (0305 tests that an unknown --to name is said first, once.)
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

township
take <<'END'
{"id":"B1","received_at":"2026-11-25T08:00:00+08:00","content":"垃圾","category":"环境卫生","village":"东村"}
{"id":"B2","received_at":"2026-11-25T08:05:00+08:00","content":"垃圾","category":"环境卫生","village":"李家村"}
{"id":"B3","received_at":"2026-11-25T08:10:00+08:00","content":"垃圾","category":"环境卫生","village":"李家村"}
{"id":"B4","received_at":"2026-11-25T08:15:00+08:00","content":"垃圾","category":"环境卫生","village":"王庄村"}
{"id":"B5","received_at":"2026-11-25T08:20:00+08:00","content":"垃圾","category":"环境卫生","village":"东村"}
{"id":"B6","received_at":"2026-11-25T08:25:00+08:00","content":"宅基地","category":"宅基地审批","village":"李家村"}
{"id":"B7","received_at":"2026-11-25T08:30:00+08:00","content":"宅基地","category":"宅基地审批","village":"李家村"}
{"id":"B8","received_at":"2026-11-25T08:35:00+08:00","content":"宅基地","category":"宅基地审批","village":"李家村"}
END

# ---- by hand ----
run hl-dispatch --by 陈静 --at 2026-11-25T09:00:00+08:00 --to 国土所 B1
is_rc 0 "--to UNIT: exit 0"
is '[{"role":"primary","unit":"国土所","person":"刘洋"}]' "$(jqo .assignments)" \
    "--to a station: the station with its head; no committee for a village not in the directory"
is "B1|dispatch|陈静|{\"assignments\":[{\"role\":\"primary\",\"unit\":\"国土所\",\"person\":\"刘洋\"}],\"by_hand\":true}" \
    "$(sql "SELECT ticket_id, event, actor, details FROM events WHERE ticket_id = 'B1' AND event = 'dispatch'")" \
    "the history says by hand, and who (--by)"

run hl-dispatch --at 2026-11-25T09:00:00+08:00 --to 周明 B2
is_rc 0 "--to PERSON: exit 0"
is '[{"role":"primary","unit":"党政办","person":"周明"},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jqo .assignments)" "--to a person: their unit and name; the village committee beside"

run hl-dispatch --at 2026-11-25T09:00:00+08:00 -t 党政办 B3
is_rc 0 "-t UNIT without a head: exit 0"
is '[{"role":"primary","unit":"党政办","person":null},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jqo .assignments)" "a unit without a head: person null"

run hl-dispatch --at 2026-11-25T09:00:00+08:00 --to 王庄村 B4
is '[{"role":"primary","unit":"王庄村","person":"何勇"},{"role":"village","unit":"王庄村","person":"何勇"}]' \
    "$(jqo .assignments)" "--to a village: the village with its village_head"

refused 65 "hl-dispatch: error: '不存在' is neither a unit nor a person in the directory" \
    "--to an unknown name" hl-dispatch --to 不存在 B5
run hl-dispatch --at 2026-11-25T09:00:00+08:00 --to 国土所 --reason 手工指定 B5
is_rc 0 "--to with --reason on a received ticket: a dispatch"
is '{"assignments":[{"role":"primary","unit":"国土所","person":"刘洋"}],"by_hand":true,"reason":"手工指定"}' \
    "$(sql "SELECT details FROM events WHERE ticket_id = 'B5' AND event = 'dispatch'")" \
    "the reason is kept with the dispatch"

# ---- not twice ----
refused 65 "hl-dispatch: error: ticket 'B1' is already dispatched (to transfer it, give --to UNIT and --reason TEXT)" \
    "an already dispatched ticket without --to" hl-dispatch B1
must hl-update --at 2026-11-25T09:10:00+08:00 B2 respond
refused 65 "hl-dispatch: error: ticket 'B2' is already responded (to transfer it, give --to UNIT and --reason TEXT)" \
    "a responded ticket without --to" hl-dispatch B2
refused 65 "hl-dispatch: error: ticket 'B1' is already dispatched (to transfer it, give --to UNIT and --reason TEXT)" \
    "--reason without --to on a dispatched ticket" hl-dispatch --reason 再派 B1

# ---- transfer (改派) ----
must hl-dispatch --at 2026-11-25T09:00:00+08:00 B6 B7 B8
must hl-update --by 刘洋 --at 2026-11-25T09:10:00+08:00 B6 respond
refused 65 "hl-dispatch: error: ticket 'B6': a transfer needs --reason" \
    "a transfer without --reason" hl-dispatch --to 农业站 B6
refused 65 "hl-dispatch: error: '某人' is neither a unit nor a person in the directory" \
    "a transfer to an unknown name" hl-dispatch --to 某人 --reason 不归国土所 B6
refused 65 "hl-dispatch: error: ticket 'B6': cannot transfer: the ticket is not dispatched" \
    "a transfer dated before the dispatch" \
    hl-dispatch --at 2026-11-25T08:50:00+08:00 --to 农业站 --reason 不归国土所 B6

run hl-dispatch --by 陈静 --at 2026-11-25T10:00:00+08:00 --to 农业站 --reason 属于土地流转 B6
is_rc 0 "transfer: exit 0"
is_err "" "transfer: nothing on stderr"
is '"dispatched"' "$(jqo .status)" "a transferred ticket is dispatched again"
is '[{"role":"primary","unit":"农业站","person":"马强"},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jqo .assignments)" "the new primary handler; the village committee stays"
# respond, verify and reply start again at 10:00; the plan clock (started
# by the response at 09:10) is dropped; resolve stays 5 working days from
# the receipt.
is '{"dispatch":"2026-11-25T08:30:00+08:00","respond":"2026-11-25T10:30:00+08:00","verify":"2026-11-25T11:00:00+08:00","reply":"2026-11-25T13:00:00+08:00","resolve":"2026-12-02T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "the respond clock restarted from the transfer (and verify, reply)"
is "primary|国土所|刘洋|$(at 2026-11-25T09:00:00+08:00)|$(at 2026-11-25T10:00:00+08:00)
primary|农业站|马强|$(at 2026-11-25T10:00:00+08:00)|
village|李家村|林芳|$(at 2026-11-25T09:00:00+08:00)|" \
    "$(sql "SELECT role, unit, person, since, until FROM assignments WHERE ticket_id = 'B6'
            ORDER BY role, since")" \
    "the old primary assignment ended at the transfer, the new one current"
is 'transfer|陈静|{"unit":"农业站","person":"马强","reason":"属于土地流转"}' \
    "$(sql "SELECT event, actor, details FROM events WHERE ticket_id = 'B6' ORDER BY seq DESC LIMIT 1")" \
    "the transfer event: unit, person, reason, who"

run hl-update --by 马强 --at 2026-11-25T10:20:00+08:00 B6 respond
is_rc 0 "the new handler responds"
is '"2026-11-25T10:30:00+08:00"|"responded"' "$(jqo .deadlines.respond)|$(jqo .status)" \
    "the response meets the restarted clock"
run hl-dispatch --at 2026-11-25T10:40:00+08:00 --to 周明 --reason 政策问题由包村干部答复 B6
is_rc 0 "a second transfer, to a person"
is '[{"role":"primary","unit":"党政办","person":"周明"},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jqo .assignments)" "the person's unit and name"
is '"2026-11-25T11:10:00+08:00"' "$(jqo .deadlines.respond)" "respond due 30 minutes after the second transfer"
is '1' "$(sql "SELECT count(*) FROM assignments WHERE ticket_id = 'B6' AND until IS NULL AND role = 'primary'")" \
    "one current primary assignment"

# ---- transfers that cannot happen ----
must hl-update --at 2026-11-25T09:30:00+08:00 B7 resolve
refused 65 "hl-dispatch: error: ticket 'B7': cannot transfer: the ticket is resolved" \
    "a resolved ticket is not transferred" hl-dispatch --to 农业站 --reason 重新办理 B7
must hl-update --at 2026-11-25T09:30:00+08:00 B8 suspend --reason 等待来电人提供材料
refused 65 "hl-dispatch: error: ticket 'B8': cannot transfer: the ticket is suspended: record resume first" \
    "a suspended ticket is not transferred" hl-dispatch --to 农业站 --reason 换人 B8

ledger_ok "after dispatches and transfers by hand"
done_testing
