// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 TREE_CONNECT (MS-SMB2 3.3.5.7). smb3kd decides whether the share
 * exists and the session's user may use it; the kernel keeps the tree.
 */
#include <linux/nls.h>
#include <linux/slab.h>
#include <net/genetlink.h>
#include <linux/smb3k.h>

#include "conn.h"
#include "session.h"
#include "smb2_dispatch.h"
#include "unicode.h"
#include "tree.h"
#include "upcall.h"
#include "proto/ntstatus.h"
#include "proto/smb2_session.h"

#define SMB3K_TREE_TIMEOUT_MS	10000

struct smb3k_tcon_args {
	struct smb3k_work *w;
	const char *share;
};

static int smb3k_tcon_fill(struct sk_buff *skb, void *arg)
{
	struct smb3k_tcon_args *a = arg;
	struct smb3k_session *sess = a->w->sess;
	u32 flags = (sess->is_guest ? SMB3K_SESSION_IS_GUEST : 0) |
		    (sess->is_null ? SMB3K_SESSION_IS_NULL : 0);

	if (nla_put_u64_64bit(skb, SMB3K_A_SESSION_ID, sess->id, SMB3K_A_PAD) ||
	    nla_put_string(skb, SMB3K_A_USER_NAME, sess->user) ||
	    nla_put_u32(skb, SMB3K_A_SESSION_FLAGS, flags) ||
	    smb3k_put_peer(skb, &a->w->conn->peer) ||
	    nla_put_string(skb, SMB3K_A_SHARE_NAME, a->share))
		return -EMSGSIZE;
	return 0;
}

/* The share name of "\\server\share" as NUL-terminated UTF-8, or NULL. */
static char *smb3k_tcon_share_name(const struct smb2_tree_connect_req *req)
{
	size_t off = smb2_tree_share_name(req->path, req->path_len);
	size_t units = (req->path_len - off) / 2;
	size_t max = 4 * SMB3K_SHARE_NAME_MAX;
	char *name;
	int n;

	if (off >= req->path_len || units > SMB3K_SHARE_NAME_MAX ||
	    smb3k_utf16_has_nul(req->path + off, units))
		return NULL;
	name = kmalloc(max + 1, GFP_KERNEL);
	if (!name)
		return NULL;
	n = utf16s_to_utf8s((const wchar_t *)(req->path + off), units,
			    UTF16_LITTLE_ENDIAN, name, max);
	if (n <= 0 || memchr(name, 0, n)) {
		kfree(name);
		return NULL;
	}
	name[n] = '\0';
	return name;
}

/**
 * smb3k_smb2_tree_connect() - connect the session to a share
 * @w: the request; the dispatcher found its session
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status.
 */
u32 smb3k_smb2_tree_connect(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct nlattr *tb[SMB3K_A_MAX + 1];
	struct smb2_tree_connect_req req;
	struct smb3k_tcon_args args = { .w = w };
	u32 status, options, access, flags = 0, caps = 0;
	struct sk_buff *reply = NULL;
	struct smb3k_tree *tree;
	const char *path = NULL;
	char *share;
	size_t len;
	u8 type;
	int ret;

	status = smb2_tree_connect_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	share = smb3k_tcon_share_name(&req);
	if (!share)
		return STATUS_BAD_NETWORK_NAME;
	args.share = share;

	ret = smb3k_upcall(SMB3K_CMD_TREE_CONNECT, smb3k_tcon_fill, &args,
			   512, SMB3K_TREE_TIMEOUT_MS, &reply);
	if (ret) {
		pr_warn_ratelimited("tree connect: smb3kd did not answer (%d)\n", ret);
		status = STATUS_BAD_NETWORK_NAME;
		goto out;
	}
	if (smb3k_upcall_parse(reply, tb) || !tb[SMB3K_A_NTSTATUS]) {
		status = STATUS_INTERNAL_ERROR;
		goto out;
	}
	status = nla_get_u32(tb[SMB3K_A_NTSTATUS]);
	if (status != STATUS_SUCCESS)
		goto out;
	if (!tb[SMB3K_A_SHARE_TYPE] || !tb[SMB3K_A_MAXIMAL_ACCESS]) {
		status = STATUS_INTERNAL_ERROR;
		goto out;
	}
	type = nla_get_u8(tb[SMB3K_A_SHARE_TYPE]);
	access = nla_get_u32(tb[SMB3K_A_MAXIMAL_ACCESS]);
	options = tb[SMB3K_A_SHARE_OPTIONS] ? nla_get_u32(tb[SMB3K_A_SHARE_OPTIONS]) : 0;
	if (type == SMB3K_SHARE_DISK) {
		if (!tb[SMB3K_A_SHARE_PATH]) {
			status = STATUS_INTERNAL_ERROR;
			goto out;
		}
		path = nla_data(tb[SMB3K_A_SHARE_PATH]);
	}

	/* 3.3.5.7: a share that encrypts refuses a connection that cannot. */
	if (options & SMB3K_SHARE_OPT_ENCRYPT) {
		if (w->conn->dialect < SMB3K_DIALECT_300 || !w->conn->cipher) {
			status = STATUS_ACCESS_DENIED;
			goto out;
		}
		flags |= SMB2_SHAREFLAG_ENCRYPT_DATA;
	}

	tree = smb3k_tree_add(w->sess, type, options, access, share, path);
	if (IS_ERR(tree)) {
		status = PTR_ERR(tree) == -ENOENT ? STATUS_USER_SESSION_DELETED :
			 PTR_ERR(tree) == -ENODEV ? STATUS_BAD_NETWORK_NAME :
			 STATUS_INSUFFICIENT_RESOURCES;
		goto out;
	}
	smb3k_work_set_tree(w, tree);
	w->rsp_tree_id = tree->id;

	if (type == SMB3K_SHARE_PIPE) {
		flags |= SMB2_SHAREFLAG_NO_CACHING;
	} else if ((options & SMB3K_SHARE_OPT_CA) &&
		   w->conn->dialect >= SMB3K_DIALECT_300) {
		caps |= SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY;
	}
	status = smb2_tree_connect_build_rsp(type == SMB3K_SHARE_PIPE ?
					     SMB2_SHARE_TYPE_PIPE : SMB2_SHARE_TYPE_DISK,
					     flags, caps, access, body, cap, &len);
	*body_len = len;
out:
	kfree_skb(reply);
	kfree(share);
	return status;
}
