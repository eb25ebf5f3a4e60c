// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 READ (MS-SMB2 3.3.5.12). Named pipes for now.
 */
#include <linux/smb3k.h>

#include "open.h"
#include "pipe.h"
#include "smb2_dispatch.h"
#include "tree.h"
#include "proto/smb2_file.h"

/* READ response: 16 bytes before the data. */
#define SMB3K_READ_RSP_FIXED	16

/**
 * smb3k_smb2_read() - read from an open
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status; STATUS_BUFFER_OVERFLOW comes with data (a pipe
 * message longer than the read).
 */
u32 smb3k_smb2_read(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_rw_req req;
	u32 status, n, want;
	size_t len;

	status = smb2_read_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (w->tree->share_type != SMB3K_SHARE_PIPE)
		return STATUS_NOT_SUPPORTED;
	if (cap < SMB3K_READ_RSP_FIXED + 1)
		return STATUS_INSUFFICIENT_RESOURCES;
	want = min_t(u32, req.length, cap - SMB3K_READ_RSP_FIXED);
	status = smb3k_pipe_io(SMB3K_CMD_RPC_READ, w->open, NULL, 0,
			       body + SMB3K_READ_RSP_FIXED, want, &n);
	if (status != STATUS_SUCCESS && status != STATUS_BUFFER_OVERFLOW)
		return status;
	/* The data is in place already: build the fixed part around it. */
	if (smb2_read_build_rsp(body + SMB3K_READ_RSP_FIXED, n, body, cap, &len) !=
	    STATUS_SUCCESS)
		return STATUS_INSUFFICIENT_RESOURCES;
	*body_len = len;
	w->keep_body = true;
	return status;
}
