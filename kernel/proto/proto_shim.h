/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The whole environment of the smb3k codec (kernel/proto/).
 *
 * The codec is built twice: into smb3k.ko (__KERNEL__ defined) and in user
 * space for unit tests and fuzzing (tools/testing/codec/). Codec files
 * include this header and nothing else from the system (except the uapi
 * <linux/smb3k.h>): fixed-size integer types, bool, size_t, the string.h
 * functions memcpy, memset, memcmp, memchr and strlen, and little-endian
 * loads and stores on byte buffers of any alignment. No allocation, no
 * locking, no sleeping, no other kernel call.
 */
#ifndef SMB3K_PROTO_SHIM_H
#define SMB3K_PROTO_SHIM_H

#ifdef __KERNEL__

#include <linux/types.h>
#include <linux/string.h>
#include <asm/unaligned.h>

static inline u16 get_le16(const u8 *p)
{
	return get_unaligned_le16(p);
}

static inline u32 get_le32(const u8 *p)
{
	return get_unaligned_le32(p);
}

static inline u64 get_le64(const u8 *p)
{
	return get_unaligned_le64(p);
}

static inline void put_le16(u8 *p, u16 v)
{
	put_unaligned_le16(v, p);
}

static inline void put_le32(u8 *p, u32 v)
{
	put_unaligned_le32(v, p);
}

static inline void put_le64(u8 *p, u64 v)
{
	put_unaligned_le64(v, p);
}

#else /* !__KERNEL__ */

#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <linux/types.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;

static inline u16 get_le16(const u8 *p)
{
	return (u16)((u16)p[0] | (u16)((u16)p[1] << 8));
}

static inline u32 get_le32(const u8 *p)
{
	return (u32)p[0] | ((u32)p[1] << 8) | ((u32)p[2] << 16) | ((u32)p[3] << 24);
}

static inline u64 get_le64(const u8 *p)
{
	return (u64)get_le32(p) | ((u64)get_le32(p + 4) << 32);
}

static inline void put_le16(u8 *p, u16 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
}

static inline void put_le32(u8 *p, u32 v)
{
	p[0] = (u8)v;
	p[1] = (u8)(v >> 8);
	p[2] = (u8)(v >> 16);
	p[3] = (u8)(v >> 24);
}

static inline void put_le64(u8 *p, u64 v)
{
	put_le32(p, (u32)v);
	put_le32(p + 4, (u32)(v >> 32));
}

#endif /* __KERNEL__ */

/* Round @x up to a multiple of 8 (negotiate contexts, compound chains). */
static inline size_t proto_align8(size_t x)
{
	return (x + 7) & ~(size_t)7;
}

#endif /* SMB3K_PROTO_SHIM_H */
