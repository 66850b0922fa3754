#!/bin/sh
# hl-ledger import channels (hl-ledger(1), hl-notify(1)): a unit's work
# group or a person's own channel.  target must be a unit or a person of
# the directory; channel wecom, dingtalk, mail or cmd:NAME; a robot's
# address is the full path of its key file (never a key); a mail address
# is one, and may be left empty for a person with an email.  Every bad row
# is named, and then nothing is imported (78); a good file replaces the
# table; a misspelt column is refused.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

township
csv() {         # csv ROW...: channels.csv with the header
	printf 'target,channel,address\n' >channels.csv
	printf '%s\n' "$@" >>channels.csv
}
table() {
	sql "SELECT target || '|' || channel || '|' || address FROM channels
	     ORDER BY target"
}

csv "交通安全站,wecom,/etc/hotline/jt.key" \
    "王庄村,dingtalk,/etc/hotline/wz.key" \
    "周明,mail," \
    "赵志刚,mail,zhao@chenhu.gov.cn" \
    "镇纪委,mail,jiwei@chenhu.gov.cn" \
    "陈静,cmd:sms,0531-8888 6666" \
    "李家村,cmd:feishu_2,https://example.invalid/hook"
run hl-ledger import channels channels.csv
is "0|hl-ledger: channels: 7 rows imported" "$rc|$(cat "$ERR")" \
    "a good table: 7 rows imported"
is "交通安全站|wecom|/etc/hotline/jt.key
周明|mail|
李家村|cmd:feishu_2|https://example.invalid/hook
王庄村|dingtalk|/etc/hotline/wz.key
赵志刚|mail|zhao@chenhu.gov.cn
镇纪委|mail|jiwei@chenhu.gov.cn
陈静|cmd:sms|0531-8888 6666" "$(table)" "the rows as given (an empty address is '')"

csv "农业站,wecom,/etc/hotline/ny.key"
run hl-ledger import channels channels.csv
is "0|hl-ledger: channels: 1 row imported|农业站|wecom|/etc/hotline/ny.key" \
    "$rc|$(cat "$ERR")|$(table)" "a second import replaces the table"

# ---- bad rows: each named, nothing imported ----
csv "农业站,wecom,/etc/hotline/ny2.key" \
    "王二,mail,wang@x.cn" \
    "交通安全站,wechat,/etc/hotline/jt.key" \
    "李家村,cmd:,x" \
    "李家村,cmd:Feishu,x" \
    "交通安全站,wecom,jt.key" \
    "王庄村,dingtalk," \
    "镇纪委,mail,jiwei at chenhu" \
    "镇纪委,mail," \
    "吴刚,mail," \
    "赵志刚,mail,\"zhao@x.cn, li@x.cn\"" \
    "农业站,mail,ny@x.cn" \
    ",mail,a@x.cn" \
    "孙丽华,,"
run hl-ledger import channels channels.csv
is "78" "$rc" "bad rows: exit 78"
is "hl-ledger: error (at channels.csv:3): target '王二' is neither a unit nor a person (import units and people first)
hl-ledger: error (at channels.csv:4): unknown channel 'wechat' (expected wecom, dingtalk, mail or cmd:NAME)
hl-ledger: error (at channels.csv:5): channel 'cmd:': a command's NAME is 1 to 32 lowercase letters, digits, _ or -
hl-ledger: error (at channels.csv:6): channel 'cmd:Feishu': a command's NAME is 1 to 32 lowercase letters, digits, _ or -
hl-ledger: error (at channels.csv:7): column 'address': wecom needs the full path of the robot's key file (mode 0600), not 'jt.key'
hl-ledger: error (at channels.csv:8): column 'address': dingtalk needs the full path of the robot's key file (mode 0600), not ''
hl-ledger: error (at channels.csv:9): column 'address': not a mail address
hl-ledger: error (at channels.csv:10): column 'address': mail to unit '镇纪委' needs an address
hl-ledger: error (at channels.csv:11): column 'address': '吴刚' has no email in people
hl-ledger: error (at channels.csv:12): column 'address': not a mail address
hl-ledger: error (at channels.csv:13): target '农业站' appears twice
hl-ledger: error (at channels.csv:14): missing 'target'
hl-ledger: error (at channels.csv:15): missing 'channel'
hl-ledger: channels.csv: nothing imported: fix what is named above" \
    "$(cat "$ERR")" "bad rows: each named with its line"
is "农业站|wecom|/etc/hotline/ny.key" "$(table)" "bad rows: the table is as it was"

printf 'target,channel,adress\n农业站,wecom,/x\n' >channels.csv
run hl-ledger import channels channels.csv
is "78|hl-ledger: channels: unknown column 'adress' (the columns are target,channel,address)
hl-ledger: channels.csv: nothing imported: fix what is named above" \
    "$rc|$(cat "$ERR")" "a misspelt column: refused"
printf 'target,channel\n农业站,mail\n' >channels.csv
run hl-ledger import channels channels.csv
is "78|hl-ledger: error (at channels.csv:2): column 'address': mail to unit '农业站' needs an address
hl-ledger: channels.csv: nothing imported: fix what is named above" \
    "$rc|$(cat "$ERR")" "the address column may be left out, not for a unit's mail"
printf '\357\273\277target,channel,address\r\n农业站,"cmd:sms","0531,8888"\r\n' \
    >channels.csv
run hl-ledger -q import channels channels.csv
is "0||农业站|cmd:sms|0531,8888" "$rc|$(cat "$ERR")|$(table)" \
    "a byte-order mark, CRLF and quoted cells, as Excel writes"
printf 'target,channel,address\n农业站,cmd:sms,"a\nb"\n' >channels.csv
run hl-ledger import channels channels.csv
is "78|hl-ledger: error (at channels.csv:2): column 'address': a control character" \
    "$rc|$(head -n 1 "$ERR")" "an address with a line break: refused"

done_testing
