// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: SESSION_SETUP, TREE_CONNECT, CREATE, READ, WRITE, IOCTL and
 * VALIDATE_NEGOTIATE_INFO bodies (kernel/proto/smb2_session.c, smb2_file.c).
 */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_file.h"
#include "smb2_session.h"

static size_t put_utf16(u8 *p, const char *s)
{
	size_t n = 0;

	for (; *s; s++, n += 2)
		put_le16(p + n, (u8)*s);
	return n;
}

static void test_session_setup(void)
{
	struct smb2_session_setup_req r;
	u8 m[64 + 24 + 8];

	tap_case("SESSION_SETUP parse, blob bounds, response");
	mb_smb2_hdr(m, SMB2_SESSION_SETUP, 1);
	memset(m + 64, 0, 24);
	put_le16(m + 64, 25);
	m[64 + 3] = SMB2_NEGOTIATE_SIGNING_REQUIRED;
	put_le16(m + 64 + 12, 88);
	put_le16(m + 64 + 14, 8);
	memcpy(m + 88, "NTLMSSP", 8);
	EXPECT_EQ(smb2_session_setup_parse(m, sizeof(m), &r), STATUS_SUCCESS);
	EXPECT_TRUE(r.blob == m + 88 && r.blob_len == 8);
	EXPECT_EQ(r.security_mode, SMB2_NEGOTIATE_SIGNING_REQUIRED);
	put_le16(m + 64 + 14, 9);		/* one byte past the end */
	EXPECT_EQ(smb2_session_setup_parse(m, sizeof(m), &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 14, 8);
	put_le16(m + 64 + 12, 40);		/* into the header */
	EXPECT_EQ(smb2_session_setup_parse(m, sizeof(m), &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 12, 88);
	put_le16(m + 64, 24);
	EXPECT_EQ(smb2_session_setup_parse(m, sizeof(m), &r), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(smb2_session_setup_parse(m, 80, &r), STATUS_INVALID_PARAMETER);

	{
		u8 b[16];
		size_t n;

		EXPECT_EQ(smb2_session_setup_build_rsp(SMB2_SESSION_FLAG_IS_GUEST,
						       (const u8 *)"abcd", 4, b, 12, &n),
			  STATUS_SUCCESS);
		EXPECT_EQ(n, 12);
		EXPECT_EQ(get_le16(b), 9);
		EXPECT_EQ(get_le16(b + 2), SMB2_SESSION_FLAG_IS_GUEST);
		EXPECT_EQ(get_le16(b + 4), 72);
		EXPECT_EQ(get_le16(b + 6), 4);
		EXPECT_EQ(smb2_session_setup_build_rsp(0, (const u8 *)"abcd", 4, b, 11, &n),
			  STATUS_BUFFER_TOO_SMALL);
	}
}

static void test_tree_connect(void)
{
	struct smb2_tree_connect_req r;
	u8 m[64 + 8 + 64];
	size_t n;

	tap_case("TREE_CONNECT parse and share name");
	mb_smb2_hdr(m, SMB2_TREE_CONNECT, 2);
	memset(m + 64, 0, 8);
	put_le16(m + 64, 9);
	n = put_utf16(m + 72, "\\\\srv\\share");
	put_le16(m + 64 + 4, 72);
	put_le16(m + 64 + 6, n);
	EXPECT_EQ(smb2_tree_connect_parse(m, 72 + n, &r), STATUS_SUCCESS);
	EXPECT_EQ(smb2_tree_share_name(r.path, r.path_len), 12);
	EXPECT_EQ(smb2_tree_connect_parse(m, 72 + n - 1, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 6, n - 1);		/* odd length */
	EXPECT_EQ(smb2_tree_connect_parse(m, 72 + n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 6, 0);
	EXPECT_EQ(smb2_tree_connect_parse(m, 72 + n, &r), STATUS_INVALID_PARAMETER);

	n = put_utf16(m + 72, "\\\\srv\\a\\b");
	EXPECT_EQ(smb2_tree_share_name(m + 72, n), n);
	n = put_utf16(m + 72, "\\\\\\share");
	EXPECT_EQ(smb2_tree_share_name(m + 72, n), n);
	n = put_utf16(m + 72, "srv\\share");
	EXPECT_EQ(smb2_tree_share_name(m + 72, n), n);
	n = put_utf16(m + 72, "\\\\srv\\");
	EXPECT_EQ(smb2_tree_share_name(m + 72, n), n);
}

static void test_create_rw_ioctl(void)
{
	struct smb2_create_req c;
	struct smb2_ioctl_req io;
	struct smb2_validate_neg v;
	struct smb2_rw_req rw;
	u8 m[64 + 56 + 64];
	size_t n;

	tap_case("CREATE, WRITE, IOCTL parse with lying offsets");
	mb_smb2_hdr(m, SMB2_CREATE, 3);
	memset(m + 64, 0, 56);
	put_le16(m + 64, 57);
	n = put_utf16(m + 120, "srvsvc");
	put_le16(m + 64 + 44, 120);
	put_le16(m + 64 + 46, n);
	EXPECT_EQ(smb2_create_parse(m, 120 + n, &c), STATUS_SUCCESS);
	EXPECT_TRUE(c.name == m + 120 && c.name_len == n && !c.contexts);
	put_le32(m + 64 + 48, 120);
	put_le32(m + 64 + 52, 0xfffffff0);	/* contexts past the end */
	EXPECT_EQ(smb2_create_parse(m, 120 + n, &c), STATUS_INVALID_PARAMETER);
	put_le32(m + 64 + 52, 0);
	put_le16(m + 64 + 46, n - 1);
	EXPECT_EQ(smb2_create_parse(m, 120 + n, &c), STATUS_INVALID_PARAMETER);

	mb_smb2_hdr(m, SMB2_WRITE, 4);
	memset(m + 64, 0, 48);
	put_le16(m + 64, 49);
	put_le16(m + 64 + 2, 112);
	put_le32(m + 64 + 4, 4);
	EXPECT_EQ(smb2_write_parse(m, 116, &rw), STATUS_SUCCESS);
	EXPECT_TRUE(rw.data == m + 112 && rw.length == 4);
	EXPECT_EQ(smb2_write_parse(m, 115, &rw), STATUS_INVALID_PARAMETER);
	put_le32(m + 64 + 4, 0x7fffffff);
	EXPECT_EQ(smb2_write_parse(m, 116, &rw), STATUS_INVALID_PARAMETER);

	mb_smb2_hdr(m, SMB2_IOCTL, 5);
	memset(m + 64, 0, 56);
	put_le16(m + 64, 57);
	put_le32(m + 64 + 4, FSCTL_VALIDATE_NEGOTIATE_INFO);
	put_le32(m + 64 + 24, 120);
	put_le32(m + 64 + 28, 28);
	put_le32(m + 120, 0x7f);
	put_le16(m + 120 + 22, 2);
	put_le16(m + 120 + 24, 0x300);
	put_le16(m + 120 + 26, 0x302);
	EXPECT_EQ(smb2_ioctl_parse(m, 148, &io), STATUS_SUCCESS);
	EXPECT_TRUE(io.input == m + 120 && io.input_count == 28);
	EXPECT_EQ(smb2_validate_neg_parse(io.input, io.input_count, &v), STATUS_SUCCESS);
	EXPECT_EQ(v.dialect_count, 2);
	EXPECT_EQ(get_le16(v.dialects + 2), 0x302);
	put_le16(m + 120 + 22, 3);		/* one dialect more than sent */
	EXPECT_EQ(smb2_validate_neg_parse(io.input, io.input_count, &v),
		  STATUS_INVALID_PARAMETER);
	EXPECT_EQ(smb2_ioctl_parse(m, 147, &io), STATUS_INVALID_PARAMETER);
}

void test_smb2_requests(void)
{
	test_session_setup();
	test_tree_connect();
	test_create_rw_ioctl();
}
