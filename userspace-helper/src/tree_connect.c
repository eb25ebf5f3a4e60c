// SPDX-License-Identifier: GPL-2.0
#include "tree_connect.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>

#include <linux/smb3k.h>

#include "log.h"
#include "ntstatus.h"
#include "util.h"

static bool valid_user(const struct share_config *s, const char *user)
{
	size_t i;

	if (!s->n_valid_users)
		return true;
	for (i = 0; i < s->n_valid_users; i++)
		if (user && str_ieq(s->valid_users[i], user))
			return true;
	return false;
}

void tree_connect(const struct smb3k_config *cfg, const char *share, const char *user,
		  uint32_t session_flags, struct tree_connect_out *out)
{
	const struct share_config *s;
	bool anon = session_flags & (SMB3K_SESSION_IS_GUEST | SMB3K_SESSION_IS_NULL);
	struct stat st;

	errno = 0;
	memset(out, 0, sizeof(*out));
	if (str_ieq(share, "IPC$")) {
		out->status = STATUS_SUCCESS;
		out->share_type = SMB3K_SHARE_PIPE;
		out->maximal_access = MAXIMAL_ACCESS_FULL;
		return;
	}
	s = config_find_share(cfg, share);
	if (!s || !s->available) {
		log_info("tree connect: no share '%s'%s", share, s ? " (not available)" : "");
		out->status = STATUS_BAD_NETWORK_NAME;
		return;
	}
	if (anon && !s->guest_ok) {
		log_info("tree connect: share '%s' refused to a %s session", s->name,
			 session_flags & SMB3K_SESSION_IS_NULL ? "null" : "guest");
		out->status = STATUS_ACCESS_DENIED;
		return;
	}
	if (!anon && !valid_user(s, user)) {
		log_info("tree connect: user '%s' not in 'valid users' of '%s'", user, s->name);
		out->status = STATUS_ACCESS_DENIED;
		return;
	}
	if (stat(s->path, &st) || !S_ISDIR(st.st_mode)) {
		log_err("share '%s': path %s: %s", s->name, s->path,
			errno ? strerror(errno) : "not a directory");
		out->status = STATUS_BAD_NETWORK_NAME;
		return;
	}
	out->status = STATUS_SUCCESS;
	out->share_type = SMB3K_SHARE_DISK;
	out->path = s->path;
	if (s->read_only)
		out->options |= SMB3K_SHARE_OPT_READ_ONLY;
	if (s->continuous_availability)
		out->options |= SMB3K_SHARE_OPT_CA;
	if (s->encrypt == SHARE_ENCRYPT_REQUIRED ||
	    (s->encrypt == SHARE_ENCRYPT_INHERIT && cfg->encrypt == SMB3K_ENCRYPT_REQUIRED))
		out->options |= SMB3K_SHARE_OPT_ENCRYPT;
	if (s->browseable)
		out->options |= SMB3K_SHARE_OPT_BROWSEABLE;
	if (s->case_sensitive)
		out->options |= SMB3K_SHARE_OPT_CASE_SENSITIVE;
	out->maximal_access = s->read_only ? MAXIMAL_ACCESS_READ : MAXIMAL_ACCESS_FULL;
}
