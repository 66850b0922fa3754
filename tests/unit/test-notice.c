/*
 * test-notice.c - notice.c: quiet hours as the policy writes them and the
 * next working morning by a calendar (a weekend, the National Day holiday
 * of 2026 and its make-up Saturday); cutting UTF-8 on a character; fitting
 * a text to a byte limit with "…"; packing entries into messages; the
 * templates rendered (placeholders, braces, a value's control characters
 * and line breaks, a missing value) and checked when loaded from a
 * directory.
 */
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "hl.h"
#include "tap.h"

static hl_time
at(const char *s)
{
	hl_time t = 0;

	if (hl_time_parse(s, 0, &t) != 0) {
		printf("Bail out! bad time in the test: %s\n", s);
		exit(1);
	}
	return t;
}

/* The 2026 National Day holiday (10-01 to 10-07) and its make-up
 * Saturday 10-10; the weekends are the calendar's own. */
static int64_t days[9];
static unsigned char work[9] = { 0, 0, 0, 0, 0, 0, 0, 1, 0 };

static const struct {
	const char *spec;
	int from, to;           /* -1: refused */
} parses[] = {
	{ "22:00-07:30", 1320, 450 },
	{ "0:00-6:00", 0, 360 },
	{ "12:00-13:30", 720, 810 },
	{ "23:59-00:00", 1439, 0 },
	{ "22:00", -1, -1 },
	{ "22:00-22:00", -1, -1 },
	{ "24:00-07:00", -1, -1 },
	{ "22:60-07:00", -1, -1 },
	{ "22:0-07:00", -1, -1 },
	{ "22:00-07:00 ", -1, -1 },
	{ " 22:00-07:00", -1, -1 },
	{ "22:00_07:00", -1, -1 },
	{ "", -1, -1 },
};

static const struct {
	const char *spec, *now, *until, *why;
} quiet[] = {
	{ "22:00-07:30", "2026-11-25 21:59:59", NULL, "Wednesday before the hours" },
	{ "22:00-07:30", "2026-11-25 22:00:00", "2026-11-26 07:30:00",
	  "Wednesday night: Thursday morning" },
	{ "22:00-07:30", "2026-11-26 03:00:00", "2026-11-26 07:30:00",
	  "the small hours: the same morning" },
	{ "22:00-07:30", "2026-11-26 07:30:00", NULL, "the morning: not quiet" },
	{ "22:00-07:30", "2026-11-27 23:00:00", "2026-11-30 07:30:00",
	  "Friday night: Monday morning" },
	{ "22:00-07:30", "2026-11-28 12:00:00", "2026-11-30 07:30:00",
	  "a Saturday noon (a day off): Monday morning" },
	{ "22:00-07:30", "2026-11-30 07:00:00", "2026-11-30 07:30:00",
	  "Monday before 07:30" },
	{ "22:00-07:30", "2026-09-30 23:00:00", "2026-10-08 07:30:00",
	  "the eve of National Day: after the holiday" },
	{ "22:00-07:30", "2026-10-09 23:00:00", "2026-10-10 07:30:00",
	  "Friday 10-09: the make-up Saturday" },
	{ "12:00-13:30", "2026-11-25 12:10:00", "2026-11-25 13:30:00",
	  "lunch: the same afternoon" },
	{ "12:00-13:30", "2026-11-25 13:30:00", NULL, "after lunch" },
	{ "12:00-13:30", "2026-11-28 09:00:00", "2026-11-30 13:30:00",
	  "a day-time window on a Saturday: Monday at its end" },
	{ NULL, "2026-11-28 03:00:00", NULL, "no quiet hours" },
	{ "bogus", "2026-11-28 03:00:00", NULL, "a spec that is not one" },
};

static char *
render(const struct hl_templates *tp, const char *kind, const char **vars,
       char **body)
{
	char *subject = NULL;

	*body = NULL;
	if (hl_notice_render(tp, kind, vars, &subject, body))
		return NULL;
	return subject;
}

static int
write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "w");

	if (!fp)
		return -1;
	fputs(text, fp);
	return fclose(fp);
}

int
main(void)
{
	struct hl_calendar cal = { .days = days, .workday = work, .n = 9 };
	struct hl_templates *tp;
	char buf[40], *s, *b, dir[] = "/tmp/test-notice.XXXXXX", path[128];
	size_t i, ends[8], m;
	int from, to;

	setenv("TZ", "Asia/Shanghai", 1);
	tzset();
	for (i = 0; i < 7; i++)
		hl_date_parse("2026-10-01", &days[i]), days[i] += (int64_t)i;
	hl_date_parse("2026-10-10", &days[7]);
	hl_date_parse("2026-10-11", &days[8]);
	work[8] = 0;
	cal.first = days[0];
	cal.last = days[8];

	for (i = 0; i < sizeof parses / sizeof parses[0]; i++) {
		from = to = -1;
		if (parses[i].from < 0)
			ok(hl_quiet_parse(parses[i].spec, &from, &to) == -1,
			   "quiet_hours '%s' refused", parses[i].spec);
		else
			ok(hl_quiet_parse(parses[i].spec, &from, &to) == 0 &&
			   from == parses[i].from && to == parses[i].to,
			   "quiet_hours '%s' is %d to %d minutes", parses[i].spec,
			   parses[i].from, parses[i].to);
	}
	for (i = 0; i < sizeof quiet / sizeof quiet[0]; i++) {
		hl_time u = hl_quiet_until(quiet[i].spec, &cal, at(quiet[i].now));

		is_str(u ? hl_time_format(u, buf, sizeof buf) : "-",
		       quiet[i].until ? hl_time_format(at(quiet[i].until), path,
		                                       sizeof path) : "-",
		       "%s: %s", quiet[i].now, quiet[i].why);
	}

	/* UTF-8 cut on a character: 路 is 3 bytes. */
	is_int((long)hl_utf8_cut("a路灯", 1), 1, "cut before a character");
	is_int((long)hl_utf8_cut("a路灯", 2), 1, "cut inside 路: back to its start");
	is_int((long)hl_utf8_cut("a路灯", 3), 1, "cut inside 路, later: still");
	is_int((long)hl_utf8_cut("a路灯", 4), 4, "cut after 路");
	is_int((long)hl_utf8_cut("a路灯", 99), 7, "a limit beyond the text");
	s = hl_notice_fit("路灯不亮了", 9);
	is_str(s, "路灯…", "fit to 9 bytes: 6 of text and …");
	free(s);
	s = hl_notice_fit("路灯不亮了", 15);
	is_str(s, "路灯不亮了", "fit: a text within the limit is kept");
	free(s);
	s = hl_notice_fit("路灯不亮了", 14);
	is_str(s, "路灯不…", "fit to 14 bytes: 11 for the text, 3 characters");
	free(s);

	/* Packing: entries of 400, 400, 400, 1000 and 3000 bytes, 2 between
	 * two, into 1204-byte messages. */
	{
		size_t len[] = { 400, 400, 400, 1000, 3000 };

		m = hl_notice_pack(len, 5, 2, 1204, ends);
		is_int((long)m, 3, "pack: three messages");
		is_int((long)ends[0], 3, "pack: three of 400 fit in 1204 (1204)");
		is_int((long)ends[1], 4, "pack: 1000 alone");
		is_int((long)ends[2], 5, "pack: 3000 alone, however long");
		m = hl_notice_pack(len, 0, 2, 1204, ends);
		is_int((long)m, 0, "pack: nothing");
	}

	/* The built-in templates. */
	ok(hl_templates_load(&tp, NULL) == 0, "the built-in templates load");
	{
		const char *vars[] = {
			"subject", "周报{x}\x1b[2J", "text", "第一行\r\n第二行\x07",
			"attach", NULL, "recipient", "王芳", NULL,
		};

		s = render(tp, "message", vars, &b);
		is_str(s, "周报{x}?[2J", "message: the subject, an escape as ?");
		is_str(b, "第一行\n第二行?", "message: the text keeps its lines");
		free(s);
		free(b);
	}
	{
		const char *vars[] = {
			"date", "2026-11-25", "person", "王芳", "text", "今日 3 件",
			"recipient", "王芳", NULL,
		};

		s = render(tp, "digest", vars, &b);
		is_str(s, "【每日工单汇总】2026-11-25 王芳", "digest: the subject");
		is_str(b, "今日 3 件", "digest: the body is the text");
		free(s);
		free(b);
	}
	ok(hl_notice_kind_known("late-resolve-2") && !hl_notice_kind_known("x"),
	   "the kinds of notice");
	hl_templates_free(tp);

	/* Templates from a directory. */
	if (!mkdtemp(dir)) {
		printf("Bail out! cannot make a directory\n");
		return 1;
	}
	snprintf(path, sizeof path, "%s/message.txt", dir);
	write_file(path, "\xEF\xBB\xBF{{通知}} {subject}\n\n{text}\n致{recipient}\n");
	ok(hl_templates_load(&tp, dir) == 0, "a directory with message.txt loads");
	{
		const char *vars[] = {
			"subject", "开会", "text", "九点\n三楼", "attach", "",
			"recipient", "王芳", NULL,
		};

		s = render(tp, "message", vars, &b);
		is_str(s, "{通知} 开会", "message.txt: braces, a byte-order mark dropped");
		is_str(b, "九点\n三楼\n致王芳", "message.txt: the body after the blank line");
		free(s);
		free(b);
	}
	hl_templates_free(tp);
	write_file(path, "{subject} {bogus}\n");
	ok(hl_templates_load(&tp, dir) == EX_CONFIG && !tp,
	   "an unknown placeholder: EX_CONFIG");
	write_file(path, "{subject}\n{text} {\n");
	ok(hl_templates_load(&tp, dir) == EX_CONFIG, "a stray {: EX_CONFIG");
	write_file(path, "{subject}\n{text} }\n");
	ok(hl_templates_load(&tp, dir) == 0, "a lone } is text");
	hl_templates_free(tp);
	unlink(path);
	snprintf(path, sizeof path, "%s/README", dir);
	write_file(path, "not a template\n");
	ok(hl_templates_load(&tp, dir) == 0, "files not named NAME.txt are ignored");
	hl_templates_free(tp);
	unlink(path);
	snprintf(path, sizeof path, "%s/news.txt", dir);
	write_file(path, "x\n");
	ok(hl_templates_load(&tp, dir) == EX_CONFIG, "an unknown NAME.txt: EX_CONFIG");
	unlink(path);
	rmdir(dir);
	return done_testing();
}
