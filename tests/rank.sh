# rank.sh - what the hl-rank tests share, sourced after lib.sh: a township
# of 4 villages in 2 areas, 5 stations and 3 cadres (tests/fixtures/rank),
# and its October 2026, made with the real programs: hl-ledger imports the
# directory and the 2026 holiday calendar, hl-intake takes the work orders,
# hl-dispatch and hl-update record what happened (october.events).
#
#   . "$(dirname "$0")/lib.sh"
#   . "$TOP/tests/rank.sh"
#   rank_month          # township + September + October, as below
#   hl-rank --month 2026-10 --as-of "$CUTOFF" -f json

RFIX=$FIX/rank
# The cut-off of the October ranking, and the run that records October.
CUTOFF=2026-11-05T08:00:00+08:00
OCT_NOW=2026-11-04T12:00:00+08:00
# September is recorded before the previous period's cut-off (Oct 5 08:00).
SEP_NOW=2026-10-04T12:00:00+08:00

bail() {
	echo "Bail out! $1: $(cat "$T/.setup" 2>/dev/null)"
	exit 1
}

# rank_township: the directory, routing, policy and calendar.
rank_township() {
	for t in units people villages routes policy; do
		hl-ledger -q import "$t" "$RFIX/$t.csv" 2>"$T/.setup" ||
			bail "cannot import $t"
	done
	hl-ledger -q import calendar "$RFIX/2026.json" 2>"$T/.setup" ||
		bail "cannot import the calendar"
}

# intake FILE NOW: the work orders of FILE, taken in at NOW.
intake() {
	hl-intake -q --now "$2" "$1" >/dev/null 2>"$T/.setup" ||
		bail "cannot take in $1"
}

# replay FILE NOW: records the events of FILE in their order, at NOW (or
# the line's now=).  A line is TICKET EVENT AT [KEY=VALUE...]: dispatch
# (to=UNIT by hand) and transfer (to=, reason=) through hl-dispatch --at,
# the others through hl-update, consecutive ones as one run of JSON lines.
replay() {
	awk -v now="$2" '
	function flush(  i) {
		if (!n)
			return
		print "hl-update -q --now \"" bnow "\" <<\"END\""
		for (i = 1; i <= n; i++)
			print buf[i]
		print "END"
		n = 0
	}
	/^#/ || NF == 0 { next }
	{
		lnow = now; to = ""; reason = ""; opts = ""
		for (i = 4; i <= NF; i++) {
			k = $i; sub(/=.*/, "", k); v = $i; sub(/^[^=]*=/, "", v)
			if (k == "now") lnow = v
			else if (k == "to") to = v
			else {
				if (k == "reason") reason = v
				opts = opts ",\"" k "\":\"" v "\""
			}
		}
		if ($2 == "dispatch" || $2 == "transfer") {
			flush()
			printf "hl-dispatch -q --now \"%s\" --at %s", lnow, $3
			if (to != "") printf " --to %s", to
			if ($2 == "transfer") printf " --reason %s", reason
			print " " $1 " >/dev/null"
			next
		}
		if (n && lnow != bnow)
			flush()
		bnow = lnow
		buf[++n] = "{\"ticket\":\"" $1 "\",\"event\":\"" $2 "\",\"at\":\"" \
		           $3 "\"" opts "}"
	}
	END { flush() }' "$1" >"$T/.replay.sh"
	sh -e "$T/.replay.sh" 2>"$T/.setup" || bail "cannot replay $1"
}

# rank_month: the township with September (recorded on Oct 4, one visit on
# Oct 20) and October (recorded on Nov 4, one visit on Nov 6).
rank_month() {
	rank_township
	intake "$RFIX/september.csv" "$SEP_NOW"
	replay "$RFIX/september.events" "$SEP_NOW"
	intake "$RFIX/october.csv" "$OCT_NOW"
	replay "$RFIX/october.events" "$OCT_NOW"
}

# ---- checking hl-rank's JSON lines ----

# units: the units of the last run's JSON lines in order, one a line
# ("null" for the township total).
units() {
	jq -r '.unit // "null"' "$OUT"
}

# expect LEVEL UNIT RANK TICKETS GENUINE DISPATCHED RESPONDED_ON_TIME
#        RESOLVE_DUE RESOLVED_ON_TIME VISITS RESOLVED_BY_CALLER SATISFIED
#        UNRESOLVED_OVERDUE
#        RESPONSE_RATE COMPLETION_RATE RESOLUTION_RATE SATISFACTION_RATE
#        SCORE AVERAGE_RESPONSE_MINUTES OVERDUE
#        PREVIOUS_RANK PREVIOUS_SCORE PREVIOUS_TICKETS
# The line of UNIT ("-" for the township total) in the last run's JSON
# output is exactly this record: keys in this order, counts exact, numbers
# to 9 decimals.  Each value is a jq expression, so a rate is written as
# the fraction it is (6/9) and the score as its weighted sum.  $WHAT, if
# set, starts the test's name.
expect() {
	if [ $# != 23 ]; then
		not_ok "expect $2: 23 values, not $#"
		return
	fi
	what="$1 $2"
	u="\"$2\""
	[ "$2" = - ] && u=null what="$1 township total"
	what="${WHAT:+$WHAT: }$what"
	e="{\"level\":\"$1\",\"unit\":$u,\"rank\":($3),\"tickets\":($4),"
	e="$e\"genuine\":($5),\"dispatched\":($6),\"responded_on_time\":($7),"
	e="$e\"resolve_due\":($8),\"resolved_on_time\":($9),"
	shift 9
	e="$e\"visits\":($1),\"resolved_by_caller\":($2),\"satisfied\":($3),"
	e="$e\"unresolved_overdue\":($4),"
	e="$e\"response_rate\":($5),\"completion_rate\":($6),"
	e="$e\"resolution_rate\":($7),\"satisfaction_rate\":($8),"
	e="$e\"score\":($9),"
	shift 9
	e="$e\"average_response_minutes\":($1),"
	e="$e\"overdue\":($2),\"previous\":{\"rank\":($3),\"score\":($4),"
	e="$e\"tickets\":($5)}}"
	# One jq run (it is slow to start): the expected line, then the line
	# printed, both normalised.
	jq -nc --argjson u "$u" --slurpfile out "$OUT" \
	    "def n: walk(if type == \"number\" then (. * 1e9 | round) / 1e9
	                 else . end);
	     ($e | n), (\$out[] | select(.unit == \$u) | n)" >"$T/.expect" 2>&1
	is "$(sed -n 1p "$T/.expect")" "$(sed -n '2,$p' "$T/.expect")" \
	    "$what: every figure"
}
