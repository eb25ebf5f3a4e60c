/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_NOTIFY_H
#define _SMB3K_NOTIFY_H

#include <linux/types.h>

struct smb2_change_notify_req;
struct smb3k_notify_watch;
struct smb3k_open;
struct smb3k_work;

u32 smb3k_notify_request(struct smb3k_work *w, const struct smb2_change_notify_req *req,
			 u8 *body, u32 cap, u32 *body_len);
void smb3k_notify_open_closed(struct smb3k_open *op);
int smb3k_notify_init(void);
void smb3k_notify_exit(void);

#endif /* _SMB3K_NOTIFY_H */
