/*
 * hl-show - one ticket for a person: its fields, its handlers, each stage's
 * deadline and whether it was met, and the whole timeline with who recorded
 * what.  The caller's phone is masked unless --unmask.  See hl-show(1).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-show [-d DB] [--unmask] [--now TIME] ID...\n"
	"\n"
	"Shows each ticket for a person: fields, handlers, deadlines, timeline.\n"
	"\n"
	"  -d, --db PATH   the ledger (default $HL_DB, else hotline.db)\n"
	"      --unmask    show callers' phone numbers in full\n"
	"      --now TIME  take TIME as now\n"
	"  -h, --help      show this help\n"
	"  -V, --version   show the version\n";

enum { OPT_UNMASK = HL_OPT_FIRST_PRIVATE };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "unmask", no_argument, NULL, OPT_UNMASK },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

int
main(int argc, char **argv)
{
	struct hl_common c;
	struct hl_ledger *L;
	int opt, r, unmask = 0, i, worst = 0, shown = 0;

	hl_init(argv[0]);
	opterr = 0;
	if ((r = hl_common_init(&c)))
		return r;
	while ((opt = getopt_long(argc, argv, ":d:hV", longopts, NULL)) != -1) {
		if ((r = hl_common_opt(&c, opt, optarg)) > 0)
			continue;
		if (r < 0)
			return EX_USAGE;
		switch (opt) {
		case OPT_UNMASK: unmask = 1; break;
		case 'h': fputs(usage, stdout); return hl_finish(0);
		case 'V': return hl_finish(hl_version());
		default: return hl_option_error(opt, argv);
		}
	}
	if (optind == argc)
		return hl_usage_error("missing ticket ID");
	if ((r = hl_common_ready(&c)))
		return r;
	if ((r = hl_ledger_open(&L, c.db, HL_LEDGER_READ)))
		return r;
	for (i = optind; i < argc; i++) {
		if (shown)
			putchar('\n');
		r = hl_show_ticket(L, argv[i], c.now, unmask);
		shown += r == 0;
		worst = hl_worse(worst, r);
		if (r && r != EX_DATAERR)
			break;
	}
	hl_ledger_close(L);
	return hl_finish(worst);
}
