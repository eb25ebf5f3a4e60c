// SPDX-License-Identifier: GPL-2.0
/*
 * NTLMSSP message codec (MS-NLMP 2.2.1, 2.2.2).
 *
 * Pure codec: see proto_shim.h for the rules. Parsers check every
 * offset and length against the message and hand back pointers into it;
 * callers never compute with wire offsets.
 */
#include "ntlmssp.h"

static const u8 ntlmssp_sig[NTLMSSP_SIGNATURE_LEN] = {
	'N', 'T', 'L', 'M', 'S', 'S', 'P', 0
};

/* Limits of the CHALLENGE_MESSAGE we build (its fields are 16-bit). */
#define NTLMSSP_FIELD_MAX	0xFFFFU

/**
 * ntlmssp_is_token() - does a buffer start like an NTLMSSP message
 * @buf: the buffer
 * @len: its length
 *
 * Return: true if @buf starts with "NTLMSSP\0" and has room for a
 * MessageType.
 */
bool ntlmssp_is_token(const u8 *buf, size_t len)
{
	return len >= NTLMSSP_SIGNATURE_LEN + 4 &&
	       !memcmp(buf, ntlmssp_sig, NTLMSSP_SIGNATURE_LEN);
}

static u32 check_header(const u8 *buf, size_t len, size_t min, u32 type)
{
	if (len < min || !ntlmssp_is_token(buf, len))
		return STATUS_INVALID_PARAMETER;
	if (get_le32(buf + 8) != type)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/**
 * ntlmssp_parse_negotiate() - validate a NEGOTIATE_MESSAGE (2.2.1.1)
 * @buf: the message
 * @len: its length
 * @neg: filled on success
 *
 * Only NegotiateFlags matters to a server: the optional domain and
 * workstation fields are not used, but a message of less than the
 * 16 bytes up to NegotiateFlags is refused.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 ntlmssp_parse_negotiate(const u8 *buf, size_t len, struct ntlmssp_negotiate *neg)
{
	u32 st = check_header(buf, len, 16, NTLMSSP_NEGOTIATE);

	if (st != STATUS_SUCCESS)
		return st;
	neg->flags = get_le32(buf + 12);
	return STATUS_SUCCESS;
}

/* A Len/MaxLen/Offset field at @field; its bytes must lie in [@min, @len). */
static u32 read_field(const u8 *buf, size_t len, size_t field, size_t min,
		      struct ntlmssp_buf *out)
{
	u16 flen = get_le16(buf + field);
	u32 off = get_le32(buf + field + 4);

	out->data = NULL;
	out->len = 0;
	if (!flen)
		return STATUS_SUCCESS;
	if (off < min || off > len || flen > len - off)
		return STATUS_INVALID_PARAMETER;
	out->data = buf + off;
	out->len = flen;
	return STATUS_SUCCESS;
}

/**
 * ntlmssp_parse_authenticate() - validate an AUTHENTICATE_MESSAGE (2.2.1.3)
 * @buf: the message
 * @len: its length
 * @auth: filled on success
 *
 * Every non-empty payload field must start after the fixed fields (64
 * bytes) and end inside the message. When the message has room for the
 * Version and MIC fields (88 bytes) and no field starts before them,
 * @auth->mic_possible is set; whether a MIC was sent is known only from
 * the MsvAvFlags of the NTLMv2 response.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 ntlmssp_parse_authenticate(const u8 *buf, size_t len, struct ntlmssp_authenticate *auth)
{
	const struct ntlmssp_buf *f[6];
	u32 st = check_header(buf, len, NTLMSSP_AUTH_HDR_LEN, NTLMSSP_AUTHENTICATE);
	unsigned int i;

	if (st != STATUS_SUCCESS)
		return st;
	memset(auth, 0, sizeof(*auth));
	if (read_field(buf, len, 12, NTLMSSP_AUTH_HDR_LEN, &auth->lm) ||
	    read_field(buf, len, 20, NTLMSSP_AUTH_HDR_LEN, &auth->nt) ||
	    read_field(buf, len, 28, NTLMSSP_AUTH_HDR_LEN, &auth->domain) ||
	    read_field(buf, len, 36, NTLMSSP_AUTH_HDR_LEN, &auth->user) ||
	    read_field(buf, len, 44, NTLMSSP_AUTH_HDR_LEN, &auth->workstation) ||
	    read_field(buf, len, 52, NTLMSSP_AUTH_HDR_LEN, &auth->session_key))
		return STATUS_INVALID_PARAMETER;
	auth->flags = get_le32(buf + 60);

	f[0] = &auth->lm;
	f[1] = &auth->nt;
	f[2] = &auth->domain;
	f[3] = &auth->user;
	f[4] = &auth->workstation;
	f[5] = &auth->session_key;
	auth->mic_possible = len >= NTLMSSP_AUTH_MIC_HDR_LEN;
	for (i = 0; i < 6; i++)
		if (f[i]->len && f[i]->data < buf + NTLMSSP_AUTH_MIC_HDR_LEN)
			auth->mic_possible = false;
	return STATUS_SUCCESS;
}

/*
 * Walk AV pairs: the offset of pair @id (or of MsvAvEOL when @id is
 * MSV_AV_EOL), -1 if absent before MsvAvEOL, -2 if malformed.
 */
static long av_walk(const u8 *av, size_t len, u16 id, u16 *vlen)
{
	size_t off = 0;

	while (len - off >= 4) {
		u16 aid = get_le16(av + off);
		u16 alen = get_le16(av + off + 2);

		if (alen > len - off - 4)
			return -2;
		if (aid == id) {
			*vlen = alen;
			return (long)off;
		}
		if (aid == MSV_AV_EOL)
			return -1;
		off += 4 + (size_t)alen;
	}
	return -2;
}

/**
 * ntlmssp_av_find() - look up an AV_PAIR (2.2.2.1)
 * @av: the AV pairs
 * @len: their length
 * @id: AvId to look for (MSV_AV_EOL finds the terminator)
 * @value: set to its value on success
 * @value_len: set to the value's length on success
 *
 * Return: STATUS_SUCCESS, STATUS_NOT_FOUND if MsvAvEOL comes first, or
 * STATUS_INVALID_PARAMETER when a pair overruns @len or there is no
 * MsvAvEOL.
 */
u32 ntlmssp_av_find(const u8 *av, size_t len, u16 id, const u8 **value, u16 *value_len)
{
	u16 vlen = 0;
	long off = av_walk(av, len, id, &vlen);

	if (off == -1)
		return STATUS_NOT_FOUND;
	if (off < 0)
		return STATUS_INVALID_PARAMETER;
	*value = av + off + 4;
	*value_len = vlen;
	return STATUS_SUCCESS;
}

/**
 * ntlmssp_parse_v2_response() - validate an NTLMv2_RESPONSE (2.2.2.8)
 * @nt: NtChallengeResponse
 * @len: its length
 * @resp: filled on success
 *
 * Requires NTProofStr, the fixed part of NTLMv2_CLIENT_CHALLENGE with
 * RespType and HiRespType 1, and well-formed AV pairs ending in MsvAvEOL;
 * bytes after MsvAvEOL are allowed (clients pad with zeros).
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 ntlmssp_parse_v2_response(const u8 *nt, size_t len, struct ntlmssp_v2_response *resp)
{
	const u8 *blob, *eol;
	size_t blen;
	u16 vlen;

	if (len < NTLMSSP_PROOF_LEN + NTLMSSP_V2_BLOB_MIN)
		return STATUS_INVALID_PARAMETER;
	blob = nt + NTLMSSP_PROOF_LEN;
	blen = len - NTLMSSP_PROOF_LEN;
	if (blob[0] != 1 || blob[1] != 1)
		return STATUS_INVALID_PARAMETER;
	resp->proof = nt;
	resp->blob = blob;
	resp->blob_len = blen;
	resp->timestamp = get_le64(blob + 8);
	resp->client_challenge = blob + 16;
	resp->av_pairs = blob + NTLMSSP_V2_BLOB_MIN;
	if (ntlmssp_av_find(resp->av_pairs, blen - NTLMSSP_V2_BLOB_MIN, MSV_AV_EOL,
			    &eol, &vlen) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	resp->av_len = (size_t)(eol - resp->av_pairs) + vlen;
	return STATUS_SUCCESS;
}

/**
 * ntlmssp_av_put() - append one AV_PAIR
 * @out: the AV pair buffer
 * @cap: its size
 * @pos: where to write; advanced past the pair on success
 * @id: AvId
 * @value: the value (may be NULL when @len is 0)
 * @len: its length, at most 65535
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER for a too long value,
 * STATUS_BUFFER_TOO_SMALL if it does not fit (nothing written).
 */
u32 ntlmssp_av_put(u8 *out, size_t cap, size_t *pos, u16 id, const u8 *value, size_t len)
{
	if (len > NTLMSSP_FIELD_MAX)
		return STATUS_INVALID_PARAMETER;
	if (*pos > cap || cap - *pos < 4 + len)
		return STATUS_BUFFER_TOO_SMALL;
	put_le16(out + *pos, id);
	put_le16(out + *pos + 2, (u16)len);
	if (len)
		memcpy(out + *pos + 4, value, len);
	*pos += 4 + len;
	return STATUS_SUCCESS;
}

/**
 * ntlmssp_build_challenge() - build a CHALLENGE_MESSAGE (2.2.1.2)
 * @out: output buffer
 * @cap: its size
 * @len: set to the message length on success
 * @p: the fields
 *
 * The layout is the fixed 56 bytes (Version included, zero unless
 * @p->flags has NTLMSSP_NEGOTIATE_VERSION), then TargetName, then
 * TargetInfo (left empty unless @p->flags has NTLMSSP_NEGOTIATE_TARGET_INFO).
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a field over
 * 65535 bytes; STATUS_BUFFER_TOO_SMALL if it does not fit in @cap.
 */
u32 ntlmssp_build_challenge(u8 *out, size_t cap, size_t *len,
			    const struct ntlmssp_challenge_params *p)
{
	size_t info_len = (p->flags & NTLMSSP_NEGOTIATE_TARGET_INFO) ? p->target_info_len : 0;
	size_t name_off = NTLMSSP_CHALLENGE_HDR_LEN;
	size_t info_off = name_off + p->target_name_len;
	size_t total = info_off + info_len;

	if (p->target_name_len > NTLMSSP_FIELD_MAX || info_len > NTLMSSP_FIELD_MAX)
		return STATUS_INVALID_PARAMETER;
	if (total > cap)
		return STATUS_BUFFER_TOO_SMALL;
	memset(out, 0, NTLMSSP_CHALLENGE_HDR_LEN);
	memcpy(out, ntlmssp_sig, NTLMSSP_SIGNATURE_LEN);
	put_le32(out + 8, NTLMSSP_CHALLENGE);
	put_le16(out + 12, (u16)p->target_name_len);
	put_le16(out + 14, (u16)p->target_name_len);
	put_le32(out + 16, (u32)name_off);
	put_le32(out + 20, p->flags);
	memcpy(out + 24, p->challenge, NTLMSSP_CHALLENGE_LEN);
	put_le16(out + 40, (u16)info_len);
	put_le16(out + 42, (u16)info_len);
	put_le32(out + 44, (u32)info_off);
	if ((p->flags & NTLMSSP_NEGOTIATE_VERSION) && p->version)
		memcpy(out + 48, p->version, NTLMSSP_VERSION_LEN);
	if (p->target_name_len)
		memcpy(out + name_off, p->target_name, p->target_name_len);
	if (info_len)
		memcpy(out + info_off, p->target_info, info_len);
	*len = total;
	return STATUS_SUCCESS;
}
