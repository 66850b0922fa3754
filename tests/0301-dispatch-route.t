#!/bin/sh
# hl-dispatch: dual dispatch (双派单) from the routing tables.  A category
# with a station: the station, with its station_head, is the primary
# handler, and the village committee, with its village_head, goes beside it.
# No station for the category but a village with a cadre: the village with
# its cadre (包村干部) as the person.  Neither: the ticket stays received,
# named in an exact message, exit 65, and the others of the same run are
# dispatched all the same.  A village not in the directory with a routed
# category: the primary handler only.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

township
take <<'END'
{"id":"A1","received_at":"2026-11-25T08:05:00+08:00","content":"宅基地三个月未批复","kind":"complaint","category":"宅基地审批","village":"李家村","caller":{"name":"李大山","phone":"13812345678"}}
{"id":"A2","received_at":"2026-11-25T08:10:00+08:00","content":"村里垃圾无人清运","kind":"complaint","category":"环境卫生","village":"王庄村"}
{"id":"A3","received_at":"2026-11-25T08:15:00+08:00","content":"垃圾堆放","kind":"complaint","category":"环境卫生","village":"东村"}
{"id":"A4","received_at":"2026-11-25T08:20:00+08:00","content":"路口缺红绿灯","kind":"suggestion","category":"道路交通安全","village":"东村"}
{"id":"A5","received_at":"2026-11-25T08:25:00+08:00","content":"流转租金未付","kind":"help","category":"农村土地流转","village":"张湾村"}
{"id":"A6","received_at":"2026-11-25T08:30:00+08:00","content":"垃圾","kind":"complaint","category":"环境卫生","village":"刘集村"}
{"id":"A7","received_at":"2026-11-25T08:35:00+08:00","content":"没有分类也没有村"}
{"id":"A8","received_at":"2026-11-25T08:40:00+08:00","content":"低保政策","kind":"consult","category":"政策咨询"}
{"id":"A9","received_at":"2026-11-25T08:45:00+08:00","content":"分类不明","village":"李家村"}
{"id":"A10","received_at":"2026-11-25T08:50:00+08:00","content":"无村","category":"环境卫生"}
END
is 10 "$(nevents)" "setup: ten receive events"

run hl-dispatch --at 2026-11-25T09:00:00+08:00 A1 A2 A3 A4 A5 A6 A7 A8 A9 A10
is_rc 65 "some tickets cannot be routed: exit 65"
is_err "hl-dispatch: error: ticket 'A3': cannot route: no station owns category '环境卫生' and village '东村' is not in the directory (use --to UNIT)
hl-dispatch: error: ticket 'A6': cannot route: no station owns category '环境卫生' and village '刘集村' has no cadre (use --to UNIT)
hl-dispatch: error: ticket 'A7': cannot route: no category and no village (use --to UNIT)
hl-dispatch: error: ticket 'A10': cannot route: no station owns category '环境卫生' and no village (use --to UNIT)" \
    "each ticket that cannot be routed is named with the reason"
is 'A1
A2
A4
A5
A8
A9' "$(jqr .id)" "the others are dispatched and printed, in the order given"

# The whole line of a ticket routed to a station: the contract's keys in
# their order; respond 30m, verify 60m, reply 3h from the dispatch (09:00);
# resolve 5 working days from received (Wed 25 Nov: Thu 26, Fri 27,
# Mon 30, Tue 1, Wed 2 Dec); updated_at is when it was recorded (now).
is '{"id":"A1","received_at":"2026-11-25T08:05:00+08:00","title":null,"content":"宅基地三个月未批复","kind":"complaint","category":"宅基地审批","village":"李家村","address":null,"channel":null,"caller":{"name":"李大山","phone":"13812345678"},"due_at":null,"urgent":false,"status":"dispatched","verdict":null,"repeat_of":null,"repeat_count":1,"assignments":[{"role":"primary","unit":"国土所","person":"刘洋"},{"role":"village","unit":"李家村","person":"林芳"}],"deadlines":{"dispatch":"2026-11-25T08:10:00+08:00","respond":"2026-11-25T09:30:00+08:00","verify":"2026-11-25T10:00:00+08:00","reply":"2026-11-25T12:00:00+08:00","resolve":"2026-12-02T23:59:59+08:00"},"updated_at":"2026-11-25T12:00:00+08:00","extra":null}' \
    "$(jq -c 'select(.id == "A1")' "$OUT")" \
    "routed category: primary the station with its station_head, village committee with its village_head (whole line)"
is '[{"role":"primary","unit":"王庄村","person":"吴刚"},{"role":"village","unit":"王庄村","person":"何勇"}]' \
    "$(jq -c 'select(.id == "A2") | .assignments' "$OUT")" \
    "category not routed, village with a cadre: the village with its cadre as primary"
is '[{"role":"primary","unit":"交通安全站","person":"黄磊"}]' \
    "$(jq -c 'select(.id == "A4") | .assignments' "$OUT")" \
    "village not in the directory, routed category: the primary handler only"
is '[{"role":"primary","unit":"农业站","person":"马强"},{"role":"village","unit":"张湾村","person":null}]' \
    "$(jq -c 'select(.id == "A5") | .assignments' "$OUT")" \
    "a village without a village_head: the committee with person null"
is '[{"role":"primary","unit":"党政办","person":null}]' \
    "$(jq -c 'select(.id == "A8") | .assignments' "$OUT")" \
    "a station without a station_head, no village: primary with person null"
is '[{"role":"primary","unit":"李家村","person":"周明"},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jq -c 'select(.id == "A9") | .assignments' "$OUT")" \
    "no category, village with a cadre: the cadre"
is 'dispatched dispatched dispatched dispatched dispatched dispatched' \
    "$(jq -r .status "$OUT" | paste -sd' ')" "every printed ticket is dispatched"

is 'A1|dispatched
A10|received
A2|dispatched
A3|received
A4|dispatched
A5|dispatched
A6|received
A7|received
A8|dispatched
A9|dispatched' "$(sql "SELECT id, status FROM tickets ORDER BY id")" \
    "in the ledger: the unroutable stay received"
is 'A3|dispatch|2026-11-25T08:20:00+08:00
A6|dispatch|2026-11-25T08:35:00+08:00
A7|dispatch|2026-11-25T08:40:00+08:00' \
    "$(sql "SELECT ticket_id, stage, strftime('%Y-%m-%dT%H:%M:%S+08:00', due_at, 'unixepoch', '+8 hours')
            FROM deadlines WHERE ticket_id IN ('A3', 'A6', 'A7') AND stage = 'dispatch'
            ORDER BY ticket_id")" \
    "their dispatch clocks still run (5 minutes from received), unmet"
is '' "$(sql "SELECT * FROM deadlines WHERE ticket_id IN ('A3', 'A6', 'A7') AND met_at IS NOT NULL")" \
    "no clock of theirs is met"
is 16 "$(nevents)" "six dispatch events, none for the unroutable"

# The history: one dispatch event per ticket, with the assignments and
# by_hand false, at --at, by the program.
is "A1|dispatch|$(at 2026-11-25T09:00:00+08:00)|{\"assignments\":[{\"role\":\"primary\",\"unit\":\"国土所\",\"person\":\"刘洋\"},{\"role\":\"village\",\"unit\":\"李家村\",\"person\":\"林芳\"}],\"by_hand\":false}|hl-dispatch 0.1.0" \
    "$(sql "SELECT ticket_id, event, at, details, program FROM events
            WHERE ticket_id = 'A1' AND event = 'dispatch'")" \
    "the dispatch event keeps the assignments and by_hand false"
is "A1|primary|国土所|刘洋|$(at 2026-11-25T09:00:00+08:00)|
A1|village|李家村|林芳|$(at 2026-11-25T09:00:00+08:00)|" \
    "$(sql "SELECT ticket_id, role, unit, person, since, until FROM assignments
            WHERE ticket_id = 'A1' ORDER BY role")" \
    "the assignments table: both current since the dispatch"
ledger_ok "after routing"

# The same unroutable tickets again: still refused, nothing written.
refused 65 "hl-dispatch: error: ticket 'A3': cannot route: no station owns category '环境卫生' and village '东村' is not in the directory (use --to UNIT)" \
    "an unroutable ticket alone" hl-dispatch A3

# A route added later makes it routable.
printf 'category,station\n环境卫生,农业站\n' >routes.csv
must hl-ledger import routes routes.csv
run hl-dispatch --at 2026-11-25T10:00:00+08:00 A3 A6 A10
is_rc 0 "after a route for 环境卫生: exit 0"
is '["A3",[{"role":"primary","unit":"农业站","person":"马强"}]]
["A6",[{"role":"primary","unit":"农业站","person":"马强"},{"role":"village","unit":"刘集村","person":null}]]
["A10",[{"role":"primary","unit":"农业站","person":"马强"}]]' \
    "$(jqo '[.id, .assignments]')" "the routing table is read at each run"
is_err "" "nothing on stderr"
ledger_ok "after the second run"

done_testing
