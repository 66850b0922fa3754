#!/bin/sh
# hl-intake: repeat calls (并单).  A call from the same phone about the same
# village and category within the repeat window (policy, default 30 days)
# is linked to the original: repeat_of names the original, even for the
# third call; repeat_count on the original counts the calls; each repeat is
# a 'repeat' event on the original.  The window edge is exact.
. "$(dirname "$0")/lib.sh"

at() { date -d "$1" +%s; }
links() {
	sql "SELECT id, coalesce(repeat_of, '-'), repeat_count FROM tickets
	     ORDER BY id"
}

# ---- three calls and the ones that differ ----
cat >calls1.csv <<'END'
id,received_at,content,caller_phone,village,category
R1,2026-10-01 08:00:00,路口缺红绿灯,13812345678,东村,道路交通安全
R2,2026-10-05 08:00:00,还是没有红绿灯,138 1234 5678,东村,道路交通安全
R4,2026-10-06 08:00:00,别的村,13812345678,西村,道路交通安全
R5,2026-10-06 08:00:00,别的分类,13812345678,东村,政策咨询
R6,2026-10-06 08:00:00,别的电话,13900000000,东村,道路交通安全
R7,2026-10-06 08:00:00,没有电话,,东村,道路交通安全
END
cat >calls2.csv <<'END'
id,received_at,content,caller_phone,village,category
R3,2026-10-20 08:00:00,第三次来电,+86 138-1234-5678,东村,道路交通安全
END
run hl-intake calls1.csv
is_rc 0 "calls: exit 0"
is '["R1",null]
["R2","R1"]
["R4",null]
["R5",null]
["R6",null]
["R7",null]' "$(jq -c '[.id, .repeat_of]' "$OUT")" \
    "second call printed with repeat_of; other village, category, phone or no phone not linked"
run hl-intake calls2.csv
is_rc 0 "third call (another run): exit 0"
is '"R1"' "$(jq -c .repeat_of "$OUT")" \
    "third call: repeat_of is the original, not the second call"
is 'R1|-|3
R2|R1|2
R3|R1|3
R4|-|1
R5|-|1
R6|-|1
R7|-|1' "$(links)" "the original counts 3 calls; the others stand alone"
is "R1|repeat|$(at 2026-10-05T08:00:00+08:00)|{\"call\":\"R2\",\"repeat_count\":2,\"merged_into\":\"R1\"}
R1|repeat|$(at 2026-10-20T08:00:00+08:00)|{\"call\":\"R3\",\"repeat_count\":3,\"merged_into\":\"R1\"}" \
    "$(sql "SELECT ticket_id, event, at, details FROM events
        WHERE event = 'repeat' ORDER BY seq")" \
    "repeat events on the original, at the time of each call"
is 7 "$(sql "SELECT count(*) FROM events WHERE event = 'receive'")" \
    "every call has its own receive event"
run hl-ledger check
is_rc 0 "hl-ledger check passes (repeat counts agree with the links)"

# Re-running counts nothing twice.
before=$(sql "SELECT * FROM tickets ORDER BY id; SELECT * FROM events ORDER BY seq")
run hl-intake calls1.csv calls2.csv
is_rc 0 "re-run: exit 0"
is_err "hl-intake: 7 read, 0 new, 7 duplicate, 0 rejected" "re-run: duplicates"
is "$before" "$(sql "SELECT * FROM tickets ORDER BY id; SELECT * FROM events ORDER BY seq")" \
    "re-run: counts and events unchanged"

# ---- the edge of the default window (30 days) ----
HL_DB=$T/edge.db
cat >edge.csv <<'END'
id,received_at,content,caller_phone,village,category
W1,2026-10-01 08:00:00,first,13811110000,东村,道路交通安全
W2,2026-10-31 08:00:00,30 days later,13811110000,东村,道路交通安全
X1,2026-10-01 08:00:00,first,13822220000,东村,道路交通安全
X2,2026-10-31 08:00:01,30 days and a second later,13822220000,东村,道路交通安全
END
run hl-intake edge.csv
is_rc 0 "window edge: exit 0"
is 'W1|-|2
W2|W1|2
X1|-|1
X2|-|1' "$(links)" "window edge: 30 days apart linked, 30 days + 1 s not"

# ---- --repeat-window ----
cat >window.csv <<'END'
id,received_at,content,caller_phone,village,category
Y1,2026-11-01 08:00:00,first,13833330000,东村,道路交通安全
Y2,2026-11-04 08:00:00,72 h later,13833330000,东村,道路交通安全
Z1,2026-11-01 08:00:00,first,13844440000,东村,道路交通安全
Z2,2026-11-04 08:00:01,72 h + 1 s later,13844440000,东村,道路交通安全
END
HL_DB=$T/w72.db run hl-intake --repeat-window 72h window.csv
is_rc 0 "--repeat-window 72h: exit 0"
is 'Y1|-|2
Y2|Y1|2
Z1|-|1
Z2|-|1' "$(HL_DB=$T/w72.db links)" "--repeat-window 72h: 72 h linked, 72 h + 1 s not"
HL_DB=$T/w30.db run hl-intake window.csv
is 'Y1|-|2
Y2|Y1|2
Z1|-|2
Z2|Z1|2' "$(HL_DB=$T/w30.db links)" "the same calls with the default window: both linked"
HL_DB=$T/w3d.db run hl-intake -w 3d window.csv
is "$(HL_DB=$T/w72.db links)" "$(HL_DB=$T/w3d.db links)" "-w 3d is the same as 72h"
HL_DB=$T/w4320m.db run hl-intake -w 4320m window.csv
is "$(HL_DB=$T/w72.db links)" "$(HL_DB=$T/w4320m.db links)" "-w 4320m is the same as 72h"

# ---- the window from the ledger's policy ----
HL_DB=$T/policy.db
printf 'stage,scope,limit\nrepeat_window,*,3d\n' >policy.csv
run hl-ledger import policy policy.csv
is_rc 0 "policy repeat_window 3d imported"
run hl-intake window.csv
is_rc 0 "policy window: exit 0"
is "$(HL_DB=$T/w72.db links)" "$(links)" "policy repeat_window 3d: 72 h linked, 72 h + 1 s not"
HL_DB=$T/policy2.db
hl-ledger -q import policy policy.csv
run hl-intake --repeat-window 30d window.csv
is "$(HL_DB=$T/w30.db links)" "$(links)" "--repeat-window beats the policy"

done_testing
