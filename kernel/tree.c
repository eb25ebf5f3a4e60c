// SPDX-License-Identifier: GPL-2.0
/*
 * Tree connects (MS-SMB2 3.3.1.10): per-session table, references, and
 * disconnect. Same rules as sessions: lookups take a reference, disconnect
 * only unlinks and marks dead, the last put frees.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>

#include <linux/smb3k.h>

#include "ios.h"
#include "open.h"
#include "session.h"
#include "tree.h"

static void smb3k_tree_free(struct kref *ref)
{
	struct smb3k_tree *tree = container_of(ref, struct smb3k_tree, ref);

	WARN_ON(!xa_empty(&tree->opens));
	xa_destroy(&tree->opens);
	if (tree->ios)
		smb3k_ios_share_detach(tree->ios);
	smb3k_session_put(tree->session);
	kfree(tree->share_name);
	kfree(tree->path);
	kfree(tree);
}

/**
 * smb3k_tree_put() - drop a reference
 * @tree: the tree connect
 */
void smb3k_tree_put(struct smb3k_tree *tree)
{
	kref_put(&tree->ref, smb3k_tree_free);
}

/**
 * smb3k_tree_ios_flags() - the SMB3K_IOS_* flags a tree's share implies
 * @tree: the tree connect
 *
 * Return: the flags.
 */
u32 smb3k_tree_ios_flags(const struct smb3k_tree *tree)
{
	return (tree->options & SMB3K_SHARE_OPT_CASE_SENSITIVE) ? 0 :
	       SMB3K_IOS_CASE_INSENSITIVE;
}

/**
 * smb3k_tree_add() - add a tree connect to a session
 * @sess: the session (referenced by the new tree)
 * @share_type: enum smb3k_share_type
 * @options: SMB3K_SHARE_OPT_*
 * @maximal_access: granted access
 * @share_name: the share's name
 * @path: the share's root, or NULL for IPC$
 *
 * Return: the tree with two references (the table's and the caller's), or
 * an ERR_PTR(): -ENOMEM, -ENOSPC when TreeIds run out, -ENOENT when the
 * session was logged off meanwhile.
 */
struct smb3k_tree *smb3k_tree_add(struct smb3k_session *sess, u8 share_type,
				  u32 options, u32 maximal_access,
				  const char *share_name, const char *path)
{
	struct smb3k_tree *tree;
	int ret;
	u32 id;

	tree = smb3k_tree_new_detached(sess, share_type, options, maximal_access,
				       share_name, path);
	if (IS_ERR(tree))
		return tree;
	mutex_lock(&sess->lock);
	if (sess->state == SMB3K_SESSION_DEAD) {
		ret = -ENOENT;
		goto unlock;
	}
	/* TreeId 0xFFFFFFFF means "the previous one" in compounds. */
	ret = xa_alloc_cyclic(&sess->trees, &id, tree, XA_LIMIT(1, 0xfffffffe),
			      &sess->next_tree_id, GFP_KERNEL);
	if (ret < 0)
		goto unlock;
	tree->id = id;
	kref_get(&tree->ref);
	mutex_unlock(&sess->lock);
	return tree;

unlock:
	mutex_unlock(&sess->lock);
	smb3k_tree_put(tree);
	return ERR_PTR(ret == -EBUSY ? -ENOSPC : ret);
}

/**
 * smb3k_tree_new_detached() - a tree connect in no session's table
 * @sess: the session (referenced by the new tree)
 * @share_type: enum smb3k_share_type
 * @options: SMB3K_SHARE_OPT_*
 * @maximal_access: granted access mask
 * @share_name: the share's name
 * @path: the share's root (disk shares) or NULL
 *
 * For smb3k_tree_add(), and for the opens persistent.c restores, which
 * belong to no client's tree until they are reclaimed. TreeId 0.
 *
 * Return: the tree with one reference, or an ERR_PTR(): -ENOMEM, or
 * -ENODEV when the share's root cannot be attached.
 */
struct smb3k_tree *smb3k_tree_new_detached(struct smb3k_session *sess, u8 share_type,
					   u32 options, u32 maximal_access,
					   const char *share_name, const char *path)
{
	struct smb3k_tree *tree;
	int ret = -ENOMEM;

	tree = kzalloc(sizeof(*tree), GFP_KERNEL);
	if (!tree)
		return ERR_PTR(-ENOMEM);
	kref_init(&tree->ref);
	xa_init_flags(&tree->opens, XA_FLAGS_ALLOC1);
	tree->share_type = share_type;
	tree->options = options;
	tree->maximal_access = maximal_access;
	tree->share_name = kstrdup(share_name, GFP_KERNEL);
	tree->path = path ? kstrdup(path, GFP_KERNEL) : NULL;
	if (!tree->share_name || (path && !tree->path))
		goto free;
	if (path && smb3k_ios_share_attach(NULL, tree->path, &tree->ios) != 0) {
		ret = -ENODEV;
		goto free;
	}
	smb3k_session_get(sess);
	tree->session = sess;
	return tree;
free:
	kfree(tree->share_name);
	kfree(tree->path);
	kfree(tree);
	return ERR_PTR(ret);
}

/**
 * smb3k_tree_lookup() - find a live tree connect of a session
 * @sess: the session
 * @id: TreeId
 *
 * Return: a referenced tree or NULL.
 */
struct smb3k_tree *smb3k_tree_lookup(struct smb3k_session *sess, u32 id)
{
	struct smb3k_tree *tree;

	mutex_lock(&sess->lock);
	tree = xa_load(&sess->trees, id);
	if (tree && !tree->dead)
		kref_get(&tree->ref);
	else
		tree = NULL;
	mutex_unlock(&sess->lock);
	return tree;
}

/**
 * smb3k_tree_disconnect() - remove a tree connect from its session
 * @tree: the tree (the caller holds a reference)
 * @keep_durable: the session ends (smb3k_open_close_all()); a
 *		  TREE_DISCONNECT closes every open (MS-SMB2 3.3.5.8)
 *
 * Only the first call for a tree does anything.
 */
void smb3k_tree_disconnect(struct smb3k_tree *tree, bool keep_durable)
{
	struct smb3k_session *sess = tree->session;
	bool was_linked = false;

	mutex_lock(&sess->lock);
	if (!tree->dead) {
		tree->dead = true;
		xa_erase(&sess->trees, tree->id);
		was_linked = true;
	}
	mutex_unlock(&sess->lock);
	if (!was_linked)
		return;
	smb3k_open_close_all(tree, keep_durable);
	smb3k_tree_put(tree);	/* the table's reference */
}

/**
 * smb3k_tree_disconnect_all() - disconnect every tree of a dead session
 * @sess: the session, already marked dead (no new trees can be added)
 *
 * Durable opens that keep their handle cached wait for a reconnect.
 */
void smb3k_tree_disconnect_all(struct smb3k_session *sess)
{
	struct smb3k_tree *tree;
	unsigned long index;

	for (;;) {
		index = 0;
		mutex_lock(&sess->lock);
		tree = xa_find(&sess->trees, &index, ULONG_MAX, XA_PRESENT);
		if (tree)
			kref_get(&tree->ref);
		mutex_unlock(&sess->lock);
		if (!tree)
			break;
		smb3k_tree_disconnect(tree, true);
		smb3k_tree_put(tree);
	}
}
