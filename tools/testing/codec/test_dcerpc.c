// SPDX-License-Identifier: GPL-2.0
/* Unit tests: NDR 2.0 helpers and DCE/RPC connection-oriented PDUs. */
#include <stdlib.h>
#include "tap.h"
#include "ndr.h"
#include "dcerpc.h"

static void test_ndr_pull(void)
{
	/* u8 7, pad, u16 0x0102, u32, pad to 8, u64 */
	static const u8 b[] = { 7, 0xee, 0x02, 0x01, 0x04, 0x03, 0x02, 0x01,
				0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01 };
	struct ndr_pull p;
	u8 v8 = 0;
	u16 v16 = 0;
	u32 v32 = 0;
	u64 v64 = 0;
	size_t l;
	int bad = 0;

	ndr_pull_init(&p, b, 8);
	EXPECT_TRUE(ndr_pull_u8(&p, &v8));
	EXPECT_TRUE(ndr_pull_u16(&p, &v16));
	EXPECT_TRUE(ndr_pull_u32(&p, &v32));
	EXPECT_EQ(v8, 7);
	EXPECT_EQ(v16, 0x0102);
	EXPECT_EQ(v32, 0x01020304);
	EXPECT_EQ(ndr_pull_remaining(&p), 0);
	ndr_pull_init(&p, b, sizeof(b));
	EXPECT_TRUE(ndr_pull_u8(&p, &v8));
	EXPECT_TRUE(ndr_pull_u64(&p, &v64));
	EXPECT_EQ(v64, 0x0102030405060708ULL);
	EXPECT_EQ(p.off, 16);
	tap_case("ndr: pull u8/u16/u32/u64 with alignment");

	for (l = 0; l < sizeof(b); l++) {
		u8 *c = malloc(l ? l : 1);

		memcpy(c, b, l);
		ndr_pull_init(&p, c, l);
		ndr_pull_u8(&p, &v8);
		ndr_pull_u64(&p, &v64);
		if (!p.err || ndr_pull_u8(&p, &v8))
			bad++;
		free(c);
	}
	EXPECT_EQ(bad, 0);
	tap_case("ndr: every truncation of u8+u64 fails and the error sticks");
}

static void test_ndr_string(void)
{
	/* max 4, offset 0, actual 4, "ab\u00e9" NUL */
	static const u8 s[] = { 4, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0,
				'a', 0, 'b', 0, 0xe9, 0, 0, 0 };
	struct ndr_pull p;
	const u8 *u;
	u32 n = 0;
	char out[16];
	u8 bad[sizeof(s)];
	size_t l;
	int fails = 0;

	ndr_pull_init(&p, s, sizeof(s));
	EXPECT_TRUE(ndr_pull_string(&p, &u, &n));
	EXPECT_EQ(n, 3);
	EXPECT_TRUE(ndr_utf16_to_utf8(u, n, out, sizeof(out)));
	EXPECT_MEM(out, "ab\xc3\xa9", 5);
	EXPECT_TRUE(!ndr_utf16_to_utf8(u, n, out, 4));
	tap_case("ndr: conformant varying string, UTF-16 -> UTF-8");

	for (l = 0; l < sizeof(s); l++) {
		u8 *c = malloc(l ? l : 1);

		memcpy(c, s, l);
		ndr_pull_init(&p, c, l);
		if (ndr_pull_string(&p, &u, &n))
			fails++;
		free(c);
	}
	EXPECT_EQ(fails, 0);
	memcpy(bad, s, sizeof(s));
	bad[4] = 1;			/* offset != 0 */
	ndr_pull_init(&p, bad, sizeof(s));
	EXPECT_TRUE(!ndr_pull_string(&p, &u, &n));
	memcpy(bad, s, sizeof(s));
	bad[0] = 3;			/* actual > max */
	ndr_pull_init(&p, bad, sizeof(s));
	EXPECT_TRUE(!ndr_pull_string(&p, &u, &n));
	memcpy(bad, s, sizeof(s));
	bad[18] = 'x';			/* no NUL */
	ndr_pull_init(&p, bad, sizeof(s));
	EXPECT_TRUE(!ndr_pull_string(&p, &u, &n));
	memcpy(bad, s, sizeof(s));
	bad[14] = 0;			/* embedded NUL: the string ends there */
	ndr_pull_init(&p, bad, sizeof(s));
	EXPECT_TRUE(ndr_pull_string(&p, &u, &n));
	EXPECT_EQ(n, 1);
	EXPECT_EQ(ndr_pull_remaining(&p), 0);
	memcpy(bad, s, sizeof(s));
	bad[0] = 0xff;
	bad[3] = 0xff;
	bad[8] = 0xff;
	bad[11] = 0x7f;			/* huge actual count */
	ndr_pull_init(&p, bad, sizeof(s));
	EXPECT_TRUE(!ndr_pull_string(&p, &u, &n));
	tap_case("ndr: string truncations, offset, actual > max, NUL rules, huge counts");

	/* unpaired surrogates */
	{
		static const u8 hi[] = { 0x00, 0xd8, 'a', 0 };
		static const u8 lo[] = { 0x00, 0xdc };
		static const u8 pair[] = { 0x3d, 0xd8, 0x00, 0xde };

		EXPECT_TRUE(!ndr_utf16_to_utf8(hi, 2, out, sizeof(out)));
		EXPECT_TRUE(!ndr_utf16_to_utf8(lo, 1, out, sizeof(out)));
		EXPECT_TRUE(ndr_utf16_to_utf8(pair, 2, out, sizeof(out)));
		EXPECT_MEM(out, "\xf0\x9f\x98\x80", 5);
	}
	tap_case("ndr: UTF-16 surrogates");
}

static void test_ndr_push(void)
{
	u8 b[64];
	struct ndr_push w;
	static const u8 want[] = {
		1, 0, 2, 0, 3, 0, 0, 0,			/* u8, pad, u16, u32 */
		0x00, 0x00, 0x02, 0x00,			/* ref id 1 */
		0x00, 0x00, 0x00, 0x00,			/* NULL */
		0x04, 0x00, 0x02, 0x00,			/* ref id 2 */
		3, 0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0,	/* "h\u00e9" string */
		'h', 0, 0xe9, 0, 0, 0,
		0, 0,					/* pad */
		4, 0, 4, 0, 0x08, 0x00, 0x02, 0x00,	/* ustr hdr "h\u00e9" */
		2, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0,	/* ustr body */
		'h', 0, 0xe9, 0,
	};
	size_t need;

	ndr_push_init(&w, b, sizeof(b));
	ndr_push_u8(&w, 1);
	ndr_push_u16(&w, 2);
	ndr_push_u32(&w, 3);
	ndr_push_ptr(&w, true);
	ndr_push_ptr(&w, false);
	ndr_push_ptr(&w, true);
	ndr_push_string(&w, "h\xc3\xa9");
	ndr_push_ustr_hdr(&w, "h\xc3\xa9");
	ndr_push_ustr_body(&w, "h\xc3\xa9");
	EXPECT_TRUE(ndr_push_ok(&w));
	EXPECT_EQ(w.off, sizeof(want));
	EXPECT_MEM(b, want, sizeof(want));
	tap_case("ndr: push alignment, referent ids, string, RPC_UNICODE_STRING");

	need = w.off;
	ndr_push_init(&w, NULL, 0);
	ndr_push_u8(&w, 1);
	ndr_push_u16(&w, 2);
	ndr_push_u32(&w, 3);
	ndr_push_ptr(&w, true);
	ndr_push_ptr(&w, false);
	ndr_push_ptr(&w, true);
	ndr_push_string(&w, "h\xc3\xa9");
	ndr_push_ustr_hdr(&w, "h\xc3\xa9");
	ndr_push_ustr_body(&w, "h\xc3\xa9");
	EXPECT_TRUE(w.overflow);
	EXPECT_EQ(w.off, need);
	memset(b, 0xaa, sizeof(b));
	ndr_push_init(&w, b, 10);
	ndr_push_string(&w, "abcdef");
	EXPECT_TRUE(!ndr_push_ok(&w));
	EXPECT_EQ(b[10], 0xaa);
	ndr_push_init(&w, b, sizeof(b));
	ndr_push_string(&w, "bad \xff utf8");
	EXPECT_TRUE(w.err);
	tap_case("ndr: push measures without a buffer, never writes past cap, bad UTF-8");
}

static size_t mk_bind(u8 *b, u16 n_ts, u16 frag_extra)
{
	size_t pos = 28 + 4 + 20 + 20 * n_ts, i;

	memset(b, 0, pos);
	b[0] = 5;
	b[2] = DCERPC_PT_BIND;
	b[3] = 3;
	b[4] = 0x10;
	put_le16(b + 8, (u16)(pos + frag_extra));
	put_le32(b + 12, 0x42);
	put_le16(b + 16, 4280);
	put_le16(b + 18, 5840);
	put_le32(b + 20, 0x1234);
	b[24] = 1;
	put_le16(b + 28, 9);
	b[30] = (u8)n_ts;
	memset(b + 32, 0x11, 16);
	put_le16(b + 48, 3);
	for (i = 0; i < n_ts; i++)
		memcpy(b + 52 + 20 * i, i ? dcerpc_ndr20_syntax.uuid :
		       dcerpc_ndr64_syntax.uuid, 16);
	if (n_ts > 1)
		put_le16(b + 52 + 20 + 16, 2);
	return pos;
}

static void test_bind(void)
{
	u8 b[256];
	struct dcerpc_hdr h;
	struct dcerpc_bind bind;
	struct dcerpc_ctx_iter it;
	struct dcerpc_ctx c;
	struct dcerpc_syntax ts;
	size_t n = mk_bind(b, 2, 0), l;
	int bad = 0;

	EXPECT_EQ(dcerpc_parse_hdr(b, n, &h), STATUS_SUCCESS);
	EXPECT_EQ(h.ptype, DCERPC_PT_BIND);
	EXPECT_EQ(h.frag_length, n);
	EXPECT_EQ(h.call_id, 0x42);
	EXPECT_EQ(dcerpc_parse_bind(b, &h, &bind), STATUS_SUCCESS);
	EXPECT_EQ(bind.max_xmit_frag, 4280);
	EXPECT_EQ(bind.max_recv_frag, 5840);
	EXPECT_EQ(bind.assoc_group_id, 0x1234);
	EXPECT_EQ(bind.n_ctx, 1);
	dcerpc_ctx_iter_init(&it, &bind);
	EXPECT_TRUE(dcerpc_ctx_next(&it, &c));
	EXPECT_EQ(c.ctx_id, 9);
	EXPECT_EQ(c.n_transfer, 2);
	EXPECT_EQ(c.abstract.ver_major, 3);
	dcerpc_syntax_get(c.transfer + 20, &ts);
	EXPECT_TRUE(dcerpc_syntax_eq(&ts, &dcerpc_ndr20_syntax));
	EXPECT_TRUE(!dcerpc_ctx_next(&it, &c));
	tap_case("dcerpc: parse bind, every field");

	for (l = 0; l < n; l++) {
		u8 *cp = malloc(n);

		memcpy(cp, b, n);
		put_le16(cp + 8, (u16)l);	/* frag_length too short */
		if (!dcerpc_parse_hdr(cp, n, &h) && !dcerpc_parse_bind(cp, &h, &bind))
			bad++;
		free(cp);
	}
	EXPECT_EQ(bad, 0);
	EXPECT_TRUE(dcerpc_parse_hdr(b, 15, &h) != STATUS_SUCCESS);
	b[0] = 4;
	EXPECT_TRUE(dcerpc_parse_hdr(b, n, &h) != STATUS_SUCCESS);
	b[0] = 5;
	b[4] = 0x00;			/* big-endian */
	EXPECT_TRUE(dcerpc_parse_hdr(b, n, &h) != STATUS_SUCCESS);
	b[4] = 0x10;
	put_le16(b + 10, (u16)(n - 16 - 7));	/* auth_length + 8 > body */
	EXPECT_TRUE(dcerpc_parse_hdr(b, n, &h) != STATUS_SUCCESS);
	put_le16(b + 10, 0);
	b[30] = 0;			/* no transfer syntax */
	EXPECT_EQ(dcerpc_parse_hdr(b, n, &h), STATUS_SUCCESS);
	EXPECT_TRUE(dcerpc_parse_bind(b, &h, &bind) != STATUS_SUCCESS);
	tap_case("dcerpc: bind with every short frag_length, bad version/drep/auth/context");

	{
		static const struct dcerpc_syntax btfn = {
			.uuid = { 0x2c, 0x1c, 0xb7, 0x6c, 0x12, 0x98, 0x40, 0x45, 3 },
			.ver_major = 1,
		};
		u8 f = 0;

		EXPECT_TRUE(dcerpc_syntax_is_btfn(&btfn, &f));
		EXPECT_EQ(f, 3);
		EXPECT_TRUE(!dcerpc_syntax_is_btfn(&dcerpc_ndr20_syntax, &f));
	}
	tap_case("dcerpc: bind time feature negotiation syntax");
}

static void test_build(void)
{
	static const struct dcerpc_result r[2] = {
		{ .result = 0, .transfer = { .uuid = { 1 }, .ver_major = 2 } },
		{ .result = 2, .reason = 2 },
	};
	struct dcerpc_bind_ack a = {
		.ptype = DCERPC_PT_BIND_ACK, .call_id = 7, .max_xmit_frag = 4280,
		.max_recv_frag = 4280, .assoc_group_id = 0x5150,
		.sec_addr = "\\PIPE\\srvsvc", .n_results = 2, .results = r,
	};
	u8 b[128], stub[5] = { 1, 2, 3, 4, 5 };
	struct dcerpc_hdr h;
	struct dcerpc_request req;
	size_t n = 0;

	EXPECT_EQ(dcerpc_build_bind_ack(b, sizeof(b), &a, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 40 + 4 + 48);
	EXPECT_EQ(dcerpc_parse_hdr(b, n, &h), STATUS_SUCCESS);
	EXPECT_EQ(h.ptype, DCERPC_PT_BIND_ACK);
	EXPECT_EQ(h.frag_length, n);
	EXPECT_EQ(h.pfc_flags, 3);
	EXPECT_EQ(get_le16(b + 24), 13);
	EXPECT_MEM(b + 26, "\\PIPE\\srvsvc", 13);
	EXPECT_EQ(b[40], 2);
	EXPECT_EQ(b[44 + 4], 1);
	EXPECT_EQ(get_le16(b + 44 + 20), 2);
	EXPECT_EQ(get_le16(b + 68), 2);
	EXPECT_EQ(get_le16(b + 70), 2);
	EXPECT_EQ(dcerpc_build_bind_ack(b, n - 1, &a, &n), STATUS_BUFFER_TOO_SMALL);
	a.ptype = DCERPC_PT_ALTER_CONTEXT_RESP;
	a.sec_addr = NULL;
	EXPECT_EQ(dcerpc_build_bind_ack(b, sizeof(b), &a, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 28 + 4 + 48);
	EXPECT_EQ(get_le16(b + 24), 0);
	tap_case("dcerpc: build bind_ack (padded address) and alter_context_resp");

	EXPECT_EQ(dcerpc_build_bind_nak(b, sizeof(b), 9, 8, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 24);
	EXPECT_EQ(b[2], DCERPC_PT_BIND_NAK);
	EXPECT_EQ(get_le16(b + 16), 8);
	EXPECT_EQ(b[18], 1);
	EXPECT_EQ(b[19], 5);
	EXPECT_EQ(dcerpc_build_fault(b, sizeof(b), 9, DCERPC_PFC_DID_NOT_EXECUTE, 1,
				     DCERPC_NCA_S_OP_RNG_ERROR, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 32);
	EXPECT_EQ(b[3], 0x23);
	EXPECT_EQ(get_le16(b + 20), 1);
	EXPECT_EQ(get_le32(b + 24), 0x1c010002);
	EXPECT_EQ(dcerpc_build_fault(b, 31, 9, 0, 1, 1, &n), STATUS_BUFFER_TOO_SMALL);
	tap_case("dcerpc: build bind_nak and fault");

	EXPECT_EQ(dcerpc_build_response(b, sizeof(b), 11, 1, 100, 2, stub, 5, &n),
		  STATUS_SUCCESS);
	EXPECT_EQ(n, 29);
	EXPECT_EQ(get_le32(b + 16), 100);
	EXPECT_EQ(get_le16(b + 20), 2);
	EXPECT_MEM(b + 24, stub, 5);
	/* a response re-typed as a request parses back */
	b[2] = DCERPC_PT_REQUEST;
	put_le16(b + 22, 15);
	EXPECT_EQ(dcerpc_parse_hdr(b, n, &h), STATUS_SUCCESS);
	EXPECT_EQ(dcerpc_parse_request(b, &h, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.opnum, 15);
	EXPECT_EQ(req.ctx_id, 2);
	EXPECT_EQ(req.stub_len, 5);
	EXPECT_TRUE(req.stub == b + 24 && !req.object && !req.has_auth);
	b[3] |= DCERPC_PFC_OBJECT_UUID;
	EXPECT_EQ(dcerpc_parse_hdr(b, n, &h), STATUS_SUCCESS);
	EXPECT_TRUE(dcerpc_parse_request(b, &h, &req) != STATUS_SUCCESS);
	tap_case("dcerpc: response build, request parse, object UUID must fit");

	/* request with an auth verifier: pad 3, trailer, 16 bytes */
	memset(b, 0, sizeof(b));
	dcerpc_build_hdr(b, DCERPC_PT_REQUEST, 3, 24 + 5 + 3 + 8 + 16, 1);
	put_le16(b + 10, 16);
	b[24 + 8 + 2] = 3;
	EXPECT_EQ(dcerpc_parse_hdr(b, 56, &h), STATUS_SUCCESS);
	EXPECT_EQ(dcerpc_parse_request(b, &h, &req), STATUS_SUCCESS);
	EXPECT_EQ(req.stub_len, 5);
	EXPECT_TRUE(req.has_auth);
	b[24 + 8 + 2] = 9;		/* pad longer than the body */
	EXPECT_TRUE(dcerpc_parse_request(b, &h, &req) != STATUS_SUCCESS);
	tap_case("dcerpc: request auth verifier and its padding are bounded");
}

void test_dcerpc(void)
{
	test_ndr_pull();
	test_ndr_string();
	test_ndr_push();
	test_bind();
	test_build();
}
