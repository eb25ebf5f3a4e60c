#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Sessions and tree connects: NTLMv2 through smb3kd, signing, every dialect,
# with impacket (test_session.py), smbclient and the cifs client.
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"
mkdir -p "$T"

start_server() {	# start_server [EXTRA GLOBAL LINES...]
	stop_daemon
	write_conf "$@"
	rm -f "$T/passdb"
	printf 'test\n' | "$SMB3KCTL" -c "$CONF" user add test >/dev/null
	printf 'Password\n' | "$SMB3KCTL" -c "$CONF" user add alice >/dev/null
	printf 'Long\n' | "$SMB3KCTL" -c "$CONF" user add "$LONGNAME" >/dev/null
	printf '[long]\n  path = /srv/test\n  valid users = %s\n' "$LONGNAME" >>"$CONF"
	start_daemon
	wait_for listening 445
}

# The longest user name smb3kd takes: 64 characters, 128 bytes of UTF-8.
LONGNAME=$(printf 'ж%.0s' $(seq 64))

load_module
start_server
tap_ok $? "server up" "$(tail -5 "$T/smb3kd.log")"
run_tap /usr/bin/python3 "$HERE/test_session.py"
out=$(timeout 60 smbclient //127.0.0.1/long -U "$LONGNAME%Long" -m SMB3_11 -c ls 2>&1)
rc=$?
[ "$rc" = 0 ]
tap_ok $? "a 64-character user name (128 bytes) logs in and gets its share, whole" "$out"
out=$(timeout 60 smbclient //127.0.0.1/long -U test%test -m SMB3_11 -c ls 2>&1)
echo "$out" | grep -q NT_STATUS_ACCESS_DENIED
tap_ok $? "... and that share refuses another user" "$out"

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

# Share list over srvsvc on IPC$ (smbclient -L), each dialect, anonymous too.
SMB2ONLY=--option="client min protocol=SMB2_02"
for m in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
	out=$(timeout 60 smbclient -L //127.0.0.1 -U test%test -m "$m" "$SMB2ONLY" 2>&1)
	echo "$out" | grep -q "test *Disk" && echo "$out" | grep -q "IPC\$ *IPC"
	tap_ok $? "smbclient -L -m $m lists test and IPC\$" "$out"
done
out=$(timeout 60 smbclient -L //127.0.0.1 -N -m SMB3_11 "$SMB2ONLY" 2>&1)
echo "$out" | grep -q "test *Disk"
tap_ok $? "smbclient -L anonymous" "$out"

# Encryption: every dialect that has it, every cipher, and GMAC signing.
for m in SMB3_00 SMB3_02 SMB3_11; do
	out=$(timeout 60 smbclient -L //127.0.0.1 -U test%test -m "$m" \
		--client-protection=encrypt "$SMB2ONLY" 2>&1)
	echo "$out" | grep -q "IPC Service"
	tap_ok $? "smbclient -m $m --client-protection=encrypt" "$out"
done
for c in AES-128-GCM AES-128-CCM AES-256-GCM AES-256-CCM; do
	out=$(timeout 60 smbclient -L //127.0.0.1 -U test%test -m SMB3_11 \
		--client-protection=encrypt "$SMB2ONLY" \
		--option="client smb3 encryption algorithms = $c" 2>&1)
	echo "$out" | grep -q "IPC Service"
	tap_ok $? "smbclient 3.1.1 encrypted with $c" "$out"
done
out=$(timeout 60 smbclient -L //127.0.0.1 -U test%test -m SMB3_11 --client-protection=sign \
	"$SMB2ONLY" --option="client smb3 signing algorithms = AES-128-GMAC" 2>&1)
echo "$out" | grep -q "IPC Service"
tap_ok $? "smbclient 3.1.1 signed with AES-128-GMAC" "$out"

# smbtorture: what needs no file service yet (the rest waits for the IOS layer).
for t in smb2.session.two_logoff smb2.session.ntlmssp_bug14932 \
	smb2.credits.session_setup_credits_granted; do
	out=$(timeout 120 smbtorture //127.0.0.1/test -U test%test "$t" 2>&1)
	echo "$out" | grep -q "^success: " && ! echo "$out" | grep -q "^failure\|^error"
	tap_ok $? "smbtorture $t" "$(echo "$out" | tail -4)"
done
out=$(timeout 300 smbtorture //127.0.0.1/test -U test%test rpc.srvsvc 2>&1)
n=$(echo "$out" | grep -c '^success:')
f=$(echo "$out" | grep -c '^failure:\|^error:')
[ "$f" = 0 ] && [ "$n" -ge 16 ]
tap_ok $? "smbtorture rpc.srvsvc: $n passed, $f failed" "$(echo "$out" | grep -A2 '^failure' | head -20)"
run_tap timeout 120 /usr/bin/python3 "$HERE/test_rpc_impacket.py"

# Server-side "smb encrypt = required": 3.x clients are encrypted, 2.x refused.
start_server "smb encrypt = required"
out=$(timeout 60 smbclient -L //127.0.0.1 -U test%test -m SMB3_11 "$SMB2ONLY" 2>&1)
echo "$out" | grep -q "IPC Service"
tap_ok $? "smb encrypt = required: a 3.1.1 client is served (encrypted)" "$out"
out=$(timeout 60 smbclient //127.0.0.1/test -U test%test -m SMB2_10 "$SMB2ONLY" -c quit 2>&1)
echo "$out" | grep -q NT_STATUS_ACCESS_DENIED
tap_ok $? "smb encrypt = required: a 2.1 client is refused" "$out"

# Signing required by the server.
start_server "server signing = mandatory"
run_tap /usr/bin/python3 "$HERE/test_session.py" --signing-required
out=$(timeout 60 smbclient //127.0.0.1/test -U test%test -m SMB3_11 -c quit 2>&1)
tap_ok $? "smbclient with server signing mandatory" "$out"

stop_daemon
unload_module
tap_done
