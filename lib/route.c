/*
 * route.c - dual dispatch (双派单) from the routing tables: the primary
 * handler is the station that owns the ticket's category, otherwise the
 * village's cadre (包村干部); beside it the village committee (村"两委").
 * A ticket with neither a routed category nor a village with a cadre cannot
 * be routed; --to names the handler by hand.
 */
#include <string.h>

#include "hl.h"

static const char sql_route[] =
	"SELECT r.station, (SELECT name FROM people p WHERE p.unit = r.station "
	"AND p.role = 'station_head' ORDER BY name LIMIT 1) "
	"FROM routes r WHERE r.category = ?";
static const char sql_village[] =
	"SELECT v.cadre, (SELECT name FROM people p WHERE p.unit = v.village "
	"AND p.role = 'village_head' ORDER BY name LIMIT 1) "
	"FROM villages v WHERE v.village = ?";
static const char sql_unit[] =
	"SELECT u.unit, (SELECT name FROM people p WHERE p.unit = u.unit AND "
	"p.role IN ('station_head', 'village_head') ORDER BY name LIMIT 1) "
	"FROM units u WHERE u.unit = ?";
static const char sql_person[] =
	"SELECT p.unit, p.name FROM people p WHERE p.name = ?";

/* Runs a two-column lookup; 1 with the columns copied, 0 if no row, or a
 * status as a negative number. */
static int
lookup(struct hl_ledger *L, const char *sql, const char *key, char *a,
       char *b, size_t n)
{
	sqlite3_stmt *st = hl_stmt(L, sql);
	int rc;

	*a = *b = '\0';
	if (!st)
		return -EX_SOFTWARE;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_text(st, 0))
			snprintf(a, n, "%s", (const char *)sqlite3_column_text(st, 0));
		if (sqlite3_column_text(st, 1))
			snprintf(b, n, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc == SQLITE_DONE)
		return 0;
	return -hl_ledger_fail(L, rc, "cannot read the routing tables");
}

static json_t *
assignment(const char *role, const char *unit, const char *person)
{
	return json_pack("{s:s, s:s, s:s?}", "role", role, "unit", unit,
	                 "person", *person ? person : NULL);
}

int
hl_route_to(struct hl_ledger *L, const char *to, json_t **out, char *why,
            size_t whyn)
{
	char unit[256], person[256];
	int r;

	*out = NULL;
	if ((r = lookup(L, sql_unit, to, unit, person, sizeof unit)) < 0)
		return -r;
	if (r) {
		*out = assignment("primary", unit, person);
		return 0;
	}
	if ((r = lookup(L, sql_person, to, unit, person, sizeof unit)) < 0)
		return -r;
	if (r) {
		*out = assignment("primary", *unit ? unit : person, person);
		return 0;
	}
	snprintf(why, whyn, "'%s' is neither a unit nor a person in the "
	         "directory", to);
	return HL_BAD;
}

int
hl_route_known(struct hl_ledger *L, const char *to)
{
	json_t *a;
	char why[512];
	int st = hl_route_to(L, to, &a, why, sizeof why);

	json_decref(a);
	if (st == HL_BAD) {
		hl_err("error: %s", why);
		return EX_DATAERR;
	}
	return st;
}

int
hl_route(struct hl_ledger *L, const struct hl_ticket *t, const char *to,
         json_t **out, char *why, size_t whyn)
{
	char station[256], head[256], cadre[256], vhead[256];
	json_t *list = json_array(), *primary = NULL;
	int r, village = 0;

	*out = NULL;
	*why = '\0';
	station[0] = cadre[0] = vhead[0] = '\0';
	if (t->village) {
		if ((r = lookup(L, sql_village, t->village, cadre, vhead,
		                sizeof cadre)) < 0)
			goto fail;
		village = r;
	}
	if (to) {
		if ((r = hl_route_to(L, to, &primary, why, whyn))) {
			json_decref(list);
			return r;
		}
	} else if (t->category &&
	           (r = lookup(L, sql_route, t->category, station, head,
	                       sizeof station)) != 0) {
		if (r < 0)
			goto fail;
		primary = assignment("primary", station, head);
	} else if (village && *cadre) {
		/* No station owns it: the cadre of the village (包村干部). */
		primary = assignment("primary", t->village, cadre);
	} else {
		snprintf(why, whyn, "cannot route: %s%s%s and %s%s%s (use --to UNIT)",
		         t->category ? "no station owns category '" : "no category",
		         t->category ? t->category : "", t->category ? "'" : "",
		         t->village ? "village '" : "no village",
		         t->village ? t->village : "",
		         t->village ? (village ? "' has no cadre"
		                               : "' is not in the directory") : "");
		json_decref(list);
		return HL_BAD;
	}
	json_array_append_new(list, primary);
	if (village)
		json_array_append_new(list, assignment("village", t->village, vhead));
	*out = list;
	return 0;
fail:
	json_decref(list);
	return -r;
}
