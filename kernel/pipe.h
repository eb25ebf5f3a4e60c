/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_PIPE_H
#define _SMB3K_PIPE_H

#include <linux/types.h>

struct smb3k_open;
struct smb3k_session;

u32 smb3k_pipe_open(struct smb3k_session *sess, const char *name, u64 *pipe_id);
u32 smb3k_pipe_io(u8 cmd, struct smb3k_open *op, const u8 *in, u32 in_len,
		  u8 *out, u32 out_cap, u32 *out_len);

#endif /* _SMB3K_PIPE_H */
