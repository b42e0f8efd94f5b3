"""``perfdocs diff``: what changed between two versions of a unit, as a reviewer asks it.

Projects are matched by name. For each project that is in both, the diff lists
the money (old → new, difference, percent), the goals, and the indicators
added, removed or changed (old value → new value). An older version can come
from a git revision of the same folder.
"""

from __future__ import annotations

import io
import json
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfdocs.errors import FILES, InputError, Location, Problem
from perfdocs.loader import load_unit
from perfdocs.model import Indicator, Project, Unit

_FIELDS = (("预算数", "budget"), ("财政资金", "fiscal_funds"), ("其他资金", "other_funds"), ("资金用途", "purpose"))
IndicatorKey = tuple[str, str, str]


@dataclass(frozen=True)
class FieldChange:
    field: str
    old: str
    new: str
    difference: Decimal | None = None  # for money
    percent: Decimal | None = None


@dataclass(frozen=True)
class ProjectDiff:
    name: str
    fields: tuple[FieldChange, ...]
    goals: tuple[tuple[str, ...], tuple[str, ...]] | None
    added: tuple[Indicator, ...]
    removed: tuple[Indicator, ...]
    changed: tuple[tuple[Indicator, Indicator], ...]


@dataclass(frozen=True)
class UnitDiff:
    old_label: str
    new_label: str
    added: tuple[Project, ...]
    removed: tuple[Project, ...]
    changed: tuple[ProjectDiff, ...]
    total: FieldChange | None  # the unit's whole budget, when it changed

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_units(old: Unit, new: Unit, old_label: str = "原", new_label: str = "新") -> UnitDiff:
    before = {project.name: project for project in old.projects}
    after = {project.name: project for project in new.projects}
    changed = [_diff_project(before[name], after[name]) for name in after if name in before]
    total = _money_change(
        "预算合计", sum((p.budget for p in old.projects), Decimal(0)), sum((p.budget for p in new.projects), Decimal(0))
    )
    return UnitDiff(
        old_label,
        new_label,
        tuple(project for name, project in after.items() if name not in before),
        tuple(project for name, project in before.items() if name not in after),
        tuple(
            change
            for change in changed
            if change.fields or change.goals or change.added or change.removed or change.changed
        ),
        total,
    )


def _diff_project(old: Project, new: Project) -> ProjectDiff:
    fields = [change for label, attribute in _FIELDS if (change := _field_change(label, old, new, attribute))]
    if old.title != new.title:
        fields.append(FieldChange("标题", old.title, new.title))
    before = {_key(indicator): indicator for indicator in old.indicators}
    after = {_key(indicator): indicator for indicator in new.indicators}
    return ProjectDiff(
        new.name,
        tuple(fields),
        (old.goals, new.goals) if old.goals != new.goals else None,
        tuple(indicator for key, indicator in after.items() if key not in before),
        tuple(indicator for key, indicator in before.items() if key not in after),
        tuple(
            (before[key], indicator)
            for key, indicator in after.items()
            if key in before
            and (before[key].value.text, before[key].description) != (indicator.value.text, indicator.description)
        ),
    )


def _key(indicator: Indicator) -> IndicatorKey:
    return indicator.level1, indicator.level2, indicator.name


def _field_change(label: str, old: Project, new: Project, attribute: str) -> FieldChange | None:
    before, after = getattr(old, attribute), getattr(new, attribute)
    if before == after:
        return None
    if isinstance(before, str) or isinstance(after, str):
        return FieldChange(label, before, after)
    return _money_change(label, before, after)


def _money_change(label: str, old: Decimal | None, new: Decimal | None) -> FieldChange | None:
    if old == new:
        return None
    difference = (new or Decimal(0)) - (old or Decimal(0))
    percent = (difference / old * 100).quantize(Decimal("0.01")) if old else None
    return FieldChange(label, _money(old), _money(new), difference, percent)


def _money(amount: Decimal | None) -> str:
    return "（空）" if amount is None else f"{amount:.2f}"


def unit_at_revision(folder: str | Path, revision: str) -> tuple[Unit, str]:
    """The unit as it was in git at ``revision``, and a label for it (``projects/2025@HEAD~1``)."""
    path = Path(folder).resolve()
    top = _git(path.parent if path.is_file() else path, "rev-parse", "--show-toplevel").decode().strip()
    relative = path.relative_to(top).as_posix()
    archive = _git(Path(top), "archive", "--format=tar", revision, "--", relative)
    label = f"{folder}@{revision}"
    with tempfile.TemporaryDirectory(prefix="perfdocs-diff-") as work:
        with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
            for member in tar.getmembers():
                if member.isfile() and member.name.startswith(f"{relative}/") and ".." not in Path(member.name).parts:
                    target = Path(work) / member.name
                    target.parent.mkdir(parents=True, exist_ok=True)
                    extracted = tar.extractfile(member)
                    target.write_bytes(extracted.read() if extracted else b"")
        try:
            return load_unit(Path(work) / relative), label
        except InputError as error:
            raise InputError(
                [_relabel(problem, str(Path(work) / relative), label) for problem in error.problems]
            ) from error


def _relabel(problem: Problem, temporary: str, label: str) -> Problem:
    where = problem.location
    return replace(problem, location=replace(where, path=where.path.replace(temporary, label), line=0, column=0))


def _git(folder: Path, *arguments: str) -> bytes:
    try:
        result = subprocess.run(["git", "-C", str(folder), *arguments], capture_output=True, check=False)
    except OSError as error:
        raise InputError(
            [Problem(Location(str(folder)), FILES, "没有找到 git 程序：比较 git 中的版本需要安装 git。")]
        ) from error
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", "replace").strip().splitlines()
        message = f"无法从 git 读出 {' '.join(arguments[-3:])}：{detail[-1] if detail else '没有输出'}。"
        raise InputError([Problem(Location(str(folder)), FILES, message)])
    return result.stdout


def indicator_label(indicator: Indicator) -> str:
    return f"{indicator.level1}／{indicator.level2}／{indicator.name}"


def change_text(change: FieldChange) -> str:
    """``418.00 → 420.00（+2.00，+0.48%）`` for money, ``old → new`` for text."""
    return f"{change.old} → {change.new}{_delta(change)}"


def _delta(change: FieldChange) -> str:
    if change.difference is None:
        return ""
    percent = f"，{change.percent:+}%" if change.percent is not None else ""
    return f"（{change.difference:+.2f}{percent}）"


def as_text(diff: UnitDiff) -> str:
    lines = [f"比较：{diff.old_label} → {diff.new_label}"]
    if diff.empty:
        return "\n".join([*lines, "没有变化。"]) + "\n"
    if diff.added:
        lines += [
            f"新增项目（{len(diff.added)}）：",
            *(f"  + {p.name}（预算数 {_money(p.budget)}）" for p in diff.added),
        ]
    if diff.removed:
        lines += [
            f"删除项目（{len(diff.removed)}）：",
            *(f"  - {p.name}（预算数 {_money(p.budget)}）" for p in diff.removed),
        ]
    if diff.changed:
        lines.append(f"变动项目（{len(diff.changed)}）：")
        for project in diff.changed:
            lines += [f"  {project.name}", *(f"    {line}" for line in _project_lines(project))]
    if diff.total:
        lines.append(f"预算合计：{change_text(diff.total)}")
    return "\n".join(lines) + "\n"


def _project_lines(project: ProjectDiff) -> Iterator[str]:
    for change in project.fields:
        yield f"{change.field}：{change_text(change)}"
    if project.goals:
        yield "绩效目标："
        yield from (f"  - {goal}" for goal in project.goals[0])
        yield from (f"  + {goal}" for goal in project.goals[1])
    for indicator in project.added:
        yield f"新增指标：{indicator_label(indicator)}：{indicator.value.text}"
    for indicator in project.removed:
        yield f"删除指标：{indicator_label(indicator)}：{indicator.value.text}"
    for old, new in project.changed:
        yield f"修改指标：{indicator_label(new)}：{_indicator_change(old, new)}"


def _indicator_change(old: Indicator, new: Indicator) -> str:
    parts = []
    if old.value.text != new.value.text:
        parts.append(f"{old.value.text} → {new.value.text}")
    if old.description != new.description:
        parts.append(f"绩效指标描述 {old.description} → {new.description}")
    return "；".join(parts)


def as_markdown(diff: UnitDiff) -> str:
    """For a merge-request comment: a table per changed project."""
    lines = [f"### 绩效目标表的变动：{diff.old_label} → {diff.new_label}", ""]
    if diff.empty:
        return "\n".join([*lines, "没有变化。"]) + "\n"
    for title, projects in (("新增项目", diff.added), ("删除项目", diff.removed)):
        if projects:
            lines += [f"**{title}**", "", "| 项目 | 预算数 |", "| --- | --- |"]
            lines += [f"| {_cell(p.name)} | {_money(p.budget)} |" for p in projects] + [""]
    for project in diff.changed:
        lines += [f"#### {_cell(project.name)}", "", "| 内容 | 原来 | 现在 |", "| --- | --- | --- |"]
        lines += [f"| {c.field} | {_cell(c.old)} | {_cell(c.new + _delta(c))} |" for c in project.fields]
        if project.goals:
            old_goals, new_goals = ("<br>".join(map(_cell, goals)) for goals in project.goals)
            lines.append(f"| 绩效目标 | {old_goals} | {new_goals} |")
        lines += [f"| 新增指标 {_cell(indicator_label(i))} |  | {_cell(i.value.text)} |" for i in project.added]
        lines += [f"| 删除指标 {_cell(indicator_label(i))} | {_cell(i.value.text)} |  |" for i in project.removed]
        lines += [
            f"| 指标 {_cell(indicator_label(new))} | {_cell(old.value.text)} | {_cell(new.value.text)} |"
            for old, new in project.changed
        ]
        lines.append("")
    if diff.total:
        lines.append(f"预算合计：{change_text(diff.total)}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_data(diff: UnitDiff) -> dict[str, Any]:
    """For scripts (``--format json``): plain data, money as strings with two places."""

    def indicator(item: Indicator) -> dict[str, str]:
        return {"一级指标": item.level1, "二级指标": item.level2, "三级指标": item.name, "指标值": item.value.text,
                "绩效指标描述": item.description}  # fmt: skip

    def field(change: FieldChange) -> dict[str, str | None]:
        return {
            "field": change.field,
            "old": change.old,
            "new": change.new,
            "difference": None if change.difference is None else f"{change.difference:.2f}",
            "percent": None if change.percent is None else str(change.percent),
        }

    return {
        "old": diff.old_label,
        "new": diff.new_label,
        "added": [{"name": p.name, "budget": _money(p.budget)} for p in diff.added],
        "removed": [{"name": p.name, "budget": _money(p.budget)} for p in diff.removed],
        "changed": [
            {
                "name": p.name,
                "fields": [field(c) for c in p.fields],
                "goals": None if p.goals is None else {"old": list(p.goals[0]), "new": list(p.goals[1])},
                "indicators_added": [indicator(i) for i in p.added],
                "indicators_removed": [indicator(i) for i in p.removed],
                "indicators_changed": [{"old": indicator(o), "new": indicator(n)} for o, n in p.changed],
            }
            for p in diff.changed
        ],
        "total": None if diff.total is None else field(diff.total),
    }


def render_diff(diff: UnitDiff, output_format: str = "text") -> str:
    """The diff as ``text`` (Chinese, for a terminal), ``markdown`` (a merge-request comment) or ``json``."""
    if output_format == "json":
        return json.dumps(as_data(diff), ensure_ascii=False, indent=2) + "\n"
    return as_markdown(diff) if output_format == "markdown" else as_text(diff)
