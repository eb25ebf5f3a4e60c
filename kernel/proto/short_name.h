/* SPDX-License-Identifier: GPL-2.0 */
/*
 * short_name.h - 8.3 names (MS-FSCC 2.1.5.2.1) for FileAlternateNameInformation
 * and directory listings.
 */
#ifndef SMB3K_SHORT_NAME_H
#define SMB3K_SHORT_NAME_H

#include "proto_shim.h"

/* An 8.3 name is at most 12 UTF-16 code units. */
#define SMB2_SHORT_NAME_MAX_BYTES	24

u32 smb2_short_name(const u8 *name, u32 len, u8 *out, u32 *out_len);

#endif /* SMB3K_SHORT_NAME_H */
