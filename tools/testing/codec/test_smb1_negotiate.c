// SPDX-License-Identifier: GPL-2.0
/* Unit tests: SMB1 NEGOTIATE parse and the SMB2/refusal answers. */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb1_negotiate.h"

static void cfg_init(struct smb2_negotiate_cfg *cfg)
{
	static const u16 ciphers[] = { 2 };
	static const u8 blob[] = { 0x60, 0x03, 0x01, 0x02, 0x03 };
	int i;

	memset(cfg, 0, sizeof(*cfg));
	cfg->min_dialect = 0x0202;
	cfg->max_dialect = 0x0311;
	for (i = 0; i < 16; i++)
		cfg->server_guid[i] = (u8)i;
	cfg->max_transact = 65536;
	cfg->max_read = 65536;
	cfg->max_write = 65536;
	cfg->capabilities = 0xff;
	cfg->system_time = 42;
	cfg->ciphers = ciphers;
	cfg->cipher_count = 1;
	cfg->security_blob = blob;
	cfg->security_blob_len = sizeof(blob);
}

static u32 parse_exact(const u8 *src, size_t len, struct smb1_negotiate_req *req)
{
	u8 *copy = malloc(len ? len : 1);
	u32 st;

	memcpy(copy, src, len);
	st = smb1_negotiate_parse(copy, len, req);
	free(copy);
	return st;
}

/* Check an SMB2 NEGOTIATE response to an SMB1 negotiate. */
static void check_smb2_answer(const u8 *m, size_t len, u16 dialect, u32 caps)
{
	EXPECT_EQ(len, 64 + 64 + 5);
	EXPECT_EQ(get_le32(m), 0x424D53FE);
	EXPECT_EQ(get_le16(m + 4), 64);
	EXPECT_EQ(get_le32(m + 8), 0);		/* Status */
	EXPECT_EQ(get_le16(m + 12), 0);		/* NEGOTIATE */
	EXPECT_EQ(get_le16(m + 14), 1);		/* one credit */
	EXPECT_EQ(get_le32(m + 16), 1);		/* SERVER_TO_REDIR */
	EXPECT_EQ(get_le32(m + 20), 0);
	EXPECT_EQ(get_le64(m + 24), 0);		/* MessageId */
	EXPECT_EQ(get_le64(m + 40), 0);		/* SessionId */
	EXPECT_EQ(get_le16(m + 64), 65);
	EXPECT_EQ(get_le16(m + 66), 1);
	EXPECT_EQ(get_le16(m + 68), dialect);
	EXPECT_EQ(get_le16(m + 70), 0);		/* no contexts */
	EXPECT_EQ(m[72 + 5], 5);
	EXPECT_EQ(get_le32(m + 88), caps);
	EXPECT_EQ(get_le16(m + 120), 128);
	EXPECT_EQ(get_le16(m + 122), 5);
	EXPECT_EQ(get_le32(m + 124), 0);
	EXPECT_EQ(m[128], 0x60);
}

static void test_answers(void)
{
	static const char *const only202[] = { "NT LM 0.12", "SMB 2.002" };
	static const char *const smb1only[] = { "PC NETWORK PROGRAM 1.0", "NT LM 0.12" };
	struct smb2_negotiate_cfg cfg;
	struct smb1_negotiate_req req;
	struct smb2_negotiate_result res;
	enum smb1_negotiate_action act;
	u8 msg[512], out[512];
	size_t len, olen;

	cfg_init(&cfg);
	len = mb_smb1_windows(msg, sizeof(msg));
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.dialect_count, 8);
	EXPECT_EQ(req.smb2_002, 1);
	EXPECT_EQ(req.smb2_wildcard, 1);
	EXPECT_EQ(req.pid_low, 0xfeff);
	EXPECT_EQ(smb1_negotiate_decide(&cfg, &req), SMB1_NEG_SMB2_WILDCARD);
	EXPECT_EQ(smb1_negotiate_build_rsp(&cfg, &req, out, sizeof(out), &olen, &act, &res),
		  STATUS_SUCCESS);
	EXPECT_EQ(act, SMB1_NEG_SMB2_WILDCARD);
	EXPECT_EQ(res.dialect, 0x02ff);
	check_smb2_answer(out, olen, 0x02ff, 0x07);
	tap_case("smb1: Windows dialect list -> SMB2 response, dialect 0x02FF");

	cfg.min_dialect = 0x0311;
	EXPECT_EQ(smb1_negotiate_decide(&cfg, &req), SMB1_NEG_SMB2_WILDCARD);
	cfg.min_dialect = 0x0202;
	cfg.max_dialect = 0x0202;
	EXPECT_EQ(smb1_negotiate_build_rsp(&cfg, &req, out, sizeof(out), &olen, &act, &res),
		  STATUS_SUCCESS);
	EXPECT_EQ(act, SMB1_NEG_SMB2_202);
	check_smb2_answer(out, olen, 0x0202, 0x01);
	tap_case("smb1: wildcard answered whatever the min; max 2.0.2 -> 0x0202");

	cfg_init(&cfg);
	len = mb_smb1_negotiate(msg, sizeof(msg), only202, 2, 7);
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.smb2_wildcard, 0);
	EXPECT_EQ(smb1_negotiate_build_rsp(&cfg, &req, out, sizeof(out), &olen, &act, &res),
		  STATUS_SUCCESS);
	EXPECT_EQ(act, SMB1_NEG_SMB2_202);
	EXPECT_EQ(res.dialect, 0x0202);
	check_smb2_answer(out, olen, 0x0202, SMB2_GLOBAL_CAP_DFS);
	cfg.min_dialect = 0x0210;
	EXPECT_EQ(smb1_negotiate_decide(&cfg, &req), SMB1_NEG_REFUSE);
	tap_case("smb1: only \"SMB 2.002\" -> 0x0202, refused if min > 2.0.2");

	cfg_init(&cfg);
	len = mb_smb1_negotiate(msg, sizeof(msg), smb1only, 2, 0x4321);
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_SUCCESS);
	memset(out, 0xcc, sizeof(out));
	EXPECT_EQ(smb1_negotiate_build_rsp(&cfg, &req, out, sizeof(out), &olen, &act, &res),
		  STATUS_SUCCESS);
	EXPECT_EQ(act, SMB1_NEG_REFUSE);
	EXPECT_EQ(res.dialect, 0xffff);
	EXPECT_EQ(olen, 37);
	EXPECT_EQ(get_le32(out), 0x424D53FF);
	EXPECT_EQ(out[4], 0x72);
	EXPECT_EQ(get_le32(out + 5), 0);
	EXPECT_EQ(out[9], 0x98);
	EXPECT_EQ(get_le16(out + 10), 0xc853);
	EXPECT_EQ(get_le16(out + 26), 0xfeff);
	EXPECT_EQ(get_le16(out + 30), 0x4321);
	EXPECT_EQ(out[32], 1);			/* WordCount */
	EXPECT_EQ(get_le16(out + 33), 0xffff);	/* DialectIndex */
	EXPECT_EQ(get_le16(out + 35), 0);	/* ByteCount */
	EXPECT_EQ(out[37], 0xcc);
	tap_case("smb1: SMB1-only list -> refusal, DialectIndex 0xFFFF");

	len = mb_smb1_windows(msg, sizeof(msg));
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(smb1_negotiate_build_rsp(&cfg, &req, out, 64, &olen, &act, &res),
		  STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb1_negotiate_build_rsp(&cfg, &req, out, 132, &olen, &act, &res),
		  STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb1_negotiate_build_rsp(&cfg, &req, out, 133, &olen, &act, &res),
		  STATUS_SUCCESS);
	len = mb_smb1_negotiate(msg, sizeof(msg), smb1only, 2, 1);
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_SUCCESS);
	EXPECT_EQ(smb1_negotiate_build_rsp(&cfg, &req, out, 36, &olen, &act, &res),
		  STATUS_BUFFER_TOO_SMALL);
	tap_case("smb1: small cap -> BUFFER_TOO_SMALL");
}

static void test_bad(void)
{
	struct smb1_negotiate_req req;
	u8 msg[512];
	size_t len, l;
	int bad = 0;

	len = mb_smb1_windows(msg, sizeof(msg));
	for (l = 0; l < len; l++)
		if (parse_exact(msg, l, &req) != STATUS_INVALID_PARAMETER)
			bad++;
	EXPECT_EQ(bad, 0);
	tap_case("smb1: every truncation rejected");

	len = mb_smb1_windows(msg, sizeof(msg));
	msg[len - 1] = 'x';			/* last string loses its NUL */
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_INVALID_PARAMETER);
	tap_case("smb1: dialect string without NUL -> invalid");

	len = mb_smb1_windows(msg, sizeof(msg));
	msg[35] = 0x01;
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_INVALID_PARAMETER);
	len = mb_smb1_windows(msg, sizeof(msg));
	msg[32] = 1;
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_INVALID_PARAMETER);
	len = mb_smb1_windows(msg, sizeof(msg));
	msg[4] = 0x73;
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_INVALID_PARAMETER);
	len = mb_smb1_windows(msg, sizeof(msg));
	msg[0] = 0xfe;
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_INVALID_PARAMETER);
	len = mb_smb1_windows(msg, sizeof(msg));
	put_le16(msg + 33, get_le16(msg + 33) + 1);
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_INVALID_PARAMETER);
	put_le16(msg + 33, 0);
	EXPECT_EQ(parse_exact(msg, len, &req), STATUS_INVALID_PARAMETER);
	len = mb_smb1_windows(msg, sizeof(msg));
	EXPECT_EQ(parse_exact(msg, len + 3, &req), STATUS_SUCCESS);	/* trailing bytes */
	tap_case("smb1: bad format byte, WordCount, command, protocol, ByteCount");
}

void test_smb1_negotiate(void)
{
	test_answers();
	test_bad();
}
