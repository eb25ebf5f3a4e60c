// SPDX-License-Identifier: GPL-2.0
/*
 * wkssvc (MS-WKST). Served: NetrWkstaGetInfo (0), NetrWkstaUserEnum (2),
 * NetrWkstaTransportEnum (5), NetrWorkstationStatisticsGet (13),
 * NetrGetJoinInformation (20). Other opnums: nca_s_op_rng_error.
 *
 * Choices:
 *  - Platform 500, version 10.0 (as srvsvc), LAN group "WORKGROUP" (smb3k
 *    has no domain membership), lanroot NULL at levels 101/102 (MS-WKST
 *    3.2.4.1). NetrGetJoinInformation: NetSetupWorkgroupName, "WORKGROUP".
 *  - wkssvc describes the SMB client (the redirector) of the machine;
 *    smb3k has none. So: level 502 reports the ADM defaults Windows
 *    initializes (keep_conn 600 s, max_cmds 50, sess_timeout 60 s,
 *    dormant_file_limit 1023; MS-WKST 3.2.3 notes), every "ignored on
 *    receipt" field 0; NetrWkstaTransportEnum lists no transport; the
 *    statistics are all zero (MS-WKST 3.2.4.11: members that do not apply
 *    are zero) except StatisticsStartTime, the daemon's start.
 *  - NetrWkstaUserEnum: smb3kd knows no interactive logons, so an empty
 *    list (TotalEntries 0) at levels 0 and 1; logged_on_users 0.
 *  - A null session (empty user name at RPC_OPEN) gets ERROR_ACCESS_DENIED
 *    for levels 102 and 502 and for the enumerations and statistics.
 */
#include <time.h>

#include "rpc_server.h"

#define WKST_OP_WKSTA_GET_INFO		0
#define WKST_OP_USER_ENUM		2
#define WKST_OP_TRANSPORT_ENUM		5
#define WKST_OP_STATISTICS_GET		13
#define WKST_OP_GET_JOIN_INFO		20

#define WKST_LAN_GROUP		"WORKGROUP"
#define WERR_ACCESS_DENIED	0x00000005U
#define WERR_INVALID_PARAMETER	0x00000057U
#define NETSETUP_WORKGROUP_NAME	2
#define STAT_WKSTA_HYPERS	13	/* LARGE_INTEGER members of STAT_WORKSTATION_0 */
#define STAT_WKSTA_ULONGS	27	/* unsigned long members */
/* 100 ns units between 1601-01-01 and 1970-01-01 */
#define FILETIME_UNIX_EPOCH	116444736000000000ULL

static uint64_t start_filetime;

static bool anonymous(const struct rpc_call *c)
{
	return !c->pipe || !c->pipe->user || !c->pipe->user[0];
}

static uint32_t wksta_get_info(struct rpc_call *c)
{
	const struct smb3k_config *cfg = c->cfg;
	struct ndr_push *w = &c->out;
	uint32_t level;

	if (!rpc_pull_server_name(&c->in) || !ndr_pull_u32(&c->in, &level))
		return DCERPC_NCA_S_FAULT_NDR;
	ndr_push_u32(w, level);
	if (level != 100 && level != 101 && level != 102 && level != 502) {
		ndr_push_ptr(w, false);
		ndr_push_u32(w, WERR_INVALID_LEVEL);
		return 0;
	}
	if ((level == 102 || level == 502) && anonymous(c)) {
		ndr_push_ptr(w, false);
		ndr_push_u32(w, WERR_ACCESS_DENIED);
		return 0;
	}
	ndr_push_ptr(w, true);
	if (level == 502) {
		ndr_push_zero(w, 3 * 4);	/* char_wait .. maximum_collection_count */
		ndr_push_u32(w, 600);		/* keep_conn */
		ndr_push_u32(w, 50);		/* max_cmds */
		ndr_push_u32(w, 60);		/* sess_timeout */
		ndr_push_zero(w, 8 * 4);	/* siz_char_buf .. cache_file_timeout */
		ndr_push_u32(w, 1023);		/* dormant_file_limit */
		ndr_push_zero(w, 5 * 4 + 15 * 4); /* read_ahead .. use_512_byte_max */
		ndr_push_u32(w, WERR_OK);
		return 0;
	}
	ndr_push_u32(w, 500);			/* platform_id */
	ndr_push_ptr(w, true);			/* computername */
	ndr_push_ptr(w, true);			/* langroup */
	ndr_push_u32(w, 10);			/* ver_major */
	ndr_push_u32(w, 0);			/* ver_minor */
	if (level >= 101)
		ndr_push_ptr(w, false);		/* lanroot: NULL */
	if (level == 102)
		ndr_push_u32(w, 0);		/* logged_on_users */
	ndr_push_string(w, cfg->netbios_name ? cfg->netbios_name : "");
	ndr_push_string(w, WKST_LAN_GROUP);
	ndr_push_u32(w, WERR_OK);
	return 0;
}

/*
 * NetrWkstaUserEnum (MS-WKST 3.2.4.3), NetrWkstaTransportEnum (3.2.4.4):
 * Level, the union's discriminant and container pointer (clients send an
 * empty one), PreferredMaximumLength, ResumeHandle. Out: an empty
 * container, TotalEntries 0, ResumeHandle 0.
 */
static uint32_t empty_enum(struct rpc_call *c)
{
	/* MS-WKST 2.2.5.9/2.2.5.10 WKSTA_USER_INFO_0/1, 2.2.5.8 WKSTA_TRANSPORT_INFO_0 */
	static const struct rpc_enum_layout users[] = {
		{ 0, "s" }, { 1, "ssss" }, { 0, NULL },
	};
	static const struct rpc_enum_layout transports[] = {
		{ 0, "uussu" }, { 0, NULL },
	};
	struct ndr_pull *in = &c->in;
	struct ndr_push *w = &c->out;
	uint32_t level, resume_ref, werr = WERR_OK;
	bool level_ok;

	if (!rpc_pull_server_name(in) ||
	    !rpc_pull_enum(in, c->opnum == WKST_OP_USER_ENUM ? users : transports,
			   &level, &resume_ref))
		return DCERPC_NCA_S_FAULT_NDR;
	if (c->opnum == WKST_OP_USER_ENUM)
		level_ok = level == 0 || level == 1;
	else
		level_ok = level == 0;
	if (!level_ok)
		werr = WERR_INVALID_LEVEL;
	else if (anonymous(c))
		werr = WERR_ACCESS_DENIED;
	ndr_push_u32(w, level);
	ndr_push_u32(w, level);
	ndr_push_ptr(w, !werr);
	if (!werr) {
		ndr_push_u32(w, 0);		/* EntriesRead */
		ndr_push_ptr(w, false);		/* Buffer */
	}
	ndr_push_u32(w, 0);			/* TotalEntries */
	ndr_push_ptr(w, resume_ref);
	if (resume_ref)
		ndr_push_u32(w, 0);
	ndr_push_u32(w, werr);
	return 0;
}

/* MS-WKST 3.2.4.11 */
static uint32_t statistics_get(struct rpc_call *c)
{
	struct ndr_pull *in = &c->in;
	struct ndr_push *w = &c->out;
	const uint8_t *s;
	uint32_t ref, n, level, options, werr = WERR_OK;
	int i;

	if (!rpc_pull_server_name(in) || !ndr_pull_ptr(in, &ref) ||
	    (ref && !ndr_pull_string(in, &s, &n)) ||		/* ServiceName */
	    !ndr_pull_u32(in, &level) || !ndr_pull_u32(in, &options))
		return DCERPC_NCA_S_FAULT_NDR;
	if (level)
		werr = WERR_INVALID_LEVEL;
	else if (options)
		werr = WERR_INVALID_PARAMETER;
	else if (anonymous(c))
		werr = WERR_ACCESS_DENIED;
	ndr_push_ptr(w, !werr);
	if (!werr) {
		ndr_push_u64(w, start_filetime);	/* StatisticsStartTime */
		for (i = 1; i < STAT_WKSTA_HYPERS; i++)
			ndr_push_u64(w, 0);
		for (i = 0; i < STAT_WKSTA_ULONGS; i++)
			ndr_push_u32(w, 0);
	}
	ndr_push_u32(w, werr);
	return 0;
}

/* MS-WKST 3.2.4.12 */
static uint32_t get_join_info(struct rpc_call *c)
{
	struct ndr_pull *in = &c->in;
	struct ndr_push *w = &c->out;
	const uint8_t *s;
	uint32_t ref, n;

	/* ServerName; NameBuffer: [in, out, string] wchar_t ** (ignored in) */
	if (!rpc_pull_server_name(in) || !ndr_pull_ptr(in, &ref) ||
	    (ref && !ndr_pull_string(in, &s, &n)))
		return DCERPC_NCA_S_FAULT_NDR;
	ndr_push_ptr(w, true);
	ndr_push_string(w, WKST_LAN_GROUP);
	/* NETSETUP_JOIN_STATUS: an NDR enum (16 bits); the status aligns to 4 */
	ndr_push_u16(w, NETSETUP_WORKGROUP_NAME);
	ndr_push_u32(w, WERR_OK);
	return 0;
}

static uint32_t wkssvc_dispatch(struct rpc_call *c)
{
	if (!start_filetime) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		start_filetime = FILETIME_UNIX_EPOCH + (uint64_t)ts.tv_sec * 10000000ULL +
				 (uint64_t)ts.tv_nsec / 100;
	}
	switch (c->opnum) {
	case WKST_OP_WKSTA_GET_INFO:
		return wksta_get_info(c);
	case WKST_OP_USER_ENUM:
	case WKST_OP_TRANSPORT_ENUM:
		return empty_enum(c);
	case WKST_OP_STATISTICS_GET:
		return statistics_get(c);
	case WKST_OP_GET_JOIN_INFO:
		return get_join_info(c);
	default:
		return DCERPC_NCA_S_OP_RNG_ERROR;
	}
}

/* 6bffd098-a112-3610-9833-46c3f87e345a v1.0 */
const struct rpc_iface rpc_wkssvc_iface = {
	.pipe = "wkssvc",
	.syntax = {
		.uuid = { 0x98, 0xd0, 0xff, 0x6b, 0x12, 0xa1, 0x10, 0x36,
			  0x98, 0x33, 0x46, 0xc3, 0xf8, 0x7e, 0x34, 0x5a },
		.ver_major = 1,
	},
	.dispatch = wkssvc_dispatch,
};
