/* SPDX-License-Identifier: GPL-2.0 */
/* Small helpers shared by smb3kd, smb3kctl and the tests. */
#ifndef SMB3K_UTIL_H
#define SMB3K_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#define PRINTF_LIKE(f, a) __attribute__((format(printf, f, a)))

/* Allocation that cannot fail: out of memory ends the process. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Grow *p (of *cap elements of size) so that it holds at least need. */
void xgrow(void **p, size_t *cap, size_t need, size_t size);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) PRINTF_LIKE(1, 2);
char *xvasprintf(const char *fmt, va_list ap) PRINTF_LIKE(1, 0);

/* Trim ASCII whitespace in place; returns the start of the trimmed text. */
char *str_trim(char *s);
/* ASCII case-insensitive equality (user, share and key names). */
bool str_ieq(const char *a, const char *b);
/* Put why something is refused in why (whylen bytes); returns -EINVAL. */
int refuse_why(char *why, size_t whylen, const char *fmt, ...) PRINTF_LIKE(3, 4);
/* Parse a decimal unsigned integer in [min, max]; false on junk/range. */
bool parse_uint(const char *s, unsigned long long min, unsigned long long max,
		unsigned long long *out);

void hex_encode(const unsigned char *in, size_t len, char *out, bool upper);
/* Exactly 2*len hex digits (either case); false otherwise. */
bool hex_decode(const char *in, unsigned char *out, size_t len);

/*
 * List splitting as smb.conf does: items separated by spaces, tabs or
 * commas. Returns the number of items; *items is NULL-terminated.
 */
size_t split_list(const char *s, char ***items);
void free_list(char **items);

#endif
