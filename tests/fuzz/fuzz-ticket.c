/*
 * fuzz-ticket - libFuzzer target for a work order as hl-intake reads it:
 * a JSON line through jansson into hl_ticket_from_json (validation,
 * normalisation, the content hash) and out again through hl_ticket_write
 * and hl_ticket_json, which must agree byte for byte.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t n);

int
LLVMFuzzerTestOneInput(const unsigned char *data, size_t n)
{
	static FILE *devnull;
	struct hl_pos pos = { "fuzz", 1 };
	struct hl_ticket t;
	struct hl_ticket_state s;
	json_t *o, *line;
	char *a = NULL, *b = NULL;
	size_t an = 0;
	FILE *mem;

	if (!devnull) {
		devnull = fopen("/dev/null", "w");
		setenv("TZ", "Asia/Shanghai", 1);
		stderr = devnull;       /* the messages are not the point */
	}
	if (!(o = json_loadb((const char *)data, n, JSON_REJECT_DUPLICATES, NULL)))
		return 0;
	if (json_is_object(o) &&
	    hl_ticket_from_json(&t, o, &pos, 1800000000, HL_SKEW) == HL_OK) {
		memset(&s, 0, sizeof s);
		snprintf(s.status, sizeof s.status, "received");
		s.repeat_count = 1;
		if ((mem = open_memstream(&a, &an))) {
			hl_ticket_write(mem, &t, &s);
			fclose(mem);
		}
		if ((line = hl_ticket_json(&t, &s))) {
			b = json_dumps(line, HL_JSON);
			json_decref(line);
		}
		/* The direct writer and jansson must write the same line. */
		if (a && b && (strlen(a) != strlen(b) + 1 ||
		               strncmp(a, b, strlen(b)) != 0))
			abort();
		free(a);
		free(b);
		hl_ticket_clear(&t);
	}
	json_decref(o);
	return 0;
}
