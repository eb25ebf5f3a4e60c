/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Which sockets the kernel listens on: the wildcard addresses, or with
 * "bind interfaces only" the local addresses that "interfaces" names
 * (interface names, addresses, address/prefix), each with every port.
 */
#ifndef SMB3K_LISTENERS_H
#define SMB3K_LISTENERS_H

#include <net/if.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stdint.h>

#include "config.h"

struct smb3k_listener {
	int family;			/* AF_INET or AF_INET6 */
	unsigned char addr[16];		/* 4 bytes used for AF_INET */
	uint16_t port;
};

/* One address of a local interface (what getifaddrs() reports). */
struct local_addr {
	char name[IFNAMSIZ];
	int family;
	unsigned char addr[16];
	bool up;
};

/* getifaddrs(): IPv4 and IPv6 addresses only. 0 or -errno. */
int local_addrs_get(struct local_addr **addrs, size_t *n);

/*
 * Fill out[SMB3K_MAX_LISTENERS]. Entries that match nothing are warnings;
 * no listener at all or too many are errors. Returns the count or -1.
 */
int listeners_build(const struct smb3k_config *cfg, const struct local_addr *locals,
		    size_t n_locals, struct smb3k_listener *out,
		    struct errlist *warnings, struct errlist *errs);

bool addr_in_prefix(int family, const unsigned char *addr, const unsigned char *net,
		    unsigned int prefix);
/* "192.0.2.1:445" or "[2001:db8::1]:445" */
void listener_format(int family, const unsigned char *addr, uint16_t port,
		     char *buf, size_t len);

#define LISTENER_STRLEN (INET6_ADDRSTRLEN + 9)

#endif
