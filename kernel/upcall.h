/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_UPCALL_H
#define _SMB3K_UPCALL_H

#include <linux/socket.h>
#include <net/genetlink.h>

/**
 * typedef smb3k_upcall_fill_t - add request attributes to an upcall
 * @skb: the message being built
 * @arg: the caller's argument
 *
 * Return: 0 or a negative errno (-EMSGSIZE when @skb is full).
 */
typedef int (*smb3k_upcall_fill_t)(struct sk_buff *skb, void *arg);

int smb3k_upcall(u8 cmd, smb3k_upcall_fill_t fill, void *arg, size_t size,
		 unsigned int timeout_ms, struct sk_buff **reply);
int smb3k_upcall_parse(struct sk_buff *reply, struct nlattr **tb);
int smb3k_put_peer(struct sk_buff *skb, const struct sockaddr_storage *peer);
int smb3k_upcall_reply(struct sk_buff *skb, struct genl_info *info);
void smb3k_upcall_cancel_all(void);

#endif /* _SMB3K_UPCALL_H */
