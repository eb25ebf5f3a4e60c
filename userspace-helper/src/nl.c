// SPDX-License-Identifier: GPL-2.0
#include "nl.h"

#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/smb3k.h>
#include <netlink/genl/genl.h>
#include <netlink/netlink.h>
#include <netlink/socket.h>

#include "log.h"
#include "nl_msgs.h"
#include "util.h"

#define NL_RCVBUF	(1 << 20)

const char nl_msg_family_missing[] =
	"smb3k module not loaded (generic netlink family " SMB3K_GENL_NAME " not found)";

/* The request we are waiting for, if any. */
struct pending {
	uint32_t seq;
	uint16_t type;			/* nlmsg_type of its replies */
	smb3k_reply_fn fn;
	void *arg;
	bool done;
	int result;
};

struct smb3k_nl {
	struct nl_sock *sk;
	int fd;
	uint32_t port;
	uint16_t family;
	uint32_t version;
	uint32_t seq;
	bool family_gone;
	bool family_back;		/* added again since it went */
	smb3k_upcall_fn upcall;
	void *upcall_arg;
	struct pending *pending;
	char extack[NL_EXTACK_MAX];
	unsigned char *buf;
	size_t bufsize;
};

int smb3k_nl_open(struct smb3k_nl **out)
{
	struct smb3k_nl *nl = xcalloc(1, sizeof(*nl));
	int one = 1, rc;

	nl->sk = nl_socket_alloc();
	if (!nl->sk) {
		free(nl);
		return -ENOMEM;
	}
	errno = 0;
	if (genl_connect(nl->sk) < 0) {
		rc = errno ? -errno : -EIO;
		nl_socket_free(nl->sk);
		free(nl);
		return rc;
	}
	nl->fd = nl_socket_get_fd(nl->sk);
	nl->port = nl_socket_get_local_port(nl->sk);
	nl_socket_set_nonblocking(nl->sk);
	nl_socket_set_buffer_size(nl->sk, NL_RCVBUF, 0);
	/* Best effort: older kernels lack them, and then there is no extack. */
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	setsockopt(nl->fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	nl->bufsize = 32768;
	nl->buf = xmalloc(nl->bufsize);
	*out = nl;
	return 0;
}

void smb3k_nl_close(struct smb3k_nl *nl)
{
	if (!nl)
		return;
	nl_socket_free(nl->sk);
	free(nl->buf);
	free(nl);
}

int smb3k_nl_fd(const struct smb3k_nl *nl)
{
	return nl->fd;
}

void smb3k_nl_set_upcall(struct smb3k_nl *nl, smb3k_upcall_fn fn, void *arg)
{
	nl->upcall = fn;
	nl->upcall_arg = arg;
}

bool smb3k_nl_family_back(const struct smb3k_nl *nl)
{
	return nl->family_back;
}

uint32_t smb3k_nl_family_version(const struct smb3k_nl *nl)
{
	return nl->version;
}

bool smb3k_nl_family_gone(const struct smb3k_nl *nl)
{
	return nl->family_gone;
}

const char *smb3k_nl_extack(const struct smb3k_nl *nl)
{
	return nl->extack;
}

static int send_raw(struct smb3k_nl *nl, struct nl_msg *msg, uint16_t flags)
{
	struct sockaddr_nl kernel = { .nl_family = AF_NETLINK };
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	ssize_t n;

	if (++nl->seq == 0)
		nl->seq = 1;	/* 0 is what notifications carry */
	nlh->nlmsg_seq = nl->seq;
	nlh->nlmsg_pid = nl->port;
	nlh->nlmsg_flags |= NLM_F_REQUEST | flags;
	do {
		n = sendto(nl->fd, nlh, nlh->nlmsg_len, 0, (struct sockaddr *)&kernel,
			   sizeof(kernel));
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return n == (ssize_t)nlh->nlmsg_len ? 0 : -EMSGSIZE;
}

int smb3k_nl_send(struct smb3k_nl *nl, struct nl_msg *msg)
{
	return send_raw(nl, msg, 0);
}

static void handle_ctrl(struct smb3k_nl *nl, const struct nlmsghdr *nlh)
{
	struct ctrl_family fam;
	uint8_t cmd;

	if (smb3k_parse_ctrl_family(nlh, NULL, &cmd, &fam) || strcmp(fam.name, SMB3K_GENL_NAME))
		return;
	if (cmd == CTRL_CMD_DELFAMILY) {
		log_debug("netlink: family %s (id %u) removed", fam.name, fam.id);
		nl->family_gone = true;
		nl->family_back = false;
	} else if (cmd == CTRL_CMD_NEWFAMILY && nl->family_gone) {
		log_debug("netlink: family %s added again (id %u)", fam.name, fam.id);
		nl->family_back = true;
	}
}

/* Commands the kernel sends unasked; never a reply, whatever their seq. */
static bool is_upcall(const struct smb3k_nl *nl, const struct nlmsghdr *nlh)
{
	const struct genlmsghdr *gnlh = nlmsg_data(nlh);

	if (!nl->family || nlh->nlmsg_type != nl->family ||
	    nlh->nlmsg_len < NLMSG_HDRLEN + GENL_HDRLEN)
		return false;
	switch (gnlh->cmd) {
	case SMB3K_CMD_HEARTBEAT:
	case SMB3K_CMD_SESSION_SETUP:
	case SMB3K_CMD_SESSION_END:
	case SMB3K_CMD_TREE_CONNECT:
	case SMB3K_CMD_RPC_OPEN:
	case SMB3K_CMD_RPC_WRITE:
	case SMB3K_CMD_RPC_READ:
	case SMB3K_CMD_RPC_TRANSACT:
	case SMB3K_CMD_RPC_CLOSE:
	case SMB3K_CMD_OPEN_SAVE:
	case SMB3K_CMD_OPEN_REMOVE:
		return true;
	}
	return false;
}

/* A reply has the request's seq and type (the controller answers
 * GETFAMILY with NEWFAMILY, so the command may differ). */
static bool is_reply(const struct smb3k_nl *nl, const struct nlmsghdr *nlh)
{
	const struct pending *p = nl->pending;

	return p && !p->done && nlh->nlmsg_seq == p->seq && nlh->nlmsg_type == p->type &&
	       !is_upcall(nl, nlh);
}

static void handle_error(struct smb3k_nl *nl, const struct nlmsghdr *nlh)
{
	struct pending *p = nl->pending;
	char text[NL_EXTACK_MAX];
	int error;

	if (smb3k_parse_error(nlh, &error, text, sizeof(text))) {
		log_warn("netlink: malformed error message from the kernel");
		return;
	}
	if (p && !p->done && nlh->nlmsg_seq == p->seq) {
		p->done = true;
		if (!p->result)
			p->result = -error;
		snprintf(nl->extack, sizeof(nl->extack), "%s", text);
		return;
	}
	/* An answer to a message we did not wait for (an upcall reply). */
	if (error)
		log_debug("netlink: kernel rejected message %u: %s%s%s", nlh->nlmsg_seq,
			  strerror(error), *text ? ": " : "", text);
}

static void handle_message(struct smb3k_nl *nl, const struct nlmsghdr *nlh)
{
	struct pending *p = nl->pending;

	switch (nlh->nlmsg_type) {
	case NLMSG_ERROR:
		handle_error(nl, nlh);
		return;
	case NLMSG_DONE:
		if (p && !p->done && nlh->nlmsg_seq == p->seq)
			p->done = true;
		return;
	case NLMSG_NOOP:
	case NLMSG_OVERRUN:
		return;
	}
	if (is_reply(nl, nlh)) {
		if (p->fn && !p->result)
			p->result = p->fn(nlh, p->arg);
		return;
	}
	if (nlh->nlmsg_type == GENL_ID_CTRL)
		handle_ctrl(nl, nlh);
	else if (nl->family && nlh->nlmsg_type == nl->family && nl->upcall)
		nl->upcall(nl, nlh, nl->upcall_arg);
}

void smb3k_nl_handle(struct smb3k_nl *nl, void *buf, size_t size)
{
	int len = size > INT_MAX ? INT_MAX : (int)size;
	struct nlmsghdr *nlh;

	for (nlh = buf; nlmsg_ok(nlh, len); nlh = nlmsg_next(nlh, &len))
		handle_message(nl, nlh);
	if (len)
		log_warn("netlink: %d trailing bytes in a message from the kernel", len);
}

/* Receive one datagram if there is one: 1, 0 (nothing queued) or -errno. */
static int receive_one(struct smb3k_nl *nl)
{
	struct sockaddr_nl from;
	socklen_t fromlen = sizeof(from);
	ssize_t n;

	/* MSG_TRUNC with MSG_PEEK returns the datagram's real size */
	do {
		n = recv(nl->fd, nl->buf, nl->bufsize, MSG_PEEK | MSG_TRUNC);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
	if ((size_t)n > nl->bufsize) {
		nl->bufsize = (size_t)n;
		nl->buf = xrealloc(nl->buf, nl->bufsize);
	}
	do {
		n = recvfrom(nl->fd, nl->buf, nl->bufsize, 0, (struct sockaddr *)&from, &fromlen);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		return errno == EAGAIN || errno == EWOULDBLOCK ? 0 : -errno;
	if (from.nl_pid != 0) {
		log_debug("netlink: ignoring a message from port %u", from.nl_pid);
		return 1;
	}
	smb3k_nl_handle(nl, nl->buf, (size_t)n);
	return 1;
}

int smb3k_nl_dispatch(struct smb3k_nl *nl)
{
	int rc;

	while ((rc = receive_one(nl)) > 0)
		;
	if (rc == -ENOBUFS) {
		/* the queue overflowed: messages were lost, the socket still works */
		log_warn("netlink: receive queue overflowed, upcalls were lost");
		rc = 0;
	}
	if (!rc && nl->family_gone)
		rc = -ENODEV;
	return rc;
}

static int64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int wait_for(struct smb3k_nl *nl, struct pending *p)
{
	int64_t deadline = now_ms() + NL_REQUEST_TIMEOUT_MS;

	while (!p->done) {
		struct pollfd pfd = { .fd = nl->fd, .events = POLLIN };
		int64_t left = deadline - now_ms();
		int rc;

		if (left <= 0)
			return -ETIMEDOUT;
		rc = poll(&pfd, 1, (int)left);
		if (rc < 0 && errno != EINTR)
			return -errno;
		if (rc <= 0)
			continue;
		rc = smb3k_nl_dispatch(nl);
		/* the family's absence fails only requests to it (not a lookup) */
		if (rc == -ENODEV && !p->done && p->type == nl->family)
			return -ENODEV;
		if (rc < 0 && rc != -ENODEV)
			return rc;
	}
	return p->result;
}

int smb3k_nl_request(struct smb3k_nl *nl, struct nl_msg *msg, smb3k_reply_fn fn, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct pending p = {
		.type = nlh->nlmsg_type,
		.fn = fn,
		.arg = arg,
	};
	int rc;

	nl->extack[0] = '\0';
	rc = send_raw(nl, msg, NLM_F_ACK);
	if (rc)
		return rc;
	p.seq = nl->seq;
	nl->pending = &p;
	rc = wait_for(nl, &p);
	nl->pending = NULL;
	return rc;
}

struct nl_msg *smb3k_nl_msg(struct smb3k_nl *nl, uint8_t cmd)
{
	return smb3k_msg_new(nl->family, cmd, SMB3K_ABI_VERSION);
}

struct nl_msg *smb3k_nl_msg_size(struct smb3k_nl *nl, uint8_t cmd, size_t size)
{
	return smb3k_msg_new_size(nl->family, cmd, SMB3K_ABI_VERSION, size);
}

struct resolve_ctx {
	const char *group;
	struct ctrl_family fam;
	bool found;
};

static int resolve_reply(const struct nlmsghdr *nlh, void *arg)
{
	struct resolve_ctx *ctx = arg;
	uint8_t cmd;

	if (smb3k_parse_ctrl_family(nlh, ctx->group, &cmd, &ctx->fam))
		return -EBADMSG;
	ctx->found = true;
	return 0;
}

static int get_family(struct smb3k_nl *nl, const char *name, struct resolve_ctx *ctx)
{
	struct nl_msg *msg = smb3k_msg_new(GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 1);
	int rc;

	if (!msg)
		return -ENOMEM;
	if (nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, name)) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	rc = smb3k_nl_request(nl, msg, resolve_reply, ctx);
	nlmsg_free(msg);
	if (!rc && !ctx->found)
		rc = -EBADMSG;
	return rc;
}

int smb3k_nl_resolve(struct smb3k_nl *nl)
{
	struct resolve_ctx ctx = { 0 };
	int rc = get_family(nl, SMB3K_GENL_NAME, &ctx);

	if (rc)
		return rc;
	smb3k_nl_set_family(nl, ctx.fam.id, ctx.fam.version);
	return 0;
}

void smb3k_nl_set_family(struct smb3k_nl *nl, uint16_t id, uint32_t version)
{
	nl->family = id;
	nl->version = version;
	nl->family_gone = false;
	nl->family_back = false;
}

int smb3k_nl_watch_family(struct smb3k_nl *nl)
{
	struct resolve_ctx ctx = { .group = "notify" };
	int rc = get_family(nl, "nlctrl", &ctx);

	if (rc)
		return rc;
	if (!ctx.fam.group_id)
		return -ENOENT;
	if (nl_socket_add_membership(nl->sk, (int)ctx.fam.group_id) < 0)
		return -EIO;
	return 0;
}

void smb3k_nl_describe(int err, const char *extack, char *buf, size_t len)
{
	const char *what = NULL;

	err = err < 0 ? -err : err;
	switch (err) {
	case EPERM:
		what = "permission denied: smb3kd and smb3kctl need CAP_NET_ADMIN (run as root)";
		break;
	case EBUSY:
		what = "another smb3kd is already registered";
		break;
	case EPROTO:
		what = "ABI version mismatch";
		break;
	case ETIMEDOUT:
		what = "no answer from the kernel";
		break;
	case ENODEV:
		what = "the smb3k module went away";
		break;
	}
	if (what && extack && *extack)
		snprintf(buf, len, "%s: %s (%s)", what, extack, strerror(err));
	else if (what)
		snprintf(buf, len, "%s", what);
	else if (extack && *extack)
		snprintf(buf, len, "%s: %s", strerror(err), extack);
	else
		snprintf(buf, len, "%s", strerror(err));
}

int smb3k_nl_exit_code(int err)
{
	err = err < 0 ? -err : err;
	if (err == EPERM || err == EACCES)
		return EXIT_PERM;
	if (err == ENOENT || err == ENODEV)
		return EXIT_NO_MODULE;
	return EXIT_KERNEL;
}
