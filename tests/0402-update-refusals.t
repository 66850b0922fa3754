#!/bin/sh
# hl-update: every event that cannot happen, and every event line that is
# wrong, is refused with an exact message naming the ticket and the
# reason, exit 65, nothing on stdout and nothing written (the events,
# tickets, assignments and deadlines tables are compared before and after).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-26T12:00:00+08:00
township
take <<'END'
{"id":"R1","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"R2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"R3","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"R4","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"R5","received_at":"2026-11-16T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"R6","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 R1 R3 R4 R6
must hl-dispatch --at 2026-11-16T09:00:00+08:00 R5
must hl-update --at 2026-11-25T09:10:00+08:00 R1 respond
must hl-update --at 2026-11-25T09:20:00+08:00 R1 verify --verdict genuine
must hl-update --at 2026-11-25T10:00:00+08:00 R3 resolve
must hl-update --at 2026-11-25T10:00:00+08:00 R6 suspend --reason 等待材料
E=hl-update

# ---- the ticket ----
refused 65 "$E: error: unknown ticket 'NOPE'" "an unknown ticket" \
    hl-update NOPE respond
refused 65 "$E: error: ticket 'R2': cannot respond: the ticket is not dispatched" \
    "respond to a received ticket" hl-update R2 respond

# ---- the time ----
refused 65 "$E: error: ticket 'R4': cannot respond: it is dated before the ticket was received" \
    "an event dated before the ticket was received" \
    hl-update --at 2026-11-25T07:59:59+08:00 R4 respond
refused 65 "$E: error: ticket 'R4': cannot note: it is dated before the ticket was received" \
    "even a note cannot be older than the ticket" \
    hl-update --at 2026-11-24T12:00:00+08:00 R4 note --note 早于受理
refused 65 "$E: error: ticket 'R4': cannot respond: 2026-11-26T12:05:01+08:00 is in the future" \
    "an event in the future (beyond 5 minutes of skew)" \
    hl-update --at 2026-11-26T12:05:01+08:00 R4 respond
refused 65 "$E: error: ticket 'R4': cannot respond: the ticket is not dispatched" \
    "an event before the dispatch (the history is replayed by time)" \
    hl-update --at 2026-11-25T08:30:00+08:00 R4 respond
refused 64 "$E: --at: cannot read time 'yesterday' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)
Try '$E --help' for more information." \
    "--at that is not a time is a usage error, as in hl-dispatch" \
    hl-update --at yesterday R4 respond

# ---- the order of things ----
refused 65 "$E: error: ticket 'R1': cannot respond: it is already responded" \
    "a second respond" hl-update R1 respond
refused 65 "$E: error: ticket 'R1': cannot visit: the ticket is not resolved" \
    "a visit before resolve" hl-update R1 visit --resolved yes --satisfaction satisfied
refused 65 "$E: error: ticket 'R3': cannot resolve: it is already resolved" \
    "a second resolve" hl-update R3 resolve
refused 65 "$E: error: ticket 'R1': cannot verify: it is already verified as genuine (answer a wrong verdict with a correct event)" \
    "a second verify" hl-update R1 verify --verdict malicious
refused 65 "$E: error: ticket 'R4': cannot plan: there is no response yet" \
    "a plan before the response" hl-update R4 plan
refused 65 "$E: error: ticket 'R3': cannot reply: the ticket is resolved" \
    "a reply after resolve" hl-update R3 reply
refused 65 "$E: error: ticket 'R4': cannot reopen: only a resolved or visited ticket reopens" \
    "reopen of a ticket in hand" hl-update R4 reopen
refused 65 "$E: error: ticket 'R2': cannot return: the ticket is not with a handler" \
    "return of a received ticket" hl-update R2 return --reason 不是我的
refused 65 "$E: error: ticket 'R3': cannot return: the ticket is not with a handler" \
    "return of a resolved ticket" hl-update R3 return --reason 不是我的
refused 65 "$E: error: ticket 'R4': cannot resume: it is not suspended" \
    "resume of a ticket not suspended" hl-update R4 resume
refused 65 "$E: error: ticket 'R6': cannot suspend: it is already suspended" \
    "a second suspend" hl-update R6 suspend --reason 再等等
refused 65 "$E: error: ticket 'R6': cannot respond: the ticket is suspended: record resume first" \
    "respond while suspended" hl-update R6 respond
refused 65 "$E: error: ticket 'R3': cannot suspend: the ticket is resolved" \
    "suspend of a resolved ticket" hl-update R3 suspend --reason 等待

# ---- extensions ----
# R4: respond due 09:30, resolve due Wed 2 Dec 23:59:59.  R5: received Mon
# 16 Nov, resolve due Mon 23 Nov 23:59:59 (17-20, 23).
refused 65 "$E: error: ticket 'R5': cannot extend: the resolve deadline has passed already" \
    "an extension after the deadline passed" \
    hl-update --at 2026-11-24T09:00:00+08:00 R5 extend --until 2026-11-30 --approved-by 李卫东 --reason 需协调
refused 65 "$E: error: ticket 'R4': cannot extend: the respond deadline has passed already" \
    "an extension of the respond deadline a minute late" \
    hl-update --at 2026-11-25T09:31:00+08:00 R4 extend --stage respond --until 2026-11-25T12:00:00+08:00 --approved-by 李卫东 --reason 需协调
refused 65 "$E: error: ticket 'R4': cannot extend: the new deadline is not later than the current one" \
    "an extension to the current deadline" \
    hl-update R4 extend --until 2026-12-02T23:59:59+08:00 --approved-by 李卫东 --reason 需协调
refused 65 "$E: error: ticket 'R4': cannot extend: the new deadline is not later than the current one" \
    "an extension to an earlier deadline" \
    hl-update R4 extend --until 2026-12-01 --approved-by 李卫东 --reason 需协调
refused 65 "$E: error: ticket 'R4': cannot extend: there is no running visit deadline" \
    "an extension of a stage that is not running" \
    hl-update R4 extend --stage visit --until 2026-12-10 --approved-by 李卫东 --reason 需协调
refused 65 "$E: error: ticket 'R1': cannot extend: there is no running respond deadline" \
    "an extension of a met stage" \
    hl-update R1 extend --stage respond --until 2026-12-10 --approved-by 李卫东 --reason 需协调
run hl-update --at 2026-11-23T23:59:59+08:00 R5 extend --until 2026-11-30 --approved-by 李卫东 --reason 需协调
is_rc 0 "an extension asked at the very deadline is taken"

# ---- words and options ----
refused 65 "$E: error: 'verdict' must be genuine, malicious or unfounded" \
    "a verdict other than the three" hl-update R4 verify --verdict maybe
refused 65 "$E: error: 'resolved' must be yes, partly or no" \
    "a resolved answer other than the three" \
    hl-update R3 visit --resolved mostly --satisfaction satisfied
refused 65 "$E: error: 'satisfaction' must be very_satisfied, satisfied, basic, unsatisfied or very_unsatisfied" \
    "a grade not on the scale" hl-update R3 visit --resolved yes --satisfaction ok
refused 65 "$E: error: 'via' must be phone or visit" \
    "reply via something else" hl-update R1 reply --via wechat
refused 65 "$E: error: 'stage' must be a stage (respond, plan, reply, resolve, ...)" \
    "extend of an unknown stage" \
    hl-update R4 extend --stage lunch --until 2026-12-10 --approved-by 李卫东 --reason 需协调
refused 65 "$E: error: field 'until': cannot parse time 'soon'" \
    "extend --until that is not a time" hl-update R4 extend --until soon --approved-by 李卫东 --reason 需协调
refused 65 "$E: error: field 'eta': cannot parse time 'next week'" \
    "plan --eta that is not a time" hl-update R1 plan --eta 'next week'
refused 65 "$E: error: field 'verdict' does not go with event 'respond'" \
    "respond --verdict" hl-update R4 respond --verdict genuine
refused 65 "$E: error: field 'eta' does not go with event 'resolve'" \
    "resolve --eta" hl-update R1 resolve --eta 2026-11-30
refused 65 "$E: error: field 'via' does not go with event 'plan'" \
    "plan --via" hl-update R1 plan --via phone
refused 65 "$E: error: field 'reason' does not go with event 'resume'" \
    "resume --reason" hl-update R6 resume --reason 材料已到
refused 65 "$E: error: field 'satisfaction' does not go with event 'resolve'" \
    "resolve --satisfaction" hl-update R1 resolve --satisfaction satisfied
refused 65 "$E: error: event 'verify' needs 'verdict'" \
    "verify without --verdict" hl-update R4 verify
refused 65 "$E: error: event 'visit' needs 'satisfaction'" \
    "visit without --satisfaction" hl-update R3 visit --resolved yes
refused 65 "$E: error: event 'visit' needs 'resolved'" \
    "visit without --resolved" hl-update R3 visit --satisfaction satisfied
refused 65 "$E: error: event 'return' needs 'reason'" \
    "return without --reason" hl-update R4 return
refused 65 "$E: error: event 'suspend' needs 'reason'" \
    "suspend without --reason" hl-update R4 suspend
refused 65 "$E: error: event 'extend' needs 'approved_by'" \
    "extend without --approved-by" hl-update R4 extend --until 2026-12-10 --reason 需协调
refused 65 "$E: error: event 'extend' needs 'until'" \
    "extend without --until" hl-update R4 extend --approved-by 李卫东 --reason 需协调
refused 65 "$E: error: event 'instruct' needs 'note'" \
    "instruct without --note" hl-update R4 instruct
refused 65 "$E: error: event 'note' needs 'note'" \
    "note without --note" hl-update R4 note
refused 64 "$E: unknown event 'bogus'
Try '$E --help' for more information." \
    "an unknown event: usage error" hl-update R4 bogus

ledger_ok "after the refusals"
done_testing
