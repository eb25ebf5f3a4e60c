// SPDX-License-Identifier: GPL-2.0
/*
 * DCE/RPC connection-oriented PDUs (C706 chapter 12, MS-RPCE 2.2.2).
 * See dcerpc.h.
 */
#include "dcerpc.h"

/* 8a885d04-1ceb-11c9-9fe8-08002b104860 v2.0 */
const struct dcerpc_syntax dcerpc_ndr20_syntax = {
	.uuid = { 0x04, 0x5d, 0x88, 0x8a, 0xeb, 0x1c, 0xc9, 0x11,
		  0x9f, 0xe8, 0x08, 0x00, 0x2b, 0x10, 0x48, 0x60 },
	.ver_major = 2,
};

/* 71710533-beba-4937-8319-b5dbef9ccc36 v1.0 */
const struct dcerpc_syntax dcerpc_ndr64_syntax = {
	.uuid = { 0x33, 0x05, 0x71, 0x71, 0xba, 0xbe, 0x37, 0x49,
		  0x83, 0x19, 0xb5, 0xdb, 0xef, 0x9c, 0xcc, 0x36 },
	.ver_major = 1,
};

/* The first 8 bytes (wire order) of 6cb71c2c-9812-4540-xxxx-xxxxxxxxxxxx */
static const u8 btfn_prefix[8] = {
	0x2c, 0x1c, 0xb7, 0x6c, 0x12, 0x98, 0x40, 0x45
};

/**
 * dcerpc_parse_hdr() - Parse and check the 16-byte common header.
 * @buf: the PDU's first bytes
 * @len: bytes available (at least DCERPC_HDR_SIZE for success)
 * @h: the header, filled on success
 *
 * Checks version 5.0/5.1, little-endian ASCII data representation,
 * frag_length >= 16 and that an auth verifier (sec_trailer + auth_length)
 * fits in frag_length after the header. Does not require the whole
 * fragment to be in @buf.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 dcerpc_parse_hdr(const u8 *buf, size_t len, struct dcerpc_hdr *h)
{
	if (len < DCERPC_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	h->rpc_vers = buf[0];
	h->rpc_vers_minor = buf[1];
	h->ptype = buf[2];
	h->pfc_flags = buf[3];
	memcpy(h->drep, buf + 4, 4);
	h->frag_length = get_le16(buf + 8);
	h->auth_length = get_le16(buf + 10);
	h->call_id = get_le32(buf + 12);
	if (h->rpc_vers != 5 || h->rpc_vers_minor > 1)
		return STATUS_INVALID_PARAMETER;
	if (h->drep[0] != 0x10)
		return STATUS_INVALID_PARAMETER;
	if (h->frag_length < DCERPC_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	if (h->auth_length &&
	    (u32)h->auth_length + DCERPC_SEC_TRAILER_SIZE >
	    (u32)h->frag_length - DCERPC_HDR_SIZE)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/**
 * dcerpc_syntax_get() - Read a p_syntax_id_t.
 * @p: 20 bytes
 * @s: the syntax
 */
void dcerpc_syntax_get(const u8 *p, struct dcerpc_syntax *s)
{
	memcpy(s->uuid, p, 16);
	s->ver_major = get_le16(p + 16);
	s->ver_minor = get_le16(p + 18);
}

static void dcerpc_syntax_put(u8 *p, const struct dcerpc_syntax *s)
{
	memcpy(p, s->uuid, 16);
	put_le16(p + 16, s->ver_major);
	put_le16(p + 18, s->ver_minor);
}

/**
 * dcerpc_syntax_eq() - Compare two syntaxes (UUID and both versions).
 * @a: one
 * @b: the other
 *
 * Return: true if equal.
 */
bool dcerpc_syntax_eq(const struct dcerpc_syntax *a, const struct dcerpc_syntax *b)
{
	return !memcmp(a->uuid, b->uuid, 16) && a->ver_major == b->ver_major &&
	       a->ver_minor == b->ver_minor;
}

/**
 * dcerpc_syntax_is_btfn() - Is this a bind time feature negotiation
 *	transfer syntax (MS-RPCE 3.3.1.5.3)?
 * @s: a transfer syntax
 * @features: set to the first BindTimeFeatureNegotiationBitmask octet
 *
 * Return: true if the UUID has the 6cb71c2c-9812-4540 prefix and v1.0.
 */
bool dcerpc_syntax_is_btfn(const struct dcerpc_syntax *s, u8 *features)
{
	if (memcmp(s->uuid, btfn_prefix, sizeof(btfn_prefix)) ||
	    s->ver_major != 1 || s->ver_minor != 0)
		return false;
	*features = s->uuid[8];
	return true;
}

/*
 * End of the PDU body: frag_length minus the auth verifier. Returns false
 * if the sec_trailer and its padding do not fit after @body_start.
 */
static bool dcerpc_body_end(const u8 *pdu, const struct dcerpc_hdr *h,
			    size_t body_start, size_t *end, u8 *auth_type,
			    u8 *auth_level)
{
	size_t e = h->frag_length, trailer;
	u8 pad;

	*auth_type = 0;
	*auth_level = 0;
	if (e < body_start)
		return false;
	if (!h->auth_length) {
		*end = e;
		return true;
	}
	if ((size_t)h->auth_length + DCERPC_SEC_TRAILER_SIZE > e - body_start)
		return false;
	trailer = e - h->auth_length - DCERPC_SEC_TRAILER_SIZE;
	*auth_type = pdu[trailer];
	*auth_level = pdu[trailer + 1];
	pad = pdu[trailer + 2];
	if (pad > trailer - body_start)
		return false;
	*end = trailer - pad;
	return true;
}

/**
 * dcerpc_parse_bind() - Parse a bind or alter_context PDU body.
 * @pdu: the whole fragment, h->frag_length bytes
 * @h: its header, from dcerpc_parse_hdr()
 * @b: the result; the context list is validated (every p_cont_elem_t
 *	with at least one transfer syntax fits before the auth verifier)
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 dcerpc_parse_bind(const u8 *pdu, const struct dcerpc_hdr *h,
		      struct dcerpc_bind *b)
{
	size_t end, pos;
	u8 i, n_ts;

	if (h->ptype != DCERPC_PT_BIND && h->ptype != DCERPC_PT_ALTER_CONTEXT)
		return STATUS_INVALID_PARAMETER;
	if (!dcerpc_body_end(pdu, h, 28, &end, &b->auth_type, &b->auth_level))
		return STATUS_INVALID_PARAMETER;
	b->has_auth = h->auth_length != 0;
	b->max_xmit_frag = get_le16(pdu + 16);
	b->max_recv_frag = get_le16(pdu + 18);
	b->assoc_group_id = get_le32(pdu + 20);
	b->n_ctx = pdu[24];
	pos = 28;
	for (i = 0; i < b->n_ctx; i++) {
		if (end - pos < 4 + DCERPC_SYNTAX_SIZE)
			return STATUS_INVALID_PARAMETER;
		n_ts = pdu[pos + 2];
		if (!n_ts)
			return STATUS_INVALID_PARAMETER;
		pos += 4 + DCERPC_SYNTAX_SIZE;
		if ((size_t)n_ts * DCERPC_SYNTAX_SIZE > end - pos)
			return STATUS_INVALID_PARAMETER;
		pos += (size_t)n_ts * DCERPC_SYNTAX_SIZE;
	}
	b->ctx_list = pdu + 28;
	b->ctx_list_len = pos - 28;
	return STATUS_SUCCESS;
}

/**
 * dcerpc_ctx_iter_init() - Start walking the contexts of a parsed bind.
 * @it: the iterator
 * @b: a bind parsed by dcerpc_parse_bind()
 */
void dcerpc_ctx_iter_init(struct dcerpc_ctx_iter *it, const struct dcerpc_bind *b)
{
	it->bind = b;
	it->pos = 0;
	it->index = 0;
}

/**
 * dcerpc_ctx_next() - The next presentation context of a bind.
 * @it: the iterator
 * @c: the context (its transfer syntaxes stay in the PDU buffer)
 *
 * Return: false after the last one.
 */
bool dcerpc_ctx_next(struct dcerpc_ctx_iter *it, struct dcerpc_ctx *c)
{
	const u8 *p;

	if (it->index >= it->bind->n_ctx)
		return false;
	/* dcerpc_parse_bind() checked that every element fits. */
	p = it->bind->ctx_list + it->pos;
	c->ctx_id = get_le16(p);
	c->n_transfer = p[2];
	dcerpc_syntax_get(p + 4, &c->abstract);
	c->transfer = p + 4 + DCERPC_SYNTAX_SIZE;
	it->pos += 4 + DCERPC_SYNTAX_SIZE + (size_t)c->n_transfer * DCERPC_SYNTAX_SIZE;
	it->index++;
	return true;
}

/**
 * dcerpc_parse_request() - Parse a request PDU.
 * @pdu: the whole fragment, h->frag_length bytes
 * @h: its header
 * @r: the result; r->stub points into @pdu, before any auth verifier
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 dcerpc_parse_request(const u8 *pdu, const struct dcerpc_hdr *h,
			 struct dcerpc_request *r)
{
	size_t start = DCERPC_REQ_HDR_SIZE, end;
	u8 type, level;

	if (h->ptype != DCERPC_PT_REQUEST)
		return STATUS_INVALID_PARAMETER;
	if (h->pfc_flags & DCERPC_PFC_OBJECT_UUID)
		start += 16;
	if (!dcerpc_body_end(pdu, h, start, &end, &type, &level))
		return STATUS_INVALID_PARAMETER;
	r->alloc_hint = get_le32(pdu + 16);
	r->ctx_id = get_le16(pdu + 20);
	r->opnum = get_le16(pdu + 22);
	r->object = start > DCERPC_REQ_HDR_SIZE ? pdu + DCERPC_REQ_HDR_SIZE : NULL;
	r->stub = pdu + start;
	r->stub_len = end - start;
	r->has_auth = h->auth_length != 0;
	return STATUS_SUCCESS;
}

/**
 * dcerpc_build_hdr() - Write a 16-byte common header (v5.0, little-endian).
 * @out: 16 bytes
 * @ptype: PDU type
 * @flags: pfc_flags
 * @frag_length: whole fragment size
 * @call_id: the call id
 */
void dcerpc_build_hdr(u8 *out, u8 ptype, u8 flags, u16 frag_length, u32 call_id)
{
	out[0] = 5;
	out[1] = 0;
	out[2] = ptype;
	out[3] = flags;
	out[4] = 0x10;
	out[5] = 0;
	out[6] = 0;
	out[7] = 0;
	put_le16(out + 8, frag_length);
	put_le16(out + 10, 0);
	put_le32(out + 12, call_id);
}

/**
 * dcerpc_build_bind_ack() - Build a bind_ack or alter_context_resp.
 * @out: output buffer
 * @cap: its size
 * @a: the contents
 * @len: set to the PDU size on success
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_TOO_SMALL (nothing written) or
 * STATUS_INVALID_PARAMETER for a too long secondary address.
 */
u32 dcerpc_build_bind_ack(u8 *out, size_t cap, const struct dcerpc_bind_ack *a,
			  size_t *len)
{
	size_t addr_len = a->sec_addr && a->sec_addr[0] ? strlen(a->sec_addr) + 1 : 0;
	size_t pos, total, i;

	if (addr_len > 256)
		return STATUS_INVALID_PARAMETER;
	pos = 26 + addr_len;
	pos = (pos + 3) & ~(size_t)3;
	total = pos + 4 + (size_t)a->n_results * (4 + DCERPC_SYNTAX_SIZE);
	if (total > cap || total > 0xffff)
		return STATUS_BUFFER_TOO_SMALL;
	memset(out, 0, total);
	dcerpc_build_hdr(out, a->ptype, DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG,
			 (u16)total, a->call_id);
	put_le16(out + 16, a->max_xmit_frag);
	put_le16(out + 18, a->max_recv_frag);
	put_le32(out + 20, a->assoc_group_id);
	put_le16(out + 24, (u16)addr_len);
	if (addr_len)
		memcpy(out + 26, a->sec_addr, addr_len);
	out[pos] = a->n_results;
	pos += 4;
	for (i = 0; i < a->n_results; i++) {
		put_le16(out + pos, a->results[i].result);
		put_le16(out + pos + 2, a->results[i].reason);
		dcerpc_syntax_put(out + pos + 4, &a->results[i].transfer);
		pos += 4 + DCERPC_SYNTAX_SIZE;
	}
	*len = total;
	return STATUS_SUCCESS;
}

/**
 * dcerpc_build_bind_nak() - Build a bind_nak (C706 12.6.4.5).
 * @out: output buffer
 * @cap: its size (24 bytes are needed)
 * @call_id: the bind's call id
 * @reason: provider_reject_reason (DCERPC_NAK_*)
 * @len: set to the PDU size on success
 *
 * The only protocol version listed as supported is 5.0.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 dcerpc_build_bind_nak(u8 *out, size_t cap, u32 call_id, u16 reason,
			  size_t *len)
{
	if (cap < 24)
		return STATUS_BUFFER_TOO_SMALL;
	memset(out, 0, 24);
	dcerpc_build_hdr(out, DCERPC_PT_BIND_NAK,
			 DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG, 24, call_id);
	put_le16(out + 16, reason);
	out[18] = 1;	/* n_protocols */
	out[19] = 5;	/* major */
	out[20] = 0;	/* minor */
	*len = 24;
	return STATUS_SUCCESS;
}

/**
 * dcerpc_build_response() - Build one response fragment.
 * @out: output buffer
 * @cap: its size
 * @call_id: the request's call id
 * @flags: DCERPC_PFC_FIRST_FRAG and/or DCERPC_PFC_LAST_FRAG
 * @alloc_hint: stub bytes remaining from this fragment on
 * @ctx_id: the presentation context of the call
 * @stub: this fragment's stub data
 * @stub_len: its size
 * @len: set to the fragment size on success
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 dcerpc_build_response(u8 *out, size_t cap, u32 call_id, u8 flags,
			  u32 alloc_hint, u16 ctx_id, const u8 *stub,
			  size_t stub_len, size_t *len)
{
	if (stub_len > 0xffff - DCERPC_RESP_HDR_SIZE ||
	    cap < DCERPC_RESP_HDR_SIZE + stub_len)
		return STATUS_BUFFER_TOO_SMALL;
	dcerpc_build_hdr(out, DCERPC_PT_RESPONSE, flags,
			 (u16)(DCERPC_RESP_HDR_SIZE + stub_len), call_id);
	put_le32(out + 16, alloc_hint);
	put_le16(out + 20, ctx_id);
	out[22] = 0;	/* cancel_count */
	out[23] = 0;
	if (stub_len)
		memcpy(out + DCERPC_RESP_HDR_SIZE, stub, stub_len);
	*len = DCERPC_RESP_HDR_SIZE + stub_len;
	return STATUS_SUCCESS;
}

/**
 * dcerpc_build_fault() - Build a fault PDU (C706 12.6.4.7).
 * @out: output buffer
 * @cap: its size (DCERPC_FAULT_SIZE needed)
 * @call_id: the failed call's id
 * @flags: extra pfc_flags, e.g. DCERPC_PFC_DID_NOT_EXECUTE
 * @ctx_id: the call's presentation context
 * @status: the fault status (DCERPC_NCA_S_*)
 * @len: set to DCERPC_FAULT_SIZE on success
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 dcerpc_build_fault(u8 *out, size_t cap, u32 call_id, u8 flags,
		       u16 ctx_id, u32 status, size_t *len)
{
	if (cap < DCERPC_FAULT_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	memset(out, 0, DCERPC_FAULT_SIZE);
	dcerpc_build_hdr(out, DCERPC_PT_FAULT,
			 DCERPC_PFC_FIRST_FRAG | DCERPC_PFC_LAST_FRAG | flags,
			 DCERPC_FAULT_SIZE, call_id);
	put_le16(out + 20, ctx_id);
	put_le32(out + 24, status);
	*len = DCERPC_FAULT_SIZE;
	return STATUS_SUCCESS;
}
