#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Hostile SESSION_SETUP, TREE_CONNECT, compound chains and framing from a
# raw-socket client that logs in for real (test_malformed.py), then the bug
# classes of ksmbd's CVE history (test_hostile.py: huge and stalled frames,
# chains that free then reuse, zero-length locks, credit overflow, forged
# binding, bogus reconnects) on a share on tmpfs; then a fresh login must
# work and the kernel log must be clean.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
mkdir -p "$T"

dmesg_before=$(dmesg | wc -l)
start_server
tap_ok $? "server up" "$(tail -5 "$T/smb3kd.log")"

run_tap timeout 300 /usr/bin/python3 "$HERE/test_malformed.py"
run_tap timeout 300 /usr/bin/python3 "$HERE/test_hostile.py"

out=$(timeout 60 smbclient //127.0.0.1/test -U test%test -m SMB3_11 -c quit 2>&1)
tap_ok $? "smbclient still logs in afterwards" "$out"
kill -0 "$DAEMON_PID" 2>/dev/null
tap_ok $? "smb3kd still running" "$(tail -5 "$T/smb3kd.log")"

stop_daemon
unload_module
tap_ok $? "module unloads"
bad=$(dmesg | tail -n +"$((dmesg_before + 1))" |
	grep -E 'BUG|WARNING|Oops|KASAN|UBSAN|refcount_t|general protection|Objects remaining|hung task|soft lockup')
[ -z "$bad" ]
tap_ok $? "kernel log has no BUG/WARNING" "$bad"
tap_done
