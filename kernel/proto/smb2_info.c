// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_info.c - QUERY_INFO and SET_INFO request parsing and response
 * building (MS-SMB2 2.2.37-2.2.40, 3.3.5.20, 3.3.5.21).
 */
#include "smb2_info.h"

#define QUERY_INFO_REQ_SIZE	41
#define QUERY_INFO_REQ_FIXED	40
#define QUERY_INFO_RSP_SIZE	9
#define SET_INFO_REQ_SIZE	33
#define SET_INFO_REQ_FIXED	32

/* [off, off + n) inside the command, after its fixed part; n may be 0. */
static bool info_inside(size_t off, size_t n, size_t fixed_end, size_t len)
{
	if (!n)
		return true;
	return off >= fixed_end && off <= len && n <= len - off;
}

static bool info_type_valid(u8 type)
{
	return type >= SMB2_0_INFO_FILE && type <= SMB2_0_INFO_QUOTA;
}

/**
 * smb2_query_info_parse() - validate a QUERY_INFO request (2.2.37)
 * @cmd: the command (SMB2 header and body)
 * @len: its length
 * @req: the validated view
 *
 * The input buffer is checked and returned only where MS-SMB2 3.3.5.20
 * gives it a meaning, FileFullEaInformation (the EA name list) and quota
 * queries; for every other query InputBufferOffset/Length are ignored. The
 * information class is not checked here: the encoders (or the handler)
 * answer STATUS_INVALID_INFO_CLASS / STATUS_NOT_SUPPORTED.
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for a short body, a
 * wrong StructureSize, an unknown InfoType or an input buffer that does
 * not lie inside the command.
 */
u32 smb2_query_info_parse(const u8 *cmd, size_t len, struct smb2_query_info_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	u32 ioff, ilen;

	if (len < SMB2_HDR_SIZE + QUERY_INFO_REQ_FIXED ||
	    get_le16(b) != QUERY_INFO_REQ_SIZE)
		return STATUS_INVALID_PARAMETER;
	req->info_type = b[2];
	req->info_class = b[3];
	req->output_len = get_le32(b + 4);
	ioff = get_le16(b + 8);
	ilen = get_le32(b + 12);
	req->additional_info = get_le32(b + 16);
	req->flags = get_le32(b + 20);
	req->fileid.persistent = get_le64(b + 24);
	req->fileid.volatile_id = get_le64(b + 32);
	req->input = NULL;
	req->input_len = 0;
	if (!info_type_valid(req->info_type))
		return STATUS_INVALID_PARAMETER;
	if (req->info_type == SMB2_0_INFO_QUOTA ||
	    (req->info_type == SMB2_0_INFO_FILE &&
	     req->info_class == FileFullEaInformation)) {
		if (!info_inside(ioff, ilen, SMB2_HDR_SIZE + QUERY_INFO_REQ_FIXED, len))
			return STATUS_INVALID_PARAMETER;
		req->input = ilen ? cmd + ioff : NULL;
		req->input_len = ilen;
	}
	return STATUS_SUCCESS;
}

/**
 * smb2_query_info_build_rsp() - QUERY_INFO response body (2.2.38)
 * @data_len: bytes of information already written at
 *	@body + SMB2_QUERY_INFO_RSP_FIXED (by an encoder)
 * @body: output
 * @cap: bytes available at @body
 * @len: set to the body's length (at least 9: an empty Buffer is one
 *	zero byte)
 *
 * Writes the fixed part only. Also used for STATUS_BUFFER_OVERFLOW
 * responses, which carry the truncated data (3.3.5.20.1).
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_query_info_build_rsp(u32 data_len, u8 *body, size_t cap, size_t *len)
{
	if (cap < SMB2_QUERY_INFO_RSP_FIXED + 1 || data_len > cap - SMB2_QUERY_INFO_RSP_FIXED)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(body, QUERY_INFO_RSP_SIZE);
	put_le16(body + 2, SMB2_HDR_SIZE + SMB2_QUERY_INFO_RSP_FIXED);
	put_le32(body + 4, data_len);
	if (!data_len)
		body[SMB2_QUERY_INFO_RSP_FIXED] = 0;
	*len = SMB2_QUERY_INFO_RSP_FIXED + (data_len ? (size_t)data_len : 1);
	return STATUS_SUCCESS;
}

/**
 * smb2_set_info_parse() - validate a SET_INFO request (2.2.39)
 * @cmd: the command (SMB2 header and body)
 * @len: its length
 * @req: the validated view; @req->buf holds @req->buf_len bytes
 *
 * The information class is not checked here (the decoders do).
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for a short body, a
 * wrong StructureSize, an unknown InfoType, a zero BufferLength (3.3.5.21)
 * or a buffer that does not lie inside the command.
 */
u32 smb2_set_info_parse(const u8 *cmd, size_t len, struct smb2_set_info_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	u32 boff, blen;

	if (len < SMB2_HDR_SIZE + SET_INFO_REQ_FIXED || get_le16(b) != SET_INFO_REQ_SIZE)
		return STATUS_INVALID_PARAMETER;
	req->info_type = b[2];
	req->info_class = b[3];
	blen = get_le32(b + 4);
	boff = get_le16(b + 8);
	req->additional_info = get_le32(b + 12);
	req->fileid.persistent = get_le64(b + 16);
	req->fileid.volatile_id = get_le64(b + 24);
	req->buf = NULL;
	req->buf_len = 0;
	if (!info_type_valid(req->info_type) || !blen ||
	    !info_inside(boff, blen, SMB2_HDR_SIZE + SET_INFO_REQ_FIXED, len))
		return STATUS_INVALID_PARAMETER;
	req->buf = cmd + boff;
	req->buf_len = blen;
	return STATUS_SUCCESS;
}

/**
 * smb2_set_info_build_rsp() - SET_INFO response body (2.2.40)
 * @body: output
 * @cap: bytes available
 * @len: set to 2
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_set_info_build_rsp(u8 *body, size_t cap, size_t *len)
{
	if (cap < SMB2_SET_INFO_RSP_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(body, SMB2_SET_INFO_RSP_SIZE);
	*len = SMB2_SET_INFO_RSP_SIZE;
	return STATUS_SUCCESS;
}
