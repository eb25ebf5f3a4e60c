// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: a whole OPLOCK_BREAK acknowledgment (header and body),
 * parsed as from an SMB 2.0.2 connection and from a later one. An accepted
 * acknowledgment lies inside the input and its fields are the bytes there;
 * the two dialect kinds agree except on the lease form. The three bodies
 * the server builds stay inside a buffer of exactly the given size, and a
 * response built from what was parsed parses back to the same values.
 */
#include <stdlib.h>
#include "smb2_oplock.h"

static void check_same(const struct smb2_break_ack *x, const struct smb2_break_ack *y)
{
	if (x->kind != y->kind || x->oplock_level != y->oplock_level ||
	    x->fileid.persistent != y->fileid.persistent ||
	    x->fileid.volatile_id != y->fileid.volatile_id ||
	    memcmp(x->lease_key, y->lease_key, 16) ||
	    x->lease_flags != y->lease_flags || x->lease_state != y->lease_state)
		abort();
}

/* Build the response to @ack into an exactly sized buffer and parse it back. */
static void check_rsp(const struct smb2_break_ack *ack, size_t cap)
{
	struct smb2_break_ack back;
	u8 *m = malloc(SMB2_HDR_SIZE + cap);
	size_t n = 0, need;
	u32 s;

	memset(m, 0, SMB2_HDR_SIZE);
	if (ack->kind == SMB2_BREAK_ACK_OPLOCK) {
		need = SMB2_OPLOCK_BREAK_SIZE;
		s = smb2_oplock_break_build(m + SMB2_HDR_SIZE, cap, ack->oplock_level,
					    &ack->fileid, &n);
	} else {
		need = SMB2_LEASE_ACK_SIZE;
		s = smb2_lease_ack_rsp_build(m + SMB2_HDR_SIZE, cap, ack->lease_key,
					     ack->lease_state, &n);
	}
	if (s != STATUS_SUCCESS) {
		if (s != STATUS_BUFFER_TOO_SMALL || cap >= need)
			abort();
		free(m);
		return;
	}
	if (cap < need || n != need || get_le16(m + SMB2_HDR_SIZE) != need)
		abort();
	if (smb2_break_ack_parse(m, SMB2_HDR_SIZE + n, true, &back) != STATUS_SUCCESS ||
	    back.kind != ack->kind)
		abort();
	if (ack->kind == SMB2_BREAK_ACK_OPLOCK) {
		check_same(ack, &back);
	} else if (memcmp(back.lease_key, ack->lease_key, 16) ||
		   back.lease_state != ack->lease_state || back.lease_flags) {
		abort();
	}
	free(m);
}

static void check_lease_break(const u8 *data, size_t size)
{
	static const u8 zero[16];
	size_t cap = size % 50, n = 0;
	u8 *b = malloc(cap ? cap : 1);
	const u8 *key = size >= 16 ? data : zero;
	u32 s;

	s = smb2_lease_break_build(b, cap, (u16)size, (u32)size * 0x9e3779b9U, key,
				   (u32)size, ~(u32)size, &n);
	if (s == STATUS_SUCCESS) {
		if (cap < SMB2_LEASE_BREAK_SIZE || n != SMB2_LEASE_BREAK_SIZE ||
		    get_le16(b) != SMB2_LEASE_BREAK_SIZE || memcmp(b + 8, key, 16) ||
		    get_le32(b + 32) || get_le32(b + 36) || get_le32(b + 40))
			abort();
	} else if (s != STATUS_BUFFER_TOO_SMALL || cap >= SMB2_LEASE_BREAK_SIZE) {
		abort();
	}
	free(b);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_break_ack old, now;
	const u8 *b = data + SMB2_HDR_SIZE;
	u32 s_old, s_now;

	check_lease_break(data, size);
	s_old = smb2_break_ack_parse(data, size, false, &old);
	s_now = smb2_break_ack_parse(data, size, true, &now);
	if ((s_old != STATUS_SUCCESS && s_old != STATUS_INVALID_PARAMETER) ||
	    (s_now != STATUS_SUCCESS && s_now != STATUS_INVALID_PARAMETER))
		abort();
	if (s_old == STATUS_SUCCESS) {
		if (s_now != STATUS_SUCCESS || old.kind != SMB2_BREAK_ACK_OPLOCK)
			abort();
		check_same(&old, &now);
	}
	if (s_now != STATUS_SUCCESS)
		return 0;
	if (now.kind == SMB2_BREAK_ACK_OPLOCK) {
		if (size < SMB2_HDR_SIZE + SMB2_OPLOCK_BREAK_SIZE ||
		    get_le16(b) != SMB2_OPLOCK_BREAK_SIZE || s_old != STATUS_SUCCESS ||
		    now.oplock_level != b[2] || now.fileid.persistent != get_le64(b + 8) ||
		    now.fileid.volatile_id != get_le64(b + 16))
			abort();
	} else {
		if (now.kind != SMB2_BREAK_ACK_LEASE ||
		    size < SMB2_HDR_SIZE + SMB2_LEASE_ACK_SIZE ||
		    get_le16(b) != SMB2_LEASE_ACK_SIZE || s_old == STATUS_SUCCESS ||
		    now.lease_flags != get_le32(b + 4) || memcmp(now.lease_key, b + 8, 16) ||
		    now.lease_state != get_le32(b + 24))
			abort();
	}
	check_rsp(&now, size % 48);
	return 0;
}
