// SPDX-License-Identifier: GPL-2.0
/*
 * Listening TCP sockets (Direct TCP, MS-SMB2 2.1). The listener's
 * data_ready callback queues accept_work, which accepts without blocking
 * and hands each socket to a new connection.
 */
#include <linux/net.h>
#include <linux/slab.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>
#include <net/sock.h>

#include "conn.h"
#include "transport_tcp.h"

#define SMB3K_LISTEN_BACKLOG	128

struct smb3k_listener {
	struct socket *sock;
	struct smb3k_listen_addr addr;
	struct work_struct accept_work;
	void (*saved_data_ready)(struct sock *sk);
};

/**
 * smb3k_tcp_listener_addr() - the address a listener was opened for
 * @l: the listener
 *
 * Return: its address and port.
 */
const struct smb3k_listen_addr *smb3k_tcp_listener_addr(const struct smb3k_listener *l)
{
	return &l->addr;
}

static void smb3k_listen_data_ready(struct sock *sk)
{
	struct smb3k_listener *l;

	read_lock_bh(&sk->sk_callback_lock);
	l = sk->sk_user_data;
	if (l && sk->sk_state == TCP_LISTEN)
		queue_work(system_wq, &l->accept_work);
	read_unlock_bh(&sk->sk_callback_lock);
}

static void smb3k_accept_work(struct work_struct *work)
{
	struct smb3k_listener *l = container_of(work, struct smb3k_listener,
						accept_work);
	struct socket *newsock;
	int ret;

	for (;;) {
		ret = kernel_accept(l->sock, &newsock, O_NONBLOCK);
		if (ret == -EAGAIN)
			return;
		if (ret) {
			pr_warn_ratelimited("accept failed: %d\n", ret);
			return;
		}
		ret = smb3k_conn_create(newsock);
		if (ret) {
			net_dbg_ratelimited("smb3k: connection refused: %d\n", ret);
			sock_release(newsock);
		}
	}
}

/**
 * smb3k_tcp_listen() - open a listening socket
 * @la: address and port
 *
 * An IPv6 socket is v6-only, so that 0.0.0.0 and :: can both be listened on.
 *
 * Return: the listener or an ERR_PTR().
 */
struct smb3k_listener *smb3k_tcp_listen(const struct smb3k_listen_addr *la)
{
	struct sockaddr_storage ss = {};
	struct smb3k_listener *l;
	struct sock *sk;
	int addrlen, ret;

	l = kzalloc(sizeof(*l), GFP_KERNEL);
	if (!l)
		return ERR_PTR(-ENOMEM);
	l->addr = *la;
	INIT_WORK(&l->accept_work, smb3k_accept_work);

	if (la->family == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(la->port);
		sin->sin_addr = la->v4;
		addrlen = sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(la->port);
		sin6->sin6_addr = la->v6;
		addrlen = sizeof(*sin6);
	}

	ret = sock_create_kern(&init_net, la->family, SOCK_STREAM, IPPROTO_TCP,
			       &l->sock);
	if (ret)
		goto free;
	sk = l->sock->sk;
	sock_set_reuseaddr(sk);
	if (la->family == AF_INET6)
		ip6_sock_set_v6only(sk);
	ret = kernel_bind(l->sock, (struct sockaddr *)&ss, addrlen);
	if (ret) {
		pr_warn("cannot bind port %u: %d\n", la->port, ret);
		goto release;
	}

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = l;
	l->saved_data_ready = sk->sk_data_ready;
	sk->sk_data_ready = smb3k_listen_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);

	ret = kernel_listen(l->sock, SMB3K_LISTEN_BACKLOG);
	if (ret) {
		pr_warn("cannot listen on port %u: %d\n", la->port, ret);
		goto restore;
	}
	return l;

restore:
	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = l->saved_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
release:
	sock_release(l->sock);
free:
	kfree(l);
	return ERR_PTR(ret);
}

/**
 * smb3k_tcp_listener_close() - stop listening and free the listener
 * @l: the listener
 *
 * Connections accepted from it are not affected.
 */
void smb3k_tcp_listener_close(struct smb3k_listener *l)
{
	struct sock *sk = l->sock->sk;

	write_lock_bh(&sk->sk_callback_lock);
	sk->sk_user_data = NULL;
	sk->sk_data_ready = l->saved_data_ready;
	write_unlock_bh(&sk->sk_callback_lock);
	kernel_sock_shutdown(l->sock, SHUT_RDWR);
	cancel_work_sync(&l->accept_work);
	sock_release(l->sock);
	kfree(l);
}
