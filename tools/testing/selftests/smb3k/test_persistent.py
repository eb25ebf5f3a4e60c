#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Persistent handles (MS-SMB2 3.3.5.9.10, 3.3.5.9.12) on a share with
continuous availability, from impacket (SMB 3.0, signed), TAP.

  test_persistent.py --share ca --plain-share dur --ctl "smb3kctl -c CONF"
                     [--restart-daemon SCRIPT]
  test_persistent.py --share ca --prepare STATE     (before a module reload)
  test_persistent.py --share ca --reclaim STATE     (after it)
  test_persistent.py --share ca --store-fails NTSTATUS

Live checks: the capability and share flag, DH2Q's persistent grant
whatever the oplock, the record smb3kd keeps (smb3kctl opens) from CREATE
to CLOSE and its updates (locks), reclaim after a dropped connection with
the checks of 3.3.5.9.12, the file kept for the absent client
(STATUS_FILE_NOT_AVAILABLE), and smb3kd killed with -9 and restarted
(live handles keep working; new persistent opens fail cleanly while it is
away and work once it is back). --prepare opens handles (batch, lease,
none with a lock), writes known data and records them in STATE; --reclaim
(after the module was reloaded and smb3kd restarted) reclaims each with
DH2C and checks it field by field, then writes on and reads it all back.
"""
import json
import os
import shlex
import struct
import subprocess
import sys
import time
import uuid

from impacket import smb3
from impacket import smb3structs as s3

import test_durable as td
from smbtap import arguments, case, check, done

SUCCESS = 0
NAME_NOT_FOUND = 0xC0000034
FILE_NOT_AVAILABLE = 0xC0000467
INSUFFICIENT_RESOURCES = 0xC000009A
INVALID_PARAMETER = 0xC000000D
CAP_PERSISTENT = 0x10
SHARE_CAP_CA = 0x10
PERSISTENT = 2
BATCH = 0x09
LEASE = 0xFF
RWH = 7
FILE_OPENED = 1

fmt = td.fmt
chain = td.chain


class PersistentNegotiate(s3.SMB2Negotiate):
    """impacket's NEGOTIATE asking for persistent handles too (2.2.3)."""
    client_guid = None

    def __setitem__(self, key, value):
        if key == "Capabilities":
            value |= CAP_PERSISTENT
        if key == "ClientGuid" and PersistentNegotiate.client_guid:
            value = PersistentNegotiate.client_guid
        super().__setitem__(key, value)


class Client(td.Client):
    """A client that asks for persistent handles, with a chosen ClientGuid."""

    def __init__(self, args, client_guid=None, share=None, persistent=True):
        saved = smb3.SMB2Negotiate
        PersistentNegotiate.client_guid = client_guid
        if persistent:
            smb3.SMB2Negotiate = PersistentNegotiate
        try:
            a = args
            if share:
                a = type("A", (), dict(vars(args), share=share))()
            super().__init__(a)
        finally:
            smb3.SMB2Negotiate = saved
            PersistentNegotiate.client_guid = None

    def server_caps(self):
        return self.s._Connection["ServerCapabilities"]

    def share_caps(self):
        """SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY as impacket recorded it."""
        return SHARE_CAP_CA if self.s._Session["TreeConnectTable"][self.tid]["IsCAShare"] else 0


def lease(key, state=RWH):
    """SMB2_CREATE_REQUEST_LEASE (v1, 2.2.13.2.8)."""
    return td.ctx(b"RqLs", key + struct.pack("<IIQ", state, 0, 0))


def records(args):
    """smb3kctl opens --json: the store's records by persistent id."""
    out = subprocess.run(shlex.split(args.ctl) + ["opens", "--json"], capture_output=True,
                         text=True, timeout=30)
    if out.returncode:
        raise RuntimeError("smb3kctl opens: %s" % out.stderr.strip())
    data = json.loads(out.stdout or "[]")
    if isinstance(data, dict):
        data = data.get("opens", [])
    return {int(str(r["persistent_id"]), 0): r for r in data}


def persistent_open(c, name, oplock=0, contexts=(), timeout=0):
    guid = uuid.uuid4().bytes
    r = c.create(name, chain([td.dh2q(guid, timeout, PERSISTENT)] + list(contexts)),
                 oplock=oplock)
    return r, guid


def granted_persistent(r):
    got = r.get("ctx", {}).get(b"DH2Q")
    return got is not None and struct.unpack("<II", got)[1] == PERSISTENT


@case
def capabilities(args):
    c = Client(args)
    check("NEGOTIATE asking persistent handles -> SMB2_GLOBAL_CAP_PERSISTENT_HANDLES",
          c.server_caps() & CAP_PERSISTENT, hex(c.server_caps()))
    check("TREE_CONNECT to the CA share -> SMB2_SHARE_CAP_CONTINUOUS_AVAILABILITY",
          c.share_caps() & SHARE_CAP_CA, hex(c.share_caps()))
    c.logoff()
    c = Client(args, share=args.plain_share)
    check("... not on a share without it", not c.share_caps() & SHARE_CAP_CA,
          hex(c.share_caps()))
    c.logoff()
    c = Client(args, persistent=False)
    check("a client not asking gets no persistent capability",
          not c.server_caps() & CAP_PERSISTENT, hex(c.server_caps()))
    r, _ = persistent_open(c, td.fname("nocap"))
    check("... and DH2Q's persistent flag gets no persistent handle",
          r["status"] == SUCCESS and not granted_persistent(r), r)
    c.close_file(r["fid"])
    c.logoff()


@case
def grant_record_close(args):
    c = Client(args)
    for oplock in (0, 0x01, 0x08, BATCH):
        name = td.fname("grant")
        r, guid = persistent_open(c, name, oplock=oplock, timeout=5000)
        check("DH2Q persistent, oplock %#x -> SUCCESS, Flags PERSISTENT, Timeout 5000"
              % oplock, r["status"] == SUCCESS and granted_persistent(r) and
              struct.unpack("<I", r["ctx"][b"DH2Q"][:4])[0] == 5000, r)
        if r["status"] != SUCCESS:
            continue
        check("... the oplock asked for", r["oplock"] == oplock, r["oplock"])
        rec = records(args).get(r["persistent"])
        check("... its record is in the store", rec is not None, sorted(records(args)))
        if rec:
            check("... with its path, share, owner and CreateGuid",
                  rec.get("path") == name and rec.get("share", "").lower() == args.share and
                  rec.get("owner") == args.user and
                  uuid.UUID(rec.get("create_guid")).bytes_le == guid, rec)
        check("CLOSE -> SUCCESS", c.close_file(r["fid"]) == SUCCESS)
        check("... and the record is gone", r["persistent"] not in records(args))
    name = td.fname("lease")
    r, _ = persistent_open(c, name, oplock=LEASE, contexts=[lease(os.urandom(16))])
    check("DH2Q persistent with a lease RWH -> persistent, lease RWH",
          r["status"] == SUCCESS and granted_persistent(r) and
          struct.unpack("<I", r["ctx"].get(b"RqLs", b"\0" * 20)[16:20])[0] == RWH, r)
    rec = records(args).get(r.get("persistent"))
    check("... the record keeps the lease", rec is not None and
          (rec.get("lease") or {}).get("state_bits") == RWH, rec)
    c.close_file(r["fid"])
    c.logoff()


@case
def locks_update_record(args):
    c = Client(args)
    r, _ = persistent_open(c, td.fname("lock"))
    st = c.lock(r["fid"], 100, 10, 2 | 0x10)     # exclusive, fail immediately
    check("LOCK on a persistent open -> SUCCESS", st == SUCCESS, fmt(st))
    rec = records(args).get(r["persistent"], {})
    locks = rec.get("locks", [])
    check("... the record lists the lock", len(locks) == 1 and
          int(locks[0].get("offset", -1)) == 100 and int(locks[0].get("length", -1)) == 10,
          rec)
    st = c.lock(r["fid"], 100, 10, 4)            # unlock
    rec = records(args).get(r["persistent"], {})
    check("UNLOCK -> SUCCESS, and the record has no lock", st == SUCCESS and
          not rec.get("locks"), rec)
    c.close_file(r["fid"])
    c.logoff()


def recv_break(c):
    """The next OPLOCK_BREAK notification on @c's connection (MessageId all ones).

    impacket moves its MessageId counter by CreditCharge - 1 for every packet
    it returns, and a notification's CreditCharge is 0 (as Windows and Samba
    send it): put the counter back, or its next request reuses an id and the
    server rightly ends the connection (MS-SMB2 3.3.5.2.3).
    """
    brk = c.s.recvSMB(0xFFFFFFFFFFFFFFFF)
    c.s._Connection["SequenceWindow"] += 1 - brk["CreditCharge"]
    return brk


@case
def lease_ack_updates_record(args):
    a = Client(args)
    b = Client(args)
    name = td.fname("leaseack")
    key = os.urandom(16)
    r, _ = persistent_open(a, name, oplock=LEASE, contexts=[lease(key)])
    check("persistent open with a lease RWH", r["status"] == SUCCESS and granted_persistent(r),
          r)
    if r["status"] != SUCCESS:
        return
    mid = b.send_create(name, oplock=0)
    brk = recv_break(a)
    data = brk["Data"]
    new_state = struct.unpack_from("<I", data, 28)[0] if len(data) >= 32 else None
    check("another client's open breaks it to RH", brk["Command"] == 18 and new_state == 3,
          (brk["Command"], new_state))
    p = a.s.SMB_PACKET()
    p["Command"] = 18
    p["TreeID"] = a.tid
    p["Data"] = struct.pack("<HHI", 36, 0, 0) + key + struct.pack("<IQ", 3, 0)
    st = a.s.recvSMB(a.s.sendSMB(p))["Status"]
    check("the acknowledgment -> SUCCESS", st == SUCCESS, fmt(st))
    rb = b.recv_create(mid)
    check("... and the other open goes through", rb["status"] == SUCCESS, fmt(rb["status"]))
    rec = records(args).get(r["persistent"], {})
    check("the record has the lease's new state RH",
          (rec.get("lease") or {}).get("state_bits") == 3, rec.get("lease"))
    if rb["status"] == SUCCESS:
        b.close_file(rb["fid"])
    a.close_file(r["fid"])
    a.logoff()
    b.logoff()


@case
def reclaim_after_drop(args):
    guid_c = uuid.uuid4().bytes
    c = Client(args, client_guid=guid_c)
    name = td.fname("drop")
    r, guid = persistent_open(c, name, timeout=60000)
    c.write(r["fid"], b"persistent data")
    c.drop()
    time.sleep(0.5)
    c2 = Client(args, client_guid=guid_c)
    r2 = c2.create(name, share=7, oplock=0)
    check("another open of the file while its client is away -> FILE_NOT_AVAILABLE",
          r2["status"] == FILE_NOT_AVAILABLE, fmt(r2["status"]))
    r2 = c2.create(name, chain([td.dh2c(r["fid"], guid, 0)]), oplock=0)
    check("DH2C without the persistent flag -> OBJECT_NAME_NOT_FOUND",
          r2["status"] == NAME_NOT_FOUND, fmt(r2["status"]))
    r2 = c2.create(name, chain([td.dh2c(r["fid"], guid, PERSISTENT)]), oplock=0)
    check("DH2C with it -> SUCCESS, FileId.Persistent kept, FILE_OPENED",
          r2["status"] == SUCCESS and r2["persistent"] == r["persistent"] and
          r2["action"] == FILE_OPENED, r2)
    if r2["status"] == SUCCESS:
        check("... the data written before the drop",
              c2.read(r2["fid"], 15) == b"persistent data")
        check("... still in the store", r["persistent"] in records(args))
        c2.close_file(r2["fid"])
    c2.logoff()

    # A durable (not persistent) handle claiming to be persistent.
    c = Client(args)
    name = td.fname("notpersistent")
    guid = uuid.uuid4().bytes
    r = c.create(name, chain([td.dh2q(guid, 60000, 0)]), oplock=BATCH)
    c.drop()
    c2 = Client(args)
    r2 = c2.create(name, chain([td.dh2c(r["fid"], guid, PERSISTENT)]), oplock=0)
    check("DH2C with the persistent flag for a durable handle -> INVALID_PARAMETER",
          r2["status"] == INVALID_PARAMETER, fmt(r2["status"]))
    r2 = c2.create(name, chain([td.dh2c(r["fid"], guid, 0)]), oplock=0)
    if r2["status"] == SUCCESS:
        c2.close_file(r2["fid"])
    c2.logoff()


@case
def daemon_killed(args):
    if not args.restart_daemon:
        return
    c = Client(args)
    name = td.fname("daemon")
    r, _ = persistent_open(c, name)
    check("a persistent open before smb3kd goes", r["status"] == SUCCESS and
          granted_persistent(r), r)
    gone, _ = persistent_open(c, td.fname("closed-away"))
    check("... and another one", gone["status"] == SUCCESS and granted_persistent(gone), gone)
    out = subprocess.run([args.restart_daemon, "kill"], capture_output=True, text=True,
                         timeout=60)
    check("smb3kd killed with SIGKILL", out.returncode == 0, out.stdout + out.stderr)
    check("... the live handle still writes", c.write(r["fid"], b"x" * 4096) == 4096)
    check("... the other one closes (its record cannot be removed now)",
          c.close_file(gone["fid"]) == SUCCESS)
    name2 = td.fname("nodaemon")
    r2, _ = persistent_open(c, name2, oplock=0, contexts=())
    check("a new persistent open while smb3kd is away -> INSUFFICIENT_RESOURCES",
          r2["status"] == INSUFFICIENT_RESOURCES, fmt(r2["status"]))
    r3 = c.create(name2, oplock=0, disposition=s3.FILE_OPEN)
    check("... and it left no file behind", r3["status"] == NAME_NOT_FOUND,
          fmt(r3["status"]))
    out = subprocess.run([args.restart_daemon, "start"], capture_output=True, text=True,
                         timeout=60)
    check("smb3kd started again", out.returncode == 0, out.stdout + out.stderr)
    check("... the live handle still writes", c.write(r["fid"], b"y" * 4096, 4096) == 4096)
    recs = records(args)
    check("... its record is still there", r["persistent"] in recs)
    check("... the record of the handle closed meanwhile is gone (the restore found it stale)",
          gone["persistent"] not in recs, sorted(recs))
    r2, _ = persistent_open(c, name2)
    check("... a new persistent open works again", r2["status"] == SUCCESS and
          granted_persistent(r2), r2)
    for x in (r, r2):
        if x["status"] == SUCCESS:
            c.close_file(x["fid"])
    recs = records(args)
    check("... and both records go with their CLOSE",
          r["persistent"] not in recs and r2.get("persistent") not in recs, sorted(recs))
    c.logoff()


DATA = b"".join(struct.pack("<I", i) for i in range(4096))    # 16 KiB, each word its index


def prepare(args):
    guid_c = uuid.uuid4().bytes
    c = Client(args, client_guid=guid_c)
    state = {"client_guid": guid_c.hex(), "handles": []}
    for kind in ("batch", "lease", "none"):
        name = td.fname("reload-" + kind)
        key = os.urandom(16)
        if kind == "lease":
            r, guid = persistent_open(c, name, oplock=LEASE, contexts=[lease(key)],
                                      timeout=120000)
        else:
            r, guid = persistent_open(c, name, oplock=BATCH if kind == "batch" else 0,
                                      timeout=120000)
        check("%s: persistent open" % kind, r["status"] == SUCCESS and granted_persistent(r),
              r)
        if r["status"] != SUCCESS:
            continue
        check("%s: 16 KiB written" % kind, c.write(r["fid"], DATA) == len(DATA))
        if kind == "none":
            check("%s: a lock on bytes 0-99" % kind,
                  c.lock(r["fid"], 0, 100, 2 | 0x10) == SUCCESS)
        state["handles"].append({"kind": kind, "name": name, "fid": r["fid"].hex(),
                                 "persistent": r["persistent"], "guid": guid.hex(),
                                 "key": key.hex(), "oplock": r["oplock"]})
    check("3 records in the store", all(h["persistent"] in records(args)
                                        for h in state["handles"]))
    with open(args.prepare, "w") as f:
        json.dump(state, f)
    # Leave the connection as it is: the module goes under it.
    os._exit(0 if done() == 0 else 1)


def reclaim(args):
    with open(args.reclaim) as f:
        state = json.load(f)
    check("the prepared handles are in the store after the reload",
          all(h["persistent"] in records(args) for h in state["handles"]),
          sorted(records(args)))
    c = Client(args, client_guid=bytes.fromhex(state["client_guid"]))
    for h in state["handles"]:
        kind, fid, guid = h["kind"], bytes.fromhex(h["fid"]), bytes.fromhex(h["guid"])
        other = c.create(h["name"], share=7, oplock=0)
        check("%s: another open before the reclaim -> FILE_NOT_AVAILABLE" % kind,
              other["status"] == FILE_NOT_AVAILABLE, fmt(other["status"]))
        cs = [td.dh2c(fid, guid, PERSISTENT)]
        if kind == "lease":
            cs.append(lease(bytes.fromhex(h["key"])))
        r = c.create(h["name"], chain(cs), oplock=LEASE if kind == "lease" else 0)
        check("%s: DH2C after the reload -> SUCCESS" % kind, r["status"] == SUCCESS,
              fmt(r["status"]))
        if r["status"] != SUCCESS:
            continue
        check("%s: FileId.Persistent %d kept" % (kind, h["persistent"]),
              r["persistent"] == h["persistent"], r["persistent"])
        check("%s: FILE_OPENED, no durable context in the answer" % kind,
              r["action"] == FILE_OPENED and b"DH2Q" not in r["ctx"], r)
        check("%s: the caching it had (%#x)" % (kind, h["oplock"]),
              r["oplock"] == h["oplock"], r["oplock"])
        if kind == "lease":
            got = r["ctx"].get(b"RqLs", b"")
            check("lease: key and state RWH kept", got[:16] == bytes.fromhex(h["key"]) and
                  struct.unpack_from("<I", got, 16)[0] == RWH, got.hex())
        check("%s: size 16 KiB" % kind, r["eof"] == len(DATA), r["eof"])
        check("%s: the data written before the reload" % kind,
              c.read(r["fid"], len(DATA)) == DATA)
        if kind == "none":
            st = c.lock(r["fid"], 0, 100, 2 | 0x10)
            check("none: its lock survived (locking it again -> LOCK_NOT_GRANTED)",
                  st == 0xC0000055, fmt(st))
        check("%s: writing on after the reload" % kind,
              c.write(r["fid"], DATA, len(DATA)) == len(DATA))
        check("%s: all 32 KiB read back in order" % kind,
              c.read(r["fid"], 2 * len(DATA)) == DATA + DATA)
        check("%s: CLOSE -> SUCCESS" % kind, c.close_file(r["fid"]) == SUCCESS)
    recs = records(args)
    check("no record left", not any(h["persistent"] in recs for h in state["handles"]),
          sorted(recs))
    c.logoff()
    return done()


def store_fails(args, want):
    """A persistent CREATE while the store cannot take writes."""
    c = Client(args)
    name = td.fname("storefail")
    r, _ = persistent_open(c, name)
    check("persistent CREATE -> %#010x" % want, r["status"] == want, fmt(r["status"]))
    if r["status"] == SUCCESS:
        c.close_file(r["fid"])
    r = c.create(name, oplock=0, disposition=s3.FILE_OPEN)
    check("... and the file it would have made is not there", r["status"] == NAME_NOT_FOUND,
          fmt(r["status"]))
    r = c.create(td.fname("plain"), oplock=0)
    check("... an open that is not persistent still works", r["status"] == SUCCESS,
          fmt(r["status"]))
    if r["status"] == SUCCESS:
        c.close_file(r["fid"])
    c.logoff()
    return done()


def main():
    ap = arguments(__doc__)
    ap.add_argument("--plain-share", default="dur")
    ap.add_argument("--user2", default="alice")
    ap.add_argument("--password2", default="Password")
    ap.add_argument("--ctl", default="smb3kctl")
    ap.add_argument("--restart-daemon", default="")
    ap.add_argument("--prepare", default="")
    ap.add_argument("--reclaim", default="")
    ap.add_argument("--store-fails", default="", metavar="NTSTATUS")
    args = ap.parse_args()
    if args.store_fails:
        return store_fails(args, int(args.store_fails, 0))
    if args.prepare:
        return prepare(args)
    if args.reclaim:
        return reclaim(args)
    for t in (capabilities, grant_record_close, locks_update_record, lease_ack_updates_record,
              reclaim_after_drop, daemon_killed):
        t(args)
    return done()


if __name__ == "__main__":
    sys.exit(main())
