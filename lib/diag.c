/*
 * diag.c - the program's name, its messages on stderr, exit statuses and the
 * checked end of stdout.  Messages follow one rule: "prog: what failed", in
 * lower case, no full stop, the subject in quotes; record errors carry
 * "(at file:line)".
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hl.h"

const char *hl_prog = "hotline";

void
hl_init(const char *argv0)
{
	const char *slash;
	int fd;

	if (argv0 && *argv0) {
		slash = strrchr(argv0, '/');
		hl_prog = slash ? slash + 1 : argv0;
	}
	/* cron and some daemons start jobs with 0-2 closed: reopen them so that
	 * a later open() cannot become "stdout" by accident. */
	for (fd = 0; fd < 3; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF)
			if (open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY) < 0)
				_exit(EX_SOFTWARE);
	/* Never the caller's TZ: the default zone until the ledger's is known
	 * (hl_common_ready).  A missing zone is reported there. */
	hl_zone_set(HL_ZONE_DEFAULT);
}

static void
vmsg(const char *kind, const struct hl_pos *pos, const char *fmt, va_list ap)
{
	int saved = errno;
	size_t len = strlen(fmt), n;
	char line[2048];

	/* One line, written at once: two threads may report at a time. */
	n = (size_t)snprintf(line, sizeof line, "%s", hl_prog);
	if (kind && pos)
		n += (size_t)snprintf(line + n, sizeof line - n, ": %s (at %s:%ld)",
		                      kind, pos->file, pos->line);
	else if (kind)
		n += (size_t)snprintf(line + n, sizeof line - n, ": %s", kind);
	if (n < sizeof line)
		n += (size_t)snprintf(line + n, sizeof line - n, ": ");
	if (n < sizeof line)
		n += (size_t)vsnprintf(line + n, sizeof line - n, fmt, ap);
	if (n < sizeof line && len && fmt[len - 1] == ':')
		n += (size_t)snprintf(line + n, sizeof line - n, " %s",
		                      strerror(saved));
	if (n >= sizeof line - 1)
		n = sizeof line - 2;
	line[n++] = '\n';
	fflush(stdout);
	fwrite(line, 1, n, stderr);
	errno = saved;
}

void
hl_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, NULL, fmt, ap);
	va_end(ap);
}

void
hl_warn(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning", NULL, fmt, ap);
	va_end(ap);
}

void
hl_err_at(const struct hl_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("error", pos, fmt, ap);
	va_end(ap);
}

void
hl_warn_at(const struct hl_pos *pos, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg("warning", pos, fmt, ap);
	va_end(ap);
}

int
hl_usage_error(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, NULL, fmt, ap);
	va_end(ap);
	fprintf(stderr, "Try '%s --help' for more information.\n", hl_prog);
	return EX_USAGE;
}

int
hl_option_error(int opt, char **argv)
{
	/* getopt_long leaves the offending word at argv[optind - 1]. */
	extern int optind, optopt;
	const char *word = argv[optind - 1];

	if (opt == ':')
		return hl_usage_error("option '%s' needs an argument", word);
	if (optopt && strncmp(word, "--", 2) != 0)
		return hl_usage_error("unknown option '-%c'", optopt);
	return hl_usage_error("unknown option '%s'", word);
}

int
hl_status_goes_on(int st)
{
	return st == 0 || st == EX_DATAERR || st == EX_NOINPUT || st == EX_NOPERM;
}

int
hl_worse(int a, int b)
{
	/* A data error still means the good records were done; anything else
	 * is a failure and the first one is the one to report. */
	if (a == 0 || (a == EX_DATAERR && b != 0))
		return b ? b : a;
	return a;
}

int
hl_finish(int status)
{
	int bad = 0;

	if (fflush(stdout) != 0 || ferror(stdout))
		bad = errno ? errno : EIO;
	if (fclose(stdout) != 0 && !bad)
		bad = errno;
	if (bad && bad != EPIPE) {
		errno = bad;
		hl_err("error writing standard output:");
		return hl_worse(status, EX_IOERR);
	}
	return status;
}

int
hl_version(void)
{
	printf("%s (hotline) %s\n", hl_prog, HL_VERSION);
	return 0;
}

int
hl_progress_ok(void)
{
	const char *term = getenv("TERM");

	return isatty(2) && !(term && strcmp(term, "dumb") == 0);
}

void
hl_die(int status, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vmsg(NULL, NULL, fmt, ap);
	va_end(ap);
	exit(status);
}

void *
hl_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		hl_die(EX_SOFTWARE, "out of memory");
	return p;
}

void *
hl_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		hl_die(EX_SOFTWARE, "out of memory");
	return p;
}

char *
hl_xstrdup(const char *s)
{
	char *p = strdup(s);

	if (!p)
		hl_die(EX_SOFTWARE, "out of memory");
	return p;
}
