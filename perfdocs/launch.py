"""The ``perfdocs`` command's entry point, light enough to load before anything can go wrong.

Loading the command line (click, Jinja, YAML...) takes a few tenths of a second, before
:func:`perfdocs.cli.main` can turn Ctrl-C into "已取消。": a Ctrl-C in that time would otherwise
show the user a Python traceback.
"""

from __future__ import annotations

import sys

from perfdocs.interrupts import CANCELLED, EXIT_INTERRUPTED


def run() -> None:
    """Load the command line and run it; Ctrl-C while loading ends it as Ctrl-C during a command does."""
    try:
        from perfdocs.cli import run as run_command  # noqa: PLC0415 - loading it is what may be interrupted
    except KeyboardInterrupt:
        sys.stderr.write(CANCELLED + "\n")
        sys.exit(EXIT_INTERRUPTED)
    run_command()
