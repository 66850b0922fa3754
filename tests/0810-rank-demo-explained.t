#!/bin/sh
# hl-rank: the ranking of the demo's sample month stays explainable line by
# line.  scripts/demo builds its ledger from scripts/sample/ (the
# directory, the calendar, earlier calls, a morning's work orders, the
# handlers' events, the deadline check) and ranks November 1 to 25 as of
# 17:00 on the 25th.  For every unit at every level, the counts on its
# hl-rank line are the sums over its --explain --format json lines, its
# average response time their mean, and its rates and score follow from
# its counts and the sample's weights (30/35/35).
. "$(dirname "$0")/lib.sh"

# The demo, as `make demo` runs it, its temporary directory in ours.
TMPDIR=$T sh "$TOP/scripts/demo" >demo.out 2>&1
rc=$?
is_rc 0 "the demo runs"
db=$(sed -n 's/^The demo ledger is //p' demo.out)
case $db in
"$T"/hotline-demo.*/hotline.db) ok "the demo leaves its ledger here" ;;
*) not_ok "the demo leaves its ledger here"; diag "$(tail -n 5 demo.out)" ;;
esac
export HL_DB="$db" HL_NOW=2026-11-25T17:00:00+08:00
period="--from 2026-11-01 --to 2026-11-25"

# The ranking the demo shows is the one checked here.
run hl-rank --by station $period
is "$(cat "$OUT")" \
    "$(awk '/^\$ hl-rank --by station /{f=1; next} /^== 9\./{f=0} f' demo.out)" \
    "the demo's ranking is the one checked here"

# sums: the explain lines of a unit (explain.json) as its line's counts.
sums() {
	jq -sc '
	def secs: .[0:19] + "Z" | fromdateiso8601;
	map(select(.genuine)) as $g |
	($g | map(select(.responded_at != null and (.response_implied | not))
	          | (.responded_at | secs) - (.respond_start | secs))) as $r |
	{tickets: length, genuine: ($g | length),
	 dispatched: ($g | map(select(.dispatched)) | length),
	 responded_on_time: ($g | map(select(.responded_on_time)) | length),
	 resolve_due: ($g | map(select(.resolve_counted)) | length),
	 resolved_on_time: ($g | map(select(.resolved_on_time)) | length),
	 visits: ($g | map(select(.visited)) | length),
	 resolved_by_caller: ($g | map(select(.resolved_by_caller)) | length),
	 satisfied: ($g | map(select(.satisfied)) | length),
	 unresolved_overdue: ($g | map(select(.unresolved_overdue)) | length),
	 overdue: ($g | map(select(.late_stages > 0)) | length),
	 average_response_minutes:
	     (if ($r | length) == 0 then null
	      else ($r | add) / ($r | length) / 60 * 1e9 | round / 1e9 end)}' \
	    explain.json
}
# counts UNIT: the same keys from the unit's line of ranking.json, with the
# rates and score it should have from them.
counts() {
	jq -c --arg u "$1" '
	def rate(a; b): if b == 0 then null else a / b end;
	def r9: if . == null then null else . * 1e9 | round / 1e9 end;
	select(.unit == $u) |
	{tickets, genuine, dispatched, responded_on_time, resolve_due,
	 resolved_on_time, visits, resolved_by_caller, satisfied,
	 unresolved_overdue, overdue,
	 average_response_minutes: (.average_response_minutes | r9)}' \
	    ranking.json
}
# rates_ok: the lines of ranking.json whose rates or score do not follow
# from their counts.
rates_ok() {
	jq -c '
	def rate(a; b): if b == 0 then null else a / b end;
	def near(a; b): (a == null and b == null) or
	    (a != null and b != null and ((a - b) | fabs) < 1e-9);
	(.visits + .unresolved_overdue) as $rated |
	([[rate(.responded_on_time; .dispatched), 30],
	  [rate(.resolved_by_caller; $rated), 35],
	  [rate(.satisfied; $rated), 35]] |
	 map(select(.[0] != null))) as $p |
	(if ($p | length) == 0 then null
	 else ($p | map(.[0] * .[1]) | add) * 100 / ($p | map(.[1]) | add)
	 end) as $score |
	select((near(.response_rate; rate(.responded_on_time; .dispatched)) and
	        near(.completion_rate; rate(.resolved_on_time; .resolve_due)) and
	        near(.resolution_rate; rate(.resolved_by_caller; $rated)) and
	        near(.satisfaction_rate; rate(.satisfied; $rated)) and
	        near(.score; $score)) | not) | .unit' ranking.json
}

for level in station cadre area village category; do
	run hl-rank --by $level $period -f json
	is_rc 0 "$level: exit 0"
	cp "$OUT" ranking.json
	jq -r 'select(.unit != null) | .unit' ranking.json >units.txt
	bad= n=0 listed=0
	while IFS= read -r u; do
		n=$((n + 1))
		hl-rank --by $level $period -f json -e "$u" >explain.json \
		    2>"$T/.err" || bad="$bad $u(exit $?)"
		got=$(sums)
		want=$(counts "$u")
		[ "$got" = "$want" ] || bad="$bad
$u: explained $got
$u: ranked    $want"
		listed=$((listed + $(jq -s length explain.json)))
	done <units.txt
	is "" "$bad" "$level: each of the $n units' lines is the sum of its tickets"
	is "" "$(rates_ok)" "$level: each line's rates and score follow from its counts"
	# Every ticket of the sample names its village, so at that level the
	# explained tickets are the township's, each once.
	[ $level = village ] &&
		is "$(jq -r 'select(.unit == null) | .tickets' ranking.json)" \
		    "$listed" "$level: the units' tickets are the township's"
done

# The sample holds what the rule is about: SD2026111000071 (the street
# lamp of 李家庄村, called about three times since November 10) is past
# its resolve deadline and unresolved, so it counts as the worst visit
# for 交通安全站, and --explain names it.
run hl-rank --by station $period -f json
is "交通安全站 1
null 1" "$(jq -r 'select(.unresolved_overdue > 0) | "\(.unit) \(.unresolved_overdue)"' "$OUT")" \
    "the sample month has an unresolved ticket past due, at 交通安全站"
run hl-rank --by station $period -e 交通安全站 -f json
is "SD2026111000071" "$(jq -r 'select(.unresolved_overdue) | .ticket' "$OUT")" \
    "--explain 交通安全站 -f json names it"
run hl-rank --by station $period -e 交通安全站
like "^SD2026111000071 .*未回访，按未解决/不满意计\$" "$(cat "$OUT")" \
    "--explain 交通安全站 says so in its table"

done_testing
