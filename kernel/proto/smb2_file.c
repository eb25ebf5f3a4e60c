// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_file.c - CREATE, CLOSE, FLUSH, READ, WRITE and IOCTL bodies.
 */
#include "smb2_file.h"

#define CREATE_REQ_SIZE		57
#define CREATE_REQ_FIXED	56
#define CREATE_RSP_SIZE		89
#define CREATE_RSP_FIXED	SMB2_CREATE_RSP_CONTEXTS_OFF
#define CLOSE_REQ_SIZE		24
#define CLOSE_RSP_SIZE		60
#define FLUSH_REQ_SIZE		24
#define FLUSH_RSP_SIZE		4
#define RW_REQ_SIZE		49
#define RW_REQ_FIXED		48
#define READ_RSP_SIZE		17
#define READ_RSP_FIXED		16
#define WRITE_RSP_SIZE		17
#define WRITE_RSP_FIXED		16
#define IOCTL_REQ_SIZE		57
#define IOCTL_REQ_FIXED		56
#define IOCTL_RSP_SIZE		49
#define IOCTL_RSP_FIXED		48

/* [off, off + n) inside the command and after its fixed part. */
static bool inside(size_t off, size_t n, size_t fixed_end, size_t len)
{
	if (!n)
		return true;
	return off >= fixed_end && off <= len && n <= len - off;
}

static bool body_ok(const u8 *cmd, size_t len, size_t fixed, u16 size)
{
	return len >= SMB2_HDR_SIZE + fixed && get_le16(cmd + SMB2_HDR_SIZE) == size;
}

static void get_fileid(const u8 *p, struct smb2_fileid *fid)
{
	fid->persistent = get_le64(p);
	fid->volatile_id = get_le64(p + 8);
}

static void put_fileid(u8 *p, const struct smb2_fileid *fid)
{
	put_le64(p, fid->persistent);
	put_le64(p + 8, fid->volatile_id);
}

/**
 * smb2_create_parse() - validate a CREATE request
 * @cmd: the command
 * @len: its length
 * @req: the validated view
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER (also for an odd
 * NameLength, MS-SMB2 3.3.5.9).
 */
u32 smb2_create_parse(const u8 *cmd, size_t len, struct smb2_create_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	size_t fixed_end = SMB2_HDR_SIZE + CREATE_REQ_FIXED;
	u32 coff, clen;
	u16 noff, nlen;

	if (!body_ok(cmd, len, CREATE_REQ_FIXED, CREATE_REQ_SIZE))
		return STATUS_INVALID_PARAMETER;
	req->oplock_level = b[3];
	req->impersonation = get_le32(b + 4);
	req->desired_access = get_le32(b + 24);
	req->file_attributes = get_le32(b + 28);
	req->share_access = get_le32(b + 32);
	req->disposition = get_le32(b + 36);
	req->options = get_le32(b + 40);
	noff = get_le16(b + 44);
	nlen = get_le16(b + 46);
	coff = get_le32(b + 48);
	clen = get_le32(b + 52);
	if (!inside(noff, nlen, fixed_end, len) || !inside(coff, clen, fixed_end, len))
		return STATUS_INVALID_PARAMETER;
	if (nlen & 1)
		return STATUS_INVALID_PARAMETER;
	req->name = nlen ? cmd + noff : NULL;
	req->name_len = nlen;
	req->contexts = clen ? cmd + coff : NULL;
	req->contexts_len = clen;
	return STATUS_SUCCESS;
}

/**
 * smb2_create_build_rsp() - CREATE response body
 * @rsp: the values; @rsp->contexts_len 0 for no create contexts
 * @body: output
 * @cap: bytes available
 * @len: set to the body's length
 *
 * Without contexts the body is 89 bytes (one Buffer byte, 0) and
 * CreateContextsOffset/Length are 0. With contexts they follow the fixed
 * part at SMB2_CREATE_RSP_CONTEXTS_OFF, 8-aligned from the SMB2 header
 * (offset 152), and the body is 88 + @rsp->contexts_len bytes.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_create_build_rsp(const struct smb2_create_rsp *rsp, u8 *body, size_t cap,
			  size_t *len)
{
	u32 buffer = rsp->contexts_len ? rsp->contexts_len : 1;

	if (cap < CREATE_RSP_FIXED || cap - CREATE_RSP_FIXED < buffer)
		return STATUS_BUFFER_TOO_SMALL;
	memset(body, 0, CREATE_RSP_FIXED);
	put_le16(body, CREATE_RSP_SIZE);
	body[2] = rsp->oplock_level;
	body[3] = rsp->flags;
	put_le32(body + 4, rsp->create_action);
	put_le64(body + 8, rsp->creation_time);
	put_le64(body + 16, rsp->last_access_time);
	put_le64(body + 24, rsp->last_write_time);
	put_le64(body + 32, rsp->change_time);
	put_le64(body + 40, rsp->allocation_size);
	put_le64(body + 48, rsp->end_of_file);
	put_le32(body + 56, rsp->file_attributes);
	put_fileid(body + 64, &rsp->fileid);
	if (!rsp->contexts_len) {
		body[CREATE_RSP_FIXED] = 0;
	} else {
		put_le32(body + 80, SMB2_HDR_SIZE + CREATE_RSP_FIXED);
		put_le32(body + 84, rsp->contexts_len);
		if (rsp->contexts != body + CREATE_RSP_FIXED)
			memcpy(body + CREATE_RSP_FIXED, rsp->contexts, rsp->contexts_len);
	}
	*len = CREATE_RSP_FIXED + (size_t)buffer;
	return STATUS_SUCCESS;
}

/**
 * smb2_close_parse() - validate a CLOSE request
 * @cmd: the command
 * @len: its length
 * @flags: Flags
 * @fid: FileId
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_close_parse(const u8 *cmd, size_t len, u16 *flags, struct smb2_fileid *fid)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;

	if (!body_ok(cmd, len, CLOSE_REQ_SIZE, CLOSE_REQ_SIZE))
		return STATUS_INVALID_PARAMETER;
	*flags = get_le16(b + 2);
	get_fileid(b + 8, fid);
	return STATUS_SUCCESS;
}

/**
 * smb2_close_build_rsp() - CLOSE response body without attributes
 * @body: output
 * @cap: bytes available
 * @len: set to 60
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_close_build_rsp(u8 *body, size_t cap, size_t *len)
{
	if (cap < CLOSE_RSP_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	memset(body, 0, CLOSE_RSP_SIZE);
	put_le16(body, CLOSE_RSP_SIZE);
	*len = CLOSE_RSP_SIZE;
	return STATUS_SUCCESS;
}

/**
 * smb2_close_build_rsp_attrs() - CLOSE response body (2.2.16)
 * @flags: the request's Flags
 * @st: the file after the close's attribute query; may be NULL
 * @body: output
 * @cap: bytes available
 * @len: set to 60
 *
 * With SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB in @flags and @st, the response
 * carries that flag and @st's times, sizes and attributes; otherwise Flags
 * and every attribute field are 0.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_close_build_rsp_attrs(u16 flags, const struct fscc_file_stat *st, u8 *body,
			       size_t cap, size_t *len)
{
	u32 status = smb2_close_build_rsp(body, cap, len);

	if (status != STATUS_SUCCESS || !st || !(flags & SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB))
		return status;
	put_le16(body + 2, SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB);
	put_le64(body + 8, st->creation_time);
	put_le64(body + 16, st->last_access_time);
	put_le64(body + 24, st->last_write_time);
	put_le64(body + 32, st->change_time);
	put_le64(body + 40, st->allocation_size);
	put_le64(body + 48, st->end_of_file);
	put_le32(body + 56, st->file_attributes);
	return STATUS_SUCCESS;
}

/**
 * smb2_flush_parse() - validate a FLUSH request (2.2.17)
 * @cmd: the command
 * @len: its length
 * @fid: FileId
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_flush_parse(const u8 *cmd, size_t len, struct smb2_fileid *fid)
{
	if (!body_ok(cmd, len, FLUSH_REQ_SIZE, FLUSH_REQ_SIZE))
		return STATUS_INVALID_PARAMETER;
	get_fileid(cmd + SMB2_HDR_SIZE + 8, fid);
	return STATUS_SUCCESS;
}

/**
 * smb2_flush_build_rsp() - FLUSH response body (2.2.18)
 * @body: output
 * @cap: bytes available
 * @len: set to 4
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_flush_build_rsp(u8 *body, size_t cap, size_t *len)
{
	if (cap < FLUSH_RSP_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(body, FLUSH_RSP_SIZE);
	put_le16(body + 2, 0);
	*len = FLUSH_RSP_SIZE;
	return STATUS_SUCCESS;
}

/**
 * smb2_read_parse() - validate a READ request
 * @cmd: the command
 * @len: its length
 * @req: the validated view
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_read_parse(const u8 *cmd, size_t len, struct smb2_rw_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;

	if (!body_ok(cmd, len, RW_REQ_FIXED, RW_REQ_SIZE))
		return STATUS_INVALID_PARAMETER;
	req->flags = b[3];
	req->length = get_le32(b + 4);
	req->offset = get_le64(b + 8);
	get_fileid(b + 16, &req->fileid);
	req->minimum_count = get_le32(b + 32);
	req->data = NULL;
	if (!inside(get_le16(b + 44), get_le16(b + 46), SMB2_HDR_SIZE + RW_REQ_FIXED, len))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/**
 * smb2_read_build_rsp() - READ response body
 * @data: the data read; may already sit at @body + 16 (not copied then)
 * @data_len: its length
 * @body: output
 * @cap: bytes available
 * @len: set to the body's length
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_read_build_rsp(const u8 *data, u32 data_len, u8 *body, size_t cap, size_t *len)
{
	size_t need = READ_RSP_FIXED + (data_len ? data_len : 1);

	if (cap < need)
		return STATUS_BUFFER_TOO_SMALL;
	memset(body, 0, READ_RSP_FIXED);
	put_le16(body, READ_RSP_SIZE);
	body[2] = SMB2_HDR_SIZE + READ_RSP_FIXED;
	put_le32(body + 4, data_len);
	if (!data_len)
		body[READ_RSP_FIXED] = 0;
	else if (data != body + READ_RSP_FIXED)
		memcpy(body + READ_RSP_FIXED, data, data_len);
	*len = need;
	return STATUS_SUCCESS;
}

/**
 * smb2_write_parse() - validate a WRITE request
 * @cmd: the command
 * @len: its length
 * @req: the validated view; @req->data points at @req->length bytes
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_write_parse(const u8 *cmd, size_t len, struct smb2_rw_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	size_t fixed_end = SMB2_HDR_SIZE + RW_REQ_FIXED;
	u16 doff;

	if (!body_ok(cmd, len, RW_REQ_FIXED, RW_REQ_SIZE))
		return STATUS_INVALID_PARAMETER;
	doff = get_le16(b + 2);
	req->length = get_le32(b + 4);
	req->offset = get_le64(b + 8);
	get_fileid(b + 16, &req->fileid);
	req->flags = get_le32(b + 44);
	req->minimum_count = 0;
	/* MS-SMB2 3.3.5.13: without an RDMA channel the data starts by 0x100. */
	if (get_le32(b + 32) == 0 && doff > 0x100)
		return STATUS_INVALID_PARAMETER;
	if (!inside(doff, req->length, fixed_end, len) ||
	    !inside(get_le16(b + 40), get_le16(b + 42), fixed_end, len))
		return STATUS_INVALID_PARAMETER;
	req->data = req->length ? cmd + doff : NULL;
	return STATUS_SUCCESS;
}

/**
 * smb2_write_build_rsp() - WRITE response body
 * @count: bytes written
 * @body: output
 * @cap: bytes available
 * @len: set to 16
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_write_build_rsp(u32 count, u8 *body, size_t cap, size_t *len)
{
	if (cap < WRITE_RSP_FIXED)
		return STATUS_BUFFER_TOO_SMALL;
	memset(body, 0, WRITE_RSP_FIXED);
	put_le16(body, WRITE_RSP_SIZE);
	put_le32(body + 4, count);
	*len = WRITE_RSP_FIXED;
	return STATUS_SUCCESS;
}

/**
 * smb2_ioctl_parse() - validate an IOCTL request
 * @cmd: the command
 * @len: its length
 * @req: the validated view
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_ioctl_parse(const u8 *cmd, size_t len, struct smb2_ioctl_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	size_t fixed_end = SMB2_HDR_SIZE + IOCTL_REQ_FIXED;
	u32 ioff, icount, ooff, ocount;

	if (!body_ok(cmd, len, IOCTL_REQ_FIXED, IOCTL_REQ_SIZE))
		return STATUS_INVALID_PARAMETER;
	req->ctl_code = get_le32(b + 4);
	get_fileid(b + 8, &req->fileid);
	ioff = get_le32(b + 24);
	icount = get_le32(b + 28);
	req->max_input_response = get_le32(b + 32);
	ooff = get_le32(b + 36);
	ocount = get_le32(b + 40);
	req->max_output_response = get_le32(b + 44);
	req->flags = get_le32(b + 48);
	if (!inside(ioff, icount, fixed_end, len) || !inside(ooff, ocount, fixed_end, len))
		return STATUS_INVALID_PARAMETER;
	/* MS-SMB2 3.3.5.15: input, when there is some, is 8-aligned. */
	if (icount && (ioff & 7))
		return STATUS_INVALID_PARAMETER;
	req->input = icount ? cmd + ioff : NULL;
	req->input_count = icount;
	return STATUS_SUCCESS;
}

/**
 * smb2_ioctl_build_rsp() - IOCTL response body with output only
 * @ctl_code: CtlCode
 * @fid: FileId
 * @out: output buffer; may already sit at @body + 48 (not copied then)
 * @out_len: its length
 * @body: output
 * @cap: bytes available
 * @len: set to the body's length
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_ioctl_build_rsp(u32 ctl_code, const struct smb2_fileid *fid, const u8 *out,
			 u32 out_len, u8 *body, size_t cap, size_t *len)
{
	u32 off = SMB2_HDR_SIZE + IOCTL_RSP_FIXED;

	if (cap < IOCTL_RSP_FIXED || out_len > cap - IOCTL_RSP_FIXED)
		return STATUS_BUFFER_TOO_SMALL;
	memset(body, 0, IOCTL_RSP_FIXED);
	put_le16(body, IOCTL_RSP_SIZE);
	put_le32(body + 4, ctl_code);
	put_fileid(body + 8, fid);
	put_le32(body + 24, off);		/* InputOffset, InputCount 0 */
	put_le32(body + 32, off);		/* OutputOffset (8-aligned) */
	put_le32(body + 36, out_len);
	if (out_len && out != body + IOCTL_RSP_FIXED)
		memcpy(body + IOCTL_RSP_FIXED, out, out_len);
	*len = IOCTL_RSP_FIXED + out_len;
	return STATUS_SUCCESS;
}

/**
 * smb2_validate_neg_parse() - validate a VALIDATE_NEGOTIATE_INFO input
 * @in: the IOCTL input buffer
 * @len: InputCount
 * @v: the validated view
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_validate_neg_parse(const u8 *in, u32 len, struct smb2_validate_neg *v)
{
	if (len < 24)
		return STATUS_INVALID_PARAMETER;
	v->capabilities = get_le32(in);
	v->guid = in + 4;
	v->security_mode = get_le16(in + 20);
	v->dialect_count = get_le16(in + 22);
	if (!v->dialect_count || v->dialect_count > (len - 24) / 2)
		return STATUS_INVALID_PARAMETER;
	v->dialects = in + 24;
	return STATUS_SUCCESS;
}

/**
 * smb2_validate_neg_build_rsp() - VALIDATE_NEGOTIATE_INFO response (2.2.32.6)
 * @capabilities: Connection.ServerCapabilities
 * @server_guid: ServerGuid (16 bytes)
 * @security_mode: Connection.ServerSecurityMode
 * @dialect: Connection.Dialect
 * @out: SMB2_VALIDATE_NEG_RSP_SIZE bytes
 */
void smb2_validate_neg_build_rsp(u32 capabilities, const u8 *server_guid,
				 u16 security_mode, u16 dialect, u8 *out)
{
	put_le32(out, capabilities);
	memcpy(out + 4, server_guid, 16);
	put_le16(out + 20, security_mode);
	put_le16(out + 22, dialect);
}

/**
 * smb2_request_payload() - what a request moves, for its CreditCharge
 * @cmd: the command (header and body)
 * @len: its length
 * @command: its SMB2 command code
 *
 * MS-SMB2 3.1.5.2: the larger of the request's payload and the largest
 * response it allows, for the commands that carry payloads. A body too
 * short to hold the fields counts as 0 (its handler rejects it).
 *
 * Return: bytes.
 */
u32 smb2_request_payload(const u8 *cmd, size_t len, u16 command)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	size_t body = len > SMB2_HDR_SIZE ? len - SMB2_HDR_SIZE : 0;
	u32 a, c;

	switch (command) {
	case SMB2_READ:
	case SMB2_WRITE:
		return body >= 8 ? get_le32(b + 4) : 0;
	case SMB2_IOCTL:
		if (body < 48)
			return 0;
		a = get_le32(b + 28);
		c = get_le32(b + 44);
		return a > c ? a : c;
	case SMB2_QUERY_DIRECTORY:
		return body >= 32 ? get_le32(b + 28) : 0;
	case SMB2_CHANGE_NOTIFY:
	case SMB2_SET_INFO:
		return body >= 8 ? get_le32(b + 4) : 0;
	case SMB2_QUERY_INFO:
		if (body < 16)
			return 0;
		a = get_le32(b + 4);
		c = get_le32(b + 12);
		return a > c ? a : c;
	default:
		return 0;
	}
}
