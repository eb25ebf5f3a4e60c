/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_query_dir.h - QUERY_DIRECTORY request parsing and response building
 * (MS-SMB2 2.2.33, 2.2.34) and the directory entries it returns (MS-FSCC
 * 2.4.8, 2.4.10, 2.4.15, 2.4.18-2.4.24, 2.4.33; filled as MS-FSA
 * 2.1.5.6.3 says). Name matching: wildcard.h.
 *
 * What the handler checks itself, in MS-SMB2 3.3.5.18 order: the open
 * (STATUS_FILE_CLOSED), that it is a directory (STATUS_INVALID_PARAMETER,
 * or an implementation-specific status with SMB2_REOPEN), OutputBufferLength
 * above Connection.MaxTransactSize (STATUS_INVALID_PARAMETER), CreditCharge,
 * FILE_LIST_DIRECTORY (STATUS_ACCESS_DENIED), then the information class
 * (smb2_query_dir_parse() already said STATUS_INVALID_INFO_CLASS) and an
 * OutputBufferLength below smb2_dir_entry_min_size(), which MS-FSA
 * 2.1.5.6.3 fails with STATUS_INFO_LENGTH_MISMATCH (0 included). On a first
 * query or a restart with a pattern, a pattern that is not
 * smb2_wildcard_expr_valid() is STATUS_OBJECT_NAME_INVALID; an empty one
 * means "*".
 */
#ifndef SMB3K_SMB2_QUERY_DIR_H
#define SMB3K_SMB2_QUERY_DIR_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "fscc.h"
#include "smb2_file.h"

/* MS-SMB2 2.2.33 Flags */
#define SMB2_RESTART_SCANS		0x01
#define SMB2_RETURN_SINGLE_ENTRY	0x02
#define SMB2_INDEX_SPECIFIED		0x04
#define SMB2_REOPEN			0x10

/* Response body bytes before the entries (OutputBufferOffset = 64 + 8) */
#define SMB2_QUERY_DIR_RSP_FIXED	8

/* Longest ShortName (MS-FSCC 2.4.8: 12 UTF-16 units) */
#define SMB2_DIR_SHORT_NAME_MAX		24

/**
 * struct smb2_query_dir_req - validated QUERY_DIRECTORY request
 * @info_class: FileInformationClass
 * @flags: Flags (SMB2_RESTART_SCANS, ...; unknown bits kept)
 * @file_index: FileIndex
 * @fileid: FileId
 * @pattern: the search pattern, UTF-16LE inside the command (NULL if empty)
 * @pattern_len: its length in bytes (even)
 * @output_len: OutputBufferLength
 */
struct smb2_query_dir_req {
	u8 info_class;
	u8 flags;
	u32 file_index;
	struct smb2_fileid fileid;
	const u8 *pattern;
	u16 pattern_len;
	u32 output_len;
};

/**
 * struct smb2_dir_entry - one directory entry to encode
 * @st: the file (times, sizes, attributes, EaSize, reparse tag, file id);
 *	may be NULL for FileNamesInformation
 * @name: FileName, UTF-16LE
 * @name_len: its length in bytes
 * @short_name: ShortName, UTF-16LE 8.3 name, or NULL
 * @short_name_len: its length in bytes (at most SMB2_DIR_SHORT_NAME_MAX;
 *	longer is cut)
 * @file_index: FileIndex (MS-FSA 2.1.5.6.3 sets 0)
 *
 * EaSize comes from @st->ea_size, or is @st->reparse_tag for a reparse
 * point in the classes that say so (MS-FSCC 2.4.8, 2.4.15, 2.4.22, 2.4.24);
 * the Extd classes carry the tag in ReparsePointTag. The 64-bit FileId is
 * @st->index_number; the 128-bit one (FileIdExtd, FileIdAllExtd) is the
 * same number zero-extended, as NTFS reports it (MS-FSCC 2.1.10), so it
 * agrees with FileIdInformation and FileInternalInformation.
 */
struct smb2_dir_entry {
	const struct fscc_file_stat *st;
	const u8 *name;
	u32 name_len;
	const u8 *short_name;
	u8 short_name_len;
	u32 file_index;
};

/**
 * struct smb2_dir_writer - entries being put in a response buffer
 * @buf: the buffer (at the response body + SMB2_QUERY_DIR_RSP_FIXED)
 * @cap: bytes the entries may use (min of OutputBufferLength and room)
 * @used: bytes written: the OutputBufferLength to return (no padding
 *	after the last entry, MS-FSCC 2.4.10)
 * @last: offset of the last entry, whose NextEntryOffset the next links
 * @count: entries written
 */
struct smb2_dir_writer {
	u8 *buf;
	u32 cap;
	u32 used;
	u32 last;
	u32 count;
};

u32 smb2_query_dir_parse(const u8 *cmd, size_t len, struct smb2_query_dir_req *req);
u32 smb2_query_dir_build_rsp(u32 data_len, u8 *body, size_t cap, size_t *len);
bool smb2_dir_class_valid(u8 info_class);
u32 smb2_dir_entry_min_size(u8 info_class);
void smb2_dir_writer_init(struct smb2_dir_writer *dw, u8 *buf, u32 cap);
u32 smb2_dir_append(struct smb2_dir_writer *dw, u8 info_class, const struct smb2_dir_entry *e);
u32 smb2_dir_append_truncated(struct smb2_dir_writer *dw, u8 info_class,
			      const struct smb2_dir_entry *e);

#endif /* SMB3K_SMB2_QUERY_DIR_H */
