/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The persistent-handle state store: one record per persistent open
 * (MS-SMB2 3.3.5.9.10, Open.IsPersistent), keyed by FileId.Persistent.
 * smb3kd writes a record before the kernel answers the CREATE that made
 * the open, rewrites it when the open changes, removes it at close, and
 * loads every record when it registers with the module.
 *
 * The store is an interface (an ops table, store_engine.h) with SQLite
 * as the embedded engine (store_sqlite.c). Every call returns 0 or a
 * negative errno and leaves a message for the log in smb3k_store_error():
 *   -EINVAL   a record refused by smb3k_store_put() (see validation below)
 *   -EBADMSG  a corrupt or foreign store at open, or a stored record that
 *             fails validation (nothing is handed back then)
 *   -ENOENT   no such record; at open: no store file (read-only mode)
 *   -ENOSPC   disk full (or the file size limit reached)
 *   -EROFS    read-only file system, file or directory, or a store
 *             opened with SMB3K_STORE_RDONLY
 *   -EACCES   permission denied; -EPERM  a store that group or others
 *             may write; -EBUSY  locked by another writer for 5 s
 *   -EIO      anything else the engine reports
 */
#ifndef SMB3K_STORE_H
#define SMB3K_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define SMB3K_STORE_RDONLY	0x1	/* smb3k_store_open(): never write */

#define SMB3K_STORE_DEFAULT_ENGINE "sqlite"

#define SMB3K_STORE_SHARE_SIZE	81
#define SMB3K_STORE_PATH_SIZE	4096
#define SMB3K_STORE_STREAM_SIZE	256
#define SMB3K_STORE_OWNER_SIZE	257
#define SMB3K_STORE_MAX_LOCKS	65536
#define SMB3K_STORE_LOCK_SEQ	64	/* LockSequenceArray entries */
#define SMB3K_STORE_LOCK_SEQ_INVALID 0xFF
#define SMB3K_STORE_LOCK_SEQ_VALID 0x10	/* | the 4-bit sequence number */

/* Lock flags kept in a record (SMB2_LOCKFLAG_SHARED_LOCK / _EXCLUSIVE_LOCK) */
#define SMB3K_STORE_LOCK_SHARED		0x1u
#define SMB3K_STORE_LOCK_EXCLUSIVE	0x2u

/* Lease state bits (SMB2_LEASE_*_CACHING) and lease flags */
#define SMB3K_STORE_LEASE_READ		0x1u
#define SMB3K_STORE_LEASE_HANDLE	0x2u
#define SMB3K_STORE_LEASE_WRITE		0x4u
#define SMB3K_STORE_LEASE_FLAG_BREAK_IN_PROGRESS	0x2u
#define SMB3K_STORE_LEASE_FLAG_PARENT_KEY_SET		0x4u

/* Oplock levels (SMB2_OPLOCK_LEVEL_*) */
#define SMB3K_STORE_OPLOCK_NONE		0x00
#define SMB3K_STORE_OPLOCK_II		0x01
#define SMB3K_STORE_OPLOCK_EXCLUSIVE	0x08
#define SMB3K_STORE_OPLOCK_BATCH	0x09
#define SMB3K_STORE_OPLOCK_LEASE	0xFF

/* A byte-range lock: flags is SMB3K_STORE_LOCK_SHARED or _EXCLUSIVE. */
struct smb3k_store_lock {
	uint64_t offset, length;
	uint32_t flags;
};

struct smb3k_store_open {
	uint64_t persistent_id;		/* FileId.Persistent, the key: not 0 or ~0 */
	uint8_t create_guid[16];
	uint8_t client_guid[16];
	char share[SMB3K_STORE_SHARE_SIZE];	/* share name, NUL-terminated */
	char path[SMB3K_STORE_PATH_SIZE];	/* share-relative, '/'-separated, "" = root */
	char stream[SMB3K_STORE_STREAM_SIZE];	/* named stream, "" for none */
	char owner[SMB3K_STORE_OWNER_SIZE];	/* user name as authenticated */
	uint32_t owner_uid, owner_gid;
	uint64_t volume_id, file_index;	/* file identity when opened */
	uint32_t desired_access, share_access, create_options, file_attributes;
	uint8_t oplock_level;		/* SMB3K_STORE_OPLOCK_* (LEASE = 0xFF) */
	uint8_t lease_version;		/* 0 none, 1, 2 */
	uint8_t lease_key[16], parent_lease_key[16];
	uint32_t lease_state, lease_flags;
	uint16_t lease_epoch;
	uint8_t has_app_instance;	/* 0/1 */
	uint8_t app_instance_id[16];
	uint8_t has_app_version;	/* 0/1 */
	uint64_t app_version_high, app_version_low;
	uint32_t timeout_ms;		/* Open.DurableOpenTimeout */
	uint16_t channel_sequence;
	/* LockSequenceArray: 0xFF invalid, else 0x10 | sequence number (0-15) */
	uint8_t lock_sequences[SMB3K_STORE_LOCK_SEQ];
	uint8_t delete_on_close;	/* 0/1 */
	uint32_t n_locks;
	/* n_locks entries: the caller's on put; from the store on load, freed
	 * with smb3k_store_open_free_locks() */
	struct smb3k_store_lock *locks;
	int64_t updated_ns;		/* CLOCK_REALTIME of the last put, set by the store */
};

struct smb3k_store;

/*
 * Open the store at location (the SQLite engine: a file, created mode
 * 0600 with its directory when absent). engine: NULL or "sqlite". With
 * SMB3K_STORE_RDONLY no store is created (-ENOENT for a missing file),
 * the database is never written and every write fails with -EROFS;
 * readers do not block the writer. (SQLite may still leave its empty
 * -wal/-shm side files, with the store's mode, when none existed.) On
 * failure *out is NULL and err holds "LOCATION: reason".
 */
int smb3k_store_open(const char *engine, const char *location, int flags,
		     struct smb3k_store **out, char *err, size_t errlen);
/* Insert or replace o (validated first: -EINVAL), atomic and durable on return. */
int smb3k_store_put(struct smb3k_store *s, const struct smb3k_store_open *o);
/* -ENOENT when absent. */
int smb3k_store_remove(struct smb3k_store *s, uint64_t persistent_id);
/*
 * Fill o (locks allocated: free with smb3k_store_open_free_locks()).
 * On any failure o is all zeroes (locks NULL).
 */
int smb3k_store_get(struct smb3k_store *s, uint64_t persistent_id,
		    struct smb3k_store_open *o);
/*
 * Call cb for every record in ascending (unsigned) persistent_id order;
 * o and its locks are valid during the call only. A nonzero return of cb
 * stops and is returned. A record that fails validation stops the walk
 * with -EBADMSG before it reaches cb. cb must not put or remove on the
 * same handle (-EBUSY).
 */
int smb3k_store_foreach(struct smb3k_store *s,
			int (*cb)(const struct smb3k_store_open *o, void *arg), void *arg);
void smb3k_store_close(struct smb3k_store *s);
/* The message of the last failed call ("" after a success). */
const char *smb3k_store_error(const struct smb3k_store *s);

/* All zeroes but lock_sequences (every entry invalid): a minimal record. */
void smb3k_store_open_init(struct smb3k_store_open *o);
void smb3k_store_open_free_locks(struct smb3k_store_open *o);

/*
 * Check a record as put and load do: 0, or -EINVAL with what is wrong in
 * why ("path has a '..' component"). The rules:
 * - persistent_id is neither 0 nor ~0;
 * - strings are NUL-terminated in their field and valid UTF-8; share is
 *   not empty and has no control character or any of "/\[]:|<>+=;,*?;
 *   path is "" or components joined by single '/', none "." or "..", no
 *   control character or any of \":*<>?|; stream has no '/', '\' or ':';
 *   owner has no control character;
 * - oplock_level is a known level, LEASE exactly when lease_version is 1
 *   or 2; lease_state has only R/H/W bits, lease_flags only
 *   BREAK_IN_PROGRESS and (v2) PARENT_KEY_SET, a parent key only with
 *   PARENT_KEY_SET; without a lease every lease field is zero;
 * - share_access has only the READ/WRITE/DELETE bits;
 * - has_app_instance, has_app_version and delete_on_close are 0 or 1,
 *   with the values they flag zero when 0;
 * - lock_sequences entries are 0xFF or 0x10-0x1F;
 * - n_locks <= 65536 with locks set; each lock is shared or exclusive
 *   and its last byte is not past 2^64 - 1;
 * - updated_ns >= 0 when check_time (records read back).
 */
int smb3k_store_check(const struct smb3k_store_open *o, bool check_time,
		      char *why, size_t whylen);

/* The canonical spelling of an engine smb3k_store_open() knows
 * (case-insensitive), or NULL. */
const char *smb3k_store_engine_name(const char *name);
/* "sqlite" (every known engine, for messages). */
const char *smb3k_store_engine_list(void);

/* A GUID in its text form (Data1-3 little-endian): 37 bytes with the NUL. */
void smb3k_store_guid_str(const uint8_t guid[16], char out[37]);

#endif
