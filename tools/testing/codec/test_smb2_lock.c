// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: LOCK (kernel/proto/smb2_lock.c), FLUSH and CLOSE with
 * SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB (smb2_file.c).
 */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_lock.h"

#define MAXLOCKS 4

struct el {
	u64 off, len;
	u32 flags;
};

/* A LOCK request with @n elements, from MS-SMB2 2.2.26. */
static size_t lock_req(u8 *m, const struct el *e, u16 count, u16 n)
{
	u16 i;

	mb_smb2_hdr(m, SMB2_LOCK, 7);
	memset(m + 64, 0, 24);
	put_le16(m + 64, 48);
	put_le16(m + 66, count);
	put_le32(m + 68, 0x123ab1);
	put_le64(m + 72, 0x1111);
	put_le64(m + 80, 0x2222);
	for (i = 0; i < n; i++) {
		u8 *p = m + 88 + 24 * i;

		put_le64(p, e[i].off);
		put_le64(p + 8, e[i].len);
		put_le32(p + 16, e[i].flags);
		put_le32(p + 20, 0xdeadbeef);		/* Reserved: ignored */
	}
	return 88 + 24 * (size_t)n;
}

static u32 parse(const u8 *m, size_t len, struct smb2_lock_req *r, u8 **copy)
{
	*copy = malloc(len);
	memcpy(*copy, m, len);
	return smb2_lock_parse(*copy, len, r);
}

static void test_lock_parse(void)
{
	const struct el e[2] = { { 10, 20, 0x12 }, { 30, 40, 0x11 } };
	struct smb2_lock_req r;
	struct smb2_lock_elem x;
	u8 m[256], *c;
	size_t len;

	len = lock_req(m, e, 2, 2);
	EXPECT_EQ(parse(m, len, &r, &c), STATUS_SUCCESS);
	EXPECT_EQ(r.count, 2);
	EXPECT_EQ(r.lock_sequence, 0x123ab1);
	EXPECT_EQ(smb2_lock_seq_number(&r), 1);
	EXPECT_EQ(smb2_lock_seq_index(&r), 0x123ab);
	EXPECT_TRUE(r.fileid.persistent == 0x1111 && r.fileid.volatile_id == 0x2222);
	EXPECT_TRUE(r.locks == c + 88);
	smb2_lock_elem_get(&r, 1, &x);
	EXPECT_TRUE(x.offset == 30 && x.length == 40 && x.flags == 0x11);
	smb2_lock_elem_get(&r, 2, &x);
	EXPECT_TRUE(!x.offset && !x.length && !x.flags);
	free(c);
	EXPECT_EQ(parse(m, len - 1, &r, &c), STATUS_INVALID_PARAMETER);	/* 2nd cut */
	free(c);
	len = lock_req(m, e, 3, 2);					/* count lies */
	EXPECT_EQ(parse(m, len, &r, &c), STATUS_INVALID_PARAMETER);
	free(c);
	len = lock_req(m, e, 0xffff, 2);
	EXPECT_EQ(parse(m, len, &r, &c), STATUS_INVALID_PARAMETER);
	free(c);
	len = lock_req(m, e, 0, 1);					/* LockCount 0 */
	EXPECT_EQ(parse(m, len, &r, &c), STATUS_INVALID_PARAMETER);
	free(c);
	len = lock_req(m, e, 1, 1);
	EXPECT_EQ(parse(m, len, &r, &c), STATUS_SUCCESS);
	free(c);
	EXPECT_EQ(parse(m, 87, &r, &c), STATUS_INVALID_PARAMETER);
	free(c);
	put_le16(m + 64, 49);
	EXPECT_EQ(parse(m, len, &r, &c), STATUS_INVALID_PARAMETER);
	free(c);
	tap_case("lock: parse, LockCount 0 or larger than the array, StructureSize");
}

static u32 check(const struct el *e, u16 n)
{
	struct smb2_lock_req r;
	u8 m[88 + 24 * MAXLOCKS], *c;
	u32 status;

	status = parse(m, lock_req(m, e, n, n), &r, &c);
	if (status == STATUS_SUCCESS)
		status = smb2_lock_check_flags(&r);
	free(c);
	return status;
}

static void test_lock_flags(void)
{
	static const struct {
		u32 flags;
		u32 want;
	} one[] = {
		{ SMB2_LOCKFLAG_SHARED_LOCK, STATUS_SUCCESS },
		{ SMB2_LOCKFLAG_EXCLUSIVE_LOCK, STATUS_SUCCESS },
		{ SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY, STATUS_SUCCESS },
		{ SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY, STATUS_SUCCESS },
		{ SMB2_LOCKFLAG_UNLOCK, STATUS_SUCCESS },
		{ 0, STATUS_INVALID_PARAMETER },
		{ SMB2_LOCKFLAG_FAIL_IMMEDIATELY, STATUS_INVALID_PARAMETER },
		{ SMB2_LOCKFLAG_SHARED_LOCK | SMB2_LOCKFLAG_EXCLUSIVE_LOCK,
		  STATUS_INVALID_PARAMETER },
		{ SMB2_LOCKFLAG_UNLOCK | SMB2_LOCKFLAG_SHARED_LOCK, STATUS_INVALID_PARAMETER },
		{ SMB2_LOCKFLAG_UNLOCK | SMB2_LOCKFLAG_EXCLUSIVE_LOCK, STATUS_INVALID_PARAMETER },
		{ SMB2_LOCKFLAG_UNLOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY, STATUS_INVALID_PARAMETER },
		{ SMB2_LOCKFLAG_EXCLUSIVE_LOCK | 0x8, STATUS_INVALID_PARAMETER },
		{ SMB2_LOCKFLAG_UNLOCK | 0x100, STATUS_INVALID_PARAMETER },
		{ ~0x17U, STATUS_INVALID_PARAMETER },
		{ 0xffffffff, STATUS_INVALID_PARAMETER },
	};
	const u32 S = SMB2_LOCKFLAG_SHARED_LOCK, X = SMB2_LOCKFLAG_EXCLUSIVE_LOCK;
	const u32 U = SMB2_LOCKFLAG_UNLOCK, F = SMB2_LOCKFLAG_FAIL_IMMEDIATELY;
	static const struct {
		u32 f[3];
		u16 n;
		u32 want;
	} many[] = {
		{ { 0x12, 0x11 }, 2, STATUS_SUCCESS },			/* X|F, S|F */
		{ { 0x12, 0x01 }, 2, STATUS_INVALID_PARAMETER },	/* 2nd without F */
		{ { 0x02, 0x11 }, 2, STATUS_INVALID_PARAMETER },	/* 1st without F */
		{ { 0x12, 0x04 }, 2, STATUS_INVALID_PARAMETER },	/* lock then unlock */
		{ { 0x12, 0x14 }, 2, STATUS_INVALID_PARAMETER },
		{ { 0x04, 0x04, 0x04 }, 3, STATUS_SUCCESS },		/* unlocks */
		{ { 0x04, 0x12 }, 2, STATUS_INVALID_PARAMETER },	/* unlock then lock */
		{ { 0x04, 0x00 }, 2, STATUS_INVALID_PARAMETER },
		{ { 0x00, 0x04 }, 2, STATUS_INVALID_PARAMETER },
		{ { 0x00, 0x00 }, 2, STATUS_INVALID_PARAMETER },
		{ { 0x11, 0x11, 0x12 }, 3, STATUS_SUCCESS },
	};
	struct el e[MAXLOCKS];
	unsigned int i, j;

	memset(e, 0, sizeof(e));
	for (i = 0; i < sizeof(one) / sizeof(one[0]); i++) {
		e[0].flags = one[i].flags;
		EXPECT_EQ(check(e, 1), one[i].want);
	}
	tap_case("lock: single element flag combinations (2.2.26.1, 3.3.5.14.1/2)");

	for (i = 0; i < sizeof(many) / sizeof(many[0]); i++) {
		for (j = 0; j < many[i].n; j++)
			e[j].flags = many[i].f[j];
		EXPECT_EQ(check(e, many[i].n), many[i].want);
	}
	/* element by element: an unlock series fails only at the bad element */
	{
		struct smb2_lock_req r;
		struct smb2_lock_elem x;
		u8 m[256], *c;

		e[0].flags = U;
		e[1].flags = 0;
		parse(m, lock_req(m, e, 2, 2), &r, &c);
		smb2_lock_elem_get(&r, 0, &x);
		EXPECT_EQ(smb2_lock_elem_check(&r, 0, &x), STATUS_SUCCESS);
		smb2_lock_elem_get(&r, 1, &x);
		EXPECT_EQ(smb2_lock_elem_check(&r, 1, &x), STATUS_INVALID_PARAMETER);
		free(c);
		e[0].flags = X | F;
		e[1].flags = S;
		parse(m, lock_req(m, e, 2, 2), &r, &c);
		smb2_lock_elem_get(&r, 0, &x);
		EXPECT_EQ(smb2_lock_elem_check(&r, 0, &x), STATUS_INVALID_PARAMETER);
		free(c);
	}
	tap_case("lock: multi-element mixes and FAIL_IMMEDIATELY rule");
}

static void test_lock_range(void)
{
	static const struct {
		u64 off, len;
		u32 want;
	} rng[] = {
		{ ~0ULL, 0, STATUS_SUCCESS },
		{ ~0ULL, 1, STATUS_SUCCESS },
		{ ~0ULL, 2, STATUS_INVALID_LOCK_RANGE },
		{ ~0ULL, ~0ULL, STATUS_INVALID_LOCK_RANGE },
		{ 0, ~0ULL, STATUS_SUCCESS },
		{ 1, ~0ULL, STATUS_SUCCESS },			/* last byte 2^64 - 1 */
		{ 2, ~0ULL, STATUS_INVALID_LOCK_RANGE },
		{ 1ULL << 63, 1ULL << 63, STATUS_SUCCESS },
		{ 1ULL << 63, (1ULL << 63) + 1, STATUS_INVALID_LOCK_RANGE },
		{ 0xffffffff, 0xffffffff, STATUS_SUCCESS },
		{ 0, 0, STATUS_SUCCESS },
	};
	struct el e[2];
	unsigned int i;

	memset(e, 0, sizeof(e));
	for (i = 0; i < sizeof(rng) / sizeof(rng[0]); i++) {
		e[0].off = rng[i].off;
		e[0].len = rng[i].len;
		e[0].flags = SMB2_LOCKFLAG_EXCLUSIVE_LOCK | SMB2_LOCKFLAG_FAIL_IMMEDIATELY;
		EXPECT_EQ(check(e, 1), rng[i].want);
		e[0].flags = SMB2_LOCKFLAG_UNLOCK;
		EXPECT_EQ(check(e, 1), rng[i].want);
	}
	e[0].off = ~0ULL;
	e[0].len = 2;
	e[0].flags = SMB2_LOCKFLAG_UNLOCK | SMB2_LOCKFLAG_SHARED_LOCK;
	EXPECT_EQ(check(e, 1), STATUS_INVALID_PARAMETER);	/* flags first */
	e[0].flags = SMB2_LOCKFLAG_UNLOCK;
	e[1] = e[0];
	e[0].len = 1;
	EXPECT_EQ(check(e, 2), STATUS_INVALID_LOCK_RANGE);	/* the 2nd element */
	tap_case("lock: Offset + Length past 2^64 -> STATUS_INVALID_LOCK_RANGE");
}

static void test_small_rsps(void)
{
	static const struct fscc_file_stat st = {
		.creation_time = 0x0102030405060708ULL,
		.last_access_time = 2,
		.last_write_time = 3,
		.change_time = 4,
		.allocation_size = 4096,
		.end_of_file = 4000,
		.file_attributes = FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_HIDDEN,
		.index_number = 99,
	};
	static const u8 want_close[60] = {
		60, 0, 1, 0, 0, 0, 0, 0,
		8, 7, 6, 5, 4, 3, 2, 1, 2, 0, 0, 0, 0, 0, 0, 0,
		3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0,
		0, 0x10, 0, 0, 0, 0, 0, 0, 0xa0, 0x0f, 0, 0, 0, 0, 0, 0,
		0x22, 0, 0, 0,
	};
	u8 zero[60] = { 60 };
	u8 b[64], m[64 + 24];
	struct smb2_fileid fid;
	size_t n;

	memset(b, 0xaa, sizeof(b));
	EXPECT_EQ(smb2_close_build_rsp_attrs(SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB, &st, b, 60, &n),
		  STATUS_SUCCESS);
	EXPECT_EQ(n, 60);
	EXPECT_MEM(b, want_close, 60);
	EXPECT_EQ(b[60], 0xaa);
	memset(b, 0xaa, sizeof(b));
	EXPECT_EQ(smb2_close_build_rsp_attrs(0, &st, b, 60, &n), STATUS_SUCCESS);
	EXPECT_MEM(b, zero, 60);
	memset(b, 0xaa, sizeof(b));
	EXPECT_EQ(smb2_close_build_rsp_attrs(SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB, NULL, b, 60, &n),
		  STATUS_SUCCESS);
	EXPECT_MEM(b, zero, 60);
	EXPECT_EQ(smb2_close_build_rsp_attrs(SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB, &st, b, 59, &n),
		  STATUS_BUFFER_TOO_SMALL);
	tap_case("CLOSE response with POSTQUERY_ATTRIB byte by byte, zeros otherwise");

	mb_smb2_hdr(m, SMB2_FLUSH, 8);
	memset(m + 64, 0, 24);
	put_le16(m + 64, 24);
	put_le64(m + 72, 0x55);
	put_le64(m + 80, 0x66);
	EXPECT_EQ(smb2_flush_parse(m, sizeof(m), &fid), STATUS_SUCCESS);
	EXPECT_TRUE(fid.persistent == 0x55 && fid.volatile_id == 0x66);
	EXPECT_EQ(smb2_flush_parse(m, sizeof(m) - 1, &fid), STATUS_INVALID_PARAMETER);
	put_le16(m + 64, 25);
	EXPECT_EQ(smb2_flush_parse(m, sizeof(m), &fid), STATUS_INVALID_PARAMETER);
	memset(b, 0xaa, sizeof(b));
	EXPECT_EQ(smb2_flush_build_rsp(b, 4, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 4);
	EXPECT_MEM(b, "\x04\x00\x00\x00\xaa", 5);
	EXPECT_EQ(smb2_flush_build_rsp(b, 3, &n), STATUS_BUFFER_TOO_SMALL);
	memset(b, 0xaa, sizeof(b));
	EXPECT_EQ(smb2_lock_build_rsp(b, 4, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 4);
	EXPECT_MEM(b, "\x04\x00\x00\x00\xaa", 5);
	EXPECT_EQ(smb2_lock_build_rsp(b, 3, &n), STATUS_BUFFER_TOO_SMALL);
	tap_case("FLUSH parse/response, LOCK response");
}

void test_smb2_lock(void)
{
	test_lock_parse();
	test_lock_flags();
	test_lock_range();
	test_small_rsps();
}
