// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: smb2_wildcard_match() and the case folding under it.
 * Input: flags byte (bit 0: ignore case), 2-byte little-endian expression
 * length in bytes, the expression, then the name. The result must agree
 * with a dynamic-programming reading of MS-FSA 2.1.4.4 (Part 2 over every
 * suffix pair), and a wildcard-free expression must match exactly the names
 * equal to it. Any slow input shows up as a timeout.
 */
#include <stdlib.h>
#include "wildcard.h"
#include "upcase.h"

static u16 at(const u8 *p, u32 i)
{
	return get_le16(p + 2 * (size_t)i);
}

static bool same(u16 a, u16 b, bool ic)
{
	return ic ? smb2_upcase(a) == smb2_upcase(b) : a == b;
}

/* m[i][j]: does expr[i..] match name[j..] */
static bool oracle(const u8 *e, u32 el, const u8 *n, u32 nl, bool ic)
{
	u8 *m = calloc((size_t)(el + 1) * (nl + 1), 1);
	u32 i, j, last_dot = 0xffffffff;
	bool r;

#define M(a, b) m[(size_t)(a) * (nl + 1) + (b)]
	for (j = 0; j < nl; j++)
		if (at(n, j) == '.')
			last_dot = j;
	M(el, nl) = 1;
	for (i = el; i-- > 0;) {
		for (j = nl + 1; j-- > 0;) {
			u16 x = at(e, i), c = j < nl ? at(n, j) : 0;
			bool end = j == nl, v;

			switch (x) {
			case '*':
				v = M(i + 1, j) || (!end && M(i, j + 1));
				break;
			case '<':
				v = M(i + 1, j) || (!end && j != last_dot && M(i, j + 1));
				break;
			case '?':
				v = !end && M(i + 1, j + 1);
				break;
			case '>':
				v = (end || c == '.') ? M(i + 1, j) : M(i + 1, j + 1);
				break;
			case '"':
				v = end ? M(i + 1, j) : (c == '.' && M(i + 1, j + 1));
				break;
			default:
				v = !end && same(x, c, ic) && M(i + 1, j + 1);
				break;
			}
			M(i, j) = v;
		}
	}
	r = M(0, 0);
#undef M
	free(m);
	return r;
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	const u8 *e, *n;
	u32 elen, nlen, el, nl;
	bool ic, got, want;

	if (size < 3)
		return 0;
	ic = data[0] & 1;
	elen = get_le16(data + 1);
	if (elen > size - 3)
		elen = size - 3;
	e = data + 3;
	n = e + elen;
	nlen = size - 3 - elen;
	el = elen / 2;
	nl = nlen / 2;

	got = smb2_wildcard_match(e, elen, n, nlen, ic);
	if (!el)
		want = true;
	else if (!nl)
		want = false;
	else if (at(e, 0) == '*' &&
		 (el == 1 || (el == 3 && at(e, 1) == '.' && at(e, 2) == '*')))
		want = true;
	else if (el <= SMB2_WILDCARD_MAX_UNITS && nl <= 1024)
		want = oracle(e, el, n, nl, ic);
	else
		want = got;
	if (got != want)
		abort();

	/* no wildcard: a match is a (case-insensitive) equality */
	if (el && nl && !smb2_wildcard_has_wild(e, elen)) {
		bool eq = ic ? smb2_utf16_equal_ci(e, el * 2, n, nl * 2) :
			       (el == nl && !memcmp(e, n, el * 2));

		if (el <= SMB2_WILDCARD_MAX_UNITS && got != eq)
			abort();
	}
	/* equality ignoring case is symmetric and reflexive */
	if (smb2_utf16_equal_ci(e, elen, n, nlen) != smb2_utf16_equal_ci(n, nlen, e, elen) ||
	    !smb2_utf16_equal_ci(n, nlen, n, nlen))
		abort();
	if (smb2_wildcard_expr_valid(e, elen) && (elen & 1 || !el))
		abort();
	return 0;
}
