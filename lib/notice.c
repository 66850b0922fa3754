/*
 * notice.c - the words of a notice: the templates (built in, in Chinese,
 * one per kind of notice; overridden from a directory), their named
 * placeholders checked before anything is sent, rendering with the
 * caller's phone masked and control characters made harmless, the packing
 * of several notices into one message within a channel's byte limit, and
 * quiet hours.
 *
 * A template is text: its first line is the subject, the rest (after an
 * optional blank line) the body.  {name} is replaced by the value of
 * placeholder name; {{ and }} stand for { and }.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* The kinds of notice, their built-in templates and their placeholders. */
enum { SET_TICKET, SET_DIGEST, SET_MESSAGE };

static const struct {
	const char *kind;
	int set;
	const char *text;
} builtin[] = {
	{ "new", SET_TICKET,
	  "【新工单】{urgent}{ticket} {title}\n"
	  "{kind}｜{category}｜{village}\n"
	  "诉求：{content}\n"
	  "来电人：{caller_phone}\n"
	  "请于{deadline}前{action}；办结时限{resolve_deadline}。\n"
	  "详情：{show}\n" },
	{ "warn", SET_TICKET,
	  "【预警】{urgent}{ticket} {title}\n"
	  "{stage}时限{deadline}将到，{late}。\n"
	  "承办：{holder}｜{village}\n"
	  "请抓紧{action}。\n"
	  "详情：{show}\n" },
	{ "late", SET_TICKET,
	  "【督办】{urgent}{ticket} {title}\n"
	  "{stage}时限{deadline}已过，{late}。\n"
	  "承办：{holder}｜{village}\n"
	  "请立即{action}，并登记办理情况。\n"
	  "详情：{show}\n" },
	{ "late-resolve", SET_TICKET,
	  "【超期督办】{urgent}{ticket} {title}\n"
	  "办结时限{deadline}已过，{late}，仍未办结。\n"
	  "承办：{holder}｜{village}｜{category}\n"
	  "请分管领导督促承办单位立即办结。\n"
	  "详情：{show}\n" },
	{ "late-resolve-2", SET_TICKET,
	  "【二次督办】{urgent}{ticket} {title}\n"
	  "办结时限{deadline}已过，{late}，仍未办结。\n"
	  "承办：{holder}｜{village}｜{category}\n"
	  "已报主要领导、镇纪委：请主要领导批示，承办单位立即办结。\n"
	  "详情：{show}\n" },
	{ "repeat", SET_TICKET,
	  "【重复来电】{urgent}{ticket} {title}\n"
	  "同一诉求已来电{repeat_count}次（{village}｜{category}）。\n"
	  "承办：{holder}\n"
	  "请包片领导组织会商，包村干部协同解决。\n"
	  "详情：{show}\n" },
	{ "unsatisfied", SET_TICKET,
	  "【回访不满意】{urgent}{ticket} {title}\n"
	  "回访结果为不满意或未解决，工单重新办理。\n"
	  "承办：{holder}｜{village}\n"
	  "请包片领导督促重新办理，镇纪委约谈承办单位。\n"
	  "详情：{show}\n" },
	{ "digest", SET_DIGEST,
	  "【每日工单汇总】{date} {person}\n"
	  "{text}\n" },
	{ "message", SET_MESSAGE,
	  "{subject}\n"
	  "{text}\n" },
};
#define NKINDS (sizeof builtin / sizeof builtin[0])

static const char *const set_ticket[] = {
	"ticket", "title", "content", "kind", "category", "village", "address",
	"caller_phone", "received", "urgent", "stage", "deadline", "late",
	"action", "show", "rule", "level", "role", "unit", "recipient",
	"repeat_count", "resolve_deadline", "holder", NULL,
};
static const char *const set_digest[] = {
	"date", "person", "text", "recipient", NULL,
};
static const char *const set_message[] = {
	"subject", "text", "attach", "recipient", NULL,
};
static const char *const *const sets[] = { set_ticket, set_digest,
                                           set_message };

struct hl_templates {
	char *text[NKINDS];     /* owned when read from a file, else NULL */
	char *file[NKINDS];     /* where it came from, for messages */
};

static int
kind_index(const char *kind)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(builtin[i].kind, kind) == 0)
			return (int)i;
	return -1;
}

int
hl_notice_kind_known(const char *kind)
{
	return kind_index(kind) >= 0;
}

static const char *
tmpl_text(const struct hl_templates *tp, int k)
{
	return tp && tp->text[k] ? tp->text[k] : builtin[k].text;
}

/* Walks template s: calls fn for each run of literal text and each
 * placeholder.  Returns 0, or -1 with the problem in why (and *line). */
typedef int (*walk_fn)(void *ctx, const char *s, size_t n, int placeholder);

static int
walk(const char *s, walk_fn fn, void *ctx, char *why, size_t whyn, long *line)
{
	const char *p = s, *lit = s;

	*line = 1;
	for (; *p; p++) {
		if (*p == '\n')
			++*line;
		if ((*p == '{' && p[1] == '{') || (*p == '}' && p[1] == '}')) {
			if (fn && (fn(ctx, lit, (size_t)(p - lit), 0) ||
			           fn(ctx, p, 1, 0)))
				return -1;
			lit = ++p + 1;
			continue;
		}
		if (*p == '{') {
			const char *q = p + 1;

			while ((*q >= 'a' && *q <= 'z') || *q == '_' || *q == '-' ||
			       (*q >= '0' && *q <= '9'))
				q++;
			if (*q != '}' || q == p + 1) {
				snprintf(why, whyn, "'{' that starts no placeholder "
				         "(write {{ for a brace)");
				return -1;
			}
			if (fn && (fn(ctx, lit, (size_t)(p - lit), 0) ||
			           fn(ctx, p + 1, (size_t)(q - p - 1), 1)))
				return -1;
			p = q;
			lit = p + 1;
		}
	}
	if (fn && fn(ctx, lit, (size_t)(p - lit), 0))
		return -1;
	return 0;
}

struct check {
	const char *const *set;
	char *why;
	size_t whyn;
};

static int
check_one(void *ctx, const char *s, size_t n, int placeholder)
{
	struct check *c = ctx;
	const char *const *w;
	char list[400] = "";

	if (!placeholder)
		return 0;
	for (w = c->set; *w; w++)
		if (strlen(*w) == n && strncmp(*w, s, n) == 0)
			return 0;
	for (w = c->set; *w; w++) {
		if (w != c->set)
			strcat(list, ", ");
		strcat(list, *w);
	}
	snprintf(c->why, c->whyn, "unknown placeholder '{%.*s}' (this template "
	         "knows %s)", (int)n, s, list);
	return -1;
}

/* Checks template text of kind k; 0 or EX_CONFIG after reporting. */
static int
check_template(int k, const char *text, const char *file)
{
	struct check c;
	char why[600];
	long line;

	c.set = sets[builtin[k].set];
	c.why = why;
	c.whyn = sizeof why;
	if (!hl_utf8_valid(text, strlen(text))) {
		hl_err("template '%s': not UTF-8", file);
		return EX_CONFIG;
	}
	if (!*text || *text == '\n') {
		hl_err("template '%s': the first line (the subject) is empty", file);
		return EX_CONFIG;
	}
	if (walk(text, check_one, &c, why, sizeof why, &line)) {
		hl_err("template '%s' line %ld: %s", file, line, why);
		return EX_CONFIG;
	}
	return 0;
}

static char *
read_file(const char *path, int *status)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0, cap = 0, r;

	*status = 0;
	if (!fp) {
		hl_err("cannot open template '%s':", path);
		*status = EX_CONFIG;
		return NULL;
	}
	do {
		if (n + 4096 + 1 > cap) {
			char *nb = realloc(buf, cap = n + 8192);

			if (!nb) {
				free(buf);
				fclose(fp);
				*status = EX_SOFTWARE;
				return NULL;
			}
			buf = nb;
		}
		r = fread(buf + n, 1, 4096, fp);
		n += r;
	} while (r > 0);
	if (ferror(fp) || memchr(buf, '\0', n)) {
		hl_err(ferror(fp) ? "cannot read template '%s':"
		                  : "template '%s': a NUL byte", path);
		free(buf);
		fclose(fp);
		*status = EX_CONFIG;
		return NULL;
	}
	fclose(fp);
	buf[n] = '\0';
	/* A byte-order mark, as Windows editors write. */
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		memmove(buf, buf + 3, n - 2);
	return buf;
}

int
hl_templates_load(struct hl_templates **out, const char *dir)
{
	struct hl_templates *tp = calloc(1, sizeof *tp);
	struct dirent *de;
	DIR *d;
	size_t k;
	int st = 0;

	*out = NULL;
	if (!tp)
		return EX_SOFTWARE;
	if (dir) {
		if (!(d = opendir(dir))) {
			hl_err("cannot open templates directory '%s':", dir);
			free(tp);
			return EX_CONFIG;
		}
		/* Every NAME.txt must be a template we know: a misspelt file
		 * name would otherwise be ignored. */
		while (!st && (de = readdir(d))) {
			size_t n = strlen(de->d_name);
			char kind[64];
			int i;

			if (n < 5 || strcmp(de->d_name + n - 4, ".txt") != 0 ||
			    de->d_name[0] == '.')
				continue;
			snprintf(kind, sizeof kind, "%.*s", (int)(n - 4), de->d_name);
			if ((i = kind_index(kind)) < 0) {
				hl_err("templates directory '%s': unknown template '%s' "
				       "(the templates are new, warn, late, late-resolve, "
				       "late-resolve-2, repeat, unsatisfied, digest and "
				       "message, each NAME.txt)", dir, de->d_name);
				st = EX_CONFIG;
				break;
			}
			if (asprintf(&tp->file[i], "%s/%s", dir, de->d_name) < 0) {
				tp->file[i] = NULL;
				st = EX_SOFTWARE;
				break;
			}
			tp->text[i] = read_file(tp->file[i], &st);
		}
		closedir(d);
	}
	for (k = 0; k < NKINDS && !st; k++)
		st = check_template((int)k, tmpl_text(tp, (int)k),
		                    tp->file[k] ? tp->file[k] : builtin[k].kind);
	if (st) {
		hl_templates_free(tp);
		return st;
	}
	*out = tp;
	return 0;
}

void
hl_templates_free(struct hl_templates *tp)
{
	size_t k;

	if (!tp)
		return;
	for (k = 0; k < NKINDS; k++) {
		free(tp->text[k]);
		free(tp->file[k]);
	}
	free(tp);
}

void
hl_str_add(struct hl_str *s, const char *p, size_t n)
{
	if (s->oom)
		return;
	if (s->n + n + 1 > s->cap) {
		size_t cap = s->cap ? s->cap : 256;
		char *np;

		while (cap < s->n + n + 1)
			cap *= 2;
		if (!(np = realloc(s->p, cap))) {
			s->oom = 1;
			return;
		}
		s->p = np;
		s->cap = cap;
	}
	memcpy(s->p + s->n, p, n);
	s->n += n;
	s->p[s->n] = '\0';
}

/* Adds value v as people may read it: control characters (terminal
 * escapes) as '?', line breaks kept only where lines make sense. */
static void
str_add_clean(struct hl_str *s, const char *v, int multiline)
{
	const unsigned char *p = (const unsigned char *)v;
	char c;

	for (; *p; p++) {
		if (*p == '\r' && p[1] == '\n')
			continue;
		if (*p == '\n' || *p == '\r')
			c = multiline ? '\n' : ' ';
		else if ((*p < 0x20 && *p != '\t') || *p == 0x7F)
			c = '?';
		else {
			hl_str_add(s, (const char *)p, 1);
			continue;
		}
		hl_str_add(s, &c, 1);
	}
}

struct render {
	const char *const *vars;        /* name, value, ..., NULL */
	struct hl_str out;
};

static int
render_one(void *ctx, const char *s, size_t n, int placeholder)
{
	struct render *r = ctx;
	const char *const *v;

	if (!placeholder) {
		hl_str_add(&r->out, s, n);
		return 0;
	}
	for (v = r->vars; *v; v += 2)
		if (strlen(*v) == n && strncmp(*v, s, n) == 0) {
			if (v[1])
				str_add_clean(&r->out, v[1], strcmp(*v, "text") == 0);
			return 0;
		}
	return 0;       /* checked at load: a known name with no value */
}

int
hl_notice_render(const struct hl_templates *tp, const char *kind,
                 const char *const *vars, char **subject, char **body)
{
	struct render r = { vars, { NULL, 0, 0, 0 } };
	char why[300], *nl, *b;
	long line;
	int k = kind_index(kind);

	*subject = *body = NULL;
	if (k < 0) {
		hl_err("internal error: no template '%s'", kind);
		return EX_SOFTWARE;
	}
	if (walk(tmpl_text(tp, k), render_one, &r, why, sizeof why, &line) ||
	    r.out.oom || !r.out.p) {
		free(r.out.p);
		return EX_SOFTWARE;
	}
	/* Subject: the first line; body: the rest without the blank line
	 * that may follow the subject and without trailing line breaks. */
	nl = strchr(r.out.p, '\n');
	b = nl ? nl + 1 : r.out.p + r.out.n;
	if (*b == '\n')
		b++;
	if (nl)
		*nl = '\0';
	*body = strdup(b);
	*subject = strdup(r.out.p);
	free(r.out.p);
	if (!*subject || !*body) {
		free(*subject);
		free(*body);
		*subject = *body = NULL;
		return EX_SOFTWARE;
	}
	for (nl = *body + strlen(*body); nl > *body && nl[-1] == '\n'; nl--)
		nl[-1] = '\0';
	return 0;
}

size_t
hl_utf8_cut(const char *s, size_t max)
{
	size_t n = strlen(s);

	if (n <= max)
		return n;
	/* Back to the start of a character. */
	while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
		max--;
	return max;
}

char *
hl_notice_fit(const char *text, size_t limit)
{
	static const char more[] = "…";     /* 3 bytes */
	size_t n = strlen(text), cut;
	char *out;

	if (n <= limit)
		return strdup(text);
	cut = hl_utf8_cut(text, limit > sizeof more ? limit - (sizeof more - 1)
	                                            : 0);
	if (!(out = malloc(cut + sizeof more)))
		return NULL;
	memcpy(out, text, cut);
	memcpy(out + cut, more, sizeof more);
	return out;
}

size_t
hl_notice_pack(const size_t *len, size_t n, size_t sep, size_t limit,
               size_t *ends)
{
	size_t i, m = 0, used = 0;

	for (i = 0; i < n; i++) {
		/* The first entry of a message always goes in (cut to the
		 * limit by the caller); another only if it still fits. */
		if (i > 0 && used + sep + len[i] > limit) {
			ends[m++] = i;
			used = 0;
		}
		used += (used ? sep : 0) + len[i];
	}
	if (n)
		ends[m++] = n;
	return m;
}

int
hl_quiet_parse(const char *s, int *from, int *to)
{
	int h[2], m[2], i;
	const char *p = s;

	for (i = 0; i < 2; i++) {
		if (*p < '0' || *p > '9')
			return -1;
		h[i] = *p++ - '0';
		if (*p >= '0' && *p <= '9')
			h[i] = h[i] * 10 + (*p++ - '0');
		if (*p++ != ':' || p[0] < '0' || p[0] > '5' || p[1] < '0' ||
		    p[1] > '9')
			return -1;
		m[i] = (p[0] - '0') * 10 + (p[1] - '0');
		p += 2;
		if (h[i] > 23 || (i == 0 && *p++ != '-'))
			return -1;
	}
	if (*p || h[0] * 60 + m[0] == h[1] * 60 + m[1])
		return -1;
	if (from)
		*from = h[0] * 60 + m[0];
	if (to)
		*to = h[1] * 60 + m[1];
	return 0;
}

hl_time
hl_quiet_until(const char *spec, const struct hl_calendar *cal, hl_time t)
{
	int from, to, in;
	int64_t day;
	long mins;

	if (!spec || hl_quiet_parse(spec, &from, &to))
		return 0;
	day = hl_day_of(t);
	mins = (long)((t - hl_day_at(day, 0, 0, 0)) / 60);
	in = from < to ? mins >= from && mins < to : mins >= from || mins < to;
	if (!in && hl_calendar_is_workday(cal, day))
		return 0;
	/* The next working morning: the end of the quiet hours on the first
	 * working day on which it is still to come.  (A year of days off
	 * would be a broken calendar: give up after one.) */
	for (; day < hl_day_of(t) + 366; day++)
		if (hl_calendar_is_workday(cal, day) &&
		    hl_day_at(day, to / 60, to % 60, 0) > t)
			return hl_day_at(day, to / 60, to % 60, 0);
	return 0;
}
