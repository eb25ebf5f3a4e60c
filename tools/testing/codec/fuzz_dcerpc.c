// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: DCE/RPC PDU parsers (header, bind/alter_context,
 * request), bind_ack/fault building from what was parsed, and the NDR
 * pull helpers run over the stub as a byte-driven sequence of reads.
 */
#include <stdlib.h>
#include "dcerpc.h"
#include "ndr.h"

static void fuzz_ndr(const u8 *data, size_t size)
{
	struct ndr_pull p;
	const u8 *v;
	char utf8[64];
	u32 n32, i;
	u16 n16;
	u8 op;
	u64 n64;

	if (size < 2)
		return;
	/* the first bytes pick the reads, the rest is the stub */
	ndr_pull_init(&p, data + 8 < data + size ? data + 8 : data + size,
		      size > 8 ? size - 8 : 0);
	for (i = 0; i < 8 && i < size; i++) {
		op = data[i];
		switch (op & 7) {
		case 0:
			ndr_pull_u8(&p, &op);
			break;
		case 1:
			ndr_pull_u16(&p, &n16);
			break;
		case 2:
			ndr_pull_u32(&p, &n32);
			break;
		case 3:
			ndr_pull_u64(&p, &n64);
			break;
		case 4:
			if (ndr_pull_string(&p, &v, &n32)) {
				if (v < p.data || v + 2 * (size_t)n32 > p.data + p.len)
					abort();
				ndr_utf16_to_utf8(v, n32, utf8, sizeof(utf8));
			}
			break;
		case 5:
			if (ndr_pull_conformant_count(&p, 4096, &n32) &&
			    ndr_pull_array_bytes(&p, n32, 4, 4, &v) &&
			    v + 4 * (size_t)n32 > p.data + p.len)
				abort();
			break;
		case 6:
			ndr_pull_ptr(&p, &n32);
			break;
		default:
			ndr_pull_align(&p, (size_t)1 << (op >> 6));
			break;
		}
		if (p.off > p.len)
			abort();
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct dcerpc_result res[256];
	struct dcerpc_bind_ack ack = { 0 };
	struct dcerpc_request req;
	struct dcerpc_ctx_iter it;
	struct dcerpc_bind bind;
	struct dcerpc_hdr h;
	struct dcerpc_ctx c;
	u8 out[8192];
	size_t n = 0, k;
	u8 f;

	fuzz_ndr(data, size);
	if (dcerpc_parse_hdr(data, size, &h) || h.frag_length > size)
		return 0;
	if (!dcerpc_parse_request(data, &h, &req)) {
		if (req.stub < data + 24 || req.stub + req.stub_len > data + h.frag_length)
			abort();
		fuzz_ndr(req.stub, req.stub_len);
		dcerpc_build_fault(out, sizeof(out), h.call_id, 0, req.ctx_id,
				   DCERPC_NCA_S_OP_RNG_ERROR, &n);
	}
	if (dcerpc_parse_bind(data, &h, &bind))
		return 0;
	if (bind.ctx_list + bind.ctx_list_len > data + h.frag_length)
		abort();
	dcerpc_ctx_iter_init(&it, &bind);
	while (dcerpc_ctx_next(&it, &c)) {
		struct dcerpc_syntax ts;

		if (c.transfer + 20 * (size_t)c.n_transfer > data + h.frag_length)
			abort();
		for (k = 0; k < c.n_transfer; k++)
			dcerpc_syntax_get(c.transfer + 20 * k, &ts);
		res[n % 256].result = dcerpc_syntax_is_btfn(&ts, &f) ? 3 : 0;
		res[n % 256].transfer = ts;
		n++;
	}
	if (n != bind.n_ctx)
		abort();
	ack.ptype = DCERPC_PT_BIND_ACK;
	ack.call_id = h.call_id;
	ack.sec_addr = "\\PIPE\\srvsvc";
	ack.n_results = (u8)n;
	ack.results = res;
	if (!dcerpc_build_bind_ack(out, sizeof(out), &ack, &k) &&
	    (k > sizeof(out) || get_le16(out + 8) != k))
		abort();
	return 0;
}
