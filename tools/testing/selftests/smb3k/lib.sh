# SPDX-License-Identifier: GPL-2.0
# Shared helpers for the smb3k selftests (bash). Runs inside the QEMU guest
# as root, with the project tree at the same path as on the host.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../../.." && pwd)
# SMB3K_KO: the module to test (scripts/vm --kernel debug sets it to the
# build for the debug kernel); default the tree's own.
KO=${SMB3K_KO:-$TOP/kernel/smb3k.ko}
SMB3KD=$TOP/userspace-helper/smb3kd
SMB3KCTL=$TOP/userspace-helper/smb3kctl
T=${SMB3K_SELFTEST_TMP:-/tmp/smb3k-selftest}
CONF=$T/smb3k.conf
TAP_N=0
TAP_FAILED=0

tap_ok() {		# tap_ok COND-EXIT-STATUS NAME [DETAIL...]
	local rc=$1 name=$2
	shift 2
	TAP_N=$((TAP_N + 1))
	if [ "$rc" = 0 ]; then
		echo "ok $TAP_N - $name"
	else
		echo "not ok $TAP_N - $name"
		TAP_FAILED=$((TAP_FAILED + 1))
		[ $# -gt 0 ] && printf '# %s\n' "$@"
	fi
	return 0
}

# run_tap CMD...: fold another program's TAP lines into ours
run_tap() {
	local line
	while IFS= read -r line; do
		case "$line" in
		"ok "*) tap_ok 0 "${line#ok * - }" ;;
		"not ok "*) tap_ok 1 "${line#not ok * - }" ;;
		"1.."* | "exit 0") ;;
		"exit "*) tap_ok 1 "$* ended with ${line}" ;;
		*) echo "$line" ;;
		esac
	done < <("$@" 2>&1; echo "exit $?")
}

tap_done() {
	echo "1..$TAP_N"
	[ "$TAP_FAILED" = 0 ]
}

# write_conf [EXTRA GLOBAL LINES...]: a config serving /srv/test as [test]
write_conf() {
	mkdir -p "$T/state" /srv/test
	{
		echo "[global]"
		echo "  netbios name = SMB3KTEST"
		echo "  state directory = $T/state"
		echo "  passdb file = $T/passdb"
		echo "  smb ports = 445"
		local l
		for l in "$@"; do echo "  $l"; done
		echo "[test]"
		echo "  path = /srv/test"
		echo "  read only = no"
		echo "  valid users = test"
	} >"$CONF"
}

load_module() {
	lsmod | grep -q '^smb3k ' || insmod "$KO"
}

unload_module() {
	lsmod | grep -q '^smb3k ' || return 0
	rmmod smb3k
}

# start_server [EXTRA GLOBAL LINES...]: the module, a config serving
# /srv/test, user test (password test) and the daemon; true once it listens.
start_server() {
	load_module
	write_conf "$@"
	rm -f "$T/passdb"
	printf 'test\n' | "$SMB3KCTL" -c "$CONF" user add test >/dev/null
	start_daemon
	wait_for listening 445
}

# start_daemon [ARGS...]: start smb3kd in the background; DAEMON_PID is set.
start_daemon() {
	"$SMB3KD" -c "$CONF" "$@" >>"$T/smb3kd.log" 2>&1 &
	DAEMON_PID=$!
}

# wait_for CMD...: retry CMD for up to 10 s
wait_for() {
	local i
	for i in $(seq 100); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	return 1
}

listening() {
	"$SMB3KCTL" -c "$CONF" status 2>/dev/null | grep -q "^listening: .*:${1:-445}\$"
}

status_field() {	# status_field NAME: the value of "NAME: value"
	"$SMB3KCTL" -c "$CONF" status 2>/dev/null | sed -n "s/^$1: //p"
}

stop_daemon() {
	[ -n "${DAEMON_PID:-}" ] || return 0
	kill "$DAEMON_PID" 2>/dev/null
	wait "$DAEMON_PID" 2>/dev/null
	DAEMON_PID=
}

request_count() {	# request_count CMDNAME: requests of that command seen
	local v
	v=$("$SMB3KCTL" -c "$CONF" status 2>/dev/null | sed -n 's/^requests: //p' |
		tr ' ' '\n' | sed -n "s/^$1=//p")
	echo "${v:-0}"
}

daemon_is() {		# daemon_is "none" | "registered pid N"
	[ "$(status_field daemon)" = "$1" ]
}

connections_at_least() {
	local n
	n=$(status_field connections)
	[ "${n:-0}" -ge "$1" ]
}

not_listening() {
	! listening "$@"
}
