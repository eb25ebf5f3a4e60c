#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Load: many clients at once, each its own process and its own connection,
# doing mixed metadata and IO for a bounded time, against whatever server
# serves //127.0.0.1/test (scripts/vm run --server smb3k --disk ext4). Each
# cifs client is a mount with nosharesock (its own TCP connection and
# session) and cache=none, driven by a shell loop: write a file of a random
# length from a random source, read it back and compare, stat, rename, list,
# remove, mkdir, rmdir. Each smbclient client is one long-lived smbclient
# process fed put / get / compare / rename / rm / mkdir / rmdir commands.
# Passes when every operation succeeded, every client did some work, and
# kernel slab memory after the clients are gone is back near where it was.
#
#   SMB3K_LOAD_CLIENTS     clients in all (256)
#   SMB3K_LOAD_SMBCLIENT   of them smbclient processes (64); the rest cifs
#   SMB3K_LOAD_SECONDS     how long they work (60; make soak: 600)
#   SMB3K_LOAD_SLAB_MB     allowed slab growth once they are gone (64)
#   SMB3K_LOAD_PCAP        when set, a file to capture the SMB headers to
#                          (tcpdump, 256 bytes a packet) for diagnosis
#   SMB3K_LOAD_THINK_MS    each client's pause between rounds (200): 256
#                          clients flat out would only measure how a 2-CPU
#                          emulated guest schedules 256 shells
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

NCLIENTS=${SMB3K_LOAD_CLIENTS:-256}
NSMBC=${SMB3K_LOAD_SMBCLIENT:-64}
SECS=${SMB3K_LOAD_SECONDS:-60}
SLAB_MB=${SMB3K_LOAD_SLAB_MB:-64}
THINK=$(printf '%d.%03d' $((${SMB3K_LOAD_THINK_MS:-200} / 1000)) $((${SMB3K_LOAD_THINK_MS:-200} % 1000)))
SHARE=//127.0.0.1/test
NCIFS=$((NCLIENTS - NSMBC))
W=smb3k-load.$$
L=$(mktemp -d /tmp/smb3k-load.XXXXXX)
MNT=/mnt/smb3k-load.$$
export LC_ALL=C

slab_kb() { awk '/^Slab:/ { print $2 }' /proc/meminfo; }

cleanup() {
	local m i=0
	for m in "$MNT"/c*; do
		(mountpoint -q "$m" && { umount "$m" 2>/dev/null || umount -l "$m"; }
		 rmdir "$m" 2>/dev/null) &
		i=$((i + 1))
		[ $((i % 16)) = 0 ] && wait
	done
	wait
	rmdir "$MNT" 2>/dev/null
	rm -rf "$L"
}
trap cleanup EXIT

sync
echo 3 >/proc/sys/vm/drop_caches
slab0=$(slab_kb)
head -c 1048576 /dev/urandom >"$L/src"
mkdir -p "$MNT"

# One mount to make the work directory and to clean up with.
mkdir -p "$MNT/c0"
out=$(timeout 60 mount -t cifs "$SHARE" "$MNT/c0" \
	-o username=test,password=test,vers=3.1.1,cache=none,nosharesock 2>&1)
tap_ok $? "mount the share" "$out"
mkdir -p "$MNT/c0/$W"
tap_ok $? "work directory $W on the share"

# client_nice: the clients stand for other machines, so they run at nice 10:
# 256 of them must not starve the server's own processes (smb3kd answers
# every login) of the guest's two CPUs.

# cifs_worker N: loop until the deadline; count operations and errors.
cifs_worker() {
	local n=$1 d=$MNT/c$1/$W/w$1 i=0 ops=0 errs=0 len f
	renice -n 10 -p "$BASHPID" >/dev/null	# see client_nice
	mkdir -p "$d" || { echo "0 1 mkdir $d" >"$L/res.$n"; return; }
	# At least one round, however late the client got going.
	while [ "$i" = 0 ] || [ "$(date +%s)" -lt "$DEADLINE" ]; do
		i=$((i + 1))
		f=$d/f$i
		len=$(((RANDOM * 32768 + RANDOM) % 262144 + 1))
		if ! head -c "$len" "$L/src" >"$f"; then
			errs=$((errs + 1)); echo "write $f" >>"$L/err.$n"; continue
		fi
		cmp -s -n "$len" "$L/src" "$f" ||
			{ errs=$((errs + 1)); echo "compare $f ($len)" >>"$L/err.$n"; }
		[ "$(stat -c %s "$f")" = "$len" ] ||
			{ errs=$((errs + 1)); echo "stat size $f" >>"$L/err.$n"; }
		mv "$f" "$f.r" || { errs=$((errs + 1)); echo "rename $f" >>"$L/err.$n"; }
		ls "$d" | grep -qx "f$i.r" || { errs=$((errs + 1)); echo "list $d" >>"$L/err.$n"; }
		rm "$f.r" || { errs=$((errs + 1)); echo "unlink $f.r" >>"$L/err.$n"; }
		mkdir "$d/d$i" && rmdir "$d/d$i" ||
			{ errs=$((errs + 1)); echo "mkdir/rmdir $d/d$i" >>"$L/err.$n"; }
		ops=$((ops + 7))
		sleep "$THINK"
	done
	rmdir "$d" || errs=$((errs + 1))
	echo "$ops $errs" >"$L/res.$n"
}

# smbclient_worker N: one smbclient fed commands until the deadline; every
# get is compared with what was put (smbclient's ! runs a local command).
# The feeder stays at most two rounds ahead of smbclient (each round ends
# by touching a marker file), so the backlog, and the files waiting in the
# guest's /tmp, stay bounded however slowly the client gets served; the
# file to put is written by smbclient itself when it reaches the round.
# Its stdin is unbuffered (stdbuf -i0): smbclient polls the descriptor
# before each line it reads with fgets(), so lines already sitting in a
# stdio buffer would wait for the next write to be seen at all.
smbclient_worker() {
	local n=$1 i=0 dir=$W/s$1 len
	renice -n 10 -p "$BASHPID" >/dev/null	# see client_nice
	{
		echo "mkdir $dir"
		echo "cd $dir"
		while [ "$i" = 0 ] || [ "$(date +%s)" -lt "$DEADLINE" ]; do
			i=$((i + 1))
			len=$(((RANDOM * 32768 + RANDOM) % 262144 + 1))
			echo "!head -c $len $L/src >$L/put.$n.$i"
			echo "put $L/put.$n.$i f$i"
			echo "rename f$i g$i"
			echo "get g$i $L/got.$n.$i"
			echo "!cmp -s $L/put.$n.$i $L/got.$n.$i || echo LOADERR compare f$i; rm -f $L/put.$n.$i $L/got.$n.$i"
			echo "rm g$i"
			echo "mkdir d$i"
			echo "rmdir d$i"
			echo "!echo LOADOPS 6; touch $L/done.$n.$i"
			sleep "$THINK"
			# Two rounds queued at most: wait for the one before last.
			while [ "$i" -gt 1 ] && [ ! -e "$L/done.$n.$((i - 1))" ] &&
			      [ "$(date +%s)" -lt "$((DEADLINE + 240))" ]; do
				sleep 0.2
			done
			rm -f "$L/done.$n.$((i - 1))"
		done
		echo "cd /"
		echo "rmdir $dir"
		echo "quit"
	} | timeout $((SECS + 300)) stdbuf -i0 smbclient "$SHARE" -U test%test -m SMB3_11 \
		>"$L/smbc.$n" 2>&1
	echo "rc $?" >>"$L/smbc.$n"
}

# Mount everything first, so the mounts do not compete with busy clients;
# sixteen at a time.
t0=$(date +%s)
for ((n = 1; n <= NCIFS; n++)); do
	mkdir -p "$MNT/c$n"
	(timeout 120 mount -t cifs "$SHARE" "$MNT/c$n" \
		-o username=test,password=test,vers=3.1.1,cache=none,nosharesock \
		>"$L/mount.$n" 2>&1 || echo "0 1 mount" >"$L/res.$n") &
	[ $((n % 16)) = 0 ] && wait
done
wait
echo "# $NCIFS mounts in $(($(date +%s) - t0)) s"
capture=
if [ -n "${SMB3K_LOAD_PCAP:-}" ]; then
	tcpdump -i lo -s 256 -w "$SMB3K_LOAD_PCAP" 'tcp port 445' 2>/dev/null &
	capture=$!
fi
DEADLINE=$(($(date +%s) + SECS))
export DEADLINE
pids=()
for ((n = 1; n <= NCIFS; n++)); do
	[ -e "$L/res.$n" ] && continue
	cifs_worker "$n" &
	pids+=($!)
done
for ((n = 1; n <= NSMBC; n++)); do
	smbclient_worker "$n" &
	pids+=($!)
done

# Every client connected at once (the clean-up mount is one more).
for ((t = 0; t < 240; t++)); do
	conns=$(ss -Htn state established '( sport = :445 )' | wc -l)
	[ "$conns" -gt "$NCLIENTS" ] && break
	sleep 0.5
done
tap_ok $((conns <= NCLIENTS)) "$NCLIENTS clients connected at once ($conns server-side connections)"
slab_peak=$(slab_kb)
for p in "${pids[@]}"; do
	wait "$p"
done

[ -n "$capture" ] && kill "$capture" 2>/dev/null

# cifs results
ops=0 errs=0 idle=0 mfail=0
for ((n = 1; n <= NCIFS; n++)); do
	read -r o e rest <"$L/res.$n" 2>/dev/null || { o=0 e=1 rest="no result"; }
	ops=$((ops + o)) errs=$((errs + e))
	[ "$o" -gt 0 ] || idle=$((idle + 1))
	[ "${rest:-}" = mount ] && mfail=$((mfail + 1))
done
tap_ok $((mfail != 0)) "$NCIFS cifs mounts with nosharesock" \
	"$mfail failed: $(cat "$L"/mount.* 2>/dev/null | sort | uniq -c | head -5)"
tap_ok $((errs != 0)) "cifs clients: $ops operations, $errs errors" \
	"$(cat "$L"/err.* 2>/dev/null | head -20)"
tap_ok $((idle != 0)) "every cifs client completed rounds ($idle without one)"

# smbclient results
sops=0 serrs=0 sidle=0
for ((n = 1; n <= NSMBC; n++)); do
	f=$L/smbc.$n
	o=$(grep -c '^LOADOPS' "$f")
	e=$(grep -cE 'NT_STATUS_|LOADERR' "$f")
	grep -qx 'rc 0' "$f" || e=$((e + 1))
	sops=$((sops + o * 6)) serrs=$((serrs + e))
	[ "$o" -gt 0 ] || sidle=$((sidle + 1))
done
tap_ok $((serrs != 0)) "smbclient clients: $sops operations, $serrs errors" \
	"$(grep -hE 'NT_STATUS_|^rc [^0]' "$L"/smbc.* | sort | uniq -c | sort -rn | head -10)" \
	"$(grep -hE 'LOADERR' "$L"/smbc.* | sort | uniq -c | sort -rn | head -5)" \
	"$(df -h /tmp | tail -1)" \
	"$(f=$(grep -lE 'NT_STATUS_|LOADERR' "$L"/smbc.* | head -1); [ -n "$f" ] &&
	   grep -m1 -B8 -E 'NT_STATUS_|LOADERR' "$f")"
tap_ok $((sidle != 0)) "every smbclient client completed rounds ($sidle without one)"

left=$(find "$MNT/c0/$W" -mindepth 1 | head -5)
tap_ok $([ -z "$left" ]; echo $?) "the clients left nothing behind" "$left"
rmdir "$MNT/c0/$W"
cleanup
trap - EXIT
sleep 2
sync
echo 3 >/proc/sys/vm/drop_caches
slab1=$(slab_kb)
echo "# slab: ${slab0} kB before, ${slab_peak} kB under load, ${slab1} kB after"
tap_ok $(((slab1 - slab0) > SLAB_MB * 1024)) \
	"kernel slab back within $SLAB_MB MiB once the clients are gone ($(((slab1 - slab0) / 1024)) MiB)"
tap_done
