// SPDX-License-Identifier: GPL-2.0
#include "utf16.h"

#include <errno.h>

size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp)
{
	unsigned char lo = 0x80, hi = 0xbf;	/* range of the 2nd byte */
	size_t n, i;
	uint32_t c;

	if (!len)
		return 0;
	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) {
		n = 2;
		c = s[0] & 0x1f;
	} else if (s[0] >= 0xe0 && s[0] <= 0xef) {
		n = 3;
		c = s[0] & 0x0f;
		if (s[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (s[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (s[0] >= 0xf0 && s[0] <= 0xf4) {
		n = 4;
		c = s[0] & 0x07;
		if (s[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (s[0] == 0xf4)
			hi = 0x8f;	/* > U+10FFFF */
	} else {
		return 0;		/* continuation byte, C0, C1, F5..FF */
	}
	if (len < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	*cp = c;
	return n;
}

static void put_unit(unsigned char *out, size_t pos, uint32_t unit)
{
	out[pos] = unit & 0xff;
	out[pos + 1] = unit >> 8;
}

ssize_t utf8_to_utf16le(const char *s, size_t len, unsigned char *out, size_t outcap)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t pos = 0, i = 0;

	while (i < len) {
		uint32_t cp;
		size_t n = utf8_decode(p + i, len - i, &cp), need;

		if (!n)
			return -EILSEQ;
		i += n;
		need = cp > 0xffff ? 4 : 2;
		if (out) {
			if (outcap - pos < need || pos > outcap)
				return -ENOSPC;
			if (cp > 0xffff) {
				cp -= 0x10000;
				put_unit(out, pos, 0xd800 | (cp >> 10));
				put_unit(out, pos + 2, 0xdc00 | (cp & 0x3ff));
			} else {
				put_unit(out, pos, cp);
			}
		}
		pos += need;
	}
	return (ssize_t)pos;
}
