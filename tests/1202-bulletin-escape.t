#!/bin/sh
# The bulletin escapes every text it is given.  A station, a category and
# twelve work orders whose names and titles are markup (<script>, </svg>,
# an <img> with onerror, a closing table, a style sheet, a comment, quotes
# and entities) show in Chromium as those characters: the DOM it dumps has
# no element or attribute the page did not write itself, nothing ran or
# was refused (the page's Content-Security-Policy would log a refusal), the
# printed page reads the titles as typed, and every figure still matches
# hl-rank's JSON for units named so (their data-u attributes read back).
# Twelve overdue tickets of one station: ten listed, the others counted.
. "$(dirname "$0")/lib.sh"
. "$TOP/tests/rank.sh"
. "$TOP/tests/bulletin.sh"

need_browser
# township NAME CATEGORY TITLES: the rank township, a station NAME owning
# CATEGORY, and a work order a line of TITLES in CATEGORY: H01..H12 on
# October 12 from 08:01, a minute apart, dispatched by the routing to the
# station, never responded: each is late (respond, and unresolved past
# its 5 working days), so all twelve are behind its lost points, equally
# grave, in the order received.
township() {
	rank_township
	{ cat "$RFIX/units.csv"; printf '"%s",station\n' "$(printf '%s' "$1" | sed 's/"/""/g')"; } >units.csv
	{ cat "$RFIX/routes.csv"; printf '"%s","%s"\n' "$2" "$(printf '%s' "$1" | sed 's/"/""/g')"; } >routes.csv
	hl-ledger -q import units units.csv 2>"$T/.setup" || bail "units"
	hl-ledger -q import routes routes.csv 2>"$T/.setup" || bail "routes"
	i=0
	while IFS= read -r title; do
		i=$((i + 1))
		jq -nc --arg id "$(printf 'H%02d' $i)" --arg t "$title" --arg c "$2" \
		    --arg at "$(printf '2026-10-12 08:%02d' $i)" \
		    --arg p "$(printf '1370000%04d' $i)" \
		    '{id: $id, received_at: $at, title: $t, content: "内容", category: $c,
		      village: "李家村", caller: {name: "来电人", phone: $p}}'
	done <"$3" >orders.ndjson
	intake orders.ndjson "$OCT_NOW"
	hl-dispatch -q --at 2026-10-12T09:00 --now "$OCT_NOW" \
	    $(jq -r .id orders.ndjson) >/dev/null 2>"$T/.setup" || bail "dispatch"
}
station='</svg><script>alert("站")</script>&amp;站所'
category='<img src=x onerror=alert(1)>问题'
cat >titles <<'END'
<script>alert(1)</script>
</svg><script>alert(2)</script>
"><img src=x onerror=alert(3)>
</td></tr></table><h1>假标题</h1>
<style>body{display:none}</style>
<!-- 注释 -->
&lt;b&gt; &amp; <b>粗体</b>
' onmouseover='alert(4)
]]><![CDATA[<x>
<svg><text>伪图</text></svg>
<a href="http://example.com/">链接</a>
第十二件：<i>最后</i>
END
# The same township with plain names and titles: the page to compare with.
HL_DB=$T/plain.db
sed 's/.*/普通标题/' titles >plain-titles
township 普通站所 普通问题 plain-titles
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f html
cp "$OUT" plain.html
HL_DB=$T/hotline.db
township "$station" "$category" titles
run hl-rank --month 2026-10 --as-of "$CUTOFF" -f html
is_rc 0 "-f html: exit 0"
cp "$OUT" hostile.html
browse --no-shots out hostile.html plain.html
is_rc 0 "Chromium: nothing ran, nothing was refused or failed"
is "" "$(cat out/hostile/console.txt)" "Chromium: the page logged nothing"

# elements DOM: "NAME COUNT" of every element in the DOM, and any on*
# attribute.
elements() {
	perl -I"$TOOLS" -MHLDom -e '
	open my $f, "<:utf8", $ARGV[0] or die;
	my $root = HLDom::parse(do { local $/; <$f> });
	my %n;
	HLDom::walk($root, sub {
		my ($e) = @_;
		return if !$e->{name} || $e->{name} eq "#document";
		$n{$e->{name}}++;
		print "attribute $_ on $e->{name}\n" for grep { /^on/ } keys %{$e->{attr}};
	});
	print "$_ $n{$_}\n" for sort keys %n;' "$1"
}
elements out/hostile/dom.html >elements
is "" "$(grep '^attribute' elements)" "no event handler attribute"
is "$(elements out/plain/dom.html)" "$(cat elements)" \
    "the same elements, as many, as with plain names and titles"

# The titles listed, read from the DOM as text: the first ten, as typed.
perl -I"$TOOLS" -MHLDom -e '
	binmode STDOUT, ":utf8";
	open my $f, "<:utf8", $ARGV[0] or die;
	HLDom::walk(HLDom::parse(do { local $/; <$f> }), sub {
		my ($e) = @_;
		print HLDom::text($e), "\n" if HLDom::has_class($e, "title");
	});' out/hostile/dom.html >listed
is "$(head -n 10 titles)" "$(cat listed)" "the ten titles listed read as typed"
is "$station" "$(perl -I"$TOOLS" -MHLDom -e '
	binmode STDOUT, ":utf8";
	open my $f, "<:utf8", $ARGV[0] or die;
	HLDom::walk(HLDom::parse(do { local $/; <$f> }), sub {
		my ($e) = @_;
		print $e->{attr}{"data-u"}, "\n" if $e->{name} && $e->{name} eq "tbody" &&
		    defined $e->{attr}{"data-u"};
	});' out/hostile/dom.html)" \
    "the station's name reads back from its data-u attribute"
# Printed: the text as typed (blanks aside: a narrow column wraps).
pdftotext -raw out/hostile/print.pdf - | tr -d ' \n' >printed.txt
for n in 1 2 4; do
	t=$(sed -n ${n}p titles | tr -d ' ')
	grep -qF -- "$t" printed.txt && ok "printed: '$t' as text" ||
	    not_ok "printed: '$t' as text"
done
grep -qF -- '</svg><script>alert("站")</script>&amp;站所' printed.txt &&
    ok "printed: the station's name as text" ||
    not_ok "printed: the station's name as text"

# Every figure, with units named so.
: >args
k=0
for p in "2026-10 2026-11-05T08:00" "2026-09 2026-10-05T08:00" \
    "2026-08 2026-09-05T08:00" "2026-07 2026-08-05T08:00" \
    "2026-06 2026-07-05T08:00" "2026-05 2026-06-05T08:00"; do
	set -- $p
	rank_json "station-$k.json" --month "$1" --as-of "$2"
	echo "station:$k=station-$k.json" >>args
	k=$((k + 1))
done
rank_json category-0.json --by category --month 2026-10 --as-of "$CUTOFF"
rank_json category-1.json --by category --month 2026-09 --as-of 2026-10-05T08:00
echo "category:0=category-0.json" >>args
echo "category:1=category-1.json" >>args
explain_json station --month 2026-10 --as-of "$CUTOFF" >>args
perl "$TOOLS/figures" -v out/hostile/dom.html @args >figures.out 2>&1
is "" "$(grep -v '^ok \|^param ' figures.out)" \
    "every number equals hl-rank's JSON, the tickets its --explain"
like "^ok station 0 </svg><script>alert\\(\"站\"\\)</script>&amp;站所 unlisted '2'$" \
    "$(cat figures.out)" "twelve behind lost points: two more not listed"
like "^ok category 0 <img src=x onerror=alert\\(1\\)>问题 tickets change '\\+12'$" \
    "$(cat figures.out)" "the category grew by twelve"
# The charts cut a name longer than 18 columns (a Chinese character is
# two): its first 17 and an ellipsis, whole characters, escaped after the
# cut.
like '<text x="[0-9]+" y="[0-9]+">&lt;/svg&gt;&lt;script&gt;ale…</text>' \
    "$(cat hostile.html)" "a chart's label: the name cut, then escaped"

done_testing
