/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_SERVER_H
#define _SMB3K_SERVER_H

#include <linux/types.h>
#include <linux/in.h>
#include <linux/in6.h>
#include <linux/rcupdate.h>
#include <linux/smb3k.h>

struct netlink_ext_ack;
struct sk_buff;

#define SMB3K_GUID_SIZE		16

/**
 * struct smb3k_config - server settings pushed by smb3kd (SMB3K_CMD_CONFIGURE)
 * @rcu: readers take a snapshot under RCU; a new CONFIGURE replaces it
 * @server_guid: ServerGuid of NEGOTIATE responses (MS-SMB2 2.2.4)
 * @min_dialect: lowest dialect offered, SMB3K_DIALECT_*
 * @max_dialect: highest dialect offered
 * @signing: enum smb3k_signing
 * @encrypt: enum smb3k_encrypt
 * @max_connections: accepted connections at once, 0 for no limit
 * @netbios_name: NUL-terminated server name
 */
struct smb3k_config {
	struct rcu_head rcu;
	u8 server_guid[SMB3K_GUID_SIZE];
	u16 min_dialect;
	u16 max_dialect;
	u8 signing;
	u8 encrypt;
	u32 max_connections;
	char netbios_name[SMB3K_NETBIOS_NAME_MAX + 1];
};

/**
 * struct smb3k_listen_addr - one address and port to listen on
 * @family: AF_INET or AF_INET6
 * @port: TCP port, host order
 * @v4: address when @family is AF_INET
 * @v6: address when @family is AF_INET6
 */
struct smb3k_listen_addr {
	u16 family;
	u16 port;
	union {
		struct in_addr v4;
		struct in6_addr v6;
	};
};

int smb3k_server_init(void);
void smb3k_server_exit(void);
void smb3k_config_snapshot(struct smb3k_config *out);

/**
 * smb3k_signing_required_from() - the lowest dialect whose sessions must sign
 * @signing: "server signing" (enum smb3k_signing)
 *
 * mandatory: every dialect; auto: SMB 3.0 on (2.x clients may still go
 * unsigned); disabled: none, unless the client requires it.
 *
 * Return: an SMB3K_DIALECT_*, or 0 for none.
 */
static inline u16 smb3k_signing_required_from(u8 signing)
{
	if (signing == SMB3K_SIGNING_MANDATORY)
		return SMB3K_DIALECT_202;
	return signing == SMB3K_SIGNING_AUTO ? SMB3K_DIALECT_300 : 0;
}
int smb3k_server_configure(const struct smb3k_config *cfg,
			   const struct smb3k_listen_addr *addrs,
			   unsigned int naddrs, struct netlink_ext_ack *extack);
void smb3k_server_shutdown(void);
int smb3k_server_fill_status(struct sk_buff *skb);

/* Counters shown by "smb3kctl status". */
#define SMB3K_STAT_SMB2_COMMANDS	19
void smb3k_stat_command(u16 command);
void smb3k_stat_smb1(void);
void smb3k_stat_rejected(void);

#endif /* _SMB3K_SERVER_H */
