// SPDX-License-Identifier: GPL-2.0
/* smb3kctl and smb3kd as a user runs them: output and exit codes. */
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "atomic_file.h"
#include "tap.h"

/* Run SMB3K_TEST_BIN/prog with argv (NULL-terminated) and stdin text. */
static struct tap_run run(const char *input, const char *prog, ...)
{
	char *path = xasprintf("%s/%s", getenv("SMB3K_TEST_BIN"), prog);
	const char *argv[16] = { path };
	struct tap_run r;
	int argc = 1;
	va_list ap;

	va_start(ap, prog);
	while (argc < 15 && (argv[argc] = va_arg(ap, const char *)))
		argc++;
	va_end(ap);
	argv[argc] = NULL;
	r = tap_run(input, argv);
	free(path);
	return r;
}

static void done(struct tap_run *r)
{
	tap_run_free(r);
}

static bool clean(const struct tap_run *r)
{
	return tap_run_clean(r);
}

static void test_testparm(const char *conf, const char *bad)
{
	struct tap_run r = run("", "smb3kctl", "-c", conf, "testparm", NULL);
	char *want;

	tap_is_int(r.code, 0, "cli: testparm exits 0");
	tap_is_str(r.err, "Loaded services file OK.\n", "cli: testparm says OK on stderr");
	tap_ok(!strncmp(r.out, "# Global parameters\n[global]\n\tnetbios name = CLITEST\n", 50) &&
	       strstr(r.out, "\n[cli]\n\tpath = /srv/cli\n"), "cli: testparm prints the config");
	done(&r);
	r = run("", "smb3kctl", "-c", bad, "testparm", NULL);
	want = xasprintf("%s:2: unknown key 'no such key' in [global]\n%s:4: 'path' must be an "
			 "absolute path, not 'x'\n%s:3: share [s] has no 'path'\n", bad, bad, bad);
	tap_is_int(r.code, 1, "cli: testparm of a bad file exits 1");
	tap_is_str(r.err, want, "cli: testparm prints every FILE:LINE error");
	tap_is_str(r.out, "", "cli: ... and no config");
	free(want);
	done(&r);
}

static void test_users(const char *conf, const char *passdb)
{
	struct tap_run r = run("Password\n", "smb3kctl", "-c", conf, "user", "add", "alice",
			   "--password-stdin", NULL);
	char *data;

	tap_ok(r.code == 0 && clean(&r), "cli: user add alice (password on stdin)");
	done(&r);
	data = tap_slurp(passdb);
	tap_ok(strstr(data, "\nalice:A4F49C406510BDCAB6824EE7C30FD852:\n") != NULL,
	       "cli: alice's NT hash in the passdb file from the config");
	free(data);
	r = run("other\n", "smb3kctl", "-c", conf, "user", "add", "bob", NULL);
	tap_is_int(r.code, 0, "cli: user add bob (stdin not a tty: one line)");
	done(&r);
	r = run("x\n", "smb3kctl", "-c", conf, "user", "add", "ALICE", NULL);
	tap_ok(r.code == 1 && strstr(r.err, "already exists"), "cli: adding ALICE again fails");
	done(&r);
	r = run("", "smb3kctl", "-c", conf, "user", "add", "carol", NULL);
	tap_ok(r.code == 1 && strstr(r.err, "no password"), "cli: no password on stdin fails");
	done(&r);
	r = run("x\n", "smb3kctl", "-c", conf, "user", "add", "bad:name", NULL);
	tap_ok(r.code == 1 && strstr(r.err, "invalid user name"), "cli: bad user name fails");
	done(&r);
	r = run("", "smb3kctl", "-c", conf, "user", "list", NULL);
	tap_ok(r.code == 0 && !strcmp(r.out, "alice\nbob\n"), "cli: user list, one per line");
	done(&r);
	r = run("new\n", "smb3kctl", "-c", conf, "user", "passwd", "nobody", NULL);
	tap_ok(r.code == 1 && strstr(r.err, "no such user"), "cli: passwd of an absent user");
	done(&r);
	r = run("new\n", "smb3kctl", "-c", conf, "user", "passwd", "Bob", NULL);
	tap_is_int(r.code, 0, "cli: user passwd Bob");
	done(&r);
	r = run("", "smb3kctl", "-c", conf, "user", "del", "alice", NULL);
	tap_is_int(r.code, 0, "cli: user del alice");
	done(&r);
	r = run("", "smb3kctl", "-c", conf, "user", "del", "alice", NULL);
	tap_ok(r.code == 1 && strstr(r.err, "no such user 'alice'"), "cli: user del of an absent user");
	done(&r);
	r = run("", "smb3kctl", "-c", conf, "user", "list", NULL);
	tap_is_str(r.out, "bob\n", "cli: list after del");
	done(&r);
}

static void test_usage_and_status(const char *conf)
{
	struct tap_run r = run("", "smb3kctl", NULL);

	tap_ok(r.code == 1 && strstr(r.err, "usage:"), "cli: no command: usage, exit 1");
	done(&r);
	r = run("", "smb3kctl", "frobnicate", NULL);
	tap_is_int(r.code, 1, "cli: unknown command exits 1");
	done(&r);
	r = run("", "smb3kctl", "status", NULL);
	if (r.code == 3)
		tap_is_str(r.err, "smb3kctl: smb3k module not loaded (generic netlink family "
			   "SMB3K not found)\n", "cli: status without the module exits 3");
	else
		tap_ok(r.code == 0 && !strncmp(r.out, "abi version: ", 13),
		       "cli: status with the module loaded");
	done(&r);
	if (r.code != 3)
		return;	/* smb3kd would really start */
	r = run("", "smb3kd", "-c", conf, NULL);
	tap_ok(r.code == 3 && strstr(r.err, "smb3k module not loaded"),
	       "cli: smb3kd without the module exits 3");
	done(&r);
}

static void test_daemon_errors(const char *bad)
{
	struct tap_run r = run("", "smb3kd", "-c", bad, NULL);

	tap_ok(r.code == 1 && strstr(r.err, "error: ") && strstr(r.err, ":2: unknown key") &&
	       strstr(r.err, ":3: share [s] has no 'path'"),
	       "cli: smb3kd with a bad config logs every error and exits 1");
	done(&r);
	r = run("", "smb3kd", "--heartbeat-ms", "5", NULL);
	tap_ok(r.code == 1 && strstr(r.err, "--heartbeat-ms must be"),
	       "cli: smb3kd --heartbeat-ms out of range exits 1");
	done(&r);
	r = run("", "smb3kd", "extra", NULL);
	tap_is_int(r.code, 1, "cli: smb3kd with an extra argument exits 1");
	done(&r);
}

void test_cli(void)
{
	char *passdb, *state, *text, *conf, *bad;

	if (!getenv("SMB3K_TEST_BIN")) {
		tap_ok(true, "# SKIP SMB3K_TEST_BIN not set (run 'make test')");
		return;
	}
	passdb = xasprintf("%s/cli/passdb", tap_dir());
	state = xasprintf("%s/cli/state", tap_dir());
	text = xasprintf("[global]\nnetbios name = clitest\npassdb file = %s\n"
			 "state directory = %s\n[cli]\npath = /srv/cli\n", passdb, state);
	conf = xstrdup(tap_write("cli.conf", text));
	bad = xstrdup(tap_write("cli-bad.conf", "[global]\nno such key = 1\n[s]\npath = x\n"));
	test_testparm(conf, bad);
	test_users(conf, passdb);
	test_usage_and_status(conf);
	test_daemon_errors(bad);
	free(passdb);
	free(state);
	free(text);
	free(conf);
	free(bad);
}
