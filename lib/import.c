/*
 * import.c - the office's tables from CSV (and the holiday calendar from the
 * holiday-cn JSON files): units, people, villages, routes, policy, calendar,
 * and the channels of hl-notify.
 * An import is one transaction: every row is checked, every bad row is
 * named, and if any was bad nothing changes.  Each import replaces its table,
 * except the calendar, which merges by date (years come one at a time).
 * An office's own spreadsheet may head its columns in Chinese and write the
 * unit kinds and roles as people say them: see the aliases below.
 */
#include <assert.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

struct kind {
	const char *name;
	const char *columns[6];         /* required first, NULL-terminated */
	int required;
	const char *table;
	const char *insert;
	int (*check)(struct hl_ledger *L, const struct hl_pos *pos,
	             const json_t *row);
};

static const char *
field(const json_t *row, const char *name)
{
	return json_string_value(json_object_get(row, name));
}

static int
one_of(const char *v, const char *const *set)
{
	for (; *set; set++)
		if (strcmp(v, *set) == 0)
			return 1;
	return 0;
}

/* 1 if the query with one text parameter returns a row, 0 if not, -1. */
static int
exists(struct hl_ledger *L, const char *sql, const char *v)
{
	sqlite3_stmt *st = hl_stmt(L, sql);
	int rc;

	if (!st)
		return -1;
	sqlite3_bind_text(st, 1, v, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

static const char sql_unit[] = "SELECT 1 FROM units WHERE unit = ?";
static const char sql_station[] =
	"SELECT 1 FROM units WHERE unit = ? AND kind = 'station'";
static const char sql_person[] = "SELECT 1 FROM people WHERE name = ?";

static int
check_units(struct hl_ledger *L, const struct hl_pos *pos, const json_t *row)
{
	static const char *const kinds[] = { "station", "village", "center",
	                                     "leadership", "discipline", NULL };

	(void)L;
	if (!one_of(field(row, "kind"), kinds)) {
		hl_err_at(pos, "unknown unit kind '%s' (expected station, village, "
		          "center, leadership or discipline)", field(row, "kind"));
		return HL_BAD;
	}
	return HL_OK;
}

static int
check_people(struct hl_ledger *L, const struct hl_pos *pos, const json_t *row)
{
	const char *unit = field(row, "unit"), *phone = field(row, "phone");
	const char *email = field(row, "email");
	char *norm;

	if (!one_of(field(row, "role"), hl_roles)) {
		hl_err_at(pos, "unknown role '%s' (expected cadre, area_leader, "
		          "station_head, village_head, deputy, principal, "
		          "discipline, grid or center)", field(row, "role"));
		return HL_BAD;
	}
	if (unit && exists(L, sql_unit, unit) == 0) {
		hl_err_at(pos, "unknown unit '%s' (import units first)", unit);
		return HL_BAD;
	}
	if (phone) {
		if (!(norm = hl_phone_normalize(phone))) {
			hl_err_at(pos, "column 'phone': not a plausible phone number");
			return HL_BAD;
		}
		free(norm);
	}
	if (email && (!strchr(email, '@') || strchr(email, ' ') ||
	              strchr(email, ','))) {
		hl_err_at(pos, "column 'email': not an address");
		return HL_BAD;
	}
	return HL_OK;
}

static int
check_villages(struct hl_ledger *L, const struct hl_pos *pos,
               const json_t *row)
{
	static const char *const who[] = { "cadre", "area_leader" };
	int i;

	for (i = 0; i < 2; i++) {
		const char *name = field(row, who[i]);

		if (name && exists(L, sql_person, name) == 0) {
			hl_err_at(pos, "%s '%s' is not in people (import people first)",
			          who[i], name);
			return HL_BAD;
		}
	}
	return HL_OK;
}

static int
check_routes(struct hl_ledger *L, const struct hl_pos *pos, const json_t *row)
{
	if (exists(L, sql_station, field(row, "station")) == 0) {
		hl_err_at(pos, "station '%s' is not a unit of kind station",
		          field(row, "station"));
		return HL_BAD;
	}
	return HL_OK;
}

static int
check_policy(struct hl_ledger *L, const struct hl_pos *pos, const json_t *row)
{
	const char *msg, *scope = field(row, "scope");

	(void)L;
	msg = hl_policy_check(field(row, "stage"), scope ? scope : "*",
	                      field(row, "limit"));
	if (msg) {
		hl_err_at(pos, "%s: %s", field(row, "stage"), msg);
		return HL_BAD;
	}
	return HL_OK;
}

static int
check_calendar(struct hl_ledger *L, const struct hl_pos *pos,
               const json_t *row)
{
	int64_t day;
	const char *w = field(row, "workday");

	(void)L;
	if (hl_date_parse(field(row, "date"), &day) != 0) {
		hl_err_at(pos, "column 'date': expected YYYY-MM-DD, not '%s'",
		          field(row, "date"));
		return HL_BAD;
	}
	if (strcmp(w, "0") != 0 && strcmp(w, "1") != 0) {
		hl_err_at(pos, "column 'workday': expected 1 or 0, not '%s'", w);
		return HL_BAD;
	}
	return HL_OK;
}

/* Where notices reach a unit's work group or a person (hl-notify). */
static int
check_channels(struct hl_ledger *L, const struct hl_pos *pos,
               const json_t *row)
{
	static const char sql_email[] =
		"SELECT 1 FROM people WHERE name = ? AND email IS NOT NULL AND "
		"email <> ''";
	const char *target = field(row, "target"), *ch = field(row, "channel");
	const char *addr = field(row, "address"), *p;
	int person, unit;

	if ((person = exists(L, sql_person, target)) < 0 ||
	    (unit = exists(L, sql_unit, target)) < 0)
		return EX_SOFTWARE;
	if (!person && !unit) {
		hl_err_at(pos, "target '%s' is neither a unit nor a person (import "
		          "units and people first)", target);
		return HL_BAD;
	}
	if (strncmp(ch, "cmd:", 4) == 0) {
		size_t n = strlen(ch + 4);

		if (!n || n > 32 || strspn(ch + 4, "abcdefghijklmnopqrstuvwxyz"
		                           "0123456789_-") != n) {
			hl_err_at(pos, "channel '%s': a command's NAME is 1 to 32 "
			          "lowercase letters, digits, _ or -", ch);
			return HL_BAD;
		}
	} else if (strcmp(ch, "wecom") && strcmp(ch, "dingtalk") &&
	           strcmp(ch, "mail")) {
		hl_err_at(pos, "unknown channel '%s' (expected wecom, dingtalk, "
		          "mail or cmd:NAME)", ch);
		return HL_BAD;
	}
	for (p = addr; p && *p; p++)
		if ((unsigned char)*p < 0x20 || *p == 0x7F) {
			hl_err_at(pos, "column 'address': a control character");
			return HL_BAD;
		}
	if (!strcmp(ch, "wecom") || !strcmp(ch, "dingtalk")) {
		/* The robot's key stays in a file the channel command reads:
		 * never a key in the ledger. */
		if (!addr || addr[0] != '/') {
			hl_err_at(pos, "column 'address': %s needs the full path of "
			          "the robot's key file (mode 0600), not '%s'", ch,
			          addr ? addr : "");
			return HL_BAD;
		}
	} else if (!strcmp(ch, "mail")) {
		if (addr && (!strchr(addr, '@') || strpbrk(addr, " ,;<>\"\\"))) {
			hl_err_at(pos, "column 'address': not a mail address");
			return HL_BAD;
		}
		if (!addr && !person) {
			hl_err_at(pos, "column 'address': mail to unit '%s' needs an "
			          "address", target);
			return HL_BAD;
		}
		if (!addr && exists(L, sql_email, target) == 0) {
			hl_err_at(pos, "column 'address': '%s' has no email in people",
			          target);
			return HL_BAD;
		}
	}
	return HL_OK;
}

static const struct kind kinds[] = {
	{ "units", { "unit", "kind", NULL }, 2, "units",
	  "INSERT INTO units (unit, kind) VALUES (?, ?)", check_units },
	{ "people", { "name", "role", "unit", "phone", "email", NULL }, 2,
	  "people",
	  "INSERT INTO people (name, role, unit, phone, email) "
	  "VALUES (?, ?, ?, ?, ?)", check_people },
	{ "villages", { "village", "area", "cadre", "area_leader", NULL }, 1,
	  "villages",
	  "INSERT INTO villages (village, area, cadre, area_leader) "
	  "VALUES (?, ?, ?, ?)", check_villages },
	{ "routes", { "category", "station", NULL }, 2, "routes",
	  "INSERT INTO routes (category, station) VALUES (?, ?)", check_routes },
	{ "policy", { "stage", "limit", "scope", NULL }, 2, "policy",
	  "INSERT INTO policy (stage, \"limit\", scope) "
	  "VALUES (?, ?, coalesce(?, '*'))", check_policy },
	{ "calendar", { "date", "workday", "name", NULL }, 2, NULL,
	  "INSERT INTO calendar (date, workday, name) VALUES (?, ?, ?) "
	  "ON CONFLICT (date) DO UPDATE SET workday = excluded.workday, "
	  "name = excluded.name", check_calendar },
	{ "channels", { "target", "channel", "address", NULL }, 2, "channels",
	  "INSERT INTO channels (target, channel, address) "
	  "VALUES (?, ?, coalesce(?, ''))", check_channels },
};

/* Chinese for the columns (a header, when value is NULL) and for the
 * values of a unit's kind and a person's role, as hl-ledger(1) lists them. */
static const struct alias {
	const char *kind, *column, *text, *code;
} aliases[] = {
	{ "units", NULL, "单位", "unit" }, { "units", NULL, "单位名称", "unit" },
	{ "units", NULL, "类型", "kind" }, { "units", NULL, "单位类型", "kind" },
	{ "people", NULL, "姓名", "name" }, { "people", NULL, "角色", "role" },
	{ "people", NULL, "职务", "role" }, { "people", NULL, "单位", "unit" },
	{ "people", NULL, "所在单位", "unit" }, { "people", NULL, "电话", "phone" },
	{ "people", NULL, "手机", "phone" }, { "people", NULL, "手机号", "phone" },
	{ "people", NULL, "联系电话", "phone" }, { "people", NULL, "邮箱", "email" },
	{ "people", NULL, "电子邮箱", "email" },
	{ "villages", NULL, "村", "village" }, { "villages", NULL, "村名", "village" },
	{ "villages", NULL, "村居", "village" },
	{ "villages", NULL, "所属村", "village" },
	{ "villages", NULL, "片区", "area" },
	{ "villages", NULL, "包村干部", "cadre" },
	{ "villages", NULL, "包片领导", "area_leader" },
	{ "routes", NULL, "问题分类", "category" },
	{ "routes", NULL, "事项分类", "category" },
	{ "routes", NULL, "站所", "station" },
	{ "routes", NULL, "承办站所", "station" },
	{ "policy", NULL, "环节", "stage" }, { "policy", NULL, "范围", "scope" },
	{ "policy", NULL, "时限", "limit" },
	{ "calendar", NULL, "日期", "date" }, { "calendar", NULL, "工作日", "workday" },
	{ "calendar", NULL, "是否工作日", "workday" },
	{ "calendar", NULL, "名称", "name" }, { "calendar", NULL, "节日", "name" },
	{ "units", "kind", "站所", "station" }, { "units", "kind", "村", "village" },
	{ "units", "kind", "村“两委”", "village" },
	{ "units", "kind", "镇政务服务中心", "center" },
	{ "units", "kind", "政务服务中心", "center" },
	{ "units", "kind", "领导", "leadership" },
	{ "units", "kind", "镇纪委", "discipline" },
	{ "units", "kind", "纪委", "discipline" },
	{ "people", "role", "包村干部", "cadre" },
	{ "people", "role", "包片领导", "area_leader" },
	{ "people", "role", "站所负责人", "station_head" },
	{ "people", "role", "村“两委”负责人", "village_head" },
	{ "people", "role", "村负责人", "village_head" },
	{ "people", "role", "分管领导", "deputy" },
	{ "people", "role", "主要领导", "principal" },
	{ "people", "role", "镇纪委", "discipline" },
	{ "people", "role", "纪委", "discipline" },
	{ "people", "role", "网格员", "grid" },
	{ "people", "role", "政务服务中心工作人员", "center" },
	{ "people", "role", "中心工作人员", "center" },
};

struct import {
	struct hl_ledger *L;
	const struct kind *k;
	sqlite3_stmt *insert;
	long rows;
	int fatal;
	int header_seen;
};

static const char *
header(void *ctx, const char *h)
{
	struct import *im = ctx;
	int i;

	im->header_seen = 1;
	for (i = 0; im->k->columns[i]; i++)
		if (strcmp(h, im->k->columns[i]) == 0)
			return h;
	for (i = 0; i < (int)(sizeof aliases / sizeof aliases[0]); i++)
		if (!aliases[i].column && strcmp(aliases[i].kind, im->k->name) == 0 &&
		    strcmp(h, aliases[i].text) == 0)
			return aliases[i].code;
	{
		char list[128] = "";

		for (i = 0; im->k->columns[i]; i++) {
			if (i)
				strcat(list, ",");
			strcat(list, im->k->columns[i]);
		}
		hl_err("%s: unknown column '%s' (the columns are %s)", im->k->name,
		       h, list);
	}
	return NULL;
}

/* The required columns, checked once at the header rather than on every
 * row. */
static int
header_check(void *ctx, const struct hl_pos *pos, char *const *names,
             char *const *keys, size_t n)
{
	struct import *im = ctx;
	size_t j;
	int i, bad = 0;

	(void)names;
	for (i = 0; i < im->k->required; i++) {
		for (j = 0; j < n && strcmp(keys[j], im->k->columns[i]) != 0; j++)
			;
		if (j == n) {
			hl_err_at(pos, "%s: missing column '%s'", im->k->name,
			          im->k->columns[i]);
			bad = 1;
		}
	}
	return bad ? EX_DATAERR : 0;
}

static int
insert_row(struct import *im, const struct hl_pos *pos, const json_t *row)
{
	const struct kind *k = im->k;
	sqlite3_stmt *st = im->insert;
	int i, rc;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	for (i = 0; k->columns[i]; i++) {
		const char *v = field(row, k->columns[i]);

		if (strcmp(k->columns[i], "phone") == 0 && v) {
			char *norm = hl_phone_normalize(v);

			sqlite3_bind_text(st, i + 1, norm, -1, free);
			continue;
		}
		if (strcmp(k->columns[i], "workday") == 0)
			sqlite3_bind_int(st, i + 1, atoi(v));
		else
			hl_bind_text(st, i + 1, v);
	}
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc == SQLITE_DONE)
		return HL_OK;
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		if (strcmp(k->name, "policy") == 0)
			hl_err_at(pos, "stage '%s' with scope '%s' appears twice",
			          field(row, "stage"), field(row, "scope")
			          ? field(row, "scope") : "*");
		else
			hl_err_at(pos, "%s '%s' appears twice", k->columns[0],
			          field(row, k->columns[0]));
		return HL_BAD;
	}
	im->fatal = hl_ledger_fail(im->L, rc, "cannot import");
	return im->fatal;
}

static int
on_row(void *ctx, const struct hl_record *r)
{
	struct import *im = ctx;
	const struct kind *k = im->k;
	size_t a;
	int i, st;

	/* A kind or role written in Chinese is stored as its code. */
	for (a = 0; a < sizeof aliases / sizeof aliases[0]; a++) {
		const char *v;

		if (!aliases[a].column || strcmp(aliases[a].kind, k->name) != 0)
			continue;
		v = field(r->obj, aliases[a].column);
		if (v && strcmp(v, aliases[a].text) == 0 &&
		    json_object_set_new(r->obj, aliases[a].column,
		                        json_string(aliases[a].code))) {
			im->fatal = EX_SOFTWARE;
			return im->fatal;
		}
	}
	for (i = 0; i < k->required; i++)
		if (!field(r->obj, k->columns[i])) {
			hl_err_at(&r->pos, "missing '%s'", k->columns[i]);
			return HL_BAD;
		}
	if ((st = k->check(im->L, &r->pos, r->obj)) != HL_OK)
		return st;
	if ((st = insert_row(im, &r->pos, r->obj)) == HL_OK)
		im->rows++;
	return st;
}

/* holiday-cn: {"year": 2026, "days": [{"name", "date", "isOffDay"}]} */
static int
import_holiday_json(struct import *im, const char *path, json_t *doc)
{
	json_t *days = json_object_get(doc, "days"), *d;
	size_t i;
	int st, bad = 0;

	if (!json_is_array(days)) {
		hl_err("%s: not a holiday-cn file (no \"days\" array)", path);
		return EX_DATAERR;
	}
	json_array_foreach(days, i, d) {
		json_t *off = json_object_get(d, "isOffDay");
		const char *date = json_string_value(json_object_get(d, "date"));
		const char *name = json_string_value(json_object_get(d, "name"));
		json_t *row;
		char pos_file[512];
		struct hl_pos pos = { pos_file, (long)i + 1 };

		snprintf(pos_file, sizeof pos_file, "%s days", path);
		if (!date || !json_is_boolean(off)) {
			hl_err_at(&pos, "expected date and isOffDay");
			bad++;
			continue;
		}
		row = json_pack("{s:s, s:s, s:s*}", "date", date, "workday",
		                json_is_true(off) ? "0" : "1", "name", name);
		st = check_calendar(im->L, &pos, row);
		if (st == HL_OK)
			st = insert_row(im, &pos, row);
		json_decref(row);
		if (st == HL_BAD)
			bad++;
		else if (st)
			return st;
		else
			im->rows++;
	}
	return bad ? EX_DATAERR : 0;
}

/* A JSON document rather than CSV?  Looks at the first byte after blanks
 * and a byte-order mark; NULL if it is not JSON (or cannot be read: the CSV
 * reader reports that). */
static json_t *
load_json_doc(const char *path, int *status)
{
	FILE *fp = fopen(path, "r");
	char *buf = NULL;
	size_t n = 0, skip = 0;
	json_error_t e;
	json_t *doc = NULL;
	int c;

	*status = 0;
	if (!fp)
		return NULL;
	while ((c = getc(fp)) != EOF) {
		char *nb = n % 4096 ? buf : realloc(buf, n + 4096);

		if (!nb) {
			*status = EX_SOFTWARE;
			break;
		}
		buf = nb;
		buf[n++] = (char)c;
	}
	fclose(fp);
	if (n >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0)
		skip = 3;
	while (skip < n && strchr(" \t\r\n", buf[skip]))
		skip++;
	if (!*status && skip < n && buf[skip] == '{') {
		doc = json_loadb(buf + skip, n - skip, JSON_REJECT_DUPLICATES, &e);
		if (!doc) {
			hl_err("%s:%d: invalid JSON: %s", path, e.line, e.text);
			*status = EX_CONFIG;
		}
	}
	free(buf);
	return doc;
}

int
hl_import_known(const char *kind)
{
	size_t i;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].name) == 0)
			return 1;
	return 0;
}

int
hl_import(struct hl_ledger *L, const char *kind, const char *path,
          long *rows)
{
	struct import im = { .L = L };
	struct hl_reader rd = {
		.format = HL_FMT_CSV, .header = header, .header_check = header_check,
		.not_utf8_hint = "convert the file first, e.g. with "
		                 "iconv -f GB18030 -t UTF-8",
	};
	char *files[1] = { (char *)path };
	char sql[64];
	json_t *doc = NULL;
	size_t i;
	long reclocked;
	int st;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
		if (strcmp(kind, kinds[i].name) == 0)
			im.k = &kinds[i];
	if (!im.k)
		return hl_usage_error("unknown table '%s' (units, people, villages, "
		                      "routes, policy, calendar or channels)", kind);
	assert(im.k);
	if (strcmp(kind, "calendar") == 0 && (doc = load_json_doc(path, &st)) == NULL
	    && st)
		return st;
	rd.header_ctx = &im;
	if ((st = hl_ledger_begin(L))) {
		json_decref(doc);
		return st;
	}
	if (im.k->table) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", im.k->table);
		if ((st = hl_exec(L, sql)))
			goto fail;
	}
	if (!(im.insert = hl_prepare(L, im.k->insert))) {
		st = EX_SOFTWARE;
		goto fail;
	}
	if (doc) {
		st = import_holiday_json(&im, path, doc);
	} else {
		st = hl_read_records(&rd, files, 1, on_row, &im);
		if (!st && !im.header_seen) {
			hl_err("%s: the file is empty (a header row is needed)", path);
			st = EX_DATAERR;
		}
	}
	hl_reader_close(&rd);
	sqlite3_finalize(im.insert);
	/* Limits and working days changed: open tickets' clocks follow now,
	 * in the same transaction, not at their next event. */
	if (!st && (strcmp(kind, "policy") == 0 || strcmp(kind, "calendar") == 0))
		st = hl_rederive_open(L, &reclocked);
	if (st)
		goto fail;
	json_decref(doc);
	*rows = im.rows;
	return hl_ledger_commit(L);
fail:
	json_decref(doc);
	hl_ledger_rollback(L);
	if (st == EX_DATAERR) {
		/* Nothing was imported: a bad table is bad configuration. */
		hl_err("%s: nothing imported: fix what is named above", path);
		st = EX_CONFIG;
	}
	return st;
}
