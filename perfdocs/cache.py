"""perfdocs' cache folder: what a build can work out again but would rather not (a template part's Jinja,
the body font's metrics), kept between runs.

An entry is a file holding the SHA-256 of its body on its first line, so that a truncated or damaged
entry reads as none and is made again. Reading or writing the cache never fails a build: a cache
folder that is read-only, full or missing is as good as an empty one.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from contextlib import suppress
from pathlib import Path


def cache_folder() -> Path | None:
    """Where perfdocs keeps what it can work out again: ``$PERFDOCS_CACHE``, else the user's cache folder
    (None without a home folder to put it in)."""
    configured = os.environ.get("PERFDOCS_CACHE")
    if configured:
        return Path(configured)
    try:
        if sys.platform == "win32":
            base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        else:
            base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    except RuntimeError:  # no home folder (a service account without HOME)
        return None
    return base / "perfdocs"


def read_entry(path: Path, limit: int) -> str | None:
    """The body stored at ``path`` if it is whole (its digest matches); None for anything else.

    Only a regular file is read (a FIFO would block, a device never end), and at most ``limit`` bytes.
    """
    try:
        handle = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except (OSError, ValueError):  # ValueError: a path with a NUL in it
        return None
    try:
        with os.fdopen(handle, "rb") as stream:
            data = stream.read(limit + 1) if stat.S_ISREG(os.fstat(stream.fileno()).st_mode) else b""
    except OSError:
        return None
    digest, _, body = data.partition(b"\n")
    if len(data) > limit or hashlib.sha256(body).hexdigest().encode() != digest:
        return None
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        return None


def write_entry(path: Path, body: str) -> None:
    """Store ``body`` at ``path`` atomically (a temporary file, then :func:`os.replace`): a reader sees the
    old entry or the new one, never half of one. Quietly nothing where that cannot be done."""
    data = body.encode("utf-8")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{path.stem[:16]}.", suffix=".tmp", dir=path.parent)
    except (OSError, ValueError):
        return
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(hashlib.sha256(data).hexdigest().encode() + b"\n" + data)
        os.replace(temporary, path)
    except OSError:
        with suppress(OSError):
            os.unlink(temporary)
