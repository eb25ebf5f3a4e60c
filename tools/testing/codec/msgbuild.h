/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Request builders shared by the unit tests and the seed-corpus generator.
 * Written independently of the parsers (straight from MS-SMB2 2.2.1/2.2.3
 * and MS-CIFS), so that tests compare two readings of the spec.
 */
#ifndef CODEC_MSGBUILD_H
#define CODEC_MSGBUILD_H

#include "proto_shim.h"

struct mb_ctx {
	u16 type;
	const u8 *data;
	u16 len;
};

void mb_smb2_hdr(u8 *out, u16 command, u64 message_id);
size_t mb_negotiate(u8 *buf, size_t cap, const u16 *dialects, u16 ndialects,
		    u16 security_mode, u32 caps, const struct mb_ctx *ctx, u16 nctx);
size_t mb_preauth(u8 *out, const u16 *hashes, u16 n, u16 salt_len);
size_t mb_id_list(u8 *out, const u16 *ids, u16 n);
size_t mb_win11_negotiate(u8 *buf, size_t cap);
size_t mb_smb1_negotiate(u8 *buf, size_t cap, const char *const *dialects, int n,
			 u16 mid);
size_t mb_smb1_windows(u8 *buf, size_t cap);

#define MB_CLIENT_GUID "\x11\x22\x33\x44\x55\x66\x77\x88\x99\xaa\xbb\xcc\xdd\xee\xff\x00"

#endif
