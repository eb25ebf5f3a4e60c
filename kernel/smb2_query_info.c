// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 QUERY_INFO (MS-SMB2 3.3.5.20): file and file-system information
 * classes (MS-FSCC 2.4, 2.5) from what the IOS driver reports, encoded by
 * the codec straight into the response.
 */
#include <linux/nls.h>
#include <linux/slab.h>

#include "file_table.h"
#include "smb2_ea.h"
#include "smb2_fileops.h"
#include "smb2_security.h"
#include "proto/short_name.h"
#include "proto/smb2_info.h"

/* MS-FSA 2.1.5.12: the classes that need FILE_READ_ATTRIBUTES. */
static bool smb3k_info_needs_read_attributes(u8 cls)
{
	switch (cls) {
	case FileBasicInformation:
	case FileAllInformation:
	case FileNetworkOpenInformation:
	case FileAttributeTagInformation:
		return true;
	}
	return false;
}

/* smb3k_open_name16() flags */
#define SMB3K_NAME16_STREAM	0x1	/* append ":stream" for a named-stream open */
#define SMB3K_NAME16_NORMALIZED	0x2	/* the case on disk, no leading '\' (MS-FSCC 2.4.30) */

/**
 * smb3k_open_name16() - an open's name as the name information classes want it
 * @op: the open
 * @flags: SMB3K_NAME16_*
 * @len: set to the length in bytes
 *
 * Return: kmalloc'ed UTF-16LE "\dir\file" ("\" for the root), or with
 * SMB3K_NAME16_NORMALIZED "dir\file" as stored ("" for the root); NULL
 * without memory.
 */
static u8 *smb3k_open_name16(struct smb3k_open *op, unsigned int flags, u32 *len)
{
	const struct smb3k_ios_ops *ops = op->ios ? smb3k_open_ops(op) : NULL;
	bool lead = !(flags & SMB3K_NAME16_NORMALIZED);
	char *real = NULL;
	const char *name;
	size_t i, n, sn = 0;
	int units = 0, su;
	wchar_t *buf;

	if ((flags & SMB3K_NAME16_NORMALIZED) && ops && ops->real_path)
		real = ops->real_path(op->ios);
	/* A rename of this open swaps op->name and op->stream under op->lock. */
	mutex_lock(&op->lock);
	name = real ?: op->name;
	n = strlen(name);
	if ((flags & SMB3K_NAME16_STREAM) && op->stream)
		sn = strlen(op->stream);
	buf = kmalloc((n + sn + 3) * sizeof(wchar_t), GFP_KERNEL);
	if (!buf)
		goto fail;
	buf[0] = cpu_to_le16('\\');
	if (n) {
		units = utf8s_to_utf16s(name, n, UTF16_LITTLE_ENDIAN, buf + 1, n);
		if (units < 0)
			goto fail;
	}
	if (sn) {
		buf[++units] = cpu_to_le16(':');
		su = utf8s_to_utf16s(op->stream, sn, UTF16_LITTLE_ENDIAN, buf + units + 1, sn);
		if (su < 0)
			goto fail;
		units += su;
	}
	mutex_unlock(&op->lock);
	kfree(real);
	for (i = 1; i <= units; i++)
		if (buf[i] == cpu_to_le16('/'))
			buf[i] = cpu_to_le16('\\');
	if (!lead)
		memmove(buf, buf + 1, units * sizeof(wchar_t));
	*len = (units + lead) * 2;
	return (u8 *)buf;
fail:
	mutex_unlock(&op->lock);
	kfree(real);
	kfree(buf);
	return NULL;
}

/* FileStreamInformation entries being gathered (MS-FSCC 2.4.49). */
struct smb3k_stream_list {
	struct smb2_stream_entry *e;
	u32 n;
	u32 cap;
};

/* More than a 64 KiB xattr list can name: the listing is cut there. */
#define SMB3K_STREAMS_MAX	8192

static u32 smb3k_stream_add(struct smb3k_stream_list *l, const wchar_t *name, u32 units,
			    u64 size, u64 allocation)
{
	struct smb2_stream_entry *e;
	u8 *copy;

	if (l->n == l->cap) {
		if (l->cap >= SMB3K_STREAMS_MAX)
			return STATUS_BUFFER_OVERFLOW;
		e = krealloc_array(l->e, l->cap * 2 + 8, sizeof(*e), GFP_KERNEL);
		if (!e)
			return STATUS_NO_MEMORY;
		l->e = e;
		l->cap = l->cap * 2 + 8;
	}
	copy = kmemdup(name, units * 2, GFP_KERNEL);
	if (!copy)
		return STATUS_NO_MEMORY;
	e = &l->e[l->n++];
	e->name = copy;
	e->name_len = units * 2;
	e->size = size;
	e->allocation_size = allocation;
	return STATUS_SUCCESS;
}

/* A named stream from the driver becomes ":name:$DATA". */
static u32 smb3k_stream_collect(void *arg, const char *name, u64 size, u64 allocation)
{
	static const char type[] = ":$DATA";
	size_t n = strlen(name), i;
	wchar_t *buf;
	int units;
	u32 status;

	buf = kmalloc_array(n + sizeof(type), sizeof(wchar_t), GFP_KERNEL);
	if (!buf)
		return STATUS_NO_MEMORY;
	buf[0] = cpu_to_le16(':');
	units = utf8s_to_utf16s(name, n, UTF16_LITTLE_ENDIAN, buf + 1, n);
	if (units <= 0) {
		kfree(buf);
		return STATUS_SUCCESS;	/* not a name a client could use: skipped */
	}
	units++;
	for (i = 0; i < sizeof(type) - 1; i++)
		buf[units++] = cpu_to_le16(type[i]);
	status = smb3k_stream_add(arg, buf, units, size, allocation);
	kfree(buf);
	return status;
}

static void smb3k_stream_list_free(struct smb3k_stream_list *l)
{
	u32 i;

	for (i = 0; i < l->n; i++)
		kfree(l->e[i].name);
	kfree(l->e);
}

/*
 * The file's streams: "::$DATA" for a non-directory (MS-FSA 2.1.5.12.29),
 * then the named ones the driver keeps. Asked through a named-stream open,
 * the sizes given for "::$DATA" are that stream's (what getattr reports).
 */
static u32 smb3k_stream_list(struct smb3k_work *w, const struct fscc_file_stat *st,
			     struct smb3k_stream_list *l)
{
	static const wchar_t unnamed[] = {
		cpu_to_le16(':'), cpu_to_le16(':'), cpu_to_le16('$'), cpu_to_le16('D'),
		cpu_to_le16('A'), cpu_to_le16('T'), cpu_to_le16('A'),
	};
	const struct smb3k_ios_ops *ops = smb3k_open_ops(w->open);
	struct smb3k_ios_ctx ctx;
	u32 status;

	if (!st->directory) {
		status = smb3k_stream_add(l, unnamed, ARRAY_SIZE(unnamed), st->end_of_file,
					  st->allocation_size);
		if (status != STATUS_SUCCESS)
			return status;
	}
	if (!ops->list_streams)
		return STATUS_SUCCESS;
	smb3k_work_ios_ctx(w, &ctx);
	status = ops->list_streams(&ctx, w->open->ios, smb3k_stream_collect, l);
	return status == STATUS_BUFFER_OVERFLOW ? STATUS_SUCCESS : status;
}

/* FileAlternateNameInformation: the 8.3 name of the last component. */
static u32 smb3k_query_alt_name(struct smb3k_open *op, u8 *out, u32 cap, u32 *len)
{
	struct smb2_file_info_ctx fc = {};
	u8 alt[SMB2_SHORT_NAME_MAX_BYTES];
	u32 status, name_len, alt_len;
	const u8 *last;
	u8 *name;
	u32 i;

	name = smb3k_open_name16(op, 0, &name_len);
	if (!name)
		return STATUS_NO_MEMORY;
	/* The name starts with '\': the last component follows the last one. */
	for (i = name_len / 2, last = name; i > 0; i--) {
		if (get_unaligned_le16(name + 2 * (i - 1)) == '\\') {
			last = name + 2 * i;
			break;
		}
	}
	status = smb2_short_name(last, name + name_len - last, alt, &alt_len);
	if (status == STATUS_SUCCESS) {
		fc.alt_name = alt;
		fc.alt_name_len = alt_len;
		status = smb2_file_info_encode(FileAlternateNameInformation, &fc, out, cap, len);
	}
	kfree(name);
	return status;
}

static u32 smb3k_query_file(struct smb3k_work *w, const struct smb2_query_info_req *req,
			    u8 *out, u32 cap, u32 *len)
{
	struct smb3k_open *op = w->open;
	struct smb3k_stream_list streams = {};
	struct smb2_file_info_ctx fc = {};
	struct fscc_file_stat st;
	struct smb3k_ios_ctx ctx;
	u8 *name = NULL;
	u32 status;

	if (smb3k_info_needs_read_attributes(req->info_class) &&
	    !(op->granted_access & FILE_READ_ATTRIBUTES))
		return STATUS_ACCESS_DENIED;
	switch (req->info_class) {
	case FileNormalizedNameInformation:
		/* MS-SMB2 3.3.5.20.1: a 3.1.1 class. */
		if (w->conn->dialect < SMB3K_DIALECT_311)
			return STATUS_NOT_SUPPORTED;
		break;
	case FileAlternateNameInformation:
		return smb3k_query_alt_name(op, out, cap, len);
	case FileFullEaInformation:
		if (!(op->granted_access & FILE_READ_EA))
			return STATUS_ACCESS_DENIED;
		return smb3k_ea_query(w, req, out, cap, len);
	}
	smb3k_work_ios_ctx(w, &ctx);
	status = smb3k_open_ops(op)->getattr(&ctx, op->ios, &st);
	if (status != STATUS_SUCCESS)
		return status;
	st.delete_pending = smb3k_file_delete_pending(op);
	fc.st = &st;
	fc.access_flags = op->granted_access;
	fc.alignment = 0;
	mutex_lock(&op->lock);
	fc.position = op->position;
	fc.mode = op->mode;
	mutex_unlock(&op->lock);
	if (req->info_class == FileStreamInformation) {
		status = smb3k_stream_list(w, &st, &streams);
		if (status != STATUS_SUCCESS)
			goto out;
		fc.streams = streams.e;
		fc.nstreams = streams.n;
	}
	if (req->info_class == FileNameInformation || req->info_class == FileAllInformation ||
	    req->info_class == FileNormalizedNameInformation) {
		name = smb3k_open_name16(op, SMB3K_NAME16_STREAM |
					 (req->info_class == FileNormalizedNameInformation ?
					  SMB3K_NAME16_NORMALIZED : 0), &fc.name_len);
		if (!name)
			return STATUS_NO_MEMORY;
		fc.name = name;
	}
	status = smb2_file_info_encode(req->info_class, &fc, out, cap, len);
out:
	smb3k_stream_list_free(&streams);
	kfree(name);
	return status;
}

static u32 smb3k_query_fs(struct smb3k_work *w, const struct smb2_query_info_req *req,
			  u8 *out, u32 cap, u32 *len)
{
	static const u8 ntfs[] = { 'N', 0, 'T', 0, 'F', 0, 'S', 0 };
	struct smb3k_open *op = w->open;
	struct fscc_fs_stat fs = {};
	struct smb3k_ios_ctx ctx;
	wchar_t *label;
	int units;
	u32 status;

	label = kmalloc_array(SMB3K_SHARE_NAME_MAX, sizeof(wchar_t), GFP_KERNEL);
	if (!label)
		return STATUS_NO_MEMORY;
	units = utf8s_to_utf16s(w->tree->share_name, strlen(w->tree->share_name),
				UTF16_LITTLE_ENDIAN, label, SMB3K_SHARE_NAME_MAX);
	smb3k_work_ios_ctx(w, &ctx);
	status = smb3k_open_ops(op)->statfs(&ctx, op->ios->share, &fs);
	if (status == STATUS_SUCCESS) {
		/* Windows clients and Hyper-V expect a Windows file system name. */
		fs.fs_name = ntfs;
		fs.fs_name_len = sizeof(ntfs);
		fs.volume_label = (const u8 *)label;
		fs.volume_label_len = units > 0 ? units * 2 : 0;
		status = smb2_fs_info_encode(req->info_class, &fs, out, cap, len);
	}
	kfree(label);
	return status;
}

/**
 * smb3k_smb2_query_info() - answer a QUERY_INFO
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status; STATUS_BUFFER_OVERFLOW comes with truncated data.
 */
u32 smb3k_smb2_query_info(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_query_info_req req;
	u32 status, out_cap, n = 0;
	size_t len;

	status = smb2_query_info_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (!w->open->ios)
		return STATUS_NOT_SUPPORTED;
	if (req.output_len > smb3k_conn_max_io(w->conn))
		return STATUS_INVALID_PARAMETER;
	if (cap <= SMB2_QUERY_INFO_RSP_FIXED)
		return STATUS_INSUFFICIENT_RESOURCES;
	out_cap = min_t(u32, req.output_len, cap - SMB2_QUERY_INFO_RSP_FIXED);

	switch (req.info_type) {
	case SMB2_0_INFO_FILE:
		status = smb3k_query_file(w, &req, body + SMB2_QUERY_INFO_RSP_FIXED, out_cap, &n);
		break;
	case SMB2_0_INFO_FILESYSTEM:
		status = smb3k_query_fs(w, &req, body + SMB2_QUERY_INFO_RSP_FIXED, out_cap, &n);
		break;
	case SMB2_0_INFO_SECURITY:
		status = smb3k_query_security(w, &req, body + SMB2_QUERY_INFO_RSP_FIXED,
					      out_cap, &n);
		break;
	case SMB2_0_INFO_QUOTA:
		status = STATUS_NOT_SUPPORTED;
		break;
	default:
		status = STATUS_INVALID_PARAMETER;
	}
	/* 3.3.5.20.3: a short buffer learns the size it needs in ErrorData. */
	if (status == STATUS_BUFFER_TOO_SMALL && req.info_type == SMB2_0_INFO_SECURITY) {
		u8 need[4];

		put_unaligned_le32(n, need);
		*body_len = smb2_build_error_rsp(body, cap, need, sizeof(need));
		w->keep_body = true;
		return status;
	}
	if (status != STATUS_SUCCESS && status != STATUS_BUFFER_OVERFLOW)
		return status;
	if (smb2_query_info_build_rsp(n, body, cap, &len) != STATUS_SUCCESS)
		return STATUS_INSUFFICIENT_RESOURCES;
	*body_len = len;
	w->keep_body = true;
	return status;
}
