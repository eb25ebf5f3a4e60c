/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The NTLMSSP server (MS-NLMP 3.2.5, connection-oriented, NTLMv2 only):
 * NEGOTIATE -> CHALLENGE, then AUTHENTICATE -> a result with the user and
 * the exported session key. Messages are parsed by kernel/proto/ntlmssp.c.
 */
#ifndef SMB3K_AUTH_NTLMSSP_H
#define SMB3K_AUTH_NTLMSSP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "passdb.h"

struct ntlm_server_config {
	const char *netbios_name;	/* TargetName, MsvAvNb*Name */
	const char *dns_computer;	/* MsvAvDnsComputerName */
	const char *dns_domain;		/* MsvAvDnsDomainName */
	const struct passdb *db;
	enum map_to_guest map_to_guest;
	const char *guest_account;
	/* tests only: fixed challenge and timestamp (NULL / 0 = random, now) */
	const uint8_t *fixed_challenge;
	uint64_t fixed_time;
};

/* Between CHALLENGE and AUTHENTICATE. */
struct ntlm_exchange {
	uint8_t challenge[8];
	uint32_t flags;			/* as sent in CHALLENGE */
	uint8_t *negotiate, *challenge_msg;
	size_t negotiate_len, challenge_len;
};

struct ntlm_result {
	uint32_t status;		/* NTSTATUS */
	uint32_t session_flags;		/* SMB3K_SESSION_IS_GUEST / IS_NULL */
	uint32_t flags;			/* negotiated NegotiateFlags */
	bool have_key;			/* exported_key is the real key */
	bool auth_mic;			/* AUTHENTICATE carried a verified MIC */
	uint8_t exported_key[16];
	char *user, *domain;		/* UTF-8; passdb spelling for users */
	uint32_t uid, gid;
};

/*
 * NEGOTIATE in, CHALLENGE out (*out malloc'ed). Returns STATUS_SUCCESS or
 * STATUS_INVALID_PARAMETER. ex must be zeroed or freed before.
 */
uint32_t ntlm_server_negotiate(const struct ntlm_server_config *cfg, struct ntlm_exchange *ex,
			       const uint8_t *msg, size_t len, uint8_t **out, size_t *out_len);
/* AUTHENTICATE in; res->status says the outcome. Free res with ntlm_result_free. */
void ntlm_server_authenticate(const struct ntlm_server_config *cfg,
			      const struct ntlm_exchange *ex, const uint8_t *msg, size_t len,
			      struct ntlm_result *res);
void ntlm_exchange_free(struct ntlm_exchange *ex);
void ntlm_result_free(struct ntlm_result *res);

/* UTF-16LE -> UTF-8 (malloc'ed), NULL for unpaired surrogates or NUL. */
char *utf16le_to_utf8(const uint8_t *s, size_t len);

#endif
