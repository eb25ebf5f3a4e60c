/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_FILE_TABLE_H
#define _SMB3K_FILE_TABLE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct smb3k_open;

/**
 * struct smb3k_file - what all opens of one file share (MS-FSA 2.1.1.4
 * File / 2.1.1.5 Stream), across sessions and connections
 * @node: in the global hash
 * @volume: volume serial (key)
 * @index: file index on the volume (key)
 * @opens: the opens (smb3k_open.file_node)
 * @nopens: how many
 * @delete_pending: File.DeletePending: the last close removes the file
 * @locks: Stream.ByteRangeLockList (struct smb3k_brl)
 * @waiters: blocking lock requests waiting for a range (struct smb3k_brl_wait)
 */
struct smb3k_file {
	struct hlist_node node;
	u64 volume;
	u64 index;
	struct list_head opens;
	unsigned int nopens;
	bool delete_pending;
	struct list_head locks;
	struct list_head waiters;
};

extern struct mutex smb3k_files_lock;

u32 smb3k_file_attach(struct smb3k_open *op, u64 volume, u64 index);
bool smb3k_file_detach(struct smb3k_open *op);
void smb3k_file_set_delete_pending(struct smb3k_open *op, bool pending);
bool smb3k_file_delete_pending(struct smb3k_open *op);
unsigned int smb3k_file_open_count(struct smb3k_open *op);
u32 smb3k_file_rename_check(struct smb3k_open *op);

#endif /* _SMB3K_FILE_TABLE_H */
