#!/bin/sh
# hl-show: one ticket for a person, compared with golden files
# (tests/fixtures/workflow/show-*.txt, checked by hand against the
# events below) at several points of its life: dispatched; resolved and
# visited; reopened, with two cycles; suspended; transferred.  The phone is
# masked (138****5678) unless --unmask.  Chinese text lines up: every
# field's value at column 10, every table column at the same display
# column on every row (wide characters count two).  Several ids: one
# after the other, a blank line between; an unknown id: 65.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-27T12:00:00+08:00
township
take <<'END'
{"id":"GD20261125001","received_at":"2026-11-25T08:05:00+08:00","title":"宅基地审批进度","content":"申请宅基地三个月未批复，\n询问进度","kind":"complaint","category":"宅基地审批","village":"李家村","address":"李家村三组","channel":"12345热线","caller":{"name":"李大山","phone":"13812345678"},"urgent":true}
{"id":"GD20261125002","received_at":"2026-11-25T08:40:00+08:00","title":"村口缺减速带","content":"村口路段无减速带，车辆车速过快","kind":"suggestion","category":"道路交通安全","village":"王庄村","caller":{"name":"王小梅","phone":"13912340002"}}
{"id":"GD20261125003","received_at":"2026-11-25T09:12:00+08:00","title":"流转租金未付","content":"土地流转合同到期后租金未付","kind":"help","category":"农村土地流转","village":"张湾村","caller":{"phone":"13912340003"}}
{"id":"GD20261125004","received_at":"2026-11-25T10:30:00+08:00","title":"宅基地测绘","content":"宅基地测绘结果有误","kind":"complaint","category":"宅基地审批","village":"李家村","caller":{"name":"李小山","phone":"13912340004"},"due_at":"2026-11-30T18:00:00+08:00"}
{"id":"GD20261125005","received_at":"2026-11-25T11:00:00+08:00","title":"低保政策","content":"询问低保申请条件","kind":"consult","category":"宅基地审批","village":"李家村","caller":{"name":"周大娘"}}
END

# 001: dispatched by 陈静 at 08:30 (20 minutes after its dispatch clock).
must hl-dispatch --by 陈静 --at 2026-11-25T08:30:00+08:00 GD20261125001

# 002: the five steps and a satisfied visit.
must hl-dispatch --by 陈静 --at 2026-11-25T08:42:00+08:00 GD20261125002
must hl-update --by 黄磊 --at 2026-11-25T09:00:00+08:00 GD20261125002 respond
must hl-update --by 何勇 --at 2026-11-25T09:50:00+08:00 GD20261125002 verify --verdict genuine
must hl-update --by 黄磊 --at 2026-11-25T10:30:00+08:00 GD20261125002 plan --eta '2026-11-27 17:00'
must hl-update --by 黄磊 --at 2026-11-25T11:00:00+08:00 GD20261125002 reply --via phone
must hl-update --by 张建国 --at 2026-11-25T11:30:00+08:00 GD20261125002 instruct --note 尽快安装
must hl-update --by 黄磊 --at 2026-11-26T16:00:00+08:00 --note 已安装减速带两处 GD20261125002 resolve
must hl-update --by 王秀英 --at 2026-11-27T10:00:00+08:00 GD20261125002 visit --resolved yes --satisfaction very_satisfied

# 003: resolved, an unsatisfied visit (a second cycle), responded again.
must hl-dispatch --at 2026-11-25T09:20:00+08:00 GD20261125003
must hl-update --at 2026-11-25T09:40:00+08:00 GD20261125003 respond
must hl-update --at 2026-11-26T10:00:00+08:00 GD20261125003 resolve
must hl-update --by 王秀英 --at 2026-11-26T15:00:00+08:00 GD20261125003 visit --resolved no --satisfaction unsatisfied
must hl-update --by 马强 --at 2026-11-26T15:20:00+08:00 GD20261125003 respond

# 004: suspended (the upstream's due_at, extended before).
must hl-dispatch --at 2026-11-25T10:40:00+08:00 GD20261125004
must hl-update --at 2026-11-25T11:00:00+08:00 GD20261125004 respond
must hl-update --by 刘洋 --at 2026-11-26T09:00:00+08:00 GD20261125004 extend --until 2026-12-04 --approved-by 李卫东 --reason 需重新测绘
must hl-update --by 刘洋 --at 2026-11-26T09:30:00+08:00 GD20261125004 suspend --reason 等待县测绘队

# 005: transferred to the cadre.
must hl-dispatch --at 2026-11-25T11:03:00+08:00 GD20261125005
must hl-dispatch --by 陈静 --at 2026-11-25T11:20:00+08:00 --to 周明 --reason 政策咨询由包村干部答复 GD20261125005

# golden NAME NOW ID [OPTION]: hl-show at NOW against show-NAME.txt, and
# its alignment
golden() {
	_name=$1 _now=$2
	shift 2
	run hl-show --now "$_now" "$@"
	is_rc 0 "$_name: exit 0"
	shown "$OUT" >"$T/show-$_name.txt"
	is_file "$WFIX/show-$_name.txt" "$T/show-$_name.txt" "$_name: as the golden file"
	is '' "$(misaligned "$OUT")" "$_name: aligned by display width"
}

golden dispatched 2026-11-25T08:45:00+08:00 GD20261125001
golden visited 2026-11-27T12:00:00+08:00 GD20261125002
golden reopened 2026-11-26T16:00:00+08:00 GD20261125003
golden suspended 2026-11-27T12:00:00+08:00 GD20261125004
golden transferred 2026-11-25T11:30:00+08:00 GD20261125005

# ---- the phone ----
run hl-show GD20261125001
like '^来电人    李大山 138\*\*\*\*5678$' "$(cat "$OUT")" "masked: 138****5678"
is '' "$(grep 13812345678 "$OUT")" "masked: the full number nowhere"
run hl-show --unmask GD20261125001
like '^来电人    李大山 13812345678$' "$(cat "$OUT")" "--unmask: the full number"
run hl-show GD20261125003
like '^来电人    139\*\*\*\*0003$' "$(cat "$OUT")" "a caller without a name: the masked phone alone"
run hl-show GD20261125005
like '^来电人    周大娘$' "$(cat "$OUT")" "a caller without a phone: the name alone"

# ---- several ids, unknown ids ----
run hl-show --now 2026-11-25T08:45:00+08:00 GD20261125001 GD20261125005
is_rc 0 "two ids: exit 0"
{ shown "$WFIX/show-dispatched.txt"; echo; hl-show --now 2026-11-25T08:45:00+08:00 GD20261125005 | shown /dev/stdin; } >"$T/two.txt"
shown "$OUT" >"$T/two.out"
is_file "$T/two.txt" "$T/two.out" "two ids: the first, a blank line, the second"
run hl-show NOPE
is_rc 65 "an unknown id: exit 65"
is_err "hl-show: error: unknown ticket 'NOPE'" "an unknown id: the message"
is_out "" "an unknown id: nothing on stdout"
run hl-show --now 2026-11-25T08:45:00+08:00 GD20261125001 NOPE
is_rc 65 "a known and an unknown id: exit 65"
is_err "hl-show: error: unknown ticket 'NOPE'" "a known and an unknown id: the unknown named"
is "$(shown "$WFIX/show-dispatched.txt")" "$(shown "$OUT" | sed '$d')" \
    "a known and an unknown id: the known one shown"
run hl-show
is_rc 64 "no id: usage error"
is_err "hl-show: missing ticket ID
Try 'hl-show --help' for more information." "no id: the message"
run hl-show -d "$T/nope.db" GD20261125001
is_rc 66 "a missing ledger: exit 66"
is_err "hl-show: ledger '$T/nope.db' does not exist (create it with 'hl-ledger init')" "a missing ledger: the message"
ledger_ok "at the end"
done_testing
