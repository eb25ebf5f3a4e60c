// SPDX-License-Identifier: GPL-2.0
/* The smb3k.conf keys: defaults, value parsing and the dump. */
#include "config_internal.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <net/if.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <linux/smb3k.h>

#include "passdb.h"
#include "store.h"

enum key_scope { SCOPE_GLOBAL, SCOPE_SHARE };

enum key_type {
	T_BOOL,
	T_BOOL_INVERTED,	/* "writable" = not "read only" */
	T_BIND_ONLY,		/* a boolean whose position is kept */
	T_STRING,
	T_ABSPATH,
	T_NETBIOS,
	T_PROTO_MIN,
	T_PROTO_MAX,
	T_SIGNING,
	T_ENCRYPT,
	T_SHARE_ENCRYPT,
	T_IFACES,
	T_PORTS,
	T_U32,
	T_LOG_LEVEL,
	T_MAP_TO_GUEST,
	T_USER,
	T_USER_LIST,
	T_STORE_ENGINE,
	T_INCLUDE,
};

struct key_def {
	const char *name;	/* canonical spelling, used by the dump */
	enum key_scope scope;
	enum key_type type;
	size_t offset;		/* into smb3k_config or share_config */
	bool alias;		/* not dumped: another entry shows the value */
};

#define G(n, t, f) { n, SCOPE_GLOBAL, t, offsetof(struct smb3k_config, f), false }
#define S(n, t, f) { n, SCOPE_SHARE, t, offsetof(struct share_config, f), false }
#define S_ALIAS(n, t, f) { n, SCOPE_SHARE, t, offsetof(struct share_config, f), true }

static const struct key_def keys[] = {
	G("netbios name", T_NETBIOS, netbios_name),
	G("server string", T_STRING, server_string),
	G("server min protocol", T_PROTO_MIN, min_protocol),
	G("server max protocol", T_PROTO_MAX, max_protocol),
	G("server signing", T_SIGNING, signing),
	G("smb encrypt", T_ENCRYPT, encrypt),
	G("bind interfaces only", T_BIND_ONLY, bind_interfaces_only),
	G("interfaces", T_IFACES, interfaces),
	G("smb ports", T_PORTS, ports),
	G("max connections", T_U32, max_connections),
	G("map to guest", T_MAP_TO_GUEST, map_to_guest),
	G("guest account", T_USER, guest_account),
	G("passdb file", T_ABSPATH, passdb_file),
	G("state directory", T_ABSPATH, state_dir),
	G("persistent store", T_ABSPATH, persistent_store),
	G("persistent store engine", T_STORE_ENGINE, persistent_store_engine),
	G("log level", T_LOG_LEVEL, log_level),

	S("path", T_ABSPATH, path),
	S("comment", T_STRING, comment),
	S("read only", T_BOOL, read_only),
	S_ALIAS("writable", T_BOOL_INVERTED, read_only),
	S_ALIAS("writeable", T_BOOL_INVERTED, read_only),
	S("browseable", T_BOOL, browseable),
	S_ALIAS("browsable", T_BOOL, browseable),
	S("valid users", T_USER_LIST, valid_users),
	S("guest ok", T_BOOL, guest_ok),
	S("continuous availability", T_BOOL, continuous_availability),
	S("case sensitive", T_BOOL, case_sensitive),
	S("smb encrypt", T_SHARE_ENCRYPT, encrypt),
	S("available", T_BOOL, available),

	/* any section; handled by the parser */
	{ "include", SCOPE_GLOBAL, T_INCLUDE, 0, true },
};

struct enum_val {
	const char *name;	/* the first of a value is its canonical name */
	int value;
};

static const struct enum_val bool_vals[] = {
	{ "yes", 1 }, { "no", 0 }, { "true", 1 }, { "false", 0 },
	{ "1", 1 }, { "0", 0 }, { "on", 1 }, { "off", 0 }, { NULL, 0 },
};

static const struct enum_val signing_vals[] = {
	{ "auto", SMB3K_SIGNING_AUTO },
	{ "mandatory", SMB3K_SIGNING_MANDATORY },
	{ "disabled", SMB3K_SIGNING_DISABLED },
	{ "default", SMB3K_SIGNING_AUTO },
	{ "required", SMB3K_SIGNING_MANDATORY },
	{ NULL, 0 },
};

/*
 * Samba's "if_required" (offered, not asked for) maps to DESIRED, the
 * closest kernel setting; "default" is off: encryption costs CPU and
 * Hyper-V/SOFS deployments rarely want it on every share.
 */
#define ENCRYPT_VALS(off, desired, required)				\
	{ "off", off }, { "desired", desired }, { "required", required }, \
	{ "no", off }, { "false", off }, { "disabled", off },		\
	{ "if_required", desired }, { "auto", desired },		\
	{ "enabled", desired }, { "yes", desired }, { "true", desired }, \
	{ "mandatory", required }, { "force", required }

static const struct enum_val encrypt_vals[] = {
	ENCRYPT_VALS(SMB3K_ENCRYPT_OFF, SMB3K_ENCRYPT_DESIRED, SMB3K_ENCRYPT_REQUIRED),
	{ "default", SMB3K_ENCRYPT_OFF },
	{ NULL, 0 },
};

static const struct enum_val share_encrypt_vals[] = {
	{ "default", SHARE_ENCRYPT_INHERIT },
	ENCRYPT_VALS(SHARE_ENCRYPT_OFF, SHARE_ENCRYPT_DESIRED, SHARE_ENCRYPT_REQUIRED),
	{ NULL, 0 },
};

static const struct enum_val map_to_guest_vals[] = {
	{ "never", MAP_TO_GUEST_NEVER },
	{ "bad user", MAP_TO_GUEST_BAD_USER },
	{ "bad password", MAP_TO_GUEST_BAD_PASSWORD },
	{ NULL, 0 },
};

/* Protocol names; "SMB2"/"SMB3" differ as minimum and maximum (as in Samba). */
static const struct {
	const char *name;
	uint16_t as_min, as_max;
} protocols[] = {
	{ "SMB2_02", SMB3K_DIALECT_202, SMB3K_DIALECT_202 },
	{ "SMB2_10", SMB3K_DIALECT_210, SMB3K_DIALECT_210 },
	{ "SMB3_00", SMB3K_DIALECT_300, SMB3K_DIALECT_300 },
	{ "SMB3_02", SMB3K_DIALECT_302, SMB3K_DIALECT_302 },
	{ "SMB3_11", SMB3K_DIALECT_311, SMB3K_DIALECT_311 },
	{ "SMB2", SMB3K_DIALECT_202, SMB3K_DIALECT_210 },
	{ "SMB3", SMB3K_DIALECT_300, SMB3K_DIALECT_311 },
};

/* Lower case without whitespace: "Read Only" == "readonly". */
static void normalize(const char *in, char *out, size_t size)
{
	size_t n = 0;

	for (; *in && n + 1 < size; in++)
		if (!isspace((unsigned char)*in))
			out[n++] = (char)tolower((unsigned char)*in);
	out[n] = '\0';
}

static bool name_eq(const char *a, const char *b)
{
	char na[64], nb[64];

	if (strlen(a) >= sizeof(na) || strlen(b) >= sizeof(nb))
		return false;
	normalize(a, na, sizeof(na));
	normalize(b, nb, sizeof(nb));
	return strcmp(na, nb) == 0;
}

static bool enum_parse(const struct enum_val *vals, const char *s, int *out)
{
	for (; vals->name; vals++)
		if (name_eq(vals->name, s)) {
			*out = vals->value;
			return true;
		}
	return false;
}

static const char *enum_name(const struct enum_val *vals, int value)
{
	for (; vals->name; vals++)
		if (vals->value == value)
			return vals->name;
	return "?";
}

static const char *enum_choices(const struct enum_val *vals)
{
	if (vals == signing_vals)
		return "auto, mandatory or disabled";
	if (vals == map_to_guest_vals)
		return "never, bad user or bad password";
	if (vals == share_encrypt_vals)
		return "default, off, desired or required";
	return "off, desired or required";
}

const char *config_protocol_name(uint16_t dialect)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(protocols); i++)
		if (protocols[i].as_min == dialect && protocols[i].as_max == dialect)
			return protocols[i].name;
	return "?";
}

void share_init_defaults(struct share_config *share)
{
	memset(share, 0, sizeof(*share));
	share->comment = xstrdup("");
	share->read_only = true;
	share->browseable = true;
	share->available = true;
	share->encrypt = SHARE_ENCRYPT_INHERIT;
	share->valid_users = xcalloc(1, sizeof(char *));
}

void share_free(struct share_config *share)
{
	free(share->name);
	free(share->path);
	free(share->comment);
	free_list(share->valid_users);
	free(share->file);
	memset(share, 0, sizeof(*share));
}

void share_copy(struct share_config *dst, const struct share_config *src)
{
	size_t i;

	*dst = *src;
	dst->name = src->name ? xstrdup(src->name) : NULL;
	dst->path = src->path ? xstrdup(src->path) : NULL;
	dst->comment = xstrdup(src->comment);
	dst->file = src->file ? xstrdup(src->file) : NULL;
	dst->valid_users = xcalloc(src->n_valid_users + 1, sizeof(char *));
	for (i = 0; i < src->n_valid_users; i++)
		dst->valid_users[i] = xstrdup(src->valid_users[i]);
}

void config_init_defaults(struct smb3k_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->server_string = xstrdup("smb3k");
	cfg->min_protocol = SMB3K_DIALECT_202;
	cfg->max_protocol = SMB3K_DIALECT_311;
	cfg->signing = SMB3K_SIGNING_AUTO;
	cfg->encrypt = SMB3K_ENCRYPT_OFF;
	cfg->ports = xmalloc(sizeof(*cfg->ports));
	cfg->ports[0] = CONFIG_DEFAULT_PORT;
	cfg->n_ports = 1;
	cfg->map_to_guest = MAP_TO_GUEST_NEVER;
	cfg->guest_account = xstrdup("nobody");
	cfg->passdb_file = xstrdup(CONFIG_DEFAULT_PASSDB);
	cfg->state_dir = xstrdup(CONFIG_DEFAULT_STATE_DIR);
	cfg->persistent_store = xstrdup(CONFIG_DEFAULT_PERSISTENT_STORE);
	cfg->persistent_store_engine = xstrdup(SMB3K_STORE_DEFAULT_ENGINE);
}

bool config_parse_iface(const char *text, struct iface_spec *spec)
{
	char buf[INET6_ADDRSTRLEN + 8];
	const char *slash = strchr(text, '/');
	size_t alen = slash ? (size_t)(slash - text) : strlen(text);
	unsigned long long prefix;

	memset(spec, 0, sizeof(*spec));
	if (alen < sizeof(buf)) {
		memcpy(buf, text, alen);
		buf[alen] = '\0';
		if (inet_pton(AF_INET, buf, spec->addr) == 1)
			spec->family = AF_INET;
		else if (inet_pton(AF_INET6, buf, spec->addr) == 1)
			spec->family = AF_INET6;
	}
	if (spec->family) {
		if (!slash) {
			spec->kind = IFACE_ADDR;
			return true;
		}
		if (!parse_uint(slash + 1, 0, spec->family == AF_INET ? 32 : 128, &prefix))
			return false;
		spec->kind = IFACE_NET;
		spec->prefix = (unsigned int)prefix;
		return true;
	}
	/* An interface name: what the kernel accepts (dev_valid_name()). */
	if (!*text || strlen(text) >= IFNAMSIZ || slash || !strcmp(text, ".") ||
	    !strcmp(text, ".."))
		return false;
	for (; *text; text++)
		if (isspace((unsigned char)*text) || !isprint((unsigned char)*text))
			return false;
	spec->kind = IFACE_NAME;
	return true;
}

/* "smb encrypt" is both a global and a share key: prefer the section's. */
static const struct key_def *find_key(const char *name, enum key_scope prefer)
{
	const struct key_def *found = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (!name_eq(keys[i].name, name))
			continue;
		if (keys[i].scope == prefer)
			return &keys[i];
		if (!found)
			found = &keys[i];
	}
	return found;
}

static bool valid_netbios_name(const char *s)
{
	size_t n = strlen(s);

	if (n < 1 || n > SMB3K_NETBIOS_NAME_MAX)
		return false;
	for (; *s; s++)
		if (*s <= ' ' || *s >= 0x7f || strchr("\\/:*?\"<>|.,;=+[]", *s))
			return false;
	return true;
}

static bool set_ifaces(struct smb3k_config *cfg, char **items, size_t n, const char **bad)
{
	struct iface_spec *specs = xcalloc(n, sizeof(*specs));
	size_t i;

	for (i = 0; i < n; i++) {
		if (!config_parse_iface(items[i], &specs[i])) {
			*bad = items[i];
			free(specs);
			return false;
		}
	}
	for (i = 0; i < cfg->n_interfaces; i++)
		free(cfg->interfaces[i].text);
	free(cfg->interfaces);
	for (i = 0; i < n; i++)
		specs[i].text = xstrdup(items[i]);
	cfg->interfaces = specs;
	cfg->n_interfaces = n;
	return true;
}

static bool set_ports(struct smb3k_config *cfg, char **items, size_t n, const char **bad)
{
	uint16_t *ports = xcalloc(n, sizeof(*ports));
	size_t i, j, count = 0;

	for (i = 0; i < n; i++) {
		unsigned long long port;

		if (!parse_uint(items[i], 1, 65535, &port)) {
			*bad = items[i];
			free(ports);
			return false;
		}
		for (j = 0; j < count && ports[j] != port; j++)
			;
		if (j == count)
			ports[count++] = (uint16_t)port;
	}
	free(cfg->ports);
	cfg->ports = ports;
	cfg->n_ports = count;
	return true;
}

static bool set_user_list(struct parse_ctx *pc, const char *key, struct share_config *share,
			  char **items, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (strchr("@+&", items[i][0])) {
			config_error(pc, "'%s': group entry '%s' is not supported (list users)",
				     key, items[i]);
			return false;
		}
		if (!passdb_valid_name(items[i])) {
			config_error(pc, "'%s': invalid user name '%s'", key, items[i]);
			return false;
		}
	}
	free_list(share->valid_users);
	share->valid_users = xcalloc(n + 1, sizeof(char *));
	for (i = 0; i < n; i++)
		share->valid_users[i] = xstrdup(items[i]);
	share->n_valid_users = n;
	return true;
}

static void set_string(char **field, const char *value)
{
	free(*field);
	*field = xstrdup(value);
}

/* Parse value for def into the object at base; false: error already reported. */
static bool apply_value(struct parse_ctx *pc, const struct key_def *def, const char *key,
			void *base, const char *value)
{
	void *field = (char *)base + def->offset;
	unsigned long long num;
	const char *bad = NULL;
	char **items;
	size_t n, i;
	bool ok = true;
	int v;

	switch (def->type) {
	case T_BOOL:
	case T_BOOL_INVERTED:
	case T_BIND_ONLY:
		if (!enum_parse(bool_vals, value, &v))
			goto invalid_bool;
		*(bool *)field = def->type == T_BOOL_INVERTED ? !v : v;
		if (def->type == T_BIND_ONLY)
			pc->bind_only = (struct key_pos){ pc->file, pc->line };
		return true;
	case T_STRING:
		set_string(field, value);
		return true;
	case T_ABSPATH:
		if (value[0] != '/') {
			config_error(pc, "'%s' must be an absolute path, not '%s'", key, value);
			return false;
		}
		set_string(field, value);
		return true;
	case T_NETBIOS:
		if (!valid_netbios_name(value)) {
			config_error(pc, "invalid value '%s' for '%s': 1-%d characters, "
				     "no spaces or \\/:*?\"<>|.,;=+[]", value, key,
				     SMB3K_NETBIOS_NAME_MAX);
			return false;
		}
		set_string(field, value);
		for (char *p = *(char **)field; *p; p++)
			*p = (char)toupper((unsigned char)*p);
		return true;
	case T_PROTO_MIN:
	case T_PROTO_MAX:
		for (i = 0; i < ARRAY_SIZE(protocols); i++)
			if (str_ieq(protocols[i].name, value))
				break;
		if (i == ARRAY_SIZE(protocols)) {
			if (str_ieq(value, "NT1") || !strncasecmp(value, "LANMAN", 6) ||
			    !strncasecmp(value, "CORE", 4))
				config_error(pc, "'%s': %s is SMB1, which smb3k does not "
					     "support (use SMB2_02 or later)", key, value);
			else
				config_error(pc, "invalid value '%s' for '%s': expected SMB2_02, "
					     "SMB2_10, SMB3_00, SMB3_02, SMB3_11, SMB2 or SMB3",
					     value, key);
			return false;
		}
		if (def->type == T_PROTO_MIN) {
			*(uint16_t *)field = protocols[i].as_min;
			pc->min_protocol = (struct key_pos){ pc->file, pc->line };
		} else {
			*(uint16_t *)field = protocols[i].as_max;
			pc->max_protocol = (struct key_pos){ pc->file, pc->line };
		}
		return true;
	case T_SIGNING:
	case T_ENCRYPT:
	case T_SHARE_ENCRYPT:
	case T_MAP_TO_GUEST: {
		const struct enum_val *vals = def->type == T_SIGNING ? signing_vals :
			def->type == T_ENCRYPT ? encrypt_vals :
			def->type == T_SHARE_ENCRYPT ? share_encrypt_vals : map_to_guest_vals;

		if (!enum_parse(vals, value, &v)) {
			config_error(pc, "invalid value '%s' for '%s': expected %s",
				     value, key, enum_choices(vals));
			return false;
		}
		if (def->type == T_SIGNING || def->type == T_ENCRYPT)
			*(uint8_t *)field = (uint8_t)v;
		else if (def->type == T_SHARE_ENCRYPT)
			*(enum share_encrypt *)field = v;
		else
			*(enum map_to_guest *)field = v;
		return true;
	}
	case T_U32:
		if (!parse_uint(value, 0, UINT32_MAX, &num)) {
			config_error(pc, "invalid value '%s' for '%s': expected a number "
				     "from 0 to %u", value, key, UINT32_MAX);
			return false;
		}
		*(uint32_t *)field = (uint32_t)num;
		return true;
	case T_LOG_LEVEL:
		if (!parse_uint(value, 0, CONFIG_MAX_LOG_LEVEL, &num)) {
			config_error(pc, "invalid value '%s' for '%s': expected a number "
				     "from 0 to %d", value, key, CONFIG_MAX_LOG_LEVEL);
			return false;
		}
		*(unsigned int *)field = (unsigned int)num;
		return true;
	case T_USER:
		if (!passdb_valid_name(value)) {
			config_error(pc, "'%s': invalid user name '%s'", key, value);
			return false;
		}
		set_string(field, value);
		return true;
	case T_IFACES:
	case T_PORTS:
	case T_USER_LIST:
		n = split_list(value, &items);
		if (def->type == T_IFACES) {
			ok = set_ifaces(base, items, n, &bad);
			if (!ok)
				config_error(pc, "'%s': '%s' is neither an interface name, an "
					     "address nor address/prefix", key, bad);
		} else if (def->type == T_PORTS) {
			ok = n && set_ports(base, items, n, &bad);
			if (!ok && bad)
				config_error(pc, "'%s': invalid port '%s' (1-65535)", key, bad);
			else if (!ok)
				config_error(pc, "'%s' needs at least one port", key);
		} else {
			ok = set_user_list(pc, key, base, items, n);
		}
		free_list(items);
		return ok;
	case T_STORE_ENGINE: {
		const char *name = smb3k_store_engine_name(value);

		if (!name) {
			config_error(pc, "invalid value '%s' for '%s': expected %s", value, key,
				     smb3k_store_engine_list());
			return false;
		}
		set_string(field, name);
		return true;
	}
	case T_INCLUDE:
		break;
	}
	return false;

invalid_bool:
	config_error(pc, "invalid value '%s' for '%s': expected a boolean "
		     "(yes/no, true/false, on/off, 1/0)", value, key);
	return false;
}

static void include_file(struct parse_ctx *pc, const char *value)
{
	const char *dir_end = strrchr(pc->file, '/');
	char *path;

	if (!*value) {
		config_error(pc, "'include' needs a file name");
		return;
	}
	if (pc->depth >= CONFIG_MAX_INCLUDE_DEPTH) {
		config_error(pc, "'include' nested more than %d deep", CONFIG_MAX_INCLUDE_DEPTH);
		return;
	}
	/* relative to the including file's directory */
	if (value[0] == '/' || !dir_end)
		path = xstrdup(value);
	else
		path = xasprintf("%.*s/%s", (int)(dir_end - pc->file), pc->file, value);
	config_parse_file(pc, path);
	free(path);
}

void config_apply(struct parse_ctx *pc, const char *key, const char *value)
{
	const struct key_def *def = find_key(key, pc->section == SECTION_SHARE ?
					     SCOPE_SHARE : SCOPE_GLOBAL);
	void *base;

	if (pc->section == SECTION_SKIP)
		return;
	if (def && def->type == T_INCLUDE) {
		include_file(pc, value);
		return;
	}
	if (pc->section == SECTION_NONE) {
		config_error(pc, "key '%s' outside any section (start with [global])", key);
		return;
	}
	if (!def) {
		config_error(pc, "unknown key '%s' in [%s]", key, section_name(pc));
		return;
	}
	if (def->scope == SCOPE_GLOBAL && pc->section == SECTION_SHARE) {
		config_error(pc, "'%s' is a [global] key, not allowed in [%s]", key,
			     section_name(pc));
		return;
	}
	if (def->scope == SCOPE_GLOBAL)
		base = pc->cfg;
	else if (pc->section == SECTION_GLOBAL)
		base = &pc->defaults;
	else
		base = &pc->cfg->shares[pc->share];
	apply_value(pc, def, key, base, value);
}

static void dump_list(FILE *out, char **items, size_t n, const char *sep)
{
	size_t i;

	for (i = 0; i < n; i++)
		fprintf(out, "%s%s", i ? sep : "", items[i]);
}

static void dump_value(FILE *out, const struct key_def *def, const void *base)
{
	const void *field = (const char *)base + def->offset;
	const struct smb3k_config *cfg = base;
	size_t i;

	switch (def->type) {
	case T_BOOL:
	case T_BIND_ONLY:
		fputs(*(const bool *)field ? "Yes" : "No", out);
		break;
	case T_BOOL_INVERTED:
		fputs(*(const bool *)field ? "No" : "Yes", out);
		break;
	case T_STRING:
	case T_ABSPATH:
	case T_NETBIOS:
	case T_USER:
	case T_STORE_ENGINE:
		fputs(*(char *const *)field ? *(char *const *)field : "", out);
		break;
	case T_PROTO_MIN:
	case T_PROTO_MAX:
		fputs(config_protocol_name(*(const uint16_t *)field), out);
		break;
	case T_SIGNING:
		fputs(enum_name(signing_vals, *(const uint8_t *)field), out);
		break;
	case T_ENCRYPT:
		fputs(enum_name(encrypt_vals, *(const uint8_t *)field), out);
		break;
	case T_SHARE_ENCRYPT:
		fputs(enum_name(share_encrypt_vals, *(const enum share_encrypt *)field), out);
		break;
	case T_MAP_TO_GUEST:
		fputs(enum_name(map_to_guest_vals, *(const enum map_to_guest *)field), out);
		break;
	case T_U32:
		fprintf(out, "%u", *(const uint32_t *)field);
		break;
	case T_LOG_LEVEL:
		fprintf(out, "%u", *(const unsigned int *)field);
		break;
	case T_IFACES:
		for (i = 0; i < cfg->n_interfaces; i++)
			fprintf(out, "%s%s", i ? " " : "", cfg->interfaces[i].text);
		break;
	case T_PORTS:
		for (i = 0; i < cfg->n_ports; i++)
			fprintf(out, "%s%u", i ? " " : "", cfg->ports[i]);
		break;
	case T_USER_LIST: {
		const struct share_config *share = base;

		dump_list(out, share->valid_users, share->n_valid_users, ", ");
		break;
	}
	case T_INCLUDE:
		break;
	}
}

static void dump_section(FILE *out, enum key_scope scope, const void *base)
{
	size_t i;

	for (i = 0; i < ARRAY_SIZE(keys); i++) {
		if (keys[i].scope != scope || keys[i].alias)
			continue;
		fprintf(out, "\t%s = ", keys[i].name);
		dump_value(out, &keys[i], base);
		fputc('\n', out);
	}
}

void config_dump(const struct smb3k_config *cfg, FILE *out)
{
	size_t i;

	fputs("# Global parameters\n[global]\n", out);
	dump_section(out, SCOPE_GLOBAL, cfg);
	for (i = 0; i < cfg->n_shares; i++) {
		fprintf(out, "\n[%s]\n", cfg->shares[i].name);
		dump_section(out, SCOPE_SHARE, &cfg->shares[i]);
	}
}
