/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_SMB2_DISPATCH_H
#define _SMB3K_SMB2_DISPATCH_H

#include <linux/types.h>
#include <linux/workqueue.h>

#include "proto/smb2_header.h"

struct smb3k_async;
struct smb3k_conn;
struct smb3k_open;
struct smb3k_session;
struct smb3k_tree;
struct smb3k_tx;

/* Commands in one compound chain, at most. */
#define SMB3K_MAX_CHAIN		64

/* Response buffer for messages that ask for no bulk data. */
#define SMB3K_MAX_RSP		(64 * 1024)

/**
 * struct smb3k_work - one received message and the response being built
 * @work: runs the message on the request workqueue
 * @conn: the connection (a reference is held)
 * @msg: the whole received message
 * @msg_len: its length
 * @hdr: header of the command being handled
 * @cmd: that command, from its header to its end (NextCommand or message end)
 * @cmd_len: its length
 * @tx: the response frame
 * @rsp: start of the response message in @tx
 * @rsp_len: response bytes written so far
 * @rsp_cap: bytes available at @rsp
 * @rsp_hdr: header of the response being built
 * @disconnect: drop the connection without sending the response
 * @close_after_send: send the response, then close the connection
 * @sess: session of the current command, referenced (or NULL)
 * @tree: tree connect of the current command, referenced (or NULL)
 * @open: the open a command used or created last, referenced (or NULL):
 *	  related commands name it with FileId { -1, -1 }
 * @chain_status: status of the previous command, for related ones
 * @chain_cmd: that command (stays CREATE while a failed CREATE fails the chain)
 * @chain_failed: the current command failed for its chain's failed CREATE
 * @related: the current command is related to the one before it
 * @rsp_session_id: SessionId for the response header
 * @rsp_tree_id: TreeId for the response header
 * @keep_body: the handler's body stands although its status is not success
 * @sign_rsp: sign this response with @sign_sess
 * @hash_rsp: fold this response into the session's preauth hash
 * @encrypted: the message came in a TRANSFORM_HEADER (Request.IsEncrypted)
 * @enc_sess: the session whose key decrypted it (referenced); the
 *	      response is encrypted with it
 * @async: the command went asynchronous (smb3k_async_start()): its
 *	   interim response is in this message, the final one comes later
 * @pending: the command's interim response has been sent already
 *	     (smb3k_work_go_pending()) and the handler still runs: what it
 *	     returns goes out as the final response (referenced)
 * @durable_purged: a break this request made closed a disconnected durable
 *		    open (a CREATE opens again: the file may be gone)
 * @chan_open: the open whose outstanding requests this command counts in
 *	       (MS-SMB2 3.3.5.2.10), referenced until the command is done
 * @nsign: responses to sign once the chain is built
 * @sign: offset of each in @rsp and the (referenced) session signing it
 */
struct smb3k_work {
	struct work_struct work;
	struct smb3k_conn *conn;
	u8 *msg;
	u32 msg_len;

	struct smb2_hdr hdr;
	const u8 *cmd;
	u32 cmd_len;

	struct smb3k_tx *tx;
	u8 *rsp;
	u32 rsp_len;
	u32 rsp_cap;
	u8 *rsp_hdr;
	bool disconnect;
	bool close_after_send;

	struct smb3k_session *sess;
	struct smb3k_tree *tree;
	struct smb3k_open *open;
	u32 chain_status;
	u16 chain_cmd;
	bool chain_failed;
	bool related;
	u64 rsp_session_id;
	u32 rsp_tree_id;
	bool keep_body;
	bool sign_rsp;
	bool hash_rsp;
	bool encrypted;
	struct smb3k_session *enc_sess;
	struct smb3k_async *async;
	struct smb3k_async *pending;
	bool durable_purged;
	struct smb3k_open *chan_open;
	unsigned int nsign;
	struct {
		u32 off;
		struct smb3k_session *sess;
	} sign[SMB3K_MAX_CHAIN];
};

/**
 * typedef smb3k_handler_t - handle one SMB2 command
 * @w: the request; @w->hdr, @w->cmd and @w->cmd_len describe the command
 * @body: where the response body goes (after the response header)
 * @cap: bytes available at @body
 * @body_len: set to the response body's length on success
 *
 * Return: the NT status of the response. Anything but STATUS_SUCCESS (or
 * a warning status a handler returns with a body) makes the dispatcher send
 * an ERROR response instead of @body.
 */
typedef u32 (*smb3k_handler_t)(struct smb3k_work *w, u8 *body, u32 cap,
			       u32 *body_len);

void smb3k_work_set_session(struct smb3k_work *w, struct smb3k_session *sess);
void smb3k_work_set_tree(struct smb3k_work *w, struct smb3k_tree *tree);
void smb3k_work_set_open(struct smb3k_work *w, struct smb3k_open *op);
u32 smb3k_work_find_open(struct smb3k_work *w, u64 persistent, u64 volatile_id);
struct smb3k_tx *smb3k_tx_seal(struct smb3k_session *sess, const u8 *msg, u32 len,
			       u32 *out_len);
struct smb3k_async *smb3k_work_go_pending(struct smb3k_work *w, void (*cancel)(struct smb3k_async *a));
struct smb3k_work *smb3k_work_current(void);
bool smb3k_dispatch_smb2(struct smb3k_work *w);
int smb3k_dispatch_queue(struct smb3k_conn *conn, u8 *msg, u32 len);
int smb3k_dispatch_init(void);
void smb3k_dispatch_exit(void);

/* Handlers, one file each. */
u32 smb3k_smb2_negotiate(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_session_setup(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
void smb3k_smb2_session_setup_done(struct smb3k_work *w, const u8 *rsp, u32 len);
u32 smb3k_smb2_logoff(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_tree_connect(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_tree_disconnect(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_echo(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_create(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
struct smb2_create_req;
u32 smb3k_smb2_create_pipe(struct smb3k_work *w, const struct smb2_create_req *req,
			   u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_flush(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_lock(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_query_directory(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_query_info(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_set_info(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_change_notify(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_oplock_break(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);

u32 smb3k_smb2_close(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_read(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_write(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
u32 smb3k_smb2_ioctl(struct smb3k_work *w, u8 *body, u32 cap, u32 *body_len);
void smb3k_smb2_negotiate_done(struct smb3k_work *w, const u8 *rsp, u32 len);
void smb3k_smb1_negotiate(struct smb3k_work *w);
int smb3k_negotiate_init(void);

#endif /* _SMB3K_SMB2_DISPATCH_H */
