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
	"               [-a TIME] [-f table|csv|tsv|json|html] [--bom]\n"
	"               [--weights W/W/W[/W]] [--min N] [-e UNIT] [--now TIME]\n"
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
	"  -f, --format FORMAT  table (default), csv, tsv, json, or html (the\n"
	"                       bulletin: one page for a phone and for print)\n"
	"      --bom            start CSV with a byte-order mark (for Excel)\n"
	"      --weights W/W/W[/W]\n"
	"                       response/resolution/satisfaction[/completion],\n"
	"                       summing to 100 (policy: 30/35/35)\n"
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
	struct hl_period p;
	const char *level, *as_of, *format, *weights, *explain;
	long min;
	int bom;
};


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
		case 'm': o->p.month = optarg; break;
		case 'w': o->p.week = optarg; break;
		case OPT_FROM: o->p.from = optarg; break;
		case OPT_TO: o->p.to = optarg; break;
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
	                                                  "json", "html", NULL }))
		return hl_usage_error("--format: expected table, csv, tsv, json "
		                      "or html");
	if (o->explain && !hl_word_in(o->format, (const char *const[]){
	                              "table", "json", NULL }))
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
	if ((st = hl_common_ready(&c)) ||
	    (st = hl_period_parse(&o.p, c.now, &from, &to)))
		return st;
	as_of = c.now;
	if (o.as_of && (st = hl_parse_time_opt("--as-of", o.as_of,
	                                       HL_TIME_DATE_OK, &as_of)))
		return st;
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
	if (strcmp(o.format, "html") == 0) {
		st = hl_bulletin_write(stdout, L, &rs, &rk, &o.p, from, to, as_of);
		hl_rules_free(&rs);
		hl_ledger_close(L);
		return hl_finish(st);
	}
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

		hl_period_previous(&o.p, from, to, &pfrom, &pto);
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
			hl_tally_row(&x.tab, u, hl_rank_previous_of(&prev, u->unit), NULL, 0);
			hl_table_print(stdout, &x.tab, "", 0xFFDu);
		}
	} else if (!st && strcmp(o.format, "table") == 0) {
		hl_rank_print_table(stdout, &rk, &prev, from, to, as_of);
	} else if (!st) {
		st = hl_rank_print_lines(stdout, &rk, &prev, o.format, o.bom);
	}
	hl_table_free(&x.tab);
	hl_rank_free(&rk);
	hl_rank_free(&prev);
	hl_rules_free(&rs);
	hl_ledger_close(L);
	return hl_finish(st);
}
