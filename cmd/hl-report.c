/*
 * hl-report - the lists the township's meetings run on (件批示, 日调度,
 * 周会商, 周汇报, 调度会, 跟踪报道, 共性问题), made from the ledger as of a
 * cut-off, for people (text) or for pipelines and Excel (JSON lines, CSV);
 * and the daily digest hl-notify delivers.  See hl-report(1).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-report KIND [-d DB] [-a TIME] [-f text|json|csv] [--bom]\n"
	"                 [-m MONTH | -w WEEK | --from TIME --to TIME]\n"
	"                 [--for NAME] [-u UNIT] [--now TIME]\n"
	"       hl-report daily [--digest] [--force] [-v] [...]\n"
	"       hl-report consult [--legacy CATEGORY] [...]\n"
	"       hl-report cases [--approved] [...]\n"
	"       hl-report hotspots [--baseline N] [...]\n"
	"\n"
	"KIND:\n"
	"  daily      日调度: open work by unit and person, what is due today and\n"
	"             overdue (the day of the cut-off; silent on a day off or\n"
	"             with nothing open)\n"
	"  instruct   件批示: work orders the principal has not annotated\n"
	"             (received in the 30 days before the cut-off)\n"
	"  consult    周会商: the hard cases open at the cut-off, by area leader\n"
	"  weekly     周汇报: the week's figures and ranks, escalations and\n"
	"             interviews (the last full week)\n"
	"  monthly    调度会: each station's month, cases needing help (the last\n"
	"             full month)\n"
	"  cases      跟踪报道: resolved, satisfied cases, personal details removed\n"
	"  hotspots   共性问题: categories and villages whose calls rose\n"
	"\n"
	"  -d, --db PATH          the ledger (default $HL_DB, else hotline.db)\n"
	"  -a, --as-of TIME       the ledger as it stood at TIME (a date: its\n"
	"                         end; default now)\n"
	"  -f, --format FORMAT    text (default), json (JSON lines) or csv\n"
	"      --bom              start CSV with a byte-order mark (for Excel)\n"
	"  -m, --month YYYY-MM    the period: a calendar month\n"
	"  -w, --week YYYY-Www    an ISO week, e.g. 2026-W39\n"
	"      --from TIME        the period's start (with --to)\n"
	"      --to TIME          its end (a bare date includes that day)\n"
	"      --for NAME         only the rows of this person\n"
	"  -u, --unit UNIT        only the rows of this unit\n"
	"      --digest           daily: one JSON line a person, for hl-notify\n"
	"      --force            daily: make the sheet on a day off, or with\n"
	"                         nothing open, too\n"
	"  -v, --verbose          daily: say why when there is no sheet\n"
	"      --legacy CATEGORY  consult: a legacy category (default\n"
	"                         历史遗留问题); repeatable\n"
	"      --approved         cases: only those approved for publishing\n"
	"      --baseline N       hotspots: previous periods compared (default 3)\n"
	"      --now TIME         take TIME as now\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n";

enum {
	OPT_BOM = HL_OPT_FIRST_PRIVATE, OPT_FROM, OPT_TO, OPT_FOR, OPT_DIGEST,
	OPT_FORCE, OPT_LEGACY, OPT_APPROVED, OPT_BASELINE,
};

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "as-of", required_argument, NULL, 'a' },
	{ "format", required_argument, NULL, 'f' },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "month", required_argument, NULL, 'm' },
	{ "week", required_argument, NULL, 'w' },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "for", required_argument, NULL, OPT_FOR },
	{ "unit", required_argument, NULL, 'u' },
	{ "digest", no_argument, NULL, OPT_DIGEST },
	{ "force", no_argument, NULL, OPT_FORCE },
	{ "verbose", no_argument, NULL, 'v' },
	{ "legacy", required_argument, NULL, OPT_LEGACY },
	{ "approved", no_argument, NULL, OPT_APPROVED },
	{ "baseline", required_argument, NULL, OPT_BASELINE },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct opts {
	const char *kind, *as_of, *format, *person, *unit;
	const char **legacy;
	size_t nlegacy;
	int bom, digest, force, verbose, approved;
	long baseline;
	struct hl_period p;
};

/* "--digest is for daily" unless kind is one of them. */
static int
only_for(const char *kind, int given, const char *option, const char *want)
{
	if (given && strcmp(kind, want) != 0)
		return hl_usage_error("%s is for 'hl-report %s'", option, want);
	return 0;
}

static int
parse(int argc, char **argv, struct hl_common *c, struct opts *o)
{
	int opt, r;

	while ((opt = getopt_long(argc, argv, ":d:a:f:m:w:u:vhV", longopts,
	                          NULL)) != -1) {
		if ((r = hl_common_opt(c, opt, optarg)) > 0)
			continue;
		if (r < 0)
			return EX_USAGE;
		switch (opt) {
		case 'a': o->as_of = optarg; break;
		case 'f': o->format = optarg; break;
		case OPT_BOM: o->bom = 1; break;
		case 'm': o->p.month = optarg; break;
		case 'w': o->p.week = optarg; break;
		case OPT_FROM: o->p.from = optarg; break;
		case OPT_TO: o->p.to = optarg; break;
		case OPT_FOR: o->person = optarg; break;
		case 'u': o->unit = optarg; break;
		case OPT_DIGEST: o->digest = 1; break;
		case OPT_FORCE: o->force = 1; break;
		case 'v': o->verbose = 1; break;
		case OPT_LEGACY: o->legacy[o->nlegacy++] = optarg; break;
		case OPT_APPROVED: o->approved = 1; break;
		case OPT_BASELINE:
			if (hl_parse_long(optarg, 1, 120, &o->baseline))
				return hl_usage_error("--baseline: expected a number of "
				                      "periods from 1 to 120");
			break;
		case 'h': fputs(usage, stdout); return -1;
		case 'V': hl_version(); return -1;
		default: return hl_option_error(opt, argv);
		}
	}
	if (optind >= argc)
		return hl_usage_error("no report kind (daily, instruct, consult, "
		                      "weekly, monthly, cases or hotspots)");
	o->kind = argv[optind++];
	if (optind < argc)
		return hl_usage_error("unexpected argument '%s'", argv[optind]);
	if (!hl_report_kind_known(o->kind))
		return hl_usage_error("unknown report kind '%s' (daily, instruct, "
		                      "consult, weekly, monthly, cases or hotspots)",
		                      o->kind);
	if (o->format && !hl_report_format_known(o->format))
		return hl_usage_error("--format: expected text, json or csv");
	if (o->digest && o->format && strcmp(o->format, "json") != 0 &&
	    strcmp(o->format, "ndjson") != 0)
		return hl_usage_error("--digest prints JSON lines");
	if ((r = only_for(o->kind, o->digest, "--digest", "daily")) ||
	    (r = only_for(o->kind, o->force, "--force", "daily")) ||
	    (r = only_for(o->kind, o->verbose, "--verbose", "daily")) ||
	    (r = only_for(o->kind, o->nlegacy > 0, "--legacy", "consult")) ||
	    (r = only_for(o->kind, o->approved, "--approved", "cases")) ||
	    (r = only_for(o->kind, o->baseline > 0, "--baseline", "hotspots")))
		return r;
	if (o->digest && (o->person || o->unit))
		return hl_usage_error("--digest is every person's part: no --for "
		                      "or --unit");
	return 0;
}

/* No daily sheet: why, to a person watching (stderr a terminal, or -v). */
static void
quiet(const struct opts *o, const struct hl_report_opts *ro, const char *why)
{
	char day[16];

	if (o->verbose || isatty(STDERR_FILENO))
		hl_err("%s %s: no daily sheet (--force makes one)",
		       hl_report_when(ro->as_of, 1, day, sizeof day), why);
}

/* Keeps r's rows of the person and the unit asked for. */
static int
narrow(struct hl_report *r, int flag, const char *value)
{
	struct hl_report part;
	int st;

	if (!value)
		return 0;
	if ((st = hl_report_select(r, flag, value, &part)))
		return st;
	hl_report_free(r);
	*r = part;
	return 0;
}

int
main(int argc, char **argv)
{
	static const char *default_legacy[] = { "历史遗留问题" };
	struct hl_common c;
	struct opts o;
	struct hl_report_opts ro;
	struct hl_ledger *L = NULL;
	struct hl_rules_store rs;
	struct hl_report r;
	int st, daily;

	hl_init(argv[0]);
	opterr = 0;
	memset(&o, 0, sizeof o);
	memset(&ro, 0, sizeof ro);
	if ((st = hl_common_init(&c)))
		return st;
	o.legacy = hl_xmalloc((size_t)argc * sizeof *o.legacy);
	ro.legacy = default_legacy;
	ro.nlegacy = 1;
	if ((st = parse(argc, argv, &c, &o)))
		goto out;
	/* Times are read in the ledger's time zone, after the options. */
	if ((st = hl_common_ready(&c)))
		goto out;
	ro.now = ro.as_of = c.now;
	ro.p = o.p;
	if (o.nlegacy) {
		ro.legacy = o.legacy;
		ro.nlegacy = o.nlegacy;
	}
	ro.approved = o.approved;
	ro.baseline = o.baseline;
	if ((o.as_of && (st = hl_parse_time_opt("--as-of", o.as_of,
	                                        HL_TIME_DATE_OK, &ro.as_of))) ||
	    (st = hl_report_period(o.kind, &ro)) ||
	    (st = hl_ledger_open_rules(&L, c.db, HL_LEDGER_READ, &rs)))
		goto out;
	/* The daily sheet is for working days with work: on a day off, or
	 * with nothing open, a cron line prints nothing, and says why only to
	 * a person watching. */
	daily = strcmp(o.kind, "daily") == 0 && !o.force;
	if (daily && !hl_calendar_is_workday(&rs.cal, hl_day_of(ro.as_of))) {
		quiet(&o, &ro, "is not a working day");
		goto done;
	}
	if (!(st = hl_report_make(L, &rs, o.kind, &ro, &r))) {
		if (daily && hl_report_daily_empty(&r))
			quiet(&o, &ro, "has nothing open and nothing waiting");
		else if (!(st = narrow(&r, HL_COL_PERSON, o.person)) &&
		         !(st = narrow(&r, HL_COL_UNIT, o.unit)))
			st = o.digest ? hl_report_digest(stdout, &r)
			              : hl_report_write(stdout, &r, o.format
			                                ? o.format : "text", o.bom);
		hl_report_free(&r);
	}
done:
	hl_rules_free(&rs);
	hl_ledger_close(L);
out:
	free(o.legacy);
	return hl_finish(st < 0 ? 0 : st);
}
