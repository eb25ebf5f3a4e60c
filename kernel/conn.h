/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_CONN_H
#define _SMB3K_CONN_H

#include <linux/kref.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/socket.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>

#include "credits.h"

#define SMB3K_PREAUTH_HASH_SIZE		64
#define SMB3K_MAX_CLIENT_DIALECTS	32
/* Requests of one connection being handled at once; reading waits beyond. */
#define SMB3K_MAX_INFLIGHT		128
/* Sessions one connection may set up at once. */
#define SMB3K_MAX_SESSIONS_PER_CONN	256
/* A connection with no session and no traffic for this long is dropped. */
#define SMB3K_IDLE_TIMEOUT_SECS		120

/* Largest message before a session exists (MS-SMB2 3.3.5.2.x limits). */
#define SMB3K_MAX_MSG_UNAUTH		(128 * 1024)
/* MaxTransactSize/MaxReadSize/MaxWriteSize with multi-credit (LARGE_MTU) */
#define SMB3K_MAX_IO			(8 * 1024 * 1024)
/* 3.3.5.2: a message over MaxTransactSize + 256 ends the connection; a
 * compound of a large WRITE with small commands gets some room more.
 */
#define SMB3K_MAX_MSG_AUTH		(SMB3K_MAX_IO + 4096)

enum smb3k_conn_flags {
	SMB3K_CONN_DEAD,		/* being torn down: no more IO */
	SMB3K_CONN_CLOSE_AFTER_SEND,	/* close once the send queue drains */
};

/* CANCELs remembered for requests not yet async (a ring, oldest dropped). */
#define SMB3K_EARLY_CANCEL_MAX	8

/**
 * struct smb3k_conn - one client TCP connection
 * @ref: one reference for being on the server's list, one per request
 *	 in flight
 * @node: on the list of connections
 * @sock: the accepted socket
 * @io_work: receives and sends without blocking, with a budget
 * @release_work: tears the connection down once
 * @flags: enum smb3k_conn_flags
 * @peer: client address
 * @rx_frame: the 4-byte Direct TCP header being received
 * @rx_frame_got: bytes of @rx_frame received
 * @rx_buf: the message being received
 * @rx_len: its length
 * @rx_got: bytes of @rx_buf received
 * @max_msg: largest message accepted now
 * @tx_lock: protects @tx_queue
 * @tx_queue: responses waiting to be sent, in order
 * @saved_data_ready: the socket's callback before ours
 * @saved_write_space: the socket's callback before ours
 * @saved_state_change: the socket's callback before ours
 * @proto_lock: serializes negotiate and the connection's protocol state
 * @negotiated: a NEGOTIATE has been answered
 * @dialect: the negotiated dialect, 0 before
 * @client_guid: ClientGuid from NEGOTIATE
 * @client_security_mode: SecurityMode from NEGOTIATE
 * @client_capabilities: Capabilities from NEGOTIATE
 * @cipher: negotiated cipher id, 0 for none
 * @signing_alg: negotiated signing algorithm id
 * @preauth_hash: 3.1.1 preauth integrity hash (MS-SMB2 3.3.5.4)
 * @sessions_closed: set under @proto_lock at teardown: no new sessions
 * @ngone: SessionIds of ended sessions kept for signed answers (under
 *	   @proto_lock; session.c)
 * @server_capabilities: Capabilities of our NEGOTIATE response
 * @server_security_mode: SecurityMode of our NEGOTIATE response
 * @client_dialects: Connection.ClientDialects (for VALIDATE_NEGOTIATE_INFO)
 * @client_dialect_count: how many; more than SMB3K_MAX_CLIENT_DIALECTS
 *			  cannot be validated
 * @credits: the command sequence window
 * @nsessions: sessions set up on this connection and not logged off
 * @last_active: jiffies of the last message received
 * @idle_work: drops the connection when it idles without a session
 * @inflight: received messages not yet answered
 * @async_lock: protects @async_list and @next_async_id
 * @async_list: Connection.AsyncCommandList (struct smb3k_async)
 * @next_async_id: the last AsyncId given out
 * @early_cancel: MessageIds of CANCELs that found no async request: the
 *	request may still be on its way to going async (async.c); a ring
 * @early_cancel_next: the ring's next slot
 */
struct smb3k_conn {
	struct kref ref;
	struct list_head node;
	struct socket *sock;
	struct work_struct io_work;
	struct work_struct release_work;
	unsigned long flags;
	struct sockaddr_storage peer;

	u8 rx_frame[4];
	u32 rx_frame_got;
	u8 *rx_buf;
	u32 rx_len;
	u32 rx_got;
	u32 max_msg;

	spinlock_t tx_lock;
	struct list_head tx_queue;

	void (*saved_data_ready)(struct sock *sk);
	void (*saved_write_space)(struct sock *sk);
	void (*saved_state_change)(struct sock *sk);

	struct mutex proto_lock;
	bool negotiated;
	u16 dialect;
	u8 client_guid[16];
	u16 client_security_mode;
	u32 client_capabilities;
	u16 cipher;
	u16 signing_alg;
	u8 preauth_hash[SMB3K_PREAUTH_HASH_SIZE];
	bool sessions_closed;
	unsigned int ngone;
	u32 server_capabilities;
	u16 server_security_mode;
	u16 client_dialects[SMB3K_MAX_CLIENT_DIALECTS];
	u16 client_dialect_count;
	struct smb3k_credits credits;
	atomic_t nsessions;
	unsigned long last_active;
	struct delayed_work idle_work;
	atomic_t inflight;
	spinlock_t async_lock;
	struct list_head async_list;
	u64 next_async_id;
	u64 early_cancel[SMB3K_EARLY_CANCEL_MAX];
	unsigned int early_cancel_next;
};

/**
 * struct smb3k_tx - one framed message on a connection's send queue
 * @node: on smb3k_conn.tx_queue
 * @len: bytes in @data, the 4-byte Direct TCP header included
 * @sent: bytes already sent
 * @data: the frame
 */
struct smb3k_tx {
	struct list_head node;
	u32 len;
	u32 sent;
	u8 data[];
};

int smb3k_conn_init(void);
void smb3k_conn_exit(void);
int smb3k_conn_create(struct socket *sock);
void smb3k_conn_kill(struct smb3k_conn *conn);
void smb3k_conn_close_after_send(struct smb3k_conn *conn);
void smb3k_conn_request_done(struct smb3k_conn *conn);
void smb3k_conn_close_all(void);
struct smb3k_conn *smb3k_conn_find_client(const u8 client_guid[16]);
unsigned int smb3k_conn_count(void);

struct smb3k_tx *smb3k_tx_alloc(u32 payload_len);
void smb3k_conn_queue_tx(struct smb3k_conn *conn, struct smb3k_tx *tx,
			 u32 payload_len);

static inline void smb3k_conn_get(struct smb3k_conn *conn)
{
	kref_get(&conn->ref);
}

void smb3k_conn_put(struct smb3k_conn *conn);

#endif /* _SMB3K_CONN_H */
