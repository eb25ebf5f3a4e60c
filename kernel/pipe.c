// SPDX-License-Identifier: GPL-2.0
/*
 * Named pipes on IPC$: the DCE/RPC services behind them run in smb3kd, so
 * pipe IO is an upcall per request (RPC_OPEN, RPC_WRITE, RPC_READ,
 * RPC_TRANSACT; RPC_CLOSE is sent by open.c). The daemon's answer is
 * checked like wire input: status present, data no longer than asked.
 */
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "open.h"
#include "pipe.h"
#include "session.h"
#include "upcall.h"
#include "proto/ntstatus.h"

#define SMB3K_PIPE_TIMEOUT_MS	10000

struct smb3k_pipe_args {
	struct smb3k_session *sess;
	const char *name;
	struct smb3k_open *op;
	const u8 *in;
	u32 in_len;
	u32 max_out;
};

static int smb3k_pipe_fill(struct sk_buff *skb, void *arg)
{
	struct smb3k_pipe_args *a = arg;

	if (a->name)
		return nla_put_u64_64bit(skb, SMB3K_A_SESSION_ID, a->sess->id,
					 SMB3K_A_PAD) ||
		       nla_put_string(skb, SMB3K_A_USER_NAME, a->sess->user) ||
		       nla_put_string(skb, SMB3K_A_PIPE_NAME, a->name) ? -EMSGSIZE : 0;
	if (nla_put_u64_64bit(skb, SMB3K_A_PIPE_ID, a->op->pipe_id, SMB3K_A_PAD) ||
	    (a->in_len && nla_put(skb, SMB3K_A_DATA, a->in_len, a->in)) ||
	    (a->max_out && nla_put_u32(skb, SMB3K_A_LENGTH, a->max_out)))
		return -EMSGSIZE;
	return 0;
}

static u32 smb3k_pipe_call(u8 cmd, struct smb3k_pipe_args *a, size_t size,
			   struct sk_buff **reply, struct nlattr **tb)
{
	int ret;

	ret = smb3k_upcall(cmd, smb3k_pipe_fill, a, size, SMB3K_PIPE_TIMEOUT_MS, reply);
	if (ret) {
		pr_warn_ratelimited("pipe: smb3kd did not answer (%d)\n", ret);
		return ret == -ENOTCONN ? STATUS_PIPE_NOT_AVAILABLE :
		       STATUS_IO_TIMEOUT;
	}
	if (smb3k_upcall_parse(*reply, tb) || !tb[SMB3K_A_NTSTATUS])
		return STATUS_INTERNAL_ERROR;
	return nla_get_u32(tb[SMB3K_A_NTSTATUS]);
}

/**
 * smb3k_pipe_open() - open a named pipe in the daemon
 * @sess: the session opening it
 * @name: the pipe's name ("srvsvc", ...)
 * @pipe_id: set to the daemon's id for it
 *
 * Return: NT status.
 */
u32 smb3k_pipe_open(struct smb3k_session *sess, const char *name, u64 *pipe_id)
{
	struct smb3k_pipe_args a = { .sess = sess, .name = name };
	struct nlattr *tb[SMB3K_A_MAX + 1];
	struct sk_buff *reply = NULL;
	u32 status;

	status = smb3k_pipe_call(SMB3K_CMD_RPC_OPEN, &a, 512, &reply, tb);
	if (status == STATUS_SUCCESS) {
		if (tb[SMB3K_A_PIPE_ID])
			*pipe_id = nla_get_u64(tb[SMB3K_A_PIPE_ID]);
		else
			status = STATUS_INTERNAL_ERROR;
	}
	kfree_skb(reply);
	return status;
}

/**
 * smb3k_pipe_io() - write to, read from or transact on a named pipe
 * @cmd: SMB3K_CMD_RPC_WRITE, RPC_READ or RPC_TRANSACT
 * @op: the pipe's open
 * @in: data to write (WRITE, TRANSACT)
 * @in_len: its length
 * @out: where read data goes (READ, TRANSACT)
 * @out_cap: most bytes wanted
 * @out_len: set to the bytes read
 *
 * Return: the daemon's NT status (STATUS_BUFFER_OVERFLOW comes with data).
 */
u32 smb3k_pipe_io(u8 cmd, struct smb3k_open *op, const u8 *in, u32 in_len,
		  u8 *out, u32 out_cap, u32 *out_len)
{
	struct smb3k_pipe_args a = { .op = op, .in = in, .in_len = in_len };
	struct nlattr *tb[SMB3K_A_MAX + 1];
	struct sk_buff *reply = NULL;
	u32 status, n;

	*out_len = 0;
	if (in_len > SMB3K_RPC_DATA_MAX)
		return STATUS_INVALID_PARAMETER;
	if (cmd != SMB3K_CMD_RPC_WRITE)
		a.max_out = min_t(u32, out_cap, SMB3K_RPC_DATA_MAX);
	status = smb3k_pipe_call(cmd, &a, in_len + 256, &reply, tb);
	if ((status == STATUS_SUCCESS || status == STATUS_BUFFER_OVERFLOW) &&
	    tb[SMB3K_A_DATA] && cmd != SMB3K_CMD_RPC_WRITE) {
		n = nla_len(tb[SMB3K_A_DATA]);
		if (n > a.max_out) {
			status = STATUS_INTERNAL_ERROR;
		} else {
			memcpy(out, nla_data(tb[SMB3K_A_DATA]), n);
			*out_len = n;
		}
	}
	kfree_skb(reply);
	return status;
}
