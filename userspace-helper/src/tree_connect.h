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

/* session_flags: SMB3K_SESSION_IS_GUEST / IS_NULL of the session. */
void tree_connect(const struct smb3k_config *cfg, const char *share, const char *user,
		  uint32_t session_flags, struct tree_connect_out *out);

#endif
