#!/bin/sh
# hl-escalate and repeat calls (spec/DOMAIN.md): a call merged into an
# open ticket has no clocks and fires no stage rule of its own, so three
# calls about one problem make one ladder, not three (the audit found the
# principal told three times at level 3); a call after the original was
# resolved has its own clocks and rules.  repeat and unsatisfied go to the
# handler's unit head, the area leader and the village's cadre (and
# unsatisfied to the discipline commission): the area leader organises
# the people responsible.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

HUANG=黄磊/station_head/交通安全站/13800000012
ZHAO=赵志刚/area_leader/镇党委政府/13800000004
SUN=孙丽华/area_leader/镇党委政府/13800000005
WU=吴刚/cadre/农业站/13800000007
WANG=王秀英/discipline/镇纪委/13800000003

# ---- three calls, one problem, one ladder ----
township
take M1 "2026-11-23 09:00:00" complaint 道路交通安全 王庄村 13900000081
take M2 "2026-11-23 09:30:00" complaint 道路交通安全 王庄村 13900000081
take M3 "2026-11-23 10:00:00" complaint 道路交通安全 王庄村 13900000081
fires "2026-11-23 10:00:30" "M1 late-dispatch 1 dispatch 09:05:00 10:00:30
M1 repeat 1 - - 10:00:30" \
    "the calls at 09:30 and 10:00: M1 is late to dispatch and has 3 calls; M2, M3 nothing"
dispatch M1 "2026-11-23 10:10:00"
# Nobody responds; M1 goes through every level.  Resolve: Mon 11-23 + 5
# working days = Mon 11-30 23:59:59; the second level a working day after.
esc "2026-12-02 00:00:00"
is "M1 late-respond
M1 late-verify
M1 late-reply
M1 late-resolve
M1 late-resolve-2" "$(jq -r '"\(.ticket.id) \(.rule)"' "$OUT")" \
    "a week later: the original's late rules, once each; nothing for M2 or M3"
is "1|0" "$(sql "SELECT sum(level = 3), sum(ticket_id <> 'M1') FROM escalations")" \
    "one level-3 record in all; none on a merged call"
run hl-escalate --now "2026-12-02 00:00:00" --explain M2
is "$(printf '%-16s%-7s%s\n' rule cycle state \
    'warn-*, late-*' - "none: a repeat call merged into 'M1', whose clocks count for it" \
    repeat 1 "a repeat call: the rule is on the original 'M1'" \
    unsatisfied - "not due: no unsatisfied visit")" "$(cat "$OUT")" \
    "--explain of a merged call: no clock rules, and why"

# ---- the problem came back after the original was resolved ----
HL_DB=$T/back.db
township
take B1 "2026-11-23 09:00:00" complaint 道路交通安全 王庄村 13900000082
handle B1 "2026-11-23 09:01:00"
upd B1 "2026-11-24 10:00:00" resolve
upd B1 "2026-11-24 11:00:00" visit --resolved yes --satisfaction satisfied
take B2 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000082
fires "2026-11-25 09:05:01" "B2 late-dispatch 1 dispatch 09:05:00 09:05:01" \
    "a call after the original was visited has its own clocks: late-dispatch"
take B3 "2026-11-25 09:10:00" complaint 道路交通安全 王庄村 13900000082
fires "2026-11-25 09:10:30" "B1 repeat 1 - - 09:10:30" \
    "the third call (merged into B2) makes B1's repeat rule due"
is "B2|B1|-
B3|B1|B2" "$(sql "SELECT id, repeat_of, coalesce(merged_into, '-') FROM tickets
    WHERE id IN ('B2', 'B3') ORDER BY id")" \
    "B2 a ticket of its own, linked to B1; B3 merged into B2"
is "B1 repeat: $HUANG $ZHAO $WU" "$(who)" \
    "repeat: to the handler's unit head, the area leader and the cadre"
dispatch B2 "2026-11-25 09:20:00"
fires "2026-11-25 09:50:01" "B2 late-respond 1 respond 09:50:00 09:50:01" \
    "the came-back call's own late-respond"

# ---- recipients: no unit yet; no cadre ----
# A repeat on an original not yet dispatched: no unit head to tell (not a
# missing role); 刘集村 has no cadre: named missing, and warned.
HL_DB=$T/nocadre.db
township
take N1 "2026-11-25 09:00:00" complaint - 刘集村 13900000083
take N2 "2026-11-25 09:01:00" complaint - 刘集村 13900000083
take N3 "2026-11-25 09:02:00" complaint - 刘集村 13900000083
ONLY=repeat
sends "2026-11-25 09:02:30" "N1 repeat: $SUN | missing cadre
stderr: hl-escalate: warning: ticket 'N1' repeat: no cadre in the directory" \
    "repeat before dispatch, in a village without a cadre: the area leader; cadre missing"
unset ONLY

# ---- unsatisfied: the unit head, area leader, cadre, discipline ----
HL_DB=$T/unsatisfied.db
township
take S1 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000084
handle S1 "2026-11-25 09:00:00"
upd S1 "2026-11-26 10:00:00" resolve
upd S1 "2026-11-27 10:00:00" visit --resolved partly --satisfaction very_unsatisfied
ONLY=unsatisfied
sends "2026-11-27 10:00:30" "S1 unsatisfied: $HUANG $ZHAO $WU $WANG" \
    "unsatisfied: to the handler's unit head, the area leader, the cadre and the discipline commission"
unset ONLY

done_testing
