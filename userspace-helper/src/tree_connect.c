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

const struct share_config *tree_disk_share(const struct smb3k_config *cfg, const char *name,
					   const char **why)
{
	const struct share_config *s;

	if (str_ieq(name, "IPC$")) {
		*why = "is IPC$, not a disk share";
		return NULL;
	}
	s = config_find_share(cfg, name);
	if (!s || !s->available) {
		*why = s ? "is not available" : "is not configured";
		return NULL;
	}
	*why = "";
	return s;
}

uint32_t tree_share_options(const struct smb3k_config *cfg, const struct share_config *s)
{
	uint32_t options = 0;

	if (s->read_only)
		options |= SMB3K_SHARE_OPT_READ_ONLY;
	if (s->continuous_availability)
		options |= SMB3K_SHARE_OPT_CA;
	if (s->encrypt == SHARE_ENCRYPT_REQUIRED ||
	    (s->encrypt == SHARE_ENCRYPT_INHERIT && cfg->encrypt == SMB3K_ENCRYPT_REQUIRED))
		options |= SMB3K_SHARE_OPT_ENCRYPT;
	if (s->browseable)
		options |= SMB3K_SHARE_OPT_BROWSEABLE;
	if (s->case_sensitive)
		options |= SMB3K_SHARE_OPT_CASE_SENSITIVE;
	return options;
}

void tree_connect(const struct smb3k_config *cfg, const char *share, const char *user,
		  uint32_t session_flags, struct tree_connect_out *out)
{
	const struct share_config *s;
	bool anon = session_flags & (SMB3K_SESSION_IS_GUEST | SMB3K_SESSION_IS_NULL);
	const char *why;
	struct stat st;

	errno = 0;
	memset(out, 0, sizeof(*out));
	if (str_ieq(share, "IPC$")) {
		out->status = STATUS_SUCCESS;
		out->share_type = SMB3K_SHARE_PIPE;
		out->maximal_access = MAXIMAL_ACCESS_FULL;
		return;
	}
	s = tree_disk_share(cfg, share, &why);
	if (!s) {
		log_info("tree connect: share '%s' %s", share, why);
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
	out->options = tree_share_options(cfg, s);
	out->maximal_access = s->read_only ? MAXIMAL_ACCESS_READ : MAXIMAL_ACCESS_FULL;
}
