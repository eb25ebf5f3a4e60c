// SPDX-License-Identifier: GPL-2.0
/*
 * SMB2 IOCTL (MS-SMB2 3.3.5.15): FSCTL_VALIDATE_NEGOTIATE_INFO,
 * FSCTL_PIPE_TRANSCEIVE, and the DFS referral answer of a server without
 * DFS. File-system controls arrive with the IOS layer.
 */
#include <linux/smb3k.h>

#include "conn.h"
#include "durable.h"
#include "open.h"
#include "pipe.h"
#include "server.h"
#include "smb2_dispatch.h"
#include "smb2_fileops.h"
#include "tree.h"
#include "proto/smb2_file.h"

#define FSCTL_DFS_GET_REFERRALS		0x00060194
#define FSCTL_DFS_GET_REFERRALS_EX	0x000601B0
#define FSCTL_PIPE_WAIT			0x00110018
#define SMB3K_IOCTL_RSP_FIXED		48

static const struct smb2_fileid smb3k_fileid_any = {
	.persistent = SMB2_FILEID_ANY,
	.volatile_id = SMB2_FILEID_ANY,
};

/* The highest dialect of @v that we would select, 0 if none. */
static u16 smb3k_validate_pick(const struct smb2_validate_neg *v,
			       const struct smb3k_config *cfg)
{
	u16 best = 0, d;
	unsigned int i;

	for (i = 0; i < v->dialect_count; i++) {
		d = get_unaligned_le16(v->dialects + 2 * i);
		if ((d == SMB3K_DIALECT_202 || d == SMB3K_DIALECT_210 ||
		     d == SMB3K_DIALECT_300 || d == SMB3K_DIALECT_302 ||
		     d == SMB3K_DIALECT_311) &&
		    d >= cfg->min_dialect && d <= cfg->max_dialect && d > best)
			best = d;
	}
	return best;
}

/* MS-SMB2 3.3.5.15.12: any mismatch ends the connection, without a reply. */
static u32 smb3k_validate_negotiate(struct smb3k_work *w, const struct smb2_ioctl_req *req,
				    u8 *body, u32 cap, u32 *body_len)
{
	struct smb3k_conn *conn = w->conn;
	u8 out[SMB2_VALIDATE_NEG_RSP_SIZE];
	struct smb2_validate_neg v;
	struct smb3k_config cfg;
	unsigned int i;
	size_t len;

	smb3k_config_snapshot(&cfg);
	if (conn->dialect == SMB3K_DIALECT_311 ||
	    req->max_output_response < SMB2_VALIDATE_NEG_RSP_SIZE ||
	    smb2_validate_neg_parse(req->input, req->input_count, &v) != STATUS_SUCCESS ||
	    v.dialect_count != conn->client_dialect_count ||
	    v.dialect_count > SMB3K_MAX_CLIENT_DIALECTS)
		goto disconnect;
	for (i = 0; i < v.dialect_count; i++)
		if (get_unaligned_le16(v.dialects + 2 * i) != conn->client_dialects[i])
			goto disconnect;
	if (smb3k_validate_pick(&v, &cfg) != conn->dialect ||
	    memcmp(v.guid, conn->client_guid, sizeof(conn->client_guid)) ||
	    v.security_mode != conn->client_security_mode ||
	    v.capabilities != conn->client_capabilities)
		goto disconnect;

	smb2_validate_neg_build_rsp(conn->server_capabilities, cfg.server_guid,
				    conn->server_security_mode, conn->dialect, out);
	if (smb2_ioctl_build_rsp(FSCTL_VALIDATE_NEGOTIATE_INFO, &smb3k_fileid_any, out,
				 sizeof(out), body, cap, &len) != STATUS_SUCCESS)
		return STATUS_INSUFFICIENT_RESOURCES;
	*body_len = len;
	return STATUS_SUCCESS;
disconnect:
	pr_warn_ratelimited("VALIDATE_NEGOTIATE_INFO mismatch: disconnecting the client\n");
	w->disconnect = true;
	return STATUS_ACCESS_DENIED;
}

static u32 smb3k_pipe_transceive(struct smb3k_work *w, const struct smb2_ioctl_req *req,
				 u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_fileid fid = req->fileid;
	u32 status, n, want;
	size_t len;

	status = smb3k_work_find_open(w, fid.persistent, fid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (w->tree->share_type != SMB3K_SHARE_PIPE)
		return STATUS_INVALID_DEVICE_REQUEST;
	if (cap <= SMB3K_IOCTL_RSP_FIXED)
		return STATUS_INSUFFICIENT_RESOURCES;
	want = min_t(u32, req->max_output_response, cap - SMB3K_IOCTL_RSP_FIXED);
	status = smb3k_pipe_io(SMB3K_CMD_RPC_TRANSACT, w->open, req->input,
			       req->input_count, body + SMB3K_IOCTL_RSP_FIXED, want, &n);
	if (status != STATUS_SUCCESS && status != STATUS_BUFFER_OVERFLOW)
		return status;
	fid.persistent = w->open->persistent_id;
	fid.volatile_id = w->open->id;
	/* The output is in place already: build the fixed part around it. */
	if (smb2_ioctl_build_rsp(req->ctl_code, &fid, body + SMB3K_IOCTL_RSP_FIXED, n,
				 body, cap, &len) != STATUS_SUCCESS)
		return STATUS_INSUFFICIENT_RESOURCES;
	*body_len = len;
	w->keep_body = true;
	return status;
}

#define FSCTL_QUERY_NETWORK_INTERFACE_INFO	0x001401FC
#define FSCTL_LMR_REQUEST_RESILIENCY	0x001401D4
#define FSCTL_CREATE_OR_GET_OBJECT_ID	0x000900C0
#define FSCTL_GET_OBJECT_ID		0x0009009C
#define SMB3K_OBJECT_ID_SIZE		64	/* FILE_OBJECTID_BUFFER (MS-FSCC 2.1.3) */

/*
 * FSCTL_(CREATE_OR_)GET_OBJECT_ID (MS-FSCC 2.3.5, 2.3.23): the object id
 * is the file's identity on its volume (volume serial and file index),
 * stable for the file's life; the birth ids repeat it, no domain.
 */
static u32 smb3k_fsctl_object_id(struct smb3k_work *w, const struct smb2_ioctl_req *req,
				 u8 *out, u32 cap, u32 *n)
{
	struct smb3k_open *op = w->open;
	struct fscc_file_stat st;
	struct smb3k_ios_ctx ctx;
	u32 status;

	if (req->max_output_response < SMB3K_OBJECT_ID_SIZE || cap < SMB3K_OBJECT_ID_SIZE)
		return STATUS_BUFFER_TOO_SMALL;
	smb3k_work_ios_ctx(w, &ctx);
	status = smb3k_open_ops(op)->getattr(&ctx, op->ios, &st);
	if (status != STATUS_SUCCESS)
		return status;
	memset(out, 0, SMB3K_OBJECT_ID_SIZE);
	put_unaligned_le64(st.index_number, out);
	put_unaligned_le64(st.volume_serial, out + 8);
	put_unaligned_le64(st.volume_serial, out + 16);		/* BirthVolumeId */
	memcpy(out + 32, out, 16);				/* BirthObjectId */
	*n = SMB3K_OBJECT_ID_SIZE;
	return STATUS_SUCCESS;
}

/*
 * FSCTL_LMR_REQUEST_RESILIENCY (MS-SMB2 3.3.5.15.9, 2.2.31.3): the open
 * outlives its connection for the Timeout asked (ms; 0: 120 s, at most
 * 300 s); no output.
 */
static u32 smb3k_fsctl_resiliency(struct smb3k_work *w, const struct smb2_ioctl_req *req)
{
	u32 timeout;

	/* <400>: Windows takes it on any dialect; the MAY of 2.0.2 is not used. */
	if (req->input_count < 8)
		return STATUS_INVALID_PARAMETER;
	timeout = get_unaligned_le32(req->input);
	if (timeout / 1000 > SMB3K_RESILIENCY_MAX_MS / 1000)
		return STATUS_INVALID_PARAMETER;
	return smb3k_durable_set_resilient(w->open, timeout ?: SMB3K_RESILIENCY_DEFAULT_MS);
}

/* FSCTLs on a file or directory of a disk share (MS-SMB2 3.3.5.15). */
static u32 smb3k_file_fsctl(struct smb3k_work *w, const struct smb2_ioctl_req *req,
			    u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_fileid fid = req->fileid;
	u32 status, n = 0;
	size_t len;

	status = smb3k_work_find_open(w, fid.persistent, fid.volatile_id);
	if (status != STATUS_SUCCESS)
		return status;
	if (!w->open->ios || cap <= SMB3K_IOCTL_RSP_FIXED)
		return STATUS_INVALID_DEVICE_REQUEST;
	switch (req->ctl_code) {
	case FSCTL_CREATE_OR_GET_OBJECT_ID:
	case FSCTL_GET_OBJECT_ID:
		status = smb3k_fsctl_object_id(w, req, body + SMB3K_IOCTL_RSP_FIXED,
					       cap - SMB3K_IOCTL_RSP_FIXED, &n);
		break;
	case FSCTL_LMR_REQUEST_RESILIENCY:
		status = smb3k_fsctl_resiliency(w, req);
		break;
	default:
		return STATUS_INVALID_DEVICE_REQUEST;
	}
	if (status != STATUS_SUCCESS)
		return status;
	fid.persistent = w->open->persistent_id;
	fid.volatile_id = w->open->id;
	if (smb2_ioctl_build_rsp(req->ctl_code, &fid, body + SMB3K_IOCTL_RSP_FIXED, n,
				 body, cap, &len) != STATUS_SUCCESS)
		return STATUS_INSUFFICIENT_RESOURCES;
	*body_len = len;
	w->keep_body = true;
	return STATUS_SUCCESS;
}

/* MS-SMB2 3.3.5.15: these take FileId { -1, -1 }. */
static bool smb3k_ioctl_no_file(u32 ctl_code)
{
	switch (ctl_code) {
	case FSCTL_DFS_GET_REFERRALS:
	case FSCTL_DFS_GET_REFERRALS_EX:
	case FSCTL_QUERY_NETWORK_INTERFACE_INFO:
	case FSCTL_VALIDATE_NEGOTIATE_INFO:
	case FSCTL_PIPE_WAIT:
		return true;
	}
	return false;
}

/**
 * smb3k_smb2_ioctl() - handle an IOCTL
 * @w: the request
 * @body: response body buffer
 * @cap: its size
 * @body_len: set to the body length
 *
 * Return: NT status.
 */
u32 smb3k_smb2_ioctl(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len)
{
	struct smb2_ioctl_req req;
	u32 status, max;

	status = smb2_ioctl_parse(w->cmd, w->cmd_len, &req);
	if (status != STATUS_SUCCESS)
		return status;
	/* MS-SMB2 3.3.5.15: only FSCTLs exist over SMB2. */
	if (!(req.flags & SMB2_0_IOCTL_IS_FSCTL))
		return STATUS_NOT_SUPPORTED;
	/* The FSCTLs of the server rather than of a file name no FileId. */
	if (smb3k_ioctl_no_file(req.ctl_code) &&
	    (req.fileid.persistent != U64_MAX || req.fileid.volatile_id != U64_MAX))
		return STATUS_INVALID_PARAMETER;
	max = smb3k_conn_max_io(w->conn);
	if (req.input_count > max || req.max_input_response > max ||
	    req.max_output_response > max)
		return STATUS_INVALID_PARAMETER;

	switch (req.ctl_code) {
	case FSCTL_VALIDATE_NEGOTIATE_INFO:
		return smb3k_validate_negotiate(w, &req, body, cap, body_len);
	case FSCTL_PIPE_TRANSCEIVE:
		return smb3k_pipe_transceive(w, &req, body, cap, body_len);
	case FSCTL_QUERY_NETWORK_INTERFACE_INFO:
		/* 3.3.5.15.11: no multichannel offered (no FileId needed). */
		return STATUS_NOT_SUPPORTED;
	case FSCTL_DFS_GET_REFERRALS:
	case FSCTL_DFS_GET_REFERRALS_EX:
		/* 3.3.5.15.2: a server that is not DFS-capable. */
		return STATUS_FS_DRIVER_REQUIRED;
	default:
		return smb3k_file_fsctl(w, &req, body, cap, body_len);
	}
}
