// SPDX-License-Identifier: GPL-2.0
/*
 * Asynchronous requests (MS-SMB2 3.3.4.2, 3.3.5.16): a handler that must
 * wait (a blocking lock, CHANGE_NOTIFY) starts one, the dispatcher sends
 * the interim STATUS_PENDING response with its AsyncId, and the owner
 * answers later with smb3k_async_complete(), exactly once, whether it
 * finished, was cancelled by CANCEL, or its open, session or connection
 * went away. The final response is signed or encrypted like the request.
 */
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "async.h"
#include "conn.h"
#include "session.h"
#include "smb2_crypto.h"
#include "smb2_dispatch.h"
#include "proto/ntstatus.h"
#include "proto/smb2_transform.h"
#include "proto/smb2_wire.h"

static void smb3k_async_free(struct kref *ref)
{
	struct smb3k_async *a = container_of(ref, struct smb3k_async, ref);

	kvfree(a->early_tx);
	smb3k_session_put(a->sess);
	smb3k_conn_put(a->conn);
	kfree(a);
}

/**
 * smb3k_async_put() - drop a reference
 * @a: the request
 */
void smb3k_async_put(struct smb3k_async *a)
{
	kref_put(&a->ref, smb3k_async_free);
}

static bool smb3k_async_claim_cancel(struct smb3k_async *a);

/* Was a CANCEL for @message_id seen before its request went async? */
static bool smb3k_async_take_early(struct smb3k_conn *conn, u64 message_id)
{
	unsigned int i;

	for (i = 0; i < SMB3K_EARLY_CANCEL_MAX; i++) {
		if (conn->early_cancel[i] == message_id + 1) {
			conn->early_cancel[i] = 0;
			return true;
		}
	}
	return false;
}

/**
 * smb3k_async_start() - make the request being handled asynchronous
 * @w: the request; only the last command of a message may go async
 * @cancel: called when the client cancels or the connection goes
 * @priv: the owner's data
 *
 * The handler then returns STATUS_PENDING; the dispatcher answers with an
 * interim response. The caller owns one reference besides the list's and
 * the request's (dropped once the interim response is queued).
 *
 * Return: the request, or NULL (handle it synchronously or fail it).
 */
struct smb3k_async *smb3k_async_start(struct smb3k_work *w, smb3k_async_cancel_t cancel,
				      void *priv)
{
	struct smb3k_conn *conn = w->conn;
	struct smb3k_async *a;

	if (w->hdr.next_command || w->async || !w->sess)
		return NULL;
	a = kzalloc(sizeof(*a), GFP_KERNEL);
	if (!a)
		return NULL;
	kref_init(&a->ref);		/* the owner's */
	kref_get(&a->ref);		/* the list's */
	kref_get(&a->ref);		/* the request's, until the interim is queued */
	smb3k_conn_get(conn);
	a->conn = conn;
	smb3k_session_get(w->sess);
	a->sess = w->sess;
	a->hdr = w->hdr;
	a->hdr.flags &= ~SMB2_FLAGS_RELATED_OPERATIONS;
	a->encrypted = w->encrypted;
	a->cancel = cancel;
	a->priv = priv;
	spin_lock(&conn->async_lock);
	a->async_id = ++conn->next_async_id;
	list_add_tail(&a->node, &conn->async_list);
	a->cancel_early = smb3k_async_take_early(conn, a->hdr.message_id);
	/* Teardown cancels what is listed; after it, nothing may be added. */
	if (test_bit(SMB3K_CONN_DEAD, &conn->flags)) {
		list_del(&a->node);
		spin_unlock(&conn->async_lock);
		smb3k_session_put(a->sess);
		smb3k_conn_put(conn);
		kfree(a);
		return NULL;
	}
	spin_unlock(&conn->async_lock);
	w->async = a;
	return a;
}

/**
 * smb3k_async_arm() - the interim response is queued (or never will be)
 * @a: the request
 *
 * A final response built before this goes out now, after the interim.
 * Drops the request's reference.
 */
void smb3k_async_arm(struct smb3k_async *a)
{
	struct smb3k_tx *tx;
	bool cancel;
	u32 len;

	spin_lock(&a->conn->async_lock);
	a->armed = true;
	tx = a->early_tx;
	len = a->early_len;
	a->early_tx = NULL;
	/* The owner has set up everything its cancel callback undoes. */
	cancel = a->cancel_early && smb3k_async_claim_cancel(a);
	spin_unlock(&a->conn->async_lock);
	if (tx)
		smb3k_conn_queue_tx(a->conn, tx, len);
	if (cancel) {
		if (a->cancel)
			a->cancel(a);
		smb3k_async_put(a);
	}
	smb3k_async_put(a);
}

/* The final response: ASYNC header, body, signature or encryption. */
static struct smb3k_tx *smb3k_async_build(struct smb3k_async *a, u32 status,
					  const u8 *body, u32 body_len, u32 *out_len)
{
	struct smb3k_session *sess = a->sess;
	u32 len = SMB2_HDR_SIZE + max_t(u32, body_len, 9);
	struct smb3k_tx *tx, *etx;
	u8 *msg;

	tx = smb3k_tx_alloc(len);
	if (!tx)
		return NULL;
	msg = tx->data + 4;
	smb2_hdr_build_rsp(msg, &a->hdr, status, 0);
	smb2_hdr_set_async(msg, a->async_id);
	if (body)
		memcpy(msg + SMB2_HDR_SIZE, body, body_len);
	else
		len = SMB2_HDR_SIZE + smb2_build_error_rsp(msg + SMB2_HDR_SIZE, 9, NULL, 0);

	if (a->encrypted) {
		etx = smb3k_tx_seal(sess, msg, len, out_len);
		kvfree(tx);
		return etx;
	}
	if (sess->signing_alg &&
	    ((a->hdr.flags & SMB2_FLAGS_SIGNED) || sess->signing_required)) {
		u32 flags = get_unaligned_le32(msg + SMB2_HDR_OFF_FLAGS);

		put_unaligned_le32(flags | SMB2_FLAGS_SIGNED, msg + SMB2_HDR_OFF_FLAGS);
		if (smb3k_sign(sess->signing_alg, sess->keys.signing, msg, len,
			       msg + SMB2_HDR_OFF_SIGNATURE)) {
			kvfree(tx);
			return NULL;
		}
	}
	*out_len = len;
	return tx;
}

/**
 * smb3k_async_complete() - send the final response of an async request
 * @a: the request; later calls for it do nothing
 * @status: its NT status
 * @body: the response body, or NULL for an ERROR response
 * @body_len: its length
 *
 * Drops the list's reference; the caller keeps its own.
 */
void smb3k_async_complete(struct smb3k_async *a, u32 status, const u8 *body, u32 body_len)
{
	struct smb3k_conn *conn = a->conn;
	struct smb3k_tx *tx;
	u32 len = 0;

	spin_lock(&conn->async_lock);
	if (a->done) {
		spin_unlock(&conn->async_lock);
		return;
	}
	a->done = true;
	list_del_init(&a->node);
	spin_unlock(&conn->async_lock);

	tx = smb3k_async_build(a, status, body, body_len, &len);
	if (tx) {
		spin_lock(&conn->async_lock);
		if (!a->armed) {
			a->early_tx = tx;
			a->early_len = len;
			tx = NULL;
		}
		spin_unlock(&conn->async_lock);
		if (tx)
			smb3k_conn_queue_tx(conn, tx, len);
	}
	smb3k_async_put(a);
}

/* Claim the cancel of @a (under the lock). */
static bool smb3k_async_claim_cancel(struct smb3k_async *a)
{
	if (a->done || a->cancel_requested)
		return false;
	a->cancel_requested = true;
	kref_get(&a->ref);
	return true;
}

/**
 * smb3k_async_cancel_req() - CANCEL (MS-SMB2 3.3.5.16)
 * @conn: the connection the CANCEL came on
 * @h: its header: AsyncId when SMB2_FLAGS_ASYNC_COMMAND, else MessageId
 *
 * A CANCEL by MessageId that finds nothing is remembered, in case its
 * request is still on its way to going async: it is cancelled when armed.
 *
 * Return: whether a request was found (no response is sent either way).
 */
bool smb3k_async_cancel_req(struct smb3k_conn *conn, const struct smb2_hdr *h)
{
	struct smb3k_async *a, *found = NULL;

	spin_lock(&conn->async_lock);
	list_for_each_entry(a, &conn->async_list, node) {
		bool match = (h->flags & SMB2_FLAGS_ASYNC_COMMAND) ?
			     a->async_id == h->async_id : a->hdr.message_id == h->message_id;

		if (match) {
			if (smb3k_async_claim_cancel(a))
				found = a;
			break;
		}
	}
	/*
	 * By MessageId, the request may still be handled synchronously on
	 * its way to going async (requests run in parallel): remember it.
	 */
	if (list_entry_is_head(a, &conn->async_list, node) &&
	    !(h->flags & SMB2_FLAGS_ASYNC_COMMAND)) {
		conn->early_cancel[conn->early_cancel_next] = h->message_id + 1;
		conn->early_cancel_next = (conn->early_cancel_next + 1) %
					  SMB3K_EARLY_CANCEL_MAX;
	}
	spin_unlock(&conn->async_lock);
	if (!found)
		return false;
	if (found->cancel)
		found->cancel(found);
	smb3k_async_put(found);
	return true;
}

/**
 * smb3k_async_cancel_all() - the connection is going: cancel everything
 * @conn: the connection
 */
void smb3k_async_cancel_all(struct smb3k_conn *conn)
{
	struct smb3k_async *a, *found;

	for (;;) {
		found = NULL;
		spin_lock(&conn->async_lock);
		list_for_each_entry(a, &conn->async_list, node) {
			if (smb3k_async_claim_cancel(a)) {
				found = a;
				break;
			}
		}
		spin_unlock(&conn->async_lock);
		if (!found)
			return;
		if (found->cancel)
			found->cancel(found);
		smb3k_async_put(found);
	}
}
