#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Sessions and tree connects with an independent client (impacket), TAP.

  test_session.py [--port 445] [--user test --password test]

Expects share "test" (valid users = test), user "test", an "alice" user who
is not in "valid users", and "map to guest = never".
"""
import sys

from impacket import smbconnection
from impacket import smb3structs as s3
from impacket import nt_errors

from smbtap import arguments, check, done, status_of

def conn(args, dialect):
    return smbconnection.SMBConnection("SMB3KTEST", "127.0.0.1", sess_port=args.port,
                                       preferredDialect=dialect, timeout=20)


# impacket 0.10 cannot negotiate 3.0.2 and derives 3.1.1 signing keys from a
# preauth hash that differs from the spec's (smbclient covers 3.0.2 and 3.1.1
# in test_sessions.sh, verifying our signatures).
DIALECTS = [("2.0.2", s3.SMB2_DIALECT_002), ("2.1", s3.SMB2_DIALECT_21),
            ("3.0", s3.SMB2_DIALECT_30)]


def main():
    ap = arguments(local_dir=False)
    ap.add_argument("--signing-required", action="store_true")
    args = ap.parse_args()

    for name, d in DIALECTS:
        try:
            c = conn(args, d)
        except Exception as e:  # noqa: BLE001
            check("%s: negotiate" % name, False, repr(e))
            continue
        check("%s: negotiated %#x" % (name, d), c.getDialect() == d, hex(c.getDialect()))
        st = status_of(lambda: c.login(args.user, args.password))
        check("%s: login %s" % (name, args.user), st == 0, st)
        if st != 0:
            continue
        check("%s: not a guest session" % name, not c.isGuestSession())
        if d < s3.SMB2_DIALECT_30:
            check("%s: 16-byte session key" % name, len(c.getSessionKey() or b"") == 16)
        # "server signing = auto" (the default) requires it from 3.0 on.
        if args.signing_required or d >= s3.SMB2_DIALECT_30:
            check("%s: server requires signing" % name, c.isSigningRequired())
        else:
            check("%s: signing not required below 3.0 by default" % name,
                  not c.isSigningRequired())
        tid = None

        def tcon():
            nonlocal tid
            tid = c.connectTree("test")
        st = status_of(tcon)
        check("%s: tree connect test" % name, st == 0 and tid, st)
        st = status_of(lambda: c.connectTree("IPC$"))
        check("%s: tree connect IPC$" % name, st == 0, st)
        st = status_of(lambda: c.connectTree("nosuchshare"))
        check("%s: unknown share -> BAD_NETWORK_NAME" % name,
              st == nt_errors.STATUS_BAD_NETWORK_NAME, st)
        if tid:
            st = status_of(lambda: c.disconnectTree(tid))
            check("%s: tree disconnect" % name, st == 0, st)
        st = status_of(lambda: c.logoff())
        check("%s: logoff" % name, st == 0, st)

    c = conn(args, s3.SMB2_DIALECT_30)
    st = status_of(lambda: c.login(args.user, "wrong-password"))
    check("wrong password -> LOGON_FAILURE", st == nt_errors.STATUS_LOGON_FAILURE, st)
    c = conn(args, s3.SMB2_DIALECT_30)
    st = status_of(lambda: c.login("nobody-here", "x"))
    check("unknown user -> LOGON_FAILURE", st == nt_errors.STATUS_LOGON_FAILURE, st)
    c = conn(args, s3.SMB2_DIALECT_30)
    st = status_of(lambda: c.login("alice", "Password"))
    check("alice logs in", st == 0, st)
    if st == 0:
        st = status_of(lambda: c.connectTree("test"))
        check("alice not in valid users -> ACCESS_DENIED",
              st == nt_errors.STATUS_ACCESS_DENIED, st)
    # 2.1: where the server requires signing (3.x by default) impacket signs
    # even an anonymous session, which has no key (MS-SMB2 3.3.5.2.4 answers
    # STATUS_NOT_SUPPORTED); Windows and Samba clients do not.
    c = conn(args, s3.SMB2_DIALECT_21)
    st = status_of(lambda: c.login("", ""))
    check("anonymous login -> null session", st == 0, st)
    # With signing required impacket signs even the keyless null session.
    if st == 0 and not args.signing_required:
        st = status_of(lambda: c.connectTree("IPC$"))
        check("anonymous: IPC$ allowed", st == 0, st)
        st = status_of(lambda: c.connectTree("test"))
        check("anonymous: disk share refused", st == nt_errors.STATUS_ACCESS_DENIED, st)

    return done()


if __name__ == "__main__":
    sys.exit(main())
