/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Minimal TAP producer for the codec unit tests. A test case runs any
 * number of EXPECT_*() checks and ends with tap_case("description"), which
 * prints "ok N - description" if none of them failed since the previous
 * case, else "not ok N - description" after "# ..." lines for each failure.
 */
#ifndef CODEC_TAP_H
#define CODEC_TAP_H

#include <stdio.h>
#include <string.h>

extern int tap_case_failures;

void tap_case(const char *desc);
int tap_done(void);
void tap_fail(const char *file, int line, const char *what,
	      unsigned long long got, unsigned long long want);

#define EXPECT_EQ(got, want)						\
	do {								\
		unsigned long long _g = (unsigned long long)(got);	\
		unsigned long long _w = (unsigned long long)(want);	\
		if (_g != _w)						\
			tap_fail(__FILE__, __LINE__, #got, _g, _w);	\
	} while (0)

#define EXPECT_TRUE(cond) EXPECT_EQ(!!(cond), 1)

#define EXPECT_MEM(got, want, n)					\
	do {								\
		if (memcmp((got), (want), (n)))				\
			tap_fail(__FILE__, __LINE__, "memcmp(" #got ")", 1, 0); \
	} while (0)

/* Test groups, one per test_*.c file */
void test_smb2_header(void);
void test_negotiate(void);
void test_smb1_negotiate(void);
void test_spnego(void);
void test_ntlmssp(void);
void test_smb2_transform(void);
void test_dcerpc(void);
void test_smb2_requests(void);
void test_smb2_create_ctx(void);
void test_smb2_ea(void);
void test_smb2_lock(void);
void test_smb2_query_dir(void);
void test_smb2_info(void);
void test_short_name(void);
void test_security_desc(void);
void test_smb2_notify(void);
void test_smb2_name(void);
void test_smb2_oplock(void);

#endif
