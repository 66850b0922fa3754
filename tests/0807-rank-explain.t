#!/bin/sh
# hl-rank --explain UNIT: the tickets behind one unit's figures, each with
# its outcome.  The tickets listed are exactly the unit's, and their
# outcomes add up to the unit's counts in the ranking, at every level; an
# unknown unit is an error (65).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

rank_month

# ---- 国土所, by hand (see 0801) ----
run hl-rank --month 2026-10 --as-of "$CUTOFF" -e 国土所 -f json
is_rc 0 "explain json: exit 0"
is_err "" "explain json: nothing on stderr"
# Received order: G02 (Oct 2) G01 G03 G04 G05 G06 G10 G07 G09 G08; not
# N04, which 国土所 returned, and G09, transferred in, is.
is "G02 G01 G03 G04 G05 G06 G10 G07 G09 G08" \
    "$(jq -r .ticket "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "explain 国土所: its ten tickets, in the order received"
is '["ticket","received_at","verdict","genuine","unit","dispatched","respond_start","respond_due","responded_at","responded_on_time","response_implied","resolve_due","resolved_at","resolve_counted","resolved_on_time","visits","visited","resolved_by_caller","satisfied","unresolved_overdue","late_stages"]' \
    "$(head -n 1 "$OUT" | jq -c keys_unsorted)" "explain json: the keys"
# ticket genuine responded_on_time resolve_counted resolved_on_time
# visits (resolved/satisfied) late_stages; then what stands in the
# resolution and satisfaction rates: visited (by its latest visit),
# resolved_by_caller, satisfied, unresolved_overdue (G07: unresolved past
# its deadline, the worst visit).
is "G02 true true true true partly/true 0 | true false true false
G01 true true true true yes/true 0 | true true true false
G03 true false true true yes/true 1 | true true true false
G04 true false true true yes/true 1 | true true true false
G05 true true true false yes/true 1 | true true true false
G06 true true true true yes/true 0 | true true true false
G10 false false false false - 1 | false false false false
G07 true true true false - 2 | false false false true
G09 true false true true yes/true 1 | true true true false
G08 true true false false - 0 | false false false false" \
    "$(jq -r '[.ticket, .genuine, .responded_on_time, .resolve_counted,
        .resolved_on_time,
        (if .visits == [] then "-" else (.visits | map("\(.resolved)/\(.satisfied)") | join(",")) end),
        .late_stages, "|", .visited, .resolved_by_caller, .satisfied,
        .unresolved_overdue] | map(tostring) | join(" ")' "$OUT")" \
    "explain 国土所: each ticket's outcome, as worked out by hand"
# The times behind two of them: G09's clock runs from the transfer (10:00),
# G06's resolve deadline is the extended one.
is '"2026-10-21T10:30:00+08:00" "2026-10-21T10:50:00+08:00"' \
    "$(jq -c 'select(.ticket == "G09") | .respond_due, .responded_at' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "explain G09: respond due 30 minutes after the transfer, met 20 late"
is '"2026-10-27T23:59:59+08:00"' "$(jq -c 'select(.ticket == "G06") | .resolve_due' "$OUT")" \
    "explain G06: the extended deadline"
is '"malicious" "国土所"' "$(jq -c 'select(.ticket == "G10") | .verdict, .unit' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "explain G10: listed, malicious"

# The table for people: one row a ticket, then the unit's ranking row.
run hl-rank --month 2026-10 --as-of "$CUTOFF" --explain 国土所
is_rc 0 "explain table: exit 0"
is_file "$RFIX/october-explain.table" "$OUT" "explain table: as expected"

# ---- every unit at every level: the tickets add up to the figures ----
# For each unit, the explain lines give: tickets (all), genuine, and over
# the genuine ones: dispatched, responded_on_time, resolve_counted
# (resolve_due), resolved_on_time, visited (visits), resolved_by_caller,
# satisfied, unresolved_overdue, tickets with a late stage (overdue).
for level in station cadre area village category; do
	run hl-rank --by $level --month 2026-10 --as-of "$CUTOFF" -f json
	cp "$OUT" ranking.json
	jq -r 'select(.unit != null) | .unit' ranking.json >units.txt
	bad=
	total=0
	while IFS= read -r u; do
		hl-rank --by $level --month 2026-10 --as-of "$CUTOFF" -f json \
		    -e "$u" >explain.json 2>"$T/.err" || bad="$bad $u(exit $?)"
		got=$(jq -sc 'map(select(.genuine)) as $g |
		    [length, ($g | length), ($g | map(select(.dispatched)) | length),
		     ($g | map(select(.responded_on_time)) | length),
		     ($g | map(select(.resolve_counted)) | length),
		     ($g | map(select(.resolved_on_time)) | length),
		     ($g | map(select(.visited)) | length),
		     ($g | map(select(.resolved_by_caller)) | length),
		     ($g | map(select(.satisfied)) | length),
		     ($g | map(select(.unresolved_overdue)) | length),
		     ($g | map(select(.late_stages > 0)) | length)]' explain.json)
		want=$(jq -c --arg u "$u" 'select(.unit == $u) |
		    [.tickets, .genuine, .dispatched, .responded_on_time,
		     .resolve_due, .resolved_on_time, .visits,
		     .resolved_by_caller, .satisfied, .unresolved_overdue,
		     .overdue]' ranking.json)
		[ "$got" = "$want" ] || bad="$bad $u($got != $want)"
		total=$((total + $(jq -s length explain.json)))
	done <units.txt
	is "" "$bad" "explain --by $level: every unit's tickets add up to its figures"
	# Each October ticket belongs to one unit at most: at the village,
	# cadre, area and category levels every one of the 31 has a unit; at
	# the station level the cadres' C01..C06 have none.
	case $level in
	station) n=25 ;;
	*) n=31 ;;
	esac
	is "$n" "$total" "explain --by $level: $n tickets in all, none twice"
done

# A cadre's tickets are his villages', whoever handled them: 郑涛 covers
# 张湾村 and 陈户村 (received order); the cadres' own tickets (C03, C04)
# have the village as their primary unit.
run hl-rank --by cadre --month 2026-10 --as-of "$CUTOFF" -f json -e 郑涛
is "G02 G05 N03 C03 G06 G10 J04 D02 N04 C04 G09 J05 N07" \
    "$(jq -r .ticket "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "explain 郑涛: the tickets of 张湾村 and 陈户村"
is "交通安全站 党政办 农业站 国土所 张湾村 陈户村" \
    "$(jq -r .unit "$OUT" | sort -u | tr '\n' ' ' | sed 's/ $//')" \
    "explain 郑涛: handled by four stations and by himself"

# A unit without tickets: nothing behind it, its row all the same.
run hl-rank --month 2026-10 --as-of "$CUTOFF" -e 信访办
is_rc 0 "explain 信访办: exit 0"
is "工单  受理  核实  响应  办结  回访

名次  单位    工单  真实  响应率  办结率  解决率  满意率  得分  平均响应(分)  超时  上期名次/得分
   -  信访办     0     0       -       -       -       -     -             -     0          - / -" \
    "$(cat "$OUT")" "explain 信访办: no tickets"
run hl-rank --month 2026-10 --as-of "$CUTOFF" -e 信访办 -f json
is_rc 0 "explain 信访办 json: exit 0"
is "" "$(cat "$OUT")" "explain 信访办 json: no lines"

# ---- unknown units ----
for args in "-e 不存在" "--explain 不存在 -f json" "-e 周明" "--by cadre -e 国土所" \
    "--by village -e 刘集村"; do
	run hl-rank --month 2026-10 --as-of "$CUTOFF" $args
	is_rc 65 "explain, $args: exit 65"
	u=$(echo "$args" | sed 's/.*-e\(xplain\)* \([^ ]*\).*/\2/')
	l=$(echo "$args" | sed -n 's/.*--by \([a-z]*\).*/\1/p')
	is_err "hl-rank: error: no unit '$u' at level ${l:-station} in this period" \
	    "explain, $args: the message"
	is_out "" "explain, $args: nothing on stdout"
done

done_testing
