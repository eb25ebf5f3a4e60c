// SPDX-License-Identifier: GPL-2.0
/*
 * wkssvc (MS-WKST): NetrWkstaGetInfo (0), levels 100, 101, 102. Platform
 * 500, version 10.0 (as srvsvc), LAN group "WORKGROUP" (smb3k has no
 * domain membership), lanroot "". Other opnums: nca_s_op_rng_error.
 */
#include "rpc_server.h"

#define WKST_OP_WKSTA_GET_INFO	0
#define WKST_LAN_GROUP		"WORKGROUP"

static uint32_t wksta_get_info(struct rpc_call *c)
{
	const struct smb3k_config *cfg = c->cfg;
	struct ndr_push *w = &c->out;
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
	ndr_push_u32(w, 500);			/* platform_id */
	ndr_push_ptr(w, true);			/* computername */
	ndr_push_ptr(w, true);			/* langroup */
	ndr_push_u32(w, 10);			/* ver_major */
	ndr_push_u32(w, 0);			/* ver_minor */
	if (level >= 101)
		ndr_push_ptr(w, true);		/* lanroot */
	if (level == 102)
		ndr_push_u32(w, 0);		/* logged_on_users */
	ndr_push_string(w, cfg->netbios_name ? cfg->netbios_name : "");
	ndr_push_string(w, WKST_LAN_GROUP);
	if (level >= 101)
		ndr_push_string(w, "");
	ndr_push_u32(w, WERR_OK);
	return 0;
}

static uint32_t wkssvc_dispatch(struct rpc_call *c)
{
	if (c->opnum == WKST_OP_WKSTA_GET_INFO)
		return wksta_get_info(c);
	return DCERPC_NCA_S_OP_RNG_ERROR;
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
