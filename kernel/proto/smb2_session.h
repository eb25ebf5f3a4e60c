/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_session.h - SESSION_SETUP, LOGOFF, TREE_CONNECT, TREE_DISCONNECT and
 * ECHO request parsing and response building (MS-SMB2 2.2.5-2.2.11, 2.2.28).
 * @cmd arguments are one command: its SMB2 header and body, @len bytes.
 */
#ifndef SMB3K_SMB2_SESSION_H
#define SMB3K_SMB2_SESSION_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_wire.h"

/* SESSION_SETUP request Flags and response SessionFlags */
#define SMB2_SESSION_FLAG_BINDING		0x01
#define SMB2_SESSION_FLAG_IS_GUEST		0x0001
#define SMB2_SESSION_FLAG_IS_NULL		0x0002
#define SMB2_SESSION_FLAG_ENCRYPT_DATA		0x0004

/* TREE_CONNECT response */
#define SMB2_SHARE_TYPE_DISK			0x01
#define SMB2_SHARE_TYPE_PIPE			0x02
#define SMB2_SHAREFLAG_MANUAL_CACHING		0x00000000
#define SMB2_SHAREFLAG_NO_CACHING		0x00000030
#define SMB2_SHAREFLAG_ENCRYPT_DATA		0x00008000
#define SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY	0x00000010

#define SMB2_TREE_CONNECT_FLAG_EXTENSION_PRESENT	0x0004

/* Longest \\server\share path accepted, in bytes of UTF-16 */
#define SMB2_TREE_PATH_MAX			(2 * 512)

/**
 * struct smb2_session_setup_req - validated SESSION_SETUP request
 * @flags: Flags (SMB2_SESSION_FLAG_BINDING)
 * @security_mode: SecurityMode
 * @capabilities: Capabilities
 * @previous_session_id: PreviousSessionId
 * @blob: the security buffer, inside the command
 * @blob_len: its length (may be 0)
 */
struct smb2_session_setup_req {
	u8 flags;
	u8 security_mode;
	u32 capabilities;
	u64 previous_session_id;
	const u8 *blob;
	u16 blob_len;
};

/**
 * struct smb2_tree_connect_req - validated TREE_CONNECT request
 * @flags: Flags
 * @path: the UTF-16LE \\server\share path, inside the command
 * @path_len: its length in bytes (even, > 0)
 */
struct smb2_tree_connect_req {
	u16 flags;
	const u8 *path;
	u16 path_len;
};

u32 smb2_session_setup_parse(const u8 *cmd, size_t len, struct smb2_session_setup_req *req);
u32 smb2_session_setup_build_rsp(u16 session_flags, const u8 *blob, u16 blob_len,
				 u8 *body, size_t cap, size_t *len);
u32 smb2_tree_connect_parse(const u8 *cmd, size_t len, struct smb2_tree_connect_req *req);
u32 smb2_tree_connect_build_rsp(u8 share_type, u32 share_flags, u32 capabilities,
				u32 maximal_access, u8 *body, size_t cap, size_t *len);
u32 smb2_simple_req_parse(const u8 *cmd, size_t len);
u32 smb2_simple_build_rsp(u8 *body, size_t cap, size_t *len);
size_t smb2_tree_share_name(const u8 *path, size_t path_len);

#endif /* SMB3K_SMB2_SESSION_H */
