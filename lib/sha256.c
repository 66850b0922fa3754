/*
 * sha256.c - SHA-256 (FIPS 180-4), for content hashes of tickets and the
 * event chain.  Small and portable rather than fast: it hashes hundreds of
 * bytes per record.
 */
#include <string.h>

#include "hl.h"

static const uint32_t K[64] = {
	0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1,
	0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
	0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786,
	0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
	0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147,
	0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
	0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
	0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
	0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a,
	0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
	0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

#define ROR(x, n) (((x) >> (n)) | ((x) << (32 - (n))))
#define CH(x, y, z) (((x) & ((y) ^ (z))) ^ (z))
#define MAJ(x, y, z) (((x) & (y)) | ((z) & ((x) | (y))))
#define S0(x) (ROR(x, 2) ^ ROR(x, 13) ^ ROR(x, 22))
#define S1(x) (ROR(x, 6) ^ ROR(x, 11) ^ ROR(x, 25))
#define s0(x) (ROR(x, 7) ^ ROR(x, 18) ^ ((x) >> 3))
#define s1(x) (ROR(x, 17) ^ ROR(x, 19) ^ ((x) >> 10))
/* One round, with the eight working variables renamed instead of moved:
 * eight rounds bring them back to their places.  (Hashing is a tenth of
 * taking in a ticket: each has a content hash and a chained event.) */
#define ROUND(a, b, c, d, e, f, g, h, i) do { \
	uint32_t t1 = h + S1(e) + CH(e, f, g) + K[i] + w[i]; \
	d += t1; \
	h = t1 + S0(a) + MAJ(a, b, c); \
} while (0)

static void
block(struct hl_sha256 *c, const unsigned char *p)
{
	uint32_t w[64], a, b, cc, d, e, f, g, h;
	int i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		       (uint32_t)p[4 * i + 2] << 8 | p[4 * i + 3];
	for (; i < 64; i++)
		w[i] = s1(w[i - 2]) + w[i - 7] + s0(w[i - 15]) + w[i - 16];
	a = c->h[0], b = c->h[1], cc = c->h[2], d = c->h[3];
	e = c->h[4], f = c->h[5], g = c->h[6], h = c->h[7];
	for (i = 0; i < 64; i += 8) {
		ROUND(a, b, cc, d, e, f, g, h, i);
		ROUND(h, a, b, cc, d, e, f, g, i + 1);
		ROUND(g, h, a, b, cc, d, e, f, i + 2);
		ROUND(f, g, h, a, b, cc, d, e, i + 3);
		ROUND(e, f, g, h, a, b, cc, d, i + 4);
		ROUND(d, e, f, g, h, a, b, cc, i + 5);
		ROUND(cc, d, e, f, g, h, a, b, i + 6);
		ROUND(b, cc, d, e, f, g, h, a, i + 7);
	}
	c->h[0] += a, c->h[1] += b, c->h[2] += cc, c->h[3] += d;
	c->h[4] += e, c->h[5] += f, c->h[6] += g, c->h[7] += h;
}

void
hl_sha256_init(struct hl_sha256 *c)
{
	static const uint32_t iv[8] = {
		0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
		0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
	};

	memcpy(c->h, iv, sizeof iv);
	c->len = 0;
	c->fill = 0;
}

void
hl_sha256_update(struct hl_sha256 *c, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t take;

	c->len += n;
	while (n) {
		if (c->fill == 0 && n >= 64) {
			block(c, p);
			p += 64, n -= 64;
			continue;
		}
		take = 64 - c->fill < n ? 64 - c->fill : n;
		memcpy(c->buf + c->fill, p, take);
		c->fill += take, p += take, n -= take;
		if (c->fill == 64) {
			block(c, c->buf);
			c->fill = 0;
		}
	}
}

void
hl_sha256_final(struct hl_sha256 *c, unsigned char out[32])
{
	uint64_t bits = c->len * 8;
	unsigned char pad[72] = { 0x80 };
	size_t padlen = (c->fill < 56 ? 56 : 120) - c->fill;
	int i;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = (unsigned char)(bits >> (56 - 8 * i));
	hl_sha256_update(c, pad, padlen + 8);
	for (i = 0; i < 8; i++) {
		out[4 * i] = (unsigned char)(c->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(c->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(c->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)c->h[i];
	}
}

void
hl_sha256_hex(const void *p, size_t n, char hex[65])
{
	static const char digit[] = "0123456789abcdef";
	struct hl_sha256 c;
	unsigned char md[32];
	int i;

	hl_sha256_init(&c);
	hl_sha256_update(&c, p, n);
	hl_sha256_final(&c, md);
	for (i = 0; i < 32; i++) {
		hex[2 * i] = digit[md[i] >> 4];
		hex[2 * i + 1] = digit[md[i] & 15];
	}
	hex[64] = '\0';
}
