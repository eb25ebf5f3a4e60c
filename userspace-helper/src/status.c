// SPDX-License-Identifier: GPL-2.0
#include "status.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include <netlink/genl/genl.h>

#include "nl_msgs.h"
#include "util.h"

/* MS-SMB2 2.2.1.2 command codes, in order. */
static const char *const smb2_commands[] = {
	"NEGOTIATE", "SESSION_SETUP", "LOGOFF", "TREE_CONNECT", "TREE_DISCONNECT",
	"CREATE", "CLOSE", "FLUSH", "READ", "WRITE", "LOCK", "IOCTL", "CANCEL",
	"ECHO", "QUERY_DIRECTORY", "CHANGE_NOTIFY", "QUERY_INFO", "SET_INFO",
	"OPLOCK_BREAK", "SERVER_TO_CLIENT_NOTIFICATION",
};

const char *smb2_command_name(uint16_t command)
{
	if (command == SMB3K_CMD_COUNT_SMB1)
		return "SMB1";
	return command < ARRAY_SIZE(smb2_commands) ? smb2_commands[command] : NULL;
}

static int parse_listener(struct nlattr *nest, struct smb3k_listener *l)
{
	struct nlattr *tb[SMB3K_LISTEN_A_MAX + 1];
	int alen;

	if (nla_parse_nested(tb, SMB3K_LISTEN_A_MAX, nest,
			     (struct nla_policy *)smb3k_listen_policy) < 0 ||
	    !tb[SMB3K_LISTEN_A_FAMILY] || !tb[SMB3K_LISTEN_A_ADDR] || !tb[SMB3K_LISTEN_A_PORT])
		return -EBADMSG;
	memset(l, 0, sizeof(*l));
	l->family = nla_get_u16(tb[SMB3K_LISTEN_A_FAMILY]);
	alen = nla_len(tb[SMB3K_LISTEN_A_ADDR]);
	if (!((l->family == AF_INET && alen == 4) || (l->family == AF_INET6 && alen == 16)))
		return -EBADMSG;
	memcpy(l->addr, nla_data(tb[SMB3K_LISTEN_A_ADDR]), (size_t)alen);
	l->port = nla_get_u16(tb[SMB3K_LISTEN_A_PORT]);
	return 0;
}

static int parse_count(struct nlattr *nest, struct cmd_count *c)
{
	struct nlattr *tb[SMB3K_CMD_COUNT_A_MAX + 1];

	if (nla_parse_nested(tb, SMB3K_CMD_COUNT_A_MAX, nest,
			     (struct nla_policy *)smb3k_cmd_count_policy) < 0 ||
	    !tb[SMB3K_CMD_COUNT_A_COMMAND] || !tb[SMB3K_CMD_COUNT_A_COUNT])
		return -EBADMSG;
	c->command = nla_get_u16(tb[SMB3K_CMD_COUNT_A_COMMAND]);
	c->count = nla_get_u64(tb[SMB3K_CMD_COUNT_A_COUNT]);
	return 0;
}

static int cmp_count(const void *a, const void *b)
{
	const struct cmd_count *x = a, *y = b;

	return (x->command > y->command) - (x->command < y->command);
}

int status_parse(const struct nlmsghdr *nlh, uint32_t family_version,
		 struct smb3k_status *st)
{
	struct nlattr *tb[SMB3K_A_MAX + 1], *attr;
	int rem;

	memset(st, 0, sizeof(*st));
	st->abi_version = family_version;
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, SMB3K_A_MAX,
			  (struct nla_policy *)smb3k_attr_policy) < 0)
		return -EBADMSG;
	if (tb[SMB3K_A_ABI_VERSION])
		st->abi_version = nla_get_u32(tb[SMB3K_A_ABI_VERSION]);
	if (tb[SMB3K_A_STATUS_DAEMON])
		st->daemon = nla_get_u8(tb[SMB3K_A_STATUS_DAEMON]) != 0;
	if (tb[SMB3K_A_DAEMON_PID]) {
		st->have_pid = true;
		st->daemon_pid = nla_get_u32(tb[SMB3K_A_DAEMON_PID]);
	}
	if (tb[SMB3K_A_STATUS_UPTIME_MS])
		st->uptime_ms = nla_get_u64(tb[SMB3K_A_STATUS_UPTIME_MS]);
	if (tb[SMB3K_A_STATUS_CONNECTIONS])
		st->connections = nla_get_u32(tb[SMB3K_A_STATUS_CONNECTIONS]);
	if (tb[SMB3K_A_STATUS_SESSIONS])
		st->sessions = nla_get_u32(tb[SMB3K_A_STATUS_SESSIONS]);
	if (tb[SMB3K_A_STATUS_REJECTED])
		st->rejected = nla_get_u64(tb[SMB3K_A_STATUS_REJECTED]);

	/* LISTEN and CMD_COUNT repeat: walk every attribute, not just tb[]. */
	nlmsg_for_each_attr(attr, nlh, GENL_HDRLEN, rem) {
		int type = nla_type(attr);

		if (type == SMB3K_A_LISTEN && st->n_listeners < SMB3K_MAX_LISTENERS) {
			if (parse_listener(attr, &st->listeners[st->n_listeners]))
				return -EBADMSG;
			st->n_listeners++;
		} else if (type == SMB3K_A_STATUS_CMD_COUNT && st->n_counts < ARRAY_SIZE(st->counts)) {
			if (parse_count(attr, &st->counts[st->n_counts]))
				return -EBADMSG;
			st->n_counts++;
		}
	}
	qsort(st->counts, st->n_counts, sizeof(st->counts[0]), cmp_count);
	return 0;
}

static void print_uptime(uint64_t ms, FILE *out)
{
	uint64_t s = ms / 1000;

	fputs("uptime: ", out);
	if (s >= 86400)
		fprintf(out, "%" PRIu64 "d ", s / 86400);
	fprintf(out, "%02" PRIu64 ":%02" PRIu64 ":%02" PRIu64 " (%" PRIu64 " ms)\n",
		s / 3600 % 24, s / 60 % 60, s % 60, ms);
}

void status_print(const struct smb3k_status *st, FILE *out)
{
	size_t i;

	fprintf(out, "abi version: %u\n", st->abi_version);
	if (!st->daemon)
		fputs("daemon: none\n", out);
	else if (st->have_pid)
		fprintf(out, "daemon: registered pid %u\n", st->daemon_pid);
	else
		fputs("daemon: registered\n", out);
	print_uptime(st->uptime_ms, out);
	for (i = 0; i < st->n_listeners; i++) {
		const struct smb3k_listener *l = &st->listeners[i];
		char text[LISTENER_STRLEN];

		listener_format(l->family, l->addr, l->port, text, sizeof(text));
		fprintf(out, "listening: %s\n", text);
	}
	fprintf(out, "connections: %u\n", st->connections);
	fprintf(out, "sessions: %u\n", st->sessions);
	fprintf(out, "rejected: %" PRIu64 "\n", st->rejected);
	fputs("requests:", out);
	for (i = 0; i < st->n_counts; i++) {
		const char *name = smb2_command_name(st->counts[i].command);

		if (name)
			fprintf(out, " %s=%" PRIu64, name, st->counts[i].count);
		else
			fprintf(out, " 0x%04x=%" PRIu64, st->counts[i].command, st->counts[i].count);
	}
	fputs(st->n_counts ? "\n" : " none\n", out);
}
