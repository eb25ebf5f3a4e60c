// SPDX-License-Identifier: GPL-2.0
/* Unit tests: SMB2 header parse/build and the ERROR response body. */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_header.h"

/* Parse from an exactly sized heap copy so ASan catches any over-read. */
static u32 parse_exact(const u8 *src, size_t len, struct smb2_hdr *h)
{
	u8 *copy = malloc(len ? len : 1);
	u32 st;

	memcpy(copy, src, len);
	st = smb2_hdr_parse(copy, len, h);
	free(copy);
	return st;
}

static void test_parse_good(void)
{
	u8 b[64];
	struct smb2_hdr h;

	mb_smb2_hdr(b, SMB2_CREATE, 0x0102030405060708ULL);
	b[8] = 0x05;	/* ChannelSequence 5 */
	b[16] = 0x04;	/* RELATED_OPERATIONS */
	put_le32(b + 36, 0xdeadbeef);
	put_le64(b + 40, 0x1122334455667788ULL);
	memset(b + 48, 0x5a, 16);
	EXPECT_EQ(smb2_hdr_parse(b, sizeof(b), &h), STATUS_SUCCESS);
	EXPECT_EQ(h.credit_charge, 1);
	EXPECT_EQ(h.channel_sequence, 5);
	EXPECT_EQ(h.status, 5);
	EXPECT_EQ(h.command, SMB2_CREATE);
	EXPECT_EQ(h.credits, 31);
	EXPECT_EQ(h.flags, SMB2_FLAGS_RELATED_OPERATIONS);
	EXPECT_EQ(h.next_command, 0);
	EXPECT_EQ(h.message_id, 0x0102030405060708ULL);
	EXPECT_EQ(h.async_id, 0);
	EXPECT_EQ(h.process_id, 0xfeff);
	EXPECT_EQ(h.tree_id, 0xdeadbeef);
	EXPECT_EQ(h.session_id, 0x1122334455667788ULL);
	EXPECT_TRUE(h.signature == b + 48);
	EXPECT_EQ(smb2_hdr_msg_len(&h, sizeof(b)), 64);
	tap_case("smb2 header: parse SYNC header, every field");

	b[16] = 0x02;	/* ASYNC */
	put_le64(b + 32, 0xa1a2a3a4a5a6a7a8ULL);
	EXPECT_EQ(smb2_hdr_parse(b, sizeof(b), &h), STATUS_SUCCESS);
	EXPECT_EQ(h.async_id, 0xa1a2a3a4a5a6a7a8ULL);
	EXPECT_EQ(h.tree_id, 0);
	EXPECT_EQ(h.process_id, 0);
	tap_case("smb2 header: parse ASYNC header");
}

static void test_parse_bad(void)
{
	u8 b[200];
	struct smb2_hdr h;
	size_t l;
	int bad = 0;

	mb_smb2_hdr(b, SMB2_NEGOTIATE, 0);
	for (l = 0; l < 64; l++)
		if (parse_exact(b, l, &h) != STATUS_INVALID_PARAMETER)
			bad++;
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(parse_exact(b, 64, &h), STATUS_SUCCESS);
	tap_case("smb2 header: truncated at every length 0..63 -> INVALID_PARAMETER");

	b[0] = 0xff;
	EXPECT_EQ(smb2_hdr_parse(b, 64, &h), STATUS_INVALID_PARAMETER);
	b[0] = 0xfd;
	EXPECT_EQ(smb2_hdr_parse(b, 64, &h), STATUS_INVALID_PARAMETER);
	b[0] = 0xfe;
	b[3] = 'b';
	EXPECT_EQ(smb2_hdr_parse(b, 64, &h), STATUS_INVALID_PARAMETER);
	tap_case("smb2 header: bad ProtocolId rejected");

	mb_smb2_hdr(b, SMB2_NEGOTIATE, 0);
	put_le16(b + 4, 65);
	EXPECT_EQ(smb2_hdr_parse(b, 64, &h), STATUS_INVALID_PARAMETER);
	put_le16(b + 4, 0);
	EXPECT_EQ(smb2_hdr_parse(b, 64, &h), STATUS_INVALID_PARAMETER);
	tap_case("smb2 header: StructureSize != 64 rejected");

	mb_smb2_hdr(b, SMB2_CREATE, 0);
	mb_smb2_hdr(b + 136, SMB2_CLOSE, 1);
	put_le32(b + 20, 136);
	EXPECT_EQ(smb2_hdr_parse(b, 200, &h), STATUS_SUCCESS);
	EXPECT_EQ(smb2_hdr_msg_len(&h, 200), 136);
	EXPECT_EQ(parse_exact(b, 199, &h), STATUS_INVALID_PARAMETER);
	put_le32(b + 20, 132);		/* misaligned */
	EXPECT_EQ(smb2_hdr_parse(b, 200, &h), STATUS_INVALID_PARAMETER);
	put_le32(b + 20, 56);		/* inside this header */
	EXPECT_EQ(smb2_hdr_parse(b, 200, &h), STATUS_INVALID_PARAMETER);
	put_le32(b + 20, 0xfffffff8);	/* far past the end */
	EXPECT_EQ(smb2_hdr_parse(b, 200, &h), STATUS_INVALID_PARAMETER);
	tap_case("smb2 header: NextCommand aligned, >= 64, room for a header");
}

static void test_build(void)
{
	u8 req[64], out[70];
	struct smb2_hdr h;

	mb_smb2_hdr(req, SMB2_TREE_CONNECT, 77);
	put_le32(req + 16, SMB2_FLAGS_RELATED_OPERATIONS | SMB2_FLAGS_SIGNED |
		 SMB2_FLAGS_DFS_OPERATIONS);
	put_le32(req + 36, 9);
	put_le64(req + 40, 0xabcdef);
	memset(req + 48, 0x77, 16);
	EXPECT_EQ(smb2_hdr_parse(req, 64, &h), STATUS_SUCCESS);
	memset(out, 0xcc, sizeof(out));
	smb2_hdr_build_rsp(out, &h, STATUS_ACCESS_DENIED, 5);
	EXPECT_EQ(get_le32(out), 0x424D53FE);
	EXPECT_EQ(get_le16(out + 4), 64);
	EXPECT_EQ(get_le16(out + 6), 1);
	EXPECT_EQ(get_le32(out + 8), STATUS_ACCESS_DENIED);
	EXPECT_EQ(get_le16(out + 12), SMB2_TREE_CONNECT);
	EXPECT_EQ(get_le16(out + 14), 5);
	EXPECT_EQ(get_le32(out + 16), SMB2_FLAGS_SERVER_TO_REDIR | SMB2_FLAGS_RELATED_OPERATIONS);
	EXPECT_EQ(get_le32(out + 20), 0);
	EXPECT_EQ(get_le64(out + 24), 77);
	EXPECT_EQ(get_le32(out + 32), 0xfeff);
	EXPECT_EQ(get_le32(out + 36), 9);
	EXPECT_EQ(get_le64(out + 40), 0xabcdef);
	EXPECT_MEM(out + 48, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	EXPECT_EQ(out[64], 0xcc);
	tap_case("smb2 header: build response echoes ids, sets SERVER_TO_REDIR");

	smb2_hdr_set_async(out, 0x1234567890ULL);
	smb2_hdr_set_next_command(out, 152);
	EXPECT_EQ(get_le32(out + 16), SMB2_FLAGS_SERVER_TO_REDIR |
		  SMB2_FLAGS_RELATED_OPERATIONS | SMB2_FLAGS_ASYNC_COMMAND);
	EXPECT_EQ(get_le64(out + 32), 0x1234567890ULL);
	EXPECT_EQ(get_le32(out + 20), 152);
	tap_case("smb2 header: set ASYNC id and NextCommand");

	mb_smb2_hdr(req, SMB2_NEGOTIATE, 0);
	put_le32(req + 36, 9);
	put_le64(req + 40, 0xabcdef);
	EXPECT_EQ(smb2_hdr_parse(req, 64, &h), STATUS_SUCCESS);
	smb2_hdr_build_rsp(out, &h, STATUS_SUCCESS, 1);
	EXPECT_EQ(get_le32(out + 36), 0);
	EXPECT_EQ(get_le64(out + 40), 0);
	EXPECT_EQ(get_le16(out + 12), SMB2_NEGOTIATE);
	tap_case("smb2 header: NEGOTIATE response has TreeId and SessionId 0");
}

static void test_error_rsp(void)
{
	static const u8 want9[] = { 9, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 need[] = { 0x00, 0x10, 0x00, 0x00 };
	u8 out[16];

	memset(out, 0xcc, sizeof(out));
	EXPECT_EQ(smb2_build_error_rsp(out, sizeof(out), NULL, 0), 9);
	EXPECT_MEM(out, want9, 9);
	EXPECT_EQ(out[9], 0xcc);
	tap_case("error response: 9 bytes, StructureSize 9, ByteCount 0, one zero byte");

	memset(out, 0xcc, sizeof(out));
	EXPECT_EQ(smb2_build_error_rsp(out, 12, need, 4), 12);
	EXPECT_EQ(get_le16(out), 9);
	EXPECT_EQ(out[2], 0);
	EXPECT_EQ(get_le32(out + 4), 4);
	EXPECT_EQ(get_le32(out + 8), 0x1000);
	EXPECT_EQ(out[12], 0xcc);
	tap_case("error response: with 4-byte ErrorData");

	memset(out, 0xcc, sizeof(out));
	EXPECT_EQ(smb2_build_error_rsp(out, 8, NULL, 0), 0);
	EXPECT_EQ(smb2_build_error_rsp(out, 11, need, 4), 0);
	EXPECT_EQ(smb2_build_error_rsp(out, 16, NULL, 4), 0);
	EXPECT_EQ(smb2_build_error_rsp(out, 16, need, 0xffffffff), 0);
	EXPECT_EQ(out[0], 0xcc);
	tap_case("error response: too small cap -> 0, nothing written");
}

void test_smb2_header(void)
{
	test_parse_good();
	test_parse_bad();
	test_build();
	test_error_rsp();
}
