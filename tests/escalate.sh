# escalate.sh - what the hl-escalate tests share, sourced after lib.sh: the
# township of tests/fixtures/escalate (the directory of tests/fixtures/ledger,
# a policy that leaves dispatch 5m, verify 60m, reply 3h, follow_up 7d,
# late_resolve_2 1wd, warn 80% and repeat_calls 3 to the built-in defaults,
# and the official 2026 holiday-cn calendar), and functions that set up
# tickets with the real programs and run hl-escalate.
#
#   . "$(dirname "$0")/lib.sh"
#   . "$TOP/tests/escalate.sh"
#   township                                   # a ledger at $HL_DB
#   take M1 "2026-11-25 09:50:00" complaint 道路交通安全 王庄村 13900000001
#   dispatch M1 "2026-11-25 10:00:00"
#   upd M1 "2026-11-25 10:10:00" respond
#   fires "2026-11-25 10:24:00" "M1 warn-respond 0 respond 10:30:00 10:24:00" \
#       "warn-respond at 80%"
#
# Times in the expected lines of `fires` are shortened: "2026-11-25T10:30:00
# +08:00" is written "10:30:00" when the day is that of the check ("at"),
# else "11-26T10:30:00"; the year is always 2026 and the offset +08:00
# (TZ=Asia/Shanghai), and `fires` checks that they are.

EFIX=$FIX/escalate
cp "$EFIX"/*.csv "$EFIX"/2026.json .

# bail TEXT: stop the test file; nothing after a failed setup could pass.
bail() {
	echo "Bail out! $*"
	exit 1
}

# township [POLICY]: a ledger at $HL_DB with the directory, routing, policy
# (policy.csv or the file given) and the 2026 calendar.
township() {
	for t in units people villages routes; do
		hl-ledger -q import "$t" "$t.csv" 2>"$T/.setup" ||
			bail "cannot import $t: $(cat "$T/.setup")"
	done
	hl-ledger -q import policy "${1:-policy.csv}" 2>"$T/.setup" ||
		bail "cannot import policy: $(cat "$T/.setup")"
	hl-ledger -q import calendar 2026.json 2>"$T/.setup" ||
		bail "cannot import the calendar: $(cat "$T/.setup")"
	# 2027 covered too (its New Year's Day; the rest of its holidays are
	# not needed by the tests): no reminder to import next year's
	# holidays in December's runs (see 0108).
	printf 'date,workday,name\n2027-01-01,0,元旦\n' >2027.csv
	hl-ledger -q import calendar 2027.csv 2>"$T/.setup" ||
		bail "cannot import the 2027 calendar: $(cat "$T/.setup")"
}

# take ID RECEIVED KIND CATEGORY VILLAGE [PHONE [EXTRA-JSON]]: one work order
# through hl-intake (NDJSON), taken in at the time it was received.
# CATEGORY, VILLAGE or PHONE "-" leaves the field out.
take() {
	_x=${7:-}
	[ -n "$_x" ] || _x='{}'
	jq -cn --arg id "$1" --arg at "$2" --arg kind "$3" --arg cat "$4" \
	    --arg vil "$5" --arg ph "${6:--}" --argjson x "$_x" '
		{id: $id, received_at: $at, content: ("诉求 " + $id), kind: $kind}
		+ (if $cat == "-" then {} else {category: $cat} end)
		+ (if $vil == "-" then {} else {village: $vil} end)
		+ (if $ph == "-" then {} else {caller: {name: "来电人", phone: $ph}} end)
		+ $x' >"$T/.take" || bail "take $1: bad arguments"
	hl-intake -q --now "$2" "$T/.take" >/dev/null 2>"$T/.setup" ||
		bail "cannot take in $1: $(cat "$T/.setup")"
}

# dispatch ID AT [OPTIONS]: hl-dispatch at AT (routed from the tables).
dispatch() {
	_id=$1 _at=$2
	shift 2
	hl-dispatch -q --at "$_at" --now "$_at" "$@" "$_id" >/dev/null \
	    2>"$T/.setup" || bail "cannot dispatch $_id: $(cat "$T/.setup")"
}

# upd ID AT EVENT [OPTIONS]: hl-update at AT.
upd() {
	_id=$1 _at=$2
	shift 2
	hl-update -q --at "$_at" --now "$_at" "$_id" "$@" >/dev/null \
	    2>"$T/.setup" || bail "cannot record $* on $_id: $(cat "$T/.setup")"
}

# handle ID AT: dispatch, respond, verify (genuine), plan and reply, all at
# AT: only the resolve and follow-up clocks are left running.
handle() {
	dispatch "$1" "$2"
	upd "$1" "$2" respond
	upd "$1" "$2" verify --verdict genuine
	upd "$1" "$2" plan
	upd "$1" "$2" reply
}

# esc NOW [OPTIONS]: runs hl-escalate at NOW ($OUT, $ERR, $rc).
esc() {
	_now=$1
	shift
	run hl-escalate --now "$_now" "$@"
}

# fired: the last run's records, one a line: "TICKET RULE LEVEL STAGE DUE AT"
# with the times shortened (see above), "-" for a null stage or due_at.
# With ONLY set (a regular expression), only the rules it matches.
fired() {
	jq -r --arg only "${ONLY:-}" '
		def short($day): if . == null then "-"
			elif test("^2026-[0-9-]{5}T[0-9:]{8}\\+08:00$") | not then "BAD:" + .
			elif .[5:10] == $day then .[11:19] else .[5:19] end;
		select($only == "" or (.rule | test($only)))
		| (.at[5:10]) as $day
		| [.ticket.id, .rule, (.level | tostring), (.stage // "-"),
		   (.due_at | short($day)), (.at | short($day))] | join(" ")' "$OUT"
}

# who: the last run's recipients and missing roles, one record a line:
# "TICKET RULE: name/role/unit/phone ... | missing ..."
who() {
	jq -r '"\(.ticket.id) \(.rule): " + ([.recipients[]
		| "\(.name)/\(.role)/\(.unit)/\(.phone)"] | join(" "))
		+ (if (.missing | length) > 0 then " | missing " + (.missing | join(" "))
		   else "" end)' "$OUT"
}

# fires NOW EXPECTED NAME [OPTIONS]: runs hl-escalate at NOW and compares
# what fired (as `fired` prints it), then what it said on stderr (each line
# "stderr: ..."), then its exit status if not 0, with EXPECTED.
fires() {
	_now=$1 _exp=$2 _name=$3
	shift 3
	esc "$_now" "$@"
	is "$_exp" "$(fired; sed 's/^/stderr: /' "$ERR"
	    [ "$rc" = 0 ] || echo "exit $rc")" "$_name"
}

# sends NOW EXPECTED NAME [OPTIONS]: the same as fires, comparing the
# recipients (as `who` prints them).
sends() {
	_now=$1 _exp=$2 _name=$3
	shift 3
	esc "$_now" "$@"
	is "$_exp" "$(who; sed 's/^/stderr: /' "$ERR"
	    [ "$rc" = 0 ] || echo "exit $rc")" "$_name"
}

# count: the rows of the escalations table
count() {
	sql "SELECT count(*) FROM escalations"
}
