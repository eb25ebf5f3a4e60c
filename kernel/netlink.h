/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_NETLINK_H
#define _SMB3K_NETLINK_H

#include <net/genetlink.h>

extern struct genl_family smb3k_genl_family;

int smb3k_netlink_init(void);
void smb3k_netlink_exit(void);

/**
 * struct smb3k_daemon_ref - where upcalls go
 * @net: network namespace of the daemon's socket (referenced)
 * @portid: netlink port of the daemon
 * @generation: bumped on every (un)registration
 */
struct smb3k_daemon_ref {
	struct net *net;
	u32 portid;
	u64 generation;
};

int smb3k_daemon_get(struct smb3k_daemon_ref *ref);
void smb3k_daemon_put(struct smb3k_daemon_ref *ref);
bool smb3k_daemon_is_sender(struct genl_info *info);
int smb3k_daemon_fill_status(struct sk_buff *skb);

#endif /* _SMB3K_NETLINK_H */
