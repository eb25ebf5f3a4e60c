// SPDX-License-Identifier: GPL-2.0
/* TREE_CONNECT policy: share lookup, IPC$, valid users, guests, options. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/smb3k.h>

#include "config.h"
#include "ntstatus.h"
#include "tap.h"
#include "tree_connect.h"

void test_tree_connect(void)
{
	struct errlist errs = { 0 };
	struct smb3k_config cfg;
	struct tree_connect_out o;
	char *dir = xasprintf("%s/share", tap_dir());
	char *text;

	mkdir(dir, 0755);
	text = xasprintf("[global]\nnetbios name = t\nsmb encrypt = required\n"
			 "[Data]\npath = %s\nvalid users = alice\nread only = no\n"
			 "[pub]\npath = %s\nguest ok = yes\nread only = yes\n"
			 "continuous availability = yes\nbrowseable = no\n"
			 "[off]\npath = %s\navailable = no\n"
			 "[gone]\npath = %s/missing\n"
			 "[plain]\npath = %s\nsmb encrypt = off\n",
			 dir, dir, dir, dir, dir);
	if (!tap_is_int(config_load(&cfg, tap_write("tc.conf", text), &errs), 0,
			"tree: config loads")) {
		free(text);
		free(dir);
		return;
	}
	tree_connect(&cfg, "ipc$", NULL, SMB3K_SESSION_IS_NULL, &o);
	tap_ok(o.status == STATUS_SUCCESS && o.share_type == SMB3K_SHARE_PIPE &&
	       o.maximal_access == MAXIMAL_ACCESS_FULL && !o.path,
	       "tree: IPC$ for a null session: pipe, full access");
	tree_connect(&cfg, "DATA", "Alice", 0, &o);
	tap_ok(o.status == STATUS_SUCCESS && o.share_type == SMB3K_SHARE_DISK &&
	       !strcmp(o.path, dir) && o.maximal_access == MAXIMAL_ACCESS_FULL &&
	       o.options == (SMB3K_SHARE_OPT_ENCRYPT | SMB3K_SHARE_OPT_BROWSEABLE),
	       "tree: case-insensitive share and valid user; global encrypt, browseable");
	tree_connect(&cfg, "data", "bob", 0, &o);
	tap_is_int(o.status, STATUS_ACCESS_DENIED, "tree: user not in valid users");
	tree_connect(&cfg, "data", "nobody", SMB3K_SESSION_IS_GUEST, &o);
	tap_is_int(o.status, STATUS_ACCESS_DENIED, "tree: guest on a share without guest ok");
	tree_connect(&cfg, "pub", "", SMB3K_SESSION_IS_NULL, &o);
	tap_ok(o.status == STATUS_SUCCESS && o.maximal_access == MAXIMAL_ACCESS_READ &&
	       o.options == (SMB3K_SHARE_OPT_READ_ONLY | SMB3K_SHARE_OPT_CA |
			     SMB3K_SHARE_OPT_ENCRYPT),
	       "tree: guest ok share for a null session: read-only, CA, not browseable");
	tree_connect(&cfg, "plain", "x", 0, &o);
	tap_ok(o.status == STATUS_SUCCESS && !(o.options & SMB3K_SHARE_OPT_ENCRYPT),
	       "tree: share 'smb encrypt = off' overrides the global");
	tree_connect(&cfg, "off", "x", 0, &o);
	tap_is_int(o.status, STATUS_BAD_NETWORK_NAME, "tree: available = no");
	tree_connect(&cfg, "nosuch", "x", 0, &o);
	tap_is_int(o.status, STATUS_BAD_NETWORK_NAME, "tree: unknown share");
	tree_connect(&cfg, "gone", "x", 0, &o);
	tap_is_int(o.status, STATUS_BAD_NETWORK_NAME, "tree: missing directory");
	config_free(&cfg);
	errlist_free(&errs);
	free(text);
	free(dir);
}
