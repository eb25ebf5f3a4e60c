// SPDX-License-Identifier: GPL-2.0
/*
 * smb2_create_ctx.c - SMB2_CREATE_CONTEXT request lists (MS-SMB2 2.2.13.2,
 * 3.3.5.9) and response lists (2.2.14.2).
 */
#include "smb2_create_ctx.h"
#include "smb2_ea.h"

struct ctx_name {
	const char *name;
	u16 len;
	u32 bit;
};

static const struct ctx_name ctx_names[] = {
	{ SMB2_CREATE_TAG_EXTA, 4, SMB2_CTX_EXTA },
	{ SMB2_CREATE_TAG_SECD, 4, SMB2_CTX_SECD },
	{ SMB2_CREATE_TAG_ALSI, 4, SMB2_CTX_ALSI },
	{ SMB2_CREATE_TAG_MXAC, 4, SMB2_CTX_MXAC },
	{ SMB2_CREATE_TAG_TWRP, 4, SMB2_CTX_TWRP },
	{ SMB2_CREATE_TAG_QFID, 4, SMB2_CTX_QFID },
	{ SMB2_CREATE_TAG_DHNQ, 4, SMB2_CTX_DHNQ },
	{ SMB2_CREATE_TAG_DHNC, 4, SMB2_CTX_DHNC },
	{ SMB2_CREATE_TAG_DH2Q, 4, SMB2_CTX_DH2Q },
	{ SMB2_CREATE_TAG_DH2C, 4, SMB2_CTX_DH2C },
	{ SMB2_CREATE_TAG_RQLS, 4, SMB2_CTX_RQLS },
	{ SMB2_CREATE_GUID_APP_INSTANCE_ID, 16, SMB2_CTX_APP_INSTANCE_ID },
	{ SMB2_CREATE_GUID_APP_INSTANCE_VERSION, 16, SMB2_CTX_APP_INSTANCE_VERSION },
	{ SMB2_CREATE_GUID_SVHDX_OPEN_DEVICE, 16, SMB2_CTX_SVHDX },
	{ SMB2_CREATE_GUID_POSIX, 16, SMB2_CTX_POSIX },
	{ NULL, 0, 0 },
};

/* SMB2_CTX_* for a context name, 0 when unknown (ignored, 3.3.5.9). */
static u32 ctx_lookup(const u8 *name, u16 len)
{
	const struct ctx_name *n;

	for (n = ctx_names; n->name; n++)
		if (len == n->len && !memcmp(name, n->name, len))
			return n->bit;
	return 0;
}

static void get_fileid(const u8 *p, struct smb2_fileid *fid)
{
	fid->persistent = get_le64(p);
	fid->volatile_id = get_le64(p + 8);
}

/* "RqLs": SMB2_CREATE_REQUEST_LEASE (2.2.13.2.8) or _V2 (2.2.13.2.10). */
static u32 ctx_lease(struct smb2_create_ctx_set *set, const u8 *d, u32 dlen)
{
	/*
	 * 3.3.5.9 "Oplock Acquisition" fails other sizes when
	 * RequestedOplockLevel is SMB2_OPLOCK_LEVEL_LEASE; a well-formed
	 * client never sends them, so they are refused here whatever the
	 * level. Whether v2 is allowed (3.x only) and whether the context
	 * is used at all (level LEASE, leasing supported) is the caller's.
	 */
	if (dlen != SMB2_CREATE_LEASE_V1_SIZE && dlen != SMB2_CREATE_LEASE_V2_SIZE)
		return STATUS_INVALID_PARAMETER;
	memcpy(set->lease_key, d, 16);
	set->lease_state = get_le32(d + 16);
	/* d + 24: LeaseDuration, reserved */
	if (dlen == SMB2_CREATE_LEASE_V1_SIZE) {
		set->lease_version = 1;
		return STATUS_SUCCESS;	/* LeaseFlags is reserved in v1 */
	}
	set->lease_version = 2;
	set->lease_flags = get_le32(d + 20);
	memcpy(set->parent_lease_key, d + 32, 16);
	set->lease_epoch = get_le16(d + 48);
	return STATUS_SUCCESS;
}

/* Data of one known context: its DataLength rule and fields. */
static u32 ctx_decode(struct smb2_create_ctx_set *set, u32 bit, const u8 *d, u32 dlen)
{
	u32 status;

	switch (bit) {
	case SMB2_CTX_EXTA:		/* 2.2.13.2.1 */
		status = smb2_ea_list_validate(d, dlen, NULL);
		if (status != STATUS_SUCCESS)
			return status;
		set->ea = d;
		set->ea_len = dlen;
		return STATUS_SUCCESS;
	case SMB2_CTX_SECD:		/* 2.2.13.2.2; checked by the SD parser */
		set->sd = d;
		set->sd_len = dlen;
		return STATUS_SUCCESS;
	case SMB2_CTX_ALSI:		/* 2.2.13.2.6 */
		if (dlen != 8)
			return STATUS_INVALID_PARAMETER;
		set->alloc_size = get_le64(d);
		return STATUS_SUCCESS;
	case SMB2_CTX_MXAC:		/* 2.2.13.2.5: Timestamp or empty */
		if (dlen != 0 && dlen != 8)
			return STATUS_INVALID_PARAMETER;
		if (dlen) {
			set->mxac_timestamp = get_le64(d);
			set->mxac_has_timestamp = true;
		}
		return STATUS_SUCCESS;
	case SMB2_CTX_TWRP:		/* 2.2.13.2.7 */
		if (dlen != 8)
			return STATUS_INVALID_PARAMETER;
		set->twrp_timestamp = get_le64(d);
		return STATUS_SUCCESS;
	case SMB2_CTX_QFID:		/* 2.2.13.2.9: MUST be empty */
		return dlen ? STATUS_INVALID_PARAMETER : STATUS_SUCCESS;
	case SMB2_CTX_DHNQ:		/* 2.2.13.2.3: 16 reserved bytes */
		return dlen == SMB2_CREATE_DHNQ_SIZE ? STATUS_SUCCESS : STATUS_INVALID_PARAMETER;
	case SMB2_CTX_DHNC:		/* 2.2.13.2.4 */
		if (dlen != SMB2_CREATE_DHNC_SIZE)
			return STATUS_INVALID_PARAMETER;
		get_fileid(d, &set->dhnc_fileid);
		return STATUS_SUCCESS;
	case SMB2_CTX_DH2Q:		/* 2.2.13.2.11 */
		if (dlen != SMB2_CREATE_DH2Q_SIZE)
			return STATUS_INVALID_PARAMETER;
		set->dh2q_timeout = get_le32(d);
		set->dh2q_flags = get_le32(d + 4);
		memcpy(set->dh2q_create_guid, d + 16, 16);
		return STATUS_SUCCESS;
	case SMB2_CTX_DH2C:		/* 2.2.13.2.12 */
		if (dlen != SMB2_CREATE_DH2C_SIZE)
			return STATUS_INVALID_PARAMETER;
		get_fileid(d, &set->dh2c_fileid);
		memcpy(set->dh2c_create_guid, d + 16, 16);
		set->dh2c_flags = get_le32(d + 32);
		return STATUS_SUCCESS;
	case SMB2_CTX_RQLS:
		return ctx_lease(set, d, dlen);
	case SMB2_CTX_APP_INSTANCE_ID:	/* 2.2.13.2.13; StructureSize checked (MAY) */
		if (dlen != SMB2_CREATE_APP_INSTANCE_ID_SIZE ||
		    get_le16(d) != SMB2_CREATE_APP_INSTANCE_ID_SIZE)
			return STATUS_INVALID_PARAMETER;
		memcpy(set->app_instance_id, d + 4, 16);
		return STATUS_SUCCESS;
	case SMB2_CTX_APP_INSTANCE_VERSION:	/* 2.2.13.2.15 */
		if (dlen != SMB2_CREATE_APP_INSTANCE_VERSION_SIZE ||
		    get_le16(d) != SMB2_CREATE_APP_INSTANCE_VERSION_SIZE)
			return STATUS_INVALID_PARAMETER;
		set->app_version_high = get_le64(d + 8);
		set->app_version_low = get_le64(d + 16);
		return STATUS_SUCCESS;
	case SMB2_CTX_POSIX:		/* SMB3.1.1 POSIX extensions: Mode */
		if (dlen != SMB2_CREATE_POSIX_SIZE)
			return STATUS_INVALID_PARAMETER;
		set->posix_mode = get_le32(d);
		return STATUS_SUCCESS;
	default:			/* SVHDX (MS-RSVD 2.2.4.12/32): seen only */
		return STATUS_SUCCESS;
	}
}

/*
 * Combinations that 3.3.5.9.x fail whatever the server state: a durable v1
 * context (DHnQ, DHnC) with a v2 one (DH2Q, DH2C) (3.3.5.9.6 SHOULD,
 * 3.3.5.9.7, 3.3.5.9.10, 3.3.5.9.12) and DH2Q with DH2C (3.3.5.9.10,
 * 3.3.5.9.12). DHnQ with DHnC is valid: the DHnQ is ignored (3.3.5.9.7).
 *
 * Left to the caller, as they need connection or open state: v2 contexts
 * on a 2.x connection, "RqLs" only used with RequestedOplockLevel LEASE and
 * a 52-byte one only on 3.x (3.3.5.9 "Oplock Acquisition"), DHnQ ignored
 * without a batch oplock or handle lease (3.3.5.9.6), everything about the
 * open a reconnect names (3.3.5.9.7, 3.3.5.9.12), APP_INSTANCE_* lookups
 * (3.3.5.9.13), EAs ignored for existing files, pipes and printers
 * (3.3.5.9.1), FILE_NO_EA_KNOWLEDGE with "ExtA" (2.2.13).
 */
static u32 ctx_combinations(u32 present)
{
	u32 v1 = present & (SMB2_CTX_DHNQ | SMB2_CTX_DHNC);
	u32 v2 = present & (SMB2_CTX_DH2Q | SMB2_CTX_DH2C);

	if (v1 && v2)
		return STATUS_INVALID_PARAMETER;
	if (v2 == (SMB2_CTX_DH2Q | SMB2_CTX_DH2C))
		return STATUS_INVALID_PARAMETER;
	return STATUS_SUCCESS;
}

/**
 * smb2_create_ctx_parse() - validate and decode a CREATE's context list
 * @buf: the contexts (smb2_create_req.contexts; NULL when @len is 0)
 * @len: CreateContextsLength
 * @set: the contexts found; zeroed first, not meaningful on failure
 *
 * Each context: a 16-byte header inside the list; NameLength at least 4
 * (3.3.5.9); NameOffset, DataOffset (when DataLength is not 0) and a
 * non-zero Next 8-byte aligned; name and data after the header, the data
 * after the name, both inside the context, which ends at Next (or at the
 * end of the list for the last one). Next leaves room for another header,
 * so the walk only moves forward. Known contexts must have their DataLength
 * (2.2.13.2.x) and appear once; unknown names are ignored. Structure errors
 * win over per-context ones, which win over the combination rules.
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER, or the EA list status
 * of smb2_ea_list_validate() for a bad "ExtA".
 */
u32 smb2_create_ctx_parse(const u8 *buf, u32 len, struct smb2_create_ctx_set *set)
{
	u32 first = STATUS_SUCCESS;
	u32 pos = 0;

	memset(set, 0, sizeof(*set));
	if (!len)
		return STATUS_SUCCESS;
	for (;;) {
		const u8 *c = buf + pos;
		u32 room = len - pos;
		u32 next, dlen, bit, status;
		u16 noff, nlen, doff;

		if (room < SMB2_CREATE_CTX_HDR_SIZE)
			return STATUS_INVALID_PARAMETER;
		next = get_le32(c);
		noff = get_le16(c + 4);
		nlen = get_le16(c + 6);
		doff = get_le16(c + 10);
		dlen = get_le32(c + 12);
		if (next) {
			if ((next & 7) || next > room - SMB2_CREATE_CTX_HDR_SIZE)
				return STATUS_INVALID_PARAMETER;
			room = next;
		}
		if (nlen < 4 || (noff & 7) || noff < SMB2_CREATE_CTX_HDR_SIZE ||
		    noff > room || nlen > room - noff)
			return STATUS_INVALID_PARAMETER;
		if (dlen && ((doff & 7) || doff < noff + nlen || doff > room ||
			     dlen > room - doff))
			return STATUS_INVALID_PARAMETER;

		bit = ctx_lookup(c + noff, nlen);
		if (bit && first == STATUS_SUCCESS) {
			if (set->present & bit)
				status = STATUS_INVALID_PARAMETER;
			else
				status = ctx_decode(set, bit, dlen ? c + doff : NULL, dlen);
			set->present |= bit;
			first = status;
		}
		if (!next)
			break;
		pos += next;
	}
	if (first != STATUS_SUCCESS)
		return first;
	return ctx_combinations(set->present);
}

/**
 * smb2_ctx_writer_init() - start an empty response context list
 * @cw: the writer
 * @buf: output, 8-aligned from the SMB2 header (e.g. body +
 *	 SMB2_CREATE_RSP_CONTEXTS_OFF of a CREATE response)
 * @cap: its size
 */
void smb2_ctx_writer_init(struct smb2_ctx_writer *cw, u8 *buf, u32 cap)
{
	cw->buf = buf;
	cw->cap = cap;
	cw->used = 0;
	cw->last = 0;
}

/*
 * Append a context named @name (@nlen bytes) with @dlen bytes of data: at
 * the next 8-byte boundary, name at 16, data at the next 8-byte boundary
 * after the name; the previous context's Next points at it. @data gets
 * where to write the data. Nothing is written when it does not fit.
 */
static u32 ctx_append(struct smb2_ctx_writer *cw, const u8 *name, u16 nlen, u32 dlen,
		      u8 **data)
{
	u32 start = cw->used ? (cw->used + 7) & ~7U : 0;
	u32 doff = SMB2_CREATE_CTX_HDR_SIZE + ((nlen + 7) & ~7U);
	u32 head = dlen ? doff : SMB2_CREATE_CTX_HDR_SIZE + (u32)nlen;
	u64 size = (u64)head + dlen;
	u8 *c;

	if (start < cw->used || start > cw->cap || size > cw->cap - start)
		return STATUS_BUFFER_OVERFLOW;
	if (cw->used) {
		memset(cw->buf + cw->used, 0, start - cw->used);
		put_le32(cw->buf + cw->last, start - cw->last);
	}
	c = cw->buf + start;
	memset(c, 0, head);
	put_le16(c + 4, SMB2_CREATE_CTX_HDR_SIZE);
	put_le16(c + 6, nlen);
	put_le16(c + 10, dlen ? doff : 0);
	put_le32(c + 12, dlen);
	memcpy(c + SMB2_CREATE_CTX_HDR_SIZE, name, nlen);
	*data = dlen ? c + doff : NULL;
	cw->last = start;
	cw->used = start + (u32)size;
	return STATUS_SUCCESS;
}

/**
 * smb2_ctx_put() - append a response context with a 4-byte name
 * @cw: the writer
 * @name: the name, e.g. SMB2_CREATE_TAG_MXAC
 * @data: the data (may be NULL when @data_len is 0)
 * @data_len: DataLength
 *
 * The list is @cw->used bytes long (CreateContextsLength); contexts are
 * 8-aligned and chained, the last one is not padded.
 *
 * Return: STATUS_SUCCESS, or STATUS_BUFFER_OVERFLOW (nothing written).
 */
u32 smb2_ctx_put(struct smb2_ctx_writer *cw, const char name[4], const u8 *data,
		 u32 data_len)
{
	u32 status;
	u8 *d;

	status = ctx_append(cw, (const u8 *)name, 4, data_len, &d);
	if (status == STATUS_SUCCESS && data_len)
		memcpy(d, data, data_len);
	return status;
}

/**
 * smb2_ctx_put_mxac() - SMB2_CREATE_QUERY_MAXIMAL_ACCESS_RESPONSE (2.2.14.2.5)
 * @cw: the writer
 * @query_status: QueryStatus
 * @maximal_access: MaximalAccess (meaningful when @query_status is success)
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_OVERFLOW.
 */
u32 smb2_ctx_put_mxac(struct smb2_ctx_writer *cw, u32 query_status, u32 maximal_access)
{
	u8 d[SMB2_CREATE_MXAC_RSP_SIZE];

	put_le32(d, query_status);
	put_le32(d + 4, maximal_access);
	return smb2_ctx_put(cw, SMB2_CREATE_TAG_MXAC, d, sizeof(d));
}

/**
 * smb2_ctx_put_qfid() - SMB2_CREATE_QUERY_ON_DISK_ID response (2.2.14.2.9)
 * @cw: the writer
 * @disk_file_id: DiskFileId (the FileInternalInformation IndexNumber)
 * @volume_id: VolumeId
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_OVERFLOW.
 */
u32 smb2_ctx_put_qfid(struct smb2_ctx_writer *cw, u64 disk_file_id, u64 volume_id)
{
	u8 d[SMB2_CREATE_QFID_RSP_SIZE];

	memset(d, 0, sizeof(d));
	put_le64(d, disk_file_id);
	put_le64(d + 8, volume_id);
	return smb2_ctx_put(cw, SMB2_CREATE_TAG_QFID, d, sizeof(d));
}

/**
 * smb2_ctx_put_lease() - SMB2_CREATE_RESPONSE_LEASE or _V2 (2.2.14.2.10-11)
 * @cw: the writer
 * @req_set: the request's contexts: the form (v1/v2), LeaseKey and, when
 *	     @flags has SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET, ParentLeaseKey
 * @state: LeaseState granted
 * @flags: Flags (SMB2_LEASE_FLAG_*); v2 only sends PARENT_LEASE_KEY_SET
 *	   when the caller sets it
 * @epoch: Epoch (v2 only)
 *
 * Return: STATUS_SUCCESS, STATUS_INVALID_PARAMETER when the request had no
 * "RqLs", or STATUS_BUFFER_OVERFLOW.
 */
u32 smb2_ctx_put_lease(struct smb2_ctx_writer *cw, const struct smb2_create_ctx_set *req_set,
		       u32 state, u32 flags, u16 epoch)
{
	u8 d[SMB2_CREATE_LEASE_V2_SIZE];
	u32 n;

	if (req_set->lease_version == 1)
		n = SMB2_CREATE_LEASE_V1_SIZE;
	else if (req_set->lease_version == 2)
		n = SMB2_CREATE_LEASE_V2_SIZE;
	else
		return STATUS_INVALID_PARAMETER;
	memset(d, 0, sizeof(d));
	memcpy(d, req_set->lease_key, 16);
	put_le32(d + 16, state);
	put_le32(d + 20, flags);
	/* d + 24: LeaseDuration, 0 */
	if (n == SMB2_CREATE_LEASE_V2_SIZE) {
		if (flags & SMB2_LEASE_FLAG_PARENT_LEASE_KEY_SET)
			memcpy(d + 32, req_set->parent_lease_key, 16);
		put_le16(d + 48, epoch);
	}
	return smb2_ctx_put(cw, SMB2_CREATE_TAG_RQLS, d, n);
}

/**
 * smb2_ctx_put_dh2q() - SMB2_CREATE_DURABLE_HANDLE_RESPONSE_V2 (2.2.14.2.12)
 * @cw: the writer
 * @timeout: Timeout in milliseconds
 * @flags: Flags (SMB2_DHANDLE_FLAG_PERSISTENT)
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_OVERFLOW.
 */
u32 smb2_ctx_put_dh2q(struct smb2_ctx_writer *cw, u32 timeout, u32 flags)
{
	u8 d[SMB2_CREATE_DH2Q_RSP_SIZE];

	put_le32(d, timeout);
	put_le32(d + 4, flags);
	return smb2_ctx_put(cw, SMB2_CREATE_TAG_DH2Q, d, sizeof(d));
}

/**
 * smb2_ctx_put_dhnq() - SMB2_CREATE_DURABLE_HANDLE_RESPONSE (2.2.14.2.3)
 * @cw: the writer
 *
 * Eight reserved zero bytes.
 *
 * Return: STATUS_SUCCESS or STATUS_BUFFER_OVERFLOW.
 */
u32 smb2_ctx_put_dhnq(struct smb2_ctx_writer *cw)
{
	u8 d[SMB2_CREATE_DHNQ_RSP_SIZE];

	memset(d, 0, sizeof(d));
	return smb2_ctx_put(cw, SMB2_CREATE_TAG_DHNQ, d, sizeof(d));
}
