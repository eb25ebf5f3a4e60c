// SPDX-License-Identifier: GPL-2.0
/*
 * Persistent handles (MS-SMB2 3.3.5.9.10, Open.IsPersistent): durable
 * opens on shares with continuous availability whose state lives in
 * smb3kd's store as well as here, so that they survive the module itself.
 *
 * - A CREATE that makes one is answered only once smb3kd has written the
 *   open's record (OPEN_SAVE); when it cannot, the CREATE fails and the
 *   open is undone.
 * - The record is rewritten when the open's state changes and removed
 *   when the client closes it or its timeout passes (OPEN_REMOVE). While
 *   a removal is unconfirmed (smb3kd away), the open's FileId.Persistent
 *   stays reserved in the GlobalOpenTable, so that a restore can tell the
 *   record is stale.
 * - A server that stops (rmmod, shutdown) closes its opens but keeps
 *   their records: smb3kd sends them back (OPEN_RESTORE) when it registers
 *   again, and each becomes a disconnected open waiting for its client.
 */
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "byte_range_lock.h"
#include "conn.h"
#include "durable.h"
#include "file_table.h"
#include "ios.h"
#include "open.h"
#include "oplock.h"
#include "persistent.h"
#include "session.h"
#include "smb2_dispatch.h"
#include "tree.h"
#include "upcall.h"
#include "proto/ntstatus.h"
#include "proto/smb2_create_ctx.h"
#include "proto/smb2_wire.h"

const struct nla_policy smb3k_open_policy[SMB3K_OPEN_A_MAX + 1] = {
	[SMB3K_OPEN_A_PERSISTENT_ID] = { .type = NLA_U64 },
	[SMB3K_OPEN_A_CREATE_GUID] = NLA_POLICY_EXACT_LEN(16),
	[SMB3K_OPEN_A_CLIENT_GUID] = NLA_POLICY_EXACT_LEN(16),
	[SMB3K_OPEN_A_SHARE] = { .type = NLA_NUL_STRING, .len = 4 * SMB3K_SHARE_NAME_MAX },
	[SMB3K_OPEN_A_PATH] = { .type = NLA_NUL_STRING, .len = PATH_MAX - 1 },
	[SMB3K_OPEN_A_STREAM] = { .type = NLA_NUL_STRING, .len = 255 },
	[SMB3K_OPEN_A_OWNER] = { .type = NLA_NUL_STRING, .len = SMB3K_USER_NAME_MAX },
	[SMB3K_OPEN_A_OWNER_UID] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_OWNER_GID] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_VOLUME_ID] = { .type = NLA_U64 },
	[SMB3K_OPEN_A_FILE_INDEX] = { .type = NLA_U64 },
	[SMB3K_OPEN_A_ACCESS] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_SHARE_ACCESS] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_CREATE_OPTIONS] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_FILE_ATTRIBUTES] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_OPLOCK_LEVEL] = { .type = NLA_U8 },
	[SMB3K_OPEN_A_LEASE_VERSION] = NLA_POLICY_RANGE(NLA_U8, 1, 2),
	[SMB3K_OPEN_A_LEASE_KEY] = NLA_POLICY_EXACT_LEN(16),
	[SMB3K_OPEN_A_PARENT_LEASE_KEY] = NLA_POLICY_EXACT_LEN(16),
	[SMB3K_OPEN_A_LEASE_STATE] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_LEASE_FLAGS] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_LEASE_EPOCH] = { .type = NLA_U16 },
	[SMB3K_OPEN_A_APP_INSTANCE_ID] = NLA_POLICY_EXACT_LEN(16),
	[SMB3K_OPEN_A_APP_VERSION_HIGH] = { .type = NLA_U64 },
	[SMB3K_OPEN_A_APP_VERSION_LOW] = { .type = NLA_U64 },
	[SMB3K_OPEN_A_TIMEOUT_MS] = { .type = NLA_U32 },
	[SMB3K_OPEN_A_CHANNEL_SEQUENCE] = { .type = NLA_U16 },
	[SMB3K_OPEN_A_LOCK_SEQUENCES] = NLA_POLICY_EXACT_LEN(SMB3K_OPEN_LOCK_SEQS),
	[SMB3K_OPEN_A_DELETE_ON_CLOSE] = NLA_POLICY_MAX(NLA_U8, 1),
	[SMB3K_OPEN_A_LOCKS] = { .type = NLA_BINARY,
				 .len = SMB3K_OPEN_LOCKS_MAX * sizeof(struct smb3k_open_lock) },
};

/* An id whose open is closed but whose record smb3kd has not removed. */
#define SMB3K_PERSISTENT_STALE	xa_mk_value(1)

/**
 * smb3k_persistent_requested() - does a CREATE get a persistent open?
 * @w: the CREATE
 * @ctx: its create contexts
 *
 * MS-SMB2 3.3.5.9.10: DH2Q with SMB2_DHANDLE_FLAG_PERSISTENT, on a share
 * with continuous availability, on a connection that agreed on
 * SMB2_GLOBAL_CAP_PERSISTENT_HANDLES (3.x only).
 *
 * Return: true for a persistent open.
 */
bool smb3k_persistent_requested(struct smb3k_work *w, const struct smb2_create_ctx_set *ctx)
{
	return (ctx->present & SMB2_CTX_DH2Q) &&
	       (ctx->dh2q_flags & SMB2_DHANDLE_FLAG_PERSISTENT) &&
	       (w->tree->options & SMB3K_SHARE_OPT_CA) &&
	       (w->conn->server_capabilities & SMB2_GLOBAL_CAP_PERSISTENT_HANDLES);
}

/* An open's state as its record holds it, taken before the upcall. */
struct smb3k_persistent_rec {
	struct smb3k_open *op;
	char share[4 * SMB3K_SHARE_NAME_MAX + 1];
	char owner[SMB3K_USER_NAME_MAX + 1];
	u32 uid, gid;
	u64 volume, index;
	struct smb3k_oplock_snapshot ol;
	u8 lock_seq[SMB3K_LOCK_SEQS];
	u16 channel_sequence;
	bool delete_on_close;
	struct smb3k_open_lock *locks;
	u32 nlocks;
};

static int smb3k_persistent_rec_take(struct smb3k_open *op, struct smb3k_persistent_rec *r)
{
	struct smb3k_session *sess;
	int ret;

	r->op = op;
	/* The tree (and so the owner) changes under this lock only. */
	mutex_lock(&smb3k_durable_lock);
	sess = op->tree->session;
	strscpy(r->share, op->tree->share_name, sizeof(r->share));
	strscpy(r->owner, sess->user, sizeof(r->owner));
	r->uid = sess->uid;
	r->gid = sess->gid;
	mutex_unlock(&smb3k_durable_lock);
	mutex_lock(&smb3k_files_lock);
	r->volume = op->file ? op->file->volume : 0;
	r->index = op->file ? op->file->index : 0;
	r->delete_on_close = op->delete_on_close;
	mutex_unlock(&smb3k_files_lock);
	spin_lock(&op->lock_seq_lock);
	memcpy(r->lock_seq, op->lock_seq, sizeof(r->lock_seq));
	r->channel_sequence = op->channel_sequence;
	spin_unlock(&op->lock_seq_lock);
	smb3k_oplock_snapshot(op, &r->ol);
	ret = smb3k_brl_snapshot(op, &r->locks, &r->nlocks);
	return ret;
}

static int smb3k_persistent_fill(struct sk_buff *skb, void *arg)
{
	const struct smb3k_persistent_rec *r = arg;
	const struct smb3k_open *op = r->op;
	struct nlattr *nest;

	nest = nla_nest_start(skb, SMB3K_A_OPEN);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, SMB3K_OPEN_A_PERSISTENT_ID, op->persistent_id,
			      SMB3K_OPEN_A_PAD) ||
	    nla_put(skb, SMB3K_OPEN_A_CREATE_GUID, 16, op->create_guid) ||
	    nla_put(skb, SMB3K_OPEN_A_CLIENT_GUID, 16, op->client_guid) ||
	    nla_put_string(skb, SMB3K_OPEN_A_SHARE, r->share) ||
	    nla_put_string(skb, SMB3K_OPEN_A_PATH, op->name) ||
	    (op->stream && nla_put_string(skb, SMB3K_OPEN_A_STREAM, op->stream)) ||
	    nla_put_string(skb, SMB3K_OPEN_A_OWNER, r->owner) ||
	    nla_put_u32(skb, SMB3K_OPEN_A_OWNER_UID, r->uid) ||
	    nla_put_u32(skb, SMB3K_OPEN_A_OWNER_GID, r->gid) ||
	    nla_put_u64_64bit(skb, SMB3K_OPEN_A_VOLUME_ID, r->volume, SMB3K_OPEN_A_PAD) ||
	    nla_put_u64_64bit(skb, SMB3K_OPEN_A_FILE_INDEX, r->index, SMB3K_OPEN_A_PAD) ||
	    nla_put_u32(skb, SMB3K_OPEN_A_ACCESS, op->granted_access) ||
	    nla_put_u32(skb, SMB3K_OPEN_A_SHARE_ACCESS, op->share_access) ||
	    nla_put_u32(skb, SMB3K_OPEN_A_CREATE_OPTIONS, op->create_options) ||
	    nla_put_u32(skb, SMB3K_OPEN_A_FILE_ATTRIBUTES, op->file_attributes) ||
	    nla_put_u8(skb, SMB3K_OPEN_A_OPLOCK_LEVEL, r->ol.level) ||
	    nla_put_u32(skb, SMB3K_OPEN_A_TIMEOUT_MS, op->durable_timeout) ||
	    nla_put_u16(skb, SMB3K_OPEN_A_CHANNEL_SEQUENCE, r->channel_sequence) ||
	    nla_put(skb, SMB3K_OPEN_A_LOCK_SEQUENCES, sizeof(r->lock_seq), r->lock_seq) ||
	    nla_put_u8(skb, SMB3K_OPEN_A_DELETE_ON_CLOSE, r->delete_on_close))
		return -EMSGSIZE;
	if (r->ol.lease_version &&
	    (nla_put_u8(skb, SMB3K_OPEN_A_LEASE_VERSION, r->ol.lease_version) ||
	     nla_put(skb, SMB3K_OPEN_A_LEASE_KEY, 16, r->ol.lease_key) ||
	     ((r->ol.lease_flags & SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET) &&
	      nla_put(skb, SMB3K_OPEN_A_PARENT_LEASE_KEY, 16, r->ol.parent_key)) ||
	     nla_put_u32(skb, SMB3K_OPEN_A_LEASE_STATE, r->ol.lease_state) ||
	     nla_put_u32(skb, SMB3K_OPEN_A_LEASE_FLAGS, r->ol.lease_flags) ||
	     nla_put_u16(skb, SMB3K_OPEN_A_LEASE_EPOCH, r->ol.lease_epoch)))
		return -EMSGSIZE;
	if (op->app_instance &&
	    nla_put(skb, SMB3K_OPEN_A_APP_INSTANCE_ID, 16, op->app_instance_id))
		return -EMSGSIZE;
	if (op->app_version &&
	    (nla_put_u64_64bit(skb, SMB3K_OPEN_A_APP_VERSION_HIGH, op->app_version_high,
			       SMB3K_OPEN_A_PAD) ||
	     nla_put_u64_64bit(skb, SMB3K_OPEN_A_APP_VERSION_LOW, op->app_version_low,
			       SMB3K_OPEN_A_PAD)))
		return -EMSGSIZE;
	if (r->nlocks && nla_put(skb, SMB3K_OPEN_A_LOCKS, r->nlocks * sizeof(*r->locks),
				 r->locks))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The daemon's answer to an upcall: its NT status, or one for no answer. */
static u32 smb3k_persistent_answer(int ret, struct sk_buff *reply, const char *what, u64 id)
{
	struct nlattr *tb[SMB3K_A_MAX + 1];
	u32 status;

	if (ret) {
		pr_warn_ratelimited("persistent open %llu: smb3kd did not %s it (%d)\n",
				    id, what, ret);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	if (smb3k_upcall_parse(reply, tb) || !tb[SMB3K_A_NTSTATUS]) {
		kfree_skb(reply);
		return STATUS_INTERNAL_ERROR;
	}
	status = nla_get_u32(tb[SMB3K_A_NTSTATUS]);
	kfree_skb(reply);
	if (status != STATUS_SUCCESS)
		pr_warn_ratelimited("persistent open %llu: smb3kd could not %s it (0x%08x)\n",
				    id, what, status);
	return status;
}

/**
 * smb3k_persistent_save() - write a persistent open's record through smb3kd
 * @op: the open (the caller holds it), inserted (its FileId.Persistent set)
 *
 * May sleep for as long as smb3kd takes to make the record durable.
 *
 * Return: STATUS_SUCCESS once the record is on disk; otherwise the status
 * the request that changed the open gets (smb3kd's, such as
 * STATUS_DISK_FULL, or STATUS_INSUFFICIENT_RESOURCES without an answer).
 */
u32 smb3k_persistent_save(struct smb3k_open *op)
{
	struct smb3k_persistent_rec *r;
	struct sk_buff *reply = NULL;
	size_t size;
	int ret;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return STATUS_INSUFFICIENT_RESOURCES;
	ret = smb3k_persistent_rec_take(op, r);
	if (ret) {
		kvfree(r->locks);
		kfree(r);
		return STATUS_INSUFFICIENT_RESOURCES;
	}
	size = 1024 + strlen(op->name) + (op->stream ? strlen(op->stream) : 0) +
	       r->nlocks * sizeof(*r->locks);
	ret = smb3k_upcall(SMB3K_CMD_OPEN_SAVE, smb3k_persistent_fill, r, size,
			   SMB3K_PERSISTENT_TIMEOUT_MS, &reply);
	kvfree(r->locks);
	kfree(r);
	return smb3k_persistent_answer(ret, reply, "save", op->persistent_id);
}

static int smb3k_persistent_id_fill(struct sk_buff *skb, void *arg)
{
	return nla_put_u64_64bit(skb, SMB3K_A_OPEN_ID, *(u64 *)arg, SMB3K_A_PAD);
}

/**
 * smb3k_persistent_closed() - the client's persistent open is closed
 * @persistent_id: its FileId.Persistent, reserved as stale by the close
 *
 * Removes the record; once smb3kd confirms, the id is free for new opens.
 * Without confirmation it stays reserved: a restore of that record then
 * learns that it is stale (-ESTALE) and smb3kd drops it.
 */
void smb3k_persistent_closed(u64 persistent_id)
{
	struct sk_buff *reply = NULL;
	int ret;

	ret = smb3k_upcall(SMB3K_CMD_OPEN_REMOVE, smb3k_persistent_id_fill, &persistent_id,
			   0, SMB3K_PERSISTENT_TIMEOUT_MS, &reply);
	if (smb3k_persistent_answer(ret, reply, "remove", persistent_id) != STATUS_SUCCESS)
		return;
	xa_cmpxchg(&smb3k_global_opens, persistent_id, SMB3K_PERSISTENT_STALE, NULL, 0);
}

/**
 * smb3k_persistent_mark_closed() - reserve a closing persistent open's id
 * @op: the open being closed; under smb3k_durable_lock
 *
 * Return: true when its record is to be removed (smb3k_persistent_closed()
 * once the caller has dropped its locks); false when it stays (the server
 * is stopping) and the id is free.
 */
bool smb3k_persistent_mark_closed(struct smb3k_open *op)
{
	lockdep_assert_held(&smb3k_durable_lock);
	if (op->keep_record || xa_is_err(xa_store(&smb3k_global_opens, op->persistent_id,
						  SMB3K_PERSISTENT_STALE, GFP_KERNEL))) {
		xa_erase(&smb3k_global_opens, op->persistent_id);
		return !op->keep_record;
	}
	return true;
}

/* An id being restored: reserved while its file is opened again. */
#define SMB3K_PERSISTENT_RESTORING	xa_mk_value(2)

/* What a restore needs besides the record's open fields. */
struct smb3k_restore {
	struct nlattr *tb[SMB3K_OPEN_A_MAX + 1];
	u64 pid;
	const char *share_path;
	u32 share_options;
	struct smb3k_oplock_snapshot ol;
};

static const u8 smb3k_restore_required[] = {
	SMB3K_OPEN_A_PERSISTENT_ID, SMB3K_OPEN_A_CREATE_GUID, SMB3K_OPEN_A_CLIENT_GUID,
	SMB3K_OPEN_A_SHARE, SMB3K_OPEN_A_PATH, SMB3K_OPEN_A_OWNER, SMB3K_OPEN_A_OWNER_UID,
	SMB3K_OPEN_A_OWNER_GID, SMB3K_OPEN_A_VOLUME_ID, SMB3K_OPEN_A_FILE_INDEX,
	SMB3K_OPEN_A_ACCESS, SMB3K_OPEN_A_SHARE_ACCESS, SMB3K_OPEN_A_CREATE_OPTIONS,
	SMB3K_OPEN_A_OPLOCK_LEVEL, SMB3K_OPEN_A_TIMEOUT_MS,
};

/* Check a record's fields against one another (the policy checked each). */
static int smb3k_restore_parse(struct genl_info *info, struct smb3k_restore *r)
{
	struct nlattr **tb = r->tb;
	unsigned int i;
	u8 level;
	int ret;

	if (!info->attrs[SMB3K_A_OPEN] || !info->attrs[SMB3K_A_SHARE_PATH] ||
	    !info->attrs[SMB3K_A_SHARE_OPTIONS]) {
		GENL_SET_ERR_MSG(info, "OPEN, SHARE_PATH and SHARE_OPTIONS are required");
		return -EINVAL;
	}
	ret = nla_parse_nested(tb, SMB3K_OPEN_A_MAX, info->attrs[SMB3K_A_OPEN],
			       smb3k_open_policy, info->extack);
	if (ret)
		return ret;
	for (i = 0; i < ARRAY_SIZE(smb3k_restore_required); i++) {
		if (!tb[smb3k_restore_required[i]]) {
			NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[SMB3K_A_OPEN],
					    "a required open attribute is missing");
			return -EBADMSG;
		}
	}
	r->pid = nla_get_u64(tb[SMB3K_OPEN_A_PERSISTENT_ID]);
	if (!r->pid || r->pid >= U32_MAX) {
		GENL_SET_ERR_MSG(info, "persistent id out of range");
		return -EBADMSG;
	}
	r->share_path = nla_data(info->attrs[SMB3K_A_SHARE_PATH]);
	r->share_options = nla_get_u32(info->attrs[SMB3K_A_SHARE_OPTIONS]);
	if (r->share_path[0] != '/') {
		GENL_SET_ERR_MSG(info, "the share path is not absolute");
		return -EINVAL;
	}
	/* A persistent open names a file (or a stream), never the root. */
	if (!nla_len(tb[SMB3K_OPEN_A_PATH]) || !*(char *)nla_data(tb[SMB3K_OPEN_A_PATH])) {
		GENL_SET_ERR_MSG(info, "no file path");
		return -EBADMSG;
	}
	level = nla_get_u8(tb[SMB3K_OPEN_A_OPLOCK_LEVEL]);
	r->ol.level = level;
	if (level == SMB2_OPLOCK_LEVEL_LEASE) {
		if (!tb[SMB3K_OPEN_A_LEASE_VERSION] || !tb[SMB3K_OPEN_A_LEASE_KEY] ||
		    !tb[SMB3K_OPEN_A_LEASE_STATE]) {
			GENL_SET_ERR_MSG(info, "a lease without its version, key or state");
			return -EBADMSG;
		}
		r->ol.lease_version = nla_get_u8(tb[SMB3K_OPEN_A_LEASE_VERSION]);
		nla_memcpy(r->ol.lease_key, tb[SMB3K_OPEN_A_LEASE_KEY], 16);
		r->ol.lease_state = nla_get_u32(tb[SMB3K_OPEN_A_LEASE_STATE]);
		if (tb[SMB3K_OPEN_A_LEASE_FLAGS])
			r->ol.lease_flags = nla_get_u32(tb[SMB3K_OPEN_A_LEASE_FLAGS]);
		if (tb[SMB3K_OPEN_A_LEASE_EPOCH])
			r->ol.lease_epoch = nla_get_u16(tb[SMB3K_OPEN_A_LEASE_EPOCH]);
		if ((r->ol.lease_flags & SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET) &&
		    tb[SMB3K_OPEN_A_PARENT_LEASE_KEY])
			nla_memcpy(r->ol.parent_key, tb[SMB3K_OPEN_A_PARENT_LEASE_KEY], 16);
		else
			r->ol.lease_flags &= ~SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET;
	} else if (level != SMB2_OPLOCK_LEVEL_NONE && level != SMB2_OPLOCK_LEVEL_II &&
		   level != SMB2_OPLOCK_LEVEL_EXCLUSIVE && level != SMB2_OPLOCK_LEVEL_BATCH) {
		GENL_SET_ERR_MSG(info, "unknown oplock level");
		return -EBADMSG;
	}
	if (tb[SMB3K_OPEN_A_LOCKS] &&
	    nla_len(tb[SMB3K_OPEN_A_LOCKS]) % sizeof(struct smb3k_open_lock)) {
		GENL_SET_ERR_MSG(info, "LOCKS is not an array of locks");
		return -EBADMSG;
	}
	return 0;
}

/* Open the record's file again as its own, through a holder tree. */
static int smb3k_restore_open(struct smb3k_restore *r, struct smb3k_open **out)
{
	struct nlattr **tb = r->tb;
	struct smb3k_ios_open_args a = {
		.path = nla_data(tb[SMB3K_OPEN_A_PATH]),
		.stream = tb[SMB3K_OPEN_A_STREAM] ? nla_data(tb[SMB3K_OPEN_A_STREAM]) : NULL,
		.disposition = FILE_OPEN,
		.options = nla_get_u32(tb[SMB3K_OPEN_A_CREATE_OPTIONS]) &
			   ~(FILE_DELETE_ON_CLOSE | FILE_DIRECTORY_FILE),
		.access = nla_get_u32(tb[SMB3K_OPEN_A_ACCESS]),
	};
	struct smb3k_ios_open_result res = {};
	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_ios_ctx ctx = {};
	struct smb3k_open *op;
	const struct cred *kcred;
	u32 status;

	sess = smb3k_session_new_holder(nla_data(tb[SMB3K_OPEN_A_OWNER]),
					nla_get_u32(tb[SMB3K_OPEN_A_OWNER_UID]),
					nla_get_u32(tb[SMB3K_OPEN_A_OWNER_GID]));
	if (!sess)
		return -ENOMEM;
	tree = smb3k_tree_new_detached(sess, SMB3K_SHARE_DISK, r->share_options, a.access,
				       nla_data(tb[SMB3K_OPEN_A_SHARE]), r->share_path);
	smb3k_session_put(sess);
	if (IS_ERR(tree))	/* -ENODEV: a share root it cannot use */
		return PTR_ERR(tree) == -ENODEV ? -ENOENT : PTR_ERR(tree);
	op = smb3k_open_new(tree, a.path);
	smb3k_tree_put(tree);		/* the open holds it now */
	if (!op)
		return -ENOMEM;
	a.options |= FILE_NON_DIRECTORY_FILE;
	/* The access was granted when the client opened it: check no more. */
	kcred = prepare_kernel_cred(NULL);
	if (!kcred) {
		smb3k_open_put(op);
		return -ENOMEM;
	}
	ctx.cred = kcred;
	ctx.user = sess->user;
	ctx.uid = sess->uid;
	ctx.gid = sess->gid;
	ctx.share_name = tree->share_name;
	ctx.share_options = tree->options;
	ctx.client_guid = op->client_guid;
	ctx.flags = smb3k_tree_ios_flags(tree);
	if (a.options & FILE_WRITE_THROUGH)
		ctx.flags |= SMB3K_IOS_WRITE_THROUGH;
	status = tree->ios->ops->open(&ctx, tree->ios, &a, &op->ios, &res);
	put_cred(kcred);
	if (status != STATUS_SUCCESS) {
		smb3k_open_put(op);
		return status == STATUS_OBJECT_NAME_NOT_FOUND ||
		       status == STATUS_OBJECT_PATH_NOT_FOUND ||
		       status == STATUS_FILE_IS_A_DIRECTORY ? -ESTALE : -EIO;
	}
	smb3k_ios_share_get(op->ios->share);
	/* The same file it was, not one made since under its name. */
	if (res.st.volume_serial != nla_get_u64(tb[SMB3K_OPEN_A_VOLUME_ID]) ||
	    res.st.index_number != nla_get_u64(tb[SMB3K_OPEN_A_FILE_INDEX])) {
		smb3k_open_put(op);
		return -ESTALE;
	}
	if (a.stream) {
		op->stream = kstrdup(res.stream ?: a.stream, GFP_KERNEL);
		if (!op->stream) {
			smb3k_open_put(op);
			return -ENOMEM;
		}
	}
	*out = op;
	return 0;
}

/* The record's state on a reopened open, before anyone can see it. */
static int smb3k_restore_state(struct smb3k_restore *r, struct smb3k_open *op)
{
	struct nlattr **tb = r->tb;
	struct smb3k_open_lock lk;
	const u8 *locks;
	u32 i, n, status;
	int ret;

	op->granted_access = nla_get_u32(tb[SMB3K_OPEN_A_ACCESS]);
	op->share_access = nla_get_u32(tb[SMB3K_OPEN_A_SHARE_ACCESS]);
	op->create_options = nla_get_u32(tb[SMB3K_OPEN_A_CREATE_OPTIONS]);
	if (tb[SMB3K_OPEN_A_FILE_ATTRIBUTES])
		op->file_attributes = nla_get_u32(tb[SMB3K_OPEN_A_FILE_ATTRIBUTES]);
	nla_memcpy(op->create_guid, tb[SMB3K_OPEN_A_CREATE_GUID], 16);
	nla_memcpy(op->client_guid, tb[SMB3K_OPEN_A_CLIENT_GUID], 16);
	if (tb[SMB3K_OPEN_A_APP_INSTANCE_ID]) {
		op->app_instance = true;
		nla_memcpy(op->app_instance_id, tb[SMB3K_OPEN_A_APP_INSTANCE_ID], 16);
	}
	if (tb[SMB3K_OPEN_A_APP_VERSION_HIGH] && tb[SMB3K_OPEN_A_APP_VERSION_LOW]) {
		op->app_version = true;
		op->app_version_high = nla_get_u64(tb[SMB3K_OPEN_A_APP_VERSION_HIGH]);
		op->app_version_low = nla_get_u64(tb[SMB3K_OPEN_A_APP_VERSION_LOW]);
	}
	if (tb[SMB3K_OPEN_A_LOCK_SEQUENCES]) {
		nla_memcpy(op->lock_seq, tb[SMB3K_OPEN_A_LOCK_SEQUENCES], sizeof(op->lock_seq));
		for (i = 0; i < SMB3K_LOCK_SEQS; i++)
			if (op->lock_seq[i] != SMB3K_LOCK_SEQ_NONE &&
			    (op->lock_seq[i] & ~0xF) != SMB3K_LOCK_SEQ_VALID)
				op->lock_seq[i] = SMB3K_LOCK_SEQ_NONE;
	}
	if (tb[SMB3K_OPEN_A_CHANNEL_SEQUENCE])
		op->channel_sequence = nla_get_u16(tb[SMB3K_OPEN_A_CHANNEL_SEQUENCE]);
	op->delete_on_close = tb[SMB3K_OPEN_A_DELETE_ON_CLOSE] &&
			      nla_get_u8(tb[SMB3K_OPEN_A_DELETE_ON_CLOSE]);
	op->durable = true;
	op->durable_v2 = true;
	op->persistent = true;
	op->durable_timeout = min_t(u32, nla_get_u32(tb[SMB3K_OPEN_A_TIMEOUT_MS]),
				    SMB3K_DURABLE_V2_MAX_MS);
	op->persistent_id = r->pid;

	status = smb3k_file_attach(op, nla_get_u64(tb[SMB3K_OPEN_A_VOLUME_ID]),
				   nla_get_u64(tb[SMB3K_OPEN_A_FILE_INDEX]));
	if (status != STATUS_SUCCESS)
		return status == STATUS_NO_MEMORY ? -ENOMEM : -EBUSY;
	ret = smb3k_oplock_restore(op, &r->ol);
	if (ret)
		return ret;
	if (!tb[SMB3K_OPEN_A_LOCKS])
		return 0;
	locks = nla_data(tb[SMB3K_OPEN_A_LOCKS]);
	n = nla_len(tb[SMB3K_OPEN_A_LOCKS]) / sizeof(lk);
	for (i = 0; i < n; i++) {
		/* Attributes are 4-byte aligned only: copy each lock out. */
		memcpy(&lk, locks + i * sizeof(lk), sizeof(lk));
		if (!(lk.flags & (SMB3K_OPEN_LOCK_SHARED | SMB3K_OPEN_LOCK_EXCLUSIVE)))
			return -EBADMSG;
		status = smb3k_brl_lock(op, lk.offset, lk.length,
					lk.flags & SMB3K_OPEN_LOCK_EXCLUSIVE);
		if (status != STATUS_SUCCESS)
			return status == STATUS_NO_MEMORY ? -ENOMEM : -EBUSY;
	}
	return 0;
}

/**
 * smb3k_persistent_restore() - OPEN_RESTORE: a stored open comes back
 * @skb: the daemon's request
 * @info: its attributes (the caller checked it is the registered daemon)
 *
 * The file is opened again (by the kernel's credentials: the client's
 * access was checked when it opened it), must be the same file (volume
 * and file id), and gets the open's access, share access, caching, locks
 * and lock sequences back. The open then waits, disconnected, for its
 * client to reclaim it with DH2C (MS-SMB2 3.3.5.9.12) until its timeout.
 *
 * Return: 0; -EEXIST when the id is live; -ESTALE when the record is
 * obsolete (the file is gone or another, or its open was closed);
 * -EBADMSG for a malformed record; -EINVAL for a request without what it
 * needs; -EBUSY when it conflicts with opens made since; -ENOENT for a
 * share root that cannot be used; another negative errno.
 */
int smb3k_persistent_restore(struct sk_buff *skb, struct genl_info *info)
{
	struct smb3k_restore *r;
	struct smb3k_open *op = NULL;
	void *old;
	int ret;

	r = kzalloc(sizeof(*r), GFP_KERNEL);
	if (!r)
		return -ENOMEM;
	ret = smb3k_restore_parse(info, r);
	if (ret)
		goto out;

	/* Reserve the id; a closed open's leftover id says the record is stale. */
	mutex_lock(&smb3k_durable_lock);
	old = xa_load(&smb3k_global_opens, r->pid);
	if (old == SMB3K_PERSISTENT_STALE)
		xa_erase(&smb3k_global_opens, r->pid);
	else if (!old)
		ret = xa_insert(&smb3k_global_opens, r->pid, SMB3K_PERSISTENT_RESTORING,
				GFP_KERNEL);
	mutex_unlock(&smb3k_durable_lock);
	if (old) {
		ret = old == SMB3K_PERSISTENT_STALE ? -ESTALE : -EEXIST;
		goto out;
	}
	if (ret) {
		ret = ret == -EBUSY ? -EEXIST : ret;
		goto out;
	}

	ret = smb3k_restore_open(r, &op);
	if (!ret)
		ret = smb3k_restore_state(r, op);
	if (!ret)
		ret = smb3k_durable_adopt(op, SMB3K_PERSISTENT_RESTORING);
	if (ret) {
		xa_cmpxchg(&smb3k_global_opens, r->pid, SMB3K_PERSISTENT_RESTORING, NULL, 0);
		if (op) {
			op->persistent = false;	/* its record stays as it is */
			op->delete_on_close = false;
			op->dead = true;
			smb3k_oplock_open_closed(op);
			smb3k_brl_open_closed(op);
			smb3k_open_put(op);
		}
		pr_info("persistent open %llu not restored (%d)\n", r->pid, ret);
		goto out;
	}
	pr_debug("persistent open %llu restored\n", r->pid);
	smb3k_open_put(op);
out:
	kfree(r);
	return ret;
}

/**
 * smb3k_persistent_update() - a persistent open's state changed: rewrite it
 * @op: the open (the caller holds it); nothing happens for other opens
 *
 * The change is made already; a record smb3kd cannot rewrite stays as it
 * was (and is reported), so a restore brings back the older state.
 */
void smb3k_persistent_update(struct smb3k_open *op)
{
	if (READ_ONCE(op->persistent))
		smb3k_persistent_save(op);
}
