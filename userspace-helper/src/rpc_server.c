// SPDX-License-Identifier: GPL-2.0
/* DCE/RPC connection-oriented server over a message-mode pipe. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "errlist.h"
#include "rpc_server.h"
#include "server_guid.h"
#include "util.h"

static const struct rpc_iface *const ifaces[] = {
	&rpc_srvsvc_iface,
	&rpc_wkssvc_iface,
	&rpc_lsarpc_iface,
	&rpc_samr_iface,
};

const struct rpc_iface *rpc_find_iface(const char *name)
{
	size_t i;

	if (!strncasecmp(name, "\\PIPE\\", 6))
		name += 6;
	for (i = 0; i < ARRAY_SIZE(ifaces); i++)
		if (!strcasecmp(name, ifaces[i]->pipe))
			return ifaces[i];
	return NULL;
}

struct rpc_pipe *rpc_pipe_new(const struct rpc_iface *iface, uint64_t session_id,
			      const char *user)
{
	struct rpc_pipe *p = xcalloc(1, sizeof(*p));

	p->iface = iface;
	p->session_id = session_id;
	p->user = xstrdup(user ? user : "");
	p->max_xmit = RPC_MAX_FRAG;
	p->max_recv = RPC_MAX_FRAG;
	return p;
}

static void out_clear(struct rpc_pipe *p)
{
	struct rpc_msg *m;

	while ((m = p->out_head)) {
		p->out_head = m->next;
		free(m);
	}
	p->out_tail = NULL;
	p->out_bytes = 0;
}

static void call_reset(struct rpc_pipe *p)
{
	free(p->stub);
	p->stub = NULL;
	p->stub_len = 0;
	p->in_call = false;
}

void rpc_pipe_free(struct rpc_pipe *p)
{
	if (!p)
		return;
	out_clear(p);
	call_reset(p);
	free(p->in);
	free(p->user);
	free(p);
}

/* Queue one PDU as a message. */
static void queue_msg(struct rpc_pipe *p, const uint8_t *data, size_t len)
{
	struct rpc_msg *m = xmalloc(sizeof(*m) + len);

	m->next = NULL;
	m->len = len;
	m->off = 0;
	memcpy(m->data, data, len);
	if (p->out_tail)
		p->out_tail->next = m;
	else
		p->out_head = m;
	p->out_tail = m;
	p->out_bytes += len;
}

static void queue_fault(struct rpc_pipe *p, uint32_t call_id, uint16_t ctx_id,
			uint32_t status, bool did_not_execute)
{
	uint8_t b[DCERPC_FAULT_SIZE];
	size_t n;

	if (!dcerpc_build_fault(b, sizeof(b), call_id,
				did_not_execute ? DCERPC_PFC_DID_NOT_EXECUTE : 0,
				ctx_id, status, &n))
		queue_msg(p, b, n);
}

static void queue_nak(struct rpc_pipe *p, uint32_t call_id, uint16_t reason)
{
	uint8_t b[24];
	size_t n;

	if (!dcerpc_build_bind_nak(b, sizeof(b), call_id, reason, &n))
		queue_msg(p, b, n);
}

static bool ctx_known(const struct rpc_pipe *p, uint16_t id)
{
	size_t i;

	for (i = 0; i < p->n_ctx; i++)
		if (p->ctx_ids[i] == id)
			return true;
	return false;
}

/* One presentation context of a bind or alter_context. */
static void bind_one(struct rpc_pipe *p, const struct dcerpc_ctx *c,
		     struct dcerpc_result *r)
{
	struct dcerpc_syntax ts;
	uint8_t features;
	unsigned int i;

	memset(r, 0, sizeof(*r));
	if (c->n_transfer == 1) {
		dcerpc_syntax_get(c->transfer, &ts);
		if (dcerpc_syntax_is_btfn(&ts, &features)) {
			/*
			 * MS-RPCE 3.3.1.5.3: negotiate_ack, the reason field
			 * is the response bitmask (we support neither
			 * security context multiplexing nor keeping the
			 * connection on orphaned PDUs), transfer syntax zero.
			 */
			r->result = DCERPC_RESULT_NEGOTIATE_ACK;
			r->reason = 0;
			return;
		}
	}
	r->result = DCERPC_RESULT_PROVIDER_REJECTION;
	if (!dcerpc_syntax_eq(&c->abstract, &p->iface->syntax)) {
		r->reason = DCERPC_REASON_ABSTRACT_SYNTAX_NOT_SUPPORTED;
		return;
	}
	r->reason = DCERPC_REASON_TRANSFER_SYNTAXES_NOT_SUPPORTED;
	for (i = 0; i < c->n_transfer; i++) {
		dcerpc_syntax_get(c->transfer + i * DCERPC_SYNTAX_SIZE, &ts);
		if (!dcerpc_syntax_eq(&ts, &dcerpc_ndr20_syntax))
			continue;
		if (!ctx_known(p, c->ctx_id)) {
			if (p->n_ctx >= RPC_MAX_CONTEXTS) {
				r->reason = DCERPC_REASON_LOCAL_LIMIT_EXCEEDED;
				return;
			}
			p->ctx_ids[p->n_ctx++] = c->ctx_id;
		}
		r->result = DCERPC_RESULT_ACCEPTANCE;
		r->reason = 0;
		r->transfer = dcerpc_ndr20_syntax;
		return;
	}
}

static uint16_t min16(uint16_t a, uint16_t b)
{
	return a < b ? a : b;
}

static void handle_bind(struct rpc_pipe *p, const uint8_t *pdu, const struct dcerpc_hdr *h)
{
	struct dcerpc_result results[256];
	struct dcerpc_bind_ack ack = { 0 };
	struct dcerpc_ctx_iter it;
	struct dcerpc_bind b;
	struct dcerpc_ctx c;
	uint8_t out[512 + 256 * 24];
	char addr[64];
	size_t n = 0;
	bool is_bind = h->ptype == DCERPC_PT_BIND;

	if (dcerpc_parse_bind(pdu, h, &b)) {
		if (is_bind)
			queue_nak(p, h->call_id, DCERPC_NAK_NOT_SPECIFIED);
		else
			queue_fault(p, h->call_id, 0, DCERPC_NCA_S_PROTO_ERROR, true);
		return;
	}
	if (is_bind && p->bound) {
		queue_nak(p, h->call_id, DCERPC_NAK_NOT_SPECIFIED);
		return;
	}
	if (!is_bind && !p->bound) {
		queue_fault(p, h->call_id, 0, DCERPC_NCA_S_PROTO_ERROR, true);
		return;
	}
	if (b.has_auth) {
		if (is_bind)
			queue_nak(p, h->call_id,
				  DCERPC_NAK_AUTHENTICATION_TYPE_NOT_RECOGNIZED);
		else
			queue_fault(p, h->call_id, 0, DCERPC_NCA_S_PROTO_ERROR, true);
		return;
	}
	if (is_bind) {
		if (b.max_xmit_frag < RPC_MIN_FRAG || b.max_recv_frag < RPC_MIN_FRAG) {
			queue_nak(p, h->call_id, DCERPC_NAK_NOT_SPECIFIED);
			return;
		}
		/* we transmit what the client can receive, and vice versa */
		p->max_xmit = min16(b.max_recv_frag, RPC_MAX_FRAG);
		p->max_recv = min16(b.max_xmit_frag, RPC_MAX_FRAG);
		p->assoc_group = b.assoc_group_id;
		while (!p->assoc_group)
			rpc_random(&p->assoc_group, sizeof(p->assoc_group));
		p->bound = true;
		snprintf(addr, sizeof(addr), "\\PIPE\\%s", p->iface->pipe);
		ack.sec_addr = addr;
	}
	dcerpc_ctx_iter_init(&it, &b);
	while (dcerpc_ctx_next(&it, &c))
		bind_one(p, &c, &results[n++]);
	ack.ptype = is_bind ? DCERPC_PT_BIND_ACK : DCERPC_PT_ALTER_CONTEXT_RESP;
	ack.call_id = h->call_id;
	ack.max_xmit_frag = p->max_xmit;
	ack.max_recv_frag = p->max_recv;
	ack.assoc_group_id = p->assoc_group;
	ack.n_results = (uint8_t)n;
	ack.results = results;
	if (dcerpc_build_bind_ack(out, sizeof(out), &ack, &n)) {
		queue_nak(p, h->call_id, DCERPC_NAK_NOT_SPECIFIED);
		return;
	}
	queue_msg(p, out, n);
}

/* Run the handler; the response stub in *stub (malloc'd) or a fault. */
static uint32_t run_call(struct rpc_pipe *p, const struct smb3k_config *cfg,
			 uint8_t **stub, size_t *len)
{
	struct rpc_call c;
	size_t cap = 64 * 1024;
	uint32_t st;

	for (;;) {
		*stub = xmalloc(cap);
		memset(&c, 0, sizeof(c));
		c.cfg = cfg;
		c.pipe = p;
		c.opnum = p->call_opnum;
		ndr_pull_init(&c.in, p->stub, p->stub_len);
		ndr_push_init(&c.out, *stub, cap);
		st = p->iface->dispatch(&c);
		if (st) {
			free(*stub);
			*stub = NULL;
			return st;
		}
		if (c.out.err) {
			free(*stub);
			*stub = NULL;
			return DCERPC_NCA_S_FAULT_NDR;
		}
		if (!c.out.overflow) {
			*len = c.out.off;
			return 0;
		}
		free(*stub);
		*stub = NULL;
		/* Only large enumerations get here; they have no side effects. */
		if (c.out.off > RPC_MAX_RESPONSE_STUB || cap >= c.out.off)
			return DCERPC_NCA_S_FAULT_NDR;
		cap = c.out.off;
	}
}

static void finish_call(struct rpc_pipe *p, const struct smb3k_config *cfg)
{
	uint8_t *stub, frag[RPC_MAX_FRAG];
	size_t len = 0, pos = 0, chunk, n;
	size_t per_frag = ((size_t)p->max_xmit - DCERPC_RESP_HDR_SIZE) & ~(size_t)7;
	uint32_t st;
	uint8_t flags;

	st = run_call(p, cfg, &stub, &len);
	if (st) {
		queue_fault(p, p->call_id, p->call_ctx, st,
			    st == DCERPC_NCA_S_OP_RNG_ERROR);
		return;
	}
	do {
		chunk = len - pos < per_frag ? len - pos : per_frag;
		flags = 0;
		if (!pos)
			flags |= DCERPC_PFC_FIRST_FRAG;
		if (pos + chunk == len)
			flags |= DCERPC_PFC_LAST_FRAG;
		if (dcerpc_build_response(frag, sizeof(frag), p->call_id, flags,
					  (uint32_t)(len - pos), p->call_ctx,
					  stub + pos, chunk, &n))
			break;
		queue_msg(p, frag, n);
		pos += chunk;
	} while (pos < len);
	free(stub);
}

static void handle_request(struct rpc_pipe *p, const struct smb3k_config *cfg,
			   const uint8_t *pdu, const struct dcerpc_hdr *h)
{
	struct dcerpc_request r;
	bool first = h->pfc_flags & DCERPC_PFC_FIRST_FRAG;

	if (dcerpc_parse_request(pdu, h, &r) || !p->bound || r.has_auth) {
		call_reset(p);
		queue_fault(p, h->call_id, 0, DCERPC_NCA_S_PROTO_ERROR, true);
		return;
	}
	if (first) {
		if (p->in_call) {
			call_reset(p);
			queue_fault(p, h->call_id, r.ctx_id, DCERPC_NCA_S_PROTO_ERROR, true);
			return;
		}
		if (!ctx_known(p, r.ctx_id)) {
			queue_fault(p, h->call_id, r.ctx_id, DCERPC_NCA_S_UNKNOWN_IF, true);
			return;
		}
		p->in_call = true;
		p->call_id = h->call_id;
		p->call_ctx = r.ctx_id;
		p->call_opnum = r.opnum;
	} else if (!p->in_call || h->call_id != p->call_id) {
		call_reset(p);
		queue_fault(p, h->call_id, r.ctx_id, DCERPC_NCA_S_PROTO_ERROR, true);
		return;
	}
	if (r.stub_len > RPC_MAX_REQUEST_STUB - p->stub_len) {
		call_reset(p);
		queue_fault(p, h->call_id, r.ctx_id, DCERPC_NCA_S_PROTO_ERROR, true);
		return;
	}
	p->stub = xrealloc(p->stub, p->stub_len + r.stub_len + 1);
	memcpy(p->stub + p->stub_len, r.stub, r.stub_len);
	p->stub_len += r.stub_len;
	if (!(h->pfc_flags & DCERPC_PFC_LAST_FRAG))
		return;
	finish_call(p, cfg);
	call_reset(p);
}

static void handle_pdu(struct rpc_pipe *p, const struct smb3k_config *cfg,
		       const uint8_t *pdu, const struct dcerpc_hdr *h)
{
	switch (h->ptype) {
	case DCERPC_PT_BIND:
	case DCERPC_PT_ALTER_CONTEXT:
		handle_bind(p, pdu, h);
		break;
	case DCERPC_PT_REQUEST:
		handle_request(p, cfg, pdu, h);
		break;
	case DCERPC_PT_AUTH3:
		break;			/* no RPC-level auth: nothing to do */
	case DCERPC_PT_CO_CANCEL:
	case DCERPC_PT_ORPHANED:
		if (p->in_call && h->call_id == p->call_id)
			call_reset(p);
		break;
	default:
		queue_fault(p, h->call_id, 0, DCERPC_NCA_S_PROTO_ERROR, true);
		break;
	}
}

uint32_t rpc_pipe_write(struct rpc_pipe *p, const struct smb3k_config *cfg,
			const uint8_t *data, size_t len)
{
	struct dcerpc_hdr h;
	size_t limit, used = 0;

	if (len > DCERPC_MAX_PDU * 2 || p->out_bytes > RPC_MAX_RESPONSE_STUB * 2)
		return STATUS_INVALID_PARAMETER;
	p->in = xrealloc(p->in, p->in_len + len + 1);
	memcpy(p->in + p->in_len, data, len);
	p->in_len += len;
	while (p->in_len - used >= DCERPC_HDR_SIZE) {
		const uint8_t *pdu = p->in + used;

		limit = p->bound ? p->max_recv : DCERPC_MAX_PDU;
		if (dcerpc_parse_hdr(pdu, p->in_len - used, &h) || h.frag_length > limit) {
			/* Not a PDU we can delimit: answer and drop the rest. */
			call_reset(p);
			queue_fault(p, get_le32(pdu + 12), 0, DCERPC_NCA_S_PROTO_ERROR, true);
			used = p->in_len;
			break;
		}
		if (h.frag_length > p->in_len - used)
			break;
		handle_pdu(p, cfg, pdu, &h);
		used += h.frag_length;
	}
	memmove(p->in, p->in + used, p->in_len - used);
	p->in_len -= used;
	return STATUS_SUCCESS;
}

uint32_t rpc_pipe_read(struct rpc_pipe *p, uint8_t *buf, size_t max, size_t *n)
{
	struct rpc_msg *m = p->out_head;
	size_t left;

	*n = 0;
	if (!m)
		return STATUS_PIPE_EMPTY;
	left = m->len - m->off;
	*n = left < max ? left : max;
	memcpy(buf, m->data + m->off, *n);
	m->off += *n;
	p->out_bytes -= *n;
	if (m->off < m->len)
		return STATUS_BUFFER_OVERFLOW;
	p->out_head = m->next;
	if (!p->out_head)
		p->out_tail = NULL;
	free(m);
	return STATUS_SUCCESS;
}

struct rpc_handle *rpc_handle_new(struct rpc_pipe *p, enum rpc_handle_kind kind)
{
	size_t i;

	for (i = 0; i < RPC_MAX_HANDLES; i++) {
		struct rpc_handle *h = &p->handles[i];

		if (h->kind != RPC_H_NONE)
			continue;
		h->kind = kind;
		/* attributes 0, then a random GUID */
		memset(h->id, 0, 4);
		rpc_random(h->id + 4, 16);
		return h;
	}
	return NULL;
}

struct rpc_handle *rpc_handle_find(struct rpc_pipe *p, const uint8_t *id,
				   enum rpc_handle_kind kind)
{
	size_t i;

	for (i = 0; i < RPC_MAX_HANDLES; i++) {
		struct rpc_handle *h = &p->handles[i];

		if (h->kind != RPC_H_NONE && (kind == RPC_H_NONE || h->kind == kind) &&
		    !memcmp(h->id, id, RPC_HANDLE_SIZE))
			return h;
	}
	return NULL;
}

void rpc_handle_close(struct rpc_handle *h)
{
	memset(h, 0, sizeof(*h));
}

bool rpc_pull_server_name(struct ndr_pull *p)
{
	const uint8_t *s;
	uint32_t ref, n;

	if (!ndr_pull_ptr(p, &ref))
		return false;
	return !ref || ndr_pull_string(p, &s, &n);
}

/* Read past a container's conformant array of elements laid out as @fields. */
static bool skip_enum_array(struct ndr_pull *in, const char *fields)
{
	struct ndr_pull elems;
	uint32_t count, i, v, n;
	const uint8_t *b;
	const char *f;

	if (!ndr_pull_conformant_count(in, NDR_MAX_COUNT, &count))
		return false;
	if (!count)
		return true;
	if (!fields) {
		in->err = true;
		return false;
	}
	elems = *in;
	for (i = 0; i < count; i++)		/* the elements */
		for (f = fields; *f; f++)
			if (*f == 'x' ? !ndr_pull_bytes(in, 256, &b) : !ndr_pull_u32(in, &v))
				return false;
	/* Then what they point to, in order; @elems re-reads checked bytes. */
	for (i = 0; i < count; i++)
		for (f = fields; *f; f++) {
			if (*f == 'x') {
				ndr_pull_bytes(&elems, 256, &b);
				continue;
			}
			ndr_pull_u32(&elems, &v);
			if (!v || *f == 'u')
				continue;
			if (*f == 's' ? !ndr_pull_string(in, &b, &n) :
			    (!ndr_pull_conformant_count(in, NDR_MAX_COUNT, &n) ||
			     !ndr_pull_array_bytes(in, n, 1, 1, &b)))
				return false;
		}
	return true;
}

bool rpc_pull_enum(struct ndr_pull *in, const struct rpc_enum_layout *layouts,
		   uint32_t *level, uint32_t *resume_ref)
{
	uint32_t disc, ref, entries, buf, maxlen, resume;
	const char *fields = NULL;

	if (!ndr_pull_u32(in, level) || !ndr_pull_u32(in, &disc) ||
	    !ndr_pull_ptr(in, &ref) || disc != *level)
		return false;
	for (; layouts && layouts->fields; layouts++)
		if (layouts->level == *level)
			fields = layouts->fields;
	if (ref && (!ndr_pull_u32(in, &entries) || !ndr_pull_ptr(in, &buf) ||
		    (buf && !skip_enum_array(in, fields))))
		return false;
	return ndr_pull_u32(in, &maxlen) && ndr_pull_ptr(in, resume_ref) &&
	       (!*resume_ref || ndr_pull_u32(in, &resume));
}

/*
 * The machine SID is S-1-5-21-a-b-c with a, b, c the first three
 * little-endian 32-bit words of the server GUID (STATE_DIR/server_guid),
 * so it is stable for as long as the server GUID is.
 */
void rpc_machine_sid(const struct smb3k_config *cfg, uint32_t sub[3])
{
	static unsigned char guid[SERVER_GUID_SIZE];
	static bool loaded;
	struct errlist errs = { 0 };
	bool created;
	int i;

	if (!loaded && cfg->state_dir) {
		if (server_guid_load(cfg->state_dir, guid, &created, &errs))
			memset(guid, 0, sizeof(guid));
		errlist_free(&errs);
		loaded = true;
	}
	for (i = 0; i < 3; i++)
		sub[i] = get_le32(guid + 4 * i);
}

uint32_t rpc_close_handle_call(struct rpc_call *c, int kind)
{
	struct rpc_handle *h;
	const uint8_t *id;

	if (!ndr_pull_bytes(&c->in, RPC_HANDLE_SIZE, &id))
		return DCERPC_NCA_S_FAULT_NDR;
	h = rpc_handle_find(c->pipe, id, kind);
	if (!h) {
		ndr_push_bytes(&c->out, id, RPC_HANDLE_SIZE);
		ndr_push_u32(&c->out, STATUS_INVALID_HANDLE);
		return 0;
	}
	rpc_handle_close(h);
	ndr_push_zero(&c->out, RPC_HANDLE_SIZE);
	ndr_push_u32(&c->out, STATUS_SUCCESS);
	return 0;
}
