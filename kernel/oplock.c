// SPDX-License-Identifier: GPL-2.0
/*
 * Oplocks and leases (MS-SMB2 3.3.1.4, 3.3.4.6, 3.3.4.7, 3.3.5.9.8,
 * 3.3.5.9.11, 3.3.5.22; MS-FSA 2.1.4.12 for what breaks what).
 *
 * Caching state lives beside the share modes, in the open file table, and
 * under its lock (smb3k_files_lock): every open has its oplock level, or a
 * reference to the lease it shares with the other opens of one client's
 * LeaseKey. An operation that conflicts with caching another open holds
 * sends a break to the holder's connection and, when the holder must
 * acknowledge (it loses write or handle caching), waits for that or for
 * the break timeout before it goes on.
 */
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/jiffies.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/wait.h>
#include <linux/smb3k.h>

#include "async.h"
#include "conn.h"
#include "durable.h"
#include "file_table.h"
#include "oplock.h"
#include "open.h"
#include "persistent.h"
#include "session.h"
#include "smb2_dispatch.h"
#include "tree.h"
#include "proto/smb2_create_ctx.h"
#include "proto/smb2_oplock.h"
#include "proto/smb2_transform.h"
#include "proto/smb2_wire.h"

/* How long a break may go unacknowledged (Windows' 35 s, MS-SMB2 <246>). */
#define SMB3K_BREAK_TIMEOUT	(35 * HZ)

#define SMB3K_LEASE_HASH_BITS	8
/* Persistent opens of one lease whose records a break acknowledgment updates. */
#define SMB3K_LEASE_ACK_RECORDS	16

#define LEASE_R		SMB2_LEASE_READ_CACHING
#define LEASE_H		SMB2_LEASE_HANDLE_CACHING
#define LEASE_W		SMB2_LEASE_WRITE_CACHING

/**
 * struct smb3k_lease - one client's lease on a file (MS-SMB2 3.3.1.13)
 * @node: in smb3k_leases, hashed by @key
 * @client_guid: LeaseTable.ClientGuid
 * @key: Lease.LeaseKey
 * @parent_key: Lease.ParentLeaseKey (version 2, when @has_parent)
 * @has_parent: the client set SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET
 * @version: 1 or 2
 * @epoch: Lease.Epoch (version 2)
 * @state: Lease.LeaseState
 * @break_to: Lease.BreakToLeaseState
 * @breaking: Lease.Breaking
 * @deadline: jiffies when an unacknowledged break times out
 * @file: the file (stream) it is for
 * @nopens: opens attached with it (Lease.LeaseOpens)
 */
struct smb3k_lease {
	struct hlist_node node;
	u8 client_guid[16];
	u8 key[16];
	u8 parent_key[16];
	bool has_parent;
	u8 version;
	u16 epoch;
	u32 state;
	u32 break_to;
	bool breaking;
	unsigned long deadline;
	struct smb3k_file *file;
	unsigned int nopens;
};

/* All leases; under smb3k_files_lock. */
static DEFINE_HASHTABLE(smb3k_leases, SMB3K_LEASE_HASH_BITS);
/* Waiters for breaks; smb3k_break_gen moves on every change they wait for. */
static DECLARE_WAIT_QUEUE_HEAD(smb3k_break_wq);
static atomic_t smb3k_break_gen = ATOMIC_INIT(0);

static void smb3k_break_changed(void)
{
	atomic_inc(&smb3k_break_gen);
	wake_up_all(&smb3k_break_wq);
}

static u32 smb3k_lease_hash(const u8 key[16])
{
	return hash_64(get_unaligned_le64(key) ^ get_unaligned_le64(key + 8),
		       SMB3K_LEASE_HASH_BITS);
}

static struct smb3k_lease *smb3k_lease_find(const u8 client_guid[16], const u8 key[16])
{
	struct smb3k_lease *l;

	hash_for_each_possible(smb3k_leases, l, node, smb3k_lease_hash(key))
		if (!memcmp(l->key, key, 16) && !memcmp(l->client_guid, client_guid, 16))
			return l;
	return NULL;
}

/* The RqLs context is honoured (MS-SMB2 3.3.5.9.8, 3.3.5.9.11). */
static bool smb3k_wants_lease(const struct smb3k_work *w, u8 requested,
			      const struct smb2_create_ctx_set *ctx)
{
	if (requested != SMB2_OPLOCK_LEVEL_LEASE || !ctx || !ctx->lease_version)
		return false;
	if (w->conn->dialect < SMB3K_DIALECT_210)
		return false;
	return ctx->lease_version == 1 || w->conn->dialect >= SMB3K_DIALECT_300;
}

/* Is @o's caching the requester's own (the same lease)? */
static bool smb3k_same_owner(const struct smb3k_open *o, const struct smb3k_lease *mine)
{
	return mine && o->lease == mine;
}

static bool smb3k_open_live(const struct smb3k_open *o)
{
	return !READ_ONCE(o->dead);
}

/* The connection to send a break for @o on, referenced, or NULL. */
static struct smb3k_conn *smb3k_open_conn(const struct smb3k_open *o)
{
	struct smb3k_conn *conn = o->tree->session->conn;

	if (!conn || test_bit(SMB3K_CONN_DEAD, &conn->flags) || READ_ONCE(o->tree->dead))
		return NULL;
	smb3k_conn_get(conn);
	return conn;
}

/*
 * Queue an unsolicited OPLOCK_BREAK (MessageId all ones, no credits) with
 * @body. Encrypted when @sess encrypts, never signed (3.3.4.6, 3.3.4.7).
 */
static bool smb3k_break_send(struct smb3k_conn *conn, struct smb3k_session *sess,
			     u64 session_id, const u8 *body, size_t body_len)
{
	struct smb2_hdr h = {
		.command = SMB2_OPLOCK_BREAK,
		.message_id = U64_MAX,
		.session_id = session_id,
	};
	u32 len = SMB2_HDR_SIZE + body_len;
	struct smb3k_tx *tx, *etx;
	u8 *msg;

	tx = smb3k_tx_alloc(len);
	if (!tx)
		return false;
	msg = tx->data + 4;
	smb2_hdr_build_rsp(msg, &h, STATUS_SUCCESS, 0);
	memcpy(msg + SMB2_HDR_SIZE, body, body_len);
	if (sess && sess->encrypt_data && sess->keys.key_len) {
		etx = smb3k_tx_seal(sess, msg, len, &len);
		kvfree(tx);
		if (!etx)
			return false;
		tx = etx;
	}
	smb3k_conn_queue_tx(conn, tx, len);
	return true;
}

/*
 * Set @o's oplock level. The file's ncaching counts the opens holding an
 * oplock or a lease, so an oplock that goes to none leaves it here rather
 * than when the open is detached. Under the lock.
 */
static void smb3k_oplock_set(struct smb3k_open *o, u8 level)
{
	if (o->file && !o->lease && o->oplock_level != SMB2_OPLOCK_LEVEL_NONE &&
	    level == SMB2_OPLOCK_LEVEL_NONE && !WARN_ON_ONCE(!o->file->ncaching))
		o->file->ncaching--;
	o->oplock_level = level;
}

/* 3.3.4.6: tell @o's client its oplock goes to @level. Under the lock. */
static void smb3k_oplock_send_break(struct smb3k_open *o, u8 level, bool ack)
{
	struct smb2_fileid fid = { .persistent = o->persistent_id, .volatile_id = o->id };
	struct smb3k_session *sess = o->tree->session;
	struct smb3k_conn *conn;
	u8 body[SMB2_OPLOCK_BREAK_SIZE];
	size_t len;
	bool sent = false;

	/*
	 * 3.3.4.6: a durable open whose client is away loses its handle; a
	 * persistent one only its caching.
	 */
	if (o->disconnected) {
		smb3k_oplock_set(o, SMB2_OPLOCK_LEVEL_NONE);
		o->oplock_breaking = false;
		if (!o->persistent)
			smb3k_durable_mark_purge(o);
		return;
	}
	conn = smb3k_open_conn(o);
	if (conn && smb2_oplock_break_build(body, sizeof(body), level, &fid, &len) ==
	    STATUS_SUCCESS)
		sent = smb3k_break_send(conn, sess, sess->id, body, len);
	if (conn)
		smb3k_conn_put(conn);
	if (ack && sent) {
		o->oplock_breaking = true;
		o->oplock_break_to = level;
		o->oplock_deadline = jiffies + SMB3K_BREAK_TIMEOUT;
	} else {
		/* No acknowledgment to wait for, or none can come. */
		smb3k_oplock_set(o, level);
		o->oplock_breaking = false;
	}
}

/*
 * 3.3.4.7: tell the lease's client its state goes to @to. The break goes
 * on the connection of one of its live opens on @f. Under the lock.
 */
static void smb3k_lease_send_break(struct smb3k_file *f, struct smb3k_lease *l, u32 to)
{
	struct smb3k_conn *conn = NULL;
	struct smb3k_session *sess = NULL;
	u8 body[SMB2_LEASE_BREAK_SIZE];
	bool ack = smb3k_lease_break_acked(l->state);
	struct smb3k_open *o;
	u16 epoch = 0;
	size_t len;
	bool sent = false;

	list_for_each_entry(o, &f->opens, file_node) {
		if (o->lease == l && smb3k_open_live(o)) {
			conn = smb3k_open_conn(o);
			if (conn) {
				sess = o->tree->session;
				break;
			}
		}
	}
	/*
	 * The client's first connection rather than the open's (3.3.4.7):
	 * the break has no session, unless it must be encrypted with one.
	 */
	if (sess && !sess->encrypt_data) {
		struct smb3k_conn *first = smb3k_conn_find_client(l->client_guid);

		if (first) {
			smb3k_conn_put(conn);
			conn = first;
		}
	}
	if (l->version == 2)
		epoch = ++l->epoch;
	if (conn && smb2_lease_break_build(body, sizeof(body), epoch,
					   ack ? SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED : 0,
					   l->key, l->state, to, &len) == STATUS_SUCCESS)
		sent = smb3k_break_send(conn, sess, 0, body, len);
	if (conn)
		smb3k_conn_put(conn);
	if (ack && sent) {
		l->breaking = true;
		l->break_to = to;
		l->deadline = jiffies + SMB3K_BREAK_TIMEOUT;
	} else {
		l->state = to;
		l->breaking = false;
	}
	/*
	 * 3.3.4.7: durable opens whose client cannot hear the break are
	 * closed; whatever the break takes, as Windows and Samba do
	 * (smb2.durable-open.lease: the new open gets RWH at once). A
	 * persistent open stays, its lease broken.
	 */
	if (!sent)
		list_for_each_entry(o, &f->opens, file_node)
			if (o->lease == l && o->disconnected && !o->persistent &&
			    smb3k_open_live(o))
				smb3k_durable_mark_purge(o);
}

/* Opens asking only for these break no caching (MS-FSA 2.1.4.12, OPEN). */
#define SMB3K_NOBREAK_LEASE	(FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | \
				 READ_CONTROL | SYNCHRONIZE)
#define SMB3K_NOBREAK_OPLOCK	(FILE_READ_ATTRIBUTES | FILE_WRITE_ATTRIBUTES | SYNCHRONIZE)

/**
 * smb3k_lease_break_to() - the state @why breaks a lease to
 * @state: Lease.LeaseState
 * @why: what the operation breaks (its BreakCacheState, MS-FSA 2.1.4.12)
 *
 * An open takes write caching, data changes take read and write caching,
 * a sharing violation, rename or delete takes handle caching. Without read
 * caching nothing is left: the new state is one of NONE, R, RH and RW
 * (MS-SMB2 3.3.4.7).
 *
 * Return: the new state, or @state when @why breaks nothing of it.
 */
u32 smb3k_lease_break_to(u32 state, enum smb3k_break why)
{
	u32 drop = why == SMB3K_BREAK_OPEN ? LEASE_W :
		   why == SMB3K_BREAK_DATA ? LEASE_R | LEASE_W : LEASE_H;
	u32 to;

	if (!(state & drop))
		return state;
	to = state & ~drop;
	return (to & LEASE_R) ? to : 0;
}

/**
 * smb3k_lease_break_acked() - does a break of @state ask for an acknowledgment?
 * @state: Lease.LeaseState when the break is sent
 *
 * Return: false for read caching alone, which breaks without one; true
 * otherwise (MS-SMB2 3.3.4.7, SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED).
 */
bool smb3k_lease_break_acked(u32 state)
{
	return state & (LEASE_W | LEASE_H);
}

/**
 * smb3k_oplock_break_to() - the level @why breaks an oplock to
 * @level: Open.OplockLevel (not SMB2_OPLOCK_LEVEL_LEASE)
 * @why: what the operation breaks
 * @at_open: the break is for a CREATE (OPEN or OPEN_BREAK_H), not for an
 *	     operation on an open
 *
 * Batch and exclusive go to level II for an open and to none for a data
 * change; rename and delete take batch to none and leave exclusive alone
 * (it caches no handle); level II goes to none for a data change only
 * (MS-FSA 2.1.4.12). A break from batch or exclusive asks for an
 * acknowledgment, one from level II does not.
 *
 * Return: the new level, or @level when @why breaks nothing of it.
 */
u8 smb3k_oplock_break_to(u8 level, enum smb3k_break why, bool at_open)
{
	switch (level) {
	case SMB2_OPLOCK_LEVEL_EXCLUSIVE:
		if (why == SMB3K_BREAK_HANDLE)
			return level;
		fallthrough;
	case SMB2_OPLOCK_LEVEL_BATCH:
		return why == SMB3K_BREAK_DATA || (why == SMB3K_BREAK_HANDLE && !at_open) ?
		       SMB2_OPLOCK_LEVEL_NONE : SMB2_OPLOCK_LEVEL_II;
	case SMB2_OPLOCK_LEVEL_II:
		return why == SMB3K_BREAK_DATA ? SMB2_OPLOCK_LEVEL_NONE : level;
	}
	return level;
}

/*
 * Start the breaks @why makes of the caching other owners hold on @f.
 * @access is the access of the open asking (SMB3K_BREAK_OPEN/DATA at open
 * time), or 0 for an operation on an open. Under the lock. Returns
 * whether a break started or going on must be waited for.
 */
static bool smb3k_breaks_start(struct smb3k_file *f, const struct smb3k_open *self,
			       const struct smb3k_lease *mine, enum smb3k_break why,
			       u32 access, bool at_open)
{
	struct smb3k_open *o;
	bool wait = false;
	u8 level;

	list_for_each_entry(o, &f->opens, file_node) {
		if (!smb3k_open_live(o))
			continue;
		if (o == self) {
			/* A write breaks even the writer's own level II oplock. */
			if (why == SMB3K_BREAK_DATA && !at_open && !o->lease &&
			    o->oplock_level == SMB2_OPLOCK_LEVEL_II)
				smb3k_oplock_send_break(o, SMB2_OPLOCK_LEVEL_NONE, false);
			continue;
		}
		if (smb3k_same_owner(o, mine))
			continue;
		if (o->lease) {
			struct smb3k_lease *l = o->lease;
			u32 to = smb3k_lease_break_to(l->state, why);

			if (at_open && !(access & ~SMB3K_NOBREAK_LEASE))
				continue;
			if (to == l->state)
				continue;
			/* One break at a time: wait for it, then look again. */
			if (l->breaking) {
				wait = true;
				continue;
			}
			smb3k_lease_send_break(f, l, to);
			wait |= l->breaking;
			continue;
		}
		if (o->oplock_level == SMB2_OPLOCK_LEVEL_NONE)
			continue;
		if (at_open && !(access & ~SMB3K_NOBREAK_OPLOCK))
			continue;
		if (o->oplock_breaking) {
			wait = true;
			continue;
		}
		level = smb3k_oplock_break_to(o->oplock_level, why, at_open);
		if (level == o->oplock_level)
			continue;
		smb3k_oplock_send_break(o, level, o->oplock_level != SMB2_OPLOCK_LEVEL_II);
		wait |= o->oplock_breaking;
	}
	return wait;
}

/*
 * Breaks past their deadline end as if acknowledged with nothing kept
 * (3.3.6.1 for oplocks; a lease loses all its caching, as Windows does:
 * smb2.lease.timeout).
 */
static void smb3k_breaks_expire(struct smb3k_file *f)
{
	struct smb3k_open *o;
	bool changed = false;

	list_for_each_entry(o, &f->opens, file_node) {
		if (o->lease && o->lease->breaking &&
		    time_after_eq(jiffies, o->lease->deadline)) {
			o->lease->state = 0;
			o->lease->breaking = false;
			changed = true;
		}
		if (o->oplock_breaking && time_after_eq(jiffies, o->oplock_deadline)) {
			smb3k_oplock_set(o, SMB2_OPLOCK_LEVEL_NONE);
			o->oplock_breaking = false;
			changed = true;
		}
	}
	if (changed)
		smb3k_break_changed();
}

/* The entry of (@volume, @index, @stream) in the file table, or NULL. */
static struct smb3k_file *smb3k_oplock_file(u64 volume, u64 index, const char *stream)
{
	return smb3k_file_find(volume, index, stream);
}

/*
 * Break what @why asks on the file and wait until no break of it is
 * outstanding or the breaks time out. @op (not yet attached at open time,
 * or attached) is the asking open. Sleeps; takes and drops the lock.
 */
static void smb3k_breaks_cancel(struct smb3k_async *a)
{
	smb3k_break_changed();	/* the waiter sees a->cancel_requested */
}

static u32 smb3k_breaks_wait(struct smb3k_work *w, struct smb3k_open *op, u64 volume,
			     u64 index, const u8 *lease_key, enum smb3k_break why,
			     u32 access, bool at_open)
{
	unsigned long end = jiffies + SMB3K_BREAK_TIMEOUT + HZ;
	struct smb3k_lease *mine;
	struct smb3k_file *f;
	bool wait;
	int gen;

	for (;;) {
		gen = atomic_read(&smb3k_break_gen);
		mutex_lock(&smb3k_files_lock);
		f = smb3k_oplock_file(volume, index, op->stream);
		wait = false;
		if (f && f->ncaching) {
			mine = lease_key ? smb3k_lease_find(w->conn->client_guid, lease_key) :
			       op->lease;
			smb3k_breaks_expire(f);
			wait = smb3k_breaks_start(f, op, mine, why, access, at_open);
		}
		mutex_unlock(&smb3k_files_lock);
		if (smb3k_durable_purge())
			w->durable_purged = true;
		if (!wait || time_after(jiffies, end))
			return STATUS_SUCCESS;
		/* Waiting takes a while: the client hears STATUS_PENDING (3.3.4.2). */
		if (!w->pending)
			smb3k_work_go_pending(w, smb3k_breaks_cancel);
		if (w->disconnect ||
		    (w->pending && READ_ONCE(w->pending->cancel_requested)))
			return STATUS_CANCELLED;
		wait_event_timeout(smb3k_break_wq, atomic_read(&smb3k_break_gen) != gen, HZ);
	}
}

/**
 * smb3k_oplock_before_open() - break what a new open conflicts with
 * @w: the CREATE
 * @op: the new open, attached (it passed the share-mode check)
 * @ctx: the request's create contexts, or NULL
 * @volume: the file's volume serial
 * @index: the file's index
 * @access: the access the open asks for
 * @overwrite: the disposition overwrites or supersedes
 *
 * Checks that a lease key is not used for another file, then breaks write
 * caching (and read caching when overwriting) of other owners' oplocks and
 * leases, waiting for acknowledgments (MS-FSA 2.1.4.12, OPEN).
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER for a lease key of
 * another file (3.3.5.9.8), or STATUS_CANCELLED (the client cancelled the
 * CREATE while it waited).
 */
u32 smb3k_oplock_before_open(struct smb3k_work *w, struct smb3k_open *op,
			     const struct smb2_create_ctx_set *ctx, u64 volume, u64 index,
			     u32 access, bool overwrite)
{
	const u8 *key = ctx && ctx->lease_version ? ctx->lease_key : NULL;
	struct smb3k_lease *l;
	u32 status;

	if (key) {
		mutex_lock(&smb3k_files_lock);
		l = smb3k_lease_find(w->conn->client_guid, key);
		if (l && (l->file->volume != volume || l->file->index != index ||
			  (!l->file->stream != !op->stream) ||
			  (op->stream && strcmp(l->file->stream, op->stream)))) {
			mutex_unlock(&smb3k_files_lock);
			return STATUS_INVALID_PARAMETER;
		}
		mutex_unlock(&smb3k_files_lock);
	}
	status = smb3k_breaks_wait(w, op, volume, index, key,
				   overwrite ? SMB3K_BREAK_DATA : SMB3K_BREAK_OPEN, access, true);
	/* Deleting on close takes the name from under others' cached handles. */
	if (status == STATUS_SUCCESS && (op->create_options & FILE_DELETE_ON_CLOSE))
		status = smb3k_breaks_wait(w, op, volume, index, key, SMB3K_BREAK_HANDLE,
					   access, false);
	return status;
}

/**
 * smb3k_oplock_break_handles() - a new open met a sharing violation
 * @w: the CREATE
 * @op: the new open, not attached
 * @ctx: the request's create contexts, or NULL
 * @volume: the file's volume serial
 * @index: the file's index
 *
 * Other owners holding handle caching may keep handles the client has
 * closed: break it and wait (MS-FSA 2.1.5.1.2, OPEN_BREAK_H).
 *
 * Return: STATUS_SUCCESS when some handle caching was broken (check the
 * share modes again), STATUS_SHARING_VIOLATION when there was none, or
 * STATUS_CANCELLED.
 */
u32 smb3k_oplock_break_handles(struct smb3k_work *w, struct smb3k_open *op,
				const struct smb2_create_ctx_set *ctx, u64 volume, u64 index)
{
	const u8 *key = ctx && ctx->lease_version ? ctx->lease_key : NULL;
	struct smb3k_lease *mine;
	struct smb3k_file *f;
	struct smb3k_open *o;
	bool held = false;

	mutex_lock(&smb3k_files_lock);
	f = smb3k_oplock_file(volume, index, op->stream);
	if (f && f->ncaching) {
		mine = key ? smb3k_lease_find(w->conn->client_guid, key) : NULL;
		list_for_each_entry(o, &f->opens, file_node) {
			if (!smb3k_open_live(o) || smb3k_same_owner(o, mine))
				continue;
			if ((o->lease && (o->lease->state & LEASE_H)) ||
			    o->oplock_level == SMB2_OPLOCK_LEVEL_BATCH)
				held = true;
		}
	}
	mutex_unlock(&smb3k_files_lock);
	if (!held)
		return STATUS_SHARING_VIOLATION;
	return smb3k_breaks_wait(w, op, volume, index, key, SMB3K_BREAK_HANDLE,
				 op->granted_access, true);
}

/**
 * smb3k_lease_state_valid() - the part of a requested LeaseState to consider
 * @state: LeaseState of a request
 *
 * A lease caches R, RH, RW or RWH (MS-SMB2 2.2.13.2.8); other bits are
 * ignored, and write or handle caching without read caching is no lease.
 *
 * Return: @state without unknown bits, or 0 when it lacks read caching.
 */
u32 smb3k_lease_state_valid(u32 state)
{
	state &= LEASE_R | LEASE_H | LEASE_W;
	return (state & LEASE_R) ? state : 0;
}

/**
 * smb3k_lease_allowed() - the caching a lease may get beside other opens
 * @others_open: another owner has the file open (not only for attributes)
 * @others_write: another owner still holds write caching or a batch or
 *		  exclusive oplock (its break timed out or could not be sent)
 * @others_oplock: another open holds an oplock
 *
 * Write caching is exclusive; nothing is granted beside another owner's
 * write caching; oplocks and handle caching do not mix (as Windows:
 * smb2.lease.oplock).
 *
 * Return: the SMB2_LEASE_* bits that may be granted.
 */
u32 smb3k_lease_allowed(bool others_open, bool others_write, bool others_oplock)
{
	u32 allowed = LEASE_R | LEASE_H | LEASE_W;

	if (others_open)
		allowed &= ~LEASE_W;
	if (others_write)
		allowed = 0;
	if (others_oplock)
		allowed &= ~(LEASE_H | LEASE_W);
	return allowed;
}

/**
 * smb3k_lease_promote() - the state of a lease after a CREATE asks for more
 * @held: Lease.LeaseState (0 for a new lease)
 * @breaking: Lease.Breaking
 * @requested: LeaseState of the request
 * @allowed: what may be granted (smb3k_lease_allowed())
 *
 * A new lease gets what may be granted of what it asks. A lease already
 * held is promoted only to a superset of its state that may be granted
 * whole, and never during a break (MS-SMB2 3.3.5.9.8, 3.3.5.9.11; Windows
 * keeps R when RWH cannot be had). A version 2 lease's Epoch goes up when
 * the state changes.
 *
 * Return: the new Lease.LeaseState (@held when unchanged).
 */
u32 smb3k_lease_promote(u32 held, bool breaking, u32 requested, u32 allowed)
{
	u32 want = smb3k_lease_state_valid(requested);

	if (!held)
		want &= allowed;
	else if (want & ~allowed)
		return held;
	if (!(want & LEASE_R) || breaking || (want & held) != held)
		return held;
	return want;
}

/**
 * smb3k_oplock_grant_level() - the oplock a CREATE that asks for one gets
 * @requested: RequestedOplockLevel
 * @others_open: another owner has the file open (not only for attributes)
 * @others_caching: another owner holds write caching (its break timed
 *		    out), or a lease with handle caching
 *
 * Batch and exclusive only for the one open of a file, level II beside
 * others (MS-SMB2 3.3.5.9, "Oplock Acquisition"); none beside write
 * caching, nor beside handle caching leases (Windows: smb2.lease.oplock).
 *
 * Return: the OplockLevel granted.
 */
u8 smb3k_oplock_grant_level(u8 requested, bool others_open, bool others_caching)
{
	if (others_caching)
		return SMB2_OPLOCK_LEVEL_NONE;
	switch (requested) {
	case SMB2_OPLOCK_LEVEL_BATCH:
	case SMB2_OPLOCK_LEVEL_EXCLUSIVE:
		return others_open ? SMB2_OPLOCK_LEVEL_II : requested;
	case SMB2_OPLOCK_LEVEL_II:
		return SMB2_OPLOCK_LEVEL_II;
	}
	return SMB2_OPLOCK_LEVEL_NONE;
}

/* Does any other owner keep the file open (write caching is exclusive)? */
static bool smb3k_others_open(struct smb3k_file *f, const struct smb3k_open *op,
			      const struct smb3k_lease *mine)
{
	struct smb3k_open *o;

	/* Opens for attributes only ("stat opens") caching nothing do not count. */
	list_for_each_entry(o, &f->opens, file_node)
		if (o != op && smb3k_open_live(o) && !smb3k_same_owner(o, mine) &&
		    ((o->granted_access & ~SMB3K_NOBREAK_LEASE) || o->lease ||
		     o->oplock_level != SMB2_OPLOCK_LEVEL_NONE))
			return true;
	return false;
}

/*
 * Oplocks and handle caching do not mix (Windows, smb2.lease.oplock): does
 * another open hold an oplock (@leases false) or a lease with handle
 * caching (@leases true)?
 */
static bool smb3k_others_hold(struct smb3k_file *f, const struct smb3k_open *op, bool leases)
{
	struct smb3k_open *o;

	list_for_each_entry(o, &f->opens, file_node) {
		if (o == op || !smb3k_open_live(o))
			continue;
		if (leases && o->lease && o->lease != op->lease &&
		    (o->lease->state & LEASE_H))
			return true;
		if (!leases && !o->lease && o->oplock_level != SMB2_OPLOCK_LEVEL_NONE)
			return true;
	}
	return false;
}

/* Does another owner hold write caching (a break that timed out or failed)? */
static bool smb3k_others_write(struct smb3k_file *f, const struct smb3k_open *op,
			       const struct smb3k_lease *mine)
{
	struct smb3k_open *o;

	list_for_each_entry(o, &f->opens, file_node) {
		if (o == op || !smb3k_open_live(o) || smb3k_same_owner(o, mine))
			continue;
		if (o->lease && (o->lease->state & LEASE_W))
			return true;
		if (o->oplock_level == SMB2_OPLOCK_LEVEL_BATCH ||
		    o->oplock_level == SMB2_OPLOCK_LEVEL_EXCLUSIVE)
			return true;
	}
	return false;
}

/* What a CREATE answers about lease @l. Under the lock. */
static void smb3k_lease_fill_grant(const struct smb3k_lease *l, struct smb3k_oplock_grant *g)
{
	g->level = SMB2_OPLOCK_LEVEL_LEASE;
	g->lease = true;
	g->lease_state = l->state;
	g->lease_flags = l->breaking ? SMB2_LEASE_FLAG_BREAK_IN_PROGRESS : 0;
	if (l->version == 2 && l->has_parent)
		g->lease_flags |= SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
	g->lease_epoch = l->epoch;
	g->lease_version = l->version;
}

static u32 smb3k_lease_grant(struct smb3k_work *w, struct smb3k_open *op,
			     const struct smb2_create_ctx_set *ctx, struct smb3k_oplock_grant *g)
{
	struct smb3k_file *f = op->file;
	struct smb3k_lease *l;
	u32 state;

	l = smb3k_lease_find(w->conn->client_guid, ctx->lease_key);
	if (!l) {
		l = kzalloc(sizeof(*l), GFP_KERNEL);
		if (!l)
			return STATUS_INSUFFICIENT_RESOURCES;
		memcpy(l->client_guid, w->conn->client_guid, 16);
		memcpy(l->key, ctx->lease_key, 16);
		l->version = ctx->lease_version;
		if (l->version == 2) {
			l->epoch = ctx->lease_epoch;
			l->has_parent = ctx->lease_flags & SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
			memcpy(l->parent_key, ctx->parent_lease_key, 16);
		}
		l->file = f;
		hash_add(smb3k_leases, &l->node, smb3k_lease_hash(l->key));
	}
	state = smb3k_lease_promote(l->state, l->breaking, ctx->lease_state,
				    smb3k_lease_allowed(smb3k_others_open(f, op, l),
							smb3k_others_write(f, op, l),
							smb3k_others_hold(f, op, false)));
	if (state != l->state) {
		l->state = state;
		if (l->version == 2)
			l->epoch++;
	}
	op->lease = l;
	l->nopens++;
	f->ncaching++;
	smb3k_lease_fill_grant(l, g);
	return STATUS_SUCCESS;
}

/**
 * smb3k_oplock_grant() - the caching a new open gets (MS-SMB2 3.3.5.9)
 * @w: the CREATE
 * @op: the new open, attached to its file
 * @requested: RequestedOplockLevel
 * @ctx: the request's create contexts
 * @g: filled with what to answer
 *
 * Exclusive and batch oplocks and write caching only for an open nobody
 * else has open; level II and read/handle caching beside other opens that
 * hold no write caching. Directories get none.
 *
 * Return: STATUS_SUCCESS or STATUS_INSUFFICIENT_RESOURCES.
 */
u32 smb3k_oplock_grant(struct smb3k_work *w, struct smb3k_open *op, u8 requested,
		       const struct smb2_create_ctx_set *ctx, struct smb3k_oplock_grant *g)
{
	struct smb3k_file *f = op->file;
	u8 level = SMB2_OPLOCK_LEVEL_NONE;
	u32 status = STATUS_SUCCESS;

	memset(g, 0, sizeof(*g));
	if (!f || requested == SMB2_OPLOCK_LEVEL_NONE)
		return STATUS_SUCCESS;
	mutex_lock(&smb3k_files_lock);
	/* No directory leasing is offered: a directory gets no lease at all. */
	if (smb3k_wants_lease(w, requested, ctx) && !op->is_dir) {
		status = smb3k_lease_grant(w, op, ctx, g);
		goto out;
	}
	if (op->is_dir)
		goto out;
	level = smb3k_oplock_grant_level(requested, smb3k_others_open(f, op, NULL),
					 smb3k_others_write(f, op, NULL) ||
					 smb3k_others_hold(f, op, true));
	if (level != SMB2_OPLOCK_LEVEL_NONE) {
		op->oplock_level = level;
		f->ncaching++;
	}
	g->level = level;
out:
	mutex_unlock(&smb3k_files_lock);
	return status;
}

/**
 * smb3k_oplock_break_others() - an operation on @op breaks others' caching
 * @w: the request
 * @op: the open it uses
 * @why: SMB3K_BREAK_DATA (write, size change, lock) or SMB3K_BREAK_HANDLE
 *	 (rename, delete)
 *
 * Read caching goes without waiting (no acknowledgment is asked); handle
 * caching breaks are waited for.
 */
void smb3k_oplock_break_others(struct smb3k_work *w, struct smb3k_open *op,
			       enum smb3k_break why)
{
	struct smb3k_file *f = op->file;
	unsigned int n;
	bool wait;

	/*
	 * Unlocked peek, for the write path: nothing to break when nobody
	 * caches or only the opens of the writer's own lease do (a client
	 * writing a file it alone has open takes no lock here).
	 */
	if (!f)
		return;
	n = READ_ONCE(f->ncaching);
	if (!n || (op->lease && READ_ONCE(op->lease->nopens) == n))
		return;
	mutex_lock(&smb3k_files_lock);
	wait = op->file && smb3k_breaks_start(op->file, op, op->lease, why, 0, false);
	mutex_unlock(&smb3k_files_lock);
	if (smb3k_durable_purge())
		w->durable_purged = true;
	if (wait && why == SMB3K_BREAK_HANDLE)
		smb3k_breaks_wait(w, op, f->volume, f->index, NULL, why, 0, false);
}

/**
 * smb3k_oplock_open_closed() - @op is closed: its caching ends
 * @op: the open
 *
 * A break it was being asked to acknowledge is over; whoever waits for
 * that goes on.
 */
void smb3k_oplock_open_closed(struct smb3k_open *op)
{
	if (!op->file)
		return;
	mutex_lock(&smb3k_files_lock);
	smb3k_oplock_set(op, SMB2_OPLOCK_LEVEL_NONE);
	op->oplock_breaking = false;
	mutex_unlock(&smb3k_files_lock);
	smb3k_break_changed();
}

/**
 * smb3k_oplock_detach() - @op leaves its file: drop its lease reference
 * @op: the open; called under smb3k_files_lock from smb3k_file_detach()
 */
void smb3k_oplock_detach(struct smb3k_open *op)
{
	struct smb3k_lease *l = op->lease;
	bool had = l || op->oplock_level != SMB2_OPLOCK_LEVEL_NONE;

	lockdep_assert_held(&smb3k_files_lock);
	if (had && op->file && op->file->ncaching)
		op->file->ncaching--;
	op->oplock_level = SMB2_OPLOCK_LEVEL_NONE;
	op->oplock_breaking = false;
	op->lease = NULL;
	if (l && !--l->nopens) {
		hash_del(&l->node);
		kfree(l);
	}
	if (had)
		smb3k_break_changed();
}

/**
 * smb3k_oplock_ack_check() - the outcome of an oplock break acknowledgment
 * @breaking: Open.OplockState is Breaking
 * @held: Open.OplockLevel, the level being broken
 * @break_to: the level the break asked for
 * @level: the OplockLevel acknowledged
 * @new_level: set to Open.OplockLevel afterwards
 *
 * MS-SMB2 3.3.5.22.1: batch acknowledges II, none or exclusive (which ends
 * as none), exclusive II or none, level II none; anything else, and a
 * lease level, ends the oplock. The open never keeps more than the break
 * left. With nothing to acknowledge (a level II break to none asks for no
 * acknowledgment) Windows answers STATUS_INVALID_OPLOCK_PROTOCOL where
 * 3.3.5.22.1 has STATUS_INVALID_DEVICE_STATE (smb2.oplock.levelii500).
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER (a lease level) or
 * STATUS_INVALID_OPLOCK_PROTOCOL (no break going on, or a level the break
 * does not allow).
 */
u32 smb3k_oplock_ack_check(bool breaking, u8 held, u8 break_to, u8 level, u8 *new_level)
{
	*new_level = SMB2_OPLOCK_LEVEL_NONE;
	if (!breaking) {
		*new_level = held;
		return STATUS_INVALID_OPLOCK_PROTOCOL;
	}
	if (level == SMB2_OPLOCK_LEVEL_LEASE)
		return STATUS_INVALID_PARAMETER;
	if ((held == SMB2_OPLOCK_LEVEL_EXCLUSIVE && level != SMB2_OPLOCK_LEVEL_II &&
	     level != SMB2_OPLOCK_LEVEL_NONE) ||
	    (held == SMB2_OPLOCK_LEVEL_BATCH && level != SMB2_OPLOCK_LEVEL_II &&
	     level != SMB2_OPLOCK_LEVEL_NONE && level != SMB2_OPLOCK_LEVEL_EXCLUSIVE) ||
	    (held == SMB2_OPLOCK_LEVEL_II && level != SMB2_OPLOCK_LEVEL_NONE))
		return STATUS_INVALID_OPLOCK_PROTOCOL;
	/* Never more than the break allowed; EXCLUSIVE acknowledges to none. */
	if (level == SMB2_OPLOCK_LEVEL_II && break_to == SMB2_OPLOCK_LEVEL_II)
		*new_level = SMB2_OPLOCK_LEVEL_II;
	return STATUS_SUCCESS;
}

/**
 * smb3k_oplock_ack() - an oplock break acknowledgment (MS-SMB2 3.3.5.22.1)
 * @op: the open it names
 * @level: the OplockLevel the client acknowledges
 * @new_level: set to the open's level afterwards
 *
 * Return: as smb3k_oplock_ack_check().
 */
u32 smb3k_oplock_ack(struct smb3k_open *op, u8 level, u8 *new_level)
{
	u32 status;
	u8 to;

	mutex_lock(&smb3k_files_lock);
	status = smb3k_oplock_ack_check(op->oplock_breaking, op->oplock_level,
					op->oplock_break_to, level, &to);
	smb3k_oplock_set(op, to);
	op->oplock_breaking = false;
	*new_level = op->oplock_level;
	mutex_unlock(&smb3k_files_lock);
	smb3k_break_changed();
	return status;
}

/**
 * smb3k_lease_ack_check() - may a lease break acknowledgment be taken?
 * @breaking: Lease.Breaking
 * @break_to: Lease.BreakToLeaseState
 * @state: the LeaseState acknowledged
 *
 * MS-SMB2 3.3.5.22.2: only during a break, and only for a subset of what
 * the break leaves (less is taken as it is).
 *
 * Return: STATUS_SUCCESS, STATUS_UNSUCCESSFUL (not breaking) or
 * STATUS_REQUEST_NOT_ACCEPTED (more than the break leaves).
 */
u32 smb3k_lease_ack_check(bool breaking, u32 break_to, u32 state)
{
	if (!breaking)
		return STATUS_UNSUCCESSFUL;
	if (state & ~break_to)
		return STATUS_REQUEST_NOT_ACCEPTED;
	return STATUS_SUCCESS;
}

/**
 * smb3k_lease_ack() - a lease break acknowledgment (MS-SMB2 3.3.5.22.2)
 * @client_guid: the connection's ClientGuid
 * @key: LeaseKey
 * @state: the LeaseState acknowledged
 *
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND (no such lease),
 * STATUS_UNSUCCESSFUL (not breaking) or STATUS_REQUEST_NOT_ACCEPTED (more
 * than the break leaves).
 */
u32 smb3k_lease_ack(const u8 client_guid[16], const u8 key[16], u32 state)
{
	struct smb3k_open *o, *persistent[SMB3K_LEASE_ACK_RECORDS];
	unsigned int n = 0, i;
	struct smb3k_lease *l;
	u32 status;

	mutex_lock(&smb3k_files_lock);
	l = smb3k_lease_find(client_guid, key);
	if (!l)
		status = STATUS_OBJECT_NAME_NOT_FOUND;
	else
		status = smb3k_lease_ack_check(l->breaking, l->break_to, state);
	if (status == STATUS_SUCCESS) {
		l->state = state;
		l->breaking = false;
		/* Persistent opens of the lease keep its new state in their records. */
		list_for_each_entry(o, &l->file->opens, file_node) {
			if (o->lease == l && o->persistent && smb3k_open_live(o) &&
			    n < ARRAY_SIZE(persistent)) {
				kref_get(&o->ref);
				persistent[n++] = o;
			}
		}
	}
	mutex_unlock(&smb3k_files_lock);
	if (status == STATUS_SUCCESS)
		smb3k_break_changed();
	for (i = 0; i < n; i++) {
		smb3k_persistent_update(persistent[i]);
		smb3k_open_put(persistent[i]);
	}
	return status;
}

/**
 * smb3k_oplock_handle_cached() - may @op outlive its connection?
 * @op: a durable open; under smb3k_files_lock
 *
 * MS-SMB2 3.3.7.1: a batch oplock or a lease with handle caching, held
 * (no break going on).
 *
 * Return: true when it may be kept for a reconnect.
 */
bool smb3k_oplock_handle_cached(const struct smb3k_open *op)
{
	lockdep_assert_held(&smb3k_files_lock);
	if (op->lease)
		return (op->lease->state & LEASE_H) && !op->lease->breaking;
	return op->oplock_level == SMB2_OPLOCK_LEVEL_BATCH && !op->oplock_breaking;
}

/**
 * smb3k_oplock_has_lease() - is @op's caching a lease?
 * @op: the open; its lease does not change while it is disconnected
 *
 * Return: true for a lease.
 */
bool smb3k_oplock_has_lease(const struct smb3k_open *op)
{
	return op->lease;
}

/**
 * smb3k_oplock_has_lease_key() - does @op hold the lease with @key?
 * @op: the open
 * @key: a LeaseKey
 *
 * Return: true when @op's caching is that lease.
 */
bool smb3k_oplock_has_lease_key(struct smb3k_open *op, const u8 key[16])
{
	bool same;

	mutex_lock(&smb3k_files_lock);
	same = op->lease && !memcmp(op->lease->key, key, 16);
	mutex_unlock(&smb3k_files_lock);
	return same;
}

/**
 * smb3k_oplock_reconnect_check() - the caching checks of a durable reclaim
 * @op: the disconnected open (under smb3k_durable_lock)
 * @ctx: the reclaiming CREATE's contexts
 * @client_guid: the reclaiming connection's ClientGuid
 * @durable: Open.IsDurable (false for a resilient open)
 *
 * MS-SMB2 3.3.5.9.7 and 3.3.5.9.12: a lease open is reclaimed by its
 * client with its LeaseKey in a lease context of the lease's version, an
 * oplock open without a lease context; what a durable open caches must
 * still include the handle.
 *
 * Return: STATUS_SUCCESS or STATUS_OBJECT_NAME_NOT_FOUND.
 */
u32 smb3k_oplock_reconnect_check(struct smb3k_open *op, const struct smb2_create_ctx_set *ctx,
				 const u8 client_guid[16], bool durable)
{
	struct smb3k_lease *l;
	u32 status = STATUS_SUCCESS;

	mutex_lock(&smb3k_files_lock);
	l = op->lease;
	if (l) {
		if (memcmp(l->client_guid, client_guid, 16) || !ctx->lease_version ||
		    ctx->lease_version != l->version || memcmp(ctx->lease_key, l->key, 16) ||
		    (durable && !(l->state & LEASE_H)))
			status = STATUS_OBJECT_NAME_NOT_FOUND;
	} else if (ctx->lease_version ||
		   (durable && op->oplock_level != SMB2_OPLOCK_LEVEL_BATCH)) {
		status = STATUS_OBJECT_NAME_NOT_FOUND;
	}
	mutex_unlock(&smb3k_files_lock);
	return status;
}

/**
 * smb3k_oplock_current() - what a reclaimed open caches, for its CREATE
 * @op: the open
 * @g: filled in as smb3k_oplock_grant() does
 */
void smb3k_oplock_current(struct smb3k_open *op, struct smb3k_oplock_grant *g)
{
	struct smb3k_lease *l;

	memset(g, 0, sizeof(*g));
	mutex_lock(&smb3k_files_lock);
	l = op->lease;
	if (l)
		smb3k_lease_fill_grant(l, g);
	else
		g->level = op->oplock_level;
	mutex_unlock(&smb3k_files_lock);
}

/**
 * smb3k_oplock_snapshot() - what @op caches, for its persistent record
 * @op: the open
 * @s: filled in
 */
void smb3k_oplock_snapshot(struct smb3k_open *op, struct smb3k_oplock_snapshot *s)
{
	struct smb3k_lease *l;

	memset(s, 0, sizeof(*s));
	mutex_lock(&smb3k_files_lock);
	l = op->lease;
	if (l) {
		s->level = SMB2_OPLOCK_LEVEL_LEASE;
		s->lease_version = l->version;
		memcpy(s->lease_key, l->key, 16);
		if (l->has_parent) {
			memcpy(s->parent_key, l->parent_key, 16);
			s->lease_flags |= SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
		}
		if (l->breaking)
			s->lease_flags |= SMB2_LEASE_FLAG_BREAK_IN_PROGRESS;
		s->lease_state = l->state;
		s->lease_epoch = l->epoch;
	} else {
		s->level = op->oplock_level;
	}
	mutex_unlock(&smb3k_files_lock);
}

/**
 * smb3k_oplock_restore() - give a restored persistent open its caching back
 * @op: the open, attached to its file, its ClientGuid set
 * @s: what its record says it cached
 *
 * Return: 0, -ENOMEM, or -EEXIST when the lease key is taken by another
 * file's lease.
 */
int smb3k_oplock_restore(struct smb3k_open *op, const struct smb3k_oplock_snapshot *s)
{
	struct smb3k_file *f = op->file;
	struct smb3k_lease *l;
	int ret = 0;

	if (!f)
		return -EINVAL;
	mutex_lock(&smb3k_files_lock);
	if (s->level != SMB2_OPLOCK_LEVEL_LEASE) {
		if (s->level != SMB2_OPLOCK_LEVEL_NONE) {
			op->oplock_level = s->level;
			f->ncaching++;
		}
		goto out;
	}
	l = smb3k_lease_find(op->client_guid, s->lease_key);
	if (l && l->file != f) {
		ret = -EEXIST;
		goto out;
	}
	if (!l) {
		l = kzalloc(sizeof(*l), GFP_KERNEL);
		if (!l) {
			ret = -ENOMEM;
			goto out;
		}
		memcpy(l->client_guid, op->client_guid, 16);
		memcpy(l->key, s->lease_key, 16);
		l->version = s->lease_version;
		l->epoch = s->lease_epoch;
		l->has_parent = s->lease_flags & SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
		memcpy(l->parent_key, s->parent_key, 16);
		/* A break its client never acknowledged ends as it would have. */
		l->state = s->lease_state & (LEASE_R | LEASE_H | LEASE_W);
		l->file = f;
		hash_add(smb3k_leases, &l->node, smb3k_lease_hash(l->key));
	}
	op->lease = l;
	l->nopens++;
	f->ncaching++;
out:
	mutex_unlock(&smb3k_files_lock);
	return ret;
}
