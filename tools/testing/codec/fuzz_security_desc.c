// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: security descriptors (kernel/proto/security_desc.c,
 * sd_inherit.c, access_check.c). Input: 4 parameter bytes (info bits,
 * directory flag and desired access, split point), then two descriptors A
 * and B, each copied to an exactly sized heap buffer. Whatever parses goes
 * through select, build, merge, inherit and the access check: every
 * descriptor built must stay inside its buffer and parse again, select
 * must be idempotent, and MAXIMUM_ALLOWED must agree with specific
 * requests.
 */
#include <stdlib.h>
#include "security_desc.h"

#define OUT_MAX	(300 * 1024)

static u8 out[OUT_MAX], out2[OUT_MAX];

static void inside(const u8 *base, u32 size, const u8 *p, u32 n)
{
	if (!p)
		return;
	if (p < base || p > base + size || n > (u32)(base + size - p))
		abort();
}

static void view_inside(const u8 *b, u32 n, const struct smb2_sd_view *v)
{
	inside(b, n, v->owner, v->owner_len);
	inside(b, n, v->group, v->group_len);
	inside(b, n, v->dacl, v->dacl_len);
	inside(b, n, v->sacl, v->sacl_len);
}

/* A builder's result: fits, parses; a smaller buffer gets the same size. */
static void built(u32 st, u8 *o, u32 cap, u32 n)
{
	struct smb2_sd_view v;

	if (st)
		return;
	if (n > cap || smb2_sd_parse(o, n, &v))
		abort();
}

static void access_invariants(const struct smb2_sd_view *sd, u32 bits)
{
	struct smb2_sid user, grp[3];
	struct smb2_token t = { NULL, grp, 0, bits & 1 };
	u32 max = 0, g = 0, want, st;

	if (sd->owner && !smb2_sid_parse(sd->owner, sd->owner_len, &user, NULL))
		t.user = &user;
	if (sd->group && !smb2_sid_parse(sd->group, sd->group_len, &grp[0], NULL))
		t.ngroups = 1;
	grp[t.ngroups++] = smb2_sid_everyone;
	grp[t.ngroups++] = smb2_sid_administrators;
	if (smb2_access_check(sd, &t, MAXIMUM_ALLOWED, false, &max))
		max = 0;
	if (max & ~FILE_ALL_ACCESS)
		abort();
	want = smb2_map_generic(bits) & FILE_ALL_ACCESS;
	if (!want)
		return;
	st = smb2_access_check(sd, &t, want, false, &g);
	if ((st == STATUS_SUCCESS) != ((want & ~max) == 0))
		abort();
	if (!st && g != want)
		abort();
	if (st && g)
		abort();
	st = smb2_access_check(sd, &t, want | MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY, true, &g);
	if (!st && g != (max | ACCESS_SYSTEM_SECURITY))
		abort();
}

static void one(const u8 *b, u32 n, u32 info, bool is_dir, u32 bits)
{
	struct smb2_sd_view v, w;
	struct smb2_sid o, g;
	u32 l = 0, l2 = 0, st;

	if (smb2_sd_parse(b, n, &v))
		return;
	view_inside(b, n, &v);
	st = smb2_sd_select(&v, info, out, OUT_MAX, &l);
	built(st, out, OUT_MAX, l);
	if (!st && l && smb2_sd_select(&v, info, out2, l - 1, &l2) != STATUS_BUFFER_TOO_SMALL)
		abort();
	if (!st && l2 != l)
		abort();
	/* select everything, twice: the same bytes */
	if (smb2_sd_select(&v, 0x1f, out, OUT_MAX, &l))
		abort();
	if (smb2_sd_parse(out, l, &w) || smb2_sd_select(&w, 0x1f, out2, OUT_MAX, &l2) ||
	    l2 != l || memcmp(out, out2, l))
		abort();
	/* rebuilt from its parts: the same again */
	st = smb2_sd_build(v.control, v.owner, v.owner_len, v.group, v.group_len, v.dacl,
			   v.dacl_len, v.sacl, v.sacl_len, out2, OUT_MAX, &l2);
	if (st || smb2_sd_parse(out2, l2, &w) || smb2_sd_select(&w, 0x1f, out2, OUT_MAX, &l2) ||
	    l2 != l || memcmp(out, out2, l))
		abort();
	access_invariants(&v, bits);
	smb2_sid_unix_user(bits, &o);
	smb2_sid_unix_group(info, &g);
	st = smb2_sd_inherit(&v, NULL, is_dir, &o, &g, out, OUT_MAX, &l);
	built(st, out, OUT_MAX, l);
	if (!st && smb2_sd_parse(out, l, &w) == STATUS_SUCCESS)
		access_invariants(&w, bits >> 3);
	built(smb2_sd_from_unix(bits, info, bits >> 7, is_dir, out, OUT_MAX, &l), out, OUT_MAX, l);
}

static void two(const u8 *a, u32 la, const u8 *b, u32 lb, u32 info, bool is_dir, u32 bits)
{
	struct smb2_sd_view va, vb;
	struct smb2_sid o;
	u32 l = 0, st;

	if (smb2_sd_parse(a, la, &va) || smb2_sd_parse(b, lb, &vb))
		return;
	built(smb2_sd_merge(&va, &vb, info, out, OUT_MAX, &l), out, OUT_MAX, l);
	st = smb2_sd_merge(&va, &vb, info, out, bits & 0xff, &l);
	if (!st && l > (bits & 0xff))
		abort();
	smb2_sid_unix_user(bits, &o);
	built(smb2_sd_inherit(&va, &vb, is_dir, &o, &o, out, OUT_MAX, &l), out, OUT_MAX, l);
	built(smb2_sd_inherit(&vb, &va, !is_dir, &o, &o, out, OUT_MAX, &l), out, OUT_MAX, l);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	u32 info, bits, la, lb;
	u8 *a, *b;
	bool is_dir;

	if (size < 4 || size > 200000)
		return 0;
	info = data[0] & 0x1f;
	if (data[0] & 0x20)
		info |= PROTECTED_DACL_SECURITY_INFORMATION;
	if (data[0] & 0x40)
		info |= UNPROTECTED_DACL_SECURITY_INFORMATION;
	if (data[0] & 0x80)
		info |= PROTECTED_SACL_SECURITY_INFORMATION;
	is_dir = data[1] & 1;
	bits = ((u32)data[1] << 24) | ((u32)data[2] << 8) | data[1];
	la = (u32)((size - 4) * data[3] / 255);
	lb = (u32)(size - 4 - la);
	a = malloc(la ? la : 1);
	b = malloc(lb ? lb : 1);
	memcpy(a, data + 4, la);
	memcpy(b, data + 4 + la, lb);
	one(a, la, info, is_dir, bits);
	one(b, lb, info, is_dir, bits);
	two(a, la, b, lb, info, is_dir, bits);
	free(a);
	free(b);
	return 0;
}
