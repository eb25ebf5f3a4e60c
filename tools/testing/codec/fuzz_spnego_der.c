// SPDX-License-Identifier: GPL-2.0
/* libFuzzer target: recursive walk of arbitrary DER with der_read_tlv(). */
#include <stdlib.h>
#include "spnego.h"

static void walk(const u8 *p, size_t len, int depth)
{
	struct der_tlv t;
	size_t off = 0;

	while (off < len && depth < 16) {
		if (der_read_tlv(p + off, len - off, &t) != STATUS_SUCCESS)
			return;
		if (der_tlv_total(&t) > len - off || t.value != p + off + t.hdr_len)
			abort();
		if (t.tag & 0x20)
			walk(t.value, t.len, depth + 1);
		else if (t.tag == DER_TAG_OID)
			(void)der_oid_equal(&t, &spnego_oid_ntlmssp);
		off += der_tlv_total(&t);
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u8 *copy = malloc(size ? size : 1);

	memcpy(copy, data, size);
	walk(copy, size, 0);
	free(copy);
	return 0;
}
