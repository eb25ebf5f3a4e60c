/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_DURABLE_H
#define _SMB3K_DURABLE_H

#include <linux/mutex.h>
#include <linux/types.h>
#include <linux/xarray.h>

struct smb3k_open;
struct smb3k_tree;
struct smb3k_work;
struct smb2_create_ctx_set;

/* How long a durable open waits for its client (MS-SMB2 3.3.5.9.6, .10). */
#define SMB3K_DURABLE_V1_TIMEOUT_MS	(16 * 60 * 1000)	/* as Samba, Windows 7 */
#define SMB3K_DURABLE_V2_DEFAULT_MS	(60 * 1000)		/* <344> */
#define SMB3K_DURABLE_V2_MAX_MS		(300 * 1000)		/* 3.3.5.9.10 */
/* FSCTL_LMR_REQUEST_RESILIENCY: MaxResiliencyTimeout <226>, default <401>. */
#define SMB3K_RESILIENCY_MAX_MS		(300 * 1000)
#define SMB3K_RESILIENCY_DEFAULT_MS	(120 * 1000)

/*
 * The GlobalOpenTable (MS-SMB2 3.3.1.1): FileId.Persistent of every open.
 * The entry is the open for durable and resilient opens (the ones a reclaim
 * may name)
 * and a reserved slot for the others. Durable entries change under
 * smb3k_durable_lock.
 */
extern struct xarray smb3k_global_opens;
extern struct mutex smb3k_durable_lock;

u32 smb3k_durable_timeout_v2(u32 requested);
void smb3k_app_instance_add(struct smb3k_open *op);
u32 smb3k_durable_set_resilient(struct smb3k_open *op, u32 timeout_ms);
u32 smb3k_app_instance_claim(struct smb3k_work *w, struct smb3k_open *op,
			     const struct smb2_create_ctx_set *ctx);
bool smb3k_durable_disconnect(struct smb3k_open *op);
int smb3k_durable_adopt(struct smb3k_open *op, void *reserved);
u32 smb3k_durable_reconnect(struct smb3k_work *w, const struct smb2_create_ctx_set *ctx,
			    const char *path, struct smb3k_open **out);
void smb3k_durable_unlist(struct smb3k_open *op);
void smb3k_durable_mark_purge(struct smb3k_open *op);
unsigned int smb3k_durable_purge(void);
void smb3k_durable_close_all(void);
void smb3k_durable_exit(void);
void smb3k_replay_add(struct smb3k_open *op);
void smb3k_replay_del(struct smb3k_open *op);
void smb3k_replay_used(struct smb3k_open *op);
struct smb3k_open *smb3k_replay_find(struct smb3k_work *w, const u8 create_guid[16]);
u32 smb3k_replay_check(struct smb3k_work *w, struct smb3k_open *op,
		       const struct smb2_create_ctx_set *ctx);

#endif /* _SMB3K_DURABLE_H */
