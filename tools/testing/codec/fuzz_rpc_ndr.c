// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: the NDR request decoding of every RPC call smb3kd
 * serves (userspace-helper/src/rpc_{srvsvc,wkssvc,lsarpc,samr}.c), by
 * calling the interface's dispatch function as rpc_server.c does for a
 * complete request.
 *
 * Input: byte 0 the interface (0 srvsvc, 1 wkssvc, 2 lsarpc, 3 samr; mod
 * 4), byte 1 the opnum, byte 2 bit 0 the caller (0 anonymous, 1 user
 * "test"), then the request stub. The pipe holds policy handles 0 (LSA
 * policy), 1 (SAMR server) and 2 (SAMR domain), see daemon_fuzz.h for
 * their bytes (extract_corpus.py writes them into the stubs it takes from
 * captured calls), so the calls on a handle get past the lookup. A
 * handler returns 0 or a fault; what it pushed must have stayed within the
 * output buffer, and pipe and handles are freed.
 */
#include <stdlib.h>
#include <string.h>

#include "daemon_fuzz.h"
#include "rpc_server.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum rpc_handle_kind kinds[] = {
		RPC_H_LSA_POLICY, RPC_H_SAMR_SERVER, RPC_H_SAMR_DOMAIN,
	};
	size_t cap = 64 * 1024, i;
	struct rpc_pipe *p;
	struct rpc_call c;
	uint8_t *stub, *out;
	uint32_t st;

	if (size < 3)
		return 0;
	fuzz_random_reset();
	p = rpc_pipe_new(fuzz_rpc_ifaces[data[0] % FUZZ_RPC_IFACES], 1, data[2] & 1 ? "test" : "");
	for (i = 0; i < ARRAY_SIZE(kinds); i++)
		if (!rpc_handle_new(p, kinds[i]))
			abort();
	/* the stub in an exactly sized buffer, for ASan */
	stub = malloc(size - 3 ? size - 3 : 1);
	memcpy(stub, data + 3, size - 3);
	out = malloc(cap);
	memset(&c, 0, sizeof(c));
	c.cfg = &fuzz_cfg;
	c.pipe = p;
	c.opnum = data[1];
	ndr_pull_init(&c.in, stub, size - 3);
	ndr_push_init(&c.out, out, cap);
	st = p->iface->dispatch(&c);
	if (c.in.off > c.in.len || (!c.out.overflow && c.out.off > cap))
		abort();
	if (!st && !c.out.err && !c.out.overflow && !c.out.off)
		abort();			/* every answer has at least a status */
	free(out);
	free(stub);
	rpc_pipe_free(p);
	return 0;
}
