#!/bin/sh
# The bulletin tests' own tools catch what they are there to catch.
# browse (tests/tools/browse) fails on a console error, an uncaught
# exception, a missing file, a refused connection and a script the page's
# Content-Security-Policy refuses, naming the page; paper
# (tests/tools/paper) on a row cut by a page break, a blank page and a page
# that is not A4; figures (tests/tools/figures) on a number that differs
# from hl-rank's JSON, is rounded or signed wrong, or stands outside any
# figure, and on tickets listed that --explain does not give.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/bulletin.sh"

need_browser
page() {
	printf '<!DOCTYPE html>\n<html lang="zh-CN"><head><meta charset="utf-8">%s<title>t</title></head><body>%s</body></html>\n' "$2" "$3" >"$1.html"
}
csp='<meta http-equiv="Content-Security-Policy" content="default-src '"'none'"'; style-src '"'unsafe-inline'"'">'
page good "$csp" '<h1>好</h1><p>一段文字</p>'
page error '' '<p>x</p><script>console.error("出错了")</script>'
page throw '' '<p>x</p><script>null.f()</script>'
page missing '' '<p>x</p><img src="missing.png" alt="">'
# A port of the loopback nobody listens on: just let go by the kernel.
port=$(perl -MIO::Socket::INET -e 'print IO::Socket::INET->new(Listen => 1,
    LocalAddr => "127.0.0.1", LocalPort => 0)->sockport')
page refused '' "<p>x</p><img src=\"http://127.0.0.1:$port/x.png\" alt=\"\">"
page inline "$csp" '<p>x</p><script>document.title = "ran"</script>'

browse --dom-only out good.html
is_rc 0 "browse: a quiet page passes"
is "" "$(cat "$OUT" "$ERR")" "browse: and says nothing"
like "<h1>好</h1>" "$(cat out/good/dom.html)" "browse: the DOM is dumped"
browse --dom-only out good.html error.html throw.html missing.html \
    refused.html inline.html
is_rc 1 "browse: a page with trouble fails the run"
for p in error throw missing refused inline; do
	like "^browse: $p: " "$(cat "$ERR")" "browse: names $p"
done
like "^browse: error: console.error: 出错了$" "$(cat "$ERR")" \
    "browse: the console's error, as logged"
like "^browse: throw: exception: TypeError" "$(cat "$ERR")" \
    "browse: the exception"
like "^browse: missing: load failed: net::ERR_FILE_NOT_FOUND \\[file://.*/missing.png\\]$" \
    "$(cat "$ERR")" "browse: the missing file, with its address"
like "^browse: refused: load failed: net::ERR_CONNECTION_REFUSED \\[http://127.0.0.1:$port/x.png\\]$" \
    "$(cat "$ERR")" "browse: the refused connection"
like "^browse: inline: log.error \\(security\\): .*Content Security Policy" \
    "$(cat "$ERR")" "browse: the script the policy refused"
is "" "$(grep '^browse: good' "$ERR")" "browse: nothing about the quiet page"
browse out
is_rc 2 "browse: no page is a usage error"
browse out nothere.html
is_rc 2 "browse: a page that cannot be read"
like "cannot read 'nothere.html'" "$(cat "$ERR")" "browse: says which"

# ---- paper ----
rows=$(i=1; while [ $i -le 150 ]; do printf '第%d行<br>' $i; i=$((i + 1)); done)
page cut '<style>@page{size:A4}</style>' "<table><tr><td>甲</td><td>$rows</td></tr></table>"
page blank '<style>@page{size:A4}</style>' '<ul><li>第一页</li></ul><div style="break-before:page;height:1px"></div><ul style="break-before:page"><li>第三页</li></ul>'
page letter '<style>@page{size:letter}</style>' '<ul><li>信纸</li></ul>'
page a4 '<style>@page{size:A4}</style>' '<table><tr><td>一行</td></tr></table><ul><li>一项</li></ul>'
browse --no-shots out cut.html blank.html letter.html a4.html
is_rc 0 "the pages to print load quietly"
run perl "$TOOLS/paper" out/a4/print.pdf out/a4/dom.html
is_rc 0 "paper: one A4 page with a row and an item passes"
is "pages 1" "$(cat "$OUT")" "paper: and says how many pages"
run perl "$TOOLS/paper" out/cut/print.pdf out/cut/dom.html
is_rc 1 "paper: a row taller than a page fails"
like "^a tr is cut by a page break \\(it starts on page 1\\): 甲第1行第2行" \
    "$(cat "$OUT")" "paper: names the row cut"
run perl "$TOOLS/paper" out/blank/print.pdf out/blank/dom.html
is_rc 1 "paper: a blank page fails"
is "pages 3
page 2 has no text
page 2 has no ink" "$(cat "$OUT")" "paper: names the blank page"
run perl "$TOOLS/paper" out/letter/print.pdf out/letter/dom.html
is_rc 1 "paper: US letter fails"
like "^page 1 is 612 x 792 points, not A4$" "$(cat "$OUT")" \
    "paper: names the paper"

# ---- figures ----
# A DOM as Chromium dumps one, and the JSON lines it must equal.
cat >dom.html <<'END'
<!DOCTYPE html>
<html><head><title>2026</title></head><body>
<section data-l="station" data-p="0"><table><tbody>
<tr data-u="国土所"><td data-k="rank">2</td><td data-k="rank" data-d="1">↑1</td><td class="name">国土所</td><td data-k="tickets">10</td><td data-k="response_rate">66.7%</td><td data-k="score">85.2</td><td data-k="score" data-d="1">-0.2</td><td data-k="tickets" data-d="1">+5</td></tr>
<tr data-u="农业站"><td data-k="score">-</td><td data-k="satisfaction_rate">80.0%</td></tr>
<tr data-u=""><td data-k="tickets">31</td><td><time datetime="2026-10-01">2026-10-01</time></td><td class="txt">G07</td></tr>
</tbody></table></section>
<section data-l="station" data-p="0"><table><tbody data-u="国土所"><tr data-ticket="G03"></tr><tr data-ticket="G01"></tr></tbody></table></section>
</body></html>
END
cat >p0.json <<'END'
{"level":"station","unit":"国土所","rank":2,"tickets":10,"response_rate":0.666666666666667,"satisfaction_rate":1,"score":85.25}
{"level":"station","unit":"农业站","rank":null,"tickets":0,"response_rate":null,"satisfaction_rate":0.8,"score":null}
{"level":"station","unit":null,"rank":null,"tickets":31,"response_rate":0.8,"satisfaction_rate":0.9,"score":85}
END
cat >p1.json <<'END'
{"level":"station","unit":"国土所","rank":3,"tickets":5,"response_rate":0.5,"satisfaction_rate":1,"score":85.45}
{"level":"station","unit":null,"rank":null,"tickets":12,"response_rate":0.5,"satisfaction_rate":1,"score":88}
END
cat >explain.json <<'END'
{"ticket":"G01","received_at":"2026-10-08T09:00:00+08:00","genuine":true,"resolve_counted":true,"resolved_at":"2026-10-10T09:00:00+08:00","resolved_on_time":true,"visits":[{"resolved":"partly","satisfied":true}],"visited":true,"resolved_by_caller":false,"satisfied":true,"unresolved_overdue":false,"late_stages":0}
{"ticket":"G02","received_at":"2026-10-09T09:00:00+08:00","genuine":true,"resolve_counted":true,"resolved_at":"2026-10-10T09:00:00+08:00","resolved_on_time":true,"visits":[{"resolved":"yes","satisfied":true}],"visited":true,"resolved_by_caller":true,"satisfied":true,"unresolved_overdue":false,"late_stages":0}
{"ticket":"G03","received_at":"2026-10-12T09:00:00+08:00","genuine":true,"resolve_counted":true,"resolved_at":null,"resolved_on_time":false,"visits":[],"visited":false,"resolved_by_caller":false,"satisfied":false,"unresolved_overdue":true,"late_stages":2}
{"ticket":"G04","received_at":"2026-10-13T09:00:00+08:00","genuine":false,"resolve_counted":false,"resolved_at":null,"resolved_on_time":false,"visits":[],"visited":false,"resolved_by_caller":false,"satisfied":false,"unresolved_overdue":false,"late_stages":3}
END
# 85.25 shown as 85.2 (the JSON's 15 digits cannot say which way the
# double rounds: either is right); the change -0.2 from 85.45; G03 is
# unresolved past due (graver) before G01's visit partly resolved; G02 was
# fine; G04 was not genuine.
run perl "$TOOLS/figures" -v dom.html station:0=p0.json station:1=p1.json \
    "explain:国土所=explain.json"
is_rc 0 "figures: a right page passes"
is "ok station 0 国土所 rank '2'
ok station 0 国土所 rank change '↑1'
ok station 0 国土所 tickets '10'
ok station 0 国土所 response_rate '66.7%'
ok station 0 国土所 score '85.2'
ok station 0 国土所 score change '-0.2'
ok station 0 国土所 tickets change '+5'
ok station 0 农业站 score '-'
ok station 0 农业站 satisfaction_rate '80.0%'
ok station 0 (township) tickets '31'" "$(cat "$OUT")" "figures: what it checked"
# wrong FROM TO NAME: the DOM with FROM made TO fails, with the message.
wrong() {
	sed "$1" dom.html >wrong.html
	run perl "$TOOLS/figures" wrong.html station:0=p0.json station:1=p1.json \
	    "explain:国土所=explain.json"
	is_rc 1 "figures: $3 fails"
	is "$2" "$(cat "$OUT")" "figures: $3: says so"
}
sed 's/>85.2</>85.3</' dom.html >half.html
run perl "$TOOLS/figures" half.html station:0=p0.json station:1=p1.json \
    "explain:国土所=explain.json"
is_rc 0 "figures: 85.25 as 85.3 passes too"
wrong 's/>66.7%</>66.6%</' "station 0 国土所 response_rate '66.6%': hl-rank says 66.6666666666667" "a rate off by 0.1"
wrong 's/>66.7%</>0.667</' "station 0 国土所 response_rate '0.667': hl-rank says 66.6666666666667" "a rate not in percent"
wrong 's/>85.2</>85.4</' "station 0 国土所 score '85.4': hl-rank says 85.25" "a score off by 0.15"
wrong 's/>↑1</>↓1</' "station 0 国土所 rank change '↓1': hl-rank says ↑1" "a rise shown as a fall"
wrong 's/>+5</>5</' "station 0 国土所 tickets change '5': hl-rank says 5" "a change without its sign"
wrong 's/>-<\/td><td data-k="satisfaction_rate">/>0.0<\/td><td data-k="satisfaction_rate">/' \
    "station 0 农业站 score '0.0': hl-rank says null" "a null shown as 0"
wrong 's/class="txt">G07/>G07/' \
    "a number outside a figure: 'G07' (in html>body>section>table>tbody>tr>td)" \
    "a number outside any figure"
wrong 's/data-ticket="G03"/data-ticket="G02"/' \
    "tickets of 国土所: listed 'G02 G01', hl-rank --explain gives 'G03 G01'" \
    "a ticket listed that lost no points"
wrong 's/<tr data-ticket="G03"><\/tr><tr data-ticket="G01"><\/tr>/<tr data-ticket="G01"><\/tr><tr data-ticket="G03"><\/tr>/' \
    "tickets of 国土所: listed 'G01 G03', hl-rank --explain gives 'G03 G01'" \
    "the tickets not gravest first"

done_testing
