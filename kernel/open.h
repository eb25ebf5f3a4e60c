/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_OPEN_H
#define _SMB3K_OPEN_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct smb3k_file;
struct smb3k_ios_share;
struct smb3k_ios_ctx;
struct smb3k_lease;
struct smb3k_ios_file;
struct smb3k_notify_watch;
struct smb3k_tree;

/* Open.LockSequenceArray: 64 entries (MS-SMB2 3.3.1.10). */
#define SMB3K_LOCK_SEQS		64
#define SMB3K_LOCK_SEQ_NONE	0xFF	/* Valid is FALSE */
#define SMB3K_LOCK_SEQ_VALID	0x10	/* with the 4-bit SequenceNumber */

/**
 * struct smb3k_open - an open handle (MS-SMB2 3.3.1.10 Open)
 * @ref: one for the tree's table (or, while @disconnected, the durable
 *	 scavenger's list), one per request using it
 * @id: FileId.Volatile, in @tree's table
 * @persistent_id: FileId.Persistent, its slot in the GlobalOpenTable
 *		   (durable.h); 0 until inserted
 * @tree: the tree connect it is on (referenced). A durable open moves to
 *	  the tree of the request that reclaims it: @tree and @id change
 *	  only under smb3k_durable_lock and smb3k_files_lock, so request
 *	  handlers use their own w->tree, not this
 * @dead: closed; only the last put remains
 * @pipe_id: the daemon's id of the named pipe (IPC$ opens)
 * @name: the pipe's name, or the file's share-relative path ('/'-separated
 *	  UTF-8, "" for the root)
 * @stream: the named data stream open, as stored (NULL: the file itself)
 * @ios: the storage driver's open (disk opens); closed by the last put,
 *	  which also lets go of the share root it holds (@ios->share)
 * @file: the shared state of the file (share modes, delete pending)
 * @file_node: on @file's list of opens
 * @granted_access: Open.GrantedAccess
 * @share_access: Open.ShareAccess
 * @create_options: CreateOptions of the CREATE
 * @is_dir: the open is a directory
 * @delete_on_close: FILE_DELETE_ON_CLOSE or FileDispositionInformation
 * @lock: serialises directory enumeration and @position / @mode
 * @dir_pos: readdir cookie of the next entry to return
 * @dir_done: enumeration reached the end
 * @dir_returned: a query has been answered since the (re)start
 * @dir_pattern_set: @dir_pattern was fixed by a query
 * @dir_pattern: the search pattern (UTF-16LE) fixed by the first query
 * @dir_pattern_len: its length in bytes
 * @position: FilePositionInformation.CurrentByteOffset
 * @mode: FileModeInformation
 * @notify: the change notify watch (notify.c), made by the first
 *	    CHANGE_NOTIFY; under @lock
 * @ea_next: Open.CurrentEaIndex - 1: the EA a FileFullEaInformation query
 *	     with neither SL_RESTART_SCAN nor SL_INDEX_SPECIFIED starts at
 *	     (0: the first); under @lock
 * @oplock_level: Open.OplockLevel (not SMB2_OPLOCK_LEVEL_LEASE: see @lease);
 *		  this and the next four under smb3k_files_lock (oplock.c)
 * @oplock_breaking: Open.OplockState is Breaking
 * @oplock_break_to: the level the break asks for
 * @oplock_deadline: jiffies when the unacknowledged break times out
 * @lease: Open.Lease, shared with the other opens of its LeaseKey
 * @durable: Open.IsDurable: granted by DHnQ or DH2Q before the open is
 *	     inserted, cleared by a resiliency request (its close,
 *	     disconnect and reclaim take smb3k_durable_lock; durable.c)
 * @resilient: Open.IsResilient (FSCTL_LMR_REQUEST_RESILIENCY); under
 *	       smb3k_durable_lock
 * @durable_v2: granted by DH2Q (reclaimed with DH2C, not DHnC)
 * @persistent: Open.IsPersistent (DH2Q on a share with continuous
 *		availability; fixed before the open is inserted): its state
 *		is in smb3kd's store (persistent.c)
 * @replay_eligible: Open.IsReplayEligible: a replayed CREATE with its
 *		     CreateGuid finds it (durable.c's table, @replay_node);
 *		     cleared by the first request that uses it; under
 *		     smb3k_durable_lock
 * @replay_node: in the table of replay-eligible opens
 * @create_action: CreateAction of the CREATE that made it (for a replay)
 * @keep_record: the server closes it to stop, not the client: its store
 *		 record stays for a restore; under smb3k_durable_lock
 * @file_attributes: the file's attributes when opened (for the record)
 * @disconnected: its session is gone and it waits for its client on the
 *		  scavenger's list; under smb3k_durable_lock and
 *		  smb3k_files_lock
 * @purge: a break its client cannot hear closes it (durable.c); under
 *	   smb3k_files_lock
 * @durable_timeout: Open.DurableOpenTimeout (or ResiliencyTimeout), ms
 * @scavenge_at: jiffies when the scavenger closes it, while @disconnected
 * @create_guid: Open.CreateGuid (DH2Q)
 * @client_guid: Open.ClientGuid
 * @durable_node: on the scavenger's list, while @disconnected
 * @app_instance: Open.AppInstanceId is set (fixed before the open is
 *		  inserted; such opens are on a list in durable.c)
 * @app_instance_id: Open.AppInstanceId (MS-SMB2 3.3.5.9.13)
 * @app_version: Open.ApplicationInstanceVersionHigh/Low were given
 * @app_version_high: Open.ApplicationInstanceVersionHigh
 * @app_version_low: Open.ApplicationInstanceVersionLow
 * @app_node: on the list of opens with an AppInstanceId
 * @lock_seq: Open.LockSequenceArray (3.3.5.14): entry i for
 *	      LockSequenceIndex i + 1, SMB3K_LOCK_SEQ_VALID | the sequence
 *	      number, or SMB3K_LOCK_SEQ_NONE; under @lock_seq_lock
 * @lock_seq_lock: guards @lock_seq and the next three
 * @channel_sequence: Open.ChannelSequence (MS-SMB2 3.3.5.2.10)
 * @outstanding: Open.OutstandingRequestCount
 * @outstanding_pre: Open.OutstandingPreRequestCount
 */
struct smb3k_open {
	struct kref ref;
	u64 id;
	struct smb3k_tree *tree;
	bool dead;
	u64 pipe_id;
	char *name;
	char *stream;

	struct smb3k_ios_file *ios;
	struct smb3k_file *file;
	struct list_head file_node;
	u32 granted_access;
	u32 share_access;
	u32 create_options;
	bool is_dir;
	bool delete_on_close;

	struct mutex lock;
	u64 dir_pos;
	bool dir_done;
	bool dir_returned;
	bool dir_pattern_set;
	u8 *dir_pattern;
	u32 dir_pattern_len;
	u64 position;
	u32 mode;
	struct smb3k_notify_watch *notify;
	u32 ea_next;
	u8 oplock_level;
	bool oplock_breaking;
	u8 oplock_break_to;
	unsigned long oplock_deadline;
	struct smb3k_lease *lease;
	u64 persistent_id;
	bool durable;
	bool resilient;
	bool durable_v2;
	bool persistent;
	bool replay_eligible;
	struct hlist_node replay_node;
	u32 create_action;
	bool keep_record;
	u32 file_attributes;
	bool disconnected;
	bool purge;
	u32 durable_timeout;
	unsigned long scavenge_at;
	u8 create_guid[16];
	u8 client_guid[16];
	struct list_head durable_node;
	bool app_instance;
	u8 app_instance_id[16];
	bool app_version;
	u64 app_version_high;
	u64 app_version_low;
	struct list_head app_node;
	u8 lock_seq[SMB3K_LOCK_SEQS];
	spinlock_t lock_seq_lock;
	u16 channel_sequence;
	u32 outstanding;
	u32 outstanding_pre;
};

/*
 * Opens whose insert, close and state changes take smb3k_durable_lock:
 * every disk open, as any may become resilient (its @ios is set before it
 * is inserted and kept until the last put).
 */
static inline bool smb3k_open_tracked(const struct smb3k_open *op)
{
	return op->ios;
}

struct smb3k_open *smb3k_open_new(struct smb3k_tree *tree, const char *name);
int smb3k_open_insert(struct smb3k_open *op);
struct smb3k_open *smb3k_open_add(struct smb3k_tree *tree, u64 pipe_id,
				  const char *name);
struct smb3k_open *smb3k_open_lookup(struct smb3k_tree *tree, u64 persistent,
				     u64 volatile_id);
void smb3k_open_put(struct smb3k_open *op);
bool smb3k_open_close(struct smb3k_open *op);
bool smb3k_open_close_disconnected(struct smb3k_open *op);
void smb3k_open_close_all(struct smb3k_tree *tree, bool keep_durable);
bool smb3k_open_lock_seq_check(struct smb3k_open *op, u32 index, u8 seq);
void smb3k_open_lock_seq_done(struct smb3k_open *op, u32 index, u8 seq);
bool smb3k_open_chan_seq_apply(struct smb3k_open *op, u16 seq, bool replay, bool *counted);
void smb3k_open_chan_seq_done(struct smb3k_open *op, u16 seq);

#endif /* _SMB3K_OPEN_H */
