// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 FLUSH (MS-SMB2 3.3.5.11): make an open file's data durable.
 */
#include "smb2_fileops.h"
#include "proto/smb2_file.h"

/**
 * smb3k_smb2_flush() - flush an open
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status; STATUS_ACCESS_DENIED without write access (3.3.5.11).
 */
u32 smb3k_smb2_flush(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb3k_ios_ctx ctx;
	struct smb2_fileid fid;
	struct smb3k_open *op;
	size_t len;
	u32 status;

	status = smb2_flush_parse(w->cmd, w->cmd_len, &fid);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, fid.persistent, fid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	op = w->open;
	if (op->ios) {
		if (!(op->granted_access & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
			return STATUS_ACCESS_DENIED;
		smb3k_work_ios_ctx(w, &ctx);
		if (smb3k_open_ops(op)->flush)
			status = smb3k_open_ops(op)->flush(&ctx, op->ios);
		if (status != STATUS_SUCCESS)
			return status;
	}
	status = smb2_flush_build_rsp(body, cap, &len);
	*body_len = len;
	return status;
}
