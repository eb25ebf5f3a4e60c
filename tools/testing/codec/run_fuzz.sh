#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# Run each libFuzzer target for $SECONDS_PER seconds and print TAP.
# usage: run_fuzz.sh BUILD_DIR SECONDS TARGET...
# With FUZZ_RUNS=N in the environment each target stops after N executions
# instead (SECONDS still caps it): the campaign that counts toward the
# 10^7 executions per target (make fuzz-campaign).
# New corpus units go to BUILD_DIR/corpus-work/<target> (the committed seeds
# in corpus/<target> are only read), crash artifacts to BUILD_DIR/artifacts/.
build=$1
secs=$2
shift 2
here=$(dirname "$0")
n=0
fail=0
echo "1..$#"
for t in "$@"; do
	n=$((n + 1))
	work="$build/corpus-work/$t"
	art="$build/artifacts/$t/"
	log="$build/$t.log"
	mkdir -p "$work" "$art"
	if "$build/$t" -max_total_time="$secs" ${FUZZ_RUNS:+-runs="$FUZZ_RUNS"} -print_final_stats=1 \
		-artifact_prefix="$art" "$work" "$here/corpus/$t" >"$log" 2>&1; then
		execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
		took=$(sed -n 's/^stat::.*run time.*//p; s/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
		echo "ok $n - $t ${took:-$secs}s, ${execs:-?} execs"
	else
		fail=$((fail + 1))
		echo "not ok $n - $t crashed (log: $log, artifacts: $art)"
		grep -m 5 -E 'ERROR|SUMMARY|runtime error' "$log" | sed 's/^/# /'
	fi
done
[ "$fail" -eq 0 ]
