/*
 * hl-list - select tickets from the ledger as NDJSON: the start of most
 * pipelines.  See hl-list(1).
 */
#include <getopt.h>
#include <string.h>

#include <stdlib.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-list [-o] [-d DB] [-s STATUS] [--overdue] [-u UNIT] [-p PERSON]\n"
	"               [-v VILLAGE] [-c CATEGORY] [-k KIND]\n"
	"               [-m MONTH | -w WEEK | [--from TIME] [--to TIME]]\n"
	"               [--mask] [--now TIME] [ID...]\n"
	"\n"
	"Prints the tickets that match every filter given, oldest first, one JSON\n"
	"line each.  A filter given twice matches either value.\n"
	"\n"
	"  -d, --db PATH          the ledger (default $HL_DB, else hotline.db)\n"
	"  -s, --status STATUS    received, dispatched, ..., visited, closed, rejected\n"
	"  -o, --open             not yet visited, closed or rejected\n"
	"      --overdue          open with a stage past due now\n"
	"  -u, --unit UNIT        currently assigned to UNIT\n"
	"  -p, --person NAME      currently assigned to NAME\n"
	"  -v, --village VILLAGE  from VILLAGE\n"
	"  -c, --category CAT     of category CAT\n"
	"  -k, --kind KIND        consult, help, complaint, report, suggestion, praise\n"
	"  -m, --month YYYY-MM    received in that calendar month\n"
	"  -w, --week YYYY-Www    received in that ISO week, e.g. 2026-W44\n"
	"      --from TIME        received at or after TIME\n"
	"      --to TIME          received before TIME\n"
	"      --mask             mask callers' phone numbers (138****1234)\n"
	"      --now TIME         take TIME as now\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n";

enum { OPT_OVERDUE = HL_OPT_FIRST_PRIVATE, OPT_FROM, OPT_TO, OPT_MASK };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "status", required_argument, NULL, 's' },
	{ "open", no_argument, NULL, 'o' },
	{ "overdue", no_argument, NULL, OPT_OVERDUE },
	{ "unit", required_argument, NULL, 'u' },
	{ "person", required_argument, NULL, 'p' },
	{ "village", required_argument, NULL, 'v' },
	{ "category", required_argument, NULL, 'c' },
	{ "kind", required_argument, NULL, 'k' },
	{ "month", required_argument, NULL, 'm' },
	{ "week", required_argument, NULL, 'w' },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "mask", no_argument, NULL, OPT_MASK },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const char *const statuses[] = {
	"received", "dispatched", "responded", "verified", "planned", "replied",
	"resolved", "visited", "closed", "rejected", NULL,
};

/* Appends v to a filter's list (argv strings live as long as main). */
static void
push(char ***list, size_t *n, char *v)
{
	*list = hl_xrealloc(*list, (*n + 1) * sizeof **list);
	(*list)[(*n)++] = v;
}

static int
print_all(struct hl_ledger *L, sqlite3_stmt *st, int mask)
{
	struct hl_ticket t;
	struct hl_ticket_state s;
	int rc, r = 0;

	while (!r && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((r = hl_ticket_from_row(st, 0, &t, &s)))
			break;
		if (mask && t.caller_phone) {
			char *m = hl_phone_mask(t.caller_phone);

			free(t.caller_phone);
			t.caller_phone = m;
		}
		if (!(r = hl_store_state_extra(L, t.id, &s)))
			r = hl_ticket_write(stdout, &t, &s);
		hl_ticket_clear(&t);
		hl_state_clear(&s);
	}
	if (!r && rc != SQLITE_DONE)
		r = hl_ledger_fail(L, rc, "cannot list tickets");
	return r;
}

int
main(int argc, char **argv)
{
	struct hl_common c;
	struct hl_filter f;
	struct hl_ledger *L;
	sqlite3_stmt *st;
	struct hl_period period = { 0 };
	int opt, r, mask = 0;

	hl_init(argv[0]);
	opterr = 0;
	memset(&f, 0, sizeof f);
	if ((r = hl_common_init(&c)))
		return r;
	while ((opt = getopt_long(argc, argv, ":d:s:ou:p:v:c:k:m:w:hV", longopts,
	                          NULL)) != -1) {
		if ((r = hl_common_opt(&c, opt, optarg)) > 0)
			continue;
		if (r < 0)
			return EX_USAGE;
		switch (opt) {
		case 's':
			if (!hl_word_in(optarg, statuses))
				return hl_usage_error("--status: unknown status '%s'",
				                      optarg);
			push(&f.status, &f.nstatus, optarg);
			break;
		case 'o': f.open = 1; break;
		case OPT_OVERDUE: f.overdue = 1; break;
		case 'u': push(&f.unit, &f.nunit, optarg); break;
		case 'p': push(&f.person, &f.nperson, optarg); break;
		case 'v': push(&f.village, &f.nvillage, optarg); break;
		case 'c': push(&f.category, &f.ncategory, optarg); break;
		case 'k':
			if (!hl_kind_from_text(optarg))
				return hl_usage_error("--kind: unknown kind '%s'", optarg);
			push(&f.kind, &f.nkind, (char *)hl_kind_from_text(optarg));
			break;
		case 'm': period.month = optarg; break;
		case 'w': period.week = optarg; break;
		case OPT_FROM: period.from = optarg; break;
		case OPT_TO: period.to = optarg; break;
		case OPT_MASK: mask = 1; break;
		case 'h': fputs(usage, stdout); return hl_finish(0);
		case 'V': return hl_finish(hl_version());
		default: return hl_option_error(opt, argv);
		}
	}
	for (; optind < argc; optind++)
		push(&f.id, &f.nid, argv[optind]);
	if ((r = hl_common_ready(&c)) ||
	    (r = hl_period_bounds(&period, &f.from, &f.to)))
		return r;
	f.now = c.now;
	if ((r = hl_ledger_open(&L, c.db, HL_LEDGER_READ)))
		return r;
	if (!(r = hl_select_prepare(L, &f, &st))) {
		r = print_all(L, st, mask);
		sqlite3_finalize(st);
	}
	hl_ledger_close(L);
	free(f.id), free(f.status), free(f.village), free(f.category);
	free(f.kind), free(f.unit), free(f.person);
	return hl_finish(r);
}
