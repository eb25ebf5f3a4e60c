// SPDX-License-Identifier: GPL-2.0
/*
 * The persistent-handle store's engine-independent half: engine lookup,
 * record validation on the way in and out, error messages.
 */
#include "store_engine.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "utf16.h"

#define STORE_ERR_MAX 1024

struct smb3k_store {
	const struct smb3k_store_ops *ops;
	void *priv;
	char *location;
	int flags;
	bool walking;			/* inside foreach */
	char err[STORE_ERR_MAX];
};

static const struct smb3k_store_ops *const engines[] = {
	&smb3k_store_sqlite_ops,
};

const char *smb3k_store_engine_name(const char *name)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(engines); i++)
		if (!strcasecmp(engines[i]->name, name))
			return engines[i]->name;
	return NULL;
}

const char *smb3k_store_engine_list(void)
{
	/* one engine for now; join the names here when there are more */
	return engines[0]->name;
}

void *smb3k_store_priv(struct smb3k_store *s)
{
	return s->priv;
}

void smb3k_store_set_priv(struct smb3k_store *s, void *priv)
{
	s->priv = priv;
}

const char *smb3k_store_location(const struct smb3k_store *s)
{
	return s->location;
}

int smb3k_store_fail(struct smb3k_store *s, int err, const char *fmt, ...)
{
	int n = snprintf(s->err, sizeof(s->err), "%s: ", s->location);
	va_list ap;

	if (n < 0 || (size_t)n >= sizeof(s->err))
		n = 0;
	va_start(ap, fmt);
	vsnprintf(s->err + n, sizeof(s->err) - (size_t)n, fmt, ap);
	va_end(ap);
	return err;
}

const char *smb3k_store_error(const struct smb3k_store *s)
{
	return s ? s->err : "";
}

void smb3k_store_open_init(struct smb3k_store_open *o)
{
	memset(o, 0, sizeof(*o));
	memset(o->lock_sequences, SMB3K_STORE_LOCK_SEQ_INVALID, sizeof(o->lock_sequences));
}

void smb3k_store_open_free_locks(struct smb3k_store_open *o)
{
	free(o->locks);
	o->locks = NULL;
	o->n_locks = 0;
}

void smb3k_store_guid_str(const uint8_t g[16], char out[37])
{
	snprintf(out, 37, "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x", g[3], g[2], g[1], g[0], g[5], g[4], g[7], g[6],
		 g[8], g[9], g[10], g[11], g[12], g[13], g[14], g[15]);
}

/* ---- validation ---- */

enum text_kind { TEXT_SHARE, TEXT_PATH, TEXT_STREAM, TEXT_OWNER };

static const char share_bad_chars[] = "\"/\\[]:|<>+=;,*?";
static const char path_bad_chars[] = "\\\":*<>?|";
static const char stream_bad_chars[] = "/\\:";

/* What is wrong with text (a field of size bytes), or NULL. */
static const char *text_problem(const char *text, size_t size, enum text_kind kind)
{
	const unsigned char *p = (const unsigned char *)text;
	const char *end = memchr(text, '\0', size);
	size_t len;

	if (!end)
		return "is not NUL-terminated";
	len = (size_t)(end - text);
	while (len) {
		uint32_t cp;
		size_t n = utf8_decode(p, len, &cp);

		if (!n)
			return "is not valid UTF-8";
		if ((cp < 0x20 || cp == 0x7f) && kind != TEXT_STREAM)
			return "has a control character";
		if (cp < 0x80 && cp &&
		    ((kind == TEXT_SHARE && strchr(share_bad_chars, (int)cp)) ||
		     (kind == TEXT_PATH && strchr(path_bad_chars, (int)cp)) ||
		     (kind == TEXT_STREAM && strchr(stream_bad_chars, (int)cp))))
			return "has a character not allowed there";
		p += n;
		len -= n;
	}
	if (kind == TEXT_SHARE && !*text)
		return "is empty";
	return NULL;
}

/* A path's components: not empty, not "." or "..". */
static const char *path_problem(const char *path)
{
	const char *c = path, *slash;

	if (!*path)
		return NULL;	/* the share root */
	for (;;) {
		size_t n;

		slash = strchr(c, '/');
		n = slash ? (size_t)(slash - c) : strlen(c);
		if (n == 0)
			return *path == '/' ? "is absolute (starts with '/')" :
				"has an empty component ('//' or a trailing '/')";
		if (n == 2 && !strncmp(c, "..", 2))
			return "has a '..' component";
		if (n == 1 && c[0] == '.')
			return "has a '.' component";
		if (!slash)
			return NULL;
		c = slash + 1;
	}
}

static bool all_zero(const void *p, size_t len)
{
	const uint8_t *b = p;
	size_t i;

	for (i = 0; i < len; i++)
		if (b[i])
			return false;
	return true;
}

static int check_lease(const struct smb3k_store_open *o, char *why, size_t whylen)
{
	const uint32_t state_bits = SMB3K_STORE_LEASE_READ | SMB3K_STORE_LEASE_HANDLE |
				    SMB3K_STORE_LEASE_WRITE;
	uint32_t flag_bits = SMB3K_STORE_LEASE_FLAG_BREAK_IN_PROGRESS;

	switch (o->oplock_level) {
	case SMB3K_STORE_OPLOCK_NONE:
	case SMB3K_STORE_OPLOCK_II:
	case SMB3K_STORE_OPLOCK_EXCLUSIVE:
	case SMB3K_STORE_OPLOCK_BATCH:
	case SMB3K_STORE_OPLOCK_LEASE:
		break;
	default:
		return refuse_why(why, whylen, "oplock_level 0x%02x is not a known level",
				  o->oplock_level);
	}
	if (o->lease_version > 2)
		return refuse_why(why, whylen, "lease_version %u is not 0, 1 or 2",
				  o->lease_version);
	if ((o->oplock_level == SMB3K_STORE_OPLOCK_LEASE) != (o->lease_version != 0))
		return refuse_why(why, whylen,
				  "oplock_level 0x%02x does not match lease_version %u",
				  o->oplock_level, o->lease_version);
	if (!o->lease_version) {
		if (!all_zero(o->lease_key, 16) || !all_zero(o->parent_lease_key, 16) ||
		    o->lease_state || o->lease_flags || o->lease_epoch)
			return refuse_why(why, whylen, "lease fields set without a lease");
		return 0;
	}
	if (o->lease_state & ~state_bits)
		return refuse_why(why, whylen, "lease_state 0x%x has bits other than R/H/W",
				  o->lease_state);
	if (o->lease_version == 2)
		flag_bits |= SMB3K_STORE_LEASE_FLAG_PARENT_KEY_SET;
	if (o->lease_flags & ~flag_bits)
		return refuse_why(why, whylen, "lease_flags 0x%x not valid for a v%u lease",
				  o->lease_flags, o->lease_version);
	if (!(o->lease_flags & SMB3K_STORE_LEASE_FLAG_PARENT_KEY_SET) &&
	    !all_zero(o->parent_lease_key, 16))
		return refuse_why(why, whylen, "parent_lease_key set without PARENT_KEY_SET");
	return 0;
}

static int check_locks(const struct smb3k_store_open *o, char *why, size_t whylen)
{
	uint32_t i;

	for (i = 0; i < SMB3K_STORE_LOCK_SEQ; i++) {
		uint8_t v = o->lock_sequences[i];

		if (v != SMB3K_STORE_LOCK_SEQ_INVALID && (v & ~0x0Fu) != SMB3K_STORE_LOCK_SEQ_VALID)
			return refuse_why(why, whylen, "lock_sequences[%u] = 0x%02x is neither "
					  "0xFF nor 0x10-0x1F", i, v);
	}
	if (o->n_locks > SMB3K_STORE_MAX_LOCKS)
		return refuse_why(why, whylen, "n_locks %u is above %u", o->n_locks,
				  SMB3K_STORE_MAX_LOCKS);
	if (o->n_locks && !o->locks)
		return refuse_why(why, whylen, "n_locks %u without locks", o->n_locks);
	for (i = 0; i < o->n_locks; i++) {
		const struct smb3k_store_lock *l = &o->locks[i];

		if (l->flags != SMB3K_STORE_LOCK_SHARED && l->flags != SMB3K_STORE_LOCK_EXCLUSIVE)
			return refuse_why(why, whylen, "lock %u: flags 0x%x are neither shared nor "
					  "exclusive", i, l->flags);
		if (l->length && l->offset + (l->length - 1) < l->offset)
			return refuse_why(why, whylen,
					  "lock %u: range 0x%llx+0x%llx ends past 2^64", i,
					  (unsigned long long)l->offset,
					  (unsigned long long)l->length);
	}
	return 0;
}

int smb3k_store_check(const struct smb3k_store_open *o, bool check_time,
		      char *why, size_t whylen)
{
	static const struct {
		const char *name;
		size_t offset, size;
		enum text_kind kind;
	} texts[] = {
		{ "share", offsetof(struct smb3k_store_open, share), SMB3K_STORE_SHARE_SIZE,
		  TEXT_SHARE },
		{ "path", offsetof(struct smb3k_store_open, path), SMB3K_STORE_PATH_SIZE,
		  TEXT_PATH },
		{ "stream", offsetof(struct smb3k_store_open, stream), SMB3K_STORE_STREAM_SIZE,
		  TEXT_STREAM },
		{ "owner", offsetof(struct smb3k_store_open, owner), SMB3K_STORE_OWNER_SIZE,
		  TEXT_OWNER },
	};
	const char *problem;
	size_t i;
	int rc;

	if (o->persistent_id == 0 || o->persistent_id == UINT64_MAX)
		return refuse_why(why, whylen, "persistent_id 0x%llx is reserved",
				  (unsigned long long)o->persistent_id);
	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		problem = text_problem((const char *)o + texts[i].offset, texts[i].size,
				       texts[i].kind);
		if (problem)
			return refuse_why(why, whylen, "%s %s", texts[i].name, problem);
	}
	problem = path_problem(o->path);
	if (problem)
		return refuse_why(why, whylen, "path %s", problem);
	if (o->share_access & ~0x7u)
		return refuse_why(why, whylen, "share_access 0x%x has bits other than "
				  "read/write/delete", o->share_access);
	rc = check_lease(o, why, whylen);
	if (rc)
		return rc;
	if (o->has_app_instance > 1 || o->has_app_version > 1 || o->delete_on_close > 1)
		return refuse_why(why, whylen, "has_app_instance, has_app_version and "
				  "delete_on_close must be 0 or 1");
	if (!o->has_app_instance && !all_zero(o->app_instance_id, 16))
		return refuse_why(why, whylen, "app_instance_id set without has_app_instance");
	if (!o->has_app_version && (o->app_version_high || o->app_version_low))
		return refuse_why(why, whylen, "app_version set without has_app_version");
	rc = check_locks(o, why, whylen);
	if (rc)
		return rc;
	if (check_time && o->updated_ns < 0)
		return refuse_why(why, whylen, "updated_ns %lld is negative",
				  (long long)o->updated_ns);
	return 0;
}

/* ---- the calls ---- */

int smb3k_store_open(const char *engine, const char *location, int flags,
		     struct smb3k_store **out, char *err, size_t errlen)
{
	const struct smb3k_store_ops *ops = NULL;
	struct smb3k_store *s;
	size_t i;
	int rc;

	*out = NULL;
	if (errlen)
		err[0] = '\0';
	if (!engine)
		engine = SMB3K_STORE_DEFAULT_ENGINE;
	for (i = 0; i < ARRAY_SIZE(engines); i++)
		if (!strcasecmp(engines[i]->name, engine))
			ops = engines[i];
	if (!ops) {
		snprintf(err, errlen, "%s: unknown persistent store engine '%s' (known: %s)",
			 location ? location : "(none)", engine, smb3k_store_engine_list());
		return -EINVAL;
	}
	if (!location || !*location || (flags & ~SMB3K_STORE_RDONLY)) {
		snprintf(err, errlen, "%s: invalid store location or flags",
			 location ? location : "(none)");
		return -EINVAL;
	}
	s = xcalloc(1, sizeof(*s));
	s->ops = ops;
	s->flags = flags;
	s->location = xstrdup(location);
	rc = ops->open(s, location, flags);
	if (rc) {
		snprintf(err, errlen, "%s", s->err[0] ? s->err : strerror(-rc));
		ops->close(s);
		free(s->location);
		free(s);
		return rc;
	}
	*out = s;
	return 0;
}

void smb3k_store_close(struct smb3k_store *s)
{
	if (!s)
		return;
	s->ops->close(s);
	free(s->location);
	free(s);
}

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

/* The checks every write makes. */
static int may_write(struct smb3k_store *s)
{
	if (s->flags & SMB3K_STORE_RDONLY)
		return smb3k_store_fail(s, -EROFS, "opened read-only");
	if (s->walking)
		return smb3k_store_fail(s, -EBUSY, "cannot write from a foreach callback");
	return 0;
}

int smb3k_store_put(struct smb3k_store *s, const struct smb3k_store_open *o)
{
	char why[256];
	int rc;

	s->err[0] = '\0';
	rc = may_write(s);
	if (rc)
		return rc;
	if (smb3k_store_check(o, false, why, sizeof(why)))
		return smb3k_store_fail(s, -EINVAL, "record 0x%016llx refused: %s",
					(unsigned long long)o->persistent_id, why);
	return s->ops->put(s, o, now_ns());
}

int smb3k_store_remove(struct smb3k_store *s, uint64_t persistent_id)
{
	int rc;

	s->err[0] = '\0';
	rc = may_write(s);
	if (rc)
		return rc;
	rc = s->ops->remove(s, persistent_id);
	if (rc == -ENOENT && !s->err[0])
		smb3k_store_fail(s, rc, "no record 0x%016llx", (unsigned long long)persistent_id);
	return rc;
}

/* A record read back: valid, and the one asked for. */
static int check_loaded(struct smb3k_store *s, const struct smb3k_store_open *o,
			uint64_t want_id)
{
	char why[256];

	if (smb3k_store_check(o, true, why, sizeof(why)))
		return smb3k_store_fail(s, -EBADMSG, "stored record 0x%016llx is invalid: %s",
					(unsigned long long)o->persistent_id, why);
	if (want_id && o->persistent_id != want_id)
		return smb3k_store_fail(s, -EBADMSG, "asked for record 0x%016llx, read 0x%016llx",
					(unsigned long long)want_id,
					(unsigned long long)o->persistent_id);
	return 0;
}

int smb3k_store_get(struct smb3k_store *s, uint64_t persistent_id,
		    struct smb3k_store_open *o)
{
	int rc;

	s->err[0] = '\0';
	memset(o, 0, sizeof(*o));
	rc = s->ops->get(s, persistent_id, o);
	if (!rc)
		rc = check_loaded(s, o, persistent_id);
	if (rc == -ENOENT && !s->err[0])
		smb3k_store_fail(s, rc, "no record 0x%016llx", (unsigned long long)persistent_id);
	if (rc) {
		free(o->locks);
		memset(o, 0, sizeof(*o));
	}
	return rc;
}

struct walk {
	struct smb3k_store *s;
	int (*cb)(const struct smb3k_store_open *o, void *arg);
	void *arg;
};

static int walk_one(const struct smb3k_store_open *o, void *arg)
{
	struct walk *w = arg;
	int rc = check_loaded(w->s, o, 0);

	return rc ? rc : w->cb(o, w->arg);
}

int smb3k_store_foreach(struct smb3k_store *s,
			int (*cb)(const struct smb3k_store_open *o, void *arg), void *arg)
{
	struct walk w = { s, cb, arg };
	int rc;

	s->err[0] = '\0';
	if (s->walking)
		return smb3k_store_fail(s, -EBUSY, "foreach inside foreach");
	s->walking = true;
	rc = s->ops->foreach(s, walk_one, &w);
	s->walking = false;
	return rc;
}
