// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: QUERY_INFO / SET_INFO PDUs, the file and file system
 * information class encoders and the SET_INFO decoders
 * (kernel/proto/smb2_info.c, file_info.c, fs_info.c).
 *
 * Expected bytes are written out by hand from MS-FSCC 2.4 / 2.5; every
 * encoder and decoder works on an exactly sized heap buffer so that ASan
 * sees any access past it.
 */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_info.h"

/* "\\a.txt" */
static const u8 name_utf16[] = { 0x5C, 0, 'a', 0, '.', 0, 't', 0, 'x', 0, 't', 0 };
static const u8 alt_utf16[] = { 'A', 0, '~', 0, '1', 0 };
static const u8 data_stream[] = { ':', 0, ':', 0, '$', 0, 'D', 0, 'A', 0, 'T', 0, 'A', 0 };
static const u8 s_stream[] = { ':', 0, 's', 0, ':', 0, '$', 0, 'D', 0, 'A', 0, 'T', 0,
			       'A', 0 };

static struct fscc_file_stat test_stat(void)
{
	struct fscc_file_stat st;

	memset(&st, 0, sizeof(st));
	st.creation_time = 0x01D8A1B2C3D4E5F6ULL;
	st.last_access_time = 0x01D8A1B2C3D4E5F7ULL;
	st.last_write_time = 0x01D8A1B2C3D4E5F8ULL;
	st.change_time = 0x01D8A1B2C3D4E5F9ULL;
	st.allocation_size = 0x2000;
	st.end_of_file = 0x1234;
	st.file_attributes = FILE_ATTRIBUTE_ARCHIVE;
	st.number_of_links = 2;
	st.index_number = 0x1122334455667788ULL;
	st.volume_serial = 0xCAFEBABEULL;
	return st;
}

static struct smb2_stream_entry test_streams[2] = {
	{ data_stream, sizeof(data_stream), 0x1234, 0x2000 },
	{ s_stream, sizeof(s_stream), 5, 8 },
};

static struct smb2_file_info_ctx test_ctx(const struct fscc_file_stat *st)
{
	struct smb2_file_info_ctx c;

	memset(&c, 0, sizeof(c));
	c.st = st;
	c.name = name_utf16;
	c.name_len = sizeof(name_utf16);
	c.alt_name = alt_utf16;
	c.alt_name_len = sizeof(alt_utf16);
	c.access_flags = 0x00120089;
	c.position = 0;
	c.mode = FILE_SYNCHRONOUS_IO_NONALERT | FILE_DELETE_ON_CLOSE | FILE_NON_DIRECTORY_FILE;
	c.alignment = 0;
	c.streams = test_streams;
	c.nstreams = 2;
	return c;
}

/* Encode into an exactly @cap-byte heap buffer; copy what was written to @got. */
static u32 enc_file(u8 cls, const struct smb2_file_info_ctx *c, u32 cap, u8 *got, u32 *len)
{
	u8 *b = malloc(cap ? cap : 1);
	u32 st;

	memset(b, 0xAA, cap);
	st = smb2_file_info_encode(cls, c, b, cap, len);
	if (*len <= cap)
		memcpy(got, b, *len);
	free(b);
	return st;
}

static u32 enc_fs(u8 cls, const struct fscc_fs_stat *fs, u32 cap, u8 *got, u32 *len)
{
	u8 *b = malloc(cap ? cap : 1);
	u32 st;

	memset(b, 0xAA, cap);
	st = smb2_fs_info_encode(cls, fs, b, cap, len);
	if (*len <= cap)
		memcpy(got, b, *len);
	free(b);
	return st;
}

/* Expect class @cls to encode to exactly @want with a roomy buffer */
static void expect_file(u8 cls, const struct smb2_file_info_ctx *c, const u8 *want,
			u32 want_len)
{
	u8 got[512];
	u32 len;

	EXPECT_EQ(enc_file(cls, c, 300, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, want_len);
	if (len == want_len)
		EXPECT_MEM(got, want, want_len);
	/* exactly the needed size works too (fixed classes) */
	if (want_len >= smb2_file_info_min_size(cls)) {
		EXPECT_EQ(enc_file(cls, c, want_len, got, &len), STATUS_SUCCESS);
		EXPECT_EQ(len, want_len);
	}
}

static void expect_fs(u8 cls, const struct fscc_fs_stat *fs, const u8 *want, u32 want_len)
{
	u8 got[512];
	u32 len;

	EXPECT_EQ(enc_fs(cls, fs, 300, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, want_len);
	if (len == want_len)
		EXPECT_MEM(got, want, want_len);
	EXPECT_EQ(enc_fs(cls, fs, want_len, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, want_len);
}

/* QUERY_INFO request: header, 40-byte body, @extra bytes of buffer */
static size_t mk_query(u8 *m, u8 type, u8 cls, u32 out_len, u16 ioff, u32 ilen, size_t extra)
{
	u8 *b = m + 64;

	mb_smb2_hdr(m, SMB2_QUERY_INFO, 7);
	memset(b, 0, 40 + extra);
	put_le16(b, 41);
	b[2] = type;
	b[3] = cls;
	put_le32(b + 4, out_len);
	put_le16(b + 8, ioff);
	put_le32(b + 12, ilen);
	put_le32(b + 16, 0x11);
	put_le32(b + 20, SL_RESTART_SCAN);
	put_le64(b + 24, 0x0102030405060708ULL);
	put_le64(b + 32, 0x1112131415161718ULL);
	return 64 + 40 + extra;
}

static u32 q_parse(const u8 *m, size_t len, struct smb2_query_info_req *r, const u8 **base)
{
	u8 *c = malloc(len);
	u32 st;

	memcpy(c, m, len);
	st = smb2_query_info_parse(c, len, r);
	/* rebase the view onto @m for the caller's pointer checks */
	if (r->input)
		r->input = m + (r->input - c);
	free(c);
	*base = m;
	return st;
}

static void test_query_info_parse(void)
{
	struct smb2_query_info_req r;
	const u8 *base;
	u8 m[64 + 40 + 32];
	size_t n;

	n = mk_query(m, SMB2_0_INFO_FILE, FileBasicInformation, 40, 0, 0, 1);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_SUCCESS);
	EXPECT_EQ(r.info_type, SMB2_0_INFO_FILE);
	EXPECT_EQ(r.info_class, FileBasicInformation);
	EXPECT_EQ(r.output_len, 40);
	EXPECT_EQ(r.additional_info, 0x11);
	EXPECT_EQ(r.flags, SL_RESTART_SCAN);
	EXPECT_EQ(r.fileid.persistent, 0x0102030405060708ULL);
	EXPECT_EQ(r.fileid.volatile_id, 0x1112131415161718ULL);
	EXPECT_TRUE(!r.input && !r.input_len);
	/* without the 1-byte buffer Windows clients add */
	EXPECT_EQ(q_parse(m, n - 1, &r, &base), STATUS_SUCCESS);

	/* a class other than FullEa: a lying input buffer is ignored */
	mk_query(m, SMB2_0_INFO_FILE, FileStandardInformation, 24, 40, 0xffffff00, 1);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_SUCCESS);
	EXPECT_TRUE(!r.input && !r.input_len);

	/* FileFullEaInformation: the EA name list, then lies about it */
	n = mk_query(m, SMB2_0_INFO_FILE, FileFullEaInformation, 1024, 104, 16, 16);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_SUCCESS);
	EXPECT_TRUE(r.input == m + 104 && r.input_len == 16);
	EXPECT_EQ(q_parse(m, n - 1, &r, &base), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 8, 100);		/* inside the fixed part */
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 8, 20);		/* inside the header */
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 8, 0xffff);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 8, 104);
	put_le32(m + 64 + 12, 0xffffffff);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 8, 0x7777);		/* empty list: the offset does not matter */
	put_le32(m + 64 + 12, 0);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_SUCCESS);
	EXPECT_TRUE(!r.input && !r.input_len);

	/* quota: SMB2_QUERY_QUOTA_INFO must be inside */
	n = mk_query(m, SMB2_0_INFO_QUOTA, 0, 1024, 104, 16, 16);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_SUCCESS);
	EXPECT_TRUE(r.input == m + 104 && r.input_len == 16);
	put_le32(m + 64 + 12, 17);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_INVALID_PARAMETER);

	/* header and body checks */
	n = mk_query(m, 0, FileBasicInformation, 40, 0, 0, 1);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_INVALID_PARAMETER);
	n = mk_query(m, 5, FileBasicInformation, 40, 0, 0, 1);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_INVALID_PARAMETER);
	n = mk_query(m, SMB2_0_INFO_SECURITY, 0, 40, 0, 0, 1);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_SUCCESS);
	put_le16(m + 64, 40);
	EXPECT_EQ(q_parse(m, n, &r, &base), STATUS_INVALID_PARAMETER);
	put_le16(m + 64, 41);
	EXPECT_EQ(q_parse(m, 64 + 39, &r, &base), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(q_parse(m, 64, &r, &base), STATUS_INVALID_PARAMETER);
	tap_case("QUERY_INFO parse: fields, EA list bounds, ignored input, lying offsets");
}

static size_t mk_set(u8 *m, u8 type, u8 cls, u32 blen, u16 boff, size_t extra)
{
	u8 *b = m + 64;

	mb_smb2_hdr(m, SMB2_SET_INFO, 8);
	memset(b, 0, 32 + extra);
	put_le16(b, 33);
	b[2] = type;
	b[3] = cls;
	put_le32(b + 4, blen);
	put_le16(b + 8, boff);
	put_le32(b + 12, 0x4);
	put_le64(b + 16, 0x0102030405060708ULL);
	put_le64(b + 24, 0x1112131415161718ULL);
	return 64 + 32 + extra;
}

static u32 s_parse(const u8 *m, size_t len, struct smb2_set_info_req *r)
{
	u8 *c = malloc(len);
	u32 st;

	memcpy(c, m, len);
	st = smb2_set_info_parse(c, len, r);
	if (r->buf)
		r->buf = m + (r->buf - c);
	free(c);
	return st;
}

static void test_set_info_parse(void)
{
	struct smb2_set_info_req r;
	u8 m[64 + 32 + 48];
	size_t n;

	n = mk_set(m, SMB2_0_INFO_FILE, FileEndOfFileInformation, 8, 96, 8);
	put_le64(m + 96, 0x1000);
	EXPECT_EQ(s_parse(m, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.info_type, SMB2_0_INFO_FILE);
	EXPECT_EQ(r.info_class, FileEndOfFileInformation);
	EXPECT_EQ(r.additional_info, 4);
	EXPECT_EQ(r.fileid.persistent, 0x0102030405060708ULL);
	EXPECT_EQ(r.fileid.volatile_id, 0x1112131415161718ULL);
	EXPECT_TRUE(r.buf == m + 96 && r.buf_len == 8);

	EXPECT_EQ(s_parse(m, n - 1, &r), STATUS_INVALID_PARAMETER);	/* one past */
	put_le16(m + 64 + 8, 95);			/* inside the fixed part */
	EXPECT_EQ(s_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 8, 0);
	EXPECT_EQ(s_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 8, 0xffff);
	EXPECT_EQ(s_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 8, 96);
	put_le32(m + 64 + 4, 0xfffffff8);		/* length wraps past the end */
	EXPECT_EQ(s_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le32(m + 64 + 4, 0);			/* 3.3.5.21: zero BufferLength */
	EXPECT_EQ(s_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	EXPECT_TRUE(!r.buf && !r.buf_len);

	n = mk_set(m, 0, FileEndOfFileInformation, 8, 96, 8);
	EXPECT_EQ(s_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	n = mk_set(m, 9, FileEndOfFileInformation, 8, 96, 8);
	EXPECT_EQ(s_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	n = mk_set(m, SMB2_0_INFO_SECURITY, 0, 48, 96, 48);
	EXPECT_EQ(s_parse(m, n, &r), STATUS_SUCCESS);
	EXPECT_TRUE(r.buf == m + 96 && r.buf_len == 48);
	put_le16(m + 64, 32);
	EXPECT_EQ(s_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64, 33);
	EXPECT_EQ(s_parse(m, 64 + 31, &r), STATUS_INVALID_PARAMETER);
	tap_case("SET_INFO parse: fields, buffer bounds, zero length, lying offsets");
}

static void test_info_responses(void)
{
	static const u8 want9[] = { 9, 0, 72, 0, 0, 0, 0, 0, 0 };
	static const u8 want2[] = { 2, 0 };
	u8 b[64];
	size_t n;

	memset(b, 0xAA, sizeof(b));
	memset(b + 8, 0x5A, 40);
	EXPECT_EQ(smb2_query_info_build_rsp(40, b, 48, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 48);
	EXPECT_EQ(get_le16(b), 9);
	EXPECT_EQ(get_le16(b + 2), 72);
	EXPECT_EQ(get_le32(b + 4), 40);
	EXPECT_EQ(b[8], 0x5A);			/* data left in place */
	EXPECT_EQ(b[47], 0x5A);
	EXPECT_EQ(smb2_query_info_build_rsp(40, b, 47, &n), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_query_info_build_rsp(0xffffffff, b, 64, &n), STATUS_BUFFER_TOO_SMALL);
	memset(b, 0xAA, sizeof(b));
	EXPECT_EQ(smb2_query_info_build_rsp(0, b, 9, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 9);
	EXPECT_MEM(b, want9, 9);
	EXPECT_EQ(smb2_query_info_build_rsp(0, b, 8, &n), STATUS_BUFFER_TOO_SMALL);

	EXPECT_EQ(smb2_set_info_build_rsp(b, 2, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 2);
	EXPECT_MEM(b, want2, 2);
	EXPECT_EQ(smb2_set_info_build_rsp(b, 1, &n), STATUS_BUFFER_TOO_SMALL);
	tap_case("QUERY_INFO / SET_INFO responses");
}

static void test_file_fixed_classes(void)
{
	static const u8 basic[] = {
		0xF6, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* CreationTime */
		0xF7, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastAccessTime */
		0xF8, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastWriteTime */
		0xF9, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* ChangeTime */
		0x20, 0, 0, 0, 0, 0, 0, 0,			/* FileAttributes, Reserved */
	};
	static const u8 standard[] = {
		0x00, 0x20, 0, 0, 0, 0, 0, 0,			/* AllocationSize */
		0x34, 0x12, 0, 0, 0, 0, 0, 0,			/* EndOfFile */
		2, 0, 0, 0, 0, 0, 0, 0,				/* NumberOfLinks, Delete, Dir */
	};
	static const u8 internal[] = { 0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11 };
	static const u8 ea0[] = { 0, 0, 0, 0 };
	static const u8 ea100[] = { 104, 0, 0, 0 };	/* + 4 for the list header */
	static const u8 access[] = { 0x89, 0, 0x12, 0 };
	static const u8 position[] = { 0x00, 0x10, 0, 0, 0, 0, 0, 0 };
	static const u8 mode[] = { 0x20, 0, 0, 0 };	/* no DELETE_ON_CLOSE, no 0x40 */
	static const u8 alignment[] = { 0x01, 0x02, 0, 0 };
	static const u8 netopen[] = {
		0xF6, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* CreationTime */
		0xF7, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastAccessTime */
		0xF8, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastWriteTime */
		0xF9, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* ChangeTime */
		0x00, 0x20, 0, 0, 0, 0, 0, 0,			/* AllocationSize */
		0x34, 0x12, 0, 0, 0, 0, 0, 0,			/* EndOfFile */
		0x20, 0, 0, 0, 0, 0, 0, 0,			/* FileAttributes, Reserved */
	};
	static const u8 tag[] = { 0x20, 0, 0, 0, 0, 0, 0, 0 };
	static const u8 id[] = {
		0xBE, 0xBA, 0xFE, 0xCA, 0, 0, 0, 0,		/* VolumeSerialNumber */
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,	/* FileId */
		0, 0, 0, 0, 0, 0, 0, 0,
	};
	static const u8 compress0[] = {
		0x00, 0x20, 0, 0, 0, 0, 0, 0,			/* CompressedFileSize */
		0, 0, 0, 0, 0, 0, 0, 0,				/* NONE, shifts, Reserved */
	};
	struct fscc_file_stat st = test_stat();
	struct smb2_file_info_ctx c = test_ctx(&st);

	expect_file(FileBasicInformation, &c, basic, sizeof(basic));
	expect_file(FileStandardInformation, &c, standard, sizeof(standard));
	expect_file(FileInternalInformation, &c, internal, sizeof(internal));
	expect_file(FileEaInformation, &c, ea0, sizeof(ea0));
	st.ea_size = 100;
	expect_file(FileEaInformation, &c, ea100, sizeof(ea100));
	st.ea_size = 0;
	expect_file(FileAccessInformation, &c, access, sizeof(access));
	c.position = 0x1000;
	expect_file(FilePositionInformation, &c, position, sizeof(position));
	c.position = 0;
	expect_file(FileModeInformation, &c, mode, sizeof(mode));
	c.alignment = 0x201;
	expect_file(FileAlignmentInformation, &c, alignment, sizeof(alignment));
	c.alignment = 0;
	expect_file(FileNetworkOpenInformation, &c, netopen, sizeof(netopen));
	expect_file(FileAttributeTagInformation, &c, tag, sizeof(tag));
	expect_file(FileIdInformation, &c, id, sizeof(id));
	expect_file(FileCompressionInformation, &c, compress0, sizeof(compress0));
	tap_case("file information: fixed-size classes, byte-exact (MS-FSCC 2.4)");
}

static void test_file_class_variants(void)
{
	static const u8 std_dir[] = {
		0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 0, 0, 0, 0,
		1, 0, 0, 0, 1, 1, 0, 0,				/* links 1, pending, dir */
	};
	static const u8 std_gone[] = {
		0x00, 0x20, 0, 0, 0, 0, 0, 0,
		0x34, 0x12, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 1, 0, 0, 0,				/* no links: pending */
	};
	static const u8 basic_dir[] = {
		0xF6, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* CreationTime */
		0xF7, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastAccessTime */
		0xF8, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastWriteTime */
		0xF9, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* ChangeTime */
		0x10, 0, 0, 0, 0, 0, 0, 0,			/* DIRECTORY only */
	};
	static const u8 basic_norm[] = {
		0xF6, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* CreationTime */
		0xF7, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastAccessTime */
		0xF8, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastWriteTime */
		0xF9, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* ChangeTime */
		0x80, 0, 0, 0, 0, 0, 0, 0,			/* NORMAL */
	};
	static const u8 tag_rp[] = { 0x00, 0x04, 0, 0, 0x0C, 0, 0, 0xA0 };
	static const u8 tag_norp[] = { 0x20, 0, 0, 0, 0, 0, 0, 0 };	/* tag ignored */
	static const u8 compress1[] = {
		0x00, 0x20, 0, 0, 0, 0, 0, 0,
		0x02, 0x00, 16, 12, 12, 0, 0, 0,		/* LZNT1, 16, 12, 12 */
	};
	static const u8 compress_dir[] = {
		0, 0, 0, 0, 0, 0, 0, 0,
		0x02, 0x00, 16, 12, 12, 0, 0, 0,
	};
	struct fscc_file_stat st = test_stat();
	struct smb2_file_info_ctx c = test_ctx(&st);

	st.directory = true;
	st.allocation_size = 0;
	st.end_of_file = 0;
	st.number_of_links = 1;
	st.delete_pending = true;
	st.file_attributes = 0;
	expect_file(FileStandardInformation, &c, std_dir, sizeof(std_dir));
	st = test_stat();
	st.number_of_links = 0;				/* MS-FSA 2.1.5.12.27 */
	expect_file(FileStandardInformation, &c, std_gone, sizeof(std_gone));

	st = test_stat();
	st.directory = true;
	st.file_attributes = FILE_ATTRIBUTE_NORMAL;	/* NORMAL dropped */
	expect_file(FileBasicInformation, &c, basic_dir, sizeof(basic_dir));
	st.directory = false;
	st.file_attributes = 0;				/* none: NORMAL */
	expect_file(FileBasicInformation, &c, basic_norm, sizeof(basic_norm));

	st = test_stat();
	st.file_attributes = FILE_ATTRIBUTE_REPARSE_POINT;
	st.reparse_tag = IO_REPARSE_TAG_SYMLINK;
	expect_file(FileAttributeTagInformation, &c, tag_rp, sizeof(tag_rp));
	st.file_attributes = FILE_ATTRIBUTE_ARCHIVE;
	expect_file(FileAttributeTagInformation, &c, tag_norp, sizeof(tag_norp));

	st = test_stat();
	st.file_attributes = FILE_ATTRIBUTE_COMPRESSED;
	expect_file(FileCompressionInformation, &c, compress1, sizeof(compress1));
	st.directory = true;
	expect_file(FileCompressionInformation, &c, compress_dir, sizeof(compress_dir));
	tap_case("file information: directory, no links, NORMAL, reparse tag, compression");
}

static void test_file_names(void)
{
	static const u8 name[] = { 12, 0, 0, 0, 0x5C, 0, 'a', 0, '.', 0, 't', 0, 'x', 0, 't', 0 };
	static const u8 alt[] = { 6, 0, 0, 0, 'A', 0, '~', 0, '1', 0 };
	static const u8 name_cut4[] = { 12, 0, 0, 0, 0x5C, 0, 'a', 0 };
	static const u8 name_cut6[] = { 12, 0, 0, 0, 0x5C, 0, 'a', 0, '.', 0 };
	struct fscc_file_stat st = test_stat();
	struct smb2_file_info_ctx c = test_ctx(&st);
	u8 got[64];
	u32 len;

	expect_file(FileNameInformation, &c, name, sizeof(name));
	expect_file(FileNormalizedNameInformation, &c, name, sizeof(name));
	expect_file(FileAlternateNameInformation, &c, alt, sizeof(alt));

	/* MS-FSA 2.1.5.12.19: the full length, the even bytes that fit */
	EXPECT_EQ(enc_file(FileNameInformation, &c, 8, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 8);
	EXPECT_MEM(got, name_cut4, 8);
	EXPECT_EQ(enc_file(FileNameInformation, &c, 9, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 8);
	EXPECT_EQ(enc_file(FileNormalizedNameInformation, &c, 11, got, &len),
		  STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 10);
	EXPECT_MEM(got, name_cut6, 10);
	EXPECT_EQ(enc_file(FileNameInformation, &c, 15, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 14);
	EXPECT_EQ(enc_file(FileNameInformation, &c, 16, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 16);
	EXPECT_EQ(enc_file(FileNameInformation, &c, 7, got, &len),
		  STATUS_INFO_LENGTH_MISMATCH);
	EXPECT_EQ(len, 0);
	EXPECT_EQ(enc_file(FileAlternateNameInformation, &c, 8, got, &len),
		  STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 8);

	/* an empty name is fine for Name, not for AlternateName */
	c.name_len = 0;
	EXPECT_EQ(enc_file(FileNameInformation, &c, 8, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 4);
	EXPECT_EQ(get_le32(got), 0);
	c.alt_name = NULL;
	EXPECT_EQ(enc_file(FileAlternateNameInformation, &c, 8, got, &len),
		  STATUS_OBJECT_NAME_NOT_FOUND);
	EXPECT_EQ(len, 0);
	EXPECT_EQ(enc_file(FileAlternateNameInformation, &c, 4, got, &len),
		  STATUS_INFO_LENGTH_MISMATCH);
	tap_case("file information: Name, NormalizedName, AlternateName and their truncation");
}

static void test_file_all(void)
{
	static const u8 all[] = {
		0xF6, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* CreationTime */
		0xF7, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastAccessTime */
		0xF8, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* LastWriteTime */
		0xF9, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* ChangeTime */
		0x20, 0, 0, 0, 0, 0, 0, 0,			/* Basic: attributes */
		0x00, 0x20, 0, 0, 0, 0, 0, 0,			/* 40 Standard */
		0x34, 0x12, 0, 0, 0, 0, 0, 0,
		2, 0, 0, 0, 0, 0, 0, 0,
		0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11,	/* 64 Internal */
		0, 0, 0, 0,					/* 72 Ea */
		0x89, 0, 0x12, 0,				/* 76 Access */
		0, 0, 0, 0, 0, 0, 0, 0,				/* 80 Position */
		0x20, 0, 0, 0,					/* 88 Mode */
		0, 0, 0, 0,					/* 92 Alignment */
		12, 0, 0, 0,					/* 96 FileNameLength */
		0x5C, 0, 'a', 0, '.', 0, 't', 0, 'x', 0, 't', 0,
	};
	struct fscc_file_stat st = test_stat();
	struct smb2_file_info_ctx c = test_ctx(&st);
	u8 got[128];
	u32 len;

	EXPECT_EQ(sizeof(all), 112);
	expect_file(FileAllInformation, &c, all, sizeof(all));

	/* MS-FSA 2.1.5.12.3: BlockAlign(100 + 2, 8) = 104 */
	EXPECT_EQ(smb2_file_info_min_size(FileAllInformation), 104);
	EXPECT_EQ(enc_file(FileAllInformation, &c, 103, got, &len), STATUS_INFO_LENGTH_MISMATCH);
	EXPECT_EQ(len, 0);
	EXPECT_EQ(enc_file(FileAllInformation, &c, 104, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 104);
	EXPECT_MEM(got, all, 104);			/* FileNameLength still 12 */
	EXPECT_EQ(enc_file(FileAllInformation, &c, 111, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 110);
	EXPECT_EQ(enc_file(FileAllInformation, &c, 112, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 112);

	c.name_len = 0;					/* 3.3.5.20.1: empty name */
	EXPECT_EQ(enc_file(FileAllInformation, &c, 104, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 100);
	EXPECT_EQ(get_le32(got + 96), 0);
	tap_case("file information: FileAllInformation layout, minimum and name truncation");
}

static void test_file_streams(void)
{
	static const u8 streams[] = {
		40, 0, 0, 0, 14, 0, 0, 0,			/* Next, StreamNameLength */
		0x34, 0x12, 0, 0, 0, 0, 0, 0,			/* StreamSize */
		0x00, 0x20, 0, 0, 0, 0, 0, 0,			/* StreamAllocationSize */
		':', 0, ':', 0, '$', 0, 'D', 0, 'A', 0, 'T', 0, 'A', 0,
		0, 0,						/* padding to 40 */
		0, 0, 0, 0, 16, 0, 0, 0,
		5, 0, 0, 0, 0, 0, 0, 0,
		8, 0, 0, 0, 0, 0, 0, 0,
		':', 0, 's', 0, ':', 0, '$', 0, 'D', 0, 'A', 0, 'T', 0, 'A', 0,
	};
	struct fscc_file_stat st = test_stat();
	struct smb2_file_info_ctx c = test_ctx(&st);
	u8 got[128];
	u32 len;

	EXPECT_EQ(sizeof(streams), 80);
	expect_file(FileStreamInformation, &c, streams, sizeof(streams));

	/* the second entry does not fit: only the first, its link cleared */
	EXPECT_EQ(enc_file(FileStreamInformation, &c, 79, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 38);
	EXPECT_EQ(get_le32(got), 0);
	EXPECT_MEM(got + 4, streams + 4, 34);
	EXPECT_EQ(enc_file(FileStreamInformation, &c, 40, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 38);
	/* not even the first */
	EXPECT_EQ(enc_file(FileStreamInformation, &c, 37, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 0);
	EXPECT_EQ(enc_file(FileStreamInformation, &c, 31, got, &len),
		  STATUS_INFO_LENGTH_MISMATCH);
	/* no streams (a directory) */
	c.nstreams = 0;
	EXPECT_EQ(enc_file(FileStreamInformation, &c, 32, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 0);
	/* a name longer than any buffer */
	test_streams[1].name_len = 0xFFFFFFF0;
	c.nstreams = 2;
	EXPECT_EQ(enc_file(FileStreamInformation, &c, 100, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 38);
	test_streams[1].name_len = sizeof(s_stream);
	tap_case("file information: FileStreamInformation list, alignment, overflow");
}

static void test_file_class_status(void)
{
	static const u8 handled[] = {
		4, 5, 6, 7, 8, 9, 14, 16, 17, 18, 21, 22, 28, 34, 35, 48, 59
	};
	static const u8 invalid[] = {
		0, 1, 2, 3, 10, 11, 12, 13, 19, 20, 37, 38, 39, 40, 60, 64, 65, 66, 100, 255
	};
	static const u8 unsupported[] = { 15, 23, 24, 25, 26, 29, 32, 33, 46, 54 };
	struct fscc_file_stat st = test_stat();
	struct smb2_file_info_ctx c = test_ctx(&st);
	u8 got[512];
	u32 len, i, min, rc;

	for (i = 0; i < sizeof(handled); i++) {
		min = smb2_file_info_min_size(handled[i]);
		EXPECT_TRUE(min > 0);
		EXPECT_EQ(enc_file(handled[i], &c, min - 1, got, &len),
			  STATUS_INFO_LENGTH_MISMATCH);
		EXPECT_EQ(len, 0);
		EXPECT_EQ(enc_file(handled[i], &c, 0, got, &len), STATUS_INFO_LENGTH_MISMATCH);
		rc = enc_file(handled[i], &c, min, got, &len);
		EXPECT_TRUE(rc == STATUS_SUCCESS || rc == STATUS_BUFFER_OVERFLOW);
		EXPECT_TRUE(len <= min);
	}
	for (i = 0; i < sizeof(invalid); i++) {
		EXPECT_EQ(smb2_file_info_min_size(invalid[i]), 0);
		EXPECT_EQ(enc_file(invalid[i], &c, 300, got, &len), STATUS_INVALID_INFO_CLASS);
		EXPECT_EQ(len, 0);
	}
	for (i = 0; i < sizeof(unsupported); i++) {
		EXPECT_EQ(smb2_file_info_min_size(unsupported[i]), 0);
		EXPECT_EQ(enc_file(unsupported[i], &c, 0, got, &len), STATUS_NOT_SUPPORTED);
	}
	tap_case("file information: every class below its minimum, unhandled classes");
}

static struct fscc_fs_stat test_fs(void)
{
	static const u8 ntfs[] = { 'N', 0, 'T', 0, 'F', 0, 'S', 0 };
	static const u8 share[] = { 's', 0, 'h', 0, 'a', 0, 'r', 0, 'e', 0 };
	struct fscc_fs_stat fs;
	int i;

	memset(&fs, 0, sizeof(fs));
	fs.total_units = 0x100000;
	fs.caller_avail_units = 0x8000;
	fs.actual_avail_units = 0x9000;
	fs.sectors_per_unit = 8;
	fs.bytes_per_sector = 512;
	fs.physical_bytes_per_sector = 4096;
	fs.fs_attributes = 0x0005004F | FILE_SUPPORTS_USN_JOURNAL;
	fs.max_name_len = 255;
	fs.fs_name = ntfs;
	fs.fs_name_len = sizeof(ntfs);
	fs.volume_label = share;
	fs.volume_label_len = sizeof(share);
	fs.volume_serial = 0x12345678;
	fs.volume_creation_time = 0x01D8A1B2C3D4E5F6ULL;
	for (i = 0; i < 16; i++)
		fs.object_id[i] = (u8)i;
	return fs;
}

static void test_fs_classes(void)
{
	static const u8 volume[] = {
		0xF6, 0xE5, 0xD4, 0xC3, 0xB2, 0xA1, 0xD8, 0x01,	/* VolumeCreationTime */
		0x78, 0x56, 0x34, 0x12, 10, 0, 0, 0,		/* Serial, LabelLength */
		1, 0,						/* SupportsObjects, Reserved */
		's', 0, 'h', 0, 'a', 0, 'r', 0, 'e', 0,
	};
	static const u8 size[] = {
		0, 0, 0x10, 0, 0, 0, 0, 0,			/* TotalAllocationUnits */
		0, 0x80, 0, 0, 0, 0, 0, 0,			/* AvailableAllocationUnits */
		8, 0, 0, 0, 0, 2, 0, 0,				/* SectorsPerUnit, BytesPerSector */
	};
	static const u8 device[] = { 7, 0, 0, 0, 0x20, 0, 0, 0 };
	static const u8 device_ro[] = { 7, 0, 0, 0, 0x22, 0, 0, 0 };
	static const u8 attribute[] = {
		0x4F, 0, 0x05, 0, 0xFF, 0, 0, 0,		/* no USN_JOURNAL; 255 */
		8, 0, 0, 0, 'N', 0, 'T', 0, 'F', 0, 'S', 0,
	};
	static const u8 full[] = {
		0, 0, 0x10, 0, 0, 0, 0, 0,			/* TotalAllocationUnits */
		0, 0x80, 0, 0, 0, 0, 0, 0,			/* CallerAvailable... */
		0, 0x90, 0, 0, 0, 0, 0, 0,			/* ActualAvailable... */
		8, 0, 0, 0, 0, 2, 0, 0,
	};
	static const u8 sector[] = {
		0, 2, 0, 0, 0, 0x10, 0, 0,			/* logical 512, atomic 4096 */
		0, 0x10, 0, 0, 0, 0x10, 0, 0,			/* performance, fs effective */
		3, 0, 0, 0,					/* ALIGNED_DEVICE | PARTITION_ */
		0, 0, 0, 0, 0, 0, 0, 0,				/* offsets */
	};
	struct fscc_fs_stat fs = test_fs();
	u8 objid[64];
	int i;

	expect_fs(FileFsVolumeInformation, &fs, volume, sizeof(volume));
	expect_fs(FileFsSizeInformation, &fs, size, sizeof(size));
	expect_fs(FileFsDeviceInformation, &fs, device, sizeof(device));
	expect_fs(FileFsAttributeInformation, &fs, attribute, sizeof(attribute));
	expect_fs(FileFsFullSizeInformation, &fs, full, sizeof(full));
	memset(objid, 0, sizeof(objid));
	for (i = 0; i < 16; i++)
		objid[i] = (u8)i;
	expect_fs(FileFsObjectIdInformation, &fs, objid, sizeof(objid));
	expect_fs(FileFsSectorSizeInformation, &fs, sector, sizeof(sector));
	fs.fs_attributes |= FILE_READ_ONLY_VOLUME;
	expect_fs(FileFsDeviceInformation, &fs, device_ro, sizeof(device_ro));
	tap_case("file system information: every class, byte-exact (MS-FSCC 2.5)");
}

static void test_fs_variants(void)
{
	static const u8 label40[80] = { 'x', 0 };
	struct fscc_fs_stat fs = test_fs();
	u8 got[512];
	u32 len;
	static const u8 fs_invalid[] = { 0, 12, 13, 100, 255 };
	static const u8 fs_unsupported[] = { 2, 6, 9, 10 };
	static const u8 fs_handled[] = { 1, 3, 4, 5, 7, 8, 11 };
	u32 i, min;

	/* volume label cut: length stays, 6 of 10 bytes, overflow */
	EXPECT_EQ(enc_fs(FileFsVolumeInformation, &fs, 24, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 24);
	EXPECT_EQ(get_le32(got + 12), 10);
	EXPECT_EQ(got[22], 'a');
	EXPECT_EQ(enc_fs(FileFsVolumeInformation, &fs, 27, got, &len), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 26);
	EXPECT_EQ(enc_fs(FileFsVolumeInformation, &fs, 23, got, &len),
		  STATUS_INFO_LENGTH_MISMATCH);
	EXPECT_EQ(len, 0);
	/* more than 32 characters: the first 32, success (2.5.9) */
	fs.volume_label = label40;
	fs.volume_label_len = sizeof(label40);
	EXPECT_EQ(enc_fs(FileFsVolumeInformation, &fs, 300, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 18 + 64);
	EXPECT_EQ(get_le32(got + 12), 64);
	fs.volume_label = NULL;				/* no label */
	fs.fs_attributes = 0;
	EXPECT_EQ(enc_fs(FileFsVolumeInformation, &fs, 24, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(len, 18);
	EXPECT_EQ(get_le32(got + 12), 0);
	EXPECT_EQ(got[16], 0);				/* no object ids */

	/* file system name cut */
	fs = test_fs();
	EXPECT_EQ(enc_fs(FileFsAttributeInformation, &fs, 12, got, &len),
		  STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 12);
	EXPECT_EQ(get_le32(got + 8), 8);
	EXPECT_EQ(enc_fs(FileFsAttributeInformation, &fs, 15, got, &len),
		  STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(len, 14);
	EXPECT_EQ(enc_fs(FileFsAttributeInformation, &fs, 11, got, &len),
		  STATUS_INFO_LENGTH_MISMATCH);
	fs.max_name_len = 0;
	EXPECT_EQ(enc_fs(FileFsAttributeInformation, &fs, 20, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(got + 4), 255);
	fs.max_name_len = 1000;
	EXPECT_EQ(enc_fs(FileFsAttributeInformation, &fs, 20, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(got + 4), 255);

	/* MS-FSA 2.1.5.13.10 sanitizing of the physical sector size */
	fs = test_fs();
	fs.physical_bytes_per_sector = 8192;
	EXPECT_EQ(enc_fs(FileFsSectorSizeInformation, &fs, 28, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(got + 4), 8192);
	EXPECT_EQ(get_le32(got + 8), 8192);
	EXPECT_EQ(get_le32(got + 12), 4096);
	fs.physical_bytes_per_sector = 1000;		/* not a power of two */
	EXPECT_EQ(enc_fs(FileFsSectorSizeInformation, &fs, 28, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(got + 4), 512);
	EXPECT_EQ(get_le32(got + 12), 512);
	fs.physical_bytes_per_sector = 256;		/* below the logical size */
	EXPECT_EQ(enc_fs(FileFsSectorSizeInformation, &fs, 28, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(got + 4), 512);
	fs.physical_bytes_per_sector = 0;
	fs.bytes_per_sector = 0;
	EXPECT_EQ(enc_fs(FileFsSectorSizeInformation, &fs, 28, got, &len), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(got), 512);
	EXPECT_EQ(get_le32(got + 4), 512);

	fs = test_fs();
	for (i = 0; i < sizeof(fs_handled); i++) {
		min = smb2_fs_info_min_size(fs_handled[i]);
		EXPECT_TRUE(min > 0);
		EXPECT_EQ(enc_fs(fs_handled[i], &fs, min - 1, got, &len),
			  STATUS_INFO_LENGTH_MISMATCH);
		EXPECT_EQ(len, 0);
		EXPECT_EQ(enc_fs(fs_handled[i], &fs, 0, got, &len), STATUS_INFO_LENGTH_MISMATCH);
	}
	for (i = 0; i < sizeof(fs_invalid); i++) {
		EXPECT_EQ(smb2_fs_info_min_size(fs_invalid[i]), 0);
		EXPECT_EQ(enc_fs(fs_invalid[i], &fs, 300, got, &len), STATUS_INVALID_INFO_CLASS);
	}
	for (i = 0; i < sizeof(fs_unsupported); i++)
		EXPECT_EQ(enc_fs(fs_unsupported[i], &fs, 300, got, &len), STATUS_NOT_SUPPORTED);
	tap_case("file system information: truncation, label clamp, sector sanitizing, classes");
}

/* Decoders get exactly @len heap bytes */
static u8 *heap(const u8 *p, u32 len)
{
	u8 *b = malloc(len ? len : 1);

	memcpy(b, p, len);
	return b;
}

static u32 dec_basic(const u8 *p, u32 len, struct smb2_basic_info *bi)
{
	u8 *b = heap(p, len);
	u32 st = smb2_decode_basic_info(b, len, bi);

	free(b);
	return st;
}

static void test_decode_basic(void)
{
	struct smb2_basic_info bi;
	u8 buf[44];

	memset(buf, 0, sizeof(buf));
	put_le64(buf, 0x01D8A1B2C3D4E5F6ULL);
	put_le64(buf + 8, SMB2_BASIC_TIME_FREEZE);
	put_le64(buf + 16, SMB2_BASIC_TIME_UNFREEZE);
	put_le64(buf + 24, 0);
	put_le32(buf + 32, FILE_ATTRIBUTE_HIDDEN);
	put_le32(buf + 36, 0xdeadbeef);			/* Reserved: ignored */
	EXPECT_EQ(dec_basic(buf, 40, &bi), STATUS_SUCCESS);
	EXPECT_EQ(bi.creation_time, 0x01D8A1B2C3D4E5F6ULL);
	EXPECT_EQ(bi.last_access_time, SMB2_BASIC_TIME_FREEZE);
	EXPECT_EQ(bi.last_write_time, SMB2_BASIC_TIME_UNFREEZE);
	EXPECT_EQ(bi.change_time, SMB2_BASIC_TIME_KEEP);
	EXPECT_EQ(bi.file_attributes, FILE_ATTRIBUTE_HIDDEN);
	EXPECT_EQ(dec_basic(buf, 44, &bi), STATUS_SUCCESS);
	EXPECT_EQ(dec_basic(buf, 39, &bi), STATUS_INFO_LENGTH_MISMATCH);
	EXPECT_EQ(dec_basic(buf, 36, &bi), STATUS_INFO_LENGTH_MISMATCH);
	EXPECT_EQ(dec_basic(buf, 0, &bi), STATUS_INFO_LENGTH_MISMATCH);
	put_le64(buf + 24, 0xFFFFFFFFFFFFFFFDULL);	/* -3 */
	EXPECT_EQ(dec_basic(buf, 40, &bi), STATUS_INVALID_PARAMETER);
	put_le64(buf + 24, 0x8000000000000000ULL);
	EXPECT_EQ(dec_basic(buf, 40, &bi), STATUS_INVALID_PARAMETER);
	put_le64(buf + 24, 0x7FFFFFFFFFFFFFFFULL);
	EXPECT_EQ(dec_basic(buf, 40, &bi), STATUS_SUCCESS);
	put_le64(buf, 0xFFFFFFFFFFFFFF00ULL);
	EXPECT_EQ(dec_basic(buf, 40, &bi), STATUS_INVALID_PARAMETER);
	tap_case("SET_INFO decode: FileBasicInformation lengths and times");
}

static u32 dec_rename(u8 cls, const u8 *p, u32 len, struct smb2_rename_info *ri,
		      u32 *name_off)
{
	u8 *b = heap(p, len);
	u32 st = smb2_decode_rename_info(cls, b, len, ri);

	*name_off = ri->name ? (u32)(ri->name - b) : 0;
	free(b);
	return st;
}

static void test_decode_rename(void)
{
	struct smb2_rename_info ri;
	u8 buf[64];
	u32 off;
	size_t n;

	memset(buf, 0, sizeof(buf));
	buf[0] = 1;
	memset(buf + 1, 0xEE, 7);			/* Reserved: ignored */
	put_le16(buf + 20, 'd');
	put_le16(buf + 22, '\\');
	put_le16(buf + 24, 'x');
	n = 6;
	put_le32(buf + 16, (u32)n);
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 26, &ri, &off), STATUS_SUCCESS);
	EXPECT_TRUE(ri.replace_if_exists);
	EXPECT_EQ(ri.flags, 0);
	EXPECT_EQ(ri.root_directory, 0);
	EXPECT_EQ(off, 20);
	EXPECT_EQ(ri.name_len, 6);
	EXPECT_EQ(dec_rename(FileLinkInformation, buf, 26, &ri, &off), STATUS_SUCCESS);
	EXPECT_EQ(ri.name_len, 6);
	buf[0] = 0;
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 40, &ri, &off), STATUS_SUCCESS);
	EXPECT_TRUE(!ri.replace_if_exists);

	/* lengths */
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 25, &ri, &off),
		  STATUS_INVALID_PARAMETER);		/* name one byte past */
	EXPECT_TRUE(!ri.name && !ri.name_len);
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 23, &ri, &off),
		  STATUS_INFO_LENGTH_MISMATCH);
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 0, &ri, &off),
		  STATUS_INFO_LENGTH_MISMATCH);
	put_le32(buf + 16, 2);				/* 22 bytes used, padded to 24 */
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 24, &ri, &off), STATUS_SUCCESS);
	EXPECT_EQ(ri.name_len, 2);
	put_le32(buf + 16, 4);				/* exactly fills 24 */
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 24, &ri, &off), STATUS_SUCCESS);
	put_le32(buf + 16, 0);
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 40, &ri, &off),
		  STATUS_INVALID_PARAMETER);
	put_le32(buf + 16, 5);
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 40, &ri, &off),
		  STATUS_INVALID_PARAMETER);
	put_le32(buf + 16, 0xFFFFFFFE);
	EXPECT_EQ(dec_rename(FileLinkInformation, buf, 40, &ri, &off),
		  STATUS_INVALID_PARAMETER);
	put_le32(buf + 16, 0xFFFFFFEC);			/* 20 + len wraps to 0 */
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 40, &ri, &off),
		  STATUS_INVALID_PARAMETER);
	put_le32(buf + 16, 6);
	put_le64(buf + 8, 1);				/* RootDirectory */
	EXPECT_EQ(dec_rename(FileRenameInformation, buf, 26, &ri, &off),
		  STATUS_INVALID_PARAMETER);
	put_le64(buf + 8, 0);

	/* FileRenameInformationEx: Flags, Reserved */
	put_le32(buf, FILE_RENAME_REPLACE_IF_EXISTS | FILE_RENAME_POSIX_SEMANTICS);
	put_le32(buf + 4, 0xEEEEEEEE);
	EXPECT_EQ(dec_rename(FileRenameInformationEx, buf, 26, &ri, &off), STATUS_SUCCESS);
	EXPECT_TRUE(ri.replace_if_exists);
	EXPECT_EQ(ri.flags, FILE_RENAME_REPLACE_IF_EXISTS | FILE_RENAME_POSIX_SEMANTICS);
	EXPECT_EQ(off, 20);
	put_le32(buf, FILE_RENAME_POSIX_SEMANTICS);
	EXPECT_EQ(dec_rename(FileRenameInformationEx, buf, 26, &ri, &off), STATUS_SUCCESS);
	EXPECT_TRUE(!ri.replace_if_exists);
	put_le32(buf, 0x200);
	EXPECT_EQ(dec_rename(FileRenameInformationEx, buf, 26, &ri, &off),
		  STATUS_INVALID_PARAMETER);
	EXPECT_EQ(dec_rename(FileDispositionInformation, buf, 26, &ri, &off),
		  STATUS_INVALID_INFO_CLASS);
	tap_case("SET_INFO decode: Rename, RenameEx, Link with short, odd and lying lengths");
}

static u32 dec_disp(u8 cls, const u8 *p, u32 len, u32 *flags)
{
	u8 *b = heap(p, len);
	u32 st = smb2_decode_disposition_info(cls, b, len, flags);

	free(b);
	return st;
}

static u32 dec_u64(u8 cls, const u8 *p, u32 len, u64 *v)
{
	u8 *b = heap(p, len);
	u32 st = smb2_decode_u64_info(cls, b, len, v);

	free(b);
	return st;
}

static u32 dec_mode(const u8 *p, u32 len, u32 *mode)
{
	u8 *b = heap(p, len);
	u32 st = smb2_decode_mode_info(b, len, mode);

	free(b);
	return st;
}

static void test_decode_small(void)
{
	static const u8 u64_classes[] = { FilePositionInformation, FileAllocationInformation,
					   FileEndOfFileInformation,
					   FileValidDataLengthInformation };
	u8 buf[16];
	u32 flags, mode, i;
	u64 v;

	memset(buf, 0, sizeof(buf));
	EXPECT_EQ(dec_disp(FileDispositionInformation, buf, 1, &flags), STATUS_SUCCESS);
	EXPECT_EQ(flags, 0);
	buf[0] = 0x80;					/* any non-zero is TRUE */
	EXPECT_EQ(dec_disp(FileDispositionInformation, buf, 1, &flags), STATUS_SUCCESS);
	EXPECT_EQ(flags, FILE_DISPOSITION_DELETE);
	EXPECT_EQ(dec_disp(FileDispositionInformation, buf, 0, &flags),
		  STATUS_INFO_LENGTH_MISMATCH);
	put_le32(buf, FILE_DISPOSITION_DELETE | FILE_DISPOSITION_POSIX_SEMANTICS |
		 FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE);
	EXPECT_EQ(dec_disp(FileDispositionInformationEx, buf, 4, &flags), STATUS_SUCCESS);
	EXPECT_EQ(flags, 0x13);
	EXPECT_EQ(dec_disp(FileDispositionInformationEx, buf, 3, &flags),
		  STATUS_INFO_LENGTH_MISMATCH);
	put_le32(buf, 0x21);
	EXPECT_EQ(dec_disp(FileDispositionInformationEx, buf, 4, &flags),
		  STATUS_NOT_SUPPORTED);
	EXPECT_EQ(dec_disp(FileRenameInformation, buf, 4, &flags), STATUS_INVALID_INFO_CLASS);

	for (i = 0; i < sizeof(u64_classes); i++) {
		put_le64(buf, 0x123456789ULL);
		EXPECT_EQ(dec_u64(u64_classes[i], buf, 8, &v), STATUS_SUCCESS);
		EXPECT_EQ(v, 0x123456789ULL);
		EXPECT_EQ(dec_u64(u64_classes[i], buf, 12, &v), STATUS_SUCCESS);
		EXPECT_EQ(dec_u64(u64_classes[i], buf, 7, &v), STATUS_INFO_LENGTH_MISMATCH);
		put_le64(buf, 0x7FFFFFFFFFFFFFFFULL);
		EXPECT_EQ(dec_u64(u64_classes[i], buf, 8, &v), STATUS_SUCCESS);
		put_le64(buf, 0xFFFFFFFFFFFFFFFFULL);	/* -1 */
		EXPECT_EQ(dec_u64(u64_classes[i], buf, 8, &v), STATUS_INVALID_PARAMETER);
		EXPECT_EQ(v, 0);
		put_le64(buf, 0x8000000000000000ULL);
		EXPECT_EQ(dec_u64(u64_classes[i], buf, 8, &v), STATUS_INVALID_PARAMETER);
	}
	EXPECT_EQ(dec_u64(FileBasicInformation, buf, 8, &v), STATUS_INVALID_INFO_CLASS);
	EXPECT_EQ(dec_u64(FileModeInformation, buf, 8, &v), STATUS_INVALID_INFO_CLASS);

	put_le32(buf, FILE_WRITE_THROUGH | FILE_SEQUENTIAL_ONLY | FILE_SYNCHRONOUS_IO_ALERT);
	EXPECT_EQ(dec_mode(buf, 4, &mode), STATUS_SUCCESS);
	EXPECT_EQ(mode, 0x16);
	EXPECT_EQ(dec_mode(buf, 3, &mode), STATUS_INFO_LENGTH_MISMATCH);
	put_le32(buf, FILE_SYNCHRONOUS_IO_ALERT | FILE_SYNCHRONOUS_IO_NONALERT);
	EXPECT_EQ(dec_mode(buf, 4, &mode), STATUS_INVALID_PARAMETER);
	put_le32(buf, FILE_NO_INTERMEDIATE_BUFFERING);
	EXPECT_EQ(dec_mode(buf, 4, &mode), STATUS_INVALID_PARAMETER);
	put_le32(buf, FILE_DELETE_ON_CLOSE);
	EXPECT_EQ(dec_mode(buf, 4, &mode), STATUS_INVALID_PARAMETER);
	put_le32(buf, 0x80000000);
	EXPECT_EQ(dec_mode(buf, 4, &mode), STATUS_INVALID_PARAMETER);
	put_le32(buf, 0);
	EXPECT_EQ(dec_mode(buf, 4, &mode), STATUS_SUCCESS);
	tap_case("SET_INFO decode: Disposition(Ex), 64-bit classes, Mode");
}

void test_smb2_info(void)
{
	test_query_info_parse();
	test_set_info_parse();
	test_info_responses();
	test_file_fixed_classes();
	test_file_class_variants();
	test_file_names();
	test_file_all();
	test_file_streams();
	test_file_class_status();
	test_fs_classes();
	test_fs_variants();
	test_decode_basic();
	test_decode_rename();
	test_decode_small();
}
