// SPDX-License-Identifier: GPL-2.0
/* Unit tests: SMB2 NEGOTIATE parse, select and response build. */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_negotiate.h"
#include "spnego.h"

static const u16 srv_ciphers[] = { 4, 2, 3, 1 };	/* GCM256, GCM128, CCM256, CCM128 */
static const u16 srv_signing[] = { 1, 0, 2 };		/* CMAC, HMAC, GMAC */
static u8 blob[128];

static void cfg_init(struct smb2_negotiate_cfg *cfg)
{
	static const struct spnego_oid *const mechs[] = { &spnego_oid_ntlmssp };
	size_t blen = 0;
	int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->min_dialect = 0x0202;
	cfg->max_dialect = 0x0311;
	for (i = 0; i < 16; i++)
		cfg->server_guid[i] = (u8)(0xa0 + i);
	cfg->max_transact = 8 << 20;
	cfg->max_read = 4 << 20;
	cfg->max_write = 2 << 20;
	cfg->capabilities = 0xff;
	cfg->system_time = 0x01d9000011112222ULL;
	for (i = 0; i < 32; i++)
		cfg->preauth_salt[i] = (u8)(0x80 + i);
	cfg->ciphers = srv_ciphers;
	cfg->cipher_count = 4;
	cfg->signing_algs = srv_signing;
	cfg->signing_alg_count = 3;
	if (spnego_build_neg_token_init(blob, sizeof(blob), &blen, mechs, 1,
					SPNEGO_HINT_NAME) != STATUS_SUCCESS)
		abort();
	cfg->security_blob = blob;
	cfg->security_blob_len = (u16)blen;
}

/* parse from an exactly sized heap copy (ASan catches over-reads) */
static u32 parse_exact(const u8 *src, size_t len, struct smb2_negotiate_req *req,
		       u8 **keep)
{
	u8 *copy = malloc(len ? len : 1);

	memcpy(copy, src, len);
	*keep = copy;
	return smb2_negotiate_parse(copy, len, req);
}

static size_t nego(u8 *buf, const u16 *d, u16 nd, const struct mb_ctx *c, u16 nc)
{
	return mb_negotiate(buf, 1024, d, nd, 1, 0, c, nc);
}

static void test_parse_good(void)
{
	static const u16 d202[] = { 0x0202 };
	static const u16 d3x[] = { 0x0202, 0x0210, 0x0300, 0x0302 };
	u8 buf[1024];
	struct smb2_negotiate_req req;
	size_t len;

	len = nego(buf, d202, 1, NULL, 0);
	EXPECT_EQ(len, 102);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.dialects.count, 1);
	EXPECT_EQ(smb2_u16_list_get(&req.dialects, 0), 0x0202);
	EXPECT_EQ(req.security_mode, 1);
	EXPECT_MEM(req.client_guid, MB_CLIENT_GUID, 16);
	EXPECT_EQ(req.has_311, 0);
	tap_case("negotiate parse: 2.0.2 only");

	len = mb_negotiate(buf, sizeof(buf), d3x, 4, 2, 0x45, NULL, 0);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.dialects.count, 4);
	EXPECT_EQ(smb2_u16_list_get(&req.dialects, 3), 0x0302);
	EXPECT_EQ(req.security_mode, 2);
	EXPECT_EQ(req.capabilities, 0x45);
	EXPECT_EQ(req.has_311, 0);
	tap_case("negotiate parse: 2.x + 3.x list without 3.1.1");

	len = mb_win11_negotiate(buf, sizeof(buf));
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.has_311, 1);
	EXPECT_EQ(req.ctx_status, STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_offset, 112);
	EXPECT_EQ(req.ctx_count, 5);
	EXPECT_EQ(req.has_preauth, 1);
	EXPECT_EQ(req.preauth_hashes.count, 1);
	EXPECT_EQ(smb2_u16_list_get(&req.preauth_hashes, 0), 1);
	EXPECT_EQ(req.preauth_salt_len, 32);
	EXPECT_TRUE(req.preauth_salt == buf + 112 + 8 + 6);
	EXPECT_EQ(req.has_encryption, 1);
	EXPECT_EQ(req.ciphers.count, 4);
	EXPECT_EQ(smb2_u16_list_get(&req.ciphers, 0), 2);
	EXPECT_EQ(req.has_signing, 1);
	EXPECT_EQ(req.signing_algs.count, 3);
	EXPECT_EQ(req.has_compression, 1);
	EXPECT_EQ(req.compression_algs.count, 1);
	EXPECT_EQ(req.netname_len, 6);
	EXPECT_TRUE(req.netname == buf + 184 + 8);
	tap_case("negotiate parse: 3.1.1 with five contexts");
}

static void test_parse_truncated(void)
{
	u8 buf[1024], *copy;
	struct smb2_negotiate_req req;
	size_t len, l;
	int bad_fixed = 0, bad_ctx = 0;

	len = mb_win11_negotiate(buf, sizeof(buf));
	for (l = 0; l < len; l++) {
		u32 st = parse_exact(buf, l, &req, &copy);

		if (l < 64 + 36 + 10) {
			if (st != STATUS_INVALID_PARAMETER)
				bad_fixed++;
		} else if (st != STATUS_SUCCESS || req.ctx_status != STATUS_INVALID_PARAMETER) {
			bad_ctx++;
		}
		free(copy);
	}
	EXPECT_EQ(bad_fixed, 0);
	EXPECT_EQ(bad_ctx, 0);
	EXPECT_EQ(parse_exact(buf, len, &req, &copy), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_SUCCESS);
	free(copy);
	tap_case("negotiate parse: every truncation of a 3.1.1 request is rejected");
}

static void test_parse_bad(void)
{
	static const u16 d[] = { 0x0202, 0x0311 };
	static const u16 sha[] = { 1 };
	static const u16 c1[] = { 1 };
	u8 buf[1024], pre[64], enc[8];
	struct mb_ctx ctx[3] = { { 1, pre, 0 }, { 2, enc, 0 }, { 1, pre, 0 } };
	struct smb2_negotiate_req req;
	size_t len;

	ctx[0].len = mb_preauth(pre, sha, 1, 32);
	ctx[2].len = ctx[0].len;
	ctx[1].len = mb_id_list(enc, c1, 1);

	len = nego(buf, d, 2, ctx, 2);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_SUCCESS);
	put_le16(buf + 64, 37);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: StructureSize != 36 rejected");

	len = nego(buf, d, 2, ctx, 2);
	put_le16(buf + 66, 0);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: DialectCount 0 -> INVALID_PARAMETER");

	len = nego(buf, d, 2, NULL, 0);
	put_le16(buf + 66, 3);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_INVALID_PARAMETER);
	put_le16(buf + 66, 0xffff);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: Dialects array past the end");

	len = nego(buf, d, 2, ctx, 2);
	put_le32(buf + 64 + 28, (u32)len);		/* at the very end */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	put_le32(buf + 64 + 28, 0xfffffff8);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: context offset past the end");

	/* a single, valid context moved to 108: only the alignment is wrong */
	len = nego(buf, d, 2, ctx, 1);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_SUCCESS);
	memmove(buf + 108, buf + 104, len - 104);
	memset(buf + 104, 0, 4);
	put_le32(buf + 64 + 28, 108);
	EXPECT_EQ(smb2_negotiate_parse(buf, len + 4, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: misaligned context offset");

	len = nego(buf, d, 2, ctx, 2);
	put_le32(buf + 64 + 28, 96);			/* aligned, inside the fixed part */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	put_le32(buf + 64 + 28, 0);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: context offset overlapping header/dialects");

	len = nego(buf, d, 2, ctx, 2);
	put_le16(buf + 104 + 2, (u16)(len - 104 - 8 + 1));	/* first ctx DataLength */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	put_le16(buf + 104 + 2, 2);			/* too short for preauth */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	put_le16(buf + 104 + 2, 37);			/* one byte short of the salt */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: context DataLength lying");

	len = nego(buf, d, 2, ctx, 2);
	put_le16(buf + 64 + 32, 3);			/* count says 3, 2 present */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: NegotiateContextCount larger than the list");

	len = nego(buf, d, 2, ctx, 3);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	ctx[2].type = 2;
	ctx[2].data = enc;
	ctx[2].len = ctx[1].len;
	len = nego(buf, d, 2, ctx, 3);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	ctx[2].type = 0x0100;				/* reserved: ignored */
	len = nego(buf, d, 2, ctx, 3);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_SUCCESS);
	ctx[2].type = 0x7777;				/* unknown: ignored */
	len = nego(buf, d, 2, ctx, 3);
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_SUCCESS);
	tap_case("negotiate parse: duplicate PREAUTH/ENCRYPTION rejected, unknown ignored");

	len = nego(buf, d, 2, ctx, 2);
	put_le16(buf + 104 + 8, 0);			/* HashAlgorithmCount */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	len = nego(buf, d, 2, ctx, 2);
	put_le16(buf + 104 + 10, 33);			/* SaltLength beyond DataLength */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: HashAlgorithmCount 0, SaltLength too big");

	len = nego(buf, d, 2, ctx, 2);
	put_le16(buf + 152 + 8, 0);			/* CipherCount */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	put_le16(buf + 152 + 8, 2);			/* 2 ciphers in 4 bytes */
	EXPECT_EQ(smb2_negotiate_parse(buf, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.ctx_status, STATUS_INVALID_PARAMETER);
	tap_case("negotiate parse: CipherCount 0 or too big");
}

static u32 parse_select(const u8 *buf, size_t len, const struct smb2_negotiate_cfg *cfg,
			struct smb2_negotiate_result *res)
{
	struct smb2_negotiate_req req;
	u32 st = smb2_negotiate_parse(buf, len, &req);

	if (st != STATUS_SUCCESS)
		return st;
	return smb2_negotiate_select(cfg, &req, res);
}

static void test_select(void)
{
	static const u16 all[] = { 0x0202, 0x0210, 0x0300, 0x0302, 0x0311 };
	static const u16 unordered[] = { 0x0300, 0x02ff, 0x0202, 0x0222, 0x0210 };
	static const u16 d202[] = { 0x0202 };
	static const u16 dwild[] = { 0x02ff, 0x0301 };
	static const u16 sha[] = { 1 }, nosha[] = { 2, 3 }, both[] = { 7, 1 };
	u8 buf[1024], pre[64], enc[16], sig[16];
	struct mb_ctx ctx[3] = { { 1, pre, 0 }, { 2, enc, 0 }, { 8, sig, 0 } };
	struct smb2_negotiate_cfg cfg;
	struct smb2_negotiate_result res;
	size_t len;

	cfg_init(&cfg);
	ctx[0].len = mb_preauth(pre, sha, 1, 32);
	len = nego(buf, all, 5, ctx, 1);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.dialect, 0x0311);
	EXPECT_EQ(res.preauth_hash_alg, 1);
	EXPECT_EQ(res.send_encryption_ctx, 0);
	EXPECT_EQ(res.send_signing_ctx, 0);
	EXPECT_EQ(res.signing_alg, SMB2_SIGNING_NOT_NEGOTIATED);
	cfg.max_dialect = 0x0300;
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.dialect, 0x0300);
	EXPECT_EQ(res.preauth_hash_alg, 0);
	cfg.min_dialect = 0x0210;
	cfg.max_dialect = 0x0210;
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.dialect, 0x0210);
	len = nego(buf, d202, 1, NULL, 0);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_NOT_SUPPORTED);
	cfg_init(&cfg);
	cfg.min_dialect = 0x0311;
	len = nego(buf, unordered, 5, NULL, 0);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_NOT_SUPPORTED);
	tap_case("negotiate select: min/max bounds, none common -> NOT_SUPPORTED");

	cfg_init(&cfg);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.dialect, 0x0300);
	len = nego(buf, dwild, 2, NULL, 0);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_NOT_SUPPORTED);
	tap_case("negotiate select: highest common of an unordered list, unknown ignored");

	len = nego(buf, all, 5, ctx + 1, 0);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_INVALID_PARAMETER);
	ctx[1].len = mb_id_list(enc, sha, 1);
	len = nego(buf, all, 5, ctx + 1, 1);		/* encryption only */
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_INVALID_PARAMETER);
	cfg.max_dialect = 0x0302;			/* contexts not looked at */
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.dialect, 0x0302);
	tap_case("negotiate select: 3.1.1 without preauth -> INVALID_PARAMETER");

	cfg_init(&cfg);
	ctx[0].len = mb_preauth(pre, nosha, 2, 0);
	len = nego(buf, all, 5, ctx, 1);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP);
	ctx[0].len = mb_preauth(pre, both, 2, 16);
	len = nego(buf, all, 5, ctx, 1);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.preauth_hash_alg, 1);
	put_le16(buf + 112 + 2, 5);	/* broken context, but 3.0.2 selected */
	cfg.max_dialect = 0x0302;
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	cfg.max_dialect = 0x0311;
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_INVALID_PARAMETER);
	tap_case("negotiate select: no SHA-512 -> NO_PREAUTH_INTEGRITY_HASH_OVERLAP");

	{
		static const u16 cli[] = { 2, 1, 4, 3 };
		static const u16 srv_a[] = { 4, 2 }, srv_b[] = { 3 }, srv_c[] = { 9 };
		static const u16 cli_sig[] = { 2, 1 }, srv_sig[] = { 1, 0 }, srv_sig2[] = { 0 };

		cfg_init(&cfg);
		ctx[0].len = mb_preauth(pre, sha, 1, 32);
		ctx[1].len = mb_id_list(enc, cli, 4);
		ctx[2].len = mb_id_list(sig, cli_sig, 2);
		len = nego(buf, all, 5, ctx, 3);
		EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
		EXPECT_EQ(res.cipher, 2);		/* client's first, server has it */
		EXPECT_EQ(res.signing_alg, 2);
		EXPECT_EQ(res.send_encryption_ctx, 1);
		EXPECT_EQ(res.encryption, 1);
		cfg.ciphers = srv_a;
		cfg.cipher_count = 2;
		cfg.signing_algs = srv_sig;
		cfg.signing_alg_count = 2;
		EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
		EXPECT_EQ(res.cipher, 2);
		EXPECT_EQ(res.signing_alg, 1);
		cfg.ciphers = srv_b;
		cfg.cipher_count = 1;
		cfg.signing_algs = srv_sig2;
		cfg.signing_alg_count = 1;
		EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
		EXPECT_EQ(res.cipher, 3);
		EXPECT_EQ(res.signing_alg, 1);		/* none common -> AES-CMAC */
		EXPECT_EQ(res.send_signing_ctx, 1);
		cfg.ciphers = srv_c;
		EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
		EXPECT_EQ(res.cipher, 0);
		EXPECT_EQ(res.send_encryption_ctx, 1);	/* still answered, cipher 0 */
		EXPECT_EQ(res.encryption, 0);
		EXPECT_EQ(res.capabilities & SMB2_GLOBAL_CAP_ENCRYPTION, 0);
		cfg.ciphers = NULL;
		cfg.cipher_count = 0;
		cfg.signing_algs = NULL;
		cfg.signing_alg_count = 0;
		EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
		EXPECT_EQ(res.cipher, 0);
		EXPECT_EQ(res.send_encryption_ctx, 0);
		EXPECT_EQ(res.send_signing_ctx, 0);
		EXPECT_EQ(res.signing_alg, SMB2_SIGNING_NOT_NEGOTIATED);
		tap_case("negotiate select: cipher/signing in client order filtered by ours");
	}

	cfg_init(&cfg);
	cfg.capabilities = 0xff;
	len = mb_negotiate(buf, sizeof(buf), d202, 1, 2, 0xff, NULL, 0);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.capabilities, SMB2_GLOBAL_CAP_DFS);
	EXPECT_EQ(res.should_sign, 1);
	EXPECT_EQ(res.security_mode, 1);
	cfg.signing_required_from = SMB2_DIALECT_202;
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.security_mode, 3);
	/* Required from 3.0 on: not for 2.0.2. */
	cfg.signing_required_from = SMB2_DIALECT_300;
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.security_mode, 1);
	cfg.signing_required_from = 0;
	put_le16(buf + 64 + 36, 0x0210);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.capabilities, 0x07);
	put_le16(buf + 64 + 36, 0x0300);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.capabilities, 0x7f);
	EXPECT_EQ(res.encryption, 1);
	put_le32(buf + 64 + 8, SMB2_GLOBAL_CAP_MULTI_CHANNEL);
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.capabilities, 0x0f);
	EXPECT_EQ(res.client_capabilities, SMB2_GLOBAL_CAP_MULTI_CHANNEL);
	EXPECT_EQ(res.should_sign, 1);
	tap_case("negotiate select: capabilities filtered per dialect and client");

	len = mb_win11_negotiate(buf, sizeof(buf));
	EXPECT_EQ(parse_select(buf, len, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(res.dialect, 0x0311);
	EXPECT_EQ(res.capabilities, 0x3f);	/* no ENCRYPTION bit in 3.1.1 */
	EXPECT_EQ(res.cipher, 2);
	EXPECT_EQ(res.encryption, 1);
	EXPECT_EQ(res.client_capabilities, 0x7f);
	tap_case("negotiate select: Windows 11 style request");
}

/* Decode a built response body field by field. */
static void check_rsp(const u8 *b, size_t len, const struct smb2_negotiate_cfg *cfg,
		      const struct smb2_negotiate_result *res, int nctx)
{
	size_t off, ctx_off;
	int i;

	EXPECT_EQ(get_le16(b), 65);
	EXPECT_EQ(get_le16(b + 2), res->security_mode);
	EXPECT_EQ(get_le16(b + 4), res->dialect);
	EXPECT_EQ(get_le16(b + 6), nctx);
	EXPECT_MEM(b + 8, cfg->server_guid, 16);
	EXPECT_EQ(get_le32(b + 24), res->capabilities);
	EXPECT_EQ(get_le32(b + 28), cfg->max_transact);
	EXPECT_EQ(get_le32(b + 32), cfg->max_read);
	EXPECT_EQ(get_le32(b + 36), cfg->max_write);
	EXPECT_EQ(get_le64(b + 40), cfg->system_time);
	EXPECT_EQ(get_le64(b + 48), 0);
	EXPECT_EQ(get_le16(b + 56), 128);
	EXPECT_EQ(get_le16(b + 58), cfg->security_blob_len);
	if (cfg->security_blob_len)
		EXPECT_MEM(b + 64, cfg->security_blob, cfg->security_blob_len);
	ctx_off = get_le32(b + 60);
	if (!nctx) {
		EXPECT_EQ(ctx_off, 0);
		EXPECT_EQ(len, 64 + cfg->security_blob_len);
		return;
	}
	EXPECT_EQ(ctx_off % 8, 0);
	EXPECT_EQ(ctx_off, (128 + cfg->security_blob_len + 7) & ~7u);
	for (off = 64 + cfg->security_blob_len; off < ctx_off - 64; off++)
		EXPECT_EQ(b[off], 0);
	off = ctx_off - 64;
	for (i = 0; i < nctx; i++) {
		u16 type, dlen;

		off = (off + 7) & ~(size_t)7;
		if (off + 8 > len) {
			EXPECT_TRUE(0);
			return;
		}
		type = get_le16(b + off);
		dlen = get_le16(b + off + 2);
		EXPECT_EQ(get_le32(b + off + 4), 0);
		EXPECT_TRUE(off + 8 + dlen <= len);
		if (type == 1) {
			EXPECT_EQ(i, 0);
			EXPECT_EQ(dlen, 38);
			EXPECT_EQ(get_le16(b + off + 8), 1);
			EXPECT_EQ(get_le16(b + off + 10), 32);
			EXPECT_EQ(get_le16(b + off + 12), 1);
			EXPECT_MEM(b + off + 14, cfg->preauth_salt, 32);
		} else if (type == 2) {
			EXPECT_EQ(dlen, 4);
			EXPECT_EQ(get_le16(b + off + 8), 1);
			EXPECT_EQ(get_le16(b + off + 10), res->cipher);
		} else if (type == 8) {
			EXPECT_EQ(dlen, 4);
			EXPECT_EQ(get_le16(b + off + 8), 1);
			EXPECT_EQ(get_le16(b + off + 10), res->signing_alg);
		} else {
			EXPECT_EQ(type, 0xffff);
		}
		off += 8 + dlen;
	}
	EXPECT_EQ(off, len);
}

static void test_build(void)
{
	static const u16 d3[] = { 0x0302 };
	u8 req[1024], body[1024], *small;
	struct smb2_negotiate_cfg cfg;
	struct smb2_negotiate_result res;
	size_t len, rlen, cap;
	int bad = 0;

	cfg_init(&cfg);
	rlen = mb_win11_negotiate(req, sizeof(req));
	EXPECT_EQ(parse_select(req, rlen, &cfg, &res), STATUS_SUCCESS);
	memset(body, 0xee, sizeof(body));
	EXPECT_EQ(smb2_negotiate_build_rsp(&cfg, &res, body, sizeof(body), &len),
		  STATUS_SUCCESS);
	EXPECT_EQ(cfg.security_blob_len, 74);
	EXPECT_EQ(len, 144 + 46 + 2 + 12 + 4 + 12);
	check_rsp(body, len, &cfg, &res, 3);
	EXPECT_EQ(body[len], 0xee);
	tap_case("negotiate build: 3.1.1 response decodes field by field");

	cfg.security_blob_len = 93;	/* odd length: padding before contexts */
	EXPECT_EQ(smb2_negotiate_build_rsp(&cfg, &res, body, sizeof(body), &len),
		  STATUS_SUCCESS);
	check_rsp(body, len, &cfg, &res, 3);
	cfg.security_blob_len = 0;
	cfg.security_blob = NULL;
	res.send_signing_ctx = false;
	EXPECT_EQ(smb2_negotiate_build_rsp(&cfg, &res, body, sizeof(body), &len),
		  STATUS_SUCCESS);
	check_rsp(body, len, &cfg, &res, 2);
	EXPECT_EQ(get_le32(body + 60), 128);
	tap_case("negotiate build: odd and empty security blob, contexts 8-aligned");

	cfg_init(&cfg);
	rlen = nego(req, d3, 1, NULL, 0);
	EXPECT_EQ(parse_select(req, rlen, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(smb2_negotiate_build_rsp(&cfg, &res, body, sizeof(body), &len),
		  STATUS_SUCCESS);
	check_rsp(body, len, &cfg, &res, 0);
	tap_case("negotiate build: 3.0.2 response without contexts");

	rlen = mb_win11_negotiate(req, sizeof(req));
	EXPECT_EQ(parse_select(req, rlen, &cfg, &res), STATUS_SUCCESS);
	EXPECT_EQ(smb2_negotiate_build_rsp(&cfg, &res, body, sizeof(body), &len),
		  STATUS_SUCCESS);
	for (cap = 0; cap < len; cap++) {
		size_t got = 12345, i;

		small = malloc(cap ? cap : 1);
		memset(small, 0xee, cap);
		if (smb2_negotiate_build_rsp(&cfg, &res, small, cap, &got) !=
		    STATUS_BUFFER_TOO_SMALL || got != 12345)
			bad++;
		for (i = 0; i < cap; i++)
			if (small[i] != 0xee)
				bad++;
		free(small);
	}
	EXPECT_EQ(bad, 0);
	small = malloc(len);
	EXPECT_EQ(smb2_negotiate_build_rsp(&cfg, &res, small, len, &cap), STATUS_SUCCESS);
	EXPECT_EQ(cap, len);
	free(small);
	tap_case("negotiate build: every cap below the size -> BUFFER_TOO_SMALL, untouched");
}

void test_negotiate(void)
{
	test_parse_good();
	test_parse_truncated();
	test_parse_bad();
	test_select();
	test_build();
}
