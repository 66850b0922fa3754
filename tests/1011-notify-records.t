#!/bin/sh
# The two records other programs send hl-notify (hl-notify(1), RECORDS):
# {"event":"digest","kind":"daily","date","person","text"}, queued once per
# kind, date and person under the outbox key digest:KIND:DATE:PERSON and
# rendered by the digest template; {"event":"message","key","to":[...],
# "subject","text","attach"}, queued once per key and recipient (a person
# or a unit), the file named by its full path.  Records that are not right
# are named and set aside (65) and the others go on.  A dry run prints each
# message as a JSON line.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

D=2026-11-25
township
channels "周明,mail," "交通安全站,cmd:group,x" "农业站,cmd:group,y"
digest() {      # digest DATE PERSON TEXT
	jq -cn --arg d "$1" --arg p "$2" --arg t "$3" \
	    '{event: "digest", kind: "daily", date: $d, person: $p, text: $t}'
}

# ---- digests: once per date and person ----
digest 2026-11-25 周明 "今日受理 12 件，办结 9 件。
超时 1 件：GD20261125002（国土所）。" >d1.ndjson
digest 2026-11-25 黄磊 "今日交办 3 件。" >>d1.ndjson
run hl-notify --now "$D 18:00:00" --dry-run <d1.ndjson
is "0|" "$rc|$(cat "$ERR")" "digests, dry run: exit 0"
is '{"channel":"mail","address":"zhouming@chenhu.gov.cn","recipients":["周明"],"mentions":[],"tickets":[],"subject":"【每日工单汇总】2026-11-25 周明","text":"今日受理 12 件，办结 9 件。\n超时 1 件：GD20261125002（国土所）。"}
{"channel":"cmd:group","address":"x","recipients":["黄磊"],"mentions":["13800000012"],"tickets":[],"subject":"【每日工单汇总】2026-11-25 黄磊","text":"【每日工单汇总】2026-11-25 黄磊\n今日交办 3 件。"}' \
    "$(cat "$OUT")" "digests, dry run: to 周明 by mail (the text only), to 黄磊 in his unit's group (@ him)"
is "0" "$(sql "SELECT count(*) FROM outbox")" "a dry run queues nothing"
run hl-notify --now "$D 18:00:00" --via true <d1.ndjson
is "0||digest:daily:2026-11-25:周明 digest:daily:2026-11-25:黄磊" \
    "$rc|$(cat "$ERR")|$(sql "SELECT group_concat(key, ' ') FROM outbox WHERE sent_at IS NOT NULL")" \
    "digests: queued under digest:daily:DATE:PERSON and sent"
digest 2026-11-25 周明 "重发的汇总" >d2.ndjson
digest 2026-11-26 周明 "次日汇总" >>d2.ndjson
run hl-notify --now "$D 18:30:00" --via true <d2.ndjson
is "0|3|次日汇总" "$rc|$(sql "SELECT count(*) FROM outbox")|$(sql "SELECT body FROM
    outbox WHERE key = 'digest:daily:2026-11-26:周明'")" \
    "the same date and person again: not queued; the next day: queued"

# ---- messages: once per key and recipient ----
printf 'a,b\n1,2\n' >周报.csv
jq -cn '{event: "message", key: "weekly-2026-W48", to: ["周明", "交通安全站"],
    subject: "第48周周报", text: "周报见附件。", attach: "周报.csv"}' >m1.ndjson
run hl-notify --now "$D 19:00:00" --dry-run <m1.ndjson
is "0|" "$rc|$(cat "$ERR")" "a message, dry run: exit 0"
is '{"channel":"mail","address":"zhouming@chenhu.gov.cn","recipients":["周明"],"mentions":[],"tickets":[],"subject":"第48周周报","text":"周报见附件。","attach":"'"$T"'/周报.csv"}
{"channel":"cmd:group","address":"x","recipients":["交通安全站"],"mentions":[],"tickets":[],"subject":"第48周周报","text":"第48周周报\n周报见附件。\n附件：'"$T"'/周报.csv","attach":"'"$T"'/周报.csv"}' \
    "$(cat "$OUT")" "a message: the file by its full name; a group gets its path in the text"
run hl-notify --now "$D 19:00:00" --via true <m1.ndjson
jq -cn '{event: "message", key: "weekly-2026-W48", to: ["周明", "交通安全站",
    "农业站"], subject: "第48周周报", text: "周报见附件。", attach: "周报.csv"}' >m2.ndjson
run hl-notify --now "$D 19:05:00" --via true <m2.ndjson
is "0|message:weekly-2026-W48:周明 message:weekly-2026-W48:交通安全站 message:weekly-2026-W48:农业站" \
    "$rc|$(sql "SELECT group_concat(key, ' ') FROM (SELECT key FROM outbox
    WHERE key LIKE 'message:%' ORDER BY id)")" \
    "the same key with one more recipient: only the new one queued"

# ---- a person of a group without a mobile: said in the text ----
# 陈静 of 镇政务服务中心 has a landline only; 黄磊 of 交通安全站 a mobile.
channels "周明,mail," "交通安全站,cmd:group,x" "镇政务服务中心,cmd:group,z"
jq -cn '{event: "message", key: "duty", to: ["陈静", "黄磊"],
    subject: "值班", text: "今晚值班"}' >duty.ndjson
run hl-notify --now "$D 19:20:00" --dry-run <duty.ndjson
is '0|{"channel":"cmd:group","address":"z","recipients":["陈静"],"mentions":[],"tickets":[],"subject":"值班","text":"值班\n今晚值班\n（陈静未登记手机号，无法@提醒）"}
{"channel":"cmd:group","address":"x","recipients":["黄磊"],"mentions":["13800000012"],"tickets":[],"subject":"值班","text":"值班\n今晚值班"}' \
    "$rc|$(cat "$OUT")" "no mobile to @mention: the text says so; a mobile: @mentioned"

# ---- more due than one pass takes (2000): every one, in order ----
awk 'BEGIN { for (i = 1; i <= 2100; i++) printf "{\"event\":\"message\",\"key\":\"n%d\",\"to\":[\"周明\"],\"subject\":\"通知%d\",\"text\":\"x\"}\n", i, i }' \
    >many.ndjson
run hl-notify --now "$D 19:30:00" --dry-run <many.ndjson
is "0|2100|通知1|通知2100" "$rc|$(wc -l <"$OUT" | tr -d ' ')|$(head -n 1 "$OUT" |
    jq -r .subject)|$(tail -n 1 "$OUT" | jq -r .subject)" \
    "2100 due messages: all of them, oldest first"

# ---- records that are not right: named, set aside, the rest go on ----
cat >bad.ndjson <<'EOF'
{"event":"digest","kind":"daily","date":"2026-11-31","person":"周明","text":"x"}
{"event":"digest","kind":"daily","date":"2026-11-27","person":"王二","text":"x"}
{"event":"digest","kind":"Daily!","date":"2026-11-27","person":"周明","text":"x"}
{"event":"digest","kind":"daily","date":"2026-11-27","person":"交通安全站","text":"x"}
{"event":"message","key":"k1","to":["周明","王二"],"subject":"s","text":"t"}
{"event":"message","key":"k2","to":[],"subject":"s","text":"t"}
{"event":"message","key":"k3","to":"周明","subject":"s","text":"t"}
{"event":"message","key":"k4","to":["周明"],"subject":"s","text":"t","attach":"no-such-file.csv"}
{"event":"message","key":"k5","to":["周明"],"subject":"s","text":"t","attach":"."}
{"event":"message","key":"","to":["周明"],"subject":"s","text":"t"}
{"event":"message","key":"k6","to":[7],"subject":"s","text":"t"}
{"event":"bulletin","key":"b"}
{"event":7}
{"rule":"late-respond"}
{"event":"escalation","rule":"late-respond","ticket":{"id":"M1"}}
{"event":"message","key":"good","to":["周明"],"subject":"好","text":"这一条没问题"}
EOF
run hl-notify --now "$D 20:00:00" --via true <bad.ndjson
is "65" "$rc" "bad records: 65"
is "hl-notify: error (at <stdin>:1): a digest record needs kind (a word), date (YYYY-MM-DD), person and text
hl-notify: error (at <stdin>:2): digest: '王二' is not a person in the directory
hl-notify: error (at <stdin>:3): a digest record needs kind (a word), date (YYYY-MM-DD), person and text
hl-notify: error (at <stdin>:4): digest: '交通安全站' is not a person in the directory
hl-notify: error (at <stdin>:5): message: '王二' is neither a person nor a unit in the directory
hl-notify: error (at <stdin>:6): a message record needs key, to (a list of people or units), subject and text; attach is a file or null
hl-notify: error (at <stdin>:7): a message record needs key, to (a list of people or units), subject and text; attach is a file or null
hl-notify: error (at <stdin>:8): message: cannot read attachment 'no-such-file.csv'
hl-notify: error (at <stdin>:9): message: cannot read attachment '.'
hl-notify: error (at <stdin>:10): a message record needs key, to (a list of people or units), subject and text; attach is a file or null
hl-notify: error (at <stdin>:11): message: 'to' must list names
hl-notify: error (at <stdin>:12): unknown record 'bulletin' (expected escalation, digest, message or a ticket)
hl-notify: error (at <stdin>:13): 'event' must be a string
hl-notify: error (at <stdin>:14): neither a ticket (no 'id') nor an escalation, digest or message record
hl-notify: error (at <stdin>:15): an escalation record needs ticket.id, rule and at (a time)" \
    "$(cat "$ERR")" "bad records: each named where it is"
is "message:good:周明" "$(sql "SELECT group_concat(key, ' ') FROM outbox WHERE
    key NOT LIKE 'digest:%' AND key NOT LIKE 'message:weekly%'")" \
    "bad records: nothing of them queued (not 周明 of line 5 either); the good one is"

done_testing
