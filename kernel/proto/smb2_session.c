// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_session.c - SESSION_SETUP, LOGOFF, TREE_CONNECT, TREE_DISCONNECT and
 * ECHO bodies. Offsets in requests are measured from the SMB2 header and
 * checked against the command before anything points into it.
 */
#include "smb2_session.h"

#define SESSION_SETUP_REQ_SIZE		25	/* StructureSize */
#define SESSION_SETUP_REQ_FIXED		24
#define SESSION_SETUP_RSP_SIZE		9
#define SESSION_SETUP_RSP_FIXED		8
#define TREE_CONNECT_REQ_SIZE		9
#define TREE_CONNECT_REQ_FIXED		8
#define TREE_CONNECT_RSP_SIZE		16
#define SIMPLE_SIZE			4	/* LOGOFF, TREE_DISCONNECT, ECHO */

/* Check that [off, off + n) lies inside the command, after the fixed part. */
static bool buffer_inside(size_t off, size_t n, size_t fixed_end, size_t len)
{
	if (!n)
		return true;
	return off >= fixed_end && off <= len && n <= len - off;
}

/**
 * smb2_session_setup_parse() - validate a SESSION_SETUP request
 * @cmd: the command (header and body)
 * @len: its length
 * @req: the validated view
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_session_setup_parse(const u8 *cmd, size_t len, struct smb2_session_setup_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	u16 off, n;

	if (len < SMB2_HDR_SIZE + SESSION_SETUP_REQ_FIXED ||
	    get_le16(b) != SESSION_SETUP_REQ_SIZE)
		return STATUS_INVALID_PARAMETER;
	req->flags = b[2];
	req->security_mode = b[3];
	req->capabilities = get_le32(b + 4);
	off = get_le16(b + 12);
	n = get_le16(b + 14);
	req->previous_session_id = get_le64(b + 16);
	if (!buffer_inside(off, n, SMB2_HDR_SIZE + SESSION_SETUP_REQ_FIXED, len))
		return STATUS_INVALID_PARAMETER;
	req->blob = n ? cmd + off : NULL;
	req->blob_len = n;
	return STATUS_SUCCESS;
}

/**
 * smb2_session_setup_build_rsp() - SESSION_SETUP response body
 * @session_flags: SessionFlags
 * @blob: the security token for the client
 * @blob_len: its length
 * @body: output, after a 64-byte header
 * @cap: bytes available at @body
 * @len: set to the body's length
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_session_setup_build_rsp(u16 session_flags, const u8 *blob, u16 blob_len,
				 u8 *body, size_t cap, size_t *len)
{
	size_t need = SESSION_SETUP_RSP_FIXED + (blob_len ? blob_len : 1);

	if (cap < need)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(body, SESSION_SETUP_RSP_SIZE);
	put_le16(body + 2, session_flags);
	put_le16(body + 4, blob_len ? SMB2_HDR_SIZE + SESSION_SETUP_RSP_FIXED : 0);
	put_le16(body + 6, blob_len);
	if (blob_len)
		memcpy(body + SESSION_SETUP_RSP_FIXED, blob, blob_len);
	else
		body[SESSION_SETUP_RSP_FIXED] = 0;
	*len = need;
	return STATUS_SUCCESS;
}

/**
 * smb2_tree_connect_parse() - validate a TREE_CONNECT request
 * @cmd: the command (header and body)
 * @len: its length
 * @req: the validated view
 *
 * With the 3.1.1 extension (MS-SMB2 2.2.9.1) PathOffset and PathLength still
 * describe the path, now inside the extension; its contexts are ignored.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_tree_connect_parse(const u8 *cmd, size_t len, struct smb2_tree_connect_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	size_t off, n;

	if (len < SMB2_HDR_SIZE + TREE_CONNECT_REQ_FIXED ||
	    get_le16(b) != TREE_CONNECT_REQ_SIZE)
		return STATUS_INVALID_PARAMETER;
	req->flags = get_le16(b + 2);
	off = get_le16(b + 4);
	n = get_le16(b + 6);
	if (!n || n & 1 || n > SMB2_TREE_PATH_MAX ||
	    !buffer_inside(off, n, SMB2_HDR_SIZE + TREE_CONNECT_REQ_FIXED, len))
		return STATUS_INVALID_PARAMETER;
	req->path = cmd + off;
	req->path_len = n;
	return STATUS_SUCCESS;
}

/**
 * smb2_tree_share_name() - where the share name starts in a tree path
 * @path: UTF-16LE "\\server\share"
 * @path_len: its length in bytes
 *
 * Return: byte offset of the share name in @path (after the last
 * backslash), or @path_len when the path is not "\\server\share".
 */
size_t smb2_tree_share_name(const u8 *path, size_t path_len)
{
	size_t i, last = 0;
	unsigned int seps = 0;

	if (path_len < 4 || get_le16(path) != '\\' || get_le16(path + 2) != '\\')
		return path_len;
	for (i = 4; i + 1 < path_len; i += 2) {
		if (get_le16(path + i) == '\\') {
			seps++;
			last = i + 2;
		}
	}
	if (seps != 1 || last >= path_len || last == 6)
		return path_len;
	return last;
}

/**
 * smb2_tree_connect_build_rsp() - TREE_CONNECT response body
 * @share_type: SMB2_SHARE_TYPE_*
 * @share_flags: ShareFlags
 * @capabilities: Capabilities (SMB2_SHARE_CAP_*)
 * @maximal_access: MaximalAccess
 * @body: output
 * @cap: bytes available
 * @len: set to 16
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_tree_connect_build_rsp(u8 share_type, u32 share_flags, u32 capabilities,
				u32 maximal_access, u8 *body, size_t cap, size_t *len)
{
	if (cap < TREE_CONNECT_RSP_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(body, TREE_CONNECT_RSP_SIZE);
	body[2] = share_type;
	body[3] = 0;
	put_le32(body + 4, share_flags);
	put_le32(body + 8, capabilities);
	put_le32(body + 12, maximal_access);
	*len = TREE_CONNECT_RSP_SIZE;
	return STATUS_SUCCESS;
}

/**
 * smb2_simple_req_parse() - validate a LOGOFF, TREE_DISCONNECT or ECHO request
 * @cmd: the command
 * @len: its length
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_simple_req_parse(const u8 *cmd, size_t len)
{
	if (len < SMB2_HDR_SIZE + SIMPLE_SIZE ||
	    get_le16(cmd + SMB2_HDR_SIZE) != SIMPLE_SIZE)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/**
 * smb2_simple_build_rsp() - LOGOFF, TREE_DISCONNECT or ECHO response body
 * @body: output
 * @cap: bytes available
 * @len: set to 4
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_simple_build_rsp(u8 *body, size_t cap, size_t *len)
{
	if (cap < SIMPLE_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(body, SIMPLE_SIZE);
	put_le16(body + 2, 0);
	*len = SIMPLE_SIZE;
	return STATUS_SUCCESS;
}
