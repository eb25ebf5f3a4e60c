// SPDX-License-Identifier: GPL-2.0
/*
 * rpc_random() (rpc_server.h): pipe ids, policy handles, association
 * groups. In a file of its own so that the fuzzers
 * (tools/testing/codec/) can link a deterministic one instead.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/random.h>
#include <unistd.h>

#include "log.h"
#include "rpc_server.h"

void rpc_random(void *buf, size_t len)
{
	unsigned char *b = buf;
	ssize_t n;
	int fd;

	while (len) {
		n = getrandom(b, len, 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		b += n;
		len -= (size_t)n;
	}
	if (!len)
		return;
	fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	if (fd < 0 || read(fd, b, len) != (ssize_t)len) {
		log_err("no random numbers");
		abort();
	}
	close(fd);
}
