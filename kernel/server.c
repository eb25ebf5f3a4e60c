// SPDX-License-Identifier: GPL-2.0
/*
 * Server-wide state: the settings smb3kd pushed, the listening sockets and
 * the counters that "smb3kctl status" shows.
 */
#include <linux/atomic.h>
#include <linux/jiffies.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <linux/smb3k.h>

#include "conn.h"
#include "server.h"
#include "session.h"
#include "transport_tcp.h"

struct smb3k_listener_entry {
	struct list_head node;
	struct smb3k_listener *listener;
};

static struct {
	struct mutex lock;		/* listeners and config updates */
	struct list_head listeners;
	struct smb3k_config __rcu *config;
	unsigned long start_jiffies;
	atomic64_t smb2_count[SMB3K_STAT_SMB2_COMMANDS];
	atomic64_t smb1_count;
	atomic64_t rejected;
} server = {
	.lock = __MUTEX_INITIALIZER(server.lock),
	.listeners = LIST_HEAD_INIT(server.listeners),
};

/* Until smb3kd configures us: everything off, no listeners. */
static const struct smb3k_config smb3k_default_config = {
	.min_dialect = SMB3K_DIALECT_202,
	.max_dialect = SMB3K_DIALECT_311,
	.signing = SMB3K_SIGNING_AUTO,
	.encrypt = SMB3K_ENCRYPT_OFF,
	.netbios_name = "SMB3K",
};

/**
 * smb3k_config_snapshot() - copy the current settings
 * @out: receives the settings
 */
void smb3k_config_snapshot(struct smb3k_config *out)
{
	const struct smb3k_config *cfg;

	rcu_read_lock();
	cfg = rcu_dereference(server.config);
	*out = cfg ? *cfg : smb3k_default_config;
	rcu_read_unlock();
}

static bool smb3k_addr_equal(const struct smb3k_listen_addr *a,
			     const struct smb3k_listen_addr *b)
{
	if (a->family != b->family || a->port != b->port)
		return false;
	if (a->family == AF_INET)
		return a->v4.s_addr == b->v4.s_addr;
	return ipv6_addr_equal(&a->v6, &b->v6);
}

static struct smb3k_listener_entry *
smb3k_find_listener(const struct smb3k_listen_addr *la)
{
	struct smb3k_listener_entry *e;

	list_for_each_entry(e, &server.listeners, node)
		if (smb3k_addr_equal(smb3k_tcp_listener_addr(e->listener), la))
			return e;
	return NULL;
}

static void smb3k_close_listener(struct smb3k_listener_entry *e)
{
	list_del(&e->node);
	smb3k_tcp_listener_close(e->listener);
	kfree(e);
}

/**
 * smb3k_server_configure() - apply settings and the set of listening sockets
 * @cfg: new settings (copied)
 * @addrs: addresses to listen on
 * @naddrs: number of @addrs
 * @extack: error report for the daemon
 *
 * Listeners in both the old and the new set are kept, so existing
 * connections and the port stay up across a reload. If a new socket cannot
 * be opened, nothing changes.
 *
 * Return: 0 or a negative errno.
 */
int smb3k_server_configure(const struct smb3k_config *cfg,
			   const struct smb3k_listen_addr *addrs,
			   unsigned int naddrs, struct netlink_ext_ack *extack)
{
	struct smb3k_listener_entry *e, *tmp;
	struct smb3k_config *newcfg, *old;
	LIST_HEAD(fresh);
	unsigned int i, j;
	int ret = 0;

	newcfg = kmemdup(cfg, sizeof(*cfg), GFP_KERNEL);
	if (!newcfg)
		return -ENOMEM;

	mutex_lock(&server.lock);
	for (i = 0; i < naddrs; i++) {
		for (j = 0; j < i; j++)
			if (smb3k_addr_equal(&addrs[i], &addrs[j]))
				break;
		if (j < i || smb3k_find_listener(&addrs[i]))
			continue;
		e = kzalloc(sizeof(*e), GFP_KERNEL);
		if (!e) {
			ret = -ENOMEM;
			goto undo;
		}
		e->listener = smb3k_tcp_listen(&addrs[i]);
		if (IS_ERR(e->listener)) {
			ret = PTR_ERR(e->listener);
			kfree(e);
			NL_SET_ERR_MSG_MOD(extack, "cannot listen on a requested address (in use?)");
			goto undo;
		}
		list_add_tail(&e->node, &fresh);
	}

	/* Close the listeners that are no longer wanted. */
	list_for_each_entry_safe(e, tmp, &server.listeners, node) {
		const struct smb3k_listen_addr *la = smb3k_tcp_listener_addr(e->listener);

		for (i = 0; i < naddrs; i++)
			if (smb3k_addr_equal(la, &addrs[i]))
				break;
		if (i == naddrs)
			smb3k_close_listener(e);
	}
	list_splice_tail(&fresh, &server.listeners);

	old = rcu_replace_pointer(server.config, newcfg,
				  lockdep_is_held(&server.lock));
	mutex_unlock(&server.lock);
	if (old)
		kfree_rcu(old, rcu);
	return 0;

undo:
	list_for_each_entry_safe(e, tmp, &fresh, node)
		smb3k_close_listener(e);
	mutex_unlock(&server.lock);
	kfree(newcfg);
	return ret;
}

/**
 * smb3k_server_shutdown() - stop listening and disconnect every client
 */
void smb3k_server_shutdown(void)
{
	struct smb3k_listener_entry *e, *tmp;

	mutex_lock(&server.lock);
	list_for_each_entry_safe(e, tmp, &server.listeners, node)
		smb3k_close_listener(e);
	mutex_unlock(&server.lock);
	smb3k_conn_close_all();
}

/**
 * smb3k_stat_command() - count one received SMB2 request
 * @command: SMB2 command code
 */
void smb3k_stat_command(u16 command)
{
	if (command < SMB3K_STAT_SMB2_COMMANDS)
		atomic64_inc(&server.smb2_count[command]);
}

/**
 * smb3k_stat_smb1() - count one received SMB1 NEGOTIATE
 */
void smb3k_stat_smb1(void)
{
	atomic64_inc(&server.smb1_count);
}

/**
 * smb3k_stat_rejected() - count a connection refused or dropped for a limit
 */
void smb3k_stat_rejected(void)
{
	atomic64_inc(&server.rejected);
}

static int smb3k_put_cmd_count(struct sk_buff *skb, u16 cmd, u64 count)
{
	struct nlattr *nest;

	if (!count)
		return 0;
	nest = nla_nest_start(skb, SMB3K_A_STATUS_CMD_COUNT);
	if (!nest ||
	    nla_put_u16(skb, SMB3K_CMD_COUNT_A_COMMAND, cmd) ||
	    nla_put_u64_64bit(skb, SMB3K_CMD_COUNT_A_COUNT, count,
			      SMB3K_CMD_COUNT_A_PAD))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

static int smb3k_put_listener(struct sk_buff *skb,
			      const struct smb3k_listen_addr *la)
{
	struct nlattr *nest = nla_nest_start(skb, SMB3K_A_LISTEN);

	if (!nest ||
	    nla_put_u16(skb, SMB3K_LISTEN_A_FAMILY, la->family) ||
	    nla_put_u16(skb, SMB3K_LISTEN_A_PORT, la->port) ||
	    (la->family == AF_INET ?
	     nla_put_in_addr(skb, SMB3K_LISTEN_A_ADDR, la->v4.s_addr) :
	     nla_put_in6_addr(skb, SMB3K_LISTEN_A_ADDR, &la->v6)))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/**
 * smb3k_server_fill_status() - add listeners, counts and counters to a reply
 * @skb: the reply
 *
 * Return: 0 or -EMSGSIZE.
 */
int smb3k_server_fill_status(struct sk_buff *skb)
{
	struct smb3k_listener_entry *e;
	int ret = 0;
	u16 i;

	mutex_lock(&server.lock);
	list_for_each_entry(e, &server.listeners, node) {
		ret = smb3k_put_listener(skb, smb3k_tcp_listener_addr(e->listener));
		if (ret)
			break;
	}
	mutex_unlock(&server.lock);
	if (ret)
		return ret;

	if (nla_put_u32(skb, SMB3K_A_STATUS_CONNECTIONS, smb3k_conn_count()) ||
	    nla_put_u32(skb, SMB3K_A_STATUS_SESSIONS, smb3k_session_count()) ||
	    nla_put_u64_64bit(skb, SMB3K_A_STATUS_UPTIME_MS,
			      jiffies_to_msecs(jiffies - server.start_jiffies),
			      SMB3K_A_PAD) ||
	    nla_put_u64_64bit(skb, SMB3K_A_STATUS_REJECTED,
			      atomic64_read(&server.rejected), SMB3K_A_PAD))
		return -EMSGSIZE;
	for (i = 0; i < SMB3K_STAT_SMB2_COMMANDS; i++) {
		ret = smb3k_put_cmd_count(skb, i,
					  atomic64_read(&server.smb2_count[i]));
		if (ret)
			return ret;
	}
	return smb3k_put_cmd_count(skb, SMB3K_CMD_COUNT_SMB1,
				   atomic64_read(&server.smb1_count));
}

/**
 * smb3k_server_init() - set up server-wide state
 *
 * Return: 0.
 */
int smb3k_server_init(void)
{
	server.start_jiffies = jiffies;
	return 0;
}

/**
 * smb3k_server_exit() - close listeners and connections, free the settings
 */
void smb3k_server_exit(void)
{
	struct smb3k_config *old;

	smb3k_server_shutdown();
	mutex_lock(&server.lock);
	old = rcu_replace_pointer(server.config, NULL,
				  lockdep_is_held(&server.lock));
	mutex_unlock(&server.lock);
	synchronize_rcu();
	kfree(old);
}
