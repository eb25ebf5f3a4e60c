#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The Linux cifs client keeps writing through what a storage server must
# survive. A writer (fio, CRC32C-verified) runs on a share mounted with
# persistenthandles (continuous availability) while, in turn, its
# connection is cut (ss -K), smb3kd is killed with SIGKILL and restarted,
# and the module is unloaded and loaded again (smb3kd registers again by
# itself and restores the persistent handles). The same with
# resilienthandles on a share without continuous availability, through
# the connection cut and the daemon restart (a resilient handle is not
# kept across a restart of the server: MS-SMB2 3.3.5.15.9). Every written
# byte must verify afterwards.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
MNT=/mnt/smb3k-ca.$$
RATE=${SMB3K_CIFS_PERSIST_RATE:-1m}	# fio's write rate: the run lasts SIZE / RATE
SIZE=${SMB3K_CIFS_PERSIST_SIZE:-40m}
mkdir -p "$T" /srv/test/ca /srv/test/res "$MNT" "$T/pstore"
chmod 1777 /srv/test/ca /srv/test/res

load_module
write_conf "persistent store = $T/pstore/opens.db"
rm -f "$T/passdb" "$T/pstore/opens.db"*
printf 'test\n' | "$SMB3KCTL" -c "$CONF" user add test >/dev/null
{
	printf '[ca]\n  path = /srv/test/ca\n  read only = no\n  valid users = test\n'
	printf '  continuous availability = yes\n'
	printf '[res]\n  path = /srv/test/res\n  read only = no\n  valid users = test\n'
} >>"$CONF"
start_daemon
wait_for listening 445
tap_ok $? "server up with share ca (continuous availability) and res" \
	"$(tail -5 "$T/smb3kd.log")"

cleanup() {
	umount -l "$MNT" 2>/dev/null
	rmdir "$MNT" 2>/dev/null
}
trap cleanup EXIT

# The cifs client of Linux 6.1 fails a write whose send a broken
# connection interrupts (fs/smb/client/transport.c turns any send error
# into ECONNABORTED for the caller) instead of sending it again after the
# reconnect, as it does for requests already sent. So the writer is held
# (SIGSTOP: its write in progress completes first) across the instant
# the server drops the connection, and goes on by itself right after:
# what is tested is that the reconnect reclaims the handle and no written
# byte is lost, not that client's send path.
hold() {
	pkill -STOP -x fio
	sleep 1
}
release() {
	pkill -CONT -x fio
}

# cut: the server's end of every client connection is aborted (the client
# gets a reset, reconnects and reclaims its handles).
cut() {
	local rc
	hold
	ss -K src 127.0.0.1 sport = :445 >/dev/null 2>&1
	rc=$?
	release
	return $rc
}

# daemon_restart: SIGKILL, then a new smb3kd once the module has seen it go.
daemon_restart() {
	kill -9 "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	wait_for daemon_is none || return 1
	start_daemon
	wait_for daemon_is "registered pid $DAEMON_PID"
}

# reload: the module goes and comes back; smb3kd (still running) notices,
# registers again, restores the persistent handles and listens again.
reload() {
	local i
	hold
	timeout 60 rmmod smb3k || { release; return 1; }
	release
	insmod "$KO" || return 1
	for i in $(seq 300); do
		listening 445 && return 0
		sleep 0.1
	done
	return 1
}

# writer NAME: fio writing $SIZE at $RATE, then reading all of it back.
writer() {
	fio --name="$1" --filename="$MNT/$1.dat" --size="$SIZE" --bs=64k --rw=write \
		--ioengine=psync --rate="$RATE" --verify=crc32c --do_verify=1 \
		--verify_fatal=1 --verify_state_save=0 --end_fsync=1 --output="$T/$1.fio" >/dev/null 2>&1
}

# run_with NAME MOUNTOPTS SHARE EVENT...: mount, start the writer, and do
# each event 8 s after the previous one while it writes.
run_with() {
	local name=$1 opts=$2 share=$3 ev pid rc out
	shift 3
	out=$(timeout 120 mount -t cifs "//127.0.0.1/$share" "$MNT" \
		-o "username=test,password=test,vers=3.1.1,hard,cache=none,$opts" 2>&1)
	tap_ok $? "$name: mount with $opts" "$out"
	mountpoint -q "$MNT" || return
	writer "$name" &
	pid=$!
	for ev in "$@"; do
		sleep 8
		kill -0 "$pid" 2>/dev/null || break
		"$ev"
		tap_ok $? "$name: $ev while fio writes" "$(tail -5 "$T/smb3kd.log")" \
			"$(dmesg | grep -iE 'cifs|smb3k' | tail -8)"
	done
	timeout 900 tail --pid="$pid" -f /dev/null
	wait "$pid"
	rc=$?
	tap_ok $rc "$name: fio wrote $SIZE and verified it (exit $rc)" \
		"$(grep -iE 'err=|verify|error' "$T/$name.fio" | head -8)"
	grep -q 'err= 0' "$T/$name.fio"
	tap_ok $? "$name: fio reports err=0" "$(grep -E 'err=' "$T/$name.fio")"
	[ "$(stat -c %s "/srv/test/$share/$name.dat" 2>/dev/null)" = \
	  "$(numfmt --from=iec "${SIZE^^}")" ]
	tap_ok $? "$name: the file on the server has every byte" \
		"$(ls -l "/srv/test/$share/$name.dat" 2>&1)"
	umount "$MNT"
	tap_ok $? "$name: unmount"
}

run_with persistent persistenthandles ca cut daemon_restart reload
n=$("$SMB3KCTL" -c "$CONF" opens --json | grep -o '"persistent_id"' | wc -l)
tap_ok $(($n != 0)) "... no persistent record left once it closed ($n)"
run_with resilient resilienthandles res cut daemon_restart

stop_daemon
tap_done
