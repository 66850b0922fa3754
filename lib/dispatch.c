/*
 * dispatch.c - dispatching one ticket: a received ticket is routed (or sent
 * where --to says) and gets its dispatch event; a dispatched one is
 * transferred (改派) to another handler with a reason.  The workflow rules
 * decide whether it can happen (hl_record).
 */
#include <string.h>

#include "hl.h"

int
hl_dispatch(struct hl_ledger *L, const struct hl_rules *rules,
            const struct hl_dispatch_req *q, json_t **line, char *why,
            size_t whyn)
{
	struct hl_ticket t;
	struct hl_ticket_state s;
	struct hl_event e = { 0 };
	json_t *details = NULL, *a = NULL;
	int st;

	*line = NULL;
	*why = '\0';
	if ((st = hl_store_get(L, q->id, &t, &s))) {
		if (st == HL_BAD)
			snprintf(why, whyn, "unknown ticket '%s'", q->id);
		return st;
	}
	e.ticket_id = t.id;
	e.at = q->at;
	e.actor = q->by;
	if (s.merged_into) {
		/* 并单: its handling is the other ticket's.  From a pipe (the
		 * ticket lines of hl-intake) there is simply nothing to do. */
		if (q->skip_merged)
			goto out;
		snprintf(why, whyn, "ticket '%s' is a repeat call merged into '%s': "
		         "it is handled there", t.id, s.merged_into);
		st = HL_BAD;
		goto out;
	} else if (strcmp(s.status, "received") == 0) {
		if ((st = hl_route(L, &t, q->to, &a, why, whyn))) {
			if (st == HL_BAD) {
				char msg[512];

				snprintf(msg, sizeof msg, "ticket '%s': %s", t.id, why);
				snprintf(why, whyn, "%s", msg);
			}
			goto out;
		}
		e.event = "dispatch";
		details = json_pack("{s:O, s:b}", "assignments", a, "by_hand",
		                    q->to != NULL);
		if (q->reason)
			json_object_set_new(details, "reason", json_string(q->reason));
	} else if (q->to) {
		if (!q->reason) {
			snprintf(why, whyn, "ticket '%s': a transfer needs --reason",
			         t.id);
			st = HL_BAD;
			goto out;
		}
		if ((st = hl_route_to(L, q->to, &a, why, whyn))) {
			if (st == HL_BAD) {
				char msg[512];

				snprintf(msg, sizeof msg, "ticket '%s': %s", t.id, why);
				snprintf(why, whyn, "%s", msg);
			}
			goto out;
		}
		e.event = "transfer";
		details = json_pack("{s:O, s:O, s:s}", "unit",
		                    json_object_get(a, "unit"), "person",
		                    json_object_get(a, "person") ?
		                    json_object_get(a, "person") : json_null(),
		                    "reason", q->reason);
	} else {
		snprintf(why, whyn, "ticket '%s' is already %s (to transfer it, "
		         "give --to UNIT and --reason TEXT)", t.id, s.status);
		st = HL_BAD;
		goto out;
	}
	e.details = details;
	st = hl_record(L, rules, &e, q->now, NULL, why, whyn);
	if (!st)
		*line = hl_store_ticket_json(L, t.id, &st);
out:
	json_decref(a);
	json_decref(details);
	hl_ticket_clear(&t);
	hl_state_clear(&s);
	return st;
}
