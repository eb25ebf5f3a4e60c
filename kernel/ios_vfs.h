/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "vfs" IOS driver's private definitions: any POSIX file system below
 * a share root, never a name outside it.
 */
#ifndef _SMB3K_IOS_VFS_H
#define _SMB3K_IOS_VFS_H

#include <linux/fs.h>
#include <linux/path.h>

#include "ios.h"

/* DOS attributes and creation time (MS-FSCC 2.6, 2.4.7) live here. */
#define SMB3K_VFS_XATTR_DOS	"trusted.smb3k.dos"
#define SMB3K_VFS_DOS_VERSION	1
#define SMB3K_VFS_DOS_SIZE	16	/* le32 version, le32 attributes, le64 btime */
/* The NT security descriptor, self-relative (MS-DTYP 2.4.6). */
#define SMB3K_VFS_XATTR_SD	"trusted.smb3k.sd"

/**
 * struct smb3k_vfs_share - a share root
 * @base: what smb3k sees
 * @root: the root directory (referenced)
 */
struct smb3k_vfs_share {
	struct smb3k_ios_share base;
	struct path root;
};

/**
 * struct smb3k_vfs_file - an open file or directory
 * @base: what smb3k sees
 * @filp: the open file (O_PATH when no data access was asked for)
 */
struct smb3k_vfs_file {
	struct smb3k_ios_file base;
	struct file *filp;
};

static inline struct smb3k_vfs_share *smb3k_vfs_share(struct smb3k_ios_share *s)
{
	return container_of(s, struct smb3k_vfs_share, base);
}

static inline struct smb3k_vfs_file *smb3k_vfs_file(struct smb3k_ios_file *f)
{
	return container_of(f, struct smb3k_vfs_file, base);
}

static inline struct user_namespace *smb3k_vfs_userns(const struct path *p)
{
	return mnt_user_ns(p->mnt);
}

/* ios_vfs_path.c */
int smb3k_vfs_lookup(const struct path *root, const char *path, bool ci,
		     struct path *out);
int smb3k_vfs_lookup_parent(const struct path *root, const char *path, bool ci,
			    struct path *parent, const char **last, char **real_last);

/* ios_vfs_attr.c */
extern const struct cred *smb3k_vfs_kernel_cred;
int smb3k_vfs_stat_path(const struct path *path, struct fscc_file_stat *st);
int smb3k_vfs_set_dos(struct dentry *dentry, u32 attributes, u64 btime);
u32 smb3k_vfs_getattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		      struct fscc_file_stat *st);
u32 smb3k_vfs_stat_child(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *dir,
			 const char *name, int len, struct fscc_file_stat *st);
u32 smb3k_vfs_set_basic(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			const struct smb3k_ios_basic *basic);
u32 smb3k_vfs_set_size(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		       u64 size);
u32 smb3k_vfs_set_allocation(const struct smb3k_ios_ctx *ctx,
			     struct smb3k_ios_file *file, u64 size);
u32 smb3k_vfs_readdir(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *dir,
		      u64 *pos, smb3k_ios_dirent_t fn, void *arg);
u32 smb3k_vfs_statfs(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_share *share,
		     struct fscc_fs_stat *fs);
u32 smb3k_vfs_get_xattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			const char *name, void *buf, u32 size, u32 *len);
u32 smb3k_vfs_set_xattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			const char *name, const void *value, u32 len);
u32 smb3k_vfs_list_xattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			 char *buf, u32 size, u32 *len);
u32 smb3k_vfs_remove_xattr(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   const char *name);

/* ios_vfs_security.c */
u32 smb3k_vfs_get_security(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   u8 *buf, u32 size, u32 *len, bool *stored);
u32 smb3k_vfs_set_security(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   const u8 *sd, u32 len);
u32 smb3k_vfs_get_parent_security(const struct smb3k_ios_ctx *ctx,
				  struct smb3k_ios_file *file, u8 *buf, u32 size, u32 *len);

#endif /* _SMB3K_IOS_VFS_H */
