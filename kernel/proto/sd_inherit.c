// SPDX-License-Identifier: GPL-2.0
/*
 * The security descriptor of a new file or directory, from
 * its parent's and the one the creator supplied (MS-DTYP 2.5.3.4).
 *
 * Per parent ACE, as Windows does it (the table in 2.5.3.4.4; INHERIT_ONLY
 * and INHERITED_ACE on the parent ACE play no part in the decision):
 *   effective on the child: CONTAINER_INHERIT for a directory,
 *     OBJECT_INHERIT for a file (object ACEs naming an inherited object
 *     type never are: files have no object type);
 *   passed on by a directory: CONTAINER_INHERIT or OBJECT_INHERIT, and no
 *     NO_PROPAGATE_INHERIT.
 * Both: one ACE, INHERITED_ACE plus the parent's CI/OI, unless it names
 * CREATOR OWNER/GROUP or has GENERIC_* bits; then an effective copy with
 * the creator's SID and mapped rights (PostProcessACL, 2.5.3.4.7) followed
 * by an INHERIT_ONLY copy left as it was. Effective only: INHERITED_ACE,
 * mapped. Passed on only: INHERITED_ACE | INHERIT_ONLY_ACE and the parent's
 * CI/OI, unchanged. Audit flags (SUCCESSFUL/FAILED_ACCESS) are kept.
 */
#include "sd_internal.h"

#define ACE_INHERIT	(OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE)
#define ACE_AUDIT	(SUCCESSFUL_ACCESS_ACE_FLAG | FAILED_ACCESS_ACE_FLAG)
#define GENERIC_BITS	(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)
#define CREATOR_SID_LEN	12

static const u8 creator_owner_sid[CREATOR_SID_LEN] = { 1, 1, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0 };
static const u8 creator_group_sid[CREATOR_SID_LEN] = { 1, 1, 0, 0, 0, 0, 0, 3, 1, 0, 0, 0 };

struct sd_inherit {
	const struct smb2_sd_view *parent, *creator;
	const u8 *owner, *group;
	u32 owner_len, group_len;
	bool is_dir;
};

/* One ACL being computed */
struct inh_acl {
	struct sd_out *w;
	const struct sd_inherit *in;
	u32 count;
	bool too_big;
};

static bool needs_map(const struct smb2_ace *a)
{
	if (!sd_ace_has_access_mask(a->type) || !a->sid_off)
		return false;
	return (get_le32(a->p + ACE_MASK_OFF) & GENERIC_BITS) ||
	       sd_ace_sid_is(a, creator_owner_sid, CREATOR_SID_LEN) ||
	       sd_ace_sid_is(a, creator_group_sid, CREATOR_SID_LEN);
}

static void put_raw(struct inh_acl *c, const struct smb2_ace *a, u8 flags)
{
	smb2_sdb_put_ace(c->w, a, flags);
	c->count++;
}

/* The ACE with CREATOR OWNER/GROUP replaced and GENERIC_* mapped. */
static void put_mapped(struct inh_acl *c, const struct smb2_ace *a, u8 flags)
{
	const u8 *sid = a->p + a->sid_off;
	u32 slen = a->sid_len, tail, size;
	u8 h[ACE_MASK_OFF + 4];

	if (!needs_map(a)) {
		put_raw(c, a, flags);
		return;
	}
	if (sd_ace_sid_is(a, creator_owner_sid, CREATOR_SID_LEN)) {
		sid = c->in->owner;
		slen = c->in->owner_len;
	} else if (sd_ace_sid_is(a, creator_group_sid, CREATOR_SID_LEN)) {
		sid = c->in->group;
		slen = c->in->group_len;
	}
	tail = a->size - a->sid_off - a->sid_len;	/* callback data */
	size = a->sid_off + slen + tail;
	if (size > SD_ACL_MAX) {
		c->too_big = true;
		return;
	}
	h[0] = a->type;
	h[1] = flags;
	put_le16(h + 2, (u16)size);
	put_le32(h + ACE_MASK_OFF, smb2_map_generic(get_le32(a->p + ACE_MASK_OFF)));
	sd_put(c->w, h, sizeof(h));
	sd_put(c->w, a->p + sizeof(h), a->sid_off - sizeof(h));	/* object part */
	sd_put(c->w, sid, slen);
	sd_put(c->w, a->p + a->sid_off + a->sid_len, tail);
	c->count++;
}

/* ComputeInheritedACLfromParent (2.5.3.4.4), as described at the top. */
static void from_parent(struct inh_acl *c, const u8 *acl)
{
	bool is_dir = c->in->is_dir, eff, prop;
	struct sd_acl_iter it;
	struct smb2_ace a;
	u8 f, inh, keep;

	sd_acl_iter_init(&it, acl);
	while (sd_acl_next(&it, &a)) {
		f = a.flags;
		inh = f & ACE_INHERIT;
		keep = f & ACE_AUDIT;
		if (!inh)
			continue;
		eff = f & (is_dir ? CONTAINER_INHERIT_ACE : OBJECT_INHERIT_ACE);
		if (eff && sd_ace_is_object(a.type) &&
		    (get_le32(a.p + ACE_OBJ_FLAGS) & ACE_INHERITED_OBJECT_TYPE_PRESENT))
			eff = false;
		prop = is_dir && !(f & NO_PROPAGATE_INHERIT_ACE);
		if (eff && prop && !needs_map(&a)) {
			put_raw(c, &a, INHERITED_ACE | inh | keep);
			continue;
		}
		if (eff)
			put_mapped(c, &a, INHERITED_ACE | keep);
		if (prop)
			put_raw(c, &a, INHERITED_ACE | INHERIT_ONLY_ACE | inh | keep);
	}
}

/*
 * The creator's explicit ACEs (PreProcessACLfromCreator, 2.5.3.4.6): ACEs
 * marked INHERITED_ACE are dropped, or with a protected ACL kept with the
 * flag cleared (2.5.3.4). Effective ACEs naming CREATOR OWNER/GROUP or
 * GENERIC_* rights are mapped; on a directory, if inheritable, they are
 * split into the mapped effective ACE and an INHERIT_ONLY original.
 */
static void from_creator(struct inh_acl *c, const u8 *acl, bool protect)
{
	struct sd_acl_iter it;
	struct smb2_ace a;
	u8 f;

	sd_acl_iter_init(&it, acl);
	while (sd_acl_next(&it, &a)) {
		f = a.flags;
		if (f & INHERITED_ACE) {
			if (!protect)
				continue;
			f &= ~INHERITED_ACE;
		}
		if ((f & INHERIT_ONLY_ACE) || !needs_map(&a)) {
			put_raw(c, &a, f);
		} else if (c->in->is_dir && (f & ACE_INHERIT)) {
			put_mapped(c, &a, f & ACE_AUDIT);
			put_raw(c, &a, f | INHERIT_ONLY_ACE);
		} else {
			put_mapped(c, &a, f);
		}
	}
}

static bool has_inheritable(const u8 *acl)
{
	struct sd_acl_iter it;
	struct smb2_ace a;

	sd_acl_iter_init(&it, acl);
	while (sd_acl_next(&it, &a))
		if (a.flags & ACE_INHERIT)
			return true;
	return false;
}

static void put_allow(struct inh_acl *c, u32 mask, const u8 *sid, u32 slen)
{
	u8 h[ACE_MASK_OFF + 4];

	h[0] = ACCESS_ALLOWED_ACE_TYPE;
	h[1] = 0;
	put_le16(h + 2, (u16)(sizeof(h) + slen));
	put_le32(h + ACE_MASK_OFF, mask);
	sd_put(c->w, h, sizeof(h));
	sd_put(c->w, sid, slen);
	c->count++;
}

/*
 * ComputeACL (2.5.3.4.2) for the DACL or the SACL. No creator ACL and
 * nothing inheritable: for the DACL, the usual token default (owner and
 * SYSTEM full control); no SACL. A creator's NULL ACL stays NULL unless
 * parent ACEs are to be appended to it.
 */
static u32 compute_acl(struct sd_out *w, const struct sd_inherit *in, bool dacl, u16 *control)
{
	static const u8 system_sid[] = { 1, 1, 0, 0, 0, 0, 0, 5, 18, 0, 0, 0 };
	u16 present = dacl ? SE_DACL_PRESENT : SE_SACL_PRESENT;
	u16 protect = dacl ? SE_DACL_PROTECTED : SE_SACL_PROTECTED;
	const struct smb2_sd_view *p = in->parent, *cr = in->creator;
	struct inh_acl c = { w, in, 0, false };
	const u8 *pacl = NULL, *cacl = NULL;
	bool prot = false, inherit;
	u32 at;
	u8 rev = ACL_REVISION;

	if (p && (p->control & present))
		pacl = dacl ? p->dacl : p->sacl;
	if (cr && (cr->control & present)) {
		cacl = dacl ? cr->dacl : cr->sacl;
		prot = cr->control & protect;
		*control |= cr->control & protect;
	} else {
		cr = NULL;
	}
	inherit = pacl && !prot && has_inheritable(pacl);
	if (!cr && !inherit && !dacl)
		return STATUS_SUCCESS;
	*control |= present;
	if (cr && !cacl && !inherit)
		return STATUS_SUCCESS;			/* NULL ACL */
	if (inherit)
		*control |= dacl ? SE_DACL_AUTO_INHERITED : SE_SACL_AUTO_INHERITED;
	at = smb2_sdb_acl_begin(w, dacl ? SD_OFF_DACL : SD_OFF_SACL);
	if (cacl) {
		from_creator(&c, cacl, prot);
		if (cacl[0] > rev)
			rev = cacl[0];
	}
	if (inherit) {
		from_parent(&c, pacl);
		if (pacl[0] > rev)
			rev = pacl[0];
	}
	if (!cr && !inherit) {
		put_allow(&c, FILE_ALL_ACCESS, in->owner, in->owner_len);
		put_allow(&c, FILE_ALL_ACCESS, system_sid, sizeof(system_sid));
	}
	if (c.too_big)
		return STATUS_BAD_INHERITANCE_ACL;
	return smb2_sdb_acl_end(w, at, NULL, rev, c.count, STATUS_BAD_INHERITANCE_ACL);
}

static u32 emit_inherit(struct sd_out *w, const void *arg)
{
	const struct sd_inherit *in = arg;
	u16 control = 0;
	u32 st;

	smb2_sdb_begin(w);
	smb2_sdb_put_part(w, SD_OFF_OWNER, in->owner, in->owner_len);
	smb2_sdb_put_part(w, SD_OFF_GROUP, in->group, in->group_len);
	st = compute_acl(w, in, true, &control);
	if (!st)
		st = compute_acl(w, in, false, &control);
	if (st)
		return st;
	smb2_sdb_finish(w, 0, control);
	return STATUS_SUCCESS;
}

/**
 * smb2_sd_inherit() - descriptor of a new file or directory (2.5.3.4)
 * @parent: the parent directory's descriptor, or NULL
 * @creator_sd: the descriptor in the CREATE's SecD context, or NULL
 * @is_dir: the new object is a directory
 * @owner: owner when @creator_sd has none (the session's user)
 * @group: group when @creator_sd has none (the user's primary group)
 * @out: output
 * @cap: bytes available at @out
 * @len: set to the descriptor's length, or to the size needed
 *
 * Owner and group come from @creator_sd, else from @owner and @group; they
 * replace CREATOR OWNER and CREATOR GROUP in inherited ACEs. For each of
 * the DACL and the SACL: the creator's explicit ACEs come first, then,
 * unless the creator's ACL is protected (SE_DACL_PROTECTED, kept in the
 * result), those inherited from the parent (see the top of this file),
 * and SE_DACL_AUTO_INHERITED (SE_SACL_AUTO_INHERITED) is set when the
 * parent's ACL had inheritable ACEs. Without either, the DACL is owner and
 * SYSTEM full control, and there is no SACL. Whether the creator may set
 * its owner or SACL is the caller's check.
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_OWNER or
 * STATUS_INVALID_PRIMARY_GROUP (no valid owner, group), STATUS_BAD_INHERITANCE_ACL
 * (an ACL would exceed 64 KiB) or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_sd_inherit(const struct smb2_sd_view *parent,
		    const struct smb2_sd_view *creator_sd, bool is_dir,
		    const struct smb2_sid *owner, const struct smb2_sid *group,
		    u8 *out, u32 cap, u32 *len)
{
	struct sd_inherit in = { parent, creator_sd, NULL, NULL, 0, 0, is_dir };
	u8 ob[SMB2_SID_MAX_SIZE], gb[SMB2_SID_MAX_SIZE];

	if (creator_sd && creator_sd->owner) {
		in.owner = creator_sd->owner;
		in.owner_len = creator_sd->owner_len;
	} else if (owner && !smb2_sid_write(owner, ob, sizeof(ob), &in.owner_len)) {
		in.owner = ob;
	} else {
		return STATUS_INVALID_OWNER;
	}
	if (creator_sd && creator_sd->group) {
		in.group = creator_sd->group;
		in.group_len = creator_sd->group_len;
	} else if (group && !smb2_sid_write(group, gb, sizeof(gb), &in.group_len)) {
		in.group = gb;
	} else {
		return STATUS_INVALID_PRIMARY_GROUP;
	}
	return smb2_sdb_emit(emit_inherit, &in, out, cap, len);
}
