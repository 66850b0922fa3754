#!/bin/sh
# hl-notify by mail (issue 10, spec/PRACTICE.md): hl-send-mail hands the
# message to `sendmail -t -oi` (here tests/tools/sendmail-capture, which
# behaves so and keeps what it gets): To from the channel (or the person's
# email), the subject RFC 2047-encoded in words that fold, the text UTF-8
# in base64, a file attached as MIME with its name RFC 2231-encoded; two
# notices to a unit's mailbox in one mail; the second escalation reaches
# the principal; line breaks in a subject inject no header; sendmail's 75
# is retried, a missing sendmail fails the notice.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

township
channels "周明,mail," "张建国,mail," "镇纪委,mail,jiwei@chenhu.gov.cn"
message() {     # message TO KEY SUBJECT TEXT [ATTACH]
	jq -cn --arg to "$1" --arg key "$2" --arg s "$3" --arg t "$4" \
	    --arg a "${5:-}" '{event: "message", key: $key, to: [$to],
	    subject: $s, text: $t, attach: (if $a == "" then null else $a end)}'
}
parts() {
	perl "$TOOLS/mail-parts" "$MAIL/$1.eml"
}

# ---- a message with a file, to a person's email ----
S="关于做好2026年冬季清洁取暖设施安全检查工作的通知（请于本周五前反馈）"
printf '站所,检查项,结果\r\n交通安全站,灭火器,合格\r\n' >"11月检查汇总.csv"
message 周明 w1 "$S" "周明同志：
附件为检查汇总，请查收。
（\$HOME 和 \`date\` 都是文字）" "11月检查汇总.csv" >w1.ndjson
run hl-notify --now "2026-11-25 09:00:00" <w1.ndjson
is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "a message with a file: exit 0, silent"
# 39 bytes a word at most, whole characters: 关于做好2026年冬季清洁取暖
# (37 bytes), 设施安全检查工作的通知（请 (39), 于本周五前反馈） (24).
B=$(grep '^--' "$MAIL/1.eml" | head -n 1 | cut -c3-)
is "To: zhouming@chenhu.gov.cn
Subject: =?UTF-8?B?5YWz5LqO5YGa5aW9MjAyNuW5tOWGrOWto+a4hea0geWPluaalg==?= =?UTF-8?B?6K6+5pa95a6J5YWo5qOA5p+l5bel5L2c55qE6YCa55+l77yI6K+3?= =?UTF-8?B?5LqO5pys5ZGo5LqU5YmN5Y+N6aaI77yJ?= => $S
MIME-Version: 1.0
Auto-Submitted: auto-generated
Content-Type: multipart/mixed; boundary=\"$B\"
--- part 1: text/plain; charset=UTF-8
周明同志：
附件为检查汇总，请查收。
（\$HOME 和 \`date\` 都是文字）

--- end
--- part 2: text/csv; charset=UTF-8; name=\"=?UTF-8?B?MTHmnIjmo4Dmn6XmsYfmgLsuY3N2?=\"
attachment; filename=UTF-8''11月检查汇总.csv
站所,检查项,结果
交通安全站,灭火器,合格

--- end" "$(parts 1 | tr -d '\r')" \
    "the mail: To, the subject in RFC 2047 words, the text and the file decoded"
if awk 'length > 78' "$MAIL/1.eml" | grep -q .; then
	not_ok "no line of the mail over 78 characters"
else
	ok "no line of the mail over 78 characters"
fi
is "$(cat "11月检查汇总.csv")" "$(parts 1 | sed -n '/^attachment;/,/^--- end/p' |
    sed '1d; $d' | sed '$d')" "the file arrives byte for byte (CRLF kept)"

# ---- two notices to a unit's mailbox: one mail ----
{ message 镇纪委 j1 "约谈安排" "周三下午约谈交通安全站。"
  message 镇纪委 j2 "回访抽查" "抽查十件已办结工单。"; } >j.ndjson
run hl-notify --now "2026-11-25 09:10:00" <j.ndjson
is "0|" "$rc|$(cat "$ERR")" "two notices to 镇纪委: exit 0"
is "To: jiwei@chenhu.gov.cn
Subject: =?UTF-8?B?57qm6LCI5a6J5o6SIOetiTLmnaE=?= => 约谈安排 等2条
MIME-Version: 1.0
Auto-Submitted: auto-generated
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64
--- part 1: text/plain; charset=UTF-8
约谈安排
周三下午约谈交通安全站。

回访抽查
抽查十件已办结工单。

--- end" "$(parts 2)" "two notices to a unit's mailbox: one mail, both in it"

# ---- a subject that tries to add a header ----
message 周明 inj "$(printf 'Hello\r\nBcc: evil@example.com')" "正文" >inj.ndjson
run hl-notify --now "2026-11-25 09:20:00" <inj.ndjson
is "0|To: zhouming@chenhu.gov.cn
Subject: Hello Bcc: evil@example.com" "$rc|$(sed -n '1,2p' "$MAIL/3.eml")" \
    "line breaks in a subject: spaces, no header added"
is "0" "$(grep -c '^Bcc' "$MAIL/3.eml")" "no Bcc header"

# ---- the principal hears of a late resolve one working day late ----
# M1, a consultation of 11-18 (Wednesday): resolve in 1 working day, by
# 11-19 23:59:59; its handling done at once, only the resolve clock runs.
# At 11-24 12:00 both late-resolve (deputy 李卫东, ...) and late-resolve-2
# (one working day later, 11-20 23:59:59: + the principal 张建国 and the
# discipline commission 王秀英) fire.
take M1 "2026-11-18 10:00:00" consult 道路交通安全 王庄村 13912345678 \
    '{"title": "路灯不亮"}'
handle M1 "2026-11-18 10:30:00"
hl-escalate --now "2026-11-24 12:00:00" <&- >&- 2>/dev/null
run hl-notify --now "2026-11-24 12:00:00" </dev/null
is "0" "$rc" "the escalations of M1: exit 0 (those without a channel are kept)"
is "4.eml 5.eml" "$(cd "$MAIL" && ls | sed -n '4,$p' | tr '\n' ' ' | sed 's/ $//')" \
    "two mails more: the principal's and the discipline commission's"
is "To: zhangjianguo@chenhu.gov.cn
Subject: =?UTF-8?B?44CQ5LqM5qyh552j5Yqe44CRTTEg6Lev54Gv5LiN5Lqu?= => 【二次督办】M1 路灯不亮
MIME-Version: 1.0
Auto-Submitted: auto-generated
X-Hotline-Ticket: M1
Content-Type: text/plain; charset=UTF-8
Content-Transfer-Encoding: base64
--- part 1: text/plain; charset=UTF-8
办结时限11月19日 23:59已过，已超时4天12小时，仍未办结。
承办：交通安全站（黄磊）｜王庄村｜道路交通安全
已报主要领导、镇纪委：请主要领导批示，承办单位立即办结。
详情：hl-show M1

--- end" "$(parts 4)" "late-resolve-2 to the principal, by mail"
is "late-resolve 李卫东 -
late-resolve-2 张建国 mail
late-resolve-2 李卫东 -
late-resolve-2 王秀英 mail" "$(sql "SELECT e.rule || ' ' || o.recipient || ' ' ||
    coalesce(o.channel, '-') FROM outbox o JOIN escalations e ON e.id =
    o.escalation_id WHERE o.recipient IN ('张建国', '李卫东', '王秀英')
    ORDER BY e.rule, o.recipient")" \
    "the deputy is queued too, and 王秀英 reached through 镇纪委's mailbox"
is "To: jiwei@chenhu.gov.cn|【二次督办】M1 路灯不亮" "$(parts 5 | sed -n '1p;
    s/^Subject: .* => //p' | tr '\n' '|' | sed 's/|$//')" "the mail to 镇纪委"

is "late-resolve 0
late-resolve-2 1
new 0
warn-follow_up 0" "$(sql "SELECT DISTINCT coalesce(e.rule, o.kind) || ' ' ||
    o.urgent FROM outbox o LEFT JOIN escalations e ON e.id = o.escalation_id
    WHERE o.ticket_id = 'M1' ORDER BY 1")" \
    "quiet hours may hold all but late-resolve-2 (urgent)"

# ---- sendmail says later: retried; no sendmail: failed ----
message 周明 t1 "测试" "稍后再试" >t1.ndjson
SENDMAIL_EXIT=75 run hl-notify --now "2026-11-25 10:00:00" <t1.ndjson
id=$(sql "SELECT id FROM outbox WHERE key = 'message:t1:周明'")
is "69|hl-notify: cannot deliver outbox $id to 周明 through mail: sendmail-capture: exit 75 as told (exit 75); retry at 2026-11-25T10:01:00+08:00" \
    "$rc|$(cat "$ERR")" "sendmail exit 75: retried a minute later"
HL_SENDMAIL=/nonexistent/sendmail run hl-notify --now "2026-11-25 10:01:00" </dev/null
is "69|hl-notify: cannot deliver outbox $id to 周明 through mail: hl-send-mail: no sendmail at '/nonexistent/sendmail' (install an MTA, or set HL_SENDMAIL) (exit 69); failed: see hl-notify --failed, then --retry ID" \
    "$rc|$(cat "$ERR")" "no sendmail: failed at once"
run hl-notify --now "2026-11-25 10:02:00" --retry "$id" </dev/null
is "0|测试" "$rc|$(parts 6 | sed -n 's/^Subject: .* => //p')" "--retry: sent"

done_testing
