/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RPC upcalls (SMB3K_CMD_RPC_OPEN..RPC_CLOSE, see <linux/smb3k.h>):
 * named pipes on IPC$ served by rpc_server.c. One table of open pipes
 * for the daemon: at most RPC_MAX_PIPES in all, RPC_MAX_PIPES_PER_SESSION
 * per SMB session; beyond, RPC_OPEN fails with
 * STATUS_INSUFFICIENT_RESOURCES.
 *
 * Statuses: unknown pipe name STATUS_OBJECT_NAME_NOT_FOUND, unknown
 * PIPE_ID STATUS_INVALID_HANDLE, a missing attribute
 * STATUS_INVALID_PARAMETER. A READ with nothing queued returns
 * STATUS_PIPE_EMPTY (0xC00000D9) at once: the daemon never blocks a read
 * (Windows would pend a blocking-mode read until data arrives; clients
 * of DCE/RPC always write a request first). A TRANSACT
 * (FSCTL_PIPE_TRANSCEIVE) while a response is still unread fails with
 * STATUS_PIPE_BUSY (MS-FSCC 2.3.49) and writes nothing.
 */
#ifndef SMB3K_RPC_UPCALL_H
#define SMB3K_RPC_UPCALL_H

#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include "config.h"

#define RPC_MAX_PIPES			1024
#define RPC_MAX_PIPES_PER_SESSION	64

/*
 * Answer one RPC upcall: tb is indexed by SMB3K_A_* (types validated),
 * reply already holds SMB3K_A_HANDLE; this adds NTSTATUS and PIPE_ID or
 * DATA. Returns 0, or -EMSGSIZE if the reply could not be built.
 */
int rpc_upcall(const struct smb3k_config *cfg, uint8_t cmd, struct nlattr *const *tb,
	       struct nl_msg *reply);

/* Close every pipe of a session (SESSION_END) / all of them (shutdown). */
void rpc_session_end(uint64_t session_id);
void rpc_close_all(void);

#endif
