"""Runs LibreOffice for perfdocs, and stops it when perfdocs ends without doing so (killed with SIGKILL).

perfdocs starts this script in a session of its own, so that one signal to the
session's process group reaches LibreOffice and everything LibreOffice starts,
with the read end of a pipe as its standard input. perfdocs never writes to the
pipe: when perfdocs ends, however it ends, the system closes the pipe, and this
script kills its whole process group, itself included. A parent-death signal
(Linux's ``PR_SET_PDEATHSIG``) would not do: it reaches the direct child only,
and soffice is a shell script that becomes oosplash, which starts soffice.bin;
and it exists on Linux alone, where this pipe works on every POSIX system.

Usage: ``python -I watchdog.py PROGRAM [ARGUMENT...]``. It exits with the
program's exit code (128 + the signal that ended it), or with
:data:`START_FAILED` and the line ``START_FAILED_MARK errno`` on standard output
when the program cannot be started. It imports the standard library only: perfdocs runs
it isolated (``-I``), outside its own imports, so that nothing in the current
folder or in the environment can stand in for it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

START_FAILED = 127
START_FAILED_MARK = "perfdocs-watchdog: cannot start, errno"


def _stop_everything_when_perfdocs_ends() -> None:
    sys.stdin.buffer.read()  # returns at the end of the input: perfdocs has ended
    os.killpg(0, signal.SIGKILL)


def main(command: list[str]) -> int:
    """Run ``command`` under watch; its exit code."""
    threading.Thread(target=_stop_everything_when_perfdocs_ends, daemon=True).start()
    try:
        child = subprocess.Popen(command, stdin=subprocess.DEVNULL)
    except OSError as error:
        print(START_FAILED_MARK, error.errno, flush=True)
        return START_FAILED
    code = child.wait()
    return 128 - code if code < 0 else code


if __name__ == "__main__":
    os._exit(main(sys.argv[1:]))
