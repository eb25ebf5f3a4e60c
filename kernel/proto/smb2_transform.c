// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 TRANSFORM_HEADER (MS-SMB2 2.2.41, 3.1.4.3, 3.3.5.2.1.1).
 *
 * Pure codec: see proto_shim.h for the rules. The cryptography itself is in
 * kernel/smb2_crypto.c.
 */
#include "smb2_transform.h"

/**
 * smb2_transform_nonce_len() - significant bytes of Nonce for a cipher
 * @cipher: SMB2_ENCRYPTION_AES128_CCM .. SMB2_ENCRYPTION_AES256_GCM
 *
 * Return: SMB2_CCM_NONCE_SIZE (11) for the CCM ciphers, SMB2_GCM_NONCE_SIZE
 * (12) for the GCM ciphers, 0 for anything else.
 */
size_t smb2_transform_nonce_len(u16 cipher)
{
	switch (cipher) {
	case SMB2_ENCRYPTION_AES128_CCM:
	case SMB2_ENCRYPTION_AES256_CCM:
		return SMB2_CCM_NONCE_SIZE;
	case SMB2_ENCRYPTION_AES128_GCM:
	case SMB2_ENCRYPTION_AES256_GCM:
		return SMB2_GCM_NONCE_SIZE;
	default:
		return 0;
	}
}

/**
 * smb2_transform_parse() - validate a TRANSFORM_HEADER message
 * @buf: the whole transport message, starting with 0xFD 'S' 'M' 'B'
 * @len: its length
 * @t: filled on success; undefined on failure
 *
 * Checks (3.3.5.2.1.1) that @len is greater than the 52-byte header, the
 * ProtocolId, that Flags/EncryptionAlgorithm is 0x0001 and that
 * OriginalMessageSize is exactly the number of bytes after the header (the
 * AEAD ciphers do not change the length). Reserved fields are not checked
 * (the receiver ignores them; they are authenticated anyway).
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER (the caller
 * disconnects).
 */
u32 smb2_transform_parse(const u8 *buf, size_t len, struct smb2_transform_hdr *t)
{
	u32 orig;

	if (len <= SMB2_TRANSFORM_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	if (get_le32(buf + SMB2_TRANSFORM_OFF_PROTOCOL_ID) != SMB2_TRANSFORM_PROTO_ID)
		return STATUS_INVALID_PARAMETER;
	if (get_le16(buf + SMB2_TRANSFORM_OFF_FLAGS) != SMB2_TRANSFORM_FLAG_ENCRYPTED)
		return STATUS_INVALID_PARAMETER;
	orig = get_le32(buf + SMB2_TRANSFORM_OFF_ORIG_SIZE);
	if ((size_t)orig != len - SMB2_TRANSFORM_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;

	t->signature = buf + SMB2_TRANSFORM_OFF_SIGNATURE;
	t->nonce = buf + SMB2_TRANSFORM_OFF_NONCE;
	t->aad = buf + SMB2_TRANSFORM_AAD_OFF;
	t->original_size = orig;
	t->flags = SMB2_TRANSFORM_FLAG_ENCRYPTED;
	t->session_id = get_le64(buf + SMB2_TRANSFORM_OFF_SESSION_ID);
	t->payload = buf + SMB2_TRANSFORM_HDR_SIZE;
	t->payload_len = orig;
	return STATUS_SUCCESS;
}

/**
 * smb2_transform_build() - write a TRANSFORM_HEADER with a zero Signature
 * @out: where the 52 bytes go
 * @cap: bytes available at @out
 * @cipher: SMB2_ENCRYPTION_*: selects how many bytes of @nonce are used
 * @nonce: smb2_transform_nonce_len(@cipher) bytes; the rest of Nonce
 *	(Reserved) is written as zero
 * @original_size: OriginalMessageSize, the length of the SMB2 message
 * @session_id: SessionId
 *
 * Flags/EncryptionAlgorithm is 0x0001 (3.1.4.3). The caller computes the
 * tag over bytes SMB2_TRANSFORM_AAD_OFF.. and stores it in Signature.
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_TOO_SMALL if @cap < 52, or
 * STATUS_INVALID_PARAMETER for an unknown @cipher or a zero @original_size
 * (nothing written in either case).
 */
u32 smb2_transform_build(u8 *out, size_t cap, u16 cipher, const u8 *nonce,
			 u32 original_size, u64 session_id)
{
	size_t nlen = smb2_transform_nonce_len(cipher);

	if (!nlen || !original_size)
		return STATUS_INVALID_PARAMETER;
	if (cap < SMB2_TRANSFORM_HDR_SIZE)
		return STATUS_BUFFER_TOO_SMALL;

	memset(out, 0, SMB2_TRANSFORM_HDR_SIZE);
	put_le32(out + SMB2_TRANSFORM_OFF_PROTOCOL_ID, SMB2_TRANSFORM_PROTO_ID);
	memcpy(out + SMB2_TRANSFORM_OFF_NONCE, nonce, nlen);
	put_le32(out + SMB2_TRANSFORM_OFF_ORIG_SIZE, original_size);
	put_le16(out + SMB2_TRANSFORM_OFF_FLAGS, SMB2_TRANSFORM_FLAG_ENCRYPTED);
	put_le64(out + SMB2_TRANSFORM_OFF_SESSION_ID, session_id);
	return STATUS_SUCCESS;
}
