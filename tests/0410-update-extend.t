#!/bin/sh
# hl-update extend (延期): an extension needs a reason and an approver who
# is in the directory with a role allowed to approve: by default a deputy
# or the principal; the policy row extend_approvers names the roles
# (joined by '/'), for all tickets or for a kind or category.  Otherwise
# exit 65 with a message naming the approver and the roles, nothing
# written.  The approval is checked when the extension is recorded, not
# on replay: an approver who leaves the directory later does not undo it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-26T12:00:00+08:00
township
take <<'END'
{"id":"X1","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"宅基地审批","village":"李家村"}
{"id":"X2","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"complaint","category":"历史遗留问题","village":"李家村"}
{"id":"X3","received_at":"2026-11-25T08:00:00+08:00","content":"x","kind":"help","category":"宅基地审批","village":"李家村"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 X1 X2 X3
E=hl-update
EXT="extend --until 2026-12-10"
DEFAULT="extensions are approved by a deputy or principal (policy extend_approvers)"

# ---- a reason ----
refused 65 "$E: error: event 'extend' needs 'reason'" "no --reason" \
    hl-update X1 $EXT --approved-by 李卫东
refused 65 "$E: error (at <stdin>:1): event 'extend' needs 'reason'" \
    "an NDJSON extend without reason" \
    sh -c 'echo "{\"ticket\":\"X1\",\"event\":\"extend\",\"until\":\"2026-12-10\",\"approved_by\":\"李卫东\"}" | hl-update'

# ---- an approver in the directory, with an approving role ----
refused 65 "$E: error: ticket 'X1': cannot extend: approver '王五' is not in the directory" \
    "an approver not in the directory" \
    hl-update X1 $EXT --approved-by 王五 --reason 需县里协调
refused 65 "$E: error: ticket 'X1': cannot extend: approver '周明' is a cadre; $DEFAULT" \
    "a cadre does not approve" \
    hl-update X1 $EXT --approved-by 周明 --reason 需县里协调
refused 65 "$E: error: ticket 'X1': cannot extend: approver '刘洋' is a station_head; $DEFAULT" \
    "nor the handler's own unit head" \
    hl-update --by 刘洋 X1 $EXT --approved-by 刘洋 --reason 需县里协调
refused 65 "$E: error: ticket 'X1': cannot extend: approver '陈静' is a center; $DEFAULT" \
    "nor the center" \
    hl-update X1 $EXT --approved-by 陈静 --reason 需县里协调

run hl-update --by 刘洋 --at 2026-11-26T09:00:00+08:00 X1 $EXT --approved-by 李卫东 --reason 需县里协调
is_rc 0 "a deputy approves: exit 0"
is '"2026-12-10T23:59:59+08:00"' "$(jqo .deadlines.resolve)" "the resolve deadline moves"
is '{"reason":"需县里协调","until":"2026-12-10T23:59:59+08:00","approved_by":"李卫东"}' \
    "$(sql "SELECT details FROM events WHERE ticket_id = 'X1' AND event = 'extend'")" \
    "the history keeps the reason and the approver"
run hl-update --at 2026-11-26T09:00:00+08:00 X3 $EXT --approved-by 张建国 --reason 需现场测绘
is_rc 0 "the principal approves: exit 0"

# ---- the policy names the roles ----
printf 'stage,scope,limit\nextend_approvers,*,principal\nextend_approvers,历史遗留问题,deputy/principal/station_head\n' >policy.csv
must hl-ledger import policy policy.csv
refused 65 "$E: error: ticket 'X3': cannot extend: approver '李卫东' is a deputy; extensions are approved by a principal (policy extend_approvers)" \
    "extend_approvers principal: a deputy no longer approves" \
    hl-update X3 extend --until 2026-12-20 --approved-by 李卫东 --reason 再延
# (X2, 历史遗留问题, is due in 15 working days: 12-16.)
run hl-update --at 2026-11-26T10:00:00+08:00 X2 extend --until 2026-12-31 --approved-by 钱进 --reason 历史问题需研究
is_rc 0 "extend_approvers for 历史遗留问题: its station head approves"
refused 65 "$E: error: ticket 'X2': cannot extend: approver '周明' is a cadre; extensions are approved by a deputy, principal or station_head (policy extend_approvers)" \
    "the category's roles, in the message" \
    hl-update X2 extend --until 2027-01-08 --approved-by 周明 --reason 再延

# A policy row that names no role is refused at import.
printf 'stage,scope,limit\nextend_approvers,*,boss\n' >bad.csv
run hl-ledger import policy bad.csv
is_rc 78 "extend_approvers naming an unknown role: exit 78"
is "hl-ledger: error (at bad.csv:2): extend_approvers: extend_approvers must be roles joined by '/', like deputy/principal (roles: cadre, area_leader, station_head, village_head, deputy, principal, discipline, grid, center)" \
    "$(head -n 1 "$ERR")" "extend_approvers naming an unknown role: the message"

# ---- checked when recorded, not on replay ----
grep -v '^李卫东,' "$WFIX/people.csv" >people.csv
must hl-ledger import people people.csv
ledger_ok "the deputy who approved X1's extension has left the directory"
run hl-list X1
is '"2026-12-10T23:59:59+08:00"' "$(jqo .deadlines.resolve)" \
    "X1's extension stands"
done_testing
