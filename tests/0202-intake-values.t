#!/bin/sh
# hl-intake: values as upstream exports write them: kinds in Chinese (with
# and without 类), urgent as 是/否 and friends, the accepted time forms,
# phone numbers normalised (and never echoed when refused).
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
cp "$I/kinds.csv" "$I/times.csv" "$I/phones.csv" .

# ---- kinds and urgent ----
run hl-intake kinds.csv
is_rc 65 "kinds: bad records make exit 65"
is '["K01","consult",true]
["K02","help",false]
["K03","complaint",true]
["K04","report",false]
["K05","suggestion",true]
["K06","praise",false]
["K07","consult",true]
["K08","complaint",false]
["K09","consult",true]
["K10","praise",false]
["K11","help",true]
["K12","complaint",false]
["K13","report",false]
["K14","suggestion",true]
["K15","help",false]
["K16",null,false]' "$(jq -c '[.id, .kind, .urgent]' "$OUT")" \
    "kinds: Chinese labels (and 类) map to the codes; urgent 是/否 and friends"
is "hl-intake: error (at kinds.csv:18): field 'kind': unknown kind '闲聊' (expected consult, help, complaint, report, suggestion or praise)
hl-intake: error (at kinds.csv:19): field 'urgent': expected true or false (or 是/否)
hl-intake: error (at kinds.csv:20): field 'kind': unknown kind '类' (expected consult, help, complaint, report, suggestion or praise)
hl-intake: 19 read, 16 new, 0 duplicate, 3 rejected" "$(cat "$ERR")" \
    "kinds: unknown kind and bad urgent reported with their lines"
is "K01|consult|1
K02|help|0
K07|consult|1
K16||0" "$(sql "SELECT id, kind, urgent FROM tickets
    WHERE id IN ('K01', 'K02', 'K07', 'K16') ORDER BY id")" \
    "kinds: stored as codes, urgent as 1/0"

# ---- times ----
run hl-intake times.csv
is_rc 65 "times: bad records make exit 65"
is '["T1","2026-11-25T09:12:00+08:00",null]
["T2","2026-11-25T09:12:00+08:00",null]
["T3","2026-11-25T09:12:00+08:00",null]
["T4","2026-11-25T09:12:00+08:00",null]
["T5","2026-11-25T09:12:00+08:00",null]
["T6","2026-11-25T09:12:30+08:00",null]
["T7","2026-11-25T09:12:00+08:00",null]
["T8","2026-11-25T09:12:00+08:00",null]
["D1","2026-11-25T09:12:00+08:00","2026-11-30T23:59:59+08:00"]
["D2","2026-11-25T09:12:00+08:00","2026-12-01T23:59:59+08:00"]
["D3","2026-11-25T09:12:00+08:00","2026-11-30T18:00:00+08:00"]
["D4","2026-11-25T09:12:00+08:00","2026-11-25T23:59:59+08:00"]' \
    "$(jq -c '[.id, .received_at, .due_at]' "$OUT")" \
    "times: upstream local forms, RFC 3339 with any offset, out in local time"
is "hl-intake: error (at times.csv:14): field 'received_at': cannot parse time '2026-11-25'
hl-intake: error (at times.csv:15): field 'received_at': cannot parse time '2026-02-30 09:00'
hl-intake: error (at times.csv:16): field 'received_at': cannot parse time '25/11/2026 09:00'
hl-intake: error (at times.csv:17): field 'received_at': cannot parse time '2026-11-25 24:00'
hl-intake: error (at times.csv:18): field 'due_at': cannot parse time 'next week'
hl-intake: error (at times.csv:19): field 'due_at': earlier than received_at
hl-intake: error (at times.csv:20): field 'due_at': earlier than received_at
hl-intake: 19 read, 12 new, 0 duplicate, 7 rejected" "$(cat "$ERR")" \
    "times: each bad time reported with its field and line"
is "$(date -d '2026-11-25T09:12:00+08:00' +%s)|$(date -d '2026-11-30T23:59:59+08:00' +%s)" \
    "$(sql "SELECT received_at, due_at FROM tickets WHERE id = 'D1'")" \
    "times: stored as epoch seconds"

# ---- phones ----
run hl-intake phones.csv
is_rc 65 "phones: implausible numbers make exit 65"
is '["F01","13812345678"]
["F02","13812345678"]
["F03","13812345678"]
["F04","13812345678"]
["F05","13812345678"]
["F06","01065123456"]
["F07","057187654321"]
["F08","6512345"]
["F09","55512345"]' "$(jq -c '[.id, .caller.phone]' "$OUT")" \
    "phones: spaces, dashes, brackets and +86/0086/86 removed"
is "hl-intake: error (at phones.csv:11): field 'caller.phone': not a plausible phone number
hl-intake: error (at phones.csv:12): field 'caller.phone': not a plausible phone number
hl-intake: error (at phones.csv:13): field 'caller.phone': not a plausible phone number
hl-intake: error (at phones.csv:14): field 'caller.phone': not a plausible phone number
hl-intake: error (at phones.csv:15): field 'caller.phone': not a plausible phone number
hl-intake: error (at phones.csv:16): field 'caller.phone': not a plausible phone number
hl-intake: 15 read, 9 new, 0 duplicate, 6 rejected" "$(cat "$ERR")" \
    "phones: each implausible number reported with its line"
leaked=
for p in 54321 1381234567 139876543210 1397654321 0076543210 12098765432; do
	grep -q -- "$p" "$ERR" && leaked="$leaked $p"
done
is "" "$leaked" "phones: no refused number appears on stderr"
is "13812345678" "$(sql "SELECT DISTINCT caller_phone FROM tickets
    WHERE id LIKE 'F0%' AND id <= 'F05'")" "phones: stored as digits only"

done_testing
