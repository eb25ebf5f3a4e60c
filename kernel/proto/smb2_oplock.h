/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_oplock.h - SMB2 OPLOCK_BREAK messages (MS-SMB2 2.2.23-2.2.25,
 * 3.3.4.6, 3.3.4.7, 3.3.5.22): the oplock and lease break notifications
 * the server sends, the acknowledgments it receives and its responses.
 * @cmd arguments are one command: its SMB2 header and body, @len bytes.
 */
#ifndef SMB3K_SMB2_OPLOCK_H
#define SMB3K_SMB2_OPLOCK_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_file.h"

/* StructureSize of the oplock forms (2.2.23.1, 2.2.24.1, 2.2.25.1) */
#define SMB2_OPLOCK_BREAK_SIZE		24
/* StructureSize of the lease acknowledgment and response (2.2.24.2, 2.2.25.2) */
#define SMB2_LEASE_ACK_SIZE		36
/* StructureSize of the lease break notification (2.2.23.2) */
#define SMB2_LEASE_BREAK_SIZE		44

/* Lease break notification Flags (2.2.23.2) */
#define SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED	0x00000001U

/* What an OPLOCK_BREAK request is (3.3.5.22). */
enum smb2_break_ack_kind {
	SMB2_BREAK_ACK_OPLOCK = 1,
	SMB2_BREAK_ACK_LEASE = 2,
};

/**
 * struct smb2_break_ack - a validated OPLOCK_BREAK acknowledgment
 * @kind: oplock (2.2.24.1) or lease (2.2.24.2) acknowledgment
 * @oplock_level: OplockLevel (oplock form)
 * @fileid: FileId (oplock form)
 * @lease_key: LeaseKey (lease form)
 * @lease_flags: Flags (lease form; reserved, kept as sent)
 * @lease_state: LeaseState (lease form)
 */
struct smb2_break_ack {
	enum smb2_break_ack_kind kind;
	u8 oplock_level;
	struct smb2_fileid fileid;
	u8 lease_key[16];
	u32 lease_flags;
	u32 lease_state;
};

/**
 * smb2_break_ack_parse() - parse an OPLOCK_BREAK acknowledgment
 * @cmd: the command (SMB2 header + body)
 * @len: its length
 * @lease_ok: the dialect is not 2.0.2 (StructureSize 36 is a lease ack)
 * @ack: filled on success
 *
 * StructureSize 24 is the oplock form; 36 the lease form when @lease_ok.
 * The body must hold the whole structure.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_break_ack_parse(const u8 *cmd, size_t len, bool lease_ok,
			 struct smb2_break_ack *ack);

/**
 * smb2_oplock_break_build() - oplock break notification or response body
 * @buf: output, the body after the SMB2 header
 * @cap: its size
 * @level: OplockLevel
 * @fileid: FileId
 * @out_len: set to the body length (24)
 *
 * The notification (2.2.23.1) and the response (2.2.25.1) have one form.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_oplock_break_build(u8 *buf, size_t cap, u8 level,
			    const struct smb2_fileid *fileid, size_t *out_len);

/**
 * smb2_lease_break_build() - lease break notification body (2.2.23.2)
 * @buf: output, the body after the SMB2 header
 * @cap: its size
 * @new_epoch: NewEpoch (0 for version 1 leases)
 * @flags: Flags (SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED)
 * @lease_key: LeaseKey
 * @current_state: CurrentLeaseState
 * @new_state: NewLeaseState
 * @out_len: set to the body length (44)
 *
 * BreakReason, AccessMaskHint and ShareMaskHint are 0.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_lease_break_build(u8 *buf, size_t cap, u16 new_epoch, u32 flags,
			   const u8 lease_key[16], u32 current_state, u32 new_state,
			   size_t *out_len);

/**
 * smb2_lease_ack_rsp_build() - lease break response body (2.2.25.2)
 * @buf: output, the body after the SMB2 header
 * @cap: its size
 * @lease_key: LeaseKey
 * @state: LeaseState
 * @out_len: set to the body length (36)
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_lease_ack_rsp_build(u8 *buf, size_t cap, const u8 lease_key[16], u32 state,
			     size_t *out_len);

#endif /* SMB3K_SMB2_OPLOCK_H */
