// SPDX-License-Identifier: GPL-2.0
/*
 * File names from the wire become '/'-separated UTF-8 for the IOS layer,
 * only after every rule has been checked (proto/smb2_name.c).
 */
#include <linux/limits.h>
#include <linux/nls.h>
#include <linux/slab.h>

#include "smb2_path.h"
#include "proto/ntstatus.h"
#include "proto/smb2_name.h"

/* UTF-16LE units to a kmalloc'ed UTF-8 string. */
static u32 smb3k_utf16_to_utf8(const u8 *name, u32 units, char **out)
{
	/* At most 3 UTF-8 bytes per code unit (a pair makes 4 from 2). */
	u32 n = 3 * units;
	char *s;
	int ret;

	if (n >= PATH_MAX)
		return STATUS_NAME_TOO_LONG;
	s = kmalloc(n + 1, GFP_KERNEL);
	if (!s)
		return STATUS_NO_MEMORY;
	ret = units ? utf16s_to_utf8s((const wchar_t *)name, units, UTF16_LITTLE_ENDIAN,
				      s, n) : 0;
	if (ret < 0 || (units && !ret)) {
		kfree(s);
		return STATUS_OBJECT_NAME_INVALID;
	}
	s[ret] = '\0';
	*out = s;
	return STATUS_SUCCESS;
}

/**
 * smb3k_smb2_path_stream() - check a wire name that may name a stream
 * @name: UTF-16LE name
 * @len: its length in bytes
 * @flags: SMB3K_PATH_*
 * @out: set to the kmalloc'ed '/'-separated UTF-8 path ("" for the root)
 * @sn: set to the stream part (its name kmalloc'ed), or NULL when a named
 *	stream is not allowed ("::$DATA" at the end is then dropped)
 *
 * Return: STATUS_SUCCESS, a status from smb2_name_check(),
 * STATUS_NAME_TOO_LONG past PATH_MAX or STATUS_NO_MEMORY.
 */
u32 smb3k_smb2_path_stream(const u8 *name, u32 len, unsigned int flags, char **out,
			   struct smb3k_stream_name *sn)
{
	unsigned int nflags = sn ? SMB2_NAME_STREAMS : 0;
	struct smb2_name_parts p;
	u32 status, i;
	char *path;

	*out = NULL;
	if (sn)
		memset(sn, 0, sizeof(*sn));
	if (flags & SMB3K_PATH_ALLOW_LEADING_SEP)
		nflags |= SMB2_NAME_LEADING_SEP;
	status = smb2_name_check(name, len, nflags, &p);
	if (status != STATUS_SUCCESS)
		return status;
	if (sn && p.stream_units) {
		status = smb3k_utf16_to_utf8(name + 2 * p.stream_off, p.stream_units, &sn->name);
		if (status != STATUS_SUCCESS)
			return status;
	}
	status = smb3k_utf16_to_utf8(name + 2 * p.path_off, p.path_units, &path);
	if (status != STATUS_SUCCESS) {
		if (sn) {
			kfree(sn->name);
			sn->name = NULL;
		}
		return status;
	}
	if (sn)
		sn->data = p.stream;
	for (i = 0; path[i]; i++)
		if (path[i] == '\\')
			path[i] = '/';
	*out = path;
	return STATUS_SUCCESS;
}

/**
 * smb3k_smb2_path() - check a wire file name and convert it
 * @name: UTF-16LE name
 * @len: its length in bytes
 * @flags: SMB3K_PATH_*
 * @out: set to the kmalloc'ed '/'-separated UTF-8 path ("" for the root)
 *
 * A named stream is STATUS_OBJECT_NAME_INVALID; "::$DATA" at the end is
 * dropped (it names the file itself).
 *
 * Return: as smb3k_smb2_path_stream().
 */
u32 smb3k_smb2_path(const u8 *name, u32 len, unsigned int flags, char **out)
{
	return smb3k_smb2_path_stream(name, len, flags, out, NULL);
}
