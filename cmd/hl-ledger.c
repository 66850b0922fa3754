/*
 * hl-ledger - create, check and back up the ledger; import the office's
 * tables.  See hl-ledger(1).
 */
#include <getopt.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-ledger [-q] [-d DB] init [-g GROUP] [-z ZONE]\n"
	"       hl-ledger [-d DB] check [-s SEAL]\n"
	"       hl-ledger [-d DB] seal\n"
	"       hl-ledger [-d DB] backup FILE\n"
	"       hl-ledger [-q] [-d DB] import TABLE FILE\n"
	"\n"
	"TABLE is units, people, villages, routes, policy, calendar or channels\n"
	"(CSV with a header row; the calendar also takes a holiday-cn JSON\n"
	"file).\n"
	"\n"
	"  -d, --db PATH      the ledger (default $HL_DB, else hotline.db)\n"
	"  -g, --group GROUP  init: share the ledger with GROUP (0660, dir 2770)\n"
	"  -z, --zone ZONE    init: the ledger's time zone (default Asia/Shanghai;\n"
	"                     on a ledger with tickets, their clocks follow)\n"
	"  -s, --seal SEAL    check: the history must still hold this seal\n"
	"  -q, --quiet        no summary on standard error\n"
	"      --now TIME     take TIME as now\n"
	"  -h, --help         show this help\n"
	"  -V, --version      show the version\n";

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "group", required_argument, NULL, 'g' },
	{ "zone", required_argument, NULL, 'z' },
	{ "seal", required_argument, NULL, 's' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

static const struct {
	const char *name;
	int args;               /* words after the command */
	int mode;
} commands[] = {
	{ "init", 0, HL_LEDGER_WRITE },
	{ "check", 0, HL_LEDGER_READ },
	{ "seal", 0, HL_LEDGER_READ },
	{ "backup", 1, HL_LEDGER_READ },
	{ "import", 2, HL_LEDGER_WRITE },
};

/* init --zone: the zone recorded, every ticket derived again in it. */
static int
set_zone(struct hl_ledger *L, const char *zone, int quiet)
{
	long n = 0;
	int st;

	if ((st = hl_ledger_begin(L)))
		return st;
	if ((st = hl_ledger_set_zone(L, zone, &n))) {
		hl_ledger_rollback(L);
		return st;
	}
	if ((st = hl_ledger_commit(L)))
		return st;
	if (!quiet && n)
		fprintf(stderr, "%s: time zone %s: %ld ticket%s derived again\n",
		        hl_prog, zone, n, n == 1 ? "" : "s");
	return 0;
}

static int
run(struct hl_common *c, int argc, char **argv, const char *group,
    const char *seal, const char *zone)
{
	struct hl_ledger *L;
	const char *cmd = argv[0];
	char *text;
	long rows = 0;
	size_t i;
	int st;

	for (i = 0; i < sizeof commands / sizeof commands[0]; i++)
		if (strcmp(cmd, commands[i].name) == 0)
			break;
	if (i == sizeof commands / sizeof commands[0])
		return hl_usage_error("unknown command '%s'", cmd);
	if (argc != commands[i].args + 1)
		return hl_usage_error("%s: expected %d argument%s", cmd,
		                      commands[i].args, commands[i].args == 1 ? ""
		                                                            : "s");
	if (group && strcmp(cmd, "init") != 0)
		return hl_usage_error("--group goes with init");
	if (zone && strcmp(cmd, "init") != 0)
		return hl_usage_error("--zone goes with init");
	if (zone && hl_zone_set(zone) != 0)
		return hl_usage_error("--zone: unknown time zone '%s' (a name from "
		                      "the time-zone database, e.g. Asia/Shanghai)",
		                      zone);
	if ((st = hl_common_ready(c)))
		return st;
	if (seal && strcmp(cmd, "check") != 0)
		return hl_usage_error("--seal goes with check");
	if (group && !getgrnam(group))
		return hl_usage_error("--group: no group '%s'", group);
	if (strcmp(cmd, "import") == 0 && !hl_import_known(argv[1]))
		return hl_usage_error("unknown table '%s' (units, people, villages, "
		                      "routes, policy, calendar or channels)",
		                      argv[1]);
	if ((st = hl_ledger_open(&L, c->db, commands[i].mode)))
		return st;
	if (strcmp(cmd, "init") == 0) {
		if (zone)
			st = set_zone(L, zone, c->quiet);
		if (!st && group)
			st = hl_ledger_share(L, group);
	} else if (strcmp(cmd, "check") == 0) {
		st = hl_ledger_check(L, seal);
	} else if (strcmp(cmd, "seal") == 0) {
		if ((text = hl_ledger_seal(L, &st))) {
			printf("%s\n", text);
			free(text);
		}
	} else if (strcmp(cmd, "backup") == 0) {
		st = hl_ledger_backup(L, argv[1]);
	} else if (strcmp(cmd, "import") == 0) {
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
	const char *group = NULL, *seal = NULL, *zone = NULL;
	int opt, r;

	hl_init(argv[0]);
	opterr = 0;
	if ((r = hl_common_init(&c)))
		return r;
	while ((opt = getopt_long(argc, argv, ":d:g:s:z:qhV", longopts,
	                          NULL)) != -1) {
		if ((r = hl_common_opt(&c, opt, optarg)) > 0)
			continue;
		if (r < 0)
			return EX_USAGE;
		switch (opt) {
		case 'g': group = optarg; break;
		case 's': seal = optarg; break;
		case 'z': zone = optarg; break;
		case 'h': fputs(usage, stdout); return hl_finish(0);
		case 'V': return hl_finish(hl_version());
		default: return hl_option_error(opt, argv);
		}
	}
	if (optind == argc)
		return hl_usage_error("missing command (init, check, seal, backup or "
		                      "import)");
	return hl_finish(run(&c, argc - optind, argv + optind, group, seal,
	                       zone));
}
