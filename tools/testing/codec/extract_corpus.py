#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Cut fuzzer seeds out of captured smb3k traffic (standard library only).

usage: extract_corpus.py [--out corpus] [--clean] SMB_PCAP [NETLINK_PCAP]

SMB_PCAP: TCP port 445 on an Ethernet (or loopback) link, as
capture_traffic.sh records it; NETLINK_PCAP: an nlmon capture
(LINKTYPE_NETLINK) of the kernel <-> smb3kd generic netlink traffic.
TCP streams are reassembled simply (in sequence order, new stream on SYN),
the client's bytes split at the 4-byte transport header into messages, and
the messages taken apart: whole SMB2 messages per command, NEGOTIATE and
SMB1 NEGOTIATE, TRANSFORM_HEADER messages, SESSION_SETUP tokens (SPNEGO,
NTLMSSP), CREATE names and context lists, security descriptors, EA lists,
SET_INFO buffers, QUERY_DIRECTORY patterns. From the netlink capture come
the upcalls as smb3kd receives them, the security tokens of each logon
with the challenge the server sent, and the bytes clients wrote to each
RPC pipe: DCE/RPC PDUs, whole pipe conversations and request stubs.

Seeds are written as corpus/<target>/pcap-<kind>-<sha1 prefix>; --clean
first removes the pcap-* files a previous run wrote. For each kind only
the first few distinct variants are kept (see LIMITS), each at most
MAX_SEED bytes, so the corpora stay small. The output depends only on the
captures.
"""
import argparse
import collections
import hashlib
import os
import struct
import sys

MAX_SEED = 32 * 1024

# SMB2 commands
NEGOTIATE, SESSION_SETUP, LOGOFF, TREE_CONNECT, TREE_DISCONNECT, CREATE, CLOSE, \
    FLUSH, READ, WRITE, LOCK, IOCTL, CANCEL, ECHO, QUERY_DIRECTORY, CHANGE_NOTIFY, \
    QUERY_INFO, SET_INFO, OPLOCK_BREAK = range(19)
CMD_NAMES = ['negotiate', 'sesssetup', 'logoff', 'tcon', 'tdis', 'create', 'close',
             'flush', 'read', 'write', 'lock', 'ioctl', 'cancel', 'echo', 'querydir',
             'notify', 'queryinfo', 'setinfo', 'break']

# generic netlink, <linux/smb3k.h>
NLMSG_ERROR = 2
GENL_ID_CTRL = 0x10
NLM_F_REQUEST = 1
FUZZ_FAMILY = 0x1d            # fuzz_daemon_nl.c
CMD = {'HEARTBEAT': 3, 'SESSION_SETUP': 7, 'SESSION_END': 8, 'TREE_CONNECT': 9,
       'RPC_OPEN': 10, 'RPC_WRITE': 11, 'RPC_READ': 12, 'RPC_TRANSACT': 13,
       'RPC_CLOSE': 14}
A_HANDLE, A_SESSION_ID, A_SEC_BLOB, A_USER_NAME = 3, 21, 25, 28
A_PIPE_NAME, A_PIPE_ID, A_DATA = 37, 38, 39

# DCE/RPC interfaces, in the order of the fuzzers' first byte
IFACES = ['srvsvc', 'wkssvc', 'lsarpc', 'samr']
# calls whose stub starts with a policy handle: (iface, opnum) -> kind number
# of fuzz_rpc_ndr's pre-made handles (0 LSA policy, 1 SAMR server)
HANDLE_CALLS = {(2, 0): 0, (2, 7): 0, (2, 46): 0,
                (3, 1): 1, (3, 5): 1, (3, 6): 1, (3, 7): 1}
HANDLE_TAG = b'smb3k-fuzz-hnd'   # daemon_fuzz.h FUZZ_HANDLE_TAG

LIMITS = collections.defaultdict(lambda: 8, {
    'fuzz_smb2_message': 80, 'fuzz_smb2_header': 16, 'fuzz_negotiate': 10,
    'fuzz_smb2_requests': 30, 'fuzz_create_ctx': 16, 'fuzz_smb2_info': 24,
    'fuzz_info_decoders': 16, 'fuzz_smb2_name': 16, 'fuzz_dcerpc': 24,
    'fuzz_rpc_pipe': 24, 'fuzz_rpc_ndr': 48, 'fuzz_daemon_nl': 48,
    'fuzz_daemon_auth': 16, 'fuzz_ntlmssp': 12, 'fuzz_security_desc': 10,
    'fuzz_ea': 10, 'fuzz_smb2_query_dir': 10, 'fuzz_lock': 8,
})
# and per kind of seed (command, upcall, PDU type...) within those targets
KIND_LIMITS = {'fuzz_smb2_message': 6, 'fuzz_smb2_requests': 6, 'fuzz_smb2_info': 14,
               'fuzz_daemon_nl': 8, 'fuzz_dcerpc': 10, 'fuzz_rpc_pipe': 8}


def u16(b, o):
    return struct.unpack_from('<H', b, o)[0]


def u32(b, o):
    return struct.unpack_from('<I', b, o)[0]


def u64(b, o):
    return struct.unpack_from('<Q', b, o)[0]


# ---- capture files ----------------------------------------------------------

def read_pcap(path):
    """(linktype, packet bytes) for each record of a classic pcap file."""
    with open(path, 'rb') as f:
        d = f.read()
    if len(d) < 24:
        return
    magic = d[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        e = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        e = '>'
    else:
        sys.exit('%s: not a pcap file (pcapng is not read; use tcpdump -w)' % path)
    linktype = struct.unpack_from(e + 'I', d, 20)[0] & 0xffff
    off = 24
    while off + 16 <= len(d):
        incl = struct.unpack_from(e + 'I', d, off + 8)[0]
        off += 16
        yield linktype, d[off:off + incl]
        off += incl


def ip_payload(linktype, p):
    """(src, dst, proto, payload) of an IPv4/IPv6 packet, or None."""
    if linktype == 1:              # Ethernet
        if len(p) < 14:
            return None
        etype, p = struct.unpack_from('>H', p, 12)[0], p[14:]
    elif linktype == 113:          # Linux cooked
        if len(p) < 16:
            return None
        etype, p = struct.unpack_from('>H', p, 14)[0], p[16:]
    elif linktype in (0, 12, 101):  # null / raw
        etype = 0x86dd if p[:1] and p[0] >> 4 == 6 else 0x0800
        if linktype == 0:
            p = p[4:]
    else:
        return None
    if etype == 0x0800 and len(p) >= 20:
        ihl = (p[0] & 15) * 4
        total = struct.unpack_from('>H', p, 2)[0]
        return p[12:16], p[16:20], p[9], p[ihl:total]
    if etype == 0x86dd and len(p) >= 40:
        plen = struct.unpack_from('>H', p, 4)[0]
        return p[8:24], p[24:40], p[6], p[40:40 + plen]
    return None


class Stream:
    def __init__(self):
        self.segs = []
        self.isn = None

    def data(self):
        out = bytearray()
        nxt = self.isn
        for seq, pl in sorted(self.segs, key=lambda s: s[0]):
            if nxt is None:
                nxt = seq
            if seq > nxt:
                break              # a hole: stop there
            if seq + len(pl) <= nxt:
                continue
            out += pl[nxt - seq:]
            nxt = seq + len(pl)
        return bytes(out)


def tcp_connections(path, port=445):
    """[(client bytes, server bytes)] per TCP connection to @port, in order."""
    conns, current = [], {}
    for lt, p in read_pcap(path):
        ip = ip_payload(lt, p)
        if not ip or ip[2] != 6 or len(ip[3]) < 20:
            continue
        src, dst, _, t = ip
        sport, dport, seq = struct.unpack_from('>HHI', t, 0)
        doff = (t[12] >> 4) * 4
        flags = t[13]
        if dport == port:
            key, side = (src, sport, dst), 0
        elif sport == port:
            key, side = (dst, dport, src), 1
        else:
            continue
        if flags & 0x02 and side == 0 and not flags & 0x10:   # SYN: a new connection
            current[key] = (Stream(), Stream())
            conns.append(current[key])
        if key not in current:
            current[key] = (Stream(), Stream())
            conns.append(current[key])
        st = current[key][side]
        if flags & 0x02:
            st.isn = (seq + 1) & 0xffffffff
        pl = t[doff:]
        if pl:
            st.segs.append((seq, pl))
    return [(c.data(), s.data()) for c, s in conns]


def transport_messages(stream):
    """The messages of a direct-TCP stream (4-byte length prefix)."""
    off, out = 0, []
    while off + 4 <= len(stream):
        n = struct.unpack_from('>I', stream, off)[0] & 0xffffff
        if stream[off] != 0 or off + 4 + n > len(stream):
            break
        out.append(stream[off + 4:off + 4 + n])
        off += 4 + n
    return out


# ---- seeds ------------------------------------------------------------------

class Seeds:
    def __init__(self):
        self.by_target = collections.defaultdict(collections.OrderedDict)
        self.variants = collections.defaultdict(set)
        self.kinds = collections.Counter()
        self.patterns = []

    def add(self, target, kind, data, variant=None):
        """Keep data for target unless its variant was seen or the target is full."""
        data = bytes(data)
        if not data or len(data) > MAX_SEED:
            return
        v = (kind, variant if variant is not None else data)
        if v in self.variants[target] or len(self.by_target[target]) >= LIMITS[target] or \
                self.kinds[target, kind] >= KIND_LIMITS.get(target, LIMITS[target]):
            return
        name = 'pcap-%s-%s' % (kind, hashlib.sha1(data).hexdigest()[:12])
        if name in self.by_target[target]:
            return
        self.variants[target].add(v)
        self.kinds[target, kind] += 1
        self.by_target[target][name] = data

    def write(self, out, clean):
        total = 0
        for target in sorted(self.by_target):
            d = os.path.join(out, target)
            os.makedirs(d, exist_ok=True)
            if clean:
                for f in os.listdir(d):
                    if f.startswith('pcap-'):
                        os.unlink(os.path.join(d, f))
            for name, data in self.by_target[target].items():
                with open(os.path.join(d, name), 'wb') as f:
                    f.write(data)
                total += len(data)
            print('%-22s %3d seeds %7d bytes' % (target, len(self.by_target[target]),
                                                 sum(map(len, self.by_target[target].values()))))
        print('total %d bytes' % total)


# ---- SMB2 -------------------------------------------------------------------

def der_len(b, o):
    """(length, header size after the tag) of a DER length at b[o], or None."""
    if o >= len(b):
        return None
    if b[o] < 0x80:
        return b[o], 1
    n = b[o] & 0x7f
    if n == 0 or n > 4 or o + 1 + n > len(b):
        return None
    return int.from_bytes(b[o + 1:o + 1 + n], 'big'), 1 + n


def ntlmssp_tokens(blob):
    """NTLMSSP messages in a token: raw, or OCTET STRINGs inside SPNEGO."""
    out, start = [], 0
    while True:
        k = blob.find(b'NTLMSSP\0', start)
        if k < 0:
            return out
        start = k + 1
        if k == 0:
            out.append(blob)
            continue
        for h in (2, 3, 4, 5):
            if k - h < 0 or blob[k - h] != 0x04:
                continue
            dl = der_len(blob, k - h + 1)
            if dl and dl[1] + 1 == h and k + dl[0] <= len(blob):
                out.append(blob[k:k + dl[0]])
                break
    return out


def create_contexts(ctxs):
    """[(name, data)] of a create context list, as far as it is well formed."""
    out, off = [], 0
    while off + 16 <= len(ctxs):
        nxt, noff, nlen = u32(ctxs, off), u16(ctxs, off + 4), u16(ctxs, off + 6)
        doff, dlen = u16(ctxs, off + 10), u32(ctxs, off + 12)
        name = ctxs[off + noff:off + noff + nlen]
        out.append((name, ctxs[off + doff:off + doff + dlen] if dlen else b''))
        if not nxt:
            break
        off += nxt
    return out


def smb2_commands(msg):
    """[(command, bytes of that command)] of an SMB2 message (a chain)."""
    out, off = [], 0
    while off + 64 <= len(msg) and msg[off:off + 4] == b'\xfeSMB' and len(out) < 64:
        nxt = u32(msg, off + 20)
        end = off + nxt if nxt else len(msg)
        if end > len(msg) or end < off + 64:
            break
        out.append((u16(msg, off + 12), msg[off:end]))
        if not nxt:
            break
        off = end
    return out


def body_field(cmd, b, off, length):
    """The bytes at a body offset (from the header start) of length."""
    return cmd[off:off + length] if off and off + length <= len(cmd) else b''


def smb_seeds(seeds, conns):
    names = []
    for client, _ in conns:
        for msg in transport_messages(client):
            if len(msg) > MAX_SEED:
                continue
            proto = msg[:4]
            if proto == b'\xffSMB':
                seeds.add('fuzz_smb1_negotiate', 'smb1', msg, msg[32:])
                seeds.add('fuzz_smb2_message', 'smb1', msg, 'smb1')
                continue
            if proto == b'\xfdSMB':
                seeds.add('fuzz_smb2_transform', 'transform', msg, len(msg) // 128)
                seeds.add('fuzz_smb2_message', 'transform', msg, 'transform')
                continue
            cmds = smb2_commands(msg)
            if not cmds:
                continue
            chain = tuple(c for c, _ in cmds)
            if len(cmds) > 1:
                seeds.add('fuzz_smb2_message', 'compound', msg, chain)
                seeds.add('fuzz_smb2_header', 'compound', msg, chain)
            for c, cmd in cmds:
                names += one_command(seeds, c, cmd, msg if len(cmds) == 1 else None)
    # wildcard: every captured pattern against a captured name
    pats = seeds.patterns
    for i, pat in enumerate(pats):
        name = names[i % len(names)] if names else b'f\0i\0l\0e\0'
        seeds.add('fuzz_wildcard', 'pattern', b'\x01' + struct.pack('<H', len(pat)) + pat + name,
                  pat)


def one_command(seeds, c, cmd, whole):
    """Seeds from one command; returns the file names it carries."""
    kind = CMD_NAMES[c] if c < len(CMD_NAMES) else 'cmd%d' % c
    names = []
    body = cmd[64:]
    variant = (c, len(body))
    if len(body) < 2:
        return names
    if c == NEGOTIATE and len(body) >= 36:
        n = u16(body, 2)
        dialects = body[36:36 + 2 * n]
        ctx = ()
        if 0x0311 in struct.unpack_from('<%dH' % (len(dialects) // 2), dialects):
            off, count = u32(body, 28), u16(body, 32)
            o, types = off, []
            while len(types) < count and o + 8 <= len(cmd):
                types.append(u16(cmd, o))
                o = (o + 8 + u16(cmd, o + 2) + 7) & ~7
            ctx = tuple(types)
        variant = (dialects, ctx)
        seeds.add('fuzz_negotiate', 'negotiate', cmd, variant)
    elif c == SESSION_SETUP and len(body) >= 24:
        blob = body_field(cmd, body, u16(body, 12), u16(body, 14))
        toks = ntlmssp_tokens(blob)
        variant = (blob[:1], tuple((t[8:9], len(t) // 64) for t in toks))
        for t in toks:
            seeds.add('fuzz_ntlmssp', 'ntlmssp', t, (t[8:9], len(t) // 32))
        if blob[:1] in (b'\x60', b'\xa1'):
            seeds.add('fuzz_spnego_token', 'spnego', blob, (blob[:1], len(blob) // 32))
            seeds.add('fuzz_spnego_der', 'spnego', blob, (blob[:1], len(blob) // 64))
        seeds.add('fuzz_smb2_requests', kind, cmd, variant)
    elif c == TREE_CONNECT and len(body) >= 8:
        path = body_field(cmd, body, u16(body, 4), u16(body, 6))
        variant = (u16(body, 2), path[-8:])
        seeds.add('fuzz_smb2_requests', kind, cmd, variant)
    elif c == CREATE and len(body) >= 56:
        name = body_field(cmd, body, u16(body, 44), u16(body, 46))
        ctxs = body_field(cmd, body, u32(body, 48), u32(body, 52))
        parsed = create_contexts(ctxs)
        cnames = tuple(sorted(n for n, _ in parsed))
        variant = (cnames, b':' in name[::2], not name)
        if name:
            names.append(name)
            for comp in name.decode('utf-16-le', 'replace').split('\\'):
                comp = comp.split(':')[0].encode('utf-16-le')
                seeds.add('fuzz_short_name', 'name', comp,
                          (len(comp) // 8, comp.count(b'.\0'), comp.upper() == comp))
            seeds.add('fuzz_smb2_name', 'create', b'\x02' + name,
                      (len(name) // 16, b':' in name[::2], b'\\' in name[::2]))
        if ctxs:
            seeds.add('fuzz_create_ctx', 'ctxlist', ctxs, cnames)
            seeds.add('fuzz_create_ctx', 'create', cmd, ('whole',) + cnames)
        for n, d in parsed:
            if n == b'SecD':
                seeds.add('fuzz_security_desc', 'secd', b'\x07\x00\x02\xff' + d, len(d))
            elif n == b'ExtA':
                seeds.add('fuzz_ea', 'exta', d, len(d))
        seeds.add('fuzz_smb2_requests', kind, cmd, variant)
    elif c == IOCTL and len(body) >= 56:
        code = u32(body, 4)
        inp = body_field(cmd, body, u32(body, 24), u32(body, 28))
        variant = (code, len(inp) > 0)
        seeds.add('fuzz_smb2_requests', kind, cmd, variant)
    elif c in (CLOSE, READ, FLUSH):
        variant = (c, body[2:4] if c == CLOSE else b'')
        seeds.add('fuzz_smb2_requests', kind, cmd, variant)
        if c == FLUSH:
            seeds.add('fuzz_lock', 'flush', cmd, 'flush')
    elif c == WRITE:
        variant = (c, min(len(body) // 1024, 4))
        seeds.add('fuzz_smb2_requests', kind, cmd, variant)
    elif c == LOCK and len(body) >= 48:
        count = u16(body, 2)
        variant = (min(count, 3), u32(body, 40))
        seeds.add('fuzz_lock', kind, cmd, variant)
    elif c == QUERY_DIRECTORY and len(body) >= 32:
        pat = body_field(cmd, body, u16(body, 24), u16(body, 26))
        variant = (body[2], body[3], pat)
        seeds.add('fuzz_smb2_query_dir', kind, cmd, variant)
        if pat and pat not in seeds.patterns:
            seeds.patterns.append(pat)
    elif c == CHANGE_NOTIFY:
        variant = (body[2:4], body[24:28])
        seeds.add('fuzz_notify', kind, cmd, variant)
    elif c == QUERY_INFO and len(body) >= 40:
        typ, cls = body[2], body[3]
        inp = body_field(cmd, body, u16(body, 8), u32(body, 12))
        variant = (typ, cls, len(inp) > 0)
        seeds.add('fuzz_smb2_info', kind, cmd, variant)
        if typ == 1 and cls == 15 and inp:
            seeds.add('fuzz_ea', 'getea', inp, ('get', len(inp)))
    elif c == SET_INFO and len(body) >= 32:
        typ, cls = body[2], body[3]
        buf = body_field(cmd, body, u16(body, 8), u32(body, 4))
        variant = (typ, cls)
        seeds.add('fuzz_smb2_info', kind, cmd, variant)
        if typ == 1 and buf:
            seeds.add('fuzz_info_decoders', 'class%d' % cls, bytes([cls]) + buf, cls)
            if cls == 15:
                seeds.add('fuzz_ea', 'setea', buf, ('set', len(buf)))
            if cls in (10, 11, 65) and len(buf) > 20:
                nm = buf[20:20 + u32(buf, 16)]
                seeds.add('fuzz_smb2_name', 'rename', b'\x01' + nm, ('rename', cls))
        if typ == 3 and buf:
            seeds.add('fuzz_security_desc', 'setsd', b'\x07\x00\x02\xff' + buf, len(buf))
    elif c == OPLOCK_BREAK:
        variant = (len(body),)
        seeds.add('fuzz_oplock', kind, cmd, variant)
    seeds.add('fuzz_smb2_header', kind, cmd, c)
    seeds.add('fuzz_smb2_message', kind, whole if whole else cmd, variant)
    return names


# ---- netlink ----------------------------------------------------------------

def nl_messages(path):
    """(nlmsghdr fields, whole message) for the generic netlink messages."""
    for lt, p in read_pcap(path):
        if lt != 253 or len(p) < 16 or struct.unpack_from('>H', p, 14)[0] != 16:
            continue
        d, off = p[16:], 0
        while off + 16 <= len(d):
            ln, typ, flags, seq, pid = struct.unpack_from('<IHHII', d, off)
            if ln < 16 or off + ln > len(d):
                break
            yield (typ, flags, seq, pid), d[off:off + ln]
            off += (ln + 3) & ~3


def nl_attrs(msg, start=20):
    """[(type, payload, offset of the payload)] of a genl message's attributes."""
    out, off = [], start
    while off + 4 <= len(msg):
        ln, typ = struct.unpack_from('<HH', msg, off)
        if ln < 4 or off + ln > len(msg):
            break
        out.append((typ & 0x3fff, msg[off + 4:off + ln], off + 4))
        off += (ln + 3) & ~3
    return out


def attr(attrs, t):
    for typ, val, _ in attrs:
        if typ == t:
            return val
    return None


def smb3k_family(msgs):
    """The SMB3K family id: from a controller answer, else the commonest genl type."""
    for (typ, _, _, _), m in msgs:
        if typ == GENL_ID_CTRL:
            a = nl_attrs(m)
            name, fid = attr(a, 2), attr(a, 1)
            if name and name.rstrip(b'\0') == b'SMB3K' and fid:
                return u16(fid, 0)
    count = collections.Counter(typ for (typ, _, _, _), _ in msgs if typ > GENL_ID_CTRL)
    return count.most_common(1)[0][0] if count else None


def pad4(b):
    return b + b'\0' * (-len(b) % 4)


def rpc_pdus(data):
    """The DCE/RPC PDUs in a client write."""
    out, off = [], 0
    while off + 16 <= len(data) and data[off] == 5:
        n = u16(data, off + 8)
        if n < 16 or off + n > len(data):
            break
        out.append(data[off:off + n])
        off += n
    return out


def netlink_seeds(seeds, path):
    msgs = list(nl_messages(path))
    fam = smb3k_family(msgs)
    if fam is None:
        print('%s: no SMB3K messages' % path)
        return
    upcalls, replies = [], {}
    for (typ, flags, seq, pid), m in msgs:
        if typ == fam and len(m) >= 20:
            a = nl_attrs(m)
            h = attr(a, A_HANDLE)
            if flags & NLM_F_REQUEST:
                if h:
                    replies[u32(h, 0)] = a
            else:
                upcalls.append((m[16], m, a))
        elif typ == NLMSG_ERROR and not flags & NLM_F_REQUEST:
            seeds.add('fuzz_daemon_nl', 'nlerror', m, ('error', flags, len(m) > 36))
        elif typ == GENL_ID_CTRL and not flags & NLM_F_REQUEST and len(m) >= 20:
            seeds.add('fuzz_daemon_nl', 'ctrl', m, ('ctrl', m[16]))

    def as_fuzz(m):
        m = bytearray(m)
        struct.pack_into('<H', m, 4, FUZZ_FAMILY)
        return m

    # logons: the SESSION_SETUP upcalls of one session, with its challenge
    sessions = collections.OrderedDict()
    pipes = collections.OrderedDict()
    for cmd, m, a in upcalls:
        sid = attr(a, A_SESSION_ID)
        if cmd == CMD['SESSION_SETUP'] and sid:
            sessions.setdefault(sid, []).append((m, a))
        elif cmd == CMD['RPC_OPEN']:
            h = attr(a, A_HANDLE)
            r = replies.get(u32(h, 0)) if h else None
            pid = attr(r, A_PIPE_ID) if r else None
            name = (attr(a, A_PIPE_NAME) or b'').rstrip(b'\0').decode(errors='replace')
            name = name.lower().replace('\\pipe\\', '')
            if pid and name in IFACES:
                user = (attr(a, A_USER_NAME) or b'').rstrip(b'\0')
                pipes[pid] = {'iface': IFACES.index(name), 'user': user, 'msgs': [m],
                              'data': []}
        elif cmd in (CMD['RPC_WRITE'], CMD['RPC_READ'], CMD['RPC_TRANSACT'],
                     CMD['RPC_CLOSE']):
            pid = attr(a, A_PIPE_ID)
            if pid in pipes:
                pipes[pid]['msgs'].append(m)
                d = attr(a, A_DATA)
                if d and cmd != CMD['RPC_READ']:
                    pipes[pid]['data'].append(d)
        else:
            seeds.add('fuzz_daemon_nl', 'upcall%d' % cmd, as_fuzz(m),
                      (cmd, len(m) // 16))

    for sid, steps in sessions.items():
        dgram = b''.join(pad4(as_fuzz(m)) for m, _ in steps)
        blobs = [attr(a, A_SEC_BLOB) or b'' for _, a in steps]
        seeds.add('fuzz_daemon_nl', 'logon', dgram,
                  ('logon', tuple((b[:1], len(b) // 64) for b in blobs)))
        challenge = None
        for _, a in steps:
            r = replies.get(u32(attr(a, A_HANDLE), 0))
            blob = attr(r, A_SEC_BLOB) if r else None
            for t in ntlmssp_tokens(blob or b''):
                if t[8:9] == b'\x02' and len(t) >= 32:
                    challenge = t[24:32]
        if challenge:
            rec = b''.join(struct.pack('<BH', 0, len(b)) + b for b in blobs)
            seeds.add('fuzz_daemon_auth', 'logon', challenge + rec,
                      (tuple(b[:1] for b in blobs), tuple(len(b) // 64 for b in blobs)))

    for n, (pid, p) in enumerate(pipes.items()):
        # the conversation through the upcalls, PIPE_ID as "pipe 0"
        dgram = b''
        for m in p['msgs']:
            m = as_fuzz(m)
            for typ, val, off in nl_attrs(m):
                if typ == A_PIPE_ID:
                    m[off:off + 8] = struct.pack('<Q', 0)
            dgram += pad4(bytes(m))
        ops = []
        stream = b''.join(p['data'])
        pdus = rpc_pdus(stream)
        for pdu in pdus:
            if pdu[2] == 0 and len(pdu) >= 24:
                ops.append(u16(pdu, 22))
        key = (p['iface'], tuple(ops))
        seeds.add('fuzz_daemon_nl', 'pipe-' + IFACES[p['iface']], dgram, ('pipe',) + key)
        user = 1 if p['user'] else 0
        seeds.add('fuzz_rpc_pipe', IFACES[p['iface']],
                  bytes([p['iface'], user, 0]) + rewrite_handles(p['iface'], pdus), key)
        for pdu in pdus:
            ptype = pdu[2]
            seeds.add('fuzz_dcerpc', 'pdu%d' % ptype, pdu,
                      (p['iface'], ptype, u16(pdu, 22) if ptype == 0 else len(pdu)))
        stub, opnum = b'', None
        for pdu in pdus:
            if pdu[2] != 0 or len(pdu) < 24:
                continue
            if pdu[3] & 1:                     # first fragment
                stub, opnum = b'', u16(pdu, 22)
            auth = u16(pdu, 10)
            stub += pdu[24:len(pdu) - (auth + 8 if auth else 0)]
            if pdu[3] & 2 and opnum is not None:   # last fragment
                k = HANDLE_CALLS.get((p['iface'], opnum))
                if k is not None and len(stub) >= 20:
                    stub = handle(k) + stub[20:]
                seeds.add('fuzz_rpc_ndr', '%s-%d' % (IFACES[p['iface']], opnum),
                          bytes([p['iface'], opnum & 0xff, user]) + stub,
                          (p['iface'], opnum, user, len(stub) // 32))
                opnum = None


def handle(n):
    return b'\0' * 4 + HANDLE_TAG + struct.pack('<H', n)


def rewrite_handles(iface, pdus):
    """The pipe's bytes with real policy handles replaced by the harness's (nth made)."""
    seen, out = {}, b''
    for pdu in pdus:
        if pdu[2] == 0 and len(pdu) >= 44 and pdu[3] & 1 and \
                (iface, u16(pdu, 22)) in HANDLE_CALLS:
            h = pdu[24:44]
            if h != b'\0' * 20:
                seen.setdefault(h, handle(len(seen)))
                pdu = pdu[:24] + seen[h] + pdu[44:]
        out += pdu
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    ap.add_argument('--out', default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  'corpus'))
    ap.add_argument('--clean', action='store_true',
                    help='remove pcap-* seeds of an earlier run first')
    ap.add_argument('smb_pcap')
    ap.add_argument('netlink_pcap', nargs='?')
    args = ap.parse_args()
    seeds = Seeds()
    smb_seeds(seeds, tcp_connections(args.smb_pcap))
    if args.netlink_pcap:
        netlink_seeds(seeds, args.netlink_pcap)
    seeds.write(args.out, args.clean)


if __name__ == '__main__':
    main()
