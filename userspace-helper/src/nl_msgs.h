/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Building and parsing SMB3K generic netlink messages, without a socket
 * (so the tests can check them): requests the daemon sends, the kernel's
 * upcalls, replies of the genl controller, and NLMSG_ERROR with extack.
 */
#ifndef SMB3K_NL_MSGS_H
#define SMB3K_NL_MSGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>
#include <linux/genetlink.h>

#include <linux/smb3k.h>

#include "listeners.h"

/* What the kernel may send us, validated on receipt. */
extern const struct nla_policy smb3k_attr_policy[SMB3K_A_MAX + 1];
extern const struct nla_policy smb3k_listen_policy[SMB3K_LISTEN_A_MAX + 1];
extern const struct nla_policy smb3k_cmd_count_policy[SMB3K_CMD_COUNT_A_MAX + 1];

struct configure_params {
	unsigned char server_guid[16];
	uint16_t min_dialect, max_dialect;
	uint8_t signing, encrypt;
	uint32_t max_connections;
	const char *netbios_name;
	const struct smb3k_listener *listeners;
	size_t n_listeners;
};

/* A request with a genl header for family/cmd; NULL on allocation failure. */
struct nl_msg *smb3k_msg_new(uint16_t family, uint8_t cmd, uint8_t version);
/* ... with room for size bytes (0: libnl's default, a page). */
struct nl_msg *smb3k_msg_new_size(uint16_t family, uint8_t cmd, uint8_t version, size_t size);
/* Add the attributes of a command. 0 or -EMSGSIZE/-EINVAL. */
int smb3k_msg_register(struct nl_msg *msg, uint32_t abi_version, uint32_t pid,
		       uint32_t heartbeat_ms);
int smb3k_msg_configure(struct nl_msg *msg, const struct configure_params *p);
int smb3k_msg_heartbeat(struct nl_msg *msg, uint32_t handle);

/*
 * NLMSG_ERROR: *error is the positive errno (0 for an ACK), msg the
 * extended ACK text (NLMSGERR_ATTR_MSG) or "". 0, or -EBADMSG if the
 * message is malformed.
 */
int smb3k_parse_error(const struct nlmsghdr *nlh, int *error, char *msg, size_t len);

/* An SMB3K message's command and, if present, SMB3K_A_HANDLE. */
int smb3k_parse_upcall(const struct nlmsghdr *nlh, uint8_t *cmd, bool *has_handle,
		       uint32_t *handle);

struct ctrl_family {
	uint16_t id;
	uint32_t version;
	char name[GENL_NAMSIZ];
	uint32_t group_id;		/* of the group asked for, 0 if none */
};

/* CTRL_CMD_NEWFAMILY/DELFAMILY (replies and notifications). */
int smb3k_parse_ctrl_family(const struct nlmsghdr *nlh, const char *group,
			    uint8_t *cmd, struct ctrl_family *fam);

#endif
