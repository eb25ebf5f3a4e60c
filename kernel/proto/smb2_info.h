/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_info.h - QUERY_INFO and SET_INFO (MS-SMB2 2.2.37-2.2.40), the file
 * information classes a server returns or accepts (MS-FSCC 2.4) and the
 * file system information classes it returns (MS-FSCC 2.5).
 *
 * smb2_info.c: the PDUs. file_info.c: file class encoders and the SET_INFO
 * decoders. fs_info.c: file system class encoders.
 *
 * Encoders follow MS-FSA 2.1.5.12 / 2.1.5.13: a buffer below the class's
 * minimum size fails with STATUS_INFO_LENGTH_MISMATCH and nothing written;
 * a variable part (name, label, stream list) that does not fit is cut and
 * STATUS_BUFFER_OVERFLOW returned with the bytes that were written, which
 * the response carries (MS-SMB2 3.3.5.20.1). Decoders never read past
 * their buffer and return views into it.
 */
#ifndef SMB3K_SMB2_INFO_H
#define SMB3K_SMB2_INFO_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "fscc.h"
#include "smb2_file.h"

/* Response body bytes before the data (OutputBufferOffset = 64 + 8) */
#define SMB2_QUERY_INFO_RSP_FIXED	8
#define SMB2_SET_INFO_RSP_SIZE		2

/* MS-SMB2 2.2.37 Flags (FileFullEaInformation queries) */
#define SL_RESTART_SCAN			0x00000001U
#define SL_RETURN_SINGLE_ENTRY		0x00000002U
#define SL_INDEX_SPECIFIED		0x00000004U

/**
 * struct smb2_query_info_req - validated QUERY_INFO request
 * @info_type: InfoType (SMB2_0_INFO_*)
 * @info_class: FileInfoClass
 * @output_len: OutputBufferLength
 * @additional_info: AdditionalInformation
 * @flags: Flags (SL_*)
 * @fileid: FileId
 * @input: the input buffer inside the command, only for
 *	FileFullEaInformation and quota queries (NULL otherwise or when empty)
 * @input_len: its length (0 when @input is NULL)
 */
struct smb2_query_info_req {
	u8 info_type;
	u8 info_class;
	u32 output_len;
	u32 additional_info;
	u32 flags;
	struct smb2_fileid fileid;
	const u8 *input;
	u32 input_len;
};

/**
 * struct smb2_set_info_req - validated SET_INFO request
 * @info_type: InfoType (SMB2_0_INFO_*)
 * @info_class: FileInfoClass
 * @additional_info: AdditionalInformation
 * @fileid: FileId
 * @buf: the buffer inside the command (never NULL on success)
 * @buf_len: BufferLength (> 0)
 */
struct smb2_set_info_req {
	u8 info_type;
	u8 info_class;
	u32 additional_info;
	struct smb2_fileid fileid;
	const u8 *buf;
	u32 buf_len;
};

/**
 * struct smb2_stream_entry - one stream for FileStreamInformation
 * @name: UTF-16LE full stream name, ":name:$DATA" or "::$DATA"
 * @name_len: its length in bytes
 * @size: StreamSize
 * @allocation_size: StreamAllocationSize
 */
struct smb2_stream_entry {
	const u8 *name;
	u32 name_len;
	u64 size;
	u64 allocation_size;
};

/**
 * struct smb2_file_info_ctx - what the file information encoders need
 * @st: the file
 * @name: UTF-16LE path from the share root with a leading backslash
 *	(FileNameInformation, FileNormalizedNameInformation and the name in
 *	FileAllInformation; MS-SMB2 3.3.5.20.1 lets the caller pass an empty
 *	name for FileAllInformation)
 * @name_len: its length in bytes
 * @alt_name: UTF-16LE 8.3 name (FileAlternateNameInformation), may be NULL
 * @alt_name_len: its length in bytes
 * @access_flags: the open's granted access (FileAccessInformation)
 * @position: CurrentByteOffset (MS-SMB2 3.3.5.20.1: SHOULD be 0)
 * @mode: the open's mode; CreateOptions may be passed as is, the encoder
 *	keeps the FILE_MODE_VALID bits bar FILE_DELETE_ON_CLOSE (2.4.31)
 * @alignment: AlignmentRequirement (FILE_*_ALIGNMENT of MS-FSCC 2.4.3)
 * @streams: the file's streams, in order (FileStreamInformation)
 * @nstreams: how many
 */
struct smb2_file_info_ctx {
	const struct fscc_file_stat *st;
	const u8 *name;
	u32 name_len;
	const u8 *alt_name;
	u32 alt_name_len;
	u32 access_flags;
	u64 position;
	u32 mode;
	u32 alignment;
	const struct smb2_stream_entry *streams;
	u32 nstreams;
};

/**
 * struct smb2_basic_info - FILE_BASIC_INFORMATION from a SET_INFO
 * @creation_time: CreationTime
 * @last_access_time: LastAccessTime
 * @last_write_time: LastWriteTime
 * @change_time: ChangeTime
 * @file_attributes: FileAttributes as sent (0: don't change); the caller
 *	applies FILE_ATTRIBUTE_SETTABLE (MS-FSA 2.1.5.15.2)
 *
 * Times are raw FILETIMEs read as signed: 0 = don't change, -1
 * (0xFFFFFFFFFFFFFFFF) = stop updating it for this handle, -2 = resume
 * updating it; anything else is the time to set (>= 0, checked).
 */
struct smb2_basic_info {
	u64 creation_time;
	u64 last_access_time;
	u64 last_write_time;
	u64 change_time;
	u32 file_attributes;
};

#define SMB2_BASIC_TIME_KEEP		0ULL
#define SMB2_BASIC_TIME_FREEZE		0xFFFFFFFFFFFFFFFFULL	/* -1 */
#define SMB2_BASIC_TIME_UNFREEZE	0xFFFFFFFFFFFFFFFEULL	/* -2 */

/**
 * struct smb2_rename_info - FileRenameInformation(Ex) / FileLinkInformation
 * @replace_if_exists: ReplaceIfExists (for class 65: the flag in @flags)
 * @flags: FILE_RENAME_* (class 65 only, else 0)
 * @root_directory: RootDirectory (always 0 after a successful decode)
 * @name: the UTF-16LE FileName inside the decoded buffer
 * @name_len: FileNameLength (even, > 0)
 */
struct smb2_rename_info {
	bool replace_if_exists;
	u32 flags;
	u64 root_directory;
	const u8 *name;
	u32 name_len;
};

/* smb2_info.c */
u32 smb2_query_info_parse(const u8 *cmd, size_t len, struct smb2_query_info_req *req);
u32 smb2_query_info_build_rsp(u32 data_len, u8 *body, size_t cap, size_t *len);
u32 smb2_set_info_parse(const u8 *cmd, size_t len, struct smb2_set_info_req *req);
u32 smb2_set_info_build_rsp(u8 *body, size_t cap, size_t *len);

/* file_info.c */
u32 smb2_file_info_min_size(u8 cls);
u32 smb2_file_info_encode(u8 cls, const struct smb2_file_info_ctx *ctx, u8 *out, u32 cap,
			  u32 *len);
u32 smb2_decode_basic_info(const u8 *buf, u32 len, struct smb2_basic_info *bi);
u32 smb2_decode_rename_info(u8 cls, const u8 *buf, u32 len, struct smb2_rename_info *ri);
u32 smb2_decode_disposition_info(u8 cls, const u8 *buf, u32 len, u32 *flags);
u32 smb2_decode_u64_info(u8 cls, const u8 *buf, u32 len, u64 *value);
u32 smb2_decode_mode_info(const u8 *buf, u32 len, u32 *mode);

/* fs_info.c */
u32 smb2_fs_info_min_size(u8 cls);
u32 smb2_fs_info_encode(u8 cls, const struct fscc_fs_stat *fs, u8 *out, u32 cap, u32 *len);

#endif /* SMB3K_SMB2_INFO_H */
