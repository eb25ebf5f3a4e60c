/* SPDX-License-Identifier: GPL-2.0 */
/*
 * upcase.h - case folding of UTF-16 code units for case-insensitive name
 * comparison (MS-FSA 2.1.4.4 IgnoreCase, MS-FSCC 2.1.5 names).
 *
 * Windows compares names by upper-casing each code unit through a
 * one-to-one table (the volume's $UpCase); this is a rule-based subset of
 * the Unicode simple uppercase mappings. Covered: ASCII, Latin-1
 * Supplement, Latin Extended-A, Greek and Coptic, Cyrillic, Cyrillic
 * Supplement, Armenian, Latin Extended Additional and the fullwidth Latin
 * letters. Not mapped (kept as they are): characters whose uppercase lies in
 * another block or in ASCII (U+00B5 micro sign, U+0131 dotless i, U+017F
 * long s, U+1E9B), characters without a one-unit uppercase (U+00DF sharp
 * s, U+0149), every other block, and surrogates (names are compared unit by
 * unit, so supplementary characters are compared exactly).
 */
#ifndef SMB3K_UPCASE_H
#define SMB3K_UPCASE_H

#include "proto_shim.h"

u16 smb2_upcase(u16 c);
bool smb2_utf16_equal_ci(const u8 *a, u32 alen, const u8 *b, u32 blen);

#endif /* SMB3K_UPCASE_H */
