// SPDX-License-Identifier: GPL-2.0
/*
 * ASN.1 DER TLV reader and the SPNEGO negTokenInit2 builder.
 *
 * Pure codec: see proto_shim.h for the rules.
 *
 * negTokenInit2 as built here (RFC 4178 4.2.1 + MS-SPNG 2.2.1):
 *	[APPLICATION 0] {
 *		OID 1.3.6.1.5.5.2,
 *		[0] SEQUENCE {				-- NegTokenInit2
 *			[0] SEQUENCE OF OID,		-- mechTypes
 *			[3] SEQUENCE {			-- negHints (optional)
 *				[0] GeneralString	-- hintName
 *			}
 *		}
 *	}
 */
#include "spnego.h"

static const u8 oid_spnego[] = { 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02 };
static const u8 oid_ntlmssp[] = { 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a };
static const u8 oid_krb5[] = { 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x12, 0x01, 0x02, 0x02 };
static const u8 oid_ms_krb5[] = { 0x2a, 0x86, 0x48, 0x82, 0xf7, 0x12, 0x01, 0x02, 0x02 };

const struct spnego_oid spnego_oid_spnego = { oid_spnego, sizeof(oid_spnego) };
const struct spnego_oid spnego_oid_ntlmssp = { oid_ntlmssp, sizeof(oid_ntlmssp) };
const struct spnego_oid spnego_oid_krb5 = { oid_krb5, sizeof(oid_krb5) };
const struct spnego_oid spnego_oid_ms_krb5 = { oid_ms_krb5, sizeof(oid_ms_krb5) };

/* Limits of what the builder accepts; a NEGOTIATE blob is at most 64 KiB. */
#define SPNEGO_MAX_MECHS	16
#define SPNEGO_MAX_TOKEN	0xFFFFU

/**
 * der_len_size() - octets DER uses to encode a length
 * @len: the length
 *
 * Return: 1 for < 128, else 1 + the number of big-endian octets (up to 5
 * for 32-bit lengths), 0 if @len does not fit in 32 bits.
 */
size_t der_len_size(size_t len)
{
	size_t n = 1;

	if (len < 0x80)
		return 1;
	if ((u64)len > 0xFFFFFFFFULL)
		return 0;
	while (len) {
		n++;
		len >>= 8;
	}
	return n;
}

/* Size of a whole TLV with @len content octets (lengths here are small). */
static size_t der_tlv_size(size_t len)
{
	return 1 + der_len_size(len) + len;
}

/* Write identifier and length octets; the caller checked the space. */
static u8 *der_put_tl(u8 *p, u8 tag, size_t len)
{
	size_t n = der_len_size(len) - 1;

	*p++ = tag;
	if (!n) {
		*p++ = (u8)len;
		return p;
	}
	*p++ = (u8)(0x80 | n);
	while (n--)
		*p++ = (u8)(len >> (8 * n));
	return p;
}

/**
 * der_read_tlv() - read one TLV from a buffer
 * @buf: first octet of the TLV
 * @len: octets available at @buf
 * @tlv: filled on success
 *
 * Accepts single-octet identifiers and definite lengths in short form or
 * long form with 1 to 4 length octets (BER-tolerant: a non-minimal long
 * form is accepted). Rejects high tag numbers, the indefinite form and any
 * content running past @len.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 der_read_tlv(const u8 *buf, size_t len, struct der_tlv *tlv)
{
	size_t vlen, hdr, n, i;

	if (len < 2)
		return STATUS_INVALID_PARAMETER;
	if ((buf[0] & 0x1F) == 0x1F)
		return STATUS_INVALID_PARAMETER;
	if (buf[1] < 0x80) {
		vlen = buf[1];
		hdr = 2;
	} else {
		n = buf[1] & 0x7F;
		if (n == 0 || n > 4 || n > len - 2)
			return STATUS_INVALID_PARAMETER;
		vlen = 0;
		for (i = 0; i < n; i++)
			vlen = (vlen << 8) | buf[2 + i];
		hdr = 2 + n;
	}
	if (vlen > len - hdr)
		return STATUS_INVALID_PARAMETER;
	tlv->tag = buf[0];
	tlv->value = buf + hdr;
	tlv->len = vlen;
	tlv->hdr_len = hdr;
	return STATUS_SUCCESS;
}

/**
 * der_expect_tlv() - read one TLV and require its tag
 * @buf: first octet of the TLV
 * @len: octets available at @buf
 * @tag: required identifier octet
 * @tlv: filled on success
 *
 * Return: STATUS_SUCCESS, or STATUS_INVALID_PARAMETER if malformed or
 * the tag differs.
 */
u32 der_expect_tlv(const u8 *buf, size_t len, u8 tag, struct der_tlv *tlv)
{
	u32 st = der_read_tlv(buf, len, tlv);

	if (st != STATUS_SUCCESS)
		return st;
	return tlv->tag == tag ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/**
 * der_oid_equal() - compare a read TLV with a known OID
 * @tlv: a TLV from der_read_tlv()
 * @oid: the OID
 *
 * Return: true if @tlv is an OBJECT IDENTIFIER with exactly @oid's octets.
 */
bool der_oid_equal(const struct der_tlv *tlv, const struct spnego_oid *oid)
{
	return tlv->tag == DER_TAG_OID && tlv->len == oid->len &&
	       !memcmp(tlv->value, oid->der, oid->len);
}

/**
 * spnego_build_neg_token_init() - build the server's negTokenInit2
 * @out: output buffer
 * @cap: its size
 * @len: set to the token length on success
 * @mechs: the mechanisms to advertise, most preferred first
 *	(e.g. &spnego_oid_ntlmssp)
 * @mech_count: number of @mechs, 1..16
 * @hint_name: negHints.hintName (SPNEGO_HINT_NAME, as Windows sends), or
 *	NULL to leave negHints out
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for no or too many
 * mechanisms, an OID of 0 or more than 127 octets, or a token over 64 KiB;
 * STATUS_BUFFER_TOO_SMALL if it does not fit in @cap (nothing written).
 */
u32 spnego_build_neg_token_init(u8 *out, size_t cap, size_t *len,
				const struct spnego_oid *const *mechs,
				unsigned int mech_count, const char *hint_name)
{
	size_t mech_list = 0, hint_len = 0, hints = 0, init2, outer, total;
	unsigned int i;
	u8 *p;

	if (!mech_count || mech_count > SPNEGO_MAX_MECHS)
		return STATUS_INVALID_PARAMETER;
	for (i = 0; i < mech_count; i++) {
		if (!mechs[i]->len || mechs[i]->len > 127)
			return STATUS_INVALID_PARAMETER;
		mech_list += der_tlv_size(mechs[i]->len);
	}
	if (hint_name) {
		hint_len = strlen(hint_name);
		if (hint_len > SPNEGO_MAX_TOKEN)
			return STATUS_INVALID_PARAMETER;
		/* [3] { SEQUENCE { [0] { GeneralString } } } */
		hints = der_tlv_size(der_tlv_size(der_tlv_size(der_tlv_size(hint_len))));
	}
	/* SEQUENCE { [0] { SEQUENCE OF OID }, hints } */
	init2 = der_tlv_size(der_tlv_size(der_tlv_size(mech_list)) + hints);
	/* [APPLICATION 0] { OID, [0] init2 } */
	outer = der_tlv_size(spnego_oid_spnego.len) + der_tlv_size(init2);
	total = der_tlv_size(outer);
	if (total > SPNEGO_MAX_TOKEN)
		return STATUS_INVALID_PARAMETER;
	if (total > cap)
		return STATUS_BUFFER_TOO_SMALL;

	p = der_put_tl(out, DER_TAG_APPLICATION(0), outer);
	p = der_put_tl(p, DER_TAG_OID, spnego_oid_spnego.len);
	memcpy(p, spnego_oid_spnego.der, spnego_oid_spnego.len);
	p += spnego_oid_spnego.len;
	p = der_put_tl(p, DER_TAG_CONTEXT(0), init2);
	p = der_put_tl(p, DER_TAG_SEQUENCE, der_tlv_size(der_tlv_size(mech_list)) + hints);
	p = der_put_tl(p, DER_TAG_CONTEXT(0), der_tlv_size(mech_list));
	p = der_put_tl(p, DER_TAG_SEQUENCE, mech_list);
	for (i = 0; i < mech_count; i++) {
		p = der_put_tl(p, DER_TAG_OID, mechs[i]->len);
		memcpy(p, mechs[i]->der, mechs[i]->len);
		p += mechs[i]->len;
	}
	if (hint_name) {
		p = der_put_tl(p, DER_TAG_CONTEXT(3),
			       der_tlv_size(der_tlv_size(der_tlv_size(hint_len))));
		p = der_put_tl(p, DER_TAG_SEQUENCE, der_tlv_size(der_tlv_size(hint_len)));
		p = der_put_tl(p, DER_TAG_CONTEXT(0), der_tlv_size(hint_len));
		p = der_put_tl(p, DER_TAG_GENERAL_STRING, hint_len);
		memcpy(p, hint_name, hint_len);
		p += hint_len;
	}
	*len = (size_t)(p - out);
	return STATUS_SUCCESS;
}

/*
 * One element of a SEQUENCE of context-tagged fields: [n] { inner }, the
 * inner TLV filling [n] exactly. @off is advanced past the element.
 */
static u32 read_ctx_element(const u8 *seq, size_t len, size_t *off, u8 *num,
			    struct der_tlv *inner)
{
	struct der_tlv outer;

	if (der_read_tlv(seq + *off, len - *off, &outer) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	if ((outer.tag & 0xE0) != 0xA0)
		return STATUS_INVALID_PARAMETER;
	if (der_read_tlv(outer.value, outer.len, inner) != STATUS_SUCCESS ||
	    der_tlv_total(inner) != outer.len)
		return STATUS_INVALID_PARAMETER;
	*num = outer.tag & 0x1F;
	*off += der_tlv_total(&outer);
	return STATUS_SUCCESS;
}

/* The SEQUENCE inside [@ctx] of a whole token: its content. */
static u32 read_wrapped_sequence(const u8 *buf, size_t len, u8 ctx, struct der_tlv *seq)
{
	struct der_tlv outer;

	if (der_expect_tlv(buf, len, DER_TAG_CONTEXT(ctx), &outer) != STATUS_SUCCESS ||
	    der_tlv_total(&outer) != len)
		return STATUS_INVALID_PARAMETER;
	if (der_expect_tlv(outer.value, outer.len, DER_TAG_SEQUENCE, seq) != STATUS_SUCCESS ||
	    der_tlv_total(seq) != outer.len)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

static u32 read_mech_types(const struct der_tlv *list, struct spnego_neg_token_init *init)
{
	struct der_tlv oid;
	size_t off;

	if (list->tag != DER_TAG_SEQUENCE || !list->len)
		return STATUS_INVALID_PARAMETER;
	init->mech_types = list->value - list->hdr_len;
	init->mech_types_len = der_tlv_total(list);
	for (off = 0; off < list->len; off += der_tlv_total(&oid)) {
		if (der_expect_tlv(list->value + off, list->len - off, DER_TAG_OID,
				   &oid) != STATUS_SUCCESS)
			return STATUS_INVALID_PARAMETER;
		if (init->mech_count >= SPNEGO_MAX_MECHS * 2)
			return STATUS_INVALID_PARAMETER;
		if (init->ntlmssp_index < 0 && der_oid_equal(&oid, &spnego_oid_ntlmssp))
			init->ntlmssp_index = (int)init->mech_count;
		init->mech_count++;
	}
	return STATUS_SUCCESS;
}

/**
 * spnego_parse_neg_token_init() - validate a client's negTokenInit
 * @buf: the GSS token: [APPLICATION 0] { OID spnego, [0] NegTokenInit }
 * @len: its length, exactly the token's
 * @init: filled on success
 *
 * NegTokenInit (RFC 4178 4.2.1) is SEQUENCE { [0] mechTypes, [1] reqFlags
 * OPTIONAL, [2] mechToken OPTIONAL, [3] mechListMIC OPTIONAL }; fields must
 * come in order, at most once, mechTypes with at least one OID.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 spnego_parse_neg_token_init(const u8 *buf, size_t len, struct spnego_neg_token_init *init)
{
	struct der_tlv app, oid, seq, inner;
	size_t off;
	int last = -1;
	u8 num;

	memset(init, 0, sizeof(*init));
	init->ntlmssp_index = -1;
	if (der_expect_tlv(buf, len, DER_TAG_APPLICATION(0), &app) != STATUS_SUCCESS ||
	    der_tlv_total(&app) != len)
		return STATUS_INVALID_PARAMETER;
	if (der_expect_tlv(app.value, app.len, DER_TAG_OID, &oid) != STATUS_SUCCESS ||
	    !der_oid_equal(&oid, &spnego_oid_spnego))
		return STATUS_INVALID_PARAMETER;
	off = der_tlv_total(&oid);
	if (read_wrapped_sequence(app.value + off, app.len - off, 0, &seq) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	for (off = 0; off < seq.len;) {
		if (read_ctx_element(seq.value, seq.len, &off, &num, &inner) != STATUS_SUCCESS ||
		    (int)num <= last)
			return STATUS_INVALID_PARAMETER;
		last = num;
		switch (num) {
		case 0:
			if (read_mech_types(&inner, init) != STATUS_SUCCESS)
				return STATUS_INVALID_PARAMETER;
			break;
		case 1:
			if (inner.tag != DER_TAG_BIT_STRING)
				return STATUS_INVALID_PARAMETER;
			break;
		case 2:
			if (inner.tag != DER_TAG_OCTET_STRING)
				return STATUS_INVALID_PARAMETER;
			init->mech_token = inner.value;
			init->mech_token_len = inner.len;
			break;
		case 3:
			if (inner.tag != DER_TAG_OCTET_STRING)
				return STATUS_INVALID_PARAMETER;
			init->mic = inner.value;
			init->mic_len = inner.len;
			break;
		default:
			return STATUS_INVALID_PARAMETER;
		}
	}
	return init->mech_types ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
}

/**
 * spnego_parse_neg_token_resp() - validate a negTokenResp
 * @buf: the token: [1] NegTokenResp
 * @len: its length, exactly the token's
 * @resp: filled on success
 *
 * NegTokenResp (RFC 4178 4.2.2) is SEQUENCE { [0] negState ENUMERATED
 * OPTIONAL, [1] supportedMech OPTIONAL, [2] responseToken OPTIONAL,
 * [3] mechListMIC OPTIONAL }, fields in order, at most once.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 spnego_parse_neg_token_resp(const u8 *buf, size_t len, struct spnego_neg_token_resp *resp)
{
	struct der_tlv seq, inner;
	size_t off;
	int last = -1;
	u8 num;

	memset(resp, 0, sizeof(*resp));
	resp->neg_state = SPNEGO_NEG_STATE_NONE;
	if (read_wrapped_sequence(buf, len, 1, &seq) != STATUS_SUCCESS)
		return STATUS_INVALID_PARAMETER;
	for (off = 0; off < seq.len;) {
		if (read_ctx_element(seq.value, seq.len, &off, &num, &inner) != STATUS_SUCCESS ||
		    (int)num <= last)
			return STATUS_INVALID_PARAMETER;
		last = num;
		switch (num) {
		case 0:
			if (inner.tag != DER_TAG_ENUMERATED || inner.len != 1 ||
			    inner.value[0] > SPNEGO_REQUEST_MIC)
				return STATUS_INVALID_PARAMETER;
			resp->neg_state = inner.value[0];
			break;
		case 1:
			if (inner.tag != DER_TAG_OID || !inner.len)
				return STATUS_INVALID_PARAMETER;
			resp->supported_mech = inner.value;
			resp->supported_mech_len = inner.len;
			break;
		case 2:
			if (inner.tag != DER_TAG_OCTET_STRING)
				return STATUS_INVALID_PARAMETER;
			resp->response_token = inner.value;
			resp->response_token_len = inner.len;
			break;
		case 3:
			if (inner.tag != DER_TAG_OCTET_STRING)
				return STATUS_INVALID_PARAMETER;
			resp->mic = inner.value;
			resp->mic_len = inner.len;
			break;
		default:
			return STATUS_INVALID_PARAMETER;
		}
	}
	return STATUS_SUCCESS;
}

/**
 * spnego_build_neg_token_resp() - build a negTokenResp
 * @out: output buffer
 * @cap: its size
 * @len: set to the token length on success
 * @neg_state: SPNEGO_ACCEPT_* / SPNEGO_REJECT / SPNEGO_REQUEST_MIC, or
 *	SPNEGO_NEG_STATE_NONE to leave negState out
 * @mech: supportedMech, or NULL to leave it out
 * @token: responseToken, or NULL to leave it out
 * @token_len: its length
 * @mic: mechListMIC, or NULL to leave it out
 * @mic_len: its length
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a bad @neg_state
 * or OID, or a token over 64 KiB; STATUS_BUFFER_TOO_SMALL if it does not
 * fit in @cap (nothing written).
 */
u32 spnego_build_neg_token_resp(u8 *out, size_t cap, size_t *len, int neg_state,
				const struct spnego_oid *mech, const u8 *token,
				size_t token_len, const u8 *mic, size_t mic_len)
{
	size_t body = 0, total;
	u8 *p;

	if (neg_state < SPNEGO_NEG_STATE_NONE || neg_state > SPNEGO_REQUEST_MIC)
		return STATUS_INVALID_PARAMETER;
	if (mech && (!mech->len || mech->len > 127))
		return STATUS_INVALID_PARAMETER;
	if (token_len > SPNEGO_MAX_TOKEN || mic_len > SPNEGO_MAX_TOKEN)
		return STATUS_INVALID_PARAMETER;
	if (neg_state != SPNEGO_NEG_STATE_NONE)
		body += der_tlv_size(der_tlv_size(1));
	if (mech)
		body += der_tlv_size(der_tlv_size(mech->len));
	if (token)
		body += der_tlv_size(der_tlv_size(token_len));
	if (mic)
		body += der_tlv_size(der_tlv_size(mic_len));
	total = der_tlv_size(der_tlv_size(body));
	if (total > SPNEGO_MAX_TOKEN)
		return STATUS_INVALID_PARAMETER;
	if (total > cap)
		return STATUS_BUFFER_TOO_SMALL;

	p = der_put_tl(out, DER_TAG_CONTEXT(1), der_tlv_size(body));
	p = der_put_tl(p, DER_TAG_SEQUENCE, body);
	if (neg_state != SPNEGO_NEG_STATE_NONE) {
		p = der_put_tl(p, DER_TAG_CONTEXT(0), der_tlv_size(1));
		p = der_put_tl(p, DER_TAG_ENUMERATED, 1);
		*p++ = (u8)neg_state;
	}
	if (mech) {
		p = der_put_tl(p, DER_TAG_CONTEXT(1), der_tlv_size(mech->len));
		p = der_put_tl(p, DER_TAG_OID, mech->len);
		memcpy(p, mech->der, mech->len);
		p += mech->len;
	}
	if (token) {
		p = der_put_tl(p, DER_TAG_CONTEXT(2), der_tlv_size(token_len));
		p = der_put_tl(p, DER_TAG_OCTET_STRING, token_len);
		if (token_len)
			memcpy(p, token, token_len);
		p += token_len;
	}
	if (mic) {
		p = der_put_tl(p, DER_TAG_CONTEXT(3), der_tlv_size(mic_len));
		p = der_put_tl(p, DER_TAG_OCTET_STRING, mic_len);
		if (mic_len)
			memcpy(p, mic, mic_len);
		p += mic_len;
	}
	*len = (size_t)(p - out);
	return STATUS_SUCCESS;
}
