/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel-version differences, force-included into every smb3k source file
 * by Kbuild. The core files never test LINUX_VERSION_CODE themselves.
 * The target is Debian 12's 6.1; newer kernels get their shims here.
 */
#ifndef _SMB3K_COMPAT_H
#define _SMB3K_COMPAT_H

#include <linux/version.h>

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 1, 0)
#error "smb3k needs Linux 6.1 or newer"
#endif

/*
 * vfs_path_lookup() is exported, but 6.1 declares it only in fs/internal.h
 * (later kernels move it to <linux/namei.h>).
 */
struct dentry;
struct vfsmount;
struct path;
int vfs_path_lookup(struct dentry *dentry, struct vfsmount *mnt, const char *name,
		    unsigned int flags, struct path *path);

#endif /* _SMB3K_COMPAT_H */
