#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The file-service selftests, run inside the guest against the server the
# harness started (make check: scripts/vm run --server smb3k --disk ext4):
# real clients (test_fileservice.sh: smbclient, cifs, fio), named streams
# and change notify with hand-built requests (test_streams.py,
# test_notify.py), case-insensitive names in a large changing directory
# (test_caseless.py), hostile file commands from a raw-socket client
# (test_malformed_files.py), 256 clients at once for a minute (test_load.sh),
# then smbtorture's file suites, gated on the
# Samba reference (smbtorture-samba.tsv) with the written-down differences
# (smbtorture-expected-failures.txt). One TAP stream, renumbered; the
# smbtorture results go to the run directory.
#   run_fileservice.sh [SMBTORTURE_TEST...]
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
cd "$HERE"
out=${SMB3K_VM_RUNDIR:-/tmp}/smbtorture-smb3k.tsv
n=0 failed=0

fold() {	# fold NAME CMD...: renumber CMD's TAP lines into ours
	local name=$1 line
	shift
	echo "# === $name"
	while IFS= read -r line; do
		case "$line" in
		"ok "*) n=$((n + 1)); echo "ok $n - $name: ${line#ok * - }" ;;
		"not ok "*) n=$((n + 1)); failed=$((failed + 1))
			echo "not ok $n - $name: ${line#not ok * - }" ;;
		"1.."*) ;;
		*) echo "$line" ;;
		esac
	done < <("$@" 2>&1; rc=$?; [ $rc = 0 ] || echo "# $name exited $rc")
}

fold clients timeout 2700 ./test_fileservice.sh
fold streams timeout 300 python3 ./test_streams.py --local-dir "${SMB3K_TEST_DIR:-/srv/test}"
fold notify timeout 300 python3 ./test_notify.py --local-dir "${SMB3K_TEST_DIR:-/srv/test}"
fold caseless timeout 300 python3 ./test_caseless.py --local-dir "${SMB3K_TEST_DIR:-/srv/test}"
fold malformed-files timeout 600 python3 ./test_malformed_files.py
fold load timeout 1500 ./test_load.sh
fold smbtorture-run ./smbtorture_compare.sh "$out" "$@"
fold smbtorture ./smbtorture_gate.sh "$out" smbtorture-samba.tsv smbtorture-expected-failures.txt
echo "1..$n"
[ "$failed" = 0 ] && [ "$n" -gt 0 ]
