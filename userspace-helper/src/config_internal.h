/* SPDX-License-Identifier: GPL-2.0 */
/* Shared by config_parse.c (files, lines, sections) and config_keys.c. */
#ifndef SMB3K_CONFIG_INTERNAL_H
#define SMB3K_CONFIG_INTERNAL_H

#include "config.h"

enum section_kind {
	SECTION_NONE,		/* before the first header */
	SECTION_GLOBAL,
	SECTION_SHARE,
	SECTION_SKIP,		/* a rejected header: ignore its keys */
};

/* Where a key was set, for errors found after the whole file is read. */
struct key_pos {
	const char *file;
	unsigned int line;
};

struct parse_ctx {
	struct smb3k_config *cfg;
	struct errlist *errs;
	const char *file;
	unsigned int line;
	enum section_kind section;
	size_t share;			/* index into cfg->shares */
	size_t cap_shares;
	/* share keys given in [global] are defaults for later shares */
	struct share_config defaults;
	struct key_pos min_protocol, max_protocol, bind_only;
	char **files;			/* every file name seen, freed at the end */
	size_t n_files, cap_files;
	int depth;			/* include nesting */
};

#define CONFIG_MAX_INCLUDE_DEPTH 8

/* config_keys.c */
void share_init_defaults(struct share_config *share);
void share_copy(struct share_config *dst, const struct share_config *src);
void share_free(struct share_config *share);
/* Apply "key = value" in the current section; errors go to pc->errs. */
void config_apply(struct parse_ctx *pc, const char *key, const char *value);

/* config_parse.c */
int config_parse_file(struct parse_ctx *pc, const char *file);
void config_error(struct parse_ctx *pc, const char *fmt, ...) PRINTF_LIKE(2, 3);
const char *section_name(const struct parse_ctx *pc);

#endif
