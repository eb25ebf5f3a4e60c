/* SPDX-License-Identifier: GPL-2.0 */
/* TREE_CONNECT policy (MS-SMB2 3.3.5.7): which share, may this session use it. */
#ifndef SMB3K_TREE_CONNECT_H
#define SMB3K_TREE_CONNECT_H

#include <stdint.h>

#include "config.h"

#define MAXIMAL_ACCESS_FULL	0x001F01FFU
#define MAXIMAL_ACCESS_READ	0x001200A9U

struct tree_connect_out {
	uint32_t status;		/* NTSTATUS */
	uint8_t share_type;		/* enum smb3k_share_type */
	const char *path;		/* disk shares; points into the config */
	uint32_t options;		/* SMB3K_SHARE_OPT_* */
	uint32_t maximal_access;
};

/*
 * The disk share a tree connect to name reaches (case-insensitive, and
 * available), or NULL with why saying what it is instead ("is IPC$, not a
 * disk share", "is not configured", "is not available").
 */
const struct share_config *tree_disk_share(const struct smb3k_config *cfg, const char *name,
					   const char **why);
/* SMB3K_SHARE_OPT_* of disk share s, as TREE_CONNECT answers them. */
uint32_t tree_share_options(const struct smb3k_config *cfg, const struct share_config *s);

/* session_flags: SMB3K_SESSION_IS_GUEST / IS_NULL of the session. */
void tree_connect(const struct smb3k_config *cfg, const char *share, const char *user,
		  uint32_t session_flags, struct tree_connect_out *out);

#endif
