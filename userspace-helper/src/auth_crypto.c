// SPDX-License-Identifier: GPL-2.0
#include "auth_crypto.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <stdio.h>

#include <openssl/evp.h>
#include <openssl/core_names.h>
#include <openssl/params.h>

#include "util.h"

void rc4_init(struct rc4_state *st, const uint8_t *key, size_t len)
{
	unsigned int i;
	uint8_t j = 0, t;

	for (i = 0; i < 256; i++)
		st->s[i] = (uint8_t)i;
	for (i = 0; i < 256; i++) {
		j = (uint8_t)(j + st->s[i] + key[i % len]);
		t = st->s[i];
		st->s[i] = st->s[j];
		st->s[j] = t;
	}
	st->i = 0;
	st->j = 0;
}

void rc4_crypt(struct rc4_state *st, const uint8_t *in, uint8_t *out, size_t len)
{
	size_t n;
	uint8_t t;

	for (n = 0; n < len; n++) {
		st->i = (uint8_t)(st->i + 1);
		st->j = (uint8_t)(st->j + st->s[st->i]);
		t = st->s[st->i];
		st->s[st->i] = st->s[st->j];
		st->s[st->j] = t;
		out[n] = in[n] ^ st->s[(uint8_t)(st->s[st->i] + st->s[st->j])];
	}
}

static void die_crypto(const char *what)
{
	/* only on allocation failure or a broken OpenSSL install */
	fprintf(stderr, "smb3k: OpenSSL %s failed\n", what);
	abort();
}

void md5_digest(const void *data, size_t len, uint8_t out[16])
{
	unsigned int n = 16;

	if (!EVP_Digest(data, len, out, &n, EVP_md5(), NULL) || n != 16)
		die_crypto("MD5");
}

void hmac_md5(const uint8_t *key, size_t key_len, const void *a, size_t a_len,
	      const void *b, size_t b_len, const void *c, size_t c_len, uint8_t out[16])
{
	static EVP_MAC *mac;
	OSSL_PARAM params[2];
	EVP_MAC_CTX *ctx;
	size_t n = 0;

	if (!mac) {
		mac = EVP_MAC_fetch(NULL, "HMAC", NULL);
		if (!mac)
			die_crypto("HMAC fetch");
	}
	params[0] = OSSL_PARAM_construct_utf8_string("digest", (char *)"MD5", 0);
	params[1] = OSSL_PARAM_construct_end();
	ctx = EVP_MAC_CTX_new(mac);
	if (!ctx || !EVP_MAC_init(ctx, key, key_len, params) ||
	    (a_len && !EVP_MAC_update(ctx, a, a_len)) ||
	    (b_len && !EVP_MAC_update(ctx, b, b_len)) ||
	    (c_len && !EVP_MAC_update(ctx, c, c_len)) ||
	    !EVP_MAC_final(ctx, out, &n, 16) || n != 16)
		die_crypto("HMAC-MD5");
	EVP_MAC_CTX_free(ctx);
}

/*
 * Upper case of a UTF-16 code unit: ASCII, Latin-1, Latin Extended-A
 * pairs, Greek and Cyrillic; everything else unchanged. Deterministic,
 * whatever the process locale.
 */
static uint16_t upcase16(uint16_t c)
{
	if (c >= 'a' && c <= 'z')
		return (uint16_t)(c - 0x20);
	if (c < 0x80)
		return c;
	if ((c >= 0xE0 && c <= 0xFE && c != 0xF7))
		return (uint16_t)(c - 0x20);
	if (c == 0xFF)
		return 0x178;
	if (c >= 0x100 && c <= 0x17F && c != 0x130 && c != 0x131 && c != 0x138 &&
	    c != 0x149 && c != 0x17F) {
		bool odd_lower = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);

		if (odd_lower ? !(c & 1) : (c & 1))
			return (uint16_t)(c - 1);
		return c;
	}
	if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2)
		return (uint16_t)(c - 0x20);
	if (c >= 0x430 && c <= 0x44F)
		return (uint16_t)(c - 0x20);
	if (c >= 0x450 && c <= 0x45F)
		return (uint16_t)(c - 0x50);
	return c;
}

int ntowf_v2(const uint8_t nt_hash[16], const uint8_t *user16, size_t user_len,
	     const uint8_t *domain16, size_t domain_len, uint8_t out[16])
{
	uint8_t *upper;
	size_t i;

	if ((user_len & 1) || (domain_len & 1))
		return -EINVAL;
	upper = xmalloc(user_len ? user_len : 1);
	for (i = 0; i < user_len; i += 2) {
		uint16_t c = upcase16((uint16_t)(user16[i] | (user16[i + 1] << 8)));

		upper[i] = (uint8_t)c;
		upper[i + 1] = (uint8_t)(c >> 8);
	}
	hmac_md5(nt_hash, 16, upper, user_len, domain16, domain_len, NULL, 0, out);
	free(upper);
	return 0;
}

static const char c2s_sign[] = "session key to client-to-server signing key magic constant";
static const char s2c_sign[] = "session key to server-to-client signing key magic constant";
static const char c2s_seal[] = "session key to client-to-server sealing key magic constant";
static const char s2c_seal[] = "session key to server-to-client sealing key magic constant";

/* MD5(key || constant including its NUL) */
static void derive(const uint8_t *key, size_t key_len, const char *magic, uint8_t out[16])
{
	uint8_t buf[16 + 64];
	size_t mlen = strlen(magic) + 1;

	memcpy(buf, key, key_len);
	memcpy(buf + key_len, magic, mlen);
	md5_digest(buf, key_len + mlen, out);
}

void ntlm_sign_key(const uint8_t session_key[16], bool client_to_server, uint8_t out[16])
{
	derive(session_key, 16, client_to_server ? c2s_sign : s2c_sign, out);
}

void ntlm_seal_key(const uint8_t session_key[16], uint32_t flags, bool client_to_server,
		   uint8_t out[16])
{
	/* NTLMSSP_NEGOTIATE_128 / _56 */
	size_t len = (flags & 0x20000000U) ? 16 : (flags & 0x80000000U) ? 7 : 5;

	derive(session_key, len, client_to_server ? c2s_seal : s2c_seal, out);
}

void ntlm_mac(const uint8_t sign_key[16], struct rc4_state *seal, uint32_t seqnum,
	      const void *msg, size_t len, uint8_t out[NTLM_SIGNATURE_SIZE])
{
	uint8_t seq[4] = {
		(uint8_t)seqnum, (uint8_t)(seqnum >> 8), (uint8_t)(seqnum >> 16),
		(uint8_t)(seqnum >> 24),
	};
	uint8_t digest[16];

	hmac_md5(sign_key, 16, seq, 4, msg, len, NULL, 0, digest);
	out[0] = 1;
	out[1] = 0;
	out[2] = 0;
	out[3] = 0;
	if (seal)
		rc4_crypt(seal, digest, out + 4, 8);
	else
		memcpy(out + 4, digest, 8);
	memcpy(out + 12, seq, 4);
}

bool ct_equal(const void *a, const void *b, size_t len)
{
	const uint8_t *x = a, *y = b;
	uint8_t d = 0;
	size_t i;

	for (i = 0; i < len; i++)
		d |= x[i] ^ y[i];
	return d == 0;
}
