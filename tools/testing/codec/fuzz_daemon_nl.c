// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: smb3kd's side of the generic netlink ABI, on a
 * datagram of netlink messages from the kernel: smb3k_nl_handle() (nl.c,
 * on a socket that is opened but never receives nor sends) walks it and
 * sends each message where the daemon does:
 *  - NLMSG_ERROR: smb3k_parse_error() (extended ACK attributes);
 *  - GENL_ID_CTRL: smb3k_parse_ctrl_family() (nested multicast groups,
 *    also asked for the "notify" group as smb3k_nl_watch_family() does);
 *  - family FUZZ_FAMILY (SMB3K): smb3k_parse_upcall(), status_parse() (the
 *    GET_STATUS reply of smb3kctl, nested LISTEN and CMD_COUNT) and the
 *    upcall dispatcher upcall_answer(): attribute policy, SESSION_SETUP
 *    (SPNEGO/NTLMSSP exchanges against a fixed user database), SESSION_END,
 *    TREE_CONNECT (fixed shares), RPC_OPEN/WRITE/READ/TRANSACT/CLOSE (the
 *    DCE/RPC pipes). Every answer must parse with the daemon's attribute
 *    policy, start with the upcall's handle and pass the kernel's policy
 *    for what it carries (kernel_accepts(): a copy of the constraints of
 *    smb3k_policy in kernel/netlink.c, which the kernel applies to an
 *    answer when it arrives, before kernel/upcall.c, pipe.c and the
 *    SESSION_SETUP and TREE_CONNECT handlers read it).
 *
 * Where no netlink socket can be opened, the harness walks the datagram
 * itself the same way. State lives for one input: exchanges, pipes,
 * "random" numbers start over. A PIPE_ID below 16 stands for the n-th pipe RPC_OPEN returned in this
 * input (pipe ids are random), so seeds can open a pipe and use it;
 * extract_corpus.py writes captured ids that way and sets nlmsg_type of
 * SMB3K messages to FUZZ_FAMILY.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/smb3k.h>
#include <netlink/genl/genl.h>

#include "daemon_fuzz.h"
#include "nl.h"
#include "nl_msgs.h"
#include "rpc_upcall.h"
#include "status.h"
#include "upcall.h"

#define FUZZ_FAMILY	0x1d
#define MAX_PIPES	16

static const uint8_t challenge[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
static uint64_t pipe_ids[MAX_PIPES];
static unsigned int n_pipe_ids;
static struct smb3k_nl *nl;
static struct upcall_ctx ctx;

static time_t fixed_now(void)
{
	return 1000;
}

static void smb3k_message(const struct nlmsghdr *in);

static void on_upcall(struct smb3k_nl *sock, const struct nlmsghdr *nlh, void *arg)
{
	(void)sock;
	(void)arg;
	smb3k_message(nlh);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_daemon_init();
	if (smb3k_nl_open(&nl)) {
		nl = NULL;
		return 0;
	}
	smb3k_nl_set_family(nl, FUZZ_FAMILY, SMB3K_ABI_VERSION);
	smb3k_nl_set_upcall(nl, on_upcall, NULL);
	return 0;
}

/* The attribute of type @type at the top level of a genl message, or NULL. */
static struct nlattr *find_attr(struct nlmsghdr *nlh, int type)
{
	struct nlattr *a;
	int rem;

	if (!genlmsg_valid_hdr(nlh, 0))
		return NULL;
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem)
		if (nla_type(a) == type)
			return a;
	return NULL;
}

/*
 * What kernel/netlink.c's smb3k_policy (strict validation) lets through, for
 * the attributes of an answer; any other attribute in an answer is a bug.
 */
static bool kernel_accepts(const struct nlattr *a)
{
	const char *s = nla_data(a);
	int len = nla_len(a);

	switch (nla_type(a)) {
	case SMB3K_A_HANDLE:
	case SMB3K_A_NTSTATUS:
	case SMB3K_A_SESSION_FLAGS:
	case SMB3K_A_UID:
	case SMB3K_A_GID:
	case SMB3K_A_SHARE_OPTIONS:
	case SMB3K_A_MAXIMAL_ACCESS:
		return len == 4;
	case SMB3K_A_PIPE_ID:
		return len == 8;
	case SMB3K_A_SESSION_KEY:
		return len == 16;
	case SMB3K_A_SHARE_TYPE:
		return len == 1 && (*s == SMB3K_SHARE_DISK || *s == SMB3K_SHARE_PIPE);
	case SMB3K_A_SEC_BLOB:
		return len <= SMB3K_SEC_BLOB_MAX;
	case SMB3K_A_DATA:
		return len <= SMB3K_RPC_DATA_MAX;
	case SMB3K_A_GROUPS:
		return len <= 4 * SMB3K_GROUPS_MAX;
	case SMB3K_A_USER_NAME:
	case SMB3K_A_USER_DOMAIN:
		return len > 0 && memchr(s, 0, len) && strlen(s) <= 256;
	case SMB3K_A_SHARE_PATH:
		return len > 0 && memchr(s, 0, len) && strlen(s) <= 4095;
	}
	return false;
}

static void check_answer(struct nl_msg *r, const struct nlmsghdr *req)
{
	struct nlattr *tb[SMB3K_A_MAX + 1], *first, *a;
	struct nlmsghdr *nlh = nlmsg_hdr(r);
	struct nlattr *id;
	uint8_t cmd;
	bool has;
	uint32_t h;
	int rem;

	if (genlmsg_parse(nlh, 0, tb, SMB3K_A_MAX, (struct nla_policy *)smb3k_attr_policy) < 0 ||
	    !tb[SMB3K_A_HANDLE])
		abort();
	first = genlmsg_attrdata(nlmsg_data(nlh), 0);
	if (nla_type(first) != SMB3K_A_HANDLE ||
	    smb3k_parse_upcall(nlh, &cmd, &has, &h) || !has ||
	    cmd != ((const struct genlmsghdr *)nlmsg_data(req))->cmd)
		abort();
	nlmsg_for_each_attr(a, nlh, GENL_HDRLEN, rem)
		if (!kernel_accepts(a))
			abort();
	if (rem)
		abort();
	id = tb[SMB3K_A_PIPE_ID];
	if (cmd == SMB3K_CMD_RPC_OPEN && id && n_pipe_ids < MAX_PIPES)
		pipe_ids[n_pipe_ids++] = nla_get_u64(id);
}

static void smb3k_message(const struct nlmsghdr *in)
{
	struct nlmsghdr *nlh = malloc(in->nlmsg_len);
	struct smb3k_status st;
	struct nlattr *id;
	struct nl_msg *r;
	uint32_t handle;
	uint64_t v;
	uint8_t cmd;
	bool has;

	/* in a buffer of its own size, for ASan */
	memcpy(nlh, in, in->nlmsg_len);
	id = find_attr(nlh, SMB3K_A_PIPE_ID);
	if (id && nla_len(id) == 8) {
		memcpy(&v, nla_data(id), 8);
		if (v < MAX_PIPES && v < n_pipe_ids)
			memcpy(nla_data(id), &pipe_ids[v], 8);
	}
	smb3k_parse_upcall(nlh, &cmd, &has, &handle);
	status_parse(nlh, SMB3K_ABI_VERSION, &st);
	r = upcall_answer(&ctx, nlh);
	if (r) {
		check_answer(r, nlh);
		nlmsg_free(r);
	}
	free(nlh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ctrl_family fam;
	struct nlmsghdr *nlh;
	char text[NL_EXTACK_MAX];
	void *buf;
	int len, error;
	uint8_t cmd;

	if (size > 1 << 20)
		return 0;
	fuzz_random_reset();
	n_pipe_ids = 0;
	upcall_init(&ctx, &fuzz_cfg, &fuzz_db);
	ctx.fixed_challenge = challenge;
	ctx.auth.now = fixed_now;
	buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	if (nl)
		smb3k_nl_handle(nl, buf, size);
	len = (int)size;
	for (nlh = buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len)) {
		switch (nlh->nlmsg_type) {
		case NLMSG_ERROR:
			if (!nl)
				smb3k_parse_error(nlh, &error, text, sizeof(text));
			break;
		case GENL_ID_CTRL:
			smb3k_parse_ctrl_family(nlh, "notify", &cmd, &fam);
			break;
		case FUZZ_FAMILY:
			if (!nl)
				smb3k_message(nlh);
			break;
		}
	}
	free(buf);
	upcall_free(&ctx);
	rpc_close_all();
	return 0;
}
