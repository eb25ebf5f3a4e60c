#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Security defaults seen from a raw client (TAP); test_security.sh runs it
against a server with the default configuration.

  test_security.py [--port 445] [--share test]

* SMB1 is refused: an SMB1-only NEGOTIATE gets DialectIndex 0xFFFF and the
  connection ends.
* A share path never leaves the share root: "..", absolute and drive-letter
  names are refused, and a symlink to /etc inside the share (made by
  test_security.sh as "escape") is neither followed nor opened.
"""
import struct
import sys

import smbwire as w
from smbtap import arguments, case, check, done
from test_malformed_files import Conn, fmt, SUCCESS

ACCESS_DENIED = 0xC0000022


@case
def smb1_refused(args):
    c = w.Conn(port=args.port)
    c.send(w.smb1_negotiate_request(["PC NETWORK PROGRAM 1.0", "NT LM 0.12"]))
    rsp = c.recv()
    idx = struct.unpack_from("<H", rsp, 33)[0] if rsp and rsp[:4] == w.SMB1_MAGIC and \
        len(rsp) >= 35 else None
    check("SMB1-only NEGOTIATE -> DialectIndex 0xFFFF", idx == 0xFFFF, rsp and rsp[:40].hex())
    check("... and the connection ends", c.recv() is None)
    c.close()


@case
def share_root_confinement(args):
    c = Conn(args)
    bad = [w.STATUS_OBJECT_NAME_INVALID, w.STATUS_OBJECT_PATH_SYNTAX_BAD,
           w.STATUS_INVALID_PARAMETER, w.STATUS_OBJECT_PATH_NOT_FOUND,
           w.STATUS_OBJECT_NAME_NOT_FOUND, ACCESS_DENIED,
           0x8000002D]          # STATUS_STOPPED_ON_SYMLINK (MS-SMB2 2.2.2.2.1)
    for name in ("..\\etc\\passwd", "a\\..\\..\\etc\\passwd", "\\etc\\passwd",
                 "C:\\etc\\passwd", "escape\\passwd", "escape\\..\\..\\etc\\passwd"):
        st, fid = c.create(name, access=w.FILE_READ_DATA, disposition=w.FILE_OPEN)
        data = b""
        if fid:
            data = c.read(fid, 4096)[1]
            c.close_file(fid)
        check("open %r -> refused" % name, st in bad and b"root:" not in data,
              "%s %r" % (fmt(st), data[:40]))
    st, fid = c.create("escape", access=w.FILE_READ_DATA, disposition=w.FILE_OPEN)
    if fid:
        c.close_file(fid)
    check("the symlink itself is not opened (not followed)", st != SUCCESS, fmt(st))
    st, fid = c.create("escape\\smb3k-made-here", disposition=w.FILE_CREATE)
    if fid:
        c.delete(fid)
    check("nothing is created through the symlink", st != SUCCESS, fmt(st))
    check("the connection still answers", c.alive())
    c.close()


def main():
    args = arguments().parse_args()
    for t in (smb1_refused, share_root_confinement):
        t(args)
    return done()


if __name__ == "__main__":
    sys.exit(main())
