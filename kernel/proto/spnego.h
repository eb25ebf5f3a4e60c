/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SPNEGO (RFC 4178, MS-SPNG) tokens and the minimal ASN.1 DER
 * support they need: a bounds-checked TLV reader and the negTokenInit2 the
 * server puts in the NEGOTIATE response (MS-SPNG 3.2.5.2).
 */
#ifndef SMB3K_SPNEGO_H
#define SMB3K_SPNEGO_H

#include "proto_shim.h"
#include "ntstatus.h"

/* ASN.1 tags (single-byte identifiers only) */
#define DER_TAG_BIT_STRING	0x03
#define DER_TAG_OCTET_STRING	0x04
#define DER_TAG_OID		0x06
#define DER_TAG_ENUMERATED	0x0A
#define DER_TAG_GENERAL_STRING	0x1B
#define DER_TAG_SEQUENCE	0x30
#define DER_TAG_CONTEXT(n)	(0xA0 | (n))	/* [n] constructed */
#define DER_TAG_APPLICATION(n)	(0x60 | (n))	/* [APPLICATION n] constructed */

/* negHints.hintName a Windows server sends (MS-SPNG 2.2.1) */
#define SPNEGO_HINT_NAME	"not_defined_in_RFC4178@please_ignore"

/**
 * struct spnego_oid - an OBJECT IDENTIFIER as its DER content octets
 * @der: the content octets (no tag, no length)
 * @len: their number, 1..127
 */
struct spnego_oid {
	const u8 *der;
	u8 len;
};

extern const struct spnego_oid spnego_oid_spnego;	/* 1.3.6.1.5.5.2 */
extern const struct spnego_oid spnego_oid_ntlmssp;	/* 1.3.6.1.4.1.311.2.2.10 */
extern const struct spnego_oid spnego_oid_krb5;		/* 1.2.840.113554.1.2.2 */
extern const struct spnego_oid spnego_oid_ms_krb5;	/* 1.2.840.48018.1.2.2 */

/**
 * struct der_tlv - one validated tag-length-value
 * @tag: the identifier octet
 * @value: first content octet, inside the buffer given to der_read_tlv()
 * @len: number of content octets; all inside that buffer
 * @hdr_len: identifier and length octets before @value
 */
struct der_tlv {
	u8 tag;
	const u8 *value;
	size_t len;
	size_t hdr_len;
};

/**
 * der_tlv_total() - bytes a TLV occupies (header and content)
 * @t: a TLV from der_read_tlv()
 *
 * Return: @t->hdr_len + @t->len, never more than the buffer it came from.
 */
static inline size_t der_tlv_total(const struct der_tlv *t)
{
	return t->hdr_len + t->len;
}

size_t der_len_size(size_t len);
u32 der_read_tlv(const u8 *buf, size_t len, struct der_tlv *tlv);
u32 der_expect_tlv(const u8 *buf, size_t len, u8 tag, struct der_tlv *tlv);
bool der_oid_equal(const struct der_tlv *tlv, const struct spnego_oid *oid);
/* negTokenResp negState (RFC 4178 4.2.2) */
#define SPNEGO_ACCEPT_COMPLETED		0
#define SPNEGO_ACCEPT_INCOMPLETE	1
#define SPNEGO_REJECT			2
#define SPNEGO_REQUEST_MIC		3
#define SPNEGO_NEG_STATE_NONE		(-1)	/* absent */

/**
 * struct spnego_neg_token_init - a validated client negTokenInit
 * @mech_types: the DER MechTypeList (SEQUENCE tag, length and OIDs), what
 *	mechListMIC covers
 * @mech_types_len: its length
 * @mech_count: number of OIDs in it
 * @ntlmssp_index: position of the NTLMSSP OID, -1 if not offered
 * @mech_token: the mechToken octets, NULL if absent
 * @mech_token_len: their number
 * @mic: mechListMIC octets, NULL if absent
 * @mic_len: their number
 */
struct spnego_neg_token_init {
	const u8 *mech_types;
	size_t mech_types_len;
	unsigned int mech_count;
	int ntlmssp_index;
	const u8 *mech_token;
	size_t mech_token_len;
	const u8 *mic;
	size_t mic_len;
};

/**
 * struct spnego_neg_token_resp - a validated negTokenResp
 * @neg_state: SPNEGO_* or SPNEGO_NEG_STATE_NONE
 * @supported_mech: supportedMech OID content octets, NULL if absent
 * @supported_mech_len: their number
 * @response_token: responseToken octets, NULL if absent
 * @response_token_len: their number
 * @mic: mechListMIC octets, NULL if absent
 * @mic_len: their number
 */
struct spnego_neg_token_resp {
	int neg_state;
	const u8 *supported_mech;
	size_t supported_mech_len;
	const u8 *response_token;
	size_t response_token_len;
	const u8 *mic;
	size_t mic_len;
};

u32 spnego_parse_neg_token_init(const u8 *buf, size_t len, struct spnego_neg_token_init *init);
u32 spnego_parse_neg_token_resp(const u8 *buf, size_t len, struct spnego_neg_token_resp *resp);
u32 spnego_build_neg_token_resp(u8 *out, size_t cap, size_t *len, int neg_state,
				const struct spnego_oid *mech, const u8 *token,
				size_t token_len, const u8 *mic, size_t mic_len);
u32 spnego_build_neg_token_init(u8 *out, size_t cap, size_t *len,
				const struct spnego_oid *const *mechs,
				unsigned int mech_count, const char *hint_name);

#endif /* SMB3K_SPNEGO_H */
