/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The fixed configuration the RPC tests serve: NetBIOS name SMB3KTEST,
 * server string "smb3k test server", shares [data] (/srv/data, "Data
 * share"), [ca] (/srv/ca, "CA share", continuous availability) and the
 * non-browseable [hidden] (/srv/hidden).
 */
#ifndef SMB3K_RPC_TESTCFG_H
#define SMB3K_RPC_TESTCFG_H

#include "config.h"

void rpc_test_config(struct smb3k_config *cfg);
void rpc_test_config_free(struct smb3k_config *cfg);

#endif
