#!/bin/sh
# hl-escalate: who hears of what (spec/DOMAIN.md, "Escalation"), from the
# directory (people, villages) and the ticket's current assignments:
#   warn-STAGE      the handlers
#   late-STAGE      the handlers, the unit head, the area leader
#   late-resolve    + the deputy
#   late-resolve-2  + the principal and the discipline commission
# The handlers are the persons of the current assignments (primary, then
# the village committee); for dispatch the center's staff, for visit the
# discipline commission.  The unit head is the station_head (or
# village_head) of the primary unit; the area leader is the village's.
# Each person once, in that order, with the role, unit and phone of the
# directory (phones as imported: digits only).  A role nobody fills does
# not stop the rule: the record names it in "missing" and stderr says
# "hl-escalate: warning: ticket 'ID' RULE: no ROLE in the directory".
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

D=2026-11-25
C=陈静/center/镇政务服务中心/053188886666
HUANG=黄磊/station_head/交通安全站/13800000012
HE=何勇/village_head/王庄村/13800000014
ZHAO=赵志刚/area_leader/镇党委政府/13800000004
SUN=孙丽华/area_leader/镇党委政府/13800000005
LI=李卫东/deputy/镇党委政府/13800000002
ZHANG=张建国/principal/镇党委政府/13800000001
WANG=王秀英/discipline/镇纪委/13800000003

# ---- one ticket through every level: a station's ticket in 王庄村 ----
township
take R1 "$D 09:00:00" consult 道路交通安全 王庄村 13900000031
sends "$D 09:04:00" "R1 warn-dispatch: $C" "warn-dispatch: the center's staff"
sends "$D 09:05:01" "R1 late-dispatch: $C $ZHAO" \
    "late-dispatch: the center's staff and the area leader; no unit yet, so no unit head"
dispatch R1 "$D 09:10:00"
sends "$D 09:34:00" "R1 warn-respond: $HUANG $HE" \
    "warn-respond: the handlers (primary, then the village committee)"
esc "$D 09:40:01"
is '{"event":"escalation","rule":"late-respond","level":1,"stage":"respond","due_at":"2026-11-25T09:40:00+08:00","at":"2026-11-25T09:40:01+08:00","ticket":{"id":"R1","received_at":"2026-11-25T09:00:00+08:00","title":null,"content":"诉求 R1","kind":"consult","category":"道路交通安全","village":"王庄村","address":null,"channel":null,"caller":{"name":"来电人","phone":"13900000031"},"due_at":null,"urgent":false,"status":"dispatched","verdict":null,"repeat_of":null,"repeat_count":1,"assignments":[{"role":"primary","unit":"交通安全站","person":"黄磊"},{"role":"village","unit":"王庄村","person":"何勇"}],"deadlines":{"dispatch":"2026-11-25T09:05:00+08:00","respond":"2026-11-25T09:40:00+08:00","verify":"2026-11-25T10:10:00+08:00","reply":"2026-11-25T12:10:00+08:00","resolve":"2026-11-26T23:59:59+08:00"},"updated_at":"2026-11-25T09:10:00+08:00","extra":null},"recipients":[{"name":"黄磊","role":"station_head","unit":"交通安全站","phone":"13800000012"},{"name":"何勇","role":"village_head","unit":"王庄村","phone":"13800000014"},{"name":"赵志刚","role":"area_leader","unit":"镇党委政府","phone":"13800000004"}],"missing":[]}' \
    "$(cat "$OUT")" \
    "late-respond: the whole record; the unit head (黄磊, also the handler) once"
is_err "" "late-respond: nothing on stderr"
upd R1 "$D 09:45:00" respond
upd R1 "$D 09:45:00" verify --verdict genuine
upd R1 "$D 09:45:00" plan
upd R1 "$D 09:45:00" reply
sends "2026-11-27 00:00:00" "R1 late-resolve: $HUANG $HE $ZHAO $LI" \
    "late-resolve: + the deputy"
sends "2026-11-28 00:00:00" "R1 late-resolve-2: $HUANG $HE $ZHAO $LI $ZHANG $WANG" \
    "late-resolve-2: + the principal and the discipline commission"
is "late-resolve|2|[\"黄磊\",\"何勇\",\"赵志刚\",\"李卫东\"]|
late-resolve-2|3|[\"黄磊\",\"何勇\",\"赵志刚\",\"李卫东\",\"张建国\",\"王秀英\"]|" \
    "$(sql "SELECT e.rule, e.level, (SELECT json_group_array(json_extract(r.value,
        '\$.name')) FROM json_each(e.recipients) r), e.missing FROM escalations e
        WHERE e.rule LIKE 'late-resolve%' ORDER BY e.id")" \
    "the escalations table keeps the recipients (JSON) and no missing"
upd R1 "2026-11-30 10:00:00" resolve
sends "2026-12-02 11:35:59" "R1 warn-visit: $WANG" \
    "warn-visit: the discipline commission (回访 is theirs)"
sends "2026-12-03 00:00:00" "R1 late-visit: $HUANG $ZHAO $WANG" \
    "late-visit: the unit head, the area leader, the discipline commission; nothing missing"

# ---- a cadre's ticket: no station owns it, the village's cadre does ----
HL_DB=$T/cadre.db
township
take R2 "$D 09:00:00" help - 李家村 13900000032
dispatch R2 "$D 09:10:00"
sends "$D 09:40:01" \
    "R2 late-respond: 周明/cadre/李家村/13800000006 林芳/village_head/李家村/13800000013 $ZHAO" \
    "cadre's ticket: the cadre (for the village), the village head as the unit head, the area leader"

# ---- a transfer: the handlers are the current assignment's ----
HL_DB=$T/transfer.db
township
take R3 "$D 09:00:00" complaint 道路交通安全 王庄村 13900000033
dispatch R3 "$D 09:10:00"
dispatch R3 "$D 09:20:00" --to 国土所 --reason 属宅基地问题
sends "$D 09:44:00" "R3 warn-respond: 刘洋/station_head/国土所/13800000010 $HE" \
    "after a transfer: warn-respond to the new handler (clock from 09:20)"
sends "$D 09:50:01" "R3 late-respond: 刘洋/station_head/国土所/13800000010 $HE $ZHAO" \
    "after a transfer: late-respond to the new handler and the new unit's head"

# ---- nobody in the directory for the handler, the village, the unit ----
# 政策咨询 goes to 党政办, which has no station_head; 陈户村 has no
# village_head; its area (西片) has 孙丽华.
HL_DB=$T/nobody.db
township
take R4 "$D 09:00:00" consult 政策咨询 陈户村 13900000034
dispatch R4 "$D 09:10:00"
sends "$D 09:34:00" "R4 warn-respond:  | missing handler village_head
stderr: hl-escalate: warning: ticket 'R4' warn-respond: no handler in the directory
stderr: hl-escalate: warning: ticket 'R4' warn-respond: no village_head in the directory" \
    "no handler, no village head: warn-respond fires to nobody, names both missing"
sends "$D 09:40:01" "R4 late-respond: $SUN | missing handler village_head unit_head
stderr: hl-escalate: warning: ticket 'R4' late-respond: no handler in the directory
stderr: hl-escalate: warning: ticket 'R4' late-respond: no village_head in the directory
stderr: hl-escalate: warning: ticket 'R4' late-respond: no unit_head in the directory" \
    "no handler, village head or unit head: late-respond to the area leader, three missing"
is '["handler","village_head","unit_head"]' \
    "$(sql "SELECT missing FROM escalations WHERE rule = 'late-respond'")" \
    "the escalations table keeps what was missing"
fires "$D 09:40:02" "" "missing recipients are warned about once, when the rule fires"

# ---- a ticket without a village: no area leader ----
HL_DB=$T/novillage.db
township
take R5 "$D 09:00:00" complaint 道路交通安全 - 13900000035
dispatch R5 "$D 09:10:00"
sends "$D 09:40:01" "R5 late-respond: $HUANG | missing area_leader
stderr: hl-escalate: warning: ticket 'R5' late-respond: no area_leader in the directory" \
    "no village: no village committee, and the area leader missing"

# ---- leadership missing from people: deputy, principal, discipline, center ----
HL_DB=$T/noleaders.db
grep -v -e ',deputy,' -e ',principal,' -e ',discipline,' -e ',center,' people.csv \
    >people-partial.csv
cp people-partial.csv people.csv
township
cp "$EFIX/people.csv" people.csv
take R6 "$D 09:00:00" consult 道路交通安全 王庄村 13900000036
handle R6 "$D 09:00:00"
sends "2026-11-27 00:00:00" "R6 late-resolve: $HUANG $HE $ZHAO | missing deputy
stderr: hl-escalate: warning: ticket 'R6' late-resolve: no deputy in the directory" \
    "no deputy: late-resolve still fires, 'missing' names the deputy, one warning"
sends "2026-11-28 00:00:00" "R6 late-resolve-2: $HUANG $HE $ZHAO | missing deputy principal discipline
stderr: hl-escalate: warning: ticket 'R6' late-resolve-2: no deputy in the directory
stderr: hl-escalate: warning: ticket 'R6' late-resolve-2: no principal in the directory
stderr: hl-escalate: warning: ticket 'R6' late-resolve-2: no discipline in the directory" \
    "no deputy, principal, discipline: late-resolve-2 fires, all three missing"
take R7 "2026-11-30 09:00:00" complaint 道路交通安全 王庄村 13900000037
sends "2026-11-30 09:04:00" "R7 warn-dispatch:  | missing center
stderr: hl-escalate: warning: ticket 'R7' warn-dispatch: no center in the directory" \
    "no center staff: warn-dispatch fires to nobody, 'missing' names the center"

done_testing
