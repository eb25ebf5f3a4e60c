// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 SESSION_SETUP (MS-SMB2 3.3.5.5). The security exchange (SPNEGO,
 * NTLMSSP) runs in smb3kd: each round trip is one SESSION_SETUP upcall.
 * The kernel never sees a password or a password hash, only the session
 * key of a successful exchange, from which it derives the signing and
 * encryption keys.
 */
#include <linux/slab.h>
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "conn.h"
#include "server.h"
#include "session.h"
#include "smb2_crypto.h"
#include "smb2_dispatch.h"
#include "upcall.h"
#include "proto/ntstatus.h"
#include "proto/smb2_negotiate.h"
#include "proto/smb2_session.h"

#define SMB3K_LOGIN_TIMEOUT_MS	15000

struct smb3k_setup_args {
	struct smb3k_conn *conn;
	struct smb3k_session *sess;
	const struct smb2_session_setup_req *req;
	u32 flags;
};

static int smb3k_setup_fill(struct sk_buff *skb, void *arg)
{
	struct smb3k_setup_args *a = arg;

	if (nla_put_u64_64bit(skb, SMB3K_A_SESSION_ID, a->sess->id, SMB3K_A_PAD) ||
	    nla_put_u16(skb, SMB3K_A_DIALECT, a->conn->dialect) ||
	    nla_put(skb, SMB3K_A_CLIENT_GUID, sizeof(a->conn->client_guid),
		    a->conn->client_guid) ||
	    nla_put_u32(skb, SMB3K_A_SESSION_FLAGS, a->flags) ||
	    smb3k_put_peer(skb, &a->conn->peer) ||
	    (a->req->blob_len &&
	     nla_put(skb, SMB3K_A_SEC_BLOB, a->req->blob_len, a->req->blob)))
		return -EMSGSIZE;
	return 0;
}

static u16 smb3k_session_signing_alg(const struct smb3k_conn *conn)
{
	if (conn->dialect < SMB3K_DIALECT_300)
		return SMB3K_SIGNING_HMAC_SHA256;
	/* 3.1.1 with SMB2_SIGNING_CAPABILITIES: what was negotiated (3.3.5.4). */
	if (conn->dialect == SMB3K_DIALECT_311 &&
	    conn->signing_alg == SMB2_SIGNING_AES_GMAC)
		return SMB2_SIGNING_AES_GMAC;
	if (conn->dialect == SMB3K_DIALECT_311 &&
	    conn->signing_alg == SMB2_SIGNING_HMAC_SHA256)
		return SMB3K_SIGNING_HMAC_SHA256;
	return SMB2_SIGNING_AES_CMAC;
}

/* The exchange succeeded: take the user and the key. Under sess->lock. */
static u32 smb3k_session_established(struct smb3k_work *w, struct smb3k_session *sess,
				     const struct smb2_session_setup_req *req,
				     struct nlattr **tb, bool reauth)
{
	struct smb3k_conn *conn = w->conn;
	struct smb3k_config cfg;
	u32 flags = tb[SMB3K_A_SESSION_FLAGS] ?
		    nla_get_u32(tb[SMB3K_A_SESSION_FLAGS]) : 0;

	smb3k_config_snapshot(&cfg);
	sess->is_guest = flags & SMB3K_SESSION_IS_GUEST;
	sess->is_null = flags & SMB3K_SESSION_IS_NULL;
	/*
	 * Never a cut name: tree connects are authorized by it. Checked before
	 * the copy, which would leave a re-authenticated session a cut one.
	 */
	if (tb[SMB3K_A_USER_NAME]) {
		if (strnlen(nla_data(tb[SMB3K_A_USER_NAME]), nla_len(tb[SMB3K_A_USER_NAME])) >=
		    sizeof(sess->user))
			return STATUS_INTERNAL_ERROR;
		nla_strscpy(sess->user, tb[SMB3K_A_USER_NAME], sizeof(sess->user));
	}
	sess->uid = tb[SMB3K_A_UID] ? nla_get_u32(tb[SMB3K_A_UID]) : 65534;
	sess->gid = tb[SMB3K_A_GID] ? nla_get_u32(tb[SMB3K_A_GID]) : 65534;
	sess->dialect = conn->dialect;
	sess->cipher = conn->cipher;
	if (smb3k_session_set_cred(sess, tb[SMB3K_A_GROUPS] ? nla_data(tb[SMB3K_A_GROUPS]) : NULL,
				   tb[SMB3K_A_GROUPS] ? nla_len(tb[SMB3K_A_GROUPS]) / 4 : 0))
		return STATUS_INSUFFICIENT_RESOURCES;

	/*
	 * A re-authentication keeps the session's keys (MS-SMB2 3.3.5.5.3:
	 * they come from the first authentication only); its final response
	 * is signed with them.
	 */
	if (reauth && sess->signing_alg) {
		w->sign_rsp = true;
	} else if (!sess->is_guest && !sess->is_null) {
		u8 key[16];

		if (!tb[SMB3K_A_SESSION_KEY])
			return STATUS_LOGON_FAILURE;
		nla_memcpy(key, tb[SMB3K_A_SESSION_KEY], sizeof(key));
		if (smb3k_derive_keys(conn->dialect, conn->cipher, key, sizeof(key),
				      sess->preauth_hash, &sess->keys)) {
			memzero_explicit(key, sizeof(key));
			return STATUS_INTERNAL_ERROR;
		}
		memzero_explicit(key, sizeof(key));
		sess->signing_alg = smb3k_session_signing_alg(conn);
		/* MS-SMB2 3.3.5.5.3 */
		sess->signing_required =
			(smb3k_signing_required_from(cfg.signing) &&
			 conn->dialect >= smb3k_signing_required_from(cfg.signing)) ||
			(req->security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED);
		/* 3.x: the final response of a real login is always signed. */
		if (conn->dialect >= SMB3K_DIALECT_300 || sess->signing_required)
			w->sign_rsp = true;
		/* "smb encrypt": required refuses whoever cannot encrypt. */
		if (cfg.encrypt == SMB3K_ENCRYPT_REQUIRED &&
		    (conn->dialect < SMB3K_DIALECT_300 || !conn->cipher))
			return STATUS_ACCESS_DENIED;
		if (cfg.encrypt != SMB3K_ENCRYPT_OFF && conn->cipher &&
		    conn->dialect >= SMB3K_DIALECT_300)
			sess->encrypt_data = true;
	} else if (cfg.encrypt == SMB3K_ENCRYPT_REQUIRED) {
		/* Guest and anonymous sessions have no key to encrypt with. */
		return STATUS_ACCESS_DENIED;
	}
	WRITE_ONCE(sess->state, SMB3K_SESSION_VALID);
	/* Past authentication, multi-credit messages may be large. */
	if (conn->dialect >= SMB3K_DIALECT_210)
		WRITE_ONCE(conn->max_msg, SMB3K_MAX_MSG_AUTH);
	return STATUS_SUCCESS;
}

/*
 * MS-SMB2 3.3.5.5.3: a client reconnecting names its old session in
 * PreviousSessionId; when the same user made it, it goes (its opens close,
 * its pending requests are answered).
 */
static void smb3k_session_replace_previous(struct smb3k_session *sess, u64 previous)
{
	struct smb3k_session *old;

	if (!previous || previous == sess->id || sess->is_guest || sess->is_null)
		return;
	old = smb3k_session_lookup(NULL, previous);
	if (!old)
		return;
	if (READ_ONCE(old->state) == SMB3K_SESSION_VALID && !old->is_guest &&
	    !old->is_null && old->uid == sess->uid && !strcmp(old->user, sess->user))
		smb3k_session_expire(old);
	smb3k_session_put(old);
}

/**
 * smb3k_smb2_session_setup() - one round trip of a session setup
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status (STATUS_MORE_PROCESSING_REQUIRED with a body while the
 * exchange goes on).
 */
u32 smb3k_smb2_session_setup(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct nlattr *tb[SMB3K_A_MAX + 1];
	struct smb3k_conn *conn = w->conn;
	struct smb2_session_setup_req req;
	struct smb3k_setup_args args = { .conn = conn, .req = &req };
	struct smb3k_session *sess;
	struct sk_buff *reply = NULL;
	const u8 *blob = NULL;
	u16 blob_len = 0, rsp_flags = 0;
	size_t len;
	u32 status;
	int ret;

	status = smb2_session_setup_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	/* Multichannel (session binding) is not offered yet. */
	if (req.flags & SMB2_SESSION_FLAG_BINDING)
		return STATUS_REQUEST_NOT_ACCEPTED;

	if (!w->hdr.session_id) {
		sess = smb3k_session_new(conn);
		if (!sess)
			return STATUS_INSUFFICIENT_RESOURCES;
		memcpy(sess->preauth_hash, conn->preauth_hash, sizeof(sess->preauth_hash));
		smb3k_work_set_session(w, sess);
	} else {
		sess = w->sess;
		if (!sess)
			return STATUS_USER_SESSION_DELETED;
		if (READ_ONCE(sess->state) == SMB3K_SESSION_VALID) {
			/* Re-authentication: a new exchange on a live session. */
			args.flags |= SMB3K_SETUP_REAUTH;
			/*
			 * Every answer of it, interim and failed ones too, goes
			 * under the keys the session has (3.3.4.1.1): a client
			 * that requires signing takes an unsigned one for a
			 * forgery.
			 */
			if (sess->signing_alg &&
			    ((w->hdr.flags & SMB2_FLAGS_SIGNED) || sess->signing_required))
				w->sign_rsp = true;
			memcpy(sess->preauth_hash, conn->preauth_hash,
			       sizeof(sess->preauth_hash));
		}
	}
	w->rsp_session_id = sess->id;
	args.sess = sess;

	mutex_lock(&sess->lock);
	if (conn->dialect == SMB3K_DIALECT_311 &&
	    smb3k_preauth_hash_update(sess->preauth_hash, w->cmd, w->cmd_len)) {
		status = STATUS_INTERNAL_ERROR;
		goto fail_locked;
	}
	mutex_unlock(&sess->lock);

	ret = smb3k_upcall(SMB3K_CMD_SESSION_SETUP, smb3k_setup_fill, &args,
			   req.blob_len + 256, SMB3K_LOGIN_TIMEOUT_MS, &reply);
	if (ret) {
		pr_warn_ratelimited("session setup: smb3kd did not answer (%d)\n", ret);
		status = STATUS_NO_LOGON_SERVERS;
		goto fail;
	}
	if (smb3k_upcall_parse(reply, tb) || !tb[SMB3K_A_NTSTATUS]) {
		status = STATUS_INTERNAL_ERROR;
		goto fail;
	}
	status = nla_get_u32(tb[SMB3K_A_NTSTATUS]);
	if (tb[SMB3K_A_SEC_BLOB]) {
		blob = nla_data(tb[SMB3K_A_SEC_BLOB]);
		blob_len = nla_len(tb[SMB3K_A_SEC_BLOB]);
	}

	mutex_lock(&sess->lock);
	if (sess->state == SMB3K_SESSION_DEAD) {
		status = STATUS_USER_SESSION_DELETED;
		goto fail_locked;
	}
	if (status == STATUS_MORE_PROCESSING_REQUIRED) {
		if (conn->dialect == SMB3K_DIALECT_311)
			w->hash_rsp = true;
	} else if (status == STATUS_SUCCESS) {
		status = smb3k_session_established(w, sess, &req, tb,
						   args.flags & SMB3K_SETUP_REAUTH);
		if (status != STATUS_SUCCESS)
			goto fail_locked;
		if (sess->is_guest)
			rsp_flags |= SMB2_SESSION_FLAG_IS_GUEST;
		if (sess->is_null)
			rsp_flags |= SMB2_SESSION_FLAG_IS_NULL;
		if (sess->encrypt_data)
			rsp_flags |= SMB2_SESSION_FLAG_ENCRYPT_DATA;
	} else {
		goto fail_locked;
	}
	mutex_unlock(&sess->lock);
	if (status == STATUS_SUCCESS)
		smb3k_session_replace_previous(sess, req.previous_session_id);

	if (smb2_session_setup_build_rsp(rsp_flags, blob, blob_len, body, cap, &len) !=
	    STATUS_SUCCESS) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto fail;
	}
	*body_len = len;
	w->keep_body = true;
	kfree_skb(reply);
	return status;

fail_locked:
	mutex_unlock(&sess->lock);
fail:
	kfree_skb(reply);
	/*
	 * A failed exchange ends the session, a failed re-authentication
	 * too (as Windows: the session's opens are closed, its pending
	 * requests answered); not when the server itself failed it.
	 */
	if (!(args.flags & SMB3K_SETUP_REAUTH))
		smb3k_session_logoff(sess);
	else if (status != STATUS_NO_LOGON_SERVERS && status != STATUS_INTERNAL_ERROR &&
		 status != STATUS_INSUFFICIENT_RESOURCES)
		smb3k_session_expire(sess);
	return status;
}

/**
 * smb3k_smb2_session_setup_done() - fold an interim response into the hash
 * @w: the request
 * @rsp: the SESSION_SETUP response (STATUS_MORE_PROCESSING_REQUIRED)
 * @len: its length
 *
 * MS-SMB2 3.3.5.5: for 3.1.1 every request and every response but the last
 * goes into Session.PreauthIntegrityHashValue.
 */
void smb3k_smb2_session_setup_done(struct smb3k_work *w, const u8 *rsp, u32 len)
{
	struct smb3k_session *sess = w->sess;

	if (!sess)
		return;
	mutex_lock(&sess->lock);
	if (smb3k_preauth_hash_update(sess->preauth_hash, rsp, len))
		w->disconnect = true;
	mutex_unlock(&sess->lock);
}
