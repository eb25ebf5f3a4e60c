#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# Run smbtorture tests against whatever server serves the share and write one
# line per sub-test, "<suite.test>\t<ok|fail|error|skip|timeout>", to OUT.
#
#   smbtorture_compare.sh [-t SECS] OUT.tsv [TEST...]    (default: the list below)
#
# Each TEST (a suite or a single sub-test) runs in one smbtorture with
# --format=subunit --fullname.  A sub-test running longer than SECS
# (SMBTORTURE_TIMEOUT, default 180) is killed and recorded as timeout, and
# the rest of its suite goes on in a new smbtorture; a sub-test that never
# reports (smbtorture died) is recorded as error.  Also written: OUT.log
# (raw output) and OUT.times ("suite seconds ok fail error skip timeout").
# Environment: SMBTORTURE_SHARE (//127.0.0.1/test), SMBTORTURE_CREDS
# (test%test), SMBTORTURE_OPTS (extra options, split on spaces; the default
# caps smb2.maxfid at 2000 open files so it fits the emulated guest).
set -u

TMO=${SMBTORTURE_TIMEOUT:-180}
if [ "${1:-}" = -t ]; then
	TMO=$2
	shift 2
fi
if [ $# -lt 1 ] || [ "${1#-}" != "$1" ]; then
	echo "usage: $0 [-t SECS] OUT.tsv [TEST...]" >&2
	exit 2
fi
OUT=$1
shift
TESTS=("$@")
[ ${#TESTS[@]} -gt 0 ] || TESTS=(smb2.connect smb2.tcon smb2.credits smb2.compound
	smb2.session smb2.create smb2.dir smb2.read smb2.rw smb2.rename
	smb2.sharemode smb2.delete-on-close-perms smb2.lock smb2.streams smb2.acls
	smb2.getinfo smb2.setinfo smb2.notify smb2.maxfid smb2.ea smb2.dosmode
	smb2.timestamps smb2.mkdir smb2.openattr smb2.winattr smb2.sdread
	smb2.maximum_allowed smb2.oplock smb2.lease smb2.durable-open smb2.durable-open-disconnect
	smb2.durable-v2-open smb2.durable-v2-delay)
UNC=${SMBTORTURE_SHARE:-//127.0.0.1/test}
CREDS=${SMBTORTURE_CREDS:-test%test}
read -ra OPTS <<<"${SMBTORTURE_OPTS:---option=torture:maxopenfiles=2000}"
LOG=${OUT%.tsv}.log
TIMES=${OUT%.tsv}.times
: >"$OUT" && : >"$LOG" && : >"$TIMES" || exit 2

declare -A RES=()
NEW=0		# results recorded by the last batch

record() {	# record NAME STATUS: first result of a name wins
	[ -n "${RES[$1]:-}" ] && return
	RES[$1]=$2
	NEW=$((NEW + 1))
	printf '%s\t%s\n' "$1" "$2" >>"$OUT"
}

# subtests TEST: the sub-tests smbtorture --list knows under TEST, named as
# --fullname reports them ("smb2.rw.rw1.rw1" is reported "smb2.rw.rw1").
subtests() {
	smbtorture --list "$1" 2>/dev/null | awk -v t="$1" -F. '
		$0 != t && index($0, t ".") != 1 { next }
		NF > 2 && $NF == $(NF - 1) { sub(/\.[^.]*$/, "") }
		{ print }'
}

# run_batch TEST...: one smbtorture over the TESTs, results into RES;
# returns at its end, or after killing it when a sub-test overran TMO.
run_batch() {
	local fd pid line part='' name st cur='' inbracket=0 deadline=$((SECONDS + TMO)) t rc
	exec {fd}< <(exec stdbuf -oL -eL smbtorture "$UNC" -U "$CREDS" --fullname \
		--format=subunit "${OPTS[@]}" "$@" 2>&1 </dev/null)
	pid=$!
	NEW=0
	while :; do
		IFS= read -r -t 2 -u "$fd" line
		rc=$?
		if [ $rc -gt 128 ]; then	# no full line yet
			part+=$line
			[ $SECONDS -lt $deadline ] && continue
			if [ -z "$cur" ]; then	# stuck between tests: blame the next one
				for t in "$@"; do
					[ -z "${RES[$t]:-}" ] && { cur=$t; break; }
				done
			fi
			echo "smbtorture_compare: ${cur:-?} ran over ${TMO}s, killed" >>"$LOG"
			[ -n "$cur" ] && record "$cur" timeout
			kill -TERM "$pid" 2>/dev/null
			break
		fi
		[ $rc = 0 ] || [ -n "$line" ] || break		# end of output
		line=$part$line part=''
		printf '%s\n' "$line" >>"$LOG"
		if [ $inbracket = 1 ]; then	# details of a result, up to "]"
			[ "$line" = "]" ] && inbracket=0
			continue
		fi
		case $line in
		"test: "*)
			cur=${line#test: }
			deadline=$((SECONDS + TMO))
			;;
		success:* | successful:* | uxsuccess:* | failure:* | fail:* | xfail:* | error:* | skip:*)
			st=${line%%:*}
			name=${line#*: }
			case $name in *" ["*) name=${name%% \[*} inbracket=1 ;; esac
			case $st in
			success | successful | uxsuccess) st=ok ;;
			failure | fail | xfail) st=fail ;;
			esac
			record "$name" "$st"
			[ "$name" = "$cur" ] && cur=''
			deadline=$((SECONDS + TMO))
			;;
		esac
	done
	exec {fd}<&-
	for t in 1 2 3 4 5 6 7 8 9 10; do
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.5
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	# smbtorture died inside a test (no-op after a timeout: recorded)
	[ -n "$cur" ] && record "$cur" error
	return 0
}

total_start=$SECONDS
for suite in "${TESTS[@]}"; do
	start=$SECONDS
	mapfile -t subs < <(subtests "$suite")
	if [ ${#subs[@]} = 0 ]; then
		echo "# $suite: smbtorture --list knows no such test"
		record "$suite" error
		continue
	fi
	while :; do
		left=()
		for t in "${subs[@]}"; do
			[ -n "${RES[$t]:-}" ] || left+=("$t")
		done
		[ ${#left[@]} = 0 ] && break
		run_batch "${left[@]}"
		# no progress at all: smbtorture cannot run the first one
		[ "$NEW" = 0 ] && record "${left[0]}" error
	done
	declare -A n=([ok]=0 [fail]=0 [error]=0 [skip]=0 [timeout]=0)
	for t in "${!RES[@]}"; do
		[ "$t" = "$suite" ] || [ "${t#"$suite".}" != "$t" ] || continue
		n[${RES[$t]}]=$((${n[${RES[$t]}]:-0} + 1))
	done
	secs=$((SECONDS - start))
	printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$suite" "$secs" "${n[ok]}" "${n[fail]}" \
		"${n[error]}" "${n[skip]}" "${n[timeout]}" >>"$TIMES"
	echo "# $suite: ${n[ok]} ok, ${n[fail]} fail, ${n[error]} error, ${n[skip]} skip, ${n[timeout]} timeout (${secs}s)"
done
echo "# ${#RES[@]} results in $OUT ($((SECONDS - total_start))s)"
