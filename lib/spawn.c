/*
 * spawn.c - running a channel command the safe way: posix_spawn, never a
 * shell, so that nothing in a message or an address is ever parsed as a
 * command; the message on the command's standard input; what it says on
 * standard error kept; the command and everything it started (its own
 * process group) killed when it outlives its timeout.
 *
 * A command is started with the program's environment plus the variables
 * the caller gives (which replace any of the same name), its standard
 * output on /dev/null and every other descriptor closed (ours are all
 * close-on-exec), in a process group of its own.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "hl.h"

extern char **environ;

/* Milliseconds on the monotonic clock. */
static long long
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The environment of the child: environ without the names set in add,
 * then add.  The strings are borrowed; the caller frees the array. */
static char **
child_env(char *const *add)
{
	size_t n = 0, m = 0, i, j, k = 0;
	char **env;

	while (environ && environ[n])
		n++;
	while (add && add[m])
		m++;
	if (!(env = malloc((n + m + 1) * sizeof *env)))
		return NULL;
	for (i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t len = eq ? (size_t)(eq - environ[i]) : strlen(environ[i]);
		int replaced = 0;

		for (j = 0; j < m && !replaced; j++)
			replaced = strncmp(add[j], environ[i], len) == 0 &&
			           add[j][len] == '=';
		if (!replaced)
			env[k++] = environ[i];
	}
	for (j = 0; j < m; j++)
		env[k++] = add[j];
	env[k] = NULL;
	return env;
}

/* Keeps the last part of what the command wrote on stderr: the end of a
 * message says what went wrong. */
static void
keep_err(struct hl_spawn_result *res, const char *p, size_t n)
{
	size_t cap = sizeof res->err - 1;

	if (n >= cap) {
		memcpy(res->err, p + n - cap, cap);
		res->errlen = cap;
	} else {
		if (res->errlen + n > cap) {
			size_t drop = res->errlen + n - cap;

			memmove(res->err, res->err + drop, res->errlen - drop);
			res->errlen -= drop;
		}
		memcpy(res->err + res->errlen, p, n);
		res->errlen += n;
	}
	res->err[res->errlen] = '\0';
}

/* A descriptor that becomes readable when process pid ends, or -1 where
 * the kernel has no pidfd_open (before 5.3): then we poll. */
static int
pid_fd(pid_t pid)
{
#ifdef SYS_pidfd_open
	return (int)syscall(SYS_pidfd_open, pid, 0);
#else
	(void)pid;
	return -1;
#endif
}

/* Ends the command's process group: TERM, a second for it to tidy up,
 * then KILL; reaps the command.  Returns its wait status. */
static int
kill_group(pid_t pid)
{
	long long until;
	int ws = 0;

	kill(-pid, SIGTERM);
	until = now_ms() + 1000;
	while (now_ms() < until) {
		if (waitpid(pid, &ws, WNOHANG) == pid) {
			kill(-pid, SIGKILL);   /* what it left behind */
			return ws;
		}
		poll(NULL, 0, 10);
	}
	kill(-pid, SIGKILL);
	while (waitpid(pid, &ws, 0) < 0 && errno == EINTR)
		;
	return ws;
}

int
hl_spawn(const char *path, char *const *env, const char *input, size_t n,
         int timeout, struct hl_spawn_result *res)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	int in[2] = { -1, -1 }, er[2] = { -1, -1 }, pfd = -1, rc, ws = 0;
	char *argv[2] = { (char *)path, NULL }, **cenv = NULL, buf[4096];
	size_t off = 0;
	long long deadline;
	sigset_t none, dfl;
	pid_t pid;
	int done = 0, open_err = 1;

	memset(res, 0, sizeof *res);
	if (pipe2(in, O_CLOEXEC) || pipe2(er, O_CLOEXEC)) {
		hl_err("cannot make a pipe:");
		goto fail_early;
	}
	if (!(cenv = child_env(env))) {
		hl_err("out of memory");
		goto fail_early;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, er[1], 2);
	posix_spawnattr_init(&at);
	/* Its own process group (to kill all of it), default signals (we
	 * ignore SIGPIPE), nothing blocked. */
	sigemptyset(&none);
	sigemptyset(&dfl);
	sigaddset(&dfl, SIGPIPE);
	sigaddset(&dfl, SIGTERM);
	sigaddset(&dfl, SIGINT);
	sigaddset(&dfl, SIGHUP);
	posix_spawnattr_setsigmask(&at, &none);
	posix_spawnattr_setsigdefault(&at, &dfl);
	posix_spawnattr_setpgroup(&at, 0);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETPGROUP |
	                         POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
	rc = posix_spawn(&pid, path, &fa, &at, argv, cenv);
	posix_spawn_file_actions_destroy(&fa);
	posix_spawnattr_destroy(&at);
	free(cenv);
	close(in[0]);
	close(er[1]);
	in[0] = er[1] = -1;
	if (rc != 0) {
		errno = rc;
		snprintf(res->err, sizeof res->err, "cannot run '%s': %s", path,
		         strerror(rc));
		res->errlen = strlen(res->err);
		close(in[1]);
		close(er[0]);
		return rc == ENOENT || rc == EACCES || rc == ENOEXEC ||
		       rc == ENOTDIR ? EX_UNAVAILABLE : EX_OSERR;
	}
	fcntl(in[1], F_SETFL, O_NONBLOCK);
	if (n == 0) {
		close(in[1]);
		in[1] = -1;
	}
	pfd = pid_fd(pid);
	deadline = now_ms() + (long long)timeout * 1000;
	/* Feed the message, read stderr, until the command ends or its time
	 * is up.  The message is written without blocking: a command that
	 * does not read its input must not hold us past the deadline. */
	while (!done) {
		struct pollfd p[3];
		int np = 0, iw = -1, ie = -1, ip = -1, wait_ms;
		long long left = deadline - now_ms();

		if (left <= 0) {
			res->timed_out = 1;
			ws = kill_group(pid);
			break;
		}
		if (in[1] >= 0) {
			p[np].fd = in[1], p[np].events = POLLOUT, iw = np++;
		}
		if (open_err) {
			p[np].fd = er[0], p[np].events = POLLIN, ie = np++;
		}
		if (pfd >= 0) {
			p[np].fd = pfd, p[np].events = POLLIN, ip = np++;
		}
		/* Without a pidfd, look at the child every 10 ms. */
		wait_ms = pfd >= 0 ? (int)(left < 1000000 ? left : 1000000) : 10;
		if (wait_ms > left)
			wait_ms = (int)left;
		rc = poll(p, (nfds_t)np, wait_ms);
		if (rc < 0 && errno != EINTR) {
			hl_err("poll:");
			ws = kill_group(pid);
			close(pfd);
			pfd = -1;
			goto fail_late;
		}
		if (rc > 0 && iw >= 0 && p[iw].revents) {
			ssize_t w = write(in[1], input + off, n - off);

			if (w > 0)
				off += (size_t)w;
			/* EPIPE: the command does not want the rest. */
			if ((w < 0 && errno != EAGAIN && errno != EINTR) || off == n) {
				close(in[1]);
				in[1] = -1;
			}
		}
		if (rc > 0 && ie >= 0 && p[ie].revents) {
			ssize_t r = read(er[0], buf, sizeof buf);

			if (r > 0)
				keep_err(res, buf, (size_t)r);
			else if (r == 0 || (errno != EAGAIN && errno != EINTR))
				open_err = 0;
		}
		if ((ip >= 0 && rc > 0 && p[ip].revents) || (pfd < 0 && rc == 0) ||
		    (pfd < 0 && !open_err)) {
			pid_t w = waitpid(pid, &ws, WNOHANG);

			if (w == pid) {
				done = 1;
				/* What is left in the pipe (the command has ended). */
				fcntl(er[0], F_SETFL, O_NONBLOCK);
				while (open_err) {
					ssize_t r = read(er[0], buf, sizeof buf);

					if (r <= 0)
						break;
					keep_err(res, buf, (size_t)r);
				}
			}
		}
	}
	if (pfd >= 0)
		close(pfd);
	if (in[1] >= 0)
		close(in[1]);
	close(er[0]);
	if (res->timed_out) {
		res->status = 75;
	} else if (WIFEXITED(ws)) {
		res->status = WEXITSTATUS(ws);
	} else if (WIFSIGNALED(ws)) {
		res->signal = WTERMSIG(ws);
		res->status = 128 + res->signal;
	}
	return 0;
fail_late:
	if (in[1] >= 0)
		close(in[1]);
	close(er[0]);
	return EX_OSERR;
fail_early:
	free(cenv);
	if (in[0] >= 0)
		close(in[0]), close(in[1]);
	if (er[0] >= 0)
		close(er[0]), close(er[1]);
	return EX_OSERR;
}
