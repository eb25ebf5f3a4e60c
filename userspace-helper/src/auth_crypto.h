/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NTLM cryptography (MS-NLMP 3.3.2, 3.4): HMAC-MD5 and MD5 from OpenSSL's
 * default provider, RC4 written here (OpenSSL 3 keeps it in the legacy
 * provider), NTOWFv2, the session security keys and the message MAC.
 */
#ifndef SMB3K_AUTH_CRYPTO_H
#define SMB3K_AUTH_CRYPTO_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NTLM_KEY_SIZE		16
#define NTLM_SIGNATURE_SIZE	16

struct rc4_state {
	uint8_t s[256];
	uint8_t i, j;
};

void rc4_init(struct rc4_state *st, const uint8_t *key, size_t len);
/* Encrypt or decrypt in place (in == out allowed). */
void rc4_crypt(struct rc4_state *st, const uint8_t *in, uint8_t *out, size_t len);

void md5_digest(const void *data, size_t len, uint8_t out[16]);
/* HMAC-MD5 of the concatenation of up to three parts (NULL/0 skipped). */
void hmac_md5(const uint8_t *key, size_t key_len, const void *a, size_t a_len,
	      const void *b, size_t b_len, const void *c, size_t c_len, uint8_t out[16]);

/*
 * NTOWFv2 = HMAC_MD5(NT hash, UTF-16LE(UPPER(user)) || UTF-16LE(domain)),
 * both given as UTF-16LE already; user is upper-cased here (full BMP
 * case mapping of towupper for non-ASCII). 0, or -EINVAL for odd lengths.
 */
int ntowf_v2(const uint8_t nt_hash[16], const uint8_t *user16, size_t user_len,
	     const uint8_t *domain16, size_t domain_len, uint8_t out[16]);

/* SIGNKEY/SEALKEY (MS-NLMP 3.4.5.2/3) with extended session security. */
void ntlm_sign_key(const uint8_t session_key[16], bool client_to_server, uint8_t out[16]);
void ntlm_seal_key(const uint8_t session_key[16], uint32_t flags, bool client_to_server,
		   uint8_t out[16]);

/*
 * MAC with extended session security (3.4.4.2): version 1, HMAC_MD5 of
 * seqnum || message truncated to 8 bytes, RC4'd with seal (if non-NULL,
 * i.e. KEY_EXCH negotiated), seqnum.
 */
void ntlm_mac(const uint8_t sign_key[16], struct rc4_state *seal, uint32_t seqnum,
	      const void *msg, size_t len, uint8_t out[NTLM_SIGNATURE_SIZE]);

/* Constant-time comparison. */
bool ct_equal(const void *a, const void *b, size_t len);

#endif
