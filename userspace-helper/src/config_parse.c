// SPDX-License-Identifier: GPL-2.0
/* smb3k.conf files: lines, continuations, sections, includes, checks. */
#include "config_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <linux/smb3k.h>

#include "utf16.h"

/* MS-SRVS 2.2.4.x netname: at most 80 characters, none of these. */
#define SHARE_NAME_MAX		80
#define SHARE_NAME_BAD_CHARS	"\"/\\[]:|<>+=;,*?"

void config_error(struct parse_ctx *pc, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	errlist_add(pc->errs, pc->file, pc->line, "%s", msg);
	free(msg);
}

const char *section_name(const struct parse_ctx *pc)
{
	return pc->section == SECTION_SHARE ? pc->cfg->shares[pc->share].name : "global";
}

const struct share_config *config_find_share(const struct smb3k_config *cfg,
					     const char *name)
{
	size_t i;

	for (i = 0; i < cfg->n_shares; i++)
		if (str_ieq(cfg->shares[i].name, name))
			return &cfg->shares[i];
	return NULL;
}

static const char *share_name_problem(const char *name)
{
	ssize_t units = utf8_to_utf16le(name, strlen(name), NULL, 0);
	const char *p;

	if (units < 0)
		return "is not valid UTF-8";
	if (units / 2 > SHARE_NAME_MAX)
		return "is longer than 80 characters";
	for (p = name; *p; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f)
			return "contains a control character";
		if (strchr(SHARE_NAME_BAD_CHARS, *p))
			return "contains one of \"/\\[]:|<>+=;,*?";
	}
	return NULL;
}

static void start_section(struct parse_ctx *pc, char *text)
{
	struct smb3k_config *cfg = pc->cfg;
	const struct share_config *dup;
	struct share_config *share;
	char *close = strchr(text, ']'), *rest, *name;
	const char *problem;

	pc->section = SECTION_SKIP;
	if (!close) {
		config_error(pc, "missing ']' in section header");
		return;
	}
	*close = '\0';
	rest = str_trim(close + 1);
	if (*rest && *rest != '#' && *rest != ';') {
		config_error(pc, "unexpected text '%s' after ']'", rest);
		return;
	}
	name = str_trim(text + 1);
	if (!*name) {
		config_error(pc, "empty section name");
		return;
	}
	if (str_ieq(name, "global")) {
		pc->section = SECTION_GLOBAL;
		return;
	}
	if (str_ieq(name, "homes")) {
		config_error(pc, "[%s] is not supported: smb3k has no automatic home "
			     "shares (define a share per directory)", name);
		return;
	}
	if (str_ieq(name, "printers")) {
		config_error(pc, "[%s] is not supported: smb3k does not share printers", name);
		return;
	}
	if (str_ieq(name, "IPC$")) {
		config_error(pc, "[%s] is reserved: IPC$ is always present and cannot be "
			     "configured", name);
		return;
	}
	problem = share_name_problem(name);
	if (problem) {
		config_error(pc, "invalid share name '%s': it %s", name, problem);
		return;
	}
	dup = config_find_share(cfg, name);
	if (dup) {
		config_error(pc, "duplicate share [%s] (already defined at %s:%u)", name,
			     dup->file, dup->line);
		return;
	}
	xgrow((void **)&cfg->shares, &pc->cap_shares, cfg->n_shares + 1, sizeof(*cfg->shares));
	share = &cfg->shares[cfg->n_shares];
	share_copy(share, &pc->defaults);
	share->name = xstrdup(name);
	share->file = xstrdup(pc->file);
	share->line = pc->line;
	pc->share = cfg->n_shares++;
	pc->section = SECTION_SHARE;
}

static void parse_line(struct parse_ctx *pc, char *text)
{
	char *t = str_trim(text), *eq, *key, *value;

	if (!*t || *t == '#' || *t == ';')
		return;
	if (*t == '[') {
		start_section(pc, t);
		return;
	}
	eq = strchr(t, '=');
	if (!eq) {
		config_error(pc, "expected 'key = value' or '[section]', got '%s'", t);
		return;
	}
	*eq = '\0';
	key = str_trim(t);
	value = str_trim(eq + 1);
	if (!*key) {
		config_error(pc, "missing key before '='");
		return;
	}
	config_apply(pc, key, value);
}

static const char *remember_file(struct parse_ctx *pc, const char *file)
{
	xgrow((void **)&pc->files, &pc->cap_files, pc->n_files + 1, sizeof(*pc->files));
	pc->files[pc->n_files] = xstrdup(file);
	return pc->files[pc->n_files++];
}

/*
 * A line ending in '\' continues on the next one: the backslash and the
 * line break are removed. Comment lines are never continued.
 */
static void parse_stream(struct parse_ctx *pc, FILE *f)
{
	char *phys = NULL, *logical = NULL;
	size_t physcap = 0, len = 0, cap = 0;
	unsigned int lineno = 0, start = 0;
	ssize_t n;
	bool more = true;

	while (more) {
		char *p;

		n = getline(&phys, &physcap, f);
		more = n >= 0;
		if (more) {
			lineno++;
			while (n && (phys[n - 1] == '\n' || phys[n - 1] == '\r'))
				phys[--n] = '\0';
			p = phys;
			if (lineno == 1 && !strncmp(p, "\xef\xbb\xbf", 3))
				p += 3;	/* UTF-8 byte order mark */
			if (strlen(phys) != (size_t)n) {
				pc->line = lineno;
				config_error(pc, "line contains a NUL byte");
				continue;
			}
			if (!len) {
				const char *first = p + strspn(p, " \t");

				start = lineno;
				if (*first == '#' || *first == ';')
					continue;
			}
			n = (ssize_t)strlen(p);
			xgrow((void **)&logical, &cap, len + (size_t)n + 1, 1);
			memcpy(logical + len, p, (size_t)n + 1);
			len += (size_t)n;
			if (len && logical[len - 1] == '\\') {
				logical[--len] = '\0';
				continue;
			}
		} else if (!len) {
			break;	/* end of file, nothing pending */
		}
		pc->line = start;
		parse_line(pc, logical);
		len = 0;
	}
	free(phys);
	free(logical);
}

int config_parse_file(struct parse_ctx *pc, const char *file)
{
	const char *saved_file = pc->file;
	unsigned int saved_line = pc->line;
	FILE *f = fopen(file, "re");

	if (!f) {
		if (pc->depth)
			config_error(pc, "cannot include '%s': %s", file, strerror(errno));
		else
			errlist_add(pc->errs, file, 0, "cannot open: %s", strerror(errno));
		return -1;
	}
	pc->file = remember_file(pc, file);
	pc->depth++;
	parse_stream(pc, f);
	if (ferror(f))
		errlist_add(pc->errs, pc->file, 0, "read error");
	fclose(f);
	pc->depth--;
	pc->file = saved_file;
	pc->line = saved_line;
	return 0;
}

/* The hostname's first label, upper case, at most 15 characters. */
static char *default_netbios_name(void)
{
	char host[256] = "";
	size_t i;

	if (gethostname(host, sizeof(host) - 1) < 0 || !host[0])
		return xstrdup("SMB3K");
	host[strcspn(host, ".")] = '\0';
	host[SMB3K_NETBIOS_NAME_MAX] = '\0';
	for (i = 0; host[i]; i++) {
		unsigned char c = (unsigned char)host[i];

		host[i] = isalnum(c) || c == '-' || c == '_' ? (char)toupper(c) : '-';
	}
	return xstrdup(host[0] ? host : "SMB3K");
}

static void check_config(struct parse_ctx *pc)
{
	struct smb3k_config *cfg = pc->cfg;
	size_t i;

	for (i = 0; i < cfg->n_shares; i++)
		if (!cfg->shares[i].path)
			errlist_add(pc->errs, cfg->shares[i].file, cfg->shares[i].line,
				    "share [%s] has no 'path'", cfg->shares[i].name);
	if (cfg->min_protocol > cfg->max_protocol) {
		const struct key_pos *at = &pc->min_protocol;

		if (!at->file || (pc->max_protocol.file && pc->max_protocol.line > at->line))
			at = &pc->max_protocol;
		errlist_add(pc->errs, at->file, at->line,
			    "server min protocol %s is above server max protocol %s",
			    config_protocol_name(cfg->min_protocol),
			    config_protocol_name(cfg->max_protocol));
	}
	if (cfg->bind_interfaces_only && !cfg->n_interfaces)
		errlist_add(pc->errs, pc->bind_only.file, pc->bind_only.line,
			    "'bind interfaces only = yes' needs 'interfaces'");
	if (!cfg->netbios_name)
		cfg->netbios_name = default_netbios_name();
}

int config_load(struct smb3k_config *cfg, const char *file, struct errlist *errs)
{
	struct parse_ctx pc = { .cfg = cfg, .errs = errs };
	size_t errors_before = errs->n, i;

	config_init_defaults(cfg);
	share_init_defaults(&pc.defaults);
	if (config_parse_file(&pc, file) == 0)
		check_config(&pc);
	share_free(&pc.defaults);
	for (i = 0; i < pc.n_files; i++)
		free(pc.files[i]);
	free(pc.files);
	if (errs->n != errors_before) {
		config_free(cfg);
		return -1;
	}
	return 0;
}

void config_free(struct smb3k_config *cfg)
{
	size_t i;

	free(cfg->netbios_name);
	free(cfg->server_string);
	for (i = 0; i < cfg->n_interfaces; i++)
		free(cfg->interfaces[i].text);
	free(cfg->interfaces);
	free(cfg->ports);
	free(cfg->guest_account);
	free(cfg->passdb_file);
	free(cfg->state_dir);
	free(cfg->persistent_store);
	free(cfg->persistent_store_engine);
	for (i = 0; i < cfg->n_shares; i++)
		share_free(&cfg->shares[i]);
	free(cfg->shares);
	memset(cfg, 0, sizeof(*cfg));
}
