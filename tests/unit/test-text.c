/*
 * test-text.c - text.c: UTF-8 validity (overlongs, surrogates, truncated
 * sequences), display width of Chinese, ASCII and mixed text, padding,
 * phone numbers normalised and masked, control characters made harmless.
 */
#include <stdlib.h>

#include "hl.h"
#include "tap.h"

/* Byte strings with their length (some hold NUL). */
#define B(s) s, sizeof(s) - 1

static const struct {
	const char *what;
	const char *s;
	size_t n;
	int valid;
} utf8[] = {
	{ "empty", B(""), 1 },
	{ "ASCII", B("hello, 12345"), 1 },
	{ "NUL inside", B("a\0b"), 1 },
	{ "Chinese 李家村", B("\xe6\x9d\x8e\xe5\xae\xb6\xe6\x9d\x91"), 1 },
	{ "2-byte U+00E9", B("caf\xc3\xa9"), 1 },
	{ "lowest 2-byte U+0080", B("\xc2\x80"), 1 },
	{ "highest 2-byte U+07FF", B("\xdf\xbf"), 1 },
	{ "lowest 3-byte U+0800", B("\xe0\xa0\x80"), 1 },
	{ "U+D7FF before the surrogates", B("\xed\x9f\xbf"), 1 },
	{ "U+E000 after the surrogates", B("\xee\x80\x80"), 1 },
	{ "U+FEFF byte-order mark", B("\xef\xbb\xbf"), 1 },
	{ "U+FFFF", B("\xef\xbf\xbf"), 1 },
	{ "4-byte U+1F600", B("\xf0\x9f\x98\x80"), 1 },
	{ "lowest 4-byte U+10000", B("\xf0\x90\x80\x80"), 1 },
	{ "highest U+10FFFF", B("\xf4\x8f\xbf\xbf"), 1 },
	{ "overlong '/' in 2 bytes", B("\xc0\xaf"), 0 },
	{ "overlong NUL in 2 bytes", B("\xc0\x80"), 0 },
	{ "overlong U+007F in 2 bytes", B("\xc1\xbf"), 0 },
	{ "overlong '/' in 3 bytes", B("\xe0\x80\xaf"), 0 },
	{ "overlong U+07FF in 3 bytes", B("\xe0\x9f\xbf"), 0 },
	{ "overlong '/' in 4 bytes", B("\xf0\x80\x80\xaf"), 0 },
	{ "overlong U+FFFF in 4 bytes", B("\xf0\x8f\xbf\xbf"), 0 },
	{ "surrogate U+D800", B("\xed\xa0\x80"), 0 },
	{ "surrogate U+DBFF", B("\xed\xaf\xbf"), 0 },
	{ "surrogate U+DC00", B("\xed\xb0\x80"), 0 },
	{ "surrogate U+DFFF", B("\xed\xbf\xbf"), 0 },
	{ "surrogate pair CESU-8", B("\xed\xa0\xbd\xed\xb8\x80"), 0 },
	{ "above U+10FFFF", B("\xf4\x90\x80\x80"), 0 },
	{ "lead byte F5", B("\xf5\x80\x80\x80"), 0 },
	{ "lead byte F8 (5 bytes)", B("\xf8\x88\x80\x80\x80"), 0 },
	{ "lead byte FE", B("\xfe"), 0 },
	{ "lead byte FF", B("\xff"), 0 },
	{ "lone continuation byte", B("\x80"), 0 },
	{ "continuation after ASCII", B("a\xbf"), 0 },
	{ "truncated 2-byte at end", B("ab\xc3"), 0 },
	{ "truncated 3-byte at end", B("\xe6\x9d"), 0 },
	{ "truncated 3-byte then ASCII", B("\xe6\x9d" "a"), 0 },
	{ "truncated 4-byte at end", B("\xf0\x9f\x98"), 0 },
	{ "truncated 4-byte then Chinese", B("\xf0\x9f\xe6\x9d\x8e"), 0 },
	{ "GBK 李 (not UTF-8)", B("\xc0\xee"), 0 },
	{ "GBK 李家村", B("\xc0\xee\xbc\xd2\xb4\xe5"), 0 },
};

static const struct {
	const char *s;
	size_t width;
} widths[] = {
	{ "", 0 },
	{ "abc", 3 },
	{ "李家村", 6 },
	{ "国土所", 6 },
	{ "李家村abc", 9 },
	{ "12345热线", 9 },
	{ "宅基地审批 5wd", 14 },
	{ "王庄村（东片）", 14 },                 /* fullwidth parentheses */
	{ "，。", 4 },                           /* CJK punctuation */
	{ "ＡＢ", 4 },                           /* fullwidth Latin */
	{ "e\xcc\x81", 1 },                     /* e + combining acute */
	{ "a\xe2\x80\x8b" "b", 2 },             /* zero-width space */
	{ "\xf0\x9f\x98\x80", 2 },              /* emoji U+1F600 */
	{ "\xf0\xa0\x80\x80", 2 },              /* CJK ext. B U+20000 */
	{ "한국", 4 },                           /* Hangul */
	{ "café", 4 },
};

static const struct {
	const char *in, *want;  /* want NULL: refused */
} phones[] = {
	/* Mobiles. */
	{ "13812341234", "13812341234" },
	{ "138 1234 1234", "13812341234" },
	{ "138-1234-1234", "13812341234" },
	{ "19912345678", "19912345678" },
	{ "+86 138 1234 1234", "13812341234" },
	{ "+8613812341234", "13812341234" },
	{ "+86-138-1234-1234", "13812341234" },
	{ "0086 138 1234 1234", "13812341234" },
	{ "008613812341234", "13812341234" },
	{ "0086-13812341234", "13812341234" },
	/* Landlines with an area code, with dashes and parentheses. */
	{ "010-12345678", "01012345678" },
	{ "0531-88886666", "053188886666" },
	{ "0531-8888 6666", "053188886666" },
	{ "(0531)88886666", "053188886666" },
	{ "0371-6666888", "03716666888" },
	/* Local landlines. */
	{ "88886666", "88886666" },
	{ "8888-6666", "88886666" },
	{ "6666888", "6666888" },
	/* Junk. */
	{ "", NULL },
	{ "   ", NULL },
	{ "abc", NULL },
	{ "12345", NULL },
	{ "123456", NULL },
	{ "1381234123x", NULL },
	{ "138.1234.1234", NULL },
	{ "138/1234/1234", NULL },
	{ "13812341234 ext 5", NULL },
	{ "12812341234", NULL },        /* no mobile starts 12 */
	{ "10086", NULL },
	{ "138123412345", NULL },       /* 12 digits starting with 1 */
	{ "1381234123", NULL },         /* 10 digits starting with 1 */
	{ "00812341234", NULL },        /* 00 is no area code */
	{ "0123456789012", NULL },      /* 13 digits */
	{ "+86", NULL },
	{ "+", NULL },
	{ "1+3812341234", NULL },
	{ "++8613812341234", NULL },
	{ "13812341234+", NULL },
	{ "０１３８１２３４１２３４", NULL },   /* fullwidth digits */
	{ "0712345", NULL },            /* 7 digits starting 0 */
};

static const struct {
	const char *in, *want;
} masks[] = {
	{ "13812341234", "138****1234" },
	{ "19912345678", "199****5678" },
	{ "01012345678", "010****5678" },
	{ "053188886666", "053*****6666" },
	{ "0371666888", "037***6888" },
	{ "1234", "****" },
	{ "", "" },
};

static void
test_utf8(void)
{
	size_t i;

	for (i = 0; i < sizeof utf8 / sizeof utf8[0]; i++)
		is_int(hl_utf8_valid(utf8[i].s, utf8[i].n) != 0, utf8[i].valid,
		       "utf8: %s is %s", utf8[i].what,
		       utf8[i].valid ? "valid" : "invalid");
	/* Only the n bytes given count: a prefix that ends inside 李. */
	is_int(hl_utf8_valid("\xe6\x9d\x8e", 2), 0,
	       "utf8: 李 cut after 2 of its 3 bytes is invalid");
	is_int(hl_utf8_valid("\xe6\x9d\x8e\xff", 3), 1,
	       "utf8: bytes after n are not looked at");
}

static void
test_width(void)
{
	char *buf = NULL;
	size_t i, len = 0;
	FILE *fp;

	for (i = 0; i < sizeof widths / sizeof widths[0]; i++)
		is_int((long long)hl_text_width(widths[i].s),
		       (long long)widths[i].width, "width of '%s'", widths[i].s);
	/* Broken UTF-8 must not be read past its end (ASan would see it). */
	ok(hl_text_width("\xe6\x9d") <= 2, "width of a truncated character");
	ok(hl_text_width("\xf0") <= 1, "width of a lone 4-byte lead");

	if (!(fp = open_memstream(&buf, &len)))
		return;
	hl_text_pad(fp, "李家村", 10);
	fputc('|', fp);
	hl_text_pad(fp, "abc", 5);
	fputc('|', fp);
	hl_text_pad(fp, "宅基地审批", 4);       /* wider than asked: as is */
	fputc('|', fp);
	fclose(fp);
	is_str(buf, "李家村    |abc  |宅基地审批|", "padding counts columns");
	free(buf);
}

static void
test_phone(void)
{
	size_t i;
	char *p;

	for (i = 0; i < sizeof phones / sizeof phones[0]; i++) {
		p = hl_phone_normalize(phones[i].in);
		is_str(p, phones[i].want, "phone '%s' %s", phones[i].in,
		       phones[i].want ? "normalised" : "refused");
		free(p);
	}
	for (i = 0; i < sizeof masks / sizeof masks[0]; i++) {
		p = hl_phone_mask(masks[i].in);
		is_str(p, masks[i].want, "mask of '%s'", masks[i].in);
		free(p);
	}
	/* Whatever its length, a masked number never shows all its digits
	 * and always keeps its length. */
	{
		static const char *const any[] = { "6666888", "88886666",
		                                   "123456789" };

		for (i = 0; i < sizeof any / sizeof any[0]; i++) {
			p = hl_phone_mask(any[i]);
			ok(p && strlen(p) == strlen(any[i]) && strchr(p, '*') &&
			   strcmp(p + strlen(p) - 4, any[i] + strlen(any[i]) - 4) == 0,
			   "mask of '%s' hides some digits, keeps the last 4 (%s)",
			   any[i], p ? p : "NULL");
			free(p);
		}
	}
}

static void
test_printable(void)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "plain 李家村", "plain 李家村" },
		{ "tab\tkept", "tab\tkept" },
		{ "new\nline", "new?line" },
		{ "cr\rhere", "cr?here" },
		{ "\x1b[31mred\x1b[0m", "?[31mred?[0m" },
		{ "bell\a del\x7f", "bell? del?" },
		{ "", "" },
	};
	size_t i;
	char *p;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		p = hl_text_printable(cases[i].in);
		is_str(p, cases[i].want, "printable %zu", i);
		free(p);
	}
}

int
main(void)
{
	test_utf8();
	test_width();
	test_phone();
	test_printable();
	return done_testing();
}
