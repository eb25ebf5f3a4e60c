#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Durable handles: grant, reclaim after a dropped connection, refusals, the
# scavenger, breaks and races (test_durable.py); then the module unloads
# while disconnected durable handles wait for their clients.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
mkdir -p "$T" /srv/test/dur
chmod 1777 /srv/test/dur

load_module
write_conf
rm -f "$T/passdb"
printf 'test\n' | "$SMB3KCTL" -c "$CONF" user add test >/dev/null
printf 'Password\n' | "$SMB3KCTL" -c "$CONF" user add alice >/dev/null
printf '[dur]\n  path = /srv/test/dur\n  read only = no\n  valid users = test alice\n' >>"$CONF"
start_daemon
wait_for listening 445
tap_ok $? "server up with share dur for test and alice" "$(tail -5 "$T/smb3kd.log")"
run_tap /usr/bin/python3 "$HERE/test_durable.py" --share dur

# Handles whose clients are away hold their old connections: the module
# must still unload at once, closing them.
/usr/bin/python3 "$HERE/test_durable.py" --share dur --leave-disconnected 8 >"$T/leave.log" 2>&1
tap_ok $? "8 durable handles left disconnected" "$(cat "$T/leave.log")"
stop_daemon
start=$(date +%s)
timeout 60 rmmod smb3k
rc=$?
tap_ok $? "rmmod with disconnected durable handles: rc $rc in $(($(date +%s) - start)) s"
! lsmod | grep -q '^smb3k '
tap_ok $? "... the module is gone"
tap_done
