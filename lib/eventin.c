/*
 * eventin.c - an event as hl-update takes it, from the command line or an
 * NDJSON line: {"ticket", "event", "at", "by", "note", and the event's own
 * options}.  Checks that the options fit the event and turns them into the
 * details the history keeps.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

/* Which options each event takes: R required, O optional. */
static const struct {
	const char *event;
	const char *opts;       /* "Rverdict Oeta ..." */
} table[] = {
	{ "respond", "" },
	{ "verify", "Rverdict" },
	{ "plan", "Oeta" },
	{ "reply", "Ovia" },
	{ "resolve", "" },
	{ "visit", "Rresolved Rsatisfaction" },
	{ "reopen", "Oreason" },
	{ "return", "Rreason" },
	{ "extend", "Runtil Rapproved_by Rreason Ostage" },
	{ "suspend", "Rreason" },
	{ "resume", "" },
	{ "instruct", "Rnote" },
	{ "note", "Rnote" },
	{ "correct", "Rcorrects Rreason" },
	{ "interview", "Rperson" },
	{ "publish", "Rapproved_by" },
};

static const char *const option_keys[] = {
	"verdict", "eta", "via", "resolved", "satisfaction", "reason", "until",
	"approved_by", "stage", "corrects", "person", NULL,
};

/* 'R', 'O', or 0 when the event (options opts) does not take key. */
static int
takes(const char *opts, const char *key)
{
	size_t n = strlen(key), len;
	const char *p = opts;

	while (*p) {
		len = strcspn(p, " ");
		if (len == n + 1 && strncmp(p + 1, key, n) == 0)
			return *p;
		p += len;
		p += strspn(p, " ");
	}
	return 0;
}

int
hl_event_known(const char *event)
{
	size_t i;

	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(event, table[i].event) == 0)
			return 1;
	return 0;
}

void
hl_event_in_clear(struct hl_event_in *in)
{
	free(in->ticket);
	free(in->event);
	free(in->by);
	json_decref(in->details);
	memset(in, 0, sizeof *in);
}

static int
bad(char *why, size_t n, const char *fmt, const char *a, const char *b)
{
	snprintf(why, n, fmt, a, b);
	return HL_BAD;
}

int
hl_event_parse(const json_t *obj, hl_time now, struct hl_event_in *in,
               char *why, size_t whyn)
{
	const char *key, *opts = NULL, *s;
	json_t *v;
	size_t i;
	char buf[40];
	hl_time t;

	memset(in, 0, sizeof *in);
	in->at = now;
	s = json_string_value(json_object_get(obj, "event"));
	if (!s)
		return bad(why, whyn, "missing field 'event'%s%s", "", "");
	for (i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(s, table[i].event) == 0)
			opts = table[i].opts;
	if (!opts)
		return bad(why, whyn, "unknown event '%s' (respond, verify, plan, "
		           "reply, resolve, visit, reopen, return, extend, suspend, "
		           "resume, instruct, note, correct, interview or publish)%s",
		           s, "");
	in->event = strdup(s);
	in->details = json_object();
	json_object_foreach((json_t *)obj, key, v) {
		if (strcmp(key, "event") == 0)
			continue;
		if (strcmp(key, "ticket") == 0) {
			if (json_is_integer(v)) {
				snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
				         json_integer_value(v));
				in->ticket = strdup(buf);
			} else if (json_is_string(v) && *json_string_value(v)) {
				in->ticket = strdup(json_string_value(v));
			} else {
				goto wrong_type;
			}
			continue;
		}
		if (strcmp(key, "corrects") == 0 && json_is_integer(v) &&
		    json_integer_value(v) > 0) {
			if (!takes(opts, key))
				goto not_taken;
			in->corrects = json_integer_value(v);
			continue;
		}
		if (!json_is_string(v) || !*json_string_value(v))
			goto wrong_type;
		s = json_string_value(v);
		if (strcmp(key, "at") == 0) {
			if (hl_time_parse(s, HL_TIME_DATE_START, &in->at))
				return bad(why, whyn, "field 'at': cannot read time '%s' "
				           "(expected %s)", s, HL_TIME_FORMS);
		} else if (strcmp(key, "by") == 0) {
			in->by = strdup(s);
		} else if (strcmp(key, "note") == 0) {
			json_object_set_new(in->details, "note", json_string(s));
		} else if (hl_word_in(key, option_keys)) {
			if (!takes(opts, key))
				goto not_taken;
			if (strcmp(key, "eta") == 0 || strcmp(key, "until") == 0) {
				/* Stored normalised, so the history reads one way. */
				if (hl_time_parse(s, HL_TIME_DATE_OK, &t))
					return bad(why, whyn, "field '%s': cannot parse time "
					           "'%s'", key, s);
				s = hl_time_format(t, buf, sizeof buf);
			}
			json_object_set_new(in->details, key, json_string(s));
		} else {
			return bad(why, whyn, "unknown field '%s'%s", key, "");
		}
		continue;
wrong_type:
		return bad(why, whyn, "field '%s': expected %s", key,
		           strcmp(key, "corrects") == 0 ? "an event number"
		                                        : "a non-empty string");
not_taken:
		return bad(why, whyn, "field '%s' does not go with event '%s'", key,
		           in->event);
	}
	if (!in->ticket)
		return bad(why, whyn, "missing field 'ticket'%s%s", "", "");
	/* Required options, and values from a closed set. */
	for (i = 0; option_keys[i]; i++)
		if (takes(opts, option_keys[i]) == 'R' &&
		    !json_object_get(in->details, option_keys[i]) &&
		    !(strcmp(option_keys[i], "corrects") == 0 && in->corrects))
			return bad(why, whyn, "event '%s' needs '%s'", in->event,
			           option_keys[i]);
	if ((strcmp(in->event, "instruct") == 0 || strcmp(in->event, "note") == 0)
	    && !json_object_get(in->details, "note"))
		return bad(why, whyn, "event '%s' needs '%s'", in->event, "note");
	/* An interview (约谈) names who held it, for the weekly report. */
	if (strcmp(in->event, "interview") == 0 && !in->by)
		return bad(why, whyn, "event '%s' needs '%s' (who held it)",
		           in->event, "by");
#define CHECK(k, set, list) \
	if ((s = json_string_value(json_object_get(in->details, k))) && \
	    !hl_word_in(s, set)) \
		return bad(why, whyn, "'%s' must be %s", k, list)
	CHECK("verdict", hl_verdicts, "genuine, malicious or unfounded");
	CHECK("resolved", hl_resolved_answers, "yes, partly or no");
	CHECK("satisfaction", hl_satisfactions, "very_satisfied, satisfied, "
	      "basic, unsatisfied or very_unsatisfied");
	CHECK("via", ((const char *const[]){ "phone", "visit", NULL }),
	      "phone or visit");
	CHECK("stage", hl_stages, "a stage (respond, plan, reply, resolve, ...)");
#undef CHECK
	return HL_OK;
}

/* The people an event names must be in the directory: the person
 * interviewed, the approver of a publication. */
int
hl_event_people_check(struct hl_ledger *L, const struct hl_event *e,
                      char *why, size_t whyn)
{
	static const char sql[] = "SELECT 1 FROM people WHERE name = ?";
	const char *key = strcmp(e->event, "interview") == 0 ? "person"
	                  : strcmp(e->event, "publish") == 0 ? "approved_by"
	                  : NULL;
	const char *name;
	sqlite3_stmt *st;
	int rc;

	if (!key || !(name = json_string_value(json_object_get(e->details, key))))
		return 0;
	if (!(st = hl_stmt(L, sql)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return hl_ledger_fail(L, rc, "cannot read the directory");
	snprintf(why, whyn, "ticket '%s': cannot %s: '%s' is not in the "
	         "directory (hl-ledger import people)", e->ticket_id, e->event,
	         name);
	return HL_BAD;
}
