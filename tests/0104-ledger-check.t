#!/bin/sh
# hl-ledger check: silent and 0 on a clean ledger; on a damaged one (the
# append-only triggers dropped with sqlite3, then events altered, deleted,
# swapped or forged; tickets' repeat links broken; the directory's
# references broken; bad policy or calendar rows) exit 65 and name the
# first bad event, or each broken row, exactly.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/ledger.sh"

# fresh NAME: a new ledger $T/NAME.db with the township and four tickets
# (events 1-4: receive GD20261125001..004; event 5: 004 repeats 001).
fresh() {
	HL_DB=$T/$1.db
	township
	intake_tickets
}

# unguarded SQL: runs SQL on the ledger after dropping the triggers
unguarded() {
	sql "DROP TRIGGER events_append_only_update;
	     DROP TRIGGER events_append_only_delete; $1"
}

# damaged EXPECTED-STDERR NAME: check exits 65 with exactly that
damaged() {
	run hl-ledger check
	is_rc 65 "$2: check exits 65"
	is_err "$1" "$2: check names it"
	is_out "" "$2: nothing on stdout"
}

fresh clean
is "1|GD20261125001|receive
2|GD20261125002|receive
3|GD20261125003|receive
4|GD20261125004|receive
5|GD20261125001|repeat" "$(sql 'SELECT seq, ticket_id, event FROM events')" \
	"the history the cases below damage"
run hl-ledger check
is_rc 0 "check of a clean ledger"
is_out "" "check of a clean ledger: nothing on stdout"
is_err "" "check of a clean ledger: nothing on stderr"
run hl-ledger -q check
is_rc 0 "check -q of a clean ledger"

# With the triggers in place sqlite3 itself cannot edit the history.
sqlite3 "$HL_DB" "UPDATE events SET at = at + 60 WHERE seq = 2" 2>"$T/.sqlerr"
like 'events are append-only: record a correct event' "$(cat "$T/.sqlerr")" \
	"the trigger refuses an UPDATE of an event"
sqlite3 "$HL_DB" "DELETE FROM events WHERE seq = 5" 2>"$T/.sqlerr"
like 'events are append-only: record a correct event' "$(cat "$T/.sqlerr")" \
	"the trigger refuses a DELETE of an event"
is "5" "$(sql 'SELECT count(*) FROM events')" "the history is unchanged"
run hl-ledger check
is_rc 0 "still clean after the refused edits"

# --- the history, altered ------------------------------------------------
fresh alter-at
unguarded "UPDATE events SET at = at + 60 WHERE seq = 2"
damaged "hl-ledger: check: event 2 (ticket 'GD20261125002', receive): content does not match its hash (altered?)" \
	"an event's time moved by a minute"

fresh alter-actor
unguarded "UPDATE events SET actor = '周明' WHERE seq = 1"
damaged "hl-ledger: check: event 1 (ticket 'GD20261125001', receive): content does not match its hash (altered?)" \
	"an actor written into the first event"

fresh alter-details
unguarded "UPDATE events SET details = json_set(details, '\$.repeat_count', 3)
           WHERE seq = 5"
is '{"call":"GD20261125004","repeat_count":3,"merged_into":"GD20261125001"}' \
	"$(sql 'SELECT details FROM events WHERE seq = 5')" "details altered"
damaged "hl-ledger: check: event 5 (ticket 'GD20261125001', repeat): content does not match its hash (altered?)" \
	"the details of the last event altered"

fresh alter-ticket
unguarded "UPDATE events SET ticket_id = 'GD20261125002' WHERE seq = 3"
damaged "hl-ledger: check: event 3 (ticket 'GD20261125002', receive): content does not match its hash (altered?)
hl-ledger: check: ticket 'GD20261125003' has no receive event" \
	"an event moved to another ticket"

fresh alter-hash
unguarded "UPDATE events SET hash = upper(hash) WHERE seq = 4"
damaged "hl-ledger: check: event 4 (ticket 'GD20261125004', receive): content does not match its hash (altered?)" \
	"a hash rewritten"

fresh alter-two
unguarded "UPDATE events SET at = at + 1 WHERE seq = 4;
           UPDATE events SET at = at + 1 WHERE seq = 2"
damaged "hl-ledger: check: event 2 (ticket 'GD20261125002', receive): content does not match its hash (altered?)" \
	"two events altered: the first is named"

# --- the history, deleted ------------------------------------------------
fresh delete-middle
unguarded "DELETE FROM events WHERE seq = 3"
damaged "hl-ledger: check: event 4 follows event 2: events are missing (deleted?)
hl-ledger: check: ticket 'GD20261125003' has no receive event" \
	"an event deleted from the middle"

fresh delete-first
unguarded "DELETE FROM events WHERE seq = 1"
run hl-ledger check
is_rc 65 "the first event deleted: check exits 65"
like '^hl-ledger: check: event 2 follows event [0-9]+: events are missing \(deleted\?\)$' \
	"$(head -n 1 "$ERR")" "the first event deleted: named"

fresh renumber
unguarded "UPDATE events SET seq = 10 WHERE seq = 5"
damaged "hl-ledger: check: event 10 follows event 4: events are missing (deleted?)" \
	"the last event renumbered"

# The last event deleted: the chain before it is intact, but the history
# has lost an event (sqlite_sequence still says 5; the original still
# counts the repeat call it records).
fresh delete-last
unguarded "DELETE FROM events WHERE seq = 5"
run hl-ledger check
is_rc 65 "the last event deleted: check exits 65"
like 'event 5' "$(cat "$ERR")" "the last event deleted: event 5 is named"

# --- the history, swapped and forged -------------------------------------
fresh swap
unguarded "UPDATE events SET seq = 100 WHERE seq = 2;
           UPDATE events SET seq = 2 WHERE seq = 3;
           UPDATE events SET seq = 3 WHERE seq = 100"
is "1|GD20261125001
2|GD20261125003
3|GD20261125002" "$(sql 'SELECT seq, ticket_id FROM events WHERE seq <= 3')" \
	"events 2 and 3 swapped"
damaged "hl-ledger: check: event 2 (ticket 'GD20261125003', receive): does not follow the event before it (previous hash differs)" \
	"two events swapped"

fresh forge
sql "INSERT INTO events (seq, ticket_id, event, at, recorded_at, os_user,
                         program, prev_hash, hash)
     SELECT 6, 'GD20261125002', 'resolve', at, recorded_at, os_user,
            program, hash, 'forged' FROM events WHERE seq = 5"
damaged "hl-ledger: check: event 6 (ticket 'GD20261125002', resolve): content does not match its hash (altered?)" \
	"an event forged at the end"

fresh forge-prev
sql "INSERT INTO events (seq, ticket_id, event, at, recorded_at, prev_hash,
                         hash)
     SELECT 6, 'GD20261125002', 'resolve', at, recorded_at, 'abc', hash
     FROM events WHERE seq = 5"
damaged "hl-ledger: check: event 6 (ticket 'GD20261125002', resolve): does not follow the event before it (previous hash differs)" \
	"an event forged with a wrong previous hash"

# --- tickets --------------------------------------------------------------
fresh repeat-count
sql "UPDATE tickets SET repeat_count = 5 WHERE id = 'GD20261125001'"
damaged "hl-ledger: check: ticket 'GD20261125001' counts 5 calls, not its repeats plus one" \
	"a repeat count that does not match"

fresh repeat-chain
sql "UPDATE tickets SET repeat_of = 'GD20261125004' WHERE id = 'GD20261125003'"
damaged "hl-ledger: check: ticket 'GD20261125003' repeats 'GD20261125004', which is itself a repeat" \
	"a repeat of a repeat"

fresh no-receive
sql "INSERT INTO tickets (id, received_at, content, source_hash, created_at,
                          updated_at)
     VALUES ('GD-FORGED', 1795569120, '伪造工单', 'x', 1795569120, 1795569120)"
damaged "hl-ledger: check: ticket 'GD-FORGED' has no receive event" \
	"a ticket without history"

# --- the directory ----------------------------------------------------------
fresh unit-gone
sql "DELETE FROM units WHERE unit = '镇纪委'"
damaged "hl-ledger: check: person '王秀英' belongs to unknown unit '镇纪委'" \
	"a person whose unit was deleted"

fresh unit-reimported
grep -v '^镇纪委,' units.csv >units-12.csv
run hl-ledger import units units-12.csv
is_rc 0 "units imported again without 镇纪委"
damaged "hl-ledger: check: person '王秀英' belongs to unknown unit '镇纪委'" \
	"a person whose unit was left out of a new units import"

fresh cadre-gone
sql "DELETE FROM people WHERE name = '周明'"
damaged "hl-ledger: check: village '李家村' has cadre '周明', who is not in people" \
	"a village whose cadre was deleted"

fresh leader-gone
sql "DELETE FROM people WHERE name = '孙丽华'"
damaged "hl-ledger: check: village '张湾村' has area leader '孙丽华', who is not in people
hl-ledger: check: village '陈户村' has area leader '孙丽华', who is not in people
hl-ledger: check: village '刘集村' has area leader '孙丽华', who is not in people" \
	"villages whose area leader was deleted: each named"

fresh station-kind
sql "UPDATE units SET kind = 'center' WHERE unit = '党政办'"
damaged "hl-ledger: check: category '政策咨询' routes to '党政办', which is not a station" \
	"a route to a unit that is no longer a station"

fresh policy-bad
sql "INSERT INTO policy VALUES ('respond', 'consult', '30')"
damaged "hl-ledger: policy row 'respond,consult,30' in the ledger: limit must be a number and a unit: 30m, 2h, 3d or 5wd" \
	"a bad policy row written with sqlite3"

fresh calendar-bad
sql "INSERT INTO calendar VALUES ('2026-02-30', 0, NULL)"
damaged "hl-ledger: calendar: bad date '2026-02-30' in the ledger; fix it with 'hl-ledger import calendar'" \
	"a bad calendar date written with sqlite3"

fresh many
sql "DELETE FROM units WHERE unit = '镇纪委';
     UPDATE tickets SET repeat_count = 7 WHERE id = 'GD20261125001'"
unguarded "UPDATE events SET at = at + 1 WHERE seq = 3"
damaged "hl-ledger: check: event 3 (ticket 'GD20261125003', receive): content does not match its hash (altered?)
hl-ledger: check: ticket 'GD20261125001' counts 7 calls, not its repeats plus one
hl-ledger: check: person '王秀英' belongs to unknown unit '镇纪委'" \
	"several kinds of damage: all reported, in order"

# check reads only: it changes nothing, not even a damaged ledger.
before=$(sql 'SELECT * FROM events; SELECT * FROM tickets')
hl-ledger check 2>/dev/null
is "$before" "$(sql 'SELECT * FROM events; SELECT * FROM tickets')" \
	"check changes nothing"

done_testing
