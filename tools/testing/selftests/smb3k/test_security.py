#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Security defaults seen from a raw client (TAP); test_security.sh runs it
against a server with the default configuration.

  test_security.py [--port 445] [--share test]

* SMB1 is refused: an SMB1-only NEGOTIATE gets DialectIndex 0xFFFF and the
  connection ends.
* Signing is required from SMB 3.0 on ("server signing = auto"): NEGOTIATE
  says SIGNING_REQUIRED for 3.0 and 3.0.2, not for 2.0.2 and 2.1, and an
  unsigned request on a 3.0 session is refused with ACCESS_DENIED while the
  same on 2.1 is served.
* A signed request the server cannot sign an answer to (an unknown session,
  a chain whose first command claims to be related) is answered with
  SMB2_FLAGS_SIGNED kept and the request's signature echoed, as Samba does:
  clients that require signing refuse an error without the flag.
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
INVALID_PARAMETER = 0xC000000D
USER_SESSION_DELETED = 0xC0000203


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
def signing_required_for_3x(args):
    for dialect in (0x202, 0x210, 0x300, 0x302):
        c = w.Client(port=args.port, dialect=dialect)
        mode = c.negotiate()["security_mode"]
        want = dialect >= 0x300
        check("NEGOTIATE %#x: SIGNING_REQUIRED %s" % (dialect, "set" if want else "clear"),
              bool(mode & 2) == want, mode)
        c.close()
    for dialect, want in ((0x300, ACCESS_DENIED), (0x210, SUCCESS)):
        c = w.Client(port=args.port, dialect=dialect)
        c.negotiate()
        st = c.login(args.user, args.password)
        check("%#x: login" % dialect, st == 0, fmt(st))
        st, _ = c.tree_connect(args.share)
        check("%#x: an unsigned TREE_CONNECT -> %s" % (dialect, fmt(want)), st == want, fmt(st))
        c.close()


@case
def unsignable_errors_echo_signature(args):
    c = w.Client(port=args.port, dialect=0x300)
    c.negotiate()
    st = c.login(args.user, args.password)
    check("3.0: login", st == 0, fmt(st))
    sig = bytes(range(0x40, 0x50))

    def signed(msg):
        m = bytearray(msg)
        struct.pack_into("<I", m, 16, struct.unpack_from("<I", m, 16)[0] | w.FLAGS_SIGNED)
        m[48:64] = sig
        return bytes(m)

    def echoed(name, rsp, want):
        st = w.status_of(rsp) if rsp else None
        check("%s -> %s" % (name, fmt(want)), st == want, rsp and fmt(st))
        flags = struct.unpack_from("<I", rsp, 16)[0] if rsp else 0
        check("%s: SIGNED flag kept, signature echoed" % name,
              flags & w.FLAGS_SIGNED and rsp[48:64] == sig, rsp and rsp[:64].hex())

    rsp = c.call(signed(w.simple_request(w.LOGOFF, c.session_id ^ 0x5a5a,
                                         message_id=c.next_mid())))
    echoed("signed LOGOFF of an unknown session", rsp, USER_SESSION_DELETED)
    bad = bytearray(signed(w.simple_request(w.TREE_DISCONNECT, c.session_id, 1, c.next_mid())))
    struct.pack_into("<I", bad, 16, struct.unpack_from("<I", bad, 16)[0] | w.FLAGS_RELATED)
    rsp = c.call(bytes(bad))
    echoed("signed chain opening with a related TREE_DISCONNECT", rsp, INVALID_PARAMETER)
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
    for t in (smb1_refused, signing_required_for_3x, unsignable_errors_echo_signature,
              share_root_confinement):
        t(args)
    return done()


if __name__ == "__main__":
    sys.exit(main())
