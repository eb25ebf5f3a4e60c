// SPDX-License-Identifier: GPL-2.0
/*
 * Generic rights mapping (MS-DTYP 2.4.3) and the access
 * check of a token against a security descriptor (2.5.3.2).
 */
#include "sd_internal.h"

#define GENERIC_BITS	(GENERIC_READ | GENERIC_WRITE | GENERIC_EXECUTE | GENERIC_ALL)

static const u8 owner_rights_sid[12] = { 1, 1, 0, 0, 0, 0, 0, 3, 4, 0, 0, 0 };

/**
 * smb2_map_generic() - map GENERIC_* rights to file rights (2.4.3)
 * @access: an access mask
 *
 * GENERIC_READ, _WRITE, _EXECUTE become FILE_GENERIC_READ, _WRITE,
 * _EXECUTE, GENERIC_ALL becomes FILE_ALL_ACCESS; the generic bits are
 * cleared and the others kept.
 *
 * Return: the mapped mask.
 */
u32 smb2_map_generic(u32 access)
{
	u32 m = access & ~GENERIC_BITS;

	if (access & GENERIC_READ)
		m |= FILE_GENERIC_READ;
	if (access & GENERIC_WRITE)
		m |= FILE_GENERIC_WRITE;
	if (access & GENERIC_EXECUTE)
		m |= FILE_GENERIC_EXECUTE;
	if (access & GENERIC_ALL)
		m |= FILE_ALL_ACCESS;
	return m;
}

static bool sid_is(const struct smb2_sid *s, const u8 *w, u32 len)
{
	u32 i;

	if (!s || len != smb2_sid_size(s) || w[0] != s->revision || w[1] != s->num_auths ||
	    memcmp(w + 2, s->authority, 6))
		return false;
	for (i = 0; i < s->num_auths; i++)
		if (get_le32(w + 8 + 4 * i) != s->sub_auth[i])
			return false;
	return true;
}

/* SidInToken (2.5.3.1.1) */
static bool in_token(const struct smb2_token *t, const u8 *sid, u32 len)
{
	u32 i;

	if (sid_is(t->user, sid, len))
		return true;
	for (i = 0; i < t->ngroups; i++)
		if (sid_is(&t->groups[i], sid, len))
			return true;
	return false;
}

/*
 * What an ACE does in a DACL: 1 allows, -1 denies, 0 is ignored. Object
 * ACEs apply only without an ObjectType (files have no object types).
 * Callback (conditional, 2.4.4.17) ACEs are not evaluated: their condition
 * counts as UNKNOWN (2.4.4.17.3), so allow ACEs grant nothing and deny
 * ACEs deny.
 */
static int ace_effect(const struct smb2_ace *a)
{
	bool typed = sd_ace_is_object(a->type) &&
		     (get_le32(a->p + ACE_OBJ_FLAGS) & ACE_OBJECT_TYPE_PRESENT);

	switch (a->type) {
	case ACCESS_ALLOWED_ACE_TYPE:
		return 1;
	case ACCESS_ALLOWED_OBJECT_ACE_TYPE:
		return typed ? 0 : 1;
	case ACCESS_DENIED_ACE_TYPE:
	case ACCESS_DENIED_CALLBACK_ACE_TYPE:
		return -1;
	case ACCESS_DENIED_OBJECT_ACE_TYPE:
	case ACCESS_DENIED_CALLBACK_OBJECT_ACE_TYPE:
		return typed ? 0 : -1;
	default:
		return 0;
	}
}

/* Does the DACL have an effective OWNER RIGHTS (S-1-3-4) ACE? */
static bool has_owner_rights(const u8 *dacl)
{
	struct sd_acl_iter it;
	struct smb2_ace a;

	sd_acl_iter_init(&it, dacl);
	while (sd_acl_next(&it, &a))
		if (!(a.flags & INHERIT_ONLY_ACE) && ace_effect(&a) &&
		    sd_ace_sid_is(&a, owner_rights_sid, sizeof(owner_rights_sid)))
			return true;
	return false;
}

/**
 * smb2_access_check() - may @tok open an object with @desired? (2.5.3.2)
 * @sd: the object's descriptor (from smb2_sd_parse() or the builders)
 * @tok: the caller's SIDs and privileges
 * @desired: DesiredAccess; GENERIC_* are mapped (smb2_map_generic())
 * @has_security_privilege: the caller holds SeSecurityPrivilege
 * @granted: set to the granted rights on success, 0 on failure
 *
 * ACCESS_SYSTEM_SECURITY needs @has_security_privilege and nothing else.
 * No DACL (absent or NULL) grants everything (MAXIMUM_ALLOWED:
 * FILE_ALL_ACCESS). Otherwise WRITE_OWNER is granted to @tok->is_admin,
 * READ_CONTROL | WRITE_DAC to the owner unless the DACL has an effective
 * OWNER RIGHTS ACE (which then applies to the owner), and the DACL's ACEs
 * are taken in order, INHERIT_ONLY ones skipped: an allow ACE grants its
 * rights not already denied, a deny ACE denies those not already granted.
 * ACE masks are mapped like @desired and limited to FILE_ALL_ACCESS (an
 * ACE cannot grant ACCESS_SYSTEM_SECURITY). The request succeeds when
 * every right asked for is granted, so an empty DACL only lets the owner
 * read and write the DACL; MAXIMUM_ALLOWED grants all the rights so
 * granted, and fails if that is none. A request for nothing fails.
 *
 * Return: STATUS_SUCCESS or STATUS_ACCESS_DENIED.
 */
u32 smb2_access_check(const struct smb2_sd_view *sd, const struct smb2_token *tok,
		      u32 desired, bool has_security_privilege, u32 *granted)
{
	u32 want, allowed = 0, denied = 0, sys = 0, mask;
	struct sd_acl_iter it;
	struct smb2_ace a;
	bool max, owner_in, match;
	int eff;

	*granted = 0;
	if (!sd || !tok)
		return STATUS_ACCESS_DENIED;
	desired = smb2_map_generic(desired);
	max = desired & MAXIMUM_ALLOWED;
	want = desired & ~(MAXIMUM_ALLOWED | ACCESS_SYSTEM_SECURITY);
	if (desired & ACCESS_SYSTEM_SECURITY) {
		if (!has_security_privilege)
			return STATUS_ACCESS_DENIED;
		sys = ACCESS_SYSTEM_SECURITY;
	}
	if (!max && !want && !sys)
		return STATUS_ACCESS_DENIED;
	if (!(sd->control & SE_DACL_PRESENT) || !sd->dacl) {
		*granted = want | sys | (max ? FILE_ALL_ACCESS : 0);
		return STATUS_SUCCESS;
	}
	if (tok->is_admin && (max || (want & WRITE_OWNER)))
		allowed |= WRITE_OWNER;			/* SeTakeOwnershipPrivilege */
	owner_in = sd->owner && in_token(tok, sd->owner, sd->owner_len);
	if (owner_in && !has_owner_rights(sd->dacl))
		allowed |= READ_CONTROL | WRITE_DAC;
	sd_acl_iter_init(&it, sd->dacl);
	while (sd_acl_next(&it, &a)) {
		if ((a.flags & INHERIT_ONLY_ACE) || !a.sid_off)
			continue;
		eff = ace_effect(&a);
		if (!eff)
			continue;
		if (sd_ace_sid_is(&a, owner_rights_sid, sizeof(owner_rights_sid)))
			match = owner_in;
		else
			match = in_token(tok, a.p + a.sid_off, a.sid_len);
		if (!match)
			continue;
		mask = smb2_map_generic(get_le32(a.p + ACE_MASK_OFF)) & FILE_ALL_ACCESS;
		if (eff > 0)
			allowed |= mask & ~denied;
		else
			denied |= mask & ~allowed;
	}
	if (want & ~allowed)
		return STATUS_ACCESS_DENIED;
	*granted = (max ? allowed : want) | sys;
	if (!*granted)
		return STATUS_ACCESS_DENIED;
	return STATUS_SUCCESS;
}
