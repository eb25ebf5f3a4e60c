#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Security defaults, each tested on a server with the default configuration:
# netlink refused to unprivileged callers, SMB1 refused, no guest access,
# share paths confined to the share root (test_security.py for the
# raw-client parts).
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
mkdir -p "$T"

start_server
tap_ok $? "server up with the default configuration" "$(tail -5 "$T/smb3kd.log")"
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all "$@"; }
smbc() { timeout 60 smbclient //127.0.0.1/test "$@" -c ls 2>&1; }

# Generic netlink: every SMB3K command needs CAP_NET_ADMIN (GENL_ADMIN_PERM).
out=$(nobody "$SMB3KCTL" -c "$CONF" status 2>&1)
rc=$?
[ "$rc" = 4 ] && echo "$out" | grep -qi 'permission denied'
tap_ok $? "unprivileged netlink (smb3kctl status as nobody) refused" "rc=$rc" "$out"
daemon_is "registered pid $DAEMON_PID"
tap_ok $? "... and the real daemon stays registered" "$(status_field daemon)"

# SMB1 (NT1) clients are refused.
out=$(smbc -U test%test -m NT1 --option='client min protocol=NT1')
rc=$?
[ "$rc" != 0 ] && ! echo "$out" | grep -q 'blocks of size'
tap_ok $? "smbclient -m NT1 is refused" "rc=$rc" "$out"

# No guest access unless configured: a wrong user or password is not mapped
# to guest, and an anonymous session reaches no disk share.
out=$(smbc -U nosuchuser%wrong -m SMB3_11)
echo "$out" | grep -q 'NT_STATUS_LOGON_FAILURE'
tap_ok $? "unknown user -> LOGON_FAILURE, not a guest session" "$out"
out=$(smbc -U test%wrong -m SMB3_11)
echo "$out" | grep -q 'NT_STATUS_LOGON_FAILURE'
tap_ok $? "wrong password -> LOGON_FAILURE" "$out"
out=$(smbc -N -m SMB3_11)
rc=$?
[ "$rc" != 0 ] && echo "$out" | grep -qE 'NT_STATUS_(ACCESS_DENIED|LOGON_FAILURE|BAD_NETWORK_NAME)'
tap_ok $? "anonymous -> no access to the disk share" "rc=$rc" "$out"
out=$(smbc -U test%test -m SMB3_11)
tap_ok $? "the real user gets in (SMB 3.1.1)" "$out"

# Raw-client checks: SMB1, confinement to the share root.
ln -sfn /etc /srv/test/escape
run_tap timeout 120 /usr/bin/python3 "$HERE/test_security.py"
out=$(timeout 60 smbclient //127.0.0.1/test -U test%test -m SMB3_11 \
	-c 'get ../../etc/passwd /tmp/smb3k-escaped; get escape/passwd /tmp/smb3k-escaped' 2>&1)
[ ! -e /tmp/smb3k-escaped ]
tap_ok $? "smbclient cannot get /etc/passwd through .. or a symlink" "$out"
rm -f /srv/test/escape /tmp/smb3k-escaped

stop_daemon
unload_module
tap_ok $? "module unloads"
tap_done
