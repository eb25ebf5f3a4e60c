// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: wire file names and their stream part (kernel/proto/smb2_name.c,
 * MS-FSCC 2.1.5.2 and 2.1.5.3).
 */
#include "tap.h"
#include "smb2_name.h"
#include "ntstatus.h"

/* ASCII (bytes 0x01-0x7f) to UTF-16LE; returns bytes. */
static u32 ascii16(const char *s, u8 *out)
{
	u32 n = 0;

	for (; *s; s++, n++)
		put_le16(out + 2 * n, (u8)*s);
	return 2 * n;
}

struct name_case {
	const char *name;
	unsigned int flags;
	u32 status;
	u32 path_units;		/* when STATUS_SUCCESS */
	u32 stream_units;
	bool stream;
};

#define S SMB2_NAME_STREAMS
#define L SMB2_NAME_LEADING_SEP

static const struct name_case cases[] = {
	{ "", 0, STATUS_SUCCESS, 0, 0, false },
	{ "a\\b.txt", 0, STATUS_SUCCESS, 7, 0, false },
	{ "a/b", 0, STATUS_SUCCESS, 3, 0, false },
	{ "dir\\", 0, STATUS_SUCCESS, 3, 0, false },
	{ "\\a", 0, STATUS_INVALID_PARAMETER, 0, 0, false },
	{ "\\a", L, STATUS_SUCCESS, 1, 0, false },
	{ "a\\\\b", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ ".", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "a\\.\\b", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "..", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0, false },
	{ "a\\..\\..\\etc", 0, STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0, false },
	{ "...", 0, STATUS_SUCCESS, 3, 0, false },
	{ "a*b", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "a?b", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "a<b", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "a|b", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "a\"b", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "a\x01" "b", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	/* Without SMB2_NAME_STREAMS only "::$DATA" is taken (and dropped). */
	{ "f::$DATA", 0, STATUS_SUCCESS, 1, 0, false },
	{ "f::$data", 0, STATUS_SUCCESS, 1, 0, false },
	{ "f:s", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "f:s:$DATA", 0, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	/* Streams (MS-FSCC 2.1.5.3). */
	{ "f:s", S, STATUS_SUCCESS, 1, 1, true },
	{ "d\\f.txt:Stream One", S, STATUS_SUCCESS, 7, 10, true },
	{ "f:s:$DATA", S, STATUS_SUCCESS, 1, 1, true },
	{ "f:s:$DaTa", S, STATUS_SUCCESS, 1, 1, true },
	{ "f::$DATA", S, STATUS_SUCCESS, 1, 0, true },
	{ "f:", S, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "f:s:", S, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "f:s:$FOO", S, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "f:s:?D*a", S, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "f:s:$DATA:x", S, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "f:a\\b", S, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "f:a/b", S, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ "f:?Stream*<>\"|", S, STATUS_SUCCESS, 1, 12, true },
	{ "f:\x05Stream\n One", S, STATUS_SUCCESS, 1, 12, true },
	{ "d*:s", S, STATUS_OBJECT_NAME_INVALID, 0, 0, false },
	{ ":s", S, STATUS_SUCCESS, 0, 1, true },
	{ "d\\:s", S, STATUS_SUCCESS, 1, 1, true },
	{ "\\f:s", S | L, STATUS_SUCCESS, 1, 1, true },
	{ "..:s", S, STATUS_OBJECT_PATH_SYNTAX_BAD, 0, 0, false },
};

static void test_name_table(void)
{
	u8 buf[1024];
	struct smb2_name_parts p;
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		const struct name_case *c = &cases[i];
		u32 len = ascii16(c->name, buf);
		u32 st = smb2_name_check(buf, len, c->flags, &p);

		EXPECT_EQ(st, c->status);
		if (st != STATUS_SUCCESS || c->status != STATUS_SUCCESS)
			continue;
		EXPECT_EQ(p.path_units, c->path_units);
		EXPECT_EQ(p.stream_units, c->stream_units);
		EXPECT_EQ(p.stream, c->stream);
		if (c->stream_units)
			EXPECT_EQ(p.stream_off, strchr(c->name, ':') - c->name + 1);
	}
	tap_case("names: separators, dots, forbidden characters, stream syntax");
}

static void test_name_units(void)
{
	struct smb2_name_parts p;
	u8 buf[2 * 600];
	u32 i;

	/* Odd byte length. */
	EXPECT_EQ(smb2_name_check((const u8 *)"a\0b", 3, 0, &p), STATUS_INVALID_PARAMETER);
	/* An embedded NUL in a file name and in a stream name. */
	ascii16("ab", buf);
	put_le16(buf + 2, 0);
	EXPECT_EQ(smb2_name_check(buf, 4, S, &p), STATUS_OBJECT_NAME_INVALID);
	ascii16("f:ab", buf);
	put_le16(buf + 6, 0);
	EXPECT_EQ(smb2_name_check(buf, 8, S, &p), STATUS_OBJECT_NAME_INVALID);
	/* Surrogates: a pair is fine, a lone half is not (name and stream). */
	put_le16(buf, 0xD83D);
	put_le16(buf + 2, 0xDE00);
	EXPECT_EQ(smb2_name_check(buf, 4, 0, &p), STATUS_SUCCESS);
	EXPECT_EQ(p.path_units, 2);
	EXPECT_EQ(smb2_name_check(buf, 2, 0, &p), STATUS_OBJECT_NAME_INVALID);
	EXPECT_EQ(smb2_name_check(buf + 2, 2, 0, &p), STATUS_OBJECT_NAME_INVALID);
	ascii16("f:", buf);
	put_le16(buf + 4, 0xDE00);
	EXPECT_EQ(smb2_name_check(buf, 6, S, &p), STATUS_OBJECT_NAME_INVALID);
	put_le16(buf + 4, 0xD83D);
	EXPECT_EQ(smb2_name_check(buf, 6, S, &p), STATUS_OBJECT_NAME_INVALID);
	put_le16(buf + 6, 0xDE00);
	EXPECT_EQ(smb2_name_check(buf, 8, S, &p), STATUS_SUCCESS);
	EXPECT_EQ(p.stream_units, 2);
	/* 255 units per component and per stream name, not 256. */
	for (i = 0; i < 256; i++)
		put_le16(buf + 2 * i, 'x');
	EXPECT_EQ(smb2_name_check(buf, 2 * 255, 0, &p), STATUS_SUCCESS);
	EXPECT_EQ(smb2_name_check(buf, 2 * 256, 0, &p), STATUS_OBJECT_NAME_INVALID);
	put_le16(buf + 2, ':');
	EXPECT_EQ(smb2_name_check(buf, 2 * 257, S, &p), STATUS_SUCCESS);
	EXPECT_EQ(p.stream_units, 255);
	EXPECT_EQ(smb2_name_check(buf, 2 * 258, S, &p), STATUS_OBJECT_NAME_INVALID);
	tap_case("names: odd length, NULs, surrogates, 255-unit limits");
}

void test_smb2_name(void)
{
	test_name_table();
	test_name_units();
}
