// SPDX-License-Identifier: GPL-2.0
/* The upcall dispatcher on hand-made kernel messages, without a socket. */
#include <stdlib.h>
#include <string.h>

#include <linux/genetlink.h>
#include <linux/smb3k.h>
#include <netlink/genl/genl.h>

#include "config.h"
#include "nl_msgs.h"
#include "ntstatus.h"
#include "tap.h"
#include "upcall.h"

#define FAMILY 0x1d

static struct nl_msg *upcall(uint8_t cmd, int handle)
{
	struct nl_msg *m = smb3k_msg_new(FAMILY, cmd, SMB3K_ABI_VERSION);

	if (handle >= 0)
		nla_put_u32(m, SMB3K_A_HANDLE, (uint32_t)handle);
	return m;
}

/* Answer m; the reply's attributes in tb (reply kept in *out). */
static bool answer(struct upcall_ctx *ctx, struct nl_msg *m, uint8_t cmd, uint32_t handle,
		   struct nlattr **tb, struct nl_msg **out)
{
	struct nl_msg *r = upcall_answer(ctx, nlmsg_hdr(m));
	struct nlattr *first;

	nlmsg_free(m);
	*out = r;
	if (!r)
		return false;
	if (genlmsg_parse(nlmsg_hdr(r), 0, tb, SMB3K_A_MAX,
			  (struct nla_policy *)smb3k_attr_policy) < 0)
		return false;
	first = genlmsg_attrdata(nlmsg_data(nlmsg_hdr(r)), 0);
	return ((struct genlmsghdr *)nlmsg_data(nlmsg_hdr(r)))->cmd == cmd &&
	       nla_type(first) == SMB3K_A_HANDLE && tb[SMB3K_A_HANDLE] &&
	       nla_get_u32(tb[SMB3K_A_HANDLE]) == handle;
}

static uint32_t status_of(struct nlattr **tb)
{
	return tb[SMB3K_A_NTSTATUS] ? nla_get_u32(tb[SMB3K_A_NTSTATUS]) : 0xFFFFFFFFU;
}

void test_upcall(void)
{
	static const uint8_t neg[] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0,
				       0x35, 0x82, 0x8a, 0xe2 };
	struct nlattr *tb[SMB3K_A_MAX + 1];
	struct smb3k_config cfg;
	struct passdb db = { 0 };
	struct upcall_ctx ctx;
	struct nl_msg *m, *r;
	uint8_t *big;

	config_init_defaults(&cfg);
	upcall_init(&ctx, &cfg, &db);

	tap_ok(answer(&ctx, upcall(SMB3K_CMD_HEARTBEAT, 5), SMB3K_CMD_HEARTBEAT, 5, tb, &r),
	       "upcall: heartbeat answered with its handle first");
	nlmsg_free(r);
	tap_ok(!upcall_answer(&ctx, nlmsg_hdr(m = upcall(SMB3K_CMD_TREE_CONNECT, -1))),
	       "upcall: no handle, no answer");
	nlmsg_free(m);

	m = upcall(SMB3K_CMD_TREE_CONNECT, 6);
	nla_put_u64(m, SMB3K_A_SESSION_ID, 1);
	nla_put_string(m, SMB3K_A_SHARE_NAME, "IPC$");
	nla_put_u32(m, SMB3K_A_SESSION_FLAGS, SMB3K_SESSION_IS_NULL);
	tap_ok(answer(&ctx, m, SMB3K_CMD_TREE_CONNECT, 6, tb, &r) &&
	       status_of(tb) == STATUS_SUCCESS && tb[SMB3K_A_SHARE_TYPE] &&
	       nla_get_u8(tb[SMB3K_A_SHARE_TYPE]) == SMB3K_SHARE_PIPE &&
	       nla_get_u32(tb[SMB3K_A_MAXIMAL_ACCESS]) == 0x001F01FF,
	       "upcall: TREE_CONNECT IPC$ -> pipe");
	nlmsg_free(r);

	m = upcall(SMB3K_CMD_TREE_CONNECT, 7);
	nla_put(m, SMB3K_A_SHARE_NAME, 4, "IPC$");	/* no NUL */
	tap_ok(answer(&ctx, m, SMB3K_CMD_TREE_CONNECT, 7, tb, &r) &&
	       status_of(tb) == STATUS_INVALID_PARAMETER,
	       "upcall: unterminated string -> INVALID_PARAMETER");
	nlmsg_free(r);

	m = upcall(SMB3K_CMD_SESSION_SETUP, 8);
	nla_put_u64(m, SMB3K_A_SESSION_ID, 42);
	nla_put(m, SMB3K_A_SEC_BLOB, sizeof(neg), neg);
	tap_ok(answer(&ctx, m, SMB3K_CMD_SESSION_SETUP, 8, tb, &r) &&
	       status_of(tb) == STATUS_MORE_PROCESSING_REQUIRED && tb[SMB3K_A_SEC_BLOB] &&
	       !memcmp(nla_data(tb[SMB3K_A_SEC_BLOB]), "NTLMSSP\0\2", 9) &&
	       !tb[SMB3K_A_SESSION_KEY],
	       "upcall: SESSION_SETUP raw NEGOTIATE -> MORE_PROCESSING_REQUIRED + CHALLENGE");
	nlmsg_free(r);
	tap_is_int(ctx.auth.n, 1, "upcall: exchange kept");

	m = upcall(SMB3K_CMD_SESSION_END, 9);
	nla_put_u64(m, SMB3K_A_SESSION_ID, 42);
	tap_ok(answer(&ctx, m, SMB3K_CMD_SESSION_END, 9, tb, &r) && ctx.auth.n == 0,
	       "upcall: SESSION_END answered, exchange freed");
	nlmsg_free(r);

	big = calloc(1, SMB3K_SEC_BLOB_MAX + 1);
	m = nlmsg_alloc_size(SMB3K_SEC_BLOB_MAX + 4096);
	genlmsg_put(m, NL_AUTO_PORT, NL_AUTO_SEQ, FAMILY, 0, 0, SMB3K_CMD_SESSION_SETUP, 1);
	nla_put_u32(m, SMB3K_A_HANDLE, 10);
	nla_put_u64(m, SMB3K_A_SESSION_ID, 43);
	nla_put(m, SMB3K_A_SEC_BLOB, SMB3K_SEC_BLOB_MAX + 1, big);
	tap_ok(answer(&ctx, m, SMB3K_CMD_SESSION_SETUP, 10, tb, &r) &&
	       status_of(tb) == STATUS_INVALID_PARAMETER,
	       "upcall: SEC_BLOB over SMB3K_SEC_BLOB_MAX -> INVALID_PARAMETER");
	nlmsg_free(r);
	free(big);

	m = upcall(SMB3K_CMD_RPC_OPEN, 11);
	nla_put_u64(m, SMB3K_A_SESSION_ID, 1);
	nla_put_string(m, SMB3K_A_PIPE_NAME, "srvsvc");
	tap_ok(answer(&ctx, m, SMB3K_CMD_RPC_OPEN, 11, tb, &r) && tb[SMB3K_A_NTSTATUS],
	       "upcall: RPC_OPEN answered with an NTSTATUS");
	nlmsg_free(r);

	m = upcall(200, 12);
	tap_ok(answer(&ctx, m, 200, 12, tb, &r) && status_of(tb) == STATUS_NOT_SUPPORTED,
	       "upcall: unknown command -> NOT_SUPPORTED");
	nlmsg_free(r);

	upcall_free(&ctx);
	config_free(&cfg);
}
