// SPDX-License-Identifier: GPL-2.0
/*
 * SMB1 SMB_COM_NEGOTIATE: parse and answer with SMB2
 * (MS-SMB2 3.3.5.3) or refuse (MS-CIFS 2.2.4.52.2, DialectIndex 0xFFFF).
 *
 * Pure codec: see proto_shim.h for the rules.
 */
#include "smb1_negotiate.h"
#include "smb2_header.h"

/* SMB1 header offsets (MS-CIFS 2.2.3.1) */
#define SMB1_OFF_PROTOCOL	0
#define SMB1_OFF_COMMAND	4
#define SMB1_OFF_STATUS		5
#define SMB1_OFF_FLAGS		9
#define SMB1_OFF_FLAGS2		10
#define SMB1_OFF_PID_HIGH	12
#define SMB1_OFF_TID		24
#define SMB1_OFF_PID_LOW	26
#define SMB1_OFF_UID		28
#define SMB1_OFF_MID		30
#define SMB1_OFF_WORD_COUNT	32

static const char smb1_dialect_smb2_002[] = "SMB 2.002";
static const char smb1_dialect_smb2_wild[] = "SMB 2.???";

static bool smb1_name_is(const u8 *name, size_t n, const char *lit, size_t lit_len)
{
	return n == lit_len && !memcmp(name, lit, n);
}

/**
 * smb1_negotiate_parse() - validate an SMB1 NEGOTIATE request
 * @msg: the message, starting at the 0xFF 'S' 'M' 'B' protocol id
 * @len: its length (the transport frame)
 * @req: filled on success
 *
 * Checks the protocol id, Command 0x72, WordCount 0, ByteCount inside @len
 * and that the bytes are one or more dialects, each a 0x02 buffer format
 * byte and a NUL-terminated string ending inside ByteCount. Bytes after
 * ByteCount are ignored.
 *
 * Return: STATUS_SUCCESS or STATUS_INVALID_PARAMETER (the caller then
 * disconnects without a response).
 */
u32 smb1_negotiate_parse(const u8 *msg, size_t len, struct smb1_negotiate_req *req)
{
	const u8 *p, *end;
	u16 byte_count;

	memset(req, 0, sizeof(*req));
	if (len < SMB1_HDR_SIZE + 1 + 2)
		return STATUS_INVALID_PARAMETER;
	if (get_le32(msg + SMB1_OFF_PROTOCOL) != SMB1_PROTO_ID)
		return STATUS_INVALID_PARAMETER;
	if (msg[SMB1_OFF_COMMAND] != SMB1_COM_NEGOTIATE)
		return STATUS_INVALID_PARAMETER;
	if (msg[SMB1_OFF_WORD_COUNT] != 0)
		return STATUS_INVALID_PARAMETER;
	byte_count = get_le16(msg + SMB1_OFF_WORD_COUNT + 1);
	if (byte_count > len - (SMB1_HDR_SIZE + 1 + 2))
		return STATUS_INVALID_PARAMETER;

	req->flags = msg[SMB1_OFF_FLAGS];
	req->flags2 = get_le16(msg + SMB1_OFF_FLAGS2);
	req->pid_high = get_le16(msg + SMB1_OFF_PID_HIGH);
	req->tid = get_le16(msg + SMB1_OFF_TID);
	req->pid_low = get_le16(msg + SMB1_OFF_PID_LOW);
	req->uid = get_le16(msg + SMB1_OFF_UID);
	req->mid = get_le16(msg + SMB1_OFF_MID);

	p = msg + SMB1_HDR_SIZE + 1 + 2;
	end = p + byte_count;
	while (p < end) {
		const u8 *name, *nul;

		if (*p != SMB1_DIALECT_BUFFER_FORMAT)
			return STATUS_INVALID_PARAMETER;
		name = p + 1;
		nul = memchr(name, 0, (size_t)(end - name));
		if (!nul)
			return STATUS_INVALID_PARAMETER;
		if (smb1_name_is(name, (size_t)(nul - name), smb1_dialect_smb2_002,
				 sizeof(smb1_dialect_smb2_002) - 1))
			req->smb2_002 = true;
		if (smb1_name_is(name, (size_t)(nul - name), smb1_dialect_smb2_wild,
				 sizeof(smb1_dialect_smb2_wild) - 1))
			req->smb2_wildcard = true;
		req->dialect_count++;	/* <= 32767: each takes >= 2 bytes */
		p = nul + 1;
	}
	if (!req->dialect_count)
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/**
 * smb1_negotiate_decide() - pick the answer to an SMB1 NEGOTIATE (3.3.5.3)
 * @cfg: server configuration (only the dialect bounds matter)
 * @req: parsed request
 *
 * "SMB 2.???" offered and the server goes up to 2.1 or later: wildcard
 * answer. Otherwise "SMB 2.002" offered and 2.0.2 within the bounds: 2.0.2
 * answer. Otherwise refuse.
 *
 * Return: the action.
 */
enum smb1_negotiate_action smb1_negotiate_decide(const struct smb2_negotiate_cfg *cfg,
						 const struct smb1_negotiate_req *req)
{
	if (req->smb2_wildcard && cfg->max_dialect >= SMB2_DIALECT_210 &&
	    cfg->min_dialect <= cfg->max_dialect)
		return SMB1_NEG_SMB2_WILDCARD;
	if (req->smb2_002 && cfg->min_dialect <= SMB2_DIALECT_202 &&
	    cfg->max_dialect >= SMB2_DIALECT_202)
		return SMB1_NEG_SMB2_202;
	return SMB1_NEG_REFUSE;
}

static u32 smb1_build_refusal(const struct smb1_negotiate_req *req, u8 *out, size_t cap,
			      size_t *len)
{
	if (cap < SMB1_NEG_REFUSE_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	memset(out, 0, SMB1_NEG_REFUSE_SIZE);
	put_le32(out + SMB1_OFF_PROTOCOL, SMB1_PROTO_ID);
	out[SMB1_OFF_COMMAND] = SMB1_COM_NEGOTIATE;
	put_le32(out + SMB1_OFF_STATUS, STATUS_SUCCESS);
	out[SMB1_OFF_FLAGS] = req->flags | SMB1_FLAGS_REPLY;
	put_le16(out + SMB1_OFF_FLAGS2, req->flags2);
	put_le16(out + SMB1_OFF_PID_HIGH, req->pid_high);
	put_le16(out + SMB1_OFF_TID, req->tid);
	put_le16(out + SMB1_OFF_PID_LOW, req->pid_low);
	put_le16(out + SMB1_OFF_UID, req->uid);
	put_le16(out + SMB1_OFF_MID, req->mid);
	out[SMB1_OFF_WORD_COUNT] = 1;
	put_le16(out + SMB1_OFF_WORD_COUNT + 1, SMB1_NO_DIALECT_INDEX);
	put_le16(out + SMB1_OFF_WORD_COUNT + 3, 0);	/* ByteCount */
	*len = SMB1_NEG_REFUSE_SIZE;
	return STATUS_SUCCESS;
}

/**
 * smb1_negotiate_build_rsp() - build the whole answer to an SMB1 NEGOTIATE
 * @cfg: server configuration, as for smb2_negotiate_build_rsp()
 * @req: parsed request
 * @out: where the message goes (starting with the protocol id)
 * @cap: bytes available at @out
 * @len: set to the message length on success
 * @action: set to the case that was built (smb1_negotiate_decide())
 * @res: for the SMB2 cases, the negotiate result the response was built
 *	from (dialect 0x02FF or 0x0202, SecurityMode, Capabilities); for the
 *	refusal, zeroed with dialect SMB2_DIALECT_NONE
 *
 * SMB2 cases: a 64-byte SMB2 header (Command NEGOTIATE, MessageId 0,
 * CreditResponse 1, status success, SERVER_TO_REDIR) and a NEGOTIATE
 * response body without negotiate contexts. Capabilities: DFS, LEASING,
 * LARGE_MTU (if in @cfg) for the wildcard; DFS only for 2.0.2.
 *
 * Return: STATUS_SUCCESS, STATUS_BUFFER_TOO_SMALL if @cap is too small (no
 * write beyond @cap), or the error of smb2_negotiate_build_rsp().
 */
u32 smb1_negotiate_build_rsp(const struct smb2_negotiate_cfg *cfg,
			     const struct smb1_negotiate_req *req,
			     u8 *out, size_t cap, size_t *len,
			     enum smb1_negotiate_action *action,
			     struct smb2_negotiate_result *res)
{
	struct smb2_hdr h;
	size_t body_len;
	u32 st;

	memset(res, 0, sizeof(*res));
	res->dialect = SMB2_DIALECT_NONE;
	res->signing_alg = SMB2_SIGNING_NOT_NEGOTIATED;
	*action = smb1_negotiate_decide(cfg, req);
	if (*action == SMB1_NEG_REFUSE)
		return smb1_build_refusal(req, out, cap, len);

	res->dialect = *action == SMB1_NEG_SMB2_WILDCARD ? SMB2_DIALECT_WILDCARD :
							   SMB2_DIALECT_202;
	res->security_mode = smb2_negotiate_security_mode(cfg, res->dialect);
	res->capabilities = smb2_negotiate_server_caps(cfg, res->dialect, 0);

	if (cap < SMB2_HDR_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	st = smb2_negotiate_build_rsp(cfg, res, out + SMB2_HDR_SIZE, cap - SMB2_HDR_SIZE,
				      &body_len);
	if (st != STATUS_SUCCESS)
		return st;

	memset(&h, 0, sizeof(h));
	h.command = SMB2_NEGOTIATE;
	smb2_hdr_build_rsp(out, &h, STATUS_SUCCESS, 1);
	*len = SMB2_HDR_SIZE + body_len;
	return STATUS_SUCCESS;
}
