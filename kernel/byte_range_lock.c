// SPDX-License-Identifier: GPL-2.0
/*
 * Byte-range locks (MS-FSA 2.1.5.8, 2.1.5.9, 2.1.4.10), kept per file in
 * the open file table so that every open of the file, from any session
 * or connection, sees them. Blocking requests wait as async SMB2 requests
 * and are retried whenever a lock of the file goes away.
 */
#include <linux/slab.h>
#include <linux/smb3k.h>

#include "async.h"
#include "byte_range_lock.h"
#include "file_table.h"
#include "open.h"
#include "proto/ntstatus.h"
#include "proto/smb2_lock.h"

/**
 * struct smb3k_brl - a granted byte-range lock (MS-FSA 2.1.1.7)
 * @node: on smb3k_file.locks
 * @owner: the open holding it (not referenced: removed when it closes)
 * @offset: LockOffset
 * @length: LockLength
 * @exclusive: IsExclusive
 */
struct smb3k_brl {
	struct list_head node;
	struct smb3k_open *owner;
	u64 offset;
	u64 length;
	bool exclusive;
};

/**
 * struct smb3k_brl_wait - a blocking lock request waiting for its range
 * @node: on smb3k_file.waiters
 * @op: the open asking (referenced)
 * @a: the async request to answer (referenced)
 * @offset: the range
 * @length: its length
 * @exclusive: exclusive or shared
 * @seq_index: LockSequenceIndex to record once granted (3.3.5.14), or 0
 * @seq: its LockSequenceNumber
 */
struct smb3k_brl_wait {
	struct list_head node;
	struct smb3k_open *op;
	struct smb3k_async *a;
	u64 offset;
	u64 length;
	bool exclusive;
	u32 seq_index;
	u8 seq;
};

/*
 * MS-FSA 2.1.4.10, with its arithmetic: a zero-length range [o, o - 1]
 * meets the locks that cover o without starting there. @lock_intent is
 * false for reads and writes.
 */
static bool smb3k_brl_conflicts(struct smb3k_file *f, struct smb3k_open *op, u64 offset,
				u64 length, bool exclusive, bool lock_intent)
{
	u64 last = offset + length - 1;
	struct smb3k_brl *l;

	if (!offset && !length)
		return false;
	list_for_each_entry(l, &f->locks, node) {
		if (!l->offset && !l->length)
			continue;
		if (offset > l->offset + l->length - 1 || last < l->offset)
			continue;
		if (l->exclusive) {
			/* Exclusive locks block every other open ... */
			if (l->owner != op)
				return true;
			/* ... and overlapping exclusive locks of the same one. */
			if (exclusive && lock_intent)
				return true;
		} else if (exclusive) {
			/* Shared locks block anything with exclusive intent. */
			return true;
		}
	}
	return false;
}

static u32 smb3k_brl_add(struct smb3k_file *f, struct smb3k_open *op, u64 offset,
			 u64 length, bool exclusive)
{
	struct smb3k_brl *l = kmalloc(sizeof(*l), GFP_KERNEL);

	if (!l)
		return STATUS_INSUFFICIENT_RESOURCES;
	l->owner = op;
	l->offset = offset;
	l->length = length;
	l->exclusive = exclusive;
	list_add_tail(&l->node, &f->locks);
	return STATUS_SUCCESS;
}

/**
 * smb3k_brl_lock() - take a lock without waiting
 * @op: an attached disk open
 * @offset: first byte
 * @length: bytes (0 is allowed)
 * @exclusive: exclusive or shared
 *
 * Return: STATUS_SUCCESS or STATUS_LOCK_NOT_GRANTED.
 */
u32 smb3k_brl_lock(struct smb3k_open *op, u64 offset, u64 length, bool exclusive)
{
	u32 status;

	mutex_lock(&smb3k_files_lock);
	if (!op->file)
		status = STATUS_FILE_CLOSED;
	else if (smb3k_brl_conflicts(op->file, op, offset, length, exclusive, true))
		status = STATUS_LOCK_NOT_GRANTED;
	else
		status = smb3k_brl_add(op->file, op, offset, length, exclusive);
	mutex_unlock(&smb3k_files_lock);
	return status;
}

/* Grant what waits and now can be granted. Under smb3k_files_lock. */
static void smb3k_brl_retry(struct smb3k_file *f)
{
	static const u8 ok_body[4] = { 4, 0, 0, 0 };
	struct smb3k_brl_wait *wt, *tmp;

	list_for_each_entry_safe(wt, tmp, &f->waiters, node) {
		if (smb3k_brl_conflicts(f, wt->op, wt->offset, wt->length, wt->exclusive, true))
			continue;
		list_del(&wt->node);
		if (smb3k_brl_add(f, wt->op, wt->offset, wt->length, wt->exclusive) ==
		    STATUS_SUCCESS) {
			if (wt->seq_index)
				smb3k_open_lock_seq_done(wt->op, wt->seq_index, wt->seq);
			smb3k_async_complete(wt->a, STATUS_SUCCESS, ok_body, sizeof(ok_body));
		} else {
			smb3k_async_complete(wt->a, STATUS_INSUFFICIENT_RESOURCES, NULL, 0);
		}
		smb3k_async_put(wt->a);
		smb3k_open_put(wt->op);
		kfree(wt);
	}
}

/**
 * smb3k_brl_unlock() - remove a lock the open holds, exactly as taken
 * @op: an attached disk open
 * @offset: its first byte
 * @length: its length
 *
 * Return: STATUS_SUCCESS or STATUS_RANGE_NOT_LOCKED.
 */
u32 smb3k_brl_unlock(struct smb3k_open *op, u64 offset, u64 length)
{
	u32 status = STATUS_RANGE_NOT_LOCKED;
	struct smb3k_brl *l;

	mutex_lock(&smb3k_files_lock);
	if (op->file) {
		list_for_each_entry(l, &op->file->locks, node) {
			if (l->owner == op && l->offset == offset && l->length == length) {
				list_del(&l->node);
				kfree(l);
				status = STATUS_SUCCESS;
				smb3k_brl_retry(op->file);
				break;
			}
		}
	}
	mutex_unlock(&smb3k_files_lock);
	return status;
}

/* CANCEL, or the connection went away: the waiter ends cancelled. */
static void smb3k_brl_cancel(struct smb3k_async *a)
{
	struct smb3k_brl_wait *wt = a->priv;
	struct smb3k_open *op = wt->op;
	bool found = false;

	mutex_lock(&smb3k_files_lock);
	if (op->file) {
		struct smb3k_brl_wait *x;

		list_for_each_entry(x, &op->file->waiters, node) {
			if (x == wt) {
				found = true;
				list_del(&wt->node);
				break;
			}
		}
	}
	mutex_unlock(&smb3k_files_lock);
	if (!found)
		return;		/* granted or ended meanwhile */
	smb3k_async_complete(a, STATUS_CANCELLED, NULL, 0);
	smb3k_async_put(a);
	smb3k_open_put(op);
	kfree(wt);
}

/**
 * smb3k_brl_wait() - make a blocking lock request wait for its range
 * @w: the LOCK request (its last command: see smb3k_async_start())
 * @op: an attached disk open
 * @offset: first byte
 * @length: bytes
 * @exclusive: exclusive or shared
 * @seq_index: the LockSequenceIndex to record when it is granted, or 0
 * @seq: its LockSequenceNumber
 *
 * The request goes asynchronous with its cancel callback set from the
 * start; it is granted at once when nothing conflicts any more.
 *
 * Return: 0 (the handler returns STATUS_PENDING), or -ENOMEM / -EBUSY
 * (it cannot go async) / -ENOENT (the open closed): answer synchronously.
 */
int smb3k_brl_wait(struct smb3k_work *w, struct smb3k_open *op, u64 offset, u64 length,
		   bool exclusive, u32 seq_index, u8 seq)
{
	struct smb3k_brl_wait *wt = kzalloc(sizeof(*wt), GFP_KERNEL);

	if (!wt)
		return -ENOMEM;
	wt->a = smb3k_async_start(w, smb3k_brl_cancel, wt);
	if (!wt->a) {
		kfree(wt);
		return -EBUSY;
	}
	kref_get(&op->ref);
	wt->op = op;
	wt->offset = offset;
	wt->length = length;
	wt->exclusive = exclusive;
	wt->seq_index = seq_index;
	wt->seq = seq;
	mutex_lock(&smb3k_files_lock);
	if (!op->file || op->dead) {
		mutex_unlock(&smb3k_files_lock);
		smb3k_async_complete(wt->a, STATUS_RANGE_NOT_LOCKED, NULL, 0);
		smb3k_async_put(wt->a);
		smb3k_open_put(op);
		kfree(wt);
		return 0;
	}
	list_add_tail(&wt->node, &op->file->waiters);
	smb3k_brl_retry(op->file);
	mutex_unlock(&smb3k_files_lock);
	return 0;
}

/**
 * smb3k_brl_check_io() - may @op read or write this range?
 * @op: a disk open
 * @offset: first byte
 * @length: bytes
 * @write: a write (exclusive intent) or a read
 *
 * Return: STATUS_SUCCESS or STATUS_FILE_LOCK_CONFLICT.
 */
u32 smb3k_brl_check_io(struct smb3k_open *op, u64 offset, u64 length, bool write)
{
	bool conflict = false;

	if (!length)
		return STATUS_SUCCESS;
	mutex_lock(&smb3k_files_lock);
	if (op->file && !list_empty(&op->file->locks))
		conflict = smb3k_brl_conflicts(op->file, op, offset, length, write, false);
	mutex_unlock(&smb3k_files_lock);
	return conflict ? STATUS_FILE_LOCK_CONFLICT : STATUS_SUCCESS;
}

/**
 * smb3k_brl_open_closed() - an open is closed: its locks go, its waiters end
 * @op: the open (CLOSE, tree disconnect, logoff or connection loss)
 */
void smb3k_brl_open_closed(struct smb3k_open *op)
{
	struct smb3k_brl_wait *wt, *wtmp;
	struct smb3k_brl *l, *tmp;
	LIST_HEAD(ended);

	mutex_lock(&smb3k_files_lock);
	if (!op->file) {
		mutex_unlock(&smb3k_files_lock);
		return;
	}
	list_for_each_entry_safe(wt, wtmp, &op->file->waiters, node)
		if (wt->op == op)
			list_move_tail(&wt->node, &ended);
	list_for_each_entry_safe(l, tmp, &op->file->locks, node) {
		if (l->owner == op) {
			list_del(&l->node);
			kfree(l);
		}
	}
	smb3k_brl_retry(op->file);
	mutex_unlock(&smb3k_files_lock);

	list_for_each_entry_safe(wt, wtmp, &ended, node) {
		list_del(&wt->node);
		smb3k_async_complete(wt->a, STATUS_RANGE_NOT_LOCKED, NULL, 0);
		smb3k_async_put(wt->a);
		smb3k_open_put(wt->op);
		kfree(wt);
	}
}

/**
 * smb3k_brl_snapshot() - the locks @op holds, for its persistent record
 * @op: the open
 * @locks: set to a kvmalloc'ed array (NULL when there are none)
 * @n: set to its length
 *
 * Return: 0, -ENOMEM or -E2BIG (more than SMB3K_OPEN_LOCKS_MAX).
 */
int smb3k_brl_snapshot(struct smb3k_open *op, struct smb3k_open_lock **locks, u32 *n)
{
	struct smb3k_open_lock *a = NULL;
	struct smb3k_brl *l;
	u32 count = 0, i = 0;
	int ret = 0;

	*locks = NULL;
	*n = 0;
	mutex_lock(&smb3k_files_lock);
	if (!op->file)
		goto out;
	list_for_each_entry(l, &op->file->locks, node)
		count += l->owner == op;
	if (!count)
		goto out;
	if (count > SMB3K_OPEN_LOCKS_MAX) {
		ret = -E2BIG;
		goto out;
	}
	a = kvcalloc(count, sizeof(*a), GFP_KERNEL);
	if (!a) {
		ret = -ENOMEM;
		goto out;
	}
	list_for_each_entry(l, &op->file->locks, node) {
		if (l->owner != op)
			continue;
		a[i].offset = l->offset;
		a[i].length = l->length;
		a[i].flags = l->exclusive ? SMB3K_OPEN_LOCK_EXCLUSIVE : SMB3K_OPEN_LOCK_SHARED;
		i++;
	}
	*locks = a;
	*n = i;
out:
	mutex_unlock(&smb3k_files_lock);
	return ret;
}
