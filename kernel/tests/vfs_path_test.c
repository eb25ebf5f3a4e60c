// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit: a name never leads out of its share (Documentation/ios-drivers.rst,
 * "Path confinement"). First smb3k's check of wire names (smb2_path.c,
 * proto/smb2_name.c: MS-SMB2 2.2.13, MS-FSCC 2.1.5), then the vfs driver's
 * resolution (ios_vfs_path.c) and its open, rename and link (ios_vfs.c) on
 * a tree made in a private tmpfs mounted for each test case and unmounted
 * after it:
 *
 *	outside/secret
 *	share/			the share root
 *	share/a/b/file
 *	share/Mixed/Case.txt
 *	share/dup, share/DUP
 *	share/link_out -> ../outside
 *	share/abs_link -> /
 *	share/link_in -> a
 */
#include <kunit/test.h>
#include <linux/cred.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/mount.h>
#include <linux/namei.h>
#include <linux/path.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <asm/unaligned.h>

#include "../ios.h"
#include "../ios_vfs.h"
#include "../smb2_path.h"
#include "../proto/ntstatus.h"
#include "../proto/smb2_file.h"
#include "../proto/smb2_name.h"

/* ---- wire names (smb2_path.c) ------------------------------------------- */

/* @s (ASCII) as UTF-16LE; @len set to its length in bytes. */
static u8 *wire(struct kunit *test, const char *s, u32 *len)
{
	size_t i, n = strlen(s);
	u8 *w = kunit_kzalloc(test, 2 * n + 2, GFP_KERNEL);

	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < n; i++)
		w[2 * i] = s[i];
	*len = 2 * n;
	return w;
}

/* smb3k_smb2_path() of @s; @out (when not NULL) must be what it gives. */
static void expect_path(struct kunit *test, const char *s, unsigned int flags,
			u32 status, const char *out)
{
	char *p = NULL;
	u32 len;
	u8 *w = wire(test, s, &len);

	KUNIT_EXPECT_EQ_MSG(test, smb3k_smb2_path(w, len, flags, &p), status, "\"%s\"", s);
	if (status == STATUS_SUCCESS && p && out)
		KUNIT_EXPECT_STREQ_MSG(test, p, out, "\"%s\"", s);
	if (status != STATUS_SUCCESS)
		KUNIT_EXPECT_NULL_MSG(test, p, "\"%s\"", s);
	kfree(p);
}

/* No form of ".." or of an absolute name reaches the driver. */
static void wire_name_never_climbs(struct kunit *test)
{
	expect_path(test, "..", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, NULL);
	expect_path(test, "..\\x", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, NULL);
	expect_path(test, "a\\..\\..\\x", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, NULL);
	expect_path(test, "a/../x", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, NULL);
	expect_path(test, "a\\..", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, NULL);
	expect_path(test, "a\\..\\", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, NULL);
	expect_path(test, "a/b/..", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, NULL);
	/* Absolute: a leading '\' is refused in a CREATE (3.3.5.9). */
	expect_path(test, "\\x", 0, STATUS_INVALID_PARAMETER, NULL);
	expect_path(test, "\\\\server\\share\\x", 0, STATUS_INVALID_PARAMETER, NULL);
	/* A leading '/' is an empty first component. */
	expect_path(test, "/x", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	expect_path(test, "/etc/passwd", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	/* A drive letter is a stream syntax error, never a root. */
	expect_path(test, "C:\\Windows", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	expect_path(test, "C:/x", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	/* Rename and link targets may start with '\': it is stripped, once. */
	expect_path(test, "\\x\\y", SMB3K_PATH_ALLOW_LEADING_SEP, STATUS_SUCCESS, "x/y");
	expect_path(test, "\\..\\x", SMB3K_PATH_ALLOW_LEADING_SEP,
		    STATUS_OBJECT_PATH_SYNTAX_BAD, NULL);
	expect_path(test, "\\\\x", SMB3K_PATH_ALLOW_LEADING_SEP,
		    STATUS_OBJECT_NAME_INVALID, NULL);
	expect_path(test, "\\/x", SMB3K_PATH_ALLOW_LEADING_SEP,
		    STATUS_OBJECT_NAME_INVALID, NULL);
}

/* Both separators become '/'; "." and empty components are refused. */
static void wire_name_separators(struct kunit *test)
{
	expect_path(test, "", 0, STATUS_SUCCESS, "");
	expect_path(test, "a", 0, STATUS_SUCCESS, "a");
	expect_path(test, "a\\b\\c", 0, STATUS_SUCCESS, "a/b/c");
	expect_path(test, "a/b\\c", 0, STATUS_SUCCESS, "a/b/c");
	expect_path(test, "a\\b\\", 0, STATUS_SUCCESS, "a/b");
	expect_path(test, "a/b/", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	expect_path(test, "a\\\\b", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	expect_path(test, "a//b", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	expect_path(test, "\\", 0, STATUS_INVALID_PARAMETER, NULL);
	expect_path(test, ".", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	expect_path(test, "a\\.\\b", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	expect_path(test, "a/.", 0, STATUS_OBJECT_NAME_INVALID, NULL);
	/* Names that only look like dots are plain names. */
	expect_path(test, "...", 0, STATUS_SUCCESS, "...");
	expect_path(test, "..a\\.b", 0, STATUS_SUCCESS, "..a/.b");
	/* "::$DATA" names the file itself; a named stream is not a path. */
	expect_path(test, "a\\f::$DATA", 0, STATUS_SUCCESS, "a/f");
	expect_path(test, "a\\f::$data", 0, STATUS_SUCCESS, "a/f");
	expect_path(test, "a\\f:s", 0, STATUS_OBJECT_NAME_INVALID, NULL);
}

/* NUL, control characters and the characters NTFS refuses (MS-FSCC 2.1.5.2). */
static void wire_name_invalid_characters(struct kunit *test)
{
	static const u16 bad[] = { 0x0000, 0x0001, 0x001f, '"', '*', ':', '<', '>', '?', '|' };
	__le16 units[4] = { cpu_to_le16('a'), 0, cpu_to_le16('b'), 0 };
	unsigned int i;
	char *p;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		units[1] = cpu_to_le16(bad[i]);
		p = NULL;
		KUNIT_EXPECT_EQ_MSG(test, smb3k_smb2_path((u8 *)units, 6, 0, &p),
				    STATUS_OBJECT_NAME_INVALID, "unit %#x", bad[i]);
		KUNIT_EXPECT_NULL(test, p);
		kfree(p);
	}
	/* An odd length cannot be UTF-16. */
	units[1] = cpu_to_le16('x');
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path((u8 *)units, 5, 0, &p), STATUS_INVALID_PARAMETER);
	kfree(p);
	/* A high surrogate needs its low half; a low one alone is refused. */
	units[1] = cpu_to_le16(0xd83d);
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path((u8 *)units, 6, 0, &p),
			STATUS_OBJECT_NAME_INVALID);
	kfree(p);
	units[1] = cpu_to_le16(0xde00);
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path((u8 *)units, 6, 0, &p),
			STATUS_OBJECT_NAME_INVALID);
	kfree(p);
	/* A pair is one character (U+1F600, four bytes of UTF-8). */
	units[1] = cpu_to_le16(0xd83d);
	units[2] = cpu_to_le16(0xde00);
	units[3] = cpu_to_le16('b');
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path((u8 *)units, 8, 0, &p), STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, p, "a\xf0\x9f\x98\x80\x62");
	kfree(p);
}

/* @n units of @c, components of @comp units separated by '\'. */
static u8 *long_name(struct kunit *test, u32 n, u32 comp, u16 c)
{
	u8 *w = kunit_kzalloc(test, 2 * n + 2, GFP_KERNEL);
	u32 i;

	KUNIT_ASSERT_NOT_NULL(test, w);
	for (i = 0; i < n; i++)
		put_unaligned_le16((i + 1) % (comp + 1) ? c : '\\', w + 2 * i);
	return w;
}

/*
 * A component is at most 255 units (MS-FSCC 2.1.5.2); a name that could
 * exceed PATH_MAX as UTF-8 (3 bytes a unit) is too long.
 */
static void wire_name_lengths(struct kunit *test)
{
	char *p = NULL;

	KUNIT_EXPECT_EQ(test, smb3k_smb2_path(long_name(test, 255, 255, 'x'), 510, 0, &p),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, p ? strlen(p) : 0, (size_t)255);
	kfree(p);
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path(long_name(test, 256, 256, 'x'), 512, 0, &p),
			STATUS_OBJECT_NAME_INVALID);
	kfree(p);
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path(long_name(test, 1365, 99, 'x'), 2730, 0, &p),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, p ? strlen(p) : 0, (size_t)1365);
	kfree(p);
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path(long_name(test, 1366, 99, 'x'), 2732, 0, &p),
			STATUS_NAME_TOO_LONG);
	KUNIT_EXPECT_NULL(test, p);
	kfree(p);
}

/* A stream part never carries a separator into the path. */
static void wire_name_streams(struct kunit *test)
{
	struct smb3k_stream_name sn;
	char *p = NULL;
	u32 len;
	u8 *w;

	w = wire(test, "a\\f:s1:$DATA", &len);
	KUNIT_ASSERT_EQ(test, smb3k_smb2_path_stream(w, len, 0, &p, &sn), STATUS_SUCCESS);
	KUNIT_EXPECT_STREQ(test, p, "a/f");
	KUNIT_EXPECT_STREQ(test, sn.name, "s1");
	KUNIT_EXPECT_TRUE(test, sn.data);
	kfree(p);
	kfree(sn.name);

	w = wire(test, "f:..\\..\\x", &len);
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path_stream(w, len, 0, &p, &sn),
			STATUS_OBJECT_NAME_INVALID);
	KUNIT_EXPECT_NULL(test, sn.name);
	kfree(p);
	w = wire(test, "f:a/b", &len);
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path_stream(w, len, 0, &p, &sn),
			STATUS_OBJECT_NAME_INVALID);
	kfree(p);
	w = wire(test, "..:s", &len);
	p = NULL;
	KUNIT_EXPECT_EQ(test, smb3k_smb2_path_stream(w, len, 0, &p, &sn),
			STATUS_OBJECT_PATH_SYNTAX_BAD);
	kfree(p);
	kfree(sn.name);
}

/* ---- resolution on a real tree (ios_vfs_path.c, ios_vfs.c) ---------------- */

/**
 * struct vfs_fx - one test case's file system
 * @mnt: the private tmpfs
 * @base: its root
 * @root: base/share, the share root
 * @share: a vfs driver share whose root is @root
 * @ctx: the client context for the driver's ops (the test's credentials)
 */
struct vfs_fx {
	struct vfsmount *mnt;
	struct path base;
	struct path root;
	struct smb3k_ios_share *share;
	struct smb3k_ios_ctx ctx;
};

/* Make @name in @dir: a directory, a file, or a symlink to @target. */
static int fx_make(struct vfs_fx *fx, struct dentry *dir, const char *name,
		   umode_t type, const char *target, struct dentry **out)
{
	struct inode *inode = d_inode(dir);
	struct dentry *d;
	int ret;

	ret = mnt_want_write(fx->mnt);
	if (ret)
		return ret;
	inode_lock_nested(inode, I_MUTEX_PARENT);
	d = lookup_one_len(name, dir, strlen(name));
	if (IS_ERR(d)) {
		ret = PTR_ERR(d);
		goto unlock;
	}
	if (type == S_IFDIR)
		ret = vfs_mkdir(&init_user_ns, inode, d, 0755);
	else if (type == S_IFLNK)
		ret = vfs_symlink(&init_user_ns, inode, d, target);
	else
		ret = vfs_create(&init_user_ns, inode, d, S_IFREG | 0644, true);
	if (!ret && out)
		*out = dget(d);
	dput(d);
unlock:
	inode_unlock(inode);
	mnt_drop_write(fx->mnt);
	return ret;
}

/* Remove file @name of @dir. */
static int fx_unlink(struct vfs_fx *fx, struct dentry *dir, const char *name)
{
	struct inode *inode = d_inode(dir);
	struct dentry *d;
	int ret;

	ret = mnt_want_write(fx->mnt);
	if (ret)
		return ret;
	inode_lock_nested(inode, I_MUTEX_PARENT);
	d = lookup_one_len(name, dir, strlen(name));
	ret = IS_ERR(d) ? PTR_ERR(d) : vfs_unlink(&init_user_ns, inode, d, NULL);
	if (!IS_ERR(d))
		dput(d);
	inode_unlock(inode);
	mnt_drop_write(fx->mnt);
	return ret;
}

static int vfs_fx_build(struct vfs_fx *fx)
{
	struct dentry *outside, *share, *a, *b, *mixed;
	struct dentry *base = fx->base.dentry;
	int ret;

	ret = fx_make(fx, base, "outside", S_IFDIR, NULL, &outside);
	if (ret)
		return ret;
	ret = fx_make(fx, outside, "secret", S_IFREG, NULL, NULL);
	dput(outside);
	if (ret)
		return ret;
	ret = fx_make(fx, base, "share", S_IFDIR, NULL, &share);
	if (ret)
		return ret;
	fx->root.mnt = mntget(fx->mnt);
	fx->root.dentry = share;
	ret = fx_make(fx, share, "a", S_IFDIR, NULL, &a);
	if (ret)
		return ret;
	ret = fx_make(fx, a, "b", S_IFDIR, NULL, &b);
	dput(a);
	if (ret)
		return ret;
	ret = fx_make(fx, b, "file", S_IFREG, NULL, NULL);
	dput(b);
	if (ret)
		return ret;
	ret = fx_make(fx, share, "Mixed", S_IFDIR, NULL, &mixed);
	if (ret)
		return ret;
	ret = fx_make(fx, mixed, "Case.txt", S_IFREG, NULL, NULL);
	dput(mixed);
	ret = ret ?: fx_make(fx, share, "dup", S_IFREG, NULL, NULL);
	ret = ret ?: fx_make(fx, share, "DUP", S_IFREG, NULL, NULL);
	ret = ret ?: fx_make(fx, share, "link_out", S_IFLNK, "../outside", NULL);
	ret = ret ?: fx_make(fx, share, "abs_link", S_IFLNK, "/", NULL);
	ret = ret ?: fx_make(fx, share, "link_in", S_IFLNK, "a", NULL);
	return ret;
}

/* This suite registered the vfs driver (and must withdraw it). */
static bool vfs_fx_registered;

/*
 * Linux 6.1 runs a module's suites before its init (MODULE_STATE_COMING):
 * the vfs driver and its case-insensitive index may not exist yet. Set
 * them up for the suite and take them down again, so that the module's
 * own init finds everything as it would without the suites.
 */
static int vfs_suite_init(struct kunit_suite *suite)
{
	int ret;

	if (THIS_MODULE->state == MODULE_STATE_LIVE)
		return 0;
	ret = smb3k_ios_vfs_init();
	if (!ret)
		vfs_fx_registered = true;
	return ret;
}

static void vfs_suite_exit(struct kunit_suite *suite)
{
	if (vfs_fx_registered)
		smb3k_ios_vfs_exit();
	vfs_fx_registered = false;
}

static int vfs_fx_init(struct kunit *test)
{
	struct vfs_fx *fx = kunit_kzalloc(test, sizeof(*fx), GFP_KERNEL);
	struct file_system_type *tmpfs;
	struct smb3k_vfs_share *sh;
	int ret;

	if (!fx)
		return -ENOMEM;
	test->priv = fx;
	/* Built in wherever smb3k runs (CONFIG_SHMEM): no module reference. */
	tmpfs = get_fs_type("tmpfs");
	if (!tmpfs)
		return -ENODEV;
	fx->mnt = kern_mount(tmpfs);
	if (IS_ERR(fx->mnt)) {
		ret = PTR_ERR(fx->mnt);
		fx->mnt = NULL;
		return ret;
	}
	fx->base.mnt = fx->mnt;
	fx->base.dentry = fx->mnt->mnt_root;
	ret = vfs_fx_build(fx);
	if (ret)
		return ret;
	/*
	 * A share attaches by a configured path, which a private mount does
	 * not have: attach to "/" and move the share to the private root
	 * before any op sees it.
	 */
	if (smb3k_ios_share_attach("vfs", "/", &fx->share) != STATUS_SUCCESS) {
		fx->share = NULL;
		return -ENOENT;
	}
	sh = smb3k_vfs_share(fx->share);
	path_put(&sh->root);
	sh->root = fx->root;
	path_get(&sh->root);
	fx->ctx.cred = current_cred();
	fx->ctx.user = "kunit";
	fx->ctx.share_name = "kunit";
	return 0;
}

static void vfs_fx_exit(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;

	if (!fx)
		return;
	if (fx->share)
		smb3k_ios_share_detach(fx->share);
	if (fx->root.dentry)
		path_put(&fx->root);
	/* Everything made goes with the mount. */
	if (fx->mnt)
		kern_unmount(fx->mnt);
}

/* smb3k_vfs_lookup() of @path must give @ret; on success the object is returned. */
static bool expect_lookup(struct kunit *test, const struct path *root, const char *path,
			  bool ci, int ret, struct path *out)
{
	struct path p;
	int got = smb3k_vfs_lookup(root, path, ci, &p);

	KUNIT_EXPECT_EQ_MSG(test, got, ret, "\"%s\"%s", path, ci ? " ci" : "");
	if (got)
		return false;
	/* Whatever was found, it is below the root. */
	KUNIT_EXPECT_TRUE_MSG(test, is_subdir(p.dentry, root->dentry), "\"%s\"", path);
	if (out)
		*out = p;
	else
		path_put(&p);
	return true;
}

/* Is @p the object @path names, looked up exactly? */
static void expect_same(struct kunit *test, const struct path *root, const struct path *p,
			const char *path)
{
	struct path q;

	if (!expect_lookup(test, root, path, false, 0, &q))
		return;
	KUNIT_EXPECT_TRUE_MSG(test, path_equal(p, &q), "not \"%s\"", path);
	path_put(&q);
}

/*
 * ".." and climbs through a subdirectory stop at the root (-EXDEV); an
 * absolute name starts at the share root, never at the system's.
 */
static void vfs_lookup_stays_below_root(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;
	const struct path *root = &fx->root;
	struct path p;
	int ci;

	if (expect_lookup(test, root, "", false, 0, &p)) {
		KUNIT_EXPECT_TRUE(test, path_equal(&p, root));
		path_put(&p);
	}
	if (expect_lookup(test, root, "a/b/file", false, 0, &p)) {
		KUNIT_EXPECT_TRUE(test, d_is_reg(p.dentry));
		path_put(&p);
	}
	for (ci = 0; ci < 2; ci++) {
		expect_lookup(test, root, "..", ci, -EXDEV, NULL);
		expect_lookup(test, root, "../outside/secret", ci, -EXDEV, NULL);
		expect_lookup(test, root, "a/../../outside", ci, -EXDEV, NULL);
		expect_lookup(test, root, "a/b/../../../outside/secret", ci, -EXDEV, NULL);
		expect_lookup(test, root, "/..", ci, -EXDEV, NULL);
		if (expect_lookup(test, root, "/", ci, 0, &p)) {
			KUNIT_EXPECT_TRUE(test, path_equal(&p, root));
			path_put(&p);
		}
	}
	if (expect_lookup(test, root, "/a/b/file", false, 0, &p)) {
		expect_same(test, root, &p, "a/b/file");
		path_put(&p);
	}
	expect_lookup(test, root, "/outside", false, -ENOENT, NULL);
	expect_lookup(test, root, "/etc/passwd", false, -ENOENT, NULL);
	/* The case-insensitive walk then meets an empty name. */
	expect_lookup(test, root, "/outside", true, -EACCES, NULL);
	expect_lookup(test, root, "/etc/passwd", true, -EACCES, NULL);
	/* ".." that stays inside is resolved, to the object inside. */
	if (expect_lookup(test, root, "a/../a/b/file", false, 0, &p)) {
		expect_same(test, root, &p, "a/b/file");
		path_put(&p);
	}
}

/* No symlink is followed, to the outside or the inside. */
static void vfs_lookup_symlinks_not_followed(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;
	const struct path *root = &fx->root;
	struct path p;
	int ci;

	/* The link itself, as a last component, for the caller to refuse. */
	if (expect_lookup(test, root, "link_out", false, 0, &p)) {
		KUNIT_EXPECT_TRUE(test, d_is_symlink(p.dentry));
		path_put(&p);
	}
	if (expect_lookup(test, root, "link_out", true, 0, &p)) {
		KUNIT_EXPECT_TRUE(test, d_is_symlink(p.dentry));
		path_put(&p);
	}
	for (ci = 0; ci < 2; ci++) {
		expect_lookup(test, root, "link_out/secret", ci, -ELOOP, NULL);
		expect_lookup(test, root, "abs_link/etc", ci, -ELOOP, NULL);
		expect_lookup(test, root, "link_in/b/file", ci, -ELOOP, NULL);
	}
	/* Through the case-insensitive walk a link is refused even as the last. */
	expect_lookup(test, root, "LINK_OUT", true, -ELOOP, NULL);
	expect_lookup(test, root, "Link_Out/secret", true, -ELOOP, NULL);
	expect_lookup(test, root, "LINK_IN/b", true, -ELOOP, NULL);
	expect_lookup(test, root, "Abs_Link", true, -ELOOP, NULL);
}

static void vfs_lookup_case_insensitive(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;
	const struct path *root = &fx->root;
	struct path p;

	if (expect_lookup(test, root, "A/B/FILE", true, 0, &p)) {
		expect_same(test, root, &p, "a/b/file");
		path_put(&p);
	}
	expect_lookup(test, root, "A/B/FILE", false, -ENOENT, NULL);
	if (expect_lookup(test, root, "mixed/case.TXT", true, 0, &p)) {
		expect_same(test, root, &p, "Mixed/Case.txt");
		path_put(&p);
	}
	/* The exact name wins over another case of it. */
	if (expect_lookup(test, root, "dup", true, 0, &p)) {
		expect_same(test, root, &p, "dup");
		path_put(&p);
	}
	if (expect_lookup(test, root, "DUP", true, 0, &p)) {
		expect_same(test, root, &p, "DUP");
		path_put(&p);
	}
	expect_lookup(test, root, "Dup", true, 0, NULL);
	expect_lookup(test, root, "nothing", true, -ENOENT, NULL);
	expect_lookup(test, root, "A/nothing/file", true, -ENOENT, NULL);
	expect_lookup(test, root, "a/b/file/x", true, -ENOTDIR, NULL);
	expect_lookup(test, root, "A/B/FILE/x", true, -ENOTDIR, NULL);
	/*
	 * The walk looks up one name at a time, and a single name is never
	 * "." or ".." nor empty: once the exact lookup has missed, these fail.
	 */
	expect_lookup(test, root, "A/../../outside", true, -EACCES, NULL);
	expect_lookup(test, root, "A/..", true, -EACCES, NULL);
	expect_lookup(test, root, "A/./b", true, -EACCES, NULL);
	expect_lookup(test, root, "A//b", true, -EACCES, NULL);
}

/* Directories of 256 names or more are looked up through an index. */
static void vfs_lookup_case_insensitive_large_directory(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;
	const struct path *root = &fx->root;
	struct dentry *big;
	char name[16];
	struct path p;
	int i;

	KUNIT_ASSERT_EQ(test, fx_make(fx, root->dentry, "big", S_IFDIR, NULL, &big), 0);
	for (i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), "File-%03d", i);
		if (fx_make(fx, big, name, S_IFREG, NULL, NULL))
			break;
	}
	KUNIT_EXPECT_EQ(test, i, 300);
	if (expect_lookup(test, root, "BIG/FILE-123", true, 0, &p)) {
		KUNIT_EXPECT_STREQ(test, p.dentry->d_name.name, "File-123");
		path_put(&p);
	}
	expect_lookup(test, root, "big/FILE-300", true, -ENOENT, NULL);
	/* The index follows what changes in the directory. */
	KUNIT_EXPECT_EQ(test, fx_make(fx, big, "Late-Comer", S_IFREG, NULL, NULL), 0);
	if (expect_lookup(test, root, "big/LATE-COMER", true, 0, &p)) {
		KUNIT_EXPECT_STREQ(test, p.dentry->d_name.name, "Late-Comer");
		path_put(&p);
	}
	KUNIT_EXPECT_EQ(test, fx_unlink(fx, big, "File-123"), 0);
	expect_lookup(test, root, "big/file-123", true, -ENOENT, NULL);
	/* A link in a large directory is refused like anywhere else. */
	KUNIT_EXPECT_EQ(test, fx_make(fx, big, "Out", S_IFLNK, "../../outside", NULL), 0);
	expect_lookup(test, root, "big/OUT/secret", true, -ELOOP, NULL);
	dput(big);
}

/* Names the file system cannot hold are ENAMETOOLONG, STATUS_NAME_TOO_LONG. */
static void vfs_lookup_long_names(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;
	const struct path *root = &fx->root;
	char *s = kunit_kzalloc(test, PATH_MAX + 2, GFP_KERNEL);
	int ci, i;

	KUNIT_ASSERT_NOT_NULL(test, s);
	memset(s, 'x', NAME_MAX);
	for (ci = 0; ci < 2; ci++)
		expect_lookup(test, root, s, ci, -ENOENT, NULL);
	s[NAME_MAX] = 'x';
	for (ci = 0; ci < 2; ci++)
		expect_lookup(test, root, s, ci, -ENAMETOOLONG, NULL);
	/* The same component below a directory, and below one in another case. */
	memmove(s + 2, s, NAME_MAX + 1);
	memcpy(s, "a/", 2);
	for (ci = 0; ci < 2; ci++)
		expect_lookup(test, root, s, ci, -ENAMETOOLONG, NULL);
	s[0] = 'A';
	expect_lookup(test, root, s, true, -ENAMETOOLONG, NULL);
	/* A path of PATH_MAX bytes and more, of short components. */
	for (i = 0; i < PATH_MAX; i++)
		s[i] = i & 1 ? '/' : 'a';
	s[PATH_MAX] = '\0';
	for (ci = 0; ci < 2; ci++)
		expect_lookup(test, root, s, ci, -ENAMETOOLONG, NULL);
	KUNIT_EXPECT_EQ(test, smb3k_ios_errno_status(-ENAMETOOLONG), STATUS_NAME_TOO_LONG);
}

/* smb3k_vfs_lookup_parent() of @path must give @ret (and @dir, @last). */
static void expect_parent(struct kunit *test, const struct path *root, const char *path,
			  bool ci, int ret, const char *dir, const char *last,
			  const char *real_last)
{
	const char *l = NULL;
	char *real = NULL;
	struct path p;
	int got = smb3k_vfs_lookup_parent(root, path, ci, &p, &l, &real);

	KUNIT_EXPECT_EQ_MSG(test, got, ret, "\"%s\"%s", path, ci ? " ci" : "");
	if (got)
		return;
	KUNIT_EXPECT_TRUE_MSG(test, is_subdir(p.dentry, root->dentry), "\"%s\"", path);
	expect_same(test, root, &p, dir);
	KUNIT_EXPECT_STREQ_MSG(test, l, last, "\"%s\"", path);
	if (real_last)
		KUNIT_EXPECT_STREQ_MSG(test, real ?: "(none)", real_last, "\"%s\"", path);
	else
		KUNIT_EXPECT_NULL_MSG(test, real, "\"%s\"", path);
	kfree(real);
	path_put(&p);
}

/* The directory a new name goes into is found under the same rules. */
static void vfs_lookup_parent_for_create(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;
	const struct path *root = &fx->root;
	int ci;

	expect_parent(test, root, "new", false, 0, "", "new", NULL);
	expect_parent(test, root, "a/b/new", false, 0, "a/b", "new", NULL);
	expect_parent(test, root, "A/B/New", true, 0, "a/b", "New", NULL);
	expect_parent(test, root, "A/B/FILE", true, 0, "a/b", "FILE", "file");
	expect_parent(test, root, "a/b/file", true, 0, "a/b", "file", NULL);
	/* A missing directory is a missing path (STATUS_OBJECT_PATH_NOT_FOUND). */
	expect_parent(test, root, "A/B/FILE", false, -ENOTDIR, NULL, NULL, NULL);
	for (ci = 0; ci < 2; ci++) {
		expect_parent(test, root, "missing/new", ci, -ENOTDIR, NULL, NULL, NULL);
		expect_parent(test, root, "a/b/file/new", ci, -ENOTDIR, NULL, NULL, NULL);
		expect_parent(test, root, "link_out/new", ci, -ENOTDIR, NULL, NULL, NULL);
		expect_parent(test, root, "link_in/new", ci, -ENOTDIR, NULL, NULL, NULL);
		expect_parent(test, root, "../new", ci, -EXDEV, NULL, NULL, NULL);
		expect_parent(test, root, "a/../../new", ci, -EXDEV, NULL, NULL, NULL);
	}
	/* Absolute names start at the share root. */
	expect_parent(test, root, "/new", false, 0, "", "new", NULL);
	expect_parent(test, root, "/a/b/new", false, 0, "a/b", "new", NULL);
	expect_parent(test, root, "/etc/new", false, -ENOTDIR, NULL, NULL, NULL);
	expect_parent(test, root, "/etc/new", true, -EACCES, NULL, NULL, NULL);
	expect_parent(test, root, "LINK_OUT/new", true, -ELOOP, NULL, NULL, NULL);
}

/* Does @name exist below the mount's root (outside the share too)? */
static bool fx_exists(struct vfs_fx *fx, const char *name)
{
	struct path p;

	if (vfs_path_lookup(fx->base.dentry, fx->mnt, name, 0, &p))
		return false;
	path_put(&p);
	return true;
}

/* The driver's open of @path; the open is closed again. */
static u32 fx_open(struct vfs_fx *fx, const char *path, u32 disposition, bool ci,
		   u32 *action)
{
	struct smb3k_ios_open_args args = {
		.path = path,
		.disposition = disposition,
		.access = FILE_READ_DATA | FILE_READ_ATTRIBUTES,
	};
	struct smb3k_ios_open_result res = {};
	struct smb3k_ios_file *file = NULL;
	u32 status;

	fx->ctx.flags = ci ? SMB3K_IOS_CASE_INSENSITIVE : 0;
	status = fx->share->ops->open(&fx->ctx, fx->share, &args, &file, &res);
	if (status == STATUS_SUCCESS) {
		*action = res.create_action;
		fx->share->ops->close(&fx->ctx, file);
	}
	return status;
}

/* Open and create through the driver: symlinks are never a way out. */
static void vfs_open_confined(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;
	u32 action = 0;
	int ci;

	for (ci = 0; ci < 2; ci++) {
		KUNIT_EXPECT_EQ(test, fx_open(fx, "link_out", FILE_OPEN, ci, &action),
				STATUS_STOPPED_ON_SYMLINK);
		KUNIT_EXPECT_EQ(test, fx_open(fx, "link_out/secret", FILE_OPEN, ci, &action),
				STATUS_STOPPED_ON_SYMLINK);
		KUNIT_EXPECT_EQ(test, fx_open(fx, "abs_link", FILE_OPEN_IF, ci, &action),
				STATUS_STOPPED_ON_SYMLINK);
		KUNIT_EXPECT_EQ(test, fx_open(fx, "link_out/new", FILE_CREATE, ci, &action),
				STATUS_STOPPED_ON_SYMLINK);
		KUNIT_EXPECT_EQ(test, fx_open(fx, "link_in/new", FILE_OPEN_IF, ci, &action),
				STATUS_STOPPED_ON_SYMLINK);
		/* Names smb3k would refuse, should one get this far. */
		KUNIT_EXPECT_EQ(test, fx_open(fx, "../outside/secret", FILE_OPEN, ci, &action),
				STATUS_NOT_SAME_DEVICE);
		KUNIT_EXPECT_EQ(test, fx_open(fx, "../outside/new", FILE_CREATE, ci, &action),
				STATUS_NOT_SAME_DEVICE);
		/* An absolute name starts at the share root. */
		KUNIT_EXPECT_EQ(test, fx_open(fx, "/a/b/file", FILE_OPEN, ci, &action),
				STATUS_SUCCESS);
	}
	KUNIT_EXPECT_EQ(test, fx_open(fx, "/top", FILE_CREATE, false, &action), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, fx_exists(fx, "share/top"));
	KUNIT_EXPECT_NE(test, fx_open(fx, "/outside/new", FILE_CREATE, true, &action),
			STATUS_SUCCESS);
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "top"));
	KUNIT_EXPECT_EQ(test, fx_open(fx, "LINK_OUT/new", FILE_CREATE, true, &action),
			STATUS_STOPPED_ON_SYMLINK);
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "outside/new"));
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "new"));
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "share/new"));
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "share/a/new"));
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "share/outside"));

	/* What is inside can be opened and made, in its case on disk. */
	KUNIT_EXPECT_EQ(test, fx_open(fx, "a/b/new", FILE_CREATE, false, &action),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, action, (u32)FILE_CREATED);
	KUNIT_EXPECT_TRUE(test, fx_exists(fx, "share/a/b/new"));
	KUNIT_EXPECT_EQ(test, fx_open(fx, "A/B/NEW2", FILE_CREATE, true, &action),
			STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, fx_exists(fx, "share/a/b/NEW2"));
	KUNIT_EXPECT_EQ(test, fx_open(fx, "A/B/FILE", FILE_OPEN_IF, true, &action),
			STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, action, (u32)FILE_OPENED);
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "share/a/b/FILE"));
	KUNIT_EXPECT_EQ(test, fx_open(fx, "A/B/FILE", FILE_OPEN, false, &action),
			STATUS_OBJECT_PATH_NOT_FOUND);
}

/* A component too long for the file system, though valid on the wire. */
static void vfs_open_name_too_long(struct kunit *test)
{
	struct vfs_fx *fx = test->priv;
	u8 *w = long_name(test, 100, 100, 0x4e2d);	/* 300 bytes of UTF-8 */
	u32 action = 0;
	char *p = NULL;

	KUNIT_ASSERT_EQ(test, smb3k_smb2_path(w, 200, 0, &p), STATUS_SUCCESS);
	KUNIT_EXPECT_EQ(test, strlen(p), (size_t)300);
	KUNIT_EXPECT_EQ(test, fx_open(fx, p, FILE_CREATE, false, &action),
			STATUS_NAME_TOO_LONG);
	KUNIT_EXPECT_EQ(test, fx_open(fx, p, FILE_OPEN_IF, true, &action),
			STATUS_NAME_TOO_LONG);
	kfree(p);
}

/* Rename and link targets resolve like CREATE names: never outside. */
static void vfs_rename_link_confined(struct kunit *test)
{
	static const char * const bad[] = {
		"../escaped", "a/../../escaped", "/etc/escaped", "link_out/escaped",
		"link_in/escaped", "abs_link/tmp/escaped", "link_out/../escaped",
	};
	struct smb3k_ios_open_args args = {
		.path = "a/b/file",
		.disposition = FILE_OPEN,
		.access = FILE_READ_DATA | DELETE,
	};
	struct vfs_fx *fx = test->priv;
	const struct smb3k_ios_ops *ops = fx->share->ops;
	struct smb3k_ios_open_result res = {};
	struct smb3k_ios_file *file = NULL;
	unsigned int i;
	int ci;

	KUNIT_ASSERT_EQ(test, ops->open(&fx->ctx, fx->share, &args, &file, &res),
			STATUS_SUCCESS);
	for (ci = 0; ci < 2; ci++) {
		fx->ctx.flags = ci ? SMB3K_IOS_CASE_INSENSITIVE : 0;
		for (i = 0; i < ARRAY_SIZE(bad); i++) {
			KUNIT_EXPECT_NE_MSG(test, ops->rename(&fx->ctx, file, bad[i], true),
					    STATUS_SUCCESS, "rename to %s", bad[i]);
			KUNIT_EXPECT_NE_MSG(test, ops->link(&fx->ctx, file, bad[i], true),
					    STATUS_SUCCESS, "link to %s", bad[i]);
		}
	}
	fx->ctx.flags = 0;
	KUNIT_EXPECT_EQ(test, ops->rename(&fx->ctx, file, "../escaped", false),
			STATUS_NOT_SAME_DEVICE);
	KUNIT_EXPECT_EQ(test, ops->rename(&fx->ctx, file, "link_out/escaped", false),
			STATUS_OBJECT_PATH_NOT_FOUND);
	fx->ctx.flags = SMB3K_IOS_CASE_INSENSITIVE;
	KUNIT_EXPECT_EQ(test, ops->link(&fx->ctx, file, "LINK_OUT/escaped", false),
			STATUS_STOPPED_ON_SYMLINK);
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "escaped"));
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "outside/escaped"));
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "share/escaped"));
	KUNIT_EXPECT_TRUE(test, fx_exists(fx, "share/a/b/file"));
	/* Inside, the same open can be moved. */
	KUNIT_EXPECT_EQ(test, ops->rename(&fx->ctx, file, "A/moved", false), STATUS_SUCCESS);
	KUNIT_EXPECT_TRUE(test, fx_exists(fx, "share/a/moved"));
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "share/a/b/file"));
	/* A leading '/' (smb3k strips '\' first) names nothing above the root. */
	ops->rename(&fx->ctx, file, "/top", false);
	KUNIT_EXPECT_FALSE(test, fx_exists(fx, "top"));
	ops->close(&fx->ctx, file);
}

static struct kunit_case smb3k_vfs_path_cases[] = {
	KUNIT_CASE(wire_name_never_climbs),
	KUNIT_CASE(wire_name_separators),
	KUNIT_CASE(wire_name_invalid_characters),
	KUNIT_CASE(wire_name_lengths),
	KUNIT_CASE(wire_name_streams),
	KUNIT_CASE(vfs_lookup_stays_below_root),
	KUNIT_CASE(vfs_lookup_symlinks_not_followed),
	KUNIT_CASE(vfs_lookup_case_insensitive),
	KUNIT_CASE(vfs_lookup_case_insensitive_large_directory),
	KUNIT_CASE(vfs_lookup_long_names),
	KUNIT_CASE(vfs_lookup_parent_for_create),
	KUNIT_CASE(vfs_open_confined),
	KUNIT_CASE(vfs_open_name_too_long),
	KUNIT_CASE(vfs_rename_link_confined),
	{}
};

static struct kunit_suite smb3k_vfs_path_suite = {
	.name = "smb3k_vfs_path",
	.suite_init = vfs_suite_init,
	.suite_exit = vfs_suite_exit,
	.init = vfs_fx_init,
	.exit = vfs_fx_exit,
	.test_cases = smb3k_vfs_path_cases,
};

kunit_test_suite(smb3k_vfs_path_suite);
