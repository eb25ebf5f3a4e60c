// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 QUERY_DIRECTORY (MS-SMB2 3.3.5.18). Entries come from the IOS
 * driver's readdir in batches; each that matches the search pattern
 * (MS-FSA 2.1.4.4 wildcards) is described and encoded. The open keeps
 * the readdir cookie of the first entry not yet returned, so an entry that
 * does not fit is the first of the next response: nothing is skipped or
 * repeated, whatever changes in the directory in between.
 */
#include <linux/nls.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "smb2_fileops.h"
#include "proto/short_name.h"
#include "proto/smb2_query_dir.h"
#include "proto/wildcard.h"

#define SMB3K_DIR_BATCH		64
#define SMB3K_DIR_NAME_MAX	255	/* bytes of a Linux name (NAME_MAX) */

struct smb3k_dir_name {
	u64 pos;
	u8 len;
	char name[SMB3K_DIR_NAME_MAX + 1];
};

struct smb3k_dir_batch {
	unsigned int n;
	struct smb3k_dir_name e[SMB3K_DIR_BATCH];
	wchar_t name16[SMB3K_DIR_NAME_MAX + 1];
	u8 short16[SMB2_SHORT_NAME_MAX_BYTES];
};

static bool smb3k_dir_collect(void *arg, const char *name, int len, u64 pos)
{
	struct smb3k_dir_batch *b = arg;
	struct smb3k_dir_name *e;

	if (b->n == SMB3K_DIR_BATCH)
		return false;
	if (len <= 0 || len > SMB3K_DIR_NAME_MAX)
		return true;	/* cannot be named over SMB: skip */
	e = &b->e[b->n++];
	e->pos = pos;
	e->len = len;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	return true;
}

struct smb3k_dir_query {
	struct smb3k_work *w;
	struct smb3k_open *op;
	struct smb3k_ios_ctx ctx;
	const struct smb2_query_dir_req *req;
	struct smb2_dir_writer dw;
	bool ci;
	bool full;
	bool truncated;
};

enum smb3k_emit {
	SMB3K_EMIT_NEXT,	/* go on */
	SMB3K_EMIT_STOP_AT,	/* full: resume at this entry */
	SMB3K_EMIT_STOP_AFTER,	/* single entry returned: resume after it */
};

/* Encode one entry if it matches. */
static enum smb3k_emit smb3k_dir_emit(struct smb3k_dir_query *q, struct smb3k_dir_batch *b,
				      const struct smb3k_dir_name *e)
{
	struct smb3k_open *op = q->op;
	struct smb2_dir_entry de = {};
	struct fscc_file_stat st;
	u32 status, short_len;
	int units;

	units = utf8s_to_utf16s(e->name, e->len, UTF16_LITTLE_ENDIAN, b->name16,
				SMB3K_DIR_NAME_MAX);
	if (units <= 0)
		return SMB3K_EMIT_NEXT;	/* not valid UTF-8: no SMB name for it */
	if (op->dir_pattern_len &&
	    !smb2_wildcard_match(op->dir_pattern, op->dir_pattern_len, (const u8 *)b->name16,
				 units * 2, q->ci))
		return SMB3K_EMIT_NEXT;
	status = smb3k_open_ops(op)->stat_child(&q->ctx, op->ios, e->name, e->len, &st);
	if (status != STATUS_SUCCESS)
		return SMB3K_EMIT_NEXT;	/* gone since readdir saw it */
	de.st = &st;
	de.name = (const u8 *)b->name16;
	de.name_len = units * 2;
	if (smb2_short_name(de.name, de.name_len, b->short16, &short_len) == STATUS_SUCCESS) {
		de.short_name = b->short16;
		de.short_name_len = short_len;
	}
	status = smb2_dir_append(&q->dw, q->req->info_class, &de);
	if (status == STATUS_BUFFER_OVERFLOW && !q->dw.count) {
		/* MS-FSA 2.1.5.6.3: a first entry that does not fit goes cut. */
		status = smb2_dir_append_truncated(&q->dw, q->req->info_class, &de);
		if (status == STATUS_BUFFER_OVERFLOW) {
			q->truncated = true;
			q->full = true;
			return SMB3K_EMIT_STOP_AFTER;
		}
	}
	if (status == STATUS_BUFFER_OVERFLOW) {
		q->full = true;
		return SMB3K_EMIT_STOP_AT;
	}
	if (status != STATUS_SUCCESS)
		return SMB3K_EMIT_NEXT;
	if (q->req->flags & SMB2_RETURN_SINGLE_ENTRY) {
		q->full = true;
		return SMB3K_EMIT_STOP_AFTER;
	}
	return SMB3K_EMIT_NEXT;
}

/* Fill the response from the open's cursor on. */
static u32 smb3k_dir_fill(struct smb3k_dir_query *q)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(q->op);
	struct smb3k_open *op = q->op;
	struct smb3k_dir_batch *b;
	u32 status = STATUS_SUCCESS;
	enum smb3k_emit r = SMB3K_EMIT_NEXT;
	unsigned int i;
	u64 pos;

	b = kmalloc(sizeof(*b), GFP_KERNEL);
	if (!b)
		return STATUS_NO_MEMORY;
	while (!op->dir_done && !q->full) {
		b->n = 0;
		pos = op->dir_pos;
		status = ops->readdir(&q->ctx, op->ios, &pos, smb3k_dir_collect, b);
		if (status != STATUS_SUCCESS)
			break;
		if (!b->n) {
			op->dir_done = true;
			break;
		}
		for (i = 0; i < b->n; i++) {
			r = smb3k_dir_emit(q, b, &b->e[i]);
			if (r != SMB3K_EMIT_NEXT)
				break;
		}
		cond_resched();
		if (r == SMB3K_EMIT_STOP_AT)
			op->dir_pos = b->e[i].pos;
		else if (r == SMB3K_EMIT_STOP_AFTER && i + 1 < b->n)
			op->dir_pos = b->e[i + 1].pos;
		else
			op->dir_pos = pos;
	}
	kfree(b);
	return status;
}

/* The pattern of the first query (or of a restart/reopen) stays. */
static u32 smb3k_dir_set_pattern(struct smb3k_open *op, const struct smb2_query_dir_req *req)
{
	bool reset = req->flags & (SMB2_RESTART_SCANS | SMB2_REOPEN);
	u8 *p;

	if (reset) {
		op->dir_pos = 0;
		op->dir_done = false;
		op->dir_returned = false;
	}
	if (op->dir_pattern_set && !(req->flags & SMB2_REOPEN) &&
	    !(reset && req->pattern_len))
		return STATUS_SUCCESS;
	if (req->pattern_len && !smb2_wildcard_expr_valid(req->pattern, req->pattern_len))
		return STATUS_OBJECT_NAME_INVALID;
	p = req->pattern_len ? kmemdup(req->pattern, req->pattern_len, GFP_KERNEL) : NULL;
	if (req->pattern_len && !p)
		return STATUS_NO_MEMORY;
	kfree(op->dir_pattern);
	op->dir_pattern = p;
	op->dir_pattern_len = req->pattern_len;
	op->dir_pattern_set = true;
	/* "*" matches everything: no need to match each name. */
	if (op->dir_pattern_len == 2 && get_unaligned_le16(op->dir_pattern) == '*')
		op->dir_pattern_len = 0;
	return STATUS_SUCCESS;
}

/**
 * smb3k_smb2_query_directory() - list a directory
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status; STATUS_NO_SUCH_FILE when nothing matches at all,
 * STATUS_NO_MORE_FILES when the listing is over.
 */
u32 smb3k_smb2_query_directory(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_query_dir_req req;
	struct smb3k_dir_query q = {};
	struct smb3k_open *op;
	u32 status, parse, out_cap;
	size_t len;

	/* An unknown class is answered after the FileId (3.3.5.18). */
	parse = smb2_query_dir_parse(w->cmd, w->cmd_len, &req);
	if (parse != STATUS_SUCCESS && parse != STATUS_INVALID_INFO_CLASS)
		return parse;
	status = smb3k_work_disk_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	op = w->open;
	if (req.output_len > smb3k_conn_max_io(w->conn))
		return STATUS_INVALID_PARAMETER;
	if (parse != STATUS_SUCCESS)
		return parse;
	if (!op->is_dir)
		return STATUS_INVALID_PARAMETER;
	if (!(op->granted_access & FILE_READ_DATA))
		return STATUS_ACCESS_DENIED;
	if (req.output_len < smb2_dir_entry_min_size(req.info_class))
		return STATUS_INFO_LENGTH_MISMATCH;
	if (cap <= SMB2_QUERY_DIR_RSP_FIXED)
		return STATUS_INSUFFICIENT_RESOURCES;
	out_cap = min_t(u32, req.output_len, cap - SMB2_QUERY_DIR_RSP_FIXED);

	q.w = w;
	q.op = op;
	q.req = &req;
	smb3k_work_ios_ctx(w, &q.ctx);
	q.ci = q.ctx.flags & SMB3K_IOS_CASE_INSENSITIVE;
	smb2_dir_writer_init(&q.dw, body + SMB2_QUERY_DIR_RSP_FIXED, out_cap);

	mutex_lock(&op->lock);
	status = smb3k_dir_set_pattern(op, &req);
	if (status == STATUS_SUCCESS)
		status = smb3k_dir_fill(&q);
	if (status == STATUS_SUCCESS && !q.dw.count)
		status = op->dir_returned ? STATUS_NO_MORE_FILES : STATUS_NO_SUCH_FILE;
	op->dir_returned = true;
	mutex_unlock(&op->lock);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb2_query_dir_build_rsp(q.dw.used, body, cap, &len);
	*body_len = len;
	if (status == STATUS_SUCCESS && q.truncated) {
		w->keep_body = true;
		status = STATUS_BUFFER_OVERFLOW;
	}
	return status;
}
