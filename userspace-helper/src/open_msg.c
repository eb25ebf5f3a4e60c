// SPDX-License-Identifier: GPL-2.0
/*
 * The nested SMB3K_A_OPEN <-> struct smb3k_store_open. One table says,
 * for every attribute, which record field it is and when it is present;
 * parsing and building both follow it. Integers travel in host order at
 * the width of their record field, which is the width the ABI header gives.
 */
#include "open_msg.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

enum field_kind {
	F_FIXED,	/* integer or GUID: exactly the field's size */
	F_STRING,	/* NUL-terminated, at most the field's size with the NUL */
	F_LOCKS,	/* struct smb3k_open_lock[] */
};

enum field_need {
	NEED_ALWAYS,
	NEED_OPTIONAL,
	NEED_LEASE,	/* required with a lease, refused without */
	NEED_LEASE_OPT,	/* optional with a lease, refused without */
};

struct open_field {
	const char *name;
	enum field_kind kind;
	enum field_need need;
	size_t offset, size;
};

#define FIELD(attr, kind, need, member)						\
	[SMB3K_OPEN_A_##attr] = { #attr, kind, need,				\
				  offsetof(struct smb3k_store_open, member),	\
				  sizeof(((struct smb3k_store_open *)0)->member) }

static const struct open_field fields[SMB3K_OPEN_A_MAX + 1] = {
	FIELD(PERSISTENT_ID, F_FIXED, NEED_ALWAYS, persistent_id),
	FIELD(CREATE_GUID, F_FIXED, NEED_ALWAYS, create_guid),
	FIELD(CLIENT_GUID, F_FIXED, NEED_ALWAYS, client_guid),
	FIELD(SHARE, F_STRING, NEED_ALWAYS, share),
	FIELD(PATH, F_STRING, NEED_ALWAYS, path),
	FIELD(STREAM, F_STRING, NEED_OPTIONAL, stream),
	FIELD(OWNER, F_STRING, NEED_ALWAYS, owner),
	FIELD(OWNER_UID, F_FIXED, NEED_ALWAYS, owner_uid),
	FIELD(OWNER_GID, F_FIXED, NEED_ALWAYS, owner_gid),
	FIELD(VOLUME_ID, F_FIXED, NEED_ALWAYS, volume_id),
	FIELD(FILE_INDEX, F_FIXED, NEED_ALWAYS, file_index),
	FIELD(ACCESS, F_FIXED, NEED_ALWAYS, desired_access),
	FIELD(SHARE_ACCESS, F_FIXED, NEED_ALWAYS, share_access),
	FIELD(CREATE_OPTIONS, F_FIXED, NEED_ALWAYS, create_options),
	FIELD(FILE_ATTRIBUTES, F_FIXED, NEED_ALWAYS, file_attributes),
	FIELD(OPLOCK_LEVEL, F_FIXED, NEED_ALWAYS, oplock_level),
	FIELD(LEASE_VERSION, F_FIXED, NEED_LEASE, lease_version),
	FIELD(LEASE_KEY, F_FIXED, NEED_LEASE, lease_key),
	FIELD(PARENT_LEASE_KEY, F_FIXED, NEED_LEASE_OPT, parent_lease_key),
	FIELD(LEASE_STATE, F_FIXED, NEED_LEASE, lease_state),
	FIELD(LEASE_FLAGS, F_FIXED, NEED_LEASE_OPT, lease_flags),
	FIELD(LEASE_EPOCH, F_FIXED, NEED_LEASE_OPT, lease_epoch),
	FIELD(APP_INSTANCE_ID, F_FIXED, NEED_OPTIONAL, app_instance_id),
	FIELD(APP_VERSION_HIGH, F_FIXED, NEED_OPTIONAL, app_version_high),
	FIELD(APP_VERSION_LOW, F_FIXED, NEED_OPTIONAL, app_version_low),
	FIELD(TIMEOUT_MS, F_FIXED, NEED_ALWAYS, timeout_ms),
	FIELD(CHANNEL_SEQUENCE, F_FIXED, NEED_ALWAYS, channel_sequence),
	FIELD(LOCK_SEQUENCES, F_FIXED, NEED_ALWAYS, lock_sequences),
	FIELD(DELETE_ON_CLOSE, F_FIXED, NEED_ALWAYS, delete_on_close),
	[SMB3K_OPEN_A_LOCKS] = { "LOCKS", F_LOCKS, NEED_OPTIONAL, 0, 0 },
};

_Static_assert(sizeof(struct smb3k_open_lock) == 24, "struct smb3k_open_lock is 24 bytes");
_Static_assert(SMB3K_OPEN_LOCK_SEQS == SMB3K_STORE_LOCK_SEQ, "one LockSequenceArray size");
_Static_assert(SMB3K_OPEN_LOCKS_MAX <= SMB3K_STORE_MAX_LOCKS, "the store holds every lock");
/*
 * A netlink attribute's length is 16 bits: the largest OPEN (every string
 * full, the most locks, each other attribute at most 16 bytes with a PAD
 * before it) fits one.
 */
_Static_assert(SMB3K_OPEN_LOCKS_MAX * sizeof(struct smb3k_open_lock) + SMB3K_STORE_SHARE_SIZE +
	       SMB3K_STORE_PATH_SIZE + SMB3K_STORE_STREAM_SIZE + SMB3K_STORE_OWNER_SIZE +
	       (SMB3K_OPEN_A_MAX + 1) * (2 * NLA_HDRLEN + 16 + 8) < 0xFFFF,
	       "the largest OPEN fits a netlink attribute");

static bool is_lease(const struct smb3k_store_open *o)
{
	return o->oplock_level == SMB3K_STORE_OPLOCK_LEASE;
}

/* ---- parsing ---- */

static int parse_locks(const struct nlattr *a, struct smb3k_store_open *o,
		       char *why, size_t whylen)
{
	size_t len = (size_t)nla_len(a), n = len / sizeof(struct smb3k_open_lock), i;
	const uint8_t *p = nla_data(a);

	if (len % sizeof(struct smb3k_open_lock))
		return refuse_why(why, whylen, "LOCKS has %zu bytes, not a whole number of "
				  "%zu-byte locks", len, sizeof(struct smb3k_open_lock));
	if (n > SMB3K_OPEN_LOCKS_MAX)
		return refuse_why(why, whylen, "LOCKS has %zu locks, more than %u", n,
				  SMB3K_OPEN_LOCKS_MAX);
	if (!n)
		return 0;
	o->locks = xcalloc(n, sizeof(*o->locks));
	o->n_locks = (uint32_t)n;
	for (i = 0; i < n; i++) {
		struct smb3k_open_lock l;

		memcpy(&l, p + i * sizeof(l), sizeof(l));
		if (l.flags == SMB3K_OPEN_LOCK_SHARED)
			o->locks[i].flags = SMB3K_STORE_LOCK_SHARED;
		else if (l.flags == SMB3K_OPEN_LOCK_EXCLUSIVE)
			o->locks[i].flags = SMB3K_STORE_LOCK_EXCLUSIVE;
		else
			return refuse_why(why, whylen, "lock %zu: flags 0x%x are neither shared "
					  "nor exclusive", i, l.flags);
		if (l.reserved)
			return refuse_why(why, whylen, "lock %zu: reserved is 0x%x, not 0", i,
					  l.reserved);
		o->locks[i].offset = l.offset;
		o->locks[i].length = l.length;
	}
	return 0;
}

static int parse_field(const struct open_field *f, const struct nlattr *a,
		       struct smb3k_store_open *o, char *why, size_t whylen)
{
	size_t len = (size_t)nla_len(a);
	const char *data = nla_data(a);

	switch (f->kind) {
	case F_FIXED:
		if (len != f->size)
			return refuse_why(why, whylen, "%s has %zu bytes, not %zu", f->name, len,
					  f->size);
		break;
	case F_STRING:
		if (!len || data[len - 1] != '\0')
			return refuse_why(why, whylen, "%s is not NUL-terminated", f->name);
		if (strlen(data) != len - 1)
			return refuse_why(why, whylen, "%s has a NUL inside", f->name);
		if (len > f->size)
			return refuse_why(why, whylen, "%s has %zu bytes, more than %zu", f->name,
					  len - 1, f->size - 1);
		break;
	case F_LOCKS:
		return parse_locks(a, o, why, whylen);
	}
	memcpy((char *)o + f->offset, data, len);
	return 0;
}

/* Which attributes must, may or must not be there. */
static int check_presence(const struct nlattr *const *seen, struct smb3k_store_open *o,
			  char *why, size_t whylen)
{
	bool lease = is_lease(o);
	int t;

	for (t = 1; t <= SMB3K_OPEN_A_MAX; t++) {
		const struct open_field *f = &fields[t];

		if (!f->name)
			continue;
		if (!seen[t] && (f->need == NEED_ALWAYS || (f->need == NEED_LEASE && lease)))
			return refuse_why(why, whylen, "no %s", f->name);
		if (seen[t] && !lease && (f->need == NEED_LEASE || f->need == NEED_LEASE_OPT))
			return refuse_why(why, whylen, "%s without a lease (OPLOCK_LEVEL 0x%02x)",
					  f->name, o->oplock_level);
	}
	if (!seen[SMB3K_OPEN_A_APP_VERSION_HIGH] != !seen[SMB3K_OPEN_A_APP_VERSION_LOW])
		return refuse_why(why, whylen, "APP_VERSION_HIGH and APP_VERSION_LOW go together");
	o->has_app_instance = seen[SMB3K_OPEN_A_APP_INSTANCE_ID] != NULL;
	o->has_app_version = seen[SMB3K_OPEN_A_APP_VERSION_HIGH] != NULL;
	return 0;
}

static int parse_all(const struct nlattr *nest, struct smb3k_store_open *o,
		     char *why, size_t whylen)
{
	const struct nlattr *seen[SMB3K_OPEN_A_MAX + 1] = { 0 };
	const struct nlattr *a;
	int rem, rc;

	nla_for_each_nested(a, nest, rem) {
		int t = nla_type(a);

		if (t == SMB3K_OPEN_A_PAD)
			continue;
		if (t <= 0 || t > SMB3K_OPEN_A_MAX || !fields[t].name)
			return refuse_why(why, whylen, "unknown attribute %d", t);
		if (seen[t])
			return refuse_why(why, whylen, "%s appears twice", fields[t].name);
		seen[t] = a;
		rc = parse_field(&fields[t], a, o, why, whylen);
		if (rc)
			return rc;
	}
	if (rem > 0)
		return refuse_why(why, whylen, "%d bytes after the last attribute", rem);
	rc = check_presence(seen, o, why, whylen);
	if (rc)
		return rc;
	if (o->persistent_id > OPEN_MSG_ID_MAX)
		return refuse_why(why, whylen, "PERSISTENT_ID 0x%llx is past 2^32-2",
				  (unsigned long long)o->persistent_id);
	return smb3k_store_check(o, false, why, whylen);
}

int open_msg_parse(const struct nlattr *nest, struct smb3k_store_open *o,
		   char *why, size_t whylen)
{
	int rc;

	smb3k_store_open_init(o);
	if (whylen)
		why[0] = '\0';
	rc = parse_all(nest, o, why, whylen);
	if (rc)
		smb3k_store_open_free_locks(o);
	return rc;
}

/* ---- building ---- */

static bool field_present(const struct smb3k_store_open *o, int t)
{
	const struct open_field *f = &fields[t];

	if (f->need == NEED_LEASE || f->need == NEED_LEASE_OPT) {
		if (t == SMB3K_OPEN_A_PARENT_LEASE_KEY)
			return is_lease(o) &&
			       (o->lease_flags & SMB3K_STORE_LEASE_FLAG_PARENT_KEY_SET);
		return is_lease(o);
	}
	switch (t) {
	case SMB3K_OPEN_A_STREAM:
		return o->stream[0] != '\0';
	case SMB3K_OPEN_A_APP_INSTANCE_ID:
		return o->has_app_instance;
	case SMB3K_OPEN_A_APP_VERSION_HIGH:
	case SMB3K_OPEN_A_APP_VERSION_LOW:
		return o->has_app_version;
	case SMB3K_OPEN_A_LOCKS:
		return o->n_locks != 0;
	}
	return true;
}

static int put_locks(struct nl_msg *msg, const struct smb3k_store_open *o)
{
	struct smb3k_open_lock *l;
	uint32_t i;
	int rc;

	if (o->n_locks > SMB3K_OPEN_LOCKS_MAX)
		return -EMSGSIZE;
	l = xcalloc(o->n_locks, sizeof(*l));
	for (i = 0; i < o->n_locks; i++) {
		l[i].offset = o->locks[i].offset;
		l[i].length = o->locks[i].length;
		l[i].flags = o->locks[i].flags == SMB3K_STORE_LOCK_SHARED ?
			     SMB3K_OPEN_LOCK_SHARED : SMB3K_OPEN_LOCK_EXCLUSIVE;
	}
	rc = nla_put(msg, SMB3K_OPEN_A_LOCKS, (int)(o->n_locks * sizeof(*l)), l);
	free(l);
	return rc;
}

static int put_field(struct nl_msg *msg, const struct smb3k_store_open *o, int t)
{
	const struct open_field *f = &fields[t];
	const char *p = (const char *)o + f->offset;

	switch (f->kind) {
	case F_FIXED:
		return nla_put(msg, t, (int)f->size, p);
	case F_STRING:
		return nla_put(msg, t, (int)strnlen(p, f->size - 1) + 1, p);
	case F_LOCKS:
		return put_locks(msg, o);
	}
	return -EINVAL;
}

int open_msg_put(struct nl_msg *msg, const struct smb3k_store_open *o)
{
	/* NLA_F_NESTED: the kernel's strict validation requires it */
	struct nlattr *nest = nla_nest_start(msg, SMB3K_A_OPEN | NLA_F_NESTED);
	int t;

	if (!nest)
		return -EMSGSIZE;
	for (t = 1; t <= SMB3K_OPEN_A_MAX; t++) {
		if (!fields[t].name || !field_present(o, t))
			continue;
		if (put_field(msg, o, t)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	/* more than 64 KiB in all: libnl refuses and takes the nest out */
	return nla_nest_end(msg, nest) ? -EMSGSIZE : 0;
}

int smb3k_msg_open_restore(struct nl_msg *msg, const struct smb3k_store_open *o,
			   const char *share_path, uint32_t share_options)
{
	if (open_msg_put(msg, o) || nla_put_string(msg, SMB3K_A_SHARE_PATH, share_path) ||
	    nla_put_u32(msg, SMB3K_A_SHARE_OPTIONS, share_options))
		return -EMSGSIZE;
	return 0;
}
