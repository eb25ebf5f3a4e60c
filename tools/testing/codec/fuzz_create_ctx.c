// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: CREATE context list parsing. Every view must lie inside
 * the input, an accepted "ExtA" must iterate cleanly, the combination rules
 * must hold; response contexts built from what was parsed stay inside
 * their buffer, and lists the writer makes (unknown names, fuzzed data)
 * always parse back.
 */
#include <stdlib.h>
#include "smb2_create_ctx.h"
#include "smb2_ea.h"

static void inside(const u8 *base, size_t size, const u8 *p, size_t n)
{
	if (!n)
		return;
	if (!p || p < base || p > base + size || n > (size_t)(base + size - p))
		abort();
}

static void check_set(const u8 *data, u32 len, const struct smb2_create_ctx_set *s)
{
	u32 v1 = s->present & (SMB2_CTX_DHNQ | SMB2_CTX_DHNC);
	u32 v2 = s->present & (SMB2_CTX_DH2Q | SMB2_CTX_DH2C);
	struct smb2_ea ea;
	u32 pos = 0, n = 0, count;

	inside(data, len, s->ea, s->ea_len);
	inside(data, len, s->sd, s->sd_len);
	if ((v1 && v2) || v2 == (SMB2_CTX_DH2Q | SMB2_CTX_DH2C))
		abort();
	if (!!(s->present & SMB2_CTX_RQLS) != (s->lease_version == 1 || s->lease_version == 2))
		abort();
	if (!(s->present & SMB2_CTX_EXTA) != !s->ea)
		abort();
	if (!s->ea)
		return;
	if (smb2_ea_list_validate(s->ea, s->ea_len, &count) != STATUS_SUCCESS)
		abort();
	while (smb2_ea_next(s->ea, s->ea_len, &pos, &ea) == STATUS_SUCCESS) {
		inside(s->ea, s->ea_len, (const u8 *)ea.name, ea.name_len + 1);
		inside(s->ea, s->ea_len, ea.value, ea.value_len);
		n++;
	}
	if (n != count)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_create_ctx_set s, back;
	struct smb2_create_req req;
	struct smb2_ctx_writer cw;
	u8 out[512];
	u32 len = size > 65536 ? 65536 : (u32)size;
	u32 cap, pos, chunk;

	if (smb2_create_ctx_parse(len ? data : NULL, len, &s) == STATUS_SUCCESS) {
		check_set(data, len, &s);
		cap = (u32)(size % sizeof(out));
		smb2_ctx_writer_init(&cw, out, cap);
		smb2_ctx_put_mxac(&cw, STATUS_SUCCESS, 0x1f01ff);
		smb2_ctx_put_qfid(&cw, s.alloc_size, s.twrp_timestamp);
		if (smb2_ctx_put_lease(&cw, &s, s.lease_state, s.lease_flags, s.lease_epoch) ==
		    STATUS_INVALID_PARAMETER && s.lease_version)
			abort();
		smb2_ctx_put_dh2q(&cw, s.dh2q_timeout, s.dh2q_flags);
		smb2_ctx_put_dhnq(&cw);
		if (cw.used > cap || (cw.used && cw.last >= cw.used))
			abort();
	}

	/* The input as a whole CREATE request: its contexts as well. */
	if (smb2_create_parse(data, size, &req) == STATUS_SUCCESS &&
	    smb2_create_ctx_parse(req.contexts, req.contexts_len, &s) == STATUS_SUCCESS) {
		inside(data, size, req.contexts, req.contexts_len);
		check_set(req.contexts, req.contexts_len, &s);
	}

	/* Fuzzed data under unknown names: the writer's list parses back. */
	smb2_ctx_writer_init(&cw, out, sizeof(out));
	chunk = size ? data[0] % 48 : 0;
	for (pos = 0; pos < len; pos += chunk + 1) {
		u32 n = len - pos < chunk ? len - pos : chunk;

		if (smb2_ctx_put(&cw, "Fz00", data + pos, n) != STATUS_SUCCESS)
			break;
	}
	if (cw.used > sizeof(out))
		abort();
	if (smb2_create_ctx_parse(cw.used ? out : NULL, cw.used, &back) != STATUS_SUCCESS ||
	    back.present)
		abort();
	return 0;
}
