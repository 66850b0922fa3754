#!/bin/sh
# Where hl-notify finds its channel commands (hl-notify(1), CHANNEL
# COMMANDS): HL_SENDERS; else lib/hotline beside the directory of the
# program, as `make install` lays them out (PREFIX/bin, PREFIX/lib/hotline)
# wherever the tree is moved; else the directory the build was made for,
# and a command not there is said and its notice kept.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/notify.sh"

township
channels "周明,mail,"
message() {     # message KEY: a message to 周明
	jq -cn --arg key "$1" '{event: "message", key: $key, to: ["周明"],
	    subject: "通知", text: "内容"}'
}
# An installed tree, moved: bin/ and lib/hotline/ side by side.
mkdir -p moved/bin moved/lib/hotline
cp "$TOP/cmd/hl-notify" moved/bin/
cp -L "$TOP/scripts/hl-send-mail" moved/lib/hotline/
unset HL_SENDERS

message m1 >m1.ndjson
run "$T/moved/bin/hl-notify" --now "2026-11-25 09:00:00" <m1.ndjson
is "0||1.eml" "$rc|$(cat "$ERR")|$(ls "$MAIL")" \
    "no HL_SENDERS: hl-send-mail from ../lib/hotline beside the program"
is "$T/moved/bin/../lib/hotline/hl-send-mail" \
    "$(sql "SELECT command FROM deliveries ORDER BY id DESC LIMIT 1")" \
    "the delivery names the command it ran"

mkdir other
cat >other/hl-send-mail <<EOF
#!/bin/sh
cat >"$T/other.txt"
EOF
chmod 755 other/hl-send-mail
message m2 >m2.ndjson
HL_SENDERS=$T/other run "$T/moved/bin/hl-notify" --now "2026-11-25 09:01:00" <m2.ndjson
is "0|内容" "$rc|$(cat other.txt)" "HL_SENDERS comes first"

# A program with no lib/hotline beside it: the built-in directory.
mkdir -p bare/bin
cp "$TOP/cmd/hl-notify" bare/bin/
built=$(strings "$TOP/cmd/hl-notify" | grep '^/.*/lib/hotline$' | head -n 1)
message m3 >m3.ndjson
run "$T/bare/bin/hl-notify" --now "2026-11-25 09:02:00" <m3.ndjson
if [ -x "$built/hl-send-mail" ]; then
	skip "the built-in directory, when empty: said, the notice kept" \
	    "hotline is installed in $built"
else
	is "69|hl-notify: cannot run '$built/hl-send-mail': No such file or directory; outbox 3 to 周明 through mail is kept" \
	    "$rc|$(cat "$ERR")" "the built-in directory, when empty: said, the notice kept"
fi

done_testing
