// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: CREATE context lists (kernel/proto/smb2_create_ctx.c) and the
 * CREATE response with contexts (smb2_file.c). Lists are built here
 * straight from MS-SMB2 2.2.13.2, independently of the codec's writer.
 */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_create_ctx.h"
#include "smb2_ea.h"

struct tc {
	const char *name;
	u16 nlen;
	const u8 *data;
	u32 dlen;
};

/* A context list: 8-aligned contexts, name at 16, data 8-aligned after it. */
static u32 build(u8 *buf, const struct tc *c, int n)
{
	u32 pos = 0, prev = 0;
	int i;

	for (i = 0; i < n; i++) {
		u32 doff = 16 + ((c[i].nlen + 7) & ~7U);
		u8 *p;

		pos = (pos + 7) & ~7U;
		if (i)
			put_le32(buf + prev, pos - prev);
		p = buf + pos;
		memset(p, 0, 16);
		put_le16(p + 4, 16);
		put_le16(p + 6, c[i].nlen);
		put_le16(p + 10, c[i].dlen ? doff : 0);
		put_le32(p + 12, c[i].dlen);
		memcpy(p + 16, c[i].name, c[i].nlen);
		memset(p + 16 + c[i].nlen, 0, doff - 16 - c[i].nlen);
		if (c[i].dlen)
			memcpy(p + doff, c[i].data, c[i].dlen);
		prev = pos;
		pos += c[i].dlen ? doff + c[i].dlen : 16U + c[i].nlen;
	}
	return pos;
}

/* Parse an exactly sized heap copy, so that ASan sees any over-read. */
static u32 parse(const u8 *buf, u32 len, struct smb2_create_ctx_set *set)
{
	u8 *copy = malloc(len ? len : 1);
	u32 status;

	memcpy(copy, buf, len);
	status = smb2_create_ctx_parse(len ? copy : NULL, len, set);
	if (status == STATUS_SUCCESS && set->ea)
		set->ea = buf + (set->ea - copy);
	if (status == STATUS_SUCCESS && set->sd)
		set->sd = buf + (set->sd - copy);
	free(copy);
	return status;
}

static const u8 ea_list[] = {	/* one EA "a" = "xy" */
	0, 0, 0, 0, 0, 1, 2, 0, 'a', 0, 'x', 'y',
};
static const u8 lease2[52] = {
	1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16,
	7, 0, 0, 0,				/* LeaseState RWH */
	4, 0, 0, 0,				/* PARENT_LEASE_KEY_SET */
	0, 0, 0, 0, 0, 0, 0, 0,			/* LeaseDuration */
	0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8,
	0xa9, 0xaa, 0xab, 0xac, 0xad, 0xae, 0xaf, 0xb0,
	0x34, 0x12, 0, 0,			/* Epoch, Reserved */
};

static void test_ctx_all(void)
{
	static const u8 sd[20] = { 1, 0, 4, 0x80 };
	static const u8 alsi[8] = { 0, 0x10 };
	static const u8 ts[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	static const u8 twrp[8] = { 8, 7, 6, 5, 4, 3, 2, 1 };
	static const u8 dh2q[32] = {
		0x10, 0x27, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0xc0, 0xc1, 0xc2, 0xc3, 0xc4, 0xc5, 0xc6, 0xc7,
		0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce, 0xcf,
	};
	static const u8 appid[20] = {
		20, 0, 0, 0, 0xd0, 0xd1, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6, 0xd7,
		0xd8, 0xd9, 0xda, 0xdb, 0xdc, 0xdd, 0xde, 0xdf,
	};
	static const u8 appver[24] = {
		24, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0x80,
	};
	static const u8 posix[4] = { 0xed, 0x01, 0, 0 };
	static const u8 svhdx[8] = { 1 };
	const struct tc c[] = {
		{ "ExtA", 4, ea_list, sizeof(ea_list) },
		{ "SecD", 4, sd, sizeof(sd) },
		{ "AlSi", 4, alsi, 8 },
		{ "MxAc", 4, ts, 8 },
		{ "TWrp", 4, twrp, 8 },
		{ "QFid", 4, NULL, 0 },
		{ "DH2Q", 4, dh2q, 32 },
		{ "RqLs", 4, lease2, 52 },
		{ SMB2_CREATE_GUID_APP_INSTANCE_ID, 16, appid, 20 },
		{ SMB2_CREATE_GUID_APP_INSTANCE_VERSION, 16, appver, 24 },
		{ SMB2_CREATE_GUID_SVHDX_OPEN_DEVICE, 16, svhdx, 8 },
		{ SMB2_CREATE_GUID_POSIX, 16, posix, 4 },
		{ "ZZZZ", 4, ts, 3 },			/* unknown: ignored */
		{ "AlSiX", 5, ts, 1 },			/* unknown: ignored */
	};
	struct smb2_create_ctx_set s;
	u8 buf[1024];
	u32 len;

	len = build(buf, c, sizeof(c) / sizeof(c[0]));
	EXPECT_EQ(parse(buf, len, &s), STATUS_SUCCESS);
	EXPECT_EQ(s.present, SMB2_CTX_EXTA | SMB2_CTX_SECD | SMB2_CTX_ALSI | SMB2_CTX_MXAC |
		  SMB2_CTX_TWRP | SMB2_CTX_QFID | SMB2_CTX_DH2Q | SMB2_CTX_RQLS |
		  SMB2_CTX_APP_INSTANCE_ID | SMB2_CTX_APP_INSTANCE_VERSION | SMB2_CTX_SVHDX |
		  SMB2_CTX_POSIX);
	EXPECT_TRUE(s.ea == buf + 24 && s.ea_len == sizeof(ea_list));
	EXPECT_TRUE(s.sd == buf + 40 + 24 && s.sd_len == 20);
	EXPECT_EQ(s.alloc_size, 0x1000);
	EXPECT_EQ(s.mxac_has_timestamp, 1);
	EXPECT_EQ(s.mxac_timestamp, 0x0807060504030201ULL);
	EXPECT_EQ(s.twrp_timestamp, 0x0102030405060708ULL);
	EXPECT_EQ(s.dh2q_timeout, 10000);
	EXPECT_EQ(s.dh2q_flags, SMB2_DHANDLE_FLAG_PERSISTENT);
	EXPECT_MEM(s.dh2q_create_guid, dh2q + 16, 16);
	EXPECT_EQ(s.lease_version, 2);
	EXPECT_MEM(s.lease_key, lease2, 16);
	EXPECT_EQ(s.lease_state, 7);
	EXPECT_EQ(s.lease_flags, SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET);
	EXPECT_MEM(s.parent_lease_key, lease2 + 32, 16);
	EXPECT_EQ(s.lease_epoch, 0x1234);
	EXPECT_MEM(s.app_instance_id, appid + 4, 16);
	EXPECT_EQ(s.app_version_high, 2);
	EXPECT_EQ(s.app_version_low, 0x8000000000000001ULL);
	EXPECT_EQ(s.posix_mode, 0755);
	tap_case("create ctx: every known context decoded, unknown names ignored");

	{
		static const u8 dhnc[16] = { 1, 0, 0, 0, 0, 0, 0, 0, 2 };
		static const u8 lease1[32] = { 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9,
					       3, 0, 0, 0, 0xff, 0xff, 0xff, 0xff };
		static const u8 zero16[16];
		const struct tc d[] = {
			{ "DHnQ", 4, zero16, 16 },
			{ "DHnC", 4, dhnc, 16 },
			{ "RqLs", 4, lease1, 32 },
			{ "MxAc", 4, NULL, 0 },
		};

		len = build(buf, d, 4);
		EXPECT_EQ(parse(buf, len, &s), STATUS_SUCCESS);
		EXPECT_EQ(s.present, SMB2_CTX_DHNQ | SMB2_CTX_DHNC | SMB2_CTX_RQLS |
			  SMB2_CTX_MXAC);
		EXPECT_EQ(s.dhnc_fileid.persistent, 1);
		EXPECT_EQ(s.dhnc_fileid.volatile_id, 2);
		EXPECT_EQ(s.lease_version, 1);
		EXPECT_EQ(s.lease_state, 3);
		EXPECT_EQ(s.lease_flags, 0);	/* reserved in v1 */
		EXPECT_EQ(s.mxac_has_timestamp, 0);
	}
	{
		static const u8 dh2c[36] = {
			5, 0, 0, 0, 0, 0, 0, 0, 6, 0, 0, 0, 0, 0, 0, 0,
			0xe0, 0xe1, 0xe2, 0xe3, 0xe4, 0xe5, 0xe6, 0xe7,
			0xe8, 0xe9, 0xea, 0xeb, 0xec, 0xed, 0xee, 0xef, 2, 0, 0, 0,
		};
		const struct tc d[] = { { "DH2C", 4, dh2c, 36 } };

		len = build(buf, d, 1);
		EXPECT_EQ(parse(buf, len, &s), STATUS_SUCCESS);
		EXPECT_EQ(s.present, SMB2_CTX_DH2C);
		EXPECT_EQ(s.dh2c_fileid.persistent, 5);
		EXPECT_EQ(s.dh2c_fileid.volatile_id, 6);
		EXPECT_MEM(s.dh2c_create_guid, dh2c + 16, 16);
		EXPECT_EQ(s.dh2c_flags, 2);
	}
	memset(&s, 0xa5, sizeof(s));
	EXPECT_EQ(parse(buf, 0, &s), STATUS_SUCCESS);
	EXPECT_EQ(s.present, 0);
	EXPECT_EQ(s.lease_version, 0);
	tap_case("create ctx: durable v1 + reconnect + lease v1, DH2C, empty list");
}

/* Each known context with each DataLength in 0..60: which are accepted. */
static void test_ctx_lengths(void)
{
	static const struct {
		const char *name;
		u16 nlen;
		u64 ok;		/* bit n: DataLength n accepted */
	} rule[] = {
		{ "AlSi", 4, 1ULL << 8 },
		{ "MxAc", 4, 1ULL | 1ULL << 8 },
		{ "TWrp", 4, 1ULL << 8 },
		{ "QFid", 4, 1ULL },
		{ "DHnQ", 4, 1ULL << 16 },
		{ "DHnC", 4, 1ULL << 16 },
		{ "DH2Q", 4, 1ULL << 32 },
		{ "DH2C", 4, 1ULL << 36 },
		{ "RqLs", 4, 1ULL << 32 | 1ULL << 52 },
		{ "SecD", 4, ~0ULL },
		{ "ZZZZ", 4, ~0ULL },
		{ SMB2_CREATE_GUID_APP_INSTANCE_ID, 16, 1ULL << 20 },
		{ SMB2_CREATE_GUID_APP_INSTANCE_VERSION, 16, 1ULL << 24 },
		{ SMB2_CREATE_GUID_POSIX, 16, 1ULL << 4 },
		{ SMB2_CREATE_GUID_SVHDX_OPEN_DEVICE, 16, ~0ULL },
	};
	struct smb2_create_ctx_set s;
	u8 data[64], buf[256];
	unsigned int i, n;
	int bad = 0;

	for (i = 0; i < sizeof(rule) / sizeof(rule[0]); i++) {
		for (n = 0; n <= 60; n++) {
			struct tc c = { rule[i].name, rule[i].nlen, data, n };
			u32 want, len;

			memset(data, 0, sizeof(data));
			data[0] = (u8)n;	/* StructureSize of the APP_INSTANCE_* */
			len = build(buf, &c, 1);
			want = rule[i].ok >> n & 1 ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
			if (parse(buf, len, &s) != want) {
				printf("# %.4s DataLength %u\n", rule[i].name, n);
				bad++;
			}
		}
	}
	EXPECT_EQ(bad, 0);
	tap_case("create ctx: DataLength rule of every context (2.2.13.2.x)");

	{
		u8 d[24] = { 21 };
		struct tc c = { SMB2_CREATE_GUID_APP_INSTANCE_ID, 16, d, 20 };
		u32 len = build(buf, &c, 1);

		EXPECT_EQ(parse(buf, len, &s), STATUS_INVALID_PARAMETER);
		c.name = SMB2_CREATE_GUID_APP_INSTANCE_VERSION;
		c.dlen = 24;
		d[0] = 20;
		len = build(buf, &c, 1);
		EXPECT_EQ(parse(buf, len, &s), STATUS_INVALID_PARAMETER);
	}
	{
		static const u8 badea[] = { 0, 0, 0, 0, 0, 1, 0, 0, 'a', 'b' };
		static const u8 badname[] = { 0, 0, 0, 0, 0, 1, 0, 0, '*', 0 };
		struct tc c = { "ExtA", 4, badea, sizeof(badea) };
		u32 len = build(buf, &c, 1);

		EXPECT_EQ(parse(buf, len, &s), STATUS_EA_LIST_INCONSISTENT);
		c.data = badname;
		len = build(buf, &c, 1);
		EXPECT_EQ(parse(buf, len, &s), STATUS_INVALID_EA_NAME);
		c.dlen = 0;
		len = build(buf, &c, 1);
		EXPECT_EQ(parse(buf, len, &s), STATUS_INVALID_PARAMETER);
	}
	tap_case("create ctx: APP_INSTANCE_* StructureSize, ExtA EA list statuses");
}

static void test_ctx_combinations(void)
{
	static const u8 z[52];
	static const struct {
		u32 a, b;
		u32 want;
	} combo[] = {
		{ 0, 1, STATUS_SUCCESS },		/* DHnQ + DHnC: DHnQ ignored */
		{ 0, 2, STATUS_INVALID_PARAMETER },	/* DHnQ + DH2Q */
		{ 0, 3, STATUS_INVALID_PARAMETER },	/* DHnQ + DH2C */
		{ 1, 2, STATUS_INVALID_PARAMETER },	/* DHnC + DH2Q */
		{ 1, 3, STATUS_INVALID_PARAMETER },	/* DHnC + DH2C */
		{ 2, 3, STATUS_INVALID_PARAMETER },	/* DH2Q + DH2C */
		{ 0, 0, STATUS_INVALID_PARAMETER },	/* duplicates */
		{ 1, 1, STATUS_INVALID_PARAMETER },
		{ 2, 2, STATUS_INVALID_PARAMETER },
		{ 3, 3, STATUS_INVALID_PARAMETER },
		{ 4, 4, STATUS_INVALID_PARAMETER },
		{ 5, 5, STATUS_SUCCESS },		/* unknown twice */
		{ 2, 4, STATUS_SUCCESS },		/* DH2Q + RqLs */
		{ 3, 4, STATUS_SUCCESS },		/* DH2C + RqLs */
	};
	const struct tc ctx[] = {
		{ "DHnQ", 4, z, 16 }, { "DHnC", 4, z, 16 }, { "DH2Q", 4, z, 32 },
		{ "DH2C", 4, z, 36 }, { "RqLs", 4, z, 52 }, { "Zzzz", 4, z, 1 },
	};
	struct smb2_create_ctx_set s;
	u8 buf[256];
	unsigned int i;

	for (i = 0; i < sizeof(combo) / sizeof(combo[0]); i++) {
		struct tc c[3] = { ctx[combo[i].a], { "QFid", 4, NULL, 0 }, ctx[combo[i].b] };
		u32 len = build(buf, c, 3);

		EXPECT_EQ(parse(buf, len, &s), combo[i].want);
	}
	tap_case("create ctx: durable combinations (3.3.5.9.6/7/10/12) and duplicates");
}

static void test_ctx_structure(void)
{
	static const u8 ts[8];
	const struct tc c[] = {
		{ "MxAc", 4, ts, 8 }, { "QFid", 4, NULL, 0 }, { "AlSi", 4, ts, 8 },
	};
	struct smb2_create_ctx_set s;
	u8 buf[256], m[256];
	u32 len, l;
	int bad = 0;

	len = build(buf, c, 3);			/* 0..32, 32..52 (Next 24), 56..88 */
	EXPECT_EQ(len, 88);
	EXPECT_EQ(get_le32(buf), 32);
	EXPECT_EQ(get_le32(buf + 32), 24);
	EXPECT_EQ(parse(buf, len, &s), STATUS_SUCCESS);
	EXPECT_EQ(s.present, SMB2_CTX_MXAC | SMB2_CTX_QFID | SMB2_CTX_ALSI);
	for (l = 0; l < len; l++)
		if (parse(buf, l, &s) == STATUS_SUCCESS && l)
			bad++;
	EXPECT_EQ(bad, 0);
	tap_case("create ctx: every truncation of a 3-context list is refused");

#define TRY(off, put, val, want)				\
	do {							\
		memcpy(m, buf, len);				\
		put(m + (off), (val));				\
		EXPECT_EQ(parse(m, len, &s), (want));		\
	} while (0)
	TRY(0, put_le32, 28, STATUS_INVALID_PARAMETER);		/* Next misaligned */
	TRY(0, put_le32, 8, STATUS_INVALID_PARAMETER);		/* into its own header */
	TRY(0, put_le32, 16, STATUS_INVALID_PARAMETER);		/* over its own name */
	TRY(0, put_le32, 24, STATUS_INVALID_PARAMETER);		/* over its own data */
	TRY(0, put_le32, 88, STATUS_INVALID_PARAMETER);		/* at the end */
	TRY(0, put_le32, 80, STATUS_INVALID_PARAMETER);		/* no room for a header */
	TRY(0, put_le32, 0xfffffff8, STATUS_INVALID_PARAMETER);	/* backwards (wraps) */
	TRY(32, put_le32, 0xffffffe0, STATUS_INVALID_PARAMETER);	/* back to the first */
	TRY(0, put_le32, 56, STATUS_SUCCESS);			/* skip the QFid */
	TRY(0, put_le32, 0, STATUS_SUCCESS);			/* only the MxAc */
	TRY(6, put_le16, 3, STATUS_INVALID_PARAMETER);		/* NameLength < 4 */
	TRY(6, put_le16, 0, STATUS_INVALID_PARAMETER);
	TRY(6, put_le16, 17, STATUS_INVALID_PARAMETER);		/* name past Next */
	TRY(4, put_le16, 8, STATUS_INVALID_PARAMETER);		/* name in the header */
	TRY(4, put_le16, 20, STATUS_INVALID_PARAMETER);		/* name misaligned */
	TRY(4, put_le16, 0xfff8, STATUS_INVALID_PARAMETER);
	TRY(10, put_le16, 20, STATUS_INVALID_PARAMETER);	/* data misaligned */
	TRY(10, put_le16, 16, STATUS_INVALID_PARAMETER);	/* data over the name */
	TRY(10, put_le16, 0, STATUS_INVALID_PARAMETER);		/* data in the header */
	TRY(10, put_le16, 32, STATUS_INVALID_PARAMETER);	/* data past Next */
	TRY(12, put_le32, 9, STATUS_INVALID_PARAMETER);		/* DataLength past Next */
	TRY(12, put_le32, 0xffffffff, STATUS_INVALID_PARAMETER);
	TRY(56 + 12, put_le32, 9, STATUS_INVALID_PARAMETER);	/* past the list */
	TRY(32 + 10, put_le16, 0xfff8, STATUS_SUCCESS);		/* ignored: DataLength 0 */
	tap_case("create ctx: lying Next, NameOffset/Length, DataOffset/Length");
#undef TRY
}

/* Walk a response list the way a client does: returns the count. */
static int walk(const u8 *b, u32 len, u32 *offs)
{
	u32 pos = 0;
	int n = 0;

	while (pos + 16 <= len) {
		offs[n++] = pos;
		if (!get_le32(b + pos))
			break;
		pos += get_le32(b + pos);
	}
	return n;
}

static void test_ctx_writer(void)
{
	static const u8 want[] = {
		/* MxAc: Next 32, NameOffset 16, NameLength 4, DataOffset 24, DataLength 8 */
		32, 0, 0, 0, 16, 0, 4, 0, 0, 0, 24, 0, 8, 0, 0, 0,
		'M', 'x', 'A', 'c', 0, 0, 0, 0,
		0, 0, 0, 0, 0xff, 0x01, 0x1f, 0x00,
		/* DHnQ response: 8 reserved bytes */
		0, 0, 0, 0, 16, 0, 4, 0, 0, 0, 24, 0, 8, 0, 0, 0,
		'D', 'H', 'n', 'Q', 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
	};
	struct smb2_create_ctx_set req;
	struct smb2_ctx_writer cw;
	u8 b[512], keep[512];
	u32 offs[8];

	memset(b, 0xaa, sizeof(b));
	smb2_ctx_writer_init(&cw, b, sizeof(b));
	EXPECT_EQ(smb2_ctx_put_mxac(&cw, STATUS_SUCCESS, 0x001f01ff), STATUS_SUCCESS);
	EXPECT_EQ(smb2_ctx_put_dhnq(&cw), STATUS_SUCCESS);
	EXPECT_EQ(cw.used, sizeof(want));
	EXPECT_MEM(b, want, sizeof(want));
	EXPECT_EQ(b[sizeof(want)], 0xaa);
	tap_case("ctx writer: MxAc + DHnQ byte by byte");

	memset(b, 0xaa, sizeof(b));
	smb2_ctx_writer_init(&cw, b, sizeof(b));
	EXPECT_EQ(smb2_ctx_put(&cw, "Odd1", (const u8 *)"abc", 3), STATUS_SUCCESS);
	EXPECT_EQ(cw.used, 27);
	EXPECT_EQ(smb2_ctx_put_qfid(&cw, 0x1122334455667788ULL, 0x99), STATUS_SUCCESS);
	EXPECT_EQ(smb2_ctx_put(&cw, "Zero", NULL, 0), STATUS_SUCCESS);
	EXPECT_EQ(smb2_ctx_put_dh2q(&cw, 60000, SMB2_DHANDLE_FLAG_PERSISTENT), STATUS_SUCCESS);
	EXPECT_EQ(walk(b, cw.used, offs), 4);
	EXPECT_TRUE(offs[1] == 32 && offs[2] == 88 && offs[3] == 112);
	EXPECT_MEM(b + 27, "\0\0\0\0\0", 5);			/* padding zeroed */
	EXPECT_MEM(b + 32 + 16, "QFid", 4);
	EXPECT_EQ(get_le64(b + 32 + 24), 0x1122334455667788ULL);
	EXPECT_EQ(get_le64(b + 32 + 32), 0x99);
	EXPECT_MEM(b + 32 + 40, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	EXPECT_EQ(get_le16(b + 88 + 10), 0);			/* DataOffset 0 */
	EXPECT_EQ(get_le32(b + 88 + 12), 0);
	EXPECT_EQ(get_le32(b + 88), 24);
	EXPECT_EQ(get_le32(b + 112 + 24), 60000);
	EXPECT_EQ(get_le32(b + 112 + 28), 2);
	EXPECT_EQ(cw.used, 144);
	tap_case("ctx writer: chaining, padding, empty data, QFid and DH2Q layouts");

	/* Does not fit: nothing written, the list unchanged. */
	memcpy(keep, b, sizeof(b));
	cw.cap = 144 + 31;
	EXPECT_EQ(smb2_ctx_put_mxac(&cw, 0, 0), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(cw.used, 144);
	EXPECT_MEM(b, keep, sizeof(b));
	cw.cap = 144 + 32;
	EXPECT_EQ(smb2_ctx_put_mxac(&cw, 0, 0), STATUS_SUCCESS);
	EXPECT_EQ(cw.used, 176);
	cw.cap = 177;
	EXPECT_EQ(smb2_ctx_put(&cw, "Zero", NULL, 0), STATUS_BUFFER_OVERFLOW);
	smb2_ctx_writer_init(&cw, b, 19);
	EXPECT_EQ(smb2_ctx_put(&cw, "Zero", NULL, 0), STATUS_BUFFER_OVERFLOW);
	smb2_ctx_writer_init(&cw, b, 20);
	EXPECT_EQ(smb2_ctx_put(&cw, "Zero", NULL, 0), STATUS_SUCCESS);
	smb2_ctx_writer_init(&cw, b, 0xfffffff0);
	cw.used = 0xfffffff9;
	EXPECT_EQ(smb2_ctx_put(&cw, "Zero", NULL, 0), STATUS_BUFFER_OVERFLOW);
	tap_case("ctx writer: STATUS_BUFFER_OVERFLOW writes nothing");

	/* Lease responses take the request's form. */
	memset(&req, 0, sizeof(req));
	smb2_ctx_writer_init(&cw, b, sizeof(b));
	EXPECT_EQ(smb2_ctx_put_lease(&cw, &req, 1, 0, 0), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(cw.used, 0);
	{
		const struct tc c = { "RqLs", 4, lease2, 52 };
		u8 r[128];

		EXPECT_EQ(smb2_create_ctx_parse(r, build(r, &c, 1), &req), STATUS_SUCCESS);
	}
	memset(b, 0xaa, sizeof(b));
	EXPECT_EQ(smb2_ctx_put_lease(&cw, &req, SMB2_LEASE_READ_CACHING | SMB2_LEASE_HANDLE_CACHING,
				     SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET, 9), STATUS_SUCCESS);
	EXPECT_EQ(cw.used, 24 + 52);
	EXPECT_EQ(get_le32(b + 12), 52);
	EXPECT_MEM(b + 24, lease2, 16);
	EXPECT_EQ(get_le32(b + 24 + 16), 3);
	EXPECT_EQ(get_le32(b + 24 + 20), 4);
	EXPECT_EQ(get_le64(b + 24 + 24), 0);
	EXPECT_MEM(b + 24 + 32, lease2 + 32, 16);
	EXPECT_EQ(get_le16(b + 24 + 48), 9);
	EXPECT_EQ(get_le16(b + 24 + 50), 0);
	smb2_ctx_writer_init(&cw, b, sizeof(b));
	EXPECT_EQ(smb2_ctx_put_lease(&cw, &req, 1, 0, 9), STATUS_SUCCESS);
	EXPECT_MEM(b + 24 + 32, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	req.lease_version = 1;
	memset(b, 0xaa, sizeof(b));
	smb2_ctx_writer_init(&cw, b, sizeof(b));
	EXPECT_EQ(smb2_ctx_put_lease(&cw, &req, 1, SMB2_LEASE_FLAG_BREAK_IN_PROGRESS, 9),
		  STATUS_SUCCESS);
	EXPECT_EQ(cw.used, 24 + 32);
	EXPECT_EQ(get_le32(b + 12), 32);
	EXPECT_EQ(get_le32(b + 24 + 20), 2);
	EXPECT_EQ(b[24 + 32], 0xaa);
	tap_case("ctx writer: lease v1/v2 responses, parent key only with its flag");
}

static void test_create_rsp(void)
{
	static const u8 want_fixed[88] = {
		89, 0, 0xff, 1, 2, 0, 0, 0,			/* lease, REPARSEPOINT, CREATED */
		1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0,
		3, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 0, 0,
		0, 0x10, 0, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 0, 0, 0,
		0x20, 0, 0, 0, 0, 0, 0, 0,			/* attributes, Reserved2 */
		7, 0, 0, 0, 0, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0,
		152, 0, 0, 0, 32, 0, 0, 0,			/* contexts at 152, 32 bytes */
	};
	struct smb2_create_rsp r;
	struct smb2_ctx_writer cw;
	u8 body[256], other[64];
	size_t n;

	memset(&r, 0, sizeof(r));
	r.create_action = FILE_OPENED;
	memset(body, 0xaa, sizeof(body));
	EXPECT_EQ(smb2_create_build_rsp(&r, body, 89, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 89);
	EXPECT_EQ(get_le16(body), 89);
	EXPECT_EQ(get_le32(body + 80), 0);
	EXPECT_EQ(get_le32(body + 84), 0);
	EXPECT_EQ(body[88], 0);
	EXPECT_EQ(body[89], 0xaa);
	EXPECT_EQ(smb2_create_build_rsp(&r, body, 88, &n), STATUS_BUFFER_TOO_SMALL);
	tap_case("CREATE response without contexts unchanged (89 bytes)");

	r.oplock_level = SMB2_OPLOCK_LEVEL_LEASE;
	r.flags = SMB2_CREATE_FLAG_REPARSEPOINT;
	r.create_action = FILE_CREATED;
	r.creation_time = 1;
	r.last_access_time = 2;
	r.last_write_time = 3;
	r.change_time = 4;
	r.allocation_size = 0x1000;
	r.end_of_file = 5;
	r.file_attributes = FILE_ATTRIBUTE_ARCHIVE;
	r.fileid.persistent = 7;
	r.fileid.volatile_id = 8;
	memset(body, 0xaa, sizeof(body));
	smb2_ctx_writer_init(&cw, body + SMB2_CREATE_RSP_CONTEXTS_OFF,
			     sizeof(body) - SMB2_CREATE_RSP_CONTEXTS_OFF);
	smb2_ctx_put_mxac(&cw, 0, 0x1f01ff);
	r.contexts = cw.buf;
	r.contexts_len = cw.used;
	EXPECT_EQ(smb2_create_build_rsp(&r, body, 88 + 31, &n), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_create_build_rsp(&r, body, 88 + 32, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 88 + 32);
	EXPECT_MEM(body, want_fixed, 88);
	EXPECT_MEM(body + 88 + 16, "MxAc", 4);
	EXPECT_EQ(get_le32(body + 88 + 28), 0x1f01ff);
	tap_case("CREATE response with contexts in place, byte by byte");

	memcpy(other, body + 88, 32);
	memset(body, 0, sizeof(body));
	r.contexts = other;
	EXPECT_EQ(smb2_create_build_rsp(&r, body, sizeof(body), &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 120);
	EXPECT_MEM(body, want_fixed, 88);
	EXPECT_MEM(body + 88, other, 32);
	tap_case("CREATE response with contexts copied from elsewhere");
}

/* A whole CREATE request: name, then the contexts 8-aligned after it. */
static void test_create_req(void)
{
	static const u8 ts[8] = { 9 };
	const struct tc c[] = { { "MxAc", 4, ts, 8 }, { "QFid", 4, NULL, 0 } };
	struct smb2_create_ctx_set s;
	struct smb2_create_req r;
	u8 m[64 + 56 + 8 + 64], *copy;
	u32 clen;

	mb_smb2_hdr(m, SMB2_CREATE, 3);
	memset(m + 64, 0, sizeof(m) - 64);
	put_le16(m + 64, 57);
	put_le16(m + 64 + 44, 120);
	put_le16(m + 64 + 46, 6);
	memcpy(m + 120, "a\0b\0c\0", 6);
	clen = build(m + 128, c, 2);
	put_le32(m + 64 + 48, 128);
	put_le32(m + 64 + 52, clen);
	copy = malloc(128 + clen);
	memcpy(copy, m, 128 + clen);
	EXPECT_EQ(smb2_create_parse(copy, 128 + clen, &r), STATUS_SUCCESS);
	EXPECT_TRUE(r.contexts == copy + 128 && r.contexts_len == clen);
	EXPECT_EQ(smb2_create_ctx_parse(r.contexts, r.contexts_len, &s), STATUS_SUCCESS);
	EXPECT_EQ(s.present, SMB2_CTX_MXAC | SMB2_CTX_QFID);
	EXPECT_EQ(s.mxac_timestamp, 9);
	free(copy);
	tap_case("CREATE request: smb2_create_parse then its context list");
}

void test_smb2_create_ctx(void)
{
	test_ctx_all();
	test_ctx_lengths();
	test_ctx_combinations();
	test_ctx_structure();
	test_ctx_writer();
	test_create_rsp();
	test_create_req();
}
