// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_query_dir.c - QUERY_DIRECTORY bodies and directory entries.
 */
#include "smb2_query_dir.h"

#define QUERY_DIR_REQ_SIZE	33
#define QUERY_DIR_REQ_FIXED	32
#define QUERY_DIR_RSP_SIZE	9

/* EaSize holds the reparse tag of a reparse point (2.4.8, 2.4.15, ...) */
#define DL_EA_TAG		0x01

/*
 * Layout of one entry class; offsets into the entry, 0 when the field is
 * absent. Every class but FileNamesInformation has the common part:
 * FileIndex 4, times 8-39, EndOfFile 40, AllocationSize 48,
 * FileAttributes 56, FileNameLength 60.
 */
struct dir_layout {
	u8 info_class;
	u8 name_off;		/* FileName: FieldOffset(FileName) */
	u8 flags;
	u8 ea_off;		/* EaSize */
	u8 tag_off;		/* ReparsePointTag */
	u8 id64_off;		/* 64-bit FileId */
	u8 id128_off;		/* 128-bit FileId */
	u8 short_off;		/* ShortNameLength; ShortName at + 2 */
};

static const struct dir_layout dir_layouts[] = {
	/* MS-FSCC 2.4.10 */
	{ FileDirectoryInformation, 64, 0, 0, 0, 0, 0, 0 },
	/* 2.4.15 */
	{ FileFullDirectoryInformation, 68, DL_EA_TAG, 64, 0, 0, 0, 0 },
	/* 2.4.8 */
	{ FileBothDirectoryInformation, 94, DL_EA_TAG, 64, 0, 0, 0, 68 },
	/* 2.4.33 */
	{ FileNamesInformation, 12, 0, 0, 0, 0, 0, 0 },
	/* 2.4.22: Reserved2 at 94 */
	{ FileIdBothDirectoryInformation, 104, DL_EA_TAG, 64, 0, 96, 0, 68 },
	/* 2.4.24: Reserved at 68 */
	{ FileIdFullDirectoryInformation, 80, DL_EA_TAG, 64, 0, 72, 0, 0 },
	/* 2.4.23 */
	{ FileIdExtdDirectoryInformation, 88, 0, 64, 68, 0, 72, 0 },
	/* 2.4.19 */
	{ FileId64ExtdDirectoryInformation, 80, 0, 64, 68, 72, 0, 0 },
	/* 2.4.18 */
	{ FileId64ExtdBothDirectoryInformation, 106, 0, 64, 68, 72, 0, 80 },
	/* 2.4.21 */
	{ FileIdAllExtdDirectoryInformation, 96, 0, 64, 68, 72, 80, 0 },
	/* 2.4.20 */
	{ FileIdAllExtdBothDirectoryInformation, 122, 0, 64, 68, 72, 80, 96 },
	{ 0 }	/* class 0 does not exist: the end */
};

static const struct fscc_file_stat no_stat;

static const struct dir_layout *dir_layout_of(u8 info_class)
{
	const struct dir_layout *l;

	for (l = dir_layouts; l->info_class; l++) {
		if (l->info_class == info_class)
			return l;
	}
	return NULL;
}

/* MS-FSA 2.1.5.6.3.x: DIRECTORY for directories, NORMAL only alone. */
static u32 entry_attrs(const struct fscc_file_stat *st)
{
	u32 a = st->file_attributes;

	if (st->directory)
		a |= FILE_ATTRIBUTE_DIRECTORY;
	if (a & ~FILE_ATTRIBUTE_NORMAL)
		a &= ~FILE_ATTRIBUTE_NORMAL;
	return a ? a : FILE_ATTRIBUTE_NORMAL;
}

/*
 * Write @e at @off with @copy bytes of its name (FileNameLength says the
 * whole name), zero the alignment gap before it and link it from the last.
 */
static void put_entry(struct smb2_dir_writer *dw, const struct dir_layout *l, u32 off,
		      const struct smb2_dir_entry *e, u32 copy)
{
	const struct fscc_file_stat *st = e->st ? e->st : &no_stat;
	u8 *p = dw->buf + off;
	u32 attrs = entry_attrs(st);
	bool reparse = attrs & FILE_ATTRIBUTE_REPARSE_POINT;
	u8 slen;

	if (off > dw->used)
		memset(dw->buf + dw->used, 0, off - dw->used);
	memset(p, 0, l->name_off);
	put_le32(p + 4, e->file_index);
	if (l->info_class == FileNamesInformation) {
		put_le32(p + 8, e->name_len);
	} else {
		put_le64(p + 8, st->creation_time);
		put_le64(p + 16, st->last_access_time);
		put_le64(p + 24, st->last_write_time);
		put_le64(p + 32, st->change_time);
		put_le64(p + 40, st->end_of_file);
		put_le64(p + 48, st->allocation_size);
		put_le32(p + 56, attrs);
		put_le32(p + 60, e->name_len);
	}
	if (l->ea_off)
		put_le32(p + l->ea_off, (l->flags & DL_EA_TAG) && reparse ?
			 st->reparse_tag : st->ea_size);
	if (l->tag_off && reparse)
		put_le32(p + l->tag_off, st->reparse_tag);
	if (l->id64_off)
		put_le64(p + l->id64_off, st->index_number);
	if (l->id128_off)
		put_le64(p + l->id128_off, st->index_number);	/* high half 0 */
	if (l->short_off && e->short_name) {
		slen = e->short_name_len;
		if (slen > SMB2_DIR_SHORT_NAME_MAX)
			slen = SMB2_DIR_SHORT_NAME_MAX;
		p[l->short_off] = slen;
		memcpy(p + l->short_off + 2, e->short_name, slen);
	}
	if (copy)
		memcpy(p + l->name_off, e->name, copy);
	if (dw->count)
		put_le32(dw->buf + dw->last, off - dw->last);
	dw->last = off;
	dw->used = off + l->name_off + copy;
	dw->count++;
}

/**
 * smb2_query_dir_parse() - validate a QUERY_DIRECTORY request (2.2.33)
 * @cmd: the command: SMB2 header and body
 * @len: its length
 * @req: the validated view
 *
 * Checks StructureSize and that FileNameOffset/FileNameLength lie after
 * the fixed part and inside the command (the offset is ignored when the
 * length is 0). OutputBufferLength is not judged here: see smb2_query_dir.h.
 *
 * Return: STATUS_SUCCESS; STATUS_INVALID_PARAMETER for a short body, a
 * wrong StructureSize, a pattern outside the command or of odd length;
 * STATUS_INVALID_INFO_CLASS for a class MS-SMB2 3.3.5.18 does not list
 * (with @req filled in, so that the handler may first check the open as
 * 3.3.5.18 orders).
 */
u32 smb2_query_dir_parse(const u8 *cmd, size_t len, struct smb2_query_dir_req *req)
{
	const u8 *b = cmd + SMB2_HDR_SIZE;
	size_t fixed_end = SMB2_HDR_SIZE + QUERY_DIR_REQ_FIXED;
	u16 noff, nlen;

	if (len < fixed_end || get_le16(b) != QUERY_DIR_REQ_SIZE)
		return STATUS_INVALID_PARAMETER;
	req->info_class = b[2];
	req->flags = b[3];
	req->file_index = get_le32(b + 4);
	req->fileid.persistent = get_le64(b + 8);
	req->fileid.volatile_id = get_le64(b + 16);
	noff = get_le16(b + 24);
	nlen = get_le16(b + 26);
	req->output_len = get_le32(b + 28);
	req->pattern = NULL;
	req->pattern_len = 0;
	if (nlen) {
		if (noff < fixed_end || noff > len || nlen > len - noff || (nlen & 1))
			return STATUS_INVALID_PARAMETER;
		req->pattern = cmd + noff;
		req->pattern_len = nlen;
	}
	if (!smb2_dir_class_valid(req->info_class))
		return STATUS_INVALID_INFO_CLASS;
	return STATUS_SUCCESS;
}

/**
 * smb2_query_dir_build_rsp() - QUERY_DIRECTORY response body (2.2.34)
 * @data_len: bytes of entries already at @body + SMB2_QUERY_DIR_RSP_FIXED
 *	(smb2_dir_writer.used)
 * @body: output
 * @cap: bytes available at @body
 * @len: set to the body's length
 *
 * OutputBufferOffset is 72, the entries' offset from the header. With no
 * entries it is 0 and the body is 9 bytes, byte for byte the ERROR body
 * (2.2.2) that Windows sends with STATUS_NO_MORE_FILES.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_TOO_SMALL.
 */
u32 smb2_query_dir_build_rsp(u32 data_len, u8 *body, size_t cap, size_t *len)
{
	if (cap < SMB2_QUERY_DIR_RSP_FIXED + 1 || data_len > cap - SMB2_QUERY_DIR_RSP_FIXED)
		return STATUS_BUFFER_TOO_SMALL;
	memset(body, 0, SMB2_QUERY_DIR_RSP_FIXED);
	put_le16(body, QUERY_DIR_RSP_SIZE);
	if (data_len)
		put_le16(body + 2, SMB2_HDR_SIZE + SMB2_QUERY_DIR_RSP_FIXED);
	else
		body[SMB2_QUERY_DIR_RSP_FIXED] = 0;
	put_le32(body + 4, data_len);
	*len = SMB2_QUERY_DIR_RSP_FIXED + (data_len ? data_len : 1);
	return STATUS_SUCCESS;
}

/**
 * smb2_dir_class_valid() - is this a directory enumeration class
 * @info_class: FileInformationClass
 *
 * The eleven classes of MS-SMB2 3.3.5.18, all of which are encoded here.
 *
 * Return: true if smb2_dir_append() can encode @info_class.
 */
bool smb2_dir_class_valid(u8 info_class)
{
	return dir_layout_of(info_class) != NULL;
}

/**
 * smb2_dir_entry_min_size() - FieldOffset(FileName) of a class
 * @info_class: FileInformationClass
 *
 * An OutputBufferLength below this fails with STATUS_INFO_LENGTH_MISMATCH
 * (MS-FSA 2.1.5.6.3.1-11); from this size on, at least one entry (maybe
 * with its name cut, smb2_dir_append_truncated()) is returned.
 *
 * Return: the size in bytes, 0 for a class that is not valid.
 */
u32 smb2_dir_entry_min_size(u8 info_class)
{
	const struct dir_layout *l = dir_layout_of(info_class);

	return l ? l->name_off : 0;
}

/**
 * smb2_dir_writer_init() - start an empty list of entries
 * @dw: the writer
 * @buf: where the entries go (8-byte aligned relative to the SMB2 header)
 * @cap: bytes they may use
 */
void smb2_dir_writer_init(struct smb2_dir_writer *dw, u8 *buf, u32 cap)
{
	dw->buf = buf;
	dw->cap = cap;
	dw->used = 0;
	dw->last = 0;
	dw->count = 0;
}

/**
 * smb2_dir_append() - append one directory entry
 * @dw: the writer
 * @info_class: FileInformationClass
 * @e: the entry
 *
 * The entry goes at the next 8-byte boundary (the gap zeroed) and the
 * previous entry's NextEntryOffset points at it; its own stays 0.
 * @dw->used ends at the end of its name: no padding after the last entry
 * (MS-FSCC 2.4.10, MS-FSA 2.1.5.6.3).
 *
 * Return: STATUS_SUCCESS when appended; STATUS_BUFFER_OVERFLOW when it
 * does not fit, nothing written (keep the entry for the next query; if
 * @dw is still empty, MS-FSA returns it cut: smb2_dir_append_truncated());
 * STATUS_INVALID_INFO_CLASS for a class not smb2_dir_class_valid().
 */
u32 smb2_dir_append(struct smb2_dir_writer *dw, u8 info_class, const struct smb2_dir_entry *e)
{
	const struct dir_layout *l = dir_layout_of(info_class);
	u64 off = dw->count ? ((u64)dw->used + 7) & ~(u64)7 : 0;

	if (!l)
		return STATUS_INVALID_INFO_CLASS;
	if (off + l->name_off + e->name_len > dw->cap)
		return STATUS_BUFFER_OVERFLOW;
	put_entry(dw, l, (u32)off, e, e->name_len);
	return STATUS_SUCCESS;
}

/**
 * smb2_dir_append_truncated() - the first entry, its name cut to fit
 * @dw: the writer, still empty
 * @info_class: FileInformationClass
 * @e: the entry
 *
 * MS-FSA 2.1.5.6.3: when the first entry's name does not fit, as much of
 * it as fits is returned, FileNameLength still giving its whole length,
 * and the query ends with STATUS_BUFFER_OVERFLOW; the entry counts as
 * returned. The response carries @dw->used bytes with that status.
 *
 * Return: STATUS_BUFFER_OVERFLOW when written cut; STATUS_SUCCESS when it
 * fitted whole; STATUS_INFO_LENGTH_MISMATCH when not even the fixed part
 * fits (nothing written); STATUS_INVALID_PARAMETER if @dw is not empty;
 * STATUS_INVALID_INFO_CLASS for an unknown class.
 */
u32 smb2_dir_append_truncated(struct smb2_dir_writer *dw, u8 info_class,
			      const struct smb2_dir_entry *e)
{
	const struct dir_layout *l = dir_layout_of(info_class);

	if (!l)
		return STATUS_INVALID_INFO_CLASS;
	if (dw->count)
		return STATUS_INVALID_PARAMETER;
	if (dw->cap < l->name_off)
		return STATUS_INFO_LENGTH_MISMATCH;
	if (e->name_len <= dw->cap - l->name_off) {
		put_entry(dw, l, 0, e, e->name_len);
		return STATUS_SUCCESS;
	}
	put_entry(dw, l, 0, e, dw->cap - l->name_off);
	return STATUS_BUFFER_OVERFLOW;
}
