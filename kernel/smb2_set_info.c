// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 SET_INFO (MS-SMB2 3.3.5.21) of file information classes, with the
 * access each needs (MS-FSA 2.1.5.15): times and attributes, rename and
 * link, delete disposition, position and mode, sizes.
 */
#include <linux/slab.h>
#include <asm/unaligned.h>

#include "file_table.h"
#include "smb2_ea.h"
#include "oplock.h"
#include "persistent.h"
#include "smb2_fileops.h"
#include "smb2_security.h"
#include "smb2_path.h"
#include "proto/smb2_info.h"

static u32 smb3k_set_basic(struct smb3k_work *w, struct smb3k_ios_ctx *ctx,
			   const struct smb2_set_info_req *req)
{
	struct smb3k_open *op = w->open;
	struct smb2_basic_info bi;
	struct smb3k_ios_basic b;
	u32 status;

	if (!(op->granted_access & FILE_WRITE_ATTRIBUTES))
		return STATUS_ACCESS_DENIED;
	status = smb2_decode_basic_info(req->buf, req->buf_len, &bi);
	if (status != STATUS_SUCCESS)
		return status;
	/* MS-FSA 2.1.5.15.1: a file cannot become a directory, nor the reverse. */
	if ((bi.file_attributes & FILE_ATTRIBUTE_DIRECTORY) && !op->is_dir)
		return STATUS_INVALID_PARAMETER;
	if (bi.file_attributes & FILE_ATTRIBUTE_TEMPORARY && op->is_dir)
		return STATUS_INVALID_PARAMETER;
	b.creation_time = bi.creation_time;
	b.last_access_time = bi.last_access_time;
	b.last_write_time = bi.last_write_time;
	b.change_time = bi.change_time;
	/* FILE_ATTRIBUTE_NORMAL alone clears them all; 0 leaves them. */
	b.file_attributes = bi.file_attributes;
	return smb3k_open_ops(op)->set_basic(ctx, op->ios, &b);
}

/* Rename of a named stream to ":name[:$DATA]" (MS-FSA 2.1.5.15.12.1). */
static u32 smb3k_set_stream_name(struct smb3k_work *w, struct smb3k_ios_ctx *ctx,
				 const struct smb2_rename_info *ri, bool replace)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(w->open);
	struct smb3k_open *op = w->open;
	struct smb3k_stream_name sn;
	char *path;
	u32 status;

	status = smb3k_smb2_path_stream(ri->name, ri->name_len, 0, &path, &sn);
	if (status != STATUS_SUCCESS)
		return status == STATUS_NO_MEMORY ? status : STATUS_INVALID_PARAMETER;
	kfree(path);
	/*
	 * The unnamed stream cannot be renamed here, nor a stream become
	 * the file's data: storage keeps the two apart.
	 */
	if (!op->stream || !sn.name || !ops->rename_stream) {
		status = op->is_dir ? STATUS_INVALID_PARAMETER : STATUS_NOT_SUPPORTED;
		goto out;
	}
	status = smb3k_file_stream_rename(op, sn.name, false);
	if (status == STATUS_SUCCESS)
		status = ops->rename_stream(ctx, op->ios, sn.name, replace);
	if (status == STATUS_SUCCESS)
		status = smb3k_file_stream_rename(op, sn.name, true);
	if (status == STATUS_SUCCESS) {
		/* Readers hold op->lock (this open's name). */
		mutex_lock(&op->lock);
		swap(op->stream, sn.name);
		mutex_unlock(&op->lock);
	}
out:
	kfree(sn.name);
	return status;
}

/* FileRenameInformation(Ex) and FileLinkInformation (MS-FSA 2.1.5.15.12, .8). */
static u32 smb3k_set_name(struct smb3k_work *w, struct smb3k_ios_ctx *ctx,
			  const struct smb2_set_info_req *req)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(w->open);
	struct smb3k_open *op = w->open;
	bool link = req->info_class == FileLinkInformation;
	struct smb2_rename_info ri;
	char *path, *old;
	bool replace;
	u32 status;

	if (!link && !(op->granted_access & DELETE))
		return STATUS_ACCESS_DENIED;
	status = smb2_decode_rename_info(req->info_class, req->buf, req->buf_len, &ri);
	if (status != STATUS_SUCCESS)
		return status;
	/* MS-SMB2 3.3.5.21.1: RootDirectory must be zero over SMB2. */
	if (ri.root_directory)
		return STATUS_INVALID_PARAMETER;
	replace = ri.replace_if_exists || (ri.flags & FILE_RENAME_REPLACE_IF_EXISTS);
	if (!link && ri.name_len >= 2 && get_unaligned_le16(ri.name) == ':')
		return smb3k_set_stream_name(w, ctx, &ri, replace);
	/* The file is renamed or linked through an open of it, not of a stream. */
	if (op->stream)
		return link ? STATUS_INVALID_PARAMETER : STATUS_SHARING_VIOLATION;
	status = smb3k_smb2_path(ri.name, ri.name_len, SMB3K_PATH_ALLOW_LEADING_SEP, &path);
	if (status != STATUS_SUCCESS)
		return status;
	if (!*path) {
		kfree(path);
		return STATUS_OBJECT_NAME_INVALID;
	}
	if (link) {
		status = ops->link ? ops->link(ctx, op->ios, path, replace) :
			 STATUS_NOT_SUPPORTED;
		kfree(path);
		return status;
	}
	if (!*op->name) {
		kfree(path);
		return STATUS_ACCESS_DENIED;	/* the share root stays */
	}
	/* Others' handle caching goes before the name does (MS-FSA 2.1.4.12). */
	smb3k_oplock_break_others(w, op, SMB3K_BREAK_HANDLE);
	status = smb3k_file_rename_check(op);
	if (status == STATUS_SUCCESS)
		status = ops->rename ? ops->rename(ctx, op->ios, path, replace) :
			 STATUS_NOT_SUPPORTED;
	if (status != STATUS_SUCCESS) {
		kfree(path);
		return status;
	}
	/* Readers hold op->lock (this open) or smb3k_files_lock (any open). */
	mutex_lock(&op->lock);
	mutex_lock(&smb3k_files_lock);
	old = op->name;
	op->name = path;
	mutex_unlock(&smb3k_files_lock);
	mutex_unlock(&op->lock);
	kfree(old);
	return STATUS_SUCCESS;
}

/* Is the open directory empty but for "." and ".."? */
static bool smb3k_dir_has_entries_cb(void *arg, const char *name, int len, u64 pos)
{
	bool *found = arg;

	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	*found = true;
	return false;
}

/* FileDispositionInformation(Ex) (MS-FSA 2.1.5.15.3 / .4). */
static u32 smb3k_set_disposition(struct smb3k_work *w, struct smb3k_ios_ctx *ctx,
				 const struct smb2_set_info_req *req)
{
	struct smb3k_open *op = w->open;
	struct fscc_file_stat st;
	struct fscc_fs_stat fs = {};
	u32 flags, status;

	if (!(op->granted_access & DELETE))
		return STATUS_ACCESS_DENIED;
	status = smb2_decode_disposition_info(req->info_class, req->buf, req->buf_len, &flags);
	if (status != STATUS_SUCCESS)
		return status;
	if (!(flags & FILE_DISPOSITION_DELETE)) {
		smb3k_file_set_delete_pending(op, false);
		op->delete_on_close = false;
		smb3k_persistent_update(op);
		return STATUS_SUCCESS;
	}
	if (!*op->name && !op->stream)
		return STATUS_CANNOT_DELETE;
	/* MS-FSA 2.1.5.15.3: nothing is deleted from a read-only volume. */
	status = smb3k_open_ops(op)->statfs(ctx, op->ios->share, &fs);
	if (status != STATUS_SUCCESS)
		return status;
	if (fs.fs_attributes & FILE_READ_ONLY_VOLUME)
		return STATUS_MEDIA_WRITE_PROTECTED;
	status = smb3k_open_ops(op)->getattr(ctx, op->ios, &st);
	if (status != STATUS_SUCCESS)
		return status;
	if ((st.file_attributes & FILE_ATTRIBUTE_READONLY) &&
	    !(flags & FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE))
		return STATUS_CANNOT_DELETE;
	if (op->is_dir) {
		bool found = false;
		u64 pos = 0;

		mutex_lock(&op->lock);
		status = smb3k_open_ops(op)->readdir(ctx, op->ios, &pos,
						     smb3k_dir_has_entries_cb, &found);
		mutex_unlock(&op->lock);
		if (status != STATUS_SUCCESS)
			return status;
		if (found)
			return STATUS_DIRECTORY_NOT_EMPTY;
	}
	smb3k_oplock_break_others(w, op, SMB3K_BREAK_HANDLE);
	op->delete_on_close = true;
	smb3k_file_set_delete_pending(op, true);
	smb3k_persistent_update(op);
	return STATUS_SUCCESS;
}

static u32 smb3k_set_file(struct smb3k_work *w, const struct smb2_set_info_req *req)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(w->open);
	struct smb3k_open *op = w->open;
	struct smb3k_ios_ctx ctx;
	u64 value;
	u32 status, mode;

	smb3k_work_ios_ctx(w, &ctx);
	switch (req->info_class) {
	case FileBasicInformation:
		return smb3k_set_basic(w, &ctx, req);
	case FileRenameInformation:
	case FileRenameInformationEx:
	case FileLinkInformation:
		return smb3k_set_name(w, &ctx, req);
	case FileDispositionInformation:
	case FileDispositionInformationEx:
		return smb3k_set_disposition(w, &ctx, req);
	case FilePositionInformation:
		status = smb2_decode_u64_info(req->info_class, req->buf, req->buf_len, &value);
		if (status == STATUS_SUCCESS) {
			mutex_lock(&op->lock);
			op->position = value;
			mutex_unlock(&op->lock);
		}
		return status;
	case FileModeInformation:
		status = smb2_decode_mode_info(req->buf, req->buf_len, &mode);
		if (status == STATUS_SUCCESS) {
			mutex_lock(&op->lock);
			op->mode = mode;
			mutex_unlock(&op->lock);
		}
		return status;
	case FileAllocationInformation:
	case FileEndOfFileInformation:
	case FileValidDataLengthInformation:
		if (!(op->granted_access & FILE_WRITE_DATA))
			return STATUS_ACCESS_DENIED;
		if (op->is_dir)
			return STATUS_INVALID_PARAMETER;
		status = smb2_decode_u64_info(req->info_class, req->buf, req->buf_len, &value);
		if (status != STATUS_SUCCESS)
			return status;
		if (req->info_class != FileValidDataLengthInformation)
			smb3k_oplock_break_others(w, op, SMB3K_BREAK_DATA);
		if (req->info_class == FileEndOfFileInformation)
			return ops->set_size(&ctx, op->ios, value);
		if (req->info_class == FileAllocationInformation)
			return ops->set_allocation ? ops->set_allocation(&ctx, op->ios, value) :
			       STATUS_SUCCESS;
		/* Valid data length: everything up to EOF reads as written. */
		return STATUS_SUCCESS;
	case FileFullEaInformation:
		if (!(op->granted_access & FILE_WRITE_EA))
			return STATUS_ACCESS_DENIED;
		return smb3k_ea_set(w, req);
	case FileShortNameInformation:
		return STATUS_NOT_SUPPORTED;
	default:
		return STATUS_INVALID_INFO_CLASS;
	}
}

/**
 * smb3k_smb2_set_info() - apply a SET_INFO
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status.
 */
u32 smb3k_smb2_set_info(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_set_info_req req;
	size_t len;
	u32 status;

	status = smb2_set_info_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	status = smb3k_work_find_open(w, req.fileid.persistent, req.fileid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (!w->open->ios)
		return STATUS_NOT_SUPPORTED;
	if ((w->tree->options & SMB3K_SHARE_OPT_READ_ONLY) &&
	    req.info_type != SMB2_0_INFO_FILE)
		return STATUS_MEDIA_WRITE_PROTECTED;
	switch (req.info_type) {
	case SMB2_0_INFO_FILE:
		if ((w->tree->options & SMB3K_SHARE_OPT_READ_ONLY) &&
		    req.info_class != FilePositionInformation &&
		    req.info_class != FileModeInformation)
			return STATUS_MEDIA_WRITE_PROTECTED;
		status = smb3k_set_file(w, &req);
		break;
	case SMB2_0_INFO_SECURITY:
		status = smb3k_set_security(w, &req);
		break;
	case SMB2_0_INFO_FILESYSTEM:
		/*
		 * MS-FSA 2.1.5.16: only FileFsControlInformation (quotas,
		 * content indexing) and FileFsObjectIdInformation can be set;
		 * neither is kept here. Any other class is invalid.
		 */
		status = req.info_class == FileFsControlInformation ||
			 req.info_class == FileFsObjectIdInformation ?
			 STATUS_NOT_SUPPORTED : STATUS_INVALID_INFO_CLASS;
		break;
	case SMB2_0_INFO_QUOTA:
		status = STATUS_NOT_SUPPORTED;
		break;
	default:
		status = STATUS_INVALID_PARAMETER;
	}
	if (status != STATUS_SUCCESS)
		return status;
	status = smb2_set_info_build_rsp(body, cap, &len);
	*body_len = len;
	return status;
}
