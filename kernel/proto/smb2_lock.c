// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_lock.c - LOCK request and response (MS-SMB2 2.2.26, 2.2.27) and the
 * flag and range rules of 3.3.5.14.
 */
#include "smb2_lock.h"

#define LOCK_REQ_SIZE		48	/* StructureSize: one element included */
#define LOCK_REQ_FIXED		24	/* bytes before Locks[] */
#define LOCK_RSP_SIZE		4

/**
 * smb2_lock_parse() - validate a LOCK request
 * @cmd: the command
 * @len: its length
 * @req: the validated view
 *
 * StructureSize 48, LockCount at least 1 (2.2.26) and the LockCount
 * elements inside the command.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_lock_parse(const u8 *cmd, size_t len, struct smb2_lock_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;

	if (len < SMB2_HDR_SIZE + LOCK_REQ_FIXED || get_le16(b) != LOCK_REQ_SIZE)
		return STATUS_INVALID_PARAMETER;
	req->count = get_le16(b + 2);
	req->lock_sequence = get_le32(b + 4);
	req->fileid.persistent = get_le64(b + 8);
	req->fileid.volatile_id = get_le64(b + 16);
	req->locks = b + LOCK_REQ_FIXED;
	if (!req->count ||
	    (len - SMB2_HDR_SIZE - LOCK_REQ_FIXED) / SMB2_LOCK_ELEMENT_SIZE < req->count)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/**
 * smb2_lock_elem_get() - read one SMB2_LOCK_ELEMENT (2.2.26.1)
 * @req: a request smb2_lock_parse() accepted
 * @i: the element, below @req->count (else @e is zeroed)
 * @e: Offset, Length and Flags
 */
void smb2_lock_elem_get(const struct smb2_lock_req *req, u16 i, struct smb2_lock_elem *e)
{
	const u8 *p = req->locks + (size_t)i * SMB2_LOCK_ELEMENT_SIZE;

	if (i >= req->count) {
		memset(e, 0, sizeof(*e));
		return;
	}
	e->offset = get_le64(p);
	e->length = get_le64(p + 8);
	e->flags = get_le32(p + 16);
}

static bool is_unlock_series(const struct smb2_lock_req *req)
{
	return get_le32(req->locks + 16) & SMB2_LOCKFLAG_UNLOCK;
}

/**
 * smb2_lock_elem_check() - flag and range rules for one element
 * @req: a request smb2_lock_parse() accepted
 * @i: the element's index
 * @e: the element (smb2_lock_elem_get())
 *
 * The first element's UNLOCK flag makes the request a series of unlocks,
 * else of locks (3.3.5.14). Unlocks take exactly SMB2_LOCKFLAG_UNLOCK
 * (3.3.5.14.1 fails SHARED/EXCLUSIVE; FAIL_IMMEDIATELY is not a valid
 * combination of 2.2.26.1 and current Windows refuses it too). Locks take
 * SHARED or EXCLUSIVE, optionally with FAIL_IMMEDIATELY, and when there is
 * more than one element every one must have FAIL_IMMEDIATELY (3.3.5.14.2,
 * checked with element 0, before any is processed; Windows looks only at
 * the first). Offset + Length may not pass 2^64 (MS-FSA 2.1.5.8/2.1.5.9).
 *
 * A handler processes element i only after this returned success for it,
 * so that earlier elements take effect before a later bad one fails, as
 * 3.3.5.14.1/2 describe.
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER or
 * STATUS_INVALID_LOCK_RANGE.
 */
u32 smb2_lock_elem_check(const struct smb2_lock_req *req, u16 i, const struct smb2_lock_elem *e)
{
	u32 kind = e->flags & ~SMB2_LOCKFLAG_FAIL_IMMEDIATELY;
	u16 k;

	if (is_unlock_series(req)) {
		if (e->flags != SMB2_LOCKFLAG_UNLOCK)
			return STATUS_INVALID_PARAMETER;
	} else {
		if (kind != SMB2_LOCKFLAG_SHARED_LOCK && kind != SMB2_LOCKFLAG_EXCLUSIVE_LOCK)
			return STATUS_INVALID_PARAMETER;
		if (i == 0 && req->count > 1)
			for (k = 0; k < req->count; k++)
				if (!(get_le32(req->locks + (size_t)k * SMB2_LOCK_ELEMENT_SIZE + 16) &
				      SMB2_LOCKFLAG_FAIL_IMMEDIATELY))
					return STATUS_INVALID_PARAMETER;
	}
	if (e->length && e->offset + (e->length - 1) < e->offset)
		return STATUS_INVALID_LOCK_RANGE;
	return STATUS_SUCCESS;
}

/**
 * smb2_lock_check_flags() - the rules of smb2_lock_elem_check() on every element
 * @req: a request smb2_lock_parse() accepted
 *
 * For handlers that validate the whole request before acting on it.
 *
 * Return: the first failure in element order, or STATUS_SUCCESS.
 */
u32 smb2_lock_check_flags(const struct smb2_lock_req *req)
{
	struct smb2_lock_elem e;
	u32 status;
	u16 i;

	for (i = 0; i < req->count; i++) {
		smb2_lock_elem_get(req, i, &e);
		status = smb2_lock_elem_check(req, i, &e);
		if (status != STATUS_SUCCESS)
			return status;
	}
	return STATUS_SUCCESS;
}

/**
 * smb2_lock_build_rsp() - LOCK response body (2.2.27)
 * @body: output
 * @cap: bytes available
 * @len: set to 4
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_lock_build_rsp(u8 *body, size_t cap, size_t *len)
{
	if (cap < LOCK_RSP_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(body, LOCK_RSP_SIZE);
	put_le16(body + 2, 0);
	*len = LOCK_RSP_SIZE;
	return STATUS_SUCCESS;
}
