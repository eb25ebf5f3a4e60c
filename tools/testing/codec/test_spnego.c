// SPDX-License-Identifier: GPL-2.0
/* Unit tests: DER TLV reader and SPNEGO negTokenInit2 builder. */
#include "tap.h"
#include "spnego.h"

static const u8 ntlm_only[] = {
	0x60, 0x1c, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02,
	0xa0, 0x12, 0x30, 0x10, 0xa0, 0x0e, 0x30, 0x0c,
	0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82, 0x37, 0x02, 0x02, 0x0a,
};

/* MS krb5, krb5, NTLMSSP + negHints; encoded independently with Python. */
static const u8 three_hints[] = {
	0x60, 0x5e, 0x06, 0x06, 0x2b, 0x06, 0x01, 0x05, 0x05, 0x02, 0xa0, 0x54,
	0x30, 0x52, 0xa0, 0x24, 0x30, 0x22, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x82,
	0xf7, 0x12, 0x01, 0x02, 0x02, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7,
	0x12, 0x01, 0x02, 0x02, 0x06, 0x0a, 0x2b, 0x06, 0x01, 0x04, 0x01, 0x82,
	0x37, 0x02, 0x02, 0x0a, 0xa3, 0x2a, 0x30, 0x28, 0xa0, 0x26, 0x1b, 0x24,
	0x6e, 0x6f, 0x74, 0x5f, 0x64, 0x65, 0x66, 0x69, 0x6e, 0x65, 0x64, 0x5f,
	0x69, 0x6e, 0x5f, 0x52, 0x46, 0x43, 0x34, 0x31, 0x37, 0x38, 0x40, 0x70,
	0x6c, 0x65, 0x61, 0x73, 0x65, 0x5f, 0x69, 0x67, 0x6e, 0x6f, 0x72, 0x65,
};

/* Walk a token back with der_read_tlv() and collect the mech OIDs. */
static int walk(const u8 *t, size_t len, const struct spnego_oid **seen, int max,
		size_t *hint_len)
{
	struct der_tlv app, oid, a0, seq, mt, list, m, h;
	size_t off;
	int n = 0;

	if (der_expect_tlv(t, len, 0x60, &app) || der_tlv_total(&app) != len)
		return -1;
	if (der_expect_tlv(app.value, app.len, 0x06, &oid) ||
	    !der_oid_equal(&oid, &spnego_oid_spnego))
		return -1;
	if (der_expect_tlv(app.value + der_tlv_total(&oid), app.len - der_tlv_total(&oid),
			   0xa0, &a0))
		return -1;
	if (der_expect_tlv(a0.value, a0.len, 0x30, &seq))
		return -1;
	if (der_expect_tlv(seq.value, seq.len, 0xa0, &mt) ||
	    der_expect_tlv(mt.value, mt.len, 0x30, &list))
		return -1;
	for (off = 0; off < list.len; off += der_tlv_total(&m)) {
		if (der_expect_tlv(list.value + off, list.len - off, 0x06, &m) || n >= max)
			return -1;
		if (der_oid_equal(&m, &spnego_oid_ntlmssp))
			seen[n++] = &spnego_oid_ntlmssp;
		else if (der_oid_equal(&m, &spnego_oid_krb5))
			seen[n++] = &spnego_oid_krb5;
		else if (der_oid_equal(&m, &spnego_oid_ms_krb5))
			seen[n++] = &spnego_oid_ms_krb5;
		else
			return -1;
	}
	*hint_len = 0;
	off = der_tlv_total(&mt);
	if (off < seq.len) {
		if (der_expect_tlv(seq.value + off, seq.len - off, 0xa3, &h) ||
		    der_expect_tlv(h.value, h.len, 0x30, &h) ||
		    der_expect_tlv(h.value, h.len, 0xa0, &h) ||
		    der_expect_tlv(h.value, h.len, 0x1b, &h))
			return -1;
		*hint_len = h.len;
		if (memcmp(h.value, SPNEGO_HINT_NAME, h.len))
			return -1;
	}
	return n;
}

static void test_build(void)
{
	static const struct spnego_oid *const ntlm[] = { &spnego_oid_ntlmssp };
	static const struct spnego_oid *const three[] = {
		&spnego_oid_ms_krb5, &spnego_oid_krb5, &spnego_oid_ntlmssp,
	};
	static const u8 hint_tail[] = { 0xa3, 0x2a, 0x30, 0x28, 0xa0, 0x26, 0x1b, 0x24, 'n', 'o' };
	const struct spnego_oid *seen[8];
	u8 out[256];
	size_t len = 0, hl, cap;
	int bad = 0;

	EXPECT_EQ(spnego_build_neg_token_init(out, sizeof(out), &len, ntlm, 1, NULL),
		  STATUS_SUCCESS);
	EXPECT_EQ(len, sizeof(ntlm_only));
	EXPECT_MEM(out, ntlm_only, sizeof(ntlm_only));
	tap_case("spnego: NTLMSSP-only negTokenInit, exact bytes");

	EXPECT_EQ(spnego_build_neg_token_init(out, sizeof(out), &len, three, 3,
					      SPNEGO_HINT_NAME), STATUS_SUCCESS);
	EXPECT_EQ(len, 96);
	EXPECT_MEM(out, three_hints, sizeof(three_hints));
	EXPECT_MEM(out + 52, hint_tail, sizeof(hint_tail));
	EXPECT_EQ(walk(out, len, seen, 8, &hl), 3);
	EXPECT_TRUE(seen[0] == &spnego_oid_ms_krb5 && seen[2] == &spnego_oid_ntlmssp);
	EXPECT_EQ(hl, 36);
	tap_case("spnego: three mechs + negHints, exact bytes, decodes back");

	for (cap = 0; cap < 96; cap++) {
		memset(out, 0xcc, sizeof(out));
		if (spnego_build_neg_token_init(out, cap, &len, three, 3, SPNEGO_HINT_NAME) !=
		    STATUS_BUFFER_TOO_SMALL || out[0] != 0xcc)
			bad++;
	}
	EXPECT_EQ(bad, 0);
	EXPECT_EQ(spnego_build_neg_token_init(out, sizeof(out), &len, three, 0, NULL),
		  STATUS_INVALID_PARAMETER);
	tap_case("spnego: small cap -> BUFFER_TOO_SMALL, no mechs -> INVALID_PARAMETER");
}

static void test_der(void)
{
	static const u8 long1[] = { 0x04, 0x81, 0x80 };
	static const u8 long2[] = { 0x30, 0x82, 0x01, 0x00 };
	static const u8 indef[] = { 0x30, 0x80, 0x00, 0x00 };
	static const u8 hightag[] = { 0x1f, 0x01, 0x00 };
	static const u8 five[] = { 0x04, 0x85, 0, 0, 0, 0, 1, 0 };
	u8 buf[300];
	struct der_tlv t;

	EXPECT_EQ(der_len_size(0), 1);
	EXPECT_EQ(der_len_size(127), 1);
	EXPECT_EQ(der_len_size(128), 2);
	EXPECT_EQ(der_len_size(255), 2);
	EXPECT_EQ(der_len_size(256), 3);
	EXPECT_EQ(der_len_size(0x10000), 4);
	EXPECT_EQ(der_len_size(0xffffffffUL), 5);
	tap_case("der: length sizes");

	memset(buf, 0, sizeof(buf));
	memcpy(buf, long1, sizeof(long1));
	EXPECT_EQ(der_read_tlv(buf, 3 + 128, &t), STATUS_SUCCESS);
	EXPECT_EQ(t.len, 128);
	EXPECT_EQ(t.hdr_len, 3);
	EXPECT_EQ(der_read_tlv(buf, 3 + 127, &t), STATUS_INVALID_PARAMETER);
	memcpy(buf, long2, sizeof(long2));
	EXPECT_EQ(der_read_tlv(buf, 4 + 256, &t), STATUS_SUCCESS);
	EXPECT_EQ(t.len, 256);
	EXPECT_EQ(der_read_tlv(buf, 3, &t), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(der_read_tlv(indef, sizeof(indef), &t), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(der_read_tlv(hightag, sizeof(hightag), &t), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(der_read_tlv(five, sizeof(five), &t), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(der_read_tlv(ntlm_only, 1, &t), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(der_read_tlv(ntlm_only, sizeof(ntlm_only) - 1, &t), STATUS_INVALID_PARAMETER);
	EXPECT_EQ(der_expect_tlv(ntlm_only, sizeof(ntlm_only), 0x30, &t),
		  STATUS_INVALID_PARAMETER);
	tap_case("der: long form, truncation, indefinite, high tag, 5 length octets");
}

void test_spnego(void)
{
	test_build();
	test_der();
}
