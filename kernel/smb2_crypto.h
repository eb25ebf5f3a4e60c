/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMB2/3 cryptography: preauth integrity hash, key derivation, signing,
 * encryption (MS-SMB2 3.1.4). Every function may sleep (process context).
 */
#ifndef _SMB3K_SMB2_CRYPTO_H
#define _SMB3K_SMB2_CRYPTO_H

#include <linux/types.h>

#define SMB3K_SHA512_SIZE		64
#define SMB3K_SIG_SIZE			16
/* smb3k-internal signing id for dialects 2.0.2 and 2.1 (HMAC-SHA256) */
#define SMB3K_SIGNING_HMAC_SHA256	0xFFFE

/**
 * struct smb3k_session_keys - keys derived for one session (or channel)
 * @signing: signing key (2.x: the session key itself).
 * @encryption: server-to-client cipher key (ServerOut / S2C), @key_len bytes.
 * @decryption: client-to-server cipher key (ServerIn / C2S), @key_len bytes.
 * @application: application key (for RPC).
 * @key_len: 16 or 32: bytes of @encryption/@decryption in use; 0 when no
 *	cipher keys were derived (2.x, or 3.1.1 without a cipher).
 */
struct smb3k_session_keys {
	u8 signing[16];
	u8 encryption[32];
	u8 decryption[32];
	u8 application[16];
	u8 key_len;
};

int smb3k_crypto_init(void);
void smb3k_crypto_exit(void);

int smb3k_preauth_hash_update(u8 hash[SMB3K_SHA512_SIZE], const u8 *msg,
			      size_t len);

int smb3k_kdf(const u8 *key, size_t key_len, const u8 *label, size_t label_len,
	      const u8 *context, size_t context_len, u8 *out, size_t out_len);
int smb3k_derive_keys(u16 dialect, u16 cipher, const u8 *session_key,
		      size_t session_key_len, const u8 preauth_hash[SMB3K_SHA512_SIZE],
		      struct smb3k_session_keys *out);

int smb3k_sign(u16 alg, const u8 key[16], const u8 *msg, size_t len,
	       u8 sig[SMB3K_SIG_SIZE]);
int smb3k_verify(u16 alg, const u8 key[16], const u8 *msg, size_t len);

int smb3k_encrypt(u16 cipher, const u8 *key, u8 key_len, u64 session_id,
		  const u8 *msg, size_t len, u8 *out, size_t out_cap,
		  size_t *out_len);
int smb3k_decrypt(u16 cipher, const u8 *key, u8 key_len, const u8 *in,
		  size_t len, u8 *out, size_t out_cap, size_t *out_len);

int smb3k_hmac_sha256(const u8 *key, size_t key_len, const u8 *data, size_t len,
		      u8 mac[32]);
int smb3k_aes_cmac(const u8 key[16], const u8 *data, size_t len, u8 mac[16]);

/* For the self-tests only: smb3k_encrypt() with a caller-chosen nonce. */
int smb3k_encrypt_nonce(u16 cipher, const u8 *key, u8 key_len, u64 session_id,
			const u8 *nonce, const u8 *msg, size_t len, u8 *out,
			size_t out_cap, size_t *out_len);

/* kernel/selftest/crypto_vectors.c */
int smb3k_crypto_selftest(void);
bool smb3k_selftest_enabled(void);

#endif /* _SMB3K_SMB2_CRYPTO_H */
