// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: oplocks and leases (oplock.c). First the decisions alone: grants
 * (MS-SMB2 3.3.5.9.8, 3.3.5.9.11), break targets (3.3.4.6, 3.3.4.7; MS-FSA
 * 2.1.4.12) and acknowledgments (3.3.5.22). Then the state machine through
 * the real entry points, on opens attached to a file of the real file
 * table under a random volume serial nobody else uses. Their tree's session
 * has no connection, so a break is sent nowhere and takes effect at once,
 * as for a client that cannot be reached.
 */
#include <kunit/test.h>
#include <linux/jiffies.h>
#include <linux/random.h>
#include <linux/slab.h>
#include <linux/smb3k.h>

#include "../conn.h"
#include "../file_table.h"
#include "../open.h"
#include "../oplock.h"
#include "../session.h"
#include "../smb2_dispatch.h"
#include "../tree.h"
#include "../proto/fscc.h"
#include "../proto/ntstatus.h"
#include "../proto/smb2_create_ctx.h"
#include "../proto/smb2_file.h"

#define R	SMB2_LEASE_READ_CACHING
#define H	SMB2_LEASE_HANDLE_CACHING
#define W	SMB2_LEASE_WRITE_CACHING

#define NONE	SMB2_OPLOCK_LEVEL_NONE
#define II	SMB2_OPLOCK_LEVEL_II
#define EXCL	SMB2_OPLOCK_LEVEL_EXCLUSIVE
#define BATCH	SMB2_OPLOCK_LEVEL_BATCH
#define LEASE	SMB2_OPLOCK_LEVEL_LEASE

/* ---- the decisions alone ------------------------------------------------ */

/* 2.2.13.2.8: R, RH, RW, RWH; W or H without R is no lease at all. */
static void lease_state_valid_combinations(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(R), R);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(R | H), R | H);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(R | W), R | W);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(R | W | H), R | W | H);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(0), 0U);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(W), 0U);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(H), 0U);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(W | H), 0U);
	/* Undefined bits are ignored, with or without R. */
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(0xfffffff8U), 0U);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(0xfffffff9U), R);
	KUNIT_EXPECT_EQ(test, smb3k_lease_state_valid(U32_MAX), R | W | H);
}

static void lease_allowed_beside_others(struct kunit *test)
{
	KUNIT_EXPECT_EQ(test, smb3k_lease_allowed(false, false, false), R | W | H);
	/* Write caching is for the only owner. */
	KUNIT_EXPECT_EQ(test, smb3k_lease_allowed(true, false, false), R | H);
	/* Nothing beside write caching that a break did not take away. */
	KUNIT_EXPECT_EQ(test, smb3k_lease_allowed(true, true, false), 0U);
	KUNIT_EXPECT_EQ(test, smb3k_lease_allowed(false, true, true), 0U);
	/* Oplocks and handle caching do not mix. */
	KUNIT_EXPECT_EQ(test, smb3k_lease_allowed(false, false, true), R);
	KUNIT_EXPECT_EQ(test, smb3k_lease_allowed(true, false, true), R);
}

/* A new lease gets what may be granted of what it asks (3.3.5.9.8). */
static void lease_promote_new_lease(struct kunit *test)
{
	static const struct {
		u32 requested, allowed, granted;
	} t[] = {
		{ R, R | W | H, R },
		{ R | H, R | W | H, R | H },
		{ R | W, R | W | H, R | W },
		{ R | W | H, R | W | H, R | W | H },
		{ R | W | H, R | H, R | H },
		{ R | W, R | H, R },
		{ R | W | H, R, R },
		{ R | H, R, R },
		{ R | W | H, 0, 0 },
		{ R, 0, 0 },
		/* Invalid requests get nothing, whatever is allowed. */
		{ W, R | W | H, 0 },
		{ H, R | W | H, 0 },
		{ W | H, R | W | H, 0 },
		{ 0, R | W | H, 0 },
		{ 0x10 | R, R | W | H, R },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		KUNIT_EXPECT_EQ_MSG(test, smb3k_lease_promote(0, false, t[i].requested,
							      t[i].allowed),
				    t[i].granted, "case %u: ask %#x allowed %#x", i,
				    t[i].requested, t[i].allowed);
}

/*
 * A lease held is promoted only to a superset of its state that may be
 * granted whole, and never while it is breaking (3.3.5.9.8, 3.3.5.9.11).
 */
static void lease_promote_held_lease(struct kunit *test)
{
	static const struct {
		u32 held, requested, allowed;
		bool breaking;
		u32 after;
	} t[] = {
		{ R, R | H, R | W | H, false, R | H },
		{ R, R | W | H, R | W | H, false, R | W | H },
		{ R | H, R | W | H, R | W | H, false, R | W | H },
		{ R | W, R | W | H, R | W | H, false, R | W | H },
		/* Not whole: RWH beside another owner stays R, not RH. */
		{ R, R | W | H, R | H, false, R },
		{ R | H, R | W | H, R | H, false, R | H },
		{ R, R | H, R, false, R },
		/* Not a superset: no change, no downgrade either. */
		{ R | H, R | W, R | W | H, false, R | H },
		{ R | W | H, R, R | W | H, false, R | W | H },
		{ R | W, R | H, R | W | H, false, R | W },
		{ R | H, 0, R | W | H, false, R | H },
		/* Asking again for what is held changes nothing. */
		{ R | H, R | H, R | W | H, false, R | H },
		/* Invalid requests never promote. */
		{ R, W | H, R | W | H, false, R },
		{ R, H, R | W | H, false, R },
		/* During a break nothing is promoted. */
		{ R, R | H, R | W | H, true, R },
		{ R | H, R | W | H, R | W | H, true, R | H },
		/* H alone (an acknowledgment kept only H): RH is a superset, R not. */
		{ H, R | H, R | W | H, false, R | H },
		{ H, R, R | W | H, false, H },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		KUNIT_EXPECT_EQ_MSG(test, smb3k_lease_promote(t[i].held, t[i].breaking,
							      t[i].requested, t[i].allowed),
				    t[i].after, "case %u: held %#x ask %#x allowed %#x%s", i,
				    t[i].held, t[i].requested, t[i].allowed,
				    t[i].breaking ? " breaking" : "");
}

/*
 * MS-FSA 2.1.4.12: an open breaks write caching, a data change read and
 * write caching, a sharing violation, rename or delete handle caching;
 * without R nothing is left (3.3.4.7 allows NONE, R, RH, RW).
 */
static void lease_break_targets(struct kunit *test)
{
	static const struct {
		u32 state;
		enum smb3k_break why;
		u32 to;
	} t[] = {
		{ R | W | H, SMB3K_BREAK_OPEN, R | H },
		{ R | W, SMB3K_BREAK_OPEN, R },
		{ R | H, SMB3K_BREAK_OPEN, R | H },
		{ R, SMB3K_BREAK_OPEN, R },
		{ R | W | H, SMB3K_BREAK_DATA, 0 },
		{ R | W, SMB3K_BREAK_DATA, 0 },
		{ R | H, SMB3K_BREAK_DATA, 0 },
		{ R, SMB3K_BREAK_DATA, 0 },
		{ R | W | H, SMB3K_BREAK_HANDLE, R | W },
		{ R | H, SMB3K_BREAK_HANDLE, R },
		{ R | W, SMB3K_BREAK_HANDLE, R | W },
		{ R, SMB3K_BREAK_HANDLE, R },
		{ 0, SMB3K_BREAK_OPEN, 0 },
		{ 0, SMB3K_BREAK_DATA, 0 },
		{ 0, SMB3K_BREAK_HANDLE, 0 },
		/* H alone (an acknowledgment kept it): losing it leaves nothing. */
		{ H, SMB3K_BREAK_HANDLE, 0 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		KUNIT_EXPECT_EQ_MSG(test, smb3k_lease_break_to(t[i].state, t[i].why), t[i].to,
				    "case %u: %#x broken by %d", i, t[i].state, t[i].why);
}

/* 3.3.4.7: only a lease of read caching alone breaks without an ack. */
static void lease_break_ack_required(struct kunit *test)
{
	KUNIT_EXPECT_FALSE(test, smb3k_lease_break_acked(R));
	KUNIT_EXPECT_FALSE(test, smb3k_lease_break_acked(0));
	KUNIT_EXPECT_TRUE(test, smb3k_lease_break_acked(R | H));
	KUNIT_EXPECT_TRUE(test, smb3k_lease_break_acked(R | W));
	KUNIT_EXPECT_TRUE(test, smb3k_lease_break_acked(R | W | H));
}

/* 3.3.5.22.2: during a break, a subset of BreakToLeaseState; else refused. */
static void lease_ack_rules(struct kunit *test)
{
	/* Nothing breaking. */
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(false, R | H, R | H),
			STATUS_UNSUCCESSFUL);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(false, 0, 0), STATUS_UNSUCCESSFUL);
	/* Exactly what was offered, or less. */
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, R | H, R | H), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, R | H, R), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, R | H, 0), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, R | W, R), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, 0, 0), STATUS_SUCCESS);
	/* More than offered. */
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, R | H, R | W | H),
			STATUS_REQUEST_NOT_ACCEPTED);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, R, R | H),
			STATUS_REQUEST_NOT_ACCEPTED);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, 0, R), STATUS_REQUEST_NOT_ACCEPTED);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack_check(true, R | W, R | H),
			STATUS_REQUEST_NOT_ACCEPTED);
}

/* 3.3.5.9 "Oplock Acquisition", and Windows on oplocks beside leases. */
static void oplock_grant_levels(struct kunit *test)
{
	static const struct {
		u8 requested;
		bool others_open, others_caching;
		u8 level;
	} t[] = {
		{ BATCH, false, false, BATCH },
		{ EXCL, false, false, EXCL },
		{ II, false, false, II },
		{ NONE, false, false, NONE },
		{ BATCH, true, false, II },
		{ EXCL, true, false, II },
		{ II, true, false, II },
		{ BATCH, false, true, NONE },
		{ EXCL, true, true, NONE },
		{ II, true, true, NONE },
		/* A lease request that is not honoured is no oplock request. */
		{ LEASE, false, false, NONE },
		{ 0x02, false, false, NONE },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		KUNIT_EXPECT_EQ_MSG(test, smb3k_oplock_grant_level(t[i].requested,
								   t[i].others_open,
								   t[i].others_caching),
				    t[i].level, "case %u: ask %#x", i, t[i].requested);
}

/*
 * MS-FSA 2.1.4.12 for oplocks: an open takes batch and exclusive to II, a
 * data change to none (level II too), rename/delete take batch to none and
 * leave exclusive (no handle caching); a sharing violation at open time
 * (OPEN_BREAK_H) takes batch to II.
 */
static void oplock_break_targets(struct kunit *test)
{
	static const struct {
		u8 level;
		enum smb3k_break why;
		bool at_open;
		u8 to;
	} t[] = {
		{ BATCH, SMB3K_BREAK_OPEN, true, II },
		{ EXCL, SMB3K_BREAK_OPEN, true, II },
		{ II, SMB3K_BREAK_OPEN, true, II },
		{ NONE, SMB3K_BREAK_OPEN, true, NONE },
		{ BATCH, SMB3K_BREAK_DATA, true, NONE },
		{ EXCL, SMB3K_BREAK_DATA, true, NONE },
		{ II, SMB3K_BREAK_DATA, true, NONE },
		{ BATCH, SMB3K_BREAK_DATA, false, NONE },
		{ EXCL, SMB3K_BREAK_DATA, false, NONE },
		{ II, SMB3K_BREAK_DATA, false, NONE },
		{ NONE, SMB3K_BREAK_DATA, false, NONE },
		{ BATCH, SMB3K_BREAK_HANDLE, false, NONE },
		{ BATCH, SMB3K_BREAK_HANDLE, true, II },
		{ EXCL, SMB3K_BREAK_HANDLE, false, EXCL },
		{ EXCL, SMB3K_BREAK_HANDLE, true, EXCL },
		{ II, SMB3K_BREAK_HANDLE, false, II },
		{ II, SMB3K_BREAK_HANDLE, true, II },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		KUNIT_EXPECT_EQ_MSG(test, smb3k_oplock_break_to(t[i].level, t[i].why,
								t[i].at_open),
				    t[i].to, "case %u: %#x broken by %d%s", i, t[i].level,
				    t[i].why, t[i].at_open ? " at open" : "");
}

/* 3.3.5.22.1: what each held level may acknowledge, and what it keeps. */
static void oplock_ack_rules(struct kunit *test)
{
	static const struct {
		bool breaking;
		u8 held, break_to, ack;
		u32 status;
		u8 after;
	} t[] = {
		/* Nothing to acknowledge: refused, the level stays. */
		{ false, II, NONE, NONE, STATUS_INVALID_OPLOCK_PROTOCOL, II },
		{ false, BATCH, II, II, STATUS_INVALID_OPLOCK_PROTOCOL, BATCH },
		{ false, NONE, NONE, NONE, STATUS_INVALID_OPLOCK_PROTOCOL, NONE },
		{ false, BATCH, II, LEASE, STATUS_INVALID_OPLOCK_PROTOCOL, BATCH },
		/* Batch: II, none or exclusive (which ends as none). */
		{ true, BATCH, II, II, STATUS_SUCCESS, II },
		{ true, BATCH, II, NONE, STATUS_SUCCESS, NONE },
		{ true, BATCH, II, EXCL, STATUS_SUCCESS, NONE },
		{ true, BATCH, II, BATCH, STATUS_INVALID_OPLOCK_PROTOCOL, NONE },
		/* Never more than the break left. */
		{ true, BATCH, NONE, II, STATUS_SUCCESS, NONE },
		/* Exclusive: II or none. */
		{ true, EXCL, II, II, STATUS_SUCCESS, II },
		{ true, EXCL, II, NONE, STATUS_SUCCESS, NONE },
		{ true, EXCL, II, EXCL, STATUS_INVALID_OPLOCK_PROTOCOL, NONE },
		{ true, EXCL, II, BATCH, STATUS_INVALID_OPLOCK_PROTOCOL, NONE },
		{ true, EXCL, NONE, II, STATUS_SUCCESS, NONE },
		/* Level II: none only. */
		{ true, II, NONE, NONE, STATUS_SUCCESS, NONE },
		{ true, II, NONE, II, STATUS_INVALID_OPLOCK_PROTOCOL, NONE },
		/* A lease level ends the oplock. */
		{ true, BATCH, II, LEASE, STATUS_INVALID_PARAMETER, NONE },
		{ true, II, NONE, LEASE, STATUS_INVALID_PARAMETER, NONE },
		/* An undefined level is refused like a wrong one. */
		{ true, BATCH, II, 0x02, STATUS_INVALID_OPLOCK_PROTOCOL, NONE },
	};
	unsigned int i;
	u8 after;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		after = 0x55;
		KUNIT_EXPECT_EQ_MSG(test, smb3k_oplock_ack_check(t[i].breaking, t[i].held,
								 t[i].break_to, t[i].ack,
								 &after),
				    t[i].status, "case %u", i);
		KUNIT_EXPECT_EQ_MSG(test, after, t[i].after, "case %u", i);
	}
}

/* ---- the state machine on the file table --------------------------------- */

#define FX_MAX_OPENS	12

/**
 * struct lease_fx - opens of one test's files, and two clients
 * @conn: the clients' connections (ClientGuid, dialect only)
 * @w: a request of each client
 * @sess: the session of every open, without a connection
 * @tree: their tree
 * @volume: a volume serial nobody else uses
 * @opens: opens made, attached or not
 * @nopens: how many
 */
struct lease_fx {
	struct smb3k_conn *conn[2];
	struct smb3k_work w[2];
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	u64 volume;
	struct smb3k_open *opens[FX_MAX_OPENS];
	unsigned int nopens;
};

#define DATA_ACCESS	(FILE_READ_DATA | FILE_WRITE_DATA | FILE_READ_ATTRIBUTES)
#define SHARE_ALL	(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

static int lease_fx_init(struct kunit *test)
{
	struct lease_fx *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	int i;

	if (!fx)
		return -ENOMEM;
	for (i = 0; i < 2; i++) {
		fx->conn[i] = kunit_kzalloc(test, sizeof(*fx->conn[i]), GFP_KERNEL);
		if (!fx->conn[i])
			return -ENOMEM;
		fx->conn[i]->dialect = SMB3K_DIALECT_311;
		get_random_bytes(fx->conn[i]->client_guid, 16);
		fx->w[i].conn = fx->conn[i];
	}
	fx->sess = kunit_kzalloc(test, sizeof(*fx->sess), GFP_KERNEL);
	fx->tree = kunit_kzalloc(test, sizeof(*fx->tree), GFP_KERNEL);
	if (!fx->sess || !fx->tree)
		return -ENOMEM;
	fx->tree->session = fx->sess;
	fx->volume = get_random_u64() | 1ULL << 63;
	test->priv = fx;
	return 0;
}

static void lease_fx_exit(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	unsigned int i;

	if (!fx)
		return;
	/* Detaching the last open of a lease frees the lease. */
	for (i = fx->nopens; i-- > 0;) {
		if (fx->opens[i]->file)
			smb3k_file_detach(fx->opens[i]);
		kfree(fx->opens[i]);
	}
}

/* A new open of @index with @access, not attached yet. */
static struct smb3k_open *fx_new(struct kunit *test, u32 access)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_open *op;

	KUNIT_ASSERT_LT(test, fx->nopens, (unsigned int)FX_MAX_OPENS);
	op = kzalloc(sizeof(*op), GFP_KERNEL);
	KUNIT_ASSERT_NOT_NULL(test, op);
	op->tree = fx->tree;
	op->granted_access = access;
	op->share_access = SHARE_ALL;
	INIT_LIST_HEAD(&op->file_node);
	fx->opens[fx->nopens++] = op;
	return op;
}

/* A new open of file @index, attached as CREATE attaches it. */
static struct smb3k_open *fx_open(struct kunit *test, u64 index, u32 access)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_open *op = fx_new(test, access);

	KUNIT_ASSERT_EQ(test, smb3k_file_attach(op, fx->volume, index), STATUS_SUCCESS);
	return op;
}

static void fx_ctx(struct smb2_create_ctx_set *ctx, u8 version, u8 key, u32 state,
		   u16 epoch)
{
	memset(ctx, 0, sizeof(*ctx));
	ctx->lease_version = version;
	memset(ctx->lease_key, key, sizeof(ctx->lease_key));
	ctx->lease_state = state;
	ctx->lease_epoch = epoch;
}

/* CREATE's caching for @op of client @client: a lease (@key, @version). */
static struct smb3k_oplock_grant fx_lease(struct kunit *test, int client,
					  struct smb3k_open *op, u8 version, u8 key,
					  u32 state, u16 epoch)
{
	struct lease_fx *fx = test->priv;
	struct smb2_create_ctx_set *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct smb3k_oplock_grant g;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	fx_ctx(ctx, version, key, state, epoch);
	KUNIT_ASSERT_EQ(test, smb3k_oplock_grant(&fx->w[client], op, LEASE, ctx, &g),
			STATUS_SUCCESS);
	return g;
}

static u8 fx_oplock(struct kunit *test, struct smb3k_open *op, u8 requested)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_oplock_grant g;

	KUNIT_ASSERT_EQ(test, smb3k_oplock_grant(&fx->w[0], op, requested, NULL, &g),
			STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, g.lease);
	KUNIT_EXPECT_EQ(test, g.level, op->oplock_level);
	return g.level;
}

/*
 * The state of lease @key of @client now: what a stat open asking to keep
 * it (state 0 promotes nothing) is told.
 */
static struct smb3k_oplock_grant fx_probe(struct kunit *test, int client, u64 index,
					  u8 version, u8 key)
{
	struct smb3k_open *op = fx_open(test, index, FILE_READ_ATTRIBUTES);
	struct smb3k_oplock_grant g = fx_lease(test, client, op, version, key, 0, 0);

	smb3k_file_detach(op);
	return g;
}

/* CREATE's break of others' caching before @op is granted any. */
static u32 fx_before_open(struct kunit *test, int client, struct smb3k_open *op,
			  u64 index, u8 key, bool overwrite)
{
	struct lease_fx *fx = test->priv;
	struct smb2_create_ctx_set *ctx = NULL;

	if (key) {
		ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
		KUNIT_ASSERT_NOT_NULL(test, ctx);
		fx_ctx(ctx, 1, key, R, 0);
	}
	return smb3k_oplock_before_open(&fx->w[client], op, ctx, fx->volume, index,
					op->granted_access, overwrite);
}

/* Grants, promotion and the Epoch of a version 2 lease, end to end. */
static void lease_v2_grant_promote_epoch(struct kunit *test)
{
	struct smb3k_oplock_grant g;
	struct smb3k_open *a, *b, *c, *other;

	a = fx_open(test, 1, DATA_ACCESS);
	g = fx_lease(test, 0, a, 2, 0x11, R, 7);
	KUNIT_EXPECT_EQ(test, g.level, LEASE);
	KUNIT_EXPECT_TRUE(test, g.lease);
	KUNIT_EXPECT_EQ(test, g.lease_version, 2);
	KUNIT_EXPECT_EQ(test, g.lease_state, R);
	/* A state change moves the Epoch on (3.3.5.9.11). */
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 8);
	KUNIT_EXPECT_EQ(test, g.lease_flags, 0U);

	/* The same key on another open: the owner is the lease, not the open. */
	b = fx_open(test, 1, DATA_ACCESS);
	g = fx_lease(test, 0, b, 2, 0x11, R | H, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | H);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 9);
	c = fx_open(test, 1, DATA_ACCESS);
	g = fx_lease(test, 0, c, 2, 0x11, R | W | H, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | W | H);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 10);
	/* Asking for less changes neither state nor Epoch. */
	g = fx_probe(test, 0, 1, 2, 0x11);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | W | H);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 10);

	/* Another owner opens: W goes (no connection: at once), Epoch + 1. */
	other = fx_open(test, 1, FILE_READ_DATA);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, other, 1, 0, false), STATUS_SUCCESS);
	g = fx_lease(test, 1, other, 2, 0x22, R | W | H, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | H);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 1);
	g = fx_probe(test, 0, 1, 2, 0x11);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | H);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 11);

	/* RWH cannot be had whole beside the other owner: RH stays. */
	g = fx_lease(test, 0, fx_open(test, 1, DATA_ACCESS), 2, 0x11, R | W | H, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | H);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 11);
}

/* Version 1 leases carry no Epoch; invalid requests get a lease of nothing. */
static void lease_v1_and_invalid_requests(struct kunit *test)
{
	struct smb3k_oplock_grant g;
	struct smb3k_open *a;

	a = fx_open(test, 1, DATA_ACCESS);
	g = fx_lease(test, 0, a, 1, 0x31, W, 0);
	KUNIT_EXPECT_TRUE(test, g.lease);
	KUNIT_EXPECT_EQ(test, g.lease_version, 1);
	KUNIT_EXPECT_EQ(test, g.lease_state, 0U);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 0);
	g = fx_lease(test, 0, fx_open(test, 1, DATA_ACCESS), 1, 0x31, H, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, 0U);
	g = fx_lease(test, 0, fx_open(test, 1, DATA_ACCESS), 1, 0x31, W | H, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, 0U);
	/* A lease of nothing becomes a real one when asked for properly. */
	g = fx_lease(test, 0, fx_open(test, 1, DATA_ACCESS), 1, 0x31, R | W, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | W);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 0);

	/* Beside write caching no break took away: nothing (3.3.5.9.8). */
	g = fx_lease(test, 1, fx_open(test, 1, DATA_ACCESS), 1, 0x32, R | W, 0);
	KUNIT_EXPECT_TRUE(test, g.lease);
	KUNIT_EXPECT_EQ(test, g.lease_state, 0U);
	/* Once a CREATE broke it to R: R (write caching is exclusive). */
	a = fx_open(test, 1, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, a, 1, 0, false), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fx_probe(test, 0, 1, 1, 0x31).lease_state, R);
	g = fx_lease(test, 1, a, 1, 0x32, R | W, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, R);
}

/* Leases are for SMB 2.1 and up, version 2 for 3.x only; no directories. */
static void lease_dialects_and_directories(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_oplock_grant g;
	struct smb3k_open *d;

	fx->conn[0]->dialect = SMB3K_DIALECT_202;
	g = fx_lease(test, 0, fx_open(test, 1, DATA_ACCESS), 1, 0x41, R | H, 0);
	KUNIT_EXPECT_FALSE(test, g.lease);
	KUNIT_EXPECT_EQ(test, g.level, NONE);

	fx->conn[0]->dialect = SMB3K_DIALECT_210;
	g = fx_lease(test, 0, fx_open(test, 2, DATA_ACCESS), 2, 0x42, R | H, 0);
	KUNIT_EXPECT_FALSE(test, g.lease);
	KUNIT_EXPECT_EQ(test, g.level, NONE);
	g = fx_lease(test, 0, fx_open(test, 3, DATA_ACCESS), 1, 0x43, R | H, 0);
	KUNIT_EXPECT_TRUE(test, g.lease);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | H);

	fx->conn[0]->dialect = SMB3K_DIALECT_300;
	d = fx_open(test, 4, FILE_READ_DATA);
	d->is_dir = true;
	g = fx_lease(test, 0, d, 2, 0x44, R | H, 0);
	KUNIT_EXPECT_FALSE(test, g.lease);
	KUNIT_EXPECT_EQ(test, g.level, NONE);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, d, BATCH), NONE);
}

/* Version 2 with a parent key says so in its Flags. */
static void lease_v2_parent_key_flag(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	struct smb2_create_ctx_set *ctx = kunit_kzalloc(test, sizeof(*ctx), GFP_KERNEL);
	struct smb3k_oplock_grant g;

	KUNIT_ASSERT_NOT_NULL(test, ctx);
	fx_ctx(ctx, 2, 0x51, R | H, 0);
	ctx->lease_flags = SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
	memset(ctx->parent_lease_key, 0x50, 16);
	KUNIT_ASSERT_EQ(test, smb3k_oplock_grant(&fx->w[0], fx_open(test, 1, DATA_ACCESS),
						 LEASE, ctx, &g), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, g.lease_flags, SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | H);
}

/* A data change takes R and W from other owners, not from the writer's lease. */
static void lease_data_break(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_oplock_grant g;
	struct smb3k_open *a, *b;

	a = fx_open(test, 1, DATA_ACCESS);
	fx_lease(test, 0, a, 2, 0x61, R | H, 0);
	b = fx_open(test, 1, DATA_ACCESS);
	g = fx_lease(test, 1, b, 2, 0x62, R | H, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | H);
	KUNIT_EXPECT_EQ(test, fx->opens[0]->file->ncaching, 2U);

	smb3k_oplock_break_others(&fx->w[1], b, SMB3K_BREAK_DATA);
	g = fx_probe(test, 0, 1, 2, 0x61);
	KUNIT_EXPECT_EQ(test, g.lease_state, 0U);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 2);
	g = fx_probe(test, 1, 1, 2, 0x62);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | H);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 1);
}

/* Rename and delete take H; R and W stay. */
static void lease_handle_break(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_oplock_grant g;
	struct smb3k_open *a, *b, *c;

	a = fx_open(test, 1, DATA_ACCESS);
	fx_lease(test, 0, a, 1, 0x71, R | H, 0);
	b = fx_open(test, 1, DATA_ACCESS);
	fx_lease(test, 1, b, 1, 0x72, R | H, 0);
	c = fx_open(test, 1, DELETE | FILE_READ_ATTRIBUTES);
	smb3k_oplock_break_others(&fx->w[0], c, SMB3K_BREAK_HANDLE);
	g = fx_probe(test, 0, 1, 1, 0x71);
	KUNIT_EXPECT_EQ(test, g.lease_state, R);
	g = fx_probe(test, 1, 1, 1, 0x72);
	KUNIT_EXPECT_EQ(test, g.lease_state, R);
}

/* An open for attributes only breaks nothing (MS-FSA 2.1.4.12, OPEN). */
static void lease_stat_open_breaks_nothing(struct kunit *test)
{
	struct smb3k_oplock_grant g;
	struct smb3k_open *a, *s;

	a = fx_open(test, 1, DATA_ACCESS);
	fx_lease(test, 0, a, 2, 0x81, R | W | H, 0);
	s = fx_open(test, 1, FILE_READ_ATTRIBUTES | READ_CONTROL | SYNCHRONIZE);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, s, 1, 0, false), STATUS_SUCCESS);
	g = fx_probe(test, 0, 1, 2, 0x81);
	KUNIT_EXPECT_EQ(test, g.lease_state, R | W | H);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 1);
	/* An overwrite is a data change: everything goes. */
	s = fx_open(test, 1, FILE_WRITE_DATA);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, s, 1, 0, true), STATUS_SUCCESS);
	g = fx_probe(test, 0, 1, 2, 0x81);
	KUNIT_EXPECT_EQ(test, g.lease_state, 0U);
	KUNIT_EXPECT_EQ(test, g.lease_epoch, 2);
}

/* A lease key names one file (3.3.5.9.8): another file or stream is refused. */
static void lease_key_names_one_file(struct kunit *test)
{
	struct smb3k_open *a, *b, *s;

	a = fx_open(test, 1, DATA_ACCESS);
	fx_lease(test, 0, a, 1, 0x91, R, 0);
	b = fx_open(test, 2, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 0, b, 2, 0x91, false),
			STATUS_INVALID_PARAMETER);
	/* The same key from another client is another lease. */
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, b, 2, 0x91, false), STATUS_SUCCESS);
	/* A named stream of the same file is another file. */
	s = fx_new(test, DATA_ACCESS);
	s->stream = "s1";
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 0, s, 1, 0x91, false),
			STATUS_INVALID_PARAMETER);
	/* The file itself is the right one. */
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 0, fx_new(test, DATA_ACCESS), 1, 0x91,
					     false), STATUS_SUCCESS);
}

/* Acknowledgments of leases nobody is breaking, and of unknown keys. */
static void lease_ack_without_break(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	u8 key[16];

	memset(key, 0xa1, sizeof(key));
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack(fx->conn[0]->client_guid, key, 0),
			STATUS_OBJECT_NAME_NOT_FOUND);
	fx_lease(test, 0, fx_open(test, 1, DATA_ACCESS), 2, 0xa1, R | H, 0);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack(fx->conn[0]->client_guid, key, R),
			STATUS_UNSUCCESSFUL);
	/* Keys are per client. */
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack(fx->conn[1]->client_guid, key, R),
			STATUS_OBJECT_NAME_NOT_FOUND);
	/* The lease goes with its last open. */
	smb3k_file_detach(fx->opens[0]);
	KUNIT_EXPECT_EQ(test, smb3k_lease_ack(fx->conn[0]->client_guid, key, R),
			STATUS_OBJECT_NAME_NOT_FOUND);
}

/* Batch and exclusive for the one open; level II beside others. */
static void oplock_grants_beside_others(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_open *a, *b, *s;

	a = fx_open(test, 1, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, a, BATCH), BATCH);
	KUNIT_EXPECT_EQ(test, a->file->ncaching, 1U);
	/* A stat open breaks nothing and gets nothing beside batch. */
	s = fx_open(test, 1, FILE_READ_ATTRIBUTES);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, s, 1, 0, false), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->oplock_level, BATCH);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, s, II), NONE);
	/* A real open takes batch to II, then gets II for its batch request. */
	b = fx_open(test, 1, FILE_READ_DATA);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, b, 1, 0, false), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->oplock_level, II);
	KUNIT_EXPECT_FALSE(test, a->oplock_breaking);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, b, BATCH), II);
	KUNIT_EXPECT_EQ(test, a->file->ncaching, 2U);
	/* A write ends every level II, the writer's own too. */
	smb3k_oplock_break_others(&fx->w[1], b, SMB3K_BREAK_DATA);
	KUNIT_EXPECT_EQ(test, a->oplock_level, NONE);
	KUNIT_EXPECT_EQ(test, b->oplock_level, NONE);
	/* Nobody caches: exclusive is possible again only for a sole opener. */
	KUNIT_EXPECT_EQ(test, fx_oplock(test, fx_open(test, 1, DATA_ACCESS), EXCL), II);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, fx_open(test, 2, DATA_ACCESS), EXCL), EXCL);
}

/* Rename/delete take batch to none and leave exclusive; overwrite takes all. */
static void oplock_handle_and_overwrite_breaks(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_open *a, *b, *c;

	a = fx_open(test, 1, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, a, BATCH), BATCH);
	b = fx_open(test, 2, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, b, EXCL), EXCL);

	c = fx_open(test, 1, DELETE);
	smb3k_oplock_break_others(&fx->w[1], c, SMB3K_BREAK_HANDLE);
	KUNIT_EXPECT_EQ(test, a->oplock_level, NONE);
	c = fx_open(test, 2, DELETE);
	smb3k_oplock_break_others(&fx->w[1], c, SMB3K_BREAK_HANDLE);
	KUNIT_EXPECT_EQ(test, b->oplock_level, EXCL);
	/* Overwriting at open takes exclusive straight to none. */
	c = fx_open(test, 2, FILE_WRITE_DATA);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, c, 2, 0, true), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, b->oplock_level, NONE);
}

/* A sharing violation breaks handle caching only (OPEN_BREAK_H). */
static void oplock_sharing_violation_breaks_handles(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_open *a, *b, *n;

	a = fx_open(test, 1, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, a, BATCH), BATCH);
	n = fx_new(test, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, smb3k_oplock_break_handles(&fx->w[1], n, NULL, fx->volume, 1),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->oplock_level, II);
	/* Level II caches no handle: the violation stands. */
	KUNIT_EXPECT_EQ(test, smb3k_oplock_break_handles(&fx->w[1], n, NULL, fx->volume, 1),
			STATUS_SHARING_VIOLATION);

	b = fx_open(test, 2, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, b, EXCL), EXCL);
	KUNIT_EXPECT_EQ(test, smb3k_oplock_break_handles(&fx->w[1], n, NULL, fx->volume, 2),
			STATUS_SHARING_VIOLATION);
	KUNIT_EXPECT_EQ(test, b->oplock_level, EXCL);

	/* A lease with H loses H; the violation is looked at again. */
	fx_lease(test, 0, fx_open(test, 3, DATA_ACCESS), 1, 0xb1, R | H, 0);
	KUNIT_EXPECT_EQ(test, smb3k_oplock_break_handles(&fx->w[1], n, NULL, fx->volume, 3),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fx_probe(test, 0, 3, 1, 0xb1).lease_state, R);
	KUNIT_EXPECT_EQ(test, smb3k_oplock_break_handles(&fx->w[1], n, NULL, fx->volume, 3),
			STATUS_SHARING_VIOLATION);
}

/* Oplocks beside leases: no handle caching with oplocks, and the reverse. */
static void oplock_lease_interplay(struct kunit *test)
{
	struct smb3k_oplock_grant g;
	struct smb3k_open *a;

	/* Level II beside a new lease: R only. */
	a = fx_open(test, 1, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, a, II), II);
	g = fx_lease(test, 0, fx_open(test, 1, DATA_ACCESS), 2, 0xc1, R | W | H, 0);
	KUNIT_EXPECT_EQ(test, g.lease_state, R);

	/* A lease with H beside: no oplock at all. */
	fx_lease(test, 0, fx_open(test, 2, DATA_ACCESS), 1, 0xc2, R | H, 0);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, fx_open(test, 2, DATA_ACCESS), BATCH), NONE);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, fx_open(test, 2, DATA_ACCESS), II), NONE);

	/* A lease of R alone beside: level II. */
	fx_lease(test, 0, fx_open(test, 3, DATA_ACCESS), 1, 0xc3, R, 0);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, fx_open(test, 3, DATA_ACCESS), BATCH), II);
}

/*
 * A break past its deadline ends as if acknowledged with nothing kept
 * (3.3.6.1); the next operation that looks at the file sees it.
 */
static void oplock_break_timeout(struct kunit *test)
{
	struct smb3k_open *a, *b;
	u8 level;

	a = fx_open(test, 1, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, a, BATCH), BATCH);
	/* As if a break to II had been sent and its 35 s had just run out. */
	a->oplock_breaking = true;
	a->oplock_break_to = II;
	a->oplock_deadline = jiffies - 1;
	b = fx_open(test, 1, FILE_READ_DATA);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, b, 1, 0, false), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, a->oplock_level, NONE);
	KUNIT_EXPECT_FALSE(test, a->oplock_breaking);
	/* The late acknowledgment finds nothing to acknowledge. */
	KUNIT_EXPECT_EQ(test, smb3k_oplock_ack(a, II, &level), STATUS_INVALID_OPLOCK_PROTOCOL);
	KUNIT_EXPECT_EQ(test, level, NONE);
	/* Now nothing stands in the way of level II for the newcomer. */
	KUNIT_EXPECT_EQ(test, fx_oplock(test, b, BATCH), II);
}

/* smb3k_oplock_ack() on an open: the break ends whatever the answer. */
static void oplock_ack_on_open(struct kunit *test)
{
	struct smb3k_open *a;
	u8 level;

	a = fx_open(test, 1, DATA_ACCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, a, BATCH), BATCH);
	a->oplock_breaking = true;
	a->oplock_break_to = II;
	a->oplock_deadline = jiffies + 35 * HZ;
	KUNIT_EXPECT_EQ(test, smb3k_oplock_ack(a, II, &level), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, level, II);
	KUNIT_EXPECT_FALSE(test, a->oplock_breaking);
	KUNIT_EXPECT_EQ(test, smb3k_oplock_ack(a, NONE, &level),
			STATUS_INVALID_OPLOCK_PROTOCOL);
	KUNIT_EXPECT_EQ(test, level, II);
	a->oplock_breaking = true;
	a->oplock_break_to = NONE;
	KUNIT_EXPECT_EQ(test, smb3k_oplock_ack(a, BATCH, &level),
			STATUS_INVALID_OPLOCK_PROTOCOL);
	KUNIT_EXPECT_EQ(test, level, NONE);
	KUNIT_EXPECT_FALSE(test, a->oplock_breaking);
}

/*
 * The file's count of caching opens lets writes skip the break checks when
 * nobody caches: it must come down when oplocks are broken to none or
 * closed, not only when a lease's open goes.
 */
static void caching_count_follows_breaks_and_closes(struct kunit *test)
{
	struct lease_fx *fx = test->priv;
	struct smb3k_open *a, *b, *c, *d;
	struct smb3k_file *f;

	a = fx_open(test, 1, DATA_ACCESS);
	f = a->file;
	KUNIT_EXPECT_EQ(test, fx_oplock(test, a, BATCH), BATCH);
	b = fx_open(test, 1, FILE_READ_DATA);
	KUNIT_EXPECT_EQ(test, fx_before_open(test, 1, b, 1, 0, false), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, b, II), II);
	KUNIT_EXPECT_EQ(test, f->ncaching, 2U);
	/* A write takes both level II oplocks to none. */
	smb3k_oplock_break_others(&fx->w[1], b, SMB3K_BREAK_DATA);
	KUNIT_EXPECT_EQ(test, a->oplock_level, NONE);
	KUNIT_EXPECT_EQ(test, b->oplock_level, NONE);
	KUNIT_EXPECT_EQ(test, f->ncaching, 0U);

	/* Closing an open with an oplock: closed first, detached at the last put. */
	c = fx_open(test, 1, FILE_READ_DATA);
	KUNIT_EXPECT_EQ(test, fx_oplock(test, c, II), II);
	KUNIT_EXPECT_EQ(test, f->ncaching, 1U);
	c->dead = true;
	smb3k_oplock_open_closed(c);
	KUNIT_EXPECT_EQ(test, f->ncaching, 0U);
	smb3k_file_detach(c);
	KUNIT_EXPECT_EQ(test, f->ncaching, 0U);

	/* A lease's opens count as long as they hold it, whatever its state. */
	d = fx_open(test, 1, DATA_ACCESS);
	fx_lease(test, 0, d, 1, 0xd1, R, 0);
	KUNIT_EXPECT_EQ(test, f->ncaching, 1U);
	smb3k_oplock_break_others(&fx->w[1], b, SMB3K_BREAK_DATA);
	KUNIT_EXPECT_EQ(test, fx_probe(test, 0, 1, 1, 0xd1).lease_state, 0U);
	KUNIT_EXPECT_EQ(test, f->ncaching, 1U);
	smb3k_file_detach(d);
	KUNIT_EXPECT_EQ(test, f->ncaching, 0U);
}

static struct kunit_case smb3k_lease_cases[] = {
	KUNIT_CASE(lease_state_valid_combinations),
	KUNIT_CASE(lease_allowed_beside_others),
	KUNIT_CASE(lease_promote_new_lease),
	KUNIT_CASE(lease_promote_held_lease),
	KUNIT_CASE(lease_break_targets),
	KUNIT_CASE(lease_break_ack_required),
	KUNIT_CASE(lease_ack_rules),
	KUNIT_CASE(oplock_grant_levels),
	KUNIT_CASE(oplock_break_targets),
	KUNIT_CASE(oplock_ack_rules),
	KUNIT_CASE(lease_v2_grant_promote_epoch),
	KUNIT_CASE(lease_v1_and_invalid_requests),
	KUNIT_CASE(lease_dialects_and_directories),
	KUNIT_CASE(lease_v2_parent_key_flag),
	KUNIT_CASE(lease_data_break),
	KUNIT_CASE(lease_handle_break),
	KUNIT_CASE(lease_stat_open_breaks_nothing),
	KUNIT_CASE(lease_key_names_one_file),
	KUNIT_CASE(lease_ack_without_break),
	KUNIT_CASE(oplock_grants_beside_others),
	KUNIT_CASE(oplock_handle_and_overwrite_breaks),
	KUNIT_CASE(oplock_sharing_violation_breaks_handles),
	KUNIT_CASE(oplock_lease_interplay),
	KUNIT_CASE(oplock_break_timeout),
	KUNIT_CASE(oplock_ack_on_open),
	KUNIT_CASE(caching_count_follows_breaks_and_closes),
	{}
};

static struct kunit_suite smb3k_lease_suite = {
	.name = "smb3k_lease",
	.init = lease_fx_init,
	.exit = lease_fx_exit,
	.test_cases = smb3k_lease_cases,
};

kunit_test_suite(smb3k_lease_suite);
