#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile SESSION_SETUP, TREE_CONNECT, compound chains and framing (TAP).

  test_malformed.py [--port 445] [--user test --password test]

Logs in for real (NTLMSSP tokens from impacket, SMB2 built by smbwire.py,
dialect 2.1, unsigned) and then sends malformed requests, checking each
answer against MS-SMB2 3.3.5.2.x, 3.3.5.5 and 3.3.5.7: a status code, or
a disconnect where the spec allows one. Expects share "test" and IPC$.
"""
import argparse
import hashlib
import hmac
import socket
import struct
import sys
import time

import smbwire as w

results = []
DISCONNECT = "disconnect"


STATUS_FILE_CLOSED = 0xC0000128


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("ok %d - %s" if cond else "not ok %d - %s") % (len(results), name), flush=True)
    if not cond and detail:
        print("# " + str(detail).replace("\n", "\n# "), flush=True)


def outcome(rsp):
    """A response's status, or DISCONNECT."""
    return DISCONNECT if rsp is None else w.status_of(rsp)


STATUS_NAMES = {w.STATUS_INVALID_PARAMETER: "INVALID_PARAMETER",
                w.STATUS_BAD_NETWORK_NAME: "BAD_NETWORK_NAME"}


def fmt(o):
    return o if o == DISCONNECT else "%#010x" % o


def expect(name, got, allowed):
    check(name, got in allowed, "got %s, want one of %s" %
          (fmt(got), ", ".join(fmt(a) for a in allowed)))


def still_usable(c):
    """The connection still answers an ECHO."""
    try:
        rsp = c.call(w.simple_request(w.ECHO, message_id=c.next_mid()))
    except OSError:
        return False
    return rsp is not None and w.status_of(rsp) == 0


def case(fn):
    """Run one case; an exception is a failed case, not a dead script."""
    def run(args):
        try:
            fn(args)
        except Exception as e:  # noqa: BLE001 - reported as a TAP failure
            check(fn.__name__, False, repr(e))
    run.__name__ = fn.__name__
    return run


def login(args):
    return w.connect_and_login(args.port, args.user, args.password)


def negotiated(args):
    c = w.Client(port=args.port)
    c.negotiate()
    return c


def ipc(c):
    st, tid = c.tree_connect("IPC$")
    assert st == 0, "IPC$ tree connect failed: %#x" % st
    return tid


# --- SESSION_SETUP (MS-SMB2 3.3.5.5) ---

@case
def session_setup(args):
    from impacket import ntlm
    type1 = ntlm.getNTLMSSPType1("", "", False).getData()

    c = negotiated(args)
    rsp = c.call(w.session_setup_request(type1, 0, c.next_mid(), structure_size=24))
    expect("SESSION_SETUP StructureSize 24 -> INVALID_PARAMETER", outcome(rsp),
           [w.STATUS_INVALID_PARAMETER])
    check("... connection still usable", rsp is not None and still_usable(c))
    c.close()

    for label, off, n in (("offset+length past the end", 64 + 24, len(type1) + 1),
                          ("offset past the end", 64 + 24 + len(type1) + 8, 8),
                          ("offset into the header", 16, len(type1)),
                          ("offset into the fixed part", 64 + 8, len(type1)),
                          ("length 0xffff", 64 + 24, 0xffff)):
        c = negotiated(args)
        rsp = c.call(w.session_setup_request(type1, 0, c.next_mid(),
                                             blob_offset=off, blob_len=n))
        expect("SESSION_SETUP security buffer %s -> INVALID_PARAMETER" % label,
               outcome(rsp), [w.STATUS_INVALID_PARAMETER, DISCONNECT])
        c.close()

    c = negotiated(args)
    rsp = c.call(w.session_setup_request(b"", 0, c.next_mid()))
    got = outcome(rsp)
    expect("SESSION_SETUP zero-length security buffer -> an error or a SPNEGO "
           "challenge, never success", got,
           [w.STATUS_INVALID_PARAMETER, w.STATUS_LOGON_FAILURE,
            w.STATUS_MORE_PROCESSING_REQUIRED])
    check("... connection still usable", got != DISCONNECT and still_usable(c))
    c.close()

    for label, blob in (("garbage", bytes(range(256)) * 2),
                        ("SPNEGO-looking garbage", b"\x60\x82\xff\xff\x06\x06+\x06\x01\x05\x05\x02" + b"\xa0" * 40),
                        ("truncated NTLMSSP", type1[:12])):
        c = negotiated(args)
        rsp = c.call(w.session_setup_request(blob, 0, c.next_mid()))
        got = outcome(rsp)
        expect("SESSION_SETUP %s blob -> INVALID_PARAMETER or LOGON_FAILURE" % label,
               got, [w.STATUS_INVALID_PARAMETER, w.STATUS_LOGON_FAILURE])
        check("... then a real login on the same connection works",
              got != DISCONNECT and c.login(args.user, args.password) == 0)
        c.close()

    c = negotiated(args)
    rsp = c.call(w.session_setup_request(type1, 0x1234567890ab, c.next_mid()))
    expect("SESSION_SETUP unknown SessionId -> USER_SESSION_DELETED", outcome(rsp),
           [w.STATUS_USER_SESSION_DELETED])
    c.close()

    c = login(args)
    rsp = c.call(w.session_setup_request(type1, c.session_id, c.next_mid(),
                                         flags=w.SESSION_FLAG_BINDING))
    expect("SESSION_SETUP BINDING flag -> REQUEST_NOT_ACCEPTED", outcome(rsp),
           [w.STATUS_REQUEST_NOT_ACCEPTED])
    check("... the session still works", rsp is not None and ipc(c))
    c.close()

    c = login(args)
    sid = c.session_id
    rsp = c.call(w.simple_request(w.LOGOFF, sid, message_id=c.next_mid()))
    check("LOGOFF", outcome(rsp) == 0, fmt(outcome(rsp)))
    rsp = c.call(w.session_setup_request(type1, sid, c.next_mid()))
    expect("SESSION_SETUP with the id of a logged-off session -> USER_SESSION_DELETED",
           outcome(rsp), [w.STATUS_USER_SESSION_DELETED])
    st, _ = c.tree_connect("IPC$", sid)
    expect("TREE_CONNECT on a logged-off session -> USER_SESSION_DELETED", st,
           [w.STATUS_USER_SESSION_DELETED])
    c.close()


# --- TREE_CONNECT and TREE_DISCONNECT (MS-SMB2 3.3.5.7, 3.3.5.8) ---

@case
def tree_connect(args):
    c = login(args)
    sid = c.session_id
    path = "\\\\127.0.0.1\\IPC$".encode("utf-16-le")

    def tcon(label, allowed, **kw):
        nonlocal c
        rsp = c.call(w.tree_connect_request(None, sid, c.next_mid(), **kw))
        got = outcome(rsp)
        expect("TREE_CONNECT %s -> %s" % (label, " or ".join(
            STATUS_NAMES.get(a, a) for a in allowed)), got, allowed)
        if got == DISCONNECT:
            c = login(args)
        return got

    inval = [w.STATUS_INVALID_PARAMETER]
    badname = [w.STATUS_BAD_NETWORK_NAME]
    tcon("StructureSize 8", inval, raw_path=path, structure_size=8)
    tcon("PathLength past the end", inval, raw_path=path, path_len=len(path) + 2)
    tcon("PathOffset past the end", inval, raw_path=path, path_offset=64 + 8 + len(path))
    tcon("PathOffset into the header", inval, raw_path=path, path_offset=32)
    tcon("PathLength 0", inval + badname, raw_path=path, path_len=0)
    tcon("odd PathLength", inval, raw_path=path + b"\0", path_len=len(path) + 1)
    tcon("path without \\\\server\\", badname + inval, raw_path="IPC$".encode("utf-16-le"))
    tcon("path \\\\server only", badname + inval, raw_path="\\\\127.0.0.1".encode("utf-16-le"))
    tcon("path \\\\server\\a\\b", badname + inval,
         raw_path="\\\\127.0.0.1\\test\\x".encode("utf-16-le"))
    tcon("200-character share name", badname + inval,
         raw_path=("\\\\127.0.0.1\\" + "s" * 200).encode("utf-16-le"))
    tcon("share name with an embedded NUL (test\\0x)", badname + inval,
         raw_path="\\\\127.0.0.1\\test\0x".encode("utf-16-le"))
    tcon("unpaired UTF-16 surrogate", badname + inval,
         raw_path="\\\\127.0.0.1\\".encode("utf-16-le") + b"\x00\xd8t\x00")
    st, tid = c.tree_connect("test")
    check("... then a valid TREE_CONNECT works", st == 0, fmt(st))
    rsp = c.call(w.tree_connect_request("\\\\127.0.0.1\\test", 0x7777777, c.next_mid()))
    expect("TREE_CONNECT unknown SessionId -> USER_SESSION_DELETED", outcome(rsp),
           [w.STATUS_USER_SESSION_DELETED])
    rsp = c.call(w.simple_request(w.TREE_DISCONNECT, sid, tid + 1000, c.next_mid()))
    expect("TREE_DISCONNECT unknown TreeId -> NETWORK_NAME_DELETED", outcome(rsp),
           [w.STATUS_NETWORK_NAME_DELETED])
    rsp = c.call(w.simple_request(w.TREE_DISCONNECT, sid, tid, c.next_mid()))
    check("TREE_DISCONNECT", outcome(rsp) == 0, fmt(outcome(rsp)))
    rsp = c.call(w.simple_request(w.TREE_DISCONNECT, sid, tid, c.next_mid()))
    expect("TREE_DISCONNECT twice -> NETWORK_NAME_DELETED", outcome(rsp),
           [w.STATUS_NETWORK_NAME_DELETED])
    c.close()


# --- Compound chains (MS-SMB2 3.3.5.2.7) ---

def chain_statuses(rsp):
    return [w.status_of(m) for m in w.split_compound(rsp)]


def send_chain(c, data, timeout=10):
    """Send a raw chain; the statuses of the answers, or DISCONNECT."""
    c.sock.settimeout(timeout)
    c.send(data)
    rsp = c.recv()
    return DISCONNECT if rsp is None else chain_statuses(rsp)


@case
def compound_chains(args):
    c = login(args)
    sid = c.session_id
    tid = ipc(c)

    def ids(n):
        return [w.simple_request(w.ECHO, sid, message_id=c.next_mid()) for _ in range(n)]

    got = send_chain(c, w.compound(ids(2)))
    check("chain of 2 ECHOs answered as a chain", got == [0, 0], got)

    for label, nxt in (("not 8-aligned", 68), ("past the end", 4096),
                       ("less than a header", 8),
                       ("wrapping backwards (2^32 - 8)", 0xFFFFFFF8)):
        c2 = login(args)
        m = bytearray(w.compound([w.simple_request(w.ECHO, c2.session_id, message_id=1),
                                  w.simple_request(w.ECHO, c2.session_id, message_id=2)]))
        struct.pack_into("<I", m, 20, nxt)
        t0 = time.monotonic()
        try:
            got = send_chain(c2, bytes(m))
        except socket.timeout:
            got = "timeout"
        check("chain with NextCommand %s -> disconnect or error, promptly" % label,
              (got == DISCONNECT or (isinstance(got, list) and got[0] != 0))
              and time.monotonic() - t0 < 5, got)
        c2.close()

    # A chain whose second header's NextCommand points back at itself would
    # loop forever without the cap: NextCommand is relative, so "backwards"
    # needs an unsigned wrap; both must end the connection.
    c2 = login(args)
    m = bytearray(w.compound([w.simple_request(w.ECHO, c2.session_id, message_id=i)
                              for i in (1, 2, 3)]))
    struct.pack_into("<I", m, 72 + 20, 0x100000000 - 72)
    try:
        got = send_chain(c2, bytes(m))
    except socket.timeout:
        got = "timeout"
    check("chain whose 2nd NextCommand points back to the 1st -> disconnect",
          got == DISCONNECT, got)
    c2.close()

    c2 = login(args)
    got = send_chain(c2, w.compound([w.simple_request(w.ECHO, c2.session_id, message_id=c2.next_mid())
                                     for i in range(64)]))
    check("chain of 64 commands (the cap) answered", got == [0] * 64,
          got if got == DISCONNECT else "%d answers" % len(got))
    c2.close()
    c2 = login(args)
    got = send_chain(c2, w.compound([w.simple_request(w.ECHO, c2.session_id, message_id=c2.next_mid())
                                     for i in range(65)]))
    check("chain of 65 commands (over the cap) -> disconnect", got == DISCONNECT,
          got if got == DISCONNECT else "%d answers" % len(got))
    c2.close()

    c2 = login(args)
    got = send_chain(c2, w.compound([
        w.simple_request(w.LOGOFF, c2.session_id, message_id=c2.next_mid()),
        w.tree_connect_request("\\\\127.0.0.1\\IPC$", c2.session_id, c2.next_mid())],
        related=True))
    check("related LOGOFF + TREE_CONNECT -> SUCCESS, USER_SESSION_DELETED",
          got == [0, w.STATUS_USER_SESSION_DELETED], got)
    c2.close()

    c2 = login(args)
    t2 = ipc(c2)
    got = send_chain(c2, w.compound([
        w.simple_request(w.TREE_DISCONNECT, c2.session_id, t2, message_id=c2.next_mid()),
        w.simple_request(w.TREE_DISCONNECT, c2.session_id, t2, message_id=c2.next_mid())],
        related=True))
    check("related TREE_DISCONNECT + TREE_DISCONNECT -> SUCCESS, NETWORK_NAME_DELETED",
          got == [0, w.STATUS_NETWORK_NAME_DELETED], got)
    c2.close()

    c2 = login(args)
    t2 = ipc(c2)
    got = send_chain(c2, w.compound([
        w.simple_request(w.LOGOFF, c2.session_id, message_id=c2.next_mid()),
        w.simple_request(w.TREE_DISCONNECT, c2.session_id, t2, message_id=c2.next_mid())],
        related=True))
    check("related LOGOFF + TREE_DISCONNECT -> SUCCESS, USER_SESSION_DELETED",
          got == [0, w.STATUS_USER_SESSION_DELETED], got)
    c2.close()

    got = send_chain(c, w.compound([
        w.tree_connect_request("\\\\127.0.0.1\\IPC$", sid, c.next_mid()),
        w.tree_connect_request("\\\\127.0.0.1\\IPC$", sid + 0x1000, c.next_mid()),
        w.simple_request(w.TREE_DISCONNECT, sid, tid, c.next_mid()),
        w.simple_request(w.ECHO, sid, message_id=c.next_mid())]))
    check("unrelated chain with a bad SessionId in the middle -> others answered",
          got == [0, w.STATUS_USER_SESSION_DELETED, 0, 0], got)

    c2 = login(args)
    t2 = ipc(c2)
    first = w.simple_request(w.TREE_DISCONNECT, c2.session_id, t2,
                             message_id=c2.next_mid(), hdr_flags=w.FLAGS_RELATED)
    got = send_chain(c2, w.compound([first, w.simple_request(
        w.TREE_DISCONNECT, c2.session_id, t2, message_id=c2.next_mid())], related=True))
    # 3.3.5.2.7.2: the server SHOULD fail the chain; processing the first as
    # unrelated (its own ids) is the other sane answer.
    check("RELATED flag on the first command -> error, or processed as unrelated",
          got == DISCONNECT or got == [0, w.STATUS_NETWORK_NAME_DELETED] or
          (isinstance(got, list) and got[0] == w.STATUS_INVALID_PARAMETER), got)
    c2.close()

    # 3.3.5.2.7.2: after a command that ended without a session, a related
    # command has none to inherit.
    c2 = login(args)
    got = send_chain(c2, w.compound([
        w.simple_request(w.ECHO, c2.session_id, message_id=c2.next_mid()),
        w.simple_request(w.TREE_DISCONNECT, c2.session_id + 0x1000, 1,
                         message_id=c2.next_mid()),
        w.simple_request(w.TREE_DISCONNECT, c2.session_id, 1, message_id=c2.next_mid(),
                         hdr_flags=w.FLAGS_RELATED)]))
    check("related command after one with no session -> INVALID_PARAMETER",
          got == [0, w.STATUS_USER_SESSION_DELETED, w.STATUS_INVALID_PARAMETER], got)
    c2.close()

    # An unknown command inside a chain fails alone (as Windows and Samba);
    # as the first command it ends the connection (3.3.5.2.6).
    c2 = login(args)
    bogus = bytearray(w.simple_request(w.ECHO, c2.session_id, message_id=0))
    got = send_chain(c2, w.compound([
        w.simple_request(w.ECHO, c2.session_id, message_id=c2.next_mid()),
        bytes(bogus[:12]) + struct.pack("<H", 0xFF) + bytes(bogus[14:24]) +
        struct.pack("<Q", c2.next_mid()) + bytes(bogus[32:])]))
    check("unknown command after the first of a chain -> ECHO answered, INVALID_PARAMETER",
          got == [0, w.STATUS_INVALID_PARAMETER], got)
    got = send_chain(c2, w.compound(
        [w.simple_request(w.ECHO, c2.session_id, message_id=c2.next_mid())]))
    check("... and the connection goes on", got == [0], got)
    c2.close()

    # 3.3.4.1.3: the last of compounded responses is padded to 8 bytes too
    # (an ECHO response is 68 bytes: 72 in a chain, 68 alone).
    c2 = login(args)
    c2.sock.settimeout(10)
    c2.send(w.compound([w.simple_request(w.ECHO, c2.session_id, message_id=c2.next_mid())
                        for _ in range(2)]))
    rsp = c2.recv()
    check("compounded responses: the last one padded to 8 bytes",
          rsp is not None and len(rsp) == 144, None if rsp is None else len(rsp))
    c2.send(w.simple_request(w.ECHO, c2.session_id, message_id=c2.next_mid()))
    rsp = c2.recv()
    check("a single response is not padded", rsp is not None and len(rsp) == 68,
          None if rsp is None else len(rsp))
    c2.close()

    got = send_chain(c, w.compound(ids(1)))
    check("... the first connection still answers", got == [0], got)
    c.close()


# --- Another connection's session (MS-SMB2 3.3.5.2.9) ---

@case
def foreign_session(args):
    a = login(args)
    b = login(args)
    tid_a = ipc(a)
    st, _ = b.tree_connect("IPC$", a.session_id)
    expect("TREE_CONNECT with another connection's SessionId -> USER_SESSION_DELETED",
           st, [w.STATUS_USER_SESSION_DELETED])
    rsp = b.call(w.simple_request(w.TREE_DISCONNECT, a.session_id, tid_a, b.next_mid()))
    expect("TREE_DISCONNECT with another connection's session and tree -> "
           "USER_SESSION_DELETED", outcome(rsp), [w.STATUS_USER_SESSION_DELETED])
    rsp = b.call(w.simple_request(w.LOGOFF, a.session_id, message_id=b.next_mid()))
    expect("LOGOFF of another connection's session -> USER_SESSION_DELETED",
           outcome(rsp), [w.STATUS_USER_SESSION_DELETED])
    c = negotiated(args)
    rsp = c.call(w.session_setup_request(b"\x60\x00", a.session_id, c.next_mid()))
    expect("SESSION_SETUP (no binding) with another connection's SessionId -> "
           "USER_SESSION_DELETED", outcome(rsp), [w.STATUS_USER_SESSION_DELETED])
    c.close()
    st, _ = a.tree_connect("IPC$")
    check("... the owner's session is untouched", st == 0, fmt(st))
    a.close()
    b.close()


# --- Signatures (MS-SMB2 3.3.5.2.4; 2.1: HMAC-SHA256 with the session key) ---

def sign21(key, msg):
    m = bytearray(msg)
    struct.pack_into("<I", m, 16, struct.unpack_from("<I", m, 16)[0] | w.FLAGS_SIGNED)
    m[48:64] = b"\0" * 16
    m[48:64] = hmac.new(key, bytes(m), hashlib.sha256).digest()[:16]
    return bytes(m)


@case
def signatures(args):
    c = login(args)
    key = c.session_key
    tcon = w.tree_connect_request("\\\\127.0.0.1\\IPC$", c.session_id, 0)
    rsp = c.call(sign21(key, tcon[:24] + struct.pack("<Q", c.next_mid()) + tcon[32:]))
    ok = rsp is not None and w.status_of(rsp) == 0
    check("signed TREE_CONNECT (HMAC-SHA256) accepted", ok, fmt(outcome(rsp)))
    if ok:
        got = bytes(rsp[48:64])
        want = sign21(key, rsp)[48:64]
        check("... and its response is signed correctly",
              struct.unpack_from("<I", rsp, 16)[0] & w.FLAGS_SIGNED and got == want,
              "got %s want %s" % (got.hex(), want.hex()))
    bad = bytearray(sign21(key, tcon[:24] + struct.pack("<Q", c.next_mid()) + tcon[32:]))
    bad[50] ^= 1
    rsp = c.call(bytes(bad))
    expect("TREE_CONNECT with a wrong signature -> ACCESS_DENIED", outcome(rsp),
           [w.STATUS_ACCESS_DENIED, DISCONNECT])
    flipped = bytearray(sign21(key, tcon[:24] + struct.pack("<Q", c.next_mid()) + tcon[32:]))
    flipped[-2] ^= 0x20
    rsp = c.call(bytes(flipped))
    expect("TREE_CONNECT with a body byte changed after signing -> ACCESS_DENIED",
           outcome(rsp), [w.STATUS_ACCESS_DENIED, DISCONNECT])
    c.close()
    c = negotiated(args)
    rsp = c.call(sign21(b"k" * 16, w.simple_request(w.ECHO, 0x4242, message_id=1)))
    expect("signed request for an unknown session -> USER_SESSION_DELETED",
           outcome(rsp), [w.STATUS_USER_SESSION_DELETED])
    c.close()


# --- Header-only messages and framing ---

# Commands not implemented yet answer NOT_SUPPORTED before their body is looked at.
UNIMPLEMENTED_OK = {w.FLUSH, w.LOCK, w.QUERY_DIRECTORY, w.CHANGE_NOTIFY,
                    w.QUERY_INFO, w.SET_INFO, w.OPLOCK_BREAK}
NAMES = {1: "SESSION_SETUP", 2: "LOGOFF", 3: "TREE_CONNECT", 4: "TREE_DISCONNECT",
         5: "CREATE", 6: "CLOSE", 7: "FLUSH", 8: "READ", 9: "WRITE", 10: "LOCK",
         11: "IOCTL", 13: "ECHO", 14: "QUERY_DIRECTORY", 15: "CHANGE_NOTIFY",
         16: "QUERY_INFO", 17: "SET_INFO", 18: "OPLOCK_BREAK"}


@case
def header_only(args):
    c = negotiated(args)
    rsp = c.call(w.smb2_header(w.NEGOTIATE, 0))
    expect("64-byte NEGOTIATE (after negotiate) -> disconnect", outcome(rsp), [DISCONNECT])
    c.close()
    c = w.Client(port=args.port)
    rsp = c.call(w.smb2_header(w.NEGOTIATE, 0))
    expect("64-byte NEGOTIATE (first message) -> INVALID_PARAMETER or disconnect",
           outcome(rsp), [w.STATUS_INVALID_PARAMETER, DISCONNECT])
    c.close()
    for cmd, name in sorted(NAMES.items()):
        c = login(args)
        tid = ipc(c)
        rsp = c.call(w.smb2_header(cmd, c.next_mid(), credits=1,
                                   session_id=c.session_id, tree_id=tid))
        allowed = [w.STATUS_INVALID_PARAMETER, DISCONNECT]
        label = "INVALID_PARAMETER or disconnect"
        if cmd in UNIMPLEMENTED_OK:
            allowed.append(w.STATUS_NOT_SUPPORTED)
            label += " (NOT_SUPPORTED while unimplemented)"
        expect("64-byte %s -> %s" % (name, label), outcome(rsp), allowed)
        c.close()


@case
def framing(args):
    c = w.Client(port=args.port)
    c.send_raw(struct.pack(">I", 128 * 1024 + 1) + w.negotiate_request([0x210]))
    try:
        got = c.recv()
        got = outcome(got)
    except socket.timeout:
        got = "timeout"
    expect("frame of 128 KiB + 1 before authentication -> disconnect", got, [DISCONNECT])
    c.close()

    c = negotiated(args)
    c.send_raw(struct.pack(">I", 128 * 1024 + 1) + b"\0" * 4096)
    expect("frame of 128 KiB + 1 after NEGOTIATE, no session -> disconnect",
           outcome(c.recv()), [DISCONNECT])
    c.close()

    c = w.Client(port=args.port)
    msg = w.negotiate_request([0x210])
    c.send_raw(struct.pack(">I", len(msg)) + msg[:len(msg) // 2])
    time.sleep(2)
    c.close()
    c = w.Client(port=args.port)
    c.send_raw(struct.pack(">I", len(msg)) + msg[:30])
    time.sleep(2)
    c.sock.shutdown(socket.SHUT_WR)
    got = c.closed()
    check("half a message then EOF -> the server closes too", got)
    c.close()
    st = None
    try:
        c = login(args)
        st = 0
        c.close()
    except Exception as e:  # noqa: BLE001
        st = repr(e)
    check("after a connection stalled mid-PDU a new one logs in", st == 0, st)

    c = negotiated(args)
    c.send_raw(struct.pack(">I", 200) + b"\0" * 10)
    c.sock.settimeout(3)
    try:
        rsp = c.recv()
        got = outcome(rsp)
    except socket.timeout:
        got = "no answer (waiting for the rest)"
    check("partial frame: no answer until it is complete",
          got == "no answer (waiting for the rest)", got)
    c.close()


# --- CreditCharge (MS-SMB2 3.3.5.2.5, 3.1.5.2) ---

def ioctl_request(session_id, tree_id, message_id, max_out, charge, credits=256):
    body = struct.pack("<HHIQQIIIIIIII", 57, 0, 0x0011C017, 2**64 - 1, 2**64 - 1,
                       120, 0, 0, 0, 0, max_out, 1, 0)
    hdr = bytearray(w.smb2_header(11, message_id, credits=credits,
                                  session_id=session_id, tree_id=tree_id))
    struct.pack_into("<H", hdr, 6, charge)
    return bytes(hdr) + body


@case
def credit_charge(args):
    c = login(args)
    tid = ipc(c)
    # 200000 bytes of output need CreditCharge 4; FileId {-1,-1} is closed.
    for charge, want in ((1, w.STATUS_INVALID_PARAMETER), (0, w.STATUS_INVALID_PARAMETER),
                         (4, STATUS_FILE_CLOSED)):
        rsp = c.call(ioctl_request(c.session_id, tid, c.next_mid(), 200000, charge))
        st = w.parse_smb2_header(rsp)["status"] if rsp else DISCONNECT
        check("IOCTL of 200000 bytes with CreditCharge %d -> %s" % (charge, fmt(want)),
              st == want, fmt(st))
        if charge == 4:
            c.mid += 3
    # MessageIds already used, or far outside the window, end the connection.
    rsp = c.call(w.simple_request(w.ECHO, c.session_id, message_id=1))
    check("reused MessageId -> disconnect", rsp is None, rsp and rsp[:16])
    c.close()
    # More requests at once than the server handles in parallel: it stops
    # reading until answers go out, then goes on (back-pressure, no loss).
    c = login(args)
    n = 300
    c.send_raw(b"".join(w.frame(w.simple_request(w.ECHO, c.session_id,
                                                 message_id=c.next_mid()))
                        for _ in range(n)))
    got = [c.recv() for _ in range(n)]
    ok = all(r is not None and w.parse_smb2_header(r)["status"] == 0 for r in got)
    check("%d pipelined ECHOs, all answered" % n, ok,
          sum(1 for r in got if r is not None))
    c.close()
    c = login(args)
    rsp = c.call(w.simple_request(w.ECHO, c.session_id, message_id=c.mid + 100000))
    check("MessageId outside the credit window -> disconnect", rsp is None, rsp and rsp[:16])
    c.close()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=445)
    ap.add_argument("--user", default="test")
    ap.add_argument("--password", default="test")
    args = ap.parse_args()

    for t in (session_setup, tree_connect, compound_chains, foreign_session,
              signatures, credit_charge,
              header_only, framing):
        t(args)
    st = None
    try:
        c = login(args)
        st, _ = c.tree_connect("test")
        c.close()
    except Exception as e:  # noqa: BLE001
        st = repr(e)
    check("after all that: a fresh login and tree connect work", st == 0, st)

    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
