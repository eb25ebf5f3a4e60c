// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 CREATE of a named pipe on IPC$ (MS-SMB2 3.3.5.9): smb3kd serves
 * the pipe; the kernel keeps the open.
 */
#include <linux/nls.h>
#include <linux/slab.h>
#include <linux/smb3k.h>

#include "open.h"
#include "pipe.h"
#include "session.h"
#include "smb2_dispatch.h"
#include "unicode.h"
#include "tree.h"
#include "proto/smb2_file.h"

#define SMB3K_PIPE_NAME_MAX	256

/* A pipe name as NUL-terminated UTF-8, or NULL when it is not valid. */
static char *smb3k_pipe_name(const struct smb2_create_req *req)
{
	size_t units = req->name_len / 2;
	char *name;
	int n;

	if (!units || units > SMB3K_PIPE_NAME_MAX ||
	    smb3k_utf16_has_nul(req->name, units))
		return NULL;
	name = kmalloc(4 * SMB3K_PIPE_NAME_MAX + 1, GFP_KERNEL);
	if (!name)
		return NULL;
	n = utf16s_to_utf8s((const wchar_t *)req->name, units, UTF16_LITTLE_ENDIAN,
			    name, 4 * SMB3K_PIPE_NAME_MAX);
	if (n <= 0 || memchr(name, 0, n)) {
		kfree(name);
		return NULL;
	}
	name[n] = '\0';
	return name;
}

/**
 * smb3k_smb2_create_pipe() - open a named pipe
 * @w: the request; the dispatcher found its session and tree
 * @req: the parsed CREATE
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status.
 */
u32 smb3k_smb2_create_pipe(struct smb3k_work *w, const struct smb2_create_req *req,
			   u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_create_rsp rsp = {};
	struct smb3k_open *op;
	u64 pipe_id = 0;
	size_t len;
	char *name;
	u32 status;

	name = smb3k_pipe_name(req);
	if (!name)
		return STATUS_OBJECT_NAME_INVALID;

	status = smb3k_pipe_open(w->sess, name, &pipe_id);
	if (status != STATUS_SUCCESS)
		goto out;
	op = smb3k_open_add(w->tree, pipe_id, name);
	if (IS_ERR(op)) {
		struct smb3k_open tmp = { .pipe_id = pipe_id };
		u32 n;

		/* Tell the daemon to drop the pipe it opened for us. */
		smb3k_pipe_io(SMB3K_CMD_RPC_CLOSE, &tmp, NULL, 0, NULL, 0, &n);
		status = PTR_ERR(op) == -ENOENT ? STATUS_NETWORK_NAME_DELETED :
			 STATUS_INSUFFICIENT_RESOURCES;
		goto out;
	}
	smb3k_work_set_open(w, op);

	rsp.create_action = FILE_OPENED;
	rsp.file_attributes = FILE_ATTRIBUTE_NORMAL;
	rsp.fileid.persistent = op->persistent_id;
	rsp.fileid.volatile_id = op->id;
	status = smb2_create_build_rsp(&rsp, body, cap, &len);
	*body_len = len;
out:
	kfree(name);
	return status;
}
