// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 NEGOTIATE request parsing, dialect and context
 * selection (MS-SMB2 3.3.5.4) and response building (2.2.4).
 *
 * Pure codec: see proto_shim.h for the rules.
 */
#include "smb2_negotiate.h"

/* NEGOTIATE request body offsets (2.2.3) */
#define NEG_REQ_OFF_STRUCTURE_SIZE	0
#define NEG_REQ_OFF_DIALECT_COUNT	2
#define NEG_REQ_OFF_SECURITY_MODE	4
#define NEG_REQ_OFF_CAPABILITIES	8
#define NEG_REQ_OFF_CLIENT_GUID		12
#define NEG_REQ_OFF_CTX_OFFSET		28
#define NEG_REQ_OFF_CTX_COUNT		32
#define NEG_REQ_OFF_DIALECTS		36

/* NEGOTIATE response body offsets (2.2.4) */
#define NEG_RSP_OFF_STRUCTURE_SIZE	0
#define NEG_RSP_OFF_SECURITY_MODE	2
#define NEG_RSP_OFF_DIALECT		4
#define NEG_RSP_OFF_CTX_COUNT		6
#define NEG_RSP_OFF_SERVER_GUID		8
#define NEG_RSP_OFF_CAPABILITIES	24
#define NEG_RSP_OFF_MAX_TRANSACT	28
#define NEG_RSP_OFF_MAX_READ		32
#define NEG_RSP_OFF_MAX_WRITE		36
#define NEG_RSP_OFF_SYSTEM_TIME		40
#define NEG_RSP_OFF_START_TIME		48
#define NEG_RSP_OFF_SECBUF_OFFSET	56
#define NEG_RSP_OFF_SECBUF_LENGTH	58
#define NEG_RSP_OFF_CTX_OFFSET		60

/* Data sizes of the contexts the server sends */
#define PREAUTH_RSP_DATA_LEN		(4 + 2 + SMB2_PREAUTH_SALT_SIZE)
#define ONE_ID_RSP_DATA_LEN		4	/* count (1) + one u16 id */

static bool smb2_dialect_known(u16 d)
{
	return d == SMB2_DIALECT_202 || d == SMB2_DIALECT_210 ||
	       d == SMB2_DIALECT_300 || d == SMB2_DIALECT_302 ||
	       d == SMB2_DIALECT_311;
}

/*
 * A context whose Data starts with a u16 count followed, @hdr_len bytes
 * after the start of Data, by count u16 ids. count must be >= 1 and the
 * array must lie inside DataLength.
 */
static u32 ctx_parse_id_list(const u8 *data, u16 dlen, u16 hdr_len,
			     struct smb2_u16_list *list)
{
	u16 count;

	if (dlen < hdr_len)
		return STATUS_INVALID_PARAMETER;
	count = get_le16(data);
	if (!count)
		return STATUS_INVALID_PARAMETER;
	if ((size_t)count * 2 > (size_t)(dlen - hdr_len))
		return STATUS_INVALID_PARAMETER;
	list->p = data + hdr_len;
	list->count = count;
	return STATUS_SUCCESS;
}

static u32 ctx_parse_preauth(const u8 *data, u16 dlen, struct smb2_negotiate_req *req)
{
	u16 count, salt_len;
	size_t need;

	if (req->has_preauth)
		return STATUS_INVALID_PARAMETER;
	if (dlen < 4)
		return STATUS_INVALID_PARAMETER;
	count = get_le16(data);
	salt_len = get_le16(data + 2);
	if (!count)
		return STATUS_INVALID_PARAMETER;
	need = 4 + (size_t)count * 2 + salt_len;
	if (need > dlen)
		return STATUS_INVALID_PARAMETER;
	req->has_preauth = true;
	req->preauth_hashes.p = data + 4;
	req->preauth_hashes.count = count;
	req->preauth_salt = salt_len ? data + 4 + (size_t)count * 2 : NULL;
	req->preauth_salt_len = salt_len;
	return STATUS_SUCCESS;
}

static u32 ctx_parse_one(u16 type, const u8 *data, u16 dlen, struct smb2_negotiate_req *req)
{
	u32 st;

	switch (type) {
	case SMB2_PREAUTH_INTEGRITY_CAPABILITIES:
		return ctx_parse_preauth(data, dlen, req);
	case SMB2_ENCRYPTION_CAPABILITIES:
		if (req->has_encryption)
			return STATUS_INVALID_PARAMETER;
		st = ctx_parse_id_list(data, dlen, 2, &req->ciphers);
		req->has_encryption = st == STATUS_SUCCESS;
		return st;
	case SMB2_SIGNING_CAPABILITIES:
		if (req->has_signing)
			return STATUS_INVALID_PARAMETER;
		st = ctx_parse_id_list(data, dlen, 2, &req->signing_algs);
		req->has_signing = st == STATUS_SUCCESS;
		return st;
	case SMB2_COMPRESSION_CAPABILITIES:
		if (req->has_compression)
			return STATUS_INVALID_PARAMETER;
		st = ctx_parse_id_list(data, dlen, 8, &req->compression_algs);
		if (st == STATUS_SUCCESS) {
			req->has_compression = true;
			req->compression_flags = get_le32(data + 4);
		}
		return st;
	case SMB2_RDMA_TRANSFORM_CAPABILITIES:
		if (req->has_rdma_transform)
			return STATUS_INVALID_PARAMETER;
		st = ctx_parse_id_list(data, dlen, 8, &req->rdma_transforms);
		req->has_rdma_transform = st == STATUS_SUCCESS;
		return st;
	case SMB2_TRANSPORT_CAPABILITIES:
		if (dlen < 4)
			return STATUS_INVALID_PARAMETER;
		if (!req->has_transport) {
			req->has_transport = true;
			req->transport_flags = get_le32(data);
		}
		return STATUS_SUCCESS;
	case SMB2_NETNAME_NEGOTIATE_CONTEXT_ID:
		if (!req->netname && dlen) {
			req->netname = data;
			req->netname_len = dlen;
		}
		return STATUS_SUCCESS;
	default:
		/* Unknown and reserved context types are ignored (3.3.5.4). */
		return STATUS_SUCCESS;
	}
}

/*
 * Walk NegotiateContextList. @msg/@len: the whole message from the SMB2
 * header; @min_off: first byte after the Dialects array (from the header).
 */
static u32 ctx_parse_list(const u8 *msg, size_t len, size_t min_off,
			  struct smb2_negotiate_req *req)
{
	size_t off = req->ctx_offset;
	unsigned int i;
	u32 st;

	if (!req->ctx_count)
		return STATUS_SUCCESS;
	if (off & 7 || off < min_off || off > len)
		return STATUS_INVALID_PARAMETER;

	for (i = 0; i < req->ctx_count; i++) {
		u16 type, dlen;

		if (i) {
			off = proto_align8(off);
			if (off > len)
				return STATUS_INVALID_PARAMETER;
		}
		if (len - off < SMB2_NEG_CTX_HDR_SIZE)
			return STATUS_INVALID_PARAMETER;
		type = get_le16(msg + off);
		dlen = get_le16(msg + off + 2);
		if (dlen > len - off - SMB2_NEG_CTX_HDR_SIZE)
			return STATUS_INVALID_PARAMETER;
		st = ctx_parse_one(type, msg + off + SMB2_NEG_CTX_HDR_SIZE, dlen, req);
		if (st != STATUS_SUCCESS)
			return st;
		off += SMB2_NEG_CTX_HDR_SIZE + (size_t)dlen;
	}
	return STATUS_SUCCESS;
}

/**
 * smb2_negotiate_parse() - validate an SMB2 NEGOTIATE request
 * @msg: the whole message, starting at the SMB2 header (already accepted by
 *	smb2_hdr_parse()); NegotiateContextOffset is measured from here
 * @len: length of this message (smb2_hdr_msg_len())
 * @req: filled with a view into @msg
 *
 * Checks StructureSize 36, DialectCount > 0 and that the Dialects array is
 * inside @len. If 0x0311 is offered, also walks the negotiate context list:
 * offset 8-byte aligned, after the Dialects array and inside @len; each
 * context at the next 8-byte boundary, its DataLength inside @len; known
 * contexts well formed (counts >= 1, arrays inside DataLength); at most one
 * PREAUTH, ENCRYPTION, SIGNING, COMPRESSION and RDMA_TRANSFORM context.
 * The outcome of that walk goes to @req->ctx_status, not to the return
 * value, because 3.3.5.4 looks at the contexts only if 3.1.1 is selected;
 * smb2_negotiate_select() reports it then.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER.
 */
u32 smb2_negotiate_parse(const u8 *msg, size_t len, struct smb2_negotiate_req *req)
{
	const u8 *body;
	size_t blen, dialects_end;
	u16 count;
	unsigned int i;

	memset(req, 0, sizeof(*req));
	if (len < SMB2_HDR_SIZE + SMB2_NEGOTIATE_REQ_FIXED)
		return STATUS_INVALID_PARAMETER;
	body = msg + SMB2_HDR_SIZE;
	blen = len - SMB2_HDR_SIZE;

	if (get_le16(body + NEG_REQ_OFF_STRUCTURE_SIZE) != SMB2_NEGOTIATE_REQ_STRUCTURE_SIZE)
		return STATUS_INVALID_PARAMETER;
	count = get_le16(body + NEG_REQ_OFF_DIALECT_COUNT);
	if (!count)
		return STATUS_INVALID_PARAMETER;
	if ((size_t)count * 2 > blen - NEG_REQ_OFF_DIALECTS)
		return STATUS_INVALID_PARAMETER;

	req->security_mode = get_le16(body + NEG_REQ_OFF_SECURITY_MODE);
	req->capabilities = get_le32(body + NEG_REQ_OFF_CAPABILITIES);
	memcpy(req->client_guid, body + NEG_REQ_OFF_CLIENT_GUID, sizeof(req->client_guid));
	req->dialects.p = body + NEG_REQ_OFF_DIALECTS;
	req->dialects.count = count;

	for (i = 0; i < count; i++) {
		if (smb2_u16_list_get(&req->dialects, i) == SMB2_DIALECT_311)
			req->has_311 = true;
	}
	if (!req->has_311)
		return STATUS_SUCCESS;

	req->ctx_offset = get_le32(body + NEG_REQ_OFF_CTX_OFFSET);
	req->ctx_count = get_le16(body + NEG_REQ_OFF_CTX_COUNT);
	dialects_end = SMB2_HDR_SIZE + NEG_REQ_OFF_DIALECTS + (size_t)count * 2;
	req->ctx_status = ctx_parse_list(msg, len, dialects_end, req);
	return STATUS_SUCCESS;
}

static bool cfg_has_id(const u16 *ids, u16 n, u16 id)
{
	u16 i;

	for (i = 0; i < n; i++) {
		if (ids[i] == id)
			return true;
	}
	return false;
}

/* First id in the client's preference order that the server also has, or -1. */
static int pick_common(const struct smb2_u16_list *client, const u16 *ours, u16 n)
{
	unsigned int i;

	for (i = 0; i < client->count; i++) {
		u16 id = smb2_u16_list_get(client, i);

		if (cfg_has_id(ours, n, id))
			return id;
	}
	return -1;
}

/**
 * smb2_negotiate_server_caps() - Capabilities for a NEGOTIATE response
 * @cfg: server configuration
 * @dialect: the dialect being answered: a real one, or SMB2_DIALECT_WILDCARD
 *	for the answer to an SMB1 negotiate
 * @client_caps: Capabilities of the client's request (0 for SMB1)
 *
 * DFS always if the server has it; LEASING and LARGE_MTU from 2.1 (and the
 * wildcard) up; MULTI_CHANNEL, DIRECTORY_LEASING and PERSISTENT_HANDLES for
 * 3.x if the client asked too; ENCRYPTION for 3.0/3.0.2 only, if the client
 * asked and AES-128-CCM is in @cfg->ciphers; NOTIFICATIONS for 3.1.1 if the
 * client asked (3.3.5.3.1, 3.3.5.3.2, 3.3.5.4).
 *
 * Return: the capability bits.
 */
u32 smb2_negotiate_server_caps(const struct smb2_negotiate_cfg *cfg, u16 dialect,
			       u32 client_caps)
{
	u32 srv = cfg->capabilities;
	u32 caps = srv & SMB2_GLOBAL_CAP_DFS;
	const u32 asked = SMB2_GLOBAL_CAP_MULTI_CHANNEL | SMB2_GLOBAL_CAP_DIRECTORY_LEASING |
			  SMB2_GLOBAL_CAP_PERSISTENT_HANDLES;

	if (dialect == SMB2_DIALECT_202)
		return caps;
	caps |= srv & (SMB2_GLOBAL_CAP_LEASING | SMB2_GLOBAL_CAP_LARGE_MTU);
	if (dialect < SMB2_DIALECT_300)
		return caps;	/* 2.1 and the 0x02FF wildcard */

	caps |= srv & client_caps & asked;
	if ((dialect == SMB2_DIALECT_300 || dialect == SMB2_DIALECT_302) &&
	    client_caps & SMB2_GLOBAL_CAP_ENCRYPTION &&
	    cfg_has_id(cfg->ciphers, cfg->cipher_count, SMB2_ENCRYPTION_AES128_CCM))
		caps |= SMB2_GLOBAL_CAP_ENCRYPTION;
	if (dialect == SMB2_DIALECT_311)
		caps |= srv & client_caps & SMB2_GLOBAL_CAP_NOTIFICATIONS;
	return caps;
}

/**
 * smb2_negotiate_security_mode() - SecurityMode for a NEGOTIATE response
 * @cfg: server configuration
 * @dialect: the dialect chosen (SMB2_DIALECT_WILDCARD for 0x02FF)
 *
 * Return: SIGNING_ENABLED, plus SIGNING_REQUIRED when signing is required
 * from a dialect at or below @dialect.
 */
u16 smb2_negotiate_security_mode(const struct smb2_negotiate_cfg *cfg, u16 dialect)
{
	u16 mode = SMB2_NEGOTIATE_SIGNING_ENABLED;

	if (cfg->signing_required_from && dialect >= cfg->signing_required_from)
		mode |= SMB2_NEGOTIATE_SIGNING_REQUIRED;
	return mode;
}

static u32 select_311(const struct smb2_negotiate_cfg *cfg,
		      const struct smb2_negotiate_req *req,
		      struct smb2_negotiate_result *res)
{
	unsigned int i;
	int id;

	if (req->ctx_status != STATUS_SUCCESS)
		return req->ctx_status;
	if (!req->has_preauth)
		return STATUS_INVALID_PARAMETER;
	for (i = 0; i < req->preauth_hashes.count; i++) {
		if (smb2_u16_list_get(&req->preauth_hashes, i) == SMB2_PREAUTH_INTEGRITY_SHA512)
			res->preauth_hash_alg = SMB2_PREAUTH_INTEGRITY_SHA512;
	}
	if (!res->preauth_hash_alg)
		return STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP;

	/*
	 * "one of the ciphers in the client's Ciphers array in an
	 * implementation-specific manner": the client's most preferred one
	 * that we support; 0 (and still a response context) if none.
	 */
	if (req->has_encryption && cfg->cipher_count) {
		id = pick_common(&req->ciphers, cfg->ciphers, cfg->cipher_count);
		res->cipher = id < 0 ? 0 : (u16)id;
		res->send_encryption_ctx = true;
	}

	/* Common algorithm in client order; AES-CMAC if there is none. */
	if (req->has_signing && cfg->signing_alg_count) {
		id = pick_common(&req->signing_algs, cfg->signing_algs, cfg->signing_alg_count);
		res->signing_alg = id < 0 ? SMB2_SIGNING_AES_CMAC : (u16)id;
		res->send_signing_ctx = true;
	}

	/* Compression, RDMA transforms and transport security: unsupported, ignored. */
	return STATUS_SUCCESS;
}

/**
 * smb2_negotiate_select() - choose dialect and connection parameters
 * @cfg: server configuration
 * @req: request accepted by smb2_negotiate_parse()
 * @res: filled with the decisions (partially filled on failure)
 *
 * Dialect: the greatest of 2.0.2, 2.1, 3.0, 3.0.2 and 3.1.1 offered by the
 * client within [@cfg->min_dialect, @cfg->max_dialect]. For 3.1.1 (3.3.5.4):
 * the context list must have been valid and hold exactly one PREAUTH context
 * listing SHA-512; cipher = the client's most preferred cipher that is in
 * @cfg->ciphers (0 if none; no choice at all if @cfg has no ciphers or the
 * client sent no encryption context); signing algorithm likewise from
 * @cfg->signing_algs, AES-CMAC when nothing is common.
 *
 * Return: STATUS_SUCCESS; STATUS_NOT_SUPPORTED if no common dialect;
 * STATUS_INVALID_PARAMETER for a bad or incomplete 3.1.1 context list;
 * STATUS_SMB_NO_PREAUTH_INTEGRITY_HASH_OVERLAP without SHA-512.
 */
u32 smb2_negotiate_select(const struct smb2_negotiate_cfg *cfg,
			  const struct smb2_negotiate_req *req,
			  struct smb2_negotiate_result *res)
{
	unsigned int i;
	u16 best = 0;
	u32 st;

	memset(res, 0, sizeof(*res));
	res->signing_alg = SMB2_SIGNING_NOT_NEGOTIATED;
	res->client_security_mode = req->security_mode;
	res->client_capabilities = req->capabilities;
	memcpy(res->client_guid, req->client_guid, sizeof(res->client_guid));
	res->should_sign = req->security_mode & SMB2_NEGOTIATE_SIGNING_REQUIRED;

	for (i = 0; i < req->dialects.count; i++) {
		u16 d = smb2_u16_list_get(&req->dialects, i);

		if (smb2_dialect_known(d) && d >= cfg->min_dialect &&
		    d <= cfg->max_dialect && d > best)
			best = d;
	}
	if (!best)
		return STATUS_NOT_SUPPORTED;
	res->dialect = best;

	if (best == SMB2_DIALECT_311) {
		st = select_311(cfg, req, res);
		if (st != STATUS_SUCCESS)
			return st;
	}

	res->security_mode = smb2_negotiate_security_mode(cfg, best);
	res->capabilities = smb2_negotiate_server_caps(cfg, best, req->capabilities);
	if (best == SMB2_DIALECT_311)
		res->encryption = res->cipher != 0;
	else
		res->encryption = res->capabilities & SMB2_GLOBAL_CAP_ENCRYPTION;
	return STATUS_SUCCESS;
}

/* Write one context header + Data holding "count = 1, id". Returns bytes. */
static size_t put_one_id_ctx(u8 *p, u16 type, u16 id)
{
	put_le16(p, type);
	put_le16(p + 2, ONE_ID_RSP_DATA_LEN);
	put_le32(p + 4, 0);
	put_le16(p + 8, 1);
	put_le16(p + 10, id);
	return SMB2_NEG_CTX_HDR_SIZE + ONE_ID_RSP_DATA_LEN;
}

/**
 * smb2_negotiate_build_rsp() - write an SMB2 NEGOTIATE response body
 * @cfg: server configuration (GUID, sizes, time, salt, security blob)
 * @res: decisions from smb2_negotiate_select() (or the SMB1 path)
 * @body: where the body goes: right after the 64-byte SMB2 header, whose
 *	start all offsets in the body are measured from
 * @cap: bytes available at @body
 * @len: set to the body length on success
 *
 * Layout: 64 fixed bytes, the security blob at offset 128 from the header
 * start, then for 3.1.1 the negotiate context list at the next 8-byte
 * boundary: PREAUTH_INTEGRITY (SHA-512 + the 32-byte salt), ENCRYPTION if
 * @res->send_encryption_ctx (possibly cipher 0), SIGNING if
 * @res->send_signing_ctx, each starting 8-byte aligned. Padding is zeroed.
 *
 * Return: STATUS_SUCCESS; STATUS_BUFFER_TOO_SMALL when the body does not
 * fit in @cap, STATUS_INVALID_PARAMETER if @cfg has a blob length but no
 * blob (then nothing is written).
 */
u32 smb2_negotiate_build_rsp(const struct smb2_negotiate_cfg *cfg,
			     const struct smb2_negotiate_result *res,
			     u8 *body, size_t cap, size_t *len)
{
	size_t blob_len = cfg->security_blob_len;
	size_t total = SMB2_NEGOTIATE_RSP_FIXED + blob_len;
	size_t ctx_start = 0, off;
	u16 ctx_count = 0;

	if (blob_len && !cfg->security_blob)
		return STATUS_INVALID_PARAMETER;

	/* The header is 64 bytes, so body offsets have the same alignment. */
	if (res->dialect == SMB2_DIALECT_311) {
		ctx_start = proto_align8(total);
		total = ctx_start + SMB2_NEG_CTX_HDR_SIZE + PREAUTH_RSP_DATA_LEN;
		ctx_count = 1;
		if (res->send_encryption_ctx) {
			total = proto_align8(total) + SMB2_NEG_CTX_HDR_SIZE + ONE_ID_RSP_DATA_LEN;
			ctx_count++;
		}
		if (res->send_signing_ctx) {
			total = proto_align8(total) + SMB2_NEG_CTX_HDR_SIZE + ONE_ID_RSP_DATA_LEN;
			ctx_count++;
		}
	}
	if (total > cap)
		return STATUS_BUFFER_TOO_SMALL;

	memset(body, 0, total);
	put_le16(body + NEG_RSP_OFF_STRUCTURE_SIZE, SMB2_NEGOTIATE_RSP_STRUCTURE_SIZE);
	put_le16(body + NEG_RSP_OFF_SECURITY_MODE, res->security_mode);
	put_le16(body + NEG_RSP_OFF_DIALECT, res->dialect);
	put_le16(body + NEG_RSP_OFF_CTX_COUNT, ctx_count);
	memcpy(body + NEG_RSP_OFF_SERVER_GUID, cfg->server_guid, sizeof(cfg->server_guid));
	put_le32(body + NEG_RSP_OFF_CAPABILITIES, res->capabilities);
	put_le32(body + NEG_RSP_OFF_MAX_TRANSACT, cfg->max_transact);
	put_le32(body + NEG_RSP_OFF_MAX_READ, cfg->max_read);
	put_le32(body + NEG_RSP_OFF_MAX_WRITE, cfg->max_write);
	put_le64(body + NEG_RSP_OFF_SYSTEM_TIME, cfg->system_time);
	put_le64(body + NEG_RSP_OFF_START_TIME, 0);
	put_le16(body + NEG_RSP_OFF_SECBUF_OFFSET, SMB2_NEGOTIATE_RSP_SECBUF_OFFSET);
	put_le16(body + NEG_RSP_OFF_SECBUF_LENGTH, (u16)blob_len);
	put_le32(body + NEG_RSP_OFF_CTX_OFFSET,
		 ctx_count ? (u32)(SMB2_HDR_SIZE + ctx_start) : 0);
	if (blob_len)
		memcpy(body + SMB2_NEGOTIATE_RSP_FIXED, cfg->security_blob, blob_len);

	if (ctx_count) {
		off = ctx_start;
		put_le16(body + off, SMB2_PREAUTH_INTEGRITY_CAPABILITIES);
		put_le16(body + off + 2, PREAUTH_RSP_DATA_LEN);
		put_le16(body + off + 8, 1);
		put_le16(body + off + 10, SMB2_PREAUTH_SALT_SIZE);
		put_le16(body + off + 12, res->preauth_hash_alg);
		memcpy(body + off + 14, cfg->preauth_salt, SMB2_PREAUTH_SALT_SIZE);
		off += SMB2_NEG_CTX_HDR_SIZE + PREAUTH_RSP_DATA_LEN;
		if (res->send_encryption_ctx) {
			off = proto_align8(off);
			off += put_one_id_ctx(body + off, SMB2_ENCRYPTION_CAPABILITIES,
					      res->cipher);
		}
		if (res->send_signing_ctx) {
			off = proto_align8(off);
			off += put_one_id_ctx(body + off, SMB2_SIGNING_CAPABILITIES,
					      res->signing_alg);
		}
	}
	*len = total;
	return STATUS_SUCCESS;
}
