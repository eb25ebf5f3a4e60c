// SPDX-License-Identifier: GPL-2.0
/*
 * Test driver of the NTLMSSP/SPNEGO engine for tests/ntlm_client.py.
 *   ntlm_server [--guest bad-user|bad-password] [--user NAME:PASSWORD[:disabled]]...
 * stdin lines:  SETUP SESSION_ID HEX   |   END SESSION_ID
 * stdout lines: status=XXXXXXXX blob=HEX|- key=HEX|- user=U domain=D flags=N
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "auth_session.h"
#include "log.h"
#include "util.h"

static void hexline(const uint8_t *p, size_t n)
{
	char *s = xmalloc(2 * n + 1);

	hex_encode(p, n, s, false);
	fputs(n ? s : "-", stdout);
	free(s);
}

int main(int argc, char **argv)
{
	struct ntlm_server_config cfg = {
		.netbios_name = "SMB3KTEST",
		.dns_computer = "smb3ktest",
		.dns_domain = "example.test",
		.map_to_guest = MAP_TO_GUEST_NEVER,
		.guest_account = "nobody",
	};
	struct passdb db = { 0 };
	struct auth_table t;
	char line[200000];
	int i;

	log_set_level(0);
	for (i = 1; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--guest")) {
			cfg.map_to_guest = !strcmp(argv[i + 1], "bad-user") ?
					   MAP_TO_GUEST_BAD_USER : MAP_TO_GUEST_BAD_PASSWORD;
		} else if (!strcmp(argv[i], "--user")) {
			char *spec = xstrdup(argv[i + 1]), *pw = strchr(spec, ':'), *fl;
			unsigned char h[NT_HASH_SIZE];

			if (!pw)
				return 2;
			*pw++ = '\0';
			fl = strchr(pw, ':');
			if (fl)
				*fl++ = '\0';
			if (nt_hash(pw, h) || passdb_add(&db, spec, h))
				return 2;
			if (fl && !strcmp(fl, "disabled"))
				passdb_set_flags(&db, spec, PASSDB_FLAG_DISABLED);
			free(spec);
		} else {
			return 2;
		}
	}
	cfg.db = &db;
	auth_table_init(&t);
	setvbuf(stdout, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), stdin)) {
		unsigned long long sid;
		char hex[sizeof(line)];
		struct auth_setup_out out;
		uint8_t *blob;
		size_t n;

		if (sscanf(line, "END %llu", &sid) == 1) {
			auth_session_end(&t, sid);
			puts("ok");
			continue;
		}
		if (sscanf(line, "SETUP %llu %s", &sid, hex) != 2)
			return 2;
		n = strlen(hex) / 2;
		blob = xmalloc(n ? n : 1);
		if (!hex_decode(hex, blob, n))
			return 2;
		auth_session_setup(&t, &cfg, sid, blob, n, &out);
		printf("status=%08x blob=", out.status);
		hexline(out.blob, out.blob_len);
		fputs(" key=", stdout);
		hexline(out.session_key, out.status ? 0 : 16);
		printf(" user=%s domain=%s flags=%u\n", out.user ? out.user : "-",
		       out.domain && *out.domain ? out.domain : "-", out.session_flags);
		auth_setup_out_free(&out);
		free(blob);
	}
	auth_table_free(&t);
	passdb_free(&db);
	return 0;
}
