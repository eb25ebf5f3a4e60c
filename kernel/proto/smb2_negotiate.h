/* SPDX-License-Identifier: GPL-2.0 */
/*
 * SMB2 NEGOTIATE request/response (MS-SMB2 2.2.3, 2.2.4)
 * and the server's dialect/context selection (3.3.5.4).
 *
 * Flow in the handler:
 *	smb2_negotiate_parse(msg, len, &req)		- wire -> validated view
 *	smb2_negotiate_select(&cfg, &req, &res)		- 3.3.5.4 decisions
 *	smb2_negotiate_build_rsp(&cfg, &res, body, cap, &blen) - response body
 * Each returns an NT status; anything but STATUS_SUCCESS goes into an ERROR
 * response (or, for a malformed header, a disconnect).
 */
#ifndef SMB3K_SMB2_NEGOTIATE_H
#define SMB3K_SMB2_NEGOTIATE_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_wire.h"

/**
 * struct smb2_u16_list - validated array of little-endian u16 on the wire
 * @p: first byte of the array, inside the parsed message
 * @count: number of elements; all 2 * @count bytes are inside the message
 *
 * Read elements with smb2_u16_list_get().
 */
struct smb2_u16_list {
	const u8 *p;
	u16 count;
};

/**
 * smb2_u16_list_get() - element @i of a validated u16 list
 * @l: the list
 * @i: index, must be < @l->count
 *
 * Return: the element in host order.
 */
static inline u16 smb2_u16_list_get(const struct smb2_u16_list *l, unsigned int i)
{
	return get_le16(l->p + 2 * (size_t)i);
}

/**
 * struct smb2_negotiate_req - validated view of an SMB2 NEGOTIATE request
 * @security_mode: SecurityMode.
 * @capabilities: Capabilities (Connection.ClientCapabilities).
 * @client_guid: ClientGuid.
 * @dialects: the Dialects array (count >= 1).
 * @has_311: 0x0311 is among @dialects, so the context fields were examined.
 * @ctx_status: result of validating the negotiate context list (only when
 *	@has_311). Reported by smb2_negotiate_select() if, and only if, 3.1.1
 *	is selected (3.3.5.4 processes the list only for 3.1.1).
 * @ctx_offset: NegotiateContextOffset, from the start of the SMB2 header.
 * @ctx_count: NegotiateContextCount.
 * @has_preauth: an SMB2_PREAUTH_INTEGRITY_CAPABILITIES context was found.
 * @preauth_hashes: its HashAlgorithms (count >= 1).
 * @preauth_salt: its Salt (may be NULL when @preauth_salt_len is 0).
 * @preauth_salt_len: SaltLength.
 * @has_encryption: an SMB2_ENCRYPTION_CAPABILITIES context was found.
 * @ciphers: its Ciphers, client preference order (count >= 1).
 * @has_signing: an SMB2_SIGNING_CAPABILITIES context was found.
 * @signing_algs: its SigningAlgorithms, client preference order.
 * @has_compression: an SMB2_COMPRESSION_CAPABILITIES context was found.
 * @compression_flags: its Flags.
 * @compression_algs: its CompressionAlgorithms.
 * @has_rdma_transform: an SMB2_RDMA_TRANSFORM_CAPABILITIES context was found.
 * @rdma_transforms: its RDMATransformIds.
 * @has_transport: an SMB2_TRANSPORT_CAPABILITIES context was found.
 * @transport_flags: its Flags.
 * @netname: NetName of the first SMB2_NETNAME_NEGOTIATE_CONTEXT_ID (UTF-16LE,
 *	not terminated), or NULL.
 * @netname_len: its length in bytes.
 *
 * All pointers point into the message given to smb2_negotiate_parse() and
 * are valid as long as it is.
 */
struct smb2_negotiate_req {
	u16 security_mode;
	u32 capabilities;
	u8 client_guid[16];
	struct smb2_u16_list dialects;
	bool has_311;

	u32 ctx_status;
	u32 ctx_offset;
	u16 ctx_count;
	bool has_preauth;
	struct smb2_u16_list preauth_hashes;
	const u8 *preauth_salt;
	u16 preauth_salt_len;
	bool has_encryption;
	struct smb2_u16_list ciphers;
	bool has_signing;
	struct smb2_u16_list signing_algs;
	bool has_compression;
	u32 compression_flags;
	struct smb2_u16_list compression_algs;
	bool has_rdma_transform;
	struct smb2_u16_list rdma_transforms;
	bool has_transport;
	u32 transport_flags;
	const u8 *netname;
	u16 netname_len;
};

/**
 * struct smb2_negotiate_cfg - what the server offers (set by the handler)
 * @min_dialect: lowest dialect to select (SMB2_DIALECT_*).
 * @max_dialect: highest dialect to select.
 * @signing_required_from: RequireMessageSigning from this dialect on (0:
 *	never): SecurityMode gets SIGNING_REQUIRED when the dialect chosen is
 *	at least this.
 * @server_guid: ServerGuid.
 * @max_transact: MaxTransactSize.
 * @max_read: MaxReadSize.
 * @max_write: MaxWriteSize.
 * @capabilities: the server's global capabilities (SMB2_GLOBAL_CAP_*) as
 *	if every dialect and client allowed them; LARGE_MTU only if the
 *	transport supports multi-credit (TCP 445, RDMA). The codec filters
 *	them per dialect and per client capability (3.3.5.3.1, 3.3.5.4).
 *	SMB2_GLOBAL_CAP_ENCRYPTION is ignored here: encryption support is
 *	expressed by @ciphers.
 * @system_time: SystemTime, FILETIME.
 * @preauth_salt: 32 fresh random bytes for the 3.1.1 preauth context.
 * @ciphers: ciphers the server supports (SMB2_ENCRYPTION_*); NULL/0 means
 *	no encryption (IsEncryptionSupported FALSE).
 * @cipher_count: number of @ciphers.
 * @signing_algs: signing algorithms for SMB2_SIGNING_CAPABILITIES; NULL/0
 *	means the context is not supported (IsSigningCapabilitiesSupported).
 * @signing_alg_count: number of @signing_algs.
 * @security_blob: GSS token for the response Buffer (SPNEGO negTokenInit2),
 *	may be NULL when @security_blob_len is 0.
 * @security_blob_len: its length.
 */
struct smb2_negotiate_cfg {
	u16 min_dialect;
	u16 max_dialect;
	u16 signing_required_from;
	u8 server_guid[16];
	u32 max_transact;
	u32 max_read;
	u32 max_write;
	u32 capabilities;
	u64 system_time;
	u8 preauth_salt[SMB2_PREAUTH_SALT_SIZE];
	const u16 *ciphers;
	u16 cipher_count;
	const u16 *signing_algs;
	u16 signing_alg_count;
	const u8 *security_blob;
	u16 security_blob_len;
};

/**
 * struct smb2_negotiate_result - decisions of smb2_negotiate_select()
 * @dialect: Connection.Dialect / NegotiateDialect (0x02FF for the SMB1
 *	wildcard answer).
 * @security_mode: SecurityMode sent in the response.
 * @capabilities: Capabilities sent in the response (Connection.
 *	ServerCapabilities, except that for 3.1.1 ENCRYPTION is implied by
 *	@cipher != 0: see @encryption).
 * @client_security_mode: Connection.ClientSecurityMode.
 * @client_capabilities: Connection.ClientCapabilities.
 * @client_guid: Connection.ClientGuid.
 * @should_sign: the client requires signing (Connection.ShouldSign).
 * @encryption: the connection may encrypt: 3.0/3.0.2 with
 *	SMB2_GLOBAL_CAP_ENCRYPTION granted (AES-128-CCM), or 3.1.1 with a
 *	nonzero @cipher.
 * @preauth_hash_alg: Connection.PreauthIntegrityHashId (SHA-512), 0 if the
 *	dialect is not 3.1.1.
 * @cipher: Connection.CipherId, 0 = none (for 3.0/3.0.2 see @encryption).
 * @signing_alg: Connection.SigningAlgorithmId from the signing context, or
 *	SMB2_SIGNING_NOT_NEGOTIATED (use the dialect's default).
 * @send_encryption_ctx: the response carries SMB2_ENCRYPTION_CAPABILITIES.
 * @send_signing_ctx: the response carries SMB2_SIGNING_CAPABILITIES.
 */
struct smb2_negotiate_result {
	u16 dialect;
	u16 security_mode;
	u32 capabilities;
	u16 client_security_mode;
	u32 client_capabilities;
	u8 client_guid[16];
	bool should_sign;
	bool encryption;
	u16 preauth_hash_alg;
	u16 cipher;
	u16 signing_alg;
	bool send_encryption_ctx;
	bool send_signing_ctx;
};

u32 smb2_negotiate_parse(const u8 *msg, size_t len, struct smb2_negotiate_req *req);
u32 smb2_negotiate_select(const struct smb2_negotiate_cfg *cfg,
			  const struct smb2_negotiate_req *req,
			  struct smb2_negotiate_result *res);
u32 smb2_negotiate_server_caps(const struct smb2_negotiate_cfg *cfg, u16 dialect,
			       u32 client_caps);
u16 smb2_negotiate_security_mode(const struct smb2_negotiate_cfg *cfg, u16 dialect);
u32 smb2_negotiate_build_rsp(const struct smb2_negotiate_cfg *cfg,
			     const struct smb2_negotiate_result *res,
			     u8 *body, size_t cap, size_t *len);

#endif /* SMB3K_SMB2_NEGOTIATE_H */
