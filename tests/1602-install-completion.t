#!/bin/sh
# make install into DESTDIR: the programs run from there on a real ledger;
# the channel senders (scripts/hl-send-*) go to lib/hotline, the example
# installation (crontab, systemd units, setup tables) to share/doc/hotline;
# bash completion is one file with a link per program, and an interactive
# bash that loads it completes every program's options (read from its
# --help), hl-ledger's subcommands, hl-update's events, and ticket ids,
# units, people and villages from the ledger named on the line or by
# $HL_DB, read-only; names from the ledger are inserted quoted and never
# run.  make uninstall leaves nothing of it.
. "$(dirname "$0")/lib.sh"

R=$T/root
P=/usr/local
run make -s -C "$TOP" install DESTDIR="$R" PREFIX=$P
is_rc 0 "make install"
is_err "" "make install: nothing on stderr"

# ---- the installed programs run from there, on a real ledger ----
PATH=$R$P/bin:/usr/bin:/bin
export PATH
is "$R$P/bin/hl-list" "$(command -v hl-list)" "hl-list is the installed one"
S=$TOP/scripts/sample
L=$T/office/hotline.db
mkdir -p "$T/office"
export HL_DB=$L HL_NOW=2026-11-25T08:45:00+08:00
{
	hl-ledger -q init &&
	for t in units people villages routes policy; do
		hl-ledger -q import $t "$S/$t.csv" || exit 1
	done &&
	hl-ledger -q import calendar "$S/calendar-2026.csv" &&
	hl-intake -q "$S/orders.csv" 2>/dev/null | hl-dispatch -q >/dev/null
} 2>"$T/setup.err"
is "" "$(cat "$T/setup.err")" "the installed hl-ledger, hl-intake and hl-dispatch build the sample ledger"
run hl-list --month 2026-11
is_rc 0 "the installed hl-list runs"
is 12 "$(wc -l <"$OUT" | tr -d ' ')" "and lists November's 12 work orders"
run hl-show SD2026112500013
is_rc 0 "the installed hl-show runs"

# ---- what else is installed ----
for f in $(cd "$TOP/scripts" && ls hl-send-* monthly-bulletin 2>/dev/null); do
	[ -x "$R$P/lib/hotline/$f" ] && ok "$f in lib/hotline" ||
	    not_ok "$f in lib/hotline"
done
# Whatever senders there are: two stand-ins through the same rule.
printf '#!/bin/sh\nexit 0\n' >"$T/hl-send-a" && cp "$T/hl-send-a" "$T/hl-send-b"
run make -s -C "$TOP" install DESTDIR="$T/root2" PREFIX=$P \
    LIBEXEC="$T/hl-send-a $T/hl-send-b"
is_rc 0 "make install with two senders"
is "hl-send-a hl-send-b" "$(cd "$T/root2$P/lib/hotline" && find . -perm -0755 -type f |
    sed 's|^\./||' | sort | paste -sd' ' -)" "both in lib/hotline, executable"
run make -s -C "$TOP" uninstall DESTDIR="$T/root2" PREFIX=$P \
    LIBEXEC="$T/hl-send-a $T/hl-send-b"
[ -e "$T/root2$P/lib/hotline" ] && not_ok "uninstall removes them and lib/hotline" ||
    ok "uninstall removes them and lib/hotline"
for f in $(cd "$TOP/scripts" && ls cron/* systemd/*.service systemd/*.timer setup/* 2>/dev/null); do
	case $f in cron/*) d=${f#cron/} ;; *) d=$f ;; esac
	cmp -s "$TOP/scripts/$f" "$R$P/share/doc/hotline/$d" &&
	    ok "$f in share/doc/hotline" || not_ok "$f in share/doc/hotline"
done
C=$R$P/share/bash-completion/completions
progs=$(cd "$TOP/cmd" && ls hl-*.c | sed 's/\.c$//' | sort)
for p in $progs; do
	is hotline "$(readlink "$C/$p")" "completions/$p is a link to the one file"
done

# ---- completion, in an interactive bash ----
# tcomp LINE: what TAB at the end of LINE offers, one a line, sorted, in a
# bash -i that has loaded completions/hl-list as bash-completion does.
tcomp() {
	HISTFILE= bash --norc --noprofile -i -c '. "$1" && . "$2" && comp "$3"' \
	    _ "$C/hl-list" "$TOP/tests/complete.sh" "$1" </dev/null 2>"$T/bash.err" |
	    LC_ALL=C.UTF-8 sort
}
# bash -i without a terminal says so on stderr; anything else is an error.
bash_err() {
	grep -v -e 'cannot set terminal process group' -e 'no job control' \
	    "$T/bash.err" || true
}
sorted() {
	LC_ALL=C.UTF-8 sort
}

spec=$(HISTFILE= bash --norc --noprofile -i -c '. "$1" && for p in $2; do complete -p $p; done' \
    _ "$C/hl-list" "$progs" </dev/null 2>"$T/bash.err")
is "$(for p in $progs; do echo "complete -F _hotline $p"; done)" "$spec" \
    "complete -p: every program completes through _hotline"
is "" "$(bash_err)" "loading the completion: no error"

# Options: every long option each program's --help names.
for p in $progs; do
	is "$("$p" --help | grep -o -- '--[a-z][a-z-]*' | sorted | uniq)" \
	    "$(tcomp "$p --")" "$p --<TAB>: the long options of its --help"
done
is "$(printf '%s\n' -d --db --unmask --now -h --help -V --version | sorted)" \
    "$(tcomp "hl-show -")" "hl-show -<TAB>: short and long options"
is "--month" "$(tcomp "hl-list --mo")" "hl-list --mo<TAB>"

# Values the help lists, and the contract's words.
is "$(printf '%s\n' csv html json table tsv)" "$(tcomp "hl-rank -f ")" "hl-rank -f <TAB>"
is "$(printf '%s\n' csv ndjson)" "$(tcomp "hl-intake --format ")" "hl-intake --format <TAB>"
is "$(printf '%s\n' received rejected replied resolved responded)" \
    "$(tcomp "hl-list --status re")" "hl-list --status re<TAB>"
is "$(printf '%s\n' complaint consult)" "$(tcomp "hl-list --kind=co")" "hl-list --kind=co<TAB>"
is "$(printf '%s\n' area cadre category station village | sorted)" "$(tcomp "hl-rank --by ")" \
    "hl-rank --by <TAB>"
is "$(date +%Y-%m)" "$(HISTFILE= bash --norc --noprofile -i -c '. "$1" && . "$2" && comp "$3" | head -n 1' \
    _ "$C/hl-list" "$TOP/tests/complete.sh" "hl-list --month " </dev/null 2>/dev/null)" \
    "hl-list --month <TAB>: this month first"
is 13 "$(tcomp "hl-rank --week " | grep -c '^[0-9]\{4\}-W[0-9][0-9]$')" \
    "hl-rank --week <TAB>: the last 13 ISO weeks"
is "Asia/Shanghai" "$(tcomp "hl-ledger init --zone Asia/Shangh")" "--zone: the system's zones"

# Subcommands and their arguments.
is "$(printf '%s\n' backup check import init seal)" "$(tcomp "hl-ledger ")" \
    "hl-ledger <TAB>: its subcommands"
is "$(printf '%s\n' calendar channels people policy routes units villages)" \
    "$(tcomp "hl-ledger -q import ")" "hl-ledger import <TAB>: the tables"
mkdir -p "$T/tables" && : >"$T/tables/units.csv" && : >"$T/tables/people.csv"
is "$(printf '%s\n' "$T/tables/people.csv" "$T/tables/units.csv")" \
    "$(tcomp "hl-ledger import units $T/tables/")" "hl-ledger import units <TAB>: files"
is "" "$(tcomp "hl-ledger seal ")" "hl-ledger seal <TAB>: nothing"

# hl-update: ID, then the event, then its options and their values.
is "$(printf '%s\n' correct extend instruct note plan reopen reply resolve resume return respond suspend verify visit | sorted)" \
    "$(tcomp "hl-update SD2026112500013 ")" "hl-update ID <TAB>: the events"
is "$(printf '%s\n' --resolved --satisfaction)" "$(tcomp "hl-update SD2026112500013 visit ")" \
    "hl-update ID visit <TAB>: its options"
is "$(printf '%s\n' basic satisfied unsatisfied very_satisfied very_unsatisfied | sorted)" \
    "$(tcomp "hl-update SD2026112500013 visit --resolved yes --satisfaction ")" \
    "--satisfaction <TAB>: the grades"
is "$(printf '%s\n' genuine malicious unfounded)" \
    "$(tcomp "hl-update -b 刘晓敏 SD2026112500013 verify --verdict ")" "--verdict <TAB>"

# ---- from the ledger ($HL_DB) ----
is "$(printf 'SD20261125000%s\n' 11 12 13 14 15 16 17 18 19)" \
    "$(tcomp "hl-show SD202611250001")" "hl-show SD202611250001<TAB>: the ids in the ledger"
is "SD2026112500013" "$(tcomp "hl-update SD2026112500013")" \
    "a whole id: the one ticket (bash inserts it)"
is "$(sql "SELECT id FROM tickets WHERE id LIKE 'SD202611250002%' ORDER BY id")" \
    "$(tcomp "hl-list --open SD202611250002")" "hl-list IDs after options"
is "$(sql "SELECT id FROM tickets ORDER BY id")" "$(tcomp "hl-escalate --explain ")" \
    "hl-escalate --explain <TAB>: every id"
is "" "$(tcomp "hl-show GD")" "a prefix no ticket has: nothing"
is "$(cut -d, -f1 "$S/units.csv" | sed 1d | sorted)" "$(tcomp "hl-list --unit ")" \
    "hl-list --unit <TAB>: the units of the directory"
is "$(cut -d, -f1 "$S/people.csv" | sed 1d | grep '^陈' | sorted)" "$(tcomp "hl-update --by 陈")" \
    "hl-update --by 陈<TAB>: the people"
is "$(cut -d, -f1 "$S/villages.csv" | sed 1d | sorted)" "$(tcomp "hl-list -v ")" \
    "hl-list -v <TAB>: the villages"
is "$( { cut -d, -f1 "$S/units.csv"; cut -d, -f1 "$S/people.csv"; } | grep '^陈' | sorted)" \
    "$(tcomp "hl-dispatch --to 陈")" "hl-dispatch --to <TAB>: units and people"
is "$(printf '%s\n' 东片 西片 | sorted)" "$(tcomp "hl-rank --by area --explain ")" \
    "hl-rank --by area --explain <TAB>: the areas"
is "$(printf '%s\n' 冯玉兰)" "$(tcomp "hl-rank -l cadre -e 冯")" \
    "hl-rank -l cadre -e <TAB>: the people"
is "$( { cut -d, -f1 "$S/routes.csv" | sed 1d; sql "SELECT DISTINCT category FROM tickets"; } | grep . | sorted | uniq)" \
    "$(tcomp "hl-list -c ")" "hl-list -c <TAB>: the routes' and the tickets' categories"

# ---- the ledger named on the line ----
mkdir -p "$T/elsewhere"
{
	hl-ledger -q -d "$T/elsewhere/other.db" init &&
	printf '%s\n' '{"id":"OTHER-1","received_at":"2026-11-20T09:00:00+08:00","content":"x"}' |
	    hl-intake -q -d "$T/elsewhere/other.db" >/dev/null
} 2>"$T/setup.err"
is "OTHER-1" "$(tcomp "hl-show --db $T/elsewhere/other.db O")" "--db PATH on the line"
is "OTHER-1" "$(tcomp "hl-show --db=$T/elsewhere/other.db O")" "--db=PATH"
is "OTHER-1" "$(tcomp "hl-show -d$T/elsewhere/other.db O")" "-dPATH"
is "OTHER-1" "$(tcomp "hl-list -od $T/elsewhere/other.db O")" "-od PATH (a cluster)"
is "" "$(tcomp "hl-show --db $T/elsewhere/other.db SD")" "its ids only"
is "OTHER-1" "$(cd "$T/elsewhere" && HL_DB=other.db tcomp "hl-show O")" \
    "HL_DB relative to the current directory"
is "" "$(HL_DB=$T/none.db tcomp "hl-show S")" "a ledger that does not exist: nothing"
[ -e "$T/none.db" ] && not_ok "and it is not created" || ok "and it is not created"
is "" "$(bash_err)" "and no error"
is "" "$(unset HL_DB; cd "$T" && tcomp "hl-show S")" "no HL_DB and no ./hotline.db: nothing"

# Read-only: the ledger's contents do not change, and it stays clean.
before=$(sha256sum <"$L")
tcomp "hl-show S" >/dev/null
tcomp "hl-list --unit " >/dev/null
is "$before" "$(sha256sum <"$L")" "completing does not write to the ledger"
run hl-ledger check
is_rc 0 "hl-ledger check is clean after completing"

# Names from the ledger are data: quoted when inserted, never run.
printf 'name,role,unit,phone,email\n%s,grid,,,\n%s,grid,,,\n' \
    '$(touch PWNED)' "O'Brien two" >"$T/people.csv"
hl-ledger -q import people "$T/people.csv" 2>"$T/setup.err" ||
    not_ok "setup: people with odd names: $(cat "$T/setup.err")"
is '\$\(touch\ PWNED\)' "$(cd "$T" && tcomp 'hl-update --by $')" \
    "a name with \$(...) is offered quoted"
[ -e "$T/PWNED" ] && not_ok "and nothing was run" || ok "and nothing was run"
is "O\\'Brien\\ two" "$(tcomp "hl-list --person O")" "a quote and a blank are quoted"
is "" "$(tcomp "hl-show O'")" "a quote in the word completed: no match, no error"
is "" "$(bash_err)" "no error from sqlite3"

# ---- make uninstall ----
run make -s -C "$TOP" uninstall DESTDIR="$R" PREFIX=$P
is_rc 0 "make uninstall"
is "" "$(find "$R" ! -type d)" "uninstall removes every file and link it installed"
is "" "$(find "$R" -path '*hotline*')" "and the hotline directories"
done_testing
