// SPDX-License-Identifier: GPL-2.0
/* TAP bookkeeping and the test driver's main(). */
#include <stdlib.h>
#include "tap.h"

int tap_case_failures;
static int tap_n;
static int tap_failed;

void tap_fail(const char *file, int line, const char *what,
	      unsigned long long got, unsigned long long want)
{
	printf("# %s:%d: %s is 0x%llx, expected 0x%llx\n", file, line, what, got, want);
	tap_case_failures++;
}

void tap_case(const char *desc)
{
	tap_n++;
	if (tap_case_failures) {
		printf("not ok %d - %s\n", tap_n, desc);
		tap_failed++;
	} else {
		printf("ok %d - %s\n", tap_n, desc);
	}
	tap_case_failures = 0;
	fflush(stdout);
}

int tap_done(void)
{
	printf("1..%d\n", tap_n);
	if (tap_failed)
		printf("# %d of %d failed\n", tap_failed, tap_n);
	return tap_failed ? 1 : 0;
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	test_smb2_header();
	test_negotiate();
	test_smb1_negotiate();
	test_spnego();
	test_ntlmssp();
	test_smb2_transform();
	test_dcerpc();
	test_smb2_requests();
	test_smb2_create_ctx();
	test_smb2_ea();
	test_smb2_lock();
	test_smb2_query_dir();
	test_smb2_info();
	test_short_name();
	test_security_desc();
	test_smb2_notify();
	test_smb2_name();
	test_smb2_oplock();
	return tap_done();
}
