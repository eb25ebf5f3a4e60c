// SPDX-License-Identifier: GPL-2.0
#include "errlist.h"

#include <stdarg.h>
#include <stdlib.h>

void errlist_add(struct errlist *el, const char *file, unsigned int line,
		 const char *fmt, ...)
{
	va_list ap;
	char *text, *msg;

	va_start(ap, fmt);
	text = xvasprintf(fmt, ap);
	va_end(ap);
	if (file && line)
		msg = xasprintf("%s:%u: %s", file, line, text);
	else if (file)
		msg = xasprintf("%s: %s", file, text);
	else
		msg = xstrdup(text);
	free(text);
	xgrow((void **)&el->msg, &el->cap, el->n + 1, sizeof(*el->msg));
	el->msg[el->n++] = msg;
}

void errlist_print(const struct errlist *el, FILE *f, const char *prefix)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		fprintf(f, "%s%s\n", prefix, el->msg[i]);
}

void errlist_free(struct errlist *el)
{
	size_t i;

	for (i = 0; i < el->n; i++)
		free(el->msg[i]);
	free(el->msg);
	el->msg = NULL;
	el->n = el->cap = 0;
}
