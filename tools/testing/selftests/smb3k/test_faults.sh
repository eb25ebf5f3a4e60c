#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Faults: connections reset mid-write (by the client, and by the server's
# side with ss -K), a full file system, a read-only file system, the helper
# killed with -9 in the middle of logins, and the module unloaded while
# clients are busy. Nothing may crash or hang, no acknowledged write may
# be lost, and the server must serve again afterwards; the harness fails
# the run on any kernel log complaint and on kmemleak reports.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
mkdir -p "$T"

SMALL=/srv/small RO=/srv/ro
setup_fs() {
	mkdir -p "$SMALL" "$RO"
	mount -t tmpfs -o size=4m small "$SMALL" &&
		mount -t tmpfs -o size=1m ro "$RO" &&
		echo "read-only content" >"$RO/present.txt" &&
		mount -o remount,ro "$RO"
}
teardown_fs() {
	umount "$SMALL" 2>/dev/null
	umount "$RO" 2>/dev/null
}
trap teardown_fs EXIT

smbc() {	# smbc SHARE CMDS: one smbclient command line, 60 s at most
	timeout 60 smbclient "//127.0.0.1/$1" -U test%test -m SMB3_11 -c "$2" 2>&1
}

serving() { smbc test ls >/dev/null; }

setup_fs
tap_ok $? "a 4 MiB tmpfs and a read-only tmpfs for the shares"
load_module
write_conf
for s in small ro; do
	printf '[%s]\n  path = /srv/%s\n  read only = no\n  valid users = test\n' "$s" "$s" >>"$CONF"
done
rm -f "$T/passdb"
printf 'test\n' | "$SMB3KCTL" -c "$CONF" user add test >/dev/null
start_daemon
wait_for listening 445
tap_ok $? "server up" "$(tail -5 "$T/smb3kd.log")"

# 1. The client resets its connection in the middle of a WRITE.
run_tap timeout 120 /usr/bin/python3 "$HERE/test_faults.py" --case reset --local-dir /srv/test

# 2. The server's side of a busy connection is destroyed (ss -K).
head -c $((64 << 20)) /dev/urandom >"$T/big"
smbc test "put $T/big big" >"$T/put.log" &
put=$!
for i in $(seq 50); do
	[ -n "$(ss -Htn state established '( sport = :445 )')" ] && break
	sleep 0.1
done
sleep 1
ss -K state established '( sport = :445 )' >/dev/null 2>&1
wait "$put"
rc=$?
[ "$rc" != 124 ]
tap_ok $? "ss -K during a 64 MiB put: the client gets an error, no hang" "rc=$rc" "$(tail -3 "$T/put.log")"
serving
tap_ok $? "... and the server serves the next client"
smbc test "del big" >/dev/null

# 3. The file system fills up.
run_tap timeout 180 /usr/bin/python3 "$HERE/test_faults.py" --case diskfull --share small \
	--local-dir "$SMALL"
out=$(smbc small "put $T/big big2")
echo "$out" | grep -q 'NT_STATUS_DISK_FULL'
tap_ok $? "smbclient put of 64 MiB onto 4 MiB: NT_STATUS_DISK_FULL" "$out"
smbc small "del big2" >/dev/null
left=$(df -k --output=used "$SMALL" | tail -n 1 | tr -d ' ')
[ "$left" -lt 64 ]
tap_ok $? "... and the small file system is empty again" "${left} kB used"

# 4. A share on a read-only file system.
run_tap timeout 120 /usr/bin/python3 "$HERE/test_faults.py" --case readonly --share ro
out=$(smbc ro "put $T/smb3k.conf x")
echo "$out" | grep -qE 'NT_STATUS_MEDIA_WRITE_PROTECTED|NT_STATUS_ACCESS_DENIED'
tap_ok $? "smbclient put onto the read-only share is refused" "$out"

# 5. The helper is killed with -9 in the middle of logins: once the first
# SESSION_SETUPs have reached the server. Each login is logged as "rc
# milliseconds". The kernel fails a login at once without its helper (and
# bounds each upcall to 15 s), but twelve smbclients starting together on
# an emulated guest take tens of seconds each: a login only counts as hung
# after 180 s.
: >"$T/logins"
before=$(request_count SESSION_SETUP)
pids=()
for i in $(seq 12); do
	(for j in 1 2; do
		t0=$(date +%s%N)
		timeout 180 smbclient //127.0.0.1/test -U test%test -m SMB3_11 -c ls \
			>/dev/null 2>&1
		rc=$?
		echo "$rc $((($(date +%s%N) - t0) / 1000000))" >>"$T/logins"
	done) &
	pids+=($!)
done
for i in $(seq 600); do
	[ "$(request_count SESSION_SETUP)" -ge $((before + 4)) ] && break
	sleep 0.1
done
kill -9 "$DAEMON_PID"
wait "$DAEMON_PID" 2>/dev/null
DAEMON_PID=
wait "${pids[@]}"
hung=$(grep -c '^124 ' "$T/logins")
tap_ok $((hung != 0)) "smb3kd killed during 24 logins: every client got an answer" \
	"$hung logins timed out"
echo "# rc and milliseconds of each login: $(sort -n -k2 "$T/logins" | tr '\n' ' ')"
out=$(smbc test ls)
rc=$?
[ "$rc" != 0 ] && [ "$rc" != 124 ]
tap_ok $? "without the helper a login fails cleanly" "rc=$rc" "$out"
start_daemon
wait_for daemon_is "registered pid $DAEMON_PID"
serving
tap_ok $? "a new smb3kd serves logins again" "$(tail -5 "$T/smb3kd.log")"

# 6. The module is unloaded while clients are busy.
pids=()
for i in $(seq 8); do
	(for j in $(seq 50); do
		smbc test "put $T/big b$i; get b$i /dev/null; del b$i" >/dev/null || break
	done) &
	pids+=($!)
done
sleep 3
stop_daemon
timeout 60 rmmod smb3k
tap_ok $? "rmmod while 8 clients move data"
hung=0
for p in "${pids[@]}"; do
	wait "$p"
	[ $? = 124 ] && hung=$((hung + 1))
done
tap_ok $((hung != 0)) "... every client ended with an answer or an error" "$hung hung"
load_module
start_daemon
wait_for listening 445
serving
tap_ok $? "the module and the helper serve again after that"
rm -f /srv/test/b[0-9]*
stop_daemon
unload_module
tap_ok $? "module unloads"
tap_done
