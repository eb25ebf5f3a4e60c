/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_UNICODE_H
#define _SMB3K_UNICODE_H

#include <linux/types.h>
#include <asm/unaligned.h>

/*
 * utf16s_to_utf8s() stops at a NUL, so a name with an embedded NUL would
 * silently lose its tail: refuse such names before converting.
 */
static inline bool smb3k_utf16_has_nul(const u8 *s, size_t units)
{
	size_t i;

	for (i = 0; i < units; i++)
		if (!get_unaligned_le16(s + 2 * i))
			return true;
	return false;
}

#endif /* _SMB3K_UNICODE_H */
