/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NT security descriptors: SIDs (MS-DTYP 2.4.2), ACLs
 * (2.4.4, 2.4.5), self-relative SECURITY_DESCRIPTOR parse/build (2.4.6),
 * the QUERY_INFO/SET_INFO security views (MS-FSA 2.1.5.14, 2.1.5.17),
 * inheritance (MS-DTYP 2.5.3.4), the access check (2.5.3.2) and the SD
 * synthesised from a Unix owner, group and mode.
 *
 * Files: sid.c (SIDs), security_desc.c (ACL/SD validation, build, select,
 * merge, Unix mapping), sd_inherit.c (inheritance), access_check.c.
 * Parsed descriptors are views into the caller's buffer; builders write
 * into the caller's buffer and, when it is too small, write nothing and
 * return STATUS_BUFFER_TOO_SMALL with the size needed in *len. ACEs of
 * types we do not interpret, and bytes past an ACE's SID, are kept as
 * opaque bytes: only their sizes are validated.
 */
#ifndef SMB3K_SECURITY_DESC_H
#define SMB3K_SECURITY_DESC_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "fscc.h"

/* MS-DTYP 2.4.2.2 SID */
#define SMB2_SID_MAX_SUB_AUTHORITIES	15
#define SMB2_SID_MAX_SIZE		(8 + 4 * SMB2_SID_MAX_SUB_AUTHORITIES)
/* "S-255-0x" + 12 hex digits + 15 * "-4294967295" + NUL */
#define SMB2_SID_STRING_MAX		186

/* MS-DTYP 2.4.6 SECURITY_DESCRIPTOR Control */
#define SE_OWNER_DEFAULTED		0x0001
#define SE_GROUP_DEFAULTED		0x0002
#define SE_DACL_PRESENT			0x0004
#define SE_DACL_DEFAULTED		0x0008
#define SE_SACL_PRESENT			0x0010
#define SE_SACL_DEFAULTED		0x0020
#define SE_DACL_TRUSTED			0x0040
#define SE_SERVER_SECURITY		0x0080
#define SE_DACL_AUTO_INHERIT_REQ	0x0100
#define SE_SACL_AUTO_INHERIT_REQ	0x0200
#define SE_DACL_AUTO_INHERITED		0x0400
#define SE_SACL_AUTO_INHERITED		0x0800
#define SE_DACL_PROTECTED		0x1000
#define SE_SACL_PROTECTED		0x2000
#define SE_RM_CONTROL_VALID		0x4000
#define SE_SELF_RELATIVE		0x8000
#define SMB2_SD_HDR_SIZE		20

/* MS-DTYP 2.4.5 ACL */
#define ACL_REVISION			2
#define ACL_REVISION_DS			4
#define SMB2_ACL_HDR_SIZE		8

/* MS-DTYP 2.4.4.1 AceType */
#define ACCESS_ALLOWED_ACE_TYPE			0x00
#define ACCESS_DENIED_ACE_TYPE			0x01
#define SYSTEM_AUDIT_ACE_TYPE			0x02
#define SYSTEM_ALARM_ACE_TYPE			0x03
#define ACCESS_ALLOWED_COMPOUND_ACE_TYPE	0x04
#define ACCESS_ALLOWED_OBJECT_ACE_TYPE		0x05
#define ACCESS_DENIED_OBJECT_ACE_TYPE		0x06
#define SYSTEM_AUDIT_OBJECT_ACE_TYPE		0x07
#define SYSTEM_ALARM_OBJECT_ACE_TYPE		0x08
#define ACCESS_ALLOWED_CALLBACK_ACE_TYPE	0x09
#define ACCESS_DENIED_CALLBACK_ACE_TYPE		0x0A
#define ACCESS_ALLOWED_CALLBACK_OBJECT_ACE_TYPE	0x0B
#define ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE	0x0C
#define SYSTEM_AUDIT_CALLBACK_ACE_TYPE		0x0D
#define SYSTEM_ALARM_CALLBACK_ACE_TYPE		0x0E
#define SYSTEM_AUDIT_CALLBACK_OBJECT_ACE_TYPE	0x0F
#define SYSTEM_ALARM_CALLBACK_OBJECT_ACE_TYPE	0x10
#define SYSTEM_MANDATORY_LABEL_ACE_TYPE		0x11
#define SYSTEM_RESOURCE_ATTRIBUTE_ACE_TYPE	0x12
#define SYSTEM_SCOPED_POLICY_ID_ACE_TYPE	0x13

/* MS-DTYP 2.4.4.1 AceFlags */
#define OBJECT_INHERIT_ACE		0x01
#define CONTAINER_INHERIT_ACE		0x02
#define NO_PROPAGATE_INHERIT_ACE	0x04
#define INHERIT_ONLY_ACE		0x08
#define INHERITED_ACE			0x10
#define SUCCESSFUL_ACCESS_ACE_FLAG	0x40
#define FAILED_ACCESS_ACE_FLAG		0x80

/* MS-DTYP 2.4.4.3 object ACE Flags */
#define ACE_OBJECT_TYPE_PRESENT			0x00000001U
#define ACE_INHERITED_OBJECT_TYPE_PRESENT	0x00000002U

/**
 * struct smb2_sid - a SID (MS-DTYP 2.4.2) in host form
 * @revision: Revision (1)
 * @num_auths: SubAuthorityCount (at most 15)
 * @authority: IdentifierAuthority, 48-bit big-endian as on the wire
 * @sub_auth: SubAuthority[0..@num_auths)
 */
struct smb2_sid {
	u8 revision;
	u8 num_auths;
	u8 authority[6];
	u32 sub_auth[SMB2_SID_MAX_SUB_AUTHORITIES];
};

/* Well-known SIDs (MS-DTYP 2.4.2.4) */
extern const struct smb2_sid smb2_sid_everyone;		/* S-1-1-0 */
extern const struct smb2_sid smb2_sid_creator_owner;		/* S-1-3-0 */
extern const struct smb2_sid smb2_sid_creator_group;		/* S-1-3-1 */
extern const struct smb2_sid smb2_sid_owner_rights;		/* S-1-3-4 */
extern const struct smb2_sid smb2_sid_authenticated_users;	/* S-1-5-11 */
extern const struct smb2_sid smb2_sid_system;			/* S-1-5-18 */
extern const struct smb2_sid smb2_sid_administrators;		/* S-1-5-32-544 */

/* Samba's Unix authority S-1-22: S-1-22-1-<uid>, S-1-22-2-<gid> */
#define SMB2_SID_UNIX_USER		1
#define SMB2_SID_UNIX_GROUP		2

u32 smb2_sid_parse(const u8 *buf, u32 len, struct smb2_sid *sid, u32 *sid_len);
u32 smb2_sid_size(const struct smb2_sid *sid);
u32 smb2_sid_write(const struct smb2_sid *sid, u8 *out, u32 cap, u32 *len);
int smb2_sid_cmp(const struct smb2_sid *a, const struct smb2_sid *b);
int smb2_sid_to_string(const struct smb2_sid *sid, char *out, u32 cap);
u32 smb2_sid_from_string(const char *s, struct smb2_sid *sid);
void smb2_sid_unix_user(u32 uid, struct smb2_sid *sid);
void smb2_sid_unix_group(u32 gid, struct smb2_sid *sid);
int smb2_sid_unix_id(const struct smb2_sid *sid, u32 *id);

/**
 * struct smb2_sd_view - a validated self-relative security descriptor
 * @control: Control (SE_*); SE_SELF_RELATIVE is always set
 * @rm_control: Sbz1, the resource manager bits (meaningful with
 *	SE_RM_CONTROL_VALID)
 * @owner: owner SID in the caller's buffer, NULL when absent
 * @owner_len: its length
 * @group: group SID, NULL when absent
 * @group_len: its length
 * @dacl: DACL (header included), NULL when SE_DACL_PRESENT is clear or
 *	for a NULL DACL (SE_DACL_PRESENT set, offset 0)
 * @dacl_len: its AclSize
 * @sacl: SACL, NULL as for @dacl
 * @sacl_len: its AclSize
 *
 * Filled by smb2_sd_parse(); every SID and ACL it points to is valid.
 * A view with everything NULL and @control SE_SELF_RELATIVE is the empty
 * descriptor.
 */
struct smb2_sd_view {
	u16 control;
	u8 rm_control;
	const u8 *owner;
	u32 owner_len;
	const u8 *group;
	u32 group_len;
	const u8 *dacl;
	u32 dacl_len;
	const u8 *sacl;
	u32 sacl_len;
};

u32 smb2_acl_validate(const u8 *acl, u32 len);
u32 smb2_sd_parse(const u8 *buf, u32 len, struct smb2_sd_view *sd);
u32 smb2_sd_build(u16 control, const u8 *owner, u32 owner_len,
		  const u8 *group, u32 group_len, const u8 *dacl, u32 dacl_len,
		  const u8 *sacl, u32 sacl_len, u8 *out, u32 cap, u32 *len);
u32 smb2_sd_select(const struct smb2_sd_view *stored, u32 info, u8 *out, u32 cap,
		   u32 *len);
u32 smb2_sd_merge(const struct smb2_sd_view *old, const struct smb2_sd_view *new_sd,
		  u32 info, u8 *out, u32 cap, u32 *len);
u32 smb2_sd_inherit(const struct smb2_sd_view *parent,
		    const struct smb2_sd_view *creator_sd, bool is_dir,
		    const struct smb2_sid *owner, const struct smb2_sid *group,
		    u8 *out, u32 cap, u32 *len);
u32 smb2_sd_from_unix(u32 uid, u32 gid, u32 mode, bool is_dir, u8 *out, u32 cap,
		      u32 *len);

/**
 * struct smb2_token - who is asking (MS-DTYP 2.5.2 authorization context)
 * @user: the user's SID (NULL for none)
 * @groups: the group SIDs: every group the caller wants ACEs to match,
 *	well-known ones included (Everyone, Authenticated Users, ...); no
 *	SID is implied
 * @ngroups: how many
 * @is_admin: the token holds SeTakeOwnershipPrivilege (as Administrators
 *	do): WRITE_OWNER is granted whatever the DACL says (2.5.3.2).
 *	Administrators membership for matching ACEs goes in @groups.
 */
struct smb2_token {
	const struct smb2_sid *user;
	const struct smb2_sid *groups;
	u32 ngroups;
	bool is_admin;
};

u32 smb2_map_generic(u32 access);
u32 smb2_access_check(const struct smb2_sd_view *sd, const struct smb2_token *tok,
		      u32 desired, bool has_security_privilege, u32 *granted);

#endif /* SMB3K_SECURITY_DESC_H */
