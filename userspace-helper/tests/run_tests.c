// SPDX-License-Identifier: GPL-2.0
/* The unit test runner: every test file in one TAP stream. */
#include "tap.h"

int main(void)
{
	test_md4_utf16();
	test_config();
	test_passdb();
	test_netlink();
	test_listeners();
	test_cli();
	test_auth();
	test_tree_connect();
	test_upcall();
	test_rpc();
	test_store();
	test_persist();
	return tap_done();
}
