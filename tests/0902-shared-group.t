#!/bin/sh
# 0902 - a ledger shared by an office: hl-ledger init --group makes the
# ledger and its companions (-wal, -shm, .lock) group-owned, 0660, in a
# setgid 2770 directory; every program keeps those modes on what it
# creates, whatever the umask; someone outside the group is refused with
# "permission denied" and exit 77.  Run as root, switching users with
# setpriv (the group "users" and the user "nobody" are in every Debian).
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/workflow.sh"

if [ "$(id -u)" != 0 ] || ! command -v setpriv >/dev/null ||
   ! getent group users >/dev/null || ! id nobody >/dev/null 2>&1; then
	skip "group modes" "needs root, setpriv, the group users and nobody"
	done_testing
	exit 0
fi
umask 077
D=$T/office
mkdir "$D"
chmod 700 "$D"
export HL_DB=$D/hotline.db
# As a member of the group (and nothing else), or as an outsider.
member() { setpriv --reuid=nobody --regid=users --clear-groups "$@"; }
outsider() { setpriv --reuid=nobody --regid=nogroup --clear-groups "$@"; }
modes() {
	for f in "$@"; do
		[ -e "$f" ] && printf '%s %s\n' "${f#$D/}" \
		    "$(stat -c '%a %G' "$f")"
	done
}

run hl-ledger init --group users
is_rc 0 "init --group users"
is "hotline.db 660 users
hotline.db-wal 660 users
hotline.db-shm 660 users
hotline.db.lock 660 users" \
    "$(modes "$HL_DB" "$HL_DB-wal" "$HL_DB-shm" "$HL_DB.lock")" \
    "the ledger and its companions: group users, 0660"
is "2770 users" "$(stat -c '%a %G' "$D")" "its directory: setgid, 2770"

township
take <<'END'
{"id":"G1","received_at":"2026-11-25 09:00","content":"路灯不亮","category":"道路交通安全","village":"李家村","caller":{"phone":"13812345678"}}
END
is "hotline.db 660
hotline.db-wal 660
hotline.db-shm 660
hotline.db.lock 660" \
    "$(modes "$HL_DB" "$HL_DB-wal" "$HL_DB-shm" "$HL_DB.lock" | cut -d' ' -f1,2)" \
    "root's writes with umask 077 keep the modes"

# A member of the group works with it; what each program creates stays
# the group's.
printf '{"id":"G2","received_at":"2026-11-25 09:10","content":"道路破损","village":"王庄村"}\n' >"$T/g2.ndjson"
chmod 644 "$T/g2.ndjson"
chmod 755 "$T"
run member sh -c "umask 077; hl-intake -q $T/g2.ndjson"
is_rc 0 "a member takes in a ticket"
run member sh -c "umask 077; HL_NOW=2026-11-25T09:12:00+08:00 hl-dispatch -q --pending"
is_rc 0 "a member dispatches"
run member sh -c "umask 077; HL_NOW=2026-11-25T09:30:00+08:00 hl-update -q G1 respond"
is_rc 0 "a member records an event"
run member sh -c "umask 077; HL_NOW=2026-11-25T12:00:00+08:00 hl-escalate >/dev/null"
is_rc 0 "a member runs the deadline check"
run member sh -c "umask 077; hl-ledger backup $D/backup.db"
is_rc 0 "a member backs up"
is "backup.db 660 users" "$(modes "$D/backup.db")" "the backup is the group's too"
run member hl-list G1 G2
is_rc 0 "a member lists"
is "G1 G2" "$(jq -r .id "$OUT" | tr '\n' ' ' | sed 's/ $//')" "a member reads"

# Companions made anew by a member (after a checkpoint removed them).
sqlite3 "$HL_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
rm -f "$HL_DB-wal" "$HL_DB-shm"
run member sh -c "umask 077; HL_NOW=2026-11-25T09:40:00+08:00 hl-update -q G2 respond"
is_rc 0 "a member writes after the companions are gone"
is "hotline.db-wal 660 users
hotline.db-shm 660 users" "$(modes "$HL_DB-wal" "$HL_DB-shm")" \
    "the -wal and -shm a member's program creates: 0660, the group's"
run hl-ledger check
is_rc 0 "the shared ledger checks clean"

# A new ledger made in the shared directory is shared from the start.
run member sh -c "umask 077; hl-ledger -d $D/second.db init"
is "second.db 660 users" "$(modes "$D/second.db")" \
    "a ledger created in the shared directory: 0660, the group's"

# Outside the group: refused, clearly.
for p in "hl-list" "hl-show G1" "hl-ledger check" "hl-intake -q $T/g2.ndjson" \
         "hl-update G1 note --note x" "hl-escalate"; do
	run outsider sh -c "$p"
	is_rc 77 "outsider: $p: exit 77"
	is "${p%% *}: permission denied on ledger '$HL_DB'" "$(cat "$ERR")" \
	    "outsider: $p: the message"
done
is "" "$(find "$D" -newer "$D/second.db" -user nobody -group nogroup)" \
    "the outsider created nothing"

# --group with an unknown group is a usage error.
run hl-ledger -d "$T/x.db" init --group no-such-group-here
is_rc 64 "init --group with an unknown group"
like "no group 'no-such-group-here'" "$(cat "$ERR")" "the unknown group is named"
done_testing
