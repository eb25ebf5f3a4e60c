// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 OPLOCK_BREAK (MS-SMB2 3.3.5.22): a client acknowledges an oplock
 * break (3.3.5.22.1) or a lease break (3.3.5.22.2). The breaks themselves
 * are sent by oplock.c.
 */
#include "conn.h"
#include "oplock.h"
#include "persistent.h"
#include "smb2_fileops.h"
#include "proto/smb2_oplock.h"

/**
 * smb3k_smb2_oplock_break() - acknowledge an oplock or a lease break
 * @w: the request; the dispatcher found its session and tree
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status (see smb3k_oplock_ack() and smb3k_lease_ack()).
 */
u32 smb3k_smb2_oplock_break(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_break_ack ack;
	size_t len;
	u32 status;
	u8 level;

	status = smb2_break_ack_parse(w->cmd, w->cmd_len,
				      w->conn->dialect != SMB3K_DIALECT_202, &ack);
	if (status != STATUS_SUCCESS)
		return status;
	if (ack.kind == SMB2_BREAK_ACK_LEASE) {
		status = smb3k_lease_ack(w->conn->client_guid, ack.lease_key, ack.lease_state);
		if (status != STATUS_SUCCESS)
			return status;
		status = smb2_lease_ack_rsp_build(body, cap, ack.lease_key, ack.lease_state,
						  &len);
		*body_len = len;
		return status;
	}
	status = smb3k_work_find_open(w, ack.fileid.persistent, ack.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (!w->open->ios)
		return STATUS_INVALID_DEVICE_STATE;
	status = smb3k_oplock_ack(w->open, ack.oplock_level, &level);
	if (status != STATUS_SUCCESS)
		return status;
	smb3k_persistent_update(w->open);
	status = smb2_oplock_break_build(body, cap, level, &ack.fileid, &len);
	*body_len = len;
	return status;
}
