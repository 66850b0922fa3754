#!/bin/sh
# hl-dispatch --to NAME, NAME neither a unit nor a person of the directory:
# said first and once, whatever else is wrong with the tickets (unknown,
# already dispatched, no --reason for a transfer, bad input lines), before
# any ticket is looked at; exit 65, nothing written, nothing printed.
# Only what needs no ledger (a usage error, 64) or the ledger itself (66)
# comes before it.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

NOBODY="hl-dispatch: error: '不存在' is neither a unit nor a person in the directory"

township
take <<'END'
{"id":"D1","received_at":"2026-11-25T08:00:00+08:00","content":"垃圾","category":"环境卫生","village":"李家村"}
{"id":"D2","received_at":"2026-11-25T08:05:00+08:00","content":"宅基地","category":"宅基地审批","village":"李家村"}
{"id":"D3","received_at":"2026-11-25T08:10:00+08:00","content":"宅基地","category":"宅基地审批","village":"王庄村"}
END
must hl-dispatch --at 2026-11-25T08:30:00+08:00 D2

refused 65 "$NOBODY" "an unknown name and an unknown ticket" \
    hl-dispatch --to 不存在 NOPE
refused 65 "$NOBODY" "an unknown name for a dispatched ticket without --reason" \
    hl-dispatch --to 不存在 D2
refused 65 "$NOBODY" "an unknown name for several tickets: said once" \
    hl-dispatch --to 不存在 D1 D2 D3 NOPE
refused 65 "$NOBODY" "an unknown name with --pending: nothing dispatched" \
    hl-dispatch --to 不存在 --pending
printf '{"id":"D1"}\nnot json\n{"id":"D3"}\n' >in.ndjson
refused 65 "$NOBODY" "an unknown name, ticket lines with a bad one on stdin: not read" \
    sh -c 'hl-dispatch --to 不存在 <in.ndjson'
refused 65 "$NOBODY" "an unknown name with --at and --reason" \
    hl-dispatch --to 不存在 --reason 改派 --at 2026-11-25T09:00:00+08:00 D1
is "received|dispatched|received" \
    "$(sql "SELECT group_concat(status, '|') FROM (SELECT status FROM tickets ORDER BY id)")" \
    "after all that: D1 and D3 still received"

# What comes before it: a usage error, a missing ledger.
run hl-dispatch --to 不存在 --pending D1
is_rc 64 "a usage error is said before (it needs no ledger)"
is "hl-dispatch: --pending takes no ids" "$(head -n 1 "$ERR")" \
    "the usage error's message"
run hl-dispatch -d "$T/nope.db" --to 不存在 D1
is_rc 66 "a missing ledger: 66, before the name can be looked up"

# A known name: the tickets' own errors, one each, as before.
run hl-dispatch --at 2026-11-25T09:00:00+08:00 --to 国土所 NOPE D1
is_rc 65 "a known name, an unknown ticket: exit 65"
is_err "hl-dispatch: error: unknown ticket 'NOPE'" "the unknown ticket named"
is '"D1"' "$(jqo .id)" "the known ticket dispatched"
is '[{"role":"primary","unit":"国土所","person":"刘洋"},{"role":"village","unit":"李家村","person":"林芳"}]' \
    "$(jqo .assignments)" "to the unit named"
run hl-dispatch --at 2026-11-25T09:00:00+08:00 --to 周明 D3
is_rc 0 "a person's name: exit 0"

ledger_ok "after refusals and dispatches"
done_testing
