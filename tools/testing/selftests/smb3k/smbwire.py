# SPDX-License-Identifier: GPL-2.0
"""Hand-built SMB2/SMB1 NEGOTIATE messages and a decoder for the responses.

Used by the selftests to check smb3k's answers field by field, independent
of the server's own codec.
"""
import socket
import struct
import uuid

SMB2_MAGIC = b"\xfeSMB"
SMB1_MAGIC = b"\xffSMB"

NEGOTIATE, SESSION_SETUP, ECHO = 0, 1, 13
PREAUTH_CTX, ENCRYPTION_CTX, COMPRESSION_CTX = 1, 2, 3
NETNAME_CTX, TRANSPORT_CTX, SIGNING_CTX = 5, 6, 8
SHA512 = 1

STATUS_SUCCESS = 0
STATUS_INVALID_PARAMETER = 0xC000000D
STATUS_NOT_SUPPORTED = 0xC00000BB
STATUS_NO_PREAUTH_OVERLAP = 0xC05D0000


def smb2_header(command, message_id=0, credits=1, flags=0, next_command=0,
                session_id=0, tree_id=0, credit_charge=0):
    return struct.pack("<4sHHIHHIIQIIQ16s", SMB2_MAGIC, 64, credit_charge, 0,
                       command, credits, flags, next_command, message_id, 0,
                       tree_id, session_id, b"\0" * 16)


def neg_context(ctype, data):
    return struct.pack("<HHI", ctype, len(data), 0) + data


def preauth_context(hashes=(SHA512,), salt=b"\x11" * 32):
    return neg_context(PREAUTH_CTX, struct.pack("<HH", len(hashes), len(salt)) +
                       b"".join(struct.pack("<H", h) for h in hashes) + salt)


def cipher_context(ciphers):
    return neg_context(ENCRYPTION_CTX, struct.pack("<H", len(ciphers)) +
                       b"".join(struct.pack("<H", c) for c in ciphers))


def signing_context(algs):
    return neg_context(SIGNING_CTX, struct.pack("<H", len(algs)) +
                       b"".join(struct.pack("<H", a) for a in algs))


def negotiate_request(dialects, contexts=None, security_mode=1,
                      capabilities=0x7f, client_guid=None, message_id=0,
                      flags=0):
    """SMB2 NEGOTIATE (MS-SMB2 2.2.3). contexts: list of neg_context() blobs."""
    client_guid = client_guid or uuid.uuid4().bytes_le
    contexts = contexts or []
    dlist = b"".join(struct.pack("<H", d) for d in dialects)
    fixed_len = 64 + 36 + len(dlist)
    ctx_off = (fixed_len + 7) & ~7 if contexts else 0
    body = struct.pack("<HHHHI16sIHH", 36, len(dialects), security_mode, 0,
                       capabilities, client_guid, ctx_off, len(contexts), 0)
    msg = smb2_header(NEGOTIATE, message_id, flags=flags) + body + dlist
    if contexts:
        msg += b"\0" * (ctx_off - len(msg))
        for i, c in enumerate(contexts):
            msg += c
            if i + 1 < len(contexts):
                msg += b"\0" * (((len(msg) + 7) & ~7) - len(msg))
    return msg


def smb1_negotiate_request(dialects):
    """SMB_COM_NEGOTIATE with the given dialect strings (MS-CIFS 2.2.4.52)."""
    data = b"".join(b"\x02" + d.encode() + b"\0" for d in dialects)
    hdr = struct.pack("<4sBIBHH8sHHHHH", SMB1_MAGIC, 0x72, 0, 0x18, 0xc853,
                      0, b"\0" * 8, 0, 0, 0xfeff, 0, 0)
    return hdr + struct.pack("<BH", 0, len(data)) + data


def frame(msg):
    return struct.pack(">I", len(msg)) + msg


class Conn:
    def __init__(self, host="127.0.0.1", port=445, timeout=10):
        self.sock = socket.create_connection((host, port), timeout=timeout)

    def send(self, msg):
        self.sock.sendall(frame(msg))

    def send_raw(self, data):
        self.sock.sendall(data)

    def recv(self):
        """One message, or None when the server closed the connection."""
        hdr = self._recv_exact(4)
        if hdr is None:
            return None
        n = struct.unpack(">I", hdr)[0]
        if n >> 24:
            raise ValueError("bad frame type %#x" % (n >> 24))
        return self._recv_exact(n)

    def closed(self):
        """True when the server closed (EOF or reset) without sending more."""
        try:
            return self.sock.recv(1) == b""
        except ConnectionResetError:
            return True
        except socket.timeout:
            return False

    def _recv_exact(self, n):
        buf = b""
        while len(buf) < n:
            try:
                chunk = self.sock.recv(n - len(buf))
            except ConnectionResetError:
                return None
            if not chunk:
                return None
            buf += chunk
        return buf

    def close(self):
        self.sock.close()


def parse_smb2_header(msg):
    (magic, size, charge, status, cmd, credits, flags, nextc, mid, pid, tid,
     sid, sig) = struct.unpack_from("<4sHHIHHIIQIIQ16s", msg, 0)
    assert magic == SMB2_MAGIC, "not an SMB2 message: %r" % magic[:4]
    return dict(structure_size=size, status=status, command=cmd,
                credits=credits, flags=flags, next_command=nextc,
                message_id=mid, session_id=sid)


def parse_negotiate_response(msg):
    """Decode an SMB2 NEGOTIATE response (MS-SMB2 2.2.4) with its contexts."""
    h = parse_smb2_header(msg)
    body = msg[64:]
    r = dict(header=h)
    if h["status"] != STATUS_SUCCESS:
        r["error_structure_size"] = struct.unpack_from("<H", body, 0)[0]
        return r
    (size, secmode, dialect, ctx_count, guid, caps, max_trans, max_read,
     max_write, systime, start, sec_off, sec_len,
     ctx_off) = struct.unpack_from("<HHHH16sIIIIQQHHI", body, 0)
    r.update(structure_size=size, security_mode=secmode, dialect=dialect,
             ctx_count=ctx_count, server_guid=guid, capabilities=caps,
             max_transact=max_trans, max_read=max_read, max_write=max_write,
             system_time=systime, security_buffer_offset=sec_off,
             security_buffer=msg[sec_off:sec_off + sec_len],
             context_offset=ctx_off, contexts={})
    assert sec_off + sec_len <= len(msg), "security buffer past the end"
    off = ctx_off
    for i in range(ctx_count if dialect == 0x0311 else 0):
        assert off % 8 == 0, "negotiate context %d not 8-aligned" % i
        ctype, dlen, _ = struct.unpack_from("<HHI", msg, off)
        data = msg[off + 8:off + 8 + dlen]
        assert len(data) == dlen, "context %d past the end" % i
        r["contexts"][ctype] = data
        off = (off + 8 + dlen + 7) & ~7
    return r


def parse_smb1_negotiate_response(msg):
    assert msg[:4] == SMB1_MAGIC
    cmd = msg[4]
    word_count = msg[32]
    dialect_index = struct.unpack_from("<H", msg, 33)[0] if word_count else None
    return dict(command=cmd, word_count=word_count, dialect_index=dialect_index)
