// SPDX-License-Identifier: GPL-2.0
/*
 * Case-insensitive name lookup in large directories for the vfs driver.
 *
 * A share that ignores case (the default) must find "Foo" when a client
 * asks for "FOO" on a file system that does not. An exact lookup that
 * misses would scan the directory; for every new name a client creates
 * that miss is certain, so filling a directory of n files costs n^2 entry
 * reads. Directories of SMB3K_CI_MIN entries or more get an index of
 * their names by case-folded hash (the fold of MS-FSCC, as the codec's):
 * built by one scan, then kept exact by an fsnotify mark on the directory
 * that sees every create, delete and rename in it, whoever makes them
 * (SMB clients or local processes). Indexes are bounded in number and in
 * names; the least recently used goes first. When anything goes wrong
 * (no memory, a change during the scan) the caller scans as before.
 */
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/fsnotify_backend.h>
#include <linux/list.h>
#include <linux/log2.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/nls.h>
#include <linux/slab.h>
#include <linux/spinlock.h>

#include "ios_vfs.h"
#include "proto/upcase.h"

/* A directory gets an index from this many entries on. */
#define SMB3K_CI_MIN		256
/* At most this many indexed directories and names in all of them. */
#define SMB3K_CI_MAX_DIRS	128
#define SMB3K_CI_MAX_NAMES	(1U << 20)
#define SMB3K_CI_MAX_BUCKETS	(1U << 20)

#define SMB3K_CI_EVENTS	(FS_CREATE | FS_DELETE | FS_MOVED_FROM | FS_MOVED_TO)

/**
 * struct smb3k_ci_name - one name of an indexed directory
 * @node: in its hash bucket
 * @hash: hash of the case-folded name
 * @len: length of @name
 * @name: the name as stored (not NUL-terminated)
 */
struct smb3k_ci_name {
	struct hlist_node node;
	u32 hash;
	u16 len;
	char name[];
};

/**
 * struct smb3k_ci_dir - the index of one directory
 * @mark: fsnotify mark on the directory; while it is on smb3k_ci_dirs the
 *	  list owns the reference it was made with, and whoever takes it
 *	  off (eviction, or fsnotify destroying the mark when the directory
 *	  goes) puts that reference
 * @lru: on smb3k_ci_dirs, most recently used last, or on an evictor's list
 * @listed: on smb3k_ci_dirs (@lru and @listed under smb3k_ci_lock)
 * @lock: protects everything below
 * @ready: built; lookups may use it
 * @stale: a change came while it was being built: never used
 * @buckets: hash buckets (kvmalloc'ed)
 * @nbuckets: how many (a power of two)
 * @count: names in it
 */
struct smb3k_ci_dir {
	struct fsnotify_mark mark;
	struct list_head lru;
	bool listed;
	spinlock_t lock;
	bool ready;
	bool stale;
	struct hlist_head *buckets;
	u32 nbuckets;
	u32 count;
};

static struct fsnotify_group *smb3k_ci_group;
static DEFINE_MUTEX(smb3k_ci_lock);
static LIST_HEAD(smb3k_ci_dirs);
static unsigned int smb3k_ci_ndirs;
static atomic_t smb3k_ci_names = ATOMIC_INIT(0);

static u32 smb3k_ci_hash(const char *s, int len)
{
	u32 h = 2166136261U;

	while (len > 0) {
		unicode_t c;
		int n = utf8_to_utf32(s, len, &c);

		if (n <= 0) {
			c = 0x80000000U | (u8)*s;
			n = 1;
		} else if (c < 0x10000) {
			c = smb2_upcase(c);
		}
		h = (h ^ c) * 16777619U;
		s += n;
		len -= n;
	}
	return h;
}

static struct smb3k_ci_name *smb3k_ci_name_new(const char *name, int len, gfp_t gfp)
{
	struct smb3k_ci_name *e;

	if (len <= 0 || len > U16_MAX)
		return NULL;
	e = kmalloc(struct_size(e, name, len), gfp);
	if (!e)
		return NULL;
	e->hash = smb3k_ci_hash(name, len);
	e->len = len;
	memcpy(e->name, name, len);
	return e;
}

/* The entry with exactly @name, or NULL. Under @cd->lock. */
static struct smb3k_ci_name *smb3k_ci_find_exact(struct smb3k_ci_dir *cd, const char *name,
						 int len, u32 hash)
{
	struct smb3k_ci_name *e;

	hlist_for_each_entry(e, &cd->buckets[hash & (cd->nbuckets - 1)], node)
		if (e->hash == hash && e->len == len && !memcmp(e->name, name, len))
			return e;
	return NULL;
}

static void smb3k_ci_free_names(struct smb3k_ci_dir *cd)
{
	struct smb3k_ci_name *e;
	struct hlist_node *tmp;
	u32 i;

	for (i = 0; cd->buckets && i < cd->nbuckets; i++) {
		hlist_for_each_entry_safe(e, tmp, &cd->buckets[i], node) {
			hlist_del(&e->node);
			kfree(e);
		}
	}
	atomic_sub(cd->count, &smb3k_ci_names);
	cd->count = 0;
}

/* A name appeared in or left the directory (fsnotify, may sleep). */
static int smb3k_ci_event(struct fsnotify_mark *mark, u32 mask, struct inode *inode,
			  struct inode *dir, const struct qstr *file_name, u32 cookie)
{
	struct smb3k_ci_dir *cd = container_of(mark, struct smb3k_ci_dir, mark);
	struct smb3k_ci_name *e, *add = NULL;
	u32 hash;

	if (!file_name || !(mask & SMB3K_CI_EVENTS))
		return 0;
	if (mask & (FS_CREATE | FS_MOVED_TO))
		add = smb3k_ci_name_new(file_name->name, file_name->len, GFP_NOFS);
	hash = smb3k_ci_hash(file_name->name, file_name->len);
	spin_lock(&cd->lock);
	if (!cd->ready) {
		cd->stale = true;	/* being built: it cannot be trusted */
	} else if (mask & (FS_DELETE | FS_MOVED_FROM)) {
		e = smb3k_ci_find_exact(cd, file_name->name, file_name->len, hash);
		if (e) {
			hlist_del(&e->node);
			cd->count--;
			atomic_dec(&smb3k_ci_names);
			kfree(e);
		}
	} else if (!add) {
		cd->ready = false;	/* no memory: it would miss a name */
		cd->stale = true;
	} else if (!smb3k_ci_find_exact(cd, file_name->name, file_name->len, hash)) {
		hlist_add_head(&add->node, &cd->buckets[hash & (cd->nbuckets - 1)]);
		cd->count++;
		atomic_inc(&smb3k_ci_names);
		add = NULL;
	}
	spin_unlock(&cd->lock);
	kfree(add);
	return 0;
}

/* Take @cd off the list: true when the caller now owns the list's reference. */
static bool smb3k_ci_unlist(struct smb3k_ci_dir *cd)
{
	bool listed;

	mutex_lock(&smb3k_ci_lock);
	listed = cd->listed;
	if (listed) {
		list_del_init(&cd->lru);
		cd->listed = false;
		smb3k_ci_ndirs--;
	}
	mutex_unlock(&smb3k_ci_lock);
	return listed;
}

/* fsnotify destroys the mark (directory deleted, unmount, or us). */
static void smb3k_ci_freeing_mark(struct fsnotify_mark *mark, struct fsnotify_group *group)
{
	struct smb3k_ci_dir *cd = container_of(mark, struct smb3k_ci_dir, mark);

	if (smb3k_ci_unlist(cd))
		fsnotify_put_mark(mark);
}

static void smb3k_ci_free_mark(struct fsnotify_mark *mark)
{
	struct smb3k_ci_dir *cd = container_of(mark, struct smb3k_ci_dir, mark);

	smb3k_ci_free_names(cd);
	kvfree(cd->buckets);
	kfree(cd);
}

static const struct fsnotify_ops smb3k_ci_fsn_ops = {
	.handle_inode_event = smb3k_ci_event,
	.freeing_mark = smb3k_ci_freeing_mark,
	.free_mark = smb3k_ci_free_mark,
};

/* Destroy @cd's mark; @owned: the caller holds the list's reference. No locks held. */
static void smb3k_ci_destroy(struct smb3k_ci_dir *cd, bool owned)
{
	fsnotify_destroy_mark(&cd->mark, smb3k_ci_group);
	if (owned)
		fsnotify_put_mark(&cd->mark);
}

/* Destroy the indexes on @victims (taken off the list by the caller). */
static void smb3k_ci_destroy_list(struct list_head *victims)
{
	struct smb3k_ci_dir *cd, *tmp;

	list_for_each_entry_safe(cd, tmp, victims, lru) {
		list_del_init(&cd->lru);
		smb3k_ci_destroy(cd, true);
	}
}

struct smb3k_ci_scan {
	struct dir_context ctx;
	struct smb3k_ci_dir *cd;	/* NULL: only count */
	u32 entries;
	bool failed;
};

static bool smb3k_ci_scan_actor(struct dir_context *ctx, const char *name, int len,
				loff_t pos, u64 ino, unsigned int type)
{
	struct smb3k_ci_scan *s = container_of(ctx, struct smb3k_ci_scan, ctx);
	struct smb3k_ci_dir *cd = s->cd;
	struct smb3k_ci_name *e;

	if ((len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.'))
		return true;
	s->entries++;
	if (!cd)
		return true;
	if (s->entries > cd->nbuckets * 2 || s->entries > SMB3K_CI_MAX_NAMES) {
		s->failed = true;	/* grew past what was sized for */
		return false;
	}
	e = smb3k_ci_name_new(name, len, GFP_KERNEL);
	if (!e) {
		s->failed = true;
		return false;
	}
	/* Only this builder adds names until the index is ready. */
	spin_lock(&cd->lock);
	hlist_add_head(&e->node, &cd->buckets[e->hash & (cd->nbuckets - 1)]);
	cd->count++;
	spin_unlock(&cd->lock);
	atomic_inc(&smb3k_ci_names);
	return true;
}

static int smb3k_ci_iterate(const struct path *dir, struct smb3k_ci_scan *s)
{
	struct file *filp;
	int ret;

	filp = dentry_open(dir, O_RDONLY | O_DIRECTORY | O_LARGEFILE, current_cred());
	if (IS_ERR(filp))
		return PTR_ERR(filp);
	ret = iterate_dir(filp, &s->ctx);
	fput(filp);
	return ret;
}

/* Make room for @names more names and one more directory: evict the least used. */
static bool smb3k_ci_make_room(u32 names)
{
	struct smb3k_ci_dir *cd;
	LIST_HEAD(victims);
	int names_left;

	if (names > SMB3K_CI_MAX_NAMES / 2)
		return false;
	mutex_lock(&smb3k_ci_lock);
	names_left = atomic_read(&smb3k_ci_names);
	while (!list_empty(&smb3k_ci_dirs) &&
	       (smb3k_ci_ndirs >= SMB3K_CI_MAX_DIRS ||
		names_left + names > SMB3K_CI_MAX_NAMES)) {
		cd = list_first_entry(&smb3k_ci_dirs, struct smb3k_ci_dir, lru);
		list_move_tail(&cd->lru, &victims);
		cd->listed = false;
		smb3k_ci_ndirs--;
		names_left -= READ_ONCE(cd->count);
	}
	mutex_unlock(&smb3k_ci_lock);
	smb3k_ci_destroy_list(&victims);
	return true;
}

/* Index @dir, about @entries entries. Returns it referenced, or NULL. */
static struct smb3k_ci_dir *smb3k_ci_build(const struct path *dir, u32 entries)
{
	struct inode *inode = d_inode(dir->dentry);
	struct smb3k_ci_scan s = { .ctx.actor = smb3k_ci_scan_actor };
	struct fsnotify_mark *mark;
	struct smb3k_ci_dir *cd;
	u32 n;

	cd = kzalloc(sizeof(*cd), GFP_KERNEL);
	if (!cd)
		return NULL;
	spin_lock_init(&cd->lock);
	INIT_LIST_HEAD(&cd->lru);
	n = roundup_pow_of_two(max_t(u32, entries * 2, SMB3K_CI_MIN));
	cd->nbuckets = min_t(u32, n, SMB3K_CI_MAX_BUCKETS);
	cd->buckets = kvcalloc(cd->nbuckets, sizeof(*cd->buckets), GFP_KERNEL);
	if (!cd->buckets) {
		kfree(cd);
		return NULL;
	}
	fsnotify_init_mark(&cd->mark, smb3k_ci_group);
	cd->mark.mask = SMB3K_CI_EVENTS;

	if (!smb3k_ci_make_room(entries) || fsnotify_add_inode_mark(&cd->mark, inode, 0)) {
		/* No room, or another builder is at it (-EEXIST). */
		fsnotify_put_mark(&cd->mark);	/* frees @cd */
		return NULL;
	}
	/*
	 * Our reference (from fsnotify_init_mark()) goes to the list; the
	 * caller's comes from a lookup, which fails if the mark was destroyed
	 * meanwhile (the directory was deleted).
	 */
	mark = fsnotify_find_mark(&inode->i_fsnotify_marks, smb3k_ci_group);
	if (mark != &cd->mark) {
		if (mark)
			fsnotify_put_mark(mark);
		smb3k_ci_destroy(cd, true);
		return NULL;
	}
	mutex_lock(&smb3k_ci_lock);
	list_add_tail(&cd->lru, &smb3k_ci_dirs);
	cd->listed = true;
	smb3k_ci_ndirs++;
	mutex_unlock(&smb3k_ci_lock);
	/* Destroyed between the lookup and here: its freeing found it unlisted. */
	if (!(READ_ONCE(cd->mark.flags) & FSNOTIFY_MARK_FLAG_ATTACHED) && smb3k_ci_unlist(cd)) {
		smb3k_ci_destroy(cd, true);
		fsnotify_put_mark(&cd->mark);
		return NULL;
	}

	/* The mark sees every change from now: a change during the scan spoils it. */
	s.cd = cd;
	if (smb3k_ci_iterate(dir, &s))
		s.failed = true;
	spin_lock(&cd->lock);
	cd->ready = !s.failed && !cd->stale;
	spin_unlock(&cd->lock);
	if (!cd->ready) {
		smb3k_ci_destroy(cd, smb3k_ci_unlist(cd));
		fsnotify_put_mark(&cd->mark);	/* the caller's */
		return NULL;
	}
	return cd;
}

/* More buckets once the names have outgrown them (not in fsnotify context). */
static void smb3k_ci_grow(struct smb3k_ci_dir *cd)
{
	struct hlist_head *nb, *old;
	struct smb3k_ci_name *e;
	struct hlist_node *tmp;
	u32 n, i;

	spin_lock(&cd->lock);
	n = cd->nbuckets;
	spin_unlock(&cd->lock);
	if (READ_ONCE(cd->count) <= n * 4 || n >= SMB3K_CI_MAX_BUCKETS)
		return;
	nb = kvcalloc(n * 4, sizeof(*nb), GFP_KERNEL);
	if (!nb)
		return;
	spin_lock(&cd->lock);
	if (cd->nbuckets != n) {		/* someone else grew it */
		spin_unlock(&cd->lock);
		kvfree(nb);
		return;
	}
	old = cd->buckets;
	for (i = 0; i < n; i++) {
		hlist_for_each_entry_safe(e, tmp, &old[i], node) {
			hlist_del(&e->node);
			hlist_add_head(&e->node, &nb[e->hash & (n * 4 - 1)]);
		}
	}
	cd->buckets = nb;
	cd->nbuckets = n * 4;
	spin_unlock(&cd->lock);
	kvfree(old);
}

/* The name in @cd matching @name without case, kmalloc'ed; NULL if none. */
static char *smb3k_ci_find(struct smb3k_ci_dir *cd, const char *name, int len, bool *ok)
{
	u32 hash = smb3k_ci_hash(name, len);
	struct smb3k_ci_name *e;
	char *real = NULL;

	spin_lock(&cd->lock);
	*ok = cd->ready;
	if (cd->ready) {
		hlist_for_each_entry(e, &cd->buckets[hash & (cd->nbuckets - 1)], node) {
			if (e->hash == hash && smb3k_vfs_name_eq_ci(e->name, e->len, name, len)) {
				real = kmemdup_nul(e->name, e->len, GFP_ATOMIC);
				*ok = real != NULL;
				break;
			}
		}
	}
	spin_unlock(&cd->lock);
	return real;
}

/**
 * smb3k_vfs_ci_lookup() - the real name of @name in a large directory
 * @dir: the directory
 * @name: the name asked for (not NUL-terminated)
 * @len: its length
 * @real: set to the kmalloc'ed name that differs only in case, or NULL
 *
 * Return: 0 when the answer in *@real holds (from the directory's index),
 * -EAGAIN when the directory has no index (too small, no room, no memory):
 * the caller scans it.
 */
int smb3k_vfs_ci_lookup(const struct path *dir, const char *name, int len, char **real)
{
	struct inode *inode = d_inode(dir->dentry);
	struct smb3k_ci_scan count = { .ctx.actor = smb3k_ci_scan_actor };
	struct fsnotify_mark *mark;
	struct smb3k_ci_dir *cd;
	bool ok;

	*real = NULL;
	if (!smb3k_ci_group)
		return -EAGAIN;
	mark = fsnotify_find_mark(&inode->i_fsnotify_marks, smb3k_ci_group);
	if (mark) {
		cd = container_of(mark, struct smb3k_ci_dir, mark);
	} else {
		/* Small directories are scanned: count first. */
		if (smb3k_ci_iterate(dir, &count) || count.entries < SMB3K_CI_MIN)
			return -EAGAIN;
		cd = smb3k_ci_build(dir, count.entries);
		if (!cd)
			return -EAGAIN;
	}
	smb3k_ci_grow(cd);
	*real = smb3k_ci_find(cd, name, len, &ok);
	if (ok) {
		mutex_lock(&smb3k_ci_lock);
		if (cd->listed)
			list_move_tail(&cd->lru, &smb3k_ci_dirs);
		mutex_unlock(&smb3k_ci_lock);
	}
	fsnotify_put_mark(&cd->mark);
	return ok ? 0 : -EAGAIN;
}

/**
 * smb3k_vfs_ci_init() - the fsnotify group of the indexes
 *
 * Return: 0 or a negative errno.
 */
int smb3k_vfs_ci_init(void)
{
	struct fsnotify_group *group;

	group = fsnotify_alloc_group(&smb3k_ci_fsn_ops, 0);
	if (IS_ERR(group))
		return PTR_ERR(group);
	smb3k_ci_group = group;
	return 0;
}

/**
 * smb3k_vfs_ci_exit() - drop every index
 */
void smb3k_vfs_ci_exit(void)
{
	struct smb3k_ci_dir *cd;
	LIST_HEAD(victims);

	mutex_lock(&smb3k_ci_lock);
	list_for_each_entry(cd, &smb3k_ci_dirs, lru)
		cd->listed = false;
	list_splice_init(&smb3k_ci_dirs, &victims);
	smb3k_ci_ndirs = 0;
	mutex_unlock(&smb3k_ci_lock);
	smb3k_ci_destroy_list(&victims);
	fsnotify_put_group(smb3k_ci_group);
	smb3k_ci_group = NULL;
	fsnotify_wait_marks_destroyed();
}
