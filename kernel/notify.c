// SPDX-License-Identifier: GPL-2.0
/*
 * Change notification (MS-SMB2 3.3.5.19, MS-FSA 2.1.5.11, 2.1.4.1) on
 * fsnotify, so that changes made by anyone are seen: SMB clients of this
 * server, local processes, NFS.
 *
 * The first CHANGE_NOTIFY on a directory open makes its watch (MS-FSA
 * ChangeNotifyEntry): CompletionFilter, WatchTree and the size of the
 * buffer (its OutputBufferLength, at most SMB3K_NOTIFY_BUFFER_MAX) are
 * fixed from then on, as on Windows. The watch is an fsnotify mark of
 * smb3k's own group: on the directory's inode for a plain watch, on the
 * directory's super block for WATCH_TREE, where each event is kept only
 * when the watched dentry is an ancestor of the one it concerns. Events
 * matching the filter are buffered on the watch, as FILE_NOTIFY_INFORMATION
 * entries will need them (UTF-16 names relative to the watched directory,
 * '\'-separated); more than the buffer holds, or memory running out,
 * turns into STATUS_NOTIFY_ENUM_DIR for the next request.
 *
 * Requests wait on the watch in arrival order. The oldest takes everything
 * buffered as soon as there is something: at once, synchronously, when it
 * arrives, else from the fsnotify handler, which only moves the events
 * to it under the watch's spinlock and leaves building, signing and
 * sending the response to a work item. CANCEL (or the connection going)
 * ends a request with STATUS_CANCELLED, CLOSE of the open with
 * STATUS_NOTIFY_CLEANUP (MS-FSA 2.1.5.4 phase 5), and closing another open
 * of the directory while it is delete pending ends them with
 * STATUS_DELETE_PENDING (MS-FSA 2.1.5.14.3, seen at that close).
 *
 * Mapping from fsnotify: FS_CREATE, FS_DELETE -> ADDED, REMOVED under
 * FILE_NOTIFY_CHANGE_DIR_NAME or _FILE_NAME (FS_ISDIR); FS_RENAME, which
 * names both sides, -> RENAMED_OLD_NAME + RENAMED_NEW_NAME inside one
 * directory, REMOVED + ADDED across directories (MS-FSCC 2.7.1); FS_MODIFY
 * -> MODIFIED under _LAST_WRITE or _SIZE; FS_ATTRIB (mode, owner, times,
 * xattrs: the DOS attributes, EAs and security descriptor all live there)
 * -> MODIFIED under any of _ATTRIBUTES, _LAST_WRITE, _LAST_ACCESS,
 * _CREATION, _EA, _SECURITY, except the FS_ATTRIB of smb3k's own CREATE
 * storing a new file's metadata. A MODIFIED of the name the buffer ends
 * with already is not repeated. Changes to the watched directory itself are not
 * reported to its own watch (MS-FSA 2.1.4.1 reports a file to its parent's).
 * Stream bits have nothing to report here. A tree watch does not see
 * other file systems mounted below it.
 */
#include <linux/dcache.h>
#include <linux/fsnotify_backend.h>
#include <linux/mm.h>
#include <linux/nls.h>
#include <linux/path.h>
#include <linux/seqlock.h>
#include <linux/slab.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "async.h"
#include "file_table.h"
#include "notify.h"
#include "smb2_fileops.h"
#include "proto/smb2_notify.h"

/* The most a watch buffers between two requests (bytes of entries). */
#define SMB3K_NOTIFY_BUFFER_MAX		(64 * 1024)

#define SMB3K_NOTIFY_NAME_FILTER	(FILE_NOTIFY_CHANGE_FILE_NAME | \
					 FILE_NOTIFY_CHANGE_DIR_NAME)
#define SMB3K_NOTIFY_WRITE_FILTER	(FILE_NOTIFY_CHANGE_LAST_WRITE | \
					 FILE_NOTIFY_CHANGE_SIZE)
#define SMB3K_NOTIFY_ATTRIB_FILTER	(FILE_NOTIFY_CHANGE_ATTRIBUTES | \
					 FILE_NOTIFY_CHANGE_LAST_WRITE | \
					 FILE_NOTIFY_CHANGE_LAST_ACCESS | \
					 FILE_NOTIFY_CHANGE_CREATION | \
					 FILE_NOTIFY_CHANGE_EA | \
					 FILE_NOTIFY_CHANGE_SECURITY)

/**
 * struct smb3k_notify_event - one change not yet reported (NotifyEventEntry)
 * @node: on the watch's or a request's list
 * @action: FILE_ACTION_*
 * @name_len: bytes of @name
 * @name: the path relative to the watched directory, UTF-16LE
 */
struct smb3k_notify_event {
	struct list_head node;
	u32 action;
	u32 name_len;
	wchar_t name[];
};

/**
 * struct smb3k_notify_watch - the watch of a directory open (ChangeNotifyEntry)
 * @mark: the fsnotify mark (inode or super block); its last put frees
 *	  the watch's reference
 * @ref: the open's, the mark's, one per request
 * @node: on smb3k_notify_watches
 * @lock: protects everything below
 * @root: the watched directory (referenced)
 * @inode: its inode
 * @filter: CompletionFilter of the first request (valid bits)
 * @tree: WatchTree of the first request
 * @max_bytes: the buffer's size
 * @bytes: bytes @events take as FILE_NOTIFY_INFORMATION
 * @events: NotifyEventList
 * @reqs: requests waiting, oldest first (struct smb3k_notify_req)
 * @overflow: events were lost: the next request gets STATUS_NOTIFY_ENUM_DIR
 * @delete_pending: the directory is delete pending: requests end with
 *		    STATUS_DELETE_PENDING
 * @closed: the open is closed: nothing is added any more
 */
struct smb3k_notify_watch {
	struct fsnotify_mark mark;
	struct kref ref;
	struct list_head node;
	spinlock_t lock;
	struct path root;
	struct inode *inode;
	u32 filter;
	bool tree;
	u32 max_bytes;
	u32 bytes;
	struct list_head events;
	struct list_head reqs;
	bool overflow;
	bool delete_pending;
	bool closed;
};

/**
 * struct smb3k_notify_req - a CHANGE_NOTIFY waiting
 * @node: on the watch's @reqs until claimed
 * @ref: the setup's, the completion's and the cancel callback's
 * @op: the open (referenced): its lock is held while the request is set up
 * @watch: the watch (referenced), NULL until set up, or if that failed
 * @a: the async request (owner reference)
 * @limit: most bytes of entries the response may carry
 * @claimed: its outcome is decided (under the watch's lock)
 * @status: that outcome
 * @events: the entries it reports (STATUS_SUCCESS)
 * @bytes: their size
 * @work: sends the response
 */
struct smb3k_notify_req {
	struct list_head node;
	struct kref ref;
	struct smb3k_open *op;
	struct smb3k_notify_watch *watch;
	struct smb3k_async *a;
	u32 limit;
	bool claimed;
	u32 status;
	struct list_head events;
	u32 bytes;
	struct work_struct work;
};

/* At most two events come of one fsnotify event (a rename). */
struct smb3k_notify_batch {
	struct smb3k_notify_event *ev[2];
	int n;
	bool lost;
};

static struct fsnotify_group *smb3k_notify_group;
static struct workqueue_struct *smb3k_notify_wq;
static DEFINE_MUTEX(smb3k_notify_mutex);	/* protects smb3k_notify_watches */
static LIST_HEAD(smb3k_notify_watches);

static void smb3k_notify_free_events(struct list_head *events)
{
	struct smb3k_notify_event *ev, *tmp;

	list_for_each_entry_safe(ev, tmp, events, node) {
		list_del(&ev->node);
		kfree(ev);
	}
}

static void smb3k_notify_watch_free(struct kref *ref)
{
	struct smb3k_notify_watch *watch = container_of(ref, struct smb3k_notify_watch, ref);

	smb3k_notify_free_events(&watch->events);
	path_put(&watch->root);
	kfree(watch);
}

static void smb3k_notify_watch_put(struct smb3k_notify_watch *watch)
{
	kref_put(&watch->ref, smb3k_notify_watch_free);
}

/* Forget what is buffered. Under the watch's lock. */
static void smb3k_notify_discard(struct smb3k_notify_watch *watch)
{
	smb3k_notify_free_events(&watch->events);
	watch->bytes = 0;
}

static bool smb3k_notify_ready(const struct smb3k_notify_watch *watch)
{
	return watch->delete_pending || watch->overflow || !list_empty(&watch->events);
}

/*
 * What a request gets (MS-FSA 2.1.5.11.1): everything buffered if it fits
 * in @limit bytes, else STATUS_NOTIFY_ENUM_DIR and nothing. Under the
 * watch's lock, with smb3k_notify_ready() true.
 */
static u32 smb3k_notify_take(struct smb3k_notify_watch *watch, u32 limit,
			     struct list_head *out, u32 *bytes)
{
	*bytes = 0;
	if (watch->delete_pending)
		return STATUS_DELETE_PENDING;
	if (watch->overflow) {
		watch->overflow = false;
		return STATUS_NOTIFY_ENUM_DIR;
	}
	if (watch->bytes > limit) {
		smb3k_notify_discard(watch);
		return STATUS_NOTIFY_ENUM_DIR;
	}
	list_splice_init(&watch->events, out);
	*bytes = watch->bytes;
	watch->bytes = 0;
	return STATUS_SUCCESS;
}

/* The response body: CHANGE_NOTIFY response and the entries. */
static u32 smb3k_notify_encode(struct list_head *events, u8 *body, size_t cap, size_t *len)
{
	struct smb2_notify_writer wr;
	struct smb3k_notify_event *ev;

	if (cap < SMB2_CHANGE_NOTIFY_RSP_FIXED)
		return STATUS_BUFFER_TOO_SMALL;
	smb2_notify_writer_init(&wr, body + SMB2_CHANGE_NOTIFY_RSP_FIXED,
				cap - SMB2_CHANGE_NOTIFY_RSP_FIXED);
	list_for_each_entry(ev, events, node)
		if (smb2_notify_append(&wr, ev->action, (const u8 *)ev->name,
				       ev->name_len) != STATUS_SUCCESS)
			return STATUS_BUFFER_OVERFLOW;
	return smb2_change_notify_build_rsp(wr.used, body, cap, len);
}

static void smb3k_notify_req_free(struct kref *ref)
{
	struct smb3k_notify_req *req = container_of(ref, struct smb3k_notify_req, ref);

	smb3k_notify_free_events(&req->events);
	if (req->watch)
		smb3k_notify_watch_put(req->watch);
	smb3k_open_put(req->op);
	/* Last: the connection's end (and module exit) waits for this one. */
	if (req->a)
		smb3k_async_put(req->a);
	kfree(req);
}

/*
 * Send the final response of a claimed request and drop the completion's
 * reference. The cancel callback's goes too unless a cancel was claimed
 * before the request was done: async.c calls it then, and it drops its
 * own. Process context.
 */
static void smb3k_notify_finish(struct smb3k_notify_req *req, struct smb3k_async *a)
{
	u8 empty[SMB2_CHANGE_NOTIFY_RSP_FIXED + 1];
	bool cancel_pending;
	u8 *body;
	size_t len;

	switch (req->status) {
	case STATUS_SUCCESS:
		len = SMB2_CHANGE_NOTIFY_RSP_FIXED + req->bytes;
		body = kvmalloc(len, GFP_KERNEL);
		if (body && smb3k_notify_encode(&req->events, body, len, &len) == STATUS_SUCCESS)
			smb3k_async_complete(a, STATUS_SUCCESS, body, len);
		else
			smb3k_async_complete(a, STATUS_INSUFFICIENT_RESOURCES, NULL, 0);
		kvfree(body);
		break;
	case STATUS_NOTIFY_ENUM_DIR:
		smb2_change_notify_build_rsp(0, empty, sizeof(empty), &len);
		smb3k_async_complete(a, STATUS_NOTIFY_ENUM_DIR, empty, len);
		break;
	default:
		smb3k_async_complete(a, req->status, NULL, 0);
		break;
	}
	smb3k_notify_free_events(&req->events);

	spin_lock(&a->conn->async_lock);
	cancel_pending = a->cancel_requested;
	spin_unlock(&a->conn->async_lock);
	if (!cancel_pending)
		kref_put(&req->ref, smb3k_notify_req_free);
	kref_put(&req->ref, smb3k_notify_req_free);
}

static void smb3k_notify_req_work(struct work_struct *work)
{
	struct smb3k_notify_req *req = container_of(work, struct smb3k_notify_req, work);

	smb3k_notify_finish(req, req->a);
}

/* Give the waiting requests what is ready, oldest first. Under the watch's lock. */
static void smb3k_notify_kick(struct smb3k_notify_watch *watch)
{
	struct smb3k_notify_req *req;

	while (!list_empty(&watch->reqs) && smb3k_notify_ready(watch)) {
		req = list_first_entry(&watch->reqs, struct smb3k_notify_req, node);
		list_del_init(&req->node);
		req->claimed = true;
		req->status = smb3k_notify_take(watch, req->limit, &req->events, &req->bytes);
		queue_work(smb3k_notify_wq, &req->work);
	}
}

/*
 * CANCEL, or the connection is going (called once, without locks). The
 * request may still be being set up: the open's lock waits for that.
 */
static void smb3k_notify_cancel(struct smb3k_async *a)
{
	struct smb3k_notify_req *req = a->priv;
	struct smb3k_notify_watch *watch;
	bool mine = false;

	mutex_lock(&req->op->lock);
	watch = req->watch;
	if (watch) {
		spin_lock(&watch->lock);
		if (!req->claimed) {
			list_del_init(&req->node);
			req->claimed = true;
			req->status = STATUS_CANCELLED;
			mine = true;
		}
		spin_unlock(&watch->lock);
	}
	mutex_unlock(&req->op->lock);
	if (mine)
		smb3k_notify_finish(req, a);
	kref_put(&req->ref, smb3k_notify_req_free);
}

/* ---- events -------------------------------------------------------------- */

/* The FILE_NOTIFY_CHANGE_* bits an fsnotify event can match. */
static u32 smb3k_notify_filter_of(u32 mask)
{
	u32 filter = 0;

	if (mask & (FS_CREATE | FS_DELETE | FS_RENAME))
		return (mask & FS_ISDIR) ? FILE_NOTIFY_CHANGE_DIR_NAME :
		       FILE_NOTIFY_CHANGE_FILE_NAME;
	if (mask & FS_MODIFY)
		filter |= SMB3K_NOTIFY_WRITE_FILTER;
	if (mask & FS_ATTRIB)
		filter |= SMB3K_NOTIFY_ATTRIB_FILTER;
	return filter;
}

/* The fsnotify events a CompletionFilter needs. */
static u32 smb3k_notify_mask_of(u32 filter)
{
	u32 mask = 0;

	if (filter & SMB3K_NOTIFY_NAME_FILTER)
		mask |= FS_CREATE | FS_DELETE | FS_RENAME;
	if (filter & SMB3K_NOTIFY_WRITE_FILTER)
		mask |= FS_MODIFY;
	if (filter & SMB3K_NOTIFY_ATTRIB_FILTER)
		mask |= FS_ATTRIB;
	return mask;
}

/*
 * Add an event named @dir '\' @name (either may be empty; UTF-8) to @b.
 * A name that is not UTF-8 has no SMB form: no event.
 */
static void smb3k_notify_push(struct smb3k_notify_batch *b, u32 action, const u8 *dir,
			      int dir_len, const u8 *name, int name_len)
{
	int max = dir_len + 1 + name_len, n = 0, r;
	struct smb3k_notify_event *ev;

	if (!dir_len && !name_len)
		return;
	ev = kmalloc(struct_size(ev, name, max), GFP_NOWAIT | __GFP_NOWARN);
	if (!ev) {
		b->lost = true;
		return;
	}
	if (dir_len) {
		r = utf8s_to_utf16s(dir, dir_len, UTF16_LITTLE_ENDIAN, ev->name, max);
		if (r <= 0)
			goto bad;
		n = r;
		if (name_len)
			ev->name[n++] = (__force wchar_t)cpu_to_le16('\\');
	}
	if (name_len) {
		r = utf8s_to_utf16s(name, name_len, UTF16_LITTLE_ENDIAN, ev->name + n, max - n);
		if (r <= 0)
			goto bad;
		n += r;
	}
	ev->action = action;
	ev->name_len = n * 2;
	b->ev[b->n++] = ev;
	return;
bad:
	kfree(ev);
}

/*
 * The path of @d below @root, names joined by '\', at the end of @buf
 * (PATH_MAX bytes); "" for @root itself. @d is pinned by the caller.
 * Returns its length and sets *@start, or -ENOENT (not below @root any
 * more, or removed), -ENAMETOOLONG. rename_lock keeps every d_parent and
 * d_name still meanwhile.
 */
static int smb3k_notify_relpath(struct dentry *d, struct dentry *root, char *buf,
				char **start)
{
	char *end = buf + PATH_MAX, *p = end;
	struct dentry *cur;
	int ret = 0;

	read_seqlock_excl(&rename_lock);
	for (cur = d; cur != root; cur = cur->d_parent) {
		int len = cur->d_name.len;

		if (IS_ROOT(cur) || d_unhashed(cur)) {
			ret = -ENOENT;
			break;
		}
		if (len + (p != end) > p - buf) {
			ret = -ENAMETOOLONG;
			break;
		}
		if (p != end)
			*--p = '\\';
		p -= len;
		memcpy(p, cur->d_name.name, len);
	}
	read_sequnlock_excl(&rename_lock);
	if (ret)
		return ret;
	*start = p;
	return end - p;
}

/* A plain watch: only what happens to the entries of the directory. */
static void smb3k_notify_dir_event(struct smb3k_notify_watch *watch, u32 mask,
				   const void *data, int data_type, struct inode *dir,
				   const struct qstr *name, struct smb3k_notify_batch *b)
{
	struct dentry *moved;
	bool old_in, new_in;

	if (!name)
		return;
	if (mask & FS_RENAME) {
		moved = fsnotify_data_dentry(data, data_type);
		if (!moved)
			return;
		old_in = dir == watch->inode;
		new_in = d_inode(moved->d_parent) == watch->inode;
		if (old_in && new_in) {
			smb3k_notify_push(b, FILE_ACTION_RENAMED_OLD_NAME, NULL, 0,
					  name->name, name->len);
			smb3k_notify_push(b, FILE_ACTION_RENAMED_NEW_NAME, NULL, 0,
					  moved->d_name.name, moved->d_name.len);
		} else if (old_in) {
			smb3k_notify_push(b, FILE_ACTION_REMOVED, NULL, 0, name->name, name->len);
		} else if (new_in) {
			smb3k_notify_push(b, FILE_ACTION_ADDED, NULL, 0,
					  moved->d_name.name, moved->d_name.len);
		}
	} else if (mask & (FS_CREATE | FS_DELETE)) {
		if (dir == watch->inode)
			smb3k_notify_push(b, (mask & FS_CREATE) ? FILE_ACTION_ADDED :
					  FILE_ACTION_REMOVED, NULL, 0, name->name, name->len);
	} else if ((mask & FS_EVENT_ON_CHILD) && dir == watch->inode) {
		smb3k_notify_push(b, FILE_ACTION_MODIFIED, NULL, 0, name->name, name->len);
	}
}

/* Add @action for @d (or @d's entry @name) if @d is in the tree. */
static void smb3k_notify_tree_push(struct smb3k_notify_watch *watch,
				   struct smb3k_notify_batch *b, char **buf, u32 action,
				   struct dentry *d, const struct qstr *name)
{
	char *p;
	int len;

	if (!*buf) {
		*buf = kmalloc(PATH_MAX, GFP_NOWAIT | __GFP_NOWARN);
		if (!*buf) {
			b->lost = true;
			return;
		}
	}
	len = smb3k_notify_relpath(d, watch->root.dentry, *buf, &p);
	if (len < 0)
		return;
	smb3k_notify_push(b, action, (const u8 *)p, len, name ? name->name : NULL,
			  name ? name->len : 0);
}

/* A tree watch: whatever happens below the directory. */
static void smb3k_notify_tree_event(struct smb3k_notify_watch *watch, u32 mask,
				    const void *data, int data_type, struct inode *dir,
				    const struct qstr *name, struct smb3k_notify_batch *b)
{
	struct dentry *root = watch->root.dentry, *parent = NULL, *d;
	bool old_in, new_in, same;
	char *buf = NULL;
	u32 action;

	if (mask & FS_RENAME) {
		d = fsnotify_data_dentry(data, data_type);
		if (!d || !name || !dir)
			return;
		parent = d_find_alias(dir);
		old_in = parent && is_subdir(parent, root);
		new_in = is_subdir(d->d_parent, root);
		same = dir == d_inode(d->d_parent);
		if (old_in) {
			action = same && new_in ? FILE_ACTION_RENAMED_OLD_NAME : FILE_ACTION_REMOVED;
			smb3k_notify_tree_push(watch, b, &buf, action, parent, name);
		}
		if (new_in) {
			action = same && old_in ? FILE_ACTION_RENAMED_NEW_NAME : FILE_ACTION_ADDED;
			smb3k_notify_tree_push(watch, b, &buf, action, d, NULL);
		}
	} else if (mask & (FS_CREATE | FS_DELETE)) {
		if (!name || !dir)
			return;
		parent = d_find_alias(dir);
		action = (mask & FS_CREATE) ? FILE_ACTION_ADDED : FILE_ACTION_REMOVED;
		if (parent && is_subdir(parent, root))
			smb3k_notify_tree_push(watch, b, &buf, action, parent, name);
	} else {
		d = fsnotify_data_dentry(data, data_type);
		if (d && d != root && is_subdir(d, root))
			smb3k_notify_tree_push(watch, b, &buf, FILE_ACTION_MODIFIED, d, NULL);
	}
	kfree(buf);
	dput(parent);
}

static bool smb3k_notify_same(const struct smb3k_notify_event *a,
			      const struct smb3k_notify_event *b)
{
	return a->action == b->action && a->name_len == b->name_len &&
	       !memcmp(a->name, b->name, a->name_len);
}

/* Buffer @b's events on the watch (or note they were lost) and wake a request. */
static void smb3k_notify_post(struct smb3k_notify_watch *watch, struct smb3k_notify_batch *b)
{
	struct smb3k_notify_event *ev, *last;
	u32 size;
	int i;

	spin_lock(&watch->lock);
	if (watch->closed)
		goto unlock;
	if (b->lost) {
		smb3k_notify_discard(watch);
		watch->overflow = true;
	}
	for (i = 0; i < b->n && !watch->overflow; i++) {
		ev = b->ev[i];
		last = list_empty(&watch->events) ? NULL :
		       list_last_entry(&watch->events, struct smb3k_notify_event, node);
		if (ev->action == FILE_ACTION_MODIFIED && last && smb3k_notify_same(last, ev))
			continue;
		size = smb2_notify_entry_size(ev->name_len);
		if (size > watch->max_bytes - watch->bytes) {
			smb3k_notify_discard(watch);
			watch->overflow = true;
			break;
		}
		list_add_tail(&ev->node, &watch->events);
		watch->bytes += size;
		b->ev[i] = NULL;
	}
	smb3k_notify_kick(watch);
unlock:
	spin_unlock(&watch->lock);
	for (i = 0; i < b->n; i++)
		kfree(b->ev[i]);
}

/*
 * A CREATE of smb3k stores the new file's DOS attributes, security
 * descriptor and EAs as xattrs: FS_ATTRIB that are part of making the
 * file (Windows reports FILE_ACTION_ADDED alone), not changes to it.
 */
static bool smb3k_notify_creating(u32 mask)
{
	struct smb3k_work *w;

	if (!(mask & FS_ATTRIB))
		return false;
	w = smb3k_work_current();
	return w && w->hdr.command == SMB2_CREATE;
}

/* One event for one watch (fsnotify context: no sleeping). */
static void smb3k_notify_event(struct smb3k_notify_watch *watch, u32 mask,
			       const void *data, int data_type, struct inode *dir,
			       const struct qstr *name)
{
	struct smb3k_notify_batch b = {};

	if (!(smb3k_notify_filter_of(mask) & watch->filter) || READ_ONCE(watch->closed) ||
	    smb3k_notify_creating(mask))
		return;
	if (watch->tree)
		smb3k_notify_tree_event(watch, mask, data, data_type, dir, name, &b);
	else
		smb3k_notify_dir_event(watch, mask, data, data_type, dir, name, &b);
	if (b.n || b.lost)
		smb3k_notify_post(watch, &b);
}

static int smb3k_notify_handle_event(struct fsnotify_group *group, u32 mask,
				     const void *data, int data_type, struct inode *dir,
				     const struct qstr *name, u32 cookie,
				     struct fsnotify_iter_info *iter_info)
{
	struct fsnotify_mark *mark, *seen[FSNOTIFY_ITER_TYPE_COUNT];
	int type, i, n = 0;

	/* One mark can stand for two roles (a rename inside its directory). */
	fsnotify_foreach_iter_mark_type(iter_info, mark, type) {
		for (i = 0; i < n && seen[i] != mark; i++)
			;
		if (i < n)
			continue;
		seen[n++] = mark;
		if (mask & mark->mask & ALL_FSNOTIFY_EVENTS)
			smb3k_notify_event(container_of(mark, struct smb3k_notify_watch, mark),
					   mask, data, data_type, dir, name);
	}
	return 0;
}

static void smb3k_notify_free_mark(struct fsnotify_mark *mark)
{
	smb3k_notify_watch_put(container_of(mark, struct smb3k_notify_watch, mark));
}

static const struct fsnotify_ops smb3k_notify_fsn_ops = {
	.handle_event = smb3k_notify_handle_event,
	.free_mark = smb3k_notify_free_mark,
};

/* ---- watches and requests ------------------------------------------------ */

static struct smb3k_notify_watch *smb3k_notify_watch_new(const struct path *path,
							 const struct smb2_change_notify_req *r)
{
	struct smb3k_notify_watch *watch;
	int err;

	watch = kzalloc(sizeof(*watch), GFP_KERNEL);
	if (!watch)
		return ERR_PTR(-ENOMEM);
	kref_init(&watch->ref);			/* the open's */
	spin_lock_init(&watch->lock);
	INIT_LIST_HEAD(&watch->node);
	INIT_LIST_HEAD(&watch->events);
	INIT_LIST_HEAD(&watch->reqs);
	watch->root = *path;
	path_get(&watch->root);
	watch->inode = d_inode(path->dentry);
	watch->filter = r->filter & FILE_NOTIFY_CHANGE_VALID;
	watch->tree = r->flags & SMB2_WATCH_TREE;
	watch->max_bytes = min_t(u32, r->output_len, SMB3K_NOTIFY_BUFFER_MAX);

	fsnotify_init_mark(&watch->mark, smb3k_notify_group);
	watch->mark.mask = smb3k_notify_mask_of(watch->filter);
	kref_get(&watch->ref);			/* the mark's */
	if (watch->tree) {
		err = fsnotify_add_mark(&watch->mark, &path->dentry->d_sb->s_fsnotify_marks,
					FSNOTIFY_OBJ_TYPE_SB, 0, NULL);
	} else {
		/* Changes to entries come to the directory as FS_EVENT_ON_CHILD. */
		if (watch->mark.mask & (FS_MODIFY | FS_ATTRIB))
			watch->mark.mask |= FS_EVENT_ON_CHILD;
		err = fsnotify_add_inode_mark(&watch->mark, watch->inode, 0);
	}
	if (err) {
		fsnotify_put_mark(&watch->mark);	/* frees the mark's reference */
		smb3k_notify_watch_put(watch);
		return ERR_PTR(err);
	}
	mutex_lock(&smb3k_notify_mutex);
	list_add_tail(&watch->node, &smb3k_notify_watches);
	mutex_unlock(&smb3k_notify_mutex);
	return watch;
}

static struct smb3k_notify_req *smb3k_notify_req_new(struct smb3k_open *op, u32 limit)
{
	struct smb3k_notify_req *req = kzalloc(sizeof(*req), GFP_KERNEL);

	if (!req)
		return NULL;
	kref_init(&req->ref);		/* the setup's */
	kref_get(&req->ref);		/* the completion's */
	kref_get(&req->ref);		/* the cancel callback's */
	INIT_LIST_HEAD(&req->node);
	INIT_LIST_HEAD(&req->events);
	INIT_WORK(&req->work, smb3k_notify_req_work);
	kref_get(&op->ref);
	req->op = op;
	req->limit = limit;
	return req;
}

/**
 * smb3k_notify_request() - CHANGE_NOTIFY on a directory open
 * @w: the request; @w->open is the (disk, directory) open, checked for
 *     FILE_LIST_DIRECTORY
 * @req: the parsed request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length when answered at once
 *
 * Makes the open's watch on the first call. What is buffered already is
 * answered at once; else the request waits (STATUS_PENDING).
 *
 * Return: NT status.
 */
u32 smb3k_notify_request(struct smb3k_work *w, const struct smb2_change_notify_req *req,
			 u8 *body, u32 cap, u32 *body_len)
{
	struct smb3k_open *op = w->open;
	const struct smb3k_ios_ops *ops = smb3k_open_ops(op);
	struct smb3k_notify_watch *watch;
	struct smb3k_notify_req *nreq;
	struct smb3k_async *a;
	LIST_HEAD(events);
	u32 status, limit, bytes;
	size_t len;

	if (!ops->notify_path)
		return STATUS_NOT_SUPPORTED;
	if (cap <= SMB2_CHANGE_NOTIFY_RSP_FIXED)
		return STATUS_INSUFFICIENT_RESOURCES;
	if (smb3k_file_delete_pending(op))
		return STATUS_DELETE_PENDING;

	mutex_lock(&op->lock);
	/* Closing takes the watch under the lock after marking the open dead. */
	if (READ_ONCE(op->dead)) {
		status = STATUS_FILE_CLOSED;
		goto unlock;
	}
	watch = op->notify;
	if (watch) {
		spin_lock(&watch->lock);
		if (list_empty(&watch->reqs) && smb3k_notify_ready(watch)) {
			limit = min3(req->output_len, watch->max_bytes,
				     cap - SMB2_CHANGE_NOTIFY_RSP_FIXED);
			status = smb3k_notify_take(watch, limit, &events, &bytes);
			spin_unlock(&watch->lock);
			mutex_unlock(&op->lock);
			if (status == STATUS_SUCCESS) {
				status = smb3k_notify_encode(&events, body, cap, &len);
				if (status == STATUS_SUCCESS)
					*body_len = len;
				else
					status = STATUS_NOTIFY_ENUM_DIR;
			}
			smb3k_notify_free_events(&events);
			return status;
		}
		spin_unlock(&watch->lock);
	}

	/*
	 * Only the last command of a compound may wait: an earlier one fails
	 * with STATUS_INTERNAL_ERROR, as Windows answers (MS-SMB2 3.3.5.2.7
	 * and its note <266>).
	 */
	if (w->hdr.next_command) {
		status = STATUS_INTERNAL_ERROR;
		goto unlock;
	}
	/*
	 * Go async before anything that may sleep: a CANCEL handled meanwhile
	 * would find nothing to cancel. From here smb3k_notify_cancel() may
	 * run; it waits for the open's lock.
	 */
	limit = min_t(u32, req->output_len,
		      watch ? watch->max_bytes : SMB3K_NOTIFY_BUFFER_MAX);
	nreq = smb3k_notify_req_new(op, limit);
	if (!nreq) {
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto unlock;
	}
	a = smb3k_async_start(w, smb3k_notify_cancel, nreq);
	if (!a) {
		kref_put(&nreq->ref, smb3k_notify_req_free);
		kref_put(&nreq->ref, smb3k_notify_req_free);
		kref_put(&nreq->ref, smb3k_notify_req_free);
		status = STATUS_INSUFFICIENT_RESOURCES;
		goto unlock;
	}
	nreq->a = a;
	if (!watch) {
		watch = smb3k_notify_watch_new(ops->notify_path(op->ios), req);
		if (IS_ERR(watch)) {
			nreq->claimed = true;
			nreq->status = smb3k_ios_errno_status(PTR_ERR(watch));
			smb3k_notify_finish(nreq, a);
			goto pending;
		}
		op->notify = watch;
	}
	kref_get(&watch->ref);
	nreq->watch = watch;
	spin_lock(&watch->lock);
	list_add_tail(&nreq->node, &watch->reqs);
	smb3k_notify_kick(watch);
	spin_unlock(&watch->lock);
pending:
	kref_put(&nreq->ref, smb3k_notify_req_free);	/* the setup's */
	status = STATUS_PENDING;
unlock:
	mutex_unlock(&op->lock);
	return status;
}

/* The directory is delete pending: so are the watches of its other opens. */
static void smb3k_notify_delete_pending(struct inode *inode)
{
	struct smb3k_notify_watch *watch;

	mutex_lock(&smb3k_notify_mutex);
	list_for_each_entry(watch, &smb3k_notify_watches, node) {
		if (watch->inode != inode)
			continue;
		spin_lock(&watch->lock);
		watch->delete_pending = true;
		smb3k_notify_kick(watch);
		spin_unlock(&watch->lock);
	}
	mutex_unlock(&smb3k_notify_mutex);
}

/**
 * smb3k_notify_open_closed() - an open is closed: its watch goes
 * @op: the disk open (CLOSE, tree disconnect, logoff or connection loss),
 *	already marked dead
 *
 * Waiting requests end with STATUS_NOTIFY_CLEANUP. When the open leaves
 * its directory delete pending, the other opens' requests end with
 * STATUS_DELETE_PENDING.
 */
void smb3k_notify_open_closed(struct smb3k_open *op)
{
	const struct smb3k_ios_ops *ops = smb3k_open_ops(op);
	struct smb3k_notify_req *req, *tmp;
	struct smb3k_notify_watch *watch;
	LIST_HEAD(ended);

	mutex_lock(&op->lock);
	watch = op->notify;
	op->notify = NULL;
	mutex_unlock(&op->lock);

	if (watch) {
		mutex_lock(&smb3k_notify_mutex);
		list_del_init(&watch->node);
		mutex_unlock(&smb3k_notify_mutex);

		spin_lock(&watch->lock);
		watch->closed = true;
		list_for_each_entry_safe(req, tmp, &watch->reqs, node) {
			req->claimed = true;
			req->status = STATUS_NOTIFY_CLEANUP;
			list_move_tail(&req->node, &ended);
		}
		smb3k_notify_discard(watch);
		spin_unlock(&watch->lock);

		list_for_each_entry_safe(req, tmp, &ended, node) {
			list_del_init(&req->node);
			smb3k_notify_finish(req, req->a);
		}
		fsnotify_destroy_mark(&watch->mark, smb3k_notify_group);
		fsnotify_put_mark(&watch->mark);
		smb3k_notify_watch_put(watch);
	}

	if (op->is_dir && ops->notify_path && op->ios &&
	    (op->delete_on_close || smb3k_file_delete_pending(op)))
		smb3k_notify_delete_pending(d_inode(ops->notify_path(op->ios)->dentry));
}

/**
 * smb3k_notify_init() - the fsnotify group and the completion workqueue
 *
 * Return: 0 or a negative errno.
 */
int smb3k_notify_init(void)
{
	struct fsnotify_group *group;

	smb3k_notify_wq = alloc_workqueue("smb3k_notify", WQ_UNBOUND, 0);
	if (!smb3k_notify_wq)
		return -ENOMEM;
	group = fsnotify_alloc_group(&smb3k_notify_fsn_ops, FSNOTIFY_GROUP_DUPS);
	if (IS_ERR(group)) {
		destroy_workqueue(smb3k_notify_wq);
		return PTR_ERR(group);
	}
	smb3k_notify_group = group;
	return 0;
}

/**
 * smb3k_notify_exit() - release the group once every open is closed
 *
 * Every watch went with its open; their marks are freed by fsnotify after
 * an SRCU grace period, which is waited for: nothing of smb3k is left in
 * fsnotify when this returns.
 */
void smb3k_notify_exit(void)
{
	mutex_lock(&smb3k_notify_mutex);
	if (!list_empty(&smb3k_notify_watches))
		pr_err("change notify watches left at exit\n");
	mutex_unlock(&smb3k_notify_mutex);
	destroy_workqueue(smb3k_notify_wq);
	fsnotify_put_group(smb3k_notify_group);
	fsnotify_wait_marks_destroyed();
}
