// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: QUERY_INFO and SET_INFO parsing on whole commands, then
 * the information class encoders driven by what was parsed. Views must lie
 * inside the input; encoders and builders must stay inside their buffers
 * (exactly sized heap copies) and report lengths no larger than them.
 */
#include <stdlib.h>
#include "smb2_info.h"

static void inside(const u8 *base, size_t size, const u8 *p, size_t n)
{
	if (!n)
		return;
	if (!p || p < base || p > base + size || n > (size_t)(base + size - p))
		abort();
}

static void check_enc(u32 status, u32 len, u32 cap, u32 min)
{
	if (len > cap)
		abort();
	if (status == STATUS_SUCCESS || status == STATUS_BUFFER_OVERFLOW) {
		if (!min || cap < min)
			abort();
	} else if (len) {
		abort();
	}
	if (min && cap < min && status != STATUS_INFO_LENGTH_MISMATCH)
		abort();
	if (!min && status != STATUS_NOT_SUPPORTED && status != STATUS_INVALID_INFO_CLASS)
		abort();
}

/* Encode @cls with a context whose names and streams come from @data. */
static void encode(u8 type, u8 cls, u32 out_len, const u8 *data, size_t size)
{
	struct smb2_stream_entry streams[3];
	struct smb2_file_info_ctx ctx;
	struct fscc_file_stat st;
	struct fscc_fs_stat fs;
	u32 cap = out_len % 400, len = 0, status, i, half = (u32)(size / 2);
	u8 *out = malloc(cap ? cap : 1);

	memset(&st, 0, sizeof(st));
	memset(&fs, 0, sizeof(fs));
	memcpy(&st, data, size < sizeof(st) ? size : sizeof(st));
	st.delete_pending = data[0] & 1;
	st.directory = data[0] & 2;
	memset(&ctx, 0, sizeof(ctx));
	ctx.st = &st;
	ctx.name = data;
	ctx.name_len = half;
	ctx.alt_name = (data[0] & 4) ? data + half : NULL;
	ctx.alt_name_len = (u32)(size - half);
	ctx.mode = out_len;
	for (i = 0; i < 3; i++) {
		streams[i].name = i < size ? data + i : data;
		streams[i].name_len = i < size ? (u32)(size - i) / (i + 1) : 0;
		streams[i].size = i;
		streams[i].allocation_size = i * 8;
	}
	ctx.streams = streams;
	ctx.nstreams = data[0] % 4;

	if (type == SMB2_0_INFO_FILE) {
		status = smb2_file_info_encode(cls, &ctx, out, cap, &len);
		check_enc(status, len, cap, smb2_file_info_min_size(cls));
	} else if (type == SMB2_0_INFO_FILESYSTEM) {
		fs.total_units = st.allocation_size;
		fs.bytes_per_sector = st.number_of_links;
		fs.physical_bytes_per_sector = st.file_attributes;
		fs.max_name_len = st.reparse_tag;
		fs.fs_attributes = (u32)st.end_of_file;
		fs.fs_name = data;
		fs.fs_name_len = half;
		fs.volume_label = (data[0] & 8) ? data + half : NULL;
		fs.volume_label_len = (u32)(size - half);
		status = smb2_fs_info_encode(cls, &fs, out, cap, &len);
		check_enc(status, len, cap, smb2_fs_info_min_size(cls));
	}
	free(out);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_query_info_req q;
	struct smb2_set_info_req s;
	u8 *c, body[64];
	size_t n;

	if (!size)
		return 0;
	c = malloc(size);
	memcpy(c, data, size);
	if (smb2_query_info_parse(c, size, &q) == STATUS_SUCCESS) {
		inside(c, size, q.input, q.input_len);
		if (!q.input != !q.input_len)
			abort();
		encode(q.info_type, q.info_class, q.output_len, c, size);
		if (smb2_query_info_build_rsp(q.output_len % 64, body, sizeof(body), &n) ==
		    STATUS_SUCCESS && n > sizeof(body))
			abort();
	}
	if (smb2_set_info_parse(c, size, &s) == STATUS_SUCCESS) {
		inside(c, size, s.buf, s.buf_len);
		if (!s.buf || !s.buf_len)
			abort();
	}
	if (smb2_set_info_build_rsp(body, size % 4, &n) == STATUS_SUCCESS && n > size % 4)
		abort();
	free(c);
	return 0;
}
