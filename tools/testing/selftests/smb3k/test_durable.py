#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Durable handles (MS-SMB2 3.3.5.9.6/.7/.10/.12, 3.3.7.1, 3.3.6.2) seen
from a client that drops its connections on purpose (impacket, SMB 3.0,
signed), TAP.

  test_durable.py [--port 445] [--share dur] [--user test --password test]
                  [--user2 alice --password2 Password]

Expects a share both users may use. Checks, each against what the spec
says: a DHnQ/DH2Q grant only with a batch oplock, its response context
and DH2Q's timeout rules; reclaim by DHnC and DH2C after the connection
dropped (FileId.Persistent kept, FILE_OPENED, the data written before the
drop there and the handle writable); refusals (handle still attached,
wrong CreateGuid, another user, mixed forms, a handle reclaimed once
already); the scavenger closing a handle whose client stays away; a
conflicting open closing a disconnected handle; and two races: two
connections reclaiming one handle at once (exactly one wins), and reclaims
landing on the scavenger's deadline (each either wins or finds nothing).
"""
import copy
import os
import socket
import struct
import sys
import threading
import time
import uuid

from impacket import smb3, smbconnection
from impacket import smb3structs as s3

import smbwire as w
from smbtap import arguments, case, check, done

SUCCESS = 0
INVALID_PARAMETER = 0xC000000D
SHARING_VIOLATION = 0xC0000043
FILE_CLOSED = 0xC0000128
ACCESS_DENIED = 0xC0000022
NAME_NOT_FOUND = 0xC0000034
BATCH = 0x09
FILE_OPENED = 1
RW = 0x0012019F                   # FILE_GENERIC_READ | FILE_GENERIC_WRITE
SHARE_ALL = 7


def fmt(st):
    return "None" if st is None else "%#010x" % st


ctx = w.create_context
chain = w.create_contexts


def dhnq():
    return ctx(b"DHnQ", b"\0" * 16)


def dhnc(fid):
    return ctx(b"DHnC", fid)


def dh2q(guid, timeout=0, flags=0):
    return ctx(b"DH2Q", struct.pack("<IIQ", timeout, flags, 0) + guid)


def dh2c(fid, guid, flags=0):
    return ctx(b"DH2C", fid + guid + struct.pack("<I", flags))


APP_INSTANCE_ID = bytes.fromhex("45BCA66AEFA7F74A9008FA462E144D74")


def app_instance(app_id):
    """SMB2_CREATE_APP_INSTANCE_ID (2.2.13.2.13): StructureSize 20."""
    return ctx(APP_INSTANCE_ID, struct.pack("<HH", 20, 0) + app_id)


class Client:
    """An impacket session and tree; CREATE built here for its contexts."""

    def __init__(self, args, user=None, password=None):
        self.c = smbconnection.SMBConnection("SMB3KTEST", "127.0.0.1", sess_port=args.port,
                                             preferredDialect=s3.SMB2_DIALECT_30, timeout=20)
        self.c.login(user or args.user, password or args.password)
        self.s = self.c.getSMBServer()
        self.tid = self.c.connectTree(args.share)

    def send_create(self, name, contexts=b"", oplock=BATCH, access=RW, share=SHARE_ALL,
                    disposition=s3.FILE_OPEN_IF):
        p = self.s.SMB_PACKET()
        p["Command"] = s3.SMB2_CREATE
        p["TreeID"] = self.tid
        body = s3.SMB2Create()
        body["SecurityFlags"] = 0
        body["RequestedOplockLevel"] = oplock
        body["ImpersonationLevel"] = s3.SMB2_IL_IMPERSONATION
        body["DesiredAccess"] = access
        body["FileAttributes"] = 0
        body["ShareAccess"] = share
        body["CreateDisposition"] = disposition
        body["CreateOptions"] = 0
        n = name.encode("utf-16-le")
        body["NameLength"] = len(n)
        buf = n or b"\0"
        if contexts:
            off = 64 + s3.SMB2Create.SIZE + len(buf)
            buf += b"\0" * (-off % 8)
            body["CreateContextsOffset"] = 64 + s3.SMB2Create.SIZE + len(buf)
            body["CreateContextsLength"] = len(contexts)
            buf += contexts
        else:
            body["CreateContextsOffset"] = 0
            body["CreateContextsLength"] = 0
        body["Buffer"] = buf
        p["Data"] = body
        return self.s.sendSMB(p)

    def recv_create(self, mid):
        ans = self.s.recvSMB(mid)
        st = ans["Status"]
        r = {"status": st}
        if st != SUCCESS:
            return r
        d = ans["Data"]
        (r["oplock"], _, r["action"]) = struct.unpack_from("<BBI", d, 2)
        r["eof"] = struct.unpack_from("<Q", d, 48)[0]
        r["fid"] = d[64:80]
        r["persistent"], r["volatile"] = struct.unpack_from("<QQ", d, 64)
        # impacket's read, write and close look the handle up in its tables.
        key = "raw-%d" % next(NAMES)
        entry = copy.deepcopy(smb3.OPEN)
        entry.update(FileID=r["fid"], FileName=key, TreeConnect=self.tid)
        self.s._Session["OpenTable"][r["fid"]] = entry
        self.s.GlobalFileTable[key] = copy.deepcopy(smb3.FILE)
        coff, clen = struct.unpack_from("<II", d, 80)
        r["ctx"] = {}
        raw = ans.getData()
        off = coff
        while clen and off + 16 <= len(raw):
            nxt, noff, nlen, _, doff, dlen = struct.unpack_from("<IHHHHI", raw, off)
            r["ctx"][raw[off + noff:off + noff + nlen]] = raw[off + doff:off + doff + dlen]
            if not nxt:
                break
            off += nxt
        return r

    def create(self, name, contexts=b"", **kw):
        return self.recv_create(self.send_create(name, contexts, **kw))

    def write(self, fid, data, offset=0):
        return self.s.write(self.tid, fid, data, offset, len(data))

    def read(self, fid, n, offset=0):
        return self.s.read(self.tid, fid, offset, n)

    def lock(self, fid, offset, length, flags, sequence=0):
        """One-element LOCK (2.2.26) with LockSequence; returns the NT status."""
        p = self.s.SMB_PACKET()
        p["Command"] = s3.SMB2_LOCK
        p["TreeID"] = self.tid
        p["Data"] = struct.pack("<HHI", 48, 1, sequence) + fid + \
            struct.pack("<QQII", offset, length, flags, 0)
        return self.s.recvSMB(self.s.sendSMB(p))["Status"]

    def resiliency(self, fid, blob):
        """FSCTL_LMR_REQUEST_RESILIENCY; returns the NT status."""
        try:
            self.s.ioctl(self.tid, fid, 0x001401D4, s3.SMB2_0_IOCTL_IS_FSCTL, blob, 0, 0)
            return SUCCESS
        except Exception as e:  # noqa: BLE001 - impacket's SessionError
            code = getattr(e, "get_error_code", None)
            return code() if code else repr(e)

    def close_file(self, fid):
        try:
            self.s.close(self.tid, fid)
            return SUCCESS
        except Exception as e:  # noqa: BLE001 - impacket's SessionError
            code = getattr(e, "get_error_code", None)
            return code() if code else repr(e)

    def drop(self):
        """Lose the connection: no LOGOFF, no CLOSE (MS-SMB2 3.3.7.1)."""
        sock = self.s._NetBIOSSession.get_socket()
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        sock.close()

    def logoff(self):
        try:
            self.c.logoff()
        except Exception:  # noqa: BLE001
            pass
        try:
            self.c.close()
        except Exception:  # noqa: BLE001
            pass


NAMES = iter(range(1, 1 << 30))


def fname(stem):
    return "dur-%d-%s-%d.bin" % (os.getpid(), stem, next(NAMES))


def durable_open(args, stem, v2=False, timeout=0, data=b""):
    """A client with a durable batch open of a new file; returns (client, name, rsp, guid)."""
    c = Client(args)
    name = fname(stem)
    guid = uuid.uuid4().bytes
    r = c.create(name, chain([dh2q(guid, timeout)] if v2 else [dhnq()]))
    if r["status"] == SUCCESS and data:
        c.write(r["fid"], data)
    return c, name, r, guid


@case
def v1_grant_and_reclaim(args):
    c, name, r, _ = durable_open(args, "v1", data=b"before the drop")
    check("DHnQ with a batch oplock -> SUCCESS, batch", r["status"] == SUCCESS and
          r.get("oplock") == BATCH, r)
    check("... with a DHnQ response (8 zero bytes)", r.get("ctx", {}).get(b"DHnQ") == b"\0" * 8,
          r.get("ctx"))
    c.drop()
    c2 = Client(args)
    r2 = c2.create(name, chain([dhnc(r["fid"])]), oplock=0, access=0, share=0)
    check("DHnC after the drop -> SUCCESS", r2["status"] == SUCCESS, fmt(r2["status"]))
    if r2["status"] != SUCCESS:
        return
    check("... FileId.Persistent kept", r2["persistent"] == r["persistent"],
          (hex(r["persistent"]), hex(r2["persistent"])))
    check("... FILE_OPENED, batch kept, no durable context",
          r2["action"] == FILE_OPENED and r2["oplock"] == BATCH and not r2["ctx"], r2)
    check("... the size written before the drop", r2["eof"] == 15, r2["eof"])
    check("... the data there", c2.read(r2["fid"], 15) == b"before the drop")
    check("... and writable", c2.write(r2["fid"], b"after", 15) == 5)
    check("... CLOSE -> SUCCESS", c2.close_file(r2["fid"]) == SUCCESS)
    r3 = c2.create(name, chain([dhnc(r["fid"])]), oplock=0)
    check("a reclaim of the closed handle -> OBJECT_NAME_NOT_FOUND",
          r3["status"] == NAME_NOT_FOUND, fmt(r3["status"]))
    c2.logoff()


@case
def refusals(args):
    c, name, r, guid = durable_open(args, "attached", v2=True)
    other = Client(args)
    r2 = other.create(name, chain([dh2c(r["fid"], guid)]), oplock=0)
    check("DH2C of a handle still in use -> OBJECT_NAME_NOT_FOUND",
          r2["status"] == NAME_NOT_FOUND, fmt(r2["status"]))
    c.drop()
    r2 = other.create(name, chain([dh2c(r["fid"], uuid.uuid4().bytes)]), oplock=0)
    check("DH2C with another CreateGuid -> OBJECT_NAME_NOT_FOUND",
          r2["status"] == NAME_NOT_FOUND, fmt(r2["status"]))
    for what, cs in (("DHnQ + DH2Q", [dhnq(), dh2q(guid)]),
                     ("DH2Q + DH2C", [dh2q(guid), dh2c(r["fid"], guid)]),
                     ("DHnC + DH2C", [dhnc(r["fid"]), dh2c(r["fid"], guid)])):
        r2 = other.create(name, chain(cs), oplock=0)
        check("%s -> INVALID_PARAMETER" % what, r2["status"] == INVALID_PARAMETER,
              fmt(r2["status"]))
    alice = Client(args, args.user2, args.password2)
    r2 = alice.create(name, chain([dh2c(r["fid"], guid)]), oplock=0)
    check("DH2C by another user -> ACCESS_DENIED", r2["status"] == ACCESS_DENIED,
          fmt(r2["status"]))
    alice.logoff()
    r2 = other.create(name, chain([dh2c(r["fid"], guid)]), oplock=0)
    check("... the owner still reclaims it afterwards", r2["status"] == SUCCESS,
          fmt(r2["status"]))
    if r2["status"] == SUCCESS:
        other.close_file(r2["fid"])
    other.logoff()

    # No batch oplock: DHnQ is ignored, and nothing outlives the drop.
    c = Client(args)
    name = fname("nobatch")
    r = c.create(name, chain([dhnq()]), oplock=0)
    check("DHnQ without an oplock -> no DHnQ response",
          r["status"] == SUCCESS and b"DHnQ" not in r["ctx"], r)
    c.drop()
    c2 = Client(args)
    r2 = c2.create(name, chain([dhnc(r["fid"])]), oplock=0)
    check("... and no reclaim after the drop", r2["status"] == NAME_NOT_FOUND,
          fmt(r2["status"]))
    c2.logoff()


@case
def v2_timeouts(args):
    for asked, want in ((0, 60000), (5000, 5000), (10 ** 9, 300000)):
        c, name, r, guid = durable_open(args, "timeout", v2=True, timeout=asked)
        got = r.get("ctx", {}).get(b"DH2Q")
        check("DH2Q Timeout %d -> %d, Flags 0" % (asked, want),
              got is not None and struct.unpack("<II", got) == (want, 0), got)
        c.close_file(r["fid"])
        c.logoff()
    c, name, r, guid = durable_open(args, "persist", v2=True)
    c.close_file(r["fid"])
    r = c.create(name, chain([dh2q(uuid.uuid4().bytes, 0, 2)]))
    got = r.get("ctx", {}).get(b"DH2Q")
    check("DH2Q asking persistent on a share without CA -> durable, Flags 0",
          got is not None and struct.unpack("<II", got)[1] == 0, got)
    c.close_file(r["fid"])
    c.logoff()


@case
def scavenger_and_breaks(args):
    c, name, r, guid = durable_open(args, "scavenged", v2=True, timeout=1000)
    c.drop()
    time.sleep(3)
    c2 = Client(args)
    r2 = c2.create(name, chain([dh2c(r["fid"], guid)]), oplock=0)
    check("DH2C after its 1 s timeout -> OBJECT_NAME_NOT_FOUND",
          r2["status"] == NAME_NOT_FOUND, fmt(r2["status"]))
    r2 = c2.create(name, share=0, oplock=0)
    check("... the scavenger closed it: an exclusive open succeeds",
          r2["status"] == SUCCESS, fmt(r2["status"]))
    if r2["status"] == SUCCESS:
        c2.close_file(r2["fid"])

    c, name, r, guid = durable_open(args, "broken", v2=True, timeout=300000)
    c.drop()
    time.sleep(0.5)
    t0 = time.time()
    r2 = c2.create(name, share=0, oplock=0)
    check("a conflicting open of a disconnected handle's file -> SUCCESS at once",
          r2["status"] == SUCCESS and time.time() - t0 < 5, (fmt(r2["status"]), time.time() - t0))
    if r2["status"] == SUCCESS:
        c2.close_file(r2["fid"])
    r2 = c2.create(name, chain([dh2c(r["fid"], guid)]), oplock=0)
    check("... the break closed it: DH2C -> OBJECT_NAME_NOT_FOUND",
          r2["status"] == NAME_NOT_FOUND, fmt(r2["status"]))
    c2.logoff()


@case
def reclaim_races(args):
    rounds, wins, bad = 20, 0, []
    for _ in range(rounds):
        c, name, r, guid = durable_open(args, "race", v2=True)
        c.drop()
        a, b = Client(args), Client(args)
        ma = a.send_create(name, chain([dh2c(r["fid"], guid)]), oplock=0)
        mb = b.send_create(name, chain([dh2c(r["fid"], guid)]), oplock=0)
        ra, rb = a.recv_create(ma), b.recv_create(mb)
        sts = sorted([ra["status"], rb["status"]])
        if sts == [SUCCESS, NAME_NOT_FOUND]:
            wins += 1
        else:
            bad.append([fmt(s) for s in sts])
        for cl, rr in ((a, ra), (b, rb)):
            if rr["status"] == SUCCESS:
                cl.close_file(rr["fid"])
            cl.logoff()
    check("two connections reclaim one handle at once: exactly one wins (%d rounds)" % rounds,
          wins == rounds, bad[:5])

    # Reclaims landing on the scavenger's deadline: each wins or finds nothing.
    n, timeout_ms, handles = 24, 3000, []
    clients = [Client(args) for _ in range(n)]
    owner = Client(args)
    for i in range(n):
        name = fname("deadline")
        guid = uuid.uuid4().bytes
        rr = owner.create(name, chain([dh2q(guid, timeout_ms)]))
        if rr["status"] == SUCCESS:
            handles.append((name, rr["fid"], guid))
    owner.drop()
    t0 = time.time()
    results = []

    def reclaim(i, h, cl):
        # Spread over 70% .. 130% of the timeout.
        time.sleep(max(0.0, t0 + timeout_ms / 1000.0 * (0.7 + 0.6 * i / n) - time.time()))
        try:
            rr = cl.create(h[0], chain([dh2c(h[1], h[2])]), oplock=0)
            ok = rr["status"] == SUCCESS and cl.write(rr["fid"], b"x") == 1
            results.append((rr["status"], ok))
            if rr["status"] == SUCCESS:
                cl.close_file(rr["fid"])
        except Exception as e:  # noqa: BLE001
            results.append((repr(e), False))

    ts = [threading.Thread(target=reclaim, args=(i, h, clients[i]))
          for i, h in enumerate(handles)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    for cl in clients:
        cl.logoff()
    won = sum(1 for st, ok in results if st == SUCCESS and ok)
    lost = sum(1 for st, _ in results if st == NAME_NOT_FOUND)
    check("%d reclaims spread around a %d ms deadline: each wins (and writes) or finds "
          "nothing (%d won, %d too late)" % (len(handles), timeout_ms, won, lost),
          len(handles) == n and won + lost == n, results)


@case
def resilient(args):
    """MS-SMB2 3.3.5.15.9: a resilient handle needs no oplock to survive."""
    c = Client(args)
    name = fname("resilient")
    r = c.create(name, oplock=0)
    check("resiliency with 4 bytes of input -> INVALID_PARAMETER",
          c.resiliency(r["fid"], b"\0" * 4) == INVALID_PARAMETER)
    check("resiliency for 301 s (over the 300 s cap) -> INVALID_PARAMETER",
          c.resiliency(r["fid"], struct.pack("<II", 301000, 0)) == INVALID_PARAMETER)
    check("resiliency for 5 s -> SUCCESS",
          c.resiliency(r["fid"], struct.pack("<II", 5000, 0)) == SUCCESS)
    c.write(r["fid"], b"resilient")
    c.drop()
    c2 = Client(args)
    r2 = c2.create(name, chain([dhnc(r["fid"])]), oplock=0)
    check("the handle without an oplock survives a drop: DHnC -> SUCCESS, FILE_OPENED",
          r2["status"] == SUCCESS and r2.get("action") == FILE_OPENED, fmt(r2["status"]))
    if r2["status"] == SUCCESS:
        check("... the data there", c2.read(r2["fid"], 9) == b"resilient")
        c2.close_file(r2["fid"])
    r = c2.create(fname("resilient-0"), oplock=0)
    c2.resiliency(r["fid"], struct.pack("<II", 1000, 0))
    c2.drop()
    time.sleep(3)
    c3 = Client(args)
    r3 = c3.create("x", chain([dhnc(r["fid"])]), oplock=0)
    check("a 1 s resilient handle is gone after 3 s: DHnC -> OBJECT_NAME_NOT_FOUND",
          r3["status"] == NAME_NOT_FOUND, fmt(r3["status"]))
    c3.logoff()


EXCL_NOW = 0x02 | 0x10                 # SMB2_LOCKFLAG_EXCLUSIVE_LOCK | FAIL_IMMEDIATELY
UNLOCK = 0x04
LOCK_NOT_GRANTED = 0xC0000055


def seq(index, number):
    return (index << 4) | number


@case
def lock_sequences(args):
    """MS-SMB2 3.3.5.14: a replayed LOCK of a durable open is not done twice."""
    c, name, r, _ = durable_open(args, "lockseq", v2=True)
    fid = r["fid"]
    check("durable open: lock [0,10) with sequence (index 1, number 1) -> SUCCESS",
          c.lock(fid, 0, 10, EXCL_NOW, seq(1, 1)) == SUCCESS)
    check("... the same LOCK replayed -> SUCCESS, not done again",
          c.lock(fid, 0, 10, EXCL_NOW, seq(1, 1)) == SUCCESS)
    st = c.lock(fid, 0, 10, EXCL_NOW, seq(1, 2))
    check("... number 2 on index 1 is new: done, and conflicts -> LOCK_NOT_GRANTED",
          st == LOCK_NOT_GRANTED, fmt(st))
    st = c.lock(fid, 0, 10, EXCL_NOW, seq(1, 1))
    check("... number 1 again after that: its entry was reset, done -> LOCK_NOT_GRANTED",
          st == LOCK_NOT_GRANTED, fmt(st))
    check("... unlock with index 2 -> SUCCESS", c.lock(fid, 0, 10, UNLOCK, seq(2, 5)) == SUCCESS)
    check("... that unlock replayed -> SUCCESS (a second unlock would be RANGE_NOT_LOCKED)",
          c.lock(fid, 0, 10, UNLOCK, seq(2, 5)) == SUCCESS)
    st = c.lock(fid, 0, 10, UNLOCK, seq(0, 5))
    check("... index 0 is never tracked: the unlock is done -> RANGE_NOT_LOCKED",
          st == 0xC000007E, fmt(st))
    c.lock(fid, 0, 10, EXCL_NOW, seq(3, 1))
    c.drop()
    c2 = Client(args)
    r2 = c2.create(name, chain([dhnc(fid)]), oplock=0)
    if r2["status"] == SUCCESS:
        check("after a reclaim, the lock taken with (index 3, number 1) replayed -> SUCCESS",
              c2.lock(r2["fid"], 0, 10, EXCL_NOW, seq(3, 1)) == SUCCESS)
        c2.close_file(r2["fid"])
    else:
        check("reclaim for the lock sequence check", False, fmt(r2["status"]))
    c2.logoff()

    c = Client(args)
    r = c.create(fname("lockseq-plain"), oplock=0)
    c.lock(r["fid"], 0, 10, EXCL_NOW, seq(1, 1))
    st = c.lock(r["fid"], 0, 10, EXCL_NOW, seq(1, 1))
    check("an open neither durable nor resilient: the same LOCK is done again -> "
          "LOCK_NOT_GRANTED", st == LOCK_NOT_GRANTED, fmt(st))
    c.close_file(r["fid"])
    c.logoff()


@case
def app_instance_takeover(args):
    """MS-SMB2 3.3.5.9.13: how a cluster moves a VM's files to another node."""
    app = uuid.uuid4().bytes
    a, b = Client(args), Client(args)
    # Without caching (no break to wait for): who may not take it over.
    name = fname("app-nocache")
    r = a.create(name, chain([app_instance(app)]), share=0, oplock=0)
    check("node A: AppInstanceId, exclusive, no oplock -> SUCCESS", r["status"] == SUCCESS,
          fmt(r["status"]))
    same = a.create(name, chain([app_instance(app)]), share=0, oplock=0)
    check("the same AppInstanceId from the same client -> SHARING_VIOLATION (kept)",
          same["status"] == SHARING_VIOLATION, fmt(same["status"]))
    other = b.create(name, chain([app_instance(uuid.uuid4().bytes)]), share=0, oplock=0)
    check("another AppInstanceId from another client -> SHARING_VIOLATION",
          other["status"] == SHARING_VIOLATION, fmt(other["status"]))
    if r["status"] == SUCCESS:
        a.close_file(r["fid"])

    name = fname("app")
    ra = a.create(name, chain([dh2q(uuid.uuid4().bytes), app_instance(app)]), share=0)
    check("node A: DH2Q + AppInstanceId, exclusive -> SUCCESS, durable",
          ra["status"] == SUCCESS and b"DH2Q" in ra["ctx"], ra)
    t0 = time.time()
    rb = b.create(name, chain([dh2q(uuid.uuid4().bytes), app_instance(app)]), share=0)
    took = time.time() - t0
    check("node B: the same AppInstanceId from another client -> SUCCESS, batch, "
          "at once (%.1f s)" % took,
          rb["status"] == SUCCESS and rb.get("oplock") == BATCH and took < 5, rb)
    check("... no break for node A: its open was closed, CLOSE -> FILE_CLOSED",
          a.close_file(ra["fid"]) == FILE_CLOSED)
    if rb["status"] == SUCCESS:
        check("... node B writes", b.write(rb["fid"], b"vm") == 2)
        b.close_file(rb["fid"])
    a.logoff()
    b.logoff()

    # A disconnected durable handle of the application is taken over too.
    a = Client(args)
    name = fname("app-away")
    guid = uuid.uuid4().bytes
    ra = a.create(name, chain([dh2q(guid), app_instance(app)]), share=0)
    a.drop()
    b = Client(args)
    rb = b.create(name, chain([dh2q(uuid.uuid4().bytes), app_instance(app)]), share=0)
    check("node A away: node B takes the file over -> SUCCESS", rb["status"] == SUCCESS,
          fmt(rb["status"]))
    r = b.create(name, chain([dh2c(ra["fid"], guid)]), oplock=0)
    check("... node A's handle is gone: DH2C -> OBJECT_NAME_NOT_FOUND",
          r["status"] == NAME_NOT_FOUND, fmt(r["status"]))
    if rb["status"] == SUCCESS:
        b.close_file(rb["fid"])
    b.logoff()


REPLAY = 0x20000000               # SMB2_FLAGS_REPLAY_OPERATION
DUPLICATE_OBJECTID = 0xC000022A
FILE_CREATED = 2


def replayed_create(c, name, contexts, **kw):
    """A CREATE with SMB2_FLAGS_REPLAY_OPERATION (signed with the flag)."""
    sign = c.s.signSMB

    def sign_replay(packet):
        packet["Flags"] |= REPLAY
        sign(packet)
    c.s.signSMB = sign_replay
    try:
        mid = c.send_create(name, contexts, **kw)
    finally:
        del c.s.signSMB
    return c.recv_create(mid)


@case
def create_replay(args):
    c = Client(args)
    name = fname("replay")
    guid = uuid.uuid4().bytes
    r = c.create(name, chain([dh2q(guid, 60000)]))
    check("DH2Q with a batch oplock -> SUCCESS, durable", r["status"] == SUCCESS and
          b"DH2Q" in r["ctx"], r)
    r2 = c.create(name, chain([dh2q(guid, 60000)]))
    check("the same CreateGuid again, not a replay -> DUPLICATE_OBJECTID",
          r2["status"] == DUPLICATE_OBJECTID, fmt(r2["status"]))
    r3 = replayed_create(c, name, chain([dh2q(guid, 60000)]))
    check("... replayed (SMB2_FLAGS_REPLAY_OPERATION) -> SUCCESS, the same FileId",
          r3["status"] == SUCCESS and r3.get("fid") == r["fid"], (fmt(r3["status"]), r3))
    check("... FILE_CREATED as first answered, batch, DH2Q",
          r3.get("action") == FILE_CREATED and r3.get("oplock") == BATCH and
          b"DH2Q" in r3.get("ctx", {}), r3)
    r4 = replayed_create(c, name, chain([dh2q(guid, 60000)]), oplock=0)
    check("a replay asking no oplock -> the same FileId, no oplock, no DH2Q",
          r4["status"] == SUCCESS and r4.get("fid") == r["fid"] and r4.get("oplock") == 0 and
          b"DH2Q" not in r4.get("ctx", {}), r4)
    check("the handle writes (a request that uses it: no longer replayable)",
          c.write(r["fid"], b"used") == 4)
    # FILE_CREATE: a CREATE that is not answered from the open fails at once
    # (the file exists) instead of breaking the open's batch oplock.
    r5 = replayed_create(c, name, chain([dh2q(guid, 60000)]), oplock=0,
                         disposition=s3.FILE_CREATE)
    check("a replay after the open was used is a new CREATE -> OBJECT_NAME_COLLISION",
          r5["status"] == 0xC0000035, fmt(r5["status"]))
    c.close_file(r["fid"])
    c.logoff()


def main():
    ap = arguments()
    ap.add_argument("--user2", default="alice")
    ap.add_argument("--password2", default="Password")
    ap.add_argument("--leave-disconnected", type=int, default=0, metavar="N",
                    help="only open N durable handles and drop their connection")
    args = ap.parse_args()
    if args.leave_disconnected:
        c = Client(args)
        for _ in range(args.leave_disconnected):
            r = c.create(fname("left"), chain([dh2q(uuid.uuid4().bytes, 300000)]))
            if b"DH2Q" not in r.get("ctx", {}):
                print("no durable handle granted: %r" % r)
                return 1
        c.drop()
        return 0
    for t in (create_replay, v1_grant_and_reclaim, refusals, v2_timeouts, scavenger_and_breaks,
              resilient, lock_sequences, app_instance_takeover, reclaim_races):
        t(args)
    return done()


if __name__ == "__main__":
    sys.exit(main())
