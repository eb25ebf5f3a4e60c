/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SMB3K generic netlink socket. One socket carries our requests, the
 * kernel's replies and ACKs (matched by sequence number) and its upcalls
 * (sent to the port that REGISTERed), so REGISTER and the event loop use
 * the same socket. Upcalls that arrive while a request waits for its ACK
 * are handed to the upcall callback at once.
 */
#ifndef SMB3K_NL_H
#define SMB3K_NL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <linux/netlink.h>
#include <netlink/msg.h>

/* Exit codes of smb3kd and smb3kctl. */
#define EXIT_CONFIG	1	/* usage, config, passdb, other local errors */
#define EXIT_KERNEL	2	/* the kernel refused a request */
#define EXIT_NO_MODULE	3	/* family SMB3K not found */
#define EXIT_PERM	4	/* EPERM: CAP_NET_ADMIN needed */

#define NL_REQUEST_TIMEOUT_MS	5000
#define NL_EXTACK_MAX		256

struct smb3k_nl;

/*
 * Called for every SMB3K message that is not a reply to our request. It
 * may answer with smb3k_nl_send(), never with smb3k_nl_request().
 */
typedef void (*smb3k_upcall_fn)(struct smb3k_nl *nl, const struct nlmsghdr *nlh,
				void *arg);
/* Called for each reply message of a request; nonzero fails the request. */
typedef int (*smb3k_reply_fn)(const struct nlmsghdr *nlh, void *arg);

/* 0 or -errno. */
int smb3k_nl_open(struct smb3k_nl **out);
void smb3k_nl_close(struct smb3k_nl *nl);
int smb3k_nl_fd(const struct smb3k_nl *nl);
void smb3k_nl_set_upcall(struct smb3k_nl *nl, smb3k_upcall_fn fn, void *arg);

/*
 * Look up family SMB3K: 0, -ENOENT if the module is not loaded, or another
 * -errno. The family's id and version are then available.
 */
int smb3k_nl_resolve(struct smb3k_nl *nl);
/* What smb3k_nl_resolve() found (tests set it by hand). */
void smb3k_nl_set_family(struct smb3k_nl *nl, uint16_t id, uint32_t version);
uint32_t smb3k_nl_family_version(const struct smb3k_nl *nl);

/*
 * Join nlctrl's "notify" group to learn when the module goes away
 * (family_gone) and when it is loaded again after that (family_back); both
 * hold until smb3k_nl_resolve() finds the family again.
 */
int smb3k_nl_watch_family(struct smb3k_nl *nl);
bool smb3k_nl_family_gone(const struct smb3k_nl *nl);
bool smb3k_nl_family_back(const struct smb3k_nl *nl);

/* A new SMB3K request message; NULL on allocation failure. */
struct nl_msg *smb3k_nl_msg(struct smb3k_nl *nl, uint8_t cmd);
/* ... with room for size bytes (larger than a page). */
struct nl_msg *smb3k_nl_msg_size(struct smb3k_nl *nl, uint8_t cmd, size_t size);

/*
 * Send msg with NLM_F_ACK and wait for its ACK (up to
 * NL_REQUEST_TIMEOUT_MS), passing reply messages to fn (may be NULL).
 * Returns 0 or -errno; the kernel's extack text is in smb3k_nl_extack().
 * msg is not freed.
 */
int smb3k_nl_request(struct smb3k_nl *nl, struct nl_msg *msg, smb3k_reply_fn fn, void *arg);
/* Send without waiting (answers to upcalls). 0 or -errno. */
int smb3k_nl_send(struct smb3k_nl *nl, struct nl_msg *msg);
/*
 * Read and dispatch whatever is queued, without blocking. 0, or -errno if
 * the socket failed; -ENODEV once the family has gone away (until it is
 * resolved again). A request to the family fails with -ENODEV then too.
 */
int smb3k_nl_dispatch(struct smb3k_nl *nl);

/* Dispatch a received datagram of netlink messages (tests feed it). */
void smb3k_nl_handle(struct smb3k_nl *nl, void *buf, size_t len);

const char *smb3k_nl_extack(const struct smb3k_nl *nl);

/*
 * A sentence for a failed request: the errno mapped as the ABI header's
 * rules say (EPERM, EBUSY, EPROTO, ENOENT for the family) plus extack.
 */
void smb3k_nl_describe(int err, const char *extack, char *buf, size_t len);
/* The exit code for a failed request or resolve. */
int smb3k_nl_exit_code(int err);

/* What to say when smb3k_nl_resolve() returns -ENOENT. */
extern const char nl_msg_family_missing[];

#endif
