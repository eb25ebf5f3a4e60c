// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 CREATE (MS-SMB2 3.3.5.9) of files and directories on disk shares,
 * through the share's IOS driver; named pipes are in smb2_create_pipe.c.
 * The request is checked as MS-SMB2 and MS-FSA 2.1.5.1 say, the driver
 * opens or creates, then share modes are checked against every other open
 * of the file before anything is overwritten.
 */
#include <linux/slab.h>
#include <linux/smb3k.h>

#include "durable.h"
#include "file_table.h"
#include "oplock.h"
#include "persistent.h"
#include "smb2_ea.h"
#include "smb2_fileops.h"
#include "smb2_path.h"
#include "smb2_security.h"
#include "proto/security_desc.h"
#include "proto/smb2_create_ctx.h"
#include "proto/smb2_file.h"

/* Response contexts we send: MxAc, QFid, RqLs (v2) and DH2Q with headers, padded. */
#define SMB3K_CREATE_RSP_CTX_MAX	256

/**
 * struct smb3k_create - what one disk CREATE carries besides the request
 * @ctx: the parsed create contexts
 * @creator_sd: the SecD context's descriptor (valid when @has_sd)
 * @has_sd: a SecD context came
 * @maximal: the maximal access, for MxAc
 * @grant: the oplock or lease granted
 * @replay: the CREATE was answered from the open it replays
 * @replay_durable: ... and that answer carries DH2Q
 */
struct smb3k_create {
	struct smb2_create_ctx_set ctx;
	struct smb2_sd_view creator_sd;
	bool has_sd;
	u32 maximal;
	struct smb3k_oplock_grant grant;
	bool replay;
	bool replay_durable;
};

/*
 * smb3k_create_disk() found that a break closed a disconnected durable
 * open of the file, whose delete on close may have removed it: open again
 * (never an NT status on the wire).
 */
#define SMB3K_CREATE_AGAIN	0xFFFFFFFFU
#define SMB3K_CREATE_TRIES	3

/* MS-FSCC 2.6 attributes a CREATE may carry. */
#define SMB3K_CREATE_ATTR_VALID		0x00007FB7U

/* Access that modifies the file or its name. */
#define SMB3K_WRITE_ACCESS	(FILE_WRITE_DATA | FILE_APPEND_DATA | FILE_WRITE_EA | \
				 FILE_WRITE_ATTRIBUTES | FILE_DELETE_CHILD | DELETE | \
				 WRITE_DAC | WRITE_OWNER)

/**
 * smb3k_map_generic() - GENERIC_* to file rights (MS-DTYP 2.4.3)
 * @access: a DesiredAccess
 *
 * Return: @access with the generic bits replaced by what they mean.
 */
static u32 smb3k_map_generic(u32 access)
{
	if (access & GENERIC_READ)
		access |= FILE_GENERIC_READ;
	if (access & GENERIC_WRITE)
		access |= FILE_GENERIC_WRITE;
	if (access & GENERIC_EXECUTE)
		access |= FILE_GENERIC_EXECUTE;
	if (access & GENERIC_ALL)
		access |= FILE_ALL_ACCESS;
	return access & ~(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL);
}

/* The checks MS-SMB2 3.3.5.9 and MS-FSA 2.1.5.1 make before any open. */
static u32 smb3k_create_check(struct smb3k_work *w, const struct smb2_create_req *req)
{
	u32 access = smb3k_map_generic(req->desired_access & ~MAXIMUM_ALLOWED);

	if (req->impersonation > 3)
		return STATUS_BAD_IMPERSONATION_LEVEL;
	if (req->options & ~FILE_CREATE_OPTIONS_VALID)
		return STATUS_INVALID_PARAMETER;
	if ((req->options & FILE_DIRECTORY_FILE) && (req->options & FILE_NON_DIRECTORY_FILE))
		return STATUS_INVALID_PARAMETER;
	/* 0x80 is FILE_CREATE_TREE_CONNECTION: not over SMB2 (Windows says so). */
	if (req->options & (FILE_RESERVE_OPFILTER | 0x00000080U))
		return STATUS_NOT_SUPPORTED;
	if (req->disposition > FILE_OVERWRITE_IF)
		return STATUS_INVALID_PARAMETER;
	if ((req->options & FILE_DIRECTORY_FILE) &&
	    req->disposition != FILE_CREATE && req->disposition != FILE_OPEN &&
	    req->disposition != FILE_OPEN_IF)
		return STATUS_INVALID_PARAMETER;
	if (req->share_access & ~FILE_SHARE_VALID)
		return STATUS_INVALID_PARAMETER;
	/* Windows checks the access mask before the attributes. */
	if (!req->desired_access || (req->desired_access & FILE_ACCESS_INVALID_BITS))
		return STATUS_ACCESS_DENIED;
	if (req->file_attributes & ~SMB3K_CREATE_ATTR_VALID)
		return STATUS_INVALID_PARAMETER;
	/* MS-FSA 2.1.5.1.1: a read-only file cannot be made delete-on-close. */
	if ((req->options & FILE_DELETE_ON_CLOSE) &&
	    (req->file_attributes & FILE_ATTRIBUTE_READONLY) &&
	    req->disposition != FILE_OPEN && req->disposition != FILE_OVERWRITE)
		return STATUS_CANNOT_DELETE;
	if ((req->options & FILE_DELETE_ON_CLOSE) && !(access & DELETE) &&
	    !(req->desired_access & MAXIMUM_ALLOWED))
		return STATUS_INVALID_PARAMETER;
	if ((req->options & FILE_DELETE_ON_CLOSE) && !(w->tree->maximal_access & DELETE))
		return STATUS_ACCESS_DENIED;
	if ((req->desired_access & ACCESS_SYSTEM_SECURITY) && w->sess->uid)
		return STATUS_PRIVILEGE_NOT_HELD;
	/* The share's own limit (read only, valid users ...): 3.3.5.9. */
	if (access & ~w->tree->maximal_access & ~ACCESS_SYSTEM_SECURITY)
		return STATUS_ACCESS_DENIED;
	if ((w->tree->options & SMB3K_SHARE_OPT_READ_ONLY) &&
	    (req->disposition != FILE_OPEN ||
	     (req->options & FILE_DELETE_ON_CLOSE)))
		return req->disposition == FILE_OPEN_IF ? STATUS_ACCESS_DENIED :
		       STATUS_MEDIA_WRITE_PROTECTED;
	if (req->options & FILE_OPEN_BY_FILE_ID)
		return STATUS_NOT_SUPPORTED;
	return STATUS_SUCCESS;
}

/* Open through the driver; MAXIMUM_ALLOWED falls back to what reading allows. */
static u32 smb3k_create_ios_open(struct smb3k_work *w, const struct smb2_create_req *req,
				 struct smb3k_open *op, struct smb3k_ios_open_args *a,
				 struct smb3k_ios_open_result *res)
{
	const struct smb3k_ios_ops *ops = w->tree->ios->ops;
	struct smb3k_ios_ctx ctx;
	u32 status;

	smb3k_work_ios_ctx(w, &ctx);
	if (req->options & FILE_WRITE_THROUGH)
		ctx.flags |= SMB3K_IOS_WRITE_THROUGH;
	status = ops->open(&ctx, w->tree->ios, a, &op->ios, res);
	if (status == STATUS_ACCESS_DENIED && (req->desired_access & MAXIMUM_ALLOWED) &&
	    (a->access & (FILE_WRITE_DATA | FILE_APPEND_DATA))) {
		a->access &= ~(SMB3K_WRITE_ACCESS | WRITE_DAC | WRITE_OWNER);
		op->granted_access = a->access;
		status = ops->open(&ctx, w->tree->ios, a, &op->ios, res);
	}
	/* The open holds the share root: it may outlive the tree (durable). */
	if (status == STATUS_SUCCESS)
		smb3k_ios_share_get(op->ios->share);
	return status;
}

/* FILE_OVERWRITE(_IF) / FILE_SUPERSEDE of an existing file (MS-FSA 2.1.5.1.2.2). */
static u32 smb3k_create_overwrite(struct smb3k_work *w, struct smb3k_open *op,
				  const struct smb2_create_req *req, u64 alloc,
				  struct smb3k_ios_open_result *res)
{
	const struct smb3k_ios_ops *ops = w->tree->ios->ops;
	struct smb3k_ios_basic basic = {
		.file_attributes = (req->file_attributes & FILE_ATTRIBUTE_SETTABLE) |
				   FILE_ATTRIBUTE_ARCHIVE,
	};
	struct smb3k_ios_ctx ctx;
	u32 status;

	smb3k_work_ios_ctx(w, &ctx);
	res->create_action = req->disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED :
			     FILE_OVERWRITTEN;
	if (op->stream) {
		/* A named stream is emptied; the file keeps its attributes. */
		status = ops->set_size(&ctx, op->ios, 0);
		if (status == STATUS_SUCCESS)
			status = ops->getattr(&ctx, op->ios, &res->st);
		return status;
	}
	if (res->st.directory)
		return STATUS_INVALID_PARAMETER;
	/* Hidden or system files keep those attributes or refuse (2.1.5.1.2.2). */
	if (((res->st.file_attributes & FILE_ATTRIBUTE_HIDDEN) &&
	     !(req->file_attributes & FILE_ATTRIBUTE_HIDDEN)) ||
	    ((res->st.file_attributes & FILE_ATTRIBUTE_SYSTEM) &&
	     !(req->file_attributes & FILE_ATTRIBUTE_SYSTEM)))
		return STATUS_ACCESS_DENIED;
	/* The file's named streams go with its old data (as NTFS). */
	if (ops->remove_streams) {
		if (smb3k_file_streams_open(op))
			return STATUS_SHARING_VIOLATION;
		status = ops->remove_streams(&ctx, op->ios);
		if (status != STATUS_SUCCESS)
			return status;
	}
	status = ops->set_size(&ctx, op->ios, 0);
	if (status == STATUS_SUCCESS && ops->set_basic)
		status = ops->set_basic(&ctx, op->ios, &basic);
	if (status == STATUS_SUCCESS && alloc && ops->set_allocation)
		status = ops->set_allocation(&ctx, op->ios, alloc);
	if (status == STATUS_SUCCESS)
		status = ops->getattr(&ctx, op->ios, &res->st);
	return status;
}

/* Volume.IsReadOnly (MS-FSA 2.1.1.1) of the share an open is on. */
static bool smb3k_create_volume_read_only(struct smb3k_work *w, struct smb3k_open *op)
{
	struct fscc_fs_stat fs = {};
	struct smb3k_ios_ctx ctx;

	smb3k_work_ios_ctx(w, &ctx);
	return smb3k_open_ops(op)->statfs(&ctx, w->tree->ios, &fs) == STATUS_SUCCESS &&
	       (fs.fs_attributes & FILE_READ_ONLY_VOLUME);
}

/* MS-SMB2 3.3.5.9: the create contexts we act on, checked. */
static u32 smb3k_create_contexts(struct smb3k_work *w, const struct smb2_create_req *req,
				 struct smb3k_create *c)
{
	u32 status;

	if (!req->contexts_len)
		return STATUS_SUCCESS;
	status = smb2_create_ctx_parse(req->contexts, req->contexts_len, &c->ctx);
	if (status != STATUS_SUCCESS)
		return status;
	/* Previous versions (TWrp): there are none to open. */
	if (c->ctx.present & SMB2_CTX_TWRP)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	/* The v2 forms and application instances are SMB 3.x's. */
	if (w->conn->dialect < SMB2_DIALECT_300)
		c->ctx.present &= ~(SMB2_CTX_DH2Q | SMB2_CTX_DH2C | SMB2_CTX_APP_INSTANCE_ID |
				    SMB2_CTX_APP_INSTANCE_VERSION);
	/*
	 * 3.3.5.9.6, 3.3.5.9.7, 3.3.5.9.10, 3.3.5.9.12: one form at a time;
	 * a DHnQ beside a DHnC is ignored.
	 */
	if (((c->ctx.present & (SMB2_CTX_DHNQ | SMB2_CTX_DHNC)) &&
	     (c->ctx.present & (SMB2_CTX_DH2Q | SMB2_CTX_DH2C))) ||
	    ((c->ctx.present & SMB2_CTX_DH2Q) && (c->ctx.present & SMB2_CTX_DH2C)))
		return STATUS_INVALID_PARAMETER;
	if (c->ctx.present & SMB2_CTX_DHNC)
		c->ctx.present &= ~SMB2_CTX_DHNQ;
	/* MS-SMB2 2.2.13: no EAs from a caller that does not understand them. */
	if ((c->ctx.present & SMB2_CTX_EXTA) && (req->options & FILE_NO_EA_KNOWLEDGE))
		return STATUS_ACCESS_DENIED;
	if (c->ctx.present & SMB2_CTX_SECD) {
		status = smb2_sd_parse(c->ctx.sd, c->ctx.sd_len, &c->creator_sd);
		if (status != STATUS_SUCCESS)
			return status;
		c->has_sd = true;
	}
	return STATUS_SUCCESS;
}

/*
 * MS-SMB2 3.3.5.9.6 and 3.3.5.9.10: a DHnQ or DH2Q makes the open durable
 * when it caches its handle: a batch oplock or a lease with handle caching
 * (only those survive a disconnect, 3.3.7.1; Windows answers DH2Q alike,
 * <342>). A DH2Q asking for a persistent handle on a share with continuous
 * availability gets one whatever it caches (persistent.c).
 */
static void smb3k_create_durable(struct smb3k_work *w, struct smb3k_open *op,
				 struct smb3k_create *c)
{
	u32 present = c->ctx.present;

	if (!(present & (SMB2_CTX_DHNQ | SMB2_CTX_DH2Q)) || op->is_dir)
		return;
	if (smb3k_persistent_requested(w, &c->ctx))
		op->persistent = true;
	else if (!(c->grant.level == SMB2_OPLOCK_LEVEL_BATCH ||
		   (c->grant.lease && (c->grant.lease_state & SMB2_LEASE_HANDLE_CACHING))))
		return;
	op->durable = true;
	if (present & SMB2_CTX_DH2Q) {
		/* 3.3.5.9.10: Open.IsReplayEligible */
		op->replay_eligible = op->persistent ||
				      (op->granted_access & (FILE_READ_DATA | FILE_EXECUTE |
							     FILE_WRITE_DATA | FILE_APPEND_DATA |
							     DELETE));
		op->durable_v2 = true;
		op->durable_timeout = smb3k_durable_timeout_v2(c->ctx.dh2q_timeout);
	} else {
		op->durable_timeout = SMB3K_DURABLE_V1_TIMEOUT_MS;
	}
}

/*
 * Close an inserted open whose CREATE fails after all (its persistent
 * record could not be written); a file it made goes with it.
 */
static void smb3k_create_undo(struct smb3k_open *op, struct smb3k_ios_open_result *res)
{
	mutex_lock(&smb3k_durable_lock);
	op->persistent = false;		/* there is no record to remove */
	mutex_unlock(&smb3k_durable_lock);
	if (res->create_action == FILE_CREATED) {
		op->delete_on_close = true;
		smb3k_file_set_delete_pending(op, true);
	}
	smb3k_open_close(op);
	smb3k_open_put(op);
}

/* Open @path of the request's tree; the open is in the tree's table on success. */
static u32 smb3k_create_disk(struct smb3k_work *w, const struct smb2_create_req *req,
			     struct smb3k_create *c, const char *path,
			     const struct smb3k_stream_name *sn, struct smb3k_open **out,
			     struct smb3k_ios_open_result *res)
{
	struct smb3k_ios_open_args a = {
		.path = path,
		.stream = sn->name,
		/* "dir::$DATA" names a data stream a directory does not have. */
		.options = req->options | (sn->data ? FILE_NON_DIRECTORY_FILE : 0),
		.file_attributes = req->file_attributes,
		.allocation_size = (c->ctx.present & SMB2_CTX_ALSI) ? c->ctx.alloc_size : 0,
	};
	bool overwrite = req->disposition == FILE_OVERWRITE ||
			 req->disposition == FILE_OVERWRITE_IF ||
			 req->disposition == FILE_SUPERSEDE;
	struct smb3k_open *op;
	u32 status, access;
	int ret;

	access = smb3k_map_generic(req->desired_access & ~MAXIMUM_ALLOWED);
	if (req->desired_access & MAXIMUM_ALLOWED)
		access |= w->tree->maximal_access & FILE_ALL_ACCESS;
	/* 3.3.5.9: unbuffered opens do not append. */
	if (req->options & FILE_NO_INTERMEDIATE_BUFFERING)
		access &= ~FILE_APPEND_DATA;

	/* Overwriting is done after the share-mode check: open first. */
	switch (req->disposition) {
	case FILE_OVERWRITE:
		a.disposition = FILE_OPEN;
		break;
	case FILE_OVERWRITE_IF:
	case FILE_SUPERSEDE:
		a.disposition = FILE_OPEN_IF;
		break;
	default:
		a.disposition = req->disposition;
	}
	a.access = access | (overwrite ? FILE_WRITE_DATA : 0);

	op = smb3k_open_new(w->tree, path);
	if (!op)
		return STATUS_NO_MEMORY;
	op->granted_access = access;
	op->share_access = req->share_access;
	op->create_options = req->options;
	memcpy(op->client_guid, w->conn->client_guid, 16);
	/* 3.3.5.9.10: Open.CreateGuid, durable or not. */
	if (c->ctx.present & SMB2_CTX_DH2Q)
		memcpy(op->create_guid, c->ctx.dh2q_create_guid, 16);

	status = smb3k_create_ios_open(w, req, op, &a, res);
	if (status != STATUS_SUCCESS)
		goto put;
	if (sn->name) {
		op->stream = kstrdup(res->stream ?: sn->name, GFP_KERNEL);
		if (!op->stream) {
			status = STATUS_NO_MEMORY;
			goto put;
		}
	}
	/* A stream of a directory is data: the open is not a directory's. */
	op->is_dir = res->st.directory && !op->stream;
	/* 3.3.5.9.13: the same application's open from another client goes. */
	if (c->ctx.present & SMB2_CTX_APP_INSTANCE_ID) {
		op->app_instance = true;
		memcpy(op->app_instance_id, c->ctx.app_instance_id, 16);
		if (c->ctx.present & SMB2_CTX_APP_INSTANCE_VERSION) {
			op->app_version = true;
			op->app_version_high = c->ctx.app_version_high;
			op->app_version_low = c->ctx.app_version_low;
		}
		status = smb3k_app_instance_claim(w, op, &c->ctx);
		if (status != STATUS_SUCCESS)
			goto put;
	}
	if (res->create_action == FILE_CREATED && overwrite)
		res->create_action = FILE_CREATED;

	/*
	 * Share modes first; on a violation, holders of handle caching may
	 * keep handles their client has closed: break that and look again.
	 * Then the write caching of others goes (MS-FSA 2.1.5.1.2).
	 */
	status = smb3k_file_attach(op, res->st.volume_serial, res->st.index_number);
	if (status == STATUS_SHARING_VIOLATION) {
		status = smb3k_oplock_break_handles(w, op, &c->ctx, res->st.volume_serial,
						    res->st.index_number);
		if (status == STATUS_SUCCESS)
			status = smb3k_file_attach(op, res->st.volume_serial,
						   res->st.index_number);
	}
	if (w->durable_purged && res->create_action != FILE_CREATED)
		status = SMB3K_CREATE_AGAIN;
	if (status != STATUS_SUCCESS)
		goto put;
	status = smb3k_oplock_before_open(w, op, &c->ctx, res->st.volume_serial,
					  res->st.index_number,
					  access | (overwrite ? FILE_WRITE_DATA : 0), overwrite);
	if (status != STATUS_SUCCESS) {
		if (res->create_action != FILE_CREATED)
			goto put;
		/*
		 * Refused (a lease key naming another file: MS-SMB2 3.3.5.9.8):
		 * Windows checks before the open, so leave nothing made behind.
		 */
		op->delete_on_close = true;
		smb3k_file_set_delete_pending(op, true);
		goto put_keep;
	}
	if (w->durable_purged && res->create_action != FILE_CREATED) {
		status = SMB3K_CREATE_AGAIN;
		goto put;
	}

	/*
	 * NT security: a new file gets its descriptor, an old one is checked.
	 * A new stream of an old file is a change of the file: checked.
	 */
	if (res->create_action == FILE_CREATED && (!op->stream || res->file_created)) {
		u32 unused;

		status = smb3k_sd_new_file(w, op, c->has_sd ? &c->creator_sd : NULL);
		if (status != STATUS_SUCCESS) {
			op->delete_on_close = true;	/* do not leave it half made */
			smb3k_file_set_delete_pending(op, true);
			goto put_keep;
		}
		c->maximal = w->tree->maximal_access;
		if (c->ctx.present & SMB2_CTX_MXAC)
			smb3k_sd_access(w, op, MAXIMUM_ALLOWED, &unused, &c->maximal);
	} else {
		u32 granted;

		/* Overwriting writes the file whatever the access asked (MS-FSA). */
		bool writes = overwrite || res->create_action == FILE_CREATED;

		status = smb3k_sd_access(w, op, access | (writes ? FILE_WRITE_DATA : 0) |
					 (req->desired_access & MAXIMUM_ALLOWED),
					 &granted, &c->maximal);
		if (status != STATUS_SUCCESS)
			goto put;
		if (req->desired_access & MAXIMUM_ALLOWED)
			op->granted_access = (granted | op->granted_access) &
					     w->tree->maximal_access & c->maximal;
	}
	c->maximal &= w->tree->maximal_access;

	/* MS-FSA 2.1.5.1.2.1: the read-only attribute guards data and deletion. */
	if (!op->is_dir && (res->st.file_attributes & FILE_ATTRIBUTE_READONLY) &&
	    res->create_action != FILE_CREATED) {
		if (req->options & FILE_DELETE_ON_CLOSE) {
			status = STATUS_CANNOT_DELETE;
			goto put;
		}
		if (op->granted_access & (FILE_WRITE_DATA | FILE_APPEND_DATA)) {
			status = STATUS_ACCESS_DENIED;
			goto put;
		}
	}
	/* ... as a read-only volume does (Volume.IsReadOnly). */
	if ((req->options & FILE_DELETE_ON_CLOSE) && res->create_action != FILE_CREATED &&
	    smb3k_create_volume_read_only(w, op)) {
		status = STATUS_CANNOT_DELETE;
		goto put;
	}
	if (overwrite && res->create_action == FILE_OPENED) {
		status = smb3k_create_overwrite(w, op, req, a.allocation_size, res);
		if (status != STATUS_SUCCESS)
			goto put;
	}
	/* The ExtA EAs of a new file; an overwritten one loses its old EAs. */
	if (op->stream && !res->file_created)
		status = STATUS_SUCCESS;	/* EAs are the file's, not a stream's */
	else
		status = smb3k_ea_create(w, op, c->ctx.ea, c->ctx.ea_len,
					 res->create_action);
	if (status != STATUS_SUCCESS) {
		if (res->create_action != FILE_CREATED)
			goto put;
		op->delete_on_close = true;	/* do not leave it half made */
		smb3k_file_set_delete_pending(op, true);
		goto put_keep;
	}
	if (req->options & FILE_DELETE_ON_CLOSE)
		op->delete_on_close = true;
	status = smb3k_oplock_grant(w, op, req->oplock_level, &c->ctx, &c->grant);
	if (status != STATUS_SUCCESS)
		goto put;
	smb3k_create_durable(w, op, c);
	op->file_attributes = res->st.file_attributes;
	op->create_action = res->create_action;

	ret = smb3k_open_insert(op);
	if (ret) {
		status = ret == -ENOENT ? STATUS_NETWORK_NAME_DELETED :
			 STATUS_INSUFFICIENT_RESOURCES;
		goto put;
	}
	/* 3.3.5.9.10: a persistent open is answered once its record is safe. */
	if (op->persistent) {
		status = smb3k_persistent_save(op);
		if (status != STATUS_SUCCESS) {
			smb3k_create_undo(op, res);
			return status;
		}
	}
	*out = op;
	return STATUS_SUCCESS;
put:
	/* Nothing to delete on close for an open that never happened. */
	op->delete_on_close = false;
put_keep:
	smb3k_open_put(op);
	return status;
}

/* smb3k_create_disk(), again while breaks close durable opens of the file. */
static u32 smb3k_create_disk_again(struct smb3k_work *w, const struct smb2_create_req *req,
				   struct smb3k_create *c, const char *path,
				   const struct smb3k_stream_name *sn, struct smb3k_open **out,
				   struct smb3k_ios_open_result *res)
{
	unsigned int tries;
	u32 status;

	for (tries = 0; tries < SMB3K_CREATE_TRIES; tries++) {
		w->durable_purged = false;
		memset(res, 0, sizeof(*res));
		memset(&c->grant, 0, sizeof(c->grant));
		status = smb3k_create_disk(w, req, c, path, sn, out, res);
		if (status != SMB3K_CREATE_AGAIN)
			return status;
	}
	return STATUS_SHARING_VIOLATION;
}

/*
 * DHnC or DH2C: reclaim a durable open (durable.c) and answer with what it
 * is now: the file queried afresh, the caching it kept, FILE_OPENED.
 */
static u32 smb3k_create_reclaim(struct smb3k_work *w, struct smb3k_create *c,
				const char *path, struct smb3k_open **out,
				struct smb3k_ios_open_result *res)
{
	struct smb3k_ios_ctx ctx;
	struct smb3k_open *op;
	u32 status;

	status = smb3k_durable_reconnect(w, &c->ctx, path, &op);
	if (status != STATUS_SUCCESS)
		return status;
	smb3k_work_ios_ctx(w, &ctx);
	status = smb3k_open_ops(op)->getattr(&ctx, op->ios, &res->st);
	if (status != STATUS_SUCCESS) {
		/* Reclaimed, but the client cannot be told its new FileId. */
		smb3k_open_close(op);
		smb3k_open_put(op);
		return status;
	}
	res->create_action = FILE_OPENED;
	smb3k_oplock_current(op, &c->grant);
	/* Only what 3.3.5.9 asks of every open: no MxAc, no QFid (3.3.5.9.9). */
	c->ctx.present &= ~(SMB2_CTX_MXAC | SMB2_CTX_QFID);
	*out = op;
	return STATUS_SUCCESS;
}

/*
 * MS-SMB2 3.3.5.9 and 3.3.5.9.10: a DH2Q whose CreateGuid names an open of
 * this client that nothing has used yet. Without SMB2_FLAGS_REPLAY_OPERATION
 * that is STATUS_DUPLICATE_OBJECTID; with it the CREATE is a replay, answered
 * from the open as it was made: its FileId and CreateAction, the file
 * queried afresh; the oplock level asked for now (a lease: its state), and
 * DH2Q only when what is asked for could have made it durable (as Windows
 * and Samba answer). Return: SMB3K_CREATE_AGAIN when no such open exists.
 */
static u32 smb3k_create_replay(struct smb3k_work *w, const struct smb2_create_req *req,
			       struct smb3k_create *c, struct smb3k_open **out,
			       struct smb3k_ios_open_result *res)
{
	struct smb3k_ios_ctx ctx;
	struct smb3k_open *op;
	u32 status;

	if (!(c->ctx.present & SMB2_CTX_DH2Q))
		return SMB3K_CREATE_AGAIN;
	op = smb3k_replay_find(w, c->ctx.dh2q_create_guid);
	if (!op)
		return SMB3K_CREATE_AGAIN;
	if (!(w->hdr.flags & SMB2_FLAGS_REPLAY_OPERATION))
		status = STATUS_DUPLICATE_OBJECTID;
	else
		status = smb3k_replay_check(w, op, &c->ctx);
	if (status == STATUS_SUCCESS) {
		smb3k_work_ios_ctx(w, &ctx);
		status = smb3k_open_ops(op)->getattr(&ctx, op->ios, &res->st);
	}
	if (status != STATUS_SUCCESS) {
		smb3k_open_put(op);
		return status;
	}
	res->create_action = op->create_action;
	c->replay = true;
	c->maximal = w->tree->maximal_access;
	if (c->ctx.present & SMB2_CTX_MXAC) {
		u32 unused;

		smb3k_sd_access(w, op, MAXIMUM_ALLOWED, &unused, &c->maximal);
		c->maximal &= w->tree->maximal_access;
	}
	smb3k_oplock_current(op, &c->grant);
	if (!c->grant.lease)
		c->grant.level = req->oplock_level;
	c->replay_durable = op->durable && (req->oplock_level == SMB2_OPLOCK_LEVEL_BATCH ||
					    c->grant.lease);
	*out = op;
	return STATUS_SUCCESS;
}

/**
 * smb3k_smb2_create() - open or create a file, directory or named pipe
 * @w: the request; the dispatcher found its session and tree
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status.
 */
u32 smb3k_smb2_create(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	u8 rsp_ctx[SMB3K_CREATE_RSP_CTX_MAX];
	struct smb3k_ios_open_result res = {};
	struct smb2_create_rsp rsp = {};
	struct smb2_ctx_writer cw;
	struct smb3k_stream_name sn = {};
	struct smb2_create_req req;
	struct smb3k_create *c;
	struct smb3k_open *op;
	char *path = NULL;
	size_t len;
	u32 status, check;

	status = smb2_create_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	if (w->tree->share_type == SMB3K_SHARE_PIPE)
		return smb3k_smb2_create_pipe(w, &req, body, cap, body_len);
	if (!w->tree->ios)
		return STATUS_NOT_SUPPORTED;
	/* 3.3.5.9: on a share with continuous availability data goes to disk. */
	if ((w->tree->options & SMB3K_SHARE_OPT_CA) &&
	    (w->conn->server_capabilities & SMB2_GLOBAL_CAP_PERSISTENT_HANDLES))
		req.options |= FILE_WRITE_THROUGH;
	c = kzalloc(sizeof(*c), GFP_KERNEL);
	if (!c)
		return STATUS_NO_MEMORY;
	status = smb3k_create_contexts(w, &req, c);
	/*
	 * A reclaim takes none of the request's open parameters (its context
	 * checks come first), and its name is only compared (3.3.5.9.7,
	 * 3.3.5.9.12).
	 */
	if (c->ctx.present & (SMB2_CTX_DHNC | SMB2_CTX_DH2C)) {
		if (status != STATUS_SUCCESS)
			goto out;
		status = smb3k_smb2_path_stream(req.name, req.name_len, 0, &path, &sn);
		status = smb3k_create_reclaim(w, c, status == STATUS_SUCCESS ? path : NULL,
					      &op, &res);
		kfree(path);
		kfree(sn.name);
		if (status != STATUS_SUCCESS)
			goto out;
		goto reply;
	}
	/* The request's own checks come before those of its contexts. */
	check = smb3k_create_check(w, &req);
	if (check != STATUS_SUCCESS)
		status = check;
	if (status != STATUS_SUCCESS)
		goto out;
	status = smb3k_create_replay(w, &req, c, &op, &res);
	if (status == STATUS_SUCCESS)
		goto reply;
	if (status != SMB3K_CREATE_AGAIN)
		goto out;
	status = smb3k_smb2_path_stream(req.name, req.name_len, 0, &path, &sn);
	if (status != STATUS_SUCCESS)
		goto out;
	if (sn.data && (req.options & FILE_DIRECTORY_FILE))
		status = STATUS_NOT_A_DIRECTORY;	/* a stream is never a directory */
	else if (sn.name && !w->tree->ios->ops->list_streams)
		status = STATUS_OBJECT_NAME_INVALID;	/* no named streams here */
	else
		status = smb3k_create_disk_again(w, &req, c, path, &sn, &op, &res);
	kfree(path);
	kfree(sn.name);
	if (status != STATUS_SUCCESS)
		goto out;
reply:
	smb3k_work_set_open(w, op);

	smb2_ctx_writer_init(&cw, rsp_ctx, sizeof(rsp_ctx));
	if (c->ctx.present & SMB2_CTX_MXAC)
		smb2_ctx_put_mxac(&cw, STATUS_SUCCESS, c->maximal);
	if (c->ctx.present & SMB2_CTX_QFID)
		smb2_ctx_put_qfid(&cw, res.st.index_number, res.st.volume_serial);
	if (c->grant.lease) {
		/* The lease's own form answers, whatever form asked (smb2.lease.v2_epoch2). */
		c->ctx.lease_version = c->grant.lease_version;
		smb2_ctx_put_lease(&cw, &c->ctx, c->grant.lease_state, c->grant.lease_flags,
				   c->grant.lease_epoch);
	}
	/* 3.3.5.9.6, 3.3.5.9.10; a reclaim answers with no durable context. */
	if (op->durable && !(c->ctx.present & (SMB2_CTX_DHNC | SMB2_CTX_DH2C)) &&
	    (!c->replay || c->replay_durable)) {
		if (op->durable_v2)
			smb2_ctx_put_dh2q(&cw, op->durable_timeout,
					  op->persistent ? SMB2_DHANDLE_FLAG_PERSISTENT : 0);
		else
			smb2_ctx_put_dhnq(&cw);
	}
	rsp.oplock_level = c->grant.level;
	rsp.contexts = cw.used ? rsp_ctx : NULL;
	rsp.contexts_len = cw.used;

	rsp.create_action = res.create_action;
	rsp.creation_time = res.st.creation_time;
	rsp.last_access_time = res.st.last_access_time;
	rsp.last_write_time = res.st.last_write_time;
	rsp.change_time = res.st.change_time;
	rsp.allocation_size = res.st.allocation_size;
	rsp.end_of_file = res.st.end_of_file;
	rsp.file_attributes = res.st.file_attributes;
	rsp.fileid.persistent = op->persistent_id;
	rsp.fileid.volatile_id = op->id;
	status = smb2_create_build_rsp(&rsp, body, cap, &len);
	*body_len = len;
out:
	kfree(c);
	return status;
}
