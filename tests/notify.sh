# notify.sh - what the hl-notify tests share, sourced after lib.sh: the
# township of escalate.sh (its directory, policy and 2026 calendar, and
# take, dispatch, upd), the channel commands of scripts/, mail through the
# sendmail capture (tests/tools/sendmail-capture, its messages in $MAIL),
# and the robot server standing in for WeCom and DingTalk
# (tests/tools/robot-server).
#
#   . "$(dirname "$0")/lib.sh"
#   . "$TOP/tests/notify.sh"
#   township
#   robots                      # the server; key files in $KEYS
#   channels "交通安全站,wecom,$KEYS/jt.key" "王庄村,dingtalk,$KEYS/wz.key"
#   notify 2026-11-25T10:31:00 # hl-notify --now ... ($rc, $OUT, $ERR)
#   posted                      # what the robots received
. "$TOP/tests/escalate.sh"

TOOLS=$TOP/tests/tools
MAIL=$T/mail
KEYS=$T/keys
mkdir -p "$MAIL" "$KEYS"
export HL_SENDERS="$TOP/scripts" HL_SENDMAIL="$TOOLS/sendmail-capture"
export SENDMAIL_DIR="$MAIL"
unset HL_MAIL_FROM SENDMAIL_EXIT

# The robots of the test township and their secrets.
WKEY_JT=jt-6f1c2a9e-key WKEY_NY=ny-0b7d44c1-key
DTOK_WZ=wz0token9d2 DSEC_WZ=SECwz7e1f0a8b3c5d
DTOK_LJ=lj0token4a1

# robots: starts the robot server (stopped when the test ends) and writes
# the key files: $KEYS/jt.key (WeCom, 交通安全站), ny.key (WeCom, 农业站),
# wz.key (DingTalk with signing, 王庄村), lj.key (DingTalk without, 李家村).
robots() {
	RS=$T/rs
	mkdir -p "$RS"
	printf 'wecom %s\nwecom %s\ndingtalk %s %s\ndingtalk %s\n' "$WKEY_JT" \
	    "$WKEY_NY" "$DTOK_WZ" "$DSEC_WZ" "$DTOK_LJ" >"$RS/robots"
	perl "$TOOLS/robot-server" "$RS" 2>"$RS/stderr" &
	RS_PID=$!
	trap 'kill "$RS_PID" 2>/dev/null; rm -rf "$T"' EXIT
	_n=0
	while [ ! -s "$RS/port" ] && [ $_n -lt 500 ]; do
		sleep 0.01
		_n=$((_n + 1))
	done
	[ -s "$RS/port" ] || bail "the robot server did not start: $(cat "$RS/stderr")"
	PORT=$(cat "$RS/port")
	URL=http://127.0.0.1:$PORT
	printf '%s/cgi-bin/webhook/send?key=%s\n' "$URL" "$WKEY_JT" >"$KEYS/jt.key"
	printf '%s/cgi-bin/webhook/send?key=%s\n' "$URL" "$WKEY_NY" >"$KEYS/ny.key"
	printf '%s/robot/send?access_token=%s\n%s\n' "$URL" "$DTOK_WZ" \
	    "$DSEC_WZ" >"$KEYS/wz.key"
	printf '%s/robot/send?access_token=%s\n' "$URL" "$DTOK_LJ" >"$KEYS/lj.key"
	chmod 600 "$KEYS"/*.key
}

# roads N: N tickets K01..KN of 王庄村's roads (交通安全站 and the
# committee), each its own caller, received 2026-11-25 08:58, taken in.
roads() {
	awk -v n="$1" 'BEGIN { for (i = 1; i <= n; i++) printf "{\"id\":\"K%02d\",\"received_at\":\"2026-11-25 08:58:00\",\"content\":\"路灯不亮 %d\",\"kind\":\"complaint\",\"category\":\"道路交通安全\",\"village\":\"王庄村\",\"caller\":{\"phone\":\"139%08d\"}}\n", i, i, i }' \
	    >"$T/.roads.ndjson"
	hl-intake -q --now "2026-11-25 08:58:00" "$T/.roads.ndjson" >/dev/null \
	    2>"$T/.setup" || bail "cannot take in: $(cat "$T/.setup")"
}

# plan LINE...: what the robot server does with its next requests
plan() {
	printf '%s\n' "$@" >>"$RS/plan"
}

# channels ROW...: imports the channels table (rows "target,channel,address")
channels() {
	printf 'target,channel,address\n' >"$T/.channels.csv"
	printf '%s\n' "$@" >>"$T/.channels.csv"
	hl-ledger -q import channels "$T/.channels.csv" 2>"$T/.setup" ||
		bail "cannot import channels: $(cat "$T/.setup")"
}

# notify NOW [OPTIONS]: hl-notify at NOW, nothing on its standard input
notify() {
	_now=$1
	shift
	run hl-notify --now "$_now" "$@" </dev/null
}

# posted: what the robots received since the last call, one request a
# line: "ROBOT KEY-OR-TOKEN [signed] [error: ...]", then the body as JSON.
posted() {
	touch "$RS/log" "$RS/seen"
	tail -n +"$(($(wc -l <"$RS/seen") + 1))" "$RS/log" >"$T/.new"
	cat "$T/.new" >>"$RS/seen"
	jq -r '"\(.robot) \(.key // .token)"
		+ (if .signed then " signed" else "" end)
		+ (if .error then " error: \(.error)" else "" end),
		.raw' "$T/.new"
}

# body ROBOT CONTENT [MOBILE...]: the JSON body the robot must receive
body() {
	_robot=$1 _content=$2
	shift 2
	if [ "$_robot" = wecom ]; then
		jq -cn --arg c "$_content" --args '{msgtype: "text", text: ({content: $c}
			+ (if ($ARGS.positional | length) > 0
			   then {mentioned_mobile_list: $ARGS.positional} else {} end))}' "$@"
	else
		jq -cn --arg c "$_content" --args '{at: {atMobiles: $ARGS.positional,
			isAtAll: false}, msgtype: "text", text: {content: ($c
			+ (if ($ARGS.positional | length) > 0
			   then "\n" + ($ARGS.positional | map("@" + .) | join(" "))
			   else "" end))}}' "$@"
	fi
}

# outbox: the outbox as "ID KEY CHANNEL ATTEMPTS STATE", STATE being sent,
# failed or pending (with the next attempt's time and the error's first
# line, if any)
outbox() {
	sql "SELECT id || ' ' || key || ' ' || coalesce(channel, '-') || ' '
	     || attempts || ' ' || CASE WHEN sent_at IS NOT NULL THEN 'sent'
	     WHEN failed_at IS NOT NULL THEN 'failed' ELSE 'pending '
	     || strftime('%H:%M', next_attempt_at, 'unixepoch', '+8 hours') END
	     || coalesce(' | ' || substr(last_error, 1,
	        instr(last_error || char(10), char(10)) - 1), '')
	     FROM outbox ORDER BY id"
}
