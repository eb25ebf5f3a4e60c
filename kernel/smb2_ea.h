/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Extended attributes on disk shares: the "ExtA" CREATE context and
 * QUERY_INFO / SET_INFO FileFullEaInformation (smb2_ea.c), and the mapping
 * of EAs to xattrs that the vfs driver's EaSize shares with them.
 */
#ifndef _SMB3K_SMB2_EA_H
#define _SMB3K_SMB2_EA_H

#include <linux/types.h>

/* EaValueLength is 16 bits: a longer xattr is no EA. */
#define SMB3K_EA_VALUE_MAX	U16_MAX

struct smb2_query_info_req;
struct smb2_set_info_req;
struct smb3k_open;
struct smb3k_work;

const char *smb3k_ea_xattr_name(const char *xattr, u8 *name_len);
u32 smb3k_ea_create(struct smb3k_work *w, struct smb3k_open *op, const u8 *ea, u32 ea_len,
		    u32 create_action);
u32 smb3k_ea_query(struct smb3k_work *w, const struct smb2_query_info_req *req,
		   u8 *out, u32 cap, u32 *len);
u32 smb3k_ea_set(struct smb3k_work *w, const struct smb2_set_info_req *req);

#endif /* _SMB3K_SMB2_EA_H */
