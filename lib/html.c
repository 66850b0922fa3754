/*
 * html.c - pages for people, each one self-contained HTML file: no script,
 * nothing loaded from anywhere (a Content-Security-Policy tells the browser
 * so as well), the style sheet inline, a narrow-screen layout for phones
 * (tables become one card a row) and print styles for A4 (no table row,
 * card or chart cut by a page break).  Chinese text is set in the system's
 * CJK fonts (fonts-noto-cjk on Debian).
 *
 * Every text given to these functions is escaped, so that a ticket titled
 * "<script>" or "</svg>" shows as those characters; svg.c escapes the same
 * way.  Markup the caller writes itself (fputs of literals) is trusted.
 * Write errors are left in fp's error flag, for hl_finish to report.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* The escape of byte c, or NULL if it stands for itself.  Control
 * characters other than tab and newline, which HTML does not allow, are
 * written as spaces. */
static const char *
entity(unsigned char c)
{
	switch (c) {
	case '&': return "&amp;";
	case '<': return "&lt;";
	case '>': return "&gt;";
	case '"': return "&quot;";
	case '\'': return "&#39;";
	case '\t': case '\n': return NULL;
	default: return c < 0x20 || c == 0x7F ? " " : NULL;
	}
}

void
hl_html_text(FILE *fp, const char *s)
{
	const char *p, *e;

	if (!s)
		return;
	for (p = s; *p; p++) {
		if ((e = entity((unsigned char)*p))) {
			fwrite(s, 1, (size_t)(p - s), fp);
			fputs(e, fp);
			s = p + 1;
		}
	}
	fwrite(s, 1, (size_t)(p - s), fp);
}

void
hl_html_attr(FILE *fp, const char *name, const char *value)
{
	fprintf(fp, " %s=\"", name);
	hl_html_text(fp, value);
	fputc('"', fp);
}

char *
hl_html_escape(const char *s)
{
	size_t n = 1;
	const char *p, *e;
	char *out, *q;

	for (p = s; *p; p++)
		n += (e = entity((unsigned char)*p)) ? strlen(e) : 1;
	if (!(out = malloc(n)))
		return NULL;
	for (p = s, q = out; *p; p++) {
		if ((e = entity((unsigned char)*p)))
			q = stpcpy(q, e);
		else
			*q++ = *p;
	}
	*q = '\0';
	return out;
}

/* The style sheet of every page.  Screens: one column up to 64rem wide; on
 * a narrow one (a phone, under 40rem) a table of class "cards" shows each
 * row as a card, each cell labelled with its column's header (data-th).
 * Print: A4, and nothing that should stay whole is split by a page. */
static const char style[] =
	"*{box-sizing:border-box}\n"
	"html{-webkit-text-size-adjust:100%;text-size-adjust:100%}\n"
	"body{margin:0 auto;max-width:64rem;padding:1rem 1.25rem 2rem;"
	"color:#111;background:#fff;font:15px/1.6 \"Noto Sans CJK SC\","
	"\"Noto Sans SC\",\"Source Han Sans SC\",\"PingFang SC\","
	"\"Microsoft YaHei\",sans-serif}\n"
	"h1{font-size:1.55rem;line-height:1.3;margin:.5rem 0 .2rem}\n"
	"h2{font-size:1.15rem;margin:2rem 0 .6rem;padding-bottom:.2rem;"
	"border-bottom:2px solid #111;break-after:avoid}\n"
	"h3{font-size:1rem;margin:1.2rem 0 .4rem;break-after:avoid}\n"
	"h2+.note{break-after:avoid}\n"
	"td.title{min-width:7em}\n"
	"p{margin:.4rem 0}\n"
	"time{white-space:nowrap}\n"
	".sub{font-size:1.15rem;margin:0}\n"
	".meta,.note{color:#444;font-size:.85rem}\n"
	"table{border-collapse:collapse;width:100%;margin:.4rem 0;"
	"font-size:.9rem}\n"
	"caption{text-align:left;font-weight:600;padding:.2rem 0}\n"
	"th,td{padding:.3rem .45rem;border-bottom:1px solid #bbb;"
	"text-align:left;vertical-align:top}\n"
	"thead th{border-bottom:2px solid #111;font-weight:600;"
	"white-space:nowrap}\n"
	"tr.group th{padding-top:.9rem;border-bottom:1px solid #111}\n"
	"tr.group span{font-weight:normal;color:#444;font-size:.85rem}\n"
	".num{text-align:right;white-space:nowrap;"
	"font-variant-numeric:tabular-nums}\n"
	"tr.total td{font-weight:700;border-top:2px solid #111}\n"
	"tr,li,.kpi,figure{break-inside:avoid}\n"
	"tr.group{break-after:avoid}\n"
	"thead{display:table-header-group}\n"
	".kpis{display:grid;grid-template-columns:repeat(auto-fill,"
	"minmax(9.5rem,1fr));gap:.5rem;margin:.5rem 0}\n"
	".kpi{border:1px solid #888;border-radius:6px;padding:.4rem .7rem}\n"
	".kpi b{display:block;font-size:1.6rem;line-height:1.25;"
	"font-variant-numeric:tabular-nums}\n"
	".kpi .label,.kpi .was{display:block;font-size:.8rem;color:#444}\n"
	".charts{display:grid;grid-template-columns:repeat(auto-fill,"
	"minmax(22rem,1fr));gap:.5rem 1.5rem}\n"
	"figure{margin:.4rem 0}\n"
	"svg{display:block;width:100%;max-width:30rem;height:auto}\n"
	"ul.plain{list-style:none;padding:0;margin:.3rem 0}\n"
	"ul.plain li{padding:.15rem 0}\n"
	/* A card a row: two figures a line, text a line of its own, the
	 * row's head on top, after its lead (a rank, say) and before its
	 * tail (the change of rank). */
	"@media (max-width:40rem){\n"
	"body{padding:.6rem .7rem 1.5rem}\n"
	"h1{font-size:1.3rem}\n"
	".kpis{grid-template-columns:1fr 1fr}\n"
	".charts{grid-template-columns:1fr}\n"
	"table.cards thead{display:none}\n"
	"table.cards,table.cards tbody{display:block;width:100%}\n"
	"table.cards tr{display:grid;grid-template-columns:repeat(6,"
	"minmax(0,1fr));border:1px solid #888;border-radius:6px;"
	"margin:.5rem 0;padding:.2rem .1rem}\n"
	"table.cards td{grid-column:span 3;display:flex;"
	"justify-content:space-between;gap:.5rem;border:0;padding:.1rem .5rem;"
	"text-align:right;white-space:normal;min-width:0}\n"
	"table.cards td::before{content:attr(data-th);color:#444;"
	"text-align:left;white-space:nowrap}\n"
	"table.cards td.long{grid-column:1/-1;display:block;text-align:left}\n"
	"table.cards td.long::before{margin-right:.6rem}\n"
	"table.cards td.head{grid-column:1/-1;order:-2;font-weight:700;"
	"font-size:1rem;justify-content:flex-start;text-align:left;"
	"border-bottom:1px solid #bbb;margin-bottom:.2rem}\n"
	"table.cards tr.led td.head{grid-column:2/6}\n"
	"table.cards td.lead{grid-column:1/2;order:-3;font-weight:700;"
	"font-size:1rem;justify-content:flex-start;"
	"border-bottom:1px solid #bbb;margin-bottom:.2rem}\n"
	"table.cards td.tail{grid-column:6/7;order:-1;font-size:1rem;"
	"justify-content:flex-end;border-bottom:1px solid #bbb;"
	"margin-bottom:.2rem}\n"
	"table.cards td.head::before,table.cards td.lead::before,"
	"table.cards td.tail::before{content:none}\n"
	"table.cards tr.total{border-width:2px}\n"
	"table.cards tr.total td{border-top:0}\n"
	"table.cards tr.group{display:block;border:0;padding:0;"
	"margin:1rem 0 0}\n"
	"table.cards tr.group th{display:block;padding:0}\n"
	"}\n"
	"@page{size:A4;margin:14mm 12mm 15mm}\n"
	"@media print{\n"
	"body{max-width:none;padding:0;font-size:9.5pt}\n"
	"h2{margin:1.1rem 0 .4rem}\n"
	".kpis{grid-template-columns:repeat(6,1fr)}\n"
	".charts{grid-template-columns:1fr 1fr}\n"
	"svg{max-width:100%}\n"
	"svg.lines{max-width:65%}\n"
	"}\n";

void
hl_html_begin(FILE *fp, const char *title)
{
	fputs("<!DOCTYPE html>\n"
	      "<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n"
	      "<meta name=\"viewport\" content=\"width=device-width, "
	      "initial-scale=1\">\n"
	      "<meta http-equiv=\"Content-Security-Policy\" "
	      "content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"
	      "<meta name=\"generator\" content=\"hotline " HL_VERSION "\">\n"
	      "<title>", fp);
	hl_html_text(fp, title);
	fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

void
hl_html_end(FILE *fp)
{
	fputs("</body>\n</html>\n", fp);
}

void
hl_html_table(FILE *fp, const struct hl_table *t, const char *caption,
              unsigned num)
{
	size_t r, c;

	if (!t->nrow)
		return;
	fputs("<table class=\"cards\">\n", fp);
	if (caption) {
		fputs("<caption>", fp);
		hl_html_text(fp, caption);
		fputs("</caption>\n", fp);
	}
	fputs("<thead><tr>", fp);
	for (c = 0; c < t->ncol; c++) {
		fputs(c < 32 && num >> c & 1 ? "<th class=\"num\">" : "<th>", fp);
		hl_html_text(fp, t->cell[c]);
		fputs("</th>", fp);
	}
	fputs("</tr></thead>\n<tbody>\n", fp);
	for (r = 1; r < t->nrow; r++) {
		fputs("<tr>", fp);
		for (c = 0; c < t->ncol; c++) {
			fputs(c == 0 ? "<td class=\"head\"" : c < 32 && num >> c & 1
			      ? "<td class=\"num\"" : "<td", fp);
			hl_html_attr(fp, "data-th", t->cell[c]);
			fputc('>', fp);
			hl_html_text(fp, t->cell[r * t->ncol + c]);
			fputs("</td>", fp);
		}
		fputs("</tr>\n", fp);
	}
	fputs("</tbody>\n</table>\n", fp);
}
