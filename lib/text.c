/*
 * text.c - text for people: UTF-8 checks, display width of Chinese text in a
 * terminal, phone numbers normalised and masked, control characters made
 * harmless.  Nothing here depends on the locale: cron runs with none.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "hl.h"

int
hl_utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + n;
	unsigned c, need, min;

	while (p < end) {
		c = *p++;
		if (c < 0x80)
			continue;
		if (c >= 0xC2 && c <= 0xDF) {
			need = 1, min = 0x80, c &= 0x1F;
		} else if (c >= 0xE0 && c <= 0xEF) {
			need = 2, min = 0x800, c &= 0x0F;
		} else if (c >= 0xF0 && c <= 0xF4) {
			need = 3, min = 0x10000, c &= 0x07;
		} else {
			return 0;
		}
		if ((size_t)(end - p) < need)
			return 0;
		while (need--) {
			if ((*p & 0xC0) != 0x80)
				return 0;
			c = (c << 6) | (*p++ & 0x3F);
		}
		if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return 0;
	}
	return 1;
}

/* Decodes one code point of valid UTF-8; returns bytes used (>= 1). */
static size_t
decode(const unsigned char *p, unsigned *cp)
{
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if ((p[0] & 0xE0) == 0xC0 && p[1]) {
		*cp = (p[0] & 0x1Fu) << 6 | (p[1] & 0x3Fu);
		return 2;
	}
	if ((p[0] & 0xF0) == 0xE0 && p[1] && p[2]) {
		*cp = (p[0] & 0x0Fu) << 12 | (p[1] & 0x3Fu) << 6 | (p[2] & 0x3Fu);
		return 3;
	}
	if ((p[0] & 0xF8) == 0xF0 && p[1] && p[2] && p[3]) {
		*cp = (p[0] & 0x07u) << 18 | (p[1] & 0x3Fu) << 12 |
		      (p[2] & 0x3Fu) << 6 | (p[3] & 0x3Fu);
		return 4;
	}
	*cp = 0xFFFD;
	return 1;
}

static int
cp_width(unsigned c)
{
	/* Combining marks and zero-width characters take no column. */
	if ((c >= 0x0300 && c <= 0x036F) || (c >= 0x200B && c <= 0x200F) ||
	    c == 0xFEFF || (c >= 0xFE00 && c <= 0xFE0F))
		return 0;
	/* East Asian Wide and Fullwidth (Unicode 15, the ranges that matter). */
	if ((c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0x303E) ||
	    (c >= 0x3041 && c <= 0x33FF) || (c >= 0x3400 && c <= 0x4DBF) ||
	    (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0xA000 && c <= 0xA4CF) ||
	    (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
	    (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
	    (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F) ||
	    (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x3FFFD))
		return 2;
	return 1;
}

size_t
hl_text_width(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t w = 0;
	unsigned cp;

	while (*p) {
		p += decode(p, &cp);
		w += (size_t)cp_width(cp);
	}
	return w;
}

size_t
hl_text_cut(const char *s, size_t width)
{
	const unsigned char *p = (const unsigned char *)s, *q;
	size_t w = 0;
	unsigned cp;

	while (*p) {
		q = p + decode(p, &cp);
		if ((w += (size_t)cp_width(cp)) > width)
			break;
		p = q;
	}
	return (size_t)(p - (const unsigned char *)s);
}

void
hl_text_pad(FILE *fp, const char *s, size_t width)
{
	size_t w = hl_text_width(s);

	fputs(s, fp);
	while (w++ < width)
		fputc(' ', fp);
}

char *
hl_phone_normalize(const char *s)
{
	char *d = malloc(strlen(s) + 1), *q = d;
	const char *p = s;
	size_t n;

	if (!d)
		return NULL;
	for (; *p; p++) {
		if (isdigit((unsigned char)*p))
			*q++ = *p;
		else if (*p == '+' && q == d && p == s)
			continue;
		else if (!strchr(" -()", *p))
			goto bad;
	}
	*q = '\0';
	n = (size_t)(q - d);
	/* International prefix of China: +86 13812341234, 0086 ... */
	if (n >= 13 && strncmp(d, "0086", 4) == 0)
		memmove(d, d + 2, n -= 2), d[n] = '\0';        /* now "86..." */
	if (n == 13 && strncmp(d, "86", 2) == 0 && d[2] == '1') {
		memmove(d, d + 2, n -= 2), d[n] = '\0';        /* a mobile */
	} else if (n >= 11 && n <= 13 && strncmp(d, "86", 2) == 0 &&
	           d[2] >= '1' && (s[0] == '+' || strncmp(s, "0086", 4) == 0 ||
	                           strchr(s, ' ') || strchr(s, '-'))) {
		/* +86 10 12345678 is the landline 010-12345678 */
		d[1] = '0';
		memmove(d, d + 1, n -= 1), d[n] = '\0';
	}
	if (n == 11 && d[0] == '1' && d[1] >= '3')
		return d;                       /* mobile */
	if (n >= 10 && n <= 12 && d[0] == '0' && d[1] != '0')
		return d;                       /* landline with area code */
	if ((n == 7 || n == 8) && d[0] >= '2')
		return d;                       /* local landline */
bad:
	free(d);
	return NULL;
}

char *
hl_phone_mask(const char *phone)
{
	size_t n = strlen(phone), i;
	char *m = strdup(phone);

	if (!m)
		return NULL;
	if (n <= 4) {
		memset(m, '*', n);
		return m;
	}
	/* Keep the first 3 and the last 4; a short number keeps less. */
	for (i = n >= 9 ? 3 : 1; i + 4 < n; i++)
		m[i] = '*';
	return m;
}

char *
hl_text_printable(const char *s)
{
	char *d = strdup(s), *p;

	if (!d)
		return NULL;
	for (p = d; *p; p++)
		if (((unsigned char)*p < 0x20 && *p != '\t') || *p == 0x7F)
			*p = '?';
	return d;
}

void
hl_utf8_trim(char *s)
{
	size_t n = strlen(s), i = n, need;

	/* Back to the start of the last sequence (at most 3 continuation
	 * bytes), then drop it if it is shorter than its lead byte says. */
	while (i > 0 && n - i < 4 && ((unsigned char)s[i - 1] & 0xC0) == 0x80)
		i--;
	if (i == 0 || (unsigned char)s[i - 1] < 0xC0) {
		if (i < n && (i == 0 || (unsigned char)s[i - 1] < 0x80))
			s[i] = '\0';   /* continuation bytes with no lead */
		return;
	}
	i--;
	need = (unsigned char)s[i] >= 0xF0 ? 4 : (unsigned char)s[i] >= 0xE0 ? 3
	       : 2;
	if (n - i < need)
		s[i] = '\0';
}
