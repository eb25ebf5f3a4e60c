#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Crypto known-answer self-tests: load smb3k with selftest=1, expect the
# "crypto selftest: N passed" line, unload.
set -u
. "$(dirname "$0")/lib.sh"
mkdir -p "$T"

unload_module
dmesg -C 2>/dev/null
out=$(insmod "$KO" selftest=1 2>&1); rc=$?
tap_ok "$rc" "insmod smb3k selftest=1 succeeds" "$out" "$(dmesg | grep 'smb3k:' | tail -5)"

line=$(dmesg | grep -o 'smb3k: crypto selftest: [0-9]* passed' | tail -n1)
n=$(echo "$line" | sed -n 's/.*selftest: \([0-9]*\) passed/\1/p')
[ "${n:-0}" -gt 0 ]
tap_ok $? "crypto selftest reports vectors passed (${n:-none})" \
	"$(dmesg | grep 'crypto selftest' | tail -3)"

! dmesg | grep -q 'crypto selftest: vector .* failed'
tap_ok $? "no crypto selftest vector failed" "$(dmesg | grep 'failed' | tail -3)"

[ "$(cat /sys/module/smb3k/parameters/selftest 2>/dev/null)" = Y ]
tap_ok $? "the selftest parameter is visible in sysfs"

rmmod smb3k
tap_ok $? "rmmod smb3k after the selftest"

# Without the parameter the self-test does not run.
dmesg -C 2>/dev/null
insmod "$KO" && ! dmesg | grep -q 'crypto selftest'
tap_ok $? "without selftest=1 no self-test runs"
unload_module

tap_done
