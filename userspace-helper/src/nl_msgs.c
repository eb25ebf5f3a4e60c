// SPDX-License-Identifier: GPL-2.0
#include "nl_msgs.h"

#include <errno.h>
#include <limits.h>
#include <string.h>

#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#define U8	{ .type = NLA_U8 }
#define U16	{ .type = NLA_U16 }
#define U32	{ .type = NLA_U32 }
#define U64	{ .type = NLA_U64 }
#define NEST	{ .type = NLA_NESTED }

/* user, domain and pipe names: 256 UTF-16 units as UTF-8, and the NUL */
#define SMB3K_STR_MAX	(256 * 3 + 1)

const struct nla_policy smb3k_attr_policy[SMB3K_A_MAX + 1] = {
	[SMB3K_A_ABI_VERSION] = U32,
	[SMB3K_A_DAEMON_PID] = U32,
	[SMB3K_A_HANDLE] = U32,
	[SMB3K_A_HEARTBEAT_MS] = U32,
	[SMB3K_A_SERVER_GUID] = { .type = NLA_UNSPEC, .minlen = 16, .maxlen = 16 },
	[SMB3K_A_MIN_DIALECT] = U16,
	[SMB3K_A_MAX_DIALECT] = U16,
	[SMB3K_A_SIGNING] = U8,
	[SMB3K_A_ENCRYPT] = U8,
	[SMB3K_A_MAX_CONNECTIONS] = U32,
	[SMB3K_A_NETBIOS_NAME] = { .type = NLA_STRING, .maxlen = SMB3K_NETBIOS_NAME_MAX + 1 },
	[SMB3K_A_LISTEN] = NEST,
	[SMB3K_A_STATUS_CONNECTIONS] = U32,
	[SMB3K_A_STATUS_SESSIONS] = U32,
	[SMB3K_A_STATUS_DAEMON] = U8,
	[SMB3K_A_STATUS_UPTIME_MS] = U64,
	[SMB3K_A_STATUS_CMD_COUNT] = NEST,
	[SMB3K_A_STATUS_REJECTED] = U64,
	[SMB3K_A_NTSTATUS] = U32,
	[SMB3K_A_SESSION_ID] = U64,
	[SMB3K_A_DIALECT] = U16,
	[SMB3K_A_CLIENT_GUID] = { .type = NLA_UNSPEC, .minlen = 16, .maxlen = 16 },
	[SMB3K_A_PEER] = NEST,
	[SMB3K_A_SEC_BLOB] = { .type = NLA_UNSPEC, .maxlen = SMB3K_SEC_BLOB_MAX },
	[SMB3K_A_SESSION_FLAGS] = U32,
	[SMB3K_A_SESSION_KEY] = { .type = NLA_UNSPEC, .minlen = 16, .maxlen = 16 },
	/* strings: NUL-terminated (libnl checks), UTF-8 lengths in bytes */
	[SMB3K_A_USER_NAME] = { .type = NLA_STRING, .maxlen = SMB3K_STR_MAX },
	[SMB3K_A_USER_DOMAIN] = { .type = NLA_STRING, .maxlen = SMB3K_STR_MAX },
	[SMB3K_A_UID] = U32,
	[SMB3K_A_GID] = U32,
	[SMB3K_A_SHARE_NAME] = { .type = NLA_STRING, .maxlen = SMB3K_SHARE_NAME_MAX * 4 + 1 },
	[SMB3K_A_SHARE_TYPE] = U8,
	[SMB3K_A_SHARE_PATH] = { .type = NLA_STRING, .maxlen = 4096 },
	[SMB3K_A_SHARE_OPTIONS] = U32,
	[SMB3K_A_MAXIMAL_ACCESS] = U32,
	[SMB3K_A_PIPE_NAME] = { .type = NLA_STRING, .maxlen = SMB3K_STR_MAX },
	[SMB3K_A_PIPE_ID] = U64,
	[SMB3K_A_DATA] = { .type = NLA_UNSPEC, .maxlen = SMB3K_RPC_DATA_MAX },
	[SMB3K_A_LENGTH] = U32,
	[SMB3K_A_GROUPS] = { .type = NLA_UNSPEC, .maxlen = 4 * SMB3K_GROUPS_MAX },
	/* its attributes: open_msg.c */
	[SMB3K_A_OPEN] = NEST,
	[SMB3K_A_OPEN_ID] = U64,
};

const struct nla_policy smb3k_listen_policy[SMB3K_LISTEN_A_MAX + 1] = {
	[SMB3K_LISTEN_A_FAMILY] = U16,
	[SMB3K_LISTEN_A_ADDR] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[SMB3K_LISTEN_A_PORT] = U16,
};

const struct nla_policy smb3k_cmd_count_policy[SMB3K_CMD_COUNT_A_MAX + 1] = {
	[SMB3K_CMD_COUNT_A_COMMAND] = U16,
	[SMB3K_CMD_COUNT_A_COUNT] = U64,
};

struct nl_msg *smb3k_msg_new(uint16_t family, uint8_t cmd, uint8_t version)
{
	return smb3k_msg_new_size(family, cmd, version, 0);
}

struct nl_msg *smb3k_msg_new_size(uint16_t family, uint8_t cmd, uint8_t version, size_t size)
{
	struct nl_msg *msg = size ? nlmsg_alloc_size(size) : nlmsg_alloc();

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd, version)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

int smb3k_msg_register(struct nl_msg *msg, uint32_t abi_version, uint32_t pid,
		       uint32_t heartbeat_ms)
{
	if (nla_put_u32(msg, SMB3K_A_ABI_VERSION, abi_version) ||
	    nla_put_u32(msg, SMB3K_A_DAEMON_PID, pid) ||
	    nla_put_u32(msg, SMB3K_A_HEARTBEAT_MS, heartbeat_ms))
		return -EMSGSIZE;
	return 0;
}

static int put_listener(struct nl_msg *msg, const struct smb3k_listener *l)
{
	/* NLA_F_NESTED: the kernel's strict validation requires it */
	struct nlattr *nest = nla_nest_start(msg, SMB3K_A_LISTEN | NLA_F_NESTED);

	if (!nest ||
	    nla_put_u16(msg, SMB3K_LISTEN_A_FAMILY, (uint16_t)l->family) ||
	    nla_put(msg, SMB3K_LISTEN_A_ADDR, l->family == AF_INET ? 4 : 16, l->addr) ||
	    nla_put_u16(msg, SMB3K_LISTEN_A_PORT, l->port))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

int smb3k_msg_configure(struct nl_msg *msg, const struct configure_params *p)
{
	size_t i;

	if (p->n_listeners > SMB3K_MAX_LISTENERS || !p->netbios_name ||
	    strlen(p->netbios_name) > SMB3K_NETBIOS_NAME_MAX)
		return -EINVAL;
	if (nla_put(msg, SMB3K_A_SERVER_GUID, sizeof(p->server_guid), p->server_guid) ||
	    nla_put_u16(msg, SMB3K_A_MIN_DIALECT, p->min_dialect) ||
	    nla_put_u16(msg, SMB3K_A_MAX_DIALECT, p->max_dialect) ||
	    nla_put_u8(msg, SMB3K_A_SIGNING, p->signing) ||
	    nla_put_u8(msg, SMB3K_A_ENCRYPT, p->encrypt) ||
	    nla_put_u32(msg, SMB3K_A_MAX_CONNECTIONS, p->max_connections) ||
	    nla_put_string(msg, SMB3K_A_NETBIOS_NAME, p->netbios_name))
		return -EMSGSIZE;
	for (i = 0; i < p->n_listeners; i++) {
		const struct smb3k_listener *l = &p->listeners[i];

		if (l->family != AF_INET && l->family != AF_INET6)
			return -EINVAL;
		if (put_listener(msg, l))
			return -EMSGSIZE;
	}
	return 0;
}

int smb3k_msg_heartbeat(struct nl_msg *msg, uint32_t handle)
{
	return nla_put_u32(msg, SMB3K_A_HANDLE, handle) ? -EMSGSIZE : 0;
}

int smb3k_parse_error(const struct nlmsghdr *nlh, int *error, char *msg, size_t len)
{
	const struct nlmsgerr *err = nlmsg_data(nlh);
	size_t payload, tlv_off;
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];

	if (len)
		msg[0] = '\0';
	if (nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_len < NLMSG_HDRLEN + sizeof(*err) ||
	    err->error == INT_MIN)
		return -EBADMSG;
	*error = err->error < 0 ? -err->error : err->error;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return 0;
	/* The request is echoed after nlmsgerr unless NETLINK_CAP_ACK is on. */
	payload = sizeof(*err);
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (err->msg.nlmsg_len < NLMSG_HDRLEN)
			return -EBADMSG;
		payload += err->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	tlv_off = NLMSG_HDRLEN + NLMSG_ALIGN(payload);
	if (tlv_off > nlh->nlmsg_len)
		return -EBADMSG;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX, (struct nlattr *)((char *)nlh + tlv_off),
		      (int)(nlh->nlmsg_len - tlv_off), NULL) < 0)
		return -EBADMSG;
	if (tb[NLMSGERR_ATTR_MSG] && len) {
		size_t n = (size_t)nla_len(tb[NLMSGERR_ATTR_MSG]);
		const char *s = nla_data(tb[NLMSGERR_ATTR_MSG]);

		n = strnlen(s, n);
		if (n >= len)
			n = len - 1;
		memcpy(msg, s, n);
		msg[n] = '\0';
	}
	return 0;
}

int smb3k_parse_upcall(const struct nlmsghdr *nlh, uint8_t *cmd, bool *has_handle,
		       uint32_t *handle)
{
	struct nlattr *tb[SMB3K_A_MAX + 1];
	const struct genlmsghdr *gnlh;

	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, SMB3K_A_MAX,
			  (struct nla_policy *)smb3k_attr_policy) < 0)
		return -EBADMSG;
	gnlh = nlmsg_data(nlh);
	*cmd = gnlh->cmd;
	*has_handle = tb[SMB3K_A_HANDLE] != NULL;
	*handle = *has_handle ? nla_get_u32(tb[SMB3K_A_HANDLE]) : 0;
	return 0;
}

static struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_ID] = { .type = NLA_U16 },
	[CTRL_ATTR_FAMILY_NAME] = { .type = NLA_STRING, .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_VERSION] = { .type = NLA_U32 },
	[CTRL_ATTR_MCAST_GROUPS] = { .type = NLA_NESTED },
};

static struct nla_policy ctrl_group_policy[CTRL_ATTR_MCAST_GRP_MAX + 1] = {
	[CTRL_ATTR_MCAST_GRP_NAME] = { .type = NLA_STRING, .maxlen = GENL_NAMSIZ },
	[CTRL_ATTR_MCAST_GRP_ID] = { .type = NLA_U32 },
};

int smb3k_parse_ctrl_family(const struct nlmsghdr *nlh, const char *group,
			    uint8_t *cmd, struct ctrl_family *fam)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1], *grp;
	int rem;

	memset(fam, 0, sizeof(*fam));
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, CTRL_ATTR_MAX, ctrl_policy) < 0)
		return -EBADMSG;
	*cmd = ((const struct genlmsghdr *)nlmsg_data(nlh))->cmd;
	if (!tb[CTRL_ATTR_FAMILY_ID] || !tb[CTRL_ATTR_FAMILY_NAME])
		return -EBADMSG;
	fam->id = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	nla_strlcpy(fam->name, tb[CTRL_ATTR_FAMILY_NAME], sizeof(fam->name));
	if (tb[CTRL_ATTR_VERSION])
		fam->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	if (!group || !tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	nla_for_each_nested(grp, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
		struct nlattr *gb[CTRL_ATTR_MCAST_GRP_MAX + 1];

		if (nla_parse_nested(gb, CTRL_ATTR_MCAST_GRP_MAX, grp, ctrl_group_policy) < 0)
			return -EBADMSG;
		if (gb[CTRL_ATTR_MCAST_GRP_NAME] && gb[CTRL_ATTR_MCAST_GRP_ID] &&
		    !nla_strcmp(gb[CTRL_ATTR_MCAST_GRP_NAME], group))
			fam->group_id = nla_get_u32(gb[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return 0;
}
