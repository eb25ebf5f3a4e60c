#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""The bug classes of ksmbd's CVE history, replayed against smb3k (TAP).

  test_hostile.py [--port 445] [--user test --password test] [--share test]

Each case is a kind of input that crashed, leaked or corrupted an in-kernel
SMB server before (../shared/README.md lists them): messages of 16 MiB
before authentication, connections that stall mid-PDU by the dozen,
compound chains that free a session, tree or open and use it again in the
same chain, zero-length byte-range locks, credit requests that would
overflow the window, session binding with keys that do not match, and
durable reconnects of handles that do not exist, from racing connections.
Each asserts the status MS-SMB2 gives or the disconnect it allows; the
harness fails the run on any kernel log complaint (KASAN, lockdep, ...).
test_malformed.py and test_malformed_files.py cover lying offsets, lengths
and counts command by command.
"""
import socket
import struct
import sys
import threading
import time

import smbwire as w
from smbtap import arguments, case, check, done, status_of
from test_malformed_files import Conn, fmt, outcome, SUCCESS, DISCONNECT

FILE_CLOSED = w.STATUS_FILE_CLOSED
NAME_DELETED = 0xC00000C9           # STATUS_NETWORK_NAME_DELETED
SESSION_DELETED = 0xC0000203        # STATUS_USER_SESSION_DELETED
REQUEST_NOT_ACCEPTED = 0xC00000D0
ACCESS_DENIED = 0xC0000022
LOCK_NOT_GRANTED = w.STATUS_LOCK_NOT_GRANTED


def chain(c, msgs, related=True):
    """Send @msgs as one compound; the statuses of the answers, or DISCONNECT."""
    c.send(w.compound(msgs, related=related))
    c.sock.settimeout(20)
    got = []
    while len(got) < len(msgs):
        rsp = c.recv()
        if rsp is None:
            return DISCONNECT
        for m in w.split_compound(rsp):
            h = w.parse_smb2_header(m)
            if h["status"] == w.STATUS_PENDING and h["flags"] & w.FLAGS_ASYNC:
                continue
            got.append(h["status"])
    return got


def hdr_req(c, command, body, tid=None, session_id=None, charge=1):
    """A request of @c's session and tree with the next MessageId."""
    mid = c.mid + 1
    c.mid += max(1, charge)
    return w.request(command, body, c.session_id if session_id is None else session_id,
                     c.tid if tid is None else tid, mid, charge, credits=16)


def disconnects_within(c, seconds):
    c.sock.settimeout(seconds)
    try:
        return c.recv() is None
    except socket.timeout:
        return False
    except OSError:
        return True


# --- Huge and stalled frames (before authentication) ---

@case
def huge_frames(args):
    # A 16 MiB - 1 length (the largest a 24-bit NetBIOS length holds) before
    # NEGOTIATE: the server must not wait for, or allocate, 16 MiB.
    c = w.Conn(port=args.port, timeout=10)
    c.send_raw(struct.pack(">I", 0xFFFFFF) + w.negotiate_request([0x210]))
    check("16 MiB frame header before NEGOTIATE -> disconnect at once",
          disconnects_within(c, 10))
    c.close()
    # The same after NEGOTIATE, with all 16 MiB really sent.
    c = w.Client(port=args.port)
    c.negotiate()
    payload = struct.pack(">I", 0xFFFFFF) + w.smb2_header(w.SESSION_SETUP, 1) + \
        b"\0" * (0xFFFFFF - 64)
    try:
        c.sock.settimeout(30)
        c.send_raw(payload)
        sent = True
    except OSError:
        sent = False        # the server closed while we were still sending
    check("16 MiB message after NEGOTIATE, no session -> disconnect",
          not sent or disconnects_within(c, 10))
    c.close()
    # Frame types other than 0 (session message) are not SMB2 over TCP.
    c = w.Conn(port=args.port, timeout=10)
    c.send_raw(b"\x81\x00\x00\x44" + b"\0" * 68)
    check("NetBIOS session request frame type -> disconnect", disconnects_within(c, 10))
    c.close()


@case
def stalled_connections(args):
    # Many connections each stopping in the middle of a PDU must neither
    # starve a real client nor leak when they finally go.
    msg = w.negotiate_request([0x210, 0x300, 0x311])
    stalled = []
    for i in range(64):
        s = w.Conn(port=args.port, timeout=10)
        cut = [2, 4, 30, len(msg) // 2][i % 4]
        s.send_raw((struct.pack(">I", len(msg)) + msg)[:cut])
        stalled.append(s)
    st = None
    try:
        c = Conn(args)
        st = c.create("hostile-stalled.txt")[0]
        c.close()
    except Exception as e:  # noqa: BLE001
        st = repr(e)
    check("64 connections stalled mid-PDU: a real client logs in and creates a file",
          st == SUCCESS, fmt(st))
    for s in stalled:
        s.close()
    time.sleep(1)
    c = Conn(args)
    st, fid = c.create("hostile-stalled.txt", disposition=w.FILE_OPEN)
    if fid:
        c.delete(fid)
    check("... and after they all reset, the server still answers", st == SUCCESS, fmt(st))
    c.close()


# --- Compound chains that free, then reuse (MS-SMB2 3.3.5.2.7.2) ---

@case
def compound_use_after_free(args):
    c = Conn(args)
    st, fid = c.create("hostile-uaf.txt", disposition=w.FILE_OVERWRITE_IF)
    check("set up: create hostile-uaf.txt", st == SUCCESS, fmt(st))
    c.write(fid, b"x" * 100)
    none = w.FILEID_NONE
    got = chain(c, [hdr_req(c, w.CLOSE, w.close_body(fid)),
                    hdr_req(c, w.READ, w.read_body(none, 10)),
                    hdr_req(c, w.WRITE, w.write_body(none, b"y" * 10)),
                    hdr_req(c, w.QUERY_INFO, w.query_info_body(
                        none, w.INFO_FILE, w.FileStandardInformation, 100)),
                    hdr_req(c, w.SET_INFO, w.set_info_body(
                        none, w.INFO_FILE, w.FileDispositionInformation, b"\1")),
                    hdr_req(c, w.LOCK, w.lock_body(none, [(0, 1, w.LOCKFLAG_EXCLUSIVE |
                                                          w.LOCKFLAG_FAIL_IMMEDIATELY)])),
                    hdr_req(c, w.CLOSE, w.close_body(none))])
    check("related CLOSE then READ, WRITE, QUERY/SET_INFO, LOCK, CLOSE -> SUCCESS, "
          "then FILE_CLOSED for each", got == [SUCCESS] + [FILE_CLOSED] * 6,
          [fmt(s) for s in got] if got != DISCONNECT else got)
    got = chain(c, [hdr_req(c, w.CLOSE, w.close_body(fid)),
                    hdr_req(c, w.READ, w.read_body(fid, 10))], related=False)
    check("the closed FileId by value, unrelated -> FILE_CLOSED twice",
          got == [FILE_CLOSED, FILE_CLOSED], got)
    # CREATE + CLOSE + CLOSE: the second CLOSE names a FileId just freed.
    got = chain(c, [hdr_req(c, w.CREATE, w.create_body("hostile-uaf.txt",
                                                       disposition=w.FILE_OPEN)),
                    hdr_req(c, w.CLOSE, w.close_body(none)),
                    hdr_req(c, w.CLOSE, w.close_body(none))])
    check("related CREATE, CLOSE, CLOSE -> SUCCESS, SUCCESS, FILE_CLOSED",
          got == [SUCCESS, SUCCESS, FILE_CLOSED], got)
    st, fid = c.create("hostile-uaf.txt", disposition=w.FILE_OPEN)
    st2, data = c.read(fid, 200) if fid else (st, b"")
    check("... the file kept its 100 bytes (the WRITE after CLOSE wrote nothing)",
          st2 == SUCCESS and data == b"x" * 100, "%s %r" % (fmt(st2), data[:20]))
    if fid:
        c.delete(fid)
    check("... the connection still answers", c.alive())
    c.close()

    # TREE_DISCONNECT then CREATE in the same tree, related and unrelated.
    c = Conn(args)
    got = chain(c, [hdr_req(c, w.TREE_DISCONNECT, struct.pack("<HH", 4, 0)),
                    hdr_req(c, w.CREATE, w.create_body("hostile-td.txt"))])
    check("related TREE_DISCONNECT then CREATE -> SUCCESS, NETWORK_NAME_DELETED",
          got == [SUCCESS, NAME_DELETED], got)
    c.close()

    # LOGOFF with a file open, then CLOSE it in the same chain: the open went
    # with the session; the file is not held any more.
    c = Conn(args)
    st, fid = c.create("hostile-logoff.txt", share_access=0)
    got = chain(c, [hdr_req(c, w.LOGOFF, struct.pack("<HH", 4, 0)),
                    hdr_req(c, w.CLOSE, w.close_body(fid)),
                    hdr_req(c, w.WRITE, w.write_body(fid, b"z"))])
    check("related LOGOFF then CLOSE, WRITE of its open -> SUCCESS, USER_SESSION_DELETED x2",
          got == [SUCCESS, SESSION_DELETED, SESSION_DELETED], got)
    c.close()
    c = Conn(args)
    st, fid = c.create("hostile-logoff.txt", disposition=w.FILE_OPEN, share_access=0)
    check("... a new session opens the file exclusively (the old open is gone)",
          st == SUCCESS, fmt(st))
    if fid:
        c.delete(fid)
    c.close()


# --- Zero-length byte-range locks (MS-FSA 2.1.4.10, 2.1.5.8) ---

@case
def zero_length_locks(args):
    X, U, F = w.LOCKFLAG_EXCLUSIVE, w.LOCKFLAG_UNLOCK, w.LOCKFLAG_FAIL_IMMEDIATELY
    a, b = Conn(args), Conn(args)
    st, fa = a.create("hostile-locks.txt", disposition=w.FILE_OVERWRITE_IF)
    st2, fb = b.create("hostile-locks.txt", disposition=w.FILE_OPEN)
    check("set up: two opens of hostile-locks.txt", st == SUCCESS and st2 == SUCCESS,
          "%s %s" % (fmt(st), fmt(st2)))

    def lk(c, fid, locks):
        return outcome(c.req(w.LOCK, w.lock_body(fid, locks)))

    check("zero-length lock at 0 -> SUCCESS", lk(a, fa, [(0, 0, X | F)]) == SUCCESS)
    check("... the other open's zero-length lock at 0 too (never conflicts)",
          lk(b, fb, [(0, 0, X | F)]) == SUCCESS)
    check("... and the same open again (two {0,0} locks)", lk(a, fa, [(0, 0, X | F)]) == SUCCESS)
    check("an exclusive lock of [0, 10) over them -> SUCCESS",
          lk(a, fa, [(0, 10, X | F)]) == SUCCESS)
    check("zero-length lock at 5 by the other open -> LOCK_NOT_GRANTED",
          lk(b, fb, [(5, 0, X | F)]) == LOCK_NOT_GRANTED)
    check("zero-length lock at 10 (just past the range) -> SUCCESS",
          lk(b, fb, [(10, 0, X | F)]) == SUCCESS)
    check("zero-length lock at 2^64 - 1 -> SUCCESS",
          lk(b, fb, [(2**64 - 1, 0, X | F)]) == SUCCESS)
    check("unlock of a zero-length lock never taken -> RANGE_NOT_LOCKED",
          lk(b, fb, [(7, 0, U)]) == w.STATUS_RANGE_NOT_LOCKED)
    for off in (10, 2**64 - 1, 0):
        check("unlock zero-length at %#x -> SUCCESS" % off, lk(b, fb, [(off, 0, U)]) == SUCCESS)
    check("unlock [0, 10) -> SUCCESS", lk(a, fa, [(0, 10, U)]) == SUCCESS)
    # 64 zero-length locks in one request (LockCount large, each checked).
    many = [(i * 3, 0, X | F) for i in range(64)]
    st = outcome(a.req(w.LOCK, w.lock_body(fa, many[:1])))
    for i in range(1, 64):
        a.req(w.LOCK, w.lock_body(fa, many[i:i + 1]))
    check("64 zero-length locks taken one by one", st == SUCCESS)
    a.close()   # the locks go with the connection
    time.sleep(0.5)
    check("after the holder's connection closes, [0, 200) locks for the other open",
          lk(b, fb, [(0, 200, X | F)]) == SUCCESS)
    lk(b, fb, [(0, 200, U)])
    b.delete(fb)
    check("... the connection still answers", b.alive())
    b.close()


# --- Credits (MS-SMB2 3.3.1.2, 3.3.5.2.5) ---

@case
def credit_overflow(args):
    c = Conn(args)
    granted = 1
    for _ in range(40):
        mid = c.next_mid()
        rsp = c.call(w.request(w.ECHO, struct.pack("<HH", 4, 0), c.session_id,
                               message_id=mid, credit_charge=1, credits=65535))
        if rsp is None:
            granted = None
            break
        granted += struct.unpack_from("<H", rsp, 14)[0] - 1
    check("40 ECHOs asking for 65535 credits each: the client never holds more than 8192",
          granted is not None and granted <= 8192, granted)
    # A charge bigger than the window the client holds.
    rsp = c.call(w.request(w.READ, w.read_body(w.FILEID_NONE, 65536 * 60000),
                           c.session_id, c.tid, c.mid + 1, credit_charge=65535))
    check("CreditCharge 65535 beyond the window -> disconnect", rsp is None,
          rsp and fmt(w.status_of(rsp)))
    c.close()
    # MessageId 0xFFFFFFFFFFFFFFFF is only for CANCEL/OPLOCK_BREAK (2.2.1).
    c = Conn(args)
    rsp = c.call(w.request(w.ECHO, struct.pack("<HH", 4, 0), c.session_id,
                           message_id=0xFFFFFFFFFFFFFFFF))
    check("ECHO with MessageId 2^64 - 1 -> disconnect or INVALID_PARAMETER",
          outcome(rsp) in (DISCONNECT, w.STATUS_INVALID_PARAMETER), fmt(outcome(rsp)))
    c.close()


# --- Session binding with the wrong keys (MS-SMB2 3.3.5.5.2) ---

@case
def binding_wrong_keys(args):
    # The owner: a real SMB 3.0 client (impacket signs its requests).
    from impacket import ntlm
    from impacket.smb3structs import SMB2_DIALECT_30
    from impacket.smbconnection import SMBConnection
    owner = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=args.port,
                          preferredDialect=SMB2_DIALECT_30)
    owner.login(args.user, args.password)
    sid = owner.getSMBServer()._Session["SessionID"]
    check("set up: a signed 3.0 session", sid != 0, sid)
    # Another connection binds to it, signing with a key that is not the
    # session's (3.3.5.5.2: the binding request must verify).
    thief = w.Client(port=args.port)
    thief.call(w.negotiate_request([0x300, 0x302], security_mode=1))
    type1 = ntlm.getNTLMSSPType1("", "", False)
    msg = bytearray(w.session_setup_request(type1.getData(), sid, thief.next_mid(),
                                            flags=w.SESSION_FLAG_BINDING))
    struct.pack_into("<I", msg, 16, struct.unpack_from("<I", msg, 16)[0] | w.FLAGS_SIGNED)
    msg[48:64] = b"\x5a" * 16
    got = outcome(thief.call(bytes(msg)))
    # Without multichannel the session is not this connection's
    # (USER_SESSION_DELETED, 3.3.5.2.4) or binding is refused (3.3.5.5);
    # with it, the signature fails (ACCESS_DENIED). Never SUCCESS.
    check("binding SESSION_SETUP with a forged signature -> refused",
          got in (REQUEST_NOT_ACCEPTED, ACCESS_DENIED, SESSION_DELETED, DISCONNECT), fmt(got))
    if got != DISCONNECT:
        got = outcome(thief.call(w.tree_connect_request(
            "\\\\127.0.0.1\\" + args.share, sid, thief.next_mid())))
        check("... the other connection cannot use the session unbound",
              got != SUCCESS, fmt(got))
    thief.close()
    try:
        owner.connectTree(args.share)
        st = 0
    except Exception as e:  # noqa: BLE001
        st = repr(e)
    check("... the owner's session still works (signed TREE_CONNECT)", st == 0, st)
    owner.close()


# --- Durable reconnects of handles that do not exist (MS-SMB2 3.3.5.9.7/.12) ---

def dhnc(fid):
    return w.create_context(b"DHnC", fid)


def dh2c(fid, create_guid):
    return w.create_context(b"DH2C", fid + create_guid + struct.pack("<I", 0))


@case
def durable_reconnect_unknown(args):
    c = Conn(args)
    bogus = struct.pack("<QQ", 0x1234, 0x5678)
    st = outcome(c.req(w.CREATE, w.create_body("hostile-durable.txt",
                                                contexts=w.create_contexts([dhnc(bogus)]))))
    check("DHnC of a FileId that was never durable -> OBJECT_NAME_NOT_FOUND",
          st == w.STATUS_OBJECT_NAME_NOT_FOUND, fmt(st))
    st = outcome(c.req(w.CREATE, w.create_body(
        "hostile-durable.txt", contexts=w.create_contexts([dhnc(bogus),
                                                           dh2c(bogus, b"\2" * 16)]))))
    check("DHnC together with DH2C -> INVALID_PARAMETER",
          st == w.STATUS_INVALID_PARAMETER, fmt(st))
    # A live open's FileId named in a reconnect from another session.
    st, fid = c.create("hostile-durable.txt")
    d = Conn(args)
    st = outcome(d.req(w.CREATE, w.create_body("hostile-durable.txt",
                                                contexts=w.create_contexts([dhnc(fid)]))))
    check("DHnC naming another session's live (not durable) open -> OBJECT_NAME_NOT_FOUND",
          st == w.STATUS_OBJECT_NAME_NOT_FOUND, fmt(st))

    # Eight connections racing the same reconnect: each gets its answer.
    outs = []

    def race():
        try:
            r = Conn(args)
            outs.append(outcome(r.req(w.CREATE, w.create_body(
                "hostile-durable.txt", contexts=w.create_contexts([dhnc(fid)])))))
            r.close()
        except Exception as e:  # noqa: BLE001
            outs.append(repr(e))
    threads = [threading.Thread(target=race) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    check("8 racing DHnC reconnects of a live non-durable open -> OBJECT_NAME_NOT_FOUND each",
          outs == [w.STATUS_OBJECT_NAME_NOT_FOUND] * 8, [fmt(o) for o in outs])
    st, data = c.read(fid, 10)
    check("... the open itself is untouched", st in (SUCCESS, w.STATUS_END_OF_FILE), fmt(st))
    c.delete(fid)
    d.close()
    c.close()

    # DH2C (3.0 on) through a signing 3.0 client.
    from impacket.smb3structs import SMB2_DIALECT_30
    from impacket.smbconnection import SMBConnection

    class RawContext:
        def __init__(self, data):
            self.data = data

        def getData(self):
            return self.data

    s = SMBConnection("127.0.0.1", "127.0.0.1", sess_port=args.port,
                      preferredDialect=SMB2_DIALECT_30)
    s.login(args.user, args.password)
    tid = s.connectTree(args.share)
    st = status_of(lambda: s.getSMBServer().close(tid, s.getSMBServer().create(
        tid, "hostile-durable2.txt", 0x12019F, 7, 0, 3, 0x80,
        createContexts=[RawContext(dh2c(bogus, b"\3" * 16))])))
    check("DH2C of an unknown handle on 3.0 -> OBJECT_NAME_NOT_FOUND",
          st == w.STATUS_OBJECT_NAME_NOT_FOUND, fmt(st))
    s.close()


# --- A refused CREATE leaves nothing behind (MS-SMB2 3.3.5.9.8) ---

@case
def refused_create_leaves_nothing(args):
    c = Conn(args)
    key = b"\x42" * 16
    rqls = w.create_contexts([w.create_context(b"RqLs", key + struct.pack("<IIQ", 7, 0, 0))])
    st = outcome(c.req(w.CREATE, w.create_body("hostile-lease-a.txt", oplock=0xFF,
                                                contexts=rqls)))
    check("lease key K on file a -> SUCCESS", st == SUCCESS, fmt(st))
    st = outcome(c.req(w.CREATE, w.create_body("hostile-lease-b.txt", oplock=0xFF,
                                                disposition=w.FILE_CREATE, contexts=rqls)))
    check("the same key K creating file b -> INVALID_PARAMETER",
          st == w.STATUS_INVALID_PARAMETER, fmt(st))
    st, fid = c.create("hostile-lease-b.txt", disposition=w.FILE_OPEN)
    check("... and b was not created", st == w.STATUS_OBJECT_NAME_NOT_FOUND, fmt(st))
    if fid:
        c.delete(fid)
    c.close()
    d = Conn(args)
    st, fid = d.create("hostile-lease-a.txt", disposition=w.FILE_OPEN)
    if fid:
        d.delete(fid)
    d.close()


def main():
    args = arguments().parse_args()
    for t in (huge_frames, stalled_connections, compound_use_after_free, zero_length_locks,
              credit_overflow, binding_wrong_keys, durable_reconnect_unknown,
              refused_create_leaves_nothing):
        t(args)
    try:
        c = Conn(args)
        st = c.create("hostile-final.txt")
        ok = st[0] == SUCCESS and c.delete(st[1]) == SUCCESS
        c.close()
    except Exception as e:  # noqa: BLE001
        ok = repr(e)
    check("after all that: a fresh login, create and delete work", ok is True, ok)
    return done()


if __name__ == "__main__":
    sys.exit(main())
