/* SPDX-License-Identifier: GPL-2.0 */
/* Strict UTF-8 decoding and UTF-8 -> UTF-16LE conversion (RFC 3629). */
#ifndef SMB3K_UTF16_H
#define SMB3K_UTF16_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * Decode one code point from s[0..len). Returns the bytes consumed, or 0
 * for invalid UTF-8: bad lead or continuation byte, truncated sequence,
 * overlong form, UTF-16 surrogate (U+D800..U+DFFF) or > U+10FFFF.
 */
size_t utf8_decode(const unsigned char *s, size_t len, uint32_t *cp);

/*
 * Convert s[0..len) to UTF-16LE, code points above U+FFFF as surrogate
 * pairs. With out == NULL only count. Returns the output size in bytes,
 * -EILSEQ for invalid UTF-8 or -ENOSPC if it does not fit in outcap.
 */
ssize_t utf8_to_utf16le(const char *s, size_t len, unsigned char *out, size_t outcap);

#endif
