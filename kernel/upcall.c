// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel-to-daemon requests. Each upcall gets a handle; the daemon answers
 * with the same command and handle. A reply is accepted only from the
 * registered daemon, only for a handle still waiting, and only once.
 */
#include <linux/completion.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/xarray.h>
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "netlink.h"
#include "upcall.h"

struct smb3k_upcall_wait {
	struct completion done;
	u8 cmd;
	int err;
	struct sk_buff *reply;
};

static DEFINE_XARRAY_FLAGS(smb3k_upcalls, XA_FLAGS_ALLOC1 | XA_FLAGS_LOCK_IRQ);
static u32 smb3k_upcall_next;

/**
 * smb3k_upcall() - send a request to smb3kd and wait for its answer
 * @cmd: SMB3K_CMD_* of the request (the reply carries the same)
 * @fill: adds the request's attributes, or NULL
 * @arg: passed to @fill
 * @size: bytes @fill adds at most (payload), 0 when it adds little
 * @timeout_ms: how long to wait for the answer
 * @reply: on success the daemon's message (free with kfree_skb()), or NULL
 *
 * May sleep. Every upcall has a timeout: a dead or stuck daemon never
 * blocks the caller for longer than @timeout_ms.
 *
 * Return: 0, -ENOTCONN without a daemon (or when it leaves while we wait),
 * -ETIMEDOUT, or another negative errno.
 */
int smb3k_upcall(u8 cmd, smb3k_upcall_fill_t fill, void *arg, size_t size,
		 unsigned int timeout_ms, struct sk_buff **reply)
{
	struct smb3k_upcall_wait wait = { .cmd = cmd };
	struct smb3k_daemon_ref target;
	struct sk_buff *msg;
	unsigned long left;
	u32 handle;
	void *hdr;
	int ret;

	if (reply)
		*reply = NULL;
	init_completion(&wait.done);
	ret = smb3k_daemon_get(&target);
	if (ret)
		return ret;
	ret = xa_alloc_cyclic_irq(&smb3k_upcalls, &handle, &wait, xa_limit_32b,
				  &smb3k_upcall_next, GFP_KERNEL);
	if (ret < 0)
		goto put_daemon;

	ret = -ENOMEM;
	msg = genlmsg_new(size + NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		goto erase;
	ret = -EMSGSIZE;
	hdr = genlmsg_put(msg, 0, 0, &smb3k_genl_family, 0, cmd);
	if (!hdr || nla_put_u32(msg, SMB3K_A_HANDLE, handle))
		goto free_msg;
	if (fill) {
		ret = fill(msg, arg);
		if (ret)
			goto free_msg;
	}
	genlmsg_end(msg, hdr);
	ret = genlmsg_unicast(target.net, msg, target.portid);
	if (ret)
		goto erase;

	left = wait_for_completion_timeout(&wait.done,
					   msecs_to_jiffies(timeout_ms));
	xa_erase_irq(&smb3k_upcalls, handle);
	/* Nobody can complete @wait any more; read what they left. */
	if (!left && !wait.reply && !wait.err)
		ret = -ETIMEDOUT;
	else
		ret = wait.err;
	if (!ret && reply)
		*reply = wait.reply;
	else
		kfree_skb(wait.reply);
	goto put_daemon;

free_msg:
	nlmsg_free(msg);
erase:
	xa_erase_irq(&smb3k_upcalls, handle);
put_daemon:
	smb3k_daemon_put(&target);
	return ret;
}

/**
 * smb3k_upcall_reply() - deliver the daemon's answer to a waiting upcall
 * @skb: the daemon's message
 * @info: its parsed form; the caller has checked the sender
 *
 * Return: 0, -EINVAL without a handle, -ENOENT for an unknown or late handle.
 */
int smb3k_upcall_reply(struct sk_buff *skb, struct genl_info *info)
{
	struct smb3k_upcall_wait *wait;
	struct sk_buff *clone;
	unsigned long flags;
	u32 handle;
	int ret = 0;

	if (!info->attrs[SMB3K_A_HANDLE]) {
		NL_SET_ERR_MSG_MOD(info->extack, "upcall reply without a handle");
		return -EINVAL;
	}
	handle = nla_get_u32(info->attrs[SMB3K_A_HANDLE]);
	clone = skb_clone(skb, GFP_KERNEL);
	if (!clone)
		return -ENOMEM;

	xa_lock_irqsave(&smb3k_upcalls, flags);
	wait = xa_load(&smb3k_upcalls, handle);
	if (!wait || wait->cmd != info->genlhdr->cmd ||
	    completion_done(&wait->done)) {
		ret = -ENOENT;
	} else {
		wait->reply = clone;
		clone = NULL;
		complete(&wait->done);
	}
	xa_unlock_irqrestore(&smb3k_upcalls, flags);
	kfree_skb(clone);
	if (ret)
		NL_SET_ERR_MSG_MOD(info->extack, "no upcall waits for this handle");
	return ret;
}

/**
 * smb3k_put_peer() - add the client's address as a nested SMB3K_A_PEER
 * @skb: the message
 * @peer: the address
 *
 * Return: 0 or -EMSGSIZE.
 */
int smb3k_put_peer(struct sk_buff *skb, const struct sockaddr_storage *peer)
{
	struct nlattr *nest = nla_nest_start(skb, SMB3K_A_PEER);
	int ret = -EMSGSIZE;

	if (!nest)
		return ret;
	if (peer->ss_family == AF_INET) {
		const struct sockaddr_in *sin = (const struct sockaddr_in *)peer;

		if (nla_put_u16(skb, SMB3K_LISTEN_A_FAMILY, AF_INET) ||
		    nla_put_in_addr(skb, SMB3K_LISTEN_A_ADDR, sin->sin_addr.s_addr) ||
		    nla_put_u16(skb, SMB3K_LISTEN_A_PORT, ntohs(sin->sin_port)))
			return ret;
	} else if (peer->ss_family == AF_INET6) {
		const struct sockaddr_in6 *sin6 = (const struct sockaddr_in6 *)peer;

		if (nla_put_u16(skb, SMB3K_LISTEN_A_FAMILY, AF_INET6) ||
		    nla_put_in6_addr(skb, SMB3K_LISTEN_A_ADDR, &sin6->sin6_addr) ||
		    nla_put_u16(skb, SMB3K_LISTEN_A_PORT, ntohs(sin6->sin6_port)))
			return ret;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * smb3k_upcall_parse() - the attributes of a daemon's answer
 * @reply: from smb3k_upcall()
 * @tb: SMB3K_A_MAX + 1 entries, filled
 *
 * The answer was validated against the family's policy when it arrived.
 *
 * Return: 0 or a negative errno.
 */
int smb3k_upcall_parse(struct sk_buff *reply, struct nlattr **tb)
{
	return nlmsg_parse(nlmsg_hdr(reply), GENL_HDRLEN, tb, SMB3K_A_MAX,
			   smb3k_genl_family.policy, NULL);
}

/**
 * smb3k_upcall_cancel_all() - fail every waiting upcall with -ENOTCONN
 *
 * Called when the daemon leaves, so that callers do not wait for a reply
 * that cannot come.
 */
void smb3k_upcall_cancel_all(void)
{
	struct smb3k_upcall_wait *wait;
	unsigned long flags, index;

	xa_lock_irqsave(&smb3k_upcalls, flags);
	xa_for_each(&smb3k_upcalls, index, wait) {
		if (!completion_done(&wait->done)) {
			wait->err = -ENOTCONN;
			complete(&wait->done);
		}
	}
	xa_unlock_irqrestore(&smb3k_upcalls, flags);
}
