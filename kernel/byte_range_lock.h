/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_BYTE_RANGE_LOCK_H
#define _SMB3K_BYTE_RANGE_LOCK_H

#include <linux/types.h>

struct smb3k_open;
struct smb3k_open_lock;
struct smb3k_work;

u32 smb3k_brl_lock(struct smb3k_open *op, u64 offset, u64 length, bool exclusive);
u32 smb3k_brl_unlock(struct smb3k_open *op, u64 offset, u64 length);
int smb3k_brl_wait(struct smb3k_work *w, struct smb3k_open *op, u64 offset, u64 length,
		   bool exclusive, u32 seq_index, u8 seq);
u32 smb3k_brl_check_io(struct smb3k_open *op, u64 offset, u64 length, bool write);
void smb3k_brl_open_closed(struct smb3k_open *op);
int smb3k_brl_snapshot(struct smb3k_open *op, struct smb3k_open_lock **locks, u32 *n);

#endif /* _SMB3K_BYTE_RANGE_LOCK_H */
