// SPDX-License-Identifier: GPL-2.0
/*
 * ACL validation (MS-DTYP 2.4.4, 2.4.5), self-relative
 * security descriptor parse and build (2.4.6), the QUERY_INFO and
 * SET_INFO security views (MS-FSA 2.1.5.14, 2.1.5.17) and the descriptor
 * synthesised from Unix ownership and mode.
 *
 * Descriptors are written Owner, Group, DACL, SACL after the header, the
 * layout of MS-FSA 2.1.5.14 and of what Windows servers return.
 */
#include "sd_internal.h"

/**
 * smb2_ace_decode() - check one ACE's bounds and find its SID
 * @p: the ACE
 * @avail: bytes left in the ACL from @p
 * @ace: the decoded ACE
 *
 * AceSize must be at least 4, a multiple of 4 and inside @avail. ACE
 * types with a SID (2.4.4.2-2.4.4.16) must hold a valid SID inside AceSize;
 * object ACEs have the GUIDs their Flags announce before it. Other types
 * (reserved, compound) are opaque.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_ACL.
 */
u32 smb2_ace_decode(const u8 *p, u32 avail, struct smb2_ace *ace)
{
	u32 size, off = 0, of;

	if (avail < ACE_HDR_SIZE)
		return STATUS_INVALID_ACL;
	size = get_le16(p + 2);
	if (size < ACE_HDR_SIZE || (size & 3) || size > avail)
		return STATUS_INVALID_ACL;
	ace->p = p;
	ace->type = p[0];
	ace->flags = p[1];
	ace->size = (u16)size;
	ace->sid_off = 0;
	ace->sid_len = 0;
	if (sd_ace_is_object(ace->type)) {
		if (size < ACE_OBJ_FLAGS + 4)
			return STATUS_INVALID_ACL;
		of = get_le32(p + ACE_OBJ_FLAGS);
		off = ACE_OBJ_FLAGS + 4;
		if (of & ACE_OBJECT_TYPE_PRESENT)
			off += 16;
		if (of & ACE_INHERITED_OBJECT_TYPE_PRESENT)
			off += 16;
	} else if (sd_ace_has_access_mask(ace->type) ||
		   ace->type == SYSTEM_MANDATORY_LABEL_ACE_TYPE ||
		   ace->type == SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE ||
		   ace->type == SYSTEM_SCOPED_POLICY_ID_ACE_TYPE) {
		off = ACE_MASK_OFF + 4;
	}
	if (!off)
		return STATUS_SUCCESS;
	if (off > size || smb2_sid_parse(p + off, size - off, NULL, &ace->sid_len))
		return STATUS_INVALID_ACL;
	ace->sid_off = off;
	return STATUS_SUCCESS;
}

/**
 * smb2_acl_validate() - validate an ACL (MS-DTYP 2.4.5)
 * @acl: the ACL header
 * @len: bytes available from @acl
 *
 * AclRevision 2 or 4; AclSize at least 8, a multiple of 4 and within
 * @len; AceCount ACEs that each pass smb2_ace_decode() and lie inside
 * AclSize. Bytes after the last ACE (up to AclSize) are allowed and kept.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_ACL.
 */
u32 smb2_acl_validate(const u8 *acl, u32 len)
{
	struct smb2_ace ace;
	u32 size, count, pos = SMB2_ACL_HDR_SIZE;

	if (!acl || len < SMB2_ACL_HDR_SIZE)
		return STATUS_INVALID_ACL;
	if (acl[0] != ACL_REVISION && acl[0] != ACL_REVISION_DS)
		return STATUS_INVALID_ACL;
	size = get_le16(acl + 2);
	count = get_le16(acl + 4);
	if (size < SMB2_ACL_HDR_SIZE || (size & 3) || size > len)
		return STATUS_INVALID_ACL;
	while (count--) {
		if (smb2_ace_decode(acl + pos, size - pos, &ace))
			return STATUS_INVALID_ACL;
		pos += ace.size;
	}
	return STATUS_SUCCESS;
}

/* A component offset: past the header, inside the buffer, 4-aligned. */
static bool sd_offset_ok(u32 off, u32 len)
{
	return off >= SMB2_SD_HDR_SIZE && off < len && !(off & 3);
}

static u32 sd_sid_part(const u8 *buf, u32 len, u32 off, const u8 **p, u32 *n)
{
	if (!off)
		return STATUS_SUCCESS;
	if (!sd_offset_ok(off, len))
		return STATUS_INVALID_SECURITY_DESCR;
	if (smb2_sid_parse(buf + off, len - off, NULL, n))
		return STATUS_INVALID_SID;
	*p = buf + off;
	return STATUS_SUCCESS;
}

static u32 sd_acl_part(const u8 *buf, u32 len, u32 off, const u8 **p, u32 *n)
{
	if (!off)
		return STATUS_SUCCESS;		/* NULL ACL */
	if (!sd_offset_ok(off, len))
		return STATUS_INVALID_SECURITY_DESCR;
	if (smb2_acl_validate(buf + off, len - off))
		return STATUS_INVALID_ACL;
	*p = buf + off;
	*n = get_le16(buf + off + 2);
	return STATUS_SUCCESS;
}

/**
 * smb2_sd_parse() - validate a self-relative security descriptor (2.4.6)
 * @buf: the descriptor
 * @len: its length (bytes after the last component are ignored)
 * @sd: the validated view, pointing into @buf
 *
 * Revision 1 and SE_SELF_RELATIVE; each non-zero offset at or after the
 * 20-byte header, inside @len and 4-aligned; owner and group valid SIDs;
 * the DACL (SACL) validated when SE_DACL_PRESENT (SE_SACL_PRESENT) is set,
 * a zero offset then meaning a NULL ACL. The offset of an ACL whose
 * present bit is clear is ignored.
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_SECURITY_DESCR (header, offsets),
 * STATUS_INVALID_SID (owner, group) or STATUS_INVALID_ACL.
 */
u32 smb2_sd_parse(const u8 *buf, u32 len, struct smb2_sd_view *sd)
{
	u32 st;

	memset(sd, 0, sizeof(*sd));
	if (!buf || len < SMB2_SD_HDR_SIZE || buf[0] != 1)
		return STATUS_INVALID_SECURITY_DESCR;
	sd->control = get_le16(buf + 2);
	if (!(sd->control & SE_SELF_RELATIVE))
		return STATUS_INVALID_SECURITY_DESCR;
	sd->rm_control = buf[1];
	st = sd_sid_part(buf, len, get_le32(buf + SD_OFF_OWNER), &sd->owner, &sd->owner_len);
	if (!st)
		st = sd_sid_part(buf, len, get_le32(buf + SD_OFF_GROUP), &sd->group,
				 &sd->group_len);
	if (!st && (sd->control & SE_DACL_PRESENT))
		st = sd_acl_part(buf, len, get_le32(buf + SD_OFF_DACL), &sd->dacl, &sd->dacl_len);
	if (!st && (sd->control & SE_SACL_PRESENT))
		st = sd_acl_part(buf, len, get_le32(buf + SD_OFF_SACL), &sd->sacl, &sd->sacl_len);
	if (st)
		memset(sd, 0, sizeof(*sd));
	return st;
}

/**
 * smb2_sdb_emit() - run a builder to measure, then to write if it fits
 * @fn: the builder
 * @arg: its argument
 * @out: output
 * @cap: bytes available at @out
 * @len: set to the size of the result, also when it does not fit
 *
 * Return: the builder's error, STATUS_BUFFER_TOO_SMALL (nothing written)
 * or STATUS_SUCCESS.
 */
u32 smb2_sdb_emit(sd_emit_fn fn, const void *arg, u8 *out, u32 cap, u32 *len)
{
	struct sd_out w = { NULL, 0, 0 };
	u32 st = fn(&w, arg);

	if (st)
		return st;
	*len = w.pos;
	if (!out || w.pos > cap)
		return STATUS_BUFFER_TOO_SMALL;
	w.buf = out;
	w.cap = cap;
	w.pos = 0;
	return fn(&w, arg);
}

/**
 * smb2_sdb_begin() - reserve the 20-byte descriptor header, offsets zero
 * @w: cursor at the descriptor's start
 */
void smb2_sdb_begin(struct sd_out *w)
{
	static const u8 zero[SMB2_SD_HDR_SIZE];

	sd_put(w, zero, sizeof(zero));
}

/**
 * smb2_sdb_finish() - fill in Revision, Sbz1 and Control
 * @w: the cursor
 * @rm_control: Sbz1
 * @control: Control; SE_SELF_RELATIVE is added
 */
void smb2_sdb_finish(struct sd_out *w, u8 rm_control, u16 control)
{
	sd_patch8(w, 0, 1);
	sd_patch8(w, 1, rm_control);
	sd_patch16(w, 2, control | SE_SELF_RELATIVE);
}

/**
 * smb2_sdb_put_part() - append a SID or ACL and point a header offset at it
 * @w: the cursor
 * @field: the offset field (SD_OFF_*)
 * @p: the component (nothing done when NULL)
 * @n: its length
 */
void smb2_sdb_put_part(struct sd_out *w, u32 field, const u8 *p, u32 n)
{
	if (!p)
		return;
	sd_patch32(w, field, w->pos);
	sd_put(w, p, n);
}

/**
 * smb2_sdb_acl_begin() - start an ACL built ACE by ACE
 * @w: the cursor
 * @field: the offset field (SD_OFF_DACL or SD_OFF_SACL)
 *
 * Return: where the ACL starts, for smb2_sdb_acl_end().
 */
u32 smb2_sdb_acl_begin(struct sd_out *w, u32 field)
{
	static const u8 zero[SMB2_ACL_HDR_SIZE];
	u32 at = w->pos;

	sd_patch32(w, field, at);
	sd_put(w, zero, sizeof(zero));
	return at;
}

/**
 * smb2_sdb_acl_end() - write the header of an ACL built since smb2_sdb_acl_begin()
 * @w: the cursor
 * @at: what smb2_sdb_acl_begin() returned
 * @src_hdr: ACL whose Revision, Sbz1 and Sbz2 to copy, or NULL
 * @revision: AclRevision when @src_hdr is NULL
 * @count: ACEs written
 * @too_big: status when AclSize or AceCount would not fit 16 bits
 *
 * Return: STATUS_SUCCESS or @too_big.
 */
u32 smb2_sdb_acl_end(struct sd_out *w, u32 at, const u8 *src_hdr, u8 revision, u32 count,
	       u32 too_big)
{
	u32 size = w->pos - at;

	if (size > SD_ACL_MAX || count > SD_ACL_MAX)
		return too_big;
	sd_patch8(w, at, src_hdr ? src_hdr[0] : revision);
	sd_patch8(w, at + 1, src_hdr ? src_hdr[1] : 0);
	sd_patch16(w, at + 2, (u16)size);
	sd_patch16(w, at + 4, (u16)count);
	sd_patch16(w, at + 6, src_hdr ? get_le16(src_hdr + 6) : 0);
	return STATUS_SUCCESS;
}

/**
 * smb2_sdb_put_ace() - append an ACE unchanged but for its AceFlags
 * @w: the cursor
 * @a: the ACE
 * @flags: AceFlags to write
 */
void smb2_sdb_put_ace(struct sd_out *w, const struct smb2_ace *a, u8 flags)
{
	u8 h[2] = { a->type, flags };

	sd_put(w, h, 2);
	sd_put(w, a->p + 2, a->size - 2);
}

/* ---- smb2_sd_build ---- */

struct sd_parts {
	u16 control;
	u8 rm_control;
	const u8 *owner, *group, *dacl, *sacl;
	u32 owner_len, group_len, dacl_len, sacl_len;
};

static u32 emit_parts(struct sd_out *w, const void *arg)
{
	const struct sd_parts *p = arg;

	smb2_sdb_begin(w);
	smb2_sdb_put_part(w, SD_OFF_OWNER, p->owner, p->owner_len);
	smb2_sdb_put_part(w, SD_OFF_GROUP, p->group, p->group_len);
	smb2_sdb_put_part(w, SD_OFF_DACL, p->dacl, p->dacl_len);
	smb2_sdb_put_part(w, SD_OFF_SACL, p->sacl, p->sacl_len);
	smb2_sdb_finish(w, p->rm_control, p->control);
	return STATUS_SUCCESS;
}

static u32 check_sid(const u8 *sid, u32 len)
{
	u32 n;

	if (sid && (smb2_sid_parse(sid, len, NULL, &n) || n != len))
		return STATUS_INVALID_SID;
	return STATUS_SUCCESS;
}

static u32 check_acl(const u8 *acl, u32 len)
{
	if (acl && (smb2_acl_validate(acl, len) || get_le16(acl + 2) != len))
		return STATUS_INVALID_ACL;
	return STATUS_SUCCESS;
}

/**
 * smb2_sd_build() - self-relative descriptor from its parts (2.4.6)
 * @control: Control; SE_SELF_RELATIVE is added, SE_RM_CONTROL_VALID
 *	cleared (Sbz1 is written 0), SE_DACL_PRESENT (SE_SACL_PRESENT) added
 *	when @dacl (@sacl) is given; with @dacl NULL and SE_DACL_PRESENT in
 *	@control the result has a NULL DACL (likewise for the SACL)
 * @owner: owner SID or NULL
 * @owner_len: its exact length
 * @group: group SID or NULL
 * @group_len: its exact length
 * @dacl: DACL or NULL
 * @dacl_len: its exact AclSize
 * @sacl: SACL or NULL
 * @sacl_len: its exact AclSize
 * @out: output
 * @cap: bytes available at @out
 * @len: set to the descriptor's length (the size needed if it does not fit)
 *
 * Parts are validated and laid out Owner, Group, DACL, SACL.
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_SID, STATUS_INVALID_ACL or
 * STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_sd_build(u16 control, const u8 *owner, u32 owner_len,
		  const u8 *group, u32 group_len, const u8 *dacl, u32 dacl_len,
		  const u8 *sacl, u32 sacl_len, u8 *out, u32 cap, u32 *len)
{
	struct sd_parts p = {
		.control = control & (u16)~SE_RM_CONTROL_VALID,
		.owner = owner, .owner_len = owner_len,
		.group = group, .group_len = group_len,
		.dacl = dacl, .dacl_len = dacl_len,
		.sacl = sacl, .sacl_len = sacl_len,
	};
	u32 st;

	st = check_sid(owner, owner_len);
	if (!st)
		st = check_sid(group, group_len);
	if (!st)
		st = check_acl(dacl, dacl_len);
	if (!st)
		st = check_acl(sacl, sacl_len);
	if (st)
		return st;
	if (dacl)
		p.control |= SE_DACL_PRESENT;
	if (sacl)
		p.control |= SE_SACL_PRESENT;
	return smb2_sdb_emit(emit_parts, &p, out, cap, len);
}

/* ---- SACL views: audit ACEs versus mandatory label ACEs ---- */

#define SACL_AUDIT	1	/* every ACE but SYSTEM_MANDATORY_LABEL_ACE_TYPE */
#define SACL_LABEL	2	/* SYSTEM_MANDATORY_LABEL_ACE_TYPE only */

static u32 put_sacl_aces(struct sd_out *w, const u8 *acl, u32 which)
{
	struct sd_acl_iter it;
	struct smb2_ace a;
	u32 n = 0;
	bool label;

	sd_acl_iter_init(&it, acl);
	while (sd_acl_next(&it, &a)) {
		label = a.type == SYSTEM_MANDATORY_LABEL_ACE_TYPE;
		if ((label && (which & SACL_LABEL)) || (!label && (which & SACL_AUDIT))) {
			smb2_sdb_put_ace(w, &a, a.flags);
			n++;
		}
	}
	return n;
}

/* ---- smb2_sd_select (QUERY_INFO) ---- */

struct sd_select {
	const struct smb2_sd_view *sd;
	u32 info;
};

static u32 emit_select(struct sd_out *w, const void *arg)
{
	const struct sd_select *s = arg;
	const struct smb2_sd_view *sd = s->sd;
	u32 info = s->info, which = 0, at, n;
	u16 control = 0;

	smb2_sdb_begin(w);
	if ((info & OWNER_SECURITY_INFORMATION) && sd->owner) {
		smb2_sdb_put_part(w, SD_OFF_OWNER, sd->owner, sd->owner_len);
		control |= sd->control & SE_OWNER_DEFAULTED;
	}
	if ((info & GROUP_SECURITY_INFORMATION) && sd->group) {
		smb2_sdb_put_part(w, SD_OFF_GROUP, sd->group, sd->group_len);
		control |= sd->control & SE_GROUP_DEFAULTED;
	}
	if (info & DACL_SECURITY_INFORMATION) {
		control |= sd->control & SD_DACL_BITS;
		if (sd->control & SE_DACL_PRESENT)
			smb2_sdb_put_part(w, SD_OFF_DACL, sd->dacl, sd->dacl_len);
	}
	if (info & SACL_SECURITY_INFORMATION)
		which |= SACL_AUDIT;
	if (info & LABEL_SECURITY_INFORMATION)
		which |= SACL_LABEL;
	if (which) {
		control |= sd->control & SD_SACL_BITS;
		if ((sd->control & SE_SACL_PRESENT) && sd->sacl) {
			if (which == (SACL_AUDIT | SACL_LABEL)) {
				smb2_sdb_put_part(w, SD_OFF_SACL, sd->sacl, sd->sacl_len);
			} else {
				at = smb2_sdb_acl_begin(w, SD_OFF_SACL);
				n = put_sacl_aces(w, sd->sacl, which);
				smb2_sdb_acl_end(w, at, sd->sacl, 0, n, STATUS_INVALID_ACL);
			}
		}
	}
	smb2_sdb_finish(w, 0, control);
	return STATUS_SUCCESS;
}

/**
 * smb2_sd_select() - the parts of a stored descriptor a query asks for
 * @stored: the file's descriptor
 * @info: AdditionalInformation (SECURITY_INFORMATION, MS-DTYP 2.4.7);
 *	bits other than OWNER, GROUP, DACL, SACL and LABEL are ignored
 * @out: output
 * @cap: OutputBufferLength
 * @len: set to the result's length, or to the size needed
 *
 * MS-FSA 2.1.5.14: OWNER/GROUP copy the SID and its defaulted bit; DACL
 * the DACL and SE_DACL_{PRESENT,DEFAULTED,PROTECTED,AUTO_INHERITED};
 * SACL|LABEL the whole SACL; SACL alone its ACEs but mandatory labels;
 * LABEL alone only its SYSTEM_MANDATORY_LABEL ACEs (2.1.5.14.1). Access
 * rights (READ_CONTROL, ACCESS_SYSTEM_SECURITY) are the caller's check.
 *
 * Return: STATUS_SUCCESS, or STATUS_BUFFER_TOO_SMALL with the size the
 * client needs in *@len (MS-SMB2 3.3.5.20.3 returns it as ErrorData).
 */
u32 smb2_sd_select(const struct smb2_sd_view *stored, u32 info, u8 *out, u32 cap,
		   u32 *len)
{
	struct sd_select s = { stored, info };

	return smb2_sdb_emit(emit_select, &s, out, cap, len);
}

/* ---- smb2_sd_merge (SET_INFO) ---- */

/* Where each part comes from; the SACL's control bits follow audit_src. */
struct sd_merge {
	const struct smb2_sd_view *owner_src, *group_src, *dacl_src;
	const struct smb2_sd_view *audit_src, *label_src;
	u16 dacl_ctl, sacl_bits;
	u8 rm_control;
};

static bool has_label(const u8 *acl)
{
	struct sd_acl_iter it;
	struct smb2_ace a;

	sd_acl_iter_init(&it, acl);
	while (sd_acl_next(&it, &a))
		if (a.type == SYSTEM_MANDATORY_LABEL_ACE_TYPE)
			return true;
	return false;
}

static u32 emit_merge(struct sd_out *w, const void *arg)
{
	const struct sd_merge *m = arg;
	const u8 *au = m->audit_src->sacl, *lb = m->label_src->sacl;
	u16 control = m->dacl_ctl;
	u32 at, n;
	u8 rev;

	smb2_sdb_begin(w);
	smb2_sdb_put_part(w, SD_OFF_OWNER, m->owner_src->owner, m->owner_src->owner_len);
	control |= m->owner_src->control & SE_OWNER_DEFAULTED;
	if (m->group_src->group) {
		smb2_sdb_put_part(w, SD_OFF_GROUP, m->group_src->group, m->group_src->group_len);
		control |= m->group_src->control & SE_GROUP_DEFAULTED;
	}
	if (m->dacl_ctl & SE_DACL_PRESENT)
		smb2_sdb_put_part(w, SD_OFF_DACL, m->dacl_src->dacl, m->dacl_src->dacl_len);
	control |= m->sacl_bits;
	if (m->audit_src == m->label_src) {
		/* one source for both kinds: copy as is */
		if (control & SE_SACL_PRESENT)
			smb2_sdb_put_part(w, SD_OFF_SACL, au, m->audit_src->sacl_len);
	} else if (au || (lb && has_label(lb))) {
		/* audit ACEs from one descriptor, labels from the other */
		control |= SE_SACL_PRESENT;
		rev = ACL_REVISION;
		if (au && au[0] > rev)
			rev = au[0];
		if (lb && lb[0] > rev)
			rev = lb[0];
		at = smb2_sdb_acl_begin(w, SD_OFF_SACL);
		n = put_sacl_aces(w, au, SACL_AUDIT);
		n += put_sacl_aces(w, lb, SACL_LABEL);
		if (smb2_sdb_acl_end(w, at, NULL, rev, n, STATUS_INVALID_ACL))
			return STATUS_INVALID_ACL;
	}
	smb2_sdb_finish(w, m->rm_control, control);
	return STATUS_SUCCESS;
}

/* SE_*_PROTECTED as set by PROTECTED_* / UNPROTECTED_*_SECURITY_INFORMATION */
static u16 protect_bits(u16 bits, u32 info, u32 prot, u32 unprot, u16 flag)
{
	if (info & prot)
		bits |= flag;
	else if (info & unprot)
		bits &= ~flag;
	return bits;
}

/**
 * smb2_sd_merge() - apply a SET_INFO security descriptor (MS-FSA 2.1.5.17)
 * @old: the file's descriptor
 * @new_sd: the client's descriptor
 * @info: AdditionalInformation: which parts of @new_sd replace @old's
 * @out: the merged descriptor
 * @cap: bytes available at @out
 * @len: set to the result's length, or to the size needed
 *
 * OWNER, GROUP, DACL take the part and its control bits from @new_sd
 * (an absent DACL or NULL DACL included). SACL replaces the audit ACEs
 * and the SACL control bits, LABEL the mandatory label ACEs; with only
 * one of them, the other kind is kept from @old. SE_DACL_AUTO_INHERIT_REQ
 * becomes SE_DACL_AUTO_INHERITED (2.4.6; likewise for the SACL);
 * (UN)PROTECTED_DACL/SACL_SECURITY_INFORMATION set (clear) the protected
 * bit. Recomputing inheritance from the parent is the caller's business.
 * Write-access checks (WRITE_OWNER, WRITE_DAC, ACCESS_SYSTEM_SECURITY) are
 * the caller's.
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_OWNER (OWNER asked and @new_sd
 * has none, or the result would have no owner), STATUS_INVALID_PRIMARY_GROUP
 * (GROUP asked and @new_sd has none), STATUS_INVALID_ACL (merged SACL too
 * large) or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_sd_merge(const struct smb2_sd_view *old, const struct smb2_sd_view *new_sd,
		  u32 info, u8 *out, u32 cap, u32 *len)
{
	struct sd_merge m = { old, old, old, old, old, 0, 0, old->rm_control };
	u16 c;

	if (info & OWNER_SECURITY_INFORMATION) {
		if (!new_sd->owner)
			return STATUS_INVALID_OWNER;
		m.owner_src = new_sd;
	}
	if (!m.owner_src->owner)
		return STATUS_INVALID_OWNER;
	if (info & GROUP_SECURITY_INFORMATION) {
		if (!new_sd->group)
			return STATUS_INVALID_PRIMARY_GROUP;
		m.group_src = new_sd;
	}
	if (info & DACL_SECURITY_INFORMATION) {
		m.dacl_src = new_sd;
		c = new_sd->control;
		m.dacl_ctl = c & SD_DACL_BITS;
		if (c & SE_DACL_AUTO_INHERIT_REQ)
			m.dacl_ctl |= SE_DACL_AUTO_INHERITED;
		m.dacl_ctl = protect_bits(m.dacl_ctl, info, PROTECTED_DACL_SECURITY_INFORMATION,
					  UNPROTECTED_DACL_SECURITY_INFORMATION,
					  SE_DACL_PROTECTED);
	} else {
		m.dacl_ctl = old->control & SD_DACL_BITS;
	}
	m.dacl_ctl |= old->control & SE_RM_CONTROL_VALID;
	if (info & SACL_SECURITY_INFORMATION)
		m.audit_src = new_sd;
	if (info & LABEL_SECURITY_INFORMATION)
		m.label_src = new_sd;
	c = m.audit_src->control;
	m.sacl_bits = c & SD_SACL_BITS;
	if (c & SE_SACL_AUTO_INHERIT_REQ)
		m.sacl_bits |= SE_SACL_AUTO_INHERITED;
	if (info & SACL_SECURITY_INFORMATION)
		m.sacl_bits = protect_bits(m.sacl_bits, info, PROTECTED_SACL_SECURITY_INFORMATION,
					   UNPROTECTED_SACL_SECURITY_INFORMATION,
					   SE_SACL_PROTECTED);
	return smb2_sdb_emit(emit_merge, &m, out, cap, len);
}

/* ---- smb2_sd_from_unix ---- */

/*
 * Unix mode to DACL. Each of owner (S-1-22-1-uid), group (S-1-22-2-gid)
 * and Everyone (S-1-1-0) gets one allow ACE from its three mode bits:
 *   r -> FILE_GENERIC_READ
 *   w -> FILE_GENERIC_WRITE | DELETE (directories: also FILE_DELETE_CHILD)
 *   x -> FILE_GENERIC_EXECUTE
 * plus, for all three, READ_CONTROL | FILE_READ_ATTRIBUTES | SYNCHRONIZE
 * (anyone may stat a file and read its mode), and for the owner
 * WRITE_DAC | WRITE_OWNER | FILE_WRITE_ATTRIBUTES | DELETE (chmod, chown,
 * utimes). ACEs only allow, so the rights add up: a mode that gives the
 * owner less than others (0077) is widened; the VFS still enforces the
 * real mode. Directories also get inherit-only CREATOR OWNER and CREATOR
 * GROUP ACEs with the owner's and the group's rights, and Everyone's ACE
 * is inheritable (OBJECT_INHERIT | CONTAINER_INHERIT), so new children
 * start with the same mapping.
 */
#define UNIX_BASE	(READ_CONTROL | FILE_READ_ATTRIBUTES | SYNCHRONIZE)
#define UNIX_OWNER	(WRITE_DAC | WRITE_OWNER | FILE_WRITE_ATTRIBUTES | DELETE)
#define UNIX_INHERIT	(OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE)

struct sd_unix {
	struct smb2_sid owner, group;
	u32 mode;
	bool is_dir;
};

static u32 unix_mask(u32 bits, bool is_dir)
{
	u32 m = UNIX_BASE;

	if (bits & 4)
		m |= FILE_GENERIC_READ;
	if (bits & 2)
		m |= FILE_GENERIC_WRITE | DELETE | (is_dir ? FILE_DELETE_CHILD : 0);
	if (bits & 1)
		m |= FILE_GENERIC_EXECUTE;
	return m;
}

static void put_allow(struct sd_out *w, u8 flags, u32 mask, const struct smb2_sid *sid)
{
	u8 b[8 + SMB2_SID_MAX_SIZE];
	u32 n = 0;

	smb2_sid_write(sid, b + 8, SMB2_SID_MAX_SIZE, &n);
	b[0] = ACCESS_ALLOWED_ACE_TYPE;
	b[1] = flags;
	put_le16(b + 2, (u16)(8 + n));
	put_le32(b + 4, mask);
	sd_put(w, b, 8 + n);
}

static u32 emit_unix(struct sd_out *w, const void *arg)
{
	const struct sd_unix *u = arg;
	u32 om = unix_mask(u->mode >> 6, u->is_dir) | UNIX_OWNER;
	u32 gm = unix_mask(u->mode >> 3, u->is_dir);
	u32 em = unix_mask(u->mode, u->is_dir);
	u32 at, n = 3;
	u8 b[SMB2_SID_MAX_SIZE];

	smb2_sdb_begin(w);
	smb2_sid_write(&u->owner, b, sizeof(b), &at);
	smb2_sdb_put_part(w, SD_OFF_OWNER, b, at);
	smb2_sid_write(&u->group, b, sizeof(b), &at);
	smb2_sdb_put_part(w, SD_OFF_GROUP, b, at);
	at = smb2_sdb_acl_begin(w, SD_OFF_DACL);
	put_allow(w, 0, om, &u->owner);
	put_allow(w, 0, gm, &u->group);
	put_allow(w, u->is_dir ? UNIX_INHERIT : 0, em, &smb2_sid_everyone);
	if (u->is_dir) {
		put_allow(w, UNIX_INHERIT | INHERIT_ONLY_ACE, om, &smb2_sid_creator_owner);
		put_allow(w, UNIX_INHERIT | INHERIT_ONLY_ACE, gm, &smb2_sid_creator_group);
		n = 5;
	}
	smb2_sdb_acl_end(w, at, NULL, ACL_REVISION, n, STATUS_INVALID_ACL);
	smb2_sdb_finish(w, 0, SE_DACL_PRESENT);
	return STATUS_SUCCESS;
}

/**
 * smb2_sd_from_unix() - descriptor for a file that has none stored
 * @uid: owner; the SD's owner is S-1-22-1-@uid
 * @gid: group; the SD's group is S-1-22-2-@gid
 * @mode: st_mode (only the 0777 bits are used)
 * @is_dir: directory (adds inheritable ACEs)
 * @out: output
 * @cap: bytes available at @out
 * @len: set to the descriptor's length, or to the size needed
 *
 * The mapping is described above emit_unix() in this file.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_sd_from_unix(u32 uid, u32 gid, u32 mode, bool is_dir, u8 *out, u32 cap,
		      u32 *len)
{
	struct sd_unix u;

	smb2_sid_unix_user(uid, &u.owner);
	smb2_sid_unix_group(gid, &u.group);
	u.mode = mode & 0777;
	u.is_dir = is_dir;
	return smb2_sdb_emit(emit_unix, &u, out, cap, len);
}
