/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_PERSISTENT_H
#define _SMB3K_PERSISTENT_H

#include <net/genetlink.h>
#include <linux/smb3k.h>

struct smb3k_open;
struct smb3k_work;
struct smb2_create_ctx_set;

/* How long smb3kd may take to write or remove a record (it syncs the disk). */
#define SMB3K_PERSISTENT_TIMEOUT_MS	15000

extern const struct nla_policy smb3k_open_policy[SMB3K_OPEN_A_MAX + 1];

bool smb3k_persistent_requested(struct smb3k_work *w, const struct smb2_create_ctx_set *ctx);
u32 smb3k_persistent_save(struct smb3k_open *op);
void smb3k_persistent_update(struct smb3k_open *op);
bool smb3k_persistent_mark_closed(struct smb3k_open *op);
void smb3k_persistent_closed(u64 persistent_id);
int smb3k_persistent_restore(struct sk_buff *skb, struct genl_info *info);

#endif /* _SMB3K_PERSISTENT_H */
