/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_TREE_H
#define _SMB3K_TREE_H

#include <linux/kref.h>
#include <linux/types.h>
#include <linux/xarray.h>

struct smb3k_ios_share;
struct smb3k_session;

/**
 * struct smb3k_tree - a tree connect (MS-SMB2 3.3.1.10)
 * @ref: one for the session's table, one per request using it
 * @id: TreeId
 * @session: the session (referenced)
 * @dead: disconnected; only the last put remains
 * @share_type: enum smb3k_share_type
 * @options: SMB3K_SHARE_OPT_*
 * @maximal_access: granted access mask
 * @share_name: the share's name
 * @path: the share's root (disk shares)
 * @ios: the storage driver's view of the share root (disk shares)
 * @opens: opens by FileId.Volatile (under the session's lock)
 * @next_open_id: for cyclic id allocation
 */
struct smb3k_tree {
	struct kref ref;
	u32 id;
	struct smb3k_session *session;
	bool dead;
	u8 share_type;
	u32 options;
	u32 maximal_access;
	char *share_name;
	char *path;
	struct smb3k_ios_share *ios;
	struct xarray opens;
	u32 next_open_id;
};

struct smb3k_tree *smb3k_tree_add(struct smb3k_session *sess, u8 share_type,
				  u32 options, u32 maximal_access,
				  const char *share_name, const char *path);
struct smb3k_tree *smb3k_tree_new_detached(struct smb3k_session *sess, u8 share_type,
					   u32 options, u32 maximal_access,
					   const char *share_name, const char *path);
struct smb3k_tree *smb3k_tree_lookup(struct smb3k_session *sess, u32 id);
void smb3k_tree_put(struct smb3k_tree *tree);
u32 smb3k_tree_ios_flags(const struct smb3k_tree *tree);
void smb3k_tree_disconnect(struct smb3k_tree *tree, bool keep_durable);
void smb3k_tree_disconnect_all(struct smb3k_session *sess);

#endif /* _SMB3K_TREE_H */
