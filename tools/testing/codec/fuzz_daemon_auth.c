// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: smb3kd's SESSION_SETUP engine (auth_session.c,
 * auth_ntlmssp.c) on the security tokens of a client: SPNEGO negTokenInit
 * and negTokenResp (mechTypes, mechToken, responseToken, mechListMIC) and
 * raw NTLMSSP NEGOTIATE / AUTHENTICATE, NTLMv2 verification against a
 * fixed user database (test/test; off/off disabled; map to guest = bad
 * password), key exchange, MIC checks.
 *
 * Input: 8 bytes, the server challenge (so that an AUTHENTICATE captured
 * from real traffic verifies its NTProofStr), then records: a byte (bits
 * 0-1 the session, 0..3; bit 2: end that session's exchange first), a
 * little-endian 16-bit length and that many bytes of token. A failure may
 * only answer with a SPNEGO reject, a SUCCESS must name a user and a
 * domain.
 */
#include <stdlib.h>
#include <string.h>

#include "auth_session.h"
#include "daemon_fuzz.h"
#include "ntstatus.h"
#include "spnego.h"

static time_t fixed_now(void)
{
	return 1000;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ntlm_server_config cfg = {
		.netbios_name = "SMB3KFUZZ",
		.dns_computer = "smb3kfuzz",
		.dns_domain = "smb3kfuzz",
		.db = &fuzz_db,
		.map_to_guest = MAP_TO_GUEST_BAD_PASSWORD,
		.guest_account = "nobody",
		.fixed_time = 0x01d9000000000000ULL,
	};
	struct spnego_neg_token_resp resp;
	struct auth_setup_out out;
	struct auth_table t;
	size_t pos = 8, n;
	uint8_t *tok;
	uint64_t sid;

	if (size < 8)
		return 0;
	cfg.fixed_challenge = data;
	auth_table_init(&t);
	t.now = fixed_now;
	while (size - pos >= 3) {
		sid = 0x1000 + (data[pos] & 3);
		if (data[pos] & 4)
			auth_session_end(&t, sid);
		n = data[pos + 1] | (size_t)data[pos + 2] << 8;
		pos += 3;
		if (n > size - pos)
			n = size - pos;
		/* the token in a buffer of its own size, for ASan */
		tok = malloc(n ? n : 1);
		memcpy(tok, data + pos, n);
		pos += n;
		auth_session_setup(&t, &cfg, sid, tok, n, &out);
		free(tok);
		if (out.blob && out.status != STATUS_MORE_PROCESSING_REQUIRED &&
		    out.status != STATUS_SUCCESS &&
		    (spnego_parse_neg_token_resp(out.blob, out.blob_len, &resp) !=
		     STATUS_SUCCESS || resp.neg_state != SPNEGO_REJECT))
			abort();
		if (out.status == STATUS_SUCCESS && (!out.user || !out.domain))
			abort();
		auth_setup_out_free(&out);
	}
	auth_table_free(&t);
	return 0;
}
