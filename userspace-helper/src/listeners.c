// SPDX-License-Identifier: GPL-2.0
#include "listeners.h"

#include <arpa/inet.h>
#include <errno.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/smb3k.h>

static size_t addr_len(int family)
{
	return family == AF_INET ? 4 : 16;
}

int local_addrs_get(struct local_addr **addrs, size_t *n)
{
	struct ifaddrs *list, *ifa;
	struct local_addr *out = NULL;
	size_t count = 0, cap = 0;

	if (getifaddrs(&list) < 0)
		return -errno;
	for (ifa = list; ifa; ifa = ifa->ifa_next) {
		struct local_addr *la;
		int family;

		if (!ifa->ifa_addr)
			continue;
		family = ifa->ifa_addr->sa_family;
		if (family != AF_INET && family != AF_INET6)
			continue;
		xgrow((void **)&out, &cap, count + 1, sizeof(*out));
		la = &out[count++];
		memset(la, 0, sizeof(*la));
		snprintf(la->name, sizeof(la->name), "%s", ifa->ifa_name);
		la->family = family;
		la->up = ifa->ifa_flags & IFF_UP;
		if (family == AF_INET)
			memcpy(la->addr, &((struct sockaddr_in *)ifa->ifa_addr)->sin_addr, 4);
		else
			memcpy(la->addr, &((struct sockaddr_in6 *)ifa->ifa_addr)->sin6_addr, 16);
	}
	freeifaddrs(list);
	*addrs = out;
	*n = count;
	return 0;
}

bool addr_in_prefix(int family, const unsigned char *addr, const unsigned char *net,
		    unsigned int prefix)
{
	unsigned int full = prefix / 8, rest = prefix % 8;

	if (prefix > addr_len(family) * 8)
		return false;
	if (memcmp(addr, net, full))
		return false;
	if (!rest)
		return true;
	return ((addr[full] ^ net[full]) & (0xff00 >> rest) & 0xff) == 0;
}

static bool ipv6_link_local(int family, const unsigned char *addr)
{
	return family == AF_INET6 && addr[0] == 0xfe && (addr[1] & 0xc0) == 0x80;
}

void listener_format(int family, const unsigned char *addr, uint16_t port,
		     char *buf, size_t len)
{
	char text[INET6_ADDRSTRLEN] = "?";

	inet_ntop(family, addr, text, sizeof(text));
	if (family == AF_INET6)
		snprintf(buf, len, "[%s]:%u", text, port);
	else
		snprintf(buf, len, "%s:%u", text, port);
}

/* Matched addresses, without duplicates. */
struct addr_set {
	struct local_addr *v;
	size_t n, cap;
};

static void set_add(struct addr_set *set, int family, const unsigned char *addr)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->v[i].family == family && !memcmp(set->v[i].addr, addr, addr_len(family)))
			return;
	xgrow((void **)&set->v, &set->cap, set->n + 1, sizeof(*set->v));
	memset(&set->v[set->n], 0, sizeof(set->v[0]));
	set->v[set->n].family = family;
	memcpy(set->v[set->n].addr, addr, addr_len(family));
	set->n++;
}

/* eth0 also matches its IPv4 alias labels eth0:1, eth0:2... */
static bool name_matches(const char *ifname, const char *want)
{
	size_t n = strlen(want);

	return !strncmp(ifname, want, n) && (ifname[n] == '\0' || ifname[n] == ':');
}

static void match_spec(const struct iface_spec *spec, const struct local_addr *locals,
		       size_t n_locals, struct addr_set *set, struct errlist *warnings)
{
	size_t i, before = set->n;
	bool down = false;

	if (spec->kind == IFACE_ADDR && ipv6_link_local(spec->family, spec->addr)) {
		errlist_add(warnings, NULL, 0, "interfaces: skipping %s: link-local IPv6 "
			    "addresses are not supported", spec->text);
		return;
	}
	for (i = 0; i < n_locals; i++) {
		const struct local_addr *la = &locals[i];
		bool match;

		if (spec->kind == IFACE_NAME)
			match = name_matches(la->name, spec->text);
		else if (la->family != spec->family)
			match = false;
		else if (spec->kind == IFACE_ADDR)
			match = !memcmp(la->addr, spec->addr, addr_len(la->family));
		else
			match = addr_in_prefix(la->family, la->addr, spec->addr, spec->prefix);
		if (!match || ipv6_link_local(la->family, la->addr))
			continue;
		if (!la->up) {
			down = true;
			continue;
		}
		set_add(set, la->family, la->addr);
	}
	if (set->n != before)
		return;
	if (down)
		errlist_add(warnings, NULL, 0, "interfaces: '%s' is down, not listening on it",
			    spec->text);
	else if (spec->kind == IFACE_NAME)
		errlist_add(warnings, NULL, 0, "interfaces: no interface '%s' with a usable "
			    "address", spec->text);
	else
		errlist_add(warnings, NULL, 0, "interfaces: '%s' matches no local address",
			    spec->text);
}

int listeners_build(const struct smb3k_config *cfg, const struct local_addr *locals,
		    size_t n_locals, struct smb3k_listener *out,
		    struct errlist *warnings, struct errlist *errs)
{
	static const unsigned char any[16];
	struct addr_set set = { 0 };
	size_t i, j, count = 0;
	int rc = -1;

	if (cfg->bind_interfaces_only) {
		for (i = 0; i < cfg->n_interfaces; i++)
			match_spec(&cfg->interfaces[i], locals, n_locals, &set, warnings);
		if (!set.n) {
			errlist_add(errs, NULL, 0, "no address to listen on: 'interfaces' "
				    "matches no usable local address");
			goto out;
		}
	} else {
		set_add(&set, AF_INET, any);
		/* "::" only where IPv6 is enabled: then lo has ::1 */
		for (i = 0; i < n_locals; i++)
			if (locals[i].family == AF_INET6)
				break;
		if (i < n_locals)
			set_add(&set, AF_INET6, any);
	}
	if (set.n * cfg->n_ports > SMB3K_MAX_LISTENERS) {
		errlist_add(errs, NULL, 0, "too many listeners: %zu addresses x %zu ports "
			    "> %d", set.n, cfg->n_ports, SMB3K_MAX_LISTENERS);
		goto out;
	}
	for (i = 0; i < set.n; i++) {
		for (j = 0; j < cfg->n_ports; j++) {
			struct smb3k_listener *l = &out[count++];

			memset(l, 0, sizeof(*l));
			l->family = set.v[i].family;
			memcpy(l->addr, set.v[i].addr, addr_len(l->family));
			l->port = cfg->ports[j];
		}
	}
	rc = (int)count;
out:
	free(set.v);
	return rc;
}
