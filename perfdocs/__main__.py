"""``python -m perfdocs``: the same as the ``perfdocs`` command."""

from perfdocs.cli import run

run()
