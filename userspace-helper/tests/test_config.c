// SPDX-License-Identifier: GPL-2.0
/* smb3k.conf parsing: values, syntax, every error with its FILE:LINE, dump. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include <linux/smb3k.h>

#include "config.h"
#include "tap.h"

static int load(const char *name, const char *text, struct smb3k_config *cfg,
		struct errlist *errs)
{
	return config_load(cfg, tap_write(name, text), errs);
}

static char *path_of(const char *name)
{
	return xasprintf("%s/%s", tap_dir(), name);
}

static const char good_conf[] =
	"; a comment\n"
	"# another one\n"
	"[global]\n"
	"   NetBIOS Name = fileserver\n"
	"\tserver string = Test Server\n"
	"\tserver min protocol = SMB2_10\n"
	"\tserver max protocol = SMB3_02\n"
	"\tserver signing = mandatory\n"
	"\tsmb encrypt = if_required\n"
	"\tbind interfaces only = yes\n"
	"\tinterfaces = eth0, 10.0.2.15 \\\n"
	"\t    192.168.0.0/16 fd00::/8\n"
	"\tsmb ports = 445,4445\n"
	"\tmax connections = 100\n"
	"\tmap to guest = Bad User\n"
	"\tguest account = guest\n"
	"\tpassdb file = /etc/smb3k/passdb\n"
	"\tstate directory = /var/lib/smb3k-test\n"
	"\tlog level = 3\n"
	"\tread only = no\n"
	"\n"
	"[Data]\n"
	"\tpath = /srv/data\n"
	"\tcomment = Data share\n"
	"\twritable = no\n"
	"\tbrowsable = no\n"
	"\tvalid users = alice bob,carol\n"
	"\tguest ok = yes\n"
	"\tcontinuous availability = yes\n"
	"\tsmb encrypt = required\n"
	"\tavailable = off\n"
	"[vm$]\n"
	"\tpath = /srv/vm\n";

static void test_good(void)
{
	struct errlist errs = { 0 };
	struct smb3k_config cfg;
	const struct share_config *s;

	if (!tap_is_int(load("good.conf", good_conf, &cfg, &errs), 0, "config: good file loads")) {
		errlist_print(&errs, stdout, "# ");
		errlist_free(&errs);
		return;
	}
	tap_is_str(cfg.netbios_name, "FILESERVER", "config: netbios name upper-cased");
	tap_is_str(cfg.server_string, "Test Server", "config: server string");
	tap_is_int(cfg.min_protocol, SMB3K_DIALECT_210, "config: min protocol SMB2_10");
	tap_is_int(cfg.max_protocol, SMB3K_DIALECT_302, "config: max protocol SMB3_02");
	tap_is_int(cfg.signing, SMB3K_SIGNING_MANDATORY, "config: signing mandatory");
	tap_is_int(cfg.encrypt, SMB3K_ENCRYPT_DESIRED, "config: if_required means desired");
	tap_ok(cfg.bind_interfaces_only, "config: bind interfaces only");
	tap_is_int((long long)cfg.n_interfaces, 4, "config: 4 interfaces across a continuation");
	if (cfg.n_interfaces == 4) {
		tap_ok(cfg.interfaces[0].kind == IFACE_NAME &&
		       !strcmp(cfg.interfaces[0].text, "eth0"), "config: eth0 is a name");
		tap_ok(cfg.interfaces[1].kind == IFACE_ADDR && cfg.interfaces[1].family == AF_INET &&
		       !memcmp(cfg.interfaces[1].addr, "\x0a\x00\x02\x0f", 4),
		       "config: 10.0.2.15 is an address");
		tap_ok(cfg.interfaces[2].kind == IFACE_NET && cfg.interfaces[2].prefix == 16,
		       "config: 192.168.0.0/16 is a network");
		tap_ok(cfg.interfaces[3].kind == IFACE_NET && cfg.interfaces[3].family == AF_INET6 &&
		       cfg.interfaces[3].prefix == 8 && cfg.interfaces[3].addr[0] == 0xfd,
		       "config: fd00::/8 is an IPv6 network");
	}
	tap_ok(cfg.n_ports == 2 && cfg.ports[0] == 445 && cfg.ports[1] == 4445,
	       "config: ports 445 and 4445");
	tap_is_int(cfg.max_connections, 100, "config: max connections");
	tap_is_int(cfg.map_to_guest, MAP_TO_GUEST_BAD_USER, "config: map to guest = Bad User");
	tap_is_str(cfg.guest_account, "guest", "config: guest account");
	tap_is_str(cfg.passdb_file, "/etc/smb3k/passdb", "config: passdb file");
	tap_is_str(cfg.state_dir, "/var/lib/smb3k-test", "config: state directory");
	tap_is_int(cfg.log_level, 3, "config: log level");
	tap_is_int((long long)cfg.n_shares, 2, "config: two shares");

	s = config_find_share(&cfg, "DATA");
	tap_ok(s && !strcmp(s->name, "Data"), "config: share lookup is case-insensitive");
	if (s) {
		tap_is_str(s->path, "/srv/data", "config: share path");
		tap_is_str(s->comment, "Data share", "config: share comment");
		tap_ok(s->read_only, "config: writable = no overrides the [global] default");
		tap_ok(!s->browseable, "config: browsable alias");
		tap_ok(s->n_valid_users == 3 && !strcmp(s->valid_users[0], "alice") &&
		       !strcmp(s->valid_users[1], "bob") && !strcmp(s->valid_users[2], "carol"),
		       "config: valid users split on spaces and commas");
		tap_ok(s->guest_ok && s->continuous_availability && !s->available,
		       "config: guest ok, continuous availability, available");
		tap_is_int(s->encrypt, SHARE_ENCRYPT_REQUIRED, "config: per-share smb encrypt");
		tap_is_int(s->line, 22, "config: share remembers its line");
	}
	s = config_find_share(&cfg, "vm$");
	tap_ok(s && !s->read_only && s->browseable && s->encrypt == SHARE_ENCRYPT_INHERIT &&
	       s->n_valid_users == 0 && !s->guest_ok,
	       "config: share defaults, read only from [global]");
	config_free(&cfg);
}

static void test_defaults(void)
{
	struct errlist errs = { 0 };
	struct smb3k_config cfg;

	if (!tap_is_int(load("min.conf", "[global]\n", &cfg, &errs), 0, "config: empty [global]"))
		return;
	tap_ok(cfg.min_protocol == SMB3K_DIALECT_202 && cfg.max_protocol == SMB3K_DIALECT_311,
	       "config: default protocols SMB2_02..SMB3_11");
	tap_ok(cfg.signing == SMB3K_SIGNING_AUTO && cfg.encrypt == SMB3K_ENCRYPT_OFF,
	       "config: default signing auto, encryption off");
	tap_ok(cfg.n_ports == 1 && cfg.ports[0] == 445, "config: default port 445");
	tap_ok(!cfg.bind_interfaces_only && cfg.n_interfaces == 0 && cfg.max_connections == 0,
	       "config: default listening and connection limit");
	tap_ok(!strcmp(cfg.passdb_file, "/var/lib/smb3k/passdb") &&
	       !strcmp(cfg.state_dir, "/var/lib/smb3k") && !strcmp(cfg.guest_account, "nobody"),
	       "config: default paths and guest account");
	tap_ok(cfg.netbios_name && *cfg.netbios_name && strlen(cfg.netbios_name) <= 15 &&
	       !strpbrk(cfg.netbios_name, "abcdefghijklmnopqrstuvwxyz."),
	       "config: default netbios name from the host name (%s)",
	       cfg.netbios_name ? cfg.netbios_name : "null");
	config_free(&cfg);
}

static void test_key_spelling(void)
{
	static const char text[] =
		"[global]\r\n"
		"SERVER   SIGNING=Disabled\r\n"
		"[a]\r\n"
		"path=/a\r\n"
		"ReadOnly = no\r\n"
		"[b]\n"
		"  path = /b\n"
		"  READ\tONLY = No\n"
		"  read only = yes\n"
		"[c]\n"
		"  path = /c\n"
		"  Writeable = TRUE\n"
		"  # a comment that ends in a backslash \\\n"
		"  browseable = 0\n";
	struct errlist errs = { 0 };
	struct smb3k_config cfg;

	if (!tap_is_int(load("spell.conf", text, &cfg, &errs), 0,
			"config: keys are case- and whitespace-insensitive, CRLF ok")) {
		errlist_print(&errs, stdout, "# ");
		errlist_free(&errs);
		return;
	}
	tap_is_int(cfg.signing, SMB3K_SIGNING_DISABLED, "config: SERVER   SIGNING=Disabled");
	tap_ok(!cfg.shares[0].read_only, "config: ReadOnly = no");
	tap_ok(cfg.shares[1].read_only, "config: the last of two settings wins");
	tap_ok(!cfg.shares[2].read_only, "config: Writeable = TRUE");
	tap_ok(!cfg.shares[2].browseable, "config: a comment ending in '\\' does not continue");
	config_free(&cfg);
}

static void test_protocols(void)
{
	static const struct {
		const char *min, *max;
		int want_min, want_max;	/* -1: load fails */
	} v[] = {
		{ "SMB2", "SMB2", SMB3K_DIALECT_202, SMB3K_DIALECT_210 },
		{ "SMB3", "SMB3", SMB3K_DIALECT_300, SMB3K_DIALECT_311 },
		{ "smb2_02", "smb3_11", SMB3K_DIALECT_202, SMB3K_DIALECT_311 },
		{ "SMB3_02", "SMB3_02", SMB3K_DIALECT_302, SMB3K_DIALECT_302 },
		{ "SMB3_00", "SMB2", -1, -1 },
		{ "SMB3_11", "SMB3_02", -1, -1 },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		struct errlist errs = { 0 };
		struct smb3k_config cfg;
		char *text = xasprintf("[global]\nserver min protocol = %s\n"
				       "server max protocol = %s\n", v[i].min, v[i].max);
		int rc = load("proto.conf", text, &cfg, &errs);

		if (v[i].want_min < 0) {
			char *want = xasprintf("%s/proto.conf:3: server min protocol %s is above "
					       "server max protocol %s", tap_dir(),
					       v[i].min, str_ieq(v[i].max, "SMB2") ? "SMB2_10" : v[i].max);

			tap_ok(rc < 0 && errs.n == 1, "config: min %s > max %s refused", v[i].min,
			       v[i].max);
			tap_is_str(errs.n ? errs.msg[0] : NULL, want, "config: min > max message");
			free(want);
		} else {
			tap_ok(rc == 0 && cfg.min_protocol == v[i].want_min &&
			       cfg.max_protocol == v[i].want_max,
			       "config: min %s max %s -> 0x%03x..0x%03x", v[i].min, v[i].max,
			       v[i].want_min, v[i].want_max);
			if (!rc)
				config_free(&cfg);
		}
		errlist_free(&errs);
		free(text);
	}
}

/* Every error kind in one file: all reported, each at its line. */
static void test_errors(void)
{
	static const char text[] =
		"# errors\n"					/* 1 */
		"netbios name = early\n"			/* 2 */
		"[global]\n"					/* 3 */
		"\tfoo bar = 1\n"				/* 4 */
		"\tserver min protocol = SMB3_11\n"		/* 5 */
		"\tserver max protocol = SMB3_00\n"		/* 6 */
		"\tsmb ports = 445 0\n"				/* 7 */
		"\tsmb ports = 70000\n"				/* 8 */
		"\tbind interfaces only = maybe\n"		/* 9 */
		"\tserver signing = sometimes\n"		/* 10 */
		"\tserver min protocol = NT1\n"			/* 11 */
		"\tnetbios name = way-too-long-name\n"		/* 12 */
		"\tinterfaces = eth0 10.0.0.1/33\n"		/* 13 */
		"\tlog level = 11\n"				/* 14 */
		"\tmax connections = -1\n"			/* 15 */
		"\tpassdb file = relative/passdb\n"		/* 16 */
		"[test\n"					/* 17 */
		"[share1]\n"					/* 18 */
		"\tpath = srv\n"				/* 19 */
		"\tnetbios name = X\n"				/* 20 */
		"\tread only = perhaps\n"			/* 21 */
		"\tvalid users = @staff\n"			/* 22 */
		"[SHARE1]\n"					/* 23 */
		"\tpath = /x\n"					/* 24 */
		"[homes]\n"					/* 25 */
		"[printers]\n"					/* 26 */
		"[ipc$]\n"					/* 27 */
		"[nopath]\n"					/* 28 */
		"\tcomment = a \\\n"				/* 29 */
		"\t  continued comment\n"			/* 30 */
		"no equals sign here\n"				/* 31 */
		"\t= value\n"					/* 32 */
		"\tinclude = missing.conf\n"			/* 33 */
		"\tsmb encrypt = sometimes\n"			/* 34 */
		"[bad/name]\n"					/* 35 */
		"\tstill = skipped\n";				/* 36 */
	static const char *const want[] = {
		"2: key 'netbios name' outside any section (start with [global])",
		"4: unknown key 'foo bar' in [global]",
		"7: 'smb ports': invalid port '0' (1-65535)",
		"8: 'smb ports': invalid port '70000' (1-65535)",
		"9: invalid value 'maybe' for 'bind interfaces only': expected a boolean "
			"(yes/no, true/false, on/off, 1/0)",
		"10: invalid value 'sometimes' for 'server signing': expected auto, mandatory "
			"or disabled",
		"11: 'server min protocol': NT1 is SMB1, which smb3k does not support "
			"(use SMB2_02 or later)",
		"12: invalid value 'way-too-long-name' for 'netbios name': 1-15 characters, "
			"no spaces or \\/:*?\"<>|.,;=+[]",
		"13: 'interfaces': '10.0.0.1/33' is neither an interface name, an address "
			"nor address/prefix",
		"14: invalid value '11' for 'log level': expected a number from 0 to 10",
		"15: invalid value '-1' for 'max connections': expected a number from 0 to "
			"4294967295",
		"16: 'passdb file' must be an absolute path, not 'relative/passdb'",
		"17: missing ']' in section header",
		"19: 'path' must be an absolute path, not 'srv'",
		"20: 'netbios name' is a [global] key, not allowed in [share1]",
		"21: invalid value 'perhaps' for 'read only': expected a boolean "
			"(yes/no, true/false, on/off, 1/0)",
		"22: 'valid users': group entry '@staff' is not supported (list users)",
		"23: duplicate share [SHARE1] (already defined at DIR/err.conf:18)",
		"25: [homes] is not supported: smb3k has no automatic home shares (define a "
			"share per directory)",
		"26: [printers] is not supported: smb3k does not share printers",
		"27: [ipc$] is reserved: IPC$ is always present and cannot be configured",
		"31: expected 'key = value' or '[section]', got 'no equals sign here'",
		"32: missing key before '='",
		"33: cannot include 'DIR/missing.conf': No such file or directory",
		"34: invalid value 'sometimes' for 'smb encrypt': expected default, off, "
			"desired or required",
		"35: invalid share name 'bad/name': it contains one of \"/\\[]:|<>+=;,*?",
		"18: share [share1] has no 'path'",
		"28: share [nopath] has no 'path'",
		"6: server min protocol SMB3_11 is above server max protocol SMB3_00",
	};
	struct errlist errs = { 0 };
	struct smb3k_config cfg;
	char *file = path_of("err.conf");
	size_t i;

	tap_is_int(load("err.conf", text, &cfg, &errs), -1, "config: a file with errors fails");
	tap_is_int((long long)errs.n, (long long)ARRAY_SIZE(want),
		   "config: every error is reported, not only the first");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		char *line = xasprintf("%s:%s", file, want[i]), *p;

		while ((p = strstr(line, "DIR/"))) {
			char *fixed = xasprintf("%.*s%s/%s", (int)(p - line), line, tap_dir(), p + 4);

			free(line);
			line = fixed;
		}
		tap_is_str(i < errs.n ? errs.msg[i] : NULL, line, "config: error %zu at line %.*s",
			   i, (int)strcspn(want[i], ":"), want[i]);
		free(line);
	}
	errlist_free(&errs);
	free(file);
}

static void test_more_errors(void)
{
	struct errlist errs = { 0 };
	struct smb3k_config cfg;
	char *want, *file;

	tap_is_int(load("bind.conf", "[global]\nbind interfaces only = yes\n", &cfg, &errs), -1,
		   "config: bind interfaces only without interfaces fails");
	want = xasprintf("%s/bind.conf:2: 'bind interfaces only = yes' needs 'interfaces'",
			 tap_dir());
	tap_is_str(errs.n ? errs.msg[0] : NULL, want, "config: ... at the bind line");
	free(want);
	errlist_free(&errs);

	want = xasprintf("%s/nonexistent.conf: cannot open: No such file or directory", tap_dir());
	file = path_of("nonexistent.conf");
	tap_is_int(config_load(&cfg, file, &errs), -1, "config: missing file fails");
	free(file);
	tap_is_str(errs.n ? errs.msg[0] : NULL, want, "config: missing file message");
	free(want);
	errlist_free(&errs);
}

/* A continuation joins lines as they are; errors point at the first line. */
static void test_continuation(void)
{
	static const char text[] =
		"[global]\n"			/* 1 */
		"server string = con\\\n"	/* 2 */
		"tin\\\n"			/* 3 */
		"ued\n"			/* 4 */
		"[s]\n"			/* 5 */
		"path = /s\n"			/* 6 */
		"read only = ma\\\n"		/* 7 */
		"ybe\n"			/* 8 */
		"comment = last line \\";	/* 9: continued into end of file */
	struct errlist errs = { 0 };
	struct smb3k_config cfg;
	char *want = xasprintf("%s/cont.conf:7: invalid value 'maybe' for 'read only': expected "
			       "a boolean (yes/no, true/false, on/off, 1/0)", tap_dir());

	load("cont.conf", text, &cfg, &errs);
	tap_ok(errs.n == 1, "config: one error in the continued lines");
	tap_is_str(errs.n ? errs.msg[0] : NULL, want,
		   "config: error in a continued line reported at its first line");
	free(want);
	errlist_free(&errs);
	if (tap_is_int(load("cont2.conf", "[global]\nserver string = con\\\ntin\\\nued\n"
			    "[s]\npath = /s\ncomment = end \\", &cfg, &errs), 0,
		       "config: continuation at end of file")) {
		tap_is_str(cfg.server_string, "continued", "config: '\\' + newline removed");
		tap_is_str(cfg.shares[0].comment, "end", "config: trailing '\\' at EOF dropped");
		config_free(&cfg);
	}
	errlist_free(&errs);
}

static void test_include(void)
{
	struct errlist errs = { 0 };
	struct smb3k_config cfg;
	char *want;

	tap_write("inc-ok.conf", "netbios name = included\n[inc]\npath = /inc\n");
	if (tap_is_int(load("main.conf", "[global]\ninclude = inc-ok.conf\n[after]\npath = /a\n",
			    &cfg, &errs), 0, "config: include relative to the including file")) {
		tap_ok(!strcmp(cfg.netbios_name, "INCLUDED") && cfg.n_shares == 2 &&
		       !strcmp(cfg.shares[0].name, "inc") && !strcmp(cfg.shares[1].name, "after"),
		       "config: included keys and shares in place");
		config_free(&cfg);
	}
	tap_write("inc-bad.conf", "# included\nbogus key = 1\n");
	load("main2.conf", "[global]\ninclude = inc-bad.conf\nalso bad = 2\n", &cfg, &errs);
	want = xasprintf("%s/inc-bad.conf:2: unknown key 'bogus key' in [global]", tap_dir());
	tap_ok(errs.n == 2, "config: errors of included and including file");
	tap_is_str(errs.n ? errs.msg[0] : NULL, want, "config: included file's own name and line");
	free(want);
	want = xasprintf("%s/main2.conf:3: unknown key 'also bad' in [global]", tap_dir());
	tap_is_str(errs.n > 1 ? errs.msg[1] : NULL, want, "config: line numbers resume after it");
	free(want);
	errlist_free(&errs);

	tap_is_int(load("loop.conf", "[global]\ninclude = loop.conf\n", &cfg, &errs), -1,
		   "config: an include loop is stopped");
	tap_ok(errs.n == 1 && strstr(errs.msg[0], "nested more than 8 deep"),
	       "config: include loop message");
	errlist_free(&errs);
}

static char *dump_to_string(const struct smb3k_config *cfg)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	config_dump(cfg, f);
	fclose(f);
	return buf;
}

static bool same_config(const struct smb3k_config *a, const struct smb3k_config *b)
{
	size_t i, j;

	if (strcmp(a->netbios_name, b->netbios_name) || strcmp(a->server_string, b->server_string) ||
	    a->min_protocol != b->min_protocol || a->max_protocol != b->max_protocol ||
	    a->signing != b->signing || a->encrypt != b->encrypt ||
	    a->bind_interfaces_only != b->bind_interfaces_only ||
	    a->n_interfaces != b->n_interfaces || a->n_ports != b->n_ports ||
	    a->max_connections != b->max_connections || a->map_to_guest != b->map_to_guest ||
	    strcmp(a->guest_account, b->guest_account) || strcmp(a->passdb_file, b->passdb_file) ||
	    strcmp(a->state_dir, b->state_dir) || a->log_level != b->log_level ||
	    strcmp(a->persistent_store, b->persistent_store) ||
	    strcmp(a->persistent_store_engine, b->persistent_store_engine) ||
	    a->n_shares != b->n_shares)
		return false;
	for (i = 0; i < a->n_interfaces; i++)
		if (strcmp(a->interfaces[i].text, b->interfaces[i].text) ||
		    a->interfaces[i].kind != b->interfaces[i].kind ||
		    memcmp(a->interfaces[i].addr, b->interfaces[i].addr, 16))
			return false;
	if (memcmp(a->ports, b->ports, a->n_ports * sizeof(*a->ports)))
		return false;
	for (i = 0; i < a->n_shares; i++) {
		const struct share_config *x = &a->shares[i], *y = &b->shares[i];

		if (strcmp(x->name, y->name) || strcmp(x->path, y->path) ||
		    strcmp(x->comment, y->comment) || x->read_only != y->read_only ||
		    x->browseable != y->browseable || x->guest_ok != y->guest_ok ||
		    x->continuous_availability != y->continuous_availability ||
		    x->available != y->available || x->encrypt != y->encrypt ||
		    x->n_valid_users != y->n_valid_users)
			return false;
		for (j = 0; j < x->n_valid_users; j++)
			if (strcmp(x->valid_users[j], y->valid_users[j]))
				return false;
	}
	return true;
}

static void test_dump_round_trip(void)
{
	struct errlist errs = { 0 };
	struct smb3k_config a, b;
	char *d1, *d2;

	if (load("rt.conf", good_conf, &a, &errs)) {
		tap_ok(false, "config: round trip source loads");
		errlist_free(&errs);
		return;
	}
	d1 = dump_to_string(&a);
	tap_ok(strstr(d1, "[global]\n\tnetbios name = FILESERVER\n") &&
	       strstr(d1, "\n\n[Data]\n\tpath = /srv/data\n") &&
	       strstr(d1, "\tread only = Yes\n") && strstr(d1, "\tsmb encrypt = desired\n") &&
	       strstr(d1, "\tmap to guest = bad user\n") &&
	       strstr(d1, "\tvalid users = alice, bob, carol\n") &&
	       strstr(d1, "\tinterfaces = eth0 10.0.2.15 192.168.0.0/16 fd00::/8\n") &&
	       strstr(d1, "\tsmb ports = 445 4445\n") &&
	       strstr(d1, "\tserver max protocol = SMB3_02\n") &&
	       strstr(d1, "\tcontinuous availability = Yes\n"),
	       "config: dump shows effective values in smb.conf syntax");
	tap_ok(strstr(d1, "[Data]") < strstr(d1, "[vm$]"), "config: dump keeps share order");
	if (!tap_is_int(load("rt2.conf", d1, &b, &errs), 0, "config: the dump parses")) {
		errlist_print(&errs, stdout, "# ");
		errlist_free(&errs);
		free(d1);
		config_free(&a);
		return;
	}
	tap_ok(same_config(&a, &b), "config: dump, parse again: same configuration");
	d2 = dump_to_string(&b);
	tap_is_str(d2, d1, "config: dump is stable");
	b.shares[0].read_only = !b.shares[0].read_only;
	tap_ok(!same_config(&a, &b), "config: the comparison notices a change");
	free(d1);
	free(d2);
	config_free(&a);
	config_free(&b);
}

/* "persistent store" and "persistent store engine" ([global] only). */
static void test_store_keys(void)
{
	struct errlist errs = { 0 };
	struct smb3k_config cfg;
	char *want, *text;
	size_t i;

	config_init_defaults(&cfg);
	tap_ok(!strcmp(cfg.persistent_store, "/var/lib/smb3k/opens.db") &&
	       !strcmp(cfg.persistent_store_engine, "sqlite"),
	       "config: persistent store defaults to /var/lib/smb3k/opens.db, engine sqlite");
	text = dump_to_string(&cfg);
	tap_ok(strstr(text, "\tpersistent store = /var/lib/smb3k/opens.db\n"
		      "\tpersistent store engine = sqlite\n") != NULL,
	       "config: testparm shows both store keys");
	free(text);
	config_free(&cfg);

	if (tap_is_int(load("store.conf", "[global]\npersistent store = /srv/st/opens.db\n"
			    "Persistent Store Engine = SQLite\n", &cfg, &errs), 0,
		       "config: the store keys load")) {
		tap_ok(!strcmp(cfg.persistent_store, "/srv/st/opens.db") &&
		       !strcmp(cfg.persistent_store_engine, "sqlite"),
		       "config: persistent store and its engine (canonical spelling)");
		text = dump_to_string(&cfg);
		tap_ok(strstr(text, "\tpersistent store = /srv/st/opens.db\n") != NULL,
		       "config: testparm shows the configured store");
		free(text);
		config_free(&cfg);
	}
	errlist_free(&errs);

	tap_is_int(load("store-bad.conf", "[global]\npersistent store = opens.db\n"
			"persistent store engine = lmdb\n[s]\npath = /s\n"
			"persistent store = /x.db\n", &cfg, &errs), -1,
		   "config: bad store keys fail");
	want = xasprintf("DIR/store-bad.conf:2: 'persistent store' must be an absolute path, "
			 "not 'opens.db'|DIR/store-bad.conf:3: invalid value 'lmdb' for "
			 "'persistent store engine': expected sqlite|DIR/store-bad.conf:6: "
			 "'persistent store' is a [global] key, not allowed in [s]|");
	text = xstrdup("");
	for (i = 0; i < errs.n; i++) {
		const char *msg = errs.msg[i];
		char *t;

		if (!strncmp(msg, tap_dir(), strlen(tap_dir())))
			msg += strlen(tap_dir());
		t = xasprintf("%sDIR%s|", text, msg);
		free(text);
		text = t;
	}
	tap_is_str(text, want, "config: each store key error at its FILE:LINE");
	free(text);
	free(want);
	errlist_free(&errs);
}

/* The example shipped next to the Makefile (tests run from there). */
static void test_example(void)
{
	struct errlist errs = { 0 };
	struct smb3k_config cfg;

	if (tap_is_int(config_load(&cfg, "smb3k.conf.example", &errs), 0,
		       "config: smb3k.conf.example loads")) {
		tap_ok(cfg.n_shares == 2 && config_find_share(&cfg, "vms") &&
		       config_find_share(&cfg, "vms")->continuous_availability,
		       "config: example shares");
		config_free(&cfg);
	}
	errlist_print(&errs, stdout, "# ");
	errlist_free(&errs);
}

void test_config(void)
{
	test_example();
	test_good();
	test_defaults();
	test_key_spelling();
	test_protocols();
	test_errors();
	test_continuation();
	test_more_errors();
	test_include();
	test_dump_round_trip();
	test_store_keys();
}
