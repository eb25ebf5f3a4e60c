/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The upcall dispatcher: every kernel -> daemon message is parsed with the
 * SMB3K policy, handled, and answered with exactly one message of the same
 * command starting with its SMB3K_A_HANDLE (none if it has no handle).
 */
#ifndef SMB3K_UPCALL_H
#define SMB3K_UPCALL_H

#include <netlink/msg.h>

#include "auth_session.h"
#include "config.h"
#include "nl.h"
#include "passdb.h"
#include "persist.h"

struct upcall_ctx {
	const struct smb3k_config *cfg;	/* the daemon's, followed on reload */
	const struct passdb *db;
	struct persist *persist;	/* OPEN_SAVE/OPEN_REMOVE; NULL: no store */
	struct auth_table auth;
	char dns_computer[256];
	char dns_domain[256];
	const uint8_t *fixed_challenge;	/* tests only */
};

void upcall_init(struct upcall_ctx *ctx, const struct smb3k_config *cfg,
		 const struct passdb *db);
void upcall_free(struct upcall_ctx *ctx);

/* The answer to one upcall, or NULL when there is none to send. */
struct nl_msg *upcall_answer(struct upcall_ctx *ctx, const struct nlmsghdr *nlh);
/* Answer and send it. */
void upcall_handle(struct upcall_ctx *ctx, struct smb3k_nl *nl, const struct nlmsghdr *nlh);

#endif
