/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_lock.h - LOCK request parsing, lock flag checks and the LOCK
 * response (MS-SMB2 2.2.26, 2.2.27, 3.3.5.14).
 * @cmd arguments are one command: its SMB2 header and body, @len bytes.
 */
#ifndef SMB3K_SMB2_LOCK_H
#define SMB3K_SMB2_LOCK_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_file.h"

/* SMB2_LOCK_ELEMENT Flags (2.2.26.1) */
#define SMB2_LOCKFLAG_SHARED_LOCK	0x00000001U
#define SMB2_LOCKFLAG_EXCLUSIVE_LOCK	0x00000002U
#define SMB2_LOCKFLAG_UNLOCK		0x00000004U
#define SMB2_LOCKFLAG_FAIL_IMMEDIATELY	0x00000010U

#define SMB2_LOCK_ELEMENT_SIZE		24

/**
 * struct smb2_lock_elem - one SMB2_LOCK_ELEMENT
 * @offset: Offset
 * @length: Length
 * @flags: Flags (SMB2_LOCKFLAG_*)
 */
struct smb2_lock_elem {
	u64 offset;
	u64 length;
	u32 flags;
};

/**
 * struct smb2_lock_req - validated LOCK request
 * @count: LockCount, at least 1
 * @lock_sequence: LockSequenceNumber (low 4 bits) and LockSequenceIndex
 * @fileid: FileId
 * @locks: the Locks array inside the command, @count elements
 */
struct smb2_lock_req {
	u16 count;
	u32 lock_sequence;
	struct smb2_fileid fileid;
	const u8 *locks;
};

/* LockSequenceNumber: the 4 least significant bits (2.2.26) */
static inline u8 smb2_lock_seq_number(const struct smb2_lock_req *req)
{
	return req->lock_sequence & 0xF;
}

/* LockSequenceIndex: the other 28 bits, 1..64 when used (2.2.26) */
static inline u32 smb2_lock_seq_index(const struct smb2_lock_req *req)
{
	return req->lock_sequence >> 4;
}

u32 smb2_lock_parse(const u8 *cmd, size_t len, struct smb2_lock_req *req);
void smb2_lock_elem_get(const struct smb2_lock_req *req, u16 i, struct smb2_lock_elem *e);
u32 smb2_lock_elem_check(const struct smb2_lock_req *req, u16 i, const struct smb2_lock_elem *e);
u32 smb2_lock_check_flags(const struct smb2_lock_req *req);
u32 smb2_lock_build_rsp(u8 *body, size_t cap, size_t *len);

#endif /* SMB3K_SMB2_LOCK_H */
