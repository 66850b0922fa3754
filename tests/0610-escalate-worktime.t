#!/bin/sh
# Warnings in working time (spec/DOMAIN.md, "Escalation"): a clock whose
# limit is in working days warns when 80% of its working time is gone (the
# hours of working days only: weekends and holidays do not count), so
# never on a day off; minute, hour and calendar-day limits and the
# upstream's due time keep the wall clock.  hl-escalate --explain and
# hl-show say the same: --explain gives the warning's time, hl-show calls
# the clock 即将超时 (about to be late) from that moment.  Pauses do not
# count.  A ledger from before (schema 1) has every running clock looked
# at again by the next check.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/escalate.sh"

{ cat policy.csv; echo 'follow_up,*,30d'; } >policy-fu30.csv
row() { printf '%-16s%-7s%s\n' "$@"; }

# ---- the audit's case: received on the make-up Sunday 2026-09-20 ----
# 5wd: 09-21, 22, 23, 24, (25-27 中秋 off) 28: due Mon 09-28 23:59:59.
# Working time: 09-20 from 10:00 (50400 s), four days, 86399 s on 09-28:
# 482399 s.  80% (385919 s) are gone 76319 s into Thu 09-24: 21:11:59.
# On the wall clock 80% fell on Sun 09-27 06:47:59, inside the holiday.
township policy-fu30.csv
take A1 "2026-09-20 10:00:00" complaint 道路交通安全 王庄村 13900000091
handle A1 "2026-09-20 10:00:00"
run hl-escalate --now "2026-09-24 21:00:00" --explain A1
is "$(row warn-resolve 1 "due 2026-09-24T21:11:59+08:00")" \
    "$(grep '^warn-resolve ' "$OUT")" "--explain: warn-resolve due Thu 09-24 21:11:59"
run hl-show --now "2026-09-24 21:11:58" A1
like '^  办结 +5wd +2026-09-28 23:59 +- +剩余 4天2小时$' "$(grep '^  办结 ' "$OUT")" \
    "hl-show a second before: time left, no more"
fires "2026-09-24 21:11:58" "" "nothing a second before"
run hl-escalate --now "2026-09-24 21:11:59" --explain A1
is "$(row warn-resolve 1 "due now: fires on the next run")" \
    "$(grep '^warn-resolve ' "$OUT")" "--explain at 21:11:59: due now"
run hl-show --now "2026-09-24 21:11:59" A1
like '^  办结 +5wd +2026-09-28 23:59 +- +即将超时，剩余 4天2小时$' \
    "$(grep '^  办结 ' "$OUT")" "hl-show at the same moment: 即将超时"
fires "2026-09-24 21:11:59" "A1 warn-resolve 0 resolve 09-28T23:59:59 21:11:59" \
    "warn-resolve at Thu 09-24 21:11:59, a working day"
fires "2026-09-27 06:47:59" "" "nothing on Sunday 09-27 (中秋)"
run hl-escalate --now "2026-09-27 12:00:00" --explain A1
is "$(row warn-resolve 1 "fired 2026-09-24T21:11:59+08:00")" \
    "$(grep '^warn-resolve ' "$OUT")" "--explain: fired"
run hl-show --now "2026-09-27 12:00:00" A1
like '^  办结 +5wd +2026-09-28 23:59 +- +即将超时，剩余 1天12小时$' \
    "$(grep '^  办结 ' "$OUT")" "hl-show on the holiday: still 即将超时"
# A minute clock of the same ticket on the wall clock: respond 30m from
# a dispatch on the Sunday of the holiday warns at 24 minutes.
take A2 "2026-09-27 10:00:00" complaint 道路交通安全 王庄村 13900000092
dispatch A2 "2026-09-27 10:00:00"
ONLY=warn-respond
fires "2026-09-27 10:24:00" "A2 warn-respond 0 respond 10:30:00 10:24:00" \
    "a minute limit: the wall clock, a holiday or not"
unset ONLY

# ---- many clocks, none warns on a day off ----
# 60 tickets received every 17 hours from Mon 09-14 (over 中秋 and 国庆),
# complaints (5wd) and consultations (1wd) in turn: each warn-resolve,
# as --explain gives it, falls on a working day of the 2026 calendar.
HL_DB=$T/many.db
township
jq -cn '[range(60)] | .[] | {id: "M\(.)", content: "诉求",
    received_at: ((1789351200 + . * 61200) | strflocaltime("%Y-%m-%d %H:%M:%S")),
    kind: (if . % 2 == 0 then "complaint" else "consult" end)}' >many.ndjson
hl-intake -q --now "2026-11-01 00:00:00" many.ndjson >/dev/null 2>"$T/.setup" ||
	bail "cannot take in many.ndjson: $(cat "$T/.setup")"
off=$(jq -r '.days[] | select(.isOffDay) | .date' 2026.json)
on=$(jq -r '.days[] | select(.isOffDay | not) | .date' 2026.json)
bad=
for i in $(seq 0 59); do
	w=$(hl-escalate --now "2026-09-01 00:00:00" --explain "M$i" |
	    sed -n 's/^warn-resolve .* due \(....-..-..\)T.*/\1/p')
	[ -n "$w" ] || { bad="$bad M$i:none"; continue; }
	dow=$(date -d "$w" +%u)
	if printf '%s\n' "$off" | grep -qx "$w" ||
	   { [ "$dow" -ge 6 ] && ! printf '%s\n' "$on" | grep -qx "$w"; }; then
		bad="$bad M$i:$w"
	fi
done
is "" "$bad" "60 clocks over two holidays: no warning on a day off"
is 60 "$(sql "SELECT count(*) FROM deadlines WHERE stage = 'resolve'")" \
    "(60 resolve clocks looked at)"

# ---- paused: the pause does not count ----
# Received Wed 11-25 09:00, 5wd; suspended Fri 11-27 10:00, resumed Mon
# 11-30 10:00: the deadline moves a working day, to Thu 12-03 23:59:59;
# the running time before the warning (388799 s) plus the paused working
# time (Fri 14 h and Mon 10 h: 86400 s) is gone on Wed 12-02 20:59:59.
HL_DB=$T/paused.db
township policy-fu30.csv
take P1 "2026-11-25 09:00:00" complaint 道路交通安全 王庄村 13900000093
handle P1 "2026-11-25 09:00:00"
upd P1 "2026-11-27 10:00:00" suspend --reason 等待来电人补充材料
upd P1 "2026-11-30 10:00:00" resume
ONLY=resolve
fires "2026-12-02 20:59:58" "" "paused: nothing at Wed 20:59:58"
fires "2026-12-02 20:59:59" "P1 warn-resolve 0 resolve 12-03T23:59:59 20:59:59" \
    "paused: warn-resolve at Wed 12-02 20:59:59"
unset ONLY

# ---- a ledger from before: its clocks are looked at again ----
# Schema 1 stored the wall-clock warning point as next_check: for a 5wd
# clock from Mon 11-23 10:00 (due Mon 11-30 23:59:59) Sun 11-29 11:35:59.
# The working-time warning is Fri 11-27 21:11:59: the first check after
# the upgrade sees it.
HL_DB=$T/old.db
sqlite3 "$HL_DB" <"$TOP/lib/schema.sql"
# (its 2026 calendar by SQL: an import would migrate the ledger first)
jq -r '.days[] | "INSERT INTO calendar VALUES (\u0027\(.date)\u0027, \(if .isOffDay then 0 else 1 end), \u0027\(.name)\u0027);"' \
    2026.json | sqlite3 "$HL_DB"
sqlite3 "$HL_DB" "PRAGMA user_version = 1; PRAGMA application_id = 1215263852;
    INSERT INTO tickets (id, received_at, content, kind, category, village,
        source_hash, created_at, updated_at)
    VALUES ('O1', $(date -d '2026-11-23T10:00:00+08:00' +%s), '诉求 O1',
        'complaint', '道路交通安全', '王庄村', 'x', 0, 0);
    INSERT INTO deadlines (ticket_id, cycle, stage, started_at, \"limit\",
        due_at, next_check)
    VALUES ('O1', 0, 'resolve', $(date -d '2026-11-23T10:00:00+08:00' +%s),
        '5wd', $(date -d '2026-11-30T23:59:59+08:00' +%s),
        $(date -d '2026-11-29T11:35:59+08:00' +%s))"
fires "2026-11-27 21:12:00" "O1 warn-resolve 0 resolve 11-30T23:59:59 21:12:00" \
    "an old ledger: migrated, its clock looked at, warned on Friday, not Sunday"
is "2|$(date -d '2026-12-01T00:00:00+08:00' +%s)" \
    "$(sql "PRAGMA user_version; SELECT next_check FROM deadlines" | paste -sd'|')" \
    "schema 2; next look: the second after the deadline"

done_testing
