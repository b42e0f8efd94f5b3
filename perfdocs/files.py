"""Files users name: only a regular file is opened.

Opening a named pipe for reading waits for a writer that never comes, and a
device (``/dev/zero``) never ends; a folder cannot be read. Every file perfdocs
reads because a user named it is looked at first, without opening it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from perfdocs.errors import PerfdocsError, describe_os_error


class NotAFileError(PerfdocsError):
    """The path names no regular file; the message says what it is, without the path (the caller names it)."""


def require_regular_file(path: str | Path) -> None:
    """Raise :class:`NotAFileError` unless ``path`` (links followed) is a regular file that exists."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError as error:
        raise NotAFileError("找不到这个文件") from error
    except (OSError, ValueError) as error:  # ValueError: a NUL in the path
        reason = describe_os_error(error) if isinstance(error, OSError) else "路径中有不能出现的字符"
        raise NotAFileError(f"无法读取：{reason}") from error
    if stat.S_ISDIR(mode):
        raise NotAFileError("这是一个文件夹，不是文件")
    if not stat.S_ISREG(mode):
        raise NotAFileError("这不是一个普通文件（是管道或设备），没有读取")
