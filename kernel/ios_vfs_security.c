// SPDX-License-Identifier: GPL-2.0
/*
 * NT security descriptors for the vfs driver: stored whole, self-relative,
 * in one xattr per file (SMB3K_VFS_XATTR_SD), so that every SID, Hyper-V's
 * S-1-5-83-* included, round-trips byte for byte. A file without one gets
 * a descriptor made from its POSIX owner, group and mode.
 */
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/xattr.h>

#include "ios_vfs.h"
#include "proto/ntstatus.h"
#include "proto/security_desc.h"

static ssize_t smb3k_vfs_read_sd(struct dentry *d, u8 *buf, u32 size)
{
	const struct cred *old = override_creds(smb3k_vfs_kernel_cred);
	ssize_t n;

	n = vfs_getxattr(&init_user_ns, d, SMB3K_VFS_XATTR_SD, buf, size);
	revert_creds(old);
	return n;
}

/* -ERANGE: find out the size the caller needs. */
static u32 smb3k_vfs_sd_status(struct dentry *d, ssize_t n, u32 *len)
{
	if (n == -ERANGE) {
		n = smb3k_vfs_read_sd(d, NULL, 0);
		if (n > 0) {
			*len = n;
			return STATUS_BUFFER_TOO_SMALL;
		}
	}
	return smb3k_ios_errno_status(n);
}

/**
 * smb3k_vfs_get_security() - &smb3k_ios_ops.get_security
 * @ctx: the client
 * @file: the open
 * @buf: where the descriptor goes
 * @size: bytes at @buf
 * @len: set to its length (or the length needed)
 * @stored: set to whether it was stored or synthesised
 *
 * Return: NT status.
 */
u32 smb3k_vfs_get_security(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   u8 *buf, u32 size, u32 *len, bool *stored)
{
	struct dentry *d = smb3k_vfs_file(file)->filp->f_path.dentry;
	struct inode *inode = d_inode(d);
	ssize_t n;

	n = smb3k_vfs_read_sd(d, buf, size);
	if (n > 0) {
		*stored = true;
		*len = n;
		return STATUS_SUCCESS;
	}
	if (n != -ENODATA && n != -EOPNOTSUPP)
		return smb3k_vfs_sd_status(d, n, len);
	*stored = false;
	return smb2_sd_from_unix(from_kuid(&init_user_ns, inode->i_uid),
				 from_kgid(&init_user_ns, inode->i_gid),
				 inode->i_mode & 0777, S_ISDIR(inode->i_mode), buf, size, len);
}

/**
 * smb3k_vfs_set_security() - &smb3k_ios_ops.set_security
 * @ctx: the client
 * @file: the open
 * @sd: a validated self-relative descriptor
 * @len: its length
 *
 * Return: NT status.
 */
u32 smb3k_vfs_set_security(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   const u8 *sd, u32 len)
{
	struct dentry *d = smb3k_vfs_file(file)->filp->f_path.dentry;
	const struct cred *old = override_creds(smb3k_vfs_kernel_cred);
	int ret;

	ret = vfs_setxattr(&init_user_ns, d, SMB3K_VFS_XATTR_SD, sd, len, 0);
	revert_creds(old);
	return smb3k_ios_errno_status(ret);
}

/**
 * smb3k_vfs_get_parent_security() - &smb3k_ios_ops.get_parent_security
 * @ctx: the client
 * @file: the open
 * @buf: where the parent's descriptor goes
 * @size: bytes at @buf
 * @len: set to its length
 *
 * Return: NT status; STATUS_NOT_FOUND when the parent stores none.
 */
u32 smb3k_vfs_get_parent_security(const struct smb3k_ios_ctx *ctx,
				  struct smb3k_ios_file *file, u8 *buf, u32 size, u32 *len)
{
	struct dentry *parent = dget_parent(smb3k_vfs_file(file)->filp->f_path.dentry);
	ssize_t n;
	u32 status;

	n = smb3k_vfs_read_sd(parent, buf, size);
	if (n > 0) {
		*len = n;
		status = STATUS_SUCCESS;
	} else if (n == -ENODATA || n == -EOPNOTSUPP || !n) {
		status = STATUS_NOT_FOUND;
	} else {
		status = smb3k_vfs_sd_status(parent, n, len);
	}
	dput(parent);
	return status;
}
