/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DCE/RPC connection-oriented PDUs (C706 chapter 12, MS-RPCE 2.2.2):
 * common header, bind/alter_context and request parsing; bind_ack,
 * alter_context_resp, bind_nak, response and fault building.
 *
 * Only little-endian ASCII IEEE data representation is accepted
 * (drep[0] == 0x10), which is what every NDR20 client sends.
 */
#ifndef SMB3K_PROTO_DCERPC_H
#define SMB3K_PROTO_DCERPC_H

#include "proto_shim.h"
#include "ntstatus.h"

#define DCERPC_HDR_SIZE			16
#define DCERPC_REQ_HDR_SIZE		24	/* + 16 with PFC_OBJECT_UUID */
#define DCERPC_RESP_HDR_SIZE		24
#define DCERPC_FAULT_SIZE		32
#define DCERPC_SEC_TRAILER_SIZE		8
#define DCERPC_SYNTAX_SIZE		20	/* p_syntax_id_t */
/* Largest PDU accepted before a bind negotiated smaller fragments. */
#define DCERPC_MAX_PDU			65535

/* PTYPE */
#define DCERPC_PT_REQUEST		0
#define DCERPC_PT_RESPONSE		2
#define DCERPC_PT_FAULT			3
#define DCERPC_PT_BIND			11
#define DCERPC_PT_BIND_ACK		12
#define DCERPC_PT_BIND_NAK		13
#define DCERPC_PT_ALTER_CONTEXT		14
#define DCERPC_PT_ALTER_CONTEXT_RESP	15
#define DCERPC_PT_AUTH3			16
#define DCERPC_PT_SHUTDOWN		17
#define DCERPC_PT_CO_CANCEL		18
#define DCERPC_PT_ORPHANED		19

/* pfc_flags */
#define DCERPC_PFC_FIRST_FRAG		0x01
#define DCERPC_PFC_LAST_FRAG		0x02
#define DCERPC_PFC_PENDING_CANCEL	0x04	/* SUPPORT_HEADER_SIGN in bind */
#define DCERPC_PFC_CONC_MPX		0x10
#define DCERPC_PFC_DID_NOT_EXECUTE	0x20
#define DCERPC_PFC_MAYBE		0x40
#define DCERPC_PFC_OBJECT_UUID		0x80

/* p_cont_def_result_t (MS-RPCE 2.2.2.4 adds negotiate_ack) */
#define DCERPC_RESULT_ACCEPTANCE		0
#define DCERPC_RESULT_USER_REJECTION		1
#define DCERPC_RESULT_PROVIDER_REJECTION	2
#define DCERPC_RESULT_NEGOTIATE_ACK		3

/* p_provider_reason_t */
#define DCERPC_REASON_NOT_SPECIFIED		0
#define DCERPC_REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED	1
#define DCERPC_REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED	2
#define DCERPC_REASON_LOCAL_LIMIT_EXCEEDED	3

/* p_reject_reason_t (bind_nak) */
#define DCERPC_NAK_NOT_SPECIFIED		0
#define DCERPC_NAK_TEMPORARY_CONGESTION		1
#define DCERPC_NAK_LOCAL_LIMIT_EXCEEDED		2
#define DCERPC_NAK_PROTOCOL_VERSION_NOT_SUPPORTED	4
#define DCERPC_NAK_AUTHENTICATION_TYPE_NOT_RECOGNIZED	8

/* fault status (C706 appendix E, MS-RPCE 2.2.2.11 / 3.3.2.4.1) */
#define DCERPC_NCA_S_OP_RNG_ERROR	0x1c010002U
#define DCERPC_NCA_S_UNKNOWN_IF		0x1c010003U
#define DCERPC_NCA_S_PROTO_ERROR	0x1c01000bU
#define DCERPC_NCA_S_FAULT_NDR		0x000006f7U	/* RPC_X_BAD_STUB_DATA */
#define DCERPC_NCA_S_FAULT_ACCESS_DENIED	0x00000005U

/* Bind time feature negotiation (MS-RPCE 2.2.2.14, 3.3.1.5.3) */
#define DCERPC_BTFN_SEC_CTX_MULTIPLEXING	0x01
#define DCERPC_BTFN_KEEP_ORPHAN			0x02

/* The common header (C706 12.6.3.1). */
struct dcerpc_hdr {
	u8 rpc_vers;
	u8 rpc_vers_minor;
	u8 ptype;
	u8 pfc_flags;
	u8 drep[4];
	u16 frag_length;
	u16 auth_length;
	u32 call_id;
};

/* p_syntax_id_t: interface or transfer syntax UUID (wire order) + version */
struct dcerpc_syntax {
	u8 uuid[16];
	u16 ver_major;
	u16 ver_minor;
};

/* bind and alter_context (C706 12.6.4.3). */
struct dcerpc_bind {
	u16 max_xmit_frag;
	u16 max_recv_frag;
	u32 assoc_group_id;
	u8 n_ctx;
	/* the validated p_cont_elem_t list; read with dcerpc_bind_ctx() */
	const u8 *ctx_list;
	size_t ctx_list_len;
	/* auth_verifier present (auth_length != 0) */
	bool has_auth;
	u8 auth_type;
	u8 auth_level;
};

/* One presentation context of a bind. */
struct dcerpc_ctx {
	u16 ctx_id;
	u8 n_transfer;
	struct dcerpc_syntax abstract;
	const u8 *transfer;	/* n_transfer p_syntax_id_t, use dcerpc_syntax_get() */
};

/* Iterator over dcerpc_bind.ctx_list. */
struct dcerpc_ctx_iter {
	const struct dcerpc_bind *bind;
	size_t pos;
	u8 index;
};

/* request (C706 12.6.4.9). */
struct dcerpc_request {
	u32 alloc_hint;
	u16 ctx_id;
	u16 opnum;
	const u8 *object;	/* 16 bytes, or NULL */
	const u8 *stub;
	size_t stub_len;
	bool has_auth;
};

/* One p_result_t of a bind_ack / alter_context_resp. */
struct dcerpc_result {
	u16 result;
	u16 reason;
	struct dcerpc_syntax transfer;
};

struct dcerpc_bind_ack {
	u8 ptype;		/* BIND_ACK or ALTER_CONTEXT_RESP */
	u32 call_id;
	u16 max_xmit_frag;
	u16 max_recv_frag;
	u32 assoc_group_id;
	const char *sec_addr;	/* e.g. "\\PIPE\\srvsvc", NULL or "" = empty */
	u8 n_results;
	const struct dcerpc_result *results;
};

extern const struct dcerpc_syntax dcerpc_ndr20_syntax;
extern const struct dcerpc_syntax dcerpc_ndr64_syntax;

u32 dcerpc_parse_hdr(const u8 *buf, size_t len, struct dcerpc_hdr *h);
u32 dcerpc_parse_bind(const u8 *pdu, const struct dcerpc_hdr *h,
		      struct dcerpc_bind *b);
void dcerpc_ctx_iter_init(struct dcerpc_ctx_iter *it, const struct dcerpc_bind *b);
bool dcerpc_ctx_next(struct dcerpc_ctx_iter *it, struct dcerpc_ctx *c);
void dcerpc_syntax_get(const u8 *p, struct dcerpc_syntax *s);
bool dcerpc_syntax_eq(const struct dcerpc_syntax *a, const struct dcerpc_syntax *b);
bool dcerpc_syntax_is_btfn(const struct dcerpc_syntax *s, u8 *features);
u32 dcerpc_parse_request(const u8 *pdu, const struct dcerpc_hdr *h,
			 struct dcerpc_request *r);

void dcerpc_build_hdr(u8 *out, u8 ptype, u8 flags, u16 frag_length, u32 call_id);
u32 dcerpc_build_bind_ack(u8 *out, size_t cap, const struct dcerpc_bind_ack *a,
			  size_t *len);
u32 dcerpc_build_bind_nak(u8 *out, size_t cap, u32 call_id, u16 reason,
			  size_t *len);
u32 dcerpc_build_response(u8 *out, size_t cap, u32 call_id, u8 flags,
			  u32 alloc_hint, u16 ctx_id, const u8 *stub,
			  size_t stub_len, size_t *len);
u32 dcerpc_build_fault(u8 *out, size_t cap, u32 call_id, u8 flags,
		       u16 ctx_id, u32 status, size_t *len);

#endif /* SMB3K_PROTO_DCERPC_H */
