#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Gate smbtorture results on a reference run (smbtorture_compare.sh output).
#
#   smbtorture_gate.sh RESULTS.tsv REFERENCE.tsv EXPECTED_FAILURES
#
# Prints TAP, one line per test the reference passes: ok when RESULTS has it
# passing; "ok ... # SKIP expected failure: REASON" when EXPECTED_FAILURES
# lists it ("test<TAB>reason" lines; blank lines and # comments allowed);
# else not ok.  A name in EXPECTED_FAILURES ending in "*" stands for every
# test it starts.  Exit status 0 when nothing failed.
set -u
if [ $# != 3 ]; then
	echo "usage: $0 RESULTS.tsv REFERENCE.tsv EXPECTED_FAILURES" >&2
	exit 2
fi
for f in "$@"; do
	[ -r "$f" ] || { echo "$0: cannot read $f" >&2; exit 2; }
done

declare -A GOT=() WHY=() WHYPFX=()
while IFS=$'\t' read -r name st _; do
	[ -n "$name" ] && GOT[$name]=$st
done <"$1"
while IFS= read -r line; do
	case $line in "" | "#"*) continue ;; esac
	name=${line%%$'\t'*}
	reason=${line#*$'\t'}
	if [ "$name" = "$line" ] || [ -z "${reason// /}" ]; then
		echo "# $3: no reason given for '$name': not accepted"
		continue
	fi
	case $name in
	*"*") WHYPFX[${name%\*}]=$reason ;;
	*) WHY[$name]=$reason ;;
	esac
done <"$3"

n=0 failed=0 stale=()
while IFS=$'\t' read -r name st _; do
	[ "$st" = ok ] || continue
	n=$((n + 1))
	got=${GOT[$name]:-missing}
	why=${WHY[$name]:-}
	if [ -z "$why" ]; then
		for pfx in "${!WHYPFX[@]}"; do
			[ "${name#"$pfx"}" != "$name" ] && why=${WHYPFX[$pfx]}
		done
	fi
	if [ "$got" = ok ]; then
		echo "ok $n - smbtorture $name"
		[ -n "${WHY[$name]:-}" ] && stale+=("$name")
	elif [ -n "$why" ]; then
		echo "ok $n - smbtorture $name # SKIP expected failure: $why (got $got)"
	else
		echo "not ok $n - smbtorture $name (got $got, the reference passes it)"
		failed=$((failed + 1))
	fi
done <"$2"
for name in "${stale[@]}"; do
	echo "# $name passes now: drop it from $3"
done
echo "1..$n"
[ "$failed" = 0 ]
