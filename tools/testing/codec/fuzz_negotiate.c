// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: SMB2 NEGOTIATE parse -> select -> build with two fixed
 * server configurations, plus invariants on what was selected and built.
 */
#include <stdlib.h>
#include "smb2_header.h"
#include "smb2_negotiate.h"

static const u16 ciphers[] = { 4, 2, 3, 1 };
static const u16 signing[] = { 1, 0 };
static const u8 blob[74] = { 0x60, 0x48 };

static void cfg_init(struct smb2_negotiate_cfg *cfg, u16 max, bool crypto)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->min_dialect = SMB2_DIALECT_202;
	cfg->max_dialect = max;
	cfg->max_transact = 1 << 20;
	cfg->max_read = 1 << 20;
	cfg->max_write = 1 << 20;
	cfg->capabilities = 0xff;
	if (crypto) {
		cfg->ciphers = ciphers;
		cfg->cipher_count = 4;
		cfg->signing_algs = signing;
		cfg->signing_alg_count = 2;
	}
	cfg->security_blob = blob;
	cfg->security_blob_len = sizeof(blob);
}

static void check_built(const u8 *b, size_t len, const struct smb2_negotiate_result *res)
{
	u32 ctx_off = get_le32(b + 60);
	u16 count = get_le16(b + 6);
	size_t off;
	u16 i;

	if (len < 64 || get_le16(b) != 65 || get_le16(b + 4) != res->dialect)
		abort();
	if (res->dialect != SMB2_DIALECT_311) {
		if (ctx_off || count)
			abort();
		return;
	}
	if (ctx_off & 7 || ctx_off < 128 || count < 1 || count > 3)
		abort();
	off = ctx_off - SMB2_HDR_SIZE;
	for (i = 0; i < count; i++) {
		off = proto_align8(off);
		if (off + 8 > len || off + 8 + get_le16(b + off + 2) > len)
			abort();
		off += 8 + get_le16(b + off + 2);
	}
	if (off != len)
		abort();
}

static void run(const u8 *data, size_t size, const struct smb2_negotiate_cfg *cfg)
{
	struct smb2_negotiate_req req;
	struct smb2_negotiate_result res;
	u8 *body;
	size_t len = 0, cap;

	if (smb2_negotiate_parse(data, size, &req) != STATUS_SUCCESS)
		return;
	if (req.dialects.count < 1 || req.dialects.p < data ||
	    req.dialects.p + 2 * (size_t)req.dialects.count > data + size)
		abort();
	if (req.has_preauth && req.preauth_salt_len &&
	    req.preauth_salt + req.preauth_salt_len > data + size)
		abort();
	if (smb2_negotiate_select(cfg, &req, &res) != STATUS_SUCCESS)
		return;
	if (res.dialect < cfg->min_dialect || res.dialect > cfg->max_dialect)
		abort();
	if (res.dialect == SMB2_DIALECT_311 && res.preauth_hash_alg != 1)
		abort();
	if (res.cipher && !res.send_encryption_ctx)
		abort();

	/* exactly sized heap buffers: ASan sees any write past cap */
	cap = size % 512;
	body = malloc(cap ? cap : 1);
	if (smb2_negotiate_build_rsp(cfg, &res, body, cap, &len) == STATUS_SUCCESS) {
		if (len > cap)
			abort();
		check_built(body, len, &res);
	}
	free(body);
	body = malloc(512);
	if (smb2_negotiate_build_rsp(cfg, &res, body, 512, &len) != STATUS_SUCCESS)
		abort();
	check_built(body, len, &res);
	free(body);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_negotiate_cfg cfg;
	u8 *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	cfg_init(&cfg, SMB2_DIALECT_311, true);
	run(copy, size, &cfg);
	cfg_init(&cfg, SMB2_DIALECT_302, false);
	run(copy, size, &cfg);
	free(copy);
	return 0;
}
