// SPDX-License-Identifier: GPL-2.0
/*
 * smb3kd: the smb3k user-space daemon. Runs in the foreground (systemd),
 * registers with the kernel module, configures it, restores the persistent
 * handles it keeps and answers upcalls. When the module is unloaded it waits
 * for it to be loaded again and does all that again.
 */
#include <errno.h>
#include <getopt.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <linux/smb3k.h>
#include <netlink/genl/genl.h>

#include "config.h"
#include "listeners.h"
#include "log.h"
#include "nl.h"
#include "nl_msgs.h"
#include "open_msg.h"
#include "passdb.h"
#include "persist.h"
#include "rpc_upcall.h"
#include "server_guid.h"
#include "upcall.h"

struct daemon {
	const char *config_file;
	uint32_t heartbeat_ms;
	uint32_t abi_version;		/* sent in REGISTER */
	bool check_abi;			/* off with --abi-version */
	struct smb3k_config cfg;
	struct passdb db;
	struct smb3k_listener listeners[SMB3K_MAX_LISTENERS];
	size_t n_listeners;
	unsigned char guid[SERVER_GUID_SIZE];
	struct smb3k_nl *nl;
	struct upcall_ctx up;
	struct persist persist;
	bool detached;			/* the module went away; waiting for it */
	int sigfd;
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: smb3kd [-c FILE] [--heartbeat-ms N] [--abi-version N]\n"
		"  -c, --config FILE     configuration (default %s)\n"
		"  --heartbeat-ms N      heartbeat interval, %d-%d ms (default %d)\n"
		"  --abi-version N       testing only: send ABI version N in REGISTER\n"
		"                        and skip the local version check\n"
		"  -h, --help            this text\n",
		CONFIG_DEFAULT_FILE, SMB3K_HEARTBEAT_MIN_MS, SMB3K_HEARTBEAT_MAX_MS,
		SMB3K_HEARTBEAT_DEFAULT_MS);
}

static int parse_args(struct daemon *d, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "config", required_argument, NULL, 'c' },
		{ "heartbeat-ms", required_argument, NULL, 'H' },
		{ "abi-version", required_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned long long v;
	int c;

	while ((c = getopt_long(argc, argv, "c:h", opts, NULL)) != -1) {
		switch (c) {
		case 'c':
			d->config_file = optarg;
			break;
		case 'H':
			if (!parse_uint(optarg, SMB3K_HEARTBEAT_MIN_MS, SMB3K_HEARTBEAT_MAX_MS, &v)) {
				fprintf(stderr, "smb3kd: --heartbeat-ms must be %d-%d\n",
					SMB3K_HEARTBEAT_MIN_MS, SMB3K_HEARTBEAT_MAX_MS);
				return -1;
			}
			d->heartbeat_ms = (uint32_t)v;
			break;
		case 'A':
			if (!parse_uint(optarg, 0, UINT32_MAX, &v)) {
				fprintf(stderr, "smb3kd: --abi-version needs a number\n");
				return -1;
			}
			d->abi_version = (uint32_t)v;
			d->check_abi = false;
			break;
		case 'h':
			usage(stdout);
			exit(0);
		default:
			usage(stderr);
			return -1;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return -1;
	}
	return 0;
}

static void log_errors(const struct errlist *errs)
{
	size_t i;

	for (i = 0; i < errs->n; i++)
		log_err("%s", errs->msg[i]);
}

/* Config, passdb and listeners, all or nothing. */
static int load_settings(struct daemon *d, struct smb3k_config *cfg, struct passdb *db,
			 struct smb3k_listener *listeners)
{
	struct errlist errs = { 0 }, warnings = { 0 };
	struct local_addr *locals = NULL;
	size_t n_locals = 0;
	int n = -1, rc;

	if (config_load(cfg, d->config_file, &errs))
		goto out;
	if (passdb_load(db, cfg->passdb_file, &errs)) {
		config_free(cfg);
		goto out;
	}
	rc = local_addrs_get(&locals, &n_locals);
	if (rc)
		log_warn("cannot list local addresses: %s", strerror(-rc));
	n = listeners_build(cfg, locals, n_locals, listeners, &warnings, &errs);
	for (size_t i = 0; i < warnings.n; i++)
		log_warn("%s", warnings.msg[i]);
	if (n < 0) {
		passdb_free(db);
		config_free(cfg);
	} else if (!db->n) {
		log_warn("no users in %s: add them with 'smb3kctl user add NAME'",
			 cfg->passdb_file);
	}
out:
	log_errors(&errs);
	errlist_free(&errs);
	errlist_free(&warnings);
	free(locals);
	return n;
}

/* Log a failed request; returns the exit code it maps to. */
static int request_failed(struct daemon *d, const char *what, int err)
{
	char text[512];

	smb3k_nl_describe(err, smb3k_nl_extack(d->nl), text, sizeof(text));
	log_err("%s: %s", what, text);
	return smb3k_nl_exit_code(err);
}

static int simple_request(struct daemon *d, uint8_t cmd, const char *what)
{
	struct nl_msg *msg = smb3k_nl_msg(d->nl, cmd);
	int rc;

	if (!msg)
		return -ENOMEM;
	rc = smb3k_nl_request(d->nl, msg, NULL, NULL);
	nlmsg_free(msg);
	if (rc)
		request_failed(d, what, rc);
	return rc;
}

static int send_register(struct daemon *d)
{
	struct nl_msg *msg = smb3k_nl_msg(d->nl, SMB3K_CMD_REGISTER);
	int rc;

	if (!msg)
		return -ENOMEM;
	rc = smb3k_msg_register(msg, d->abi_version, (uint32_t)getpid(), d->heartbeat_ms);
	if (!rc)
		rc = smb3k_nl_request(d->nl, msg, NULL, NULL);
	nlmsg_free(msg);
	return rc;
}

static int send_configure(struct daemon *d, const struct smb3k_config *cfg,
			  const struct smb3k_listener *listeners, size_t n)
{
	struct configure_params p = {
		.min_dialect = cfg->min_protocol,
		.max_dialect = cfg->max_protocol,
		.signing = cfg->signing,
		.encrypt = cfg->encrypt,
		.max_connections = cfg->max_connections,
		.netbios_name = cfg->netbios_name,
		.listeners = listeners,
		.n_listeners = n,
	};
	struct nl_msg *msg = smb3k_nl_msg(d->nl, SMB3K_CMD_CONFIGURE);
	int rc;

	if (!msg)
		return -ENOMEM;
	memcpy(p.server_guid, d->guid, sizeof(p.server_guid));
	rc = smb3k_msg_configure(msg, &p);
	if (!rc)
		rc = smb3k_nl_request(d->nl, msg, NULL, NULL);
	nlmsg_free(msg);
	return rc;
}

static void on_upcall(struct smb3k_nl *nl, const struct nlmsghdr *nlh, void *arg)
{
	struct daemon *d = arg;

	upcall_handle(&d->up, nl, nlh);
}

/* Registered with a module that is still there. */
static bool attached(const struct daemon *d)
{
	return !d->detached && !smb3k_nl_family_gone(d->nl);
}

static void reload(struct daemon *d)
{
	struct smb3k_listener listeners[SMB3K_MAX_LISTENERS];
	struct smb3k_config cfg;
	struct passdb db;
	int n, rc;

	log_notice("SIGHUP: reloading %s", d->config_file);
	n = load_settings(d, &cfg, &db, listeners);
	if (n < 0) {
		log_err("reload failed: keeping the running configuration");
		return;
	}
	/* without the module, the next registration sends it */
	rc = attached(d) ? send_configure(d, &cfg, listeners, (size_t)n) : 0;
	if (rc) {
		request_failed(d, "CONFIGURE", rc);
		log_err("reload failed: keeping the running configuration");
		config_free(&cfg);
		passdb_free(&db);
		return;
	}
	if (strcmp(cfg.state_dir, d->cfg.state_dir))
		log_warn("'state directory' changes take effect at the next start");
	if (strcmp(cfg.persistent_store, d->cfg.persistent_store) ||
	    strcmp(cfg.persistent_store_engine, d->cfg.persistent_store_engine))
		log_warn("'persistent store' changes take effect at the next start");
	config_free(&d->cfg);
	passdb_free(&d->db);
	d->cfg = cfg;
	d->db = db;
	memcpy(d->listeners, listeners, (size_t)n * sizeof(listeners[0]));
	d->n_listeners = (size_t)n;
	log_set_level(d->cfg.log_level);
	log_notice("reloaded: %d listeners, %zu users", n, d->db.n);
}

static int setup_signals(void)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGHUP);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return -1;
	signal(SIGPIPE, SIG_IGN);
	return signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
}

/*
 * One OPEN_RESTORE request (persist_send_fn). -ENODEV is the kernel's own
 * answer (a share root it cannot use) unless the family has gone.
 */
static int restore_send(void *arg, const struct smb3k_store_open *o, const char *share_path,
			uint32_t share_options, char *msg, size_t msglen)
{
	struct daemon *d = arg;
	struct nl_msg *req = smb3k_nl_msg_size(d->nl, SMB3K_CMD_OPEN_RESTORE,
					       OPEN_RESTORE_MSG_SIZE);
	int rc;

	if (!req)
		return -ENOMEM;
	rc = smb3k_msg_open_restore(req, o, share_path, share_options);
	if (!rc) {
		rc = smb3k_nl_request(d->nl, req, NULL, NULL);
		snprintf(msg, msglen, "%s", smb3k_nl_extack(d->nl));
		if (rc == -ETIMEDOUT || (rc == -ENODEV && smb3k_nl_family_gone(d->nl)))
			rc = PERSIST_SEND_STOP;
	}
	nlmsg_free(req);
	return rc;
}

/*
 * REGISTER, the persistent handles collected before (at start and each
 * time the module comes back), then CONFIGURE. 0 or the exit code.
 */
static int attach(struct daemon *d)
{
	int rc = send_register(d);

	if (rc)
		return request_failed(d, "REGISTER", rc);
	/*
	 * Before CONFIGURE: after a module reload no client can make an open
	 * (and take a stored FileId.Persistent) until the records are back.
	 */
	persist_restore(&d->persist, &d->cfg, restore_send, d, NULL);
	rc = send_configure(d, &d->cfg, d->listeners, d->n_listeners);
	if (rc) {
		int code = request_failed(d, "CONFIGURE", rc);

		simple_request(d, SMB3K_CMD_UNREGISTER, "UNREGISTER");
		return code;
	}
	return 0;
}

/* Find the family and check its version: 0 or the exit code. */
static int find_module(struct daemon *d)
{
	int rc = smb3k_nl_resolve(d->nl);

	if (rc == -ENOENT) {
		log_err("%s", nl_msg_family_missing);
		return EXIT_NO_MODULE;
	}
	if (rc)
		return request_failed(d, "looking up the SMB3K family", rc);
	if (d->check_abi && smb3k_nl_family_version(d->nl) != SMB3K_ABI_VERSION) {
		log_err("ABI version mismatch: kernel module has %u, smb3kd has %d",
			smb3k_nl_family_version(d->nl), SMB3K_ABI_VERSION);
		return EXIT_KERNEL;
	}
	return 0;
}

/*
 * The module was unloaded (its family is gone): forget what belonged to its
 * sessions and wait; once it is loaded again, register and configure it
 * and restore the persistent handles as at start. 0 to go on, or the exit
 * code.
 */
static int module_gone(struct daemon *d)
{
	int code;

	if (!d->detached) {
		log_notice("the smb3k module was unloaded: waiting for it to be loaded again");
		d->detached = true;
		rpc_close_all();
		auth_table_free(&d->up.auth);
		auth_table_init(&d->up.auth);
	}
	if (!smb3k_nl_family_back(d->nl))
		return 0;
	log_notice("the smb3k module is back: registering again");
	code = find_module(d);
	if (!code && persist_collect(&d->persist))
		code = EXIT_CONFIG;
	if (!code)
		code = attach(d);
	if (code)
		return code;
	d->detached = false;
	log_notice("smb3kd: serving again, %zu listeners", d->n_listeners);
	return 0;
}

/*
 * Returns when asked to stop (0), when the kernel side failed (1) or with
 * the exit code of a failed registration after the module came back.
 */
static int event_loop(struct daemon *d)
{
	for (;;) {
		struct pollfd pfd[2] = {
			{ .fd = smb3k_nl_fd(d->nl), .events = POLLIN },
			{ .fd = d->sigfd, .events = POLLIN },
		};
		struct signalfd_siginfo si;
		int rc;

		/* also when a request saw the notice, so that none arrives now */
		if (smb3k_nl_family_gone(d->nl)) {
			rc = module_gone(d);
			if (rc)
				return rc;
		}
		if (poll(pfd, 2, -1) < 0) {
			if (errno == EINTR)
				continue;
			log_err("poll: %s", strerror(errno));
			return 1;
		}
		if (pfd[0].revents) {
			rc = smb3k_nl_dispatch(d->nl);
			if (rc && rc != -ENODEV) {
				log_err("netlink socket failed: %s", strerror(-rc));
				return 1;
			}
		}
		while (pfd[1].revents && read(d->sigfd, &si, sizeof(si)) == sizeof(si)) {
			if (si.ssi_signo == SIGHUP) {
				reload(d);
				continue;
			}
			log_notice("signal %u: shutting down", si.ssi_signo);
			return 0;
		}
	}
}

static int start(struct daemon *d)
{
	struct errlist errs = { 0 };
	bool created;
	int n, rc;

	n = load_settings(d, &d->cfg, &d->db, d->listeners);
	if (n < 0)
		return EXIT_CONFIG;
	d->n_listeners = (size_t)n;
	log_set_level(d->cfg.log_level);
	if (server_guid_load(d->cfg.state_dir, d->guid, &created, &errs)) {
		log_errors(&errs);
		errlist_free(&errs);
		return EXIT_CONFIG;
	}
	if (created)
		log_notice("created a new server GUID in %s/%s", d->cfg.state_dir,
			   SERVER_GUID_FILE);

	rc = smb3k_nl_open(&d->nl);
	if (rc) {
		log_err("cannot open a generic netlink socket: %s", strerror(-rc));
		return EXIT_KERNEL;
	}
	rc = find_module(d);
	if (rc)
		return rc;
	rc = smb3k_nl_watch_family(d->nl);
	if (rc)
		log_warn("cannot watch for module unload: %s", strerror(-rc));
	/* a corrupt store stops us before anything reaches the kernel */
	if (persist_start(&d->persist, &d->cfg))
		return EXIT_CONFIG;
	upcall_init(&d->up, &d->cfg, &d->db);
	d->up.persist = &d->persist;
	smb3k_nl_set_upcall(d->nl, on_upcall, d);

	rc = attach(d);
	if (rc)
		return rc;
	log_notice("smb3kd: serving, %d listeners, pid %d", n, (int)getpid());
	return 0;
}

int main(int argc, char **argv)
{
	struct daemon d = {
		.config_file = CONFIG_DEFAULT_FILE,
		.heartbeat_ms = SMB3K_HEARTBEAT_DEFAULT_MS,
		.abi_version = SMB3K_ABI_VERSION,
		.check_abi = true,
		.sigfd = -1,
	};
	int code;

	setvbuf(stderr, NULL, _IOLBF, 0);
	if (parse_args(&d, argc, argv))
		return EXIT_CONFIG;
	d.sigfd = setup_signals();
	if (d.sigfd < 0) {
		log_err("signalfd: %s", strerror(errno));
		return EXIT_CONFIG;
	}
	code = start(&d);
	if (!code) {
		code = event_loop(&d);
		if (!code && attached(&d)) {
			simple_request(&d, SMB3K_CMD_SHUTDOWN, "SHUTDOWN");
			simple_request(&d, SMB3K_CMD_UNREGISTER, "UNREGISTER");
		}
		if (!code)
			log_notice("stopped");
	}
	smb3k_nl_close(d.nl);
	upcall_free(&d.up);
	persist_stop(&d.persist);
	config_free(&d.cfg);
	passdb_free(&d.db);
	close(d.sigfd);
	return code;
}
