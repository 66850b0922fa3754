#!/bin/sh
# hl-intake: repeat calls merged into an open ticket (并单, spec/DOMAIN.md).
# A call that repeats a ticket still open when it came (not yet resolved
# or closed) is merged into it: closed on receipt, no clocks, no
# assignments; its receive event says so ({"merged_into": ...}), as does
# the repeat event on the original; hl-dispatch and hl-update will not
# handle it (a note is fine).  A call that comes after the original was
# resolved or closed is a ticket of its own with its own clocks, still
# linked to the original and counted among its calls; a later call while
# that one is open merges into it.  Whether the original was open is taken
# at the call's own time, so a call taken in late is judged by when it came.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

at() { date -d "$1" +%s; }
# line FILTER: FILTER over the last run's ticket lines, compact
line() { jq -c "$1" "$OUT"; }
# snapshot: what a refused command must leave as it was
snapshot() {
	sql "SELECT count(*), max(seq) FROM events;
	     SELECT * FROM tickets ORDER BY id;
	     SELECT * FROM assignments ORDER BY ticket_id, since, role;
	     SELECT * FROM deadlines ORDER BY ticket_id, cycle, stage"
}

township
P=13900000071
take R1 "2026-11-23 09:00:00" complaint 道路交通安全 王庄村 $P

# ---- a call while the original is open: merged ----
jq -cn --arg p $P '{id: "R2", received_at: "2026-11-24 09:00:00",
    content: "还是没人管", kind: "complaint", category: "道路交通安全",
    village: "王庄村", caller: {name: "来电人", phone: $p}}' >r2.ndjson
run hl-intake --now "2026-11-24 09:00:00" r2.ndjson
is_rc 0 "merged call: exit 0"
is '["closed","R1",2,[],{}]' \
    "$(line '[.status, .repeat_of, .repeat_count, .assignments, .deadlines]')" \
    "merged call: printed closed, linked to R1 (2 calls), no assignments, no deadlines"
is "R2|closed|R1|2|R1|$(at 2026-11-24T09:00:00+08:00)" \
    "$(sql "SELECT id, status, repeat_of, repeat_count, merged_into, closed_at
            FROM tickets WHERE id = 'R2'")" \
    "merged call: stored closed at its receipt, merged_into R1"
is 0 "$(sql "SELECT count(*) FROM deadlines WHERE ticket_id = 'R2'")" \
    "merged call: no clocks"
is "R2|receive|{\"merged_into\":\"R1\"}
R1|repeat|{\"call\":\"R2\",\"repeat_count\":2,\"merged_into\":\"R1\"}" \
    "$(sql "SELECT ticket_id, event, details FROM events WHERE seq > 1
            ORDER BY seq")" \
    "merged call: its receive event and the repeat event on R1 say so"
is "dispatch resolve" \
    "$(sql "SELECT group_concat(stage, ' ') FROM deadlines WHERE ticket_id = 'R1'")" \
    "the original keeps its clocks"

# Nobody handles the merged call on its own, but the pipeline
# hl-intake | hl-dispatch passes over it: nothing to do, no complaint.
cp "$HL_DB" pipe.db
HL_DB=$T/pipe.db run hl-dispatch --now "2026-11-24 09:05:00" <"$OUT"
is_rc 0 "merged call from hl-intake's lines: hl-dispatch passes over it"
is "" "$(cat "$OUT" "$ERR")" "and says and prints nothing"
is "closed" "$(sqlite3 pipe.db "SELECT status FROM tickets WHERE id = 'R2'")" \
    "the merged call stays as it was"
run hl-intake --now "2026-11-24 09:00:00" r2.ndjson
before=$(snapshot)
run hl-dispatch --now "2026-11-24 09:05:00" R2
is_rc 65 "merged call: hl-dispatch refuses it"
is_err "hl-dispatch: error: ticket 'R2' is a repeat call merged into 'R1': it is handled there" \
    "merged call: hl-dispatch says where it is handled"
run hl-dispatch --now "2026-11-24 09:05:00" --to 交通安全站 --reason 另派 R2
is_rc 65 "merged call: no transfer either"
run hl-dispatch --now "2026-11-24 09:05:00" --pending
is_rc 0 "--pending: exit 0"
is '"R1"' "$(line .id)" "--pending dispatches the original only"
run hl-update --now "2026-11-24 09:10:00" R2 respond
is_rc 65 "merged call: hl-update refuses an event"
is_err "hl-update: error: ticket 'R2': cannot respond: it is a repeat call merged into 'R1': record it there" \
    "merged call: hl-update says where to record it"
run hl-update --now "2026-11-24 09:10:00" R2 note --note 来电人再次催办
is_rc 0 "merged call: a note is kept"
is 1 "$(sql "SELECT count(*) FROM events WHERE ticket_id = 'R2' AND event = 'note'")" \
    "merged call: the note is in its history"

# People read it.
run hl-show --now "2026-11-24 09:10:00" R2
is "状态      已关闭 (closed)
重复来电  第 2 次来电，原工单 R1，已并入 R1 办理" \
    "$(grep -E '^(状态|重复来电) ' "$OUT")" "hl-show: closed, merged into R1"
like '^  2026-11-24 09:00  受理 .* 重复来电，并入 R1 办理$' "$(grep '受理' "$OUT")" \
    "hl-show: the receive event says merged"
run hl-show --now "2026-11-24 09:10:00" R1
like '来电 R2（第 2 次，并入 R1）$' "$(grep '重复来电  ' "$OUT")" \
    "hl-show: the original's history names the merged call"
ledger_check() {
	run hl-ledger check
	is "0|" "$rc|$(cat "$ERR")" "hl-ledger check passes: $1"
}
ledger_check "merged calls"

# ---- the original resolved: the problem came back ----
for ev in respond "verify --verdict genuine" plan reply; do
	upd R1 "2026-11-24 09:20:00" $ev
done
upd R1 "2026-11-25 10:00:00" resolve
take R3 "2026-11-26 09:00:00" complaint 道路交通安全 王庄村 $P
run hl-list R3
# Resolve: 5 working days from Thu 11-26: 27, 30, 12-01, 02, 03.
is '["received","R1",3,{"dispatch":"2026-11-26T09:05:00+08:00","resolve":"2026-12-03T23:59:59+08:00"}]' \
    "$(line '[.status, .repeat_of, .repeat_count, .deadlines]')" \
    "after the original was resolved: a ticket of its own, with its clocks, the third call"
is "" "$(sql "SELECT details FROM events WHERE ticket_id = 'R3'")" \
    "its receive event says nothing of merging"
is '{"call":"R3","repeat_count":3}' \
    "$(sql "SELECT details FROM events WHERE ticket_id = 'R1' AND event = 'repeat'
            ORDER BY seq DESC LIMIT 1")" \
    "the repeat event on R1 counts it, not merged"
is "R1 repeat 1 - - 09:00:30" "$(esc "2026-11-26 09:00:30"; fired)" \
    "the third call (not merged) makes the repeat rule due on R1"
dispatch R3 "2026-11-26 09:02:00"

# A call while R3 is open merges into R3, and still counts on R1.
take R4 "2026-11-27 09:00:00" complaint 道路交通安全 王庄村 $P
is "R4|closed|R1|4|R3" \
    "$(sql "SELECT id, status, repeat_of, repeat_count, merged_into FROM tickets
            WHERE id = 'R4'")" \
    "a call while the problem is open again: merged into R3, the 4th call on R1"
is '{"call":"R4","repeat_count":4,"merged_into":"R3"}' \
    "$(sql "SELECT details FROM events WHERE ticket_id = 'R1' AND event = 'repeat'
            ORDER BY seq DESC LIMIT 1")" \
    "R1's history says where the 4th call went"
run hl-show --now "2026-11-27 09:10:00" R4
is "重复来电  第 4 次来电，原工单 R1，已并入 R3 办理" "$(grep '^重复来电 ' "$OUT")" \
    "hl-show: merged into R3, the original R1"
run hl-dispatch --now "2026-11-27 09:10:00" R4
is_err "hl-dispatch: error: ticket 'R4' is a repeat call merged into 'R3': it is handled there" \
    "hl-dispatch: handled in R3"

# ---- a call taken in late is judged by when it came ----
# R5 came at 11-25 09:30, before R1 was resolved (10:00), but is taken in
# on 11-27: R1 was open when it came, so it is merged into R1.
jq -cn --arg p $P '{id: "R5", received_at: "2026-11-25 09:30:00",
    content: "补录的来电", kind: "complaint", category: "道路交通安全",
    village: "王庄村", caller: {name: "来电人", phone: $p}}' >r5.ndjson
run hl-intake --now "2026-11-27 12:00:00" r5.ndjson
is '["closed","R1",5]' "$(line '[.status, .repeat_of, .repeat_count]')" \
    "late intake of a call made while R1 was open: merged"
is "R1" "$(sql "SELECT merged_into FROM tickets WHERE id = 'R5'")" \
    "late intake: merged into R1 (open at 09:30), not R3 (received later)"
ledger_check "merged and not merged calls"

# ---- closed otherwise: an unfounded original ----
HL_DB=$T/unfounded.db
township
take U1 "2026-11-23 09:00:00" complaint 道路交通安全 李家村 13900000072
dispatch U1 "2026-11-23 09:02:00"
upd U1 "2026-11-23 10:00:00" verify --verdict unfounded
take U2 "2026-11-24 09:00:00" complaint 道路交通安全 李家村 13900000072
is "U2|received|U1|2|" \
    "$(sql "SELECT id, status, repeat_of, repeat_count, coalesce(merged_into, '')
            FROM tickets WHERE id = 'U2'")" \
    "a call after the original was found unfounded: a ticket of its own"
is "dispatch resolve" \
    "$(sql "SELECT group_concat(stage, ' ') FROM deadlines WHERE ticket_id = 'U2'")" \
    "with its own clocks"

# ---- hl-ledger check: the stored merge must be the history's ----
HL_DB=$T/check.db
township
take C1 "2026-11-23 09:00:00" complaint 道路交通安全 王庄村 13900000073
take C2 "2026-11-24 09:00:00" complaint 道路交通安全 王庄村 13900000073
take C3 "2026-11-23 10:00:00" complaint 道路交通安全 张湾村 13900000074
ledger_check "before tampering"
sql "UPDATE tickets SET merged_into = NULL WHERE id = 'C2';
     UPDATE tickets SET merged_into = 'C1' WHERE id = 'C3'"
run hl-ledger check
is_rc 65 "a merge changed behind the history's back: exit 65"
is_err "hl-ledger: check: ticket 'C2' is stored as merged into no ticket, which its receive event or its repeat link does not say
hl-ledger: check: ticket 'C3' is stored as merged into 'C1', which its receive event or its repeat link does not say" \
    "hl-ledger check names both tickets"

done_testing
