#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Sessions and tree connects: NTLMv2 through smb3kd, signing, every dialect,
# with impacket (test_session.py), smbclient and the cifs client.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
mkdir -p "$T"

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

start_server() {	# start_server [EXTRA GLOBAL LINES...]
	stop_daemon
	write_conf "$@"
	rm -f "$T/passdb"
	printf 'test\n' | "$SMB3KCTL" -c "$CONF" user add test >/dev/null
	printf 'Password\n' | "$SMB3KCTL" -c "$CONF" user add alice >/dev/null
	start_daemon
	wait_for listening 445
}

load_module
start_server
tap_ok $? "server up" "$(tail -5 "$T/smb3kd.log")"
run_tap /usr/bin/python3 "$HERE/test_session.py"

# smbclient checks the server's signatures and SPNEGO mechListMIC itself.
for m in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
	for prot in off sign; do
		out=$(timeout 60 smbclient //127.0.0.1/test -U test%test -m "$m" \
			--client-protection="$prot" -c 'quit' 2>&1)
		rc=$?
		[ "$rc" = 0 ] && ! echo "$out" | grep -qi "failed\|error"
		tap_ok $? "smbclient -m $m --client-protection=$prot: session and tree connect" "rc=$rc" "$out"
	done
done
out=$(timeout 60 smbclient //127.0.0.1/test -U test%wrong -m SMB3_11 -c quit 2>&1)
echo "$out" | grep -q NT_STATUS_LOGON_FAILURE
tap_ok $? "smbclient: wrong password refused" "$out"
out=$(timeout 60 smbclient //127.0.0.1/nosuch -U test%test -m SMB3_11 -c quit 2>&1)
echo "$out" | grep -q NT_STATUS_BAD_NETWORK_NAME
tap_ok $? "smbclient: unknown share refused" "$out"

# Signing required by the server.
start_server "server signing = mandatory"
run_tap /usr/bin/python3 "$HERE/test_session.py" --signing-required
out=$(timeout 60 smbclient //127.0.0.1/test -U test%test -m SMB3_11 -c quit 2>&1)
tap_ok $? "smbclient with server signing mandatory" "$out"

stop_daemon
unload_module
tap_done
