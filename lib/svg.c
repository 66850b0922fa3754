/*
 * svg.c - charts as inline SVG for the pages of html.c: horizontal bar
 * charts with the value written on every bar, and line charts over a few
 * periods, each with its axis and labels.  Each series is drawn with its
 * own pattern (bars: solid, hatched, dotted, cross-hatched) or its own dash
 * and marker (lines), besides its colour (Okabe and Ito's palette, which
 * colour-blind readers tell apart), and is named where it is drawn, so a
 * chart reads the same printed in grey.  Text is set in the system's CJK
 * fonts and escaped as html.c escapes; the caller's attribute strings are
 * trusted markup.
 */
#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const char font[] =
	"'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC',"
	"'PingFang SC','Microsoft YaHei',sans-serif";

/* Okabe-Ito: blue, vermilion, bluish green, reddish purple, black. */
static const char *const colour[] = {
	"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000",
};
#define NSTYLE (sizeof colour / sizeof colour[0])

/* Pixels of text of about 12px per terminal column (a Chinese character
 * is two). */
#define COLUMN_PX 6.8

static void
open_svg(FILE *fp, const struct hl_chart *c, int w, int h, const char *cls)
{
	fprintf(fp, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"%s\" "
	        "viewBox=\"0 0 %d %d\" width=\"%d\" height=\"%d\" role=\"img\" "
	        "font-family=\"%s\" font-size=\"13\"", cls, w, h, w, h, font);
	if (c->title)
		hl_html_attr(fp, "aria-label", c->title);
	fputs(">\n", fp);
	if (c->title) {
		fputs("<title>", fp);
		hl_html_text(fp, c->title);
		fputs("</title>\n", fp);
	}
}

/* The value as shown: scaled, rounded, with the suffix; "-" for none. */
static const char *
shown(const struct hl_chart *c, double v, char *buf, size_t n)
{
	if (isnan(v))
		return "-";
	snprintf(buf, n, "%.*f%s", c->decimals, v * c->scale,
	         c->suffix ? c->suffix : "");
	return buf;
}

/* A label cut to `cols` columns, with an ellipsis if it was longer. */
static void
label_text(FILE *fp, const char *s, size_t cols)
{
	size_t n;
	char *cut;

	if (hl_text_width(s) <= cols) {
		hl_html_text(fp, s);
		return;
	}
	n = hl_text_cut(s, cols - 1);
	if ((cut = strndup(s, n))) {
		hl_html_text(fp, cut);
		fputs("…", fp);
		free(cut);
	}
}

/* The fill of series k: a colour, or a pattern over white. */
static void
fill(FILE *fp, const struct hl_chart *c, size_t k)
{
	if (k % 4 == 0)
		fprintf(fp, " fill=\"%s\"", colour[k % NSTYLE]);
	else
		fprintf(fp, " fill=\"url(#%s-p%zu)\" stroke=\"%s\"", c->id, k,
		        colour[k % NSTYLE]);
}

/* The patterns of series 1 to ns-1: hatched, dotted, cross-hatched. */
static void
patterns(FILE *fp, const struct hl_chart *c)
{
	size_t k;

	if (c->ns < 2)
		return;
	fputs("<defs>\n", fp);
	for (k = 1; k < c->ns; k++) {
		const char *col = colour[k % NSTYLE];

		fprintf(fp, "<pattern id=\"%s-p%zu\" width=\"6\" height=\"6\" "
		        "patternUnits=\"userSpaceOnUse\"%s><rect width=\"6\" "
		        "height=\"6\" fill=\"#fff\"/>", c->id, k,
		        k % 4 == 2 ? "" : " patternTransform=\"rotate(45)\"");
		if (k % 4 == 2)
			fprintf(fp, "<circle cx=\"3\" cy=\"3\" r=\"1.6\" "
			        "fill=\"%s\"/>", col);
		else
			fprintf(fp, "<rect width=\"2.5\" height=\"6\" "
			        "fill=\"%s\"/>", col);
		if (k % 4 == 3)
			fprintf(fp, "<rect width=\"6\" height=\"2\" fill=\"%s\"/>",
			        col);
		fputs("</pattern>\n", fp);
	}
	fputs("</defs>\n", fp);
}

/* The ticks of the value axis: every step from lo to hi. */
static size_t
ticks(const struct hl_chart *c, double *t, size_t max)
{
	size_t n = 0;
	double v;

	for (v = c->lo; v <= c->hi + 1e-9 && n < max; v += c->step)
		t[n++] = v;
	return n;
}

void
hl_svg_bars(FILE *fp, const struct hl_chart *c)
{
	const int w = 360, bar = 13, gap = 2, group_gap = 10, value_w = 50;
	int top = c->title ? 22 : 4, label_w, x0, x1, group, h, y;
	size_t i, k, cols = 0, nt;
	double t[32], span = c->hi - c->lo;
	char buf[48];

	assert(c->n && c->ns && span > 0);
	for (i = 0; i < c->n; i++)
		if (hl_text_width(c->label[i]) > cols)
			cols = hl_text_width(c->label[i]);
	if (cols > 18)
		cols = 18;      /* longer names are cut */
	label_w = (int)(cols * COLUMN_PX) + 8;
	if (c->ns > 1)
		top += 20;      /* the legend */
	x0 = label_w + 4;
	x1 = w - value_w;
	group = (int)c->ns * bar + ((int)c->ns - 1) * gap;
	h = top + (int)c->n * (group + group_gap) + 20;
	open_svg(fp, c, w, h, "bars");
	patterns(fp, c);
	if (c->title) {
		fputs("<text x=\"0\" y=\"14\" font-size=\"13\" "
		      "font-weight=\"bold\">", fp);
		hl_html_text(fp, c->title);
		fputs("</text>\n", fp);
	}
	/* The legend: a swatch and the name of each series. */
	for (k = 0; c->ns > 1 && k < c->ns; k++) {
		int lx = x0 + (int)k * 90;

		fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"10\"",
		        lx, top - 17);
		fill(fp, c, k);
		fprintf(fp, "/><text x=\"%d\" y=\"%d\">", lx + 18, top - 8);
		hl_html_text(fp, c->s[k].name);
		fputs("</text>\n", fp);
	}
	/* Grid lines and the axis, with its scale below. */
	nt = ticks(c, t, sizeof t / sizeof t[0]);
	fprintf(fp, "<g class=\"axis\" fill=\"#444\" font-size=\"11\" "
	        "text-anchor=\"middle\">\n");
	for (i = 0; i < nt; i++) {
		double x = x0 + (t[i] - c->lo) / span * (x1 - x0);

		fprintf(fp, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" "
		        "stroke=\"#ccc\"/>", x, top - 2, x, h - 16);
		fprintf(fp, "<text x=\"%.1f\" y=\"%d\">%g</text>\n", x, h - 4,
		        t[i]);
	}
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	        "stroke=\"#111\"/>\n</g>\n", x0, top - 2, x0, h - 16);
	/* The units' names. */
	fputs("<g class=\"name\" text-anchor=\"end\">\n", fp);
	for (i = 0; i < c->n; i++) {
		y = top + (int)i * (group + group_gap) + group / 2 + 4;
		fprintf(fp, "<text x=\"%d\" y=\"%d\">", label_w, y);
		label_text(fp, c->label[i], cols);
		fputs("</text>\n", fp);
	}
	fputs("</g>\n", fp);
	/* Each series: its bars and their values. */
	for (k = 0; k < c->ns; k++) {
		fputs("<g>\n", fp);
		for (i = 0; i < c->n; i++) {
			double v = c->s[k].v[i], len = 0;

			y = top + (int)i * (group + group_gap) + (int)k * (bar + gap);
			if (!isnan(v)) {
				len = (v * c->scale - c->lo) / span * (x1 - x0);
				len = len < 0 ? 0 : len > x1 - x0 ? x1 - x0 : len;
				fprintf(fp, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" "
				        "height=\"%d\"", x0, y, len, bar);
				fill(fp, c, k);
				fputs("/>", fp);
			}
			fprintf(fp, "<text x=\"%.1f\" y=\"%d\" font-size=\"12\"",
			        x0 + len + 3, y + bar - 2);
			if (c->s[k].attr)
				fputs(c->s[k].attr, fp);
			if (c->attr && c->attr[i])
				fputs(c->attr[i], fp);
			fprintf(fp, ">%s</text>\n", shown(c, v, buf, sizeof buf));
		}
		fputs("</g>\n", fp);
	}
	fputs("</svg>\n", fp);
}

/* The marker of series k at (x, y): circle, square, triangle, diamond. */
static void
marker(FILE *fp, size_t k, double x, double y)
{
	const char *col = colour[k % NSTYLE];

	switch (k % 4) {
	case 0:
		fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3.5\" "
		        "fill=\"%s\"/>", x, y, col);
		break;
	case 1:
		fprintf(fp, "<rect x=\"%.1f\" y=\"%.1f\" width=\"7\" height=\"7\" "
		        "fill=\"%s\"/>", x - 3.5, y - 3.5, col);
		break;
	case 2:
		fprintf(fp, "<path d=\"M%.1f %.1fl4.5 7.5h-9z\" fill=\"%s\"/>",
		        x, y - 4.5, col);
		break;
	default:
		fprintf(fp, "<path d=\"M%.1f %.1fl4.5 4.5-4.5 4.5-4.5-4.5z\" "
		        "fill=\"#fff\" stroke=\"%s\" stroke-width=\"1.5\"/>", x,
		        y - 4.5, col);
		break;
	}
}

static const char *const dash[] = { "", "7 3", "2 3", "9 3 2 3" };

/* Direct labels at the right end of the lines, moved apart so that none
 * overlaps: ys[] in, the label positions out. */
static void
spread(double *ys, size_t n, double min_gap, double lo, double hi)
{
	size_t i, j, *ord = malloc(n * sizeof *ord);
	double *p;

	if (!ord)
		return;
	if (!(p = malloc(n * sizeof *p))) {
		free(ord);
		return;
	}
	for (i = 0; i < n; i++)
		ord[i] = i;
	for (i = 1; i < n; i++)         /* by y; n is small */
		for (j = i; j > 0 && ys[ord[j]] < ys[ord[j - 1]]; j--) {
			size_t x = ord[j];

			ord[j] = ord[j - 1];
			ord[j - 1] = x;
		}
	for (i = 0; i < n; i++) {
		p[i] = ys[ord[i]];
		if (i && p[i] < p[i - 1] + min_gap)
			p[i] = p[i - 1] + min_gap;
	}
	/* Pushed past the bottom: move the pile up. */
	for (i = n; i-- > 0;) {
		double limit = i == n - 1 ? hi : p[i + 1] - min_gap;

		if (p[i] > limit)
			p[i] = limit;
	}
	for (i = 0; i < n; i++)
		ys[ord[i]] = p[i] < lo ? lo : p[i];
	free(p);
	free(ord);
}

void
hl_svg_lines(FILE *fp, const struct hl_chart *c)
{
	const int w = 400, h = 240, label_w = 112;
	int top = c->title ? 30 : 10, x0 = 36, x1 = w - label_w, y0 = top,
	    y1 = h - 28;
	double t[32], span = c->hi - c->lo, *ly, *lv;
	size_t i, k, nt, *li;
	char buf[48];

	assert(c->n && c->ns && span > 0);
	ly = calloc(c->ns, sizeof *ly);
	lv = calloc(c->ns, sizeof *lv);
	li = calloc(c->ns, sizeof *li);
	if (!ly || !lv || !li) {
		free(ly);
		free(lv);
		free(li);
		return;
	}
#define X(i) (x0 + ((double)(i) + 0.5) * (x1 - x0) / (double)c->n)
#define Y(v) (y1 - ((v) * c->scale - c->lo) / span * (y1 - y0))
	open_svg(fp, c, w, h, "lines");
	if (c->title) {
		fputs("<text x=\"0\" y=\"14\" font-size=\"13\" "
		      "font-weight=\"bold\">", fp);
		hl_html_text(fp, c->title);
		fputs("</text>\n", fp);
	}
	nt = ticks(c, t, sizeof t / sizeof t[0]);
	fputs("<g class=\"axis\" fill=\"#444\" font-size=\"11\">\n", fp);
	for (i = 0; i < nt; i++) {
		double y = y1 - (t[i] - c->lo) / span * (y1 - y0);

		fprintf(fp, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
		        "stroke=\"#ccc\"/><text x=\"%d\" y=\"%.1f\" "
		        "text-anchor=\"end\">%g%s</text>\n", x0, y, x1, y, x0 - 4,
		        y + 3.5, t[i], c->suffix ? c->suffix : "");
	}
	fprintf(fp, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" "
	        "stroke=\"#111\"/>\n", x0, y1, x1, y1);
	for (i = 0; i < c->n; i++) {
		fprintf(fp, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">",
		        X(i), y1 + 16);
		label_text(fp, c->label[i], 8);
		fputs("</text>\n", fp);
	}
	fputs("</g>\n", fp);
	/* The lines, broken where a period has no value, and their markers. */
	for (k = 0; k < c->ns; k++) {
		const double *v = c->s[k].v;
		int pen = 0;

		fprintf(fp, "<g>\n<path fill=\"none\" stroke=\"%s\" "
		        "stroke-width=\"2\"", colour[k % NSTYLE]);
		if (*dash[k % 4])
			fprintf(fp, " stroke-dasharray=\"%s\"", dash[k % 4]);
		fputs(" d=\"", fp);
		for (i = 0; i < c->n; i++) {
			if (isnan(v[i])) {
				pen = 0;
				continue;
			}
			fprintf(fp, "%c%.1f %.1f", pen ? 'L' : 'M', X(i), Y(v[i]));
			pen = 1;
		}
		fputs("\"/>\n", fp);
		lv[k] = NAN;
		for (i = 0; i < c->n; i++)
			if (!isnan(v[i])) {
				marker(fp, k, X(i), Y(v[i]));
				lv[k] = v[i];
				li[k] = i;
			}
		fputs("\n</g>\n", fp);
		ly[k] = isnan(lv[k]) ? y1 : Y(lv[k]);
	}
	/* Direct labels at the right: a sample of the line, its name and its
	 * latest value. */
	spread(ly, c->ns, 15, y0, y1);
	for (k = 0; k < c->ns; k++) {
		fprintf(fp, "<g><path d=\"M%d %.1fh16\" stroke=\"%s\" "
		        "stroke-width=\"2\"", x1 + 4, ly[k], colour[k % NSTYLE]);
		if (*dash[k % 4])
			fprintf(fp, " stroke-dasharray=\"%s\"", dash[k % 4]);
		fputs("/>", fp);
		marker(fp, k, x1 + 12, ly[k]);
		fprintf(fp, "<text x=\"%d\" y=\"%.1f\">", x1 + 24, ly[k] + 4);
		hl_html_text(fp, c->s[k].name);
		fputs(" <tspan font-weight=\"bold\"", fp);
		if (!isnan(lv[k]) && c->s[k].attr)
			fputs(c->s[k].attr, fp);
		if (!isnan(lv[k]) && c->attr && c->attr[li[k]])
			fputs(c->attr[li[k]], fp);
		fprintf(fp, ">%s</tspan></text></g>\n",
		        shown(c, lv[k], buf, sizeof buf));
	}
#undef X
#undef Y
	fputs("</svg>\n", fp);
	free(ly);
	free(lv);
	free(li);
}
