// SPDX-License-Identifier: GPL-2.0
/*
 * smb3kd's persistent handles: the nested OPEN both ways, every malformed
 * attribute, OPEN_SAVE and OPEN_REMOVE upcalls against a real store, store
 * errors as NT statuses, the restore walk's decisions (with a fake sender,
 * no kernel), a corrupt store stopping the start, and the module coming
 * back (nl.c).
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/smb3k.h>
#include <netlink/genl/genl.h>

#include "config.h"
#include "nl.h"
#include "nl_msgs.h"
#include "ntstatus.h"
#include "open_msg.h"
#include "persist.h"
#include "tap.h"
#include "test_store.h"
#include "tree_connect.h"
#include "upcall.h"

#define FAMILY 0x1d
#define MAX_ATTRS 48

/* ---- the attributes as the kernel sends them, to take apart ---- */

struct attr_val {
	int type, len;
	const void *data;
};

struct alist {
	size_t n;
	struct attr_val a[MAX_ATTRS];
	struct smb3k_open_lock locks[8];
};

static void add(struct alist *l, int type, int len, const void *data)
{
	if (l->n < MAX_ATTRS)
		l->a[l->n++] = (struct attr_val){ type, len, data };
}

static void drop_attr(struct alist *l, int type)
{
	size_t i, j = 0;

	for (i = 0; i < l->n; i++)
		if (l->a[i].type != type)
			l->a[j++] = l->a[i];
	l->n = j;
}

/* Replace type's value (added when absent). */
static void set_attr(struct alist *l, int type, int len, const void *data)
{
	drop_attr(l, type);
	add(l, type, len, data);
}

#define ADD(l, t, field) add(l, SMB3K_OPEN_A_##t, (int)sizeof(field), &(field))
#define ADD_STR(l, t, s) add(l, SMB3K_OPEN_A_##t, (int)strlen(s) + 1, s)

/*
 * Written out from the ABI header, apart from open_msg.c: o's attributes;
 * its locks (at most 8) in the wire format in l->locks.
 */
static void alist_of(struct alist *l, const struct smb3k_store_open *o)
{
	uint32_t i;

	l->n = 0;
	ADD(l, PERSISTENT_ID, o->persistent_id);
	ADD(l, CREATE_GUID, o->create_guid);
	ADD(l, CLIENT_GUID, o->client_guid);
	ADD_STR(l, SHARE, o->share);
	ADD_STR(l, PATH, o->path);
	if (o->stream[0])
		ADD_STR(l, STREAM, o->stream);
	ADD_STR(l, OWNER, o->owner);
	ADD(l, OWNER_UID, o->owner_uid);
	ADD(l, OWNER_GID, o->owner_gid);
	ADD(l, VOLUME_ID, o->volume_id);
	ADD(l, FILE_INDEX, o->file_index);
	ADD(l, ACCESS, o->desired_access);
	ADD(l, SHARE_ACCESS, o->share_access);
	ADD(l, CREATE_OPTIONS, o->create_options);
	ADD(l, FILE_ATTRIBUTES, o->file_attributes);
	ADD(l, OPLOCK_LEVEL, o->oplock_level);
	if (o->oplock_level == 0xFF) {
		ADD(l, LEASE_VERSION, o->lease_version);
		ADD(l, LEASE_KEY, o->lease_key);
		if (o->lease_flags & 0x4)
			ADD(l, PARENT_LEASE_KEY, o->parent_lease_key);
		ADD(l, LEASE_STATE, o->lease_state);
		ADD(l, LEASE_FLAGS, o->lease_flags);
		ADD(l, LEASE_EPOCH, o->lease_epoch);
	}
	if (o->has_app_instance)
		ADD(l, APP_INSTANCE_ID, o->app_instance_id);
	if (o->has_app_version) {
		ADD(l, APP_VERSION_HIGH, o->app_version_high);
		ADD(l, APP_VERSION_LOW, o->app_version_low);
	}
	ADD(l, TIMEOUT_MS, o->timeout_ms);
	ADD(l, CHANNEL_SEQUENCE, o->channel_sequence);
	ADD(l, LOCK_SEQUENCES, o->lock_sequences);
	ADD(l, DELETE_ON_CLOSE, o->delete_on_close);
	for (i = 0; i < o->n_locks && i < ARRAY_SIZE(l->locks); i++) {
		bool shared = o->locks[i].flags == SMB3K_STORE_LOCK_SHARED;

		l->locks[i] = (struct smb3k_open_lock){
			.offset = o->locks[i].offset, .length = o->locks[i].length,
			.flags = shared ? SMB3K_OPEN_LOCK_SHARED : SMB3K_OPEN_LOCK_EXCLUSIVE,
		};
	}
	if (i)
		add(l, SMB3K_OPEN_A_LOCKS, (int)(i * sizeof(l->locks[0])), l->locks);
}

/* The nest into m; a PAD before each 8-byte value, as the kernel aligns u64s. */
static void put_nest(struct nl_msg *m, const struct alist *l)
{
	struct nlattr *nest = nla_nest_start(m, SMB3K_A_OPEN | NLA_F_NESTED);
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (l->a[i].len == 8)
			nla_put(m, SMB3K_OPEN_A_PAD, 0, NULL);
		nla_put(m, l->a[i].type, l->a[i].len, l->a[i].data);
	}
	nla_nest_end(m, nest);
}

static int parse_list(const struct alist *l, struct smb3k_store_open *o, char *why)
{
	struct nl_msg *m = nlmsg_alloc_size(0x12000);
	int rc;

	put_nest(m, l);
	rc = open_msg_parse(nlmsg_attrdata(nlmsg_hdr(m), 0), o, why, 256);
	nlmsg_free(m);
	return rc;
}

/* Field by field: the padding stays as memset or calloc left it (records compare bytewise). */
static void set_lock(struct smb3k_store_lock *l, uint64_t offset, uint64_t length, uint32_t flags)
{
	l->offset = offset;
	l->length = length;
	l->flags = flags;
}

/* A record with a v2 lease, an app instance, a stream and three locks. */
static void full_record(struct smb3k_store_open *o, struct smb3k_store_lock locks[3])
{
	size_t i;

	smb3k_store_open_init(o);
	o->persistent_id = 0x12345678;
	for (i = 0; i < 16; i++) {
		o->create_guid[i] = (uint8_t)(0x10 + i);
		o->client_guid[i] = (uint8_t)(0x20 + i);
		o->lease_key[i] = (uint8_t)(0x30 + i);
		o->parent_lease_key[i] = (uint8_t)(0x40 + i);
		o->app_instance_id[i] = (uint8_t)(0x50 + i);
	}
	strcpy(o->share, "VMs");
	strcpy(o->path, "cluster/disk \xc3\xa9.vhdx");
	strcpy(o->stream, "meta");
	strcpy(o->owner, "alice");
	o->owner_uid = 1000;
	o->owner_gid = 100;
	o->volume_id = 0xFEDCBA9876543210ULL;
	o->file_index = 0x1122334455667788ULL;
	o->desired_access = 0x0012019F;
	o->share_access = 0x7;
	o->create_options = 0x00000040;
	o->file_attributes = 0x20;
	o->oplock_level = SMB3K_STORE_OPLOCK_LEASE;
	o->lease_version = 2;
	o->lease_state = SMB3K_STORE_LEASE_READ | SMB3K_STORE_LEASE_HANDLE;
	o->lease_flags = SMB3K_STORE_LEASE_FLAG_PARENT_KEY_SET |
			 SMB3K_STORE_LEASE_FLAG_BREAK_IN_PROGRESS;
	o->lease_epoch = 7;
	o->has_app_instance = 1;
	o->has_app_version = 1;
	o->app_version_high = 3;
	o->app_version_low = 0x8000000000000001ULL;
	o->timeout_ms = 120000;
	o->channel_sequence = 0xBEEF;
	o->lock_sequences[0] = 0x13;
	o->lock_sequences[63] = 0x1F;
	o->delete_on_close = 1;
	memset(locks, 0, 3 * sizeof(*locks));
	set_lock(&locks[0], 0, 100, SMB3K_STORE_LOCK_SHARED);
	set_lock(&locks[1], UINT64_MAX, 1, SMB3K_STORE_LOCK_EXCLUSIVE);
	set_lock(&locks[2], 4096, 0, SMB3K_STORE_LOCK_SHARED);
	o->locks = locks;
	o->n_locks = 3;
}

/* An oplock-only record without any optional attribute. */
static void plain_record(struct smb3k_store_open *o, uint64_t id, const char *share)
{
	smb3k_store_open_init(o);
	o->persistent_id = id;
	memset(o->create_guid, (int)id, 16);
	snprintf(o->share, sizeof(o->share), "%s", share);
	snprintf(o->path, sizeof(o->path), "file%llu.txt", (unsigned long long)id);
	strcpy(o->owner, "bob");
	o->oplock_level = SMB3K_STORE_OPLOCK_BATCH;
	o->timeout_ms = 60000;
}

/* ---- conversion both ways ---- */

static bool has_attr(const struct nlattr *nest, int type)
{
	const struct nlattr *a;
	int rem;

	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) == type)
			return true;
	return false;
}

/* Build with open_msg_put(), parse back: the same record. */
static bool round_trip(const struct smb3k_store_open *o, struct nl_msg **keep)
{
	struct nl_msg *m = nlmsg_alloc_size(0x12000);
	struct smb3k_store_open back;
	char why[256] = "";
	bool same;

	if (open_msg_put(m, o) || open_msg_parse(nlmsg_attrdata(nlmsg_hdr(m), 0), &back, why,
						 sizeof(why))) {
		tap_diag("round trip of 0x%llx: %s", (unsigned long long)o->persistent_id, why);
		nlmsg_free(m);
		return false;
	}
	same = same_record(o, &back);
	smb3k_store_open_free_locks(&back);
	if (keep)
		*keep = m;
	else
		nlmsg_free(m);
	return same;
}

static void test_conversion(void)
{
	struct smb3k_store_lock locks[3];
	struct smb3k_store_open o, back;
	struct nlattr *tb[SMB3K_A_MAX + 1], *nest;
	struct nl_msg *m;
	struct alist l;
	char why[256];
	uint32_t v;
	bool all = true;

	full_record(&o, locks);
	alist_of(&l, &o);
	tap_is_int(parse_list(&l, &back, why), 0, "persist: a kernel OPEN (with PADs) parses");
	tap_ok(same_record(&o, &back), "persist: ... into the record it describes, every field");
	tap_ok(back.n_locks == 3 && back.locks[0].flags == SMB3K_STORE_LOCK_SHARED &&
	       back.locks[1].flags == SMB3K_STORE_LOCK_EXCLUSIVE &&
	       back.locks[1].offset == UINT64_MAX && back.has_app_instance &&
	       back.has_app_version, "persist: lock flags mapped, app instance/version flagged");
	smb3k_store_open_free_locks(&back);

	tap_ok(round_trip(&o, &m), "persist: full record: built and parsed back the same");
	nest = nlmsg_attrdata(nlmsg_hdr(m), 0);
	tap_ok((nest->nla_type & NLA_F_NESTED) && nla_type(nest) == SMB3K_A_OPEN &&
	       has_attr(nest, SMB3K_OPEN_A_PARENT_LEASE_KEY) &&
	       has_attr(nest, SMB3K_OPEN_A_LOCKS) && has_attr(nest, SMB3K_OPEN_A_STREAM),
	       "persist: ... a NLA_F_NESTED OPEN with PARENT_LEASE_KEY, STREAM and LOCKS");
	nlmsg_free(m);

	plain_record(&o, 5, "data");
	tap_ok(round_trip(&o, &m), "persist: plain record: round trip");
	nest = nlmsg_attrdata(nlmsg_hdr(m), 0);
	tap_ok(!has_attr(nest, SMB3K_OPEN_A_STREAM) && !has_attr(nest, SMB3K_OPEN_A_LEASE_KEY) &&
	       !has_attr(nest, SMB3K_OPEN_A_LEASE_FLAGS) && !has_attr(nest, SMB3K_OPEN_A_LOCKS) &&
	       !has_attr(nest, SMB3K_OPEN_A_APP_INSTANCE_ID) &&
	       !has_attr(nest, SMB3K_OPEN_A_APP_VERSION_LOW) &&
	       has_attr(nest, SMB3K_OPEN_A_LOCK_SEQUENCES) && has_attr(nest, SMB3K_OPEN_A_OWNER),
	       "persist: ... without the optional attributes, with the required ones");
	nlmsg_free(m);

	for (v = 1; v <= 40; v++) {
		gen_record(1000 + v, v, &o);
		all = round_trip(&o, NULL) && all;
		smb3k_store_open_free_locks(&o);
	}
	tap_ok(all, "persist: 40 generated records (leases, app ids, streams, 1500 locks) "
	       "round-trip");

	full_record(&o, locks);
	m = smb3k_msg_new_size(FAMILY, SMB3K_CMD_OPEN_RESTORE, SMB3K_ABI_VERSION,
			       OPEN_RESTORE_MSG_SIZE);
	tap_is_int(smb3k_msg_open_restore(m, &o, "/srv/vms", SMB3K_SHARE_OPT_CA), 0,
		   "persist: OPEN_RESTORE request built");
	tap_ok(genlmsg_parse(nlmsg_hdr(m), 0, tb, SMB3K_A_MAX,
			     (struct nla_policy *)smb3k_attr_policy) == 0 && tb[SMB3K_A_OPEN] &&
	       !strcmp(nla_get_string(tb[SMB3K_A_SHARE_PATH]), "/srv/vms") &&
	       nla_get_u32(tb[SMB3K_A_SHARE_OPTIONS]) == SMB3K_SHARE_OPT_CA &&
	       open_msg_parse(tb[SMB3K_A_OPEN], &back, why, sizeof(why)) == 0 &&
	       same_record(&o, &back), "persist: ... with OPEN, SHARE_PATH and SHARE_OPTIONS");
	smb3k_store_open_free_locks(&back);
	nlmsg_free(m);
}

/*
 * The most locks, every string full: within one netlink attribute. One
 * lock more is refused whole both ways, never truncated.
 */
static void test_lock_limit(void)
{
	struct nl_msg *m = nlmsg_alloc_size(0x30000);
	struct smb3k_store_open o, back;
	struct alist l;
	char why[256];
	uint32_t len, i;

	gen_record(9, 1, &o);		/* a v2 lease with a parent key */
	memset(o.path, 'p', sizeof(o.path) - 1);
	memset(o.stream, 's', sizeof(o.stream) - 1);
	memset(o.owner, 'o', sizeof(o.owner) - 1);
	memset(o.share, 'S', sizeof(o.share) - 1);
	o.has_app_instance = o.has_app_version = 1;
	o.app_version_low = 1;
	o.app_instance_id[0] = 1;
	free(o.locks);
	o.n_locks = SMB3K_OPEN_LOCKS_MAX + 1;
	o.locks = xcalloc(o.n_locks, sizeof(*o.locks));
	for (i = 0; i < o.n_locks; i++)
		set_lock(&o.locks[i], (uint64_t)i * 10, 5, SMB3K_STORE_LOCK_EXCLUSIVE);
	len = nlmsg_hdr(m)->nlmsg_len;
	tap_ok(open_msg_put(m, &o) == -EMSGSIZE && nlmsg_hdr(m)->nlmsg_len == len,
	       "persist: %u locks: not sent (-EMSGSIZE), message unchanged",
	       SMB3K_OPEN_LOCKS_MAX + 1);
	o.n_locks = SMB3K_OPEN_LOCKS_MAX;
	tap_ok(round_trip(&o, NULL), "persist: %u locks and every string full: round trip",
	       SMB3K_OPEN_LOCKS_MAX);

	plain_record(&back, 8, "data");
	alist_of(&l, &back);
	set_attr(&l, SMB3K_OPEN_A_LOCKS, (int)((SMB3K_OPEN_LOCKS_MAX + 1) *
					       sizeof(struct smb3k_open_lock)), o.locks);
	tap_ok(parse_list(&l, &back, why) == -EINVAL && strstr(why, "LOCKS has 2049 locks, more "
							       "than 2048"),
	       "persist: refused: a LOCKS attribute of %u locks (%s)", SMB3K_OPEN_LOCKS_MAX + 1,
	       why);
	smb3k_store_open_free_locks(&o);
	nlmsg_free(m);
}

/* ---- malformed OPENs ---- */

static void expect_refused(const struct alist *l, const char *want, const char *what)
{
	struct smb3k_store_open o;
	char why[256] = "";
	int rc = parse_list(l, &o, why);

	if (!tap_ok(rc == -EINVAL && strstr(why, want) && !o.locks && !o.n_locks,
		    "persist: refused: %s", what))
		tap_diag("rc %d, why '%s', want '%s'", rc, why, want);
	if (!rc)
		smb3k_store_open_free_locks(&o);
}

static void test_required(void)
{
#define REQ(t) { SMB3K_OPEN_A_##t, "no " #t }
	static const struct { int type; const char *want; } required[] = {
		REQ(PERSISTENT_ID), REQ(CREATE_GUID), REQ(CLIENT_GUID), REQ(SHARE), REQ(PATH),
		REQ(OWNER), REQ(OWNER_UID), REQ(OWNER_GID), REQ(VOLUME_ID), REQ(FILE_INDEX),
		REQ(ACCESS), REQ(SHARE_ACCESS), REQ(CREATE_OPTIONS), REQ(FILE_ATTRIBUTES),
		REQ(OPLOCK_LEVEL), REQ(TIMEOUT_MS), REQ(CHANNEL_SEQUENCE), REQ(LOCK_SEQUENCES),
		REQ(DELETE_ON_CLOSE), REQ(LEASE_VERSION), REQ(LEASE_KEY), REQ(LEASE_STATE),
	};
#undef REQ
	static const int optional[] = {
		SMB3K_OPEN_A_STREAM, SMB3K_OPEN_A_PARENT_LEASE_KEY, SMB3K_OPEN_A_LEASE_FLAGS,
		SMB3K_OPEN_A_LEASE_EPOCH, SMB3K_OPEN_A_APP_INSTANCE_ID, SMB3K_OPEN_A_LOCKS,
	};
	struct smb3k_store_lock locks[3];
	struct smb3k_store_open o, back;
	struct alist l;
	char why[256];
	size_t i;

	full_record(&o, locks);
	for (i = 0; i < ARRAY_SIZE(required); i++) {
		alist_of(&l, &o);
		drop_attr(&l, required[i].type);
		expect_refused(&l, required[i].want, required[i].want);
	}
	for (i = 0; i < ARRAY_SIZE(optional); i++) {
		alist_of(&l, &o);
		drop_attr(&l, optional[i]);
		if (optional[i] == SMB3K_OPEN_A_LEASE_FLAGS)	/* no PARENT_KEY_SET */
			drop_attr(&l, SMB3K_OPEN_A_PARENT_LEASE_KEY);
		if (!tap_is_int(parse_list(&l, &back, why), 0,
				"persist: optional attribute %d may be absent", optional[i]))
			tap_diag("%s", why);
		else
			smb3k_store_open_free_locks(&back);
	}
	alist_of(&l, &o);
	drop_attr(&l, SMB3K_OPEN_A_APP_VERSION_LOW);
	expect_refused(&l, "APP_VERSION_HIGH and APP_VERSION_LOW go together",
		       "APP_VERSION_HIGH without APP_VERSION_LOW");
}

static void test_sizes(void)
{
	static const int guids[] = {
		SMB3K_OPEN_A_CREATE_GUID, SMB3K_OPEN_A_CLIENT_GUID, SMB3K_OPEN_A_LEASE_KEY,
		SMB3K_OPEN_A_PARENT_LEASE_KEY, SMB3K_OPEN_A_APP_INSTANCE_ID,
	};
	static const struct { int type, len; const char *want; } ints[] = {
		{ SMB3K_OPEN_A_PERSISTENT_ID, 4, "PERSISTENT_ID has 4 bytes, not 8" },
		{ SMB3K_OPEN_A_VOLUME_ID, 16, "VOLUME_ID has 16 bytes, not 8" },
		{ SMB3K_OPEN_A_ACCESS, 8, "ACCESS has 8 bytes, not 4" },
		{ SMB3K_OPEN_A_OWNER_UID, 2, "OWNER_UID has 2 bytes, not 4" },
		{ SMB3K_OPEN_A_OPLOCK_LEVEL, 4, "OPLOCK_LEVEL has 4 bytes, not 1" },
		{ SMB3K_OPEN_A_CHANNEL_SEQUENCE, 4, "CHANNEL_SEQUENCE has 4 bytes, not 2" },
		{ SMB3K_OPEN_A_LEASE_EPOCH, 1, "LEASE_EPOCH has 1 bytes, not 2" },
		{ SMB3K_OPEN_A_DELETE_ON_CLOSE, 0, "DELETE_ON_CLOSE has 0 bytes, not 1" },
		{ SMB3K_OPEN_A_LOCK_SEQUENCES, 63, "LOCK_SEQUENCES has 63 bytes, not 64" },
		{ SMB3K_OPEN_A_LOCK_SEQUENCES, 65, "LOCK_SEQUENCES has 65 bytes, not 64" },
	};
	static uint8_t big[128];
	struct smb3k_store_lock locks[3];
	struct smb3k_store_open o;
	struct alist l;
	char what[96];
	size_t i;
	int len;

	memset(big, 0x11, sizeof(big));
	full_record(&o, locks);
	for (i = 0; i < ARRAY_SIZE(guids); i++) {
		for (len = 15; len <= 17; len += 2) {
			alist_of(&l, &o);
			set_attr(&l, guids[i], len, big);
			snprintf(what, sizeof(what), "a %d-byte GUID (attribute %d)", len,
				 guids[i]);
			expect_refused(&l, len == 15 ? "has 15 bytes, not 16" :
				       "has 17 bytes, not 16", what);
		}
	}
	for (i = 0; i < ARRAY_SIZE(ints); i++) {
		alist_of(&l, &o);
		set_attr(&l, ints[i].type, ints[i].len, big);
		expect_refused(&l, ints[i].want, ints[i].want);
	}
}

static void test_strings(void)
{
	static char long_path[SMB3K_STORE_PATH_SIZE + 8], name81[82], name80[81];
	static char stream256[257], owner257[258];
	struct smb3k_store_lock locks[3];
	struct smb3k_store_open o, back;
	struct alist l;
	char why[256];

	full_record(&o, locks);
	alist_of(&l, &o);
	set_attr(&l, SMB3K_OPEN_A_SHARE, 3, "VMs");
	expect_refused(&l, "SHARE is not NUL-terminated", "SHARE without its NUL");
	set_attr(&l, SMB3K_OPEN_A_SHARE, 0, NULL);
	expect_refused(&l, "SHARE is not NUL-terminated", "SHARE of 0 bytes");
	set_attr(&l, SMB3K_OPEN_A_SHARE, 8, "VMs\0old");
	expect_refused(&l, "SHARE has a NUL inside", "SHARE with a NUL inside");
	alist_of(&l, &o);
	set_attr(&l, SMB3K_OPEN_A_PATH, 4, "a/b/");
	expect_refused(&l, "PATH is not NUL-terminated", "PATH without its NUL");

	memset(name81, 'n', 81);
	memset(name80, 'n', 80);
	alist_of(&l, &o);
	set_attr(&l, SMB3K_OPEN_A_SHARE, 82, name81);
	expect_refused(&l, "SHARE has 81 bytes, more than 80", "SHARE of 81 bytes");
	set_attr(&l, SMB3K_OPEN_A_SHARE, 81, name80);
	if (!tap_is_int(parse_list(&l, &back, why), 0, "persist: SHARE of 80 bytes fits"))
		tap_diag("%s", why);
	else
		smb3k_store_open_free_locks(&back);

	memset(long_path, 'p', SMB3K_STORE_PATH_SIZE);
	alist_of(&l, &o);
	set_attr(&l, SMB3K_OPEN_A_PATH, SMB3K_STORE_PATH_SIZE + 1, long_path);
	expect_refused(&l, "PATH has 4096 bytes, more than 4095", "PATH of 4096 bytes");
	memset(stream256, 's', 256);
	alist_of(&l, &o);
	set_attr(&l, SMB3K_OPEN_A_STREAM, 257, stream256);
	expect_refused(&l, "STREAM has 256 bytes, more than 255", "STREAM of 256 bytes");
	memset(owner257, 'o', 257);
	alist_of(&l, &o);
	set_attr(&l, SMB3K_OPEN_A_OWNER, 258, owner257);
	expect_refused(&l, "OWNER has 257 bytes, more than 256", "OWNER of 257 bytes");
}

static void test_structure(void)
{
	static const uint8_t bad_oplock = 0x09;
	static const uint8_t zero8[8];
	struct smb3k_store_lock locks[3];
	struct smb3k_store_open o;
	struct smb3k_open_lock wire[2];
	struct alist l;
	char want[64];

	full_record(&o, locks);
	alist_of(&l, &o);
	add(&l, SMB3K_OPEN_A_MAX + 1, 4, zero8);
	snprintf(want, sizeof(want), "unknown attribute %d", SMB3K_OPEN_A_MAX + 1);
	expect_refused(&l, want, "an unknown attribute type");
	alist_of(&l, &o);
	add(&l, SMB3K_OPEN_A_UNSPEC, 4, zero8);
	expect_refused(&l, "unknown attribute 0", "attribute type 0");
	alist_of(&l, &o);
	add(&l, SMB3K_OPEN_A_TIMEOUT_MS, 4, &o.timeout_ms);
	expect_refused(&l, "TIMEOUT_MS appears twice", "an attribute twice");

	alist_of(&l, &o);
	set_attr(&l, SMB3K_OPEN_A_OPLOCK_LEVEL, 1, &bad_oplock);
	expect_refused(&l, "LEASE_VERSION without a lease (OPLOCK_LEVEL 0x09)",
		       "lease attributes with a batch oplock");
	alist_of(&l, &o);
	drop_attr(&l, SMB3K_OPEN_A_LEASE_KEY);
	expect_refused(&l, "no LEASE_KEY", "a lease without LEASE_KEY");

	alist_of(&l, &o);
	set_attr(&l, SMB3K_OPEN_A_LOCKS, 25, l.locks);
	expect_refused(&l, "LOCKS has 25 bytes, not a whole number of 24-byte locks",
		       "LOCKS of 25 bytes");
	set_attr(&l, SMB3K_OPEN_A_LOCKS, 23, l.locks);
	expect_refused(&l, "LOCKS has 23 bytes", "LOCKS of 23 bytes");
	wire[0] = (struct smb3k_open_lock){ .offset = 0, .length = 1,
					    .flags = SMB3K_OPEN_LOCK_SHARED };
	wire[1] = wire[0];
	wire[1].flags = SMB3K_OPEN_LOCK_SHARED | SMB3K_OPEN_LOCK_EXCLUSIVE;
	set_attr(&l, SMB3K_OPEN_A_LOCKS, sizeof(wire), wire);
	expect_refused(&l, "lock 1: flags 0x3 are neither shared nor exclusive",
		       "a lock both shared and exclusive");
	wire[1].flags = 0;
	expect_refused(&l, "lock 1: flags 0x0", "a lock with no flags");
	wire[1].flags = SMB3K_OPEN_LOCK_EXCLUSIVE;
	wire[1].reserved = 1;
	expect_refused(&l, "lock 1: reserved is 0x1, not 0", "a lock with reserved set");
	wire[1].reserved = 0;
	wire[1].offset = UINT64_MAX;
	wire[1].length = 2;
	expect_refused(&l, "lock 1: range", "a lock past 2^64 (smb3k_store_check)");
}

/* Four bytes after the last attribute, inside the nest. */
static void test_trailing(void)
{
	struct smb3k_store_lock locks[3];
	struct smb3k_store_open o, back;
	struct nl_msg *m = nlmsg_alloc_size(0x12000);
	struct nlattr *nest = nla_nest_start(m, SMB3K_A_OPEN | NLA_F_NESTED);
	struct alist l;
	char why[256] = "";
	size_t i;

	full_record(&o, locks);
	alist_of(&l, &o);
	for (i = 0; i < l.n; i++)
		nla_put(m, l.a[i].type, l.a[i].len, l.a[i].data);
	memset(nlmsg_reserve(m, 4, NLMSG_ALIGNTO), 0, 4);
	nla_nest_end(m, nest);
	tap_ok(open_msg_parse(nest, &back, why, sizeof(why)) == -EINVAL &&
	       strstr(why, "4 bytes after the last attribute"),
	       "persist: refused: bytes after the last attribute (%s)", why);
	nlmsg_free(m);
}

/* Values only smb3k_store_check() refuses, set on a valid record. */
static void test_checked_values(void)
{
	static const uint64_t zero_id, max_id = UINT64_MAX, big_id = 0xFFFFFFFF;
	static const uint8_t v3 = 3, level5 = 5, doc2 = 2;
	static const uint32_t state8 = 8, share8 = 8, parent_v1 = 0x4;
	static uint8_t seqs[64];
	struct smb3k_store_lock locks[3];
	struct smb3k_store_open o, plain;
	struct alist l;

	full_record(&o, locks);
	plain_record(&plain, 4, "data");
	memset(seqs, 0xFF, sizeof(seqs));
	seqs[5] = 0x20;
#define REFUSE(list_of, type, len, val, want)			\
	do {							\
		alist_of(&l, list_of);				\
		set_attr(&l, type, len, val);			\
		expect_refused(&l, want, want);			\
	} while (0)
#define REFUSE_STR(type, val, want) REFUSE(&o, type, (int)sizeof(val), val, want)
	REFUSE(&o, SMB3K_OPEN_A_PERSISTENT_ID, 8, &zero_id, "persistent_id 0x0 is reserved");
	REFUSE(&o, SMB3K_OPEN_A_PERSISTENT_ID, 8, &max_id, "PERSISTENT_ID 0xffffffffffffffff is");
	REFUSE(&o, SMB3K_OPEN_A_PERSISTENT_ID, 8, &big_id, "PERSISTENT_ID 0xffffffff is past");
	REFUSE_STR(SMB3K_OPEN_A_PATH, "a/../b", "path has a '..' component");
	REFUSE_STR(SMB3K_OPEN_A_PATH, "/a", "path is absolute");
	REFUSE_STR(SMB3K_OPEN_A_SHARE, "", "share is empty");
	REFUSE_STR(SMB3K_OPEN_A_SHARE, "a/b", "share has a character not allowed");
	REFUSE_STR(SMB3K_OPEN_A_STREAM, "a:b", "stream has a character not allowed");
	REFUSE_STR(SMB3K_OPEN_A_OWNER, "a\n", "owner has a control character");
	REFUSE(&o, SMB3K_OPEN_A_LEASE_VERSION, 1, &v3, "lease_version 3 is not 0, 1 or 2");
	REFUSE(&o, SMB3K_OPEN_A_LEASE_STATE, 4, &state8, "lease_state 0x8 has bits other");
	REFUSE(&o, SMB3K_OPEN_A_SHARE_ACCESS, 4, &share8, "share_access 0x8 has bits other");
	REFUSE(&o, SMB3K_OPEN_A_DELETE_ON_CLOSE, 1, &doc2, "delete_on_close must be 0 or 1");
	REFUSE(&o, SMB3K_OPEN_A_LOCK_SEQUENCES, 64, seqs, "lock_sequences[5] = 0x20");
	REFUSE(&plain, SMB3K_OPEN_A_OPLOCK_LEVEL, 1, &level5, "oplock_level 0x05 is not a known");
	o.lease_version = 1;
	REFUSE(&o, SMB3K_OPEN_A_LEASE_FLAGS, 4, &parent_v1, "lease_flags 0x4 not valid for a v1");
#undef REFUSE_STR
#undef REFUSE
}

/* ---- the upcalls ---- */

static struct nl_msg *upcall(uint8_t cmd, uint32_t handle)
{
	struct nl_msg *m = smb3k_msg_new_size(FAMILY, cmd, SMB3K_ABI_VERSION, 0x12000);

	nla_put_u32(m, SMB3K_A_HANDLE, handle);
	return m;
}

static struct nl_msg *save_msg(uint32_t handle, const struct smb3k_store_open *o)
{
	struct nl_msg *m = upcall(SMB3K_CMD_OPEN_SAVE, handle);
	struct alist l;

	alist_of(&l, o);
	put_nest(m, &l);
	return m;
}

static struct nl_msg *remove_msg(uint32_t handle, uint64_t id)
{
	struct nl_msg *m = upcall(SMB3K_CMD_OPEN_REMOVE, handle);

	nla_put_u64(m, SMB3K_A_OPEN_ID, id);
	return m;
}

/*
 * The NT status of the answer to m (freed), 0xFFFFFFFF if the answer is
 * not the command, the handle first, then NTSTATUS and nothing else.
 */
static uint32_t answer(struct upcall_ctx *ctx, struct nl_msg *m)
{
	const struct genlmsghdr *g = nlmsg_data(nlmsg_hdr(m));
	uint8_t cmd = g->cmd;
	struct nl_msg *r = upcall_answer(ctx, nlmsg_hdr(m));
	uint32_t handle = 0, status = 0xFFFFFFFFU;
	struct nlattr *a;
	int rem, n = 0;

	nla_for_each_attr(a, nlmsg_attrdata(nlmsg_hdr(m), GENL_HDRLEN),
			  nlmsg_attrlen(nlmsg_hdr(m), GENL_HDRLEN), rem)
		if (nla_type(a) == SMB3K_A_HANDLE)
			handle = nla_get_u32(a);
	nlmsg_free(m);
	if (!r)
		return status;
	g = nlmsg_data(nlmsg_hdr(r));
	nla_for_each_attr(a, genlmsg_attrdata(g, 0), genlmsg_attrlen(g, 0), rem) {
		if (n == 0 && (nla_type(a) != SMB3K_A_HANDLE || nla_get_u32(a) != handle))
			break;
		if (n == 1 && nla_type(a) == SMB3K_A_NTSTATUS)
			status = nla_get_u32(a);
		n++;
	}
	if (g->cmd != cmd || n != 2)
		status = 0xFFFFFFFFU;
	nlmsg_free(r);
	return status;
}

static char *write_conf(const char *name, const char *store, const char *shares)
{
	char *text = xasprintf("[global]\nnetbios name = t\npersistent store = %s\n%s", store,
			       shares);
	char *path = xstrdup(tap_write(name, text));

	free(text);
	return path;
}

static bool load_conf(struct smb3k_config *cfg, const char *path)
{
	struct errlist errs = { 0 };
	int rc = config_load(cfg, path, &errs);

	errlist_print(&errs, stdout, "# ");
	errlist_free(&errs);
	return rc == 0;
}

static bool stored(struct persist *p, const struct smb3k_store_open *want)
{
	struct smb3k_store_open back;
	bool same;

	if (smb3k_store_get(p->store, want->persistent_id, &back))
		return false;
	same = same_record(want, &back);
	smb3k_store_open_free_locks(&back);
	return same;
}

static bool absent(struct persist *p, uint64_t id)
{
	struct smb3k_store_open back;

	return smb3k_store_get(p->store, id, &back) == -ENOENT;
}

static void test_save_remove(void)
{
	char *store = xasprintf("%s/persist/opens.db", tap_dir()), *conf;
	struct smb3k_store_lock locks[3], more[4];
	struct smb3k_store_open o, bad;
	struct smb3k_config cfg;
	struct upcall_ctx ctx;
	struct passdb db = { 0 };
	struct persist p;
	struct nl_msg *m;

	conf = write_conf("persist.conf", store, "");
	if (!tap_ok(load_conf(&cfg, conf), "persist: config loads"))
		goto out;
	tap_ok(persist_start(&p, &cfg) == 0 && p.store && p.n_ids == 0,
	       "persist: start creates the store (no records)");
	upcall_init(&ctx, &cfg, &db);
	ctx.persist = &p;

	full_record(&o, locks);
	tap_is_int(answer(&ctx, save_msg(21, &o)), STATUS_SUCCESS,
		   "persist: OPEN_SAVE answered HANDLE, STATUS_SUCCESS");
	tap_ok(stored(&p, &o), "persist: ... the record is in the store, every field");

	memset(more, 0, sizeof(more));
	memcpy(more, locks, sizeof(locks));
	set_lock(&more[3], 1 << 20, 4096, SMB3K_STORE_LOCK_EXCLUSIVE);
	o.locks = more;
	o.n_locks = 4;
	o.lease_state = SMB3K_STORE_LEASE_READ;
	o.lease_flags = SMB3K_STORE_LEASE_FLAG_PARENT_KEY_SET;
	o.delete_on_close = 0;
	tap_is_int(answer(&ctx, save_msg(22, &o)), STATUS_SUCCESS,
		   "persist: OPEN_SAVE of the changed open");
	tap_ok(stored(&p, &o), "persist: ... replaces the record (4 locks, lease state R)");

	bad = o;
	strcpy(bad.path, "../escape");
	tap_is_int(answer(&ctx, save_msg(23, &bad)), STATUS_INVALID_PARAMETER,
		   "persist: OPEN_SAVE of a bad record: STATUS_INVALID_PARAMETER");
	tap_ok(stored(&p, &o), "persist: ... and the stored record is untouched");

	m = upcall(SMB3K_CMD_OPEN_SAVE, 24);
	tap_is_int(answer(&ctx, m), STATUS_INVALID_PARAMETER,
		   "persist: OPEN_SAVE without OPEN: STATUS_INVALID_PARAMETER");
	m = upcall(SMB3K_CMD_OPEN_REMOVE, 25);
	tap_is_int(answer(&ctx, m), STATUS_INVALID_PARAMETER,
		   "persist: OPEN_REMOVE without OPEN_ID: STATUS_INVALID_PARAMETER");
	m = upcall(SMB3K_CMD_OPEN_REMOVE, 26);
	nla_put_u32(m, SMB3K_A_OPEN_ID, 0x12345678);
	tap_is_int(answer(&ctx, m), STATUS_INVALID_PARAMETER,
		   "persist: OPEN_REMOVE with a 4-byte OPEN_ID: STATUS_INVALID_PARAMETER");
	tap_ok(stored(&p, &o), "persist: ... nothing removed");

	tap_is_int(answer(&ctx, remove_msg(27, o.persistent_id)), STATUS_SUCCESS,
		   "persist: OPEN_REMOVE answered STATUS_SUCCESS");
	tap_ok(absent(&p, o.persistent_id), "persist: ... the record is gone");
	tap_is_int(answer(&ctx, remove_msg(28, o.persistent_id)), STATUS_SUCCESS,
		   "persist: OPEN_REMOVE of an absent record: STATUS_SUCCESS too");

	upcall_free(&ctx);
	persist_stop(&p);
	config_free(&cfg);
out:
	free(conf);
	free(store);
}

/* ---- store errors as NT statuses ---- */

static void test_status_map(void)
{
	static const struct { int err; uint32_t status; } map[] = {
		{ 0, STATUS_SUCCESS },
		{ -EINVAL, STATUS_INVALID_PARAMETER },
		{ -ENOSPC, STATUS_DISK_FULL },
		{ -EROFS, STATUS_MEDIA_WRITE_PROTECTED },
		{ -EACCES, STATUS_MEDIA_WRITE_PROTECTED },
		{ -EPERM, STATUS_MEDIA_WRITE_PROTECTED },
		{ -EIO, STATUS_INSUFFICIENT_RESOURCES },
		{ -EBUSY, STATUS_INSUFFICIENT_RESOURCES },
		{ -EBADMSG, STATUS_INSUFFICIENT_RESOURCES },
		{ -ENOENT, STATUS_INSUFFICIENT_RESOURCES },
	};
	bool ok = true;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++)
		if (persist_status(map[i].err) != map[i].status) {
			tap_diag("errno %d: 0x%08x", map[i].err, persist_status(map[i].err));
			ok = false;
		}
	tap_ok(ok, "persist: errno -> NTSTATUS: ENOSPC disk full, EROFS/EACCES/EPERM write "
	       "protected, EINVAL invalid parameter, others insufficient resources");
}

/* p with a store at path holding o, opened read-only: 0 or the store's errno. */
static int readonly_store(const char *path, const struct smb3k_store_open *o, struct persist *p)
{
	struct smb3k_store *w;
	char err[1024];
	int rc;

	memset(p, 0, sizeof(*p));
	rc = smb3k_store_open(NULL, path, 0, &w, err, sizeof(err));
	rc = rc ? rc : smb3k_store_put(w, o);
	smb3k_store_close(w);
	rc = rc ? rc : smb3k_store_open(NULL, path, SMB3K_STORE_RDONLY, &p->store, err,
					sizeof(err));
	if (rc)
		tap_diag("%s", err);
	return rc;
}

static void test_readonly_store(void)
{
	char *path = xasprintf("%s/persist/ro.db", tap_dir());
	struct smb3k_store_open o;
	struct upcall_ctx ctx;
	struct smb3k_config cfg;
	struct passdb db = { 0 };
	struct persist p;

	plain_record(&o, 31, "data");
	if (!tap_is_int(readonly_store(path, &o, &p), 0, "persist: a store opened read-only"))
		goto out;
	config_init_defaults(&cfg);
	upcall_init(&ctx, &cfg, &db);
	ctx.persist = &p;
	o.timeout_ms = 1;
	tap_is_int(answer(&ctx, save_msg(31, &o)), STATUS_MEDIA_WRITE_PROTECTED,
		   "persist: OPEN_SAVE on a read-only store: STATUS_MEDIA_WRITE_PROTECTED");
	tap_is_int(answer(&ctx, remove_msg(32, 31)), STATUS_MEDIA_WRITE_PROTECTED,
		   "persist: OPEN_REMOVE on it: STATUS_MEDIA_WRITE_PROTECTED");
	o.timeout_ms = 60000;
	tap_ok(stored(&p, &o), "persist: ... the record as it was");
	upcall_free(&ctx);
	config_free(&cfg);
	persist_stop(&p);
out:
	free(path);
}

/* A store that cannot be opened: smb3kd runs without persistence. */
static void test_no_store(void)
{
	char *bad_store = xasprintf("%s/persist/shared.db", tap_dir());
	char *under_file = xasprintf("%s/opens.db", tap_write("persist-a-file", "x"));
	struct smb3k_store_open o;
	struct smb3k_store *s;
	struct smb3k_config cfg;
	struct upcall_ctx ctx;
	struct passdb db = { 0 };
	struct persist p;
	char *conf, err[1024];

	plain_record(&o, 41, "data");
	config_init_defaults(&cfg);
	upcall_init(&ctx, &cfg, &db);
	tap_is_int(answer(&ctx, save_msg(40, &o)), STATUS_INSUFFICIENT_RESOURCES,
		   "persist: OPEN_SAVE without any store: STATUS_INSUFFICIENT_RESOURCES");
	upcall_free(&ctx);
	config_free(&cfg);

	/* a path under a regular file: cannot be created */
	conf = write_conf("persist-nodir.conf", under_file, "");
	if (load_conf(&cfg, conf)) {
		tap_ok(persist_start(&p, &cfg) == 0 && !p.store,
		       "persist: an unusable store path: start goes on without a store");
		upcall_init(&ctx, &cfg, &db);
		ctx.persist = &p;
		tap_is_int(answer(&ctx, save_msg(41, &o)), STATUS_INSUFFICIENT_RESOURCES,
			   "persist: ... OPEN_SAVE: STATUS_INSUFFICIENT_RESOURCES");
		tap_is_int(answer(&ctx, save_msg(42, &o)), STATUS_INSUFFICIENT_RESOURCES,
			   "persist: ... again (logged once)");
		tap_ok(p.told_no_store, "persist: ... and the missing store was logged");
		tap_is_int(answer(&ctx, remove_msg(43, 41)), STATUS_INSUFFICIENT_RESOURCES,
			   "persist: ... OPEN_REMOVE: STATUS_INSUFFICIENT_RESOURCES");
		upcall_free(&ctx);
		persist_stop(&p);
		config_free(&cfg);
	}
	free(conf);

	/* a store that others may write (-EPERM, refused even to root) */
	if (!smb3k_store_open(NULL, bad_store, 0, &s, err, sizeof(err)))
		smb3k_store_close(s);
	chmod(bad_store, 0666);
	conf = write_conf("persist-perm.conf", bad_store, "");
	if (load_conf(&cfg, conf)) {
		tap_ok(persist_start(&p, &cfg) == 0 && !p.store,
		       "persist: a world-writable store is not used; start goes on");
		persist_stop(&p);
		config_free(&cfg);
	}
	free(conf);
	free(bad_store);
	free(under_file);
}

/* A child under a file size limit: the statuses of its SAVE and REMOVE. */
static void disk_full_child(int fd, const char *conf)
{
	struct smb3k_store_open small, big;
	struct rlimit rl = { 1, 1 };
	struct smb3k_config cfg;
	struct upcall_ctx ctx;
	struct passdb db = { 0 };
	struct persist p;
	uint32_t st[3] = { 1, 1, 1 };

	signal(SIGXFSZ, SIG_IGN);
	if (load_conf(&cfg, conf) && persist_start(&p, &cfg) == 0 && p.store) {
		upcall_init(&ctx, &cfg, &db);
		ctx.persist = &p;
		plain_record(&small, 51, "data");
		st[0] = answer(&ctx, save_msg(51, &small));
		gen_record(52, 17, &big);	/* 1500 locks */
		if (setrlimit(RLIMIT_FSIZE, &rl) == 0) {
			st[1] = answer(&ctx, save_msg(52, &big));
			st[2] = answer(&ctx, remove_msg(53, 51));
		}
		smb3k_store_open_free_locks(&big);
		upcall_free(&ctx);
		persist_stop(&p);
		config_free(&cfg);
	}
	if (write(fd, st, sizeof(st)) != sizeof(st))
		_exit(3);
}

static void test_disk_full(void)
{
	char *store = xasprintf("%s/persist/full.db", tap_dir());
	char *conf = write_conf("persist-full.conf", store, "");
	uint32_t st[3] = { 0 };
	int fds[2], status;
	pid_t pid;

	if (pipe(fds) < 0) {
		tap_ok(false, "persist: pipe");
		goto out;
	}
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		disk_full_child(fds[1], conf);
		_exit(0);
	}
	close(fds[1]);
	if (read(fds[0], st, sizeof(st)) != sizeof(st))
		tap_diag("no statuses from the child");
	close(fds[0]);
	waitpid(pid, &status, 0);
	tap_is_int(st[0], STATUS_SUCCESS, "persist: disk full: a save before the limit succeeds");
	tap_is_int(st[1], STATUS_DISK_FULL,
		   "persist: ... OPEN_SAVE past the file size limit: STATUS_DISK_FULL");
	tap_is_int(st[2], STATUS_DISK_FULL,
		   "persist: ... OPEN_REMOVE past it: STATUS_DISK_FULL");
out:
	free(conf);
	free(store);
}

/* ---- the restore walk ---- */

struct fake_kernel {
	struct persist *p;
	struct {
		uint64_t id;
		int rc;
	} script[16];
	size_t n_script;
	uint64_t sent[16];
	size_t n_sent;
	bool same_as_stored, paths_ok, options_ok, put_ok;
	uint32_t want_options;
	const char *want_path;
	uint64_t remove_during;		/* removed from the store at the first send */
};

static int fake_send(void *arg, const struct smb3k_store_open *o, const char *share_path,
		     uint32_t share_options, char *msg, size_t msglen)
{
	struct fake_kernel *k = arg;
	struct smb3k_store_open put;
	size_t i;
	int rc = 0;

	if (k->n_sent < ARRAY_SIZE(k->sent))
		k->sent[k->n_sent++] = o->persistent_id;
	k->same_as_stored = k->same_as_stored && stored(k->p, o);
	k->paths_ok = k->paths_ok && !strcmp(share_path, k->want_path);
	k->options_ok = k->options_ok && share_options == k->want_options;
	/* an OPEN_SAVE upcall may arrive meanwhile: the store is not mid-walk */
	plain_record(&put, 0x7000, "ca");
	k->put_ok = k->put_ok && smb3k_store_put(k->p->store, &put) == 0 &&
		    smb3k_store_remove(k->p->store, 0x7000) == 0;
	if (k->remove_during) {
		smb3k_store_remove(k->p->store, k->remove_during);
		k->remove_during = 0;
	}
	for (i = 0; i < k->n_script; i++)
		if (k->script[i].id == o->persistent_id)
			rc = k->script[i].rc;
	snprintf(msg, msglen, "%s", rc ? "fake kernel says no" : "");
	return rc;
}

static bool same_ids(const uint64_t *got, size_t n, const uint64_t *want, size_t n_want)
{
	size_t i;

	if (n != n_want)
		return false;
	for (i = 0; i < n; i++)
		if (got[i] != want[i])
			return false;
	return true;
}

static bool counts_are(const struct persist_counts *c, size_t records, size_t restored,
		       size_t live, size_t dropped, size_t kept)
{
	if (c->records == records && c->restored == restored && c->live == live &&
	    c->dropped == dropped && c->kept == kept)
		return true;
	tap_diag("counts: %zu records, %zu restored, %zu live, %zu dropped, %zu kept",
		 c->records, c->restored, c->live, c->dropped, c->kept);
	return false;
}

static void test_restore(void)
{
	static const char *const shares[] = {
		"ca", "CA", "ca", "ca", "ca", "ca", "plain", "gone", "IPC$", "off",
	};
	static const uint64_t sent1[] = { 1, 2, 3, 4, 5, 6 }, sent2[] = { 1, 2 };
	char *dir = xasprintf("%s/persist/share", tap_dir());
	char *store = xasprintf("%s/persist/restore.db", tap_dir());
	char *text = xasprintf("[ca]\npath = %s\ncontinuous availability = yes\nread only = no\n"
			       "[plain]\npath = %s\n"
			       "[off]\npath = %s\ncontinuous availability = yes\navailable = no\n",
			       dir, dir, dir);
	char *conf = write_conf("persist-restore.conf", store, text);
	struct fake_kernel k = { 0 };
	struct persist_counts c;
	struct smb3k_store_open o;
	struct smb3k_config cfg;
	struct persist p;
	bool ok = true;
	uint64_t id;

	mkdir(dir, 0755);
	if (!tap_ok(load_conf(&cfg, conf) && persist_start(&p, &cfg) == 0 && p.store,
		    "persist: restore: config and store"))
		goto out;
	for (id = 1; id <= ARRAY_SIZE(shares); id++) {
		plain_record(&o, id, shares[id - 1]);
		ok = smb3k_store_put(p.store, &o) == 0 && ok;
	}
	tap_ok(ok && persist_collect(&p) == 0 && p.n_ids == 10,
	       "persist: restore: 10 records collected");
	k = (struct fake_kernel){
		.p = &p, .same_as_stored = true, .paths_ok = true, .options_ok = true,
		.put_ok = true, .want_path = dir,
		.want_options = tree_share_options(&cfg, config_find_share(&cfg, "ca")),
		.script = { { 1, 0 }, { 2, -EEXIST }, { 3, -ESTALE }, { 4, -EBADMSG },
			    { 5, -ENOENT }, { 6, -EINVAL } },
		.n_script = 6,
	};
	tap_is_int(k.want_options, SMB3K_SHARE_OPT_CA | SMB3K_SHARE_OPT_BROWSEABLE,
		   "persist: restore: share ca's options as a tree connect gives them");
	persist_restore(&p, &cfg, fake_send, &k, &c);
	tap_ok(counts_are(&c, 10, 1, 1, 6, 2),
	       "persist: restore: 10 records, 1 restored, 1 live, 6 dropped, 2 kept");
	tap_ok(same_ids(k.sent, k.n_sent, sent1, ARRAY_SIZE(sent1)),
	       "persist: restore: only the records of CA disk shares were sent, in id order");
	tap_ok(k.same_as_stored && k.paths_ok && k.options_ok,
	       "persist: restore: each sent as stored, with the share's path and options");
	tap_ok(k.put_ok, "persist: restore: the store takes writes while the kernel answers");
	tap_ok(!absent(&p, 1) && !absent(&p, 2) && !absent(&p, 5) && !absent(&p, 6),
	       "persist: restore: restored, live, ENOENT and EINVAL (request) records stay");
	tap_ok(absent(&p, 3) && absent(&p, 4),
	       "persist: restore: ESTALE and EBADMSG (record) records are removed");
	tap_ok(absent(&p, 7) && absent(&p, 8) && absent(&p, 9) && absent(&p, 10),
	       "persist: restore: non-CA, missing, IPC$ and unavailable shares removed unsent");
	tap_is_int((long long)p.n_ids, 0, "persist: restore: the collected ids are used up");

	/* the module goes away in the middle; a record vanishes meanwhile */
	k.n_sent = 0;
	k.script[1].rc = PERSIST_SEND_STOP;
	k.remove_during = 6;
	tap_ok(persist_collect(&p) == 0 && p.n_ids == 4, "persist: restore: 4 records again");
	persist_restore(&p, &cfg, fake_send, &k, &c);
	tap_ok(counts_are(&c, 4, 1, 0, 0, 3) && same_ids(k.sent, k.n_sent, sent2, 2),
	       "persist: restore: a stop keeps that record and the rest, unsent");
	tap_ok(!absent(&p, 5), "persist: ... they stay in the store");

	k.n_sent = 0;
	k.script[1].rc = -EEXIST;
	k.remove_during = 5;
	persist_collect(&p);
	persist_restore(&p, &cfg, fake_send, &k, &c);
	tap_ok(counts_are(&c, 3, 1, 1, 1, 0),
	       "persist: restore: a record removed while the walk runs counts as dropped");
	persist_stop(&p);
	config_free(&cfg);
out:
	free(conf);
	free(text);
	free(store);
	free(dir);
}

/* A record to drop on a read-only store stays: it is kept, not counted dropped. */
static void test_restore_cannot_remove(void)
{
	char *path = xasprintf("%s/persist/ro-restore.db", tap_dir());
	struct fake_kernel k = { .same_as_stored = true };
	struct smb3k_store_open o;
	struct smb3k_config cfg;
	struct persist p;
	struct persist_counts c;

	plain_record(&o, 61, "nowhere");
	if (!tap_is_int(readonly_store(path, &o, &p), 0,
			"persist: a read-only store with a record on no share"))
		goto out;
	config_init_defaults(&cfg);
	k.p = &p;
	persist_collect(&p);
	persist_restore(&p, &cfg, fake_send, &k, &c);
	tap_ok(counts_are(&c, 1, 0, 0, 0, 1) && k.n_sent == 0 && !absent(&p, 61),
	       "persist: restore: a record that cannot be removed is kept (and not sent)");
	config_free(&cfg);
	persist_stop(&p);
out:
	free(path);
}

/* ---- a corrupt store stops the start ---- */

static void test_corrupt_start(void)
{
	char *garbage = xasprintf("%s/persist/garbage.db", tap_dir());
	char *badrec = xasprintf("%s/persist/badrec.db", tap_dir());
	struct smb3k_store_open o;
	struct smb3k_config cfg;
	struct smb3k_store *s;
	struct persist p;
	char *conf, err[1024];
	FILE *f = fopen(garbage, "w");

	if (f) {
		fputs("this is not a database at all, just text\n", f);
		fclose(f);
	}
	chmod(garbage, 0600);
	conf = write_conf("persist-garbage.conf", garbage, "");
	if (load_conf(&cfg, conf)) {
		tap_is_int(persist_start(&p, &cfg), -EBADMSG,
			   "persist: start on a file that is not a database: -EBADMSG");
		tap_ok(!p.store && !p.n_ids, "persist: ... no store kept, nothing to restore");
		config_free(&cfg);
	}
	free(conf);

	plain_record(&o, 3, "data");
	if (!smb3k_store_open(NULL, badrec, 0, &s, err, sizeof(err))) {
		smb3k_store_put(s, &o);
		smb3k_store_close(s);
	}
	raw_sql(badrec, "UPDATE opens SET path = '../x' WHERE persistent_id = 3");
	conf = write_conf("persist-badrec.conf", badrec, "");
	if (load_conf(&cfg, conf)) {
		tap_is_int(persist_start(&p, &cfg), -EBADMSG,
			   "persist: start on a store with an invalid record: -EBADMSG (the walk)");
		raw_sql(badrec, "UPDATE opens SET path = 'x' WHERE persistent_id = 3");
		tap_ok(persist_start(&p, &cfg) == 0 && p.n_ids == 1,
		       "persist: ... repaired, it starts with the record to restore");
		raw_sql(badrec, "UPDATE opens SET path = '../x' WHERE persistent_id = 3");
		tap_ok(persist_collect(&p) == -EBADMSG && p.n_ids == 0,
		       "persist: a record gone bad before a registration: -EBADMSG there too");
		persist_stop(&p);
		config_free(&cfg);
	}
	free(conf);
	free(garbage);
	free(badrec);
}

/* ---- the module going and coming back (nl.c) ---- */

static size_t ctrl_msg(unsigned char *buf, size_t off, uint8_t cmd, const char *name,
		       uint16_t id)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlmsghdr *nlh;

	genlmsg_put(msg, 0, 0, GENL_ID_CTRL, 0, 0, cmd, 2);
	nla_put_u16(msg, CTRL_ATTR_FAMILY_ID, id);
	nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name);
	nlh = nlmsg_hdr(msg);
	memcpy(buf + off, nlh, nlh->nlmsg_len);
	off += NLMSG_ALIGN(nlh->nlmsg_len);
	nlmsg_free(msg);
	return off;
}

static void test_family_back(void)
{
	unsigned char buf[1024];
	struct smb3k_nl *nl;
	size_t off;
	int rc = smb3k_nl_open(&nl);

	if (rc) {
		tap_ok(true, "# SKIP no generic netlink socket here (%s)", strerror(-rc));
		return;
	}
	smb3k_nl_set_family(nl, FAMILY, SMB3K_ABI_VERSION);
	off = ctrl_msg(buf, 0, CTRL_CMD_NEWFAMILY, SMB3K_GENL_NAME, FAMILY);
	smb3k_nl_handle(nl, buf, off);
	tap_ok(!smb3k_nl_family_back(nl) && !smb3k_nl_family_gone(nl),
	       "nl: NEWFAMILY SMB3K while it is there: nothing to do");
	off = ctrl_msg(buf, 0, CTRL_CMD_DELFAMILY, SMB3K_GENL_NAME, FAMILY);
	off = ctrl_msg(buf, off, CTRL_CMD_NEWFAMILY, "OTHER", FAMILY + 2);
	smb3k_nl_handle(nl, buf, off);
	tap_ok(smb3k_nl_family_gone(nl) && !smb3k_nl_family_back(nl),
	       "nl: DELFAMILY SMB3K: gone; another family's NEWFAMILY does not bring it back");
	off = ctrl_msg(buf, 0, CTRL_CMD_NEWFAMILY, SMB3K_GENL_NAME, FAMILY + 1);
	smb3k_nl_handle(nl, buf, off);
	tap_ok(smb3k_nl_family_gone(nl) && smb3k_nl_family_back(nl) &&
	       smb3k_nl_dispatch(nl) == -ENODEV,
	       "nl: NEWFAMILY SMB3K after that: back (dispatch still -ENODEV until resolved)");
	smb3k_nl_set_family(nl, FAMILY + 1, SMB3K_ABI_VERSION);
	tap_ok(!smb3k_nl_family_gone(nl) && !smb3k_nl_family_back(nl) &&
	       smb3k_nl_dispatch(nl) == 0, "nl: resolved again: neither gone nor back");
	off = ctrl_msg(buf, 0, CTRL_CMD_DELFAMILY, SMB3K_GENL_NAME, FAMILY + 1);
	off = ctrl_msg(buf, off, CTRL_CMD_NEWFAMILY, SMB3K_GENL_NAME, FAMILY + 3);
	smb3k_nl_handle(nl, buf, off);
	tap_ok(smb3k_nl_family_back(nl), "nl: unload and reload in one datagram: back");
	smb3k_nl_close(nl);
}

void test_persist(void)
{
	char *dir = xasprintf("%s/persist", tap_dir());

	mkdir(dir, 0700);
	free(dir);
	test_conversion();
	test_lock_limit();
	test_required();
	test_sizes();
	test_strings();
	test_structure();
	test_trailing();
	test_checked_values();
	test_save_remove();
	test_status_map();
	test_readonly_store();
	test_no_store();
	test_disk_full();
	test_restore();
	test_restore_cannot_remove();
	test_corrupt_start();
	test_family_back();
}
