/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers shared by security_desc.c, sd_inherit.c and
 * access_check.c: ACE decoding and walking, and the output cursor that
 * builds descriptors in two passes (measure, then write).
 */
#ifndef SMB3K_SD_INTERNAL_H
#define SMB3K_SD_INTERNAL_H

#include "security_desc.h"

#define SD_OFF_OWNER	4
#define SD_OFF_GROUP	8
#define SD_OFF_SACL	12
#define SD_OFF_DACL	16
#define ACE_HDR_SIZE	4
#define ACE_MASK_OFF	4
#define ACE_OBJ_FLAGS	8
#define SD_ACL_MAX	0xFFFFU
#define SD_DACL_BITS	(SE_DACL_PRESENT | SE_DACL_DEFAULTED | SE_DACL_AUTO_INHERITED | \
			 SE_DACL_PROTECTED)
#define SD_SACL_BITS	(SE_SACL_PRESENT | SE_SACL_DEFAULTED | SE_SACL_AUTO_INHERITED | \
			 SE_SACL_PROTECTED)

/**
 * struct smb2_ace - one decoded ACE (MS-DTYP 2.4.4), inside its ACL
 * @p: the ACE, header included
 * @type: AceType
 * @flags: AceFlags
 * @size: AceSize: a multiple of 4, at least 4, inside the ACL
 * @sid_off: offset of the SID in the ACE; 0 for types kept opaque
 * @sid_len: the SID's length (0 when opaque)
 */
struct smb2_ace {
	const u8 *p;
	u8 type;
	u8 flags;
	u16 size;
	u32 sid_off;
	u32 sid_len;
};

u32 smb2_ace_decode(const u8 *p, u32 avail, struct smb2_ace *ace);

/* ACCESS_MASK at offset 4 and an access-right meaning (2.4.4.2-2.4.4.14). */
static inline bool sd_ace_has_access_mask(u8 type)
{
	return type <= SYSTEM_AUDIT_CALLBACK_OBJECT_ACE_TYPE &&
	       type != SYSTEM_ALARM_ACE_TYPE && type != ACCESS_ALLOWED_COMPOUND_ACE_TYPE &&
	       type != SYSTEM_ALARM_OBJECT_ACE_TYPE && type != SYSTEM_ALARM_CALLBACK_ACE_TYPE;
}

static inline bool sd_ace_is_object(u8 type)
{
	return type == ACCESS_ALLOWED_OBJECT_ACE_TYPE || type == ACCESS_DENIED_OBJECT_ACE_TYPE ||
	       type == SYSTEM_AUDIT_OBJECT_ACE_TYPE ||
	       type == ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE ||
	       type == ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE ||
	       type == SYSTEM_AUDIT_CALLBACK_OBJECT_ACE_TYPE;
}

/* Walk over an ACL that smb2_acl_validate() accepted. */
struct sd_acl_iter {
	const u8 *acl;
	u32 pos;
	u32 size;
	u32 left;
};

static inline void sd_acl_iter_init(struct sd_acl_iter *it, const u8 *acl)
{
	it->acl = acl;
	it->pos = SMB2_ACL_HDR_SIZE;
	it->size = acl ? get_le16(acl + 2) : 0;
	it->left = acl ? get_le16(acl + 4) : 0;
}

static inline bool sd_acl_next(struct sd_acl_iter *it, struct smb2_ace *ace)
{
	if (!it->left || it->pos > it->size ||
	    smb2_ace_decode(it->acl + it->pos, it->size - it->pos, ace))
		return false;
	it->pos += ace->size;
	it->left--;
	return true;
}

/* Does the ACE's SID equal the wire SID @sid of @len bytes? */
static inline bool sd_ace_sid_is(const struct smb2_ace *a, const u8 *sid, u32 len)
{
	return a->sid_off && a->sid_len == len && !memcmp(a->p + a->sid_off, sid, len);
}

/*
 * Output cursor. Builders run twice: with @buf NULL to measure, then, if
 * the result fits, to write; so nothing is written when it does not fit.
 */
struct sd_out {
	u8 *buf;
	u32 cap;
	u32 pos;
};

static inline void sd_put(struct sd_out *w, const void *src, u32 n)
{
	if (w->buf && w->pos <= w->cap && n <= w->cap - w->pos)
		memcpy(w->buf + w->pos, src, n);
	w->pos += n;
}

static inline void sd_patch8(struct sd_out *w, u32 at, u8 v)
{
	if (w->buf && at < w->cap)
		w->buf[at] = v;
}

static inline void sd_patch16(struct sd_out *w, u32 at, u16 v)
{
	if (w->buf && at <= w->cap && w->cap - at >= 2)
		put_le16(w->buf + at, v);
}

static inline void sd_patch32(struct sd_out *w, u32 at, u32 v)
{
	if (w->buf && at <= w->cap && w->cap - at >= 4)
		put_le32(w->buf + at, v);
}

typedef u32 (*sd_emit_fn)(struct sd_out *w, const void *arg);

u32 smb2_sdb_emit(sd_emit_fn fn, const void *arg, u8 *out, u32 cap, u32 *len);
void smb2_sdb_begin(struct sd_out *w);
void smb2_sdb_finish(struct sd_out *w, u8 rm_control, u16 control);
void smb2_sdb_put_part(struct sd_out *w, u32 field, const u8 *p, u32 n);
u32 smb2_sdb_acl_begin(struct sd_out *w, u32 field);
u32 smb2_sdb_acl_end(struct sd_out *w, u32 at, const u8 *src_hdr, u8 revision, u32 count,
	       u32 too_big);
void smb2_sdb_put_ace(struct sd_out *w, const struct smb2_ace *a, u8 flags);

#endif /* SMB3K_SD_INTERNAL_H */
