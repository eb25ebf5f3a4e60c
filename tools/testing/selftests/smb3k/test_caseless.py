#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Names in any case in a large directory, with local changes, TAP.

  test_caseless.py [--port 445] [--user test --password test] [--share test]
                   --local-dir /srv/test

A case-insensitive share (the default) finds "Foo" when asked for "FOO".
Large directories answer that from an index of their names kept by
fsnotify (kernel/ios_vfs_ci.c); this checks the answers stay right while
the directory changes under it, through SMB and locally: creates,
renames and deletes on either side, names outside ASCII, a name added in
two cases on the (case-sensitive) disk.
"""
import os
import sys

from impacket import smbconnection
from impacket import smb3structs as s3

from smbtap import arguments, check, done, skip, status_of

NOT_FOUND = 0xC0000034
FILE_OPEN, FILE_CREATE = 1, 2
READ_ATTR = 0x80


def main():
    ap = arguments(local_dir=True)
    ap.add_argument("--files", type=int, default=1000)
    args = ap.parse_args()
    if not args.local_dir or not os.path.isdir(args.local_dir):
        skip("case-insensitive names in a large directory", "no --local-dir")
        return done()

    c = smbconnection.SMBConnection("SMB3KTEST", "127.0.0.1", sess_port=args.port,
                                    preferredDialect=s3.SMB2_DIALECT_30, timeout=30)
    c.login(args.user, args.password)
    tid = c.connectTree(args.share)
    rel = "caseless.%d" % os.getpid()
    local = os.path.join(args.local_dir, rel)
    os.mkdir(local)
    os.chmod(local, 0o777)
    for i in range(args.files):
        open(os.path.join(local, "File-%d.txt" % i), "w").close()

    def opens(name, disp=FILE_OPEN):
        def op():
            fid = c.createFile(tid, rel + "\\" + name, desiredAccess=READ_ATTR,
                               shareMode=7, creationOption=0, creationDisposition=disp)
            c.closeFile(tid, fid)
        return status_of(op)

    check("exact name in a %d-file directory" % args.files, opens("File-7.txt") == 0)
    check("the same name in upper case", opens("FILE-7.TXT") == 0)
    check("the last file in lower case",
          opens("file-%d.txt" % (args.files - 1)) == 0)
    check("an absent name is not found", opens("file-x.txt") == NOT_FOUND)

    # Local changes reach the index (fsnotify).
    open(os.path.join(local, "LocalNew.dat"), "w").close()
    check("a file created locally, asked in another case", opens("localnew.DAT") == 0)
    os.rename(os.path.join(local, "LocalNew.dat"), os.path.join(local, "Moved.dat"))
    check("... renamed locally: the old name is gone", opens("LOCALNEW.dat") == NOT_FOUND)
    check("... the new name is found in any case", opens("mOVED.DAT") == 0)
    os.unlink(os.path.join(local, "Moved.dat"))
    check("... deleted locally: not found", opens("moved.dat") == NOT_FOUND)
    os.rename(os.path.join(local, "File-3.txt"), os.path.join(local, "Gone-3.txt"))
    check("an indexed name renamed locally", opens("file-3.TXT") == NOT_FOUND and
          opens("GONE-3.txt") == 0)

    # Changes through SMB.
    check("create through SMB", opens("Smb-Made.txt", FILE_CREATE) == 0)
    check("... found in another case", opens("SMB-MADE.TXT") == 0)
    check("... creating it again in another case collides",
          opens("smb-made.txt", FILE_CREATE) == 0xC0000035)
    c.deleteFile(args.share, rel + "\\SMB-made.TXT")
    check("... deleted through SMB in another case: gone",
          opens("smb-made.txt") == NOT_FOUND and
          not os.path.exists(os.path.join(local, "Smb-Made.txt")))
    check("a non-ASCII name in another case",
          opens("Ünïcødé.txt", FILE_CREATE) == 0 and opens("üNÏCØDÉ.TXT") == 0)

    # Two names differing only in case on disk: either is a right answer,
    # and removing one leaves the other findable.
    open(os.path.join(local, "twin.txt"), "w").close()
    open(os.path.join(local, "TWIN.txt"), "w").close()
    os.unlink(os.path.join(local, "twin.txt"))
    check("of two case twins, the one left is found", opens("Twin.txt") == 0)

    for n in os.listdir(local):
        os.unlink(os.path.join(local, n))
    os.rmdir(local)
    return done()


if __name__ == "__main__":
    sys.exit(main())
