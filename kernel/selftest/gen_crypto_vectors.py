#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Compute the expected values in crypto_vectors.c in user space.

Independent of the kernel: Python's hmac/hashlib and the 'cryptography'
package (OpenSSL 3 underneath: AES-CMAC, AES-GCM, AES-CCM). The KDF values
are also checked against `openssl kdf ... KBKDF` when the openssl CLI is
there. Prints C array definitions; paste them into crypto_vectors.c.
"""
import hashlib
import hmac
import shutil
import struct
import subprocess

from cryptography.hazmat.primitives import cmac
from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.ciphers.aead import AESCCM, AESGCM


def carr(name, b):
    out = f"static const u8 {name}[{len(b)}] = {{\n"
    for i in range(0, len(b), 12):
        out += "\t" + " ".join(f"0x{x:02x}," for x in b[i:i + 12]) + "\n"
    return out + "};\n"


def kdf(key, label, context, nbytes):
    msg = struct.pack(">I", 1) + label + b"\0" + context + struct.pack(">I", nbytes * 8)
    out = hmac.new(key, msg, hashlib.sha256).digest()[:nbytes]
    if shutil.which("openssl"):
        r = subprocess.run(["openssl", "kdf", "-keylen", str(nbytes),
                            "-kdfopt", "mac:HMAC", "-kdfopt", "digest:SHA256",
                            "-kdfopt", "hexkey:" + key.hex(),
                            "-kdfopt", "hexsalt:" + label.hex(),
                            "-kdfopt", "hexinfo:" + context.hex(), "KBKDF"],
                           capture_output=True, text=True, check=True)
        assert bytes.fromhex(r.stdout.strip().replace(":", "")) == out, label
    return out


def cmac_aes(key, data):
    c = cmac.CMAC(algorithms.AES(key))
    c.update(data)
    return c.finalize()


def smb2_hdr(command, flags, mid, sid, body):
    h = struct.pack("<4sHHIHHIIQIIQ16s", b"\xfeSMB", 64, 1, 0, command, 1, flags,
                    0, mid, 0xfeff, 0x11, sid, b"\xaa" * 16)
    return h + body


out = []
# RFC 4493 section 4 (AES-CMAC) and RFC 4231 test cases 1, 2, 6
# (HMAC-SHA256): the RFCs' values, re-checked here.
ck = bytes.fromhex("2b7e151628aed2a6abf7158809cf4f3c")
cm = bytes.fromhex("6bc1bee22e409f96e93d7e117393172aae2d8a571e03ac9c9eb76fac45af8e51"
                   "30c81c46a35ce411e5fbc1191a0a52eff69f2445df4f9b17ad2b417be66c3710")
rfc4493 = {0: "bb1d6929e95937287fa37d129b756746", 16: "070a16b46b4d4144f79bdd9dd04a287c",
           40: "dfa66747de9ae63030ca32611497c827", 64: "51f0bebf7e3b9d92fc49741779363cfe"}
out.append(carr("v_cmac_key", ck) + carr("v_cmac_msg", cm))
for n, want in rfc4493.items():
    assert cmac_aes(ck, cm[:n]).hex() == want
    out.append(carr(f"v_cmac_{n}", bytes.fromhex(want)))
rfc4231 = ((b"\x0b" * 20, b"Hi There",
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"),
           (b"Jefe", b"what do ya want for nothing?",
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"),
           (b"\xaa" * 131, b"Test Using Larger Than Block-Size Key - Hash Key First",
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"))
for i, (k, d, want) in enumerate(rfc4231):
    assert hmac.new(k, d, hashlib.sha256).hexdigest() == want
    out.append(carr(f"v_hmac{i}_key", k) + carr(f"v_hmac{i}_data", d) +
               carr(f"v_hmac{i}_mac", bytes.fromhex(want)))
# preauth: SHA-512(64 zero bytes || "abc")
out.append(carr("v_preauth_abc", hashlib.sha512(b"\0" * 64 + b"abc").digest()))

# KDF keys
sk = bytes(range(0x10, 0x20))
full = bytes(range(0x40, 0x60))          # a 32-byte "FullSessionKey"
ph = hashlib.sha512(b"smb3k preauth").digest()
out.append(carr("v_kdf_sk", sk) + carr("v_kdf_full", full) + carr("v_kdf_preauth", ph))
out.append(carr("v_kdf30_sign", kdf(sk, b"SMB2AESCMAC\0", b"SmbSign\0", 16)))
out.append(carr("v_kdf30_app", kdf(sk, b"SMB2APP\0", b"SmbRpc\0", 16)))
out.append(carr("v_kdf30_enc", kdf(sk, b"SMB2AESCCM\0", b"ServerOut\0", 16)))
out.append(carr("v_kdf30_dec", kdf(sk, b"SMB2AESCCM\0", b"ServerIn \0", 16)))
# 3.1.1 with AES-256-GCM: signing/app from the first 16 bytes, cipher keys
# from the full key with L = 256
s16 = full[:16]
out.append(carr("v_kdf311_sign", kdf(s16, b"SMBSigningKey\0", ph, 16)))
out.append(carr("v_kdf311_app", kdf(s16, b"SMBAppKey\0", ph, 16)))
out.append(carr("v_kdf311_enc256", kdf(full, b"SMBS2CCipherKey\0", ph, 32)))
out.append(carr("v_kdf311_dec256", kdf(full, b"SMBC2SCipherKey\0", ph, 32)))
out.append(carr("v_kdf311_enc128", kdf(s16, b"SMBS2CCipherKey\0", ph, 16)))
out.append(carr("v_kdf311_dec128", kdf(s16, b"SMBC2SCipherKey\0", ph, 16)))

# Signing: an ECHO request, an ECHO response, a CANCEL request; Signature
# field 0xaa.. (signed as if zero); body padded to 8 like a compound member.
skey = bytes.fromhex("0123456789abcdeffedcba9876543210")
msgs = {
    "req": smb2_hdr(0x0D, 0x08, 0x0102030405060708, 0x1122334455667788,
                    struct.pack("<HH", 4, 0) + b"\0" * 4),
    "rsp": smb2_hdr(0x0D, 0x09, 0x0102030405060708, 0x1122334455667788,
                    struct.pack("<HH", 4, 0) + b"\0" * 4),
    "cancel": smb2_hdr(0x0C, 0x08, 0x77, 0x1122334455667788,
                       struct.pack("<HH", 4, 0) + b"\0" * 4),
}
out.append(carr("v_sign_key", skey))
for n, m in msgs.items():
    z = m[:48] + b"\0" * 16 + m[64:]
    flags = struct.unpack_from("<I", m, 16)[0]
    cmd = struct.unpack_from("<H", m, 12)[0]
    nb = (1 if flags & 1 else 0) | (2 if cmd == 0x0C and not flags & 1 else 0)
    nonce = m[24:32] + struct.pack("<I", nb)
    out.append(carr(f"v_sign_msg_{n}", m))
    out.append(carr(f"v_sign_hmac_{n}", hmac.new(skey, z, hashlib.sha256).digest()[:16]))
    out.append(carr(f"v_sign_cmac_{n}", cmac_aes(skey, z)))
    out.append(carr(f"v_sign_gmac_{n}", AESGCM(skey).encrypt(nonce, b"", z)))

# Encryption: an 80-byte message, fixed nonce, each cipher.
emsg = smb2_hdr(0x08, 0x01, 5, 0x1122334455667788, bytes(range(16)))
out.append(carr("v_enc_msg", emsg))
k128 = bytes.fromhex("000102030405060708090a0b0c0d0e0f")
k256 = bytes(range(0x20, 0x40))
nonce16 = bytes.fromhex("a0a1a2a3a4a5a6a7a8a9aaabacadaeaf")
out.append(carr("v_enc_key128", k128) + carr("v_enc_key256", k256) + carr("v_enc_nonce", nonce16))
for cid, name, key, ccm in ((1, "ccm128", k128, True), (2, "gcm128", k128, False),
                            (3, "ccm256", k256, True), (4, "gcm256", k256, False)):
    nl = 11 if ccm else 12
    nfield = nonce16[:nl] + b"\0" * (16 - nl)
    aad = nfield + struct.pack("<IHHQ", len(emsg), 0, 1, 0x1122334455667788)
    aead = AESCCM(key, tag_length=16) if ccm else AESGCM(key)
    ct = aead.encrypt(nonce16[:nl], emsg, aad)
    th = b"\xfdSMB" + ct[-16:] + aad
    out.append(carr(f"v_enc_{name}", th + ct[:-16]))

print("\n".join(out))
