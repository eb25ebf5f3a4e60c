/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What a persistent-handle store engine implements (store.h is the
 * interface its users see). store.c validates records before put and
 * after get/foreach, sets updated_ns, keeps the error message and refuses
 * writes on a read-only handle; an engine stores and loads the fields
 * faithfully, turns what it reads into a record only if every value fits
 * its field (else -EBADMSG), and maps its failures to the errnos listed
 * in store.h. Engines are listed in store.c's engines[].
 */
#ifndef SMB3K_STORE_ENGINE_H
#define SMB3K_STORE_ENGINE_H

#include "store.h"
#include "util.h"

struct smb3k_store_ops {
	const char *name;
	/* Open location; keep the engine's state with smb3k_store_set_priv(). */
	int (*open)(struct smb3k_store *s, const char *location, int flags);
	/* Insert or replace, durable on return; o is valid, updated_ns given. */
	int (*put)(struct smb3k_store *s, const struct smb3k_store_open *o, int64_t updated_ns);
	int (*remove)(struct smb3k_store *s, uint64_t persistent_id);
	/* o is zeroed by the caller; on failure the caller zeroes it again. */
	int (*get)(struct smb3k_store *s, uint64_t persistent_id, struct smb3k_store_open *o);
	/* Ascending unsigned persistent_id; stop at a nonzero cb return. */
	int (*foreach)(struct smb3k_store *s,
		       int (*cb)(const struct smb3k_store_open *o, void *arg), void *arg);
	/* Free everything (also after a failed open). */
	void (*close)(struct smb3k_store *s);
};

extern const struct smb3k_store_ops smb3k_store_sqlite_ops;

void *smb3k_store_priv(struct smb3k_store *s);
void smb3k_store_set_priv(struct smb3k_store *s, void *priv);
const char *smb3k_store_location(const struct smb3k_store *s);
/* Set the message ("LOCATION: " is prepended) and return err. */
int smb3k_store_fail(struct smb3k_store *s, int err, const char *fmt, ...) PRINTF_LIKE(3, 4);

#endif
