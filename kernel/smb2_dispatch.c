// SPDX-License-Identifier: GPL-2.0
/*
 * From a received message to handler calls and one response message
 * (MS-SMB2 3.3.5.2): protocol id, connection state, compound chains.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/workqueue.h>

#include "conn.h"
#include "server.h"
#include "smb2_dispatch.h"
#include "proto/ntstatus.h"
#include "proto/smb2_wire.h"

static struct workqueue_struct *smb3k_req_wq;
static struct kmem_cache *smb3k_work_cache;

static const smb3k_handler_t smb3k_handlers[SMB2_NR_COMMANDS] = {
	[SMB2_NEGOTIATE] = smb3k_smb2_negotiate,
};

/* Credits granted for a response: until credit accounting lands, what was asked. */
static u16 smb3k_grant_credits(const struct smb2_hdr *h)
{
	return clamp_t(u16, h->credits, 1, 64);
}

/*
 * Handle the command described by @w->hdr/@w->cmd and append its response
 * at @w->rsp + @w->rsp_len. Returns false when the connection must be
 * dropped without a reply.
 */
static bool smb3k_dispatch_one(struct smb3k_work *w)
{
	struct smb3k_conn *conn = w->conn;
	smb3k_handler_t handler = NULL;
	u32 cap, body_len = 0, status;
	u8 *body;

	/* MS-SMB2 3.3.5.2.6: an unknown command ends the connection. */
	if (w->hdr.command >= SMB2_NR_COMMANDS ||
	    w->hdr.command == SMB2_SERVER_TO_CLIENT_NOTIFICATION)
		return false;
	smb3k_stat_command(w->hdr.command);

	/* MS-SMB2 3.3.5.2.2: only NEGOTIATE before a dialect is agreed. */
	if (w->hdr.command != SMB2_NEGOTIATE && !conn->negotiated)
		return false;

	if (SMB3K_MAX_RSP - w->rsp_len < SMB2_HDR_SIZE + 8)
		return false;
	w->rsp_hdr = w->rsp + w->rsp_len;
	body = w->rsp_hdr + SMB2_HDR_SIZE;
	cap = SMB3K_MAX_RSP - w->rsp_len - SMB2_HDR_SIZE;

	handler = smb3k_handlers[w->hdr.command];
	if (handler)
		status = handler(w, body, cap, &body_len);
	else
		status = STATUS_NOT_SUPPORTED;
	if (w->disconnect)
		return false;
	if (status != STATUS_SUCCESS)
		body_len = smb2_build_error_rsp(body, cap, NULL, 0);

	smb2_hdr_build_rsp(w->rsp_hdr, &w->hdr, status,
			   smb3k_grant_credits(&w->hdr));
	w->rsp_len += SMB2_HDR_SIZE + body_len;

	if (w->hdr.command == SMB2_NEGOTIATE && status == STATUS_SUCCESS)
		smb3k_smb2_negotiate_done(w, w->rsp_hdr, SMB2_HDR_SIZE + body_len);
	return !w->disconnect;
}

/* MS-SMB2 3.3.5.2.7: each command of a chain, responses chained alike. */
static bool smb3k_dispatch_smb2(struct smb3k_work *w)
{
	u32 off = 0, status;
	u8 *prev_rsp = NULL;

	while (off < w->msg_len) {
		status = smb2_hdr_parse(w->msg + off, w->msg_len - off, &w->hdr);
		if (status != STATUS_SUCCESS)
			return false;
		w->cmd = w->msg + off;
		w->cmd_len = smb2_hdr_msg_len(&w->hdr, w->msg_len - off);

		/* NEGOTIATE may not be part of a chain. */
		if (w->hdr.command == SMB2_NEGOTIATE && (off || w->hdr.next_command))
			return false;

		if (prev_rsp) {
			u32 aligned = ALIGN(w->rsp_len, 8);

			if (aligned > SMB3K_MAX_RSP)
				return false;
			memset(w->rsp + w->rsp_len, 0, aligned - w->rsp_len);
			w->rsp_len = aligned;
			smb2_hdr_set_next_command(prev_rsp, w->rsp + w->rsp_len - prev_rsp);
		}
		if (!smb3k_dispatch_one(w))
			return false;
		prev_rsp = w->rsp_hdr;
		if (!w->hdr.next_command)
			break;
		off += w->hdr.next_command;
	}
	return true;
}

static void smb3k_dispatch_work(struct work_struct *work)
{
	struct smb3k_work *w = container_of(work, struct smb3k_work, work);
	struct smb3k_conn *conn = w->conn;
	u32 proto = w->msg_len >= 4 ? get_unaligned_le32(w->msg) : 0;
	bool ok = false;

	w->tx = smb3k_tx_alloc(SMB3K_MAX_RSP);
	if (!w->tx)
		goto kill;
	w->rsp = w->tx->data + 4;

	switch (proto) {
	case SMB2_PROTO_ID:
		ok = smb3k_dispatch_smb2(w);
		break;
	case SMB1_PROTO_ID:
		/* MS-SMB2 3.3.5.2: only SMB_COM_NEGOTIATE, only as the first message. */
		smb3k_smb1_negotiate(w);
		ok = !w->disconnect;
		break;
	default:
		/* Transform (encryption) and compression headers come later. */
		break;
	}
	if (ok && w->rsp_len) {
		smb3k_conn_queue_tx(conn, w->tx, w->rsp_len);
		w->tx = NULL;
		/* After queueing, so that io_work sends the reply first. */
		if (w->close_after_send)
			smb3k_conn_close_after_send(conn);
	} else if (!ok) {
		goto kill;
	}
	goto out;
kill:
	smb3k_conn_kill(conn);
out:
	kvfree(w->tx);
	kvfree(w->msg);
	kmem_cache_free(smb3k_work_cache, w);
	smb3k_conn_put(conn);
}

/**
 * smb3k_dispatch_queue() - hand a received message to the request workqueue
 * @conn: the connection it came on
 * @msg: the message (kvmalloc'ed); consumed
 * @len: its length
 *
 * Return: 0, or -ENOMEM (the message is freed and the caller disconnects).
 */
int smb3k_dispatch_queue(struct smb3k_conn *conn, u8 *msg, u32 len)
{
	struct smb3k_work *w;

	w = kmem_cache_zalloc(smb3k_work_cache, GFP_KERNEL);
	if (!w) {
		kvfree(msg);
		return -ENOMEM;
	}
	INIT_WORK(&w->work, smb3k_dispatch_work);
	smb3k_conn_get(conn);
	w->conn = conn;
	w->msg = msg;
	w->msg_len = len;
	queue_work(smb3k_req_wq, &w->work);
	return 0;
}

/**
 * smb3k_dispatch_init() - create the request workqueue
 *
 * Return: 0 or -ENOMEM.
 */
int smb3k_dispatch_init(void)
{
	int ret = smb3k_negotiate_init();

	if (ret)
		return ret;
	smb3k_work_cache = KMEM_CACHE(smb3k_work, 0);
	if (!smb3k_work_cache)
		return -ENOMEM;
	smb3k_req_wq = alloc_workqueue("smb3k_req", WQ_MEM_RECLAIM, 0);
	if (!smb3k_req_wq) {
		kmem_cache_destroy(smb3k_work_cache);
		return -ENOMEM;
	}
	return 0;
}

/**
 * smb3k_dispatch_exit() - wait for requests in flight, free the workqueue
 */
void smb3k_dispatch_exit(void)
{
	destroy_workqueue(smb3k_req_wq);
	kmem_cache_destroy(smb3k_work_cache);
}
