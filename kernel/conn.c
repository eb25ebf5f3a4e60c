// SPDX-License-Identifier: GPL-2.0
/*
 * Client connections: lifetime, Direct TCP framing (MS-SMB2 2.1), and the
 * per-connection io_work that receives and sends without blocking.
 *
 * Socket callbacks only queue io_work. io_work reads whole messages and
 * hands each to the dispatcher as a work item; responses are queued on
 * tx_queue and sent by io_work. The connection is freed by the last
 * reference: the list's, dropped by release_work, and one per request.
 */
#include <linux/atomic.h>
#include <linux/mm.h>
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/wait.h>
#include <net/sock.h>
#include <net/tcp.h>

#include "async.h"
#include "conn.h"
#include "durable.h"
#include "server.h"
#include "session.h"
#include "smb2_dispatch.h"

/* Messages and sends handled per io_work run before it requeues itself. */
#define SMB3K_IO_BUDGET		16

static struct kmem_cache *smb3k_conn_cache;
static struct workqueue_struct *smb3k_io_wq;
static LIST_HEAD(smb3k_conns);
static DEFINE_SPINLOCK(smb3k_conns_lock);
static atomic_t smb3k_nconns = ATOMIC_INIT(0);
static DECLARE_WAIT_QUEUE_HEAD(smb3k_conns_gone);

/**
 * smb3k_conn_count() - number of live connections
 *
 * Return: connections not yet freed.
 */
unsigned int smb3k_conn_count(void)
{
	return atomic_read(&smb3k_nconns);
}

static void smb3k_conn_free(struct kref *ref)
{
	struct smb3k_conn *conn = container_of(ref, struct smb3k_conn, ref);
	struct smb3k_tx *tx, *tmp;

	list_for_each_entry_safe(tx, tmp, &conn->tx_queue, node) {
		list_del(&tx->node);
		kvfree(tx);
	}
	kvfree(conn->rx_buf);
	sock_release(conn->sock);
	mutex_destroy(&conn->proto_lock);
	kmem_cache_free(smb3k_conn_cache, conn);
	if (atomic_dec_and_test(&smb3k_nconns))
		wake_up_all(&smb3k_conns_gone);
}

/**
 * smb3k_conn_put() - drop a reference to a connection
 * @conn: the connection
 */
void smb3k_conn_put(struct smb3k_conn *conn)
{
	kref_put(&conn->ref, smb3k_conn_free);
}

static void smb3k_conn_data_ready(struct sock *sk)
{
	struct smb3k_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn && !test_bit(SMB3K_CONN_DEAD, &conn->flags))
		queue_work(smb3k_io_wq, &conn->io_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void smb3k_conn_write_space(struct sock *sk)
{
	struct smb3k_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn && sk_stream_is_writeable(sk)) {
		clear_bit(SOCK_NOSPACE, &sk->sk_socket->flags);
		if (!test_bit(SMB3K_CONN_DEAD, &conn->flags))
			queue_work(smb3k_io_wq, &conn->io_work);
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void smb3k_conn_state_change(struct sock *sk)
{
	struct smb3k_conn *conn;

	read_lock_bh(&sk->sk_callback_lock);
	conn = sk->sk_user_data;
	if (conn) {
		switch (sk->sk_state) {
		case TCP_FIN_WAIT1:
		case TCP_CLOSE_WAIT:
		case TCP_CLOSE:
			smb3k_conn_kill(conn);
			break;
		default:
			break;
		}
	}
	read_unlock_bh(&sk->sk_callback_lock);
}

static void smb3k_conn_restore_callbacks(struct smb3k_conn *conn)
{
	struct sock *sk = conn->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	if (sk->sk_user_data == conn) {
		sk->sk_user_data = NULL;
		sk->sk_data_ready = conn->saved_data_ready;
		sk->sk_write_space = conn->saved_write_space;
		sk->sk_state_change = conn->saved_state_change;
	}
	write_unlock_bh(&sk->sk_callback_lock);
}

/* An unauthenticated connection may not idle forever (MS-SMB2 3.3.2.1 spirit). */
static void smb3k_conn_idle_work(struct work_struct *work)
{
	struct smb3k_conn *conn = container_of(to_delayed_work(work),
					       struct smb3k_conn, idle_work);
	unsigned long idle = READ_ONCE(conn->last_active) +
			     SMB3K_IDLE_TIMEOUT_SECS * HZ;

	if (test_bit(SMB3K_CONN_DEAD, &conn->flags))
		return;
	if (!atomic_read(&conn->nsessions) && time_after_eq(jiffies, idle)) {
		net_dbg_ratelimited("smb3k: dropping an idle connection without a session\n");
		smb3k_conn_kill(conn);
		return;
	}
	queue_delayed_work(smb3k_io_wq, &conn->idle_work,
			   SMB3K_IDLE_TIMEOUT_SECS * HZ);
}

static void smb3k_conn_release_work(struct work_struct *work)
{
	struct smb3k_conn *conn = container_of(work, struct smb3k_conn,
					       release_work);

	cancel_delayed_work_sync(&conn->idle_work);
	smb3k_conn_restore_callbacks(conn);
	kernel_sock_shutdown(conn->sock, SHUT_RDWR);
	cancel_work_sync(&conn->io_work);

	mutex_lock(&conn->proto_lock);
	conn->sessions_closed = true;
	mutex_unlock(&conn->proto_lock);
	smb3k_async_cancel_all(conn);
	smb3k_session_logoff_conn(conn);

	spin_lock(&smb3k_conns_lock);
	list_del_init(&conn->node);
	spin_unlock(&smb3k_conns_lock);
	wake_up_all(&smb3k_conns_gone);
	smb3k_conn_put(conn);
}

/**
 * smb3k_conn_kill() - start tearing a connection down
 * @conn: the connection
 *
 * Safe from any context, any number of times: the first call schedules
 * release_work, which drops the list's reference.
 */
void smb3k_conn_kill(struct smb3k_conn *conn)
{
	if (!test_and_set_bit(SMB3K_CONN_DEAD, &conn->flags))
		queue_work(smb3k_io_wq, &conn->release_work);
}

/**
 * smb3k_conn_close_after_send() - close once every queued response is sent
 * @conn: the connection
 */
void smb3k_conn_close_after_send(struct smb3k_conn *conn)
{
	set_bit(SMB3K_CONN_CLOSE_AFTER_SEND, &conn->flags);
	queue_work(smb3k_io_wq, &conn->io_work);
}

/**
 * smb3k_conn_request_done() - a received message has been handled
 * @conn: the connection
 *
 * Resumes reading if it had stopped at SMB3K_MAX_INFLIGHT.
 */
void smb3k_conn_request_done(struct smb3k_conn *conn)
{
	if (atomic_dec_return(&conn->inflight) == SMB3K_MAX_INFLIGHT - 1 &&
	    !test_bit(SMB3K_CONN_DEAD, &conn->flags))
		queue_work(smb3k_io_wq, &conn->io_work);
}

/**
 * smb3k_tx_alloc() - allocate a frame for a message of @payload_len bytes
 * @payload_len: SMB message bytes, without the Direct TCP header
 *
 * The message goes at &tx->data[4].
 *
 * Return: the frame or NULL.
 */
struct smb3k_tx *smb3k_tx_alloc(u32 payload_len)
{
	struct smb3k_tx *tx;

	tx = kvmalloc(struct_size(tx, data, payload_len + 4), GFP_KERNEL);
	if (tx) {
		INIT_LIST_HEAD(&tx->node);
		tx->sent = 0;
		tx->len = 0;
	}
	return tx;
}

/**
 * smb3k_conn_queue_tx() - send a message, after those already queued
 * @conn: the connection
 * @tx: from smb3k_tx_alloc(), message at &tx->data[4]; consumed
 * @payload_len: message bytes, at most the size it was allocated for
 */
void smb3k_conn_queue_tx(struct smb3k_conn *conn, struct smb3k_tx *tx,
			 u32 payload_len)
{
	/* Direct TCP transport header: a zero byte, 24-bit length. */
	tx->data[0] = 0;
	tx->data[1] = payload_len >> 16;
	tx->data[2] = payload_len >> 8;
	tx->data[3] = payload_len;
	tx->len = payload_len + 4;

	spin_lock_bh(&conn->tx_lock);
	if (test_bit(SMB3K_CONN_DEAD, &conn->flags)) {
		spin_unlock_bh(&conn->tx_lock);
		kvfree(tx);
		return;
	}
	list_add_tail(&tx->node, &conn->tx_queue);
	spin_unlock_bh(&conn->tx_lock);
	queue_work(smb3k_io_wq, &conn->io_work);
}

/* Returns > 0 on progress, 0 when the socket would block, < 0 on error. */
static int smb3k_conn_recv_bytes(struct smb3k_conn *conn, void *buf, size_t len)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct kvec iov = { .iov_base = buf, .iov_len = len };
	int ret;

	ret = kernel_recvmsg(conn->sock, &msg, &iov, 1, len, msg.msg_flags);
	if (ret == -EAGAIN)
		return 0;
	if (ret == 0)
		return -ECONNRESET;	/* orderly close by the client */
	return ret;
}

/* Received the 4-byte header: check it and get a buffer for the message. */
static int smb3k_conn_start_message(struct smb3k_conn *conn)
{
	u32 len = (conn->rx_frame[1] << 16) | (conn->rx_frame[2] << 8) |
		  conn->rx_frame[3];

	/*
	 * MS-SMB2 2.1: Direct TCP has a zero byte and a 24-bit length. A
	 * message shorter than an SMB header, or larger than we allow now,
	 * ends the connection.
	 */
	if (conn->rx_frame[0] != 0 || len < 4 || len > READ_ONCE(conn->max_msg)) {
		net_dbg_ratelimited("smb3k: bad frame (type %u, length %u), disconnecting\n",
				    conn->rx_frame[0], len);
		return -EPROTO;
	}
	conn->rx_buf = kvmalloc(len, GFP_KERNEL);
	if (!conn->rx_buf)
		return -ENOMEM;
	conn->rx_len = len;
	conn->rx_got = 0;
	return 0;
}

static int smb3k_conn_recv(struct smb3k_conn *conn)
{
	int ret;

	/*
	 * Back-pressure: with SMB3K_MAX_INFLIGHT requests being handled,
	 * leave the next message in the socket until one completes
	 * (smb3k_conn_request_done() requeues io_work). Memory per
	 * connection stays bounded whatever credits the client holds.
	 */
	if (!conn->rx_frame_got &&
	    atomic_read(&conn->inflight) >= SMB3K_MAX_INFLIGHT)
		return 0;

	if (conn->rx_frame_got < sizeof(conn->rx_frame)) {
		ret = smb3k_conn_recv_bytes(conn, conn->rx_frame + conn->rx_frame_got,
					    sizeof(conn->rx_frame) - conn->rx_frame_got);
		if (ret <= 0)
			return ret;
		conn->rx_frame_got += ret;
		if (conn->rx_frame_got < sizeof(conn->rx_frame))
			return ret;
		ret = smb3k_conn_start_message(conn);
		return ret ? ret : 1;
	}

	ret = smb3k_conn_recv_bytes(conn, conn->rx_buf + conn->rx_got,
				    conn->rx_len - conn->rx_got);
	if (ret <= 0)
		return ret;
	conn->rx_got += ret;
	if (conn->rx_got == conn->rx_len) {
		u8 *msg = conn->rx_buf;
		u32 len = conn->rx_len;

		conn->rx_buf = NULL;
		conn->rx_frame_got = 0;
		WRITE_ONCE(conn->last_active, jiffies);
		atomic_inc(&conn->inflight);
		ret = smb3k_dispatch_queue(conn, msg, len);
		if (ret)
			atomic_dec(&conn->inflight);
		if (ret)
			return ret;
	}
	return 1;
}

static int smb3k_conn_send(struct smb3k_conn *conn)
{
	struct msghdr msg = { .msg_flags = MSG_DONTWAIT | MSG_NOSIGNAL };
	struct smb3k_tx *tx;
	struct kvec iov;
	int ret;

	spin_lock_bh(&conn->tx_lock);
	tx = list_first_entry_or_null(&conn->tx_queue, struct smb3k_tx, node);
	spin_unlock_bh(&conn->tx_lock);
	if (!tx) {
		if (test_bit(SMB3K_CONN_CLOSE_AFTER_SEND, &conn->flags))
			return -ECONNABORTED;
		return 0;
	}

	iov.iov_base = tx->data + tx->sent;
	iov.iov_len = tx->len - tx->sent;
	ret = kernel_sendmsg(conn->sock, &msg, &iov, 1, iov.iov_len);
	if (ret == -EAGAIN)
		return 0;
	if (ret <= 0)
		return ret ? ret : -EPIPE;
	tx->sent += ret;
	if (tx->sent == tx->len) {
		spin_lock_bh(&conn->tx_lock);
		list_del(&tx->node);
		spin_unlock_bh(&conn->tx_lock);
		kvfree(tx);
	}
	return ret;
}

static void smb3k_conn_io_work(struct work_struct *work)
{
	struct smb3k_conn *conn = container_of(work, struct smb3k_conn, io_work);
	int budget = SMB3K_IO_BUDGET;
	bool progress;
	int ret;

	do {
		if (test_bit(SMB3K_CONN_DEAD, &conn->flags))
			return;
		progress = false;

		ret = smb3k_conn_recv(conn);
		if (ret < 0)
			goto kill;
		progress |= ret > 0;

		ret = smb3k_conn_send(conn);
		if (ret < 0)
			goto kill;
		progress |= ret > 0;
	} while (progress && --budget);

	/* Out of budget with more to do: yield to other connections. */
	if (progress)
		queue_work(smb3k_io_wq, &conn->io_work);
	return;
kill:
	smb3k_conn_kill(conn);
}

/**
 * smb3k_conn_create() - take over an accepted socket as a new connection
 * @sock: the socket; owned by the connection on success
 *
 * Return: 0, -ECONNREFUSED over "max connections", or -ENOMEM.
 */
int smb3k_conn_create(struct socket *sock)
{
	struct smb3k_config cfg;
	struct smb3k_conn *conn;
	struct sock *sk = sock->sk;

	smb3k_config_snapshot(&cfg);
	if (cfg.max_connections &&
	    atomic_inc_return(&smb3k_nconns) > cfg.max_connections) {
		atomic_dec(&smb3k_nconns);
		smb3k_stat_rejected();
		return -ECONNREFUSED;
	} else if (!cfg.max_connections) {
		atomic_inc(&smb3k_nconns);
	}

	conn = kmem_cache_zalloc(smb3k_conn_cache, GFP_KERNEL);
	if (!conn) {
		if (atomic_dec_and_test(&smb3k_nconns))
			wake_up_all(&smb3k_conns_gone);
		return -ENOMEM;
	}
	kref_init(&conn->ref);
	INIT_LIST_HEAD(&conn->node);
	INIT_WORK(&conn->io_work, smb3k_conn_io_work);
	INIT_WORK(&conn->release_work, smb3k_conn_release_work);
	spin_lock_init(&conn->async_lock);
	INIT_LIST_HEAD(&conn->async_list);
	INIT_DELAYED_WORK(&conn->idle_work, smb3k_conn_idle_work);
	atomic_set(&conn->nsessions, 0);
	atomic_set(&conn->inflight, 0);
	conn->last_active = jiffies;
	spin_lock_init(&conn->tx_lock);
	INIT_LIST_HEAD(&conn->tx_queue);
	mutex_init(&conn->proto_lock);
	smb3k_credits_init(&conn->credits);
	conn->sock = sock;
	conn->max_msg = SMB3K_MAX_MSG_UNAUTH;
	kernel_getpeername(sock, (struct sockaddr *)&conn->peer);
	tcp_sock_set_nodelay(sk);

	spin_lock(&smb3k_conns_lock);
	list_add_tail(&conn->node, &smb3k_conns);
	spin_unlock(&smb3k_conns_lock);

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = conn;
	conn->saved_data_ready = sk->sk_data_ready;
	conn->saved_write_space = sk->sk_write_space;
	conn->saved_state_change = sk->sk_state_change;
	sk->sk_data_ready = smb3k_conn_data_ready;
	sk->sk_write_space = smb3k_conn_write_space;
	sk->sk_state_change = smb3k_conn_state_change;
	write_unlock_bh(&sk->sk_callback_lock);

	/* Data may have arrived before the callbacks were in place. */
	queue_work(smb3k_io_wq, &conn->io_work);
	queue_delayed_work(smb3k_io_wq, &conn->idle_work, SMB3K_IDLE_TIMEOUT_SECS * HZ);
	return 0;
}

/**
 * smb3k_conn_find_client() - the first live connection of a client
 * @client_guid: the ClientGuid its NEGOTIATE sent
 *
 * For server-to-client messages that belong to a client rather than a
 * connection (lease breaks, MS-SMB2 3.3.4.7: "the first available").
 *
 * Return: a referenced connection, or NULL.
 */
struct smb3k_conn *smb3k_conn_find_client(const u8 client_guid[16])
{
	struct smb3k_conn *conn, *found = NULL;

	spin_lock(&smb3k_conns_lock);
	list_for_each_entry(conn, &smb3k_conns, node) {
		if (READ_ONCE(conn->negotiated) && conn->dialect >= SMB3K_DIALECT_210 &&
		    !test_bit(SMB3K_CONN_DEAD, &conn->flags) &&
		    !memcmp(conn->client_guid, client_guid, 16)) {
			smb3k_conn_get(conn);
			found = conn;
			break;
		}
	}
	spin_unlock(&smb3k_conns_lock);
	return found;
}

static bool smb3k_conns_released(void)
{
	bool empty;

	spin_lock(&smb3k_conns_lock);
	empty = list_empty(&smb3k_conns);
	spin_unlock(&smb3k_conns_lock);
	return empty;
}

/**
 * smb3k_conn_close_all() - disconnect every client and wait until all are freed
 *
 * Requests in flight finish first (they hold references). The durable
 * opens the sessions leave behind are closed once every session has
 * ended: they hold their old connections.
 */
void smb3k_conn_close_all(void)
{
	struct smb3k_conn *conn;

	spin_lock(&smb3k_conns_lock);
	list_for_each_entry(conn, &smb3k_conns, node)
		smb3k_conn_kill(conn);
	spin_unlock(&smb3k_conns_lock);
	wait_event(smb3k_conns_gone, smb3k_conns_released());
	smb3k_durable_close_all();
	wait_event(smb3k_conns_gone, atomic_read(&smb3k_nconns) == 0);
}

/**
 * smb3k_conn_init() - create the connection cache and IO workqueue
 *
 * Return: 0 or -ENOMEM.
 */
int smb3k_conn_init(void)
{
	smb3k_conn_cache = KMEM_CACHE(smb3k_conn, 0);
	if (!smb3k_conn_cache)
		return -ENOMEM;
	smb3k_io_wq = alloc_workqueue("smb3k_io", WQ_MEM_RECLAIM | WQ_HIGHPRI, 0);
	if (!smb3k_io_wq) {
		kmem_cache_destroy(smb3k_conn_cache);
		return -ENOMEM;
	}
	return 0;
}

/**
 * smb3k_conn_exit() - free what smb3k_conn_init() made; no connection is left
 */
void smb3k_conn_exit(void)
{
	destroy_workqueue(smb3k_io_wq);
	kmem_cache_destroy(smb3k_conn_cache);
}
