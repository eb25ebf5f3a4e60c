/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The user database: NT hashes, never clear text. File format (v1):
 *
 *   # smb3k passdb v1
 *   NAME:NTHASH:FLAGS
 *
 * NTHASH is MD4(UTF-16LE(password)) as 32 hex digits; FLAGS is empty or a
 * comma-separated list of words ("disabled"). Other '#' lines and blank
 * lines are ignored. The file is mode 0600 and replaced atomically;
 * writers hold an exclusive flock on "PATH.lock".
 */
#ifndef SMB3K_PASSDB_H
#define SMB3K_PASSDB_H

#include <stdbool.h>
#include <stddef.h>

#include "errlist.h"

#define PASSDB_HEADER		"# smb3k passdb v1"
#define PASSDB_NAME_MAX		64	/* characters */
#define PASSDB_PASSWORD_MAX	256	/* UTF-16 code units */
#define NT_HASH_SIZE		16

#define PASSDB_FLAG_DISABLED	0x1u

struct passdb_user {
	char *name;			/* as given; compared ASCII case-insensitively */
	unsigned char nt_hash[NT_HASH_SIZE];
	unsigned int flags;
};

struct passdb {
	char *path;
	struct passdb_user *users;	/* in file order */
	size_t n, cap;
};

/*
 * 1-64 characters of valid UTF-8, no control characters, no white space,
 * none of "/\[]:;|=,+*?<> (Windows forbids them), no leading '@'.
 */
bool passdb_valid_name(const char *name);

/* NTOWFv1 (MS-NLMP 3.3.1). 0, -EINVAL (empty), -EILSEQ (bad UTF-8), -E2BIG. */
int nt_hash(const char *password, unsigned char out[NT_HASH_SIZE]);

/*
 * Load path; a missing file is an empty database. Returns 0, or -1 with
 * every problem ("FILE:LINE: ...") in errs. Refuses a file that group or
 * others may access.
 */
int passdb_load(struct passdb *db, const char *path, struct errlist *errs);
void passdb_free(struct passdb *db);

const struct passdb_user *passdb_find(const struct passdb *db, const char *name);
/* 0, -EINVAL (bad name), -EEXIST */
int passdb_add(struct passdb *db, const char *name, const unsigned char hash[NT_HASH_SIZE]);
/* 0 or -ENOENT */
int passdb_set_hash(struct passdb *db, const char *name, const unsigned char hash[NT_HASH_SIZE]);
int passdb_set_flags(struct passdb *db, const char *name, unsigned int flags);
int passdb_del(struct passdb *db, const char *name);
/* Atomically replace db->path (creating its directory). 0 or -errno. */
int passdb_save(const struct passdb *db);

/* Exclusive lock for a load-modify-save cycle: an fd, or -errno. */
int passdb_lock(const char *path);
void passdb_unlock(int fd);

#endif
