/*
 * records.c - the one record loop.  Every program that reads records (NDJSON
 * lines or CSV rows, from files or stdin) goes through hl_read_records: it
 * reads physical lines, keeps file:line, converts the encoding, parses, and
 * hands each object to the program's per-record function.  A bad record is
 * reported with its position, copied verbatim to the rejects file, counted,
 * and the loop goes on.
 */
#include <errno.h>
#include <iconv.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include "hl.h"

/* A growing byte buffer. */
struct buf {
	char *p;
	size_t n, cap;
};

static int
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 256;
		char *p;

		while (cap < b->n + n + 1)
			cap *= 2;
		if (!(p = realloc(b->p, cap)))
			return -1;
		b->p = p;
		b->cap = cap;
	}
	memcpy(b->p + b->n, s, n);
	b->n += n;
	b->p[b->n] = '\0';
	return 0;
}

/* State of one input file. */
struct input {
	struct hl_reader *rd;
	hl_record_fn fn;
	void *ctx;
	struct hl_pos pos;      /* of the current physical line */
	enum hl_format format;
	iconv_t cd;
	struct buf conv;        /* the line converted to UTF-8 */
	/* CSV state */
	struct hl_csv *csv;
	char **header;          /* mapped keys, one per column */
	size_t ncol;
	int header_refused;
	struct buf raw;         /* raw bytes of the row being read */
	long row_line;
	int row_bad_utf8;
};

/* Input that is not UTF-8: what to say and what to advise. */
static void
not_utf8(const struct hl_reader *rd, const struct hl_pos *pos)
{
	hl_err_at(pos, "input is not valid UTF-8 (for a GB18030 or GBK file, as "
	          "Excel saves it, %s)", rd->not_utf8_hint ? rd->not_utf8_hint
	          : "use --encoding gb18030");
}

static int
open_rejects(struct hl_reader *rd)
{
	int fd;

	if (rd->rejects_fp || !rd->rejects)
		return 0;
	/* Rejected records hold callers' phone numbers: not world-readable. */
	fd = open(rd->rejects, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0 || !(rd->rejects_fp = fdopen(fd, "w"))) {
		hl_err("cannot create rejects file '%s':", rd->rejects);
		if (fd >= 0)
			close(fd);
		return EX_CANTCREAT;
	}
	return 0;
}

int
hl_reject(struct hl_reader *rd, const struct hl_record *r)
{
	int st;
	FILE *fp;

	if ((st = open_rejects(rd)) || !rd->rejects_fp)
		return st;
	fp = rd->rejects_fp;
	/* The reader and the writer of hl-intake both set records aside. */
	flockfile(fp);
	if (r->csv && rd->rejects_header && !rd->rejects_header_done) {
		fputs(rd->rejects_header, fp);
		rd->rejects_header_done = 1;
	}
	fwrite(r->raw, 1, r->rawlen, fp);
	if (r->rawlen == 0 || r->raw[r->rawlen - 1] != '\n')
		fputc('\n', fp);
	funlockfile(fp);
	if (ferror(fp)) {
		hl_err("error writing rejects file '%s':", rd->rejects);
		return EX_IOERR;
	}
	return 0;
}

int
hl_reader_close(struct hl_reader *rd)
{
	int st = 0;

	if (rd->rejects_fp && fclose(rd->rejects_fp) != 0) {
		hl_err("error writing rejects file '%s':", rd->rejects);
		st = EX_IOERR;
	}
	rd->rejects_fp = NULL;
	free(rd->rejects_header);
	rd->rejects_header = NULL;
	return st;
}

/* Calls the program's function, and sets the record aside if it is bad. */
static int
deliver(struct input *in, struct hl_record *r, int bad)
{
	int st;

	in->rd->read++;
	if (!bad) {
		st = in->fn(in->ctx, r);
		if (st != HL_OK && st != HL_BAD)
			return st;
		bad = st == HL_BAD;
	}
	if (bad) {
		in->rd->bad++;
		return hl_reject(in->rd, r);
	}
	return 0;
}

static int
ndjson_line(struct input *in, const char *raw, size_t rawlen,
            const char *text, size_t len)
{
	struct hl_record r = { in->pos, raw, rawlen, NULL, 0 };
	json_error_t e;
	json_t *obj;
	int st;
	size_t i;

	for (i = 0; i < len && strchr(" \t\r\n", text[i]); i++)
		;
	if (i == len)
		return 0;               /* a blank line is no record */
	if (!hl_utf8_valid(text, len)) {
		not_utf8(in->rd, &in->pos);
		return deliver(in, &r, 1);
	}
	obj = json_loadb(text, len, JSON_REJECT_DUPLICATES, &e);
	if (!obj) {
		/* jansson quotes the text "near" the error, which may be a
		 * caller's phone number: say what, not the text. */
		char *near = strstr(e.text, " near ");

		if (near)
			*near = '\0';
		hl_err_at(&in->pos, "invalid JSON at column %d: %s", e.column,
		          e.text);
		return deliver(in, &r, 1);
	}
	if (!json_is_object(obj)) {
		json_decref(obj);
		hl_err_at(&in->pos, "expected a JSON object");
		return deliver(in, &r, 1);
	}
	r.obj = obj;
	st = deliver(in, &r, 0);
	json_decref(obj);
	return st;
}

/* The header row of a CSV file: map each column to a key. */
static int
csv_header(struct input *in, char **f, size_t n)
{
	size_t i, j;
	const char *key;

	in->header = calloc(n ? n : 1, sizeof *in->header);
	if (!in->header)
		return EX_SOFTWARE;
	in->ncol = n;
	for (i = 0; i < n; i++) {
		key = in->rd->header ? in->rd->header(in->rd->header_ctx, f[i])
		                     : f[i];
		if (!key) {
			in->header_refused = 1;
			return EX_DATAERR;      /* the mapper said why */
		}
		if (!*key) {
			struct hl_pos hp = { in->pos.file, in->row_line };

			hl_err_at(&hp, "column %zu has no name", i + 1);
			in->header_refused = 1;
			return EX_DATAERR;
		}
		for (j = 0; j < i; j++)
			if (strcmp(in->header[j], key) == 0) {
				struct hl_pos hp = { in->pos.file, in->row_line };

				hl_err_at(&hp, "columns %zu and %zu both give '%s'", j + 1,
				          i + 1, key);
				in->header_refused = 1;
				return EX_DATAERR;
			}
		if (!(in->header[i] = strdup(key)))
			return EX_SOFTWARE;
	}
	/* Once for the file: what a column missing would make every row say,
	 * what a column mapping to nothing would leave unsaid. */
	if (in->rd->header_check) {
		struct hl_pos hp = { in->pos.file, in->row_line };

		if (in->rd->header_check(in->rd->header_ctx, &hp, f, in->header, n)) {
			in->header_refused = 1;
			return EX_DATAERR;
		}
	}
	free(in->rd->rejects_header);
	in->rd->rejects_header = strndup(in->raw.p, in->raw.n);
	in->rd->rejects_header_done = 0;
	return 0;
}

static int
csv_row(struct input *in, int parse_ok)
{
	struct hl_pos pos = { in->pos.file, in->row_line };
	struct hl_record r = { pos, in->raw.p, in->raw.n, NULL, 1 };
	char **f;
	size_t n, i;
	json_t *obj;
	int st;

	if (!in->header) {
		if (in->row_bad_utf8)
			not_utf8(in->rd, &pos);
		else if (!parse_ok)
			hl_err_at(&pos, "cannot parse the CSV header");
		if (in->row_bad_utf8 || !parse_ok) {
			in->header_refused = 1;
			return EX_DATAERR;
		}
		f = hl_csv_fields(in->csv, &n);
		return csv_header(in, f, n);
	}
	if (in->row_bad_utf8) {
		not_utf8(in->rd, &pos);
		return deliver(in, &r, 1);
	}
	if (!parse_ok) {
		hl_err_at(&pos, "malformed CSV (a stray or unclosed quote)");
		return deliver(in, &r, 1);
	}
	f = hl_csv_fields(in->csv, &n);
	if (n != in->ncol) {
		hl_err_at(&pos, "row has %zu fields, the header has %zu", n,
		          in->ncol);
		return deliver(in, &r, 1);
	}
	if (!(obj = json_object()))
		return EX_SOFTWARE;
	for (i = 0; i < n; i++) {
		json_t *v;

		if (!*f[i])
			continue;       /* an empty cell is an absent field */
		if (!(v = json_string(f[i])) ||
		    json_object_set_new(obj, in->header[i], v)) {
			json_decref(obj);
			return EX_SOFTWARE;
		}
	}
	r.obj = obj;
	st = deliver(in, &r, 0);
	json_decref(obj);
	return st;
}

static void
row_reset(struct input *in)
{
	in->raw.n = 0;
	in->row_bad_utf8 = 0;
	in->row_line = in->pos.line + 1;
}

static int convert(struct input *in, const char *s, size_t n,
                   const char **out, size_t *outn);
static int csv_line(struct input *in, const char *raw, size_t rawlen,
                    const char *text, size_t len, int last);

/* A parse error in a row that spans lines (an unclosed quote swallows what
 * follows): set aside its first line only and read the others again. */
static int
csv_recover(struct input *in, int last)
{
	char *copy = malloc(in->raw.n + 1), *p, *end, *nl;
	long line = in->row_line, saved = in->pos.line;
	struct hl_pos pos = { in->pos.file, line };
	struct hl_record r;
	const char *text;
	size_t len, tlen;
	int st;

	if (!copy)
		return EX_SOFTWARE;
	memcpy(copy, in->raw.p, in->raw.n);
	end = copy + in->raw.n;
	nl = memchr(copy, '\n', in->raw.n);
	row_reset(in);
	hl_err_at(&pos, "malformed CSV (a stray or unclosed quote)");
	r = (struct hl_record){ pos, copy, (size_t)(nl + 1 - copy), NULL, 1 };
	st = deliver(in, &r, 1);
	for (p = nl + 1; !st && p < end; p += len) {
		char *e = memchr(p, '\n', (size_t)(end - p));

		len = e ? (size_t)(e + 1 - p) : (size_t)(end - p);
		in->pos.line = ++line;
		if (convert(in, p, len, &text, &tlen) != 0) {
			text = p;       /* it converted before: cannot happen */
			tlen = len;
		}
		st = csv_line(in, p, len, text, tlen, 0);
	}
	in->pos.line = saved;
	free(copy);
	if (!st && last)
		st = csv_line(in, NULL, 0, NULL, 0, 1);
	return st;
}

static int
csv_line(struct input *in, const char *raw, size_t rawlen, const char *text,
         size_t len, int last)
{
	int rc, st = 0;

	if (in->header_refused)
		return 0;
	if (in->raw.n == 0)
		in->row_line = in->pos.line;
	if (raw && buf_add(&in->raw, raw, rawlen))
		return EX_SOFTWARE;
	if (text && !hl_utf8_valid(text, len))
		in->row_bad_utf8 = 1;
	rc = last ? hl_csv_end(in->csv) : hl_csv_feed(in->csv, text, len);
	if (rc == 2 && !last) {
		row_reset(in);          /* a blank line */
		return 0;
	}
	if (rc == -1 && in->header) {
		char *nl = memchr(in->raw.p, '\n', in->raw.n);

		if (nl && nl + 1 < in->raw.p + in->raw.n)
			return csv_recover(in, last);
	}
	if (rc == 1 || rc == -1) {
		st = csv_row(in, rc == 1);
		row_reset(in);
	}
	return st;
}

/* Converts a line to UTF-8 when an encoding was given. */
static int
convert(struct input *in, const char *s, size_t n, const char **out,
        size_t *outn)
{
	char *ip = (char *)s, *op;
	size_t il = n, ol;

	if (in->cd == (iconv_t)-1) {
		*out = s;
		*outn = n;
		return 0;
	}
	in->conv.n = 0;
	iconv(in->cd, NULL, NULL, NULL, NULL);
	for (;;) {
		if (in->conv.cap < in->conv.n + il * 2 + 16) {
			size_t cap = in->conv.n + il * 2 + 16;
			char *p = realloc(in->conv.p, cap * 2);

			if (!p)
				return EX_SOFTWARE;
			in->conv.p = p;
			in->conv.cap = cap * 2;
		}
		op = in->conv.p + in->conv.n;
		ol = in->conv.cap - in->conv.n - 1;
		if (iconv(in->cd, &ip, &il, &op, &ol) != (size_t)-1) {
			in->conv.n = (size_t)(op - in->conv.p);
			break;
		}
		in->conv.n = (size_t)(op - in->conv.p);
		if (errno != E2BIG)
			return -1;
	}
	in->conv.p[in->conv.n] = '\0';
	*out = in->conv.p;
	*outn = in->conv.n;
	return 0;
}

static enum hl_format
detect(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n && strchr(" \t\r\n", s[i]); i++)
		;
	return i < n && s[i] == '{' ? HL_FMT_NDJSON : HL_FMT_CSV;
}

/* True if reading fp now would wait: nothing buffered and nothing ready.
 * A program reading from a pipe uses the pause to commit what it has, so
 * that a slow writer upstream does not keep the ledger locked. */
static int
would_wait(FILE *fp)
{
	struct pollfd p = { fileno(fp), POLLIN, 0 };

#ifdef __GLIBC__
	if (fp->_IO_read_ptr < fp->_IO_read_end)
		return 0;
#endif
	return poll(&p, 1, 0) == 0;
}

static int
read_file(struct input *in, FILE *fp)
{
	char *line = NULL;
	size_t cap = 0, tlen;
	ssize_t len;
	const char *text;
	int st = 0, rc, stream;
	struct hl_record r;
	struct stat sb;

	stream = in->rd->idle && fstat(fileno(fp), &sb) == 0 &&
	         !S_ISREG(sb.st_mode);
	for (;;) {
		if (stream && would_wait(fp) &&
		    (st = in->rd->idle(in->ctx)) != 0)
			break;
		if ((len = getline(&line, &cap, fp)) < 0)
			break;
		char *raw = line;

		in->pos.line++;
		if (in->pos.line == 1 && len >= 3 &&
		    memcmp(line, "\xEF\xBB\xBF", 3) == 0) {
			raw += 3;       /* a UTF-8 byte-order mark */
			len -= 3;
		}
		rc = convert(in, raw, (size_t)len, &text, &tlen);
		if (rc > 0) {
			st = rc;
			break;
		}
		if (in->format == HL_FMT_AUTO) {
			if (rc == 0 && detect(text, tlen) == HL_FMT_NDJSON)
				in->format = HL_FMT_NDJSON;
			else if (rc == 0 && tlen && strspn(text, " \t\r\n") != tlen)
				in->format = HL_FMT_CSV;
		}
		if (rc < 0) {
			/* Not in the encoding named: a bad record. */
			r = (struct hl_record){ in->pos, raw, (size_t)len, NULL,
			                        in->format == HL_FMT_CSV };
			hl_err_at(&in->pos, "input is not valid %s",
			          in->rd->encoding);
			if ((st = deliver(in, &r, 1)))
				break;
			continue;
		}
		if (in->format == HL_FMT_NDJSON) {
			/* Keep the raw line without its newline. */
			size_t rl = (size_t)len;

			while (tlen && (text[tlen - 1] == '\n' || text[tlen - 1] == '\r'))
				tlen--;
			while (rl && (raw[rl - 1] == '\n' || raw[rl - 1] == '\r'))
				rl--;
			raw[rl] = '\0';
			st = ndjson_line(in, raw, rl, text, tlen);
		} else if (in->format == HL_FMT_CSV) {
			st = csv_line(in, raw, (size_t)len, text, tlen, 0);
		}
		if (st)
			break;
	}
	if (!st && ferror(fp)) {
		hl_err("error reading '%s':", in->pos.file);
		st = EX_IOERR;
	}
	if (!st && in->format == HL_FMT_CSV && in->csv)
		st = csv_line(in, NULL, 0, NULL, 0, 1);
	free(line);
	return st;
}

static void
input_free(struct input *in)
{
	size_t i;

	if (in->cd != (iconv_t)-1)
		iconv_close(in->cd);
	hl_csv_free(in->csv);
	for (i = 0; in->header && i < in->ncol; i++)
		free(in->header[i]);
	free(in->header);
	free(in->raw.p);
	free(in->conv.p);
}

int
hl_read_records(struct hl_reader *rd, char **files, int n, hl_record_fn fn,
                void *ctx)
{
	static char *stdin_only[] = { "-" };
	int i, st, worst = 0;

	if (n == 0) {
		files = stdin_only;
		n = 1;
	}
	if ((st = open_rejects(rd)))
		return st;
	for (i = 0; i < n; i++) {
		struct input in;
		int is_stdin = strcmp(files[i], "-") == 0;
		FILE *fp = is_stdin ? stdin : fopen(files[i], "r");

		if (!fp) {
			hl_err("cannot open '%s':", files[i]);
			worst = hl_worse(worst, errno == EACCES ? EX_NOPERM
			                                        : EX_NOINPUT);
			continue;
		}
		memset(&in, 0, sizeof in);
		in.rd = rd;
		in.fn = fn;
		in.ctx = ctx;
		in.pos.file = is_stdin ? "<stdin>" : files[i];
		in.format = rd->format;
		in.cd = (iconv_t)-1;
		if (rd->encoding &&
		    (in.cd = iconv_open("UTF-8", rd->encoding)) == (iconv_t)-1) {
			hl_err("unknown encoding '%s'", rd->encoding);
			if (!is_stdin)
				fclose(fp);
			return EX_USAGE;
		}
		if (!(in.csv = hl_csv_new())) {
			if (!is_stdin)
				fclose(fp);
			input_free(&in);
			return EX_SOFTWARE;
		}
		st = read_file(&in, fp);
		if (!is_stdin)
			fclose(fp);
		input_free(&in);
		if (st == EX_DATAERR) {
			worst = hl_worse(worst, st);    /* a refused file */
			continue;
		}
		if (st)
			return st;
	}
	if (rd->bad)
		worst = hl_worse(worst, EX_DATAERR);
	return worst;
}

int
hl_encoding_known(const char *name)
{
	iconv_t cd = iconv_open("UTF-8", name);

	if (cd == (iconv_t)-1)
		return 0;
	iconv_close(cd);
	return 1;
}

int
hl_print_json(FILE *fp, const json_t *obj)
{
	if (json_dumpf(obj, fp, HL_JSON) != 0 || putc('\n', fp) == EOF) {
		hl_err("error writing output:");
		return EX_IOERR;
	}
	return 0;
}
