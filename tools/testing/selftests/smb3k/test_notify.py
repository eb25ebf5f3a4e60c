#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""SMB2 CHANGE_NOTIFY (MS-SMB2 3.3.5.19) with hand-built messages, TAP.

  test_notify.py [--port 445] [--user test --password test] [--share test]
                 [--local-dir /srv/test]

A change made locally (open() below --local-dir, the share's path, default
$SMB3K_TEST_DIR) completes a waiting CHANGE_NOTIFY: the server watches the
file system, not only its own clients. Also: a change made over SMB, changes
buffered between two requests answered at once, WATCH_TREE, CANCEL
(STATUS_CANCELLED), CLOSE (STATUS_NOTIFY_CLEANUP), the checks on the open.
Without --local-dir the local cases are skipped.
"""
import os
import shutil
import socket
import struct
import sys

import smbwire as w
from smbtap import arguments, check, done, skip

from smbwire import (CANCEL, CHANGE_NOTIFY, CLOSE, CREATE, FLAGS_ASYNC, STATUS_CANCELLED,
                     STATUS_NOTIFY_CLEANUP, STATUS_NOTIFY_ENUM_DIR, STATUS_PENDING)

FILE_ACTION_ADDED, FILE_ACTION_REMOVED, FILE_ACTION_MODIFIED = 1, 2, 3
FILE_ACTION_RENAMED_OLD_NAME, FILE_ACTION_RENAMED_NEW_NAME = 4, 5

NOTIFY_FILE_NAME, NOTIFY_DIR_NAME, NOTIFY_LAST_WRITE = 0x1, 0x2, 0x10
WATCH_TREE = 0x1

FILE_LIST_DIRECTORY, FILE_READ_ATTRIBUTES = 0x1, 0x80
GENERIC_ALL, SYNCHRONIZE, DELETE = 0x10000000, 0x100000, 0x10000
FILE_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE = 0x1, 0x40
FILE_OPEN, FILE_CREATE, FILE_OPEN_IF = 1, 2, 3
SHARE_ALL = 7

class Session:
    """One logged-on connection with a tree connect; responses by MessageId."""

    def __init__(self, args):
        self.c = w.connect_and_login(port=args.port, user=args.user,
                                     password=args.password)
        st, self.tid = self.c.tree_connect(args.share)
        assert st == 0, "tree connect failed: %#x" % st
        self.waiting = {}

    def hdr(self, command, mid, charge=1):
        return w.smb2_header(command, mid, credits=64, session_id=self.c.session_id,
                             tree_id=self.tid, credit_charge=charge)

    def send(self, command, body):
        mid = self.c.next_mid()
        self.c.send(self.hdr(command, mid) + body)
        return mid

    def recv(self, mid, timeout=10.0, interim=False):
        """The response to @mid (an interim one too when @interim), or None."""
        while True:
            lst = self.waiting.setdefault(mid, [])
            for i, item in enumerate(lst):
                if interim or item[1] != STATUS_PENDING:
                    return lst.pop(i)
            self.c.sock.settimeout(timeout)
            try:
                msg = self.c.recv()
            except socket.timeout:
                return None
            if msg is None:
                return None
            h = w.parse_smb2_header(msg)
            async_id = struct.unpack_from("<Q", msg, 32)[0]
            self.waiting.setdefault(h["message_id"], []).append((msg, h["status"], async_id))

    def call(self, command, body):
        return self.recv(self.send(command, body))

    def create(self, name, access, options, disposition=FILE_OPEN):
        n = name.encode("utf-16-le")
        body = struct.pack("<HBBIQQIIIIIHHII", 57, 0, 0, 2, 0, 0, access, 0, SHARE_ALL,
                           disposition, options, 64 + 56, len(n), 0, 0) + (n or b"\0")
        msg, st, _ = self.call(CREATE, body)
        return st, (msg[64 + 64:64 + 80] if st == 0 else None)

    def close(self, fid):
        return self.call(CLOSE, struct.pack("<HHI", 24, 0, 0) + fid)[1]

    def notify(self, fid, filt, out_len=4096, flags=0):
        body = struct.pack("<HHI16sII", 32, flags, out_len, fid, filt, 0)
        return self.send(CHANGE_NOTIFY, body)

    def cancel(self, async_id):
        h = struct.pack("<4sHHIHHIIQQQ16s", w.SMB2_MAGIC, 64, 0, 0, CANCEL, 0,
                        FLAGS_ASYNC, 0, 0, async_id, self.c.session_id, b"\0" * 16)
        self.c.send(h + struct.pack("<HH", 4, 0))

    def pending(self, mid):
        """Wait for the interim response: (True, AsyncId) or (False, final)."""
        r = self.recv(mid, interim=True)
        if r is None:
            return False, None
        if r[1] == STATUS_PENDING:
            return True, r[2]
        return False, r


def entries(msg):
    """The FILE_NOTIFY_INFORMATION list of a CHANGE_NOTIFY response."""
    off, n = struct.unpack_from("<HI", msg, 64 + 2)
    data, out, pos = msg[off:off + n], [], 0
    while n:
        nxt, action, ln = struct.unpack_from("<III", data, pos)
        out.append((action, data[pos + 12:pos + 12 + ln].decode("utf-16-le")))
        if not nxt:
            break
        pos += nxt
    return out


def wait_change(s, name, fid, filt, action, trigger, flags=0):
    """CHANGE_NOTIFY goes async; trigger(); the final response names it."""
    mid = s.notify(fid, filt, flags=flags)
    is_pending, info = s.pending(mid)
    check("%s: interim STATUS_PENDING" % name, is_pending, info)
    trigger()
    r = s.recv(mid)
    check("%s: completes with STATUS_SUCCESS" % name, r and r[1] == 0,
          r and "%#x" % r[1])
    got = entries(r[0]) if r and r[1] == 0 else None
    check("%s: reports %s" % (name, action), got == action, got)


def main():
    ap = arguments(local_dir=True)
    args = ap.parse_args()

    s = Session(args)
    base = "notify_%d" % os.getpid()
    local = os.path.join(args.local_dir, base) if args.local_dir else None
    dir_access = FILE_LIST_DIRECTORY | FILE_READ_ATTRIBUTES | SYNCHRONIZE | DELETE

    st, dh = s.create(base, dir_access, FILE_DIRECTORY_FILE, FILE_CREATE)
    check("create the test directory", st == 0, "%#x" % st)
    if st:
        done()
        return 1

    # The point of fsnotify: a local process's change is seen.
    if local:
        def local_create():
            with open(os.path.join(local, "local.txt"), "w") as f:
                f.write("x")
        wait_change(s, "local open(O_CREAT)", dh, NOTIFY_FILE_NAME,
                    [(FILE_ACTION_ADDED, "local.txt")], local_create)
    else:
        skip("local open(O_CREAT)", "no --local-dir")

    # A change made over SMB by another open.
    created = []

    def smb_create():
        st, fid = s.create(base + "\\smb.txt", GENERIC_ALL, FILE_NON_DIRECTORY_FILE,
                           FILE_CREATE)
        created.append((st, fid))
    wait_change(s, "SMB CREATE", dh, NOTIFY_FILE_NAME,
                [(FILE_ACTION_ADDED, "smb.txt")], smb_create)
    if created and created[0][0] == 0:
        s.close(created[0][1])

    # Changes between two requests wait on the open; the next request gets
    # them at once, without going async. A rename inside the directory is an
    # old name / new name pair.
    if local:
        os.rename(os.path.join(local, "local.txt"), os.path.join(local, "renamed.txt"))
        os.mkdir(os.path.join(local, "sub"))
        mid = s.notify(dh, NOTIFY_FILE_NAME)
        r = s.recv(mid, interim=True)
        check("buffered changes: answered at once", r and r[1] == 0,
              r and "%#x" % r[1])
        got = entries(r[0]) if r and r[1] == 0 else None
        want = [(FILE_ACTION_RENAMED_OLD_NAME, "local.txt"),
                (FILE_ACTION_RENAMED_NEW_NAME, "renamed.txt")]
        check("buffered changes: the rename, not the mkdir (filter of the first request)",
              got == want, got)
    else:
        skip("buffered changes", "no --local-dir")

    # CANCEL of a waiting request.
    mid = s.notify(dh, NOTIFY_FILE_NAME)
    is_pending, async_id = s.pending(mid)
    check("CANCEL: request pending first", is_pending, async_id)
    if is_pending:
        s.cancel(async_id)
        r = s.recv(mid)
        check("CANCEL: STATUS_CANCELLED", r and r[1] == STATUS_CANCELLED,
              r and "%#x" % r[1])

    # Not a directory; no FILE_LIST_DIRECTORY.
    st, fid = s.create(base + "\\smb.txt", GENERIC_ALL, FILE_NON_DIRECTORY_FILE)
    if st == 0:
        r = s.recv(s.notify(fid, NOTIFY_FILE_NAME))
        check("a file open: STATUS_INVALID_PARAMETER",
              r and r[1] == w.STATUS_INVALID_PARAMETER, r and "%#x" % r[1])
        s.close(fid)
    st, fid = s.create(base, FILE_READ_ATTRIBUTES, FILE_DIRECTORY_FILE)
    if st == 0:
        r = s.recv(s.notify(fid, NOTIFY_FILE_NAME))
        check("no FILE_LIST_DIRECTORY: STATUS_ACCESS_DENIED",
              r and r[1] == w.STATUS_ACCESS_DENIED, r and "%#x" % r[1])
        s.close(fid)

    # WATCH_TREE on a second open: names below the directory, '\'-separated.
    st, th = s.create(base, dir_access, FILE_DIRECTORY_FILE)
    check("open the directory again", st == 0, "%#x" % st)
    if st == 0 and local:
        def deep_create():
            open(os.path.join(local, "sub", "deep.txt"), "w").close()
        wait_change(s, "WATCH_TREE local create in a subdirectory", th,
                    NOTIFY_FILE_NAME, [(FILE_ACTION_ADDED, "sub\\deep.txt")],
                    deep_create, flags=WATCH_TREE)
    elif st == 0:
        skip("WATCH_TREE", "no --local-dir")
    if st == 0:
        s.close(th)

    # CLOSE of the open ends its waiting request.
    mid = s.notify(dh, NOTIFY_FILE_NAME | NOTIFY_DIR_NAME)
    is_pending, _ = s.pending(mid)
    check("CLOSE: request pending first", is_pending)
    st = s.close(dh)
    check("CLOSE: the close succeeds", st == 0, "%#x" % st)
    r = s.recv(mid)
    check("CLOSE: STATUS_NOTIFY_CLEANUP", r and r[1] == STATUS_NOTIFY_CLEANUP,
          r and "%#x" % r[1])

    if local:
        shutil.rmtree(local, ignore_errors=True)
    return done()


if __name__ == "__main__":
    sys.exit(main())
