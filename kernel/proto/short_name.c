// SPDX-License-Identifier: GPL-2.0
/*
 * 8.3 names (MS-FSCC 2.1.5.2.1). A name that is a valid 8.3 name already
 * is its own short name, in upper case. Any other gets a generated one:
 * up to five characters of the base, '~', two characters of a hash of the
 * whole name, and up to three of the extension, all upper case, from the
 * characters 8.3 allows. The result is stable for a name and rarely the
 * same for two names of one directory; files cannot be opened by it
 * (smb3k keeps no table of short names).
 */
#include "short_name.h"
#include "ntstatus.h"
#include "upcase.h"

/* Characters an 8.3 name may hold besides letters and digits. */
static bool short_name_char(u16 c)
{
	if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
		return true;
	switch (c) {
	case '!': case '#': case '$': case '%': case '&': case '\'': case '(':
	case ')': case '-': case '@': case '^': case '_': case '`': case '{':
	case '}': case '~':
		return true;
	}
	return false;
}

static u16 unit(const u8 *s, u32 i)
{
	return get_le16(s + 2 * i);
}

/* Is @name (@n units) an 8.3 name as it is (up to case)? */
static bool is_short(const u8 *name, u32 n)
{
	u32 i, dot = n;

	if (!n || n > 12)
		return false;
	for (i = 0; i < n; i++) {
		u16 c = smb2_upcase(unit(name, i));

		if (c == '.') {
			if (dot != n || !i)
				return false;
			dot = i;
		} else if (!short_name_char(c)) {
			return false;
		}
	}
	if (dot > 8)
		return false;
	return dot == n || (n - dot - 1 >= 1 && n - dot - 1 <= 3);
}

/**
 * smb2_short_name() - the 8.3 name of a file name
 * @name: the long name, UTF-16LE (one component, no separators)
 * @len: its length in bytes
 * @out: SMB2_SHORT_NAME_MAX_BYTES bytes for the short name, UTF-16LE
 * @out_len: set to its length in bytes
 *
 * Return: STATUS_SUCCESS, or STATUS_OBJECT_NAME_NOT_FOUND for "", "." and
 * ".." (which have none) and odd lengths.
 */
u32 smb2_short_name(const u8 *name, u32 len, u8 *out, u32 *out_len)
{
	static const char digits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUV";
	u32 n = len / 2, i, o = 0, dot = n, hash = 2166136261U;

	*out_len = 0;
	if (!n || (len & 1) || (n == 1 && unit(name, 0) == '.') ||
	    (n == 2 && unit(name, 0) == '.' && unit(name, 1) == '.'))
		return STATUS_OBJECT_NAME_NOT_FOUND;
	if (is_short(name, n)) {
		for (i = 0; i < n; i++)
			put_le16(out + 2 * i, smb2_upcase(unit(name, i)));
		*out_len = 2 * n;
		return STATUS_SUCCESS;
	}
	/* FNV-1a over the upper-cased name: case does not change it. */
	for (i = 0; i < n; i++) {
		u16 c = smb2_upcase(unit(name, i));

		hash = (hash ^ (c & 0xff)) * 16777619U;
		hash = (hash ^ (c >> 8)) * 16777619U;
		if (c == '.')
			dot = i;	/* the last dot starts the extension */
	}
	for (i = 0; i < dot && o < 5; i++) {
		u16 c = smb2_upcase(unit(name, i));

		if (short_name_char(c) && c != '~')
			put_le16(out + 2 * o++, c);
	}
	if (!o)
		put_le16(out + 2 * o++, '_');
	put_le16(out + 2 * o++, '~');
	put_le16(out + 2 * o++, digits[hash & 31]);
	put_le16(out + 2 * o++, digits[(hash >> 5) & 31]);
	if (dot < n) {
		u32 ext = 0, mark = o;

		put_le16(out + 2 * o++, '.');
		for (i = dot + 1; i < n && ext < 3; i++) {
			u16 c = smb2_upcase(unit(name, i));

			if (short_name_char(c)) {
				put_le16(out + 2 * o++, c);
				ext++;
			}
		}
		if (!ext)
			o = mark;	/* nothing usable after the dot */
	}
	*out_len = 2 * o;
	return STATUS_SUCCESS;
}
