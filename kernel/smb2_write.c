// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 WRITE (MS-SMB2 3.3.5.13): named pipes through smb3kd, files through
 * the share's IOS driver, straight from the request buffer.
 */
#include <linux/smb3k.h>

#include "byte_range_lock.h"
#include "pipe.h"
#include "oplock.h"
#include "smb2_fileops.h"
#include "proto/smb2_file.h"

#define SMB2_WRITEFLAG_WRITE_THROUGH	0x00000001U
#define SMB2_WRITEFLAG_WRITE_UNBUFFERED	0x00000002U

/* Offset 0xFFFFFFFFFFFFFFFF with append access: write at end of file. */
#define SMB3K_WRITE_APPEND_OFFSET	U64_MAX

/* NTFS's largest file (MS-FSA: 0xFFFFFFF0000), the end of any write. */
#define SMB3K_MAX_FILE_SIZE		0xFFFFFFF0000ULL

static u32 smb3k_write_disk(struct smb3k_work *w, const struct smb2_rw_req *req, u32 *done)
{
	struct smb3k_open *op = w->open;
	const struct smb3k_ios_ops *ops = smb3k_open_ops(op);
	struct smb3k_ios_ctx ctx;
	u64 off = req->offset;
	u32 status;

	if (op->is_dir)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (!(op->granted_access & (FILE_WRITE_DATA | FILE_APPEND_DATA)))
		return STATUS_ACCESS_DENIED;
	if (req->length > smb3k_conn_max_io(w->conn))
		return STATUS_INVALID_PARAMETER;
	smb3k_work_ios_ctx(w, &ctx);
	if ((req->flags & (SMB2_WRITEFLAG_WRITE_THROUGH | SMB2_WRITEFLAG_WRITE_UNBUFFERED)) ||
	    (op->create_options & FILE_WRITE_THROUGH))
		ctx.flags |= SMB3K_IOS_WRITE_THROUGH;

	/*
	 * MS-FSA 2.1.5.3: append-only opens write at the end (offset
	 * 0xFFFFFFFFFFFFFFFF), nowhere else; for others that offset is as
	 * invalid as any past 2^63.
	 */
	if (!(op->granted_access & FILE_WRITE_DATA)) {
		struct fscc_file_stat st;

		if (off != SMB3K_WRITE_APPEND_OFFSET && !(op->granted_access & FILE_WRITE_DATA))
			return STATUS_ACCESS_DENIED;
		status = ops->getattr(&ctx, op->ios, &st);
		if (status != STATUS_SUCCESS)
			return status;
		off = st.end_of_file;
	} else if (off > (u64)S64_MAX) {
		return STATUS_INVALID_PARAMETER;
	} else if (req->length && off >= SMB3K_MAX_FILE_SIZE) {
		/* Nothing starts past NTFS's largest file ... */
		return STATUS_INVALID_PARAMETER;
	} else if (req->length && off + req->length >= SMB3K_MAX_FILE_SIZE) {
		/* ... nor grows a file to it (MS-FSA 2.1.5.3). */
		return STATUS_DISK_FULL;
	}
	if (!req->length) {
		*done = 0;
		return STATUS_SUCCESS;
	}
	status = smb3k_brl_check_io(op, off, req->length, true);
	if (status != STATUS_SUCCESS)
		return status;
	/* Others' read caching goes (MS-FSA 2.1.4.12, WRITE). */
	smb3k_oplock_break_others(w, op, SMB3K_BREAK_DATA);
	status = ops->write(&ctx, op->ios, off, req->data, req->length, done);
	if (status == STATUS_SUCCESS) {
		/* FilePositionInformation follows synchronous IO (MS-FSA 2.1.5.3). */
		mutex_lock(&op->lock);
		op->position = off + *done;
		mutex_unlock(&op->lock);
	}
	return status;
}

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
	u32 status, n = 0;
	size_t len;

	status = smb2_write_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (w->tree->share_type == SMB3K_SHARE_PIPE) {
		status = smb3k_pipe_io(SMB3K_CMD_RPC_WRITE, w->open, req.data, req.length,
				       NULL, 0, &n);
		n = req.length;
	} else if (!w->open->ios) {
		status = STATUS_INVALID_DEVICE_REQUEST;
	} else {
		status = smb3k_write_disk(w, &req, &n);
	}
	if (status != STATUS_SUCCESS)
		return status;
	status = smb2_write_build_rsp(n, body, cap, &len);
	*body_len = len;
	return status;
}
