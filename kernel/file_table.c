// SPDX-License-Identifier: GPL-2.0
/*
 * The open file table: one entry per file with opens, shared by every
 * session and connection, for Windows share modes (MS-FSA 2.1.5.1.2 and
 * its "check sharing access" algorithm) and the delete-pending state.
 */
#include <linux/hash.h>
#include <linux/hashtable.h>
#include <linux/mutex.h>
#include <linux/slab.h>

#include "file_table.h"
#include "ios.h"
#include "open.h"
#include "oplock.h"
#include "tree.h"
#include "proto/fscc.h"
#include "proto/ntstatus.h"

#define SMB3K_FILE_HASH_BITS	10

static DEFINE_HASHTABLE(smb3k_files, SMB3K_FILE_HASH_BITS);
/* Protects the table and every entry: opens, flags, locks, waiters. */
DEFINE_MUTEX(smb3k_files_lock);

#define SMB3K_DATA_READ		(FILE_READ_DATA | FILE_EXECUTE)
#define SMB3K_DATA_WRITE	(FILE_WRITE_DATA | FILE_APPEND_DATA)

static u32 smb3k_file_hash(u64 volume, u64 index)
{
	return hash_64(volume ^ (index * 0x9E3779B97F4A7C15ULL), SMB3K_FILE_HASH_BITS);
}

/* MS-FSA 2.1.5.1.2.1 "check sharing access" of one pair of opens. */
static bool smb3k_share_conflict(u32 access, u32 share, u32 o_access, u32 o_share)
{
	if ((o_access & SMB3K_DATA_READ) && !(share & FILE_SHARE_READ))
		return true;
	if ((o_access & SMB3K_DATA_WRITE) && !(share & FILE_SHARE_WRITE))
		return true;
	if ((o_access & DELETE) && !(share & FILE_SHARE_DELETE))
		return true;
	if ((access & SMB3K_DATA_READ) && !(o_share & FILE_SHARE_READ))
		return true;
	if ((access & SMB3K_DATA_WRITE) && !(o_share & FILE_SHARE_WRITE))
		return true;
	if ((access & DELETE) && !(o_share & FILE_SHARE_DELETE))
		return true;
	return false;
}

/* Same stream of a file: both the file itself, or the same stored name. */
static bool smb3k_stream_eq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return !strcmp(a, b);
}

static bool smb3k_takes_part(u32 access)
{
	return access & (SMB3K_DATA_READ | SMB3K_DATA_WRITE | DELETE);
}

/* The entry of the file itself in @f's bucket (streams share it), or NULL. */
static struct smb3k_file *smb3k_file_base(struct smb3k_file *f)
{
	struct smb3k_file *b;

	hash_for_each_possible(smb3k_files, b, node, smb3k_file_hash(f->volume, f->index))
		if (b->volume == f->volume && b->index == f->index && !b->stream)
			return b;
	return NULL;
}

/* Does a named stream of @f's file other than @skip have opens? */
static bool smb3k_file_stream_opens(struct smb3k_file *f, struct smb3k_file *skip)
{
	struct smb3k_file *s;

	hash_for_each_possible(smb3k_files, s, node, smb3k_file_hash(f->volume, f->index))
		if (s != skip && s->volume == f->volume && s->index == f->index &&
		    s->stream && s->nopens)
			return true;
	return false;
}

/*
 * Windows: an open of the file asking DELETE fails while a stream of it is
 * open without FILE_SHARE_DELETE (the file's deletion takes its streams).
 */
static bool smb3k_stream_blocks_delete(u64 volume, u64 index)
{
	struct smb3k_file *s;
	struct smb3k_open *o;

	hash_for_each_possible(smb3k_files, s, node, smb3k_file_hash(volume, index)) {
		if (s->volume != volume || s->index != index || !s->stream)
			continue;
		list_for_each_entry(o, &s->opens, file_node)
			if (smb3k_takes_part(o->granted_access) &&
			    !(o->share_access & FILE_SHARE_DELETE))
				return true;
	}
	return false;
}

/**
 * smb3k_file_attach() - join the opens of a file or stream, checking share modes
 * @op: a new open (granted_access, share_access and stream set)
 * @volume: the file's volume serial
 * @index: the file's index on the volume
 *
 * Share modes are per stream (MS-FSA 2.1.5.1.2.2); a stream of a file that
 * is delete pending cannot be opened.
 *
 * Return: STATUS_SUCCESS, STATUS_SHARING_VIOLATION, STATUS_DELETE_PENDING
 * or STATUS_NO_MEMORY.
 */
u32 smb3k_file_attach(struct smb3k_open *op, u64 volume, u64 index)
{
	u32 h = smb3k_file_hash(volume, index);
	struct smb3k_file *f, *found = NULL, *base = NULL;
	struct smb3k_open *o;
	u32 status = STATUS_SUCCESS;

	mutex_lock(&smb3k_files_lock);
	hash_for_each_possible(smb3k_files, f, node, h) {
		if (f->volume != volume || f->index != index)
			continue;
		if (smb3k_stream_eq(f->stream, op->stream))
			found = f;
		if (!f->stream)
			base = f;
	}
	if (base && base->delete_pending) {
		status = STATUS_DELETE_PENDING;
		goto out;
	}
	if (!found) {
		found = kzalloc(sizeof(*found), GFP_KERNEL);
		if (found && op->stream)
			found->stream = kstrdup(op->stream, GFP_KERNEL);
		if (!found || (op->stream && !found->stream)) {
			kfree(found);
			found = NULL;
			status = STATUS_NO_MEMORY;
			goto out;
		}
		found->volume = volume;
		found->index = index;
		INIT_LIST_HEAD(&found->opens);
		INIT_LIST_HEAD(&found->locks);
		INIT_LIST_HEAD(&found->waiters);
		hash_add(smb3k_files, &found->node, h);
	} else if (found->delete_pending) {
		status = STATUS_DELETE_PENDING;
		goto out;
	}
	if (!op->stream && (op->granted_access & DELETE) &&
	    smb3k_stream_blocks_delete(volume, index)) {
		status = STATUS_SHARING_VIOLATION;
		goto out;
	}
	/*
	 * MS-SMB2 3.3.5.9: a persistent open waiting for its client keeps
	 * the file for it (Windows, <301>: when it caches no handle).
	 */
	list_for_each_entry(o, &found->opens, file_node) {
		if (o->persistent && o->disconnected && !READ_ONCE(o->dead)) {
			status = STATUS_FILE_NOT_AVAILABLE;
			goto out;
		}
	}
	/* Opens asking for no data or delete access take no part. */
	if (smb3k_takes_part(op->granted_access)) {
		list_for_each_entry(o, &found->opens, file_node) {
			/*
			 * A closed open leaves the file at its last put, which
			 * a request still using it may hold back: its share
			 * modes ended with the CLOSE (smb2.oplock.batch3).
			 */
			if (!smb3k_takes_part(o->granted_access) || READ_ONCE(o->dead))
				continue;
			if (smb3k_share_conflict(op->granted_access, op->share_access,
						 o->granted_access, o->share_access)) {
				status = STATUS_SHARING_VIOLATION;
				goto out;
			}
		}
	}
	list_add_tail(&op->file_node, &found->opens);
	found->nopens++;
	op->file = found;
out:
	if (found && !found->nopens && !found->delete_pending) {
		hash_del(&found->node);
		kfree(found->stream);
		kfree(found);
	}
	mutex_unlock(&smb3k_files_lock);
	return status;
}

static void smb3k_file_free(struct smb3k_file *f)
{
	WARN_ON(!list_empty(&f->locks) || !list_empty(&f->waiters));
	hash_del(&f->node);
	kfree(f->stream);
	kfree(f);
}

/**
 * smb3k_file_detach() - leave the opens of a file or stream
 * @op: an attached open
 *
 * A delete-pending file whose last open closes while streams of it are
 * still open stays in the table (no opens, delete pending) until the last
 * of those closes, which then removes the file.
 *
 * Return: what the caller removes through @op: nothing, what @op names,
 * or the whole file of @op's stream.
 */
enum smb3k_file_remove smb3k_file_detach(struct smb3k_open *op)
{
	enum smb3k_file_remove remove = SMB3K_FILE_KEEP;
	struct smb3k_file *f = op->file, *base;

	if (!f)
		return SMB3K_FILE_KEEP;
	mutex_lock(&smb3k_files_lock);
	if (op->delete_on_close)
		f->delete_pending = true;
	smb3k_oplock_detach(op);
	list_del(&op->file_node);
	op->file = NULL;
	if (--f->nopens)
		goto out;
	if (f->delete_pending)
		remove = SMB3K_FILE_REMOVE;
	if (!f->stream) {
		if (f->delete_pending && smb3k_file_stream_opens(f, NULL)) {
			remove = SMB3K_FILE_KEEP;	/* the last stream open removes it */
			goto out;
		}
		smb3k_file_free(f);
		goto out;
	}
	base = smb3k_file_base(f);
	smb3k_file_free(f);
	if (base && !base->nopens && base->delete_pending &&
	    !smb3k_file_stream_opens(base, NULL)) {
		smb3k_file_free(base);
		remove = SMB3K_FILE_REMOVE_FILE;
	}
out:
	mutex_unlock(&smb3k_files_lock);
	return remove;
}

/**
 * smb3k_file_find() - the table's entry of a file's stream
 * @volume: the file's volume serial
 * @index: its index on the volume
 * @stream: the stream as stored, NULL for the file itself
 *
 * The caller holds smb3k_files_lock.
 *
 * Return: the entry, or NULL when nothing has the stream open.
 */
struct smb3k_file *smb3k_file_find(u64 volume, u64 index, const char *stream)
{
	struct smb3k_file *f;

	lockdep_assert_held(&smb3k_files_lock);
	hash_for_each_possible(smb3k_files, f, node, smb3k_file_hash(volume, index))
		if (f->volume == volume && f->index == index && smb3k_stream_eq(f->stream, stream))
			return f;
	return NULL;
}

/**
 * smb3k_file_streams_open() - is a named stream of @op's file open?
 * @op: an attached open
 *
 * Return: true when another open holds a named stream of the file.
 */
bool smb3k_file_streams_open(struct smb3k_open *op)
{
	bool open;

	mutex_lock(&smb3k_files_lock);
	open = op->file && smb3k_file_stream_opens(op->file, op->file);
	mutex_unlock(&smb3k_files_lock);
	return open;
}

/**
 * smb3k_file_stream_rename() - a named stream gets a new name
 * @op: an attached open of the stream
 * @new_name: its new name
 * @commit: false: only check; true: the stream was renamed, rekey it
 *
 * Return: STATUS_INVALID_PARAMETER when a stream named @new_name (ignoring
 * ASCII case) is open (MS-FSA 2.1.5.15.12.1), STATUS_NO_MEMORY, or success.
 */
u32 smb3k_file_stream_rename(struct smb3k_open *op, const char *new_name, bool commit)
{
	struct smb3k_file *f = op->file, *s;
	u32 status = STATUS_SUCCESS;
	char *copy;

	if (!f || !f->stream)
		return STATUS_INVALID_PARAMETER;
	copy = commit ? kstrdup(new_name, GFP_KERNEL) : NULL;
	if (commit && !copy)
		return STATUS_NO_MEMORY;
	mutex_lock(&smb3k_files_lock);
	hash_for_each_possible(smb3k_files, s, node, smb3k_file_hash(f->volume, f->index)) {
		if (s != f && s->volume == f->volume && s->index == f->index &&
		    s->stream && !strcasecmp(s->stream, new_name) && s->nopens) {
			status = STATUS_INVALID_PARAMETER;
			break;
		}
	}
	if (status == STATUS_SUCCESS && commit)
		swap(f->stream, copy);
	mutex_unlock(&smb3k_files_lock);
	kfree(copy);
	return status;
}

/**
 * smb3k_file_set_delete_pending() - FileDispositionInformation
 * @op: an attached open
 * @pending: delete when the last open closes, or not any more
 */
void smb3k_file_set_delete_pending(struct smb3k_open *op, bool pending)
{
	mutex_lock(&smb3k_files_lock);
	if (op->file)
		op->file->delete_pending = pending;
	if (!pending)
		op->delete_on_close = false;
	mutex_unlock(&smb3k_files_lock);
}

/**
 * smb3k_file_delete_pending() - is the file or stream of @op delete pending?
 * @op: an open
 *
 * Return: DeletePending of the stream, or of its file.
 */
bool smb3k_file_delete_pending(struct smb3k_open *op)
{
	bool pending;

	mutex_lock(&smb3k_files_lock);
	pending = op->file && op->file->delete_pending;
	if (!pending && op->file && op->file->stream) {
		struct smb3k_file *base = smb3k_file_base(op->file);

		pending = base && base->delete_pending;
	}
	mutex_unlock(&smb3k_files_lock);
	return pending;
}

/**
 * smb3k_file_open_count() - how many opens the file of @op has
 * @op: an open
 *
 * Return: the count (0 when @op is not attached).
 */
unsigned int smb3k_file_open_count(struct smb3k_open *op)
{
	unsigned int n;

	mutex_lock(&smb3k_files_lock);
	n = op->file ? op->file->nopens : 0;
	mutex_unlock(&smb3k_files_lock);
	return n;
}

/* Same share, and @name is @dir or (when @below) lies below it; ASCII case folded. */
static bool smb3k_same_name(const struct smb3k_open *o, const struct smb3k_open *op,
			    const char *dir, size_t dlen, bool below)
{
	if (strcmp(o->ios->share->root, op->ios->share->root))
		return false;
	if (below)
		return !strncasecmp(o->name, dir, dlen) && o->name[dlen] == '/';
	return strlen(o->name) == dlen && !strncasecmp(o->name, dir, dlen);
}

/**
 * smb3k_file_rename_check() - may the file of @op be renamed now?
 * @op: the open asking
 *
 * As Windows: not while the directory holding it is open with DELETE
 * access (STATUS_SHARING_VIOLATION), and a
 * directory not while anything below it is open (STATUS_ACCESS_DENIED).
 *
 * Return: STATUS_SUCCESS or the status to fail the rename with.
 */
u32 smb3k_file_rename_check(struct smb3k_open *op)
{
	const char *slash = strrchr(op->name, '/');
	size_t plen = slash ? slash - op->name : 0;
	size_t nlen = strlen(op->name);
	u32 status = STATUS_SUCCESS;
	struct smb3k_file *f;
	struct smb3k_open *o;
	unsigned int bkt;

	mutex_lock(&smb3k_files_lock);
	hash_for_each(smb3k_files, bkt, f, node) {
		list_for_each_entry(o, &f->opens, file_node) {
			if (o == op || o->dead)
				continue;
			if (o->is_dir && (o->granted_access & DELETE) &&
			    smb3k_same_name(o, op, op->name, plen, false))
				status = STATUS_SHARING_VIOLATION;
			else if (op->is_dir && nlen && smb3k_same_name(o, op, op->name, nlen, true))
				status = STATUS_ACCESS_DENIED;
			if (status != STATUS_SUCCESS)
				goto out;
		}
	}
out:
	mutex_unlock(&smb3k_files_lock);
	return status;
}
