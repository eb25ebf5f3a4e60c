// SPDX-License-Identifier: GPL-2.0
/*
 * The default IOS driver, "vfs": a share is a directory of any POSIX file
 * system. Opens, data IO and namespace changes; attributes, directories
 * and xattrs are in ios_vfs_attr.c, name resolution in ios_vfs_path.c,
 * named streams in ios_vfs_stream.c.
 * Every op runs under the session user's credentials; permission checks
 * are the file system's own (dentry_open() does not check, so open does).
 */
#include <linux/cred.h>
#include <linux/falloc.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/slab.h>
#include <linux/uio.h>

#include "ios_vfs.h"
#include "proto/ntstatus.h"
#include "proto/smb2_file.h"

#define SMB3K_VFS_FILE_MODE	0644
#define SMB3K_VFS_DIR_MODE	0755

static u32 smb3k_vfs_share_attach(const char *root, struct smb3k_ios_share **out)
{
	struct smb3k_vfs_share *sh;
	int ret;

	sh = kzalloc(sizeof(*sh), GFP_KERNEL);
	if (!sh)
		return STATUS_NO_MEMORY;
	ret = kern_path(root, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &sh->root);
	if (ret) {
		pr_warn_ratelimited("share path %s: %d\n", root, ret);
		kfree(sh);
		return STATUS_BAD_NETWORK_NAME;
	}
	*out = &sh->base;
	return STATUS_SUCCESS;
}

static void smb3k_vfs_share_detach(struct smb3k_ios_share *share)
{
	struct smb3k_vfs_share *sh = smb3k_vfs_share(share);

	path_put(&sh->root);
	kfree(sh);
}

/* open(2) flags for the access asked for; O_PATH when no data access. */
static int smb3k_vfs_open_flags(u32 access, bool dir, int *may)
{
	bool rd = access & (FILE_READ_DATA | FILE_EXECUTE);
	bool wr = !dir && (access & (FILE_WRITE_DATA | FILE_APPEND_DATA));

	*may = (rd ? MAY_READ : 0) | (wr ? MAY_WRITE : 0);
	if (dir)
		return O_RDONLY | O_DIRECTORY | O_LARGEFILE;
	if (rd && wr)
		return O_RDWR | O_LARGEFILE;
	if (wr)
		return O_WRONLY | O_LARGEFILE;
	if (rd)
		return O_RDONLY | O_LARGEFILE;
	return O_PATH;
}

/**
 * smb3k_vfs_do_open() - open @path's object for the access asked for
 * @path: the file or directory
 * @access: the desired access
 * @stream: the open is of a named stream of it: its data access is the
 *	    stream's, checked against the file's permission (a directory's
 *	    too), and the file itself is opened for no more than reading
 * @out: the open file
 * @mode: set to FMODE_READ and FMODE_WRITE for the data access checked
 *
 * dentry_open() checks no permission: this does, under the current
 * credentials.
 *
 * Return: 0 or a negative errno (-EACCES when permission is refused).
 */
int smb3k_vfs_do_open(const struct path *path, u32 access, bool stream,
		      struct file **out, fmode_t *mode)
{
	struct user_namespace *userns = smb3k_vfs_userns(path);
	struct inode *inode = d_inode(path->dentry);
	bool dir = d_is_dir(path->dentry);
	int may, flags, ret;
	struct file *filp;

	flags = smb3k_vfs_open_flags(access, dir && !stream, &may);
	if (dir)
		flags = O_RDONLY | O_DIRECTORY | O_LARGEFILE;
	if (may) {
		ret = inode_permission(userns, inode, may);
		if (ret)
			return ret;
	}
	/* Listing needs read permission; traversal-only opens still work. */
	if (dir && !(may & MAY_READ) && inode_permission(userns, inode, MAY_READ))
		flags = O_PATH;
	filp = dentry_open(path, flags, current_cred());
	if (IS_ERR(filp))
		return PTR_ERR(filp);
	*out = filp;
	*mode = ((may & MAY_READ) ? FMODE_READ : 0) | ((may & MAY_WRITE) ? FMODE_WRITE : 0);
	return 0;
}

/* Create @name in @parent; *@created tells whether we made it. */
static int smb3k_vfs_create(const struct path *parent, const char *name, bool dir,
			    u32 attributes, struct path *out, bool *created)
{
	struct user_namespace *userns = smb3k_vfs_userns(parent);
	struct inode *pdir = d_inode(parent->dentry);
	struct dentry *d;
	int ret;

	*created = false;
	ret = mnt_want_write(parent->mnt);
	if (ret)
		return ret;
	inode_lock_nested(pdir, I_MUTEX_PARENT);
	d = lookup_one(userns, name, parent->dentry, strlen(name));
	if (IS_ERR(d)) {
		ret = PTR_ERR(d);
		goto unlock;
	}
	if (d_really_is_positive(d)) {
		/* Someone else made it meanwhile: open what is there. */
		ret = 0;
	} else if (dir) {
		ret = vfs_mkdir(userns, pdir, d, SMB3K_VFS_DIR_MODE);
		*created = !ret;
	} else {
		/* FILE_ATTRIBUTE_READONLY lives in the DOS xattr, not the mode. */
		ret = vfs_create(userns, pdir, d, S_IFREG | SMB3K_VFS_FILE_MODE, true);
		*created = !ret;
	}
	if (ret) {
		dput(d);
		goto unlock;
	}
	out->mnt = mntget(parent->mnt);
	out->dentry = d;
unlock:
	inode_unlock(pdir);
	mnt_drop_write(parent->mnt);
	return ret;
}

/* The attributes a new file keeps (MS-FSA 2.1.5.1.2.1). */
static u32 smb3k_vfs_new_attributes(u32 attributes, bool dir)
{
	attributes &= FILE_ATTRIBUTE_SETTABLE;
	if (dir)
		return attributes | FILE_ATTRIBUTE_DIRECTORY;
	return attributes | FILE_ATTRIBUTE_ARCHIVE;
}

/* Resolve or create the object; *@action says which. */
static int smb3k_vfs_resolve(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_share *sh,
			     const struct smb3k_ios_open_args *a, struct path *path,
			     u32 *action)
{
	bool ci = ctx->flags & SMB3K_IOS_CASE_INSENSITIVE;
	bool want_dir = a->options & FILE_DIRECTORY_FILE;
	char *real_last = NULL;
	struct path parent;
	const char *last;
	bool created;
	int ret;

	ret = smb3k_vfs_lookup(&sh->root, a->path, ci, path);
	if (ret == 0) {
		*action = FILE_OPENED;
		return 0;
	}
	if (ret != -ENOENT)
		return ret;
	/* Absent: find out whether the directory holding it exists. */
	ret = smb3k_vfs_lookup_parent(&sh->root, a->path, ci, &parent, &last, &real_last);
	if (ret)
		return ret;
	if (real_last) {
		/*
		 * It exists in another case where the exact lookup could not
		 * see it (below a mount point, or it appeared meanwhile).
		 */
		struct dentry *d = lookup_one_unlocked(smb3k_vfs_userns(&parent), real_last,
						       parent.dentry, strlen(real_last));

		kfree(real_last);
		if (IS_ERR(d)) {
			path_put(&parent);
			return PTR_ERR(d);
		}
		if (d_really_is_negative(d)) {
			dput(d);
			path_put(&parent);
			return -EAGAIN;
		}
		path->mnt = mntget(parent.mnt);
		path->dentry = d;
		path_put(&parent);
		*action = FILE_OPENED;
		return 0;
	}
	if (a->disposition == FILE_OPEN || a->disposition == FILE_OVERWRITE) {
		path_put(&parent);
		return -ENOENT;
	}
	ret = smb3k_vfs_create(&parent, last, want_dir, a->file_attributes, path, &created);
	path_put(&parent);
	if (ret)
		return ret;
	*action = created ? FILE_CREATED : FILE_OPENED;
	if (created)
		smb3k_vfs_set_dos(path->dentry,
				  smb3k_vfs_new_attributes(a->file_attributes, want_dir),
				  smb3k_ios_filetime(current_time(d_inode(path->dentry))));
	return 0;
}

/* FILE_OVERWRITE(_IF) and FILE_SUPERSEDE on an existing file: empty it. */
static int smb3k_vfs_overwrite(struct path *path, const struct smb3k_ios_open_args *a)
{
	int ret;

	ret = vfs_truncate(path, 0);
	if (ret)
		return ret;
	smb3k_vfs_set_dos(path->dentry, smb3k_vfs_new_attributes(a->file_attributes, false),
			  0);
	return 0;
}

/* Lock @file's parent directory, making sure it is still its parent. */
static struct dentry *smb3k_vfs_lock_parent(struct dentry *d)
{
	struct dentry *parent = dget_parent(d);

	inode_lock_nested(d_inode(parent), I_MUTEX_PARENT);
	if (d->d_parent != parent || d_unhashed(d)) {
		inode_unlock(d_inode(parent));
		dput(parent);
		return ERR_PTR(-ENOENT);
	}
	return parent;
}

/* Remove the name @path is reached by (rmdir for a directory). */
static int smb3k_vfs_remove(const struct path *path)
{
	struct user_namespace *userns = smb3k_vfs_userns(path);
	struct dentry *d = path->dentry, *parent;
	int ret;

	ret = mnt_want_write(path->mnt);
	if (ret)
		return ret;
	parent = smb3k_vfs_lock_parent(d);
	if (IS_ERR(parent)) {
		ret = PTR_ERR(parent);
		goto drop;
	}
	dget(d);
	if (d_is_dir(d))
		ret = vfs_rmdir(userns, d_inode(parent), d);
	else
		ret = vfs_unlink(userns, d_inode(parent), d, NULL);
	dput(d);
	inode_unlock(d_inode(parent));
	dput(parent);
drop:
	mnt_drop_write(path->mnt);
	return ret;
}

/*
 * A named stream of @path's file: the stream gets the disposition. A file
 * made for it (@action FILE_CREATED) goes again when the stream fails.
 */
static u32 smb3k_vfs_open_stream(const struct smb3k_ios_ctx *ctx,
				 struct smb3k_ios_share *share, const struct path *path,
				 const struct smb3k_ios_open_args *a, u32 action,
				 struct smb3k_ios_file **file, struct smb3k_ios_open_result *res)
{
	struct smb3k_vfs_file *vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	u32 status = STATUS_NO_MEMORY;

	if (vf)
		status = smb3k_vfs_stream_open(ctx, path, a, vf, res);
	if (status != STATUS_SUCCESS) {
		kfree(vf);
		if (action == FILE_CREATED)
			smb3k_vfs_remove(path);
		return status;
	}
	res->file_created = action == FILE_CREATED;
	vf->base.share = share;
	*file = &vf->base;
	return STATUS_SUCCESS;
}

static u32 smb3k_vfs_open(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_share *share,
			  const struct smb3k_ios_open_args *a, struct smb3k_ios_file **file,
			  struct smb3k_ios_open_result *res)
{
	struct smb3k_vfs_share *sh = smb3k_vfs_share(share);
	const struct cred *old = override_creds(ctx->cred);
	struct smb3k_vfs_file *vf = NULL;
	u32 action = FILE_OPENED, status = STATUS_SUCCESS;
	struct path path;
	int ret, tries = 0;
	fmode_t mode;
	bool exists;

	do {
		ret = smb3k_vfs_resolve(ctx, sh, a, &path, &action);
	} while (ret == -EAGAIN && ++tries < 3);
	if (ret)
		goto out;
	exists = action == FILE_OPENED;

	if (d_is_symlink(path.dentry)) {
		ret = -ELOOP;
		goto put;
	}
	if (a->stream) {
		status = smb3k_vfs_open_stream(ctx, share, &path, a, action, file, res);
		goto put;
	}
	if (exists && a->disposition == FILE_CREATE) {
		ret = -EEXIST;
		goto put;
	}
	if ((a->options & FILE_DIRECTORY_FILE) && !d_is_dir(path.dentry)) {
		status = STATUS_NOT_A_DIRECTORY;
		goto put;
	}
	if ((a->options & FILE_NON_DIRECTORY_FILE) && d_is_dir(path.dentry)) {
		ret = -EISDIR;
		goto put;
	}
	if (exists && !d_is_dir(path.dentry) &&
	    (a->disposition == FILE_OVERWRITE || a->disposition == FILE_OVERWRITE_IF ||
	     a->disposition == FILE_SUPERSEDE)) {
		ret = smb3k_vfs_overwrite(&path, a);
		if (ret)
			goto put;
		action = a->disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
	}

	vf = kzalloc(sizeof(*vf), GFP_KERNEL);
	if (!vf) {
		ret = -ENOMEM;
		goto put;
	}
	ret = smb3k_vfs_do_open(&path, a->access, false, &vf->filp, &mode);
	if (ret)
		goto put;
	if (a->allocation_size && action == FILE_CREATED && (vf->filp->f_mode & FMODE_WRITE))
		vfs_fallocate(vf->filp, FALLOC_FL_KEEP_SIZE, 0, a->allocation_size);
	ret = smb3k_vfs_stat_path(&vf->filp->f_path, &res->st);
	if (ret) {
		fput(vf->filp);
		goto put;
	}
	vf->base.share = share;
	res->create_action = action;
	*file = &vf->base;
	vf = NULL;
put:
	kfree(vf);
	path_put(&path);
out:
	revert_creds(old);
	return status != STATUS_SUCCESS ? status : smb3k_ios_errno_status(ret);
}

static void smb3k_vfs_close(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file)
{
	struct smb3k_vfs_file *vf = smb3k_vfs_file(file);

	if (vf->stream)
		smb3k_vfs_stream_close(vf);
	fput(vf->filp);
	kfree(vf);
}

static u32 smb3k_vfs_read(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			  u64 off, void *buf, u32 len, u32 *got)
{
	struct file *filp = smb3k_vfs_file(file)->filp;
	loff_t pos = off;
	ssize_t n;

	if (smb3k_vfs_file(file)->stream)
		return smb3k_vfs_stream_read(ctx, smb3k_vfs_file(file), off, buf, len, got);
	if (!(filp->f_mode & FMODE_READ))
		return STATUS_ACCESS_DENIED;
	if (off > (u64)MAX_LFS_FILESIZE)
		return STATUS_INVALID_PARAMETER;
	n = kernel_read(filp, buf, len, &pos);
	if (n < 0)
		return smb3k_ios_errno_status(n);
	*got = n;
	return STATUS_SUCCESS;
}

static u32 smb3k_vfs_write(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   u64 off, const void *buf, u32 len, u32 *done)
{
	struct file *filp = smb3k_vfs_file(file)->filp;
	const struct cred *old;
	loff_t pos = off;
	ssize_t n;

	if (smb3k_vfs_file(file)->stream)
		return smb3k_vfs_stream_write(ctx, smb3k_vfs_file(file), off, buf, len, done);
	if (!(filp->f_mode & FMODE_WRITE))
		return STATUS_ACCESS_DENIED;
	if (off > (u64)MAX_LFS_FILESIZE || len > MAX_LFS_FILESIZE - off)
		return STATUS_DISK_FULL;
	old = override_creds(ctx->cred);
	n = kernel_write(filp, buf, len, &pos);
	if (n > 0 && (ctx->flags & SMB3K_IOS_WRITE_THROUGH)) {
		int ret = vfs_fsync_range(filp, off, off + n - 1, 1);

		if (ret)
			n = ret;
	}
	revert_creds(old);
	if (n < 0)
		return smb3k_ios_errno_status(n);
	*done = n;
	return STATUS_SUCCESS;
}

static u32 smb3k_vfs_flush(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file)
{
	struct file *filp = smb3k_vfs_file(file)->filp;

	if (filp->f_mode & FMODE_PATH)
		return STATUS_SUCCESS;
	return smb3k_ios_errno_status(vfs_fsync(filp, 0));
}

static u32 smb3k_vfs_unlink(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			    u32 flags)
{
	struct smb3k_vfs_file *vf = smb3k_vfs_file(file);
	const struct cred *old;
	int ret;

	if (vf->stream && !(flags & SMB3K_IOS_UNLINK_FILE))
		return smb3k_vfs_stream_unlink(ctx, vf);
	old = override_creds(ctx->cred);
	ret = smb3k_vfs_remove(&vf->filp->f_path);
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

/* Rename or link the open file to @new_path (MS-FSA 2.1.5.15.1 / .2). */
static int smb3k_vfs_move(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			  const char *new_path, bool replace, bool link)
{
	struct smb3k_vfs_share *sh = smb3k_vfs_share(vf->base.share);
	bool ci = ctx->flags & SMB3K_IOS_CASE_INSENSITIVE;
	struct path *from = &vf->filp->f_path;
	struct user_namespace *userns = smb3k_vfs_userns(from);
	struct dentry *old_parent, *new_d, *trap;
	char *real_last = NULL;
	struct path new_parent;
	const char *last;
	int ret;

	if (!*new_path)
		return -EINVAL;
	ret = smb3k_vfs_lookup_parent(&sh->root, new_path, ci, &new_parent, &last, &real_last);
	if (ret)
		return ret == -ENOENT ? -ENOTDIR : ret;
	if (new_parent.mnt != from->mnt) {
		ret = -EXDEV;
		goto put_parent;
	}
	ret = mnt_want_write(from->mnt);
	if (ret)
		goto put_parent;
	old_parent = dget_parent(from->dentry);
	trap = lock_rename(new_parent.dentry, old_parent);
	if (from->dentry->d_parent != old_parent || d_unhashed(from->dentry)) {
		ret = -ENOENT;
		goto unlock;
	}
	/* An existing entry named in another case is the one replaced. */
	new_d = lookup_one(userns, real_last ?: last, new_parent.dentry,
			   strlen(real_last ?: last));
	if (!IS_ERR(new_d) && new_d == from->dentry && real_last) {
		/* A rename that only changes case finds itself: use the new name. */
		dput(new_d);
		new_d = lookup_one(userns, last, new_parent.dentry, strlen(last));
	}
	if (IS_ERR(new_d)) {
		ret = PTR_ERR(new_d);
		goto unlock;
	}
	if (new_d == trap || from->dentry == trap) {
		ret = link ? -EEXIST : -EINVAL;
	} else if (d_really_is_positive(new_d) && new_d != from->dentry && !replace) {
		ret = -EEXIST;
	} else if (d_really_is_positive(new_d) && d_is_dir(new_d) && new_d != from->dentry) {
		ret = -EACCES;	/* Windows never replaces a directory */
	} else if (link) {
		if (d_really_is_positive(new_d))
			ret = vfs_unlink(userns, d_inode(new_parent.dentry), new_d, NULL);
		if (!ret)
			ret = vfs_link(from->dentry, userns, d_inode(new_parent.dentry), new_d,
				       NULL);
	} else if (new_d != from->dentry) {
		struct renamedata rd = {
			.old_mnt_userns = userns,
			.old_dir = d_inode(old_parent),
			.old_dentry = from->dentry,
			.new_mnt_userns = userns,
			.new_dir = d_inode(new_parent.dentry),
			.new_dentry = new_d,
		};

		ret = vfs_rename(&rd);
	}
	dput(new_d);
unlock:
	unlock_rename(new_parent.dentry, old_parent);
	dput(old_parent);
	mnt_drop_write(from->mnt);
put_parent:
	kfree(real_last);
	path_put(&new_parent);
	return ret;
}

static u32 smb3k_vfs_rename(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			    const char *new_path, bool replace)
{
	const struct cred *old;
	int ret;

	/* A named stream is renamed with rename_stream, never moved. */
	if (smb3k_vfs_file(file)->stream)
		return STATUS_INVALID_PARAMETER;
	old = override_creds(ctx->cred);
	ret = smb3k_vfs_move(ctx, smb3k_vfs_file(file), new_path, replace, false);
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

static u32 smb3k_vfs_link(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			  const char *new_path, bool replace)
{
	const struct cred *old;
	int ret;

	if (smb3k_vfs_file(file)->stream)
		return STATUS_INVALID_PARAMETER;
	old = override_creds(ctx->cred);
	if (d_is_dir(smb3k_vfs_file(file)->filp->f_path.dentry))
		ret = -EISDIR;
	else
		ret = smb3k_vfs_move(ctx, smb3k_vfs_file(file), new_path, replace, true);
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

/* The dentry path of the open below the share root: its names as stored. */
static char *smb3k_vfs_real_path(struct smb3k_ios_file *file)
{
	struct smb3k_vfs_share *sh = smb3k_vfs_share(file->share);
	const struct path *p = &smb3k_vfs_file(file)->filp->f_path;
	char *buf, *rp, *fp, *out = NULL;
	size_t rl;

	/* Below a mount inside the share the two paths do not compare. */
	if (p->mnt != sh->root.mnt)
		return NULL;
	buf = kmalloc(2 * PATH_MAX, GFP_KERNEL);
	if (!buf)
		return NULL;
	rp = dentry_path_raw(sh->root.dentry, buf, PATH_MAX);
	fp = dentry_path_raw(p->dentry, buf + PATH_MAX, PATH_MAX);
	if (IS_ERR(rp) || IS_ERR(fp))
		goto out;
	rl = strcmp(rp, "/") ? strlen(rp) : 0;
	if (strncmp(fp, rp, rl) || (fp[rl] != '/' && fp[rl]))
		goto out;		/* moved out of the share meanwhile */
	fp += rl;
	out = kstrdup(*fp == '/' ? fp + 1 : fp, GFP_KERNEL);
out:
	kfree(buf);
	return out;
}

static const struct path *smb3k_vfs_notify_path(struct smb3k_ios_file *file)
{
	return &smb3k_vfs_file(file)->filp->f_path;
}

static struct smb3k_ios_ops smb3k_vfs_ops = {
	.name = "vfs",
	.owner = NULL,		/* built in: shares must not pin smb3k itself */
	.share_attach = smb3k_vfs_share_attach,
	.share_detach = smb3k_vfs_share_detach,
	.open = smb3k_vfs_open,
	.close = smb3k_vfs_close,
	.read = smb3k_vfs_read,
	.write = smb3k_vfs_write,
	.flush = smb3k_vfs_flush,
	.getattr = smb3k_vfs_getattr,
	.stat_child = smb3k_vfs_stat_child,
	.set_basic = smb3k_vfs_set_basic,
	.set_size = smb3k_vfs_set_size,
	.set_allocation = smb3k_vfs_set_allocation,
	.readdir = smb3k_vfs_readdir,
	.rename = smb3k_vfs_rename,
	.link = smb3k_vfs_link,
	.unlink = smb3k_vfs_unlink,
	.statfs = smb3k_vfs_statfs,
	.get_xattr = smb3k_vfs_get_xattr,
	.set_xattr = smb3k_vfs_set_xattr,
	.list_xattr = smb3k_vfs_list_xattr,
	.remove_xattr = smb3k_vfs_remove_xattr,
	.get_security = smb3k_vfs_get_security,
	.set_security = smb3k_vfs_set_security,
	.get_parent_security = smb3k_vfs_get_parent_security,
	.notify_path = smb3k_vfs_notify_path,
	.real_path = smb3k_vfs_real_path,
	.list_streams = smb3k_vfs_list_streams,
	.rename_stream = smb3k_vfs_rename_stream,
	.remove_streams = smb3k_vfs_remove_streams,
};

/**
 * smb3k_ios_vfs_init() - register the "vfs" driver
 *
 * Return: 0 or a negative errno.
 */
int smb3k_ios_vfs_init(void)
{
	int ret;

	smb3k_vfs_kernel_cred = prepare_kernel_cred(NULL);
	if (!smb3k_vfs_kernel_cred)
		return -ENOMEM;
	ret = smb3k_vfs_ci_init();
	if (ret)
		goto put;
	ret = smb3k_ios_register(&smb3k_vfs_ops);
	if (!ret)
		return 0;
	smb3k_vfs_ci_exit();
put:
	put_cred(smb3k_vfs_kernel_cred);
	return ret;
}

/**
 * smb3k_ios_vfs_exit() - unregister it
 */
void smb3k_ios_vfs_exit(void)
{
	smb3k_ios_unregister(&smb3k_vfs_ops);
	smb3k_vfs_ci_exit();
	put_cred(smb3k_vfs_kernel_cred);
}
