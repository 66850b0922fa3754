#!/bin/sh
# hl-escalate: the working-day stages with the official 2026 calendar
# (holiday-cn): resolve (consult 1wd, others 5wd, or the upstream's due_at),
# visit (2wd from resolved), late-resolve-2 (late_resolve_2, 1wd, after the
# resolve deadline), and follow-up (7 calendar days from the last reply).
# N working days count from the day after the clock starts and end at
# 23:59:59 of the Nth; weekends and public holidays are skipped, make-up
# working days (调休上班) count.  warn at 80% of the working time from start
# to due (hl_warn_point: the hours of working days only, so never on a
# weekend or holiday; the 0410 tests go through it), late-STAGE the second
# after the deadline.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

# A policy that keeps the follow-up clock out of the way.
{ cat policy.csv; echo 'follow_up,*,30d'; } >policy-fu30.csv

# ---- over a weekend: consult (1wd) received Thursday 2026-11-26 ----
HL_DB=$T/weekend.db
township
take W1 "2026-11-26 10:00:00" consult 道路交通安全 王庄村 13900000011
handle W1 "2026-11-26 10:00:00"
fires "2026-11-27 16:23:58" "" "weekend: nothing at Fri 16:23:58"
fires "2026-11-27 16:23:59" "W1 warn-resolve 0 resolve 23:59:59 16:23:59" \
    "weekend: warn-resolve at 80% of Thu 10:00 .. Fri 23:59:59"
fires "2026-11-27 23:59:59" "" "weekend: not late at Fri 23:59:59 (the end of the 1st working day)"
fires "2026-11-28 00:00:00" "W1 late-resolve 2 resolve 11-27T23:59:59 00:00:00" \
    "weekend: late-resolve, level 2, at Sat 00:00:00"
fires "2026-11-29 12:00:00" "" "weekend: nothing on Sunday"
fires "2026-11-30 23:59:59" "" \
    "weekend: no late-resolve-2 at Mon 23:59:59 (one working day after Friday)"
fires "2026-12-01 00:00:00" "W1 late-resolve-2 3 resolve 11-30T23:59:59 00:00:00" \
    "weekend: late-resolve-2, level 3, due Mon 23:59:59, at Tue 00:00:00"
fires "2026-12-01 00:00:01" "" "weekend: each once"

# ---- resolved between the deadline and the second level: no level 2 ----
HL_DB=$T/between.db
township
take W6 "2026-11-26 10:00:00" consult 道路交通安全 王庄村 13900000018
handle W6 "2026-11-26 10:00:00"
fires "2026-11-28 00:00:00" "W6 late-resolve 2 resolve 11-27T23:59:59 00:00:00" \
    "resolved late: late-resolve fired"
upd W6 "2026-11-30 10:00:00" resolve
fires "2026-12-01 00:00:00" "" "resolved Mon 10:00, before the second level: no late-resolve-2"

# ---- late_resolve_2 from the policy ----
HL_DB=$T/lr2.db
{ cat policy.csv; echo 'late_resolve_2,*,12h'; } >policy-lr2.csv
township policy-lr2.csv
take W7 "2026-11-26 10:00:00" consult 道路交通安全 王庄村 13900000019
handle W7 "2026-11-26 10:00:00"
ONLY=^late-
fires "2026-11-28 00:00:00" "W7 late-resolve 2 resolve 11-27T23:59:59 00:00:00" \
    "late_resolve_2 12h: late-resolve as before"
fires "2026-11-28 11:59:59" "" "late_resolve_2 12h: not at Sat 11:59:59"
fires "2026-11-28 12:00:00" "W7 late-resolve-2 3 resolve 11:59:59 12:00:00" \
    "late_resolve_2 12h: at Sat 12:00:00"
unset ONLY
# A policy row for a kind: hl-ledger takes late_resolve_2 rows with any
# scope, as it does the limits of the stages; then the rule must honour it
# (refusing it at import would be right too).
HL_DB=$T/lr2kind.db
{ cat policy.csv; echo 'late_resolve_2,consult,2wd'; } >policy-lr2k.csv
township
if hl-ledger -q import policy policy-lr2k.csv 2>"$T/.setup"; then
	take W8 "2026-11-26 10:00:00" consult 道路交通安全 王庄村 13900000010
	handle W8 "2026-11-26 10:00:00"
	ONLY=^late-
	fires "2026-11-28 00:00:00" "W8 late-resolve 2 resolve 11-27T23:59:59 00:00:00" \
	    "late_resolve_2 for consult 2wd: late-resolve as before"
	fires "2026-12-02 00:00:00" "W8 late-resolve-2 3 resolve 12-01T23:59:59 00:00:00" \
	    "late_resolve_2 for consult 2wd: due two working days after (Tue 23:59:59), not one"
	unset ONLY
else
	ok "late_resolve_2 for consult: refused at import"
	skip "late_resolve_2 for consult 2wd: due two working days after" "refused"
fi

# ---- over the National Day holiday: consult received Tue 2026-09-29;
# follow-up (7 calendar days from the reply) on the way ----
HL_DB=$T/holiday.db
township
take W2 "2026-09-29 10:00:00" consult 道路交通安全 王庄村 13900000012
handle W2 "2026-09-29 10:00:00"
fires "2026-09-30 16:23:59" "W2 warn-resolve 0 resolve 23:59:59 16:23:59" \
    "holiday: warn-resolve Wed 16:23:59"
fires "2026-09-30 23:59:59" "" "holiday: not late at Wed 23:59:59"
fires "2026-10-01 00:00:00" "W2 late-resolve 2 resolve 09-30T23:59:59 00:00:00" \
    "holiday: late-resolve at 10-01 00:00:00"
fires "2026-10-05 00:23:59" "" "follow-up: nothing at 10-05 00:23:59"
fires "2026-10-05 00:24:00" "W2 warn-follow_up 0 follow_up 10-06T10:00:00 00:24:00" \
    "follow-up: warn at 80% of 7 days from the reply (10-05 00:24:00), holiday or not"
fires "2026-10-06 10:00:00" "" "follow-up: not late at 10-06 10:00:00"
fires "2026-10-06 10:00:01" "W2 late-follow_up 1 follow_up 10:00:00 10:00:01" \
    "follow-up: late at 10-06 10:00:01"
fires "2026-10-08 23:59:59" "" \
    "holiday: no late-resolve-2 at 10-08 23:59:59 (10-01..07 are days off)"
fires "2026-10-09 00:00:00" "W2 late-resolve-2 3 resolve 10-08T23:59:59 00:00:00" \
    "holiday: late-resolve-2 due 10-08 23:59:59 (the first working day after), at 10-09 00:00:00"

# ---- 5 working days across the holiday, with the make-up Saturday 10-10 ----
HL_DB=$T/makeup.db
township policy-fu30.csv
take W3 "2026-09-30 09:00:00" complaint 道路交通安全 王庄村 13900000013
handle W3 "2026-09-30 09:00:00"
# Working time: 09-30 from 09:00 (15 h), 10-08, 10-09, 10-10 and 10-12
# (24 h each), 10-13 to 23:59:59 (86399 s): 485999 s; 80% (388799 s) are
# gone 75599 s into Mon 10-12: 20:59:59.  (On the wall clock, 80% fell on
# Sunday 10-11 06:35:59, a day off.)
fires "2026-10-12 20:59:58" "" "5wd: nothing at 10-12 20:59:58 (nor on Sunday 10-11)"
fires "2026-10-12 20:59:59" "W3 warn-resolve 0 resolve 10-13T23:59:59 20:59:59" \
    "5wd: due 10-13 23:59:59 (10-08, 09, Sat 10-10, 12, 13); warn at 80% of the working time: Mon 10-12 20:59:59"
fires "2026-10-13 23:59:59" "" "5wd: not late at 10-13 23:59:59"
fires "2026-10-14 00:00:00" "W3 late-resolve 2 resolve 10-13T23:59:59 00:00:00" \
    "5wd: late-resolve at 10-14 00:00:00"
fires "2026-10-14 23:59:59" "" "5wd: no late-resolve-2 at 10-14 23:59:59"
fires "2026-10-15 00:00:00" "W3 late-resolve-2 3 resolve 10-14T23:59:59 00:00:00" \
    "5wd: late-resolve-2 at 10-15 00:00:00"

# ---- the make-up Sunday 09-20 is a working day ----
HL_DB=$T/sunday.db
township policy-fu30.csv
take W4 "2026-09-18 10:00:00" consult 道路交通安全 王庄村 13900000014
handle W4 "2026-09-18 10:00:00"
fires "2026-09-20 23:59:59" "W4 warn-resolve 0 resolve 23:59:59 23:59:59" \
    "make-up Sunday: due Sun 09-20 23:59:59 (warn long gone, late not yet)"
fires "2026-09-21 00:00:00" "W4 late-resolve 2 resolve 09-20T23:59:59 00:00:00" \
    "make-up Sunday: late-resolve at Mon 00:00:00"
fires "2026-09-21 23:59:59" "" "make-up Sunday: no late-resolve-2 at Mon 23:59:59"
fires "2026-09-22 00:00:00" "W4 late-resolve-2 3 resolve 09-21T23:59:59 00:00:00" \
    "make-up Sunday: late-resolve-2 at Tue 00:00:00"

# ---- the Mid-Autumn days off: consult received Thu 09-24 ----
HL_DB=$T/midautumn.db
township policy-fu30.csv
take W5 "2026-09-24 10:00:00" consult 道路交通安全 王庄村 13900000015
handle W5 "2026-09-24 10:00:00"
fires "2026-09-28 23:59:59" "W5 warn-resolve 0 resolve 23:59:59 23:59:59" \
    "mid-autumn: Fri 09-25 is off: due Mon 09-28 23:59:59, not late at it"
fires "2026-09-29 00:00:00" "W5 late-resolve 2 resolve 09-28T23:59:59 00:00:00" \
    "mid-autumn: late-resolve at 09-29 00:00:00"

# ---- the upstream's due_at ----
HL_DB=$T/upstream.db
township
take U1 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000016 \
    '{"due_at": "2026-11-26 18:00:00"}'
handle U1 "2026-11-25 09:00:00"
fires "2026-11-26 11:23:59" "" "due_at: nothing at 11:23:59"
fires "2026-11-26 11:24:00" "U1 warn-resolve 0 resolve 18:00:00 11:24:00" \
    "due_at: warn-resolve at 80% of 33 hours (11-26 11:24:00)"
fires "2026-11-26 18:00:00" "" "due_at: not late at 18:00:00"
fires "2026-11-26 18:00:01" "U1 late-resolve 2 resolve 18:00:00 18:00:01" \
    "due_at: late-resolve at 18:00:01"
fires "2026-11-27 23:59:59" "" "due_at: no late-resolve-2 at 11-27 23:59:59"
fires "2026-11-28 00:00:00" "U1 late-resolve-2 3 resolve 11-27T23:59:59 00:00:00" \
    "due_at: late-resolve-2 due the end of the next working day"

# ---- visit: 2wd from resolved ----
HL_DB=$T/visit.db
township
take V1 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000017
handle V1 "2026-11-25 09:00:00"
upd V1 "2026-11-27 15:00:00" resolve
# Working time: Fri 15:00-24:00 (32400 s), Mon (86400), Tue to 23:59:59
# (86399): 205199 s; 80% (164159 s) are gone 45359 s into Tuesday.
fires "2026-12-01 12:35:58" "" "visit: nothing at 12-01 12:35:58"
fires "2026-12-01 12:35:59" "V1 warn-visit 0 visit 23:59:59 12:35:59" \
    "visit: resolved Fri 15:00, due Tue 12-01 23:59:59, warn at 80% of the working time: 12:35:59"
fires "2026-12-01 23:59:59" "" "visit: not late at 12-01 23:59:59"
# (who hears of it: 0605-escalate-recipients.t)
esc "2026-12-02 00:00:00"
is "V1 late-visit 1 visit 12-01T23:59:59 00:00:00" "$(fired)" \
    "visit: late-visit at 12-02 00:00:00"
fires "2026-12-04 00:00:00" "" "visit: resolved in time: no resolve rule ever"
upd V1 "2026-12-04 10:00:00" visit --resolved yes --satisfaction satisfied
fires "2026-12-31 00:00:00" "" "visited: nothing more"

done_testing
