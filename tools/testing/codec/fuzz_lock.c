// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a whole LOCK command (header and body). The elements
 * must lie inside the input; the whole-request check must agree with the
 * element-by-element one and imply the flag and range rules; FLUSH and the
 * small responses stay inside their buffers.
 */
#include <stdlib.h>
#include "smb2_lock.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_lock_req r;
	struct smb2_lock_elem e;
	struct smb2_fileid fid;
	struct fscc_file_stat st;
	u32 all, first = STATUS_SUCCESS, s;
	bool unlock;
	u8 out[64];
	size_t n, cap = size % 70;
	u16 i;

	if (smb2_flush_parse(data, size, &fid) == STATUS_SUCCESS && size < 88)
		abort();
	memset(&st, 0x5a, sizeof(st));
	if (smb2_close_build_rsp_attrs(size & 1, size & 2 ? &st : NULL, out,
				       cap < sizeof(out) ? cap : sizeof(out), &n) ==
	    STATUS_SUCCESS && n != 60)
		abort();
	if (smb2_lock_build_rsp(out, cap, &n) == STATUS_SUCCESS && (n != 4 || cap < 4))
		abort();
	if (smb2_lock_parse(data, size, &r) != STATUS_SUCCESS)
		return 0;
	if (!r.count || r.locks != data + 88 ||
	    (size - 88) / SMB2_LOCK_ELEMENT_SIZE < r.count)
		abort();
	all = smb2_lock_check_flags(&r);
	unlock = data[88 + 16] & SMB2_LOCKFLAG_UNLOCK;
	for (i = 0; i < r.count; i++) {
		smb2_lock_elem_get(&r, i, &e);
		s = smb2_lock_elem_check(&r, i, &e);
		if (first == STATUS_SUCCESS)
			first = s;
		if (s != STATUS_SUCCESS)
			continue;
		if (unlock ? e.flags != SMB2_LOCKFLAG_UNLOCK :
		    (e.flags & ~SMB2_LOCKFLAG_FAIL_IMMEDIATELY) != SMB2_LOCKFLAG_SHARED_LOCK &&
		    (e.flags & ~SMB2_LOCKFLAG_FAIL_IMMEDIATELY) != SMB2_LOCKFLAG_EXCLUSIVE_LOCK)
			abort();
		if (e.length && e.offset > ~0ULL - (e.length - 1))
			abort();
	}
	if (all != first)
		abort();
	/* several locks are all FAIL_IMMEDIATELY (3.3.5.14.2) */
	if (all == STATUS_SUCCESS && !unlock && r.count > 1)
		for (i = 0; i < r.count; i++) {
			smb2_lock_elem_get(&r, i, &e);
			if (!(e.flags & SMB2_LOCKFLAG_FAIL_IMMEDIATELY))
				abort();
		}
	return 0;
}
