#!/bin/sh
# hl-report weekly: the weekly report (周汇报) and the discipline
# commission's notice (通报): per area leader, cadre, station and village
# party branch the four figures (件数量, 响应率, 办结率, 满意率) and the rank,
# through the library of hl-rank (the figures agree with hl-rank --week,
# run beside it); the week's escalations by level; the interviews (约谈).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/report.sh"

report_township
tell

W="--week 2026-W39 --as-of 2026-09-28T08:00"

# ---- the figures, by the rules of spec/DOMAIN.md ----
# The week 09-21 to 09-27, as of 09-28 08:00: R01-R05, R07, R09-R11 (R06
# and R08 are repeat calls of R04 and count with it).  R10 is malicious;
# R09 was returned and is not dispatched again.  Responded on time: R01,
# R03, R04 (first round), R05, R07 (交通安全站 since the second move), R11;
# R02 late (10:50, due 10:33).  Resolve deadlines passed or met: R01, R02,
# R04 (first round) on time; R03 (a consultation due 09-22) never: it
# counts as the worst visit (not resolved, not satisfied).  Visits: R01
# yes/very satisfied, R02 partly/basic, R04 no/unsatisfied.
# Weights 30/35/35 (response, resolution, satisfaction); at least 1
# genuine ticket to be ranked.
run hl-report weekly $W -f json
is_rc 0 "weekly W39: exit 0"

# row LEVEL UNIT RANK TICKETS GENUINE RESPONSE COMPLETION RESOLUTION
#     SATISFACTION SCORE: the line of UNIT ("-": the township) in table
# LEVEL is this, numbers to 9 decimals; each value a jq expression.
row() {
	u="\"$2\""
	[ "$2" = - ] && u=null
	e="{\"rank\":($3),\"unit\":$u,\"tickets\":($4),\"genuine\":($5),"
	e="$e\"response_rate\":($6),\"completion_rate\":($7),"
	e="$e\"resolution_rate\":($8),\"satisfaction_rate\":($9),"
	shift 9
	e="$e\"score\":($1)}"
	jq -nc --argjson u "$u" --arg t "$level" --slurpfile out "$OUT" \
	    "def n: walk(if type == \"number\" then (. * 1e9 | round) / 1e9
	                 else . end);
	     ($e | n), (\$out[] | select(.table == \$t and .unit == \$u) |
	      {rank, unit, tickets, genuine, response_rate, completion_rate,
	       resolution_rate, satisfaction_rate, score} | n)" >"$T/.row"
	is "$(sed -n 1p "$T/.row")" "$(sed -n '2,$p' "$T/.row")" \
	    "weekly $level $u: every figure"
}
total() {
	row "$1" - null 9 8 6/7 3/4 1/4 2/4 '30*6/7 + 35*1/4 + 35*2/4'
}

level=area
is "东片 赵志刚 1,西片 孙丽华 2,null null null," \
    "$(jq -r 'select(.table == "area") | "\(.unit) \(.area_leader) \(.rank)"' "$OUT" | tr '\n' ',')" \
    "area: the areas with their leaders, ranked"
row area 东片 1 5 4 3/4 3/3 1/3 2/3 '30*3/4 + 35*1/3 + 35*2/3'
row area 西片 2 4 4 3/3 0/1 0/1 0/1 '30'
total area
level=cadre
row cadre 周明 1 3 3 3/3 2/2 1/2 1/2 '30 + 35/2 + 35/2'
row cadre 吴刚 2 2 1 0/1 1/1 0/1 1/1 '35'
row cadre 郑涛 3 4 4 3/3 0/1 0/1 0/1 '30'
total cadre
level=station
is "信访办 1,国土所 1,农业站 3,交通安全站 4,党政办 4,null null," \
    "$(jq -r 'select(.table == "station") | "\(.unit) \(.rank)"' "$OUT" | tr '\n' ',')" \
    "station: ranks, ties shared"
# 信访办: only its response rate (nothing due, nothing visited yet): its
# weight is the score's.
row station 信访办 1 1 1 1 null null null 100
row station 国土所 1 2 1 1 1 1 1 100
row station 农业站 3 1 1 0 1 0 1 35
row station 交通安全站 4 2 2 2/2 1/1 0/1 0/1 30
row station 党政办 4 2 2 2/2 0/1 0/1 0/1 30
total station
level=village
row village 陈户村 1 2 2 1/1 null null null 100
row village 李家村 2 3 3 3/3 2/2 1/2 1/2 65
row village 王庄村 3 2 1 0/1 1/1 0/1 1/1 35
row village 张湾村 4 2 2 2/2 0/1 0/1 0/1 30
total village

# ---- the same figures as hl-rank's, whatever its rules ----
for level in area cadre station village; do
	hl-rank --by $level $W -f json |
		jq -c '{rank, unit, tickets, genuine, response_rate, completion_rate,
		        resolution_rate, satisfaction_rate, score}' >rank.$level
	jq -c --arg t $level 'select(.table == $t) | {rank, unit, tickets, genuine,
	        response_rate, completion_rate, resolution_rate, satisfaction_rate,
	        score}' "$OUT" >report.$level
	is_file rank.$level report.$level \
	    "weekly $level: the figures and ranks of 'hl-rank --by $level --week'"
done

# ---- the week's escalations, by level ----
# hl-escalate ran once, 09-26 23:00.  Among them, by the rules: R04's third
# call (repeat, level 1) and its unsatisfied visit (level 2); R03's resolve
# deadline (09-22 23:59:59: late-resolve, level 2) and a working day after
# (09-23 23:59:59: late-resolve-2, level 3).
like '^2 unsatisfied 1 R04$' \
    "$(jq -r 'select(.table == "escalations") | "\(.level) \(.rule) \(.count) \(.tickets | join(" "))"' "$OUT")" \
    "escalations: R04's unsatisfied visit, level 2"
for want in '1 repeat 1 R04' '2 late-resolve 1 R03' '3 late-resolve-2 1 R03'; do
	like "^$want\$" "$(jq -r 'select(.table == "escalations") | "\(.level) \(.rule) \(.count) \(.tickets | join(" "))"' "$OUT")" \
	    "escalations: $want"
done
# All of them: what the ledger recorded that week, counted.
from=$(date -d 2026-09-21T00:00:00+08:00 +%s)
to=$(date -d 2026-09-28T00:00:00+08:00 +%s)
is "$(sql "SELECT level, rule, count(*), (SELECT group_concat(ticket_id, ' ')
           FROM (SELECT DISTINCT ticket_id FROM escalations f
                  WHERE f.level = e.level AND f.rule = e.rule
                    AND f.fired_at >= $from AND f.fired_at < $to
                  ORDER BY ticket_id))
         FROM escalations e WHERE fired_at >= $from AND fired_at < $to
         GROUP BY level, rule ORDER BY level, rule" | tr '|' ' ')" \
    "$(jq -r 'select(.table == "escalations") | "\(.level) \(.rule) \(.count) \(.tickets | join(" "))"' "$OUT")" \
    "escalations: every firing of the week, by level and rule"
run hl-report weekly --week 2026-W39 --as-of 2026-09-26T12:00
like "本周督办（按级别）】
  本周没有督办" "$(cat "$OUT")" "--as-of before the check of 09-26 23:00: none yet"

# ---- interviews ----
run hl-report weekly $W
is "【本周约谈（镇纪委）】
  时间         被约谈人  单位        职务        约谈人  工单  事由
  09-24 17:00  黄磊      交通安全站  站所负责人  王秀英  R04   回访不满意" \
    "$(sed -n '/【本周约谈/,$p' "$OUT")" "interviews: 黄磊, by 王秀英, about R04"
is "周汇报 2026-09-21 至 2026-09-27
截至 09-28 08:00；件数量、响应率、办结率、满意率；得分权重 30/35/35，最少 1 件参加排名" \
    "$(sed -n 1,2p "$OUT")" "weekly: the title says the week, the cut-off and the rules"
run hl-report weekly --week 2026-W39 --as-of 2026-09-24T16:59 -f json
is "" "$(jq -r 'select(.table == "interviews") | .ticket' "$OUT")" \
    "--as-of before the interview was recorded: none"
run hl-report weekly --week 2026-W40 --as-of 2026-10-08T08:00 -f json
is "" "$(jq -r 'select(.table == "interviews") | .ticket' "$OUT")" \
    "the week after: the interview was not held then"
run hl-report weekly $W --for 黄磊 -f json
is "interviews R04" "$(jq -r 'select(.table != "report") | "\(.table) \(.ticket)"' "$OUT")" \
    "--for 黄磊: his interview (he is no unit of the rankings)"

# ---- the default week: the last full one before now ----
run hl-report weekly --now 2026-09-28T08:00:00+08:00 -f json
jq -c 'select(.table != "report")' "$OUT" >default.json
hl-report weekly $W -f json | jq -c 'select(.table != "report")' >w39.json
is_file w39.json default.json "no period on Monday 09-28: the week of 09-21 (W39)"
run hl-report weekly --now 2026-09-27T23:00:00+08:00 -f json
is "周汇报 2026-09-14 至 2026-09-20" "$(jq -r 'select(.table == "report") | .title' "$OUT")" \
    "no period on Sunday 09-27: the week before (W38)"

# ---- a corrected interview is no interview ----
seq=$(sql "SELECT seq FROM events WHERE event = 'interview'")
hl-update -q --now 2026-09-28T09:00:00+08:00 --reason 约谈对象记错 R04 correct --event "$seq"
run hl-report weekly --week 2026-W39 --now 2026-09-28T09:30:00+08:00 -f json
is "" "$(jq -r 'select(.table == "interviews") | .ticket' "$OUT")" \
    "an interview answered by a correct event: gone"
run hl-report weekly $W -f json
is "R04" "$(jq -r 'select(.table == "interviews") | .ticket' "$OUT")" \
    "--as-of before the correction: still there"

done_testing
