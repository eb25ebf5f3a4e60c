// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: SMB2 header parse, response header and ERROR body. */
#include <stdlib.h>
#include "smb2_header.h"

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_hdr h;
	u8 out[SMB2_HDR_SIZE + 16];
	size_t n;

	if (smb2_hdr_parse(data, size, &h) != STATUS_SUCCESS)
		return 0;
	n = smb2_hdr_msg_len(&h, size);
	if (n < SMB2_HDR_SIZE || n > size)
		abort();
	if (h.next_command && (h.next_command & 7 || h.next_command + SMB2_HDR_SIZE > size))
		abort();
	smb2_hdr_build_rsp(out, &h, STATUS_NOT_SUPPORTED, h.credits);
	if (get_le64(out + SMB2_HDR_OFF_MESSAGE_ID) != h.message_id ||
	    !(get_le32(out + SMB2_HDR_OFF_FLAGS) & SMB2_FLAGS_SERVER_TO_REDIR))
		abort();
	if (smb2_build_error_rsp(out + SMB2_HDR_SIZE, size % 17, NULL, 0) > size % 17)
		abort();
	return 0;
}
