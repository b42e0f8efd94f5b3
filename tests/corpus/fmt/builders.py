"""What git cannot store: modes, hard links, and exact line endings and byte-order marks (which a checkout
with ``core.autocrlf`` may change)."""

from __future__ import annotations

import os
from pathlib import Path


def project_file(folder: Path) -> Path:
    return folder / "单位目录" / "甲项目.yaml"


def read_only(folder: Path) -> None:
    """A file its owner made read-only: renaming a new file over it would get past that."""
    project_file(folder).chmod(0o444)


def hard_link(folder: Path) -> None:
    """A second name for the project file, outside the unit: rewriting one name would leave the other old."""
    os.link(project_file(folder), folder / "备份.yaml")


def crlf(folder: Path) -> None:
    """Windows line endings, as a checkout with ``core.autocrlf`` writes them."""
    path = project_file(folder)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))


def byte_order_mark(folder: Path) -> None:
    """The UTF-8 byte-order mark that Windows Notepad writes."""
    path = project_file(folder)
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())


BUILDERS = {
    "只读文件不改写": read_only,
    "有硬链接的文件不改写": hard_link,
    "CRLF换行保留": crlf,
    "字节顺序标记保留": byte_order_mark,
}
