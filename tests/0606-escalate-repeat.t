#!/bin/sh
# hl-escalate: the rules without a clock (spec/DOMAIN.md, "Escalation").
#   repeat       the original ticket reaches repeat_calls (3) calls: once,
#                on the original, to the handler's unit head, the area
#                leader (who organises a consultation with the people
#                responsible) and the village's cadre; level 1
#   unsatisfied  a return visit records unsatisfied (or very_unsatisfied),
#                or resolved = no: to the handler's unit head, the area
#                leader, the cadre and the discipline commission (约谈);
#                level 2; once per cycle (each such visit reopens the
#                ticket)
# Both records have "stage": null and "due_at": null.  The calls here
# repeat an open original, so they are merged into it: they are not
# handled on their own (0609 tests the calls that come after the original
# was resolved).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

HUANG=黄磊/station_head/交通安全站/13800000012
ZHAO=赵志刚/area_leader/镇党委政府/13800000004
WU=吴刚/cadre/农业站/13800000007
WANG=王秀英/discipline/镇纪委/13800000003

# ---- repeat: three calls from one phone about one village and category ----
township
take Q1 "2026-11-23 09:00:00" complaint 道路交通安全 王庄村 13900000041
handle Q1 "2026-11-23 09:00:00"
take Q2 "2026-11-24 09:00:00" complaint 道路交通安全 王庄村 13900000041
fires "2026-11-24 09:00:30" "" "repeat: not at 2 calls"
take Q3 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000041
is "Q1|3|Q2|2|Q3|3" "$(sql "SELECT group_concat(x, '|') FROM (SELECT
    id || '|' || repeat_count x FROM tickets ORDER BY id)")" \
    "repeat: the original counts 3 calls (set-up)"
esc "2026-11-25 09:00:30"
is_rc 0 "repeat: exit 0"
is '{"event":"escalation","rule":"repeat","level":1,"stage":null,"due_at":null,"at":"2026-11-25T09:00:30+08:00","ticket":{"id":"Q1","received_at":"2026-11-23T09:00:00+08:00","title":null,"content":"诉求 Q1","kind":"complaint","category":"道路交通安全","village":"王庄村","address":null,"channel":null,"caller":{"name":"来电人","phone":"13900000041"},"due_at":null,"urgent":false,"status":"replied","verdict":"genuine","repeat_of":null,"repeat_count":3,"assignments":[{"role":"primary","unit":"交通安全站","person":"黄磊"},{"role":"village","unit":"王庄村","person":"何勇"}],"deadlines":{"dispatch":"2026-11-23T09:05:00+08:00","respond":"2026-11-23T09:30:00+08:00","verify":"2026-11-23T10:00:00+08:00","plan":"2026-11-23T11:00:00+08:00","reply":"2026-11-23T12:00:00+08:00","follow_up":"2026-11-30T09:00:00+08:00","resolve":"2026-11-30T23:59:59+08:00"},"updated_at":"2026-11-25T09:00:00+08:00","extra":null},"recipients":[{"name":"黄磊","role":"station_head","unit":"交通安全站","phone":"13800000012"},{"name":"赵志刚","role":"area_leader","unit":"镇党委政府","phone":"13800000004"},{"name":"吴刚","role":"cadre","unit":"农业站","phone":"13800000007"}],"missing":[]}' \
    "$(cat "$OUT")" \
    "repeat: at the third call, one record on the original Q1 (3 calls), to the handler's unit head, the area leader and the cadre"
is_err "" "repeat: nothing on stderr"
fires "2026-11-25 09:00:31" "" "repeat: fires once"
take Q4 "2026-11-26 09:00:00" complaint 道路交通安全 王庄村 13900000041
fires "2026-11-26 09:00:30" "" "repeat: the fourth call fires nothing more"
is "Q1|repeat|1|0|" "$(sql "SELECT ticket_id, rule, level, cycle,
    coalesce(stage, '') FROM escalations")" \
    "repeat: one row, on the original, no stage"

# The original resolved and visited after the third call, before any
# check: the original had 3 calls all the same.
HL_DB=$T/closed-call.db
township
take Q7 "2026-11-23 09:00:00" complaint 道路交通安全 王庄村 13900000048
handle Q7 "2026-11-23 09:00:00"
take Q8 "2026-11-24 09:00:00" complaint 道路交通安全 王庄村 13900000048
fires "2026-11-24 09:00:30" "" "repeat, closed original: not at 2 calls"
take Q9 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000048
upd Q7 "2026-11-25 09:10:00" resolve
upd Q7 "2026-11-25 09:20:00" visit --resolved yes --satisfaction satisfied
fires "2026-11-25 09:30:00" "Q7 repeat 1 - - 09:30:00" \
    "repeat: fires though the original was answered and visited before the check"

# ---- repeat_calls from the policy ----
HL_DB=$T/calls2.db
{ cat policy.csv; echo 'repeat_calls,*,2'; } >policy-calls2.csv
township policy-calls2.csv
take Q5 "2026-11-23 09:00:00" complaint 道路交通安全 李家村 13900000042
handle Q5 "2026-11-23 09:00:00"
fires "2026-11-23 09:00:30" "" "repeat_calls 2: not at 1 call"
take Q6 "2026-11-24 09:00:00" complaint 道路交通安全 李家村 13900000042
sends "2026-11-24 09:00:30" "Q5 repeat: $HUANG $ZHAO 周明/cadre/党政办/13800000006" \
    "repeat_calls 2: at the second call, to the unit head, 李家村's area leader and cadre"

# ---- unsatisfied: once per cycle ----
HL_DB=$T/unsatisfied.db
township
take U1 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000043
handle U1 "2026-11-25 09:00:00"
upd U1 "2026-11-26 10:00:00" resolve
fires "2026-11-27 09:59:59" "" "unsatisfied: nothing before the visit"
upd U1 "2026-11-27 10:00:00" visit --resolved yes --satisfaction unsatisfied
fires "2026-11-27 10:01:00" "U1 unsatisfied 2 - - 10:01:00" \
    "unsatisfied: a visit graded unsatisfied: level 2, no stage, no due time"
is "U1 unsatisfied: $HUANG $ZHAO $WU $WANG" "$(who)" \
    "unsatisfied: to the handler's unit head, the area leader, the cadre and the discipline commission"
is "dispatched 2" "$(jq -r '"\(.ticket.status) \(.ticket.assignments | length)"' "$OUT")" \
    "unsatisfied: the record carries the reopened ticket"
fires "2026-11-27 10:01:01" "" "unsatisfied: once"
for ev in respond plan reply resolve; do
	upd U1 "2026-11-27 10:05:00" $ev
done
upd U1 "2026-11-27 10:07:00" visit --resolved no --satisfaction satisfied
fires "2026-11-27 10:08:00" "U1 unsatisfied 2 - - 10:08:00" \
    "unsatisfied: the second cycle's visit says not resolved: fires again"
fires "2026-11-27 10:08:01" "" "unsatisfied: once in that cycle too"
for ev in respond plan reply resolve; do
	upd U1 "2026-11-27 10:10:00" $ev
done
upd U1 "2026-11-27 10:12:00" visit --resolved partly --satisfaction basic
fires "2026-11-27 10:13:00" "" "unsatisfied: partly resolved, basic: closed, nothing"
fires "2026-12-31 00:00:00" "" "unsatisfied: a visited ticket has no running clock"
is "unsatisfied|2|0
unsatisfied|2|1" "$(sql "SELECT rule, level, cycle FROM escalations ORDER BY id")" \
    "unsatisfied: one row per unsatisfied visit, keyed by its cycle"

# A reopened ticket's clocks are a new cycle: its rules fire again, once.
HL_DB=$T/cycles.db
township
take U5 "2026-11-25 08:58:00" complaint 道路交通安全 王庄村 13900000047
dispatch U5 "2026-11-25 09:00:00"
fires "2026-11-25 09:30:01" "U5 late-respond 1 respond 09:30:00 09:30:01" \
    "cycles: late-respond in the first cycle"
upd U5 "2026-11-25 09:35:00" respond
upd U5 "2026-11-25 09:35:00" verify --verdict genuine
upd U5 "2026-11-25 09:35:00" plan
upd U5 "2026-11-25 09:35:00" reply
upd U5 "2026-11-25 09:40:00" resolve
upd U5 "2026-11-25 10:00:00" visit --resolved no --satisfaction unsatisfied
fires "2026-11-25 10:00:30" "U5 unsatisfied 2 - - 10:00:30" "cycles: unsatisfied"
fires "2026-11-25 10:24:00" "U5 warn-respond 0 respond 10:30:00 10:24:00" \
    "cycles: the new respond clock (from the visit): warned at 10:24:00"
fires "2026-11-25 10:30:00" "" "cycles: not late at 10:30:00"
fires "2026-11-25 10:30:01" "U5 late-respond 1 respond 10:30:00 10:30:01" \
    "cycles: late-respond again, for the second cycle"
fires "2026-11-25 10:30:02" "" "cycles: once in each"
is "late-respond|0
unsatisfied|0
warn-respond|1
late-respond|1" "$(sql "SELECT rule, cycle FROM escalations ORDER BY id")" \
    "cycles: the table keys each firing by its cycle"

# The visit happened and reopened the ticket; that it was handled and
# visited again before the next check does not undo it (--explain says the
# rule is due, too).
HL_DB=$T/closed-again.db
township
take U4 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000046
handle U4 "2026-11-25 09:00:00"
upd U4 "2026-11-26 10:00:00" resolve
upd U4 "2026-11-27 10:00:00" visit --resolved yes --satisfaction unsatisfied
for ev in respond plan reply resolve; do
	upd U4 "2026-11-27 10:05:00" $ev
done
upd U4 "2026-11-27 10:30:00" visit --resolved yes --satisfaction satisfied
fires "2026-11-27 11:00:00" "U4 unsatisfied 2 - - 11:00:00" \
    "unsatisfied: fires though the reopened ticket was visited again before any check"
run hl-escalate --now "2026-11-27 11:00:01" --explain U4
is "" "$(grep '^unsatisfied .*due now' "$OUT")" \
    "unsatisfied: after that run, --explain does not call the rule due now"

HL_DB=$T/very.db
township
take U2 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000044
handle U2 "2026-11-25 09:00:00"
upd U2 "2026-11-26 10:00:00" resolve
upd U2 "2026-11-27 10:00:00" visit --resolved yes --satisfaction very_unsatisfied
fires "2026-11-27 10:01:00" "U2 unsatisfied 2 - - 10:01:00" \
    "unsatisfied: very_unsatisfied counts"

HL_DB=$T/satisfied.db
township
take U3 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000045
handle U3 "2026-11-25 09:00:00"
upd U3 "2026-11-26 10:00:00" resolve
upd U3 "2026-11-27 10:00:00" visit --resolved partly --satisfaction basic
fires "2026-11-27 10:01:00" "" "basic and partly resolved: no unsatisfied rule"

done_testing
