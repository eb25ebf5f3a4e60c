/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * smb3k generic netlink ABI: the one definition shared by smb3k.ko and
 * smb3kd/smb3kctl. Documented in Documentation/netlink-abi.rst.
 *
 * Rules:
 *  - Every command is GENL_ADMIN_PERM (CAP_NET_ADMIN).
 *  - One daemon is registered at a time (SMB3K_CMD_REGISTER); a second one
 *    gets -EBUSY until the first unregisters, closes its socket or misses
 *    SMB3K_HEARTBEAT_MISSES heartbeats in a row.
 *  - The kernel sends upcalls (SMB3K_CMD_HEARTBEAT, later login, tree
 *    connect, RPC) as unicast messages to the registered daemon's port, each
 *    with SMB3K_A_HANDLE; the daemon answers with a request of the same
 *    command carrying the same handle. Unknown or late handles are dropped.
 *    Upcalls carry nlmsg_seq 0 and are never replies to a daemon request.
 *  - The family's version (CTRL_ATTR_VERSION) is SMB3K_ABI_VERSION.
 *  - Any incompatible change bumps SMB3K_ABI_VERSION.
 */
#ifndef _UAPI_LINUX_SMB3K_H
#define _UAPI_LINUX_SMB3K_H

#include <linux/types.h>

#define SMB3K_GENL_NAME		"SMB3K"
#define SMB3K_ABI_VERSION	1

/* Default heartbeat interval; the daemon may set its own at REGISTER. */
#define SMB3K_HEARTBEAT_DEFAULT_MS	5000
#define SMB3K_HEARTBEAT_MIN_MS		100
#define SMB3K_HEARTBEAT_MAX_MS		600000
/* Missed heartbeats after which the daemon is considered dead. */
#define SMB3K_HEARTBEAT_MISSES		3

#define SMB3K_MAX_LISTENERS		32
#define SMB3K_NETBIOS_NAME_MAX		15

enum smb3k_cmd {
	SMB3K_CMD_UNSPEC,
	/*
	 * daemon -> kernel. Attributes: ABI_VERSION (required), DAEMON_PID,
	 * HEARTBEAT_MS. Reply: ABI_VERSION, DAEMON_PID. Errors: -EPROTO on
	 * an ABI mismatch (extack says both versions), -EBUSY when another
	 * daemon is registered.
	 */
	SMB3K_CMD_REGISTER,
	/* daemon -> kernel: the registered daemon leaves. No attributes. */
	SMB3K_CMD_UNREGISTER,
	/*
	 * kernel -> daemon upcall with HANDLE; the daemon answers with the
	 * same command and HANDLE.
	 */
	SMB3K_CMD_HEARTBEAT,
	/*
	 * daemon -> kernel (registered daemon only): server settings and the
	 * sockets to listen on. Attributes: SERVER_GUID, MIN_DIALECT,
	 * MAX_DIALECT, SIGNING, ENCRYPT, MAX_CONNECTIONS, NETBIOS_NAME and
	 * one nested LISTEN per socket. Applied atomically: listeners not in
	 * the new set are closed, new ones opened, existing ones kept.
	 */
	SMB3K_CMD_CONFIGURE,
	/*
	 * daemon -> kernel (registered daemon only): stop listening and
	 * disconnect every client. The daemon stays registered.
	 */
	SMB3K_CMD_SHUTDOWN,
	/* any admin -> kernel: reply with the server's state (STATUS_*). */
	SMB3K_CMD_GET_STATUS,
	/*
	 * kernel -> daemon upcall, one per SESSION_SETUP round trip
	 * (MS-SMB2 3.3.5.5). Request: HANDLE, SESSION_ID, DIALECT,
	 * CLIENT_GUID, PEER (nested smb3k_listen_attr), SEC_BLOB (the
	 * client's SPNEGO or raw NTLMSSP token), SESSION_FLAGS
	 * (SMB3K_SETUP_*). Reply: HANDLE, NTSTATUS; SEC_BLOB (the token
	 * for the client, may be absent); when NTSTATUS is STATUS_SUCCESS:
	 * SESSION_KEY (16 bytes, the NTLMSSP exported session key),
	 * USER_NAME, USER_DOMAIN, UID, GID and SESSION_FLAGS
	 * (SMB3K_SESSION_IS_GUEST / IS_NULL). The daemon keeps the
	 * exchange's state per SESSION_ID until it succeeds, fails or
	 * SESSION_END is sent.
	 */
	SMB3K_CMD_SESSION_SETUP,
	/* kernel -> daemon: SESSION_ID is gone; forget its state. */
	SMB3K_CMD_SESSION_END,
	/*
	 * kernel -> daemon upcall (MS-SMB2 3.3.5.7). Request: HANDLE,
	 * SESSION_ID, USER_NAME, SESSION_FLAGS, PEER, SHARE_NAME (UTF-8,
	 * without the server part). Reply: HANDLE, NTSTATUS; on success
	 * SHARE_TYPE (enum smb3k_share_type), SHARE_PATH (disk shares),
	 * SHARE_OPTIONS (SMB3K_SHARE_OPT_*), MAXIMAL_ACCESS.
	 */
	SMB3K_CMD_TREE_CONNECT,
	/*
	 * kernel -> daemon upcalls for named pipes on IPC$ (DCE/RPC served
	 * by the daemon). RPC_OPEN: SESSION_ID, USER_NAME, PIPE_NAME ->
	 * NTSTATUS, PIPE_ID. RPC_WRITE: PIPE_ID, DATA -> NTSTATUS.
	 * RPC_READ: PIPE_ID, LENGTH -> NTSTATUS, DATA (STATUS_BUFFER_OVERFLOW
	 * when more remains). RPC_TRANSACT: PIPE_ID, DATA, LENGTH ->
	 * NTSTATUS, DATA. RPC_CLOSE: PIPE_ID -> NTSTATUS.
	 */
	SMB3K_CMD_RPC_OPEN,
	SMB3K_CMD_RPC_WRITE,
	SMB3K_CMD_RPC_READ,
	SMB3K_CMD_RPC_TRANSACT,
	SMB3K_CMD_RPC_CLOSE,
	/*
	 * Persistent handles (MS-SMB2 3.3.5.9.10, Open.IsPersistent); the
	 * daemon keeps them in its state store.
	 *
	 * OPEN_SAVE: kernel -> daemon upcall. Request: HANDLE, OPEN (nested
	 * smb3k_open_attr, the whole state). The daemon writes it (insert
	 * or replace, durable on disk) before it answers. Reply: HANDLE,
	 * NTSTATUS: STATUS_SUCCESS, or the status the client's request
	 * gets (STATUS_DISK_FULL, STATUS_MEDIA_WRITE_PROTECTED,
	 * STATUS_INSUFFICIENT_RESOURCES); nothing is written then.
	 */
	SMB3K_CMD_OPEN_SAVE,
	/*
	 * OPEN_REMOVE: kernel -> daemon upcall: the open with OPEN_ID is
	 * closed. Reply: HANDLE, NTSTATUS (STATUS_SUCCESS also when there
	 * was no such record).
	 */
	SMB3K_CMD_OPEN_REMOVE,
	/*
	 * OPEN_RESTORE: daemon -> kernel (registered daemon only), one per
	 * stored record after REGISTER and before CONFIGURE (no client can
	 * take a stored id first): OPEN (nested), and SHARE_PATH and
	 * SHARE_OPTIONS of the share it names as configured now. The kernel
	 * reopens the file and keeps the open disconnected, waiting for its
	 * client to reclaim it (DH2C) for its timeout. Errors: -EEXIST the
	 * open is live in the kernel (the record stays); -ESTALE the record
	 * is obsolete: the file is gone or is another file, or the open was
	 * closed while the daemon was away (the daemon removes the record);
	 * -EBADMSG a malformed record (removed too); -EINVAL a request the
	 * kernel cannot take, -ENOENT a share root it cannot use, or another
	 * errno: not restored now (the record stays).
	 */
	SMB3K_CMD_OPEN_RESTORE,

	__SMB3K_CMD_MAX,
};
#define SMB3K_CMD_MAX (__SMB3K_CMD_MAX - 1)

enum smb3k_attr {
	SMB3K_A_UNSPEC,
	SMB3K_A_ABI_VERSION,		/* u32 */
	SMB3K_A_DAEMON_PID,		/* u32 */
	SMB3K_A_HANDLE,			/* u32, upcall handle */
	SMB3K_A_HEARTBEAT_MS,		/* u32 */
	SMB3K_A_SERVER_GUID,		/* binary, 16 bytes */
	SMB3K_A_MIN_DIALECT,		/* u16, SMB2 dialect code (0x0202...) */
	SMB3K_A_MAX_DIALECT,		/* u16 */
	SMB3K_A_SIGNING,		/* u8, enum smb3k_signing */
	SMB3K_A_ENCRYPT,		/* u8, enum smb3k_encrypt */
	SMB3K_A_MAX_CONNECTIONS,	/* u32, 0 = no limit */
	SMB3K_A_NETBIOS_NAME,		/* NUL-terminated, at most 15 characters */
	SMB3K_A_LISTEN,			/* nested, enum smb3k_listen_attr */
	SMB3K_A_STATUS_CONNECTIONS,	/* u32 */
	SMB3K_A_STATUS_SESSIONS,	/* u32 */
	SMB3K_A_STATUS_DAEMON,		/* u8, 1 when a daemon is registered */
	SMB3K_A_STATUS_UPTIME_MS,	/* u64, since module load */
	SMB3K_A_STATUS_CMD_COUNT,	/* nested, enum smb3k_cmd_count_attr */
	SMB3K_A_STATUS_REJECTED,	/* u64, connections refused or dropped */
	SMB3K_A_PAD,
	SMB3K_A_NTSTATUS,		/* u32, NT status of an upcall's answer */
	SMB3K_A_SESSION_ID,		/* u64 */
	SMB3K_A_DIALECT,		/* u16 */
	SMB3K_A_CLIENT_GUID,		/* binary, 16 bytes */
	SMB3K_A_PEER,			/* nested, enum smb3k_listen_attr */
	SMB3K_A_SEC_BLOB,		/* binary, at most SMB3K_SEC_BLOB_MAX */
	SMB3K_A_SESSION_FLAGS,		/* u32, SMB3K_SETUP_* / SMB3K_SESSION_* */
	SMB3K_A_SESSION_KEY,		/* binary, 16 bytes */
	SMB3K_A_USER_NAME,		/* NUL-terminated UTF-8 */
	SMB3K_A_USER_DOMAIN,		/* NUL-terminated UTF-8 */
	SMB3K_A_UID,			/* u32 */
	SMB3K_A_GID,			/* u32 */
	SMB3K_A_SHARE_NAME,		/* NUL-terminated UTF-8, at most 80 chars */
	SMB3K_A_SHARE_TYPE,		/* u8, enum smb3k_share_type */
	SMB3K_A_SHARE_PATH,		/* NUL-terminated, absolute */
	SMB3K_A_SHARE_OPTIONS,		/* u32, SMB3K_SHARE_OPT_* */
	SMB3K_A_MAXIMAL_ACCESS,		/* u32, access mask */
	SMB3K_A_PIPE_NAME,		/* NUL-terminated, e.g. "srvsvc" */
	SMB3K_A_PIPE_ID,		/* u64 */
	SMB3K_A_DATA,			/* binary, at most SMB3K_RPC_DATA_MAX */
	SMB3K_A_LENGTH,			/* u32, most bytes the kernel accepts */
	SMB3K_A_GROUPS,			/* binary: u32 gids (host order), at most SMB3K_GROUPS_MAX */
	SMB3K_A_OPEN,			/* nested, enum smb3k_open_attr */
	SMB3K_A_OPEN_ID,		/* u64, FileId.Persistent */

	__SMB3K_A_MAX,
};
#define SMB3K_A_MAX (__SMB3K_A_MAX - 1)

/* A socket to listen on (in CONFIGURE) or a listening socket (in status). */
enum smb3k_listen_attr {
	SMB3K_LISTEN_A_UNSPEC,
	SMB3K_LISTEN_A_FAMILY,		/* u16, AF_INET or AF_INET6 */
	SMB3K_LISTEN_A_ADDR,		/* binary, 4 or 16 bytes */
	SMB3K_LISTEN_A_PORT,		/* u16, host order */

	__SMB3K_LISTEN_A_MAX,
};
#define SMB3K_LISTEN_A_MAX (__SMB3K_LISTEN_A_MAX - 1)

/* Requests received per SMB2 command (in status). */
enum smb3k_cmd_count_attr {
	SMB3K_CMD_COUNT_A_UNSPEC,
	SMB3K_CMD_COUNT_A_COMMAND,	/* u16, SMB2 command code; 0xffff = SMB1 */
	SMB3K_CMD_COUNT_A_COUNT,	/* u64 */
	SMB3K_CMD_COUNT_A_PAD,

	__SMB3K_CMD_COUNT_A_MAX,
};
#define SMB3K_CMD_COUNT_A_MAX (__SMB3K_CMD_COUNT_A_MAX - 1)

/*
 * A persistent open's state (SMB3K_A_OPEN): what a restore needs to make
 * the same open again. Absent optional attributes mean "none".
 */
enum smb3k_open_attr {
	SMB3K_OPEN_A_UNSPEC,
	SMB3K_OPEN_A_PERSISTENT_ID,	/* u64, FileId.Persistent: 1 .. 2^32-2 */
	SMB3K_OPEN_A_CREATE_GUID,	/* binary, 16 bytes (Open.CreateGuid) */
	SMB3K_OPEN_A_CLIENT_GUID,	/* binary, 16 bytes (Open.ClientGuid) */
	SMB3K_OPEN_A_SHARE,		/* NUL-terminated share name, at most 80 bytes */
	SMB3K_OPEN_A_PATH,		/* NUL-terminated, share-relative, '/'-separated, "" = root */
	SMB3K_OPEN_A_STREAM,		/* NUL-terminated stream name (optional) */
	SMB3K_OPEN_A_OWNER,		/* NUL-terminated user name (Open.DurableOwner) */
	SMB3K_OPEN_A_OWNER_UID,		/* u32 */
	SMB3K_OPEN_A_OWNER_GID,		/* u32 */
	SMB3K_OPEN_A_VOLUME_ID,		/* u64, the file's identity when opened: */
	SMB3K_OPEN_A_FILE_INDEX,	/* u64    a restore checks both */
	SMB3K_OPEN_A_ACCESS,		/* u32, Open.GrantedAccess */
	SMB3K_OPEN_A_SHARE_ACCESS,	/* u32, Open.ShareAccess */
	SMB3K_OPEN_A_CREATE_OPTIONS,	/* u32, Open.CreateOptions */
	SMB3K_OPEN_A_FILE_ATTRIBUTES,	/* u32, Open.FileAttributes */
	SMB3K_OPEN_A_OPLOCK_LEVEL,	/* u8, SMB2_OPLOCK_LEVEL_* (0xFF: lease) */
	SMB3K_OPEN_A_LEASE_VERSION,	/* u8, 1 or 2, with the LEASE_* below */
	SMB3K_OPEN_A_LEASE_KEY,		/* binary, 16 bytes */
	SMB3K_OPEN_A_PARENT_LEASE_KEY,	/* binary, 16 bytes (optional, v2) */
	SMB3K_OPEN_A_LEASE_STATE,	/* u32, SMB2_LEASE_*_CACHING */
	SMB3K_OPEN_A_LEASE_FLAGS,	/* u32, SMB2_LEASE_FLAG_* (0x2 breaking, 0x4 parent key) */
	SMB3K_OPEN_A_LEASE_EPOCH,	/* u16 */
	SMB3K_OPEN_A_APP_INSTANCE_ID,	/* binary, 16 bytes (optional) */
	SMB3K_OPEN_A_APP_VERSION_HIGH,	/* u64 (optional, with LOW) */
	SMB3K_OPEN_A_APP_VERSION_LOW,	/* u64 */
	SMB3K_OPEN_A_TIMEOUT_MS,	/* u32, Open.DurableOpenTimeout */
	SMB3K_OPEN_A_CHANNEL_SEQUENCE,	/* u16, Open.ChannelSequence */
	SMB3K_OPEN_A_LOCK_SEQUENCES,	/* binary, 64 bytes: 0xFF or 0x10 | seq */
	SMB3K_OPEN_A_DELETE_ON_CLOSE,	/* u8, 0 or 1 */
	SMB3K_OPEN_A_LOCKS,		/* binary, struct smb3k_open_lock[] (optional) */
	SMB3K_OPEN_A_PAD,

	__SMB3K_OPEN_A_MAX,
};
#define SMB3K_OPEN_A_MAX (__SMB3K_OPEN_A_MAX - 1)

/* A byte-range lock held by a persistent open (SMB3K_OPEN_A_LOCKS). */
struct smb3k_open_lock {
	__u64 offset;
	__u64 length;
	__u32 flags;			/* SMB3K_OPEN_LOCK_SHARED or _EXCLUSIVE */
	__u32 reserved;			/* 0 */
};
#define SMB3K_OPEN_LOCK_SHARED		0x1
#define SMB3K_OPEN_LOCK_EXCLUSIVE	0x2
#define SMB3K_OPEN_LOCKS_MAX		2048	/* an attribute holds < 64 KiB */
#define SMB3K_OPEN_LOCK_SEQS		64

/* Command code used in SMB3K_CMD_COUNT_A_COMMAND for SMB1 negotiates. */
#define SMB3K_CMD_COUNT_SMB1	0xffff

/* Limits of upcall payloads. */
#define SMB3K_SEC_BLOB_MAX		(48 * 1024)
/* Supplementary groups of a session's user that file access honours. */
#define SMB3K_GROUPS_MAX		1024
#define SMB3K_RPC_DATA_MAX		(60 * 1024)
#define SMB3K_SHARE_NAME_MAX		80

/* SMB3K_A_SESSION_FLAGS in a SESSION_SETUP request */
#define SMB3K_SETUP_BINDING		0x0001	/* SMB2_SESSION_FLAG_BINDING */
#define SMB3K_SETUP_REAUTH		0x0002	/* the session exists already */
/* SMB3K_A_SESSION_FLAGS in a SESSION_SETUP reply, and in TREE_CONNECT */
#define SMB3K_SESSION_IS_GUEST		0x0001
#define SMB3K_SESSION_IS_NULL		0x0002

enum smb3k_share_type {
	SMB3K_SHARE_DISK = 1,
	SMB3K_SHARE_PIPE = 2,		/* IPC$ */
};

/* SMB3K_A_SHARE_OPTIONS */
#define SMB3K_SHARE_OPT_READ_ONLY	0x0001
#define SMB3K_SHARE_OPT_CA		0x0002	/* continuous availability */
#define SMB3K_SHARE_OPT_ENCRYPT		0x0004	/* encrypt data (share level) */
#define SMB3K_SHARE_OPT_BROWSEABLE	0x0008
#define SMB3K_SHARE_OPT_CASE_SENSITIVE	0x0010	/* names match only in their exact case */

/* "server signing" */
enum smb3k_signing {
	SMB3K_SIGNING_DISABLED,		/* offered only if the client requires it */
	SMB3K_SIGNING_AUTO,		/* enabled; required from SMB 3.0 on */
	SMB3K_SIGNING_MANDATORY,	/* required */
};

/* "smb encrypt" (global) */
enum smb3k_encrypt {
	SMB3K_ENCRYPT_OFF,
	SMB3K_ENCRYPT_DESIRED,
	SMB3K_ENCRYPT_REQUIRED,
};

/* SMB2 dialect codes (MS-SMB2 2.2.3) used in MIN/MAX_DIALECT. */
#define SMB3K_DIALECT_202	0x0202
#define SMB3K_DIALECT_210	0x0210
#define SMB3K_DIALECT_300	0x0300
#define SMB3K_DIALECT_302	0x0302
#define SMB3K_DIALECT_311	0x0311

#endif /* _UAPI_LINUX_SMB3K_H */
