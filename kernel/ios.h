/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The IOS layer: the only road from SMB semantics to storage
 * (Documentation/ios-drivers.rst). A share names a driver; the SMB2
 * handlers call the driver's ops with a client context and never touch a
 * file system themselves. "vfs" (ios_vfs*.c) is the default driver; other
 * drivers are modules that call smb3k_ios_register().
 */
#ifndef _SMB3K_IOS_H
#define _SMB3K_IOS_H

#include <linux/cred.h>
#include <linux/list.h>
#include <linux/refcount.h>
#include <linux/module.h>
#include <linux/socket.h>
#include <linux/types.h>

#include "proto/fscc.h"

#define SMB3K_IOS_NAME_MAX	32

/* smb3k_ios_ctx.flags */
#define SMB3K_IOS_WRITE_THROUGH		0x0001	/* SMB2_WRITEFLAG_WRITE_THROUGH, open option */
#define SMB3K_IOS_UNBUFFERED		0x0002	/* SMB2_*FLAG_*_UNBUFFERED */
#define SMB3K_IOS_CASE_INSENSITIVE	0x0004	/* share looks names up without case */

/**
 * struct smb3k_ios_ctx - who is asking: passed to every op
 * @cred: the session user's credentials; POSIX drivers run the op under them
 * @user: the user's name
 * @uid: the user's Unix uid
 * @gid: the user's Unix gid
 * @session_id: SMB2 SessionId
 * @client_guid: the client's ClientGuid (16 bytes)
 * @peer: the client's address
 * @share_name: the share's name
 * @share_options: SMB3K_SHARE_OPT_*
 * @flags: SMB3K_IOS_*
 *
 * A driver may use any of it to route or account IO by client.
 */
struct smb3k_ios_ctx {
	const struct cred *cred;
	const char *user;
	u32 uid;
	u32 gid;
	u64 session_id;
	const u8 *client_guid;
	const struct sockaddr_storage *peer;
	const char *share_name;
	u32 share_options;
	u32 flags;
};

/**
 * struct smb3k_ios_share - a driver's view of one share root
 * @ops: the driver (set by smb3k)
 * @root: the share's path as configured (set by smb3k, owned by it)
 * @users: the tree connect that attached it and every disk open made
 *	   through it (managed by smb3k: an open outlives its tree connect
 *	   when it is durable)
 *
 * Drivers embed it in their own structure.
 */
struct smb3k_ios_share {
	const struct smb3k_ios_ops *ops;
	const char *root;
	refcount_t users;
};

/**
 * struct smb3k_ios_file - a driver's open file or directory
 * @share: the share it belongs to (set by the driver)
 *
 * Drivers embed it in their own structure.
 */
struct smb3k_ios_file {
	struct smb3k_ios_share *share;
};

/**
 * struct smb3k_ios_open_args - what to open (MS-SMB2 3.3.5.9, MS-FSA 2.1.5.1)
 * @path: name relative to the share root, '/'-separated UTF-8, "" for the
 *	  root; smb3k has checked it: no empty, "." or ".." component, no
 *	  character Windows forbids
 * @disposition: FILE_SUPERSEDE ... FILE_OVERWRITE_IF
 * @options: CreateOptions (FILE_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE,
 *	     FILE_WRITE_THROUGH, ...)
 * @access: desired access, generic rights already mapped
 * @file_attributes: FILE_ATTRIBUTE_* for a new or overwritten file
 * @allocation_size: initial allocation for a new file (0: none)
 * @stream: a named data stream of the file to open (MS-FSCC 2.1.5.3), UTF-8,
 *	    checked by smb3k (no NUL, '\\', '/' or ':', at most 255 UTF-16
 *	    units), or NULL for the file itself; only for drivers with
 *	    @list_streams. The disposition applies to the stream: a missing
 *	    file is created as an empty regular file when the stream is
 *	    created, an existing stream is found ignoring case.
 */
struct smb3k_ios_open_args {
	const char *path;
	const char *stream;
	u32 disposition;
	u32 options;
	u32 access;
	u32 file_attributes;
	u64 allocation_size;
};

/**
 * struct smb3k_ios_open_result - what the open did
 * @create_action: FILE_OPENED, FILE_CREATED, FILE_OVERWRITTEN, FILE_SUPERSEDED
 * @st: the file's attributes after the open; for a named stream the file's,
 *	with @st.end_of_file and @st.allocation_size those of the stream
 * @stream: for a named stream, its name as stored (the case it was created
 *	    with); valid until the open is closed or its stream renamed
 * @file_created: for a named stream, the file itself was created with it
 */
struct smb3k_ios_open_result {
	u32 create_action;
	struct fscc_file_stat st;
	const char *stream;
	bool file_created;
};

/**
 * struct smb3k_ios_basic - FileBasicInformation to apply (MS-FSCC 2.4.7)
 * @creation_time: FILETIME, 0 to leave alone
 * @last_access_time: FILETIME, 0 to leave alone
 * @last_write_time: FILETIME, 0 to leave alone
 * @change_time: FILETIME, 0 to leave alone
 * @file_attributes: FILE_ATTRIBUTE_*, 0 to leave alone
 */
struct smb3k_ios_basic {
	u64 creation_time;
	u64 last_access_time;
	u64 last_write_time;
	u64 change_time;
	u32 file_attributes;
};

/**
 * typedef smb3k_ios_dirent_t - receives one directory entry
 * @arg: the caller's argument
 * @name: the entry's name (UTF-8, not NUL-terminated)
 * @len: its length
 * @pos: cookie that makes readdir resume at this entry
 *
 * Return: true to go on, false to stop (the entry was not consumed).
 */
typedef bool (*smb3k_ios_dirent_t)(void *arg, const char *name, int len, u64 pos);

/**
 * typedef smb3k_ios_stream_t - receives one named data stream
 * @arg: the caller's argument
 * @name: the stream's name as stored (UTF-8, NUL-terminated, no type)
 * @size: its size in bytes
 * @allocation: the space it takes
 *
 * Return: 0 to go on, or an NT status that ends the listing with it.
 */
typedef u32 (*smb3k_ios_stream_t)(void *arg, const char *name, u64 size, u64 allocation);

/* @unlink flags */
#define SMB3K_IOS_UNLINK_FILE	0x1	/* a stream open: remove the whole file */

/**
 * struct smb3k_ios_ops - a storage driver
 * @name: the name shares use to pick it ("vfs")
 * @owner: THIS_MODULE
 * @list: on the driver list (smb3k's)
 *
 * Every op returns an NT status (STATUS_SUCCESS or the error a Windows
 * server gives, see smb3k_ios_errno_status()). Ops may sleep. Optional
 * (may be NULL): flush, set_allocation, rename, link, unlink, notify_path,
 * the xattr, security and stream ops; smb3k then answers STATUS_NOT_SUPPORTED or skips.
 *
 * @share_attach: open the share root @root; return the driver's share
 * @share_detach: release it (no file is open on it any more)
 * @open: open or create @args->path; on success *@file is the new open
 * @close: release an open (after @unlink when delete-on-close applies)
 * @read: read up to @len bytes at @off into @buf; *@got is what was read
 *	(0 at or past the end of file)
 * @write: write @len bytes at @off; *@done is what was written
 * @flush: make the file's data and metadata durable
 * @getattr: describe the open file
 * @stat_child: describe the entry @name of the open directory @dir
 * @set_basic: apply times and attributes
 * @set_size: set the end of file (truncate or extend)
 * @set_allocation: set the allocation size
 * @readdir: call @fn for the entries of directory @dir from cookie *@pos,
 *	until it returns false or the directory ends (*@pos: where to resume)
 * @rename: move the open file to @new_path (share-relative); replace an
 *	existing file when @replace
 * @link: make a hard link @new_path to the open file
 * @unlink: remove the name the file was opened by; on a named-stream open
 *	the stream, or the file when @flags has SMB3K_IOS_UNLINK_FILE
 * @statfs: describe the share's volume
 * @get_xattr: read extended attribute @name (NULL @buf: size only)
 * @set_xattr: write extended attribute @name
 * @list_xattr: list attribute names, NUL-separated (NULL @buf: size only)
 * @remove_xattr: remove extended attribute @name
 * @get_security: the file's NT security descriptor (self-relative,
 *	MS-DTYP 2.4.6); when none is stored, one synthesised from what the
 *	storage knows (owner, mode) and *@stored false. STATUS_BUFFER_TOO_SMALL
 *	with *@len set when @size is short
 * @set_security: store a validated self-relative descriptor
 * @get_parent_security: the stored descriptor of the directory holding
 *	the file, for inheritance; STATUS_NOT_FOUND when it has none
 * @notify_path: the open directory's path, valid while @file is open, that
 *	change notification watches with fsnotify (no ctx: called while closing)
 * @list_streams: call @fn for each named data stream of the open's file
 *	(not the unnamed one); a driver without it has no named streams
 * @rename_stream: give the named stream @file is open on the name
 *	@new_name (never empty); STATUS_OBJECT_NAME_COLLISION when a stream
 *	of that name exists and not @replace, STATUS_INVALID_PARAMETER when
 *	it exists and is not empty; renaming to its own name (ignoring case)
 *	succeeds
 * @remove_streams: remove every named stream of the file (FILE_OVERWRITE
 *	and FILE_SUPERSEDE of the file)
 * @real_path: the open's share-relative path as stored (the case on disk),
 *	'/'-separated UTF-8, "" for the root, kmalloc'ed; NULL when unknown
 *	(FileNormalizedNameInformation then reports the name it was opened by)
 *
 * On a named-stream open, @read, @write, @set_size, @set_allocation and
 * @getattr's sizes are the stream's; @flush, @set_basic, @getattr's other
 * fields, the xattr and security ops act on the file, as on NTFS.
 */
struct smb3k_ios_ops {
	const char *name;
	struct module *owner;
	struct list_head list;

	u32 (*share_attach)(const char *root, struct smb3k_ios_share **share);
	void (*share_detach)(struct smb3k_ios_share *share);
	u32 (*open)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_share *share,
		    const struct smb3k_ios_open_args *args, struct smb3k_ios_file **file,
		    struct smb3k_ios_open_result *res);
	void (*close)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file);
	u32 (*read)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		    u64 off, void *buf, u32 len, u32 *got);
	u32 (*write)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		     u64 off, const void *buf, u32 len, u32 *done);
	u32 (*flush)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file);
	u32 (*getattr)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		       struct fscc_file_stat *st);
	u32 (*stat_child)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *dir,
			  const char *name, int len, struct fscc_file_stat *st);
	u32 (*set_basic)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			 const struct smb3k_ios_basic *basic);
	u32 (*set_size)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			u64 size);
	u32 (*set_allocation)(const struct smb3k_ios_ctx *ctx,
			      struct smb3k_ios_file *file, u64 size);
	u32 (*readdir)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *dir,
		       u64 *pos, smb3k_ios_dirent_t fn, void *arg);
	u32 (*rename)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		      const char *new_path, bool replace);
	u32 (*link)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		    const char *new_path, bool replace);
	u32 (*unlink)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
		      u32 flags);
	u32 (*statfs)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_share *share,
		      struct fscc_fs_stat *fs);
	u32 (*get_xattr)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			 const char *name, void *buf, u32 size, u32 *len);
	u32 (*set_xattr)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			 const char *name, const void *value, u32 len);
	u32 (*list_xattr)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			  char *buf, u32 size, u32 *len);
	u32 (*remove_xattr)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			    const char *name);
	u32 (*get_security)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			    u8 *buf, u32 size, u32 *len, bool *stored);
	u32 (*set_security)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			    const u8 *sd, u32 len);
	u32 (*get_parent_security)(const struct smb3k_ios_ctx *ctx,
				   struct smb3k_ios_file *file, u8 *buf, u32 size, u32 *len);
	const struct path *(*notify_path)(struct smb3k_ios_file *file);
	u32 (*list_streams)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			    smb3k_ios_stream_t fn, void *arg);
	u32 (*rename_stream)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file,
			     const char *new_name, bool replace);
	u32 (*remove_streams)(const struct smb3k_ios_ctx *ctx, struct smb3k_ios_file *file);
	char *(*real_path)(struct smb3k_ios_file *file);
};

/* Largest security descriptor kept (an xattr value fits in 64 KiB). */
#define SMB3K_IOS_SD_MAX	65536

int smb3k_ios_register(struct smb3k_ios_ops *ops);
void smb3k_ios_unregister(struct smb3k_ios_ops *ops);
u32 smb3k_ios_errno_status(int err);
u64 smb3k_ios_filetime(struct timespec64 ts);
struct timespec64 smb3k_ios_timespec(u64 filetime);

u32 smb3k_ios_share_attach(const char *driver, const char *root,
			   struct smb3k_ios_share **share);
void smb3k_ios_share_detach(struct smb3k_ios_share *share);
struct smb3k_ios_share *smb3k_ios_share_get(struct smb3k_ios_share *share);
int smb3k_ios_init(void);
void smb3k_ios_exit(void);

int smb3k_ios_vfs_init(void);
void smb3k_ios_vfs_exit(void);

#endif /* _SMB3K_IOS_H */
