// SPDX-License-Identifier: GPL-2.0
/*
 * The persistent-handle store: round trips, validation in and out,
 * corrupt and foreign files, refused paths, read-only use beside a
 * writer, permissions, a full disk, SIGKILL at random moments and
 * "smb3kctl opens" (the config keys: test_config.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "atomic_file.h"
#include "store.h"
#include "tap.h"
#include "test_store.h"

#define ERRLEN 1024

static char *spath(const char *name)
{
	char *dir = xasprintf("%s/store", tap_dir());

	mkdir(dir, 0711);	/* test_permissions' child passes through */
	free(dir);
	return xasprintf("%s/store/%s", tap_dir(), name);
}

/* Remove a store and its side files. */
static void unlink_store(const char *path)
{
	static const char *const sides[] = { "", "-wal", "-shm", "-journal" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(sides); i++) {
		char *p = xasprintf("%s%s", path, sides[i]);

		unlink(p);
		free(p);
	}
}

static struct smb3k_store *open_store(const char *path, int flags, int *rc, char *err)
{
	struct smb3k_store *s = NULL;
	char buf[ERRLEN];

	*rc = smb3k_store_open(NULL, path, flags, &s, err ? err : buf, ERRLEN);
	return s;
}

/* Run SQL on a store file through a connection of its own. */
int raw_sql(const char *path, const char *sql)
{
	sqlite3 *db = NULL;
	char *msg = NULL;
	int rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

	if (rc == SQLITE_OK) {
		sqlite3_busy_timeout(db, 5000);
		rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	}
	if (rc != SQLITE_OK)
		tap_diag("raw SQL '%s': %s", sql, msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	sqlite3_close(db);
	return rc;
}

/* PRAGMA integrity_check on a connection of its own: true when "ok". */
static bool integrity_ok(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		ok = !strcmp((const char *)sqlite3_column_text(st, 0), "ok") &&
		     sqlite3_step(st) == SQLITE_DONE;
	sqlite3_finalize(st);
	sqlite3_close(db);
	return ok;
}

/* ---- records ---- */

static uint64_t next(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

static void fill(uint64_t *x, uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)next(x);
}

/* A valid record, different for every (id, version); locks malloc'd. */
void gen_record(uint64_t id, uint32_t version, struct smb3k_store_open *o)
{
	uint64_t x = (id * 0x9E3779B97F4A7C15ULL) ^ ((uint64_t)version << 20) ^ 0x5DEECE66DULL;
	static const uint8_t levels[] = { 0x00, 0x01, 0x08, 0x09 };
	uint32_t i;

	smb3k_store_open_init(o);
	o->persistent_id = id;
	fill(&x, o->create_guid, 16);
	fill(&x, o->client_guid, 16);
	snprintf(o->share, sizeof(o->share), "share%u", (unsigned int)(next(&x) % 4));
	snprintf(o->path, sizeof(o->path), "vms/dir%u/disk-%llx-v%u.vhdx",
		 (unsigned int)(next(&x) % 10), (unsigned long long)id, version);
	if (version % 3 == 0)
		snprintf(o->stream, sizeof(o->stream), "ads%u", version);
	snprintf(o->owner, sizeof(o->owner), "user%u", (unsigned int)(next(&x) % 7));
	o->owner_uid = (uint32_t)next(&x);
	o->owner_gid = (uint32_t)next(&x);
	o->volume_id = next(&x);
	o->file_index = next(&x);
	o->desired_access = (uint32_t)next(&x);
	o->share_access = (uint32_t)(next(&x) & 7);
	o->create_options = (uint32_t)next(&x);
	o->file_attributes = (uint32_t)next(&x);
	if (version % 2) {
		o->oplock_level = SMB3K_STORE_OPLOCK_LEASE;
		o->lease_version = 2;
		fill(&x, o->lease_key, 16);
		o->lease_state = (uint32_t)(next(&x) & 7);
		o->lease_flags = SMB3K_STORE_LEASE_FLAG_PARENT_KEY_SET;
		fill(&x, o->parent_lease_key, 16);
		o->lease_epoch = (uint16_t)next(&x);
	} else {
		o->oplock_level = levels[next(&x) % 4];
	}
	if (version % 4 == 0) {
		o->has_app_instance = 1;
		fill(&x, o->app_instance_id, 16);
		o->has_app_version = 1;
		o->app_version_high = next(&x);
		o->app_version_low = next(&x);
	}
	o->timeout_ms = (uint32_t)(next(&x) % 300000);
	o->channel_sequence = (uint16_t)next(&x);
	for (i = 0; i < SMB3K_STORE_LOCK_SEQ; i += 3)
		o->lock_sequences[i] = (uint8_t)(SMB3K_STORE_LOCK_SEQ_VALID | (next(&x) & 0xF));
	o->delete_on_close = version % 5 == 0;
	o->n_locks = version % 10 == 7 ? 1500 : (uint32_t)(next(&x) % 5);
	o->locks = o->n_locks ? xcalloc(o->n_locks, sizeof(*o->locks)) : NULL;
	for (i = 0; i < o->n_locks; i++) {
		o->locks[i].offset = next(&x) >> 1;
		o->locks[i].length = next(&x) % 100000;
		o->locks[i].flags = next(&x) & 1 ? SMB3K_STORE_LOCK_SHARED :
			SMB3K_STORE_LOCK_EXCLUSIVE;
	}
}

/* Clear what follows a string's NUL: not part of the record. */
static void clear_tail(char *field, size_t size)
{
	size_t len = strnlen(field, size);

	if (len < size)
		memset(field + len, 0, size - len);
}

/* Every field (updated_ns aside) and every lock, byte for byte. */
bool same_record(const struct smb3k_store_open *a, const struct smb3k_store_open *b)
{
	struct smb3k_store_open *x = xmalloc(sizeof(*x)), *y = xmalloc(sizeof(*y));
	struct smb3k_store_open *both[2] = { x, y };
	bool same;
	size_t i;

	memcpy(x, a, sizeof(*x));
	memcpy(y, b, sizeof(*y));
	for (i = 0; i < 2; i++) {
		clear_tail(both[i]->share, sizeof(both[i]->share));
		clear_tail(both[i]->path, sizeof(both[i]->path));
		clear_tail(both[i]->stream, sizeof(both[i]->stream));
		clear_tail(both[i]->owner, sizeof(both[i]->owner));
		both[i]->locks = NULL;
		both[i]->updated_ns = 0;
	}
	same = !memcmp(x, y, sizeof(*x)) &&
	       (!a->n_locks || !memcmp(a->locks, b->locks, a->n_locks * sizeof(*a->locks)));
	free(x);
	free(y);
	return same;
}

static bool all_zero(const struct smb3k_store_open *o)
{
	const uint8_t *p = (const uint8_t *)o;
	size_t i;

	for (i = 0; i < sizeof(*o); i++)
		if (p[i])
			return false;
	return true;
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

static int count_cb(const struct smb3k_store_open *o, void *arg)
{
	(void)o;
	++*(size_t *)arg;
	return 0;
}

static size_t count(struct smb3k_store *s)
{
	size_t n = 0;

	return smb3k_store_foreach(s, count_cb, &n) ? (size_t)-1 : n;
}

/* ---- basic operations ---- */

static void test_round_trip(void)
{
	char *path = spath("rt.db"), *wal = xasprintf("%s-wal", path), err[ERRLEN];
	struct smb3k_store_open *full = xmalloc(sizeof(*full)), *back = xmalloc(sizeof(*back));
	struct smb3k_store_open *min = xmalloc(sizeof(*min));
	struct smb3k_store *s;
	struct stat st;
	int64_t t0, t1;
	int rc;

	s = open_store(path, 0, &rc, err);
	if (!tap_is_int(rc, 0, "store: a new store is created")) {
		tap_diag("%s", err);
		goto out;
	}
	tap_ok(stat(path, &st) == 0 && (st.st_mode & 07777) == 0600, "store: file mode 0600");

	gen_record(0x1122334455667788ULL, 27, full);	/* lease v2, 1500 locks, stream */
	tap_ok(full->n_locks == 1500 && full->lease_version == 2 && full->stream[0],
	       "store: the full record has a lease, a stream and 1500 locks");
	full->has_app_instance = 1;
	memset(full->app_instance_id, 0xA5, 16);
	full->has_app_version = 1;
	full->app_version_high = UINT64_MAX;
	full->app_version_low = 1ULL << 63;
	full->delete_on_close = 1;
	full->volume_id = UINT64_MAX;
	full->locks[0].offset = UINT64_MAX;
	full->locks[0].length = 1;
	full->locks[1].offset = 0;
	full->locks[1].length = UINT64_MAX;
	full->locks[2].length = 0;
	snprintf(full->owner, sizeof(full->owner), "%s", "\xc3\xa9lodie");
	snprintf(full->path, sizeof(full->path), "%s", "Dossier \xc3\xa9t\xc3\xa9/fichier #1.vhdx");
	t0 = now_ns();
	tap_is_int(smb3k_store_put(s, full), 0, "store: put a fully populated record");
	t1 = now_ns();
	tap_is_str(smb3k_store_error(s), "", "store: no error message after a success");
	tap_ok(stat(wal, &st) == 0 && (st.st_mode & 07777) == 0600,
	       "store: WAL mode, the -wal file 0600 too");
	tap_is_int(smb3k_store_get(s, full->persistent_id, back), 0, "store: get it back");
	tap_ok(same_record(full, back), "store: every field and lock round-trips");
	tap_ok(back->updated_ns >= t0 && back->updated_ns <= t1,
	       "store: updated_ns is the time of the put");
	smb3k_store_open_free_locks(back);

	smb3k_store_open_init(min);
	min->persistent_id = 1;
	snprintf(min->share, sizeof(min->share), "s");
	tap_is_int(smb3k_store_put(s, min), 0, "store: put a minimal record (share root, no locks)");
	tap_is_int(smb3k_store_get(s, 1, back), 0, "store: get the minimal record");
	tap_ok(same_record(min, back) && back->locks == NULL && back->n_locks == 0,
	       "store: the minimal record round-trips");
	smb3k_store_open_free_locks(back);
	smb3k_store_close(s);

	s = open_store(path, 0, &rc, err);
	tap_ok(rc == 0 && smb3k_store_get(s, full->persistent_id, back) == 0 &&
	       same_record(full, back), "store: the record survives close and reopen");
	smb3k_store_open_free_locks(back);
	smb3k_store_close(s);
	smb3k_store_open_free_locks(full);
out:
	free(full);
	free(back);
	free(min);
	free(wal);
	free(path);
}

static void test_replace_remove(void)
{
	char *path = spath("rr.db");
	struct smb3k_store_open a, b, back;
	struct smb3k_store *s;
	int rc;

	s = open_store(path, 0, &rc, NULL);
	if (!tap_is_int(rc, 0, "store: open for replace/remove"))
		goto out;
	gen_record(42, 1, &a);
	gen_record(42, 2, &b);
	tap_is_int(smb3k_store_put(s, &a), 0, "store: put version 1");
	tap_is_int(smb3k_store_put(s, &b), 0, "store: put version 2 of the same id");
	tap_ok(smb3k_store_get(s, 42, &back) == 0 && same_record(&b, &back) && !same_record(&a, &back),
	       "store: the second put replaced the first");
	smb3k_store_open_free_locks(&back);
	tap_is_int((long long)count(s), 1, "store: still one record");
	tap_is_int(smb3k_store_remove(s, 42), 0, "store: remove");
	tap_is_int(smb3k_store_get(s, 42, &back), -ENOENT, "store: get after remove: -ENOENT");
	tap_ok(all_zero(&back), "store: ... and the record is zeroed");
	tap_is_int(smb3k_store_remove(s, 42), -ENOENT, "store: remove again: -ENOENT");
	tap_ok(strstr(smb3k_store_error(s), "no record 0x000000000000002a") != NULL,
	       "store: ... with a message");
	tap_is_int(smb3k_store_get(s, 4242, &back), -ENOENT, "store: get of an absent id");
	tap_is_int((long long)count(s), 0, "store: empty");
	smb3k_store_open_free_locks(&a);
	smb3k_store_open_free_locks(&b);
	smb3k_store_close(s);
out:
	free(path);
}

struct seen {
	uint64_t ids[16];
	size_t n;
	size_t stop_after;
};

static int seen_cb(const struct smb3k_store_open *o, void *arg)
{
	struct seen *sn = arg;

	if (sn->n < ARRAY_SIZE(sn->ids))
		sn->ids[sn->n] = o->persistent_id;
	sn->n++;
	return sn->stop_after && sn->n == sn->stop_after ? 42 : 0;
}

static int put_in_cb(const struct smb3k_store_open *o, void *arg)
{
	return smb3k_store_put(arg, o);
}

static void test_foreach(void)
{
	static const uint64_t ids[] = {
		0xFFFFFFFFFFFFFFFEULL, 5, 0x8000000000000000ULL, 1, 0x7FFFFFFFFFFFFFFFULL,
		0x8000000000000001ULL, 2,
	};
	static const uint64_t sorted[] = {
		1, 2, 5, 0x7FFFFFFFFFFFFFFFULL, 0x8000000000000000ULL, 0x8000000000000001ULL,
		0xFFFFFFFFFFFFFFFEULL,
	};
	char *path = spath("fe.db");
	struct smb3k_store *s;
	struct seen sn = { .n = 0 };
	size_t i;
	int rc;

	s = open_store(path, 0, &rc, NULL);
	if (!tap_is_int(rc, 0, "store: open for foreach"))
		goto out;
	for (i = 0; i < ARRAY_SIZE(ids); i++) {
		struct smb3k_store_open o;

		gen_record(ids[i], (uint32_t)i + 10, &o);
		rc |= smb3k_store_put(s, &o);
		smb3k_store_open_free_locks(&o);
	}
	tap_is_int(rc, 0, "store: put 7 records, ids with and without the top bit");
	tap_is_int(smb3k_store_foreach(s, seen_cb, &sn), 0, "store: foreach returns 0");
	tap_ok(sn.n == ARRAY_SIZE(sorted) && !memcmp(sn.ids, sorted, sizeof(sorted)),
	       "store: foreach in unsigned persistent_id order");
	memset(&sn, 0, sizeof(sn));
	sn.stop_after = 3;
	tap_is_int(smb3k_store_foreach(s, seen_cb, &sn), 42,
		   "store: a nonzero callback return is returned");
	tap_ok(sn.n == 3 && sn.ids[2] == 5, "store: ... and stops the walk");
	tap_is_int(smb3k_store_foreach(s, put_in_cb, s), -EBUSY,
		   "store: a put from the callback is refused (-EBUSY)");
	tap_is_int((long long)count(s), (long long)ARRAY_SIZE(ids), "store: records unchanged");
	smb3k_store_close(s);
out:
	free(path);
}

/* ---- validation ---- */

struct bad_put {
	const char *what;
	void (*mutate)(struct smb3k_store_open *o);
	const char *msg;
};

/* One change that makes a valid record invalid. */
#define MUTATOR(name, ...) static void name(struct smb3k_store_open *o) { __VA_ARGS__; }

MUTATOR(m_id0, o->persistent_id = 0)
MUTATOR(m_idmax, o->persistent_id = UINT64_MAX)
MUTATOR(m_share_empty, o->share[0] = '\0')
MUTATOR(m_share_unterminated, memset(o->share, 'x', sizeof(o->share)))
MUTATOR(m_share_slash, strcpy(o->share, "a/b"))
MUTATOR(m_dotdot, strcpy(o->path, "a/../b"))
MUTATOR(m_dotdot_only, strcpy(o->path, ".."))
MUTATOR(m_dot, strcpy(o->path, "a/./b"))
MUTATOR(m_absolute, strcpy(o->path, "/etc/passwd"))
MUTATOR(m_double_slash, strcpy(o->path, "a//b"))
MUTATOR(m_trailing, strcpy(o->path, "a/b/"))
MUTATOR(m_backslash, strcpy(o->path, "a\\b"))
MUTATOR(m_control, strcpy(o->path, "a\nb"))
MUTATOR(m_bad_utf8, strcpy(o->path, "a\xc3"))
MUTATOR(m_path_unterminated, memset(o->path, 'p', sizeof(o->path)))
MUTATOR(m_stream_slash, strcpy(o->stream, "s/t"))
MUTATOR(m_owner_unterminated, memset(o->owner, 'o', sizeof(o->owner)))
MUTATOR(m_oplock, o->oplock_level = 7)
MUTATOR(m_lease_version, o->lease_version = 3)
MUTATOR(m_lease_mismatch, o->oplock_level = SMB3K_STORE_OPLOCK_BATCH)
MUTATOR(m_lease_state, o->lease_state = 8)
MUTATOR(m_lease_without, o->oplock_level = o->lease_version = 0; o->lease_flags = 0;
	memset(o->parent_lease_key, 0, 16))
MUTATOR(m_parent_flag_v1, o->lease_version = 1)
MUTATOR(m_share_access, o->share_access = 8)
MUTATOR(m_app_flag, o->has_app_instance = 2)
MUTATOR(m_app_id, o->has_app_instance = 0; o->app_instance_id[3] = 1)
MUTATOR(m_doc, o->delete_on_close = 2)
MUTATOR(m_lockseq, o->lock_sequences[9] = 0x20)
MUTATOR(m_lockseq_zero, o->lock_sequences[1] = 0x05)
MUTATOR(m_nlocks, o->n_locks = SMB3K_STORE_MAX_LOCKS + 1)
MUTATOR(m_locks_null, free(o->locks); o->locks = NULL)
MUTATOR(m_lock_flags0, o->locks[1].flags = 0)
MUTATOR(m_lock_flags3, o->locks[0].flags = 3)
MUTATOR(m_lock_range, o->locks[0].offset = UINT64_MAX; o->locks[0].length = 2)

/* A lease v2 with a parent key and two locks. */
static void gen_two_locks(uint64_t id, struct smb3k_store_open *o)
{
	gen_record(id, 11, o);
	free(o->locks);
	o->n_locks = 2;
	o->locks = xcalloc(2, sizeof(*o->locks));
	o->locks[0] = (struct smb3k_store_lock){ 0, 10, SMB3K_STORE_LOCK_SHARED };
	o->locks[1] = (struct smb3k_store_lock){ 10, 10, SMB3K_STORE_LOCK_EXCLUSIVE };
}

static void test_put_validation(void)
{
	static const struct bad_put cases[] = {
		{ "persistent_id 0", m_id0, "reserved" },
		{ "persistent_id ~0", m_idmax, "reserved" },
		{ "empty share", m_share_empty, "share is empty" },
		{ "share without NUL", m_share_unterminated, "share is not NUL-terminated" },
		{ "share with '/'", m_share_slash, "share has a character" },
		{ "path a/../b", m_dotdot, "'..'" },
		{ "path ..", m_dotdot_only, "'..'" },
		{ "path a/./b", m_dot, "'.'" },
		{ "absolute path", m_absolute, "absolute" },
		{ "path a//b", m_double_slash, "empty component" },
		{ "path with a trailing '/'", m_trailing, "empty component" },
		{ "path with '\\'", m_backslash, "character not allowed" },
		{ "path with a newline", m_control, "control character" },
		{ "path not UTF-8", m_bad_utf8, "UTF-8" },
		{ "path without NUL", m_path_unterminated, "path is not NUL-terminated" },
		{ "stream with '/'", m_stream_slash, "stream has a character" },
		{ "owner without NUL", m_owner_unterminated, "owner is not NUL-terminated" },
		{ "oplock level 7", m_oplock, "oplock_level" },
		{ "lease version 3", m_lease_version, "lease_version 3" },
		{ "lease without the lease oplock level", m_lease_mismatch, "does not match" },
		{ "lease state bit 8", m_lease_state, "lease_state" },
		{ "lease key without a lease", m_lease_without, "without a lease" },
		{ "parent key flag on a v1 lease", m_parent_flag_v1, "lease_flags" },
		{ "share access bit 8", m_share_access, "share_access" },
		{ "has_app_instance 2", m_app_flag, "0 or 1" },
		{ "app instance id without the flag", m_app_id, "app_instance_id" },
		{ "delete_on_close 2", m_doc, "0 or 1" },
		{ "lock sequence 0x20", m_lockseq, "lock_sequences[9]" },
		{ "lock sequence without the valid bit", m_lockseq_zero, "lock_sequences[1]" },
		{ "65537 locks", m_nlocks, "n_locks 65537" },
		{ "locks NULL", m_locks_null, "without locks" },
		{ "lock flags 0", m_lock_flags0, "lock 1: flags" },
		{ "lock flags shared|exclusive", m_lock_flags3, "lock 0: flags" },
		{ "lock range past 2^64", m_lock_range, "past 2^64" },
	};
	char *path = spath("val.db");
	struct smb3k_store_open o;
	struct smb3k_store *s;
	size_t i;
	int rc;

	s = open_store(path, 0, &rc, NULL);
	if (!tap_is_int(rc, 0, "store: open for validation"))
		goto out;
	gen_two_locks(99, &o);
	tap_is_int(smb3k_store_put(s, &o), 0, "store: the unmutated record is valid");
	smb3k_store_open_free_locks(&o);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		struct smb3k_store_open m;

		gen_two_locks(100 + i, &m);
		cases[i].mutate(&m);
		rc = smb3k_store_put(s, &m);
		if (!tap_ok(rc == -EINVAL && strstr(smb3k_store_error(s), cases[i].msg),
			    "store: put refuses %s (-EINVAL)", cases[i].what))
			tap_diag("rc %d: %s", rc, smb3k_store_error(s));
		if (m.n_locks <= SMB3K_STORE_MAX_LOCKS)
			smb3k_store_open_free_locks(&m);
		else
			free(m.locks);
	}
	tap_is_int((long long)count(s), 1, "store: no refused record was stored");
	smb3k_store_close(s);
out:
	free(path);
}

struct bad_row {
	const char *set;	/* UPDATE opens SET <set> */
	const char *msg;
};

static void test_load_validation(void)
{
	static const struct bad_row cases[] = {
		{ "path = 'a/../b'", "'..'" },
		{ "path = '/abs'", "absolute" },
		{ "path = replace(hex(zeroblob(2500)), '0', 'a')", "5000 bytes long" },
		{ "share = ''", "share is empty" },
		{ "share = CAST(X'61006200' AS TEXT)", "NUL byte" },
		{ "owner = CAST(X'C328' AS TEXT)", "UTF-8" },
		{ "stream = 'a:b'", "stream has a character" },
		{ "lease_version = 3", "lease_version 3" },
		{ "oplock_level = 66", "oplock_level 0x42" },
		{ "oplock_level = 256", "'oplock_level' value 256 is outside 0..255" },
		{ "owner_uid = -1", "'owner_uid' value -1" },
		{ "owner_gid = 4294967296", "'owner_gid' value 4294967296" },
		{ "desired_access = 'abc'", "'desired_access' is text, not an integer" },
		{ "desired_access = 1.5", "is a real number" },
		{ "create_guid = X'0011'", "'create_guid' is 2 bytes long, not 16" },
		{ "client_guid = 'text'", "'client_guid' is text, not a blob" },
		{ "lock_sequences = zeroblob(64)", "lock_sequences[0]" },
		{ "lock_sequences = zeroblob(63)", "'lock_sequences' is 63 bytes" },
		{ "n_locks = n_locks + 1", "'locks' is" },
		{ "n_locks = 70000", "'n_locks' value 70000" },
		{ "locks = X'00'", "'locks' is 1 bytes long" },
		{ "n_locks = 1, locks = X'0000000000000000010000000000000003000000'",
		  "lock 0: flags 0x3" },
		{ "n_locks = 1, locks = X'FFFFFFFFFFFFFFFF020000000000000001000000'",
		  "past 2^64" },
		{ "delete_on_close = 2", "0 or 1" },
		{ "updated_ns = -5", "updated_ns -5 is negative" },
		{ "has_app_version = 0, app_version_low = 1", "app_version set" },
	};
	char *path = spath("load.db"), *sql;
	struct smb3k_store_open good, o;
	struct smb3k_store *s;
	struct seen sn = { .n = 0 };
	size_t i;
	int rc;

	s = open_store(path, 0, &rc, NULL);
	if (!tap_is_int(rc, 0, "store: open for load validation"))
		goto out;
	gen_record(7, 12, &good);	/* no lease: app instance and version set */
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		smb3k_store_put(s, &good);
		sql = xasprintf("UPDATE opens SET %s WHERE persistent_id = 7", cases[i].set);
		raw_sql(path, sql);
		free(sql);
		memset(&o, 0x5A, sizeof(o));
		rc = smb3k_store_get(s, 7, &o);
		if (!tap_ok(rc == -EBADMSG && all_zero(&o) &&
			    strstr(smb3k_store_error(s), cases[i].msg),
			    "store: a row with %s is refused on load (-EBADMSG, nothing returned)",
			    cases[i].set))
			tap_diag("rc %d: %s", rc, smb3k_store_error(s));
	}
	smb3k_store_put(s, &good);
	raw_sql(path, "UPDATE opens SET persistent_id = 0 WHERE persistent_id = 7");
	tap_ok(smb3k_store_get(s, 0, &o) == -EBADMSG && strstr(smb3k_store_error(s), "reserved"),
	       "store: a row with persistent_id 0 is refused");
	raw_sql(path, "DELETE FROM opens");

	for (i = 1; i <= 5; i++) {
		good.persistent_id = i;
		smb3k_store_put(s, &good);
	}
	raw_sql(path, "UPDATE opens SET path = '../x' WHERE persistent_id = 3");
	rc = smb3k_store_foreach(s, seen_cb, &sn);
	tap_ok(rc == -EBADMSG && sn.n == 2 && sn.ids[0] == 1 && sn.ids[1] == 2,
	       "store: foreach stops with -EBADMSG before the bad record reaches the callback");
	tap_ok(strstr(smb3k_store_error(s), "0x0000000000000003") != NULL,
	       "store: ... and the message names the record");
	smb3k_store_open_free_locks(&good);
	smb3k_store_close(s);
out:
	free(path);
}

/* ---- files that are not a good store ---- */

static void write_bytes(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

	if (fd < 0 || write(fd, data, len) != (ssize_t)len)
		tap_diag("cannot write %s", path);
	if (fd >= 0)
		close(fd);
}

static void expect_open_fails(const char *path, int flags, int want, const char *msg,
			      const char *what)
{
	char err[ERRLEN];
	int rc;
	struct smb3k_store *s = open_store(path, flags, &rc, err);

	if (!tap_ok(rc == want && !s && strstr(err, msg) && !strncmp(err, path, strlen(path)),
		    "store: %s", what))
		tap_diag("rc %d, err '%s'", rc, err);
	smb3k_store_close(s);
}

static void test_corrupt_files(void)
{
	char *path = spath("bad.db"), zeros[8192] = { 0 }, *big;
	struct smb3k_store *s;
	struct stat st;
	uint8_t header[100];
	int rc, fd;
	uint32_t i;

	write_bytes(path, "this is not a database, just some text\n", 39);
	expect_open_fails(path, 0, -EBADMSG, ": not an SQLite database",
			  "a text file: -EBADMSG 'not an SQLite database'");
	expect_open_fails(path, SMB3K_STORE_RDONLY, -EBADMSG, "not an SQLite database",
			  "... also read-only");
	write_bytes(path, zeros, sizeof(zeros));
	expect_open_fails(path, 0, -EBADMSG, "not an SQLite database", "a file of zeroes");
	unlink_store(path);

	/* another application's database is left alone */
	raw_sql(path, "CREATE TABLE songs (title TEXT); INSERT INTO songs VALUES ('x');");
	expect_open_fails(path, 0, -EBADMSG, "not an smb3k persistent-handle store",
			  "an SQLite database of another application is refused");
	fd = open(path, O_RDONLY);
	tap_ok(fd >= 0 && read(fd, header, sizeof(header)) == sizeof(header) &&
	       header[18] == 1 && header[19] == 1, "store: ... and not switched to WAL mode");
	if (fd >= 0)
		close(fd);
	unlink_store(path);

	/* a newer schema */
	s = open_store(path, 0, &rc, NULL);
	smb3k_store_close(s);
	raw_sql(path, "UPDATE meta SET value = 99 WHERE key = 'schema_version'");
	expect_open_fails(path, 0, -EBADMSG, "schema version 99 is newer than this smb3kd (1)",
			  "a newer schema version: -EBADMSG with the versions");
	raw_sql(path, "DELETE FROM meta");
	expect_open_fails(path, SMB3K_STORE_RDONLY, -EBADMSG, "no schema version",
			  "no schema version");
	raw_sql(path, "INSERT INTO meta VALUES ('schema_version', 1); "
		"ALTER TABLE opens DROP COLUMN channel_sequence");
	expect_open_fails(path, 0, -EBADMSG, "channel_sequence",
			  "a missing column is refused at open");
	unlink_store(path);

	/* a truncated database */
	s = open_store(path, 0, &rc, NULL);
	for (i = 1; i <= 100; i++) {
		struct smb3k_store_open o;

		gen_record(i, 7, &o);	/* 1500 locks each: ~30 kB */
		rc |= smb3k_store_put(s, &o);
		smb3k_store_open_free_locks(&o);
	}
	smb3k_store_close(s);
	if (stat(path, &st) < 0)
		st.st_size = 0;
	tap_ok(rc == 0 && st.st_size > 1000000, "store: 100 large records (%lld bytes)",
	       (long long)st.st_size);
	if (truncate(path, st.st_size / 2) < 0)
		tap_diag("truncate: %s", strerror(errno));
	expect_open_fails(path, 0, -EBADMSG, "integrity check failed",
			  "a truncated database: -EBADMSG 'integrity check failed'");
	expect_open_fails(path, SMB3K_STORE_RDONLY, -EBADMSG, "integrity check failed",
			  "... also read-only");
	unlink_store(path);

	/* a damaged page in the middle */
	s = open_store(path, 0, &rc, NULL);
	for (i = 1; i <= 50; i++) {
		struct smb3k_store_open o;

		gen_record(i, 7, &o);
		smb3k_store_put(s, &o);
		smb3k_store_open_free_locks(&o);
	}
	smb3k_store_close(s);
	big = xmalloc(4096);
	memset(big, 0xEE, 4096);
	fd = open(path, O_WRONLY);
	tap_ok(fd >= 0 && pwrite(fd, big, 4096, 4096) == 4096, "store: overwrite page 2");
	if (fd >= 0)
		close(fd);
	expect_open_fails(path, 0, -EBADMSG, "integrity check failed",
			  "a damaged page: -EBADMSG at open");
	free(big);
	unlink_store(path);
	free(path);
}

static void test_refused_paths(void)
{
	char *real = spath("real.db"), *link = spath("link.db"), *dir = spath("adir.db");
	char *missing = spath("nodir/sub/missing.db"), *wal, err[ERRLEN];
	struct smb3k_store *s;
	struct stat st;
	int rc;

	s = open_store(real, 0, &rc, NULL);
	smb3k_store_close(s);
	if (symlink(real, link) < 0)
		tap_diag("symlink: %s", strerror(errno));
	expect_open_fails(link, 0, -EINVAL, "symbolic link", "a symlinked store is refused");
	expect_open_fails(link, SMB3K_STORE_RDONLY, -EINVAL, "symbolic link",
			  "... also read-only");
	unlink(link);
	if (symlink("/nonexistent/target.db", link) < 0)
		tap_diag("symlink: %s", strerror(errno));
	expect_open_fails(link, 0, -EINVAL, "symbolic link", "a dangling symlink is refused");
	tap_ok(stat("/nonexistent/target.db", &st) < 0, "store: ... and nothing was created");
	unlink(link);

	wal = xasprintf("%s-wal", real);
	unlink(wal);
	if (symlink("/tmp/elsewhere", wal) < 0)
		tap_diag("symlink: %s", strerror(errno));
	expect_open_fails(real, 0, -EINVAL, "-wal is a symbolic link",
			  "a symlinked -wal file is refused");
	unlink(wal);
	free(wal);

	mkdir(dir, 0700);
	expect_open_fails(dir, 0, -EINVAL, "not a regular file", "a directory is refused");
	rmdir(dir);

	chmod(real, 0666);
	expect_open_fails(real, 0, -EPERM, "mode 0666", "a world-writable store is refused");
	chmod(real, 0600);

	expect_open_fails(missing, SMB3K_STORE_RDONLY, -ENOENT, "no such file",
			  "read-only: a missing store is -ENOENT");
	tap_ok(stat(missing, &st) < 0, "store: ... and read-only mode created nothing");
	s = open_store(missing, 0, &rc, err);
	tap_ok(rc == 0 && stat(missing, &st) == 0,
	       "store: read-write creates the store and its directories");
	smb3k_store_close(s);

	rc = smb3k_store_open("lmdb", real, 0, &s, err, sizeof(err));
	tap_ok(rc == -EINVAL && !s && strstr(err, "unknown persistent store engine 'lmdb'"),
	       "store: an unknown engine is refused");
	rc = smb3k_store_open("SQLite", real, 0, &s, err, sizeof(err));
	tap_is_int(rc, 0, "store: the engine name is case-insensitive");
	smb3k_store_close(s);
	free(real);
	free(link);
	free(dir);
	free(missing);
}

/* ---- read-only beside a writer ---- */

static void test_readonly(void)
{
	char *path = spath("ro.db");
	struct smb3k_store *w, *r;
	struct smb3k_store_open a, b, back;
	sqlite3 *raw = NULL;
	int rc, rrc;

	w = open_store(path, 0, &rc, NULL);
	gen_record(10, 1, &a);
	gen_record(11, 2, &b);
	smb3k_store_put(w, &a);
	r = open_store(path, SMB3K_STORE_RDONLY, &rrc, NULL);
	if (!tap_ok(rc == 0 && rrc == 0, "store: read-only open while a writer has it open"))
		goto out;
	tap_ok(smb3k_store_get(r, 10, &back) == 0 && same_record(&a, &back),
	       "store: the reader sees the writer's record");
	smb3k_store_open_free_locks(&back);
	tap_is_int(smb3k_store_put(w, &b), 0, "store: the writer puts while the reader is open");
	tap_ok(smb3k_store_get(r, 11, &back) == 0 && same_record(&b, &back),
	       "store: the reader sees the new record");
	smb3k_store_open_free_locks(&back);
	tap_is_int(smb3k_store_remove(w, 10), 0, "store: the writer removes one");
	tap_is_int(smb3k_store_get(r, 10, &back), -ENOENT, "store: the reader sees it gone");
	tap_is_int(smb3k_store_put(r, &a), -EROFS, "store: put on a read-only handle: -EROFS");
	tap_is_int(smb3k_store_remove(r, 11), -EROFS, "store: remove on it: -EROFS");

	/* a transaction in progress elsewhere neither blocks nor shows */
	if (sqlite3_open(path, &raw) == SQLITE_OK &&
	    sqlite3_exec(raw, "BEGIN IMMEDIATE; DELETE FROM opens;", NULL, NULL, NULL) == SQLITE_OK) {
		tap_ok(smb3k_store_get(r, 11, &back) == 0,
		       "store: an uncommitted delete is not seen by the reader");
		smb3k_store_open_free_locks(&back);
		sqlite3_exec(raw, "ROLLBACK", NULL, NULL, NULL);
	} else {
		tap_ok(false, "store: a raw writer transaction");
	}
	sqlite3_close(raw);
	smb3k_store_close(r);
out:
	smb3k_store_close(w);
	smb3k_store_open_free_locks(&a);
	smb3k_store_open_free_locks(&b);
	free(path);
}

/* ---- permissions, as an unprivileged user ---- */

struct child_result {
	char ok;
	char msg[255];
};

static void report(int fd, bool ok, const char *fmt, ...) PRINTF_LIKE(3, 4);

static void report(int fd, bool ok, const char *fmt, ...)
{
	struct child_result r = { .ok = ok };
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r.msg, sizeof(r.msg), fmt, ap);
	va_end(ap);
	if (write(fd, &r, sizeof(r)) != sizeof(r))
		_exit(3);
}

/* Report a child's results (child_report) as TAP lines; its wait status. */
static int child_results(int fds[2], pid_t pid)
{
	struct child_result r;
	int status = 0;

	close(fds[1]);
	while (read(fds[0], &r, sizeof(r)) == sizeof(r)) {
		r.msg[sizeof(r.msg) - 1] = '\0';
		tap_ok(r.ok, "store: %s", r.msg);
	}
	close(fds[0]);
	waitpid(pid, &status, 0);
	return status;
}

static void perm_checks(int fd, const char *dir, const char *path)
{
	struct smb3k_store_open o, back;
	struct smb3k_store *s;
	char err[ERRLEN];
	int rc;

	gen_record(5, 5, &o);
	s = open_store(path, 0, &rc, err);
	report(fd, rc == 0 && smb3k_store_put(s, &o) == 0, "perm: create and put (%s)", err);
	smb3k_store_close(s);

	chmod(dir, 0500);
	s = open_store(path, 0, &rc, err);
	report(fd, rc == -EROFS && strstr(err, "directory is not writable"),
	       "perm: read-only directory: -EROFS (%d: %s)", rc, err);
	smb3k_store_close(s);
	chmod(dir, 0700);

	chmod(path, 0400);
	s = open_store(path, 0, &rc, err);
	report(fd, rc == -EROFS && strstr(err, "read-only"),
	       "perm: read-only file: -EROFS (%d: %s)", rc, err);
	smb3k_store_close(s);
	s = open_store(path, SMB3K_STORE_RDONLY, &rc, err);
	rc = rc ? rc : smb3k_store_get(s, 5, &back);
	report(fd, rc == 0 && same_record(&o, &back),
	       "perm: read-only file opened read-only: the record (%d: %s)", rc, err);
	if (!rc)
		smb3k_store_open_free_locks(&back);
	smb3k_store_close(s);

	chmod(path, 0000);
	s = open_store(path, 0, &rc, err);
	report(fd, rc == -EACCES, "perm: unreadable file: -EACCES (%d: %s)", rc, err);
	smb3k_store_close(s);
	s = open_store(path, SMB3K_STORE_RDONLY, &rc, err);
	report(fd, rc == -EACCES, "perm: unreadable file, read-only: -EACCES (%d: %s)", rc, err);
	smb3k_store_close(s);
	chmod(path, 0600);

	chmod(dir, 0000);
	s = open_store(path, 0, &rc, err);
	report(fd, rc == -EACCES && strstr(err, "Permission denied"),
	       "perm: directory without search permission: -EACCES (%d: %s)", rc, err);
	smb3k_store_close(s);
	chmod(dir, 0700);
	smb3k_store_open_free_locks(&o);
}

static void test_permissions(void)
{
	char *dir = spath("perm"), *path = xasprintf("%s/opens.db", dir);
	int fds[2], status;
	pid_t pid;

	mkdir(dir, 0700);
	if (pipe(fds) < 0) {
		tap_ok(false, "store: pipe");
		goto out;
	}
	if (geteuid() == 0) {
		/* root ignores modes: the child runs as nobody */
		chmod(tap_dir(), 0711);
		if (chown(dir, 65534, 65534) < 0)
			tap_diag("chown: %s", strerror(errno));
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		if (geteuid() == 0 && (setgroups(0, NULL) < 0 || setgid(65534) < 0 ||
				       setuid(65534) < 0))
			_exit(2);
		perm_checks(fds[1], dir, path);
		_exit(0);
	}
	status = child_results(fds, pid);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 2)
		tap_ok(true, "# SKIP cannot become nobody (uid 65534) to test permissions");
	else
		tap_ok(WIFEXITED(status) && WEXITSTATUS(status) == 0,
		       "store: the unprivileged child exits 0");
	if (geteuid() == 0) {
		chmod(tap_dir(), 0700);
	}
out:
	free(path);
	free(dir);
}

/* ---- a full disk ---- */

static void enospc_child(int fd, const char *path, rlim_t limit,
			 const struct smb3k_store_open *v1, const struct smb3k_store_open *v2)
{
	struct rlimit rl = { limit, limit };
	struct smb3k_store_open back;
	struct smb3k_store *s;
	char err[ERRLEN];
	int rc;

	signal(SIGXFSZ, SIG_IGN);
	s = open_store(path, 0, &rc, err);
	if (rc) {
		report(fd, false, "enospc: open (%s)", err);
		return;
	}
	rc = smb3k_store_get(s, v1->persistent_id, &back);	/* WAL and shm in place */
	smb3k_store_open_free_locks(&back);
	if (rc || setrlimit(RLIMIT_FSIZE, &rl) < 0) {
		report(fd, false, "enospc: get or setrlimit failed");
		smb3k_store_close(s);
		return;
	}
	rc = smb3k_store_put(s, v2);
	report(fd, rc == -ENOSPC && smb3k_store_error(s)[0],
	       "file size limit %llu: put fails with -ENOSPC (%d: %s)",
	       (unsigned long long)limit, rc, smb3k_store_error(s));
	rc = smb3k_store_get(s, v1->persistent_id, &back);
	report(fd, rc == 0 && same_record(v1, &back),
	       "file size limit %llu: the same handle still reads the old record",
	       (unsigned long long)limit);
	smb3k_store_open_free_locks(&back);
	smb3k_store_close(s);
}

static void test_enospc(void)
{
	static const rlim_t limits[] = { 1, 6000 };
	char *path = spath("full.db");
	struct smb3k_store_open v1, v2, back;
	struct smb3k_store *s;
	size_t i;
	int rc, fds[2];
	pid_t pid;

	gen_record(77, 2, &v1);
	gen_record(77, 17, &v2);	/* 1500 locks: several pages */
	s = open_store(path, 0, &rc, NULL);
	rc = rc ? rc : smb3k_store_put(s, &v1);
	smb3k_store_close(s);
	if (!tap_is_int(rc, 0, "store: the record to keep through a full disk"))
		goto out;
	for (i = 0; i < ARRAY_SIZE(limits); i++) {
		if (pipe(fds) < 0)
			break;
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			enospc_child(fds[1], path, limits[i], &v1, &v2);
			_exit(0);
		}
		child_results(fds, pid);
		s = open_store(path, 0, &rc, NULL);
		tap_ok(rc == 0 && smb3k_store_get(s, 77, &back) == 0 && same_record(&v1, &back) &&
		       count(s) == 1, "store: after the failed put the store opens (quick_check) "
		       "with the old record intact");
		smb3k_store_open_free_locks(&back);
		smb3k_store_close(s);
		tap_ok(integrity_ok(path), "store: ... and passes integrity_check");
	}
out:
	smb3k_store_open_free_locks(&v1);
	smb3k_store_open_free_locks(&v2);
	free(path);
}

/* ---- SIGKILL at random moments ---- */

#define CRASH_IDS	40
#define CRASH_OPS	2000
#define CRASH_ROUNDS	12
#define CRASH_SEED	20241125u

struct crash_op {
	uint64_t id;
	uint32_t version;
	bool remove;
};

static struct crash_op crash_op(unsigned int round, unsigned int j)
{
	uint64_t h = (((uint64_t)round << 32) | j) * 0x9E3779B97F4A7C15ULL;
	struct crash_op op;

	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9ULL;
	h ^= h >> 32;
	op.id = 1 + h % CRASH_IDS;
	op.remove = (h >> 16) % 6 == 0;
	op.version = round * 100000 + j + 1;
	return op;
}

/* Put or remove, acknowledging each change through fd, until killed. */
static void crash_child(int fd, const char *path, unsigned int round)
{
	struct smb3k_store *s;
	unsigned int j;
	uint32_t ack;
	int rc;

	s = open_store(path, 0, &rc, NULL);
	if (rc)
		_exit(1);
	for (j = 0; j < CRASH_OPS; j++) {
		struct crash_op op = crash_op(round, j);

		if (op.remove) {
			rc = smb3k_store_remove(s, op.id);
			if (rc == -ENOENT)
				rc = 0;
		} else {
			struct smb3k_store_open o;

			gen_record(op.id, op.version, &o);
			rc = smb3k_store_put(s, &o);
			smb3k_store_open_free_locks(&o);
		}
		ack = rc ? UINT32_MAX : j;
		if (write(fd, &ack, sizeof(ack)) != sizeof(ack) || rc)
			_exit(1);
	}
	smb3k_store_close(s);
	_exit(0);
}

struct crash_check {
	const uint32_t *state;
	size_t n;
	bool ok;
};

static int crash_cb(const struct smb3k_store_open *o, void *arg)
{
	struct crash_check *c = arg;
	struct smb3k_store_open want;

	c->n++;
	if (o->persistent_id < 1 || o->persistent_id > CRASH_IDS || !c->state[o->persistent_id]) {
		c->ok = false;
		return 0;
	}
	gen_record(o->persistent_id, c->state[o->persistent_id], &want);
	if (!same_record(o, &want))
		c->ok = false;
	smb3k_store_open_free_locks(&want);
	return 0;
}

/* Does the store hold exactly state (id -> version, 0 absent), byte for byte? */
static bool store_is(struct smb3k_store *s, const uint32_t *state)
{
	struct crash_check c = { state, 0, true };
	size_t want = 0, i;

	for (i = 1; i <= CRASH_IDS; i++)
		want += state[i] != 0;
	return smb3k_store_foreach(s, crash_cb, &c) == 0 && c.ok && c.n == want;
}

static void test_crash(void)
{
	uint32_t state[CRASH_IDS + 1] = { 0 }, after_a[CRASH_IDS + 1], after_a1[CRASH_IDS + 1];
	char *path = spath("crash.db"), err[ERRLEN];
	unsigned int seed = CRASH_SEED, round, with_next = 0;
	size_t total = 0;

	for (round = 0; round < CRASH_ROUNDS; round++) {
		unsigned int k = (unsigned int)rand_r(&seed) % 40, acked = 0, j;
		useconds_t delay = (useconds_t)(rand_r(&seed) % 4000);
		struct smb3k_store *s;
		bool sequential = true, a_ok, a1_ok;
		int fds[2], status, rc;
		uint32_t ack;
		pid_t pid;

		if (pipe(fds) < 0)
			break;
		pid = fork();
		if (pid == 0) {
			close(fds[0]);
			crash_child(fds[1], path, round);
		}
		close(fds[1]);
		while (acked < k && read(fds[0], &ack, sizeof(ack)) == sizeof(ack)) {
			sequential &= ack == acked;
			acked++;
		}
		usleep(delay);
		kill(pid, SIGKILL);
		while (read(fds[0], &ack, sizeof(ack)) == sizeof(ack)) {
			sequential &= ack == acked;
			acked++;
		}
		close(fds[0]);
		waitpid(pid, &status, 0);
		total += acked;

		memcpy(after_a, state, sizeof(state));
		for (j = 0; j < acked; j++) {
			struct crash_op op = crash_op(round, j);

			after_a[op.id] = op.remove ? 0 : op.version;
		}
		memcpy(after_a1, after_a, sizeof(state));
		if (acked < CRASH_OPS) {
			struct crash_op op = crash_op(round, acked);

			after_a1[op.id] = op.remove ? 0 : op.version;
		}
		s = open_store(path, 0, &rc, err);
		a_ok = !rc && store_is(s, after_a);
		a1_ok = !rc && !a_ok && store_is(s, after_a1);
		smb3k_store_close(s);
		if (!tap_ok(sequential && !rc && (a_ok || a1_ok) && integrity_ok(path),
			    "store: crash round %u: SIGKILL after %u acknowledged changes; the "
			    "store opens, passes its checks and holds every acknowledged "
			    "change byte for byte%s", round, acked,
			    a1_ok ? " (and the unacknowledged next one)" : ""))
			tap_diag("sequential %d rc %d (%s) status 0x%x", sequential, rc,
				 rc ? err : "", status);
		memcpy(state, a1_ok ? after_a1 : after_a, sizeof(state));
		with_next += a1_ok;
		if (WIFEXITED(status) && WEXITSTATUS(status))
			tap_diag("crash child exited %d before the kill", WEXITSTATUS(status));
	}
	tap_diag("crash: %zu acknowledged changes in %u rounds, %u with the next change "
		 "committed but not acknowledged", total, CRASH_ROUNDS, with_next);
	tap_ok(total > 0, "store: the crash rounds made changes");
	free(path);
}

/* ---- smb3kctl opens ---- */

/* Run argv[0] (a path) with stdout and stderr to files; code 127: no exec. */
static struct tap_run run_prog(const char *const *argv)
{
	return tap_run(NULL, argv);
}

static struct tap_run run_ctl(const char *conf, const char *cmd, const char *arg)
{
	char *bin = xasprintf("%s/smb3kctl", getenv("SMB3K_TEST_BIN"));
	const char *argv[] = { bin, "-c", conf, cmd, arg, NULL };
	struct tap_run r = run_prog(argv);

	free(bin);
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

/* Runs of spaces as one: the text table's columns, whatever their widths. */
static char *squeeze(const char *s)
{
	char *out = xstrdup(s), *w = out;

	for (; *s; s++)
		if (*s != ' ' || (w > out && w[-1] != ' '))
			*w++ = *s;
	*w = '\0';
	return out;
}

static const char json_check[] =
	"import json, sys\n"
	"d = json.load(open(sys.argv[1]))\n"
	"a, b = d\n"
	"assert a['persistent_id'] == '0x000000000000002a', a\n"
	"assert a['share'] == 'vms' and a['path'] == 'dir/disk.vhdx' and a['stream'] == ''\n"
	"assert a['owner'] == 'alice' and a['owner_uid'] == 1000\n"
	"assert a['client_guid'] == '03020100-0504-0706-0809-0a0b0c0d0e0f'\n"
	"assert a['lease']['version'] == 2 and a['lease']['state'] == 'RH'\n"
	"assert a['lease']['key'] == '11111111-1111-1111-1111-111111111111'\n"
	"assert a['timeout_ms'] == 60000 and a['delete_on_close'] is False\n"
	"assert a['locks'] == [{'offset': '18446744073709551614', 'length': '1', "
	"'exclusive': True}, {'offset': '0', 'length': '100', 'exclusive': False}]\n"
	"assert a['volume_id'] == '18446744073709551615'\n"
	"assert a['lock_sequences'][0] == 0x13 and a['lock_sequences'][1] == 255\n"
	"assert a['app_instance_id'] is None and a['app_version'] is None\n"
	"assert b['persistent_id'] == '0x8000000000000001' and b['lease'] is None\n"
	"assert b['caching'] == 'batch' and b['stream'] == 'ads\\x01'\n"
	"assert b['delete_on_close'] is True and b['locks'] == []\n"
	"assert b['updated'].startswith('20') and b['updated'].endswith('Z')\n";

static void cli_records(struct smb3k_store_open *a, struct smb3k_store_open *b,
			struct smb3k_store_lock locks[2])
{
	size_t i;

	smb3k_store_open_init(a);
	a->persistent_id = 0x2a;
	strcpy(a->share, "vms");
	strcpy(a->path, "dir/disk.vhdx");
	strcpy(a->owner, "alice");
	a->owner_uid = 1000;
	for (i = 0; i < 16; i++)
		a->client_guid[i] = (uint8_t)i;
	a->volume_id = UINT64_MAX;
	a->oplock_level = SMB3K_STORE_OPLOCK_LEASE;
	a->lease_version = 2;
	memset(a->lease_key, 0x11, 16);
	a->lease_state = SMB3K_STORE_LEASE_READ | SMB3K_STORE_LEASE_HANDLE;
	a->timeout_ms = 60000;
	a->lock_sequences[0] = 0x13;
	locks[0] = (struct smb3k_store_lock){ UINT64_MAX - 1, 1, SMB3K_STORE_LOCK_EXCLUSIVE };
	locks[1] = (struct smb3k_store_lock){ 0, 100, SMB3K_STORE_LOCK_SHARED };
	a->n_locks = 2;
	a->locks = locks;

	smb3k_store_open_init(b);
	b->persistent_id = 0x8000000000000001ULL;
	strcpy(b->share, "data");
	strcpy(b->path, "file.txt");
	strcpy(b->stream, "ads\x01");
	b->oplock_level = SMB3K_STORE_OPLOCK_BATCH;
	b->delete_on_close = 1;
}

static void test_cli_opens(void)
{
	char *dir = spath("cli"), *store = xasprintf("%s/opens.db", dir), *text, *conf, *conf2;
	char *bad = spath("cli-bad.db"), *want, *out;
	struct smb3k_store_open a, b;
	struct smb3k_store_lock locks[2];
	struct smb3k_store *s;
	struct tap_run r;
	int rc;

	if (!getenv("SMB3K_TEST_BIN")) {
		tap_ok(true, "# SKIP SMB3K_TEST_BIN not set (run 'make test')");
		goto out;
	}
	text = xasprintf("[global]\npersistent store = %s\n", store);
	conf = xstrdup(tap_write("store-cli.conf", text));
	free(text);
	text = xasprintf("[global]\npersistent store = %s\n", bad);
	conf2 = xstrdup(tap_write("store-cli2.conf", text));
	free(text);

	r = run_ctl(conf, "opens", NULL);
	tap_ok(r.code == 0 && !strcmp(r.out, "") && !strcmp(r.err, ""),
	       "cli: opens without a store file: no persistent opens, exit 0");
	done(&r);
	r = run_ctl(conf, "opens", "--json");
	tap_ok(r.code == 0 && !strcmp(r.out, "[]\n") && clean(&r), "cli: opens --json: []");
	done(&r);
	tap_ok(access(store, F_OK) < 0, "cli: ... and nothing was created");

	cli_records(&a, &b, locks);
	s = open_store(store, 0, &rc, NULL);	/* kept open: as if smb3kd ran */
	tap_ok(rc == 0 && smb3k_store_put(s, &b) == 0 && smb3k_store_put(s, &a) == 0,
	       "cli: two records in the configured store");
	r = run_ctl(conf, "opens", NULL);
	out = squeeze(r.out);
	tap_is_int(r.code, 0, "cli: opens exits 0 while a writer has the store open");
	tap_is_str(out, "PERSISTENT-ID SHARE OWNER CLIENT-GUID CACHING TIMEOUT LOCKS DOC PATH\n"
		   "0x000000000000002a vms alice 03020100-0504-0706-0809-0a0b0c0d0e0f "
		   "lease2:RH:11111111-1111-1111-1111-111111111111 60000ms 2 no dir/disk.vhdx\n"
		   "0x8000000000000001 data - 00000000-0000-0000-0000-000000000000 batch 0ms 0 "
		   "yes file.txt:ads\\x01\n", "cli: opens prints one line per open, in id order");
	free(out);
	done(&r);

	r = run_ctl(conf, "opens", "--json");
	tap_ok(r.code == 0 && clean(&r) && r.out[0] == '[' &&
	       strstr(r.out, "\"persistent_id\": \"0x000000000000002a\"") &&
	       strstr(r.out, "\"stream\": \"ads\\u0001\""), "cli: opens --json");
	text = xasprintf("%s/store-cli.json", tap_dir());
	atomic_write_file(text, r.out, strlen(r.out), 0600, true);
	done(&r);
	{
		const char *argv[] = { "python3", "-c", json_check, text, NULL };

		r = run_prog(argv);
		if (r.code == 127)
			tap_ok(true, "# SKIP python3 not found to parse the JSON");
		else if (!tap_is_int(r.code, 0, "cli: the JSON parses and holds every field"))
			tap_diag("%s", r.err);
		done(&r);
	}
	free(text);
	smb3k_store_close(s);

	write_bytes(bad, "garbage garbage garbage\n", 24);
	r = run_ctl(conf2, "opens", NULL);
	want = xasprintf("smb3kctl: %s: not an SQLite database\n", bad);
	tap_ok(r.code == 1 && !strcmp(r.out, ""), "cli: opens on a corrupt store exits 1");
	tap_is_str(r.err, want, "cli: ... naming the file and the reason");
	free(want);
	done(&r);

	r = run_ctl(conf, "opens", "--yaml");
	tap_ok(r.code == 1 && strstr(r.err, "usage:"), "cli: opens with a bad option: usage, exit 1");
	done(&r);

	text = xstrdup(tap_write("store-cli3.conf", "[global]\npersistent store engine = etcd\n"));
	r = run_ctl(text, "opens", NULL);
	want = xasprintf("%s:2: invalid value 'etcd' for 'persistent store engine': expected "
			 "sqlite\n", text);
	tap_ok(r.code == 1 && !strcmp(r.err, want), "cli: an unknown engine is a config error");
	free(want);
	done(&r);
	free(text);
	free(conf);
	free(conf2);
out:
	free(bad);
	free(store);
	free(dir);
}

void test_store(void)
{
	test_round_trip();
	test_replace_remove();
	test_foreach();
	test_put_validation();
	test_load_validation();
	test_corrupt_files();
	test_refused_paths();
	test_readonly();
	test_permissions();
	test_enospc();
	test_crash();
	test_cli_opens();
}
