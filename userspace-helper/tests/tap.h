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

/* The contents of a file of at most 1 MiB ("" when unreadable), to free(). */
char *tap_slurp(const char *path);

/* A program run by tap_run(): exit code (-1: no exit, 127: no exec) and output. */
struct tap_run {
	int code;
	char *out, *err;
};

/*
 * Run argv[0] (a path) with @input (NULL: /dev/null) on stdin and its
 * stdout and stderr collected; a sanitizer report is shown as a diagnostic.
 */
struct tap_run tap_run(const char *input, const char *const *argv);
void tap_run_free(struct tap_run *r);
/* No sanitizer report in its stderr. */
bool tap_run_clean(const struct tap_run *r);

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
void test_store(void);
void test_persist(void);

#endif
