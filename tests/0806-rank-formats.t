#!/bin/sh
# hl-rank: the output formats.  JSON lines that jq parses, with the
# contract's keys in a stable order, each rate equal to its counts and the
# score to its rates; CSV that a real CSV reader (python3's csv module)
# reads back to the same values, with --bom for Excel and cells that
# would start a formula guarded with '; TSV.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

rank_month

keys='["level","unit","rank","tickets","genuine","dispatched","responded_on_time","resolve_due","resolved_on_time","visits","resolved_by_caller","satisfied","unresolved_overdue","response_rate","completion_rate","resolution_rate","satisfaction_rate","score","average_response_minutes","overdue","previous"]'

# consistent WEIGHTS MIN: every line of the last run's JSON output is
# consistent: the keys in order; each rate is its numerator over its
# denominator (for the resolution and satisfaction rates: visits and
# unresolved_overdue), null when that is 0; the score is the weighted mean
# of the response, resolution and satisfaction rates (and the completion
# rate, with a fourth weight) that exist (weights scaled to 100); rates
# between 0 and 1; a rank only with the minimum of genuine tickets and a
# score.  Prints the lines that are not, with why.
consistent() {
	jq -c --argjson keys "$keys" --arg w "$1" --argjson min "$2" '
	def rate(a; b): if b == 0 then null else a / b end;
	def near(a; b): (a == null and b == null) or
	    (a != null and b != null and ((a - b) | fabs) < 1e-9);
	($w | split("/") | map(tonumber)) as $w |
	([[.response_rate, $w[0]], [.resolution_rate, $w[1]],
	  [.satisfaction_rate, $w[2]], [.completion_rate, ($w[3] // 0)]] |
	 map(select(.[0] != null and .[1] > 0))) as $parts |
	(if ($parts | length) == 0 then null
	 else ($parts | map(.[0] * .[1]) | add) * 100 /
	      ($parts | map(.[1]) | add) end) as $score |
	[ (if keys_unsorted != $keys then "keys" else empty end),
	  (if (.previous | keys_unsorted) != ["rank", "score", "tickets"]
	   then "previous keys" else empty end),
	  (if near(.response_rate; rate(.responded_on_time; .dispatched)) | not
	   then "response_rate" else empty end),
	  (if near(.completion_rate; rate(.resolved_on_time; .resolve_due)) | not
	   then "completion_rate" else empty end),
	  (if near(.resolution_rate; rate(.resolved_by_caller;
	                                  .visits + .unresolved_overdue)) | not
	   then "resolution_rate" else empty end),
	  (if near(.satisfaction_rate; rate(.satisfied;
	                                    .visits + .unresolved_overdue)) | not
	   then "satisfaction_rate" else empty end),
	  (if near(.score; $score) | not then "score" else empty end),
	  (if [.response_rate, .completion_rate, .resolution_rate,
	       .satisfaction_rate] | map(select(. != null and (. < 0 or . > 1)))
	      | length > 0 then "a rate out of 0..1" else empty end),
	  (if .genuine > .tickets or .dispatched > .genuine or
	      .responded_on_time > .dispatched or
	      .resolved_on_time > .resolve_due or
	      .resolved_by_caller > .visits or .satisfied > .visits or
	      .unresolved_overdue > .resolve_due
	   then "a count above its total" else empty end),
	  (if .rank != null and (.genuine < $min or .score == null or
	      .level == "category" or .unit == null)
	   then "ranked without the minimum or a score" else empty end),
	  (if .rank == null and .level != "category" and .unit != null and
	      .genuine >= $min and .score != null
	   then "not ranked with the minimum and a score" else empty end)
	] | select(length > 0) | {unit, wrong: .}' "$OUT" 2>&1 ||
	    echo "(jq failed)"
}

for level in station cadre area village category; do
	for args in "--month 2026-10 --as-of $CUTOFF" \
	    "--week 2026-W42 --as-of 2026-11-20T09:00" \
	    "--month 2026-09 --as-of 2026-10-05T08:00 --weights 50/25/25 --min 2" \
	    "--from 2026-10-01 --to 2026-10-15 --as-of $CUTOFF --weights 0/0/100 --min 0" \
	    "--month 2026-10 --as-of 2026-11-20T09:00 --weights 20/20/20/40 --min 3"; do
		run hl-rank --by $level $args -f json
		w=$(echo "$args" | sed -n 's|.*--weights \([0-9/]*\).*|\1|p')
		m=$(echo "$args" | sed -n 's|.*--min \([0-9]*\).*|\1|p')
		what="--by $level $args"
		is_rc 0 "$what: exit 0"
		# jq parses it all, and finds as many values as lines.
		if jq -c . "$OUT" >values 2>&1; then
			parsed=$(wc -l <values | tr -d ' ')
		else
			parsed="jq failed: $(cat values)"
		fi
		is "$(wc -l <"$OUT" | tr -d ' ')" "$parsed" \
		    "$what: every line is one JSON value that jq parses"
		is "" "$(consistent "${w:-30/35/35}" "${m:-5}")" \
		    "$what: each rate equals its counts, the score its rates"
		is "null" "$(tail -n 1 "$OUT" | jq -c .unit)" \
		    "$what: the township total is the last line"
		is "" "$(jq -r '.unit // "-"' "$OUT" | sort | uniq -d)" \
		    "$what: one line per unit"
	done
done
# Rates are numbers, not strings; counts integers.
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json
is "number number number number number" \
    "$(jq -r 'select(.unit == "国土所") | [.response_rate, .completion_rate, .resolution_rate, .satisfaction_rate, .score] | map(type) | join(" ")' "$OUT")" \
    "json: rates and the score are numbers"
is "true" "$(jq -s 'map(.tickets, .genuine, .dispatched, .visits, .unresolved_overdue, .overdue) | all(. == floor)' "$OUT")" \
    "json: counts are whole numbers"
cp "$OUT" october.json

# ---- CSV read back by a real CSV reader ----
if ! command -v python3 >/dev/null 2>&1; then
	skip "csv: read back with python3" "no python3"
else
	# csvcheck FILE SEP ENCODING: the rows of FILE, read with python3's
	# csv module, against october.json: the header, then each row's
	# values (empty for null, numbers to 9 digits).
	csvcheck() {
		python3 - "$1" "$2" "$3" october.json <<'END'
import csv, json, sys
path, sep, enc, ref = sys.argv[1:]
header = ("level unit rank tickets genuine dispatched responded_on_time "
          "resolve_due resolved_on_time visits resolved_by_caller satisfied "
          "unresolved_overdue response_rate completion_rate resolution_rate satisfaction_rate "
          "score average_response_minutes overdue previous_rank "
          "previous_score previous_tickets").split()
want = [json.loads(l) for l in open(ref, encoding="utf-8")]
with open(path, newline="", encoding=enc) as f:
    rows = list(csv.reader(f, delimiter="\t" if sep == "tab" else ","))
if rows[0] != header:
    print("header:", rows[0])
if len(rows) - 1 != len(want):
    print("rows:", len(rows) - 1, "lines:", len(want))
def same(cell, v):
    if v is None:
        return cell == ""
    if isinstance(v, str):
        return cell == v
    return abs(float(cell) - v) < 1e-8
for row, w in zip(rows[1:], want):
    flat = dict(w)
    flat["previous_rank"] = w["previous"]["rank"]
    flat["previous_score"] = w["previous"]["score"]
    flat["previous_tickets"] = w["previous"]["tickets"]
    for k, cell in zip(header, row):
        if not same(cell, flat[k]):
            print(w["unit"], k, repr(cell), "!=", flat[k])
    if len(row) != len(header):
        print(w["unit"], "has", len(row), "cells")
END
	}
	run hl-rank --month 2026-10 --as-of "$CUTOFF" -f csv
	cp "$OUT" october.csv
	is "" "$(csvcheck october.csv comma utf-8)" \
	    "csv: python's csv module reads the header and the JSON's values"
	is "$(wc -l <october.csv | tr -d ' ')" "$(grep -c "$(printf '\r')\$" october.csv)" \
	    "csv: every line ends in CR LF"
	is "level,unit,rank" "$(head -c 15 october.csv)" "csv: no byte-order mark without --bom"
	run hl-rank --month 2026-10 --as-of "$CUTOFF" -f tsv
	cp "$OUT" october.tsv
	is "" "$(csvcheck october.tsv tab utf-8)" \
	    "tsv: read as tab-separated, the same values"
	is "0" "$(grep -c "$(printf '\r')" october.tsv)" "tsv: lines end in LF"
	run hl-rank --month 2026-10 --as-of "$CUTOFF" -f csv --bom
	cp "$OUT" bom.csv
	is "efbbbf" "$(head -c 3 bom.csv | od -An -tx1 | tr -d ' \n')" \
	    "--bom: the CSV starts with EF BB BF"
	is "" "$(csvcheck bom.csv comma utf-8-sig)" \
	    "--bom: then the same CSV (read as utf-8-sig)"
	is "$(cat october.csv)" "$(tail -c +4 bom.csv)" "--bom: nothing else changes"
fi
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f tsv --bom
is "$(cat october.tsv)" "$(cat "$OUT")" "--bom: no mark on TSV"
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json --bom
is "$(cat october.json)" "$(cat "$OUT")" "--bom: no mark on JSON lines"

# ---- formula injection (PRACTICE.md): a cell starting with = + - @ ----
# Units and a category with such names, a comma and quotes: in CSV each
# is one cell, the formula ones led by ', read back as that text.
HL_DB=$T/odd.db
cat >units.csv <<'END'
unit,kind
=1+2,station
+3,station
-4,station
@SUM(A1),station
"国土所,二所",station
"说""好""的",station
END
cat >routes.csv <<'END'
category,station
A,=1+2
B,+3
C,-4
D,@SUM(A1)
E,"国土所,二所"
F,"说""好""的"
END
cat >odd.csv <<'END'
id,received_at,category,content
O1,2026-10-12 09:00,A,x
O2,2026-10-12 09:00,B,x
O3,2026-10-12 09:00,C,x
O4,2026-10-12 09:00,D,x
O5,2026-10-12 09:00,E,x
O6,2026-10-12 09:00,F,x
O7,2026-10-12 09:00,"=HYPERLINK(""http://example.com"",""点我"")",x
END
hl-ledger -q import units units.csv 2>"$T/.setup" || bail "odd units"
hl-ledger -q import routes routes.csv 2>"$T/.setup" || bail "odd routes"
intake odd.csv "$OCT_NOW"
hl-dispatch -q --at 2026-10-12T09:02 --now "$OCT_NOW" O1 O2 O3 O4 O5 O6 \
    >/dev/null 2>"$T/.setup" || bail "odd dispatch"
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f csv
is_rc 0 "odd names: exit 0"
# Unranked, 1 ticket each, sorted by name (bytes): + - = @ then 国 说.
# Each was dispatched Oct 12 09:02 and never responded: 0/1 on time, due
# Oct 19 and unresolved: 0/1, and no visit but the worst one that an
# unresolved ticket past due counts as: resolution and satisfaction 0/1;
# score 0, late.  O7 (category =HYPERLINK...) has no station: only in the
# total, not dispatched, unresolved past due too.
is "station,\"'+3\",,1,1,1,0,1,0,0,0,0,1,0,0,0,0,0,,1,,,0
station,\"'-4\",,1,1,1,0,1,0,0,0,0,1,0,0,0,0,0,,1,,,0
station,\"'=1+2\",,1,1,1,0,1,0,0,0,0,1,0,0,0,0,0,,1,,,0
station,\"'@SUM(A1)\",,1,1,1,0,1,0,0,0,0,1,0,0,0,0,0,,1,,,0
station,\"国土所,二所\",,1,1,1,0,1,0,0,0,0,1,0,0,0,0,0,,1,,,0
station,\"说\"\"好\"\"的\",,1,1,1,0,1,0,0,0,0,1,0,0,0,0,0,,1,,,0
station,,,7,7,6,0,7,0,0,0,0,7,0,0,0,0,0,,7,,,0" \
    "$(sed -n '2,$p' "$OUT" | tr -d '\r')" \
    "csv: = + - @ cells led by ', commas and quotes quoted"
if command -v python3 >/dev/null 2>&1; then
	cp "$OUT" odd.out
	is "'+3|'-4|'=1+2|'@SUM(A1)|国土所,二所|说\"好\"的|" \
	    "$(python3 -c 'import csv, sys
print("|".join(r[1] for r in list(csv.reader(open(sys.argv[1], newline="", encoding="utf-8")))[1:]))' odd.out)" \
	    "csv: read back, the units are text"
fi
run hl-rank --by category --month 2026-10 --as-of "$CUTOFF" -f csv
like "^category,\"'=HYPERLINK\\(\"\"http://example.com\"\",\"\"点我\"\"\\)\",,1," \
    "$(cat "$OUT")" "csv: a category from the upstream's data is guarded too"
# JSON keeps the names as they are.
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json
is "+3|-4|=1+2|@SUM(A1)|国土所,二所|说\"好\"的|null" \
    "$(jq -r '.unit // "null"' "$OUT" | tr '\n' '|' | sed 's/|$//')" \
    "json: the names unchanged"

done_testing
