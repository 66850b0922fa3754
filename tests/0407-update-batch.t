#!/bin/sh
# hl-update's batch form: events as NDJSON on standard input or in files,
# {"ticket", "event", "at", "by", "note", options as keys}.  The good lines
# are recorded and their tickets printed, in order; each bad line is named
# by file and line number with the reason and nothing of it is written;
# exit 65.  Event options on the command line do not mix with it (64).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

township
take <<'END'
{"id":"K1","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"K2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"123","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 K1 K2
n0=$(nevents)

cat >events.ndjson <<'END'
{"ticket":"K1","event":"respond","at":"2026-11-25T09:10:00+08:00","by":"刘洋"}
{"ticket":"K1","event":"respond","at":"2026-11-25T09:11:00+08:00"}
{"ticket":"K1","event":"verify","verdict":"genuine","at":"2026-11-25T09:20:00+08:00","by":"刘洋","note":"现场核实"}
{"ticket":"NOPE","event":"respond","at":"2026-11-25T09:20:00+08:00"}
not json
{"ticket":"K2","event":"verify","at":"2026-11-25T09:20:00+08:00"}
{"ticket":"K2","event":"respond","verdict":"genuine"}
{"ticket":"K2","event":"extend","until":"2026-12-31","approved_by":"李卫东","reason":"需协调","at":"2026-11-25T09:30:00+08:00"}
{"ticket":"K1","event":"visit","resolved":"yes","satisfaction":"satisfied","at":"2026-11-25T09:40:00+08:00"}
{"ticket":123,"event":"note","note":"整数的工单号","at":"2026-11-25T09:40:00+08:00"}
{"ticket":"K2","event":"note","note":"x","colour":"red"}
{"ticket":"K2","event":"note","note":"x","at":"soon"}
{"ticket":"K2","event":"lunch"}
{"event":"note","note":"没有工单号"}
{"ticket":"K1","event":"resolve","at":"2026-11-25T11:00:00+08:00"}
{"ticket":"K1","event":"visit","resolved":"yes","satisfaction":"satisfied","at":"2026-11-25T11:30:00+08:00","by":"王秀英"}
{"ticket":"K2","event":"respond","at":"2026-11-25T09:05:00+08:00"}
{"ticket":"K2","event":"verify","verdict":"perhaps"}
END
run hl-update <events.ndjson
is_rc 65 "bad lines: exit 65"
is "hl-update: error (at <stdin>:2): ticket 'K1': cannot respond: it is already responded
hl-update: error (at <stdin>:4): unknown ticket 'NOPE'
hl-update: error (at <stdin>:5): invalid JSON at column 3: '[' or '{' expected
hl-update: error (at <stdin>:6): event 'verify' needs 'verdict'
hl-update: error (at <stdin>:7): field 'verdict' does not go with event 'respond'
hl-update: error (at <stdin>:9): ticket 'K1': cannot visit: the ticket is not resolved
hl-update: error (at <stdin>:11): unknown field 'colour'
hl-update: error (at <stdin>:12): field 'at': cannot read time 'soon' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)
hl-update: error (at <stdin>:13): unknown event 'lunch' (respond, verify, plan, reply, resolve, visit, reopen, return, extend, suspend, resume, instruct, note, correct, interview or publish)
hl-update: error (at <stdin>:14): missing field 'ticket'
hl-update: error (at <stdin>:18): 'verdict' must be genuine, malicious or unfounded" \
    "$(cat "$ERR")" "each bad line named by its number, with the reason"
is 'K1 responded
K1 verified
K2 dispatched
123 received
K1 resolved
K1 visited
K2 responded' "$(jqr '"\(.id) \(.status)"')" \
    "the good lines printed in order, each with the ticket after its event"
is '"received"' "$(jq -c 'select(.id == "123") | .status' "$OUT")" \
    "a note on a received ticket is kept (an integer in JSON names the ticket '123')"
is $((n0 + 7)) "$(nevents)" "seven events recorded, none of the bad lines"
is "K1|respond|刘洋|
K1|verify|刘洋|{\"verdict\":\"genuine\",\"note\":\"现场核实\"}
K2|extend||{\"until\":\"2026-12-31T23:59:59+08:00\",\"approved_by\":\"李卫东\",\"reason\":\"需协调\"}
123|note||{\"note\":\"整数的工单号\"}
K1|resolve||
K1|visit|王秀英|{\"resolved\":\"yes\",\"satisfaction\":\"satisfied\"}
K2|respond||" \
    "$(sql "SELECT ticket_id, event, coalesce(actor, ''), coalesce(details, '') FROM events
            WHERE seq > $n0 ORDER BY seq")" \
    "the history: by, note and options as given"
is '"2026-12-31T23:59:59+08:00"' "$(jq -c 'select(.id == "K2") | .deadlines.resolve' "$OUT" | head -n 1)" \
    "the extension moved K2's resolve deadline"
ledger_ok "after the batch"

# ---- files as arguments; "-" ----
cat >a.ndjson <<'END'
{"ticket":"K2","event":"plan","at":"2026-11-25T10:00:00+08:00"}
{"ticket":"K2","event":"plan","at":"2026-11-25T10:01:00+08:00"}
END
cat >b.ndjson <<'END'
{"ticket":"K2","event":"reply","via":"phone","at":"2026-11-25T10:10:00+08:00"}
END
run hl-update a.ndjson - b.ndjson <<'END'
{"ticket":"K2","event":"note","note":"来自标准输入","at":"2026-11-25T10:05:00+08:00"}
END
is_rc 65 "files and stdin: exit 65 for the one bad line"
is_err "hl-update: error (at a.ndjson:2): ticket 'K2': cannot plan: it is already planned" \
    "the bad line named by file and line"
is 'planned replied' "$(jqr .status | sed -n '1p;3p' | paste -sd' ')" "the files' events recorded in order"
is '3' "$(jqr .id | wc -l | tr -d ' ')" "three tickets printed"

# ---- quiet, and what does not mix ----
run hl-update -q K2 note --note 安静
is_rc 0 "-q: exit 0"
is_out "" "-q: nothing printed"
is 'note' "$(sql "SELECT event FROM events ORDER BY seq DESC LIMIT 1")" "-q: recorded all the same"
refused 64 "hl-update: event options go with ID EVENT on the command line; JSON lines carry their own
Try 'hl-update --help' for more information." \
    "--by with events on stdin" hl-update --by 刘洋 a.ndjson
refused 64 "hl-update: event options go with ID EVENT on the command line; JSON lines carry their own
Try 'hl-update --help' for more information." \
    "--verdict with events on stdin" hl-update --verdict genuine
refused 66 "hl-update: cannot open 'missing.ndjson': No such file or directory" \
    "a missing events file" hl-update missing.ndjson
ledger_ok "after files"
done_testing
