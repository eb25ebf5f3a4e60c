/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Logging to stderr, one line per message with a level prefix: "<N>"
 * (sd-daemon(3)) when stderr is the journal, "error: " etc. otherwise.
 */
#ifndef SMB3K_LOG_H
#define SMB3K_LOG_H

#include <syslog.h>

#include "util.h"

/*
 * "log level" N shows: errors, warnings and notices always; info from 1;
 * debug from 3.
 */
void log_set_level(unsigned int config_level);
void log_msg(int priority, const char *fmt, ...) PRINTF_LIKE(2, 3);

#define log_err(...)	log_msg(LOG_ERR, __VA_ARGS__)
#define log_warn(...)	log_msg(LOG_WARNING, __VA_ARGS__)
#define log_notice(...)	log_msg(LOG_NOTICE, __VA_ARGS__)
#define log_info(...)	log_msg(LOG_INFO, __VA_ARGS__)
#define log_debug(...)	log_msg(LOG_DEBUG, __VA_ARGS__)

#endif
