#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Record real client traffic against smb3k for the fuzzers' seed corpora.
#
#   scripts/vm run --server smb3k --disk ext4 -- \
#       tools/testing/codec/capture_traffic.sh tools/testing/codec/build/pcap
#
# Runs inside the guest (share //127.0.0.1/test, user test, password test):
# tcpdump on lo (TCP 445) into OUT/smb.pcap and, when the nlmon module is
# there, on an nlmon device (the kernel <-> smb3kd generic netlink traffic)
# into OUT/netlink.pcap, while smbclient, rpcclient, impacket, a cifs mount
# (plain and sealed) and a few smbtorture tests talk to the server. Then
# extract_corpus.py cuts the PDUs out (see README.md). The pcaps stay out of
# the repository.
set -u
out=${1:?usage: capture_traffic.sh OUTDIR}
mkdir -p "$out"
out=$(cd "$out" && pwd)
U=test%test
S=//127.0.0.1/test
T=${TMPDIR:-/tmp}/capture.$$
mkdir -p "$T" /mnt/cap
pids=()

step() { printf 'capture: %s\n' "$*" >&2; }

if modprobe nlmon 2>/dev/null && ip link add nlmon0 type nlmon 2>/dev/null &&
   ip link set nlmon0 up; then
	tcpdump -i nlmon0 -s 0 -U -w "$out/netlink.pcap" 2>"$T/tcpdump-nl.log" &
	pids+=($!)
fi
tcpdump -i lo -s 0 -U -w "$out/smb.pcap" tcp port 445 2>"$T/tcpdump.log" &
pids+=($!)
sleep 2

head -c 70000 /dev/urandom >"$T/blob"
echo "hello smb3k" >"$T/small"

step "smbclient, every dialect"
for m in SMB2_02 SMB2_10 SMB3_00 SMB3_02 SMB3_11; do
	timeout 60 smbclient "$S" -U "$U" -m "$m" -c "ls; mkdir d_$m; cd d_$m; \
put $T/small s.txt; put $T/blob b.bin; get s.txt $T/got; allinfo s.txt; \
rename s.txt r.txt; setmode r.txt +r; del r.txt; del b.bin; cd ..; rmdir d_$m" >/dev/null 2>&1
done
step "smbclient, encrypted, NT1 upgrade, anonymous"
timeout 60 smbclient "$S" -U "$U" --client-protection=encrypt -c "ls; put $T/small e.txt; \
get e.txt $T/got; del e.txt" >/dev/null 2>&1
timeout 60 smbclient "$S" -U "$U" --option='client min protocol=NT1' -c ls >/dev/null 2>&1
timeout 60 smbclient -L //127.0.0.1 -U "$U" >/dev/null 2>&1
timeout 60 smbclient -L //127.0.0.1 -N >/dev/null 2>&1
timeout 60 smbclient //127.0.0.1/nosuch -U "$U" -c ls >/dev/null 2>&1

step "smb3kctl status"
userspace-helper/smb3kctl status >/dev/null 2>&1

step "rpcclient"
timeout 120 rpcclient 127.0.0.1 -U "$U" -c 'srvinfo; netshareenum; netshareenumall;
netsharegetinfo test; netsharegetinfo nosuch; netsharegetinfo test 502; netdiskenum;
netconnenum; netsessenum; netfileenum; netremotetod; netnamevalidate test;
lsaquery; getusername; enumdomains; lookupdomain test; wkssvc_wkstagetinfo;
wkssvc_enumerateusers; wkssvc_enumeratecomputernames' >/dev/null 2>&1

step "impacket"
timeout 120 python3 - "$T" >"$T/impacket.log" 2>&1 <<'PY'
import sys
from impacket.smbconnection import SMBConnection
from impacket.smb3structs import SMB2_DIALECT_002, SMB2_DIALECT_21, SMB2_DIALECT_30
from impacket.dcerpc.v5 import transport, srvs, wkst, lsad, samr
from impacket.dcerpc.v5.ndr import NULL
tmp = sys.argv[1]
for d in (SMB2_DIALECT_002, SMB2_DIALECT_21, SMB2_DIALECT_30, None):
    try:
        c = SMBConnection('127.0.0.1', '127.0.0.1', preferredDialect=d) if d \
            else SMBConnection('127.0.0.1', '127.0.0.1')
        c.login('test', 'test')
        c.listShares()
        c.listPath('test', '*')
        with open(tmp + '/small', 'rb') as f:
            c.putFile('test', 'imp.txt', f.read)
        c.getFile('test', 'imp.txt', lambda b: None)
        c.deleteFile('test', 'imp.txt')
        if d is None:
            s3 = c.getSMBServer()
            s3.echo()
            s3.cancel(12345)
        c.logoff()
    except Exception as e:
        print('smb', d, e)

def pipe(name, iface):
    t = transport.SMBTransport('127.0.0.1', 445, name, username='test', password='test')
    dce = t.get_dce_rpc()
    dce.connect()
    dce.bind(iface)
    return dce

for fn in (
    lambda: srvs.hNetrShareEnum(pipe(r'\srvsvc', srvs.MSRPC_UUID_SRVS), 1),
    lambda: srvs.hNetrShareEnum(pipe(r'\srvsvc', srvs.MSRPC_UUID_SRVS), 2),
    lambda: srvs.hNetrShareGetInfo(pipe(r'\srvsvc', srvs.MSRPC_UUID_SRVS), 'test\x00', 1),
    lambda: srvs.hNetrServerGetInfo(pipe(r'\srvsvc', srvs.MSRPC_UUID_SRVS), 102),
    lambda: srvs.hNetrRemoteTOD(pipe(r'\srvsvc', srvs.MSRPC_UUID_SRVS)),
    lambda: srvs.hNetrSessionEnum(pipe(r'\srvsvc', srvs.MSRPC_UUID_SRVS), NULL, NULL, 10),
    lambda: wkst.hNetrWkstaGetInfo(pipe(r'\wkssvc', wkst.MSRPC_UUID_WKST), 100),
    lambda: wkst.hNetrWkstaUserEnum(pipe(r'\wkssvc', wkst.MSRPC_UUID_WKST), 1),
):
    try:
        fn()
    except Exception as e:
        print('rpc', e)
try:
    dce = pipe(r'\lsarpc', lsad.MSRPC_UUID_LSAD)
    h = lsad.hLsarOpenPolicy2(dce)['PolicyHandle']
    lsad.hLsarQueryInformationPolicy2(dce, h, lsad.POLICY_INFORMATION_CLASS.PolicyAccountDomainInformation)
    lsad.hLsarQueryInformationPolicy2(dce, h, lsad.POLICY_INFORMATION_CLASS.PolicyPrimaryDomainInformation)
    lsad.hLsarClose(dce, h)
except Exception as e:
    print('lsa', e)
try:
    dce = pipe(r'\samr', samr.MSRPC_UUID_SAMR)
    h = samr.hSamrConnect5(dce)['ServerHandle']
    samr.hSamrEnumerateDomainsInSamServer(dce, h)
    samr.hSamrLookupDomainInSamServer(dce, h, 'SMB3K')
    samr.hSamrCloseHandle(dce, h)
except Exception as e:
    print('samr', e)
PY

step "cifs mount"
if mount -t cifs "$S" /mnt/cap -o username=test,password=test,vers=3.1.1,cache=none,actimeo=0 \
	2>"$T/mount.log"; then
	(
		cd /mnt/cap || exit
		mkdir -p dir/sub
		cp "$T/blob" dir/blob
		cat dir/blob >/dev/null
		echo x >dir/a
		ln dir/a dir/a.link
		mv dir/a dir/b
		truncate -s 12345 dir/b
		fallocate -l 65536 dir/falloc
		touch -d '2001-02-03 04:05:06' dir/b
		chmod 0600 dir/b
		python3 -c 'import os; os.setxattr("dir/b", "user.smb3k", b"value"); os.setxattr("dir/b", "user.other", b"x" * 100); print(os.listxattr("dir/b")); os.getxattr("dir/b", "user.smb3k"); os.removexattr("dir/b", "user.other")'
		getcifsacl dir/b
		setcifsacl -a 'ACL:S-1-1-0:ALLOWED/0x0/R' dir/b
		getcifsacl dir/b
		flock -x dir/b -c 'true'
		python3 -c 'import fcntl; f = open("dir/blob", "r+b"); fcntl.lockf(f, fcntl.LOCK_EX, 100, 10); fcntl.lockf(f, fcntl.LOCK_SH | fcntl.LOCK_NB, 10, 200); fcntl.lockf(f, fcntl.LOCK_UN, 100, 10)'
		ls -laR . >/dev/null
		ls dir/*.lin? dir/[ab]* >/dev/null
		stat -f . >/dev/null
		df . >/dev/null
		rm -rf dir
	) >"$T/cifs.log" 2>&1
	umount /mnt/cap
fi
if mount -t cifs "$S" /mnt/cap -o username=test,password=test,vers=3.1.1,seal,cache=none \
	2>>"$T/mount.log"; then
	cp "$T/small" /mnt/cap/sealed.txt
	ls -la /mnt/cap >/dev/null
	rm -f /mnt/cap/sealed.txt
	umount /mnt/cap
fi

step "smbtorture"
for t in smb2.lock.valid-request smb2.create.blob smb2.getinfo.complex smb2.setinfo \
	 smb2.notify.valid-req smb2.lease.request smb2.durable-v2-open.create-blob \
	 smb2.compound.related1 smb2.acls.GENERIC smb2.dir.find smb2.rename.simple \
	 smb2.ioctl.shadow_copy smb2.ea.acl_xattr smb2.streams.basic smb2.oplock.exclusive1 \
	 smb2.ioctl.req_resume_key smb2.ioctl.copy_chunk_simple smb2.ioctl.sparse_file_flag \
	 smb2.ioctl.sparse_qar smb2.ioctl.sparse_qar_malformed smb2.ioctl.sparse_punch \
	 smb2.ioctl.compress_file_flag smb2.ioctl.network_interface_info \
	 smb2.ioctl.bug14788.VALIDATE_NEGOTIATE smb2.oplock.batch1 smb2.lease.break \
	 smb2.lease.v2_request smb2.session.reauth1 smb2.compound.invalid1 \
	 smb2.compound.related3 smb2.durable-v2-open.open-oplock smb2.getinfo.qfile_buffercheck \
	 smb2.getinfo.qfs_buffercheck smb2.getinfo.qsec_buffercheck smb2.streams.rename \
	 smb2.timestamps.freeze-thaw smb2.create.nulldacl smb2.sdread smb2.notify.tdis \
	 smb2.lock.cancel smb2.read.position; do
	timeout 120 smbtorture "$S" -U "$U" "$t" >/dev/null 2>&1
done
for t in rpc.srvsvc rpc.wkssvc; do
	timeout 180 smbtorture ncacn_np:127.0.0.1 -U "$U" "$t" >/dev/null 2>&1
done

sleep 1
for p in "${pids[@]}"; do
	kill -INT "$p" 2>/dev/null
done
for p in "${pids[@]}"; do
	wait "$p" 2>/dev/null
done
ip link del nlmon0 2>/dev/null
cat "$T"/tcpdump*.log "$T/impacket.log" "$T/mount.log" >&2
ls -l "$out" >&2
rm -rf "$T"
exit 0
