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
mapfile -t suites < <(grep -h -A3 'kunit_suite [a-z0-9_]* = {' "$TOP"/kernel/tests/*_test.c |
	sed -n 's/.*\.name = "\(smb3k_[a-z0-9_]*\)".*/\1/p' | sort -u)
tap_ok $((${#suites[@]} == 0)) "kernel/tests declares KUnit suites (${#suites[@]})"

for s in "${suites[@]}"; do
	r=$kunit/$s/results
	if [ ! -r "$r" ]; then
		tap_ok 1 "$s: suite ran" "no $r"
		continue
	fi
	cases=0 nfail=0
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
			cases=$((cases + 1)) nfail=$((nfail + 1))
			name=${line#    not ok * }
			tap_ok 1 "$s.$name" "$(grep -F "# $name" "$r" | head -n 8)"
			;;
		esac
	done <"$r"
	# A case's log holds 512 bytes in 6.1: one with many failed
	# expectations can lose its own result line. The plan ("    1..N") and
	# the suite's own verdict (the last line) are printed apart from them.
	total=$(sed -n 's/^    1\.\.\([0-9]*\)$/\1/p' "$r" | head -n 1)
	verdict=$(tail -n 1 "$r")
	want_fail=0
	[[ $verdict == "not ok "* ]] && want_fail=1
	[ "${total:-x}" = "$cases" ] && [ "$want_fail" = $((nfail > 0)) ]
	tap_ok $? "$s: every case reported ($cases of ${total:-?}), verdict '$verdict'" \
		"$nfail failed lines; $(grep -E "# $s: pass:" "$r" | tail -n 1)"
done

out=$(rmmod smb3k 2>&1)
tap_ok $? "rmmod after the suites" "$out"
tap_done
