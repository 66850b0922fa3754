/*
 * policy.c - the numbers an office can change without a rebuild: stage
 * limits per kind and category, the repeat window, the warning share, the
 * ranking weights and minimum, who approves an extension.  The defaults are the seed's (spec/DOMAIN.md).
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

const char *const hl_stages[] = {
	"dispatch", "respond", "verify", "plan", "reply", "follow_up",
	"resolve", "visit", NULL,
};

static const struct hl_policy_row defaults[] = {
	{ "dispatch", "*", "5m" },
	{ "respond", "*", "30m" },
	{ "verify", "*", "60m" },
	{ "plan", "*", "2h" },
	{ "reply", "*", "3h" },
	{ "follow_up", "*", "7d" },
	{ "resolve", "*", "5wd" },
	{ "resolve", "consult", "1wd" },
	{ "resolve", "历史遗留问题", "15wd" },
	{ "visit", "*", "2wd" },
	{ "late_resolve_2", "*", "1wd" },
	{ "repeat_window", "*", "30d" },
	{ "repeat_calls", "*", "3" },
	{ "warn", "*", "80%" },
	{ "weights", "*", "30/35/35" },
	{ "min_tickets", "*", "5" },
	{ "extend_approvers", "*", "deputy/principal" },
	{ "notify_attempts", "*", "24" },
};
#define NDEFAULTS (sizeof defaults / sizeof defaults[0])

static int
is_stage(const char *name)
{
	int i;

	for (i = 0; hl_stages[i]; i++)
		if (strcmp(name, hl_stages[i]) == 0)
			return 1;
	return strcmp(name, "late_resolve_2") == 0;
}

/* "R/S/T" (response, resolution, satisfaction) or "R/S/T/C" (and
 * completion): whole numbers summing to 100; with three, completion
 * weighs 0. */
static int
parse_weights(const char *s, long w[HL_NWEIGHTS])
{
	char *end;
	long sum = 0;
	int n = 0;

	memset(w, 0, HL_NWEIGHTS * sizeof *w);
	for (;;) {
		if (n == HL_NWEIGHTS || *s < '0' || *s > '9')
			return -1;
		w[n] = strtol(s, &end, 10);
		if (w[n] < 0 || w[n] > 100)
			return -1;
		sum += w[n++];
		s = end;
		if (*s != '/')
			break;
		s++;
	}
	return *s || n < 3 || sum != 100 ? -1 : 0;
}

const char *const hl_roles[] = {
	"cadre", "area_leader", "station_head", "village_head", "deputy",
	"principal", "discipline", "grid", "center", NULL,
};

/* True if s is role/role/... with every role known. */
static int
roles_ok(const char *s)
{
	char buf[32];
	size_t n;

	do {
		n = strcspn(s, "/");
		if (n == 0 || n >= sizeof buf)
			return 0;
		memcpy(buf, s, n);
		buf[n] = '\0';
		if (!hl_word_in(buf, hl_roles))
			return 0;
		s += n;
	} while (*s++ == '/');
	return 1;
}

int
hl_policy_approves(const struct hl_policy *p, const char *kind,
                   const char *category, const char *role)
{
	const char *v = hl_policy_value(p, "extend_approvers", kind, category,
	                                NULL);
	size_t n = strlen(role);

	while (v && *v) {
		if (strncmp(v, role, n) == 0 && (v[n] == '/' || v[n] == '\0'))
			return 1;
		v += strcspn(v, "/");
		v += *v == '/';
	}
	return 0;
}

static int
parse_number(const char *s, long min, long max, long *out, int percent)
{
	char buf[32];
	size_t n = strlen(s);

	/* "80%" and "80" are both a percentage. */
	if (percent && n && n < sizeof buf && s[n - 1] == '%') {
		memcpy(buf, s, n - 1);
		buf[n - 1] = '\0';
		s = buf;
	}
	return hl_parse_long(s, min, max, out);
}

const char *
hl_policy_check(const char *name, const char *scope, const char *value)
{
	struct hl_limit l;
	long v, w[HL_NWEIGHTS];

	if (is_stage(name)) {
		if (hl_limit_parse(value, &l) != 0)
			return "limit must be a number and a unit: 30m, 2h, 3d or 5wd";
		return NULL;
	}
	/* Who approves may depend on the kind or category, like a limit. */
	if (strcmp(name, "extend_approvers") == 0)
		return roles_ok(value) ? NULL
		       : "extend_approvers must be roles joined by '/', like "
		         "deputy/principal (roles: cadre, area_leader, "
		         "station_head, village_head, deputy, principal, "
		         "discipline, grid, center)";
	if (strcmp(scope, "*") != 0)
		return "this setting takes scope '*' only";
	if (strcmp(name, "repeat_window") == 0)
		return hl_limit_parse(value, &l) || l.unit == 'w'
		       ? "repeat_window must be like 30d, 72h or 90m" : NULL;
	if (strcmp(name, "repeat_calls") == 0)
		return parse_number(value, 2, 1000, &v, 0)
		       ? "repeat_calls must be a whole number from 2" : NULL;
	if (strcmp(name, "warn") == 0)
		return parse_number(value, 1, 99, &v, 1)
		       ? "warn must be a percentage from 1% to 99%" : NULL;
	if (strcmp(name, "min_tickets") == 0)
		return parse_number(value, 0, 1000000, &v, 0)
		       ? "min_tickets must be a whole number" : NULL;
	if (strcmp(name, "weights") == 0)
		return parse_weights(value, w)
		       ? "weights must be response/resolution/satisfaction"
		         "[/completion] summing to 100, like 30/35/35 or "
		         "30/30/30/10" : NULL;
	if (strcmp(name, "notify_attempts") == 0)
		return parse_number(value, 1, 1000, &v, 0)
		       ? "notify_attempts must be a whole number from 1 to 1000"
		       : NULL;
	if (strcmp(name, "quiet_hours") == 0)
		return hl_quiet_parse(value, NULL, NULL)
		       ? "quiet_hours must be like 22:00-07:30" : NULL;
	return "unknown policy name (a stage: dispatch, respond, verify, plan, "
	       "reply, follow_up, resolve, visit, late_resolve_2; or "
	       "repeat_window, repeat_calls, warn, weights, min_tickets, "
	       "extend_approvers, notify_attempts, quiet_hours)";
}

int
hl_policy_load(struct hl_ledger *L, struct hl_policy *p)
{
	sqlite3_stmt *st;
	const char *msg;
	int rc;

	memset(p, 0, sizeof *p);
	if (!(st = hl_prepare(L, "SELECT stage, scope, \"limit\" FROM policy "
	                         "ORDER BY stage, scope")))
		return EX_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hl_policy_row *r, *nr;
		const char *a = (const char *)sqlite3_column_text(st, 0);
		const char *b = (const char *)sqlite3_column_text(st, 1);
		const char *c = (const char *)sqlite3_column_text(st, 2);

		if ((msg = hl_policy_check(a, b, c))) {
			hl_err("policy row '%s,%s,%s' in the ledger: %s", a, b, c, msg);
			sqlite3_finalize(st);
			hl_policy_free(p);
			return EX_CONFIG;
		}
		if (!(nr = realloc(p->row, (p->n + 1) * sizeof *nr))) {
			sqlite3_finalize(st);
			hl_policy_free(p);
			return EX_SOFTWARE;
		}
		p->row = nr;
		r = &p->row[p->n++];
		r->name = strdup(a);
		r->scope = strdup(b);
		r->value = strdup(c);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		hl_policy_free(p);
		return hl_ledger_fail(L, rc, "cannot read the policy");
	}
	return 0;
}

void
hl_policy_free(struct hl_policy *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->row[i].name);
		free(p->row[i].scope);
		free(p->row[i].value);
	}
	free(p->row);
	memset(p, 0, sizeof *p);
}

static const char *
find(const struct hl_policy_row *rows, size_t n, const char *name,
     const char *scope)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(rows[i].name, name) == 0 &&
		    strcmp(rows[i].scope, scope) == 0)
			return rows[i].value;
	return NULL;
}

const char *
hl_policy_value(const struct hl_policy *p, const char *name, const char *kind,
                const char *category, const char **scope)
{
	const char *scopes[3] = { category, kind, "*" };
	const char *v;
	int i;

	for (i = 0; i < 3; i++) {
		if (!scopes[i])
			continue;
		if ((p && (v = find(p->row, p->n, name, scopes[i]))) ||
		    (v = find(defaults, NDEFAULTS, name, scopes[i]))) {
			if (scope)
				*scope = scopes[i];
			return v;
		}
	}
	return NULL;
}

int
hl_policy_limit(const struct hl_policy *p, const char *stage, const char *kind,
                const char *category, struct hl_limit *out)
{
	const char *v = hl_policy_value(p, stage, kind, category, NULL);

	if (!v || hl_limit_parse(v, out) != 0) {
		hl_err("policy has no limit for stage '%s'", stage);
		return EX_CONFIG;
	}
	return 0;
}

long
hl_policy_repeat_window(const struct hl_policy *p)
{
	struct hl_limit l;
	const char *v = hl_policy_value(p, "repeat_window", NULL, NULL, NULL);

	if (!v || hl_limit_parse(v, &l) != 0)
		return 30L * 86400;
	return l.n * (l.unit == 'm' ? 60 : l.unit == 'h' ? 3600 : 86400);
}

long
hl_policy_number(const struct hl_policy *p, const char *name)
{
	const char *v = hl_policy_value(p, name, NULL, NULL, NULL);
	long n = 0;

	if (v)
		parse_number(v, 0, 1000000, &n, 1);
	return n;
}

void
hl_policy_weights(const struct hl_policy *p, long w[HL_NWEIGHTS])
{
	const char *v = hl_policy_value(p, "weights", NULL, NULL, NULL);

	if (!v || parse_weights(v, w) != 0)
		w[0] = 30, w[1] = 35, w[2] = 35, w[3] = 0;
}
