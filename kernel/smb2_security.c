// SPDX-License-Identifier: GPL-2.0
/*
 * Security information of QUERY_INFO and SET_INFO (MS-SMB2 3.3.5.20.3,
 * 3.3.5.21.3). Work in progress: NT security descriptors come next.
 */
#include "smb2_fileops.h"
#include "proto/smb2_info.h"

/**
 * smb3k_query_security() - SMB2_0_INFO_SECURITY of QUERY_INFO
 * @w: the request
 * @req: the parsed query
 * @out: where the descriptor goes
 * @cap: bytes at @out
 * @len: set to the length written
 *
 * Return: NT status.
 */
u32 smb3k_query_security(struct smb3k_work *w, const struct smb2_query_info_req *req,
			 u8 *out, u32 cap, u32 *len)
{
	return STATUS_NOT_SUPPORTED;
}

/**
 * smb3k_set_security() - SMB2_0_INFO_SECURITY of SET_INFO
 * @w: the request
 * @req: the parsed request
 *
 * Return: NT status.
 */
u32 smb3k_set_security(struct smb3k_work *w, const struct smb2_set_info_req *req)
{
	return STATUS_NOT_SUPPORTED;
}
