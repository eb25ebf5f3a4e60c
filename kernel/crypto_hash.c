// SPDX-License-Identifier: GPL-2.0
/*
 * Hashes from the kernel crypto API. SHA-512 for the SMB 3.1.1 preauth
 * integrity hash (MS-SMB2 3.3.5.4, 3.3.5.5).
 */
#include <crypto/hash.h>
#include <linux/err.h>

#include "crypto_hash.h"

static struct crypto_shash *smb3k_sha512;

/**
 * smb3k_preauth_hash_update() - hash = SHA-512(hash || msg)
 * @hash: the running preauth integrity hash, updated in place
 * @msg: a whole SMB2 message (request or response)
 * @len: its length
 *
 * Return: 0 or a negative errno from the crypto API.
 */
int smb3k_preauth_hash_update(u8 hash[SMB3K_SHA512_SIZE], const u8 *msg,
			      size_t len)
{
	SHASH_DESC_ON_STACK(desc, smb3k_sha512);
	int ret;

	desc->tfm = smb3k_sha512;
	ret = crypto_shash_init(desc) ?:
	      crypto_shash_update(desc, hash, SMB3K_SHA512_SIZE) ?:
	      crypto_shash_update(desc, msg, len) ?:
	      crypto_shash_final(desc, hash);
	shash_desc_zero(desc);
	return ret;
}

/**
 * smb3k_crypto_init() - allocate the transforms
 *
 * Return: 0 or a negative errno (sha512 missing).
 */
int smb3k_crypto_init(void)
{
	smb3k_sha512 = crypto_alloc_shash("sha512", 0, 0);
	if (IS_ERR(smb3k_sha512)) {
		pr_err("sha512 is not available: %ld\n", PTR_ERR(smb3k_sha512));
		return PTR_ERR(smb3k_sha512);
	}
	return 0;
}

/**
 * smb3k_crypto_exit() - free the transforms
 */
void smb3k_crypto_exit(void)
{
	crypto_free_shash(smb3k_sha512);
}
