/* SPDX-License-Identifier: GPL-2.0 */
/*
 * DCE/RPC over named pipes (MS-RPCE 2.1.1.2, MS-SMB2 named pipes): one
 * struct rpc_pipe per open of \PIPE\<name> on IPC$. Bytes the client
 * writes are cut into PDUs (kernel/proto/dcerpc.c); bind/alter_context
 * and requests are answered; response PDUs are queued as messages
 * (message-mode pipe: a read returns at most one message, with
 * STATUS_BUFFER_OVERFLOW when the caller's buffer is smaller than what
 * remains of it).
 *
 * No RPC-level authentication: a bind with an auth verifier gets a
 * bind_nak (authentication_type_not_recognized), a request with one a
 * fault nca_s_proto_error.
 */
#ifndef SMB3K_RPC_SERVER_H
#define SMB3K_RPC_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "dcerpc.h"
#include "ndr.h"

#define STATUS_PIPE_BUSY		0xC00000AEU
#define STATUS_PIPE_EMPTY		0xC00000D9U
#define STATUS_PIPE_BROKEN		0xC000014BU
#define STATUS_NONE_MAPPED		0xC0000073U
#define STATUS_SOME_NOT_MAPPED		0x00000107U
#define STATUS_NO_SUCH_DOMAIN		0xC00000DFU
#define STATUS_INVALID_LEVEL_RPC	0xC0000148U	/* STATUS_INVALID_LEVEL */
#define STATUS_NO_MORE_ENTRIES		0x8000001AU

#define WERR_OK				0x00000000U
#define WERR_INVALID_LEVEL		0x0000007CU
#define WERR_NET_NAME_NOT_FOUND		0x00000906U

/* Our fragment size limit (both directions), as Windows uses. */
#define RPC_MAX_FRAG			4280
/* Smallest max_xmit/max_recv_frag a client may propose (C706 12.6.3.1). */
#define RPC_MIN_FRAG			1432
/* A reassembled request's stub data, a response's stub data. */
#define RPC_MAX_REQUEST_STUB		(256 * 1024)
#define RPC_MAX_RESPONSE_STUB		(4 * 1024 * 1024)
#define RPC_MAX_CONTEXTS		16
#define RPC_MAX_HANDLES			64
#define RPC_HANDLE_SIZE			20

struct rpc_call;

/* One interface served on a pipe. */
struct rpc_iface {
	const char *pipe;		/* lower case, without \PIPE\ */
	struct dcerpc_syntax syntax;
	/* Returns 0, or a fault status (DCERPC_NCA_S_*). */
	uint32_t (*dispatch)(struct rpc_call *c);
};

enum rpc_handle_kind {
	RPC_H_NONE,
	RPC_H_LSA_POLICY,
	RPC_H_SAMR_SERVER,
	RPC_H_SAMR_DOMAIN,
};

struct rpc_handle {
	enum rpc_handle_kind kind;
	uint8_t id[RPC_HANDLE_SIZE];
};

struct rpc_msg {
	struct rpc_msg *next;
	size_t len, off;
	uint8_t data[];
};

struct rpc_pipe {
	uint64_t id;
	uint64_t session_id;
	char *user;
	const struct rpc_iface *iface;

	bool bound;
	uint16_t max_xmit, max_recv;	/* server transmit / receive sizes */
	uint32_t assoc_group;
	uint16_t ctx_ids[RPC_MAX_CONTEXTS];
	size_t n_ctx;

	uint8_t *in;			/* bytes of an incomplete PDU */
	size_t in_len;

	bool in_call;			/* a fragmented request is arriving */
	uint32_t call_id;
	uint16_t call_ctx, call_opnum;
	uint8_t *stub;
	size_t stub_len;

	struct rpc_msg *out_head, *out_tail;
	size_t out_bytes;

	struct rpc_handle handles[RPC_MAX_HANDLES];
};

/* One call being answered: the handler pulls from in, pushes to out. */
struct rpc_call {
	const struct smb3k_config *cfg;
	struct rpc_pipe *pipe;
	uint16_t opnum;
	struct ndr_pull in;
	struct ndr_push out;
};

extern const struct rpc_iface rpc_srvsvc_iface;
extern const struct rpc_iface rpc_wkssvc_iface;
extern const struct rpc_iface rpc_lsarpc_iface;
extern const struct rpc_iface rpc_samr_iface;

/* The interface for a pipe name ("srvsvc", "\PIPE\lsarpc"...), or NULL. */
const struct rpc_iface *rpc_find_iface(const char *pipe_name);

/* A new pipe (id 0: the caller sets it) / free it and all it holds. */
struct rpc_pipe *rpc_pipe_new(const struct rpc_iface *iface, uint64_t session_id,
			      const char *user);
void rpc_pipe_free(struct rpc_pipe *p);

/*
 * Client bytes: process every complete PDU, queue the answers. Returns an
 * NT status for the write itself (STATUS_SUCCESS even if a fault was
 * queued; STATUS_INVALID_PARAMETER when the pipe's buffers are full).
 */
uint32_t rpc_pipe_write(struct rpc_pipe *p, const struct smb3k_config *cfg,
			const uint8_t *data, size_t len);
/*
 * Up to max bytes of the first queued message into buf: STATUS_SUCCESS
 * (message done), STATUS_BUFFER_OVERFLOW (more of it remains) or
 * STATUS_PIPE_EMPTY (nothing queued; *n = 0).
 */
uint32_t rpc_pipe_read(struct rpc_pipe *p, uint8_t *buf, size_t max, size_t *n);

/* Policy handles of a pipe: a new one (NULL when full), lookup, close. */
struct rpc_handle *rpc_handle_new(struct rpc_pipe *p, enum rpc_handle_kind kind);
struct rpc_handle *rpc_handle_find(struct rpc_pipe *p, const uint8_t *id,
				   enum rpc_handle_kind kind);
void rpc_handle_close(struct rpc_handle *h);
/*
 * The body of every Close call (LsarClose, SamrCloseHandle): pull the
 * handle, close it if it is one of @kind, answer the zeroed handle and a
 * status. Returns 0 or a fault code.
 */
uint32_t rpc_close_handle_call(struct rpc_call *c, int kind);

/* Random bytes (getrandom, urandom fallback); aborts if none. */
void rpc_random(void *buf, size_t len);

/* Handler helpers. */
bool rpc_pull_server_name(struct ndr_pull *p);

/*
 * One level of an enumeration's container array (MS-SRVS, MS-WKST): its
 * level number and its element's members in order, one letter each:
 * 'u' a 32-bit scalar, 's' a unique pointer to a [string] wchar_t, 'b' a
 * unique pointer to a conformant byte array, 'x' 256 bytes in line. A
 * table ends with fields NULL.
 */
struct rpc_enum_layout {
	uint32_t level;
	const char *fields;
};

/*
 * The XXX_ENUM_STRUCT and what follows it in every enumeration: Level,
 * the union's discriminant, the container pointer, EntriesRead and the
 * Buffer pointer (clients send an empty container, but any array they
 * send of a level in @layouts is read past), PreferedMaximumLength and
 * the unique ResumeHandle. False on bad NDR or an array of a level not
 * in @layouts.
 */
bool rpc_pull_enum(struct ndr_pull *in, const struct rpc_enum_layout *layouts,
		   uint32_t *level, uint32_t *resume_ref);
/* The machine SID's three sub-authorities (S-1-5-21-a-b-c). */
void rpc_machine_sid(const struct smb3k_config *cfg, uint32_t sub[3]);
/* An RPC_SID (conformance first) S-1-<authority>-<sub...>. */
void rpc_push_sid(struct ndr_push *w, uint8_t authority, const uint32_t *sub, uint8_t n);
/* An RPC_UNICODE_STRING with its buffer, as UTF-8 in out; false if bad. */
bool rpc_pull_ustr(struct ndr_pull *p, char *out, size_t cap);

#endif
