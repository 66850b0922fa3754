/*
 * events.c - appending to the history.  Every event goes through
 * hl_event_append, which stamps who ran what (the --by name, the system user,
 * the program and its version) and links the event into the hash chain:
 *
 *   hash = SHA-256 of the lines  prev_hash, seq, ticket_id, event, at,
 *          recorded_at, actor, os_user, program, details, corrects
 *
 * joined by "\n" (NULL as the empty string; the first event's prev_hash is
 * empty).  hl-ledger check recomputes the chain.
 */
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hl.h"

const char *
hl_os_user(void)
{
	static char name[64];
	struct passwd *pw;

	if (!*name) {
		if ((pw = getpwuid(geteuid())) && pw->pw_name)
			snprintf(name, sizeof name, "%s", pw->pw_name);
		else
			snprintf(name, sizeof name, "uid %ld", (long)geteuid());
	}
	return name;
}

static void
add(struct hl_sha256 *c, const char *s, int last)
{
	if (s)
		hl_sha256_update(c, s, strlen(s));
	if (!last)
		hl_sha256_update(c, "\n", 1);
}

void
hl_event_hash(const char *prev, long long seq, const char *ticket,
              const char *event, hl_time at, hl_time recorded_at,
              const char *actor, const char *os_user, const char *program,
              const char *details, long long corrects, char hex[65])
{
	static const char digit[] = "0123456789abcdef";
	struct hl_sha256 c;
	unsigned char md[32];
	char num[32];
	int i;

	hl_sha256_init(&c);
	add(&c, prev, 0);
	snprintf(num, sizeof num, "%lld", seq);
	add(&c, num, 0);
	add(&c, ticket, 0);
	add(&c, event, 0);
	snprintf(num, sizeof num, "%lld", (long long)at);
	add(&c, num, 0);
	snprintf(num, sizeof num, "%lld", (long long)recorded_at);
	add(&c, num, 0);
	add(&c, actor, 0);
	add(&c, os_user, 0);
	add(&c, program, 0);
	add(&c, details, 0);
	if (corrects)
		snprintf(num, sizeof num, "%lld", corrects);
	add(&c, corrects ? num : NULL, 1);
	hl_sha256_final(&c, md);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digit[md[i] >> 4];
		hex[2 * i + 1] = digit[md[i] & 15];
	}
	hex[64] = '\0';
}

static const char sql_last[] =
	"SELECT seq, hash FROM events ORDER BY seq DESC LIMIT 1";
static const char sql_insert[] =
	"INSERT INTO events (seq, ticket_id, event, at, recorded_at, actor, "
	"os_user, program, details, corrects, prev_hash, hash) "
	"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

int
hl_event_append(struct hl_ledger *L, const struct hl_event *e, hl_time now,
                long long *seq_out)
{
	sqlite3_stmt *st;
	long long seq = 1;
	char prev[65] = "", hash[65], program[64];
	char *details = NULL;
	int rc;

	if (L->in_tx && L->head_known) {
		seq = L->head_seq + 1;
		memcpy(prev, L->head_hash, sizeof prev);
	} else {
		if (!(st = hl_stmt(L, sql_last)))
			return EX_SOFTWARE;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			seq = sqlite3_column_int64(st, 0) + 1;
			if (sqlite3_column_text(st, 1))
				snprintf(prev, sizeof prev, "%s",
				         (const char *)sqlite3_column_text(st, 1));
		} else if (rc != SQLITE_DONE) {
			return hl_ledger_fail(L, rc, "cannot read the history");
		}
		sqlite3_reset(st);
	}
	if (e->details && json_object_size(e->details) &&
	    !(details = json_dumps(e->details, HL_JSON)))
		return EX_SOFTWARE;
	snprintf(program, sizeof program, "%s %s", hl_prog, HL_VERSION);
	hl_event_hash(prev, seq, e->ticket_id, e->event, e->at, now, e->actor,
	              hl_os_user(), program, details, e->corrects, hash);
	if (!(st = hl_stmt(L, sql_insert))) {
		free(details);
		return EX_SOFTWARE;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, e->ticket_id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->event, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 4, e->at);
	sqlite3_bind_int64(st, 5, now);
	hl_bind_text(st, 6, e->actor);
	sqlite3_bind_text(st, 7, hl_os_user(), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, program, -1, SQLITE_STATIC);
	hl_bind_text(st, 9, details);
	if (e->corrects)
		sqlite3_bind_int64(st, 10, e->corrects);
	hl_bind_text(st, 11, *prev ? prev : NULL);
	sqlite3_bind_text(st, 12, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	free(details);
	if (rc != SQLITE_DONE) {
		L->head_known = 0;
		return hl_ledger_fail(L, rc, "cannot record the event");
	}
	if (L->in_tx) {
		L->head_known = 1;
		L->head_seq = seq;
		memcpy(L->head_hash, hash, sizeof L->head_hash);
	}
	if (seq_out)
		*seq_out = seq;
	return 0;
}
