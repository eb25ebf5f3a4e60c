// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: 8.3 names (kernel/proto/short_name.c).
 */
#include <stdio.h>
#include "tap.h"
#include "short_name.h"
#include "ntstatus.h"

/* ASCII to UTF-16LE; returns bytes. */
static u32 u16s(const char *s, u8 *out)
{
	u32 n = 0;

	for (; *s; s++, n++)
		put_le16(out + 2 * n, (u8)*s);
	return 2 * n;
}

/* The short name as ASCII (tests use ASCII only). */
static const char *short_of(const char *name)
{
	static char buf[16];
	u8 in[512], out[SMB2_SHORT_NAME_MAX_BYTES];
	u32 len, i;

	if (smb2_short_name(in, u16s(name, in), out, &len) != STATUS_SUCCESS)
		return "(none)";
	for (i = 0; i < len / 2 && i < sizeof(buf) - 1; i++)
		buf[i] = (char)get_le16(out + 2 * i);
	buf[i] = 0;
	return buf;
}

void test_short_name(void)
{
	char a[16], b[16];
	u8 in[8], out[SMB2_SHORT_NAME_MAX_BYTES];
	u32 len;

	tap_case("8.3 names: valid ones are their own, upper-cased");
	EXPECT_TRUE(!strcmp(short_of("readme.txt"), "README.TXT"));
	EXPECT_TRUE(!strcmp(short_of("A"), "A"));
	EXPECT_TRUE(!strcmp(short_of("12345678.abc"), "12345678.ABC"));
	EXPECT_TRUE(!strcmp(short_of("NO_EXT"), "NO_EXT"));

	tap_case("8.3 names: long names are mangled, stable, case-blind, within 8.3");
	snprintf(a, sizeof(a), "%s", short_of("testsmb2_file.dat"));
	snprintf(b, sizeof(b), "%s", short_of("TESTSMB2_FILE.DAT"));
	EXPECT_TRUE(!strcmp(a, b));
	EXPECT_TRUE(!strncmp(a, "TESTS~", 6));
	EXPECT_TRUE(!strcmp(a + 8, ".DAT"));
	EXPECT_EQ(strlen(short_of("a very long name with spaces.extension")), 12);
	snprintf(a, sizeof(a), "%s", short_of("longfilename1.txt"));
	snprintf(b, sizeof(b), "%s", short_of("longfilename2.txt"));
	EXPECT_TRUE(strcmp(a, b) != 0);
	EXPECT_TRUE(!strncmp(short_of(".bashrc"), "_~", 2));
	EXPECT_EQ(strlen(short_of("x.")), 4);	/* "X~hh": nothing after the dot */
	EXPECT_TRUE(!strncmp(short_of("two.dots.tar.gz"), "TWODO~", 6));
	EXPECT_TRUE(!strcmp(short_of("two.dots.tar.gz") + 8, ".GZ"));

	tap_case("8.3 names: none for '', '.', '..' and odd lengths");
	EXPECT_TRUE(!strcmp(short_of("."), "(none)"));
	EXPECT_TRUE(!strcmp(short_of(".."), "(none)"));
	EXPECT_EQ(smb2_short_name(in, 0, out, &len), STATUS_OBJECT_NAME_NOT_FOUND);
	EXPECT_EQ(smb2_short_name(in, 3, out, &len), STATUS_OBJECT_NAME_NOT_FOUND);
}
