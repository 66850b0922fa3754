/*
 * hl.h - the hotline library: everything the hl-* programs share.
 *
 * Ownership, in one paragraph: a function that returns a `char *` or a
 * `json_t *` gives the caller a new reference that the caller frees
 * (free() or json_decref()); a `const char *` it returns is borrowed and lives
 * as long as the object it came from.  Structures passed in are borrowed for
 * the duration of the call unless the comment says "keeps".  Code in lib/
 * never exits: a failure is reported through diag.c and returned as one of
 * the sysexits statuses below (0 means success), so the program decides.
 *
 * Prototypes are grouped by the file that defines them.
 */
#ifndef HL_H
#define HL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sysexits.h>

#include <jansson.h>
#include <sqlite3.h>

#define HL_VERSION "0.1.0"

/* How far in the future (seconds) a time given to us may lie: clocks of
 * the upstream platform and ours differ a little. */
#define HL_SKEW 300

#if defined(__GNUC__)
#define HL_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define HL_NORETURN __attribute__((noreturn))
#else
#define HL_PRINTF(a, b)
#define HL_NORETURN
#endif

struct hl_rules;
struct hl_rules_store;
struct hl_derived;

/* How every program writes JSON: compact, and decimals with 15 significant
 * digits, so that 1.1 read stays 1.1 written (jansson's default of 17
 * prints 1.1000000000000001). */
#define HL_JSON (JSON_COMPACT | JSON_REAL_PRECISION(15))

/* The SQL condition "the ticket is open" with table alias prefix p (the
 * same terms as the partial index tickets_open, so that it is used). */
#define HL_SQL_OPEN(p) \
	p "status <> 'visited' AND " p "status <> 'closed' AND " \
	p "status <> 'rejected'"

/* A time: seconds since the Unix epoch.  Every time in the ledger is one. */
typedef int64_t hl_time;

/* Where a record came from: file name (or "<stdin>") and first line. */
struct hl_pos {
	const char *file;
	long line;
};

/* ---- diag.c: program name, messages, exit statuses, checked stdout ---- */

extern const char *hl_prog;

/* Sets hl_prog from argv[0] and makes fds 0-2 valid (cron may close them). */
void hl_init(const char *argv0);
/* "prog: message"; a format ending in ':' appends strerror(errno). */
void hl_err(const char *fmt, ...) HL_PRINTF(1, 2);
/* "prog: warning: message". */
void hl_warn(const char *fmt, ...) HL_PRINTF(1, 2);
/* "prog: error (at file:line): message". */
void hl_err_at(const struct hl_pos *pos, const char *fmt, ...) HL_PRINTF(2, 3);
/* "prog: warning (at file:line): message". */
void hl_warn_at(const struct hl_pos *pos, const char *fmt, ...) HL_PRINTF(2, 3);
/* Usage error: prints the message and "Try 'prog --help'", returns EX_USAGE. */
int hl_usage_error(const char *fmt, ...) HL_PRINTF(1, 2);
/* After getopt_long returned '?' or ':' (optstring starting with ':' and
 * opterr 0): reports the bad option and returns EX_USAGE. */
int hl_option_error(int opt, char **argv);
/* The more serious of two statuses (any failure beats EX_DATAERR beats 0). */
/* True for a status after which the records already read are still to be
 * stored: bad records (65) and input files that could not be read (66, 77
 * from the record loop, which goes on with the other files). */
int hl_status_goes_on(int st);
int hl_worse(int a, int b);
/* Flushes and closes stdout; a write error (full disk) turns status into
 * EX_IOERR.  Every program returns through it.  SIGPIPE ends quietly. */
int hl_finish(int status);
/* Prints the version line ("prog (hotline) 0.1.0") and returns 0. */
int hl_version(void);
/* True when stderr is a terminal fit for progress (not TERM=dumb). */
int hl_progress_ok(void);

/* Allocation that dies with EX_SOFTWARE on failure: only for cmd/. */
void *hl_xmalloc(size_t n);
void *hl_xrealloc(void *p, size_t n);
char *hl_xstrdup(const char *s);
HL_NORETURN void hl_die(int status, const char *fmt, ...) HL_PRINTF(2, 3);

/* ---- opts.c: the options every program shares ---- */

/* The common state of a program run, filled from options and environment. */
struct hl_common {
	const char *db;     /* --db, HL_DB, or "hotline.db" */
	hl_time now;        /* --now, HL_NOW, or the clock (hl_common_ready) */
	int quiet;          /* -q */
	const char *now_text, *now_from;  /* --now or HL_NOW as given */
};
/* Fills c from the environment.  Returns 0. */
int hl_common_init(struct hl_common *c);
/* Handles a common option; returns 1 if opt was one, 0 if not, or -1 after
 * reporting a usage error. */
int hl_common_opt(struct hl_common *c, int opt, const char *arg);
/* After the options and before any time is read: takes the time zone of
 * the ledger c->db (the default if it has none yet) and reads --now or
 * HL_NOW in it.  0, EX_USAGE or EX_CONFIG (the zone is not installed),
 * after reporting. */
int hl_common_ready(struct hl_common *c);
/* Reads time option s (named what in messages, e.g. "--at") with
 * hl_time_parse's flags.  0, or EX_USAGE after a message that lists the
 * forms accepted. */
int hl_parse_time_opt(const char *what, const char *s, int flags,
                      hl_time *out);
/* getopt_long codes for the shared long-only options. */
enum { HL_OPT_NOW = 0x1000, HL_OPT_FIRST_PRIVATE = 0x1100 };
/* Range-checked number parsing: 0 or -1. */
int hl_parse_long(const char *s, long min, long max, long *out);

/* ---- times.c: parsing and formatting times, durations ---- */

/* The ledger's time zone.  Every local time (parsed without an offset,
 * printed, a working day, 23:59:59) is taken in it, whatever TZ the program
 * was started with.  hl_init sets the default; hl_common_ready and
 * hl_ledger_open the ledger's own.  hl_zone_set returns -1 for a name the
 * system's time-zone database does not have (is tzdata installed?). */
#define HL_ZONE_DEFAULT "Asia/Shanghai"
int hl_zone_set(const char *name);
const char *hl_zone(void);
/* The zone's offset east of UTC at t, in seconds. */
long hl_zone_utc_offset(hl_time t);

/* Parses RFC 3339 (with offset or Z), "YYYY-MM-DD HH:MM[:SS]",
 * "YYYY/MM/DD H:MM[:SS]", or "YYYY-MM-DDTHH:MM[:SS]" (local time).
 * With HL_TIME_DATE_OK a bare date is accepted as the end of that day
 * (23:59:59 local), with HL_TIME_DATE_START as its start (00:00:00).
 * Only times from 1970-01-01T00:00:00Z to 9999-12-31T23:59:59 local.
 * Returns 0, or -1 if s is not such a time. */
enum { HL_TIME_DATE_OK = 1, HL_TIME_DATE_START = 2 };
int hl_time_parse(const char *s, int flags, hl_time *out);
/* The forms hl_time_parse takes, for messages ("expected ..."). */
#define HL_TIME_FORMS "2026-11-25T09:12:00+08:00, 2026-11-25 09:12[:00], " \
	"2026/11/25 9:12 or a date 2026-11-25"
/* Formats t as RFC 3339 with the local offset into buf (at least 32 bytes). */
char *hl_time_format(hl_time t, char *buf, size_t n);
/* A local calendar day as a day number (days since 1970-01-01). */
int64_t hl_day_of(hl_time t);
/* The local time of hh:mm:ss on day number `day`. */
hl_time hl_day_at(int64_t day, int hh, int mm, int ss);
/* Day number <-> civil date (proleptic Gregorian). */
int64_t hl_days_from_civil(int y, int m, int d);
void hl_civil_from_days(int64_t z, int *y, int *m, int *d);
/* 0 = Monday ... 6 = Sunday. */
int hl_weekday(int64_t day);
/* Parses "YYYY-MM-DD" into a day number; 0 or -1. */
int hl_date_parse(const char *s, int64_t *day);
/* Formats a day number as YYYY-MM-DD into buf (at least 11 bytes). */
char *hl_date_format(int64_t day, char *buf, size_t n);

/* A month "2026-10" or an ISO week "2026-W44" as [from, to) in local time.
 * 0 or -1. */
int hl_month_parse(const char *s, hl_time *from, hl_time *to);
int hl_week_parse(const char *s, hl_time *from, hl_time *to);

/* A reporting period as the options give it: a month ("2026-10"), an ISO
 * week ("2026-W44"), or from and to (times, or dates: from's start, to's
 * end); none of them: the last full month before now. */
struct hl_period {
	const char *month, *week, *from, *to;
};
/* [from, to) of p.  0, or EX_USAGE after reporting (a week or month that
 * does not exist is said: "2025 has 52 weeks"). */
int hl_period_parse(const struct hl_period *p, hl_time now, hl_time *from,
                    hl_time *to);
/* The same as a filter (hl-list): no default period, and from or to may
 * be given alone; a bound not given is 0.  0 or EX_USAGE. */
int hl_period_bounds(const struct hl_period *p, hl_time *from, hl_time *to);
/* The period before [from, to): the calendar month or ISO week before,
 * or the same length just before. */
void hl_period_previous(const struct hl_period *p, hl_time from, hl_time to,
                        hl_time *pfrom, hl_time *pto);

/* A duration limit from policy: "30m", "2h", "3d" (calendar days) or "5wd"
 * (working days). */
struct hl_limit {
	long n;
	char unit;          /* 'm', 'h', 'd' or 'w' (working days) */
};
int hl_limit_parse(const char *s, struct hl_limit *out);
/* Writes the limit back in its text form ("5wd"). */
char *hl_limit_format(const struct hl_limit *l, char *buf, size_t n);

/* ---- text.c: UTF-8, display width, masking ---- */

/* True if s[0..n) is valid UTF-8 (no overlongs, no surrogates). */
int hl_utf8_valid(const char *s, size_t n);
/* Columns s takes in a terminal: East Asian wide characters count 2. */
size_t hl_text_width(const char *s);
/* Bytes of the longest start of s that takes at most `width` columns
 * (whole characters). */
size_t hl_text_cut(const char *s, size_t width);
/* Writes s to fp padded with spaces to `width` columns (left aligned). */
void hl_text_pad(FILE *fp, const char *s, size_t width);
/* Digits of a phone number with spaces, dashes and a +86/0086 prefix
 * removed; NULL if what remains is not 7 to 12 digits in a plausible shape.
 * Caller frees. */
char *hl_phone_normalize(const char *s);
/* "138****1234": the first 3 and last 4 digits kept.  Caller frees. */
char *hl_phone_mask(const char *phone);
/* Cuts from s a last UTF-8 sequence that a length limit left incomplete
 * (snprintf into a fixed buffer), so that what remains is valid. */
void hl_utf8_trim(char *s);
/* Copies s with C0 control characters (but not tab) and DEL as '?', so
 * that a message cannot move the terminal's cursor.  Caller frees. */
char *hl_text_printable(const char *s);

/* ---- sha256.c ---- */

struct hl_sha256 {
	uint32_t h[8];
	uint64_t len;
	unsigned char buf[64];
	size_t fill;
};
void hl_sha256_init(struct hl_sha256 *c);
void hl_sha256_update(struct hl_sha256 *c, const void *p, size_t n);
void hl_sha256_final(struct hl_sha256 *c, unsigned char out[32]);
/* Hex digest of p[0..n) into hex (65 bytes with the NUL). */
void hl_sha256_hex(const void *p, size_t n, char hex[65]);

/* ---- records.c: the one record loop ---- */

/* Input formats. */
enum hl_format { HL_FMT_AUTO, HL_FMT_NDJSON, HL_FMT_CSV };

/* One record handed to a program's per-record function. */
struct hl_record {
	struct hl_pos pos;  /* file and first line */
	const char *raw;    /* the record's bytes as read (NUL-terminated) */
	size_t rawlen;
	json_t *obj;        /* borrowed: the parsed object */
	int csv;            /* came from a CSV row */
};

/* Maps a CSV header to the key used in the record object.  Returns the key
 * (borrowed), or NULL to refuse the column (the file is then refused). */
typedef const char *(*hl_header_fn)(void *ctx, const char *header);

/* What a per-record function returns: HL_OK, HL_BAD (the record was
 * reported and is set aside), or a sysexits status to stop the loop. */
enum { HL_OK = 0, HL_BAD = 1 };
typedef int (*hl_record_fn)(void *ctx, const struct hl_record *r);

struct hl_reader {
	enum hl_format format;  /* HL_FMT_AUTO detects per file: '{' is NDJSON */
	const char *encoding;   /* NULL (UTF-8) or an iconv name */
	hl_header_fn header;    /* CSV header mapping; NULL keeps headers */
	void *header_ctx;
	/* Called, if set, with a CSV file's header once its columns are
	 * mapped: names as written, keys[i] what column i gives.  It may
	 * refuse the file (a required column missing: EX_DATAERR) or warn
	 * (columns that map to nothing), reporting at pos; 0 to read on. */
	int (*header_check)(void *ctx, const struct hl_pos *pos,
	                    char *const *names, char *const *keys, size_t n);
	const char *rejects;    /* file for bad records, or NULL */
	const char *not_utf8_hint;  /* advice for input that is not UTF-8;
	                             * NULL: use --encoding gb18030 */
	/* Called, if set, when reading a pipe or terminal would wait: a
	 * chance to commit what is pending.  0 or a status to stop. */
	int (*idle)(void *ctx);
	/* Filled in by the loop: */
	long read;              /* records seen, good or bad */
	long bad;               /* records set aside */
	FILE *rejects_fp;
	int rejects_header_done;
	char *rejects_header;   /* the current CSV file's header line */
};

/* Reads every record of files[0..n) ("-" or n == 0 means stdin), calls fn
 * for each, reports and sets aside bad ones.  Returns 0, EX_DATAERR if any
 * record was bad, or the first fatal status (from fn or from I/O). */
int hl_read_records(struct hl_reader *rd, char **files, int n,
                    hl_record_fn fn, void *ctx);
/* Sets the record aside in the rejects file (the loop does it for HL_BAD;
 * exposed for records rejected later, e.g. at commit). */
int hl_reject(struct hl_reader *rd, const struct hl_record *r);
/* Closes the rejects file; EX_IOERR if writing it failed. */
int hl_reader_close(struct hl_reader *rd);

/* True if iconv can convert from this encoding to UTF-8. */
int hl_encoding_known(const char *name);
/* Writes obj as one compact JSON line to fp.  0 or EX_IOERR. */
int hl_print_json(FILE *fp, const json_t *obj);

/* ---- ledger.c: the SQLite ledger ---- */

/* Opening modes. */
enum {
	HL_LEDGER_READ = 0,    /* read only; the ledger must exist */
	HL_LEDGER_WRITE = 1,   /* read and write; created and migrated if needed */
	HL_LEDGER_UPDATE = 2,  /* read and write; the ledger must exist (a
	                        * program that works on tickets already there:
	                        * a mistyped path is an error, not a new file) */
};

#define HL_STMT_CACHE 64

struct hl_ledger {
	sqlite3 *db;
	sqlite3_stmt *stmt[HL_STMT_CACHE];     /* hl_stmt's cache */
	const char *stmt_sql[HL_STMT_CACHE];
	int nstmt;
	char *path;
	char *lockpath;
	int lockfd;             /* the write lock beside the ledger, or -1 */
	int mode;
	int in_tx;
	int busy_ms;            /* how long to wait for the write lock */
	/* The newest event while this process holds the write transaction
	 * (nobody else can append): saves a query per event. */
	int head_known;
	long long head_seq;
	char head_hash[65];
};

/* Opens the ledger at path.  Returns 0 or a sysexits status after reporting:
 * EX_NOINPUT (missing, for HL_LEDGER_READ), EX_NOPERM, EX_CANTCREAT,
 * EX_TEMPFAIL (locked during creation), EX_DATAERR (not a hotline ledger). */
int hl_ledger_open(struct hl_ledger **out, const char *path, int mode);
/* Closes the ledger, rolling back an open transaction. */
void hl_ledger_close(struct hl_ledger *L);
/* Starts a write: takes the cross-process lock, then BEGIN IMMEDIATE.
 * Returns 0, EX_TEMPFAIL when the lock stays taken past the busy timeout,
 * or another status. */
int hl_ledger_begin(struct hl_ledger *L);
/* COMMIT and release the lock.  0 or a status (the transaction is then
 * rolled back). */
int hl_ledger_commit(struct hl_ledger *L);
/* ROLLBACK (if a transaction is open) and release the lock. */
void hl_ledger_rollback(struct hl_ledger *L);
/* Reports a SQLite failure ("what: message") and maps it to a status:
 * busy/locked -> EX_TEMPFAIL, full -> EX_IOERR, perm -> EX_NOPERM, ... */
int hl_ledger_fail(struct hl_ledger *L, int rc, const char *what);
/* Prepares sql; the caller finalizes.  NULL after reporting. */
sqlite3_stmt *hl_prepare(struct hl_ledger *L, const char *sql);
/* The prepared statement for sql, reset and unbound, from a per-ledger
 * cache keyed by the string's address: pass a string constant.  The ledger
 * owns it.  NULL after reporting. */
sqlite3_stmt *hl_stmt(struct hl_ledger *L, const char *sql);
/* Runs sql that returns no rows.  0 or a status. */
int hl_exec(struct hl_ledger *L, const char *sql);
/* Binds a possibly-NULL text / a time that may be "none" (< 0 never). */
int hl_bind_text(sqlite3_stmt *st, int i, const char *s);
/* Column text as a new json string, or json null. */
json_t *hl_column_json_text(sqlite3_stmt *st, int i);
/* Online backup of L into a new file at dest (mode 0600).  0 or status. */
int hl_ledger_backup(struct hl_ledger *L, const char *dest);
/* Integrity check plus the ledger's own invariants; each finding is
 * reported; returns 0 or EX_DATAERR.  seal, if not NULL, is an earlier
 * "SEQ HASH" from hl_ledger_seal that the history must still contain. */
int hl_ledger_check(struct hl_ledger *L, const char *seal);
/* "SEQ HASH" of the newest event: what an office writes down to prove
 * later that the history up to it is unchanged.  Caller frees; NULL with
 * *status on failure. */
char *hl_ledger_seal(struct hl_ledger *L, int *status);
/* The time zone recorded in the ledger at path, read without opening it
 * for the toolkit (no migration, no messages); NULL if there is none (no
 * such file, a ledger from before zones).  Caller frees. */
char *hl_ledger_zone_peek(const char *path);
/* Records zone as the ledger's time zone (and its offset for the views)
 * and derives every ticket again in it, inside the caller's transaction.
 * *n gets how many tickets.  0 or a status. */
int hl_ledger_set_zone(struct hl_ledger *L, const char *zone, long *n);
/* Shares the ledger with a group: the ledger and its companions (-wal,
 * -shm, .lock) group-owned and 0660, its directory setgid 2770.  0 or a
 * status (EX_USAGE for an unknown group, EX_NOPERM). */
int hl_ledger_share(struct hl_ledger *L, const char *group);

/* The built-in schema (schema.sql) and the migrations after it
 * (migrate2.sql, ...), generated at build time. */
extern const char hl_schema_sql[];
extern const char hl_migrate2_sql[];

/* ---- events.c: the append-only history and its hash chain ---- */

struct hl_event {
	const char *ticket_id;
	const char *event;      /* receive, dispatch, respond, ... */
	hl_time at;             /* when it happened */
	const char *actor;      /* --by, or NULL */
	json_t *details;        /* borrowed; NULL or an object */
	long long corrects;     /* seq of the event a correct event answers */
};
/* Appends e inside the caller's transaction, stamped with the system user,
 * the program and the hash chain.  now is the recording time.  0 or a
 * status; *seq gets the new event's number if seq is not NULL. */
int hl_event_append(struct hl_ledger *L, const struct hl_event *e, hl_time now,
                    long long *seq);
/* The chain hash of one event (see events.c for the exact text hashed). */
void hl_event_hash(const char *prev, long long seq, const char *ticket,
                   const char *event, hl_time at, hl_time recorded_at,
                   const char *actor, const char *os_user, const char *program,
                   const char *details, long long corrects, char hex[65]);
/* The name of the system user running the program (borrowed). */
const char *hl_os_user(void);

/* ---- import.c: the office's tables ---- */

/* Replaces table kind ("units", "people", "villages", "routes", "policy";
 * "calendar" merges by date) with the rows of the CSV file at path (or, for
 * the calendar, a holiday-cn JSON file), in one transaction.  Every bad row
 * is reported; if any was, nothing changes and the result is EX_CONFIG.
 * *rows gets the number of rows imported. */
int hl_import(struct hl_ledger *L, const char *kind, const char *path,
              long *rows);
/* True for a table hl_import knows. */
int hl_import_known(const char *kind);

/* ---- calendar.c: working days ---- */

struct hl_calendar {
	int64_t *days;          /* sorted day numbers with an override */
	unsigned char *workday; /* 1 = working day, 0 = day off */
	size_t n;
	int64_t first, last;    /* range of days the table covers */
	int *years;             /* the years it has days of, ascending: the
	                         * years whose holidays were imported */
	size_t nyears;
};
/* Loads the calendar table.  0 or a status. */
int hl_calendar_load(struct hl_ledger *L, struct hl_calendar *cal);
void hl_calendar_free(struct hl_calendar *cal);
/* True if the calendar covers day's year (has any day of it): its
 * holidays were imported, so its working days are known, not guessed. */
int hl_calendar_covers(const struct hl_calendar *cal, int64_t day);
/* The last day of the last year the calendar covers, or -1 if none. */
int64_t hl_calendar_end(const struct hl_calendar *cal);
/* Warns once a day when now is within 30 days of the calendar's end (or it
 * is empty): hl-escalate's reminder to import next year's holidays.  The
 * day is recorded in the ledger (settings calendar_warned) so that of the
 * runs of one day only the first warns.  0 or a status. */
int hl_calendar_remind(struct hl_ledger *L, const struct hl_calendar *cal,
                       hl_time now);
/* True if day (a day number) is a working day: an override if the table
 * has one, else Monday to Friday. */
int hl_calendar_is_workday(const struct hl_calendar *cal, int64_t day);
/* The end (23:59:59 local) of the nth working day counted from the day
 * after `start` (n >= 1). */
hl_time hl_calendar_add_workdays(const struct hl_calendar *cal, hl_time start,
                                 long n);
/* Working days strictly after day a up to and including day b. */
long hl_calendar_workdays_between(const struct hl_calendar *cal, int64_t a,
                                  int64_t b);
/* Working time (seconds) in [a, b): the parts of it that fall on working
 * days, whole days counting 24 hours.  0 if b <= a. */
hl_time hl_calendar_worktime(const struct hl_calendar *cal, hl_time a,
                             hl_time b);
/* The first moment from a by which w seconds of working time have gone;
 * never on a day off (when w runs out at the end of a working day: its
 * last second, 23:59:59). */
hl_time hl_calendar_after_worktime(const struct hl_calendar *cal, hl_time a,
                                   hl_time w);

/* ---- csvin.c: CSV tables (the office's imports, --map files) ---- */

/* Writes one CSV field to fp, quoted when needed.  With guard, a cell that
 * starts with = + - @ tab or CR is prefixed with ' (formula injection). */
void hl_csv_write_field(FILE *fp, const char *s, int guard);

/* Incremental CSV parsing for the record loop. */
struct hl_csv;
struct hl_csv *hl_csv_new(void);
void hl_csv_free(struct hl_csv *c);
/* Feeds one physical line (with its newline).  Returns 1 when a row is
 * complete (hl_csv_fields gives it), 0 when more lines are needed, 2 for a
 * blank line, -1 on a parse error (the parser is reset). */
int hl_csv_feed(struct hl_csv *c, const char *line, size_t n);
/* Ends the input; returns like hl_csv_feed. */
int hl_csv_end(struct hl_csv *c);
/* The completed row's fields (borrowed until the next feed). */
char **hl_csv_fields(struct hl_csv *c, size_t *n);

/* ---- ticket.c: a ticket in and out ---- */

/* The kinds and their Chinese labels. */
const char *hl_kind_from_text(const char *s);  /* "咨询" or "consult" -> "consult" */
const char *hl_kind_label(const char *kind);   /* "consult" -> "咨询" */

/* A ticket as the upstream platform sends it, normalised. */
struct hl_ticket {
	char *id;
	hl_time received_at;
	char *title, *content, *kind, *category, *village, *address, *channel;
	char *caller_name, *caller_phone;
	hl_time due_at;         /* 0 when absent */
	int urgent;
	json_t *extra;          /* object of other fields, or NULL */
	char source_hash[65];   /* SHA-256 of the canonical form */
};
/* Maps a CSV header (English or the upstream's Chinese) to a ticket field
 * name; an unknown header is returned as is (it goes to extra). */
const char *hl_ticket_header(void *map, const char *header);
/* The header_check of a ticket CSV (map as for hl_ticket_header): refuses
 * a file without a column for id, received_at or content, naming each;
 * warns once of the columns that are no ticket field (kept under extra)
 * unless the map names them (field "extra").  0 or EX_DATAERR. */
int hl_ticket_header_check(void *map, const struct hl_pos *pos,
                           char *const *names, char *const *keys, size_t n);
/* Header map from a --map file (CSV: header,field); NULL after reporting. */
void *hl_ticket_map_load(const char *path, int *status);
void hl_ticket_map_free(void *map);
/* Validates and normalises obj into t.  On a bad record reports it at pos
 * and returns HL_BAD.  now is for the future-time check (skew seconds). */
int hl_ticket_from_json(struct hl_ticket *t, const json_t *obj,
                        const struct hl_pos *pos, hl_time now, long skew);
void hl_ticket_clear(struct hl_ticket *t);
/* The input fields as JSON in the contract's order (no derived fields). */
json_t *hl_ticket_input_json(const struct hl_ticket *t);

/* Derived state stored beside a ticket.  All members owned (see
 * hl_state_clear); assignments and deadlines may be NULL (printed as [] and
 * {}). */
struct hl_ticket_state {
	char status[16];
	char verdict[16];       /* "" when not verified */
	char *repeat_of;
	long repeat_count;
	char *merged_into;      /* for a repeat call merged into an open
	                         * ticket, that ticket (not printed on the
	                         * ticket line); else NULL */
	hl_time updated_at;
	json_t *assignments;    /* [{role, unit, person}] current */
	json_t *deadlines;      /* {stage: TIME} of the current cycle */
};
void hl_state_clear(struct hl_ticket_state *s);
/* The full ticket line (the contract's shape). */
json_t *hl_ticket_json(const struct hl_ticket *t,
                       const struct hl_ticket_state *s);
/* Writes the same line as hl_print_json(hl_ticket_json(t, s)) would, byte
 * for byte, without building it: the hot path of intake and list.  0 or
 * EX_IOERR. */
int hl_ticket_write(FILE *fp, const struct hl_ticket *t,
                    const struct hl_ticket_state *s);
/* A JSON string with jansson's escapes; the caller holds fp's lock
 * (flockfile). */
void hl_json_write_string(FILE *fp, const char *s);

/* ---- store.c: tickets in the ledger ---- */

/* The ticket columns hl_ticket_from_row reads, for SELECT lists (the
 * second with the table alias "t."), and how many they are. */
extern const char hl_ticket_columns[];
extern const char hl_ticket_columns_t[];
#define HL_TICKET_NCOLUMNS 21
/* Reads a row selected with hl_ticket_columns starting at column col into t
 * and s (s may be NULL).  0 or EX_SOFTWARE. */
int hl_ticket_from_row(sqlite3_stmt *st, int col, struct hl_ticket *t,
                       struct hl_ticket_state *s);
/* Result of hl_store_intake. */
enum hl_intake_result { HL_NEW, HL_DUPLICATE, HL_CONFLICT, HL_UPDATED };
/* Stores t inside the caller's transaction: a new ticket (with its receive
 * event and repeat link), a duplicate (same id, same content), a conflict
 * (same id, other content) or, with update, an amended ticket.  pre, if
 * not NULL, is t's state derived already by hl_derive_new (and s->deadlines
 * its rendering, kept): work a reader thread can do.  window is the repeat
 * window in seconds.  On HL_NEW and HL_UPDATED *s is filled (the caller
 * clears it).  Returns 0 or a status. */
int hl_store_intake(struct hl_ledger *L, const struct hl_rules *rules,
                    const struct hl_ticket *t, const struct hl_derived *pre,
                    long window, int update, hl_time now,
                    enum hl_intake_result *res, struct hl_ticket_state *s);
/* The state of a new ticket t (its receive event only).  0 or EX_SOFTWARE;
 * the caller frees d. */
int hl_derive_new(const struct hl_rules *rules, const struct hl_ticket *t,
                  struct hl_derived *d);
/* Reads a ticket by id.  0, HL_BAD when there is no such ticket, or a
 * status. */
int hl_store_get(struct hl_ledger *L, const char *id, struct hl_ticket *t,
                 struct hl_ticket_state *s);
/* Current assignments as [{role, unit, person}] and deadlines as
 * {stage: TIME}; NULL with *status set. */
json_t *hl_store_assignments(struct hl_ledger *L, const char *id, int *status);
json_t *hl_store_deadlines(struct hl_ledger *L, const char *id, int *status);
/* Reads the current assignments and deadlines into s (for a ticket read
 * with hl_store_get or hl_ticket_from_row).  0 or a status. */
int hl_store_state_extra(struct hl_ledger *L, const char *id,
                         struct hl_ticket_state *s);
/* The whole ticket line by id; NULL with *status (EX_DATAERR: no such id). */
json_t *hl_store_ticket_json(struct hl_ledger *L, const char *id, int *status);

/* ---- intake.c: work orders into the ledger in batches ---- */

struct hl_intake_queue;
struct hl_intake {
	struct hl_ledger *L;
	struct hl_reader *rd;   /* the record loop's settings and counts */
	FILE *out;              /* new tickets are printed here */
	hl_time now;
	long window;            /* repeat window, seconds (from policy) */
	long skew;              /* how far in the future received_at may be */
	size_t batch;           /* tickets per transaction */
	int update;             /* amend on conflict (--update) */
	int progress;           /* show progress on stderr */
	long n_new, n_duplicate, n_conflict, n_updated;
	/* private */
	struct hl_rules_store *rs;
	struct hl_intake_queue *q;
	long shown;
};
/* Sets the defaults and reads the repeat window from the policy.  0 or a
 * status. */
int hl_intake_init(struct hl_intake *in, struct hl_ledger *L,
                   struct hl_reader *rd);
/* Reads files[0..n) (stdin if n is 0) through in->rd, storing each batch
 * in one transaction and printing the new tickets after its commit.
 * Returns 0, EX_DATAERR if records were bad (the good ones are stored), or
 * the first failure. */
int hl_intake_run(struct hl_intake *in, char **files, int n);
void hl_intake_free(struct hl_intake *in);

/* ---- workflow.c: the rules of a ticket's life ---- */

/* One event as read from the history (all members owned). */
struct hl_evrec {
	long long seq;
	char *event;
	hl_time at, recorded_at;
	char *actor, *os_user, *program;
	json_t *details;
	long long corrects;
};
void hl_evrec_free(struct hl_evrec *ev, size_t n);

/* Who held the ticket, when (until 0 while current). */
struct hl_assignment {
	char role[8];           /* primary or village */
	char *unit, *person;
	hl_time since, until;
	long long seq;          /* the event that made it */
};
/* A stage clock of one cycle. */
struct hl_clock {
	const char *stage;      /* static: one of hl_stages */
	int cycle;
	hl_time started_at, due_at, met_at, paused_at;
	char limit[16];         /* "30m", "5wd", or "due" (the upstream's) */
	int extended;
	hl_time shifted;        /* how far pauses moved due_at (seconds) */
	int implied;            /* met by a later stage (resolve), not by its
	                         * own event */
	hl_time next_check;     /* when hl-escalate next looks at it (its
	                         * warning point), or 0: met or paused */
};
/* A return visit's outcome. */
struct hl_visit {
	int cycle;
	hl_time at;
	long long seq;
	char resolved;          /* 'y', 'p' or 'n' */
	int satisfied;          /* very_satisfied, satisfied or basic */
};
/* Everything derived from a ticket's history (owned; hl_derived_free). */
struct hl_derived {
	char status[16];
	char verdict[16];       /* "" when not verified */
	int cycle;
	int suspended;
	hl_time resolved_at, closed_at, last_at;
	struct hl_assignment *asg;
	size_t nasg, capasg;
	struct hl_clock *clk;
	size_t nclk, capclk;
	struct hl_visit *visit;
	size_t nvisit;
	long long bad_seq;      /* the first event that cannot happen, or 0 */
	char why[200];          /* and why */
	int uncovered;          /* the year of a running working-day deadline
	                         * the calendar does not cover, or 0 */
};
/* What the rules need besides the history. */
struct hl_rules {
	const struct hl_policy *pol;
	const struct hl_calendar *cal;
};
extern const char *const hl_verdicts[];
extern const char *const hl_satisfactions[];
extern const char *const hl_resolved_answers[];
/* True if w is one of the NULL-terminated set. */
int hl_word_in(const char *w, const char *const *set);
/* True for a status that still needs work (not visited, closed, rejected). */
int hl_status_open(const char *status);
/* Replays the history ev[0..n) of ticket t.  An event that cannot happen is
 * left out; the first one not listed in tolerate is named in d->bad_seq and
 * d->why and the result is HL_BAD.  0, HL_BAD or EX_SOFTWARE. */
int hl_derive(const struct hl_rules *rules, const struct hl_ticket *t,
              const struct hl_evrec *ev, size_t n, const long long *tolerate,
              size_t ntolerate, struct hl_derived *d);
/* The seqs of every event of the history that cannot happen (caller
 * frees *out). */
int hl_derive_failures(const struct hl_rules *rules, const struct hl_ticket *t,
                       const struct hl_evrec *ev, size_t n, long long **out,
                       size_t *nout);
void hl_derived_free(struct hl_derived *d);
/* True if event seq of the history is answered by a standing correction. */
int hl_event_voided(const struct hl_evrec *ev, size_t n, long long seq);
/* The current assignments and the current cycle's deadlines of d as the
 * ticket line shows them. */
json_t *hl_derived_assignments_json(const struct hl_derived *d);
json_t *hl_derived_deadlines_json(const struct hl_derived *d);

/* ---- policy.c: limits, windows, weights ---- */

/* The policy table in memory.  Values are looked up by name and a ticket's
 * kind and category: at each level of scope (category, then kind, then
 * "*") a ledger row beats the built-in default. */
struct hl_policy_row {
	char *name, *scope, *value;
};
struct hl_policy {
	struct hl_policy_row *row;
	size_t n;
};
/* 0 or a status; an invalid row is EX_CONFIG, reported. */
int hl_policy_load(struct hl_ledger *L, struct hl_policy *p);
void hl_policy_free(struct hl_policy *p);
/* The value text for name (kind and category may be NULL), or NULL if
 * neither the ledger nor the defaults have one.  *scope (if not NULL)
 * gets the scope that matched. */
const char *hl_policy_value(const struct hl_policy *p, const char *name,
                            const char *kind, const char *category,
                            const char **scope);
/* A stage limit.  0, or EX_CONFIG when no limit is known. */
int hl_policy_limit(const struct hl_policy *p, const char *stage,
                    const char *kind, const char *category,
                    struct hl_limit *out);
/* The repeat window in seconds, the warning share in percent, the number
 * of calls that escalates, the minimum tickets for ranking. */
long hl_policy_repeat_window(const struct hl_policy *p);
long hl_policy_number(const struct hl_policy *p, const char *name);
/* True if people of role may approve an extension (延期) of a ticket of
 * this kind and category: policy extend_approvers, by default deputy or
 * principal. */
int hl_policy_approves(const struct hl_policy *p, const char *kind,
                       const char *category, const char *role);
/* Ranking weights: response, resolution, satisfaction and completion, in
 * that order, summing to 100 (policy "30/35/35" leaves completion at 0). */
#define HL_NWEIGHTS 4
void hl_policy_weights(const struct hl_policy *p, long w[HL_NWEIGHTS]);
/* Checks one row; NULL if fine, else what is wrong (static text). */
const char *hl_policy_check(const char *name, const char *scope,
                            const char *value);
/* The roles of people in the directory, NULL-terminated. */
extern const char *const hl_roles[];
/* The stages with time limits, in workflow order, NULL-terminated. */
extern const char *const hl_stages[];

/* ---- update.c: history and derived state in the ledger ---- */

/* The policy and calendar loaded together, and the rules pointing at them. */
struct hl_rules_store {
	struct hl_policy pol;
	struct hl_calendar cal;
	struct hl_rules rules;
};
int hl_rules_load(struct hl_ledger *L, struct hl_rules_store *rs);
/* Opens the ledger (hl_ledger_open) and loads its rules; on failure
 * nothing is left open.  0 or a status. */
int hl_ledger_open_rules(struct hl_ledger **L, const char *path, int mode,
                         struct hl_rules_store *rs);
void hl_rules_free(struct hl_rules_store *rs);
/* A ticket's history, ordered by seq (caller: hl_evrec_free). */
int hl_events_load(struct hl_ledger *L, const char *id, struct hl_evrec **ev,
                   size_t *n);
/* Writes d beside ticket id: status and dates, assignments, deadlines.
 * fresh: the ticket has no rows to replace yet. */
int hl_derived_store(struct hl_ledger *L, const char *id,
                     const struct hl_derived *d, hl_time updated_at,
                     int fresh);
/* Derives every open ticket's state again, with the policy and calendar
 * as the caller's transaction sees them (after an import of either), so
 * that all open work follows the new rules at once.  *n gets how many.
 * 0 or a status. */
int hl_rederive_open(struct hl_ledger *L, long *n);
/* The same for every ticket, open or not (a new time zone). */
int hl_rederive_all(struct hl_ledger *L, long *n);
/* Queues rule (repeat, unsatisfied) as due for ticket id in cycle, inside
 * the caller's transaction; once only.  0 or a status. */
int hl_pending_add(struct hl_ledger *L, const char *id, const char *rule,
                   int cycle, hl_time now);
/* Records event e if it can happen, inside the caller's transaction, and
 * updates the derived state.  Returns 0; HL_BAD with the reason in why
 * (unknown ticket, an event that cannot happen) and nothing written; or a
 * status.  *seq (if not NULL) gets the new event's number. */
int hl_record(struct hl_ledger *L, const struct hl_rules *rules,
              const struct hl_event *e, hl_time now, long long *seq,
              char *why, size_t whyn);

/* ---- route.c: dual dispatch ---- */

/* The assignments of a dispatch of t: [{role, unit, person}], the primary
 * handler (to, when given, names a unit or a person) and the village
 * committee.  0; HL_BAD with why when it cannot be routed; or a status. */
int hl_route(struct hl_ledger *L, const struct hl_ticket *t, const char *to,
             json_t **assignments, char *why, size_t whyn);
/* Checks that to names a unit or a person of the directory; if not,
 * reports it and returns EX_DATAERR.  0 or a status. */
int hl_route_known(struct hl_ledger *L, const char *to);
/* The primary assignment {role, unit, person} for a unit or person. */
int hl_route_to(struct hl_ledger *L, const char *to, json_t **assignment,
                char *why, size_t whyn);

/* ---- eventin.c: events as hl-update takes them ---- */

/* An event read from the command line or a line of NDJSON (owned). */
struct hl_event_in {
	char *ticket, *event, *by;
	hl_time at;
	json_t *details;        /* note and the event's options */
	long long corrects;
};
/* Reads {"ticket", "event", "at", "by", "note", options...}; at defaults to
 * now.  HL_OK, or HL_BAD with why.  The caller clears in either way. */
int hl_event_parse(const json_t *obj, hl_time now, struct hl_event_in *in,
                   char *why, size_t whyn);
void hl_event_in_clear(struct hl_event_in *in);
/* True if hl-update records this event. */
int hl_event_known(const char *event);
/* The people e names (interview: person; publish: approved_by) are in
 * the directory.  0; HL_BAD with why; or a status. */
int hl_event_people_check(struct hl_ledger *L, const struct hl_event *e,
                          char *why, size_t whyn);

/* ---- dispatch.c: dispatch and transfer ---- */

struct hl_dispatch_req {
	const char *id;
	const char *to;         /* a unit or person by hand, or NULL */
	const char *reason;     /* needed for a transfer */
	const char *by;         /* who dispatches (--by) */
	hl_time at, now;
	int skip_merged;        /* a repeat call merged into an open ticket is
	                         * passed over (0, no line), not refused */
};
/* Dispatches (or, with to, transfers) one ticket inside the caller's
 * transaction.  0 with *line the updated ticket line (NULL: passed over,
 * see skip_merged); HL_BAD with why
 * (unknown, cannot be routed, cannot happen) and nothing written; or a
 * status. */
int hl_dispatch(struct hl_ledger *L, const struct hl_rules *rules,
                const struct hl_dispatch_req *q, json_t **line, char *why,
                size_t whyn);

/* ---- batch.c: writes in batches, printed after commit ---- */

struct hl_batch {
	struct hl_ledger *L;
	FILE *out;              /* NULL: stdout */
	size_t max;             /* records per transaction (0: 100) */
	/* private */
	size_t n, nlines, cap;
	json_t **lines;
};
/* Opens the transaction if none is open.  0 or a status. */
int hl_batch_begin(struct hl_batch *b);
/* Queues a line (the batch takes the reference) to print after commit. */
int hl_batch_queue(struct hl_batch *b, json_t *line);
/* Counts a record done; commits and prints when the batch is full. */
int hl_batch_done(struct hl_batch *b);
/* Commits and prints what is queued. */
int hl_batch_flush(struct hl_batch *b);
/* Rolls back and drops what is queued; frees the batch's memory. */
void hl_batch_abort(struct hl_batch *b);
void hl_batch_free(struct hl_batch *b);

/* ---- select.c: choosing tickets ---- */

/* Filters: within one kind any value matches; kinds combine with AND.
 * The value arrays are borrowed and must outlive the statement. */
struct hl_filter {
	char **id, **status, **village, **category, **kind, **unit, **person;
	size_t nid, nstatus, nvillage, ncategory, nkind, nunit, nperson;
	int open;               /* not visited, closed or rejected */
	int overdue;            /* open, with a running stage past due at now */
	hl_time from, to;       /* received in [from, to); 0 for no bound */
	hl_time now;
};
/* Prepares the SELECT of hl_ticket_columns for f, ordered by received_at
 * and id; the caller steps and finalizes it.  0 or a status. */
int hl_select_prepare(struct hl_ledger *L, const struct hl_filter *f,
                      sqlite3_stmt **st);

/* ---- labels.c: what people read ---- */

/* The Chinese label of a status, stage, event, verdict, answer, grade or
 * role; the word itself if it has none. */
const char *hl_label(const char *word);
/* A duration as "2天3小时", "1小时5分钟" or "12分钟" (the sign dropped). */
char *hl_duration_zh(long secs, char *buf, size_t n);

/* ---- table.c: aligned tables for people ---- */

struct hl_table {
	size_t ncol, nrow, cap;
	char **cell;            /* owned copies, row-major */
};
void hl_table_init(struct hl_table *t, size_t ncol);
/* Adds a row of ncol strings (NULL as empty); copies them.  0 or
 * EX_SOFTWARE (nothing added). */
int hl_table_row(struct hl_table *t, ...);
/* The same from an array of ncol strings. */
int hl_table_rowv(struct hl_table *t, const char *const *cells);
/* Prints the rows, each after indent; bit c of right aligns column c to
 * the right. */
void hl_table_print(FILE *fp, const struct hl_table *t, const char *indent,
                    unsigned right);
/* The same a row at a time, for text between rows: the columns' widths
 * (caller frees; NULL when out of memory), then row r with them. */
size_t *hl_table_widths(const struct hl_table *t);
void hl_table_print_row(FILE *fp, const struct hl_table *t, const size_t *w,
                        size_t r, const char *indent, unsigned right);
void hl_table_free(struct hl_table *t);

/* ---- rules.c: escalation ---- */

struct hl_run_opts {
	hl_time now;
	long warn_pct;          /* 0: the policy's warn share */
	int dry_run;            /* evaluate, claim nothing */
	const char *only;       /* one ticket id, or NULL for all */
};
/* One check at o->now: claims every due firing exactly once, in one
 * write transaction, and after the commit prints their records (a dry run
 * claims nothing and prints as it goes) to out.  0 or a status. */
int hl_escalate(struct hl_ledger *L, const struct hl_rules_store *rs,
                struct hl_run_opts *o, FILE *out);
/* When a clock's warning comes (spec/DOMAIN.md): pct percent of its
 * running time gone, pauses (shifted: how far they moved due) not
 * counted; for a limit in working days ("5wd"), of its working time, so
 * never on a weekend or holiday.  hl-escalate, the clocks' next_check and
 * hl-show all take it from here. */
hl_time hl_warn_point(const struct hl_calendar *cal, const char *limit,
                      hl_time started, hl_time due, hl_time shifted,
                      long pct);
/* For one ticket, each rule's state: fired when, due when, or why not. */
int hl_escalate_explain(struct hl_ledger *L, const struct hl_rules_store *rs,
                        const char *id, hl_time now, long warn_pct, FILE *fp);

/* ---- rates.c: rates, scores, rankings ---- */

/* The levels a ranking can be made at. */
extern const char *const hl_levels[];

/* What one ticket contributes (times as of the cut-off; 0 for none).  In
 * the resolution and satisfaction rates a ticket counts once, as it stands
 * at the cut-off: past the resolve deadline of its current round and still
 * unresolved, as the worst visit (unresolved_overdue); else by its latest
 * visit, if any (visited, resolved_by_caller, satisfied). */
struct hl_ticket_figures {
	int genuine, dispatched, responded_on_time, resolve_counted;
	int resolved_on_time, visited, resolved_by_caller, satisfied;
	int unresolved_overdue;
	int late_stages;        /* stages met late or unmet past due */
	int response_implied;   /* "responded" by resolving, no respond event */
	int resolve_paused;     /* the resolve clock is suspended at the cut-off */
	int respond_paused;     /* and the respond clock */
	const char *holder;     /* the last primary unit (borrowed) */
	const char *person;
	const char *unit;       /* the unit it counts for at the ranking's
	                         * level, or NULL (borrowed) */
	hl_time respond_start, respond_due, responded_at;
	hl_time resolve_due, resolved_at;
};
/* A unit's counts and what follows from them (NaN for no denominator). */
struct hl_tally {
	char *unit;
	long rank;              /* 0: not ranked */
	long tickets, genuine, dispatched, responded_on_time, responded;
	long resolve_counted, resolved_on_time, visits, resolved_by_caller;
	long satisfied, unresolved_overdue, overdue;
	long long response_seconds;
	double response_rate, completion_rate, resolution_rate;
	double satisfaction_rate, score, avg_response_minutes;
};
/* A ranking: set level, weights and min_tickets, then compute. */
struct hl_rank {
	const char *level;
	long weights[HL_NWEIGHTS];      /* as hl_policy_weights */
	long min_tickets;
	struct hl_tally *unit;  /* sorted: ranked by rank, then the others */
	size_t n;
	struct hl_tally total;  /* the township, unit NULL */
	char scratch[256];
};
/* True if the stage of clock c was missed as of as_of: met late, or not
 * met, not paused and past due (what late_stages counts). */
int hl_clock_late(const struct hl_clock *c, hl_time as_of);
typedef int (*hl_ticket_fn)(void *ctx, const struct hl_ticket *t,
                            const struct hl_derived *d);
typedef int (*hl_explain_fn)(void *ctx, const struct hl_ticket *t,
                             const struct hl_derived *d,
                             const struct hl_ticket_figures *f);
/* What ticket d (replayed with the events recorded by as_of) contributes
 * at the cut-off as_of. */
void hl_ticket_figures(const struct hl_derived *d, hl_time as_of,
                       struct hl_ticket_figures *f);
/* Adds f to the township total and, unless unit is NULL, to the unit's
 * tally (created on first use).  0 or EX_SOFTWARE (out of memory). */
int hl_rank_add(struct hl_rank *rk, const char *unit,
                const struct hl_ticket_figures *f);
/* Computes every tally's rates and score and ranks the units. */
void hl_rank_finish(struct hl_rank *rk);
/* Replays every ticket received in [from, to), but the repeat calls merged
 * into another (they count with it), with the events recorded by as_of,
 * and calls fn with each.  0 or a status. */
int hl_rank_pass(struct hl_ledger *L, const struct hl_rules *rules,
                 hl_time from, hl_time to, hl_time as_of, hl_ticket_fn fn,
                 void *ctx);
/* Computes rk for the period; for the unit named explain, efn is called
 * with each of its tickets.  0 or a status. */
int hl_rank_compute(struct hl_ledger *L, const struct hl_rules_store *rs,
                    struct hl_rank *rk, hl_time from, hl_time to,
                    hl_time as_of, const char *explain, hl_explain_fn efn,
                    void *ectx);
/* hl_rank_compute, calling efn with every ticket of the period (f->unit
 * names the unit it counts for, or is NULL): for what needs the tickets
 * and the ranking from one pass, such as the bulletin.  0 or a status. */
int hl_rank_compute_each(struct hl_ledger *L, const struct hl_rules_store *rs,
                         struct hl_rank *rk, hl_time from, hl_time to,
                         hl_time as_of, hl_explain_fn efn, void *ectx);
/* Adds f to the township total and, unless unit is NULL, to the unit's
 * tally (created on first use): a second ranking filled from another's
 * pass.  0 or EX_SOFTWARE (out of memory). */
int hl_rank_add(struct hl_rank *rk, const char *unit,
                const struct hl_ticket_figures *f);
/* Computes every tally's rates and score and ranks the units. */
void hl_rank_finish(struct hl_rank *rk);
const struct hl_tally *hl_rank_find(const struct hl_rank *rk,
                                    const char *unit);
void hl_rank_free(struct hl_rank *rk);

/* ---- rankout.c: writing rankings ---- */

/* A unit's line (the contract's hl-rank record); prev may be NULL. */
json_t *hl_tally_json(const char *level, const struct hl_tally *u,
                      const struct hl_tally *prev);
/* CSV (sep ',', CRLF, cells guarded) or TSV (sep '\t') header and rows. */
void hl_tally_csv_header(FILE *fp, char sep);
void hl_tally_csv(FILE *fp, const char *level, const struct hl_tally *u,
                  const struct hl_tally *prev, char sep);
/* The table for people: header and a row (name replaces the unit's, e.g.
 * for the township total; growth: the last column shows the previous
 * period's tickets and the change instead of its rank and score). */
void hl_tally_table_header(struct hl_table *t, int growth);
void hl_tally_row(struct hl_table *t, const struct hl_tally *u,
                  const struct hl_tally *prev, const char *name, int growth);
/* The Chinese name of a level: "站所", "包村干部", "包片", "村", "问题分类". */
const char *hl_level_label(const char *level);
/* A unit's figures in the previous ranking; zeros for a unit without
 * tickets then (a new category, say).  Borrowed, valid until the next
 * call. */
const struct hl_tally *hl_rank_previous_of(const struct hl_rank *prev,
                                           const char *unit);
/* The ranking as a table for people (a title line, the units, the
 * township total), or as csv/tsv (with bom: a byte-order mark first) or
 * json lines.  The latter returns 0 or EX_IOERR. */
void hl_rank_print_table(FILE *fp, const struct hl_rank *rk,
                         const struct hl_rank *prev, hl_time from, hl_time to,
                         hl_time as_of);
int hl_rank_print_lines(FILE *fp, const struct hl_rank *rk,
                        const struct hl_rank *prev, const char *format,
                        int bom);
/* One ticket behind a unit's figures: a table row (ticket, received,
 * verdict, response, completion, visits) or a JSON line. */
void hl_explain_row(struct hl_table *t, const struct hl_ticket *tk,
                    const struct hl_derived *d,
                    const struct hl_ticket_figures *f, hl_time as_of);
json_t *hl_explain_json(const struct hl_ticket *tk, const struct hl_derived *d,
                        const struct hl_ticket_figures *f);

/* ---- show.c: one ticket for a person ---- */

/* Prints ticket id for a person on standard output (phone masked unless
 * unmask).  0; EX_DATAERR for an unknown id (reported); or a status. */
int hl_show_ticket(struct hl_ledger *L, const char *id, hl_time now,
                   int unmask);
/* What event e says, in a few words of Chinese ("改派至 国土所 刘洋",
 * "已解决，满意"; a note or reason after), on one line, into buf. */
void hl_event_describe(const struct hl_evrec *e, char *buf, size_t n);

/* ---- html.c: self-contained HTML pages for people ---- */

/* A page is written in order: hl_html_begin, the caller's markup,
 * hl_html_end.  It runs no script and loads nothing (its
 * Content-Security-Policy forbids both), its style sheet is inline, a
 * table of class "cards" shows each row as a card on a phone (each cell
 * labelled with its data-th; the cell of class "head" first), and it
 * prints on A4 with no row, card or chart cut by a page.  Text passed to
 * these functions is escaped; markup the caller writes itself is trusted,
 * so data only goes through them.  Write errors stay in fp's error flag
 * (hl_finish reports them). */
void hl_html_begin(FILE *fp, const char *title);
void hl_html_end(FILE *fp);
/* s escaped for element text or a quoted attribute value: & < > " ' as
 * entities, control characters but tab and newline as spaces.  NULL
 * writes nothing. */
void hl_html_text(FILE *fp, const char *s);
/* ` name="value"`, the value escaped. */
void hl_html_attr(FILE *fp, const char *name, const char *value);
/* The same escape as a new string (caller frees); NULL when out of
 * memory. */
char *hl_html_escape(const char *s);
/* t as a table of class "cards", row 0 its header; bit c of num marks
 * column c as figures (right-aligned); column 0 heads a row's card.
 * The writer for reports: a table built for the terminal is one call
 * from a page. */
void hl_html_table(FILE *fp, const struct hl_table *t, const char *caption,
                   unsigned num);

/* ---- svg.c: charts in the pages ---- */

/* A series of a chart: its name (legend or direct label), one value per
 * category (NaN: none) and attributes for the elements showing its values
 * (trusted markup such as ` data-p="0"`, escaped by the caller with
 * hl_html_escape; or NULL).  Borrowed. */
struct hl_chart_series {
	const char *name;
	const char *attr;
	const double *v;
};
/* A chart over n categories (a group of bars, a point of a line).  Values
 * are shown times scale with decimals and suffix ("95.5%"); the axis runs
 * from lo to hi (shown units) with a tick every step.  Each series is
 * drawn in its own colour and pattern or dash and marker, so that it
 * reads in grey and without colour.  Borrowed. */
struct hl_chart {
	const char *id;             /* unique in the page: names its patterns */
	const char *title;          /* above the plot, and its accessible name */
	size_t n;
	const char *const *label;   /* the n categories' names */
	const char *const *attr;    /* n attribute strings for the category's
	                             * values (trusted markup), or NULL */
	size_t ns;
	const struct hl_chart_series *s;
	double scale;
	const char *suffix;         /* or NULL */
	int decimals;
	double lo, hi, step;
};
/* Horizontal bars, a group per category and a bar per series (a legend
 * above when there are several), each value written at its bar's end:
 * 360 units wide, as tall as needed. */
void hl_svg_bars(FILE *fp, const struct hl_chart *c);
/* A line per series over the categories (periods, oldest first), each
 * named with its latest value at its right end: 400 units wide. */
void hl_svg_lines(FILE *fp, const struct hl_chart *c);

/* ---- bulletin.c: the monthly bulletin (通报) ---- */

/* The bulletin of a ranking as one self-contained HTML page (html.c) for
 * a phone and for paper: the ranking how describes (level, weights and
 * min_tickets set, nothing computed) of the period p gave as [from, to),
 * as of as_of.  It shows the period and cut-off; the township's totals
 * with the change from the previous period; the ranking with each unit's
 * change of rank; bar charts of the units' score and rates, this period
 * beside the previous; a line chart of the township's rates over the last
 * six periods, each as of its own cut-off (moved back by the length of the
 * period after it, as hl-rank moves the previous period's); the units that
 * rose and fell most; per unit, the overdue and unsatisfied tickets behind
 * its lost points (titles, callers masked); the categories that grew.
 * Each figure shown is an element with data-k (the key of hl-rank's JSON
 * record) and data-d="1" if it is the change from the period before, under
 * data-l (level), data-p (0 this period, 1 the one before, ...) and data-u
 * (the unit, "" for the township) on itself or an ancestor: a program can
 * check every number against hl-rank.  0 or a status. */
int hl_bulletin_write(FILE *fp, struct hl_ledger *L,
                      const struct hl_rules_store *rs,
                      const struct hl_rank *how, const struct hl_period *p,
                      hl_time from, hl_time to, hl_time as_of);
/* ---- notice.c: templates, rendering, packing, quiet hours ---- */

/* The templates of the notices: built in (Chinese), or NAME.txt files of
 * a directory for the kinds it has (new, warn, late, late-resolve,
 * late-resolve-2, repeat, unsatisfied, digest, message).  Every template
 * is checked at load: an unknown placeholder or file is EX_CONFIG,
 * reported, before anything is sent.  dir may be NULL.  Caller frees. */
struct hl_templates;
int hl_templates_load(struct hl_templates **out, const char *dir);
void hl_templates_free(struct hl_templates *tp);
/* True for a kind of notice that has a template. */
int hl_notice_kind_known(const char *kind);
/* Renders template kind with vars (name, value, ..., NULL; a NULL value
 * renders as nothing): control characters in values become '?', line
 * breaks only the text placeholder keeps.  *subject is the first line,
 * *body the rest; the caller frees both.  0 or EX_SOFTWARE. */
int hl_notice_render(const struct hl_templates *tp, const char *kind,
                     const char *const *vars, char **subject, char **body);
/* A growing string (zero it to start; the caller frees p): adds p[0..n)
 * and keeps it NUL-terminated; out of memory sets oom and makes every
 * later add a no-op. */
struct hl_str {
	char *p;
	size_t n, cap;
	int oom;
};
void hl_str_add(struct hl_str *s, const char *p, size_t n);
/* The length of the longest prefix of s of at most max bytes that ends
 * on a character boundary. */
size_t hl_utf8_cut(const char *s, size_t max);
/* text cut to at most limit bytes, ending in "…" when cut.  Caller
 * frees; NULL when out of memory. */
char *hl_notice_fit(const char *text, size_t limit);
/* Packs entries of len[0..n) bytes, sep bytes between two, into messages
 * of at most limit bytes in order (an entry longer than limit alone):
 * ends[k] is one past the last entry of message k.  Returns the number of
 * messages; ends has room for n. */
size_t hl_notice_pack(const size_t *len, size_t n, size_t sep, size_t limit,
                      size_t *ends);
/* Quiet hours "HH:MM-HH:MM" (may cross midnight) in minutes of the day.
 * 0 or -1. */
int hl_quiet_parse(const char *s, int *from, int *to);
/* When the quiet hours spec (NULL: none) hold notices at t: 0 when they
 * do not (outside the hours on a working day), else the next working
 * morning (the end of the quiet hours on the first working day still to
 * come).  Days off are quiet all day. */
hl_time hl_quiet_until(const char *spec, const struct hl_calendar *cal,
                       hl_time t);

/* ---- spawn.c: running a channel command ---- */

struct hl_spawn_result {
	int status;             /* exit status; 75 after a timeout; 128 + N
	                         * when killed by signal N */
	int timed_out, signal;
	char err[2048];         /* the end of its standard error */
	size_t errlen;
};
/* Runs the program at path (no shell, no PATH search) with argv[0] only,
 * the program's environment plus env (NAME=VALUE strings, NULL-ended,
 * replacing the same names), input[0..n) on its standard input, its
 * standard output on /dev/null, in a process group of its own that is
 * killed (TERM, then KILL a second later) after timeout seconds.  Returns
 * 0 with *res filled; EX_UNAVAILABLE when it cannot be run (res->err says
 * why); EX_OSERR. */
int hl_spawn(const char *path, char *const *env, const char *input, size_t n,
             int timeout, struct hl_spawn_result *res);

/* ---- outbox.c, deliver.c: notices queued, delivered, retried ---- */

/* A run of hl-notify.  The caller sets the members before "private" and
 * calls, in order: hl_notify_record for each input record (the record
 * loop's function; hl_notify_idle its idle hook), hl_notify_sweep (what
 * the ledger says is owed), hl_notify_deliver, then hl_notify_end.
 * Notices are queued in write transactions that hl_notify_end ends (a dry
 * run queues in one that it rolls back: it changes nothing). */
struct hl_notify {
	struct hl_ledger *L;
	const struct hl_rules_store *rs;    /* policy and calendar */
	const struct hl_templates *tp;
	hl_time now;
	int dry_run;            /* print the messages as NDJSON, send none */
	const char *via;        /* the command for every message, or NULL */
	const char *senders;    /* directory of the hl-send-CHANNEL commands */
	int timeout;            /* seconds a command may take */
	FILE *out;              /* the dry run's messages */
	/* Counts of the run. */
	long queued, sent, retried, failed, nochannel, held;
	/* private */
	long in_tx;
	int delivery_failed;
};
/* Where a recipient (a person or a unit) is reached now: their own
 * channel, else their unit's group (group 1) with an @mention of their
 * mobile (none for a mailbox), else nowhere (found 0, why "no channel
 * for NAME ...").  Used by outbox.c and deliver.c. */
struct hl_route {
	int found;
	int group;              /* a unit's channel: batched, @mentions */
	int person;             /* the recipient is a person, not a unit */
	char channel[64];
	char address[1024];
	char mobile[24];        /* to @mention, or "" */
	char why[512];          /* when not found */
};
/* 0 with r filled, or a status. */
int hl_notify_route(struct hl_ledger *L, const char *who, struct hl_route *r);
/* The run's write transaction: hl_notify_tx opens it if none is open;
 * hl_notify_tx_done counts a record and commits after a batch, or now
 * with force (a dry run keeps it open to hl_notify_end).  0 or a status. */
int hl_notify_tx(struct hl_notify *n);
int hl_notify_tx_done(struct hl_notify *n, int force);
/* Queues the notices of one record: an escalation record, a ticket line
 * (its current assignments), a digest or a message (hl-notify(1)).
 * HL_OK, HL_BAD (reported), or a status. */
int hl_notify_record(void *ctx, const struct hl_record *r);
int hl_notify_idle(void *ctx);
/* Queues what the ledger owes: escalations not yet notified, and the
 * assignments of dispatch and transfer events since the last sweep.
 * 0 or a status. */
int hl_notify_sweep(struct hl_notify *n);
/* Makes outbox row id (or every failed row, for "all") due now, with its
 * attempts counted from 0.  0; HL_BAD (no such row, or already sent:
 * reported); or a status. */
int hl_notify_retry(struct hl_notify *n, const char *id);
/* (deliver.c) Delivers every due row outside any transaction, one
 * message at a time, each marked in the ledger after its command ends
 * (or printed, in a dry run).  0, EX_UNAVAILABLE when a delivery failed,
 * or a status. */
int hl_notify_deliver(struct hl_notify *n);
/* Commits (or, in a dry run, rolls back) what is queued.  0 or a
 * status. */
int hl_notify_end(struct hl_notify *n, int status);
/* Prints the outbox rows pending (failed 0: neither sent nor failed) or
 * failed (failed 1) as NDJSON lines to fp.  0 or a status. */
int hl_notify_list(struct hl_ledger *L, int failed, FILE *fp);

/* ---- report.c: the meetings' lists (hl-report) ---- */

/* A report is a list of tables, each with columns and rows (JSON objects
 * keyed by column).  The kinds fill the tables; the writers
 * (report-write.c) render any report, so a new output format is a new
 * writer and no kind changes.  A report owns everything in it
 * (hl_report_free); the columns are static arrays, ended by a NULL key. */

/* What a cell holds, and so how people read it. */
enum hl_cell {
	HL_CELL_TEXT,           /* a string */
	HL_CELL_WORD,           /* a code word (status, stage, kind, rule, ...):
	                         * people read its Chinese label */
	HL_CELL_INT,
	HL_CELL_NUM,            /* a decimal */
	HL_CELL_RATE,           /* 0 to 1, or null: people read "95.0%" */
	HL_CELL_TIME,           /* RFC 3339: people read "09-29 23:59" */
	HL_CELL_MINUTES,        /* whole minutes: people read "2天3小时" */
	HL_CELL_BOOL,           /* people read 是, or nothing */
	HL_CELL_LIST,           /* an array of strings */
	HL_CELL_WORDS,          /* an array of code words */
};
/* How a column is used (bits). */
enum {
	HL_COL_GROUP = 1,       /* rows come grouped by it: people read it as
	                         * a heading over its rows */
	HL_COL_BLOCK = 2,       /* long text (lines): people read it under the
	                         * row */
	HL_COL_PERSON = 4,      /* names a person: --for keeps the rows */
	HL_COL_UNIT = 8,        /* names a unit: --unit keeps the rows */
	HL_COL_TOTAL = 16,      /* null here is the township total (全镇) */
};
struct hl_col {
	const char *key;        /* the JSON key and CSV header */
	const char *label;      /* the heading people read */
	int cell;               /* enum hl_cell */
	int flags;
};
struct hl_rtable {
	const char *key;        /* static: the table's name, e.g. "tickets" */
	char *title;            /* what people read over it */
	const struct hl_col *col;
	size_t ncol;
	json_t *rows;           /* array of objects */
	const char *empty;      /* static: what people read when it is empty */
};
/* tab[0] is the head: one row of kind, title, subtitle, from, to, as_of. */
struct hl_report {
	const char *kind;
	struct hl_rtable **tab; /* each stays where it is as tables are added */
	size_t ntab;
};
/* Starts r with its head (from and to may be 0: no period).  0 or a
 * status. */
int hl_report_init(struct hl_report *r, const char *kind, const char *title,
                   const char *subtitle, hl_time from, hl_time to,
                   hl_time as_of);
/* Adds an empty table (empty NULL: "无"); NULL when out of memory. */
struct hl_rtable *hl_report_add(struct hl_report *r, const char *key,
                                const char *title, const struct hl_col *col,
                                const char *empty);
/* Appends row (the table takes the reference; NULL is out of memory).  0
 * or EX_SOFTWARE. */
int hl_rtable_add(struct hl_rtable *t, json_t *row);
void hl_report_free(struct hl_report *r);
/* The part of r that names value in a column flagged flag (HL_COL_PERSON
 * or HL_COL_UNIT): the head, and the tables with such a column with only
 * those rows, into out (rows shared).  0 or EX_SOFTWARE. */
int hl_report_select(const struct hl_report *r, int flag, const char *value,
                     struct hl_report *out);
/* A time as a JSON string (null for 0); text or null. */
json_t *hl_report_time(hl_time t);
json_t *hl_report_text(const char *s);

/* A ticket as it stood at the cut-off: the events recorded by then, and
 * what the rules derive from them (all borrowed by the callback). */
struct hl_replayed {
	struct hl_ticket t;
	char *repeat_of;
	char *merged_into;      /* a repeat call merged into that open ticket
	                         * (it counts with it), or NULL */
	struct hl_evrec *ev;    /* in the order recorded */
	size_t nev;
	struct hl_derived d;
	long calls;             /* 1 + the repeat calls linked by then */
	hl_time as_of;
};
typedef int (*hl_replay_fn)(void *ctx, const struct hl_replayed *x);
enum {
	HL_PASS_RECEIVED,       /* every ticket received in [from, to) */
	HL_PASS_UNMERGED,       /* the same, without the repeat calls merged
	                         * into another ticket (they count with it) */
	HL_PASS_OPEN,           /* every ticket that may be open at as_of
	                         * (the callback checks d.status) */
};
/* Calls fn with each ticket of the selection, as of as_of, in the order
 * received; through indexes only.  0, or fn's or a failure's status. */
int hl_report_pass(struct hl_ledger *L, const struct hl_rules *rules,
                   int mode, hl_time from, hl_time to, hl_time as_of,
                   hl_replay_fn fn, void *ctx);
/* The unit holding d now (the newest primary assignment), or NULL. */
const struct hl_assignment *hl_report_holder(const struct hl_derived *d);
/* "李桂芳 135****0071" (the phone masked), or null. */
json_t *hl_report_caller(const struct hl_ticket *t);
/* How many standing (not corrected) events of this name x has; *last
 * (if not NULL) gets the newest. */
int hl_report_has_event(const struct hl_replayed *x, const char *event,
                        const struct hl_evrec **last);
/* Ticket id's history (caller: hl_evrec_free(*ev, *n)), the *k events
 * recorded by as_of first, in their order.  0 or a status. */
int hl_report_history(struct hl_ledger *L, const char *id, hl_time as_of,
                      struct hl_evrec **ev, size_t *n, size_t *k);
/* The label people read for a code word: statuses, stages, events,
 * answers, kinds, escalation rules ("预警·响应"); buf may be used. */
const char *hl_report_label(const char *word, char *buf, size_t n);
/* t as "2026-09-21" (date_only) or "09-21 09:00", local, into buf. */
const char *hl_report_when(hl_time t, int date_only, char *buf, size_t n);

/* What the command line asks of a report. */
struct hl_report_opts {
	hl_time now, as_of;
	struct hl_period p;     /* the period as given */
	hl_time from, to;       /* [from, to), set by hl_report_period */
	const char *const *legacy;  /* consult: legacy categories */
	size_t nlegacy;
	int approved;           /* cases: the approved ones only */
	long baseline;          /* hotspots: previous periods compared */
};
int hl_report_kind_known(const char *kind);
int hl_report_takes_period(const char *kind);
/* Sets o->from and o->to for kind from o->p, o->now and o->as_of: the day
 * of the cut-off (daily), the 30 days before it (instruct), the last full
 * week (weekly) or month (monthly, cases, hotspots); none (consult).  0 or
 * EX_USAGE after reporting. */
int hl_report_period(const char *kind, struct hl_report_opts *o);
/* Makes the report of kind into out.  0 or a status. */
int hl_report_make(struct hl_ledger *L, const struct hl_rules_store *rs,
                   const char *kind, const struct hl_report_opts *o,
                   struct hl_report *out);
/* The kinds (report-daily.c, report-consult.c, report-weekly.c,
 * report-cases.c, report-hotspots.c), as hl_report_make calls them. */
int hl_report_daily(struct hl_ledger *L, const struct hl_rules_store *rs,
                    const struct hl_report_opts *o, struct hl_report *r);
int hl_report_instruct(struct hl_ledger *L, const struct hl_rules_store *rs,
                       const struct hl_report_opts *o, struct hl_report *r);
int hl_report_consult(struct hl_ledger *L, const struct hl_rules_store *rs,
                      const struct hl_report_opts *o, struct hl_report *r);
int hl_report_weekly(struct hl_ledger *L, const struct hl_rules_store *rs,
                     const struct hl_report_opts *o, struct hl_report *r);
int hl_report_monthly(struct hl_ledger *L, const struct hl_rules_store *rs,
                      const struct hl_report_opts *o, struct hl_report *r);
int hl_report_cases(struct hl_ledger *L, const struct hl_rules_store *rs,
                    const struct hl_report_opts *o, struct hl_report *r);
int hl_report_hotspots(struct hl_ledger *L, const struct hl_rules_store *rs,
                       const struct hl_report_opts *o, struct hl_report *r);

/* ---- report-daily.c: the daily digest for hl-notify ---- */

/* True if the daily sheet daily has nothing to say: nothing open, nothing
 * waiting for the principal. */
int hl_report_daily_empty(const struct hl_report *daily);

/* One line per person who holds work in daily (a daily report):
 * {"event": "digest", "kind": "daily", "date", "person", "text"}, text
 * being that person's part of the sheet as people read it.  0 or a
 * status. */
int hl_report_digest(FILE *fp, const struct hl_report *daily);

/* ---- report-cases.c: de-identification ---- */

/* text with the caller's name (name may be NULL) as 某某, runs of 7 or
 * more digits (phones, ID-card numbers, with spaces or dashes inside) as
 * ***, and house numbers (12号, 3单元, 502室, ...) as ×.  Caller frees;
 * NULL when out of memory. */
char *hl_deidentify(const char *text, const char *name);

/* ---- report-hotspots.c ---- */

/* P(X >= c) for X Poisson with mean lambda (exact in the tail; 1 for
 * c <= lambda, which is no rise). */
double hl_poisson_tail(long c, double lambda);

/* ---- report-write.c: rendering a report ---- */

/* True for a format hl_report_write knows: text, json (or ndjson), csv. */
int hl_report_format_known(const char *format);
/* Writes r to fp in format (bom: CSV starts with a byte-order mark).  0
 * or EX_IOERR. */
int hl_report_write(FILE *fp, const struct hl_report *r, const char *format,
                    int bom);

#endif
