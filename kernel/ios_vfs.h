/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The "vfs" IOS driver's private definitions: any POSIX file system below
 * a share root, never a name outside it.
 */
#ifndef _SMB3K_IOS_VFS_H
#define _SMB3K_IOS_VFS_H

#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/path.h>

#include "ios.h"

/* DOS attributes and creation time (MS-FSCC 2.6, 2.4.7) live here. */
#define SMB3K_VFS_XATTR_DOS	"trusted.smb3k.dos"
#define SMB3K_VFS_DOS_VERSION	1
#define SMB3K_VFS_DOS_SIZE	16	/* le32 version, le32 attributes, le64 btime */
/* The NT security descriptor, self-relative (MS-DTYP 2.4.6). */
#define SMB3K_VFS_XATTR_SD	"trusted.smb3k.sd"
/*
 * A named data stream (MS-FSCC 2.1.5.3) is the xattr
 * "user.DosStream.<name>:$DATA", its bytes followed by one NUL, as Samba's
 * vfs_streams_xattr keeps it; so the largest stream is XATTR_SIZE_MAX - 1.
 */
#define SMB3K_VFS_STREAM_PREFIX	"user.DosStream."
#define SMB3K_VFS_STREAM_SUFFIX	":$DATA"
#define SMB3K_VFS_STREAM_MAX	(XATTR_SIZE_MAX - 1)

/**
 * struct smb3k_vfs_share - a share root
 * @base: what smb3k sees
 * @root: the root directory (referenced)
 */
struct smb3k_vfs_share {
	struct smb3k_ios_share base;
	struct path root;
};

struct smb3k_vfs_stream;

/**
 * struct smb3k_vfs_file - an open file or directory, or a named stream of one
 * @base: what smb3k sees
 * @filp: the open file (O_PATH when no data access was asked for); for a
 *	  named stream the file the stream belongs to
 * @stream: the named stream opened, shared by every open of it (NULL for
 *	    the file itself; ios_vfs_stream.c)
 * @stream_name: the stream's name as stored when opened (&smb3k_ios_open_result.stream)
 * @stream_mode: FMODE_READ and FMODE_WRITE: the stream data access the open
 *		 was checked for
 */
struct smb3k_vfs_file {
	struct smb3k_ios_file base;
	struct file *filp;
	struct smb3k_vfs_stream *stream;
	char *stream_name;
	fmode_t stream_mode;
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

/* ios_vfs.c */
int smb3k_vfs_do_open(const struct path *path, u32 access, bool stream,
		      struct file **out, fmode_t *mode);

/* ios_vfs_path.c */
bool smb3k_vfs_name_eq_ci(const char *a, int alen, const char *b, int blen);
int smb3k_vfs_lookup(const struct path *root, const char *path, bool ci,
		     struct path *out);
int smb3k_vfs_lookup_parent(const struct path *root, const char *path, bool ci,
			    struct path *parent, const char **last, char **real_last);

/* ios_vfs_ci.c */
int smb3k_vfs_ci_lookup(const struct path *dir, const char *name, int len, char **real);
int smb3k_vfs_ci_init(void);
void smb3k_vfs_ci_exit(void);

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

/* ios_vfs_stream.c */
u32 smb3k_vfs_stream_open(const struct smb3k_ios_ctx *ctx, const struct path *path,
			  const struct smb3k_ios_open_args *args,
			  struct smb3k_vfs_file *vf, struct smb3k_ios_open_result *res);
void smb3k_vfs_stream_close(struct smb3k_vfs_file *vf);
u32 smb3k_vfs_stream_read(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			  u64 off, void *buf, u32 len, u32 *got);
u32 smb3k_vfs_stream_write(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			   u64 off, const void *buf, u32 len, u32 *done);
u32 smb3k_vfs_stream_getattr(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			     struct fscc_file_stat *st);
u32 smb3k_vfs_stream_set_size(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			      u64 size, bool allocation);
u32 smb3k_vfs_stream_unlink(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf);
u32 smb3k_vfs_list_streams(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   smb3k_ios_stream_t fn, void *arg);
u32 smb3k_vfs_rename_stream(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			    const char *new_name, bool replace);
u32 smb3k_vfs_remove_streams(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file);

#endif /* _SMB3K_IOS_VFS_H */
