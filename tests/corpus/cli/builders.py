"""Command lines and output targets as careless and hostile users give them to ``perfdocs build``.

Every case builds the example unit (``projects/2025``, copied in as ``单位``), so that the only thing
wrong is the command line or the place the document is to go. A builder adds what the case needs
beside it: a named pipe, a file where a folder should be, a link, a second unit.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook

EXAMPLE = Path(__file__).resolve().parents[3] / "projects" / "2025"


def unit(folder: Path, name: str = "单位") -> None:
    """The example unit, as ``name``."""
    shutil.copytree(EXAMPLE, folder / name)


def named_pipe(folder: Path) -> None:
    """``管道.docx`` is a named pipe: opening it to look inside waits for a writer that never comes."""
    unit(folder)
    os.mkfifo(folder / "管道.docx")


def a_file(folder: Path) -> None:
    """``普通文件`` is a file, where the command line wants a folder."""
    unit(folder)
    (folder / "普通文件").write_text("不是文件夹\n", encoding="utf-8")


def link_to_someone_elses_file(folder: Path) -> None:
    """``绩效目标.docx`` is a link to ``别人的.docx``: written through, it would overwrite that file."""
    unit(folder)
    (folder / "别人的.docx").write_text("别人的内容\n", encoding="utf-8")
    (folder / "绩效目标.docx").symlink_to("别人的.docx")


def link_loop(folder: Path) -> None:
    """``甲`` links to ``乙`` and ``乙`` to ``甲``."""
    unit(folder)
    (folder / "甲").symlink_to("乙")
    (folder / "乙").symlink_to("甲")


def broken_link(folder: Path) -> None:
    """``去处`` links to a folder that is not there (any more)."""
    unit(folder)
    (folder / "去处").symlink_to("搬走了的文件夹")


def someone_elses_file(folder: Path) -> None:
    """``别人的.docx``: a document perfdocs did not write."""
    unit(folder)
    (folder / "别人的.docx").write_bytes(b"PK\x05\x06" + bytes(18))


def two_units(folder: Path) -> None:
    unit(folder)
    unit(folder, "单位二")


def two_units_named_alike(folder: Path) -> None:
    """``甲/单位`` and ``乙/单位``: their documents would both be ``单位.docx``."""
    unit(folder / "甲")
    unit(folder / "乙")


def two_units_and_a_file(folder: Path) -> None:
    two_units(folder)
    (folder / "普通文件").write_text("不是文件夹\n", encoding="utf-8")


def someone_elses_workbook(folder: Path) -> None:
    """``别人的.xlsx``: a workbook perfdocs did not write (one sheet, “重要数据” in A1)."""
    unit(folder)
    book = Workbook()
    book.active["A1"] = "重要数据"
    book.save(folder / "别人的.xlsx")


BUILDERS: dict[str, Callable[[Path], None]] = {
    "超时是nan": unit,
    "超时是无穷大": unit,
    "超时为零": unit,
    "超时不是数": unit,
    "输出到命名管道": named_pipe,
    "输出到设备": unit,
    "输出到标准输出": unit,
    "输出到已有文件夹": unit,
    "输出路径中有一个文件": a_file,
    "输出文件名太长": unit,
    "扩展名是doc": unit,
    "输出在单位文件夹里": unit,
    "单位文件夹是一个文件": unit,
    "缺少输出选项": unit,
    "没有给单位文件夹": unit,
    "选项拼错": unit,
    "命令拼错": unit,
    "输出是符号链接": link_to_someone_elses_file,
    "输出路径中的链接绕成圈": link_loop,
    "输出文件夹是断了的链接": broken_link,
    "输出文件已存在且不是perfdocs生成的": someone_elses_file,
    "几个单位输出到一个文件": two_units_and_a_file,
    "几个单位文件夹同名": two_units_named_alike,
    "几个单位输出到其中一个单位里": two_units,
    "模板输出到已有文件": someone_elses_file,
    "模板输出是符号链接": link_to_someone_elses_file,
    "模板输出到已有文件夹": unit,
    "模板扩展名不是docx": unit,
    "模板名称带路径": unit,
    "模板名称大小写不同": unit,
    "命令行版式前有空格": unit,
    "命令行版式是路径": unit,
    "命令行版式为空": unit,
    "Excel输出用上海版式": unit,
    "Excel输出用天津版式且扩展名大写": unit,
    "Excel输出加Word模板": unit,
    "Excel输出文件已存在且不是perfdocs生成的": someone_elses_workbook,
}
