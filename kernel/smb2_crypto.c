// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2/3 cryptography on the kernel crypto API (MS-SMB2 3.1.4):
 * the 3.1.1 preauth integrity hash (SHA-512), key derivation (SP800-108
 * counter mode with HMAC-SHA256), message signing (HMAC-SHA256, AES-CMAC,
 * AES-GMAC) and encryption (AES-128/256 CCM/GCM with the TRANSFORM_HEADER).
 *
 * Transforms: keyed transforms cannot be shared by concurrent callers
 * (setkey changes the tfm), and allocating one per call is slow. So each
 * keyed algorithm has a pool of min(CPUs, 16) transforms allocated at init;
 * a caller takes one (sleeping while all are busy), sets its key, uses it
 * and gives it back. The key schedule is recomputed on every call, which
 * costs far less than the data it protects. SHA-512 has no key: one tfm is
 * shared, each caller has its own descriptor. Pools: hmac(sha256) (KDF,
 * 2.x signing), cmac(aes), ghash (AES-GMAC signing), gcm(aes), ccm(aes).
 *
 * Buffers: any kernel virtual address works (kmalloc, kvmalloc/vmalloc,
 * module data, vmapped stacks). Memory outside the linear map is described
 * to the AEADs one scatterlist entry per page (vmalloc_to_page()). Output
 * must not overlap input.
 */
#include <crypto/aead.h>
#include <crypto/aes.h>
#include <crypto/algapi.h>
#include <crypto/hash.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/random.h>
#include <linux/scatterlist.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/wait.h>

#include "smb2_crypto.h"
#include "proto/smb2_header.h"
#include "proto/smb2_transform.h"

#define SMB3K_POOL_MAX		16
#define SMB3K_AEAD_TAG_SIZE	16
#define SMB3K_HMAC_SHA256_SIZE	32
/* Largest message the AEAD/sg code accepts (OriginalMessageSize is a u32). */
#define SMB3K_CRYPTO_MAX_LEN	(U32_MAX - SMB2_TRANSFORM_HDR_SIZE - SMB3K_AEAD_TAG_SIZE)

enum {
	SMB3K_POOL_HMAC,
	SMB3K_POOL_CMAC,
	SMB3K_POOL_GHASH,
	SMB3K_POOL_GCM,
	SMB3K_POOL_CCM,
	SMB3K_NR_POOLS
};

enum smb3k_tfm_kind { SMB3K_SHASH, SMB3K_AHASH, SMB3K_AEAD };

struct smb3k_tfm_pool {
	const char *alg;
	enum smb3k_tfm_kind kind;
	unsigned int n;
	spinlock_t lock;	/* protects free */
	unsigned long free;	/* bit i set: tfm i is free */
	wait_queue_head_t wait;
	union {
		struct crypto_shash *shash;
		struct crypto_ahash *ahash;
		struct crypto_aead *aead;
	} t[SMB3K_POOL_MAX];
};

static struct smb3k_tfm_pool smb3k_pools[SMB3K_NR_POOLS] = {
	[SMB3K_POOL_HMAC] = { .alg = "hmac(sha256)", .kind = SMB3K_SHASH },
	[SMB3K_POOL_CMAC] = { .alg = "cmac(aes)", .kind = SMB3K_SHASH },
	[SMB3K_POOL_GHASH] = { .alg = "ghash", .kind = SMB3K_AHASH },
	[SMB3K_POOL_GCM] = { .alg = "gcm(aes)", .kind = SMB3K_AEAD },
	[SMB3K_POOL_CCM] = { .alg = "ccm(aes)", .kind = SMB3K_AEAD },
};

static struct crypto_shash *smb3k_sha512;

static const u8 smb3k_zero_sig[SMB3K_SIG_SIZE];

static bool smb3k_pool_try(struct smb3k_tfm_pool *p, unsigned int *idx)
{
	bool ok = false;

	spin_lock(&p->lock);
	if (p->free) {
		*idx = __ffs(p->free);
		__clear_bit(*idx, &p->free);
		ok = true;
	}
	spin_unlock(&p->lock);
	return ok;
}

static unsigned int smb3k_pool_get(struct smb3k_tfm_pool *p)
{
	unsigned int idx = 0;

	might_sleep();
	wait_event(p->wait, smb3k_pool_try(p, &idx));
	return idx;
}

static void smb3k_pool_put(struct smb3k_tfm_pool *p, unsigned int idx)
{
	spin_lock(&p->lock);
	__set_bit(idx, &p->free);
	spin_unlock(&p->lock);
	wake_up(&p->wait);
}

static void smb3k_pool_free(struct smb3k_tfm_pool *p)
{
	unsigned int i;

	for (i = 0; i < p->n; i++) {
		if (p->kind == SMB3K_AEAD)
			crypto_free_aead(p->t[i].aead);
		else if (p->kind == SMB3K_AHASH)
			crypto_free_ahash(p->t[i].ahash);
		else
			crypto_free_shash(p->t[i].shash);
	}
	p->n = 0;
	p->free = 0;
}

static int smb3k_pool_alloc(struct smb3k_tfm_pool *p, unsigned int n)
{
	int ret;

	spin_lock_init(&p->lock);
	init_waitqueue_head(&p->wait);
	p->n = 0;
	p->free = 0;
	while (p->n < n) {
		if (p->kind == SMB3K_AEAD) {
			struct crypto_aead *tfm = crypto_alloc_aead(p->alg, 0, 0);

			if (IS_ERR(tfm)) {
				ret = PTR_ERR(tfm);
				goto err;
			}
			ret = crypto_aead_setauthsize(tfm, SMB3K_AEAD_TAG_SIZE);
			if (ret) {
				crypto_free_aead(tfm);
				goto err;
			}
			p->t[p->n].aead = tfm;
		} else if (p->kind == SMB3K_AHASH) {
			struct crypto_ahash *tfm = crypto_alloc_ahash(p->alg, 0, 0);

			if (IS_ERR(tfm)) {
				ret = PTR_ERR(tfm);
				goto err;
			}
			p->t[p->n].ahash = tfm;
		} else {
			struct crypto_shash *tfm = crypto_alloc_shash(p->alg, 0, 0);

			if (IS_ERR(tfm)) {
				ret = PTR_ERR(tfm);
				goto err;
			}
			p->t[p->n].shash = tfm;
		}
		__set_bit(p->n, &p->free);
		p->n++;
	}
	return 0;
err:
	pr_err("crypto algorithm %s is not available: %d\n", p->alg, ret);
	smb3k_pool_free(p);
	return ret;
}

/* Scatterlist entries needed to describe @len bytes at @buf. */
static unsigned int smb3k_sg_nents(const void *buf, size_t len)
{
	if (!len)
		return 0;
	if (virt_addr_valid(buf))
		return 1;
	return DIV_ROUND_UP(offset_in_page(buf) + len, PAGE_SIZE);
}

/*
 * Describe @len bytes at @buf from @sg on; return the next free entry.
 * Linear-map memory (kmalloc) is physically contiguous: one entry. Anything
 * else (vmalloc, module data, vmapped stack) gets an entry per page.
 */
static struct scatterlist *smb3k_sg_add(struct scatterlist *sg, const void *buf,
					size_t len)
{
	const u8 *p = buf;

	if (!len)
		return sg;
	if (virt_addr_valid(p)) {
		sg_set_buf(sg, p, len);
		return sg + 1;
	}
	while (len) {
		unsigned int off = offset_in_page(p);
		unsigned int n = min_t(size_t, len, PAGE_SIZE - off);

		sg_set_page(sg, vmalloc_to_page(p), n, off);
		p += n;
		len -= n;
		sg++;
	}
	return sg;
}

/**
 * smb3k_preauth_hash_update() - hash = SHA-512(hash || msg)
 * @hash: the running preauth integrity hash, updated in place
 * @msg: a whole SMB2 message (request or response)
 * @len: its length
 *
 * MS-SMB2 3.3.5.4, 3.3.5.5. May sleep.
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

struct smb3k_part {
	const u8 *p;
	size_t len;
};

/* Keyed digest of the concatenation of @n parts with a pooled shash. */
static int smb3k_shash_parts(struct smb3k_tfm_pool *p, const u8 *key,
			     unsigned int key_len, const struct smb3k_part *parts,
			     unsigned int n, u8 *out)
{
	SHASH_DESC_ON_STACK(desc, tfm);
	unsigned int idx, i;
	int ret;

	idx = smb3k_pool_get(p);
	desc->tfm = p->t[idx].shash;
	ret = crypto_shash_setkey(desc->tfm, key, key_len) ?:
	      crypto_shash_init(desc);
	for (i = 0; !ret && i < n; i++)
		ret = crypto_shash_update(desc, parts[i].p, parts[i].len);
	if (!ret)
		ret = crypto_shash_final(desc, out);
	shash_desc_zero(desc);
	smb3k_pool_put(p, idx);
	return ret;
}

/**
 * smb3k_hmac_sha256() - HMAC-SHA256
 * @key: key
 * @key_len: its length
 * @data: data
 * @len: its length
 * @mac: the 32-byte MAC
 *
 * May sleep.
 *
 * Return: 0 or a crypto API errno.
 */
int smb3k_hmac_sha256(const u8 *key, size_t key_len, const u8 *data, size_t len,
		      u8 mac[32])
{
	struct smb3k_part part = { data, len };

	return smb3k_shash_parts(&smb3k_pools[SMB3K_POOL_HMAC], key, key_len,
				 &part, 1, mac);
}

/**
 * smb3k_aes_cmac() - AES-128-CMAC (RFC 4493)
 * @key: 16-byte key
 * @data: data
 * @len: its length
 * @mac: the 16-byte MAC
 *
 * May sleep.
 *
 * Return: 0 or a crypto API errno.
 */
int smb3k_aes_cmac(const u8 key[16], const u8 *data, size_t len, u8 mac[16])
{
	struct smb3k_part part = { data, len };

	return smb3k_shash_parts(&smb3k_pools[SMB3K_POOL_CMAC], key, 16, &part, 1, mac);
}

/**
 * smb3k_kdf() - SP800-108 KDF in counter mode with HMAC-SHA256 (3.1.4.2)
 * @key: key derivation key
 * @key_len: its length
 * @label: Label, including its terminating NUL as MS-SMB2 counts it
 * @label_len: its length
 * @context: Context
 * @context_len: its length
 * @out: derived key
 * @out_len: 16 or 32 (L = 128 or 256 bits)
 *
 * r = 32; one PRF block covers L <= 256:
 * K = HMAC-SHA256(key, [1]_32be || Label || 0x00 || Context || [L]_32be).
 * May sleep.
 *
 * Return: 0, -EINVAL for a bad @out_len, or a crypto API errno.
 */
int smb3k_kdf(const u8 *key, size_t key_len, const u8 *label, size_t label_len,
	      const u8 *context, size_t context_len, u8 *out, size_t out_len)
{
	static const u8 sep;
	__be32 counter = cpu_to_be32(1);
	__be32 bits = cpu_to_be32(out_len * 8);
	const struct smb3k_part parts[] = {
		{ (const u8 *)&counter, sizeof(counter) },
		{ label, label_len },
		{ &sep, 1 },
		{ context, context_len },
		{ (const u8 *)&bits, sizeof(bits) },
	};
	u8 block[SMB3K_HMAC_SHA256_SIZE];
	int ret;

	if (out_len != 16 && out_len != 32)
		return -EINVAL;
	ret = smb3k_shash_parts(&smb3k_pools[SMB3K_POOL_HMAC], key, key_len, parts,
				ARRAY_SIZE(parts), block);
	if (!ret)
		memcpy(out, block, out_len);
	memzero_explicit(block, sizeof(block));
	return ret;
}

#define SMB3K_KDF(key, klen, label, ctx, ctxlen, out, olen) \
	smb3k_kdf(key, klen, label, sizeof(label), ctx, ctxlen, out, olen)

/**
 * smb3k_derive_keys() - derive a session's keys (MS-SMB2 3.3.5.5.3)
 * @dialect: Connection.Dialect (SMB2_DIALECT_*)
 * @cipher: Connection.CipherId: 0 for none (no cipher keys), else
 *	SMB2_ENCRYPTION_*; 3.0 and 3.0.2 accept only 0 or AES-128-CCM
 * @session_key: the key from the authentication protocol (FullSessionKey)
 * @session_key_len: its length, >= 1; Session.SessionKey is its first 16
 *	bytes, zero-padded when shorter
 * @preauth_hash: Session.PreauthIntegrityHashValue (3.1.1 only; may be
 *	NULL for other dialects)
 * @out: the keys; zeroed first
 *
 * 2.0.2/2.1: signing = SessionKey, nothing else. 3.0/3.0.2: labels
 * "SMB2AESCMAC"/"SmbSign", "SMB2APP"/"SmbRpc", "SMB2AESCCM"/"ServerOut" and
 * "ServerIn " (NULs included). 3.1.1: "SMBSigningKey", "SMBAppKey",
 * "SMBS2CCipherKey", "SMBC2SCipherKey" with the preauth hash as context;
 * for AES-256 ciphers the cipher keys are 32 bytes (L = 256) derived from
 * the full session key. May sleep.
 *
 * Return: 0, -EINVAL for a bad dialect/cipher/argument, or a crypto errno.
 */
int smb3k_derive_keys(u16 dialect, u16 cipher, const u8 *session_key,
		      size_t session_key_len, const u8 preauth_hash[SMB3K_SHA512_SIZE],
		      struct smb3k_session_keys *out)
{
	const u8 *ckey;
	size_t ckey_len;
	u8 sk[16] = {};
	u8 klen;
	int ret;

	memset(out, 0, sizeof(*out));
	if (!session_key || !session_key_len)
		return -EINVAL;
	memcpy(sk, session_key, min_t(size_t, session_key_len, sizeof(sk)));

	switch (dialect) {
	case SMB2_DIALECT_202:
	case SMB2_DIALECT_210:
		memcpy(out->signing, sk, sizeof(out->signing));
		ret = 0;
		break;
	case SMB2_DIALECT_300:
	case SMB2_DIALECT_302:
		if (cipher && cipher != SMB2_ENCRYPTION_AES128_CCM) {
			ret = -EINVAL;
			break;
		}
		ret = SMB3K_KDF(sk, 16, "SMB2AESCMAC", "SmbSign", sizeof("SmbSign"),
				out->signing, 16) ?:
		      SMB3K_KDF(sk, 16, "SMB2APP", "SmbRpc", sizeof("SmbRpc"),
				out->application, 16);
		if (ret || !cipher)
			break;
		ret = SMB3K_KDF(sk, 16, "SMB2AESCCM", "ServerOut", sizeof("ServerOut"),
				out->encryption, 16) ?:
		      SMB3K_KDF(sk, 16, "SMB2AESCCM", "ServerIn ", sizeof("ServerIn "),
				out->decryption, 16);
		out->key_len = 16;
		break;
	case SMB2_DIALECT_311:
		if (!preauth_hash) {
			ret = -EINVAL;
			break;
		}
		switch (cipher) {
		case 0:
			klen = 0;
			break;
		case SMB2_ENCRYPTION_AES128_CCM:
		case SMB2_ENCRYPTION_AES128_GCM:
			klen = 16;
			break;
		case SMB2_ENCRYPTION_AES256_CCM:
		case SMB2_ENCRYPTION_AES256_GCM:
			klen = 32;
			break;
		default:
			ret = -EINVAL;
			goto out;
		}
		ret = SMB3K_KDF(sk, 16, "SMBSigningKey", preauth_hash, SMB3K_SHA512_SIZE,
				out->signing, 16) ?:
		      SMB3K_KDF(sk, 16, "SMBAppKey", preauth_hash, SMB3K_SHA512_SIZE,
				out->application, 16);
		if (ret || !klen)
			break;
		ckey = klen == 32 ? session_key : sk;
		ckey_len = klen == 32 ? session_key_len : sizeof(sk);
		ret = SMB3K_KDF(ckey, ckey_len, "SMBS2CCipherKey", preauth_hash,
				SMB3K_SHA512_SIZE, out->encryption, klen) ?:
		      SMB3K_KDF(ckey, ckey_len, "SMBC2SCipherKey", preauth_hash,
				SMB3K_SHA512_SIZE, out->decryption, klen);
		out->key_len = klen;
		break;
	default:
		ret = -EINVAL;
	}
out:
	memzero_explicit(sk, sizeof(sk));
	if (ret)
		memzero_explicit(out, sizeof(*out));
	return ret;
}

/* HMAC-SHA256 (first 16 bytes) or AES-CMAC over @msg with a zero Signature. */
static int smb3k_sign_shash(struct smb3k_tfm_pool *p, const u8 *key, const u8 *msg,
			    size_t len, u8 *sig)
{
	const struct smb3k_part parts[] = {
		{ msg, SMB2_HDR_OFF_SIGNATURE },
		{ smb3k_zero_sig, SMB3K_SIG_SIZE },
		{ msg + SMB2_HDR_SIZE, len - SMB2_HDR_SIZE },
	};
	u8 mac[SMB3K_HMAC_SHA256_SIZE];
	int ret;

	ret = smb3k_shash_parts(p, key, 16, parts, ARRAY_SIZE(parts), mac);
	if (!ret)
		memcpy(sig, mac, SMB3K_SIG_SIZE);
	memzero_explicit(mac, sizeof(mac));
	return ret;
}

/*
 * Heap state of one AEAD operation: nothing handed to the crypto API lives
 * on the (possibly vmapped) stack. @sg holds the src list, then the dst list.
 */
struct smb3k_aead_op {
	u8 iv[16];
	u8 aad[SMB2_TRANSFORM_AAD_SIZE];
	u8 aad_dst[SMB2_TRANSFORM_AAD_SIZE];
	u8 tag[SMB3K_AEAD_TAG_SIZE];
	struct crypto_wait wait;
	struct scatterlist sg[];
};

static struct smb3k_aead_op *smb3k_aead_op_alloc(unsigned int nents)
{
	struct smb3k_aead_op *op;

	op = kzalloc(struct_size(op, sg, nents), GFP_KERNEL);
	if (!op)
		return NULL;
	sg_init_table(op->sg, nents);
	crypto_init_wait(&op->wait);
	return op;
}

/* Run an AEAD request synchronously (waits for async implementations). */
static int smb3k_aead_run(struct crypto_aead *tfm, const u8 *key, unsigned int klen,
			  struct smb3k_aead_op *op, struct scatterlist *src,
			  struct scatterlist *dst, unsigned int assoclen,
			  unsigned int cryptlen, bool enc)
{
	struct aead_request *req;
	int ret;

	ret = crypto_aead_setkey(tfm, key, klen);
	if (ret)
		return ret;
	req = aead_request_alloc(tfm, GFP_KERNEL);
	if (!req)
		return -ENOMEM;
	aead_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG | CRYPTO_TFM_REQ_MAY_SLEEP,
				  crypto_req_done, &op->wait);
	aead_request_set_crypt(req, src, dst, cryptlen, op->iv);
	aead_request_set_ad(req, assoclen);
	ret = crypto_wait_req(enc ? crypto_aead_encrypt(req) : crypto_aead_decrypt(req),
			      &op->wait);
	aead_request_free(req);
	return ret;
}

/* Heap state of one GMAC computation (see smb3k_sign_gmac()). */
struct smb3k_gmac_op {
	struct crypto_aes_ctx aes;
	u8 h[16];
	u8 j0[16];
	u8 s[16];
	u8 lenblk[16];
	u8 zero[16];
	u8 ghash[16];
	struct crypto_wait wait;
	struct scatterlist sg[];
};

/*
 * AES-GMAC (3.1.4.1) = AES-GCM with an empty plaintext and the message as
 * AAD. Computed as GHASH_H(msg || zero pad || [bitlen(msg)]_64 || 0^64)
 * XOR E_K(J0), H = E_K(0^128), J0 = nonce || 0x00000001, with the AES
 * library for the two blocks and a pooled "ghash" for the message, because
 * gcm(aes) implementations may copy a scattered AAD into one kmalloc()
 * buffer (aesni does), which fails for multi-MiB messages.
 */
static int smb3k_sign_gmac(const u8 *key, const u8 *msg, size_t len, u8 *sig)
{
	struct smb3k_tfm_pool *p = &smb3k_pools[SMB3K_POOL_GHASH];
	size_t rest = len - SMB2_HDR_SIZE, pad = (16 - len % 16) % 16;
	struct ahash_request *req;
	struct smb3k_gmac_op *op;
	struct scatterlist *sg;
	unsigned int nents, idx;
	u32 flags, nflags = 0;
	int ret;

	nents = smb3k_sg_nents(msg, SMB2_HDR_OFF_SIGNATURE) + 1 +
		smb3k_sg_nents(msg + SMB2_HDR_SIZE, rest) + 1 + 1;
	op = kzalloc(struct_size(op, sg, nents), GFP_KERNEL);
	if (!op)
		return -ENOMEM;
	sg_init_table(op->sg, nents);
	crypto_init_wait(&op->wait);

	/* Nonce: MessageId (as on the wire, LE), then a LE u32 of role bits. */
	memcpy(op->j0, msg + SMB2_HDR_OFF_MESSAGE_ID, 8);
	flags = get_unaligned_le32(msg + SMB2_HDR_OFF_FLAGS);
	if (flags & SMB2_FLAGS_SERVER_TO_REDIR)
		nflags |= 1;
	if (get_unaligned_le16(msg + SMB2_HDR_OFF_COMMAND) == SMB2_CANCEL &&
	    !(flags & SMB2_FLAGS_SERVER_TO_REDIR))
		nflags |= 2;
	put_unaligned_le32(nflags, op->j0 + 8);
	put_unaligned_be32(1, op->j0 + 12);
	put_unaligned_be64((u64)len * 8, op->lenblk);

	ret = aes_expandkey(&op->aes, key, 16);
	if (ret)
		goto out;
	aes_encrypt(&op->aes, op->h, op->zero);
	aes_encrypt(&op->aes, op->s, op->j0);

	sg = smb3k_sg_add(op->sg, msg, SMB2_HDR_OFF_SIGNATURE);
	sg = smb3k_sg_add(sg, op->zero, SMB3K_SIG_SIZE);
	sg = smb3k_sg_add(sg, msg + SMB2_HDR_SIZE, rest);
	sg = smb3k_sg_add(sg, op->zero, pad);
	sg = smb3k_sg_add(sg, op->lenblk, sizeof(op->lenblk));
	sg_mark_end(sg - 1);

	idx = smb3k_pool_get(p);
	ret = crypto_ahash_setkey(p->t[idx].ahash, op->h, sizeof(op->h));
	req = ret ? NULL : ahash_request_alloc(p->t[idx].ahash, GFP_KERNEL);
	if (req) {
		ahash_request_set_callback(req, CRYPTO_TFM_REQ_MAY_BACKLOG |
					   CRYPTO_TFM_REQ_MAY_SLEEP, crypto_req_done, &op->wait);
		ahash_request_set_crypt(req, op->sg, op->ghash, len + pad + 16);
		ret = crypto_wait_req(crypto_ahash_digest(req), &op->wait);
		ahash_request_free(req);
	} else if (!ret) {
		ret = -ENOMEM;
	}
	smb3k_pool_put(p, idx);
	if (!ret)
		crypto_xor_cpy(sig, op->ghash, op->s, SMB3K_SIG_SIZE);
out:
	kfree_sensitive(op);
	return ret;
}

/**
 * smb3k_sign() - compute the signature of one SMB2 message (3.1.4.1)
 * @alg: SMB3K_SIGNING_HMAC_SHA256 (or SMB2_SIGNING_HMAC_SHA256) for 2.0.2
 *	and 2.1, SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_AES_GMAC
 * @key: 16-byte signing key
 * @msg: the message as on the wire: header and body (a compound member
 *	including its padding up to the next member), at least 64 bytes
 * @len: its length
 * @sig: the 16-byte signature
 *
 * Computed as if the Signature field (offset 48) were zero; @msg is not
 * written. For GMAC the nonce is MessageId and a 32-bit LE word with bit 0
 * set when the message has SMB2_FLAGS_SERVER_TO_REDIR and bit 1 set for a
 * CANCEL request. May sleep.
 *
 * Return: 0, -EINVAL (unknown @alg, short @msg), or a crypto API errno.
 */
int smb3k_sign(u16 alg, const u8 key[16], const u8 *msg, size_t len,
	       u8 sig[SMB3K_SIG_SIZE])
{
	if (len < SMB2_HDR_SIZE || len > SMB3K_CRYPTO_MAX_LEN)
		return -EINVAL;
	switch (alg) {
	case SMB3K_SIGNING_HMAC_SHA256:
	case SMB2_SIGNING_HMAC_SHA256:
		return smb3k_sign_shash(&smb3k_pools[SMB3K_POOL_HMAC], key, msg, len, sig);
	case SMB2_SIGNING_AES_CMAC:
		return smb3k_sign_shash(&smb3k_pools[SMB3K_POOL_CMAC], key, msg, len, sig);
	case SMB2_SIGNING_AES_GMAC:
		return smb3k_sign_gmac(key, msg, len, sig);
	default:
		return -EINVAL;
	}
}

/**
 * smb3k_verify() - check the Signature of a received SMB2 message
 * @alg: as for smb3k_sign()
 * @key: 16-byte signing key
 * @msg: the message (see smb3k_sign())
 * @len: its length
 *
 * The comparison is constant time (crypto_memneq()). May sleep.
 *
 * Return: 0 if the signature matches, -EBADMSG if not, another negative
 * errno if it could not be computed.
 */
int smb3k_verify(u16 alg, const u8 key[16], const u8 *msg, size_t len)
{
	u8 sig[SMB3K_SIG_SIZE];
	int ret;

	ret = smb3k_sign(alg, key, msg, len, sig);
	if (ret)
		return ret;
	if (crypto_memneq(sig, msg + SMB2_HDR_OFF_SIGNATURE, SMB3K_SIG_SIZE))
		ret = -EBADMSG;
	memzero_explicit(sig, sizeof(sig));
	return ret;
}

/* The pool for @cipher if @key_len matches it, else NULL. */
static struct smb3k_tfm_pool *smb3k_cipher_pool(u16 cipher, u8 key_len)
{
	switch (cipher) {
	case SMB2_ENCRYPTION_AES128_CCM:
		return key_len == 16 ? &smb3k_pools[SMB3K_POOL_CCM] : NULL;
	case SMB2_ENCRYPTION_AES256_CCM:
		return key_len == 32 ? &smb3k_pools[SMB3K_POOL_CCM] : NULL;
	case SMB2_ENCRYPTION_AES128_GCM:
		return key_len == 16 ? &smb3k_pools[SMB3K_POOL_GCM] : NULL;
	case SMB2_ENCRYPTION_AES256_GCM:
		return key_len == 32 ? &smb3k_pools[SMB3K_POOL_GCM] : NULL;
	default:
		return NULL;
	}
}

/*
 * IV for the kernel's AEADs from the Nonce field: gcm(aes) takes the 12
 * nonce bytes; ccm(aes) takes a 16-byte counter block whose first byte is
 * L' = 15 - 11 - 1 = 3 (a 4-byte length field), then the 11 nonce bytes.
 */
static void smb3k_set_iv(u8 *iv, u16 cipher, const u8 *nonce)
{
	size_t nlen = smb2_transform_nonce_len(cipher);

	memset(iv, 0, 16);
	if (nlen == SMB2_CCM_NONCE_SIZE) {
		iv[0] = 15 - SMB2_CCM_NONCE_SIZE - 1;
		memcpy(iv + 1, nonce, nlen);
	} else {
		memcpy(iv, nonce, nlen);
	}
}

/**
 * smb3k_encrypt_nonce() - smb3k_encrypt() with a given nonce
 * @cipher: see smb3k_encrypt()
 * @key: see smb3k_encrypt()
 * @key_len: see smb3k_encrypt()
 * @session_id: see smb3k_encrypt()
 * @nonce: smb2_transform_nonce_len(@cipher) bytes
 * @msg: see smb3k_encrypt()
 * @len: see smb3k_encrypt()
 * @out: see smb3k_encrypt()
 * @out_cap: see smb3k_encrypt()
 * @out_len: see smb3k_encrypt()
 *
 * Only for known-answer self-tests: a nonce must never repeat under a key.
 *
 * Return: see smb3k_encrypt().
 */
int smb3k_encrypt_nonce(u16 cipher, const u8 *key, u8 key_len, u64 session_id,
			const u8 *nonce, const u8 *msg, size_t len, u8 *out,
			size_t out_cap, size_t *out_len)
{
	struct smb3k_tfm_pool *p = smb3k_cipher_pool(cipher, key_len);
	struct scatterlist *src, *dst, *sg;
	unsigned int nsrc, ndst, idx;
	struct smb3k_aead_op *op;
	int ret;

	if (!p || !len || len > SMB3K_CRYPTO_MAX_LEN)
		return -EINVAL;
	if (out_cap < SMB2_TRANSFORM_HDR_SIZE || out_cap - SMB2_TRANSFORM_HDR_SIZE < len)
		return -ENOBUFS;
	if (smb2_transform_build(out, out_cap, cipher, nonce, len, session_id))
		return -EINVAL;

	nsrc = 1 + smb3k_sg_nents(msg, len);
	ndst = 1 + smb3k_sg_nents(out + SMB2_TRANSFORM_HDR_SIZE, len) + 1;
	op = smb3k_aead_op_alloc(nsrc + ndst);
	if (!op)
		return -ENOMEM;
	smb3k_set_iv(op->iv, cipher, out + SMB2_TRANSFORM_OFF_NONCE);
	memcpy(op->aad, out + SMB2_TRANSFORM_AAD_OFF, SMB2_TRANSFORM_AAD_SIZE);
	memcpy(op->aad_dst, op->aad, SMB2_TRANSFORM_AAD_SIZE);

	src = op->sg;
	sg = smb3k_sg_add(src, op->aad, SMB2_TRANSFORM_AAD_SIZE);
	sg = smb3k_sg_add(sg, msg, len);
	sg_mark_end(sg - 1);
	dst = sg;
	sg = smb3k_sg_add(dst, op->aad_dst, SMB2_TRANSFORM_AAD_SIZE);
	sg = smb3k_sg_add(sg, out + SMB2_TRANSFORM_HDR_SIZE, len);
	sg = smb3k_sg_add(sg, op->tag, SMB3K_AEAD_TAG_SIZE);
	sg_mark_end(sg - 1);

	idx = smb3k_pool_get(p);
	ret = smb3k_aead_run(p->t[idx].aead, key, key_len, op, src, dst,
			     SMB2_TRANSFORM_AAD_SIZE, len, true);
	smb3k_pool_put(p, idx);
	if (!ret) {
		memcpy(out + SMB2_TRANSFORM_OFF_SIGNATURE, op->tag, SMB3K_AEAD_TAG_SIZE);
		*out_len = SMB2_TRANSFORM_HDR_SIZE + len;
	}
	kfree_sensitive(op);
	return ret;
}

/**
 * smb3k_encrypt() - encrypt one SMB2 message into a TRANSFORM_HEADER message
 * @cipher: SMB2_ENCRYPTION_AES128_CCM (1), _AES128_GCM (2), _AES256_CCM (3)
 *	or _AES256_GCM (4); 3.0/3.0.2 use AES128_CCM
 * @key: the session's EncryptionKey (server to client)
 * @key_len: 16 for the AES-128 ciphers, 32 for the AES-256 ones
 * @session_id: SessionId for the header
 * @msg: the SMB2 message (or compound chain), @len bytes, >= 1
 * @len: its length
 * @out: where the 52-byte header and the ciphertext go; must not overlap @msg
 * @out_cap: bytes available at @out, >= 52 + @len
 * @out_len: set to 52 + @len on success
 *
 * The nonce is random (11 bytes for CCM, 12 for GCM; the rest of Nonce is
 * zero), the AAD is the header from Nonce on (32 bytes), the tag goes into
 * Signature (3.1.4.3). May sleep.
 *
 * Return: 0, -EINVAL (cipher/key length/size), -ENOBUFS (@out_cap too
 * small), -ENOMEM, or a crypto API errno.
 */
int smb3k_encrypt(u16 cipher, const u8 *key, u8 key_len, u64 session_id,
		  const u8 *msg, size_t len, u8 *out, size_t out_cap,
		  size_t *out_len)
{
	u8 nonce[SMB2_TRANSFORM_NONCE_SIZE];
	size_t nlen = smb2_transform_nonce_len(cipher);

	if (!nlen)
		return -EINVAL;
	get_random_bytes(nonce, nlen);
	return smb3k_encrypt_nonce(cipher, key, key_len, session_id, nonce, msg, len,
				   out, out_cap, out_len);
}

/**
 * smb3k_decrypt() - check and decrypt a TRANSFORM_HEADER message
 * @cipher: Connection.CipherId (AES128_CCM for 3.0/3.0.2)
 * @key: the session's DecryptionKey (client to server)
 * @key_len: 16 or 32, matching @cipher
 * @in: the whole transport message, from the 0xFD 'S' 'M' 'B' header
 * @len: its length
 * @out: where the decrypted SMB2 message goes; must not overlap @in
 * @out_cap: bytes available at @out, >= @len - 52
 * @out_len: set to the decrypted length (OriginalMessageSize) on success
 *
 * The header is validated by smb2_transform_parse() (size, ProtocolId,
 * Flags == 1, OriginalMessageSize == @len - 52). The caller still looks up
 * the session by the header's SessionId (smb2_transform_parse() gives it)
 * and validates the decrypted SMB2 header(s). On failure @out holds no
 * plaintext. May sleep.
 *
 * Return: 0, -EINVAL (malformed header, bad cipher or key length), -EBADMSG
 * (authentication failed: wrong key or tampered message), -ENOBUFS,
 * -ENOMEM, or a crypto API errno.
 */
int smb3k_decrypt(u16 cipher, const u8 *key, u8 key_len, const u8 *in,
		  size_t len, u8 *out, size_t out_cap, size_t *out_len)
{
	struct smb3k_tfm_pool *p = smb3k_cipher_pool(cipher, key_len);
	struct scatterlist *src, *dst, *sg;
	struct smb2_transform_hdr t;
	unsigned int nsrc, ndst, idx;
	struct smb3k_aead_op *op;
	int ret;

	if (!p)
		return -EINVAL;
	if (len > SMB3K_CRYPTO_MAX_LEN || smb2_transform_parse(in, len, &t))
		return -EINVAL;
	if (out_cap < t.payload_len)
		return -ENOBUFS;

	nsrc = 1 + smb3k_sg_nents(t.payload, t.payload_len) + 1;
	ndst = 1 + smb3k_sg_nents(out, t.payload_len);
	op = smb3k_aead_op_alloc(nsrc + ndst);
	if (!op)
		return -ENOMEM;
	smb3k_set_iv(op->iv, cipher, t.nonce);
	memcpy(op->aad, t.aad, SMB2_TRANSFORM_AAD_SIZE);
	memcpy(op->aad_dst, t.aad, SMB2_TRANSFORM_AAD_SIZE);
	memcpy(op->tag, t.signature, SMB3K_AEAD_TAG_SIZE);

	src = op->sg;
	sg = smb3k_sg_add(src, op->aad, SMB2_TRANSFORM_AAD_SIZE);
	sg = smb3k_sg_add(sg, t.payload, t.payload_len);
	sg = smb3k_sg_add(sg, op->tag, SMB3K_AEAD_TAG_SIZE);
	sg_mark_end(sg - 1);
	dst = sg;
	sg = smb3k_sg_add(dst, op->aad_dst, SMB2_TRANSFORM_AAD_SIZE);
	sg = smb3k_sg_add(sg, out, t.payload_len);
	sg_mark_end(sg - 1);

	idx = smb3k_pool_get(p);
	ret = smb3k_aead_run(p->t[idx].aead, key, key_len, op, src, dst,
			     SMB2_TRANSFORM_AAD_SIZE,
			     t.payload_len + SMB3K_AEAD_TAG_SIZE, false);
	smb3k_pool_put(p, idx);
	if (ret)
		memzero_explicit(out, t.payload_len);
	else
		*out_len = t.payload_len;
	kfree_sensitive(op);
	return ret;
}

/**
 * smb3k_crypto_init() - allocate the transforms
 *
 * SHA-512 for the preauth hash and a pool of min(CPUs, 16) transforms for
 * each of hmac(sha256), cmac(aes), ghash, gcm(aes) and ccm(aes).
 *
 * Return: 0 or a negative errno (an algorithm is missing; logged).
 */
int smb3k_crypto_init(void)
{
	unsigned int n = min_t(unsigned int, num_possible_cpus(), SMB3K_POOL_MAX);
	int i, ret;

	smb3k_sha512 = crypto_alloc_shash("sha512", 0, 0);
	if (IS_ERR(smb3k_sha512)) {
		pr_err("sha512 is not available: %ld\n", PTR_ERR(smb3k_sha512));
		return PTR_ERR(smb3k_sha512);
	}
	for (i = 0; i < SMB3K_NR_POOLS; i++) {
		ret = smb3k_pool_alloc(&smb3k_pools[i], n);
		if (ret)
			goto err;
	}
	return 0;
err:
	while (--i >= 0)
		smb3k_pool_free(&smb3k_pools[i]);
	crypto_free_shash(smb3k_sha512);
	return ret;
}

/**
 * smb3k_crypto_exit() - free the transforms (none may be in use)
 */
void smb3k_crypto_exit(void)
{
	int i;

	for (i = 0; i < SMB3K_NR_POOLS; i++)
		smb3k_pool_free(&smb3k_pools[i]);
	crypto_free_shash(smb3k_sha512);
}
