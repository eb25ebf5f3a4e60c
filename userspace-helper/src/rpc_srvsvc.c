// SPDX-License-Identifier: GPL-2.0
/*
 * srvsvc (MS-SRVS). Served: NetrCharDevEnum (0) and NetrCharDevQEnum (3)
 * (ERROR_NOT_SUPPORTED, as Windows: opnums 0-7 are "not used on wire"),
 * NetrConnectionEnum (8), NetrFileEnum (9), NetrSessionEnum (12),
 * NetrShareEnum (15), NetrShareGetInfo (16), NetrShareCheck (20),
 * NetrServerGetInfo (21), NetrServerDiskEnum (23), NetrServerTransportEnum
 * (26), NetrRemoteTOD (28), NetrShareEnumSticky (36). Everything else:
 * fault nca_s_op_rng_error.
 *
 * Choices:
 *  - Shares listed by NetrShareEnum: the available, browseable ones of the
 *    configuration in file order, then IPC$. NetrShareEnumSticky: the same
 *    without IPC$ (every configured share is persistent, IPC$ is not).
 *    NetrShareGetInfo finds any available share (browseable or not) and
 *    IPC$.
 *  - shi2/shi502_path: "C:" followed by the share's path with '/' turned
 *    into '\' ("/srv/data" -> "C:\srv\data"), as Windows clients expect a
 *    drive-letter path; IPC$ has "".
 *  - shi502_security_descriptor: for disk shares a self-relative SD whose
 *    DACL grants Everyone full access (share permissions are not
 *    enforced by smb3k); none for IPC$ (STYPE_SPECIAL, MS-SRVS 3.1.4.11).
 *  - Access: a null session (RPC_OPEN carried an empty user name) gets
 *    ERROR_ACCESS_DENIED for share levels 2, 501 and 502 of the
 *    enumerations and 2 and 502 of NetrShareGetInfo (what Windows allows
 *    anonymous callers: names, types and comments only), and for the
 *    session, connection and file enumerations.
 *  - Sessions, tree connects and opens live in the kernel module; smb3kd
 *    has no view of them yet, so NetrSessionEnum, NetrConnectionEnum and
 *    NetrFileEnum answer an empty list (TotalEntries 0) at every valid
 *    level. Likewise NetrServerTransportEnum reports 0 virtual circuits.
 *  - NetrShareCheck: a share "points to" a device when its path (as in
 *    shi2_path) equals it, or the device is a drive ("C:" / "C:\") and the
 *    share's path is on it. IPC$ has the empty path, so "" matches it.
 *  - NetrServerDiskEnum: the one drive our share paths are given, "C:".
 *  - NetrServerTransportEnum: one transport, "\Device\NetbiosSmb" (Windows'
 *    name for SMB directly over TCP, which is what smb3k serves), address
 *    the NetBIOS name padded to 16 bytes with spaces, network address
 *    "000000000000", domain the workgroup.
 *  - Server version 10.0 (as Windows Server 2016 and later), type
 *    SV_TYPE_WORKSTATION | SV_TYPE_SERVER | SV_TYPE_SERVER_NT, never any
 *    cluster bit.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include <linux/smb3k.h>

#include "rpc_server.h"
#include "util.h"

#define SRVS_OP_CHARDEV_ENUM	0
#define SRVS_OP_CHARDEVQ_ENUM	3
#define SRVS_OP_CONN_ENUM	8
#define SRVS_OP_FILE_ENUM	9
#define SRVS_OP_SESS_ENUM	12
#define SRVS_OP_SHARE_ENUM	15
#define SRVS_OP_SHARE_GET_INFO	16
#define SRVS_OP_SHARE_CHECK	20
#define SRVS_OP_SERVER_GET_INFO	21
#define SRVS_OP_DISK_ENUM	23
#define SRVS_OP_TRANSPORT_ENUM	26
#define SRVS_OP_REMOTE_TOD	28
#define SRVS_OP_SHARE_ENUM_STICKY 36

#define WERR_ACCESS_DENIED	0x00000005U
#define WERR_NOT_SUPPORTED	0x00000032U
#define WERR_INVALID_PARAMETER	0x00000057U
#define WERR_DEVICE_NOT_SHARED	0x00000907U

#define SRV_TRANSPORT_NAME	"\\Device\\NetbiosSmb"
#define SRV_NETWORK_ADDRESS	"000000000000"
#define SRV_WORKGROUP		"WORKGROUP"

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

static size_t collect_shares(const struct smb3k_config *cfg, bool with_ipc,
			     struct share_ent **out)
{
	struct share_ent *e = xcalloc(cfg->n_shares + 1, sizeof(*e));
	size_t i, n = 0;

	for (i = 0; i < cfg->n_shares; i++) {
		const struct share_config *s = &cfg->shares[i];

		if (s->available && s->browseable && !str_ieq(s->name, "IPC$"))
			ent_from_share(cfg, s, &e[n++]);
	}
	if (with_ipc)
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

/* A null session: the pipe was opened with an empty user name. */
static bool anonymous(const struct rpc_call *c)
{
	return !c->pipe || !c->pipe->user || !c->pipe->user[0];
}

/* An optional [in, string, unique] wchar_t * we do not use. */
static bool skip_opt_string(struct ndr_pull *in, bool *present)
{
	const uint8_t *s;
	uint32_t ref, n;

	if (!ndr_pull_ptr(in, &ref))
		return false;
	if (present)
		*present = ref;
	return !ref || ndr_pull_string(in, &s, &n);
}

/* The level and resume handle of an enumeration request (rpc_pull_enum). */
struct enum_req {
	uint32_t level;
	uint32_t resume_ref;
};

/* The element of each level of the containers (MS-SRVS 2.2.4). */
static const struct rpc_enum_layout share_layouts[] = {
	{ 0, "s" }, { 1, "sus" }, { 2, "susuuuss" }, { 501, "susu" },
	{ 502, "susuuussub" }, { 503, "susuuusssub" }, { 0, NULL },
};
static const struct rpc_enum_layout conn_layouts[] = {
	{ 0, "u" }, { 1, "uuuuuss" }, { 0, NULL },
};
static const struct rpc_enum_layout file_layouts[] = {
	{ 2, "u" }, { 3, "uuuss" }, { 0, NULL },
};
static const struct rpc_enum_layout sess_layouts[] = {
	{ 0, "s" }, { 1, "ssuuuu" }, { 2, "ssuuuus" }, { 10, "ssuu" },
	{ 502, "ssuuuuss" }, { 0, NULL },
};
static const struct rpc_enum_layout transport_layouts[] = {
	{ 0, "usbus" }, { 1, "usbuss" }, { 2, "usbussu" }, { 3, "usbussuux" },
	{ 0, NULL },
};

static bool pull_enum(struct ndr_pull *in, const struct rpc_enum_layout *layouts,
		      struct enum_req *r)
{
	return rpc_pull_enum(in, layouts, &r->level, &r->resume_ref);
}

/* TotalEntries, ResumeHandle (0: everything was returned), the status. */
static void push_enum_tail(struct ndr_push *w, const struct enum_req *r,
			   uint32_t total, uint32_t werr)
{
	ndr_push_u32(w, total);
	ndr_push_ptr(w, r->resume_ref);
	if (r->resume_ref)
		ndr_push_u32(w, 0);
	ndr_push_u32(w, werr);
}

/* An answer without a container: an error. */
static void push_enum_error(struct ndr_push *w, const struct enum_req *r, uint32_t werr)
{
	ndr_push_u32(w, r->level);
	ndr_push_u32(w, r->level);
	ndr_push_ptr(w, false);
	push_enum_tail(w, r, 0, werr);
}

/* An empty container (EntriesRead 0, Buffer NULL): an honest empty list. */
static void push_enum_empty(struct ndr_push *w, const struct enum_req *r)
{
	ndr_push_u32(w, r->level);
	ndr_push_u32(w, r->level);
	ndr_push_ptr(w, true);
	ndr_push_u32(w, 0);
	ndr_push_ptr(w, false);
	push_enum_tail(w, r, 0, WERR_OK);
}

/* MS-SRVS 3.1.4.8 (opnum 15) and 3.1.4.9 NetrShareEnumSticky (opnum 36) */
static uint32_t share_enum(struct rpc_call *c, bool sticky)
{
	struct ndr_push *w = &c->out;
	struct enum_req r;
	struct share_ent *e;
	size_t n, i;

	if (!rpc_pull_server_name(&c->in) || !pull_enum(&c->in, share_layouts, &r))
		return DCERPC_NCA_S_FAULT_NDR;
	if (!level_ok(r.level) || (sticky && r.level == 501)) {
		push_enum_error(w, &r, WERR_INVALID_LEVEL);
		return 0;
	}
	if (anonymous(c) && r.level >= 2) {
		push_enum_error(w, &r, WERR_ACCESS_DENIED);
		return 0;
	}
	/* Everything in one answer; the resume handle is ignored (0 out). */
	n = collect_shares(c->cfg, !sticky, &e);
	ndr_push_u32(w, r.level);
	ndr_push_u32(w, r.level);
	ndr_push_ptr(w, true);				/* container */
	ndr_push_u32(w, (uint32_t)n);			/* EntriesRead */
	ndr_push_ptr(w, n);				/* Buffer */
	if (n) {
		ndr_push_u32(w, (uint32_t)n);		/* conformance */
		for (i = 0; i < n; i++)
			push_share_fixed(w, r.level, &e[i]);
		for (i = 0; i < n; i++)
			push_share_deferred(w, r.level, &e[i]);
	}
	push_enum_tail(w, &r, (uint32_t)n, WERR_OK);
	free_shares(e, n);
	return 0;
}

/*
 * MS-SRVS 3.1.4.1 NetrConnectionEnum, 3.1.4.2 NetrFileEnum, 3.1.4.5
 * NetrSessionEnum: smb3kd does not see the kernel's tree connects, opens
 * and sessions (yet), so the honest answer is an empty list.
 */
static uint32_t conn_file_sess_enum(struct rpc_call *c)
{
	struct ndr_pull *in = &c->in;
	struct enum_req r;
	bool qualifier = true, ok;

	if (!rpc_pull_server_name(in))
		return DCERPC_NCA_S_FAULT_NDR;
	if (c->opnum == SRVS_OP_CONN_ENUM)
		ok = skip_opt_string(in, &qualifier);		/* Qualifier */
	else
		ok = skip_opt_string(in, NULL) &&		/* BasePath / ClientName */
		     skip_opt_string(in, NULL);			/* UserName */
	if (!ok || !pull_enum(in, c->opnum == SRVS_OP_CONN_ENUM ? conn_layouts :
			      c->opnum == SRVS_OP_FILE_ENUM ? file_layouts : sess_layouts, &r))
		return DCERPC_NCA_S_FAULT_NDR;
	switch (c->opnum) {
	case SRVS_OP_CONN_ENUM:
		ok = r.level == 0 || r.level == 1;
		break;
	case SRVS_OP_FILE_ENUM:
		ok = r.level == 2 || r.level == 3;
		break;
	default:
		ok = r.level == 0 || r.level == 1 || r.level == 2 || r.level == 10 ||
		     r.level == 502;
		break;
	}
	if (!ok)
		push_enum_error(&c->out, &r, WERR_INVALID_LEVEL);
	else if (!qualifier)
		push_enum_error(&c->out, &r, WERR_INVALID_PARAMETER);
	else if (anonymous(c))
		push_enum_error(&c->out, &r, WERR_ACCESS_DENIED);
	else
		push_enum_empty(&c->out, &r);
	return 0;
}

/*
 * NetrCharDevEnum (0), NetrCharDevQEnum (3): MS-SRVS 3.1.4 lists opnums
 * 0-7 as not used on the wire, returning ERROR_NOT_SUPPORTED; answer that
 * with a well-formed (empty) output.
 */
static uint32_t chardev_enum(struct rpc_call *c)
{
	struct enum_req r;

	if (!rpc_pull_server_name(&c->in) ||
	    (c->opnum == SRVS_OP_CHARDEVQ_ENUM && !skip_opt_string(&c->in, NULL)) ||
	    !pull_enum(&c->in, NULL, &r))
		return DCERPC_NCA_S_FAULT_NDR;
	push_enum_error(&c->out, &r, WERR_NOT_SUPPORTED);
	return 0;
}

/* True when share path "path" is on the device "dev" (see the header). */
static bool path_on_device(const char *path, const char *dev)
{
	size_t n = strlen(dev);

	if (str_ieq(path, dev))
		return true;
	if (!isalpha((unsigned char)dev[0]) || dev[1] != ':' ||
	    (n != 2 && !(n == 3 && dev[2] == '\\')))
		return false;
	return !strncasecmp(path, dev, 2) && (path[2] == '\\' || !path[2]);
}

/* MS-SRVS 3.1.4.16 */
static uint32_t share_check(struct rpc_call *c)
{
	const struct smb3k_config *cfg = c->cfg;
	struct ndr_push *w = &c->out;
	char dev[1024];
	const uint8_t *u16;
	uint32_t nchars, type = 0;
	struct share_ent e;
	bool found = false;
	size_t i;

	if (!rpc_pull_server_name(&c->in) || !ndr_pull_string(&c->in, &u16, &nchars))
		return DCERPC_NCA_S_FAULT_NDR;
	if (ndr_utf16_to_utf8(u16, nchars, dev, sizeof(dev))) {
		for (i = 0; i < cfg->n_shares && !found; i++) {
			const struct share_config *s = &cfg->shares[i];

			if (!s->available || str_ieq(s->name, "IPC$"))
				continue;
			ent_from_share(cfg, s, &e);
			if (path_on_device(e.path, dev)) {
				found = true;
				type = e.type;
			}
			free(e.path);
		}
		if (!found && !dev[0]) {
			found = true;
			type = STYPE_IPC;		/* IPC$: no STYPE_SPECIAL here */
		}
	}
	ndr_push_u32(w, type);
	ndr_push_u32(w, found ? WERR_OK : WERR_DEVICE_NOT_SHARED);
	return 0;
}

/* ASCII text as UTF-16LE characters with the NUL (no header). */
static void push_ascii_utf16z(struct ndr_push *w, const char *s)
{
	do
		ndr_push_u16(w, (uint8_t)*s);
	while (*s++);
}

/* MS-SRVS 3.1.4.19 */
static uint32_t disk_enum(struct rpc_call *c)
{
	struct ndr_pull *in = &c->in;
	struct ndr_push *w = &c->out;
	static const char *const disks[] = { "C:", "" };	/* "" ends the list */
	uint32_t level, entries, buf, maxlen, resume_ref, resume = 0;
	size_t i;

	if (!rpc_pull_server_name(in) || !ndr_pull_u32(in, &level) ||
	    !ndr_pull_u32(in, &entries) || !ndr_pull_ptr(in, &buf) || buf ||
	    !ndr_pull_u32(in, &maxlen) || !ndr_pull_ptr(in, &resume_ref) ||
	    (resume_ref && !ndr_pull_u32(in, &resume)))
		return DCERPC_NCA_S_FAULT_NDR;
	if (level != 0) {
		ndr_push_u32(w, 0);
		ndr_push_ptr(w, false);
		ndr_push_u32(w, 0);
	} else {
		/* EntriesRead is TotalEntries + 1: the empty entry counts */
		ndr_push_u32(w, ARRAY_SIZE(disks));
		ndr_push_ptr(w, true);
		ndr_push_u32(w, ARRAY_SIZE(disks));		/* max count */
		ndr_push_u32(w, 0);				/* offset */
		ndr_push_u32(w, ARRAY_SIZE(disks));		/* actual count */
		for (i = 0; i < ARRAY_SIZE(disks); i++) {
			/* [string] WCHAR Disk[3]: a varying array */
			ndr_push_u32(w, 0);
			ndr_push_u32(w, (uint32_t)strlen(disks[i]) + 1);
			push_ascii_utf16z(w, disks[i]);
		}
		ndr_push_u32(w, ARRAY_SIZE(disks) - 1);	/* TotalEntries */
	}
	ndr_push_ptr(w, resume_ref);
	if (resume_ref)
		ndr_push_u32(w, 0);
	ndr_push_u32(w, level ? WERR_INVALID_LEVEL : WERR_OK);
	return 0;
}

/* MS-SRVS 3.1.4.24 */
static uint32_t transport_enum(struct rpc_call *c)
{
	const struct smb3k_config *cfg = c->cfg;
	struct ndr_push *w = &c->out;
	const char *nb = cfg->netbios_name ? cfg->netbios_name : "";
	uint8_t addr[16];
	struct enum_req r;
	size_t i;

	if (!rpc_pull_server_name(&c->in) || !pull_enum(&c->in, transport_layouts, &r))
		return DCERPC_NCA_S_FAULT_NDR;
	if (r.level > 3) {
		push_enum_error(w, &r, WERR_INVALID_LEVEL);
		return 0;
	}
	for (i = 0; i < sizeof(addr); i++)
		addr[i] = i < strlen(nb) ? (uint8_t)toupper((unsigned char)nb[i]) : ' ';
	ndr_push_u32(w, r.level);
	ndr_push_u32(w, r.level);
	ndr_push_ptr(w, true);				/* container */
	ndr_push_u32(w, 1);				/* EntriesRead */
	ndr_push_ptr(w, true);				/* Buffer */
	ndr_push_u32(w, 1);				/* conformance */
	ndr_push_u32(w, 0);				/* numberofvcs: unknown here */
	ndr_push_ptr(w, true);				/* transportname */
	ndr_push_ptr(w, true);				/* transportaddress */
	ndr_push_u32(w, sizeof(addr));			/* transportaddresslength */
	ndr_push_ptr(w, true);				/* networkaddress */
	if (r.level >= 1)
		ndr_push_ptr(w, true);			/* domain */
	if (r.level >= 2)
		ndr_push_u32(w, 0);			/* flags */
	if (r.level == 3) {
		ndr_push_u32(w, 0);			/* passwordlength */
		ndr_push_zero(w, 256);			/* password */
	}
	ndr_push_string(w, SRV_TRANSPORT_NAME);
	ndr_push_u32(w, sizeof(addr));			/* conformance */
	ndr_push_bytes(w, addr, sizeof(addr));
	ndr_push_string(w, SRV_NETWORK_ADDRESS);
	if (r.level >= 1)
		ndr_push_string(w, SRV_WORKGROUP);
	push_enum_tail(w, &r, 1, WERR_OK);
	return 0;
}

/* MS-SRVS 3.1.4.21, TIME_OF_DAY_INFO 2.2.4.105 */
static uint32_t remote_tod(struct rpc_call *c)
{
	struct ndr_push *w = &c->out;
	struct timespec mono;
	struct timeval tv;
	struct tm utc, local;
	time_t t;

	if (!rpc_pull_server_name(&c->in))
		return DCERPC_NCA_S_FAULT_NDR;
	gettimeofday(&tv, NULL);
	clock_gettime(CLOCK_MONOTONIC, &mono);
	t = tv.tv_sec;
	gmtime_r(&t, &utc);
	localtime_r(&t, &local);
	ndr_push_ptr(w, true);
	ndr_push_u32(w, (uint32_t)t);			/* elapsedt: since 1970 */
	ndr_push_u32(w, (uint32_t)((uint64_t)mono.tv_sec * 1000 +
				   (uint64_t)mono.tv_nsec / 1000000)); /* msecs */
	ndr_push_u32(w, (uint32_t)utc.tm_hour);
	ndr_push_u32(w, (uint32_t)utc.tm_min);
	ndr_push_u32(w, (uint32_t)utc.tm_sec);
	ndr_push_u32(w, (uint32_t)(tv.tv_usec / 10000));	/* hunds */
	/* timezone: minutes west of UTC */
	ndr_push_u32(w, (uint32_t)(int32_t)(-local.tm_gmtoff / 60));
	ndr_push_u32(w, 310);				/* tinterval: 31 ms ticks */
	ndr_push_u32(w, (uint32_t)utc.tm_mday);
	ndr_push_u32(w, (uint32_t)utc.tm_mon + 1);
	ndr_push_u32(w, (uint32_t)utc.tm_year + 1900);
	ndr_push_u32(w, (uint32_t)utc.tm_wday);
	ndr_push_u32(w, WERR_OK);
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
	else if (anonymous(c) && (level == 2 || level == 502))
		werr = WERR_ACCESS_DENIED;
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
	case SRVS_OP_CHARDEV_ENUM:
	case SRVS_OP_CHARDEVQ_ENUM:
		return chardev_enum(c);
	case SRVS_OP_CONN_ENUM:
	case SRVS_OP_FILE_ENUM:
	case SRVS_OP_SESS_ENUM:
		return conn_file_sess_enum(c);
	case SRVS_OP_SHARE_ENUM:
		return share_enum(c, false);
	case SRVS_OP_SHARE_ENUM_STICKY:
		return share_enum(c, true);
	case SRVS_OP_SHARE_CHECK:
		return share_check(c);
	case SRVS_OP_DISK_ENUM:
		return disk_enum(c);
	case SRVS_OP_TRANSPORT_ENUM:
		return transport_enum(c);
	case SRVS_OP_REMOTE_TOD:
		return remote_tod(c);
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
