// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 packet header (MS-SMB2 2.2.1) and ERROR response
 * body (2.2.2).
 *
 * Pure codec: see proto_shim.h for the rules.
 */
#include "smb2_header.h"

/**
 * smb2_hdr_parse() - validate an SMB2 header and fill a view of it
 * @buf: first byte of the header (the 0xFE 'S' 'M' 'B' ProtocolId)
 * @len: bytes available from @buf to the end of the received transport
 *	message (for a compound chain: to the end of the whole chain)
 * @h: filled on success; undefined on failure
 *
 * Checks that @len holds a header, the ProtocolId, StructureSize 64 and,
 * when NextCommand is nonzero, that it is 8-byte aligned, at least 64 and
 * leaves room for another header inside @len.
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER for anything
 * malformed (the caller normally disconnects, MS-SMB2 3.3.5.2).
 */
u32 smb2_hdr_parse(const u8 *buf, size_t len, struct smb2_hdr *h)
{
	u32 next;

	if (len < SMB2_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	if (get_le32(buf + SMB2_HDR_OFF_PROTOCOL_ID) != SMB2_PROTO_ID)
		return STATUS_INVALID_PARAMETER;
	if (get_le16(buf + SMB2_HDR_OFF_STRUCTURE_SIZE) != SMB2_HDR_STRUCTURE_SIZE)
		return STATUS_INVALID_PARAMETER;

	next = get_le32(buf + SMB2_HDR_OFF_NEXT_COMMAND);
	if (next) {
		if (next & 7 || next < SMB2_HDR_SIZE)
			return STATUS_INVALID_PARAMETER;
		if (next > len - SMB2_HDR_SIZE)
			return STATUS_INVALID_PARAMETER;
	}

	h->credit_charge = get_le16(buf + SMB2_HDR_OFF_CREDIT_CHARGE);
	h->status = get_le32(buf + SMB2_HDR_OFF_STATUS);
	h->channel_sequence = (u16)h->status;
	h->command = get_le16(buf + SMB2_HDR_OFF_COMMAND);
	h->credits = get_le16(buf + SMB2_HDR_OFF_CREDITS);
	h->flags = get_le32(buf + SMB2_HDR_OFF_FLAGS);
	h->next_command = next;
	h->message_id = get_le64(buf + SMB2_HDR_OFF_MESSAGE_ID);
	if (h->flags & SMB2_FLAGS_ASYNC_COMMAND) {
		h->async_id = get_le64(buf + SMB2_HDR_OFF_ASYNC_ID);
		h->process_id = 0;
		h->tree_id = 0;
	} else {
		h->async_id = 0;
		h->process_id = get_le32(buf + SMB2_HDR_OFF_PROCESS_ID);
		h->tree_id = get_le32(buf + SMB2_HDR_OFF_TREE_ID);
	}
	h->session_id = get_le64(buf + SMB2_HDR_OFF_SESSION_ID);
	h->signature = buf + SMB2_HDR_OFF_SIGNATURE;
	return STATUS_SUCCESS;
}

/**
 * smb2_hdr_build_rsp() - write the SYNC header of a response
 * @out: SMB2_HDR_SIZE (64) bytes to write
 * @req: the parsed request header
 * @status: NT status of the response
 * @credits_granted: CreditResponse
 *
 * Echoes CreditCharge, Command, MessageId, ProcessId, TreeId and SessionId
 * (TreeId and SessionId are 0 in a NEGOTIATE response, 2.2.1.2), sets
 * SMB2_FLAGS_SERVER_TO_REDIR and keeps SMB2_FLAGS_RELATED_OPERATIONS from
 * the request. NextCommand and Signature are zero; see
 * smb2_hdr_set_next_command() and smb2_hdr_set_async() for the rest.
 */
void smb2_hdr_build_rsp(u8 *out, const struct smb2_hdr *req, u32 status, u16 credits_granted)
{
	u32 flags = SMB2_FLAGS_SERVER_TO_REDIR;

	flags |= req->flags & SMB2_FLAGS_RELATED_OPERATIONS;

	memset(out, 0, SMB2_HDR_SIZE);
	put_le32(out + SMB2_HDR_OFF_PROTOCOL_ID, SMB2_PROTO_ID);
	put_le16(out + SMB2_HDR_OFF_STRUCTURE_SIZE, SMB2_HDR_STRUCTURE_SIZE);
	put_le16(out + SMB2_HDR_OFF_CREDIT_CHARGE, req->credit_charge);
	put_le32(out + SMB2_HDR_OFF_STATUS, status);
	put_le16(out + SMB2_HDR_OFF_COMMAND, req->command);
	put_le16(out + SMB2_HDR_OFF_CREDITS, credits_granted);
	put_le32(out + SMB2_HDR_OFF_FLAGS, flags);
	put_le64(out + SMB2_HDR_OFF_MESSAGE_ID, req->message_id);
	put_le32(out + SMB2_HDR_OFF_PROCESS_ID, req->process_id);
	if (req->command == SMB2_NEGOTIATE)
		return;
	put_le32(out + SMB2_HDR_OFF_TREE_ID, req->tree_id);
	put_le64(out + SMB2_HDR_OFF_SESSION_ID, req->session_id);
}

/**
 * smb2_hdr_set_async() - turn a built response header into the ASYNC form
 * @hdr: a 64-byte header written by smb2_hdr_build_rsp()
 * @async_id: AsyncId to send
 *
 * Sets SMB2_FLAGS_ASYNC_COMMAND and writes @async_id over ProcessId/TreeId.
 */
void smb2_hdr_set_async(u8 *hdr, u64 async_id)
{
	u32 flags = get_le32(hdr + SMB2_HDR_OFF_FLAGS);

	put_le32(hdr + SMB2_HDR_OFF_FLAGS, flags | SMB2_FLAGS_ASYNC_COMMAND);
	put_le64(hdr + SMB2_HDR_OFF_ASYNC_ID, async_id);
}

/**
 * smb2_hdr_set_next_command() - set NextCommand of a built header
 * @hdr: a 64-byte header
 * @next_command: offset of the next header from @hdr, 8-byte aligned, or 0
 */
void smb2_hdr_set_next_command(u8 *hdr, u32 next_command)
{
	put_le32(hdr + SMB2_HDR_OFF_NEXT_COMMAND, next_command);
}

/**
 * smb2_build_error_rsp() - write an SMB2 ERROR response body (2.2.2)
 * @out: where the body goes (right after the 64-byte header)
 * @cap: bytes available at @out
 * @data: ErrorData bytes, or NULL when @data_len is 0
 * @data_len: length of ErrorData (ByteCount)
 *
 * StructureSize is 9 and ErrorContextCount 0. Without ErrorData the body
 * still carries one zero byte of ErrorData (ByteCount 0), so it is 9 bytes;
 * otherwise it is 8 + @data_len bytes (e.g. the 4-byte required length that
 * goes with STATUS_BUFFER_TOO_SMALL).
 *
 * Return: the body length, or 0 if it does not fit in @cap (nothing written).
 */
size_t smb2_build_error_rsp(u8 *out, size_t cap, const u8 *data, u32 data_len)
{
	size_t total;

	if (data_len && !data)
		return 0;
	if (data_len > cap || cap - data_len < SMB2_ERROR_RSP_FIXED)
		return 0;
	total = SMB2_ERROR_RSP_FIXED + (size_t)data_len;
	if (!data_len)
		total = SMB2_ERROR_RSP_FIXED + 1;
	if (total > cap)
		return 0;

	put_le16(out, SMB2_ERROR_STRUCTURE_SIZE);
	out[2] = 0;	/* ErrorContextCount */
	out[3] = 0;	/* Reserved */
	put_le32(out + 4, data_len);
	if (data_len)
		memcpy(out + SMB2_ERROR_RSP_FIXED, data, data_len);
	else
		out[SMB2_ERROR_RSP_FIXED] = 0;
	return total;
}

/* Where a request names the size of the data its response carries. */
static int smb2_rsp_data_field(u16 command)
{
	switch (command) {
	case SMB2_READ:			/* Length (2.2.19) */
	case SMB2_QUERY_INFO:		/* OutputBufferLength (2.2.37) */
	case SMB2_CHANGE_NOTIFY:	/* OutputBufferLength (2.2.35) */
		return 4;
	case SMB2_QUERY_DIRECTORY:	/* OutputBufferLength (2.2.33) */
		return 28;
	case SMB2_IOCTL:		/* MaxOutputResponse (2.2.31) */
		return 44;
	default:
		return -1;
	}
}

/**
 * smb2_rsp_size_hint() - room the responses to a message may need
 * @msg: a message of one or more commands (a compound chain)
 * @len: its length
 * @max_each: the most data one response may carry (MaxReadSize ...)
 *
 * Sums the data sizes the commands ask for (each capped at @max_each),
 * plus a header and fixed part for every command. Stops at the first
 * header that does not parse: the dispatcher refuses it anyway.
 *
 * Return: bytes, at least 1 KiB per command.
 */
u32 smb2_rsp_size_hint(const u8 *msg, size_t len, u32 max_each)
{
	size_t off = 0, total = 0;
	struct smb2_hdr h;
	unsigned int n = 0;

	while (off < len && n++ < 64) {
		size_t cmd_len;
		int field;

		if (smb2_hdr_parse(msg + off, len - off, &h) != STATUS_SUCCESS)
			break;
		cmd_len = smb2_hdr_msg_len(&h, len - off);
		total += 1024;
		field = smb2_rsp_data_field(h.command);
		if (field >= 0 && cmd_len >= SMB2_HDR_SIZE + (size_t)field + 4) {
			u32 want = get_le32(msg + off + SMB2_HDR_SIZE + field);

			total += want < max_each ? want : max_each;
		}
		if (!h.next_command)
			break;
		off += h.next_command;
	}
	return total > 0xFFFFFFFFU ? 0xFFFFFFFFU : (u32)total;
}
