#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Configuration errors are reported as FILE:LINE and refuse the start;
# testparm prints the effective configuration; the password database.
set -u
. "$(dirname "$0")/lib.sh"
mkdir -p "$T"
load_module

# bad_conf NAME LINE-NUMBER-EXPECTED MESSAGE-PATTERN: $CONF already written
bad_conf() {
	local name=$1 line=$2 pat=$3 out rc
	out=$("$SMB3KD" -c "$CONF" 2>&1); rc=$?
	[ "$rc" = 1 ] && echo "$out" | grep -q "^\(error: \)\?$CONF:$line: .*$pat"
	tap_ok $? "smb3kd refuses $name with $CONF:$line" "rc=$rc" "$out"
	out=$("$SMB3KCTL" -c "$CONF" testparm 2>&1); rc=$?
	[ "$rc" = 1 ] && echo "$out" | grep -q "^\(error: \)\?$CONF:$line: .*$pat"
	tap_ok $? "testparm reports $name at $CONF:$line" "rc=$rc" "$out"
}

write_conf
printf '  frobnicate = yes\n' >>"$CONF"
bad_conf "an unknown key" 10 "frobnicate"

write_conf
sed -i 's/read only = no/read only = maybe/' "$CONF"
bad_conf "a bad boolean" 8 "maybe"

write_conf "smb ports = 445 70000"
bad_conf "a bad port" 6 "70000"

write_conf "server min protocol = SMB3_11" "server max protocol = SMB2_10"
bad_conf "min protocol above max" "[67]" "protocol"

write_conf
sed -i 's|path = /srv/test|path = relative/dir|' "$CONF"
bad_conf "a relative share path" 7 "path"

printf 'oops = 1\n[global]\n' >"$CONF"
bad_conf "a key outside any section" 1 ""

printf '[global\n' >"$CONF"
bad_conf "a broken section header" 1 ""

write_conf
out=$("$SMB3KCTL" -c "$CONF" testparm 2>/dev/null); rc=$?
[ "$rc" = 0 ] && echo "$out" | grep -q '^\[test\]' &&
	echo "$out" | grep -qi 'path = /srv/test' &&
	echo "$out" | grep -qi 'read only = no'
tap_ok $? "testparm prints the effective config" "rc=$rc" "$out"
echo "$out" >"$T/dumped.conf"
"$SMB3KCTL" -c "$T/dumped.conf" testparm >"$T/dumped2.conf" 2>/dev/null &&
	cmp -s "$T/dumped.conf" "$T/dumped2.conf"
tap_ok $? "testparm output parses back to the same config"

# Password database: NT hashes only, 0600, add/list/del.
rm -f "$T/passdb"
printf 'Password\n' | "$SMB3KCTL" -c "$CONF" user add alice >/dev/null 2>&1 &&
	printf 'test\n' | "$SMB3KCTL" -c "$CONF" user add test >/dev/null 2>&1
tap_ok $? "user add"
[ "$(stat -c %a "$T/passdb")" = 600 ]
tap_ok $? "passdb is mode 0600" "$(stat -c %a "$T/passdb")"
# MS-NLMP 4.2.1: NTOWFv1("Password") = a4f49c406510bdcab6824ee7c30fd852
! grep -q Password "$T/passdb" && grep -qi a4f49c406510bdcab6824ee7c30fd852 "$T/passdb"
tap_ok $? "passdb holds the NT hash, not the password"
[ "$("$SMB3KCTL" -c "$CONF" user list | sort | tr '\n' ' ')" = "alice test " ]
tap_ok $? "user list"
"$SMB3KCTL" -c "$CONF" user del alice && ! "$SMB3KCTL" -c "$CONF" user list | grep -q alice
tap_ok $? "user del"
! "$SMB3KCTL" -c "$CONF" user del nobody-here >/dev/null 2>&1
tap_ok $? "user del of an unknown user fails"

unload_module
tap_done
