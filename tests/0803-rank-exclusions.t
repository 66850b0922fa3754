#!/bin/sh
# hl-rank: each rule that leaves a ticket out of a figure, or moves it, one
# at a time (spec/DOMAIN.md, "Rates and rankings"): malicious and unfounded
# verdicts, a ticket not yet verified (counts), repeat calls (merged into
# an open original: out; after the original was resolved: in), a transfer
# (counts for the final unit, its response clock from the transfer), a
# ticket not yet due (out of the completion rate until it is due or
# resolved; once due and unresolved, the worst visit in the resolution and
# satisfaction rates), and the cut-off (--as-of: events and tickets
# recorded after it do not count).
#
# The base: 交通安全站 with five clean tickets B1..B5 in October, each
# dispatched 2 minutes after it was received, responded 10 minutes after
# that, verified, planned, replied, resolved the next day and visited
# (yes, satisfied) within 2 working days.  Its figures: 5 tickets, all
# genuine and dispatched, 5/5 on time, 5/5 resolved on time, 5 visits all
# resolved and satisfied, score 100, 10 minutes on average, nothing late.
# Each scenario adds tickets to a copy of the base ledger.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

rank_township
cat >base.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
B1,2026-10-12 09:00,complaint,道路交通安全,李家村,13911110001,村口缺减速带
B2,2026-10-13 09:00,complaint,道路交通安全,王庄村,13911110002,路灯不亮
B3,2026-10-14 09:00,complaint,道路交通安全,张湾村,13911110003,大车超速
B4,2026-10-15 09:00,complaint,道路交通安全,陈户村,13911110004,缺警示标志
B5,2026-10-16 09:00,complaint,道路交通安全,李家村,13911110005,路面坑洼
END
: >base.events
for b in B1:12:13:14 B2:13:14:15 B3:14:15:16 B4:15:16:19 B5:16:19:20; do
	IFS=: read -r id d r v <<END
$b
END
	cat >>base.events <<END
$id dispatch 2026-10-${d}T09:02
$id respond  2026-10-${d}T09:12
$id verify   2026-10-${d}T09:20 verdict=genuine
$id plan     2026-10-${d}T09:30
$id reply    2026-10-${d}T09:40
$id resolve  2026-10-${r}T10:00
$id visit    2026-10-${v}T10:00 resolved=yes satisfaction=satisfied
END
done
intake base.csv "$OCT_NOW"
replay base.events "$OCT_NOW"
hl-ledger backup "$T/base.db" 2>"$T/.setup" || bail "cannot copy the base"

# scenario NAME: a fresh copy of the base as the ledger.
scenario() {
	WHAT=$1
	HL_DB=$T/$1.db
	cp "$T/base.db" "$HL_DB"
}
# rank [ARGS]: October as of the cut-off (or ARGS), JSON, into $OUT.
rank() {
	run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json "$@"
}

# ---- the base itself ----
scenario plain
rank
is_rc 0 "base: exit 0"
expect station 交通安全站 1  5 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0 \
    null null 0
expect station - null  5 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0  null null 0

# ---- malicious (恶意举报): in tickets, in nothing else ----
# X1 was responded 48 minutes after dispatch and never resolved: counted,
# it would take the response and completion rates to 5/6.
scenario malicious
cat >x.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X1,2026-10-20 09:00,report,道路交通安全,张湾村,13911110011,举报
END
cat >x.events <<'END'
X1 dispatch 2026-10-20T09:02
X1 respond  2026-10-20T09:50
X1 verify   2026-10-20T10:00 verdict=malicious
END
intake x.csv "$OCT_NOW"
replay x.events "$OCT_NOW"
rank
expect station 交通安全站 1  6 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0 \
    null null 0
expect station - null  6 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0  null null 0

# ---- unfounded (不实): the same ----
scenario unfounded
sed 's/malicious/unfounded/' x.events >u.events
intake x.csv "$OCT_NOW"
replay u.events "$OCT_NOW"
rank
expect station 交通安全站 1  6 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0 \
    null null 0

# ---- not yet verified: genuine, so it counts ----
# X1 without a verdict: dispatched 6, on time 5 (48 minutes); resolve due
# Oct 27 (21, 22, 23, 26, 27), unresolved: resolve_due 6, on time 5; no
# visit, and unresolved past its deadline it counts as the worst visit:
# 5 yes and satisfied over 5 + 1.  30*5/6 + 35*5/6 + 35*5/6 = 83.333;
# responses 5*10 + 48 = 98 over 6; late: respond, verify, resolve.
scenario unverified
sed '/verify/d' x.events >v.events
intake x.csv "$OCT_NOW"
replay v.events "$OCT_NOW"
rank
expect station 交通安全站 1  6 6 6 5  6 5  5 5 5 1  5/6 5/6 5/6 5/6 \
    '30*5/6 + 35*5/6 + 35*5/6' 98/6 1  null null 0

# ---- a repeat call (并单) merged into its open original counts once ----
# X2: the caller of B1 calls again at 15:00 the same day, while B1 is
# being handled: merged into B1 (closed on receipt, no clocks), it is not
# counted; hl-dispatch will not dispatch it.
scenario repeat
cat >r.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X2,2026-10-12 15:00,complaint,道路交通安全,李家村,139-1111-0001,减速带还没装
END
intake r.csv "$OCT_NOW"
is "B1|B1|closed" "$(sql "SELECT repeat_of, merged_into, status FROM tickets WHERE id = 'X2'")" \
    "repeat: X2 is linked to B1 and merged into it"
run hl-dispatch --now "$OCT_NOW" --at 2026-10-12T15:02 X2
is_rc 65 "repeat: the merged call is not dispatched"
rank
expect station 交通安全站 1  5 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0 \
    null null 0
expect station - null  5 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0  null null 0
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json -e 交通安全站
is "B1 B2 B3 B4 B5" "$(jq -r .ticket "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "repeat: not among the tickets behind 交通安全站's figures"

# ---- a repeat call after its original was resolved counts ----
# X3: the caller of B1 calls again on Oct 20, after B1 was resolved (Oct
# 13) and visited: the problem came back.  Linked to B1 (its second call),
# it is a ticket of its own, dispatched and responded 48 minutes late,
# never verified nor resolved: it counts like the unverified X1 above.
scenario repeat-back
cat >r.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X3,2026-10-20 09:00,complaint,道路交通安全,李家村,139-1111-0001,减速带还没装
END
intake r.csv "$OCT_NOW"
is "B1||2" "$(sql "SELECT repeat_of, merged_into, repeat_count FROM tickets WHERE id = 'X3'")" \
    "repeat after resolution: X3 is linked to B1, not merged"
cat >r.events <<'END'
X3 dispatch 2026-10-20T09:02
X3 respond  2026-10-20T09:50
END
replay r.events "$OCT_NOW"
rank
expect station 交通安全站 1  6 6 6 5  6 5  5 5 5 1  5/6 5/6 5/6 5/6 \
    '30*5/6 + 35*5/6 + 35*5/6' 98/6 1  null null 0
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json -e 交通安全站
is "B1 B2 B3 B4 B5 X3" "$(jq -r .ticket "$OUT" | tr '\n' ' ' | sed 's/ $//')" \
    "repeat after resolution: among the tickets behind 交通安全站's figures"

# ---- a transfer: the ticket counts for the unit that held it last ----
# X4 (道路交通安全) is routed to 交通安全站, which responds in 8 minutes;
# at 10:00 it is transferred to 国土所, which responds at 10:45: 15 minutes
# late on its own clock (due 10:30).  It counts for 国土所 only: 1 ticket,
# 0/1 on time; resolved Oct 22 (due Oct 27), visited yes/satisfied:
# 30*0 + 35 + 35 = 70; 45 minutes; late: respond.  Not ranked (1 < 5).
# X5 (宅基地审批) goes the other way: 国土所 never responds, the transfer
# at 09:40 starts 交通安全站's clock (due 10:10), which responds at 10:00:
# on time, 20 minutes.  交通安全站: 6 tickets, 6/6; responses 5*10 + 20 =
# 70 over 6.
scenario transfer
cat >t.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X4,2026-10-20 09:00,complaint,道路交通安全,陈户村,13911110014,路边建房占道
X5,2026-10-21 09:00,complaint,宅基地审批,陈户村,13911110015,宅基地挡路
END
cat >t.events <<'END'
X4 dispatch 2026-10-20T09:02
X4 respond  2026-10-20T09:10
X4 transfer 2026-10-20T10:00 to=国土所 reason=涉及宅基地
X4 respond  2026-10-20T10:45
X4 verify   2026-10-20T10:50 verdict=genuine
X4 plan     2026-10-20T11:00
X4 reply    2026-10-20T11:30
X4 resolve  2026-10-22T10:00
X4 visit    2026-10-23T10:00 resolved=yes satisfaction=satisfied
X5 dispatch 2026-10-21T09:02
X5 transfer 2026-10-21T09:40 to=交通安全站 reason=属于道路问题
X5 respond  2026-10-21T10:00
X5 verify   2026-10-21T10:05 verdict=genuine
X5 plan     2026-10-21T10:30
X5 reply    2026-10-21T11:00
X5 resolve  2026-10-23T10:00
X5 visit    2026-10-26T10:00 resolved=yes satisfaction=satisfied
END
intake t.csv "$OCT_NOW"
replay t.events "$OCT_NOW"
rank
expect station 交通安全站 1  6 6 6 6  6 6  6 6 6 0  1 1 1 1  100 70/6 0 \
    null null 0
expect station 国土所 null  1 1 1 0  1 1  1 1 1 0  0/1 1/1 1/1 1/1 \
    '30*0 + 35 + 35' 45 1  null null 0
expect station - null  7 7 7 6  7 7  7 7 7 0  6/7 1 1 1 \
    '30*6/7 + 35 + 35' 115/7 1  null null 0
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json -e 国土所
is '{"ticket":"X4","unit":"国土所","respond_due":"2026-10-20T10:30:00+08:00","responded_at":"2026-10-20T10:45:00+08:00","responded_on_time":false}' \
    "$(jq -c '{ticket, unit, respond_due, responded_at, responded_on_time}' "$OUT")" \
    "transfer: 国土所's figures stand on X4 alone, its clock from the transfer"

# ---- not yet due: out of the completion rate until due or resolved ----
# X6, received Fri Oct 30, resolve due Nov 6 (2, 3, 4, 5, 6), unresolved;
# X7, received the same day, resolved Nov 4, before it was due.  As of the
# cut-off X7 counts (resolved), X6 does not: resolve_due 5+1 = 6, all on
# time.  Responses 10 minutes each.
scenario notdue
cat >n.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X6,2026-10-30 10:00,complaint,道路交通安全,王庄村,13911110016,路口积水
X7,2026-10-30 11:00,complaint,道路交通安全,张湾村,13911110017,护栏损坏
END
cat >n.events <<'END'
X6 dispatch 2026-10-30T10:02
X6 respond  2026-10-30T10:12
X6 verify   2026-10-30T10:20 verdict=genuine
X6 plan     2026-10-30T10:30
X6 reply    2026-10-30T10:40
X7 dispatch 2026-10-30T11:02
X7 respond  2026-10-30T11:12
X7 verify   2026-10-30T11:20 verdict=genuine
X7 plan     2026-10-30T11:30
X7 reply    2026-10-30T11:40
X7 resolve  2026-11-04T10:00
X7 visit    2026-11-04T11:00 resolved=yes satisfaction=satisfied
END
intake n.csv "$OCT_NOW"
replay n.events "$OCT_NOW"
rank
expect station 交通安全站 1  7 7 7 7  6 6  6 6 6 0  1 6/6 1 1  100 10 0 \
    null null 0
# Once X6's deadline has passed (as of Nov 7) it counts, unresolved: 6/7;
# it is late (resolve, and the follow-up due Nov 6 10:40); and it counts
# as the worst visit: 6 yes and satisfied over 6 + 1.
# 30 + 35*6/7 + 35*6/7 = 90.
rank --as-of 2026-11-07T00:00:00+08:00
WHAT="notdue, as of Nov 7"
expect station 交通安全站 1  7 7 7 7  7 6  6 6 6 1  1 6/7 6/7 6/7 \
    '30 + 35*6/7 + 35*6/7' 10 1  null null 0
# One second before the deadline's end it still does not count.
rank --as-of 2026-11-06T23:59:59+08:00
is "6 6" "$(jq -r 'select(.unit == "交通安全站") | "\(.resolve_due) \(.resolved_on_time)"' "$OUT")" \
    "not yet due: still out at 23:59:59 of the last working day"

# ---- suspended (挂起): paused time does not count ----
# X11, suspended on Oct 13 (waiting for a survey by a third party) and
# still suspended at the cut-off: its resolve clock is paused, its
# deadline (Oct 19 when it was paused) has not passed: it is out of the
# completion rate, like a ticket not yet due.  X12, suspended the same day
# and resumed Oct 27, 10 working days later (14-16, 19-23, 26, 27): its
# deadline moves from Oct 19 to Nov 2; resolved Oct 28, on time, visited
# Oct 29.
scenario suspended
cat >h.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X11,2026-10-12 09:00,complaint,道路交通安全,李家村,13911110021,护坡塌方
X12,2026-10-12 09:00,complaint,道路交通安全,王庄村,13911110022,桥头沉降
END
cat >h.events <<'END'
X11 dispatch 2026-10-12T09:02
X11 respond  2026-10-12T09:12
X11 verify   2026-10-12T09:20 verdict=genuine
X11 plan     2026-10-12T09:30
X11 reply    2026-10-12T09:40
X11 suspend  2026-10-13T10:00 reason=等待第三方鉴定
X12 dispatch 2026-10-12T09:02
X12 respond  2026-10-12T09:12
X12 verify   2026-10-12T09:20 verdict=genuine
X12 plan     2026-10-12T09:30
X12 reply    2026-10-12T09:40
X12 suspend  2026-10-13T10:00 reason=等待第三方鉴定
X12 resume   2026-10-27T10:00
X12 resolve  2026-10-28T10:00
X12 visit    2026-10-29T10:00 resolved=yes satisfaction=satisfied
END
intake h.csv "$OCT_NOW"
replay h.events "$OCT_NOW"
rank
expect station 交通安全站 1  7 7 7 7  6 6  6 6 6 0  1 6/6 1 1  100 10 0 \
    null null 0
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json -e 交通安全站
is "X11 false false
X12 true true" \
    "$(jq -r 'select(.ticket | startswith("X")) | "\(.ticket) \(.resolve_counted) \(.resolved_on_time)"' "$OUT")" \
    "suspended: X11 not counted while paused; X12 on time by its moved deadline"

# ---- the cut-off: a visit recorded after it ----
# X8: resolved Oct 28, visited Oct 29 (no, very unsatisfied), but the visit
# is recorded on Nov 6 10:00.  As of the cut-off it has no visit (and the
# visit, due Oct 30, is late); as of Nov 6 10:00 it has, and the visit
# reopened it: the new round's response (due Oct 29 10:30) is late, and
# its resolve deadline (5 working days: Oct 30, Nov 2, 3, 4, 5) has
# passed, so X8 counts as the worst visit rather than by its visit (the
# same here: no, very unsatisfied): visits 5, unresolved past due 1, 5
# resolved, 5 satisfied, 30 + 35*5/6 + 35*5/6 = 88.333.
scenario latevisit
cat >l.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X8,2026-10-26 09:00,complaint,道路交通安全,李家村,13911110018,路牌倒了
END
cat >l.events <<'END'
X8 dispatch 2026-10-26T09:02
X8 respond  2026-10-26T09:12
X8 verify   2026-10-26T09:20 verdict=genuine
X8 plan     2026-10-26T09:30
X8 reply    2026-10-26T09:40
X8 resolve  2026-10-28T10:00
X8 visit    2026-10-29T10:00 resolved=no satisfaction=very_unsatisfied now=2026-11-06T10:00:00+08:00
END
intake l.csv "$OCT_NOW"
replay l.events "$OCT_NOW"
rank
expect station 交通安全站 1  6 6 6 6  6 6  5 5 5 0  1 1 1 1  100 10 1 \
    null null 0
rank --as-of 2026-11-06T09:59:59+08:00
WHAT="latevisit, as of Nov 6 09:59:59"
expect station 交通安全站 1  6 6 6 6  6 6  5 5 5 0  1 1 1 1  100 10 1 \
    null null 0
rank --as-of 2026-11-06T10:00:00+08:00
WHAT="latevisit, as of Nov 6 10:00"
expect station 交通安全站 1  6 6 6 6  6 6  5 5 5 1  1 1 5/6 5/6 \
    '30 + 35*5/6 + 35*5/6' 10 1  null null 0

# ---- the cut-off: a response recorded after it ----
# X9's response at Oct 27 09:10 (8 minutes) is recorded on Nov 6: as of
# the cut-off it was never responded (5/6); as of Nov 6 it was on time.
# Resolved Oct 29, visited Oct 30, recorded in time.
scenario lateresponse
cat >p.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X9,2026-10-27 09:00,complaint,道路交通安全,王庄村,13911110019,桥面裂缝
END
cat >p.events <<'END'
X9 dispatch 2026-10-27T09:02
X9 verify   2026-10-27T09:20 verdict=genuine
X9 reply    2026-10-27T09:40
X9 resolve  2026-10-29T10:00
X9 visit    2026-10-30T10:00 resolved=yes satisfaction=satisfied
X9 respond  2026-10-27T09:10 now=2026-11-06T10:00:00+08:00
END
intake p.csv "$OCT_NOW"
replay p.events "$OCT_NOW"
rank
expect station 交通安全站 1  6 6 6 5  6 6  6 6 6 0  5/6 1 1 1 \
    '30*5/6 + 35 + 35' 10 1  null null 0
rank --as-of 2026-11-06T10:00:00+08:00
WHAT="lateresponse, as of Nov 6 10:00"
expect station 交通安全站 1  6 6 6 6  6 6  6 6 6 0  1 1 1 1 \
    100 58/6 1  null null 0

# ---- the cut-off: a ticket taken in after it ----
# X10, received Oct 31, is taken in on Nov 5 at 09:00: not there as of
# 08:00; as of 09:00 it is one more ticket, genuine, not dispatched, not
# yet due (Nov 6): the rates do not move; it is late for dispatch.
scenario lateticket
cat >k.csv <<'END'
id,received_at,kind,category,village,caller_phone,content
X10,2026-10-31 18:00,complaint,道路交通安全,李家村,13911110020,井盖缺失
END
intake k.csv 2026-11-05T09:00:00+08:00
rank
expect station - null  5 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0  null null 0
rank --as-of 2026-11-05T09:00:00+08:00
WHAT="lateticket, as of Nov 5 09:00"
expect station - null  6 6 5 5  5 5  5 5 5 0  1 1 1 1  100 10 1  null null 0
# It has no primary unit yet, so no station counts it.
expect station 交通安全站 1  5 5 5 5  5 5  5 5 5 0  1 1 1 1  100 10 0 \
    null null 0

done_testing
