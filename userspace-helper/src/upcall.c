// SPDX-License-Identifier: GPL-2.0
#include "upcall.h"

#include <ctype.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/smb3k.h>
#include <netlink/genl/genl.h>

#include "log.h"
#include "nl_msgs.h"
#include "ntstatus.h"
#include "tree_connect.h"
#include "util.h"

#if __has_include("rpc_upcall.h")
#include "rpc_upcall.h"
#else
int rpc_upcall(const struct smb3k_config *cfg, uint8_t cmd, struct nlattr *const *tb,
	       struct nl_msg *reply);
#endif

/* Room for the largest answer: RPC data plus headers. */
#define REPLY_SIZE	(SMB3K_RPC_DATA_MAX + 4096)

/* Until the DCE/RPC server is linked in: pipes are not supported. */
__attribute__((weak)) int rpc_upcall(const struct smb3k_config *cfg, uint8_t cmd,
				     struct nlattr *const *tb, struct nl_msg *reply)
{
	(void)cfg;
	(void)cmd;
	(void)tb;
	return nla_put_u32(reply, SMB3K_A_NTSTATUS, STATUS_NOT_SUPPORTED) ? -EMSGSIZE : 0;
}

void upcall_init(struct upcall_ctx *ctx, const struct smb3k_config *cfg,
		 const struct passdb *db)
{
	char host[256] = "";
	char *dot;
	size_t i;

	memset(ctx, 0, sizeof(*ctx));
	ctx->cfg = cfg;
	ctx->db = db;
	auth_table_init(&ctx->auth);
	if (gethostname(host, sizeof(host) - 1))
		host[0] = '\0';
	for (i = 0; host[i]; i++)
		host[i] = (char)tolower((unsigned char)host[i]);
	dot = strchr(host, '.');
	snprintf(ctx->dns_domain, sizeof(ctx->dns_domain), "%s", dot ? dot + 1 : "");
	if (dot)
		*dot = '\0';
	snprintf(ctx->dns_computer, sizeof(ctx->dns_computer), "%s",
		 *host ? host : cfg->netbios_name);
	if (!*ctx->dns_domain)
		snprintf(ctx->dns_domain, sizeof(ctx->dns_domain), "%s", ctx->dns_computer);
}

void upcall_free(struct upcall_ctx *ctx)
{
	auth_table_free(&ctx->auth);
}

static const char *cmd_name(uint8_t cmd)
{
	switch (cmd) {
	case SMB3K_CMD_HEARTBEAT: return "HEARTBEAT";
	case SMB3K_CMD_SESSION_SETUP: return "SESSION_SETUP";
	case SMB3K_CMD_SESSION_END: return "SESSION_END";
	case SMB3K_CMD_TREE_CONNECT: return "TREE_CONNECT";
	case SMB3K_CMD_RPC_OPEN: return "RPC_OPEN";
	case SMB3K_CMD_RPC_WRITE: return "RPC_WRITE";
	case SMB3K_CMD_RPC_READ: return "RPC_READ";
	case SMB3K_CMD_RPC_TRANSACT: return "RPC_TRANSACT";
	case SMB3K_CMD_RPC_CLOSE: return "RPC_CLOSE";
	case SMB3K_CMD_OPEN_SAVE: return "OPEN_SAVE";
	case SMB3K_CMD_OPEN_REMOVE: return "OPEN_REMOVE";
	}
	return "unknown";
}

static int put_status(struct nl_msg *reply, uint32_t status)
{
	return nla_put_u32(reply, SMB3K_A_NTSTATUS, status) ? -EMSGSIZE : 0;
}

/*
 * The user's supplementary groups (the system's, as for a local login), so
 * that file access honours group permissions. None when the uid has no
 * passwd entry.
 */
static int put_groups(struct nl_msg *reply, uint32_t uid, uint32_t gid)
{
	gid_t groups[SMB3K_GROUPS_MAX];
	uint32_t ids[SMB3K_GROUPS_MAX];
	int n = SMB3K_GROUPS_MAX, i;
	struct passwd *pw = getpwuid(uid);

	if (!pw)
		return 0;
	if (getgrouplist(pw->pw_name, gid, groups, &n) < 0) {
		log_info("user %s is in more than %d groups: the first %d are used",
			 pw->pw_name, SMB3K_GROUPS_MAX, SMB3K_GROUPS_MAX);
		n = SMB3K_GROUPS_MAX;
	}
	for (i = 0; i < n; i++)
		ids[i] = (uint32_t)groups[i];
	return n > 0 ? nla_put(reply, SMB3K_A_GROUPS, n * (int)sizeof(ids[0]), ids) : 0;
}

static int session_setup(struct upcall_ctx *ctx, struct nlattr *const *tb,
			 struct nl_msg *reply)
{
	const struct smb3k_config *cfg = ctx->cfg;
	struct ntlm_server_config ncfg = {
		.netbios_name = cfg->netbios_name,
		.dns_computer = ctx->dns_computer,
		.dns_domain = ctx->dns_domain,
		.db = ctx->db,
		.map_to_guest = cfg->map_to_guest,
		.guest_account = cfg->guest_account,
		.fixed_challenge = ctx->fixed_challenge,
	};
	struct auth_setup_out out;
	uint64_t sid;
	int rc = 0;

	if (!tb[SMB3K_A_SESSION_ID] || !tb[SMB3K_A_SEC_BLOB]) {
		log_warn("SESSION_SETUP upcall without SESSION_ID or SEC_BLOB");
		return put_status(reply, STATUS_INVALID_PARAMETER);
	}
	sid = nla_get_u64(tb[SMB3K_A_SESSION_ID]);
	auth_session_setup(&ctx->auth, &ncfg, sid, nla_data(tb[SMB3K_A_SEC_BLOB]),
			   (size_t)nla_len(tb[SMB3K_A_SEC_BLOB]), &out);
	if (out.blob_len > SMB3K_SEC_BLOB_MAX) {
		log_err("session %#llx: reply token too large", (unsigned long long)sid);
		auth_session_end(&ctx->auth, sid);
		auth_setup_out_free(&out);
		return put_status(reply, STATUS_INTERNAL_ERROR);
	}
	if (out.status != STATUS_SUCCESS && out.status != STATUS_MORE_PROCESSING_REQUIRED)
		log_info("session %#llx: logon failed: status %#x", (unsigned long long)sid,
			 out.status);
	if (put_status(reply, out.status) ||
	    (out.blob && nla_put(reply, SMB3K_A_SEC_BLOB, (int)out.blob_len, out.blob)))
		rc = -EMSGSIZE;
	if (!rc && out.status == STATUS_SUCCESS &&
	    (nla_put(reply, SMB3K_A_SESSION_KEY, 16, out.session_key) ||
	     nla_put_string(reply, SMB3K_A_USER_NAME, out.user) ||
	     nla_put_string(reply, SMB3K_A_USER_DOMAIN, out.domain) ||
	     nla_put_u32(reply, SMB3K_A_UID, out.uid) ||
	     nla_put_u32(reply, SMB3K_A_GID, out.gid) ||
	     nla_put_u32(reply, SMB3K_A_SESSION_FLAGS, out.session_flags) ||
	     put_groups(reply, out.uid, out.gid)))
		rc = -EMSGSIZE;
	auth_setup_out_free(&out);
	return rc;
}

static int tree_connect_upcall(struct upcall_ctx *ctx, struct nlattr *const *tb,
			       struct nl_msg *reply)
{
	struct tree_connect_out out;
	const char *share;

	if (!tb[SMB3K_A_SHARE_NAME]) {
		log_warn("TREE_CONNECT upcall without SHARE_NAME");
		return put_status(reply, STATUS_INVALID_PARAMETER);
	}
	share = nla_get_string(tb[SMB3K_A_SHARE_NAME]);
	tree_connect(ctx->cfg, share,
		     tb[SMB3K_A_USER_NAME] ? nla_get_string(tb[SMB3K_A_USER_NAME]) : NULL,
		     tb[SMB3K_A_SESSION_FLAGS] ? nla_get_u32(tb[SMB3K_A_SESSION_FLAGS]) : 0,
		     &out);
	if (put_status(reply, out.status))
		return -EMSGSIZE;
	if (out.status != STATUS_SUCCESS)
		return 0;
	if (nla_put_u8(reply, SMB3K_A_SHARE_TYPE, out.share_type) ||
	    (out.path && nla_put_string(reply, SMB3K_A_SHARE_PATH, out.path)) ||
	    nla_put_u32(reply, SMB3K_A_SHARE_OPTIONS, out.options) ||
	    nla_put_u32(reply, SMB3K_A_MAXIMAL_ACCESS, out.maximal_access))
		return -EMSGSIZE;
	return 0;
}

static struct nl_msg *new_reply(uint16_t family, uint8_t cmd, uint32_t handle)
{
	struct nl_msg *msg = nlmsg_alloc_size(REPLY_SIZE);

	if (!msg)
		return NULL;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, family, 0, 0, cmd,
			 SMB3K_ABI_VERSION) ||
	    nla_put_u32(msg, SMB3K_A_HANDLE, handle)) {
		nlmsg_free(msg);
		return NULL;
	}
	return msg;
}

struct nl_msg *upcall_answer(struct upcall_ctx *ctx, const struct nlmsghdr *nlh)
{
	struct nlattr *tb[SMB3K_A_MAX + 1];
	const struct genlmsghdr *g;
	struct nl_msg *reply;
	uint32_t handle;
	uint8_t cmd;
	int rc = 0;

	if (nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN) {
		log_warn("ignoring a truncated message from the kernel");
		return NULL;
	}
	g = nlmsg_data(nlh);
	cmd = g->cmd;
	if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, SMB3K_A_MAX,
			  (struct nla_policy *)smb3k_attr_policy) < 0) {
		/* answer anyway if the handle can be found */
		if (genlmsg_parse((struct nlmsghdr *)nlh, 0, tb, SMB3K_A_MAX, NULL) < 0 ||
		    !tb[SMB3K_A_HANDLE] || nla_len(tb[SMB3K_A_HANDLE]) != 4) {
			log_warn("ignoring a malformed %s upcall", cmd_name(cmd));
			return NULL;
		}
		log_warn("malformed %s upcall %u", cmd_name(cmd), nla_get_u32(tb[SMB3K_A_HANDLE]));
		reply = new_reply(nlh->nlmsg_type, cmd, nla_get_u32(tb[SMB3K_A_HANDLE]));
		if (reply && put_status(reply, STATUS_INVALID_PARAMETER)) {
			nlmsg_free(reply);
			reply = NULL;
		}
		return reply;
	}
	if (!tb[SMB3K_A_HANDLE]) {
		log_warn("ignoring a %s upcall without a handle", cmd_name(cmd));
		return NULL;
	}
	handle = nla_get_u32(tb[SMB3K_A_HANDLE]);
	reply = new_reply(nlh->nlmsg_type, cmd, handle);
	if (!reply) {
		log_err("%s upcall %u: out of memory", cmd_name(cmd), handle);
		return NULL;
	}
	switch (cmd) {
	case SMB3K_CMD_HEARTBEAT:
		break;
	case SMB3K_CMD_SESSION_SETUP:
		rc = session_setup(ctx, tb, reply);
		break;
	case SMB3K_CMD_SESSION_END:
		if (tb[SMB3K_A_SESSION_ID]) {
			uint64_t sid = nla_get_u64(tb[SMB3K_A_SESSION_ID]);

			auth_session_end(&ctx->auth, sid);
			/* The kernel closes its pipes one by one; drop any it missed. */
			rpc_session_end(sid);
		}
		rc = put_status(reply, STATUS_SUCCESS);
		break;
	case SMB3K_CMD_TREE_CONNECT:
		rc = tree_connect_upcall(ctx, tb, reply);
		break;
	case SMB3K_CMD_RPC_OPEN:
	case SMB3K_CMD_RPC_WRITE:
	case SMB3K_CMD_RPC_READ:
	case SMB3K_CMD_RPC_TRANSACT:
	case SMB3K_CMD_RPC_CLOSE:
		rc = rpc_upcall(ctx->cfg, cmd, tb, reply);
		break;
	case SMB3K_CMD_OPEN_SAVE:
		rc = put_status(reply, persist_save(ctx->persist, tb[SMB3K_A_OPEN]));
		break;
	case SMB3K_CMD_OPEN_REMOVE:
		rc = put_status(reply, persist_remove(ctx->persist, tb[SMB3K_A_OPEN_ID]));
		break;
	default:
		log_warn("unknown upcall command %u", cmd);
		rc = put_status(reply, STATUS_NOT_SUPPORTED);
		break;
	}
	if (rc) {
		/* start over with just the handle and a failure */
		log_err("%s upcall %u: cannot build the answer: %s", cmd_name(cmd), handle,
			strerror(-rc));
		nlmsg_free(reply);
		reply = new_reply(nlh->nlmsg_type, cmd, handle);
		if (reply && put_status(reply, STATUS_INTERNAL_ERROR)) {
			nlmsg_free(reply);
			reply = NULL;
		}
	}
	return reply;
}

void upcall_handle(struct upcall_ctx *ctx, struct smb3k_nl *nl, const struct nlmsghdr *nlh)
{
	struct nl_msg *reply = upcall_answer(ctx, nlh);
	const struct genlmsghdr *g = nlmsg_data(nlh);
	int rc;

	if (!reply)
		return;
	rc = smb3k_nl_send(nl, reply);
	if (rc)
		log_err("cannot answer %s upcall: %s", cmd_name(g->cmd), strerror(-rc));
	else
		log_debug("%s upcall answered", cmd_name(g->cmd));
	nlmsg_free(reply);
}
