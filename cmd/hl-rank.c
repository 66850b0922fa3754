/*
 * hl-rank - rates, scores and rankings of units for a period, as of a
 * cut-off, with the previous period beside them; --explain lists the
 * tickets behind one unit's figures.  See hl-rank(1).
 */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-rank [-d DB] [-l LEVEL] [-m MONTH | -w WEEK | --from TIME --to TIME]\n"
	"               [-a TIME] [-f table|csv|tsv|json] [--bom] [--weights W/W/W]\n"
	"               [--min N] [-e UNIT] [--now TIME]\n"
	"\n"
	"Ranks the units of LEVEL over the tickets received in the period, as the\n"
	"ledger stood at the cut-off, beside the previous period of the same\n"
	"length and the township total.\n"
	"\n"
	"  -d, --db PATH        the ledger (default $HL_DB, else hotline.db)\n"
	"  -l, --by LEVEL       station, cadre, area, village or category\n"
	"                       (default station)\n"
	"  -m, --month YYYY-MM  a calendar month (default: the last full month)\n"
	"  -w, --week YYYY-Www  an ISO week, e.g. 2026-W44\n"
	"      --from TIME      the period's start (with --to; a date is its day)\n"
	"      --to TIME        the period's end (a bare date includes that day)\n"
	"  -a, --as-of TIME     figures as recorded by TIME (a date: its end;\n"
	"                       default now)\n"
	"  -f, --format FORMAT  table (default), csv, tsv or json\n"
	"      --bom            start CSV with a byte-order mark (for Excel)\n"
	"      --weights W/W/W  response/resolution/satisfaction (policy: 30/35/35)\n"
	"      --min N          fewest genuine tickets to be ranked (policy: 5)\n"
	"  -e, --explain UNIT   the tickets behind UNIT's figures\n"
	"      --now TIME       take TIME as now\n"
	"  -h, --help           show this help\n"
	"  -V, --version        show the version\n";

enum { OPT_FROM = HL_OPT_FIRST_PRIVATE, OPT_TO, OPT_BOM, OPT_WEIGHTS, OPT_MIN };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "by", required_argument, NULL, 'l' },
	{ "month", required_argument, NULL, 'm' },
	{ "week", required_argument, NULL, 'w' },
	{ "from", required_argument, NULL, OPT_FROM },
	{ "to", required_argument, NULL, OPT_TO },
	{ "as-of", required_argument, NULL, 'a' },
	{ "format", required_argument, NULL, 'f' },
	{ "bom", no_argument, NULL, OPT_BOM },
	{ "weights", required_argument, NULL, OPT_WEIGHTS },
	{ "min", required_argument, NULL, OPT_MIN },
	{ "explain", required_argument, NULL, 'e' },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct opts {
	const char *level, *month, *week, *from, *to, *as_of, *format;
	const char *weights, *explain;
	long min;
	int bom;
};

static const char *
level_label(const char *level)
{
	return strcmp(level, "station") == 0 ? "站所" :
	       strcmp(level, "cadre") == 0 ? "包村干部" :
	       strcmp(level, "area") == 0 ? "包片" :
	       strcmp(level, "village") == 0 ? "村" : "问题分类";
}

/* The previous period: the calendar month or ISO week before, or the same
 * length just before --from. */
static void
previous(const struct opts *o, hl_time from, hl_time to, hl_time *pfrom,
         hl_time *pto)
{
	int64_t day = hl_day_of(from);
	int y, m, d;
	char buf[32];

	*pto = from;
	if (o->week) {
		*pfrom = hl_day_at(day - 7, 0, 0, 0);
	} else if (o->month || (!o->from && !o->to)) {
		hl_civil_from_days(day, &y, &m, &d);
		snprintf(buf, sizeof buf, "%04d-%02d", m == 1 ? y - 1 : y,
		         m == 1 ? 12 : m - 1);
		hl_month_parse(buf, pfrom, pto);
	} else {
		*pfrom = from - (to - from);
	}
}

/* The period [from, to) from the options; 0 or EX_USAGE. */
static int
period(const struct opts *o, hl_time now, hl_time *from, hl_time *to)
{
	char buf[32];
	int64_t day;
	int y, m, d;

	if ((o->month != NULL) + (o->week != NULL) + (o->from || o->to) > 1)
		return hl_usage_error("give one period: --month, --week or "
		                      "--from/--to");
	if (o->month)
		return hl_month_parse(o->month, from, to)
		       ? hl_usage_error("--month: expected YYYY-MM") : 0;
	if (o->week)
		return hl_week_parse(o->week, from, to)
		       ? hl_usage_error("--week: expected YYYY-Www") : 0;
	if (o->from || o->to) {
		if (!o->from || !o->to)
			return hl_usage_error("--from and --to go together");
		if (hl_date_parse(o->from, &day) == 0)
			*from = hl_day_at(day, 0, 0, 0);
		else if (hl_time_parse(o->from, 0, from))
			return hl_usage_error("--from: cannot parse '%s'", o->from);
		/* A bare date as the end includes that day. */
		if (hl_date_parse(o->to, &day) == 0)
			*to = hl_day_at(day + 1, 0, 0, 0);
		else if (hl_time_parse(o->to, 0, to))
			return hl_usage_error("--to: cannot parse '%s'", o->to);
		return *to > *from ? 0 : hl_usage_error("--to is not after --from");
	}
	/* The last full month before now. */
	hl_civil_from_days(hl_day_of(now), &y, &m, &d);
	snprintf(buf, sizeof buf, "%04d-%02d", m == 1 ? y - 1 : y,
	         m == 1 ? 12 : m - 1);
	return hl_month_parse(buf, from, to);
}

struct explain {
	struct hl_table tab;
	int json;
	hl_time as_of;
	int status;
};

static int
on_explain(void *ctx, const struct hl_ticket *t, const struct hl_derived *d,
           const struct hl_ticket_figures *f)
{
	struct explain *x = ctx;
	json_t *o;

	if (!x->json) {
		hl_explain_row(&x->tab, t, d, f, x->as_of);
		return 0;
	}
	o = hl_explain_json(t, d, f);
	x->status = hl_print_json(stdout, o);
	json_decref(o);
	return x->status;
}

/* A unit's previous figures; a unit without tickets then (a new category,
 * say) has zeros, not nothing. */
static const struct hl_tally *
prev_of(const struct hl_rank *prev, const char *unit)
{
	static struct hl_tally none;
	const struct hl_tally *u = hl_rank_find(prev, unit);

	if (u)
		return u;
	memset(&none, 0, sizeof none);
	none.score = none.response_rate = none.completion_rate = NAN;
	none.resolution_rate = none.satisfaction_rate = NAN;
	none.avg_response_minutes = NAN;
	return &none;
}

static void
print_table(const struct hl_rank *rk, const struct hl_rank *prev,
            hl_time from, hl_time to, hl_time as_of)
{
	struct hl_table tab;
	char a[40], b[40], c[40];
	int growth = strcmp(rk->level, "category") == 0;
	size_t i;

	hl_time_format(from, a, sizeof a);
	hl_time_format(to - 1, b, sizeof b);
	hl_time_format(as_of, c, sizeof c);
	printf("%s排名  %.10s 至 %.10s  截至 %.10s %.5s  权重 %ld/%ld/%ld  "
	       "最少 %ld 件\n\n", level_label(rk->level), a, b, c, c + 11,
	       rk->weights[0], rk->weights[1], rk->weights[2], rk->min_tickets);
	hl_table_init(&tab, 12);
	hl_tally_table_header(&tab, growth);
	for (i = 0; i < rk->n; i++)
		hl_tally_row(&tab, &rk->unit[i], prev_of(prev, rk->unit[i].unit),
		             NULL, growth);
	hl_tally_row(&tab, &rk->total, &prev->total, "全镇", growth);
	/* Numbers right-aligned: every column but the unit's. */
	hl_table_print(stdout, &tab, "", 0xFFDu);
	hl_table_free(&tab);
}

static int
print_lines(const struct hl_rank *rk, const struct hl_rank *prev,
            const struct opts *o)
{
	char sep = strcmp(o->format, "tsv") == 0 ? '\t' : ',';
	size_t i;
	json_t *line;
	int st = 0;

	if (strcmp(o->format, "json") == 0) {
		for (i = 0; i <= rk->n && !st; i++) {
			const struct hl_tally *u = i < rk->n ? &rk->unit[i] : &rk->total;

			line = hl_tally_json(rk->level, u, i < rk->n
			                     ? prev_of(prev, u->unit) : &prev->total);
			st = hl_print_json(stdout, line);
			json_decref(line);
		}
		return st;
	}
	if (o->bom && sep == ',')
		fputs("\xEF\xBB\xBF", stdout);
	hl_tally_csv_header(stdout, sep);
	for (i = 0; i < rk->n; i++)
		hl_tally_csv(stdout, rk->level, &rk->unit[i],
		             prev_of(prev, rk->unit[i].unit), sep);
	hl_tally_csv(stdout, rk->level, &rk->total, &prev->total, sep);
	return 0;
}

static int
parse(int argc, char **argv, struct hl_common *c, struct opts *o)
{
	int opt, r;

	while ((opt = getopt_long(argc, argv, ":d:l:m:w:a:f:e:hV", longopts,
	                          NULL)) != -1) {
		if ((r = hl_common_opt(c, opt, optarg)) > 0)
			continue;
		if (r < 0)
			return EX_USAGE;
		switch (opt) {
		case 'l': o->level = optarg; break;
		case 'm': o->month = optarg; break;
		case 'w': o->week = optarg; break;
		case OPT_FROM: o->from = optarg; break;
		case OPT_TO: o->to = optarg; break;
		case 'a': o->as_of = optarg; break;
		case 'f': o->format = optarg; break;
		case OPT_BOM: o->bom = 1; break;
		case OPT_WEIGHTS: o->weights = optarg; break;
		case OPT_MIN:
			if (hl_parse_long(optarg, 0, 1000000, &o->min))
				return hl_usage_error("--min: expected a whole number");
			break;
		case 'e': o->explain = optarg; break;
		case 'h': fputs(usage, stdout); return -1;
		case 'V': hl_version(); return -1;
		default: return hl_option_error(opt, argv);
		}
	}
	if (optind < argc)
		return hl_usage_error("unexpected argument '%s'", argv[optind]);
	if (!hl_word_in(o->level, hl_levels))
		return hl_usage_error("--by: expected station, cadre, area, village "
		                      "or category");
	if (!hl_word_in(o->format, (const char *const[]){ "table", "csv", "tsv",
	                                                  "json", NULL }))
		return hl_usage_error("--format: expected table, csv, tsv or json");
	if (o->explain && (strcmp(o->format, "csv") == 0 ||
	                   strcmp(o->format, "tsv") == 0))
		return hl_usage_error("--explain prints a table or json");
	if (o->weights && hl_policy_check("weights", "*", o->weights))
		return hl_usage_error("--weights: %s",
		                      hl_policy_check("weights", "*", o->weights));
	return 0;
}

int
main(int argc, char **argv)
{
	struct hl_common c;
	struct opts o = { .level = "station", .format = "table", .min = -1 };
	struct hl_ledger *L;
	struct hl_rules_store rs;
	struct hl_rank rk, prev;
	struct explain x;
	struct hl_policy wp = { 0 };
	hl_time from, to, as_of;
	int st;

	hl_init(argv[0]);
	opterr = 0;
	if ((st = hl_common_init(&c)))
		return st;
	if ((st = parse(argc, argv, &c, &o)))
		return st < 0 ? hl_finish(0) : st;
	if ((st = period(&o, c.now, &from, &to)))
		return st;
	as_of = c.now;
	if (o.as_of && hl_time_parse(o.as_of, HL_TIME_DATE_OK, &as_of))
		return hl_usage_error("--as-of: cannot parse time '%s'", o.as_of);
	if ((st = hl_ledger_open_rules(&L, c.db, HL_LEDGER_READ, &rs)))
		return st;
	memset(&rk, 0, sizeof rk);
	rk.level = o.level;
	if (o.weights) {
		struct hl_policy_row row = { "weights", "*", (char *)o.weights };

		wp.row = &row;
		wp.n = 1;
		hl_policy_weights(&wp, rk.weights);
	} else {
		hl_policy_weights(&rs.pol, rk.weights);
	}
	rk.min_tickets = o.min >= 0 ? o.min : hl_policy_number(&rs.pol,
	                                                      "min_tickets");
	prev = rk;
	memset(&x, 0, sizeof x);
	x.json = strcmp(o.format, "json") == 0;
	x.as_of = as_of;
	hl_table_init(&x.tab, 6);
	hl_table_row(&x.tab, "工单", "受理", "核实", "响应", "办结", "回访");
	st = hl_rank_compute(L, &rs, &rk, from, to, as_of, o.explain,
	                     on_explain, &x);
	/* The previous period (calendar month, week, or the same length), with
	 * the cut-off as far before as this period is long: the 5th of a
	 * month's ranking is compared with the 5th of the month before. */
	if (!st) {
		hl_time pfrom, pto;

		previous(&o, from, to, &pfrom, &pto);
		st = hl_rank_compute(L, &rs, &prev, pfrom, pto, as_of - (to - from),
		                     NULL, NULL, NULL);
	}
	if (!st && o.explain) {
		const struct hl_tally *u = hl_rank_find(&rk, o.explain);

		if (!u) {
			hl_err("error: no unit '%s' at level %s in this period",
			       o.explain, o.level);
			st = EX_DATAERR;
		} else if (!x.json) {
			hl_table_print(stdout, &x.tab, "", 0);
			printf("\n");
			hl_table_free(&x.tab);
			hl_table_init(&x.tab, 12);
			hl_tally_table_header(&x.tab, 0);
			hl_tally_row(&x.tab, u, prev_of(&prev, u->unit), NULL, 0);
			hl_table_print(stdout, &x.tab, "", 0xFFDu);
		}
	} else if (!st && strcmp(o.format, "table") == 0) {
		print_table(&rk, &prev, from, to, as_of);
	} else if (!st) {
		st = print_lines(&rk, &prev, &o);
	}
	hl_table_free(&x.tab);
	hl_rank_free(&rk);
	hl_rank_free(&prev);
	hl_rules_free(&rs);
	hl_ledger_close(L);
	return hl_finish(st);
}
