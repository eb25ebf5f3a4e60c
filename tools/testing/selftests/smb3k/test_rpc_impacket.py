#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""srvsvc and wkssvc over SMB named pipes, called through impacket's own
request helpers (hNetr*) as penetration and admin tools use them: their
server names are ten NULs and their enumeration containers carry a non-NULL
empty array, both legal NDR that a server must accept (MS-RPCE, C706 14).
Run against a server whose share list includes --share."""
import sys

from impacket.dcerpc.v5 import srvs, transport, wkst
from impacket.dcerpc.v5.dtypes import NULL
from impacket.dcerpc.v5.rpcrt import DCERPCException

from smbtap import arguments, case, check, done


def connect(args, pipe, iface):
    t = transport.SMBTransport("127.0.0.1", args.port, pipe,
                               username=args.user, password=args.password)
    dce = t.get_dce_rpc()
    dce.connect()
    dce.bind(iface)
    return dce


@case
def wkssvc(args):
    dce = connect(args, r"\wkssvc", wkst.MSRPC_UUID_WKST)
    for level in (100, 101, 102):
        r = wkst.hNetrWkstaGetInfo(dce, level)
        info = r["WkstaInfo"]["WkstaInfo%d" % level]
        check("NetrWkstaGetInfo level %d (server name of NULs)" % level,
              r["ErrorCode"] == 0 and info["wki%d_platform_id" % level] == 500 and
              info["wki%d_langroup" % level] == "WORKGROUP\x00", info)
    for level in (0, 1):
        try:
            r = wkst.hNetrWkstaUserEnum(dce, level)
            ok, detail = r["TotalEntries"] == 0, r["TotalEntries"]
        except DCERPCException as e:
            ok, detail = False, e
        check("NetrWkstaUserEnum level %d (empty non-NULL array in)" % level, ok, detail)
    r = wkst.hNetrWkstaTransportEnum(dce, 0)
    check("NetrWkstaTransportEnum level 0", r["ErrorCode"] == 0, r["ErrorCode"])
    r = wkst.hNetrWorkstationStatisticsGet(dce, "\x00", 0, 0)
    check("NetrWorkstationStatisticsGet", r["ErrorCode"] == 0, r["ErrorCode"])
    try:
        wkst.hNetrWkstaGetInfo(dce, 7)
        check("NetrWkstaGetInfo level 7 -> ERROR_INVALID_LEVEL", False, "succeeded")
    except DCERPCException as e:
        check("NetrWkstaGetInfo level 7 -> ERROR_INVALID_LEVEL",
              e.get_error_code() == 0x7c, e)
    dce.disconnect()


@case
def srvsvc(args):
    dce = connect(args, r"\srvsvc", srvs.MSRPC_UUID_SRVS)
    for level in (0, 1, 2, 502):
        r = srvs.hNetrShareEnum(dce, level)
        names = [e["shi%d_netname" % level][:-1]
                 for e in r["InfoStruct"]["ShareInfo"]["Level%d" % level]["Buffer"]]
        check("NetrShareEnum level %d lists %s and IPC$" % (level, args.share),
              args.share in names and "IPC$" in names, names)
    r = srvs.hNetrShareGetInfo(dce, args.share + "\x00", 1)
    check("NetrShareGetInfo %s level 1" % args.share,
          r["InfoStruct"]["ShareInfo1"]["shi1_netname"][:-1] == args.share, r["ErrorCode"])
    r = srvs.hNetrServerGetInfo(dce, 101)
    check("NetrServerGetInfo level 101: platform 500",
          r["InfoStruct"]["ServerInfo101"]["sv101_platform_id"] == 500, r["ErrorCode"])
    r = srvs.hNetrSessionEnum(dce, NULL, NULL, 10)
    check("NetrSessionEnum level 10", r["ErrorCode"] == 0, r["ErrorCode"])
    r = srvs.hNetrServerTransportEnum(dce, 0)
    check("NetrServerTransportEnum level 0",
          r["ErrorCode"] == 0 and r["TotalEntries"] >= 1, r["TotalEntries"])
    dce.disconnect()


def main():
    args = arguments(__doc__).parse_args()
    wkssvc(args)
    srvsvc(args)
    return done()


if __name__ == "__main__":
    sys.exit(main())
