// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 CLOSE (MS-SMB2 3.3.5.10).
 */
#include "open.h"
#include "smb2_dispatch.h"
#include "proto/smb2_file.h"

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
	struct smb2_fileid fid;
	size_t len;
	u32 status;
	u16 flags;

	status = smb2_close_parse(w->cmd, w->cmd_len, &flags, &fid);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, fid.persistent, fid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (!smb3k_open_close(w->open))
		return STATUS_FILE_CLOSED;
	status = smb2_close_build_rsp(body, cap, &len);
	*body_len = len;
	return status;
}
