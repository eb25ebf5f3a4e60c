#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Named data streams ("file:stream:$DATA", MS-FSCC 2.1.5.3) over SMB2, TAP.

  test_streams.py [--port 445] [--user test --password test] [--share test]
                  [--local-dir /srv/test]

Creates, reads, writes, lists, renames and deletes streams with an
independent client (impacket), and checks the Windows rules around them:
names (case-insensitive, forbidden characters, the $DATA type), share modes
per stream, a file delete that waits for its open streams, overwrite
dropping the streams, streams of directories, the size limit. With
--local-dir (the share's path) the xattrs on disk are checked too: the
format is Samba's vfs_streams_xattr one, "user.DosStream.<name>:$DATA" with
the data and one NUL byte.
"""
import os
import struct
import sys

from impacket import smbconnection
from impacket import smb3structs as s3

from smbtap import arguments, check, done, skip, status_of

STATUS = {
    "OBJECT_NAME_INVALID": 0xC0000033, "OBJECT_NAME_NOT_FOUND": 0xC0000034,
    "OBJECT_NAME_COLLISION": 0xC0000035, "SHARING_VIOLATION": 0xC0000043,
    "DELETE_PENDING": 0xC0000056, "FILE_IS_A_DIRECTORY": 0xC00000BA,
    "NOT_A_DIRECTORY": 0xC0000103, "INVALID_PARAMETER": 0xC000000D,
    "FILE_SYSTEM_LIMITATION": 0xC0000427, "DISK_FULL": 0xC000007F,
}
GENERIC_ALL, DELETE = 0x10000000, 0x10000
READ_WRITE = 0x1 | 0x2 | 0x80 | 0x100      # read/write data and attributes
FILE_OPEN, FILE_CREATE, FILE_OPEN_IF, FILE_OVERWRITE_IF = 1, 2, 3, 5
FILE_DIRECTORY_FILE, FILE_DELETE_ON_CLOSE = 0x1, 0x1000
SHARE_ALL, SHARE_NONE = 7, 0
INFO_FILE = 1
FILE_RENAME, FILE_DISPOSITION, FILE_EOF, FILE_STREAMS, FILE_STANDARD = 10, 13, 20, 22, 5


def st_name(code):
    for k, v in STATUS.items():
        if v == code:
            return k
    return hex(code) if isinstance(code, int) else str(code)


class Share:
    def __init__(self, args):
        self.c = smbconnection.SMBConnection("SMB3KTEST", "127.0.0.1", sess_port=args.port,
                                             preferredDialect=s3.SMB2_DIALECT_30, timeout=20)
        self.c.login(args.user, args.password)
        self.tid = self.c.connectTree(args.share)
        self.raw = self.c._SMBConnection  # noqa: SLF001 - info classes by number

    def open(self, path, access=GENERIC_ALL, share=SHARE_ALL, disp=FILE_OPEN, options=0):
        return self.c.createFile(self.tid, path, desiredAccess=access, shareMode=share,
                                 creationOption=options, creationDisposition=disp)

    def status(self, path, **kw):
        """The status of opening @path (0: opened, and closed again)."""
        fid = None

        def op():
            nonlocal fid
            fid = self.open(path, **kw)
        st = status_of(op)
        if fid is not None:
            self.close(fid)
        return st

    def close(self, fid):
        self.c.closeFile(self.tid, fid)

    def write(self, fid, data, off=0):
        return self.c.writeFile(self.tid, fid, data, off)

    def read(self, fid, n=65536, off=0):
        return self.c.readFile(self.tid, fid, off, n)

    def query(self, fid, cls):
        return self.raw.queryInfo(self.tid, fid, infoType=INFO_FILE, fileInfoClass=cls)

    def set(self, fid, cls, blob):
        return self.raw.setInfo(self.tid, fid, blob, infoType=INFO_FILE, fileInfoClass=cls)

    def streams(self, fid):
        """{name: size} from FileStreamInformation (MS-FSCC 2.4.49)."""
        buf, out, off = self.query(fid, FILE_STREAMS), {}, 0
        while off + 24 <= len(buf):
            nxt, nlen, size = struct.unpack_from("<IIq", buf, off)
            out[buf[off + 24:off + 24 + nlen].decode("utf-16-le")] = size
            if not nxt:
                break
            off += nxt
        return out

    def rename(self, fid, name, replace):
        n = name.encode("utf-16-le")
        self.set(fid, FILE_RENAME, struct.pack("<B7xQI", 1 if replace else 0, 0, len(n)) + n)

    def whole(self, path):
        fid = self.open(path, access=0x1 | 0x80)
        try:
            return self.read(fid)
        finally:
            self.close(fid)


def xattrs(local, rel):
    if not local:
        return None
    p = os.path.join(local, rel.replace("\\", "/"))
    try:
        return {n: os.getxattr(p, n) for n in os.listxattr(p) if n.startswith("user.DosStream.")}
    except OSError as e:
        return repr(e)


def main():
    ap = arguments(local_dir=True)
    args = ap.parse_args()
    local = args.local_dir if args.local_dir and os.path.isdir(args.local_dir) else ""

    s = Share(args)
    d = "smb3k-streams.%d" % os.getpid()
    f = d + "\\f.txt"
    s.close(s.open(d, disp=FILE_CREATE, options=FILE_DIRECTORY_FILE))

    # Creating a stream creates the file it belongs to.
    fid = s.open(f + ":One", disp=FILE_CREATE, share=SHARE_NONE)
    check("create f:One on a missing file", fid is not None)
    s.write(fid, b"hello stream")
    s.close(fid)
    fid = s.open(f)
    got = s.streams(fid)
    check("stream list: ::$DATA and :One:$DATA",
          got == {"::$DATA": 0, ":One:$DATA": 12}, got)
    check("the file's own data is untouched", s.read(fid) == b"", s.read(fid))
    s.close(fid)
    check("read back through :ONE:$dAtA (names ignore case)",
          s.whole(f + ":ONE:$dAtA") == b"hello stream")
    x = xattrs(local, f)
    if local:
        check("on disk: user.DosStream.One:$DATA = data + NUL (Samba's format)",
              x == {"user.DosStream.One:$DATA": b"hello stream\0"}, x)
    else:
        skip("on disk format", "no --local-dir")

    # Names (MS-FSCC 2.1.5.3) and the only type, $DATA.
    for name, want in ((f + ":", "OBJECT_NAME_INVALID"), (f + ":One:", "OBJECT_NAME_INVALID"),
                       (f + ":One:$FOO", "OBJECT_NAME_INVALID"),
                       (f + ":a\\b", "OBJECT_NAME_INVALID"),
                       (f + ":x:y:$DATA", "OBJECT_NAME_INVALID"),
                       (f + ":absent", "OBJECT_NAME_NOT_FOUND"),
                       (f + ":?*<>\"|\x05 ok:$DATA", "OBJECT_NAME_NOT_FOUND"),
                       (d + "\\a*:One", "OBJECT_NAME_INVALID")):
        st = s.status(name)
        check("open %r: %s" % (name[len(d):], want), st == STATUS[want], st_name(st))
    st = s.status(f + ":One", disp=FILE_CREATE)
    check("FILE_CREATE of an existing stream: collision",
          st == STATUS["OBJECT_NAME_COLLISION"], st_name(st))
    fid = s.open(f + ":Ünïcødé ☃", disp=FILE_CREATE)
    s.write(fid, b"u")
    s.close(fid)
    fid = s.open(f)
    got = s.streams(fid)
    s.close(fid)
    check("a non-ASCII stream name lists as created", ":Ünïcødé ☃:$DATA" in got, got)

    # Share modes are per stream; a stream open without FILE_SHARE_DELETE
    # keeps the file from being opened for DELETE.
    h1 = s.open(f + ":One", access=READ_WRITE, share=SHARE_NONE)
    st = s.status(f + ":One", access=READ_WRITE)
    check("same stream, no sharing: SHARING_VIOLATION",
          st == STATUS["SHARING_VIOLATION"], st_name(st))
    st = s.status(f + ":Two", access=READ_WRITE, disp=FILE_OPEN_IF)
    check("another stream of the file opens", st == 0, st_name(st))
    st = s.status(f, access=READ_WRITE, share=SHARE_ALL)
    check("the file itself opens for data", st == 0, st_name(st))
    st = s.status(f, access=DELETE)
    check("the file for DELETE: SHARING_VIOLATION",
          st == STATUS["SHARING_VIOLATION"], st_name(st))
    s.close(h1)

    # End of file and a write past it on a stream.
    fid = s.open(f + ":Two", access=READ_WRITE)
    s.set(fid, FILE_EOF, struct.pack("<Q", 3000))
    std = s.query(fid, FILE_STANDARD)
    check("FileEndOfFile on a stream: FileStandardInformation.EndOfFile 3000",
          struct.unpack_from("<q", std, 8)[0] == 3000, std.hex())
    s.write(fid, b"tail", 5000)
    data = s.read(fid, 10000)
    check("write past the end zero-fills the gap",
          len(data) == 5004 and data[:5000] == bytes(5000) and data[5000:] == b"tail",
          len(data))
    s.close(fid)

    # Renaming a stream (MS-FSA 2.1.5.15.12.1).
    fid = s.open(f + ":Two", access=GENERIC_ALL)
    st = status_of(lambda: s.rename(fid, ":One", False))
    check("rename onto an existing stream without replace: collision",
          st == STATUS["OBJECT_NAME_COLLISION"], st_name(st))
    st = status_of(lambda: s.rename(fid, ":One:$DATA", True))
    check("rename onto a non-empty stream: INVALID_PARAMETER",
          st == STATUS["INVALID_PARAMETER"], st_name(st))
    st = status_of(lambda: s.rename(fid, ":Renamed:$DATA", False))
    check("rename to a new name", st == 0, st_name(st))
    got = s.streams(fid)
    check("the list shows the new name", ":Renamed:$DATA" in got and ":Two:$DATA" not in got,
          got)
    s.close(fid)
    check("the data came along", s.whole(f + ":renamed")[5000:] == b"tail")

    # Delete on close of a stream removes the stream only.
    s.close(s.open(f + ":Gone", disp=FILE_CREATE, options=FILE_DELETE_ON_CLOSE,
                   access=GENERIC_ALL))
    st = s.status(f + ":Gone")
    check("delete-on-close stream is gone", st == STATUS["OBJECT_NAME_NOT_FOUND"], st_name(st))
    check("its file is still there", s.status(f) == 0)

    # The file deleted while a stream of it is open (FILE_SHARE_DELETE).
    hs = s.open(f + ":One", access=READ_WRITE, share=7)
    hf = s.open(f, access=DELETE | 0x80, share=7)
    s.set(hf, FILE_DISPOSITION, b"\x01")
    s.close(hf)
    check("the open stream still reads", s.read(hs) == b"hello stream")
    st = s.status(f)
    check("the file by name: DELETE_PENDING", st == STATUS["DELETE_PENDING"], st_name(st))
    st = s.status(f + ":One")
    check("the stream by name: DELETE_PENDING", st == STATUS["DELETE_PENDING"], st_name(st))
    s.close(hs)
    st = s.status(f)
    check("after the stream's close the file is gone",
          st == STATUS["OBJECT_NAME_NOT_FOUND"], st_name(st))

    # Overwriting the file drops its streams; overwriting a stream keeps them.
    fid = s.open(f + ":A", disp=FILE_CREATE)
    s.write(fid, b"aaa")
    s.close(fid)
    s.close(s.open(f + ":B", disp=FILE_CREATE))
    fid = s.open(f + ":A", disp=FILE_OVERWRITE_IF)
    got = s.streams(fid)
    s.close(fid)
    check("FILE_OVERWRITE_IF of a stream empties it, the others stay",
          got.get(":A:$DATA") == 0 and ":B:$DATA" in got, got)
    fid = s.open(f + ":A", share=SHARE_ALL)
    st = s.status(f, disp=FILE_OVERWRITE_IF)
    check("overwrite of the file while a stream is open: SHARING_VIOLATION",
          st == STATUS["SHARING_VIOLATION"], st_name(st))
    s.close(fid)
    fid = s.open(f, disp=FILE_OVERWRITE_IF)
    got = s.streams(fid)
    s.close(fid)
    check("FILE_OVERWRITE_IF of the file drops its streams", got == {"::$DATA": 0}, got)
    if local:
        x = xattrs(local, f)
        check("on disk: no stream xattr left", x == {}, x)

    # Directories: named streams yes, a data stream of their own no.
    st = s.status(d + ":DirStream", disp=FILE_CREATE)
    check("a named stream of a directory", st == 0, st_name(st))
    st = s.status(d + "::$DATA")
    check("dir::$DATA: FILE_IS_A_DIRECTORY", st == STATUS["FILE_IS_A_DIRECTORY"], st_name(st))
    st = s.status(d + ":DirStream", options=FILE_DIRECTORY_FILE)
    check("a stream with FILE_DIRECTORY_FILE: NOT_A_DIRECTORY",
          st == STATUS["NOT_A_DIRECTORY"], st_name(st))
    fid = s.open(d, options=FILE_DIRECTORY_FILE)
    got = s.streams(fid)
    s.close(fid)
    check("a directory lists its named streams, no ::$DATA",
          got == {":DirStream:$DATA": 0}, got)

    # The size limit: a value fits in one xattr (64 KiB with the NUL).
    fid = s.open(f + ":Big", disp=FILE_CREATE, access=READ_WRITE)
    st = status_of(lambda: s.write(fid, b"x" * 65535))
    check("a 65535-byte stream", st == 0, st_name(st))
    st = status_of(lambda: s.write(fid, b"y", 65535))
    check("one byte more: FILE_SYSTEM_LIMITATION",
          st == STATUS["FILE_SYSTEM_LIMITATION"], st_name(st))
    data = s.read(fid, 70000)
    check("the stream is intact after the refused write", data == b"x" * 65535, len(data))
    s.close(fid)

    fid = s.open(d, options=FILE_DIRECTORY_FILE, access=DELETE | 0x80)
    s.close(fid)
    s.c.deleteFile(args.share, f)
    s.c.deleteDirectory(args.share, d)
    return done()


if __name__ == "__main__":
    sys.exit(main())
