/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smb3k.conf: smb.conf syntax, [global] plus one section per share.
 * config_load() collects every error as "FILE:LINE: message" and fails if
 * there was any; config_dump() prints the effective configuration.
 */
#ifndef SMB3K_CONFIG_H
#define SMB3K_CONFIG_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "errlist.h"

#define CONFIG_DEFAULT_FILE	"/etc/smb3k/smb3k.conf"
#define CONFIG_DEFAULT_STATE_DIR "/var/lib/smb3k"
#define CONFIG_DEFAULT_PASSDB	CONFIG_DEFAULT_STATE_DIR "/passdb"
#define CONFIG_DEFAULT_PERSISTENT_STORE CONFIG_DEFAULT_STATE_DIR "/opens.db"
#define CONFIG_DEFAULT_PORT	445
#define CONFIG_MAX_LOG_LEVEL	10

enum map_to_guest {
	MAP_TO_GUEST_NEVER,
	MAP_TO_GUEST_BAD_USER,
	MAP_TO_GUEST_BAD_PASSWORD,
};

/* Per-share "smb encrypt"; INHERIT follows the global setting. */
enum share_encrypt {
	SHARE_ENCRYPT_INHERIT,
	SHARE_ENCRYPT_OFF,
	SHARE_ENCRYPT_DESIRED,
	SHARE_ENCRYPT_REQUIRED,
};

/* One entry of "interfaces": a name, an address or addr/prefix. */
enum iface_kind {
	IFACE_NAME,
	IFACE_ADDR,
	IFACE_NET,
};

struct iface_spec {
	enum iface_kind kind;
	char *text;			/* as written */
	int family;			/* AF_INET/AF_INET6, ADDR and NET only */
	unsigned char addr[16];
	unsigned int prefix;		/* NET only */
};

struct share_config {
	char *name;
	char *path;			/* absolute; NULL only while parsing */
	char *comment;
	bool read_only;
	bool browseable;
	bool guest_ok;
	bool continuous_availability;
	bool case_sensitive;		/* names match only in their exact case */
	bool available;
	enum share_encrypt encrypt;
	char **valid_users;		/* NULL-terminated; empty = everyone */
	size_t n_valid_users;
	/* where the section starts, for messages */
	char *file;
	unsigned int line;
};

struct smb3k_config {
	char *netbios_name;		/* upper case, <= 15 chars */
	char *server_string;
	uint16_t min_protocol;		/* SMB3K_DIALECT_* */
	uint16_t max_protocol;
	uint8_t signing;		/* enum smb3k_signing */
	uint8_t encrypt;		/* enum smb3k_encrypt */
	bool bind_interfaces_only;
	struct iface_spec *interfaces;
	size_t n_interfaces;
	uint16_t *ports;
	size_t n_ports;
	uint32_t max_connections;	/* 0 = unlimited */
	enum map_to_guest map_to_guest;
	char *guest_account;
	char *passdb_file;
	char *state_dir;
	char *persistent_store;		/* where persistent handles are kept */
	char *persistent_store_engine;	/* a store engine (store.h), canonical name */
	unsigned int log_level;

	struct share_config *shares;	/* in file order */
	size_t n_shares;
};

/* Defaults only (what a missing config file means). */
void config_init_defaults(struct smb3k_config *cfg);
/*
 * Parse file into *cfg (defaults first). Returns 0, or -1 with every
 * problem in errs; *cfg is then freed.
 */
int config_load(struct smb3k_config *cfg, const char *file, struct errlist *errs);
void config_free(struct smb3k_config *cfg);
/* The effective configuration in smb.conf syntax, every key. */
void config_dump(const struct smb3k_config *cfg, FILE *out);

const struct share_config *config_find_share(const struct smb3k_config *cfg,
					     const char *name);
/* "SMB3_11" etc. for a dialect code. */
const char *config_protocol_name(uint16_t dialect);
/* Parse one "interfaces" entry; false if it is neither name nor address. */
bool config_parse_iface(const char *text, struct iface_spec *spec);

#endif
