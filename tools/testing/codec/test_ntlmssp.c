// SPDX-License-Identifier: GPL-2.0
/* Unit tests: NTLMSSP messages and SPNEGO negTokenInit/negTokenResp. */
#include <stdlib.h>
#include "tap.h"
#include "ntlmssp.h"
#include "spnego.h"

/* MS-NLMP 4.2.4.3 AUTHENTICATE_MESSAGE */
static const u8 auth_msg[] = {
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

/* MS-NLMP 4.2.4.3 CHALLENGE_MESSAGE */
static const u8 chal_msg[] = {
	0x4e, 0x54, 0x4c, 0x4d, 0x53, 0x53, 0x50, 0x00, 0x02, 0x00, 0x00, 0x00, 0x0c, 0x00, 0x0c, 0x00,
	0x38, 0x00, 0x00, 0x00, 0x33, 0x82, 0x8a, 0xe2, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x24, 0x00, 0x24, 0x00, 0x44, 0x00, 0x00, 0x00,
	0x06, 0x00, 0x70, 0x17, 0x00, 0x00, 0x00, 0x0f, 0x53, 0x00, 0x65, 0x00, 0x72, 0x00, 0x76, 0x00,
	0x65, 0x00, 0x72, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x44, 0x00, 0x6f, 0x00, 0x6d, 0x00, 0x61, 0x00,
	0x69, 0x00, 0x6e, 0x00, 0x01, 0x00, 0x0c, 0x00, 0x53, 0x00, 0x65, 0x00, 0x72, 0x00, 0x76, 0x00,
	0x65, 0x00, 0x72, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* negTokenInit from impacket: mechTypes { NTLMSSP }, no token */
static const u8 init_ntlm[] = {
	0x60, 0x1c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x12, 0x30, 0x10, 0xa0, 0x0e,
	0x30, 0x0c, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a,
};

static u32 parse_auth_copy(const u8 *m, size_t len, struct ntlmssp_authenticate *a)
{
	u8 *c = malloc(len ? len : 1);
	u32 st;

	memcpy(c, m, len);
	st = ntlmssp_parse_authenticate(c, len, a);
	free(c);
	return st;
}

static void test_authenticate(void)
{
	struct ntlmssp_authenticate a;
	struct ntlmssp_v2_response v2;
	const u8 *val;
	u8 m[sizeof(auth_msg)];
	unsigned int f, bad = 0;
	u16 vlen;
	size_t n;

	EXPECT_EQ(ntlmssp_parse_authenticate(auth_msg, sizeof(auth_msg), &a), STATUS_SUCCESS);
	EXPECT_EQ(a.flags, 0xe2888235);
	EXPECT_EQ(a.lm.len, 24);
	EXPECT_TRUE(a.nt.data == auth_msg + 0x84 && a.nt.len == 0x54);
	EXPECT_TRUE(a.domain.data == auth_msg + 0x48 && a.domain.len == 12);
	EXPECT_TRUE(a.user.data == auth_msg + 0x54 && a.user.len == 8);
	EXPECT_TRUE(a.session_key.data == auth_msg + 0xd8 && a.session_key.len == 16);
	EXPECT_TRUE(!a.mic_possible);	/* payload starts at 0x48 < 88 */
	EXPECT_EQ(ntlmssp_parse_v2_response(a.nt.data, a.nt.len, &v2), STATUS_SUCCESS);
	EXPECT_EQ(v2.av_len, 36);
	EXPECT_EQ(ntlmssp_av_find(v2.av_pairs, v2.av_len, MSV_AV_NB_COMPUTER_NAME, &val, &vlen),
		  STATUS_SUCCESS);
	EXPECT_TRUE(vlen == 12 && val[0] == 'S');
	EXPECT_EQ(ntlmssp_av_find(v2.av_pairs, v2.av_len, MSV_AV_FLAGS, &val, &vlen),
		  STATUS_NOT_FOUND);
	tap_case("ntlmssp: MS-NLMP 4.2.4.3 AUTHENTICATE parses, NTLMv2 blob and AV pairs");

	for (f = 12; f <= 52; f += 8) {
		static const u32 offs[] = { 8, 63, 0xe1, 0xe7, 0xe8, 0xffff, 0xffffffffU };
		unsigned int i;

		for (i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
			memcpy(m, auth_msg, sizeof(m));
			put_le32(m + f + 4, offs[i]);
			if (parse_auth_copy(m, sizeof(m), &a) == STATUS_SUCCESS &&
			    (offs[i] < 64 || offs[i] + get_le16(m + f) > sizeof(m)))
				bad++;
		}
		memcpy(m, auth_msg, sizeof(m));
		put_le16(m + f, 0xffff);
		if (parse_auth_copy(m, sizeof(m), &a) != STATUS_INVALID_PARAMETER)
			bad++;
	}
	for (n = 0; n < sizeof(auth_msg); n++)
		if (parse_auth_copy(auth_msg, n, &a) == STATUS_SUCCESS)
			bad++;
	EXPECT_EQ(bad, 0);
	tap_case("ntlmssp: lying offsets, lengths and every truncation refused");

	/* v2 response: wrong RespType, no EOL, overrun */
	memcpy(m, auth_msg, sizeof(m));
	m[0x94] = 2;
	EXPECT_EQ(ntlmssp_parse_v2_response(m + 0x84, 0x54, &v2), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(ntlmssp_parse_v2_response(auth_msg + 0x84, 16 + 28 + 16, &v2),
		  STATUS_INVALID_PARAMETER);
	memcpy(m, auth_msg, sizeof(m));
	put_le16(m + 0xb2, 0x7fff);
	EXPECT_EQ(ntlmssp_parse_v2_response(m + 0x84, 0x54, &v2), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(ntlmssp_parse_v2_response(auth_msg + 0x84, 24, &v2), STATUS_INVALID_PARAMETER);
	tap_case("ntlmssp: malformed NTLMv2 responses refused");
}

static void test_challenge(void)
{
	static const u8 name[] = { 'S', 0, 'e', 0, 'r', 0, 'v', 0, 'e', 0, 'r', 0 };
	static const u8 ch[8] = { 0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef };
	static const u8 ver[8] = { 0x06, 0x00, 0x70, 0x17, 0x00, 0x00, 0x00, 0x0f };
	static const u8 dom[] = { 'D', 0, 'o', 0, 'm', 0, 'a', 0, 'i', 0, 'n', 0 };
	struct ntlmssp_challenge_params p = {
		.flags = 0xe28a8233, .challenge = ch, .target_name = name,
		.target_name_len = sizeof(name), .version = ver,
	};
	struct ntlmssp_negotiate neg;
	u8 info[64], out[200];
	size_t pos = 0, len = 0;

	EXPECT_EQ(ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_NB_DOMAIN_NAME, dom, 12), 0);
	EXPECT_EQ(ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_NB_COMPUTER_NAME, name, 12), 0);
	EXPECT_EQ(ntlmssp_av_put(info, sizeof(info), &pos, MSV_AV_EOL, NULL, 0), 0);
	p.target_info = info;
	p.target_info_len = pos;
	EXPECT_EQ(ntlmssp_build_challenge(out, sizeof(out), &len, &p), STATUS_SUCCESS);
	EXPECT_EQ(len, sizeof(chal_msg));
	EXPECT_MEM(out, chal_msg, sizeof(chal_msg));
	EXPECT_EQ(ntlmssp_build_challenge(out, sizeof(chal_msg) - 1, &len, &p),
		  STATUS_BUFFER_TOO_SMALL);
	pos = 60;
	EXPECT_EQ(ntlmssp_av_put(info, sizeof(info), &pos, 1, name, 12), STATUS_BUFFER_TOO_SMALL);
	tap_case("ntlmssp: CHALLENGE equals MS-NLMP 4.2.4.3 byte for byte");

	EXPECT_EQ(ntlmssp_parse_negotiate(chal_msg, 16, &neg), STATUS_INVALID_PARAMETER);
	memcpy(out, chal_msg, 16);
	out[8] = 1;
	put_le32(out + 12, 0xe28a8233);
	EXPECT_EQ(ntlmssp_parse_negotiate(out, 16, &neg), STATUS_SUCCESS);
	EXPECT_EQ(neg.flags, 0xe28a8233);
	EXPECT_EQ(ntlmssp_parse_negotiate(out, 15, &neg), STATUS_INVALID_PARAMETER);
	out[7] = 1;
	EXPECT_EQ(ntlmssp_parse_negotiate(out, 16, &neg), STATUS_INVALID_PARAMETER);
	tap_case("ntlmssp: NEGOTIATE type, signature and length checks");
}

static void test_spnego_tokens(void)
{
	static const u8 tok[] = { 'N', 'T', 'L', 'M', 'S', 'S', 'P', 0, 1, 0, 0, 0 };
	static const u8 mic[16] = { 1, 0, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 0, 0, 0, 0 };
	struct spnego_neg_token_init init;
	struct spnego_neg_token_resp r;
	u8 buf[256], with[128];
	size_t len, n;

	EXPECT_EQ(spnego_parse_neg_token_init(init_ntlm, sizeof(init_ntlm), &init), 0);
	EXPECT_TRUE(init.mech_types == init_ntlm + 16 && init.mech_types_len == 14);
	EXPECT_EQ(init.mech_count, 1);
	EXPECT_EQ(init.ntlmssp_index, 0);
	EXPECT_TRUE(!init.mech_token && !init.mic);
	for (n = 0; n < sizeof(init_ntlm); n++)
		EXPECT_EQ(spnego_parse_neg_token_init(init_ntlm, n, &init),
			  STATUS_INVALID_PARAMETER);
	tap_case("spnego: negTokenInit (impacket) parses; truncations refused");

	/* the same with a mechToken [2]: rebuild lengths by hand */
	memcpy(with, init_ntlm, sizeof(init_ntlm));
	with[31 - 1] = 0x0a;
	n = sizeof(init_ntlm);
	with[n++] = 0xa2;
	with[n++] = 2 + sizeof(tok);
	with[n++] = 0x04;
	with[n++] = sizeof(tok);
	memcpy(with + n, tok, sizeof(tok));
	n += sizeof(tok);
	with[1] = (u8)(n - 2);
	with[11] = (u8)(n - 12);
	with[13] = (u8)(n - 14);
	EXPECT_EQ(spnego_parse_neg_token_init(with, n, &init), 0);
	EXPECT_TRUE(init.mech_token == with + n - sizeof(tok) &&
		    init.mech_token_len == sizeof(tok));
	with[sizeof(init_ntlm)] = 0xa0;	/* [0] twice */
	EXPECT_EQ(spnego_parse_neg_token_init(with, n, &init), STATUS_INVALID_PARAMETER);
	tap_case("spnego: negTokenInit with mechToken; repeated field refused");

	EXPECT_EQ(spnego_build_neg_token_resp(buf, sizeof(buf), &len, SPNEGO_ACCEPT_INCOMPLETE,
					      &spnego_oid_ntlmssp, tok, sizeof(tok), NULL, 0), 0);
	EXPECT_EQ(len, 2 + 2 + 5 + 14 + 4 + sizeof(tok));
	EXPECT_EQ(buf[0], 0xa1);
	EXPECT_EQ(spnego_parse_neg_token_resp(buf, len, &r), 0);
	EXPECT_EQ(r.neg_state, SPNEGO_ACCEPT_INCOMPLETE);
	EXPECT_TRUE(r.supported_mech_len == 10 && r.response_token_len == sizeof(tok) && !r.mic);
	EXPECT_MEM(r.response_token, tok, sizeof(tok));
	EXPECT_EQ(spnego_build_neg_token_resp(buf, sizeof(buf), &len, SPNEGO_ACCEPT_COMPLETED,
					      NULL, NULL, 0, mic, sizeof(mic)), 0);
	EXPECT_EQ(spnego_parse_neg_token_resp(buf, len, &r), 0);
	EXPECT_TRUE(r.neg_state == 0 && !r.supported_mech && !r.response_token &&
		    r.mic_len == 16);
	EXPECT_EQ(spnego_build_neg_token_resp(buf, sizeof(buf), &len, SPNEGO_REJECT,
					      NULL, NULL, 0, NULL, 0), 0);
	EXPECT_EQ(len, 9);
	EXPECT_MEM(buf, "\xa1\x07\x30\x05\xa0\x03\x0a\x01\x02", 9);
	EXPECT_EQ(spnego_build_neg_token_resp(buf, 8, &len, SPNEGO_REJECT, NULL, NULL, 0,
					      NULL, 0), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(spnego_build_neg_token_resp(buf, sizeof(buf), &len, 7, NULL, NULL, 0,
					      NULL, 0), STATUS_INVALID_PARAMETER);
	buf[8] = 4;	/* negState out of range */
	EXPECT_EQ(spnego_parse_neg_token_resp(buf, 9, &r), STATUS_INVALID_PARAMETER);
	tap_case("spnego: negTokenResp build/parse round trips, reject bytes, bad negState");
}

void test_ntlmssp(void)
{
	test_authenticate();
	test_challenge();
	test_spnego_tokens();
}
