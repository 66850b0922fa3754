#!/bin/sh
# Every man page is clean at mandoc -Tlint -W style (scripts/lint-man, what
# `make lint-man` runs): the only messages let through are references to
# pages outside the project; a reference to a project page that does not
# exist, a text line over 80 bytes, a trailing delimiter in .Nd, a
# section name mandoc takes for a typo and an explicit .Os are failures.
# The linter itself is checked on a page with each fault.
. "$(dirname "$0")/lib.sh"

if ! command -v mandoc >/dev/null 2>&1; then
	skip "mandoc -Tlint -W style" "mandoc is not installed"
	done_testing
	exit 0
fi

# ---- the linter on a page with every fault it must find ----
mkdir -p bad/man1
cat >bad/man1/hl-faulty.1 <<'END'
.Dd May 1, 2026
.Dt HL-FAULTY 1
.Os hotline 0.1.0
.Sh NAME
.Nm hl-faulty
.Nd a page with faults, ...
.Sh SYNOPSIS
.Nm
.Sh DESCRIPTION
This text line is much too long for a man page source: it goes on past eighty bytes.
Short, but 这一行中文算起来超过八十字节。
.Sh FILTERS
See
.Xr hl-nosuch 1 ,
.Xr hl-list 1 ,
.Xr hotline 7 ,
.Xr jq 1
and
.Xr cron 8 .
END
run sh "$TOP/scripts/lint-man" "$T/bad/man1/hl-faulty.1"
is_rc 1 "lint-man: a faulty page fails"
p="$T/bad/man1/hl-faulty.1"
# mandoc counts a line's bytes with each Chinese character as its escape
# \[uXXXX], 8 bytes: the second long line has 56 bytes of UTF-8, 131 so.
is "mandoc: $p:10:84: STYLE: input text line longer than 80 bytes: This text line is mu...
mandoc: $p:11:131: STYLE: input text line longer than 80 bytes: Short, but \\[u8FD9]\\...
mandoc: $p:6:27: STYLE: trailing delimiter: Nd a page with faults, ...
mandoc: $p:12:5: STYLE: possible typo in section name: Sh FILTERS instead of FILES
mandoc: $p:14:6: STYLE: referenced manual not found: Xr hl-nosuch 1
lint-man: $p:3: explicit operating system in .Os (write a plain .Os)" \
    "$(cat "$OUT")" "lint-man: each fault said; outside references (jq, cron) and project pages that exist are not"

# ---- the project's pages ----
pages=$(ls "$TOP"/man/*.[1-9])
run sh "$TOP/scripts/lint-man" $pages
all=$(cat "$OUT" "$ERR")
for m in $pages; do
	mine=$(printf '%s\n' "$all" | grep -F "$m:" || true)
	if [ -z "$mine" ]; then
		ok "${m##*/}: mandoc -Tlint -W style clean"
	else
		not_ok "${m##*/}: mandoc -Tlint -W style clean"
		diag "$mine"
	fi
done
others=$(printf '%s\n' "$all" | grep -Fv "$TOP/man/" || true)
is "" "$others" "no other message"
is_rc 0 "lint-man on every page: exit 0"

# make lint-man runs the same.
run make -s -C "$TOP" lint-man
is_rc 0 "make lint-man: exit 0"
is_out "" "make lint-man: nothing to say"
done_testing
