/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SMB1 SMB_COM_NEGOTIATE a client may open with, and
 * the answer: an SMB2 NEGOTIATE response (MS-SMB2 3.3.5.3) or a refusal.
 */
#ifndef SMB3K_SMB1_NEGOTIATE_H
#define SMB3K_SMB1_NEGOTIATE_H

#include "proto_shim.h"
#include "ntstatus.h"
#include "smb2_wire.h"
#include "smb2_negotiate.h"

/**
 * struct smb1_negotiate_req - validated SMB1 NEGOTIATE request
 * @flags: header Flags.
 * @flags2: header Flags2.
 * @pid_high: PIDHigh.
 * @tid: TID.
 * @pid_low: PIDLow.
 * @uid: UID.
 * @mid: MID.
 * @dialect_count: number of dialect strings.
 * @smb2_002: "SMB 2.002" was offered.
 * @smb2_wildcard: "SMB 2.???" was offered.
 */
struct smb1_negotiate_req {
	u8 flags;
	u16 flags2;
	u16 pid_high;
	u16 tid;
	u16 pid_low;
	u16 uid;
	u16 mid;
	u16 dialect_count;
	bool smb2_002;
	bool smb2_wildcard;
};

/**
 * enum smb1_negotiate_action - how to answer an SMB1 NEGOTIATE
 * @SMB1_NEG_REFUSE: no SMB2 dialect in common: SMB1 NEGOTIATE response with
 *	DialectIndex 0xFFFF, then disconnect. (MS-SMB2 3.3.5.3.2 allows simply
 *	disconnecting without any response.)
 * @SMB1_NEG_SMB2_WILDCARD: SMB2 NEGOTIATE response with dialect 0x02FF; the
 *	client follows with an SMB2 NEGOTIATE (NegotiateDialect = 0x02FF).
 * @SMB1_NEG_SMB2_202: SMB2 NEGOTIATE response with dialect 0x0202; the
 *	connection is now 2.0.2 (NegotiateDialect = 0x0202, no multi-credit).
 */
enum smb1_negotiate_action {
	SMB1_NEG_REFUSE,
	SMB1_NEG_SMB2_WILDCARD,
	SMB1_NEG_SMB2_202,
};

/* Size of the SMB1 refusal message: header, WordCount 1, index, ByteCount */
#define SMB1_NEG_REFUSE_SIZE	(SMB1_HDR_SIZE + 1 + 2 + 2)

u32 smb1_negotiate_parse(const u8 *msg, size_t len, struct smb1_negotiate_req *req);
enum smb1_negotiate_action smb1_negotiate_decide(const struct smb2_negotiate_cfg *cfg,
						 const struct smb1_negotiate_req *req);
u32 smb1_negotiate_build_rsp(const struct smb2_negotiate_cfg *cfg,
			     const struct smb1_negotiate_req *req,
			     u8 *out, size_t cap, size_t *len,
			     enum smb1_negotiate_action *action,
			     struct smb2_negotiate_result *res);

#endif /* SMB3K_SMB1_NEGOTIATE_H */
