// SPDX-License-Identifier: GPL-2.0
/*
 * IOS driver registry and the helpers every driver needs: errno to NT
 * status, POSIX time to FILETIME.
 */
#include <linux/errno.h>
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/time64.h>

#include "ios.h"
#include "proto/ntstatus.h"

static LIST_HEAD(smb3k_ios_drivers);
static DEFINE_MUTEX(smb3k_ios_lock);

/* FILETIME counts 100 ns intervals since 1601-01-01 UTC. */
#define SMB3K_FILETIME_EPOCH_DIFF	11644473600ULL

/**
 * smb3k_ios_filetime() - a POSIX time as FILETIME
 * @ts: the time
 *
 * Return: the FILETIME value, 0 for times before 1601.
 */
u64 smb3k_ios_filetime(struct timespec64 ts)
{
	s64 secs = ts.tv_sec + (s64)SMB3K_FILETIME_EPOCH_DIFF;

	if (secs < 0)
		return 0;
	return (u64)secs * 10000000ULL + ts.tv_nsec / 100;
}
EXPORT_SYMBOL_GPL(smb3k_ios_filetime);

/**
 * smb3k_ios_timespec() - a FILETIME as POSIX time
 * @filetime: the FILETIME (not 0, -1 or -2: those are instructions)
 *
 * Return: the time.
 */
struct timespec64 smb3k_ios_timespec(u64 filetime)
{
	struct timespec64 ts;
	u64 secs = filetime / 10000000ULL;

	ts.tv_sec = (s64)secs - (s64)SMB3K_FILETIME_EPOCH_DIFF;
	ts.tv_nsec = (filetime % 10000000ULL) * 100;
	return ts;
}
EXPORT_SYMBOL_GPL(smb3k_ios_timespec);

/**
 * smb3k_ios_errno_status() - the NT status a Windows server gives for @err
 * @err: a negative errno
 *
 * Return: the NT status.
 */
u32 smb3k_ios_errno_status(int err)
{
	switch (err) {
	case 0:
		return STATUS_SUCCESS;
	case -ENOENT:
		return STATUS_OBJECT_NAME_NOT_FOUND;
	case -ENOTDIR:
		return STATUS_OBJECT_PATH_NOT_FOUND;
	case -EEXIST:
		return STATUS_OBJECT_NAME_COLLISION;
	case -EACCES:
	case -EPERM:
	case -EROFS:
		return err == -EROFS ? STATUS_MEDIA_WRITE_PROTECTED : STATUS_ACCESS_DENIED;
	case -EISDIR:
		return STATUS_FILE_IS_A_DIRECTORY;
	case -ENOTEMPTY:
		return STATUS_DIRECTORY_NOT_EMPTY;
	case -ENOSPC:
		return STATUS_DISK_FULL;
	case -EDQUOT:
		return STATUS_ALLOTTED_SPACE_EXCEEDED;
	case -ENOMEM:
		return STATUS_NO_MEMORY;
	case -ENAMETOOLONG:
		return STATUS_NAME_TOO_LONG;
	case -EXDEV:
		return STATUS_NOT_SAME_DEVICE;
	case -ELOOP:
		return STATUS_STOPPED_ON_SYMLINK;
	case -EFBIG:
	case -EOVERFLOW:
		return STATUS_DISK_FULL;
	case -EINVAL:
		return STATUS_INVALID_PARAMETER;
	case -EOPNOTSUPP:
		return STATUS_NOT_SUPPORTED;
	case -ENODATA:
		return STATUS_NOT_FOUND;
	case -E2BIG:
	case -ERANGE:
		return STATUS_BUFFER_OVERFLOW;
	case -EBUSY:
	case -ETXTBSY:
		return STATUS_SHARING_VIOLATION;
	case -EAGAIN:
		return STATUS_FILE_LOCK_CONFLICT;
	case -EMFILE:
	case -ENFILE:
		return STATUS_TOO_MANY_OPENED_FILES;
	case -EIO:
	default:
		return STATUS_UNEXPECTED_IO_ERROR;
	}
}
EXPORT_SYMBOL_GPL(smb3k_ios_errno_status);

/**
 * smb3k_ios_register() - make a storage driver available to shares
 * @ops: the driver: name, owner and the ops ios.h does not mark optional
 *
 * Return: 0, -EEXIST when the name is taken, -EINVAL when incomplete.
 */
int smb3k_ios_register(struct smb3k_ios_ops *ops)
{
	struct smb3k_ios_ops *d;
	int ret = 0;

	if (!ops->name || strlen(ops->name) > SMB3K_IOS_NAME_MAX || !ops->share_attach ||
	    !ops->share_detach || !ops->open || !ops->close || !ops->read ||
	    !ops->write || !ops->getattr || !ops->readdir || !ops->stat_child ||
	    !ops->statfs || !ops->set_basic || !ops->set_size)
		return -EINVAL;
	mutex_lock(&smb3k_ios_lock);
	list_for_each_entry(d, &smb3k_ios_drivers, list) {
		if (!strcmp(d->name, ops->name)) {
			ret = -EEXIST;
			goto out;
		}
	}
	list_add_tail(&ops->list, &smb3k_ios_drivers);
	pr_info("IOS driver \"%s\" registered\n", ops->name);
out:
	mutex_unlock(&smb3k_ios_lock);
	return ret;
}
EXPORT_SYMBOL_GPL(smb3k_ios_register);

/**
 * smb3k_ios_unregister() - withdraw a storage driver
 * @ops: a registered driver
 *
 * Shares attached to it hold a module reference, so a driver module
 * cannot go away under them.
 */
void smb3k_ios_unregister(struct smb3k_ios_ops *ops)
{
	mutex_lock(&smb3k_ios_lock);
	list_del_init(&ops->list);
	mutex_unlock(&smb3k_ios_lock);
}
EXPORT_SYMBOL_GPL(smb3k_ios_unregister);

/**
 * smb3k_ios_share_attach() - open a share's root with its driver
 * @driver: driver name, NULL or "" for "vfs"
 * @root: the share's path (copied)
 * @share: set to the driver's share on success, with one user
 *
 * Return: NT status; STATUS_BAD_NETWORK_NAME when the driver is unknown.
 */
u32 smb3k_ios_share_attach(const char *driver, const char *root,
			   struct smb3k_ios_share **share)
{
	const struct smb3k_ios_ops *ops = NULL, *d;
	char *copy;
	u32 status;

	if (!driver || !*driver)
		driver = "vfs";
	copy = kstrdup(root, GFP_KERNEL);
	if (!copy)
		return STATUS_NO_MEMORY;
	mutex_lock(&smb3k_ios_lock);
	list_for_each_entry(d, &smb3k_ios_drivers, list) {
		if (!strcmp(d->name, driver) && try_module_get(d->owner)) {
			ops = d;
			break;
		}
	}
	mutex_unlock(&smb3k_ios_lock);
	if (!ops) {
		pr_warn_ratelimited("share %s: no IOS driver \"%s\"\n", root, driver);
		kfree(copy);
		return STATUS_BAD_NETWORK_NAME;
	}
	status = ops->share_attach(copy, share);
	if (status != STATUS_SUCCESS) {
		module_put(ops->owner);
		kfree(copy);
		return status;
	}
	(*share)->ops = ops;
	(*share)->root = copy;
	refcount_set(&(*share)->users, 1);
	return STATUS_SUCCESS;
}

/**
 * smb3k_ios_share_get() - one more user of a share root
 * @share: an attached share
 *
 * Return: @share.
 */
struct smb3k_ios_share *smb3k_ios_share_get(struct smb3k_ios_share *share)
{
	refcount_inc(&share->users);
	return share;
}

/**
 * smb3k_ios_share_detach() - a user is done with a share root
 * @share: from smb3k_ios_share_attach() or smb3k_ios_share_get()
 *
 * The last user releases it with its driver.
 */
void smb3k_ios_share_detach(struct smb3k_ios_share *share)
{
	const struct smb3k_ios_ops *ops = share->ops;
	const char *root = share->root;

	if (!refcount_dec_and_test(&share->users))
		return;
	ops->share_detach(share);
	module_put(ops->owner);
	kfree(root);
}

/**
 * smb3k_ios_init() - register the built-in drivers
 *
 * Return: 0 or a negative errno.
 */
int smb3k_ios_init(void)
{
	return smb3k_ios_vfs_init();
}

/**
 * smb3k_ios_exit() - unregister the built-in drivers
 */
void smb3k_ios_exit(void)
{
	smb3k_ios_vfs_exit();
}
