/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_create_ctx.h - SMB2_CREATE_CONTEXT lists: request parsing (MS-SMB2
 * 2.2.13.2, checks of 3.3.5.9) and response building (2.2.14.2).
 *
 * Names are 4 ASCII bytes ("ExtA") or 16-byte GUIDs, compared as bytes in
 * wire order. Contexts are 8-byte aligned and chained by Next.
 */
#ifndef SMB3K_SMB2_CREATE_CTX_H
#define SMB3K_SMB2_CREATE_CTX_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_file.h"

/* SMB2_CREATE_CONTEXT header: Next, NameOffset, NameLength, Reserved, DataOffset, DataLength */
#define SMB2_CREATE_CTX_HDR_SIZE	16

/* Context names (2.2.13.2, 2.2.14.2) */
#define SMB2_CREATE_TAG_EXTA		"ExtA"
#define SMB2_CREATE_TAG_SECD		"SecD"
#define SMB2_CREATE_TAG_DHNQ		"DHnQ"
#define SMB2_CREATE_TAG_DHNC		"DHnC"
#define SMB2_CREATE_TAG_ALSI		"AlSi"
#define SMB2_CREATE_TAG_MXAC		"MxAc"
#define SMB2_CREATE_TAG_TWRP		"TWrp"
#define SMB2_CREATE_TAG_QFID		"QFid"
#define SMB2_CREATE_TAG_RQLS		"RqLs"
#define SMB2_CREATE_TAG_DH2Q		"DH2Q"
#define SMB2_CREATE_TAG_DH2C		"DH2C"
#define SMB2_CREATE_GUID_APP_INSTANCE_ID \
	"\x45\xBC\xA6\x6A\xEF\xA7\xF7\x4A\x90\x08\xFA\x46\x2E\x14\x4D\x74"
#define SMB2_CREATE_GUID_APP_INSTANCE_VERSION \
	"\xB9\x82\xD0\xB7\x3B\x56\x07\x4F\xA0\x7B\x52\x4A\x81\x16\xA0\x10"
#define SMB2_CREATE_GUID_SVHDX_OPEN_DEVICE \
	"\x9C\xCB\xCF\x9E\x04\xC1\xE6\x43\x98\x0E\x15\x8D\xA1\xF6\xEC\x83"
/* SMB2_CREATECONTEXT_RESERVED in MS-SMB2: the SMB3.1.1 POSIX extensions context */
#define SMB2_CREATE_GUID_POSIX \
	"\x93\xAD\x25\x50\x9C\xB4\x11\xE7\xB4\x23\x83\xDE\x96\x8B\xCD\x7C"

/* Bits of smb2_create_ctx_set.present */
#define SMB2_CTX_EXTA			0x00000001U
#define SMB2_CTX_SECD			0x00000002U
#define SMB2_CTX_ALSI			0x00000004U
#define SMB2_CTX_MXAC			0x00000008U
#define SMB2_CTX_TWRP			0x00000010U
#define SMB2_CTX_QFID			0x00000020U
#define SMB2_CTX_DHNQ			0x00000040U
#define SMB2_CTX_DHNC			0x00000080U
#define SMB2_CTX_DH2Q			0x00000100U
#define SMB2_CTX_DH2C			0x00000200U
#define SMB2_CTX_RQLS			0x00000400U
#define SMB2_CTX_APP_INSTANCE_ID	0x00000800U
#define SMB2_CTX_APP_INSTANCE_VERSION	0x00001000U
#define SMB2_CTX_SVHDX			0x00002000U	/* recognised, not handled */
#define SMB2_CTX_POSIX			0x00004000U

/* Data sizes (2.2.13.2.x, 2.2.14.2.x) */
#define SMB2_CREATE_LEASE_V1_SIZE	32
#define SMB2_CREATE_LEASE_V2_SIZE	52
#define SMB2_CREATE_DHNQ_SIZE		16
#define SMB2_CREATE_DHNC_SIZE		16
#define SMB2_CREATE_DH2Q_SIZE		32
#define SMB2_CREATE_DH2C_SIZE		36
#define SMB2_CREATE_APP_INSTANCE_ID_SIZE	20
#define SMB2_CREATE_APP_INSTANCE_VERSION_SIZE	24
#define SMB2_CREATE_POSIX_SIZE		4
#define SMB2_CREATE_MXAC_RSP_SIZE	8
#define SMB2_CREATE_QFID_RSP_SIZE	32
#define SMB2_CREATE_DHNQ_RSP_SIZE	8
#define SMB2_CREATE_DH2Q_RSP_SIZE	8

/* Lease states and flags (2.2.13.2.8, 2.2.13.2.10, 2.2.14.2.10-11) */
#define SMB2_LEASE_NONE				0x00000000U
#define SMB2_LEASE_READ_CACHING			0x00000001U
#define SMB2_LEASE_HANDLE_CACHING		0x00000002U
#define SMB2_LEASE_WRITE_CACHING		0x00000004U
#define SMB2_LEASE_FLAG_BREAK_IN_PROGRESS	0x00000002U
#define SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET	0x00000004U

/* Durable handle v2 flags (2.2.13.2.11) */
#define SMB2_DHANDLE_FLAG_PERSISTENT		0x00000002U

/**
 * struct smb2_create_ctx_set - the create contexts of one CREATE request
 * @present: SMB2_CTX_* bit for each context seen (each at most once)
 * @ea: "ExtA" data, a validated FILE_FULL_EA_INFORMATION list
 * @ea_len: its length
 * @sd: "SecD" data, a self-relative security descriptor (not validated here)
 * @sd_len: its length
 * @alloc_size: "AlSi" AllocationSize
 * @mxac_timestamp: "MxAc" Timestamp
 * @mxac_has_timestamp: the "MxAc" context carried a Timestamp
 * @twrp_timestamp: "TWrp" Timestamp
 * @dhnc_fileid: "DHnC" FileId
 * @dh2q_timeout: "DH2Q" Timeout (ms)
 * @dh2q_flags: "DH2Q" Flags (SMB2_DHANDLE_FLAG_PERSISTENT)
 * @dh2q_create_guid: "DH2Q" CreateGuid
 * @dh2c_fileid: "DH2C" FileId
 * @dh2c_create_guid: "DH2C" CreateGuid
 * @dh2c_flags: "DH2C" Flags
 * @lease_version: "RqLs" form: 1 (32 bytes) or 2 (52 bytes), 0 if absent
 * @lease_key: LeaseKey
 * @lease_state: LeaseState
 * @lease_flags: Flags (v2; reserved in v1, so 0)
 * @parent_lease_key: ParentLeaseKey (v2)
 * @lease_epoch: Epoch (v2)
 * @app_instance_id: SMB2_CREATE_APP_INSTANCE_ID AppInstanceId
 * @app_version_high: SMB2_CREATE_APP_INSTANCE_VERSION AppInstanceVersionHigh
 * @app_version_low: AppInstanceVersionLow
 * @posix_mode: POSIX create context Mode (SMB3.1.1 POSIX extensions)
 */
struct smb2_create_ctx_set {
	u32 present;
	const u8 *ea;
	u32 ea_len;
	const u8 *sd;
	u32 sd_len;
	u64 alloc_size;
	u64 mxac_timestamp;
	bool mxac_has_timestamp;
	u64 twrp_timestamp;
	struct smb2_fileid dhnc_fileid;
	u32 dh2q_timeout;
	u32 dh2q_flags;
	u8 dh2q_create_guid[16];
	struct smb2_fileid dh2c_fileid;
	u8 dh2c_create_guid[16];
	u32 dh2c_flags;
	u8 lease_version;
	u8 lease_key[16];
	u32 lease_state;
	u32 lease_flags;
	u8 parent_lease_key[16];
	u16 lease_epoch;
	u8 app_instance_id[16];
	u64 app_version_high;
	u64 app_version_low;
	u32 posix_mode;
};

/**
 * struct smb2_ctx_writer - builds a response create context list
 * @buf: output; must sit 8-aligned from the SMB2 header start
 * @cap: its size
 * @used: bytes of the list so far (CreateContextsLength)
 * @last: offset of the last context (its Next is patched)
 */
struct smb2_ctx_writer {
	u8 *buf;
	u32 cap;
	u32 used;
	u32 last;
};

u32 smb2_create_ctx_parse(const u8 *buf, u32 len, struct smb2_create_ctx_set *set);
void smb2_ctx_writer_init(struct smb2_ctx_writer *cw, u8 *buf, u32 cap);
u32 smb2_ctx_put(struct smb2_ctx_writer *cw, const char name[4], const u8 *data,
		 u32 data_len);
u32 smb2_ctx_put_mxac(struct smb2_ctx_writer *cw, u32 query_status, u32 maximal_access);
u32 smb2_ctx_put_qfid(struct smb2_ctx_writer *cw, u64 disk_file_id, u64 volume_id);
u32 smb2_ctx_put_lease(struct smb2_ctx_writer *cw, const struct smb2_create_ctx_set *req_set,
		       u32 state, u32 flags, u16 epoch);
u32 smb2_ctx_put_dh2q(struct smb2_ctx_writer *cw, u32 timeout, u32 flags);
u32 smb2_ctx_put_dhnq(struct smb2_ctx_writer *cw);

#endif /* SMB3K_SMB2_CREATE_CTX_H */
