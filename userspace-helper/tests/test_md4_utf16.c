// SPDX-License-Identifier: GPL-2.0
/* MD4 (RFC 1320 A.5 vectors), UTF-8 -> UTF-16LE, NT hash (MS-NLMP 4.2.1). */
#include <errno.h>
#include <string.h>

#include "md4.h"
#include "passdb.h"
#include "tap.h"
#include "utf16.h"

static void test_md4_vectors(void)
{
	static const struct {
		const char *in, *hex;
	} v[] = {
		{ "", "31d6cfe0d16ae931b73c59d7e0c089c0" },
		{ "a", "bde52cb31de33e46245e05fbdbd6fb24" },
		{ "abc", "a448017aaf21d8525fc10ae87aa6729d" },
		{ "message digest", "d9130a8164549fe818874806e1c7014b" },
		{ "abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9" },
		{ "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
		  "043f8582f241db351ce627e153e7f0e4" },
		{ "1234567890123456789012345678901234567890123456789012345678901234567890"
		  "1234567890", "e33b4ddc9c38f2199c3e7b164fcc0536" },
	};
	unsigned char d[MD4_DIGEST_SIZE];
	char hex[2 * MD4_DIGEST_SIZE + 1];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(v); i++) {
		md4(v[i].in, strlen(v[i].in), d);
		hex_encode(d, sizeof(d), hex, false);
		tap_is_str(hex, v[i].hex, "md4: RFC 1320 vector \"%.20s\"", v[i].in);
	}
}

/* Feeding in odd-sized pieces must match one call, around block edges. */
static void test_md4_incremental(void)
{
	unsigned char data[300], one[MD4_DIGEST_SIZE], parts[MD4_DIGEST_SIZE];
	size_t len, step;
	bool all_same = true;

	for (len = 0; len < sizeof(data); len++)
		data[len] = (unsigned char)(len * 7 + 3);
	for (len = 50; len <= sizeof(data); len += 25) {
		md4(data, len, one);
		for (step = 1; step <= 70; step += 23) {
			struct md4_ctx ctx;
			size_t pos;

			md4_init(&ctx);
			for (pos = 0; pos < len; pos += step)
				md4_update(&ctx, data + pos, len - pos < step ? len - pos : step);
			md4_final(&ctx, parts);
			if (memcmp(one, parts, sizeof(one)))
				all_same = false;
		}
	}
	tap_ok(all_same, "md4: incremental updates match a single update");
}

static void expect_utf16(const char *in, const char *hex_want, const char *desc)
{
	unsigned char out[64];
	char hex[129];
	ssize_t n = utf8_to_utf16le(in, strlen(in), out, sizeof(out));

	if (n < 0) {
		tap_ok(false, "utf16: %s (error %zd)", desc, n);
		return;
	}
	hex_encode(out, (size_t)n, hex, false);
	tap_is_str(hex, hex_want, "utf16: %s", desc);
	tap_is_int(utf8_to_utf16le(in, strlen(in), NULL, 0), n, "utf16: count-only size of %s",
		   desc);
}

static void test_utf16(void)
{
	static const struct {
		const char *in, *desc;
	} bad[] = {
		{ "\xc0\x80", "overlong NUL" },
		{ "\xe0\x80\xaf", "overlong 3-byte" },
		{ "\xf0\x8f\xbf\xbf", "overlong 4-byte" },
		{ "\xed\xa0\x80", "UTF-8 encoded surrogate" },
		{ "\xf4\x90\x80\x80", "above U+10FFFF" },
		{ "\xe2\x82", "truncated sequence" },
		{ "\x80", "lone continuation byte" },
		{ "\xff", "byte 0xFF" },
		{ "a\xc3(", "bad continuation byte" },
	};
	unsigned char small[3];
	size_t i;

	expect_utf16("Ab", "41006200", "ASCII");
	expect_utf16("\xc3\xa9", "e900", "U+00E9 (2 bytes)");
	expect_utf16("\xe2\x82\xac", "ac20", "U+20AC (3 bytes)");
	expect_utf16("\xef\xbf\xbd", "fdff", "U+FFFD (last BMP range)");
	expect_utf16("\xf0\x9f\x98\x80", "3dd800de", "U+1F600 as surrogate pair");
	expect_utf16("\xf4\x8f\xbf\xbf", "ffdbffdf", "U+10FFFF");
	for (i = 0; i < ARRAY_SIZE(bad); i++)
		tap_is_int(utf8_to_utf16le(bad[i].in, strlen(bad[i].in), NULL, 0), -EILSEQ,
			   "utf16: rejects %s", bad[i].desc);
	tap_is_int(utf8_to_utf16le("abc", 3, small, sizeof(small)), -ENOSPC,
		   "utf16: -ENOSPC when the output is too small");
	tap_is_int(utf8_to_utf16le("\xf0\x9f\x98\x80", 4, small, sizeof(small)), -ENOSPC,
		   "utf16: -ENOSPC for a surrogate pair that does not fit");
}

static void test_nt_hash(void)
{
	static const unsigned char password[16] = {
		0xa4, 0xf4, 0x9c, 0x40, 0x65, 0x10, 0xbd, 0xca,
		0xb6, 0x82, 0x4e, 0xe7, 0xc3, 0x0f, 0xd8, 0x52,
	};
	unsigned char h[NT_HASH_SIZE], h2[NT_HASH_SIZE];
	char big[PASSDB_PASSWORD_MAX + 2];

	tap_is_int(nt_hash("Password", h), 0, "nt_hash: \"Password\" hashes");
	tap_is_mem(h, password, 16, "nt_hash: MS-NLMP 4.2.1 NTOWFv1(\"Password\")");
	tap_is_int(nt_hash("", h), -EINVAL, "nt_hash: empty password refused");
	tap_is_int(nt_hash("pa\xffss", h), -EILSEQ, "nt_hash: invalid UTF-8 refused");
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	tap_is_int(nt_hash(big, h), -E2BIG, "nt_hash: %d characters refused",
		   PASSDB_PASSWORD_MAX + 1);
	big[PASSDB_PASSWORD_MAX] = '\0';
	tap_is_int(nt_hash(big, h), 0, "nt_hash: %d characters accepted", PASSDB_PASSWORD_MAX);
	/* the hash is MD4 over UTF-16LE: check against a hand-built buffer */
	nt_hash("\xc3\xa9\xf0\x9f\x98\x80", h);
	md4("\xe9\x00\x3d\xd8\x00\xde", 6, h2);
	tap_is_mem(h, h2, 16, "nt_hash: non-ASCII password hashed as UTF-16LE");
}

void test_md4_utf16(void)
{
	test_md4_vectors();
	test_md4_incremental();
	test_utf16();
	test_nt_hash();
}
