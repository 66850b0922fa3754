/*
 * hl-update - record what happened to a ticket: one event from the command
 * line, or many as NDJSON on standard input.  Each event is checked against
 * the ticket's history; the updated ticket is printed.  See hl-update(1).
 */
#include <getopt.h>
#include <string.h>
#include <unistd.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-update [-q] [-d DB] [-b NAME] [-a TIME] [-n TEXT] [--now TIME]\n"
	"                 ID EVENT [EVENT-OPTIONS]\n"
	"       hl-update [-q] [-d DB] [--now TIME] [FILE...]\n"
	"\n"
	"EVENT and its options:\n"
	"  respond | resolve | resume\n"
	"  verify --verdict genuine|malicious|unfounded\n"
	"  plan [--eta TIME]\n"
	"  reply [--via phone|visit]\n"
	"  visit --resolved yes|partly|no --satisfaction very_satisfied|satisfied|\n"
	"        basic|unsatisfied|very_unsatisfied\n"
	"  reopen [--reason TEXT]          return --reason TEXT\n"
	"  extend --until TIME --approved-by NAME --reason TEXT [--stage STAGE]\n"
	"  suspend --reason TEXT           instruct --note TEXT\n"
	"  note --note TEXT                correct --event N --reason TEXT\n"
	"  interview --person NAME --by NAME [--note TEXT]\n"
	"  publish --approved-by NAME\n"
	"\n"
	"Without ID, reads events as JSON lines: {\"ticket\", \"event\", \"at\",\n"
	"\"by\", \"note\", ...options as keys (approved_by, corrects)}.\n"
	"\n"
	"  -d, --db PATH      the ledger (default $HL_DB, else hotline.db)\n"
	"  -b, --by NAME      who did it\n"
	"  -a, --at TIME      when it happened (default now)\n"
	"  -n, --note TEXT    a note kept with the event\n"
	"      --now TIME     take TIME as now\n"
	"  -q, --quiet        print nothing on standard output\n"
	"  -h, --help         show this help\n"
	"  -V, --version      show the version\n";

/* Event options: their long names and JSON keys. */
static const char *const evopt_key[] = {
	"verdict", "eta", "via", "resolved", "satisfaction", "reason", "until",
	"approved_by", "stage", "corrects", "person",
};
enum { OPT_EV = HL_OPT_FIRST_PRIVATE, NEVOPT = 11 };

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "by", required_argument, NULL, 'b' },
	{ "at", required_argument, NULL, 'a' },
	{ "note", required_argument, NULL, 'n' },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "verdict", required_argument, NULL, OPT_EV + 0 },
	{ "eta", required_argument, NULL, OPT_EV + 1 },
	{ "via", required_argument, NULL, OPT_EV + 2 },
	{ "resolved", required_argument, NULL, OPT_EV + 3 },
	{ "satisfaction", required_argument, NULL, OPT_EV + 4 },
	{ "reason", required_argument, NULL, OPT_EV + 5 },
	{ "until", required_argument, NULL, OPT_EV + 6 },
	{ "approved-by", required_argument, NULL, OPT_EV + 7 },
	{ "stage", required_argument, NULL, OPT_EV + 8 },
	{ "event", required_argument, NULL, OPT_EV + 9 },
	{ "person", required_argument, NULL, OPT_EV + 10 },
	{ NULL, 0, NULL, 0 },
};

struct run {
	struct hl_ledger *L;
	struct hl_rules_store rs;
	struct hl_batch batch;
	hl_time now;
	int quiet;
};

/* Records one event given as an object; pos is NULL on the command line. */
static int
one(struct run *r, const json_t *obj, const struct hl_pos *pos)
{
	struct hl_event_in in;
	struct hl_event e = { 0 };
	char why[512];
	json_t *line;
	int st;

	st = hl_event_parse(obj, r->now, &in, why, sizeof why);
	if (st == HL_OK && !(st = hl_batch_begin(&r->batch))) {
		e.ticket_id = in.ticket;
		e.event = in.event;
		e.at = in.at;
		e.actor = in.by;
		e.details = in.details;
		e.corrects = in.corrects;
		st = hl_record(r->L, &r->rs.rules, &e, r->now, NULL, why,
		               sizeof why);
	}
	if (st == HL_BAD) {
		if (pos)
			hl_err_at(pos, "%s", why);
		else
			hl_err("error: %s", why);
	} else if (st == 0) {
		if (r->quiet) {
			st = hl_batch_done(&r->batch);
		} else if ((line = hl_store_ticket_json(r->L, in.ticket, &st))) {
			if (!(st = hl_batch_queue(&r->batch, line)))
				st = hl_batch_done(&r->batch);
		}
	}
	hl_event_in_clear(&in);
	if (st && st != HL_BAD)
		hl_batch_abort(&r->batch);      /* nothing half-done commits */
	return st;
}

/* Input would wait: commit and print what is done, so that a slow feed
 * does not hold the ledger's lock. */
static int
on_idle(void *ctx)
{
	struct run *r = ctx;

	return hl_batch_flush(&r->batch);
}

static int
on_record(void *ctx, const struct hl_record *rec)
{
	return one(ctx, rec->obj, &rec->pos);
}

/* The command-line event as the object NDJSON would give. */
static json_t *
cli_event(int argc, char **argv, const char *by, const char *at,
          const char *note, char **evopt)
{
	json_t *o = json_pack("{s:s, s:s}", "ticket", argv[0], "event", argv[1]);
	int i;

	(void)argc;
	if (by)
		json_object_set_new(o, "by", json_string(by));
	if (at)
		json_object_set_new(o, "at", json_string(at));
	if (note)
		json_object_set_new(o, "note", json_string(note));
	for (i = 0; i < NEVOPT; i++) {
		long n;

		if (!evopt[i])
			continue;
		if (i == 9 && hl_parse_long(evopt[i], 1, 1L << 62, &n) == 0)
			json_object_set_new(o, evopt_key[i], json_integer(n));
		else
			json_object_set_new(o, evopt_key[i], json_string(evopt[i]));
	}
	return o;
}

int
main(int argc, char **argv)
{
	struct hl_common c;
	struct run r;
	const char *by = NULL, *at = NULL, *note = NULL;
	char *evopt[NEVOPT] = { 0 };
	int opt, st;

	hl_init(argv[0]);
	opterr = 0;
	memset(&r, 0, sizeof r);
	if ((st = hl_common_init(&c)))
		return st;
	while ((opt = getopt_long(argc, argv, ":d:b:a:n:qhV", longopts,
	                          NULL)) != -1) {
		if ((st = hl_common_opt(&c, opt, optarg)) > 0)
			continue;
		if (st < 0)
			return EX_USAGE;
		if (opt >= OPT_EV && opt < OPT_EV + NEVOPT) {
			evopt[opt - OPT_EV] = optarg;
			continue;
		}
		switch (opt) {
		case 'b': by = optarg; break;
		case 'a': at = optarg; break;
		case 'n': note = optarg; break;
		case 'h': fputs(usage, stdout); return hl_finish(0);
		case 'V': return hl_finish(hl_version());
		default: return hl_option_error(opt, argv);
		}
	}
	argc -= optind;
	argv += optind;
	/* ID EVENT, or files of events: two words whose second names an
	 * event are the former. */
	if (argc == 2 && !hl_event_known(argv[1]) && access(argv[0], F_OK) != 0)
		return hl_usage_error("unknown event '%s'", argv[1]);
	if (argc > 2 && hl_event_known(argv[1]))
		return hl_usage_error("unexpected argument '%s'", argv[2]);
	if ((st = hl_common_ready(&c)))
		return st;
	if (at) {
		hl_time t;

		if ((st = hl_parse_time_opt("--at", at, HL_TIME_DATE_START, &t)))
			return st;
	}
	if ((st = hl_ledger_open_rules(&r.L, c.db, HL_LEDGER_UPDATE, &r.rs)))
		return st;
	r.batch.L = r.L;
	r.now = c.now;
	r.quiet = c.quiet;
	if (argc == 2 && hl_event_known(argv[1])) {
		json_t *o = cli_event(argc, argv, by, at, note, evopt);

		st = one(&r, o, NULL);
		json_decref(o);
		if (st == HL_BAD)
			st = EX_DATAERR;
	} else {
		struct hl_reader rd = { .format = HL_FMT_NDJSON, .idle = on_idle };
		int i;

		for (i = 0; i < NEVOPT; i++)
			if (evopt[i])
				break;
		if (i < NEVOPT || by || at || note) {
			st = hl_usage_error("event options go with ID EVENT on the "
			                    "command line; JSON lines carry their own");
		} else {
			st = hl_read_records(&rd, argv, argc, on_record, &r);
			hl_reader_close(&rd);
		}
	}
	if (hl_status_goes_on(st))
		st = hl_worse(st, hl_batch_flush(&r.batch));
	else
		hl_batch_abort(&r.batch);
	hl_batch_free(&r.batch);
	hl_rules_free(&r.rs);
	hl_ledger_close(r.L);
	return hl_finish(st);
}
