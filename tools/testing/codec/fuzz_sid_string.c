// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: SID string and wire forms (kernel/proto/sid.c). The
 * input as a string: what parses must print and parse back to the same
 * SID, and print the same string again. The input as a wire SID: what
 * parses must round-trip through its string and write back the same bytes.
 * Printing into a short buffer must stay inside it.
 */
#include <stdlib.h>
#include "security_desc.h"

static void string_round_trip(const struct smb2_sid *a)
{
	char t[SMB2_SID_STRING_MAX], t2[SMB2_SID_STRING_MAX];
	struct smb2_sid b;
	u8 w[SMB2_SID_MAX_SIZE];
	int n;
	u32 l, l2;

	n = smb2_sid_to_string(a, t, sizeof(t));
	if (n < 0 || strlen(t) != (size_t)n)
		abort();
	if (smb2_sid_from_string(t, &b) || smb2_sid_cmp(a, &b))
		abort();
	if (smb2_sid_to_string(&b, t2, sizeof(t2)) != n || strcmp(t, t2))
		abort();
	if (smb2_sid_write(a, w, sizeof(w), &l) || smb2_sid_parse(w, l, &b, &l2) || l2 != l ||
	    smb2_sid_cmp(a, &b))
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_sid a;
	char *s, *small;
	u8 *c, w[SMB2_SID_MAX_SIZE];
	u32 n, l, cap;

	if (size > 4096)
		return 0;
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	if (!smb2_sid_from_string(s, &a)) {
		string_round_trip(&a);
		cap = size % 32;
		small = malloc(cap ? cap : 1);
		if (smb2_sid_to_string(&a, small, cap) >= (int)cap && cap)
			abort();
		free(small);
	}
	free(s);
	c = malloc(size ? size : 1);
	memcpy(c, data, size);
	if (!smb2_sid_parse(c, (u32)size, &a, &n)) {
		if (n > size)
			abort();
		string_round_trip(&a);
		if (smb2_sid_write(&a, w, sizeof(w), &l) || l != n || memcmp(w, c, n))
			abort();
	}
	free(c);
	return 0;
}
