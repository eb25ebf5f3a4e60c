/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb3kd's persistent handles (MS-SMB2 3.3.5.9.10): the store (store.h)
 * it opens at start, the OPEN_SAVE and OPEN_REMOVE upcalls, and the
 * restore of every stored open after each REGISTER + CONFIGURE.
 *
 * Choices:
 * - A corrupt store (-EBADMSG at open, or a record failing validation in
 *   the walk that follows) stops smb3kd before it registers: persist_start()
 *   and persist_collect() fail, and nothing reaches the kernel.
 * - A store that cannot be opened otherwise (a read-only or unwritable
 *   file or directory, a refused path, a store others may write, another
 *   writer) is logged once; smb3kd then runs without persistence until it
 *   is restarted: nothing is restored, and OPEN_SAVE and OPEN_REMOVE answer
 *   STATUS_INSUFFICIENT_RESOURCES (the client's persistent open fails).
 * - A failed write answers persist_status() of its errno.
 */
#ifndef SMB3K_PERSIST_H
#define SMB3K_PERSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>

#include "config.h"
#include "store.h"

struct persist {
	struct smb3k_store *store;	/* NULL: running without persistence */
	bool told_no_store;		/* the first refused upcall logged it */
	uint64_t *ids;			/* collected for the next restore */
	size_t n_ids, cap_ids;
};

/*
 * Open cfg's store read-write and collect its records for
 * persist_restore(). 0 (p->store may be NULL: logged, no persistence), or
 * -EBADMSG for a corrupt store (logged with the file and the reason:
 * smb3kd must not start).
 */
int persist_start(struct persist *p, const struct smb3k_config *cfg);
void persist_stop(struct persist *p);

/*
 * Collect the ids of every record (validating each) for the next
 * persist_restore(); before every REGISTER. 0 (nothing collected when
 * there is no store or it cannot be read: logged), or -EBADMSG as above.
 */
int persist_collect(struct persist *p);

/*
 * The NT status for a store call's result: 0 STATUS_SUCCESS, -EINVAL
 * STATUS_INVALID_PARAMETER, -ENOSPC STATUS_DISK_FULL, -EROFS/-EACCES/-EPERM
 * STATUS_MEDIA_WRITE_PROTECTED, anything else STATUS_INSUFFICIENT_RESOURCES.
 */
uint32_t persist_status(int err);

/*
 * The upcalls: open is SMB3K_A_OPEN, id SMB3K_A_OPEN_ID (either may be
 * NULL: STATUS_INVALID_PARAMETER). The record is written (or removed)
 * before they return the status to answer. p may be NULL (no store).
 */
uint32_t persist_save(struct persist *p, const struct nlattr *open);
uint32_t persist_remove(struct persist *p, const struct nlattr *id);

/* A sender's "stop": the module went away, or did not answer in time. */
#define PERSIST_SEND_STOP	1

/*
 * Send one OPEN_RESTORE: 0, the kernel's -errno (its extended ACK text in
 * msg), or PERSIST_SEND_STOP. Errors of the sender itself must be none of
 * -EEXIST, -ESTALE, -EINVAL (e.g. -EMSGSIZE, -ENOMEM): they keep the record.
 */
typedef int (*persist_send_fn)(void *arg, const struct smb3k_store_open *o,
			       const char *share_path, uint32_t share_options,
			       char *msg, size_t msglen);

struct persist_counts {
	size_t records, restored, live, dropped, kept;
};

/*
 * For every record collected: a record whose share is gone, unavailable,
 * IPC$ or no longer continuously available is removed without being sent;
 * the others are sent with the share's path and SMB3K_SHARE_OPT_* as a tree
 * connect computes them. The kernel's answer: 0 restored; -EEXIST live
 * (kept); -ESTALE or -EINVAL removed; any other errno keeps it; and
 * PERSIST_SEND_STOP keeps it and the rest, unsent. Logs why for each record
 * dropped or kept, and "persistent store: N records, R restored, L live,
 * D dropped, K kept" (a record removed meanwhile counts as dropped). The
 * collected ids are used up; counts may be NULL.
 */
void persist_restore(struct persist *p, const struct smb3k_config *cfg, persist_send_fn send,
		     void *arg, struct persist_counts *counts);

#endif
