#!/bin/sh
# hl-notify's command line (spec/CONTRACT.md, spec/PRACTICE.md): --help and
# --version; usage errors exit 64 with "Try 'hl-notify --help'" and create
# no ledger; a missing ledger exits 66; templates from --templates DIR are
# checked before anything is queued or sent (an unknown placeholder, an
# unknown template file, a stray brace: 78, and the ledger unchanged); a
# good template is used, its placeholders filled; --retry of an unknown or
# a sent notice exits 65.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

TRY="Try 'hl-notify --help' for more information."
D=2026-11-25

# ---- --help, --version ----
for o in --help -h; do
	run hl-notify $o
	is_rc 0 "$o: exit 0"
	like '^usage: hl-notify ' "$(head -n 1 "$OUT")" "$o: usage on stdout"
	for w in '--dry-run' '--via CMD' '--templates DIR' '--timeout SECONDS' \
	    '--retry ID|all' '--pending' '--failed'; do
		like "$w" "$(cat "$OUT")" "$o: names $w"
	done
	is_err "" "$o: nothing on stderr"
done
run hl-notify --version
is "0|hl-notify (hotline) 0.1.0" "$rc|$(cat "$OUT")" "--version"

# ---- usage errors: 64, the message and the hint, nothing on stdout ----
usage() {       # usage MESSAGE NAME ARGS...
	_msg=$1 _name=$2
	shift 2
	run hl-notify "$@"
	is "64|hl-notify: $_msg
$TRY|" "$rc|$(cat "$ERR")|$(cat "$OUT")" "$_name: exit 64, message and hint"
}
usage "unknown option '--bogus'" "an unknown option" --bogus
usage "option '--via' needs an argument" "--via without CMD" --via
for s in 0 -1 abc 86401 ''; do
	usage "--timeout: expected 1 to 86400 (seconds)" "--timeout '$s'" \
	    --timeout "$s"
done
for r in x 0 -3 1.5 ''; do
	usage "--retry: expected an outbox id or 'all', not '$r'" "--retry '$r'" \
	    --retry "$r"
done
usage "--pending and --failed take no other work" "--pending FILE" \
    --pending file.ndjson
usage "--pending and --failed take no other work" "--failed --retry" \
    --failed --retry 3
usage "--pending and --failed take no other work" "--pending --dry-run" \
    --pending --dry-run
usage "--via: no command 'no-such-sender'" "--via a command not in PATH" \
    --via no-such-sender
usage "--via: no command './missing'" "--via a path that is not there" \
    --via ./missing
usage "--now: cannot read time 'soon' (expected 2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], 2026/11/25 9:12 or a date 2026-11-25)" \
    "a bad --now" --now soon
if [ -e "$HL_DB" ]; then
	not_ok "usage errors create no ledger"
else
	ok "usage errors create no ledger"
fi

# ---- a missing ledger: 66, none created ----
for how in "" "--dry-run" "--pending" "--failed"; do
	run hl-notify -d "$T/missing.db" $how </dev/null
	is "66|hl-notify: ledger '$T/missing.db' does not exist (create it with 'hl-ledger init')|" \
	    "$rc|$(cat "$ERR")|$(cat "$OUT")" "a missing ledger${how:+ ($how)}: 66"
done
[ -e "$T/missing.db" ] && not_ok "no ledger made" || ok "no ledger made"

# ---- an empty ledger: nothing to do, nothing said ----
township
notify "$D 10:00:00"
is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "nothing owed: exit 0, silent"
for l in --pending --failed; do
	run hl-notify $l
	is "0||" "$rc|$(cat "$OUT")|$(cat "$ERR")" "$l on an empty outbox"
done

# ---- templates: checked before anything is queued ----
# 黄磊 (交通安全站) and 何勇 (王庄村 committee) get M1 at 10:00; its respond
# clock (30m) runs out at 10:30; hl-escalate fires late-respond at 10:31
# with its output closed: 3 recipients, nothing notified yet.
take M1 "$D 09:50:00" complaint 道路交通安全 王庄村 13912345678 \
    '{"title": "路灯不亮"}'
dispatch M1 "$D 10:00:00"
hl-escalate --now "$D 10:31:00" <&- >&- 2>"$T/.setup" ||
	bail "hl-escalate: $(cat "$T/.setup")"
state() {
	sql "SELECT (SELECT count(*) FROM outbox) || ' ' || (SELECT count(*)
	     FROM escalations WHERE notified_at IS NULL) || ' ' || (SELECT value
	     FROM settings WHERE key = 'notify_seq')"
}
is "0 1 0" "$(state)" "set-up: one escalation owed, no outbox row"
KNOWS="this template knows ticket, title, content, kind, category, village, \
address, caller_phone, received, urgent, stage, deadline, late, action, show, \
rule, level, role, unit, recipient, repeat_count, resolve_deadline, holder"

mkdir tpl
printf '督办 {ticket}\n\n超时：{lateness}\n' >tpl/late.txt
notify "$D 10:31:00" --templates tpl
is "78||hl-notify: template 'tpl/late.txt' line 3: unknown placeholder '{lateness}' ($KNOWS)" \
    "$rc|$(cat "$OUT")|$(cat "$ERR")" "an unknown placeholder: 78, named with its line"
is "0 1 0" "$(state)" "an unknown placeholder: nothing queued, nothing marked"
notify "$D 10:31:00" --templates tpl --dry-run
is_rc 78 "an unknown placeholder: a dry run says so too"

rm tpl/late.txt
printf '汇总 {date}\n{ticket}\n' >tpl/digest.txt
notify "$D 10:31:00" --templates tpl
is "78|hl-notify: template 'tpl/digest.txt' line 2: unknown placeholder '{ticket}' (this template knows date, person, text, recipient)" \
    "$rc|$(cat "$ERR")" "a placeholder of another kind of notice: 78"

rm tpl/digest.txt
printf '督办 {ticket}\n' >tpl/lates.txt
notify "$D 10:31:00" --templates tpl
is "78|hl-notify: templates directory 'tpl': unknown template 'lates.txt' (the templates are new, warn, late, late-resolve, late-resolve-2, repeat, unsatisfied, digest and message, each NAME.txt)" \
    "$rc|$(cat "$ERR")" "a misspelt template file: 78"

rm tpl/lates.txt
printf '督办 {ticket}\n{ 超时\n' >tpl/late.txt
notify "$D 10:31:00" --templates tpl
is "78|hl-notify: template 'tpl/late.txt' line 2: '{' that starts no placeholder (write {{ for a brace)" \
    "$rc|$(cat "$ERR")" "a stray brace: 78"
printf '\n{ticket}\n' >tpl/late.txt
notify "$D 10:31:00" --templates tpl
is "78|hl-notify: template 'tpl/late.txt': the first line (the subject) is empty" \
    "$rc|$(cat "$ERR")" "no subject line: 78"
printf '督办 \377{ticket}\n' >tpl/late.txt
notify "$D 10:31:00" --templates tpl
is "78|hl-notify: template 'tpl/late.txt': not UTF-8" "$rc|$(cat "$ERR")" \
    "a template that is not UTF-8: 78"
notify "$D 10:31:00" --templates "$T/no-such-dir"
is "78|hl-notify: cannot open templates directory '$T/no-such-dir': No such file or directory" \
    "$rc|$(cat "$ERR")" "a templates directory that is not there: 78"
is "0 1 0" "$(state)" "after all of these: nothing queued, nothing marked"

# A good template: {{ and }} are braces, {recipient} makes each message
# its own, the other kinds keep the built-in words.
printf '督办 {ticket} {{{stage}}}\n\n{late}，请{recipient}（{role}，{unit}）{action}\n' \
    >tpl/late.txt
notify "$D 10:31:00" --templates tpl --dry-run
is_rc 0 "a good template: exit 0"
is "督办 M1 {响应}|已超时1分钟，请黄磊（站所负责人，交通安全站）响应确认诉求
督办 M1 {响应}|已超时1分钟，请何勇（村负责人，王庄村）响应确认诉求
督办 M1 {响应}|已超时1分钟，请赵志刚（包片领导，镇党委政府）响应确认诉求" \
    "$(jq -r 'select(.subject | startswith("督办")) | "\(.subject)|\(.text | split("\n")[1])"' "$OUT")" \
    "a good template: the late notices in its words, one a recipient"
is "【新工单】M1 路灯不亮|黄磊
【新工单】M1 路灯不亮|何勇" \
    "$(jq -r 'select(.subject | startswith("【新工单】")) | "\(.subject)|\(.recipients | join(","))"' "$OUT")" \
    "a good template: the new work orders in the built-in words"
is "0 1 0" "$(state)" "a dry run changes nothing"

# ---- --retry: an unknown notice, a sent one ----
notify "$D 10:31:00" --via true --retry 99
is "65|hl-notify: --retry: no outbox 99" "$rc|$(cat "$ERR")" \
    "--retry of an unknown id: 65, and the rest is done"
is "5 0 0" "$(sql "SELECT count(*) || ' ' || (count(*) - count(sent_at))
    || ' ' || (SELECT count(*) FROM escalations WHERE notified_at IS NULL)
    FROM outbox")" "--retry of an unknown id: the owed notices are sent anyway"
notify "$D 10:32:00" --via true --retry 1
is "65|hl-notify: --retry: outbox 1 was sent 2026-11-25T10:31:00+08:00; not sent again" \
    "$rc|$(cat "$ERR")" "--retry of a sent notice: 65, not sent again"

done_testing
