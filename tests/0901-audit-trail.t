#!/bin/sh
# 0901 - accountability: every event carries who recorded it (the --by
# name, the system user, the program and version); hl-show shows both; a
# correction answers a wrong event and keeps the chain valid; a seal taken
# one day proves the history up to it unchanged later, even when someone
# rewrote the rows and their hashes consistently.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

township
take <<'END'
{"id":"A1","received_at":"2026-11-25 09:00","content":"路灯不亮","category":"道路交通安全","village":"李家村","caller":{"phone":"13812345678"}}
END
HL_NOW=2026-11-25T09:02:00+08:00 hl-dispatch -q --by 陈静 A1 >/dev/null
HL_NOW=2026-11-25T09:20:00+08:00 hl-update -q --by 黄磊 A1 respond
me=$(id -un)

is "receive||$me|hl-intake $(hl-intake -V | cut -d' ' -f3)
dispatch|陈静|$me|hl-dispatch 0.1.0
respond|黄磊|$me|hl-update 0.1.0" \
    "$(sql "SELECT event, coalesce(actor, ''), os_user, program FROM events ORDER BY seq")" \
    "each event: the --by name, the system user, the program and version"

run hl-show A1
is_rc 0 "hl-show"
like "09:20  响应 +黄磊 +$me · hl-update 0.1.0" "$(cat "$OUT")" \
    "hl-show: the name given and how it was recorded, side by side"

# ---- a correction ----
seal1=$(hl-ledger seal)
is "3 $(sql "SELECT hash FROM events WHERE seq = 3")" "$seal1" \
    "seal: the newest event's number and hash"
HL_NOW=2026-11-25T10:00:00+08:00 run hl-update --by 陈静 A1 correct --event 3 \
    --reason "响应时间记错"
is_rc 0 "correct --event 3"
is "dispatched" "$(jq -r .status "$OUT")" "derived state follows the correction"
HL_NOW=2026-11-25T10:01:00+08:00 hl-update -q --by 黄磊 --at "2026-11-25 09:25" \
    A1 respond
is "respond|
correct|3
respond|" "$(sql "SELECT event, coalesce(corrects, '') FROM events
                   WHERE seq >= 3 ORDER BY seq")" \
    "both the wrong event and its correction stay in the history"
run hl-show A1
like "09:20  响应（已更正） +黄磊" "$(cat "$OUT")" "hl-show marks the corrected event"
like "10:00  更正 +陈静 .*更正事件 3；原因：响应时间记错" "$(cat "$OUT")" \
    "hl-show shows the correction, who and why"
run hl-ledger check
is_rc 0 "a correction keeps the chain valid"
run hl-ledger check --seal "$seal1"
is_rc 0 "the earlier seal still holds"
is "" "$(cat "$ERR")" "check --seal is silent when it holds"

# ---- tampering that rewrites the chain consistently ----
# Drop the guard, change event 3's actor, and recompute every hash after
# it the way lib/events.c does: the chain is consistent again, only the
# seal can tell.
sqlite3 "$HL_DB" "DROP TRIGGER events_append_only_update;
                  UPDATE events SET actor = '王五' WHERE seq = 3"
perl -MDigest::SHA=sha256_hex -e '
	my ($db) = @ARGV;
	my @rows = map { [split /\x1f/, $_, -1] }
	    split /\n/, `sqlite3 -separator "\x1f" "$db" "SELECT seq, ticket_id, event, at, recorded_at, coalesce(actor, \x27\x27), os_user, program, coalesce(details, \x27\x27), coalesce(corrects, \x27\x27) FROM events ORDER BY seq"`;
	my $prev = "";
	for my $r (@rows) {
		my $h = sha256_hex(join("\n", $prev, @$r));
		my $p = $prev eq "" ? "NULL" : "\x27$prev\x27";
		system("sqlite3", $db, "UPDATE events SET prev_hash = $p, hash = \x27$h\x27 WHERE seq = $r->[0]") == 0 or die;
		$prev = $h;
	}' "$HL_DB"
run hl-ledger check
is_rc 0 "a chain rewritten consistently passes the chain check"
run hl-ledger check --seal "$seal1"
is_rc 65 "but not the seal taken before"
is "hl-ledger: check: event 3 does not have the sealed hash: the history up to it has changed" \
    "$(cat "$ERR")" "the seal names the sealed event"
run hl-ledger check --seal "99 abc"
is_rc 65 "a seal beyond the history"
like "the sealed event 99 is not in the history" "$(cat "$ERR")" \
    "a seal beyond the history: the message"
run hl-ledger check --seal "rubbish"
is_rc 65 "a malformed seal"
like "expected 'SEQ HASH'" "$(cat "$ERR")" "a malformed seal: the message"
run hl-ledger seal extra
is_rc 64 "seal takes no argument"
run hl-ledger --seal "1 x" init
is_rc 64 "--seal goes with check only"

# ---- an empty history ----
run hl-ledger -d "$T/empty.db" init
run hl-ledger -d "$T/empty.db" seal
is "0 -" "$(cat "$OUT")" "the seal of an empty history"
done_testing
