#!/bin/sh
# hl-escalate: the minute stages (spec/DOMAIN.md, "Time limits" and
# "Escalation") at their boundaries, one second either side.  dispatch 5m
# from received, respond 30m, verify 60m and reply 3h from dispatched, plan
# 2h from responded.  warn-STAGE fires when now >= start + (due - start) *
# warn / 100 (rules.c, clock_rules), that is, for respond dispatched at
# 10:00, at 10:24:00 and not at 10:23:59; late-STAGE fires when now > due,
# the second after the deadline (due 10:30:00: not at 10:30:00, at
# 10:30:01).  A stage met in time never fires; a stage already late when
# first checked fires only its late rule; --warn and the policy's warn move
# the warning.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

D=2026-11-25
# ---- one ticket through every minute stage, late at each ----
township
take M1 "$D 09:50:00" complaint 道路交通安全 王庄村 13900000001
fires "$D 09:53:59" "" "dispatch: nothing at 09:53:59 (warn at 80% of 5m: 09:54:00)"
fires "$D 09:54:00" "M1 warn-dispatch 0 dispatch 09:55:00 09:54:00" \
    "warn-dispatch at 09:54:00, level 0, due 09:55:00"
fires "$D 09:55:00" "" "late-dispatch: not at the deadline 09:55:00"
fires "$D 09:55:01" "M1 late-dispatch 1 dispatch 09:55:00 09:55:01" \
    "late-dispatch at 09:55:01, level 1 (no unit yet: no unit head to miss)"
dispatch M1 "$D 10:00:00"
fires "$D 10:00:00" "" "dispatched late at 10:00: nothing new"
fires "$D 10:23:59" "" "respond: nothing at 10:23:59"
fires "$D 10:24:00" "M1 warn-respond 0 respond 10:30:00 10:24:00" \
    "warn-respond at 10:24:00 (80% of 30m from 10:00)"
fires "$D 10:30:00" "" "late-respond: not at the deadline 10:30:00"
fires "$D 10:30:01" "M1 late-respond 1 respond 10:30:00 10:30:01" \
    "late-respond at 10:30:01"
fires "$D 10:47:59" "" "verify: nothing at 10:47:59"
fires "$D 10:48:00" "M1 warn-verify 0 verify 11:00:00 10:48:00" \
    "warn-verify at 10:48:00 (80% of 60m)"
fires "$D 11:00:00" "" "late-verify: not at 11:00:00"
fires "$D 11:00:01" "M1 late-verify 1 verify 11:00:00 11:00:01" \
    "late-verify at 11:00:01"
upd M1 "$D 11:10:00" respond
upd M1 "$D 11:10:00" verify --verdict genuine
fires "$D 11:10:00" "" "responded and verified late: nothing new"
fires "$D 12:23:59" "" "reply: nothing at 12:23:59"
fires "$D 12:24:00" "M1 warn-reply 0 reply 13:00:00 12:24:00" \
    "warn-reply at 12:24:00 (80% of 3h from 10:00)"
fires "$D 12:45:59" "" "plan: nothing at 12:45:59"
fires "$D 12:46:00" "M1 warn-plan 0 plan 13:10:00 12:46:00" \
    "warn-plan at 12:46:00 (80% of 2h from the response at 11:10)"
fires "$D 13:00:00" "" "late-reply: not at 13:00:00"
fires "$D 13:00:01" "M1 late-reply 1 reply 13:00:00 13:00:01" \
    "late-reply at 13:00:01"
fires "$D 13:10:00" "" "late-plan: not at 13:10:00"
fires "$D 13:10:01" "M1 late-plan 1 plan 13:10:00 13:10:01" \
    "late-plan at 13:10:01"
upd M1 "$D 13:20:00" plan
upd M1 "$D 13:20:00" reply
fires "$D 23:59:59" "" "planned and replied: nothing more that day"
is "warn-dispatch|dispatch|0|0|$D 09:55:00|$D 09:54:00
late-dispatch|dispatch|1|0|$D 09:55:00|$D 09:55:01
warn-respond|respond|0|0|$D 10:30:00|$D 10:24:00
late-respond|respond|1|0|$D 10:30:00|$D 10:30:01
warn-verify|verify|0|0|$D 11:00:00|$D 10:48:00
late-verify|verify|1|0|$D 11:00:00|$D 11:00:01
warn-reply|reply|0|0|$D 13:00:00|$D 12:24:00
warn-plan|plan|0|0|$D 13:10:00|$D 12:46:00
late-reply|reply|1|0|$D 13:00:00|$D 13:00:01
late-plan|plan|1|0|$D 13:10:00|$D 13:10:01" \
    "$(sql "SELECT rule, stage, level, cycle,
        datetime(due_at, 'unixepoch', 'localtime'),
        datetime(fired_at, 'unixepoch', 'localtime')
        FROM escalations WHERE ticket_id = 'M1' ORDER BY id")" \
    "the escalations table: each firing once, with its due and fired times"

# ---- every stage met in time: nothing, ever ----
HL_DB=$T/intime.db
township
take M2 "$D 09:50:00" complaint 道路交通安全 王庄村 13900000002
dispatch M2 "$D 09:52:00"
fires "$D 09:54:00" "" "in time: dispatched 09:52, no warn-dispatch at 09:54"
fires "$D 09:55:01" "" "in time: no late-dispatch"
upd M2 "$D 10:10:00" respond
upd M2 "$D 10:10:00" verify --verdict genuine
for at in 10:16:00 10:22:01 10:40:00 10:52:01; do
	fires "$D $at" "" "in time: nothing at $at (respond, verify met at 10:10)"
done
upd M2 "$D 10:20:00" plan
upd M2 "$D 10:30:00" reply
for at in 11:46:00 12:10:01 12:16:00 12:52:01 23:59:59; do
	fires "$D $at" "" "in time: nothing at $at (plan, reply met)"
done
is 0 "$(count)" "in time: the escalations table stays empty"

# ---- first checked when already late: only the late rule ----
HL_DB=$T/late.db
township
take M3 "$D 09:58:00" complaint 道路交通安全 王庄村 13900000003
dispatch M3 "$D 10:00:00"
fires "$D 10:30:01" "M3 late-respond 1 respond 10:30:00 10:30:01" \
    "late when first checked: late-respond only, no warn-respond"
fires "$D 10:48:00" "M3 warn-verify 0 verify 11:00:00 10:48:00" \
    "the verify warning still comes at 10:48:00"
fires "$D 23:00:00" "M3 late-verify 1 verify 11:00:00 23:00:00
M3 late-reply 1 reply 13:00:00 23:00:00" \
    "late-verify and late-reply, by deadline; no warn-reply"
fires "$D 23:00:01" "" "the warning missed is never fired afterwards"
is "late-respond warn-verify late-verify late-reply" \
    "$(sql "SELECT group_concat(rule, ' ') FROM
        (SELECT rule FROM escalations ORDER BY id)")" \
    "late when first checked: no warn-respond or warn-reply in the table"

# ---- met after the warning, before the deadline: no late rule ----
HL_DB=$T/between.db
township
take M4 "$D 09:58:00" complaint 道路交通安全 王庄村 13900000004
dispatch M4 "$D 10:00:00"
fires "$D 10:24:00" "M4 warn-respond 0 respond 10:30:00 10:24:00" \
    "met after the warning: warn-respond fired"
upd M4 "$D 10:25:00" respond
fires "$D 10:30:01" "" "responded at 10:25: no late-respond"
fires "$D 10:48:00" "M4 warn-verify 0 verify 11:00:00 10:48:00" \
    "warn-verify at 10:48:00"
upd M4 "$D 10:59:59" verify --verdict genuine
fires "$D 11:00:01" "" "verified at 10:59:59, a second before the deadline: no late-verify"

# ---- --warn PERCENT ----
HL_DB=$T/warn.db
township
take M5 "$D 09:58:00" complaint 道路交通安全 王庄村 13900000005
dispatch M5 "$D 10:00:00"
fires "$D 10:14:59" "" "--warn 50: nothing at 10:14:59" --warn 50
fires "$D 10:15:00" "M5 warn-respond 0 respond 10:30:00 10:15:00" \
    "--warn 50: warn-respond at 10:15:00" --warn 50
fires "$D 10:29:59" "" "-w 50%: nothing at 10:29:59" -w 50%
fires "$D 10:30:00" "M5 warn-verify 0 verify 11:00:00 10:30:00" \
    "-w 50%: warn-verify at 10:30:00 (late-respond not yet)" -w 50%
fires "$D 10:30:01" "M5 late-respond 1 respond 10:30:00 10:30:01" \
    "--warn does not move the late rule"

# ---- the policy's warn share, and --warn over it ----
HL_DB=$T/policy.db
{ cat policy.csv; echo 'warn,*,50%'; } >policy-warn50.csv
township policy-warn50.csv
take M6 "$D 09:58:00" complaint 道路交通安全 王庄村 13900000006
dispatch M6 "$D 10:00:00"
fires "$D 10:14:59" "" "policy warn 50%: nothing at 10:14:59"
fires "$D 10:15:00" "M6 warn-respond 0 respond 10:30:00 10:15:00" \
    "policy warn 50%: warn-respond at 10:15:00"
upd M6 "$D 10:20:00" respond
fires "$D 10:53:59" "" "--warn 90 beats the policy: nothing at 10:53:59" \
    --warn 90
fires "$D 10:54:00" "M6 warn-verify 0 verify 11:00:00 10:54:00" \
    "--warn 90 beats the policy: warn-verify at 10:54:00" --warn 90

done_testing
