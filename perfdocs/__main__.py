"""``python -m perfdocs``: the same as the ``perfdocs`` command."""

from perfdocs.launch import run

run()
