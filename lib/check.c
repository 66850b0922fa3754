/*
 * check.c - hl-ledger check: SQLite's own integrity check, then the ledger's
 * invariants: the event chain, every ticket received once, repeat links and
 * counts, the directory's references, a readable policy and calendar.  Each
 * finding is reported; the result is 0 or EX_DATAERR.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* Runs a query whose every row is a finding, printed with fmt and the row's
 * first two columns as text.  Returns the number of findings or -1. */
static long
findings(struct hl_ledger *L, const char *sql, const char *fmt)
{
	sqlite3_stmt *st = hl_prepare(L, sql);
	long n = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *a = (const char *)sqlite3_column_text(st, 0);
		const char *b = (const char *)sqlite3_column_text(st, 1);

		hl_err(fmt, a ? a : "", b ? b : "");
		n++;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		hl_ledger_fail(L, rc, "check");
		return -1;
	}
	return n;
}

/* Walks the history in order and recomputes the hash chain; names the first
 * event that does not fit. */
static long
check_chain(struct hl_ledger *L, long long *nevents)
{
	sqlite3_stmt *st = hl_prepare(L,
		"SELECT seq, ticket_id, event, at, recorded_at, actor, os_user, "
		"program, details, corrects, prev_hash, hash FROM events "
		"ORDER BY seq");
	char prev[65] = "", hash[65];
	long long expect = 1, seq;
	long bad = 0;
	int rc;

	if (!st)
		return -1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
#define T(i) ((const char *)sqlite3_column_text(st, i))
		seq = sqlite3_column_int64(st, 0);
		if (seq != expect) {
			hl_err("check: event %lld follows event %lld: %s", seq,
			       expect - 1, seq > expect ? "events are missing (deleted?)"
			                                : "out of order");
			bad = 1;
			break;
		}
		if (strcmp(T(10) ? T(10) : "", prev) != 0) {
			hl_err("check: event %lld (ticket '%s', %s): does not follow "
			       "the event before it (previous hash differs)", seq,
			       T(1), T(2));
			bad = 1;
			break;
		}
		hl_event_hash(T(10), seq, T(1), T(2), sqlite3_column_int64(st, 3),
		              sqlite3_column_int64(st, 4), T(5), T(6), T(7), T(8),
		              sqlite3_column_int64(st, 9), hash);
		if (!T(11) || strcmp(T(11), hash) != 0) {
			hl_err("check: event %lld (ticket '%s', %s): content does not "
			       "match its hash (altered?)", seq, T(1), T(2));
			bad = 1;
			break;
		}
		memcpy(prev, hash, sizeof prev);
		expect++;
#undef T
	}
	sqlite3_finalize(st);
	*nevents = expect - 1;
	if (!bad && rc != SQLITE_DONE) {
		hl_ledger_fail(L, rc, "check");
		return -1;
	}
	/* The newest events leave no gap when deleted, but AUTOINCREMENT
	 * remembers the highest number it gave. */
	if (!bad && (st = hl_prepare(L, "SELECT seq FROM sqlite_sequence "
	                             "WHERE name = 'events'"))) {
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_int64(st, 0) > *nevents) {
			hl_err("check: event %lld is missing: the history ends at "
			       "event %lld (the newest events were deleted?)",
			       *nevents + 1, *nevents);
			bad = 1;
		}
		sqlite3_finalize(st);
	}
	return bad;
}

static const struct {
	const char *sql, *fmt;
} invariants[] = {
	{ "SELECT t.id, '' FROM tickets t WHERE NOT EXISTS "
	  "(SELECT 1 FROM events e WHERE e.ticket_id = t.id "
	  "AND e.event = 'receive')",
	  "check: ticket '%s' has no receive event%s" },
	{ "SELECT t.id, t.repeat_of FROM tickets t JOIN tickets o "
	  "ON o.id = t.repeat_of WHERE o.repeat_of IS NOT NULL",
	  "check: ticket '%s' repeats '%s', which is itself a repeat" },
	{ "SELECT o.id, o.repeat_count FROM tickets o WHERE o.repeat_of IS NULL "
	  "AND o.repeat_count <> 1 + (SELECT count(*) FROM tickets r "
	  "WHERE r.repeat_of = o.id)",
	  "check: ticket '%s' counts %s calls, not its repeats plus one" },
	{ "SELECT t.id, coalesce('''' || t.merged_into || '''', 'no ticket') "
	  "FROM tickets t "
	  "JOIN events e ON e.ticket_id = t.id AND e.event = 'receive' "
	  "WHERE t.merged_into IS NOT json_extract(e.details, '$.merged_into') "
	  "OR (t.merged_into IS NOT NULL AND t.repeat_of IS NULL)",
	  "check: ticket '%s' is stored as merged into %s, which its receive "
	  "event or its repeat link does not say" },
	{ "SELECT p.name, p.unit FROM people p WHERE p.unit IS NOT NULL AND "
	  "NOT EXISTS (SELECT 1 FROM units u WHERE u.unit = p.unit)",
	  "check: person '%s' belongs to unknown unit '%s'" },
	{ "SELECT v.village, v.cadre FROM villages v WHERE v.cadre IS NOT NULL "
	  "AND NOT EXISTS (SELECT 1 FROM people p WHERE p.name = v.cadre)",
	  "check: village '%s' has cadre '%s', who is not in people" },
	{ "SELECT v.village, v.area_leader FROM villages v "
	  "WHERE v.area_leader IS NOT NULL AND NOT EXISTS "
	  "(SELECT 1 FROM people p WHERE p.name = v.area_leader)",
	  "check: village '%s' has area leader '%s', who is not in people" },
	{ "SELECT r.category, r.station FROM routes r WHERE NOT EXISTS "
	  "(SELECT 1 FROM units u WHERE u.unit = r.station "
	  "AND u.kind = 'station')",
	  "check: category '%s' routes to '%s', which is not a station" },
};

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sorted rows of text, to compare what is stored with what is derived. */
struct rows {
	char **row;
	size_t n;
};

static void
rows_add(struct rows *r, const char *s)
{
	r->row = hl_xrealloc(r->row, (r->n + 1) * sizeof *r->row);
	r->row[r->n++] = hl_xstrdup(s);
}

static void
rows_free(struct rows *r)
{
	while (r->n)
		free(r->row[--r->n]);
	free(r->row);
	r->row = NULL;
}

static int
rows_equal(struct rows *a, struct rows *b)
{
	size_t i;

	if (a->n != b->n)
		return 0;
	if (a->n == 0)
		return 1;       /* (and qsort must not see a NULL array) */
	qsort(a->row, a->n, sizeof *a->row, cmp_str);
	qsort(b->row, b->n, sizeof *b->row, cmp_str);
	for (i = 0; i < a->n; i++)
		if (strcmp(a->row[i], b->row[i]) != 0)
			return 0;
	return 1;
}

/* The stored rows of one ticket: assignments, then clocks (whether met by
 * their own event or implied by the resolution too); their due times only
 * for an open ticket (an import of policy or calendar derives those again;
 * a closed ticket keeps the clocks it was handled by). */
static void
stored_rows(struct hl_ledger *L, const char *id, int open, struct rows *asg,
            struct rows *clk)
{
	static const char sql_a[] =
		"SELECT role || '|' || unit || '|' || coalesce(person, '') || '|' || "
		"since || '|' || coalesce(until, 0) FROM assignments "
		"WHERE ticket_id = ?";
	static const char sql_c[] =
		"SELECT cycle || '|' || stage || '|' || started_at || '|' || "
		"coalesce(met_at, 0) || '|' || (paused_at IS NOT NULL) || '|' || "
		"implied, '|' || due_at || '|' || \"limit\" FROM deadlines "
		"WHERE ticket_id = ?";
	char buf[512];
	sqlite3_stmt *st;

	if ((st = hl_stmt(L, sql_a))) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW)
			rows_add(asg, (const char *)sqlite3_column_text(st, 0));
		sqlite3_reset(st);
	}
	if ((st = hl_stmt(L, sql_c))) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		while (sqlite3_step(st) == SQLITE_ROW) {
			snprintf(buf, sizeof buf, "%s%s",
			         (const char *)sqlite3_column_text(st, 0),
			         open ? (const char *)sqlite3_column_text(st, 1) : "");
			rows_add(clk, buf);
		}
		sqlite3_reset(st);
	}
}

/* Years of running working-day deadlines that the calendar does not cover
 * (they were counted on weekends alone): warnings, not findings. */
static void
check_coverage(struct hl_ledger *L)
{
	static const char sql[] =
		"SELECT d.due_at FROM deadlines d JOIN tickets t ON t.id = d.ticket_id "
		"WHERE d.\"limit\" LIKE '%wd' AND d.met_at IS NULL AND "
		HL_SQL_OPEN("t.");
	struct hl_calendar cal;
	sqlite3_stmt *st;
	int years[16], y, m, d;
	size_t n = 0, i;

	/* (An empty calendar is hl-escalate's daily reminder.) */
	if (hl_calendar_load(L, &cal))
		return;
	if (cal.nyears && (st = hl_prepare(L, sql))) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			int64_t day = hl_day_of(sqlite3_column_int64(st, 0));

			if (hl_calendar_covers(&cal, day))
				continue;
			hl_civil_from_days(day, &y, &m, &d);
			for (i = 0; i < n && years[i] != y; i++)
				;
			if (i == n && n < sizeof years / sizeof years[0])
				years[n++] = y;
		}
		sqlite3_finalize(st);
	}
	for (i = 0; i < n; i++)
		hl_warn("check: open tickets have working-day deadlines in %d, which "
		        "the calendar does not cover (import %d's holidays)",
		        years[i], years[i]);
	hl_calendar_free(&cal);
}

/* Working-day clocks end at 23:59:59 local: one of a closed ticket that
 * ends at another hour was derived in another time zone.  How many. */
static long
check_zone(struct hl_ledger *L)
{
	static const char sql[] =
		"SELECT ticket_id, stage, due_at FROM deadlines "
		"WHERE \"limit\" LIKE '%wd' AND extended = 0";
	sqlite3_stmt *st = hl_prepare(L, sql);
	long bad = 0;
	int rc;

	if (!st)
		return 1;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		hl_time due = sqlite3_column_int64(st, 2);
		hl_time local = due + hl_zone_utc_offset(due);

		if ((local % 86400 + 86400) % 86400 != 86399 && bad++ < 10)
			hl_err("check: ticket '%s': its %s deadline does not end at "
			       "23:59:59 in the ledger's time zone (%s): derived in "
			       "another zone? (hl-ledger init --zone derives it again)",
			       (const char *)sqlite3_column_text(st, 0),
			       (const char *)sqlite3_column_text(st, 1), hl_zone());
	}
	sqlite3_finalize(st);
	if (bad > 10)
		hl_err("check: %ld working-day deadlines in all do not end at "
		       "23:59:59", bad);
	return rc == SQLITE_DONE ? bad : bad + 1;
}

/* Replays every ticket's history and compares with what is stored. */
static long
check_derived(struct hl_ledger *L)
{
	struct hl_rules_store rs;
	sqlite3_stmt *st;
	long bad = 0;
	int rc;
	char buf[512];

	if (hl_rules_load(L, &rs))
		return 1;
	{
		char sql[1024];

		snprintf(sql, sizeof sql, "SELECT cycle, %s FROM tickets ORDER BY id",
		         hl_ticket_columns);
		st = hl_prepare(L, sql);
	}
	if (!st) {
		hl_rules_free(&rs);
		return 1;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct hl_ticket t;
		struct hl_ticket_state s;
		struct hl_evrec *ev;
		struct hl_derived d;
		struct rows sa = { 0 }, sc = { 0 }, da = { 0 }, dc = { 0 };
		size_t n, i;
		int cycle = sqlite3_column_int(st, 0);

		if (hl_ticket_from_row(st, 1, &t, &s))
			break;
		if (hl_events_load(L, t.id, &ev, &n) == 0) {
			if (hl_derive(&rs.rules, &t, ev, n, NULL, 0, &d) == HL_BAD) {
				hl_err("check: ticket '%s': event %lld cannot happen: %s",
				       t.id, d.bad_seq, d.why);
				bad++;
			}
			if (strcmp(d.status, s.status) || strcmp(d.verdict, s.verdict) ||
			    d.cycle != cycle) {
				hl_err("check: ticket '%s': stored as %s%s%s (cycle %d), "
				       "its history says %s%s%s (cycle %d)", t.id, s.status,
				       *s.verdict ? " " : "", s.verdict, cycle, d.status,
				       *d.verdict ? " " : "", d.verdict, d.cycle);
				bad++;
			}
			stored_rows(L, t.id, hl_status_open(s.status), &sa, &sc);
			for (i = 0; i < d.nasg; i++) {
				snprintf(buf, sizeof buf, "%s|%s|%s|%lld|%lld", d.asg[i].role,
				         d.asg[i].unit, d.asg[i].person ? d.asg[i].person : "",
				         (long long)d.asg[i].since, (long long)d.asg[i].until);
				rows_add(&da, buf);
			}
			for (i = 0; i < d.nclk; i++) {
				int k = snprintf(buf, sizeof buf, "%d|%s|%lld|%lld|%d|%d",
				                 d.clk[i].cycle, d.clk[i].stage,
				                 (long long)d.clk[i].started_at,
				                 (long long)d.clk[i].met_at,
				                 d.clk[i].paused_at != 0, d.clk[i].implied);

				if (hl_status_open(s.status))
					snprintf(buf + k, sizeof buf - (size_t)k, "|%lld|%s",
					         (long long)d.clk[i].due_at, d.clk[i].limit);
				rows_add(&dc, buf);
			}
			if (!rows_equal(&sa, &da)) {
				hl_err("check: ticket '%s': stored assignments differ from "
				       "its history", t.id);
				bad++;
			}
			if (!rows_equal(&sc, &dc)) {
				hl_err("check: ticket '%s': stored deadlines differ from its "
				       "history", t.id);
				bad++;
			}
			rows_free(&sa), rows_free(&sc), rows_free(&da), rows_free(&dc);
			hl_derived_free(&d);
			hl_evrec_free(ev, n);
		}
		hl_ticket_clear(&t);
		hl_state_clear(&s);
	}
	sqlite3_finalize(st);
	hl_rules_free(&rs);
	return bad;
}

/* The sealed event must still have the sealed hash. */
static long
check_seal(struct hl_ledger *L, const char *seal)
{
	sqlite3_stmt *st;
	long long seq;
	char hash[80];
	long bad = 0;

	if (sscanf(seal, "%lld%*[ :]%79s", &seq, hash) != 2) {
		hl_err("check: --seal: expected 'SEQ HASH' as hl-ledger seal prints");
		return 1;
	}
	if (seq == 0 && strcmp(hash, "-") == 0)
		return 0;       /* the seal of an empty history: nothing to hold */
	if (!(st = hl_prepare(L, "SELECT hash FROM events WHERE seq = ?")))
		return 1;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW) {
		hl_err("check: the sealed event %lld is not in the history", seq);
		bad = 1;
	} else if (strcmp((const char *)sqlite3_column_text(st, 0), hash) != 0) {
		hl_err("check: event %lld does not have the sealed hash: the history "
		       "up to it has changed", seq);
		bad = 1;
	}
	sqlite3_finalize(st);
	return bad;
}

int
hl_ledger_check(struct hl_ledger *L, const char *seal)
{
	struct hl_policy pol;
	struct hl_calendar cal;
	long long nevents;
	long n, bad = 0;
	size_t i;

	n = findings(L, "SELECT integrity_check, '' FROM pragma_integrity_check "
	                "WHERE integrity_check <> 'ok'", "check: sqlite: %s%s");
	if (n < 0)
		return EX_DATAERR;
	bad += n;
	n = findings(L, "SELECT \"table\", rowid FROM pragma_foreign_key_check",
	             "check: a row of %s (rowid %s) refers to a missing row");
	bad += n < 0 ? 1 : n;
	n = check_chain(L, &nevents);
	bad += n < 0 ? 1 : n;
	if (seal)
		bad += check_seal(L, seal);
	for (i = 0; i < sizeof invariants / sizeof invariants[0]; i++) {
		n = findings(L, invariants[i].sql, invariants[i].fmt);
		bad += n < 0 ? 1 : n;
	}
	if (hl_policy_load(L, &pol) == 0)
		hl_policy_free(&pol);
	else
		bad++;
	if (hl_calendar_load(L, &cal) == 0)
		hl_calendar_free(&cal);
	else
		bad++;
	if (!bad)
		bad += check_derived(L);
	if (!bad)
		bad += check_zone(L);
	if (!bad)
		check_coverage(L);
	return bad ? EX_DATAERR : 0;
}
