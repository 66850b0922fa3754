#!/bin/sh
# hl-ledger backup FILE: a consistent, self-contained copy (integrity check,
# the same tickets and history, mode 0600, no -wal beside it, rollback
# journal), never over an existing file (73), and taken while another
# process keeps writing.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/ledger.sh"

township
intake_tickets
hl-ledger -q import calendar holiday-cn/2026.json

# rows DB: what a ledger holds, for comparing two of them
rows() {
	sqlite3 -batch "$1" "SELECT id, received_at, content, repeat_of,
	        repeat_count, source_hash FROM tickets ORDER BY id;
	    SELECT seq, ticket_id, event, at, hash FROM events ORDER BY seq;
	    SELECT count(*) FROM units; SELECT count(*) FROM people;
	    SELECT count(*) FROM calendar"
}

umask 000
run hl-ledger backup backup.db
umask 022
is_rc 0 "backup"
is_out "" "backup prints nothing on stdout"
is_err "" "backup prints nothing on stderr"
is "600" "$(mode backup.db)" "the backup is mode 0600 despite umask 000"
for f in backup.db-wal backup.db-shm backup.db-journal backup.db.tmp~; do
	if [ -e "$f" ]; then
		not_ok "no $f beside the backup"
	else
		ok "no $f beside the backup"
	fi
done
is "ok" "$(sqlite3 backup.db 'PRAGMA integrity_check')" \
	"sqlite3's integrity check accepts the backup"
is "delete" "$(sqlite3 backup.db 'PRAGMA journal_mode')" \
	"the backup is in rollback-journal mode: one self-contained file"
is "2|1215263852" "$(sqlite3 backup.db 'PRAGMA user_version;
                                       PRAGMA application_id' | paste -sd'|')" \
	"the backup keeps user_version and application_id"
is "GD20261125001
GD20261125002
GD20261125003
GD20261125004" "$(sqlite3 backup.db 'SELECT id FROM tickets ORDER BY id')" \
	"the backup has the four tickets"
is "$(rows "$HL_DB")" "$(rows backup.db)" \
	"the backup holds the same tickets, history, directory and calendar"
run hl-ledger -d backup.db check
is_rc 0 "hl-ledger check accepts the backup"
is_err "" "checking the backup is silent"
if [ -e backup.db-wal ]; then
	not_ok "reading the backup leaves no -wal beside it"
else
	ok "reading the backup leaves no -wal beside it"
fi

# Never over an existing file.
cp backup.db before.db
run hl-ledger backup backup.db
is_rc 73 "backup onto an existing file: 73"
is_err "hl-ledger: backup file 'backup.db' exists; not overwriting it" \
	"backup onto an existing file: the message"
is_file before.db backup.db "the existing backup is left as it was"
echo "不是数据库" >notes.txt
run hl-ledger backup notes.txt
is_rc 73 "backup onto any existing file: 73"
is "不是数据库" "$(cat notes.txt)" "the existing file is left as it was"
run hl-ledger backup "$T"
is_rc 73 "backup onto a directory: 73"

# Nowhere to write.
run hl-ledger backup no-such-dir/backup.db
is_rc 73 "backup into a missing directory: 73"
like "^hl-ledger: cannot create 'no-such-dir/backup.db" "$(cat "$ERR")" \
	"backup into a missing directory: the message names the file"

# The ledger must exist: backup only reads.
run hl-ledger -d missing.db backup copy.db
is_rc 66 "backup of a missing ledger: 66"
if [ ! -e copy.db ] && [ ! -e copy.db.tmp~ ] && [ ! -e missing.db ]; then
	ok "backup of a missing ledger creates nothing"
else
	not_ok "backup of a missing ledger creates nothing"
fi

# Frames still in the WAL are part of the backup: write after a
# checkpoint-free close, then back up.
printf '工单编号,受理时间,诉求内容\nGD20261125005,2026-11-25 11:00:00,路灯不亮\n' \
	>late.csv
hl-intake -q late.csv >/dev/null
is "5" "$(sqlite3 "$HL_DB" 'SELECT count(*) FROM tickets')" "a fifth ticket"
run hl-ledger backup backup5.db
is_rc 0 "backup after the fifth ticket"
is "5" "$(sqlite3 backup5.db 'SELECT count(*) FROM tickets')" \
	"the backup has the fifth ticket"

# --- backup while another process writes --------------------------------
# A writer takes in 60 tickets, one hl-intake run each; backups run
# meanwhile.  Each backup must be a consistent snapshot: integrity ok,
# the event chain intact (hl-ledger check), and between the counts before
# and after.
i=0
while [ $i -lt 60 ]; do
	i=$((i + 1))
	printf '工单编号,受理时间,诉求内容,联系电话,所属村,问题分类\nW%03d,2026-11-25 11:%02d:00,第%d次反映路灯不亮,1391234%04d,李家村,道路交通安全\n' \
		$i $((i % 60)) $i $((i % 7)) >"w$i.csv"
done
(
	i=0
	while [ $i -lt 60 ]; do
		i=$((i + 1))
		hl-intake -q "w$i.csv" >/dev/null 2>>writer.err ||
			echo "writer: hl-intake failed on w$i.csv" >>writer.err
	done
	: >writer.done
) &
writer=$!
n=0
failed=0
while [ ! -e writer.done ] || [ $n -lt 3 ]; do
	n=$((n + 1))
	if ! hl-ledger backup "live$n.db" 2>>backup.err; then
		failed=$((failed + 1))
	fi
	[ $n -ge 200 ] && break
done
wait $writer
is "0" "$failed" "$n backups while a writer runs: all exit 0"
is "" "$(cat backup.err)" "no backup said anything"
is "" "$(cat writer.err)" "the writer was never turned away"
is "65" "$(sqlite3 "$HL_DB" 'SELECT count(*) FROM tickets')" \
	"the writer stored its 60 tickets"
bad=
seen=
k=0
while [ $k -lt $n ]; do
	k=$((k + 1))
	f=live$k.db
	c=$(sqlite3 "$f" 'PRAGMA integrity_check' 2>&1)
	t=$(sqlite3 "$f" 'SELECT count(*) FROM tickets' 2>&1)
	seen="$seen $t"
	if [ "$c" != ok ] || ! hl-ledger -d "$f" check 2>/dev/null ||
	   [ "$t" -lt 5 ] || [ "$t" -gt 65 ] || [ -e "$f-wal" ]; then
		bad="$bad $f(integrity=$c tickets=$t)"
	fi
done
diag "tickets in the successive backups:$seen"
prev=0 order=ok
for t in $seen; do
	case $t in *[!0-9]*) order="not a number: $t"; break ;; esac
	[ "$t" -lt "$prev" ] && order="$t after $prev"
	prev=$t
done
is "ok" "$order" "later backups never hold fewer tickets"
is "" "$bad" "every backup taken during the writes is consistent"
run hl-ledger check
is_rc 0 "the ledger checks clean after the writes and backups"

done_testing
