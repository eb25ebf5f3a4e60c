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
#include "open.h"
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

/**
 * smb3k_file_attach() - join the opens of a file, checking share modes
 * @op: a new open (granted_access and share_access set)
 * @volume: the file's volume serial
 * @index: the file's index on the volume
 *
 * Return: STATUS_SUCCESS, STATUS_SHARING_VIOLATION, STATUS_DELETE_PENDING
 * or STATUS_NO_MEMORY.
 */
u32 smb3k_file_attach(struct smb3k_open *op, u64 volume, u64 index)
{
	u32 h = smb3k_file_hash(volume, index);
	struct smb3k_file *f, *found = NULL;
	struct smb3k_open *o;
	u32 status = STATUS_SUCCESS;

	mutex_lock(&smb3k_files_lock);
	hash_for_each_possible(smb3k_files, f, node, h) {
		if (f->volume == volume && f->index == index) {
			found = f;
			break;
		}
	}
	if (!found) {
		found = kzalloc(sizeof(*found), GFP_KERNEL);
		if (!found) {
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
	/* Opens asking for no data or delete access take no part. */
	if (op->granted_access & (SMB3K_DATA_READ | SMB3K_DATA_WRITE | DELETE)) {
		list_for_each_entry(o, &found->opens, file_node) {
			if (!(o->granted_access & (SMB3K_DATA_READ | SMB3K_DATA_WRITE | DELETE)))
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
	if (found && !found->nopens) {
		hash_del(&found->node);
		kfree(found);
	}
	mutex_unlock(&smb3k_files_lock);
	return status;
}

/**
 * smb3k_file_detach() - leave the opens of a file
 * @op: an attached open
 *
 * Return: true when @op was the last open and the file is delete pending:
 * the caller removes it.
 */
bool smb3k_file_detach(struct smb3k_open *op)
{
	struct smb3k_file *f = op->file;
	bool remove = false;

	if (!f)
		return false;
	mutex_lock(&smb3k_files_lock);
	if (op->delete_on_close)
		f->delete_pending = true;
	list_del(&op->file_node);
	op->file = NULL;
	if (!--f->nopens) {
		WARN_ON(!list_empty(&f->locks) || !list_empty(&f->waiters));
		remove = f->delete_pending;
		hash_del(&f->node);
		kfree(f);
	}
	mutex_unlock(&smb3k_files_lock);
	return remove;
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
 * smb3k_file_delete_pending() - is the file of @op delete pending?
 * @op: an open
 *
 * Return: File.DeletePending.
 */
bool smb3k_file_delete_pending(struct smb3k_open *op)
{
	bool pending;

	mutex_lock(&smb3k_files_lock);
	pending = op->file && op->file->delete_pending;
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
	if (strcmp(o->tree->path, op->tree->path))
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
