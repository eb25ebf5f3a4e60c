/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NTLMSSP messages (MS-NLMP 2.2): NEGOTIATE and AUTHENTICATE parsing into
 * validated views, CHALLENGE and AV_PAIR building. No cryptography here:
 * the daemon computes and checks responses and keys.
 */
#ifndef SMB3K_NTLMSSP_H
#define SMB3K_NTLMSSP_H

#include "proto_shim.h"
#include "ntstatus.h"

#define NTLMSSP_SIGNATURE_LEN	8	/* "NTLMSSP\0" */
#define NTLMSSP_NEGOTIATE	1
#define NTLMSSP_CHALLENGE	2
#define NTLMSSP_AUTHENTICATE	3

/* NegotiateFlags (MS-NLMP 2.2.2.5) */
#define NTLMSSP_NEGOTIATE_UNICODE			0x00000001U
#define NTLMSSP_NEGOTIATE_OEM				0x00000002U
#define NTLMSSP_REQUEST_TARGET				0x00000004U
#define NTLMSSP_NEGOTIATE_SIGN				0x00000010U
#define NTLMSSP_NEGOTIATE_SEAL				0x00000020U
#define NTLMSSP_NEGOTIATE_DATAGRAM			0x00000040U
#define NTLMSSP_NEGOTIATE_LM_KEY			0x00000080U
#define NTLMSSP_NEGOTIATE_NTLM				0x00000200U
#define NTLMSSP_ANONYMOUS				0x00000800U
#define NTLMSSP_NEGOTIATE_OEM_DOMAIN_SUPPLIED		0x00001000U
#define NTLMSSP_NEGOTIATE_OEM_WORKSTATION_SUPPLIED	0x00002000U
#define NTLMSSP_NEGOTIATE_ALWAYS_SIGN			0x00008000U
#define NTLMSSP_TARGET_TYPE_DOMAIN			0x00010000U
#define NTLMSSP_TARGET_TYPE_SERVER			0x00020000U
#define NTLMSSP_NEGOTIATE_EXTENDED_SESSIONSECURITY	0x00080000U
#define NTLMSSP_NEGOTIATE_IDENTIFY			0x00100000U
#define NTLMSSP_REQUEST_NON_NT_SESSION_KEY		0x00400000U
#define NTLMSSP_NEGOTIATE_TARGET_INFO			0x00800000U
#define NTLMSSP_NEGOTIATE_VERSION			0x02000000U
#define NTLMSSP_NEGOTIATE_128				0x20000000U
#define NTLMSSP_NEGOTIATE_KEY_EXCH			0x40000000U
#define NTLMSSP_NEGOTIATE_56				0x80000000U

/* AV_PAIR AvId (MS-NLMP 2.2.2.1) */
#define MSV_AV_EOL			0
#define MSV_AV_NB_COMPUTER_NAME		1
#define MSV_AV_NB_DOMAIN_NAME		2
#define MSV_AV_DNS_COMPUTER_NAME	3
#define MSV_AV_DNS_DOMAIN_NAME		4
#define MSV_AV_DNS_TREE_NAME		5
#define MSV_AV_FLAGS			6
#define MSV_AV_TIMESTAMP		7
#define MSV_AV_SINGLE_HOST		8
#define MSV_AV_TARGET_NAME		9
#define MSV_AV_CHANNEL_BINDINGS		10

/* MsvAvFlags bits */
#define MSV_AV_FLAG_CONSTRAINED		0x1U
#define MSV_AV_FLAG_MIC_PRESENT		0x2U
#define MSV_AV_FLAG_UNTRUSTED_SPN	0x4U

#define NTLMSSP_CHALLENGE_LEN		8
#define NTLMSSP_VERSION_LEN		8
#define NTLMSSP_MIC_LEN			16
#define NTLMSSP_MIC_OFFSET		72	/* in AUTHENTICATE_MESSAGE */
#define NTLMSSP_AUTH_HDR_LEN		64	/* fixed fields up to NegotiateFlags */
#define NTLMSSP_AUTH_MIC_HDR_LEN	88	/* ... plus Version and MIC */
#define NTLMSSP_CHALLENGE_HDR_LEN	56	/* with Version */
#define NTLMSSP_PROOF_LEN		16	/* NTProofStr */
#define NTLMSSP_V2_BLOB_MIN		28	/* NTLMv2_CLIENT_CHALLENGE fixed part */

/**
 * struct ntlmssp_buf - a payload field, validated to lie inside the message
 * @data: first byte, inside the message (NULL when @len is 0)
 * @len: its length in bytes
 */
struct ntlmssp_buf {
	const u8 *data;
	u16 len;
};

/**
 * struct ntlmssp_negotiate - a validated NEGOTIATE_MESSAGE
 * @flags: NegotiateFlags
 */
struct ntlmssp_negotiate {
	u32 flags;
};

/**
 * struct ntlmssp_authenticate - a validated AUTHENTICATE_MESSAGE
 * @flags: NegotiateFlags
 * @lm: LmChallengeResponse
 * @nt: NtChallengeResponse
 * @domain: DomainName (UTF-16LE when UNICODE was negotiated)
 * @user: UserName
 * @workstation: Workstation
 * @session_key: EncryptedRandomSessionKey
 * @mic_possible: the message is long enough for Version and MIC and no
 *	payload field overlaps them; the MIC is then at NTLMSSP_MIC_OFFSET
 */
struct ntlmssp_authenticate {
	u32 flags;
	struct ntlmssp_buf lm, nt, domain, user, workstation, session_key;
	bool mic_possible;
};

/**
 * struct ntlmssp_v2_response - a validated NTLMv2_RESPONSE (2.2.2.8)
 * @proof: NTProofStr, NTLMSSP_PROOF_LEN bytes
 * @blob: the NTLMv2_CLIENT_CHALLENGE and what follows (temp in 3.3.2)
 * @blob_len: its length
 * @timestamp: TimeStamp (FILETIME)
 * @client_challenge: ChallengeFromClient, 8 bytes
 * @av_pairs: the AV pairs, up to and including MsvAvEOL
 * @av_len: their length
 */
struct ntlmssp_v2_response {
	const u8 *proof;
	const u8 *blob;
	size_t blob_len;
	u64 timestamp;
	const u8 *client_challenge;
	const u8 *av_pairs;
	size_t av_len;
};

/**
 * struct ntlmssp_challenge_params - what goes into a CHALLENGE_MESSAGE
 * @flags: NegotiateFlags
 * @challenge: ServerChallenge, NTLMSSP_CHALLENGE_LEN bytes
 * @target_name: TargetName, already encoded (UTF-16LE)
 * @target_name_len: its length in bytes
 * @target_info: the AV pairs, ending with MsvAvEOL
 * @target_info_len: their length
 * @version: NTLMSSP_VERSION_LEN bytes (sent when @flags has VERSION)
 */
struct ntlmssp_challenge_params {
	u32 flags;
	const u8 *challenge;
	const u8 *target_name;
	size_t target_name_len;
	const u8 *target_info;
	size_t target_info_len;
	const u8 *version;
};

bool ntlmssp_is_token(const u8 *buf, size_t len);
u32 ntlmssp_parse_negotiate(const u8 *buf, size_t len, struct ntlmssp_negotiate *neg);
u32 ntlmssp_parse_authenticate(const u8 *buf, size_t len, struct ntlmssp_authenticate *auth);
u32 ntlmssp_parse_v2_response(const u8 *nt, size_t len, struct ntlmssp_v2_response *resp);
u32 ntlmssp_av_find(const u8 *av, size_t len, u16 id, const u8 **value, u16 *value_len);
u32 ntlmssp_av_put(u8 *out, size_t cap, size_t *pos, u16 id, const u8 *value, size_t len);
u32 ntlmssp_build_challenge(u8 *out, size_t cap, size_t *len,
			    const struct ntlmssp_challenge_params *p);

#endif /* SMB3K_NTLMSSP_H */
