#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Persistent handles on a share with continuous availability: the live
# checks of test_persistent.py (with smb3kd killed and restarted under a
# client), a store that is full or read-only, a corrupt store, and the
# module unloaded and loaded again under open handles, which the client
# then reclaims.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
PY=/usr/bin/python3
STORE_DIR=$T/pstore
mkdir -p "$T" /srv/test/ca /srv/test/dur "$STORE_DIR"
chmod 1777 /srv/test/ca /srv/test/dur
# The store on a file system of its own, to fill and to make read-only.
mount -t tmpfs -o size=2m smb3k-pstore "$STORE_DIR"

load_module
write_conf "persistent store = $STORE_DIR/opens.db"
rm -f "$T/passdb"
printf 'test\n' | "$SMB3KCTL" -c "$CONF" user add test >/dev/null
printf 'Password\n' | "$SMB3KCTL" -c "$CONF" user add alice >/dev/null
{
	printf '[ca]\n  path = /srv/test/ca\n  read only = no\n  valid users = test alice\n'
	printf '  continuous availability = yes\n'
	printf '[dur]\n  path = /srv/test/dur\n  read only = no\n  valid users = test alice\n'
} >>"$CONF"

# restart-daemon kill|start: for test_persistent.py's smb3kd case.
cat >"$T/restart-daemon" <<EOF
#!/bin/sh
case "\$1" in
kill)	pkill -9 -x smb3kd || exit 1
	for i in \$(seq 100); do
		"$SMB3KCTL" -c "$CONF" status 2>/dev/null | grep -q '^daemon: none' && exit 0
		sleep 0.1
	done
	echo "the module still sees a daemon"; exit 1 ;;
start)	# Back once registered and done restoring (its summary line).
	n0=\$(grep -c 'persistent store:' "$T/smb3kd.log")
	setsid "$SMB3KD" -c "$CONF" >>"$T/smb3kd.log" 2>&1 </dev/null &
	for i in \$(seq 150); do
		"$SMB3KCTL" -c "$CONF" status 2>/dev/null | grep -q '^daemon: registered' &&
			[ "\$(grep -c 'persistent store:' "$T/smb3kd.log")" -gt "\$n0" ] && exit 0
		sleep 0.1
	done
	echo "smb3kd did not register and restore"; exit 1 ;;
esac
EOF
chmod +x "$T/restart-daemon"

start_daemon
wait_for listening 445
tap_ok $? "server up with shares ca (continuous availability) and dur" \
	"$(tail -5 "$T/smb3kd.log")"
CTL="$SMB3KCTL -c $CONF"
run_tap "$PY" "$HERE/test_persistent.py" --share ca --plain-share dur --ctl "$CTL" \
	--restart-daemon "$T/restart-daemon"
# smbtorture's persistent-open tests, which Samba 4.17 (no persistent
# handles) cannot pass: every oplock and lease gets a persistent handle on a
# CA share.
for t in persistent-open-oplock persistent-open-lease; do
	out=$(timeout 600 smbtorture //127.0.0.1/ca -U test%test \
		"smb2.durable-v2-open.$t" 2>&1)
	echo "$out" | grep -q "^success: $t"
	tap_ok $? "smbtorture smb2.durable-v2-open.$t on the CA share" \
		"$(echo "$out" | grep -v '^time:' | tail -15)"
done

# The daemon the script started last is not ours to wait for: find it.
DAEMON_PID=$(pgrep -x smb3kd | head -1)

# A store that cannot take a record: the CREATE fails cleanly.
dd if=/dev/zero of="$STORE_DIR/filler" bs=4k 2>/dev/null
run_tap "$PY" "$HERE/test_persistent.py" --share ca --store-fails 0xC000007F
rm -f "$STORE_DIR/filler"
# A store on a read-only file system: smb3kd runs without persistence.
kill "$DAEMON_PID"
wait_for sh -c "! pgrep -x smb3kd"
mount -o remount,ro "$STORE_DIR"
tap_ok $? "the store's file system is read-only now"
start_daemon
wait_for daemon_is "registered pid $DAEMON_PID"
run_tap "$PY" "$HERE/test_persistent.py" --share ca --store-fails 0xC000009A
grep -q "running without persistent handles" "$T/smb3kd.log"
tap_ok $? "... smb3kd says it runs without persistent handles" "$(tail -3 "$T/smb3kd.log")"
stop_daemon
mount -o remount,rw "$STORE_DIR"
start_daemon
wait_for daemon_is "registered pid $DAEMON_PID"
n=$($CTL opens --json | grep -o '"persistent_id"' | wc -l)
tap_ok $(($n != 0)) "nothing half-written: no record left ($n)"

# The module goes and comes back under open persistent handles.
"$PY" "$HERE/test_persistent.py" --share ca --ctl "$CTL" --prepare "$T/reload.json" \
	>"$T/prepare.log" 2>&1
tap_ok $? "3 persistent handles opened and written before the reload" "$(cat "$T/prepare.log")"
kill -9 "$DAEMON_PID" 2>/dev/null
wait_for sh -c "! pgrep -x smb3kd"
start=$(date +%s)
timeout 60 rmmod smb3k
tap_ok $? "rmmod with persistent handles open: $(($(date +%s) - start)) s"
n=$($CTL opens --json | grep -o '"persistent_id"' | wc -l)
tap_ok $(($n != 3)) "... their 3 records stay in the store ($n)"
insmod "$KO"
tap_ok $? "insmod again"
start_daemon
wait_for listening 445
tap_ok $? "smb3kd back, listening" "$(tail -5 "$T/smb3kd.log")"
grep -q 'restored' "$T/smb3kd.log"
tap_ok $? "... it restored the stored handles" "$(grep -i persistent "$T/smb3kd.log" | tail -5)"
run_tap "$PY" "$HERE/test_persistent.py" --share ca --ctl "$CTL" --reclaim "$T/reload.json"

stop_daemon

# A corrupt store: smb3kd refuses to start and loads nothing.
cp "$STORE_DIR/opens.db" "$T/opens.db.good" 2>/dev/null
rm -f "$STORE_DIR"/opens.db-*
printf 'this is not an SQLite database, not at all.......................' \
	>"$STORE_DIR/opens.db"
timeout 30 "$SMB3KD" -c "$CONF" >"$T/corrupt.log" 2>&1
rc=$?
tap_ok $(($rc == 0 || $rc == 124)) "smb3kd refuses a corrupt store (exit $rc)" \
	"$(cat "$T/corrupt.log")"
grep -q "opens.db" "$T/corrupt.log"
tap_ok $? "... and names it" "$(cat "$T/corrupt.log")"
daemon_is none
tap_ok $? "... nothing registered with the module" "$($CTL status 2>&1 | head -3)"
umount "$STORE_DIR"
tap_done
