# workflow.sh - what the workflow tests (03xx hl-dispatch, 04xx hl-update,
# 05xx hl-list and hl-show) share, sourced after lib.sh: 陈户镇's directory
# and the 2026 calendar (tests/fixtures/workflow, see its README), and
# helpers to build a ledger, look into it and compare states.
#
#   . "$(dirname "$0")/lib.sh"
#   . "$TOP/tests/workflow.sh"
#   township                      # units, people, villages, routes, calendar
#   take <<'END' ... END          # NDJSON or CSV tickets through hl-intake

WFIX=$FIX/workflow

# township: the directory and the 2026 calendar (holiday-cn JSON) in
# $HL_DB; bails out if that fails, since nothing else could pass.
township() {
	for k in units people villages routes; do
		if ! hl-ledger -q import "$k" "$WFIX/$k.csv" 2>"$T/.setup"; then
			echo "Bail out! cannot import $k: $(cat "$T/.setup")"
			exit 1
		fi
	done
	if ! hl-ledger -q import calendar "$WFIX/holiday-cn/2026.json" \
	    2>"$T/.setup"; then
		echo "Bail out! cannot import the calendar: $(cat "$T/.setup")"
		exit 1
	fi
}

# take [FILE]: tickets (NDJSON or CSV; stdin without FILE) through hl-intake
# at $HL_NOW; bails out on any failure.
take() {
	if [ $# = 0 ]; then
		cat >"$T/.take"
		set -- "$T/.take"
	fi
	if ! hl-intake -q "$@" >/dev/null 2>"$T/.setup"; then
		echo "Bail out! cannot take in tickets: $(cat "$T/.setup")"
		exit 1
	fi
}

# must CMD...: a setup step that has to succeed (bails out otherwise);
# its stdout is thrown away.
must() {
	if ! "$@" >/dev/null 2>"$T/.setup"; then
		echo "Bail out! setup failed: $*: $(cat "$T/.setup")"
		exit 1
	fi
}

# at TIME: seconds since the epoch
at() {
	date -d "$1" +%s
}

# jqo FILTER: FILTER over the last run's stdout, compact
jqo() {
	jq -c "$1" "$OUT"
}

# jqr FILTER: FILTER over the last run's stdout, raw strings
jqr() {
	jq -r "$1" "$OUT"
}

# nevents [TICKET]: events in the ledger (of TICKET)
nevents() {
	if [ $# = 0 ]; then
		sql "SELECT count(*) FROM events"
	else
		sql "SELECT count(*) FROM events WHERE ticket_id = '$1'"
	fi
}

# state: everything an event could change, for "nothing written"
state() {
	sql "SELECT count(*), max(seq) FROM events;
	     SELECT * FROM tickets ORDER BY id;
	     SELECT * FROM assignments ORDER BY ticket_id, since, role;
	     SELECT * FROM deadlines ORDER BY ticket_id, cycle, stage"
}

# clocks TICKET: the stored clocks of a ticket as
# "cycle|stage|limit|due|met|paused|extended", times in RFC 3339
clocks() {
	sql "SELECT cycle, stage, \"limit\",
	        strftime('%Y-%m-%dT%H:%M:%S+08:00', due_at, 'unixepoch', '+8 hours'),
	        coalesce(strftime('%Y-%m-%dT%H:%M:%S+08:00', met_at, 'unixepoch',
	                          '+8 hours'), '-'),
	        coalesce(strftime('%Y-%m-%dT%H:%M:%S+08:00', paused_at, 'unixepoch',
	                          '+8 hours'), '-'),
	        extended
	     FROM deadlines WHERE ticket_id = '$1'
	     ORDER BY cycle, instr('dispatch respond verify plan reply follow_up resolve visit', stage)"
}

# ledger_ok NAME: hl-ledger check passes (silent, 0); overwrites $OUT/$ERR
ledger_ok() {
	run hl-ledger check
	if [ "$rc" = 0 ] && [ ! -s "$ERR" ]; then
		ok "hl-ledger check passes: $1"
	else
		not_ok "hl-ledger check passes: $1"
		diag "exit status $rc"
		show_err
	fi
}

# refused RC MESSAGE NAME CMD...: CMD exits RC with exactly MESSAGE on
# stderr, nothing on stdout, and the ledger unchanged
refused() {
	_rc=$1 _msg=$2 _name=$3
	shift 3
	_before=$(state)
	run "$@"
	is_rc "$_rc" "$_name: exit $_rc"
	is_err "$_msg" "$_name: message"
	is_out "" "$_name: nothing on stdout"
	is "$_before" "$(state)" "$_name: nothing written"
}

# shown FILE: hl-show's text made independent of who runs the tests: the
# system user that recorded the events becomes @USER@, the version
# @VERSION@, and the padding after that column (its width depends on the
# user name's length) two spaces, as in the golden files.  Alignment is
# checked on the real output with misaligned.
shown() {
	sed -E -e "s/ $(id -un) · / @USER@ · /" \
	    -e "s/ · (hl-[a-z]+) [0-9][0-9.]*( {2,}|\$)/ · \\1 @VERSION@\\2/" \
	    -e "s/ · (hl-[a-z]+) @VERSION@ {2,}/ · \\1 @VERSION@  /" \
	    -e "s/^(  时间 +事件 +记录人 +记录方式) +详情/\\1  详情/" "$1"
}

# misaligned FILE: checks hl-show's layout by display width (East Asian
# wide and fullwidth characters take two columns): every "label  value"
# line has its value at column 10, and in each table (the indented lines
# after a section title) every column starts at the same display column
# on every row.  Prints what is out of line; nothing when all is aligned.
misaligned() {
	perl -CSD -ne '
		use strict; use warnings; use utf8;
		our ($rows, $title);
		sub w { my $s = shift; my $n = 0;
			$n += /\p{EA=W}|\p{EA=F}/ ? 2 : 1 for split //, $s; $n }
		sub starts { my $l = shift; my @c; my $pos = 0;
			while ($l =~ /(\S(?:\S| (?! ))*)/g) {
				push @c, w(substr($l, 0, $-[1]));
			}
			@c }
		sub flush { return unless $rows && @$rows > 1;
			my @first = starts($rows->[0]);
			for my $r (@$rows[1 .. $#$rows]) {
				my @s = starts($r);
				for my $i (0 .. $#s) {
					next unless defined $first[$i];
					print "$title: column ", $i + 1, " at $s[$i], not $first[$i]: $r\n"
						if $s[$i] != $first[$i];
				}
			}
			$rows = undef }
		chomp;
		if (/^  \S/) { push @$rows, $_; next }
		flush();
		next if /^$/ || /^工单 / || /^\S+$/ && ($title = $_);
		my ($label, $value) = /^(\S+)( +)/ or next;
		print "field $label: value at ", w($label . $value), ", not 10: $_\n"
			if w($label . $value) != 10;
		END { flush() }' "$1"
}
