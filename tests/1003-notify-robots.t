#!/bin/sh
# hl-notify through the group robots (issue 10, spec/PRACTICE.md
# "Delivering notifications"), against a real HTTP server on 127.0.0.1
# standing in for WeCom and DingTalk (tests/tools/robot-server): the exact
# JSON bodies, the @mention lists, the DingTalk signature; new work orders
# to the handler and the village committee, batched per group; the
# escalations that follow; errcode 45009 retried after a minute; a robot
# that never answers killed at the timeout and retried after 5 minutes;
# the robots' keys never on a command line, in an environment, in the
# ledger or in any output.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

D=2026-11-25
township
robots
channels "交通安全站,wecom,$KEYS/jt.key" "王庄村,dingtalk,$KEYS/wz.key" \
    "李家村,dingtalk,$KEYS/lj.key"

# M1 (王庄村) and M2 (李家村), both 道路交通安全: 交通安全站 (its head 黄磊)
# and the village committees (何勇 of 王庄村, 林芳 of 李家村).
take M1 "$D 09:50:00" complaint 道路交通安全 王庄村 13912345678 \
    '{"title": "路灯不亮"}'
take M2 "$D 09:55:00" complaint 道路交通安全 李家村 13700001111 \
    '{"title": "井盖缺失"}'
dispatch M1 "$D 10:00:00"
dispatch M2 "$D 10:02:00"

# ---- new work orders: one message per group ----
new1="【新工单】M1 路灯不亮
投诉｜道路交通安全｜王庄村
诉求：诉求 M1
来电人：139****5678"
new2="【新工单】M2 井盖缺失
投诉｜道路交通安全｜李家村
诉求：诉求 M2
来电人：137****1111"
tail1="办结时限12月2日 23:59。
详情：hl-show M1"
tail2="办结时限12月2日 23:59。
详情：hl-show M2"
notify "$D 10:02:30"
is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "new work orders: exit 0, silent"
is "wecom $WKEY_JT
$(body wecom "$new1
请于11月25日 10:30前响应确认诉求；$tail1

$new2
请于11月25日 10:32前响应确认诉求；$tail2" 13800000012)
dingtalk $DTOK_WZ signed
$(body dingtalk "$new1
请于11月25日 10:30前到现场核实情况；$tail1" 13800000014)
dingtalk $DTOK_LJ
$(body dingtalk "$new2
请于11月25日 10:32前到现场核实情况；$tail2" 13800000013)" "$(posted)" \
    "new work orders: 交通安全站's group gets both in one message, @黄磊 once; each committee its own, signed where the robot signs"
is "1 assignment:3:primary wecom 1 sent
2 assignment:3:village dingtalk 1 sent
3 assignment:4:primary wecom 1 sent
4 assignment:4:village dingtalk 1 sent" "$(outbox)" \
    "new work orders: one outbox row per assignment, all sent"
is "wecom|1 3|0
dingtalk|2|0
dingtalk|4|0" "$(sql "SELECT channel || '|' || outbox || '|' || status
    FROM deliveries ORDER BY id")" \
    "new work orders: three deliveries recorded"
notify "$D 10:02:40"
is "0|||" "$rc|$(cat "$OUT")|$(cat "$ERR")|$(posted)" "a second run: nothing again"

# ---- 10:31: late-respond of M1 (10:30) and warn-respond of M2 (80% of
# its 30 minutes); 45009 from WeCom, retried after a minute ----
hl-escalate --now "$D 10:31:00" <&- >&- 2>"$T/.setup" ||
	bail "hl-escalate: $(cat "$T/.setup")"
late1="【督办】M1 路灯不亮
响应时限11月25日 10:30已过，已超时1分钟。
承办：交通安全站（黄磊）｜王庄村
请立即响应确认诉求，并登记办理情况。
详情：hl-show M1"
warn2="【预警】M2 井盖缺失
响应时限11月25日 10:32将到，还剩1分钟。
承办：交通安全站（黄磊）｜李家村
请抓紧响应确认诉求。
详情：hl-show M2"
plan "errcode 45009"
notify "$D 10:31:00"
is "69" "$rc" "45009: exit 69 (a delivery failed)"
is "hl-notify: warning: no channel for 赵志刚 (nor for unit 镇党委政府): outbox 7 (ticket 'M1' late-respond) is kept; see hl-notify --pending
hl-notify: cannot deliver outbox 5 8 to 黄磊 through wecom: hl-send-wecom: errcode 45009: api freq out of limit (the robot's rate limit; later) (exit 75); retry at 2026-11-25T10:32:00+08:00" \
    "$(cat "$ERR")" "45009: the area leader without a channel, and the retry, said"
is "wecom $WKEY_JT
$(body wecom "$late1

$warn2" 13800000012)
dingtalk $DTOK_WZ signed
$(body dingtalk "$late1" 13800000014)
dingtalk $DTOK_LJ
$(body dingtalk "$warn2" 13800000013)" "$(posted)" \
    "10:31: the station's group gets both notices @黄磊 (refused); each committee its own"
E45009="exit 75: hl-send-wecom: errcode 45009: api freq out of limit (the robot's rate limit; later)"
is "5 escalation:1:黄磊 wecom 1 pending 10:32 | $E45009
6 escalation:1:何勇 dingtalk 1 sent
7 escalation:1:赵志刚 - 0 pending 10:31 | no channel for 赵志刚 (nor for unit 镇党委政府)
8 escalation:2:黄磊 wecom 1 pending 10:32 | $E45009
9 escalation:2:林芳 dingtalk 1 sent" \
    "$(outbox | sed -n '5,$p')" "45009: the rows wait a minute; the rest sent or kept"
is "2" "$(sql "SELECT count(*) FROM escalations WHERE notified_at IS NOT NULL")" \
    "both escalations are marked notified"
notify "$D 10:31:30"
is "0|||" "$rc|$(cat "$ERR")|$(posted)|$(cat "$OUT")" \
    "half a minute later: nothing due, nothing said (the row without a channel is not said again)"
notify "$D 10:32:00"
is "0|wecom $WKEY_JT
$(body wecom "$late1

$warn2" 13800000012)|" "$rc|$(posted)|$(cat "$ERR")" \
    "a minute later: sent, the same message"
is "5 escalation:1:黄磊 wecom 2 sent
8 escalation:2:黄磊 wecom 2 sent" "$(outbox | sed -n '5p; 8p')" \
    "a minute later: sent on the second attempt"
run hl-notify --pending
is '0|{"id":7,"key":"escalation:1:赵志刚","kind":"late","ticket":"M1","recipient":"赵志刚","channel":null,"address":null,"attempts":0,"created_at":"2026-11-25T10:31:00+08:00","next_attempt_at":"2026-11-25T10:31:00+08:00","failed_at":null,"last_error":"no channel for 赵志刚 (nor for unit 镇党委政府)"}' \
    "$rc|$(cat "$OUT")" "--pending: the one without a channel, saying so"

# ---- 10:33: late-respond of M2; the station's robot hangs, killed at the
# timeout;
# meanwhile no process shows a key ----
hl-escalate --now "$D 10:33:00" <&- >&- 2>"$T/.setup" ||
	bail "hl-escalate: $(cat "$T/.setup")"
plan hang
hl-notify --now "$D 10:33:00" --timeout 3 >hang.out 2>hang.err </dev/null &
victim=$!
n=0
while ! grep -q '"plan":"hang"' "$RS/log" && [ $n -lt 500 ]; do
	sleep 0.01
	n=$((n + 1))
done
# The sender is waiting for its answer now: look at every process, with
# one grep that takes the keys from a file (its own argv holds none).
printf '%s\n' "$WKEY_JT" "$WKEY_NY" "$DTOK_WZ" "$DSEC_WZ" "$DTOK_LJ" >keys.txt
sender=$(pgrep -P "$victim")
group=$(pgrep -g "$sender" | sort -n | tr '\n' ' ')
leaks=$(grep -alsFf keys.txt /proc/[0-9]*/cmdline /proc/[0-9]*/environ)
is "" "$leaks" "while the robot hangs: no key in any process's argv or environment"
is "hl-send-wecom|curl -K -" "$(for p in $group; do tr '\0' ' ' <"/proc/$p/cmdline"; echo; done |
    sed 's|^/usr/bin/perl [^ ]*/||; s| $||' | tr '\n' '|' | sed 's/|$//')" \
    "while the robot hangs: the sender and its curl, that takes its URL on standard input"
wait "$victim"
vrc=$?
is "69|hl-notify: warning: no channel for 赵志刚 (nor for unit 镇党委政府): outbox 12 (ticket 'M2' late-respond) is kept; see hl-notify --pending
hl-notify: cannot deliver outbox 10 to 黄磊 through wecom: no answer in 3 s, killed (exit 75); retry at 2026-11-25T10:34:00+08:00" \
    "$vrc|$(cat hang.err)" "a robot that never answers: killed at the timeout, exit 69, retried"
is "10 escalation:3:黄磊 wecom 1 pending 10:34 | no answer in 3 s, killed
11 escalation:3:林芳 dingtalk 1 sent
12 escalation:3:赵志刚 - 0 pending 10:33 | no channel for 赵志刚 (nor for unit 镇党委政府)" \
    "$(outbox | sed -n '10,$p')" "a robot that never answers: the row waits; the others go on"
posted >/dev/null
notify "$D 10:34:00"
is "0|wecom $WKEY_JT" "$rc|$(posted | head -n 1)" "a minute later: sent"
is "10 escalation:3:黄磊 wecom 2 sent" "$(outbox | sed -n 10p)" \
    "a minute later: sent on the second attempt"

# ---- no key anywhere else ----
sqlite3 "$HL_DB" .dump >ledger.sql
cat "$T"/*.out "$T"/*.err "$OUT" "$ERR" ledger.sql >everything
if grep -qF -e "$WKEY_JT" -e "$WKEY_NY" -e "$DTOK_WZ" -e "$DSEC_WZ" \
    -e "$DTOK_LJ" everything; then
	not_ok "no key in the ledger or in what hl-notify printed"
	grep -F -e "$WKEY_JT" -e "$DTOK_WZ" -e "$DSEC_WZ" everything | head -n 3 |
	    sed 's/^/# /'
else
	ok "no key in the ledger or in what hl-notify printed"
fi
is "$KEYS/jt.key|$KEYS/wz.key|$KEYS/lj.key" \
    "$(sql "SELECT group_concat(address, '|') FROM (SELECT DISTINCT address
            FROM deliveries ORDER BY id)")" \
    "the ledger names the key files, not the keys"
is "" "$(jq -r 'select(.error) | .error' "$RS/log")" \
    "the robots found nothing wrong with any request"

done_testing
