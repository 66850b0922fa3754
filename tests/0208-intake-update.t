#!/bin/sh
# hl-intake: a ticket id already in the ledger with other content is a
# conflict: reported, set aside, kept out, exit 65.  With --update the
# ticket is amended, an amend event records what changed, and the updated
# ticket is printed; doing it again changes nothing.
. "$(dirname "$0")/lib.sh"

cat >base.csv <<'END'
id,received_at,content,kind,village
U1,2026-11-25 09:00,旧内容,,东村
U2,2026-11-25 09:30,不变,咨询,北村
END
cat >changed.csv <<'END'
id,received_at,content,kind,village
U1,2026-11-25 09:00,新内容,求助,西村
U2,2026-11-25 09:30,不变,咨询,北村
U3,2026-11-25 10:00,新来的,,南村
END
at() { date -d "$1" +%s; }
t12=$(at 2026-11-25T12:00:00+08:00)
t13=$(at 2026-11-25T13:00:00+08:00)
dump() {
	sql "SELECT * FROM tickets ORDER BY id; SELECT * FROM events ORDER BY seq"
}

run hl-intake base.csv
is_rc 0 "base: exit 0"

# ---- conflict ----
run hl-intake --rejects conflict.rej changed.csv
is_rc 65 "conflict: exit 65"
is '"U3"' "$(jq -c .id "$OUT")" "conflict: only the new ticket printed"
is_err "hl-intake: error (at changed.csv:2): ticket 'U1' is already in the ledger with other content (use --update to amend it)
hl-intake: 3 read, 1 new, 1 duplicate, 0 rejected, 1 conflicting" \
    "conflict: reported with its line, counted apart"
printf 'id,received_at,content,kind,village\nU1,2026-11-25 09:00,新内容,求助,西村\n' >conflict.rej.expected
is_file conflict.rej.expected conflict.rej "conflict: set aside in the rejects file"
is "U1|旧内容||东村|$t12" "$(sql "SELECT id, content, kind, village, updated_at
    FROM tickets WHERE id = 'U1'")" "conflict: the stored ticket is unchanged"
is 0 "$(sql "SELECT count(*) FROM events WHERE event = 'amend'")" \
    "conflict: no amend event"

# ---- --update ----
run hl-intake --update --now 2026-11-25T13:00:00+08:00 changed.csv
is_rc 0 "--update: exit 0"
is_out '{"id":"U1","received_at":"2026-11-25T09:00:00+08:00","title":null,"content":"新内容","kind":"help","category":null,"village":"西村","address":null,"channel":null,"caller":null,"due_at":null,"urgent":false,"status":"received","verdict":null,"repeat_of":null,"repeat_count":1,"assignments":[],"deadlines":{"dispatch":"2026-11-25T09:05:00+08:00","resolve":"2026-12-02T23:59:59+08:00"},"updated_at":"2026-11-25T13:00:00+08:00","extra":null}' \
    "--update: the amended ticket printed (U3 and U2 are duplicates now)"
is_err "hl-intake: 3 read, 0 new, 2 duplicate, 0 rejected, 1 updated" \
    "--update: summary counts the update"
is "U1|新内容|help|西村|$t12|$t13" "$(sql "SELECT id, content, kind, village,
    created_at, updated_at FROM tickets WHERE id = 'U1'")" \
    "--update: the ticket row amended, created_at kept"
is "U1|amend|$t13|$t13|{\"changed\":{\"content\":[\"旧内容\",\"新内容\"],\"kind\":[null,\"help\"],\"village\":[\"东村\",\"西村\"]}}" \
    "$(sql "SELECT ticket_id, event, at, recorded_at, details FROM events
        WHERE event = 'amend'")" \
    "--update: one amend event with the old and new values"
is "U1:receive,amend U2:receive U3:receive" \
    "$(sql "SELECT group_concat(x, ' ') FROM (SELECT ticket_id || ':' ||
        group_concat(event) AS x FROM (SELECT * FROM events ORDER BY seq)
        GROUP BY ticket_id ORDER BY ticket_id)")" \
    "--update: history is appended, nothing rewritten"
run hl-ledger check
is_rc 0 "--update: hl-ledger check passes"

after=$(dump)
run hl-intake -u --now 2026-11-25T14:00:00+08:00 changed.csv
is_rc 0 "--update again: exit 0"
is_out "" "--update again: nothing printed"
is_err "hl-intake: 3 read, 0 new, 3 duplicate, 0 rejected" \
    "--update again: all duplicates"
is "$after" "$(dump)" "--update again: ledger unchanged"

# The old version is now the conflicting one.
run hl-intake base.csv
is_rc 65 "the old version after the update: exit 65"
is_err "hl-intake: error (at base.csv:2): ticket 'U1' is already in the ledger with other content (use --update to amend it)
hl-intake: 2 read, 0 new, 1 duplicate, 0 rejected, 1 conflicting" \
    "the old version after the update: a conflict"
is "$after" "$(dump)" "the old version after the update: ledger unchanged"

done_testing
