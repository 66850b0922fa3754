/*
 * test-html.c - html.c and svg.c: every text escaped (markup, quotes,
 * entities, control characters), the same in a string, as text and in an
 * attribute; a table of cards; a page's frame; charts that escape their
 * labels and names, mark their values, cut long labels at whole
 * characters, and draw each series differently.  And text.c's hl_text_cut.
 */
#include <math.h>
#include <stdlib.h>

#include "hl.h"
#include "tap.h"

static const struct {
	const char *in, *out;
} esc[] = {
	{ "", "" },
	{ "国土所", "国土所" },
	{ "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;" },
	{ "</svg>", "&lt;/svg&gt;" },
	{ "\"><img src=x onerror=alert(1)>",
	  "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" },
	{ "' onmouseover='x", "&#39; onmouseover=&#39;x" },
	{ "&amp; & &lt;", "&amp;amp; &amp; &amp;lt;" },
	{ "<!-- x -->", "&lt;!-- x --&gt;" },
	{ "a\tb\nc", "a\tb\nc" },
	{ "a\rb\x01" "c\x1b[31m\x7f", "a b c [31m " },
};

/* What fn wrote for s, as a new string. */
static char *
written(void (*fn)(FILE *, const char *), const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	fn(fp, s);
	fclose(fp);
	return buf;
}

static void
attr_title(FILE *fp, const char *s)
{
	hl_html_attr(fp, "title", s);
}

/* The output of a chart, as a new string. */
static char *
chart(void (*fn)(FILE *, const struct hl_chart *), const struct hl_chart *c)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&buf, &n);

	fn(fp, c);
	fclose(fp);
	return buf;
}

static size_t
count(const char *hay, const char *needle)
{
	size_t n = 0;

	while ((hay = strstr(hay, needle))) {
		n++;
		hay += strlen(needle);
	}
	return n;
}

int
main(void)
{
	size_t i;
	char *s, *want;

	/* ---- escaping ---- */
	for (i = 0; i < sizeof esc / sizeof esc[0]; i++) {
		s = hl_html_escape(esc[i].in);
		is_str(s, esc[i].out, "escape %zu: a string", i);
		free(s);
		s = written(hl_html_text, esc[i].in);
		is_str(s, esc[i].out, "escape %zu: as text", i);
		free(s);
		s = written(attr_title, esc[i].in);
		if (asprintf(&want, " title=\"%s\"", esc[i].out) < 0)
			return 1;
		is_str(s, want, "escape %zu: as an attribute", i);
		free(want);
		free(s);
	}
	s = written(hl_html_text, NULL);
	is_str(s, "", "NULL text writes nothing");
	free(s);

	/* ---- text.c: cutting at whole characters ---- */
	is_int((long long)hl_text_cut("国土所abc", 0), 0, "cut: 0 columns");
	is_int((long long)hl_text_cut("国土所abc", 1), 0,
	       "cut: a Chinese character does not fit in 1 column");
	is_int((long long)hl_text_cut("国土所abc", 2), 3, "cut: 2 columns");
	is_int((long long)hl_text_cut("国土所abc", 5), 6, "cut: 5 columns");
	is_int((long long)hl_text_cut("国土所abc", 7), 10, "cut: 7 columns");
	is_int((long long)hl_text_cut("国土所abc", 99), 12, "cut: all");

	/* ---- a table of cards ---- */
	{
		struct hl_table t;
		char *buf = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&buf, &n);

		hl_table_init(&t, 3);
		hl_table_row(&t, "单位", "工单", "<说明>");
		hl_table_row(&t, "国土所", "10", "a&b");
		hl_table_row(&t, "</td>", "2", "\"q\"");
		hl_html_table(fp, &t, "表<1>", 2u);
		fclose(fp);
		is_str(buf,
		       "<table class=\"cards\">\n"
		       "<caption>表&lt;1&gt;</caption>\n"
		       "<thead><tr><th>单位</th><th class=\"num\">工单</th>"
		       "<th>&lt;说明&gt;</th></tr></thead>\n<tbody>\n"
		       "<tr><td class=\"head\" data-th=\"单位\">国土所</td>"
		       "<td class=\"num\" data-th=\"工单\">10</td>"
		       "<td data-th=\"&lt;说明&gt;\">a&amp;b</td></tr>\n"
		       "<tr><td class=\"head\" data-th=\"单位\">&lt;/td&gt;</td>"
		       "<td class=\"num\" data-th=\"工单\">2</td>"
		       "<td data-th=\"&lt;说明&gt;\">&quot;q&quot;</td></tr>\n"
		       "</tbody>\n</table>\n",
		       "a table: header, figures right, cells labelled, escaped");
		free(buf);
		hl_table_free(&t);
	}

	/* ---- a page ---- */
	{
		char *buf = NULL;
		size_t n = 0;
		FILE *fp = open_memstream(&buf, &n);

		hl_html_begin(fp, "通报</title><script>");
		hl_html_end(fp);
		fclose(fp);
		ok(strncmp(buf, "<!DOCTYPE html>\n<html lang=\"zh-CN\">", 35) == 0,
		   "a page: HTML5, in Chinese");
		ok(strstr(buf, "<title>通报&lt;/title&gt;&lt;script&gt;</title>")
		   != NULL, "a page: its title escaped");
		ok(strstr(buf, "content=\"default-src 'none'; style-src "
		           "'unsafe-inline'\"") != NULL,
		   "a page: nothing may run or load");
		is_int((long long)count(buf, "<script"), 0, "a page: no script");
		ok(strstr(buf, "@media print") && strstr(buf, "size:A4") &&
		   strstr(buf, "@media (max-width:40rem)"),
		   "a page: print and phone styles");
		ok(strstr(buf, "\"Noto Sans CJK SC\"") != NULL,
		   "a page: set in Noto Sans CJK");
		is_str(buf + n - 16, "</body>\n</html>\n", "a page: ends");
		free(buf);
	}

	/* ---- charts ---- */
	{
		const char *label[] = { "国土所", "<b>长长长长长长长长长长名字</b>",
		                        "x\"y" };
		const char *attr[] = { " data-u=\"a\"", " data-u=\"b\"",
		                       " data-u=\"c\"" };
		double v0[] = { 0.5, NAN, 1.0 }, v1[] = { 0.25, 0.75, 0 };
		struct hl_chart_series ser[] = {
			{ "本期<", " data-p=\"0\"", v0 },
			{ "上期&", " data-p=\"1\"", v1 },
		};
		struct hl_chart c = {
			.id = "t1", .title = "标题</svg>", .n = 3, .label = label,
			.attr = attr, .ns = 2, .s = ser, .scale = 100, .suffix = "%",
			.decimals = 1, .lo = 0, .hi = 100, .step = 25,
		};

		{
			char *b = chart(hl_svg_bars, &c);

			ok(strncmp(b, "<svg xmlns=\"http://www.w3.org/2000/svg\"", 39)
			   == 0, "bars: an SVG");
			ok(strstr(b, "aria-label=\"标题&lt;/svg&gt;\"") &&
			   strstr(b, "<title>标题&lt;/svg&gt;</title>"),
			   "bars: the title escaped");
			is_int((long long)count(b, "</svg>"), 1,
			       "bars: one end of the SVG, its own");
			ok(strstr(b, ">&lt;b&gt;长长长长长长长…</text>") != NULL,
			   "bars: a long label cut to 18 columns, then escaped");
			ok(strstr(b, ">x&quot;y</text>") != NULL,
			   "bars: a label with a quote");
			ok(strstr(b, "本期&lt;") && strstr(b, "上期&amp;"),
			   "bars: the series' names escaped");
			ok(strstr(b, " data-p=\"0\" data-u=\"a\">50.0%</text>") &&
			   strstr(b, " data-p=\"1\" data-u=\"b\">75.0%</text>") &&
			   strstr(b, " data-p=\"0\" data-u=\"b\">-</text>") &&
			   strstr(b, " data-p=\"1\" data-u=\"c\">0.0%</text>"),
			   "bars: each value written, marked, \"-\" for none");
			is_int((long long)count(b, "<rect x=\""), 5 + 2,
			       "bars: five bars (one value is none), two swatches");
			ok(strstr(b, "fill=\"url(#t1-p1)\"") &&
			   strstr(b, "<pattern id=\"t1-p1\""),
			   "bars: the second series hatched, by a pattern of its own");
			ok(strstr(b, "<text x=\"") && strstr(b, ">100</text>"),
			   "bars: the axis to 100");
			free(b);
		}
		c.id = "t2";
		c.n = 3;
		{
			char *b = chart(hl_svg_lines, &c);

			ok(strstr(b, "stroke-dasharray=\"7 3\"") != NULL,
			   "lines: the second series dashed");
			/* The first line is broken where it has no value: two
			 * moves and no line in its path. */
			{
				char *d = strstr(b, "stroke-width=\"2\" d=\""), *e;

				e = d ? strchr(d + 20, '"') : NULL;
				if (e)
					*e = '\0';
				is_int(d ? (long long)count(d, "M") : -1, 2,
				       "lines: broken where a value is none");
				is_int(d ? (long long)count(d, "L") : -1, 0,
				       "lines: nothing drawn across it");
				if (e)
					*e = '"';
			}
			is_int((long long)count(b, "d=\"M"), 4,
			       "lines: a path each, and a sample beside each name");
			ok(strstr(b, "本期&lt; <tspan font-weight=\"bold\" data-p=\"0\" "
			           "data-u=\"c\">100.0%</tspan>") != NULL,
			   "lines: named at the end with the latest value, marked");
			ok(strstr(b, "上期&amp; <tspan font-weight=\"bold\" data-p=\"1\" "
			           "data-u=\"c\">0.0%</tspan>") != NULL,
			   "lines: the other too");
			free(b);
		}
	}
	return done_testing();
}
