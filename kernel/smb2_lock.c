// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 LOCK (MS-SMB2 3.3.5.14): elements taken in order; a failed lock
 * releases what the same request took before it. A single lock without
 * SMB2_LOCKFLAG_FAIL_IMMEDIATELY waits asynchronously for its range and
 * can be cancelled.
 */
#include "async.h"
#include "byte_range_lock.h"
#include "conn.h"
#include "open.h"
#include "oplock.h"
#include "persistent.h"
#include "smb2_fileops.h"
#include "proto/smb2_lock.h"

/*
 * 3.3.5.14: the LockSequenceIndex this LOCK is tracked under, or 0. Not
 * on 2.0.2; only for resilient and durable opens (no multichannel is
 * offered, the other case the spec names).
 */
static u32 smb3k_lock_seq_index(const struct smb3k_work *w, const struct smb3k_open *op,
				const struct smb2_lock_req *req)
{
	u32 index = smb2_lock_seq_index(req);

	if (w->conn->dialect == SMB3K_DIALECT_202 || !index || index > SMB3K_LOCK_SEQS)
		return 0;
	return READ_ONCE(op->resilient) || READ_ONCE(op->durable) ? index : 0;
}

/* Release the locks elements [0, @n) of @req took. */
static void smb3k_lock_rollback(struct smb3k_open *op, const struct smb2_lock_req *req, u16 n)
{
	struct smb2_lock_elem e;
	u16 i;

	for (i = 0; i < n; i++) {
		smb2_lock_elem_get(req, i, &e);
		if (!(e.flags & SMB2_LOCKFLAG_UNLOCK))
			smb3k_brl_unlock(op, e.offset, e.length);
	}
}

/**
 * smb3k_smb2_lock() - lock or unlock byte ranges
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status; STATUS_PENDING when a blocking lock waits.
 */
u32 smb3k_smb2_lock(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_lock_req req;
	struct smb2_lock_elem e;
	struct smb3k_open *op;
	u32 status, seq_index;
	size_t len;
	bool excl;
	u16 i;

	status = smb2_lock_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_disk_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	op = w->open;
	if (op->is_dir)
		return STATUS_INVALID_PARAMETER;
	/* A replay of a lock or unlock already done succeeds, not done again. */
	seq_index = smb3k_lock_seq_index(w, op, &req);
	if (seq_index && smb3k_open_lock_seq_check(op, seq_index, smb2_lock_seq_number(&req)))
		goto done;
	/* Others' read caching goes (MS-FSA 2.1.4.12, LOCK_CONTROL). */
	smb3k_oplock_break_others(w, op, SMB3K_BREAK_DATA);

	for (i = 0; i < req.count; i++) {
		smb2_lock_elem_get(&req, i, &e);
		status = smb2_lock_elem_check(&req, i, &e);
		if (status != STATUS_SUCCESS)
			goto fail;
		if (e.flags & SMB2_LOCKFLAG_UNLOCK) {
			status = smb3k_brl_unlock(op, e.offset, e.length);
			if (status != STATUS_SUCCESS)
				goto fail;
			continue;
		}
		excl = e.flags & SMB2_LOCKFLAG_EXCLUSIVE_LOCK;
		status = smb3k_brl_lock(op, e.offset, e.length, excl);
		if (status == STATUS_SUCCESS)
			continue;
		if (status != STATUS_LOCK_NOT_GRANTED || (e.flags & SMB2_LOCKFLAG_FAIL_IMMEDIATELY))
			goto fail;
		/* A blocking lock (the only element: the codec checked). */
		if (smb3k_brl_wait(w, op, e.offset, e.length, excl, seq_index,
				   smb2_lock_seq_number(&req)))
			goto fail;
		return STATUS_PENDING;
	}
	if (seq_index)
		smb3k_open_lock_seq_done(op, seq_index, smb2_lock_seq_number(&req));
	smb3k_persistent_update(op);
done:
	status = smb2_lock_build_rsp(body, cap, &len);
	*body_len = len;
	return status;
fail:
	smb3k_lock_rollback(op, &req, i);
	return status;
}
