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

/* Command code used in SMB3K_CMD_COUNT_A_COMMAND for SMB1 negotiates. */
#define SMB3K_CMD_COUNT_SMB1	0xffff

/* "server signing" */
enum smb3k_signing {
	SMB3K_SIGNING_DISABLED,		/* offered only if the client requires it */
	SMB3K_SIGNING_AUTO,		/* enabled, not required */
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
