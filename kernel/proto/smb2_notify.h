/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_notify.h - CHANGE_NOTIFY request parsing, FILE_NOTIFY_INFORMATION
 * lists and the CHANGE_NOTIFY response (MS-SMB2 2.2.35, 2.2.36, 3.3.5.19;
 * MS-FSCC 2.7.1).
 *
 * What the handler checks itself, in MS-SMB2 3.3.5.19 order: the open
 * (STATUS_FILE_CLOSED), OutputBufferLength above Connection.MaxTransactSize
 * (STATUS_INVALID_PARAMETER), that the open is a directory
 * (STATUS_INVALID_PARAMETER), FILE_LIST_DIRECTORY (STATUS_ACCESS_DENIED).
 * Unknown Flags and CompletionFilter bits are ignored (3.3.5.19: "MUST
 * ignore the invalid bits").
 */
#ifndef SMB3K_SMB2_NOTIFY_H
#define SMB3K_SMB2_NOTIFY_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "fscc.h"
#include "smb2_file.h"

/* MS-SMB2 2.2.35 Flags */
#define SMB2_WATCH_TREE			0x0001

/* The CompletionFilter bits MS-SMB2 2.2.35 defines */
#define FILE_NOTIFY_CHANGE_VALID	0x00000FFFU

/* Response body bytes before the data (OutputBufferOffset = 64 + 8) */
#define SMB2_CHANGE_NOTIFY_RSP_FIXED	8

/* FILE_NOTIFY_INFORMATION bytes before FileName (MS-FSCC 2.7.1) */
#define SMB2_NOTIFY_INFO_FIXED		12

/**
 * struct smb2_change_notify_req - validated CHANGE_NOTIFY request
 * @flags: Flags (SMB2_WATCH_TREE; other bits kept, to be ignored)
 * @output_len: OutputBufferLength
 * @fileid: FileId
 * @filter: CompletionFilter (FILE_NOTIFY_CHANGE_*; other bits kept)
 */
struct smb2_change_notify_req {
	u16 flags;
	u32 output_len;
	struct smb2_fileid fileid;
	u32 filter;
};

/**
 * struct smb2_notify_writer - builds a FILE_NOTIFY_INFORMATION list
 * @buf: the output
 * @cap: its size
 * @used: bytes written, every entry padded to 4 bytes
 * @last: offset of the last entry (its NextEntryOffset is 0)
 * @count: entries written
 * @overflow: an entry did not fit (nothing of it was written)
 */
struct smb2_notify_writer {
	u8 *buf;
	size_t cap;
	size_t used;
	size_t last;
	u32 count;
	bool overflow;
};

u32 smb2_change_notify_parse(const u8 *cmd, size_t len, struct smb2_change_notify_req *req);
size_t smb2_notify_entry_size(size_t name_len);
void smb2_notify_writer_init(struct smb2_notify_writer *w, u8 *buf, size_t cap);
u32 smb2_notify_append(struct smb2_notify_writer *w, u32 action, const u8 *name,
		       size_t name_len);
u32 smb2_change_notify_build_rsp(u32 data_len, u8 *body, size_t cap, size_t *len);

#endif /* SMB3K_SMB2_NOTIFY_H */
