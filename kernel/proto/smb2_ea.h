/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_ea.h - extended attribute lists: FILE_FULL_EA_INFORMATION (MS-FSCC
 * 2.4.16) and FILE_GET_EA_INFORMATION (2.4.16.1) validation, iteration and
 * building. They travel in the "ExtA" CREATE context, SET_INFO and
 * QUERY_INFO FileFullEaInformation.
 *
 * Entries are chained by NextEntryOffset (0 on the last one), 4-byte
 * aligned. Validation checks the whole chain first (a broken chain is
 * STATUS_EA_LIST_INCONSISTENT), then the names and flags
 * (STATUS_INVALID_EA_NAME, MS-FSA 2.1.5.15.6).
 */
#ifndef SMB3K_SMB2_EA_H
#define SMB3K_SMB2_EA_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "fscc.h"

/* Fixed part of FILE_FULL_EA_INFORMATION / FILE_GET_EA_INFORMATION */
#define SMB2_EA_FULL_HDR_SIZE		8
#define SMB2_EA_GET_HDR_SIZE		5

/**
 * struct smb2_ea - one FILE_FULL_EA_INFORMATION entry
 * @flags: Flags (0 or FILE_NEED_EA)
 * @name: EaName, inside the list, followed by its NUL
 * @name_len: EaNameLength (without the NUL)
 * @value: EaValue inside the list (NULL when @value_len is 0)
 * @value_len: EaValueLength
 */
struct smb2_ea {
	u8 flags;
	const char *name;
	u8 name_len;
	const u8 *value;
	u16 value_len;
};

/**
 * struct smb2_ea_writer - builds a FILE_FULL_EA_INFORMATION list
 * @buf: output
 * @cap: its size
 * @used: bytes of the list so far (the end of the last entry)
 * @last: offset of the last entry (its NextEntryOffset is patched)
 */
struct smb2_ea_writer {
	u8 *buf;
	u32 cap;
	u32 used;
	u32 last;
};

bool smb2_ea_name_valid(const char *name, u8 name_len);
u32 smb2_ea_list_validate(const u8 *buf, u32 len, u32 *count);
u32 smb2_ea_next(const u8 *buf, u32 len, u32 *pos, struct smb2_ea *ea);
u32 smb2_ea_get_list_validate(const u8 *buf, u32 len, u32 *count);
u32 smb2_ea_get_next(const u8 *buf, u32 len, u32 *pos, const char **name, u8 *name_len);
void smb2_ea_writer_init(struct smb2_ea_writer *ew, u8 *buf, u32 cap);
u32 smb2_ea_put(struct smb2_ea_writer *ew, u8 flags, const char *name, u8 name_len,
		const u8 *value, u16 value_len);
u32 smb2_ea_entry_size(u8 name_len, u16 value_len);

#endif /* SMB3K_SMB2_EA_H */
