#!/bin/sh
# hl-update verify: 先核实后处理.  genuine goes on (verified); malicious
# (恶意举报, 批评教育) closes the ticket; unfounded (不实) rejects it.  A
# closed or rejected ticket takes no further workflow event (notes and
# leaders' instructions are still kept); its unmet clocks stop counting.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-26T12:00:00+08:00
township
take <<'END'
{"id":"V1","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"report","category":"宅基地审批","village":"李家村"}
{"id":"V2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"report","category":"宅基地审批","village":"李家村"}
{"id":"V3","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"report","category":"宅基地审批","village":"李家村"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 V1 V2 V3
must hl-update --at 2026-11-25T09:10:00+08:00 V1 respond
must hl-update --at 2026-11-25T09:10:00+08:00 V2 respond
must hl-update --at 2026-11-25T09:10:00+08:00 V3 respond

run hl-update --at 2026-11-25T09:40:00+08:00 V1 verify --verdict genuine
is '"verified"|"genuine"' "$(jqo .status)|$(jqo .verdict)" "genuine: verified"
is '' "$(sql "SELECT closed_at FROM tickets WHERE id = 'V1'")" "genuine: not closed"

run hl-update --by 刘洋 --at 2026-11-25T09:40:00+08:00 V2 verify --verdict malicious
is_rc 0 "malicious: exit 0"
is '"closed"|"malicious"' "$(jqo .status)|$(jqo .verdict)" "malicious: status closed"
is '{"dispatch":"2026-11-25T08:05:00+08:00","respond":"2026-11-25T09:30:00+08:00","verify":"2026-11-25T10:00:00+08:00"}' \
    "$(jqo .deadlines)" "malicious: the unmet clocks (plan, reply, resolve) stop; the met stay"
is "closed|malicious|$(at 2026-11-25T09:40:00+08:00)" \
    "$(sql "SELECT status, verdict, closed_at FROM tickets WHERE id = 'V2'")" "malicious: closed_at is the verdict"

run hl-update --at 2026-11-25T09:40:00+08:00 V3 verify --verdict unfounded
is_rc 0 "unfounded: exit 0"
is '"rejected"|"unfounded"' "$(jqo .status)|$(jqo .verdict)" "unfounded: status rejected"
is "rejected|unfounded|$(at 2026-11-25T09:40:00+08:00)" \
    "$(sql "SELECT status, verdict, closed_at FROM tickets WHERE id = 'V3'")" "unfounded: closed_at is the verdict"

for t in V2:closed V3:rejected; do
	id=${t%%:*} st=${t#*:}
	refused 65 "hl-update: error: ticket '$id': cannot plan: the ticket is $st" \
	    "$st: plan refused" hl-update "$id" plan
	refused 65 "hl-update: error: ticket '$id': cannot reply: the ticket is $st" \
	    "$st: reply refused" hl-update "$id" reply --via phone
	refused 65 "hl-update: error: ticket '$id': cannot resolve: the ticket is $st" \
	    "$st: resolve refused" hl-update "$id" resolve
	refused 65 "hl-update: error: ticket '$id': cannot visit: the ticket is $st" \
	    "$st: visit refused" hl-update "$id" visit --resolved yes --satisfaction satisfied
	refused 65 "hl-update: error: ticket '$id': cannot verify: the ticket is $st" \
	    "$st: another verdict refused" hl-update "$id" verify --verdict genuine
	refused 65 "hl-update: error: ticket '$id': cannot suspend: the ticket is $st" \
	    "$st: suspend refused" hl-update "$id" suspend --reason x
	refused 65 "hl-update: error: ticket '$id': cannot return: the ticket is $st" \
	    "$st: return refused" hl-update "$id" return --reason x
	refused 65 "hl-update: error: ticket '$id': cannot extend: the ticket is $st" \
	    "$st: extend refused" hl-update "$id" extend --until 2026-12-31 --approved-by 李卫东 --reason 需协调
	refused 65 "hl-update: error: ticket '$id': cannot reopen: only a resolved or visited ticket reopens" \
	    "$st: reopen refused" hl-update "$id" reopen
	refused 65 "hl-dispatch: error: ticket '$id': cannot transfer: the ticket is $st" \
	    "$st: transfer refused" hl-dispatch --to 农业站 --reason x "$id"
	refused 65 "hl-dispatch: error: ticket '$id' is already $st (to transfer it, give --to UNIT and --reason TEXT)" \
	    "$st: dispatch refused" hl-dispatch "$id"
	run hl-update --by 张建国 "$id" instruct --note 批评教育后归档
	is_rc 0 "$st: a leader's instruction is still kept"
	is "\"$st\"" "$(jqo .status)" "$st: and changes nothing"
done

run hl-list --open
is 'V1' "$(jqr .id)" "hl-list --open: closed and rejected tickets are not open"
ledger_ok "after verdicts"
done_testing
