// SPDX-License-Identifier: GPL-2.0
/* Shared parts of the smb3kd fuzzers (daemon_fuzz.h). */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "daemon_fuzz.h"
#include "errlist.h"
#include "log.h"
#include "rpc_server.h"

struct smb3k_config fuzz_cfg;
struct passdb fuzz_db;
static uint64_t random_state;
static unsigned int handle_count;

static const char config_text[] =
	"[global]\n"
	"netbios name = SMB3KFUZZ\n"
	"server string = smb3k fuzz\n"
	"map to guest = bad password\n"
	"guest account = nobody\n"
	"[test]\n"
	"path = /\n"
	"comment = the share\n"
	"[guest]\n"
	"path = /\n"
	"guest ok = yes\n"
	"continuous availability = yes\n"
	"[ro]\n"
	"path = /\n"
	"read only = yes\n"
	"valid users = test\n"
	"smb encrypt = required\n"
	"[hidden]\n"
	"path = /nonexistent/smb3k-fuzz\n"
	"browseable = no\n";

/* log.c's interface: format everything (printf bugs show), print nothing. */
void log_set_level(unsigned int config_level)
{
	(void)config_level;
}

void log_msg(int priority, const char *fmt, ...)
{
	char buf[512];
	va_list ap;

	(void)priority;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
}

/*
 * rpc_random.c's, restarted for every input: 16 bytes (the GUID of a
 * policy handle, rpc_handle_new()) are FUZZ_HANDLE_TAG and the handle's
 * number in the input, little-endian; anything else comes from a linear
 * congruential sequence.
 */
void rpc_random(void *buf, size_t len)
{
	unsigned char *b = buf;

	if (len == 16) {
		memcpy(b, FUZZ_HANDLE_TAG, 14);
		b[14] = (unsigned char)handle_count;
		b[15] = (unsigned char)(handle_count >> 8);
		handle_count++;
		return;
	}
	while (len--) {
		random_state = random_state * 6364136223846793005ULL + 1442695040888963407ULL;
		*b++ = (unsigned char)(random_state >> 56);
	}
}

void fuzz_random_reset(void)
{
	random_state = 1;
	handle_count = 0;
}

static void add_user(const char *name, const char *password, bool disabled)
{
	unsigned char hash[NT_HASH_SIZE];

	if (nt_hash(password, hash) || passdb_add(&fuzz_db, name, hash) ||
	    (disabled && passdb_set_flags(&fuzz_db, name, PASSDB_FLAG_DISABLED)))
		abort();
}

void fuzz_daemon_init(void)
{
	static bool done;
	struct errlist errs = { 0 };
	char path[] = "/tmp/smb3k-fuzz-conf.XXXXXX";
	int fd;

	if (done)
		return;
	done = true;
	fd = mkstemp(path);
	if (fd < 0 || write(fd, config_text, sizeof(config_text) - 1) !=
	    (ssize_t)(sizeof(config_text) - 1))
		abort();
	close(fd);
	if (config_load(&fuzz_cfg, path, &errs)) {
		errlist_print(&errs, stderr, "fuzz config: ");
		unlink(path);
		abort();
	}
	unlink(path);
	errlist_free(&errs);
	/* nothing may be written: no server GUID file, no state */
	free(fuzz_cfg.state_dir);
	fuzz_cfg.state_dir = NULL;
	add_user("test", "test", false);
	add_user("off", "off", true);
	fuzz_random_reset();
}

const struct rpc_iface *const fuzz_rpc_ifaces[FUZZ_RPC_IFACES] = {
	&rpc_srvsvc_iface,
	&rpc_wkssvc_iface,
	&rpc_lsarpc_iface,
	&rpc_samr_iface,
};

/* Every daemon target starts from the same configuration and users (a
 * target with more to set up defines its own). */
__attribute__((weak)) int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	fuzz_daemon_init();
	return 0;
}
