// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests: QUERY_DIRECTORY request/response, directory entry encoding
 * (kernel/proto/smb2_query_dir.c), Windows wildcards (wildcard.c) and case
 * folding (upcase.c).
 */
#include <stdlib.h>
#include "tap.h"
#include "msgbuild.h"
#include "smb2_query_dir.h"
#include "wildcard.h"
#include "upcase.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

/* ASCII (or \xNN bytes taken as Latin-1) to UTF-16LE; returns bytes. */
static u32 u16s(u8 *p, const char *s)
{
	u32 n = 0;

	for (; *s; s++, n += 2)
		put_le16(p + n, (u8)*s);
	return n;
}

static u32 u16a(u8 *p, const u16 *s, u32 n)
{
	u32 i;

	for (i = 0; i < n; i++)
		put_le16(p + 2 * i, s[i]);
	return 2 * n;
}

/* An exactly sized heap copy, so that ASan sees any over-read. */
static u8 *dup_exact(const u8 *p, size_t n)
{
	u8 *q = malloc(n ? n : 1);

	memcpy(q, p, n);
	return q;
}

static u32 qd_parse(const u8 *m, size_t n, struct smb2_query_dir_req *r)
{
	u8 *c = dup_exact(m, n);
	u32 st;

	memset(r, 0x5a, sizeof(*r));
	st = smb2_query_dir_parse(c, n, r);
	/* views must point into the copy: rebase them onto @m for the caller */
	if (st == STATUS_SUCCESS && r->pattern)
		r->pattern = m + (r->pattern - c);
	free(c);
	return st;
}

static size_t qd_req(u8 *m, u8 cls, u8 flags, const char *pattern, u16 noff)
{
	u32 n;

	mb_smb2_hdr(m, SMB2_QUERY_DIRECTORY, 7);
	memset(m + 64, 0, 32);
	put_le16(m + 64, 33);
	m[64 + 2] = cls;
	m[64 + 3] = flags;
	put_le32(m + 64 + 4, 0x01020304);
	put_le64(m + 64 + 8, 0x1111111111111111ULL);
	put_le64(m + 64 + 16, 0x2222222222222222ULL);
	n = pattern ? u16s(m + noff, pattern) : 0;
	put_le16(m + 64 + 24, n ? noff : 0);
	put_le16(m + 64 + 26, n);
	put_le32(m + 64 + 28, 65536);
	return n ? noff + n : 64 + 33;
}

static void test_parse(void)
{
	struct smb2_query_dir_req r;
	u8 m[256];
	size_t n;

	memset(m, 0, sizeof(m));
	n = qd_req(m, FileIdBothDirectoryInformation, SMB2_RESTART_SCANS, "*.txt", 96);
	EXPECT_EQ(n, 106);
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_SUCCESS);
	EXPECT_EQ(r.info_class, FileIdBothDirectoryInformation);
	EXPECT_EQ(r.flags, SMB2_RESTART_SCANS);
	EXPECT_EQ(r.file_index, 0x01020304);
	EXPECT_EQ(r.fileid.persistent, 0x1111111111111111ULL);
	EXPECT_EQ(r.fileid.volatile_id, 0x2222222222222222ULL);
	EXPECT_TRUE(r.pattern == m + 96);
	EXPECT_EQ(r.pattern_len, 10);
	EXPECT_EQ(r.output_len, 65536);
	EXPECT_EQ(qd_parse(m, n - 1, &r), STATUS_INVALID_PARAMETER);	/* 1 byte short */
	EXPECT_EQ(qd_parse(m, n + 1, &r), STATUS_SUCCESS);		/* slack is fine */

	put_le16(m + 64 + 24, 95);		/* inside the fixed part */
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 24, 40);		/* inside the header */
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 24, 0);
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 24, 0xffff);
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 24, 106);		/* starts at the end */
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 24, 98);		/* ends 2 bytes past */
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 24, 96);
	put_le16(m + 64 + 26, 0xffff);
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 26, 9);		/* odd */
	EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64 + 26, 2);
	EXPECT_EQ(qd_parse(m, 98, &r), STATUS_SUCCESS);	/* ends exactly at the end */
	EXPECT_TRUE(r.pattern == m + 96 && r.pattern_len == 2);

	/* No pattern: the offset is not looked at. */
	put_le16(m + 64 + 26, 0);
	put_le16(m + 64 + 24, 0xfff0);
	EXPECT_EQ(qd_parse(m, 96, &r), STATUS_SUCCESS);
	EXPECT_TRUE(r.pattern == NULL && r.pattern_len == 0);
	EXPECT_EQ(qd_parse(m, 95, &r), STATUS_INVALID_PARAMETER);

	put_le16(m + 64, 32);
	EXPECT_EQ(qd_parse(m, 97, &r), STATUS_INVALID_PARAMETER);
	put_le16(m + 64, 34);
	EXPECT_EQ(qd_parse(m, 97, &r), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(qd_parse(m, 64, &r), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(qd_parse(m, 0, &r), STATUS_INVALID_PARAMETER);
	tap_case("QUERY_DIRECTORY parse: fields, pattern bounds, lying offsets");

	{
		static const u8 good[] = { 1, 2, 3, 12, 37, 38, 60, 78, 79, 80, 81 };
		static const u8 bad[] = { 0, 4, 5, 9, 18, 46, 50, 59, 77, 82, 0x64, 255 };
		size_t i;

		for (i = 0; i < sizeof(good); i++) {
			n = qd_req(m, good[i], 0, "a", 96);
			EXPECT_EQ(qd_parse(m, n, &r), STATUS_SUCCESS);
			EXPECT_TRUE(smb2_dir_class_valid(good[i]));
		}
		for (i = 0; i < sizeof(bad); i++) {
			n = qd_req(m, bad[i], SMB2_REOPEN, NULL, 0);
			EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_INFO_CLASS);
			/* the view is complete, for a handler that checks the open first */
			EXPECT_EQ(r.fileid.volatile_id, 0x2222222222222222ULL);
			EXPECT_EQ(r.flags, SMB2_REOPEN);
			EXPECT_TRUE(r.pattern == NULL);
			EXPECT_TRUE(!smb2_dir_class_valid(bad[i]));
			EXPECT_EQ(smb2_dir_entry_min_size(bad[i]), 0);
		}
		/* a broken body wins over a bad class */
		n = qd_req(m, 0, 0, NULL, 0);
		EXPECT_EQ(qd_parse(m, 95, &r), STATUS_INVALID_PARAMETER);
		n = qd_req(m, 0, 0, "ab", 96);
		put_le16(m + 64 + 26, 3);
		EXPECT_EQ(qd_parse(m, n, &r), STATUS_INVALID_PARAMETER);
	}
	tap_case("QUERY_DIRECTORY parse: information classes (MS-SMB2 3.3.5.18)");
}

static void test_build_rsp(void)
{
	u8 b[8 + 200];
	size_t n = 0;

	memset(b, 0xee, sizeof(b));
	EXPECT_EQ(smb2_query_dir_build_rsp(100, b, 108, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 108);
	EXPECT_EQ(get_le16(b), 9);
	EXPECT_EQ(get_le16(b + 2), 72);
	EXPECT_EQ(get_le32(b + 4), 100);
	EXPECT_EQ(b[8], 0xee);			/* entries are not touched */
	EXPECT_EQ(smb2_query_dir_build_rsp(100, b, 107, &n), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_query_dir_build_rsp(0xffffffff, b, sizeof(b), &n),
		  STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_query_dir_build_rsp(0, b, 8, &n), STATUS_BUFFER_TOO_SMALL);
	EXPECT_EQ(smb2_query_dir_build_rsp(0, b, 9, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 9);
	/* the same 9 bytes as an ERROR body (2.2.2) */
	EXPECT_MEM(b, "\x09\x00\x00\x00\x00\x00\x00\x00\x00", 9);
	EXPECT_EQ(smb2_query_dir_build_rsp(1, b, 9, &n), STATUS_SUCCESS);
	EXPECT_EQ(n, 9);
	EXPECT_EQ(get_le16(b + 2), 72);
	tap_case("QUERY_DIRECTORY response body");
}

static const struct fscc_file_stat test_st = {
	.creation_time = 0x0101010101010101ULL,
	.last_access_time = 0x0202020202020202ULL,
	.last_write_time = 0x0303030303030303ULL,
	.change_time = 0x0404040404040404ULL,
	.allocation_size = 0x0000000000002000ULL,
	.end_of_file = 0x0000000000001234ULL,
	.file_attributes = FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_HIDDEN,
	.reparse_tag = IO_REPARSE_TAG_SYMLINK,
	.number_of_links = 3,
	.index_number = 0x1122334455667788ULL,
	.volume_serial = 0xdeadbeefcafef00dULL,
	.ea_size = 0x44,
};

/*
 * The expected bytes of one entry, written from MS-FSCC 2.4 field by field
 * (@ea: the EaSize field's value, @tag: ReparsePointTag's).
 */
static u32 expect_entry(u8 *x, u8 cls, const struct fscc_file_stat *st, u32 attrs, u32 ea,
			u32 tag, const u8 *name, u32 nlen, const u8 *sn, u8 snlen)
{
	u32 off;

	memset(x, 0, 256);
	put_le32(x + 4, 0x77);			/* FileIndex */
	if (cls == FileNamesInformation) {
		put_le32(x + 8, nlen);
		memcpy(x + 12, name, nlen);
		return 12 + nlen;
	}
	put_le64(x + 8, st->creation_time);
	put_le64(x + 16, st->last_access_time);
	put_le64(x + 24, st->last_write_time);
	put_le64(x + 32, st->change_time);
	put_le64(x + 40, st->end_of_file);
	put_le64(x + 48, st->allocation_size);
	put_le32(x + 56, attrs);
	put_le32(x + 60, nlen);
	switch (cls) {
	case FileDirectoryInformation:
		off = 64;
		break;
	case FileFullDirectoryInformation:
		put_le32(x + 64, ea);
		off = 68;
		break;
	case FileBothDirectoryInformation:
		put_le32(x + 64, ea);
		x[68] = snlen;
		memcpy(x + 70, sn, snlen);
		off = 94;
		break;
	case FileIdBothDirectoryInformation:
		put_le32(x + 64, ea);
		x[68] = snlen;
		memcpy(x + 70, sn, snlen);
		put_le64(x + 96, st->index_number);
		off = 104;
		break;
	case FileIdFullDirectoryInformation:
		put_le32(x + 64, ea);
		put_le64(x + 72, st->index_number);
		off = 80;
		break;
	case FileIdExtdDirectoryInformation:
		put_le32(x + 64, ea);
		put_le32(x + 68, tag);
		put_le64(x + 72, st->index_number);	/* FileId 128: low half */
		off = 88;
		break;
	case FileId64ExtdDirectoryInformation:
		put_le32(x + 64, ea);
		put_le32(x + 68, tag);
		put_le64(x + 72, st->index_number);
		off = 80;
		break;
	case FileId64ExtdBothDirectoryInformation:
		put_le32(x + 64, ea);
		put_le32(x + 68, tag);
		put_le64(x + 72, st->index_number);
		x[80] = snlen;
		memcpy(x + 82, sn, snlen);
		off = 106;
		break;
	case FileIdAllExtdDirectoryInformation:
		put_le32(x + 64, ea);
		put_le32(x + 68, tag);
		put_le64(x + 72, st->index_number);
		put_le64(x + 80, st->index_number);
		off = 96;
		break;
	case FileIdAllExtdBothDirectoryInformation:
		put_le32(x + 64, ea);
		put_le32(x + 68, tag);
		put_le64(x + 72, st->index_number);
		put_le64(x + 80, st->index_number);
		x[96] = snlen;
		memcpy(x + 98, sn, snlen);
		off = 122;
		break;
	default:
		return 0;
	}
	memcpy(x + off, name, nlen);
	return off + nlen;
}

static bool tag_in_ea(u8 cls)
{
	return cls == FileFullDirectoryInformation || cls == FileBothDirectoryInformation ||
	       cls == FileIdBothDirectoryInformation || cls == FileIdFullDirectoryInformation;
}

static void test_entry_layouts(void)
{
	static const u8 classes[] = { 1, 2, 3, 12, 37, 38, 60, 78, 79, 80, 81 };
	static const u8 min_sizes[] = { 64, 68, 94, 12, 104, 80, 88, 80, 106, 96, 122 };
	struct smb2_dir_writer dw;
	struct smb2_dir_entry e;
	struct fscc_file_stat st;
	u8 name[32], sn[32], buf[512], x[256];
	u32 nlen, snlen, want, i, pass;

	nlen = u16s(name, "file.txt");
	snlen = u16s(sn, "FILE~1.TXT");
	for (i = 0; i < sizeof(classes); i++) {
		EXPECT_EQ(smb2_dir_entry_min_size(classes[i]), min_sizes[i]);
		for (pass = 0; pass < 2; pass++) {
			u32 attrs = FILE_ATTRIBUTE_ARCHIVE | FILE_ATTRIBUTE_HIDDEN;
			u32 ea = test_st.ea_size, tag = 0;

			st = test_st;
			if (pass) {	/* a reparse point */
				st.file_attributes |= FILE_ATTRIBUTE_REPARSE_POINT;
				attrs |= FILE_ATTRIBUTE_REPARSE_POINT;
				tag = st.reparse_tag;
				if (tag_in_ea(classes[i]))
					ea = st.reparse_tag;
			}
			e = (struct smb2_dir_entry){ .st = &st, .name = name, .name_len = nlen,
				.short_name = sn, .short_name_len = snlen, .file_index = 0x77 };
			memset(buf, 0xaa, sizeof(buf));
			smb2_dir_writer_init(&dw, buf, sizeof(buf));
			EXPECT_EQ(smb2_dir_append(&dw, classes[i], &e), STATUS_SUCCESS);
			want = expect_entry(x, classes[i], &st, attrs, ea, tag, name, nlen, sn, snlen);
			EXPECT_EQ(dw.used, want);
			EXPECT_EQ(dw.count, 1);
			EXPECT_EQ(dw.last, 0);
			EXPECT_EQ(want, min_sizes[i] + nlen);
			EXPECT_MEM(buf, x, want);
			EXPECT_EQ(buf[want], 0xaa);	/* no padding after the last */
		}
	}
	tap_case("directory entries: byte layout of all 11 classes, reparse tag rules");

	/* attributes: DIRECTORY from st->directory, NORMAL only alone */
	st = test_st;
	st.file_attributes = 0;
	st.directory = true;
	e = (struct smb2_dir_entry){ .st = &st, .name = name, .name_len = nlen };
	smb2_dir_writer_init(&dw, buf, sizeof(buf));
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(buf + 56), FILE_ATTRIBUTE_DIRECTORY);
	st.directory = false;
	smb2_dir_writer_init(&dw, buf, sizeof(buf));
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(buf + 56), FILE_ATTRIBUTE_NORMAL);
	st.file_attributes = FILE_ATTRIBUTE_NORMAL | FILE_ATTRIBUTE_READONLY;
	smb2_dir_writer_init(&dw, buf, sizeof(buf));
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(get_le32(buf + 56), FILE_ATTRIBUTE_READONLY);

	/* no short name: zeros; a too long one is cut to 24 bytes */
	st = test_st;
	memset(buf, 0xaa, sizeof(buf));
	smb2_dir_writer_init(&dw, buf, sizeof(buf));
	EXPECT_EQ(smb2_dir_append(&dw, FileBothDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(buf[68], 0);
	EXPECT_EQ(buf[69], 0);
	memset(x, 0, 24);
	EXPECT_MEM(buf + 70, x, 24);
	snlen = u16s(sn, "ABCDEFGHIJKLMNO");	/* 30 bytes */
	e.short_name = sn;
	e.short_name_len = snlen;
	memset(buf, 0xaa, sizeof(buf));
	smb2_dir_writer_init(&dw, buf, sizeof(buf));
	EXPECT_EQ(smb2_dir_append(&dw, FileIdBothDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(buf[68], 24);
	EXPECT_MEM(buf + 70, sn, 24);
	EXPECT_EQ(get_le16(buf + 94), 0);	/* Reserved2 */
	EXPECT_EQ(get_le64(buf + 96), test_st.index_number);

	/* FileNamesInformation needs no stat; an empty name is allowed */
	e = (struct smb2_dir_entry){ .st = NULL, .name = name, .name_len = 0 };
	smb2_dir_writer_init(&dw, buf, sizeof(buf));
	EXPECT_EQ(smb2_dir_append(&dw, FileNamesInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(dw.used, 12);
	EXPECT_MEM(buf, "\0\0\0\0\0\0\0\0\0\0\0\0", 12);

	/* unknown classes */
	smb2_dir_writer_init(&dw, buf, sizeof(buf));
	EXPECT_EQ(smb2_dir_append(&dw, FileBasicInformation, &e), STATUS_INVALID_INFO_CLASS);
	EXPECT_EQ(smb2_dir_append(&dw, 0, &e), STATUS_INVALID_INFO_CLASS);
	EXPECT_EQ(smb2_dir_append_truncated(&dw, 50, &e), STATUS_INVALID_INFO_CLASS);
	EXPECT_EQ(dw.used, 0);
	EXPECT_EQ(dw.count, 0);
	tap_case("directory entries: attributes, short names, FileNames, unknown class");
}

static void test_chain_overflow(void)
{
	struct smb2_dir_writer dw;
	struct smb2_dir_entry e = { .st = &test_st };
	u8 buf[512], name[64], keep[512];
	u32 i;

	u16s(name, "abcdefghijklmnopqrstuvwxyz");
	memset(buf, 0xaa, sizeof(buf));
	smb2_dir_writer_init(&dw, buf, sizeof(buf));
	e.name = name;
	e.name_len = 2;				/* 66 bytes -> next at 72 */
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(dw.used, 66);
	e.name_len = 10;			/* 72 + 74 = 146 -> next at 152 */
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(dw.used, 146);
	e.name_len = 6;				/* 152 + 70 = 222 */
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(dw.used, 222);
	EXPECT_EQ(dw.count, 3);
	EXPECT_EQ(dw.last, 152);
	EXPECT_EQ(get_le32(buf), 72);
	EXPECT_EQ(get_le32(buf + 72), 80);
	EXPECT_EQ(get_le32(buf + 152), 0);
	EXPECT_EQ(get_le32(buf + 60), 2);
	EXPECT_EQ(get_le32(buf + 72 + 60), 10);
	EXPECT_EQ(get_le32(buf + 152 + 60), 6);
	for (i = 66; i < 72; i++)
		EXPECT_EQ(buf[i], 0);		/* padding zeroed */
	for (i = 146; i < 152; i++)
		EXPECT_EQ(buf[i], 0);
	EXPECT_EQ(buf[222], 0xaa);
	EXPECT_MEM(buf + 152 + 64, name, 6);
	tap_case("directory entries: 8-byte alignment and NextEntryOffset chain");

	/* overflow: nothing written, the chain's end unchanged */
	memset(buf, 0xaa, sizeof(buf));
	smb2_dir_writer_init(&dw, buf, 66 + 6 + 64 + 5);	/* 141: next needs 142 */
	e.name_len = 2;
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_SUCCESS);
	memcpy(keep, buf, sizeof(buf));
	e.name_len = 6;				/* 72 + 70 = 142 > 141 */
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(dw.used, 66);
	EXPECT_EQ(dw.count, 1);
	EXPECT_MEM(buf, keep, sizeof(buf));
	EXPECT_EQ(get_le32(buf), 0);
	e.name_len = 0xffffffff;		/* no wrap-around */
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_BUFFER_OVERFLOW);
	e.name_len = 0xfffffff8;
	EXPECT_EQ(smb2_dir_append(&dw, FileIdAllExtdBothDirectoryInformation, &e),
		  STATUS_BUFFER_OVERFLOW);
	EXPECT_MEM(buf, keep, sizeof(buf));
	EXPECT_EQ(smb2_dir_append_truncated(&dw, FileDirectoryInformation, &e),
		  STATUS_INVALID_PARAMETER);	/* only for the first entry */
	/* without the alignment it would fit: the gap counts */
	e.name_len = 5;				/* 72 + 69 = 141 */
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_SUCCESS);
	EXPECT_EQ(dw.used, 141);
	EXPECT_EQ(get_le32(buf), 72);
	EXPECT_EQ(smb2_dir_append(&dw, FileNamesInformation, &e), STATUS_BUFFER_OVERFLOW);
	smb2_dir_writer_init(&dw, buf, 0);
	e.name_len = 0;
	EXPECT_EQ(smb2_dir_append(&dw, FileNamesInformation, &e), STATUS_BUFFER_OVERFLOW);
	tap_case("directory entries: STATUS_BUFFER_OVERFLOW writes nothing");

	/* MS-FSA 2.1.5.6.3: the first entry returned with its name cut */
	memset(buf, 0xaa, sizeof(buf));
	smb2_dir_writer_init(&dw, buf, 64 + 5);
	e.name_len = 20;
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(dw.count, 0);
	EXPECT_EQ(buf[0], 0xaa);
	EXPECT_EQ(smb2_dir_append_truncated(&dw, FileDirectoryInformation, &e),
		  STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(dw.used, 69);
	EXPECT_EQ(dw.count, 1);
	EXPECT_EQ(get_le32(buf), 0);
	EXPECT_EQ(get_le32(buf + 60), 20);	/* the whole name's length */
	EXPECT_MEM(buf + 64, name, 5);
	EXPECT_EQ(buf[69], 0xaa);
	EXPECT_EQ(smb2_dir_append(&dw, FileDirectoryInformation, &e), STATUS_BUFFER_OVERFLOW);
	/* exactly the fixed part: no name bytes */
	smb2_dir_writer_init(&dw, buf, 94);
	EXPECT_EQ(smb2_dir_append_truncated(&dw, FileBothDirectoryInformation, &e),
		  STATUS_BUFFER_OVERFLOW);
	EXPECT_EQ(dw.used, 94);
	/* below it: STATUS_INFO_LENGTH_MISMATCH, nothing written */
	memset(buf, 0xaa, sizeof(buf));
	smb2_dir_writer_init(&dw, buf, 93);
	EXPECT_EQ(smb2_dir_append_truncated(&dw, FileBothDirectoryInformation, &e),
		  STATUS_INFO_LENGTH_MISMATCH);
	EXPECT_EQ(dw.used, 0);
	EXPECT_EQ(dw.count, 0);
	EXPECT_EQ(buf[0], 0xaa);
	/* it fits whole: a normal append */
	smb2_dir_writer_init(&dw, buf, 200);
	EXPECT_EQ(smb2_dir_append_truncated(&dw, FileBothDirectoryInformation, &e),
		  STATUS_SUCCESS);
	EXPECT_EQ(dw.used, 114);
	tap_case("directory entries: first entry cut to fit (MS-FSA 2.1.5.6.3)");
}

struct wc_case {
	const char *expr;
	const char *name;
	bool ci;
	bool want;
};

static bool wm(const char *expr, const char *name, bool ci)
{
	u8 eb[1024], nb[1024], *ec, *nc;
	u32 el = u16s(eb, expr), nl = u16s(nb, name);
	bool r;

	ec = dup_exact(eb, el);
	nc = dup_exact(nb, nl);
	r = smb2_wildcard_match(ec, el, nc, nl, ci);
	free(ec);
	free(nc);
	return r;
}

static const struct wc_case wc_cases[] = {
	/* MS-FSA 2.1.4.4 Part 1, and the empty pattern meaning "*" */
	{ "", "abc", 0, 1 }, { "", "", 0, 1 }, { "*", "", 0, 0 }, { "a", "", 0, 0 },
	{ "*", "abc", 0, 1 }, { "*", ".", 0, 1 }, { "*.*", "abc", 0, 1 },
	{ "*.*", "a.b", 0, 1 }, { "*.*", "..", 0, 1 },
	{ "a*.*", "abc", 0, 0 }, { "a*.*", "ab.c", 0, 1 }, { "*.**", "abc", 0, 0 },
	{ "*.txt", "a.txt", 0, 1 }, { "*.txt", ".txt", 0, 1 }, { "*.txt", "txt", 0, 0 },
	{ "*.txt", "a.txt.bak", 0, 0 }, { "*.txt", "a.TXT", 0, 0 }, { "*.txt", "A.TXT", 1, 1 },
	{ "*abc", "abc", 0, 1 }, { "*abc", "bc", 0, 0 }, { "*ABC", "xxabc", 1, 1 },
	/* literals */
	{ "abc", "abc", 0, 1 }, { "abc", "abcd", 0, 0 }, { "abc", "ab", 0, 0 },
	{ "abc", "ABC", 0, 0 }, { "abc", "ABC", 1, 1 }, { "a.b", "a.b", 0, 1 },
	{ "foo.", "foo", 0, 0 },
	/* * and ? */
	{ "a*", "abc", 0, 1 }, { "a*", "bac", 0, 0 }, { "a*", "a", 0, 1 },
	{ "a?c", "abc", 0, 1 }, { "a?c", "ac", 0, 0 }, { "a?c", "abbc", 0, 0 },
	{ "a?c", "a.c", 0, 1 }, { "?", "", 0, 0 }, { "???", "ab", 0, 0 }, { "???", "abc", 0, 1 },
	{ "a*b*c", "aXbYc", 0, 1 }, { "a*b*c", "aXbY", 0, 0 }, { "a*b*c", "abcbc", 0, 1 },
	{ "*a*", "bab", 0, 1 }, { "*a*", "bbb", 0, 0 }, { "**", "x", 0, 1 },
	{ "*?", "", 0, 0 }, { "*?", "x", 0, 1 }, { "?*?", "x", 0, 0 },
	/* DOS_STAR: may not eat the last dot */
	{ "<", "abc", 0, 1 }, { "<", "a.b", 0, 0 }, { "<", "a.b.c", 0, 0 },
	{ "<", ".", 0, 0 }, { "<.", "a.", 0, 1 },
	{ "<.txt", "a.b.txt", 0, 1 }, { "<.txt", "a.txt.bak", 0, 0 }, { "<.txt", ".txt", 0, 1 },
	{ "<.<", "a.b.c", 0, 1 }, { "<.<", "abc", 0, 0 },
	{ "<b", "a.b", 0, 0 }, { "<b", "ab", 0, 1 },
	/* *.* as a DOS client sends it: < " * */
	{ "<\"*", "foo", 0, 1 }, { "<\"*", "foo.bar", 0, 1 }, { "<\"*", "a.b.c", 0, 1 },
	{ "<\"*", ".bashrc", 0, 1 },
	/* DOS_QM: one non-dot unit, none at a dot or at the end */
	{ ">>>>>>>>\">>>", "abc", 0, 1 }, { ">>>>>>>>\">>>", "abc.de", 0, 1 },
	{ ">>>>>>>>\">>>", "abcdefgh.txt", 0, 1 }, { ">>>>>>>>\">>>", "abcdefghi", 0, 0 },
	{ ">>>>>>>>\">>>", "abc.defg", 0, 0 }, { ">>>>>>>>\">>>", "a.b.c", 0, 0 },
	{ "a>", "a", 0, 1 }, { "a>>", "ab", 0, 1 }, { "a>>", "abc", 0, 1 },
	{ "a>>", "abcd", 0, 0 }, { "a>c", "ac", 0, 0 }, { "a>c", "abc", 0, 1 },
	{ "a>c", "a.c", 0, 0 }, { "a>.b", "a.b", 0, 1 }, { "a>.b", "ax.b", 0, 1 },
	{ "a>.b", "axy.b", 0, 0 }, { ">", "", 0, 0 }, { ">", ".", 0, 0 },
	/* DOS_DOT: a dot, or nothing at the end */
	{ "foo\"", "foo", 0, 1 }, { "foo\"", "foo.", 0, 1 }, { "foo\"", "foo.x", 0, 0 },
	{ "foo\"*", "foo.x", 0, 1 }, { "foo\"*", "foo", 0, 1 }, { "foo\"*", "foox", 0, 0 },
	{ "a\"b", "a.b", 0, 1 }, { "a\"b", "ab", 0, 0 }, { "\"", ".", 0, 1 },
	/* mixed */
	{ "*<>?\"", "ab.", 0, 1 }, { "<*", "a.b", 0, 1 }, { "*<", "a.b", 0, 1 },
	{ "?<", "a.b", 0, 0 }, { "<?", "a.b", 0, 0 }, { "<?<", "a.b", 0, 1 },
};

static void wc_ref_cp(u16 *out, u32 *n, const char *s)
{
	for (*n = 0; s[*n]; (*n)++)
		out[*n] = (u8)s[*n];
}

/* A second, recursive reading of MS-FSA 2.1.4.4 for short strings. */
static bool wc_ref(const u16 *e, u32 el, u32 i, const u16 *n, u32 nl, u32 j, u32 last_dot)
{
	u16 c;

	if (i == el)
		return j == nl;
	c = j < nl ? n[j] : 0;
	switch (e[i]) {
	case '*':
		return wc_ref(e, el, i + 1, n, nl, j, last_dot) ||
		       (j < nl && wc_ref(e, el, i, n, nl, j + 1, last_dot));
	case '<':
		return wc_ref(e, el, i + 1, n, nl, j, last_dot) ||
		       (j < nl && j != last_dot && wc_ref(e, el, i, n, nl, j + 1, last_dot));
	case '?':
		return j < nl && wc_ref(e, el, i + 1, n, nl, j + 1, last_dot);
	case '>':
		if (j == nl || c == '.')
			return wc_ref(e, el, i + 1, n, nl, j, last_dot);
		return wc_ref(e, el, i + 1, n, nl, j + 1, last_dot);
	case '"':
		if (j == nl)
			return wc_ref(e, el, i + 1, n, nl, j, last_dot);
		return c == '.' && wc_ref(e, el, i + 1, n, nl, j + 1, last_dot);
	default:
		return j < nl && c == e[i] && wc_ref(e, el, i + 1, n, nl, j + 1, last_dot);
	}
}

/* The same over every (expression suffix, name suffix) pair, for long ones */
static bool wc_dp(const u16 *e, u32 el, const u16 *n, u32 nl)
{
	u8 *m = calloc((size_t)(el + 1) * (nl + 1), 1);
	u32 i, j, last_dot = 0xffffffff;
	bool r, end;

	for (j = 0; j < nl; j++)
		if (n[j] == '.')
			last_dot = j;
#define M(a, b) m[(size_t)(a) * (nl + 1) + (b)]
	M(el, nl) = 1;
	for (i = el; i-- > 0;) {
		for (j = nl + 1; j-- > 0;) {
			end = j == nl;
			switch (e[i]) {
			case '*':
				r = M(i + 1, j) || (!end && M(i, j + 1));
				break;
			case '<':
				r = M(i + 1, j) || (!end && j != last_dot && M(i, j + 1));
				break;
			case '?':
				r = !end && M(i + 1, j + 1);
				break;
			case '>':
				r = (end || n[j] == '.') ? M(i + 1, j) : M(i + 1, j + 1);
				break;
			case '"':
				r = end ? M(i + 1, j) : (n[j] == '.' && M(i + 1, j + 1));
				break;
			default:
				r = !end && n[j] == e[i] && M(i + 1, j + 1);
				break;
			}
			M(i, j) = r;
		}
	}
	r = M(0, 0);
#undef M
	free(m);
	return r;
}

static void test_wildcard(void)
{
	size_t i;
	u32 k;

	for (i = 0; i < ARRAY_SIZE(wc_cases); i++) {
		const struct wc_case *c = &wc_cases[i];
		bool got = wm(c->expr, c->name, c->ci);

		if (got != c->want)
			printf("# expr '%s' name '%s' ci %d\n", c->expr, c->name, c->ci);
		EXPECT_EQ(got, c->want);
	}
	tap_case("wildcards: truth table (*, ?, <, >, \", Part 1 special cases)");

	{
		/* Greek and Cyrillic, Latin-1; final sigma folds to capital sigma */
		static const u16 up[] = { 0x3a3, 0x39f, 0x3a6, 0x399, 0x391, 0x3a3 };
		static const u16 lo[] = { 0x3c3, 0x3bf, 0x3c6, 0x3b9, 0x3b1, 0x3c2 };
		static const u16 cyr_up[] = { '*', 0x41f, 0x420, 0x418 };
		static const u16 cyr_lo[] = { 'x', 0x43f, 0x440, 0x438 };
		static const u16 l1_up[] = { 0xc4, '?', 0xd6 };
		static const u16 l1_lo[] = { 0xe4, 'x', 0xf6 };
		u8 a[64], b[64];
		u32 al, bl;

		al = u16a(a, up, 6);
		bl = u16a(b, lo, 6);
		EXPECT_TRUE(smb2_wildcard_match(a, al, b, bl, true));
		EXPECT_TRUE(!smb2_wildcard_match(a, al, b, bl, false));
		al = u16a(a, cyr_up, 4);
		bl = u16a(b, cyr_lo, 4);
		EXPECT_TRUE(smb2_wildcard_match(a, al, b, bl, true));
		EXPECT_TRUE(!smb2_wildcard_match(a, al, b, bl, false));
		al = u16a(a, l1_up, 3);
		bl = u16a(b, l1_lo, 3);
		EXPECT_TRUE(smb2_wildcard_match(a, al, b, bl, true));
		EXPECT_TRUE(!smb2_wildcard_match(a, al, b, bl, false));
		/* odd trailing bytes are ignored */
		al = u16s(a, "a*");
		bl = u16s(b, "abc");
		EXPECT_TRUE(smb2_wildcard_match(a, al + 1, b, bl + 1, false));
		EXPECT_TRUE(smb2_wildcard_match(a, 1, b, bl, false));	/* 0 units: "*" */
		EXPECT_TRUE(!smb2_wildcard_match(a, al, b, 1, false));	/* 0 units: empty */
	}
	tap_case("wildcards: case-insensitive Latin-1, Greek, Cyrillic; odd lengths");

	{
		char e[600], n[600];

		/* the classic blow-up: many stars, a name that almost matches */
		strcpy(e, "*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b");
		memset(n, 'a', 500);
		n[500] = 0;
		EXPECT_TRUE(!wm(e, n, false));
		EXPECT_TRUE(!wm(e, n, true));
		n[499] = 'b';
		EXPECT_TRUE(wm(e, n, true));
		strcpy(e, "<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<a<b");
		n[499] = 'a';
		EXPECT_TRUE(!wm(e, n, false));
		/* positions past the first 64-bit word of states */
		memset(e, '?', 100);
		e[100] = 0;
		memset(n, 'x', 100);
		n[100] = 0;
		EXPECT_TRUE(wm(e, n, false));
		n[99] = 0;
		EXPECT_TRUE(!wm(e, n, false));
		memset(e, '*', 200);
		e[200] = 'b';
		e[201] = 0;
		strcpy(n, "aab");
		EXPECT_TRUE(wm(e, n, false));
		strcpy(n, "aaa");
		EXPECT_TRUE(!wm(e, n, false));
		memset(e, 'a', 250);
		e[250] = '*';
		e[251] = 0;
		memset(n, 'a', 300);
		n[300] = 0;
		EXPECT_TRUE(wm(e, n, false));
		/* SMB2_WILDCARD_MAX_UNITS: 255 units are matched, 256 are not */
		memset(e, 'a', 255);
		e[254] = '?';
		e[255] = 0;
		memset(n, 'a', 255);
		n[255] = 0;
		EXPECT_TRUE(wm(e, n, false));
		e[255] = 'a';
		e[256] = 0;
		n[255] = 'a';
		n[256] = 0;
		EXPECT_TRUE(!wm(e, n, false));
		/* ... unless Part 1 decides: "*" and a plain tail of any length */
		e[0] = '*';
		e[254] = 'a';
		EXPECT_TRUE(wm(e, n, false));
		e[300] = 0;
		memset(e + 256, 'a', 44);
		memset(n, 'b', 20);
		n[320] = 0;
		memset(n + 256, 'a', 64);
		EXPECT_TRUE(wm(e, n, false));
	}
	tap_case("wildcards: no blow-up, long expressions, the 255-unit bound");

	{
		static const char ealpha[] = "ab.*?<>\"";
		static const char nalpha[] = "ab.";
		unsigned int seed = 12345;
		char e[16], n[16];
		u16 eu[16], nu[16];
		u32 el, nl, j, last_dot, bad = 0;
		bool want;

		for (k = 0; k < 30000; k++) {
			seed = seed * 1103515245 + 12345;
			el = 1 + (seed >> 16) % 7;
			for (j = 0; j < el; j++) {
				seed = seed * 1103515245 + 12345;
				e[j] = ealpha[(seed >> 16) % 8];
			}
			e[el] = 0;
			seed = seed * 1103515245 + 12345;
			nl = 1 + (seed >> 16) % 8;
			for (j = 0; j < nl; j++) {
				seed = seed * 1103515245 + 12345;
				n[j] = nalpha[(seed >> 16) % 3];
			}
			n[nl] = 0;
			wc_ref_cp(eu, &el, e);
			wc_ref_cp(nu, &nl, n);
			last_dot = 0xffffffff;
			for (j = 0; j < nl; j++)
				if (nu[j] == '.')
					last_dot = j;
			want = !strcmp(e, "*") || !strcmp(e, "*.*") ||
			       wc_ref(eu, el, 0, nu, nl, 0, last_dot);
			if (wm(e, n, false) != want && bad++ < 5)
				printf("# expr '%s' name '%s' want %d\n", e, n, want);
		}
		EXPECT_EQ(bad, 0);
	}
	tap_case("wildcards: 30000 random cases agree with a recursive reading");

	{
		/* long ones: live states spread over all four words */
		static const char ealpha[] = "*<<>>??\"\"..aab";
		static const char nalpha[] = "aab..";
		unsigned int seed = 777;
		char e[260], n[260];
		u16 eu[260], nu[260];
		u32 el, nl, j, bad = 0, hits = 0;
		bool want;

		for (k = 0; k < 400; k++) {
			seed = seed * 1103515245 + 12345;
			el = 60 + (seed >> 16) % 196;
			for (j = 0; j < el; j++) {
				seed = seed * 1103515245 + 12345;
				e[j] = ealpha[(seed >> 16) % (sizeof(ealpha) - 1)];
			}
			e[el] = 0;
			if (e[0] == '*')
				e[0] = '<';		/* keep Part 1 out of it */
			/* a name spelled from the expression, one unit changed */
			for (j = 0, nl = 0; j < el && nl < 250; j++) {
				seed = seed * 1103515245 + 12345;
				if (e[j] == '*' || e[j] == '<') {
					if ((seed >> 16) % 2)
						n[nl++] = nalpha[(seed >> 20) % (sizeof(nalpha) - 1)];
				} else if (e[j] == '?' || e[j] == '>') {
					n[nl++] = 'a';
				} else {
					n[nl++] = e[j] == '"' ? '.' : e[j];
				}
			}
			seed = seed * 1103515245 + 12345;
			if (!nl)
				n[nl++] = 'a';
			if ((seed >> 16) % 2)
				n[(seed >> 17) % nl] = nalpha[(seed >> 24) % (sizeof(nalpha) - 1)];
			n[nl] = 0;
			wc_ref_cp(eu, &el, e);
			wc_ref_cp(nu, &nl, n);
			want = wc_dp(eu, el, nu, nl);
			hits += want;
			if (wm(e, n, false) != want && bad++ < 5)
				printf("# expr '%s' name '%s' want %d\n", e, n, want);
		}
		EXPECT_EQ(bad, 0);
		if (hits < 40 || hits > 360)
			printf("# %u of 400 matched\n", hits);
		EXPECT_TRUE(hits >= 40 && hits <= 360);	/* both answers were tried */
	}
	tap_case("wildcards: 400 random 60-255 unit expressions agree with a DP reading");

	{
		u8 a[600];
		u32 al;

		EXPECT_TRUE(!smb2_wildcard_has_wild(a, 0));
		al = u16s(a, "abc.txt");
		EXPECT_TRUE(!smb2_wildcard_has_wild(a, al));
		al = u16s(a, "ab*");
		EXPECT_TRUE(smb2_wildcard_has_wild(a, al));
		EXPECT_TRUE(!smb2_wildcard_has_wild(a, al - 2));
		al = u16s(a, "?");
		EXPECT_TRUE(smb2_wildcard_has_wild(a, al));
		al = u16s(a, "a<");
		EXPECT_TRUE(smb2_wildcard_has_wild(a, al));
		al = u16s(a, ">");
		EXPECT_TRUE(smb2_wildcard_has_wild(a, al));
		al = u16s(a, "x\"");
		EXPECT_TRUE(smb2_wildcard_has_wild(a, al));

		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, 0));
		al = u16s(a, "*.txt");
		EXPECT_TRUE(smb2_wildcard_expr_valid(a, al));
		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, al - 1));
		al = u16s(a, "<\">?*");
		EXPECT_TRUE(smb2_wildcard_expr_valid(a, al));
		al = u16s(a, ".");
		EXPECT_TRUE(smb2_wildcard_expr_valid(a, al));
		al = u16s(a, "..");
		EXPECT_TRUE(smb2_wildcard_expr_valid(a, al));
		al = u16s(a, "a:b");
		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, al));
		al = u16s(a, "a\\b");
		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, al));
		al = u16s(a, "a/b");
		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, al));
		al = u16s(a, "a|b");
		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, al));
		al = u16s(a, "a\x1f");
		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, al));
		put_le16(a, 0);
		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, 2));
		for (k = 0; k < 256; k++)
			put_le16(a + 2 * k, 0xe9);
		EXPECT_TRUE(smb2_wildcard_expr_valid(a, 510));
		EXPECT_TRUE(!smb2_wildcard_expr_valid(a, 512));
	}
	tap_case("wildcards: has_wild and pattern validity (MS-FSCC 2.1.5.2)");
}

static void test_upcase(void)
{
	static const u16 map[][2] = {
		{ 'a', 'A' }, { 'z', 'Z' }, { 'A', 'A' }, { '{', '{' }, { '`', '`' },
		{ '@', '@' }, { 0, 0 }, { 0xe0, 0xc0 }, { 0xe9, 0xc9 }, { 0xfe, 0xde },
		{ 0xf7, 0xf7 }, { 0xff, 0x178 }, { 0xdf, 0xdf }, { 0xb5, 0xb5 },
		{ 0x101, 0x100 }, { 0x100, 0x100 }, { 0x12f, 0x12e }, { 0x131, 0x131 },
		{ 0x130, 0x130 }, { 0x133, 0x132 }, { 0x138, 0x138 }, { 0x13a, 0x139 },
		{ 0x148, 0x147 }, { 0x149, 0x149 }, { 0x14b, 0x14a }, { 0x177, 0x176 },
		{ 0x17a, 0x179 }, { 0x17e, 0x17d }, { 0x17f, 0x17f },
		{ 0x3b1, 0x391 }, { 0x3c9, 0x3a9 }, { 0x3c2, 0x3a3 }, { 0x3ac, 0x386 },
		{ 0x3ad, 0x388 }, { 0x3af, 0x38a }, { 0x3cc, 0x38c }, { 0x3ce, 0x38f },
		{ 0x390, 0x390 }, { 0x3b0, 0x3b0 }, { 0x3d1, 0x398 }, { 0x3e3, 0x3e2 },
		{ 0x3f2, 0x3f9 }, { 0x37b, 0x3fd }, { 0x391, 0x391 },
		{ 0x430, 0x410 }, { 0x44f, 0x42f }, { 0x450, 0x400 }, { 0x45f, 0x40f },
		{ 0x461, 0x460 }, { 0x481, 0x480 }, { 0x482, 0x482 }, { 0x48b, 0x48a },
		{ 0x4c2, 0x4c1 }, { 0x4ce, 0x4cd }, { 0x4cf, 0x4c0 }, { 0x4d1, 0x4d0 },
		{ 0x4ff, 0x4fe }, { 0x52f, 0x52e }, { 0x410, 0x410 },
		{ 0x561, 0x531 }, { 0x586, 0x556 }, { 0x587, 0x587 },
		{ 0x1e01, 0x1e00 }, { 0x1e95, 0x1e94 }, { 0x1e9b, 0x1e9b }, { 0x1ea1, 0x1ea0 },
		{ 0x1eff, 0x1efe }, { 0xff41, 0xff21 }, { 0xff5a, 0xff3a }, { 0xff21, 0xff21 },
		{ 0xd800, 0xd800 }, { 0xdc00, 0xdc00 }, { 0xffff, 0xffff }, { 0x4e00, 0x4e00 },
	};
	u8 a[32], b[32];
	u32 c, al, bl, bad = 0;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(map); i++) {
		if (smb2_upcase(map[i][0]) != map[i][1])
			printf("# U+%04X -> U+%04X\n", map[i][0], smb2_upcase(map[i][0]));
		EXPECT_EQ(smb2_upcase(map[i][0]), map[i][1]);
	}
	/* idempotent: an uppercase letter is its own uppercase */
	for (c = 0; c < 0x10000; c++)
		if (smb2_upcase(smb2_upcase(c)) != smb2_upcase(c))
			bad++;
	EXPECT_EQ(bad, 0);
	tap_case("upcase: ASCII, Latin-1, Latin Extended-A, Greek, Cyrillic, others");

	al = u16s(a, "Stra\337e.TXT");
	bl = u16s(b, "STRA\337E.txt");
	EXPECT_TRUE(smb2_utf16_equal_ci(a, al, b, bl));
	EXPECT_TRUE(smb2_utf16_equal_ci(a, 0, b, 0));
	EXPECT_TRUE(!smb2_utf16_equal_ci(a, al, b, bl - 2));
	bl = u16s(b, "STRASSE.txt");
	EXPECT_TRUE(!smb2_utf16_equal_ci(a, al, b, bl));
	bl = u16s(b, "stra\337e.txu");
	EXPECT_TRUE(!smb2_utf16_equal_ci(a, al, b, bl));
	/* an odd byte compares as is */
	al = u16s(a, "ab");
	bl = u16s(b, "AB");
	a[al] = 'x';
	b[bl] = 'x';
	EXPECT_TRUE(smb2_utf16_equal_ci(a, al + 1, b, bl + 1));
	b[bl] = 'X';
	EXPECT_TRUE(!smb2_utf16_equal_ci(a, al + 1, b, bl + 1));
	tap_case("upcase: smb2_utf16_equal_ci");
}

void test_smb2_query_dir(void)
{
	test_parse();
	test_build_rsp();
	test_entry_layouts();
	test_chain_overflow();
	test_wildcard();
	test_upcase();
}
