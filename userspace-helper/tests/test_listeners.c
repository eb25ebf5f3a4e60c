// SPDX-License-Identifier: GPL-2.0
/* "interfaces" entries and the listeners they select. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/smb3k.h>

#include "config.h"
#include "listeners.h"
#include "tap.h"

static struct local_addr la(const char *name, const char *addr, bool up)
{
	struct local_addr a;

	memset(&a, 0, sizeof(a));
	snprintf(a.name, sizeof(a.name), "%s", name);
	a.family = strchr(addr, ':') ? AF_INET6 : AF_INET;
	inet_pton(a.family, addr, a.addr);
	a.up = up;
	return a;
}

static void test_iface_specs(void)
{
	struct iface_spec s;

	tap_ok(config_parse_iface("eth0", &s) && s.kind == IFACE_NAME, "iface: eth0 is a name");
	tap_ok(config_parse_iface("10.1.2.3", &s) && s.kind == IFACE_ADDR && s.family == AF_INET &&
	       !memcmp(s.addr, "\x0a\x01\x02\x03", 4), "iface: IPv4 address");
	tap_ok(config_parse_iface("2001:db8::1", &s) && s.kind == IFACE_ADDR &&
	       s.family == AF_INET6 && s.addr[0] == 0x20 && s.addr[15] == 1, "iface: IPv6 address");
	tap_ok(config_parse_iface("10.0.0.0/8", &s) && s.kind == IFACE_NET && s.prefix == 8,
	       "iface: IPv4 network");
	tap_ok(config_parse_iface("2001:db8::/32", &s) && s.kind == IFACE_NET && s.prefix == 32,
	       "iface: IPv6 network");
	tap_ok(!config_parse_iface("10.0.0.0/33", &s), "iface: /33 refused for IPv4");
	tap_ok(config_parse_iface("::/128", &s) && !config_parse_iface("::/129", &s),
	       "iface: IPv6 prefix up to 128");
	tap_ok(!config_parse_iface("10.0.0.0/x", &s) && !config_parse_iface("eth0/1", &s),
	       "iface: junk after '/' refused");
	tap_ok(!config_parse_iface("averyveryverylongname", &s), "iface: name over 15 refused");
}

static void test_prefix(void)
{
	unsigned char a[16], n[16];

	inet_pton(AF_INET, "10.0.2.15", a);
	inet_pton(AF_INET, "10.0.0.0", n);
	tap_ok(addr_in_prefix(AF_INET, a, n, 8) && addr_in_prefix(AF_INET, a, n, 22) &&
	       !addr_in_prefix(AF_INET, a, n, 23), "prefix: 10.0.2.15 in /22, not in /23");
	tap_ok(addr_in_prefix(AF_INET, a, n, 0) && !addr_in_prefix(AF_INET, a, n, 32) &&
	       addr_in_prefix(AF_INET, a, a, 32) && !addr_in_prefix(AF_INET, a, a, 33),
	       "prefix: /0, /32 and out of range");
	inet_pton(AF_INET6, "2001:db8:1:2::5", a);
	inet_pton(AF_INET6, "2001:db8:1::", n);
	tap_ok(addr_in_prefix(AF_INET6, a, n, 48) && !addr_in_prefix(AF_INET6, a, n, 63),
	       "prefix: IPv6 /48 and /63");
}

static int build(const char *conf, const struct local_addr *locals, size_t n,
		 struct smb3k_listener *out, struct errlist *warn, struct errlist *errs)
{
	struct smb3k_config cfg;
	int rc;

	if (config_load(&cfg, tap_write("lst.conf", conf), errs))
		return -2;
	rc = listeners_build(&cfg, locals, n, out, warn, errs);
	config_free(&cfg);
	return rc;
}

/* The listeners as text, one per line, for exact comparison. */
static char *render(const struct smb3k_listener *l, int n)
{
	char *s = xstrdup(""), text[LISTENER_STRLEN];
	int i;

	for (i = 0; i < n; i++) {
		char *t;

		listener_format(l[i].family, l[i].addr, l[i].port, text, sizeof(text));
		t = xasprintf("%s%s\n", s, text);
		free(s);
		s = t;
	}
	return s;
}

static void check(const char *conf, const struct local_addr *locals, size_t n_locals,
		  const char *want, size_t want_warnings, const char *desc)
{
	struct smb3k_listener out[SMB3K_MAX_LISTENERS];
	struct errlist warn = { 0 }, errs = { 0 };
	int n = build(conf, locals, n_locals, out, &warn, &errs);
	char *got = n >= 0 ? render(out, n) : NULL;

	tap_is_str(got, want, "listeners: %s", desc);
	if (!tap_is_int((long long)warn.n, (long long)want_warnings, "listeners: %s: warnings", desc))
		errlist_print(&warn, stdout, "# ");
	if (errs.n)
		errlist_print(&errs, stdout, "# ");
	free(got);
	errlist_free(&warn);
	errlist_free(&errs);
}

static void test_build(void)
{
	struct local_addr host[] = {
		la("lo", "127.0.0.1", true),
		la("lo", "::1", true),
		la("eth0", "10.0.2.15", true),
		la("eth0", "fe80::5054:ff:fe12:3456", true),
		la("eth0", "2001:db8::5", true),
		la("eth0:1", "10.0.3.1", true),
		la("eth1", "192.168.1.2", false),
		la("eth10", "172.16.0.1", true),
	};
	struct local_addr v4only[] = { la("lo", "127.0.0.1", true), la("eth0", "10.0.2.15", true) };
	struct smb3k_listener out[SMB3K_MAX_LISTENERS];
	struct errlist warn = { 0 }, errs = { 0 };

	check("[global]\nsmb ports = 445 4445\n", host, ARRAY_SIZE(host),
	      "0.0.0.0:445\n0.0.0.0:4445\n[::]:445\n[::]:4445\n", 0,
	      "wildcards for every port");
	check("[global]\n", v4only, ARRAY_SIZE(v4only), "0.0.0.0:445\n", 0,
	      "no IPv6 wildcard without IPv6");
	check("[global]\nbind interfaces only = yes\ninterfaces = eth0\n", host, ARRAY_SIZE(host),
	      "10.0.2.15:445\n[2001:db8::5]:445\n10.0.3.1:445\n", 0,
	      "eth0: its addresses and alias, no link-local, not eth10");
	check("[global]\nbind interfaces only = yes\ninterfaces = 127.0.0.1, 10.0.0.0/8 eth0\n"
	      "smb ports = 4445\n", host, ARRAY_SIZE(host),
	      "127.0.0.1:4445\n10.0.2.15:4445\n10.0.3.1:4445\n[2001:db8::5]:4445\n", 0,
	      "address, network and name, without duplicates");
	check("[global]\nbind interfaces only = yes\ninterfaces = eth1 lo 192.0.2.9 "
	      "fe80::5054:ff:fe12:3456 wlan0 10.9.0.0/16\n", host, ARRAY_SIZE(host),
	      "127.0.0.1:445\n[::1]:445\n", 5,
	      "down, foreign, link-local and missing entries only warn");

	tap_is_int(build("[global]\nbind interfaces only = yes\ninterfaces = wlan0\n", host,
			 ARRAY_SIZE(host), out, &warn, &errs), -1,
		   "listeners: nothing matched is an error");
	tap_ok(errs.n == 1 && strstr(errs.msg[0], "no address to listen on"),
	       "listeners: ... saying so");
	errlist_free(&warn);
	errlist_free(&errs);
	tap_is_int(build("[global]\nsmb ports = 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17\n",
			 host, ARRAY_SIZE(host), out, &warn, &errs), -1,
		   "listeners: 2 x 17 > 32 is an error");
	tap_ok(errs.n == 1 && strstr(errs.msg[0], "too many listeners"),
	       "listeners: ... saying so");
	errlist_free(&warn);
	errlist_free(&errs);
	tap_is_int(build("[global]\nsmb ports = 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 16\n",
			 host, ARRAY_SIZE(host), out, &warn, &errs), SMB3K_MAX_LISTENERS,
		   "listeners: 2 x 16 = 32 fit (a repeated port counts once)");
	errlist_free(&warn);
	errlist_free(&errs);
}

void test_listeners(void)
{
	test_iface_specs();
	test_prefix();
	test_build();
}
