// SPDX-License-Identifier: GPL-2.0
/* smb3kctl: check the configuration, manage users, show the server's state. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <linux/smb3k.h>
#include <netlink/genl/genl.h>

#include "config.h"
#include "nl.h"
#include "passdb.h"
#include "status.h"

struct ctl {
	const char *config_file;
	bool config_given;		/* -c: the file must exist */
	struct smb3k_config cfg;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: smb3kctl [-c FILE] COMMAND\n"
		"  testparm                          check and print the configuration\n"
		"  status                            show the kernel server's state\n"
		"  user add NAME [--password-stdin]  add a user (password from stdin)\n"
		"  user passwd NAME [--password-stdin]  change a user's password\n"
		"  user del NAME                     remove a user\n"
		"  user list                         list the users\n"
		"  user disable NAME | user enable NAME\n"
		"  -c FILE: configuration (default %s)\n"
		"exit codes: 0 ok, 1 usage/config/user error, 2 kernel error,\n"
		"            3 module not loaded, 4 permission denied\n",
		CONFIG_DEFAULT_FILE);
}

static void print_errors(const struct errlist *errs)
{
	errlist_print(errs, stderr, "");
}

/* Load the configuration; a missing default file means the defaults. */
static int load_config(struct ctl *c, bool missing_ok)
{
	struct errlist errs = { 0 };

	if (missing_ok && !c->config_given && access(c->config_file, F_OK) < 0 &&
	    errno == ENOENT) {
		config_init_defaults(&c->cfg);
		return 0;
	}
	if (config_load(&c->cfg, c->config_file, &errs)) {
		print_errors(&errs);
		errlist_free(&errs);
		return -1;
	}
	return 0;
}

static int cmd_testparm(struct ctl *c)
{
	if (load_config(c, false))
		return EXIT_CONFIG;
	fputs("Loaded services file OK.\n", stderr);
	config_dump(&c->cfg, stdout);
	return 0;
}

static int status_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct smb3k_status *st = arg;

	return status_parse(nlh, st->abi_version, st);
}

static int cmd_status(void)
{
	struct smb3k_status *st = calloc(1, sizeof(*st));
	struct smb3k_nl *nl = NULL;
	struct nl_msg *msg = NULL;
	char text[512];
	int rc, code = 0;

	if (!st)
		return EXIT_CONFIG;
	rc = smb3k_nl_open(&nl);
	if (rc) {
		fprintf(stderr, "smb3kctl: cannot open a generic netlink socket: %s\n",
			strerror(-rc));
		code = EXIT_KERNEL;
		goto out;
	}
	rc = smb3k_nl_resolve(nl);
	if (rc == -ENOENT) {
		fprintf(stderr, "smb3kctl: %s\n", nl_msg_family_missing);
		code = EXIT_NO_MODULE;
		goto out;
	}
	if (!rc && smb3k_nl_family_version(nl) != SMB3K_ABI_VERSION)
		fprintf(stderr, "smb3kctl: warning: ABI version mismatch: kernel module has %u, "
			"smb3kctl has %d\n", smb3k_nl_family_version(nl), SMB3K_ABI_VERSION);
	if (!rc) {
		msg = smb3k_nl_msg(nl, SMB3K_CMD_GET_STATUS);
		st->abi_version = smb3k_nl_family_version(nl);
		rc = msg ? smb3k_nl_request(nl, msg, status_reply, st) : -ENOMEM;
	}
	if (rc) {
		smb3k_nl_describe(rc, smb3k_nl_extack(nl), text, sizeof(text));
		fprintf(stderr, "smb3kctl: status: %s\n", text);
		code = smb3k_nl_exit_code(rc);
		goto out;
	}
	status_print(st, stdout);
out:
	nlmsg_free(msg);
	smb3k_nl_close(nl);
	free(st);
	return code;
}

static struct termios saved_tty;
static volatile sig_atomic_t tty_changed;

static void restore_tty(int sig)
{
	if (tty_changed)
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
	signal(sig, SIG_DFL);
	raise(sig);
}

/* One line from stdin, echo off when prompt is set. NULL on EOF/error. */
static char *read_line(const char *prompt)
{
	struct termios quiet;
	size_t cap = 0;
	char *line = NULL;
	ssize_t n;

	if (prompt) {
		fputs(prompt, stderr);
		if (tcgetattr(STDIN_FILENO, &saved_tty) == 0) {
			quiet = saved_tty;
			quiet.c_lflag &= (tcflag_t)~ECHO;
			signal(SIGINT, restore_tty);
			signal(SIGTERM, restore_tty);
			tty_changed = tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
		}
	}
	n = getline(&line, &cap, stdin);
	if (prompt) {
		if (tty_changed)
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_tty);
		tty_changed = 0;
		fputc('\n', stderr);
	}
	if (n < 0) {
		free(line);
		return NULL;
	}
	while (n && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		line[--n] = '\0';
	return line;
}

static void free_secret(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

static int read_password_hash(bool from_stdin, unsigned char hash[NT_HASH_SIZE])
{
	bool tty = !from_stdin && isatty(STDIN_FILENO);
	char *pw = read_line(tty ? "New password: " : NULL), *again = NULL;
	int rc;

	if (!pw) {
		fprintf(stderr, "smb3kctl: no password given on stdin\n");
		return -1;
	}
	if (tty) {
		again = read_line("Retype new password: ");
		if (!again || strcmp(pw, again)) {
			fprintf(stderr, "smb3kctl: passwords do not match\n");
			free_secret(pw);
			free_secret(again);
			return -1;
		}
	}
	rc = nt_hash(pw, hash);
	free_secret(pw);
	free_secret(again);
	if (rc == -EINVAL)
		fprintf(stderr, "smb3kctl: empty password\n");
	else if (rc == -EILSEQ)
		fprintf(stderr, "smb3kctl: the password is not valid UTF-8\n");
	else if (rc == -E2BIG)
		fprintf(stderr, "smb3kctl: the password is longer than %d UTF-16 units\n",
			PASSDB_PASSWORD_MAX);
	return rc ? -1 : 0;
}

static int load_passdb(const char *path, struct passdb *db)
{
	struct errlist errs = { 0 };

	if (passdb_load(db, path, &errs)) {
		print_errors(&errs);
		errlist_free(&errs);
		return -1;
	}
	return 0;
}

enum user_op { OP_ADD, OP_PASSWD, OP_DEL, OP_ENABLE, OP_DISABLE };

/* Lock, load, change, save. */
static int change_user(const char *path, enum user_op op, const char *name,
		       const unsigned char *hash)
{
	struct passdb db;
	int lock = passdb_lock(path), rc = 0, code = EXIT_CONFIG;

	if (lock < 0) {
		fprintf(stderr, "smb3kctl: cannot lock %s.lock: %s\n", path, strerror(-lock));
		return EXIT_CONFIG;
	}
	if (load_passdb(path, &db))
		goto unlock;
	switch (op) {
	case OP_ADD:
		rc = passdb_add(&db, name, hash);
		break;
	case OP_PASSWD:
		rc = passdb_set_hash(&db, name, hash);
		break;
	case OP_DEL:
		rc = passdb_del(&db, name);
		break;
	case OP_ENABLE:
	case OP_DISABLE: {
		const struct passdb_user *u = passdb_find(&db, name);
		unsigned int flags = u ? u->flags : 0;

		flags = op == OP_DISABLE ? flags | PASSDB_FLAG_DISABLED
					 : flags & ~PASSDB_FLAG_DISABLED;
		rc = passdb_set_flags(&db, name, flags);
		break;
	}
	}
	if (rc == -EEXIST)
		fprintf(stderr, "smb3kctl: user '%s' already exists (use 'user passwd')\n", name);
	else if (rc == -ENOENT)
		fprintf(stderr, "smb3kctl: no such user '%s'\n", name);
	else if (rc)
		fprintf(stderr, "smb3kctl: invalid user name '%s'\n", name);
	if (!rc) {
		rc = passdb_save(&db);
		if (rc)
			fprintf(stderr, "smb3kctl: cannot write %s: %s\n", path, strerror(-rc));
		else
			code = 0;
	}
	passdb_free(&db);
unlock:
	passdb_unlock(lock);
	return code;
}

static int cmd_user(struct ctl *c, int argc, char **argv)
{
	static const struct { const char *name; enum user_op op; } ops[] = {
		{ "add", OP_ADD }, { "passwd", OP_PASSWD }, { "del", OP_DEL },
		{ "enable", OP_ENABLE }, { "disable", OP_DISABLE },
	};
	unsigned char hash[NT_HASH_SIZE];
	const char *name = NULL;
	bool password_stdin = false;
	struct passdb db;
	size_t i;
	int a, code;

	if (argc < 1)
		goto usage;
	if (!strcmp(argv[0], "list")) {
		if (argc != 1)
			goto usage;
		if (load_config(c, true) || load_passdb(c->cfg.passdb_file, &db))
			return EXIT_CONFIG;
		for (i = 0; i < db.n; i++)
			printf("%s\n", db.users[i].name);
		passdb_free(&db);
		return 0;
	}
	for (i = 0; i < ARRAY_SIZE(ops); i++)
		if (!strcmp(argv[0], ops[i].name))
			break;
	if (i == ARRAY_SIZE(ops))
		goto usage;
	for (a = 1; a < argc; a++) {
		if (!strcmp(argv[a], "--password-stdin") &&
		    (ops[i].op == OP_ADD || ops[i].op == OP_PASSWD))
			password_stdin = true;
		else if (!name && argv[a][0] != '-')
			name = argv[a];
		else
			goto usage;
	}
	if (!name)
		goto usage;
	if (!passdb_valid_name(name)) {
		fprintf(stderr, "smb3kctl: invalid user name '%s' (1-%d characters, no "
			"spaces, control characters or \"/\\[]:;|=,+*?<>)\n", name,
			PASSDB_NAME_MAX);
		return EXIT_CONFIG;
	}
	if (load_config(c, true))
		return EXIT_CONFIG;
	if (ops[i].op == OP_ADD || ops[i].op == OP_PASSWD) {
		/* say "exists"/"no such user" before asking for a password */
		bool exists;

		if (load_passdb(c->cfg.passdb_file, &db))
			return EXIT_CONFIG;
		exists = passdb_find(&db, name) != NULL;
		passdb_free(&db);
		if (exists != (ops[i].op == OP_PASSWD)) {
			fprintf(stderr, exists ? "smb3kctl: user '%s' already exists (use 'user "
				"passwd')\n" : "smb3kctl: no such user '%s'\n", name);
			return EXIT_CONFIG;
		}
		if (read_password_hash(password_stdin, hash))
			return EXIT_CONFIG;
	}
	code = change_user(c->cfg.passdb_file, ops[i].op, name, hash);
	explicit_bzero(hash, sizeof(hash));
	return code;
usage:
	usage(stderr);
	return EXIT_CONFIG;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct ctl c = { .config_file = CONFIG_DEFAULT_FILE };
	int opt, code;

	while ((opt = getopt_long(argc, argv, "+c:h", opts, NULL)) != -1) {
		switch (opt) {
		case 'c':
			c.config_file = optarg;
			c.config_given = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return EXIT_CONFIG;
		}
	}
	argc -= optind;
	argv += optind;
	if (argc < 1) {
		usage(stderr);
		return EXIT_CONFIG;
	}
	if (!strcmp(argv[0], "testparm") && argc == 1)
		code = cmd_testparm(&c);
	else if (!strcmp(argv[0], "status") && argc == 1)
		code = cmd_status();
	else if (!strcmp(argv[0], "user"))
		code = cmd_user(&c, argc - 1, argv + 1);
	else if (!strcmp(argv[0], "help")) {
		usage(stdout);
		code = 0;
	} else {
		usage(stderr);
		code = EXIT_CONFIG;
	}
	config_free(&c.cfg);
	return code;
}
