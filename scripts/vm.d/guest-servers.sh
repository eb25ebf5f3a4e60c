# shellcheck shell=bash
# Server start/stop for scripts/vm's guest side; sourced by guest-init.
# Every server serves share "test" (path /srv/test, writable, user test,
# password test) on port 445.  server_start returns non-zero after
# setup_fail has recorded why; server_stop records teardown trouble with
# teardown_fail.  Logs go to the run directory.

SERVER_PID=
MODULE_LOADED=		# the module we inserted (and so remove)
SERVE_FORCE_ROOT=0
# "vm serve" shares a host folder over 9p: guest identities mean nothing
# there (files belong to the QEMU user on the host), so serve as root.
[ "${SMB3K_VM_SHARE9P:-0}" = 1 ] && SERVE_FORCE_ROOT=1

port_open() {
	(exec 3<>/dev/tcp/127.0.0.1/445) 2>/dev/null
}

# wait_until SECONDS PID CHECK...: poll CHECK until it succeeds, the
# process PID dies (return 2) or SECONDS pass (return 1).
wait_until() {
	local secs=$1 pid=$2 i
	shift 2
	for ((i = 0; i < secs * 5; i++)); do
		"$@" && return 0
		kill -0 "$pid" 2>/dev/null || return 2
		sleep 0.2
	done
	return 1
}

stop_pid() {	# stop_pid PID NAME: SIGTERM, wait up to 15 s, then SIGKILL
	local pid=$1 name=$2 i
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null || return 0
	for ((i = 0; i < 75; i++)); do
		kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null; return 0; }
		sleep 0.2
	done
	teardown_fail "$name (pid $pid) ignored SIGTERM for 15 s; killed"
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

rmmod_wait() {	# rmmod_wait NAME: the module may stay busy for a moment
	local i
	for ((i = 0; i < 25; i++)); do
		rmmod "$1" 2>/dev/null && return 0
		sleep 0.2
	done
	teardown_fail "rmmod $1 failed: $(rmmod "$1" 2>&1) (refcount $(cat "/sys/module/$1/refcnt" 2>/dev/null))"
}

insmod_with_deps() {	# insmod_with_deps KO
	local dep
	for dep in $(modinfo -F depends "$1" 2>/dev/null | tr ',' ' '); do
		load_module "$dep"
	done
	insmod "$1"
}

# ---- smb3k -------------------------------------------------------------------
SMB3K_CONF=/etc/smb3k/smb3k.conf

start_smb3k() {
	local ko=${SMB3K_KO:-$PROJ/kernel/smb3k.ko} helper=$PROJ/userspace-helper rc
	if [ ! -f "$ko" ] || [ ! -x "$helper/smb3kd" ] || [ ! -x "$helper/smb3kctl" ]; then
		setup_fail "smb3k is not built (kernel/smb3k.ko, userspace-helper/smb3kd, userspace-helper/smb3kctl): run make first"
		return 1
	fi
	if ! insmod_with_deps "$ko" >"$RUN/insmod.log" 2>&1; then
		setup_fail "insmod kernel/smb3k.ko failed: $(cat "$RUN/insmod.log")"
		return 1
	fi
	MODULE_LOADED=smb3k
	mkdir -p /etc/smb3k
	cat >"$SMB3K_CONF" <<-CONF
		[global]
		server min protocol = SMB2_02
		smb ports = 445
		[test]
		path = /srv/test
		read only = no
		valid users = test
	CONF
	if ! printf 'test\n' | "$helper/smb3kctl" -c "$SMB3K_CONF" user add test \
		>"$RUN/smb3kctl-user-add.log" 2>&1; then
		setup_fail "smb3kctl user add test failed" "$RUN/smb3kctl-user-add.log"
		return 1
	fi
	"$helper/smb3kd" --heartbeat-ms 1000 -c "$SMB3K_CONF" </dev/null >"$RUN/smb3kd.log" 2>&1 &
	SERVER_PID=$!
	# shellcheck disable=SC2317 # called through wait_until
	smb3k_listening() {
		"$helper/smb3kctl" -c "$SMB3K_CONF" status 2>/dev/null | grep -q 'listening:'
	}
	wait_until 20 "$SERVER_PID" smb3k_listening
	rc=$?
	case $rc in
	0) return 0 ;;
	2)
		wait "$SERVER_PID"
		setup_fail "smb3kd exited with status $? (1 config error, 2 kernel refused, 3 module not loaded)" "$RUN/smb3kd.log"
		SERVER_PID=
		;;
	*) setup_fail "smb3kctl status showed no 'listening:' line within 20 s" "$RUN/smb3kd.log" ;;
	esac
	return 1
}

stop_smb3k() {
	stop_pid "$SERVER_PID" smb3kd
	[ "$MODULE_LOADED" = smb3k ] && rmmod_wait smb3k
}

# ---- Samba -------------------------------------------------------------------
SAMBA_DIR=/run/smb3k-samba

start_samba() {
	local d=$SAMBA_DIR rc extra=
	mkdir -p "$d"/{state,lock,private,cache,pid,ncalrpc} "$RUN/samba"
	chmod 0700 "$d/private"
	[ $SERVE_FORCE_ROOT = 1 ] && extra="force user = root"
	# Named streams as Windows-facing shares have them (and as smb3k
	# stores them): the reference for smb2.streams (samba-vfs-modules).
	ls /usr/lib/*/samba/vfs/streams_xattr.so >/dev/null 2>&1 &&
		extra="$extra
		vfs objects = streams_xattr"
	cat >"$d/smb.conf" <<-CONF
		[global]
		server role = standalone server
		server min protocol = SMB2_02
		smb ports = 445
		disable netbios = yes
		passdb backend = tdbsam
		state directory = $d/state
		lock directory = $d/lock
		private dir = $d/private
		cache directory = $d/cache
		pid directory = $d/pid
		ncalrpc dir = $d/ncalrpc
		log file = $RUN/samba/log.smbd
		max log size = 0
		log level = 1
		load printers = no
		printing = bsd
		printcap name = /dev/null
		disable spoolss = yes
		[test]
		path = /srv/test
		read only = no
		valid users = test
		$extra
	CONF
	if ! printf 'test\ntest\n' | smbpasswd -c "$d/smb.conf" -a -s test >"$RUN/samba/smbpasswd.log" 2>&1; then
		setup_fail "smbpasswd -a test failed" "$RUN/samba/smbpasswd.log"
		return 1
	fi
	smbd --foreground --no-process-group -s "$d/smb.conf" </dev/null \
		>"$RUN/samba/smbd.out" 2>&1 &
	SERVER_PID=$!
	wait_until 30 "$SERVER_PID" port_open
	rc=$?
	case $rc in
	0) return 0 ;;
	2)
		wait "$SERVER_PID"
		setup_fail "smbd exited with status $?" "$RUN/samba/log.smbd"
		SERVER_PID=
		;;
	*) setup_fail "smbd did not accept connections on port 445 within 30 s" "$RUN/samba/log.smbd" ;;
	esac
	return 1
}

stop_samba() {
	stop_pid "$SERVER_PID" smbd
}

# ---- ksmbd (a working build supplied from outside the repository) ------------
KSMBD_BIN=/run/smb3k-ksmbd-bin
MOUNTD_PID=

start_ksmbd() {
	local ko=$RUN/ksmbd/ksmbd.ko tools=$RUN/ksmbd/tools t dir rc extra=
	mkdir -p "$KSMBD_BIN"
	for t in ksmbd.mountd ksmbd.adduser ksmbd.addshare ksmbd.control; do
		if [ -x "$tools/$t" ]; then
			ln -sf "$tools/$t" "$KSMBD_BIN/$t"
		elif [ -x "$tools/ksmbd.tools" ]; then
			ln -sf "$tools/ksmbd.tools" "$KSMBD_BIN/$t"
		fi
	done
	if [ ! -e "$KSMBD_BIN/ksmbd.mountd" ] || [ ! -e "$KSMBD_BIN/ksmbd.adduser" ]; then
		setup_fail "KSMBD_TOOLS has neither ksmbd.mountd + ksmbd.adduser nor ksmbd.tools"
		return 1
	fi
	if [ -d /sys/module/ksmbd ]; then
		echo "ksmbd already present (built in or loaded)" >>"$GLOG"
	elif ! insmod_with_deps "$ko" >"$RUN/insmod.log" 2>&1; then
		setup_fail "insmod ksmbd.ko failed: $(cat "$RUN/insmod.log")"
		return 1
	else
		MODULE_LOADED=ksmbd
	fi
	[ $SERVE_FORCE_ROOT = 1 ] && extra="force user = root"
	# ksmbd-tools versions differ in the default file names and the
	# option letters for them: write every default location.
	for dir in /etc/ksmbd /usr/local/etc/ksmbd; do
		mkdir -p "$dir"
		cat >"$dir/ksmbd.conf" <<-CONF
			[global]
			server min protocol = SMB2_10
			tcp port = 445
			[test]
			path = /srv/test
			read only = no
			valid users = test
			$extra
		CONF
		cp "$dir/ksmbd.conf" "$dir/smb.conf"
	done
	if ! "$KSMBD_BIN/ksmbd.adduser" -a test -p test >"$RUN/ksmbd-adduser.log" 2>&1; then
		setup_fail "ksmbd.adduser -a test failed" "$RUN/ksmbd-adduser.log"
		return 1
	fi
	"$KSMBD_BIN/ksmbd.mountd" -n </dev/null >"$RUN/ksmbd-mountd.log" 2>&1 &
	MOUNTD_PID=$!
	wait_until 30 "$MOUNTD_PID" port_open
	rc=$?
	case $rc in
	0) return 0 ;;
	2)
		wait "$MOUNTD_PID"
		setup_fail "ksmbd.mountd exited with status $?" "$RUN/ksmbd-mountd.log"
		MOUNTD_PID=
		;;
	*) setup_fail "ksmbd did not accept connections on port 445 within 30 s" "$RUN/ksmbd-mountd.log" ;;
	esac
	return 1
}

stop_ksmbd() {
	[ -e "$KSMBD_BIN/ksmbd.control" ] &&
		timeout 20 "$KSMBD_BIN/ksmbd.control" -s >>"$RUN/ksmbd-mountd.log" 2>&1
	stop_pid "$MOUNTD_PID" ksmbd.mountd
	[ "$MODULE_LOADED" = ksmbd ] && rmmod_wait ksmbd
}

# ---- dispatch ----------------------------------------------------------------
server_start() {
	case $1 in
	none) return 0 ;;
	smb3k | samba | ksmbd) "start_$1" ;;
	*) setup_fail "unknown server '$1'" ;;
	esac
}

server_stop() {
	case $1 in
	smb3k | samba | ksmbd) "stop_$1" ;;
	esac
	return 0
}
