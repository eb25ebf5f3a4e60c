// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: smb3kd's DCE/RPC pipe server (rpc_server.c) on the
 * bytes a client writes to \PIPE\<name>: PDU delimiting across writes,
 * bind/alter_context, fragmented requests and their reassembly, the calls
 * themselves, faults; and the message-mode reads of the answers.
 *
 * Input: byte 0 the interface (0 srvsvc, 1 wkssvc, 2 lsarpc, 3 samr; mod
 * 4), byte 1 bit 0 the caller (0 anonymous, 1 user "test") and bits 1-7
 * the read size (0: 4280, else 64 times it), byte 2 the write size (0: all
 * at once, else 17 times it), then the client's bytes. Every queued answer
 * must read back as exactly one well-formed PDU of its length.
 */
#include <stdlib.h>
#include <string.h>

#include "daemon_fuzz.h"
#include "rpc_server.h"

/* Larger than any answer PDU (a bind_ack for 255 contexts is ~6 KiB). */
#define MSG_MAX		65536

/* Read every queued answer, max bytes at a time. */
static void drain(struct rpc_pipe *p, uint8_t *msg, size_t max)
{
	struct dcerpc_hdr h;
	size_t n, len = 0;
	uint32_t st;

	for (;;) {
		st = rpc_pipe_read(p, msg + len, max, &n);
		if (st == STATUS_PIPE_EMPTY) {
			if (len || n)
				abort();
			return;
		}
		if (n > max || (st != STATUS_SUCCESS && st != STATUS_BUFFER_OVERFLOW))
			abort();
		len += n;
		if (len > MSG_MAX)
			abort();
		if (st == STATUS_BUFFER_OVERFLOW)
			continue;
		if (dcerpc_parse_hdr(msg, len, &h) != STATUS_SUCCESS || h.frag_length != len)
			abort();
		len = 0;
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t max, chunk, pos, n;
	struct rpc_pipe *p;
	uint8_t *msg, *buf;

	if (size < 3)
		return 0;
	fuzz_random_reset();
	p = rpc_pipe_new(fuzz_rpc_ifaces[data[0] % FUZZ_RPC_IFACES], 1, data[1] & 1 ? "test" : "");
	max = data[1] >> 1 ? (size_t)(data[1] >> 1) * 64 : RPC_MAX_FRAG;
	chunk = data[2] ? (size_t)data[2] * 17 : size;
	msg = malloc(MSG_MAX + max);
	data += 3;
	size -= 3;
	for (pos = 0; pos < size; pos += n) {
		n = size - pos < chunk ? size - pos : chunk;
		/* each write in a buffer of its own size, as the upcall has it */
		buf = malloc(n);
		memcpy(buf, data + pos, n);
		rpc_pipe_write(p, &fuzz_cfg, buf, n);
		free(buf);
		drain(p, msg, max);
	}
	free(msg);
	rpc_pipe_free(p);
	return 0;
}
