/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_OPEN_H
#define _SMB3K_OPEN_H

#include <linux/kref.h>
#include <linux/types.h>

struct smb3k_tree;

/**
 * struct smb3k_open - an open handle (MS-SMB2 3.3.1.10 Open)
 * @ref: one for the tree's table, one per request using it
 * @id: FileId.Volatile and, until durable handles exist, FileId.Persistent
 * @tree: the tree connect it was opened on (referenced)
 * @dead: closed; only the last put remains
 * @pipe_id: the daemon's id of the named pipe (IPC$ opens)
 * @name: the pipe's name
 */
struct smb3k_open {
	struct kref ref;
	u64 id;
	struct smb3k_tree *tree;
	bool dead;
	u64 pipe_id;
	char *name;
};

struct smb3k_open *smb3k_open_add(struct smb3k_tree *tree, u64 pipe_id,
				  const char *name);
struct smb3k_open *smb3k_open_lookup(struct smb3k_tree *tree, u64 persistent,
				     u64 volatile_id);
void smb3k_open_put(struct smb3k_open *op);
bool smb3k_open_close(struct smb3k_open *op);
void smb3k_open_close_all(struct smb3k_tree *tree);

#endif /* _SMB3K_OPEN_H */
