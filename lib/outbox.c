/*
 * outbox.c - every notice reaches its person, once: the queueing side.
 * The ledger is the source of truth: what is owed (escalations not yet
 * notified, the assignments of dispatches and transfers since the last
 * sweep, records given on input) becomes outbox rows, one per notice and
 * recipient, rendered by notice.c, in the same transaction that marks the
 * source as queued; an outbox key makes each row once however it comes.
 * Here too: where a recipient is reached (a person's own channel, else
 * their unit's group with an @mention of their mobile, else nowhere: kept
 * with "no channel for NAME"), --retry and the lists.  deliver.c sends.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hl.h"

/* ---- transactions ---- */

int
hl_notify_tx(struct hl_notify *n)
{
	return n->L->in_tx ? 0 : hl_ledger_begin(n->L);
}

int
hl_notify_tx_done(struct hl_notify *n, int force)
{
	if (n->dry_run || !n->L->in_tx)
		return 0;
	if (!force && ++n->in_tx < 200)
		return 0;
	n->in_tx = 0;
	return hl_ledger_commit(n->L);
}

int
hl_notify_idle(void *ctx)
{
	return hl_notify_tx_done(ctx, 1);
}

int
hl_notify_end(struct hl_notify *n, int status)
{
	if (!n->L->in_tx)
		return status;
	if (n->dry_run || (status && !hl_status_goes_on(status))) {
		hl_ledger_rollback(n->L);
		return status;
	}
	n->in_tx = 0;
	return hl_worse(status, hl_ledger_commit(n->L));
}

/* ---- where a recipient is reached ---- */


static int
is_mobile(const char *p)
{
	return p && strlen(p) == 11 && p[0] == '1' && strspn(p, "0123456789") == 11;
}

/* The channel of target into r; 1 if it has one, 0, or -status. */
static int
channel_of(struct hl_ledger *L, const char *target, struct hl_route *r)
{
	static const char sql[] =
		"SELECT channel, address FROM channels WHERE target = ?";
	sqlite3_stmt *st = hl_stmt(L, sql);
	int rc;

	if (!st)
		return -EX_SOFTWARE;
	sqlite3_bind_text(st, 1, target, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		snprintf(r->channel, sizeof r->channel, "%s",
		         (const char *)sqlite3_column_text(st, 0));
		snprintf(r->address, sizeof r->address, "%s",
		         (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return -hl_ledger_fail(L, rc, "cannot read channels");
}

int
hl_notify_route(struct hl_ledger *L, const char *who, struct hl_route *r)
{
	static const char sql_person[] =
		"SELECT unit, phone, email FROM people WHERE name = ?";
	static const char sql_unit[] = "SELECT 1 FROM units WHERE unit = ?";
	char unit[256] = "", phone[64] = "", email[256] = "";
	sqlite3_stmt *st;
	int rc, is_person, c;

	memset(r, 0, sizeof *r);
	if (!(st = hl_stmt(L, sql_person)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0))
			snprintf(unit, sizeof unit, "%s", sqlite3_column_text(st, 0));
		if (sqlite3_column_text(st, 1))
			snprintf(phone, sizeof phone, "%s", sqlite3_column_text(st, 1));
		if (sqlite3_column_text(st, 2))
			snprintf(email, sizeof email, "%s", sqlite3_column_text(st, 2));
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hl_ledger_fail(L, rc, "cannot read people");
	is_person = rc == SQLITE_ROW;
	if (!is_person) {
		if (!(st = hl_stmt(L, sql_unit)))
			return EX_SOFTWARE;
		sqlite3_bind_text(st, 1, who, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc == SQLITE_DONE) {
			snprintf(r->why, sizeof r->why, "no channel for %s: neither a "
			         "person nor a unit in the directory", who);
			return 0;
		}
		if (rc != SQLITE_ROW)
			return hl_ledger_fail(L, rc, "cannot read units");
		if ((c = channel_of(L, who, r)) < 0)
			return -c;
		r->found = r->group = c;
		if (!c)
			snprintf(r->why, sizeof r->why, "no channel for %s", who);
		return 0;
	}
	/* A person: their own channel first. */
	if ((c = channel_of(L, who, r)) < 0)
		return -c;
	if (c) {
		if (strcmp(r->channel, "mail") == 0 && !*r->address) {
			if (!*email) {
				snprintf(r->why, sizeof r->why, "no channel for %s: mail "
				         "without an address, and no email in people", who);
				return 0;
			}
			snprintf(r->address, sizeof r->address, "%s", email);
		}
		r->found = r->person = 1;
		return 0;
	}
	/* Their unit's work group, with an @mention of their mobile. */
	if (*unit && (c = channel_of(L, unit, r)) != 0) {
		if (c < 0)
			return -c;
		r->found = r->group = r->person = 1;
		/* (A mailbox has nobody to @mention.) */
		if (is_mobile(phone) && strcmp(r->channel, "mail") != 0)
			memcpy(r->mobile, phone, 12);   /* 11 digits and the NUL */
		return 0;
	}
	if (*unit)
		snprintf(r->why, sizeof r->why, "no channel for %s (nor for unit "
		         "%s)", who, unit);
	else
		snprintf(r->why, sizeof r->why, "no channel for %s", who);
	return 0;
}

/* ---- the words of a ticket's notice ---- */

/* A time as people read it: "11月25日 10:30". */
static char *
people_time(hl_time t, char *buf, size_t n)
{
	char iso[40];
	int mo, d;

	if (!t) {
		snprintf(buf, n, "—");
		return buf;
	}
	hl_time_format(t, iso, sizeof iso);
	mo = (iso[5] - '0') * 10 + (iso[6] - '0');
	d = (iso[8] - '0') * 10 + (iso[9] - '0');
	snprintf(buf, n, "%d月%d日 %.5s", mo, d, iso + 11);
	return buf;
}

/* The first max characters of s, with "…" when cut.  Caller frees. */
static char *
clip_chars(const char *s, size_t max)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t chars = 0;
	char *out;

	while (*p && chars < max) {
		p++;
		while ((*p & 0xC0) == 0x80)
			p++;
		chars++;
	}
	if (!*p)
		return strdup(s);
	if (!(out = malloc((size_t)(p - (const unsigned char *)s) + 4)))
		return NULL;
	memcpy(out, s, (size_t)(p - (const unsigned char *)s));
	strcpy(out + (p - (const unsigned char *)s), "…");
	return out;
}

/* What a stage's handler is expected to do. */
static const char *
action_of(const char *stage)
{
	static const char *const pairs[] = {
		"dispatch", "派单", "respond", "响应确认诉求", "verify", "核实诉求",
		"plan", "提出解决方案及具体时间表", "reply", "联系来电人答复",
		"follow_up", "向来电人回复办理进展", "resolve", "办结",
		"visit", "回访来电人", NULL,
	};
	size_t i;

	for (i = 0; stage && pairs[i]; i += 2)
		if (strcmp(stage, pairs[i]) == 0)
			return pairs[i + 1];
	return "处理";
}

/* A ticket as its notices tell it. */
struct tinfo {
	struct hl_ticket t;
	struct hl_ticket_state s;
	char holder[600];
	hl_time respond_due, resolve_due;
	char *content, *phone;
	char received[40], respond[40], resolve[40], repeat[24], show[600];
};

static void
tinfo_clear(struct tinfo *ti)
{
	hl_ticket_clear(&ti->t);
	hl_state_clear(&ti->s);
	free(ti->content);
	free(ti->phone);
	memset(ti, 0, sizeof *ti);
}

/* The due time of a stage of the ticket's current cycle, or 0. */
static hl_time
stage_due(struct hl_ledger *L, const char *id, const char *stage)
{
	static const char sql[] =
		"SELECT due_at FROM deadlines WHERE ticket_id = ?1 AND stage = ?2 "
		"AND cycle = (SELECT cycle FROM tickets WHERE id = ?1)";
	sqlite3_stmt *st = hl_stmt(L, sql);
	hl_time t = 0;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, stage, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		t = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return t;
}

/* Loads ticket id.  0, HL_BAD when there is no such ticket, or a status. */
static int
tinfo_load(struct hl_ledger *L, const char *id, struct tinfo *ti)
{
	json_t *a;
	size_t i;
	int r;

	memset(ti, 0, sizeof *ti);
	if ((r = hl_store_get(L, id, &ti->t, &ti->s)))
		return r;
	if ((r = hl_store_state_extra(L, id, &ti->s))) {
		tinfo_clear(ti);
		return r;
	}
	json_array_foreach(ti->s.assignments, i, a) {
		const char *role = json_string_value(json_object_get(a, "role"));
		const char *unit = json_string_value(json_object_get(a, "unit"));
		const char *person = json_string_value(json_object_get(a, "person"));

		if (role && unit && strcmp(role, "primary") == 0) {
			if (person)
				snprintf(ti->holder, sizeof ti->holder, "%s（%s）", unit,
				         person);
			else
				snprintf(ti->holder, sizeof ti->holder, "%s", unit);
		}
	}
	if (!*ti->holder)
		snprintf(ti->holder, sizeof ti->holder, "未派单");
	ti->respond_due = stage_due(L, id, "respond");
	ti->resolve_due = stage_due(L, id, "resolve");
	ti->content = clip_chars(ti->t.content, 120);
	ti->phone = ti->t.caller_phone ? hl_phone_mask(ti->t.caller_phone)
	                               : strdup("—");
	if (!ti->content || !ti->phone) {
		tinfo_clear(ti);
		return EX_SOFTWARE;
	}
	people_time(ti->t.received_at, ti->received, sizeof ti->received);
	people_time(ti->respond_due, ti->respond, sizeof ti->respond);
	people_time(ti->resolve_due, ti->resolve, sizeof ti->resolve);
	snprintf(ti->repeat, sizeof ti->repeat, "%ld", ti->s.repeat_count);
	snprintf(ti->show, sizeof ti->show, "hl-show %s", ti->t.id);
	return 0;
}

/* Placeholder values: name, value pairs, NULL-ended. */
struct vars {
	const char *v[96];
	size_t n;
};

static void
var(struct vars *vs, const char *name, const char *value)
{
	if (vs->n + 3 > sizeof vs->v / sizeof vs->v[0])
		return;
	vs->v[vs->n++] = name;
	vs->v[vs->n++] = value;
	vs->v[vs->n] = NULL;
}

static void
ticket_vars(struct vars *vs, const struct tinfo *ti)
{
	const struct hl_ticket *t = &ti->t;

	var(vs, "ticket", t->id);
	var(vs, "title", t->title ? t->title : "（无标题）");
	var(vs, "content", ti->content);
	var(vs, "kind", t->kind ? hl_kind_label(t->kind) : "—");
	var(vs, "category", t->category ? t->category : "未分类");
	var(vs, "village", t->village ? t->village : "—");
	var(vs, "address", t->address ? t->address : "—");
	var(vs, "caller_phone", ti->phone);
	var(vs, "received", ti->received);
	var(vs, "urgent", t->urgent ? "【紧急】" : "");
	var(vs, "show", ti->show);
	var(vs, "holder", ti->holder);
	var(vs, "repeat_count", ti->repeat);
	var(vs, "resolve_deadline", ti->resolve);
}

/* ---- queueing ---- */

/* One notice, rendered, to be queued for one recipient. */
struct notice {
	const char *notice;     /* what it is about: escalation:ID, ... */
	const char *kind;       /* its template */
	const char *ticket;     /* NULL for a digest or a message */
	long long esc_id;       /* 0 when not an escalation in the ledger */
	int urgent;             /* quiet hours never hold it */
	const char *attach;
	const char *what;       /* for messages: "ticket 'X' late-respond" */
};

/* Renders and queues notice no for recipient under key, once.  0 or a
 * status. */
static int
queue_one(struct hl_notify *n, const struct notice *no, struct vars *vs,
          const char *key, const char *recipient)
{
	static const char sql[] =
		"INSERT INTO outbox (key, notice, kind, ticket_id, escalation_id, "
		"recipient, channel, address, subject, body, created_at, "
		"next_attempt_at, urgent, attach, last_error) VALUES (?1, ?2, ?3, "
		"?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11, ?12, ?13, ?14) "
		"ON CONFLICT (key) DO NOTHING RETURNING id";
	struct hl_route rt;
	sqlite3_stmt *st;
	char *subject, *body;
	long long id = 0;
	int rc, s;

	var(vs, "recipient", recipient);
	s = hl_notice_render(n->tp, no->kind, vs->v, &subject, &body);
	vs->n -= 2;
	vs->v[vs->n] = NULL;
	if (s)
		return s;
	if ((s = hl_notify_route(n->L, recipient, &rt)) || !(st = hl_stmt(n->L, sql))) {
		free(subject);
		free(body);
		return s ? s : EX_SOFTWARE;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 2, no->notice, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 3, no->kind, -1, SQLITE_STATIC);
	hl_bind_text(st, 4, no->ticket);
	if (no->esc_id)
		sqlite3_bind_int64(st, 5, no->esc_id);
	sqlite3_bind_text(st, 6, recipient, -1, SQLITE_TRANSIENT);
	if (rt.found) {
		sqlite3_bind_text(st, 7, rt.channel, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 8, rt.address, -1, SQLITE_TRANSIENT);
	}
	sqlite3_bind_text(st, 9, subject, -1, free);
	sqlite3_bind_text(st, 10, body, -1, free);
	sqlite3_bind_int64(st, 11, n->now);
	sqlite3_bind_int(st, 12, no->urgent);
	hl_bind_text(st, 13, no->attach);
	if (!rt.found)
		sqlite3_bind_text(st, 14, rt.why, -1, SQLITE_TRANSIENT);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hl_ledger_fail(n->L, rc, "cannot queue a notice");
	if (!id)
		return 0;       /* queued before */
	n->queued++;
	/* (--via sends it anyway, a dry run shows it.) */
	if (!rt.found && !n->via) {
		n->nochannel++;
		if (!n->dry_run)
			hl_warn("%s: outbox %lld (%s) is kept; see hl-notify --pending",
			        rt.why, id, no->what);
	}
	return 0;
}

/* An escalation to queue: a row of the ledger (id) or, in a dry run, a
 * record that is not there. */
struct esc {
	long long id;
	const char *ticket, *rule, *stage;
	long level;
	hl_time due_at, at;
	json_t *recipients;     /* borrowed: [{name, role, unit, phone}] */
};

static const char *
esc_kind(const char *rule)
{
	if (strncmp(rule, "warn-", 5) == 0)
		return "warn";
	if (strcmp(rule, "late-resolve") == 0 || strcmp(rule, "late-resolve-2") == 0 ||
	    strcmp(rule, "repeat") == 0 || strcmp(rule, "unsatisfied") == 0)
		return rule;
	return "late";
}

static int
queue_escalation(struct hl_notify *n, const struct esc *e)
{
	struct notice no = { 0 };
	struct tinfo ti;
	struct vars vs = { { NULL }, 0 };
	char notice[300], key[600], what[300], level[24], deadline[40];
	char late[80], dur[40];
	const char *stage = e->stage;
	hl_time due = e->due_at;
	json_t *r;
	size_t i;
	int s;

	if ((s = tinfo_load(n->L, e->ticket, &ti))) {
		if (s == HL_BAD)
			hl_err("escalation %lld: no ticket '%s' in the ledger", e->id,
			       e->ticket);
		return s;
	}
	if (e->id)
		snprintf(notice, sizeof notice, "escalation:%lld", e->id);
	else
		snprintf(notice, sizeof notice, "escalation:%s:%s:%lld", e->ticket,
		         e->rule, (long long)e->at);
	snprintf(what, sizeof what, "ticket '%s' %s", e->ticket, e->rule);
	no.notice = notice;
	no.kind = esc_kind(e->rule);
	no.ticket = e->ticket;
	no.esc_id = e->id;
	no.urgent = ti.t.urgent || strcmp(e->rule, "late-resolve-2") == 0 ||
	            strcmp(e->rule, "repeat") == 0 ||
	            strcmp(e->rule, "unsatisfied") == 0;
	no.what = what;
	/* The second level says how late the resolve deadline is, not the
	 * second level's own. */
	if (strcmp(e->rule, "late-resolve-2") == 0 && ti.resolve_due)
		due = ti.resolve_due;
	*late = '\0';
	if (due && strncmp(e->rule, "warn-", 5) == 0 && due > e->at)
		snprintf(late, sizeof late, "还剩%s",
		         hl_duration_zh((long)(due - e->at), dur, sizeof dur));
	else if (due && strncmp(e->rule, "late-", 5) == 0 && e->at > due)
		snprintf(late, sizeof late, "已超时%s",
		         hl_duration_zh((long)(e->at - due), dur, sizeof dur));
	snprintf(level, sizeof level, "%ld", e->level);
	ticket_vars(&vs, &ti);
	var(&vs, "stage", stage ? hl_label(stage) : "");
	var(&vs, "deadline", people_time(due, deadline, sizeof deadline));
	var(&vs, "late", late);
	var(&vs, "action", action_of(stage));
	var(&vs, "rule", e->rule);
	var(&vs, "level", level);
	json_array_foreach(e->recipients, i, r) {
		const char *name = json_string_value(json_object_get(r, "name"));
		const char *role = json_string_value(json_object_get(r, "role"));
		size_t mark = vs.n;

		if (!name)
			continue;
		var(&vs, "role", role ? hl_label(role) : "");
		var(&vs, "unit", json_string_value(json_object_get(r, "unit")));
		snprintf(key, sizeof key, "%s:%s", notice, name);
		s = queue_one(n, &no, &vs, key, name);
		vs.n = mark;
		vs.v[mark] = NULL;
		if (s)
			break;
	}
	if (!s && !json_array_size(e->recipients))
		hl_warn("%s: nobody to tell (no recipient in the directory)", what);
	tinfo_clear(&ti);
	return s;
}

/* Queues escalation id of the ledger unless queued before, and marks it
 * notified.  0 or a status. */
static int
queue_escalation_id(struct hl_notify *n, long long id)
{
	static const char sql[] =
		"SELECT ticket_id, rule, stage, level, due_at, fired_at, recipients, "
		"notified_at FROM escalations WHERE id = ?";
	static const char sql_mark[] =
		"UPDATE escalations SET notified_at = ? WHERE id = ?";
	sqlite3_stmt *st = hl_stmt(n->L, sql);
	struct esc e = { 0 };
	char *ticket = NULL, *rule = NULL, *stage = NULL;
	json_t *rcpt = NULL;
	int rc, s = 0, owed;

	if (!st)
		return EX_SOFTWARE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	owed = rc == SQLITE_ROW && sqlite3_column_type(st, 7) == SQLITE_NULL;
	if (owed) {
		ticket = strdup((const char *)sqlite3_column_text(st, 0));
		rule = strdup((const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_text(st, 2))
			stage = strdup((const char *)sqlite3_column_text(st, 2));
		e.level = sqlite3_column_int(st, 3);
		e.due_at = sqlite3_column_int64(st, 4);
		e.at = sqlite3_column_int64(st, 5);
		rcpt = json_loads((const char *)sqlite3_column_text(st, 6), 0, NULL);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hl_ledger_fail(n->L, rc, "cannot read escalations");
	if (!owed)
		return 0;       /* queued before */
	if (!ticket || !rule) {
		s = EX_SOFTWARE;
		goto out;
	}
	if (!rcpt)
		rcpt = json_array();
	e.id = id;
	e.ticket = ticket;
	e.rule = rule;
	e.stage = stage;
	e.recipients = rcpt;
	if ((s = queue_escalation(n, &e)))
		goto out;
	if (!(st = hl_stmt(n->L, sql_mark))) {
		s = EX_SOFTWARE;
		goto out;
	}
	sqlite3_bind_int64(st, 1, n->now);
	sqlite3_bind_int64(st, 2, id);
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		s = hl_ledger_fail(n->L, rc, "cannot mark an escalation notified");
	sqlite3_reset(st);
out:
	free(ticket);
	free(rule);
	free(stage);
	json_decref(rcpt);
	return s;
}

/* Queues the "new work order" notices of ticket id's current assignments
 * (only those made by event seq, when seq is not 0).  *found gets how
 * many assignments there were.  0, HL_BAD (no such ticket) or a status. */
static int
queue_assignments(struct hl_notify *n, const char *id, long long seq,
                  int *found)
{
	static const char sql[] =
		"SELECT role, unit, person, event_seq FROM assignments "
		"WHERE ticket_id = ?1 AND until IS NULL "
		"AND (?2 = 0 OR event_seq = ?2) ORDER BY role";
	struct tinfo ti;
	struct vars vs = { { NULL }, 0 };
	struct notice no = { 0 };
	char key[300], what[300];
	sqlite3_stmt *st;
	json_t *rows = json_array(), *row;
	size_t i;
	int rc, s;

	*found = 0;
	if (!(st = hl_stmt(n->L, sql))) {
		json_decref(rows);
		return EX_SOFTWARE;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s?, s:I}",
			"role", (const char *)sqlite3_column_text(st, 0),
			"unit", (const char *)sqlite3_column_text(st, 1),
			"person", (const char *)sqlite3_column_text(st, 2),
			"seq", (json_int_t)sqlite3_column_int64(st, 3)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		json_decref(rows);
		return hl_ledger_fail(n->L, rc, "cannot read assignments");
	}
	if (!(*found = (int)json_array_size(rows))) {
		static const char sql_ticket[] = "SELECT 1 FROM tickets WHERE id = ?";

		json_decref(rows);
		if (!(st = hl_stmt(n->L, sql_ticket)))
			return EX_SOFTWARE;
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return hl_ledger_fail(n->L, rc, "cannot read tickets");
		return rc == SQLITE_ROW ? 0 : HL_BAD;
	}
	if ((s = tinfo_load(n->L, id, &ti))) {
		json_decref(rows);
		return s;
	}
	ticket_vars(&vs, &ti);
	var(&vs, "stage", hl_label("respond"));
	var(&vs, "deadline", ti.respond);
	var(&vs, "late", "");
	var(&vs, "rule", "");
	var(&vs, "level", "");
	no.kind = "new";
	no.ticket = id;
	no.urgent = ti.t.urgent;
	no.what = what;
	json_array_foreach(rows, i, row) {
		const char *role = json_string_value(json_object_get(row, "role"));
		const char *unit = json_string_value(json_object_get(row, "unit"));
		const char *person = json_string_value(json_object_get(row, "person"));
		size_t mark = vs.n;

		snprintf(key, sizeof key, "assignment:%" JSON_INTEGER_FORMAT ":%s",
		         json_integer_value(json_object_get(row, "seq")), role);
		snprintf(what, sizeof what, "ticket '%s' new (%s)", id, role);
		no.notice = key;
		/* The village committee goes on site at once (先核实). */
		var(&vs, "action", strcmp(role, "village") == 0 ? "到现场核实情况"
		                                             : action_of("respond"));
		var(&vs, "role", hl_label(role));
		var(&vs, "unit", unit);
		s = queue_one(n, &no, &vs, key, person ? person : unit);
		vs.n = mark;
		vs.v[mark] = NULL;
		if (s)
			break;
	}
	tinfo_clear(&ti);
	json_decref(rows);
	return s;
}

/* The last event whose assignments were queued. */
static const char sql_seq_get[] =
	"SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'notify_seq'";

/* Queues the assignments of the dispatches and transfers since the last
 * sweep, and moves the mark on, in one transaction. */
static int
sweep_assignments(struct hl_notify *n)
{
	static const char sql_events[] =
		"SELECT seq, ticket_id FROM events WHERE seq > ? AND "
		"(event = 'dispatch' OR event = 'transfer') ORDER BY seq";
	static const char sql_seq_set[] =
		"INSERT INTO settings (key, value) SELECT 'notify_seq', "
		"CAST(coalesce(max(seq), 0) AS TEXT) FROM events WHERE true "
		"ON CONFLICT (key) DO UPDATE SET value = excluded.value";
	sqlite3_stmt *st;
	json_t *evs = json_array(), *ev;
	long long seq = 0;
	size_t i;
	int rc, s = 0, found;

	if (!(st = hl_stmt(n->L, sql_seq_get))) {
		s = EX_SOFTWARE;
		goto out;
	}
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (!(st = hl_stmt(n->L, sql_events))) {
		s = EX_SOFTWARE;
		goto out;
	}
	sqlite3_bind_int64(st, 1, seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(evs, json_pack("[I, s]",
			(json_int_t)sqlite3_column_int64(st, 0),
			(const char *)sqlite3_column_text(st, 1)));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		s = hl_ledger_fail(n->L, rc, "cannot read events");
		goto out;
	}
	json_array_foreach(evs, i, ev) {
		s = queue_assignments(n, json_string_value(json_array_get(ev, 1)),
		                      json_integer_value(json_array_get(ev, 0)),
		                      &found);
		if (s)
			goto out;
	}
	if (!(st = hl_stmt(n->L, sql_seq_set))) {
		s = EX_SOFTWARE;
		goto out;
	}
	if ((rc = sqlite3_step(st)) != SQLITE_DONE)
		s = hl_ledger_fail(n->L, rc, "cannot record the sweep");
	sqlite3_reset(st);
out:
	json_decref(evs);
	return s;
}

/* Queues the escalations not yet notified, each in the transaction that
 * marks it. */
static int
sweep_escalations(struct hl_notify *n)
{
	static const char sql_esc[] =
		"SELECT id FROM escalations WHERE notified_at IS NULL "
		"ORDER BY fired_at, id";
	sqlite3_stmt *st;
	long long *ids = NULL;
	size_t nids = 0, cap = 0, i;
	int rc, s = 0;

	/* The ids first: each row is updated as it is queued. */
	if (!(st = hl_stmt(n->L, sql_esc)))
		return EX_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nids == cap) {
			long long *ni = realloc(ids, (cap = cap ? cap * 2 : 64) *
			                        sizeof *ni);

			if (!ni) {
				sqlite3_reset(st);
				free(ids);
				return EX_SOFTWARE;
			}
			ids = ni;
		}
		ids[nids++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		s = hl_ledger_fail(n->L, rc, "cannot read escalations");
	for (i = 0; i < nids && !s; i++)
		if (!(s = queue_escalation_id(n, ids[i])) && !(s = hl_notify_tx_done(n, 0)))
			s = hl_notify_tx(n);
	free(ids);
	return s;
}

int
hl_notify_sweep(struct hl_notify *n)
{
	int s;

	/* A new work order before what its clocks did since. */
	if ((s = hl_notify_tx(n)) || (s = sweep_assignments(n)) ||
	    (s = sweep_escalations(n)))
		return s;
	return hl_notify_tx_done(n, 1);
}

/* ---- records on input ---- */

static const char *
str_field(const json_t *o, const char *name)
{
	return json_string_value(json_object_get(o, name));
}

static int
rec_escalation(struct hl_notify *n, const struct hl_record *r)
{
	static const char sql[] =
		"SELECT id FROM escalations WHERE ticket_id = ? AND rule = ? "
		"AND fired_at = ? ORDER BY id";
	const json_t *o = r->obj;
	const char *id = str_field(json_object_get(o, "ticket"), "id");
	const char *rule = str_field(o, "rule"), *at = str_field(o, "at");
	const char *due = str_field(o, "due_at");
	struct esc e = { 0 };
	long long ids[8];
	size_t nids = 0, i;
	sqlite3_stmt *st;
	hl_time t;
	int rc, s = 0;

	if (!id || !rule || !at || hl_time_parse(at, 0, &t)) {
		hl_err_at(&r->pos, "an escalation record needs ticket.id, rule and "
		          "at (a time)");
		return HL_BAD;
	}
	if (!(st = hl_stmt(n->L, sql)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rule, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, t);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && nids < 8)
		ids[nids++] = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return hl_ledger_fail(n->L, rc, "cannot read escalations");
	/* The same row as the sweep: queued once whichever comes first. */
	for (i = 0; i < nids && !s; i++)
		s = queue_escalation_id(n, ids[i]);
	if (nids || s)
		return s;
	if (!n->dry_run) {
		hl_err_at(&r->pos, "escalation '%s' of ticket '%s' at %s is not in "
		          "the ledger (a record of hl-escalate --dry-run?)", rule, id,
		          at);
		return HL_BAD;
	}
	/* A dry run shows what a record would say, claimed or not. */
	e.ticket = id;
	e.rule = rule;
	e.stage = str_field(o, "stage");
	e.level = (long)json_integer_value(json_object_get(o, "level"));
	e.at = t;
	if (due && hl_time_parse(due, 0, &e.due_at))
		e.due_at = 0;
	e.recipients = json_object_get(o, "recipients");
	if (!json_is_array(e.recipients)) {
		hl_err_at(&r->pos, "an escalation record needs recipients");
		return HL_BAD;
	}
	s = queue_escalation(n, &e);
	if (s == HL_BAD) {
		hl_err_at(&r->pos, "no ticket '%s' in the ledger", id);
		return HL_BAD;
	}
	return s;
}

static int
rec_ticket(struct hl_notify *n, const struct hl_record *r)
{
	const json_t *v = json_object_get(r->obj, "id");
	char num[32];
	const char *id = json_string_value(v);
	int s, found;

	if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		         json_integer_value(v));
		id = num;
	}
	if (!id) {
		hl_err_at(&r->pos, "missing field 'id'");
		return HL_BAD;
	}
	s = queue_assignments(n, id, 0, &found);
	if (s == HL_BAD) {
		hl_err_at(&r->pos, "no ticket '%s' in the ledger", id);
		return HL_BAD;
	}
	if (!s && !found)
		hl_warn_at(&r->pos, "ticket '%s' is not dispatched: nobody to tell "
		           "yet", id);
	return s;
}

/* True if name is a person of the directory (1), a unit (2), neither
 * (0); -status. */
static int
who_is(struct hl_ledger *L, const char *name)
{
	static const char sql[] =
		"SELECT 1 FROM people WHERE name = ?1 UNION ALL "
		"SELECT 2 FROM units WHERE unit = ?1";
	sqlite3_stmt *st = hl_stmt(L, sql);
	int rc, w = 0;

	if (!st)
		return -EX_SOFTWARE;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		w = sqlite3_column_int(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return -hl_ledger_fail(L, rc, "cannot read the directory");
	return w;
}

static int
rec_digest(struct hl_notify *n, const struct hl_record *r)
{
	const char *kind = str_field(r->obj, "kind"), *date = str_field(r->obj,
	           "date"), *person = str_field(r->obj, "person");
	const char *text = str_field(r->obj, "text");
	struct notice no = { 0 };
	struct vars vs = { { NULL }, 0 };
	char key[600], what[300];
	int64_t day;
	int w;

	if (!kind || !*kind || strspn(kind, "abcdefghijklmnopqrstuvwxyz") !=
	    strlen(kind) || !date || hl_date_parse(date, &day) || !person ||
	    !text) {
		hl_err_at(&r->pos, "a digest record needs kind (a word), date "
		          "(YYYY-MM-DD), person and text");
		return HL_BAD;
	}
	if ((w = who_is(n->L, person)) < 0)
		return -w;
	if (w != 1) {
		hl_err_at(&r->pos, "digest: '%s' is not a person in the directory",
		          person);
		return HL_BAD;
	}
	snprintf(key, sizeof key, "digest:%s:%s:%s", kind, date, person);
	snprintf(what, sizeof what, "digest %s %s", kind, date);
	no.notice = key;
	no.kind = "digest";
	no.what = what;
	var(&vs, "date", date);
	var(&vs, "person", person);
	var(&vs, "text", text);
	return queue_one(n, &no, &vs, key, person);
}

static int
rec_message(struct hl_notify *n, const struct hl_record *r)
{
	const char *mkey = str_field(r->obj, "key");
	const char *subject = str_field(r->obj, "subject");
	const char *text = str_field(r->obj, "text");
	const json_t *to = json_object_get(r->obj, "to"), *at, *x;
	struct notice no = { 0 };
	struct vars vs = { { NULL }, 0 };
	char notice[600], key[900], what[700], *attach = NULL;
	struct stat sb;
	size_t i;
	int w, s = 0;

	at = json_object_get(r->obj, "attach");
	if (!mkey || !*mkey || !subject || !text || !json_is_array(to) ||
	    !json_array_size(to) || (at && !json_is_null(at) &&
	                             !json_is_string(at))) {
		hl_err_at(&r->pos, "a message record needs key, to (a list of "
		          "people or units), subject and text; attach is a file "
		          "or null");
		return HL_BAD;
	}
	json_array_foreach(to, i, x) {
		if (!json_is_string(x)) {
			hl_err_at(&r->pos, "message: 'to' must list names");
			return HL_BAD;
		}
		if ((w = who_is(n->L, json_string_value(x))) < 0)
			return -w;
		if (!w) {
			hl_err_at(&r->pos, "message: '%s' is neither a person nor a "
			          "unit in the directory", json_string_value(x));
			return HL_BAD;
		}
	}
	/* The file is sent later, maybe from another directory: its full
	 * name, and it must be there now. */
	if (json_is_string(at)) {
		if (!(attach = realpath(json_string_value(at), NULL)) ||
		    stat(attach, &sb) || !S_ISREG(sb.st_mode) ||
		    access(attach, R_OK)) {
			hl_err_at(&r->pos, "message: cannot read attachment '%s'",
			          json_string_value(at));
			free(attach);
			return HL_BAD;
		}
	}
	snprintf(notice, sizeof notice, "message:%s", mkey);
	snprintf(what, sizeof what, "message '%s'", mkey);
	no.notice = notice;
	no.kind = "message";
	no.attach = attach;
	no.what = what;
	var(&vs, "subject", subject);
	var(&vs, "text", text);
	var(&vs, "attach", attach ? attach : "");
	json_array_foreach(to, i, x) {
		snprintf(key, sizeof key, "%s:%s", notice, json_string_value(x));
		if ((s = queue_one(n, &no, &vs, key, json_string_value(x))))
			break;
	}
	free(attach);
	return s;
}

int
hl_notify_record(void *ctx, const struct hl_record *r)
{
	struct hl_notify *n = ctx;
	const char *ev = str_field(r->obj, "event");
	int s;

	if ((s = hl_notify_tx(n)))
		return s;
	if (!ev && json_object_get(r->obj, "event")) {
		hl_err_at(&r->pos, "'event' must be a string");
		return HL_BAD;
	}
	if (!ev)
		s = json_object_get(r->obj, "id") ? rec_ticket(n, r)
		  : (hl_err_at(&r->pos, "neither a ticket (no 'id') nor an "
		               "escalation, digest or message record"), HL_BAD);
	else if (strcmp(ev, "escalation") == 0)
		s = rec_escalation(n, r);
	else if (strcmp(ev, "digest") == 0)
		s = rec_digest(n, r);
	else if (strcmp(ev, "message") == 0)
		s = rec_message(n, r);
	else {
		hl_err_at(&r->pos, "unknown record '%s' (expected escalation, "
		          "digest, message or a ticket)", ev);
		s = HL_BAD;
	}
	if (s && s != HL_BAD)
		return s;
	return hl_worse(s, hl_notify_tx_done(n, 0));
}

/* ---- retry and listing ---- */

int
hl_notify_retry(struct hl_notify *n, const char *arg)
{
	static const char sql_one[] =
		"UPDATE outbox SET failed_at = NULL, attempts = 0, "
		"next_attempt_at = ?1, last_error = NULL "
		"WHERE id = ?2 AND sent_at IS NULL";
	static const char sql_all[] =
		"UPDATE outbox SET failed_at = NULL, attempts = 0, "
		"next_attempt_at = ?1, last_error = NULL "
		"WHERE failed_at IS NOT NULL AND sent_at IS NULL";
	static const char sql_sent[] =
		"SELECT sent_at FROM outbox WHERE id = ?";
	sqlite3_stmt *st;
	long id = 0;
	int all = strcmp(arg, "all") == 0, rc, s, changed;

	if (!all && hl_parse_long(arg, 1, 0x7fffffffL, &id))
		return hl_usage_error("--retry: expected an outbox id or 'all', "
		                      "not '%s'", arg);
	if ((s = hl_notify_tx(n)))
		return s;
	if (!(st = hl_stmt(n->L, all ? sql_all : sql_one)))
		return EX_SOFTWARE;
	sqlite3_bind_int64(st, 1, n->now);
	if (!all)
		sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return hl_ledger_fail(n->L, rc, "cannot re-queue");
	changed = sqlite3_changes(n->L->db);
	if (!all && !changed) {
		char at[40];

		if (!(st = hl_stmt(n->L, sql_sent)))
			return EX_SOFTWARE;
		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			hl_err("--retry: outbox %ld was sent %s; not sent again", id,
			       hl_time_format(sqlite3_column_int64(st, 0), at,
			                      sizeof at));
		else
			hl_err("--retry: no outbox %ld", id);
		sqlite3_reset(st);
		return HL_BAD;
	}
	return hl_notify_tx_done(n, 1);
}

int
hl_notify_list(struct hl_ledger *L, int failed, FILE *fp)
{
	static const char sql_pending[] =
		"SELECT id, key, kind, ticket_id, recipient, channel, address, "
		"attempts, created_at, next_attempt_at, failed_at, last_error "
		"FROM outbox WHERE sent_at IS NULL AND failed_at IS NULL ORDER BY id";
	static const char sql_failed[] =
		"SELECT id, key, kind, ticket_id, recipient, channel, address, "
		"attempts, created_at, next_attempt_at, failed_at, last_error "
		"FROM outbox WHERE sent_at IS NULL AND failed_at IS NOT NULL "
		"ORDER BY id";
	sqlite3_stmt *st = hl_prepare(L, failed ? sql_failed : sql_pending);
	char buf[40];
	int rc, s = 0;

	if (!st)
		return EX_SOFTWARE;
	while (!s && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = json_object();
		int c;

		json_object_set_new(o, "id", json_integer(sqlite3_column_int64(st,
		                                                               0)));
		json_object_set_new(o, "key", hl_column_json_text(st, 1));
		json_object_set_new(o, "kind", hl_column_json_text(st, 2));
		json_object_set_new(o, "ticket", hl_column_json_text(st, 3));
		json_object_set_new(o, "recipient", hl_column_json_text(st, 4));
		json_object_set_new(o, "channel", hl_column_json_text(st, 5));
		json_object_set_new(o, "address", hl_column_json_text(st, 6));
		json_object_set_new(o, "attempts",
		                    json_integer(sqlite3_column_int(st, 7)));
		for (c = 8; c <= 10; c++)
			json_object_set_new(o, c == 8 ? "created_at" : c == 9
			                    ? "next_attempt_at" : "failed_at",
			                    sqlite3_column_type(st, c) == SQLITE_NULL
			                    ? json_null() : json_string(hl_time_format(
			                    sqlite3_column_int64(st, c), buf,
			                    sizeof buf)));
		json_object_set_new(o, "last_error", hl_column_json_text(st, 11));
		s = hl_print_json(fp, o);
		json_decref(o);
	}
	if (!s && rc != SQLITE_DONE)
		s = hl_ledger_fail(L, rc, "cannot read the outbox");
	sqlite3_finalize(st);
	return s;
}

