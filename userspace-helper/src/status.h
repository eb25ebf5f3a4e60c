/* SPDX-License-Identifier: GPL-2.0 */
/* The GET_STATUS reply: parsing and the text "smb3kctl status" prints. */
#ifndef SMB3K_STATUS_H
#define SMB3K_STATUS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/smb3k.h>
#include <netlink/msg.h>

#include "listeners.h"

struct cmd_count {
	uint16_t command;		/* SMB2 command code or SMB3K_CMD_COUNT_SMB1 */
	uint64_t count;
};

struct smb3k_status {
	uint32_t abi_version;
	bool daemon;
	bool have_pid;
	uint32_t daemon_pid;
	uint64_t uptime_ms;
	struct smb3k_listener listeners[SMB3K_MAX_LISTENERS];
	size_t n_listeners;
	uint32_t connections, sessions;
	uint64_t rejected;
	struct cmd_count counts[64];	/* sorted by command */
	size_t n_counts;
};

/*
 * 0 or -EBADMSG. family_version stands in for a missing ABI_VERSION;
 * entries beyond the arrays' sizes are dropped.
 */
int status_parse(const struct nlmsghdr *nlh, uint32_t family_version,
		 struct smb3k_status *st);
void status_print(const struct smb3k_status *st, FILE *out);
/* MS-SMB2 2.2.1 name ("NEGOTIATE"), "SMB1", or NULL if unknown. */
const char *smb2_command_name(uint16_t command);

#endif
