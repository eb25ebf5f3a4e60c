// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_oplock.c - OPLOCK_BREAK notifications, acknowledgments and responses
 * (MS-SMB2 2.2.23, 2.2.24, 2.2.25) in their oplock and lease forms.
 */
#include "smb2_oplock.h"

/**
 * smb2_break_ack_parse() - validate an OPLOCK_BREAK acknowledgment
 * @cmd: the command
 * @len: its length
 * @lease_ok: StructureSize 36 is a lease acknowledgment (not SMB 2.0.2)
 * @ack: the validated acknowledgment
 *
 * StructureSize picks the form: 24 the oplock one (2.2.24.1), 36 the lease
 * one (2.2.24.2) when @lease_ok. The whole structure must be inside the
 * command. Reserved, Reserved2 and LeaseDuration are not looked at; the
 * fields of the other form are zero in @ack.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_break_ack_parse(const u8 *cmd, size_t len, bool lease_ok,
			 struct smb2_break_ack *ack)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	u16 size;

	if (len < SMB2_HDR_SIZE + 2)
		return STATUS_INVALID_PARAMETER;
	size = get_le16(b);
	if (size == SMB2_LEASE_ACK_SIZE && !lease_ok)
		return STATUS_INVALID_PARAMETER;
	if ((size != SMB2_OPLOCK_BREAK_SIZE && size != SMB2_LEASE_ACK_SIZE) ||
	    len - SMB2_HDR_SIZE < size)
		return STATUS_INVALID_PARAMETER;
	memset(ack, 0, sizeof(*ack));
	if (size == SMB2_OPLOCK_BREAK_SIZE) {
		ack->kind = SMB2_BREAK_ACK_OPLOCK;
		ack->oplock_level = b[2];
		ack->fileid.persistent = get_le64(b + 8);
		ack->fileid.volatile_id = get_le64(b + 16);
	} else {
		ack->kind = SMB2_BREAK_ACK_LEASE;
		ack->lease_flags = get_le32(b + 4);
		memcpy(ack->lease_key, b + 8, sizeof(ack->lease_key));
		ack->lease_state = get_le32(b + 24);
	}
	return STATUS_SUCCESS;
}

/**
 * smb2_oplock_break_build() - oplock break notification or response body
 * @buf: output
 * @cap: bytes available
 * @level: OplockLevel
 * @fileid: FileId
 * @out_len: set to 24
 *
 * 2.2.23.1 and 2.2.25.1 are the same structure; Reserved and Reserved2
 * are 0.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_oplock_break_build(u8 *buf, size_t cap, u8 level,
			    const struct smb2_fileid *fileid, size_t *out_len)
{
	if (cap < SMB2_OPLOCK_BREAK_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(buf, SMB2_OPLOCK_BREAK_SIZE);
	buf[2] = level;
	buf[3] = 0;
	put_le32(buf + 4, 0);
	put_le64(buf + 8, fileid->persistent);
	put_le64(buf + 16, fileid->volatile_id);
	*out_len = SMB2_OPLOCK_BREAK_SIZE;
	return STATUS_SUCCESS;
}

/**
 * smb2_lease_break_build() - lease break notification body (2.2.23.2)
 * @buf: output
 * @cap: bytes available
 * @new_epoch: NewEpoch
 * @flags: Flags
 * @lease_key: LeaseKey
 * @current_state: CurrentLeaseState
 * @new_state: NewLeaseState
 * @out_len: set to 44
 *
 * BreakReason, AccessMaskHint and ShareMaskHint are 0.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_lease_break_build(u8 *buf, size_t cap, u16 new_epoch, u32 flags,
			   const u8 lease_key[16], u32 current_state, u32 new_state,
			   size_t *out_len)
{
	if (cap < SMB2_LEASE_BREAK_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(buf, SMB2_LEASE_BREAK_SIZE);
	put_le16(buf + 2, new_epoch);
	put_le32(buf + 4, flags);
	memcpy(buf + 8, lease_key, 16);
	put_le32(buf + 24, current_state);
	put_le32(buf + 28, new_state);
	put_le32(buf + 32, 0);
	put_le32(buf + 36, 0);
	put_le32(buf + 40, 0);
	*out_len = SMB2_LEASE_BREAK_SIZE;
	return STATUS_SUCCESS;
}

/**
 * smb2_lease_ack_rsp_build() - lease break response body (2.2.25.2)
 * @buf: output
 * @cap: bytes available
 * @lease_key: LeaseKey
 * @state: LeaseState
 * @out_len: set to 36
 *
 * Reserved, Flags and LeaseDuration are 0.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_lease_ack_rsp_build(u8 *buf, size_t cap, const u8 lease_key[16], u32 state,
			     size_t *out_len)
{
	if (cap < SMB2_LEASE_ACK_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(buf, SMB2_LEASE_ACK_SIZE);
	put_le16(buf + 2, 0);
	put_le32(buf + 4, 0);
	memcpy(buf + 8, lease_key, 16);
	put_le32(buf + 24, state);
	put_le64(buf + 28, 0);
	*out_len = SMB2_LEASE_ACK_SIZE;
	return STATUS_SUCCESS;
}
