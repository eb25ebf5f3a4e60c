/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMB2 packet header (MS-SMB2 2.2.1) and ERROR response
 * body (2.2.2): parse and build.
 */
#ifndef SMB3K_SMB2_HEADER_H
#define SMB3K_SMB2_HEADER_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_wire.h"

/**
 * struct smb2_hdr - validated view of one SMB2 header
 * @credit_charge: CreditCharge (reserved in 2.0.2; the receiver ignores it).
 * @channel_sequence: low 16 bits of @status: ChannelSequence in 3.x requests.
 * @status: the raw (ChannelSequence,Reserved)/Status field.
 * @command: Command.
 * @credits: CreditRequest (request) or CreditResponse (response).
 * @flags: Flags (SMB2_FLAGS_*).
 * @next_command: NextCommand; when nonzero, smb2_hdr_parse() has checked that
 *	it is 8-byte aligned and that a whole header fits at that offset.
 * @message_id: MessageId.
 * @async_id: AsyncId if SMB2_FLAGS_ASYNC_COMMAND is set, else 0.
 * @process_id: Reserved (ProcessId) of the SYNC form, else 0.
 * @tree_id: TreeId of the SYNC form, else 0.
 * @session_id: SessionId.
 * @signature: the 16 Signature bytes, pointing into the parsed buffer.
 */
struct smb2_hdr {
	u16 credit_charge;
	u16 channel_sequence;
	u32 status;
	u16 command;
	u16 credits;
	u32 flags;
	u32 next_command;
	u64 message_id;
	u64 async_id;
	u32 process_id;
	u32 tree_id;
	u64 session_id;
	const u8 *signature;
};

u32 smb2_hdr_parse(const u8 *buf, size_t len, struct smb2_hdr *h);
void smb2_hdr_build_rsp(u8 *out, const struct smb2_hdr *req, u32 status, u16 credits_granted);
void smb2_hdr_set_async(u8 *hdr, u64 async_id);
void smb2_hdr_set_next_command(u8 *hdr, u32 next_command);
size_t smb2_build_error_rsp(u8 *out, size_t cap, const u8 *data, u32 data_len);
u32 smb2_rsp_size_hint(const u8 *msg, size_t len, u32 max_each);

/**
 * smb2_hdr_msg_len() - length of the message that starts with a parsed header
 * @h: header accepted by smb2_hdr_parse()
 * @len: the @len that was given to smb2_hdr_parse()
 *
 * Return: @h->next_command for a compounded message that is not the last
 * one, else @len. Always >= SMB2_HDR_SIZE and <= @len.
 */
static inline size_t smb2_hdr_msg_len(const struct smb2_hdr *h, size_t len)
{
	return h->next_command ? h->next_command : len;
}

#endif /* SMB3K_SMB2_HEADER_H */
