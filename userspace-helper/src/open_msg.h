/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A persistent open's state both ways between the nested SMB3K_A_OPEN
 * attribute (enum smb3k_open_attr in <linux/smb3k.h>) and a store record
 * (store.h): OPEN_SAVE upcalls are parsed into records, OPEN_RESTORE
 * requests are built from them. No socket here, so the tests can check it.
 *
 * Attributes: required ones are PERSISTENT_ID, CREATE_GUID, CLIENT_GUID,
 * SHARE, PATH, OWNER, OWNER_UID, OWNER_GID, VOLUME_ID, FILE_INDEX, ACCESS,
 * SHARE_ACCESS, CREATE_OPTIONS, FILE_ATTRIBUTES, OPLOCK_LEVEL, TIMEOUT_MS,
 * CHANNEL_SEQUENCE, LOCK_SEQUENCES and DELETE_ON_CLOSE. With OPLOCK_LEVEL
 * 0xFF (a lease) LEASE_VERSION, LEASE_KEY and LEASE_STATE are required and
 * LEASE_FLAGS, LEASE_EPOCH, PARENT_LEASE_KEY optional (0 when absent);
 * without one no LEASE_* attribute may be present. STREAM, APP_INSTANCE_ID,
 * APP_VERSION_HIGH with APP_VERSION_LOW (both or neither) and LOCKS are
 * optional. PAD (the kernel's u64 alignment) is skipped.
 */
#ifndef SMB3K_OPEN_MSG_H
#define SMB3K_OPEN_MSG_H

#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/smb3k.h>

#include "store.h"

/* PERSISTENT_ID is 1 .. 2^32-2 (the ABI header). */
#define OPEN_MSG_ID_MAX	0xFFFFFFFEULL

/* Room for any OPEN_RESTORE request: the nested OPEN, SHARE_PATH, the rest. */
#define OPEN_RESTORE_MSG_SIZE (0x10000 + 4096 + 1024)

/*
 * Parse the nested OPEN into o (its locks allocated: free them with
 * smb3k_store_open_free_locks()). Strict: every attribute known and present
 * at most once, integers and GUIDs at their exact size, LOCK_SEQUENCES 64
 * bytes, LOCKS a whole number of struct smb3k_open_lock (at most
 * SMB3K_OPEN_LOCKS_MAX, flags shared or exclusive, reserved 0), strings
 * NUL-terminated once and within the store's field, PERSISTENT_ID at most
 * OPEN_MSG_ID_MAX; then smb3k_store_check(). Returns 0, or -EINVAL with the reason in why and o
 * without locks.
 */
int open_msg_parse(const struct nlattr *nest, struct smb3k_store_open *o,
		   char *why, size_t whylen);

/*
 * Add o as a nested SMB3K_A_OPEN (NLA_F_NESTED) to msg. 0, or -EMSGSIZE
 * when msg is full or o has more than SMB3K_OPEN_LOCKS_MAX locks (a store
 * record may have more); msg is then as before.
 */
int open_msg_put(struct nl_msg *msg, const struct smb3k_store_open *o);

/* OPEN_RESTORE's attributes: OPEN, SHARE_PATH, SHARE_OPTIONS. 0 or -EMSGSIZE. */
int smb3k_msg_open_restore(struct nl_msg *msg, const struct smb3k_store_open *o,
			   const char *share_path, uint32_t share_options);

#endif
