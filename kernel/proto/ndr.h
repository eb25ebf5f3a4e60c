/* SPDX-License-Identifier: GPL-2.0 */
/*
 * NDR 2.0 (C706 chapter 14, little-endian, ASCII, IEEE) marshalling
 * helpers for DCE/RPC stub data.
 *
 * Reader: struct ndr_pull over a byte buffer. Every pull checks the bounds;
 * the first failure sets ->err, which sticks (later pulls fail too), so a
 * caller may pull a whole structure and test ->err once. Alignment is
 * relative to the start of the buffer, which must be the start of the stub
 * data (8-aligned within the PDU, as NDR requires).
 *
 * Writer: struct ndr_push. Writes beyond ->cap are not stored but still
 * counted in ->off and set ->overflow, so that a caller can size a buffer
 * with one pass (buf NULL, cap 0) and fill it with a second one.
 * Pointers are written as referent ids 0x00020000, 0x00020004, ...
 * (unique and full pointers; a full pointer to the same object twice is
 * not supported: every non-NULL pointer gets a new id).
 */
#ifndef SMB3K_PROTO_NDR_H
#define SMB3K_PROTO_NDR_H

#include "proto_shim.h"

#define NDR_REF_ID_BASE		0x00020000U
/* Largest conformance or variance count accepted from the wire. */
#define NDR_MAX_COUNT		0x00100000U

struct ndr_pull {
	const u8 *data;
	size_t len;
	size_t off;
	bool err;
};

struct ndr_push {
	u8 *buf;
	size_t cap;
	size_t off;
	u32 next_ref;
	bool overflow;
	bool err;		/* invalid input (e.g. bad UTF-8), not space */
};

void ndr_pull_init(struct ndr_pull *p, const u8 *data, size_t len);
bool ndr_pull_align(struct ndr_pull *p, size_t n);
bool ndr_pull_u8(struct ndr_pull *p, u8 *v);
bool ndr_pull_u16(struct ndr_pull *p, u16 *v);
bool ndr_pull_u32(struct ndr_pull *p, u32 *v);
bool ndr_pull_u64(struct ndr_pull *p, u64 *v);
bool ndr_pull_bytes(struct ndr_pull *p, size_t n, const u8 **v);
bool ndr_pull_ptr(struct ndr_pull *p, u32 *ref_id);
bool ndr_pull_string(struct ndr_pull *p, const u8 **utf16, u32 *nchars);
bool ndr_pull_conformant_count(struct ndr_pull *p, u32 max, u32 *count);
bool ndr_pull_array_bytes(struct ndr_pull *p, u32 count, size_t elem_size,
			  size_t align, const u8 **v);
size_t ndr_pull_remaining(const struct ndr_pull *p);

void ndr_push_init(struct ndr_push *w, u8 *buf, size_t cap);
void ndr_push_align(struct ndr_push *w, size_t n);
void ndr_push_u8(struct ndr_push *w, u8 v);
void ndr_push_u16(struct ndr_push *w, u16 v);
void ndr_push_u32(struct ndr_push *w, u32 v);
void ndr_push_u64(struct ndr_push *w, u64 v);
void ndr_push_bytes(struct ndr_push *w, const void *v, size_t n);
void ndr_push_zero(struct ndr_push *w, size_t n);
void ndr_push_ptr(struct ndr_push *w, bool non_null);
void ndr_push_string(struct ndr_push *w, const char *utf8);
void ndr_push_ustr_hdr(struct ndr_push *w, const char *utf8);
void ndr_push_ustr_body(struct ndr_push *w, const char *utf8);
bool ndr_push_ok(const struct ndr_push *w);

size_t ndr_utf8_to_utf16(const char *s, u8 *out, size_t cap, bool *bad);
bool ndr_utf16_to_utf8(const u8 *utf16, u32 nchars, char *out, size_t cap);

#endif /* SMB3K_PROTO_NDR_H */
