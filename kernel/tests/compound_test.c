// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: compound chains through the dispatcher (smb2_dispatch.c, MS-SMB2
 * 3.3.5.2.7): splitting at NextCommand, related commands inheriting the
 * session, tree connect and FileId of the one before, and commands that
 * free (LOGOFF, TREE_DISCONNECT, CLOSE) inside a chain.
 *
 * Messages go through smb3k_dispatch_smb2() on a connection made up here
 * (negotiated 3.1.1, never on the server's list, no socket); the responses
 * stay in the request's buffer for the test to read. Sessions live on that
 * connection and trees are disk trees without a share root, so no storage
 * and no real client is touched. The suite's exit releases what a failed
 * case left.
 */
#include <kunit/test.h>
#include <linux/err.h>
#include <linux/mm.h>
#include <linux/rcupdate.h>
#include <linux/slab.h>
#include <linux/smb3k.h>

#include "../conn.h"
#include "../open.h"
#include "../session.h"
#include "../smb2_dispatch.h"
#include "../tree.h"
#include "../proto/ntstatus.h"
#include "../proto/smb2_wire.h"

#define CMP_MSG_CAP		8192
#define CMP_MAX_WORKS		8
#define CMP_MAX_RSP		(SMB3K_MAX_CHAIN + 1)
/* What a related command names: "the previous one" (3.3.5.2.7.2). */
#define CMP_PREV_SESSION	U64_MAX
#define CMP_PREV_TREE		U32_MAX
#define CMP_PREV_FID		U64_MAX
#define CMP_RELATED		SMB2_FLAGS_RELATED_OPERATIONS

/* One response of a chain, as the client would read it. */
struct cmp_rsp {
	u32 status;
	u16 command;
	u32 flags;
	u32 tree_id;
	u64 session_id;
};

struct cmp_ctx {
	struct smb3k_conn *conn;
	u64 next_mid;
	unsigned int base;	/* smb3k_session_count() when the case began */
	unsigned int nworks;
	struct smb3k_work *works[CMP_MAX_WORKS];
	struct cmp_rsp r[CMP_MAX_RSP];	/* the last chain read */
};

/* A message being built: commands appended, each 8-aligned after the first. */
struct cmp_msg {
	struct cmp_ctx *ctx;
	u8 *buf;
	u32 len;
	int last;		/* offset of the last header, -1 while empty */
};

/* The request's references, as smb3k_work_free() lets go of them. */
static void cmp_release(struct smb3k_work *w)
{
	unsigned int i;

	for (i = 0; i < w->nsign; i++)
		smb3k_session_put(w->sign[i].sess);
	w->nsign = 0;
	smb3k_work_set_open(w, NULL);
	smb3k_work_set_tree(w, NULL);
	smb3k_work_set_session(w, NULL);
	kvfree(w->tx);
	w->tx = NULL;
}

static int cmp_init(struct kunit *test)
{
	struct cmp_ctx *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct smb3k_conn *conn;

	if (!ctx)
		return -ENOMEM;
	conn = kunit_kzalloc(test, sizeof(*conn), GFP_KERNEL);
	if (!conn)
		return -ENOMEM;
	kref_init(&conn->ref);
	mutex_init(&conn->proto_lock);
	spin_lock_init(&conn->tx_lock);
	INIT_LIST_HEAD(&conn->tx_queue);
	spin_lock_init(&conn->async_lock);
	INIT_LIST_HEAD(&conn->async_list);
	conn->negotiated = true;
	conn->dialect = SMB3K_DIALECT_311;
	conn->max_msg = SMB3K_MAX_MSG_AUTH;
	/* NEGOTIATE took MessageId 0 and granted a window for the rest. */
	smb3k_credits_init(&conn->credits);
	smb3k_credits_consume(&conn->credits, 0, 1);
	smb3k_credits_grant(&conn->credits, 1, 1024);
	ctx->conn = conn;
	ctx->next_mid = 1;
	rcu_barrier();
	ctx->base = smb3k_session_count();
	test->priv = ctx;
	return 0;
}

static void cmp_exit(struct kunit *test)
{
	struct cmp_ctx *ctx = test->priv;
	unsigned int i;

	if (!ctx)
		return;
	for (i = 0; i < ctx->nworks; i++)
		cmp_release(ctx->works[i]);
	smb3k_session_logoff_conn(ctx->conn);
	rcu_barrier();
}

static unsigned int cmp_sessions(void)
{
	rcu_barrier();
	return smb3k_session_count();
}

/* Where a case reads a chain's responses into. */
static struct cmp_rsp *cmp_rsp_buf(struct kunit *test)
{
	struct cmp_ctx *ctx = test->priv;

	return ctx->r;
}

static void cmp_msg_init(struct kunit *test, struct cmp_msg *m)
{
	m->ctx = test->priv;
	m->buf = kunit_kzalloc(test, CMP_MSG_CAP, GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, m->buf);
	m->len = 0;
	m->last = -1;
}

/* Append a SYNC header (MessageId from the connection's window) and room for a body. */
static u8 *cmp_add(struct kunit *test, struct cmp_msg *m, u16 cmd, u32 flags,
		   u64 session_id, u32 tree_id, u32 body_len)
{
	u32 off = m->last < 0 ? 0 : ALIGN(m->len, 8);
	u8 *h;

	KUNIT_ASSERT_LE(test, off + SMB2_HDR_SIZE + body_len, (u32)CMP_MSG_CAP);
	if (m->last >= 0)
		put_unaligned_le32(off - m->last, m->buf + m->last + SMB2_HDR_OFF_NEXT_COMMAND);
	h = m->buf + off;
	put_unaligned_le32(SMB2_PROTO_ID, h + SMB2_HDR_OFF_PROTOCOL_ID);
	put_unaligned_le16(SMB2_HDR_SIZE, h + SMB2_HDR_OFF_STRUCTURE_SIZE);
	put_unaligned_le16(1, h + SMB2_HDR_OFF_CREDIT_CHARGE);
	put_unaligned_le16(cmd, h + SMB2_HDR_OFF_COMMAND);
	put_unaligned_le16(1, h + SMB2_HDR_OFF_CREDITS);
	put_unaligned_le32(flags, h + SMB2_HDR_OFF_FLAGS);
	put_unaligned_le64(m->ctx->next_mid++, h + SMB2_HDR_OFF_MESSAGE_ID);
	put_unaligned_le32(tree_id, h + SMB2_HDR_OFF_TREE_ID);
	put_unaligned_le64(session_id, h + SMB2_HDR_OFF_SESSION_ID);
	m->last = off;
	m->len = off + SMB2_HDR_SIZE + body_len;
	return h + SMB2_HDR_SIZE;
}

/* LOGOFF, TREE_DISCONNECT, ECHO (2.2.7, 2.2.11, 2.2.28): StructureSize 4. */
static void cmp_simple(struct kunit *test, struct cmp_msg *m, u16 cmd, u32 flags,
		       u64 session_id, u32 tree_id)
{
	put_unaligned_le16(4, cmp_add(test, m, cmd, flags, session_id, tree_id, 4));
}

/* FLUSH and CLOSE (2.2.17, 2.2.15): StructureSize 24, FileId at 8. */
static void cmp_fid(struct kunit *test, struct cmp_msg *m, u16 cmd, u32 flags,
		    u64 session_id, u32 tree_id, u64 persistent, u64 fid)
{
	u8 *b = cmp_add(test, m, cmd, flags, session_id, tree_id, 24);

	put_unaligned_le16(24, b);
	put_unaligned_le64(persistent, b + 8);
	put_unaligned_le64(fid, b + 16);
}

/* CREATE (2.2.13) of the share root, no contexts: StructureSize 57. */
static void cmp_create(struct kunit *test, struct cmp_msg *m, u32 flags,
		       u64 session_id, u32 tree_id)
{
	u8 *b = cmp_add(test, m, SMB2_CREATE, flags, session_id, tree_id, 57);

	put_unaligned_le16(57, b);
	put_unaligned_le32(0x00120089, b + 24);		/* DesiredAccess: read */
	put_unaligned_le32(0x00000007, b + 32);		/* ShareAccess: all */
	put_unaligned_le32(0x00000001, b + 36);		/* FILE_OPEN */
}

static void cmp_set_next_command(struct cmp_msg *m, u32 off, u32 next)
{
	put_unaligned_le32(next, m->buf + off + SMB2_HDR_OFF_NEXT_COMMAND);
}

/* Dispatch @m as one received message; *@wp is the request (released by exit). */
static bool cmp_run(struct kunit *test, struct cmp_msg *m, struct smb3k_work **wp)
{
	struct cmp_ctx *ctx = test->priv;
	struct smb3k_work *w;

	KUNIT_ASSERT_LT(test, ctx->nworks, (unsigned int)CMP_MAX_WORKS);
	w = kunit_kzalloc(test, sizeof(*w), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, w);
	w->conn = ctx->conn;
	w->msg = m->buf;
	w->msg_len = m->len;
	w->tx = smb3k_tx_alloc(SMB3K_MAX_RSP);
	KUNIT_ASSERT_NOT_NULL(test, w->tx);
	w->rsp = w->tx->data + 4;
	w->rsp_cap = SMB3K_MAX_RSP;
	ctx->works[ctx->nworks++] = w;
	*wp = w;
	return smb3k_dispatch_smb2(w);
}

/*
 * Read the response chain: each response 8-aligned after the one before
 * (3.3.4.1.3), the last with NextCommand 0 and, in a compound, padded.
 */
static unsigned int cmp_responses(struct kunit *test, const struct smb3k_work *w,
				  struct cmp_rsp *r, unsigned int max)
{
	unsigned int n = 0;
	u32 off = 0, next;

	while (n < max && w->rsp_len >= SMB2_HDR_SIZE && off <= w->rsp_len - SMB2_HDR_SIZE) {
		const u8 *h = w->rsp + off;

		KUNIT_EXPECT_EQ(test, get_unaligned_le32(h + SMB2_HDR_OFF_PROTOCOL_ID),
				SMB2_PROTO_ID);
		r[n].status = get_unaligned_le32(h + SMB2_HDR_OFF_STATUS);
		r[n].command = get_unaligned_le16(h + SMB2_HDR_OFF_COMMAND);
		r[n].flags = get_unaligned_le32(h + SMB2_HDR_OFF_FLAGS);
		r[n].tree_id = get_unaligned_le32(h + SMB2_HDR_OFF_TREE_ID);
		r[n].session_id = get_unaligned_le64(h + SMB2_HDR_OFF_SESSION_ID);
		KUNIT_EXPECT_TRUE(test, r[n].flags & SMB2_FLAGS_SERVER_TO_REDIR);
		n++;
		next = get_unaligned_le32(h + SMB2_HDR_OFF_NEXT_COMMAND);
		if (!next)
			break;
		KUNIT_EXPECT_EQ(test, next % 8, 0U);
		KUNIT_EXPECT_GE(test, next, (u32)SMB2_HDR_SIZE);
		off += next;
	}
	if (n > 1)
		KUNIT_EXPECT_EQ(test, w->rsp_len % 8, 0U);
	return n;
}

/* A valid session with a disk tree connect (no storage) and one open on it. */
static void cmp_setup(struct kunit *test, struct smb3k_session **sess,
		      struct smb3k_tree **tree, struct smb3k_open **op)
{
	struct cmp_ctx *ctx = test->priv;

	*sess = smb3k_session_new(ctx->conn);
	KUNIT_ASSERT_NOT_NULL(test, *sess);
	mutex_lock(&(*sess)->lock);
	WRITE_ONCE((*sess)->state, SMB3K_SESSION_VALID);
	mutex_unlock(&(*sess)->lock);
	*tree = smb3k_tree_add(*sess, SMB3K_SHARE_DISK, 0, 0x001f01ff, "kunit", NULL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, *tree);
	if (!op)
		return;
	*op = smb3k_open_add(*tree, 0, "kunit/file");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, *op);
}

/* Is FileId @id of @tree still open? */
static bool cmp_is_open(struct smb3k_tree *tree, u64 persistent, u64 id)
{
	struct smb3k_open *op = smb3k_open_lookup(tree, persistent, id);

	if (!op)
		return false;
	smb3k_open_put(op);
	return true;
}

static void cmp_expect_status(struct kunit *test, const struct cmp_rsp *r, unsigned int n,
			      const u32 *want, unsigned int nwant)
{
	unsigned int i;

	KUNIT_ASSERT_EQ(test, n, nwant);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ_MSG(test, r[i].status, want[i], "response %u", i);
}

/* Run @m, read its responses into @r and expect their statuses. */
static unsigned int cmp_run_expect(struct kunit *test, struct cmp_msg *m,
				   struct smb3k_work **wp, struct cmp_rsp *r,
				   const u32 *want, unsigned int nwant)
{
	unsigned int n;

	KUNIT_ASSERT_TRUE(test, cmp_run(test, m, wp));
	n = cmp_responses(test, *wp, r, CMP_MAX_RSP);
	cmp_expect_status(test, r, n, want, nwant);
	return n;
}

/* Drop the case's tree and session; no session of ours may be left. */
static void cmp_teardown(struct kunit *test, struct smb3k_session *sess,
			 struct smb3k_tree *tree)
{
	struct cmp_ctx *ctx = test->priv;

	smb3k_tree_put(tree);
	smb3k_session_logoff(sess);
	smb3k_session_put(sess);
	KUNIT_EXPECT_EQ(test, cmp_sessions(), ctx->base);
}

/* 3.3.4.1.3: responses chained at 8-aligned offsets, related flag echoed. */
static void cmp_responses_chained(struct kunit *test)
{
	static const u32 want[] = { STATUS_SUCCESS, STATUS_SUCCESS, STATUS_SUCCESS };
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_work *w;
	struct cmp_msg m;

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	cmp_simple(test, &m, SMB2_ECHO, CMP_RELATED, 0, 0);
	cmp_run_expect(test, &m, &w, r, want, ARRAY_SIZE(want));
	KUNIT_EXPECT_EQ(test, r[0].command, (u16)SMB2_ECHO);
	KUNIT_EXPECT_FALSE(test, r[0].flags & CMP_RELATED);
	KUNIT_EXPECT_FALSE(test, r[1].flags & CMP_RELATED);
	KUNIT_EXPECT_TRUE(test, r[2].flags & CMP_RELATED);
	cmp_release(w);
}

/*
 * 3.3.5.2.7.2: a related command uses the SessionId, TreeId and FileId of
 * the one before, whatever its own header says; an unrelated one may not
 * name "the previous open".
 */
static void cmp_related_inherits_ids(struct kunit *test)
{
	static const u32 want[] = { STATUS_SUCCESS, STATUS_SUCCESS, STATUS_SUCCESS,
				    STATUS_FILE_CLOSED };
	static const u32 want2[] = { STATUS_SUCCESS, STATUS_FILE_CLOSED };
	struct smb3k_open *op, *op2;
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_work *w;
	struct cmp_msg m;
	u64 sid, fid, fid2, pfid, pfid2;
	u32 tid;

	cmp_setup(test, &sess, &tree, &op);
	op2 = smb3k_open_add(tree, 0, "kunit/other");
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, op2);
	sid = sess->id;
	tid = tree->id;
	fid = op->id;
	pfid = op->persistent_id;
	fid2 = op2->id;
	pfid2 = op2->persistent_id;
	smb3k_open_put(op);
	smb3k_open_put(op2);

	cmp_msg_init(test, &m);
	cmp_fid(test, &m, SMB2_FLUSH, 0, sid, tid, pfid, fid);
	cmp_fid(test, &m, SMB2_FLUSH, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_fid(test, &m, SMB2_CLOSE, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_fid(test, &m, SMB2_FLUSH, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_run_expect(test, &m, &w, r, want, ARRAY_SIZE(want));
	/* The responses carry the ids actually used. */
	KUNIT_EXPECT_EQ(test, r[1].session_id, sid);
	KUNIT_EXPECT_EQ(test, r[1].tree_id, tid);
	KUNIT_EXPECT_EQ(test, r[2].session_id, sid);
	/* The related CLOSE closed the first command's open, not the other. */
	KUNIT_EXPECT_FALSE(test, cmp_is_open(tree, pfid, fid));
	KUNIT_EXPECT_TRUE(test, cmp_is_open(tree, pfid2, fid2));
	cmp_release(w);

	cmp_msg_init(test, &m);
	cmp_fid(test, &m, SMB2_FLUSH, 0, sid, tid, pfid2, fid2);
	cmp_fid(test, &m, SMB2_CLOSE, 0, sid, tid, CMP_PREV_FID, CMP_PREV_FID);
	cmp_run_expect(test, &m, &w, r, want2, ARRAY_SIZE(want2));
	KUNIT_EXPECT_TRUE(test, cmp_is_open(tree, pfid2, fid2));
	cmp_release(w);

	cmp_teardown(test, sess, tree);
}

/*
 * LOGOFF inside a chain: the related commands after it find the session
 * deleted (3.3.5.2.9), and the chain's reference keeps it from being freed
 * under them.
 */
static void cmp_logoff_in_chain(struct kunit *test)
{
	static const u32 want[] = { STATUS_SUCCESS, STATUS_USER_SESSION_DELETED,
				    STATUS_USER_SESSION_DELETED, STATUS_USER_SESSION_DELETED,
				    STATUS_USER_SESSION_DELETED };
	static const u32 want2[] = { STATUS_USER_SESSION_DELETED };
	struct cmp_ctx *ctx = test->priv;
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_work *w;
	struct smb3k_open *op;
	struct cmp_msg m;
	u64 sid;
	u32 tid;

	cmp_setup(test, &sess, &tree, &op);
	sid = sess->id;
	tid = tree->id;
	/* From here only the tables hold them. */
	smb3k_open_put(op);
	smb3k_tree_put(tree);
	smb3k_session_put(sess);

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_LOGOFF, 0, sid, 0);
	cmp_simple(test, &m, SMB2_TREE_DISCONNECT, CMP_RELATED, CMP_PREV_SESSION, tid);
	cmp_fid(test, &m, SMB2_FLUSH, CMP_RELATED, CMP_PREV_SESSION, tid, CMP_PREV_FID, CMP_PREV_FID);
	cmp_fid(test, &m, SMB2_CLOSE, CMP_RELATED, CMP_PREV_SESSION, tid, CMP_PREV_FID, CMP_PREV_FID);
	cmp_simple(test, &m, SMB2_LOGOFF, CMP_RELATED, CMP_PREV_SESSION, 0);
	cmp_run_expect(test, &m, &w, r, want, ARRAY_SIZE(want));
	KUNIT_EXPECT_EQ(test, r[0].session_id, sid);

	/* The chain holds the only reference: dead, but not freed. */
	KUNIT_ASSERT_NOT_NULL(test, w->sess);
	KUNIT_EXPECT_EQ(test, w->sess->id, sid);
	KUNIT_EXPECT_EQ(test, (int)READ_ONCE(w->sess->state), (int)SMB3K_SESSION_DEAD);
	KUNIT_EXPECT_EQ(test, kref_read(&w->sess->ref), 1U);
	KUNIT_EXPECT_TRUE(test, xa_empty(&w->sess->trees));
	KUNIT_EXPECT_EQ(test, cmp_sessions(), ctx->base + 1);
	cmp_release(w);
	KUNIT_EXPECT_EQ(test, cmp_sessions(), ctx->base);
	KUNIT_EXPECT_EQ(test, atomic_read(&ctx->conn->nsessions), 0);

	/* Unrelated, by id: gone. */
	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_TREE_DISCONNECT, 0, sid, tid);
	cmp_run_expect(test, &m, &w, r, want2, ARRAY_SIZE(want2));
	cmp_release(w);
}

/*
 * TREE_DISCONNECT inside a chain: related commands after it find the tree
 * deleted (3.3.5.2.11); its open was closed with it and the chain's
 * references keep both until the request ends.
 */
static void cmp_tree_disconnect_in_chain(struct kunit *test)
{
	static const u32 want[] = { STATUS_SUCCESS, STATUS_SUCCESS,
				    STATUS_NETWORK_NAME_DELETED, STATUS_NETWORK_NAME_DELETED,
				    STATUS_NETWORK_NAME_DELETED };
	static const u32 want2[] = { STATUS_NETWORK_NAME_DELETED };
	struct cmp_ctx *ctx = test->priv;
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_work *w;
	struct smb3k_open *op;
	struct cmp_msg m;
	u64 sid, fid, pfid;
	u32 tid;

	cmp_setup(test, &sess, &tree, &op);
	sid = sess->id;
	tid = tree->id;
	fid = op->id;
	pfid = op->persistent_id;
	smb3k_open_put(op);
	smb3k_tree_put(tree);
	/* Ours, the table's and the tree's. */
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 3U);

	cmp_msg_init(test, &m);
	cmp_fid(test, &m, SMB2_FLUSH, 0, sid, tid, pfid, fid);
	cmp_simple(test, &m, SMB2_TREE_DISCONNECT, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE);
	cmp_fid(test, &m, SMB2_FLUSH, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_fid(test, &m, SMB2_CLOSE, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_simple(test, &m, SMB2_TREE_DISCONNECT, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE);
	cmp_run_expect(test, &m, &w, r, want, ARRAY_SIZE(want));

	KUNIT_ASSERT_NOT_NULL(test, w->tree);
	KUNIT_ASSERT_NOT_NULL(test, w->open);
	KUNIT_EXPECT_EQ(test, w->tree->id, tid);
	KUNIT_EXPECT_TRUE(test, READ_ONCE(w->tree->dead));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(w->open->dead));
	KUNIT_EXPECT_EQ(test, w->open->id, fid);
	/* The open is the chain's alone; the tree the chain's and the open's. */
	KUNIT_EXPECT_EQ(test, kref_read(&w->open->ref), 1U);
	KUNIT_EXPECT_EQ(test, kref_read(&w->tree->ref), 2U);
	KUNIT_EXPECT_TRUE(test, xa_empty(&sess->trees));
	/* Ours, the table's, the chain's and the tree's. */
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 4U);
	cmp_release(w);
	/* Open and tree freed: the tree's reference to the session is gone. */
	KUNIT_EXPECT_EQ(test, kref_read(&sess->ref), 2U);

	cmp_msg_init(test, &m);
	cmp_fid(test, &m, SMB2_CLOSE, 0, sid, tid, pfid, fid);
	cmp_run_expect(test, &m, &w, r, want2, ARRAY_SIZE(want2));
	cmp_release(w);

	smb3k_session_logoff(sess);
	smb3k_session_put(sess);
	KUNIT_EXPECT_EQ(test, cmp_sessions(), ctx->base);
}

/* CLOSE inside a chain: what follows finds the FileId closed, never the freed open. */
static void cmp_close_in_chain(struct kunit *test)
{
	static const u32 want[] = { STATUS_SUCCESS, STATUS_FILE_CLOSED, STATUS_FILE_CLOSED,
				    STATUS_SUCCESS };
	static const u32 want2[] = { STATUS_NETWORK_NAME_DELETED };
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_work *w;
	struct smb3k_open *op;
	struct cmp_msg m;
	u64 sid, fid, pfid;
	u32 tid;

	cmp_setup(test, &sess, &tree, &op);
	sid = sess->id;
	tid = tree->id;
	fid = op->id;
	pfid = op->persistent_id;
	smb3k_open_put(op);
	/* Ours, the table's and the open's. */
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), 3U);

	cmp_msg_init(test, &m);
	cmp_fid(test, &m, SMB2_CLOSE, 0, sid, tid, pfid, fid);
	cmp_fid(test, &m, SMB2_CLOSE, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_fid(test, &m, SMB2_FLUSH, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	/* The tree is still there for what needs no FileId. */
	cmp_simple(test, &m, SMB2_TREE_DISCONNECT, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE);
	cmp_run_expect(test, &m, &w, r, want, ARRAY_SIZE(want));
	KUNIT_EXPECT_NULL(test, w->open);
	KUNIT_EXPECT_FALSE(test, cmp_is_open(tree, pfid, fid));
	KUNIT_EXPECT_TRUE(test, READ_ONCE(tree->dead));
	/* The open is freed, the table let go: ours and the chain's. */
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), 2U);
	cmp_release(w);
	KUNIT_EXPECT_EQ(test, kref_read(&tree->ref), 1U);

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_TREE_DISCONNECT, 0, sid, tid);
	cmp_run_expect(test, &m, &w, r, want2, ARRAY_SIZE(want2));
	cmp_release(w);

	cmp_teardown(test, sess, tree);
}

/*
 * 3.3.5.2.7.2: after a failed CREATE, the related commands fail with its
 * status; they must not fall back on an open an earlier command used.
 */
static void cmp_failed_create_fails_chain(struct kunit *test)
{
	static const u32 want[] = { STATUS_SUCCESS, STATUS_NOT_SUPPORTED, STATUS_NOT_SUPPORTED,
				    STATUS_NOT_SUPPORTED };
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_work *w;
	struct smb3k_open *op;
	struct cmp_msg m;
	u64 sid, fid, pfid;
	u32 tid;

	cmp_setup(test, &sess, &tree, &op);
	sid = sess->id;
	tid = tree->id;
	fid = op->id;
	pfid = op->persistent_id;
	smb3k_open_put(op);

	cmp_msg_init(test, &m);
	cmp_fid(test, &m, SMB2_FLUSH, 0, sid, tid, pfid, fid);
	/* No share root, so no storage: the CREATE fails (STATUS_NOT_SUPPORTED). */
	cmp_create(test, &m, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE);
	cmp_fid(test, &m, SMB2_CLOSE, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_fid(test, &m, SMB2_FLUSH, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_run_expect(test, &m, &w, r, want, ARRAY_SIZE(want));
	KUNIT_EXPECT_TRUE(test, cmp_is_open(tree, pfid, fid));
	cmp_release(w);

	cmp_teardown(test, sess, tree);
}

/*
 * 3.3.5.2.7.2: a first command flagged related fails, and so does a
 * related command with no session to inherit; the rest of the chain runs.
 */
static void cmp_related_without_previous(struct kunit *test)
{
	static const u32 want[] = { STATUS_INVALID_PARAMETER, STATUS_SUCCESS,
				    STATUS_INVALID_PARAMETER, STATUS_INVALID_PARAMETER };
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_work *w;
	struct cmp_msg m;

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_ECHO, CMP_RELATED, 0, 0);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	cmp_fid(test, &m, SMB2_FLUSH, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE, CMP_PREV_FID, CMP_PREV_FID);
	cmp_simple(test, &m, SMB2_TREE_DISCONNECT, CMP_RELATED, CMP_PREV_SESSION, CMP_PREV_TREE);
	cmp_run_expect(test, &m, &w, r, want, ARRAY_SIZE(want));
	KUNIT_EXPECT_NULL(test, w->sess);
	KUNIT_EXPECT_NULL(test, w->tree);
	cmp_release(w);
}

/* 3.3.5.2.6: an unknown command inside a chain fails alone; first, it ends the connection. */
static void cmp_unknown_command(struct kunit *test)
{
	static const u32 want[] = { STATUS_SUCCESS, STATUS_INVALID_PARAMETER, STATUS_SUCCESS };
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_work *w;
	struct cmp_msg m;

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	cmp_simple(test, &m, 0x7777, 0, 0, 0);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	cmp_run_expect(test, &m, &w, r, want, ARRAY_SIZE(want));
	cmp_release(w);

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_SERVER_TO_CLIENT_NOTIFICATION, 0, 0, 0);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	KUNIT_EXPECT_FALSE(test, cmp_run(test, &m, &w));
	KUNIT_EXPECT_EQ(test, w->rsp_len, 0U);
	cmp_release(w);
}

/* Two ECHOs; NextCommand of header @which (0 or 1) set to @next. */
static bool cmp_run_bad_next(struct kunit *test, unsigned int which, u32 next,
			     struct smb3k_work **wp)
{
	struct cmp_msg m;
	u32 second;

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	second = ALIGN(m.len, 8);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	if (which == 1)
		cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	cmp_set_next_command(&m, which ? second : 0, next);
	return cmp_run(test, &m, wp);
}

/*
 * 3.3.5.2.7: NextCommand must be 8-aligned and leave room for a whole
 * header inside the message; it cannot point back (it is an unsigned
 * offset forward, and a wrap of the 32-bit offset is out of bounds).
 */
static void cmp_next_command_checked(struct kunit *test)
{
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_work *w;

	/* As built: fine. 72 is the aligned length of an ECHO. */
	KUNIT_EXPECT_TRUE(test, cmp_run_bad_next(test, 0, 72, &w));
	KUNIT_EXPECT_EQ(test, cmp_responses(test, w, r, CMP_MAX_RSP), 2U);
	cmp_release(w);

	/* Not 8-aligned, though inside. */
	KUNIT_EXPECT_FALSE(test, cmp_run_bad_next(test, 0, 68, &w));
	KUNIT_EXPECT_EQ(test, w->rsp_len, 0U);
	cmp_release(w);
	/* Aligned, but inside the header itself. */
	KUNIT_EXPECT_FALSE(test, cmp_run_bad_next(test, 0, 32, &w));
	KUNIT_EXPECT_EQ(test, w->rsp_len, 0U);
	cmp_release(w);
	/* A header at 80 would run past the end of the 140-byte message. */
	KUNIT_EXPECT_FALSE(test, cmp_run_bad_next(test, 0, 80, &w));
	KUNIT_EXPECT_EQ(test, w->rsp_len, 0U);
	cmp_release(w);
	/* Far past the end. */
	KUNIT_EXPECT_FALSE(test, cmp_run_bad_next(test, 0, 0x7ffffff8, &w));
	cmp_release(w);
	/* The second header's offset wrapping 32 bits back to the first header. */
	KUNIT_EXPECT_FALSE(test, cmp_run_bad_next(test, 1, 0U - 72, &w));
	cmp_release(w);
	/* The second header pointing into itself. */
	KUNIT_EXPECT_FALSE(test, cmp_run_bad_next(test, 1, 8, &w));
	cmp_release(w);
}

/* SMB3K_MAX_CHAIN commands in one message at most. */
static void cmp_chain_length_limit(struct kunit *test)
{
	struct cmp_rsp *r = cmp_rsp_buf(test);
	struct smb3k_work *w;
	struct cmp_msg m;
	unsigned int i, n;

	cmp_msg_init(test, &m);
	for (i = 0; i < SMB3K_MAX_CHAIN; i++)
		cmp_simple(test, &m, SMB2_ECHO, i ? CMP_RELATED : 0, 0, 0);
	KUNIT_EXPECT_TRUE(test, cmp_run(test, &m, &w));
	n = cmp_responses(test, w, r, CMP_MAX_RSP);
	KUNIT_EXPECT_EQ(test, n, (unsigned int)SMB3K_MAX_CHAIN);
	for (i = 0; i < n; i++)
		KUNIT_EXPECT_EQ(test, r[i].status, STATUS_SUCCESS);
	cmp_release(w);

	cmp_msg_init(test, &m);
	for (i = 0; i <= SMB3K_MAX_CHAIN; i++)
		cmp_simple(test, &m, SMB2_ECHO, i ? CMP_RELATED : 0, 0, 0);
	KUNIT_EXPECT_FALSE(test, cmp_run(test, &m, &w));
	cmp_release(w);
}

/* NEGOTIATE is never part of a chain (3.3.5.3.1): the connection ends. */
static void cmp_negotiate_not_in_chain(struct kunit *test)
{
	struct smb3k_work *w;
	struct cmp_msg m;

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	cmp_simple(test, &m, SMB2_NEGOTIATE, 0, 0, 0);
	KUNIT_EXPECT_FALSE(test, cmp_run(test, &m, &w));
	cmp_release(w);

	cmp_msg_init(test, &m);
	cmp_simple(test, &m, SMB2_NEGOTIATE, 0, 0, 0);
	cmp_simple(test, &m, SMB2_ECHO, 0, 0, 0);
	KUNIT_EXPECT_FALSE(test, cmp_run(test, &m, &w));
	KUNIT_EXPECT_EQ(test, w->rsp_len, 0U);
	cmp_release(w);
}

static struct kunit_case smb3k_compound_cases[] = {
	KUNIT_CASE(cmp_responses_chained),
	KUNIT_CASE(cmp_related_inherits_ids),
	KUNIT_CASE(cmp_logoff_in_chain),
	KUNIT_CASE(cmp_tree_disconnect_in_chain),
	KUNIT_CASE(cmp_close_in_chain),
	KUNIT_CASE(cmp_failed_create_fails_chain),
	KUNIT_CASE(cmp_related_without_previous),
	KUNIT_CASE(cmp_unknown_command),
	KUNIT_CASE(cmp_next_command_checked),
	KUNIT_CASE(cmp_chain_length_limit),
	KUNIT_CASE(cmp_negotiate_not_in_chain),
	{}
};

static struct kunit_suite smb3k_compound_suite = {
	.name = "smb3k_compound",
	.init = cmp_init,
	.exit = cmp_exit,
	.test_cases = smb3k_compound_cases,
};

kunit_test_suite(smb3k_compound_suite);
