// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: CHANGE_NOTIFY (kernel/proto/smb2_notify.c): the request, the
 * FILE_NOTIFY_INFORMATION list and the response body.
 */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_notify.h"

/* A CHANGE_NOTIFY request, from MS-SMB2 2.2.35. */
static size_t notify_req(u8 *m, u16 size, u16 flags, u32 out_len, u32 filter)
{
	mb_smb2_hdr(m, SMB2_CHANGE_NOTIFY, 9);
	memset(m + 64, 0, 32);
	put_le16(m + 64, size);
	put_le16(m + 66, flags);
	put_le32(m + 68, out_len);
	put_le64(m + 72, 0x1122334455667788ULL);
	put_le64(m + 80, 0x99aabbccddeeff00ULL);
	put_le32(m + 88, filter);
	put_le32(m + 92, 0xfeedface);		/* Reserved: ignored */
	return 96;
}

static u32 parse(const u8 *m, size_t len, struct smb2_change_notify_req *r)
{
	u8 *copy = malloc(len);
	u32 st;

	memcpy(copy, m, len);
	st = smb2_change_notify_parse(copy, len, r);
	free(copy);
	return st;
}

static void test_notify_parse(void)
{
	struct smb2_change_notify_req r;
	u8 m[128];
	size_t len;

	len = notify_req(m, 32, 0x0001, 0x10000, 0x17);
	EXPECT_EQ(parse(m, len, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.flags, SMB2_WATCH_TREE);
	EXPECT_EQ(r.output_len, 0x10000);
	EXPECT_TRUE(r.fileid.persistent == 0x1122334455667788ULL);
	EXPECT_TRUE(r.fileid.volatile_id == 0x99aabbccddeeff00ULL);
	EXPECT_EQ(r.filter, 0x17);
	EXPECT_EQ(parse(m, len - 1, &r), STATUS_INVALID_PARAMETER);	/* cut Reserved */
	EXPECT_EQ(parse(m, 64, &r), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(parse(m, len + 8, &r), STATUS_SUCCESS);		/* padding after */
	len = notify_req(m, 33, 0, 1, 1);
	EXPECT_EQ(parse(m, len, &r), STATUS_INVALID_PARAMETER);
	len = notify_req(m, 31, 0, 1, 1);
	EXPECT_EQ(parse(m, len, &r), STATUS_INVALID_PARAMETER);
	/* Unknown flag and filter bits are reported as they are (ignored later). */
	len = notify_req(m, 32, 0xfffe, 0, 0xfffff000);
	EXPECT_EQ(parse(m, len, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.flags, 0xfffe);
	EXPECT_EQ(r.filter, 0xfffff000);
	EXPECT_EQ(r.filter & FILE_NOTIFY_CHANGE_VALID, 0);
	tap_case("CHANGE_NOTIFY request: StructureSize 32, fields, short commands");
}

static void test_notify_list(void)
{
	/* "a" (2 bytes): 12 + 2 -> 16; "bcd" (6 bytes): 12 + 6 -> 20 */
	static const u8 a[2] = { 'a', 0 };
	static const u8 bcd[6] = { 'b', 0, 'c', 0, 'd', 0 };
	static const u8 want[36] = {
		16, 0, 0, 0,  1, 0, 0, 0,  2, 0, 0, 0,  'a', 0, 0, 0,
		0, 0, 0, 0,  5, 0, 0, 0,  6, 0, 0, 0,  'b', 0, 'c', 0, 'd', 0, 0, 0,
	};
	struct smb2_notify_writer w;
	u8 buf[64];

	EXPECT_EQ(smb2_notify_entry_size(0), 12);
	EXPECT_EQ(smb2_notify_entry_size(2), 16);
	EXPECT_EQ(smb2_notify_entry_size(4), 16);
	EXPECT_EQ(smb2_notify_entry_size(6), 20);

	memset(buf, 0xee, sizeof(buf));
	smb2_notify_writer_init(&w, buf, sizeof(buf));
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_ADDED, a, 2), STATUS_SUCCESS);
	EXPECT_EQ(w.used, 16);
	EXPECT_EQ(get_le32(buf), 0);		/* last entry: NextEntryOffset 0 */
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_RENAMED_NEW_NAME, bcd, 6),
		  STATUS_SUCCESS);
	EXPECT_EQ(w.used, 36);
	EXPECT_EQ(w.count, 2);
	EXPECT_MEM(buf, want, sizeof(want));
	EXPECT_EQ(buf[36], 0xee);		/* nothing past the list */

	/* 36 + 16 = 52 fits, 52 + 20 = 72 does not: nothing written. */
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_REMOVED, a, 2), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(buf + 16), 20);
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_MODIFIED, bcd, 6), STATUS_BUFFER_OVERFLOW);
	EXPECT_TRUE(w.overflow);
	EXPECT_EQ(w.used, 52);
	EXPECT_EQ(w.count, 3);
	EXPECT_EQ(get_le32(buf + 36), 0);	/* still the last */
	EXPECT_EQ(buf[52], 0xee);

	/* Bad names. */
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_ADDED, a, 0), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_ADDED, a, 1), STATUS_INVALID_PARAMETER);

	/* An exact fit, and room for nothing. */
	smb2_notify_writer_init(&w, buf, 16);
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_ADDED, a, 2), STATUS_SUCCESS);
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_ADDED, a, 2), STATUS_BUFFER_OVERFLOW);
	smb2_notify_writer_init(&w, buf, 15);
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_ADDED, a, 2), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(w.used, 0);
	smb2_notify_writer_init(&w, NULL, 0);
	EXPECT_EQ(smb2_notify_append(&w, FILE_ACTION_ADDED, a, 2), STATUS_BUFFER_OVERFLOW);
	tap_case("FILE_NOTIFY_INFORMATION: chaining, 4-byte padding, overflow");
}

static void test_notify_rsp(void)
{
	static const u8 empty[9] = { 9, 0, 0, 0, 0, 0, 0, 0, 0 };
	u8 body[64];
	size_t len = 0;

	memset(body, 0xee, sizeof(body));
	EXPECT_EQ(smb2_change_notify_build_rsp(16, body, sizeof(body), &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 24);
	EXPECT_EQ(get_le16(body), 9);
	EXPECT_EQ(get_le16(body + 2), 72);
	EXPECT_EQ(get_le32(body + 4), 16);
	EXPECT_EQ(body[8], 0xee);		/* the data is the caller's */

	EXPECT_EQ(smb2_change_notify_build_rsp(0, body, sizeof(body), &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 9);
	EXPECT_MEM(body, empty, sizeof(empty));

	EXPECT_EQ(smb2_change_notify_build_rsp(0, body, 8, &len), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_change_notify_build_rsp(57, body, 64, &len), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_change_notify_build_rsp(56, body, 64, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 64);
	tap_case("CHANGE_NOTIFY response: StructureSize 9, OutputBufferOffset 72, empty body");
}

void test_smb2_notify(void)
{
	test_notify_parse();
	test_notify_list();
	test_notify_rsp();
}
