/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb2_name.h - the rules on file names from the wire (MS-SMB2 2.2.13,
 * MS-FSCC 2.1.5): UTF-16LE, '\'-separated, relative to the share root,
 * with an optional stream part "name:stream[:$DATA]" (MS-FSCC 2.1.5.3).
 * smb2_name_check() only reads and validates; the caller converts the
 * ranges it reports.
 */
#ifndef SMB3K_SMB2_NAME_H
#define SMB3K_SMB2_NAME_H

#include "proto_shim.h"

/* MS-FSCC 2.1.5.2/2.1.5.3: a component or stream name is at most 255 units. */
#define SMB2_NAME_COMPONENT_MAX		255

/* smb2_name_check() flags */
#define SMB2_NAME_LEADING_SEP	0x1	/* a leading '\' is skipped (rename targets) */
#define SMB2_NAME_STREAMS	0x2	/* a stream part is allowed and reported */

/**
 * struct smb2_name_parts - where the parts of a checked name are
 * @path_off: first UTF-16 unit of the path (after a skipped leading '\')
 * @path_units: its length in units (0: the share root); no trailing '\'
 * @stream_off: first unit of the stream name
 * @stream_units: its length (0: the unnamed data stream, or no stream)
 * @stream: a stream part was given ("f:s" or "f::$DATA"): the open is of
 *	    a data stream, never of a directory itself
 */
struct smb2_name_parts {
	u32 path_off;
	u32 path_units;
	u32 stream_off;
	u32 stream_units;
	bool stream;
};

u32 smb2_name_check(const u8 *name, u32 len, unsigned int flags, struct smb2_name_parts *p);

#endif /* SMB3K_SMB2_NAME_H */
