/*
 * hl-intake - take work orders (NDJSON, or CSV as the upstream platform
 * exports it) into the ledger; link repeat calls; print the new tickets.
 * See hl-intake(1).
 */
#include <getopt.h>
#include <string.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-intake [-qu] [-d DB] [-f ndjson|csv] [-e ENCODING] [-m MAPFILE]\n"
	"                 [-r REJECTS] [-w WINDOW] [-b N] [--skew SECONDS]\n"
	"                 [--now TIME] [FILE...]\n"
	"\n"
	"Reads tickets from the FILEs (or standard input), stores the new ones\n"
	"and prints each as a JSON line.\n"
	"\n"
	"  -d, --db PATH            the ledger (default $HL_DB, else hotline.db)\n"
	"  -f, --format FORMAT      ndjson or csv (default: detected per file)\n"
	"  -e, --encoding ENCODING  convert input from ENCODING (e.g. gb18030)\n"
	"  -m, --map FILE           CSV of header,field for other CSV headers\n"
	"  -r, --rejects FILE       write bad records there, verbatim\n"
	"  -u, --update             amend tickets whose content changed\n"
	"  -w, --repeat-window DUR  link repeat calls within DUR (e.g. 30d)\n"
	"  -b, --batch N            tickets per transaction (default 1000)\n"
	"      --skew SECONDS       how far in the future a time may be (300)\n"
	"      --now TIME           take TIME as now\n"
	"  -q, --quiet              no summary line on standard error\n"
	"  -h, --help               show this help\n"
	"  -V, --version            show the version\n";

enum { OPT_SKEW = HL_OPT_FIRST_PRIVATE };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "encoding", required_argument, NULL, 'e' },
	{ "map", required_argument, NULL, 'm' },
	{ "rejects", required_argument, NULL, 'r' },
	{ "update", no_argument, NULL, 'u' },
	{ "repeat-window", required_argument, NULL, 'w' },
	{ "batch", required_argument, NULL, 'b' },
	{ "skew", required_argument, NULL, OPT_SKEW },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct options {
	struct hl_reader rd;
	const char *map, *window;
	long batch, skew;
	int update;
};

static int
parse(int argc, char **argv, struct hl_common *c, struct options *o)
{
	int opt, r;

	while ((opt = getopt_long(argc, argv, ":d:f:e:m:r:uw:b:qhV", longopts,
	                          NULL)) != -1) {
		if ((r = hl_common_opt(c, opt, optarg)) > 0)
			continue;
		if (r < 0)
			return EX_USAGE;
		switch (opt) {
		case 'f':
			if (strcmp(optarg, "ndjson") == 0 || strcmp(optarg, "json") == 0)
				o->rd.format = HL_FMT_NDJSON;
			else if (strcmp(optarg, "csv") == 0)
				o->rd.format = HL_FMT_CSV;
			else
				return hl_usage_error("--format: expected ndjson or csv");
			break;
		case 'e': o->rd.encoding = optarg; break;
		case 'm': o->map = optarg; break;
		case 'r': o->rd.rejects = optarg; break;
		case 'u': o->update = 1; break;
		case 'w': o->window = optarg; break;
		case 'b':
			if (hl_parse_long(optarg, 1, 1000000, &o->batch))
				return hl_usage_error("--batch: expected 1 to 1000000");
			break;
		case OPT_SKEW:
			if (hl_parse_long(optarg, 0, 86400 * 366, &o->skew))
				return hl_usage_error("--skew: expected seconds");
			break;
		case 'h':
			fputs(usage, stdout);
			return -1;
		case 'V':
			hl_version();
			return -1;
		default:
			return hl_option_error(opt, argv);
		}
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct hl_common c;
	struct options o = { .batch = 1000, .skew = 300 };
	struct hl_intake in;
	struct hl_ledger *L;
	struct hl_limit w;
	void *map = NULL;
	int st;

	hl_init(argv[0]);
	opterr = 0;
	if ((st = hl_common_init(&c)))
		return st;
	if ((st = parse(argc, argv, &c, &o)))
		return st < 0 ? hl_finish(0) : st;
	if ((st = hl_common_ready(&c)))
		return st;
	if (o.window && (hl_limit_parse(o.window, &w) || w.unit == 'w'))
		return hl_usage_error("--repeat-window: expected like 30d, 72h or "
		                      "90m");
	if (o.rd.encoding && !hl_encoding_known(o.rd.encoding))
		return hl_usage_error("--encoding: unknown encoding '%s'",
		                      o.rd.encoding);
	if (o.map && !(map = hl_ticket_map_load(o.map, &st)))
		return st;
	o.rd.header = hl_ticket_header;
	o.rd.header_check = hl_ticket_header_check;
	o.rd.header_ctx = map;
	if ((st = hl_ledger_open(&L, c.db, HL_LEDGER_WRITE))) {
		hl_ticket_map_free(map);
		return st;
	}
	if (!(st = hl_intake_init(&in, L, &o.rd))) {
		in.now = c.now;
		in.batch = (size_t)o.batch;
		in.skew = o.skew;
		in.update = o.update;
		if (o.window)
			in.window = w.n * (w.unit == 'm' ? 60 : w.unit == 'h' ? 3600
			                                                      : 86400);
		st = hl_intake_run(&in, argv + optind, argc - optind);
		if (in.n_conflict)
			st = hl_worse(st, EX_DATAERR);
		hl_intake_free(&in);
		if (!c.quiet) {
			fprintf(stderr, "%s: %ld read, %ld new, %ld duplicate, "
			        "%ld rejected", hl_prog, o.rd.read,
			        in.n_new, in.n_duplicate, o.rd.bad);
			if (in.n_conflict)
				fprintf(stderr, ", %ld conflicting", in.n_conflict);
			if (in.n_updated)
				fprintf(stderr, ", %ld updated", in.n_updated);
			fputc('\n', stderr);
		}
	}
	st = hl_worse(st, hl_reader_close(&o.rd));
	hl_ledger_close(L);
	hl_ticket_map_free(map);
	return hl_finish(st);
}
