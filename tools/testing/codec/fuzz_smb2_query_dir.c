// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: smb2_query_dir_parse() on a whole command, then what a
 * handler does with the result: the pattern checked and matched, entries
 * of the requested class appended up to OutputBufferLength (the pattern
 * as their names), the response built. Views must lie inside the input;
 * the entries must form a well-linked, 8-byte aligned chain inside the
 * writer's capacity.
 */
#include <stdlib.h>
#include "smb2_query_dir.h"
#include "wildcard.h"

static void inside(const u8 *base, size_t size, const u8 *p, size_t n)
{
	if (!n)
		return;
	if (!p || p < base || p > base + size || n > (size_t)(base + size - p))
		abort();
}

static void check_chain(const struct smb2_dir_writer *dw, u8 cls)
{
	u32 off = 0, n = 0, next;

	if (!dw->count) {
		if (dw->used)
			abort();
		return;
	}
	if (dw->used > dw->cap)
		abort();
	for (;;) {
		if (off % 8 || off + smb2_dir_entry_min_size(cls) > dw->used)
			abort();
		n++;
		next = get_le32(dw->buf + off);
		if (!next)
			break;
		if (next % 8 || next > dw->used - off)
			abort();
		off += next;
	}
	if (n != dw->count || off != dw->last)
		abort();
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	static const struct fscc_file_stat st = {
		.file_attributes = FILE_ATTRIBUTE_REPARSE_POINT,
		.reparse_tag = IO_REPARSE_TAG_SYMLINK,
		.index_number = 42,
	};
	static u8 out[8 + 2048];
	static const u8 dot[2] = { '.', 0 };
	struct smb2_query_dir_req req;
	struct smb2_dir_writer dw;
	struct smb2_dir_entry e;
	u32 st_app, cap, i;
	size_t n;

	if (smb2_query_dir_parse(data, size, &req) != STATUS_SUCCESS)
		return 0;
	inside(data, size, req.pattern, req.pattern_len);
	if ((req.pattern_len & 1) || (!req.pattern) != (!req.pattern_len))
		abort();
	if (!smb2_dir_class_valid(req.info_class))
		abort();
	if (req.pattern && smb2_wildcard_expr_valid(req.pattern, req.pattern_len))
		smb2_wildcard_match(req.pattern, req.pattern_len, dot, 2, req.flags & 1);

	cap = req.output_len % (sizeof(out) - 8 + 1);
	e = (struct smb2_dir_entry){ .st = &st, .name = req.pattern ? req.pattern : dot,
		.name_len = req.pattern ? req.pattern_len : 2, .short_name = req.pattern,
		.short_name_len = (u8)req.pattern_len, .file_index = req.file_index };
	smb2_dir_writer_init(&dw, out + 8, cap);
	for (i = 0; i < 64; i++) {
		st_app = smb2_dir_append(&dw, req.info_class, &e);
		if (st_app == STATUS_BUFFER_OVERFLOW) {
			if (!dw.count) {
				st_app = smb2_dir_append_truncated(&dw, req.info_class, &e);
				if (st_app == STATUS_INFO_LENGTH_MISMATCH) {
					if (cap >= smb2_dir_entry_min_size(req.info_class))
						abort();
				} else if (st_app != STATUS_BUFFER_OVERFLOW || dw.used != cap) {
					abort();
				}
			}
			break;
		}
		if (st_app != STATUS_SUCCESS)
			abort();
		e.name_len = e.name_len / 2 + (i & 1);	/* vary the sizes */
	}
	check_chain(&dw, req.info_class);
	if (smb2_query_dir_build_rsp(dw.used, out, sizeof(out), &n) != STATUS_SUCCESS ||
	    n > sizeof(out) || get_le32(out + 4) != dw.used)
		abort();
	return 0;
}
