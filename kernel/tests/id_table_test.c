// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: the id tables and references of sessions, tree connects and opens
 * (session.c, tree.c, open.c, file_table.c; MS-SMB2 3.3.1.8 Session,
 * 3.3.1.9 TreeConnect, 3.3.1.10 Open).
 *
 * Everything here lives on connections made up for the test (never on the
 * server's list) and on disk trees without a share root, so no storage is
 * touched. Each case ends what it set up; the suite's exit logs off what a
 * failed case left behind on its connections.
 */
#include <kunit/test.h>
#include <linux/completion.h>
#include <linux/delay.h>
#include <linux/err.h>
#include <linux/kthread.h>
#include <linux/random.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smb3k.h>

#include "../conn.h"
#include "../durable.h"
#include "../file_table.h"
#include "../open.h"
#include "../session.h"
#include "../tree.h"
#include "../proto/fscc.h"
#include "../proto/ntstatus.h"

/* TreeIds go up to 0xFFFFFFFE: 0xFFFFFFFF is "the previous one" (3.3.5.2.7.2). */
#define IDT_TREE_ID_MAX		0xfffffffeU
/* FileId.Volatile values given out (xa_limit_31b). */
#define IDT_OPEN_ID_MAX		0x7fffffffU
#define IDT_N			16

struct idt_ctx {
	struct smb3k_conn *conn;
	struct smb3k_conn *other;
	unsigned int base;	/* smb3k_session_count() when the case began */
};

static struct smb3k_conn *idt_conn_new(struct kunit *test)
{
	struct smb3k_conn *conn = kunit_kzalloc(test, sizeof(*conn), GFP_KERNEL);

	if (conn) {
		kref_init(&conn->ref);	/* the test's: sessions take their own */
		mutex_init(&conn->proto_lock);
	}
	return conn;
}

static int idt_init(struct kunit *test)
{
	struct idt_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);

	if (!ctx)
		return -ENOMEM;
	ctx->conn = idt_conn_new(test);
	ctx->other = idt_conn_new(test);
	if (!ctx->conn || !ctx->other)
		return -ENOMEM;
	rcu_barrier();		/* sessions put before now are uncounted */
	ctx->base = smb3k_session_count();
	test->priv = ctx;
	return 0;
}

static void idt_exit(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;

	if (!ctx)
		return;
	smb3k_session_logoff_conn(ctx->conn);
	smb3k_session_logoff_conn(ctx->other);
	rcu_barrier();
}

/* Sessions not yet freed, once every deferred free has run. */
static unsigned int idt_sessions(void)
{
	rcu_barrier();
	return smb3k_session_count();
}

/* A session on @conn as a successful SESSION_SETUP leaves it; the caller's reference. */
static struct smb3k_session *idt_session(struct kunit *test, struct smb3k_conn *conn)
{
	struct smb3k_session *sess = smb3k_session_new(conn);

	KUNIT_ASSERT_NOT_NULL(test, sess);
	mutex_lock(&sess->lock);
	WRITE_ONCE(sess->state, SMB3K_SESSION_VALID);
	mutex_unlock(&sess->lock);
	return sess;
}

static void idt_session_end(struct smb3k_session *sess)
{
	smb3k_session_logoff(sess);
	smb3k_session_put(sess);
}

/* A disk tree connect with no share root (no storage); the caller's reference. */
static struct smb3k_tree *idt_tree(struct kunit *test, struct smb3k_session *sess)
{
	struct smb3k_tree *tree;

	tree = smb3k_tree_add(sess, SMB3K_SHARE_DISK, 0, 0x001f01ff, "kunit", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, tree);
	return tree;
}

static struct smb3k_open *idt_open(struct kunit *test, struct smb3k_tree *tree)
{
	struct smb3k_open *op = smb3k_open_add(tree, 0, "kunit/file");

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op);
	return op;
}

static void idt_set_next_tree_id(struct smb3k_session *sess, u32 next)
{
	mutex_lock(&sess->lock);
	sess->next_tree_id = next;
	mutex_unlock(&sess->lock);
}

static void idt_set_next_open_id(struct smb3k_tree *tree, u32 next)
{
	mutex_lock(&tree->session->lock);
	tree->next_open_id = next;
	mutex_unlock(&tree->session->lock);
}

/* Expect no live session @id on @conn (dropping what a wrong lookup returned). */
static void idt_expect_no_session(struct kunit *test, struct smb3k_conn *conn, u64 id)
{
	struct smb3k_session *sess = smb3k_session_lookup(conn, id);

	KUNIT_EXPECT_NULL_MSG(test, sess, "session id 0x%llx", id);
	if (sess)
		smb3k_session_put(sess);
}

static void idt_expect_no_tree(struct kunit *test, struct smb3k_session *sess, u32 id)
{
	struct smb3k_tree *tree = smb3k_tree_lookup(sess, id);

	KUNIT_EXPECT_NULL_MSG(test, tree, "tree id 0x%x", id);
	if (tree)
		smb3k_tree_put(tree);
}

static void idt_expect_no_open(struct kunit *test, struct smb3k_tree *tree, u64 persistent,
			       u64 volatile_id)
{
	struct smb3k_open *op = smb3k_open_lookup(tree, persistent, volatile_id);

	KUNIT_EXPECT_NULL_MSG(test, op, "FileId { 0x%llx, 0x%llx }", persistent, volatile_id);
	if (op)
		smb3k_open_put(op);
}

/* Expect lookups of @id to find exactly @want, and leave its count as it was. */
static void idt_expect_tree(struct kunit *test, struct smb3k_session *sess, u32 id,
			    struct smb3k_tree *want)
{
	struct smb3k_tree *tree = smb3k_tree_lookup(sess, id);

	KUNIT_EXPECT_PTR_EQ(test, tree, want);
	if (tree)
		smb3k_tree_put(tree);
}

static void idt_expect_open(struct kunit *test, struct smb3k_tree *tree, u64 id,
			    struct smb3k_open *want)
{
	struct smb3k_open *op = smb3k_open_lookup(tree, want->persistent_id, id);

	KUNIT_EXPECT_PTR_EQ(test, op, want);
	if (op)
		smb3k_open_put(op);
}

/* MS-SMB2 3.3.1.8: SessionIds are unique, never 0, and found only on their connection. */
static void idt_session_ids_unique_nonzero(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session *s[IDT_N], *found;
	unsigned int i, j;

	for (i = 0; i < IDT_N; i++) {
		s[i] = idt_session(test, ctx->conn);
		KUNIT_EXPECT_NE(test, s[i]->id, 0ULL);
		KUNIT_EXPECT_LE(test, s[i]->id, (u64)U32_MAX);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, s[i]->id, s[j]->id);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), IDT_N);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base + IDT_N);
	for (i = 0; i < IDT_N; i++) {
		found = smb3k_session_lookup(ctx->conn, s[i]->id);
		KUNIT_EXPECT_PTR_EQ(test, found, s[i]);
		if (found)
			smb3k_session_put(found);
		/* NULL: any connection (lease breaks look up sessions so). */
		found = smb3k_session_lookup(NULL, s[i]->id);
		KUNIT_EXPECT_PTR_EQ(test, found, s[i]);
		if (found)
			smb3k_session_put(found);
		/* 3.3.5.2.9: Connection.SessionTable holds only its own. */
		idt_expect_no_session(test, ctx->other, s[i]->id);
		idt_expect_no_session(test, ctx->conn, s[i]->id | (1ULL << 32));
	}
	idt_expect_no_session(test, ctx->conn, 0);
	idt_expect_no_session(test, NULL, 0);
	idt_expect_no_session(test, ctx->conn, U64_MAX);
	for (i = 0; i < IDT_N; i++)
		idt_session_end(s[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), 0);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* A lookup takes a reference; logoff unlinks, and the last put frees. */
static void idt_session_lookup_ref_and_logoff(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session *sess, *found;
	u64 id;

	sess = idt_session(test, ctx->conn);
	id = sess->id;
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 2U);	/* the table's and ours */
	found = smb3k_session_lookup(ctx->conn, id);
	KUNIT_ASSERT_PTR_EQ(test, found, sess);
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 3U);
	smb3k_session_put(found);
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 2U);

	smb3k_session_logoff(sess);
	KUNIT_EXPECT_EQ(test, (int)READ_ONCE(sess->state), (int)SMB3K_SESSION_DEAD);
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), 0);
	idt_expect_no_session(test, ctx->conn, id);
	idt_expect_no_session(test, NULL, id);
	/* Only the first logoff drops the table's reference. */
	smb3k_session_logoff(sess);
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 1U);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), 0);
	/* Ours keeps it: not freed yet. */
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base + 1);
	KUNIT_EXPECT_EQ(test, sess->id, id);
	smb3k_session_get(sess);
	smb3k_session_put(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base + 1);
	smb3k_session_put(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
	idt_expect_no_session(test, ctx->conn, id);
}

/* A session that signs, ended by the server (a failed re-authentication). */
static struct smb3k_session *idt_expired(struct kunit *test, struct smb3k_conn *conn,
					 u16 signing_alg)
{
	struct smb3k_session *sess = idt_session(test, conn);

	sess->signing_alg = signing_alg;
	smb3k_session_expire(sess);
	KUNIT_EXPECT_EQ(test, (int)READ_ONCE(sess->state), (int)SMB3K_SESSION_DEAD);
	return sess;
}

/*
 * A session the server ended keeps its SessionId for signed answers on its
 * own connection only, up to SMB3K_GONE_PER_CONN, until LOGOFF or teardown;
 * one that does not sign, or on a closing connection, is forgotten at once.
 */
static void idt_session_expire_keeps_id(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session *s[SMB3K_GONE_PER_CONN + 1], *sess, *found;
	unsigned int i;
	u64 id;

	sess = idt_expired(test, ctx->conn, SMB3K_SIGNING_HMAC_SHA256);
	id = sess->id;
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), 0);
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 2U);	/* the table's and ours */
	idt_expect_no_session(test, ctx->conn, id);
	idt_expect_no_session(test, NULL, id);
	found = smb3k_session_lookup_gone(ctx->conn, id);
	KUNIT_EXPECT_PTR_EQ(test, found, sess);
	if (found)
		smb3k_session_put(found);
	KUNIT_EXPECT_NULL(test, smb3k_session_lookup_gone(ctx->other, id));
	smb3k_session_expire(sess);			/* a second end changes nothing */
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 2U);
	KUNIT_EXPECT_EQ(test, ctx->conn->ngone, 1U);
	smb3k_session_logoff(sess);			/* the client's LOGOFF */
	KUNIT_EXPECT_NULL(test, smb3k_session_lookup_gone(ctx->conn, id));
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 1U);
	KUNIT_EXPECT_EQ(test, ctx->conn->ngone, 0U);
	smb3k_session_put(sess);

	sess = idt_expired(test, ctx->conn, 0);		/* no signing: nothing kept */
	KUNIT_EXPECT_NULL(test, smb3k_session_lookup_gone(ctx->conn, sess->id));
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 1U);
	smb3k_session_put(sess);

	for (i = 0; i < ARRAY_SIZE(s); i++)
		s[i] = idt_expired(test, ctx->conn, SMB3K_SIGNING_HMAC_SHA256);
	KUNIT_EXPECT_EQ(test, ctx->conn->ngone, (unsigned int)SMB3K_GONE_PER_CONN);
	KUNIT_EXPECT_NULL(test, smb3k_session_lookup_gone(ctx->conn, s[SMB3K_GONE_PER_CONN]->id));
	KUNIT_EXPECT_EQ(test, kref_read(&s[SMB3K_GONE_PER_CONN]->ref), 1U);
	/* Teardown takes every kept SessionId out of the table. */
	ctx->conn->sessions_closed = true;
	smb3k_session_logoff_conn(ctx->conn);
	KUNIT_EXPECT_EQ(test, ctx->conn->ngone, 0U);
	for (i = 0; i < ARRAY_SIZE(s); i++) {
		KUNIT_EXPECT_NULL(test, smb3k_session_lookup_gone(ctx->conn, s[i]->id));
		KUNIT_EXPECT_EQ(test, kref_read(&s[i]->ref), 1U);
		smb3k_session_put(s[i]);
	}
	/* On a closing connection nothing is kept. */
	sess = smb3k_session_new(ctx->other);
	KUNIT_ASSERT_NOT_NULL(test, sess);
	sess->signing_alg = SMB3K_SIGNING_HMAC_SHA256;
	mutex_lock(&ctx->other->proto_lock);
	ctx->other->sessions_closed = true;
	mutex_unlock(&ctx->other->proto_lock);
	smb3k_session_expire(sess);
	KUNIT_EXPECT_NULL(test, smb3k_session_lookup_gone(ctx->other, sess->id));
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 1U);
	smb3k_session_put(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
	/* Every session held the connection; all are gone, so is their hold. */
	KUNIT_EXPECT_EQ(test, kref_read(&ctx->conn->ref), 1U);
	KUNIT_EXPECT_EQ(test, kref_read(&ctx->other->ref), 1U);
}

/* SMB3K_MAX_SESSIONS_PER_CONN: one more is refused, and freed; a logoff makes room. */
static void idt_session_limit_per_conn(struct kunit *test)
{
	const unsigned int max = SMB3K_MAX_SESSIONS_PER_CONN;
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session **s, *extra;
	unsigned int i;

	s = kunit_kmalloc_array(test, max, sizeof(*s), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, s);
	for (i = 0; i < max; i++) {
		s[i] = smb3k_session_new(ctx->conn);
		KUNIT_ASSERT_NOT_NULL(test, s[i]);
	}
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), (int)max);
	extra = smb3k_session_new(ctx->conn);
	KUNIT_EXPECT_NULL(test, extra);
	if (extra)
		idt_session_end(extra);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), (int)max);
	/* The refused one went out of the table and was freed. */
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base + max);
	/* Another connection has its own allowance. */
	extra = smb3k_session_new(ctx->other);
	KUNIT_EXPECT_NOT_NULL(test, extra);
	if (extra)
		idt_session_end(extra);

	idt_session_end(s[0]);
	s[0] = smb3k_session_new(ctx->conn);
	KUNIT_EXPECT_NOT_NULL(test, s[0]);
	for (i = 0; i < max; i++)
		if (s[i])
			idt_session_end(s[i]);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), 0);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);

	/* A connection being torn down gets no new session. */
	mutex_lock(&ctx->conn->proto_lock);
	ctx->conn->sessions_closed = true;
	mutex_unlock(&ctx->conn->proto_lock);
	extra = smb3k_session_new(ctx->conn);
	KUNIT_EXPECT_NULL(test, extra);
	if (extra)
		idt_session_end(extra);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), 0);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* TreeIds: unique, in [1, 0xFFFFFFFE], and the cyclic wrap skips 0, -1 and ids in use. */
static void idt_tree_ids_unique_and_reserved(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_tree *t[IDT_N], *top, *wrap;
	struct smb3k_session *sess, *other;
	unsigned int i, j;

	sess = idt_session(test, ctx->conn);
	for (i = 0; i < IDT_N; i++) {
		t[i] = idt_tree(test, sess);
		KUNIT_EXPECT_GE(test, t[i]->id, 1U);
		KUNIT_EXPECT_LE(test, t[i]->id, IDT_TREE_ID_MAX);
		KUNIT_EXPECT_PTR_EQ(test, t[i]->session, sess);
		for (j = 0; j < i; j++)
			KUNIT_EXPECT_NE(test, t[i]->id, t[j]->id);
	}
	for (i = 0; i < IDT_N; i++)
		idt_expect_tree(test, sess, t[i]->id, t[i]);
	idt_expect_no_tree(test, sess, 0);
	idt_expect_no_tree(test, sess, U32_MAX);

	idt_set_next_tree_id(sess, IDT_TREE_ID_MAX);
	top = idt_tree(test, sess);
	KUNIT_EXPECT_EQ(test, top->id, IDT_TREE_ID_MAX);
	wrap = idt_tree(test, sess);
	KUNIT_EXPECT_NE(test, wrap->id, 0U);
	KUNIT_EXPECT_NE(test, wrap->id, U32_MAX);
	KUNIT_EXPECT_NE(test, wrap->id, top->id);
	for (i = 0; i < IDT_N; i++)
		KUNIT_EXPECT_NE(test, wrap->id, t[i]->id);
	idt_expect_tree(test, sess, top->id, top);
	idt_expect_tree(test, sess, wrap->id, wrap);
	idt_expect_no_tree(test, sess, U32_MAX);

	/* Trees are per session: another session does not see them. */
	other = idt_session(test, ctx->conn);
	idt_expect_no_tree(test, other, t[0]->id);
	idt_session_end(other);

	smb3k_tree_put(top);
	smb3k_tree_put(wrap);
	for (i = 0; i < IDT_N; i++)
		smb3k_tree_put(t[i]);
	idt_session_end(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* A tree connect: lookup references, disconnect unlinks, the last put frees. */
static void idt_tree_disconnect_and_last_put(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session *sess;
	struct smb3k_tree *tree, *found;
	unsigned int sref;
	u32 id;

	sess = idt_session(test, ctx->conn);
	sref = kref_read(&sess->ref);
	tree = idt_tree(test, sess);
	id = tree->id;
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), 2U);	/* the table's and ours */
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), sref + 1);	/* the tree's */
	found = smb3k_tree_lookup(sess, id);
	KUNIT_ASSERT_PTR_EQ(test, found, tree);
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), 3U);
	smb3k_tree_put(found);
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), 2U);

	smb3k_tree_disconnect(tree, false);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(tree->dead));
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), 1U);
	KUNIT_EXPECT_TRUE(test, xa_empty(&sess->trees));
	idt_expect_no_tree(test, sess, id);
	smb3k_tree_disconnect(tree, false);
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), 1U);
	/* Still ours, so still there (KASAN watches this read). */
	KUNIT_EXPECT_STREQ(test, tree->share_name, "kunit");
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), sref + 1);
	smb3k_tree_put(tree);
	/* Freed: it let go of its session. */
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), sref);
	idt_session_end(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* A TreeId given out again names the new tree; the old one stays dead. */
static void idt_tree_id_reuse_no_resurrect(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session *sess;
	struct smb3k_tree *a, *b;
	u32 id;

	sess = idt_session(test, ctx->conn);
	a = idt_tree(test, sess);
	id = a->id;
	smb3k_tree_disconnect(a, false);
	idt_set_next_tree_id(sess, id);
	b = idt_tree(test, sess);
	KUNIT_EXPECT_EQ(test, b->id, id);
	KUNIT_EXPECT_PTR_NE(test, b, a);
	idt_expect_tree(test, sess, id, b);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(a->dead));
	KUNIT_EXPECT_FALSE(test, READ_ONCE(b->dead));
	/* Disconnecting the stale one again must not take the new one out. */
	smb3k_tree_disconnect(a, false);
	idt_expect_tree(test, sess, id, b);
	smb3k_tree_put(a);
	idt_expect_tree(test, sess, id, b);
	KUNIT_EXPECT_EQ(test, kref_read(&b->ref), 2U);
	smb3k_tree_put(b);
	idt_session_end(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* No tree connect on a logged off session, and no open on a disconnected tree. */
static void idt_add_to_dead_parent_fails(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session *sess;
	struct smb3k_tree *tree, *late;
	struct smb3k_open *op;
	unsigned int sref, tref;

	sess = idt_session(test, ctx->conn);
	tree = idt_tree(test, sess);
	smb3k_tree_disconnect(tree, false);
	tref = kref_read(&tree->ref);
	op = smb3k_open_new(tree, "kunit/late");
	KUNIT_ASSERT_NOT_NULL(test, op);
	KUNIT_EXPECT_EQ(test, smb3k_open_insert(op), -ENOENT);
	KUNIT_EXPECT_TRUE(test, xa_empty(&tree->opens));
	KUNIT_EXPECT_EQ(test, kref_read(&op->ref), 1U);
	smb3k_open_put(op);
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), tref);
	op = smb3k_open_add(tree, 0, "kunit/late");
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(op), -ENOENT);
	if (!IS_ERR_OR_NULL(op))
		smb3k_open_put(op);
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), tref);
	smb3k_tree_put(tree);

	smb3k_session_logoff(sess);
	sref = kref_read(&sess->ref);
	late = smb3k_tree_add(sess, SMB3K_SHARE_DISK, 0, 0, "kunit", NULL);
	KUNIT_EXPECT_EQ(test, PTR_ERR_OR_ZERO(late), -ENOENT);
	if (!IS_ERR_OR_NULL(late))
		smb3k_tree_put(late);
	KUNIT_EXPECT_TRUE(test, xa_empty(&sess->trees));
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), sref);
	smb3k_session_put(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* FileIds: unique per tree, never 0, Persistent equal to Volatile, 31 bits. */
static void idt_open_ids_unique_and_checked(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_open *op[IDT_N], *top, *wrap;
	struct smb3k_tree *tree, *tree2;
	struct smb3k_session *sess;
	unsigned int i, j;
	u64 id;

	sess = idt_session(test, ctx->conn);
	tree = idt_tree(test, sess);
	tree2 = idt_tree(test, sess);
	for (i = 0; i < IDT_N; i++) {
		op[i] = idt_open(test, tree);
		KUNIT_EXPECT_NE(test, op[i]->id, 0ULL);
		KUNIT_EXPECT_LE(test, op[i]->id, (u64)IDT_OPEN_ID_MAX);
		KUNIT_EXPECT_PTR_EQ(test, op[i]->tree, tree);
		/* FileId.Persistent: GlobalOpenTable-wide, never 0 or all ones. */
		KUNIT_EXPECT_NE(test, op[i]->persistent_id, 0ULL);
		KUNIT_EXPECT_LT(test, op[i]->persistent_id, (u64)U32_MAX);
		for (j = 0; j < i; j++) {
			KUNIT_EXPECT_NE(test, op[i]->id, op[j]->id);
			KUNIT_EXPECT_NE(test, op[i]->persistent_id, op[j]->persistent_id);
		}
	}
	for (i = 0; i < IDT_N; i++) {
		u64 pid = op[i]->persistent_id;

		id = op[i]->id;
		idt_expect_open(test, tree, id, op[i]);
		/* Persistent must match; no high bits; not in another tree. */
		idt_expect_no_open(test, tree, pid + 1, id);
		idt_expect_no_open(test, tree, 0, id);
		idt_expect_no_open(test, tree, pid | (1ULL << 32), id | (1ULL << 32));
		idt_expect_no_open(test, tree2, pid, id);
	}
	idt_expect_no_open(test, tree, 0, 0);
	idt_expect_no_open(test, tree, U64_MAX, U64_MAX);

	idt_set_next_open_id(tree, IDT_OPEN_ID_MAX);
	top = idt_open(test, tree);
	KUNIT_EXPECT_EQ(test, top->id, (u64)IDT_OPEN_ID_MAX);
	wrap = idt_open(test, tree);
	KUNIT_EXPECT_NE(test, wrap->id, 0ULL);
	KUNIT_EXPECT_LE(test, wrap->id, (u64)IDT_OPEN_ID_MAX);
	KUNIT_EXPECT_NE(test, wrap->id, top->id);
	for (i = 0; i < IDT_N; i++)
		KUNIT_EXPECT_NE(test, wrap->id, op[i]->id);
	idt_expect_open(test, tree, top->id, top);
	idt_expect_open(test, tree, wrap->id, wrap);

	smb3k_open_put(top);
	smb3k_open_put(wrap);
	for (i = 0; i < IDT_N; i++)
		smb3k_open_put(op[i]);
	smb3k_tree_put(tree2);
	smb3k_tree_put(tree);
	idt_session_end(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* An open: lookup references, close unlinks once, the last put frees. */
static void idt_open_close_and_last_put(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_open *op, *found;
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	unsigned int tref;
	u64 id;

	sess = idt_session(test, ctx->conn);
	tree = idt_tree(test, sess);
	tref = kref_read(&tree->ref);
	op = idt_open(test, tree);
	id = op->id;
	KUNIT_EXPECT_EQ(test, kref_read(&op->ref), 2U);		/* the table's and ours */
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), tref + 1);	/* the open's */
	found = smb3k_open_lookup(tree, op->persistent_id, id);
	KUNIT_ASSERT_PTR_EQ(test, found, op);
	KUNIT_EXPECT_EQ(test, kref_read(&op->ref), 3U);
	smb3k_open_put(found);

	KUNIT_EXPECT_TRUE(test, smb3k_open_close(op));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(op->dead));
	KUNIT_EXPECT_EQ(test, kref_read(&op->ref), 1U);
	KUNIT_EXPECT_TRUE(test, xa_empty(&tree->opens));
	idt_expect_no_open(test, tree, op->persistent_id, id);
	/* Its persistent id left the GlobalOpenTable too. */
	KUNIT_EXPECT_NULL(test, xa_load(&smb3k_global_opens, op->persistent_id));
	/* A second close (a CLOSE racing a TREE_DISCONNECT) finds it closed. */
	KUNIT_EXPECT_FALSE(test, smb3k_open_close(op));
	KUNIT_EXPECT_EQ(test, kref_read(&op->ref), 1U);
	KUNIT_EXPECT_STREQ(test, op->name, "kunit/file");
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), tref + 1);
	smb3k_open_put(op);
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), tref);

	smb3k_tree_put(tree);
	idt_session_end(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* A FileId given out again names the new open, never the closed one. */
static void idt_open_id_reuse_no_resurrect(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_open *a, *b;
	u64 id;

	sess = idt_session(test, ctx->conn);
	tree = idt_tree(test, sess);
	a = idt_open(test, tree);
	id = a->id;
	KUNIT_EXPECT_TRUE(test, smb3k_open_close(a));
	idt_set_next_open_id(tree, (u32)id);
	b = idt_open(test, tree);
	KUNIT_EXPECT_EQ(test, b->id, id);
	KUNIT_EXPECT_PTR_NE(test, b, a);
	idt_expect_open(test, tree, id, b);
	/* Closing the stale one again must not close the new one. */
	KUNIT_EXPECT_FALSE(test, smb3k_open_close(a));
	idt_expect_open(test, tree, id, b);
	KUNIT_EXPECT_FALSE(test, READ_ONCE(b->dead));
	smb3k_open_put(a);
	idt_expect_open(test, tree, id, b);
	smb3k_open_put(b);
	smb3k_tree_put(tree);
	idt_session_end(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* MS-SMB2 3.3.5.6: LOGOFF closes every open and tree connect of the session. */
static void idt_logoff_drops_trees_and_opens(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_open *op[2][3];
	struct smb3k_session *sess;
	struct smb3k_tree *t[2];
	unsigned int i, j;
	u64 sid;

	sess = idt_session(test, ctx->conn);
	sid = sess->id;
	for (i = 0; i < 2; i++) {
		t[i] = idt_tree(test, sess);
		for (j = 0; j < 3; j++)
			op[i][j] = idt_open(test, t[i]);
	}
	/* Ours, the table's and one per tree. */
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 4U);

	smb3k_session_logoff(sess);
	idt_expect_no_session(test, ctx->conn, sid);
	KUNIT_EXPECT_TRUE(test, xa_empty(&sess->trees));
	for (i = 0; i < 2; i++) {
		KUNIT_EXPECT_TRUE(test, READ_ONCE(t[i]->dead));
		KUNIT_EXPECT_TRUE(test, xa_empty(&t[i]->opens));
		idt_expect_no_tree(test, sess, t[i]->id);
		/* Ours and one per open we still hold. */
		KUNIT_EXPECT_EQ(test, kref_read(&t[i]->ref), 4U);
		for (j = 0; j < 3; j++) {
			KUNIT_EXPECT_TRUE(test, READ_ONCE(op[i][j]->dead));
			KUNIT_EXPECT_EQ(test, kref_read(&op[i][j]->ref), 1U);
			idt_expect_no_open(test, t[i], op[i][j]->persistent_id, op[i][j]->id);
		}
	}
	for (i = 0; i < 2; i++) {
		for (j = 0; j < 3; j++)
			smb3k_open_put(op[i][j]);
		KUNIT_EXPECT_EQ(test, kref_read(&t[i]->ref), 1U);
	}
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 3U);
	smb3k_tree_put(t[0]);
	smb3k_tree_put(t[1]);
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 1U);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base + 1);
	smb3k_session_put(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

struct idt_racer {
	struct smb3k_conn *conn;
	u64 sess_id;
	u32 tree_id;
	u64 open_id;
	u64 open_pid;
	atomic_t rounds;
	struct completion done;
};

/* Look the chain of ids up until the session is gone (or for a bounded while). */
static int idt_racer_fn(void *arg)
{
	struct idt_racer *r = arg;
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_open *op;
	unsigned int i;

	for (i = 0; i < 1000000; i++) {
		sess = smb3k_session_lookup(r->conn, r->sess_id);
		if (!sess)
			break;
		tree = smb3k_tree_lookup(sess, r->tree_id);
		if (tree) {
			op = smb3k_open_lookup(tree, r->open_pid, r->open_id);
			if (op) {
				/* Read what the references keep alive (KASAN checks). */
				READ_ONCE(op->name[0]);
				smb3k_open_put(op);
			}
			READ_ONCE(tree->share_name[0]);
			smb3k_tree_put(tree);
		}
		smb3k_session_put(sess);
		atomic_inc(&r->rounds);
		cond_resched();
	}
	kthread_complete_and_exit(&r->done, 0);
}

/*
 * Lookups on other threads while the session logs off: each holds what it
 * found until it puts it; nothing is freed under them (KASAN) and all ends
 * freed.
 */
static void idt_lookups_race_logoff(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct idt_racer *r;
	struct task_struct *task;
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_open *op;
	unsigned int i, started = 0, waited;

	r = kunit_kcalloc(test, 2, sizeof(*r), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, r);
	sess = idt_session(test, ctx->conn);
	tree = idt_tree(test, sess);
	op = idt_open(test, tree);
	for (i = 0; i < 2; i++) {
		r[i].conn = ctx->conn;
		r[i].sess_id = sess->id;
		r[i].tree_id = tree->id;
		r[i].open_id = op->id;
		r[i].open_pid = op->persistent_id;
		init_completion(&r[i].done);
	}
	/* Only the tables hold them now. */
	smb3k_open_put(op);
	smb3k_tree_put(tree);
	smb3k_session_put(sess);

	for (i = 0; i < 2; i++) {
		task = kthread_run(idt_racer_fn, &r[i], "smb3k-kunit-%u", i);
		KUNIT_EXPECT_FALSE(test, IS_ERR(task));
		if (IS_ERR(task))
			break;
		started++;
	}
	/* Let them get going before pulling the session away. */
	for (waited = 0; waited < 100; waited++) {
		for (i = 0; i < started; i++)
			if (atomic_read(&r[i].rounds) < 50)
				break;
		if (i == started)
			break;
		msleep(20);
	}

	/* No assertion from here on: the threads use @r until they complete. */
	sess = smb3k_session_lookup(ctx->conn, r[0].sess_id);
	KUNIT_EXPECT_NOT_NULL(test, sess);
	if (sess) {
		smb3k_session_logoff(sess);
		smb3k_session_put(sess);
	}
	for (i = 0; i < started; i++) {
		wait_for_completion(&r[i].done);
		KUNIT_EXPECT_GT(test, atomic_read(&r[i].rounds), 0);
	}
	idt_expect_no_session(test, ctx->conn, r[0].sess_id);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

struct idt_scanner {
	struct smb3k_conn *conn;
	atomic_t stop;
	atomic_t scans;
	struct completion done;
};

/* Tear down a connection's sessions again and again, as closing connections do. */
static int idt_scanner_fn(void *arg)
{
	struct idt_scanner *sc = arg;

	while (!atomic_read(&sc->stop)) {
		smb3k_session_logoff_conn(sc->conn);
		atomic_inc(&sc->scans);
		cond_resched();
	}
	kthread_complete_and_exit(&sc->done, 0);
}

/*
 * A closing connection logs off its own sessions and no other's, also
 * while other connections' sessions come and go (and are freed) under
 * its scan of the session table.
 */
static void idt_logoff_conn_only_its_own(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	struct smb3k_session *mine, *theirs[4], *s;
	struct idt_scanner *sc;
	struct task_struct *task;
	unsigned int i;
	u64 id;

	mine = idt_session(test, ctx->conn);
	for (i = 0; i < ARRAY_SIZE(theirs); i++)
		theirs[i] = idt_session(test, ctx->other);
	smb3k_session_logoff_conn(ctx->other);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->other->nsessions), 0);
	for (i = 0; i < ARRAY_SIZE(theirs); i++) {
		KUNIT_EXPECT_EQ(test, (int)READ_ONCE(theirs[i]->state), (int)SMB3K_SESSION_DEAD);
		idt_expect_no_session(test, ctx->other, theirs[i]->id);
		smb3k_session_put(theirs[i]);
	}
	KUNIT_EXPECT_EQ(test, (int)READ_ONCE(mine->state), (int)SMB3K_SESSION_VALID);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), 1);

	sc = kunit_kzalloc(test, sizeof(*sc), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, sc);
	sc->conn = ctx->other;
	init_completion(&sc->done);
	task = kthread_run(idt_scanner_fn, sc, "smb3k-kunit-scan");
	KUNIT_ASSERT_FALSE(test, IS_ERR(task));
	/* No assertion until the scanner is done: it uses @sc. */
	for (i = 0; i < 200; i++) {
		s = smb3k_session_new(ctx->conn);
		KUNIT_EXPECT_NOT_NULL(test, s);
		if (!s)
			break;
		id = s->id;
		idt_session_end(s);
		idt_expect_no_session(test, ctx->conn, id);
	}
	atomic_set(&sc->stop, 1);
	wait_for_completion(&sc->done);
	KUNIT_EXPECT_GT(test, atomic_read(&sc->scans), 0);
	KUNIT_EXPECT_EQ(test, (int)READ_ONCE(mine->state), (int)SMB3K_SESSION_VALID);
	s = smb3k_session_lookup(ctx->conn, mine->id);
	KUNIT_EXPECT_PTR_EQ(test, s, mine);
	if (s)
		smb3k_session_put(s);
	idt_session_end(mine);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/*
 * The file table (MS-FSA 2.1.5.1.2): opens of a file share one entry; a
 * conflicting share mode is refused; the last detach frees the entry.
 */
static void idt_file_entry_shared_and_freed(struct kunit *test)
{
	struct idt_ctx *ctx = test->priv;
	u64 vol = 0x6b756e6974ULL, index = get_random_u64();
	struct smb3k_open *rd1, *rd2, *wr;
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_file *f;

	sess = idt_session(test, ctx->conn);
	tree = idt_tree(test, sess);
	rd1 = smb3k_open_new(tree, "kunit/file");
	rd2 = smb3k_open_new(tree, "kunit/file");
	wr = smb3k_open_new(tree, "kunit/file");
	KUNIT_ASSERT_NOT_NULL(test, rd1);
	KUNIT_ASSERT_NOT_NULL(test, rd2);
	KUNIT_ASSERT_NOT_NULL(test, wr);
	rd1->granted_access = FILE_READ_DATA;
	rd1->share_access = FILE_SHARE_READ;
	rd2->granted_access = FILE_READ_DATA;
	rd2->share_access = FILE_SHARE_READ | FILE_SHARE_WRITE;
	wr->granted_access = FILE_WRITE_DATA;
	wr->share_access = FILE_SHARE_READ | FILE_SHARE_WRITE;

	KUNIT_EXPECT_EQ(test, smb3k_file_attach(rd1, vol, index), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, smb3k_file_attach(rd2, vol, index), STATUS_SUCCESS);
	KUNIT_EXPECT_PTR_EQ(test, rd1->file, rd2->file);
	KUNIT_EXPECT_EQ(test, smb3k_file_open_count(rd1), 2U);
	/* rd1 does not share write. */
	KUNIT_EXPECT_EQ(test, smb3k_file_attach(wr, vol, index), STATUS_SHARING_VIOLATION);
	KUNIT_EXPECT_NULL(test, wr->file);
	KUNIT_EXPECT_EQ(test, smb3k_file_open_count(rd2), 2U);

	KUNIT_EXPECT_EQ(test, (int)smb3k_file_detach(rd1), (int)SMB3K_FILE_KEEP);
	KUNIT_EXPECT_NULL(test, rd1->file);
	KUNIT_EXPECT_EQ(test, smb3k_file_open_count(rd2), 1U);
	/* The conflicting open is gone: now it may. */
	KUNIT_EXPECT_EQ(test, smb3k_file_attach(wr, vol, index), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, (int)smb3k_file_detach(wr), (int)SMB3K_FILE_KEEP);
	KUNIT_EXPECT_EQ(test, (int)smb3k_file_detach(rd2), (int)SMB3K_FILE_KEEP);
	/* Detached again: nothing to do. */
	KUNIT_EXPECT_EQ(test, (int)smb3k_file_detach(rd2), (int)SMB3K_FILE_KEEP);
	mutex_lock(&smb3k_files_lock);
	f = smb3k_file_find(vol, index, NULL);
	mutex_unlock(&smb3k_files_lock);
	KUNIT_EXPECT_NULL(test, f);

	smb3k_open_put(rd1);
	smb3k_open_put(rd2);
	smb3k_open_put(wr);
	smb3k_tree_put(tree);
	idt_session_end(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

/* MS-FSA 2.1.5.4: the last close of a delete-pending file removes it, not before. */
static void idt_file_delete_pending_last_close(struct kunit *test)
{
	const u32 share = FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE;
	struct idt_ctx *ctx = test->priv;
	u64 vol = 0x6b756e6974ULL, index = get_random_u64();
	struct smb3k_open *a, *b, *late;
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_file *f;

	sess = idt_session(test, ctx->conn);
	tree = idt_tree(test, sess);
	a = smb3k_open_new(tree, "kunit/doomed");
	b = smb3k_open_new(tree, "kunit/doomed");
	late = smb3k_open_new(tree, "kunit/doomed");
	KUNIT_ASSERT_NOT_NULL(test, a);
	KUNIT_ASSERT_NOT_NULL(test, b);
	KUNIT_ASSERT_NOT_NULL(test, late);
	a->granted_access = DELETE | FILE_READ_DATA;
	a->share_access = share;
	a->delete_on_close = true;
	b->granted_access = FILE_READ_DATA;
	b->share_access = share;
	late->granted_access = FILE_READ_DATA;
	late->share_access = share;

	KUNIT_EXPECT_EQ(test, smb3k_file_attach(a, vol, index), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, smb3k_file_attach(b, vol, index), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, smb3k_file_delete_pending(b));
	/* a's close sets DeletePending; b still has it open. */
	KUNIT_EXPECT_EQ(test, (int)smb3k_file_detach(a), (int)SMB3K_FILE_KEEP);
	KUNIT_EXPECT_TRUE(test, smb3k_file_delete_pending(b));
	KUNIT_EXPECT_EQ(test, smb3k_file_attach(late, vol, index), STATUS_DELETE_PENDING);
	KUNIT_EXPECT_NULL(test, late->file);
	KUNIT_EXPECT_EQ(test, (int)smb3k_file_detach(b), (int)SMB3K_FILE_REMOVE);
	mutex_lock(&smb3k_files_lock);
	f = smb3k_file_find(vol, index, NULL);
	mutex_unlock(&smb3k_files_lock);
	KUNIT_EXPECT_NULL(test, f);
	/* Gone: a new open starts afresh. */
	KUNIT_EXPECT_EQ(test, smb3k_file_attach(late, vol, index), STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, smb3k_file_delete_pending(late));
	KUNIT_EXPECT_EQ(test, (int)smb3k_file_detach(late), (int)SMB3K_FILE_KEEP);

	smb3k_open_put(a);
	smb3k_open_put(b);
	smb3k_open_put(late);
	smb3k_tree_put(tree);
	idt_session_end(sess);
	KUNIT_EXPECT_EQ(test, idt_sessions(), ctx->base);
}

static struct kunit_case smb3k_id_table_cases[] = {
	KUNIT_CASE(idt_session_ids_unique_nonzero),
	KUNIT_CASE(idt_session_lookup_ref_and_logoff),
	KUNIT_CASE(idt_session_limit_per_conn),
	KUNIT_CASE(idt_session_expire_keeps_id),
	KUNIT_CASE(idt_tree_ids_unique_and_reserved),
	KUNIT_CASE(idt_tree_disconnect_and_last_put),
	KUNIT_CASE(idt_tree_id_reuse_no_resurrect),
	KUNIT_CASE(idt_add_to_dead_parent_fails),
	KUNIT_CASE(idt_open_ids_unique_and_checked),
	KUNIT_CASE(idt_open_close_and_last_put),
	KUNIT_CASE(idt_open_id_reuse_no_resurrect),
	KUNIT_CASE(idt_logoff_drops_trees_and_opens),
	KUNIT_CASE(idt_lookups_race_logoff),
	KUNIT_CASE(idt_logoff_conn_only_its_own),
	KUNIT_CASE(idt_file_entry_shared_and_freed),
	KUNIT_CASE(idt_file_delete_pending_last_close),
	{}
};

static struct kunit_suite smb3k_id_table_suite = {
	.name = "smb3k_id_tables",
	.init = idt_init,
	.exit = idt_exit,
	.test_cases = smb3k_id_table_cases,
};

kunit_test_suite(smb3k_id_table_suite);
