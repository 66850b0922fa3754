#!/bin/sh
# Shell metacharacters and terminal escapes in a ticket's text reach the
# message as text and run nothing (issue 10): the channel commands are
# started without a shell, the message goes on their standard input, and
# control characters become '?' (a line break in a one-line field a
# space), so that no message can move a terminal's cursor or retitle it.
# Through the WeCom robot (the exact JSON), by mail (the subject and the
# text decoded) and through a cmd:NAME command (its input, byte for byte).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

D=2026-11-25
township
robots
mkdir senders
cat >senders/hl-send-keep <<EOF
#!/bin/sh
cat >"$T/kept.txt"
printf '%s\n' "\$HL_SUBJECT" >"$T/kept.subject"
EOF
chmod 755 senders/hl-send-keep
ln -s "$TOP/scripts/hl-send-wecom" senders/hl-send-wecom
ln -s "$TOP/scripts/hl-send-mail" senders/hl-send-mail
export HL_SENDERS=$T/senders
channels "交通安全站,wecom,$KEYS/jt.key" "何勇,mail,heyong@chenhu.gov.cn" \
    "林芳,cmd:keep,"

esc=$(printf '\033')
bel=$(printf '\007')
title="\$(touch pwned-title)${esc}[2J${bel}"
content="灯不亮\`touch pwned-tick\`;echo x>pwned-gt|cat&&rm -rf bin; '\"\\ \${HOME} *?~	tab${esc}]0;owned${bel}
第二行"
jq -cn --arg t "$title" --arg c "$content" '{id: "M1",
    received_at: "2026-11-25 09:50:00", title: $t, content: $c,
    kind: "complaint", category: "道路交通安全", village: "王庄村",
    caller: {name: "张三; rm -rf ~", phone: "13912345678"}}' >m1.ndjson
jq -cn --arg t "$title" --arg c "$content" '{id: "M2",
    received_at: "2026-11-25 09:50:00", title: $t, content: $c,
    kind: "complaint", category: "道路交通安全", village: "李家村"}' >m2.ndjson
hl-intake -q --now "$D 09:50:00" m1.ndjson m2.ndjson >/dev/null 2>"$T/.setup" ||
	bail "cannot take in: $(cat "$T/.setup")"
mkdir bin
dispatch M1 "$D 10:00:00"
dispatch M2 "$D 10:00:00"
notify "$D 10:00:30"
is "0|" "$rc|$(cat "$ERR")" "exit 0"

stitle="\$(touch pwned-title)?[2J?"
scontent="灯不亮\`touch pwned-tick\`;echo x>pwned-gt|cat&&rm -rf bin; '\"\\ \${HOME} *?~	tab?]0;owned? 第二行"
tail="请于11月25日 10:30前响应确认诉求；办结时限12月2日 23:59。"
is "wecom $WKEY_JT
$(body wecom "【新工单】M1 $stitle
投诉｜道路交通安全｜王庄村
诉求：$scontent
来电人：139****5678
$tail
详情：hl-show M1

【新工单】M2 $stitle
投诉｜道路交通安全｜李家村
诉求：$scontent
来电人：—
$tail
详情：hl-show M2" 13800000012)" "$(posted)" \
    "WeCom: the text as text, escapes as '?', the exact JSON"
is "To: heyong@chenhu.gov.cn
【新工单】M1 $stitle
投诉｜道路交通安全｜王庄村
诉求：$scontent
来电人：139****5678
请于11月25日 10:30前到现场核实情况；办结时限12月2日 23:59。
详情：hl-show M1" "$(perl "$TOOLS/mail-parts" "$MAIL/1.eml" |
    sed -n '1p; s/^Subject: .* => //p; /^--- part 1/,/^--- end/p' |
    sed '/^--- /d; /^$/d')" "mail: the subject and the text as text"
is "【新工单】M2 $stitle
投诉｜道路交通安全｜李家村
诉求：$scontent
来电人：—
请于11月25日 10:30前到现场核实情况；办结时限12月2日 23:59。
详情：hl-show M2|【新工单】M2 $stitle" "$(cat kept.txt)|$(cat kept.subject)" \
    "cmd:keep: its input and HL_SUBJECT, byte for byte"
for f in pwned-title pwned-tick pwned-gt; do
	[ -e "$T/$f" ] && not_ok "nothing ran: $f exists" || ok "nothing ran: no $f"
done
[ -d "$T/bin" ] && ok "nothing ran: bin/ is still there" ||
	not_ok "nothing ran: bin/ is gone"
if LC_ALL=C grep -q "$esc" "$RS/log" "$MAIL/1.eml" kept.txt kept.subject; then
	not_ok "no escape character reached any channel"
else
	ok "no escape character reached any channel"
fi
run hl-notify --now "$D 10:00:30" --pending
is "0|" "$rc|$(cat "$OUT")" "all sent"

done_testing
