/* SPDX-License-Identifier: GPL-2.0 */
/* Minimal TAP producer for the unit tests: "ok N - desc", plan at the end. */
#ifndef SMB3K_TAP_H
#define SMB3K_TAP_H

#include <stdbool.h>
#include <stddef.h>

#include "util.h"

bool tap_ok(bool cond, const char *fmt, ...) PRINTF_LIKE(2, 3);
bool tap_is_int(long long got, long long want, const char *fmt, ...) PRINTF_LIKE(3, 4);
bool tap_is_str(const char *got, const char *want, const char *fmt, ...) PRINTF_LIKE(3, 4);
bool tap_is_mem(const void *got, const void *want, size_t len, const char *fmt, ...)
	PRINTF_LIKE(4, 5);
void tap_diag(const char *fmt, ...) PRINTF_LIKE(1, 2);
/* Print the plan; the process exit status. */
int tap_done(void);

/* A fresh directory for this run, removed by tap_done(). */
const char *tap_dir(void);
/* Write content to tap_dir()/name (mode 0644); returns the path (static per call). */
char *tap_write(const char *name, const char *content);

/* Every test file's entry point. */
void test_md4_utf16(void);
void test_config(void);
void test_passdb(void);
void test_netlink(void);
void test_listeners(void);
void test_cli(void);
void test_auth(void);
void test_tree_connect(void);
void test_upcall(void);
void test_rpc(void);

#endif
