/*
 * hl-ledger - create, check and back up the ledger; import the office's
 * tables.  See hl-ledger(1).
 */
#include <getopt.h>
#include <string.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-ledger [-q] [-d DB] init\n"
	"       hl-ledger [-d DB] check\n"
	"       hl-ledger [-d DB] backup FILE\n"
	"       hl-ledger [-q] [-d DB] import TABLE FILE\n"
	"\n"
	"TABLE is units, people, villages, routes, policy or calendar (CSV with\n"
	"a header row; the calendar also takes a holiday-cn JSON file).\n"
	"\n"
	"  -d, --db PATH   the ledger (default $HL_DB, else hotline.db)\n"
	"  -q, --quiet     no summary on standard error\n"
	"      --now TIME  take TIME as now\n"
	"  -h, --help      show this help\n"
	"  -V, --version   show the version\n";

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static int
run(struct hl_common *c, int argc, char **argv)
{
	struct hl_ledger *L;
	const char *cmd = argv[0];
	long rows = 0;
	int st, nargs = strcmp(cmd, "backup") == 0 ? 2 :
	                strcmp(cmd, "import") == 0 ? 3 : 1;

	if (strcmp(cmd, "init") && strcmp(cmd, "check") &&
	    strcmp(cmd, "backup") && strcmp(cmd, "import"))
		return hl_usage_error("unknown command '%s'", cmd);
	if (argc != nargs)
		return hl_usage_error("%s: expected %d argument%s", cmd, nargs - 1,
		                      nargs == 2 ? "" : "s");
	if (strcmp(cmd, "import") == 0 && !hl_import_known(argv[1]))
		return hl_usage_error("unknown table '%s' (units, people, villages, "
		                      "routes, policy or calendar)", argv[1]);
	st = hl_ledger_open(&L, c->db, strcmp(cmd, "check") == 0 ||
	                    strcmp(cmd, "backup") == 0 ? HL_LEDGER_READ
	                                               : HL_LEDGER_WRITE);
	if (st)
		return st;
	if (strcmp(cmd, "check") == 0)
		st = hl_ledger_check(L);
	else if (strcmp(cmd, "backup") == 0)
		st = hl_ledger_backup(L, argv[1]);
	else if (strcmp(cmd, "import") == 0) {
		st = hl_import(L, argv[1], argv[2], &rows);
		if (!st && !c->quiet)
			fprintf(stderr, "%s: %s: %ld row%s imported\n", hl_prog,
			        argv[1], rows, rows == 1 ? "" : "s");
	}
	hl_ledger_close(L);
	return st;
}

int
main(int argc, char **argv)
{
	struct hl_common c;
	int opt, r;

	hl_init(argv[0]);
	opterr = 0;
	if ((r = hl_common_init(&c)))
		return r;
	while ((opt = getopt_long(argc, argv, "+:d:qhV", longopts, NULL)) != -1) {
		if ((r = hl_common_opt(&c, opt, optarg)) > 0)
			continue;
		if (r < 0)
			return EX_USAGE;
		switch (opt) {
		case 'h':
			fputs(usage, stdout);
			return hl_finish(0);
		case 'V':
			return hl_finish(hl_version());
		default:
			return hl_option_error(opt, argv);
		}
	}
	if (optind == argc)
		return hl_usage_error("missing command (init, check, backup or "
		                      "import)");
	return hl_finish(run(&c, argc - optind, argv + optind));
}
