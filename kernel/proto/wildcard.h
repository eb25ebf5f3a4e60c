/* SPDX-License-Identifier: GPL-2.0 */
/*
 * wildcard.h - Windows file name expressions (MS-FSA 2.1.4.3, 2.1.4.4):
 * the search pattern of a QUERY_DIRECTORY (MS-SMB2 2.2.33 <77>).
 *
 * Wildcards, over UTF-16 code units:
 *   *  any run of units, including none
 *   ?  exactly one unit
 *   <  DOS_STAR: like * but it may not consume the last '.' of the name
 *   >  DOS_QM: one unit other than '.'; none at a '.' or at the end
 *   "  DOS_DOT: a '.', or nothing at the end of the name
 * Everything else matches itself (after smb2_upcase() when ignoring case).
 *
 * The matcher simulates the expression's automaton with one bit per
 * expression position, a word at a time: O(name x expression / 64) word
 * steps plus one comparison per live literal position and name unit; no
 * recursion, under 500 bytes of stack (255 x 255 units: < 0.1 ms). It
 * takes expressions of at most SMB2_WILDCARD_MAX_UNITS units, the longest
 * a valid pattern can be (a file name component, MS-FSCC 2.1.5.2);
 * smb2_wildcard_expr_valid() says whether a client's pattern may be used
 * (MS-FSA 2.1.5.6.3: STATUS_OBJECT_NAME_INVALID if not).
 */
#ifndef SMB3K_WILDCARD_H
#define SMB3K_WILDCARD_H

#include "proto_shim.h"

/* Longest expression matched, in UTF-16 units (MS-FSCC 2.1.5.2: 255) */
#define SMB2_WILDCARD_MAX_UNITS		255

bool smb2_wildcard_match(const u8 *expr, u32 expr_len, const u8 *name, u32 name_len,
			 bool ignore_case);
bool smb2_wildcard_has_wild(const u8 *expr, u32 expr_len);
bool smb2_wildcard_expr_valid(const u8 *expr, u32 expr_len);

#endif /* SMB3K_WILDCARD_H */
