// SPDX-License-Identifier: GPL-2.0
/*
 * samr (MS-SAMR), the minimum for browsing: SamrCloseHandle (1), SamrLookupDomainInSamServer (5),
 * SamrEnumerateDomainsInSamServer (6), SamrConnect2 (57), SamrConnect5
 * (64). Domains: the account domain (NetBIOS name, machine SID) and
 * "Builtin" (S-1-5-32). Every other opnum: nca_s_op_rng_error.
 */
#include <string.h>

#include "rpc_server.h"
#include "util.h"

#define SAMR_OP_CLOSE_HANDLE		1
#define SAMR_OP_LOOKUP_DOMAIN		5
#define SAMR_OP_ENUM_DOMAINS		6
#define SAMR_OP_CONNECT2		57
#define SAMR_OP_CONNECT5		64

bool rpc_pull_ustr(struct ndr_pull *p, char *out, size_t cap)
{
	uint16_t len, max;
	uint32_t ref, cmax, off, actual;
	const uint8_t *s;

	if (!ndr_pull_align(p, 4) || !ndr_pull_u16(p, &len) || !ndr_pull_u16(p, &max) || !ndr_pull_ptr(p, &ref))
		return false;
	if (!ref) {
		if (cap)
			out[0] = '\0';
		return !len;
	}
	if (!ndr_pull_u32(p, &cmax) || !ndr_pull_u32(p, &off) || !ndr_pull_u32(p, &actual))
		return false;
	if (len & 1 || len > max || off || actual > cmax || actual != len / 2u ||
	    cmax != max / 2u) {
		p->err = true;
		return false;
	}
	if (!ndr_pull_array_bytes(p, actual, 2, 2, &s))
		return false;
	return ndr_utf16_to_utf8(s, actual, out, cap);
}

static uint32_t samr_connect(struct rpc_call *c)
{
	struct ndr_pull *in = &c->in;
	uint32_t access, in_ver, disc, rev, features;
	struct rpc_handle *h;

	if (!rpc_pull_server_name(in) || !ndr_pull_u32(in, &access))
		return DCERPC_NCA_S_FAULT_NDR;
	if (c->opnum == SAMR_OP_CONNECT5) {
		if (!ndr_pull_u32(in, &in_ver) || !ndr_pull_u32(in, &disc) ||
		    !ndr_pull_u32(in, &rev) || !ndr_pull_u32(in, &features) ||
		    in_ver != 1 || disc != 1)
			return DCERPC_NCA_S_FAULT_NDR;
		ndr_push_u32(&c->out, 1);		/* OutVersion */
		ndr_push_u32(&c->out, 1);		/* union discriminant */
		ndr_push_u32(&c->out, 3);		/* Revision */
		ndr_push_u32(&c->out, 0);		/* SupportedFeatures */
	}
	h = rpc_handle_new(c->pipe, RPC_H_SAMR_SERVER);
	if (!h) {
		ndr_push_zero(&c->out, RPC_HANDLE_SIZE);
		ndr_push_u32(&c->out, STATUS_INSUFFICIENT_RESOURCES);
		return 0;
	}
	ndr_push_bytes(&c->out, h->id, RPC_HANDLE_SIZE);
	ndr_push_u32(&c->out, STATUS_SUCCESS);
	return 0;
}

static uint32_t samr_close(struct rpc_call *c)
{
	return rpc_close_handle_call(c, RPC_H_NONE);
}

static const char *account_domain(const struct rpc_call *c)
{
	return c->cfg->netbios_name ? c->cfg->netbios_name : "";
}

static uint32_t samr_lookup_domain(struct rpc_call *c)
{
	char name[256];
	const uint8_t *id;
	uint32_t sub[4] = { 21 }, builtin = 32;

	if (!ndr_pull_bytes(&c->in, RPC_HANDLE_SIZE, &id) ||
	    !rpc_pull_ustr(&c->in, name, sizeof(name)))
		return DCERPC_NCA_S_FAULT_NDR;
	if (!rpc_handle_find(c->pipe, id, RPC_H_SAMR_SERVER)) {
		ndr_push_ptr(&c->out, false);
		ndr_push_u32(&c->out, STATUS_INVALID_HANDLE);
	} else if (str_ieq(name, account_domain(c))) {
		rpc_machine_sid(c->cfg, sub + 1);
		ndr_push_ptr(&c->out, true);
		rpc_push_sid(&c->out, 5, sub, 4);
		ndr_push_u32(&c->out, STATUS_SUCCESS);
	} else if (str_ieq(name, "Builtin")) {
		ndr_push_ptr(&c->out, true);
		rpc_push_sid(&c->out, 5, &builtin, 1);
		ndr_push_u32(&c->out, STATUS_SUCCESS);
	} else {
		ndr_push_ptr(&c->out, false);
		ndr_push_u32(&c->out, STATUS_NO_SUCH_DOMAIN);
	}
	return 0;
}

static uint32_t samr_enum_domains(struct rpc_call *c)
{
	struct ndr_push *w = &c->out;
	const char *names[2] = { account_domain(c), "Builtin" };
	uint32_t resume, maxlen, i;
	const uint8_t *id;

	if (!ndr_pull_bytes(&c->in, RPC_HANDLE_SIZE, &id) || !ndr_pull_u32(&c->in, &resume) ||
	    !ndr_pull_u32(&c->in, &maxlen))
		return DCERPC_NCA_S_FAULT_NDR;
	if (!rpc_handle_find(c->pipe, id, RPC_H_SAMR_SERVER) || resume >= 2) {
		ndr_push_u32(w, resume);
		ndr_push_ptr(w, false);
		ndr_push_u32(w, 0);
		ndr_push_u32(w, resume >= 2 ? STATUS_NO_MORE_ENTRIES : STATUS_INVALID_HANDLE);
		return 0;
	}
	ndr_push_u32(w, 2);			/* EnumerationContext */
	ndr_push_ptr(w, true);			/* Buffer */
	ndr_push_u32(w, 2 - resume);		/* EntriesRead */
	ndr_push_ptr(w, true);
	ndr_push_u32(w, 2 - resume);		/* conformance */
	for (i = resume; i < 2; i++) {
		ndr_push_u32(w, 0);		/* RelativeId */
		ndr_push_ustr_hdr(w, names[i]);
	}
	for (i = resume; i < 2; i++)
		ndr_push_ustr_body(w, names[i]);
	ndr_push_u32(w, 2 - resume);		/* CountReturned */
	ndr_push_u32(w, STATUS_SUCCESS);
	return 0;
}

static uint32_t samr_dispatch(struct rpc_call *c)
{
	switch (c->opnum) {
	case SAMR_OP_CONNECT2:
	case SAMR_OP_CONNECT5:
		return samr_connect(c);
	case SAMR_OP_CLOSE_HANDLE:
		return samr_close(c);
	case SAMR_OP_LOOKUP_DOMAIN:
		return samr_lookup_domain(c);
	case SAMR_OP_ENUM_DOMAINS:
		return samr_enum_domains(c);
	default:
		return DCERPC_NCA_S_OP_RNG_ERROR;
	}
}

/* 12345778-1234-abcd-ef00-0123456789ac v1.0 */
const struct rpc_iface rpc_samr_iface = {
	.pipe = "samr",
	.syntax = {
		.uuid = { 0x78, 0x57, 0x34, 0x12, 0x34, 0x12, 0xcd, 0xab,
			  0xef, 0x00, 0x01, 0x23, 0x45, 0x67, 0x89, 0xac },
		.ver_major = 1,
	},
	.dispatch = samr_dispatch,
};
