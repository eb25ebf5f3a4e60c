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
STATUS_INVALID_OPLOCK_PROTOCOL = 0xC00000E3
STATUS_UNSUCCESSFUL = 0xC0000001
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


# --- File commands (test_malformed_files.py) ---
#
# Builders of request bodies: every offset, length and count defaults to
# the honest value and may be overridden to lie. Offsets count from the
# start of the SMB2 header, which request() puts in front (64 bytes).

HDR_SIZE = 64
FILEID_NONE = b"\xff" * 16         # { -1, -1 }

STATUS_PENDING = 0x00000103
STATUS_NOTIFY_CLEANUP = 0x0000010B
STATUS_NOTIFY_ENUM_DIR = 0x0000010C
STATUS_BUFFER_OVERFLOW = 0x80000005
STATUS_NO_MORE_FILES = 0x80000006
STATUS_INVALID_EA_NAME = 0x80000013
STATUS_EA_LIST_INCONSISTENT = 0x80000014
STATUS_INVALID_INFO_CLASS = 0xC0000003
STATUS_INFO_LENGTH_MISMATCH = 0xC0000004
STATUS_INVALID_HANDLE = 0xC0000008
STATUS_NO_SUCH_FILE = 0xC000000F
STATUS_INVALID_DEVICE_REQUEST = 0xC0000010
STATUS_END_OF_FILE = 0xC0000011
STATUS_BUFFER_TOO_SMALL = 0xC0000023
STATUS_OBJECT_NAME_INVALID = 0xC0000033
STATUS_OBJECT_NAME_NOT_FOUND = 0xC0000034
STATUS_OBJECT_NAME_COLLISION = 0xC0000035
STATUS_OBJECT_PATH_INVALID = 0xC0000039
STATUS_OBJECT_PATH_NOT_FOUND = 0xC000003A
STATUS_OBJECT_PATH_SYNTAX_BAD = 0xC000003B
STATUS_SHARING_VIOLATION = 0xC0000043
STATUS_EAS_NOT_SUPPORTED = 0xC000004F
STATUS_NONEXISTENT_EA_ENTRY = 0xC0000051
STATUS_NO_EAS_ON_FILE = 0xC0000052
STATUS_FILE_LOCK_CONFLICT = 0xC0000054
STATUS_LOCK_NOT_GRANTED = 0xC0000055
STATUS_INVALID_ACL = 0xC0000077
STATUS_INVALID_SID = 0xC0000078
STATUS_INVALID_SECURITY_DESCR = 0xC0000079
STATUS_RANGE_NOT_LOCKED = 0xC000007E
STATUS_DISK_FULL = 0xC000007F
STATUS_FILE_IS_A_DIRECTORY = 0xC00000BA
STATUS_NOT_A_DIRECTORY = 0xC0000103
STATUS_NAME_TOO_LONG = 0xC0000106
STATUS_CANCELLED = 0xC0000120
STATUS_FILE_CLOSED = 0xC0000128
STATUS_ILLEGAL_CHARACTER = 0xC0000161
STATUS_FS_DRIVER_REQUIRED = 0xC000019C
STATUS_INVALID_LOCK_RANGE = 0xC00001A1
STATUS_NOT_A_REPARSE_POINT = 0xC0000275
STATUS_IO_REPARSE_DATA_INVALID = 0xC0000278

# DesiredAccess (MS-SMB2 2.2.13.1)
FILE_READ_DATA, FILE_WRITE_DATA, FILE_APPEND_DATA = 0x1, 0x2, 0x4
FILE_READ_EA, FILE_WRITE_EA, FILE_READ_ATTRIBUTES = 0x8, 0x10, 0x80
FILE_WRITE_ATTRIBUTES, DELETE, READ_CONTROL = 0x100, 0x10000, 0x20000
WRITE_DAC, WRITE_OWNER, SYNCHRONIZE = 0x40000, 0x80000, 0x100000
GENERIC_ALL, MAXIMUM_ALLOWED = 0x10000000, 0x02000000
FILE_LIST_DIRECTORY = FILE_READ_DATA
# CreateDisposition, CreateOptions, ShareAccess
FILE_SUPERSEDE, FILE_OPEN, FILE_CREATE, FILE_OPEN_IF = 0, 1, 2, 3
FILE_OVERWRITE, FILE_OVERWRITE_IF = 4, 5
FILE_DIRECTORY_FILE, FILE_NON_DIRECTORY_FILE = 0x1, 0x40
FILE_DELETE_ON_CLOSE = 0x1000
FILE_SHARE_ALL = 7
OPLOCK_LEVEL_LEASE = 0xFF
# InfoType (2.2.37) and the information classes used (MS-FSCC 2.4, 2.5)
INFO_FILE, INFO_FILESYSTEM, INFO_SECURITY, INFO_QUOTA = 1, 2, 3, 4
FileDirectoryInformation, FileBothDirectoryInformation = 1, 3
FileBasicInformation, FileStandardInformation, FileInternalInformation = 4, 5, 6
FileEaInformation, FileAccessInformation, FileNameInformation = 7, 8, 9
FileRenameInformation, FileLinkInformation, FileNamesInformation = 10, 11, 12
FileDispositionInformation, FilePositionInformation = 13, 14
FileFullEaInformation, FileModeInformation, FileAlignmentInformation = 15, 16, 17
FileAllInformation, FileAllocationInformation = 18, 19
FileEndOfFileInformation, FileStreamInformation = 20, 22
FileNetworkOpenInformation, FileAttributeTagInformation = 34, 35
FileIdBothDirectoryInformation, FileValidDataLengthInformation = 37, 39
FileFsVolumeInformation, FileFsSizeInformation, FileFsDeviceInformation = 1, 3, 4
FileFsAttributeInformation, FileFsFullSizeInformation = 5, 7
FileFsSectorSizeInformation = 11
OWNER_SECURITY_INFORMATION, GROUP_SECURITY_INFORMATION = 0x1, 0x2
DACL_SECURITY_INFORMATION = 0x4
# LOCK flags (2.2.26.1)
LOCKFLAG_SHARED, LOCKFLAG_EXCLUSIVE, LOCKFLAG_UNLOCK = 0x1, 0x2, 0x4
LOCKFLAG_FAIL_IMMEDIATELY = 0x10
# FSCTLs (MS-FSCC 2.3)
FSCTL_DFS_GET_REFERRALS = 0x00060194
FSCTL_GET_OBJECT_ID = 0x0009009C
FSCTL_SET_REPARSE_POINT = 0x000900A4
FSCTL_SET_ZERO_DATA = 0x000980C8
FSCTL_QUERY_ALLOCATED_RANGES = 0x000940CF
FSCTL_PIPE_TRANSCEIVE = 0x0011C017
FSCTL_SRV_COPYCHUNK_WRITE = 0x001480F2
IOCTL_IS_FSCTL = 1
# CHANGE_NOTIFY CompletionFilter
NOTIFY_CHANGE_FILE_NAME, NOTIFY_CHANGE_DIR_NAME = 0x1, 0x2


def request(command, body, session_id=0, tree_id=0, message_id=0, credit_charge=1,
            credits=256, hdr_flags=0):
    """An SMB2 header for @command in front of @body."""
    return smb2_header(command, message_id, credits=credits, flags=hdr_flags,
                       next_command=0, session_id=session_id, tree_id=tree_id,
                       credit_charge=credit_charge) + body


def cancel_request(session_id, message_id=0, async_id=None):
    """SMB2 CANCEL (2.2.30) of a request by MessageId, or by AsyncId."""
    if async_id is None:
        return smb2_header(CANCEL, message_id, credits=0, session_id=session_id) + \
            struct.pack("<HH", 4, 0)
    return struct.pack("<4sHHIHHIIQQQ16s", SMB2_MAGIC, 64, 0, 0, CANCEL, 0,
                       FLAGS_ASYNC, 0, 0, async_id, session_id, b"\0" * 16) + \
        struct.pack("<HH", 4, 0)


def _or(value, default):
    return default if value is None else value


def create_body(name="", raw_name=None, desired_access=GENERIC_ALL,
                file_attributes=0, share_access=FILE_SHARE_ALL,
                disposition=FILE_OPEN_IF, options=0, oplock=0, impersonation=2,
                contexts=b"", name_offset=None, name_len=None, ctx_offset=None,
                ctx_len=None, structure_size=57):
    """SMB2 CREATE (2.2.13): name (str) or raw_name (bytes, UTF-16LE or not),
    then the create contexts (create_contexts()) 8-aligned after it."""
    n = raw_name if raw_name is not None else name.encode("utf-16-le")
    buf_off = HDR_SIZE + 56
    buf = n
    coff = 0
    if contexts:
        buf += b"\0" * (-(buf_off + len(buf)) % 8)
        coff = buf_off + len(buf)
        buf += contexts
    if not buf:
        buf = b"\0"
    body = struct.pack("<HBBIQQIIIIIHHII", structure_size, 0, oplock, impersonation,
                       0, 0, desired_access, file_attributes, share_access,
                       disposition, options, _or(name_offset, buf_off),
                       _or(name_len, len(n)), _or(ctx_offset, coff),
                       _or(ctx_len, len(contexts)))
    return body + buf


def create_context(name, data=b"", next_entry=0, name_offset=None, name_len=None,
                   data_offset=None, data_len=None):
    """One SMB2_CREATE_CONTEXT (2.2.13.2): name at 16, data 8-aligned after it."""
    doff = 16 + len(name) + (-(16 + len(name)) % 8)
    raw = name + (b"\0" * (doff - 16 - len(name)) + data if data else b"")
    hdr = struct.pack("<IHHHHI", next_entry, _or(name_offset, 16), _or(name_len, len(name)),
                      0, _or(data_offset, doff if data else 0), _or(data_len, len(data)))
    return hdr + raw


def create_contexts(ctxs):
    """Chain contexts: each but the last padded to 8 bytes, its Next set
    (unless the context already has a non-zero Next)."""
    out = b""
    for i, c in enumerate(ctxs):
        c = bytearray(c)
        if i + 1 < len(ctxs):
            c += b"\0" * (-len(c) % 8)
            if not struct.unpack_from("<I", c, 0)[0]:
                struct.pack_into("<I", c, 0, len(c))
        out += bytes(c)
    return out


def close_body(fid, flags=0):
    return struct.pack("<HHI16s", 24, flags, 0, fid)


def flush_body(fid):
    return struct.pack("<HHI16s", 24, 0, 0, fid)


def read_body(fid, length, offset=0, minimum=0, channel=0, remaining=0,
              rci_offset=0, rci_len=0, flags=0, padding=0x50, extra=b"\0"):
    """SMB2 READ (2.2.19); @extra is the Buffer (one byte at least)."""
    return struct.pack("<HBBIQ16sIIIHH", 49, padding, flags, length, offset, fid,
                       minimum, channel, remaining, rci_offset, rci_len) + extra


def write_body(fid, data, offset=0, data_offset=None, length=None, channel=0,
               remaining=0, wci_offset=0, wci_len=0, flags=0, pad=b""):
    """SMB2 WRITE (2.2.21); @pad goes between the fixed part and @data (and
    moves the default DataOffset)."""
    doff = HDR_SIZE + 48 + len(pad)
    return struct.pack("<HHIQ16sIIHHI", 49, _or(data_offset, doff),
                       _or(length, len(data)), offset, fid, channel, remaining,
                       wci_offset, wci_len, flags) + pad + (data or b"\0")


def lock_body(fid, locks, count=None, sequence=0):
    """SMB2 LOCK (2.2.26); locks: (offset, length, flags) tuples."""
    elems = b"".join(struct.pack("<QQII", o, n, f, 0) for o, n, f in locks)
    return struct.pack("<HHI16s", 48, _or(count, len(locks)), sequence, fid) + elems


def ioctl_body(fid, ctl_code, data=b"", max_out=0, max_in=0, flags=IOCTL_IS_FSCTL,
               input_offset=None, input_count=None, pad=b""):
    """SMB2 IOCTL (2.2.31); @pad goes before the input (and moves InputOffset)."""
    ioff = HDR_SIZE + 56 + len(pad)
    return struct.pack("<HHI16sIIIIIIII", 57, 0, ctl_code, fid,
                       _or(input_offset, ioff if data else 0),
                       _or(input_count, len(data)), max_in, 0, 0, max_out, flags,
                       0) + pad + (data or b"")


def query_directory_body(fid, info_class, pattern="*", out_len=65536, flags=0,
                         file_index=0, raw_pattern=None, name_offset=None,
                         name_len=None):
    """SMB2 QUERY_DIRECTORY (2.2.33)."""
    p = raw_pattern if raw_pattern is not None else pattern.encode("utf-16-le")
    return struct.pack("<HBBI16sHHI", 33, info_class, flags, file_index, fid,
                       _or(name_offset, HDR_SIZE + 32), _or(name_len, len(p)),
                       out_len) + (p or b"\0")


def change_notify_body(fid, out_len, completion_filter, flags=0):
    """SMB2 CHANGE_NOTIFY (2.2.35)."""
    return struct.pack("<HHI16sII", 32, flags, out_len, fid, completion_filter, 0)


def query_info_body(fid, info_type, info_class, out_len, data=b"", additional=0,
                    flags=0, input_offset=None, input_len=None):
    """SMB2 QUERY_INFO (2.2.37); @data is the input buffer (EA name list)."""
    ioff = HDR_SIZE + 40 if data else 0
    return struct.pack("<HBBIHHIII16s", 41, info_type, info_class, out_len,
                       _or(input_offset, ioff), 0, _or(input_len, len(data)),
                       additional, flags, fid) + (data or b"\0")


def set_info_body(fid, info_type, info_class, data, additional=0, buf_offset=None,
                  buf_len=None):
    """SMB2 SET_INFO (2.2.39)."""
    return struct.pack("<HBBIHHI16s", 33, info_type, info_class,
                       _or(buf_len, len(data)), _or(buf_offset, HDR_SIZE + 32), 0,
                       additional, fid) + (data or b"\0")


def ea_full_entry(name, value, flags=0, next_entry=0, name_len=None, value_len=None,
                  terminate=True):
    """One FILE_FULL_EA_INFORMATION (MS-FSCC 2.4.16): name (bytes) + NUL + value."""
    return struct.pack("<IBBH", next_entry, flags, _or(name_len, len(name)),
                       _or(value_len, len(value))) + name + \
        (b"\0" if terminate else b"") + value


def ea_get_entry(name, next_entry=0, name_len=None, terminate=True):
    """One FILE_GET_EA_INFORMATION (2.4.16.1)."""
    return struct.pack("<IB", next_entry, _or(name_len, len(name))) + name + \
        (b"\0" if terminate else b"")


def ea_list(entries):
    """Chain EA entries 4-aligned, NextEntryOffset set (unless non-zero)."""
    out = b""
    for i, e in enumerate(entries):
        e = bytearray(e)
        if i + 1 < len(entries):
            e += b"\0" * (-len(e) % 4)
            if not struct.unpack_from("<I", e, 0)[0]:
                struct.pack_into("<I", e, 0, len(e))
        out += bytes(e)
    return out


def sid(authority=5, subs=(32, 544), count=None, revision=1):
    """A SID (MS-DTYP 2.4.2.2); @count may lie about the sub-authorities."""
    return struct.pack("<BB", revision, _or(count, len(subs))) + \
        authority.to_bytes(6, "big") + b"".join(struct.pack("<I", s) for s in subs)


SID_WORLD = sid(1, (0,))


def ace(sid_bytes, mask=0x001F01FF, ace_type=0, flags=0, size=None):
    """An ACCESS_ALLOWED_ACE-shaped ACE (2.4.4.2); @size may lie."""
    return struct.pack("<BBHI", ace_type, flags, _or(size, 8 + len(sid_bytes)), mask) + \
        sid_bytes


def acl(aces, revision=2, size=None, count=None):
    """An ACL (2.4.5); AclSize and AceCount may lie."""
    body = b"".join(aces)
    return struct.pack("<BBHHH", revision, 0, _or(size, 8 + len(body)),
                       _or(count, len(aces)), 0) + body


SE_DACL_PRESENT, SE_SELF_RELATIVE = 0x0004, 0x8000


def security_descriptor(owner=None, group=None, dacl=None, control=None,
                        owner_offset=None, group_offset=None, dacl_offset=None,
                        sacl_offset=0, revision=1):
    """A self-relative SECURITY_DESCRIPTOR (2.4.6): owner, group, DACL after
    the 20-byte header; every offset may lie."""
    buf, offs = b"", []
    for part in (owner, group, dacl):
        offs.append(20 + len(buf) if part is not None else 0)
        buf += part or b""
    if control is None:
        control = SE_SELF_RELATIVE | (SE_DACL_PRESENT if dacl is not None else 0)
    return struct.pack("<BBHIIII", revision, 0, control, _or(owner_offset, offs[0]),
                       _or(group_offset, offs[1]), sacl_offset,
                       _or(dacl_offset, offs[2])) + buf


def body_of(rsp):
    return rsp[HDR_SIZE:]


def create_fileid(rsp):
    """FileId of a CREATE response (2.2.14)."""
    return bytes(rsp[HDR_SIZE + 64:HDR_SIZE + 80])


def response_buffer(rsp):
    """The buffer of a READ, QUERY_INFO, QUERY_DIRECTORY or CHANGE_NOTIFY
    response: the data its (offset, length) fields describe."""
    cmd = struct.unpack_from("<H", rsp, 12)[0]
    if cmd == READ:
        off, n = rsp[HDR_SIZE + 2], struct.unpack_from("<I", rsp, HDR_SIZE + 4)[0]
    else:
        off, n = struct.unpack_from("<HI", rsp, HDR_SIZE + 2)
    return bytes(rsp[off:off + n])


def error_data(rsp):
    """ErrorData of an SMB2 ERROR response (2.2.2): ByteCount bytes at 8."""
    n = struct.unpack_from("<I", rsp, HDR_SIZE + 4)[0]
    return bytes(rsp[HDR_SIZE + 8:HDR_SIZE + 8 + n])
