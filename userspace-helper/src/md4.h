/* SPDX-License-Identifier: GPL-2.0 */
/*
 * MD4 (RFC 1320), needed only for the NT hash (MS-NLMP 3.3.1 NTOWFv1).
 * Kept here because OpenSSL 3 moved MD4 to its legacy provider.
 */
#ifndef SMB3K_MD4_H
#define SMB3K_MD4_H

#include <stddef.h>
#include <stdint.h>

#define MD4_DIGEST_SIZE 16

struct md4_ctx {
	uint32_t state[4];
	uint64_t length;		/* bytes hashed so far */
	unsigned char block[64];
	size_t used;			/* bytes in block */
};

void md4_init(struct md4_ctx *ctx);
void md4_update(struct md4_ctx *ctx, const void *data, size_t len);
void md4_final(struct md4_ctx *ctx, unsigned char digest[MD4_DIGEST_SIZE]);
void md4(const void *data, size_t len, unsigned char digest[MD4_DIGEST_SIZE]);

#endif
