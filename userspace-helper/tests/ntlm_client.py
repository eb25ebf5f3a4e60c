#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Round trips against build/test/ntlm_server with impacket's NTLM client.

usage: ntlm_client.py NTLM_SERVER_BINARY
Prints one line per check: "ok - DESC" or "not ok - DESC"; exits 77 (after
"skip - REASON") when impacket is missing.
"""
import subprocess
import sys

try:
    from impacket import ntlm
    from impacket.spnego import SPNEGO_NegTokenInit, SPNEGO_NegTokenResp, TypesMech
    from Cryptodome.Cipher import ARC4
except ImportError as e:  # pragma: no cover
    print("skip - impacket not available: %s" % e)
    sys.exit(77)

NTLM_MECH = 'NTLMSSP - Microsoft NTLM Security Support Provider'
KRB5_MECH = 'KRB5 - Kerberos 5'
OK, MORE, LOGON_FAILURE, DISABLED, INVALID = 0, 0xC0000016, 0xC000006D, 0xC0000072, 0xC000000D
failures = 0


def check(cond, desc):
    global failures
    if not cond:
        failures += 1
    print("%sok - %s" % ("" if cond else "not ", desc), flush=True)


class Server:
    def __init__(self, binary, *args):
        self.p = subprocess.Popen([binary] + list(args), stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, text=True)

    def setup(self, sid, blob):
        self.p.stdin.write("SETUP %d %s\n" % (sid, blob.hex()))
        self.p.stdin.flush()
        line = self.p.stdout.readline().split()
        r = dict(kv.split("=", 1) for kv in line)
        r["status"] = int(r["status"], 16)
        r["blob"] = b"" if r["blob"] == "-" else bytes.fromhex(r["blob"])
        r["key"] = b"" if r["key"] == "-" else bytes.fromhex(r["key"])
        return r

    def close(self):
        self.p.stdin.close()
        return self.p.wait()


# minimal DER, written here for the test (not the server's code)
def der(tag, content):
    n = len(content)
    if n < 0x80:
        ln = bytes([n])
    else:
        b = n.to_bytes((n.bit_length() + 7) // 8, "big")
        ln = bytes([0x80 | len(b)]) + b
    return bytes([tag]) + ln + content


def der_read(buf):
    tag, n = buf[0], buf[1]
    off = 2
    if n & 0x80:
        k = n & 0x7F
        n = int.from_bytes(buf[2:2 + k], "big")
        off += k
    return tag, buf[off:off + n], buf[off + n:]


def parse_resp(blob):
    """negTokenResp -> {field number: inner TLV content}"""
    tag, seq, _ = der_read(blob)
    assert tag == 0xA1
    tag, body, _ = der_read(seq)
    assert tag == 0x30
    out = {}
    while body:
        tag, inner, body = der_read(body)
        _, val, _ = der_read(inner)
        out[tag & 0x1F] = val
    return out


def mech_types_der(mechs):
    return der(0x30, b"".join(der(0x06, TypesMech[m]) for m in mechs))


def neg_token_resp(token, mic=None):
    body = der(0xA2, der(0x04, token))
    if mic is not None:
        body += der(0xA3, der(0x04, mic))
    return der(0xA1, der(0x30, body))


def mac(flags, key, mode, data):
    seal = ARC4.new(ntlm.SEALKEY(flags, key, mode))
    return ntlm.MAC(flags, seal.encrypt, ntlm.SIGNKEY(flags, key, mode), 0, data).getData()


def spnego_login(srv, sid, user, password, domain="", mechs=(NTLM_MECH,), send_mic=True,
                 bad_mic=False):
    t1 = ntlm.getNTLMSSPType1("WS", "", signingRequired=True)
    init = SPNEGO_NegTokenInit()
    init["MechTypes"] = [TypesMech[m] for m in mechs]
    if mechs[0] == NTLM_MECH:
        init["MechToken"] = t1.getData()
    r = srv.setup(sid, init.getData())
    if mechs[0] != NTLM_MECH:
        check(r["status"] == MORE, "krb5 first: MORE_PROCESSING_REQUIRED without a token")
        f = parse_resp(r["blob"])
        check(f.get(0) == b"\x01" and f.get(1) == TypesMech[NTLM_MECH] and 2 not in f,
              "krb5 first: accept-incomplete, supportedMech NTLMSSP, no responseToken")
        r = srv.setup(sid, neg_token_resp(t1.getData()))
    if r["status"] != MORE:
        return r, None
    resp = SPNEGO_NegTokenResp(r["blob"])
    t2 = resp["ResponseToken"]
    t3, key = ntlm.getNTLMSSPType3(t1, t2, user, password, domain)
    mic = None
    mt = mech_types_der(mechs)
    if send_mic:
        mic = mac(t3["flags"], key, "Client", mt)
        if bad_mic:
            mic = mic[:4] + bytes([mic[4] ^ 1]) + mic[5:]
    r = srv.setup(sid, neg_token_resp(t3.getData(), mic))
    r["mech_types"] = mt
    r["ntlm_flags"] = t3["flags"]
    return r, key


def main():
    binary = sys.argv[1]
    srv = Server(binary, "--user", "alice:S3cret!", "--user", "Bob:pw:disabled")

    # raw NTLMSSP
    t1 = ntlm.getNTLMSSPType1("WS", "", signingRequired=True)
    r = srv.setup(1, t1.getData())
    check(r["status"] == MORE and r["blob"][:8] == b"NTLMSSP\0",
          "raw: NEGOTIATE -> CHALLENGE, MORE_PROCESSING_REQUIRED")
    ch = ntlm.NTLMAuthChallenge(r["blob"])
    check(ch["challenge"] != b"\0" * 8 and ch["flags"] & ntlm.NTLMSSP_NEGOTIATE_TARGET_INFO,
          "raw: CHALLENGE has a challenge and TargetInfo")
    av = ntlm.AV_PAIRS(ch["TargetInfoFields"])
    check(av[ntlm.NTLMSSP_AV_HOSTNAME][1] == "SMB3KTEST".encode("utf-16le") and
          av[ntlm.NTLMSSP_AV_DNS_HOSTNAME] is not None and av[ntlm.NTLMSSP_AV_TIME] is not None,
          "raw: AV pairs (NetBIOS name, DNS name, timestamp)")
    t3, key = ntlm.getNTLMSSPType3(t1, r["blob"], "ALICE", "S3cret!", "SOMEDOM")
    r = srv.setup(1, t3.getData())
    check(r["status"] == OK and r["blob"] == b"", "raw: right password -> SUCCESS, no token")
    check(r["key"] == key, "raw: session key == impacket's exportedSessionKey")
    check(r["user"] == "alice" and r["domain"] == "SOMEDOM" and r["flags"] == "0",
          "raw: user as in passdb, client's domain, not guest")

    r = srv.setup(2, t1.getData())
    t3, key = ntlm.getNTLMSSPType3(t1, r["blob"], "alice", "wrong", "")
    r = srv.setup(2, t3.getData())
    check(r["status"] == LOGON_FAILURE, "raw: wrong password -> LOGON_FAILURE")
    r = srv.setup(2, t3.getData())
    check(r["status"] == INVALID, "raw: AUTHENTICATE after failure (state dropped) -> INVALID_PARAMETER")

    r = srv.setup(3, t1.getData())
    t3, key = ntlm.getNTLMSSPType3(t1, r["blob"], "bob", "pw", "")
    r = srv.setup(3, t3.getData())
    check(r["status"] == DISABLED, "raw: disabled user -> ACCOUNT_DISABLED")

    r = srv.setup(4, t1.getData())
    t3, key = ntlm.getNTLMSSPType3(t1, r["blob"], "nobody-here", "x", "")
    r = srv.setup(4, t3.getData())
    check(r["status"] == LOGON_FAILURE, "raw: unknown user -> LOGON_FAILURE (map to guest = never)")

    r = srv.setup(5, t1.getData())
    t3, key = ntlm.getNTLMSSPType3(t1, r["blob"], "", "", "")
    r = srv.setup(5, t3.getData())
    check(r["status"] == OK and r["flags"] == "2", "raw: anonymous -> null session")

    r = srv.setup(6, t1.getData())
    t3, key = ntlm.getNTLMSSPType3(t1, r["blob"], "alice", "S3cret!", "", use_ntlmv2=False)
    r = srv.setup(6, t3.getData())
    check(r["status"] == LOGON_FAILURE, "raw: NTLMv1 -> LOGON_FAILURE")

    # SPNEGO
    r, key = spnego_login(srv, 10, "alice", "S3cret!", "WG")
    check(r["status"] == OK and r["key"] == key, "spnego: success, key == exportedSessionKey")
    f = parse_resp(r["blob"])
    check(f.get(0) == b"\x00", "spnego: final negState accept-completed")
    check(f.get(3) == mac(r["ntlm_flags"], key, "Server", r["mech_types"]),
          "spnego: server mechListMIC verifies with impacket's MAC (server keys)")

    r, key = spnego_login(srv, 11, "alice", "S3cret!", send_mic=False)
    check(r["status"] == OK and 3 not in parse_resp(r["blob"]),
          "spnego: no client MIC, NTLMSSP first -> success without mechListMIC")

    r, key = spnego_login(srv, 12, "alice", "S3cret!", bad_mic=True)
    check(r["status"] == LOGON_FAILURE and parse_resp(r["blob"]).get(0) == b"\x02",
          "spnego: bad client mechListMIC -> LOGON_FAILURE, reject")

    r, key = spnego_login(srv, 13, "alice", "S3cret!", mechs=(KRB5_MECH, NTLM_MECH))
    check(r["status"] == OK and 3 in parse_resp(r["blob"]),
          "spnego: krb5 first, NTLMSSP second, with MIC -> success with mechListMIC")
    r, key = spnego_login(srv, 14, "alice", "S3cret!", mechs=(KRB5_MECH, NTLM_MECH),
                          send_mic=False)
    check(r["status"] == LOGON_FAILURE, "spnego: krb5 first and no mechListMIC -> LOGON_FAILURE")

    r, key = spnego_login(srv, 15, "alice", "nope")
    check(r["status"] == LOGON_FAILURE and parse_resp(r["blob"]).get(0) == b"\x02",
          "spnego: wrong password -> LOGON_FAILURE, negState reject")

    r = srv.setup(16, neg_token_resp(t1.getData()))
    check(r["status"] == INVALID, "spnego: negTokenResp first -> INVALID_PARAMETER")
    check(srv.close() == 0, "driver exits cleanly (no ASan report)")

    srv = Server(binary, "--guest", "bad-user", "--user", "alice:S3cret!")
    r, key = spnego_login(srv, 1, "stranger", "x")
    check(r["status"] == OK and r["flags"] == "1" and r["key"] == b"\0" * 16,
          "map to guest = bad user: unknown user -> guest, zero key")
    r, key = spnego_login(srv, 2, "alice", "bad")
    check(r["status"] == LOGON_FAILURE, "map to guest = bad user: bad password still fails")
    check(srv.close() == 0, "guest driver exits cleanly")

    srv = Server(binary, "--guest", "bad-password", "--user", "alice:S3cret!")
    r, key = spnego_login(srv, 1, "alice", "bad")
    check(r["status"] == OK and r["flags"] == "1", "map to guest = bad password: -> guest")
    check(srv.close() == 0, "bad-password driver exits cleanly")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
