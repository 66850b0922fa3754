#!/bin/sh
# hl-notify when a channel does not take a message (issue 10): a robot
# that refuses it (errcode 93000) or a key file that is open to others or
# missing fails the notice at once, its error kept, listed by --failed and
# re-queued by --retry; HTTP 500 and a connection closed without an answer
# are retried (1, then 5 minutes later); a robot gets at most 20 messages
# a minute, the rest wait for the next run; several notices to one group
# are packed into messages of at most 2048 bytes (WeCom), a longer one cut;
# a cmd:NAME channel runs hl-send-NAME with the message on its standard
# input and the notice in its environment, and one that is missing is
# said and leaves the notice queued.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

D=2026-11-25
township
robots
# message RECIPIENT KEY SUBJECT TEXT [ATTACH]: a message record
message() {
	jq -cn --arg to "$1" --arg key "$2" --arg s "$3" --arg t "$4" \
	    --arg a "${5:-}" '{event: "message", key: $key, to: [$to],
	    subject: $s, text: $t, attach: (if $a == "" then null else $a end)}'
}
# send NOW [OPTIONS] < RECORDS: hl-notify at NOW reading records
send() {
	_now=$1
	shift
	run hl-notify --now "$_now" "$@"
}

# ---- a robot that refuses the message: failed at once ----
printf '%s/cgi-bin/webhook/send?key=no-such-key\n' "$URL" >"$KEYS/bad.key"
chmod 600 "$KEYS/bad.key"
channels "农业站,wecom,$KEYS/bad.key"
message 农业站 m1 "会议通知" "明天九点开会" >m1.ndjson
send "$D 09:00:00" <m1.ndjson
is "69|hl-notify: cannot deliver outbox 1 to 农业站 through wecom: hl-send-wecom: errcode 93000: invalid webhook url (exit 69); failed: see hl-notify --failed, then --retry ID" \
    "$rc|$(cat "$ERR")" "errcode 93000: exit 69, failed at once"
is "wecom no-such-key error: invalid webhook url" "$(posted | head -n 1)" \
    "errcode 93000: the robot was asked once"
run hl-notify --failed
is '{"id":1,"key":"message:m1:农业站","kind":"message","ticket":null,"recipient":"农业站","channel":"wecom","address":"'"$KEYS"'/bad.key","attempts":1,"created_at":"2026-11-25T09:00:00+08:00","next_attempt_at":null,"failed_at":"2026-11-25T09:00:00+08:00","last_error":"exit 69: hl-send-wecom: errcode 93000: invalid webhook url"}' \
    "$(cat "$OUT")" "--failed: the notice, its error kept"
notify "$D 09:05:00"
is "0||" "$rc|$(cat "$ERR")|$(posted)" "a failed notice is not tried again by itself"
channels "农业站,wecom,$KEYS/ny.key"
notify "$D 09:06:00" --retry 1
is "0|wecom $WKEY_NY
$(body wecom "会议通知
明天九点开会")" "$rc|$(posted)" "--retry after the channel is fixed: sent, to the new key"
is "1 message:m1:农业站 wecom 1 sent" "$(outbox)" \
    "--retry: sent, the attempts counted anew"
run hl-notify --failed
is "0|" "$rc|$(cat "$OUT")" "--failed: nothing now"

# ---- key files the sender will not use ----
chmod 644 "$KEYS/ny.key"
message 农业站 m2 "会议通知" "改到十点" >m2.ndjson
send "$D 09:10:00" <m2.ndjson
is "69|hl-notify: cannot deliver outbox 2 to 农业站 through wecom: hl-send-wecom: key file '$KEYS/ny.key' is open to others (mode 0644): chmod 600 it (exit 78); failed: see hl-notify --failed, then --retry ID|" \
    "$rc|$(cat "$ERR")|$(posted)" "a key file open to others: not used, failed at once"
chmod 600 "$KEYS/ny.key"
channels "农业站,wecom,$KEYS/gone.key"
notify "$D 09:11:00" --retry 2
is "69|hl-notify: cannot deliver outbox 2 to 农业站 through wecom: hl-send-wecom: cannot read key file '$KEYS/gone.key': No such file or directory (exit 78); failed: see hl-notify --failed, then --retry ID|" \
    "$rc|$(cat "$ERR")|$(posted)" "a key file that is not there: failed at once"
channels "农业站,wecom,$KEYS/ny.key"
notify "$D 09:12:00" --retry all
is "0|2 message:m2:农业站 wecom 1 sent" "$rc|$(outbox | sed -n 2p)" \
    "--retry all: sent"
posted >/dev/null

# ---- HTTP 500, a connection closed: later, 1 then 5 minutes ----
plan "http 500" close
message 农业站 m3 "会议通知" "地点：三楼" >m3.ndjson
send "$D 09:20:00" <m3.ndjson
is "69|hl-notify: cannot deliver outbox 3 to 农业站 through wecom: hl-send-wecom: HTTP 500: the robot is busy (exit 75); retry at 2026-11-25T09:21:00+08:00" \
    "$rc|$(cat "$ERR")" "HTTP 500: tried again a minute later"
notify "$D 09:21:00"
is "69|hl-notify: cannot deliver outbox 3 to 农业站 through wecom: curl: (52) Empty reply from server (exit 75); retry at 2026-11-25T09:26:00+08:00" \
    "$rc|$(cat "$ERR")" "closed without an answer: tried again 5 minutes later"
notify "$D 09:25:59"
is "0|" "$rc|$(cat "$ERR")" "not before"
notify "$D 09:26:00"
is "0||3 message:m3:农业站 wecom 3 sent" "$rc|$(cat "$ERR")|$(outbox | sed -n 3p)" \
    "the third attempt: sent"
is "3" "$(posted | grep -c '^wecom')" "the robot was asked three times"

# ---- 20 messages a minute per robot ----
channels "王庄村,dingtalk,$KEYS/wz.key" "农业站,wecom,$KEYS/ny.key"
printf '村民大会纪要\n' >纪要.txt
i=1
while [ $i -le 25 ]; do
	message 王庄村 "r$i" "纪要$i" "请查收" "纪要.txt"
	i=$((i + 1))
done >r.ndjson
send "$D 10:00:00" <r.ndjson
is "0|" "$rc|$(cat "$ERR")" "25 messages with a file (each its own): exit 0"
posted >r1.log
is "20" "$(grep -c '^dingtalk' r1.log)" "20 posted to the robot in its minute"
is "$(body dingtalk "纪要1
请查收
附件：$T/纪要.txt")" "$(sed -n 2p r1.log)" \
    "a message with a file: to a robot, the text and the file's path"
is "5" "$(sql "SELECT count(*) FROM outbox WHERE key LIKE 'message:r%'
    AND sent_at IS NULL AND attempts = 0")" "5 wait, not counted as attempts"
notify "$D 10:00:59"
is "0|0" "$rc|$(posted | grep -c '^dingtalk')" "within the minute: none"
notify "$D 10:01:00"
is "0|5" "$rc|$(posted | grep -c '^dingtalk')" "a minute later: the other 5"
is "r21 r22 r23 r24 r25" "$(sql "SELECT group_concat(substr(key, 9, 3), ' ')
    FROM (SELECT key FROM outbox WHERE sent_at = unixepoch('2026-11-25 02:01:00')
    ORDER BY id)")" "the last 5 in order"

# ---- messages of at most 2048 bytes to WeCom ----
# Each notice: the subject "通知NN" (8 bytes), a line break and 401 bytes of
# text: 410; four with the blank lines between them take 1646 bytes, a
# fifth would make 2058.  Then one of 3000 bytes, cut to 2048.
filler=$(printf '汉%.0s' $(seq 130))
i=1
while [ $i -le 12 ]; do
	n=$(printf '%02d' $i)
	message 交通安全站 "p$n" "通知$n" "${filler}第${n}条。"
	i=$((i + 1))
done >p.ndjson
message 交通安全站 long "长文" "$(printf 'a%.0s' $(seq 3000))" >>p.ndjson
channels "交通安全站,wecom,$KEYS/jt.key"
send "$D 11:00:00" <p.ndjson
is "0|" "$rc|$(cat "$ERR")" "13 notices to one group: exit 0"
entry() { printf '通知%02d\n%s第%02d条。' "$1" "$filler" "$1"; }
four() { printf '%s\n\n%s\n\n%s\n\n%s' "$(entry $1)" "$(entry $(($1 + 1)))" \
    "$(entry $(($1 + 2)))" "$(entry $(($1 + 3)))"; }
posted >p.log
is "4" "$(grep -c '^wecom' p.log)" "13 notices: 4 messages"
is "$(body wecom "$(four 1)")
$(body wecom "$(four 5)")
$(body wecom "$(four 9)")
$(body wecom "长文
$(printf 'a%.0s' $(seq 2038))…")" "$(sed -n '2p; 4p; 6p; 8p' p.log)" \
    "four of 1646 bytes each, and the long one cut with … to 2048"
sizes=$(sed -n '2p; 4p; 6p; 8p' p.log | while IFS= read -r l; do
	printf '%s' "$l" | jq -j .text.content | wc -c | tr -d ' '
done | tr '\n' ' ')
is "1646 1646 1646 2048 " "$sizes" "their sizes in bytes"

# ---- cmd:NAME: hl-send-NAME from the senders' directory ----
mkdir senders
cat >senders/hl-send-sms <<'EOF'
#!/bin/sh
# logs its environment and its input, as a gateway would send them
{
	echo "argv: $*"
	env | grep '^HL_\(CHANNEL\|ADDRESS\|SUBJECT\|TICKET\|RECIPIENT\|MENTIONS\|ATTACH\|OUTBOX\)=' | sort
	echo "stdin:"
	cat
	echo
} >>"$SMS_LOG"
EOF
chmod 755 senders/hl-send-sms
channels "陈静,cmd:sms,0531-8888 6666"
message 陈静 s1 "值班提醒" "今晚值班" >s1.ndjson
send "$D 12:00:00" <s1.ndjson
is "69|hl-notify: cannot run '$TOP/scripts/hl-send-sms': No such file or directory; outbox $(sql "SELECT id FROM outbox WHERE key = 'message:s1:陈静'") to 陈静 through cmd:sms is kept" \
    "$rc|$(cat "$ERR")" "a missing channel command: said, exit 69"
is "0|" "$(sql "SELECT attempts || '|' || coalesce(sent_at, '') FROM outbox
    WHERE key = 'message:s1:陈静'")" "a missing channel command: the notice is kept, no attempt counted"
SMS_LOG=$T/sms.log HL_SENDERS=$T/senders notify "$D 12:01:00"
is "0" "$rc" "cmd:sms from HL_SENDERS: exit 0"
is "argv: 
HL_ADDRESS=0531-8888 6666
HL_ATTACH=
HL_CHANNEL=cmd:sms
HL_MENTIONS=
HL_OUTBOX=$(sql "SELECT id FROM outbox WHERE key = 'message:s1:陈静'")
HL_RECIPIENT=陈静
HL_SUBJECT=值班提醒
HL_TICKET=
stdin:
值班提醒
今晚值班" "$(cat sms.log)" "cmd:sms: no arguments, the notice in the environment, the message on stdin"

done_testing
