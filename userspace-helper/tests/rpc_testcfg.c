// SPDX-License-Identifier: GPL-2.0
/* The fixed configuration of the RPC tests (rpc_testcfg.h). */
#include <stdlib.h>
#include <string.h>

#include "rpc_testcfg.h"
#include "util.h"

static void add_share(struct smb3k_config *cfg, const char *name, const char *path,
		      const char *comment, bool browseable, bool ca)
{
	struct share_config *s = &cfg->shares[cfg->n_shares++];

	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->path = xstrdup(path);
	s->comment = xstrdup(comment);
	s->browseable = browseable;
	s->available = true;
	s->continuous_availability = ca;
}

void rpc_test_config(struct smb3k_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->netbios_name = xstrdup("SMB3KTEST");
	cfg->server_string = xstrdup("smb3k test server");
	cfg->shares = xcalloc(3, sizeof(*cfg->shares));
	add_share(cfg, "data", "/srv/data", "Data share", true, false);
	add_share(cfg, "ca", "/srv/ca", "CA share", true, true);
	add_share(cfg, "hidden", "/srv/hidden", "", false, false);
}

void rpc_test_config_free(struct smb3k_config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_shares; i++) {
		free(cfg->shares[i].name);
		free(cfg->shares[i].path);
		free(cfg->shares[i].comment);
	}
	free(cfg->shares);
	free(cfg->netbios_name);
	free(cfg->server_string);
	memset(cfg, 0, sizeof(*cfg));
}
