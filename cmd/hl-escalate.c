/*
 * hl-escalate - the cron-driven deadline check: fires each due warning and
 * escalation exactly once and prints one record per firing; prints nothing
 * when nothing is due.  See hl-escalate(1).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-escalate [-n] [-d DB] [-w PERCENT] [--now TIME]\n"
	"       hl-escalate [-d DB] [-w PERCENT] [--now TIME] --explain ID\n"
	"\n"
	"Checks every open ticket's clocks at now and prints one escalation\n"
	"record (a JSON line) for each rule that fires; each fires once.\n"
	"\n"
	"  -d, --db PATH        the ledger (default $HL_DB, else hotline.db)\n"
	"  -n, --dry-run        show what would fire, claim nothing\n"
	"  -w, --warn PERCENT   warn when this share of a stage's time is gone\n"
	"                       (default: the policy's warn, 80%)\n"
	"  -e, --explain ID     tell each rule's state for ticket ID\n"
	"      --now TIME       take TIME as now\n"
	"  -h, --help           show this help\n"
	"  -V, --version        show the version\n";

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "warn", required_argument, NULL, 'w' },
	{ "explain", required_argument, NULL, 'e' },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct hl_common c;
	struct hl_run_opts o;
	struct hl_rules_store rs;
	struct hl_ledger *L;
	const char *explain = NULL;
	int opt, st;
	char *end;

	hl_init(argv[0]);
	opterr = 0;
	memset(&o, 0, sizeof o);
	if ((st = hl_common_init(&c)))
		return st;
	while ((opt = getopt_long(argc, argv, ":d:nw:e:hV", longopts,
	                          NULL)) != -1) {
		if ((st = hl_common_opt(&c, opt, optarg)) > 0)
			continue;
		if (st < 0)
			return EX_USAGE;
		switch (opt) {
		case 'n': o.dry_run = 1; break;
		case 'w':
			o.warn_pct = strtol(optarg, &end, 10);
			if (end == optarg || (*end && strcmp(end, "%")) ||
			    o.warn_pct < 1 || o.warn_pct > 99)
				return hl_usage_error("--warn: expected 1 to 99 (percent)");
			break;
		case 'e': explain = optarg; break;
		case 'h': fputs(usage, stdout); return hl_finish(0);
		case 'V': return hl_finish(hl_version());
		default: return hl_option_error(opt, argv);
		}
	}
	if (optind < argc)
		return hl_usage_error("unexpected argument '%s'", argv[optind]);
	if ((st = hl_common_ready(&c)))
		return st;
	o.now = c.now;
	st = hl_ledger_open_rules(&L, c.db, explain || o.dry_run ? HL_LEDGER_READ
	                          : HL_LEDGER_UPDATE, &rs);
	if (st)
		return st;
	if (explain) {
		st = hl_escalate_explain(L, &rs, explain, o.now, o.warn_pct, stdout);
	} else {
		st = hl_escalate(L, &rs, &o, stdout);
		/* Next year's holidays, before deadlines fall there. */
		if (!st && !o.dry_run)
			st = hl_calendar_remind(L, &rs.cal, o.now);
	}
	hl_rules_free(&rs);
	hl_ledger_close(L);
	return hl_finish(st);
}
