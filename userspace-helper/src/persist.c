// SPDX-License-Identifier: GPL-2.0
/* smb3kd's persistent handles: the store at start, the upcalls, the restore. */
#include "persist.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/smb3k.h>

#include "log.h"
#include "ntstatus.h"
#include "open_msg.h"
#include "tree_connect.h"
#include "util.h"

#define RESTORE_MSG_MAX	256

enum outcome { RESTORED, LIVE, DROPPED, KEPT, STOP };

static void refuse_to_start(const char *what)
{
	log_err("%s: the persistent store is unusable: smb3kd refuses to start (move the file "
		"away to start without the persistent handles it holds)", what);
}

static int collect_one(const struct smb3k_store_open *o, void *arg)
{
	struct persist *p = arg;

	xgrow((void **)&p->ids, &p->cap_ids, p->n_ids + 1, sizeof(*p->ids));
	p->ids[p->n_ids++] = o->persistent_id;
	return 0;
}

int persist_collect(struct persist *p)
{
	int rc;

	p->n_ids = 0;
	if (!p->store)
		return 0;
	rc = smb3k_store_foreach(p->store, collect_one, p);
	if (!rc)
		return 0;
	p->n_ids = 0;
	if (rc == -EBADMSG) {
		refuse_to_start(smb3k_store_error(p->store));
		return rc;
	}
	log_err("%s: cannot read the persistent store: no persistent handle is restored",
		smb3k_store_error(p->store));
	return 0;
}

int persist_start(struct persist *p, const struct smb3k_config *cfg)
{
	char err[1024];
	int rc;

	memset(p, 0, sizeof(*p));
	rc = smb3k_store_open(cfg->persistent_store_engine, cfg->persistent_store, 0, &p->store,
			      err, sizeof(err));
	if (rc == -EBADMSG) {
		refuse_to_start(err);
		return rc;
	}
	if (rc) {
		log_err("%s: running without persistent handles until smb3kd is restarted "
			"with a usable store (persistent opens are refused)", err);
		return 0;
	}
	rc = persist_collect(p);
	if (rc)
		persist_stop(p);
	return rc;
}

void persist_stop(struct persist *p)
{
	smb3k_store_close(p->store);
	free(p->ids);
	memset(p, 0, sizeof(*p));
}

uint32_t persist_status(int err)
{
	switch (err) {
	case 0:
		return STATUS_SUCCESS;
	case -EINVAL:
		return STATUS_INVALID_PARAMETER;
	case -ENOSPC:
		return STATUS_DISK_FULL;
	case -EROFS:
	case -EACCES:
	case -EPERM:
		return STATUS_MEDIA_WRITE_PROTECTED;
	}
	return STATUS_INSUFFICIENT_RESOURCES;
}

/* The store, or NULL (logged once as an error, then as debug). */
static struct smb3k_store *store_of(struct persist *p, const char *what, uint64_t id)
{
	static bool told_without_ctx;
	bool *told = p ? &p->told_no_store : &told_without_ctx;

	if (p && p->store)
		return p->store;
	log_msg(*told ? LOG_DEBUG : LOG_ERR, "persistent open 0x%016llx not %s: smb3kd runs "
		"without a persistent store (see the error at its start)",
		(unsigned long long)id, what);
	*told = true;
	return NULL;
}

uint32_t persist_save(struct persist *p, const struct nlattr *open)
{
	struct smb3k_store_open o;
	struct smb3k_store *s;
	char why[256];
	int rc;

	if (!open) {
		log_warn("OPEN_SAVE upcall without OPEN");
		return STATUS_INVALID_PARAMETER;
	}
	if (open_msg_parse(open, &o, why, sizeof(why))) {
		log_warn("OPEN_SAVE of persistent open 0x%016llx refused: %s",
			 (unsigned long long)o.persistent_id, why);
		return STATUS_INVALID_PARAMETER;
	}
	s = store_of(p, "saved", o.persistent_id);
	rc = s ? smb3k_store_put(s, &o) : -ENODEV;
	if (s && rc)
		log_err("persistent open 0x%016llx not saved: %s",
			(unsigned long long)o.persistent_id, smb3k_store_error(s));
	else if (s)
		log_debug("persistent open 0x%016llx saved", (unsigned long long)o.persistent_id);
	smb3k_store_open_free_locks(&o);
	return persist_status(rc);
}

uint32_t persist_remove(struct persist *p, const struct nlattr *id_attr)
{
	struct smb3k_store *s;
	uint64_t id;
	int rc;

	if (!id_attr) {
		log_warn("OPEN_REMOVE upcall without OPEN_ID");
		return STATUS_INVALID_PARAMETER;
	}
	id = nla_get_u64((struct nlattr *)id_attr);
	s = store_of(p, "removed", id);
	if (!s)
		return persist_status(-ENODEV);
	rc = smb3k_store_remove(s, id);
	if (rc == -ENOENT)
		rc = 0;
	if (rc)
		log_err("persistent open 0x%016llx not removed: %s", (unsigned long long)id,
			smb3k_store_error(s));
	else
		log_debug("persistent open 0x%016llx removed", (unsigned long long)id);
	return persist_status(rc);
}

/* ---- restore ---- */

static enum outcome drop(struct persist *p, const struct smb3k_store_open *o,
			 const char *reason)
{
	int rc = smb3k_store_remove(p->store, o->persistent_id);

	if (rc && rc != -ENOENT) {
		log_err("persistent open 0x%016llx (%s) kept: cannot remove it: %s",
			(unsigned long long)o->persistent_id, reason, smb3k_store_error(p->store));
		return KEPT;
	}
	log_notice("persistent open 0x%016llx on [%s] %s dropped: %s",
		   (unsigned long long)o->persistent_id, o->share, o->path, reason);
	return DROPPED;
}

static enum outcome send_one(struct persist *p, const struct smb3k_store_open *o,
			     const struct share_config *s, uint32_t options,
			     persist_send_fn send, void *arg)
{
	char msg[RESTORE_MSG_MAX] = "", reason[RESTORE_MSG_MAX + 64];
	int rc = send(arg, o, s->path, options, msg, sizeof(msg));

	switch (rc) {
	case 0:
		log_debug("persistent open 0x%016llx restored",
			  (unsigned long long)o->persistent_id);
		return RESTORED;
	case -EEXIST:
		log_debug("persistent open 0x%016llx is live",
			  (unsigned long long)o->persistent_id);
		return LIVE;
	case -ESTALE:
	case -EBADMSG:
		snprintf(reason, sizeof(reason), "the kernel finds it %s%s%s",
			 rc == -ESTALE ? "obsolete (the file is gone or another one, or the open "
			 "was closed)" : "malformed", *msg ? ": " : "", msg);
		return drop(p, o, reason);
	case PERSIST_SEND_STOP:
		log_warn("persistent open 0x%016llx and those after it not restored now, kept: "
			 "the smb3k module is gone or does not answer",
			 (unsigned long long)o->persistent_id);
		return STOP;
	}
	log_warn("persistent open 0x%016llx not restored now, kept: %s%s%s",
		 (unsigned long long)o->persistent_id, strerror(-rc), *msg ? ": " : "", msg);
	return KEPT;
}

static enum outcome restore_one(struct persist *p, const struct smb3k_config *cfg, uint64_t id,
				persist_send_fn send, void *arg)
{
	char reason[SMB3K_STORE_SHARE_SIZE + 64];
	const struct share_config *s;
	struct smb3k_store_open o;
	enum outcome out;
	const char *why;
	uint32_t options;
	int rc = smb3k_store_get(p->store, id, &o);

	if (rc == -ENOENT) {
		log_debug("persistent open 0x%016llx was removed meanwhile",
			  (unsigned long long)id);
		return DROPPED;
	}
	if (rc) {
		log_err("persistent open 0x%016llx kept: %s", (unsigned long long)id,
			smb3k_store_error(p->store));
		return KEPT;
	}
	s = tree_disk_share(cfg, o.share, &why);
	options = s ? tree_share_options(cfg, s) : 0;
	if (!s) {
		snprintf(reason, sizeof(reason), "share '%s' %s", o.share, why);
		out = drop(p, &o, reason);
	} else if (!(options & SMB3K_SHARE_OPT_CA)) {
		snprintf(reason, sizeof(reason), "share '%s' is not continuously available",
			 o.share);
		out = drop(p, &o, reason);
	} else {
		out = send_one(p, &o, s, options, send, arg);
	}
	smb3k_store_open_free_locks(&o);
	return out;
}

void persist_restore(struct persist *p, const struct smb3k_config *cfg, persist_send_fn send,
		     void *arg, struct persist_counts *counts)
{
	struct persist_counts c = { 0 };
	bool stopped = false;
	size_t i;

	for (i = 0; p->store && i < p->n_ids; i++) {
		enum outcome out = stopped ? KEPT : restore_one(p, cfg, p->ids[i], send, arg);

		c.records++;
		c.restored += out == RESTORED;
		c.live += out == LIVE;
		c.dropped += out == DROPPED;
		c.kept += out == KEPT || out == STOP;
		stopped = stopped || out == STOP;
	}
	if (p->store)
		log_notice("persistent store: %zu records, %zu restored, %zu live, %zu dropped, "
			   "%zu kept", c.records, c.restored, c.live, c.dropped, c.kept);
	p->n_ids = 0;
	if (counts)
		*counts = c;
}
