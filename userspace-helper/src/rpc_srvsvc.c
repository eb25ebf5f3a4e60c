// SPDX-License-Identifier: GPL-2.0
/*
 * srvsvc (MS-SRVS): NetrShareEnum (15), NetrShareGetInfo (16),
 * NetrServerGetInfo (21). Everything else: fault nca_s_op_rng_error.
 *
 * Choices:
 *  - Shares listed by NetrShareEnum: the available, browseable ones of the
 *    configuration in file order, then IPC$. NetrShareGetInfo finds any
 *    available share (browseable or not) and IPC$.
 *  - shi2/shi502_path: "C:" followed by the share's path with '/' turned
 *    into '\' ("/srv/data" -> "C:\srv\data"), as Windows clients expect a
 *    drive-letter path; IPC$ has "".
 *  - shi502_security_descriptor: for disk shares a self-relative SD whose
 *    DACL grants Everyone full access (share permissions are not
 *    enforced by smb3k); none for IPC$ (STYPE_SPECIAL, MS-SRVS 3.1.4.11).
 *  - Server version 10.0 (as Windows Server 2016 and later), type
 *    SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_SERVER_NT, never any
 *    cluster bit.
 */
#include <stdlib.h>
#include <string.h>

#include <linux/smb3k.h>

#include "rpc_server.h"
#include "util.h"

#define SRVS_OP_SHARE_ENUM	15
#define SRVS_OP_SHARE_GET_INFO	16
#define SRVS_OP_SERVER_GET_INFO	21

#define STYPE_DISKTREE		0x00000000U
#define STYPE_IPC		0x00000003U
#define STYPE_SPECIAL		0x80000000U
#define SHI_USES_UNLIMITED	0xFFFFFFFFU
#define SHI1005_FLAGS_ENABLE_CA	0x00004000U
#define SHI1005_FLAGS_ENCRYPT_DATA 0x00008000U

#define PLATFORM_ID_NT		500
#define SV_TYPE_WORKSTATION	0x00000001U
#define SV_TYPE_SERVER		0x00000002U
#define SV_TYPE_SERVER_NT	0x00008000U
#define SRV_VERSION_MAJOR	10
#define SRV_VERSION_MINOR	0

/* Self-relative SD: owner/group none, DACL { ALLOW Everyone 0x001F01FF } */
static const uint8_t everyone_full_sd[] = {
	0x01, 0x00, 0x04, 0x80,			/* rev 1, SE_SELF_RELATIVE|DACL_PRESENT */
	0x00, 0x00, 0x00, 0x00,			/* owner */
	0x00, 0x00, 0x00, 0x00,			/* group */
	0x00, 0x00, 0x00, 0x00,			/* SACL */
	0x14, 0x00, 0x00, 0x00,			/* DACL at 20 */
	0x02, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x00,	/* ACL rev 2, 28 bytes, 1 ACE */
	0x00, 0x00, 0x14, 0x00,			/* ACCESS_ALLOWED, 20 bytes */
	0xff, 0x01, 0x1f, 0x00,			/* FILE_ALL_ACCESS */
	0x01, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,	/* S-1-1-0 */
	0x00, 0x00, 0x00, 0x00,
};

struct share_ent {
	const char *name;
	const char *remark;
	char *path;			/* "C:\..." (allocated) */
	uint32_t type;
	uint32_t flags;			/* shi1005_flags */
};

static void ent_from_share(const struct smb3k_config *cfg, const struct share_config *s,
			   struct share_ent *e)
{
	char *q;

	e->name = s->name;
	e->remark = s->comment ? s->comment : "";
	e->path = xasprintf("C:%s", s->path ? s->path : "");
	for (q = e->path; *q; q++)
		if (*q == '/')
			*q = '\\';
	e->type = STYPE_DISKTREE;
	e->flags = 0;
	if (s->continuous_availability)
		e->flags |= SHI1005_FLAGS_ENABLE_CA;
	if (s->encrypt == SHARE_ENCRYPT_REQUIRED ||
	    (s->encrypt == SHARE_ENCRYPT_INHERIT && cfg->encrypt == SMB3K_ENCRYPT_REQUIRED))
		e->flags |= SHI1005_FLAGS_ENCRYPT_DATA;
}

static void ent_ipc(struct share_ent *e)
{
	e->name = "IPC$";
	e->remark = "IPC Service";
	e->path = xstrdup("");
	e->type = STYPE_IPC | STYPE_SPECIAL;
	e->flags = 0;
}

static bool level_ok(uint32_t level)
{
	return level == 0 || level == 1 || level == 2 || level == 501 || level == 502;
}

/* The fixed part of one SHARE_INFO_<level>. */
static void push_share_fixed(struct ndr_push *w, uint32_t level, const struct share_ent *e)
{
	bool sd = !(e->type & STYPE_SPECIAL);

	ndr_push_ptr(w, true);				/* netname */
	if (level == 0)
		return;
	ndr_push_u32(w, e->type);
	ndr_push_ptr(w, true);				/* remark */
	if (level == 1)
		return;
	if (level == 501) {
		ndr_push_u32(w, e->flags);
		return;
	}
	ndr_push_u32(w, 0);				/* permissions */
	ndr_push_u32(w, SHI_USES_UNLIMITED);		/* max_uses */
	ndr_push_u32(w, 0);				/* current_uses */
	ndr_push_ptr(w, true);				/* path */
	ndr_push_ptr(w, false);				/* passwd */
	if (level == 2)
		return;
	ndr_push_u32(w, sd ? sizeof(everyone_full_sd) : 0);	/* reserved */
	ndr_push_ptr(w, sd);				/* security_descriptor */
}

/* The deferred referents of one SHARE_INFO_<level>. */
static void push_share_deferred(struct ndr_push *w, uint32_t level, const struct share_ent *e)
{
	ndr_push_string(w, e->name);
	if (level == 0)
		return;
	ndr_push_string(w, e->remark);
	if (level == 1 || level == 501)
		return;
	ndr_push_string(w, e->path);
	if (level == 502 && !(e->type & STYPE_SPECIAL)) {
		ndr_push_u32(w, sizeof(everyone_full_sd));
		ndr_push_bytes(w, everyone_full_sd, sizeof(everyone_full_sd));
	}
}

static size_t collect_shares(const struct smb3k_config *cfg, struct share_ent **out)
{
	struct share_ent *e = xcalloc(cfg->n_shares + 1, sizeof(*e));
	size_t i, n = 0;

	for (i = 0; i < cfg->n_shares; i++) {
		const struct share_config *s = &cfg->shares[i];

		if (s->available && s->browseable && !str_ieq(s->name, "IPC$"))
			ent_from_share(cfg, s, &e[n++]);
	}
	ent_ipc(&e[n++]);
	*out = e;
	return n;
}

static void free_shares(struct share_ent *e, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(e[i].path);
	free(e);
}

/* MS-SRVS 3.1.4.8 */
static uint32_t share_enum(struct rpc_call *c)
{
	struct ndr_pull *in = &c->in;
	struct ndr_push *w = &c->out;
	uint32_t level, disc, ref, entries, buf, maxlen, resume_ref, resume = 0;
	struct share_ent *e;
	size_t n, i;

	if (!rpc_pull_server_name(in) || !ndr_pull_u32(in, &level) ||
	    !ndr_pull_u32(in, &disc) || !ndr_pull_ptr(in, &ref))
		return DCERPC_NCA_S_FAULT_NDR;
	if (ref) {
		if (!ndr_pull_u32(in, &entries) || !ndr_pull_ptr(in, &buf))
			return DCERPC_NCA_S_FAULT_NDR;
		if (buf)	/* clients send an empty container */
			return DCERPC_NCA_S_FAULT_NDR;
	}
	if (!ndr_pull_u32(in, &maxlen) || !ndr_pull_ptr(in, &resume_ref) ||
	    (resume_ref && !ndr_pull_u32(in, &resume)))
		return DCERPC_NCA_S_FAULT_NDR;

	if (!level_ok(level) || disc != level) {
		ndr_push_u32(w, level);
		ndr_push_u32(w, level);
		ndr_push_ptr(w, false);
		ndr_push_u32(w, 0);			/* TotalEntries */
		ndr_push_ptr(w, resume_ref);
		if (resume_ref)
			ndr_push_u32(w, 0);
		ndr_push_u32(w, WERR_INVALID_LEVEL);
		return 0;
	}
	/* Everything in one answer; the resume handle is ignored (0 out). */
	n = collect_shares(c->cfg, &e);
	ndr_push_u32(w, level);
	ndr_push_u32(w, level);
	ndr_push_ptr(w, true);				/* container */
	ndr_push_u32(w, (uint32_t)n);			/* EntriesRead */
	ndr_push_ptr(w, true);				/* Buffer */
	ndr_push_u32(w, (uint32_t)n);			/* conformance */
	for (i = 0; i < n; i++)
		push_share_fixed(w, level, &e[i]);
	for (i = 0; i < n; i++)
		push_share_deferred(w, level, &e[i]);
	ndr_push_u32(w, (uint32_t)n);			/* TotalEntries */
	ndr_push_ptr(w, resume_ref);
	if (resume_ref)
		ndr_push_u32(w, 0);
	ndr_push_u32(w, WERR_OK);
	free_shares(e, n);
	return 0;
}

/* MS-SRVS 3.1.4.10 */
static uint32_t share_get_info(struct rpc_call *c)
{
	struct ndr_pull *in = &c->in;
	struct ndr_push *w = &c->out;
	const struct share_config *s;
	struct share_ent e = { 0 };
	char name[4 * SMB3K_SHARE_NAME_MAX + 1];
	const uint8_t *u16;
	uint32_t nchars, level, werr = WERR_OK;
	bool found = true;

	if (!rpc_pull_server_name(in) || !ndr_pull_string(in, &u16, &nchars) ||
	    !ndr_pull_u32(in, &level))
		return DCERPC_NCA_S_FAULT_NDR;
	if (!ndr_utf16_to_utf8(u16, nchars, name, sizeof(name)))
		found = false;
	else if (str_ieq(name, "IPC$"))
		ent_ipc(&e);
	else if ((s = config_find_share(c->cfg, name)) && s->available)
		ent_from_share(c->cfg, s, &e);
	else
		found = false;

	if (!found)
		werr = WERR_NET_NAME_NOT_FOUND;
	else if (!level_ok(level) && level != 1005)
		werr = WERR_INVALID_LEVEL;
	ndr_push_u32(w, level);
	ndr_push_ptr(w, !werr);
	if (!werr && level == 1005) {
		ndr_push_u32(w, e.flags);
	} else if (!werr) {
		push_share_fixed(w, level, &e);
		push_share_deferred(w, level, &e);
	}
	ndr_push_u32(w, werr);
	free(e.path);
	return 0;
}

/* MS-SRVS 3.1.4.17 */
static uint32_t server_get_info(struct rpc_call *c)
{
	const struct smb3k_config *cfg = c->cfg;
	struct ndr_push *w = &c->out;
	const char *comment = cfg->server_string ? cfg->server_string : "";
	uint32_t level;

	if (!rpc_pull_server_name(&c->in) || !ndr_pull_u32(&c->in, &level))
		return DCERPC_NCA_S_FAULT_NDR;
	ndr_push_u32(w, level);
	if (level != 100 && level != 101 && level != 102) {
		ndr_push_ptr(w, false);
		ndr_push_u32(w, WERR_INVALID_LEVEL);
		return 0;
	}
	ndr_push_ptr(w, true);
	ndr_push_u32(w, PLATFORM_ID_NT);
	ndr_push_ptr(w, true);				/* name */
	if (level >= 101) {
		ndr_push_u32(w, SRV_VERSION_MAJOR);
		ndr_push_u32(w, SRV_VERSION_MINOR);
		ndr_push_u32(w, SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_SERVER_NT);
		ndr_push_ptr(w, true);			/* comment */
	}
	if (level == 102) {
		ndr_push_u32(w, 0);			/* users */
		ndr_push_u32(w, 15);			/* disc: autodisconnect minutes */
		ndr_push_u32(w, 0);			/* hidden: no */
		ndr_push_u32(w, 240);			/* announce */
		ndr_push_u32(w, 3000);			/* anndelta */
		ndr_push_u32(w, 0);			/* licenses */
		ndr_push_ptr(w, true);			/* userpath */
	}
	ndr_push_string(w, cfg->netbios_name ? cfg->netbios_name : "");
	if (level >= 101)
		ndr_push_string(w, comment);
	if (level == 102)
		ndr_push_string(w, "C:\\");
	ndr_push_u32(w, WERR_OK);
	return 0;
}

static uint32_t srvsvc_dispatch(struct rpc_call *c)
{
	switch (c->opnum) {
	case SRVS_OP_SHARE_ENUM:
		return share_enum(c);
	case SRVS_OP_SHARE_GET_INFO:
		return share_get_info(c);
	case SRVS_OP_SERVER_GET_INFO:
		return server_get_info(c);
	default:
		return DCERPC_NCA_S_OP_RNG_ERROR;
	}
}

/* 4b324fc8-1670-01d3-1278-5a47bf6ee188 v3.0 */
const struct rpc_iface rpc_srvsvc_iface = {
	.pipe = "srvsvc",
	.syntax = {
		.uuid = { 0xc8, 0x4f, 0x32, 0x4b, 0x70, 0x16, 0xd3, 0x01,
			  0x12, 0x78, 0x5a, 0x47, 0xbf, 0x6e, 0xe1, 0x88 },
		.ver_major = 3,
	},
	.dispatch = srvsvc_dispatch,
};
