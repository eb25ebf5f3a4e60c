// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 NEGOTIATE (MS-SMB2 3.3.5.4) and the multi-protocol SMB1
 * SMB_COM_NEGOTIATE that Windows and smbclient open with (3.3.5.3).
 */
#include <linux/random.h>
#include <linux/ktime.h>

#include "conn.h"
#include "smb2_crypto.h"
#include "server.h"
#include "smb2_dispatch.h"
#include "proto/ntstatus.h"
#include "proto/smb1_negotiate.h"
#include "proto/smb2_negotiate.h"
#include "proto/spnego.h"

/* Without multi-credit (LARGE_MTU) every request is at most 64 KiB. */
#define SMB3K_MAX_IO_SMALL	65536

/* Seconds between 1601-01-01 and 1970-01-01, in 100 ns units. */
#define SMB3K_FILETIME_EPOCH	116444736000000000ULL

/* What we can do, in our order of preference (smb2_crypto.c). */
static const u16 smb3k_ciphers[] = {
	SMB2_ENCRYPTION_AES128_GCM, SMB2_ENCRYPTION_AES128_CCM,
	SMB2_ENCRYPTION_AES256_GCM, SMB2_ENCRYPTION_AES256_CCM,
};

static const u16 smb3k_signing_algs[] = {
	SMB2_SIGNING_AES_GMAC, SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_HMAC_SHA256,
};

static u8 smb3k_neg_token[128];
static size_t smb3k_neg_token_len;

static u64 smb3k_filetime_now(void)
{
	return div_u64(ktime_get_real_ns(), 100) + SMB3K_FILETIME_EPOCH;
}

/* What we offer, from the daemon's settings. Honest: nothing we cannot do. */
static void smb3k_negotiate_cfg(struct smb2_negotiate_cfg *nc)
{
	struct smb3k_config cfg;

	smb3k_config_snapshot(&cfg);
	memset(nc, 0, sizeof(*nc));
	nc->min_dialect = cfg.min_dialect;
	nc->max_dialect = cfg.max_dialect;
	nc->signing_required_from = smb3k_signing_required_from(cfg.signing);
	memcpy(nc->server_guid, cfg.server_guid, sizeof(nc->server_guid));
	/* Multi-credit (2.1+): the codec grants LARGE_MTU only from 2.1 on. */
	nc->max_transact = SMB3K_MAX_IO;
	nc->max_read = SMB3K_MAX_IO;
	nc->max_write = SMB3K_MAX_IO;
	/* Persistent handles (3.x, when the client asks): persistent.c. */
	nc->capabilities = SMB2_GLOBAL_CAP_LARGE_MTU | SMB2_GLOBAL_CAP_LEASING |
			   SMB2_GLOBAL_CAP_PERSISTENT_HANDLES;
	nc->ciphers = smb3k_ciphers;
	nc->cipher_count = ARRAY_SIZE(smb3k_ciphers);
	nc->signing_algs = smb3k_signing_algs;
	nc->signing_alg_count = ARRAY_SIZE(smb3k_signing_algs);
	nc->system_time = smb3k_filetime_now();
	get_random_bytes(nc->preauth_salt, sizeof(nc->preauth_salt));
	nc->security_blob = smb3k_neg_token;
	nc->security_blob_len = smb3k_neg_token_len;
}

/* Record what NEGOTIATE agreed on. Called with proto_lock held. */
static void smb3k_negotiate_commit(struct smb3k_conn *conn,
				   const struct smb2_negotiate_result *res)
{
	conn->dialect = res->dialect;
	conn->client_security_mode = res->client_security_mode;
	conn->client_capabilities = res->client_capabilities;
	memcpy(conn->client_guid, res->client_guid, sizeof(conn->client_guid));
	/* 3.0/3.0.2 have one cipher, granted with SMB2_GLOBAL_CAP_ENCRYPTION. */
	conn->cipher = res->cipher ? res->cipher :
		       res->encryption ? SMB2_ENCRYPTION_AES128_CCM : 0;
	conn->signing_alg = res->signing_alg;
	conn->server_capabilities = res->capabilities;
	conn->server_security_mode = res->security_mode;
	memset(conn->preauth_hash, 0, sizeof(conn->preauth_hash));
	/* 0x02FF (SMB1 wildcard answer) waits for an SMB2 NEGOTIATE. */
	if (res->dialect != SMB2_DIALECT_WILDCARD)
		WRITE_ONCE(conn->negotiated, true);
}

/**
 * smb3k_smb2_negotiate() - handle an SMB2 NEGOTIATE request
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * A second NEGOTIATE on a connection that has one ends the connection
 * (MS-SMB2 3.3.5.4).
 *
 * Return: NT status.
 */
u32 smb3k_smb2_negotiate(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb3k_conn *conn = w->conn;
	struct smb2_negotiate_result res;
	struct smb2_negotiate_req req;
	struct smb2_negotiate_cfg nc;
	size_t len = 0;
	unsigned int i;
	u32 status;

	mutex_lock(&conn->proto_lock);
	if (conn->negotiated) {
		w->disconnect = true;
		status = STATUS_INVALID_PARAMETER;
		goto out;
	}
	/* MS-SMB2 3.3.5.2.4: a signed NEGOTIATE is invalid. */
	if (w->hdr.flags & SMB2_FLAGS_SIGNED) {
		status = STATUS_INVALID_PARAMETER;
		goto out;
	}
	status = smb2_negotiate_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		goto out;
	smb3k_negotiate_cfg(&nc);
	status = smb2_negotiate_select(&nc, &req, &res);
	if (status != STATUS_SUCCESS)
		goto out;
	/* 2.0.2 has no multi-credit: one request, at most 64 KiB. */
	if (res.dialect == SMB3K_DIALECT_202) {
		nc.max_transact = SMB3K_MAX_IO_SMALL;
		nc.max_read = SMB3K_MAX_IO_SMALL;
		nc.max_write = SMB3K_MAX_IO_SMALL;
	}
	status = smb2_negotiate_build_rsp(&nc, &res, body, cap, &len);
	if (status != STATUS_SUCCESS)
		goto out;

	smb3k_negotiate_commit(conn, &res);
	conn->client_dialect_count = req.dialects.count;
	for (i = 0; i < req.dialects.count && i < SMB3K_MAX_CLIENT_DIALECTS; i++)
		conn->client_dialects[i] = smb2_u16_list_get(&req.dialects, i);
	*body_len = len;
out:
	mutex_unlock(&conn->proto_lock);
	return status;
}

/**
 * smb3k_smb2_negotiate_done() - fold NEGOTIATE into the preauth hash
 * @w: the request, whose message is the NEGOTIATE request
 * @rsp: the response message
 * @len: its length
 *
 * For 3.1.1 (MS-SMB2 3.3.5.4): PreauthIntegrityHashValue starts as zeros
 * and is updated with the request, then the response.
 */
void smb3k_smb2_negotiate_done(struct smb3k_work *w, const u8 *rsp, u32 len)
{
	struct smb3k_conn *conn = w->conn;

	if (conn->dialect != SMB3K_DIALECT_311)
		return;
	mutex_lock(&conn->proto_lock);
	if (smb3k_preauth_hash_update(conn->preauth_hash, w->cmd, w->cmd_len) ||
	    smb3k_preauth_hash_update(conn->preauth_hash, rsp, len))
		w->disconnect = true;
	mutex_unlock(&conn->proto_lock);
}

/**
 * smb3k_smb1_negotiate() - answer an SMB1 SMB_COM_NEGOTIATE
 * @w: the request; the response goes to @w->rsp
 *
 * MS-SMB2 3.3.5.3: a client offering "SMB 2.???" gets an SMB2 NEGOTIATE
 * response with dialect 0x02FF and follows with an SMB2 NEGOTIATE; one
 * offering only "SMB 2.002" gets 2.0.2. A client without an SMB2 dialect
 * gets an SMB1 response with DialectIndex 0xFFFF and is disconnected.
 * Only the first message of a connection may be an SMB1 NEGOTIATE.
 */
void smb3k_smb1_negotiate(struct smb3k_work *w)
{
	struct smb3k_conn *conn = w->conn;
	enum smb1_negotiate_action action;
	struct smb2_negotiate_result res;
	struct smb1_negotiate_req req;
	struct smb2_negotiate_cfg nc;
	size_t len = 0;

	smb3k_stat_smb1();
	mutex_lock(&conn->proto_lock);
	/* MS-SMB2 3.3.5.2.3: an SMB1 NEGOTIATE counts as MessageId 0. */
	if (conn->negotiated || conn->dialect ||
	    !smb3k_credits_consume(&conn->credits, 0, 1) ||
	    smb1_negotiate_parse(w->msg, w->msg_len, &req) != STATUS_SUCCESS) {
		w->disconnect = true;
		goto out;
	}
	smb3k_negotiate_cfg(&nc);
	nc.max_transact = SMB3K_MAX_IO_SMALL;
	nc.max_read = SMB3K_MAX_IO_SMALL;
	nc.max_write = SMB3K_MAX_IO_SMALL;
	memset(&res, 0, sizeof(res));
	if (smb1_negotiate_build_rsp(&nc, &req, w->rsp, SMB3K_MAX_RSP, &len,
				     &action, &res) != STATUS_SUCCESS) {
		w->disconnect = true;
		goto out;
	}
	if (action == SMB1_NEG_REFUSE) {
		w->close_after_send = true;
	} else {
		smb3k_negotiate_commit(conn, &res);
		/* The SMB2 response grants one credit (MessageId 1). */
		smb3k_credits_grant(&conn->credits, 1, 1);
	}
	w->rsp_len = len;
out:
	mutex_unlock(&conn->proto_lock);
}

/**
 * smb3k_negotiate_init() - build the SPNEGO token NEGOTIATE responses carry
 *
 * Return: 0, or -EINVAL if the token does not fit (a bug).
 */
int smb3k_negotiate_init(void)
{
	static const struct spnego_oid *const mechs[] = { &spnego_oid_ntlmssp };

	if (spnego_build_neg_token_init(smb3k_neg_token, sizeof(smb3k_neg_token),
					&smb3k_neg_token_len, mechs,
					ARRAY_SIZE(mechs), SPNEGO_HINT_NAME) !=
	    STATUS_SUCCESS)
		return -EINVAL;
	return 0;
}
