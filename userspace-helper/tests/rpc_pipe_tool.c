// SPDX-License-Identifier: GPL-2.0
/*
 * Drive one RPC pipe from the command line, for tests/rpc_impacket.py:
 *   rpc_pipe_tool PIPE_NAME
 * Each stdin line is a hex string written to the pipe; after each, every
 * queued message is read (4280 bytes at a time, as a client would) and
 * printed as one hex line, then a line ".". Exit 2 on bad input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rpc_server.h"
#include "rpc_testcfg.h"
#include "util.h"

int main(int argc, char **argv)
{
	const struct rpc_iface *iface;
	struct smb3k_config cfg;
	struct rpc_pipe *p;
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (argc != 2 || !(iface = rpc_find_iface(argv[1]))) {
		fprintf(stderr, "usage: rpc_pipe_tool srvsvc|wkssvc|lsarpc|samr\n");
		return 2;
	}
	rpc_test_config(&cfg);
	p = rpc_pipe_new(iface, 1, "tester");
	while ((len = getline(&line, &cap, stdin)) > 0) {
		size_t n = 0, got, msg_len = 0;
		unsigned char *in, msg[RPC_MAX_FRAG], *whole = NULL;
		uint32_t st;
		char *hex;

		while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		n = (size_t)len / 2;
		in = xmalloc(n + 1);
		if (len % 2 || !hex_decode(line, in, n)) {
			fprintf(stderr, "bad hex\n");
			return 2;
		}
		rpc_pipe_write(p, &cfg, in, n);
		free(in);
		for (;;) {
			st = rpc_pipe_read(p, msg, sizeof(msg), &got);
			if (st == STATUS_PIPE_EMPTY)
				break;
			whole = xrealloc(whole, msg_len + got);
			memcpy(whole + msg_len, msg, got);
			msg_len += got;
			if (st == STATUS_BUFFER_OVERFLOW)
				continue;
			hex = xmalloc(2 * msg_len + 1);
			hex_encode(whole, msg_len, hex, false);
			puts(hex);
			free(hex);
			msg_len = 0;
		}
		free(whole);
		puts(".");
		fflush(stdout);
	}
	free(line);
	rpc_pipe_free(p);
	rpc_test_config_free(&cfg);
	return 0;
}
