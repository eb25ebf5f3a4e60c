// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 LOGOFF (MS-SMB2 3.3.5.6).
 */
#include "session.h"
#include "smb2_dispatch.h"
#include "proto/smb2_session.h"

/**
 * smb3k_smb2_logoff() - end the request's session
 * @w: the request; the dispatcher found its session
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * The request keeps its reference, so later commands of a compound chain
 * find the session dead, not freed.
 *
 * Return: NT status.
 */
u32 smb3k_smb2_logoff(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	size_t len;
	u32 status;

	status = smb2_simple_req_parse(w->cmd, w->cmd_len);
	if (status != STATUS_SUCCESS)
		return status;
	smb3k_session_logoff(w->sess);
	status = smb2_simple_build_rsp(body, cap, &len);
	*body_len = len;
	return status;
}
