// SPDX-License-Identifier: GPL-2.0
/* smb3kctl: check the configuration, manage users, show the server's state. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include <linux/smb3k.h>
#include <netlink/genl/genl.h>

#include "config.h"
#include "nl.h"
#include "passdb.h"
#include "status.h"
#include "store.h"

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
		"  opens [--json]                    list the persistent handles kept on disk\n"
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

/* Text with control characters and '\\' as \\xNN (stream names may hold any). */
static void put_escaped(FILE *out, const char *s)
{
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch < 0x20 || ch == 0x7f || ch == '\\')
			fprintf(out, "\\x%02x", ch);
		else
			fputc(ch, out);
	}
}

static void put_json_string(FILE *out, const char *s)
{
	fputc('"', out);
	for (; *s; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\')
			fprintf(out, "\\%c", ch);
		else if (ch < 0x20 || ch == 0x7f)
			fprintf(out, "\\u%04x", ch);
		else
			fputc(ch, out);	/* UTF-8, checked by the store */
	}
	fputc('"', out);
}

static const char *lease_letters(uint32_t state, char buf[4])
{
	size_t n = 0;

	if (state & SMB3K_STORE_LEASE_READ)
		buf[n++] = 'R';
	if (state & SMB3K_STORE_LEASE_WRITE)
		buf[n++] = 'W';
	if (state & SMB3K_STORE_LEASE_HANDLE)
		buf[n++] = 'H';
	buf[n] = '\0';
	return n ? buf : "-";
}

/* "batch", "lease2:RWH:KEY", ... */
static void put_caching(FILE *out, const struct smb3k_store_open *o)
{
	char key[37], letters[4];

	switch (o->oplock_level) {
	case SMB3K_STORE_OPLOCK_LEASE:
		smb3k_store_guid_str(o->lease_key, key);
		fprintf(out, "lease%u:%s:%s", o->lease_version,
			lease_letters(o->lease_state, letters), key);
		break;
	case SMB3K_STORE_OPLOCK_BATCH:
		fputs("batch", out);
		break;
	case SMB3K_STORE_OPLOCK_EXCLUSIVE:
		fputs("exclusive", out);
		break;
	case SMB3K_STORE_OPLOCK_II:
		fputs("level2", out);
		break;
	default:
		fputs("none", out);
		break;
	}
}

struct opens_out {
	FILE *out;
	bool json;
	size_t n;
};

static int print_open_text(const struct smb3k_store_open *o, struct opens_out *po)
{
	char guid[37], *caching = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&caching, &len);

	if (!mem)
		return -ENOMEM;
	put_caching(mem, o);
	fclose(mem);
	if (!po->n++)
		fprintf(po->out, "%-18s %-16s %-16s %-36s %-52s %9s %5s %-3s %s\n",
			"PERSISTENT-ID", "SHARE", "OWNER", "CLIENT-GUID", "CACHING",
			"TIMEOUT", "LOCKS", "DOC", "PATH");
	smb3k_store_guid_str(o->client_guid, guid);
	fprintf(po->out, "0x%016llx %-16s %-16s %-36s %-52s %7ums %5u %-3s ",
		(unsigned long long)o->persistent_id, o->share, o->owner[0] ? o->owner : "-",
		guid, caching, o->timeout_ms, o->n_locks, o->delete_on_close ? "yes" : "no");
	put_escaped(po->out, o->path[0] ? o->path : ".");
	if (o->stream[0]) {
		fputc(':', po->out);
		put_escaped(po->out, o->stream);
	}
	fputc('\n', po->out);
	free(caching);
	return 0;
}

static void put_json_guid(FILE *out, const char *name, const uint8_t g[16])
{
	char text[37];

	smb3k_store_guid_str(g, text);
	fprintf(out, ", \"%s\": \"%s\"", name, text);
}

static int print_open_json(const struct smb3k_store_open *o, struct opens_out *po)
{
	FILE *out = po->out;
	char letters[4], when[32];
	time_t secs = (time_t)(o->updated_ns / 1000000000);
	struct tm tm;
	uint32_t i;

	fputs(po->n++ ? ",\n  {" : "\n  {", out);
	fprintf(out, "\"persistent_id\": \"0x%016llx\"", (unsigned long long)o->persistent_id);
	put_json_guid(out, "create_guid", o->create_guid);
	put_json_guid(out, "client_guid", o->client_guid);
	fputs(", \"share\": ", out);
	put_json_string(out, o->share);
	fputs(", \"path\": ", out);
	put_json_string(out, o->path);
	fputs(", \"stream\": ", out);
	put_json_string(out, o->stream);
	fputs(", \"owner\": ", out);
	put_json_string(out, o->owner);
	fprintf(out, ", \"owner_uid\": %u, \"owner_gid\": %u, \"volume_id\": \"%llu\", "
		"\"file_index\": \"%llu\", \"desired_access\": %u, \"share_access\": %u, "
		"\"create_options\": %u, \"file_attributes\": %u, \"oplock_level\": %u, "
		"\"caching\": \"", o->owner_uid, o->owner_gid, (unsigned long long)o->volume_id,
		(unsigned long long)o->file_index, o->desired_access, o->share_access,
		o->create_options, o->file_attributes, o->oplock_level);
	put_caching(out, o);
	fputs("\", \"lease\": ", out);
	if (o->lease_version) {
		fprintf(out, "{\"version\": %u", o->lease_version);
		put_json_guid(out, "key", o->lease_key);
		put_json_guid(out, "parent_key", o->parent_lease_key);
		fprintf(out, ", \"state\": \"%s\", \"state_bits\": %u, \"flags\": %u, "
			"\"epoch\": %u}", lease_letters(o->lease_state, letters), o->lease_state,
			o->lease_flags, o->lease_epoch);
	} else {
		fputs("null", out);
	}
	if (o->has_app_instance)
		put_json_guid(out, "app_instance_id", o->app_instance_id);
	else
		fputs(", \"app_instance_id\": null", out);
	if (o->has_app_version)
		fprintf(out, ", \"app_version\": {\"high\": \"%llu\", \"low\": \"%llu\"}",
			(unsigned long long)o->app_version_high,
			(unsigned long long)o->app_version_low);
	else
		fputs(", \"app_version\": null", out);
	fprintf(out, ", \"timeout_ms\": %u, \"channel_sequence\": %u, \"lock_sequences\": [",
		o->timeout_ms, o->channel_sequence);
	for (i = 0; i < SMB3K_STORE_LOCK_SEQ; i++)
		fprintf(out, "%s%u", i ? ", " : "", o->lock_sequences[i]);
	fprintf(out, "], \"delete_on_close\": %s, \"locks\": [",
		o->delete_on_close ? "true" : "false");
	for (i = 0; i < o->n_locks; i++)
		fprintf(out, "%s{\"offset\": \"%llu\", \"length\": \"%llu\", \"exclusive\": %s}",
			i ? ", " : "", (unsigned long long)o->locks[i].offset,
			(unsigned long long)o->locks[i].length,
			o->locks[i].flags == SMB3K_STORE_LOCK_EXCLUSIVE ? "true" : "false");
	if (!gmtime_r(&secs, &tm) || !strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(when, sizeof(when), "?");
	fprintf(out, "], \"updated_ns\": \"%lld\", \"updated\": \"%s\"}",
		(long long)o->updated_ns, when);
	return 0;
}

static int print_open(const struct smb3k_store_open *o, void *arg)
{
	struct opens_out *po = arg;

	return po->json ? print_open_json(o, po) : print_open_text(o, po);
}

/*
 * The persistent handles in the configured store, read-only: safe while
 * smb3kd has it open. Printed only once every record has been read.
 */
static int cmd_opens(struct ctl *c, int argc, char **argv)
{
	struct opens_out po = { 0 };
	struct smb3k_store *store;
	char err[1024], *text = NULL;
	size_t len = 0;
	int rc;

	if (argc > 1 || (argc == 1 && strcmp(argv[0], "--json"))) {
		usage(stderr);
		return EXIT_CONFIG;
	}
	po.json = argc == 1;
	if (load_config(c, true))
		return EXIT_CONFIG;
	rc = smb3k_store_open(c->cfg.persistent_store_engine, c->cfg.persistent_store,
			      SMB3K_STORE_RDONLY, &store, err, sizeof(err));
	if (rc == -ENOENT) {
		/* no store yet: no persistent opens */
		if (po.json)
			puts("[]");
		return 0;
	}
	if (rc) {
		fprintf(stderr, "smb3kctl: %s\n", err);
		return EXIT_CONFIG;
	}
	po.out = open_memstream(&text, &len);
	if (!po.out) {
		smb3k_store_close(store);
		fprintf(stderr, "smb3kctl: out of memory\n");
		return EXIT_CONFIG;
	}
	if (po.json)
		fputc('[', po.out);
	rc = smb3k_store_foreach(store, print_open, &po);
	if (po.json)
		fputs(po.n ? "\n]\n" : "]\n", po.out);
	fclose(po.out);
	if (rc)
		fprintf(stderr, "smb3kctl: %s\n", smb3k_store_error(store)[0] ?
			smb3k_store_error(store) : strerror(-rc));
	else
		fwrite(text, 1, len, stdout);
	free(text);
	smb3k_store_close(store);
	return rc ? EXIT_CONFIG : 0;
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
	else if (!strcmp(argv[0], "opens"))
		code = cmd_opens(&c, argc - 1, argv + 1);
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
