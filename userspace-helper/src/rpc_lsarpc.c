// SPDX-License-Identifier: GPL-2.0
/*
 * lsarpc (MS-LSAD/MS-LSAT), the minimum for browsing: LsarClose (0),
 * LsarOpenPolicy (6), LsarQueryInformationPolicy (7) and
 * LsarQueryInformationPolicy2 (46) for PolicyPrimaryDomainInformation (3:
 * "WORKGROUP", no SID: not a domain member) and
 * PolicyAccountDomainInformation (5: the NetBIOS name and the machine SID,
 * see rpc_machine_sid()), LsarOpenPolicy2 (44). Every other opnum,
 * including the LsarLookupSids family (not done yet), gets
 * nca_s_op_rng_error.
 */
#include <string.h>

#include "rpc_server.h"

#define LSA_OP_CLOSE			0
#define LSA_OP_OPEN_POLICY		6
#define LSA_OP_QUERY_INFO_POLICY	7
#define LSA_OP_OPEN_POLICY2		44
#define LSA_OP_QUERY_INFO_POLICY2	46

#define POLICY_PRIMARY_DOMAIN_INFORMATION	3
#define POLICY_ACCOUNT_DOMAIN_INFORMATION	5

void rpc_push_sid(struct ndr_push *w, uint8_t authority, const uint32_t *sub, uint8_t n)
{
	static const uint8_t zero5[5];
	uint8_t i;

	ndr_push_u32(w, n);			/* conformance */
	ndr_push_u8(w, 1);			/* Revision */
	ndr_push_u8(w, n);
	ndr_push_bytes(w, zero5, sizeof(zero5));	/* authority, big-endian */
	ndr_push_u8(w, authority);
	for (i = 0; i < n; i++)
		ndr_push_u32(w, sub[i]);
}

static uint32_t lsa_close(struct rpc_call *c)
{
	return rpc_close_handle_call(c, RPC_H_LSA_POLICY);
}

/* The input (server name, object attributes, access) is not needed. */
static uint32_t lsa_open_policy(struct rpc_call *c)
{
	struct rpc_handle *h = rpc_handle_new(c->pipe, RPC_H_LSA_POLICY);

	if (!h) {
		ndr_push_zero(&c->out, RPC_HANDLE_SIZE);
		ndr_push_u32(&c->out, STATUS_INSUFFICIENT_RESOURCES);
		return 0;
	}
	ndr_push_bytes(&c->out, h->id, RPC_HANDLE_SIZE);
	ndr_push_u32(&c->out, STATUS_SUCCESS);
	return 0;
}

static uint32_t lsa_query_info(struct rpc_call *c)
{
	struct ndr_push *w = &c->out;
	const uint8_t *id;
	const char *name;
	uint32_t sub[4] = { 21 };
	uint16_t level;
	bool sid;

	if (!ndr_pull_bytes(&c->in, RPC_HANDLE_SIZE, &id) || !ndr_pull_u16(&c->in, &level))
		return DCERPC_NCA_S_FAULT_NDR;
	if (!rpc_handle_find(c->pipe, id, RPC_H_LSA_POLICY)) {
		ndr_push_ptr(w, false);
		ndr_push_u32(w, STATUS_INVALID_HANDLE);
		return 0;
	}
	if (level == POLICY_PRIMARY_DOMAIN_INFORMATION) {
		name = "WORKGROUP";
		sid = false;
	} else if (level == POLICY_ACCOUNT_DOMAIN_INFORMATION) {
		name = c->cfg->netbios_name ? c->cfg->netbios_name : "";
		sid = true;
		rpc_machine_sid(c->cfg, sub + 1);
	} else {
		ndr_push_ptr(w, false);
		ndr_push_u32(w, STATUS_INVALID_PARAMETER);
		return 0;
	}
	ndr_push_ptr(w, true);
	ndr_push_u16(w, level);			/* union discriminant */
	ndr_push_align(w, 4);
	ndr_push_ustr_hdr(w, name);
	ndr_push_ptr(w, sid);
	ndr_push_ustr_body(w, name);
	if (sid)
		rpc_push_sid(w, 5, sub, 4);
	ndr_push_u32(w, STATUS_SUCCESS);
	return 0;
}

static uint32_t lsarpc_dispatch(struct rpc_call *c)
{
	switch (c->opnum) {
	case LSA_OP_CLOSE:
		return lsa_close(c);
	case LSA_OP_OPEN_POLICY:
	case LSA_OP_OPEN_POLICY2:
		return lsa_open_policy(c);
	case LSA_OP_QUERY_INFO_POLICY:
	case LSA_OP_QUERY_INFO_POLICY2:
		return lsa_query_info(c);
	default:
		return DCERPC_NCA_S_OP_RNG_ERROR;
	}
}

/* 12345778-1234-abcd-ef00-0123456789ab v0.0 */
const struct rpc_iface rpc_lsarpc_iface = {
	.pipe = "lsarpc",
	.syntax = {
		.uuid = { 0x78, 0x57, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab,
			  0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xab },
		.ver_major = 0,
	},
	.dispatch = lsarpc_dispatch,
};
