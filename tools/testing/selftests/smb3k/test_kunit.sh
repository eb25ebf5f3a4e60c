#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# The KUnit suites of kernel/tests/, on the debug kernel: load the module
# built with them (SMB3K_KUNIT_KO, set by scripts/vm --kernel debug), which
# runs them, and turn each test case's KTAP result from debugfs into a TAP
# line. Every suite named in kernel/tests/ must have run. On a kernel
# without KUnit the whole script is one skip.
. "$(dirname "$0")/lib.sh"

kunit=/sys/kernel/debug/kunit
if [ -z "${SMB3K_KUNIT_KO:-}" ] || [ ! -d $kunit ]; then
	echo "ok 1 - kunit suites # SKIP not the debug kernel (scripts/vm run --kernel debug)"
	echo "1..1"
	exit 0
fi

unload_module
out=$(insmod "$SMB3K_KUNIT_KO" 2>&1)
tap_ok $? "insmod the module with the KUnit suites" "$out"

# The suites the sources declare: .name = "smb3k_..." in a struct kunit_suite.
mapfile -t suites < <(grep -ho 'kunit_suite [a-z0-9_]* = {' -A3 "$TOP"/kernel/tests/*_test.c |
	sed -n 's/.*\.name = "\(smb3k_[a-z0-9_]*\)".*/\1/p' | sort -u)
tap_ok $((${#suites[@]} == 0)) "kernel/tests declares KUnit suites (${#suites[@]})"

for s in "${suites[@]}"; do
	r=$kunit/$s/results
	if [ ! -r "$r" ]; then
		tap_ok 1 "$s: suite ran" "no $r"
		continue
	fi
	cases=0
	while IFS= read -r line; do
		# Test cases are indented four spaces; parameters of a case deeper.
		case $line in
		"    ok "*)
			cases=$((cases + 1))
			name=${line#    ok * }
			if [[ $name == *"# SKIP"* ]]; then
				TAP_N=$((TAP_N + 1))
				echo "ok $TAP_N - $s.${name%% # SKIP*} # SKIP${name#*# SKIP}"
			else
				tap_ok 0 "$s.$name"
			fi
			;;
		"    not ok "*)
			cases=$((cases + 1))
			name=${line#    not ok * }
			tap_ok 1 "$s.$name" "$(grep -F "# $name" "$r" | head -n 8)"
			;;
		esac
	done <"$r"
	tap_ok $((cases == 0)) "$s: suite ran ($cases cases)"
done

out=$(rmmod smb3k 2>&1)
tap_ok $? "rmmod after the suites" "$out"
tap_done
