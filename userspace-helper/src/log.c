// SPDX-License-Identifier: GPL-2.0
#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static int max_priority = LOG_NOTICE;
static int journal = -1;	/* unknown yet */

void log_set_level(unsigned int config_level)
{
	if (config_level >= 3)
		max_priority = LOG_DEBUG;
	else if (config_level >= 1)
		max_priority = LOG_INFO;
	else
		max_priority = LOG_NOTICE;
}

/* systemd sets JOURNAL_STREAM=DEV:INO for the stream it connected. */
static int stderr_is_journal(void)
{
	const char *env = getenv("JOURNAL_STREAM");
	unsigned long long dev, ino;
	struct stat st;

	if (!env || sscanf(env, "%llu:%llu", &dev, &ino) != 2 || fstat(STDERR_FILENO, &st) < 0)
		return 0;
	return st.st_dev == dev && st.st_ino == ino;
}

void log_msg(int priority, const char *fmt, ...)
{
	static const char *const names[] = {
		[LOG_EMERG] = "emergency", [LOG_ALERT] = "alert", [LOG_CRIT] = "critical",
		[LOG_ERR] = "error", [LOG_WARNING] = "warning", [LOG_NOTICE] = "notice",
		[LOG_INFO] = "info", [LOG_DEBUG] = "debug",
	};
	va_list ap;

	if (priority > max_priority)
		return;
	if (journal < 0)
		journal = stderr_is_journal();
	if (journal)
		fprintf(stderr, "<%d>", priority);
	else
		fprintf(stderr, "%s: ", names[priority & 7]);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}
