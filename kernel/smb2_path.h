/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_SMB2_PATH_H
#define _SMB3K_SMB2_PATH_H

#include <linux/types.h>

/* smb3k_smb2_path() flags */
#define SMB3K_PATH_ALLOW_LEADING_SEP	0x1	/* rename/link targets may start with '\' */

/**
 * struct smb3k_stream_name - the stream part of a wire name
 * @name: the stream's name (kmalloc'ed UTF-8), NULL for the unnamed one
 * @data: a stream was named ("file:s" or "file::$DATA"): the open is of a
 *	  data stream, never of a directory itself
 */
struct smb3k_stream_name {
	char *name;
	bool data;
};

u32 smb3k_smb2_path_stream(const u8 *name, u32 len, unsigned int flags, char **out,
			   struct smb3k_stream_name *sn);
u32 smb3k_smb2_path(const u8 *name, u32 len, unsigned int flags, char **out);

#endif /* _SMB3K_SMB2_PATH_H */
