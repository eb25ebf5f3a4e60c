/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SESSION_SETUP exchanges in progress, per SMB session id: SPNEGO
 * (negTokenInit / negTokenResp, mechListMIC) or raw NTLMSSP around the
 * NTLMSSP server. At most AUTH_MAX_EXCHANGES at once (the oldest is
 * dropped), each forgotten AUTH_EXPIRY_SEC after its last round trip.
 */
#ifndef SMB3K_AUTH_SESSION_H
#define SMB3K_AUTH_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "auth_ntlmssp.h"

#define AUTH_MAX_EXCHANGES	1024
#define AUTH_EXPIRY_SEC		60

struct auth_exchange;

struct auth_table {
	struct auth_exchange *head;	/* most recent first */
	size_t n;
	time_t (*now)(void);		/* monotonic seconds; tests replace it */
};

struct auth_setup_out {
	uint32_t status;		/* NTSTATUS for the client */
	uint8_t *blob;			/* token for the client, may be NULL */
	size_t blob_len;
	/* when status is STATUS_SUCCESS: */
	uint8_t session_key[16];	/* zero for guest and null sessions */
	char *user, *domain;
	uint32_t uid, gid, session_flags;
};

void auth_table_init(struct auth_table *t);
void auth_table_free(struct auth_table *t);
/* One SESSION_SETUP round trip; fills out (free it with auth_setup_out_free). */
void auth_session_setup(struct auth_table *t, const struct ntlm_server_config *cfg,
			uint64_t session_id, const uint8_t *blob, size_t len,
			struct auth_setup_out *out);
void auth_session_end(struct auth_table *t, uint64_t session_id);
void auth_setup_out_free(struct auth_setup_out *out);

#endif
