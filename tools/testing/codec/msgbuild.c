// SPDX-License-Identifier: GPL-2.0
/* Request builders for tests and seeds; see msgbuild.h. */
#include <assert.h>
#include <stdio.h>
#include <string.h>
#include "msgbuild.h"

static void le16(u8 *p, unsigned int v)
{
	p[0] = v & 0xff;
	p[1] = (v >> 8) & 0xff;
}

static void le32(u8 *p, unsigned long v)
{
	le16(p, v & 0xffff);
	le16(p + 2, (v >> 16) & 0xffff);
}

void mb_smb2_hdr(u8 *out, u16 command, u64 message_id)
{
	memset(out, 0, 64);
	out[0] = 0xfe;
	out[1] = 'S';
	out[2] = 'M';
	out[3] = 'B';
	le16(out + 4, 64);
	le16(out + 6, 1);		/* CreditCharge */
	le16(out + 12, command);
	le16(out + 14, 31);		/* CreditRequest */
	le32(out + 24, (unsigned long)message_id);
	le32(out + 28, (unsigned long)(message_id >> 32));
	le32(out + 32, 0xfeff);		/* ProcessId */
}

size_t mb_negotiate(u8 *buf, size_t cap, const u16 *dialects, u16 ndialects,
		    u16 security_mode, u32 caps, const struct mb_ctx *ctx, u16 nctx)
{
	size_t off, i;
	u8 *b = buf + 64;

	assert(cap >= 64 + 36 + 2 * (size_t)ndialects);
	memset(buf, 0, cap);
	mb_smb2_hdr(buf, 0, 0);
	le16(b, 36);
	le16(b + 2, ndialects);
	le16(b + 4, security_mode);
	le32(b + 8, caps);
	memcpy(b + 12, MB_CLIENT_GUID, 16);
	for (i = 0; i < ndialects; i++)
		le16(b + 36 + 2 * i, dialects[i]);
	off = 64 + 36 + 2 * (size_t)ndialects;
	if (!nctx)
		return off;
	off = (off + 7) & ~(size_t)7;
	le32(b + 28, off);
	le16(b + 32, nctx);
	for (i = 0; i < nctx; i++) {
		if (i)
			off = (off + 7) & ~(size_t)7;
		assert(off + 8 + ctx[i].len <= cap);
		le16(buf + off, ctx[i].type);
		le16(buf + off + 2, ctx[i].len);
		memcpy(buf + off + 8, ctx[i].data, ctx[i].len);
		off += 8 + ctx[i].len;
	}
	return off;
}

size_t mb_preauth(u8 *out, const u16 *hashes, u16 n, u16 salt_len)
{
	size_t i;

	le16(out, n);
	le16(out + 2, salt_len);
	for (i = 0; i < n; i++)
		le16(out + 4 + 2 * i, hashes[i]);
	for (i = 0; i < salt_len; i++)
		out[4 + 2 * n + i] = (u8)(0x40 + i);
	return 4 + 2 * (size_t)n + salt_len;
}

size_t mb_id_list(u8 *out, const u16 *ids, u16 n)
{
	size_t i;

	le16(out, n);
	for (i = 0; i < n; i++)
		le16(out + 2 + 2 * i, ids[i]);
	return 2 + 2 * (size_t)n;
}

/* Like a Windows 11 client: five dialects, preauth, encryption, netname, signing. */
size_t mb_win11_negotiate(u8 *buf, size_t cap)
{
	static const u16 dialects[] = { 0x0202, 0x0210, 0x0300, 0x0302, 0x0311 };
	static const u16 sha512[] = { 1 };
	static const u16 ciphers[] = { 2, 1, 4, 3 };
	static const u16 signing[] = { 2, 1, 0 };
	static const u8 netname[] = { 's', 0, 'r', 0, 'v', 0 };
	static const u8 compression[] = { 1, 0, 0, 0, 0, 0, 0, 0, 2, 0 };
	u8 pre[64], enc[16], sig[16];
	struct mb_ctx ctx[5] = {
		{ 1, pre, 0 },
		{ 2, enc, 0 },
		{ 5, netname, sizeof(netname) },
		{ 8, sig, 0 },
		{ 3, compression, sizeof(compression) },
	};

	ctx[0].len = mb_preauth(pre, sha512, 1, 32);
	ctx[1].len = mb_id_list(enc, ciphers, 4);
	ctx[3].len = mb_id_list(sig, signing, 3);
	return mb_negotiate(buf, cap, dialects, 5, 1, 0x7f, ctx, 5);
}

size_t mb_smb1_negotiate(u8 *buf, size_t cap, const char *const *dialects, int n,
			 u16 mid)
{
	size_t off = 35;
	int i;

	memset(buf, 0, cap);
	buf[0] = 0xff;
	buf[1] = 'S';
	buf[2] = 'M';
	buf[3] = 'B';
	buf[4] = 0x72;
	buf[9] = 0x18;			/* case-insensitive, canonical paths */
	le16(buf + 10, 0xc853);		/* Flags2 as Windows sends it */
	le16(buf + 26, 0xfeff);		/* PIDLow */
	le16(buf + 30, mid);
	buf[32] = 0;			/* WordCount */
	for (i = 0; i < n; i++) {
		size_t l = strlen(dialects[i]) + 1;

		assert(off + 1 + l <= cap);
		buf[off++] = 0x02;
		memcpy(buf + off, dialects[i], l);
		off += l;
	}
	le16(buf + 33, off - 35);
	return off;
}

size_t mb_smb1_windows(u8 *buf, size_t cap)
{
	static const char *const d[] = {
		"PC NETWORK PROGRAM 1.0", "LANMAN1.0", "Windows for Workgroups 3.1a",
		"LM1.2X002", "LANMAN2.1", "NT LM 0.12", "SMB 2.002", "SMB 2.???",
	};

	return mb_smb1_negotiate(buf, cap, d, 8, 0);
}
