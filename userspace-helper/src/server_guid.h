/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The ServerGuid (MS-SMB2 3.3.1.5): 16 random bytes kept in
 * STATE_DIR/server_guid as 32 hex digits (wire byte order) and a newline,
 * mode 0644, created once and never replaced.
 */
#ifndef SMB3K_SERVER_GUID_H
#define SMB3K_SERVER_GUID_H

#include <stdbool.h>

#include "errlist.h"

#define SERVER_GUID_SIZE 16
#define SERVER_GUID_FILE "server_guid"

/* Read or create. Returns 0 (*created says which) or -1 with errs filled. */
int server_guid_load(const char *state_dir, unsigned char guid[SERVER_GUID_SIZE],
		     bool *created, struct errlist *errs);

#endif
