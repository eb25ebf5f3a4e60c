# SPDX-License-Identifier: GPL-2.0
"""TAP output shared by the Python selftests: check(), skip(), case(), done(),
and status_of() for impacket calls."""
import sys

results = []


def check(name, cond, detail=""):
    """One TAP line; the detail of a failure follows as comments."""
    results.append(bool(cond))
    print(("ok %d - %s" if cond else "not ok %d - %s") % (len(results), name), flush=True)
    if not cond and detail:
        print("# " + str(detail).replace("\n", "\n# "), flush=True)


def skip(name, why):
    results.append(True)
    print("ok %d - %s # SKIP %s" % (len(results), name, why), flush=True)


def arguments(description=None, local_dir=False):
    """The options every Python selftest takes: --port, --user, --password,
    --share, and with @local_dir --local-dir (default $SMB3K_TEST_DIR)."""
    import argparse
    import os
    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--port", type=int, default=445)
    ap.add_argument("--user", default="test")
    ap.add_argument("--password", default="test")
    ap.add_argument("--share", default="test")
    if local_dir:
        ap.add_argument("--local-dir", default=os.environ.get("SMB3K_TEST_DIR", ""))
    return ap


def done():
    """Print the plan; the exit status: 0 when every check passed."""
    print("1..%d" % len(results), flush=True)
    return 0 if results and all(results) else 1


def case(fn):
    """Decorator: run one case; an exception is a failed check, not a dead
    script."""
    def run(*args):
        try:
            fn(*args)
        except Exception as e:  # noqa: BLE001 - reported as a TAP failure
            check(fn.__name__, False, repr(e))
    run.__name__ = fn.__name__
    return run


def status_of(fn):
    """Run @fn: 0, the NT status of an impacket SessionError, or repr(other)."""
    try:
        fn()
        return 0
    except Exception as e:  # noqa: BLE001 - reported as a failure by the caller
        # impacket's SessionError (smbconnection's, or smb3's from raw calls)
        code = getattr(e, "getErrorCode", None) or getattr(e, "get_error_code", None)
        return code() if code else repr(e)


if __name__ == "__main__":
    sys.exit("smbtap.py is a module")
