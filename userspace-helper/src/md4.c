// SPDX-License-Identifier: GPL-2.0
/* MD4 as specified in RFC 1320 section 3. */
#include "md4.h"

#include <string.h>

#define ROTL(x, s) (((x) << (s)) | ((x) >> (32 - (s))))
#define F(x, y, z) (((x) & (y)) | (~(x) & (z)))
#define G(x, y, z) (((x) & (y)) | ((x) & (z)) | ((y) & (z)))
#define H(x, y, z) ((x) ^ (y) ^ (z))

/* RFC 1320 3.4: rounds 1-3; round 2 adds sqrt(2), round 3 sqrt(3). */
#define R1(a, b, c, d, k, s) a = ROTL(a + F(b, c, d) + X[k], s)
#define R2(a, b, c, d, k, s) a = ROTL(a + G(b, c, d) + X[k] + 0x5a827999u, s)
#define R3(a, b, c, d, k, s) a = ROTL(a + H(b, c, d) + X[k] + 0x6ed9eba1u, s)

static void md4_block(uint32_t state[4], const unsigned char *p)
{
	static const int order3[4] = { 0, 2, 1, 3 };	/* round 3 word order */
	uint32_t X[16], a = state[0], b = state[1], c = state[2], d = state[3];
	int i;

	for (i = 0; i < 16; i++)
		X[i] = (uint32_t)p[4 * i] | (uint32_t)p[4 * i + 1] << 8 |
		       (uint32_t)p[4 * i + 2] << 16 | (uint32_t)p[4 * i + 3] << 24;

	for (i = 0; i < 16; i += 4) {
		R1(a, b, c, d, i, 3);
		R1(d, a, b, c, i + 1, 7);
		R1(c, d, a, b, i + 2, 11);
		R1(b, c, d, a, i + 3, 19);
	}
	for (i = 0; i < 4; i++) {
		R2(a, b, c, d, i, 3);
		R2(d, a, b, c, i + 4, 5);
		R2(c, d, a, b, i + 8, 9);
		R2(b, c, d, a, i + 12, 13);
	}
	for (i = 0; i < 4; i++) {
		int k = order3[i];

		R3(a, b, c, d, k, 3);
		R3(d, a, b, c, k + 8, 9);
		R3(c, d, a, b, k + 4, 11);
		R3(b, c, d, a, k + 12, 15);
	}

	state[0] += a;
	state[1] += b;
	state[2] += c;
	state[3] += d;
	memset(X, 0, sizeof(X));
}

void md4_init(struct md4_ctx *ctx)
{
	/* RFC 1320 3.3 */
	ctx->state[0] = 0x67452301u;
	ctx->state[1] = 0xefcdab89u;
	ctx->state[2] = 0x98badcfeu;
	ctx->state[3] = 0x10325476u;
	ctx->length = 0;
	ctx->used = 0;
}

void md4_update(struct md4_ctx *ctx, const void *data, size_t len)
{
	const unsigned char *p = data;

	ctx->length += len;
	if (ctx->used) {
		size_t take = 64 - ctx->used < len ? 64 - ctx->used : len;

		memcpy(ctx->block + ctx->used, p, take);
		ctx->used += take;
		p += take;
		len -= take;
		if (ctx->used < 64)
			return;
		md4_block(ctx->state, ctx->block);
		ctx->used = 0;
	}
	for (; len >= 64; p += 64, len -= 64)
		md4_block(ctx->state, p);
	memcpy(ctx->block, p, len);
	ctx->used = len;
}

void md4_final(struct md4_ctx *ctx, unsigned char digest[MD4_DIGEST_SIZE])
{
	/* RFC 1320 3.1-3.2: pad with 0x80 and zeros to 56 mod 64, then the bit length. */
	uint64_t bits = ctx->length * 8;
	unsigned char pad[72] = { 0x80 };
	size_t padlen = (ctx->used < 56 ? 56 : 120) - ctx->used;
	int i;

	for (i = 0; i < 8; i++)
		pad[padlen + i] = (unsigned char)(bits >> (8 * i));
	md4_update(ctx, pad, padlen + 8);
	for (i = 0; i < 16; i++)
		digest[i] = (unsigned char)(ctx->state[i / 4] >> (8 * (i % 4)));
	memset(ctx, 0, sizeof(*ctx));
}

void md4(const void *data, size_t len, unsigned char digest[MD4_DIGEST_SIZE])
{
	struct md4_ctx ctx;

	md4_init(&ctx);
	md4_update(&ctx, data, len);
	md4_final(&ctx, digest);
}
