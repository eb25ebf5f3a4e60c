#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Cross-check the RPC server with an independent implementation (impacket).

usage: rpc_impacket.py PATH/rpc_pipe_tool

Builds bind and request PDUs with impacket, runs them through the server
(rpc_pipe_tool, fixed test configuration: shares data, ca and the hidden
one), parses the answers with impacket's structures and prints one
"ok - ..." / "not ok - ..." line per check. Exit 77 if impacket is missing.
"""
import subprocess
import sys

try:
    from impacket.dcerpc.v5 import rpcrt, srvs, wkst
    from impacket.dcerpc.v5.ndr import NULL
    from impacket.uuid import uuidtup_to_bin
except ImportError:
    sys.exit(77)

NDR20 = ('8a885d04-1ceb-11c9-9fe8-08002b104860', '2.0')
NDR64 = ('71710533-beba-4937-8319-b5dbef9ccc36', '1.0')
BTFN = '6cb71c2c-9812-4540-0300-000000000000'
failed = 0


def check(cond, desc):
    global failed
    print(('ok - ' if cond else 'not ok - ') + desc)
    if not cond:
        failed += 1


def bind_pdu(iface, ctxs, call_id=1, tfrag=4280, rfrag=4280):
    bind = rpcrt.MSRPCBind()
    bind['max_tfrag'] = tfrag
    bind['max_rfrag'] = rfrag
    for i, (abstract, ts) in enumerate(ctxs):
        item = rpcrt.CtxItem()
        item['ContextID'] = i
        item['TransItems'] = 1
        item['AbstractSyntax'] = uuidtup_to_bin(abstract)
        item['TransferSyntax'] = uuidtup_to_bin(ts)
        bind.addCtxItem(item)
    pkt = rpcrt.MSRPCHeader()
    pkt['type'] = rpcrt.MSRPC_BIND
    pkt['call_id'] = call_id
    pkt['pduData'] = bind.getData()
    return pkt.get_packet()


def request_pdus(req, call_id, max_stub=None, ctx_id=0):
    stub = req.getData()
    chunks = [stub] if max_stub is None else \
        [stub[i:i + max_stub] for i in range(0, len(stub), max_stub)] or [b'']
    pdus = []
    for i, chunk in enumerate(chunks):
        pkt = rpcrt.MSRPCRequestHeader()
        pkt['flags'] = (rpcrt.PFC_FIRST_FRAG if i == 0 else 0) | \
            (rpcrt.PFC_LAST_FRAG if i == len(chunks) - 1 else 0)
        pkt['call_id'] = call_id
        pkt['op_num'] = req.opnum
        pkt['ctx_id'] = ctx_id
        pkt['alloc_hint'] = len(stub) - sum(len(c) for c in chunks[:i])
        pkt['pduData'] = chunk
        pdus.append(pkt.get_packet())
    return pdus


def run(tool, pipe, writes):
    """Each write -> list of response PDUs (bytes)."""
    inp = ''.join(w.hex() + '\n' for w in writes)
    out = subprocess.run([tool, pipe], input=inp, capture_output=True,
                         text=True, check=True).stdout
    blocks, cur = [], []
    for line in out.splitlines():
        if line == '.':
            blocks.append(cur)
            cur = []
        else:
            cur.append(bytes.fromhex(line))
    return blocks


def sec_addr(ack):
    addr = ack['SecondaryAddr']
    if isinstance(addr, bytes):
        addr = addr.decode()
    return addr.rstrip('\0')


def stub_of(pdus):
    """Reassembled response stub, or ('fault', status)."""
    stub = b''
    for p in pdus:
        hdr = rpcrt.MSRPCHeader(p)
        if hdr['type'] == rpcrt.MSRPC_FAULT:
            return ('fault', int.from_bytes(p[24:28], 'little'))
        resp = rpcrt.MSRPCRespHeader(p)
        stub += resp['pduData']
    return stub


def srvsvc_tests(tool):
    iface = srvs.MSRPC_UUID_SRVS
    abstract = ('4b324fc8-1670-01d3-1278-5a47bf6ee188', '3.0')
    binds = bind_pdu(iface, [(abstract, NDR64), (abstract, NDR20),
                             (abstract, (BTFN, '1.0'))], tfrag=5840, rfrag=5840)
    calls = []
    for level in (0, 1, 2, 501, 502):
        r = srvs.NetrShareEnum()
        r['ServerName'] = '\\\\SMB3KTEST\x00'
        r['InfoStruct']['Level'] = level
        r['InfoStruct']['ShareInfo']['tag'] = level
        r['InfoStruct']['ShareInfo']['Level%d' % level]['Buffer'] = NULL
        r['PreferedMaximumLength'] = 0xffffffff
        r['ResumeHandle'] = 0
        calls.append(('enum', level, r))
    for share, level in (('data', 2), ('CA', 1005), ('hidden', 1), ('IPC$', 502),
                         ('nosuch', 1)):
        r = srvs.NetrShareGetInfo()
        r['ServerName'] = NULL
        r['NetName'] = share + '\x00'
        r['Level'] = level
        calls.append(('get', (share, level), r))
    for level in (100, 101, 102):
        r = srvs.NetrServerGetInfo()
        r['ServerName'] = '\\\\x\x00'
        r['Level'] = level
        calls.append(('server', level, r))
    writes = [binds]
    for i, (_, _, r) in enumerate(calls):
        # every other call in 8-byte-stub fragments
        writes += request_pdus(r, 10 + i, 8 if i % 2 else None, ctx_id=1)
    blocks = run(tool, 'srvsvc', writes)

    ack = rpcrt.MSRPCBindAck(blocks[0][0])
    items = [rpcrt.CtxItemResult(ack['ctx_items'][i * 24:(i + 1) * 24])
             for i in range(ack['ctx_num'])]
    check(ack['type'] == rpcrt.MSRPC_BINDACK and ack['max_tfrag'] == 4280 and
          ack['max_rfrag'] == 4280, 'bind_ack type and fragment sizes')
    check(sec_addr(ack) == '\\PIPE\\srvsvc',
          'bind_ack secondary address %r' % ack['SecondaryAddr'])
    check(ack['ctx_num'] == 3 and items[0]['Result'] == 2 and items[0]['Reason'] == 2,
          'NDR64 context rejected (proposed transfer syntaxes not supported)')
    check(items[1]['Result'] == 0 and
          items[1]['TransferSyntax'] == uuidtup_to_bin(NDR20),
          'NDR20 context accepted')
    check(items[2]['Result'] == 3 and items[2]['TransferSyntax'] == b'\0' * 20,
          'bind time feature negotiation -> negotiate_ack')

    # responses follow: a write of a non-last fragment answers nothing
    answers = [b for b in blocks[1:] if b]
    check(len(answers) == len(calls), 'one answer per call (%d)' % len(answers))
    names = ['data', 'ca', 'IPC$']
    for (kind, arg, r), pdus in zip(calls, answers):
        stub = stub_of(pdus)
        if isinstance(stub, tuple):
            check(False, '%s %s: fault 0x%08x' % (kind, arg, stub[1]))
            continue
        if kind == 'enum':
            level = arg
            resp = srvs.NetrShareEnumResponse(stub)
            buf = resp['InfoStruct']['ShareInfo']['Level%d' % level]['Buffer']
            got = [e['shi%d_netname' % level][:-1] for e in buf]
            ok = got == names and resp['TotalEntries'] == 3 and resp['ErrorCode'] == 0
            if level:
                ok = ok and [e['shi%d_type' % level] for e in buf] == [0, 0, 0x80000003]
                ok = ok and [e['shi%d_remark' % level][:-1] for e in buf] == \
                    ['Data share', 'CA share', 'IPC Service']
            if level in (2, 502):
                ok = ok and [e['shi%d_path' % level][:-1] for e in buf] == \
                    ['C:\\srv\\data', 'C:\\srv\\ca', '']
                ok = ok and all(e['shi%d_max_uses' % level] == 0xffffffff for e in buf)
            if level == 502:
                ok = ok and [e['shi502_reserved'] for e in buf] == [48, 48, 0]
                ok = ok and len(buf[0]['shi502_security_descriptor']) == 48
            if level == 501:
                ok = ok and [e['shi501_flags'] for e in buf] == [0, 0x4000, 0]
            check(ok, 'NetrShareEnum level %d: %s' % (level, got))
        elif kind == 'get':
            share, level = arg
            resp = srvs.NetrShareGetInfoResponse(stub) if share != 'nosuch' else None
            if share == 'nosuch':
                check(int.from_bytes(stub[-4:], 'little') == 0x906,
                      'NetrShareGetInfo unknown share -> NERR_NetNameNotFound')
                continue
            info = resp['InfoStruct']['ShareInfo%d' % level]
            if level == 1005:
                ok = info['shi1005_flags'] == 0x4000
            elif level == 502:
                ok = info['shi502_netname'] == 'IPC$\x00' and \
                    info['shi502_type'] == 0x80000003 and info['shi502_reserved'] == 0
            else:
                ok = info['shi%d_netname' % level][:-1] == share.lower() or \
                    info['shi%d_netname' % level][:-1] == share
                ok = ok and info['shi%d_type' % level] == 0
            check(ok and resp['ErrorCode'] == 0,
                  'NetrShareGetInfo %s level %d' % (share, level))
        else:
            level = arg
            resp = srvs.NetrServerGetInfoResponse(stub)
            info = resp['InfoStruct']['ServerInfo%d' % level]
            ok = info['sv%d_platform_id' % level] == 500 and \
                info['sv%d_name' % level] == 'SMB3KTEST\x00'
            if level >= 101:
                ok = ok and info['sv%d_version_major' % level] == 10 and \
                    info['sv%d_type' % level] == 0x8003 and \
                    info['sv%d_comment' % level] == 'smb3k test server\x00'
            check(ok and resp['ErrorCode'] == 0, 'NetrServerGetInfo level %d' % level)


def wkssvc_tests(tool):
    abstract = ('6bffd098-a112-3610-9833-46c3f87e345a', '1.0')
    writes = [bind_pdu(wkst.MSRPC_UUID_WKST, [(abstract, NDR20)])]
    for i, level in enumerate((100, 101, 102)):
        r = wkst.NetrWkstaGetInfo()
        r['ServerName'] = '\\\\x\x00'
        r['Level'] = level
        writes += request_pdus(r, 20 + i)
    blocks = run(tool, 'wkssvc', writes)
    ack = rpcrt.MSRPCBindAck(blocks[0][0])
    check(sec_addr(ack) == '\\PIPE\\wkssvc',
          'wkssvc bind_ack %r' % ack['SecondaryAddr'])
    for level, pdus in zip((100, 101, 102), blocks[1:]):
        stub = stub_of(pdus)
        if isinstance(stub, tuple):
            check(False, 'NetrWkstaGetInfo %d: fault' % level)
            continue
        resp = wkst.NetrWkstaGetInfoResponse(stub)
        info = resp['WkstaInfo']['WkstaInfo%d' % level]
        ok = info['wki%d_platform_id' % level] == 500 and \
            info['wki%d_computername' % level] == 'SMB3KTEST\x00' and \
            info['wki%d_langroup' % level] == 'WORKGROUP\x00' and \
            info['wki%d_ver_major' % level] == 10
        check(ok and resp['ErrorCode'] == 0, 'NetrWkstaGetInfo level %d' % level)
    # an unknown opnum: fault nca_s_op_rng_error
    r = wkst.NetrWkstaGetInfo()
    r['ServerName'] = NULL
    r['Level'] = 100
    pdu = request_pdus(r, 30)[0]
    pdu = pdu[:22] + (99).to_bytes(2, 'little') + pdu[24:]
    blocks = run(tool, 'wkssvc', [writes[0], pdu])
    hdr = rpcrt.MSRPCHeader(blocks[1][0])
    check(hdr['type'] == rpcrt.MSRPC_FAULT and
          blocks[1][0][24:28] == (0x1c010002).to_bytes(4, 'little'),
          'unknown opnum -> fault nca_s_op_rng_error')


def call_each(tool, pipe, uuid, abstract, calls, first_id):
    """Bind, send each (description, request) of @calls, and yield the
    description, the request and its stub (failing the check on a fault)."""
    writes = [bind_pdu(uuid, [(abstract, NDR20)])]
    for i, (_, r) in enumerate(calls):
        writes += request_pdus(r, first_id + i)
    blocks = run(tool, pipe, writes)
    for (desc, r), pdus in zip(calls, blocks[1:]):
        stub = stub_of(pdus)
        if isinstance(stub, tuple):
            check(False, '%s: fault 0x%08x' % (desc, stub[1]))
        else:
            yield desc, r, stub


def containers_tests(tool):
    """Requests as impacket's own helpers build them: a server name of ten
    NULs, and enumeration containers whose Buffer is a non-NULL empty array
    (and, once, an array with entries, which a server reads past)."""
    abstract = ('6bffd098-a112-3610-9833-46c3f87e345a', '1.0')
    calls = []
    r = wkst.NetrWkstaGetInfo()
    r['ServerName'] = '\x00' * 10
    r['Level'] = 100
    calls.append(('NetrWkstaGetInfo, server name of NULs', r))
    for level in (0, 1):
        r = wkst.NetrWkstaUserEnum()
        r['ServerName'] = '\x00' * 10
        r['UserInfo']['Level'] = level
        r['UserInfo']['WkstaUserInfo']['tag'] = level
        r['PreferredMaximumLength'] = 0xffffffff
        calls.append(('NetrWkstaUserEnum level %d, empty non-NULL Buffer' % level, r))
    r = wkst.NetrWkstaUserEnum()
    r['ServerName'] = NULL
    r['UserInfo']['Level'] = 1
    r['UserInfo']['WkstaUserInfo']['tag'] = 1
    for name in ('alice', 'bob'):
        e = wkst.WKSTA_USER_INFO_1()
        e['wkui1_username'] = name + '\x00'
        e['wkui1_logon_domain'] = 'DOM\x00'
        e['wkui1_oth_domains'] = NULL
        e['wkui1_logon_server'] = 'DC\x00'
        r['UserInfo']['WkstaUserInfo']['Level1']['Buffer'].append(e)
    r['UserInfo']['WkstaUserInfo']['Level1']['EntriesRead'] = 2
    r['PreferredMaximumLength'] = 0xffffffff
    r['ResumeHandle'] = 7
    calls.append(('NetrWkstaUserEnum level 1 with 2 entries in', r))
    r = wkst.NetrWkstaTransportEnum()
    r['ServerName'] = '\x00' * 10
    r['TransportInfo']['Level'] = 0
    r['TransportInfo']['WkstaTransportInfo']['tag'] = 0
    r['PreferredMaximumLength'] = 0xffffffff
    r['ResumeHandle'] = 0
    calls.append(('NetrWkstaTransportEnum, empty non-NULL Buffer', r))
    for desc, r, stub in call_each(tool, 'wkssvc', wkst.MSRPC_UUID_WKST, abstract, calls, 40):
        if isinstance(r, wkst.NetrWkstaGetInfo):
            resp = wkst.NetrWkstaGetInfoResponse(stub)
            ok = resp['WkstaInfo']['WkstaInfo100']['wki100_computername'] == 'SMB3KTEST\x00'
        elif isinstance(r, wkst.NetrWkstaUserEnum):
            # impacket's response declares ResumeHandle a ULONG; MS-WKST
            # 3.2.4.3 has [in, out, unique] unsigned long *: read the tail
            # (TotalEntries, pointer, value, status) from the stub itself.
            resp = wkst.NetrWkstaUserEnumResponse(stub)
            tail = [int.from_bytes(stub[i:i + 4], 'little') for i in range(len(stub) - 16,
                                                                           len(stub), 4)]
            ok = resp['TotalEntries'] == 0 and tail[1] != 0 and tail[2:] == [0, 0]
        else:
            resp = wkst.NetrWkstaTransportEnumResponse(stub)
            ok = resp['TotalEntries'] == 0
        check(ok and resp['ErrorCode'] == 0, desc)

    abstract = ('4b324fc8-1670-01d3-1278-5a47bf6ee188', '3.0')
    calls = []
    r = srvs.NetrShareEnum()
    r['ServerName'] = '\x00' * 10
    r['InfoStruct']['Level'] = 1
    r['InfoStruct']['ShareInfo']['tag'] = 1
    r['PreferedMaximumLength'] = 0xffffffff
    r['ResumeHandle'] = NULL
    calls.append(('NetrShareEnum level 1, empty non-NULL Buffer', r))
    r = srvs.NetrShareEnum()
    r['ServerName'] = NULL
    r['InfoStruct']['Level'] = 502
    r['InfoStruct']['ShareInfo']['tag'] = 502
    e = srvs.SHARE_INFO_502()
    e['shi502_netname'] = 'x\x00'
    e['shi502_remark'] = NULL
    e['shi502_path'] = 'C:\\x\x00'
    e['shi502_passwd'] = NULL
    e['shi502_reserved'] = 3
    e['shi502_security_descriptor'] = b'abc'
    r['InfoStruct']['ShareInfo']['Level502']['Buffer'].append(e)
    r['InfoStruct']['ShareInfo']['Level502']['EntriesRead'] = 1
    r['PreferedMaximumLength'] = 0xffffffff
    r['ResumeHandle'] = NULL
    calls.append(('NetrShareEnum level 502 with an entry (and its SD) in', r))
    r = srvs.NetrSessionEnum()
    r['ServerName'] = NULL
    r['ClientName'] = NULL
    r['UserName'] = NULL
    r['InfoStruct']['Level'] = 10
    r['InfoStruct']['SessionInfo']['tag'] = 10
    r['PreferedMaximumLength'] = 0xffffffff
    r['ResumeHandle'] = NULL
    calls.append(('NetrSessionEnum level 10, empty non-NULL Buffer', r))
    for desc, r, stub in call_each(tool, 'srvsvc', srvs.MSRPC_UUID_SRVS, abstract, calls, 60):
        if isinstance(r, srvs.NetrShareEnum):
            resp = srvs.NetrShareEnumResponse(stub)
            ok = resp['TotalEntries'] == 3
        else:
            resp = srvs.NetrSessionEnumResponse(stub)
            ok = resp['TotalEntries'] == 0
        check(ok and resp['ErrorCode'] == 0, desc)


def main():
    tool = sys.argv[1]
    srvsvc_tests(tool)
    wkssvc_tests(tool)
    containers_tests(tool)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()
