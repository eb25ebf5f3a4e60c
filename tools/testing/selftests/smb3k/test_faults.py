#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Faults under a raw-socket client (TAP); test_faults.sh sets the stage.

  test_faults.py --case reset    --share test  --local-dir /srv/test
  test_faults.py --case diskfull --share small --local-dir /srv/small
  test_faults.py --case readonly --share ro

reset: acknowledged writes, then half of a WRITE and a TCP reset: every
  acknowledged byte is in the file, nothing of the half-sent one.
diskfull: 1 MiB writes until the file system (a 4 MiB tmpfs) is full: the
  last answer is STATUS_DISK_FULL, every acknowledged byte reads back, the
  file is as long as what was acknowledged, and the server goes on.
readonly: a share on a read-only file system: reads work, everything that
  would write is refused with MEDIA_WRITE_PROTECTED (or ACCESS_DENIED).
"""
import os
import socket
import struct
import sys

import smbwire as w
from smbtap import arguments, case, check, done
from test_malformed_files import Conn, fmt, outcome, SUCCESS

MiB = 1 << 20
CHUNK = 65536
WRITE_PROTECTED = 0xC00000A2        # STATUS_MEDIA_WRITE_PROTECTED
ACCESS_DENIED = 0xC0000022
CANNOT_DELETE = 0xC0000121
FILE_READ_ONLY_VOLUME = 0x00080000


def pattern(i, n):
    return bytes((i * 7 + j) & 0xFF for j in range(256)) * (n // 256)


def written(rsp):
    """WRITE response Count (2.2.22)."""
    return struct.unpack_from("<I", rsp, 64 + 4)[0]


@case
def reset(args):
    c = Conn(args)
    name = "faults-reset.bin"
    st, fid = c.create(name, disposition=w.FILE_OVERWRITE_IF)
    check("create %s" % name, st == SUCCESS, fmt(st))
    acked = b""
    for i in range(32):
        data = pattern(i, CHUNK)
        rsp = c.req(w.WRITE, w.write_body(fid, data, len(acked)))
        if outcome(rsp) != SUCCESS or written(rsp) != len(data):
            break
        acked += data
    check("32 writes of 64 KiB acknowledged", len(acked) == 32 * CHUNK, len(acked))
    # Half of one more WRITE, then a reset (SO_LINGER 0: RST, not FIN).
    msg = w.frame(w.request(w.WRITE, w.write_body(fid, pattern(99, CHUNK), len(acked)),
                            c.session_id, c.tid, c.mid + 1))
    c.sock.sendall(msg[:len(msg) // 2])
    c.sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    c.sock.close()

    d = Conn(args)
    st, fid2 = d.create(name, disposition=w.FILE_OPEN)
    got = b""
    while st == SUCCESS and len(got) < len(acked) + CHUNK:
        st2, data = d.read(fid2, CHUNK, len(got))
        if st2 != SUCCESS or not data:
            break
        got += data
    check("after the reset the file holds exactly the acknowledged bytes",
          got == acked, "%d bytes, want %d" % (len(got), len(acked)))
    if args.local_dir:
        with open(os.path.join(args.local_dir, name), "rb") as f:
            local = f.read()
        check("... and so does the server's disk", local == acked, len(local))
    d.delete(fid2)
    d.close()


@case
def diskfull(args):
    c = Conn(args)
    name = "faults-full.bin"
    st, fid = c.create(name, disposition=w.FILE_OVERWRITE_IF)
    check("create %s on the small share" % name, st == SUCCESS, fmt(st))
    acked = b""
    last = None
    for i in range(16):
        data = pattern(i, MiB)
        rsp = c.req(w.WRITE, w.write_body(fid, data, len(acked)), charge=16)
        last = outcome(rsp)
        if last != SUCCESS:
            break
        n = written(rsp)
        acked += data[:n]
        if n < len(data):
            last = "short"
    # A short write may come first; the next one at the end has no room.
    if last == "short":
        rsp = c.req(w.WRITE, w.write_body(fid, pattern(20, MiB), len(acked)), charge=16)
        last = outcome(rsp)
    check("writing past the free space ends with STATUS_DISK_FULL", last == w.STATUS_DISK_FULL,
          fmt(last))
    check("... after some MiB were written", len(acked) >= 2 * MiB, len(acked))
    got = b""
    while len(got) < len(acked) + MiB:
        st, data = c.read(fid, MiB, len(got))
        if st != SUCCESS or not data:
            break
        got += data
    check("every acknowledged byte reads back, and the file ends there", got == acked,
          "%d bytes read, %d acknowledged" % (len(got), len(acked)))
    # The open stays usable: shrinking the file frees room to write again.
    st = c.set_info(fid, w.INFO_FILE, w.FileEndOfFileInformation, struct.pack("<Q", MiB))
    rsp = c.req(w.WRITE, w.write_body(fid, b"after", MiB))
    check("after truncating to 1 MiB the same open writes again",
          st == SUCCESS and outcome(rsp) == SUCCESS, "%s %s" % (fmt(st), fmt(outcome(rsp))))
    st, fid2 = c.create("faults-full-2.bin", disposition=w.FILE_CREATE)
    check("a new file can be created", st == SUCCESS, fmt(st))
    if fid2:
        c.delete(fid2)
    c.delete(fid)
    check("the connection still answers", c.alive())
    c.close()


@case
def readonly(args):
    c = Conn(args)
    st, fid = c.create("present.txt", access=w.FILE_READ_DATA, disposition=w.FILE_OPEN)
    check("open an existing file for reading", st == SUCCESS, fmt(st))
    if fid:
        st, data = c.read(fid, 100)
        check("... and read it", st == SUCCESS and data == b"read-only content\n", data)
        c.close_file(fid)
    refused = (WRITE_PROTECTED, ACCESS_DENIED)
    st, _ = c.create("new.txt", disposition=w.FILE_CREATE)
    check("create a file -> MEDIA_WRITE_PROTECTED", st in refused, fmt(st))
    st, _ = c.create("present.txt", access=w.FILE_WRITE_DATA, disposition=w.FILE_OPEN)
    check("open for writing -> MEDIA_WRITE_PROTECTED", st in refused, fmt(st))
    st, _ = c.create("present.txt", disposition=w.FILE_OVERWRITE)
    check("overwrite -> MEDIA_WRITE_PROTECTED", st in refused, fmt(st))
    st, _ = c.create("dir", disposition=w.FILE_CREATE, options=w.FILE_DIRECTORY_FILE)
    check("mkdir -> MEDIA_WRITE_PROTECTED", st in refused, fmt(st))
    st, fid = c.create("present.txt", access=w.DELETE | w.FILE_READ_ATTRIBUTES,
                       disposition=w.FILE_OPEN)
    if st == SUCCESS:
        st = c.set_info(fid, w.INFO_FILE, w.FileDispositionInformation, b"\1")
        c.close_file(fid)
    check("delete -> MEDIA_WRITE_PROTECTED", st in refused, fmt(st))
    st, fid = c.create("present.txt", access=w.DELETE | w.FILE_READ_DATA,
                       disposition=w.FILE_OPEN, options=w.FILE_DELETE_ON_CLOSE)
    if fid:
        c.close_file(fid)
    check("open with FILE_DELETE_ON_CLOSE -> CANNOT_DELETE (MS-FSA 2.1.5.1.2.1)",
          st in (CANNOT_DELETE,) + refused, fmt(st))
    st, fid = c.create("present.txt", access=w.FILE_READ_DATA, disposition=w.FILE_OPEN)
    check("... present.txt is still there", st == SUCCESS, fmt(st))
    if fid:
        c.close_file(fid)
    st, root = c.create("", access=w.FILE_READ_ATTRIBUTES, disposition=w.FILE_OPEN)
    st, buf = c.query(root, w.INFO_FILESYSTEM, w.FileFsAttributeInformation) if root \
        else (st, b"")
    attrs = struct.unpack_from("<I", buf)[0] if len(buf) >= 4 else None
    check("FileFsAttributeInformation says FILE_READ_ONLY_VOLUME",
          attrs is not None and attrs & FILE_READ_ONLY_VOLUME, "%s %s" % (fmt(st), attrs))
    if root:
        c.close_file(root)
    check("the connection still answers", c.alive())
    c.close()


def main():
    ap = arguments(local_dir=True)
    ap.add_argument("--case", required=True, choices=("reset", "diskfull", "readonly"))
    args = ap.parse_args()
    {"reset": reset, "diskfull": diskfull, "readonly": readonly}[args.case](args)
    return done()


if __name__ == "__main__":
    sys.exit(main())
