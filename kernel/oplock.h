/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_OPLOCK_H
#define _SMB3K_OPLOCK_H

#include <linux/types.h>

struct smb2_create_ctx_set;
struct smb3k_open;
struct smb3k_file;
struct smb3k_work;

/*
 * What an operation breaks in the caching others hold on a file (MS-FSA
 * 2.1.4.12, its BreakCacheState).
 */
enum smb3k_break {
	SMB3K_BREAK_OPEN,	/* an open: write caching (batch/exclusive to II) */
	SMB3K_BREAK_DATA,	/* overwrite, write, size, lock: read and write caching */
	SMB3K_BREAK_HANDLE,	/* sharing violation, rename, delete: handle caching */
};

/**
 * struct smb3k_oplock_grant - what CREATE answers about caching
 * @level: OplockLevel of the response
 * @lease: a lease response context is due
 * @lease_state: its LeaseState
 * @lease_flags: its Flags
 * @lease_epoch: its Epoch (version 2)
 * @lease_version: the lease's version: the form of the context (1 or 2)
 */
struct smb3k_oplock_grant {
	u8 level;
	bool lease;
	u8 lease_version;
	u32 lease_state;
	u32 lease_flags;
	u16 lease_epoch;
};

/* What an open caches, as a persistent open's record keeps it (persistent.c). */
struct smb3k_oplock_snapshot {
	u8 level;		/* SMB2_OPLOCK_LEVEL_*, LEASE with a lease */
	u8 lease_version;
	u8 lease_key[16];
	u8 parent_key[16];
	u32 lease_state;
	u32 lease_flags;	/* SMB2_LEASE_FLAG_BREAK_IN_PROGRESS, _PARENT_LEASE_KEY_SET */
	u16 lease_epoch;
};

u32 smb3k_oplock_before_open(struct smb3k_work *w, struct smb3k_open *op,
			     const struct smb2_create_ctx_set *ctx, u64 volume, u64 index,
			     u32 access, bool overwrite);
u32 smb3k_oplock_break_handles(struct smb3k_work *w, struct smb3k_open *op,
			       const struct smb2_create_ctx_set *ctx, u64 volume, u64 index);
u32 smb3k_oplock_grant(struct smb3k_work *w, struct smb3k_open *op, u8 requested,
		       const struct smb2_create_ctx_set *ctx, struct smb3k_oplock_grant *g);
void smb3k_oplock_break_others(struct smb3k_work *w, struct smb3k_open *op,
			       enum smb3k_break why);
void smb3k_oplock_open_closed(struct smb3k_open *op);
void smb3k_oplock_detach(struct smb3k_open *op);
u32 smb3k_oplock_ack(struct smb3k_open *op, u8 level, u8 *new_level);
u32 smb3k_lease_ack(const u8 client_guid[16], const u8 key[16], u32 state);
bool smb3k_oplock_handle_cached(const struct smb3k_open *op);
bool smb3k_oplock_has_lease(const struct smb3k_open *op);
bool smb3k_oplock_has_lease_key(struct smb3k_open *op, const u8 key[16]);
u32 smb3k_oplock_reconnect_check(struct smb3k_open *op, const struct smb2_create_ctx_set *ctx,
				 const u8 client_guid[16], bool durable);
void smb3k_oplock_current(struct smb3k_open *op, struct smb3k_oplock_grant *g);
void smb3k_oplock_snapshot(struct smb3k_open *op, struct smb3k_oplock_snapshot *s);
int smb3k_oplock_restore(struct smb3k_open *op, const struct smb3k_oplock_snapshot *s);

/* The decisions alone, without tables or locks (kernel-doc in oplock.c). */
u32 smb3k_lease_state_valid(u32 state);
u32 smb3k_lease_allowed(bool others_open, bool others_write, bool others_oplock);
u32 smb3k_lease_promote(u32 held, bool breaking, u32 requested, u32 allowed);
u32 smb3k_lease_break_to(u32 state, enum smb3k_break why);
bool smb3k_lease_break_acked(u32 state);
u32 smb3k_lease_ack_check(bool breaking, u32 break_to, u32 state);
u8 smb3k_oplock_grant_level(u8 requested, bool others_open, bool others_caching);
u8 smb3k_oplock_break_to(u8 level, enum smb3k_break why, bool at_open);
u32 smb3k_oplock_ack_check(bool breaking, u8 held, u8 break_to, u8 level, u8 *new_level);

#endif /* _SMB3K_OPLOCK_H */
