// SPDX-License-Identifier: GPL-2.0
/*
 * file_info.c - file information classes (MS-FSCC 2.4): the QUERY_INFO
 * encoders (MS-FSA 2.1.5.12) and the SET_INFO decoders (MS-FSA 2.1.5.15).
 */
#include "smb2_info.h"

/* Sizes of MS-FSCC 2.4 structures and the minimum buffers of MS-FSA */
#define BASIC_SIZE		40
#define STANDARD_SIZE		24
#define INTERNAL_SIZE		8
#define EA_INFO_SIZE		4
#define ACCESS_SIZE		4
#define POSITION_SIZE		8
#define MODE_SIZE		4
#define ALIGNMENT_SIZE		4
#define NAME_FIXED		4	/* FileNameLength */
#define NAME_MIN		8	/* BlockAlign(FieldOffset(FileName) + 2, 4) */
#define ALL_NAME_OFF		96	/* NameInformation in FILE_ALL_INFORMATION */
#define ALL_MIN			104	/* BlockAlign(ALL_NAME_OFF + 4 + 2, 8) */
#define STREAM_FIXED		24	/* FILE_STREAM_INFORMATION up to StreamName */
#define STREAM_MIN		32	/* sizeof(FILE_STREAM_INFORMATION) */
#define COMPRESSION_SIZE	16
#define NETWORK_OPEN_SIZE	56
#define ATTRIBUTE_TAG_SIZE	8
#define ID_INFO_SIZE		24
#define DISPOSITION_SIZE	1
#define DISPOSITION_EX_SIZE	4
#define U64_INFO_SIZE		8
#define RENAME_FIXED		20	/* FILE_RENAME_INFORMATION_TYPE_2 up to FileName */
#define RENAME_MIN		24	/* with its Padding (2.4.42.2) */

/* NTFS defaults for a compressed file (MS-FSCC 2.4.9 <110>-<112>) */
#define COMPRESSION_UNIT_SHIFT	16
#define COMPRESSION_CHUNK_SHIFT	12
#define COMPRESSION_CLUSTER_SHIFT 12

/* 2.4.31: FILE_DELETE_ON_CLOSE is always returned as not set */
#define MODE_QUERY_MASK	(FILE_MODE_VALID & ~FILE_DELETE_ON_CLOSE)
/* MS-FSA 2.1.5.15.8: the only bits a set may carry */
#define MODE_SET_MASK	(FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | \
			 FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT)

#define S64_MAX_AS_U64	0x7FFFFFFFFFFFFFFFULL

/**
 * smb2_file_info_min_size() - smallest OutputBufferLength for a class
 * @cls: FileInfoClass
 *
 * The sizes MS-FSA 2.1.5.12 checks the output buffer against, for the
 * classes smb2_file_info_encode() handles.
 *
 * Return: bytes, or 0 for a class the encoder does not handle.
 */
u32 smb2_file_info_min_size(u8 cls)
{
	switch (cls) {
	case FileBasicInformation:
		return BASIC_SIZE;
	case FileStandardInformation:
		return STANDARD_SIZE;
	case FileInternalInformation:
	case FilePositionInformation:
	case FileAttributeTagInformation:
		return 8;
	case FileEaInformation:
	case FileAccessInformation:
	case FileModeInformation:
	case FileAlignmentInformation:
		return 4;
	case FileNameInformation:
	case FileAlternateNameInformation:
	case FileNormalizedNameInformation:
		return NAME_MIN;
	case FileAllInformation:
		return ALL_MIN;
	case FileStreamInformation:
		return STREAM_MIN;
	case FileCompressionInformation:
		return COMPRESSION_SIZE;
	case FileNetworkOpenInformation:
		return NETWORK_OPEN_SIZE;
	case FileIdInformation:
		return ID_INFO_SIZE;
	default:
		return 0;
	}
}

/*
 * Status for a class the encoder does not handle (MS-SMB2 3.3.5.20.1 and
 * its notes <415>/<416>, MS-FSCC 2.4): classes that are not for a query
 * (directory enumeration, set only) or not documented at all get
 * STATUS_INVALID_INFO_CLASS; documented query or local classes this
 * encoder leaves to others (FileFullEaInformation, the pipe classes) or
 * that the server does not offer get STATUS_NOT_SUPPORTED.
 */
static u32 unhandled_class_status(u8 cls)
{
	switch (cls) {
	case FileFullEaInformation:
	case FilePipeInformation:
	case FilePipeLocalInformation:
	case FilePipeRemoteInformation:
	case 26:	/* FileMailslotQueryInformation */
	case 29:	/* FileObjectIdInformation */
	case 32:	/* FileQuotaInformation */
	case 33:	/* FileReparsePointInformation */
	case 41:
	case 43:
	case 44:	/* FileSfioReserveInformation */
	case 45:	/* FileSfioVolumeInformation */
	case 46:	/* FileHardLinkInformation */
	case 47:
	case 49:
	case 51:
	case 53:
	case 54:	/* FileStandardLinkInformation */
		return STATUS_NOT_SUPPORTED;
	default:
		return STATUS_INVALID_INFO_CLASS;
	}
}

/* FileAttributes as MS-FSA 2.1.5.12.6 reports them */
static u32 report_attrs(const struct fscc_file_stat *st)
{
	u32 a = st->file_attributes;

	if (st->directory)
		a |= FILE_ATTRIBUTE_DIRECTORY;
	if (a & ~FILE_ATTRIBUTE_NORMAL)
		a &= ~FILE_ATTRIBUTE_NORMAL;
	return a ? a : FILE_ATTRIBUTE_NORMAL;
}

/* MS-FSA 2.1.5.12.10: a non-empty EA list counts its 4-byte header */
static u32 report_ea_size(const struct fscc_file_stat *st)
{
	if (!st->ea_size)
		return 0;
	return st->ea_size > 0xFFFFFFFFU - 4 ? 0xFFFFFFFFU : st->ea_size + 4;
}

/* FILE_BASIC_INFORMATION, 2.4.7 */
static void put_basic(u8 *p, const struct fscc_file_stat *st)
{
	put_le64(p, st->creation_time);
	put_le64(p + 8, st->last_access_time);
	put_le64(p + 16, st->last_write_time);
	put_le64(p + 24, st->change_time);
	put_le32(p + 32, report_attrs(st));
	put_le32(p + 36, 0);
}

/* FILE_STANDARD_INFORMATION, 2.4.47; no links left means delete pending */
static void put_standard(u8 *p, const struct fscc_file_stat *st)
{
	put_le64(p, st->allocation_size);
	put_le64(p + 8, st->end_of_file);
	put_le32(p + 16, st->number_of_links);
	p[20] = st->delete_pending || !st->number_of_links;
	p[21] = st->directory;
	put_le16(p + 22, 0);
}

/*
 * FILE_NAME_INFORMATION (2.1.7) into @cap >= NAME_FIXED bytes, as MS-FSA
 * 2.1.5.12.19: FileNameLength is the whole name's; the name is cut to an
 * even number of bytes that fit, with STATUS_BUFFER_OVERFLOW.
 */
static u32 put_name(u8 *p, u32 cap, const u8 *name, u32 name_len, u32 *len)
{
	u32 avail = (cap - NAME_FIXED) & ~1U;
	u32 n = name_len < avail ? name_len : avail;

	put_le32(p, name_len);
	if (n)
		memcpy(p + NAME_FIXED, name, n);
	*len = NAME_FIXED + n;
	return n < name_len ? STATUS_BUFFER_OVERFLOW : STATUS_SUCCESS;
}

/*
 * FILE_STREAM_INFORMATION list (2.4.49, MS-FSA 2.1.5.12.29): entries on
 * 8-byte boundaries, zeroed padding, the last NextEntryOffset 0. Only
 * whole entries are returned; one that does not fit stops the list with
 * STATUS_BUFFER_OVERFLOW.
 */
static u32 put_streams(const struct smb2_file_info_ctx *ctx, u8 *out, u32 cap, u32 *len)
{
	u32 end = 0, last = 0, i;
	u64 start, size;

	for (i = 0; i < ctx->nstreams; i++) {
		const struct smb2_stream_entry *s = &ctx->streams[i];

		start = i ? ((u64)end + 7) & ~7ULL : 0;
		size = STREAM_FIXED + (u64)s->name_len;
		if (start > cap || size > cap - start) {
			*len = end;
			return STATUS_BUFFER_OVERFLOW;
		}
		/* start is end rounded up to 8: at most 7 bytes of padding. */
		memset(out + end, 0, ((u32)start - end) & 7);
		if (i)
			put_le32(out + last, (u32)start - last);
		put_le32(out + start, 0);
		put_le32(out + start + 4, s->name_len);
		put_le64(out + start + 8, s->size);
		put_le64(out + start + 16, s->allocation_size);
		if (s->name_len)
			memcpy(out + start + STREAM_FIXED, s->name, s->name_len);
		last = (u32)start;
		end = (u32)(start + size);
	}
	*len = end;
	return STATUS_SUCCESS;
}

/* FILE_COMPRESSION_INFORMATION, 2.4.9 / MS-FSA 2.1.5.12.8 */
static void put_compression(u8 *p, const struct fscc_file_stat *st)
{
	memset(p, 0, COMPRESSION_SIZE);
	if (!st->directory)
		put_le64(p, st->allocation_size);
	if (st->file_attributes & FILE_ATTRIBUTE_COMPRESSED) {
		put_le16(p + 8, COMPRESSION_FORMAT_LZNT1);
		p[10] = COMPRESSION_UNIT_SHIFT;
		p[11] = COMPRESSION_CHUNK_SHIFT;
		p[12] = COMPRESSION_CLUSTER_SHIFT;
	}
}

/* FILE_NETWORK_OPEN_INFORMATION, 2.4.34 */
static void put_network_open(u8 *p, const struct fscc_file_stat *st)
{
	put_le64(p, st->creation_time);
	put_le64(p + 8, st->last_access_time);
	put_le64(p + 16, st->last_write_time);
	put_le64(p + 24, st->change_time);
	put_le64(p + 32, st->allocation_size);
	put_le64(p + 40, st->end_of_file);
	put_le32(p + 48, report_attrs(st));
	put_le32(p + 52, 0);
}

/* FILE_ALL_INFORMATION, 2.4.2 / MS-FSA 2.1.5.12.3 */
static u32 put_all(const struct smb2_file_info_ctx *ctx, u8 *out, u32 cap, u32 *len)
{
	const struct fscc_file_stat *st = ctx->st;
	u32 n, status;

	put_basic(out, st);
	put_standard(out + BASIC_SIZE, st);
	put_le64(out + 64, st->index_number);		/* InternalInformation */
	put_le32(out + 72, report_ea_size(st));		/* EaInformation */
	put_le32(out + 76, ctx->access_flags);		/* AccessInformation */
	put_le64(out + 80, ctx->position);		/* PositionInformation */
	put_le32(out + 88, ctx->mode & MODE_QUERY_MASK);	/* ModeInformation */
	put_le32(out + 92, ctx->alignment);		/* AlignmentInformation */
	status = put_name(out + ALL_NAME_OFF, cap - ALL_NAME_OFF, ctx->name, ctx->name_len, &n);
	*len = ALL_NAME_OFF + n;
	return status;
}

/**
 * smb2_file_info_encode() - encode a file information class for QUERY_INFO
 * @cls: FileInfoClass
 * @ctx: the file and the open (@ctx->st must not be NULL)
 * @out: output buffer (the response's Buffer)
 * @cap: its size, normally min(OutputBufferLength, room in the response)
 * @len: set to the bytes written (also on STATUS_BUFFER_OVERFLOW; 0 on error)
 *
 * Handles FileBasic, Standard, Internal, Ea, Access, Name, Position, Mode,
 * Alignment, All, AlternateName, Stream, Compression, NetworkOpen,
 * AttributeTag, NormalizedName and Id information (MS-FSCC 2.4, MS-FSA
 * 2.1.5.12). The class is checked before the length. Access checks, the
 * dialect checks of FileIdInformation/FileNormalizedNameInformation and
 * the refusal of FileNameInformation to remote clients (MS-FSA
 * 2.1.5.12.19; MS-SMB2 2.2.37 does not list it) are the caller's.
 *
 * Return: STATUS_SUCCESS; STATUS_BUFFER_OVERFLOW with the data cut (name
 * classes, FileAllInformation's name, the stream list: whole entries
 * only); STATUS_INFO_LENGTH_MISMATCH when @cap is below
 * smb2_file_info_min_size(); STATUS_OBJECT_NAME_NOT_FOUND for
 * FileAlternateNameInformation without an 8.3 name;
 * STATUS_INVALID_INFO_CLASS or STATUS_NOT_SUPPORTED for other classes.
 */
u32 smb2_file_info_encode(u8 cls, const struct smb2_file_info_ctx *ctx, u8 *out, u32 cap,
			  u32 *len)
{
	const struct fscc_file_stat *st = ctx->st;
	u32 need = smb2_file_info_min_size(cls);

	*len = 0;
	if (!need)
		return unhandled_class_status(cls);
	if (cap < need)
		return STATUS_INFO_LENGTH_MISMATCH;

	switch (cls) {
	case FileBasicInformation:
		put_basic(out, st);
		*len = BASIC_SIZE;
		return STATUS_SUCCESS;
	case FileStandardInformation:
		put_standard(out, st);
		*len = STANDARD_SIZE;
		return STATUS_SUCCESS;
	case FileInternalInformation:
		put_le64(out, st->index_number);
		*len = INTERNAL_SIZE;
		return STATUS_SUCCESS;
	case FileEaInformation:
		put_le32(out, report_ea_size(st));
		*len = EA_INFO_SIZE;
		return STATUS_SUCCESS;
	case FileAccessInformation:
		put_le32(out, ctx->access_flags);
		*len = ACCESS_SIZE;
		return STATUS_SUCCESS;
	case FilePositionInformation:
		put_le64(out, ctx->position);
		*len = POSITION_SIZE;
		return STATUS_SUCCESS;
	case FileModeInformation:
		put_le32(out, ctx->mode & MODE_QUERY_MASK);
		*len = MODE_SIZE;
		return STATUS_SUCCESS;
	case FileAlignmentInformation:
		put_le32(out, ctx->alignment);
		*len = ALIGNMENT_SIZE;
		return STATUS_SUCCESS;
	case FileNameInformation:
	case FileNormalizedNameInformation:
		return put_name(out, cap, ctx->name, ctx->name_len, len);
	case FileAlternateNameInformation:
		if (!ctx->alt_name || !ctx->alt_name_len)
			return STATUS_OBJECT_NAME_NOT_FOUND;
		return put_name(out, cap, ctx->alt_name, ctx->alt_name_len, len);
	case FileAllInformation:
		return put_all(ctx, out, cap, len);
	case FileStreamInformation:
		return put_streams(ctx, out, cap, len);
	case FileCompressionInformation:
		put_compression(out, st);
		*len = COMPRESSION_SIZE;
		return STATUS_SUCCESS;
	case FileNetworkOpenInformation:
		put_network_open(out, st);
		*len = NETWORK_OPEN_SIZE;
		return STATUS_SUCCESS;
	case FileAttributeTagInformation:
		put_le32(out, report_attrs(st));
		put_le32(out + 4, report_attrs(st) & FILE_ATTRIBUTE_REPARSE_POINT ?
			 st->reparse_tag : 0);
		*len = ATTRIBUTE_TAG_SIZE;
		return STATUS_SUCCESS;
	case FileIdInformation:
		/* 2.4.26: 64-bit serial, then the 128-bit FileId (index, 0) */
		put_le64(out, st->volume_serial);
		put_le64(out + 8, st->index_number);
		put_le64(out + 16, 0);
		*len = ID_INFO_SIZE;
		return STATUS_SUCCESS;
	default:
		return unhandled_class_status(cls);
	}
}

/* A FILE_BASIC_INFORMATION time below -2 (2.4.7, MS-FSA 2.1.5.15.2) */
static bool basic_time_bad(u64 t)
{
	return (t >> 63) && t < SMB2_BASIC_TIME_UNFREEZE;
}

/**
 * smb2_decode_basic_info() - FileBasicInformation of a SET_INFO (2.4.7)
 * @buf: the SET_INFO buffer
 * @len: its length
 * @bi: the values (see struct smb2_basic_info for the time conventions)
 *
 * Attribute checks that need the open (FILE_ATTRIBUTE_DIRECTORY on a file,
 * FILE_ATTRIBUTE_TEMPORARY on a directory) are the caller's.
 *
 * Return: STATUS_SUCCESS, STATUS_INFO_LENGTH_MISMATCH below 40 bytes, or
 * STATUS_INVALID_PARAMETER for a time below -2 (MS-FSA 2.1.5.15.2).
 */
u32 smb2_decode_basic_info(const u8 *buf, u32 len, struct smb2_basic_info *bi)
{
	memset(bi, 0, sizeof(*bi));
	if (len < BASIC_SIZE)
		return STATUS_INFO_LENGTH_MISMATCH;
	bi->creation_time = get_le64(buf);
	bi->last_access_time = get_le64(buf + 8);
	bi->last_write_time = get_le64(buf + 16);
	bi->change_time = get_le64(buf + 24);
	bi->file_attributes = get_le32(buf + 32);
	if (basic_time_bad(bi->creation_time) || basic_time_bad(bi->last_access_time) ||
	    basic_time_bad(bi->last_write_time) || basic_time_bad(bi->change_time))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/**
 * smb2_decode_rename_info() - FileRenameInformation, FileRenameInformationEx
 * or FileLinkInformation of a SET_INFO
 * @cls: FileRenameInformation (10), FileLinkInformation (11) or
 *	FileRenameInformationEx (65)
 * @buf: the SET_INFO buffer
 * @len: its length
 * @ri: the values; @ri->name points into @buf
 *
 * Layouts: FILE_RENAME_INFORMATION_TYPE_2 (2.4.42.2) and
 * FILE_LINK_INFORMATION_TYPE_2 (2.4.28.2): ReplaceIfExists (1), Reserved
 * (7), RootDirectory (8), FileNameLength (4), FileName; FILE_RENAME_
 * INFORMATION_EX (2.4.43): Flags (4), Reserved (4), then the same. The
 * structures are at least 24 bytes (their Padding). The name itself
 * (separators, a leading backslash) is left to the caller.
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_INFO_CLASS for another class;
 * STATUS_INFO_LENGTH_MISMATCH below 24 bytes (MS-SMB2 3.3.5.21.1);
 * STATUS_INVALID_PARAMETER for a FileNameLength that is 0, odd or past
 * the buffer, a non-zero RootDirectory (MS-FSA 2.1.5.15.12, MS-SMB2
 * 3.3.5.21.1) or unknown FILE_RENAME_* flags.
 */
u32 smb2_decode_rename_info(u8 cls, const u8 *buf, u32 len, struct smb2_rename_info *ri)
{
	u32 nlen;

	memset(ri, 0, sizeof(*ri));
	if (cls != FileRenameInformation && cls != FileLinkInformation &&
	    cls != FileRenameInformationEx)
		return STATUS_INVALID_INFO_CLASS;
	if (len < RENAME_MIN)
		return STATUS_INFO_LENGTH_MISMATCH;
	if (cls == FileRenameInformationEx) {
		ri->flags = get_le32(buf);
		if (ri->flags & ~FILE_RENAME_FLAGS_VALID)
			return STATUS_INVALID_PARAMETER;
		ri->replace_if_exists = ri->flags & FILE_RENAME_REPLACE_IF_EXISTS;
	} else {
		ri->replace_if_exists = buf[0] != 0;
	}
	ri->root_directory = get_le64(buf + 8);
	nlen = get_le32(buf + 16);
	if (!nlen || (nlen & 1) || nlen > len - RENAME_FIXED || ri->root_directory)
		return STATUS_INVALID_PARAMETER;
	ri->name = buf + RENAME_FIXED;
	ri->name_len = nlen;
	return STATUS_SUCCESS;
}

/**
 * smb2_decode_disposition_info() - FileDispositionInformation(Ex) of a
 * SET_INFO (2.4.11, 2.4.12)
 * @cls: FileDispositionInformation (13) or FileDispositionInformationEx (64)
 * @buf: the SET_INFO buffer
 * @len: its length
 * @flags: FILE_DISPOSITION_DELETE or 0 for class 13 (DeletePending is a
 *	Boolean: any non-zero byte), the Flags for class 64
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_INFO_CLASS for another class;
 * STATUS_INFO_LENGTH_MISMATCH below 1 (13) or 4 (64) bytes;
 * STATUS_NOT_SUPPORTED for flags not defined in 2.4.12 (MS-FSA 2.1.5.15.4).
 */
u32 smb2_decode_disposition_info(u8 cls, const u8 *buf, u32 len, u32 *flags)
{
	*flags = 0;
	switch (cls) {
	case FileDispositionInformation:
		if (len < DISPOSITION_SIZE)
			return STATUS_INFO_LENGTH_MISMATCH;
		*flags = buf[0] ? FILE_DISPOSITION_DELETE : FILE_DISPOSITION_DO_NOT_DELETE;
		return STATUS_SUCCESS;
	case FileDispositionInformationEx:
		if (len < DISPOSITION_EX_SIZE)
			return STATUS_INFO_LENGTH_MISMATCH;
		*flags = get_le32(buf);
		if (*flags & ~FILE_DISPOSITION_FLAGS_VALID)
			return STATUS_NOT_SUPPORTED;
		return STATUS_SUCCESS;
	default:
		return STATUS_INVALID_INFO_CLASS;
	}
}

/**
 * smb2_decode_u64_info() - a one-field 64-bit class of a SET_INFO
 * @cls: FilePositionInformation (14, 2.4.40), FileAllocationInformation
 *	(19, 2.4.4), FileEndOfFileInformation (20, 2.4.14) or
 *	FileValidDataLengthInformation (39, 2.4.50)
 * @buf: the SET_INFO buffer
 * @len: its length
 * @value: the value, 0 .. 2^63 - 1
 *
 * All four are signed on the wire and MS-FSA 2.1.5.15 fails a negative
 * one with STATUS_INVALID_PARAMETER (for AllocationSize and EndOfFile as
 * "greater than the maximum file size"). Limits that depend on the file
 * (sector alignment, the current valid data length, the largest file
 * size) are the caller's.
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_INFO_CLASS for another class;
 * STATUS_INFO_LENGTH_MISMATCH below 8 bytes; STATUS_INVALID_PARAMETER for
 * a negative value.
 */
u32 smb2_decode_u64_info(u8 cls, const u8 *buf, u32 len, u64 *value)
{
	*value = 0;
	if (cls != FilePositionInformation && cls != FileAllocationInformation &&
	    cls != FileEndOfFileInformation && cls != FileValidDataLengthInformation)
		return STATUS_INVALID_INFO_CLASS;
	if (len < U64_INFO_SIZE)
		return STATUS_INFO_LENGTH_MISMATCH;
	if (get_le64(buf) > S64_MAX_AS_U64)
		return STATUS_INVALID_PARAMETER;
	*value = get_le64(buf);
	return STATUS_SUCCESS;
}

/**
 * smb2_decode_mode_info() - FileModeInformation of a SET_INFO (2.4.31)
 * @buf: the SET_INFO buffer
 * @len: its length
 * @mode: the Mode
 *
 * MS-FSA 2.1.5.15.8: only FILE_WRITE_THROUGH, FILE_SEQUENTIAL_ONLY and at
 * most one of FILE_SYNCHRONOUS_IO_ALERT / _NONALERT may be set. Whether
 * the synchronous bits match the open is the caller's check.
 *
 * Return: STATUS_SUCCESS, STATUS_INFO_LENGTH_MISMATCH below 4 bytes, or
 * STATUS_INVALID_PARAMETER.
 */
u32 smb2_decode_mode_info(const u8 *buf, u32 len, u32 *mode)
{
	u32 m;

	*mode = 0;
	if (len < MODE_SIZE)
		return STATUS_INFO_LENGTH_MISMATCH;
	m = get_le32(buf);
	if (m & ~MODE_SET_MASK)
		return STATUS_INVALID_PARAMETER;
	if ((m & FILE_SYNCHRONOUS_IO_ALERT) && (m & FILE_SYNCHRONOUS_IO_NONALERT))
		return STATUS_INVALID_PARAMETER;
	*mode = m;
	return STATUS_SUCCESS;
}
