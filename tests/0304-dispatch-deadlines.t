#!/bin/sh
# hl-dispatch: the deadlines a dispatch sets.  Respond 30 minutes, verify
# 60 minutes and reply 3 hours from the dispatch, on the wall clock.
# Resolve from the receipt: 5 working days, consult 1, category 历史遗留问题
# 15 (the category beats the kind); the upstream due_at wins over all.
# Working days (spec/DOMAIN.md, calendar.c) are counted from the day after
# the clock starts and end at 23:59:59 of the Nth; weekends and the 2026
# public holidays do not count, make-up working days (调休上班) do.  The
# expected dates below are worked out by hand from holiday-cn/2026.json.
# --at (several time forms), --now and HL_NOW; --at in the future (beyond
# the 5 minutes of skew) or before the receipt is refused.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-29T12:00:00+08:00
township
take <<'END'
{"id":"N1","received_at":"2026-09-30T10:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全","village":"王庄村"}
{"id":"N2","received_at":"2026-10-03T11:00:00+08:00","content":"x","kind":"help","category":"道路交通安全","village":"王庄村"}
{"id":"S1","received_at":"2026-02-13T10:00:00+08:00","content":"x","kind":"help","category":"道路交通安全","village":"王庄村"}
{"id":"S2","received_at":"2026-02-13T16:00:00+08:00","content":"x","kind":"consult","category":"道路交通安全","village":"王庄村"}
{"id":"J1","received_at":"2026-01-02T10:00:00+08:00","content":"x","kind":"consult","category":"道路交通安全"}
{"id":"J2","received_at":"2025-12-31T10:00:00+08:00","content":"x","kind":"consult","category":"道路交通安全"}
{"id":"Q1","received_at":"2026-04-03T10:00:00+08:00","content":"x","kind":"report","category":"道路交通安全"}
{"id":"M1","received_at":"2026-04-30T10:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全"}
{"id":"M2","received_at":"2026-05-08T10:00:00+08:00","content":"x","kind":"consult","category":"道路交通安全"}
{"id":"H1","received_at":"2026-09-18T10:00:00+08:00","content":"x","kind":"complaint","category":"历史遗留问题","village":"李家村"}
{"id":"H2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"consult","category":"历史遗留问题","village":"李家村"}
{"id":"U1","received_at":"2026-11-25T08:10:00+08:00","content":"x","kind":"consult","category":"宅基地审批","village":"李家村","due_at":"2026-11-27T18:00:00+08:00"}
{"id":"U2","received_at":"2026-11-25T08:20:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村","due_at":"2026-12-31 17:00:00"}
{"id":"U3","received_at":"2026-11-25T08:25:00+08:00","content":"x","kind":"complaint","category":"历史遗留问题","village":"李家村","due_at":"2026-11-26T12:00:00+08:00"}
{"id":"W1","received_at":"2026-11-27T20:00:00+08:00","content":"x","kind":"consult","category":"宅基地审批"}
{"id":"W2","received_at":"2026-11-28T10:00:00+08:00","content":"x","kind":"consult","category":"宅基地审批"}
{"id":"E1","received_at":"2026-11-25T23:59:00+08:00","content":"x","kind":"consult","category":"宅基地审批"}
END

# ---- resolve: working days, from the receipt ----
run hl-dispatch --pending --at 2026-11-29T09:00:00+08:00
is_rc 0 "every ticket dispatched"
# N1 Wed 30 Sep: 1-7 Oct off; Thu 8 (1), Fri 9 (2), Sat 10 make-up (3),
#   Sun 11 off, Mon 12 (4), Tue 13 (5).
# N2 Sat 3 Oct, inside the holiday: the same five days.
# S1 Fri 13 Feb: Sat 14 make-up (1), 15-23 Spring Festival, Tue 24 (2),
#   25 (3), 26 (4), Fri 27 (5).
# S2 consult, Fri 13 Feb: the make-up Saturday 14 Feb is its working day.
# J1 consult, Fri 2 Jan: Sat 3 holiday, Sun 4 Jan make-up (1).
# J2 consult, Wed 31 Dec 2025: 1-3 Jan holiday, Sun 4 Jan make-up (1).
# Q1 Fri 3 Apr: 4-6 Apr 清明 (Sat-Mon), Tue 7 (1) ... Fri 10 (4), Mon 13 (5).
# M1 Thu 30 Apr: 1-5 May off, Wed 6 (1), 7 (2), 8 (3), Sat 9 make-up (4),
#   Sun 10 off, Mon 11 (5).
# M2 consult, Fri 8 May: Sat 9 May make-up (1).
# H1 历史遗留问题 15 wd, Fri 18 Sep: Sun 20 make-up (1), 21-24 (2-5),
#   25-27 中秋 off, 28-30 (6-8), 1-7 Oct off, 8, 9 (9, 10), Sat 10 (11),
#   12-15 (12-15).
# H2 历史遗留问题 and consult: the category wins, 15 wd from Wed 25 Nov:
#   26, 27, 30 Nov, 1-4, 7-11, 14-16 Dec.
# U1-U3: the upstream due_at, even beside consult's 1 wd and legacy's 15.
# W1 consult, Fri 27 Nov 20:00: Sat, Sun off, Mon 30 Nov.
# W2 consult, Sat 28 Nov: Sun off, Mon 30 Nov.
# E1 consult, Wed 25 Nov 23:59: Thu 26 Nov, 23:59:59.
is 'J2 2026-01-04T23:59:59+08:00
J1 2026-01-04T23:59:59+08:00
S1 2026-02-27T23:59:59+08:00
S2 2026-02-14T23:59:59+08:00
Q1 2026-04-13T23:59:59+08:00
M1 2026-05-11T23:59:59+08:00
M2 2026-05-09T23:59:59+08:00
H1 2026-10-15T23:59:59+08:00
N1 2026-10-13T23:59:59+08:00
N2 2026-10-13T23:59:59+08:00
H2 2026-12-16T23:59:59+08:00
U1 2026-11-27T18:00:00+08:00
U2 2026-12-31T17:00:00+08:00
U3 2026-11-26T12:00:00+08:00
E1 2026-11-26T23:59:59+08:00
W1 2026-11-30T23:59:59+08:00
W2 2026-11-30T23:59:59+08:00' "$(jqr '"\(.id) \(.deadlines.resolve)"')" \
    "resolve deadlines over weekends, holidays and make-up working days"
is '1wd 1wd 5wd 1wd 5wd 5wd 1wd 15wd 5wd 5wd 15wd due due due 1wd 1wd 1wd' \
    "$(sql "SELECT d.\"limit\" FROM deadlines d JOIN tickets t ON t.id = d.ticket_id
            WHERE d.stage = 'resolve' ORDER BY t.received_at, t.id" | paste -sd' ')" \
    "the limit applied is stored: 5wd, 1wd (consult), 15wd (历史遗留问题), due (upstream)"
is 'S1 2026-02-13T10:05:00+08:00
N1 2026-09-30T10:05:00+08:00' "$(jqr 'select(.id == "N1" or .id == "S1") | "\(.id) \(.deadlines.dispatch)"')" \
    "the dispatch clock: 5 minutes from the receipt"

# ---- respond, verify, reply: minutes from the dispatch, wall clock ----
HL_DB=$T/minutes.db
export HL_NOW=2026-11-25T12:00:00+08:00
township
take <<'END'
{"id":"T1","received_at":"2026-09-30T23:40:00+08:00","content":"x","kind":"complaint","category":"道路交通安全"}
{"id":"T2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全"}
{"id":"T3","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全"}
{"id":"T4","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全"}
{"id":"T5","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全"}
{"id":"T6","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全"}
{"id":"T7","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"道路交通安全"}
END
run hl-dispatch --at 2026-09-30T23:45:00+08:00 T1
is '{"dispatch":"2026-09-30T23:45:00+08:00","respond":"2026-10-01T00:15:00+08:00","verify":"2026-10-01T00:45:00+08:00","reply":"2026-10-01T02:45:00+08:00","resolve":"2026-10-13T23:59:59+08:00"}' \
    "$(jqo .deadlines)" \
    "minute limits run on the wall clock, past midnight into a holiday; dispatch met on its due"
is "dispatch|$(at 2026-09-30T23:45:00+08:00)" \
    "$(sql "SELECT stage, met_at FROM deadlines WHERE ticket_id = 'T1' AND met_at IS NOT NULL")" \
    "the dispatch clock is met at the dispatch, nothing else"

run hl-dispatch --at '2026-11-25 10:00:00' T2
is '"2026-11-25T10:30:00+08:00" "2026-11-25T11:00:00+08:00" "2026-11-25T13:00:00+08:00"' \
    "$(jqo '.deadlines.respond, .deadlines.verify, .deadlines.reply' | paste -sd' ')" \
    "--at in the upstream's local form: respond 30m, verify 60m, reply 3h after it"
run hl-dispatch --at '2026/11/25 9:05' T3
is '"2026-11-25T09:35:00+08:00"' "$(jqo .deadlines.respond)" "--at 2026/11/25 9:05"
run hl-dispatch --at 2026-11-25T02:00:00Z T4
is '"2026-11-25T10:30:00+08:00"' "$(jqo .deadlines.respond)" "--at in UTC (Z): printed in local time"
is "$(at 2026-11-25T10:00:00+08:00)" "$(sql "SELECT at FROM events WHERE ticket_id = 'T4' AND event = 'dispatch'")" \
    "--at is the event's time"

run hl-dispatch --now 2026-11-25T09:00:00+08:00 T5
is '"2026-11-25T09:30:00+08:00"|"2026-11-25T09:00:00+08:00"' "$(jqo .deadlines.respond)|$(jqo .updated_at)" \
    "--now without --at: dispatched at that now"
is "$(at 2026-11-25T09:00:00+08:00)|$(at 2026-11-25T09:00:00+08:00)" \
    "$(sql "SELECT at, recorded_at FROM events WHERE ticket_id = 'T5' AND event = 'dispatch'")" \
    "--now: event time and recording time"
run env HL_NOW=2026-11-25T11:00:00+08:00 hl-dispatch T6
is '"2026-11-25T11:30:00+08:00"' "$(jqo .deadlines.respond)" "HL_NOW without --at"

refused 65 "hl-dispatch: error: ticket 'T7': cannot dispatch: 2026-11-25T12:05:01+08:00 is in the future" \
    "--at 5 minutes and a second ahead of now" hl-dispatch --at 2026-11-25T12:05:01+08:00 T7
refused 65 "hl-dispatch: error: ticket 'T7': cannot dispatch: it is dated before the ticket was received" \
    "--at before the receipt" hl-dispatch --at 2026-11-25T07:59:59+08:00 T7
run hl-dispatch --at 2026-11-25T12:05:00+08:00 T7
is_rc 0 "--at exactly 5 minutes ahead (the skew) is taken"
is '"2026-11-25T12:35:00+08:00"' "$(jqo .deadlines.respond)" "and counts from it"
ledger_ok "after dispatches at various times"

done_testing
