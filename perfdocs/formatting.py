"""``perfdocs fmt``: rewrite unit and project files in the canonical form, keeping their comments.

The canonical text comes from :mod:`perfdocs.writer`, so a formatted file is
byte for byte what ``perfdocs import`` writes, but for two conventions of the
editor that fmt keeps as the file has them: CRLF line endings (when its first
line ends so: a Windows checkout has them, and git turns them back) and a
byte-order mark.

Comments are found by libyaml's own scanner, never by re-reading quotes: a ``#``
is a comment only outside every token of the file (in ``5'8 # 注释`` the scalar
ends before the ``#``; in a block scalar ``|`` a ``#`` is text), or after the
indicator of a block scalar (``| # 注释``). A comment on a line of its own goes
with the next key or list item; any other comment goes with the last key or
list item that starts before it, at the end of that key's line. When the
canonical form drops a key, its comments go to the nearest key around it that
stays (an indicator's 指标值 and 绩效指标描述 written as one line hand theirs
to that line), or else to the next key that stays.

A file is rewritten only when its canonical text, read back, means exactly what
the file means (the same project, or the same unit with the same framework file
and project order); the file keeps its mode and owner, and a link stays a link:
the file it points to, inside the unit folder, is rewritten.
"""

from __future__ import annotations

import os
import re
import stat
from bisect import bisect_left
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from itertools import islice
from pathlib import Path

import yaml

from perfdocs.errors import FILES, InputError, Location, OutputError, Problem, describe_os_error
from perfdocs.loader import UnitFolder, load_project, load_unit_file, open_unit_folder
from perfdocs.model import IndicatorValue, Project, Unit
from perfdocs.output import atomic_path
from perfdocs.unitfolder import UNIT_FILE, outside_problem, unit_folders_below, unit_root
from perfdocs.writer import Line, canonical_value, join_lines, project_lines, unit_lines
from perfdocs.yamlsource import join_path

_BOM = b"\xef\xbb\xbf"
_WRITE_BITS = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH


@dataclass
class FormatReport:
    """The files read (canonical already, or rewritten), those rewritten (checking: to be rewritten),
    and the problems that kept the other files as they were."""

    files: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def format_paths(paths: Iterable[str | Path], *, check: bool = False) -> FormatReport:
    """Format the unit and project files in ``paths`` (files, or folders searched for units).

    With ``check``, nothing is written: the report says which files are not canonical.
    Every file is tried; one that cannot be read or written is left as it was, with its problem.
    """
    report = FormatReport()
    problems: list[Problem] = []
    for path in dict.fromkeys(_unit_and_project_files(paths, problems)):
        try:
            changed = _format_file(path, check=check)
        except InputError as error:
            problems.extend(error.problems)
            continue
        report.files.append(path)
        if changed:
            report.changed.append(path)
    report.problems = list(dict.fromkeys(problems))  # a file given twice (alone and in its folder) says it once
    return report


def formatted(path: Path) -> str:
    """The canonical text of a unit or project file, with its comments; InputError if it cannot be read."""
    return _canonical(path).text


def rewrite_unit_file(path: Path, order: list[str]) -> None:
    """Rewrite ``单位.yaml`` in the canonical form with another project order, its comments kept and
    the file kept as it was (mode, owner, link); InputError if it cannot be read or written."""
    _rewrite(path, _canonical(path, order))


@dataclass(frozen=True)
class _Canonical:
    """A file as read (``source``, read first), its canonical text, and what that must mean read back."""

    source: bytes
    text: str
    meaning: object
    unit_file: bool

    @property
    def data(self) -> bytes:
        """The canonical text as the file is written: its line endings and byte-order mark kept."""
        return _Conventions.of(self.source).encode(self.text)


def _canonical(path: Path, order: list[str] | None = None) -> _Canonical:
    source = _read_inside(path)
    if path.name == UNIT_FILE:
        unit, found = load_unit_file(path)
        order = found if order is None else order
        lines = unit_lines(unit, order)
        return _Canonical(source, _with_source_comments(lines, source), _unit_meaning(unit, order), True)
    project = load_project(path)
    text = _with_source_comments(project_lines(project), source)
    return _Canonical(source, text, _project_meaning(project), False)


def _meaning(path: Path, *, unit_file: bool) -> object:
    """What a file says, as far as fmt may not change it: the project, its indicator values with their
    comparison signs as published (fmt writes ``>=`` as ``≥``); or the unit, its framework's file, the order."""
    if unit_file:
        return _unit_meaning(*load_unit_file(path))
    return _project_meaning(load_project(path))


def _unit_meaning(unit: Unit, order: list[str]) -> tuple[Unit, Path | None, tuple[str, ...]]:
    framework = unit.framework.path if unit.framework else None
    return unit, Path(framework).resolve() if framework else None, tuple(order)


def _project_meaning(project: Project) -> Project:
    indicators = tuple(
        replace(indicator, value=IndicatorValue.parse(canonical_value(indicator.value.text)))
        for indicator in project.indicators
    )
    return replace(project, indicators=indicators)


def _format_file(path: Path, *, check: bool) -> bool:
    """Read one file and, unless ``check``, rewrite it in the canonical form; whether it was not canonical."""
    canonical = _canonical(path)
    if canonical.data == canonical.source:
        return False
    if not check:
        _rewrite(path, canonical)
    return True


def _read_inside(path: Path) -> bytes:
    """The bytes of a file of a unit folder, read before it is loaded (to see later whether it changed);
    one that the loader would refuse unread (a link out of the folder, a pipe) is refused unread."""
    root = unit_root(path.parent)
    refused = root if isinstance(root, Problem) else outside_problem(path, root)
    if refused is not None:
        raise InputError([refused])
    return _read_bytes(path)


def _read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as error:
        raise _problem(Location(str(path)), f"无法读取文件：{describe_os_error(error)}。") from error


@dataclass(frozen=True)
class _Conventions:
    """What fmt keeps of how a file is written: its line ending and byte-order mark."""

    newline: str
    bom: bool

    @classmethod
    def of(cls, data: bytes) -> _Conventions:
        first_line = data.split(b"\n", 1)[0]
        return cls("\r\n" if first_line.endswith(b"\r") else "\n", data.startswith(_BOM))

    def encode(self, text: str) -> bytes:
        return _BOM * self.bom + text.replace("\n", self.newline).encode("utf-8")


# Rewriting a file as it was.


def _rewrite(path: Path, canonical: _Canonical) -> None:
    """Replace the file ``path`` stands for (itself, or the file its link points to) with the canonical text.

    The new text is written beside the file (:func:`~perfdocs.output.atomic_path`, which gives it the
    file's mode and owner), read back and compared with what the file means, and only then renamed
    over it, if nobody changed the file meanwhile (an editor saving it): a failure at any step leaves
    the file as it was. A read-only file, or one with other hard links (which would keep the old
    text), is refused.
    """
    target = path.resolve()  # the loader refused links that lead out of the unit folder
    where = Location(str(path))
    _refuse_unwritable(target, where)
    try:
        with atomic_path(target) as temporary:
            temporary.write_bytes(canonical.data)
            _check_meaning(temporary, canonical, where)
            if _read_bytes(target) != canonical.source:
                message = "这个文件在 fmt 改写它时被改动了（如编辑器保存了它）：没有改动它，请再运行一次。"
                raise _problem(where, message)
    except OutputError as error:
        raise _problem(where, f"{error}这个文件没有改动。") from error


def _refuse_unwritable(target: Path, where: Location) -> None:
    """Refuse a file fmt may not replace: renaming over a read-only file would get past its protection."""
    try:
        status = target.stat()
    except OSError as error:
        raise _problem(where, f"无法读取文件：{describe_os_error(error)}。") from error
    if not status.st_mode & _WRITE_BITS or not os.access(target, os.W_OK):
        raise _problem(where, "这个文件是只读的（或属于其他用户，本用户不能改写）：没有改动它。")
    if status.st_nlink > 1:
        message = f"这个文件有 {status.st_nlink} 个硬链接：改写它会让其他链接留着旧的内容，所以没有改动它。"
        raise _problem(where, message + "请先把它换成一个普通文件。")


def _check_meaning(written: Path, canonical: _Canonical, where: Location) -> None:
    """Refuse a canonical text that does not read back as what the file meant (a fault of perfdocs)."""
    try:
        same = _meaning(written, unit_file=canonical.unit_file) == canonical.meaning
    except InputError:
        same = False
    if not same:
        message = "规范格式读回来与这个文件的内容不一致，没有改动它：这是 perfdocs 的缺陷，请报告（附上这个文件）。"
        raise _problem(where, message)


def _problem(where: Location, message: str) -> InputError:
    return InputError([Problem(where, FILES, message)])


# Comments: found by the scanner, put back beside their keys.


@dataclass(frozen=True)
class _Comment:
    """A comment of the source: where it starts (0-based line, column), its text, and whether it is
    alone on its line."""

    position: tuple[int, int]
    text: str
    alone: bool


@dataclass(frozen=True)
class _Place:
    """Where a key or list item starts, and its path with the paths of the keys around it, innermost first."""

    position: tuple[int, int]
    paths: tuple[str, ...]


def _with_source_comments(lines: list[Line], source: bytes) -> str:
    """``lines`` with the comments of a file (``source``, as read: it loaded, so it decodes and parses),
    each beside its key."""
    text = source.decode("utf-8-sig").replace("\r\n", "\n")
    comments = _source_comments(text)
    if not comments:
        return join_lines(lines)
    root = yaml.compose(text, Loader=yaml.CBaseLoader)
    places = sorted(_places(root), key=lambda place: place.position) if root is not None else []
    return _with_comments(lines, comments, places)


def _with_comments(lines: list[Line], comments: list[_Comment], places: list[_Place]) -> str:
    """``lines`` with ``comments`` put beside the keys they stood beside in the source (``places``)."""
    line_of: dict[str, int] = {}
    for index, (key_path, _) in enumerate(lines):
        line_of.setdefault(key_path, index)
    positions = [place.position for place in places]
    leading: list[list[str]] = [[] for _ in lines]
    trailing: list[list[str]] = [[] for _ in lines]
    end: list[str] = []
    for comment in comments:
        after = bisect_left(positions, comment.position)
        if not comment.alone and after and (line := _kept_line(places[after - 1], line_of)) is not None:
            trailing[line].append(comment.text)
            continue
        following = islice(places, after, None)
        line = next((kept for place in following if (kept := _kept_line(place, line_of)) is not None), None)
        (end if line is None else leading[line]).append(comment.text)
    out = []
    for (_, text), before, behind in zip(lines, leading, trailing, strict=True):
        indent = text[: len(text) - len(text.lstrip(" "))]
        out += [indent + comment for comment in before]
        out.append("  ".join([text, *behind]))
    return "".join(f"{line}\n" for line in [*out, *end])


def _kept_line(place: _Place, line_of: dict[str, int]) -> int | None:
    """The canonical line of the key at ``place``, or of the nearest key around it that is written."""
    return next((line_of[key_path] for key_path in place.paths if key_path in line_of), None)


def _source_comments(text: str) -> list[_Comment]:
    """Every comment of a YAML text (that libyaml scans without error), in order.

    Between the tokens of the scanner there is only white space and comments, so
    the first ``#`` after a token, or on a line between tokens, starts a comment.
    """
    if "#" not in text:
        return []
    line_starts = [0, *(found.end() for found in re.finditer("\n", text))]
    comments: list[_Comment] = []
    scanned = 0
    for token in yaml.scan(text, Loader=yaml.CBaseLoader):
        start, end = token.start_mark.index, token.end_mark.index
        if start > scanned:
            comments += _comments_between(text, scanned, start, line_starts)
        if isinstance(token, yaml.ScalarToken) and token.style in ("|", ">"):
            header_end = text.find("\n", start, end)
            hash_at = text.find("#", start, end if header_end < 0 else header_end)
            if hash_at >= 0:
                comments.append(next(_comments_between(text, hash_at, end, line_starts)))
        scanned = max(scanned, end)
    return comments


def _comments_between(text: str, start: int, end: int, line_starts: list[int]) -> Iterator[_Comment]:
    """The comments in ``text[start:end]``, a stretch outside every token: each runs to the end of its line."""
    hash_at = text.find("#", start, end)
    while hash_at >= 0:
        line_end = text.find("\n", hash_at)
        line_end = len(text) if line_end < 0 else line_end
        line = bisect_left(line_starts, hash_at + 1) - 1
        column = hash_at - line_starts[line]
        alone = not text[line_starts[line] : hash_at].strip()
        yield _Comment((line, column), text[hash_at:line_end].rstrip(), alone)
        hash_at = text.find("#", line_end, end)


def _places(node: yaml.Node, around: tuple[str, ...] = ()) -> Iterator[_Place]:
    """Every key and list item under ``node``, named as :mod:`perfdocs.writer` names their lines."""
    parent = around[0] if around else ""
    if isinstance(node, yaml.MappingNode):
        children = [(join_path(parent, str(key.value).strip()), key, value) for key, value in node.value]
    elif isinstance(node, yaml.SequenceNode):
        children = [(f"{parent}[{index}]", item, item) for index, item in enumerate(node.value, 1)]
    else:
        return
    for key_path, start, value in children:
        paths = (key_path, *around)
        yield _Place((start.start_mark.line, start.start_mark.column), paths)
        yield from _places(value, paths)


# Which files: the unit files and project files of the paths given.


def _unit_and_project_files(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path]:
    """The files to format: every unit file and project file under a folder given, and each file given
    that is one (a ``.pre-commit-config.yaml`` or a unit's framework file is not, and is left alone)."""
    folders: dict[Path, UnitFolder] = {}
    for given in paths:
        path = Path(given)
        try:
            kind = "folder" if path.is_dir() else "file" if path.exists() or path.is_symlink() else None
            in_unit = kind == "file" and (path.name == UNIT_FILE or (path.parent / UNIT_FILE).exists())
        except OSError as error:  # a folder on the way that this user may not open
            problems.append(Problem(Location(str(path)), FILES, f"无法打开：{describe_os_error(error)}。"))
            continue
        if kind == "folder":
            for folder in _unit_folders(path, problems):
                unit_folder = _opened(folder, folders)
                problems += unit_folder.problems
                yield from ([folder / UNIT_FILE] if unit_folder.unit is not None else [])
                yield from unit_folder.paths
        elif kind is None:
            problems.append(Problem(Location(str(path)), FILES, "找不到这个文件或文件夹。"))
        elif in_unit:  # other files (a .pre-commit-config.yaml that pre-commit passes along) are not ours
            yield from _given_file(path, folders, problems)


def _given_file(path: Path, folders: dict[Path, UnitFolder], problems: list[Problem]) -> Iterator[Path]:
    if path.name == UNIT_FILE:
        yield path  # formatting it reports its problems
        return
    unit_folder = _opened(path.parent, folders)
    if path in unit_folder.paths:
        yield path
    else:  # a link out of the folder, a .yml file, a second file for one name; or no project file at all
        problems += [problem for problem in unit_folder.problems if problem.location.path == str(path)]


def _opened(folder: Path, folders: dict[Path, UnitFolder]) -> UnitFolder:
    if folder not in folders:
        folders[folder] = open_unit_folder(folder)
    return folders[folder]


def _unit_folders(top: Path, problems: list[Problem]) -> Iterator[Path]:
    """The unit folders at or below ``top``, in order; a folder that looks like one but has no 单位.yaml is
    a problem (its files would otherwise be left alone without a word)."""
    units, lookalikes = unit_folders_below(top, problems)
    for folder in lookalikes:
        problems += open_unit_folder(folder).problems
    yield from units
