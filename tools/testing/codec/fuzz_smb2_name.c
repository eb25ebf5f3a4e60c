// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: smb2_name_check(). Input: a flags byte, then the name.
 * On success the reported ranges lie inside the name, the path holds no
 * ':' and no forbidden character, the stream name no '\', '/', ':' or NUL,
 * and checking the path alone again succeeds with the same length.
 */
#include <stdlib.h>
#include "smb2_name.h"
#include "ntstatus.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_name_parts p, q;
	unsigned int flags;
	u32 len, i, st;

	if (size < 1)
		return 0;
	flags = data[0] & (SMB2_NAME_STREAMS | SMB2_NAME_LEADING_SEP);
	data++;
	size--;
	len = size > 0x10000 ? 0x10000 : (u32)size;
	st = smb2_name_check(data, len, flags, &p);
	if (st != STATUS_SUCCESS)
		return 0;
	if ((u64)p.path_off + p.path_units > len / 2)
		abort();
	for (i = 0; i < p.path_units; i++) {
		u16 c = get_le16(data + 2 * (p.path_off + i));

		if (c == ':' || c < 0x20 || c == '*' || c == '?')
			abort();
	}
	if (p.stream_units) {
		if (!p.stream || !(flags & SMB2_NAME_STREAMS) ||
		    (u64)p.stream_off + p.stream_units > len / 2 ||
		    p.stream_units > SMB2_NAME_COMPONENT_MAX)
			abort();
		for (i = 0; i < p.stream_units; i++) {
			u16 c = get_le16(data + 2 * (p.stream_off + i));

			if (!c || c == ':' || c == '\\' || c == '/')
				abort();
		}
	}
	if (smb2_name_check(data + 2 * p.path_off, 2 * p.path_units, 0, &q) != STATUS_SUCCESS ||
	    q.path_units != p.path_units || q.stream)
		abort();
	return 0;
}
