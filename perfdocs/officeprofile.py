"""A made LibreOffice profile kept in the cache folder, copied for each build instead of made afresh.

Each build gives LibreOffice a profile of its own (builds at once must not share one), and LibreOffice
makes a new profile in about a third of a second on its first start, more than a small build's whole
layout. The profile a build's LibreOffice made is kept (:func:`keep`) and copied into the next
build's empty profile folder (:func:`copy_into`), which takes milliseconds. A profile depends on the
LibreOffice that made it, so each program has its own. Like every cache entry it is a convenience
only: a cache that cannot be read or written, or a LibreOffice that will not start with the copy
(:func:`forget`), leaves LibreOffice to make its own again.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from contextlib import suppress
from pathlib import Path

from perfdocs.cache import cache_folder

_FOLDER = "libreoffice-profiles"
#: What a profile has once LibreOffice has made it.
_MADE = Path("user") / "registrymodifications.xcu"


def _kept(program: str) -> Path | None:
    folder = cache_folder()
    if folder is None:
        return None
    real = os.path.realpath(program)
    try:
        stamp = f"{real}\0{os.stat(real).st_mtime_ns}"
    except OSError:
        return None
    return folder / _FOLDER / hashlib.sha256(stamp.encode()).hexdigest()[:32]


def copy_into(profile: Path, program: str) -> bool:
    """Fill the empty folder ``profile`` with the profile kept for ``program``; whether there was one."""
    kept = _kept(program)
    if kept is None or not (kept / _MADE).is_file():
        return False
    try:
        shutil.copytree(kept, profile, dirs_exist_ok=True, symlinks=True)
    except (OSError, shutil.Error):
        return False
    return True


def keep(profile: Path, program: str) -> None:
    """Keep the profile LibreOffice made in ``profile``, unless one is kept already."""
    kept = _kept(program)
    if kept is None or kept.exists() or not (profile / _MADE).is_file():
        return
    with suppress(OSError, shutil.Error):
        kept.parent.mkdir(parents=True, exist_ok=True)
        staged = Path(tempfile.mkdtemp(prefix=".profile-", dir=kept.parent))
        try:
            shutil.copytree(profile, staged, dirs_exist_ok=True, symlinks=True)
            os.rename(staged, kept)  # whole or not at all; another build may have kept one meanwhile
        finally:
            shutil.rmtree(staged, ignore_errors=True)


def forget(program: str) -> None:
    """Remove the profile kept for ``program`` (LibreOffice did not start with a copy of it)."""
    kept = _kept(program)
    if kept is not None:
        shutil.rmtree(kept, ignore_errors=True)
