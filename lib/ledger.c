/*
 * ledger.c - the SQLite ledger: opening, the pragmas, migrations, the
 * cross-process write lock, transactions, SQLite errors as exit statuses,
 * backup and check.
 *
 * Debian 12's SQLite 3.40.1 has the WAL-reset bug (fixed in 3.51.3): rare
 * corruption when two connections write or checkpoint at the same moment.
 * We make that moment impossible between our programs: every write and
 * every checkpoint happens while holding an exclusive flock(2) on
 * "LEDGER.lock" beside the ledger, and no connection checkpoints on close.
 * Autocheckpoints run inside COMMIT, that is, under the lock.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hl.h"

#define HL_APPLICATION_ID 0x486f746c    /* "Hotl" */

/* Migrations: entry i takes the ledger from user_version i to i + 1. */
static const char *const migrations[] = {
	hl_schema_sql,
	hl_migrate2_sql,
};
#define NMIGRATIONS (int)(sizeof migrations / sizeof migrations[0])

int
hl_ledger_fail(struct hl_ledger *L, int rc, const char *what)
{
	const char *msg = L && L->db ? sqlite3_errmsg(L->db) : sqlite3_errstr(rc);

	switch (rc & 0xff) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		hl_err("%s: ledger '%s' is busy (%s); try again later", what,
		       L ? L->path : "?", msg);
		return EX_TEMPFAIL;
	case SQLITE_FULL:
		hl_err("%s: %s (is the disk full?)", what, msg);
		return EX_IOERR;
	case SQLITE_IOERR:
		hl_err("%s: %s", what, msg);
		return EX_IOERR;
	case SQLITE_PERM:
	case SQLITE_READONLY:
	case SQLITE_AUTH:
		hl_err("%s: permission denied on ledger '%s' (%s)", what,
		       L ? L->path : "?", msg);
		return EX_NOPERM;
	case SQLITE_NOTADB:
		hl_err("%s: '%s' is not a ledger (%s)", what, L ? L->path : "?",
		       msg);
		return EX_DATAERR;
	case SQLITE_CORRUPT:
		/* Not EX_DATAERR: that status means "the good records were done". */
		hl_err("%s: ledger '%s' is damaged (%s); see hl-ledger check", what,
		       L ? L->path : "?", msg);
		return EX_IOERR;
	default:
		hl_err("%s: %s", what, msg);
		return EX_SOFTWARE;
	}
}

/* With HL_QUERY_PLAN set, the plan SQLite chose for sql, on standard
 * error: "plan: SQL" then "plan:   DETAIL" a step (SEARCH ... USING INDEX,
 * SCAN ...), so that a test can see which tables are read in full. */
static void
show_plan(struct hl_ledger *L, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *q = sqlite3_mprintf("EXPLAIN QUERY PLAN %s", sql);
	const char *p;

	if (!q)
		return;
	fputs("plan: ", stderr);
	for (p = sql; *p; p++)
		fputc(*p == '\n' || *p == '\t' ? ' ' : *p, stderr);
	fputc('\n', stderr);
	if (sqlite3_prepare_v2(L->db, q, -1, &st, NULL) == SQLITE_OK)
		while (sqlite3_step(st) == SQLITE_ROW)
			fprintf(stderr, "plan:   %s\n",
			        (const char *)sqlite3_column_text(st, 3));
	sqlite3_finalize(st);
	sqlite3_free(q);
}

sqlite3_stmt *
hl_prepare(struct hl_ledger *L, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v3(L->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	                            &st, NULL);

	if (rc != SQLITE_OK) {
		hl_ledger_fail(L, rc, "cannot prepare a query");
		return NULL;
	}
	if (getenv("HL_QUERY_PLAN") && *getenv("HL_QUERY_PLAN"))
		show_plan(L, sql);
	return st;
}

int
hl_exec(struct hl_ledger *L, const char *sql)
{
	int rc = sqlite3_exec(L->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : hl_ledger_fail(L, rc, "ledger");
}

int
hl_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	return s ? sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT)
	         : sqlite3_bind_null(st, i);
}

json_t *
hl_column_json_text(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? json_string((const char *)s) : json_null();
}

/* Runs a query returning one integer. */
static int
query_int(struct hl_ledger *L, const char *sql, long long *out)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = sqlite3_prepare_v2(L->db, sql, -1, &st, NULL)) != SQLITE_OK)
		return hl_ledger_fail(L, rc, "cannot read the ledger");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return hl_ledger_fail(L, rc, "cannot read the ledger");
	return 0;
}

static int
lock_take(struct hl_ledger *L)
{
	struct timespec ts = { 0, 1000000 };
	long waited = 0;
	struct stat sb;

	if (L->lockfd < 0) {
		mode_t mode = 0600;

		if (stat(L->path, &sb) == 0)
			mode = sb.st_mode & 0666;
		L->lockfd = open(L->lockpath, O_RDWR | O_CREAT | O_CLOEXEC, mode);
		if (L->lockfd < 0) {
			hl_err("cannot open lock file '%s':", L->lockpath);
			return errno == EACCES ? EX_NOPERM : EX_CANTCREAT;
		}
		/* The umask must not narrow a shared ledger's companion. */
		if (fstat(L->lockfd, &sb) == 0 && sb.st_size == 0 &&
		    (sb.st_mode & 0777) != mode && sb.st_uid == geteuid())
			fchmod(L->lockfd, mode);
	}
	/* Poll with a growing pause: flock has no timeout of its own. */
	while (flock(L->lockfd, LOCK_EX | LOCK_NB) != 0) {
		if (errno != EWOULDBLOCK && errno != EINTR) {
			hl_err("cannot lock '%s':", L->lockpath);
			return EX_IOERR;
		}
		if (waited >= L->busy_ms) {
			hl_err("ledger '%s' is locked by another process; try again "
			       "later", L->path);
			return EX_TEMPFAIL;
		}
		nanosleep(&ts, NULL);
		waited += ts.tv_nsec / 1000000;
		if (ts.tv_nsec < 50000000)
			ts.tv_nsec *= 2;
	}
	return 0;
}

static void
lock_release(struct hl_ledger *L)
{
	if (L->lockfd >= 0)
		flock(L->lockfd, LOCK_UN);
}

int
hl_ledger_begin(struct hl_ledger *L)
{
	int st, rc;

	if (L->mode == HL_LEDGER_READ) {
		hl_err("internal error: write to a ledger opened read-only");
		return EX_SOFTWARE;
	}
	if (L->in_tx) {
		hl_err("internal error: nested transaction");
		return EX_SOFTWARE;
	}
	if ((st = lock_take(L)))
		return st;
	rc = sqlite3_exec(L->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		lock_release(L);
		return hl_ledger_fail(L, rc, "cannot start a write");
	}
	L->in_tx = 1;
	L->head_known = 0;
	return 0;
}

int
hl_ledger_commit(struct hl_ledger *L)
{
	int rc = sqlite3_exec(L->db, "COMMIT", NULL, NULL, NULL);
	int st = 0;

	if (rc != SQLITE_OK) {
		st = hl_ledger_fail(L, rc, "cannot commit to the ledger");
		sqlite3_exec(L->db, "ROLLBACK", NULL, NULL, NULL);
	}
	L->in_tx = 0;
	lock_release(L);
	return st;
}

void
hl_ledger_rollback(struct hl_ledger *L)
{
	if (L->in_tx && !sqlite3_get_autocommit(L->db))
		sqlite3_exec(L->db, "ROLLBACK", NULL, NULL, NULL);
	L->in_tx = 0;
	L->head_known = 0;
	lock_release(L);
}

/* A database without our application_id is ours only if it is empty:
 * EX_DATAERR when it holds someone else's tables. */
static int
foreign(struct hl_ledger *L)
{
	long long n;
	int st;

	if ((st = query_int(L, "SELECT count(*) FROM sqlite_master", &n)))
		return st;
	return n ? EX_DATAERR : 0;
}

/* Brings the schema to this build's version, under the lock. */
static int
migrate(struct hl_ledger *L)
{
	long long version, appid;
	char sql[96];
	int st, rc;

	if ((st = hl_ledger_begin(L)))
		return st;
	/* Re-read under the lock: another process may have migrated. */
	if ((st = query_int(L, "PRAGMA user_version", &version)) ||
	    (st = query_int(L, "PRAGMA application_id", &appid)))
		goto fail;
	if ((appid != 0 && appid != HL_APPLICATION_ID) ||
	    (appid == 0 && (st = foreign(L)))) {
		if (st == 0 || st == EX_DATAERR) {
			hl_err("'%s' is not a hotline ledger", L->path);
			st = EX_DATAERR;
		}
		goto fail;
	}
	while (version < NMIGRATIONS) {
		rc = sqlite3_exec(L->db, migrations[version], NULL, NULL, NULL);
		if (rc != SQLITE_OK) {
			st = hl_ledger_fail(L, rc, "cannot migrate the ledger");
			goto fail;
		}
		version++;
	}
	snprintf(sql, sizeof sql,
	         "PRAGMA user_version = %lld; PRAGMA application_id = %d",
	         version, HL_APPLICATION_ID);
	if ((st = hl_exec(L, sql)))
		goto fail;
	return hl_ledger_commit(L);
fail:
	hl_ledger_rollback(L);
	return st;
}

/* WAL is a property of the file, set at creation; a ledger restored from a
 * backup (rollback journal) gets it back here.  Under the lock. */
static int
ensure_wal(struct hl_ledger *L)
{
	sqlite3_stmt *st;
	int wal = 0, rc, s;

	if (sqlite3_prepare_v2(L->db, "PRAGMA journal_mode", -1, &st, NULL) ==
	    SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			wal = strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0;
		sqlite3_finalize(st);
	}
	if (wal)
		return 0;
	if ((s = lock_take(L)))
		return s;
	rc = sqlite3_exec(L->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
	lock_release(L);
	return rc == SQLITE_OK ? 0 : hl_ledger_fail(L, rc, "cannot set WAL mode");
}

static int
busy_ms_from_env(void)
{
	const char *s = getenv("HL_BUSY_TIMEOUT");
	long v;

	/* Seconds; default 10: long enough for a cron job to wait out an
	 * intake batch, short enough to give up before the next run. */
	if (s && hl_parse_long(s, 0, 3600, &v) == 0)
		return (int)(v * 1000);
	return 10000;
}

/* True if path's directory is set up for a group (setgid, group rwx). */
static int
shared_dir(const char *path)
{
	char *dir = strdup(path), *slash;
	struct stat sb;
	int shared = 0;

	if (!dir)
		return 0;
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (stat(dir, &sb) == 0 && (sb.st_mode & S_ISGID) &&
	    (sb.st_mode & S_IRWXG) == S_IRWXG)
		shared = 1;
	free(dir);
	return shared;
}

int
hl_ledger_share(struct hl_ledger *L, const char *group)
{
	static const char *const suffix[] = { "", "-wal", "-shm", ".lock" };
	struct group *gr = getgrnam(group);
	char *dir, *slash, *file;
	size_t i, n = strlen(L->path);
	int st = 0;

	if (!gr)
		return hl_usage_error("--group: no group '%s'", group);
	if ((st = lock_take(L)))        /* makes the lock file too */
		return st;
	lock_release(L);
	if (!(file = malloc(n + 8)) || !(dir = strdup(L->path))) {
		free(file);
		return EX_SOFTWARE;
	}
	for (i = 0; i < sizeof suffix / sizeof suffix[0] && !st; i++) {
		snprintf(file, n + 8, "%s%s", L->path, suffix[i]);
		if (access(file, F_OK) != 0)
			continue;
		if (chown(file, (uid_t)-1, gr->gr_gid) || chmod(file, 0660)) {
			hl_err("cannot share '%s' with group '%s':", file, group);
			st = errno == EPERM || errno == EACCES ? EX_NOPERM : EX_IOERR;
		}
	}
	/* The directory: setgid, so that what is created in it (the -wal and
	 * -shm files, backups) belongs to the group too; closed to others. */
	slash = strrchr(dir, '/');
	if (!slash)
		strcpy(dir, ".");
	else if (slash == dir)
		dir[1] = '\0';
	else
		*slash = '\0';
	if (!st && (chown(dir, (uid_t)-1, gr->gr_gid) || chmod(dir, 02770))) {
		hl_err("cannot share directory '%s' with group '%s':", dir, group);
		st = errno == EPERM || errno == EACCES ? EX_NOPERM : EX_IOERR;
	}
	free(dir);
	free(file);
	return st;
}

char *
hl_ledger_seal(struct hl_ledger *L, int *status)
{
	sqlite3_stmt *st;
	char *seal = NULL;
	int rc;

	*status = 0;
	if (sqlite3_prepare_v2(L->db, "SELECT seq, hash FROM events ORDER BY seq "
	                       "DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK) {
		*status = hl_ledger_fail(L, sqlite3_errcode(L->db), "cannot seal");
		return NULL;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (asprintf(&seal, "%lld %s", sqlite3_column_int64(st, 0),
		             (const char *)sqlite3_column_text(st, 1)) < 0)
			seal = NULL;
	} else if (rc == SQLITE_DONE) {
		seal = strdup("0 -");   /* an empty history */
	} else {
		*status = hl_ledger_fail(L, rc, "cannot seal");
	}
	sqlite3_finalize(st);
	if (!seal && !*status)
		*status = EX_SOFTWARE;
	return seal;
}

/* Opens or creates the file, with the mode the ledger should have. */
static int
open_file(const char *path, int mode)
{
	struct stat sb;
	int fd;

	if (stat(path, &sb) == 0 && S_ISDIR(sb.st_mode)) {
		hl_err("ledger '%s' is a directory", path);
		return mode == HL_LEDGER_WRITE ? EX_CANTCREAT : EX_NOINPUT;
	}
	if (access(path, F_OK) == 0) {
		if (access(path, mode != HL_LEDGER_READ ? R_OK | W_OK : R_OK)) {
			hl_err("permission denied on ledger '%s'", path);
			return EX_NOPERM;
		}
		return 0;
	}
	if (errno == EACCES) {
		/* Its directory is closed to us: a shared ledger of a group we
		 * are not in, say. */
		hl_err("permission denied on ledger '%s'", path);
		return EX_NOPERM;
	}
	if (errno != ENOENT) {
		hl_err("cannot access ledger '%s':", path);
		return EX_NOINPUT;
	}
	if (mode != HL_LEDGER_WRITE) {
		hl_err("ledger '%s' does not exist (create it with 'hl-ledger init')",
		       path);
		return EX_NOINPUT;
	}
	fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0 && errno == EEXIST)
		return 0;       /* another process made it just now */
	if (fd < 0) {
		hl_err("cannot create ledger '%s':", path);
		return EX_CANTCREAT;
	}
	/* Callers' data: private, unless the directory is an office's shared
	 * one (setgid and group-writable, see hl-ledger init --group). */
	fchmod(fd, shared_dir(path) ? 0660 : 0600);
	close(fd);
	return 0;
}

/* The zone in the settings of an open connection; NULL if none. */
static char *
zone_of(sqlite3 *db)
{
	sqlite3_stmt *st;
	char *zone = NULL;

	if (sqlite3_prepare_v2(db, "SELECT value FROM settings WHERE key = "
	                       "'zone'", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		zone = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return zone;
}

char *
hl_ledger_zone_peek(const char *path)
{
	sqlite3 *db;
	char *zone = NULL;

	if (access(path, F_OK) != 0)
		return NULL;
	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY |
	                    SQLITE_OPEN_NOMUTEX, NULL) == SQLITE_OK) {
		sqlite3_db_config(db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
		sqlite3_busy_timeout(db, busy_ms_from_env());
		zone = zone_of(db);
	}
	sqlite3_close_v2(db);
	return zone;
}

/* Every local time is the ledger's: its zone becomes the process's. */
static int
take_zone(struct hl_ledger *L)
{
	char *zone = zone_of(L->db);
	int st = 0;

	if (!zone) {
		hl_err("ledger '%s' records no time zone; see hl-ledger check",
		       L->path);
		return EX_DATAERR;
	}
	if (hl_zone_set(zone) != 0) {
		hl_err("ledger '%s' is in time zone '%s', which is not in this "
		       "system's time-zone database (install the tzdata package)",
		       L->path, zone);
		st = EX_CONFIG;
	}
	free(zone);
	return st;
}

int
hl_ledger_set_zone(struct hl_ledger *L, const char *zone, long *n)
{
	static const char sql[] =
		"INSERT INTO settings (key, value) VALUES ('zone', ?), "
		"('utc_offset', ?) ON CONFLICT (key) DO UPDATE SET value = "
		"excluded.value";
	sqlite3_stmt *st;
	char off[24];
	int rc, r;

	if (hl_zone_set(zone) != 0) {
		hl_err("unknown time zone '%s' (a name from the time-zone database, "
		       "such as Asia/Shanghai)", zone);
		return EX_USAGE;
	}
	/* The views show local times with one offset (SQLite knows no
	 * zones): the zone's offset now, exact for zones without summer
	 * time, as China's. */
	snprintf(off, sizeof off, "%ld", hl_zone_utc_offset((hl_time)time(NULL)));
	if (!(st = hl_prepare(L, sql)))
		return EX_SOFTWARE;
	sqlite3_bind_text(st, 1, zone, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, off, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return hl_ledger_fail(L, rc, "cannot record the time zone");
	if ((r = hl_rederive_all(L, n)))
		return r;
	return 0;
}

int
hl_ledger_open(struct hl_ledger **out, const char *path, int mode)
{
	struct hl_ledger *L;
	long long version, appid;
	int st, rc, flags;

	size_t n = strlen(path);

	*out = NULL;
	if ((st = open_file(path, mode)))
		return st;
	if (!(L = calloc(1, sizeof *L)) || !(L->path = strdup(path)) ||
	    !(L->lockpath = malloc(n + 6))) {
		if (L)
			free(L->path);
		free(L);
		return EX_SOFTWARE;
	}
	memcpy(L->lockpath, path, n);
	memcpy(L->lockpath + n, ".lock", 6);
	L->lockfd = -1;
	L->mode = mode;
	L->busy_ms = busy_ms_from_env();
	flags = (mode != HL_LEDGER_READ ? SQLITE_OPEN_READWRITE
	                                 : SQLITE_OPEN_READONLY) |
	        SQLITE_OPEN_NOMUTEX;
	rc = sqlite3_open_v2(path, &L->db, flags, NULL);
	if (rc != SQLITE_OK) {
		st = hl_ledger_fail(L, rc, "cannot open the ledger");
		goto fail;
	}
	sqlite3_extended_result_codes(L->db, 1);
	sqlite3_db_config(L->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_busy_timeout(L->db, L->busy_ms);
	/* The references the schema declares are kept by the code that writes
	 * (one function per kind of write) and verified by hl-ledger check
	 * (PRAGMA foreign_key_check); enforcing them on every row cost a fifth
	 * of intake's time. */
	if ((st = hl_exec(L, "PRAGMA foreign_keys = OFF")))
		goto fail;
	if (mode != HL_LEDGER_READ &&
	    (st = hl_exec(L, "PRAGMA synchronous = NORMAL; "
	                     "PRAGMA wal_autocheckpoint = 10000")))
		goto fail;

	if ((st = query_int(L, "PRAGMA user_version", &version)) ||
	    (st = query_int(L, "PRAGMA application_id", &appid)))
		goto fail;
	if ((appid != 0 && appid != HL_APPLICATION_ID) ||
	    (appid == 0 && foreign(L) == EX_DATAERR)) {
		hl_err("'%s' is not a hotline ledger", path);
		st = EX_DATAERR;
		goto fail;
	}
	if (version > NMIGRATIONS) {
		hl_err("ledger '%s' has schema %lld, newer than this hotline's "
		       "(%d): upgrade the programs", path, version, NMIGRATIONS);
		st = EX_DATAERR;
		goto fail;
	}
	if (mode != HL_LEDGER_READ && version == NMIGRATIONS &&
	    (st = ensure_wal(L)))
		goto fail;
	if (version < NMIGRATIONS) {
		if (mode == HL_LEDGER_READ) {
			hl_err("ledger '%s' %s; run 'hl-ledger init'", path,
			       version ? "needs migration" : "is empty");
			st = version ? EX_DATAERR : EX_NOINPUT;
			goto fail;
		}
		if ((st = ensure_wal(L)) || (st = migrate(L)))
			goto fail;
	}
	if ((st = take_zone(L)))
		goto fail;
	*out = L;
	return 0;
fail:
	hl_ledger_close(L);
	return st;
}

sqlite3_stmt *
hl_stmt(struct hl_ledger *L, const char *sql)
{
	int i;

	for (i = 0; i < L->nstmt; i++)
		if (L->stmt_sql[i] == sql) {
			sqlite3_reset(L->stmt[i]);
			sqlite3_clear_bindings(L->stmt[i]);
			return L->stmt[i];
		}
	if (L->nstmt == HL_STMT_CACHE) {
		hl_err("internal error: statement cache full");
		return NULL;
	}
	if (!(L->stmt[L->nstmt] = hl_prepare(L, sql)))
		return NULL;
	L->stmt_sql[L->nstmt] = sql;
	return L->stmt[L->nstmt++];
}

void
hl_ledger_close(struct hl_ledger *L)
{
	if (!L)
		return;
	if (L->in_tx)
		hl_ledger_rollback(L);
	while (L->nstmt > 0) {
		sqlite3_stmt *st = L->stmt[--L->nstmt];

		if (getenv("HL_STMT_STATS") && *getenv("HL_STMT_STATS"))
			fprintf(stderr, "%10d scan %10d sort %10d vm  %.70s\n",
			        sqlite3_stmt_status(st, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0),
			        sqlite3_stmt_status(st, SQLITE_STMTSTATUS_SORT, 0),
			        sqlite3_stmt_status(st, SQLITE_STMTSTATUS_VM_STEP, 0),
			        sqlite3_sql(st));
		sqlite3_finalize(st);
	}
	if (L->db)
		sqlite3_close_v2(L->db);
	if (L->lockfd >= 0)
		close(L->lockfd);
	free(L->path);
	free(L->lockpath);
	free(L);
}

int
hl_ledger_backup(struct hl_ledger *L, const char *dest)
{
	sqlite3 *db = NULL;
	sqlite3_backup *b;
	char *tmp;
	int fd, rc, st = 0;
	size_t n = strlen(dest);

	if (access(dest, F_OK) == 0) {
		hl_err("backup file '%s' exists; not overwriting it", dest);
		return EX_CANTCREAT;
	}
	if (!(tmp = malloc(n + 8)))
		return EX_SOFTWARE;
	snprintf(tmp, n + 8, "%s.tmp~", dest);
	unlink(tmp);
	fd = open(tmp, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		hl_err("cannot create '%s':", tmp);
		free(tmp);
		return EX_CANTCREAT;
	}
	/* As private as the ledger, or shared with its group like it. */
	{
		struct stat sb;

		if (stat(L->path, &sb) == 0)
			fchmod(fd, sb.st_mode & 0660);
	}
	close(fd);
	rc = sqlite3_open_v2(tmp, &db, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		b = sqlite3_backup_init(db, "main", L->db, "main");
		if (!b) {
			rc = sqlite3_errcode(db);
		} else {
			/* One step: a consistent snapshot of the source (WAL lets
			 * writers go on meanwhile). */
			while ((rc = sqlite3_backup_step(b, -1)) == SQLITE_OK ||
			       rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
				sqlite3_sleep(50);
			sqlite3_backup_finish(b);
			if (rc == SQLITE_DONE)
				rc = sqlite3_errcode(db);
		}
	}
	/* A backup is one self-contained file: no -wal beside it. */
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL,
		                  NULL);
	if (rc != SQLITE_OK) {
		hl_err("cannot back up to '%s': %s", dest,
		       db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		st = (rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR
		     ? EX_IOERR : EX_CANTCREAT;
	}
	sqlite3_close(db);
	/* link(2), not rename(2): it fails rather than replace a file that
	 * appeared meanwhile. */
	if (!st && link(tmp, dest) != 0) {
		hl_err(errno == EEXIST ? "backup file '%s' exists; not overwriting "
		       "it" : "cannot create '%s':", dest);
		st = EX_CANTCREAT;
	}
	unlink(tmp);
	free(tmp);
	return st;
}
