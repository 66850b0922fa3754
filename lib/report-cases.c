/*
 * report-cases.c - cases for the township's public account (跟踪报道):
 * tickets received in the period that were resolved and whose caller, at
 * the last return visit, called them resolved and was satisfied, written
 * as short texts (the problem, what was done, how fast) with every
 * personal detail removed; those approved with a publish event first, the
 * others waiting for approval.  And the de-identification itself.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* ---- de-identification ---- */

/* Bytes of the decimal digit at p (ASCII or fullwidth ０-９), or 0. */
static size_t
digit(const unsigned char *p)
{
	if (*p >= '0' && *p <= '9')
		return 1;
	if (p[0] == 0xEF && p[1] == 0xBC && p[2] >= 0x90 && p[2] <= 0x99)
		return 3;
	return 0;
}

/* Bytes of a separator inside a number (space, -, fullwidth －), or 0. */
static size_t
separator(const unsigned char *p)
{
	if (*p == ' ' || *p == '-')
		return 1;
	if (p[0] == 0xEF && p[1] == 0xBC && p[2] == 0x8D)
		return 3;
	return 0;
}

/* What follows a house number. */
static const char *const house[] = {
	"号楼", "号院", "号", "栋", "幢", "单元", "室", "户", "楼", "#", NULL,
};

static int
starts(const char *p, const char *const *set)
{
	for (; *set; set++)
		if (strncmp(p, *set, strlen(*set)) == 0)
			return 1;
	return 0;
}

/* The surname's polite forms: 李先生 is the caller too. */
static const char *const titles[] = {
	"先生", "女士", "师傅", "大爷", "大妈", "阿姨", "大姐", "大哥", "老师", NULL,
};

char *
hl_deidentify(const char *text, const char *name)
{
	size_t n = strlen(text), nl = name ? strlen(name) : 0, sl = 0;
	char *out = malloc(2 * n + 1), *o = out;
	const char *p = text;

	if (!out)
		return NULL;
	/* A name of one character would take every such character. */
	if (nl && (unsigned char)name[0] >= 0x80) {
		sl = (unsigned char)name[0] >= 0xF0 ? 4
		     : (unsigned char)name[0] >= 0xE0 ? 3 : 2;
		if (sl >= nl)
			nl = 0;
	}
	while (*p) {
		const unsigned char *q = (const unsigned char *)p;
		size_t k, digits = 0, end;

		if (nl && strncmp(p, name, nl) == 0) {
			o += sprintf(o, "某某");
			p += nl;
			continue;
		}
		if (sl && strncmp(p, name, sl) == 0 && starts(p + sl, titles)) {
			o += sprintf(o, "某");
			p += sl;
			continue;
		}
		if (!digit(q)) {
			*o++ = *p++;
			continue;
		}
		/* A run of digits, with single separators between digits and
		 * an ID card's final X. */
		end = 0;
		while ((k = digit(q + end))) {
			end += k;
			digits++;
			if ((k = separator(q + end)) && digit(q + end + k))
				end += k;
		}
		if (digits >= 7 && (q[end] == 'X' || q[end] == 'x'))
			end++;
		if (digits >= 7) {
			o += sprintf(o, "***");
		} else if (starts(p + end, house) &&
		           !(p - text >= 3 && strncmp(p - 3, "月", 3) == 0)) {
			/* A house number (not a date: 10月12号). */
			for (k = 0; k < end;)
				if (digit(q + k)) {
					o += sprintf(o, "×");
					k += digit(q + k);
				} else {
					*o++ = (char)q[k++];
				}
		} else {
			memcpy(o, p, end);
			o += end;
		}
		p += end;
	}
	*o = '\0';
	return out;
}

/* ---- the cases ---- */

static const struct hl_col case_cols[] = {
	{ "ticket", "工单", HL_CELL_TEXT, 0 },
	{ "village", "村", HL_CELL_TEXT, 0 },
	{ "category", "分类", HL_CELL_TEXT, 0 },
	{ "unit", "承办单位", HL_CELL_TEXT, HL_COL_UNIT },
	{ "received_at", "受理", HL_CELL_TIME, 0 },
	{ "resolved_at", "办结", HL_CELL_TIME, 0 },
	{ "handling_minutes", "用时", HL_CELL_MINUTES, 0 },
	{ "satisfaction", "回访", HL_CELL_WORD, 0 },
	{ "approved_by", "批准人", HL_CELL_TEXT, 0 },
	{ "text", "案例", HL_CELL_TEXT, HL_COL_BLOCK },
	{ NULL, NULL, 0, 0 },
};

struct cases {
	struct hl_rtable *approved, *pending;
};

static void
add_text(char **buf, size_t *n, const char *s)
{
	size_t len = *buf ? strlen(*buf) : 0, k = strlen(s);
	char *nb;

	if (len + k + 1 > *n) {
		*n = (len + k + 1) * 2;
		if (!(nb = realloc(*buf, *n)))
			return;
		*buf = nb;
	}
	memcpy(*buf + len, s, k + 1);
}

/* add_text of s with the caller's details removed. */
static void
add_clean(char **buf, size_t *n, const char *s, const struct hl_ticket *t)
{
	char *c = hl_deidentify(s, t->caller_name), *p;

	if (!c)
		return;
	/* The text stays in its lines. */
	for (p = c; *p; p++)
		if (*p == '\n' || *p == '\r' || *p == '\t')
			*p = ' ';
	add_text(buf, n, c);
	free(c);
}

/* The case as the public account prints it. */
static char *
case_text(const struct hl_replayed *x, const struct hl_assignment *h,
          const struct hl_evrec *visit)
{
	static const char *const acts[] = { "plan", "reply", "resolve", NULL };
	const struct hl_derived *d = &x->d;
	char *buf = NULL, dur[32], one[96], full[40];
	size_t n = 0, i;
	int said = 0;

	add_text(&buf, &n, "【");
	add_text(&buf, &n, x->t.village ? x->t.village : "本镇");
	add_text(&buf, &n, "】");
	add_clean(&buf, &n, x->t.title ? x->t.title : x->t.category
	                  ? x->t.category : "群众诉求", &x->t);
	add_text(&buf, &n, "\n诉求：");
	add_clean(&buf, &n, x->t.content, &x->t);
	add_text(&buf, &n, "\n办理：");
	/* A cadre holds a ticket in the name of the village: 包村干部. */
	add_text(&buf, &n, !h ? "镇政务服务中心" : x->t.village &&
	         strcmp(h->unit, x->t.village) == 0 ? "包村干部" : h->unit);
	for (i = 0; i < d->nclk; i++)
		if (d->clk[i].cycle == 0 && strcmp(d->clk[i].stage, "respond") == 0
		    && d->clk[i].met_at && !d->clk[i].implied) {
			snprintf(one, sizeof one, "接单后%s响应",
			         hl_duration_zh((long)(d->clk[i].met_at -
			                               d->clk[i].started_at), dur,
			                        sizeof dur));
			add_text(&buf, &n, one);
			said = 1;
			break;
		}
	for (i = 0; i < x->nev; i++) {
		const char *note = json_string_value(json_object_get(
			x->ev[i].details, "note"));

		if (!note || !hl_word_in(x->ev[i].event, acts) ||
		    hl_event_voided(x->ev, x->nev, x->ev[i].seq))
			continue;
		add_text(&buf, &n, said++ ? "；" : "：");
		add_clean(&buf, &n, note, &x->t);
	}
	add_text(&buf, &n, "。\n时效：");
	hl_time_format(x->t.received_at, full, sizeof full);
	snprintf(one, sizeof one, "%d月%d日受理，%s后办结，回访",
	         atoi(full + 5), atoi(full + 8),
	         hl_duration_zh((long)(d->resolved_at - x->t.received_at), dur,
	                        sizeof dur));
	add_text(&buf, &n, one);
	add_text(&buf, &n, hl_label(json_string_value(json_object_get(
		visit->details, "satisfaction"))));
	add_text(&buf, &n, "。");
	return buf;
}

static int
on_case(void *ctx, const struct hl_replayed *x)
{
	struct cases *c = ctx;
	const struct hl_derived *d = &x->d;
	const struct hl_evrec *visit, *pub;
	const struct hl_assignment *h = hl_report_holder(d);
	struct hl_rtable *t;
	const char *by = NULL;
	char *text;
	json_t *row;

	if (strcmp(d->status, "visited") != 0 || !d->nvisit ||
	    d->visit[d->nvisit - 1].resolved != 'y' ||
	    !d->visit[d->nvisit - 1].satisfied || !d->resolved_at ||
	    !hl_report_has_event(x, "visit", &visit))
		return 0;
	if (hl_report_has_event(x, "publish", &pub))
		by = json_string_value(json_object_get(pub->details, "approved_by"));
	t = by ? c->approved : c->pending;
	if (!t)
		return 0;
	text = case_text(x, h, visit);
	row = json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:I, s:o, s:o, s:o}",
	                "ticket", x->t.id, "village", hl_report_text(x->t.village),
	                "category", hl_report_text(x->t.category),
	                "unit", hl_report_text(h ? h->unit : NULL),
	                "received_at", hl_report_time(x->t.received_at),
	                "resolved_at", hl_report_time(d->resolved_at),
	                "handling_minutes", (json_int_t)((d->resolved_at -
	                                                  x->t.received_at + 59)
	                                                 / 60),
	                "satisfaction", hl_report_text(json_string_value(
	                        json_object_get(visit->details, "satisfaction"))),
	                "approved_by", hl_report_text(by),
	                "text", hl_report_text(text));
	free(text);
	return hl_rtable_add(t, row);
}

int
hl_report_cases(struct hl_ledger *L, const struct hl_rules_store *rs,
                const struct hl_report_opts *o, struct hl_report *r)
{
	struct cases c = { NULL, NULL };
	char title[96], sub[128], a[16], b[16], w[16];
	int st;

	snprintf(title, sizeof title, "跟踪报道 %s 至 %s",
	         hl_report_when(o->from, 1, a, sizeof a),
	         hl_report_when(o->to - 1, 1, b, sizeof b));
	snprintf(sub, sizeof sub, "截至 %s；已办结、回访已解决且满意的工单，"
	         "已隐去个人信息", hl_report_when(o->as_of, 0, w, sizeof w));
	if ((st = hl_report_init(r, "cases", title, sub, o->from, o->to,
	                         o->as_of)))
		return st;
	if (!(c.approved = hl_report_add(r, "approved", "已批准发布", case_cols,
	                                 "没有已批准发布的案例")))
		return EX_SOFTWARE;
	if (!o->approved &&
	    !(c.pending = hl_report_add(r, "pending", "待批准（hl-update ID "
	                                "publish --approved-by NAME）", case_cols,
	                                "没有待批准的案例")))
		return EX_SOFTWARE;
	return hl_report_pass(L, &rs->rules, HL_PASS_UNMERGED, o->from, o->to,
	                      o->as_of, on_case, &c);
}
