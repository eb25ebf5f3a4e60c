// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: smb2_short_name(), the 8.3 name of a file name a client
 * chose (CREATE, rename), as FileAlternateNameInformation and directory
 * listings report it. The output stays inside its SMB2_SHORT_NAME_MAX_BYTES
 * (an exactly sized heap buffer), is a valid 8.3 name that is its own short
 * name, and does not depend on the case of the long name.
 */
#include <stdlib.h>
#include "ntstatus.h"
#include "short_name.h"
#include "upcase.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 *name, *up, *out, *again;
	u32 len = size > 2048 ? 2048 : (u32)size, n, n2, i;
	u32 st;

	name = malloc(len ? len : 1);
	memcpy(name, data, len);
	out = malloc(SMB2_SHORT_NAME_MAX_BYTES);
	again = malloc(SMB2_SHORT_NAME_MAX_BYTES);
	up = malloc(len ? len : 1);
	st = smb2_short_name(name, len, out, &n);
	if (st != STATUS_SUCCESS) {
		if (st != STATUS_OBJECT_NAME_NOT_FOUND || n)
			abort();
		goto out;
	}
	if (!n || n > SMB2_SHORT_NAME_MAX_BYTES || (n & 1))
		abort();
	/* the short name of a short name is itself */
	if (smb2_short_name(out, n, again, &n2) != STATUS_SUCCESS || n2 != n ||
	    memcmp(out, again, n))
		abort();
	/* case does not matter */
	for (i = 0; i + 1 < len; i += 2)
		put_le16(up + i, smb2_upcase(get_le16(name + i)));
	if (smb2_short_name(up, len, again, &n2) != STATUS_SUCCESS || n2 != n ||
	    memcmp(out, again, n))
		abort();
out:
	free(up);
	free(again);
	free(out);
	free(name);
	return 0;
}
