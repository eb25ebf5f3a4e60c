// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 TREE_DISCONNECT (MS-SMB2 3.3.5.8).
 */
#include "smb2_dispatch.h"
#include "tree.h"
#include "proto/smb2_session.h"

/**
 * smb3k_smb2_tree_disconnect() - disconnect the request's tree
 * @w: the request; the dispatcher found its tree, which the request keeps
 *     referenced, so later commands of a chain find it dead, not freed
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status.
 */
u32 smb3k_smb2_tree_disconnect(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	size_t len;
	u32 status;

	status = smb2_simple_req_parse(w->cmd, w->cmd_len);
	if (status != STATUS_SUCCESS)
		return status;
	smb3k_tree_disconnect(w->tree, false);
	status = smb2_simple_build_rsp(body, cap, &len);
	*body_len = len;
	return status;
}
