/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_ASYNC_H
#define _SMB3K_ASYNC_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/types.h>

#include "proto/smb2_header.h"

struct smb3k_async;
struct smb3k_conn;
struct smb3k_session;
struct smb3k_tx;
struct smb3k_work;

/**
 * typedef smb3k_async_cancel_t - ask the owner of a pending request to stop
 * @a: the request; the owner answers it with smb3k_async_complete()
 *     (STATUS_CANCELLED, or its result if it finished meanwhile)
 *
 * Called without locks held, at most once per request.
 */
typedef void (*smb3k_async_cancel_t)(struct smb3k_async *a);

/**
 * struct smb3k_async - a request answered later (MS-SMB2 3.3.4.2)
 * @node: on the connection's AsyncCommandList
 * @ref: one for the list (dropped on completion), one per user
 * @conn: the connection (referenced)
 * @sess: the session that signs or encrypts the final response (referenced)
 * @hdr: the request's header
 * @async_id: AsyncId sent in the interim response
 * @encrypted: the request came encrypted: so does the answer
 * @armed: the interim response has been queued
 * @done: the final response was built (or the request dropped)
 * @cancel_requested: the cancel callback was (or is being) called
 * @cancel_early: a CANCEL for it came before it went async: cancelled
 *	once armed
 * @early_tx: a final response built before the interim went out
 * @early_len: its length
 * @cancel: the owner's cancel callback
 * @priv: the owner's data
 */
struct smb3k_async {
	struct list_head node;
	struct kref ref;
	struct smb3k_conn *conn;
	struct smb3k_session *sess;
	struct smb2_hdr hdr;
	u64 async_id;
	bool encrypted;
	bool armed;
	bool done;
	bool cancel_requested;
	bool cancel_early;
	struct smb3k_tx *early_tx;
	u32 early_len;
	smb3k_async_cancel_t cancel;
	void *priv;
};

struct smb3k_async *smb3k_async_start(struct smb3k_work *w, smb3k_async_cancel_t cancel,
				      void *priv);
void smb3k_async_arm(struct smb3k_async *a);
void smb3k_async_complete(struct smb3k_async *a, u32 status, const u8 *body, u32 body_len);
void smb3k_async_put(struct smb3k_async *a);
bool smb3k_async_cancel_req(struct smb3k_conn *conn, const struct smb2_hdr *h);
void smb3k_async_cancel_all(struct smb3k_conn *conn);

#endif /* _SMB3K_ASYNC_H */
