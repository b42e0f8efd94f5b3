"""``perfdocs fmt``: rewrite unit and project files in the canonical form, keeping their comments.

The canonical text comes from :mod:`perfdocs.writer`, so a formatted file is
byte for byte what ``perfdocs import`` writes. Comments are carried over by what
they stand beside: a comment line goes with the key (or list item) on the next
line, a comment at the end of a line stays at the end of that key's line.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from perfdocs.errors import FILES, InputError, Location, Problem
from perfdocs.loader import UNIT_FILE, load_project, load_unit_file, project_files
from perfdocs.output import atomic_path
from perfdocs.writer import Line, project_lines, unit_lines
from perfdocs.yamlsource import YamlFile, join_path


@dataclass
class FormatReport:
    """Files looked at, those that were (or, checking, would be) rewritten, and what stopped the rest."""

    files: list[Path] = field(default_factory=list)
    changed: list[Path] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def format_paths(paths: Iterable[str | Path], *, check: bool = False) -> FormatReport:
    """Format the unit and project files in ``paths`` (files, or folders searched for units).

    With ``check``, nothing is written: the report says which files are not canonical.
    """
    report = FormatReport()
    for path in dict.fromkeys(_unit_and_project_files(paths, report.problems)):
        report.files.append(path)
        try:
            text = path.read_text(encoding="utf-8-sig")
            canonical = formatted(path)
        except InputError as error:
            report.problems.extend(error.problems)
            continue
        if canonical != text:
            report.changed.append(path)
            if not check:
                with atomic_path(path) as temporary:
                    temporary.write_text(canonical, encoding="utf-8")
    return report


def formatted(path: Path) -> str:
    """The canonical text of a unit or project file, with its comments; InputError if it cannot be read."""
    if path.name == UNIT_FILE:
        unit, order = load_unit_file(path)
        return _with_source_comments(unit_lines(unit, order), path)
    return _with_source_comments(project_lines(load_project(path)), path)


def formatted_unit_file(path: Path, order: list[str]) -> str:
    """``单位.yaml`` in the canonical form with another project order, its comments kept."""
    unit, _ = load_unit_file(path)
    return _with_source_comments(unit_lines(unit, order), path)


def _with_source_comments(lines: list[Line], path: Path) -> str:
    root = YamlFile(str(path)).compose()
    paths_by_line: dict[int, str] = {}
    for line, key_path in _paths_by_line(root) if root else ():
        paths_by_line.setdefault(line, key_path)  # the outermost key of a line
    return with_comments(lines, path.read_text(encoding="utf-8-sig"), paths_by_line)


def with_comments(lines: list[Line], source: str, paths_by_line: dict[int, str]) -> str:
    """``lines`` with the comments of ``source`` put back beside the same keys."""
    kept = {path for path, _ in lines}
    leading: dict[str, list[str]] = {}
    trailing: dict[str, str] = {}
    pending: list[str] = []
    for number, line in enumerate(source.splitlines()):
        stripped = line.strip()
        if stripped.startswith("#"):
            pending.append(stripped)
            continue
        path = paths_by_line.get(number)
        comment = trailing_comment(line)
        if path in kept:
            leading.setdefault(path, []).extend(pending)
            pending = []
            if comment:
                trailing[path] = comment
        elif comment:  # on a line that disappears: keep it as a comment line before the next key
            pending.append(comment)
    out = []
    for path, text in lines:
        indent = text[: len(text) - len(text.lstrip(" "))]
        out += [indent + comment for comment in leading.get(path, [])]
        out.append(f"{text}  {trailing[path]}" if path in trailing else text)
    return "".join(f"{line}\n" for line in [*out, *pending])


def trailing_comment(line: str) -> str | None:
    """The ``# …`` at the end of a YAML line, if any: a ``#`` after white space, outside quotes."""
    quote = None
    index = 0
    while index < len(line):
        char = line[index]
        if quote == '"' and char == "\\":
            index += 1  # an escaped character
        elif quote and char == quote:
            if quote == "'" and line[index + 1 : index + 2] == "'":
                index += 1  # '' is a quote inside single quotes
            else:
                quote = None
        elif not quote and char in "\"'" and (index == 0 or line[index - 1] in " \t:-[{,"):
            quote = char
        elif not quote and char == "#" and (index == 0 or line[index - 1] in " \t"):
            return line[index:].rstrip()
        index += 1
    return None


def _paths_by_line(node: yaml.Node, path: str = "") -> Iterator[tuple[int, str]]:
    """(line, path) of every key and list item, as :mod:`perfdocs.writer` names them."""
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            key_path = join_path(path, str(key.value).strip())
            yield key.start_mark.line, key_path
            yield from _paths_by_line(value, key_path)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value, 1):
            item_path = f"{path}[{index}]"
            yield item.start_mark.line, item_path
            yield from _paths_by_line(item, item_path)


def _unit_and_project_files(paths: Iterable[str | Path], problems: list[Problem]) -> Iterator[Path]:
    for given in paths:
        path = Path(given)
        if path.is_dir():
            for unit_file in sorted(path.rglob(UNIT_FILE)):
                yield unit_file
                yield from project_files(unit_file.parent)
        elif path.is_file() and (path.name == UNIT_FILE or (path.parent / UNIT_FILE).is_file()):
            yield path
        elif not path.exists():
            problems.append(Problem(Location(str(path)), FILES, "找不到这个文件或文件夹。"))
        # Other files (a .pre-commit-config.yaml that pre-commit passes along) are not ours: left alone.
