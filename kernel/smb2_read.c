// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 READ (MS-SMB2 3.3.5.12): named pipes through smb3kd, files through
 * the share's IOS driver. The data is read straight into the response.
 */
#include <linux/smb3k.h>

#include "byte_range_lock.h"
#include "pipe.h"
#include "smb2_fileops.h"
#include "proto/smb2_file.h"

/* READ response: 16 bytes before the data. */
#define SMB3K_READ_RSP_FIXED	16

static u32 smb3k_read_disk(struct smb3k_work *w, const struct smb2_rw_req *req,
			   u8 *data, u32 want, u32 *got)
{
	struct smb3k_open *op = w->open;
	struct smb3k_ios_ctx ctx;
	u32 status;

	if (op->is_dir)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (!(op->granted_access & (FILE_READ_DATA | FILE_EXECUTE)))
		return STATUS_ACCESS_DENIED;
	if (req->length > smb3k_conn_max_io(w->conn))
		return STATUS_INVALID_PARAMETER;
	if (req->offset > (u64)S64_MAX)
		return STATUS_INVALID_PARAMETER;
	status = smb3k_brl_check_io(op, req->offset, want, false);
	if (status != STATUS_SUCCESS)
		return status;
	smb3k_work_ios_ctx(w, &ctx);
	status = smb3k_open_ops(op)->read(&ctx, op->ios, req->offset, data, want, got);
	if (status != STATUS_SUCCESS)
		return status;
	/* FilePositionInformation follows synchronous IO (MS-FSA 2.1.5.2). */
	mutex_lock(&op->lock);
	op->position = req->offset + *got;
	mutex_unlock(&op->lock);
	/* 3.3.5.12: nothing read, or less than MinimumCount, is end of file. */
	if ((!*got && req->length) || *got < req->minimum_count)
		return STATUS_END_OF_FILE;
	return STATUS_SUCCESS;
}

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
	u32 status, n = 0, want;
	size_t len;

	status = smb2_read_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (cap < SMB3K_READ_RSP_FIXED + 1)
		return STATUS_INSUFFICIENT_RESOURCES;
	want = min_t(u32, req.length, cap - SMB3K_READ_RSP_FIXED);
	if (w->tree->share_type == SMB3K_SHARE_PIPE) {
		status = smb3k_pipe_io(SMB3K_CMD_RPC_READ, w->open, NULL, 0,
				       body + SMB3K_READ_RSP_FIXED, want, &n);
		if (status != STATUS_SUCCESS && status != STATUS_BUFFER_OVERFLOW)
			return status;
	} else {
		if (!w->open->ios)
			return STATUS_INVALID_DEVICE_REQUEST;
		status = smb3k_read_disk(w, &req, body + SMB3K_READ_RSP_FIXED, want, &n);
		if (status != STATUS_SUCCESS)
			return status;
	}
	/* The data is in place already: build the fixed part around it. */
	if (smb2_read_build_rsp(body + SMB3K_READ_RSP_FIXED, n, body, cap, &len) !=
	    STATUS_SUCCESS)
		return STATUS_INSUFFICIENT_RESOURCES;
	*body_len = len;
	w->keep_body = true;
	return status;
}
