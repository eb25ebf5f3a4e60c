#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0
# File service through real clients, against whatever server already serves
# the share (scripts/vm run --server smb3k|samba): smbclient (SMB3_11 and
# SMB2_10) and cifs mounts (2.1, 3.0, 3.1.1, seal, sign, cache=none) moving
# data, copying trees, listing big directories, stat, truncate, rename,
# unlink, offsets past 4 GiB, then fio with crc32c verification.  Starts no
# server.  Everything happens in one work directory on the share, removed on
# exit.  When the share's path is local (SMB3K_FS_DIR), what reached the
# server's disk is checked too.
#
#   SMB3K_FS_SHARE        share UNC (//127.0.0.1/test)
#   SMB3K_FS_DIR          the share's local path ("" for none; default
#                         $SMB3K_TEST_DIR, else /srv/test)
#   SMB3K_FS_PORT, SMB3K_FS_USER, SMB3K_FS_PASS        (445, test, test)
#   SMB3K_FS_LIST_FILES   files in the smbclient listing check (2000)
#   SMB3K_FS_BIG_FILES    files in the cifs big-directory check (10000)
#   SMB3K_FS_META_FILES   files created, listed, renamed and removed through
#                         the vers=3.1.1,cache=none mount (100000)
#   SMB3K_FS_TREE_FILES   files in the tree copied on the vers=3.1.1 mount
#                         (300; the other mounts copy a 30-file tree)
#   SMB3K_FS_FIO_JOBS, SMB3K_FS_FIO_SIZE   fio jobs and MiB each (4, 64)
set -u
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/lib.sh"

SHARE=${SMB3K_FS_SHARE:-//127.0.0.1/test}
SDIR=${SMB3K_FS_DIR-${SMB3K_TEST_DIR:-/srv/test}}
PORT=${SMB3K_FS_PORT:-445}
FSUSER=${SMB3K_FS_USER:-test}
FSPASS=${SMB3K_FS_PASS:-test}
NLIST=${SMB3K_FS_LIST_FILES:-2000}
NBIG=${SMB3K_FS_BIG_FILES:-10000}
NMETA=${SMB3K_FS_META_FILES:-100000}
NTREE=${SMB3K_FS_TREE_FILES:-300}
FIO_JOBS=${SMB3K_FS_FIO_JOBS:-4}
FIO_MB=${SMB3K_FS_FIO_SIZE:-64}
W=smb3k-fs.$$				# work directory on the share
L=$(mktemp -d /tmp/smb3k-fs.XXXXXX)	# local scratch
MNTBASE=/mnt/smb3k-fs.$$
MOUNTS=()
HAVE_LOCAL=0	# 1 once $SDIR/$W is seen to be the share's work directory
export LC_ALL=C

cleanup() {
	local m
	for m in "${MOUNTS[@]}"; do
		mountpoint -q "$m" && { umount "$m" 2>/dev/null || umount -l "$m"; }
		rmdir "$m" 2>/dev/null
	done
	rmdir "$MNTBASE" 2>/dev/null
	if [ "$HAVE_LOCAL" = 1 ]; then
		rm -rf "${SDIR:?}/$W"
	else
		timeout 600 smbclient "$SHARE" -p "$PORT" -U "$FSUSER%$FSPASS" \
			-c "deltree $W" >/dev/null 2>&1
	fi
	rm -rf "$L"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

drop_caches() {	# make the next reads and stats go to the server
	sync
	echo 3 >/proc/sys/vm/drop_caches
} 2>/dev/null

section_start=$SECONDS
timing() {	# timing WHAT: seconds since the last call, as a TAP comment
	echo "# timing: $1 took $((SECONDS - section_start)) s"
	section_start=$SECONDS
}

# smbc_in DIR DIALECT COMMANDS: smbclient starting in DIR, output in $out;
# fails on a non-zero status or any NT_STATUS_ error (smbclient -c goes on
# after errors and only reports the last command's status).
smbc_in() {
	out=$(timeout 300 smbclient "$SHARE" -p "$PORT" -U "$FSUSER%$FSPASS" -m "$2" \
		-D "$1" -c "$3" 2>&1)
	local rc=$?
	[ "$rc" = 0 ] && ! grep -q NT_STATUS_ <<<"$out"
}

smbc() { smbc_in "$W" "$@"; }	# smbc DIALECT COMMANDS: in the work directory

same_file() {	# same_file A B: identical sha256
	[ "$(sha256sum <"$1")" = "$(sha256sum <"$2" 2>/dev/null)" ]
}

on_disk() {	# on_disk RELPATH CMD...: CMD... $SDIR/$W/RELPATH, or true without local access
	[ "$HAVE_LOCAL" = 0 ] || "${@:2}" "$SDIR/$W/$1"
}

# names N PREFIX: N distinct names of varying lengths (entry packing and
# resume points in QUERY_DIRECTORY replies move around)
names() {
	local i pad=abcdefghijklmnopqrstuvwxyz0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ
	for ((i = 0; i < $1; i++)); do
		echo "$2$i-${pad:0:$((i * 7 % 60))}"
	done
}

# make_dir RELDIR N PREFIX: a directory of N empty files, written straight to
# the server's disk when it is local (fast), else through smbclient.
make_dir() {
	local d=$1 n=$2 p=$3
	names "$n" "$p" >"$L/$d.names"
	if [ "$HAVE_LOCAL" = 1 ]; then
		mkdir -p "$SDIR/$W/$d" && (cd "$SDIR/$W/$d" && xargs touch) <"$L/$d.names"
	else
		mkdir -p "$L/$d.src" && (cd "$L/$d.src" && xargs touch) <"$L/$d.names" &&
			smbc SMB3_11 "mkdir $d; cd $d; lcd $L/$d.src; prompt off; mput *"
	fi
}

# ls_block N FILE: the Nth "ls" listing of smbclient output FILE, names only
ls_block() {
	awk -v n="$1" '/ blocks of size / { b++; next }
		b + 1 == n && /^  / && NF >= 6 && $1 != "." && $1 != ".." { print $1 }' "$2"
}

# ---- local test data ---------------------------------------------------------
mkdir -p "$MNTBASE"
head -c $((6 * 1048576 + 12345)) /dev/urandom >"$L/data"	# a few MiB, odd size
head -c 1048576 /dev/urandom >"$L/mib"
printf 'small file\n' >"$L/small"
# Trees of files in nested directories (sizes around page and 64 KiB edges,
# assorted modes and mtimes, an empty directory; no symlinks).
/usr/bin/python3 - "$L" "$NTREE" <<'EOF'
import os, random, sys
for name, count in (("tree", int(sys.argv[2])), ("tree-small", 30)):
    root, r = os.path.join(sys.argv[1], name), random.Random(1234)
    for i in range(count):
        parts = ["d%d" % (i % 7), "s%d" % (i % 5)] + (["deep%d" % (i % 3)] if i % 4 == 0 else [])
        d = os.path.join(root, *parts)
        os.makedirs(d, exist_ok=True)
        p = os.path.join(d, "f%03d%s" % (i, ["", ".txt", ".tar.gz", ".BIN"][i % 4]))
        with open(p, "wb") as f:
            f.write(r.randbytes(r.choice([0, 1, 511, 4096, 4097, 8191, 65537, 150000])))
        os.chmod(p, 0o600 if i % 3 == 0 else 0o644)
        os.utime(p, (1000000000 + i * 3601, 1000000000 + i * 3601))
    os.makedirs(os.path.join(root, "empty", "dir"), exist_ok=True)
EOF
tap_ok $? "generate local test data"

# ---- the work directory ------------------------------------------------------
smbc_in / SMB3_11 "mkdir $W"
tap_ok $? "smbclient: create work directory $W on $SHARE" "$out"
[ -n "$SDIR" ] && [ -d "$SDIR/$W" ] && HAVE_LOCAL=1
echo "# work directory $SHARE/$W; server's disk checked: $([ $HAVE_LOCAL = 1 ] && echo "$SDIR/$W" || echo no)"

make_dir list "$NLIST" "list-"
tap_ok $? "set up a directory of $NLIST files"
sort "$L/list.names" >"$L/list.want"
timing "set-up"

# ---- smbclient ---------------------------------------------------------------
size=$(stat -c %s "$L/data")
for m in SMB3_11 SMB2_10; do
	# data: put/get, a non-ASCII name, a name in another case
	u="Grüße-日本語-ñ-€-$m.txt"
	smbc "$m" "put $L/data big-$m; get big-$m $L/got-$m;
		put $L/small \"$u\"; ls; get \"$u\" $L/u-$m;
		put $L/small CaseMix-$m.TXT; get casemix-${m,,}.txt $L/c-$m"
	rc=$?
	[ $rc = 0 ] && same_file "$L/data" "$L/got-$m" && on_disk "big-$m" same_file "$L/data"
	tap_ok $? "smbclient $m: put/get $size bytes, same sha256" "$out"
	[ $rc = 0 ] && grep -qF "  $u  " <<<"$out" && same_file "$L/small" "$L/u-$m" &&
		on_disk "$u" test -f
	tap_ok $? "smbclient $m: non-ASCII name $u" "$out"
	[ $rc = 0 ] && same_file "$L/small" "$L/c-$m"
	tap_ok $? "smbclient $m: name opened in another case" "$out"

	# allinfo stops at an alt name error other than NOT_SUPPORTED
	smbc "$m" "allinfo big-$m; allinfo CASEMIX-$m.txt" &&
		grep -q '^create_time: ' <<<"$out" && grep -q '^write_time: ' <<<"$out" &&
		grep -q '^change_time: ' <<<"$out" && grep -q '^attributes: [^D(]*(' <<<"$out" &&
		grep -qF "stream: [::\$DATA], $size bytes" <<<"$out"
	tap_ok $? "smbclient $m: allinfo" "$out"

	# namespace: each "ls" is one block of the output
	smbc "$m" "mkdir d-$m; put $L/small d-$m/a.txt; ls d-$m/*;
		rename d-$m/a.txt d-$m/b.txt; ls d-$m/*; rm d-$m/b.txt; rmdir d-$m; ls;
		cd list; ls"
	rc=$?
	printf '%s\n' "$out" >"$L/ns-$m.out"
	[ $rc = 0 ] && [ "$(ls_block 1 "$L/ns-$m.out")" = a.txt ]
	tap_ok $? "smbclient $m: mkdir, put, ls" "$(head -20 <<<"$out")"
	[ $rc = 0 ] && [ "$(ls_block 2 "$L/ns-$m.out")" = b.txt ]
	tap_ok $? "smbclient $m: rename" "$(head -20 <<<"$out")"
	[ $rc = 0 ] && ls_block 3 "$L/ns-$m.out" | grep -q "^list$" &&
		! ls_block 3 "$L/ns-$m.out" | grep -q "^d-$m$" && on_disk "d-$m" test ! -e
	tap_ok $? "smbclient $m: rm, rmdir" "$(head -30 <<<"$out")"
	ls_block 4 "$L/ns-$m.out" | sort | diff "$L/list.want" - >"$L/list-$m.diff"
	tap_ok $? "smbclient $m: ls of $NLIST files sees each name once" \
		"$(grep NT_STATUS_ <<<"$out")" "$(head -20 "$L/list-$m.diff")"
	timing "smbclient $m"
done

# ---- supplementary groups ----------------------------------------------------
# A file only a group can read: readable while the user is in that group
# (as for a local login), refused once it is not. Needs the server's disk
# and /etc/group (inside the test guest).
groups_check() {
	local g=smb3kfs$$ gid=60000 user=$FSUSER
	if [ "$HAVE_LOCAL" != 1 ] || [ ! -w /etc/group ] || ! id "$user" >/dev/null 2>&1; then
		tap_ok 0 "supplementary groups # SKIP needs the server's disk and /etc/group"
		return
	fi
	while getent group "$gid" >/dev/null; do gid=$((gid + 1)); done
	cp /etc/group "$L/group.saved"
	echo "$g:x:$gid:$user" >>/etc/group
	mkdir -p "$SDIR/$W/grp" && echo "group data" >"$SDIR/$W/grp/f" &&
		chown -R root:"$gid" "$SDIR/$W/grp" && chmod 0770 "$SDIR/$W/grp" &&
		chmod 0640 "$SDIR/$W/grp/f"
	smbc SMB3_11 "get grp/f $L/grp.got" && grep -q "group data" "$L/grp.got"
	tap_ok $? "a file of a supplementary group of the user is readable" "$out"
	cp "$L/group.saved" /etc/group
	! smbc SMB3_11 "get grp/f $L/grp.got2" && grep -q NT_STATUS_ACCESS_DENIED <<<"$out"
	tap_ok $? "... and refused once the user left the group (new session)" "$out"
	rm -rf "$SDIR/$W/grp"
}
groups_check
timing "groups"

# ---- cifs --------------------------------------------------------------------
modprobe cifs 2>/dev/null

tree_list() {	# tree_list DIR: "path size mtime-seconds" of every file
	(cd "$1" && find . -type f -printf '%p %s %T@\n') | awk '{ print $1, $2, int($3) }' | sort
}

# cifs_checks MNT TAG TREE: write through the mount in $MNT/$W/m-TAG, drop the
# caches once, then check what the mount (and the server's disk) read back.
cifs_checks() {
	local mnt=$1 tag=$2 tree=$3 d rel exp got fd line ul=1 ntree
	rel=m-$tag
	d=$mnt/$W/$rel
	ntree=$(find "$L/$tree" -type f | wc -l)
	mkdir "$d"
	tap_ok $? "cifs $tag: mkdir"
	timeout 120 dd if="$L/data" of="$d/dd.bin" bs=1M conv=fsync status=none
	local dd_rc=$?
	timeout 300 cp -a "$L/$tree" "$d/tree" 2>"$L/cp.err"
	local cp_rc=$?
	head -c 12345 "$L/data" >"$d/st" && touch -d '2001-02-03 04:05:06' "$d/st"
	cp "$L/data" "$d/tr1" && truncate -s 1000 "$d/tr1"
	cp "$L/data" "$d/tr2" && truncate -s 1000 "$d/tr2" && truncate -s 5000 "$d/tr2"
	printf one >"$d/r1" && printf two >"$d/r2" && mv -f "$d/r1" "$d/r2"
	local mv_rc=$?
	# unlink while open: still readable through the open descriptor
	fd='' line=''
	printf 'still here\n' >"$d/ul" && exec {fd}<"$d/ul"
	if [ -n "$fd" ]; then
		rm "$d/ul" && IFS= read -r -u "$fd" line && [ "$line" = "still here" ]
		ul=$?
		exec {fd}<&-
	fi
	# 1 MiB across the 4 GiB boundary and 1 MiB at 5 GiB, a hole between
	timeout 120 dd if="$L/mib" of="$d/sparse" bs=1M oflag=seek_bytes \
		seek=$((4 * 1024 ** 3 - 524288)) conv=notrunc status=none &&
		timeout 120 dd if="$L/mib" of="$d/sparse" bs=1M seek=5120 conv=notrunc status=none
	local sp_rc=$?
	drop_caches

	[ $dd_rc = 0 ] && cmp "$L/data" "$d/dd.bin" && on_disk "$rel/dd.bin" cmp "$L/data"
	tap_ok $? "cifs $tag: dd write, read back identical"

	out=$(cat "$L/cp.err")
	[ $cp_rc = 0 ] && out=$(diff -r "$L/$tree" "$d/tree" 2>&1) &&
		tree_list "$L/$tree" >"$L/tree.want" && tree_list "$d/tree" >"$L/tree.got" &&
		out=$(diff "$L/tree.want" "$L/tree.got") &&
		on_disk "$rel/tree" diff -r "$L/$tree" >/dev/null
	tap_ok $? "cifs $tag: cp -a of a $ntree-file tree, diff -r clean, sizes and mtimes kept" \
		"$(head -20 <<<"$out")"

	exp="12345 $(date -d '2001-02-03 04:05:06' +%s)"
	got=$(stat -c '%s %Y' "$d/st" 2>&1)
	[ "$got" = "$exp" ] && { [ "$HAVE_LOCAL" = 0 ] ||
		[ "$(stat -c '%s %Y' "$SDIR/$W/$rel/st")" = "$exp" ]; }
	tap_ok $? "cifs $tag: stat size and mtime after touch -d" "want '$exp' got '$got'"

	[ "$(stat -c %s "$d/tr1")" = 1000 ] && cmp -n 1000 "$L/data" "$d/tr1" &&
		[ "$(stat -c %s "$d/tr2")" = 5000 ] && cmp -n 1000 "$L/data" "$d/tr2" &&
		[ "$(tail -c 4000 "$d/tr2" | tr -d '\0' | wc -c)" = 0 ] &&
		on_disk "$rel/tr2" cmp "$d/tr2"
	tap_ok $? "cifs $tag: truncate down, and down then up (zero filled)" \
		"$(ls -l "$d"/tr? 2>&1)"

	[ $mv_rc = 0 ] && [ ! -e "$d/r1" ] && [ "$(cat "$d/r2")" = one ] && on_disk "$rel/r1" test ! -e
	tap_ok $? "cifs $tag: rename over an existing file" "$(ls -l "$d"/r? 2>&1)"

	[ "$ul" = 0 ] && [ ! -e "$d/ul" ] && [ -z "$(find "$d" -maxdepth 1 -name ul)" ] &&
		on_disk "$rel/ul" test ! -e && printf new >"$d/ul" && [ "$(cat "$d/ul")" = new ]
	tap_ok $? "cifs $tag: unlink of an open file (readable until closed, then gone)" \
		"read '$line'" "$(find "$d" -maxdepth 1 -name 'ul*' -ls 2>&1)"

	got=$(stat -c %s "$d/sparse" 2>&1)
	[ $sp_rc = 0 ] && [ "$got" = $((5 * 1024 ** 3 + 1048576)) ] &&
		timeout 120 dd if="$d/sparse" bs=1M iflag=skip_bytes skip=$((4 * 1024 ** 3 - 524288)) \
			count=1 status=none | cmp - "$L/mib" &&
		timeout 120 dd if="$d/sparse" bs=1M skip=5120 count=1 status=none | cmp - "$L/mib" &&
		[ "$(timeout 120 dd if="$d/sparse" bs=1M skip=4608 count=1 status=none |
			tr -d '\0' | wc -c)" = 0 ] &&
		{ [ "$HAVE_LOCAL" = 0 ] || dd if="$SDIR/$W/$rel/sparse" bs=1M skip=5120 count=1 \
			status=none | cmp - "$L/mib"; }
	tap_ok $? "cifs $tag: sparse file written and read past 4 GiB" "size $got"
}

# cifs_bigdir MNT: ls of a directory of $NBIG files sees each name once
cifs_bigdir() {
	make_dir big "$NBIG" "big-" && drop_caches &&
		timeout 300 ls -A "$1/$W/big" >"$L/big.got" &&
		sort "$L/big.names" | diff - "$L/big.got" >"$L/big.diff"
	tap_ok $? "cifs: ls of a directory of $NBIG files sees each name once" \
		"$(wc -l <"$L/big.got" 2>/dev/null) names listed" "$(head -20 "$L/big.diff" 2>/dev/null)"
}

# meta_script: writes $L/meta.py; "meta.py OP DIR N" is one phase of the
# metadata run through a cifs mount, in two processes (the guest's two
# CPUs), each name checked: create (N empty
# files), list (exactly f-0..f-N-1), rename (f-* to g-*), list-renamed,
# unlink (every g-*), list-empty.
meta_script() {
	cat >"$L/meta.py" <<'PY'
import os, sys
from multiprocessing import Pool
op, d, n = sys.argv[1], sys.argv[2], int(sys.argv[3])

def work(part):
    for i in range(part, n, 2):
        if op == "create":
            os.close(os.open(os.path.join(d, "f-%d" % i), os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        elif op == "rename":
            os.rename(os.path.join(d, "f-%d" % i), os.path.join(d, "g-%d" % i))
        else:
            os.unlink(os.path.join(d, "g-%d" % i))

if op in ("create", "rename", "unlink"):
    with Pool(2) as p:
        p.map(work, [0, 1])
else:
    got = os.listdir(d)
    want = {"list": "f-%d", "list-renamed": "g-%d"}.get(op)
    exp = set(want % i for i in range(n)) if want else set()
    if len(got) != len(exp) or set(got) != exp:
        print("%d names listed, %d expected; missing %s, extra %s" % (
            len(got), len(exp), sorted(exp - set(got))[:5], sorted(set(got) - exp)[:5]))
        sys.exit(1)
PY
}

# cifs_metadata MNT: create, list, rename, list, unlink $NMETA files
cifs_metadata() {
	local d=$1/$W/meta op out t0
	meta_script
	mkdir -p "$d" || { tap_ok 1 "cifs: metadata directory"; return; }
	for op in create list rename list-renamed unlink list-empty; do
		t0=$SECONDS
		case $op in list*) drop_caches ;; esac
		out=$(timeout 3600 python3 "$L/meta.py" "$op" "$d" "$NMETA" 2>&1)
		tap_ok $? "cifs: $op of $NMETA files ($((SECONDS - t0)) s)" "$out"
	done
	rmdir "$d"
	tap_ok $? "cifs: the emptied directory is removed"
}

cifs_fio() {	# cifs_fio DIR: fio writes past 4 GiB, verifies with crc32c
	if ! command -v fio >/dev/null; then
		tap_ok 0 "fio verify # SKIP fio is not installed"
		return
	fi
	mkdir -p "$1/fio" &&
		timeout 900 fio --name=verify --directory="$1/fio" --numjobs="$FIO_JOBS" \
			--size="${FIO_MB}m" --offset=4g --rw=randwrite --bsrange=4k-256k \
			--ioengine=psync --verify=crc32c --do_verify=1 --verify_fatal=1 \
			--verify_state_save=0 --fallocate=none --group_reporting \
			--output="$L/fio.log" >/dev/null 2>&1 &&
		! grep -q 'err= *[1-9]' "$L/fio.log"
	tap_ok $? "fio: $FIO_JOBS jobs x $FIO_MB MiB random writes at 4 GiB, crc32c verified" \
		"$(grep -iE 'err|verify|bad' "$L/fio.log" 2>/dev/null | head -20)"
	grep -E '^ *(READ|WRITE):' "$L/fio.log" 2>/dev/null | sed 's/^ */# fio: /'
}

for opts in vers=3.1.1 vers=2.1 vers=3.0 vers=3.1.1,seal vers=3.1.1,sign vers=3.1.1,cache=none; do
	tag=${opts//[,=]/-}
	mnt=$MNTBASE/$tag
	mkdir -p "$mnt" && MOUNTS+=("$mnt")
	out=$(timeout 60 mount -t cifs "$SHARE" "$mnt" \
		-o "$opts,port=$PORT,username=$FSUSER,password=$FSPASS" 2>&1)
	tap_ok $? "cifs $tag: mount" "$out"
	if mountpoint -q "$mnt"; then
		tree="tree-small"
		[ "$opts" = vers=3.1.1 ] && tree=tree
		cifs_checks "$mnt" "$tag" "$tree"
		[ "$opts" = vers=3.1.1 ] && cifs_bigdir "$mnt"
		[ "$opts" = vers=3.1.1,cache=none ] && cifs_metadata "$mnt"
		[ "$opts" = vers=3.1.1,cache=none ] && cifs_fio "$mnt/$W/m-$tag"
		out=$(umount "$mnt" 2>&1)
		tap_ok $? "cifs $tag: umount" "$out"
	fi
	timing "cifs $tag"
done

tap_done
