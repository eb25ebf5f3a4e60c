/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_SMB2_SECURITY_H
#define _SMB3K_SMB2_SECURITY_H

#include <linux/types.h>

struct smb2_query_info_req;
struct smb2_sd_view;
struct smb2_set_info_req;
struct smb3k_open;
struct smb3k_work;

u32 smb3k_query_security(struct smb3k_work *w, const struct smb2_query_info_req *req,
			 u8 *out, u32 cap, u32 *len);
u32 smb3k_set_security(struct smb3k_work *w, const struct smb2_set_info_req *req);
u32 smb3k_sd_access(struct smb3k_work *w, struct smb3k_open *op, u32 desired, u32 *granted,
		    u32 *maximal);
u32 smb3k_sd_new_file(struct smb3k_work *w, struct smb3k_open *op,
		      const struct smb2_sd_view *creator);

#endif /* _SMB3K_SMB2_SECURITY_H */
