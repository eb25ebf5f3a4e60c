#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Module and daemon lifecycle: load/unload, registration, refusals,
# heartbeats, takeover, reload, and unload with clients connected.
set -u
. "$(dirname "$0")/lib.sh"
mkdir -p "$T"
: >"$T/smb3kd.log"
# No password database: the non-admin checks below must fail at netlink, not
# at a passdb that only root may read.
rm -f "$T/passdb"

# 1. load/unload x20
fails=0
for i in $(seq 20); do
	insmod "$KO" || fails=$((fails + 1))
	rmmod smb3k || fails=$((fails + 1))
done
[ ! -d /sys/module/smb3k ]
tap_ok $((fails + $?)) "module load/unload x20"

# 2. smb3kd without the module: a clear error, exit 3
write_conf
out=$("$SMB3KD" -c "$CONF" 2>&1); rc=$?
[ "$rc" = 3 ] && echo "$out" | grep -qi "not loaded"
tap_ok $? "smb3kd without the module exits 3 with a clear message" "rc=$rc" "$out"

# 3. handshake: daemon registers, configures, the kernel listens
load_module
start_daemon --heartbeat-ms 300
wait_for listening 445
tap_ok $? "smb3kd registers and the kernel listens on 445" "$(tail -5 "$T/smb3kd.log")"
[ "$(status_field daemon)" = "registered pid $DAEMON_PID" ]
tap_ok $? "status names the registered daemon's pid" "$(status_field daemon)"
[ "$(status_field 'abi version')" = 1 ]
tap_ok $? "status reports ABI version 1"

# 4. a second daemon gets EBUSY
out=$("$SMB3KD" -c "$CONF" 2>&1); rc=$?
[ "$rc" = 2 ] && echo "$out" | grep -qi "another smb3kd"
tap_ok $? "a second smb3kd is refused (EBUSY, exit 2)" "rc=$rc" "$out"

# 5. ABI mismatch is refused by the kernel with both versions named
out=$("$SMB3KD" -c "$CONF" --abi-version 99 2>&1); rc=$?
[ "$rc" = 2 ] && echo "$out" | grep -qi "ABI version mismatch" && echo "$out" | grep -q "speaks ABI version 1"
tap_ok $? "ABI version mismatch refused (exit 2, message)" "rc=$rc" "$out"
dmesg | grep -q "ABI version 99, module has 1"
tap_ok $? "the kernel logs the refused ABI version"

# 6. non-admin callers are refused (GENL_ADMIN_PERM)
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$SMB3KCTL" -c "$CONF" status 2>&1); rc=$?
[ "$rc" = 4 ] && echo "$out" | grep -qi "permission denied"
tap_ok $? "non-admin smb3kctl status refused (exit 4)" "rc=$rc" "$out"
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
	"$SMB3KD" -c "$CONF" 2>&1); rc=$?
[ "$rc" = 4 ]
tap_ok $? "non-admin smb3kd refused (exit 4)" "rc=$rc" "$out"

# 7. kill -9: the kernel notices at once; a new daemon takes over
kill -9 "$DAEMON_PID"; wait "$DAEMON_PID" 2>/dev/null
wait_for daemon_is none
tap_ok $? "kill -9: the kernel drops the daemon (socket closed)" "$(status_field daemon)"
listening 445
tap_ok $? "kill -9: the listener stays up without a daemon"
start_daemon --heartbeat-ms 1000
wait_for daemon_is "registered pid $DAEMON_PID"
tap_ok $? "a new smb3kd takes over without reloading the module" "$(status_field daemon)"

# 8. a hung daemon (SIGSTOP) is dropped after missed heartbeats
kill -STOP "$DAEMON_PID"
out=$("$SMB3KD" -c "$CONF" 2>&1); rc=$?
[ "$rc" = 2 ]
tap_ok $? "while the stopped daemon's heartbeats are not yet missed: EBUSY" "rc=$rc" "$out"
wait_for daemon_is none
tap_ok $? "stopped daemon dropped after 3 missed heartbeats" "$(status_field daemon)"
dmesg | grep -q "missed heartbeats"
tap_ok $? "the kernel logs the missed heartbeats"
hung=$DAEMON_PID
start_daemon --heartbeat-ms 300
wait_for daemon_is "registered pid $DAEMON_PID"
tap_ok $? "a new daemon takes over from the hung one" "$(status_field daemon)"
kill -9 "$hung"; kill -CONT "$hung" 2>/dev/null; wait "$hung" 2>/dev/null
sleep 1
[ "$(status_field daemon)" = "registered pid $DAEMON_PID" ]
tap_ok $? "the old daemon's death does not drop the new one"

# 9. SIGHUP reload: a new port is opened, the old one kept
write_conf "smb ports = 445 4451"
kill -HUP "$DAEMON_PID"
wait_for listening 4451
tap_ok $? "SIGHUP reload opens port 4451" "$(tail -3 "$T/smb3kd.log")"
listening 445
tap_ok $? "SIGHUP reload keeps port 445"
echo "  bogus key = 1" >>"$CONF"
kill -HUP "$DAEMON_PID"
sleep 1
kill -0 "$DAEMON_PID" && listening 4451 && grep -q "$CONF:[0-9]*:" "$T/smb3kd.log"
tap_ok $? "SIGHUP with a bad config keeps the old config and logs FILE:LINE"
write_conf
kill -HUP "$DAEMON_PID"
wait_for not_listening 4451
tap_ok $? "SIGHUP reload closes port 4451 again"

# 10. max connections
write_conf "max connections = 2"
kill -HUP "$DAEMON_PID"; sleep 0.5
python3 - <<'PY'
import socket, time, sys
s = [socket.create_connection(("127.0.0.1", 445)) for _ in range(3)]
time.sleep(0.5)
s[2].settimeout(3)
try:
    closed = s[2].recv(1) == b""
except ConnectionResetError:
    closed = True
s[0].settimeout(0.5)
try:
    s[0].recv(1)
    alive = False
except socket.timeout:
    alive = True
sys.exit(0 if closed and alive else 1)
PY
tap_ok $? "max connections = 2: the third connection is dropped, the first stays"
[ "$(status_field rejected)" -ge 1 ] 2>/dev/null
tap_ok $? "status counts the rejected connection" "$(status_field rejected)"
write_conf
kill -HUP "$DAEMON_PID"; sleep 0.5

# 11. SIGTERM: the daemon stops serving and unregisters
kill -TERM "$DAEMON_PID"; wait "$DAEMON_PID"; rc=$?
DAEMON_PID=
[ "$rc" = 0 ] && [ "$(status_field daemon)" = none ] && ! listening 445
tap_ok $? "SIGTERM: exit 0, unregistered, not listening" "rc=$rc"

# 12. unload with clients connected (some mid-message)
start_daemon
wait_for listening 445
python3 - <<'PY' &
import socket, struct, time
import sys

socks = []
for i in range(8):
    s = socket.create_connection(("127.0.0.1", 445))
    if i % 2:
        s.sendall(struct.pack(">I", 1000) + b"\xfeSMB")  # half a message
    socks.append(s)
time.sleep(30)
PY
clients=$!
wait_for connections_at_least 8
tap_ok $? "8 clients connected" "$(status_field connections)"
stop_daemon
rmmod smb3k
tap_ok $? "rmmod with clients connected succeeds"
kill "$clients" 2>/dev/null; wait "$clients" 2>/dev/null
insmod "$KO" && rmmod smb3k
tap_ok $? "the module loads again after that"

tap_done
