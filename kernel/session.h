/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_SESSION_H
#define _SMB3K_SESSION_H

#include <linux/kref.h>
#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

#include "smb2_crypto.h"

struct smb3k_conn;

enum smb3k_session_state {
	SMB3K_SESSION_IN_PROGRESS,	/* SESSION_SETUP exchange under way */
	SMB3K_SESSION_VALID,
	SMB3K_SESSION_DEAD,		/* logged off or failed; last put frees */
};

/*
 * Bytes of a user name: smb3kd allows 64 characters, up to 4 UTF-8 bytes
 * each; the netlink policy of SMB3K_A_USER_NAME takes no more.
 */
#define SMB3K_USER_NAME_MAX	256
/* Sessions the server ended whose SessionIds a connection keeps, at most. */
#define SMB3K_GONE_PER_CONN	16

/**
 * struct smb3k_session - an authenticated (or authenticating) user
 * @ref: one reference for the session table, one per user (request, tree)
 * @rcu: freed after a grace period: lookups run under RCU
 * @id: SessionId
 * @conn: the connection it was set up on (referenced: a session ended from
 *	  another connection may still touch it while this one closes)
 * @counted: counted in @conn's nsessions (uncounted when it ends)
 * @gone: ended by the server, its SessionId kept in the table for
 *	  signed answers (smb3k_session_expire())
 * @lock: protects @state, the keys, @preauth_hash and @trees updates
 * @state: enum smb3k_session_state
 * @dialect: the connection's dialect when the session was set up
 * @signing_alg: how this session signs (SMB3K_SIGNING_HMAC_SHA256 ...)
 * @signing_required: every request must be signed
 * @encrypt_data: Session.EncryptData
 * @is_guest: SMB2_SESSION_FLAG_IS_GUEST
 * @is_null: SMB2_SESSION_FLAG_IS_NULL (anonymous)
 * @cipher: the connection's cipher
 * @keys: keys derived from the session key
 * @preauth_hash: 3.1.1 Session.PreauthIntegrityHashValue
 * @user: user name as the daemon returned it
 * @uid: the user's Unix uid
 * @gid: the user's Unix gid
 * @cred: credentials for file IO (set once, with the first valid login)
 * @trees: tree connects by TreeId
 * @next_tree_id: for cyclic TreeId allocation
 */
struct smb3k_session {
	struct kref ref;
	struct rcu_head rcu;
	u64 id;
	struct smb3k_conn *conn;
	bool counted;
	bool gone;
	struct mutex lock;
	enum smb3k_session_state state;
	u16 dialect;
	u16 signing_alg;
	bool signing_required;
	bool encrypt_data;
	bool is_guest;
	bool is_null;
	u16 cipher;
	struct smb3k_session_keys keys;
	u8 preauth_hash[64];
	char user[SMB3K_USER_NAME_MAX + 1];
	u32 uid;
	u32 gid;
	const struct cred *cred;
	struct xarray trees;
	u32 next_tree_id;
};

int smb3k_session_init(void);
void smb3k_session_exit(void);
struct smb3k_session *smb3k_session_new(struct smb3k_conn *conn);
struct smb3k_session *smb3k_session_new_holder(const char *user, u32 uid, u32 gid);
struct smb3k_session *smb3k_session_lookup(struct smb3k_conn *conn, u64 id);
void smb3k_session_put(struct smb3k_session *sess);
int smb3k_session_set_cred(struct smb3k_session *sess, const void *groups,
			   unsigned int ngroups);
void smb3k_session_logoff(struct smb3k_session *sess);
void smb3k_session_expire(struct smb3k_session *sess);
struct smb3k_session *smb3k_session_lookup_gone(struct smb3k_conn *conn, u64 id);
void smb3k_session_logoff_conn(struct smb3k_conn *conn);
unsigned int smb3k_session_count(void);

static inline void smb3k_session_get(struct smb3k_session *sess)
{
	kref_get(&sess->ref);
}

#endif /* _SMB3K_SESSION_H */
