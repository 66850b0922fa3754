/*
 * test-policy.c - policy.c: which rows hl_policy_check accepts and the
 * exact reason it gives for each bad one; the built-in defaults (the seed's
 * numbers, spec/DOMAIN.md) through hl_policy_value with no policy; and the
 * order of scopes: category beats kind beats "*", and at each scope a
 * ledger row beats the built-in default.
 */
#include <stdlib.h>

#include "hl.h"
#include "tap.h"

static const char LIMIT[] =
	"limit must be a number and a unit: 30m, 2h, 3d or 5wd";
static const char STAR[] = "this setting takes scope '*' only";
static const char WINDOW[] = "repeat_window must be like 30d, 72h or 90m";
static const char CALLS[] = "repeat_calls must be a whole number from 2";
static const char WARN[] = "warn must be a percentage from 1% to 99%";
static const char MIN[] = "min_tickets must be a whole number";
static const char WEIGHTS[] =
	"weights must be response/resolution/satisfaction[/completion] summing "
	"to 100, like 30/35/35 or 30/30/30/10";
static const char UNKNOWN[] =
	"unknown policy name (a stage: dispatch, respond, verify, plan, reply, "
	"follow_up, resolve, visit, late_resolve_2; or repeat_window, "
	"repeat_calls, warn, weights, min_tickets, extend_approvers, "
	"notify_attempts, quiet_hours)";
static const char APPROVERS[] =
	"extend_approvers must be roles joined by '/', like deputy/principal "
	"(roles: cadre, area_leader, station_head, village_head, deputy, "
	"principal, discipline, grid, center)";
static const char ATTEMPTS[] =
	"notify_attempts must be a whole number from 1 to 1000";
static const char QUIET[] = "quiet_hours must be like 22:00-07:30";

static const struct {
	const char *name, *scope, *value;
	const char *want;       /* NULL: accepted */
} checks[] = {
	/* Good rows. */
	{ "dispatch", "*", "5m", NULL },
	{ "respond", "*", "30m", NULL },
	{ "verify", "*", "60m", NULL },
	{ "plan", "*", "2h", NULL },
	{ "reply", "*", "3h", NULL },
	{ "follow_up", "*", "7d", NULL },
	{ "resolve", "*", "5wd", NULL },
	{ "resolve", "consult", "1wd", NULL },
	{ "resolve", "历史遗留问题", "15wd", NULL },
	{ "resolve", "宅基地审批", "10wd", NULL },
	{ "visit", "*", "2wd", NULL },
	{ "late_resolve_2", "*", "1wd", NULL },
	{ "repeat_window", "*", "30d", NULL },
	{ "repeat_window", "*", "72h", NULL },
	{ "repeat_window", "*", "90m", NULL },
	{ "repeat_calls", "*", "3", NULL },
	{ "repeat_calls", "*", "2", NULL },
	{ "warn", "*", "80%", NULL },
	{ "warn", "*", "80", NULL },
	{ "warn", "*", "1%", NULL },
	{ "warn", "*", "99%", NULL },
	{ "weights", "*", "30/35/35", NULL },
	{ "weights", "*", "0/50/50", NULL },
	{ "weights", "*", "100/0/0", NULL },
	{ "weights", "*", "30/35/35/0", NULL },
	{ "weights", "*", "30/30/30/10", NULL },
	{ "weights", "*", "0/0/0/100", NULL },
	{ "min_tickets", "*", "5", NULL },
	{ "min_tickets", "*", "0", NULL },
	/* Bad stage limits. */
	{ "respond", "*", "30", LIMIT },
	{ "respond", "*", "", LIMIT },
	{ "respond", "*", "30 m", LIMIT },
	{ "respond", "*", "half an hour", LIMIT },
	{ "respond", "*", "0m", LIMIT },
	{ "resolve", "consult", "5w", LIMIT },
	{ "resolve", "历史遗留问题", "-15wd", LIMIT },
	{ "late_resolve_2", "*", "1 wd", LIMIT },
	/* Settings that take scope '*' only. */
	{ "repeat_window", "consult", "30d", STAR },
	{ "weights", "宅基地审批", "30/35/35", STAR },
	{ "min_tickets", "complaint", "5", STAR },
	{ "warn", "", "80%", STAR },
	/* Bad setting values. */
	{ "repeat_window", "*", "5wd", WINDOW },
	{ "repeat_window", "*", "30", WINDOW },
	{ "repeat_window", "*", "", WINDOW },
	{ "repeat_calls", "*", "1", CALLS },
	{ "repeat_calls", "*", "0", CALLS },
	{ "repeat_calls", "*", "three", CALLS },
	{ "repeat_calls", "*", "2.5", CALLS },
	{ "repeat_calls", "*", "3%", CALLS },
	{ "warn", "*", "0%", WARN },
	{ "warn", "*", "100%", WARN },
	{ "warn", "*", "100", WARN },
	{ "warn", "*", "%", WARN },
	{ "warn", "*", "80%%", WARN },
	{ "warn", "*", "eighty", WARN },
	{ "min_tickets", "*", "-1", MIN },
	{ "min_tickets", "*", "five", MIN },
	{ "min_tickets", "*", "", MIN },
	{ "min_tickets", "*", "5%", MIN },
	{ "notify_attempts", "*", "24", NULL },
	{ "notify_attempts", "*", "1", NULL },
	{ "notify_attempts", "*", "0", ATTEMPTS },
	{ "notify_attempts", "*", "1001", ATTEMPTS },
	{ "notify_attempts", "village", "3", STAR },
	{ "quiet_hours", "*", "22:00-07:30", NULL },
	{ "quiet_hours", "*", "12:00-14:00", NULL },
	{ "quiet_hours", "*", "0:00-6:00", NULL },
	{ "quiet_hours", "*", "22:00", QUIET },
	{ "quiet_hours", "*", "22:00-22:00", QUIET },
	{ "quiet_hours", "*", "24:00-07:00", QUIET },
	{ "quiet_hours", "*", "22:60-07:00", QUIET },
	{ "quiet_hours", "*", "22:00-07:00 ", QUIET },
	{ "weights", "*", "30/35/30", WEIGHTS },
	{ "weights", "*", "30/35", WEIGHTS },
	{ "weights", "*", "30/35/35/0/0", WEIGHTS },
	{ "weights", "*", "30/30/30/11", WEIGHTS },
	{ "weights", "*", "30/35/35/", WEIGHTS },
	{ "weights", "*", "30/35//35", WEIGHTS },
	{ "weights", "*", "30/35/35 ", WEIGHTS },
	{ "weights", "*", "30,35,35", WEIGHTS },
	{ "weights", "*", "-10/55/55", WEIGHTS },
	{ "weights", "*", "30/+35/35", WEIGHTS },
	{ "weights", "*", "101/0/-1", WEIGHTS },
	{ "weights", "*", "", WEIGHTS },
	/* Who approves an extension: roles of people, any scope. */
	{ "extend_approvers", "*", "deputy/principal", NULL },
	{ "extend_approvers", "*", "principal", NULL },
	{ "extend_approvers", "历史遗留问题", "principal", NULL },
	{ "extend_approvers", "complaint", "deputy/principal/station_head",
	  NULL },
	{ "extend_approvers", "*", "", APPROVERS },
	{ "extend_approvers", "*", "deputy/", APPROVERS },
	{ "extend_approvers", "*", "/deputy", APPROVERS },
	{ "extend_approvers", "*", "deputy//principal", APPROVERS },
	{ "extend_approvers", "*", "deputy,principal", APPROVERS },
	{ "extend_approvers", "*", "deputy principal", APPROVERS },
	{ "extend_approvers", "*", "boss", APPROVERS },
	{ "extend_approvers", "*", "Deputy", APPROVERS },
	/* Unknown names (case matters). */
	{ "bogus", "*", "1", UNKNOWN },
	{ "Respond", "*", "30m", UNKNOWN },
	{ "respond ", "*", "30m", UNKNOWN },
	{ "", "*", "30m", UNKNOWN },
	{ "resolve_2", "*", "1wd", UNKNOWN },
};

/* The built-in defaults, looked up with no policy. */
static const struct {
	const char *name, *kind, *category;
	const char *want, *scope;
} defaults[] = {
	{ "dispatch", NULL, NULL, "5m", "*" },
	{ "respond", NULL, NULL, "30m", "*" },
	{ "verify", NULL, NULL, "60m", "*" },
	{ "plan", NULL, NULL, "2h", "*" },
	{ "reply", NULL, NULL, "3h", "*" },
	{ "follow_up", NULL, NULL, "7d", "*" },
	{ "resolve", NULL, NULL, "5wd", "*" },
	{ "resolve", "complaint", NULL, "5wd", "*" },
	{ "resolve", "consult", NULL, "1wd", "consult" },
	{ "resolve", "complaint", "历史遗留问题", "15wd", "历史遗留问题" },
	{ "resolve", "consult", "历史遗留问题", "15wd", "历史遗留问题" },
	{ "resolve", "consult", "政策咨询", "1wd", "consult" },
	{ "resolve", "help", "宅基地审批", "5wd", "*" },
	{ "visit", "praise", "道路交通安全", "2wd", "*" },
	{ "late_resolve_2", NULL, NULL, "1wd", "*" },
	{ "repeat_window", NULL, NULL, "30d", "*" },
	{ "repeat_calls", NULL, NULL, "3", "*" },
	{ "warn", NULL, NULL, "80%", "*" },
	{ "weights", NULL, NULL, "30/35/35", "*" },
	{ "min_tickets", NULL, NULL, "5", "*" },
	{ "extend_approvers", "consult", "政策咨询", "deputy/principal", "*" },
	{ "notify_attempts", NULL, NULL, "24", "*" },
	{ "nonexistent", "consult", "政策咨询", NULL, NULL },
};

/* A ledger's policy, as hl_policy_load would hold it. */
static struct hl_policy_row rows[] = {
	{ "resolve", "*", "7wd" },
	{ "resolve", "complaint", "3wd" },
	{ "resolve", "宅基地审批", "10wd" },
	{ "respond", "consult", "20m" },
	{ "visit", "*", "3wd" },
	{ "repeat_window", "*", "72h" },
	{ "repeat_calls", "*", "4" },
	{ "warn", "*", "75%" },
	{ "weights", "*", "20/40/40" },
	{ "min_tickets", "*", "10" },
	{ "extend_approvers", "历史遗留问题", "principal" },
	{ "extend_approvers", "consult", "deputy/principal/station_head" },
};

static const struct {
	const char *name, *kind, *category;
	const char *want, *scope;
} layered[] = {
	{ "resolve", "complaint", "宅基地审批", "10wd", "宅基地审批" },
	{ "resolve", NULL, "宅基地审批", "10wd", "宅基地审批" },
	{ "resolve", "complaint", "道路交通安全", "3wd", "complaint" },
	{ "resolve", "complaint", NULL, "3wd", "complaint" },
	{ "resolve", "help", "农村土地流转", "7wd", "*" },
	{ "resolve", NULL, NULL, "7wd", "*" },
	/* The built-in consult row (a kind) beats the ledger's "*" row. */
	{ "resolve", "consult", "政策咨询", "1wd", "consult" },
	/* The built-in category row beats the ledger's kind row. */
	{ "resolve", "complaint", "历史遗留问题", "15wd", "历史遗留问题" },
	{ "respond", "consult", "政策咨询", "20m", "consult" },
	{ "respond", "help", "政策咨询", "30m", "*" },
	{ "visit", "help", NULL, "3wd", "*" },
	{ "plan", "help", "宅基地审批", "2h", "*" },
};

int
main(void)
{
	struct hl_policy pol = { rows, sizeof rows / sizeof rows[0] };
	struct hl_limit l;
	long w[HL_NWEIGHTS];
	size_t i;
	const char *scope;

	for (i = 0; i < sizeof checks / sizeof checks[0]; i++)
		is_str(hl_policy_check(checks[i].name, checks[i].scope,
		                       checks[i].value),
		       checks[i].want, "check '%s,%s,%s': %s", checks[i].name,
		       checks[i].scope, checks[i].value,
		       checks[i].want ? "refused" : "accepted");
	/* Every stage has a limit that hl_policy_check accepts. */
	for (i = 0; hl_stages[i]; i++) {
		const char *v = hl_policy_value(NULL, hl_stages[i], NULL, NULL,
		                                NULL);

		ok(v && !hl_policy_check(hl_stages[i], "*", v),
		   "stage '%s' has a valid default (%s)", hl_stages[i],
		   v ? v : "none");
		ok(hl_policy_limit(NULL, hl_stages[i], "help", "宅基地审批", &l) == 0,
		   "hl_policy_limit of stage '%s' with no policy", hl_stages[i]);
	}
	is_int(i, 8, "eight stages with limits");

	for (i = 0; i < sizeof defaults / sizeof defaults[0]; i++) {
		scope = "unset";
		is_str(hl_policy_value(NULL, defaults[i].name, defaults[i].kind,
		                       defaults[i].category, &scope),
		       defaults[i].want, "default %s for %s/%s", defaults[i].name,
		       defaults[i].kind ? defaults[i].kind : "-",
		       defaults[i].category ? defaults[i].category : "-");
		if (defaults[i].want)
			is_str(scope, defaults[i].scope, "default %s for %s/%s: scope",
			       defaults[i].name,
			       defaults[i].kind ? defaults[i].kind : "-",
			       defaults[i].category ? defaults[i].category : "-");
	}
	for (i = 0; i < sizeof layered / sizeof layered[0]; i++) {
		scope = "unset";
		is_str(hl_policy_value(&pol, layered[i].name, layered[i].kind,
		                       layered[i].category, &scope),
		       layered[i].want, "ledger %s for %s/%s", layered[i].name,
		       layered[i].kind ? layered[i].kind : "-",
		       layered[i].category ? layered[i].category : "-");
		is_str(scope, layered[i].scope, "ledger %s for %s/%s: scope",
		       layered[i].name, layered[i].kind ? layered[i].kind : "-",
		       layered[i].category ? layered[i].category : "-");
	}

	/* Typed accessors, defaults then the ledger's rows. */
	ok(hl_policy_limit(NULL, "resolve", "consult", NULL, &l) == 0 &&
	   l.n == 1 && l.unit == 'w', "limit: consult resolves in 1wd");
	ok(hl_policy_limit(&pol, "resolve", "complaint", "宅基地审批", &l) == 0 &&
	   l.n == 10 && l.unit == 'w', "limit: 宅基地审批 in 10wd");
	ok(hl_policy_limit(NULL, "respond", NULL, NULL, &l) == 0 &&
	   l.n == 30 && l.unit == 'm', "limit: respond in 30m");
	is_int(hl_policy_repeat_window(NULL), 30L * 86400,
	       "repeat window: 30 days by default");
	is_int(hl_policy_repeat_window(&pol), 72L * 3600,
	       "repeat window: 72h from the ledger");
	is_int(hl_policy_number(NULL, "repeat_calls"), 3, "repeat_calls: 3");
	is_int(hl_policy_number(&pol, "repeat_calls"), 4, "repeat_calls: 4");
	is_int(hl_policy_number(NULL, "warn"), 80, "warn: 80%%");
	is_int(hl_policy_number(&pol, "warn"), 75, "warn: 75%%");
	is_int(hl_policy_number(NULL, "min_tickets"), 5, "min_tickets: 5");
	is_int(hl_policy_number(&pol, "min_tickets"), 10, "min_tickets: 10");
	hl_policy_weights(NULL, w);
	ok(w[0] == 30 && w[1] == 35 && w[2] == 35 && w[3] == 0,
	   "weights: 30/35/35, completion 0");
	hl_policy_weights(&pol, w);
	ok(w[0] == 20 && w[1] == 40 && w[2] == 40 && w[3] == 0,
	   "weights: 20/40/40, completion 0");
	{
		struct hl_policy_row four = { "weights", "*", "25/25/30/20" };
		struct hl_policy p4 = { &four, 1 };

		hl_policy_weights(&p4, w);
		ok(w[0] == 25 && w[1] == 25 && w[2] == 30 && w[3] == 20,
		   "weights: 25/25/30/20, completion 20");
	}

	/* Who may approve an extension: by role, the scope that matches. */
	ok(hl_policy_approves(NULL, "complaint", NULL, "deputy"),
	   "approves: a deputy by default");
	ok(hl_policy_approves(NULL, "complaint", NULL, "principal"),
	   "approves: a principal by default");
	ok(!hl_policy_approves(NULL, "complaint", NULL, "cadre"),
	   "approves: not a cadre by default");
	ok(!hl_policy_approves(NULL, "complaint", NULL, "depu"),
	   "approves: a prefix of a role is not the role");
	ok(!hl_policy_approves(&pol, "complaint", "历史遗留问题", "deputy"),
	   "approves: 历史遗留问题 by the principal only (ledger row)");
	ok(hl_policy_approves(&pol, "complaint", "历史遗留问题", "principal"),
	   "approves: 历史遗留问题 by the principal");
	ok(hl_policy_approves(&pol, "consult", "政策咨询", "station_head"),
	   "approves: a consultation by a station head too (ledger row)");
	ok(hl_policy_approves(&pol, "consult", "政策咨询", "principal"),
	   "approves: the last role of a list");
	ok(!hl_policy_approves(&pol, "help", NULL, "station_head"),
	   "approves: other kinds keep the default");
	return done_testing();
}
