// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: SIDs, ACL/SD validation, build, QUERY_INFO select, SET_INFO
 * merge, inheritance, access check and the Unix mapping
 * (kernel/proto/sid.c, security_desc.c, sd_inherit.c, access_check.c).
 * The Windows descriptors below are byte-exact, written out by hand (an
 * independent encoder), in the Owner, Group, DACL, SACL layout NTFS
 * returns; parsers get exactly sized heap copies.
 */
#include <stdlib.h>
#include "tap.h"
#include "security_desc.h"

/*
 * A file created under a user profile folder: owner and group a domain
 * user and Domain Users, DACL "D:AI(A;ID;FA;;;SY)(A;ID;FA;;;BA)
 * (A;ID;FA;;;<user>)(A;ID;0x1200a9;;;BU)", control 0x8404.
 */
static const u8 win_file_sd[188] = {
	0x01, 0x00, 0x04, 0x84, 0x14, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x4c, 0x00, 0x00, 0x00, 0x01, 0x05, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x15, 0x00, 0x00, 0x00, 0xdc, 0xf4, 0xdc, 0x3b,
	0x83, 0x3d, 0x2b, 0x46, 0x82, 0x8b, 0xa6, 0x28, 0xe9, 0x03, 0x00, 0x00,
	0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x15, 0x00, 0x00, 0x00,
	0xdc, 0xf4, 0xdc, 0x3b, 0x83, 0x3d, 0x2b, 0x46, 0x82, 0x8b, 0xa6, 0x28,
	0x01, 0x02, 0x00, 0x00, 0x02, 0x00, 0x70, 0x00, 0x04, 0x00, 0x00, 0x00,
	0x00, 0x10, 0x14, 0x00, 0xff, 0x01, 0x1f, 0x00, 0x01, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00, 0x00, 0x10, 0x18, 0x00,
	0xff, 0x01, 0x1f, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00, 0x00, 0x10, 0x24, 0x00,
	0xff, 0x01, 0x1f, 0x00, 0x01, 0x05, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x15, 0x00, 0x00, 0x00, 0xdc, 0xf4, 0xdc, 0x3b, 0x83, 0x3d, 0x2b, 0x46,
	0x82, 0x8b, 0xa6, 0x28, 0xe9, 0x03, 0x00, 0x00, 0x00, 0x10, 0x18, 0x00,
	0xa9, 0x00, 0x12, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x20, 0x00, 0x00, 0x00, 0x21, 0x02, 0x00, 0x00,
};

#define USER_SID	"S-1-5-21-1004336348-1177238915-682003330-1001"
#define USERS_SID	"S-1-5-21-1004336348-1177238915-682003330-513"

/*
 * A directory: owner BA, group SY, DACL "D:AI(A;OICI;FA;;;SY)
 * (A;OICI;FA;;;BA)(A;OICIIO;GA;;;CO)(A;OICI;0x1200a9;;;BU)(A;CI;AD;;;BU)
 * (A;OINP;0x1201bf;;;AU)".
 */
static const u8 win_dir_sd[188] = {
	0x01, 0x00, 0x04, 0x84, 0x14, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x8c, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x03, 0x14, 0x00,
	0xff, 0x01, 0x1f, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x12, 0x00, 0x00, 0x00, 0x00, 0x03, 0x18, 0x00, 0xff, 0x01, 0x1f, 0x00,
	0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00,
	0x20, 0x02, 0x00, 0x00, 0x00, 0x0b, 0x14, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x03, 0x18, 0x00, 0xa9, 0x00, 0x12, 0x00, 0x01, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x21, 0x02, 0x00, 0x00,
	0x00, 0x02, 0x18, 0x00, 0x04, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x21, 0x02, 0x00, 0x00,
	0x00, 0x05, 0x14, 0x00, 0xbf, 0x01, 0x12, 0x00, 0x01, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x0b, 0x00, 0x00, 0x00,
};

/*
 * A Hyper-V VM folder: DACL revision 4 "(A;OICIID;FA;;;SY)(A;;FA;;;<VM>)
 * (A;OICIIOID;0x1200a9;;;S-1-5-83-0)", an object ACE for the VM with an
 * ObjectType GUID, a conditional callback ACE ("artx" data); SACL
 * "(AU;OICISAFA;GA;;;WD)" and a medium mandatory label (NW).
 */
static const u8 hyperv_sd[280] = {
	0x01, 0x00, 0x14, 0x84, 0x14, 0x00, 0x00, 0x00, 0x24, 0x00, 0x00, 0x00,
	0xe8, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x12, 0x00, 0x00, 0x00,
	0x04, 0x00, 0xb8, 0x00, 0x05, 0x00, 0x00, 0x00, 0x00, 0x13, 0x14, 0x00,
	0xff, 0x01, 0x1f, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x12, 0x00, 0x00, 0x00, 0x00, 0x00, 0x28, 0x00, 0xff, 0x01, 0x1f, 0x00,
	0x01, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x53, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0xce, 0xa7, 0x6a, 0xcf, 0x87, 0xa5, 0x4e, 0x4b,
	0x8b, 0x4d, 0xb5, 0xb2, 0x3f, 0x14, 0x7e, 0xee, 0x00, 0x1b, 0x18, 0x00,
	0xa9, 0x00, 0x12, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x53, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x00, 0x3c, 0x00,
	0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x10, 0x11, 0x12, 0x13,
	0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x1f,
	0x01, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x53, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0xce, 0xa7, 0x6a, 0xcf, 0x87, 0xa5, 0x4e, 0x4b,
	0x8b, 0x4d, 0xb5, 0xb2, 0x3f, 0x14, 0x7e, 0xee, 0x09, 0x00, 0x20, 0x00,
	0xa9, 0x00, 0x12, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x61, 0x72, 0x74, 0x78, 0xfb, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x30, 0x00, 0x02, 0x00, 0x00, 0x00,
	0x02, 0xc3, 0x14, 0x00, 0x00, 0x00, 0x00, 0x10, 0x01, 0x01, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x14, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x00, 0x20, 0x00, 0x00,
};

#define VM_SID		"S-1-5-83-1-3479873486-1263445383-2998226315-4001240127"
#define HV_DACL_OFF	0x30
#define HV_SACL_OFF	0xe8

/* MS-DTYP 2.5.1.4: "O:BAG:BAD:P(A;CIOI;GRGX;;;BU)(A;CIOI;GA;;;BA)
 * (A;CIOI;GA;;;SY)(A;CIOI;GA;;;CO)S:P(AU;FA;GR;;;WD)", SACL and DACL
 * first, as the Rtl routines lay it out.
 */
static const u8 dtyp_example_sd[176] = {
	0x01, 0x00, 0x14, 0xb0, 0x90, 0x00, 0x00, 0x00, 0xa0, 0x00, 0x00, 0x00,
	0x14, 0x00, 0x00, 0x00, 0x30, 0x00, 0x00, 0x00, 0x02, 0x00, 0x1c, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x02, 0x80, 0x14, 0x00, 0x00, 0x00, 0x00, 0x80,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x02, 0x00, 0x60, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x03, 0x18, 0x00,
	0x00, 0x00, 0x00, 0xa0, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x20, 0x00, 0x00, 0x00, 0x21, 0x02, 0x00, 0x00, 0x00, 0x03, 0x18, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00, 0x00, 0x03, 0x14, 0x00,
	0x00, 0x00, 0x00, 0x10, 0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x12, 0x00, 0x00, 0x00, 0x00, 0x03, 0x14, 0x00, 0x00, 0x00, 0x00, 0x10,
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x20, 0x00, 0x00, 0x00,
	0x20, 0x02, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05,
	0x20, 0x00, 0x00, 0x00, 0x20, 0x02, 0x00, 0x00,
};

#define FA	FILE_ALL_ACCESS
#define RX	0x001200A9U

/* Heap copies, freed by drop() at the end of each test. */
static u8 *kept[64];
static int nkept;

static u8 *dup_bytes(const u8 *p, size_t n)
{
	u8 *c = malloc(n ? n : 1);

	if (n)
		memcpy(c, p, n);
	if (nkept < 64)
		kept[nkept++] = c;
	return c;
}

static void drop(void)
{
	while (nkept)
		free(kept[--nkept]);
}

static u32 parse(const u8 *p, size_t n, struct smb2_sd_view *v)
{
	return smb2_sd_parse(dup_bytes(p, n), (u32)n, v);
}

static struct smb2_sid sid_of(const char *s)
{
	struct smb2_sid sid;

	if (smb2_sid_from_string(s, &sid))
		tap_fail(__FILE__, __LINE__, s, 1, 0);
	return sid;
}

static u32 put_sid(u8 *p, const char *s)
{
	struct smb2_sid sid = sid_of(s);
	u32 n = 0;

	smb2_sid_write(&sid, p, SMB2_SID_MAX_SIZE, &n);
	return n;
}

static u32 put_ace(u8 *p, u8 type, u8 flags, u32 mask, const char *sid)
{
	u32 n = put_sid(p + 8, sid) + 8;

	p[0] = type;
	p[1] = flags;
	put_le16(p + 2, (u16)n);
	put_le32(p + 4, mask);
	return n;
}

static void put_acl_hdr(u8 *p, u8 rev, u32 size, u32 count)
{
	memset(p, 0, 8);
	p[0] = rev;
	put_le16(p + 2, (u16)size);
	put_le16(p + 4, (u16)count);
}

/* A DACL-only descriptor for @owner from ACEs written by put_ace(). */
static u32 make_sd(u8 *out, u32 cap, u16 control, const char *owner,
		   const u8 *aces, u32 aces_len, u32 count)
{
	u8 acl[1024], o[SMB2_SID_MAX_SIZE];
	u32 n, olen = owner ? put_sid(o, owner) : 0;

	put_acl_hdr(acl, ACL_REVISION, 8 + aces_len, count);
	memcpy(acl + 8, aces, aces_len);
	if (smb2_sd_build(control, owner ? o : NULL, olen, NULL, 0,
			  count == 0xFFFF ? NULL : acl, 8 + aces_len, NULL, 0, out, cap, &n))
		return 0;
	return n;
}

/* The @i-th ACE of @acl. */
static const u8 *ace_at(const u8 *acl, int i)
{
	const u8 *a = acl + 8;

	while (i--)
		a += get_le16(a + 2);
	return a;
}

/* Does the ACE at @a have type, flags, mask and SID as given? */
static bool ace_is(const u8 *a, u8 type, u8 flags, u32 mask, const char *sid)
{
	struct smb2_sid s, want = sid_of(sid);
	u32 off = 8, n;

	if (a[0] == ACCESS_ALLOWED_OBJECT_ACE_TYPE)
		off = 12 + ((get_le32(a + 8) & 1) ? 16 : 0) + ((get_le32(a + 8) & 2) ? 16 : 0);
	if (a[0] != type || a[1] != flags || get_le32(a + 4) != mask)
		return false;
	if (smb2_sid_parse(a + off, get_le16(a + 2) - off, &s, &n))
		return false;
	return !smb2_sid_cmp(&s, &want);
}

static void test_sid_wire(void)
{
	static const u8 vm[] = {
		0x01, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x05, 0x53, 0x00, 0x00, 0x00,
		0x01, 0x00, 0x00, 0x00, 0xce, 0xa7, 0x6a, 0xcf, 0x87, 0xa5, 0x4e, 0x4b,
		0x8b, 0x4d, 0xb5, 0xb2, 0x3f, 0x14, 0x7e, 0xee,
	};
	struct smb2_sid s, t;
	u8 b[80], *c;
	u32 n;
	int i;

	c = dup_bytes(vm, sizeof(vm));
	EXPECT_EQ(smb2_sid_parse(c, sizeof(vm), &s, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 32);
	EXPECT_EQ(s.num_auths, 6);
	EXPECT_EQ(s.sub_auth[0], 83);
	EXPECT_EQ(s.sub_auth[5], 4001240127U);
	EXPECT_EQ(smb2_sid_write(&s, b, sizeof(b), &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 32);
	EXPECT_MEM(b, vm, sizeof(vm));
	EXPECT_EQ(smb2_sid_write(&s, b, 31, &n), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_sid_size(&s), 32);
	EXPECT_EQ(smb2_sid_parse(c, sizeof(vm) - 1, &s, &n), STATUS_INVALID_SID);
	EXPECT_EQ(smb2_sid_parse(c, 0, &s, &n), STATUS_INVALID_SID);
	EXPECT_EQ(smb2_sid_parse(c, 7, NULL, NULL), STATUS_INVALID_SID);
	EXPECT_EQ(smb2_sid_parse(NULL, 0, NULL, NULL), STATUS_INVALID_SID);
	c = dup_bytes(vm, sizeof(vm));
	c[0] = 2;
	EXPECT_EQ(smb2_sid_parse(c, sizeof(vm), &s, &n), STATUS_INVALID_SID);

	/* 15 sub-authorities is the limit, 16 is invalid */
	memset(b, 0, sizeof(b));
	b[0] = 1;
	b[1] = 15;
	b[7] = 5;
	for (i = 0; i < 15; i++)
		put_le32(b + 8 + 4 * i, i + 1);
	c = dup_bytes(b, 68);
	EXPECT_EQ(smb2_sid_parse(c, 68, &s, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 68);
	b[1] = 16;
	c = dup_bytes(b, 72);
	EXPECT_EQ(smb2_sid_parse(c, 72, &s, &n), STATUS_INVALID_SID);
	b[1] = 255;
	c = dup_bytes(b, 80);
	EXPECT_EQ(smb2_sid_parse(c, 80, NULL, NULL), STATUS_INVALID_SID);
	s.num_auths = 16;
	EXPECT_EQ(smb2_sid_write(&s, b, sizeof(b), &n), STATUS_INVALID_SID);

	/* ordering */
	s = sid_of("S-1-5-21-1-2-3");
	t = sid_of("S-1-5-21-1-2-3-500");
	EXPECT_TRUE(smb2_sid_cmp(&s, &t) < 0 && smb2_sid_cmp(&t, &s) > 0);
	EXPECT_EQ(smb2_sid_cmp(&s, &s), 0);
	t = sid_of("S-1-5-21-1-2-4");
	EXPECT_TRUE(smb2_sid_cmp(&s, &t) < 0);
	t = sid_of("S-1-16-0");
	EXPECT_TRUE(smb2_sid_cmp(&s, &t) < 0);
	EXPECT_EQ(smb2_sid_cmp(&smb2_sid_administrators, &smb2_sid_administrators), 0);
	drop();
	tap_case("SID wire form: parse/write, 15 sub-authorities max, bounds, ordering");
}

static bool str_round_trip(const char *in, const char *want)
{
	char out[SMB2_SID_STRING_MAX];
	struct smb2_sid s;

	if (smb2_sid_from_string(in, &s))
		return false;
	if (smb2_sid_to_string(&s, out, sizeof(out)) != (int)strlen(want))
		return false;
	return !strcmp(out, want);
}

static void test_sid_string(void)
{
	static const char *const bad[] = {
		"", "S", "S-", "S-1", "S-1-", "S-2-5", "S-1-5-", "S-1-5--1", "S-1-05",
		"S-1-5-021", "S-1-5-4294967296", "S-1-5-12345678901", "S-1-5-1 ",
		"S-1-0x12345678901", "S-1-0x1234567890123", "S-1-0x12345678901G",
		"S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15-16", "X-1-5", "S-1-5-x",
		"S-1-4294967296", NULL,
	};
	char out[SMB2_SID_STRING_MAX];
	struct smb2_sid s;
	u32 id = 0;
	size_t i;

	EXPECT_TRUE(str_round_trip("S-1-1-0", "S-1-1-0"));
	EXPECT_TRUE(str_round_trip("s-1-5-18", "S-1-5-18"));
	EXPECT_TRUE(str_round_trip(VM_SID, VM_SID));
	EXPECT_TRUE(str_round_trip("S-1-5", "S-1-5"));
	EXPECT_TRUE(str_round_trip("S-1-0x123456789ABC-1", "S-1-0x123456789ABC-1"));
	EXPECT_TRUE(str_round_trip("S-1-0x123456789abc-1", "S-1-0x123456789ABC-1"));
	EXPECT_TRUE(str_round_trip("S-1-0x000000000005-32-544", "S-1-5-32-544"));
	EXPECT_TRUE(str_round_trip("S-1-4294967295-0-4294967295", "S-1-4294967295-0-4294967295"));
	EXPECT_TRUE(str_round_trip("S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15",
				   "S-1-5-1-2-3-4-5-6-7-8-9-10-11-12-13-14-15"));
	for (i = 0; bad[i]; i++)
		if (smb2_sid_from_string(bad[i], &s) != STATUS_INVALID_SID)
			tap_fail(__FILE__, __LINE__, bad[i], 0, 1);

	EXPECT_EQ(smb2_sid_to_string(&smb2_sid_everyone, out, sizeof(out)), 7);
	EXPECT_TRUE(!strcmp(out, "S-1-1-0"));
	EXPECT_EQ(smb2_sid_to_string(&smb2_sid_everyone, out, 8), 7);
	EXPECT_EQ(smb2_sid_to_string(&smb2_sid_everyone, out, 7), -1);
	EXPECT_EQ(out[0], 0);
	EXPECT_EQ(smb2_sid_to_string(&smb2_sid_everyone, out, 0), -1);
	smb2_sid_to_string(&smb2_sid_administrators, out, sizeof(out));
	EXPECT_TRUE(!strcmp(out, "S-1-5-32-544"));
	smb2_sid_to_string(&smb2_sid_authenticated_users, out, sizeof(out));
	EXPECT_TRUE(!strcmp(out, "S-1-5-11"));
	smb2_sid_to_string(&smb2_sid_system, out, sizeof(out));
	EXPECT_TRUE(!strcmp(out, "S-1-5-18"));
	smb2_sid_to_string(&smb2_sid_creator_owner, out, sizeof(out));
	EXPECT_TRUE(!strcmp(out, "S-1-3-0"));
	smb2_sid_to_string(&smb2_sid_creator_group, out, sizeof(out));
	EXPECT_TRUE(!strcmp(out, "S-1-3-1"));
	smb2_sid_to_string(&smb2_sid_owner_rights, out, sizeof(out));
	EXPECT_TRUE(!strcmp(out, "S-1-3-4"));

	/* the longest string fits SMB2_SID_STRING_MAX */
	memset(&s, 0xff, sizeof(s));
	s.num_auths = 15;
	EXPECT_EQ(smb2_sid_to_string(&s, out, sizeof(out)), SMB2_SID_STRING_MAX - 1);

	smb2_sid_unix_user(1000, &s);
	smb2_sid_to_string(&s, out, sizeof(out));
	EXPECT_TRUE(!strcmp(out, "S-1-22-1-1000"));
	EXPECT_EQ(smb2_sid_unix_id(&s, &id), SMB2_SID_UNIX_USER);
	EXPECT_EQ(id, 1000);
	smb2_sid_unix_group(4294967294U, &s);
	smb2_sid_to_string(&s, out, sizeof(out));
	EXPECT_TRUE(!strcmp(out, "S-1-22-2-4294967294"));
	EXPECT_EQ(smb2_sid_unix_id(&s, &id), SMB2_SID_UNIX_GROUP);
	EXPECT_EQ(id, 4294967294U);
	s = sid_of("S-1-22-3-5");
	EXPECT_EQ(smb2_sid_unix_id(&s, &id), 0);
	EXPECT_EQ(smb2_sid_unix_id(&smb2_sid_system, &id), 0);
	tap_case("SID strings (MS-DTYP 2.4.2.1), well-known and Unix SIDs");
}

static void test_parse_windows(void)
{
	struct smb2_sd_view v;
	struct smb2_sid s;
	u8 out[512];
	u32 n = 0;

	EXPECT_EQ(parse(win_file_sd, sizeof(win_file_sd), &v), STATUS_SUCCESS);
	EXPECT_EQ(v.control, 0x8404);
	EXPECT_EQ(v.owner_len, 28);
	EXPECT_EQ(v.group_len, 28);
	EXPECT_EQ(v.dacl_len, 0x70);
	EXPECT_TRUE(!v.sacl && !v.sacl_len);
	EXPECT_EQ(smb2_sid_parse(v.owner, v.owner_len, &s, NULL), STATUS_SUCCESS);
	smb2_sid_to_string(&s, (char *)out, sizeof(out));
	EXPECT_TRUE(!strcmp((char *)out, USER_SID));
	EXPECT_EQ(smb2_acl_validate(v.dacl, v.dacl_len), STATUS_SUCCESS);
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 3), 0, INHERITED_ACE, RX, "S-1-5-32-545"));

	/* QUERY_INFO for owner, group and DACL gives back the same bytes */
	EXPECT_EQ(smb2_sd_select(&v, 0x7, out, sizeof(out), &n), STATUS_SUCCESS);
	EXPECT_EQ(n, sizeof(win_file_sd));
	EXPECT_MEM(out, win_file_sd, sizeof(win_file_sd));
	EXPECT_EQ(smb2_sd_build(v.control, v.owner, v.owner_len, v.group, v.group_len,
				v.dacl, v.dacl_len, NULL, 0, out, sizeof(out), &n), STATUS_SUCCESS);
	EXPECT_EQ(n, sizeof(win_file_sd));
	EXPECT_MEM(out, win_file_sd, sizeof(win_file_sd));

	/* Hyper-V: SIDs, object and callback ACEs, SACL with a label */
	EXPECT_EQ(parse(hyperv_sd, sizeof(hyperv_sd), &v), STATUS_SUCCESS);
	EXPECT_EQ(v.dacl_len, 0xb8);
	EXPECT_EQ(v.sacl_len, 0x30);
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 1), 0, 0, FA, VM_SID));
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 3), ACCESS_ALLOWED_OBJECT_ACE_TYPE, 0, 0x100, VM_SID));
	EXPECT_EQ(smb2_sd_select(&v, 0x1f, out, sizeof(out), &n), STATUS_SUCCESS);
	EXPECT_EQ(n, sizeof(hyperv_sd));
	EXPECT_MEM(out, hyperv_sd, sizeof(hyperv_sd));
	EXPECT_EQ(smb2_sd_build(v.control, v.owner, v.owner_len, v.group, v.group_len,
				v.dacl, v.dacl_len, v.sacl, v.sacl_len, out, sizeof(out), &n),
		  STATUS_SUCCESS);
	EXPECT_MEM(out, hyperv_sd, sizeof(hyperv_sd));

	/* MS-DTYP 2.5.1.4 example: SACL and DACL first; rewritten in our order */
	EXPECT_EQ(parse(dtyp_example_sd, sizeof(dtyp_example_sd), &v), STATUS_SUCCESS);
	EXPECT_EQ(v.control, 0xb014);
	EXPECT_EQ(v.dacl_len, 0x60);
	EXPECT_EQ(v.sacl_len, 0x1c);
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 0), 0, 0x03, GENERIC_READ | GENERIC_EXECUTE,
			   "S-1-5-32-545"));
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 3), 0, 0x03, GENERIC_ALL, "S-1-3-0"));
	EXPECT_EQ(smb2_sd_select(&v, 0xf, out, sizeof(out), &n), STATUS_SUCCESS);
	EXPECT_EQ(n, sizeof(dtyp_example_sd));
	EXPECT_EQ(get_le32(out + 4), 20);			/* owner */
	EXPECT_EQ(get_le32(out + 8), 36);			/* group */
	EXPECT_EQ(get_le32(out + 16), 52);			/* DACL */
	EXPECT_EQ(get_le32(out + 12), 52 + 0x60);		/* SACL */
	EXPECT_MEM(out + 52, dtyp_example_sd + 0x30, 0x60);
	EXPECT_MEM(out + 52 + 0x60, dtyp_example_sd + 0x14, 0x1c);
	EXPECT_EQ(get_le16(out + 2), 0xb014);
	drop();
	tap_case("Windows SDs parse; select and build round-trip byte for byte");
}

/* Parse a modified copy of @sd: @off gets @v (16 or 32 bits). */
static u32 parse_patched(const u8 *sd, u32 len, u32 off, u32 v, int bits, u32 plen)
{
	struct smb2_sd_view view;
	u8 *c = dup_bytes(sd, len);

	if (bits == 8)
		c[off] = (u8)v;
	else if (bits == 16)
		put_le16(c + off, (u16)v);
	else
		put_le32(c + off, v);
	return smb2_sd_parse(c, plen, &view);
}

static void test_parse_invalid(void)
{
	const u8 *f = win_file_sd;
	u32 fl = sizeof(win_file_sd), hl = sizeof(hyperv_sd);
	struct smb2_sd_view v;
	u8 b[256];

	EXPECT_EQ(smb2_sd_parse(NULL, 0, &v), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse(f, 0, &v), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse(f, 19, &v), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse_patched(f, fl, 0, 2, 8, fl), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse_patched(f, fl, 2, 0x0404, 16, fl), STATUS_INVALID_SECURITY_DESCR);
	/* offsets into the header, at the end, misaligned */
	EXPECT_EQ(parse_patched(f, fl, 4, 4, 32, fl), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse_patched(f, fl, 4, 16, 32, fl), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse_patched(f, fl, 8, 19, 32, fl), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse_patched(f, fl, 16, 0, 32, fl), STATUS_SUCCESS);	/* NULL DACL */
	EXPECT_EQ(parse_patched(f, fl, 16, 12, 32, fl), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse_patched(f, fl, 16, fl, 32, fl), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse_patched(f, fl, 16, 0xFFFFFFFC, 32, fl), STATUS_INVALID_SECURITY_DESCR);
	EXPECT_EQ(parse_patched(f, fl, 4, 0x16, 32, fl), STATUS_INVALID_SECURITY_DESCR);
	/* a DACL offset without SE_DACL_PRESENT is ignored */
	EXPECT_EQ(parse_patched(f, fl, 2, 0x8000, 16, fl), STATUS_SUCCESS);
	/* SIDs: 16 sub-authorities, revision 2, cut by the buffer's end */
	EXPECT_EQ(parse_patched(f, fl, 0x15, 16, 8, fl), STATUS_INVALID_SID);
	EXPECT_EQ(parse_patched(f, fl, 0x30, 2, 8, fl), STATUS_INVALID_SID);
	EXPECT_EQ(parse(f, 0x4c - 4, &v), STATUS_INVALID_SID);
	/* ACL header: revision, AclSize past the buffer / small / unaligned */
	EXPECT_EQ(parse_patched(f, fl, 0x4c, 3, 8, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x4c, 1, 8, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x4e, 0x74, 16, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse(f, fl - 1, &v), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x4e, 6, 16, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x4e, 0x6e, 16, fl), STATUS_INVALID_ACL);
	/* AceCount larger than fits; smaller is fine (the rest is slack) */
	EXPECT_EQ(parse_patched(f, fl, 0x50, 5, 16, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x50, 0xFFFF, 16, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x50, 3, 16, fl), STATUS_SUCCESS);
	EXPECT_EQ(parse_patched(f, fl, 0x50, 0, 16, fl), STATUS_SUCCESS);
	/* AceSize: smaller than the SID inside, zero, 2, unaligned, past AclSize */
	EXPECT_EQ(parse_patched(f, fl, 0x56, 0x10, 16, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x56, 0, 16, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x56, 2, 16, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x56, 0x15, 16, fl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(f, fl, 0x56, 0x74, 16, fl), STATUS_INVALID_ACL);
	/* a SID inside an ACE with 16 sub-authorities */
	EXPECT_EQ(parse_patched(f, fl, 0x5d, 16, 8, fl), STATUS_INVALID_ACL);
	/* object ACE whose Flags announce a GUID it has no room for */
	EXPECT_EQ(parse_patched(hyperv_sd, hl, 0x94, 3, 32, hl), STATUS_INVALID_ACL);
	/* SACL checked only when SE_SACL_PRESENT */
	EXPECT_EQ(parse_patched(hyperv_sd, hl, HV_SACL_OFF, 9, 8, hl), STATUS_INVALID_ACL);
	EXPECT_EQ(parse_patched(hyperv_sd, hl, 2, 0x8404, 16, hl), STATUS_SUCCESS);

	/* unknown ACE types stay opaque, validated by size only */
	put_acl_hdr(b, ACL_REVISION, 8 + 8 + 4, 2);
	b[8] = ACCESS_ALLOWED_COMPOUND_ACE_TYPE;
	b[9] = 0;
	put_le16(b + 10, 8);
	put_le32(b + 12, 0xdeadbeef);
	b[16] = 0x42;
	b[17] = 0x5a;
	put_le16(b + 18, 4);
	EXPECT_EQ(smb2_acl_validate(dup_bytes(b, 20), 20), STATUS_SUCCESS);
	EXPECT_EQ(smb2_acl_validate(dup_bytes(b, 19), 19), STATUS_INVALID_ACL);
	EXPECT_EQ(smb2_acl_validate(dup_bytes(b, 7), 7), STATUS_INVALID_ACL);
	EXPECT_EQ(smb2_acl_validate(NULL, 0), STATUS_INVALID_ACL);
	b[2] = 8;
	b[4] = 0;
	EXPECT_EQ(smb2_acl_validate(dup_bytes(b, 8), 8), STATUS_SUCCESS);	/* empty */
	drop();
	tap_case("SD validation failures: header, offsets, SIDs, ACL and ACE sizes");
}

static void test_build_select(void)
{
	struct smb2_sd_view v, e = { .control = SE_SELF_RELATIVE };
	u8 out[512], o[SMB2_SID_MAX_SIZE];
	u32 n = 0, ol;

	EXPECT_EQ(parse(hyperv_sd, sizeof(hyperv_sd), &v), STATUS_SUCCESS);
	/* DACL only: DACL control bits, no owner or group */
	EXPECT_EQ(smb2_sd_select(&v, DACL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(n, 20 + 0xb8);
	EXPECT_EQ(get_le16(out + 2), 0x8404);
	EXPECT_TRUE(!get_le32(out + 4) && !get_le32(out + 8) && !get_le32(out + 12));
	EXPECT_EQ(get_le32(out + 16), 20);
	EXPECT_MEM(out + 20, hyperv_sd + HV_DACL_OFF, 0xb8);
	/* owner only */
	EXPECT_EQ(smb2_sd_select(&v, OWNER_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(n, 36);
	EXPECT_EQ(get_le16(out + 2), 0x8000);
	EXPECT_MEM(out + 20, hyperv_sd + 0x14, 16);
	/* SACL without LABEL: audit ACEs only; LABEL alone: the label only */
	EXPECT_EQ(smb2_sd_select(&v, SACL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(n, 20 + 28);
	EXPECT_EQ(get_le16(out + 2), 0x8010);
	EXPECT_EQ(get_le16(out + 22), 28);
	EXPECT_EQ(get_le16(out + 24), 1);
	EXPECT_MEM(out + 28, hyperv_sd + HV_SACL_OFF + 8, 20);
	EXPECT_EQ(smb2_sd_select(&v, LABEL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(n, 20 + 28);
	EXPECT_EQ(out[28], SYSTEM_MANDATORY_LABEL_ACE_TYPE);
	EXPECT_MEM(out + 28, hyperv_sd + HV_SACL_OFF + 28, 20);
	/* unknown bits ignored; nothing asked: the empty descriptor */
	EXPECT_EQ(smb2_sd_select(&v, 0x00010f00, out, sizeof(out), &n), 0);
	EXPECT_EQ(n, 20);
	EXPECT_EQ(get_le32(out), 0x80000001);
	EXPECT_EQ(smb2_sd_select(&e, 0x1f, out, sizeof(out), &n), 0);
	EXPECT_EQ(n, 20);
	/* too small: the size needed, nothing written */
	memset(out, 0xaa, sizeof(out));
	EXPECT_EQ(smb2_sd_select(&v, 0x1f, out, sizeof(hyperv_sd) - 1, &n),
		  STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(n, sizeof(hyperv_sd));
	EXPECT_EQ(out[0], 0xaa);
	EXPECT_EQ(smb2_sd_select(&v, 0x1f, NULL, 0, &n), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(n, sizeof(hyperv_sd));
	EXPECT_EQ(smb2_sd_select(&v, 0x1f, out, sizeof(hyperv_sd), &n), STATUS_SUCCESS);

	/* build: NULL DACL, validation of parts, too small */
	ol = put_sid(o, "S-1-5-18");
	EXPECT_EQ(smb2_sd_build(SE_DACL_PRESENT | SE_RM_CONTROL_VALID, o, ol, NULL, 0, NULL, 0,
				NULL, 0, out, sizeof(out), &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 32);
	EXPECT_EQ(get_le16(out + 2), 0x8004);
	EXPECT_EQ(parse(out, n, &v), STATUS_SUCCESS);
	EXPECT_TRUE(!v.dacl && (v.control & SE_DACL_PRESENT));
	EXPECT_EQ(smb2_sd_build(0, o, ol - 4, NULL, 0, NULL, 0, NULL, 0, out, sizeof(out), &n),
		  STATUS_INVALID_SID);
	EXPECT_EQ(smb2_sd_build(0, o, ol + 4, NULL, 0, NULL, 0, NULL, 0, out, sizeof(out), &n),
		  STATUS_INVALID_SID);
	EXPECT_EQ(smb2_sd_build(0, NULL, 0, NULL, 0, win_file_sd + 0x4c, 0x6c, NULL, 0, out,
				sizeof(out), &n), STATUS_INVALID_ACL);
	EXPECT_EQ(smb2_sd_build(0, NULL, 0, NULL, 0, win_file_sd + 0x4c, 0x70, NULL, 0, out,
				0x83, &n), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(n, 0x84);
	drop();
	tap_case("QUERY_INFO select (MS-FSA 2.1.5.14): parts, labels, sizes; build");
}

static void test_merge(void)
{
	struct smb2_sd_view h, f, nv, r, e = { .control = SE_SELF_RELATIVE };
	u8 out[512], out2[512], nb[256], aces[64];
	u32 n = 0, l;

	EXPECT_EQ(parse(hyperv_sd, sizeof(hyperv_sd), &h), STATUS_SUCCESS);
	EXPECT_EQ(parse(win_file_sd, sizeof(win_file_sd), &f), STATUS_SUCCESS);
	/* everything from itself: unchanged */
	EXPECT_EQ(smb2_sd_merge(&h, &h, 0x1f, out, sizeof(out), &n), STATUS_SUCCESS);
	EXPECT_EQ(n, sizeof(hyperv_sd));
	EXPECT_MEM(out, hyperv_sd, sizeof(hyperv_sd));
	EXPECT_EQ(smb2_sd_merge(&h, &f, 0, out, sizeof(out), &n), STATUS_SUCCESS);
	EXPECT_MEM(out, hyperv_sd, sizeof(hyperv_sd));
	/* DACL of the file into the VM folder */
	EXPECT_EQ(smb2_sd_merge(&h, &f, DACL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_TRUE(r.dacl_len == 0x70 && !memcmp(r.dacl, win_file_sd + 0x4c, 0x70));
	EXPECT_TRUE(r.owner_len == 16 && !memcmp(r.owner, hyperv_sd + 0x14, 16));
	EXPECT_TRUE(r.sacl_len == 0x30 && !memcmp(r.sacl, hyperv_sd + HV_SACL_OFF, 0x30));
	EXPECT_EQ(r.control, 0x8414);
	/* owner and group */
	EXPECT_EQ(smb2_sd_merge(&h, &f, 3, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_TRUE(r.owner_len == 28 && !memcmp(r.owner, win_file_sd + 0x14, 28));
	EXPECT_TRUE(r.group_len == 28 && !memcmp(r.group, win_file_sd + 0x30, 28));
	EXPECT_EQ(smb2_sd_merge(&h, &e, OWNER_SECURITY_INFORMATION, out, sizeof(out), &n),
		  STATUS_INVALID_OWNER);
	EXPECT_EQ(smb2_sd_merge(&h, &e, GROUP_SECURITY_INFORMATION, out, sizeof(out), &n),
		  STATUS_INVALID_PRIMARY_GROUP);
	EXPECT_EQ(smb2_sd_merge(&e, &f, DACL_SECURITY_INFORMATION, out, sizeof(out), &n),
		  STATUS_INVALID_OWNER);

	/* NULL DACL, protected; auto-inherit-required becomes auto-inherited */
	l = smb2_sd_build(SE_DACL_PRESENT | SE_DACL_AUTO_INHERIT_REQ, NULL, 0, NULL, 0, NULL, 0,
			  NULL, 0, nb, sizeof(nb), &n) ? 0 : n;
	EXPECT_EQ(parse(nb, l, &nv), STATUS_SUCCESS);
	EXPECT_EQ(smb2_sd_merge(&h, &nv, DACL_SECURITY_INFORMATION |
				PROTECTED_DACL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_TRUE(!r.dacl && !get_le32(out + 16));
	EXPECT_EQ(r.control & (SE_DACL_PRESENT | SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED |
			       SE_DACL_AUTO_INHERIT_REQ),
		  SE_DACL_PRESENT | SE_DACL_PROTECTED | SE_DACL_AUTO_INHERITED);
	EXPECT_EQ(smb2_sd_merge(&r, &f, DACL_SECURITY_INFORMATION |
				UNPROTECTED_DACL_SECURITY_INFORMATION, out2, sizeof(out2), &n), 0);
	EXPECT_EQ(parse(out2, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.control & SE_DACL_PROTECTED, 0);

	/* LABEL only: new label, old audit ACEs kept */
	l = put_ace(aces, SYSTEM_MANDATORY_LABEL_ACE_TYPE, 0, 3, "S-1-16-12288");
	put_acl_hdr(nb, ACL_REVISION, 8 + l, 1);
	memcpy(nb + 8, aces, l);
	memcpy(nb + 128, nb, 8 + l);
	l = smb2_sd_build(0, NULL, 0, NULL, 0, NULL, 0, nb + 128, 8 + l, nb, 128, &n) ? 0 : n;
	EXPECT_EQ(parse(nb, l, &nv), STATUS_SUCCESS);
	EXPECT_EQ(smb2_sd_merge(&h, &nv, LABEL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(r.sacl + 4), 2);
	EXPECT_MEM(r.sacl + 8, hyperv_sd + HV_SACL_OFF + 8, 20);
	EXPECT_TRUE(ace_is(ace_at(r.sacl, 1), SYSTEM_MANDATORY_LABEL_ACE_TYPE, 0, 3,
			   "S-1-16-12288"));
	EXPECT_TRUE(r.dacl_len == 0xb8 && !memcmp(r.dacl, hyperv_sd + HV_DACL_OFF, 0xb8));
	/* SACL only from a descriptor with a label: its label is ignored */
	EXPECT_EQ(smb2_sd_merge(&h, &nv, SACL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(r.sacl + 4), 1);
	EXPECT_MEM(r.sacl + 8, hyperv_sd + HV_SACL_OFF + 28, 20);
	/* SACL from a descriptor without one, old had no label: no SACL */
	EXPECT_EQ(smb2_sd_merge(&f, &f, SACL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(n, sizeof(win_file_sd));
	/* a file without SACL gets the label */
	EXPECT_EQ(smb2_sd_merge(&f, &nv, LABEL_SECURITY_INFORMATION, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_TRUE((r.control & SE_SACL_PRESENT) && get_le16(r.sacl + 4) == 1);
	EXPECT_EQ(smb2_sd_merge(&f, &nv, LABEL_SECURITY_INFORMATION, out, n - 1, &l),
		  STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(l, n);
	drop();
	tap_case("SET_INFO merge (MS-FSA 2.1.5.17): parts, labels, protection, errors");
}

static const struct smb2_sid *tok_groups(const char *const *s, struct smb2_sid *g, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		g[i] = sid_of(s[i]);
	return g;
}

static void test_inherit(void)
{
	struct smb2_sd_view d, r, r2, c;
	struct smb2_sid u = sid_of(USER_SID), g = sid_of(USERS_SID);
	u8 out[1024], out2[1024], cb[512], aces[256];
	u32 n = 0, l, k;

	EXPECT_EQ(parse(win_dir_sd, sizeof(win_dir_sd), &d), STATUS_SUCCESS);
	/* a file */
	EXPECT_EQ(smb2_sd_inherit(&d, NULL, false, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.control, 0x8404);
	EXPECT_TRUE(r.owner_len == 28 && !memcmp(r.owner, win_file_sd + 0x14, 28));
	EXPECT_TRUE(r.group_len == 28 && !memcmp(r.group, win_file_sd + 0x30, 28));
	EXPECT_EQ(get_le16(r.dacl + 4), 5);
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 0), 0, INHERITED_ACE, FA, "S-1-5-18"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 1), 0, INHERITED_ACE, FA, "S-1-5-32-544"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 2), 0, INHERITED_ACE, FA, USER_SID));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 3), 0, INHERITED_ACE, RX, "S-1-5-32-545"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 4), 0, INHERITED_ACE, 0x1201bf, "S-1-5-11"));
	/* the first four are what Windows gave the file above */
	EXPECT_EQ(get_le16(r.dacl + 2), 8 + 0x68 + 0x14);
	EXPECT_MEM(r.dacl + 8, win_file_sd + 0x54, 0x68);

	/* a directory: CI kept, CREATOR OWNER split, OI+NP dropped */
	EXPECT_EQ(smb2_sd_inherit(&d, NULL, true, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(r.dacl + 4), 6);
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 0), 0, 0x13, FA, "S-1-5-18"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 1), 0, 0x13, FA, "S-1-5-32-544"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 2), 0, 0x10, FA, USER_SID));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 3), 0, 0x1b, GENERIC_ALL, "S-1-3-0"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 4), 0, 0x13, RX, "S-1-5-32-545"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 5), 0, 0x12, FILE_APPEND_DATA, "S-1-5-32-545"));

	/* a file in that directory, created by someone else */
	u = sid_of("S-1-5-21-1-2-3-1105");
	EXPECT_EQ(smb2_sd_inherit(&r, NULL, false, &u, &g, out2, sizeof(out2), &n), 0);
	EXPECT_EQ(parse(out2, n, &r2), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(r2.dacl + 4), 4);
	EXPECT_TRUE(ace_is(ace_at(r2.dacl, 0), 0, 0x10, FA, "S-1-5-18"));
	EXPECT_TRUE(ace_is(ace_at(r2.dacl, 2), 0, 0x10, FA, "S-1-5-21-1-2-3-1105"));
	EXPECT_TRUE(ace_is(ace_at(r2.dacl, 3), 0, 0x10, RX, "S-1-5-32-545"));

	/* NO_PROPAGATE, INHERIT_ONLY on the parent ACE, CREATOR GROUP */
	l = put_ace(aces, 0, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE |
		    NO_PROPAGATE_INHERIT_ACE, FA, "S-1-5-32-544");
	l += put_ace(aces + l, 0, OBJECT_INHERIT_ACE | INHERIT_ONLY_ACE, RX, "S-1-1-0");
	l += put_ace(aces + l, 1, CONTAINER_INHERIT_ACE | INHERIT_ONLY_ACE, GENERIC_WRITE,
		     "S-1-3-1");
	k = make_sd(cb, sizeof(cb), SE_DACL_PROTECTED, "S-1-5-18", aces, l, 3);
	EXPECT_EQ(parse(cb, k, &c), STATUS_SUCCESS);
	EXPECT_EQ(smb2_sd_inherit(&c, NULL, true, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(r.dacl + 4), 4);
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 0), 0, 0x10, FA, "S-1-5-32-544"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 1), 0, 0x19, RX, "S-1-1-0"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 2), 1, 0x10, FILE_GENERIC_WRITE, USERS_SID));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 3), 1, 0x1a, GENERIC_WRITE, "S-1-3-1"));
	EXPECT_EQ(r.control, SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_AUTO_INHERITED);
	EXPECT_EQ(smb2_sd_inherit(&c, NULL, false, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(r.dacl + 4), 2);
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 0), 0, 0x10, FA, "S-1-5-32-544"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 1), 0, 0x10, RX, "S-1-1-0"));

	/* nothing inheritable, or no parent: owner and SYSTEM full control */
	EXPECT_EQ(parse(win_file_sd, sizeof(win_file_sd), &c), STATUS_SUCCESS);
	EXPECT_EQ(smb2_sd_inherit(&c, NULL, false, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(smb2_sd_inherit(NULL, NULL, false, &u, &g, out2, sizeof(out2), &l), 0);
	EXPECT_TRUE(n == l && !memcmp(out, out2, n));
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.control, SE_SELF_RELATIVE | SE_DACL_PRESENT);
	EXPECT_EQ(get_le16(r.dacl + 4), 2);
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 0), 0, 0, FA, "S-1-5-21-1-2-3-1105"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 1), 0, 0, FA, "S-1-5-18"));
	EXPECT_TRUE(!r.sacl);
	EXPECT_EQ(smb2_sd_inherit(NULL, NULL, false, NULL, &g, out, sizeof(out), &n),
		  STATUS_INVALID_OWNER);
	EXPECT_EQ(smb2_sd_inherit(NULL, NULL, false, &u, NULL, out, sizeof(out), &n),
		  STATUS_INVALID_PRIMARY_GROUP);
	drop();
	tap_case("inheritance (MS-DTYP 2.5.3.4): file, directory, NP, IO, CREATOR OWNER/GROUP");
}

static void test_inherit_creator(void)
{
	struct smb2_sd_view d, h, c, r;
	struct smb2_sid u = sid_of(USER_SID), g = sid_of(USERS_SID);
	u8 out[1024], cb[512], aces[256], *big;
	u32 n = 0, l, k, i;

	EXPECT_EQ(parse(win_dir_sd, sizeof(win_dir_sd), &d), STATUS_SUCCESS);
	/* SecD with an owner, an explicit ACE and a stale inherited one */
	l = put_ace(aces, 0, 0, FILE_GENERIC_READ, "S-1-5-32-546");
	l += put_ace(aces + l, 0, INHERITED_ACE, FA, "S-1-1-0");
	l += put_ace(aces + l, 0, OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE, GENERIC_ALL,
		     "S-1-3-0");
	k = make_sd(cb, sizeof(cb), 0, "S-1-5-32-544", aces, l, 3);
	EXPECT_EQ(parse(cb, k, &c), STATUS_SUCCESS);
	EXPECT_EQ(smb2_sd_inherit(&d, &c, true, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.control, SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_AUTO_INHERITED);
	EXPECT_TRUE(r.owner_len == 16 && !memcmp(r.owner, win_dir_sd + 0x14, 16));
	EXPECT_EQ(get_le16(r.dacl + 4), 3 + 6);
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 0), 0, 0, FILE_GENERIC_READ, "S-1-5-32-546"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 1), 0, 0, FA, "S-1-5-32-544"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 2), 0, 0x0b, GENERIC_ALL, "S-1-3-0"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 3), 0, 0x13, FA, "S-1-5-18"));
	/* CREATOR OWNER of the parent became the SecD's owner */
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 5), 0, 0x10, FA, "S-1-5-32-544"));

	/* protected: no parent ACEs, the inherited one kept as explicit */
	k = make_sd(cb, sizeof(cb), SE_DACL_PROTECTED, NULL, aces, l, 3);
	EXPECT_EQ(parse(cb, k, &c), STATUS_SUCCESS);
	EXPECT_EQ(smb2_sd_inherit(&d, &c, false, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.control, SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_PROTECTED);
	EXPECT_EQ(get_le16(r.dacl + 4), 3);
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 1), 0, 0, FA, "S-1-1-0"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 2), 0, 0x03, FA, USER_SID));
	EXPECT_TRUE(r.owner_len == 28 && !memcmp(r.owner, win_file_sd + 0x14, 28));

	/* a NULL DACL stays NULL when protected, else gets the parent's ACEs */
	k = make_sd(cb, sizeof(cb), SE_DACL_PRESENT | SE_DACL_PROTECTED, NULL, aces, 0, 0xFFFF);
	EXPECT_EQ(parse(cb, k, &c), STATUS_SUCCESS);
	EXPECT_TRUE(!c.dacl);
	EXPECT_EQ(smb2_sd_inherit(&d, &c, false, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_TRUE(!r.dacl && (r.control & SE_DACL_PRESENT));
	k = make_sd(cb, sizeof(cb), SE_DACL_PRESENT, NULL, aces, 0, 0xFFFF);
	EXPECT_EQ(parse(cb, k, &c), STATUS_SUCCESS);
	EXPECT_EQ(smb2_sd_inherit(&d, &c, false, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(r.dacl + 4), 5);

	/* SACL: audit ACE inherited with its flags, GA mapped; label is not */
	EXPECT_EQ(parse(hyperv_sd, sizeof(hyperv_sd), &h), STATUS_SUCCESS);
	EXPECT_EQ(smb2_sd_inherit(&h, NULL, false, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.control, SE_SELF_RELATIVE | SE_DACL_PRESENT | SE_DACL_AUTO_INHERITED |
		  SE_SACL_PRESENT | SE_SACL_AUTO_INHERITED);
	EXPECT_EQ(get_le16(r.sacl + 4), 1);
	EXPECT_TRUE(ace_is(ace_at(r.sacl, 0), SYSTEM_AUDIT_ACE_TYPE, 0xd0, FA, "S-1-1-0"));
	EXPECT_EQ(get_le16(r.dacl + 4), 2);
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 0), 0, 0x10, FA, "S-1-5-18"));
	EXPECT_TRUE(ace_is(ace_at(r.dacl, 1), 0, 0x10, RX, "S-1-5-83-0"));
	EXPECT_EQ(r.dacl[0], ACL_REVISION_DS);
	EXPECT_EQ(smb2_sd_inherit(&h, NULL, true, &u, &g, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &r), STATUS_SUCCESS);
	EXPECT_TRUE(ace_is(ace_at(r.sacl, 0), SYSTEM_AUDIT_ACE_TYPE, 0xd0, FA, "S-1-1-0"));
	EXPECT_TRUE(ace_is(ace_at(r.sacl, 1), SYSTEM_AUDIT_ACE_TYPE, 0xdb, GENERIC_ALL,
			   "S-1-1-0"));

	/* too small: size needed, then exactly that */
	EXPECT_EQ(smb2_sd_inherit(&h, NULL, true, &u, &g, out, 40, &l), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(l, n);
	EXPECT_EQ(smb2_sd_inherit(&h, NULL, true, &u, &g, out, l, &k), STATUS_SUCCESS);

	/* CREATOR OWNER replaced by a long SID: the ACL would pass 64 KiB */
	big = malloc(20 + 8 + 3000 * 20);
	for (i = 0; i < 3000; i++)
		put_ace(big + 28 + 20 * i, 0, OBJECT_INHERIT_ACE, FA, "S-1-3-0");
	put_acl_hdr(big + 20, ACL_REVISION, 8 + 3000 * 20, 3000);
	memset(big, 0, 20);
	big[0] = 1;
	put_le16(big + 2, SE_SELF_RELATIVE | SE_DACL_PRESENT);
	put_le32(big + 16, 20);
	EXPECT_EQ(smb2_sd_parse(big, 28 + 3000 * 20, &c), STATUS_SUCCESS);
	u = sid_of("S-1-5-21-1-2-3-4-5-6-7-8-9-10-11-12-13-14");
	EXPECT_EQ(smb2_sd_inherit(&c, NULL, false, &u, &g, NULL, 0, &n),
		  STATUS_BAD_INHERITANCE_ACL);
	EXPECT_EQ(smb2_sd_inherit(&c, NULL, true, &g, &g, NULL, 0, &n), STATUS_BUFFER_TOO_SMALL);
	free(big);
	drop();
	tap_case("inheritance with a SecD: explicit first, protected, NULL DACL, SACL, limits");
}

static u32 check(const struct smb2_sd_view *sd, const struct smb2_token *t, u32 desired,
		 u32 *granted)
{
	return smb2_access_check(sd, t, desired, false, granted);
}

static void test_access(void)
{
	static const char *const grp[] = { "S-1-1-0", "S-1-5-11", "S-1-5-32-545" };
	struct smb2_sid u = sid_of(USER_SID), other = sid_of("S-1-5-21-9-9-9-1000");
	struct smb2_sid g[3], vm = sid_of(VM_SID), vmg[2];
	struct smb2_token t = { &u, tok_groups(grp, g, 3), 3, false };
	struct smb2_token o = { &other, g, 3, false };
	struct smb2_token tv = { &vm, vmg, 2, false };
	struct smb2_sd_view f, h, v;
	u8 sd[1024], aces[512];
	u32 gr = 0, l, k;

	EXPECT_EQ(parse(win_file_sd, sizeof(win_file_sd), &f), STATUS_SUCCESS);
	EXPECT_EQ(check(&f, &t, GENERIC_READ | GENERIC_WRITE, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FILE_GENERIC_READ | FILE_GENERIC_WRITE);
	EXPECT_EQ(check(&f, &o, GENERIC_READ | GENERIC_EXECUTE, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, RX);
	EXPECT_EQ(check(&f, &o, FILE_WRITE_DATA, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(gr, 0);
	EXPECT_EQ(check(&f, &o, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, RX);
	EXPECT_EQ(check(&f, &o, MAXIMUM_ALLOWED | DELETE, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&f, &t, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FA);
	EXPECT_EQ(check(&f, &t, 0, &gr), STATUS_ACCESS_DENIED);
	/* ACCESS_SYSTEM_SECURITY needs the privilege, nothing else */
	EXPECT_EQ(check(&f, &t, ACCESS_SYSTEM_SECURITY, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(smb2_access_check(&f, &o, ACCESS_SYSTEM_SECURITY | FILE_READ_DATA, true, &gr),
		  STATUS_SUCCESS);
	EXPECT_EQ(gr, ACCESS_SYSTEM_SECURITY | FILE_READ_DATA);
	/* the owner's implicit READ_CONTROL | WRITE_DAC */
	o.user = &u;
	o.groups = NULL;
	o.ngroups = 0;
	EXPECT_EQ(check(&f, &o, WRITE_DAC, &gr), STATUS_SUCCESS);

	/* Hyper-V: the VM's own ACE; the group ACE is inherit-only */
	vmg[0] = sid_of("S-1-5-83-0");
	vmg[1] = sid_of("S-1-1-0");
	EXPECT_EQ(parse(hyperv_sd, sizeof(hyperv_sd), &h), STATUS_SUCCESS);
	EXPECT_EQ(check(&h, &tv, GENERIC_ALL, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FA);
	tv.user = NULL;
	EXPECT_EQ(check(&h, &tv, FILE_READ_DATA, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&h, &tv, MAXIMUM_ALLOWED, &gr), STATUS_ACCESS_DENIED);

	/* deny before allow; allow before deny */
	o.user = &other;
	o.groups = g;
	o.ngroups = 3;
	l = put_ace(aces, 1, 0, FILE_WRITE_DATA, "S-1-5-32-545");
	l += put_ace(aces + l, 0, 0, FA, "S-1-1-0");
	k = make_sd(sd, sizeof(sd), 0, NULL, aces, l, 2);
	EXPECT_EQ(parse(sd, k, &v), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, FILE_READ_DATA | DELETE, &gr), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, FILE_WRITE_DATA, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &o, GENERIC_WRITE, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &o, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FA & ~FILE_WRITE_DATA);
	l = put_ace(aces, 0, 0, FA, "S-1-1-0");
	l += put_ace(aces + l, 1, 0, FILE_WRITE_DATA, "S-1-5-32-545");
	k = make_sd(sd, sizeof(sd), 0, NULL, aces, l, 2);
	EXPECT_EQ(parse(sd, k, &v), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, FILE_WRITE_DATA, &gr), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FA);

	/* INHERIT_ONLY skipped; generic rights in an ACE; zero deny mask */
	l = put_ace(aces, 0, INHERIT_ONLY_ACE | OBJECT_INHERIT_ACE, FA, "S-1-1-0");
	l += put_ace(aces + l, 1, 0, 0, "S-1-1-0");
	l += put_ace(aces + l, 0, 0, GENERIC_READ, "S-1-5-11");
	k = make_sd(sd, sizeof(sd), 0, NULL, aces, l, 3);
	EXPECT_EQ(parse(sd, k, &v), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, FILE_WRITE_DATA, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &o, GENERIC_READ, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FILE_GENERIC_READ);
	EXPECT_EQ(check(&v, &o, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FILE_GENERIC_READ);

	/* NULL DACL: everything; DACL not present: everything */
	k = make_sd(sd, sizeof(sd), SE_DACL_PRESENT, NULL, aces, 0, 0xFFFF);
	EXPECT_EQ(parse(sd, k, &v), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, GENERIC_ALL, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FA);
	EXPECT_EQ(check(&v, &o, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FA);
	v.control = SE_SELF_RELATIVE;
	EXPECT_EQ(check(&v, &o, WRITE_OWNER, &gr), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, ACCESS_SYSTEM_SECURITY, &gr), STATUS_ACCESS_DENIED);

	/* empty DACL: nothing, but the owner may read and write the DACL */
	k = make_sd(sd, sizeof(sd), 0, USER_SID, aces, 0, 0);
	EXPECT_EQ(parse(sd, k, &v), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, READ_CONTROL, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &o, MAXIMUM_ALLOWED, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &t, READ_CONTROL | WRITE_DAC, &gr), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &t, FILE_READ_DATA, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &t, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, READ_CONTROL | WRITE_DAC);
	/* SeTakeOwnershipPrivilege */
	EXPECT_EQ(check(&v, &o, WRITE_OWNER, &gr), STATUS_ACCESS_DENIED);
	o.is_admin = true;
	EXPECT_EQ(check(&v, &o, WRITE_OWNER, &gr), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, WRITE_OWNER);
	o.is_admin = false;

	/* OWNER RIGHTS replaces the owner's implicit rights */
	l = put_ace(aces, 0, 0, READ_CONTROL, "S-1-3-4");
	l += put_ace(aces + l, 0, 0, FILE_READ_DATA, USER_SID);
	k = make_sd(sd, sizeof(sd), 0, USER_SID, aces, l, 2);
	EXPECT_EQ(parse(sd, k, &v), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &t, WRITE_DAC, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &t, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, READ_CONTROL | FILE_READ_DATA);
	EXPECT_EQ(check(&v, &o, READ_CONTROL, &gr), STATUS_ACCESS_DENIED);

	/* object ACEs without ObjectType apply; callback allow does not, deny does */
	aces[0] = ACCESS_ALLOWED_OBJECT_ACE_TYPE;
	aces[1] = 0;
	put_le32(aces + 4, FILE_READ_DATA);
	put_le32(aces + 8, 0);
	k = put_sid(aces + 12, "S-1-1-0");
	put_le16(aces + 2, (u16)(12 + k));
	l = 12 + k;
	aces[l] = ACCESS_ALLOWED_OBJECT_ACE_TYPE;
	aces[l + 1] = 0;
	put_le32(aces + l + 4, FILE_WRITE_DATA);
	put_le32(aces + l + 8, ACE_OBJECT_TYPE_PRESENT);
	memset(aces + l + 12, 0x11, 16);
	k = put_sid(aces + l + 28, "S-1-1-0");
	put_le16(aces + l + 2, (u16)(28 + k));
	l += 28 + k;
	l += put_ace(aces + l, ACCESS_ALLOWED_CALLBACK_ACE_TYPE, 0, DELETE, "S-1-1-0");
	l += put_ace(aces + l, ACCESS_DENIED_CALLBACK_ACE_TYPE, 0, FILE_EXECUTE, "S-1-1-0");
	l += put_ace(aces + l, 0, 0, FILE_EXECUTE | READ_CONTROL, "S-1-1-0");
	k = make_sd(sd, sizeof(sd), 0, NULL, aces, l, 5);
	EXPECT_EQ(parse(sd, k, &v), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, FILE_READ_DATA, &gr), STATUS_SUCCESS);
	EXPECT_EQ(check(&v, &o, FILE_WRITE_DATA, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &o, DELETE, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &o, FILE_EXECUTE, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &o, MAXIMUM_ALLOWED, &gr), STATUS_SUCCESS);
	EXPECT_EQ(gr, FILE_READ_DATA | READ_CONTROL);
	EXPECT_EQ(smb2_map_generic(GENERIC_ALL | MAXIMUM_ALLOWED), FA | MAXIMUM_ALLOWED);
	EXPECT_EQ(smb2_map_generic(GENERIC_EXECUTE | DELETE), FILE_GENERIC_EXECUTE | DELETE);
	drop();
	tap_case("access check (MS-DTYP 2.5.3.2): order, MAXIMUM_ALLOWED, NULL/empty DACL, owner");
}

static void test_from_unix(void)
{
	struct smb2_sid u, gs, g[1] = { smb2_sid_everyone }, x = sid_of("S-1-22-1-2000");
	struct smb2_token owner = { &u, g, 1, false }, other = { &x, g, 1, false };
	struct smb2_token member = { &x, &gs, 1, false };
	u32 base = READ_CONTROL | FILE_READ_ATTRIBUTES | SYNCHRONIZE;
	u32 own = WRITE_DAC | WRITE_OWNER | FILE_WRITE_ATTRIBUTES | DELETE;
	struct smb2_sd_view v;
	u8 out[512];
	u32 n = 0, gr;
	char s[SMB2_SID_STRING_MAX];

	smb2_sid_unix_user(1000, &u);
	smb2_sid_unix_group(100, &gs);
	EXPECT_EQ(smb2_sd_from_unix(1000, 100, 0100644, false, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &v), STATUS_SUCCESS);
	EXPECT_EQ(v.control, SE_SELF_RELATIVE | SE_DACL_PRESENT);
	EXPECT_EQ(smb2_sid_parse(v.owner, v.owner_len, &u, NULL), 0);
	smb2_sid_to_string(&u, s, sizeof(s));
	EXPECT_TRUE(!strcmp(s, "S-1-22-1-1000"));
	EXPECT_EQ(get_le16(v.dacl + 4), 3);
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 0), 0, 0, base | FILE_GENERIC_READ |
			   FILE_GENERIC_WRITE | own, "S-1-22-1-1000"));
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 1), 0, 0, base | FILE_GENERIC_READ, "S-1-22-2-100"));
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 2), 0, 0, base | FILE_GENERIC_READ, "S-1-1-0"));
	EXPECT_EQ(check(&v, &owner, GENERIC_READ | GENERIC_WRITE | WRITE_DAC, &gr), 0);
	EXPECT_EQ(check(&v, &other, GENERIC_READ, &gr), 0);
	EXPECT_EQ(check(&v, &other, GENERIC_WRITE, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &other, FILE_EXECUTE, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(smb2_sd_from_unix(1000, 100, 0100644, false, out, n - 1, &gr),
		  STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(gr, n);

	EXPECT_EQ(smb2_sd_from_unix(1000, 100, 040750, true, out, sizeof(out), &n), 0);
	EXPECT_EQ(parse(out, n, &v), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(v.dacl + 4), 5);
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 1), 0, 0, base | FILE_GENERIC_READ |
			   FILE_GENERIC_EXECUTE, "S-1-22-2-100"));
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 2), 0, 3, base, "S-1-1-0"));
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 3), 0, 0xb, base | FILE_GENERIC_READ |
			   FILE_GENERIC_WRITE | FILE_DELETE_CHILD | FILE_GENERIC_EXECUTE | own,
			   "S-1-3-0"));
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 4), 0, 0xb, base | FILE_GENERIC_READ |
			   FILE_GENERIC_EXECUTE, "S-1-3-1"));
	EXPECT_EQ(check(&v, &member, FILE_READ_DATA | FILE_EXECUTE, &gr), 0);
	EXPECT_EQ(check(&v, &member, FILE_WRITE_DATA, &gr), STATUS_ACCESS_DENIED);
	EXPECT_EQ(check(&v, &other, FILE_EXECUTE, &gr), STATUS_ACCESS_DENIED);
	/* a file created in it by uid 2000 */
	EXPECT_EQ(smb2_sd_inherit(&v, NULL, false, &x, &gs, out + 256, 256, &n), 0);
	EXPECT_EQ(parse(out + 256, n, &v), STATUS_SUCCESS);
	EXPECT_EQ(get_le16(v.dacl + 4), 3);
	EXPECT_TRUE(ace_is(ace_at(v.dacl, 1), 0, 0x10, base | FILE_GENERIC_READ |
			   FILE_GENERIC_WRITE | FILE_DELETE_CHILD | FILE_GENERIC_EXECUTE | own,
			   "S-1-22-1-2000"));
	drop();
	tap_case("Unix owner/group/mode to SD; access checks on it; its inheritance");
}

void test_security_desc(void)
{
	test_sid_wire();
	test_sid_string();
	test_parse_windows();
	test_parse_invalid();
	test_build_select();
	test_merge();
	test_inherit();
	test_inherit_creator();
	test_access();
	test_from_unix();
}
