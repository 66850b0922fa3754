#!/bin/sh
# hl-rank: the station ranking of October 2026 as of the 5th of November,
# 08:00 (tests/rank.sh, tests/fixtures/rank/october.events), every figure
# computed here by hand from the definitions in spec/DOMAIN.md ("Rates and
# rankings"), and the table, CSV and TSV the office publishes.
#
# Per ticket, as of 2026-11-05 08:00 (minutes = response time from the
# final handler's dispatch; "late" stages feed "overdue"; a ticket
# unresolved past its deadline counts as the worst visit):
#
# 国土所     resp.        resolve (due)            visits            late
#  G01  on time 10  on time (10-14)           yes/very_satisfied  -
#  G02  on time 20  on time (10-13, holidays) partly/satisfied    -
#  G03  late 42     on time (10-15)           yes/satisfied       respond
#  G04  never       on time (10-19)           yes/basic           respond
#  G05  on time 18  late (10-20, done 10-22)  yes/satisfied       resolve
#  G06  on time 8   on time (ext. to 10-27)   yes/very_satisfied  -
#  G07  on time 17  unresolved, past 10-27    (counts as no/unsatisfied)
#                                                                 resolve, follow_up
#  G08  on time 13  not yet due (11-06)       -                   -
#  G09  late 50 (transferred in at 10:00, responded 10:50)
#                   on time (10-28)           yes/satisfied       respond
#  G10  malicious: counted in tickets only
# 农业站
#  N01  on time 15  on time                   yes/satisfied       -
#  N02  on time 25  on time (cycle 0)         no/unsatisfied, then yes/satisfied
#                                             (the latest counts)
#  N03  unfounded: tickets only
#  N04  on time 17 (re-dispatched 09:33 after 国土所 returned it)
#                   on time                   yes/very_satisfied  -
#  N05  on time 30 (exactly the limit)
#                   on time                   partly/basic        -
#  N06  late 31     on time                   (recorded after the cut-off)
#                                                                 respond, visit
#  N07  on time 18  on time (due 11-05, resolved 11-04: counted)
#                                             yes/satisfied       -
# 交通安全站 (J02 is a repeat call on J01: not counted; G09 left for 国土所)
#  J01  on time 5   on time                   yes/very_satisfied  -
#  J03  on time 25  on time                   yes/satisfied       -
#  J04  on time 20  on time                   yes/satisfied       dispatch (10 min)
#  J05  on time 23  late (10-30, done 11-02)  yes/basic           resolve
#  J06  on time 28  not yet due (11-06)       -                   verify (never)
# 党政办 (consult: 1 working day)
#  D01  on time 8   on time                   yes/very_satisfied  -
#  D02  on time 18  on time (Fri -> Mon)      yes/satisfied       -
#  D03  on time 18  late (upstream's 10-24 18:00)
#                                             yes/satisfied       resolve
# 信访办: no tickets.
# Handled by cadres (the village is the primary unit, not a station: only
# in the township total):
#  C01  on time 18  on time                   yes/very_satisfied  -
#  C02  late 38     on time                   partly/very_unsatisfied, then yes/basic
#                                             (the latest counts)
#                                                                 respond
#  C03  on time 18  not yet due (15 working days: 11-05)          -
#  C04  on time 28  on time                   yes/satisfied       -
#  C05  on time 12  unresolved, past 11-02    (counts as no/unsatisfied)
#                                                                 resolve
#  C06  malicious
# Outside the period: S01..S12 (September), C07 (November).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"

rank_month

run hl-rank --month 2026-10 --as-of "$CUTOFF" -f json
is_rc 0 "json: exit 0"
is_err "" "json: nothing on stderr"
is "交通安全站
农业站
国土所
党政办
信访办
null" "$(units)" \
    "ranked units by rank, then the unranked by tickets, the township total last"

# In the resolution and satisfaction rates each genuine ticket counts once,
# as it stands at the cut-off: past the resolve deadline of its round and
# unresolved, as the worst visit (unresolved_overdue); else by its latest
# visit (visits), if it has one.

# 交通安全站: tickets 5 (J01 J03 J04 J05 J06), all genuine and dispatched;
# on time 5/5; resolve_due 4 (J06 not yet due), on time 3 (J05 late) -> 3/4;
# visits 4, resolved 4, satisfied 4 (basic counts); none unresolved past
# due.  Score 30*5/5 + 35*4/4 + 35*4/4 = 100.  Responses 5+25+20+23+28 =
# 101 minutes over 5.  Overdue: J04, J05, J06 = 3.
# September: S11 on time, S12 late -> 1/2; 1 visit yes/satisfied:
# 30*1/2 + 35 + 35 = 85, 2 tickets < 5: not ranked.
expect station 交通安全站 1  5 5 5 5  4 3  4 4 4 0  5/5 3/4 4/4 4/4 \
    '30*5/5 + 35*4/4 + 35*4/4' 101/5 3  null 85 2

# 农业站: tickets 7 (N01..N07), genuine 6 (N03 unfounded), dispatched 6;
# on time 5 (N06 31 min) -> 5/6; resolve_due 6 (N07 resolved before its
# due time counts), on time 6; visits 5: N01 N04 N05 N07, and N02 once, by
# its latest visit (yes/satisfied; its first, no/unsatisfied, reopened it
# and was made good); N06's visit is after the cut-off and N06 resolved on
# time, so it is in neither.  Resolved 4 (N01 N02 N04 N07), satisfied 5
# (+ N05 basic).  Score 30*5/6 + 35*4/5 + 35*5/5 = 25 + 28 + 35 = 88.
# Responses 15+25+17+30+31+18 = 136 over 6.  Overdue: N06 = 1.
# September: 5/5 on time; 5 visits, 5 yes, 4 satisfied (S10 yes/
# unsatisfied reopened it; its new round is due Oct 10, after the cut-off
# of Oct 5): 30 + 35 + 35*4/5 = 93, rank 1.
expect station 农业站 2  7 6 6 5  6 6  5 4 5 0  5/6 6/6 4/5 5/5 \
    '30*5/6 + 35*4/5 + 35*5/5' 136/6 1  1 93 5

# 国土所: tickets 10 (G01..G10), genuine 9 (G10 malicious), dispatched 9;
# on time 6 (G01 G02 G05 G06 G07 G08; G03 12 min late, G04 never, G09 20
# min late after the transfer) -> 6/9; resolve_due 8 (G08 not yet due), on
# time 6 (G05 late, G07 unresolved) -> 6/8; visits 7, resolved by the
# caller 6 (G02 partly), satisfied 7; G07, due Oct 27 and unresolved,
# counts as the worst visit: 1.  Resolution 6/(7+1), satisfaction
# 7/(7+1).  Score 30*6/9 + 35*6/8 + 35*7/8 = 20 + 26.25 + 30.625 = 76.875:
# third, behind 农业站 (it was 85 and second when G07 simply dropped out).
# Responses 10+20+42+18+8+17+13+50 = 178 minutes over 8 (G04 none).
# Overdue: G03 G04 G05 G07 G09 = 5.
# September (as of Oct 5 08:00; S05's visit was recorded Oct 20, and S05
# was resolved on time): on time 4/5 (S05 late), visits 4: 3 yes (S04
# partly), 4 satisfied: 30*4/5 + 35*3/4 + 35*4/4 = 24 + 26.25 + 35 = 85.25,
# rank 2.
expect station 国土所 3  10 9 9 6  8 6  7 6 7 1  6/9 6/8 6/8 7/8 \
    '30*6/9 + 35*6/8 + 35*7/8' 178/8 5  2 85.25 5

# 党政办: tickets 3 (D01..D03), all genuine, on time 3/3; resolve_due 3,
# on time 2 (D03) -> 2/3; visits 3, 3 yes, 3 satisfied.  Score 100, but 3
# genuine tickets < 5: listed, not ranked.  Responses 8+18+18 = 44 over 3.
# Overdue: D03.  September: no tickets.
expect station 党政办 null  3 3 3 3  3 2  3 3 3 0  3/3 2/3 3/3 3/3 \
    '30*3/3 + 35*3/3 + 35*3/3' 44/3 1  null null 0

# 信访办: known to the directory, no tickets: every rate null, no score.
expect station 信访办 null  0 0 0 0  0 0  0 0 0 0  null null null null \
    null null 0  null null 0

# The township: every ticket received in October, whoever handled it:
# tickets 10+7+5+3 + C01..C06 = 31; genuine 9+6+5+3+5 = 28 (G10 N03 C06
# left out), dispatched 28; on time 6+5+5+3 + 4 (C02 late) = 23;
# resolve_due 8+6+4+3 + 4 (C03 not yet due) = 25, on time 6+6+3+2 + 3 (C05
# unresolved) = 20; visits 7+5+4+3 + 3 (C01, C02 by its latest, yes/basic,
# C04) = 22, resolved 6+4+4+3 + 3 = 20, satisfied 7+5+4+3 + 3 = 22;
# unresolved past due: G07 and C05 (due Nov 2) = 2.  Resolution 20/24 and
# satisfaction 22/24, as when every visit counted: N02's and C02's first
# visits (neither resolved nor satisfied) are out, G07 and C05 in.
# Responses 178+136+101+44 + (18+38+18+28+12 = 114) = 573 minutes over
# 8+6+5+3+5 = 27.  Overdue 5+1+3+1 + 2 (C02 C05) = 12.
# September: 12 tickets, on time 4+5+1 = 10, visits 4+5+1 = 10, resolved
# 3+5+1 = 9, satisfied 4+4+1 = 9: 30*10/12 + 35*9/10 + 35*9/10 = 88.
expect station - null  31 28 28 23  25 20  22 20 22 2  23/28 20/25 20/24 22/24 \
    '30*23/28 + 35*20/24 + 35*22/24' 573/27 12  null 88 12

# The same figures for people, in a spreadsheet and in a table.  Each
# golden file holds the numbers above (percentages and the table's one
# decimal rounded half to even, as GB/T 8170: 22.25 -> 22.2, 85.25 -> 85.2).
run hl-rank --month 2026-10 --as-of "$CUTOFF"
is_rc 0 "table: exit 0"
is_file "$RFIX/october-station.table" "$OUT" "table: as expected"
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f csv
is_rc 0 "csv: exit 0"
is_file "$RFIX/october-station.csv" "$OUT" "csv: as expected (CRLF)"
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f tsv
is_rc 0 "tsv: exit 0"
is_file "$RFIX/october-station.tsv" "$OUT" "tsv: as expected"

# The default level is station; -l and --by say so too.
run hl-rank --month 2026-10 --as-of "$CUTOFF" --by station -f csv
is_file "$RFIX/october-station.csv" "$OUT" "--by station: the same"
run hl-rank -m 2026-10 -a "$CUTOFF" -l station -f csv
is_file "$RFIX/october-station.csv" "$OUT" "-m -a -l: the same"

# Reading the ledger changes nothing in it.
before=$(sql "SELECT count(*), max(seq) FROM events")
hl-ledger check >/dev/null 2>&1 && ok "the ledger checks clean" ||
    not_ok "the ledger checks clean"
is "$before" "$(sql "SELECT count(*), max(seq) FROM events")" \
    "hl-rank writes no event"

done_testing
