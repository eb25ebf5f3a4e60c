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


# --- Sessions, tree connects and compound chains (test_malformed.py) ---

LOGOFF, TREE_CONNECT, TREE_DISCONNECT = 2, 3, 4
CREATE, CLOSE, FLUSH, READ, WRITE, LOCK, IOCTL, CANCEL = 5, 6, 7, 8, 9, 10, 11, 12
QUERY_DIRECTORY, CHANGE_NOTIFY, QUERY_INFO, SET_INFO, OPLOCK_BREAK = 14, 15, 16, 17, 18

FLAGS_RESPONSE, FLAGS_ASYNC, FLAGS_RELATED, FLAGS_SIGNED = 1, 2, 4, 8
SESSION_FLAG_BINDING = 1

STATUS_MORE_PROCESSING_REQUIRED = 0xC0000016
STATUS_ACCESS_DENIED = 0xC0000022
STATUS_LOGON_FAILURE = 0xC000006D
STATUS_NETWORK_NAME_DELETED = 0xC00000C9
STATUS_BAD_NETWORK_NAME = 0xC00000CC
STATUS_REQUEST_NOT_ACCEPTED = 0xC00000D0
STATUS_USER_SESSION_DELETED = 0xC0000203


def session_setup_request(blob, session_id=0, message_id=0, flags=0,
                          security_mode=1, structure_size=25, blob_offset=None,
                          blob_len=None, previous_session_id=0, hdr_flags=0):
    """SMB2 SESSION_SETUP (MS-SMB2 2.2.5); offset/length may be made to lie."""
    off = 64 + 24 if blob_offset is None else blob_offset
    n = len(blob) if blob_len is None else blob_len
    body = struct.pack("<HBBIIHHQ", structure_size, flags, security_mode, 0, 0,
                       off if blob or blob_offset is not None else 0, n,
                       previous_session_id)
    return smb2_header(SESSION_SETUP, message_id, credits=256, flags=hdr_flags,
                       session_id=session_id) + body + blob


def tree_connect_request(path, session_id, message_id=0, path_offset=None,
                         path_len=None, structure_size=9, raw_path=None,
                         hdr_flags=0):
    """SMB2 TREE_CONNECT (2.2.9); path: str, or raw_path: UTF-16LE bytes."""
    p = raw_path if raw_path is not None else path.encode("utf-16-le")
    off = 64 + 8 if path_offset is None else path_offset
    n = len(p) if path_len is None else path_len
    body = struct.pack("<HHHH", structure_size, 0, off, n)
    return smb2_header(TREE_CONNECT, message_id, credits=256, flags=hdr_flags,
                       session_id=session_id) + body + p


def simple_request(command, session_id=0, tree_id=0, message_id=0, hdr_flags=0):
    """LOGOFF, TREE_DISCONNECT or ECHO: StructureSize 4, Reserved."""
    return smb2_header(command, message_id, credits=256, flags=hdr_flags,
                       session_id=session_id, tree_id=tree_id) + \
        struct.pack("<HH", 4, 0)


def compound(msgs, related=False):
    """Chain whole SMB2 messages: each but the last padded to 8 bytes with
    NextCommand set; related sets SMB2_FLAGS_RELATED_OPERATIONS on all but
    the first."""
    out = b""
    for i, m in enumerate(msgs):
        m = bytearray(m)
        if related and i:
            struct.pack_into("<I", m, 16, struct.unpack_from("<I", m, 16)[0] | FLAGS_RELATED)
        if i + 1 < len(msgs):
            m += b"\0" * (-len(m) % 8)
            struct.pack_into("<I", m, 20, len(m))
        out += bytes(m)
    return out


def split_compound(msg):
    """The messages of a (possibly compound) response."""
    out, off = [], 0
    while True:
        nxt = struct.unpack_from("<I", msg, off + 20)[0]
        out.append(msg[off:off + nxt] if nxt else msg[off:])
        if not nxt:
            return out
        off += nxt


def status_of(msg):
    return struct.unpack_from("<I", msg, 8)[0]


class Client(Conn):
    """A connection that negotiates and logs in with NTLMSSP in SPNEGO.

    The NTLMSSP tokens come from impacket (imported here only); the SMB2
    messages are built by hand above.
    """

    def __init__(self, host="127.0.0.1", port=445, timeout=10, dialect=0x210):
        super().__init__(host, port, timeout)
        self.mid = 0
        self.session_id = 0
        self.session_key = None
        self.dialect = dialect

    def next_mid(self):
        self.mid += 1
        return self.mid

    def call(self, msg):
        """Send one message, return the response (None on disconnect)."""
        self.send(msg)
        return self.recv()

    def negotiate(self):
        rsp = self.call(negotiate_request([self.dialect], message_id=0))
        r = parse_negotiate_response(rsp)
        assert r["header"]["status"] == 0, "negotiate failed: %#x" % r["header"]["status"]
        return r

    def login(self, user="test", password="test", domain=""):
        """Two SESSION_SETUP round trips; returns the final status."""
        from impacket import ntlm
        from impacket.spnego import (SPNEGO_NegTokenInit, SPNEGO_NegTokenResp,
                                     TypesMech)
        init = SPNEGO_NegTokenInit()
        init["MechTypes"] = [TypesMech["NTLMSSP - Microsoft NTLM Security Support Provider"]]
        type1 = ntlm.getNTLMSSPType1("", domain, False)
        init["MechToken"] = type1.getData()
        rsp = self.call(session_setup_request(init.getData(), 0, self.next_mid()))
        if rsp is None:
            raise ConnectionError("disconnected in SESSION_SETUP 1")
        st = status_of(rsp)
        if st != STATUS_MORE_PROCESSING_REQUIRED:
            return st
        sid = parse_smb2_header(rsp)["session_id"]
        off, n = struct.unpack_from("<HH", rsp, 64 + 4)
        challenge = SPNEGO_NegTokenResp(rsp[off:off + n])["ResponseToken"]
        type3, key = ntlm.getNTLMSSPType3(type1, challenge, user, password, domain)
        auth = SPNEGO_NegTokenResp()
        auth["ResponseToken"] = type3.getData()
        rsp = self.call(session_setup_request(auth.getData(), sid, self.next_mid()))
        if rsp is None:
            raise ConnectionError("disconnected in SESSION_SETUP 2")
        st = status_of(rsp)
        if st == 0:
            self.session_id, self.session_key = sid, key
        return st

    def tree_connect(self, share, session_id=None):
        """Returns (status, tree id)."""
        sid = self.session_id if session_id is None else session_id
        rsp = self.call(tree_connect_request("\\\\127.0.0.1\\" + share, sid,
                                             self.next_mid()))
        if rsp is None:
            raise ConnectionError("disconnected in TREE_CONNECT")
        return status_of(rsp), struct.unpack_from("<I", rsp, 36)[0]


def connect_and_login(port=445, user="test", password="test", dialect=0x210):
    c = Client(port=port, dialect=dialect)
    c.negotiate()
    st = c.login(user, password)
    assert st == 0, "login failed: %#x" % st
    return c
