// SPDX-License-Identifier: GPL-2.0
/*
 * The vfs driver's attributes, directories, volume information and xattrs.
 * DOS attributes and the creation time live in one xattr per file
 * (SMB3K_VFS_XATTR_DOS), written with the module's own credentials: the
 * SMB layer has already checked FILE_WRITE_ATTRIBUTES on the open.
 */
#include <linux/cred.h>
#include <linux/falloc.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/kdev_t.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/statfs.h>
#include <linux/xattr.h>
#include <asm/unaligned.h>

#include "ios_vfs.h"
#include "smb2_ea.h"
#include "proto/ntstatus.h"
#include "proto/smb2_ea.h"

const struct cred *smb3k_vfs_kernel_cred;

/* What the DOS xattr holds; false when the file has none. */
static bool smb3k_vfs_get_dos(struct dentry *d, u32 *attributes, u64 *btime)
{
	const struct cred *old = override_creds(smb3k_vfs_kernel_cred);
	u8 buf[SMB3K_VFS_DOS_SIZE];
	ssize_t n;

	n = vfs_getxattr(&init_user_ns, d, SMB3K_VFS_XATTR_DOS, buf, sizeof(buf));
	revert_creds(old);
	if (n != SMB3K_VFS_DOS_SIZE || get_unaligned_le32(buf) != SMB3K_VFS_DOS_VERSION)
		return false;
	*attributes = get_unaligned_le32(buf + 4);
	*btime = get_unaligned_le64(buf + 8);
	return true;
}

/**
 * smb3k_vfs_set_dos() - store DOS attributes and creation time
 * @dentry: the file
 * @attributes: FILE_ATTRIBUTE_* to keep
 * @btime: creation time (FILETIME), 0 to keep the stored one
 *
 * A file system without xattrs keeps only what its mode bits say.
 *
 * Return: 0 or a negative errno.
 */
int smb3k_vfs_set_dos(struct dentry *dentry, u32 attributes, u64 btime)
{
	const struct cred *old;
	u8 buf[SMB3K_VFS_DOS_SIZE];
	u32 cur_attr;
	u64 cur_btime;
	int ret;

	if (!btime && smb3k_vfs_get_dos(dentry, &cur_attr, &cur_btime))
		btime = cur_btime;
	put_unaligned_le32(SMB3K_VFS_DOS_VERSION, buf);
	put_unaligned_le32(attributes, buf + 4);
	put_unaligned_le64(btime, buf + 8);
	old = override_creds(smb3k_vfs_kernel_cred);
	ret = vfs_setxattr(&init_user_ns, dentry, SMB3K_VFS_XATTR_DOS, buf, sizeof(buf), 0);
	revert_creds(old);
	return ret;
}

/*
 * EaSize: the user.* xattrs that are EAs (smb3k_ea_xattr_name()) as
 * FILE_FULL_EA_INFORMATION entries; one listxattr when there are none.
 * Named streams ("user.DosStream.*") are no EAs and do not count.
 */
static noinline u32 smb3k_vfs_ea_size(const struct path *path)
{
	char small[128], *buf = small, *p;
	const struct cred *old;
	ssize_t n, v;
	u32 size = 0;
	u8 len;

	old = override_creds(smb3k_vfs_kernel_cred);
	n = vfs_listxattr(path->dentry, small, sizeof(small));
	if (n == -ERANGE) {
		n = vfs_listxattr(path->dentry, NULL, 0);
		buf = n > 0 ? kvmalloc(n, GFP_KERNEL) : NULL;
		n = buf ? vfs_listxattr(path->dentry, buf, n) : 0;
	}
	for (p = buf; n > 0 && p < buf + n; p += strnlen(p, buf + n - p) + 1) {
		if (!memchr(p, 0, buf + n - p) || !smb3k_ea_xattr_name(p, &len))
			continue;
		v = vfs_getxattr(smb3k_vfs_userns(path), path->dentry, p, NULL, 0);
		if (v > 0 && v <= SMB3K_EA_VALUE_MAX)
			size += smb2_ea_entry_size(len, v);
	}
	revert_creds(old);
	if (buf != small)
		kvfree(buf);
	return size;
}

/**
 * smb3k_vfs_stat_path() - describe a file for the info classes
 * @path: the file
 * @st: filled in
 *
 * Return: 0 or a negative errno.
 */
int smb3k_vfs_stat_path(const struct path *path, struct fscc_file_stat *st)
{
	struct kstat ks;
	u32 attributes;
	u64 btime;
	int ret;

	ret = vfs_getattr(path, &ks, STATX_BASIC_STATS | STATX_BTIME, AT_STATX_SYNC_AS_STAT);
	if (ret)
		return ret;
	memset(st, 0, sizeof(*st));
	st->last_access_time = smb3k_ios_filetime(ks.atime);
	st->last_write_time = smb3k_ios_filetime(ks.mtime);
	/*
	 * POSIX ctime cannot be set, and Windows clients set ChangeTime
	 * with the others: report the write time as it (as Samba does).
	 */
	st->change_time = st->last_write_time;
	st->directory = S_ISDIR(ks.mode);
	st->number_of_links = ks.nlink;
	st->index_number = ks.ino;
	st->volume_serial = new_encode_dev(path->dentry->d_sb->s_dev);
	st->allocation_size = ks.blocks << 9;
	st->end_of_file = st->directory ? 0 : ks.size;

	if (smb3k_vfs_get_dos(path->dentry, &attributes, &btime)) {
		attributes &= FILE_ATTRIBUTE_SETTABLE;
	} else {
		/* No DOS attributes stored (a file made locally): the mode says. */
		attributes = st->directory ? 0 : FILE_ATTRIBUTE_ARCHIVE;
		if (!st->directory && !(ks.mode & 0222))
			attributes |= FILE_ATTRIBUTE_READONLY;
		btime = 0;
	}
	if (!btime)
		btime = (ks.result_mask & STATX_BTIME) ? smb3k_ios_filetime(ks.btime) :
			min(st->last_write_time, smb3k_ios_filetime(ks.ctime));
	st->creation_time = btime;
	if (st->directory)
		attributes |= FILE_ATTRIBUTE_DIRECTORY;
	/* Dot files are hidden, as Samba's "hide dot files" makes them. */
	if (path->dentry->d_name.name[0] == '.' && !IS_ROOT(path->dentry) &&
	    path->dentry != path->mnt->mnt_root)
		attributes |= FILE_ATTRIBUTE_HIDDEN;
	if (S_ISLNK(ks.mode)) {
		attributes |= FILE_ATTRIBUTE_REPARSE_POINT;
		st->reparse_tag = IO_REPARSE_TAG_SYMLINK;
	}
	if (!st->directory && ks.blocks << 9 < ks.size)
		attributes |= FILE_ATTRIBUTE_SPARSE_FILE;
	st->file_attributes = attributes ? attributes : FILE_ATTRIBUTE_NORMAL;
	st->ea_size = smb3k_vfs_ea_size(path);
	return 0;
}

/**
 * smb3k_vfs_getattr() - &smb3k_ios_ops.getattr
 * @ctx: the client
 * @file: the open
 * @st: filled in; for a named stream the file's, with the stream's sizes
 *
 * Return: NT status.
 */
u32 smb3k_vfs_getattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		      struct fscc_file_stat *st)
{
	if (smb3k_vfs_file(file)->stream)
		return smb3k_vfs_stream_getattr(ctx, smb3k_vfs_file(file), st);
	return smb3k_ios_errno_status(smb3k_vfs_stat_path(&smb3k_vfs_file(file)->filp->f_path,
							  st));
}

/**
 * smb3k_vfs_stat_child() - &smb3k_ios_ops.stat_child
 * @ctx: the client
 * @dir: an open directory
 * @name: entry name ("." and ".." included)
 * @len: its length
 * @st: filled in
 *
 * Return: NT status; STATUS_OBJECT_NAME_NOT_FOUND when the entry went away.
 */
u32 smb3k_vfs_stat_child(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *dir,
			 const char *name, int len, struct fscc_file_stat *st)
{
	struct path *dp = &smb3k_vfs_file(dir)->filp->f_path;
	struct smb3k_vfs_share *sh = smb3k_vfs_share(dir->share);
	const struct cred *old = override_creds(ctx->cred);
	struct path child = { .mnt = dp->mnt };
	int ret;

	if (len == 1 && name[0] == '.') {
		ret = smb3k_vfs_stat_path(dp, st);
	} else if (len == 2 && name[0] == '.' && name[1] == '.') {
		/* The root's parent is outside the share: describe the root. */
		if (path_equal(dp, &sh->root)) {
			ret = smb3k_vfs_stat_path(dp, st);
		} else {
			child.dentry = dget_parent(dp->dentry);
			ret = smb3k_vfs_stat_path(&child, st);
			dput(child.dentry);
		}
	} else {
		child.dentry = lookup_one_unlocked(smb3k_vfs_userns(dp), name, dp->dentry, len);
		if (IS_ERR(child.dentry)) {
			ret = PTR_ERR(child.dentry);
		} else {
			ret = d_really_is_positive(child.dentry) ?
			      smb3k_vfs_stat_path(&child, st) : -ENOENT;
			dput(child.dentry);
		}
	}
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

/* FILETIME -1 and -2 are instructions (freeze/unfreeze), not times. */
static bool smb3k_vfs_time_given(u64 t)
{
	return t && t != (u64)-1 && t != (u64)-2;
}

/**
 * smb3k_vfs_set_basic() - &smb3k_ios_ops.set_basic
 * @ctx: the client
 * @file: the open
 * @b: what to change
 *
 * Return: NT status.
 */
u32 smb3k_vfs_set_basic(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			const struct smb3k_ios_basic *b)
{
	struct path *p = &smb3k_vfs_file(file)->filp->f_path;
	struct inode *inode = d_inode(p->dentry);
	struct iattr ia = {};
	const struct cred *old;
	struct fscc_file_stat st;
	int ret = 0;

	if (smb3k_vfs_time_given(b->last_access_time)) {
		ia.ia_atime = smb3k_ios_timespec(b->last_access_time);
		ia.ia_valid |= ATTR_ATIME | ATTR_ATIME_SET;
	}
	if (smb3k_vfs_time_given(b->last_write_time)) {
		ia.ia_mtime = smb3k_ios_timespec(b->last_write_time);
		ia.ia_valid |= ATTR_MTIME | ATTR_MTIME_SET;
	}
	old = override_creds(ctx->cred);
	if (ia.ia_valid) {
		ret = mnt_want_write(p->mnt);
		if (!ret) {
			ia.ia_valid |= ATTR_CTIME;
			inode_lock(inode);
			ret = notify_change(smb3k_vfs_userns(p), p->dentry, &ia, NULL);
			inode_unlock(inode);
			mnt_drop_write(p->mnt);
		}
	}
	revert_creds(old);
	if (ret)
		return smb3k_ios_errno_status(ret);

	if (b->file_attributes || smb3k_vfs_time_given(b->creation_time)) {
		ret = smb3k_vfs_stat_path(p, &st);
		if (ret)
			return smb3k_ios_errno_status(ret);
		if (b->file_attributes)
			st.file_attributes = b->file_attributes;
		st.file_attributes &= FILE_ATTRIBUTE_SETTABLE;
		if (st.directory)
			st.file_attributes |= FILE_ATTRIBUTE_DIRECTORY;
		ret = smb3k_vfs_set_dos(p->dentry, st.file_attributes,
					smb3k_vfs_time_given(b->creation_time) ?
					b->creation_time : st.creation_time);
		if (ret == -EOPNOTSUPP)
			ret = 0;
	}
	return smb3k_ios_errno_status(ret);
}

/**
 * smb3k_vfs_set_size() - &smb3k_ios_ops.set_size
 * @ctx: the client
 * @file: the open
 * @size: new end of file (of the stream, for a named stream)
 *
 * Return: NT status.
 */
u32 smb3k_vfs_set_size(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		       u64 size)
{
	struct file *filp = smb3k_vfs_file(file)->filp;
	const struct cred *old;
	int ret;

	if (smb3k_vfs_file(file)->stream)
		return smb3k_vfs_stream_set_size(ctx, smb3k_vfs_file(file), size, false);

	if (size > MAX_LFS_FILESIZE)
		return STATUS_DISK_FULL;
	if (d_is_dir(filp->f_path.dentry))
		return STATUS_INVALID_PARAMETER;
	old = override_creds(ctx->cred);
	ret = vfs_truncate(&filp->f_path, size);
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

/**
 * smb3k_vfs_set_allocation() - &smb3k_ios_ops.set_allocation
 * @ctx: the client
 * @file: the open
 * @size: new allocation size: below the end of file truncates (MS-FSA
 *	  2.1.5.15.1), above it reserves space where the file system can
 *	  (a named stream's: nothing to reserve)
 *
 * Return: NT status.
 */
u32 smb3k_vfs_set_allocation(const struct smb3k_ios_ctx *ctx,
			     struct smb3k_ios_file *file, u64 size)
{
	struct file *filp = smb3k_vfs_file(file)->filp;
	loff_t eof = i_size_read(file_inode(filp));
	const struct cred *old;
	int ret = 0;

	if (smb3k_vfs_file(file)->stream)
		return smb3k_vfs_stream_set_size(ctx, smb3k_vfs_file(file), size, true);

	if (size > MAX_LFS_FILESIZE)
		return STATUS_DISK_FULL;
	if (d_is_dir(filp->f_path.dentry))
		return STATUS_INVALID_PARAMETER;
	old = override_creds(ctx->cred);
	if (size < eof) {
		ret = vfs_truncate(&filp->f_path, size);
	} else if (size > eof && (filp->f_mode & FMODE_WRITE)) {
		ret = vfs_fallocate(filp, FALLOC_FL_KEEP_SIZE, 0, size);
		if (ret == -EOPNOTSUPP)
			ret = 0;
	}
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

struct smb3k_vfs_readdir {
	struct dir_context ctx;
	smb3k_ios_dirent_t fn;
	void *arg;
	bool stopped;
};

static bool smb3k_vfs_readdir_actor(struct dir_context *ctx, const char *name, int len,
				    loff_t pos, u64 ino, unsigned int type)
{
	struct smb3k_vfs_readdir *r = container_of(ctx, struct smb3k_vfs_readdir, ctx);

	if (!r->fn(r->arg, name, len, pos)) {
		r->stopped = true;
		return false;
	}
	return true;
}

/**
 * smb3k_vfs_readdir() - &smb3k_ios_ops.readdir
 * @ctx: the client
 * @dir: an open directory
 * @pos: cookie to resume at; updated
 * @fn: gets each entry
 * @arg: for @fn
 *
 * Return: NT status; STATUS_SUCCESS both when @fn stopped and at the end
 * (then *@pos is past the last entry and another call reports nothing).
 */
u32 smb3k_vfs_readdir(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *dir,
		      u64 *pos, smb3k_ios_dirent_t fn, void *arg)
{
	struct file *filp = smb3k_vfs_file(dir)->filp;
	struct smb3k_vfs_readdir r = {
		.ctx.actor = smb3k_vfs_readdir_actor,
		.fn = fn,
		.arg = arg,
	};
	const struct cred *old;
	loff_t off;
	int ret;

	if (filp->f_mode & FMODE_PATH)
		return STATUS_ACCESS_DENIED;
	old = override_creds(ctx->cred);
	off = vfs_llseek(filp, *pos, SEEK_SET);
	if (off < 0) {
		ret = off;
		goto out;
	}
	ret = iterate_dir(filp, &r.ctx);
	*pos = filp->f_pos;
out:
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

/*
 * Does the file system take user.* xattrs (EAs)? It does when one of its
 * xattr handlers has that prefix, or takes any name (FUSE, overlayfs).
 * tmpfs on 6.1 has none; ext4 mounted nouser_xattr still says yes, and its
 * EA changes then fail with STATUS_EAS_NOT_SUPPORTED.
 */
static bool smb3k_vfs_user_xattrs(const struct super_block *sb)
{
	const struct xattr_handler **h;
	const char *prefix;

	for (h = sb->s_xattr; h && *h; h++) {
		prefix = xattr_prefix(*h);
		if (prefix && (!*prefix || !strcmp(prefix, XATTR_USER_PREFIX)))
			return true;
	}
	return false;
}

/**
 * smb3k_vfs_statfs() - &smb3k_ios_ops.statfs
 * @ctx: the client
 * @share: the share
 * @fs: filled in, except the names (the SMB layer supplies them)
 *
 * Return: NT status.
 */
u32 smb3k_vfs_statfs(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_share *share,
		     struct fscc_fs_stat *fs)
{
	struct smb3k_vfs_share *sh = smb3k_vfs_share(share);
	struct kstatfs kst;
	struct kstat ks;
	u32 bsize;
	int ret;

	ret = vfs_statfs(&sh->root, &kst);
	if (ret)
		return smb3k_ios_errno_status(ret);
	bsize = kst.f_bsize ? kst.f_bsize : 4096;
	fs->bytes_per_sector = 512;
	fs->physical_bytes_per_sector = max_t(u32, 512, sh->root.dentry->d_sb->s_blocksize);
	fs->sectors_per_unit = max_t(u32, 1, bsize / 512);
	fs->total_units = kst.f_blocks;
	fs->caller_avail_units = kst.f_bavail;
	fs->actual_avail_units = kst.f_bfree;
	fs->max_name_len = kst.f_namelen ? min_t(u32, kst.f_namelen, 255) : 255;
	/*
	 * FILE_CASE_SENSITIVE_SEARCH: the volume can tell names apart by case
	 * (POSIX file systems do); NTFS reports it too while its lookups
	 * ignore case by default, as a case-insensitive share's do.
	 */
	fs->fs_attributes = FILE_CASE_SENSITIVE_SEARCH | FILE_CASE_PRESERVED_NAMES |
			    FILE_UNICODE_ON_DISK | FILE_SUPPORTS_SPARSE_FILES |
			    FILE_SUPPORTS_HARD_LINKS | FILE_PERSISTENT_ACLS;
	/* EAs and named streams (ios_vfs_stream.c) are both user.* xattrs. */
	if (smb3k_vfs_user_xattrs(sh->root.dentry->d_sb))
		fs->fs_attributes |= FILE_SUPPORTS_EXTENDED_ATTRIBUTES | FILE_NAMED_STREAMS;
	/* Volume.IsReadOnly (MS-FSA 2.1.1.1): the mount or its super block. */
	if (__mnt_is_readonly(sh->root.mnt))
		fs->fs_attributes |= FILE_READ_ONLY_VOLUME;
	fs->volume_serial = new_encode_dev(sh->root.dentry->d_sb->s_dev);
	ret = vfs_getattr(&sh->root, &ks, STATX_BTIME | STATX_CTIME, AT_STATX_SYNC_AS_STAT);
	if (!ret)
		fs->volume_creation_time = smb3k_ios_filetime((ks.result_mask & STATX_BTIME) ?
							      ks.btime : ks.ctime);
	memcpy(fs->object_id, sh->root.dentry->d_sb->s_uuid.b, sizeof(fs->object_id));
	return STATUS_SUCCESS;
}

/*
 * The xattr ops run as root (smb3k_vfs_kernel_cred): only the user
 * namespace, where EAs live, is theirs; trusted.smb3k.* and security.*
 * stay out of reach whatever name comes.
 */
static bool smb3k_vfs_xattr_allowed(const char *name)
{
	return !strncmp(name, XATTR_USER_PREFIX, XATTR_USER_PREFIX_LEN);
}

/**
 * smb3k_vfs_get_xattr() - &smb3k_ios_ops.get_xattr
 * @ctx: the client
 * @file: the open
 * @name: full xattr name, "user.*" (anything else is STATUS_ACCESS_DENIED)
 * @buf: where the value goes, NULL to ask for its size
 * @size: bytes at @buf
 * @len: set to the value's length
 *
 * Return: NT status; STATUS_NOT_FOUND when there is no such attribute,
 * STATUS_BUFFER_OVERFLOW when @size is too small.
 */
u32 smb3k_vfs_get_xattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			const char *name, void *buf, u32 size, u32 *len)
{
	struct path *p = &smb3k_vfs_file(file)->filp->f_path;
	const struct cred *old;
	ssize_t n;

	if (!smb3k_vfs_xattr_allowed(name))
		return STATUS_ACCESS_DENIED;
	old = override_creds(smb3k_vfs_kernel_cred);
	n = vfs_getxattr(smb3k_vfs_userns(p), p->dentry, name, buf, buf ? size : 0);
	revert_creds(old);
	if (n < 0)
		return smb3k_ios_errno_status(n);
	*len = n;
	return STATUS_SUCCESS;
}

/**
 * smb3k_vfs_set_xattr() - &smb3k_ios_ops.set_xattr
 * @ctx: the client
 * @file: the open
 * @name: full xattr name, "user.*" (anything else is STATUS_ACCESS_DENIED)
 * @value: the value
 * @len: its length
 *
 * Return: NT status.
 */
u32 smb3k_vfs_set_xattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			const char *name, const void *value, u32 len)
{
	struct path *p = &smb3k_vfs_file(file)->filp->f_path;
	const struct cred *old;
	int ret;

	if (!smb3k_vfs_xattr_allowed(name))
		return STATUS_ACCESS_DENIED;
	old = override_creds(smb3k_vfs_kernel_cred);
	ret = vfs_setxattr(smb3k_vfs_userns(p), p->dentry, name, value, len, 0);
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

/**
 * smb3k_vfs_list_xattr() - &smb3k_ios_ops.list_xattr
 * @ctx: the client
 * @file: the open
 * @buf: NUL-separated names go here, NULL to ask for the size
 * @size: bytes at @buf
 * @len: set to the list's length (when @buf is NULL, at least that)
 *
 * Only "user.*" names are listed.
 *
 * Return: NT status.
 */
u32 smb3k_vfs_list_xattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			 char *buf, u32 size, u32 *len)
{
	struct path *p = &smb3k_vfs_file(file)->filp->f_path;
	const struct cred *old = override_creds(smb3k_vfs_kernel_cred);
	ssize_t n, i, l, kept = 0;

	n = vfs_listxattr(p->dentry, buf, buf ? size : 0);
	revert_creds(old);
	if (n < 0)
		return smb3k_ios_errno_status(n);
	for (i = 0; buf && i < n; i += l + 1) {
		l = strnlen(buf + i, n - i);
		if (i + l < n && smb3k_vfs_xattr_allowed(buf + i)) {
			memmove(buf + kept, buf + i, l + 1);
			kept += l + 1;
		}
	}
	*len = buf ? kept : n;
	return STATUS_SUCCESS;
}

/**
 * smb3k_vfs_remove_xattr() - &smb3k_ios_ops.remove_xattr
 * @ctx: the client
 * @file: the open
 * @name: full xattr name, "user.*" (anything else is STATUS_ACCESS_DENIED)
 *
 * Return: NT status.
 */
u32 smb3k_vfs_remove_xattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   const char *name)
{
	struct path *p = &smb3k_vfs_file(file)->filp->f_path;
	const struct cred *old;
	int ret;

	if (!smb3k_vfs_xattr_allowed(name))
		return STATUS_ACCESS_DENIED;
	old = override_creds(smb3k_vfs_kernel_cred);
	ret = vfs_removexattr(smb3k_vfs_userns(p), p->dentry, name);
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}
