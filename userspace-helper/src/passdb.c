// SPDX-License-Identifier: GPL-2.0
#include "passdb.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic_file.h"
#include "md4.h"
#include "utf16.h"

#define PASSDB_FILE_MAX (16u << 20)

static const struct {
	const char *name;
	unsigned int flag;
} flag_names[] = {
	{ "disabled", PASSDB_FLAG_DISABLED },
};

bool passdb_valid_name(const char *name)
{
	const unsigned char *p = (const unsigned char *)name;
	size_t len = strlen(name), chars = 0;

	if (!len || *p == '@')
		return false;
	while (len) {
		uint32_t cp;
		size_t n = utf8_decode(p, len, &cp);

		if (!n || cp <= 0x20 || (cp >= 0x7f && cp <= 0xa0) ||
		    (cp < 0x80 && strchr("\"/\\[]:;|=,+*?<>", (int)cp)))
			return false;
		if (++chars > PASSDB_NAME_MAX)
			return false;
		p += n;
		len -= n;
	}
	return true;
}

int nt_hash(const char *password, unsigned char out[NT_HASH_SIZE])
{
	unsigned char buf[PASSDB_PASSWORD_MAX * 2];
	ssize_t n;

	if (!*password)
		return -EINVAL;
	n = utf8_to_utf16le(password, strlen(password), buf, sizeof(buf));
	if (n == -ENOSPC)
		return -E2BIG;
	if (n < 0)
		return (int)n;
	md4(buf, (size_t)n, out);
	explicit_bzero(buf, sizeof(buf));
	return 0;
}

static struct passdb_user *find_user(const struct passdb *db, const char *name)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		if (str_ieq(db->users[i].name, name))
			return &db->users[i];
	return NULL;
}

const struct passdb_user *passdb_find(const struct passdb *db, const char *name)
{
	return find_user(db, name);
}

static void append_user(struct passdb *db, const char *name,
			const unsigned char hash[NT_HASH_SIZE], unsigned int flags)
{
	struct passdb_user *u;

	xgrow((void **)&db->users, &db->cap, db->n + 1, sizeof(*db->users));
	u = &db->users[db->n++];
	u->name = xstrdup(name);
	memcpy(u->nt_hash, hash, NT_HASH_SIZE);
	u->flags = flags;
}

int passdb_add(struct passdb *db, const char *name, const unsigned char hash[NT_HASH_SIZE])
{
	if (!passdb_valid_name(name))
		return -EINVAL;
	if (find_user(db, name))
		return -EEXIST;
	append_user(db, name, hash, 0);
	return 0;
}

int passdb_set_hash(struct passdb *db, const char *name, const unsigned char hash[NT_HASH_SIZE])
{
	struct passdb_user *u = find_user(db, name);

	if (!u)
		return -ENOENT;
	memcpy(u->nt_hash, hash, NT_HASH_SIZE);
	return 0;
}

int passdb_set_flags(struct passdb *db, const char *name, unsigned int flags)
{
	struct passdb_user *u = find_user(db, name);

	if (!u)
		return -ENOENT;
	u->flags = flags;
	return 0;
}

int passdb_del(struct passdb *db, const char *name)
{
	struct passdb_user *u = find_user(db, name);
	size_t i;

	if (!u)
		return -ENOENT;
	i = (size_t)(u - db->users);
	free(u->name);
	explicit_bzero(u->nt_hash, NT_HASH_SIZE);
	memmove(u, u + 1, (db->n - i - 1) * sizeof(*u));
	db->n--;
	return 0;
}

void passdb_free(struct passdb *db)
{
	size_t i;

	for (i = 0; i < db->n; i++)
		free(db->users[i].name);
	if (db->users)
		explicit_bzero(db->users, db->cap * sizeof(*db->users));
	free(db->users);
	free(db->path);
	memset(db, 0, sizeof(*db));
}

static bool parse_flags(char *s, unsigned int *flags)
{
	char *tok, *save;
	size_t i;

	*flags = 0;
	for (tok = strtok_r(s, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		for (i = 0; i < ARRAY_SIZE(flag_names); i++)
			if (!strcmp(tok, flag_names[i].name))
				break;
		if (i == ARRAY_SIZE(flag_names))
			return false;
		*flags |= flag_names[i].flag;
	}
	return true;
}

static void parse_user_line(struct passdb *db, char *line, const char *file,
			    unsigned int lineno, struct errlist *errs)
{
	char *name = line, *hash, *flags;
	unsigned char nt[NT_HASH_SIZE];
	unsigned int fl;

	hash = strchr(name, ':');
	flags = hash ? strchr(hash + 1, ':') : NULL;
	if (!flags || strchr(flags + 1, ':')) {
		errlist_add(errs, file, lineno, "expected NAME:NTHASH:FLAGS");
		return;
	}
	*hash++ = '\0';
	*flags++ = '\0';
	if (!passdb_valid_name(name)) {
		errlist_add(errs, file, lineno, "invalid user name '%s'", name);
		return;
	}
	if (!hex_decode(hash, nt, sizeof(nt))) {
		errlist_add(errs, file, lineno, "NT hash of '%s' is not 32 hex digits", name);
		return;
	}
	if (!parse_flags(flags, &fl)) {
		errlist_add(errs, file, lineno, "unknown flag in '%s' for '%s'", flags, name);
		return;
	}
	if (find_user(db, name)) {
		errlist_add(errs, file, lineno, "duplicate user '%s'", name);
		return;
	}
	append_user(db, name, nt, fl);
	explicit_bzero(nt, sizeof(nt));
}

static int check_mode(const char *path, struct errlist *errs)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -errno;
	if (!S_ISREG(st.st_mode)) {
		errlist_add(errs, path, 0, "not a regular file");
		return -EINVAL;
	}
	if (st.st_mode & 077) {
		errlist_add(errs, path, 0, "mode %04o lets group or others read password "
			    "hashes; run chmod 600 %s", (unsigned int)(st.st_mode & 07777), path);
		return -EPERM;
	}
	return 0;
}

int passdb_load(struct passdb *db, const char *path, struct errlist *errs)
{
	size_t errors_before = errs->n, len;
	unsigned int lineno = 0;
	char *data, *line, *next;
	int rc;

	memset(db, 0, sizeof(*db));
	db->path = xstrdup(path);
	rc = check_mode(path, errs);
	if (rc == -ENOENT)
		return 0;
	if (!rc)
		rc = read_small_file(path, PASSDB_FILE_MAX, &data, &len);
	if (rc == -ENOENT)
		return 0;
	if (rc) {
		if (errs->n == errors_before)
			errlist_add(errs, path, 0, "cannot read: %s", strerror(-rc));
		passdb_free(db);
		return -1;
	}
	if (strlen(data) != len) {
		errlist_add(errs, path, 0, "contains a NUL byte");
		lineno = 1;
		next = NULL;
	}
	for (line = lineno ? NULL : data; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		else if (!*line)
			break;	/* after the final newline */
		lineno++;
		if (lineno == 1) {
			if (!strcmp(line, PASSDB_HEADER))
				continue;
			if (!strncmp(line, "# smb3k passdb ", 15))
				errlist_add(errs, path, 1, "unsupported passdb version '%s' "
					    "(expected '%s')", line + 15, PASSDB_HEADER);
			else
				errlist_add(errs, path, 1, "missing '%s' header", PASSDB_HEADER);
			break;
		}
		if (!*line || *line == '#')
			continue;
		parse_user_line(db, line, path, lineno, errs);
	}
	if (lineno == 0 && errs->n == errors_before)
		errlist_add(errs, path, 0, "empty file (missing '%s' header)", PASSDB_HEADER);
	explicit_bzero(data, len);
	free(data);
	if (errs->n != errors_before) {
		passdb_free(db);
		return -1;
	}
	return 0;
}

static const char file_header[] = PASSDB_HEADER "\n"
	"# NAME:NTHASH:FLAGS, NTHASH = MD4(UTF-16LE(password)) in hex\n";

/* Sized up front so that no hash is left behind in a freed buffer. */
static char *serialize(const struct passdb *db, size_t *len)
{
	size_t i, j, cap = sizeof(file_header), used;
	char *out;

	for (i = 0; i < db->n; i++) {
		cap += strlen(db->users[i].name) + 2 * NT_HASH_SIZE + 3;
		for (j = 0; j < ARRAY_SIZE(flag_names); j++)
			cap += strlen(flag_names[j].name) + 1;
	}
	out = xmalloc(cap);
	used = (size_t)snprintf(out, cap, "%s", file_header);
	for (i = 0; i < db->n; i++) {
		const struct passdb_user *u = &db->users[i];
		const char *sep = "";

		used += (size_t)snprintf(out + used, cap - used, "%s:", u->name);
		hex_encode(u->nt_hash, NT_HASH_SIZE, out + used, true);
		used += 2 * NT_HASH_SIZE;
		out[used++] = ':';
		for (j = 0; j < ARRAY_SIZE(flag_names); j++) {
			if (!(u->flags & flag_names[j].flag))
				continue;
			used += (size_t)snprintf(out + used, cap - used, "%s%s", sep,
						 flag_names[j].name);
			sep = ",";
		}
		out[used++] = '\n';
	}
	*len = used;
	return out;
}

static int make_parent_dir(const char *path)
{
	char *copy = xstrdup(path);
	int rc = mkdir_parents(dirname(copy), 0755);

	free(copy);
	return rc;
}

int passdb_save(const struct passdb *db)
{
	size_t len;
	char *data;
	int rc = make_parent_dir(db->path);

	if (rc)
		return rc;
	data = serialize(db, &len);
	rc = atomic_write_file(db->path, data, len, 0600, true);
	explicit_bzero(data, len);
	free(data);
	return rc;
}

int passdb_lock(const char *path)
{
	char *lock = xasprintf("%s.lock", path);
	int fd, rc = make_parent_dir(path);

	if (rc) {
		free(lock);
		return rc;
	}
	fd = open(lock, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
	free(lock);
	if (fd < 0)
		return -errno;
	while (flock(fd, LOCK_EX) < 0) {
		if (errno != EINTR) {
			rc = -errno;
			close(fd);
			return rc;
		}
	}
	return fd;
}

void passdb_unlock(int fd)
{
	if (fd >= 0)
		close(fd);	/* drops the flock */
}
