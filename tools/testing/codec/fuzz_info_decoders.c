// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the SET_INFO buffer decoders. The first input byte is
 * the FileInfoClass, the rest the SET_INFO buffer (an exactly sized heap
 * copy). Every decoder is called with that class; on success the values
 * must respect what the decoder promises (name inside the buffer, even and
 * non-zero; 64-bit values non-negative; only valid mode/flag bits).
 */
#include <stdlib.h>
#include "smb2_info.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_rename_info ri;
	struct smb2_basic_info bi;
	u32 len, flags, mode, st;
	u8 cls, *b;
	u64 v;

	if (!size)
		return 0;
	cls = data[0];
	len = (u32)(size - 1);
	b = malloc(len ? len : 1);
	memcpy(b, data + 1, len);

	if (smb2_decode_basic_info(b, len, &bi) == STATUS_SUCCESS && len < 40)
		abort();

	st = smb2_decode_rename_info(cls, b, len, &ri);
	if (st == STATUS_SUCCESS) {
		if (!ri.name || ri.name < b + 20 || !ri.name_len || (ri.name_len & 1) ||
		    ri.name_len > len - 20 || ri.root_directory)
			abort();
		if (cls != FileRenameInformationEx && ri.flags)
			abort();
	} else if (ri.name || ri.name_len) {
		abort();
	}

	st = smb2_decode_disposition_info(cls, b, len, &flags);
	if (st == STATUS_SUCCESS && (flags & ~FILE_DISPOSITION_FLAGS_VALID))
		abort();
	if (st == STATUS_SUCCESS && cls == FileDispositionInformation &&
	    flags != FILE_DISPOSITION_DELETE && flags)
		abort();

	st = smb2_decode_u64_info(cls, b, len, &v);
	if (st == STATUS_SUCCESS && (v >> 63 || len < 8))
		abort();
	if (st != STATUS_SUCCESS && v)
		abort();

	st = smb2_decode_mode_info(b, len, &mode);
	if (st == STATUS_SUCCESS &&
	    ((mode & ~(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_SYNCHRONOUS_IO_ALERT |
		       FILE_SYNCHRONOUS_IO_NONALERT)) ||
	     ((mode & FILE_SYNCHRONOUS_IO_ALERT) && (mode & FILE_SYNCHRONOUS_IO_NONALERT))))
		abort();
	free(b);
	return 0;
}
