#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Hostile SMB2 file commands from a raw-socket client (TAP).

  test_malformed_files.py [--port 445] [--user test --password test]
                          [--share test]

Logs in for real (NTLMSSP from impacket, dialect 2.1, unsigned; SMB2 built
by smbwire.py) and sends CREATE, READ, WRITE, QUERY_INFO, SET_INFO,
QUERY_DIRECTORY, LOCK, IOCTL and CHANGE_NOTIFY requests whose names,
offsets, lengths, counts, create contexts, EA lists, security descriptors
and lock arrays lie. Each answer is checked against MS-SMB2 3.3.5.x,
MS-FSA 2.1.5.x, MS-FSCC and MS-DTYP (where they allow several answers, any
of them), and the connection must answer an ECHO afterwards: a status, never
a disconnect, as Windows does (MS-SMB2 <265>). Files the requests aim at
must keep their data, size, EAs and security descriptor, and at the end a
plain create / write / read / close round trip must return the right data.
Works in a directory of its own on share "test" (and IPC$ for one case),
removed at the end.
"""
import os
import socket
import struct
import sys

import smbwire as w
from smbtap import arguments

results = []
DISCONNECT, TIMEOUT = "disconnect", "timeout"
SUCCESS = w.STATUS_SUCCESS

NAMES = {v: k[len("STATUS_"):] for k, v in vars(w).items()
         if k.startswith("STATUS_") and isinstance(v, int)}

INVAL = [w.STATUS_INVALID_PARAMETER]
# A malformed security descriptor: what MS-DTYP validation answers (Windows
# says INVALID_SECURITY_DESCR, INVALID_ACL or INVALID_SID) or a codec's
# INVALID_PARAMETER (MS-SMB2 3.3.5.2.6).
SD_BAD = [w.STATUS_INVALID_SECURITY_DESCR, w.STATUS_INVALID_ACL, w.STATUS_INVALID_SID,
          w.STATUS_INVALID_PARAMETER]
# A broken EA list in a CREATE: IoCheckEaBufferValidity's answer, or
# INVALID_PARAMETER (MS-SMB2 does not name one for "ExtA").
EA_BAD = [w.STATUS_EA_LIST_INCONSISTENT, w.STATUS_INVALID_PARAMETER]
LENGTH = [w.STATUS_INFO_LENGTH_MISMATCH]

VICTIM = bytes(range(256)) * 16     # 4 KiB every WRITE case aims at


def check(name, cond, detail=""):
    results.append(bool(cond))
    print(("ok %d - %s" if cond else "not ok %d - %s") % (len(results), name), flush=True)
    if not cond and detail:
        print("# " + str(detail).replace("\n", "\n# "), flush=True)


def fmt(o):
    if isinstance(o, int):
        return NAMES.get(o, "%#010x" % o)
    return str(o)


def outcome(rsp):
    """A response's status, DISCONNECT or TIMEOUT."""
    if rsp is None:
        return DISCONNECT
    if rsp == TIMEOUT:
        return TIMEOUT
    return w.status_of(rsp)


def charge_for(n):
    """CreditCharge for n bytes (MS-SMB2 3.1.5.2)."""
    return max(1, (n - 1) // 65536 + 1)


class Conn(w.Client):
    """A logged-in connection with a tree connect that counts its credits
    and takes answers by MessageId (interim responses skipped)."""

    def __init__(self, args, share=None):
        super().__init__(port=args.port, timeout=30)
        self.credits = 1
        neg = self.negotiate()
        self.max_read, self.max_write = neg["max_read"], neg["max_write"]
        self.max_trans = neg["max_transact"]
        st = self.login(args.user, args.password)
        if st:
            raise ConnectionError("login failed: %s" % fmt(st))
        st, self.tid = self.tree_connect(share or args.share)
        if st:
            raise ConnectionError("tree connect failed: %s" % fmt(st))

    def send(self, msg):
        self.credits -= max(1, struct.unpack_from("<H", msg, 6)[0])
        super().send(msg)

    def recv(self):
        msg = super().recv()
        if msg is not None and msg[:4] == w.SMB2_MAGIC:
            self.credits += struct.unpack_from("<H", msg, 14)[0]
        return msg

    def send_cancel(self, mid=0, async_id=None):
        w.Conn.send(self, w.cancel_request(self.session_id, mid, async_id))

    def top_up(self, need):
        for _ in range(64):
            if self.credits > need:
                return
            mid = self.next_mid()
            self.send(w.request(w.ECHO, struct.pack("<HH", 4, 0), self.session_id,
                                message_id=mid, credit_charge=0))
            if self.wait(mid) in (None, TIMEOUT):
                raise ConnectionError("no answer while asking for credits")
        raise ConnectionError("the server grants no more than %d credits" % self.credits)

    def send_req(self, command, body, charge=1, tid=None, session_id=None):
        self.top_up(max(1, charge))
        mid = self.mid + 1
        self.mid += max(1, charge)
        self.send(w.request(command, body, _or(session_id, self.session_id),
                            _or(tid, self.tid), mid, charge))
        return mid

    def wait(self, mid, timeout=30, interim=False):
        """The answer to @mid: a message, None (disconnect) or TIMEOUT."""
        self.sock.settimeout(timeout)
        while True:
            try:
                msg = self.recv()
            except socket.timeout:
                return TIMEOUT
            except OSError:
                return None
            if msg is None:
                return None
            if msg[:4] != w.SMB2_MAGIC:
                continue
            h = w.parse_smb2_header(msg)
            if h["message_id"] != mid:
                continue        # an oplock break, a late answer to a cancel
            if h["status"] == w.STATUS_PENDING and h["flags"] & w.FLAGS_ASYNC and not interim:
                continue
            return msg

    def req(self, command, body, charge=1, tid=None, timeout=30, session_id=None):
        try:
            mid = self.send_req(command, body, charge, tid, session_id)
        except OSError:
            return None
        return self.wait(mid, timeout)

    def alive(self):
        try:
            rsp = self.req(w.ECHO, struct.pack("<HH", 4, 0), timeout=15)
        except (OSError, ConnectionError):
            return False
        return rsp not in (None, TIMEOUT) and w.status_of(rsp) == 0

    # Plain operations, for set-up and the checks after each case.
    def create(self, name, access=w.GENERIC_ALL, disposition=w.FILE_OPEN_IF, options=0,
               tid=None, **kw):
        rsp = self.req(w.CREATE, w.create_body(name, desired_access=access,
                                               disposition=disposition,
                                               options=options, **kw), tid=tid)
        st = outcome(rsp)
        return st, (w.create_fileid(rsp) if st == SUCCESS else None)

    def close_file(self, fid, tid=None):
        return outcome(self.req(w.CLOSE, w.close_body(fid), tid=tid))

    def write(self, fid, data, offset=0):
        return outcome(self.req(w.WRITE, w.write_body(fid, data, offset),
                                charge_for(len(data))))

    def read(self, fid, length, offset=0):
        rsp = self.req(w.READ, w.read_body(fid, length, offset), charge_for(length))
        st = outcome(rsp)
        return st, (w.response_buffer(rsp) if st == SUCCESS else b"")

    def query(self, fid, info_type, cls, out_len=65536, additional=0, data=b""):
        rsp = self.req(w.QUERY_INFO, w.query_info_body(fid, info_type, cls, out_len, data,
                                                       additional))
        st = outcome(rsp)
        return st, (w.response_buffer(rsp) if st in (SUCCESS, w.STATUS_BUFFER_OVERFLOW)
                    else b"")

    def set_info(self, fid, info_type, cls, data, additional=0):
        return outcome(self.req(w.SET_INFO, w.set_info_body(fid, info_type, cls, data,
                                                            additional)))

    def delete(self, fid):
        self.set_info(fid, w.INFO_FILE, w.FileDispositionInformation, b"\1")
        return self.close_file(fid)


def _or(value, default):
    return default if value is None else value


class Env:
    """The connection and the opens the cases aim at, reopened after a
    disconnect. base: the test directory; victim: 4 KiB no case may change;
    scratch: a file SET_INFO and the writes that may succeed use; watch: an
    empty directory for CHANGE_NOTIFY."""

    def __init__(self, args):
        self.args = args
        self.base = "malf_files_%d" % os.getpid()
        # Not held open: Samba refuses renames in a directory with an open handle.
        self.files = self.base + "\\files"
        self.c = None
        self.seq = 0
        self.connect(first=True)

    def name(self, stem):
        self.seq += 1
        return "%s\\%s%d" % (self.base, stem, self.seq)

    def connect(self, first=False):
        if self.c:
            try:
                self.c.close()
            except OSError:
                pass
        self.c = Conn(self.args)
        c = self.c
        disp = w.FILE_CREATE if first else w.FILE_OPEN
        st, self.dir = c.create(self.base, disposition=disp, options=w.FILE_DIRECTORY_FILE)
        assert st == SUCCESS, "open %s: %s" % (self.base, fmt(st))
        st, self.watch = c.create(self.base + "\\watch", disposition=w.FILE_OPEN_IF,
                                  options=w.FILE_DIRECTORY_FILE)
        assert st == SUCCESS, "open watch: %s" % fmt(st)
        st, self.victim = c.create(self.base + "\\victim.bin", options=w.FILE_NON_DIRECTORY_FILE)
        assert st == SUCCESS, "open victim: %s" % fmt(st)
        if first:
            st, fid = c.create(self.files, disposition=w.FILE_CREATE,
                               options=w.FILE_DIRECTORY_FILE)
            assert st == SUCCESS, "create %s: %s" % (self.files, fmt(st))
            c.close_file(fid)
        st, self.scratch = c.create(self.files + "\\scratch.bin",
                                    options=w.FILE_NON_DIRECTORY_FILE)
        assert st == SUCCESS, "open scratch: %s" % fmt(st)
        if first:
            st = c.write(self.victim, VICTIM)
            assert st == SUCCESS, "write victim: %s" % fmt(st)
            st = c.write(self.scratch, b"s" * 512)
            assert st == SUCCESS, "write scratch: %s" % fmt(st)

    def h(self, fid):
        """A FileId, or the name of one of the opens above."""
        return getattr(self, fid) if isinstance(fid, str) else fid

    def run(self, name, command, body, allowed, charge=1, tid=None, cleanup=False,
            verify=None):
        """Send one request; its status must be in @allowed and the
        connection must answer an ECHO after it. A CREATE that succeeds
        (@cleanup) is deleted again. @verify(rsp) may add a condition."""
        rsp = self.c.req(command, body, charge, tid)
        got = outcome(rsp)
        detail = "got %s, want %s" % (fmt(got), " or ".join(fmt(a) for a in allowed))
        ok = got in allowed
        if ok and verify and got not in (DISCONNECT, TIMEOUT):
            why = verify(rsp)
            if why:
                ok, detail = False, why
        alive = got not in (DISCONNECT, TIMEOUT) and self.c.alive()
        if not alive and got not in (DISCONNECT, TIMEOUT):
            detail += "; the connection no longer answers an ECHO"
        if cleanup and got == SUCCESS:
            self.c.delete(w.create_fileid(rsp))
        check("%s -> %s" % (name, "|".join(fmt(a) for a in allowed)), ok and alive, detail)
        if not alive:
            self.connect()
        return rsp

    def intact(self, label):
        """The victim still holds its 4 KiB."""
        try:
            st, data = self.c.read(self.victim, len(VICTIM) + 100)
        except (OSError, ConnectionError) as e:
            st, data = repr(e), b""
        ok = st == SUCCESS and data == VICTIM
        check("%s: the victim file keeps its data and size" % label, ok,
              "read: %s, %d bytes%s" % (fmt(st), len(data),
                                        "" if data == VICTIM[:len(data)] else ", changed"))
        if not ok and st == SUCCESS:
            # Put it back, so that the next check sees only its own cases.
            self.c.set_info(self.victim, w.INFO_FILE, w.FileEndOfFileInformation,
                            struct.pack("<Q", len(VICTIM)))
            self.c.write(self.victim, VICTIM)


# --- CREATE (MS-SMB2 3.3.5.9, MS-FSCC 2.1.5, MS-FSA 2.1.5.1) ---

def create_names(e):
    good = (e.base + "\\cname.txt").encode("utf-16-le")
    fixed_end = w.HDR_SIZE + 56

    def cr(label, allowed, disposition=w.FILE_OPEN_IF, **kw):
        e.run("CREATE " + label, w.CREATE,
              w.create_body(disposition=disposition, options=w.FILE_NON_DIRECTORY_FILE, **kw),
              allowed, cleanup=True)

    # 3.3.5.9: MUST fail with STATUS_INVALID_PARAMETER.
    cr("NameLength past the end of the message", INVAL, raw_name=good, name_len=len(good) + 2)
    cr("NameLength 0xFFFF", INVAL, raw_name=good, name_len=0xFFFF)
    cr("NameOffset past the end of the message", INVAL, raw_name=good,
       name_offset=fixed_end + len(good) + 8)
    cr("NameOffset into the SMB2 header", INVAL, raw_name=good, name_offset=16)
    cr("NameOffset overlapping the fixed part", INVAL, raw_name=good, name_offset=fixed_end - 8)
    cr("odd NameLength", INVAL, raw_name=good + b"x", name_len=len(good) + 1)
    # MS-FSCC 2.1.5.2: no NUL, no control characters, none of " * < > ? |.
    invalid = [w.STATUS_OBJECT_NAME_INVALID]
    cr("name with an embedded NUL", invalid, name=e.base + "\\a\0b.txt")
    cr("name with an embedded NUL at the end", invalid, name=e.base + "\\ab.txt\0")
    cr("name with a control character (0x01)", invalid, name=e.base + "\\a\x01b.txt")
    for ch in '"*<>?|':
        cr("name with a forbidden character %r" % ch, invalid, name=e.base + "\\a%sb.txt" % ch)
    # Unpaired surrogates are not UTF-16 a POSIX name can hold.
    bad16 = invalid + [w.STATUS_ILLEGAL_CHARACTER, w.STATUS_INVALID_PARAMETER]
    pre = (e.base + "\\a").encode("utf-16-le")
    cr("unpaired high surrogate inside the name", bad16, raw_name=pre + b"\x00\xd8b\x00")
    cr("unpaired high surrogate at the end of the name", bad16, raw_name=pre + b"\x00\xd8")
    cr("unpaired low surrogate", bad16, raw_name=pre + b"\x00\xdcb\x00")
    cr("reversed surrogate pair", bad16, raw_name=pre + b"\x00\xdc\x00\xd8")
    # Too long: a component of more than 255 units; a 32 KiB path.
    toolong = invalid + [w.STATUS_NAME_TOO_LONG]
    cr("256-character component", toolong, name=e.base + "\\" + "n" * 256)
    cr("32 KiB component", toolong, name=e.base + "\\" + "n" * 16384)
    cr("32 KiB path of short components", toolong + [w.STATUS_OBJECT_PATH_NOT_FOUND],
       name=e.base + "\\" + "d\\" * 8190 + "f")
    cr("64 KiB name (NameLength 65534)", toolong, name="n" * 32767)
    # ".." may not leave the share (MS-SMB2 3.3.5.9 <303>, MS-FSCC 2.1.5.1).
    escape = [w.STATUS_OBJECT_PATH_SYNTAX_BAD, w.STATUS_INVALID_PARAMETER,
              w.STATUS_OBJECT_NAME_INVALID]
    e.run("CREATE \"..\" (the share's parent)", w.CREATE,
          w.create_body("..", disposition=w.FILE_OPEN, options=w.FILE_DIRECTORY_FILE,
                        desired_access=w.FILE_READ_ATTRIBUTES), escape, cleanup=False)
    cr("\"..\\escape.txt\"", escape, name="..\\malf_escape.txt")
    cr("\"dir\\..\\..\\escape.txt\"", escape,
       name=e.base + "\\..\\..\\malf_escape.txt")
    # A leading separator: Windows and Samba refuse it over SMB2.
    cr("leading '\\'", INVAL, name="\\" + e.base + "\\lead.txt")
    # MS-FSCC 2.1.5.3: stream syntax.
    v = e.base + "\\victim.bin"
    for sfx in (":", ":s:", ":s:$FOO", ":a\\b", ":s:$DATA:x", ":a/b"):
        cr("stream name %r" % ("victim.bin" + sfx), invalid, name=v + sfx)
    check("... after the name cases the directory holds no stray file",
          e.c.create(e.base + "\\cname.txt", disposition=w.FILE_OPEN)[0] ==
          w.STATUS_OBJECT_NAME_NOT_FOUND)


def create_contexts(e):
    mxac = w.create_context(b"MxAc")
    qfid = w.create_context(b"QFid")
    fixed_end = w.HDR_SIZE + 56

    def cr(label, allowed, contexts=b"", **kw):
        name = (e.name("ctx") + ".txt").encode("utf-16-le")
        e.run("CREATE " + label, w.CREATE,
              w.create_body(raw_name=name, options=w.FILE_NON_DIRECTORY_FILE,
                            disposition=w.FILE_CREATE, contexts=contexts, **kw),
              allowed, cleanup=True)

    name_len = len((e.base + "\\ctx0.txt").encode("utf-16-le"))
    ctx_at = fixed_end + name_len + (-(fixed_end + name_len) % 8)
    cr("CreateContextsOffset past the end", INVAL, mxac, ctx_offset=ctx_at + 64)
    cr("CreateContextsLength past the end", INVAL, mxac, ctx_len=len(mxac) + 64)
    cr("CreateContextsLength 0xFFFFFFFF", INVAL, mxac, ctx_len=0xFFFFFFFF)
    cr("CreateContextsOffset into the fixed part", INVAL, mxac, ctx_offset=w.HDR_SIZE + 16)
    cr("CreateContextsLength 8 (less than a context header)", INVAL, mxac, ctx_len=8)

    def chain(first_next):
        two = bytearray(w.create_contexts([mxac, qfid]))
        struct.pack_into("<I", two, 0, first_next & 0xFFFFFFFF)
        return bytes(two)

    def second_next(value):
        """Three contexts; the second's Next is @value(its own offset)."""
        three = bytearray(w.create_contexts([mxac, qfid, mxac]))
        at = struct.unpack_from("<I", three, 0)[0]
        struct.pack_into("<I", three, at, value(at) & 0xFFFFFFFF)
        return bytes(three)

    cr("context Next pointing backwards (the 2nd back to the 1st)", INVAL,
       second_next(lambda at: -at))
    cr("context Next pointing into itself (8)", INVAL, chain(8))
    cr("context Next 0xFFFFFFF8 (backwards past the list)", INVAL, chain(-8))
    cr("context Next past the end", INVAL, chain(4096))
    cr("context Next not 8-aligned (20)", INVAL, chain(20))
    cr("context NameOffset 0 (inside its header)", INVAL,
       w.create_context(b"MxAc", name_offset=0))
    cr("context NameOffset + NameLength past the context", INVAL,
       w.create_context(b"MxAc", name_len=64))
    cr("context NameLength 2 (less than 4)", INVAL, w.create_context(b"Mx", name_len=2))
    cr("context NameLength 0", INVAL, w.create_context(b"MxAc", name_len=0))
    cr("context DataOffset inside the name", INVAL,
       w.create_context(b"AlSi", b"\0" * 8, data_offset=16))
    cr("context DataOffset + DataLength past the context", INVAL,
       w.create_context(b"AlSi", b"\0" * 8, data_len=4096))
    cr("context DataLength 0xFFFFFFFF", INVAL,
       w.create_context(b"AlSi", b"\0" * 8, data_len=0xFFFFFFFF))
    cr("context DataOffset not 8-aligned", INVAL,
       w.create_context(b"AlSi", b"\0" * 12, data_offset=28, data_len=8))
    # Spec silent on repeats: an error or the first one used, not a crash.
    cr("two MxAc contexts", INVAL + [SUCCESS], w.create_contexts([mxac, mxac]))
    # 2.2.13.2.x sizes (3.3.5.9 "Create Context Validation").
    cr("AlSi with 4 bytes of data", INVAL, w.create_context(b"AlSi", b"\0" * 4))
    cr("AlSi with 16 bytes of data", INVAL, w.create_context(b"AlSi", b"\0" * 16))
    cr("MxAc with 4 bytes of data", INVAL, w.create_context(b"MxAc", b"\0" * 4))
    cr("QFid with 8 bytes of data", INVAL, w.create_context(b"QFid", b"\0" * 8))
    cr("TWrp with 4 bytes of data", INVAL, w.create_context(b"TWrp", b"\0" * 4))
    cr("RqLs of 10 bytes with oplock level LEASE", INVAL,
       w.create_context(b"RqLs", b"\0" * 10), oplock=w.OPLOCK_LEVEL_LEASE)


def create_ea(e):

    def ext(lst, label, allowed=EA_BAD, gone=False):
        name = e.name("ea") + ".txt"
        e.run("CREATE ExtA " + label, w.CREATE,
              w.create_body(name, options=w.FILE_NON_DIRECTORY_FILE,
                            disposition=w.FILE_CREATE,
                            contexts=w.create_context(b"ExtA", lst)),
              allowed, cleanup=True)
        if gone:
            st, fid = e.c.create(name, disposition=w.FILE_OPEN)
            if fid:
                e.c.delete(fid)
            check("... and no file was left behind", st == w.STATUS_OBJECT_NAME_NOT_FOUND,
                  fmt(st))

    e1 = w.ea_full_entry(b"MALFEA1", b"v1")
    e2 = w.ea_full_entry(b"MALFEA2", b"v2")
    first = len(e1) + (-len(e1) % 4)
    loop = bytearray(w.ea_list([e1, e2]))
    struct.pack_into("<I", loop, first, (-first) & 0xFFFFFFFF)
    ext(bytes(loop), "NextEntryOffset chain that loops back to the first entry", gone=True)
    ext(w.ea_full_entry(b"MALFEA1", b"v1", next_entry=4) + b"\0" * 16,
        "NextEntryOffset 4 (into its own entry)")
    ext(w.ea_full_entry(b"MALFEA1", b"v1", next_entry=4096), "NextEntryOffset past the end")
    ext(w.ea_full_entry(b"MALFEA1", b"v1", next_entry=0xFFFFFFFC),
        "NextEntryOffset 0xFFFFFFFC")
    ext(w.ea_list([w.ea_full_entry(b"MALFEA1", b"v1", next_entry=first + 1) + b"\0" * 4, e2]),
        "NextEntryOffset not 4-aligned")
    ext(w.ea_full_entry(b"MALFEA1", b"v1", name_len=200), "EaNameLength past the end")
    ext(w.ea_full_entry(b"MALFEA1", b"v1", value_len=0xFFFF), "EaValueLength past the end")
    ext(w.ea_full_entry(b"MALFEA1", b"value", terminate=False),
        "EaName not NUL-terminated")
    ext(w.ea_list([e1, w.ea_full_entry(b"MALFEA2", b"v2", value_len=300)]),
        "second entry's EaValueLength past the end", gone=True)
    ext(b"\0" * 5, "list shorter than an entry header")
    # MS-FSCC 2.4.16: a well-formed list with a name Windows forbids.
    ext(w.ea_full_entry(b"MAL*EA", b"v1"), "EaName with '*'", [w.STATUS_INVALID_EA_NAME])


def sd_cases():
    """(label, descriptor, AdditionalInformation) of malformed descriptors."""
    good_ace = w.ace(w.SID_WORLD)
    good_dacl = w.acl([good_ace])
    owner = w.sid(5, (32, 544))
    big_sid = w.sid(5, tuple(range(16)))
    dacl_info = w.DACL_SECURITY_INFORMATION
    owner_info = w.OWNER_SECURITY_INFORMATION | dacl_info
    sd = w.security_descriptor
    cases = [
        ("OffsetOwner past the end", sd(owner, None, good_dacl, owner_offset=4096), owner_info),
        ("OffsetDacl past the end", sd(None, None, good_dacl, dacl_offset=4096), dacl_info),
        ("OffsetDacl inside the header", sd(None, None, good_dacl, dacl_offset=4), dacl_info),
        ("OffsetDacl 0xFFFFFFF0", sd(None, None, good_dacl, dacl_offset=0xFFFFFFF0), dacl_info),
        ("owner SID with SubAuthorityCount 16", sd(big_sid, None, good_dacl), owner_info),
        ("owner SID with SubAuthorityCount 15 running past the end",
         sd(w.sid(5, (32,), count=15), None, None), w.OWNER_SECURITY_INFORMATION),
        ("ACE SID with SubAuthorityCount 16",
         sd(None, None, w.acl([w.ace(big_sid)])), dacl_info),
        ("ACE SID with SubAuthorityCount 255 past its ACE",
         sd(None, None, w.acl([w.ace(w.sid(1, (0,), count=255))])), dacl_info),
        ("AceCount 10 in an ACL holding one ACE",
         sd(None, None, w.acl([good_ace], count=10)), dacl_info),
        ("AceCount 0xFFFF", sd(None, None, w.acl([good_ace], count=0xFFFF)), dacl_info),
        ("AceSize 0", sd(None, None, w.acl([w.ace(w.SID_WORLD, size=0)])), dacl_info),
        ("AceSize 4 (smaller than its header and SID)",
         sd(None, None, w.acl([w.ace(w.SID_WORLD, size=4)])), dacl_info),
        ("AceSize running past the ACL",
         sd(None, None, w.acl([w.ace(w.SID_WORLD, size=0x400)])), dacl_info),
        ("AclSize 4 (smaller than the ACL header)",
         sd(None, None, w.acl([good_ace], size=4)), dacl_info),
        ("AclSize past the end of the descriptor",
         sd(None, None, w.acl([good_ace], size=0x1000)), dacl_info),
        ("descriptor of 10 bytes", sd(None, None, good_dacl)[:10], dacl_info),
    ]
    return cases


def create_sd(e):
    for label, blob, _ in sd_cases():
        name = e.name("sd") + ".txt"
        e.run("CREATE SecD " + label, w.CREATE,
              w.create_body(name, options=w.FILE_NON_DIRECTORY_FILE,
                            disposition=w.FILE_CREATE,
                            contexts=w.create_context(b"SecD", blob)),
              SD_BAD, cleanup=True)
    st, fid = e.c.create(name, disposition=w.FILE_OPEN)
    if fid:
        e.c.delete(fid)
    check("... and no file was left behind by a refused SecD",
          st == w.STATUS_OBJECT_NAME_NOT_FOUND, fmt(st))


# --- READ and WRITE (MS-SMB2 3.3.5.12, 3.3.5.13; MS-FSA 2.1.5.3, 2.1.5.4) ---

def read_write(e):

    def rd(label, allowed, charge=1, fid=None, verify=None, **kw):
        kw.setdefault("length", 16)
        e.run("READ " + label, w.READ, w.read_body(e.h(fid or "victim"), **kw), allowed,
              charge=charge, verify=verify)

    big = e.c.max_read + 1
    rd("Length MaxReadSize + 1", INVAL + [w.STATUS_BUFFER_OVERFLOW], charge_for(big),
       length=big)
    rd("Length 65537 with CreditCharge 1", INVAL, 1, length=65537)
    rd("Length 65537 with CreditCharge 0", INVAL, 0, length=65537)
    rd("Length 0xFFFFFFFF", INVAL + [w.STATUS_BUFFER_OVERFLOW], 1, length=0xFFFFFFFF)
    # MS-FSA 2.1.5.3: a negative offset, or offset + count past 2^63 - 1.
    rd("Offset 2^63 - 1, Length 16", INVAL + [w.STATUS_END_OF_FILE], offset=2**63 - 1)
    rd("Offset 2^63", INVAL, offset=2**63)
    rd("Offset 2^64 - 8, Length 16 (wraps)", INVAL, offset=2**64 - 8)
    rd("Offset 2^64 - 1", INVAL, offset=2**64 - 1)
    rd("MinimumCount past the end of the file", [w.STATUS_END_OF_FILE],
       length=len(VICTIM), minimum=len(VICTIM) + 1)

    def data_ok(rsp):
        if w.status_of(rsp) == SUCCESS and w.response_buffer(rsp) != VICTIM[:16]:
            return "read succeeded with the wrong data"
        return None

    # 2.1: the channel fields are reserved (ignored) - either way no overread.
    rd("ReadChannelInfoOffset/Length past the end (Channel NONE)", INVAL + [SUCCESS],
       rci_offset=4096, rci_len=512, verify=data_ok)
    rd("ReadChannelInfoOffset into the header (Channel NONE)", INVAL + [SUCCESS],
       rci_offset=8, rci_len=200, verify=data_ok)
    # No rule in MS-FSA; NTFS answers INVALID_DEVICE_REQUEST.
    rd("on a directory", [w.STATUS_INVALID_DEVICE_REQUEST, w.STATUS_INVALID_PARAMETER],
       fid="dir")

    def wr(label, allowed, data=b"ABCD", charge=None, fid=None, verify=None, **kw):
        n = kw.get("length", len(data))
        if charge is None:
            charge = charge_for(min(n, 1 << 30))
        e.run("WRITE " + label, w.WRITE, w.write_body(e.h(fid or "victim"), data, **kw), allowed,
              charge=charge, verify=verify)

    msg_end = w.HDR_SIZE + 48 + 4
    wr("DataOffset past the end", INVAL, data_offset=msg_end + 8)
    wr("DataOffset + Length past the end", INVAL, data_offset=msg_end - 2)
    wr("DataOffset into the SMB2 header", INVAL, data_offset=16)
    wr("DataOffset into the fixed part", INVAL, data_offset=w.HDR_SIZE + 40)
    wr("DataOffset 0x108 (more than 0x100)", INVAL, pad=b"\0" * (0x108 - w.HDR_SIZE - 48))
    wr("Length larger than the bytes sent", INVAL, length=104)
    wr("Length 0xFFFFFFFF with CreditCharge 1", INVAL, length=0xFFFFFFFF, charge=1)
    wr("Length 65537 (bytes sent) with CreditCharge 1", INVAL, data=b"x" * 65537, charge=1)
    wr("on a directory", [w.STATUS_INVALID_DEVICE_REQUEST, w.STATUS_INVALID_PARAMETER,
                          w.STATUS_ACCESS_DENIED], fid="dir")
    e.intact("after the WRITE cases")

    big = e.c.max_write + 1
    wr("Length MaxWriteSize + 1 (all bytes sent)", INVAL, data=b"w" * big,
       charge=charge_for(big), fid="scratch")
    # MS-FSA 2.1.5.4: offset + count past 2^63 - 1 is INVALID_PARAMETER; a
    # file system that hits its own limit first says DISK_FULL.
    wr("Offset 2^63 - 2", INVAL + [w.STATUS_DISK_FULL], fid="scratch", offset=2**63 - 2)
    wr("Offset 2^63", INVAL, fid="scratch", offset=2**63)
    wr("Offset 2^64 - 8 (wraps)", INVAL, data=b"x" * 16, fid="scratch", offset=2**64 - 8)

    def scratch_ok(rsp):
        if w.status_of(rsp) != SUCCESS:
            return None
        st, data = e.c.read(e.scratch, 4)
        return None if st == SUCCESS and data == b"ABCD" else \
            "write succeeded but the data read back is %r (%s)" % (data, fmt(st))

    # Reserved on 2.1; ignored, or refused, but never a wild read.
    wr("WriteChannelInfoOffset/Length past the end (Channel NONE)", INVAL + [SUCCESS],
       fid="scratch", wci_offset=4096, wci_len=512, verify=scratch_ok)
    st, _ = e.c.query(e.scratch, w.INFO_FILE, w.FileStandardInformation)
    check("... the scratch file still answers a query", st == SUCCESS, fmt(st))


# --- QUERY_INFO (MS-SMB2 3.3.5.20, MS-FSA 2.1.5.12, 2.1.5.13) ---

FILE_FIXED = {w.FileBasicInformation: 40, w.FileStandardInformation: 24,
              w.FileInternalInformation: 8, w.FileEaInformation: 4,
              w.FileAccessInformation: 4, w.FilePositionInformation: 8,
              w.FileModeInformation: 4, w.FileAlignmentInformation: 4,
              w.FileNetworkOpenInformation: 56, w.FileAttributeTagInformation: 8}
FS_FIXED = {w.FileFsVolumeInformation: 18, w.FileFsSizeInformation: 24,
            w.FileFsDeviceInformation: 8, w.FileFsAttributeInformation: 12,
            w.FileFsFullSizeInformation: 32, w.FileFsSectorSizeInformation: 28}


def query_info(e):

    def q(label, allowed, info_type, cls, out_len=4096, charge=1, verify=None, fid=None,
          **kw):
        e.run("QUERY_INFO " + label, w.QUERY_INFO,
              w.query_info_body(e.h(fid or "victim"), info_type, cls, out_len, **kw), allowed,
              charge=charge, verify=verify)

    q("file class 200 (undocumented)", [w.STATUS_INVALID_INFO_CLASS], w.INFO_FILE, 200)
    q("file class 0", [w.STATUS_INVALID_INFO_CLASS], w.INFO_FILE, 0)
    q("file-system class 200", [w.STATUS_INVALID_INFO_CLASS], w.INFO_FILESYSTEM, 200)
    # 2.2.37: FileInfoClass MUST be 0 for security; a server may ignore it.
    q("security with FileInfoClass 5", [SUCCESS, w.STATUS_INVALID_INFO_CLASS,
                                        w.STATUS_INVALID_PARAMETER],
      w.INFO_SECURITY, 5, additional=w.DACL_SECURITY_INFORMATION)
    # 3.3.5.20: a quota query without its SMB2_QUERY_QUOTA_INFO, on a file
    # that is not the quota file: any refusal.
    q("quota class 200 without SMB2_QUERY_QUOTA_INFO",
      [w.STATUS_NOT_SUPPORTED, w.STATUS_INVALID_INFO_CLASS, w.STATUS_INVALID_PARAMETER,
       w.STATUS_INVALID_HANDLE, w.STATUS_INVALID_DEVICE_REQUEST],
      w.INFO_QUOTA, 200)
    q("InfoType 0", INVAL, 0, w.FileBasicInformation)
    q("InfoType 5", INVAL, 5, w.FileBasicInformation)
    q("InfoType 0xFF", INVAL, 0xFF, w.FileBasicInformation)
    for cls, size in sorted(FILE_FIXED.items()):
        for n in (0, 1, size - 1):
            q("file class %d with OutputBufferLength %d (needs %d)" % (cls, n, size),
              LENGTH, w.INFO_FILE, cls, n)
    for cls, size in sorted(FS_FIXED.items()):
        for n in (0, 1):
            q("file-system class %d with OutputBufferLength %d (needs %d)" % (cls, n, size),
              LENGTH, w.INFO_FILESYSTEM, cls, n)
    q("FileAllInformation with OutputBufferLength 1", LENGTH, w.INFO_FILE,
      w.FileAllInformation, 1)
    q("FileAllInformation with OutputBufferLength 96 (fixed part is 100)", LENGTH,
      w.INFO_FILE, w.FileAllInformation, 96)
    q("FileStreamInformation with OutputBufferLength 1", LENGTH, w.INFO_FILE,
      w.FileStreamInformation, 1)

    # Room for the fixed part, not for the name: BUFFER_OVERFLOW with what
    # fits (3.3.5.20.1, .2), never more than OutputBufferLength.
    def at_most(n):
        def verify(rsp):
            got = len(w.response_buffer(rsp))
            return None if got <= n else "%d bytes returned for %d" % (got, n)
        return verify

    partial = [w.STATUS_BUFFER_OVERFLOW]
    for info_type, cls, n, allowed in (
            (w.INFO_FILE, w.FileStreamInformation, 32, partial),
            (w.INFO_FILE, w.FileAllInformation, 104, partial + [SUCCESS]),
            (w.INFO_FILESYSTEM, w.FileFsAttributeInformation, 12, partial),
            (w.INFO_FILESYSTEM, w.FileFsVolumeInformation, 24, partial + [SUCCESS])):
        q("%s class %d with OutputBufferLength %d (fixed part only)" % (
            "file" if info_type == w.INFO_FILE else "file-system", cls, n),
          allowed, info_type, cls, n, verify=at_most(n))

    def too_small(rsp):
        ed = w.error_data(rsp)
        if len(ed) != 4 or struct.unpack("<I", ed)[0] < 20:
            return "ErrorData %r is not the 4-byte size needed" % ed
        return None

    sd_info = w.OWNER_SECURITY_INFORMATION | w.DACL_SECURITY_INFORMATION
    _, sd = e.c.query(e.victim, w.INFO_SECURITY, 0, additional=sd_info)
    for n, what in ((0, "0"), (1, "1"), (19, "19"), (max(len(sd) - 1, 2), "its size - 1")):
        q("security descriptor with OutputBufferLength " + what,
          [w.STATUS_BUFFER_TOO_SMALL], w.INFO_SECURITY, 0, n, verify=too_small,
          additional=sd_info)
    big = e.c.max_trans + 1
    q("OutputBufferLength MaxTransactSize + 1", INVAL, w.INFO_FILE,
      w.FileBasicInformation, big, charge_for(big))
    q("OutputBufferLength 0xFFFFFFFF with CreditCharge 1", INVAL, w.INFO_FILE,
      w.FileBasicInformation, 0xFFFFFFFF)

    # FileFullEaInformation with an EA name list (2.4.16.1) that lies.
    st = e.c.set_info(e.victim, w.INFO_FILE, w.FileFullEaInformation,
                    w.ea_full_entry(b"MALFEA", b"value"))
    check("set up: an EA on the victim", st == SUCCESS, fmt(st))
    g1 = w.ea_get_entry(b"MALFEA")
    body_end = w.HDR_SIZE + 40
    ea = (w.INFO_FILE, w.FileFullEaInformation)
    q("FullEa InputBufferOffset past the end", INVAL, *ea, data=g1,
      input_offset=body_end + len(g1) + 8)
    q("FullEa InputBufferLength past the end", INVAL, *ea, data=g1, input_len=len(g1) + 64)
    q("FullEa InputBufferOffset into the header", INVAL, *ea, data=g1, input_offset=8)
    first = len(g1) + (-len(g1) % 4)
    loop = bytearray(w.ea_list([g1, w.ea_get_entry(b"MALFEA")]))
    struct.pack_into("<I", loop, first, (-first) & 0xFFFFFFFF)
    q("FullEa name list that loops", EA_BAD, *ea, data=bytes(loop))
    q("FullEa name list NextEntryOffset past the end", EA_BAD, *ea,
      data=w.ea_get_entry(b"MALFEA", next_entry=4096))
    q("FullEa name list EaNameLength past the end", EA_BAD, *ea,
      data=w.ea_get_entry(b"MALFEA", name_len=200))
    q("FullEa name list EaName not NUL-terminated", EA_BAD, *ea,
      data=w.ea_get_entry(b"MALFEA", terminate=False) + b"XYZ")
    st, data = e.c.query(e.victim, *ea, data=g1)
    check("... a well-formed FullEa query still returns the EA",
          st == SUCCESS and b"MALFEA\0value" in data, "%s %r" % (fmt(st), data[:64]))


# --- SET_INFO (MS-SMB2 3.3.5.21, MS-FSA 2.1.5.15) ---

SET_FIXED = [(w.FileBasicInformation, 40), (w.FilePositionInformation, 8),
             (w.FileModeInformation, 4), (w.FileAllocationInformation, 8),
             (w.FileEndOfFileInformation, 8), (w.FileValidDataLengthInformation, 8),
             (w.FileRenameInformation, 20), (w.FileLinkInformation, 20)]


def rename_info(name=None, raw=None, length=None, replace=0, root=0):
    """FILE_RENAME_INFORMATION_TYPE_2 / FILE_LINK_INFORMATION_TYPE_2 (MS-FSCC
    2.4.42.2, 2.4.27.2), at least its C size (24 bytes), as Windows sends."""
    n = raw if raw is not None else name.encode("utf-16-le")
    b = struct.pack("<B7sQI", replace, b"\0" * 7, root, _or(length, len(n))) + n
    return b + b"\0" * (24 - len(b)) if len(b) < 24 else b


def scratch_state(e):
    """What no failed SET_INFO may change: size, EA size, descriptor."""
    _, std = e.c.query(e.scratch, w.INFO_FILE, w.FileStandardInformation)
    _, eas = e.c.query(e.scratch, w.INFO_FILE, w.FileEaInformation)
    _, sd = e.c.query(e.scratch, w.INFO_SECURITY, 0,
                    additional=w.OWNER_SECURITY_INFORMATION | w.GROUP_SECURITY_INFORMATION |
                    w.DACL_SECURITY_INFORMATION)
    return std[8:16], eas, sd


def set_info(e):
    before = scratch_state(e)

    def si(label, allowed, info_type, cls, data, charge=1, **kw):
        rsp = e.run("SET_INFO " + label, w.SET_INFO,
                    w.set_info_body(e.scratch, info_type, cls, data, **kw), allowed,
                    charge=charge)
        if outcome(rsp) != SUCCESS or cls not in (w.FileRenameInformation,
                                                  w.FileLinkInformation):
            return
        # Undo a rename or link that should not have happened, so that the
        # next case starts from the same state (the failure is counted).
        if cls == w.FileRenameInformation:
            e.c.set_info(e.scratch, w.INFO_FILE, cls,
                         rename_info(e.files + "\\scratch.bin", replace=1))
            return
        for name in ("renamed.bin", "a"):
            st, fid = e.c.create(e.files + "\\" + name, disposition=w.FILE_OPEN)
            if fid:
                e.c.delete(fid)

    f = w.INFO_FILE
    for cls, size in SET_FIXED:
        allowed = LENGTH
        if cls == w.FileValidDataLengthInformation:
            allowed = LENGTH + [w.STATUS_NOT_SUPPORTED, w.STATUS_INVALID_INFO_CLASS]
        si("class %d with a %d-byte buffer (needs %d)" % (cls, size - 1, size), allowed,
           f, cls, b"\0" * (size - 1))
    for cls in (w.FileBasicInformation, w.FileRenameInformation, w.FileLinkInformation,
                w.FileDispositionInformation, w.FilePositionInformation,
                w.FileModeInformation, w.FileAllocationInformation,
                w.FileEndOfFileInformation, w.FileFullEaInformation):
        si("class %d with BufferLength 0" % cls, INVAL + LENGTH, f, cls, b"", buf_len=0)
    si("FileFullEaInformation with 7 bytes (less than an entry)",
       [w.STATUS_EA_LIST_INCONSISTENT] + LENGTH, f, w.FileFullEaInformation, b"\0" * 7)

    target = e.files + "\\renamed.bin"
    n16 = target.encode("utf-16-le")
    for cls, what in ((w.FileRenameInformation, "rename"), (w.FileLinkInformation, "link")):
        si("%s FileNameLength larger than the buffer" % what, INVAL, f, cls,
           rename_info(target, length=len(n16) + 2))
        si("%s FileNameLength 0xFFFFFFFF" % what, INVAL, f, cls,
           rename_info(target, length=0xFFFFFFFF))
        si("%s FileNameLength 0" % what, INVAL, f, cls, rename_info(target, length=0))
        si("%s odd FileNameLength" % what, INVAL, f, cls,
           rename_info(raw=n16 + b"x", length=len(n16) + 1))
        si("%s RootDirectory not zero" % what, INVAL, f, cls, rename_info(target, root=1))
        si("%s to \"..\\escape.bin\"" % what,
           [w.STATUS_OBJECT_PATH_SYNTAX_BAD, w.STATUS_INVALID_PARAMETER,
            w.STATUS_OBJECT_NAME_INVALID], f, cls, rename_info("..\\malf_escape.bin"))
        si("%s to a name with an embedded NUL" % what,
           [w.STATUS_OBJECT_NAME_INVALID, w.STATUS_INVALID_PARAMETER], f, cls,
           rename_info(e.files + "\\a\0b.bin"))
        si("%s to a name with '*'" % what, [w.STATUS_OBJECT_NAME_INVALID], f, cls,
           rename_info(e.files + "\\a*b.bin"))
    si("rename to \":\" (an empty stream name)",
       [w.STATUS_OBJECT_NAME_INVALID, w.STATUS_INVALID_PARAMETER], f,
       w.FileRenameInformation, rename_info(":"))

    eof = struct.pack("<Q", 1)
    body_end = w.HDR_SIZE + 32
    si("BufferOffset past the end", INVAL, f, w.FileEndOfFileInformation, eof,
       buf_offset=body_end + 16)
    si("BufferOffset into the header", INVAL, f, w.FileEndOfFileInformation, eof,
       buf_offset=8)
    si("BufferOffset into the fixed part", INVAL, f, w.FileEndOfFileInformation, eof,
       buf_offset=body_end - 4)
    si("BufferLength past the end", INVAL, f, w.FileEndOfFileInformation, eof, buf_len=64)
    si("BufferLength 0xFFFFFFFF with CreditCharge 1", INVAL, f,
       w.FileEndOfFileInformation, eof, buf_len=0xFFFFFFFF)
    si("file class 200 (undocumented)", [w.STATUS_INVALID_INFO_CLASS], f, 200, b"\0" * 8)
    si("query-only class FileStandardInformation", [w.STATUS_INVALID_INFO_CLASS], f,
       w.FileStandardInformation, b"\0" * 24)
    si("file-system class 200", [w.STATUS_INVALID_INFO_CLASS], w.INFO_FILESYSTEM, 200,
       b"\0" * 8)
    si("InfoType 0", INVAL, 0, w.FileEndOfFileInformation, eof)
    si("InfoType 5", INVAL, 5, w.FileEndOfFileInformation, eof)

    # FileFullEaInformation: 3.3.5.21.1 MUST say EA_LIST_INCONSISTENT.
    inconsistent = [w.STATUS_EA_LIST_INCONSISTENT]
    e1 = w.ea_full_entry(b"MALFEA1", b"v1")
    e2 = w.ea_full_entry(b"MALFEA2", b"v2")
    first = len(e1) + (-len(e1) % 4)
    loop = bytearray(w.ea_list([e1, e2]))
    struct.pack_into("<I", loop, first, (-first) & 0xFFFFFFFF)
    fe = w.FileFullEaInformation
    si("FullEa chain that loops", inconsistent, f, fe, bytes(loop))
    si("FullEa NextEntryOffset 4 (into its own entry)", inconsistent, f, fe,
       w.ea_full_entry(b"MALFEA1", b"v1", next_entry=4) + b"\0" * 16)
    si("FullEa NextEntryOffset past the end", inconsistent, f, fe,
       w.ea_full_entry(b"MALFEA1", b"v1", next_entry=4096))
    si("FullEa NextEntryOffset not 4-aligned", inconsistent, f, fe,
       w.ea_list([w.ea_full_entry(b"MALFEA1", b"v1", next_entry=first + 1) + b"\0" * 4,
                  e2]))
    si("FullEa EaNameLength past the end", inconsistent, f, fe,
       w.ea_full_entry(b"MALFEA1", b"v1", name_len=200))
    si("FullEa EaValueLength past the end", inconsistent, f, fe,
       w.ea_full_entry(b"MALFEA1", b"v1", value_len=0xFFFF))
    si("FullEa EaName not NUL-terminated", inconsistent, f, fe,
       w.ea_full_entry(b"MALFEA1", b"value", terminate=False))
    si("FullEa good first entry, second past the end", inconsistent, f, fe,
       w.ea_list([e1, w.ea_full_entry(b"MALFEA2", b"v2", value_len=300)]))
    si("FullEa EaName with '*'", [w.STATUS_INVALID_EA_NAME], f, fe,
       w.ea_full_entry(b"MAL*EA", b"v1"))

    for label, blob, info in sd_cases():
        si("security: " + label, SD_BAD, w.INFO_SECURITY, 0, blob, additional=info)

    after = scratch_state(e)
    check("... the scratch file kept its size, EAs and security descriptor",
          after == before, "before %r\nafter  %r" % (before, after))
    st, fid = e.c.create(e.files + "\\scratch.bin", disposition=w.FILE_OPEN)
    if fid:
        e.c.close_file(fid)
    check("... and its name", st == SUCCESS, fmt(st))
    for name in ("renamed.bin", "a", "a*b.bin"):
        st, fid = e.c.create(e.files + "\\" + name, disposition=w.FILE_OPEN)
        if fid:
            e.c.delete(fid)
        check("... no %s appeared" % name, st in (w.STATUS_OBJECT_NAME_NOT_FOUND,
                                                  w.STATUS_OBJECT_NAME_INVALID), fmt(st))


# --- QUERY_DIRECTORY (MS-SMB2 3.3.5.18, MS-FSA 2.1.5.6) ---

def query_directory(e):
    pat = "*".encode("utf-16-le")
    fixed_end = w.HDR_SIZE + 32

    def qd(label, allowed, cls=w.FileBothDirectoryInformation, fid=None, charge=1,
           flags=1, **kw):
        e.run("QUERY_DIRECTORY " + label, w.QUERY_DIRECTORY,
              w.query_directory_body(e.h(fid or "dir"), cls, flags=flags, **kw), allowed,
              charge=charge)

    qd("FileNameLength past the end", INVAL, raw_pattern=pat, name_len=64)
    qd("FileNameOffset past the end", INVAL, raw_pattern=pat, name_offset=fixed_end + 32)
    qd("FileNameOffset into the header", INVAL, raw_pattern=pat, name_offset=8)
    qd("FileNameLength 0xFFFF", INVAL, raw_pattern=pat, name_len=0xFFFF)
    qd("odd FileNameLength", INVAL + [w.STATUS_OBJECT_NAME_INVALID,
                                      w.STATUS_ILLEGAL_CHARACTER],
       raw_pattern=pat + b"x", name_len=3)
    qd("FileInformationClass 200", [w.STATUS_INVALID_INFO_CLASS], cls=200)
    qd("FileInformationClass FileBasicInformation (not a directory class)",
       [w.STATUS_INVALID_INFO_CLASS], cls=w.FileBasicInformation)
    for n in (0, 1):
        qd("OutputBufferLength %d" % n, LENGTH + INVAL, out_len=n)
    big = e.c.max_trans + 1
    qd("OutputBufferLength MaxTransactSize + 1", INVAL, out_len=big, charge=charge_for(big))
    qd("OutputBufferLength 0xFFFFFFFF with CreditCharge 1", INVAL, out_len=0xFFFFFFFF)
    qd("on a file", INVAL, fid="victim")
    rsp = e.c.req(w.QUERY_DIRECTORY, w.query_directory_body(e.dir, w.FileNamesInformation,
                                                          flags=1))
    check("... a well-formed QUERY_DIRECTORY still lists the directory",
          outcome(rsp) == SUCCESS and "victim.bin".encode("utf-16-le") in
          w.response_buffer(rsp), fmt(outcome(rsp)))


# --- LOCK (MS-SMB2 3.3.5.14, MS-FSA 2.1.5.8, 2.1.5.9) ---

def lock(e):
    X, S, U, F = w.LOCKFLAG_EXCLUSIVE, w.LOCKFLAG_SHARED, w.LOCKFLAG_UNLOCK, \
        w.LOCKFLAG_FAIL_IMMEDIATELY

    def lk(label, allowed, locks, fid=None, **kw):
        return e.run("LOCK " + label, w.LOCK, w.lock_body(e.h(fid or "victim"), locks, **kw),
                     allowed)

    def unlock(off, n):
        return outcome(e.c.req(w.LOCK, w.lock_body(e.victim, [(off, n, U)])))

    lk("LockCount 0", INVAL, [(0, 10, X | F)], count=0)
    lk("LockCount 2 with one element sent", INVAL, [(0, 10, X | F)], count=2)
    lk("LockCount 0xFFFF with one element sent", INVAL, [(0, 10, X | F)], count=0xFFFF)
    lk("Offset + Length past 2^64", [w.STATUS_INVALID_LOCK_RANGE], [(2**64 - 16, 32, X | F)])
    lk("unlock with Offset + Length past 2^64", [w.STATUS_INVALID_LOCK_RANGE],
       [(2**64 - 16, 32, U)])
    lk("SHARED|EXCLUSIVE", INVAL, [(100, 10, S | X | F)])
    lk("UNLOCK|EXCLUSIVE", INVAL, [(100, 10, U | X)])
    lk("UNLOCK|SHARED", INVAL, [(100, 10, U | S)])
    lk("FAIL_IMMEDIATELY alone", INVAL, [(100, 10, F)])
    lk("Flags 0", INVAL, [(100, 10, 0)])
    lk("Flags 0x100 (undefined)", INVAL, [(100, 10, 0x100)])
    lk("two locks, the first without FAIL_IMMEDIATELY", INVAL,
       [(200, 10, X), (300, 10, X | F)])
    lk("lock then unlock in one request", INVAL, [(400, 10, X | F), (400, 10, U)])
    unlock(400, 10)     # 3.3.5.14.2: the lock may stay; not part of the check
    lk("unlock of a range never locked", [w.STATUS_RANGE_NOT_LOCKED], [(500, 10, U)])
    ok = outcome(e.c.req(w.LOCK, w.lock_body(e.victim, [(600, 10, X | F)]))) == SUCCESS
    lk("unlock with a different length than locked", [w.STATUS_RANGE_NOT_LOCKED],
       [(600, 11, U)])
    lk("unlock then a lock in one request", INVAL, [(600, 10, U), (700, 10, X | F)])
    if ok:
        unlock(600, 10)
    unlock(700, 10)
    lk("largest valid range (Offset 2^64 - 1, Length 1)", [SUCCESS],
       [(2**64 - 1, 1, X | F)])
    lk("... and its unlock", [SUCCESS], [(2**64 - 1, 1, U)])
    lk("on a directory", INVAL, [(0, 10, X | F)], fid="dir")
    st = outcome(e.c.req(w.LOCK, w.lock_body(e.victim, [(0, 2**64 - 1, X | F)])))
    st2 = unlock(0, 2**64 - 1)
    check("... afterwards the whole file locks and unlocks (no lock left behind)",
          st == SUCCESS and st2 == SUCCESS, "%s %s" % (fmt(st), fmt(st2)))


# --- IOCTL (MS-SMB2 3.3.5.15) ---

def ioctl(e):
    fixed_end = w.HDR_SIZE + 56
    data = b"\0" * 16
    unknown = 0x00DEAD04     # METHOD_BUFFERED, FILE_DEVICE 0xDE: no such FSCTL

    def io(label, allowed, ctl=unknown, fid=None, charge=1, tid=None, **kw):
        kw.setdefault("max_out", 1024)
        e.run("IOCTL " + label, w.IOCTL, w.ioctl_body(e.h(fid or "victim"), ctl, **kw),
              allowed, charge=charge, tid=tid)

    io("InputOffset past the end", INVAL, data=data, input_offset=fixed_end + 64)
    io("InputOffset + InputCount past the end", INVAL, data=data, input_count=64)
    io("InputCount 0xFFFFFFFF", INVAL, data=data, input_count=0xFFFFFFFF)
    io("InputOffset into the header", INVAL, data=data, input_offset=16)
    io("InputOffset into the fixed part", INVAL, data=data, input_offset=fixed_end - 8)
    io("InputOffset not 8-aligned", INVAL, data=data, pad=b"\0" * 4)
    io("MaxOutputResponse 0xFFFFFFFF with CreditCharge 1", INVAL, max_out=0xFFFFFFFF)
    big = e.c.max_trans + 1
    io("MaxOutputResponse MaxTransactSize + 1", INVAL, max_out=big, charge=charge_for(big))
    io("Flags 0 (not an FSCTL)", [w.STATUS_NOT_SUPPORTED], flags=0)
    notsup = [w.STATUS_INVALID_DEVICE_REQUEST, w.STATUS_NOT_SUPPORTED]
    io("unknown FSCTL on a file", notsup)
    io("unknown FSCTL on a directory", notsup, fid="dir")
    # 3.3.5.15: these take FileId { -1, -1 } only.
    io("FSCTL_DFS_GET_REFERRALS with a file's FileId", INVAL, ctl=w.FSCTL_DFS_GET_REFERRALS,
       data=struct.pack("<H", 4) + "\\x\\y\0".encode("utf-16-le"))
    # Input shorter than the FSCTL's structure (the classic ksmbd overreads):
    # MS-FSA 2.1.5.10.x's status, or the FSCTL is not supported at all.
    unsupported = [w.STATUS_INVALID_DEVICE_REQUEST, w.STATUS_NOT_SUPPORTED]
    for ctl, label, want in (
            (w.FSCTL_SET_ZERO_DATA, "FSCTL_SET_ZERO_DATA", INVAL),
            (w.FSCTL_QUERY_ALLOCATED_RANGES, "FSCTL_QUERY_ALLOCATED_RANGES", INVAL),
            (w.FSCTL_SRV_COPYCHUNK_WRITE, "FSCTL_SRV_COPYCHUNK_WRITE", INVAL),
            (w.FSCTL_SET_REPARSE_POINT, "FSCTL_SET_REPARSE_POINT",
             [w.STATUS_IO_REPARSE_DATA_INVALID])):
        io("%s with 4 bytes of input" % label, want + unsupported, ctl=ctl, data=b"\xff" * 4)
    io("FSCTL_PIPE_TRANSCEIVE on a file", notsup + INVAL, ctl=w.FSCTL_PIPE_TRANSCEIVE,
       data=b"\x05\x00\x0b\x03")
    e.intact("after the IOCTL cases")

    # A file system control on IPC$: on a pipe open, and on no open at all.
    st, itid = e.c.tree_connect("IPC$")
    check("set up: IPC$ tree connect", st == SUCCESS, fmt(st))
    if st != SUCCESS:
        return
    st, pfid = e.c.create("srvsvc", access=0x0012019F, disposition=w.FILE_OPEN, tid=itid)
    if st == SUCCESS:
        io("FSCTL_GET_OBJECT_ID on a pipe of IPC$", notsup, ctl=w.FSCTL_GET_OBJECT_ID,
           fid=pfid, tid=itid, max_out=64)
        io("FSCTL_SET_ZERO_DATA on a pipe of IPC$", notsup + INVAL,
           ctl=w.FSCTL_SET_ZERO_DATA, fid=pfid, tid=itid, data=b"\0" * 16)
        e.c.close_file(pfid, tid=itid)
    else:
        check("set up: open the srvsvc pipe", False, fmt(st))
    io("FSCTL_GET_OBJECT_ID on IPC$ with FileId { -1, -1 }", [w.STATUS_FILE_CLOSED],
       ctl=w.FSCTL_GET_OBJECT_ID, fid=w.FILEID_NONE, tid=itid, max_out=64)
    # The disk share's open named through the IPC$ tree: not that tree's
    # open (Samba), or at least not a file system control a pipe share does.
    io("FSCTL_GET_OBJECT_ID on IPC$ with the disk share's FileId",
       [w.STATUS_FILE_CLOSED] + notsup, ctl=w.FSCTL_GET_OBJECT_ID, tid=itid, max_out=64)
    e.c.req(w.TREE_DISCONNECT, struct.pack("<HH", 4, 0), tid=itid)


# --- CHANGE_NOTIFY (MS-SMB2 3.3.5.19) ---

def change_notify(e):
    filt = w.NOTIFY_CHANGE_FILE_NAME | w.NOTIFY_CHANGE_DIR_NAME

    def cn(label, allowed, fid=None, out_len=4096, charge=1, **kw):
        e.run("CHANGE_NOTIFY " + label, w.CHANGE_NOTIFY,
              w.change_notify_body(e.h(fid or "watch"), out_len, filt, **kw), allowed,
              charge=charge)

    cn("on a file", INVAL, fid="victim")
    big = e.c.max_trans + 1
    cn("OutputBufferLength MaxTransactSize + 1", INVAL, out_len=big, charge=charge_for(big))
    cn("OutputBufferLength 0xFFFFFFFF with CreditCharge 1", INVAL, out_len=0xFFFFFFFF)

    # OutputBufferLength 0 is valid: the request waits; CANCEL ends it.
    mid = e.c.send_req(w.CHANGE_NOTIFY, w.change_notify_body(e.watch, 0, filt))
    first = e.c.wait(mid, timeout=3, interim=True)
    got = outcome(first)
    if got == w.STATUS_PENDING:
        e.c.send_cancel(async_id=struct.unpack_from("<Q", first, 32)[0])
        got = outcome(e.c.wait(mid))
    elif got == TIMEOUT:
        e.c.send_cancel(mid)
        got = outcome(e.c.wait(mid))
    ok = got == w.STATUS_CANCELLED and e.c.alive()
    check("CHANGE_NOTIFY OutputBufferLength 0 waits, then CANCEL -> CANCELLED", ok, fmt(got))
    if not ok:
        e.connect()


# --- OPLOCK_BREAK acknowledgments (MS-SMB2 2.2.24, 3.3.5.22) ---

def oplock_ack_body(fid, level=0, size=24):
    return struct.pack("<HBBI", size, level, 0, 0) + fid


def lease_ack_body(key, state=0, size=36):
    return struct.pack("<HHI", size, 0, 0) + key + struct.pack("<IQ", state, 0)


def oplock_break(e):
    def ob(label, body, allowed):
        e.run("OPLOCK_BREAK " + label, w.OPLOCK_BREAK, body, allowed)

    victim = e.h("victim")
    ob("StructureSize 0", oplock_ack_body(victim, size=0), INVAL)
    ob("StructureSize 25", oplock_ack_body(victim, size=25), INVAL)
    ob("StructureSize 44 (a notification's)", lease_ack_body(b"k" * 16, size=44) + b"\0" * 8,
       INVAL)
    ob("oplock ack cut to 10 bytes", oplock_ack_body(victim)[:10], INVAL)
    ob("lease ack cut to 30 bytes", lease_ack_body(b"k" * 16)[:30], INVAL)
    ob("oplock ack for an unknown FileId", oplock_ack_body(b"\x55" * 16), [w.STATUS_FILE_CLOSED])
    ob("oplock ack with no break going on", oplock_ack_body(victim, level=1),
       [w.STATUS_INVALID_OPLOCK_PROTOCOL])
    ob("lease ack for a LeaseKey nobody holds", lease_ack_body(b"\x77" * 16),
       [w.STATUS_OBJECT_NAME_NOT_FOUND])
    # A lease that is not breaking (3.3.5.22.2).
    key = os.urandom(16)
    ctx = w.create_context(b"RqLs", key + struct.pack("<IIQ", 7, 0, 0))
    rsp = e.c.req(w.CREATE, w.create_body(e.name("lease"), contexts=ctx,
                                          oplock=w.OPLOCK_LEVEL_LEASE))
    st = outcome(rsp)
    fid = w.create_fileid(rsp) if st == SUCCESS else None
    # OplockLevel is at body offset 2 (MS-SMB2 2.2.14); a new file nobody
    # else has open gets the lease it asks for.
    level = rsp[64 + 2] if st == SUCCESS else None
    check("OPLOCK_BREAK: a lease is granted (OplockLevel LEASE, RWH in the context)",
          st == SUCCESS and level == w.OPLOCK_LEVEL_LEASE and
          key + struct.pack("<I", 7) in rsp[64 + 88:], "%s, level %s" % (fmt(st), level))
    if st == SUCCESS:
        ob("lease ack of a lease that is not breaking", lease_ack_body(key, 1),
           [w.STATUS_UNSUCCESSFUL])
        e.c.delete(fid)


# --- FileIds that name no open of this session (STATUS_FILE_CLOSED) ---

def bodies(fid):
    """One request of each command that takes a FileId."""
    return [
        ("CLOSE", w.CLOSE, w.close_body(fid)),
        ("FLUSH", w.FLUSH, w.flush_body(fid)),
        ("READ", w.READ, w.read_body(fid, 16)),
        ("WRITE", w.WRITE, w.write_body(fid, b"ABCD")),
        ("LOCK", w.LOCK, w.lock_body(fid, [(0, 1, w.LOCKFLAG_EXCLUSIVE |
                                            w.LOCKFLAG_FAIL_IMMEDIATELY)])),
        ("IOCTL", w.IOCTL, w.ioctl_body(fid, w.FSCTL_GET_OBJECT_ID, max_out=64)),
        ("QUERY_DIRECTORY", w.QUERY_DIRECTORY,
         w.query_directory_body(fid, w.FileNamesInformation)),
        ("CHANGE_NOTIFY", w.CHANGE_NOTIFY,
         w.change_notify_body(fid, 4096, w.NOTIFY_CHANGE_FILE_NAME)),
        ("QUERY_INFO file", w.QUERY_INFO,
         w.query_info_body(fid, w.INFO_FILE, w.FileStandardInformation, 4096)),
        ("QUERY_INFO file system", w.QUERY_INFO,
         w.query_info_body(fid, w.INFO_FILESYSTEM, w.FileFsSizeInformation, 4096)),
        ("QUERY_INFO security", w.QUERY_INFO,
         w.query_info_body(fid, w.INFO_SECURITY, 0, 4096,
                           additional=w.DACL_SECURITY_INFORMATION)),
        ("SET_INFO", w.SET_INFO,
         w.set_info_body(fid, w.INFO_FILE, w.FileEndOfFileInformation,
                         struct.pack("<Q", 0))),
    ]


def file_closed(e):
    closed = [w.STATUS_FILE_CLOSED]
    unknown = struct.pack("<QQ", 0x1234567890, 0x0987654321)
    for label, cmd, body in bodies(unknown):
        e.run("%s with an unknown FileId" % label, cmd, body, closed)
    # The right Volatile with a wrong Persistent half (3.3.5.x: both must match).
    v = e.victim
    wrong = bytes([v[0] ^ 0x55]) + v[1:8]
    for label, cmd, body in bodies(wrong):
        if cmd != w.CLOSE:
            e.run("%s with a wrong FileId.Persistent" % label, cmd, body, closed)
    # Another session's open (its own connection).
    other = Conn(e.args)
    for label, cmd, body in bodies(e.victim)[:4]:
        rsp = other.req(cmd, body)
        check("%s of another session's open -> FILE_CLOSED" % label,
              outcome(rsp) == w.STATUS_FILE_CLOSED, fmt(outcome(rsp)))
    other.close()
    # An open closed a moment ago.
    st, fid = e.c.create(e.name("closed") + ".txt", access=w.GENERIC_ALL | w.DELETE,
                         options=w.FILE_NON_DIRECTORY_FILE | w.FILE_DELETE_ON_CLOSE)
    check("set up: create and close a file", st == SUCCESS, fmt(st))
    if st == SUCCESS:
        e.c.close_file(fid)
        for label, cmd, body in bodies(fid):
            e.run("%s of a closed open" % label, cmd, body, closed)
    e.intact("after the FileId cases")


# --- Clean-up and the final round trip ---

def remove_tree(c, path, depth=0):
    """Delete @path and what is below it (QUERY_DIRECTORY + delete on close)."""
    st, fid = c.create(path, access=w.DELETE | w.FILE_LIST_DIRECTORY | w.FILE_READ_ATTRIBUTES,
                       disposition=w.FILE_OPEN, options=w.FILE_DIRECTORY_FILE)
    if st != SUCCESS:
        st, fid = c.create(path, access=w.DELETE, disposition=w.FILE_OPEN,
                           options=w.FILE_NON_DIRECTORY_FILE)
        return c.delete(fid) if st == SUCCESS else st
    names, flags = [], 1
    for _ in range(100 if depth < 8 else 0):
        rsp = c.req(w.QUERY_DIRECTORY, w.query_directory_body(fid, w.FileNamesInformation,
                                                              flags=flags))
        if outcome(rsp) != SUCCESS:
            break
        flags = 0
        buf, pos = w.response_buffer(rsp), 0
        while True:
            nxt, _, n = struct.unpack_from("<III", buf, pos)
            name = buf[pos + 12:pos + 12 + n].decode("utf-16-le", "replace")
            if name not in (".", ".."):
                names.append(name)
            if not nxt:
                break
            pos += nxt
    for name in names:
        remove_tree(c, path + "\\" + name, depth + 1)
    return c.delete(fid)


def round_trip(e):
    data = os.urandom(100000)
    name = e.base + "\\final.bin"
    st, fid = e.c.create(name, disposition=w.FILE_CREATE, options=w.FILE_NON_DIRECTORY_FILE)
    st_w = e.c.write(fid, data) if st == SUCCESS else None
    st_c = e.c.close_file(fid) if st == SUCCESS else None
    st2, fid = e.c.create(name, access=w.FILE_READ_DATA | w.DELETE, disposition=w.FILE_OPEN)
    st_r, got = e.c.read(fid, len(data) + 10) if st2 == SUCCESS else (None, b"")
    st_d = e.c.delete(fid) if st2 == SUCCESS else None
    check("after all that: create, write 100000 bytes, close, open, read, delete",
          (st, st_w, st_c, st2, st_r, st_d) == (0,) * 6 and got == data,
          "statuses %s, %d bytes back%s" % (
              [fmt(x) for x in (st, st_w, st_c, st2, st_r, st_d)], len(got),
              "" if got == data else ", wrong data"))


def main():
    ap = arguments(local_dir=False)
    args = ap.parse_args()

    try:
        e = Env(args)
    except Exception as ex:  # noqa: BLE001 - reported as a TAP failure
        check("set up: log in, create the test directory and files", False, repr(ex))
        print("1..%d" % len(results))
        return 1
    for section in (create_names, create_contexts, create_ea, create_sd, read_write,
                    query_info, set_info, query_directory, lock, ioctl, change_notify,
                    oplock_break, file_closed):
        try:
            section(e)
        except Exception as ex:  # noqa: BLE001 - reported as a TAP failure
            check(section.__name__, False, repr(ex))
            try:
                e.connect()
            except Exception as ex2:  # noqa: BLE001
                check("reconnect after " + section.__name__, False, repr(ex2))
                break
    try:
        e.connect()
        e.intact("at the end")
        round_trip(e)
        for fid in (e.victim, e.scratch, e.watch, e.dir):
            e.c.close_file(fid)
        remove_tree(e.c, e.base)
        st, fid = e.c.create(e.base, disposition=w.FILE_OPEN, options=w.FILE_DIRECTORY_FILE)
        check("clean-up: the test directory is gone", st == w.STATUS_OBJECT_NAME_NOT_FOUND,
              fmt(st))
        e.c.close()
    except Exception as ex:  # noqa: BLE001
        check("final round trip", False, repr(ex))

    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
