/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_CRYPTO_HASH_H
#define _SMB3K_CRYPTO_HASH_H

#include <linux/types.h>

#define SMB3K_SHA512_SIZE	64

int smb3k_crypto_init(void);
void smb3k_crypto_exit(void);
int smb3k_preauth_hash_update(u8 hash[SMB3K_SHA512_SIZE], const u8 *msg,
			      size_t len);

#endif /* _SMB3K_CRYPTO_HASH_H */
