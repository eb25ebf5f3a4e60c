/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _SMB3K_TRANSPORT_TCP_H
#define _SMB3K_TRANSPORT_TCP_H

#include "server.h"

struct smb3k_listener;

struct smb3k_listener *smb3k_tcp_listen(const struct smb3k_listen_addr *la);
void smb3k_tcp_listener_close(struct smb3k_listener *l);
const struct smb3k_listen_addr *smb3k_tcp_listener_addr(const struct smb3k_listener *l);

#endif /* _SMB3K_TRANSPORT_TCP_H */
