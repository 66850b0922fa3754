#!/bin/sh
# hl-show's layout beyond the golden files: the timeline in the order
# things happened (a backdated event recorded later sits where it
# happened), one line per event (a note's newline becomes a space),
# control characters made harmless, verdict and status labels of closed,
# rejected and returned tickets, and alignment by display width with
# names of every width.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

export HL_NOW=2026-11-27T12:00:00+08:00
township
printf '{"id":"X1","received_at":"2026-11-25T08:00:00+08:00","title":"标题\\u001b[31m红色","content":"第一行\\n第二行\\r\\n第三行","kind":"report","category":"道路交通安全","village":"王庄村"}\n' >x.ndjson
take x.ndjson
take <<'END'
{"id":"X2","received_at":"2026-11-25T08:00:00+08:00","content":"恶意","kind":"report","category":"宅基地审批","village":"李家村"}
{"id":"X3","received_at":"2026-11-25T08:00:00+08:00","content":"不实","kind":"report","category":"宅基地审批","village":"李家村"}
{"id":"X4","received_at":"2026-11-25T08:00:00+08:00","content":"退单","kind":"report","category":"环境卫生","village":"刘集村"}
END
must hl-dispatch --at 2026-11-25T09:00:00+08:00 X1 X2 X3
must hl-update --by 黄磊 --at 2026-11-25T10:00:00+08:00 X1 reply --via phone
must hl-update --by 黄磊 --at 2026-11-25T09:10:00+08:00 --note "$(printf '已到现场\n待核实')" X1 respond
must hl-update --at 2026-11-25T09:20:00+08:00 X2 verify --verdict malicious
must hl-update --at 2026-11-25T09:20:00+08:00 X3 verify --verdict unfounded
must hl-dispatch --at 2026-11-25T09:00:00+08:00 --to 信访办 X4
must hl-update --by 钱进 --at 2026-11-25T09:30:00+08:00 X4 return --reason 不是信访事项

run hl-show --now 2026-11-25T10:30:00+08:00 X1
is_rc 0 "exit 0"
is '' "$(misaligned "$OUT")" "aligned"
is '  2026-11-25 08:00  受理
  2026-11-25 09:00  派单
  2026-11-25 09:10  响应
  2026-11-25 10:00  答复' "$(sed -n '/^经过$/,$p' "$OUT" | sed '1,2d' | awk '{ print "  " $1 " " $2 "  " $3 }')" \
    "the timeline in the order things happened (the respond was recorded after the reply)"
like '^  2026-11-25 09:10  响应  黄磊  .*  已到现场 待核实$' "$(cat "$OUT")" \
    "a note's newline becomes a space: one line per event"
is '标题      标题?[31m红色' "$(grep '^标题' "$OUT")" "an escape in the title is shown as '?'"
is '内容      第一行
          第二行
          第三行' "$(sed -n '/^内容/,/^分类/p' "$OUT" | sed '$d')" \
    "a multi-line content: the lines under the first, CR dropped"
is '' "$(tr -d '\n\t' <"$OUT" | tr -d '\040-\176' | LC_ALL=C tr -d '\200-\377')" \
    "no control character reaches the terminal"

run hl-show X2
like '^状态      已关闭 \(closed\)$' "$(cat "$OUT")" "malicious: 已关闭 (closed)"
like '^核实结论  恶意举报 \(malicious\)$' "$(cat "$OUT")" "malicious: 核实结论 恶意举报"
is '' "$(misaligned "$OUT")" "malicious: aligned"
run hl-show X3
like '^状态      不实 \(rejected\)$' "$(cat "$OUT")" "unfounded: 不实 (rejected)"
like '^核实结论  不实 \(unfounded\)$' "$(cat "$OUT")" "unfounded: 核实结论 不实"

run hl-show --now 2026-11-25T09:40:00+08:00 X4
like '^状态      已受理 \(received\)$' "$(cat "$OUT")" "returned: 已受理 (received)"
is '派单
  主办  信访办  钱进  2026-11-25 09:00 至 2026-11-25 09:30
  村委  刘集村  -     2026-11-25 09:00 至 2026-11-25 09:30' "$(sed -n '/^派单$/,/^$/p' "$OUT" | sed '$d')" \
    "returned: both assignments ended"
like '^  派单  5m    2026-11-25 09:35  -     已超时 5分钟$' "$(cat "$OUT")" \
    "returned: the new dispatch clock, 5 minutes late at 09:40"
like '^  2026-11-25 09:30  退单  钱进  .*  原因：不是信访事项$' "$(cat "$OUT")" "returned: the reason in the timeline"
like '^  2026-11-25 09:00  派单  -     .*  主办 信访办 钱进；村委 刘集村（手工派单）$' "$(cat "$OUT")" \
    "a dispatch by hand says so"
is '' "$(misaligned "$OUT")" "returned: aligned"

# Every ticket of the ledger at once: all aligned.
run hl-show X1 X2 X3 X4
is_rc 0 "four ids: exit 0"
is '4' "$(grep -c '^工单 ' "$OUT")" "four tickets shown"
is '' "$(misaligned "$OUT")" "four tickets: all aligned"
ledger_ok "at the end"
done_testing
