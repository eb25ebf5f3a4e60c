/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_SMB2_PATH_H
#define _SMB3K_SMB2_PATH_H

#include <linux/types.h>

/* smb3k_smb2_path() flags */
#define SMB3K_PATH_ALLOW_LEADING_SEP	0x1	/* rename/link targets may start with '\' */

u32 smb3k_smb2_path(const u8 *name, u32 len, unsigned int flags, char **out);

#endif /* _SMB3K_SMB2_PATH_H */
