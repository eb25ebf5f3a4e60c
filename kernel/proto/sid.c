// SPDX-License-Identifier: GPL-2.0
/*
 * SIDs: wire form (MS-DTYP 2.4.2.2), comparison, string form
 * (2.4.2.1), well-known SIDs (2.4.2.4) and the Unix user/group SIDs.
 */
#include "security_desc.h"

#define SID_HDR_SIZE		8
#define SID_UNIX_AUTHORITY	22

#define AUTH(v)		{ 0, 0, 0, 0, 0, v }

const struct smb2_sid smb2_sid_everyone = { 1, 1, AUTH(1), { 0 } };
const struct smb2_sid smb2_sid_creator_owner = { 1, 1, AUTH(3), { 0 } };
const struct smb2_sid smb2_sid_creator_group = { 1, 1, AUTH(3), { 1 } };
const struct smb2_sid smb2_sid_owner_rights = { 1, 1, AUTH(3), { 4 } };
const struct smb2_sid smb2_sid_authenticated_users = { 1, 1, AUTH(5), { 11 } };
const struct smb2_sid smb2_sid_system = { 1, 1, AUTH(5), { 18 } };
const struct smb2_sid smb2_sid_administrators = { 1, 2, AUTH(5), { 32, 544 } };

/**
 * smb2_sid_parse() - read a SID from the wire (MS-DTYP 2.4.2.2)
 * @buf: the SID's first byte
 * @len: bytes available from @buf
 * @sid: the SID in host form (may be NULL: validate only)
 * @sid_len: set to the SID's length, 8 + 4 * SubAuthorityCount (may be NULL)
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_SID when Revision is not 1,
 * SubAuthorityCount is over 15 or the SID does not fit in @len.
 */
u32 smb2_sid_parse(const u8 *buf, u32 len, struct smb2_sid *sid, u32 *sid_len)
{
	u32 n, i;

	if (!buf || len < SID_HDR_SIZE || buf[0] != 1 ||
	    buf[1] > SMB2_SID_MAX_SUB_AUTHORITIES)
		return STATUS_INVALID_SID;
	n = buf[1];
	if (SID_HDR_SIZE + 4 * n > len)
		return STATUS_INVALID_SID;
	if (sid) {
		memset(sid, 0, sizeof(*sid));
		sid->revision = buf[0];
		sid->num_auths = (u8)n;
		memcpy(sid->authority, buf + 2, 6);
		for (i = 0; i < n; i++)
			sid->sub_auth[i] = get_le32(buf + SID_HDR_SIZE + 4 * i);
	}
	if (sid_len)
		*sid_len = SID_HDR_SIZE + 4 * n;
	return STATUS_SUCCESS;
}

/**
 * smb2_sid_size() - length of a SID on the wire
 * @sid: the SID
 *
 * Return: 8 + 4 * SubAuthorityCount (the count taken as at most 15).
 */
u32 smb2_sid_size(const struct smb2_sid *sid)
{
	u32 n = sid->num_auths;

	if (n > SMB2_SID_MAX_SUB_AUTHORITIES)
		n = SMB2_SID_MAX_SUB_AUTHORITIES;
	return SID_HDR_SIZE + 4 * n;
}

/**
 * smb2_sid_write() - write a SID in wire form
 * @sid: the SID
 * @out: output
 * @cap: bytes available at @out
 * @len: set to the bytes written
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_SID (Revision not 1, more than 15
 * sub-authorities) or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_sid_write(const struct smb2_sid *sid, u8 *out, u32 cap, u32 *len)
{
	u32 i, need;

	if (sid->revision != 1 || sid->num_auths > SMB2_SID_MAX_SUB_AUTHORITIES)
		return STATUS_INVALID_SID;
	need = smb2_sid_size(sid);
	if (!out || cap < need)
		return STATUS_BUFFER_TOO_SMALL;
	out[0] = sid->revision;
	out[1] = sid->num_auths;
	memcpy(out + 2, sid->authority, 6);
	for (i = 0; i < sid->num_auths; i++)
		put_le32(out + SID_HDR_SIZE + 4 * i, sid->sub_auth[i]);
	*len = need;
	return STATUS_SUCCESS;
}

/**
 * smb2_sid_cmp() - order two SIDs
 * @a: one SID
 * @b: the other
 *
 * Orders by revision, authority, then sub-authorities, then count (a SID
 * sorts before its extensions).
 *
 * Return: 0 when equal, negative when @a sorts first, positive otherwise.
 */
int smb2_sid_cmp(const struct smb2_sid *a, const struct smb2_sid *b)
{
	u32 na = smb2_sid_size(a) / 4 - 2, nb = smb2_sid_size(b) / 4 - 2;
	u32 i;
	int c;

	if (a->revision != b->revision)
		return a->revision < b->revision ? -1 : 1;
	c = memcmp(a->authority, b->authority, 6);
	if (c)
		return c < 0 ? -1 : 1;
	for (i = 0; i < na && i < nb; i++)
		if (a->sub_auth[i] != b->sub_auth[i])
			return a->sub_auth[i] < b->sub_auth[i] ? -1 : 1;
	if (na != nb)
		return na < nb ? -1 : 1;
	return 0;
}

/* Append @s (@n chars) at *@pos if it fits below @cap (NUL kept room for). */
static bool put_str(char *out, u32 cap, u32 *pos, const char *s, u32 n)
{
	if (*pos >= cap || n > cap - 1 - *pos)
		return false;
	memcpy(out + *pos, s, n);
	*pos += n;
	return true;
}

static bool put_dec(char *out, u32 cap, u32 *pos, u64 v)
{
	char d[20];
	u32 n = sizeof(d);

	do {
		d[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	return put_str(out, cap, pos, d + n, sizeof(d) - n);
}

/**
 * smb2_sid_to_string() - "S-1-5-21-..." form of a SID (MS-DTYP 2.4.2.1)
 * @sid: the SID
 * @out: output, NUL-terminated
 * @cap: its size (SMB2_SID_STRING_MAX always suffices)
 *
 * The authority is decimal below 2^32, else "0x" and 12 upper-case hex
 * digits.
 *
 * Return: the string's length, or -1 if it does not fit (then @out is
 * the empty string when @cap is not 0).
 */
int smb2_sid_to_string(const struct smb2_sid *sid, char *out, u32 cap)
{
	static const char hex[] = "0123456789ABCDEF";
	u32 pos = 0, i, n = smb2_sid_size(sid) / 4 - 2;
	u64 auth = 0;
	char h[14];
	bool ok;

	for (i = 0; i < 6; i++)
		auth = (auth << 8) | sid->authority[i];
	ok = put_str(out, cap, &pos, "S-", 2) && put_dec(out, cap, &pos, sid->revision) &&
	     put_str(out, cap, &pos, "-", 1);
	if (ok && auth >> 32) {
		h[0] = '0';
		h[1] = 'x';
		for (i = 0; i < 12; i++)
			h[2 + i] = hex[(auth >> (44 - 4 * i)) & 0xF];
		ok = put_str(out, cap, &pos, h, sizeof(h));
	} else if (ok) {
		ok = put_dec(out, cap, &pos, auth);
	}
	for (i = 0; ok && i < n; i++)
		ok = put_str(out, cap, &pos, "-", 1) && put_dec(out, cap, &pos, sid->sub_auth[i]);
	if (!ok) {
		if (cap)
			out[0] = '\0';
		return -1;
	}
	out[pos] = '\0';
	return (int)pos;
}

/* 1*10DIGIT without leading zeros, at most 0xFFFFFFFF. */
static const char *get_dec(const char *s, u32 *v)
{
	u64 x = 0;
	u32 n = 0;

	while (s[n] >= '0' && s[n] <= '9') {
		if (n == 10)
			return NULL;
		x = x * 10 + (u32)(s[n] - '0');
		n++;
	}
	if (!n || (n > 1 && s[0] == '0') || x > 0xFFFFFFFFULL)
		return NULL;
	*v = (u32)x;
	return s + n;
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/**
 * smb2_sid_from_string() - parse the string form of a SID (MS-DTYP 2.4.2.1)
 * @s: NUL-terminated "S-1-<authority>[-<sub>]..."; the authority is
 *	decimal (below 2^32) or "0x" and exactly 12 hex digits; decimal
 *	numbers have no leading zeros; at most 15 sub-authorities
 * @sid: the result
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_SID.
 */
u32 smb2_sid_from_string(const char *s, struct smb2_sid *sid)
{
	u64 auth = 0;
	u32 v, i;
	int d;

	memset(sid, 0, sizeof(*sid));
	if ((s[0] != 'S' && s[0] != 's') || s[1] != '-' || s[2] != '1' || s[3] != '-')
		return STATUS_INVALID_SID;
	s += 4;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		for (i = 0; i < 12; i++) {
			d = hex_digit(s[2 + i]);
			if (d < 0)
				return STATUS_INVALID_SID;
			auth = (auth << 4) | (u32)d;
		}
		s += 14;
	} else {
		s = get_dec(s, &v);
		if (!s)
			return STATUS_INVALID_SID;
		auth = v;
	}
	sid->revision = 1;
	for (i = 0; i < 6; i++)
		sid->authority[i] = (u8)(auth >> (40 - 8 * i));
	while (*s == '-') {
		if (sid->num_auths == SMB2_SID_MAX_SUB_AUTHORITIES)
			return STATUS_INVALID_SID;
		s = get_dec(s + 1, &v);
		if (!s)
			return STATUS_INVALID_SID;
		sid->sub_auth[sid->num_auths++] = v;
	}
	return *s ? STATUS_INVALID_SID : STATUS_SUCCESS;
}

static void sid_unix(u32 kind, u32 id, struct smb2_sid *sid)
{
	memset(sid, 0, sizeof(*sid));
	sid->revision = 1;
	sid->num_auths = 2;
	sid->authority[5] = SID_UNIX_AUTHORITY;
	sid->sub_auth[0] = kind;
	sid->sub_auth[1] = id;
}

/**
 * smb2_sid_unix_user() - S-1-22-1-@uid, the SID Samba uses for a Unix user
 * @uid: the user id
 * @sid: the result
 */
void smb2_sid_unix_user(u32 uid, struct smb2_sid *sid)
{
	sid_unix(SMB2_SID_UNIX_USER, uid, sid);
}

/**
 * smb2_sid_unix_group() - S-1-22-2-@gid, the SID Samba uses for a Unix group
 * @gid: the group id
 * @sid: the result
 */
void smb2_sid_unix_group(u32 gid, struct smb2_sid *sid)
{
	sid_unix(SMB2_SID_UNIX_GROUP, gid, sid);
}

/**
 * smb2_sid_unix_id() - the Unix id in an S-1-22-1-x or S-1-22-2-x SID
 * @sid: the SID
 * @id: set to x when the SID is one of those
 *
 * Return: SMB2_SID_UNIX_USER, SMB2_SID_UNIX_GROUP, or 0 for any other SID.
 */
int smb2_sid_unix_id(const struct smb2_sid *sid, u32 *id)
{
	static const u8 unix_auth[6] = AUTH(SID_UNIX_AUTHORITY);

	if (sid->revision != 1 || sid->num_auths != 2 ||
	    memcmp(sid->authority, unix_auth, 6) ||
	    (sid->sub_auth[0] != SMB2_SID_UNIX_USER && sid->sub_auth[0] != SMB2_SID_UNIX_GROUP))
		return 0;
	*id = sid->sub_auth[1];
	return (int)sid->sub_auth[0];
}
