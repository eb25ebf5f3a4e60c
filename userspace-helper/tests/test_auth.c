// SPDX-License-Identifier: GPL-2.0
/*
 * NTLM crypto against MS-NLMP 4.2.4, the NTLMSSP engine on the spec's
 * AUTHENTICATE_MESSAGE and lying variants of it, the exchange table, and
 * tests/ntlm_client.py (impacket) against build/test/ntlm_server.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include <linux/smb3k.h>

#include "auth_crypto.h"
#include "auth_session.h"
#include "ntlmssp.h"
#include "ntstatus.h"
#include "tap.h"

static const uint8_t server_challenge[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };

/* MS-NLMP 4.2.4.3 AUTHENTICATE_MESSAGE */
static const uint8_t auth_msg[] = {
	0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00, 0x03, 0x00, 0x00, 0x00, 0x18, 0x00, 0x18, 0x00,
	0x6c, 0x00, 0x00, 0x00, 0x54, 0x00, 0x54, 0x00, 0x84, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0c, 0x00,
	0x48, 0x00, 0x00, 0x00, 0x08, 0x00, 0x08, 0x00, 0x54, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00,
	0x5c, 0x00, 0x00, 0x00, 0x10, 0x00, 0x10, 0x00, 0xd8, 0x00, 0x00, 0x00, 0x35, 0x82, 0x88, 0xe2,
	0x05, 0x01, 0x28, 0x0a, 0x00, 0x00, 0x00, 0x0f, 0x44, 0x00, 0x6f, 0x00, 0x6d, 0x00, 0x61, 0x00,
	0x69, 0x00, 0x6e, 0x00, 0x55, 0x00, 0x73, 0x00, 0x65, 0x00, 0x72, 0x00, 0x43, 0x00, 0x4f, 0x00,
	0x4d, 0x00, 0x50, 0x00, 0x55, 0x00, 0x54, 0x00, 0x45, 0x00, 0x52, 0x00, 0x86, 0xc3, 0x50, 0x97,
	0xac, 0x9c, 0xec, 0x10, 0x25, 0x54, 0x76, 0x4a, 0x57, 0xcc, 0xcc, 0x19, 0xaa, 0xaa, 0xaa, 0xaa,
	0xaa, 0xaa, 0xaa, 0xaa, 0x68, 0xcd, 0x0a, 0xb8, 0x51, 0xe5, 0x1c, 0x96, 0xaa, 0xbc, 0x92, 0x7b,
	0xeb, 0xef, 0x6a, 0x1c, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x0c, 0x00, 0x44, 0x00, 0x6f, 0x00, 0x6d, 0x00, 0x61, 0x00, 0x69, 0x00, 0x6e, 0x00,
	0x01, 0x00, 0x0c, 0x00, 0x53, 0x00, 0x65, 0x00, 0x72, 0x00, 0x76, 0x00, 0x65, 0x00, 0x72, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc5, 0xda, 0xd2, 0x54, 0x4f, 0xc9, 0x79, 0x90,
	0x94, 0xce, 0x1c, 0xe9, 0x0b, 0xc9, 0xd0, 0x3e,
};

static const uint8_t ntowfv2_want[16] = {
	0x0c, 0x86, 0x8a, 0x40, 0x3b, 0xfd, 0x7a, 0x93, 0xa3, 0x00, 0x1e, 0xf2, 0x2e, 0xf0, 0x2e, 0x3f,
};
static const uint8_t base_key_want[16] = {
	0x8d, 0xe4, 0x0c, 0xca, 0xdb, 0xc1, 0x4a, 0x82, 0xf1, 0x5c, 0xb0, 0xad, 0x0d, 0xe9, 0x5c, 0xa3,
};
static const uint8_t proof_want[16] = {
	0x68, 0xcd, 0x0a, 0xb8, 0x51, 0xe5, 0x1c, 0x96, 0xaa, 0xbc, 0x92, 0x7b, 0xeb, 0xef, 0x6a, 0x1c,
};
static const uint8_t enc_key_want[16] = {
	0xc5, 0xda, 0xd2, 0x54, 0x4f, 0xc9, 0x79, 0x90, 0x94, 0xce, 0x1c, 0xe9, 0x0b, 0xc9, 0xd0, 0x3e,
};
static const uint8_t seal_key_want[16] = {
	0x59, 0xf6, 0x00, 0x97, 0x3c, 0xc4, 0x96, 0x0a, 0x25, 0x48, 0x0a, 0x7c, 0x19, 0x6e, 0x4c, 0x58,
};
static const uint8_t sign_key_want[16] = {
	0x47, 0x88, 0xdc, 0x86, 0x1b, 0x47, 0x82, 0xf3, 0x5d, 0x43, 0xfd, 0x98, 0xfe, 0x1a, 0x2d, 0x39,
};
static const uint8_t sealed_want[18] = {
	0x54, 0xe5, 0x01, 0x65, 0xbf, 0x19, 0x36, 0xdc, 0x99, 0x60, 0x20, 0xc1, 0x81, 0x1b, 0x0f, 0x06,
	0xfb, 0x5f,
};
static const uint8_t signature_want[16] = {
	0x01, 0x00, 0x00, 0x00, 0x7f, 0xb3, 0x8e, 0xc5, 0xc5, 0x5d, 0x49, 0x76, 0x00, 0x00, 0x00, 0x00,
};

#define CHALLENGE_FLAGS 0xe28a8233U

static void test_vectors(void)
{
	static const uint8_t user[] = { 'U', 0, 's', 0, 'e', 0, 'r', 0 };
	static const uint8_t dom[] = { 'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0 };
	static const uint8_t plain[] = { 'P', 0, 'l', 0, 'a', 0, 'i', 0, 'n', 0, 't', 0, 'e', 0,
					 'x', 0, 't', 0 };
	uint8_t h[16], ntowf[16], proof[16], base[16], enc[16], key[16], out[18], sig[16];
	struct ntlmssp_v2_response v2;
	struct rc4_state rc4;

	memset(key, 0x55, 16);
	nt_hash("Password", h);
	tap_is_int(ntowf_v2(h, user, sizeof(user), dom, sizeof(dom), ntowf), 0, "nlmp: ntowf_v2");
	tap_is_mem(ntowf, ntowfv2_want, 16, "nlmp 4.2.4.1.1: NTOWFv2(Password, User, Domain)");
	tap_is_int(ntlmssp_parse_v2_response(auth_msg + 0x84, 0x54, &v2), STATUS_SUCCESS,
		   "nlmp: the spec's NTLMv2 response parses");
	tap_is_int(v2.blob_len, 0x54 - 16, "nlmp: blob (temp) length");
	hmac_md5(ntowf, 16, server_challenge, 8, v2.blob, v2.blob_len, NULL, 0, proof);
	tap_is_mem(proof, proof_want, 16, "nlmp 4.2.4.2.2: NTProofStr");
	hmac_md5(ntowf, 16, proof, 16, NULL, 0, NULL, 0, base);
	tap_is_mem(base, base_key_want, 16, "nlmp 4.2.4.1.2: SessionBaseKey");
	rc4_init(&rc4, base, 16);
	rc4_crypt(&rc4, key, enc, 16);
	tap_is_mem(enc, enc_key_want, 16, "nlmp 4.2.4.2.3: encrypted session key (RC4)");

	ntlm_seal_key(key, CHALLENGE_FLAGS, true, h);
	tap_is_mem(h, seal_key_want, 16, "nlmp 4.2.4.4: SEALKEY client-to-server");
	rc4_init(&rc4, h, 16);
	rc4_crypt(&rc4, plain, out, sizeof(plain));
	tap_is_mem(out, sealed_want, sizeof(sealed_want), "nlmp 4.2.4.4: sealed data");
	ntlm_sign_key(key, true, h);
	tap_is_mem(h, sign_key_want, 16, "nlmp 4.2.4.4: SIGNKEY client-to-server");
	ntlm_mac(h, &rc4, 0, plain, sizeof(plain), sig);
	tap_is_mem(sig, signature_want, 16, "nlmp 4.2.4.4: MAC (HMAC_MD5, RC4'd checksum)");
	ntlm_seal_key(key, CHALLENGE_FLAGS, false, h);
	tap_ok(memcmp(h, seal_key_want, 16) != 0, "nlmp: server-to-client seal key differs");
}

static struct passdb db;

static void make_db(void)
{
	uint8_t h[16];

	nt_hash("Password", h);
	passdb_add(&db, "user", h);
	nt_hash("other", h);
	passdb_add(&db, "off", h);
	passdb_set_flags(&db, "off", PASSDB_FLAG_DISABLED);
}

static struct ntlm_server_config server_cfg(enum map_to_guest g)
{
	struct ntlm_server_config c = {
		.netbios_name = "SERVER", .dns_computer = "server", .dns_domain = "domain",
		.db = &db, .map_to_guest = g, .guest_account = "nobody",
	};

	return c;
}

static uint32_t auth_status(const uint8_t *msg, size_t len, enum map_to_guest g,
			    struct ntlm_result *r)
{
	struct ntlm_server_config c = server_cfg(g);
	struct ntlm_exchange ex = { .flags = CHALLENGE_FLAGS };
	uint8_t *copy = malloc(len ? len : 1);
	uint32_t st;

	memcpy(ex.challenge, server_challenge, 8);
	memcpy(copy, msg, len);	/* exactly sized, for ASan */
	ntlm_server_authenticate(&c, &ex, copy, len, r);
	st = r->status;
	free(copy);
	return st;
}

static void test_engine(void)
{
	static const uint8_t key55[16] = {
		0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
		0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55, 0x55,
	};
	uint8_t m[sizeof(auth_msg)];
	struct ntlm_result r;
	unsigned int f, bad = 0;
	size_t n;

	tap_is_int(auth_status(auth_msg, sizeof(auth_msg), MAP_TO_GUEST_NEVER, &r), STATUS_SUCCESS,
		   "engine: the spec's AUTHENTICATE succeeds (user 'User' = passdb 'user')");
	tap_is_mem(r.exported_key, key55, 16, "engine: ExportedSessionKey = RandomSessionKey");
	tap_ok(r.user && !strcmp(r.user, "user") && r.domain && !strcmp(r.domain, "Domain") &&
	       !r.session_flags, "engine: passdb spelling of the user, client's domain");
	ntlm_result_free(&r);

	memcpy(m, auth_msg, sizeof(m));
	m[0x84] ^= 1;	/* NTProofStr */
	tap_is_int(auth_status(m, sizeof(m), MAP_TO_GUEST_NEVER, &r), STATUS_LOGON_FAILURE,
		   "engine: wrong proof -> LOGON_FAILURE");
	ntlm_result_free(&r);
	tap_is_int(auth_status(m, sizeof(m), MAP_TO_GUEST_BAD_PASSWORD, &r), STATUS_SUCCESS,
		   "engine: wrong proof, map to guest = bad password -> success");
	tap_ok(r.session_flags == SMB3K_SESSION_IS_GUEST && !r.have_key,
	       "engine: ... as guest without a key");
	ntlm_result_free(&r);
	tap_is_int(auth_status(m, sizeof(m), MAP_TO_GUEST_BAD_USER, &r), STATUS_LOGON_FAILURE,
		   "engine: wrong proof, map to guest = bad user -> LOGON_FAILURE");
	ntlm_result_free(&r);

	memcpy(m, auth_msg, sizeof(m));
	put_le16(m + 20, 24);	/* NtChallengeResponse of 24 bytes: NTLMv1 */
	put_le16(m + 22, 24);
	tap_is_int(auth_status(m, sizeof(m), MAP_TO_GUEST_BAD_PASSWORD, &r), STATUS_LOGON_FAILURE,
		   "engine: NTLMv1 refused even with map to guest");
	ntlm_result_free(&r);

	/* every field's length and offset lying */
	for (f = 12; f <= 52; f += 8) {
		static const uint32_t offs[] = { 0, 8, 63, 0xe7, 0xe8, 0xe9, 0xffff, 0xffffffffU };
		unsigned int i;

		for (i = 0; i < ARRAY_SIZE(offs); i++) {
			memcpy(m, auth_msg, sizeof(m));
			put_le32(m + f + 4, offs[i]);
			n = auth_status(m, sizeof(m), MAP_TO_GUEST_NEVER, &r);
			if (n == STATUS_SUCCESS && offs[i] >= 64)
				bad++;
			ntlm_result_free(&r);
		}
		memcpy(m, auth_msg, sizeof(m));
		put_le16(m + f, 0xffff);
		n = auth_status(m, sizeof(m), MAP_TO_GUEST_NEVER, &r);
		if (n != STATUS_INVALID_PARAMETER)
			bad++;
		ntlm_result_free(&r);
	}
	tap_is_int(bad, 0, "engine: lying offsets/lengths never succeed (ASan watching)");
	bad = 0;
	for (n = 0; n < sizeof(auth_msg); n++) {
		uint32_t st = auth_status(auth_msg, n, MAP_TO_GUEST_NEVER, &r);

		if (st != STATUS_INVALID_PARAMETER && st != STATUS_LOGON_FAILURE)
			bad++;
		ntlm_result_free(&r);
	}
	tap_is_int(bad, 0, "engine: every truncation -> INVALID_PARAMETER/LOGON_FAILURE");

	memcpy(m, auth_msg, sizeof(m));
	put_le16(m + 36, 6);	/* user "Use": unknown */
	tap_is_int(auth_status(m, sizeof(m), MAP_TO_GUEST_NEVER, &r), STATUS_LOGON_FAILURE,
		   "engine: unknown user -> LOGON_FAILURE");
	ntlm_result_free(&r);
	tap_is_int(auth_status(m, sizeof(m), MAP_TO_GUEST_BAD_USER, &r), STATUS_SUCCESS,
		   "engine: unknown user, map to guest = bad user -> guest");
	tap_ok(r.session_flags == SMB3K_SESSION_IS_GUEST, "engine: ... flagged guest");
	ntlm_result_free(&r);
}

static time_t fake_time;

static time_t fake_now(void)
{
	return fake_time;
}

static void test_table(void)
{
	static const uint8_t neg[] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0,
				       0x35, 0x82, 0x8a, 0xe2 };
	struct ntlm_server_config c = server_cfg(MAP_TO_GUEST_NEVER);
	struct auth_setup_out o;
	struct auth_table t;
	uint64_t i;

	c.fixed_challenge = server_challenge;
	auth_table_init(&t);
	t.now = fake_now;
	auth_session_setup(&t, &c, 7, neg, sizeof(neg), &o);
	tap_is_int(o.status, STATUS_MORE_PROCESSING_REQUIRED, "table: raw NEGOTIATE");
	tap_ok(o.blob_len > 56 && !memcmp(o.blob + 24, server_challenge, 8) &&
	       (get_le32(o.blob + 20) & NTLMSSP_NEGOTIATE_KEY_EXCH) &&
	       (get_le32(o.blob + 20) & NTLMSSP_NEGOTIATE_SEAL) ==
	       (get_le32(neg + 12) & NTLMSSP_NEGOTIATE_SEAL),
	       "table: CHALLENGE with the challenge, KEY_EXCH and SEAL echoed as asked");
	auth_setup_out_free(&o);
	auth_session_setup(&t, &c, 7, auth_msg, sizeof(auth_msg), &o);
	tap_is_int(o.status, STATUS_SUCCESS, "table: the spec's AUTHENTICATE after it succeeds");
	tap_ok(o.session_key[0] == 0x55 && t.n == 0, "table: key returned, state freed");
	auth_setup_out_free(&o);

	auth_session_setup(&t, &c, 8, neg, sizeof(neg), &o);
	auth_setup_out_free(&o);
	fake_time += AUTH_EXPIRY_SEC + 1;
	auth_session_setup(&t, &c, 8, auth_msg, sizeof(auth_msg), &o);
	tap_is_int(o.status, STATUS_INVALID_PARAMETER, "table: expired exchange is gone");
	auth_setup_out_free(&o);

	for (i = 0; i <= AUTH_MAX_EXCHANGES; i++) {
		auth_session_setup(&t, &c, 100 + i, neg, sizeof(neg), &o);
		auth_setup_out_free(&o);
	}
	tap_is_int(t.n, AUTH_MAX_EXCHANGES, "table: capped");
	auth_session_setup(&t, &c, 100, auth_msg, sizeof(auth_msg), &o);
	tap_is_int(o.status, STATUS_INVALID_PARAMETER, "table: the oldest was dropped");
	auth_setup_out_free(&o);
	auth_session_setup(&t, &c, 101, auth_msg, sizeof(auth_msg), &o);
	tap_is_int(o.status, STATUS_SUCCESS, "table: the next one is still there");
	auth_setup_out_free(&o);
	auth_session_end(&t, 102);
	tap_is_int(t.n, AUTH_MAX_EXCHANGES - 2, "table: SESSION_END frees");
	auth_session_setup(&t, &c, 103, neg, sizeof(neg), &o);
	tap_is_int(o.status, STATUS_INVALID_PARAMETER, "table: NEGOTIATE twice -> INVALID_PARAMETER");
	auth_setup_out_free(&o);
	auth_table_free(&t);
}

/* tests/ntlm_client.py with a python3 that has impacket */
static void test_impacket(void)
{
	static const char *const pythons[] = { "python3", "/usr/bin/python3" };
	const char *bin = getenv("SMB3K_TEST_BIN"), *py = NULL;
	char cmd[1024], line[512];
	unsigned int i, n = 0;
	FILE *p;
	int rc;

	if (!bin) {
		tap_ok(true, "impacket client # SKIP SMB3K_TEST_BIN not set (run 'make test')");
		return;
	}
	for (i = 0; i < ARRAY_SIZE(pythons) && !py; i++) {
		snprintf(cmd, sizeof(cmd), "%s -c 'import impacket.ntlm, impacket.spnego' "
			 ">/dev/null 2>&1", pythons[i]);
		if (system(cmd) == 0)
			py = pythons[i];
	}
	if (!py) {
		tap_ok(true, "impacket client # SKIP no python3 with impacket");
		return;
	}
	snprintf(cmd, sizeof(cmd), "%s tests/ntlm_client.py %s/ntlm_server", py, bin);
	p = popen(cmd, "r");
	if (!tap_ok(p != NULL, "impacket: started"))
		return;
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		if (!strncmp(line, "ok - ", 5)) {
			tap_ok(true, "impacket: %s", line + 5);
		} else if (!strncmp(line, "not ok - ", 9)) {
			tap_ok(false, "impacket: %s", line + 9);
		} else {
			tap_diag("%s", line);
			continue;
		}
		n++;
	}
	rc = pclose(p);
	tap_ok(WIFEXITED(rc) && WEXITSTATUS(rc) == 0 && n >= 20,
	       "impacket: script passed (%u checks)", n);
}

void test_auth(void)
{
	make_db();
	test_vectors();
	test_engine();
	test_table();
	test_impacket();
	passdb_free(&db);
}
