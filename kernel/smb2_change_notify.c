// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 CHANGE_NOTIFY (MS-SMB2 3.3.5.19): the checks, in the order the spec
 * gives them; the watch and the waiting are notify.c's.
 */
#include "notify.h"
#include "smb2_fileops.h"
#include "proto/smb2_notify.h"

/**
 * smb3k_smb2_change_notify() - wait for changes in a directory
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status; STATUS_PENDING when the request waits.
 */
u32 smb3k_smb2_change_notify(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_change_notify_req req;
	struct smb3k_open *op;
	u32 status;

	status = smb2_change_notify_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_disk_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	op = w->open;
	if (req.output_len > smb3k_conn_max_io(w->conn))
		return STATUS_INVALID_PARAMETER;
	if (!op->is_dir)
		return STATUS_INVALID_PARAMETER;
	if (!(op->granted_access & FILE_READ_DATA))	/* FILE_LIST_DIRECTORY */
		return STATUS_ACCESS_DENIED;
	return smb3k_notify_request(w, &req, body, cap, body_len);
}
