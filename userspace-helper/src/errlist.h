/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A list of user-facing error messages, each "FILE:LINE: message",
 * "FILE: message" (line 0) or "message" (no file). Parsers collect every
 * error of a file here instead of stopping at the first.
 */
#ifndef SMB3K_ERRLIST_H
#define SMB3K_ERRLIST_H

#include <stddef.h>
#include <stdio.h>

#include "util.h"

struct errlist {
	char **msg;
	size_t n, cap;
};

void errlist_add(struct errlist *el, const char *file, unsigned int line,
		 const char *fmt, ...) PRINTF_LIKE(4, 5);
/* Each message on its own line, after prefix (may be ""). */
void errlist_print(const struct errlist *el, FILE *f, const char *prefix);
void errlist_free(struct errlist *el);

#endif
