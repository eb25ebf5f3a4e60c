/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41): parse and build.
 *
 * Layout (52 bytes, little-endian fields):
 *   0 ProtocolId 0xFD 'S' 'M' 'B'     4 Signature (AEAD tag, 16)
 *  20 Nonce (16)                      36 OriginalMessageSize (4)
 *  40 Reserved (2)                    42 Flags/EncryptionAlgorithm (2)
 *  44 SessionId (8)
 * The AEAD's associated data is bytes 20..51 (Nonce to SessionId).
 */
#ifndef SMB3K_SMB2_TRANSFORM_H
#define SMB3K_SMB2_TRANSFORM_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_wire.h"

#define SMB2_TRANSFORM_HDR_SIZE		52
#define SMB2_TRANSFORM_OFF_PROTOCOL_ID	0
#define SMB2_TRANSFORM_OFF_SIGNATURE	4
#define SMB2_TRANSFORM_OFF_NONCE	20
#define SMB2_TRANSFORM_OFF_ORIG_SIZE	36
#define SMB2_TRANSFORM_OFF_RESERVED	40
#define SMB2_TRANSFORM_OFF_FLAGS	42
#define SMB2_TRANSFORM_OFF_SESSION_ID	44
#define SMB2_TRANSFORM_SIG_SIZE		16
#define SMB2_TRANSFORM_NONCE_SIZE	16
#define SMB2_TRANSFORM_AAD_OFF		SMB2_TRANSFORM_OFF_NONCE
#define SMB2_TRANSFORM_AAD_SIZE		32
/* Flags (3.1.1) / EncryptionAlgorithm (3.0, 3.0.2): the only valid value */
#define SMB2_TRANSFORM_FLAG_ENCRYPTED	0x0001
/* Significant nonce bytes per cipher family; the rest of Nonce is Reserved */
#define SMB2_CCM_NONCE_SIZE		11
#define SMB2_GCM_NONCE_SIZE		12

/**
 * struct smb2_transform_hdr - validated view of a TRANSFORM_HEADER message
 * @signature: the 16-byte Signature (AEAD tag), in the parsed buffer.
 * @nonce: the 16-byte Nonce field, in the parsed buffer.
 * @aad: the 32 bytes of associated data (Nonce..SessionId), in the buffer.
 * @original_size: OriginalMessageSize; equals @payload_len.
 * @flags: Flags/EncryptionAlgorithm; always SMB2_TRANSFORM_FLAG_ENCRYPTED.
 * @session_id: SessionId.
 * @payload: the encrypted SMB2 message after the header, in the buffer.
 * @payload_len: its length, >= 1.
 */
struct smb2_transform_hdr {
	const u8 *signature;
	const u8 *nonce;
	const u8 *aad;
	u32 original_size;
	u16 flags;
	u64 session_id;
	const u8 *payload;
	size_t payload_len;
};

size_t smb2_transform_nonce_len(u16 cipher);
u32 smb2_transform_parse(const u8 *buf, size_t len, struct smb2_transform_hdr *t);
u32 smb2_transform_build(u8 *out, size_t cap, u16 cipher, const u8 *nonce,
			 u32 original_size, u64 session_id);

#endif /* SMB3K_SMB2_TRANSFORM_H */
