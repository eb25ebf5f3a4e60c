// SPDX-License-Identifier: GPL-2.0
/*
 * From a received message to handler calls and one response message
 * (MS-SMB2 3.3.5.2): protocol id, connection state, session and tree
 * verification, signatures, compound chains.
 *
 * A work item holds a reference to every session and tree connect it
 * uses until it is done with them, so a LOGOFF or TREE_DISCONNECT earlier
 * in a chain only marks them dead: later commands see "deleted", never
 * freed memory.
 */
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <linux/smb3k.h>

#include "async.h"
#include "conn.h"
#include "durable.h"
#include "open.h"
#include "server.h"
#include "session.h"
#include "smb2_crypto.h"
#include "smb2_dispatch.h"
#include "tree.h"
#include "proto/ntstatus.h"
#include "proto/smb2_file.h"
#include "proto/smb2_transform.h"
#include "proto/smb2_wire.h"

static struct workqueue_struct *smb3k_req_wq;
static struct kmem_cache *smb3k_work_cache;

static const smb3k_handler_t smb3k_handlers[SMB2_NR_COMMANDS] = {
	[SMB2_NEGOTIATE] = smb3k_smb2_negotiate,
	[SMB2_SESSION_SETUP] = smb3k_smb2_session_setup,
	[SMB2_LOGOFF] = smb3k_smb2_logoff,
	[SMB2_TREE_CONNECT] = smb3k_smb2_tree_connect,
	[SMB2_TREE_DISCONNECT] = smb3k_smb2_tree_disconnect,
	[SMB2_ECHO] = smb3k_smb2_echo,
	[SMB2_CREATE] = smb3k_smb2_create,
	[SMB2_CLOSE] = smb3k_smb2_close,
	[SMB2_FLUSH] = smb3k_smb2_flush,
	[SMB2_READ] = smb3k_smb2_read,
	[SMB2_WRITE] = smb3k_smb2_write,
	[SMB2_LOCK] = smb3k_smb2_lock,
	[SMB2_IOCTL] = smb3k_smb2_ioctl,
	[SMB2_QUERY_DIRECTORY] = smb3k_smb2_query_directory,
	[SMB2_QUERY_INFO] = smb3k_smb2_query_info,
	[SMB2_SET_INFO] = smb3k_smb2_set_info,
	[SMB2_CHANGE_NOTIFY] = smb3k_smb2_change_notify,
	[SMB2_OPLOCK_BREAK] = smb3k_smb2_oplock_break,
};

/*
 * MS-SMB2 3.3.5.2.5: with multi-credit, CreditCharge must cover what the
 * request moves (3.1.5.2); without, nothing may exceed 64 KiB.
 */
static u32 smb3k_check_credit_charge(const struct smb3k_work *w)
{
	u32 payload = smb2_request_payload(w->cmd, w->cmd_len, w->hdr.command);
	u32 expected = payload ? (payload - 1) / 65536 + 1 : 1;

	if (!w->conn->negotiated || w->conn->dialect < SMB3K_DIALECT_210)
		return payload > 65536 ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
	if (!w->hdr.credit_charge)
		return payload > 65536 ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
	return expected > w->hdr.credit_charge ? STATUS_INVALID_PARAMETER :
	       STATUS_SUCCESS;
}

/* MessageIds a request uses: CreditCharge with multi-credit (2.1+), else 1. */
static u16 smb3k_credit_charge(const struct smb3k_conn *conn, const struct smb2_hdr *h)
{
	if (conn->negotiated && conn->dialect >= SMB3K_DIALECT_210)
		return max_t(u16, h->credit_charge, 1);
	return 1;
}

static bool smb3k_cmd_needs_session(u16 cmd)
{
	return cmd != SMB2_NEGOTIATE && cmd != SMB2_SESSION_SETUP &&
	       cmd != SMB2_ECHO && cmd != SMB2_CANCEL;
}

static bool smb3k_cmd_needs_tree(u16 cmd)
{
	return smb3k_cmd_needs_session(cmd) && cmd != SMB2_LOGOFF &&
	       cmd != SMB2_TREE_CONNECT;
}

/**
 * smb3k_work_set_session() - make @sess the request's session
 * @w: the request
 * @sess: a referenced session (the reference passes to @w), or NULL
 */
void smb3k_work_set_session(struct smb3k_work *w, struct smb3k_session *sess)
{
	if (w->sess)
		smb3k_session_put(w->sess);
	w->sess = sess;
}

/**
 * smb3k_work_set_tree() - make @tree the request's tree connect
 * @w: the request
 * @tree: a referenced tree (the reference passes to @w), or NULL
 */
void smb3k_work_set_tree(struct smb3k_work *w, struct smb3k_tree *tree)
{
	if (w->tree)
		smb3k_tree_put(w->tree);
	w->tree = tree;
}

/**
 * smb3k_work_set_open() - make @op the request's current open
 * @w: the request
 * @op: a referenced open (the reference passes to @w), or NULL
 */
void smb3k_work_set_open(struct smb3k_work *w, struct smb3k_open *op)
{
	if (w->open)
		smb3k_open_put(w->open);
	w->open = op;
}

/*
 * MS-SMB2 3.3.5.2.10: a command naming an open on a 3.x connection counts
 * as outstanding under its ChannelSequence. A client that lost a channel
 * raises ChannelSequence on its new one; what it sent under an older one
 * (or replays while such requests are still outstanding) may no longer
 * change the file: WRITE, SET_INFO and IOCTL then get STATUS_FILE_NOT_AVAILABLE.
 */
static u32 smb3k_chan_seq_enter(struct smb3k_work *w, struct smb3k_open *op)
{
	bool counted, stale;

	if (w->conn->dialect < SMB3K_DIALECT_300 || w->chan_open)
		return STATUS_SUCCESS;
	spin_lock(&op->lock_seq_lock);
	stale = smb3k_open_chan_seq_apply(op, w->hdr.channel_sequence,
					  w->hdr.flags & SMB2_FLAGS_REPLAY_OPERATION, &counted);
	spin_unlock(&op->lock_seq_lock);
	if (counted) {
		kref_get(&op->ref);
		w->chan_open = op;
	}
	if (stale && (w->hdr.command == SMB2_WRITE || w->hdr.command == SMB2_SET_INFO ||
		      w->hdr.command == SMB2_IOCTL))
		return STATUS_FILE_NOT_AVAILABLE;
	return STATUS_SUCCESS;
}

/* The command is done: it is no longer outstanding (3.3.4.1). */
static void smb3k_chan_seq_leave(struct smb3k_work *w)
{
	struct smb3k_open *op = w->chan_open;

	if (!op)
		return;
	spin_lock(&op->lock_seq_lock);
	smb3k_open_chan_seq_done(op, w->hdr.channel_sequence);
	spin_unlock(&op->lock_seq_lock);
	w->chan_open = NULL;
	smb3k_open_put(op);
}

/**
 * smb3k_work_find_open() - resolve a request's FileId to an open
 * @w: the request; on success @w->open is the open
 * @persistent: FileId.Persistent
 * @volatile_id: FileId.Volatile
 *
 * In a related compound chain FileId { -1, -1 } is the open the previous
 * command used or created (MS-SMB2 3.3.5.2.7.2).
 *
 * Return: STATUS_SUCCESS, STATUS_FILE_CLOSED, or STATUS_FILE_NOT_AVAILABLE
 * (a stale channel, 3.3.5.2.10).
 */
u32 smb3k_work_find_open(struct smb3k_work *w, u64 persistent, u64 volatile_id)
{
	struct smb3k_open *op;

	/* Only a related command may name "the previous open" (3.3.5.2.7.2). */
	if (persistent == U64_MAX && volatile_id == U64_MAX) {
		if (w->related && w->open && !READ_ONCE(w->open->dead) &&
		    w->open->tree == w->tree)
			return smb3k_chan_seq_enter(w, w->open);
		return STATUS_FILE_CLOSED;
	}
	op = smb3k_open_lookup(w->tree, persistent, volatile_id);
	smb3k_work_set_open(w, op);
	if (!op)
		return STATUS_FILE_CLOSED;
	/* 3.3.5.10 to 3.3.5.21: a used open takes no replayed CREATE. */
	smb3k_replay_used(op);
	return smb3k_chan_seq_enter(w, op);
}

/**
 * smb3k_tx_seal() - a message in a TRANSFORM_HEADER, as a new frame
 * @sess: the session whose key encrypts it (MS-SMB2 3.1.4.3)
 * @msg: the plain message
 * @len: its length
 * @out_len: set to the length of the sealed message
 *
 * Return: the frame to queue, or NULL.
 */
struct smb3k_tx *smb3k_tx_seal(struct smb3k_session *sess, const u8 *msg, u32 len,
			       u32 *out_len)
{
	struct smb3k_tx *tx = smb3k_tx_alloc(SMB2_TRANSFORM_HDR_SIZE + len);
	size_t elen;

	if (!tx)
		return NULL;
	if (smb3k_encrypt(sess->cipher, sess->keys.encryption, sess->keys.key_len, sess->id,
			  msg, len, tx->data + 4, SMB2_TRANSFORM_HDR_SIZE + len, &elen)) {
		kvfree(tx);
		return NULL;
	}
	*out_len = elen;
	return tx;
}

/**
 * smb3k_work_go_pending() - send the interim response now, finish later
 * @w: the request; only a message's one and only command
 * @cancel: called (with the request claimed) when the client cancels it or
 *	    the connection goes; it must make the handler return soon
 *
 * For a handler that waits in its worker (a CREATE waiting for oplock
 * breaks): the client gets STATUS_PENDING with an AsyncId at once (MS-SMB2
 * 3.3.4.2) and may cancel; whatever the handler returns afterwards is sent
 * as the final, asynchronous response. Whether the client cancelled is
 * READ_ONCE(a->cancel_requested).
 *
 * Return: the async request (the dispatcher holds it in @w->pending), or
 * NULL: the handler stays synchronous. When the interim response cannot
 * be sealed, @w->disconnect is set: the handler should give up.
 */
struct smb3k_async *smb3k_work_go_pending(struct smb3k_work *w,
					  void (*cancel)(struct smb3k_async *a))
{
	u32 len = SMB2_HDR_SIZE + 9;
	struct smb3k_tx *tx, *etx;
	struct smb3k_async *a;
	u8 *msg;

	if (w->pending || w->async || w->hdr.next_command || w->cmd != w->msg)
		return NULL;
	tx = smb3k_tx_alloc(len);
	if (!tx)
		return NULL;
	a = smb3k_async_start(w, cancel, NULL);
	if (!a) {
		kvfree(tx);
		return NULL;
	}
	w->async = NULL;	/* answered here, not by the dispatcher */
	msg = tx->data + 4;
	smb2_hdr_build_rsp(msg, &w->hdr, STATUS_PENDING,
			   smb3k_credits_grant(&w->conn->credits,
					       smb3k_credit_charge(w->conn, &w->hdr),
					       w->hdr.credits));
	smb2_hdr_set_async(msg, a->async_id);
	smb2_build_error_rsp(msg + SMB2_HDR_SIZE, 9, NULL, 0);
	if (w->encrypted) {
		etx = smb3k_tx_seal(w->enc_sess, msg, len, &len);
		kvfree(tx);
		/* As for any response that cannot be sealed: the connection goes. */
		if (!etx)
			w->disconnect = true;
		tx = etx;
	}
	if (tx)
		smb3k_conn_queue_tx(w->conn, tx, len);
	smb3k_async_arm(a);
	w->pending = a;
	return a;
}

/*
 * A signed request naming a session the server ended itself (session.c:
 * smb3k_session_expire()) gets its STATUS_USER_SESSION_DELETED signed with
 * that session's key, as Windows and Samba answer, when the request's own
 * signature verifies with it. Returns the referenced dead session or NULL.
 */
static struct smb3k_session *smb3k_gone_session(struct smb3k_work *w)
{
	struct smb3k_session *sess;

	if (!(w->hdr.flags & SMB2_FLAGS_SIGNED) || w->encrypted ||
	    !smb3k_cmd_needs_session(w->hdr.command))
		return NULL;
	sess = smb3k_session_lookup_gone(w->conn, w->hdr.session_id);
	if (sess && (!sess->signing_alg ||
		     smb3k_verify(sess->signing_alg, sess->keys.signing, w->cmd, w->cmd_len))) {
		smb3k_session_put(sess);
		sess = NULL;
	}
	return sess;
}

/*
 * MS-SMB2 3.3.5.2.7.2: a related command uses the session and tree of the
 * one before it; an unrelated one names its own. Returns the status to
 * fail the command with, or STATUS_SUCCESS.
 */
static u32 smb3k_resolve_ids(struct smb3k_work *w, bool related)
{
	u16 cmd = w->hdr.command;
	struct smb3k_session *sess;
	struct smb3k_tree *tree;

	if (related) {
		/*
		 * 3.3.5.2.7.2: a failed CREATE leaves the chain without its
		 * FileId; what follows fails alike. After other failures the
		 * chain goes on with the open it has (as Windows does).
		 */
		if (w->chain_cmd == SMB2_CREATE && w->chain_status != STATUS_SUCCESS) {
			w->chain_failed = true;	/* the rest of the chain fails alike */
			return w->chain_status;
		}
		if (w->chain_cmd == SMB2_SESSION_SETUP && w->chain_status != STATUS_SUCCESS &&
		    w->chain_status != STATUS_MORE_PROCESSING_REQUIRED)
			return w->chain_status;
		/*
		 * 3.3.5.2.7.2: nothing to inherit (the previous command had no
		 * valid session or tree) fails with STATUS_INVALID_PARAMETER.
		 */
		if (smb3k_cmd_needs_session(cmd) && !w->sess)
			return STATUS_INVALID_PARAMETER;
	} else {
		/* An unrelated command starts afresh: no open to inherit either. */
		smb3k_work_set_open(w, NULL);
		smb3k_work_set_tree(w, NULL);
		sess = w->hdr.session_id ?
		       smb3k_session_lookup(w->conn, w->hdr.session_id) : NULL;
		if (!sess && w->hdr.session_id)
			sess = smb3k_gone_session(w);
		smb3k_work_set_session(w, sess);
	}
	if (smb3k_cmd_needs_session(cmd)) {
		/*
		 * 3.3.5.2.9: a session in progress takes LOGOFF; one logged off
		 * (by a LOGOFF earlier in this chain) is no longer in the table.
		 */
		if (!w->sess || READ_ONCE(w->sess->state) == SMB3K_SESSION_DEAD) {
			/* A LOGOFF of a session the server ended: its id goes. */
			if (w->sess && cmd == SMB2_LOGOFF)
				smb3k_session_logoff(w->sess);
			return STATUS_USER_SESSION_DELETED;
		}
		if (READ_ONCE(w->sess->state) != SMB3K_SESSION_VALID &&
		    cmd != SMB2_LOGOFF)
			return STATUS_USER_SESSION_DELETED;
	}
	/* 3.3.5.2.9: a session that encrypts takes nothing in the clear. */
	if (smb3k_cmd_needs_session(cmd) && w->sess->encrypt_data && !w->encrypted)
		return STATUS_ACCESS_DENIED;
	if (smb3k_cmd_needs_tree(cmd)) {
		/* 3.3.5.2.11 */
		if (!related) {
			tree = smb3k_tree_lookup(w->sess, w->hdr.tree_id);
			smb3k_work_set_tree(w, tree);
		} else if (!w->tree) {
			return STATUS_INVALID_PARAMETER;	/* 3.3.5.2.7.2 */
		}
		if (!w->tree || READ_ONCE(w->tree->dead))
			return STATUS_NETWORK_NAME_DELETED;
		if ((w->tree->options & SMB3K_SHARE_OPT_ENCRYPT) && !w->encrypted)
			return STATUS_ACCESS_DENIED;
	}
	return STATUS_SUCCESS;
}

/* MS-SMB2 3.3.5.2.4. Returns STATUS_SUCCESS or the status to fail with. */
static u32 smb3k_check_signature(struct smb3k_work *w)
{
	struct smb3k_session *sess = w->sess;
	u16 cmd = w->hdr.command;

	/* 3.3.5.2.4: a decrypted message needs no signature. */
	if (cmd == SMB2_NEGOTIATE || w->encrypted)
		return STATUS_SUCCESS;
	if (w->hdr.flags & SMB2_FLAGS_SIGNED) {
		/* A logged-off session is no longer in the table: nothing to verify with. */
		if (!sess || READ_ONCE(sess->state) == SMB3K_SESSION_DEAD)
			return STATUS_USER_SESSION_DELETED;
		if (!sess->signing_alg)
			return cmd == SMB2_SESSION_SETUP ? STATUS_SUCCESS :
			       STATUS_NOT_SUPPORTED;
		if (smb3k_verify(sess->signing_alg, sess->keys.signing, w->cmd,
				 w->cmd_len))
			return STATUS_ACCESS_DENIED;
		return STATUS_SUCCESS;
	}
	if (sess && sess->signing_required && cmd != SMB2_SESSION_SETUP &&
	    cmd != SMB2_CANCEL && cmd != SMB2_ECHO)
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

/*
 * Handle the command described by @w->hdr/@w->cmd and append its response
 * at @w->rsp + @w->rsp_len. Returns false when the connection must be
 * dropped without a reply.
 */
static bool smb3k_dispatch_one(struct smb3k_work *w, bool first, bool related)
{
	struct smb3k_conn *conn = w->conn;
	smb3k_handler_t handler = NULL;
	u32 cap, body_len = 0, status;
	u16 charge;
	u8 *body;

	bool unknown = w->hdr.command >= SMB2_NR_COMMANDS ||
		       w->hdr.command == SMB2_SERVER_TO_CLIENT_NOTIFICATION;

	w->related = related;
	/*
	 * MS-SMB2 3.3.5.2.6: an unknown command ends the connection. Inside a
	 * chain it fails alone with STATUS_INVALID_PARAMETER, as Windows and
	 * Samba answer, so the responses before it are not lost.
	 */
	if (unknown && first)
		return false;
	if (!unknown)
		smb3k_stat_command(w->hdr.command);

	/* MS-SMB2 3.3.5.2.2: only NEGOTIATE before a dialect is agreed. */
	if (w->hdr.command != SMB2_NEGOTIATE && !READ_ONCE(conn->negotiated))
		return false;
	/* 3.3.5.2.3: every MessageId once, and only inside the window. */
	charge = smb3k_credit_charge(conn, &w->hdr);
	if (w->hdr.command != SMB2_CANCEL &&
	    !smb3k_credits_consume(&conn->credits, w->hdr.message_id, charge))
		return false;
	/* 3.3.5.16: CANCEL gets no response of its own. */
	if (w->hdr.command == SMB2_CANCEL) {
		smb3k_async_cancel_req(conn, &w->hdr);
		w->rsp_hdr = NULL;
		return true;
	}

	if (w->rsp_cap - w->rsp_len < SMB2_HDR_SIZE + 8)
		return false;
	w->rsp_hdr = w->rsp + w->rsp_len;
	body = w->rsp_hdr + SMB2_HDR_SIZE;
	cap = w->rsp_cap - w->rsp_len - SMB2_HDR_SIZE;
	w->keep_body = false;
	w->sign_rsp = false;
	w->hash_rsp = false;

	/* 3.3.5.2: only commands with payloads may be large. */
	if (w->cmd_len > 68 * 1024 && !smb2_request_payload(w->cmd, w->cmd_len,
							      w->hdr.command))
		return false;
	status = unknown ? STATUS_INVALID_PARAMETER : smb3k_check_credit_charge(w);
	/* 3.3.5.2.7.2: the first command of a chain cannot be related. */
	if (status == STATUS_SUCCESS && !related &&
	    (w->hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS))
		status = STATUS_INVALID_PARAMETER;
	if (status == STATUS_SUCCESS)
		status = smb3k_resolve_ids(w, related);
	if (status == STATUS_SUCCESS)
		status = smb3k_check_signature(w);
	w->rsp_session_id = w->sess ? w->sess->id : w->hdr.session_id;
	w->rsp_tree_id = w->tree ? w->tree->id : w->hdr.tree_id;
	if (status == STATUS_SUCCESS) {
		handler = smb3k_handlers[w->hdr.command];
		if (handler)
			status = handler(w, body, cap, &body_len);
		else
			status = STATUS_NOT_SUPPORTED;
	}
	smb3k_chan_seq_leave(w);
	if (w->disconnect)
		return false;
	if (status != STATUS_SUCCESS && !w->keep_body)
		body_len = smb2_build_error_rsp(body, cap, NULL, 0);
	/* The interim response went out already: this is the final one. */
	if (w->pending) {
		smb3k_async_complete(w->pending, status, body, body_len);
		smb3k_async_put(w->pending);
		w->pending = NULL;
		w->rsp_hdr = NULL;
		return true;
	}
	w->chain_status = status;
	if (!w->chain_failed)
		w->chain_cmd = w->hdr.command;
	w->chain_failed = false;

	smb2_hdr_build_rsp(w->rsp_hdr, &w->hdr, status,
			   smb3k_credits_grant(&conn->credits, charge, w->hdr.credits));
	/* 3.3.4.2: the interim response of an async command, never signed. */
	if (status == STATUS_PENDING && w->async) {
		smb2_hdr_set_async(w->rsp_hdr, w->async->async_id);
		w->rsp_len += SMB2_HDR_SIZE + body_len;
		return true;
	}
	put_unaligned_le64(w->rsp_session_id, w->rsp_hdr + SMB2_HDR_OFF_SESSION_ID);
	if (!(w->hdr.flags & SMB2_FLAGS_ASYNC_COMMAND))
		put_unaligned_le32(w->rsp_tree_id, w->rsp_hdr + SMB2_HDR_OFF_TREE_ID);
	w->rsp_len += SMB2_HDR_SIZE + body_len;

	/* MS-SMB2 3.3.4.1.1: sign when the request was or the session must be. */
	if (w->sess && w->sess->signing_alg && w->hdr.command != SMB2_SESSION_SETUP &&
	    ((w->hdr.flags & SMB2_FLAGS_SIGNED) || w->sess->signing_required))
		w->sign_rsp = true;
	if (w->sign_rsp && w->sess && w->nsign < SMB3K_MAX_CHAIN) {
		smb3k_session_get(w->sess);
		w->sign[w->nsign].off = w->rsp_hdr - w->rsp;
		w->sign[w->nsign].sess = w->sess;
		w->nsign++;
	} else if ((w->hdr.flags & SMB2_FLAGS_SIGNED) && !w->encrypted &&
		   w->hdr.command != SMB2_SESSION_SETUP) {
		/*
		 * A signed request answered without a key to sign with (its
		 * session logged off or never existed, a broken chain): the
		 * response keeps SMB2_FLAGS_SIGNED and echoes the request's
		 * signature, as Samba answers. Clients that require signing
		 * take such an error only so (they refuse a response without
		 * the flag). SESSION_SETUP decides its own signing.
		 */
		put_unaligned_le32(get_unaligned_le32(w->rsp_hdr + SMB2_HDR_OFF_FLAGS) |
				   SMB2_FLAGS_SIGNED, w->rsp_hdr + SMB2_HDR_OFF_FLAGS);
		memcpy(w->rsp_hdr + SMB2_HDR_OFF_SIGNATURE, w->cmd + SMB2_HDR_OFF_SIGNATURE,
		       SMB2_SIGNATURE_SIZE);
	}

	if (w->hdr.command == SMB2_NEGOTIATE && status == STATUS_SUCCESS)
		smb3k_smb2_negotiate_done(w, w->rsp_hdr, SMB2_HDR_SIZE + body_len);
	if (w->hash_rsp)
		smb3k_smb2_session_setup_done(w, w->rsp_hdr, SMB2_HDR_SIZE + body_len);
	return !w->disconnect;
}

/* Sign every response that asked for it, now that NextCommand is final. */
static void smb3k_sign_responses(struct smb3k_work *w)
{
	unsigned int i;

	for (i = 0; i < w->nsign; i++) {
		u8 *hdr = w->rsp + w->sign[i].off;
		u32 next = get_unaligned_le32(hdr + SMB2_HDR_OFF_NEXT_COMMAND);
		u32 len = next ? next : w->rsp_len - w->sign[i].off;
		struct smb3k_session *sess = w->sign[i].sess;
		u32 flags = get_unaligned_le32(hdr + SMB2_HDR_OFF_FLAGS);

		put_unaligned_le32(flags | SMB2_FLAGS_SIGNED, hdr + SMB2_HDR_OFF_FLAGS);
		if (smb3k_sign(sess->signing_alg, sess->keys.signing, hdr, len,
			       hdr + SMB2_HDR_OFF_SIGNATURE))
			w->disconnect = true;
	}
}

/*
 * Make room for the responses a message asks for (READ data, directory
 * listings ...), bounded by what the connection accepts as a message now:
 * a client that has not logged on cannot make us allocate megabytes.
 */
static bool smb3k_size_response(struct smb3k_work *w)
{
	u32 limit = READ_ONCE(w->conn->max_msg) + SMB3K_MAX_RSP;
	u32 want = smb2_rsp_size_hint(w->msg, w->msg_len, SMB3K_MAX_IO);
	struct smb3k_tx *tx;

	want = min(max_t(u32, want, SMB3K_MAX_RSP), limit);
	if (want <= w->rsp_cap)
		return true;
	tx = smb3k_tx_alloc(want);
	if (!tx)
		return false;
	kvfree(w->tx);
	w->tx = tx;
	w->rsp = tx->data + 4;
	w->rsp_cap = want;
	return true;
}

/**
 * smb3k_dispatch_smb2() - handle a plain SMB2 message, one command or a chain
 * @w: the request: @w->msg holds the message, @w->tx/@w->rsp an empty
 *     response buffer; the responses are appended at @w->rsp (MS-SMB2
 *     3.3.5.2.7: each command of a chain in turn, responses chained alike)
 *
 * Return: false when the connection must be dropped without a reply.
 */
bool smb3k_dispatch_smb2(struct smb3k_work *w)
{
	u32 off = 0, status, ncmds = 0, nrsp = 0;
	u8 *prev_rsp = NULL;
	bool related;

	if (!smb3k_size_response(w))
		return false;

	while (off < w->msg_len) {
		status = smb2_hdr_parse(w->msg + off, w->msg_len - off, &w->hdr);
		if (status != STATUS_SUCCESS || ++ncmds > SMB3K_MAX_CHAIN)
			return false;
		w->cmd = w->msg + off;
		w->cmd_len = smb2_hdr_msg_len(&w->hdr, w->msg_len - off);
		related = off && (w->hdr.flags & SMB2_FLAGS_RELATED_OPERATIONS);

		/* NEGOTIATE may not be part of a chain. */
		if (w->hdr.command == SMB2_NEGOTIATE && (off || w->hdr.next_command))
			return false;

		if (prev_rsp && w->hdr.command != SMB2_CANCEL) {
			u32 aligned = ALIGN(w->rsp_len, 8);

			if (aligned > w->rsp_cap)
				return false;
			memset(w->rsp + w->rsp_len, 0, aligned - w->rsp_len);
			w->rsp_len = aligned;
			smb2_hdr_set_next_command(prev_rsp, w->rsp + w->rsp_len - prev_rsp);
		}
		if (!smb3k_dispatch_one(w, !off, related))
			return false;
		if (w->rsp_hdr) {
			nrsp += prev_rsp != w->rsp_hdr;
			prev_rsp = w->rsp_hdr;
		}
		if (!w->hdr.next_command)
			break;
		off += w->hdr.next_command;
	}
	/* 3.3.4.1.3: the last of compounded responses is padded to 8 bytes. */
	if (nrsp > 1 && w->rsp_len != ALIGN(w->rsp_len, 8)) {
		u32 aligned = ALIGN(w->rsp_len, 8);

		if (aligned > w->rsp_cap)
			return false;
		memset(w->rsp + w->rsp_len, 0, aligned - w->rsp_len);
		w->rsp_len = aligned;
	}
	/* 3.3.4.1.1: an encrypted response is not signed. */
	if (!w->encrypted)
		smb3k_sign_responses(w);
	return !w->disconnect;
}

static void smb3k_work_free(struct smb3k_work *w)
{
	unsigned int i;

	for (i = 0; i < w->nsign; i++)
		smb3k_session_put(w->sign[i].sess);
	/* Not answered after all (the connection is going): arm, so nothing waits. */
	if (w->async)
		smb3k_async_arm(w->async);
	if (w->pending) {
		smb3k_async_complete(w->pending, STATUS_CANCELLED, NULL, 0);
		smb3k_async_put(w->pending);
	}
	smb3k_chan_seq_leave(w);
	smb3k_work_set_open(w, NULL);
	smb3k_work_set_tree(w, NULL);
	if (w->enc_sess)
		smb3k_session_put(w->enc_sess);
	smb3k_work_set_session(w, NULL);
	kvfree(w->tx);
	kvfree(w->msg);
	kmem_cache_free(smb3k_work_cache, w);
}

/*
 * MS-SMB2 3.3.5.2.1.1: decrypt with the key of the session the transform
 * header names, then handle the plaintext as any other message. Returns
 * false when the connection must be dropped.
 */
static bool smb3k_dispatch_encrypted(struct smb3k_work *w)
{
	struct smb2_transform_hdr t;
	struct smb3k_session *sess;
	size_t plain_len;
	u8 *plain;

	if (smb2_transform_parse(w->msg, w->msg_len, &t) != STATUS_SUCCESS ||
	    w->conn->dialect < SMB3K_DIALECT_300 || !w->conn->cipher)
		return false;
	sess = smb3k_session_lookup(w->conn, t.session_id);
	if (!sess)
		return false;
	w->enc_sess = sess;
	if (READ_ONCE(sess->state) != SMB3K_SESSION_VALID || !sess->keys.key_len)
		return false;
	plain = kvmalloc(t.original_size, GFP_KERNEL);
	if (!plain)
		return false;
	if (smb3k_decrypt(sess->cipher, sess->keys.decryption, sess->keys.key_len,
			  w->msg, w->msg_len, plain, t.original_size, &plain_len) ||
	    plain_len < SMB2_HDR_SIZE ||
	    get_unaligned_le32(plain) != SMB2_PROTO_ID) {
		kvfree(plain);
		return false;
	}
	kvfree(w->msg);
	w->msg = plain;
	w->msg_len = plain_len;
	w->encrypted = true;
	return smb3k_dispatch_smb2(w);
}

/* Wrap the response in a TRANSFORM_HEADER (3.3.4.1.4). */
static bool smb3k_encrypt_response(struct smb3k_work *w)
{
	struct smb3k_tx *tx;
	u32 len;

	tx = smb3k_tx_seal(w->enc_sess, w->rsp, w->rsp_len, &len);
	if (!tx)
		return false;
	kvfree(w->tx);
	w->tx = tx;
	w->rsp = tx->data + 4;
	w->rsp_len = len;
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
	w->rsp_cap = SMB3K_MAX_RSP;

	switch (proto) {
	case SMB2_PROTO_ID:
		ok = smb3k_dispatch_smb2(w);
		break;
	case SMB1_PROTO_ID:
		/* MS-SMB2 3.3.5.2: only SMB_COM_NEGOTIATE, only as the first message. */
		smb3k_smb1_negotiate(w);
		ok = !w->disconnect;
		break;
	case SMB2_TRANSFORM_PROTO_ID:
		ok = smb3k_dispatch_encrypted(w);
		if (ok && w->rsp_len)
			ok = smb3k_encrypt_response(w);
		break;
	default:
		/* Compression (0xFC) is not offered. */
		break;
	}
	if (ok && w->rsp_len) {
		smb3k_conn_queue_tx(conn, w->tx, w->rsp_len);
		w->tx = NULL;
		if (w->async)
			smb3k_async_arm(w->async);
		w->async = NULL;
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
	smb3k_work_free(w);
	smb3k_conn_request_done(conn);
	smb3k_conn_put(conn);
}

/**
 * smb3k_work_current() - the request the calling task is handling
 *
 * For code called back from deep below a handler (fsnotify) that needs to
 * know which command caused what it sees.
 *
 * Return: the request, or NULL outside the request workqueue.
 */
struct smb3k_work *smb3k_work_current(void)
{
	struct work_struct *work = current_work();

	if (!work || work->func != smb3k_dispatch_work)
		return NULL;
	return container_of(work, struct smb3k_work, work);
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
