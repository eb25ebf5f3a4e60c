// SPDX-License-Identifier: GPL-2.0
/*
 * Sessions (MS-SMB2 3.3.1.8): ids, lookup with references, logoff.
 *
 * Sessions live in one server-wide xarray by SessionId. A lookup takes a
 * reference under RCU; logoff removes the session from the table, marks it
 * dead and disconnects its trees; the last reference frees it. A request
 * keeps its references until it completes, so a LOGOFF earlier in a
 * compound chain cannot free what a later command still uses.
 *
 * A session the server ends itself (a reconnect naming it as
 * PreviousSessionId, a failed re-authentication) is dead too, but keeps
 * its SessionId in the table until its connection sends LOGOFF or closes,
 * as Windows and Samba keep theirs: a signed request on it is answered
 * STATUS_USER_SESSION_DELETED signed with its key (MS-SMB2 3.3.4.1.1),
 * which clients that require signing insist on.
 */
#include <linux/atomic.h>
#include <linux/cred.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "conn.h"
#include "netlink.h"
#include "session.h"
#include "tree.h"
#include "upcall.h"

#define SMB3K_SESSION_END_TIMEOUT_MS	2000

static DEFINE_XARRAY_FLAGS(smb3k_sessions, XA_FLAGS_ALLOC1);
static u32 smb3k_session_next;
static atomic_t smb3k_nsessions = ATOMIC_INIT(0);

/**
 * smb3k_session_count() - sessions not yet freed
 *
 * Return: the count.
 */
unsigned int smb3k_session_count(void)
{
	return atomic_read(&smb3k_nsessions);
}

static void smb3k_session_free_rcu(struct rcu_head *rcu)
{
	struct smb3k_session *sess = container_of(rcu, struct smb3k_session, rcu);

	kfree_sensitive(sess);
	atomic_dec(&smb3k_nsessions);
}

static void smb3k_session_free(struct kref *ref)
{
	struct smb3k_session *sess = container_of(ref, struct smb3k_session, ref);

	WARN_ON(!xa_empty(&sess->trees));
	xa_destroy(&sess->trees);
	if (sess->cred)
		put_cred(sess->cred);
	if (sess->conn)
		smb3k_conn_put(sess->conn);
	mutex_destroy(&sess->lock);
	/* A lookup may still hold the pointer under RCU: free after a grace period. */
	call_rcu(&sess->rcu, smb3k_session_free_rcu);
}

/* The supplementary groups (host-order u32 gids, as the daemon sends them). */
static int smb3k_session_groups(struct cred *c, const void *groups, unsigned int n)
{
	struct group_info *gi;
	unsigned int i, used = 0;
	u32 g;

	gi = groups_alloc(n);
	if (!gi)
		return -ENOMEM;
	for (i = 0; i < n; i++) {
		kgid_t kg;

		memcpy(&g, groups + 4 * i, sizeof(g));
		kg = make_kgid(&init_user_ns, g);
		if (gid_valid(kg))
			gi->gid[used++] = kg;
	}
	gi->ngroups = used;
	groups_sort(gi);
	set_groups(c, gi);
	put_group_info(gi);
	return 0;
}

/**
 * smb3k_session_set_cred() - the credentials file IO runs under
 * @sess: a session whose uid and gid are set; kept if it has some already
 *	  (re-authentication keeps the user)
 * @groups: the user's supplementary groups, @ngroups host-order u32 gids
 *	    (SMB3K_A_GROUPS; unaligned), or NULL
 * @ngroups: how many
 *
 * Root keeps its capabilities; any other user gets none, so that the file
 * system's permission checks apply to it as to a local process, with its
 * primary and supplementary groups.
 *
 * Return: 0, -EINVAL for an unmapped uid or gid, or -ENOMEM.
 */
int smb3k_session_set_cred(struct smb3k_session *sess, const void *groups,
			   unsigned int ngroups)
{
	kuid_t uid = make_kuid(&init_user_ns, sess->uid);
	kgid_t gid = make_kgid(&init_user_ns, sess->gid);
	struct cred *c;

	if (sess->cred)
		return 0;
	if (!uid_valid(uid) || !gid_valid(gid))
		return -EINVAL;
	c = prepare_kernel_cred(NULL);
	if (!c)
		return -ENOMEM;
	if (smb3k_session_groups(c, groups, groups ? ngroups : 0)) {
		abort_creds(c);
		return -ENOMEM;
	}
	c->uid = uid;
	c->euid = uid;
	c->suid = uid;
	c->fsuid = uid;
	c->gid = gid;
	c->egid = gid;
	c->sgid = gid;
	c->fsgid = gid;
	if (sess->uid) {
		cap_clear(c->cap_inheritable);
		cap_clear(c->cap_permitted);
		cap_clear(c->cap_effective);
		cap_clear(c->cap_ambient);
	}
	sess->cred = c;
	return 0;
}

/**
 * smb3k_session_put() - drop a reference
 * @sess: the session
 */
void smb3k_session_put(struct smb3k_session *sess)
{
	kref_put(&sess->ref, smb3k_session_free);
}

/* A session with one reference, counted, in no table yet. */
static struct smb3k_session *smb3k_session_alloc(enum smb3k_session_state state)
{
	struct smb3k_session *sess;

	sess = kzalloc(sizeof(*sess), GFP_KERNEL);
	if (!sess)
		return NULL;
	kref_init(&sess->ref);
	mutex_init(&sess->lock);
	xa_init_flags(&sess->trees, XA_FLAGS_ALLOC1);
	sess->state = state;
	atomic_inc(&smb3k_nsessions);
	return sess;
}

/**
 * smb3k_session_new_holder() - a session for opens restored from the store
 * @user: the user the opens belong to (Open.DurableOwner)
 * @uid: its uid
 * @gid: its primary gid
 *
 * A persistent open brought back after a restart has no connection or
 * session until its client reclaims it; it hangs off a tree of such a
 * session, which only says whose it is. It has no connection and no
 * SessionId and is in no table.
 *
 * Return: the session (one reference) or NULL.
 */
struct smb3k_session *smb3k_session_new_holder(const char *user, u32 uid, u32 gid)
{
	struct smb3k_session *sess = smb3k_session_alloc(SMB3K_SESSION_VALID);

	if (!sess)
		return NULL;
	strscpy(sess->user, user, sizeof(sess->user));
	sess->uid = uid;
	sess->gid = gid;
	if (smb3k_session_set_cred(sess, NULL, 0)) {
		smb3k_session_put(sess);
		return NULL;
	}
	return sess;
}

/**
 * smb3k_session_new() - create an in-progress session on @conn
 * @conn: the connection
 *
 * Return: the session with two references (the table's and the caller's),
 * or NULL.
 */
struct smb3k_session *smb3k_session_new(struct smb3k_conn *conn)
{
	struct smb3k_session *sess = smb3k_session_alloc(SMB3K_SESSION_IN_PROGRESS);
	u32 id;

	if (!sess)
		return NULL;
	smb3k_conn_get(conn);
	sess->conn = conn;
	if (xa_alloc_cyclic(&smb3k_sessions, &id, sess, xa_limit_32b,
			    &smb3k_session_next, GFP_KERNEL) < 0) {
		smb3k_session_put(sess);
		return NULL;
	}
	sess->id = id;
	smb3k_session_get(sess);
	/* A closing connection logs off what it has: it must get no more. */
	mutex_lock(&conn->proto_lock);
	if (conn->sessions_closed ||
	    atomic_inc_return(&conn->nsessions) > SMB3K_MAX_SESSIONS_PER_CONN) {
		if (!conn->sessions_closed)
			atomic_dec(&conn->nsessions);
		mutex_unlock(&conn->proto_lock);
		smb3k_session_logoff(sess);
		smb3k_session_put(sess);
		return NULL;
	}
	sess->counted = true;
	mutex_unlock(&conn->proto_lock);
	return sess;
}

/* The referenced session @id of @conn (any with NULL); with @gone, a kept one. */
static struct smb3k_session *smb3k_session_find(struct smb3k_conn *conn, u64 id, bool gone)
{
	struct smb3k_session *sess;

	if (!id || id > U32_MAX)
		return NULL;
	rcu_read_lock();
	sess = xa_load(&smb3k_sessions, id);
	if (sess && ((conn && sess->conn != conn) || (gone && !READ_ONCE(sess->gone)) ||
		     !kref_get_unless_zero(&sess->ref)))
		sess = NULL;
	rcu_read_unlock();
	return sess;
}

/**
 * smb3k_session_lookup() - find a live session of @conn by SessionId
 * @conn: the connection the request came on, or NULL for any connection
 * @id: SessionId from the request
 *
 * Return: a referenced session, or NULL when there is none on @conn.
 */
struct smb3k_session *smb3k_session_lookup(struct smb3k_conn *conn, u64 id)
{
	struct smb3k_session *sess = smb3k_session_find(conn, id, false);

	if (sess && READ_ONCE(sess->state) == SMB3K_SESSION_DEAD) {
		smb3k_session_put(sess);
		sess = NULL;
	}
	return sess;
}

static int smb3k_session_end_fill(struct sk_buff *skb, void *arg)
{
	u64 id = *(u64 *)arg;

	return nla_put_u64_64bit(skb, SMB3K_A_SESSION_ID, id, SMB3K_A_PAD);
}

/*
 * End @sess: dead, trees gone, the daemon told. With @keep its SessionId
 * stays in the table (the table's reference with it) while its connection
 * lives and has room; the connection's LOGOFF or teardown removes it.
 */
static void smb3k_session_end(struct smb3k_session *sess, bool keep)
{
	struct smb3k_conn *conn = sess->conn;
	struct sk_buff *reply = NULL;
	bool kept = false;
	u64 id;

	mutex_lock(&sess->lock);
	if (sess->state == SMB3K_SESSION_DEAD) {
		mutex_unlock(&sess->lock);
		return;
	}
	WRITE_ONCE(sess->state, SMB3K_SESSION_DEAD);
	mutex_unlock(&sess->lock);

	id = sess->id;
	/* Only a session that signs has a use for its SessionId. */
	mutex_lock(&conn->proto_lock);
	if (keep && sess->signing_alg && !conn->sessions_closed &&
	    conn->ngone < SMB3K_GONE_PER_CONN) {
		conn->ngone++;
		WRITE_ONCE(sess->gone, true);
		kept = true;
	}
	mutex_unlock(&conn->proto_lock);
	if (!kept)
		xa_cmpxchg(&smb3k_sessions, id, sess, NULL, 0);
	if (sess->counted)
		atomic_dec(&conn->nsessions);
	smb3k_tree_disconnect_all(sess);
	smb3k_upcall(SMB3K_CMD_SESSION_END, smb3k_session_end_fill, &id, 0,
		     SMB3K_SESSION_END_TIMEOUT_MS, &reply);
	kfree_skb(reply);
	if (!kept)
		smb3k_session_put(sess);	/* the table's reference */
}

/**
 * smb3k_session_logoff() - end a session: out of the table, trees gone
 * @sess: the session (the caller holds a reference)
 *
 * Safe to call more than once; only the first call does anything. Tells
 * the daemon so it can drop any authentication state it keeps. Also takes
 * the SessionId of a session smb3k_session_expire() ended out of the table.
 */
void smb3k_session_logoff(struct smb3k_session *sess)
{
	struct smb3k_conn *conn = sess->conn;
	bool forget = false;

	smb3k_session_end(sess, false);
	mutex_lock(&conn->proto_lock);
	if (sess->gone) {
		WRITE_ONCE(sess->gone, false);
		conn->ngone--;
		forget = true;
	}
	mutex_unlock(&conn->proto_lock);
	if (forget) {
		xa_cmpxchg(&smb3k_sessions, sess->id, sess, NULL, 0);
		smb3k_session_put(sess);	/* the table's reference */
	}
}

/**
 * smb3k_session_expire() - end a session the client did not log off
 * @sess: the session (the caller holds a reference)
 *
 * As smb3k_session_logoff(), but the SessionId stays known to its
 * connection: a signed request on it gets STATUS_USER_SESSION_DELETED
 * signed with the session's key (see smb3k_session_lookup_gone()).
 */
void smb3k_session_expire(struct smb3k_session *sess)
{
	smb3k_session_end(sess, true);
}

/**
 * smb3k_session_lookup_gone() - find a session the server ended, by SessionId
 * @conn: the connection the request came on
 * @id: SessionId from the request
 *
 * Return: the referenced dead session, kept by smb3k_session_expire() for
 * @conn, or NULL.
 */
struct smb3k_session *smb3k_session_lookup_gone(struct smb3k_conn *conn, u64 id)
{
	return smb3k_session_find(conn, id, true);
}

/**
 * smb3k_session_logoff_conn() - log off every session of a closing connection
 * @conn: the connection
 */
void smb3k_session_logoff_conn(struct smb3k_conn *conn)
{
	struct smb3k_session *sess;
	unsigned long index;

	/* Any session found may be freed after a grace period: test it under RCU. */
	rcu_read_lock();
	xa_for_each(&smb3k_sessions, index, sess) {
		if (sess->conn != conn || !kref_get_unless_zero(&sess->ref))
			continue;
		rcu_read_unlock();
		smb3k_session_logoff(sess);
		smb3k_session_put(sess);
		rcu_read_lock();
	}
	rcu_read_unlock();
}

/**
 * smb3k_session_init() - nothing to allocate yet
 *
 * Return: 0.
 */
int smb3k_session_init(void)
{
	return 0;
}

/**
 * smb3k_session_exit() - wait for deferred frees; no session is left
 */
void smb3k_session_exit(void)
{
	rcu_barrier();		/* every smb3k_session_free_rcu() has run */
	WARN_ON(!xa_empty(&smb3k_sessions));
	xa_destroy(&smb3k_sessions);
}
