#!/bin/sh
# hl-escalate's command line (spec/CONTRACT.md, spec/PRACTICE.md): --help
# and --version on stdout with exit 0; usage errors (bad options, a bad
# --warn or --now, stray arguments) exit 64 with "Try 'hl-escalate --help'";
# a missing ledger exits 66 and is not created (a cron job with a mistyped
# HL_DB must not start an empty ledger and stay silent for ever).  When
# nothing is due it prints nothing at all and exits 0: cron mails any
# output.  Every line it prints parses with jq, with the keys of the
# escalation record in the contract's order; HL_NOW stands for --now.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

D=2026-11-25
TRY="Try 'hl-escalate --help' for more information."

# ---- --help, --version ----
for o in --help -h; do
	run hl-escalate $o
	is_rc 0 "$o: exit 0"
	like '^usage: hl-escalate ' "$(head -n 1 "$OUT")" "$o: usage on stdout"
	like '--dry-run' "$(cat "$OUT")" "$o: names --dry-run"
	like '--explain ID' "$(cat "$OUT")" "$o: names --explain ID"
	like '--warn PERCENT' "$(cat "$OUT")" "$o: names --warn PERCENT"
	is_err "" "$o: nothing on stderr"
done
for o in --version -V; do
	run hl-escalate $o
	is_rc 0 "$o: exit 0"
	is_out "hl-escalate (hotline) 0.1.0" "$o: the version line"
done

# ---- usage errors: 64, a message, the hint, nothing on stdout ----
usage() {       # usage MESSAGE NAME ARGS...
	_msg=$1 _name=$2
	shift 2
	run hl-escalate "$@"
	is "64|hl-escalate: $_msg
$TRY|" "$rc|$(cat "$ERR")|$(cat "$OUT")" "$_name: exit 64, message and hint"
}
usage "unknown option '--bogus'" "an unknown option" --bogus
usage "unknown option '-Z'" "an unknown short option" -Z
usage "option '--explain' needs an argument" "--explain without an ID" --explain
usage "unexpected argument 'extra'" "a stray argument" --now "$D 10:00" extra
for w in 0 100 -5 abc 50x ''; do
	usage "--warn: expected 1 to 99 (percent)" "--warn '$w'" --warn "$w"
done
usage "--now: cannot read time 'yesterday' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" "a bad --now" --now yesterday
HL_NOW=bad usage "HL_NOW: cannot read time 'bad' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" "a bad HL_NOW"
if [ -e "$HL_DB" ]; then
	not_ok "usage errors create no ledger"
else
	ok "usage errors create no ledger"
fi

# ---- a missing ledger: 66, and none created ----
for how in "" "--dry-run" "--explain X"; do
	run hl-escalate -d "$T/missing.db" --now "$D 10:00:00" $how
	is "66|hl-escalate: ledger '$T/missing.db' does not exist (create it with 'hl-ledger init')|" \
	    "$rc|$(cat "$ERR")|$(cat "$OUT")" "a missing ledger${how:+ ($how)}: exit 66 and the message"
	if [ -e "$T/missing.db" ]; then
		not_ok "a missing ledger${how:+ ($how)}: not created"
		rm -f "$T/missing.db" "$T/missing.db-wal" "$T/missing.db-shm" \
		    "$T/missing.db.lock"
	else
		ok "a missing ledger${how:+ ($how)}: not created"
	fi
done

# ---- nothing due: silent ----
township
run hl-escalate --now "$D 10:00:00"
is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "no tickets: exit 0, no output at all"
take S1 "$D 09:58:00" complaint 道路交通安全 王庄村 13900000061
dispatch S1 "$D 10:00:00"
run hl-escalate --now "$D 10:23:59"
is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "tickets, nothing due: exit 0, no output at all"
run hl-escalate --now "$D 10:23:59" --dry-run
is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "nothing due, --dry-run: silent too"

# ---- the records: jq, key order, HL_NOW, -d and --db ----
take S2 "$D 09:00:00" consult 政策咨询 陈户村 13900000062
take S3 "2026-11-23 09:00:00" help - 李家村 13900000063
handle S3 "2026-11-23 09:00:00"
take S4 "2026-11-24 09:00:00" help - 李家村 13900000063
take S5 "$D 09:00:00" help - 李家村 13900000063
hl-ledger backup "$T/copy.db" 2>"$T/.setup" || bail "cannot back up: $(cat "$T/.setup")"
HL_NOW="$D 12:00:00" run hl-escalate
is_rc 0 "HL_NOW: exit 0"
n=$(wc -l <"$OUT" | tr -d ' ')
is "$n" "$(jq -c . "$OUT" | wc -l | tr -d ' ')" "every one of the $n lines parses with jq"
is 1 "$(jq -c 'keys_unsorted' "$OUT" | sort -u | wc -l | tr -d ' ')" \
    "every record has the same keys"
is '["event","rule","level","stage","due_at","at","ticket","recipients","missing"]' \
    "$(jq -c 'keys_unsorted' "$OUT" | sort -u)" "in the contract's order, then missing"
is "$n" "$(jq -r 'select(.event == "escalation" and .at == "2026-11-25T12:00:00+08:00")
    | .rule' "$OUT" | wc -l | tr -d ' ')" "HL_NOW is the time of every record"
is "S1 late-respond
S1 late-verify
S2 late-dispatch
S3 repeat" "$(jq -r '"\(.ticket.id) \(.rule)"' "$OUT" | sort)" \
    "HL_NOW 12:00: what is due then (S4 and S5, calls repeating the open S3, merged: no clocks)"
jq -r '"\(.ticket.id) \(.rule)"' "$OUT" | sort >first.keys
run hl-escalate --now "$D 12:00:00" -d "$T/copy.db"
is "$(cat first.keys)" "$(jq -r '"\(.ticket.id) \(.rule)"' "$OUT" | sort)" \
    "-d names the ledger: the copy fires the same"
is "$(cat first.keys)" \
    "$(sqlite3 "$T/copy.db" "SELECT ticket_id || ' ' || rule FROM escalations" | sort)" \
    "-d names the ledger: claimed there"
run hl-escalate --now "$D 12:00:00" --db "$T/copy.db"
is "0|" "$rc|$(cat "$OUT")" "--db names the ledger (all fired already)"

# ---- a full disk on stdout: 74 ----
hl-escalate --now "$D 13:00:01" -d "$T/copy.db" >/dev/full 2>"$ERR"
rc=$?
is_rc 74 "stdout on a full disk: exit 74"
like 'No space left on device' "$(head -n 1 "$ERR")" "stdout on a full disk: says so"

done_testing
