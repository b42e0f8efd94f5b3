"""Unit folders with what git cannot store: a named pipe where a project file should be."""

from __future__ import annotations

import os
from pathlib import Path


def named_pipe(folder: Path) -> None:
    """Opening a pipe for reading waits for a writer: a reader that opens it hangs for ever."""
    os.mkfifo(folder / "单位目录" / "管道.yaml")


BUILDERS = {"项目文件是命名管道": named_pipe}
