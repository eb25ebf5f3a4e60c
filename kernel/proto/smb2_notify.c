// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_notify.c - CHANGE_NOTIFY request and response (MS-SMB2 2.2.35,
 * 2.2.36) and the FILE_NOTIFY_INFORMATION entries the response carries
 * (MS-FSCC 2.7.1).
 */
#include "smb2_notify.h"

#define NOTIFY_REQ_SIZE		32	/* StructureSize */
#define NOTIFY_RSP_SIZE		9

/* The largest entry: FileNameLength is 32 bits, but no name is that long. */
#define NOTIFY_NAME_MAX		0x00FFFFFFU

/**
 * smb2_change_notify_parse() - validate a CHANGE_NOTIFY request
 * @cmd: the command
 * @len: its length
 * @req: the validated view
 *
 * StructureSize 32 and the whole fixed part inside the command (2.2.35).
 * Reserved is not looked at.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_change_notify_parse(const u8 *cmd, size_t len, struct smb2_change_notify_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;

	if (len < SMB2_HDR_SIZE + NOTIFY_REQ_SIZE || get_le16(b) != NOTIFY_REQ_SIZE)
		return STATUS_INVALID_PARAMETER;
	req->flags = get_le16(b + 2);
	req->output_len = get_le32(b + 4);
	req->fileid.persistent = get_le64(b + 8);
	req->fileid.volatile_id = get_le64(b + 16);
	req->filter = get_le32(b + 24);
	return STATUS_SUCCESS;
}

/**
 * smb2_notify_entry_size() - bytes one FILE_NOTIFY_INFORMATION takes
 * @name_len: FileNameLength
 *
 * The fixed part and the name, padded to the next 4-byte boundary
 * (MS-FSCC 2.7.1), which is where the next entry starts.
 *
 * Return: bytes.
 */
size_t smb2_notify_entry_size(size_t name_len)
{
	return (SMB2_NOTIFY_INFO_FIXED + name_len + 3) & ~(size_t)3;
}

/**
 * smb2_notify_writer_init() - start an empty list
 * @w: the writer
 * @buf: where the entries go (the response's Buffer)
 * @cap: bytes available at @buf
 */
void smb2_notify_writer_init(struct smb2_notify_writer *w, u8 *buf, size_t cap)
{
	w->buf = buf;
	w->cap = cap;
	w->used = 0;
	w->last = 0;
	w->count = 0;
	w->overflow = false;
}

/**
 * smb2_notify_append() - add one FILE_NOTIFY_INFORMATION to the list
 * @w: the writer
 * @action: Action (FILE_ACTION_*)
 * @name: FileName, UTF-16LE (relative to the watched directory)
 * @name_len: its length in bytes: even, and not empty
 *
 * The previous entry's NextEntryOffset is pointed at the new one, whose
 * own stays 0; the name is padded with zeros to a multiple of 4 bytes.
 * An entry that does not fit sets @w->overflow and leaves the list as it
 * was.
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_OVERFLOW or STATUS_INVALID_PARAMETER
 * (an odd, empty or absurdly long name).
 */
u32 smb2_notify_append(struct smb2_notify_writer *w, u32 action, const u8 *name,
		       size_t name_len)
{
	size_t size;
	u8 *p;

	if (!name_len || (name_len & 1) || name_len > NOTIFY_NAME_MAX)
		return STATUS_INVALID_PARAMETER;
	size = smb2_notify_entry_size(name_len);
	if (w->used > w->cap || size > w->cap - w->used) {
		w->overflow = true;
		return STATUS_BUFFER_OVERFLOW;
	}
	if (w->count)
		put_le32(w->buf + w->last, (u32)(w->used - w->last));
	p = w->buf + w->used;
	put_le32(p, 0);
	put_le32(p + 4, action);
	put_le32(p + 8, (u32)name_len);
	memcpy(p + SMB2_NOTIFY_INFO_FIXED, name, name_len);
	memset(p + SMB2_NOTIFY_INFO_FIXED + name_len, 0,
	       size - SMB2_NOTIFY_INFO_FIXED - name_len);
	w->last = w->used;
	w->used += size;
	w->count++;
	return STATUS_SUCCESS;
}

/**
 * smb2_change_notify_build_rsp() - CHANGE_NOTIFY response body (2.2.36)
 * @data_len: bytes of FILE_NOTIFY_INFORMATION already at
 *	@body + SMB2_CHANGE_NOTIFY_RSP_FIXED (smb2_notify_writer.used)
 * @body: output
 * @cap: bytes available at @body
 * @len: set to the body's length
 *
 * OutputBufferOffset is 72, the data's offset from the header. With no
 * data (STATUS_NOTIFY_ENUM_DIR) it is 0 and the body is 9 bytes, byte for
 * byte the ERROR body (2.2.2).
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_change_notify_build_rsp(u32 data_len, u8 *body, size_t cap, size_t *len)
{
	if (cap < SMB2_CHANGE_NOTIFY_RSP_FIXED + 1 ||
	    data_len > cap - SMB2_CHANGE_NOTIFY_RSP_FIXED)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(body, NOTIFY_RSP_SIZE);
	put_le16(body + 2, data_len ? SMB2_HDR_SIZE + SMB2_CHANGE_NOTIFY_RSP_FIXED : 0);
	put_le32(body + 4, data_len);
	if (!data_len)
		body[SMB2_CHANGE_NOTIFY_RSP_FIXED] = 0;
	*len = SMB2_CHANGE_NOTIFY_RSP_FIXED + (data_len ? data_len : 1);
	return STATUS_SUCCESS;
}
