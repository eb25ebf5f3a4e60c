// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: SMB1 NEGOTIATE parse and the answer built from it. */
#include <stdlib.h>
#include "smb1_negotiate.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const u8 blob[10] = { 0x60, 0x08 };
	struct smb2_negotiate_cfg cfg;
	struct smb1_negotiate_req req;
	struct smb2_negotiate_result res;
	enum smb1_negotiate_action act;
	size_t cap = size % 200, len = 0;
	u8 *out;

	if (smb1_negotiate_parse(data, size, &req) != STATUS_SUCCESS)
		return 0;
	if (!req.dialect_count || req.dialect_count > size / 2)
		abort();
	memset(&cfg, 0, sizeof(cfg));
	cfg.min_dialect = SMB2_DIALECT_202 + (size & 1) * 0x10e;
	cfg.max_dialect = (size & 2) ? SMB2_DIALECT_202 : SMB2_DIALECT_311;
	cfg.capabilities = 0xff;
	cfg.security_blob = blob;
	cfg.security_blob_len = sizeof(blob);

	out = malloc(cap ? cap : 1);
	if (smb1_negotiate_build_rsp(&cfg, &req, out, cap, &len, &act, &res) ==
	    STATUS_SUCCESS) {
		if (len > cap)
			abort();
		bool wild = req.smb2_wildcard && cfg.max_dialect >= SMB2_DIALECT_210 &&
			    cfg.min_dialect <= cfg.max_dialect;

		if (act == SMB1_NEG_REFUSE && (len != SMB1_NEG_REFUSE_SIZE || wild))
			abort();
		if (act == SMB1_NEG_SMB2_WILDCARD && get_le16(out + 68) != SMB2_DIALECT_WILDCARD)
			abort();
		if (act == SMB1_NEG_SMB2_202 && (get_le16(out + 68) != SMB2_DIALECT_202 ||
						 !req.smb2_002))
			abort();
	}
	free(out);
	return 0;
}
