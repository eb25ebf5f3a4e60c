// SPDX-License-Identifier: GPL-2.0
/*
 * smb3k: an in-kernel SMB3 file server. Module init and exit only.
 */
#include <linux/module.h>
#include <linux/smb3k.h>

#include "conn.h"
#include "durable.h"
#include "netlink.h"
#include "ios.h"
#include "notify.h"
#include "server.h"
#include "session.h"
#include "smb2_crypto.h"
#include "smb2_dispatch.h"

static int __init smb3k_init(void)
{
	int ret;

	ret = smb3k_crypto_init();
	if (ret)
		return ret;
	if (smb3k_selftest_enabled()) {
		ret = smb3k_crypto_selftest();
		if (ret) {
			ret = -EINVAL;
			goto crypto;
		}
	}
	ret = smb3k_ios_init();
	if (ret)
		goto crypto;
	ret = smb3k_notify_init();
	if (ret)
		goto ios;
	ret = smb3k_conn_init();
	if (ret)
		goto notify;
	ret = smb3k_dispatch_init();
	if (ret)
		goto conn;
	ret = smb3k_session_init();
	if (ret)
		goto dispatch;
	ret = smb3k_server_init();
	if (ret)
		goto session;
	ret = smb3k_netlink_init();
	if (ret)
		goto server;
	pr_info("loaded, netlink ABI version %u\n", SMB3K_ABI_VERSION);
	return 0;

server:
	smb3k_server_exit();
session:
	smb3k_session_exit();
dispatch:
	smb3k_dispatch_exit();
conn:
	smb3k_conn_exit();
notify:
	smb3k_notify_exit();
ios:
	smb3k_ios_exit();
crypto:
	smb3k_crypto_exit();
	return ret;
}

static void __exit smb3k_exit(void)
{
	/* No new daemon requests, then no listeners or clients, then the rest. */
	smb3k_netlink_exit();
	smb3k_server_exit();
	smb3k_durable_exit();
	smb3k_session_exit();
	smb3k_dispatch_exit();
	smb3k_conn_exit();
	smb3k_notify_exit();
	smb3k_ios_exit();
	smb3k_crypto_exit();
	pr_info("unloaded\n");
}

module_init(smb3k_init);
module_exit(smb3k_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("In-kernel SMB3 file server");
MODULE_ALIAS_GENL_FAMILY(SMB3K_GENL_NAME);
MODULE_SOFTDEP("pre: sha512 hmac sha256 cmac aes gcm ccm");
