#!/bin/sh
# 0002 - make install and make uninstall under DESTDIR and PREFIX: every
# program, every man page in its section, hl-notify's channel commands,
# nothing else touched; the installed programs run.
. "$(dirname "$0")/lib.sh"

R=$T/root
progs=$(cd "$TOP/cmd" && ls hl-*.c | sed 's/\.c$//' | sort)
run make -s -C "$TOP" install DESTDIR="$R" PREFIX=/opt/hotline
is_rc 0 "make install"
is "$progs" "$(ls "$R/opt/hotline/bin" | sort)" "every program in BINDIR"
for p in $progs; do
	[ -x "$R/opt/hotline/bin/$p" ] || not_ok "$p is executable"
done
is "$(cd "$TOP/man" && ls *.1 | sort)" "$(ls "$R/opt/hotline/share/man/man1" | sort)" \
    "the section 1 pages"
is "$(cd "$TOP/man" && ls *.5 | sort)" "$(ls "$R/opt/hotline/share/man/man5" | sort)" \
    "the section 5 pages"
is "$(cd "$TOP/man" && ls *.7 | sort)" "$(ls "$R/opt/hotline/share/man/man7" | sort)" \
    "the section 7 pages"
is "hl-send-dingtalk hl-send-mail hl-send-wecom monthly-bulletin" \
    "$(ls "$R/opt/hotline/lib/hotline" | tr '\n' ' ' | sed 's/ $//')" \
    "hl-notify's channel commands and the monthly job in PREFIX/lib/hotline"
for p in hl-send-dingtalk hl-send-mail hl-send-wecom; do
	[ -x "$R/opt/hotline/lib/hotline/$p" ] || not_ok "$p is executable"
done
run "$R/opt/hotline/bin/hl-list" --version
is_rc 0 "an installed program runs"
like "^hl-list \(hotline\) " "$(cat "$OUT")" "and says what it is"
run make -s -C "$TOP" uninstall DESTDIR="$R" PREFIX=/opt/hotline
is_rc 0 "make uninstall"
is "" "$(find "$R" -type f)" "uninstall removes every file it installed"
done_testing
