// SPDX-License-Identifier: GPL-2.0
/*
 * Named data streams (MS-FSCC 2.1.5.3, "file:name:$DATA") for the vfs
 * driver. POSIX has no streams: each one is an xattr of its file,
 * "user.DosStream.<name>:$DATA" holding the stream's bytes and one NUL
 * after them, the format of Samba's vfs_streams_xattr, so that a share can
 * move between Samba and smb3k. A stream is therefore at most
 * XATTR_SIZE_MAX - 1 bytes (STATUS_FILE_SYSTEM_LIMITATION beyond), less
 * where the file system keeps all of a file's xattrs in one block (ext4
 * without ea_inode: STATUS_DISK_FULL).
 *
 * Names are found without case with the path code's fold, as NTFS does.
 * An open stream is a struct smb3k_vfs_stream shared by every open of it,
 * so that a rename (MS-FSA 2.1.5.15.12.1) moves them all. Every change is
 * a read-modify-write of the whole value under one driver-wide mutex:
 * setxattr() replaces a value whole or not at all, so a failure leaves the
 * old value, and a rename writes the new name before it removes the old.
 *
 * Credentials: the open checks the stream's data access against the
 * file's permission (smb3k_vfs_do_open()); reads of values and sizes then
 * go through the open with the module's credentials, as data reads go
 * through the open file; changes (setxattr, removexattr) run under the
 * user's, so the file system decides them.
 */
#include <linux/cred.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/hashtable.h>
#include <linux/mm.h>
#include <linux/mount.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/xattr.h>

#include "ios_vfs.h"
#include "proto/ntstatus.h"
#include "proto/smb2_file.h"

#define SMB3K_VFS_STREAM_PREFIX_LEN	(sizeof(SMB3K_VFS_STREAM_PREFIX) - 1)
#define SMB3K_VFS_STREAM_SUFFIX_LEN	(sizeof(SMB3K_VFS_STREAM_SUFFIX) - 1)
/* The longest stream name an xattr name has room for. */
#define SMB3K_VFS_STREAM_NAME_MAX	(XATTR_NAME_MAX - SMB3K_VFS_STREAM_PREFIX_LEN - \
					 SMB3K_VFS_STREAM_SUFFIX_LEN)
/* What a stream's size is reported to take (the value is in an xattr). */
#define SMB3K_VFS_STREAM_UNIT		4096

/**
 * struct smb3k_vfs_stream - an open named stream
 * @node: in smb3k_vfs_streams, hashed by @inode
 * @inode: the file's inode (pinned by the opens' files)
 * @opens: how many opens share it
 * @xattr: the xattr holding it, full name; changed by a rename
 *
 * All of it is guarded by smb3k_vfs_stream_lock.
 */
struct smb3k_vfs_stream {
	struct hlist_node node;
	struct inode *inode;
	unsigned int opens;
	char *xattr;
};

/* Serializes every stream change, and guards the open streams. */
static DEFINE_MUTEX(smb3k_vfs_stream_lock);
static DEFINE_HASHTABLE(smb3k_vfs_streams, 6);

/* The NT status for an errno of a stream operation. */
static u32 smb3k_vfs_stream_status(int err)
{
	switch (err) {
	case -EFBIG:		/* beyond SMB3K_VFS_STREAM_MAX */
	case -E2BIG:		/* beyond what the file system takes in one value */
	case -ERANGE:
		return STATUS_FILE_SYSTEM_LIMITATION;
	case -ENAMETOOLONG:	/* no xattr name has room for it */
		return STATUS_OBJECT_NAME_INVALID;
	case -ENODATA:		/* removed behind smb3k's back */
		return STATUS_FILE_DELETED;
	default:
		return smb3k_ios_errno_status(err);
	}
}

/*
 * The stream name inside xattr name @x (@xlen bytes), its length in *@len;
 * NULL when @x is no stream, or none a client could name.
 */
static const char *smb3k_vfs_stream_part(const char *x, size_t xlen, size_t *len)
{
	const char *name = x + SMB3K_VFS_STREAM_PREFIX_LEN;
	size_t n;

	if (xlen <= SMB3K_VFS_STREAM_PREFIX_LEN + SMB3K_VFS_STREAM_SUFFIX_LEN ||
	    memcmp(x, SMB3K_VFS_STREAM_PREFIX, SMB3K_VFS_STREAM_PREFIX_LEN) ||
	    strncasecmp(x + xlen - SMB3K_VFS_STREAM_SUFFIX_LEN, SMB3K_VFS_STREAM_SUFFIX,
			SMB3K_VFS_STREAM_SUFFIX_LEN))
		return NULL;
	n = xlen - SMB3K_VFS_STREAM_PREFIX_LEN - SMB3K_VFS_STREAM_SUFFIX_LEN;
	if (memchr(name, ':', n) || memchr(name, '/', n) || memchr(name, '\\', n))
		return NULL;
	*len = n;
	return name;
}

/* The xattr name of stream @name (kmalloc'ed), or an ERR_PTR. */
static char *smb3k_vfs_stream_xattr(const char *name)
{
	size_t len = strlen(name);
	char *x;

	if (!len || len > SMB3K_VFS_STREAM_NAME_MAX)
		return ERR_PTR(-ENAMETOOLONG);
	x = kasprintf(GFP_KERNEL, "%s%s%s", SMB3K_VFS_STREAM_PREFIX, name,
		      SMB3K_VFS_STREAM_SUFFIX);
	return x ?: ERR_PTR(-ENOMEM);
}

/*
 * All xattr names of @d, NUL-separated, in a kvmalloc'ed *@list of *@len
 * bytes (NULL and 0 when there are none). The list may grow between
 * asking its size and reading it: then ask again.
 */
static int smb3k_vfs_stream_listxattr(struct dentry *d, char **list, size_t *len)
{
	ssize_t n, got;
	int tries;
	char *buf;

	*list = NULL;
	*len = 0;
	for (tries = 0; tries < 4; tries++) {
		n = vfs_listxattr(d, NULL, 0);
		if (n == -EOPNOTSUPP)
			return 0;
		if (n <= 0)
			return n;
		buf = kvmalloc(n, GFP_KERNEL);
		if (!buf)
			return -ENOMEM;
		got = vfs_listxattr(d, buf, n);
		if (got == -ERANGE) {
			kvfree(buf);
			continue;
		}
		if (got <= 0) {
			kvfree(buf);
			return got == -EOPNOTSUPP ? 0 : got;
		}
		*list = buf;
		*len = got;
		return 0;
	}
	return -EAGAIN;
}

/*
 * Call @fn for each stream xattr of @d with its name, the stream name in
 * it and that name's length. @fn returns 0 to go on; anything else ends
 * the walk and is returned.
 */
static int smb3k_vfs_stream_each(struct dentry *d,
				 int (*fn)(void *arg, const char *x, const char *name,
					   size_t len),
				 void *arg)
{
	size_t len, xlen, nlen;
	const char *name;
	char *list, *x;
	int ret;

	ret = smb3k_vfs_stream_listxattr(d, &list, &len);
	if (ret || !list)
		return ret;
	for (x = list; x < list + len; x += xlen + 1) {
		xlen = strnlen(x, list + len - x);
		if (x + xlen == list + len)
			break;			/* not NUL-terminated: no name */
		name = smb3k_vfs_stream_part(x, xlen, &nlen);
		if (!name)
			continue;
		ret = fn(arg, x, name, nlen);
		if (ret)
			break;
	}
	kvfree(list);
	return ret;
}

struct smb3k_vfs_stream_match {
	const char *want;
	size_t want_len;
	char *found;		/* the xattr's name, kmalloc'ed */
};

/* The first stream equal without case, unless one is equal exactly. */
static int smb3k_vfs_stream_match_one(void *arg, const char *x, const char *name, size_t len)
{
	struct smb3k_vfs_stream_match *m = arg;
	bool exact = len == m->want_len && !memcmp(name, m->want, len);

	if (!exact && (m->found || !smb3k_vfs_name_eq_ci(name, len, m->want, m->want_len)))
		return 0;
	kfree(m->found);
	m->found = kstrdup(x, GFP_KERNEL);
	if (!m->found)
		return -ENOMEM;
	return exact ? 1 : 0;
}

/*
 * The xattr of @d's stream named @name without case, kmalloc'ed in
 * *@xattr; -ENOENT when it has none.
 */
static int smb3k_vfs_stream_find(struct dentry *d, const char *name, char **xattr)
{
	struct smb3k_vfs_stream_match m = { .want = name, .want_len = strlen(name) };
	int ret;

	*xattr = NULL;
	ret = smb3k_vfs_stream_each(d, smb3k_vfs_stream_match_one, &m);
	if (ret < 0) {
		kfree(m.found);
		return ret;
	}
	if (!m.found)
		return -ENOENT;
	*xattr = m.found;
	return 0;
}

/* getxattr() of @p's file with the module's credentials (see the top). */
static ssize_t smb3k_vfs_stream_getxattr(const struct path *p, const char *xattr,
					 void *buf, size_t size)
{
	const struct cred *old = override_creds(smb3k_vfs_kernel_cred);
	ssize_t n;

	n = vfs_getxattr(smb3k_vfs_userns(p), p->dentry, xattr, buf, size);
	revert_creds(old);
	return n;
}

/* The size of the stream in @xattr: its value less the NUL. */
static int smb3k_vfs_stream_size(const struct path *p, const char *xattr, u64 *size)
{
	ssize_t n = smb3k_vfs_stream_getxattr(p, xattr, NULL, 0);

	if (n < 0)
		return n;
	*size = n ? n - 1 : 0;
	return 0;
}

/*
 * Read the stream in @xattr into a new kvmalloc'ed *@buf with room for at
 * least @room bytes; *@size is the stream's size (the NUL is not counted).
 */
static int smb3k_vfs_stream_load(const struct path *p, const char *xattr, size_t room,
				 u8 **buf, size_t *size)
{
	ssize_t n, got;
	int tries;
	u8 *b;

	for (tries = 0; tries < 4; tries++) {
		n = smb3k_vfs_stream_getxattr(p, xattr, NULL, 0);
		if (n < 0)
			return n;
		if (n > XATTR_SIZE_MAX)
			return -EFBIG;
		b = kvmalloc(max_t(size_t, max_t(size_t, n, room), 1), GFP_KERNEL);
		if (!b)
			return -ENOMEM;
		got = n ? smb3k_vfs_stream_getxattr(p, xattr, b, n) : 0;
		if (got == -ERANGE) {		/* it grew meanwhile */
			kvfree(b);
			continue;
		}
		if (got < 0) {
			kvfree(b);
			return got;
		}
		*buf = b;
		*size = got ? got - 1 : 0;
		return 0;
	}
	return -EAGAIN;
}

/*
 * Store @size stream bytes at @buf (which has room for one more: the NUL
 * goes there) as the value of @xattr; under the user's credentials, with
 * write access to the mount taken by the caller.
 */
static int smb3k_vfs_stream_store(const struct path *p, const char *xattr, u8 *buf,
				  size_t size, int flags)
{
	buf[size] = 0;
	return vfs_setxattr(smb3k_vfs_userns(p), p->dentry, xattr, buf, size + 1, flags);
}

/* A new empty stream, or an existing one emptied. */
static int smb3k_vfs_stream_empty(const struct path *p, const char *xattr, int flags)
{
	u8 nul = 0;

	return smb3k_vfs_stream_store(p, xattr, &nul, 0, flags);
}

/* The open stream of @inode in @xattr, or NULL. Under the lock. */
static struct smb3k_vfs_stream *smb3k_vfs_stream_lookup(const struct inode *inode,
							const char *xattr)
{
	struct smb3k_vfs_stream *s;

	hash_for_each_possible(smb3k_vfs_streams, s, node, (unsigned long)inode)
		if (s->inode == inode && !strcmp(s->xattr, xattr))
			return s;
	return NULL;
}

/* Has @inode an open stream? Under the lock. */
static bool smb3k_vfs_stream_any_open(const struct inode *inode)
{
	struct smb3k_vfs_stream *s;

	hash_for_each_possible(smb3k_vfs_streams, s, node, (unsigned long)inode)
		if (s->inode == inode)
			return true;
	return false;
}

/*
 * One more open of the stream in @xattr: the one there is, or @spare
 * (whose @xattr it is). Under the lock; what is not used is freed.
 */
static struct smb3k_vfs_stream *smb3k_vfs_stream_hold(struct inode *inode, char *xattr,
						      struct smb3k_vfs_stream *spare)
{
	struct smb3k_vfs_stream *s = smb3k_vfs_stream_lookup(inode, xattr);

	if (s) {
		s->opens++;
		kfree(spare);
		kfree(xattr);
		return s;
	}
	spare->inode = inode;
	spare->opens = 1;
	spare->xattr = xattr;
	hash_add(smb3k_vfs_streams, &spare->node, (unsigned long)inode);
	return spare;
}

/*
 * Apply the disposition to the stream: *@xattr is its xattr, *@name its
 * name as stored (both kmalloc'ed), *@size its size, *@action what was
 * done. @write_ret: 0 when the caller holds write access to the mount.
 * Nothing can fail once a stream is made.
 */
static int smb3k_vfs_stream_dispose(const struct path *path, const struct smb3k_ios_open_args *a,
				    int write_ret, char **xattr, char **name, u64 *size,
				    u32 *action)
{
	bool overwrite = a->disposition == FILE_OVERWRITE ||
			 a->disposition == FILE_OVERWRITE_IF ||
			 a->disposition == FILE_SUPERSEDE;
	const char *part;
	size_t len;
	int ret;

	ret = smb3k_vfs_stream_find(path->dentry, a->stream, xattr);
	if (ret == -ENOENT) {
		if (a->disposition == FILE_OPEN || a->disposition == FILE_OVERWRITE)
			return -ENOENT;
		*xattr = smb3k_vfs_stream_xattr(a->stream);
		if (IS_ERR(*xattr)) {
			ret = PTR_ERR(*xattr);
			*xattr = NULL;
			return ret;
		}
		*name = kstrdup(a->stream, GFP_KERNEL);
		if (!*name)
			return -ENOMEM;
		*action = FILE_CREATED;
		*size = 0;
		return write_ret ?: smb3k_vfs_stream_empty(path, *xattr, XATTR_CREATE);
	}
	if (ret)
		return ret;
	if (a->disposition == FILE_CREATE)
		return -EEXIST;
	part = smb3k_vfs_stream_part(*xattr, strlen(*xattr), &len);
	*name = part ? kmemdup_nul(part, len, GFP_KERNEL) : NULL;
	if (!*name)
		return -ENOMEM;
	if (overwrite) {
		ret = write_ret ?: smb3k_vfs_stream_empty(path, *xattr, XATTR_REPLACE);
		*action = a->disposition == FILE_SUPERSEDE ? FILE_SUPERSEDED : FILE_OVERWRITTEN;
		*size = 0;
	} else {
		ret = smb3k_vfs_stream_size(path, *xattr, size);
		*action = FILE_OPENED;
	}
	return ret == -ENODATA ? -ENOENT : ret;		/* removed meanwhile */
}

/* @st describes the file; make its sizes the stream's. */
static void smb3k_vfs_stream_sizes(struct fscc_file_stat *st, u64 size)
{
	st->end_of_file = size;
	st->allocation_size = round_up(size, SMB3K_VFS_STREAM_UNIT);
}

/**
 * smb3k_vfs_stream_open() - open a named stream of a file
 * @ctx: the client (the caller runs under its credentials)
 * @path: the file or directory the stream belongs to
 * @a: what to open; @a->stream names the stream, @a->disposition applies
 *     to it (the caller has made a missing file)
 * @vf: the open to fill: @vf->filp, @vf->stream, @vf->stream_name and
 *	@vf->stream_mode, all left NULL or 0 on failure
 * @res: filled in, except &smb3k_ios_open_result.file_created
 *
 * Return: NT status.
 */
u32 smb3k_vfs_stream_open(const struct smb3k_ios_ctx *ctx, const struct path *path,
			  const struct smb3k_ios_open_args *a,
			  struct smb3k_vfs_file *vf, struct smb3k_ios_open_result *res)
{
	struct smb3k_vfs_stream *spare;
	u32 action = FILE_OPENED;
	char *xattr = NULL;
	int ret, write_ret;
	fmode_t mode;
	u64 size = 0;

	ret = smb3k_vfs_do_open(path, a->access, true, &vf->filp, &mode);
	if (ret)
		return smb3k_vfs_stream_status(ret);
	ret = smb3k_vfs_stat_path(&vf->filp->f_path, &res->st);
	if (ret)
		goto fail;
	spare = kzalloc(sizeof(*spare), GFP_KERNEL);
	if (!spare) {
		ret = -ENOMEM;
		goto fail;
	}
	/* Write access to the mount before the lock, as every change takes them. */
	write_ret = a->disposition != FILE_OPEN ? mnt_want_write(path->mnt) : -EROFS;
	mutex_lock(&smb3k_vfs_stream_lock);
	ret = smb3k_vfs_stream_dispose(path, a, write_ret, &xattr, &vf->stream_name, &size,
				       &action);
	if (!ret) {
		vf->stream = smb3k_vfs_stream_hold(d_inode(path->dentry), xattr, spare);
		xattr = NULL;
		spare = NULL;
	}
	mutex_unlock(&smb3k_vfs_stream_lock);
	if (!write_ret)
		mnt_drop_write(path->mnt);
	kfree(spare);
	kfree(xattr);
	if (ret)
		goto fail;
	vf->stream_mode = mode;
	smb3k_vfs_stream_sizes(&res->st, size);
	res->create_action = action;
	res->stream = vf->stream_name;
	return STATUS_SUCCESS;
fail:
	kfree(vf->stream_name);
	vf->stream_name = NULL;
	fput(vf->filp);
	vf->filp = NULL;
	return smb3k_vfs_stream_status(ret);
}

/**
 * smb3k_vfs_stream_close() - release what a stream open holds
 * @vf: a named-stream open; its file stays for the caller to put
 */
void smb3k_vfs_stream_close(struct smb3k_vfs_file *vf)
{
	struct smb3k_vfs_stream *s = vf->stream;

	mutex_lock(&smb3k_vfs_stream_lock);
	if (!--s->opens)
		hash_del(&s->node);
	else
		s = NULL;
	mutex_unlock(&smb3k_vfs_stream_lock);
	if (s) {
		kfree(s->xattr);
		kfree(s);
	}
	kfree(vf->stream_name);
	vf->stream_name = NULL;
	vf->stream = NULL;
}

/**
 * smb3k_vfs_stream_read() - &smb3k_ios_ops.read of a named stream
 * @ctx: the client
 * @vf: the open
 * @off: where to start
 * @buf: where the bytes go
 * @len: at most this many
 * @got: set to what was read (0 at or past the end)
 *
 * Return: NT status.
 */
u32 smb3k_vfs_stream_read(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			  u64 off, void *buf, u32 len, u32 *got)
{
	size_t size;
	u8 *data;
	int ret;

	if (!(vf->stream_mode & FMODE_READ))
		return STATUS_ACCESS_DENIED;
	mutex_lock(&smb3k_vfs_stream_lock);
	ret = smb3k_vfs_stream_load(&vf->filp->f_path, vf->stream->xattr, 0, &data, &size);
	mutex_unlock(&smb3k_vfs_stream_lock);
	if (ret)
		return smb3k_vfs_stream_status(ret);
	if (off >= size) {
		*got = 0;
	} else {
		*got = min_t(u64, len, size - off);
		memcpy(buf, data + off, *got);
	}
	kvfree(data);
	return STATUS_SUCCESS;
}

/*
 * Change the stream's bytes under the lock: write @len bytes of @src at
 * @off (zero-filling any gap), or with a NULL @src make the size @off
 * (when @shrink_only, only if that is smaller).
 */
static int smb3k_vfs_stream_modify(const struct smb3k_ios_ctx *ctx,
				   struct smb3k_vfs_file *vf, u64 off, const void *src,
				   u32 len, bool shrink_only)
{
	const struct path *p = &vf->filp->f_path;
	size_t size, end = off + len;
	const struct cred *old;
	u8 *data;
	int ret;

	ret = mnt_want_write(p->mnt);
	if (ret)
		return ret;
	old = override_creds(ctx->cred);
	mutex_lock(&smb3k_vfs_stream_lock);
	ret = smb3k_vfs_stream_load(p, vf->stream->xattr, end + 1, &data, &size);
	if (ret)
		goto unlock;
	if (!src && (end == size || (shrink_only && end > size)))
		goto done;			/* nothing changes */
	if (end > size)
		memset(data + size, 0, end - size);
	if (src)
		memcpy(data + off, src, len);
	else
		size = end;
	ret = smb3k_vfs_stream_store(p, vf->stream->xattr, data, max(size, end),
				     XATTR_REPLACE);
done:
	kvfree(data);
unlock:
	mutex_unlock(&smb3k_vfs_stream_lock);
	revert_creds(old);
	mnt_drop_write(p->mnt);
	return ret;
}

/**
 * smb3k_vfs_stream_write() - &smb3k_ios_ops.write of a named stream
 * @ctx: the client
 * @vf: the open
 * @off: where to start
 * @buf: the bytes
 * @len: how many
 * @done: set to what was written (all of it, or nothing)
 *
 * Return: NT status; STATUS_FILE_SYSTEM_LIMITATION when the stream would
 * grow beyond SMB3K_VFS_STREAM_MAX.
 */
u32 smb3k_vfs_stream_write(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			   u64 off, const void *buf, u32 len, u32 *done)
{
	struct file *filp = vf->filp;
	int ret;

	if (!(vf->stream_mode & FMODE_WRITE))
		return STATUS_ACCESS_DENIED;
	if (!len) {
		*done = 0;
		return STATUS_SUCCESS;
	}
	if (off > SMB3K_VFS_STREAM_MAX || len > SMB3K_VFS_STREAM_MAX - off)
		return STATUS_FILE_SYSTEM_LIMITATION;
	ret = smb3k_vfs_stream_modify(ctx, vf, off, buf, len, false);
	/* An xattr is the file's metadata: syncing the file keeps it. */
	if (!ret && (ctx->flags & SMB3K_IOS_WRITE_THROUGH) && !(filp->f_mode & FMODE_PATH))
		ret = vfs_fsync(filp, 0);
	if (ret)
		return smb3k_vfs_stream_status(ret);
	*done = len;
	return STATUS_SUCCESS;
}

/**
 * smb3k_vfs_stream_set_size() - set_size and set_allocation of a named stream
 * @ctx: the client
 * @vf: the open
 * @size: the new end of stream (truncated, or extended with zeros), or
 *	  with @allocation the new allocation size: below the end of stream
 *	  it truncates (MS-FSA 2.1.5.15.1), else nothing changes
 * @allocation: @size is an allocation size
 *
 * Return: NT status.
 */
u32 smb3k_vfs_stream_set_size(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			      u64 size, bool allocation)
{
	if (size > SMB3K_VFS_STREAM_MAX) {
		if (allocation)
			return STATUS_SUCCESS;	/* reserves nothing: the stream stays */
		return STATUS_FILE_SYSTEM_LIMITATION;
	}
	return smb3k_vfs_stream_status(smb3k_vfs_stream_modify(ctx, vf, size, NULL, 0,
							       allocation));
}

/**
 * smb3k_vfs_stream_getattr() - &smb3k_ios_ops.getattr of a named stream
 * @ctx: the client
 * @vf: the open
 * @st: the file's description with the stream's sizes
 *
 * Return: NT status.
 */
u32 smb3k_vfs_stream_getattr(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf,
			     struct fscc_file_stat *st)
{
	const struct path *p = &vf->filp->f_path;
	u64 size;
	int ret;

	ret = smb3k_vfs_stat_path(p, st);
	if (ret)
		return smb3k_ios_errno_status(ret);
	mutex_lock(&smb3k_vfs_stream_lock);
	ret = smb3k_vfs_stream_size(p, vf->stream->xattr, &size);
	mutex_unlock(&smb3k_vfs_stream_lock);
	if (ret)
		return smb3k_vfs_stream_status(ret);
	smb3k_vfs_stream_sizes(st, size);
	return STATUS_SUCCESS;
}

/**
 * smb3k_vfs_stream_unlink() - &smb3k_ios_ops.unlink of a named stream
 * @ctx: the client (the open's, at its last close)
 * @vf: the open
 *
 * Removes the stream; the file stays. A stream already gone is success.
 *
 * Return: NT status.
 */
u32 smb3k_vfs_stream_unlink(const struct smb3k_ios_ctx *ctx, struct smb3k_vfs_file *vf)
{
	const struct path *p = &vf->filp->f_path;
	const struct cred *old;
	int ret;

	ret = mnt_want_write(p->mnt);
	if (ret)
		return smb3k_ios_errno_status(ret);
	old = override_creds(ctx->cred);
	mutex_lock(&smb3k_vfs_stream_lock);
	ret = vfs_removexattr(smb3k_vfs_userns(p), p->dentry, vf->stream->xattr);
	mutex_unlock(&smb3k_vfs_stream_lock);
	revert_creds(old);
	mnt_drop_write(p->mnt);
	return ret == -ENODATA ? STATUS_SUCCESS : smb3k_vfs_stream_status(ret);
}

struct smb3k_vfs_stream_list {
	const struct path *path;
	smb3k_ios_stream_t fn;
	void *arg;
	char name[SMB3K_VFS_STREAM_NAME_MAX + 1];
	u32 status;
};

static int smb3k_vfs_stream_list_one(void *arg, const char *x, const char *name, size_t len)
{
	struct smb3k_vfs_stream_list *l = arg;
	u64 size;
	int ret;

	if (len >= sizeof(l->name))
		return 0;			/* no name smb3k could have made */
	ret = smb3k_vfs_stream_size(l->path, x, &size);
	if (ret == -ENODATA)
		return 0;			/* removed meanwhile */
	if (ret)
		return ret;
	memcpy(l->name, name, len);
	l->name[len] = 0;
	l->status = l->fn(l->arg, l->name, size, round_up(size, SMB3K_VFS_STREAM_UNIT));
	return l->status ? 1 : 0;
}

/**
 * smb3k_vfs_list_streams() - &smb3k_ios_ops.list_streams
 * @ctx: the client
 * @file: an open of the file, of a directory, or of one of their streams
 * @fn: gets each named stream of the file; no driver lock is held
 * @arg: for @fn
 *
 * Return: NT status; @fn's when it stops the listing.
 */
u32 smb3k_vfs_list_streams(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			   smb3k_ios_stream_t fn, void *arg)
{
	struct smb3k_vfs_file *vf = smb3k_vfs_file(file);
	struct smb3k_vfs_stream_list *l;
	const struct cred *old;
	u32 status;
	int ret;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return STATUS_NO_MEMORY;
	l->path = &vf->filp->f_path;
	l->fn = fn;
	l->arg = arg;
	old = override_creds(ctx->cred);
	ret = smb3k_vfs_stream_each(l->path->dentry, smb3k_vfs_stream_list_one, l);
	revert_creds(old);
	status = ret < 0 ? smb3k_vfs_stream_status(ret) : l->status;
	kfree(l);
	return status;
}

/* Put back the empty stream a rename replaced, after a failure. */
static void smb3k_vfs_stream_restore(const struct path *p, const char *xattr)
{
	int ret = smb3k_vfs_stream_empty(p, xattr, 0);

	if (ret)
		pr_warn_ratelimited("stream rename: cannot restore %s: %d\n", xattr, ret);
}

/*
 * Rename under the lock: @to gets the value of @from, @target (an empty
 * stream that @to replaces, maybe @to itself in another case, or NULL)
 * and @from go. Nothing is lost when a step fails: the first one only
 * adds, and each later failure undoes the steps before it.
 */
static int smb3k_vfs_stream_move(const struct path *p, const char *from, const char *to,
				 const char *target)
{
	struct user_namespace *userns = smb3k_vfs_userns(p);
	bool over = target && !strcmp(target, to);
	size_t size;
	u8 *data;
	int ret, undo;

	ret = smb3k_vfs_stream_load(p, from, 0, &data, &size);
	if (ret)
		return ret;
	/* The load left room for the NUL: size + 1 bytes were allocated. */
	ret = smb3k_vfs_stream_store(p, to, data, size, over ? XATTR_REPLACE : XATTR_CREATE);
	kvfree(data);
	if (ret)
		return ret;
	if (target && !over) {
		ret = vfs_removexattr(userns, p->dentry, target);
		if (ret && ret != -ENODATA)
			goto undo_to;
	}
	ret = vfs_removexattr(userns, p->dentry, from);
	if (!ret || ret == -ENODATA)
		return 0;
	if (target)
		smb3k_vfs_stream_restore(p, target);
	if (over)
		return ret;
undo_to:
	undo = vfs_removexattr(userns, p->dentry, to);
	if (undo)
		pr_warn_ratelimited("stream rename: cannot remove %s: %d\n", to, undo);
	return ret;
}

/**
 * smb3k_vfs_rename_stream() - &smb3k_ios_ops.rename_stream
 * @ctx: the client
 * @file: an open of a named stream
 * @new_name: its new name (checked by smb3k, not empty)
 * @replace: an existing empty stream of that name may be replaced
 *
 * MS-FSA 2.1.5.15.12.1. Renaming to the stream's own name without case
 * only takes the new case. Every open of the stream follows it.
 *
 * Return: NT status; STATUS_INVALID_PARAMETER for an open of no stream,
 * or a target that is not empty or open; STATUS_OBJECT_NAME_COLLISION for
 * an existing target without @replace.
 */
u32 smb3k_vfs_rename_stream(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			    const char *new_name, bool replace)
{
	struct smb3k_vfs_file *vf = smb3k_vfs_file(file);
	const struct path *p = &vf->filp->f_path;
	struct smb3k_vfs_stream *s = vf->stream;
	char *to, *target = NULL;
	const struct cred *old;
	const char *cur;
	size_t cur_len;
	u64 size;
	int ret;

	if (!s)
		return STATUS_INVALID_PARAMETER;
	to = smb3k_vfs_stream_xattr(new_name);
	if (IS_ERR(to))
		return smb3k_vfs_stream_status(PTR_ERR(to));
	ret = mnt_want_write(p->mnt);
	if (ret)
		goto free;
	old = override_creds(ctx->cred);
	mutex_lock(&smb3k_vfs_stream_lock);
	cur = smb3k_vfs_stream_part(s->xattr, strlen(s->xattr), &cur_len);
	if (!strcmp(s->xattr, to))
		goto unlock;			/* its own name */
	/* Only the case changes: no other stream is in the way. */
	if (!cur || !smb3k_vfs_name_eq_ci(cur, cur_len, new_name, strlen(new_name))) {
		ret = smb3k_vfs_stream_find(p->dentry, new_name, &target);
		if (ret == -ENOENT)
			ret = 0;
		if (ret)
			goto unlock;
	}
	if (target) {
		if (!replace) {
			ret = -EEXIST;
			goto unlock;
		}
		ret = smb3k_vfs_stream_size(p, target, &size);
		if (ret == -ENODATA) {		/* gone meanwhile */
			kfree(target);
			target = NULL;
			ret = 0;
		} else if (ret) {
			goto unlock;
		} else if (size || smb3k_vfs_stream_lookup(d_inode(p->dentry), target)) {
			ret = -EINVAL;
			goto unlock;
		}
	}
	ret = smb3k_vfs_stream_move(p, s->xattr, to, target);
	if (!ret) {
		swap(s->xattr, to);
		kfree(vf->stream_name);
		vf->stream_name = kstrdup(new_name, GFP_KERNEL);
	}
unlock:
	mutex_unlock(&smb3k_vfs_stream_lock);
	revert_creds(old);
	mnt_drop_write(p->mnt);
free:
	kfree(target);
	kfree(to);
	return smb3k_vfs_stream_status(ret);
}

struct smb3k_vfs_stream_remove {
	const struct path *path;
	int ret;
};

static int smb3k_vfs_stream_remove_one(void *arg, const char *x, const char *name, size_t len)
{
	struct smb3k_vfs_stream_remove *r = arg;
	int ret;

	ret = vfs_removexattr(smb3k_vfs_userns(r->path), r->path->dentry, x);
	if (ret && ret != -ENODATA && !r->ret)
		r->ret = ret;			/* go on: remove what can be */
	return 0;
}

/**
 * smb3k_vfs_remove_streams() - &smb3k_ios_ops.remove_streams
 * @ctx: the client
 * @file: an open of the file (not of a stream)
 *
 * Return: NT status; STATUS_SHARING_VIOLATION when one of the streams is
 * open (smb3k checks that first), the first failure otherwise.
 */
u32 smb3k_vfs_remove_streams(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file)
{
	struct smb3k_vfs_file *vf = smb3k_vfs_file(file);
	struct smb3k_vfs_stream_remove r = { .path = &vf->filp->f_path };
	const struct cred *old;
	int ret;

	if (vf->stream)
		return STATUS_INVALID_PARAMETER;
	ret = mnt_want_write(r.path->mnt);
	if (ret)
		return smb3k_ios_errno_status(ret);
	old = override_creds(ctx->cred);
	mutex_lock(&smb3k_vfs_stream_lock);
	if (smb3k_vfs_stream_any_open(d_inode(r.path->dentry)))
		ret = -EBUSY;
	else
		ret = smb3k_vfs_stream_each(r.path->dentry, smb3k_vfs_stream_remove_one, &r);
	mutex_unlock(&smb3k_vfs_stream_lock);
	revert_creds(old);
	mnt_drop_write(r.path->mnt);
	return smb3k_vfs_stream_status(ret ?: r.ret);
}
