// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a whole CHANGE_NOTIFY command (header and body), then
 * the same bytes read as a script of FILE_NOTIFY_INFORMATION entries to
 * write into a buffer of fuzzed size. The parser must agree with the
 * fixed layout; the writer must stay inside its buffer and produce a list
 * whose NextEntryOffset chain, 4-byte alignment and lengths check out when
 * walked independently; the response must stay inside its buffer.
 */
#include <stdlib.h>
#include "smb2_notify.h"

#define OUT_MAX 512

/* Walk a written list and check it against what was appended. */
static void check_list(const u8 *buf, size_t used, u32 count, const u32 *actions,
		       const size_t *lens)
{
	size_t off = 0;
	u32 i, next;

	if (!count) {
		if (used)
			abort();
		return;
	}
	for (i = 0; i < count; i++) {
		if (off % 4 || off + 12 > used)
			abort();
		next = get_le32(buf + off);
		if (get_le32(buf + off + 4) != actions[i] ||
		    get_le32(buf + off + 8) != lens[i])
			abort();
		if (i + 1 == count) {
			if (next || off + ((12 + lens[i] + 3) & ~(size_t)3) != used)
				abort();
		} else if (next % 4 || next < 12 + lens[i] || off + next >= used) {
			abort();
		}
		off += next;
	}
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_change_notify_req r;
	struct smb2_notify_writer w;
	u32 actions[OUT_MAX / 12 + 1];
	size_t lens[OUT_MAX / 12 + 1];
	size_t cap, n, pos, before;
	u8 out[OUT_MAX + 16];
	u32 st, count = 0;

	if (smb2_change_notify_parse(data, size, &r) == STATUS_SUCCESS) {
		if (size < 96 || get_le16(data + 64) != 32 ||
		    r.flags != get_le16(data + 66) || r.output_len != get_le32(data + 68) ||
		    r.filter != get_le32(data + 88))
			abort();
	} else if (size >= 96 && get_le16(data + 64) == 32) {
		abort();
	}

	/* Script: cap byte, then (action byte, name length byte, name bytes)... */
	if (!size)
		return 0;
	cap = (size_t)data[0] * 2 % (OUT_MAX + 1);
	memset(out, 0xa5, sizeof(out));
	smb2_notify_writer_init(&w, out, cap);
	pos = 1;
	while (pos + 2 <= size) {
		u32 action = data[pos];
		size_t name_len = data[pos + 1];

		pos += 2;
		if (name_len > size - pos)
			name_len = size - pos;
		before = w.used;
		st = smb2_notify_append(&w, action, data + pos, name_len);
		if (st == STATUS_SUCCESS) {
			if (w.used > cap || w.used - before != smb2_notify_entry_size(name_len))
				abort();
			actions[count] = action;
			lens[count++] = name_len;
		} else if (st == STATUS_BUFFER_OVERFLOW) {
			if (!w.overflow || w.used != before ||
			    before + smb2_notify_entry_size(name_len) <= cap)
				abort();
		} else if (st != STATUS_INVALID_PARAMETER || (name_len && !(name_len & 1))) {
			abort();
		}
		if (count != w.count)
			abort();
		pos += name_len;
	}
	for (n = cap; n < sizeof(out); n++)
		if (out[n] != 0xa5)
			abort();
	check_list(out, w.used, count, actions, lens);

	if (smb2_change_notify_build_rsp((u32)w.used, out, cap, &n) == STATUS_SUCCESS) {
		if (cap < 9 || n > cap || w.used > cap - 8 || get_le16(out) != 9)
			abort();
	} else if (cap >= 9 && w.used <= cap - 8) {
		abort();
	}
	return 0;
}
