#!/bin/sh
# hl-update suspend and resume (挂起: waiting on the caller or a third
# party; paused time does not count).  The rule (workflow.c, resume): a
# minute clock (m, h, and the calendar days of follow_up) moves by the
# paused time exactly; a working-day clock (wd) moves by the working days
# the pause spans, i.e. the working days after the day it was paused up
# to and including the day it resumed, added with the calendar.  Met
# clocks do not move.  Expected values are worked out by hand from the
# 2026 calendar.  A return (退单) of a suspended ticket ends the pause.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-30T12:00:00+08:00
township
take <<'END'
{"id":"P1","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"P2","received_at":"2026-09-30T10:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"P3","received_at":"2026-11-20T09:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"P4","received_at":"2026-02-12T10:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"P5","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"P6","received_at":"2026-11-20T09:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"P7","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村","due_at":"2026-11-27T18:00:00+08:00"}
END

# ---- minutes, to the second ----
must hl-dispatch --at 2026-11-25T09:00:00+08:00 P1
must hl-update --at 2026-11-25T09:02:00+08:00 P1 reply --via phone
run hl-update --at 2026-11-25T09:05:00+08:00 P1 suspend --reason 等待来电人提供材料
is_rc 0 "suspend: exit 0"
is '{"dispatch":"2026-11-25T08:05:00+08:00","respond":"2026-11-25T09:30:00+08:00","verify":"2026-11-25T10:00:00+08:00","reply":"2026-11-25T12:00:00+08:00","follow_up":"2026-12-02T09:02:00+08:00","resolve":"2026-12-02T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "while suspended the deadlines stand"
run hl-update --at 2026-11-25T11:17:30+08:00 P1 resume
is_rc 0 "resume: exit 0"
# Paused 2 h 12 min 30 s; the reply clock was met at 09:02 and stays; the
# pause spans no working day after Wed 25 Nov, so resolve stays.
is '{"dispatch":"2026-11-25T08:05:00+08:00","respond":"2026-11-25T11:42:30+08:00","verify":"2026-11-25T12:12:30+08:00","reply":"2026-11-25T12:00:00+08:00","follow_up":"2026-12-02T11:14:30+08:00","resolve":"2026-12-02T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "minute clocks move by the paused time exactly; met clocks and same-day wd clocks stay"
is 'suspend|{"reason":"等待来电人提供材料"}
resume|' "$(sql "SELECT event, coalesce(details, '') FROM events WHERE ticket_id = 'P1'
                 AND event IN ('suspend', 'resume') ORDER BY seq")" "both recorded"

# Two pauses add up: 10 and 30 minutes.
must hl-dispatch --at 2026-11-25T09:00:00+08:00 P5
must hl-update --at 2026-11-25T09:05:00+08:00 P5 suspend --reason 一
must hl-update --at 2026-11-25T09:15:00+08:00 P5 resume
must hl-update --at 2026-11-25T09:20:00+08:00 P5 suspend --reason 二
run hl-update --at 2026-11-25T09:50:00+08:00 P5 resume
is '"2026-11-25T10:10:00+08:00"|"2026-11-25T12:40:00+08:00"' "$(jqo .deadlines.respond)|$(jqo .deadlines.reply)" \
    "two pauses: 40 minutes in all"

# ---- working days over the National Day holiday ----
# Received Wed 30 Sep, resolve Tue 13 Oct.  Paused Wed 30 Sep 10:20 to
# Fri 9 Oct 10:50 (9 days 30 minutes); working days after 30 Sep up to 9 Oct:
# Thu 8, Fri 9 = 2; 13 Oct + 2 working days: Wed 14, Thu 15.
must hl-dispatch --at 2026-09-30T10:10:00+08:00 P2
must hl-update --at 2026-09-30T10:20:00+08:00 P2 suspend --reason 节后核实
run hl-update --at 2026-10-09T10:50:00+08:00 P2 resume
is '{"dispatch":"2026-09-30T10:05:00+08:00","respond":"2026-10-09T11:10:00+08:00","verify":"2026-10-09T11:40:00+08:00","reply":"2026-10-09T13:40:00+08:00","resolve":"2026-10-15T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "over the holiday: minutes +9 days 30 minutes, resolve +2 working days"

# ---- over a weekend ----
# Received Fri 20 Nov, resolve Fri 27 Nov.  Paused Fri 20 Nov 16:00 to Mon
# 23 Nov 09:00 (65 hours): the working days after 20 Nov up to 23 Nov: Mon
# 23 = 1; 27 Nov + 1: Mon 30 Nov.
must hl-dispatch --at 2026-11-20T15:50:00+08:00 P3
must hl-update --at 2026-11-20T16:00:00+08:00 P3 suspend --reason 周末联系不上
run hl-update --at 2026-11-23T09:00:00+08:00 P3 resume
is '{"dispatch":"2026-11-20T09:05:00+08:00","respond":"2026-11-23T09:20:00+08:00","verify":"2026-11-23T09:50:00+08:00","reply":"2026-11-23T11:50:00+08:00","resolve":"2026-11-30T23:59:59+08:00"}' \
    "$(jqo .deadlines)" "over a weekend: minutes +65 hours, resolve +1 working day"

# ---- over the Spring Festival, make-up Saturdays at both ends ----
# Received Thu 12 Feb: resolve Fri 13 (1), Sat 14 make-up (2), 15-23 off,
# Tue 24 (3), 25 (4), Thu 26 Feb (5).  Paused Fri 13 Feb 10:00 to Wed 25 Feb
# 10:00: working days after 13 Feb up to 25 Feb: Sat 14, Tue 24, Wed 25 = 3;
# 26 Feb + 3: Fri 27, Sat 28 make-up, Mon 2 Mar.
must hl-dispatch --at 2026-02-12T10:30:00+08:00 P4
must hl-update --at 2026-02-12T10:40:00+08:00 P4 respond
must hl-update --at 2026-02-13T10:00:00+08:00 P4 suspend --reason 春节期间无法联系
run hl-update --at 2026-02-25T10:00:00+08:00 P4 resume
is '"2026-03-02T23:59:59+08:00"' "$(jqo .deadlines.resolve)" \
    "over the Spring Festival: resolve +3 working days, make-up Saturdays counted"
is '"2026-02-12T11:00:00+08:00"|"2026-02-24T11:30:00+08:00"|"2026-02-24T13:30:00+08:00"' \
    "$(jqo .deadlines.respond)|$(jqo .deadlines.verify)|$(jqo .deadlines.reply)" \
    "respond (met at 10:40) stays; verify and reply, late already, move by the 12 days"
is "0|plan|2h|2026-02-24T12:40:00+08:00|-|-|0" "$(clocks P4 | grep '|plan|')" \
    "the unmet plan clock (due 12 Feb 12:40, already late) moves by the 12 days as well"

# ---- the upstream's due_at is a time, not working days ----
must hl-dispatch --at 2026-11-25T09:00:00+08:00 P7
must hl-update --at 2026-11-25T10:00:00+08:00 P7 suspend --reason 等待
run hl-update --at 2026-11-26T10:00:00+08:00 P7 resume
is '"2026-11-28T18:00:00+08:00"' "$(jqo .deadlines.resolve)" \
    "the upstream due_at moves by the paused time (24 hours)"

# ---- while suspended: nothing overdue, nothing else ----
must hl-dispatch --at 2026-11-20T09:10:00+08:00 P6
must hl-update --at 2026-11-20T09:20:00+08:00 P6 suspend --reason 等待第三方
run hl-list --overdue --now 2026-11-30T12:00:00+08:00 P6
is '' "$(jqr .id)" "a suspended ticket is not overdue (its clocks are paused)"

# ---- return while suspended ends the pause ----
# P6: received Fri 20 Nov, resolve Fri 27 Nov.  Suspended Fri 20 Nov 09:20,
# returned Tue 24 Nov 10:00: working days after 20 Nov up to 24 Nov: Mon
# 23, Tue 24 = 2; 27 Nov + 2: Mon 30 Nov, Tue 1 Dec.  The returned ticket
# is not suspended (resume is refused), so no clock may stay paused.
run hl-update --at 2026-11-24T10:00:00+08:00 P6 return --reason 非本站职责
is_rc 0 "return of a suspended ticket: exit 0"
is '"received"|[]' "$(jqo .status)|$(jqo .assignments)" "returned: received, nobody assigned"
is '"2026-12-01T23:59:59+08:00"' "$(jqo .deadlines.resolve)" \
    "the resolve clock moved by the 2 working days of the pause"
is '' "$(sql "SELECT stage FROM deadlines WHERE ticket_id = 'P6' AND paused_at IS NOT NULL")" \
    "after a return no clock stays paused (the resolve clock runs again)"
refused 65 "hl-update: error: ticket 'P6': cannot resume: the ticket is not dispatched" \
    "after the return there is nothing to resume" hl-update --at 2026-11-24T10:05:00+08:00 P6 resume
# Dispatched again and handled, all but the resolve: on 2 Dec only the
# resolve clock (due 1 Dec) is past due, and it must count.
must hl-dispatch --at 2026-11-24T10:30:00+08:00 P6
must hl-update --at 2026-11-24T10:40:00+08:00 P6 respond
must hl-update --at 2026-11-24T10:50:00+08:00 P6 verify --verdict genuine
must hl-update --at 2026-11-24T11:00:00+08:00 P6 plan
must hl-update --at 2026-11-30T09:00:00+08:00 P6 reply --via phone
run hl-list --overdue --now 2026-12-02T09:00:00+08:00 P6
is 'P6' "$(jqr .id)" "hl-list --overdue: re-dispatched, handled, but past its resolve deadline"

ledger_ok "after suspensions"
done_testing
