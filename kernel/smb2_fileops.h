/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the file-service handlers share: the IOS client context of a
 * request, the IO size limit, and the open's driver.
 */
#ifndef _SMB3K_SMB2_FILEOPS_H
#define _SMB3K_SMB2_FILEOPS_H

#include <linux/smb3k.h>

#include "conn.h"
#include "ios.h"
#include "open.h"
#include "session.h"
#include "smb2_dispatch.h"
#include "tree.h"

/* 2.0.2 has no multi-credit requests: 64 KiB reads and writes at most. */
#define SMB3K_MAX_IO_202	65536

static inline u32 smb3k_conn_max_io(const struct smb3k_conn *conn)
{
	return conn->dialect >= SMB3K_DIALECT_210 ? SMB3K_MAX_IO : SMB3K_MAX_IO_202;
}

/*
 * The IOS client context of a request on an open or on its tree: the
 * request's own session and tree (an open's are those, except that a
 * durable open may move to another tree while a request of its old
 * connection finishes).
 */
static inline void smb3k_work_ios_ctx(struct smb3k_work *w, struct smb3k_ios_ctx *ctx)
{
	struct smb3k_tree *tree = w->tree;

	memset(ctx, 0, sizeof(*ctx));
	ctx->cred = w->sess->cred;
	ctx->user = w->sess->user;
	ctx->uid = w->sess->uid;
	ctx->gid = w->sess->gid;
	ctx->session_id = w->sess->id;
	ctx->share_name = tree->share_name;
	ctx->share_options = tree->options;
	ctx->flags = smb3k_tree_ios_flags(tree);
	ctx->client_guid = w->conn->client_guid;
	ctx->peer = &w->conn->peer;
}

/* The driver of a disk open (fixed for its life, unlike its tree). */
static inline const struct smb3k_ios_ops *smb3k_open_ops(const struct smb3k_open *op)
{
	return op->ios->share->ops;
}

/* A disk open of the request, or the status to answer with. */
static inline u32 smb3k_work_disk_open(struct smb3k_work *w, u64 persistent, u64 volatile_id)
{
	u32 status = smb3k_work_find_open(w, persistent, volatile_id);

	if (status != STATUS_SUCCESS)
		return status;
	if (!w->open->ios)
		return STATUS_INVALID_DEVICE_REQUEST;
	return STATUS_SUCCESS;
}

#endif /* _SMB3K_SMB2_FILEOPS_H */
