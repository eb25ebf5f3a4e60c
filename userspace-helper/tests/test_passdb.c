// SPDX-License-Identifier: GPL-2.0
/* passdb: names, round trip, file mode, no clear text, corrupt files, locks. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "passdb.h"
#include "server_guid.h"
#include "tap.h"

static void test_names(void)
{
	char name[PASSDB_NAME_MAX + 2];

	tap_ok(passdb_valid_name("alice"), "passdb: 'alice' is a valid name");
	tap_ok(passdb_valid_name("j.doe-2_x$"), "passdb: dots, dashes, '$' allowed");
	tap_ok(passdb_valid_name("\xc3\xa9lodie"), "passdb: non-ASCII UTF-8 allowed");
	memset(name, 'a', sizeof(name));
	name[PASSDB_NAME_MAX] = '\0';
	tap_ok(passdb_valid_name(name), "passdb: 64 characters allowed");
	name[PASSDB_NAME_MAX] = 'a';
	name[PASSDB_NAME_MAX + 1] = '\0';
	tap_ok(!passdb_valid_name(name), "passdb: 65 characters refused");
	tap_ok(!passdb_valid_name(""), "passdb: empty name refused");
	tap_ok(!passdb_valid_name("a:b"), "passdb: ':' refused");
	tap_ok(!passdb_valid_name("a/b"), "passdb: '/' refused");
	tap_ok(!passdb_valid_name("a\tb") && !passdb_valid_name("a\x7f"),
	       "passdb: control characters refused");
	tap_ok(!passdb_valid_name("a b"), "passdb: white space refused");
	tap_ok(!passdb_valid_name("@staff"), "passdb: leading '@' refused");
	tap_ok(!passdb_valid_name("a\xc3"), "passdb: invalid UTF-8 refused");
}

static void hash_of(const char *pw, unsigned char h[NT_HASH_SIZE])
{
	if (nt_hash(pw, h))
		abort();
}

static bool dir_has_only(const char *dir, const char *a, const char *b)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	bool ok = true;

	if (!d)
		return false;
	while ((e = readdir(d)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..") &&
		    strcmp(e->d_name, a) && (!b || strcmp(e->d_name, b)))
			ok = false;
	closedir(d);
	return ok;
}

static void test_round_trip(void)
{
	char *dir = xasprintf("%s/pdb", tap_dir()), *path = xasprintf("%s/passdb", dir);
	unsigned char h1[NT_HASH_SIZE], h2[NT_HASH_SIZE], h3[NT_HASH_SIZE];
	struct errlist errs = { 0 };
	const struct passdb_user *u;
	struct passdb db, db2;
	struct stat st;
	char *data = NULL;
	size_t len;

	tap_is_int(passdb_load(&db, path, &errs), 0, "passdb: a missing file is an empty db");
	tap_is_int((long long)db.n, 0, "passdb: ... with no users");
	hash_of("Password", h1);
	hash_of("s3cret-\xe2\x82\xac", h2);
	hash_of("third", h3);
	tap_is_int(passdb_add(&db, "Alice", h1), 0, "passdb: add Alice");
	tap_is_int(passdb_add(&db, "bob", h2), 0, "passdb: add bob");
	tap_is_int(passdb_add(&db, "carol", h3), 0, "passdb: add carol");
	tap_is_int(passdb_add(&db, "ALICE", h2), -EEXIST, "passdb: names are case-insensitive");
	tap_is_int(passdb_add(&db, "bad:name", h2), -EINVAL, "passdb: add refuses a bad name");
	tap_is_int(passdb_del(&db, "CAROL"), 0, "passdb: del CAROL removes carol");
	tap_is_int(passdb_del(&db, "carol"), -ENOENT, "passdb: del of an absent user");
	tap_is_int(passdb_set_hash(&db, "nobody", h3), -ENOENT, "passdb: set of an absent user");
	tap_is_int(passdb_set_flags(&db, "bob", PASSDB_FLAG_DISABLED), 0, "passdb: disable bob");
	u = passdb_find(&db, "alice");
	tap_ok(u && !strcmp(u->name, "Alice") && !memcmp(u->nt_hash, h1, 16),
	       "passdb: find 'alice' gives Alice's hash");
	tap_is_int(passdb_save(&db), 0, "passdb: save creates the directory and file");

	tap_ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600, "passdb: file mode 0600");
	tap_ok(dir_has_only(dir, "passdb", NULL), "passdb: no temporary file left behind");
	read_small_file(path, 1 << 16, &data, &len);
	tap_ok(data && !strncmp(data, PASSDB_HEADER "\n", strlen(PASSDB_HEADER) + 1),
	       "passdb: version line first");
	tap_ok(data && strstr(data, "\nAlice:A4F49C406510BDCAB6824EE7C30FD852:\n") &&
	       strstr(data, ":disabled\n"), "passdb: NAME:NTHASH:FLAGS lines");
	tap_ok(data && !strstr(data, "Password") && !strstr(data, "s3cret") &&
	       !strstr(data, "third"), "passdb: no clear-text password in the file");
	free(data);

	tap_is_int(passdb_load(&db2, path, &errs), 0, "passdb: load what was saved");
	tap_ok(db2.n == 2 && !strcmp(db2.users[0].name, "Alice") &&
	       !strcmp(db2.users[1].name, "bob") && !memcmp(db2.users[0].nt_hash, h1, 16) &&
	       !memcmp(db2.users[1].nt_hash, h2, 16) && db2.users[0].flags == 0 &&
	       db2.users[1].flags == PASSDB_FLAG_DISABLED, "passdb: round trip keeps everything");
	tap_is_int(passdb_set_hash(&db2, "BOB", h3), 0, "passdb: change bob's password");
	tap_is_int(passdb_save(&db2), 0, "passdb: save replaces the file");
	passdb_free(&db2);
	passdb_load(&db2, path, &errs);
	u = passdb_find(&db2, "bob");
	tap_ok(u && !memcmp(u->nt_hash, h3, 16), "passdb: the new hash is on disk");
	tap_ok(dir_has_only(dir, "passdb", NULL), "passdb: still no temporary file");
	passdb_free(&db2);
	passdb_free(&db);

	chmod(path, 0644);
	tap_is_int(passdb_load(&db, path, &errs), -1, "passdb: a group/world-readable file fails");
	tap_ok(errs.n == 1 && strstr(errs.msg[0], "mode 0644"), "passdb: ... saying why");
	errlist_free(&errs);
	free(path);
	free(dir);
}

static void test_corrupt(void)
{
	static const char text[] =
		PASSDB_HEADER "\n"				/* 1 */
		"# comment\n"					/* 2 */
		"alice:A4F49C406510BDCAB6824EE7C30FD852:\n"	/* 3 */
		"\n"						/* 4 */
		"bob:nothex:\n"					/* 5 */
		"carol:A4F49C406510BDCAB6824EE7C30FD852\n"	/* 6 */
		"dave:A4F49C406510BDCAB6824EE7C30FD852:weird\n"	/* 7 */
		"ALICE:a4f49c406510bdcab6824ee7c30fd852:\n"	/* 8 */
		"bad/name:A4F49C406510BDCAB6824EE7C30FD852:\n"	/* 9 */
		"e:A4F49C406510BDCAB6824EE7C30FD852::x\n"	/* 10 */
		"fred:A4F49C406510BDCAB6824EE7C30FD85:\n";	/* 11 */
	static const char *const want[] = {
		"5: NT hash of 'bob' is not 32 hex digits",
		"6: expected NAME:NTHASH:FLAGS",
		"7: unknown flag in 'weird' for 'dave'",
		"8: duplicate user 'ALICE'",
		"9: invalid user name 'bad/name'",
		"10: expected NAME:NTHASH:FLAGS",
		"11: NT hash of 'fred' is not 32 hex digits",
	};
	struct errlist errs = { 0 };
	struct passdb db;
	char *path = xstrdup(tap_write("corrupt", text));
	size_t i;

	chmod(path, 0600);
	tap_is_int(passdb_load(&db, path, &errs), -1, "passdb: corrupt file fails");
	tap_is_int((long long)errs.n, (long long)ARRAY_SIZE(want), "passdb: every bad line reported");
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		char *line = xasprintf("%s:%s", path, want[i]);

		tap_is_str(i < errs.n ? errs.msg[i] : NULL, line, "passdb: corrupt line %.*s",
			   (int)strcspn(want[i], ":"), want[i]);
		free(line);
	}
	errlist_free(&errs);
	free(path);

	path = xstrdup(tap_write("v2", "# smb3k passdb v2\nalice:A4F49C406510BDCAB6824EE7C30FD852:\n"));
	chmod(path, 0600);
	tap_is_int(passdb_load(&db, path, &errs), -1, "passdb: unknown version fails");
	tap_ok(errs.n == 1 && strstr(errs.msg[0], ":1: unsupported passdb version 'v2'"),
	       "passdb: ... at line 1");
	errlist_free(&errs);
	free(path);

	path = xstrdup(tap_write("noheader", "alice:A4F49C406510BDCAB6824EE7C30FD852:\n"));
	chmod(path, 0600);
	tap_is_int(passdb_load(&db, path, &errs), -1, "passdb: missing header fails");
	errlist_free(&errs);
	free(path);

	path = xstrdup(tap_write("empty", ""));
	chmod(path, 0600);
	tap_is_int(passdb_load(&db, path, &errs), -1, "passdb: empty file fails");
	errlist_free(&errs);
	free(path);
}

static void test_lock(void)
{
	char *path = xasprintf("%s/lockdb", tap_dir()), *lockfile = xasprintf("%s.lock", path);
	int fd = passdb_lock(path), other;

	tap_ok(fd >= 0, "passdb: lock taken");
	other = open(lockfile, O_RDWR | O_CLOEXEC);
	tap_ok(other >= 0 && flock(other, LOCK_EX | LOCK_NB) < 0 && errno == EWOULDBLOCK,
	       "passdb: a second locker is kept out");
	passdb_unlock(fd);
	tap_ok(other >= 0 && flock(other, LOCK_EX | LOCK_NB) == 0, "passdb: unlock lets it in");
	if (other >= 0)
		close(other);
	free(lockfile);
	free(path);
}

static void test_atomic_and_guid(void)
{
	char *path = xasprintf("%s/atomic", tap_dir()), *data = NULL, *gpath;
	unsigned char g1[SERVER_GUID_SIZE], g2[SERVER_GUID_SIZE];
	struct errlist errs = { 0 };
	struct stat st;
	bool created = false;
	size_t len;

	tap_is_int(atomic_write_file(path, "one", 3, 0640, false), 0, "atomic: create");
	tap_is_int(atomic_write_file(path, "two", 3, 0640, false), -EEXIST,
		   "atomic: no-replace keeps an existing file");
	read_small_file(path, 16, &data, &len);
	tap_is_str(data, "one", "atomic: the original content survives");
	free(data);
	tap_ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0640, "atomic: mode applied");

	gpath = xasprintf("%s/state/sub/server_guid", tap_dir());
	free(path);
	path = xasprintf("%s/state/sub", tap_dir());
	tap_is_int(server_guid_load(path, g1, &created, &errs), 0, "guid: created");
	tap_ok(created, "guid: reported as new");
	tap_ok(stat(gpath, &st) == 0 && (st.st_mode & 07777) == 0644 && st.st_size == 33,
	       "guid: 32 hex digits and a newline, mode 0644");
	tap_is_int(server_guid_load(path, g2, &created, &errs), 0, "guid: read back");
	tap_ok(!created && !memcmp(g1, g2, sizeof(g1)), "guid: the same GUID the second time");
	tap_ok(dir_has_only(path, "server_guid", NULL), "guid: no temporary file");
	unlink(gpath);
	tap_write("state/sub/server_guid", "not a guid\n");
	tap_is_int(server_guid_load(path, g2, &created, &errs), -1, "guid: corrupt file fails");
	tap_ok(errs.n == 1 && strstr(errs.msg[0], "corrupt server GUID"), "guid: ... saying why");
	errlist_free(&errs);
	free(gpath);
	free(path);
}

void test_passdb(void)
{
	test_names();
	test_round_trip();
	test_corrupt();
	test_lock();
	test_atomic_and_guid();
}
