// SPDX-License-Identifier: GPL-2.0
/*
 * Opens: per-tree table, references, close. The same rules as sessions
 * and trees: lookups take a reference, close unlinks and marks dead, and
 * the last put frees. Closing a named pipe tells the daemon.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "open.h"
#include "session.h"
#include "tree.h"
#include "upcall.h"

#define SMB3K_PIPE_CLOSE_TIMEOUT_MS	2000

static void smb3k_open_free(struct kref *ref)
{
	struct smb3k_open *op = container_of(ref, struct smb3k_open, ref);

	smb3k_tree_put(op->tree);
	kfree(op->name);
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
 * smb3k_open_add() - add an open to a tree connect
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
	struct smb3k_session *sess = tree->session;
	struct smb3k_open *op;
	int ret;
	u32 id;

	op = kzalloc(sizeof(*op), GFP_KERNEL);
	if (!op)
		return ERR_PTR(-ENOMEM);
	op->name = kstrdup(name, GFP_KERNEL);
	if (!op->name) {
		kfree(op);
		return ERR_PTR(-ENOMEM);
	}
	kref_init(&op->ref);
	op->pipe_id = pipe_id;
	kref_get(&tree->ref);
	op->tree = tree;

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
	kref_get(&op->ref);
	mutex_unlock(&sess->lock);
	return op;
unlock:
	mutex_unlock(&sess->lock);
	smb3k_open_put(op);
	return ERR_PTR(ret == -EBUSY ? -ENOSPC : ret);
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

	if (persistent != volatile_id || volatile_id > U32_MAX)
		return NULL;
	mutex_lock(&sess->lock);
	op = xa_load(&tree->opens, volatile_id);
	if (op && !op->dead)
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

/**
 * smb3k_open_close() - close an open
 * @op: the open (the caller holds a reference)
 *
 * Return: true for the call that closed it, false if it was closed already.
 */
bool smb3k_open_close(struct smb3k_open *op)
{
	struct smb3k_session *sess = op->tree->session;
	struct sk_buff *reply = NULL;
	bool closing = false;

	mutex_lock(&sess->lock);
	if (!op->dead) {
		op->dead = true;
		xa_erase(&op->tree->opens, op->id);
		closing = true;
	}
	mutex_unlock(&sess->lock);
	if (!closing)
		return false;
	if (op->tree->share_type == SMB3K_SHARE_PIPE) {
		smb3k_upcall(SMB3K_CMD_RPC_CLOSE, smb3k_pipe_close_fill, op, 0,
			     SMB3K_PIPE_CLOSE_TIMEOUT_MS, &reply);
		kfree_skb(reply);
	}
	smb3k_open_put(op);	/* the table's reference */
	return true;
}

/**
 * smb3k_open_close_all() - close every open of a disconnected tree
 * @tree: the tree, already marked dead (no new opens can be added)
 */
void smb3k_open_close_all(struct smb3k_tree *tree)
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
		smb3k_open_close(op);
		smb3k_open_put(op);
	}
}
