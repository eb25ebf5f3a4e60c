// SPDX-License-Identifier: GPL-2.0
/*
 * File names from the wire (MS-SMB2 2.2.13, MS-FSCC 2.1.5): UTF-16LE,
 * '\'-separated, relative to the share root. They become '/'-separated
 * UTF-8 for the IOS layer only after every rule has been checked, so that
 * no name can mean "..", an absolute path, or two different files.
 */
#include <linux/limits.h>
#include <linux/nls.h>
#include <linux/slab.h>
#include <asm/unaligned.h>

#include "smb2_path.h"
#include "proto/ntstatus.h"

/* MS-FSCC 2.1.5.2: a component is at most 255 UTF-16 code units. */
#define SMB3K_COMPONENT_MAX	255

/* Characters Windows forbids in a file name (MS-FSCC 2.1.5.2). */
static bool smb3k_name_char_invalid(u16 c)
{
	if (c < 0x20)
		return true;
	switch (c) {
	case '"': case '*': case ':': case '<': case '>': case '?': case '|':
		return true;
	}
	return false;
}

/* Strip "::$DATA" (the unnamed data stream) from the end, case-insensitive. */
static u32 smb3k_strip_default_stream(const u8 *name, u32 units)
{
	static const char suffix[] = "::$DATA";
	u32 n = sizeof(suffix) - 1, i;

	if (units < n)
		return units;
	for (i = 0; i < n; i++) {
		u16 c = get_unaligned_le16(name + 2 * (units - n + i));

		if (c < 0x80 && c >= 'a' && c <= 'z')
			c -= 'a' - 'A';
		if (c != (u8)suffix[i])
			return units;
	}
	return units - n;
}

/**
 * smb3k_smb2_path() - check a wire file name and convert it
 * @name: UTF-16LE name
 * @len: its length in bytes
 * @flags: SMB3K_PATH_*
 * @out: set to the kmalloc'ed '/'-separated UTF-8 path ("" for the root)
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a leading '\' in
 * a CREATE (MS-SMB2 3.3.5.9) or an odd length; STATUS_OBJECT_NAME_INVALID
 * for forbidden characters, empty or "." components, unpaired surrogates
 * or a named stream; STATUS_OBJECT_PATH_SYNTAX_BAD for ".." (nothing
 * above the share root exists); STATUS_NAME_TOO_LONG past PATH_MAX.
 */
u32 smb3k_smb2_path(const u8 *name, u32 len, unsigned int flags, char **out)
{
	u32 units = len / 2, i, start, comp_len = 0, n;
	char *path;
	int ret;

	*out = NULL;
	if (len & 1)
		return STATUS_INVALID_PARAMETER;
	if (units && get_unaligned_le16(name) == '\\') {
		if (!(flags & SMB3K_PATH_ALLOW_LEADING_SEP))
			return STATUS_INVALID_PARAMETER;
		name += 2;
		units--;
	}
	units = smb3k_strip_default_stream(name, units);
	/* A trailing separator names the same directory. */
	if (units && get_unaligned_le16(name + 2 * (units - 1)) == '\\')
		units--;

	for (i = 0, start = 0; i <= units; i++) {
		u16 c = i < units ? get_unaligned_le16(name + 2 * i) : '\\';

		/* '/' separates too, as Samba lets it (it cannot be in a name here). */
		if (c == '\\' || c == '/') {
			comp_len = i - start;
			if (!comp_len && units)
				return STATUS_OBJECT_NAME_INVALID;
			if (comp_len > SMB3K_COMPONENT_MAX)
				return STATUS_OBJECT_NAME_INVALID;
			if (comp_len == 1 && get_unaligned_le16(name + 2 * start) == '.')
				return STATUS_OBJECT_NAME_INVALID;
			if (comp_len == 2 && get_unaligned_le16(name + 2 * start) == '.' &&
			    get_unaligned_le16(name + 2 * start + 2) == '.')
				return STATUS_OBJECT_PATH_SYNTAX_BAD;
			start = i + 1;
			continue;
		}
		if (smb3k_name_char_invalid(c))
			return STATUS_OBJECT_NAME_INVALID;
		/* Surrogates must pair up (MS-FSCC 2.1.5.1: valid UTF-16). */
		if (c >= 0xD800 && c <= 0xDBFF) {
			u16 lo = i + 1 < units ? get_unaligned_le16(name + 2 * (i + 1)) : 0;

			if (lo < 0xDC00 || lo > 0xDFFF)
				return STATUS_OBJECT_NAME_INVALID;
			i++;
		} else if (c >= 0xDC00 && c <= 0xDFFF) {
			return STATUS_OBJECT_NAME_INVALID;
		}
	}

	/* At most 3 UTF-8 bytes per code unit (a pair makes 4 from 2). */
	n = 3 * units;
	if (n >= PATH_MAX)
		return STATUS_NAME_TOO_LONG;
	path = kmalloc(n + 1, GFP_KERNEL);
	if (!path)
		return STATUS_NO_MEMORY;
	ret = units ? utf16s_to_utf8s((const wchar_t *)name, units, UTF16_LITTLE_ENDIAN,
				      path, n) : 0;
	if (ret < 0 || (units && !ret)) {
		kfree(path);
		return STATUS_OBJECT_NAME_INVALID;
	}
	path[ret] = '\0';
	for (i = 0; i < ret; i++)
		if (path[i] == '\\')
			path[i] = '/';
	*out = path;
	return STATUS_SUCCESS;
}
