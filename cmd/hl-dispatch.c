/*
 * hl-dispatch - dual dispatch of received tickets (from standard input, ids,
 * or --pending), their deadlines; transfer of dispatched ones with --to and
 * --reason.  See hl-dispatch(1).
 */
#include <getopt.h>
#include <string.h>

#include "hl.h"

static const char usage[] =
	"usage: hl-dispatch [-q] [-d DB] [-t UNIT [-r REASON]] [-b NAME] [-a TIME]\n"
	"                   [--now TIME] [--pending | ID... | -]\n"
	"\n"
	"Dispatches received tickets to their primary handler and village\n"
	"committee, read as ticket lines from standard input, named by ID, or\n"
	"--pending (every received ticket).  With --to, sends them there; a\n"
	"ticket already dispatched is transferred (needs --reason).\n"
	"\n"
	"  -d, --db PATH      the ledger (default $HL_DB, else hotline.db)\n"
	"  -p, --pending      every received ticket in the ledger\n"
	"  -t, --to UNIT      dispatch or transfer to UNIT (or a person)\n"
	"  -r, --reason TEXT  why (needed for a transfer)\n"
	"  -b, --by NAME      who dispatches, for the history\n"
	"  -a, --at TIME      when (default now)\n"
	"      --now TIME     take TIME as now\n"
	"  -q, --quiet        no summary on standard error\n"
	"  -h, --help         show this help\n"
	"  -V, --version      show the version\n";

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "pending", no_argument, NULL, 'p' },
	{ "to", required_argument, NULL, 't' },
	{ "reason", required_argument, NULL, 'r' },
	{ "by", required_argument, NULL, 'b' },
	{ "at", required_argument, NULL, 'a' },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "quiet", no_argument, NULL, 'q' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

struct run {
	struct hl_ledger *L;
	struct hl_rules_store rs;
	struct hl_batch batch;
	struct hl_dispatch_req q;
	const char *at;
	long done, bad;
};

/* Dispatches one ticket; pos is NULL for ids from the command line. */
static int
one(struct run *r, const char *id, const struct hl_pos *pos)
{
	char why[512];
	json_t *line;
	int st;

	if ((st = hl_batch_begin(&r->batch)))
		return st;
	r->q.id = id;
	st = hl_dispatch(r->L, &r->rs.rules, &r->q, &line, why, sizeof why);
	if (st == HL_BAD) {
		if (pos)
			hl_err_at(pos, "%s", why);
		else
			hl_err("error: %s", why);
		r->bad++;
		return HL_BAD;
	}
	if (st) {
		hl_batch_abort(&r->batch);      /* nothing half-done commits */
		return st;
	}
	if (!line)
		return hl_batch_done(&r->batch);
	r->done++;
	if ((st = hl_batch_queue(&r->batch, line)))
		return st;
	return hl_batch_done(&r->batch);
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
	json_t *v = json_object_get(rec->obj, "id");
	const char *id = json_string_value(v);
	char num[32];

	if (json_is_integer(v)) {
		snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT,
		         json_integer_value(v));
		id = num;
	}
	if (!id) {
		hl_err_at(&rec->pos, "missing field 'id'");
		return HL_BAD;
	}
	/* hl-intake's lines include the repeat calls it merged: not ours. */
	((struct run *)ctx)->q.skip_merged = 1;
	return one(ctx, id, &rec->pos);
}

/* Every received ticket, oldest first: read the ids, then dispatch. */
static int
pending(struct run *r)
{
	sqlite3_stmt *st = hl_prepare(r->L, "SELECT id FROM tickets "
	                              "WHERE status = 'received' "
	                              "ORDER BY received_at, id");
	json_t *ids = json_array(), *v;
	size_t i;
	int rc, s = 0;

	if (!st)
		return EX_SOFTWARE;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(ids, json_string(
			(const char *)sqlite3_column_text(st, 0)));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		s = hl_ledger_fail(r->L, rc, "cannot list received tickets");
	json_array_foreach(ids, i, v) {
		if (s && s != HL_BAD)
			break;
		s = one(r, json_string_value(v), NULL);
	}
	json_decref(ids);
	return s == HL_BAD ? 0 : s;
}

int
main(int argc, char **argv)
{
	struct hl_common c;
	struct run r;
	int opt, st, all = 0, i;

	hl_init(argv[0]);
	opterr = 0;
	memset(&r, 0, sizeof r);
	if ((st = hl_common_init(&c)))
		return st;
	while ((opt = getopt_long(argc, argv, ":d:pt:r:b:a:qhV", longopts,
	                          NULL)) != -1) {
		if ((st = hl_common_opt(&c, opt, optarg)) > 0)
			continue;
		if (st < 0)
			return EX_USAGE;
		switch (opt) {
		case 'p': all = 1; break;
		case 't': r.q.to = optarg; break;
		case 'r': r.q.reason = optarg; break;
		case 'b': r.q.by = optarg; break;
		case 'a': r.at = optarg; break;
		case 'h': fputs(usage, stdout); return hl_finish(0);
		case 'V': return hl_finish(hl_version());
		default: return hl_option_error(opt, argv);
		}
	}
	if (all && optind < argc)
		return hl_usage_error("--pending takes no ids");
	if ((st = hl_common_ready(&c)))
		return st;
	r.q.now = c.now;
	r.q.at = c.now;
	if (r.at && (st = hl_parse_time_opt("--at", r.at, HL_TIME_DATE_START,
	                                    &r.q.at)))
		return st;
	if ((st = hl_ledger_open_rules(&r.L, c.db, HL_LEDGER_UPDATE, &r.rs)))
		return st;
	r.batch.L = r.L;
	/* A name the directory does not know is said first, and alone. */
	if (r.q.to && (st = hl_route_known(r.L, r.q.to))) {
		hl_rules_free(&r.rs);
		hl_ledger_close(r.L);
		return hl_finish(st);
	}
	if (all) {
		st = pending(&r);
	} else if (optind < argc && strcmp(argv[optind], "-") != 0) {
		for (i = optind; i < argc && (st == 0 || st == HL_BAD); i++)
			st = one(&r, argv[i], NULL);
		if (st == HL_BAD)
			st = 0;
	} else {
		struct hl_reader rd = { .format = HL_FMT_NDJSON, .idle = on_idle };

		st = hl_read_records(&rd, NULL, 0, on_record, &r);
		hl_reader_close(&rd);
	}
	if (hl_status_goes_on(st))
		st = hl_worse(st, hl_batch_flush(&r.batch));
	else
		hl_batch_abort(&r.batch);
	if (r.bad)
		st = hl_worse(st, EX_DATAERR);
	if (!c.quiet && (r.done || r.bad) && hl_progress_ok())
		fprintf(stderr, "%s: %ld dispatched, %ld not\n", hl_prog, r.done,
		        r.bad);
	hl_batch_free(&r.batch);
	hl_rules_free(&r.rs);
	hl_ledger_close(r.L);
	return hl_finish(st);
}
