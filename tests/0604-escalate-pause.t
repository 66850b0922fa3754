#!/bin/sh
# hl-escalate: clock pauses and extensions (spec/DOMAIN.md: suspend/resume
# pause the clock, "paused time does not count"; a deadline is extended
# only by a request made before it passes).  While a ticket is suspended
# nothing fires; after resume, minute deadlines have moved by the pause and
# working-day deadlines by the working days it spanned (workflow.c), and
# the rules follow the moved deadline, the warning included (80% of the
# stage's time, paused time not counted).  After an extension the late rule
# waits for the new deadline.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

D=2026-11-25
{ cat policy.csv; echo 'follow_up,*,30d'; } >policy-fu30.csv

# ---- minute clocks: dispatched 10:00, suspended 10:10 .. 14:00 ----
# respond 30m: 10 minutes ran before the pause, so the deadline moves from
# 10:30 to 14:20 and 80% (24 minutes) are gone at 14:14:00.
township
take P1 "$D 09:58:00" complaint 道路交通安全 王庄村 13900000021
dispatch P1 "$D 10:00:00"
upd P1 "$D 10:10:00" suspend --reason 等待来电人补充材料
for at in 10:24:00 10:30:01 11:00:01 13:00:01 13:59:59; do
	fires "$D $at" "" "paused: nothing at $at"
done
is 0 "$(count)" "paused: nothing claimed"
upd P1 "$D 14:00:00" resume
fires "$D 14:00:00" "" \
    "resumed at 14:00: nothing yet (10 of respond's 30 minutes, 10 of verify's 60 ran)"
fires "$D 14:13:59" "" "resumed: no warn-respond at 14:13:59 (23:59 of 30 minutes ran)"
fires "$D 14:14:00" "P1 warn-respond 0 respond 14:20:00 14:14:00" \
    "resumed: warn-respond at 14:14:00, 24 running minutes after dispatch"

# The same, looking at the late rules only.
HL_DB=$T/late.db
township
take P2 "$D 09:58:00" complaint 道路交通安全 王庄村 13900000022
dispatch P2 "$D 10:00:00"
upd P2 "$D 10:10:00" suspend --reason 等待第三方答复
ONLY=^late-
for at in 10:30:01 11:00:01 13:00:01; do
	fires "$D $at" "" "paused: no late rule at $at"
done
upd P2 "$D 14:00:00" resume
fires "$D 14:20:00" "" "resumed: late-respond not at 14:20:00 (10:30 + 3h50m)"
fires "$D 14:20:01" "P2 late-respond 1 respond 14:20:00 14:20:01" \
    "resumed: late-respond at 14:20:01"
fires "$D 14:50:00" "" "resumed: late-verify not at 14:50:00"
fires "$D 14:50:01" "P2 late-verify 1 verify 14:50:00 14:50:01" \
    "resumed: late-verify at 14:50:01"
fires "$D 16:50:00" "" "resumed: late-reply not at 16:50:00"
fires "$D 16:50:01" "P2 late-reply 1 reply 16:50:00 16:50:01" \
    "resumed: late-reply at 16:50:01"
unset ONLY

# ---- working days: suspended Thu 11-26 10:00 .. Mon 11-30 10:00 ----
# The pause spans two working days (Fri 11-27, Mon 11-30): resolve moves
# from Wed 12-02 23:59:59 to Fri 12-04 23:59:59.
HL_DB=$T/workdays.db
township policy-fu30.csv
take P3 "$D 09:00:00" complaint 道路交通安全 王庄村 13900000023
handle P3 "$D 09:00:00"
upd P3 "2026-11-26 10:00:00" suspend --reason 等待来电人补充材料
fires "2026-11-28 12:00:00" "" "workdays: paused: nothing on Saturday"
upd P3 "2026-11-30 10:00:00" resume
ONLY=^late-
fires "2026-12-03 00:00:00" "" "workdays: not late at the old deadline"
fires "2026-12-04 23:59:59" "" "workdays: not late at the moved deadline"
fires "2026-12-05 00:00:00" "P3 late-resolve 2 resolve 12-04T23:59:59 00:00:00" \
    "workdays: late-resolve after the moved deadline (Fri 12-04 23:59:59)"
fires "2026-12-07 23:59:59" "" "workdays: no late-resolve-2 at Mon 12-07 23:59:59"
fires "2026-12-08 00:00:00" "P3 late-resolve-2 3 resolve 12-07T23:59:59 00:00:00" \
    "workdays: late-resolve-2 one working day after the moved deadline"
unset ONLY

# ---- paused across the deadline ----
HL_DB=$T/across.db
township policy-fu30.csv
take P4 "$D 09:00:00" complaint 道路交通安全 王庄村 13900000024
handle P4 "$D 09:00:00"
upd P4 "2026-12-02 20:00:00" suspend --reason 等待第三方答复
fires "2026-12-03 00:00:00" "" \
    "across: paused when the deadline passes: nothing fires, not even the warning"
fires "2026-12-03 09:59:59" "" "across: still paused: nothing"
upd P4 "2026-12-03 10:00:00" resume
fires "2026-12-03 23:59:59" "P4 warn-resolve 0 resolve 23:59:59 23:59:59" \
    "across: resumed Thu 10:00: due Thu 12-03 23:59:59; only the warning"
fires "2026-12-04 00:00:00" "P4 late-resolve 2 resolve 12-03T23:59:59 00:00:00" \
    "across: late-resolve at Fri 00:00:00"

# ---- extension of a minute stage before its deadline ----
HL_DB=$T/extend.db
township
take E1 "$D 09:58:00" complaint 道路交通安全 王庄村 13900000025
dispatch E1 "$D 10:00:00"
upd E1 "$D 10:20:00" extend --stage respond --until "$D 11:10:00" \
    --approved-by 李卫东 --reason 需现场确认
fires "$D 10:24:00" "" "extended respond to 11:10: no warning at 10:24"
fires "$D 10:30:01" "" "extended: no late-respond after the old deadline"
fires "$D 10:48:00" "E1 warn-verify 0 verify 11:00:00 10:48:00" \
    "extended: verify keeps its own clock"
fires "$D 10:55:59" "" "extended: nothing at 10:55:59"
fires "$D 10:56:00" "E1 warn-respond 0 respond 11:10:00 10:56:00" \
    "extended: warn-respond at 80% of the extended time (10:56:00)"
fires "$D 11:00:01" "E1 late-verify 1 verify 11:00:00 11:00:01" "late-verify at 11:00:01"
fires "$D 11:10:00" "" "extended: no late-respond at the new deadline 11:10:00"
fires "$D 11:10:01" "E1 late-respond 1 respond 11:10:00 11:10:01" \
    "extended: late-respond at 11:10:01"

# ---- extension of the resolve deadline ----
HL_DB=$T/extend-resolve.db
township policy-fu30.csv
take X1 "$D 09:00:00" complaint 道路交通安全 王庄村 13900000026
handle X1 "$D 09:00:00"
# (80% of the working time from Wed 11-25 09:00 to Wed 12-02 23:59:59:
# 388799 of 485999 s, Tue 12-01 20:59:59; 0603 and 0410 test that.)
fires "2026-12-01 20:59:59" "X1 warn-resolve 0 resolve 12-02T23:59:59 20:59:59" \
    "resolve: warned at 80% before the extension"
upd X1 "2026-12-02 10:00:00" extend --until 2026-12-09 --approved-by 李卫东 \
    --reason 需协调国土所
fires "2026-12-03 00:00:00" "" "resolve extended to 12-09: not late after the old deadline"
fires "2026-12-09 23:59:59" "" "resolve extended: not late at 12-09 23:59:59"
fires "2026-12-10 00:00:00" "X1 late-resolve 2 resolve 12-09T23:59:59 00:00:00" \
    "resolve extended: late-resolve after the new deadline"
fires "2026-12-10 23:59:59" "" "resolve extended: no late-resolve-2 at 12-10 23:59:59"
fires "2026-12-11 00:00:00" "X1 late-resolve-2 3 resolve 12-10T23:59:59 00:00:00" \
    "resolve extended: late-resolve-2 one working day after the new deadline"

done_testing
