/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_FILE_TABLE_H
#define _SMB3K_FILE_TABLE_H

#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/types.h>

struct smb3k_open;

/**
 * struct smb3k_file - what all opens of one stream of a file share (MS-FSA
 * 2.1.1.4 File / 2.1.1.5 Stream), across sessions and connections
 * @node: in the global hash (hashed by @volume and @index only, so the
 *	  streams of a file share a bucket)
 * @volume: volume serial (key)
 * @index: file index on the volume (key)
 * @stream: the named stream (key, as stored), NULL for the file itself
 * @opens: the opens (smb3k_open.file_node)
 * @nopens: how many
 * @delete_pending: DeletePending: the last close removes the stream, or for
 *	the file itself the file (once no stream of it is open either)
 * @locks: Stream.ByteRangeLockList (struct smb3k_brl)
 * @waiters: blocking lock requests waiting for a range (struct smb3k_brl_wait)
 * @ncaching: opens holding an oplock or a lease (oplock.c; read unlocked on
 *	      the write path to skip break checks when nobody caches)
 */
struct smb3k_file {
	struct hlist_node node;
	u64 volume;
	u64 index;
	char *stream;
	struct list_head opens;
	unsigned int nopens;
	bool delete_pending;
	struct list_head locks;
	struct list_head waiters;
	unsigned int ncaching;
};

extern struct mutex smb3k_files_lock;

/* What the caller of smb3k_file_detach() removes. */
enum smb3k_file_remove {
	SMB3K_FILE_KEEP,
	SMB3K_FILE_REMOVE,		/* what the open names: file or stream */
	SMB3K_FILE_REMOVE_FILE,		/* the file the open's stream belongs to */
};

u32 smb3k_file_attach(struct smb3k_open *op, u64 volume, u64 index);
enum smb3k_file_remove smb3k_file_detach(struct smb3k_open *op);
bool smb3k_file_streams_open(struct smb3k_open *op);
u32 smb3k_file_stream_rename(struct smb3k_open *op, const char *new_name, bool commit);
void smb3k_file_set_delete_pending(struct smb3k_open *op, bool pending);
bool smb3k_file_delete_pending(struct smb3k_open *op);
unsigned int smb3k_file_open_count(struct smb3k_open *op);
u32 smb3k_file_rename_check(struct smb3k_open *op);
struct smb3k_file *smb3k_file_find(u64 volume, u64 index, const char *stream);

#endif /* _SMB3K_FILE_TABLE_H */
