/*
 * deliver.c - the outbox delivered: the due rows, oldest first, where each
 * goes now (outbox.c's hl_notify_route), held by quiet hours or waiting
 * for a channel, the rows of one group packed into messages within the
 * channel's byte limit, each message handed to its channel command
 * (spawn.c) outside any transaction, then its rows marked in a
 * transaction of their own: sent, tried again later (1, 5, 15, 60
 * minutes, then hourly, up to the policy's notify_attempts) or failed.
 * The robots' 20 messages a minute are counted in the deliveries table;
 * one process delivers at a time (a lock beside the ledger).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hl.h"

#define ROBOT_PER_MINUTE 20
#define OTHER_LIMIT 65536       /* bytes: mail and cmd:NAME */

/* The channels hotline knows: the byte limit of a message's text, and
 * whether it is a robot with a rate limit. */
static const struct {
	const char *name;
	size_t limit;
	int robot;
} known[] = {
	{ "wecom", 2048, 1 },
	{ "dingtalk", 4096, 1 },
	{ "mail", OTHER_LIMIT, 0 },
};

static size_t
channel_limit(const char *ch, int *robot)
{
	size_t i;

	*robot = 0;
	for (i = 0; i < sizeof known / sizeof known[0]; i++)
		if (strcmp(ch, known[i].name) == 0) {
			*robot = known[i].robot;
			return known[i].limit;
		}
	return OTHER_LIMIT;
}

/* A due outbox row and where it goes now. */
struct row {
	long long id;
	char *notice, *kind, *ticket, *recipient, *subject, *body, *attach;
	char *last_error;
	int urgent, attempts;
	struct hl_route rt;
	int done;               /* put in a message */
};

static void
rows_free(struct row *rows, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(rows[i].notice);
		free(rows[i].kind);
		free(rows[i].ticket);
		free(rows[i].recipient);
		free(rows[i].subject);
		free(rows[i].body);
		free(rows[i].attach);
		free(rows[i].last_error);
	}
	free(rows);
}

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

/* The due rows after id `after`, oldest first, 2000 at most: memory
 * stays flat however many are due (a group's rows across two passes go
 * in two messages). */
static int
rows_load(struct hl_notify *n, long long after, struct row **out,
          size_t *nout)
{
	static const char sql[] =
		"SELECT id, notice, kind, ticket_id, recipient, subject, body, "
		"attach, last_error, urgent, attempts FROM outbox "
		"WHERE sent_at IS NULL AND failed_at IS NULL "
		"AND next_attempt_at <= ?1 AND id > ?2 ORDER BY id LIMIT 2000";
	sqlite3_stmt *st = hl_stmt(n->L, sql);
	struct row *rows = NULL, *r;
	size_t nr = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if (!st)
		return EX_SOFTWARE;
	sqlite3_bind_int64(st, 1, n->now);
	sqlite3_bind_int64(st, 2, after);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nr == cap) {
			struct row *nrw = realloc(rows, (cap = cap ? cap * 2 : 64) *
			                          sizeof *nrw);

			if (!nrw) {
				sqlite3_reset(st);
				rows_free(rows, nr);
				return EX_SOFTWARE;
			}
			rows = nrw;
		}
		r = &rows[nr++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(st, 0);
		r->notice = col_dup(st, 1);
		r->kind = col_dup(st, 2);
		r->ticket = col_dup(st, 3);
		r->recipient = col_dup(st, 4);
		r->subject = col_dup(st, 5);
		r->body = col_dup(st, 6);
		r->attach = col_dup(st, 7);
		r->last_error = col_dup(st, 8);
		r->urgent = sqlite3_column_int(st, 9);
		r->attempts = sqlite3_column_int(st, 10);
		if (!r->subject)
			r->subject = strdup("");
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rows_free(rows, nr);
		return hl_ledger_fail(n->L, rc, "cannot read the outbox");
	}
	*out = rows;
	*nout = nr;
	return 0;
}

/* One message: rows of one route, their text, to one command. */
struct msg {
	struct row **rows;
	size_t nrows;
	const struct hl_route *rt;
	char *subject, *text;
	const char *attach;
};

static void
msg_clear(struct msg *m)
{
	free(m->rows);
	free(m->subject);
	free(m->text);
	memset(m, 0, sizeof *m);
}

static void
sb_add(struct hl_str *b, const char *s)
{
	hl_str_add(b, s, strlen(s));
}

/* Appends word to a list separated by sep, unless it is there. */
static void
sb_add_once(struct hl_str *b, const char *word, const char *sep)
{
	const char *p = b->p;
	size_t k = strlen(word), s = strlen(sep);

	while (p && *p) {
		const char *e = strstr(p, sep);
		size_t len = e ? (size_t)(e - p) : strlen(p);

		if (len == k && strncmp(p, word, k) == 0)
			return;
		p = e ? e + s : p + len;
	}
	if (b->n)
		sb_add(b, sep);
	sb_add(b, word);
}

/* An entry of a group message: one notice (same words) to one or more
 * recipients of the group. */
struct entry {
	struct row **rows;
	size_t nrows;
	char *text;             /* subject, body, notes */
	char *body;             /* body and notes (a mail of one entry) */
	size_t len;
};

/* The words of an entry: what the rows share, and a note naming those
 * of them who cannot be @mentioned. */
static int
entry_text(struct entry *e, int mail, size_t limit)
{
	struct row *r0 = e->rows[0];
	struct hl_str names = { 0 }, full = { 0 }, body = { 0 };
	size_t i;

	for (i = 0; i < e->nrows; i++) {
		struct row *r = e->rows[i];

		/* A person of the group without a mobile (a unit itself has
		 * none to mention, and needs no note; nor does a mailbox). */
		if (r->rt.group && r->rt.person && !r->rt.mobile[0] && !mail)
			sb_add_once(&names, r->recipient, "、");
	}
	sb_add(&body, r0->body);
	if (names.n) {
		sb_add(&body, "\n（");
		sb_add(&body, names.p);
		sb_add(&body, "未登记手机号，无法@提醒）");
	}
	if (r0->attach && !mail) {
		sb_add(&body, "\n附件：");
		sb_add(&body, r0->attach);
	}
	sb_add(&full, r0->subject);
	sb_add(&full, "\n");
	sb_add(&full, body.p ? body.p : "");
	free(names.p);
	if (full.oom || body.oom || !full.p || !body.p) {
		free(full.p);
		free(body.p);
		return EX_SOFTWARE;
	}
	e->text = hl_notice_fit(full.p, limit);
	e->body = hl_notice_fit(body.p, limit);
	free(full.p);
	free(body.p);
	if (!e->text || !e->body)
		return EX_SOFTWARE;
	e->len = strlen(e->text);
	return 0;
}

static int
same_words(const struct row *a, const struct row *b)
{
	return a->notice && b->notice && strcmp(a->notice, b->notice) == 0 &&
	       strcmp(a->subject, b->subject) == 0 &&
	       strcmp(a->body, b->body) == 0 &&
	       !a->attach == !b->attach &&
	       (!a->attach || strcmp(a->attach, b->attach) == 0);
}

/* Messages of the group rows rows[0..nr) (all of one route), appended
 * to *msgs.  0 or EX_SOFTWARE. */
static int
group_messages(struct row **rows, size_t nr, struct msg **msgs, size_t *nm)
{
	struct entry *e = calloc(nr, sizeof *e);
	size_t ne = 0, i, j, k, *ends = NULL, nends, first, limit;
	const struct hl_route *rt = &rows[0]->rt;
	int robot, mail = strcmp(rt->channel, "mail") == 0, s = 0;
	int ding = strcmp(rt->channel, "dingtalk") == 0;

	limit = channel_limit(rt->channel, &robot);
	if (!e)
		return EX_SOFTWARE;
	for (i = 0; i < nr; i++) {
		for (j = 0; j < ne; j++)
			if (same_words(e[j].rows[0], rows[i]))
				break;
		if (j == ne) {
			if (!(e[ne].rows = calloc(nr, sizeof *e[ne].rows))) {
				s = EX_SOFTWARE;
				goto out;
			}
			ne++;
		}
		e[j].rows[e[j].nrows++] = rows[i];
	}
	for (j = 0; j < ne && !s; j++) {
		/* DingTalk's sender writes "@mobile" into the text. */
		size_t room = limit;

		if (ding)
			for (k = 0; k < e[j].nrows; k++)
				if (e[j].rows[k]->rt.mobile[0] && room > 200)
					room -= 13;
		s = entry_text(&e[j], mail, room);
		if (ding)
			for (k = 0; k < e[j].nrows; k++)
				if (e[j].rows[k]->rt.mobile[0])
					e[j].len += 13;
	}
	if (s)
		goto out;
	{
		size_t *len = malloc(ne * sizeof *len);

		if (!len || !(ends = malloc(ne * sizeof *ends))) {
			free(len);
			s = EX_SOFTWARE;
			goto out;
		}
		for (j = 0; j < ne; j++)
			len[j] = e[j].len;
		nends = hl_notice_pack(len, ne, 2, limit, ends);
		free(len);
	}
	for (k = 0, first = 0; k < nends; first = ends[k++]) {
		struct msg *nmsg = realloc(*msgs, (*nm + 1) * sizeof *nmsg), *m;
		struct hl_str text = { 0 };
		size_t count = 0;

		if (!nmsg) {
			s = EX_SOFTWARE;
			goto out;
		}
		*msgs = nmsg;
		m = &(*msgs)[(*nm)++];
		memset(m, 0, sizeof *m);
		m->rt = rt;
		for (j = first; j < ends[k]; j++)
			count += e[j].nrows;
		if (!(m->rows = malloc(count * sizeof *m->rows))) {
			s = EX_SOFTWARE;
			goto out;
		}
		for (j = first; j < ends[k]; j++) {
			for (i = 0; i < e[j].nrows; i++)
				m->rows[m->nrows++] = e[j].rows[i];
			if (j > first)
				sb_add(&text, "\n\n");
			sb_add(&text, mail && ends[k] - first == 1 ? e[j].body
			                                          : e[j].text);
		}
		m->text = text.p;
		if (ends[k] - first == 1)
			m->subject = strdup(e[first].rows[0]->subject);
		else if (asprintf(&m->subject, "%s 等%zu条", e[first].rows[0]->subject,
		                  ends[k] - first) < 0)
			m->subject = NULL;
		m->attach = e[first].rows[0]->attach;
		if (text.oom || !m->text || !m->subject) {
			s = EX_SOFTWARE;
			goto out;
		}
	}
out:
	for (j = 0; j < ne; j++) {
		free(e[j].rows);
		free(e[j].text);
		free(e[j].body);
	}
	free(e);
	free(ends);
	return s;
}

/* A message of one row to a person's own channel (or through --via). */
static int
single_message(struct row *r, struct msg **msgs, size_t *nm)
{
	struct msg *nmsg = realloc(*msgs, (*nm + 1) * sizeof *nmsg), *m;
	int robot, mail = strcmp(r->rt.channel, "mail") == 0;
	size_t limit = channel_limit(r->rt.channel, &robot);
	char *full;

	if (!nmsg)
		return EX_SOFTWARE;
	*msgs = nmsg;
	m = &(*msgs)[(*nm)++];
	memset(m, 0, sizeof *m);
	m->rt = &r->rt;
	m->attach = r->attach;
	if (!(m->rows = malloc(sizeof *m->rows)))
		return EX_SOFTWARE;
	m->rows[m->nrows++] = r;
	if (mail)
		full = strdup(r->body);
	else if (r->attach)
		full = asprintf(&full, "%s\n%s\n附件：%s", r->subject, r->body,
		                r->attach) < 0 ? NULL : full;
	else
		full = asprintf(&full, "%s\n%s", r->subject, r->body) < 0 ? NULL
		                                                        : full;
	if (!full)
		return EX_SOFTWARE;
	m->text = hl_notice_fit(full, limit);
	free(full);
	m->subject = strdup(r->subject);
	return m->text && m->subject ? 0 : EX_SOFTWARE;
}

/* Writes a row's route problem to last_error when it is news, and says
 * so once.  0 or a status. */
static int
note_nochannel(struct hl_notify *n, struct row *r)
{
	static const char sql[] =
		"UPDATE outbox SET last_error = ?, channel = NULL, address = NULL "
		"WHERE id = ?";
	sqlite3_stmt *st;
	int rc, s;

	if (r->last_error && strcmp(r->last_error, r->rt.why) == 0)
		return 0;
	if ((s = hl_notify_tx(n)))
		return s;
	if (!(st = hl_stmt(n->L, sql)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, r->rt.why, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, r->id);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return hl_ledger_fail(n->L, rc, "cannot update the outbox");
	hl_warn("%s: outbox %lld is kept; see hl-notify --pending", r->rt.why,
	        r->id);
	n->nochannel++;
	return hl_notify_tx_done(n, 1);
}

/* The messages to send now of the due rows: quiet hours hold what they
 * may, rows without a channel wait, rows of one group go together. */
static int
build_messages(struct hl_notify *n, struct row *rows, size_t nr,
               struct msg **msgs, size_t *nm)
{
	const char *quiet = hl_policy_value(&n->rs->pol, "quiet_hours", NULL,
	                                    NULL, NULL);
	hl_time held = hl_quiet_until(quiet, &n->rs->cal, n->now);
	struct row **grp = NULL;
	size_t i, j, ng;
	int s = 0;

	if (nr && !(grp = malloc(nr * sizeof *grp)))
		return EX_SOFTWARE;
	for (i = 0; i < nr && !s; i++) {
		struct row *r = &rows[i];

		if ((s = hl_notify_route(n->L, r->recipient, &r->rt)))
			break;
		if (held && !r->urgent) {
			r->done = 1;
			n->held++;
			continue;
		}
		if (!r->rt.found && !n->via && !n->dry_run) {
			r->done = 1;
			s = note_nochannel(n, r);
		}
	}
	for (i = 0; i < nr && !s; i++) {
		struct row *r = &rows[i];

		if (r->done)
			continue;
		/* A row with a file goes alone: the file is its own. */
		if (!r->rt.found || !r->rt.group || r->attach) {
			r->done = 1;
			s = single_message(r, msgs, nm);
			continue;
		}
		/* This row's group: every due row of the same route. */
		for (ng = 0, j = i; j < nr; j++)
			if (!rows[j].done && rows[j].rt.found && rows[j].rt.group &&
			    strcmp(rows[j].rt.channel, r->rt.channel) == 0 &&
			    strcmp(rows[j].rt.address, r->rt.address) == 0 &&
			    !rows[j].attach) {
				rows[j].done = 1;
				grp[ng++] = &rows[j];
			}
		s = group_messages(grp, ng, msgs, nm);
	}
	free(grp);
	return s;
}

/* The minutes to wait after the attempts-th failed attempt. */
static hl_time
backoff(int attempts)
{
	static const int minutes[] = { 1, 5, 15, 60 };

	return 60 * (attempts <= 4 ? minutes[attempts - 1] : 60);
}

/* The first non-empty line of the end of the command's stderr. */
static void
err_line(const char *err, char *buf, size_t n)
{
	const char *p = err, *e;

	while (*p == '\n' || *p == ' ')
		p++;
	e = strchr(p, '\n');
	snprintf(buf, n, "%.*s", (int)(e ? e - p : (long)strlen(p)), p);
	if (!*buf)
		snprintf(buf, n, "no message");
}

/* Records the outcome of a message in one transaction: the rows sent,
 * retried later or failed, and the delivery. */
static int
mark(struct hl_notify *n, const struct msg *m, const char *cmd,
     const struct hl_spawn_result *res, const char *mentions,
     const char *ids, const char *desc)
{
	static const char sql_sent[] =
		"UPDATE outbox SET sent_at = ?1, claimed_at = ?1, "
		"attempts = attempts + 1, channel = ?2, address = ?3, "
		"mentions = ?4, last_error = NULL WHERE id = ?5";
	static const char sql_again[] =
		"UPDATE outbox SET claimed_at = ?1, attempts = attempts + 1, "
		"next_attempt_at = ?2, failed_at = ?3, last_error = ?4, "
		"channel = ?5, address = ?6, mentions = ?7 WHERE id = ?8";
	static const char sql_delivery[] =
		"INSERT INTO deliveries (channel, address, command, started_at, "
		"status, outbox, error) VALUES (?, ?, ?, ?, ?, ?, ?)";
	long max = hl_policy_number(&n->rs->pol, "notify_attempts");
	char err[2300], line[300], at[40];
	sqlite3_stmt *st;
	size_t i;
	int rc, s, retry = res->status == 75, failed_rows = 0;
	hl_time next = 0;

	if (max < 1)
		max = 24;
	if (res->timed_out)
		snprintf(err, sizeof err, "no answer in %d s, killed%s%s",
		         n->timeout, res->errlen ? ": " : "", res->err);
	else if (res->signal)
		snprintf(err, sizeof err, "killed by signal %d%s%s", res->signal,
		         res->errlen ? ": " : "", res->err);
	else
		snprintf(err, sizeof err, "exit %d%s%s", res->status,
		         res->errlen ? ": " : "", res->err);
	while (strlen(err) && err[strlen(err) - 1] == '\n')
		err[strlen(err) - 1] = '\0';
	if ((s = hl_notify_tx(n)))
		return s;
	for (i = 0; i < m->nrows && !s; i++) {
		struct row *r = m->rows[i];

		if (res->status == 0) {
			if (!(st = hl_stmt(n->L, sql_sent)))
				return EX_SOFTWARE;
			sqlite3_bind_int64(st, 1, n->now);
			hl_bind_text(st, 2, m->rt->found ? m->rt->channel : NULL);
			hl_bind_text(st, 3, m->rt->found ? m->rt->address : NULL);
			hl_bind_text(st, 4, *mentions ? mentions : NULL);
			sqlite3_bind_int64(st, 5, r->id);
		} else {
			int fail = !retry || r->attempts + 1 >= max;

			failed_rows += fail;
			next = n->now + backoff(r->attempts + 1);
			if (!(st = hl_stmt(n->L, sql_again)))
				return EX_SOFTWARE;
			sqlite3_bind_int64(st, 1, n->now);
			if (!fail)
				sqlite3_bind_int64(st, 2, next);
			else
				sqlite3_bind_int64(st, 3, n->now);
			sqlite3_bind_text(st, 4, err, -1, SQLITE_STATIC);
			hl_bind_text(st, 5, m->rt->found ? m->rt->channel : NULL);
			hl_bind_text(st, 6, m->rt->found ? m->rt->address : NULL);
			hl_bind_text(st, 7, *mentions ? mentions : NULL);
			sqlite3_bind_int64(st, 8, r->id);
		}
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			s = hl_ledger_fail(n->L, rc, "cannot mark the outbox");
	}
	if (!s && (st = hl_stmt(n->L, sql_delivery))) {
		hl_bind_text(st, 1, m->rt->found ? m->rt->channel : NULL);
		hl_bind_text(st, 2, m->rt->found ? m->rt->address : NULL);
		sqlite3_bind_text(st, 3, cmd, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, n->now);
		sqlite3_bind_int(st, 5, res->status);
		sqlite3_bind_text(st, 6, ids, -1, SQLITE_STATIC);
		if (res->status)
			sqlite3_bind_text(st, 7, err, -1, SQLITE_STATIC);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE)
			s = hl_ledger_fail(n->L, rc, "cannot record a delivery");
		sqlite3_reset(st);
	} else if (!s) {
		s = EX_SOFTWARE;
	}
	if (s)
		return s;
	if ((s = hl_notify_tx_done(n, 1)))
		return s;
	/* Said after the commit: what the ledger now holds. */
	if (res->status == 0) {
		n->sent += (long)m->nrows;
		return 0;
	}
	n->delivery_failed = 1;
	if (res->timed_out)
		snprintf(line, sizeof line, "no answer in %d s, killed", n->timeout);
	else if (res->signal)
		snprintf(line, sizeof line, "killed by signal %d", res->signal);
	else
		err_line(res->err, line, sizeof line);
	if (failed_rows < (int)m->nrows) {
		n->retried += (long)m->nrows - failed_rows;
		hl_err("cannot deliver %s: %s (exit %d); retry at %s", desc, line,
		       res->status, hl_time_format(next, at, sizeof at));
	}
	if (failed_rows) {
		n->failed += failed_rows;
		hl_err("cannot deliver %s: %s (exit %d); failed%s: see hl-notify "
		       "--failed, then --retry ID", desc, line, res->status,
		       retry ? ", out of attempts" : "");
	}
	return 0;
}

/* The command a message goes through: --via, or hl-send-NAME in the
 * senders directory for channel NAME or cmd:NAME.  Caller frees. */
static char *
command_of(const struct hl_notify *n, const struct hl_route *rt)
{
	const char *name = rt->channel;
	char *path;

	if (n->via)
		return strdup(n->via);
	if (strncmp(name, "cmd:", 4) == 0)
		name += 4;
	return asprintf(&path, "%s/hl-send-%s", n->senders, name) < 0 ? NULL
	                                                             : path;
}

/* Messages to a robot in the minute before now (its 20 a minute). */
static long
sent_last_minute(struct hl_notify *n, const struct hl_route *rt)
{
	static const char sql[] =
		"SELECT count(*) FROM deliveries WHERE address = ?1 AND "
		"channel = ?2 AND started_at > ?3 - 60 AND started_at <= ?3";
	sqlite3_stmt *st = hl_stmt(n->L, sql);
	long c = 0;

	if (!st)
		return 0;
	sqlite3_bind_text(st, 1, rt->address, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, rt->channel, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, n->now);
	if (sqlite3_step(st) == SQLITE_ROW)
		c = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return c;
}

static int
dry_print(struct hl_notify *n, const struct msg *m)
{
	json_t *o = json_object(), *to = json_array(), *men = json_array();
	json_t *tk = json_array();
	size_t i, j;
	int s;

	for (i = 0; i < m->nrows; i++) {
		const struct row *r = m->rows[i];
		int seen = 0;

		json_array_append_new(to, json_string(r->recipient));
		for (j = 0; j < i && r->rt.mobile[0]; j++)
			seen |= strcmp(m->rows[j]->rt.mobile, r->rt.mobile) == 0;
		if (r->rt.mobile[0] && m->rt->group && !seen)
			json_array_append_new(men, json_string(r->rt.mobile));
		seen = 0;
		for (j = 0; j < i && r->ticket; j++)
			seen |= m->rows[j]->ticket &&
			        strcmp(m->rows[j]->ticket, r->ticket) == 0;
		if (r->ticket && !seen)
			json_array_append_new(tk, json_string(r->ticket));
	}
	json_object_set_new(o, "channel", m->rt->found
	                    ? json_string(m->rt->channel) : json_null());
	json_object_set_new(o, "address", m->rt->found
	                    ? json_string(m->rt->address) : json_null());
	json_object_set_new(o, "recipients", to);
	json_object_set_new(o, "mentions", men);
	json_object_set_new(o, "tickets", tk);
	json_object_set_new(o, "subject", json_string(m->subject));
	json_object_set_new(o, "text", json_string(m->text));
	if (m->attach)
		json_object_set_new(o, "attach", json_string(m->attach));
	if (!m->rt->found)
		json_object_set_new(o, "error", json_string(m->rt->why));
	s = hl_print_json(n->out, o);
	json_decref(o);
	return s;
}

/* Sends message m (or prints it, in a dry run) and marks its rows. */
static int
send_one(struct hl_notify *n, const struct msg *m, char ***bad, size_t *nbad)
{
	struct hl_str tickets = { 0 }, names = { 0 }, mentions = { 0 }, ids = { 0 };
	struct hl_spawn_result res;
	char *cmd = NULL, *env[10], desc[600], num[32];
	size_t i, k;
	int s = 0, robot;

	channel_limit(m->rt->channel, &robot);
	for (i = 0; i < m->nrows; i++) {
		const struct row *r = m->rows[i];

		if (r->ticket)
			sb_add_once(&tickets, r->ticket, " ");
		sb_add_once(&names, r->recipient, ",");
		if (m->rt->group && r->rt.mobile[0])
			sb_add_once(&mentions, r->rt.mobile, " ");
		snprintf(num, sizeof num, "%lld", r->id);
		sb_add_once(&ids, num, " ");
	}
	if (tickets.oom || names.oom || mentions.oom || ids.oom || !ids.p) {
		s = EX_SOFTWARE;
		goto out;
	}
	snprintf(desc, sizeof desc, "outbox %s to %s%s%s", ids.p, names.p,
	         m->rt->found ? " through " : "", m->rt->found ? m->rt->channel
	                                                    : "");
	if (robot && m->rt->found &&
	    sent_last_minute(n, m->rt) >= ROBOT_PER_MINUTE)
		goto out;       /* the robot's minute is full: a later run */
	if (!(cmd = command_of(n, m->rt))) {
		s = EX_SOFTWARE;
		goto out;
	}
	for (k = 0; k < *nbad; k++)
		if (strcmp((*bad)[k], cmd) == 0)
			goto out;       /* said once already */
	if (n->dry_run) {
		memset(&res, 0, sizeof res);
		if (!(s = dry_print(n, m)))
			s = mark(n, m, cmd, &res, mentions.p ? mentions.p : "", ids.p,
			         desc);
		goto out;
	}
	k = 0;
	if (asprintf(&env[k++], "HL_CHANNEL=%s", m->rt->found ? m->rt->channel
	                                                      : "") < 0 ||
	    asprintf(&env[k++], "HL_ADDRESS=%s", m->rt->found ? m->rt->address
	                                                      : "") < 0 ||
	    asprintf(&env[k++], "HL_SUBJECT=%s", m->subject) < 0 ||
	    asprintf(&env[k++], "HL_TICKET=%s", tickets.p ? tickets.p : "") < 0 ||
	    asprintf(&env[k++], "HL_RECIPIENT=%s", names.p) < 0 ||
	    asprintf(&env[k++], "HL_MENTIONS=%s", mentions.p ? mentions.p : "")
	    < 0 ||
	    asprintf(&env[k++], "HL_ATTACH=%s", m->attach ? m->attach : "") < 0 ||
	    asprintf(&env[k++], "HL_OUTBOX=%s", ids.p) < 0) {
		env[--k] = NULL;
		while (k > 0)
			free(env[--k]);
		s = EX_SOFTWARE;
		goto out;
	}
	env[k] = NULL;
	s = hl_spawn(cmd, env, m->text, strlen(m->text), n->timeout, &res);
	while (k > 0)
		free(env[--k]);
	if (s == EX_UNAVAILABLE) {
		/* Not run at all: nothing was sent, nothing is counted. */
		char **nb = realloc(*bad, (*nbad + 1) * sizeof *nb);

		hl_err("%s; %s is kept", res.err, desc);
		n->delivery_failed = 1;
		if (nb) {
			*bad = nb;
			(*bad)[(*nbad)++] = cmd;
			cmd = NULL;
		}
		s = 0;
		goto out;
	}
	if (!s)
		s = mark(n, m, cmd, &res, mentions.p ? mentions.p : "", ids.p, desc);
out:
	free(cmd);
	free(tickets.p);
	free(names.p);
	free(mentions.p);
	free(ids.p);
	return s;
}

/* The lock that lets one process deliver at a time: LEDGER.notify.
 * Returns the descriptor holding it, -1 when another process holds it,
 * or -2 after reporting a failure. */
static int
delivery_lock(struct hl_ledger *L)
{
	struct stat sb;
	mode_t mode = 0600;
	char *path;
	int fd;

	if (asprintf(&path, "%s.notify", L->path) < 0)
		return -2;
	if (stat(L->path, &sb) == 0)
		mode = sb.st_mode & 0666;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, mode);
	if (fd < 0) {
		hl_err("cannot open lock file '%s':", path);
		free(path);
		return -2;
	}
	free(path);
	if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
		close(fd);
		return errno == EWOULDBLOCK ? -1 : -2;
	}
	return fd;
}

int
hl_notify_deliver(struct hl_notify *n)
{
	struct row *rows = NULL;
	struct msg *msgs = NULL;
	char **bad = NULL;
	size_t nr = 0, nm = 0, nbad = 0, i;
	long long after = 0;
	void (*old)(int) = SIG_DFL;
	int s = 0, lock = -1;

	if (!n->dry_run) {
		if ((s = hl_notify_tx_done(n, 1)))
			return s;
		if ((lock = delivery_lock(n->L)) == -2)
			return EX_IOERR;
		if (lock == -1) {
			if (hl_progress_ok())
				hl_warn("another hl-notify is delivering; queued only");
			return 0;
		}
		/* A command that ends before reading its message must not end
		 * us: write errors are seen as such. */
		old = signal(SIGPIPE, SIG_IGN);
	}
	/* Passes over the due rows, oldest first: a pass sees the rows
	 * queued meanwhile (by other runs too) after the last it saw. */
	for (;;) {
		if ((s = rows_load(n, after, &rows, &nr)) || !nr)
			break;
		after = rows[nr - 1].id;
		if (!(s = build_messages(n, rows, nr, &msgs, &nm)))
			for (i = 0; i < nm && !s; i++)
				s = send_one(n, &msgs[i], &bad, &nbad);
		for (i = 0; i < nm; i++)
			msg_clear(&msgs[i]);
		free(msgs);
		msgs = NULL;
		nm = 0;
		rows_free(rows, nr);
		rows = NULL;
		if (s)
			break;
	}
	for (i = 0; i < nbad; i++)
		free(bad[i]);
	free(bad);
	if (!n->dry_run) {
		signal(SIGPIPE, old);
		close(lock);
	}
	if (!s && n->delivery_failed)
		s = EX_UNAVAILABLE;
	return s;
}
