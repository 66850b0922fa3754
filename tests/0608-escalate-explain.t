#!/bin/sh
# hl-escalate --dry-run and --explain.  A dry run prints what a run at the
# same moment would fire, with the same warnings, and claims nothing: the
# escalations table stays empty, and a real run afterwards prints the very
# same lines.  --explain ID prints, for each rule of the ticket and cycle,
# its state: "fired TIME", "due TIME" (the moment it will fire: late rules
# the second after the deadline), "due now: fires on the next run", or why
# not ("not due: stage met TIME, in time", "not fired: stage met TIME,
# before a check came after the deadline", "not due: clock paused since
# TIME", ...).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

D=2026-11-25

# ---- dry run ----
township
take A "$D 09:58:00" complaint 道路交通安全 王庄村 13900000051
dispatch A "$D 10:00:00"
take B "$D 10:20:00" consult 政策咨询 陈户村 13900000052
dispatch B "$D 10:20:00"
take C1 "2026-11-23 10:00:00" complaint 道路交通安全 李家村 13900000053
handle C1 "2026-11-23 10:00:00"
take C2 "2026-11-24 10:00:00" complaint 道路交通安全 李家村 13900000053
take C3 "$D 10:30:00" complaint 道路交通安全 李家村 13900000053
esc "$D 10:50:00" --dry-run
is_rc 0 "dry run: exit 0"
is "A late-respond 1 respond 10:30:00 10:50:00
B warn-respond 0 respond 10:50:00 10:50:00
A warn-verify 0 verify 11:00:00 10:50:00
C1 repeat 1 - - 10:50:00" "$(fired)" \
    "dry run: shows what is due, by deadline, then the repeat"
is "hl-escalate: warning: ticket 'B' warn-respond: no handler in the directory
hl-escalate: warning: ticket 'B' warn-respond: no village_head in the directory" \
    "$(cat "$ERR")" "dry run: the same warnings as a run"
cp "$OUT" dry.out
cp "$ERR" dry.err
is 0 "$(count)" "dry run: the escalations table stays empty"
esc "$D 10:50:00" -n
is "$(cat dry.out)" "$(cat "$OUT")" "dry run again (-n): the same records"
esc "$D 10:50:00"
is_rc 0 "the real run: exit 0"
is "$(cat dry.out)" "$(cat "$OUT")" "the real run prints exactly what the dry run showed"
is "$(cat dry.err)" "$(cat "$ERR")" "the real run warns as the dry run did"
is 4 "$(count)" "the real run claims the 4"
esc "$D 10:50:00" --dry-run
is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "dry run after the run: nothing left to fire, silent"
fires "$D 11:00:01" "B late-respond 1 respond 10:50:00 11:00:01
A late-verify 1 verify 11:00:00 11:00:01
stderr: hl-escalate: warning: ticket 'B' late-respond: no handler in the directory
stderr: hl-escalate: warning: ticket 'B' late-respond: no village_head in the directory
stderr: hl-escalate: warning: ticket 'B' late-respond: no unit_head in the directory" \
    "dry run: a later moment shows what came due since" --dry-run
is 4 "$(count)" "dry run: still 4 rows"

# ---- explain: one well-understood ticket ----
# E1, received 09:50: warn-dispatch fired at 09:54; dispatched 09:56 (late,
# but no check ran in between); responded 10:10 (in time); warn-verify
# (09:56 + 48m = 10:44) fired at 10:45.  warn-resolve comes when 80% of the
# working time to Wed 12-02 23:59:59 is gone: 14h10m on Wed 11-25, four
# whole working days and 86399 s make 482999 s, 80% of them 386399 s,
# 76199 s into Tue 12-01: 21:09:59.
HL_DB=$T/explain.db
township
take E1 "$D 09:50:00" complaint 道路交通安全 王庄村 13900000054
fires "$D 09:54:00" "E1 warn-dispatch 0 dispatch 09:55:00 09:54:00" "explain set-up: warn-dispatch"
dispatch E1 "$D 09:56:00"
upd E1 "$D 10:10:00" respond
run hl-escalate --now "$D 10:45:00" --explain E1
is "warn-verify     1      due now: fires on the next run" \
    "$(grep '^warn-verify ' "$OUT")" \
    "explain at 10:45: warn-verify (due 10:44, deadline 10:56) is due now"
fires "$D 10:45:00" "E1 warn-verify 0 verify 10:56:00 10:45:00" \
    "explain set-up: a run at 10:45 does fire warn-verify"
run hl-escalate --now "$D 10:50:00" --explain E1
is_rc 0 "explain: exit 0"
is_err "" "explain: nothing on stderr"
expl() { printf '%-16s%-7s%s\n' "$@"; }
is "$(expl rule cycle state \
    warn-dispatch 1 "fired 2026-11-25T09:54:00+08:00" \
    late-dispatch 1 "not fired: stage met 2026-11-25T09:56:00+08:00, before a check came after the deadline" \
    warn-respond 1 "not due: stage met 2026-11-25T10:10:00+08:00, in time" \
    late-respond 1 "not due: stage met 2026-11-25T10:10:00+08:00, in time" \
    warn-verify 1 "fired 2026-11-25T10:45:00+08:00" \
    late-verify 1 "due 2026-11-25T10:56:01+08:00" \
    warn-plan 1 "due 2026-11-25T11:46:00+08:00" \
    late-plan 1 "due 2026-11-25T12:10:01+08:00" \
    warn-reply 1 "due 2026-11-25T12:20:00+08:00" \
    late-reply 1 "due 2026-11-25T12:56:01+08:00" \
    warn-resolve 1 "due 2026-12-01T21:09:59+08:00" \
    late-resolve 1 "due 2026-12-03T00:00:00+08:00" \
    late-resolve-2 1 "due 2026-12-04T00:00:00+08:00" \
    repeat 1 "not due: 1 call of 3" \
    unsatisfied - "not due: no unsatisfied visit")" "$(cat "$OUT")" \
    "explain E1 at 10:50: every rule's state, in stage order"
run hl-escalate --now "$D 10:50:00" --explain E1 --warn 50
is "$(expl warn-plan 1 "due 2026-11-25T11:10:00+08:00" \
    warn-reply 1 "due 2026-11-25T11:26:00+08:00")" \
    "$(grep -E '^warn-(plan|reply) ' "$OUT")" \
    "explain --warn 50: the warnings at half the time"
is 2 "$(count)" "explain claims nothing"

# A stage met at its deadline was met in time, even after the warning point.
HL_DB=$T/explain2.db
township
take E2 "$D 09:55:00" complaint 道路交通安全 王庄村 13900000055
dispatch E2 "$D 10:00:00"
run hl-escalate --now "$D 10:05:00" --explain E2
is "$(expl late-dispatch 1 "not due: stage met 2026-11-25T10:00:00+08:00, in time")" \
    "$(grep '^late-dispatch ' "$OUT")" "explain: dispatched at the deadline: in time"
like '^warn-dispatch +1 +not fired: stage met 2026-11-25T10:00:00\+08:00, before' \
    "$(grep '^warn-dispatch ' "$OUT")" \
    "explain: warning point passed unchecked, stage met in time: not called late"

# A paused clock.
upd E2 "$D 10:10:00" suspend --reason 等待来电人补充材料
run hl-escalate --now "$D 10:40:00" --explain E2
is "$(expl warn-respond 1 "not due: clock paused since 2026-11-25T10:10:00+08:00" \
    late-respond 1 "not due: clock paused since 2026-11-25T10:10:00+08:00")" \
    "$(grep -E '^(warn|late)-respond ' "$OUT")" "explain: a paused clock"

# Repeat calls: on the original, fired; on a repeat call, where to look.
HL_DB=$T/explain3.db
township
# (Q24 and Q25 repeat the open Q23: merged into it, not handled alone.)
take Q23 "2026-11-23 10:00:00" complaint 道路交通安全 李家村 13900000056
handle Q23 "2026-11-23 10:00:00"
for d in 24 25; do
	take "Q$d" "2026-11-$d 10:00:00" complaint 道路交通安全 李家村 13900000056
done
run hl-escalate --now "$D 10:20:00" --explain Q23
is "$(expl repeat 1 "due now: fires on the next run")" \
    "$(grep '^repeat ' "$OUT")" \
    "explain: the original at 3 calls: due now"
esc "$D 10:20:00"
run hl-escalate --now "$D 10:30:00" --explain Q23
is "$(expl repeat 1 "fired 2026-11-25T10:20:00+08:00")" "$(grep '^repeat ' "$OUT")" \
    "explain: the original: repeat fired"
run hl-escalate --now "$D 10:30:00" --explain Q25
is "$(expl repeat 1 "a repeat call: the rule is on the original 'Q23'")" \
    "$(grep '^repeat ' "$OUT")" "explain: a repeat call points to the original"

# Unsatisfied: per cycle; the second cycle's rows.
HL_DB=$T/explain4.db
township
take U "$D 09:00:00" complaint 道路交通安全 王庄村 13900000057
handle U "$D 09:00:00"
upd U "2026-11-26 10:00:00" resolve
upd U "2026-11-27 10:00:00" visit --resolved no --satisfaction basic
run hl-escalate --now "2026-11-27 10:01:00" --explain U
is "$(expl unsatisfied 1 "due now: fires on the next run")" \
    "$(grep '^unsatisfied ' "$OUT")" "explain: an unsatisfied visit not yet fired"
esc "2026-11-27 10:01:00"
run hl-escalate --now "2026-11-27 10:02:00" --explain U
is "$(expl unsatisfied 1 "fired 2026-11-27T10:01:00+08:00")" \
    "$(grep '^unsatisfied ' "$OUT")" "explain: the unsatisfied rule fired"
is "$(expl late-respond 2 "due 2026-11-27T10:30:01+08:00" \
    late-resolve 2 "due 2026-12-05T00:00:00+08:00")" \
    "$(grep -E '^late-(respond|resolve) +2 ' "$OUT")" \
    "explain: the reopened cycle's clocks (cycle 2), from the visit"

# An unknown ticket.
run hl-escalate --now "$D 10:00:00" --explain NOSUCH
is_rc 65 "explain: an unknown ticket: exit 65"
is_err "hl-escalate: error: unknown ticket 'NOSUCH'" "explain: an unknown ticket: the message"
is_out "" "explain: an unknown ticket: nothing on stdout"

done_testing
