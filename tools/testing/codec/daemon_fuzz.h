/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the fuzzers of smb3kd's parsers (fuzz_daemon_*, fuzz_rpc_*) share:
 * a fixed configuration and user database, quiet logging and deterministic
 * "random" numbers (daemon_fuzz.c replaces log.c and rpc_random.c).
 */
#ifndef SMB3K_DAEMON_FUZZ_H
#define SMB3K_DAEMON_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "config.h"
#include "passdb.h"

/*
 * NetBIOS name SMB3KFUZZ, "map to guest = bad password", shares [test]
 * and [guest] (guest ok) on /, the read-only [ro] for user test only,
 * the hidden [hidden] on a path that does not exist; no state directory.
 */
extern struct smb3k_config fuzz_cfg;
/* User test (password test), user off (password off, disabled). */
extern struct passdb fuzz_db;

/* Load both once (aborts on failure). */
void fuzz_daemon_init(void);

/* The RPC interfaces the daemon serves, for targets that pick one. */
#define FUZZ_RPC_IFACES	4
struct rpc_iface;
extern const struct rpc_iface *const fuzz_rpc_ifaces[FUZZ_RPC_IFACES];
/*
 * Policy handles are 20 bytes: 4 zero bytes, FUZZ_HANDLE_TAG, then the
 * handle's number in the input (from 0, 16 bits little-endian).
 */
#define FUZZ_HANDLE_TAG		"smb3k-fuzz-hnd"

/* Start rpc_random() over: every input sees the same numbers. */
void fuzz_random_reset(void);

#endif
