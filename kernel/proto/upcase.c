// SPDX-License-Identifier: GPL-2.0
/*
 * upcase.c - UTF-16 code unit upper-casing by block rules (see upcase.h).
 */
#include "upcase.h"

/* Pairs where the lower case letter is the odd (or even) one of two. */
static u16 pair_odd(u16 c)
{
	return (c & 1) ? c - 1 : c;
}

static u16 pair_even(u16 c)
{
	return (c & 1) ? c : c - 1;
}

/* U+0080..U+017F: Latin-1 Supplement and Latin Extended-A */
static u16 upcase_latin(u16 c)
{
	if (c >= 0xE0 && c <= 0xFE)
		return c == 0xF7 ? c : c - 0x20;	/* not the division sign */
	if (c == 0xFF)
		return 0x178;
	if (c < 0x100)
		return c;
	if (c <= 0x12F || (c >= 0x132 && c <= 0x137) || (c >= 0x14A && c <= 0x177))
		return pair_odd(c);
	if ((c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E))
		return pair_even(c);
	return c;	/* U+0130, U+0131, U+0138, U+0149, U+0178, U+017F */
}

/* U+0370..U+03FF: Greek and Coptic */
static u16 upcase_greek(u16 c)
{
	if ((c >= 0x3B1 && c <= 0x3C1) || (c >= 0x3C3 && c <= 0x3CB))
		return c - 0x20;
	switch (c) {
	case 0x371: case 0x373: case 0x377:
	case 0x3F8: case 0x3FB:
		return c - 1;
	case 0x37B: case 0x37C: case 0x37D:
		return c + 0x82;
	case 0x3AC:
		return 0x386;
	case 0x3AD: case 0x3AE: case 0x3AF:
		return c - 0x25;
	case 0x3C2:
		return 0x3A3;		/* final sigma */
	case 0x3CC:
		return 0x38C;
	case 0x3CD: case 0x3CE:
		return c - 0x3F;
	case 0x3D0:
		return 0x392;
	case 0x3D1:
		return 0x398;
	case 0x3D5:
		return 0x3A6;
	case 0x3D6:
		return 0x3A0;
	case 0x3D7:
		return 0x3CF;
	case 0x3F0:
		return 0x39A;
	case 0x3F1:
		return 0x3A1;
	case 0x3F2:
		return 0x3F9;
	case 0x3F3:
		return 0x37F;
	case 0x3F5:
		return 0x395;
	}
	if (c >= 0x3D8 && c <= 0x3EF)
		return pair_odd(c);
	return c;
}

/* U+0400..U+052F: Cyrillic and Cyrillic Supplement */
static u16 upcase_cyrillic(u16 c)
{
	if (c >= 0x430 && c <= 0x44F)
		return c - 0x20;
	if (c >= 0x450 && c <= 0x45F)
		return c - 0x50;
	if (c == 0x4CF)
		return 0x4C0;
	if ((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF) || c >= 0x4D0)
		return pair_odd(c);
	if (c >= 0x4C1 && c <= 0x4CE)
		return pair_even(c);
	return c;
}

/**
 * smb2_upcase() - uppercase of one UTF-16 code unit
 * @c: the code unit
 *
 * Return: its simple uppercase in the blocks listed in upcase.h, else @c.
 */
u16 smb2_upcase(u16 c)
{
	if (c < 0x80)
		return (c >= 'a' && c <= 'z') ? c - 0x20 : c;
	if (c < 0x180)
		return upcase_latin(c);
	if (c >= 0x370 && c < 0x400)
		return upcase_greek(c);
	if (c >= 0x400 && c < 0x530)
		return upcase_cyrillic(c);
	if (c >= 0x561 && c <= 0x586)
		return c - 0x30;		/* Armenian */
	if (c >= 0x1E00 && c <= 0x1EFF) {	/* Latin Extended Additional */
		if (c <= 0x1E95 || c >= 0x1EA0)
			return pair_odd(c);
		return c;
	}
	if (c >= 0xFF41 && c <= 0xFF5A)
		return c - 0x20;		/* fullwidth a-z */
	return c;
}

/**
 * smb2_utf16_equal_ci() - compare two UTF-16LE names ignoring case
 * @a: first name
 * @alen: its length in bytes
 * @b: second name
 * @blen: its length in bytes
 *
 * Code units are compared after smb2_upcase(); a trailing odd byte must be
 * equal as is.
 *
 * Return: true when the names are equal ignoring case.
 */
bool smb2_utf16_equal_ci(const u8 *a, u32 alen, const u8 *b, u32 blen)
{
	u32 i;

	if (alen != blen)
		return false;
	for (i = 0; i + 1 < alen; i += 2) {
		if (smb2_upcase(get_le16(a + i)) != smb2_upcase(get_le16(b + i)))
			return false;
	}
	return !(alen & 1) || a[alen - 1] == b[alen - 1];
}
