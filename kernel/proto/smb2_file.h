/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_file.h - CREATE, CLOSE, FLUSH, READ, WRITE and IOCTL request parsing
 * and response building (MS-SMB2 2.2.13-2.2.22, 2.2.31-2.2.32).
 * @cmd arguments are one command: its SMB2 header and body, @len bytes.
 * Every offset/length pair is checked against the command before use.
 */
#ifndef SMB3K_SMB2_FILE_H
#define SMB3K_SMB2_FILE_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_wire.h"
#include "fscc.h"

#define SMB2_FILEID_SIZE		16
#define SMB2_FILEID_ANY			0xFFFFFFFFFFFFFFFFULL

#define FILE_OPENED			0x00000001

/* RequestedOplockLevel / OplockLevel (2.2.13, 2.2.14) */
#define SMB2_OPLOCK_LEVEL_NONE		0x00
#define SMB2_OPLOCK_LEVEL_II		0x01
#define SMB2_OPLOCK_LEVEL_EXCLUSIVE	0x08
#define SMB2_OPLOCK_LEVEL_BATCH		0x09
#define SMB2_OPLOCK_LEVEL_LEASE		0xFF

/* CREATE response Flags (2.2.14) */
#define SMB2_CREATE_FLAG_REPARSEPOINT	0x01

/* CREATE response body before Buffer: create contexts start here (8-aligned) */
#define SMB2_CREATE_RSP_CONTEXTS_OFF	88

/* CLOSE Flags (2.2.15, 2.2.16) */
#define SMB2_CLOSE_FLAG_POSTQUERY_ATTRIB	0x0001

#define FSCTL_PIPE_TRANSCEIVE		0x0011C017
#define FSCTL_VALIDATE_NEGOTIATE_INFO	0x00140204
#define SMB2_0_IOCTL_IS_FSCTL		0x00000001

/* Largest file name in a CREATE, in bytes of UTF-16 (MS-FSCC: 32767 units) */
#define SMB2_CREATE_NAME_MAX		(2 * 32767)

/**
 * struct smb2_fileid - FileId of a request
 * @persistent: FileId.Persistent
 * @volatile_id: FileId.Volatile
 */
struct smb2_fileid {
	u64 persistent;
	u64 volatile_id;
};

/**
 * struct smb2_create_req - validated CREATE request
 * @oplock_level: RequestedOplockLevel
 * @impersonation: ImpersonationLevel
 * @desired_access: DesiredAccess
 * @file_attributes: FileAttributes
 * @share_access: ShareAccess
 * @disposition: CreateDisposition
 * @options: CreateOptions
 * @name: UTF-16LE name inside the command (NULL when empty)
 * @name_len: its length in bytes (even)
 * @contexts: create contexts inside the command (NULL when none)
 * @contexts_len: their length
 */
struct smb2_create_req {
	u8 oplock_level;
	u32 impersonation;
	u32 desired_access;
	u32 file_attributes;
	u32 share_access;
	u32 disposition;
	u32 options;
	const u8 *name;
	u16 name_len;
	const u8 *contexts;
	u32 contexts_len;
};

/**
 * struct smb2_create_rsp - what a CREATE response says
 * @oplock_level: OplockLevel
 * @create_action: CreateAction
 * @creation_time: CreationTime (FILETIME)
 * @last_access_time: LastAccessTime
 * @last_write_time: LastWriteTime
 * @change_time: ChangeTime
 * @allocation_size: AllocationSize
 * @end_of_file: EndofFile
 * @file_attributes: FileAttributes
 * @fileid: FileId
 * @flags: Flags (SMB2_CREATE_FLAG_REPARSEPOINT, 3.x only)
 * @contexts: response create contexts (smb2_ctx_writer output), either
 *	      already at body + SMB2_CREATE_RSP_CONTEXTS_OFF or not overlapping
 *	      the body; NULL when none
 * @contexts_len: their length (0: none)
 */
struct smb2_create_rsp {
	u8 oplock_level;
	u32 create_action;
	u64 creation_time;
	u64 last_access_time;
	u64 last_write_time;
	u64 change_time;
	u64 allocation_size;
	u64 end_of_file;
	u32 file_attributes;
	struct smb2_fileid fileid;
	u8 flags;
	const u8 *contexts;
	u32 contexts_len;
};

/**
 * struct smb2_rw_req - validated READ or WRITE request
 * @flags: Flags
 * @length: Length
 * @offset: Offset
 * @fileid: FileId
 * @minimum_count: MinimumCount (READ)
 * @data: the data to write, inside the command (WRITE)
 */
struct smb2_rw_req {
	u32 flags;
	u32 length;
	u64 offset;
	struct smb2_fileid fileid;
	u32 minimum_count;
	const u8 *data;
};

/**
 * struct smb2_ioctl_req - validated IOCTL request
 * @ctl_code: CtlCode
 * @fileid: FileId
 * @input: the input buffer inside the command (NULL when empty)
 * @input_count: InputCount
 * @max_input_response: MaxInputResponse
 * @max_output_response: MaxOutputResponse
 * @flags: Flags
 */
struct smb2_ioctl_req {
	u32 ctl_code;
	struct smb2_fileid fileid;
	const u8 *input;
	u32 input_count;
	u32 max_input_response;
	u32 max_output_response;
	u32 flags;
};

/**
 * struct smb2_validate_neg - VALIDATE_NEGOTIATE_INFO request (2.2.31.4)
 * @capabilities: Capabilities
 * @guid: Guid (the client's)
 * @security_mode: SecurityMode
 * @dialects: the Dialects array inside the input buffer
 * @dialect_count: DialectCount; 2 * count bytes are inside the buffer
 */
struct smb2_validate_neg {
	u32 capabilities;
	const u8 *guid;
	u16 security_mode;
	const u8 *dialects;
	u16 dialect_count;
};

#define SMB2_VALIDATE_NEG_RSP_SIZE	24

u32 smb2_validate_neg_parse(const u8 *in, u32 len, struct smb2_validate_neg *v);
void smb2_validate_neg_build_rsp(u32 capabilities, const u8 *server_guid,
				 u16 security_mode, u16 dialect, u8 *out);
u32 smb2_request_payload(const u8 *cmd, size_t len, u16 command);
u32 smb2_create_parse(const u8 *cmd, size_t len, struct smb2_create_req *req);
u32 smb2_create_build_rsp(const struct smb2_create_rsp *rsp, u8 *body, size_t cap,
			  size_t *len);
u32 smb2_close_parse(const u8 *cmd, size_t len, u16 *flags, struct smb2_fileid *fid);
u32 smb2_close_build_rsp(u8 *body, size_t cap, size_t *len);
u32 smb2_close_build_rsp_attrs(u16 flags, const struct fscc_file_stat *st, u8 *body,
			       size_t cap, size_t *len);
u32 smb2_flush_parse(const u8 *cmd, size_t len, struct smb2_fileid *fid);
u32 smb2_flush_build_rsp(u8 *body, size_t cap, size_t *len);
u32 smb2_read_parse(const u8 *cmd, size_t len, struct smb2_rw_req *req);
u32 smb2_read_build_rsp(const u8 *data, u32 data_len, u8 *body, size_t cap, size_t *len);
u32 smb2_write_parse(const u8 *cmd, size_t len, struct smb2_rw_req *req);
u32 smb2_write_build_rsp(u32 count, u8 *body, size_t cap, size_t *len);
u32 smb2_ioctl_parse(const u8 *cmd, size_t len, struct smb2_ioctl_req *req);
u32 smb2_ioctl_build_rsp(u32 ctl_code, const struct smb2_fileid *fid, const u8 *out,
			 u32 out_len, u8 *body, size_t cap, size_t *len);

#endif /* SMB3K_SMB2_FILE_H */
