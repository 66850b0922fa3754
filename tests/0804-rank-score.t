#!/bin/sh
# hl-rank: the score and the rank.  The score is the weighted sum of the
# response, resolution and satisfaction rates that exist (and of the
# completion rate when a fourth weight is given), the weights scaled to
# 100 (policy 30/35/35, or --weights); scores equal to six
# decimals share a rank (1, 2, 2, 4); a unit with fewer genuine tickets than
# the minimum (policy min_tickets 5, or --min) is listed without a rank.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

# ---- ties: 1, 2, 2, 4 ----
# Four stations with five tickets each (October 12-16, 09:00; 交通安全站
# a sixth on Monday 19), dispatched at 09:02, resolved the next day, never
# verified (so every ticket is late on its verify clock: overdue = all).
# In the resolution and satisfaction rates each ticket counts once: by its
# latest visit, or as the worst visit when unresolved past its deadline.
#   国土所     5/5 on time; 5 visits yes/satisfied: 100.
#   农业站     5/5 on time; visits A1 A2 yes/satisfied, A3 partly/basic
#              (A4 A5 not visited): 30*5/5 + 35*2/3 + 35*3/3 = 88.333...
#   交通安全站 6/6 on time; T1 no/satisfied (reopens) then yes/satisfied,
#              T2 yes/unsatisfied (reopens) then yes/satisfied, T3 T4 T5
#              yes/satisfied: 5 by their latest visits, all yes and
#              satisfied; T6 never resolved, due Oct 26: the worst visit.
#              30*6/6 + 35*5/6 + 35*5/6 = 88.333...
#   党政办     3/5 on time (P4 P5 40 minutes); visits P1 yes/satisfied, P2
#              partly/satisfied, P3 partly/unsatisfied, which reopens it:
#              its new round (consult: 1 working day, Oct 19) passes
#              unresolved, so P3 counts as the worst visit (as its visit
#              did): 1 yes, 2 satisfied over 3: 30*3/5 + 35*1/3 + 35*2/3 =
#              53.
# The two 88.333 are computed from different fractions (in doubles
# 88.33333333333331 and 88.33333333333334): equal to six decimals, they
# share rank 2, and the next is 4.
rank_township
{
	echo "id,received_at,kind,category,village,caller_phone,content"
	n=0
	for u in G:宅基地审批:help A:农村土地流转:help T:道路交通安全:complaint \
	    P:政策咨询:consult; do
		IFS=: read -r p c k <<END
$u
END
		for i in 1 2 3 4 5; do
			n=$((n + 1))
			echo "$p$i,2026-10-1$((i + 1)) 09:00,$k,$c,李家村,139222200$((n + 10)),内容"
		done
	done
	echo "T6,2026-10-19 09:00,complaint,道路交通安全,王庄村,13922220099,内容"
} >ties.csv
intake ties.csv "$OCT_NOW"
# ev ID DAY MINUTES: dispatched 09:02 on Oct DAY, responded MINUTES later,
# resolved the next day at 10:00.
ev() {
	echo "$1 dispatch 2026-10-$2T09:02"
	echo "$1 respond  2026-10-$2T$(printf '09:%02d' $((2 + $3)))"
	echo "$1 resolve  2026-10-$(($2 + 1))T10:00"
}
{
	ev G1 12 10; ev G2 13 10; ev G3 14 10; ev G4 15 10; ev G5 16 10
	for g in G1:14 G2:15 G3:16 G4:19 G5:19; do
		echo "${g%:*} visit 2026-10-${g#*:}T11:00 resolved=yes satisfaction=satisfied"
	done
	ev A1 12 10; ev A2 13 10; ev A3 14 10; ev A4 15 10; ev A5 16 10
	echo "A1 visit 2026-10-14T11:00 resolved=yes satisfaction=satisfied"
	echo "A2 visit 2026-10-15T11:00 resolved=yes satisfaction=satisfied"
	echo "A3 visit 2026-10-16T11:00 resolved=partly satisfaction=basic"
	ev T1 12 10; ev T2 13 10; ev T3 14 10; ev T4 15 10; ev T5 16 10
	echo "T1 visit   2026-10-14T11:00 resolved=no satisfaction=satisfied"
	echo "T1 resolve 2026-10-15T10:00"
	echo "T1 visit   2026-10-16T11:00 resolved=yes satisfaction=satisfied"
	echo "T2 visit   2026-10-15T11:00 resolved=yes satisfaction=unsatisfied"
	echo "T2 resolve 2026-10-16T10:00"
	echo "T2 visit   2026-10-19T11:00 resolved=yes satisfaction=satisfied"
	echo "T3 visit   2026-10-16T11:00 resolved=yes satisfaction=satisfied"
	echo "T4 visit   2026-10-19T11:00 resolved=yes satisfaction=satisfied"
	echo "T5 visit   2026-10-19T11:00 resolved=yes satisfaction=satisfied"
	echo "T6 dispatch 2026-10-19T09:02"
	echo "T6 respond  2026-10-19T09:12"
	ev P1 12 10; ev P2 13 10; ev P3 14 10; ev P4 15 40; ev P5 16 40
	echo "P1 visit 2026-10-14T11:00 resolved=yes satisfaction=satisfied"
	echo "P2 visit 2026-10-15T11:00 resolved=partly satisfaction=satisfied"
	echo "P3 visit 2026-10-16T11:00 resolved=partly satisfaction=unsatisfied"
} >ties.events
replay ties.events "$OCT_NOW"

run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json
is_rc 0 "ties: exit 0"
is "国土所 1
交通安全站 2
农业站 2
党政办 4
信访办 null
null null" "$(jq -r '"\(.unit) \(.rank)"' "$OUT")" \
    "ties: equal scores share a rank, the next rank skips (1, 2, 2, 4)"
expect station 国土所 1  5 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 5  null null 0
expect station 交通安全站 2  6 6 6 6  6 5  5 5 5 1  6/6 5/6 5/6 5/6 \
    '30*6/6 + 35*5/6 + 35*5/6' 60/6 6  null null 0
expect station 农业站 2  5 5 5 5  5 5  3 2 3 0  5/5 1 2/3 3/3 \
    '30*5/5 + 35*2/3 + 35*3/3' 50/5 5  null null 0
expect station 党政办 4  5 5 5 3  5 5  2 1 2 1  3/5 1 1/3 2/3 \
    '30*3/5 + 35*1/3 + 35*2/3' 110/5 5  null null 0
# The township: 21 tickets, on time 5+5+6+3 = 19; resolve_due 21, on time
# 20 (T6); visits 5+3+5+2 = 15, yes 5+2+5+1 = 13, satisfied 5+3+5+2 = 15,
# unresolved past due 2 (T6, P3's second round); responses 270 minutes.
expect station - null  21 21 21 19  21 20  15 13 15 2  19/21 20/21 13/17 15/17 \
    '30*19/21 + 35*13/17 + 35*15/17' 270/21 21  null null 0
run hl-rank --month 2026-10 --as-of "$CUTOFF"
is "1 国土所
2 交通安全站
2 农业站
4 党政办
- 信访办
- 全镇" "$(sed -n '4,$p' "$OUT" | awk '{print $1, $2}')" "ties: the table too"
is "88.3" "$(awk '$2 == "农业站" {print $9}' "$OUT")" "ties: 农业站's score, one decimal"
is "88.3" "$(awk '$2 == "交通安全站" {print $9}' "$OUT")" "ties: 交通安全站's score"

# ---- the minimum ----
HL_DB=$T/month.db
rank_month
# ranks WHAT ARGS...: "unit rank" of each line of the October ranking.
ranks() {
	what=$1
	shift
	run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json "$@"
	got=$(jq -r '"\(.unit) \(.rank)"' "$OUT" | tr '\n' ',')
}
# Genuine tickets: 国土所 9, 农业站 6, 交通安全站 5, 党政办 3, 信访办 0.
# Scores (0801): 交通安全站 100, 农业站 88, 国土所 76.875, 党政办 100.
# Policy min_tickets 5: 党政办 and 信访办 unranked.
ranks x
is "交通安全站 1,农业站 2,国土所 3,党政办 null,信访办 null,null null," "$got" \
    "policy minimum 5: exactly 5 genuine tickets is enough"
# --min 3: 党政办 (3) is ranked; its 100 ties with 交通安全站's; 信访办 has
# no score at all and stays unranked even at --min 0.
ranks x --min 3
is "交通安全站 1,党政办 1,农业站 3,国土所 4,信访办 null,null null," "$got" \
    "--min 3: 党政办 ranked, tied first (1, 1, 3, 4)"
ranks x --min 0
is "交通安全站 1,党政办 1,农业站 3,国土所 4,信访办 null,null null," "$got" \
    "--min 0: a unit without any rate is still not ranked"
ranks x --min 4
is "交通安全站 1,农业站 2,国土所 3,党政办 null,信访办 null,null null," "$got" \
    "--min 4: 3 genuine tickets are not enough"
# --min 6: 交通安全站 (5) drops out; the unranked follow by tickets.
ranks x --min 6
is "农业站 1,国土所 2,交通安全站 null,党政办 null,信访办 null,null null," "$got" \
    "--min 6: 5 genuine tickets are not enough"
ranks x --min 7
is "国土所 1,农业站 null,交通安全站 null,党政办 null,信访办 null,null null," "$got" \
    "--min 7: only 国土所 (9 genuine); the others by tickets"
# The minimum counts genuine tickets: 张湾村 has 7 tickets but 5 genuine
# (0802: 陈户村 95, 王庄村 87.143, 李家村 77.556).
ranks x --by village --min 6
is "陈户村 1,王庄村 2,李家村 3,张湾村 null,null null," "$got" \
    "--min 6 by village: 张湾村 (7 tickets, 5 genuine) is not ranked"
# The minimum applies to the previous period as well: September's 国土所
# and 农业站 have 5 tickets each.
ranks x --min 6
is "null null" "$(jq -r 'select(.unit == "国土所" or .unit == "农业站") | .previous.rank' "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "--min 6: nobody had 6 in September"
# The policy's min_tickets, and --min over it.
sed 's/^min_tickets,\*,5$/min_tickets,*,3/' "$RFIX/policy.csv" >policy3.csv
hl-ledger -q import policy policy3.csv
ranks x
is "交通安全站 1,党政办 1,农业站 3,国土所 4,信访办 null,null null," "$got" \
    "policy min_tickets 3: 党政办 ranked"
run hl-rank --month 2026-10 --as-of "$CUTOFF"
like "  最少 3 件\$" "$(head -n 1 "$OUT")" "policy min_tickets 3: the title says so"
ranks x --min 5
is "交通安全站 1,农业站 2,国土所 3,党政办 null,信访办 null,null null," "$got" \
    "--min 5 beats the policy's 3"
hl-ledger -q import policy "$RFIX/policy.csv"

# ---- the weights ----
# score UNIT: the unit's score and previous score from the last run.
score() {
	jq -r --arg u "$1" 'select(.unit == $u) |
	    "\((.score * 1e6 | round) / 1e6) \((.previous.score // -1) * 1e6 | round / 1e6)"' "$OUT"
}
# --weights 100/0/0: the score is the response rate.  国土所 6/9, 农业站
# 5/6, 交通安全站 5/5, 党政办 3/3 (unranked).  September: 国土所 4/5,
# 农业站 5/5, 交通安全站 1/2.
ranks x --weights 100/0/0
is "交通安全站 1,农业站 2,国土所 3,党政办 null,信访办 null,null null," "$got" \
    "--weights 100/0/0: ranked by the response rate"
is "66.666667 80" "$(score 国土所)" "--weights 100/0/0: 国土所 100*6/9, before 100*4/5"
is "83.333333 100" "$(score 农业站)" "--weights 100/0/0: 农业站 100*5/6, before 100*5/5"
is "100 50" "$(score 交通安全站)" "--weights 100/0/0: 交通安全站 100*5/5, before 100*1/2"
# --weights 0/0/100: satisfaction only: 交通安全站 4/4 and 农业站 5/5 tie;
# 国土所 7/8 (G07 unresolved past due is the worst visit).
ranks x --weights 0/0/100
is "交通安全站 1,农业站 1,国土所 3,党政办 null,信访办 null,null null," "$got" \
    "--weights 0/0/100: ranked by satisfaction, a tie"
# --weights 20/40/40: 国土所 20*6/9 + 40*6/8 + 40*7/8 = 78.333333;
# 农业站 20*5/6 + 40*4/5 + 40*5/5 = 88.666667.
ranks x --weights 20/40/40
is "78.333333" "$(score 国土所 | cut -d' ' -f1)" "--weights 20/40/40: 国土所"
is "88.666667" "$(score 农业站 | cut -d' ' -f1)" "--weights 20/40/40: 农业站"
run hl-rank --month 2026-10 --as-of "$CUTOFF" --weights 20/40/40
like "  权重 20/40/40  " "$(head -n 1 "$OUT")" "--weights 20/40/40: the title says so"
# The policy's weights, and --weights over them.  50/25/25: 国土所
# 50*6/9 + 25*6/8 + 25*7/8 = 73.958333, 农业站 50*5/6 + 25*4/5 + 25*5/5 =
# 86.666667.
sed 's|^weights,\*,30/35/35$|weights,*,50/25/25|' "$RFIX/policy.csv" >policy50.csv
hl-ledger -q import policy policy50.csv
ranks x
is "73.958333" "$(score 国土所 | cut -d' ' -f1)" "policy weights 50/25/25: 国土所"
is "86.666667" "$(score 农业站 | cut -d' ' -f1)" "policy weights 50/25/25: 农业站"
run hl-rank --month 2026-10 --as-of "$CUTOFF"
like "  权重 50/25/25  " "$(head -n 1 "$OUT")" "policy weights: the title says so"
ranks x --weights 30/35/35
is "76.875 85.25" "$(score 国土所)" "--weights 30/35/35 beats the policy's"
hl-ledger -q import policy "$RFIX/policy.csv"

# ---- the score over the rates that exist ----
# 历史遗留问题 (C03: responded on time, not yet due, no visit) has only a
# response rate: with 30/35/35 the score is that rate (100); with 0/50/50
# no weighted rate exists: no score.
run hl-rank --by category --month 2026-10 --as-of "$CUTOFF" -f json
is "1 null null 100" "$(jq -r 'select(.unit == "历史遗留问题") | "\(.response_rate) \(.resolution_rate) \(.satisfaction_rate) \(.score)"' "$OUT")" \
    "only a response rate: the score is 100 times it"
run hl-rank --by category --month 2026-10 --as-of "$CUTOFF" -f json --weights 0/50/50
is "null" "$(jq -r 'select(.unit == "历史遗留问题") | .score' "$OUT")" \
    "only a rate weighted 0: no score"
# With three weights the completion rate is shown but not in the score:
# 农业站 (6/6) and 国土所 (6/8) score 88 and 76.875 whatever their
# completion.
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json --weights 30/35/35
is "88" "$(score 农业站 | cut -d' ' -f1)" "three weights: the completion rate is not in the score"

# ---- a fourth weight: the completion rate ----
# --weights 25/25/25/25: 国土所 25*(6/9 + 6/8 + 7/8 + 6/8) = 76.041667,
# 农业站 25*(5/6 + 4/5 + 5/5 + 6/6) = 90.833333, 交通安全站 25*(5/5 + 4/4 +
# 4/4 + 3/4) = 93.75; September's 国土所 (completion 5/5: S05 was resolved
# on time) 25*(4/5 + 3/4 + 4/4 + 5/5) = 88.75.
ranks x --weights 25/25/25/25
is "交通安全站 1,农业站 2,国土所 3,党政办 null,信访办 null,null null," "$got" \
    "--weights 25/25/25/25: ranks"
is "76.041667 88.75" "$(score 国土所)" "--weights 25/25/25/25: 国土所, now and before"
is "90.833333" "$(score 农业站 | cut -d' ' -f1)" "--weights 25/25/25/25: 农业站"
is "93.75" "$(score 交通安全站 | cut -d' ' -f1)" "--weights 25/25/25/25: 交通安全站"
run hl-rank --month 2026-10 --as-of "$CUTOFF" --weights 25/25/25/25
like "  权重 25/25/25/25  " "$(head -n 1 "$OUT")" "--weights 25/25/25/25: the title shows all four"
# 0/0/0/100: the completion rate alone.  国土所 6/8 and 交通安全站 3/4 tie
# at 75, 农业站 6/6 first.
ranks x --weights 0/0/0/100
is "农业站 1,交通安全站 2,国土所 2,党政办 null,信访办 null,null null," "$got" \
    "--weights 0/0/0/100: ranked by the completion rate"
# A fourth weight of 0 is the same as three weights.
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json --weights 30/35/35/0
cp "$OUT" w4.json
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json --weights 30/35/35
is_file w4.json "$OUT" "--weights 30/35/35/0 is 30/35/35"
run hl-rank --month 2026-10 --as-of "$CUTOFF" --weights 30/35/35/0
like "  权重 30/35/35  " "$(head -n 1 "$OUT")" "--weights 30/35/35/0: the title shows three"
# A rate with no ticket behind it leaves its weight to the others:
# 历史遗留问题 (C03, not yet due, no visit) has no completion rate; with
# 50/0/0/50 its score is its response rate, 100; with 0/0/0/100 it has
# none.
run hl-rank --by category --month 2026-10 --as-of "$CUTOFF" -f json --weights 50/0/0/50
is "100" "$(jq -r 'select(.unit == "历史遗留问题") | .score' "$OUT")" \
    "50/0/0/50 without a completion rate: the response rate's score"
run hl-rank --by category --month 2026-10 --as-of "$CUTOFF" -f json --weights 0/0/0/100
is "null" "$(jq -r 'select(.unit == "历史遗留问题") | .score' "$OUT")" \
    "0/0/0/100 without a completion rate: no score"
# The policy's weights may have four values too.
sed 's|^weights,\*,30/35/35$|weights,*,25/25/25/25|' "$RFIX/policy.csv" >policy4.csv
hl-ledger -q import policy policy4.csv
ranks x
is "76.041667 88.75" "$(score 国土所)" "policy weights 25/25/25/25: 国土所"
run hl-rank --month 2026-10 --as-of "$CUTOFF"
like "  权重 25/25/25/25  " "$(head -n 1 "$OUT")" "policy weights 25/25/25/25: the title"
hl-ledger -q import policy "$RFIX/policy.csv"

done_testing
