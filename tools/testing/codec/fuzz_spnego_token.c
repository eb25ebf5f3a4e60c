// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: negTokenInit and negTokenResp parsers; a parsed
 * negTokenResp is rebuilt and must parse back to the same fields.
 */
#include <stdlib.h>
#include "spnego.h"

static void inside(const u8 *base, size_t len, const u8 *p, size_t n)
{
	if (p && (p < base || p + n > base + len))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct spnego_neg_token_init init;
	struct spnego_neg_token_resp r, r2;
	u8 *copy = malloc(size ? size : 1), *out;
	size_t cap = size + 64, len;

	memcpy(copy, data, size);
	if (spnego_parse_neg_token_init(copy, size, &init) == STATUS_SUCCESS) {
		inside(copy, size, init.mech_types, init.mech_types_len);
		inside(copy, size, init.mech_token, init.mech_token_len);
		inside(copy, size, init.mic, init.mic_len);
		if (!init.mech_count || init.ntlmssp_index >= (int)init.mech_count)
			abort();
	}
	if (spnego_parse_neg_token_resp(copy, size, &r) == STATUS_SUCCESS) {
		struct spnego_oid mech = { r.supported_mech, (u8)r.supported_mech_len };

		inside(copy, size, r.supported_mech, r.supported_mech_len);
		inside(copy, size, r.response_token, r.response_token_len);
		inside(copy, size, r.mic, r.mic_len);
		out = malloc(cap);
		if (r.supported_mech_len <= 127 &&
		    spnego_build_neg_token_resp(out, cap, &len, r.neg_state,
						r.supported_mech ? &mech : NULL,
						r.response_token, r.response_token_len,
						r.mic, r.mic_len) == STATUS_SUCCESS) {
			if (spnego_parse_neg_token_resp(out, len, &r2) != STATUS_SUCCESS ||
			    r2.neg_state != r.neg_state ||
			    r2.response_token_len != r.response_token_len ||
			    r2.mic_len != r.mic_len ||
			    r2.supported_mech_len != r.supported_mech_len)
				abort();
		}
		free(out);
	}
	free(copy);
	return 0;
}
