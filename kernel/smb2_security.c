// SPDX-License-Identifier: GPL-2.0
/*
 * NT security on disk shares: QUERY_INFO/SET_INFO of SMB2_0_INFO_SECURITY
 * (MS-SMB2 3.3.5.20.3, 3.3.5.21.3), the descriptor of a new file (MS-DTYP
 * 2.5.3.4 inheritance, or the client's SecD context), and the access check
 * of an open against a stored descriptor (MS-DTYP 2.5.3.2). The session's
 * token is its Unix user and groups (primary and supplementary) as
 * S-1-22-1-uid / S-1-22-2-gid, plus Everyone and, for real users,
 * Authenticated Users.
 */
#include <linux/slab.h>

#include "smb2_fileops.h"
#include "smb2_security.h"
#include "proto/security_desc.h"
#include "proto/smb2_info.h"

/* What the SMB2_0_INFO_SECURITY parts need (MS-SMB2 3.3.5.20.3). */
static u32 smb3k_sd_info_access(u32 info, bool set)
{
	u32 need = 0;

	if (set) {
		if (info & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
			    LABEL_SECURITY_INFORMATION))
			need |= WRITE_OWNER;
		if (info & DACL_SECURITY_INFORMATION)
			need |= WRITE_DAC;
	} else if (info & (OWNER_SECURITY_INFORMATION | GROUP_SECURITY_INFORMATION |
			   DACL_SECURITY_INFORMATION | LABEL_SECURITY_INFORMATION)) {
		need |= READ_CONTROL;
	}
	if (info & SACL_SECURITY_INFORMATION)
		need |= ACCESS_SYSTEM_SECURITY;
	return need;
}

/* Rights a descriptor made from the mode decides (see smb3k_sd_access()). */
#define SMB3K_SD_META_RIGHTS	(FILE_WRITE_ATTRIBUTES | FILE_READ_EA | FILE_WRITE_EA | \
				 WRITE_DAC | WRITE_OWNER)

/* Most descriptors are small: try this much first. */
#define SMB3K_SD_GUESS		4096

/* The descriptor of an open file, stored or synthesised, in a new buffer. */
static u32 smb3k_sd_load(const struct smb3k_ios_ctx *ctx, struct smb3k_open *op,
			 u8 **buf, u32 *len, bool *stored)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(op);
	u32 size = SMB3K_SD_GUESS, status;

	if (!ops->get_security)
		return STATUS_NOT_SUPPORTED;
	for (;;) {
		*buf = kvmalloc(size, GFP_KERNEL);
		if (!*buf)
			return STATUS_NO_MEMORY;
		status = ops->get_security(ctx, op->ios, *buf, size, len, stored);
		if (status == STATUS_SUCCESS)
			return status;
		kvfree(*buf);
		*buf = NULL;
		if (status != STATUS_BUFFER_TOO_SMALL || size == SMB3K_IOS_SD_MAX ||
		    *len > SMB3K_IOS_SD_MAX)
			return status;
		size = SMB3K_IOS_SD_MAX;
	}
}

/**
 * smb3k_query_security() - SMB2_0_INFO_SECURITY of QUERY_INFO
 * @w: the request
 * @req: the parsed query
 * @out: where the descriptor goes
 * @cap: bytes at @out
 * @len: set to the length written, or needed (STATUS_BUFFER_TOO_SMALL)
 *
 * Return: NT status.
 */
u32 smb3k_query_security(struct smb3k_work *w, const struct smb2_query_info_req *req,
			 u8 *out, u32 cap, u32 *len)
{
	struct smb3k_open *op = w->open;
	u32 need = smb3k_sd_info_access(req->additional_info, false);
	struct smb3k_ios_ctx ctx;
	struct smb2_sd_view sd;
	u32 status, n;
	bool stored;
	u8 *buf;

	if ((op->granted_access & need) != need)
		return STATUS_ACCESS_DENIED;
	smb3k_work_ios_ctx(w, &ctx);
	status = smb3k_sd_load(&ctx, op, &buf, &n, &stored);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb2_sd_parse(buf, n, &sd);
	if (status == STATUS_SUCCESS)
		status = smb2_sd_select(&sd, req->additional_info, out, cap, len);
	kvfree(buf);
	return status;
}

/**
 * smb3k_set_security() - SMB2_0_INFO_SECURITY of SET_INFO
 * @w: the request
 * @req: the parsed request: a self-relative descriptor
 *
 * Return: NT status.
 */
u32 smb3k_set_security(struct smb3k_work *w, const struct smb2_set_info_req *req)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(w->open);
	struct smb3k_open *op = w->open;
	u32 need = smb3k_sd_info_access(req->additional_info, true);
	struct smb2_sd_view old, new_sd;
	struct smb3k_ios_ctx ctx;
	u32 status, n, out_len;
	u8 *buf, *out;
	bool stored;

	if ((op->granted_access & need) != need)
		return STATUS_ACCESS_DENIED;
	if (!ops->set_security)
		return STATUS_NOT_SUPPORTED;
	status = smb2_sd_parse(req->buf, req->buf_len, &new_sd);
	if (status != STATUS_SUCCESS)
		return status;
	smb3k_work_ios_ctx(w, &ctx);
	status = smb3k_sd_load(&ctx, op, &buf, &n, &stored);
	if (status != STATUS_SUCCESS)
		return status;
	out = kvmalloc(SMB3K_IOS_SD_MAX, GFP_KERNEL);
	if (!out) {
		kvfree(buf);
		return STATUS_NO_MEMORY;
	}
	status = smb2_sd_parse(buf, n, &old);
	if (status == STATUS_SUCCESS)
		status = smb2_sd_merge(&old, &new_sd, req->additional_info, out,
				       SMB3K_IOS_SD_MAX, &out_len);
	if (status == STATUS_SUCCESS)
		status = ops->set_security(&ctx, op->ios, out, out_len);
	kvfree(out);
	kvfree(buf);
	return status;
}

/*
 * The session's token (see the top of this file); its group SIDs are
 * kvmalloc'ed into *@groups (kvfree them). Returns false without memory.
 */
static bool smb3k_sd_token(const struct smb3k_session *sess, struct smb2_sid *user,
			   struct smb2_sid **groups, struct smb2_token *tok)
{
	const struct group_info *gi = sess->cred ? sess->cred->group_info : NULL;
	u32 extra = gi ? gi->ngroups : 0, n = 0, i;
	struct smb2_sid *g;

	g = kvmalloc_array(extra + 3, sizeof(*g), GFP_KERNEL);
	if (!g)
		return false;
	smb2_sid_unix_user(sess->uid, user);
	smb2_sid_unix_group(sess->gid, &g[n++]);
	for (i = 0; i < extra; i++)
		smb2_sid_unix_group(from_kgid(&init_user_ns, gi->gid[i]), &g[n++]);
	g[n++] = smb2_sid_everyone;
	if (!sess->is_guest && !sess->is_null)
		g[n++] = smb2_sid_authenticated_users;
	tok->user = user;
	tok->groups = g;
	tok->ngroups = n;
	tok->is_admin = sess->uid == 0;
	*groups = g;
	return true;
}

/*
 * Does the parent directory's stored descriptor grant @want? A parent
 * without one leaves the decision to the file system (true).
 */
static bool smb3k_sd_parent_allows(struct smb3k_work *w, struct smb3k_open *op,
				   const struct smb2_token *tok, u32 want)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(op);
	struct smb3k_ios_ctx ctx;
	struct smb2_sd_view sd;
	u32 status, n, granted;
	bool ok = true;
	u8 *buf;

	if (!ops->get_parent_security || !*op->name)
		return true;
	buf = kvmalloc(SMB3K_IOS_SD_MAX, GFP_KERNEL);
	if (!buf)
		return false;
	smb3k_work_ios_ctx(w, &ctx);
	status = ops->get_parent_security(&ctx, op->ios, buf, SMB3K_IOS_SD_MAX, &n);
	if (status == STATUS_SUCCESS)
		ok = smb2_sd_parse(buf, n, &sd) == STATUS_SUCCESS &&
		     smb2_access_check(&sd, tok, want, false, &granted) == STATUS_SUCCESS;
	else if (status != STATUS_NOT_FOUND)
		ok = false;
	kvfree(buf);
	return ok;
}

/**
 * smb3k_sd_access() - check an open's access against the file's descriptor
 * @w: the CREATE
 * @op: the new open, attached to its file
 * @desired: DesiredAccess with generic rights mapped (MAXIMUM_ALLOWED kept)
 * @granted: set to what the descriptor allows of it (all of it, or the
 *	     maximum when MAXIMUM_ALLOWED is asked)
 * @maximal: set to the maximal access (for MxAc), may be NULL
 *
 * A stored descriptor decides everything. For a file without one, the
 * file system's own checks (in the driver) decide data access, and the
 * descriptor made from the mode decides what the file system does not see
 * (attributes, EAs, descriptor, owner: smb3k writes those itself).
 *
 * Return: STATUS_SUCCESS or STATUS_ACCESS_DENIED (or an IO error).
 */
u32 smb3k_sd_access(struct smb3k_work *w, struct smb3k_open *op, u32 desired, u32 *granted,
		    u32 *maximal)
{
	struct smb2_sid user, *groups = NULL;
	struct smb3k_ios_ctx ctx;
	struct smb2_token tok;
	struct smb2_sd_view sd;
	u32 status, n, max = 0;
	bool stored;
	u8 *buf;

	smb3k_work_ios_ctx(w, &ctx);
	status = smb3k_sd_load(&ctx, op, &buf, &n, &stored);
	if (status == STATUS_NOT_SUPPORTED) {
		*granted = desired & ~MAXIMUM_ALLOWED;
		if (maximal)
			*maximal = FILE_ALL_ACCESS;
		return STATUS_SUCCESS;
	}
	if (status != STATUS_SUCCESS)
		return status;
	status = smb2_sd_parse(buf, n, &sd);
	if (status != STATUS_SUCCESS)
		goto out;
	if (!smb3k_sd_token(w->sess, &user, &groups, &tok)) {
		status = STATUS_NO_MEMORY;
		goto out;
	}
	if (smb2_access_check(&sd, &tok, MAXIMUM_ALLOWED, tok.is_admin, &max) !=
	    STATUS_SUCCESS)
		max = 0;
	/* Root is not bound by descriptors, as it is not by modes. */
	if (tok.is_admin)
		max = FILE_ALL_ACCESS;
	if (maximal)
		*maximal = max;
	/*
	 * A descriptor made from the mode: the file system enforces the mode
	 * on data itself; the rights it does not see (attributes, EAs, the
	 * descriptor, the owner: smb3k writes those with the module's
	 * credentials) are decided here, through that descriptor.
	 */
	if (!stored) {
		if (desired & ~MAXIMUM_ALLOWED & SMB3K_SD_META_RIGHTS & ~max) {
			status = STATUS_ACCESS_DENIED;
			goto out;
		}
		*granted = (desired & MAXIMUM_ALLOWED) ?
			   (FILE_ALL_ACCESS & ~SMB3K_SD_META_RIGHTS) | (max & SMB3K_SD_META_RIGHTS) :
			   desired;
		if (maximal)
			*maximal = (FILE_ALL_ACCESS & ~SMB3K_SD_META_RIGHTS) |
				   (max & SMB3K_SD_META_RIGHTS);
		goto out;
	}
	/* MS-FSA 2.1.5.1.2.1: FILE_DELETE_CHILD on the parent grants DELETE. */
	if (!(max & DELETE) && smb3k_sd_parent_allows(w, op, &tok, FILE_DELETE_CHILD))
		max |= DELETE;
	*granted = (desired & MAXIMUM_ALLOWED) ? max : desired;
	if ((desired & ~MAXIMUM_ALLOWED & ~ACCESS_SYSTEM_SECURITY) & ~max)
		status = STATUS_ACCESS_DENIED;
	else if ((desired & MAXIMUM_ALLOWED) && !max)
		status = STATUS_ACCESS_DENIED;
out:
	kvfree(groups);
	kvfree(buf);
	return status;
}

/**
 * smb3k_sd_new_file() - give a file just created its descriptor
 * @w: the CREATE
 * @op: the new open (with WRITE_DAC or not: this is the creator's right)
 * @creator: the SecD context's descriptor, validated, or NULL
 *
 * Inherits from the parent's stored descriptor (MS-DTYP 2.5.3.4) merged
 * with @creator. When neither exists, nothing is stored: the file's mode
 * stands for its descriptor.
 *
 * Return: NT status.
 */
u32 smb3k_sd_new_file(struct smb3k_work *w, struct smb3k_open *op,
		      const struct smb2_sd_view *creator)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(op);
	struct smb2_sd_view parent, *pp = NULL;
	struct smb2_sid owner, group;
	struct smb3k_ios_ctx ctx;
	u32 status, n = 0, len;
	u8 *pbuf, *out;

	if (!ops->set_security || !ops->get_parent_security)
		return creator ? STATUS_NOT_SUPPORTED : STATUS_SUCCESS;
	pbuf = kvmalloc(2 * SMB3K_IOS_SD_MAX, GFP_KERNEL);
	if (!pbuf)
		return STATUS_NO_MEMORY;
	out = pbuf + SMB3K_IOS_SD_MAX;
	smb3k_work_ios_ctx(w, &ctx);
	status = ops->get_parent_security(&ctx, op->ios, pbuf, SMB3K_IOS_SD_MAX, &n);
	if (status == STATUS_SUCCESS && smb2_sd_parse(pbuf, n, &parent) == STATUS_SUCCESS)
		pp = &parent;
	status = STATUS_SUCCESS;
	if (!pp && !creator)
		goto out;
	smb2_sid_unix_user(w->sess->uid, &owner);
	smb2_sid_unix_group(w->sess->gid, &group);
	status = smb2_sd_inherit(pp, creator, op->is_dir, &owner, &group, out,
				 SMB3K_IOS_SD_MAX, &len);
	if (status == STATUS_SUCCESS)
		status = ops->set_security(&ctx, op->ios, out, len);
	/* A file system without xattrs keeps what its modes say. */
	if (status == STATUS_NOT_SUPPORTED && !creator)
		status = STATUS_SUCCESS;
out:
	kvfree(pbuf);
	return status;
}
