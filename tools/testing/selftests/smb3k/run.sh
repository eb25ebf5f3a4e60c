#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run every smb3k selftest inside the guest (scripts/vm run --server none)
# and print one TAP stream: the tests' lines renumbered, one plan at the end.
#   run.sh [TEST...]   (default: all test_*.sh)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
tests=("$@")
[ ${#tests[@]} -gt 0 ] || tests=(test_kunit.sh test_lifecycle.sh test_config.sh test_clients.sh test_sessions.sh test_malformed.sh test_faults.sh test_security.sh test_crypto.sh test_durable.sh test_persistent.sh test_cifs_persistent.sh)
n=0 failed=0
for t in "${tests[@]}"; do
	echo "# === $t"
	while IFS= read -r line; do
		case "$line" in
		"ok "*) n=$((n + 1)); echo "ok $n - ${t%.sh}: ${line#ok * - }" ;;
		"not ok "*) n=$((n + 1)); failed=$((failed + 1))
			echo "not ok $n - ${t%.sh}: ${line#not ok * - }" ;;
		"1.."*) ;;
		*) echo "$line" ;;
		esac
	done < <(timeout 1200 "./$t" 2>&1; rc=$?; [ $rc = 0 ] || echo "# $t exited $rc")
	# Leave nothing behind for the next script.
	pkill -x smb3kd 2>/dev/null; sleep 0.2
	rmmod smb3k 2>/dev/null
done
echo "1..$n"
[ "$failed" = 0 ] && [ "$n" -gt 0 ]
