// SPDX-License-Identifier: GPL-2.0
/*
 * Durable opens (MS-SMB2 3.3.5.9.6, 3.3.5.9.7, 3.3.5.9.10, 3.3.5.9.12,
 * 3.3.7.1, 3.3.6.2): opens that outlive their connection and wait for
 * their client to reclaim them.
 *
 * An open is in one of three states, changed only under smb3k_durable_lock
 * (and, for what oplock.c reads, smb3k_files_lock):
 *
 *   attached	  in its tree's table, which holds the table reference
 *   disconnected on smb3k_durable_list, which holds that reference; its
 *		  tree (and so its old session and connection) stays
 *		  referenced until the open is reclaimed or closed
 *   dead	  closed; only the last put remains
 *
 * A reconnect moves a disconnected open into the reclaiming request's tree
 * (a new FileId.Volatile, the same FileId.Persistent); the scavenger, a
 * break the client cannot hear and smb3k_open_close() all take it out of
 * the list under the same lock, so exactly one of them gets it.
 */
#include <linux/hashtable.h>
#include <linux/jhash.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/workqueue.h>
#include <linux/smb3k.h>

#include "conn.h"
#include "durable.h"
#include "file_table.h"
#include "ios.h"
#include "open.h"
#include "oplock.h"
#include "session.h"
#include "smb2_dispatch.h"
#include "smb2_security.h"
#include "tree.h"
#include "proto/fscc.h"
#include "proto/smb2_create_ctx.h"

DEFINE_XARRAY_ALLOC1(smb3k_global_opens);
DEFINE_MUTEX(smb3k_durable_lock);

/* Disconnected durable opens; under smb3k_durable_lock. */
static LIST_HEAD(smb3k_durable_list);
/* The scavenger runs at the earliest deadline on the list. */
static void smb3k_durable_scavenge(struct work_struct *work);
static DECLARE_DELAYED_WORK(smb3k_durable_work, smb3k_durable_scavenge);
static bool smb3k_durable_stopped;
/* Some open is marked for purge: smb3k_durable_purge() has work. */
static atomic_t smb3k_durable_purges = ATOMIC_INIT(0);

/**
 * smb3k_durable_timeout_v2() - Open.DurableOpenTimeout of a DH2Q (3.3.5.9.10)
 * @requested: the Timeout the client asked for, ms (0: the server's default)
 *
 * Return: the timeout granted, ms: at most 300 s, 60 s by default.
 */
u32 smb3k_durable_timeout_v2(u32 requested)
{
	if (!requested)
		return SMB3K_DURABLE_V2_DEFAULT_MS;
	return min_t(u32, requested, SMB3K_DURABLE_V2_MAX_MS);
}

/* Run the scavenger no later than @at. Under smb3k_durable_lock. */
static void smb3k_durable_arm(unsigned long at)
{
	unsigned long now = jiffies;

	if (smb3k_durable_stopped)
		return;
	/* Only ever brings the run forward (mod_delayed_work sets it). */
	if (delayed_work_pending(&smb3k_durable_work) &&
	    time_before_eq(smb3k_durable_work.timer.expires, at))
		return;
	mod_delayed_work(system_wq, &smb3k_durable_work,
			 time_after(at, now) ? at - now : 0);
}

/**
 * smb3k_durable_disconnect() - keep a durable open for its client
 * @op: a durable open of a session that ends (the caller holds a reference)
 *
 * MS-SMB2 3.3.7.1 (and 3.3.5.6 for LOGOFF): a resilient or persistent
 * open, or a durable one that holds a batch oplock or a lease with handle
 * caching with no break going on, is kept; it leaves its tree's table and waits on the
 * scavenger's list for its timeout.
 *
 * Return: true when it is kept, false when the caller closes it.
 */
bool smb3k_durable_disconnect(struct smb3k_open *op)
{
	struct smb3k_session *sess = op->tree->session;
	bool keep;

	mutex_lock(&smb3k_durable_lock);
	mutex_lock(&smb3k_files_lock);
	keep = !op->dead && !op->disconnected && op->ios && !smb3k_durable_stopped &&
	       (op->resilient || op->persistent ||
		(op->durable && smb3k_oplock_handle_cached(op)));
	if (keep)
		op->disconnected = true;
	mutex_unlock(&smb3k_files_lock);
	if (keep) {
		mutex_lock(&sess->lock);
		xa_cmpxchg(&op->tree->opens, op->id, op, NULL, 0);
		mutex_unlock(&sess->lock);
		op->scavenge_at = jiffies + msecs_to_jiffies(op->durable_timeout);
		list_add_tail(&op->durable_node, &smb3k_durable_list);
		smb3k_durable_arm(op->scavenge_at);
	}
	mutex_unlock(&smb3k_durable_lock);
	return keep;
}

/**
 * smb3k_durable_adopt() - a restored persistent open waits for its client
 * @op: the open, set up and attached to its file, in no tree's table; the
 *	caller keeps its own reference
 * @reserved: the entry holding @op's FileId.Persistent in the
 *	      GlobalOpenTable, which @op takes over
 *
 * Return: 0, or -ESHUTDOWN when the server is stopping (or the entry was
 * taken meanwhile: -EEXIST).
 */
int smb3k_durable_adopt(struct smb3k_open *op, void *reserved)
{
	void *old;
	int ret = 0;

	mutex_lock(&smb3k_durable_lock);
	if (smb3k_durable_stopped) {
		ret = -ESHUTDOWN;
		goto unlock;
	}
	old = xa_cmpxchg(&smb3k_global_opens, op->persistent_id, reserved, op, GFP_KERNEL);
	if (old != reserved) {
		ret = xa_is_err(old) ? xa_err(old) : -EEXIST;
		goto unlock;
	}
	mutex_lock(&smb3k_files_lock);
	op->disconnected = true;
	mutex_unlock(&smb3k_files_lock);
	kref_get(&op->ref);
	op->scavenge_at = jiffies + msecs_to_jiffies(op->durable_timeout);
	list_add_tail(&op->durable_node, &smb3k_durable_list);
	if (op->app_instance)
		smb3k_app_instance_add(op);
	smb3k_durable_arm(op->scavenge_at);
unlock:
	mutex_unlock(&smb3k_durable_lock);
	return ret;
}

/**
 * smb3k_durable_unlist() - a disconnected open leaves the scavenger's list
 * @op: the open; under smb3k_durable_lock, its list reference passes to
 *	the caller
 */
void smb3k_durable_unlist(struct smb3k_open *op)
{
	lockdep_assert_held(&smb3k_durable_lock);
	list_del_init(&op->durable_node);
	op->disconnected = false;
}

/* The user a disconnected open was opened by (Open.DurableOwner)? */
static bool smb3k_durable_owner(const struct smb3k_open *op, const struct smb3k_session *sess)
{
	const struct smb3k_session *owner = op->tree->session;

	return owner->uid == sess->uid && !strcmp(owner->user, sess->user);
}

/*
 * The checks of MS-SMB2 3.3.5.9.7 (DHnC) and 3.3.5.9.12 (DH2C) on a
 * disconnected open, in their order. Under smb3k_durable_lock.
 */
static u32 smb3k_durable_check(struct smb3k_work *w, struct smb3k_open *op,
			       const struct smb2_create_ctx_set *ctx, const char *path,
			       bool v2)
{
	u32 status;

	/*
	 * Either form reclaims a handle of either (smb2.durable-v2-open.
	 * reopen2b); DH2C names its CreateGuid, zero for a DHnQ handle.
	 */
	if (v2 && memcmp(op->create_guid, ctx->dh2c_create_guid, 16))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	/* 3.3.5.9.12: the persistent flag must say what the open is. */
	if (v2 && op->persistent && !(ctx->dh2c_flags & SMB2_DHANDLE_FLAG_PERSISTENT))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	if (v2 && !op->persistent && (ctx->dh2c_flags & SMB2_DHANDLE_FLAG_PERSISTENT))
		return STATUS_INVALID_PARAMETER;
	/* A persistent open is kept whatever it caches. */
	status = smb3k_oplock_reconnect_check(op, ctx, w->conn->client_guid,
					      op->durable && !op->persistent);
	if (status != STATUS_SUCCESS)
		return status;
	/* The same share: the driver's open is relative to its root. */
	if (strcasecmp(op->tree->share_name, w->tree->share_name) ||
	    !w->tree->path || strcmp(op->ios->share->root, w->tree->path))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	/* A lease names its file (3.3.5.9.7, 3.3.5.9.12). */
	if (smb3k_oplock_has_lease(op) &&
	    ((w->tree->options & SMB3K_SHARE_OPT_CASE_SENSITIVE) ?
	     strcmp(op->name, path) : strcasecmp(op->name, path)))
		return STATUS_INVALID_PARAMETER;
	if (!smb3k_durable_owner(op, w->sess))
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}

/**
 * smb3k_durable_reconnect() - reclaim a durable open (DHnC, DH2C)
 * @w: the CREATE; its tree and session take the open
 * @ctx: its create contexts (DHnC or DH2C, and the lease if any)
 * @path: the request's share-relative path
 * @out: set to the open, referenced, on success
 *
 * The open keeps FileId.Persistent, its file, caching and locks, and gets
 * a FileId.Volatile in the new tree (3.3.5.9.7).
 *
 * Return: STATUS_SUCCESS, STATUS_OBJECT_NAME_NOT_FOUND (no such
 * disconnected open, or it does not match), STATUS_INVALID_PARAMETER,
 * STATUS_ACCESS_DENIED (another user), STATUS_NETWORK_NAME_DELETED or
 * STATUS_INSUFFICIENT_RESOURCES.
 */
u32 smb3k_durable_reconnect(struct smb3k_work *w, const struct smb2_create_ctx_set *ctx,
			    const char *path, struct smb3k_open **out)
{
	bool v2 = ctx->present & SMB2_CTX_DH2C;
	u64 pid = v2 ? ctx->dh2c_fileid.persistent : ctx->dhnc_fileid.persistent;
	struct smb3k_tree *tree = w->tree, *old;
	struct smb3k_open *op = NULL;
	u32 status, id;
	int ret;

	mutex_lock(&smb3k_durable_lock);
	if (pid && pid < U32_MAX)
		op = xa_load(&smb3k_global_opens, pid);
	/* A closed persistent open whose record is being removed. */
	if (xa_is_value(op))
		op = NULL;
	/*
	 * Open.Session not NULL: the handle is in use (3.3.5.9.7); a break
	 * its client could not hear is closing it.
	 */
	if (!op || op->dead || !op->disconnected || READ_ONCE(op->purge)) {
		status = STATUS_OBJECT_NAME_NOT_FOUND;
		goto unlock;
	}
	status = smb3k_durable_check(w, op, ctx, path, v2);
	if (status != STATUS_SUCCESS)
		goto unlock;

	mutex_lock(&w->sess->lock);
	if (tree->dead) {
		ret = -ENOENT;
	} else {
		ret = xa_alloc_cyclic(&tree->opens, &id, op, xa_limit_31b,
				      &tree->next_open_id, GFP_KERNEL);
	}
	mutex_unlock(&w->sess->lock);
	if (ret < 0) {
		status = ret == -ENOENT ? STATUS_NETWORK_NAME_DELETED :
			 STATUS_INSUFFICIENT_RESOURCES;
		goto unlock;
	}
	mutex_lock(&smb3k_files_lock);
	/* A break marked it meanwhile (under this lock): it is closing. */
	if (op->purge) {
		mutex_unlock(&smb3k_files_lock);
		mutex_lock(&w->sess->lock);
		xa_erase(&tree->opens, id);
		mutex_unlock(&w->sess->lock);
		status = STATUS_OBJECT_NAME_NOT_FOUND;
		goto unlock;
	}
	/* The list's reference becomes the new table's. */
	kref_get(&tree->ref);
	smb3k_durable_unlist(op);
	old = op->tree;
	op->tree = tree;
	op->id = id;
	op->purge = false;
	mutex_unlock(&smb3k_files_lock);
	kref_get(&op->ref);
	mutex_unlock(&smb3k_durable_lock);
	smb3k_tree_put(old);
	*out = op;
	return STATUS_SUCCESS;
unlock:
	mutex_unlock(&smb3k_durable_lock);
	return status;
}

/**
 * smb3k_durable_mark_purge() - a break @op's client cannot hear closes it
 * @op: a disconnected durable open; under smb3k_files_lock
 *
 * MS-SMB2 3.3.4.6 (an oplock break) and 3.3.4.7 (a lease break that
 * takes handle caching): the open is closed by smb3k_durable_purge(),
 * which the breaker calls once it has dropped its locks.
 */
void smb3k_durable_mark_purge(struct smb3k_open *op)
{
	lockdep_assert_held(&smb3k_files_lock);
	op->purge = true;
	atomic_set(&smb3k_durable_purges, 1);
}

/* Take the first disconnected open matching @expired or marked for purge. */
static struct smb3k_open *smb3k_durable_take(bool expired, unsigned long now)
{
	struct smb3k_open *op;

	lockdep_assert_held(&smb3k_durable_lock);
	list_for_each_entry(op, &smb3k_durable_list, durable_node) {
		if (READ_ONCE(op->purge) || (expired && time_after_eq(now, op->scavenge_at))) {
			kref_get(&op->ref);
			return op;
		}
	}
	return NULL;
}

/**
 * smb3k_durable_purge() - close the disconnected opens breaks marked
 *
 * Called without locks by whoever started the breaks.
 *
 * Return: how many were closed.
 */
unsigned int smb3k_durable_purge(void)
{
	struct smb3k_open *op;
	unsigned int n = 0;

	if (!atomic_xchg(&smb3k_durable_purges, 0))
		return 0;
	for (;;) {
		mutex_lock(&smb3k_durable_lock);
		op = smb3k_durable_take(false, 0);
		mutex_unlock(&smb3k_durable_lock);
		if (!op)
			return n;
		if (smb3k_open_close_disconnected(op)) {
			n++;
			pr_debug("durable open %llu closed by a break\n", op->persistent_id);
		}
		smb3k_open_put(op);
	}
}

/* MS-SMB2 3.3.6.2: close the opens whose client did not come back in time. */
static void smb3k_durable_scavenge(struct work_struct *work)
{
	unsigned long now = jiffies, next = 0;
	struct smb3k_open *op;
	bool more = false;

	for (;;) {
		mutex_lock(&smb3k_durable_lock);
		op = smb3k_durable_take(true, now);
		mutex_unlock(&smb3k_durable_lock);
		if (!op)
			break;
		if (smb3k_open_close_disconnected(op))
			pr_debug("durable open %llu timed out\n", op->persistent_id);
		smb3k_open_put(op);
	}
	mutex_lock(&smb3k_durable_lock);
	list_for_each_entry(op, &smb3k_durable_list, durable_node) {
		if (!more || time_before(op->scavenge_at, next))
			next = op->scavenge_at;
		more = true;
	}
	if (more)
		smb3k_durable_arm(next);
	mutex_unlock(&smb3k_durable_lock);
}

/**
 * smb3k_durable_close_all() - close every disconnected durable open
 *
 * The server stops: nobody can reclaim them (their old connections are
 * freed only then).
 */
void smb3k_durable_close_all(void)
{
	struct smb3k_open *op;

	for (;;) {
		mutex_lock(&smb3k_durable_lock);
		op = list_first_entry_or_null(&smb3k_durable_list, struct smb3k_open,
					      durable_node);
		if (op) {
			kref_get(&op->ref);
			/* The server stops: a persistent open's record stays. */
			op->keep_record = true;
		}
		mutex_unlock(&smb3k_durable_lock);
		if (!op)
			return;
		smb3k_open_close_disconnected(op);
		smb3k_open_put(op);
	}
}

/**
 * smb3k_durable_exit() - no more durable opens: stop the scavenger
 *
 * Called once every connection is gone; opens made after this are not
 * kept.
 */
void smb3k_durable_exit(void)
{
	unsigned long index;
	void *entry;

	mutex_lock(&smb3k_durable_lock);
	smb3k_durable_stopped = true;
	mutex_unlock(&smb3k_durable_lock);
	smb3k_durable_close_all();
	cancel_delayed_work_sync(&smb3k_durable_work);
	/* Ids of records smb3kd did not confirm removing: a restore drops them. */
	xa_for_each(&smb3k_global_opens, index, entry)
		if (xa_is_value(entry))
			xa_erase(&smb3k_global_opens, index);
	WARN_ON(!xa_empty(&smb3k_global_opens));
}

/* Opens that carry an AppInstanceId (3.3.5.9.13); under smb3k_durable_lock. */
static LIST_HEAD(smb3k_app_opens);

/**
 * smb3k_app_instance_add() - list an open that carries an AppInstanceId
 * @op: the open being inserted; under smb3k_durable_lock (its close takes
 *	it off under the same lock)
 */
void smb3k_app_instance_add(struct smb3k_open *op)
{
	lockdep_assert_held(&smb3k_durable_lock);
	list_add_tail(&op->app_node, &smb3k_app_opens);
}

/* Another client's open of the same file and share with @op's AppInstanceId? */
static bool smb3k_app_instance_match(const struct smb3k_open *o, const struct smb3k_open *op)
{
	if (o->dead || memcmp(o->app_instance_id, op->app_instance_id, 16) ||
	    !memcmp(o->client_guid, op->client_guid, 16) || !o->ios)
		return false;
	if (strcmp(o->ios->share->root, op->ios->share->root) ||
	    strcasecmp(o->name, op->name) || !o->stream != !op->stream)
		return false;
	return !o->stream || !strcasecmp(o->stream, op->stream);
}

/**
 * smb3k_app_instance_claim() - an application takes its files over
 * @w: the CREATE (3.x), without DH2C
 * @op: the new open: opened by its driver, not yet attached to its file,
 *	with its AppInstanceId and ClientGuid set
 * @ctx: the request's create contexts
 *
 * MS-SMB2 3.3.5.9.13: an open of the same file and share with the same
 * AppInstanceId from another client (ClientGuid) is closed before this
 * one goes on, without a break: the way a Hyper-V cluster moves a VM's
 * files to another node. From 3.1.1 a newer ApplicationInstanceVersion
 * is needed to take it; an older or equal one fails. The old open is
 * closed when the new user's maximal access includes GENERIC_READ, or when
 * it had no CreateGuid (the share has no continuous availability).
 *
 * Return: STATUS_SUCCESS or STATUS_FILE_FORCED_CLOSED.
 */
u32 smb3k_app_instance_claim(struct smb3k_work *w, struct smb3k_open *op,
			     const struct smb2_create_ctx_set *ctx)
{
	bool v311 = w->conn->dialect >= SMB3K_DIALECT_311;
	bool has_version = ctx->present & SMB2_CTX_APP_INSTANCE_VERSION;
	struct smb3k_open *o, *found;
	u32 granted, maximal = 0;
	bool readable;

	if (smb3k_sd_access(w, op, MAXIMUM_ALLOWED, &granted, &maximal) != STATUS_SUCCESS)
		maximal = 0;
	readable = (maximal & FILE_GENERIC_READ) == FILE_GENERIC_READ;
	for (;;) {
		found = NULL;
		mutex_lock(&smb3k_durable_lock);
		list_for_each_entry(o, &smb3k_app_opens, app_node) {
			if (!smb3k_app_instance_match(o, op))
				continue;
			if (v311 && o->app_version &&
			    (!has_version || o->app_version_high > ctx->app_version_high ||
			     (o->app_version_high == ctx->app_version_high &&
			      o->app_version_low >= ctx->app_version_low))) {
				mutex_unlock(&smb3k_durable_lock);
				return STATUS_FILE_FORCED_CLOSED;
			}
			/* No CreateGuid (3.3.5.9.10 sets one for every DH2Q): <355>. */
			if (readable || !memchr_inv(o->create_guid, 0, 16)) {
				kref_get(&o->ref);
				found = o;
				break;
			}
		}
		mutex_unlock(&smb3k_durable_lock);
		if (!found)
			return STATUS_SUCCESS;
		pr_debug("open %llu closed for its application instance\n", found->persistent_id);
		smb3k_open_close(found);
		smb3k_open_put(found);
	}
}

/**
 * smb3k_durable_set_resilient() - FSCTL_LMR_REQUEST_RESILIENCY (3.3.5.15.9)
 * @op: the open (the request holds it)
 * @timeout_ms: Open.ResiliencyTimeout
 *
 * The open outlives its connection for @timeout_ms whatever it caches,
 * and is reclaimed as a durable one is; it is no longer durable.
 *
 * Return: STATUS_SUCCESS, STATUS_FILE_CLOSED or STATUS_INSUFFICIENT_RESOURCES.
 */
u32 smb3k_durable_set_resilient(struct smb3k_open *op, u32 timeout_ms)
{
	u32 status = STATUS_FILE_CLOSED;

	mutex_lock(&smb3k_durable_lock);
	if (!op->dead && !op->disconnected) {
		/* A reclaim finds it by its persistent id from now on. */
		if (xa_is_err(xa_store(&smb3k_global_opens, op->persistent_id, op,
				       GFP_KERNEL))) {
			status = STATUS_INSUFFICIENT_RESOURCES;
			goto unlock;
		}
		op->durable = false;
		op->resilient = true;
		op->durable_timeout = timeout_ms;
		status = STATUS_SUCCESS;
	}
unlock:
	mutex_unlock(&smb3k_durable_lock);
	return status;
}

/*
 * Opens a replayed CREATE may find by CreateGuid (Open.IsReplayEligible,
 * MS-SMB2 3.3.5.9.10); under smb3k_durable_lock.
 */
#define SMB3K_REPLAY_HASH_BITS	8
static DEFINE_HASHTABLE(smb3k_replay_opens, SMB3K_REPLAY_HASH_BITS);

static u32 smb3k_replay_hash(const u8 create_guid[16])
{
	return jhash(create_guid, 16, 0);
}

/**
 * smb3k_replay_add() - a new open a replayed CREATE may find
 * @op: the open being inserted, @op->replay_eligible set; under
 *	smb3k_durable_lock (its close takes it out under the same lock)
 */
void smb3k_replay_add(struct smb3k_open *op)
{
	lockdep_assert_held(&smb3k_durable_lock);
	hash_add(smb3k_replay_opens, &op->replay_node, smb3k_replay_hash(op->create_guid));
}

/**
 * smb3k_replay_del() - @op is no longer eligible for a replay
 * @op: the open; under smb3k_durable_lock
 */
void smb3k_replay_del(struct smb3k_open *op)
{
	lockdep_assert_held(&smb3k_durable_lock);
	if (op->replay_eligible) {
		hash_del(&op->replay_node);
		op->replay_eligible = false;
	}
}

/**
 * smb3k_replay_used() - a request used @op: a CREATE can no longer be
 *			 replayed onto it (3.3.5.10 to 3.3.5.21)
 * @op: the open
 */
void smb3k_replay_used(struct smb3k_open *op)
{
	if (!READ_ONCE(op->replay_eligible))
		return;
	mutex_lock(&smb3k_durable_lock);
	smb3k_replay_del(op);
	mutex_unlock(&smb3k_durable_lock);
}

/**
 * smb3k_replay_find() - the open a DH2Q CREATE's CreateGuid names
 * @w: the CREATE (3.x, with DH2Q)
 * @create_guid: its CreateGuid
 *
 * MS-SMB2 3.3.5.9.10: a replay-eligible open with this CreateGuid from the
 * same client (ClientGuid).
 *
 * Return: the open, referenced, or NULL.
 */
struct smb3k_open *smb3k_replay_find(struct smb3k_work *w, const u8 create_guid[16])
{
	struct smb3k_open *op;

	mutex_lock(&smb3k_durable_lock);
	hash_for_each_possible(smb3k_replay_opens, op, replay_node,
			       smb3k_replay_hash(create_guid)) {
		if (!op->dead && !memcmp(op->create_guid, create_guid, 16) &&
		    !memcmp(op->client_guid, w->conn->client_guid, 16)) {
			kref_get(&op->ref);
			mutex_unlock(&smb3k_durable_lock);
			return op;
		}
	}
	mutex_unlock(&smb3k_durable_lock);
	return NULL;
}

/**
 * smb3k_replay_check() - may a replayed CREATE be answered from @op?
 * @w: the CREATE, with SMB2_FLAGS_REPLAY_OPERATION
 * @op: the open smb3k_replay_find() found
 * @ctx: the request's create contexts
 *
 * MS-SMB2 3.3.5.9: the same user, the same lease key (a lease asked for
 * needs an open with that lease, as Windows and Samba answer), the same
 * session, and the persistent flag when the open is persistent.
 *
 * Return: STATUS_SUCCESS, STATUS_ACCESS_DENIED, STATUS_DUPLICATE_OBJECTID
 * or STATUS_INVALID_PARAMETER.
 */
u32 smb3k_replay_check(struct smb3k_work *w, struct smb3k_open *op,
		       const struct smb2_create_ctx_set *ctx)
{
	u32 status = STATUS_SUCCESS;

	mutex_lock(&smb3k_durable_lock);
	if (op->dead || !smb3k_durable_owner(op, w->sess)) {
		status = STATUS_ACCESS_DENIED;
		goto out;
	}
	if (ctx->lease_version && !smb3k_oplock_has_lease_key(op, ctx->lease_key)) {
		status = STATUS_ACCESS_DENIED;
		goto out;
	}
	/* A disconnected open has no session (Open.Session is NULL). */
	if (op->disconnected || op->tree->session != w->sess) {
		status = STATUS_DUPLICATE_OBJECTID;
		goto out;
	}
	if (op->persistent && !(ctx->dh2q_flags & SMB2_DHANDLE_FLAG_PERSISTENT))
		status = STATUS_INVALID_PARAMETER;
out:
	mutex_unlock(&smb3k_durable_lock);
	return status;
}
