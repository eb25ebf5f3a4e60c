#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# First light on the wire: NEGOTIATE decoded by a raw-socket client, and
# real clients (smbclient, cifs) getting past NEGOTIATE to SESSION_SETUP.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
mkdir -p "$T"

load_module
write_conf "server min protocol = SMB2_02"
start_daemon
wait_for listening 445
tap_ok $? "server up" "$(tail -5 "$T/smb3kd.log")"
guid=$(cat "$T/state/server_guid" 2>/dev/null)

# The GUID file holds 32 hex digits in the byte order sent on the wire.
run_tap python3 "$HERE/test_negotiate.py" --guid "$guid" --min 0x202 --max 0x311

# Dialect bounds come from the config.
write_conf "server min protocol = SMB2_10" "server max protocol = SMB3_00"
kill -HUP "$DAEMON_PID"; sleep 1
run_tap python3 "$HERE/test_negotiate.py" --min 0x210 --max 0x300

write_conf "server min protocol = SMB2_02"
kill -HUP "$DAEMON_PID"; sleep 1

# smbclient: SMB1 multi-protocol negotiate off (-m), each dialect.
for m in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
	before=$(request_count SESSION_SETUP)
	timeout 30 smbclient -L //127.0.0.1 -U test%test -m "$m" >"$T/smbclient.log" 2>&1
	after=$(request_count SESSION_SETUP)
	[ "$after" -gt "$before" ]
	tap_ok $? "smbclient -m $m gets past NEGOTIATE to SESSION_SETUP" "$(tail -3 "$T/smbclient.log")"
done

# cifs: the kernel client negotiates each version and sends SESSION_SETUP.
modprobe cifs 2>/dev/null
mkdir -p /mnt/smb3k-test
for v in 2.1 3.0 3.02 3.1.1; do
	before=$(request_count SESSION_SETUP)
	timeout 60 mount -t cifs //127.0.0.1/test /mnt/smb3k-test \
		-o "vers=$v,username=test,password=test" >"$T/cifs.log" 2>&1 &&
		umount /mnt/smb3k-test
	after=$(request_count SESSION_SETUP)
	[ "$after" -gt "$before" ]
	tap_ok $? "cifs vers=$v gets past NEGOTIATE to SESSION_SETUP" "$(tail -3 "$T/cifs.log")"
done

stop_daemon
unload_module
tap_done
