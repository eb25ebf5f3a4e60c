// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 CLOSE (MS-SMB2 3.3.5.10). The open leaves its tree's table at once;
 * its storage side (and a delete on close) goes with the last reference,
 * normally the CLOSE's own, before the response.
 */
#include "smb2_fileops.h"
#include "proto/smb2_file.h"

#define SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB	0x0001

/**
 * smb3k_smb2_close() - close an open
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status (STATUS_FILE_CLOSED for an unknown or closed FileId).
 */
u32 smb3k_smb2_close(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct fscc_file_stat st, *stp = NULL;
	struct smb3k_ios_ctx ctx;
	struct smb2_fileid fid;
	struct smb3k_open *op;
	size_t len;
	u32 status;
	u16 flags;

	status = smb2_close_parse(w->cmd, w->cmd_len, &flags, &fid);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, fid.persistent, fid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	op = w->open;
	/* 3.3.5.10: the attributes as they are before the close. */
	if ((flags & SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB) && op->ios) {
		smb3k_work_ios_ctx(w, &ctx);
		if (smb3k_open_ops(op)->getattr(&ctx, op->ios, &st) == STATUS_SUCCESS)
			stp = &st;
	}
	if (!smb3k_open_close(op))
		return STATUS_FILE_CLOSED;
	/*
	 * Let go of it now: unless another request still uses the open, the
	 * delete on close happens before the client hears of the close.
	 */
	smb3k_work_set_open(w, NULL);
	status = smb2_close_build_rsp_attrs(stp ? flags : 0, stp, body, cap, &len);
	*body_len = len;
	return status;
}
