// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the request-body parsers of SESSION_SETUP, TREE_CONNECT,
 * CREATE, CLOSE, READ, WRITE, IOCTL and VALIDATE_NEGOTIATE_INFO. Every view
 * they return must lie inside the input; builders must stay inside @cap.
 */
#include <stdlib.h>
#include "smb2_file.h"
#include "smb2_session.h"

static void inside(const u8 *base, size_t size, const u8 *p, size_t n)
{
	if (!n)
		return;
	if (!p || p < base || p > base + size || n > (size_t)(base + size - p))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_session_setup_req ss;
	struct smb2_tree_connect_req tc;
	struct smb2_validate_neg vn;
	struct smb2_create_req cr;
	struct smb2_ioctl_req io;
	struct smb2_rw_req rw;
	struct smb2_fileid fid;
	u8 out[256];
	size_t n;
	u16 flags;

	if (smb2_session_setup_parse(data, size, &ss) == STATUS_SUCCESS)
		inside(data, size, ss.blob, ss.blob_len);
	if (smb2_tree_connect_parse(data, size, &tc) == STATUS_SUCCESS) {
		inside(data, size, tc.path, tc.path_len);
		if (smb2_tree_share_name(tc.path, tc.path_len) > tc.path_len)
			abort();
	}
	if (smb2_create_parse(data, size, &cr) == STATUS_SUCCESS) {
		inside(data, size, cr.name, cr.name_len);
		inside(data, size, cr.contexts, cr.contexts_len);
	}
	smb2_close_parse(data, size, &flags, &fid);
	smb2_read_parse(data, size, &rw);
	if (smb2_write_parse(data, size, &rw) == STATUS_SUCCESS)
		inside(data, size, rw.data, rw.length);
	if (smb2_ioctl_parse(data, size, &io) == STATUS_SUCCESS)
		inside(data, size, io.input, io.input_count);
	if (smb2_validate_neg_parse(data, size, &vn) == STATUS_SUCCESS)
		inside(data, size, vn.dialects, 2 * (size_t)vn.dialect_count);
	if (smb2_session_setup_build_rsp(0, data, size > 200 ? 200 : size, out,
					 size % sizeof(out), &n) == STATUS_SUCCESS &&
	    n > size % sizeof(out))
		abort();
	if (smb2_read_build_rsp(data, size > 200 ? 200 : size, out, size % sizeof(out),
				&n) == STATUS_SUCCESS && n > size % sizeof(out))
		abort();
	return 0;
}
