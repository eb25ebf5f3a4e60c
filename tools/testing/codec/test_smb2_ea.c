// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: FILE_FULL_EA_INFORMATION and FILE_GET_EA_INFORMATION lists
 * (kernel/proto/smb2_ea.c), MS-FSCC 2.4.16 and 2.4.16.1.
 */
#include <stdlib.h>
#include "tap.h"
#include "smb2_ea.h"

/* Two entries, hand-made: "Key" = "v1" (NEED_EA), then "b" = "" */
static const u8 full2[] = {
	16, 0, 0, 0, 0x80, 3, 2, 0, 'K', 'e', 'y', 0, 'v', '1', 0, 0,
	0, 0, 0, 0, 0, 1, 0, 0, 'b', 0,
};

/* Validate an exactly sized heap copy (ASan sees any over-read). */
static u32 validate(const u8 *b, u32 len, u32 *count, bool get)
{
	u8 *c = malloc(len ? len : 1);
	u32 status;

	if (len)
		memcpy(c, b, len);
	status = get ? smb2_ea_get_list_validate(c, len, count) :
		       smb2_ea_list_validate(c, len, count);
	free(c);
	return status;
}

static void test_ea_full_valid(void)
{
	struct smb2_ea ea;
	u32 count = 99, pos = 0;

	EXPECT_EQ(validate(full2, sizeof(full2), &count, false), STATUS_SUCCESS);
	EXPECT_EQ(count, 2);
	EXPECT_EQ(smb2_ea_next(full2, sizeof(full2), &pos, &ea), STATUS_SUCCESS);
	EXPECT_EQ(pos, 16);
	EXPECT_EQ(ea.flags, FILE_NEED_EA);
	EXPECT_TRUE(ea.name == (const char *)full2 + 8 && ea.name_len == 3);
	EXPECT_TRUE(ea.value == full2 + 12 && ea.value_len == 2);
	EXPECT_EQ(smb2_ea_next(full2, sizeof(full2), &pos, &ea), STATUS_SUCCESS);
	EXPECT_EQ(pos, sizeof(full2));
	EXPECT_TRUE(ea.name_len == 1 && ea.name[0] == 'b' && !ea.value && !ea.value_len);
	EXPECT_EQ(smb2_ea_next(full2, sizeof(full2), &pos, &ea), STATUS_NO_MORE_EAS);
	EXPECT_EQ(smb2_ea_next(full2, sizeof(full2), &pos, &ea), STATUS_NO_MORE_EAS);
	pos = 0;
	EXPECT_EQ(smb2_ea_next(NULL, 0, &pos, &ea), STATUS_NO_MORE_EAS);
	tap_case("ea: validate and iterate a two-entry FILE_FULL_EA_INFORMATION list");

	{
		u8 m[sizeof(full2) + 8];

		memcpy(m, full2, sizeof(full2));
		memset(m + sizeof(full2), 0x55, 8);	/* bytes after the last entry */
		EXPECT_EQ(validate(m, sizeof(m), &count, false), STATUS_SUCCESS);
		put_le32(m, 20);			/* a gap: still forward, aligned */
		memmove(m + 20, full2 + 16, sizeof(full2) - 16);
		EXPECT_EQ(validate(m, 20 + sizeof(full2) - 16, &count, false), STATUS_SUCCESS);
		EXPECT_EQ(count, 2);
	}
	EXPECT_EQ(validate(NULL, 0, &count, false), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(count, 0);
	tap_case("ea: trailing bytes and gaps accepted, empty list refused");
}

static void test_ea_full_invalid(void)
{
	static const char bad[] = "\\/:*?\"<>|,+=[];";
	u8 m[64];
	u32 count, l, i;
	int fails = 0;
	struct smb2_ea ea;

	for (l = 1; l < sizeof(full2); l++) {
		u32 pos = 0, n = 0;

		if (validate(full2, l, &count, false) == STATUS_SUCCESS)
			fails++;
		/* iteration of a broken list stops without reading outside */
		{
			u8 *c = malloc(l);

			memcpy(c, full2, l);
			while (smb2_ea_next(c, l, &pos, &ea) == STATUS_SUCCESS && n < 10)
				n++;
			free(c);
		}
		if (n > 1)
			fails++;
	}
	EXPECT_EQ(fails, 0);
	tap_case("ea: every truncation fails validation and stops iteration");

#define TRY(off, put, val, want)					\
	do {								\
		memcpy(m, full2, sizeof(full2));			\
		put(m + (off), (val));					\
		EXPECT_EQ(validate(m, sizeof(full2), &count, false), (want));	\
	} while (0)
#define PUT8(p, v) (*(p) = (u8)(v))
	TRY(0, put_le32, 14, STATUS_EA_LIST_INCONSISTENT);	/* misaligned */
	TRY(0, put_le32, 12, STATUS_EA_LIST_INCONSISTENT);	/* inside the entry */
	TRY(0, put_le32, 24, STATUS_EA_LIST_INCONSISTENT);	/* no room for a header */
	TRY(0, put_le32, 28, STATUS_EA_LIST_INCONSISTENT);	/* past the end */
	TRY(0, put_le32, 0xfffffff0, STATUS_EA_LIST_INCONSISTENT);	/* backwards */
	TRY(5, PUT8, 4, STATUS_EA_LIST_INCONSISTENT);		/* name loses its NUL */
	TRY(5, PUT8, 200, STATUS_EA_LIST_INCONSISTENT);		/* name past the entry */
	TRY(6, put_le16, 3, STATUS_SUCCESS);			/* value into the padding */
	TRY(6, put_le16, 5, STATUS_EA_LIST_INCONSISTENT);	/* value past Next */
	TRY(16 + 6, put_le16, 1, STATUS_EA_LIST_INCONSISTENT);	/* value past the end */
	TRY(16 + 5, PUT8, 0, STATUS_EA_LIST_INCONSISTENT);	/* NUL not after the name */
	memcpy(m, full2, sizeof(full2));
	m[16 + 5] = 0;
	m[16 + 8] = 0;
	EXPECT_EQ(validate(m, sizeof(full2), &count, false), STATUS_INVALID_EA_NAME);
	TRY(4, PUT8, 0x01, STATUS_INVALID_EA_NAME);		/* bad flags */
	TRY(4, PUT8, 0x81, STATUS_INVALID_EA_NAME);
	TRY(16 + 4, PUT8, 0x40, STATUS_INVALID_EA_NAME);
	TRY(8, PUT8, 0x7f, STATUS_SUCCESS);			/* DEL is not a control char */
	TRY(8, PUT8, 0xe9, STATUS_SUCCESS);
	TRY(8, PUT8, ' ', STATUS_SUCCESS);
	TRY(8, PUT8, '.', STATUS_SUCCESS);
	for (i = 0; i < 0x20; i++)
		TRY(9, PUT8, i, STATUS_INVALID_EA_NAME);
	for (i = 0; i < sizeof(bad) - 1; i++)
		TRY(16 + 8, PUT8, bad[i], STATUS_INVALID_EA_NAME);
	/* a structure error anywhere wins over a bad name earlier */
	memcpy(m, full2, sizeof(full2));
	m[8] = '*';
	put_le16(m + 16 + 6, 1);
	EXPECT_EQ(validate(m, sizeof(full2), &count, false), STATUS_EA_LIST_INCONSISTENT);
	tap_case("ea: lying offsets/lengths -> EA_LIST_INCONSISTENT, names/flags -> INVALID_EA_NAME");
#undef TRY
}

static void test_ea_name_limits(void)
{
	static u8 big[8 + 255 + 1 + 65535], value[65535];
	struct smb2_ea_writer ew;
	struct smb2_ea ea;
	char name[255];
	u32 count, pos = 0;

	memset(name, 'n', sizeof(name));
	smb2_ea_writer_init(&ew, big, sizeof(big));
	EXPECT_EQ(smb2_ea_put(&ew, 0, name, 255, value, 65535), STATUS_SUCCESS);
	EXPECT_EQ(ew.used, sizeof(big));
	EXPECT_EQ(validate(big, sizeof(big), &count, false), STATUS_SUCCESS);
	EXPECT_EQ(smb2_ea_next(big, sizeof(big), &pos, &ea), STATUS_SUCCESS);
	EXPECT_TRUE(ea.name_len == 255 && ea.value_len == 65535);
	EXPECT_EQ(smb2_ea_entry_size(255, 65535), 65800);
	EXPECT_EQ(smb2_ea_entry_size(1, 0), 12);
	EXPECT_EQ(smb2_ea_entry_size(3, 2), 16);
	EXPECT_EQ(smb2_ea_entry_size(4, 5), 20);
	EXPECT_EQ(smb2_ea_name_valid("a", 0), 0);
	EXPECT_EQ(smb2_ea_name_valid("user.x", 6), 1);
	EXPECT_EQ(smb2_ea_name_valid("a\0b", 3), 0);
	tap_case("ea: 255-byte name with 64 KiB value, entry sizes, name checks");
}

static void test_ea_writer(void)
{
	struct smb2_ea_writer ew;
	struct smb2_ea ea;
	u8 b[64], keep[64];
	u32 count, pos = 0;

	memset(b, 0xaa, sizeof(b));
	smb2_ea_writer_init(&ew, b, sizeof(b));
	EXPECT_EQ(smb2_ea_put(&ew, FILE_NEED_EA, "Key", 3, (const u8 *)"v1", 2), STATUS_SUCCESS);
	EXPECT_EQ(smb2_ea_put(&ew, 0, "b", 1, NULL, 0), STATUS_SUCCESS);
	EXPECT_EQ(ew.used, sizeof(full2));
	EXPECT_MEM(b, full2, sizeof(full2));
	EXPECT_EQ(b[sizeof(full2)], 0xaa);
	tap_case("ea writer: byte by byte, 4-aligned chaining with zero padding");

	memcpy(keep, b, sizeof(b));
	ew.cap = 38;					/* entry 3 would end at 39 */
	EXPECT_EQ(smb2_ea_put(&ew, 0, "c", 1, (const u8 *)"z", 1), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(ew.used, 26);
	EXPECT_MEM(b, keep, sizeof(b));
	EXPECT_EQ(validate(b, ew.used, &count, false), STATUS_SUCCESS);
	EXPECT_EQ(count, 2);
	ew.cap = 39;
	EXPECT_EQ(smb2_ea_put(&ew, 0, "c", 1, (const u8 *)"z", 1), STATUS_SUCCESS);
	EXPECT_EQ(ew.used, 39);
	EXPECT_EQ(get_le32(b + 16), 12);
	EXPECT_MEM(b + 26, "\0\0", 2);
	EXPECT_EQ(validate(b, ew.used, &count, false), STATUS_SUCCESS);
	EXPECT_EQ(count, 3);
	while (smb2_ea_next(b, ew.used, &pos, &ea) == STATUS_SUCCESS)
		;
	EXPECT_TRUE(ea.name[0] == 'c' && ea.value[0] == 'z');
	smb2_ea_writer_init(&ew, b, 9);
	EXPECT_EQ(smb2_ea_put(&ew, 0, "", 0, NULL, 0), STATUS_SUCCESS);
	EXPECT_EQ(smb2_ea_put(&ew, 0, "", 0, NULL, 0), STATUS_BUFFER_OVERFLOW);
	smb2_ea_writer_init(&ew, b, 0xfffffff0);
	ew.used = 0xfffffffe;
	EXPECT_EQ(smb2_ea_put(&ew, 0, "x", 1, NULL, 0), STATUS_BUFFER_OVERFLOW);
	tap_case("ea writer: STATUS_BUFFER_OVERFLOW leaves only complete entries");
}

static void test_ea_get_list(void)
{
	/* "ab", then "c" after a 4-byte gap */
	static const u8 get2[] = {
		12, 0, 0, 0, 2, 'a', 'b', 0, 0, 0, 0, 0,
		0, 0, 0, 0, 1, 'c', 0,
	};
	const char *name;
	u8 nl, m[32];
	u32 count, pos = 0, l;
	int fails = 0;

	EXPECT_EQ(validate(get2, sizeof(get2), &count, true), STATUS_SUCCESS);
	EXPECT_EQ(count, 2);
	EXPECT_EQ(smb2_ea_get_next(get2, sizeof(get2), &pos, &name, &nl), STATUS_SUCCESS);
	EXPECT_TRUE(name == (const char *)get2 + 5 && nl == 2);
	EXPECT_EQ(smb2_ea_get_next(get2, sizeof(get2), &pos, &name, &nl), STATUS_SUCCESS);
	EXPECT_TRUE(name[0] == 'c' && nl == 1 && !name[1]);
	EXPECT_EQ(smb2_ea_get_next(get2, sizeof(get2), &pos, &name, &nl), STATUS_NO_MORE_EAS);
	EXPECT_EQ(validate(NULL, 0, &count, true), STATUS_SUCCESS);
	EXPECT_EQ(count, 0);
	for (l = 1; l < sizeof(get2); l++)
		if (validate(get2, l, &count, true) == STATUS_SUCCESS)
			fails++;
	EXPECT_EQ(fails, 0);
	tap_case("ea get list: validate, iterate, empty list, truncations");

#define TRY(off, val, want)						\
	do {								\
		memcpy(m, get2, sizeof(get2));				\
		m[off] = (val);						\
		EXPECT_EQ(validate(m, sizeof(get2), &count, true), (want));	\
	} while (0)
	TRY(0, 10, STATUS_EA_LIST_INCONSISTENT);	/* misaligned */
	TRY(0, 4, STATUS_EA_LIST_INCONSISTENT);		/* inside the entry */
	TRY(0, 16, STATUS_EA_LIST_INCONSISTENT);	/* no room for a header */
	TRY(0, 20, STATUS_EA_LIST_INCONSISTENT);
	TRY(4, 1, STATUS_EA_LIST_INCONSISTENT);		/* NUL missing */
	TRY(4, 3, STATUS_INVALID_EA_NAME);		/* the NUL inside the name */
	TRY(16, 2, STATUS_EA_LIST_INCONSISTENT);	/* past the end */
	TRY(16, 0, STATUS_EA_LIST_INCONSISTENT);	/* NUL not after the name */
	memcpy(m, get2, sizeof(get2));
	m[16] = 0;
	m[17] = 0;
	EXPECT_EQ(validate(m, sizeof(get2), &count, true), STATUS_INVALID_EA_NAME);
	TRY(5, '?', STATUS_INVALID_EA_NAME);
	TRY(17, 0x1f, STATUS_INVALID_EA_NAME);
#undef TRY
	tap_case("ea get list: lying offsets and bad names");
}

void test_smb2_ea(void)
{
	test_ea_full_valid();
	test_ea_full_invalid();
	test_ea_name_limits();
	test_ea_writer();
	test_ea_get_list();
}
