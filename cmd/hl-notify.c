/*
 * hl-notify - turns what the ledger owes (escalations, new assignments,
 * retries) and the records on its input into messages, and delivers each
 * through its channel's command, once.  See hl-notify(1).
 */
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hl.h"

#ifndef HL_SENDERS_DIR
#define HL_SENDERS_DIR "/usr/local/lib/hotline"
#endif

static const char usage[] =
	"usage: hl-notify [-nq] [-d DB] [-t DIR] [-x CMD] [-T SECONDS]\n"
	"                 [--now TIME] [-r ID|all]... [FILE...]\n"
	"       hl-notify [-d DB] -p | -f\n"
	"\n"
	"Queues what the ledger owes (escalations not yet notified, new\n"
	"assignments) and the records of FILE or standard input (escalation\n"
	"records, tickets, digests, messages), then delivers every due notice\n"
	"through its channel's command.\n"
	"\n"
	"  -d, --db PATH          the ledger (default $HL_DB, else hotline.db)\n"
	"  -n, --dry-run          print the messages as JSON lines, send none\n"
	"  -x, --via CMD          send every message through CMD\n"
	"  -t, --templates DIR    templates NAME.txt from DIR\n"
	"  -T, --timeout SECONDS  a command's time before it is killed (30)\n"
	"  -r, --retry ID|all     make a failed notice due again\n"
	"  -p, --pending          list the notices not yet sent\n"
	"  -f, --failed           list the notices that failed\n"
	"  -q, --quiet            no summary on standard error\n"
	"      --now TIME         take TIME as now\n"
	"  -h, --help             show this help\n"
	"  -V, --version          show the version\n";

static const struct option longopts[] = {
	{ "db", required_argument, NULL, 'd' },
	{ "dry-run", no_argument, NULL, 'n' },
	{ "via", required_argument, NULL, 'x' },
	{ "templates", required_argument, NULL, 't' },
	{ "timeout", required_argument, NULL, 'T' },
	{ "retry", required_argument, NULL, 'r' },
	{ "pending", no_argument, NULL, 'p' },
	{ "failed", no_argument, NULL, 'f' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "now", required_argument, NULL, HL_OPT_NOW },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* The command given to --via as a path: as is with a '/', else found in
 * PATH (posix_spawn does not search).  NULL if there is none. */
static char *
via_path(const char *cmd)
{
	const char *path = getenv("PATH"), *p, *e;
	char *full;

	if (strchr(cmd, '/'))
		return access(cmd, X_OK) == 0 ? hl_xstrdup(cmd) : NULL;
	for (p = path ? path : "/usr/bin:/bin"; *p; p = *e ? e + 1 : e) {
		e = strchrnul(p, ':');
		if (asprintf(&full, "%.*s/%s", (int)(e - p), e == p ? "." : p,
		             cmd) < 0)
			hl_die(EX_SOFTWARE, "out of memory");
		if (access(full, X_OK) == 0)
			return full;
		free(full);
	}
	return NULL;
}

/* Where the hl-send-CHANNEL commands are: $HL_SENDERS; else lib/hotline
 * beside the directory of this program (an installed tree, wherever it
 * was moved); else where the build said they would be installed. */
static char *
senders_dir(void)
{
	const char *env = getenv("HL_SENDERS");
	char exe[4096], *slash, *dir;
	ssize_t n;

	if (env && *env)
		return hl_xstrdup(env);
	n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	if (n > 0) {
		exe[n] = '\0';
		if ((slash = strrchr(exe, '/')))
			*slash = '\0';
		if (asprintf(&dir, "%s/../lib/hotline", exe) < 0)
			hl_die(EX_SOFTWARE, "out of memory");
		if (access(dir, X_OK) == 0)
			return dir;
		free(dir);
	}
	return hl_xstrdup(HL_SENDERS_DIR);
}

int
main(int argc, char **argv)
{
	struct hl_common c;
	struct hl_notify n;
	struct hl_rules_store rs;
	struct hl_templates *tp = NULL;
	const char *templates = NULL, *via = NULL, *timeout = NULL;
	const char *retry[32];
	char *vpath = NULL, *senders = NULL;
	int opt, st, list = -1, nretry = 0, i;
	long secs = 30;

	hl_init(argv[0]);
	opterr = 0;
	memset(&n, 0, sizeof n);
	if ((st = hl_common_init(&c)))
		return st;
	while ((opt = getopt_long(argc, argv, ":d:nx:t:T:r:pfqhV", longopts,
	                          NULL)) != -1) {
		if ((st = hl_common_opt(&c, opt, optarg)) > 0)
			continue;
		if (st < 0)
			return EX_USAGE;
		switch (opt) {
		case 'n': n.dry_run = 1; break;
		case 'x': via = optarg; break;
		case 't': templates = optarg; break;
		case 'T': timeout = optarg; break;
		case 'r':
			if (nretry == (int)(sizeof retry / sizeof retry[0]))
				return hl_usage_error("--retry: at most %d; or --retry "
				                      "all", nretry);
			retry[nretry++] = optarg;
			break;
		case 'p': list = 0; break;
		case 'f': list = 1; break;
		case 'h': fputs(usage, stdout); return hl_finish(0);
		case 'V': return hl_finish(hl_version());
		default: return hl_option_error(opt, argv);
		}
	}
	for (i = 0; i < nretry; i++) {
		long id;

		if (strcmp(retry[i], "all") && hl_parse_long(retry[i], 1,
		                                             0x7fffffffL, &id))
			return hl_usage_error("--retry: expected an outbox id or "
			                      "'all', not '%s'", retry[i]);
	}
	if (timeout && hl_parse_long(timeout, 1, 86400, &secs))
		return hl_usage_error("--timeout: expected 1 to 86400 (seconds)");
	if (list >= 0 && (optind < argc || nretry || n.dry_run || via))
		return hl_usage_error("--pending and --failed take no other work");
	if (via && !(vpath = via_path(via)))
		return hl_usage_error("--via: no command '%s'", via);
	/* The templates are checked before anything is queued or sent. */
	if ((st = hl_common_ready(&c)) ||
	    (list < 0 && (st = hl_templates_load(&tp, templates))) ||
	    (st = hl_ledger_open_rules(&n.L, c.db, list >= 0 ? HL_LEDGER_READ
	                               : HL_LEDGER_UPDATE, &rs))) {
		hl_templates_free(tp);
		free(vpath);
		return st;
	}
	if (list >= 0) {
		st = hl_notify_list(n.L, list, stdout);
		goto out;
	}
	n.rs = &rs;
	n.tp = tp;
	n.now = c.now;
	n.via = vpath;
	n.timeout = (int)secs;
	n.out = stdout;
	n.senders = senders = senders_dir();
	for (i = 0; i < nretry && hl_status_goes_on(st); i++) {
		int r = hl_notify_retry(&n, retry[i]);

		st = hl_worse(st, r == HL_BAD ? EX_DATAERR : r);
	}
	/* Records to match or queue: FILEs, or standard input unless it is
	 * a terminal (a person running hl-notify to deliver). */
	if (hl_status_goes_on(st) && (optind < argc || !isatty(0))) {
		struct hl_reader rd = { .format = HL_FMT_NDJSON,
		                        .idle = hl_notify_idle };

		st = hl_worse(st, hl_read_records(&rd, argv + optind, argc - optind,
		                                  hl_notify_record, &n));
		hl_reader_close(&rd);
	}
	if (hl_status_goes_on(st))
		st = hl_worse(st, hl_notify_sweep(&n));
	if (hl_status_goes_on(st))
		st = hl_worse(st, hl_notify_deliver(&n));
	st = hl_notify_end(&n, st);
	if (!c.quiet && hl_progress_ok() && !n.dry_run)
		fprintf(stderr, "%s: %ld queued, %ld sent, %ld to retry, %ld "
		        "failed, %ld held, %ld without a channel\n", hl_prog,
		        n.queued, n.sent, n.retried, n.failed, n.held, n.nochannel);
out:
	hl_templates_free(tp);
	hl_rules_free(&rs);
	hl_ledger_close(n.L);
	free(vpath);
	free(senders);
	return hl_finish(st);
}
