// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: OPLOCK_BREAK (kernel/proto/smb2_oplock.c): the oplock and
 * lease acknowledgments, the notifications and the responses.
 */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_oplock.h"
#include "smb2_create_ctx.h"

static const u8 key[16] = {
	0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
	0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
};

/* An Oplock Break Acknowledgment, from MS-SMB2 2.2.24.1. */
static size_t oplock_ack(u8 *m, u16 size, u8 level)
{
	mb_smb2_hdr(m, SMB2_OPLOCK_BREAK, 11);
	memset(m + 64, 0, 24);
	put_le16(m + 64, size);
	m[66] = level;
	m[67] = 0x5a;				/* Reserved: ignored */
	put_le32(m + 68, 0xdeadbeef);		/* Reserved2: ignored */
	put_le64(m + 72, 0x0102030405060708ULL);
	put_le64(m + 80, 0x1112131415161718ULL);
	return 88;
}

/* A Lease Break Acknowledgment, from MS-SMB2 2.2.24.2. */
static size_t lease_ack(u8 *m, u16 size, u32 state)
{
	mb_smb2_hdr(m, SMB2_OPLOCK_BREAK, 12);
	memset(m + 64, 0, 36);
	put_le16(m + 64, size);
	put_le16(m + 66, 0xa5a5);		/* Reserved: ignored */
	put_le32(m + 68, 0x80000001);		/* Flags: reserved, kept */
	memcpy(m + 72, key, 16);
	put_le32(m + 88, state);
	put_le64(m + 92, 0xffffffffffffffffULL);	/* LeaseDuration: ignored */
	return 100;
}

/* Parse an exactly sized heap copy, so that ASan sees any over-read. */
static u32 parse(const u8 *m, size_t len, bool lease_ok, struct smb2_break_ack *a)
{
	u8 *copy = malloc(len ? len : 1);
	u32 st;

	memcpy(copy, m, len);
	st = smb2_break_ack_parse(copy, len, lease_ok, a);
	free(copy);
	return st;
}

static void test_ack_parse(void)
{
	static const u8 zero[16];
	struct smb2_break_ack a;
	u8 m[128];
	size_t len;

	len = oplock_ack(m, 24, SMB2_OPLOCK_LEVEL_II);
	memset(&a, 0xcc, sizeof(a));
	EXPECT_EQ(parse(m, len, true, &a), STATUS_SUCCESS);
	EXPECT_EQ(a.kind, SMB2_BREAK_ACK_OPLOCK);
	EXPECT_EQ(a.oplock_level, SMB2_OPLOCK_LEVEL_II);
	EXPECT_TRUE(a.fileid.persistent == 0x0102030405060708ULL);
	EXPECT_TRUE(a.fileid.volatile_id == 0x1112131415161718ULL);
	EXPECT_MEM(a.lease_key, zero, 16);
	EXPECT_EQ(a.lease_flags, 0);
	EXPECT_EQ(a.lease_state, 0);
	memset(&a, 0xcc, sizeof(a));
	EXPECT_EQ(parse(m, len, false, &a), STATUS_SUCCESS);	/* 2.0.2 too */
	EXPECT_EQ(a.kind, SMB2_BREAK_ACK_OPLOCK);
	EXPECT_EQ(a.oplock_level, SMB2_OPLOCK_LEVEL_II);
	EXPECT_EQ(parse(m, len + 12, true, &a), STATUS_SUCCESS);	/* padding after */
	/* OplockLevel is reported as sent: the handler judges it (3.3.5.22.1) */
	len = oplock_ack(m, 24, SMB2_OPLOCK_LEVEL_LEASE);
	EXPECT_EQ(parse(m, len, true, &a), STATUS_SUCCESS);
	EXPECT_EQ(a.oplock_level, SMB2_OPLOCK_LEVEL_LEASE);
	tap_case("oplock break ack: every field, Reserved ignored, both dialect kinds");

	len = lease_ack(m, 36, SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING);
	memset(&a, 0xcc, sizeof(a));
	EXPECT_EQ(parse(m, len, true, &a), STATUS_SUCCESS);
	EXPECT_EQ(a.kind, SMB2_BREAK_ACK_LEASE);
	EXPECT_MEM(a.lease_key, key, 16);
	EXPECT_EQ(a.lease_flags, 0x80000001);
	EXPECT_EQ(a.lease_state, SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING);
	EXPECT_EQ(a.oplock_level, 0);
	EXPECT_TRUE(!a.fileid.persistent && !a.fileid.volatile_id);
	EXPECT_EQ(parse(m, len + 4, true, &a), STATUS_SUCCESS);
	len = lease_ack(m, 36, 0xfffffff8);			/* kept as sent */
	EXPECT_EQ(parse(m, len, true, &a), STATUS_SUCCESS);
	EXPECT_EQ(a.lease_state, 0xfffffff8);
	len = lease_ack(m, 36, SMB2_LEASE_NONE);
	EXPECT_EQ(parse(m, len, false, &a), STATUS_INVALID_PARAMETER);	/* 2.0.2 */
	tap_case("lease break ack: every field, LeaseDuration ignored, refused for 2.0.2");
}

static void test_ack_truncated(void)
{
	struct smb2_break_ack a;
	u8 m[128];
	size_t len, cut;

	len = oplock_ack(m, 24, SMB2_OPLOCK_LEVEL_NONE);
	for (cut = 0; cut < len; cut++) {
		EXPECT_EQ(parse(m, cut, true, &a), STATUS_INVALID_PARAMETER);
		EXPECT_EQ(parse(m, cut, false, &a), STATUS_INVALID_PARAMETER);
	}
	EXPECT_EQ(parse(m, len, true, &a), STATUS_SUCCESS);
	len = lease_ack(m, 36, SMB2_LEASE_READ_CACHING);
	for (cut = 0; cut < len; cut++) {
		EXPECT_EQ(parse(m, cut, true, &a), STATUS_INVALID_PARAMETER);
		EXPECT_EQ(parse(m, cut, false, &a), STATUS_INVALID_PARAMETER);
	}
	EXPECT_EQ(parse(m, len, true, &a), STATUS_SUCCESS);
	/* a 36-byte lease body cut to 24 bytes is not an oplock ack */
	EXPECT_EQ(parse(m, 88, true, &a), STATUS_INVALID_PARAMETER);
	tap_case("break ack: every truncation of both forms, header only, empty");
}

static void test_ack_structure_size(void)
{
	static const u16 bad[] = {
		0, 1, 2, 4, 23, 25, 35, 37, 44, 48, 0x100 | 24, 0x1800, 0xffff,
	};
	struct smb2_break_ack a;
	unsigned int i;
	u8 m[128];

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		oplock_ack(m, bad[i], SMB2_OPLOCK_LEVEL_NONE);
		EXPECT_EQ(parse(m, sizeof(m), true, &a), STATUS_INVALID_PARAMETER);
		EXPECT_EQ(parse(m, sizeof(m), false, &a), STATUS_INVALID_PARAMETER);
		lease_ack(m, bad[i], SMB2_LEASE_NONE);
		EXPECT_EQ(parse(m, sizeof(m), true, &a), STATUS_INVALID_PARAMETER);
		EXPECT_EQ(parse(m, sizeof(m), false, &a), STATUS_INVALID_PARAMETER);
	}
	/* The StructureSize, not the length, chooses the form. */
	oplock_ack(m, 36, SMB2_OPLOCK_LEVEL_NONE);
	EXPECT_EQ(parse(m, 100, true, &a), STATUS_SUCCESS);
	EXPECT_EQ(a.kind, SMB2_BREAK_ACK_LEASE);
	EXPECT_EQ(parse(m, 100, false, &a), STATUS_INVALID_PARAMETER);
	lease_ack(m, 24, SMB2_LEASE_NONE);
	EXPECT_EQ(parse(m, 100, true, &a), STATUS_SUCCESS);
	EXPECT_EQ(a.kind, SMB2_BREAK_ACK_OPLOCK);
	tap_case("break ack: StructureSize other than 24/36 -> STATUS_INVALID_PARAMETER");
}

static void test_oplock_build(void)
{
	static const struct smb2_fileid fid = {
		.persistent = 0x0102030405060708ULL,
		.volatile_id = 0xf1f2f3f4f5f6f7f8ULL,
	};
	static const u8 want[24] = {
		24, 0, 0x08, 0, 0, 0, 0, 0,
		0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01,
		0xf8, 0xf7, 0xf6, 0xf5, 0xf4, 0xf3, 0xf2, 0xf1,
	};
	struct smb2_break_ack a;
	u8 b[64], m[64 + 24];
	size_t n, i;

	memset(b, 0xaa, sizeof(b));
	n = 0;
	EXPECT_EQ(smb2_oplock_break_build(b, 24, SMB2_OPLOCK_LEVEL_EXCLUSIVE, &fid, &n),
		  STATUS_SUCCESS);
	EXPECT_EQ(n, 24);
	EXPECT_MEM(b, want, 24);
	EXPECT_EQ(b[24], 0xaa);
	/* the response read back as an acknowledgment, byte for byte */
	mb_smb2_hdr(m, SMB2_OPLOCK_BREAK, 13);
	memcpy(m + 64, b, 24);
	EXPECT_EQ(parse(m, sizeof(m), false, &a), STATUS_SUCCESS);
	EXPECT_EQ(a.oplock_level, SMB2_OPLOCK_LEVEL_EXCLUSIVE);
	EXPECT_TRUE(a.fileid.persistent == fid.persistent &&
		    a.fileid.volatile_id == fid.volatile_id);
	memset(b, 0xaa, sizeof(b));
	EXPECT_EQ(smb2_oplock_break_build(b, sizeof(b), SMB2_OPLOCK_LEVEL_NONE, &fid, &n),
		  STATUS_SUCCESS);
	EXPECT_EQ(n, 24);
	EXPECT_EQ(b[2], 0);
	EXPECT_EQ(b[3], 0);
	EXPECT_MEM(b + 4, want + 4, 20);
	for (i = 0; i < 24; i++) {
		memset(b, 0xaa, sizeof(b));
		n = 77;
		EXPECT_EQ(smb2_oplock_break_build(b, i, 1, &fid, &n), STATUS_BUFFER_TOO_SMALL);
		EXPECT_EQ(b[0], 0xaa);
		EXPECT_EQ(n, 77);
	}
	tap_case("oplock break notification/response byte by byte, buffer too small");
}

static void test_lease_build(void)
{
	static const u8 want_break[44] = {
		44, 0, 0x34, 0x12, 0x01, 0, 0, 0,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
		0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
		0x07, 0, 0, 0, 0x01, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const u8 want_rsp[36] = {
		36, 0, 0, 0, 0, 0, 0, 0,
		0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef,
		0xf0, 0xe1, 0xd2, 0xc3, 0xb4, 0xa5, 0x96, 0x87,
		0x03, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct smb2_break_ack a;
	u8 b[64], m[64 + 36];
	size_t n, i;

	memset(b, 0xaa, sizeof(b));
	n = 0;
	EXPECT_EQ(smb2_lease_break_build(b, 44, 0x1234,
					 SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED, key,
					 SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING |
					 SMB2_LEASE_WRITE_CACHING,
					 SMB2_LEASE_READ_CACHING, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 44);
	EXPECT_MEM(b, want_break, 44);
	EXPECT_EQ(b[44], 0xaa);
	for (i = 0; i < 44; i++) {
		memset(b, 0xaa, sizeof(b));
		n = 77;
		EXPECT_EQ(smb2_lease_break_build(b, i, 1, 0, key, 1, 0, &n),
			  STATUS_BUFFER_TOO_SMALL);
		EXPECT_EQ(b[0], 0xaa);
		EXPECT_EQ(n, 77);
	}
	tap_case("lease break notification byte by byte, buffer too small");

	memset(b, 0xaa, sizeof(b));
	n = 0;
	EXPECT_EQ(smb2_lease_ack_rsp_build(b, 36, key,
					   SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING,
					   &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 36);
	EXPECT_MEM(b, want_rsp, 36);
	EXPECT_EQ(b[36], 0xaa);
	/* the response read back as an acknowledgment */
	mb_smb2_hdr(m, SMB2_OPLOCK_BREAK, 14);
	memcpy(m + 64, b, 36);
	EXPECT_EQ(parse(m, sizeof(m), true, &a), STATUS_SUCCESS);
	EXPECT_EQ(a.kind, SMB2_BREAK_ACK_LEASE);
	EXPECT_MEM(a.lease_key, key, 16);
	EXPECT_EQ(a.lease_state, SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING);
	EXPECT_EQ(a.lease_flags, 0);
	for (i = 0; i < 36; i++) {
		memset(b, 0xaa, sizeof(b));
		n = 77;
		EXPECT_EQ(smb2_lease_ack_rsp_build(b, i, key, 0, &n), STATUS_BUFFER_TOO_SMALL);
		EXPECT_EQ(b[0], 0xaa);
		EXPECT_EQ(n, 77);
	}
	tap_case("lease break response byte by byte, buffer too small");
}

void test_smb2_oplock(void)
{
	test_ack_parse();
	test_ack_truncated();
	test_ack_structure_size();
	test_oplock_build();
	test_lease_build();
}
