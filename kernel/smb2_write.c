// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 WRITE (MS-SMB2 3.3.5.13). Named pipes for now.
 */
#include <linux/smb3k.h>

#include "open.h"
#include "pipe.h"
#include "smb2_dispatch.h"
#include "tree.h"
#include "proto/smb2_file.h"

/**
 * smb3k_smb2_write() - write to an open
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status.
 */
u32 smb3k_smb2_write(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_rw_req req;
	u32 status, n;
	size_t len;

	status = smb2_write_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (w->tree->share_type != SMB3K_SHARE_PIPE)
		return STATUS_NOT_SUPPORTED;
	status = smb3k_pipe_io(SMB3K_CMD_RPC_WRITE, w->open, req.data, req.length,
			       NULL, 0, &n);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb2_write_build_rsp(req.length, body, cap, &len);
	*body_len = len;
	return status;
}
