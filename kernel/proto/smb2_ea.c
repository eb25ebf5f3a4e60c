// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_ea.c - FILE_FULL_EA_INFORMATION and FILE_GET_EA_INFORMATION lists
 * (MS-FSCC 2.4.16, 2.4.16.1; statuses per MS-FSA 2.1.5.15.6).
 */
#include "smb2_ea.h"

/*
 * One FILE_FULL_EA_INFORMATION entry at @pos (< @len), structure only: the
 * header, the name with its NUL and the value lie inside the entry; a
 * non-zero NextEntryOffset is 4-aligned, past the entry and still inside
 * the list, so a walk always moves forward and ends.
 */
static u32 full_entry(const u8 *buf, u32 len, u32 pos, struct smb2_ea *ea, u32 *next)
{
	const u8 *e = buf + pos;
	u32 room = len - pos;
	u32 size, nxt;

	if (room < SMB2_EA_FULL_HDR_SIZE)
		return STATUS_EA_LIST_INCONSISTENT;
	nxt = get_le32(e);
	ea->flags = e[4];
	ea->name_len = e[5];
	ea->value_len = get_le16(e + 6);
	size = SMB2_EA_FULL_HDR_SIZE + ea->name_len + 1 + ea->value_len;
	if (size > room)
		return STATUS_EA_LIST_INCONSISTENT;
	if (nxt && ((nxt & 3) || nxt < size || nxt >= room))
		return STATUS_EA_LIST_INCONSISTENT;
	if (e[SMB2_EA_FULL_HDR_SIZE + ea->name_len])
		return STATUS_EA_LIST_INCONSISTENT;
	ea->name = (const char *)e + SMB2_EA_FULL_HDR_SIZE;
	ea->value = ea->value_len ? e + SMB2_EA_FULL_HDR_SIZE + ea->name_len + 1 : NULL;
	*next = nxt;
	return STATUS_SUCCESS;
}

/* The same for a FILE_GET_EA_INFORMATION entry. */
static u32 get_entry(const u8 *buf, u32 len, u32 pos, const char **name, u8 *name_len,
		     u32 *next)
{
	const u8 *e = buf + pos;
	u32 room = len - pos;
	u32 size, nxt;

	if (room < SMB2_EA_GET_HDR_SIZE)
		return STATUS_EA_LIST_INCONSISTENT;
	nxt = get_le32(e);
	size = SMB2_EA_GET_HDR_SIZE + e[4] + 1;
	if (size > room)
		return STATUS_EA_LIST_INCONSISTENT;
	if (nxt && ((nxt & 3) || nxt < size || nxt >= room))
		return STATUS_EA_LIST_INCONSISTENT;
	if (e[SMB2_EA_GET_HDR_SIZE + e[4]])
		return STATUS_EA_LIST_INCONSISTENT;
	*name = (const char *)e + SMB2_EA_GET_HDR_SIZE;
	*name_len = e[4];
	*next = nxt;
	return STATUS_SUCCESS;
}

/**
 * smb2_ea_name_valid() - is this a well-formed EaName (MS-FSCC 2.4.16)
 * @name: the name (need not be NUL-terminated)
 * @name_len: its length, at least 1
 *
 * No control characters (0x00-0x1F) and none of \ / : * ? " < > | , + = [ ] ;
 * EaNameLength is 8 bits wide, so the length limit holds by construction.
 *
 * Return: true when valid.
 */
bool smb2_ea_name_valid(const char *name, u8 name_len)
{
	static const char bad[] = "\\/:*?\"<>|,+=[];";
	u32 i;

	if (!name_len)
		return false;
	for (i = 0; i < name_len; i++) {
		u8 c = (u8)name[i];

		if (c < 0x20 || memchr(bad, c, sizeof(bad) - 1))
			return false;
	}
	return true;
}

/**
 * smb2_ea_list_validate() - validate a FILE_FULL_EA_INFORMATION list
 * @buf: the list
 * @len: its length
 * @count: set to the number of entries on success (may be NULL)
 *
 * The whole chain is checked first, then each entry's Flags (0 or
 * FILE_NEED_EA) and EaName (smb2_ea_name_valid()).
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for an empty list;
 * STATUS_EA_LIST_INCONSISTENT for a broken chain (entry outside the list,
 * misaligned or backward NextEntryOffset, name not NUL-terminated);
 * STATUS_INVALID_EA_NAME for bad flags or a bad name (MS-FSA 2.1.5.15.6).
 */
u32 smb2_ea_list_validate(const u8 *buf, u32 len, u32 *count)
{
	u32 name_status = STATUS_SUCCESS;
	u32 pos = 0, n = 0, next, status;
	struct smb2_ea ea;

	if (count)
		*count = 0;
	if (!len)
		return STATUS_INVALID_PARAMETER;
	do {
		status = full_entry(buf, len, pos, &ea, &next);
		if (status != STATUS_SUCCESS)
			return status;
		if (name_status == STATUS_SUCCESS &&
		    ((ea.flags & ~FILE_NEED_EA) || !smb2_ea_name_valid(ea.name, ea.name_len)))
			name_status = STATUS_INVALID_EA_NAME;
		n++;
		pos += next;
	} while (next);
	if (name_status != STATUS_SUCCESS)
		return name_status;
	if (count)
		*count = n;
	return STATUS_SUCCESS;
}

/**
 * smb2_ea_next() - the next entry of a FILE_FULL_EA_INFORMATION list
 * @buf: the list
 * @len: its length
 * @pos: start at 0; advanced past the entry returned
 * @ea: the entry, pointing into @buf
 *
 * Meant for lists that smb2_ea_list_validate() accepted, but checks every
 * entry again, so it never reads outside @buf whatever the list holds.
 *
 * Return: STATUS_SUCCESS, STATUS_NO_MORE_EAS after the last entry, or
 * STATUS_EA_LIST_INCONSISTENT.
 */
u32 smb2_ea_next(const u8 *buf, u32 len, u32 *pos, struct smb2_ea *ea)
{
	u32 next, status;

	if (*pos >= len)
		return STATUS_NO_MORE_EAS;
	status = full_entry(buf, len, *pos, ea, &next);
	if (status != STATUS_SUCCESS)
		return status;
	*pos = next ? *pos + next : len;
	return STATUS_SUCCESS;
}

/**
 * smb2_ea_get_list_validate() - validate a FILE_GET_EA_INFORMATION list
 * @buf: the list (a QUERY_INFO FileFullEaInformation input buffer)
 * @len: its length; 0 is an empty list, which asks for every EA
 * @count: set to the number of entries on success (may be NULL)
 *
 * Return: STATUS_SUCCESS, STATUS_EA_LIST_INCONSISTENT for a broken chain,
 * or STATUS_INVALID_EA_NAME for an empty or malformed name.
 */
u32 smb2_ea_get_list_validate(const u8 *buf, u32 len, u32 *count)
{
	u32 name_status = STATUS_SUCCESS;
	u32 pos = 0, n = 0, next, status;
	const char *name;
	u8 name_len;

	if (count)
		*count = 0;
	if (!len)
		return STATUS_SUCCESS;
	do {
		status = get_entry(buf, len, pos, &name, &name_len, &next);
		if (status != STATUS_SUCCESS)
			return status;
		if (name_status == STATUS_SUCCESS && !smb2_ea_name_valid(name, name_len))
			name_status = STATUS_INVALID_EA_NAME;
		n++;
		pos += next;
	} while (next);
	if (name_status != STATUS_SUCCESS)
		return name_status;
	if (count)
		*count = n;
	return STATUS_SUCCESS;
}

/**
 * smb2_ea_get_next() - the next name of a FILE_GET_EA_INFORMATION list
 * @buf: the list
 * @len: its length
 * @pos: start at 0; advanced past the entry returned
 * @name: set to the EaName inside @buf (NUL-terminated)
 * @name_len: set to EaNameLength
 *
 * Checks every entry again, like smb2_ea_next().
 *
 * Return: STATUS_SUCCESS, STATUS_NO_MORE_EAS after the last entry, or
 * STATUS_EA_LIST_INCONSISTENT.
 */
u32 smb2_ea_get_next(const u8 *buf, u32 len, u32 *pos, const char **name, u8 *name_len)
{
	u32 next, status;

	if (*pos >= len)
		return STATUS_NO_MORE_EAS;
	status = get_entry(buf, len, *pos, name, name_len, &next);
	if (status != STATUS_SUCCESS)
		return status;
	*pos = next ? *pos + next : len;
	return STATUS_SUCCESS;
}

/**
 * smb2_ea_writer_init() - start an empty FILE_FULL_EA_INFORMATION list
 * @ew: the writer
 * @buf: output
 * @cap: its size
 */
void smb2_ea_writer_init(struct smb2_ea_writer *ew, u8 *buf, u32 cap)
{
	ew->buf = buf;
	ew->cap = cap;
	ew->used = 0;
	ew->last = 0;
}

/**
 * smb2_ea_put() - append one FILE_FULL_EA_INFORMATION entry
 * @ew: the writer
 * @flags: Flags
 * @name: EaName (@name_len bytes; the NUL is added)
 * @name_len: EaNameLength
 * @value: EaValue (may be NULL when @value_len is 0)
 * @value_len: EaValueLength
 *
 * The entry starts 4-aligned (zero padding) and the previous entry's
 * NextEntryOffset is set to it. The list is @ew->used bytes long; the last
 * entry is not padded. The name is not checked (smb2_ea_name_valid()).
 *
 * Return: STATUS_SUCCESS, or STATUS_BUFFER_OVERFLOW (nothing written) when
 * the entry does not fit: the list so far holds only complete entries.
 */
u32 smb2_ea_put(struct smb2_ea_writer *ew, u8 flags, const char *name, u8 name_len,
		const u8 *value, u16 value_len)
{
	u32 start = ew->used ? (ew->used + 3) & ~3U : 0;
	u32 size = SMB2_EA_FULL_HDR_SIZE + name_len + 1 + value_len;
	u8 *e;

	if (start < ew->used || start > ew->cap || size > ew->cap - start)
		return STATUS_BUFFER_OVERFLOW;
	if (ew->used) {
		memset(ew->buf + ew->used, 0, start - ew->used);
		put_le32(ew->buf + ew->last, start - ew->last);
	}
	e = ew->buf + start;
	put_le32(e, 0);
	e[4] = flags;
	e[5] = name_len;
	put_le16(e + 6, value_len);
	if (name_len)
		memcpy(e + SMB2_EA_FULL_HDR_SIZE, name, name_len);
	e[SMB2_EA_FULL_HDR_SIZE + name_len] = 0;
	if (value_len)
		memcpy(e + SMB2_EA_FULL_HDR_SIZE + name_len + 1, value, value_len);
	ew->last = start;
	ew->used = start + size;
	return STATUS_SUCCESS;
}

/**
 * smb2_ea_entry_size() - bytes one EA takes in a FILE_FULL_EA_INFORMATION list
 * @name_len: EaNameLength
 * @value_len: EaValueLength
 *
 * The header, name, NUL and value, rounded up to 4. The sum over a file's
 * EAs is its ExtendedAttributesLength; FileEaInformation.EaSize adds 4 to
 * it when non-zero (MS-FSA 2.1.5.12.10).
 *
 * Return: the size in bytes.
 */
u32 smb2_ea_entry_size(u8 name_len, u16 value_len)
{
	return (SMB2_EA_FULL_HDR_SIZE + name_len + 1 + value_len + 3) & ~3U;
}
