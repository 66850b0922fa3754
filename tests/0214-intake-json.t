#!/bin/sh
# hl-intake: what it prints is NDJSON that jq reads back unchanged: one
# compact object a line, control characters escaped; ids and phone numbers
# are strings (a number given as id becomes a string, digits exact);
# other input fields are kept unchanged under extra.
. "$(dirname "$0")/lib.sh"

I=$FIX/intake
cp "$I/json.ndjson" .

run hl-intake json.ndjson
is_rc 0 "tricky JSON input: exit 0"
is_err "hl-intake: 6 read, 6 new, 0 duplicate, 0 rejected" "tricky JSON input: all stored"
is 6 "$(wc -l <"$OUT" | tr -d ' ')" "one line per ticket"
if jq -c . "$OUT" >jq.out 2>jq.err; then
	ok "every stdout line parses with jq"
else
	not_ok "every stdout line parses with jq"
	sed 's/^/# /' jq.err
fi
# jq writes some escapes differently (\u001b, \u007f): compare the lines
# without those byte for byte, and the strings with them by value.
grep -v '"J4"' "$OUT" >plain.out
jq -c . plain.out >plain.jq
is_file plain.out plain.jq "jq -c . gives back exactly the lines printed"
is "$(cat "$I/json.expected")" \
    "$(jq -c '[.id, (.id | type), .caller.phone]' "$OUT")" \
    "ids are strings with their digits exact; phones normalised strings"
is "$(jq -c '[.content, .title]' json.ndjson)" \
    "$(jq -c '[.content, .title]' "$OUT")" \
    "content and title read back by jq exactly as given (quotes, escapes, emoji, U+2028)"
is "string string" "$(jq -r 'select(.caller) | .caller.phone | type' "$OUT" | sort -u | tr '\n' ' ' | sed 's/ $//') $(jq -r '.received_at | type' "$OUT" | sort -u)" \
    "phones and times are strings"
is '"9007199254740993"' "$(grep -o '"id":"9007199254740993"' "$OUT" | sed 's/"id"://')" \
    "the id above 2^53 printed as a string, not rounded"
is '"标题\r\n换行"' "$(jq -c 'select(.id == "J4") | .title' "$OUT")" \
    "CR LF in a title kept and escaped"
is '{"name":"王\"小\"二","phone":"01065123456"}
{"name":"赵六","phone":"13912345679"}' \
    "$(jq -c 'select(.caller) | .caller' "$OUT")" \
    "caller as an object or as caller_name/caller_phone"
is '{"count":3,"ok":true,"nothing":null,"list":[1,"二",{"三":3}],"obj":{"a":{"b":"c"}}}' \
    "$(jq -c 'select(.id == "J6") | .extra' "$OUT")" \
    "other fields kept under extra, in input order, with their types"
if grep -q "$(printf '[\001-\010\013-\037]')" "$OUT"; then
	not_ok "no raw control character on stdout"
else
	ok "no raw control character on stdout"
fi

# Decimals pass through unchanged (jansson would print 1.1 as
# 1.1000000000000001 if they went through a double).
printf '{"id":"N1","received_at":"2026-11-25T09:00:00+08:00","content":"c","amount":1.1,"rate":0.35,"big":9007199254740993}\n' >num.ndjson
run hl-intake num.ndjson
is_rc 0 "numbers in extra: exit 0"
like '"extra":\{"amount":1\.1,"rate":0\.35,"big":9007199254740993\}\}$' "$(cat "$OUT")" \
    "numbers in extra printed exactly as given"

# The caller given twice, as an object and as caller_name/caller_phone:
# whether it is refused or one of them wins, nothing may leak or crash
# (the sanitizer build reports leaks with exit 1).  The line has no final
# newline, so that it reaches the ticket parser in any case.
printf '{"id":"C2","received_at":"2026-11-25T09:00:00+08:00","content":"c","caller":{"name":"甲","phone":"13812345678"},"caller_name":"乙","caller_phone":"13912345678"}' >twice.ndjson
run hl-intake twice.ndjson
case $rc in
0|65) ok "caller given twice: exit 0 or 65" ;;
*)    not_ok "caller given twice: exit 0 or 65"; diag "exit status $rc"; show_err ;;
esac
if grep -q -i sanitizer "$ERR"; then
	not_ok "caller given twice: no sanitizer report"
	grep -i -A3 'sanitizer' "$ERR" | head -n 8 | sed 's/^/# /'
else
	ok "caller given twice: no sanitizer report"
fi

# CSV values are strings, whatever they look like.
printf 'id,received_at,content,caller_phone,amount\n00042,2026-11-25 09:00,c,13812345678,1.10\n' >num.csv
run hl-intake num.csv
is_rc 0 "numbers in CSV: exit 0"
is '["00042","13812345678",{"amount":"1.10"}]' \
    "$(jq -c '[.id, .caller.phone, .extra]' "$OUT")" \
    "numbers in CSV: id, phone and extra stay strings"

done_testing
