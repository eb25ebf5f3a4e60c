// SPDX-License-Identifier: GPL-2.0
/*
 * Name resolution for the vfs driver. A name never leads outside the share
 * root: lookups start at the root with LOOKUP_BENEATH and follow no
 * symlink (LOOKUP_NO_SYMLINKS); the case-insensitive fallback walks one
 * component at a time with lookup_one_unlocked(), which refuses "." and
 * ".." and stays on the component's own file system.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/namei.h>
#include <linux/nls.h>
#include <linux/slab.h>
#include <linux/string.h>

#include "ios_vfs.h"
#include "proto/upcase.h"

/* Case-fold one code point the way the codec does (MS-FSCC upcase). */
static unicode_t smb3k_vfs_fold(unicode_t c)
{
	if (c < 0x10000)
		return smb2_upcase(c);
	return c;
}

/**
 * smb3k_vfs_name_eq_ci() - compare two UTF-8 names without case
 * @a: one name (not NUL-terminated)
 * @alen: its length
 * @b: the other
 * @blen: its length
 *
 * The fold is the codec's (MS-FSCC upcase); invalid UTF-8 compares bytewise.
 * File names and named stream names are both compared with it.
 *
 * Return: true when the names are equal without case.
 */
bool smb3k_vfs_name_eq_ci(const char *a, int alen, const char *b, int blen)
{
	while (alen > 0 && blen > 0) {
		unicode_t ua, ub;
		int na = utf8_to_utf32(a, alen, &ua);
		int nb = utf8_to_utf32(b, blen, &ub);

		if (na <= 0 || nb <= 0) {
			if (*a != *b)
				return false;
			na = 1;
			nb = 1;
		} else if (smb3k_vfs_fold(ua) != smb3k_vfs_fold(ub)) {
			return false;
		}
		a += na;
		alen -= na;
		b += nb;
		blen -= nb;
	}
	return alen == 0 && blen == 0;
}

struct smb3k_vfs_ci_scan {
	struct dir_context ctx;
	const char *want;
	int want_len;
	char *found;
};

static bool smb3k_vfs_ci_actor(struct dir_context *ctx, const char *name, int len,
			       loff_t pos, u64 ino, unsigned int type)
{
	struct smb3k_vfs_ci_scan *s = container_of(ctx, struct smb3k_vfs_ci_scan, ctx);

	if (!smb3k_vfs_name_eq_ci(name, len, s->want, s->want_len))
		return true;
	s->found = kmemdup_nul(name, len, GFP_KERNEL);
	return false;
}

/*
 * The real name of @name in directory @dir when it differs only in case,
 * or NULL (none, or the directory cannot be read).
 */
static char *smb3k_vfs_find_ci(const struct path *dir, const char *name, int len)
{
	struct smb3k_vfs_ci_scan s = {
		.ctx.actor = smb3k_vfs_ci_actor,
		.want = name,
		.want_len = len,
	};
	struct file *filp;
	char *real;

	/* Large directories keep an index of their names (ios_vfs_ci.c). */
	if (!smb3k_vfs_ci_lookup(dir, name, len, &real))
		return real;
	filp = dentry_open(dir, O_RDONLY | O_DIRECTORY | O_LARGEFILE, current_cred());
	if (IS_ERR(filp))
		return NULL;
	iterate_dir(filp, &s.ctx);
	fput(filp);
	return s.found;
}

/*
 * Look up one component below @dir: exact name first, then (when @ci)
 * the entry whose name differs only in case. Returns a positive dentry or
 * an ERR_PTR (-ENOENT when there is none).
 */
static struct dentry *smb3k_vfs_child(const struct path *dir, const char *name,
				      int len, bool ci)
{
	struct user_namespace *userns = smb3k_vfs_userns(dir);
	struct dentry *d;
	char *real;

	d = lookup_one_unlocked(userns, name, dir->dentry, len);
	if (IS_ERR(d) || d_really_is_positive(d) || !ci)
		goto out;
	dput(d);
	real = smb3k_vfs_find_ci(dir, name, len);
	if (!real)
		return ERR_PTR(-ENOENT);
	d = lookup_one_unlocked(userns, real, dir->dentry, strlen(real));
	kfree(real);
out:
	if (!IS_ERR(d) && d_really_is_negative(d)) {
		dput(d);
		return ERR_PTR(-ENOENT);
	}
	return d;
}

/* Walk @path one component at a time from @root, without case. */
static int smb3k_vfs_walk_ci(const struct path *root, const char *path, struct path *out)
{
	struct path cur = *root;
	const char *p = path;

	path_get(&cur);
	while (*p) {
		const char *slash = strchrnul(p, '/');
		struct dentry *d;

		if (!d_can_lookup(cur.dentry)) {
			path_put(&cur);
			return -ENOTDIR;
		}
		d = smb3k_vfs_child(&cur, p, slash - p, true);
		if (IS_ERR(d)) {
			path_put(&cur);
			return PTR_ERR(d);
		}
		if (d_is_symlink(d)) {
			dput(d);
			path_put(&cur);
			return -ELOOP;
		}
		dput(cur.dentry);
		cur.dentry = d;
		p = *slash ? slash + 1 : slash;
	}
	*out = cur;
	return 0;
}

/**
 * smb3k_vfs_lookup() - resolve a share-relative name
 * @root: the share root
 * @path: '/'-separated, checked by smb3k ("" is the root)
 * @ci: match names without case when the exact name is absent
 * @out: set to the object's path (referenced) on success
 *
 * A symlink anywhere in @path fails the lookup with -ELOOP; the final
 * component may be one (the caller decides).
 *
 * Return: 0 or a negative errno (-ENOENT, -ENOTDIR, -ELOOP, -EXDEV ...).
 */
int smb3k_vfs_lookup(const struct path *root, const char *path, bool ci,
		     struct path *out)
{
	int ret;

	if (!*path) {
		*out = *root;
		path_get(out);
		return 0;
	}
	ret = vfs_path_lookup(root->dentry, root->mnt, path,
			      LOOKUP_BENEATH | LOOKUP_NO_SYMLINKS, out);
	if ((ret == -ENOENT || ret == -ENOTDIR) && ci)
		ret = smb3k_vfs_walk_ci(root, path, out);
	return ret;
}

/**
 * smb3k_vfs_lookup_parent() - resolve the directory that holds a name
 * @root: the share root
 * @path: '/'-separated, not "" (the root has no parent in the share)
 * @ci: match names without case
 * @parent: set to the directory (referenced) on success
 * @last: set to the last component of @path (inside @path)
 * @real_last: set to the existing entry's real name when it differs from
 *	       @last only in case (kmalloc'ed, caller frees), else NULL
 *
 * Return: 0 or a negative errno.
 */
int smb3k_vfs_lookup_parent(const struct path *root, const char *path, bool ci,
			    struct path *parent, const char **last, char **real_last)
{
	const char *slash = strrchr(path, '/');
	char *dir;
	int ret;

	*real_last = NULL;
	if (!slash) {
		*parent = *root;
		path_get(parent);
		*last = path;
	} else {
		dir = kmemdup_nul(path, slash - path, GFP_KERNEL);
		if (!dir)
			return -ENOMEM;
		ret = smb3k_vfs_lookup(root, dir, ci, parent);
		kfree(dir);
		if (ret)
			return ret == -ENOENT ? -ENOTDIR : ret;
		*last = slash + 1;
	}
	if (!d_can_lookup(parent->dentry)) {
		path_put(parent);
		return -ENOTDIR;
	}
	if (ci) {
		struct dentry *d;

		d = lookup_one_unlocked(smb3k_vfs_userns(parent), *last, parent->dentry,
					strlen(*last));
		if (IS_ERR(d)) {
			path_put(parent);
			return PTR_ERR(d);
		}
		if (d_really_is_negative(d))
			*real_last = smb3k_vfs_find_ci(parent, *last, strlen(*last));
		dput(d);
	}
	return 0;
}
