// SPDX-License-Identifier: GPL-2.0
/* Unit tests: SMB2 TRANSFORM_HEADER parse/build (MS-SMB2 2.2.41). */
#include <stdlib.h>
#include "tap.h"
#include "smb2_transform.h"

/* A transform message written byte by byte from 2.2.41, not by the codec. */
static size_t tb_msg(u8 *b, u32 orig, u16 flags, u64 sid)
{
	size_t i;

	b[0] = 0xfd;
	b[1] = 'S';
	b[2] = 'M';
	b[3] = 'B';
	for (i = 0; i < 16; i++)
		b[4 + i] = (u8)(0xa0 + i);	/* Signature */
	for (i = 0; i < 16; i++)
		b[20 + i] = (u8)(0xb0 + i);	/* Nonce */
	for (i = 0; i < 4; i++)
		b[36 + i] = (u8)(orig >> (8 * i));
	b[40] = 0x77;				/* Reserved: ignored */
	b[41] = 0x66;
	b[42] = (u8)flags;
	b[43] = (u8)(flags >> 8);
	for (i = 0; i < 8; i++)
		b[44 + i] = (u8)(sid >> (8 * i));
	for (i = 0; i < orig; i++)
		b[52 + i] = (u8)i;
	return 52 + (size_t)orig;
}

static u32 parse_exact(const u8 *src, size_t len, struct smb2_transform_hdr *t)
{
	u8 *copy = malloc(len ? len : 1);
	u32 st;

	memcpy(copy, src, len);
	st = smb2_transform_parse(copy, len, t);
	free(copy);
	return st;
}

static void test_parse(void)
{
	u8 b[200];
	struct smb2_transform_hdr t;
	size_t n = tb_msg(b, 100, 1, 0x0102030405060708ULL);

	EXPECT_EQ(smb2_transform_parse(b, n, &t), STATUS_SUCCESS);
	EXPECT_TRUE(t.signature == b + 4);
	EXPECT_TRUE(t.nonce == b + 20);
	EXPECT_TRUE(t.aad == b + 20);
	EXPECT_EQ(t.original_size, 100);
	EXPECT_EQ(t.flags, 1);
	EXPECT_EQ(t.session_id, 0x0102030405060708ULL);
	EXPECT_TRUE(t.payload == b + 52);
	EXPECT_EQ(t.payload_len, 100);
	tap_case("transform: parse a valid header, every field");

	n = tb_msg(b, 1, 1, 5);
	EXPECT_EQ(parse_exact(b, n, &t), STATUS_SUCCESS);
	EXPECT_EQ(t.payload_len, 1);
	tap_case("transform: smallest valid message (52 + 1 bytes)");
}

static void test_parse_bad(void)
{
	u8 b[200];
	struct smb2_transform_hdr t;
	size_t n, l;
	int bad = 0;

	n = tb_msg(b, 0, 1, 5);
	for (l = 0; l <= 52; l++)
		if (parse_exact(b, l, &t) != STATUS_INVALID_PARAMETER)
			bad++;
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(n, 52);
	tap_case("transform: 0..52 bytes (no payload) -> INVALID_PARAMETER");

	n = tb_msg(b, 100, 1, 5);
	EXPECT_EQ(parse_exact(b, n - 1, &t), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(parse_exact(b, n, &t), STATUS_SUCCESS);
	n = tb_msg(b, 99, 1, 5);
	EXPECT_EQ(parse_exact(b, n + 1, &t), STATUS_INVALID_PARAMETER);
	tb_msg(b, 48, 1, 5);
	put_le32(b + 36, 0xffffffffU);
	EXPECT_EQ(parse_exact(b, 100, &t), STATUS_INVALID_PARAMETER);
	put_le32(b + 36, 0);
	EXPECT_EQ(parse_exact(b, 100, &t), STATUS_INVALID_PARAMETER);
	tap_case("transform: OriginalMessageSize != bytes after header rejected");

	tb_msg(b, 10, 1, 5);
	b[0] = 0xfe;
	EXPECT_EQ(parse_exact(b, 62, &t), STATUS_INVALID_PARAMETER);
	b[0] = 0xfc;
	EXPECT_EQ(parse_exact(b, 62, &t), STATUS_INVALID_PARAMETER);
	b[0] = 0xfd;
	b[3] = 'b';
	EXPECT_EQ(parse_exact(b, 62, &t), STATUS_INVALID_PARAMETER);
	tap_case("transform: bad ProtocolId rejected");

	tb_msg(b, 10, 0, 5);
	EXPECT_EQ(parse_exact(b, 62, &t), STATUS_INVALID_PARAMETER);
	tb_msg(b, 10, 2, 5);
	EXPECT_EQ(parse_exact(b, 62, &t), STATUS_INVALID_PARAMETER);
	tb_msg(b, 10, 0x0101, 5);
	EXPECT_EQ(parse_exact(b, 62, &t), STATUS_INVALID_PARAMETER);
	tap_case("transform: Flags/EncryptionAlgorithm other than 1 rejected");
}

static void test_build(void)
{
	static const u8 nonce[16] = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };
	u8 b[64], want[200];
	struct smb2_transform_hdr t;

	memset(b, 0xee, sizeof(b));
	EXPECT_EQ(smb2_transform_build(b, 52, SMB2_ENCRYPTION_AES128_CCM, nonce, 100,
				       0x1122334455667788ULL), STATUS_SUCCESS);
	tb_msg(want, 100, 1, 0x1122334455667788ULL);
	memset(want + 4, 0, 16);		/* Signature */
	memcpy(want + 20, nonce, 11);
	memset(want + 31, 0, 5);		/* CCM: 5 reserved bytes */
	want[40] = want[41] = 0;
	EXPECT_MEM(b, want, 52);
	EXPECT_EQ(b[52], 0xee);
	tap_case("transform: build AES-128-CCM header (11-byte nonce, zero Reserved)");

	EXPECT_EQ(smb2_transform_build(b, 64, SMB2_ENCRYPTION_AES256_GCM, nonce, 7, 9),
		  STATUS_SUCCESS);
	EXPECT_MEM(b + 20, nonce, 12);
	EXPECT_EQ(get_le32(b + 32), 0);
	EXPECT_EQ(get_le32(b + 36), 7);
	EXPECT_EQ(get_le16(b + 42), 1);
	EXPECT_EQ(get_le64(b + 44), 9);
	tap_case("transform: build AES-256-GCM header (12-byte nonce)");

	EXPECT_EQ(smb2_transform_nonce_len(SMB2_ENCRYPTION_AES128_CCM), 11);
	EXPECT_EQ(smb2_transform_nonce_len(SMB2_ENCRYPTION_AES256_CCM), 11);
	EXPECT_EQ(smb2_transform_nonce_len(SMB2_ENCRYPTION_AES128_GCM), 12);
	EXPECT_EQ(smb2_transform_nonce_len(SMB2_ENCRYPTION_AES256_GCM), 12);
	EXPECT_EQ(smb2_transform_nonce_len(0), 0);
	EXPECT_EQ(smb2_transform_nonce_len(5), 0);
	tap_case("transform: nonce length per cipher");

	memset(b, 0xee, sizeof(b));
	EXPECT_EQ(smb2_transform_build(b, 51, SMB2_ENCRYPTION_AES128_GCM, nonce, 1, 1),
		  STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_transform_build(b, 64, 0, nonce, 1, 1), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(smb2_transform_build(b, 64, 5, nonce, 1, 1), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(smb2_transform_build(b, 64, SMB2_ENCRYPTION_AES128_GCM, nonce, 0, 1),
		  STATUS_INVALID_PARAMETER);
	EXPECT_EQ(b[0], 0xee);
	EXPECT_EQ(b[51], 0xee);
	tap_case("transform: build refuses small cap, unknown cipher, empty message");

	{
		u8 m[52 + 30];

		memset(m, 0x5a, sizeof(m));
		EXPECT_EQ(smb2_transform_build(m, sizeof(m), SMB2_ENCRYPTION_AES128_GCM, nonce,
					       30, 42), STATUS_SUCCESS);
		EXPECT_EQ(smb2_transform_parse(m, sizeof(m), &t), STATUS_SUCCESS);
		EXPECT_EQ(t.session_id, 42);
		EXPECT_EQ(t.payload_len, 30);
		EXPECT_MEM(t.nonce, nonce, 12);
	}
	tap_case("transform: build then parse round trip");
}

void test_smb2_transform(void)
{
	test_parse();
	test_parse_bad();
	test_build();
}
