/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_CREDITS_H
#define _SMB3K_CREDITS_H

#include <linux/spinlock.h>
#include <linux/types.h>

/* Most credits a client may hold at once (Samba's "smb2 max credits"). */
#define SMB3K_MAX_CREDITS	8192

/**
 * struct smb3k_credits - a connection's CommandSequenceWindow (MS-SMB2 3.3.1.1)
 * @lock: protects the fields below
 * @base: lowest MessageId of the window
 * @size: MessageIds granted from @base on (used or not)
 * @used: MessageIds of the window already received, a ring indexed by
 *	  MessageId modulo SMB3K_MAX_CREDITS
 */
struct smb3k_credits {
	spinlock_t lock;
	u64 base;
	u32 size;
	DECLARE_BITMAP(used, SMB3K_MAX_CREDITS);
};

void smb3k_credits_init(struct smb3k_credits *c);
bool smb3k_credits_consume(struct smb3k_credits *c, u64 message_id, u16 charge);
u16 smb3k_credits_grant(struct smb3k_credits *c, u16 charge, u16 requested);

#endif /* _SMB3K_CREDITS_H */
