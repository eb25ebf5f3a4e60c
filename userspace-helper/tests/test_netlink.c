// SPDX-License-Identifier: GPL-2.0
/* Netlink messages built and parsed without a kernel. */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <netlink/genl/genl.h>

#include "nl.h"
#include "nl_msgs.h"
#include "status.h"
#include "tap.h"

#define FAMILY 0x1d

/* What we expect the kernel's policy to be: exact sizes. */
static struct nla_policy kernel_policy[SMB3K_A_MAX + 1] = {
	[SMB3K_A_ABI_VERSION] = { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[SMB3K_A_DAEMON_PID] = { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[SMB3K_A_HANDLE] = { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[SMB3K_A_HEARTBEAT_MS] = { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[SMB3K_A_SERVER_GUID] = { .type = NLA_UNSPEC, .minlen = 16, .maxlen = 16 },
	[SMB3K_A_MIN_DIALECT] = { .type = NLA_U16, .minlen = 2, .maxlen = 2 },
	[SMB3K_A_MAX_DIALECT] = { .type = NLA_U16, .minlen = 2, .maxlen = 2 },
	[SMB3K_A_SIGNING] = { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[SMB3K_A_ENCRYPT] = { .type = NLA_U8, .minlen = 1, .maxlen = 1 },
	[SMB3K_A_MAX_CONNECTIONS] = { .type = NLA_U32, .minlen = 4, .maxlen = 4 },
	[SMB3K_A_NETBIOS_NAME] = { .type = NLA_STRING, .maxlen = SMB3K_NETBIOS_NAME_MAX + 1 },
	[SMB3K_A_LISTEN] = { .type = NLA_NESTED },
};

static struct nla_policy kernel_listen_policy[SMB3K_LISTEN_A_MAX + 1] = {
	[SMB3K_LISTEN_A_FAMILY] = { .type = NLA_U16, .minlen = 2, .maxlen = 2 },
	[SMB3K_LISTEN_A_ADDR] = { .type = NLA_UNSPEC, .minlen = 4, .maxlen = 16 },
	[SMB3K_LISTEN_A_PORT] = { .type = NLA_U16, .minlen = 2, .maxlen = 2 },
};

static void test_register(void)
{
	struct nl_msg *msg = smb3k_msg_new(FAMILY, SMB3K_CMD_REGISTER, SMB3K_ABI_VERSION);
	struct nlattr *tb[SMB3K_A_MAX + 1];
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;

	tap_is_int(smb3k_msg_register(msg, 1, 4242, 250), 0, "nl: REGISTER built");
	nlh = nlmsg_hdr(msg);
	g = nlmsg_data(nlh);
	tap_ok(nlh->nlmsg_type == FAMILY && g->cmd == SMB3K_CMD_REGISTER &&
	       g->version == SMB3K_ABI_VERSION, "nl: REGISTER header (family, cmd, version)");
	tap_is_int(genlmsg_parse(nlh, 0, tb, SMB3K_A_MAX, kernel_policy), 0,
		   "nl: REGISTER passes the kernel policy");
	tap_ok(tb[SMB3K_A_ABI_VERSION] && nla_get_u32(tb[SMB3K_A_ABI_VERSION]) == 1 &&
	       tb[SMB3K_A_DAEMON_PID] && nla_get_u32(tb[SMB3K_A_DAEMON_PID]) == 4242 &&
	       tb[SMB3K_A_HEARTBEAT_MS] && nla_get_u32(tb[SMB3K_A_HEARTBEAT_MS]) == 250,
	       "nl: REGISTER carries ABI version, pid, heartbeat");
	nlmsg_free(msg);

	msg = smb3k_msg_new(FAMILY, SMB3K_CMD_HEARTBEAT, SMB3K_ABI_VERSION);
	smb3k_msg_heartbeat(msg, 0xdeadbeef);
	genlmsg_parse(nlmsg_hdr(msg), 0, tb, SMB3K_A_MAX, kernel_policy);
	tap_ok(tb[SMB3K_A_HANDLE] && nla_get_u32(tb[SMB3K_A_HANDLE]) == 0xdeadbeef,
	       "nl: HEARTBEAT answer carries the handle");
	nlmsg_free(msg);
}

static void make_params(struct configure_params *p, struct smb3k_listener *l, size_t n)
{
	size_t i;

	memset(p, 0, sizeof(*p));
	for (i = 0; i < 16; i++)
		p->server_guid[i] = (unsigned char)(0xa0 + i);
	p->min_dialect = SMB3K_DIALECT_210;
	p->max_dialect = SMB3K_DIALECT_311;
	p->signing = SMB3K_SIGNING_MANDATORY;
	p->encrypt = SMB3K_ENCRYPT_DESIRED;
	p->max_connections = 77;
	p->netbios_name = "FILESERVER";
	for (i = 0; i < n; i++) {
		memset(&l[i], 0, sizeof(l[i]));
		l[i].family = i % 2 ? AF_INET6 : AF_INET;
		inet_pton(l[i].family, i % 2 ? "2001:db8::7" : "10.0.2.15", l[i].addr);
		l[i].port = (uint16_t)(445 + i);
	}
	p->listeners = l;
	p->n_listeners = n;
}

static void test_configure(void)
{
	struct smb3k_listener l[SMB3K_MAX_LISTENERS + 1];
	struct nlattr *tb[SMB3K_A_MAX + 1], *attr;
	struct configure_params p;
	struct nl_msg *msg = smb3k_msg_new(FAMILY, SMB3K_CMD_CONFIGURE, SMB3K_ABI_VERSION);
	struct nlmsghdr *nlh;
	int rem, n = 0, good = 0;

	make_params(&p, l, 2);
	tap_is_int(smb3k_msg_configure(msg, &p), 0, "nl: CONFIGURE built");
	nlh = nlmsg_hdr(msg);
	tap_is_int(genlmsg_parse(nlh, 0, tb, SMB3K_A_MAX, kernel_policy), 0,
		   "nl: CONFIGURE passes the kernel policy");
	tap_ok(tb[SMB3K_A_SERVER_GUID] && !memcmp(nla_data(tb[SMB3K_A_SERVER_GUID]),
						   p.server_guid, 16), "nl: server GUID");
	tap_ok(tb[SMB3K_A_MIN_DIALECT] && nla_get_u16(tb[SMB3K_A_MIN_DIALECT]) == 0x0210 &&
	       tb[SMB3K_A_MAX_DIALECT] && nla_get_u16(tb[SMB3K_A_MAX_DIALECT]) == 0x0311,
	       "nl: dialect range");
	tap_ok(tb[SMB3K_A_SIGNING] && nla_get_u8(tb[SMB3K_A_SIGNING]) == SMB3K_SIGNING_MANDATORY &&
	       tb[SMB3K_A_ENCRYPT] && nla_get_u8(tb[SMB3K_A_ENCRYPT]) == SMB3K_ENCRYPT_DESIRED &&
	       tb[SMB3K_A_MAX_CONNECTIONS] && nla_get_u32(tb[SMB3K_A_MAX_CONNECTIONS]) == 77,
	       "nl: signing, encryption, connection limit");
	tap_ok(tb[SMB3K_A_NETBIOS_NAME] && nla_len(tb[SMB3K_A_NETBIOS_NAME]) == 11 &&
	       !strcmp(nla_data(tb[SMB3K_A_NETBIOS_NAME]), "FILESERVER"),
	       "nl: netbios name, NUL-terminated");
	nlmsg_for_each_attr(attr, nlh, GENL_HDRLEN, rem) {
		struct nlattr *lb[SMB3K_LISTEN_A_MAX + 1];

		if (nla_type(attr) != SMB3K_A_LISTEN)
			continue;
		if (!(attr->nla_type & NLA_F_NESTED) ||
		    nla_parse_nested(lb, SMB3K_LISTEN_A_MAX, attr, kernel_listen_policy) < 0 ||
		    !lb[SMB3K_LISTEN_A_FAMILY] || !lb[SMB3K_LISTEN_A_ADDR] || !lb[SMB3K_LISTEN_A_PORT])
			continue;
		if (nla_get_u16(lb[SMB3K_LISTEN_A_FAMILY]) == l[n].family &&
		    nla_len(lb[SMB3K_LISTEN_A_ADDR]) == (l[n].family == AF_INET ? 4 : 16) &&
		    !memcmp(nla_data(lb[SMB3K_LISTEN_A_ADDR]), l[n].addr,
			    (size_t)nla_len(lb[SMB3K_LISTEN_A_ADDR])) &&
		    nla_get_u16(lb[SMB3K_LISTEN_A_PORT]) == l[n].port)
			good++;
		n++;
	}
	tap_ok(n == 2 && good == 2, "nl: two nested LISTEN (NLA_F_NESTED), family/addr/port");
	nlmsg_free(msg);

	msg = smb3k_msg_new(FAMILY, SMB3K_CMD_CONFIGURE, SMB3K_ABI_VERSION);
	make_params(&p, l, SMB3K_MAX_LISTENERS);
	tap_is_int(smb3k_msg_configure(msg, &p), 0, "nl: %d listeners fit", SMB3K_MAX_LISTENERS);
	nlmsg_free(msg);
	msg = smb3k_msg_new(FAMILY, SMB3K_CMD_CONFIGURE, SMB3K_ABI_VERSION);
	make_params(&p, l, SMB3K_MAX_LISTENERS + 1);
	tap_is_int(smb3k_msg_configure(msg, &p), -EINVAL, "nl: %d listeners refused",
		   SMB3K_MAX_LISTENERS + 1);
	nlmsg_free(msg);
	msg = smb3k_msg_new(FAMILY, SMB3K_CMD_CONFIGURE, SMB3K_ABI_VERSION);
	make_params(&p, l, 1);
	p.netbios_name = "SIXTEEN-CHARS-XX";
	tap_is_int(smb3k_msg_configure(msg, &p), -EINVAL, "nl: 16-character netbios name refused");
	nlmsg_free(msg);
}

/* An NLMSG_ERROR as the kernel builds it (net/netlink/af_netlink.c netlink_ack). */
static size_t build_error(unsigned char *buf, int error, bool capped, const char *text)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)buf;
	struct nlmsgerr *err = NLMSG_DATA(nlh);
	size_t payload = sizeof(*err), off;

	memset(buf, 0, 512);
	err->error = -error;
	err->msg.nlmsg_type = FAMILY;
	err->msg.nlmsg_seq = 7;
	err->msg.nlmsg_len = NLMSG_HDRLEN + 8;	/* the request: header + 8 bytes */
	if (!capped)
		payload += 8;
	nlh->nlmsg_type = NLMSG_ERROR;
	nlh->nlmsg_seq = 7;
	nlh->nlmsg_flags = capped ? NLM_F_CAPPED : 0;
	off = NLMSG_HDRLEN + NLMSG_ALIGN(payload);
	if (text) {
		struct nlattr *a = (struct nlattr *)(buf + off);

		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = (uint16_t)(NLA_HDRLEN + strlen(text) + 1);
		memcpy((char *)a + NLA_HDRLEN, text, strlen(text) + 1);
		off += NLA_ALIGN(a->nla_len);
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
	}
	nlh->nlmsg_len = (uint32_t)off;
	return off;
}

static void test_errors(void)
{
	unsigned char buf[512];
	char text[NL_EXTACK_MAX], small[8], desc[512];
	int error = -1;

	build_error(buf, EBUSY, true, "daemon pid 1234 is registered");
	tap_is_int(smb3k_parse_error((struct nlmsghdr *)buf, &error, text, sizeof(text)), 0,
		   "nl: capped error with extack parses");
	tap_ok(error == EBUSY && !strcmp(text, "daemon pid 1234 is registered"),
	       "nl: ... errno and kernel message");
	build_error(buf, EPROTO, false, "ABI version 2 requested, module has 1");
	smb3k_parse_error((struct nlmsghdr *)buf, &error, text, sizeof(text));
	tap_ok(error == EPROTO && !strcmp(text, "ABI version 2 requested, module has 1"),
	       "nl: uncapped error (request echoed) with extack");
	build_error(buf, 0, true, NULL);
	tap_ok(smb3k_parse_error((struct nlmsghdr *)buf, &error, text, sizeof(text)) == 0 &&
	       error == 0 && !*text, "nl: plain ACK");
	build_error(buf, EINVAL, true, "a long message that gets cut");
	smb3k_parse_error((struct nlmsghdr *)buf, &error, small, sizeof(small));
	tap_is_str(small, "a long ", "nl: extack truncated to the buffer");
	build_error(buf, EINVAL, false, "x");
	((struct nlmsgerr *)NLMSG_DATA((struct nlmsghdr *)buf))->msg.nlmsg_len = 4000;
	tap_is_int(smb3k_parse_error((struct nlmsghdr *)buf, &error, text, sizeof(text)), -EBADMSG,
		   "nl: echoed length beyond the message is rejected");
	build_error(buf, EINVAL, true, NULL);
	((struct nlmsghdr *)buf)->nlmsg_len = NLMSG_HDRLEN + 2;
	tap_is_int(smb3k_parse_error((struct nlmsghdr *)buf, &error, text, sizeof(text)), -EBADMSG,
		   "nl: truncated error message is rejected");

	smb3k_nl_describe(-EPERM, "", desc, sizeof(desc));
	tap_is_str(desc, "permission denied: smb3kd and smb3kctl need CAP_NET_ADMIN (run as root)",
		   "nl: EPERM message");
	smb3k_nl_describe(-EBUSY, "daemon pid 99 is registered", desc, sizeof(desc));
	tap_is_str(desc, "another smb3kd is already registered: daemon pid 99 is registered "
		   "(Device or resource busy)", "nl: EBUSY message with the kernel's extack");
	smb3k_nl_describe(-EPROTO, "", desc, sizeof(desc));
	tap_is_str(desc, "ABI version mismatch", "nl: EPROTO message");
	smb3k_nl_describe(-EINVAL, "bad listener", desc, sizeof(desc));
	tap_is_str(desc, "Invalid argument: bad listener", "nl: other errors: strerror + extack");
	tap_ok(smb3k_nl_exit_code(-EPERM) == 4 && smb3k_nl_exit_code(-ENOENT) == 3 &&
	       smb3k_nl_exit_code(-EBUSY) == 2 && smb3k_nl_exit_code(-EPROTO) == 2,
	       "nl: exit codes 4 (EPERM), 3 (no module), 2 (kernel refused)");
}

static void test_upcall_and_ctrl(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct ctrl_family fam;
	struct nlattr *groups, *g;
	bool has_handle;
	uint32_t handle;
	uint8_t cmd;

	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, SMB3K_CMD_HEARTBEAT, SMB3K_ABI_VERSION);
	nla_put_u32(msg, SMB3K_A_HANDLE, 31337);
	tap_ok(smb3k_parse_upcall(nlmsg_hdr(msg), &cmd, &has_handle, &handle) == 0 &&
	       cmd == SMB3K_CMD_HEARTBEAT && has_handle && handle == 31337,
	       "nl: heartbeat upcall: command and handle");
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, 42, SMB3K_ABI_VERSION);
	tap_ok(smb3k_parse_upcall(nlmsg_hdr(msg), &cmd, &has_handle, &handle) == 0 &&
	       cmd == 42 && !has_handle, "nl: unknown upcall without handle parses");
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, SMB3K_CMD_HEARTBEAT, SMB3K_ABI_VERSION);
	nla_put_u16(msg, SMB3K_A_HANDLE, 1);	/* too short for a u32 */
	tap_is_int(smb3k_parse_upcall(nlmsg_hdr(msg), &cmd, &has_handle, &handle), -EBADMSG,
		   "nl: a 2-byte handle is rejected");
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 3, GENL_ID_CTRL, 0, 0, CTRL_CMD_NEWFAMILY, 2);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, FAMILY);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "nlctrl");
	nla_put_u32(msg, CTRL_ATTR_VERSION, 2);
	groups = nla_nest_start(msg, CTRL_ATTR_MCAST_GROUPS);
	g = nla_nest_start(msg, 1);
	nla_put_u32(msg, CTRL_ATTR_MCAST_GRP_ID, 0x10);
	nla_put_string(msg, CTRL_ATTR_MCAST_GRP_NAME, "notify");
	nla_nest_end(msg, g);
	nla_nest_end(msg, groups);
	tap_ok(smb3k_parse_ctrl_family(nlmsg_hdr(msg), "notify", &cmd, &fam) == 0 &&
	       cmd == CTRL_CMD_NEWFAMILY && fam.id == FAMILY && fam.version == 2 &&
	       !strcmp(fam.name, "nlctrl") && fam.group_id == 0x10,
	       "nl: controller reply: id, name, version, multicast group");
	tap_ok(smb3k_parse_ctrl_family(nlmsg_hdr(msg), "other", &cmd, &fam) == 0 &&
	       fam.group_id == 0, "nl: absent multicast group is 0");
	nlmsg_free(msg);
}

static struct nl_msg *fake_status(void)
{
	struct nl_msg *msg = nlmsg_alloc();
	static const struct {
		uint16_t cmd;
		uint64_t count;
	} counts[] = { { SMB3K_CMD_COUNT_SMB1, 1 }, { 1, 2 }, { 0, 3 }, { 0x30, 5 } };
	unsigned char a4[4] = { 10, 0, 2, 15 }, a6[16] = { 0 };
	struct nlattr *n;
	size_t i;

	a6[15] = 1;
	genlmsg_put(msg, 0, 9, FAMILY, 0, 0, SMB3K_CMD_GET_STATUS, SMB3K_ABI_VERSION);
	nla_put_u32(msg, SMB3K_A_ABI_VERSION, 1);
	nla_put_u8(msg, SMB3K_A_STATUS_DAEMON, 1);
	nla_put_u32(msg, SMB3K_A_DAEMON_PID, 321);
	nla_put_u64(msg, SMB3K_A_STATUS_UPTIME_MS, 90061500ULL);	/* 1d 01:01:01.5 */
	nla_put_u32(msg, SMB3K_A_STATUS_CONNECTIONS, 4);
	nla_put_u32(msg, SMB3K_A_STATUS_SESSIONS, 2);
	nla_put_u64(msg, SMB3K_A_STATUS_REJECTED, 6);
	n = nla_nest_start(msg, SMB3K_A_LISTEN | NLA_F_NESTED);
	nla_put_u16(msg, SMB3K_LISTEN_A_FAMILY, AF_INET);
	nla_put(msg, SMB3K_LISTEN_A_ADDR, 4, a4);
	nla_put_u16(msg, SMB3K_LISTEN_A_PORT, 445);
	nla_nest_end(msg, n);
	n = nla_nest_start(msg, SMB3K_A_LISTEN | NLA_F_NESTED);
	nla_put_u16(msg, SMB3K_LISTEN_A_FAMILY, AF_INET6);
	nla_put(msg, SMB3K_LISTEN_A_ADDR, 16, a6);
	nla_put_u16(msg, SMB3K_LISTEN_A_PORT, 4445);
	nla_nest_end(msg, n);
	for (i = 0; i < ARRAY_SIZE(counts); i++) {
		n = nla_nest_start(msg, SMB3K_A_STATUS_CMD_COUNT | NLA_F_NESTED);
		nla_put_u16(msg, SMB3K_CMD_COUNT_A_COMMAND, counts[i].cmd);
		nla_put_u64(msg, SMB3K_CMD_COUNT_A_COUNT, counts[i].count);
		nla_nest_end(msg, n);
	}
	return msg;
}

static void test_status(void)
{
	struct smb3k_status st;
	struct nl_msg *msg = fake_status();
	char *text = NULL;
	size_t len = 0;
	FILE *f;

	tap_is_int(status_parse(nlmsg_hdr(msg), 7, &st), 0, "status: reply parses");
	f = open_memstream(&text, &len);
	status_print(&st, f);
	fclose(f);
	tap_is_str(text,
		   "abi version: 1\n"
		   "daemon: registered pid 321\n"
		   "uptime: 1d 01:01:01 (90061500 ms)\n"
		   "listening: 10.0.2.15:445\n"
		   "listening: [::1]:4445\n"
		   "connections: 4\n"
		   "sessions: 2\n"
		   "rejected: 6\n"
		   "requests: NEGOTIATE=3 SESSION_SETUP=2 0x0030=5 SMB1=1\n",
		   "status: printed as smb3kctl shows it");
	free(text);
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 9, FAMILY, 0, 0, SMB3K_CMD_GET_STATUS, SMB3K_ABI_VERSION);
	nla_put_u8(msg, SMB3K_A_STATUS_DAEMON, 0);
	status_parse(nlmsg_hdr(msg), 7, &st);
	text = NULL;
	f = open_memstream(&text, &len);
	status_print(&st, f);
	fclose(f);
	tap_is_str(text, "abi version: 7\ndaemon: none\nuptime: 00:00:00 (0 ms)\n"
		   "connections: 0\nsessions: 0\nrejected: 0\nrequests: none\n",
		   "status: idle module, family version stands in for ABI version");
	free(text);
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 9, FAMILY, 0, 0, SMB3K_CMD_GET_STATUS, SMB3K_ABI_VERSION);
	{
		struct nlattr *n = nla_nest_start(msg, SMB3K_A_LISTEN | NLA_F_NESTED);

		nla_put_u16(msg, SMB3K_LISTEN_A_FAMILY, AF_INET6);
		nla_put(msg, SMB3K_LISTEN_A_ADDR, 4, "\x7f\0\0\1");
		nla_put_u16(msg, SMB3K_LISTEN_A_PORT, 445);
		nla_nest_end(msg, n);
	}
	tap_is_int(status_parse(nlmsg_hdr(msg), 1, &st), -EBADMSG,
		   "status: IPv6 listener with a 4-byte address is rejected");
	nlmsg_free(msg);
	tap_ok(!strcmp(smb2_command_name(0x12), "OPLOCK_BREAK") &&
	       !strcmp(smb2_command_name(0x0e), "QUERY_DIRECTORY") &&
	       !strcmp(smb2_command_name(SMB3K_CMD_COUNT_SMB1), "SMB1") &&
	       !smb2_command_name(0x14), "status: MS-SMB2 2.2.1 command names");
}

struct seen {
	int calls;
	uint8_t cmd[4];
	uint32_t handle[4];
};

static void record_upcall(struct smb3k_nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct seen *seen = arg;
	bool has_handle;
	uint32_t handle;
	uint8_t cmd;

	(void)nl;
	if (smb3k_parse_upcall(nlh, &cmd, &has_handle, &handle) || seen->calls >= 4)
		return;
	seen->cmd[seen->calls] = cmd;
	seen->handle[seen->calls++] = handle;
}

static size_t append(unsigned char *buf, size_t off, struct nl_msg *msg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);

	memcpy(buf + off, nlh, nlh->nlmsg_len);
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	nlmsg_free(msg);
	return off;
}

static struct nl_msg *ctrl_del(const char *name)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 0, GENL_ID_CTRL, 0, 0, CTRL_CMD_DELFAMILY, 2);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, FAMILY);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name);
	return msg;
}

/* Upcalls and notifications fed to the dispatcher as one datagram. */
static void test_dispatch(struct smb3k_nl *nl)
{
	unsigned char buf[1024];
	struct seen seen = { 0 };
	struct nl_msg *msg;
	size_t off = 0;

	smb3k_nl_set_family(nl, FAMILY, SMB3K_ABI_VERSION);
	smb3k_nl_set_upcall(nl, record_upcall, &seen);
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, SMB3K_CMD_HEARTBEAT, SMB3K_ABI_VERSION);
	nla_put_u32(msg, SMB3K_A_HANDLE, 5);
	off = append(buf, off, msg);
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAMILY + 1, 0, 0, SMB3K_CMD_HEARTBEAT, SMB3K_ABI_VERSION);
	off = append(buf, off, msg);			/* another family: ignored */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 0, FAMILY, 0, 0, 42, SMB3K_ABI_VERSION);
	off = append(buf, off, msg);
	off = append(buf, off, ctrl_del("OTHER"));
	smb3k_nl_handle(nl, buf, off);
	tap_ok(seen.calls == 2 && seen.cmd[0] == SMB3K_CMD_HEARTBEAT && seen.handle[0] == 5 &&
	       seen.cmd[1] == 42, "nl: upcalls (known and unknown) reach the handler, in order");
	tap_ok(!smb3k_nl_family_gone(nl), "nl: another family's removal is ignored");
	tap_is_int(smb3k_nl_dispatch(nl), 0, "nl: dispatch with nothing queued");

	off = append(buf, 0, ctrl_del(SMB3K_GENL_NAME));
	smb3k_nl_handle(nl, buf, off);
	tap_ok(smb3k_nl_family_gone(nl), "nl: DELFAMILY SMB3K noticed");
	tap_is_int(smb3k_nl_dispatch(nl), -ENODEV, "nl: dispatch then reports -ENODEV");
	smb3k_nl_set_upcall(nl, NULL, NULL);
}

/* Against the running kernel's genl controller: request, reply, ACK, extack. */
static void test_live(void)
{
	struct smb3k_nl *nl;
	struct nl_msg *msg;
	int rc = smb3k_nl_open(&nl);

	if (rc) {
		tap_ok(true, "# SKIP no generic netlink socket here (%s)", strerror(-rc));
		return;
	}
	tap_is_int(smb3k_nl_watch_family(nl), 0,
		   "nl live: nlctrl lookup and its notify group (request, reply, ACK)");
	rc = smb3k_nl_resolve(nl);
	tap_ok(rc == 0 || rc == -ENOENT, "nl live: SMB3K resolves or is missing (%d)", rc);
	msg = smb3k_msg_new(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, "a-family-name-over-16-characters");
	rc = smb3k_nl_request(nl, msg, NULL, NULL);
	nlmsg_free(msg);
	tap_is_int(rc, -EINVAL, "nl live: a too long family name is refused");
	tap_ok(*smb3k_nl_extack(nl) != '\0', "nl live: with the kernel's extack message ('%s')",
	       smb3k_nl_extack(nl));
	test_dispatch(nl);
	smb3k_nl_close(nl);
}

void test_netlink(void)
{
	test_register();
	test_configure();
	test_errors();
	test_upcall_and_ctrl();
	test_status();
	test_live();
}
