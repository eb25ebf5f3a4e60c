// SPDX-License-Identifier: GPL-2.0
/*
 * The SMB3K generic netlink family and the registered daemon.
 *
 * One smb3kd is registered at a time. It leaves by UNREGISTER, by closing
 * its socket (NETLINK_URELEASE) or by missing SMB3K_HEARTBEAT_MISSES
 * heartbeats in a row, a heartbeat counting as answered when any upcall
 * reply came while it waited; then a new daemon may register without
 * reloading the module. Connections already set up keep working meanwhile.
 */
#include <linux/module.h>
#include <linux/mutex.h>
#include <linux/netlink.h>
#include <linux/notifier.h>
#include <linux/workqueue.h>
#include <net/genetlink.h>
#include <net/net_namespace.h>
#include <linux/smb3k.h>

#include "netlink.h"
#include "persistent.h"
#include "server.h"
#include "session.h"
#include "upcall.h"

struct smb3k_daemon {
	struct mutex lock;		/* protects every field below */
	bool registered;
	u32 portid;
	u32 pid;
	struct net *net;
	u64 generation;
	u32 heartbeat_ms;
	unsigned int missed;
	unsigned long last_reply;	/* jiffies of its last upcall reply */
	struct delayed_work heartbeat;
};

static struct smb3k_daemon daemon = {
	.lock = __MUTEX_INITIALIZER(daemon.lock),
};

/* Called with daemon.lock held. */
static void smb3k_daemon_drop_locked(const char *why)
{
	if (!daemon.registered)
		return;
	pr_info("smb3kd pid %u unregistered: %s\n", daemon.pid, why);
	daemon.registered = false;
	daemon.generation++;
	put_net(daemon.net);
	daemon.net = NULL;
	daemon.portid = 0;
	daemon.pid = 0;
	smb3k_upcall_cancel_all();
}

/**
 * smb3k_daemon_get() - take a reference to the registered daemon's address
 * @ref: filled with the daemon's namespace (referenced), port and generation
 *
 * Return: 0, or -ENOTCONN when no daemon is registered.
 */
int smb3k_daemon_get(struct smb3k_daemon_ref *ref)
{
	int ret = -ENOTCONN;

	mutex_lock(&daemon.lock);
	if (daemon.registered) {
		ref->net = get_net(daemon.net);
		ref->portid = daemon.portid;
		ref->generation = daemon.generation;
		ret = 0;
	}
	mutex_unlock(&daemon.lock);
	return ret;
}

/**
 * smb3k_daemon_put() - release a reference from smb3k_daemon_get()
 * @ref: the reference
 */
void smb3k_daemon_put(struct smb3k_daemon_ref *ref)
{
	put_net(ref->net);
	ref->net = NULL;
}

/**
 * smb3k_daemon_is_sender() - does this request come from the registered daemon?
 * @info: the generic netlink request
 *
 * Return: true when the sender's port and namespace are the daemon's.
 */
bool smb3k_daemon_is_sender(struct genl_info *info)
{
	bool ret;

	mutex_lock(&daemon.lock);
	ret = daemon.registered && daemon.portid == info->snd_portid &&
	      net_eq(daemon.net, genl_info_net(info));
	mutex_unlock(&daemon.lock);
	return ret;
}

static void smb3k_heartbeat_work(struct work_struct *work)
{
	struct sk_buff *reply = NULL;
	unsigned long sent;
	u64 generation;
	u32 interval;
	int ret;

	mutex_lock(&daemon.lock);
	if (!daemon.registered) {
		mutex_unlock(&daemon.lock);
		return;
	}
	generation = daemon.generation;
	interval = daemon.heartbeat_ms;
	mutex_unlock(&daemon.lock);

	sent = jiffies;
	ret = smb3k_upcall(SMB3K_CMD_HEARTBEAT, NULL, NULL, 0, interval, &reply);
	kfree_skb(reply);

	mutex_lock(&daemon.lock);
	if (!daemon.registered || daemon.generation != generation) {
		mutex_unlock(&daemon.lock);
		return;
	}
	/*
	 * A daemon busy with a burst of logins answers the heartbeat late, but
	 * any reply it sent meanwhile shows it is alive, not hung.
	 */
	if (ret && time_after_eq(READ_ONCE(daemon.last_reply), sent))
		ret = 0;
	if (!ret) {
		daemon.missed = 0;
	} else if (++daemon.missed >= SMB3K_HEARTBEAT_MISSES) {
		smb3k_daemon_drop_locked("missed heartbeats");
		mutex_unlock(&daemon.lock);
		return;
	}
	/* An answered heartbeat came early: keep the period at @interval. */
	mod_delayed_work(system_wq, &daemon.heartbeat,
			 ret ? 0 : msecs_to_jiffies(interval));
	mutex_unlock(&daemon.lock);
}

static int smb3k_nl_register(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	u32 abi, hb_ms = SMB3K_HEARTBEAT_DEFAULT_MS;
	void *hdr;
	int ret;

	if (!info->attrs[SMB3K_A_ABI_VERSION]) {
		NL_SET_ERR_MSG_MOD(info->extack, "REGISTER needs SMB3K_A_ABI_VERSION");
		return -EINVAL;
	}
	abi = nla_get_u32(info->attrs[SMB3K_A_ABI_VERSION]);
	if (abi != SMB3K_ABI_VERSION) {
		pr_warn("refused smb3kd (port %u): ABI version %u, module has %u\n",
			info->snd_portid, abi, SMB3K_ABI_VERSION);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "ABI version mismatch: smb3k.ko speaks ABI version "
				   __stringify(SMB3K_ABI_VERSION));
		return -EPROTO;
	}
	if (info->attrs[SMB3K_A_HEARTBEAT_MS])
		hb_ms = nla_get_u32(info->attrs[SMB3K_A_HEARTBEAT_MS]);

	msg = genlmsg_new(NLMSG_DEFAULT_SIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &smb3k_genl_family, 0,
				SMB3K_CMD_REGISTER);
	if (!hdr) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}

	mutex_lock(&daemon.lock);
	if (daemon.registered) {
		pr_info("refused a second smb3kd: pid %u is registered\n",
			daemon.pid);
		NL_SET_ERR_MSG_MOD(info->extack,
				   "another smb3kd is registered (see smb3kctl status)");
		ret = -EBUSY;
		goto unlock;
	}
	daemon.registered = true;
	daemon.portid = info->snd_portid;
	daemon.net = get_net(genl_info_net(info));
	daemon.pid = info->attrs[SMB3K_A_DAEMON_PID] ?
		     nla_get_u32(info->attrs[SMB3K_A_DAEMON_PID]) : 0;
	daemon.generation++;
	daemon.heartbeat_ms = hb_ms;
	daemon.missed = 0;
	mod_delayed_work(system_wq, &daemon.heartbeat, msecs_to_jiffies(hb_ms));
	pr_info("smb3kd pid %u registered (port %u, heartbeat %u ms)\n",
		daemon.pid, daemon.portid, hb_ms);

	if (nla_put_u32(msg, SMB3K_A_ABI_VERSION, SMB3K_ABI_VERSION) ||
	    nla_put_u32(msg, SMB3K_A_DAEMON_PID, daemon.pid)) {
		smb3k_daemon_drop_locked("reply too large");
		ret = -EMSGSIZE;
		goto unlock;
	}
	mutex_unlock(&daemon.lock);
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);

unlock:
	mutex_unlock(&daemon.lock);
	nlmsg_free(msg);
	return ret;
}

static int smb3k_nl_unregister(struct sk_buff *skb, struct genl_info *info)
{
	int ret = -ENOTCONN;

	mutex_lock(&daemon.lock);
	if (daemon.registered && daemon.portid == info->snd_portid &&
	    net_eq(daemon.net, genl_info_net(info))) {
		smb3k_daemon_drop_locked("daemon left");
		ret = 0;
	} else {
		NL_SET_ERR_MSG_MOD(info->extack, "sender is not the registered smb3kd");
	}
	mutex_unlock(&daemon.lock);
	return ret;
}

static int smb3k_nl_upcall_reply(struct sk_buff *skb, struct genl_info *info)
{
	if (!smb3k_daemon_is_sender(info)) {
		NL_SET_ERR_MSG_MOD(info->extack, "sender is not the registered smb3kd");
		return -EACCES;
	}
	WRITE_ONCE(daemon.last_reply, jiffies);
	return smb3k_upcall_reply(skb, info);
}

static const struct nla_policy smb3k_listen_policy[SMB3K_LISTEN_A_MAX + 1] = {
	[SMB3K_LISTEN_A_FAMILY] = { .type = NLA_U16 },
	[SMB3K_LISTEN_A_ADDR] = { .type = NLA_BINARY, .len = 16 },
	[SMB3K_LISTEN_A_PORT] = NLA_POLICY_MIN(NLA_U16, 1),
};

/* OPEN_RESTORE: the registered daemon hands a stored persistent open back. */
static int smb3k_nl_open_restore(struct sk_buff *skb, struct genl_info *info)
{
	if (!smb3k_daemon_is_sender(info)) {
		GENL_SET_ERR_MSG(info, "only the registered daemon restores opens");
		return -EPERM;
	}
	return smb3k_persistent_restore(skb, info);
}

static int smb3k_parse_listen(const struct nlattr *nest,
			      struct smb3k_listen_addr *la,
			      struct netlink_ext_ack *extack)
{
	struct nlattr *tb[SMB3K_LISTEN_A_MAX + 1];
	int ret, alen;

	ret = nla_parse_nested(tb, SMB3K_LISTEN_A_MAX, nest,
			       smb3k_listen_policy, extack);
	if (ret)
		return ret;
	if (!tb[SMB3K_LISTEN_A_FAMILY] || !tb[SMB3K_LISTEN_A_ADDR] ||
	    !tb[SMB3K_LISTEN_A_PORT]) {
		NL_SET_ERR_MSG_MOD(extack, "LISTEN needs FAMILY, ADDR and PORT");
		return -EINVAL;
	}
	memset(la, 0, sizeof(*la));
	la->family = nla_get_u16(tb[SMB3K_LISTEN_A_FAMILY]);
	la->port = nla_get_u16(tb[SMB3K_LISTEN_A_PORT]);
	alen = nla_len(tb[SMB3K_LISTEN_A_ADDR]);
	if (la->family == AF_INET && alen == sizeof(la->v4)) {
		nla_memcpy(&la->v4, tb[SMB3K_LISTEN_A_ADDR], alen);
	} else if (la->family == AF_INET6 && alen == sizeof(la->v6)) {
		nla_memcpy(&la->v6, tb[SMB3K_LISTEN_A_ADDR], alen);
	} else {
		NL_SET_ERR_MSG_MOD(extack, "LISTEN family and address length disagree");
		return -EINVAL;
	}
	return 0;
}

static bool smb3k_dialect_valid(u16 d)
{
	return d == SMB3K_DIALECT_202 || d == SMB3K_DIALECT_210 ||
	       d == SMB3K_DIALECT_300 || d == SMB3K_DIALECT_302 ||
	       d == SMB3K_DIALECT_311;
}

static int smb3k_nl_configure(struct sk_buff *skb, struct genl_info *info)
{
	struct smb3k_listen_addr *addrs;
	struct nlattr **a = info->attrs;
	struct smb3k_config cfg = {
		.min_dialect = SMB3K_DIALECT_202,
		.max_dialect = SMB3K_DIALECT_311,
		.signing = SMB3K_SIGNING_AUTO,
		.encrypt = SMB3K_ENCRYPT_OFF,
	};
	unsigned int n = 0;
	struct nlattr *nla;
	int rem, ret;

	if (!smb3k_daemon_is_sender(info)) {
		NL_SET_ERR_MSG_MOD(info->extack, "only the registered smb3kd may configure");
		return -EACCES;
	}
	if (!a[SMB3K_A_SERVER_GUID]) {
		NL_SET_ERR_MSG_MOD(info->extack, "CONFIGURE needs SMB3K_A_SERVER_GUID");
		return -EINVAL;
	}
	nla_memcpy(cfg.server_guid, a[SMB3K_A_SERVER_GUID], SMB3K_GUID_SIZE);
	if (a[SMB3K_A_MIN_DIALECT])
		cfg.min_dialect = nla_get_u16(a[SMB3K_A_MIN_DIALECT]);
	if (a[SMB3K_A_MAX_DIALECT])
		cfg.max_dialect = nla_get_u16(a[SMB3K_A_MAX_DIALECT]);
	if (!smb3k_dialect_valid(cfg.min_dialect) ||
	    !smb3k_dialect_valid(cfg.max_dialect) ||
	    cfg.min_dialect > cfg.max_dialect) {
		NL_SET_ERR_MSG_MOD(info->extack, "bad dialect range");
		return -EINVAL;
	}
	if (a[SMB3K_A_SIGNING])
		cfg.signing = nla_get_u8(a[SMB3K_A_SIGNING]);
	if (a[SMB3K_A_ENCRYPT])
		cfg.encrypt = nla_get_u8(a[SMB3K_A_ENCRYPT]);
	if (a[SMB3K_A_MAX_CONNECTIONS])
		cfg.max_connections = nla_get_u32(a[SMB3K_A_MAX_CONNECTIONS]);
	if (a[SMB3K_A_NETBIOS_NAME])
		nla_strscpy(cfg.netbios_name, a[SMB3K_A_NETBIOS_NAME],
			    sizeof(cfg.netbios_name));

	addrs = kcalloc(SMB3K_MAX_LISTENERS, sizeof(*addrs), GFP_KERNEL);
	if (!addrs)
		return -ENOMEM;
	nlmsg_for_each_attr(nla, info->nlhdr, GENL_HDRLEN, rem) {
		if (nla_type(nla) != SMB3K_A_LISTEN)
			continue;
		if (n == SMB3K_MAX_LISTENERS) {
			NL_SET_ERR_MSG_MOD(info->extack, "too many LISTEN entries");
			ret = -E2BIG;
			goto out;
		}
		ret = smb3k_parse_listen(nla, &addrs[n], info->extack);
		if (ret)
			goto out;
		n++;
	}
	ret = smb3k_server_configure(&cfg, addrs, n, info->extack);
out:
	kfree(addrs);
	return ret;
}

static int smb3k_nl_shutdown(struct sk_buff *skb, struct genl_info *info)
{
	if (!smb3k_daemon_is_sender(info)) {
		NL_SET_ERR_MSG_MOD(info->extack, "only the registered smb3kd may shut down");
		return -EACCES;
	}
	smb3k_server_shutdown();
	return 0;
}

/**
 * smb3k_daemon_fill_status() - add the daemon's state to a status reply
 * @skb: the reply
 *
 * Return: 0 or -EMSGSIZE.
 */
int smb3k_daemon_fill_status(struct sk_buff *skb)
{
	int ret = 0;

	mutex_lock(&daemon.lock);
	if (nla_put_u8(skb, SMB3K_A_STATUS_DAEMON, daemon.registered) ||
	    (daemon.registered &&
	     (nla_put_u32(skb, SMB3K_A_DAEMON_PID, daemon.pid) ||
	      nla_put_u32(skb, SMB3K_A_HEARTBEAT_MS, daemon.heartbeat_ms))))
		ret = -EMSGSIZE;
	mutex_unlock(&daemon.lock);
	return ret;
}

static int smb3k_nl_get_status(struct sk_buff *skb, struct genl_info *info)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	hdr = genlmsg_put_reply(msg, info, &smb3k_genl_family, 0,
				SMB3K_CMD_GET_STATUS);
	if (!hdr) {
		ret = -EMSGSIZE;
		goto err;
	}
	ret = -EMSGSIZE;
	if (nla_put_u32(msg, SMB3K_A_ABI_VERSION, SMB3K_ABI_VERSION))
		goto err;
	ret = smb3k_daemon_fill_status(msg);
	if (ret)
		goto err;
	ret = smb3k_server_fill_status(msg);
	if (ret)
		goto err;
	genlmsg_end(msg, hdr);
	return genlmsg_reply(msg, info);
err:
	nlmsg_free(msg);
	return ret;
}

static struct netlink_range_validation smb3k_heartbeat_range __ro_after_init = {
	.min = SMB3K_HEARTBEAT_MIN_MS,
	.max = SMB3K_HEARTBEAT_MAX_MS,
};

static const struct nla_policy smb3k_policy[SMB3K_A_MAX + 1] = {
	[SMB3K_A_ABI_VERSION] = { .type = NLA_U32 },
	[SMB3K_A_DAEMON_PID] = { .type = NLA_U32 },
	[SMB3K_A_HANDLE] = { .type = NLA_U32 },
	[SMB3K_A_HEARTBEAT_MS] = NLA_POLICY_FULL_RANGE(NLA_U32, &smb3k_heartbeat_range),
	[SMB3K_A_SERVER_GUID] = NLA_POLICY_EXACT_LEN(SMB3K_GUID_SIZE),
	[SMB3K_A_MIN_DIALECT] = { .type = NLA_U16 },
	[SMB3K_A_MAX_DIALECT] = { .type = NLA_U16 },
	[SMB3K_A_SIGNING] = NLA_POLICY_MAX(NLA_U8, SMB3K_SIGNING_MANDATORY),
	[SMB3K_A_ENCRYPT] = NLA_POLICY_MAX(NLA_U8, SMB3K_ENCRYPT_REQUIRED),
	[SMB3K_A_MAX_CONNECTIONS] = { .type = NLA_U32 },
	[SMB3K_A_NETBIOS_NAME] = { .type = NLA_NUL_STRING,
				   .len = SMB3K_NETBIOS_NAME_MAX },
	[SMB3K_A_LISTEN] = NLA_POLICY_NESTED(smb3k_listen_policy),
	[SMB3K_A_NTSTATUS] = { .type = NLA_U32 },
	[SMB3K_A_SESSION_ID] = { .type = NLA_U64 },
	[SMB3K_A_DIALECT] = { .type = NLA_U16 },
	[SMB3K_A_CLIENT_GUID] = NLA_POLICY_EXACT_LEN(SMB3K_GUID_SIZE),
	[SMB3K_A_PEER] = NLA_POLICY_NESTED(smb3k_listen_policy),
	[SMB3K_A_SEC_BLOB] = { .type = NLA_BINARY, .len = SMB3K_SEC_BLOB_MAX },
	[SMB3K_A_SESSION_FLAGS] = { .type = NLA_U32 },
	[SMB3K_A_SESSION_KEY] = NLA_POLICY_EXACT_LEN(16),
	[SMB3K_A_USER_NAME] = { .type = NLA_NUL_STRING, .len = SMB3K_USER_NAME_MAX },
	[SMB3K_A_USER_DOMAIN] = { .type = NLA_NUL_STRING, .len = 256 },
	[SMB3K_A_UID] = { .type = NLA_U32 },
	[SMB3K_A_GID] = { .type = NLA_U32 },
	[SMB3K_A_SHARE_NAME] = { .type = NLA_NUL_STRING,
				 .len = 4 * SMB3K_SHARE_NAME_MAX },
	[SMB3K_A_SHARE_TYPE] = NLA_POLICY_RANGE(NLA_U8, SMB3K_SHARE_DISK,
						SMB3K_SHARE_PIPE),
	[SMB3K_A_SHARE_PATH] = { .type = NLA_NUL_STRING, .len = PATH_MAX - 1 },
	[SMB3K_A_SHARE_OPTIONS] = { .type = NLA_U32 },
	[SMB3K_A_MAXIMAL_ACCESS] = { .type = NLA_U32 },
	[SMB3K_A_PIPE_NAME] = { .type = NLA_NUL_STRING, .len = 256 },
	[SMB3K_A_PIPE_ID] = { .type = NLA_U64 },
	[SMB3K_A_DATA] = { .type = NLA_BINARY, .len = SMB3K_RPC_DATA_MAX },
	[SMB3K_A_LENGTH] = { .type = NLA_U32 },
	[SMB3K_A_GROUPS] = { .type = NLA_BINARY, .len = 4 * SMB3K_GROUPS_MAX },
	[SMB3K_A_OPEN] = NLA_POLICY_NESTED(smb3k_open_policy),
	[SMB3K_A_OPEN_ID] = { .type = NLA_U64 },
};

static const struct genl_small_ops smb3k_genl_ops[] = {
	{
		.cmd = SMB3K_CMD_REGISTER,
		.flags = GENL_ADMIN_PERM,
		.doit = smb3k_nl_register,
	},
	{
		.cmd = SMB3K_CMD_UNREGISTER,
		.flags = GENL_ADMIN_PERM,
		.doit = smb3k_nl_unregister,
	},
	{
		.cmd = SMB3K_CMD_HEARTBEAT,
		.flags = GENL_ADMIN_PERM,
		.doit = smb3k_nl_upcall_reply,
	},
	{
		.cmd = SMB3K_CMD_CONFIGURE,
		.flags = GENL_ADMIN_PERM,
		.doit = smb3k_nl_configure,
	},
	{
		.cmd = SMB3K_CMD_SHUTDOWN,
		.flags = GENL_ADMIN_PERM,
		.doit = smb3k_nl_shutdown,
	},
	{
		.cmd = SMB3K_CMD_GET_STATUS,
		.flags = GENL_ADMIN_PERM,
		.doit = smb3k_nl_get_status,
	},
	/* The daemon's answers to upcalls. */
	{ .cmd = SMB3K_CMD_SESSION_SETUP, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_SESSION_END, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_TREE_CONNECT, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_RPC_OPEN, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_RPC_WRITE, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_RPC_READ, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_RPC_TRANSACT, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_RPC_CLOSE, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_OPEN_SAVE, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{ .cmd = SMB3K_CMD_OPEN_REMOVE, .flags = GENL_ADMIN_PERM,
	  .doit = smb3k_nl_upcall_reply, },
	{
		.cmd = SMB3K_CMD_OPEN_RESTORE,
		.flags = GENL_ADMIN_PERM,
		.doit = smb3k_nl_open_restore,
	},
};

struct genl_family smb3k_genl_family __ro_after_init = {
	.name = SMB3K_GENL_NAME,
	.version = SMB3K_ABI_VERSION,
	.maxattr = SMB3K_A_MAX,
	.policy = smb3k_policy,
	.netnsok = true,
	/* An upcall reply must get through while another request waits. */
	.parallel_ops = true,
	.module = THIS_MODULE,
	.small_ops = smb3k_genl_ops,
	.n_small_ops = ARRAY_SIZE(smb3k_genl_ops),
	.resv_start_op = SMB3K_CMD_RPC_CLOSE + 1,
};

static int smb3k_netlink_notify(struct notifier_block *nb, unsigned long event,
				void *ptr)
{
	struct netlink_notify *n = ptr;

	if (event != NETLINK_URELEASE || n->protocol != NETLINK_GENERIC)
		return NOTIFY_DONE;
	mutex_lock(&daemon.lock);
	if (daemon.registered && daemon.portid == n->portid &&
	    net_eq(daemon.net, n->net))
		smb3k_daemon_drop_locked("socket closed");
	mutex_unlock(&daemon.lock);
	return NOTIFY_DONE;
}

static struct notifier_block smb3k_netlink_notifier = {
	.notifier_call = smb3k_netlink_notify,
};

/**
 * smb3k_netlink_init() - register the SMB3K family
 *
 * Return: 0 or a negative errno.
 */
int smb3k_netlink_init(void)
{
	int ret;

	INIT_DELAYED_WORK(&daemon.heartbeat, smb3k_heartbeat_work);
	ret = netlink_register_notifier(&smb3k_netlink_notifier);
	if (ret)
		return ret;
	ret = genl_register_family(&smb3k_genl_family);
	if (ret)
		netlink_unregister_notifier(&smb3k_netlink_notifier);
	return ret;
}

/**
 * smb3k_netlink_exit() - unregister the family and forget the daemon
 */
void smb3k_netlink_exit(void)
{
	genl_unregister_family(&smb3k_genl_family);
	netlink_unregister_notifier(&smb3k_netlink_notifier);
	mutex_lock(&daemon.lock);
	smb3k_daemon_drop_locked("module unloading");
	mutex_unlock(&daemon.lock);
	cancel_delayed_work_sync(&daemon.heartbeat);
}
