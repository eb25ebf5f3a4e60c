// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: FILE_FULL_EA_INFORMATION and FILE_GET_EA_INFORMATION
 * lists. Iteration of any input stays inside it and ends; an accepted list
 * iterates to exactly its count of well-formed entries, and rebuilding it
 * with the writer gives a list that validates the same way.
 */
#include <stdlib.h>
#include "smb2_ea.h"

static void inside(const u8 *base, size_t size, const u8 *p, size_t n)
{
	if (!n)
		return;
	if (!p || p < base || p > base + size || n > (size_t)(base + size - p))
		abort();
}

static void full_list(const u8 *data, u32 len)
{
	struct smb2_ea_writer ew;
	struct smb2_ea ea;
	u32 count = 0, count2, pos = 0, last = 0, n = 0, st, total = 0;
	u8 *out;
	bool ok;

	ok = smb2_ea_list_validate(data, len, &count) == STATUS_SUCCESS;
	out = malloc(len ? len : 1);
	smb2_ea_writer_init(&ew, out, len);
	while ((st = smb2_ea_next(data, len, &pos, &ea)) == STATUS_SUCCESS) {
		if (pos <= last && n)
			abort();
		last = pos;
		inside(data, len, (const u8 *)ea.name, ea.name_len + 1);
		inside(data, len, ea.value, ea.value_len);
		if (ea.name[ea.name_len])
			abort();
		if (ok && (!smb2_ea_name_valid(ea.name, ea.name_len) ||
			   (ea.flags & ~FILE_NEED_EA)))
			abort();
		if (ok && smb2_ea_put(&ew, ea.flags, ea.name, ea.name_len, ea.value,
				      ea.value_len) != STATUS_SUCCESS)
			abort();
		total += smb2_ea_entry_size(ea.name_len, ea.value_len);
		n++;
	}
	if (ok) {
		if (st != STATUS_NO_MORE_EAS || n != count || ew.used > len ||
		    total < ew.used || total > ew.used + 3)
			abort();
		if (smb2_ea_list_validate(out, ew.used, &count2) != STATUS_SUCCESS ||
		    count2 != count)
			abort();
	} else if (st == STATUS_NO_MORE_EAS && len) {
		/* a clean walk over a rejected list: only its names can be bad */
		if (smb2_ea_list_validate(data, len, &count2) != STATUS_INVALID_EA_NAME)
			abort();
	}
	free(out);
}

static void get_list(const u8 *data, u32 len)
{
	const char *name;
	u32 count = 0, pos = 0, n = 0, st;
	u8 nl;
	bool ok;

	ok = smb2_ea_get_list_validate(data, len, &count) == STATUS_SUCCESS;
	while ((st = smb2_ea_get_next(data, len, &pos, &name, &nl)) == STATUS_SUCCESS) {
		inside(data, len, (const u8 *)name, nl + 1);
		if (name[nl] || (ok && !smb2_ea_name_valid(name, nl)))
			abort();
		n++;
	}
	if (ok && (st != STATUS_NO_MORE_EAS || n != count))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u32 len = size > 200000 ? 200000 : (u32)size;

	full_list(len ? data : NULL, len);
	get_list(len ? data : NULL, len);
	return 0;
}
