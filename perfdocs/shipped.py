"""The templates perfdocs ships, by name, and a copy of one for the user to edit.

A user who installed perfdocs with pip has no checkout to copy a template from:
``perfdocs template -o 我的模板.docx`` writes one of the shipped templates (every
``.docx`` in the shipped templates folder, named
by its file name without ``.docx``) where the user asks. The copy is the user's
own from then on, so an existing file is never replaced without ``overwrite``:
it may be a template someone spent an afternoon adjusting in Word.
"""

from __future__ import annotations

import os
from pathlib import Path

from perfdocs.errors import OutputError, TemplateError, did_you_mean
from perfdocs.output import check_replaceable, publish

#: The template ``perfdocs build`` uses when given none.
DEFAULT_TEMPLATE = "default"
_SUFFIX = ".docx"


def _templates_folder() -> Path | None:
    """Where the shipped templates are: ``templates/`` beside the code (None if the installation lost it)."""
    folder = Path(__file__).resolve().parent / "templates"
    return folder if (folder / f"{DEFAULT_TEMPLATE}{_SUFFIX}").is_file() else None


def _shipped() -> dict[str, Path]:
    folder = _templates_folder()
    if folder is None:
        return {}
    found = {
        path.name[: -len(_SUFFIX)]: path
        for path in folder.iterdir()
        if path.name.lower().endswith(_SUFFIX) and not path.name.startswith((".", "~$")) and path.is_file()
    }
    return dict(sorted(found.items(), key=lambda item: (item[0] != DEFAULT_TEMPLATE, item[0])))


def template_names() -> tuple[str, ...]:
    """The names of the shipped templates, the default (``default``) first."""
    return tuple(_shipped())


def shipped_template(name: str = DEFAULT_TEMPLATE) -> Path:
    """The path of the shipped template ``name``; TemplateError for a name perfdocs does not ship."""
    shipped = _shipped()
    if not shipped:
        raise TemplateError(
            f"找不到 perfdocs 自带的模板 {DEFAULT_TEMPLATE}{_SUFFIX}：安装可能不完整，请重新安装 perfdocs。"
        )
    if name not in shipped:
        raise TemplateError(
            f"没有名为“{name}”的自带模板：可用的有 {'、'.join(shipped)}。{did_you_mean(name, shipped)}".rstrip()
        )
    return shipped[name]


def write_template(output: str | Path, name: str = DEFAULT_TEMPLATE, *, overwrite: bool = False) -> Path:
    """Copy the shipped template ``name`` to ``output`` (a ``.docx``), for the user to edit; return its path.

    Folders on the way are made. An existing file is replaced only with
    ``overwrite``; a folder, a symbolic link, a pipe or a device never is
    (:func:`perfdocs.output.check_replaceable`). The copy is written beside
    ``output`` first and renamed over it when complete. Raises
    :class:`~perfdocs.errors.TemplateError` for an unknown ``name`` and
    :class:`~perfdocs.errors.OutputError` for where it cannot go; on any error
    nothing is written.
    """
    source = shipped_template(name)
    target = Path(output)
    if str(output).endswith(("/", os.sep)) or (target.is_dir() and not target.is_symlink()):
        raise OutputError(f"{target} 是一个文件夹：请给出模板的文件名，如 {target / '我的模板.docx'}。")
    if target.suffix.lower() != _SUFFIX:
        example = f"{target.stem or '我的模板'}.docx"
        raise OutputError(f"模板要保存为 .docx 文件（Word 文档），{target} 的扩展名不是 .docx：请写成如 {example}。")
    check_replaceable(target, overwrite=True)  # a link, a pipe, a device, a place where no file can be made
    if not overwrite and os.path.lexists(target):
        raise OutputError(
            f"{target} 已存在：覆盖会丢失其中的内容（也许是改过的模板）。请换一个文件名，或加 --overwrite 确认覆盖。"
        )
    return publish(source, target)
