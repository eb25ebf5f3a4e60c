#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""NEGOTIATE against a running server, decoded field by field (TAP).

  test_negotiate.py [--port 445] [--min 0x202] [--max 0x311] [--guid HEX]

--min/--max are the server's configured dialect range; --guid is the
expected ServerGuid (the daemon's state file), in wire byte order as hex.
"""
import argparse
import struct
import sys
import time

import smbwire as w

NTLMSSP_OID_DER = bytes.fromhex("060a2b0601040182370202 0a".replace(" ", ""))
ALL = [0x202, 0x210, 0x300, 0x302, 0x311]

results = []


def check(name, cond, detail=""):
    results.append(bool(cond))
    n = len(results)
    print(("ok %d - %s" if cond else "not ok %d - %s") % (n, name), flush=True)
    if not cond and detail:
        print("# " + str(detail).replace("\n", "\n# "), flush=True)


def negotiate(args, msg):
    c = w.Conn(port=args.port)
    c.send(msg)
    rsp = c.recv()
    return c, rsp


def expect_disconnect(args, name, msgs, raw=False):
    c = w.Conn(port=args.port)
    try:
        for m in msgs:
            c.send_raw(m) if raw else c.send(m)
        rsp = c.recv()
        check(name, rsp is None, "got a reply: %r" % (rsp[:16] if rsp else rsp))
    finally:
        c.close()


def filetime_now():
    return int(time.time() * 10**7) + 116444736000000000


def highest(args, offered):
    ok = [d for d in offered if args.min <= d <= args.max]
    return max(ok) if ok else None


def test_basic(args, dialects, contexts=None):
    label = "/".join("%x" % d for d in dialects)
    c, rsp = negotiate(args, w.negotiate_request(dialects, contexts, message_id=0))
    c.close()
    want = highest(args, dialects)
    if want is None:
        r = w.parse_negotiate_response(rsp)
        check("%s: no common dialect -> STATUS_NOT_SUPPORTED" % label,
              r["header"]["status"] == w.STATUS_NOT_SUPPORTED, r["header"])
        return None
    r = w.parse_negotiate_response(rsp)
    h = r["header"]
    check("%s: status success" % label, h["status"] == 0, h)
    if h["status"]:
        return None
    check("%s: response header (command, flags, credits, message id)" % label,
          h["command"] == w.NEGOTIATE and h["flags"] & 1 and h["credits"] >= 1
          and h["message_id"] == 0 and h["structure_size"] == 64, h)
    check("%s: StructureSize 65" % label, r["structure_size"] == 65)
    check("%s: dialect %#x chosen" % (label, want), r["dialect"] == want,
          "got %#x" % r["dialect"])
    check("%s: SecurityMode has SIGNING_ENABLED" % label,
          r["security_mode"] & 1, r["security_mode"])
    # The default "server signing = auto" requires signing from 3.0 on.
    check("%s: SIGNING_REQUIRED %s" % (label, "set (3.x)" if want >= 0x300 else
                                       "clear (2.x)"),
          bool(r["security_mode"] & 2) == (want >= 0x300), r["security_mode"])
    if args.guid:
        check("%s: ServerGuid is the daemon's" % label,
              r["server_guid"].hex() == args.guid.lower(),
              r["server_guid"].hex())
    check("%s: max sizes >= 64 KiB" % label,
          min(r["max_transact"], r["max_read"], r["max_write"]) >= 65536,
          (r["max_transact"], r["max_read"], r["max_write"]))
    check("%s: no LARGE_MTU without multi-credit support" % label,
          not (r["capabilities"] & 4) or r["max_read"] > 65536,
          r["capabilities"])
    check("%s: SystemTime is now" % label,
          abs(r["system_time"] - filetime_now()) < 3600 * 10**7,
          r["system_time"])
    sb = r["security_buffer"]
    check("%s: security buffer at 128 is SPNEGO offering NTLMSSP" % label,
          r["security_buffer_offset"] == 128 and sb[:1] == b"\x60" and
          NTLMSSP_OID_DER in sb, sb.hex())
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--port", type=int, default=445)
    ap.add_argument("--min", type=lambda s: int(s, 0), default=0x202)
    ap.add_argument("--max", type=lambda s: int(s, 0), default=0x311)
    ap.add_argument("--guid", default=None)
    args = ap.parse_args()

    test_basic(args, [0x202])
    test_basic(args, [0x202, 0x210, 0x300, 0x302])
    test_basic(args, [0x210])
    test_basic(args, [0x0100, 0x0fff])

    r = test_basic(args, ALL, [w.preauth_context(), w.cipher_context([1, 2]),
                               w.signing_context([1, 2])])
    if r and r["dialect"] == 0x311:
        pre = r["contexts"].get(w.PREAUTH_CTX)
        check("3.1.1: preauth context with SHA-512 and a 32-byte salt",
              pre is not None and struct.unpack_from("<HHH", pre) == (1, 32, 1)
              and len(pre) == 6 + 32, pre)
        check("3.1.1: NegotiateContextOffset 8-aligned, after the buffer",
              r["context_offset"] % 8 == 0 and
              r["context_offset"] >= 128 + len(r["security_buffer"]),
              r["context_offset"])
        check("3.1.1: no encryption context while no cipher is supported",
              w.ENCRYPTION_CTX not in r["contexts"] or
              struct.unpack_from("<HH", r["contexts"][w.ENCRYPTION_CTX]) != (1, 0),
              r["contexts"])

    if args.max >= 0x311:
        c, rsp = negotiate(args, w.negotiate_request([0x311]))
        c.close()
        st = w.parse_negotiate_response(rsp)["header"]["status"]
        check("3.1.1 without preauth context -> INVALID_PARAMETER",
              st == w.STATUS_INVALID_PARAMETER, hex(st))
        c, rsp = negotiate(args, w.negotiate_request(
            [0x311], [w.preauth_context(hashes=(2,))]))
        c.close()
        st = w.parse_negotiate_response(rsp)["header"]["status"]
        check("3.1.1 without SHA-512 -> NO_PREAUTH_INTEGRITY_HASH_OVERLAP",
              st == w.STATUS_NO_PREAUTH_OVERLAP, hex(st))
        bad = bytearray(w.negotiate_request([0x311], [w.preauth_context()]))
        struct.pack_into("<I", bad, 64 + 28, 4096)  # context offset past end
        c, rsp = negotiate(args, bytes(bad))
        c.close()
        st = w.parse_negotiate_response(rsp)["header"]["status"]
        check("3.1.1 context offset past the end -> INVALID_PARAMETER",
              st == w.STATUS_INVALID_PARAMETER, hex(st))

    bad = bytearray(w.negotiate_request([0x202]))
    struct.pack_into("<H", bad, 64 + 2, 0)
    c, rsp = negotiate(args, bytes(bad))
    c.close()
    st = w.parse_negotiate_response(rsp)["header"]["status"]
    check("DialectCount 0 -> INVALID_PARAMETER", st == w.STATUS_INVALID_PARAMETER, hex(st))

    bad = bytearray(w.negotiate_request([0x202, 0x210]))
    struct.pack_into("<H", bad, 64 + 2, 200)  # dialects past the end
    c, rsp = negotiate(args, bytes(bad))
    c.close()
    st = w.parse_negotiate_response(rsp)["header"]["status"] if rsp else None
    check("DialectCount past the end -> INVALID_PARAMETER",
          st == w.STATUS_INVALID_PARAMETER, st)

    c, rsp = negotiate(args, w.negotiate_request([0x202], flags=8))
    c.close()
    st = w.parse_negotiate_response(rsp)["header"]["status"]
    check("signed NEGOTIATE -> INVALID_PARAMETER", st == w.STATUS_INVALID_PARAMETER, hex(st))

    # Connection state rules (MS-SMB2 3.3.5.2.2, 3.3.5.4, 3.3.5.2.6).
    c, rsp = negotiate(args, w.negotiate_request(ALL, [w.preauth_context()]))
    first = w.parse_negotiate_response(rsp)["header"]["status"]
    c.send(w.negotiate_request(ALL, [w.preauth_context()], message_id=1))
    check("second NEGOTIATE on a connection -> disconnect",
          first == 0 and c.recv() is None, hex(first))
    c.close()
    expect_disconnect(args, "ECHO before NEGOTIATE -> disconnect, no reply",
                      [w.smb2_header(w.ECHO) + struct.pack("<HH", 4, 0)])
    expect_disconnect(args, "truncated SMB2 header -> disconnect",
                      [w.smb2_header(w.NEGOTIATE)[:40]])
    expect_disconnect(args, "unknown protocol id -> disconnect",
                      [b"\x00ABC" + b"\0" * 100])
    expect_disconnect(args, "frame longer than the pre-auth limit -> disconnect",
                      [struct.pack(">I", 16 << 20) + b"\0" * 64], raw=True)
    expect_disconnect(args, "NetBIOS session request frame -> disconnect",
                      [b"\x81\0\0\x44" + b" " * 68], raw=True)
    c, rsp = negotiate(args, w.negotiate_request(ALL, [w.preauth_context()]))
    c.send(w.smb2_header(0x99))
    check("unknown command after NEGOTIATE -> disconnect", c.recv() is None)
    c.close()

    # Multi-protocol SMB1 negotiate, as Windows and smbclient send it (3.3.5.3).
    win = ["PC NETWORK PROGRAM 1.0", "LANMAN1.0", "NT LM 0.12", "SMB 2.002", "SMB 2.???"]
    c, rsp = negotiate(args, w.smb1_negotiate_request(win))
    if args.max >= 0x210:
        r = w.parse_negotiate_response(rsp)
        check("SMB1 offering SMB 2.??? -> SMB2 response, dialect 0x02ff",
              r["header"]["status"] == 0 and r["dialect"] == 0x02FF, r.get("dialect"))
        c.send(w.negotiate_request(ALL, [w.preauth_context()], message_id=1))
        r = w.parse_negotiate_response(c.recv())
        check("then SMB2 NEGOTIATE on the same connection picks %#x" % highest(args, ALL),
              r["header"]["status"] == 0 and r["dialect"] == highest(args, ALL) and
              r["header"]["message_id"] == 1, r.get("dialect"))
    c.close()

    if args.min <= 0x202:
        c, rsp = negotiate(args, w.smb1_negotiate_request(["NT LM 0.12", "SMB 2.002"]))
        r = w.parse_negotiate_response(rsp)
        check("SMB1 offering only SMB 2.002 -> SMB2 response, dialect 0x0202",
              r["header"]["status"] == 0 and r["dialect"] == 0x0202, r.get("dialect"))
        c.close()

    c, rsp = negotiate(args, w.smb1_negotiate_request(["PC NETWORK PROGRAM 1.0", "NT LM 0.12"]))
    ok = rsp is not None and rsp[:4] == w.SMB1_MAGIC
    r = w.parse_smb1_negotiate_response(rsp) if ok else {}
    check("SMB1-only client -> SMB1 reply with DialectIndex 0xFFFF",
          ok and r["command"] == 0x72 and r["dialect_index"] == 0xFFFF, r)
    check("SMB1-only client -> then disconnected", c.recv() is None)
    c.close()

    print("1..%d" % len(results))
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
