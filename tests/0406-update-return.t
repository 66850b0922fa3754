#!/bin/sh
# hl-update return (退单): a handler gives back a ticket that is not theirs,
# with a reason.  It is received again: every assignment ends (the primary
# and the village committee), the handling clocks that were not met are
# dropped, a new dispatch clock runs from the return; the resolve clock
# keeps counting from the receipt and the verdict stays.  It can then be
# dispatched again (改派), by the routing tables or by hand.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

township
take <<'END'
{"id":"G1","received_at":"2026-11-25T08:00:00+08:00","content":"土地纠纷","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"G2","received_at":"2026-11-25T08:00:00+08:00","content":"土地纠纷","kind":"complaint","category":"宅基地审批","village":"李家村"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 G1 G2
must hl-update --by 刘洋 --at 2026-11-25T09:10:00+08:00 G1 respond
must hl-update --by 刘洋 --at 2026-11-25T09:20:00+08:00 G1 verify --verdict genuine

run hl-update --by 刘洋 --at 2026-11-25T09:30:00+08:00 G1 return --reason 属于土地流转，非国土所职责
is_rc 0 "return: exit 0"
is '"received"|"genuine"|[]' "$(jqo .status)|$(jqo .verdict)|$(jqo .assignments)" \
    "return: received again, verdict kept, nobody assigned"
is '{"dispatch":"2026-11-25T09:35:00+08:00","respond":"2026-11-25T09:30:00+08:00","verify":"2026-11-25T10:00:00+08:00","resolve":"2026-12-02T23:59:59+08:00"}' "$(jqo .deadlines)" \
    "return: a dispatch clock from the return; the met respond and verify stay; resolve still from the receipt"
is "primary|国土所|$(at 2026-11-25T09:00:00+08:00)|$(at 2026-11-25T09:30:00+08:00)
village|李家村|$(at 2026-11-25T09:00:00+08:00)|$(at 2026-11-25T09:30:00+08:00)" \
    "$(sql "SELECT role, unit, since, until FROM assignments WHERE ticket_id = 'G1' ORDER BY role")" \
    "both assignments ended at the return"
is 'return|刘洋|{"reason":"属于土地流转，非国土所职责"}' \
    "$(sql "SELECT event, actor, details FROM events WHERE ticket_id = 'G1' ORDER BY seq DESC LIMIT 1")" \
    "the return event: who and why"
run hl-list --unit 国土所
is 'G2' "$(jqr .id)" "hl-list --unit: the returned ticket is no longer the station's"
run hl-list --status received
is 'G1' "$(jqr .id)" "hl-list --status received: it waits for a dispatch"

# Dispatched again, by hand, 10 minutes after its dispatch clock's due.
run hl-dispatch --by 陈静 --at 2026-11-25T09:45:00+08:00 --to 农业站 --reason 改派农业站 G1
is_rc 0 "dispatched again: exit 0"
is '[{"role":"primary","unit":"农业站","person":"马强"},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jqo .assignments)" "the new primary handler and the village committee again"
# No new verify clock: the ticket is verified already (the met one stays).
is '{"dispatch":"2026-11-25T09:35:00+08:00","respond":"2026-11-25T10:15:00+08:00","verify":"2026-11-25T10:00:00+08:00","reply":"2026-11-25T12:45:00+08:00","resolve":"2026-12-02T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "new respond and reply clocks; verified already, so verify is not restarted"
is "0|dispatch|5m|2026-11-25T09:35:00+08:00|2026-11-25T09:45:00+08:00|-|0" "$(clocks G1 | grep '|dispatch|')" \
    "the second dispatch clock was met 10 minutes late"
is "primary|国土所|$(at 2026-11-25T09:00:00+08:00)|$(at 2026-11-25T09:30:00+08:00)
primary|农业站|$(at 2026-11-25T09:45:00+08:00)|
village|李家村|$(at 2026-11-25T09:00:00+08:00)|$(at 2026-11-25T09:30:00+08:00)
village|李家村|$(at 2026-11-25T09:45:00+08:00)|" \
    "$(sql "SELECT role, unit, since, until FROM assignments WHERE ticket_id = 'G1' ORDER BY role, since")" \
    "the history of assignments: the ended ones kept, the new ones current"
is 'dispatch|{"assignments":[{"role":"primary","unit":"农业站","person":"马强"},{"role":"village","unit":"李家村","person":"林芳"}],"by_hand":true,"reason":"改派农业站"}' \
    "$(sql "SELECT event, details FROM events WHERE ticket_id = 'G1' ORDER BY seq DESC LIMIT 1")" \
    "a dispatch event (not a transfer) for a returned ticket"
run hl-update --by 马强 --at 2026-11-25T10:00:00+08:00 G1 respond
is_rc 0 "the new handler responds again"
is '"responded"' "$(jqo .status)" "responded"

# Returned again, then dispatched by the routing table (--pending).
must hl-update --at 2026-11-25T10:30:00+08:00 G1 return --reason 仍不属于
run hl-dispatch --pending --at 2026-11-25T10:40:00+08:00
is 'G1 国土所' "$(jqr '"\(.id) \(.assignments[0].unit)"')" "--pending dispatches a returned ticket by the routes"
is '3' "$(sql "SELECT count(*) FROM events WHERE ticket_id = 'G1' AND event = 'dispatch'")" \
    "three dispatch events"

# A transferred ticket returned: the transferred assignment ends too.
must hl-dispatch --at 2026-11-25T09:30:00+08:00 --to 周明 --reason 政策问题 G2
run hl-update --at 2026-11-25T10:00:00+08:00 G2 return --reason 不是政策问题
is '"received"|[]' "$(jqo .status)|$(jqo .assignments)" "a transferred ticket returned: received, nobody assigned"
is '0' "$(sql "SELECT count(*) FROM assignments WHERE ticket_id = 'G2' AND until IS NULL")" \
    "no current assignment left"

ledger_ok "after returns and dispatches again"
done_testing
