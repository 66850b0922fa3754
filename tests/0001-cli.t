#!/bin/sh
# The command-line conventions every program shares (spec/CONTRACT.md,
# spec/PRACTICE.md), for each program built in cmd/: --help and -h print a
# usage line "usage: NAME" on stdout and exit 0; --version and -V print
# "NAME (hotline) VERSION" and exit 0; an unknown option exits 64 with
# "Try 'NAME --help'" on stderr and nothing on stdout; none of these touch
# a ledger.  And every man page present passes mandoc -Tlint -Wwarning.
. "$(dirname "$0")/lib.sh"

progs=
for p in "$TOP"/cmd/hl-*; do
	case $p in *.c|*.d|*.o) continue ;; esac
	[ -f "$p" ] && [ -x "$p" ] && progs="$progs $p"
done
if [ -z "$progs" ]; then
	not_ok "programs are built in cmd/ (run make)"
	done_testing
	exit 1
fi
ok "programs built in cmd/:$(for p in $progs; do printf ' %s' "${p##*/}"; done)"

for p in $progs; do
	name=${p##*/}
	for opt in --help -h; do
		run "$p" $opt
		is_rc 0 "$name $opt: exit 0"
		like "^usage: $name( |\$)" "$(head -n 1 "$OUT")" \
			"$name $opt: stdout starts with 'usage: $name'"
		is_err "" "$name $opt: nothing on stderr"
	done
	for opt in --version -V; do
		run "$p" $opt
		is_rc 0 "$name $opt: exit 0"
		like "^$name \\(hotline\\) [0-9]+\\.[0-9]+" "$(cat "$OUT")" \
			"$name $opt: prints '$name (hotline) VERSION'"
		is "1" "$(wc -l <"$OUT" | tr -d ' ')" "$name $opt: one line"
		is_err "" "$name $opt: nothing on stderr"
	done
	for opt in --no-such-option -Z; do
		run "$p" $opt
		is_rc 64 "$name $opt: exit 64"
		is_out "" "$name $opt: nothing on stdout"
		like "Try '$name --help'" "$(cat "$ERR")" \
			"$name $opt: stderr says Try '$name --help'"
		like "^$name: " "$(head -n 1 "$ERR")" \
			"$name $opt: the message starts with the program's name"
	done
	# A missing option argument is a usage error too.
	run "$p" --db
	is_rc 64 "$name --db without its argument: exit 64"
	like "Try '$name --help'" "$(cat "$ERR")" \
		"$name --db without its argument: the hint"
	if [ -e "$HL_DB" ] || [ -e hotline.db ]; then
		not_ok "$name: --help, --version and usage errors create no ledger"
		rm -f "$HL_DB" "$HL_DB"-wal "$HL_DB"-shm "$HL_DB".lock
	else
		ok "$name: --help, --version and usage errors create no ledger"
	fi
done

# Man pages.
pages=
for m in "$TOP"/man/*.[1-9]; do
	[ -f "$m" ] && pages="$pages $m"
done
if [ -z "$pages" ]; then
	ok "mandoc -Tlint # SKIP no man pages yet"
elif ! command -v mandoc >/dev/null 2>&1; then
	ok "mandoc -Tlint # SKIP mandoc is not installed"
else
	for m in $pages; do
		if out=$(mandoc -Tlint -Wwarning "$m" 2>&1); then
			ok "mandoc -Tlint -Wwarning ${m##*/}"
		else
			not_ok "mandoc -Tlint -Wwarning ${m##*/}"
			diag "$out"
		fi
	done
	# A page for every program.
	for p in $progs; do
		name=${p##*/}
		if [ -f "$TOP/man/$name.1" ]; then
			ok "man/$name.1 exists"
		else
			not_ok "man/$name.1 exists"
		fi
	done
fi

done_testing
