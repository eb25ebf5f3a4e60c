// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: NEGOTIATE and AUTHENTICATE parsers, the NTLMv2
 * response and AV pair walks, with invariants on the validated views.
 */
#include <stdlib.h>
#include "ntlmssp.h"

static void in_msg(const u8 *base, size_t len, const struct ntlmssp_buf *b)
{
	if (b->len && (b->data < base + NTLMSSP_AUTH_HDR_LEN ||
		       b->data + b->len > base + len))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct ntlmssp_authenticate a;
	struct ntlmssp_negotiate n;
	struct ntlmssp_v2_response v2;
	u8 *copy = malloc(size ? size : 1);
	const u8 *val;
	u16 vlen;

	memcpy(copy, data, size);
	(void)ntlmssp_parse_negotiate(copy, size, &n);
	if (ntlmssp_parse_authenticate(copy, size, &a) == STATUS_SUCCESS) {
		in_msg(copy, size, &a.lm);
		in_msg(copy, size, &a.nt);
		in_msg(copy, size, &a.domain);
		in_msg(copy, size, &a.user);
		in_msg(copy, size, &a.workstation);
		in_msg(copy, size, &a.session_key);
		if (a.nt.len &&
		    ntlmssp_parse_v2_response(a.nt.data, a.nt.len, &v2) == STATUS_SUCCESS) {
			if (v2.av_pairs + v2.av_len > a.nt.data + a.nt.len)
				abort();
			if (ntlmssp_av_find(v2.av_pairs, v2.av_len, MSV_AV_FLAGS, &val,
					    &vlen) == STATUS_SUCCESS &&
			    val + vlen > v2.av_pairs + v2.av_len)
				abort();
		}
	}
	/* the whole input as AV pairs and as an NTLMv2 response */
	if (ntlmssp_av_find(copy, size, MSV_AV_TIMESTAMP, &val, &vlen) == STATUS_SUCCESS &&
	    val + vlen > copy + size)
		abort();
	if (ntlmssp_parse_v2_response(copy, size, &v2) == STATUS_SUCCESS &&
	    v2.av_pairs + v2.av_len > copy + size)
		abort();
	free(copy);
	return 0;
}
