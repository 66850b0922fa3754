/*
 * fuzz-times - libFuzzer target for the time and duration parsers
 * (hl_time_parse, hl_date_parse, hl_limit_parse, hl_month_parse,
 * hl_week_parse): no crash, no undefined behaviour, and a parsed time
 * formats and parses back to itself.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	char *s = malloc(n + 1), buf[40];
	hl_time t, back, a, b;
	int64_t day;
	struct hl_limit l;

	if (!s)
		return 0;
	memcpy(s, data, n);
	s[n] = '\0';
	setenv("TZ", "Asia/Shanghai", 1);
	if (hl_time_parse(s, HL_TIME_DATE_OK, &t) == 0) {
		hl_time_format(t, buf, sizeof buf);
		if (hl_time_parse(buf, 0, &back) != 0 || back != t)
			abort();        /* what we print, we read back */
	}
	hl_date_parse(s, &day);
	if (hl_limit_parse(s, &l) == 0)
		hl_limit_format(&l, buf, sizeof buf);
	hl_month_parse(s, &a, &b);
	hl_week_parse(s, &a, &b);
	free(s);
	return 0;
}
