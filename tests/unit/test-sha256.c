/*
 * test-sha256.c - sha256.c against the FIPS 180-2 test vectors ("", "abc",
 * the 448-bit and 896-bit messages, a million 'a's fed in odd-sized
 * chunks), and lengths around the padding boundaries (digests from
 * coreutils' sha256sum).
 */
#include <stdlib.h>
#include <string.h>

#include "hl.h"
#include "tap.h"

static const struct {
	const char *what, *msg, *hex;
} vectors[] = {
	{ "empty string", "",
	  "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
	{ "\"abc\"", "abc",
	  "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
	{ "448-bit message",
	  "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	  "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
	{ "896-bit message",
	  "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
	  "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
	  "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
};

/* n times 'x', around the 55/56/64-byte padding edges. */
static const struct {
	size_t n;
	const char *hex;
} edges[] = {
	{ 55, "d5e285683cd4efc02d021a5c62014694958901005d6f71e89e0989fac77e4072" },
	{ 56, "04c26261370ee7541549d16dee320c723e3fd14671e66a099afe0a377c16888e" },
	{ 57, "ae14a2563ccf969d99aca69ce6bb74981f734bbf9f655f73b8f06db68cab5217" },
	{ 63, "75220b47218278e656f2013bb8f0c455a25eaf01e86c64924e9d48d89776d6f2" },
	{ 64, "7ce100971f64e7001e8fe5a51973ecdfe1ced42befe7ee8d5fd6219506b5393c" },
	{ 65, "9537c5fdf120482f7d58d25e9ed583f52c02b4e304ea814db1633ad565aed7e9" },
	{ 119, "000b48d4edf0fa7bee3c6236ecd2785baa5db4eeb8bb54341b029e0d9fa5fb0c" },
	{ 120, "13f05a0b594787f5ecd315edc96141bd3243203d1b7d4f0836f37308b276ba98" },
	{ 127, "70156a14adbabf98cff3a71c7084b417abf057a8efd27329ca36b7202c87d81f" },
	{ 128, "24da1b81d0b16df6428eee73c69fcb2a93c76bc6df706f0c6670fe6bfe800464" },
};

static const char million_a[] =
	"cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

static void
to_hex(const unsigned char md[32], char hex[65])
{
	static const char digit[] = "0123456789abcdef";
	int i;

	for (i = 0; i < 32; i++) {
		hex[2 * i] = digit[md[i] >> 4];
		hex[2 * i + 1] = digit[md[i] & 15];
	}
	hex[64] = '\0';
}

/* Hashes msg fed in the given chunk sizes (cycling). */
static void
chunked(const char *msg, size_t n, const size_t *sizes, size_t nsizes,
        char hex[65])
{
	struct hl_sha256 c;
	unsigned char md[32];
	size_t off = 0, k = 0, take;

	hl_sha256_init(&c);
	while (off < n) {
		take = sizes[k++ % nsizes];
		if (take > n - off)
			take = n - off;
		hl_sha256_update(&c, msg + off, take);
		off += take;
	}
	hl_sha256_final(&c, md);
	to_hex(md, hex);
}

int
main(void)
{
	static const size_t one[] = { 1 };
	static const size_t odd[] = { 3, 7, 13, 61, 64, 65, 127, 1000, 1, 4093 };
	static const size_t big[] = { 999999, 1 };
	char hex[65], *msg;
	size_t i;
	struct hl_sha256 c;
	unsigned char md[32];

	for (i = 0; i < sizeof vectors / sizeof vectors[0]; i++) {
		size_t n = strlen(vectors[i].msg);

		hl_sha256_hex(vectors[i].msg, n, hex);
		is_str(hex, vectors[i].hex, "%s in one piece", vectors[i].what);
		chunked(vectors[i].msg, n, one, 1, hex);
		is_str(hex, vectors[i].hex, "%s a byte at a time",
		       vectors[i].what);
		chunked(vectors[i].msg, n, odd, sizeof odd / sizeof odd[0], hex);
		is_str(hex, vectors[i].hex, "%s in odd chunks", vectors[i].what);
	}

	/* Empty updates change nothing. */
	hl_sha256_init(&c);
	hl_sha256_update(&c, "", 0);
	hl_sha256_update(&c, "ab", 2);
	hl_sha256_update(&c, "", 0);
	hl_sha256_update(&c, "c", 1);
	hl_sha256_final(&c, md);
	to_hex(md, hex);
	is_str(hex, vectors[1].hex, "\"abc\" with empty updates between");

	if (!(msg = malloc(1000000)))
		return 1;
	memset(msg, 'x', 128);
	for (i = 0; i < sizeof edges / sizeof edges[0]; i++) {
		hl_sha256_hex(msg, edges[i].n, hex);
		is_str(hex, edges[i].hex, "%zu bytes in one piece", edges[i].n);
		chunked(msg, edges[i].n, odd, sizeof odd / sizeof odd[0], hex);
		is_str(hex, edges[i].hex, "%zu bytes in odd chunks", edges[i].n);
	}

	memset(msg, 'a', 1000000);
	hl_sha256_hex(msg, 1000000, hex);
	is_str(hex, million_a, "a million 'a's in one piece");
	chunked(msg, 1000000, odd, sizeof odd / sizeof odd[0], hex);
	is_str(hex, million_a, "a million 'a's in odd-sized chunks");
	chunked(msg, 1000000, big, 2, hex);
	is_str(hex, million_a, "a million 'a's as 999999 + 1");
	chunked(msg, 1000000, one, 1, hex);
	is_str(hex, million_a, "a million 'a's a byte at a time");
	free(msg);
	return done_testing();
}
