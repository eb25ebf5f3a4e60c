// SPDX-License-Identifier: GPL-2.0
/*
 * The SQLite engine of the persistent-handle store: one file, WAL mode,
 * synchronous=FULL (a put or remove is on disk when it returns), one
 * transaction per change, statements prepared once.
 *
 * Schema (version 1): meta(key, value) with the row ('schema_version', 1);
 * opens(...) with one column per field of struct smb3k_store_open, the
 * key persistent_id as an INTEGER PRIMARY KEY (the 64 bits as a signed
 * integer), 64-bit values likewise, GUIDs and keys as 16-byte BLOBs and
 * the byte-range locks as one BLOB of 20-byte little-endian entries
 * (offset u64, length u64, flags u32). PRAGMA application_id marks the
 * file as ours. Changing columns[] changes the schema: bump the version.
 *
 * At open: the store file (and its -wal/-shm/-journal side files) must be
 * a regular file, not a symbolic link, and not writable by group or
 * others; PRAGMA quick_check must pass; a file without tables becomes a
 * store (read-write mode only), anything else must carry our
 * application_id, a meta table and a schema version we know.
 */
#include "store_engine.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "atomic_file.h"

#define SCHEMA_VERSION	1
#define APPLICATION_ID	0x534D4233	/* "SMB3" */
#define BUSY_TIMEOUT_MS	5000
#define LOCK_BLOB_ENTRY	20

enum col_kind {
	C_U8,
	C_U16,
	C_U32,
	C_U64,		/* any 64 bits, stored as a signed integer */
	C_TIME,		/* updated_ns: the value given to put */
	C_TEXT,		/* a NUL-terminated field of size bytes */
	C_BYTES,	/* exactly size bytes */
	C_NLOCKS,	/* n_locks, 0..SMB3K_STORE_MAX_LOCKS */
	C_LOCKS,	/* the locks BLOB: after C_NLOCKS */
};

struct column {
	const char *name;
	enum col_kind kind;
	size_t offset, size;
};

#define COL(field, kind) \
	{ #field, kind, offsetof(struct smb3k_store_open, field), \
	  sizeof(((struct smb3k_store_open *)0)->field) }

/* persistent_id first (messages name the record), n_locks before locks */
static const struct column columns[] = {
	COL(persistent_id, C_U64),
	COL(create_guid, C_BYTES),
	COL(client_guid, C_BYTES),
	COL(share, C_TEXT),
	COL(path, C_TEXT),
	COL(stream, C_TEXT),
	COL(owner, C_TEXT),
	COL(owner_uid, C_U32),
	COL(owner_gid, C_U32),
	COL(volume_id, C_U64),
	COL(file_index, C_U64),
	COL(desired_access, C_U32),
	COL(share_access, C_U32),
	COL(create_options, C_U32),
	COL(file_attributes, C_U32),
	COL(oplock_level, C_U8),
	COL(lease_version, C_U8),
	COL(lease_key, C_BYTES),
	COL(parent_lease_key, C_BYTES),
	COL(lease_state, C_U32),
	COL(lease_flags, C_U32),
	COL(lease_epoch, C_U16),
	COL(has_app_instance, C_U8),
	COL(app_instance_id, C_BYTES),
	COL(has_app_version, C_U8),
	COL(app_version_high, C_U64),
	COL(app_version_low, C_U64),
	COL(timeout_ms, C_U32),
	COL(channel_sequence, C_U16),
	COL(lock_sequences, C_BYTES),
	COL(delete_on_close, C_U8),
	COL(n_locks, C_NLOCKS),
	COL(locks, C_LOCKS),
	COL(updated_ns, C_TIME),
};

struct sq {
	sqlite3 *db;
	sqlite3_stmt *begin, *begin_read, *commit, *rollback;
	sqlite3_stmt *put, *del, *get, *range;
	bool empty;		/* read-only view of a file without tables */
};

/* ---- errors ---- */

/*
 * The errno of the last failed open/write/truncate SQLite made in this
 * thread. sqlite3_system_errno() reads errno only when the error reaches
 * the API, after other calls may have changed it (a write refused with
 * EFBIG then reads as 0); these wrappers, installed through the unix
 * VFS's xSetSystemCall, keep it. Reset at the start of every operation.
 */
static __thread int captured_errno;

enum { SYS_OPEN, SYS_WRITE, SYS_PWRITE, SYS_PWRITE64, SYS_FTRUNCATE, SYS_COUNT };

static const char *const syscall_names[SYS_COUNT] = {
	"open", "write", "pwrite", "pwrite64", "ftruncate",
};
static sqlite3_syscall_ptr real_syscalls[SYS_COUNT];

/* SQLite is built with 64-bit file offsets: off64_t on every ABI */
typedef int (*open_fn)(const char *, int, int);
typedef ssize_t (*write_fn)(int, const void *, size_t);
typedef ssize_t (*pwrite_fn)(int, const void *, size_t, off64_t);
typedef int (*ftruncate_fn)(int, off64_t);

static int cap_open(const char *path, int flags, int mode)
{
	int fd = ((open_fn)real_syscalls[SYS_OPEN])(path, flags, mode);

	if (fd < 0)
		captured_errno = errno;
	return fd;
}

static ssize_t cap_write(int fd, const void *buf, size_t len)
{
	ssize_t n = ((write_fn)real_syscalls[SYS_WRITE])(fd, buf, len);

	if (n < 0)
		captured_errno = errno;
	return n;
}

static ssize_t cap_pwrite(int fd, const void *buf, size_t len, off64_t off)
{
	ssize_t n = ((pwrite_fn)real_syscalls[SYS_PWRITE])(fd, buf, len, off);

	if (n < 0)
		captured_errno = errno;
	return n;
}

static ssize_t cap_pwrite64(int fd, const void *buf, size_t len, off64_t off)
{
	ssize_t n = ((pwrite_fn)real_syscalls[SYS_PWRITE64])(fd, buf, len, off);

	if (n < 0)
		captured_errno = errno;
	return n;
}

static int cap_ftruncate(int fd, off64_t len)
{
	int rc = ((ftruncate_fn)real_syscalls[SYS_FTRUNCATE])(fd, len);

	if (rc < 0)
		captured_errno = errno;
	return rc;
}

static void install_capture(void)
{
	const sqlite3_syscall_ptr caps[SYS_COUNT] = {
		(sqlite3_syscall_ptr)cap_open, (sqlite3_syscall_ptr)cap_write,
		(sqlite3_syscall_ptr)cap_pwrite, (sqlite3_syscall_ptr)cap_pwrite64,
		(sqlite3_syscall_ptr)cap_ftruncate,
	};
	sqlite3_vfs *vfs = sqlite3_vfs_find("unix");
	size_t i;

	if (!vfs || vfs->iVersion < 3 || !vfs->xGetSystemCall || !vfs->xSetSystemCall)
		return;
	for (i = 0; i < SYS_COUNT; i++) {
		sqlite3_syscall_ptr real = vfs->xGetSystemCall(vfs, syscall_names[i]);

		if (!real || real == caps[i])
			continue;
		real_syscalls[i] = real;
		vfs->xSetSystemCall(vfs, syscall_names[i], caps[i]);
	}
}

static int capture_installed;

static int errno_result(int sys)
{
	switch (sys) {
	case ENOSPC:
	case EDQUOT:
	case EFBIG:
		return -ENOSPC;
	case EROFS:
		return -EROFS;
	case EACCES:
	case EPERM:
		return -EACCES;
	case ENOENT:
		return -ENOENT;
	case ENOMEM:
		return -ENOMEM;
	default:
		return -EIO;
	}
}

/* An SQLite result code as a negative errno, the message set for s. */
static int fail_sqlite(struct smb3k_store *s, sqlite3 *db, int rc, const char *what)
{
	int sys = captured_errno ? captured_errno : db ? sqlite3_system_errno(db) : 0;
	const char *msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
	int err;

	switch (rc & 0xff) {
	case SQLITE_FULL:
		err = -ENOSPC;
		break;
	case SQLITE_READONLY:
		err = -EROFS;
		if (rc == SQLITE_READONLY_DIRECTORY)
			msg = "the directory is not writable (cannot create the WAL file)";
		break;
	case SQLITE_PERM:
	case SQLITE_AUTH:
		err = -EACCES;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		err = -EBUSY;
		break;
	case SQLITE_NOMEM:
		err = -ENOMEM;
		break;
	case SQLITE_NOTADB:
		return smb3k_store_fail(s, -EBADMSG, "not an SQLite database");
	case SQLITE_CORRUPT:
		return smb3k_store_fail(s, -EBADMSG, "integrity check failed: %s", msg);
	case SQLITE_IOERR:
	case SQLITE_CANTOPEN:
		err = sys ? errno_result(sys) : -EIO;
		break;
	default:
		err = -EIO;
		break;
	}
	if (sys && errno_result(sys) == err)	/* the errno behind it, if known */
		return smb3k_store_fail(s, err, "%s: %s (SQLite: %s)", what, strerror(sys), msg);
	return smb3k_store_fail(s, err, "%s: %s", what, msg);
}

/* ---- encoding ---- */

static void put_le(uint8_t *p, uint64_t v, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static uint64_t get_le(const uint8_t *p, unsigned int n)
{
	uint64_t v = 0;
	unsigned int i;

	for (i = 0; i < n; i++)
		v |= (uint64_t)p[i] << (8 * i);
	return v;
}

static uint8_t *pack_locks(const struct smb3k_store_open *o)
{
	uint8_t *blob = xmalloc((size_t)o->n_locks * LOCK_BLOB_ENTRY), *p = blob;
	uint32_t i;

	for (i = 0; i < o->n_locks; i++, p += LOCK_BLOB_ENTRY) {
		put_le(p, o->locks[i].offset, 8);
		put_le(p + 8, o->locks[i].length, 8);
		put_le(p + 16, o->locks[i].flags, 4);
	}
	return blob;
}

static uint64_t field_uint(const struct smb3k_store_open *o, const struct column *c)
{
	const void *f = (const char *)o + c->offset;

	switch (c->size) {
	case 1:
		return *(const uint8_t *)f;
	case 2:
		return *(const uint16_t *)f;
	case 4:
		return *(const uint32_t *)f;
	default:
		return *(const uint64_t *)f;
	}
}

static void set_field_uint(struct smb3k_store_open *o, const struct column *c, uint64_t v)
{
	void *f = (char *)o + c->offset;

	switch (c->size) {
	case 1:
		*(uint8_t *)f = (uint8_t)v;
		break;
	case 2:
		*(uint16_t *)f = (uint16_t)v;
		break;
	case 4:
		*(uint32_t *)f = (uint32_t)v;
		break;
	default:
		*(uint64_t *)f = v;
		break;
	}
}

/* Bind o's fields to q->put; *blob is the packed locks (freed after the step). */
static int bind_open(sqlite3_stmt *st, const struct smb3k_store_open *o, int64_t updated_ns,
		     uint8_t **blob)
{
	size_t i;
	int rc = SQLITE_OK;

	*blob = NULL;
	for (i = 0; i < ARRAY_SIZE(columns) && rc == SQLITE_OK; i++) {
		const struct column *c = &columns[i];
		const char *f = (const char *)o + c->offset;
		int idx = (int)i + 1;

		switch (c->kind) {
		case C_U8:
		case C_U16:
		case C_U32:
		case C_U64:
		case C_NLOCKS:
			rc = sqlite3_bind_int64(st, idx, (sqlite3_int64)field_uint(o, c));
			break;
		case C_TIME:
			rc = sqlite3_bind_int64(st, idx, updated_ns);
			break;
		case C_TEXT:
			rc = sqlite3_bind_text(st, idx, f, -1, SQLITE_STATIC);
			break;
		case C_BYTES:
			rc = sqlite3_bind_blob(st, idx, f, (int)c->size, SQLITE_STATIC);
			break;
		case C_LOCKS:
			if (!o->n_locks) {
				rc = sqlite3_bind_zeroblob(st, idx, 0);
				break;
			}
			*blob = pack_locks(o);
			rc = sqlite3_bind_blob(st, idx, *blob,
					       (int)(o->n_locks * LOCK_BLOB_ENTRY), SQLITE_STATIC);
			break;
		}
	}
	return rc;
}

static const char *type_name(int type)
{
	switch (type) {
	case SQLITE_INTEGER:
		return "an integer";
	case SQLITE_FLOAT:
		return "a real number";
	case SQLITE_TEXT:
		return "text";
	case SQLITE_BLOB:
		return "a blob";
	default:
		return "NULL";
	}
}

/* What is wrong with column i of the current row, or NULL (o filled). */
static const char *decode_column(sqlite3_stmt *st, int i, struct smb3k_store_open *o,
				 char *buf, size_t buflen)
{
	const struct column *c = &columns[i];
	char *f = (char *)o + c->offset;
	int type = sqlite3_column_type(st, i);
	int want = c->kind == C_TEXT ? SQLITE_TEXT :
		   c->kind == C_BYTES || c->kind == C_LOCKS ? SQLITE_BLOB : SQLITE_INTEGER;
	const uint8_t *p;
	sqlite3_int64 v;
	uint64_t max;
	size_t len;
	uint32_t k;

	if (type != want) {
		snprintf(buf, buflen, "is %s, not %s", type_name(type), type_name(want));
		return buf;
	}
	switch (c->kind) {
	case C_U64:
		set_field_uint(o, c, (uint64_t)sqlite3_column_int64(st, i));
		return NULL;
	case C_TIME:
		o->updated_ns = sqlite3_column_int64(st, i);
		return NULL;
	case C_U8:
	case C_U16:
	case C_U32:
	case C_NLOCKS:
		v = sqlite3_column_int64(st, i);
		max = c->kind == C_NLOCKS ? SMB3K_STORE_MAX_LOCKS :
		      c->size == 1 ? UINT8_MAX : c->size == 2 ? UINT16_MAX : UINT32_MAX;
		if (v < 0 || (uint64_t)v > max) {
			snprintf(buf, buflen, "value %lld is outside 0..%llu", (long long)v,
				 (unsigned long long)max);
			return buf;
		}
		set_field_uint(o, c, (uint64_t)v);
		return NULL;
	case C_TEXT:
		p = sqlite3_column_text(st, i);
		len = (size_t)sqlite3_column_bytes(st, i);
		if (!p && len)
			return "could not be read";
		if (len >= c->size) {
			snprintf(buf, buflen, "is %zu bytes long (at most %zu)", len, c->size - 1);
			return buf;
		}
		if (len && memchr(p, '\0', len))
			return "contains a NUL byte";
		memcpy(f, p, len);
		f[len] = '\0';
		return NULL;
	case C_BYTES:
		p = sqlite3_column_blob(st, i);
		len = (size_t)sqlite3_column_bytes(st, i);
		if (len != c->size || !p) {
			snprintf(buf, buflen, "is %zu bytes long, not %zu", len, c->size);
			return buf;
		}
		memcpy(f, p, len);
		return NULL;
	case C_LOCKS:
		p = sqlite3_column_blob(st, i);
		len = (size_t)sqlite3_column_bytes(st, i);
		if (len != (size_t)o->n_locks * LOCK_BLOB_ENTRY || (len && !p)) {
			snprintf(buf, buflen, "is %zu bytes long, not %u * %d for n_locks",
				 len, o->n_locks, LOCK_BLOB_ENTRY);
			return buf;
		}
		if (!o->n_locks)
			return NULL;
		o->locks = xcalloc(o->n_locks, sizeof(*o->locks));
		for (k = 0; k < o->n_locks; k++, p += LOCK_BLOB_ENTRY) {
			o->locks[k].offset = get_le(p, 8);
			o->locks[k].length = get_le(p + 8, 8);
			o->locks[k].flags = (uint32_t)get_le(p + 16, 4);
		}
		return NULL;
	}
	return "has an unknown kind";
}

/* The current row into o (zeroed by the caller); -EBADMSG if a value does not fit. */
static int decode_row(struct smb3k_store *s, sqlite3_stmt *st, struct smb3k_store_open *o)
{
	char buf[128];
	size_t i;

	if (sqlite3_column_count(st) != (int)ARRAY_SIZE(columns))
		return smb3k_store_fail(s, -EBADMSG, "the opens table has %d columns, not %zu",
					sqlite3_column_count(st), ARRAY_SIZE(columns));
	for (i = 0; i < ARRAY_SIZE(columns); i++) {
		const char *problem = decode_column(st, (int)i, o, buf, sizeof(buf));

		if (problem) {
			free(o->locks);
			o->locks = NULL;
			if (i == 0)
				return smb3k_store_fail(s, -EBADMSG, "stored record with a bad "
							"persistent_id: %s", problem);
			return smb3k_store_fail(s, -EBADMSG, "stored record 0x%016llx: column "
						"'%s' %s", (unsigned long long)o->persistent_id,
						columns[i].name, problem);
		}
	}
	return 0;
}

/* ---- statements ---- */

/* Run a statement without rows (BEGIN, COMMIT, ...); an SQLite code. */
static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE || rc == SQLITE_ROW ? SQLITE_OK : rc;
}

/* A one-row, one-integer query; an SQLite code. */
static int query_int(sqlite3 *db, const char *sql, sqlite3_int64 *out, bool *found)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL);

	*found = false;
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*found = sqlite3_column_type(st, 0) == SQLITE_INTEGER;
		*out = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE) {
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static char *column_list(bool with_types)
{
	size_t i, len = 0, cap = 1;
	char *out;

	for (i = 0; i < ARRAY_SIZE(columns); i++)
		cap += strlen(columns[i].name) + 40;
	out = xmalloc(cap);
	out[0] = '\0';
	for (i = 0; i < ARRAY_SIZE(columns); i++) {
		const struct column *c = &columns[i];
		const char *type = c->kind == C_TEXT ? "TEXT" :
			c->kind == C_BYTES || c->kind == C_LOCKS ? "BLOB" : "INTEGER";

		len += (size_t)snprintf(out + len, cap - len, "%s%s%s%s%s", i ? ", " : "",
					c->name, with_types ? " " : "", with_types ? type : "",
					!with_types ? "" : i == 0 ? " PRIMARY KEY NOT NULL" :
					" NOT NULL");
	}
	return out;
}

static int prepare(struct smb3k_store *s, struct sq *q, const char *sql, sqlite3_stmt **st)
{
	int rc = sqlite3_prepare_v3(q->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL);

	if (rc == SQLITE_OK)
		return 0;
	if ((rc & 0xff) == SQLITE_ERROR)	/* a missing table or column */
		return smb3k_store_fail(s, -EBADMSG, "not an smb3k persistent-handle store "
					"of schema version %d: %s", SCHEMA_VERSION,
					sqlite3_errmsg(q->db));
	return fail_sqlite(s, q->db, rc, "cannot prepare a statement");
}

static int prepare_all(struct smb3k_store *s, struct sq *q)
{
	char *cols = column_list(false), *marks, *sql;
	size_t i, len = 0;
	int rc;

	marks = xmalloc(4 * ARRAY_SIZE(columns) + 1);
	for (i = 0; i < ARRAY_SIZE(columns); i++)
		len += (size_t)sprintf(marks + len, "%s?", i ? ", " : "");
	rc = prepare(s, q, "BEGIN IMMEDIATE", &q->begin);
	if (!rc)
		rc = prepare(s, q, "BEGIN", &q->begin_read);
	if (!rc)
		rc = prepare(s, q, "COMMIT", &q->commit);
	if (!rc)
		rc = prepare(s, q, "ROLLBACK", &q->rollback);
	if (!rc) {
		sql = xasprintf("INSERT OR REPLACE INTO opens (%s) VALUES (%s)", cols, marks);
		rc = prepare(s, q, sql, &q->put);
		free(sql);
	}
	if (!rc)
		rc = prepare(s, q, "DELETE FROM opens WHERE persistent_id = ?", &q->del);
	if (!rc) {
		sql = xasprintf("SELECT %s FROM opens WHERE persistent_id = ?", cols);
		rc = prepare(s, q, sql, &q->get);
		free(sql);
	}
	if (!rc) {
		sql = xasprintf("SELECT %s FROM opens WHERE persistent_id BETWEEN ? AND ? "
				"ORDER BY persistent_id", cols);
		rc = prepare(s, q, sql, &q->range);
		free(sql);
	}
	free(marks);
	free(cols);
	return rc;
}

/* ---- open ---- */

static int create_file(struct smb3k_store *s, const char *path)
{
	char *copy = xstrdup(path), *dir = dirname(copy);
	int fd, rc = mkdir_parents(dir, 0755);

	if (rc) {
		smb3k_store_fail(s, errno_result(-rc), "cannot create directory %s: %s", dir,
				 strerror(-rc));
		free(copy);
		return errno_result(-rc);
	}
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
	if (fd < 0 && errno != EEXIST) {
		rc = errno;
		free(copy);
		return smb3k_store_fail(s, errno_result(rc), "cannot create: %s", strerror(rc));
	}
	if (fd >= 0) {
		close(fd);
		/* the new name on disk before anything refers to it */
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd >= 0) {
			fsync(fd);
			close(fd);
		}
	}
	free(copy);
	return 0;
}

/* The store file and its side files: regular files, not links, not o+w/g+w. */
static int check_files(struct smb3k_store *s, const char *path, bool ro, struct stat *st)
{
	static const char *const sides[] = { "-wal", "-shm", "-journal" };
	size_t i;
	int rc;

	if (lstat(path, st) < 0 && errno == ENOENT && !ro) {
		rc = create_file(s, path);
		if (rc)
			return rc;
	}
	if (lstat(path, st) < 0) {
		rc = errno;
		if (rc == ENOENT)
			return smb3k_store_fail(s, -ENOENT, "no such file");
		return smb3k_store_fail(s, errno_result(rc), "cannot stat: %s", strerror(rc));
	}
	if (S_ISLNK(st->st_mode))
		return smb3k_store_fail(s, -EINVAL, "is a symbolic link (refused: name the "
					"store file itself)");
	if (!S_ISREG(st->st_mode))
		return smb3k_store_fail(s, -EINVAL, "not a regular file");
	if (st->st_mode & 022)
		return smb3k_store_fail(s, -EPERM, "mode %04o lets group or others write the "
					"store; run chmod 600 %s",
					(unsigned int)(st->st_mode & 07777), path);
	for (i = 0; i < ARRAY_SIZE(sides); i++) {
		char *side = xasprintf("%s%s", path, sides[i]);
		struct stat sst;
		bool badfile = lstat(side, &sst) == 0 && !S_ISREG(sst.st_mode);

		free(side);
		if (badfile)
			return smb3k_store_fail(s, -EINVAL, "%s%s is a symbolic link or not a "
						"regular file (refused)", path, sides[i]);
	}
	return 0;
}

static int quick_check(struct smb3k_store *s, struct sq *q)
{
	sqlite3_stmt *st;
	char report[512] = "";
	size_t len = 0;
	int rc = sqlite3_prepare_v2(q->db, "PRAGMA quick_check(3)", -1, &st, NULL);
	bool ok = false;

	if (rc != SQLITE_OK)
		return fail_sqlite(s, q->db, rc, "cannot check the database");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);

		if (!line)
			line = "(null)";
		if (!strcmp(line, "ok") && !len)
			ok = true;
		else
			ok = false;
		if (len < sizeof(report) - 1)
			len += (size_t)snprintf(report + len, sizeof(report) - len, "%s%s",
						len ? "; " : "", line);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return fail_sqlite(s, q->db, rc, "cannot check the database");
	if (!ok)
		return smb3k_store_fail(s, -EBADMSG, "integrity check failed: %s", report);
	return 0;
}

static int exec(struct smb3k_store *s, struct sq *q, const char *sql, const char *what)
{
	int rc = sqlite3_exec(q->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : fail_sqlite(s, q->db, rc, what);
}

static int create_schema(struct smb3k_store *s, struct sq *q)
{
	char *cols = column_list(true);
	char *sql = xasprintf("CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, "
			      "value INTEGER NOT NULL);\n"
			      "INSERT INTO meta VALUES ('schema_version', %d);\n"
			      "CREATE TABLE opens (%s);\n"
			      "PRAGMA application_id = %d;\n", SCHEMA_VERSION, cols,
			      APPLICATION_ID);
	int rc = exec(s, q, sql, "cannot create the schema");

	free(sql);
	free(cols);
	return rc;
}

static int count_tables(struct smb3k_store *s, struct sq *q, sqlite3_int64 *n)
{
	bool found;
	int rc = query_int(q->db, "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
			   n, &found);

	return rc == SQLITE_OK ? 0 : fail_sqlite(s, q->db, rc, "cannot read the schema");
}

/* A new file gets the schema (read-write); anything else must be ours. */
static int check_schema(struct smb3k_store *s, struct sq *q, bool ro)
{
	sqlite3_int64 tables, v = 0;
	bool found;
	int rc = count_tables(s, q, &tables);

	if (!rc && !tables && ro) {
		q->empty = true;
		return 0;
	}
	if (!rc && !tables) {
		rc = exec(s, q, "BEGIN IMMEDIATE", "cannot start a transaction");
		if (!rc)
			rc = count_tables(s, q, &tables);	/* another opener's? */
		if (!rc && !tables)
			rc = create_schema(s, q);
		if (!rc)
			rc = exec(s, q, "COMMIT", "cannot create the schema");
		if (rc && !sqlite3_get_autocommit(q->db))
			sqlite3_exec(q->db, "ROLLBACK", NULL, NULL, NULL);
	}
	if (rc)
		return rc;
	rc = query_int(q->db, "PRAGMA application_id", &v, &found);
	if (rc != SQLITE_OK)
		return fail_sqlite(s, q->db, rc, "cannot read the application id");
	if (v != APPLICATION_ID)
		return smb3k_store_fail(s, -EBADMSG, "not an smb3k persistent-handle store "
					"(an SQLite database with application_id 0x%08llx)",
					(unsigned long long)(uint32_t)v);
	rc = query_int(q->db, "SELECT value FROM meta WHERE key = 'schema_version'", &v, &found);
	if (rc != SQLITE_OK || !found)
		return smb3k_store_fail(s, -EBADMSG, "no schema version in the meta table%s%s",
					rc != SQLITE_OK ? ": " : "",
					rc != SQLITE_OK ? sqlite3_errmsg(q->db) : "");
	if (v > SCHEMA_VERSION)
		return smb3k_store_fail(s, -EBADMSG, "schema version %lld is newer than this "
					"smb3kd (%d)", (long long)v, SCHEMA_VERSION);
	if (v < 1)
		return smb3k_store_fail(s, -EBADMSG, "schema version %lld is not valid",
					(long long)v);
	return 0;
}

static int wal_mode(struct smb3k_store *s, struct sq *q)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(q->db, "PRAGMA journal_mode = WAL", -1, &st, NULL);
	char mode[16] = "";

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(mode, sizeof(mode), "%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return fail_sqlite(s, q->db, rc, "cannot switch to WAL mode");
	if (strcasecmp(mode, "wal"))
		return smb3k_store_fail(s, -EIO, "cannot switch to WAL mode (journal mode "
					"is '%s')", mode);
	return 0;
}

/* Why a file opened for writing came out read-only. */
static int read_only_file(struct smb3k_store *s, const char *path)
{
	struct statvfs vfs;

	if (statvfs(path, &vfs) == 0 && (vfs.f_flag & ST_RDONLY))
		return smb3k_store_fail(s, -EROFS, "on a read-only file system");
	return smb3k_store_fail(s, -EROFS, "the file is read-only");
}

static int sq_open(struct smb3k_store *s, const char *path, int flags)
{
	bool ro = flags & SMB3K_STORE_RDONLY;
	struct sq *q = xcalloc(1, sizeof(*q));
	struct stat before, after;
	int rc;

	smb3k_store_set_priv(s, q);
	if (!__atomic_exchange_n(&capture_installed, 1, __ATOMIC_ACQ_REL))
		install_capture();
	captured_errno = 0;
	rc = check_files(s, path, ro, &before);
	if (rc)
		return rc;
	rc = sqlite3_open_v2(path, &q->db, ro ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE,
			     NULL);
	if (!q->db)
		return smb3k_store_fail(s, -ENOMEM, "cannot allocate an SQLite handle");
	if (rc != SQLITE_OK)
		return fail_sqlite(s, q->db, rc, "cannot open");
	sqlite3_extended_result_codes(q->db, 1);
	sqlite3_busy_timeout(q->db, BUSY_TIMEOUT_MS);
	sqlite3_db_config(q->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(q->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, NULL);
	if (!ro && sqlite3_db_readonly(q->db, "main") == 1)
		return read_only_file(s, path);
	rc = quick_check(s, q);
	if (rc)
		return rc;
	/* the file SQLite has open is the one checked */
	if (lstat(path, &after) < 0 || after.st_dev != before.st_dev ||
	    after.st_ino != before.st_ino)
		return smb3k_store_fail(s, -EINVAL, "was replaced while being opened");
	rc = check_schema(s, q, ro);
	if (rc || q->empty)
		return rc;
	if (!ro) {
		rc = wal_mode(s, q);
		if (!rc)
			rc = exec(s, q, "PRAGMA synchronous = FULL", "cannot set synchronous=FULL");
		if (rc)
			return rc;
	}
	rc = exec(s, q, "PRAGMA foreign_keys = ON; PRAGMA cell_size_check = ON",
		  "cannot set the pragmas");
	return rc ? rc : prepare_all(s, q);
}

/* ---- the operations ---- */

static void sq_close(struct smb3k_store *s)
{
	struct sq *q = smb3k_store_priv(s);

	if (!q)
		return;
	sqlite3_finalize(q->begin);
	sqlite3_finalize(q->begin_read);
	sqlite3_finalize(q->commit);
	sqlite3_finalize(q->rollback);
	sqlite3_finalize(q->put);
	sqlite3_finalize(q->del);
	sqlite3_finalize(q->get);
	sqlite3_finalize(q->range);
	sqlite3_close_v2(q->db);
	free(q);
	smb3k_store_set_priv(s, NULL);
}

/* After a failed change: no transaction left open. */
static void abort_change(struct sq *q)
{
	if (!sqlite3_get_autocommit(q->db))
		run(q->rollback);
}

static int no_store(struct smb3k_store *s)
{
	return smb3k_store_fail(s, -EROFS, "the store has no tables yet (read-only view)");
}

static int sq_put(struct smb3k_store *s, const struct smb3k_store_open *o, int64_t updated_ns)
{
	struct sq *q = smb3k_store_priv(s);
	uint8_t *blob;
	int rc;

	captured_errno = 0;
	if (q->empty)
		return no_store(s);
	rc = run(q->begin);
	if (rc != SQLITE_OK)
		return fail_sqlite(s, q->db, rc, "cannot start a transaction");
	rc = bind_open(q->put, o, updated_ns, &blob);
	if (rc == SQLITE_OK)
		rc = run(q->put);
	sqlite3_clear_bindings(q->put);
	free(blob);
	if (rc == SQLITE_OK)
		rc = run(q->commit);
	if (rc == SQLITE_OK)
		return 0;
	rc = fail_sqlite(s, q->db, rc, "cannot store a record");
	abort_change(q);
	return rc;
}

static int sq_remove(struct smb3k_store *s, uint64_t persistent_id)
{
	struct sq *q = smb3k_store_priv(s);
	int rc, changes = 0;

	captured_errno = 0;
	if (q->empty)
		return no_store(s);
	rc = run(q->begin);
	if (rc != SQLITE_OK)
		return fail_sqlite(s, q->db, rc, "cannot start a transaction");
	rc = sqlite3_bind_int64(q->del, 1, (sqlite3_int64)persistent_id);
	if (rc == SQLITE_OK)
		rc = run(q->del);
	if (rc == SQLITE_OK)
		changes = sqlite3_changes(q->db);
	if (rc == SQLITE_OK)
		rc = run(changes ? q->commit : q->rollback);
	if (rc == SQLITE_OK)
		return changes ? 0 : -ENOENT;
	rc = fail_sqlite(s, q->db, rc, "cannot remove a record");
	abort_change(q);
	return rc;
}

static int sq_get(struct smb3k_store *s, uint64_t persistent_id, struct smb3k_store_open *o)
{
	struct sq *q = smb3k_store_priv(s);
	int rc;

	captured_errno = 0;
	if (q->empty)
		return -ENOENT;
	rc = sqlite3_bind_int64(q->get, 1, (sqlite3_int64)persistent_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(q->get);
	if (rc == SQLITE_ROW)
		rc = decode_row(s, q->get, o);
	else if (rc == SQLITE_DONE)
		rc = -ENOENT;
	else
		rc = fail_sqlite(s, q->db, rc, "cannot read a record");
	sqlite3_reset(q->get);
	return rc;
}

/*
 * Unsigned order over signed keys: 0..INT64_MAX, then the ids with the
 * top bit set (negative as integers). One read transaction: a snapshot.
 */
static int sq_foreach(struct smb3k_store *s,
		      int (*cb)(const struct smb3k_store_open *o, void *arg), void *arg)
{
	static const sqlite3_int64 ranges[2][2] = {
		{ 0, INT64_MAX },
		{ INT64_MIN, -1 },
	};
	struct sq *q = smb3k_store_priv(s);
	struct smb3k_store_open *o;
	size_t r;
	int rc;

	captured_errno = 0;
	if (q->empty)
		return 0;
	rc = run(q->begin_read);
	if (rc != SQLITE_OK)
		return fail_sqlite(s, q->db, rc, "cannot start a transaction");
	o = xmalloc(sizeof(*o));
	for (r = 0; r < ARRAY_SIZE(ranges) && !rc; r++) {
		sqlite3_bind_int64(q->range, 1, ranges[r][0]);
		sqlite3_bind_int64(q->range, 2, ranges[r][1]);
		while (!rc) {
			int step = sqlite3_step(q->range);

			if (step == SQLITE_DONE)
				break;
			if (step != SQLITE_ROW) {
				rc = fail_sqlite(s, q->db, step, "cannot read the records");
				break;
			}
			memset(o, 0, sizeof(*o));
			rc = decode_row(s, q->range, o);
			if (!rc)
				rc = cb(o, arg);
			free(o->locks);
		}
		sqlite3_reset(q->range);
	}
	free(o);
	run(q->commit);		/* ends the read transaction */
	return rc;
}

const struct smb3k_store_ops smb3k_store_sqlite_ops = {
	.name = "sqlite",
	.open = sq_open,
	.put = sq_put,
	.remove = sq_remove,
	.get = sq_get,
	.foreach = sq_foreach,
	.close = sq_close,
};
