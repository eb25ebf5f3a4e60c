// SPDX-License-Identifier: GPL-2.0
/* RPC upcalls: the table of open pipes and the netlink glue. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <linux/smb3k.h>

#include "log.h"
#include "rpc_server.h"
#include "rpc_upcall.h"
#include "util.h"

static struct rpc_pipe *pipes[RPC_MAX_PIPES];
static size_t n_pipes;

static struct rpc_pipe **find_pipe(uint64_t id)
{
	size_t i;

	for (i = 0; i < n_pipes; i++)
		if (pipes[i]->id == id)
			return &pipes[i];
	return NULL;
}

static void remove_pipe(struct rpc_pipe **slot)
{
	rpc_pipe_free(*slot);
	*slot = pipes[--n_pipes];
	pipes[n_pipes] = NULL;
}

void rpc_session_end(uint64_t session_id)
{
	size_t i = 0;

	while (i < n_pipes) {
		if (pipes[i]->session_id == session_id)
			remove_pipe(&pipes[i]);
		else
			i++;
	}
}

void rpc_close_all(void)
{
	while (n_pipes)
		remove_pipe(&pipes[n_pipes - 1]);
}

static uint32_t do_open(const struct nlattr *const *tb, uint64_t *id)
{
	const struct rpc_iface *iface;
	uint64_t session;
	struct rpc_pipe *p;
	size_t i, per_session = 0;

	if (!tb[SMB3K_A_PIPE_NAME] || !tb[SMB3K_A_SESSION_ID])
		return STATUS_INVALID_PARAMETER;
	iface = rpc_find_iface(nla_get_string((struct nlattr *)tb[SMB3K_A_PIPE_NAME]));
	if (!iface)
		return STATUS_OBJECT_NAME_NOT_FOUND;
	session = nla_get_u64((struct nlattr *)tb[SMB3K_A_SESSION_ID]);
	for (i = 0; i < n_pipes; i++)
		if (pipes[i]->session_id == session)
			per_session++;
	if (n_pipes >= RPC_MAX_PIPES || per_session >= RPC_MAX_PIPES_PER_SESSION)
		return STATUS_INSUFFICIENT_RESOURCES;
	p = rpc_pipe_new(iface, session, tb[SMB3K_A_USER_NAME] ?
			 nla_get_string((struct nlattr *)tb[SMB3K_A_USER_NAME]) : "");
	do
		rpc_random(&p->id, sizeof(p->id));
	while (!p->id || find_pipe(p->id));
	pipes[n_pipes++] = p;
	*id = p->id;
	return STATUS_SUCCESS;
}

int rpc_upcall(const struct smb3k_config *cfg, uint8_t cmd, struct nlattr *const *tb,
	       struct nl_msg *reply)
{
	static uint8_t buf[SMB3K_RPC_DATA_MAX];
	struct rpc_pipe **slot = NULL;
	uint32_t st = STATUS_SUCCESS, max = 0;
	uint64_t id = 0;
	size_t n = 0;
	bool data = false;

	if (cmd == SMB3K_CMD_RPC_OPEN) {
		st = do_open((const struct nlattr *const *)tb, &id);
		if (nla_put_u32(reply, SMB3K_A_NTSTATUS, st) ||
		    (!st && nla_put_u64(reply, SMB3K_A_PIPE_ID, id)))
			return -EMSGSIZE;
		return 0;
	}
	if (!tb[SMB3K_A_PIPE_ID])
		st = STATUS_INVALID_PARAMETER;
	else if (!(slot = find_pipe(nla_get_u64(tb[SMB3K_A_PIPE_ID]))))
		st = STATUS_INVALID_HANDLE;
	else if ((cmd == SMB3K_CMD_RPC_WRITE || cmd == SMB3K_CMD_RPC_TRANSACT) &&
		 !tb[SMB3K_A_DATA])
		st = STATUS_INVALID_PARAMETER;
	else if ((cmd == SMB3K_CMD_RPC_READ || cmd == SMB3K_CMD_RPC_TRANSACT) &&
		 !tb[SMB3K_A_LENGTH])
		st = STATUS_INVALID_PARAMETER;
	if (!st && tb[SMB3K_A_LENGTH]) {
		max = nla_get_u32(tb[SMB3K_A_LENGTH]);
		if (max > sizeof(buf))
			max = sizeof(buf);
	}
	if (!st) {
		struct rpc_pipe *p = *slot;

		switch (cmd) {
		case SMB3K_CMD_RPC_TRANSACT:
			if (p->out_head) {
				st = STATUS_PIPE_BUSY;
				break;
			}
			/* fall through */
		case SMB3K_CMD_RPC_WRITE:
			st = rpc_pipe_write(p, cfg, nla_data(tb[SMB3K_A_DATA]),
					    (size_t)nla_len(tb[SMB3K_A_DATA]));
			if (st || cmd == SMB3K_CMD_RPC_WRITE)
				break;
			/* fall through */
		case SMB3K_CMD_RPC_READ:
			st = rpc_pipe_read(p, buf, max, &n);
			data = st == STATUS_SUCCESS || st == STATUS_BUFFER_OVERFLOW;
			break;
		case SMB3K_CMD_RPC_CLOSE:
			remove_pipe(slot);
			break;
		default:
			st = STATUS_INVALID_PARAMETER;
			break;
		}
	}
	if (nla_put_u32(reply, SMB3K_A_NTSTATUS, st) ||
	    (data && nla_put(reply, SMB3K_A_DATA, (int)n, buf)))
		return -EMSGSIZE;
	return 0;
}
