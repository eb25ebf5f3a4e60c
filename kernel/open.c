// SPDX-License-Identifier: GPL-2.0
/*
 * Opens: per-tree table, the GlobalOpenTable of persistent ids, references,
 * close. The same rules as sessions and trees: lookups take a reference,
 * close unlinks and marks dead, and the last put frees. Closing a named
 * pipe tells the daemon. Durable opens may outlive their tree connect
 * (durable.c).
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "byte_range_lock.h"
#include "durable.h"
#include "file_table.h"
#include "ios.h"
#include "notify.h"
#include "open.h"
#include "oplock.h"
#include "persistent.h"
#include "session.h"
#include "tree.h"
#include "upcall.h"

#define SMB3K_PIPE_CLOSE_TIMEOUT_MS	2000

/*
 * The client context for closing an open on its own behalf (its last put):
 * what its session and tree know, no connection data.
 */
static void smb3k_open_ios_ctx(const struct smb3k_open *op, struct smb3k_ios_ctx *ctx)
{
	struct smb3k_tree *tree = op->tree;
	struct smb3k_session *sess = tree->session;

	memset(ctx, 0, sizeof(*ctx));
	ctx->cred = sess->cred;
	ctx->user = sess->user;
	ctx->uid = sess->uid;
	ctx->gid = sess->gid;
	ctx->session_id = sess->id;
	ctx->share_name = tree->share_name;
	ctx->share_options = tree->options;
	ctx->flags = smb3k_tree_ios_flags(tree);
}

/* Close the storage side: the delete-on-close of the last open, then the file. */
static void smb3k_open_release_ios(struct smb3k_open *op)
{
	struct smb3k_ios_share *share = op->ios->share;
	const struct smb3k_ios_ops *ops = share->ops;
	enum smb3k_file_remove remove;
	struct smb3k_ios_ctx ctx;
	u32 status;

	smb3k_open_ios_ctx(op, &ctx);
	remove = smb3k_file_detach(op);
	if (remove != SMB3K_FILE_KEEP && ops->unlink) {
		status = ops->unlink(&ctx, op->ios, remove == SMB3K_FILE_REMOVE_FILE ?
				     SMB3K_IOS_UNLINK_FILE : 0);
		if (status)
			pr_debug("delete on close of %s: status 0x%08x\n", op->name, status);
	}
	ops->close(&ctx, op->ios);
	op->ios = NULL;
	smb3k_ios_share_detach(share);
}

static void smb3k_open_free(struct kref *ref)
{
	struct smb3k_open *op = container_of(ref, struct smb3k_open, ref);

	if (op->ios)
		smb3k_open_release_ios(op);
	smb3k_tree_put(op->tree);
	kfree(op->dir_pattern);
	kfree(op->name);
	kfree(op->stream);
	kfree(op);
}

/**
 * smb3k_open_put() - drop a reference
 * @op: the open
 */
void smb3k_open_put(struct smb3k_open *op)
{
	kref_put(&op->ref, smb3k_open_free);
}

/**
 * smb3k_open_lock_seq_check() - is a LOCK a replay of one already done?
 * @op: the open (resilient or durable: the caller checked)
 * @index: LockSequenceIndex, 1..64
 * @seq: LockSequenceNumber
 *
 * MS-SMB2 3.3.5.14: the entry holds the sequence number of the last lock
 * or unlock done through it; the same number again is a replay, answered
 * with success and not done twice. Another number invalidates the entry.
 *
 * Return: true for a replay.
 */
bool smb3k_open_lock_seq_check(struct smb3k_open *op, u32 index, u8 seq)
{
	bool replay;

	spin_lock(&op->lock_seq_lock);
	replay = op->lock_seq[index - 1] == (SMB3K_LOCK_SEQ_VALID | seq);
	if (!replay)
		op->lock_seq[index - 1] = SMB3K_LOCK_SEQ_NONE;
	spin_unlock(&op->lock_seq_lock);
	return replay;
}

/**
 * smb3k_open_lock_seq_done() - a LOCK went through: remember its sequence
 * @op: the open (resilient or durable)
 * @index: LockSequenceIndex, 1..64
 * @seq: LockSequenceNumber
 */
void smb3k_open_lock_seq_done(struct smb3k_open *op, u32 index, u8 seq)
{
	spin_lock(&op->lock_seq_lock);
	op->lock_seq[index - 1] = SMB3K_LOCK_SEQ_VALID | seq;
	spin_unlock(&op->lock_seq_lock);
}

/**
 * smb3k_open_chan_seq_apply() - count a request under its ChannelSequence
 * @op: the open; under its lock_seq_lock
 * @seq: the request's ChannelSequence
 * @replay: SMB2_FLAGS_REPLAY_OPERATION is set
 * @counted: set when the request now counts as outstanding (the caller
 *	     calls smb3k_open_chan_seq_done() when it is done)
 *
 * MS-SMB2 3.3.5.2.10. A newer ChannelSequence (16-bit difference up to
 * 0x7FFF) moves what was outstanding to OutstandingPreRequestCount; an
 * older one is stale, and so is a replay while requests of an older
 * sequence are still outstanding.
 *
 * Return: true when the request is stale (WRITE, SET_INFO and IOCTL fail
 * with STATUS_FILE_NOT_AVAILABLE).
 */
bool smb3k_open_chan_seq_apply(struct smb3k_open *op, u16 seq, bool replay, bool *counted)
{
	u16 diff = seq - op->channel_sequence;

	*counted = false;
	if (diff > 0x7FFF)
		return true;
	if (diff) {
		op->outstanding_pre += op->outstanding;
		op->outstanding = 0;
		op->channel_sequence = seq;
	}
	if (replay && op->outstanding_pre)
		return true;
	op->outstanding++;
	*counted = true;
	return false;
}

/**
 * smb3k_open_chan_seq_done() - a counted request is done (MS-SMB2 3.3.4.1)
 * @op: the open; under its lock_seq_lock
 * @seq: the request's ChannelSequence
 */
void smb3k_open_chan_seq_done(struct smb3k_open *op, u16 seq)
{
	if (seq == op->channel_sequence) {
		if (op->outstanding)
			op->outstanding--;
	} else if (op->outstanding_pre) {
		op->outstanding_pre--;
	}
}

/**
 * smb3k_open_new() - a new open, not yet in its tree's table
 * @tree: the tree (referenced by the open)
 * @name: pipe name or share-relative path
 *
 * Return: the open with one reference, or NULL.
 */
struct smb3k_open *smb3k_open_new(struct smb3k_tree *tree, const char *name)
{
	struct smb3k_open *op;

	op = kzalloc(sizeof(*op), GFP_KERNEL);
	if (!op)
		return NULL;
	op->name = kstrdup(name, GFP_KERNEL);
	if (!op->name) {
		kfree(op);
		return NULL;
	}
	kref_init(&op->ref);
	mutex_init(&op->lock);
	INIT_LIST_HEAD(&op->file_node);
	INIT_LIST_HEAD(&op->durable_node);
	INIT_LIST_HEAD(&op->app_node);
	INIT_HLIST_NODE(&op->replay_node);
	memset(op->lock_seq, SMB3K_LOCK_SEQ_NONE, sizeof(op->lock_seq));
	spin_lock_init(&op->lock_seq_lock);
	kref_get(&tree->ref);
	op->tree = tree;
	return op;
}

/* Persistent ids: never 0, never all ones (the related-chain FileId). */
static const struct xa_limit smb3k_persistent_limit = XA_LIMIT(1, U32_MAX - 1);
static u32 smb3k_next_persistent_id;

/**
 * smb3k_open_insert() - give a new open its FileId and make it visible
 * @op: from smb3k_open_new(), fully set up (@op->durable decided); on
 *	success the table holds an extra reference
 *
 * Return: 0, -ENOSPC, -ENOMEM, or -ENOENT when the tree was disconnected
 * meanwhile.
 */
int smb3k_open_insert(struct smb3k_open *op)
{
	struct smb3k_tree *tree = op->tree;
	struct smb3k_session *sess = tree->session;
	u32 id, pid;
	int ret;

	/* A durable open is found by its persistent id; others only reserve it. */
	if (smb3k_open_tracked(op))
		mutex_lock(&smb3k_durable_lock);
	ret = xa_alloc_cyclic(&smb3k_global_opens, &pid, op->durable ? op : NULL,
			      smb3k_persistent_limit, &smb3k_next_persistent_id, GFP_KERNEL);
	if (ret < 0)
		goto unlock_durable;
	mutex_lock(&sess->lock);
	if (tree->dead) {
		ret = -ENOENT;
		goto unlock;
	}
	ret = xa_alloc_cyclic(&tree->opens, &id, op, xa_limit_31b,
			      &tree->next_open_id, GFP_KERNEL);
	if (ret < 0)
		goto unlock;
	op->id = id;
	op->persistent_id = pid;
	kref_get(&op->ref);
	if (op->app_instance)
		smb3k_app_instance_add(op);
	if (op->replay_eligible)
		smb3k_replay_add(op);
	ret = 0;
unlock:
	mutex_unlock(&sess->lock);
	if (ret)
		xa_erase(&smb3k_global_opens, pid);
unlock_durable:
	if (smb3k_open_tracked(op))
		mutex_unlock(&smb3k_durable_lock);
	return ret == -EBUSY ? -ENOSPC : ret;
}

/**
 * smb3k_open_add() - add a named pipe open to a tree connect
 * @tree: the tree (referenced by the open)
 * @pipe_id: the daemon's pipe id
 * @name: the pipe's name
 *
 * Return: the open with two references (table and caller) or an ERR_PTR():
 * -ENOMEM, -ENOSPC, or -ENOENT when the tree was disconnected meanwhile.
 */
struct smb3k_open *smb3k_open_add(struct smb3k_tree *tree, u64 pipe_id,
				  const char *name)
{
	struct smb3k_open *op = smb3k_open_new(tree, name);
	int ret;

	if (!op)
		return ERR_PTR(-ENOMEM);
	op->pipe_id = pipe_id;
	ret = smb3k_open_insert(op);
	if (ret) {
		smb3k_open_put(op);
		return ERR_PTR(ret);
	}
	return op;
}

/**
 * smb3k_open_lookup() - find a live open of a tree by FileId
 * @tree: the request's tree connect
 * @persistent: FileId.Persistent
 * @volatile_id: FileId.Volatile
 *
 * Return: a referenced open, or NULL (STATUS_FILE_CLOSED).
 */
struct smb3k_open *smb3k_open_lookup(struct smb3k_tree *tree, u64 persistent,
				     u64 volatile_id)
{
	struct smb3k_session *sess = tree->session;
	struct smb3k_open *op = NULL;

	if (volatile_id > U32_MAX)
		return NULL;
	mutex_lock(&sess->lock);
	op = xa_load(&tree->opens, volatile_id);
	/* 3.3.5.x: an open whose DurableFileId differs is not the one named. */
	if (op && !op->dead && op->persistent_id == persistent)
		kref_get(&op->ref);
	else
		op = NULL;
	mutex_unlock(&sess->lock);
	return op;
}

static int smb3k_pipe_close_fill(struct sk_buff *skb, void *arg)
{
	struct smb3k_open *op = arg;

	return nla_put_u64_64bit(skb, SMB3K_A_PIPE_ID, op->pipe_id, SMB3K_A_PAD);
}

/* Close @op; with @disconnected only while it waits for its client. */
static bool smb3k_open_do_close(struct smb3k_open *op, bool disconnected)
{
	struct smb3k_session *sess;
	struct sk_buff *reply = NULL;
	bool closing = false, remove_record = false;

	/* A durable open's tree and state change under this lock only. */
	if (smb3k_open_tracked(op))
		mutex_lock(&smb3k_durable_lock);
	sess = op->tree->session;
	mutex_lock(&sess->lock);
	if (!op->dead && (!disconnected || op->disconnected)) {
		op->dead = true;
		if (op->disconnected)
			smb3k_durable_unlist(op);
		else
			xa_cmpxchg(&op->tree->opens, op->id, op, NULL, 0);
		closing = true;
	}
	mutex_unlock(&sess->lock);
	if (closing && op->persistent)
		remove_record = smb3k_persistent_mark_closed(op);
	else if (closing && op->persistent_id)
		xa_erase(&smb3k_global_opens, op->persistent_id);
	if (closing && op->app_instance)
		list_del_init(&op->app_node);
	if (closing && smb3k_open_tracked(op))
		smb3k_replay_del(op);
	if (smb3k_open_tracked(op))
		mutex_unlock(&smb3k_durable_lock);
	if (!closing)
		return false;
	if (op->ios) {
		smb3k_oplock_open_closed(op);
		smb3k_brl_open_closed(op);
		smb3k_notify_open_closed(op);
	}
	if (remove_record)
		smb3k_persistent_closed(op->persistent_id);
	if (op->tree->share_type == SMB3K_SHARE_PIPE) {
		smb3k_upcall(SMB3K_CMD_RPC_CLOSE, smb3k_pipe_close_fill, op, 0,
			     SMB3K_PIPE_CLOSE_TIMEOUT_MS, &reply);
		kfree_skb(reply);
	}
	smb3k_open_put(op);	/* the table's (or the scavenger list's) reference */
	return true;
}

/**
 * smb3k_open_close() - close an open
 * @op: the open (the caller holds a reference)
 *
 * Also closes a disconnected durable open.
 *
 * Return: true for the call that closed it, false if it was closed already.
 */
bool smb3k_open_close(struct smb3k_open *op)
{
	return smb3k_open_do_close(op, false);
}

/**
 * smb3k_open_close_disconnected() - close a durable open its client left
 * @op: the open (the caller holds a reference)
 *
 * For the scavenger and breaks (durable.c): an open its client reclaimed
 * meanwhile stays open.
 *
 * Return: true when it was closed.
 */
bool smb3k_open_close_disconnected(struct smb3k_open *op)
{
	return smb3k_open_do_close(op, true);
}

/**
 * smb3k_open_close_all() - close every open of a disconnected tree
 * @tree: the tree, already marked dead (no new opens can be added)
 * @keep_durable: the session ends without a LOGOFF of the client's own
 *		  or with one (MS-SMB2 3.3.7.1, 3.3.5.6): durable opens that
 *		  still cache their handle wait for a reconnect instead
 */
void smb3k_open_close_all(struct smb3k_tree *tree, bool keep_durable)
{
	struct smb3k_session *sess = tree->session;
	struct smb3k_open *op;
	unsigned long index;

	for (;;) {
		index = 0;
		mutex_lock(&sess->lock);
		op = xa_find(&tree->opens, &index, ULONG_MAX, XA_PRESENT);
		if (op)
			kref_get(&op->ref);
		mutex_unlock(&sess->lock);
		if (!op)
			break;
		if (!keep_durable || !(READ_ONCE(op->durable) || READ_ONCE(op->resilient)) ||
		    !smb3k_durable_disconnect(op))
			smb3k_open_close(op);
		smb3k_open_put(op);
	}
}
