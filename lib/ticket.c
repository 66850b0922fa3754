/*
 * ticket.c - a ticket in and out: the upstream's field names (English and
 * Chinese) to ours, validation with precise messages, the canonical form
 * that decides "same ticket", and the JSON line the programs print.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

static const struct {
	const char *kind, *label;
} kinds[] = {
	{ "consult", "咨询" },    { "help", "求助" },
	{ "complaint", "投诉" },  { "report", "举报" },
	{ "suggestion", "建议" }, { "praise", "表扬" },
};
#define NKINDS (sizeof kinds / sizeof kinds[0])

const char *
hl_kind_from_text(const char *s)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(s, kinds[i].kind) == 0 || strcmp(s, kinds[i].label) == 0)
			return kinds[i].kind;
	/* Upstream exports sometimes add 类: 咨询类. */
	for (i = 0; i < NKINDS; i++) {
		size_t n = strlen(kinds[i].label);

		if (strncmp(s, kinds[i].label, n) == 0 && strcmp(s + n, "类") == 0)
			return kinds[i].kind;
	}
	return NULL;
}

const char *
hl_kind_label(const char *kind)
{
	size_t i;

	for (i = 0; kind && i < NKINDS; i++)
		if (strcmp(kind, kinds[i].kind) == 0)
			return kinds[i].label;
	return kind;
}

/* The input fields, in the contract's order. */
static const char *const fields[] = {
	"id", "received_at", "title", "content", "kind", "category", "village",
	"address", "channel", "caller_name", "caller_phone", "due_at", "urgent",
};
#define NFIELDS (sizeof fields / sizeof fields[0])

/* CSV headers of upstream exports, and English spellings. */
static const struct {
	const char *header, *field;
} aliases[] = {
	{ "工单编号", "id" },          { "工单号", "id" },
	{ "来电时间", "received_at" }, { "受理时间", "received_at" },
	{ "来电人", "caller_name" },   { "诉求人", "caller_name" },
	{ "联系电话", "caller_phone" }, { "来电号码", "caller_phone" },
	{ "诉求类型", "kind" },        { "问题分类", "category" },
	{ "事项分类", "category" },    { "所属村", "village" },
	{ "村居", "village" },         { "地址", "address" },
	{ "事发地址", "address" },     { "标题", "title" },
	{ "诉求内容", "content" },     { "来电内容", "content" },
	{ "办理时限", "due_at" },      { "来源渠道", "channel" },
	{ "是否紧急", "urgent" },      { "caller.name", "caller_name" },
	{ "caller.phone", "caller_phone" },
};

/* A --map file: extra header -> field pairs, consulted first. */
struct map {
	char **from, **to;
	size_t n;
};

static const char *
field_name(const char *s)
{
	size_t i;

	for (i = 0; i < NFIELDS; i++)
		if (strcmp(s, fields[i]) == 0)
			return fields[i];
	return NULL;
}

/* A --map target that keeps the column under extra, named: no warning. */
static const char map_extra[] = "extra";

const char *
hl_ticket_header(void *ctx, const char *header)
{
	struct map *m = ctx;
	size_t i;

	for (i = 0; m && i < m->n; i++)
		if (strcmp(header, m->from[i]) == 0)
			return m->to[i] == map_extra ? header : m->to[i];
	for (i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
		if (strcmp(header, aliases[i].header) == 0)
			return aliases[i].field;
	return header;
}

static int derived_key(const char *k);

/* True if the map names header (to a field or to extra). */
static int
mapped(const struct map *m, const char *header)
{
	size_t i;

	for (i = 0; m && i < m->n; i++)
		if (strcmp(header, m->from[i]) == 0)
			return 1;
	return 0;
}

int
hl_ticket_header_check(void *ctx, const struct hl_pos *pos,
                       char *const *names, char *const *keys, size_t n)
{
	static const char *const required[] = { "id", "received_at", "content" };
	char list[1024] = "", *p;
	size_t i, j, k, nlist = 0, missing[3], nmissing = 0;

	for (k = 0; k < sizeof required / sizeof required[0]; k++) {
		for (i = 0; i < n && strcmp(keys[i], required[k]) != 0; i++)
			;
		if (i == n)
			missing[nmissing++] = k;
	}
	/* One message: "missing columns 'id' (or 工单编号, 工单号) and ...",
	 * with the headers an upstream export may give each. */
	for (k = 0; k < nmissing; k++) {
		const char *f = required[missing[k]];
		int first = 1;

		snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'",
		         !k ? "" : k + 1 < nmissing ? ", " : " and ", f);
		for (j = 0; j < sizeof aliases / sizeof aliases[0]; j++)
			if (strcmp(aliases[j].field, f) == 0) {
				snprintf(list + strlen(list), sizeof list - strlen(list),
				         "%s%s", first ? " (or " : ", ", aliases[j].header);
				first = 0;
			}
		if (!first)
			snprintf(list + strlen(list), sizeof list - strlen(list), ")");
	}
	if (nmissing)
		hl_err_at(pos, "missing column%s %s: the file is refused (map "
		          "other headers with --map)", nmissing > 1 ? "s" : "",
		          list);
	*list = '\0';
	for (i = 0; i < n; i++) {
		if (field_name(keys[i]) || derived_key(keys[i]) ||
		    mapped(ctx, names[i]) || !(p = hl_text_printable(names[i])))
			continue;
		snprintf(list + strlen(list), sizeof list - strlen(list), "%s'%s'",
		         nlist ? ", " : "", p);
		nlist++;
		free(p);
	}
	if (nlist)
		hl_warn_at(pos, "%s %s %s: kept under extra (name %s in a --map "
		           "file, to a field or to extra)",
		           nlist == 1 ? "column" : "columns", list,
		           nlist == 1 ? "is not a ticket field"
		                      : "are not ticket fields",
		           nlist == 1 ? "it" : "them");
	return nmissing ? EX_DATAERR : 0;
}

static const char *
map_columns(void *ctx, const char *h)
{
	(void)ctx;
	if (strcmp(h, "header") == 0 || strcmp(h, "field") == 0)
		return h;
	hl_err("--map: unknown column '%s' (expected header,field)", h);
	return NULL;
}

/* A map needs both its columns: said once, at the header. */
static int
map_header_check(void *ctx, const struct hl_pos *pos, char *const *names,
                 char *const *keys, size_t n)
{
	static const char *const need[] = { "header", "field" };
	size_t i, k;
	int bad = 0;

	(void)ctx, (void)names;
	for (k = 0; k < 2; k++) {
		for (i = 0; i < n && strcmp(keys[i], need[k]) != 0; i++)
			;
		if (i == n) {
			hl_err_at(pos, "--map: missing column '%s' (expected "
			          "header,field)", need[k]);
			bad = 1;
		}
	}
	return bad ? EX_DATAERR : 0;
}

static int
map_row(void *ctx, const struct hl_record *r)
{
	struct map *m = ctx;
	const char *from = json_string_value(json_object_get(r->obj, "header"));
	const char *to = json_string_value(json_object_get(r->obj, "field"));
	const char *f;
	char **nf, **nt;

	if (!from || !to) {
		hl_err_at(&r->pos, "both header and field are needed");
		return HL_BAD;
	}
	if (strcmp(to, map_extra) == 0) {
		f = map_extra;  /* kept under extra, named on purpose */
	} else if (!(f = field_name(to))) {
		hl_err_at(&r->pos, "unknown ticket field '%s' (or extra, to keep "
		          "the column under extra)", to);
		return HL_BAD;
	}
	nf = realloc(m->from, (m->n + 1) * sizeof *nf);
	if (nf)
		m->from = nf;
	nt = nf ? realloc(m->to, (m->n + 1) * sizeof *nt) : NULL;
	if (!nt)
		return EX_SOFTWARE;
	m->to = nt;
	if (!(m->from[m->n] = strdup(from)))
		return EX_SOFTWARE;
	m->to[m->n++] = (char *)f;
	return HL_OK;
}

void *
hl_ticket_map_load(const char *path, int *status)
{
	struct hl_reader rd = { .format = HL_FMT_CSV, .header = map_columns,
	                        .header_check = map_header_check };
	struct map *m = calloc(1, sizeof *m);
	char *files[1] = { (char *)path };

	if (!m) {
		*status = EX_SOFTWARE;
		return NULL;
	}
	*status = hl_read_records(&rd, files, 1, map_row, m);
	hl_reader_close(&rd);
	if (*status) {
		if (*status == EX_DATAERR)
			*status = EX_USAGE;     /* a bad --map is a bad command */
		hl_ticket_map_free(m);
		return NULL;
	}
	return m;
}

void
hl_ticket_map_free(void *ctx)
{
	struct map *m = ctx;
	size_t i;

	if (!m)
		return;
	for (i = 0; i < m->n; i++)
		free(m->from[i]);
	free(m->from);
	free(m->to);
	free(m);
}

void
hl_ticket_clear(struct hl_ticket *t)
{
	free(t->id);
	free(t->title);
	free(t->content);
	free(t->kind);
	free(t->category);
	free(t->village);
	free(t->address);
	free(t->channel);
	free(t->caller_name);
	free(t->caller_phone);
	json_decref(t->extra);
	memset(t, 0, sizeof *t);
}

/* Output keys a ticket line carries that are not input: ignored on input so
 * that a printed ticket can be fed back (hl-list | hl-intake). */
static int
derived_key(const char *k)
{
	static const char *const derived[] = {
		"status", "verdict", "repeat_of", "repeat_count", "assignments",
		"deadlines", "updated_at",
	};
	size_t i;

	for (i = 0; i < sizeof derived / sizeof derived[0]; i++)
		if (strcmp(k, derived[i]) == 0)
			return 1;
	return 0;
}

/* A text field: a string (trimmed; empty means absent).  0 or -1. */
static int
text_field(const json_t *v, const char *name, char **out,
           const struct hl_pos *pos)
{
	const char *s, *e;
	size_t i;

	if (!v || json_is_null(v))
		return 0;
	if (json_is_integer(v) && strcmp(name, "id") == 0) {
		char buf[32];

		snprintf(buf, sizeof buf, "%" JSON_INTEGER_FORMAT,
		         json_integer_value(v));
		return (*out = strdup(buf)) ? 0 : -1;
	}
	if (!json_is_string(v)) {
		hl_err_at(pos, "field '%s': expected a string", name);
		return -1;
	}
	s = json_string_value(v);
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && strchr(" \t\r\n", e[-1]))
		e--;
	/* Free text may hold line breaks; names, ids and codes may not. */
	if (strcmp(name, "content") != 0 && strcmp(name, "address") != 0 &&
	    strcmp(name, "title") != 0)
		for (i = 0; s + i < e; i++)
			if ((unsigned char)s[i] < 0x20) {
				hl_err_at(pos, "field '%s': control character in the "
				          "text", name);
				return -1;
			}
	if (e == s)
		return 0;
	*out = strndup(s, (size_t)(e - s));
	return *out ? 0 : -1;
}

/* A caller field may come as caller.name or caller_name, not both. */
static int
once(const json_t *v, const char *name, char **out, const struct hl_pos *pos)
{
	if (*out) {
		hl_err_at(pos, "field '%s' given twice", name);
		return -1;
	}
	return text_field(v, name, out, pos);
}

static int
time_field(const json_t *v, const char *name, int flags, hl_time *out,
           const struct hl_pos *pos)
{
	const char *s;

	if (!v || json_is_null(v))
		return 0;
	if (!json_is_string(v)) {
		hl_err_at(pos, "field '%s': expected a time string", name);
		return -1;
	}
	s = json_string_value(v);
	if (!*s)
		return 0;
	if (hl_time_parse(s, flags, out) != 0) {
		char *p = hl_text_printable(s);

		hl_err_at(pos, "field '%s': cannot parse time '%s'", name,
		          p ? p : "");
		free(p);
		return -1;
	}
	return 0;
}

static int
bool_field(const json_t *v, const char *name, int *out,
           const struct hl_pos *pos)
{
	static const char *const yes[] = { "true", "yes", "1", "是", "紧急", "Y", "y" };
	static const char *const no[] = { "false", "no", "0", "否", "普通", "N", "n", "" };
	const char *s;
	size_t i;

	if (!v || json_is_null(v))
		return 0;
	if (json_is_boolean(v)) {
		*out = json_is_true(v);
		return 0;
	}
	if (json_is_integer(v) && json_integer_value(v) >= 0 &&
	    json_integer_value(v) <= 1) {
		*out = (int)json_integer_value(v);
		return 0;
	}
	if (json_is_string(v)) {
		s = json_string_value(v);
		for (i = 0; i < sizeof yes / sizeof yes[0]; i++)
			if (strcmp(s, yes[i]) == 0)
				return *out = 1, 0;
		for (i = 0; i < sizeof no / sizeof no[0]; i++)
			if (strcmp(s, no[i]) == 0)
				return *out = 0, 0;
	}
	hl_err_at(pos, "field '%s': expected true or false (or 是/否)", name);
	return -1;
}

/* Fills t->source_hash: SHA-256 of the canonical form, the normalised
 * fields in a fixed order, each as its name, a NUL, its value, a NUL (times
 * as decimal seconds, urgent as 1; absent fields left out), then "extra",
 * NUL and its JSON with sorted keys if there is one.  So the CSV and the
 * NDJSON of one work order hash alike. */
static int
hash_ticket(struct hl_ticket *t)
{
	static const char digit[] = "0123456789abcdef";
	struct hl_sha256 c;
	unsigned char md[32];
	char num[32];
	int i;
	struct {
		const char *name, *value;
	} f[] = {
		{ "id", t->id }, { "received_at", NULL }, { "title", t->title },
		{ "content", t->content }, { "kind", t->kind },
		{ "category", t->category }, { "village", t->village },
		{ "address", t->address }, { "channel", t->channel },
		{ "caller_name", t->caller_name },
		{ "caller_phone", t->caller_phone }, { "due_at", NULL },
		{ "urgent", t->urgent ? "1" : NULL },
	};
	char due[32];

	snprintf(num, sizeof num, "%lld", (long long)t->received_at);
	f[1].value = num;
	if (t->due_at) {
		snprintf(due, sizeof due, "%lld", (long long)t->due_at);
		f[11].value = due;
	}
	hl_sha256_init(&c);
	for (i = 0; i < (int)(sizeof f / sizeof f[0]); i++)
		if (f[i].value) {
			hl_sha256_update(&c, f[i].name, strlen(f[i].name) + 1);
			hl_sha256_update(&c, f[i].value, strlen(f[i].value) + 1);
		}
	if (t->extra && json_object_size(t->extra)) {
		char *x = json_dumps(t->extra, HL_JSON | JSON_SORT_KEYS);

		if (!x)
			return -1;
		hl_sha256_update(&c, "extra", 6);
		hl_sha256_update(&c, x, strlen(x) + 1);
		free(x);
	}
	hl_sha256_final(&c, md);
	for (i = 0; i < 32; i++) {
		t->source_hash[2 * i] = digit[md[i] >> 4];
		t->source_hash[2 * i + 1] = digit[md[i] & 15];
	}
	t->source_hash[64] = '\0';
	return 0;
}

int
hl_ticket_from_json(struct hl_ticket *t, const json_t *obj,
                    const struct hl_pos *pos, hl_time now, long skew)
{
	const char *key;
	json_t *v, *caller;
	char *kind = NULL, *phone = NULL, *norm;
	char buf[40];
	int have_received = 0;

	memset(t, 0, sizeof *t);
	if (!(t->extra = json_object()))
		return EX_SOFTWARE;
	caller = json_object_get(obj, "caller");
	if (caller && !json_is_null(caller) && !json_is_object(caller)) {
		hl_err_at(pos, "field 'caller': expected an object with name and phone");
		goto bad;
	}
	json_object_foreach((json_t *)obj, key, v) {
		int r = 0;

		if (strcmp(key, "id") == 0)
			r = text_field(v, "id", &t->id, pos);
		else if (strcmp(key, "received_at") == 0) {
			r = time_field(v, "received_at", 0, &t->received_at, pos);
			have_received = !json_is_null(v) && !(json_is_string(v) &&
			                                       !*json_string_value(v));
		} else if (strcmp(key, "title") == 0)
			r = text_field(v, "title", &t->title, pos);
		else if (strcmp(key, "content") == 0)
			r = text_field(v, "content", &t->content, pos);
		else if (strcmp(key, "kind") == 0)
			r = text_field(v, "kind", &kind, pos);
		else if (strcmp(key, "category") == 0)
			r = text_field(v, "category", &t->category, pos);
		else if (strcmp(key, "village") == 0)
			r = text_field(v, "village", &t->village, pos);
		else if (strcmp(key, "address") == 0)
			r = text_field(v, "address", &t->address, pos);
		else if (strcmp(key, "channel") == 0)
			r = text_field(v, "channel", &t->channel, pos);
		else if (strcmp(key, "caller_name") == 0)
			r = once(v, "caller.name", &t->caller_name, pos);
		else if (strcmp(key, "caller_phone") == 0)
			r = once(v, "caller.phone", &phone, pos);
		else if (strcmp(key, "caller") == 0) {
			json_t *cv;
			const char *ck;

			json_object_foreach(caller, ck, cv) {
				if (strcmp(ck, "name") == 0)
					r = once(cv, "caller.name", &t->caller_name, pos);
				else if (strcmp(ck, "phone") == 0)
					r = once(cv, "caller.phone", &phone, pos);
				else {
					hl_err_at(pos, "field 'caller.%s': unknown (caller has "
					          "name and phone)", ck);
					r = -1;
				}
				if (r)
					break;
			}
		} else if (strcmp(key, "due_at") == 0)
			r = time_field(v, "due_at", HL_TIME_DATE_OK, &t->due_at, pos);
		else if (strcmp(key, "urgent") == 0)
			r = bool_field(v, "urgent", &t->urgent, pos);
		else if (strcmp(key, "extra") == 0) {
			/* A printed ticket's extra (object or null) comes back. */
			if (json_is_object(v))
				r = json_object_update(t->extra, v);
			else if (!json_is_null(v)) {
				hl_err_at(pos, "field 'extra': expected an object");
				r = -1;
			}
		}
		else if (!derived_key(key))
			r = json_object_set(t->extra, key, v);
		if (r)
			goto bad;
	}
	if (!t->id) {
		hl_err_at(pos, "missing field 'id'");
		goto bad;
	}
	if (strlen(t->id) > 64) {
		hl_err_at(pos, "field 'id': longer than 64 bytes");
		goto bad;
	}
	if (!have_received) {
		hl_err_at(pos, "missing field 'received_at'");
		goto bad;
	}
	if (!t->content) {
		hl_err_at(pos, "missing field 'content'");
		goto bad;
	}
	if (t->received_at > now + skew) {
		hl_err_at(pos, "field 'received_at': %s is in the future",
		          hl_time_format(t->received_at, buf, sizeof buf));
		goto bad;
	}
	if (t->due_at && t->due_at < t->received_at) {
		hl_err_at(pos, "field 'due_at': earlier than received_at");
		goto bad;
	}
	if (kind) {
		const char *k = hl_kind_from_text(kind);

		if (!k) {
			char *p = hl_text_printable(kind);

			hl_err_at(pos, "field 'kind': unknown kind '%s' (expected "
			          "consult, help, complaint, report, suggestion or "
			          "praise)", p ? p : "");
			free(p);
			goto bad;
		}
		free(kind);
		kind = NULL;
		if (!(t->kind = strdup(k)))
			goto nomem;
	}
	if (phone) {
		/* Never echo the number: stderr ends up in logs and mail. */
		if (!(norm = hl_phone_normalize(phone))) {
			hl_err_at(pos, "field 'caller.phone': not a plausible phone "
			          "number");
			goto bad;
		}
		free(phone);
		phone = NULL;
		t->caller_phone = norm;
	}
	if (json_object_size(t->extra) == 0) {
		json_decref(t->extra);
		t->extra = NULL;
	}
	if (hash_ticket(t))
		goto nomem;
	return HL_OK;
bad:
	free(kind);
	free(phone);
	hl_ticket_clear(t);
	return HL_BAD;
nomem:
	free(kind);
	free(phone);
	hl_ticket_clear(t);
	return EX_SOFTWARE;
}

static json_t *
str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *
time_or_null(hl_time t)
{
	char buf[40];

	return t ? json_string(hl_time_format(t, buf, sizeof buf)) : json_null();
}

/* Appends the input fields of t to o. */
static void
put_input(json_t *o, const struct hl_ticket *t)
{
	json_t *caller;

	json_object_set_new(o, "id", json_string(t->id));
	json_object_set_new(o, "received_at", time_or_null(t->received_at));
	json_object_set_new(o, "title", str_or_null(t->title));
	json_object_set_new(o, "content", str_or_null(t->content));
	json_object_set_new(o, "kind", str_or_null(t->kind));
	json_object_set_new(o, "category", str_or_null(t->category));
	json_object_set_new(o, "village", str_or_null(t->village));
	json_object_set_new(o, "address", str_or_null(t->address));
	json_object_set_new(o, "channel", str_or_null(t->channel));
	if (t->caller_name || t->caller_phone) {
		caller = json_object();
		json_object_set_new(caller, "name", str_or_null(t->caller_name));
		json_object_set_new(caller, "phone", str_or_null(t->caller_phone));
		json_object_set_new(o, "caller", caller);
	} else {
		json_object_set_new(o, "caller", json_null());
	}
	json_object_set_new(o, "due_at", time_or_null(t->due_at));
	json_object_set_new(o, "urgent", json_boolean(t->urgent));
}

json_t *
hl_ticket_input_json(const struct hl_ticket *t)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	put_input(o, t);
	json_object_set_new(o, "extra", t->extra ? json_incref(t->extra)
	                                         : json_null());
	return o;
}

json_t *
hl_ticket_json(const struct hl_ticket *t, const struct hl_ticket_state *s)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	put_input(o, t);
	json_object_set_new(o, "status", json_string(s->status));
	json_object_set_new(o, "verdict", str_or_null(*s->verdict ? s->verdict
	                                                          : NULL));
	json_object_set_new(o, "repeat_of", str_or_null(s->repeat_of));
	json_object_set_new(o, "repeat_count", json_integer(s->repeat_count));
	json_object_set_new(o, "assignments", s->assignments
	                    ? json_incref(s->assignments) : json_array());
	json_object_set_new(o, "deadlines", s->deadlines
	                    ? json_incref(s->deadlines) : json_object());
	json_object_set_new(o, "updated_at", time_or_null(s->updated_at));
	json_object_set_new(o, "extra", t->extra ? json_incref(t->extra)
	                                         : json_null());
	return o;
}

/* ---- writing a ticket line without building it in jansson ---- */

void
hl_json_write_string(FILE *fp, const char *s)
{
	/* (The caller holds fp's lock: see hl_ticket_write.) */
	const unsigned char *p = (const unsigned char *)s, *run = p;

	/* The same escapes as jansson's output, so both writers agree. */
	putc_unlocked('"', fp);
	for (; *p; p++) {
		const char *esc = NULL;
		char u[8];

		if (*p >= 0x20 && *p != '"' && *p != '\\')
			continue;
		fwrite_unlocked(run, 1, (size_t)(p - run), fp);
		switch (*p) {
		case '"': esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\f': esc = "\\f"; break;
		case '\n': esc = "\\n"; break;
		case '\r': esc = "\\r"; break;
		case '\t': esc = "\\t"; break;
		default:
			snprintf(u, sizeof u, "\\u%04X", *p);
			esc = u;
		}
		fputs_unlocked(esc, fp);
		run = p + 1;
	}
	fwrite_unlocked(run, 1, (size_t)(p - run), fp);
	putc_unlocked('"', fp);
}

static void
key_str(FILE *fp, const char *key, const char *v, int comma)
{
	if (comma)
		putc_unlocked(',', fp);
	putc_unlocked('"', fp);
	fputs_unlocked(key, fp);
	fputs_unlocked("\":", fp);
	if (v)
		hl_json_write_string(fp, v);
	else
		fputs_unlocked("null", fp);
}

static void
key_time(FILE *fp, const char *key, hl_time t)
{
	char buf[40];

	key_str(fp, key, t ? hl_time_format(t, buf, sizeof buf) : NULL, 1);
}

/* A flat JSON value of strings, numbers, booleans and nulls, nested in
 * arrays and objects (what assignments and deadlines hold). */
static int
write_value(FILE *fp, const json_t *v)
{
	const char *k;
	json_t *x;
	size_t i;
	int first = 1;

	switch (json_typeof(v)) {
	case JSON_STRING:
		hl_json_write_string(fp, json_string_value(v));
		return 0;
	case JSON_ARRAY:
		putc_unlocked('[', fp);
		json_array_foreach(v, i, x) {
			if (i)
				putc_unlocked(',', fp);
			write_value(fp, x);
		}
		putc_unlocked(']', fp);
		return 0;
	case JSON_OBJECT:
		putc_unlocked('{', fp);
		json_object_foreach((json_t *)v, k, x) {
			if (!first)
				putc_unlocked(',', fp);
			first = 0;
			hl_json_write_string(fp, k);
			putc_unlocked(':', fp);
			write_value(fp, x);
		}
		putc_unlocked('}', fp);
		return 0;
	default:
		return json_dumpf(v, fp, HL_JSON | JSON_ENCODE_ANY);
	}
}

int
hl_ticket_write(FILE *fp, const struct hl_ticket *t,
                const struct hl_ticket_state *s)
{
	/* One lock for the line, not one a character. */
	flockfile(fp);
	putc_unlocked('{', fp);
	key_str(fp, "id", t->id, 0);
	key_time(fp, "received_at", t->received_at);
	key_str(fp, "title", t->title, 1);
	key_str(fp, "content", t->content, 1);
	key_str(fp, "kind", t->kind, 1);
	key_str(fp, "category", t->category, 1);
	key_str(fp, "village", t->village, 1);
	key_str(fp, "address", t->address, 1);
	key_str(fp, "channel", t->channel, 1);
	if (t->caller_name || t->caller_phone) {
		fputs_unlocked(",\"caller\":{", fp);
		key_str(fp, "name", t->caller_name, 0);
		key_str(fp, "phone", t->caller_phone, 1);
		putc_unlocked('}', fp);
	} else {
		fputs_unlocked(",\"caller\":null", fp);
	}
	key_time(fp, "due_at", t->due_at);
	fputs_unlocked(t->urgent ? ",\"urgent\":true" : ",\"urgent\":false", fp);
	key_str(fp, "status", s->status, 1);
	key_str(fp, "verdict", *s->verdict ? s->verdict : NULL, 1);
	key_str(fp, "repeat_of", s->repeat_of, 1);
	fprintf(fp, ",\"repeat_count\":%ld,\"assignments\":", s->repeat_count);
	if (s->assignments)
		write_value(fp, s->assignments);
	else
		fputs_unlocked("[]", fp);
	fputs_unlocked(",\"deadlines\":", fp);
	if (s->deadlines)
		write_value(fp, s->deadlines);
	else
		fputs_unlocked("{}", fp);
	key_time(fp, "updated_at", s->updated_at);
	fputs_unlocked(",\"extra\":", fp);
	if (t->extra)
		json_dumpf(t->extra, fp, HL_JSON);
	else
		fputs_unlocked("null", fp);
	fputs_unlocked("}\n", fp);
	funlockfile(fp);
	if (ferror(fp)) {
		hl_err("error writing output:");
		return EX_IOERR;
	}
	return 0;
}
