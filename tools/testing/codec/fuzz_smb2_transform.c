// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: TRANSFORM_HEADER parse, and build/parse round trip. */
#include <stdlib.h>
#include "smb2_transform.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_transform_hdr t;
	u8 out[SMB2_TRANSFORM_HDR_SIZE + 8];
	struct smb2_transform_hdr t2;
	u16 cipher;

	if (smb2_transform_parse(data, size, &t) != STATUS_SUCCESS)
		return 0;
	if (size <= SMB2_TRANSFORM_HDR_SIZE || t.payload_len != size - SMB2_TRANSFORM_HDR_SIZE ||
	    t.original_size != t.payload_len || t.payload != data + SMB2_TRANSFORM_HDR_SIZE ||
	    t.flags != SMB2_TRANSFORM_FLAG_ENCRYPTED)
		abort();
	/* Rebuild a header from the parsed fields and parse it again. */
	cipher = (u16)(1 + data[size - 1] % 4);
	if (smb2_transform_build(out, sizeof(out), cipher, t.nonce, 8, t.session_id) !=
	    STATUS_SUCCESS)
		abort();
	if (smb2_transform_parse(out, sizeof(out), &t2) != STATUS_SUCCESS ||
	    t2.session_id != t.session_id ||
	    memcmp(t2.nonce, t.nonce, smb2_transform_nonce_len(cipher)))
		abort();
	return 0;
}
