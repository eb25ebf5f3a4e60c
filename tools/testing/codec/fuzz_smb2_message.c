// SPDX-License-Identifier: GPL-2.0
/*
 * libFuzzer target: one whole message as the server receives it (what
 * follows the 4-byte transport header), taken apart the way the dispatcher
 * and the request handlers do: SMB1 NEGOTIATE, TRANSFORM_HEADER, or a chain
 * of SMB2 commands (smb2_rsp_size_hint(), then each header and its body),
 * and below each body what its handler decodes: negotiate contexts, the
 * SESSION_SETUP token (SPNEGO, NTLMSSP), the TREE_CONNECT share, the CREATE
 * name and contexts (EA list, security descriptor), lock elements, FSCTL
 * inputs, the QUERY_DIRECTORY pattern, the QUERY_INFO input (EA names), the
 * SET_INFO buffer by class (basic, rename/link, disposition, sizes, mode,
 * EA list, security descriptor) and OPLOCK_BREAK acknowledgments.
 * Seeds: client messages cut out of captured traffic (extract_corpus.py).
 */
#include <stdlib.h>
#include "dcerpc.h"
#include "ntlmssp.h"
#include "security_desc.h"
#include "smb1_negotiate.h"
#include "smb2_create_ctx.h"
#include "smb2_ea.h"
#include "smb2_file.h"
#include "smb2_header.h"
#include "smb2_info.h"
#include "smb2_lock.h"
#include "smb2_name.h"
#include "smb2_negotiate.h"
#include "smb2_notify.h"
#include "smb2_oplock.h"
#include "smb2_query_dir.h"
#include "smb2_session.h"
#include "smb2_transform.h"
#include "spnego.h"
#include "wildcard.h"

static const u16 ciphers[] = { SMB2_ENCRYPTION_AES128_GCM, SMB2_ENCRYPTION_AES128_CCM };
static const u16 signing[] = { SMB2_SIGNING_AES_CMAC, SMB2_SIGNING_HMAC_SHA256 };

static void inside(const u8 *base, size_t size, const u8 *p, size_t n)
{
	if (!n)
		return;
	if (!p || p < base || p > base + size || n > (size_t)(base + size - p))
		abort();
}

static void neg_cfg(struct smb2_negotiate_cfg *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->min_dialect = SMB2_DIALECT_202;
	cfg->max_dialect = SMB2_DIALECT_311;
	cfg->max_transact = 1 << 20;
	cfg->max_read = 1 << 20;
	cfg->max_write = 1 << 20;
	cfg->capabilities = SMB2_GLOBAL_CAP_LEASING | SMB2_GLOBAL_CAP_LARGE_MTU |
			    SMB2_GLOBAL_CAP_ENCRYPTION;
	cfg->ciphers = ciphers;
	cfg->cipher_count = 2;
	cfg->signing_algs = signing;
	cfg->signing_alg_count = 2;
}

static void security_descriptor(const u8 *buf, u32 len)
{
	struct smb2_sd_view sd;

	if (smb2_sd_parse(buf, len, &sd) != STATUS_SUCCESS)
		return;
	inside(buf, len, sd.owner, sd.owner_len);
	inside(buf, len, sd.group, sd.group_len);
	inside(buf, len, sd.dacl, sd.dacl_len);
	inside(buf, len, sd.sacl, sd.sacl_len);
}

static void ea_list(const u8 *buf, u32 len)
{
	struct smb2_ea ea;
	u32 count, pos = 0, n = 0;

	if (smb2_ea_list_validate(buf, len, &count) != STATUS_SUCCESS)
		return;
	while (smb2_ea_next(buf, len, &pos, &ea) == STATUS_SUCCESS) {
		inside(buf, len, (const u8 *)ea.name, ea.name_len + 1);
		inside(buf, len, ea.value, ea.value_len);
		n++;
	}
	if (n != count)
		abort();
}

static void ntlmssp(const u8 *tok, size_t len)
{
	struct ntlmssp_authenticate a;
	struct ntlmssp_negotiate n;
	struct ntlmssp_v2_response v2;
	const u8 *val;
	u16 val_len;

	if (!ntlmssp_is_token(tok, len))
		return;
	ntlmssp_parse_negotiate(tok, len, &n);
	if (ntlmssp_parse_authenticate(tok, len, &a) != STATUS_SUCCESS)
		return;
	inside(tok, len, a.nt.data, a.nt.len);
	inside(tok, len, a.user.data, a.user.len);
	inside(tok, len, a.domain.data, a.domain.len);
	inside(tok, len, a.session_key.data, a.session_key.len);
	if (ntlmssp_parse_v2_response(a.nt.data, a.nt.len, &v2) == STATUS_SUCCESS &&
	    ntlmssp_av_find(v2.av_pairs, v2.av_len, MSV_AV_FLAGS, &val, &val_len) ==
	    STATUS_SUCCESS)
		inside(v2.av_pairs, v2.av_len, val, val_len);
}

static void session_setup(const u8 *cmd, size_t len)
{
	struct smb2_session_setup_req r;
	struct spnego_neg_token_init init;
	struct spnego_neg_token_resp resp;

	if (smb2_session_setup_parse(cmd, len, &r) != STATUS_SUCCESS)
		return;
	inside(cmd, len, r.blob, r.blob_len);
	ntlmssp(r.blob, r.blob_len);
	if (spnego_parse_neg_token_init(r.blob, r.blob_len, &init) == STATUS_SUCCESS) {
		inside(r.blob, r.blob_len, init.mech_types, init.mech_types_len);
		inside(r.blob, r.blob_len, init.mech_token, init.mech_token_len);
		ntlmssp(init.mech_token, init.mech_token_len);
	}
	if (spnego_parse_neg_token_resp(r.blob, r.blob_len, &resp) == STATUS_SUCCESS) {
		inside(r.blob, r.blob_len, resp.response_token, resp.response_token_len);
		inside(r.blob, r.blob_len, resp.mic, resp.mic_len);
		ntlmssp(resp.response_token, resp.response_token_len);
	}
}

static void create(const u8 *cmd, size_t len)
{
	struct smb2_create_ctx_set set;
	struct smb2_name_parts parts;
	struct smb2_create_req r;

	if (smb2_create_parse(cmd, len, &r) != STATUS_SUCCESS)
		return;
	inside(cmd, len, r.name, r.name_len);
	inside(cmd, len, r.contexts, r.contexts_len);
	if (smb2_name_check(r.name, r.name_len, SMB2_NAME_STREAMS, &parts) == STATUS_SUCCESS &&
	    (2 * ((size_t)parts.path_off + parts.path_units) > r.name_len ||
	     2 * ((size_t)parts.stream_off + parts.stream_units) > r.name_len))
		abort();
	if (smb2_create_ctx_parse(r.contexts, r.contexts_len, &set) != STATUS_SUCCESS)
		return;
	inside(r.contexts, r.contexts_len, set.ea, set.ea_len);
	inside(r.contexts, r.contexts_len, set.sd, set.sd_len);
	if (set.ea)
		ea_list(set.ea, set.ea_len);
	if (set.sd)
		security_descriptor(set.sd, set.sd_len);
}

static void ioctl(const u8 *cmd, size_t len)
{
	struct smb2_validate_neg v;
	struct smb2_ioctl_req r;
	struct dcerpc_hdr h;
	u8 out[SMB2_VALIDATE_NEG_RSP_SIZE], body[128];
	size_t n;

	if (smb2_ioctl_parse(cmd, len, &r) != STATUS_SUCCESS)
		return;
	inside(cmd, len, r.input, r.input_count);
	switch (r.ctl_code) {
	case FSCTL_VALIDATE_NEGOTIATE_INFO:
		if (smb2_validate_neg_parse(r.input, r.input_count, &v) != STATUS_SUCCESS)
			break;
		inside(r.input, r.input_count, v.guid, 16);
		inside(r.input, r.input_count, v.dialects, 2 * (size_t)v.dialect_count);
		smb2_validate_neg_build_rsp(v.capabilities, v.guid, v.security_mode,
					    v.dialect_count ? get_le16(v.dialects) : 0, out);
		if (smb2_ioctl_build_rsp(r.ctl_code, &r.fileid, out, sizeof(out), body,
					 sizeof(body), &n) == STATUS_SUCCESS && n > sizeof(body))
			abort();
		break;
	case FSCTL_PIPE_TRANSCEIVE:
		/* passed to the daemon as is: fuzz_rpc_pipe goes further */
		dcerpc_parse_hdr(r.input, r.input_count, &h);
		break;
	}
}

static void set_info(const u8 *cmd, size_t len)
{
	struct smb2_rename_info ri;
	struct smb2_basic_info bi;
	struct smb2_name_parts parts;
	struct smb2_set_info_req r;
	u32 flags, mode;
	u64 v;

	if (smb2_set_info_parse(cmd, len, &r) != STATUS_SUCCESS)
		return;
	inside(cmd, len, r.buf, r.buf_len);
	if (r.info_type == SMB2_0_INFO_SECURITY) {
		security_descriptor(r.buf, r.buf_len);
		return;
	}
	if (r.info_type != SMB2_0_INFO_FILE)
		return;
	switch (r.info_class) {
	case FileBasicInformation:
		smb2_decode_basic_info(r.buf, r.buf_len, &bi);
		break;
	case FileRenameInformation:
	case FileRenameInformationEx:
	case FileLinkInformation:
		if (smb2_decode_rename_info(r.info_class, r.buf, r.buf_len, &ri) !=
		    STATUS_SUCCESS)
			break;
		inside(r.buf, r.buf_len, ri.name, ri.name_len);
		/* a stream rename (":name") or a path with an optional leading '\' */
		smb2_name_check(ri.name, ri.name_len, SMB2_NAME_STREAMS, &parts);
		smb2_name_check(ri.name, ri.name_len, SMB2_NAME_LEADING_SEP, &parts);
		break;
	case FileDispositionInformation:
	case FileDispositionInformationEx:
		smb2_decode_disposition_info(r.info_class, r.buf, r.buf_len, &flags);
		break;
	case FileModeInformation:
		smb2_decode_mode_info(r.buf, r.buf_len, &mode);
		break;
	case FileFullEaInformation:
		ea_list(r.buf, r.buf_len);
		break;
	default:
		smb2_decode_u64_info(r.info_class, r.buf, r.buf_len, &v);
		break;
	}
}

static void query_info(const u8 *cmd, size_t len)
{
	struct smb2_query_info_req r;
	const char *name;
	u32 count, pos = 0;
	u8 nl;

	if (smb2_query_info_parse(cmd, len, &r) != STATUS_SUCCESS)
		return;
	inside(cmd, len, r.input, r.input_len);
	if (r.info_type != SMB2_0_INFO_FILE || r.info_class != FileFullEaInformation ||
	    smb2_ea_get_list_validate(r.input, r.input_len, &count) != STATUS_SUCCESS)
		return;
	while (smb2_ea_get_next(r.input, r.input_len, &pos, &name, &nl) == STATUS_SUCCESS)
		inside(r.input, r.input_len, (const u8 *)name, nl + 1);
}

static void command(const u8 *cmd, size_t len, const struct smb2_hdr *h)
{
	struct smb2_negotiate_cfg cfg;
	struct smb2_negotiate_req neg;
	struct smb2_negotiate_result res;
	struct smb2_tree_connect_req tc;
	struct smb2_change_notify_req cn;
	struct smb2_query_dir_req qd;
	struct smb2_break_ack ack;
	struct smb2_lock_req lk;
	struct smb2_lock_elem e;
	struct smb2_fileid fid;
	struct smb2_rw_req rw;
	u16 flags, i;

	smb2_request_payload(cmd, len, h->command);
	switch (h->command) {
	case SMB2_NEGOTIATE:
		if (smb2_negotiate_parse(cmd, len, &neg) != STATUS_SUCCESS)
			break;
		neg_cfg(&cfg);
		smb2_negotiate_select(&cfg, &neg, &res);
		break;
	case SMB2_SESSION_SETUP:
		session_setup(cmd, len);
		break;
	case SMB2_TREE_CONNECT:
		if (smb2_tree_connect_parse(cmd, len, &tc) != STATUS_SUCCESS)
			break;
		inside(cmd, len, tc.path, tc.path_len);
		if (smb2_tree_share_name(tc.path, tc.path_len) > tc.path_len)
			abort();
		break;
	case SMB2_LOGOFF:
	case SMB2_TREE_DISCONNECT:
	case SMB2_ECHO:
	case SMB2_CANCEL:
		smb2_simple_req_parse(cmd, len);
		break;
	case SMB2_CREATE:
		create(cmd, len);
		break;
	case SMB2_CLOSE:
		smb2_close_parse(cmd, len, &flags, &fid);
		break;
	case SMB2_FLUSH:
		smb2_flush_parse(cmd, len, &fid);
		break;
	case SMB2_READ:
		smb2_read_parse(cmd, len, &rw);
		break;
	case SMB2_WRITE:
		if (smb2_write_parse(cmd, len, &rw) == STATUS_SUCCESS)
			inside(cmd, len, rw.data, rw.length);
		break;
	case SMB2_LOCK:
		if (smb2_lock_parse(cmd, len, &lk) != STATUS_SUCCESS)
			break;
		smb2_lock_check_flags(&lk);
		for (i = 0; i < lk.count; i++) {
			smb2_lock_elem_get(&lk, i, &e);
			smb2_lock_elem_check(&lk, i, &e);
		}
		break;
	case SMB2_IOCTL:
		ioctl(cmd, len);
		break;
	case SMB2_QUERY_DIRECTORY:
		if (smb2_query_dir_parse(cmd, len, &qd) != STATUS_SUCCESS)
			break;
		inside(cmd, len, qd.pattern, qd.pattern_len);
		smb2_dir_class_valid(qd.info_class);
		if (qd.pattern_len)
			smb2_wildcard_expr_valid(qd.pattern, qd.pattern_len);
		break;
	case SMB2_CHANGE_NOTIFY:
		smb2_change_notify_parse(cmd, len, &cn);
		break;
	case SMB2_QUERY_INFO:
		query_info(cmd, len);
		break;
	case SMB2_SET_INFO:
		set_info(cmd, len);
		break;
	case SMB2_OPLOCK_BREAK:
		smb2_break_ack_parse(cmd, len, true, &ack);
		break;
	}
}

static void smb1(const u8 *msg, size_t len)
{
	struct smb2_negotiate_cfg cfg;
	struct smb1_negotiate_req req;

	if (smb1_negotiate_parse(msg, len, &req) != STATUS_SUCCESS)
		return;
	neg_cfg(&cfg);
	smb1_negotiate_decide(&cfg, &req);
}

int LLVMFuzzerTestOneInput(const u8 *data, size_t size)
{
	struct smb2_transform_hdr t;
	struct smb2_hdr h;
	size_t off = 0, n;
	unsigned int cmds = 0;
	u8 *msg, *one;

	if (size < 4)
		return 0;
	msg = malloc(size);
	memcpy(msg, data, size);
	switch (get_le32(msg)) {
	case SMB1_PROTO_ID:
		smb1(msg, size);
		break;
	case SMB2_TRANSFORM_PROTO_ID:
		smb2_transform_parse(msg, size, &t);
		break;
	case SMB2_PROTO_ID:
		smb2_rsp_size_hint(msg, size, 1 << 20);
		/* MS-SMB2 3.3.5.2.7: the chain, as the dispatcher walks it */
		while (off < size && cmds++ < 64) {
			if (smb2_hdr_parse(msg + off, size - off, &h) != STATUS_SUCCESS)
				break;
			n = smb2_hdr_msg_len(&h, size - off);
			if (n < SMB2_HDR_SIZE || n > size - off)
				abort();
			/* each command in a buffer of its own size, for ASan */
			one = malloc(n);
			memcpy(one, msg + off, n);
			command(one, n, &h);
			free(one);
			if (!h.next_command)
				break;
			off += h.next_command;
		}
		break;
	}
	free(msg);
	return 0;
}
