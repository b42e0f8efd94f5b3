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
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfdocs.errors import FILES, InputError, Location, Problem
from perfdocs.fields import INDICATOR_FIELDS, PROJECT_FIELDS, UNIT_FIELDS, Kind
from perfdocs.loader import load_unit
from perfdocs.model import Indicator, Project, Unit
from perfdocs.money import format_amount

#: The project fields compared one by one: every field of a single value but the name (the match) and the
#: heading (compared as the title, which it defaults).
_FIELDS = tuple(
    (field.key, field.attribute)
    for field in PROJECT_FIELDS
    if field.kind in (Kind.TEXT, Kind.MONEY, Kind.DATE) and field.attribute not in ("name", "heading")
)
#: An indicator's columns beside its 指标值 (绩效指标描述, 分值, …), compared and shown when they change.
_COLUMNS = tuple((field.key, field.attribute) for field in INDICATOR_FIELDS[1:])
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
    """What changed in one project: every change that reaches its table, in the order the table reads."""

    name: str
    fields: tuple[FieldChange, ...]
    goals: tuple[tuple[str, ...], tuple[str, ...]] | None
    added: tuple[Indicator, ...]
    removed: tuple[Indicator, ...]
    changed: tuple[tuple[Indicator, Indicator], ...]

    @property
    def empty(self) -> bool:
        return not (self.fields or self.goals or self.added or self.removed or self.changed)


@dataclass(frozen=True)
class Move:
    """A project that stands elsewhere in the document: its place (1-based) before and after."""

    name: str
    old: int
    new: int


@dataclass(frozen=True)
class UnitDiff:
    """What changed between two versions of a unit; ``empty`` only when the document would be the same."""

    old_label: str
    new_label: str
    unit_fields: tuple[FieldChange, ...]  # 单位.yaml: code, name, money unit, title lines, framework
    moved: tuple[Move, ...]
    duplicates: tuple[str, ...]  # project names given to more than one project, in either version
    added: tuple[Project, ...]
    removed: tuple[Project, ...]
    changed: tuple[ProjectDiff, ...]
    total: FieldChange  # the unit's whole budget, always: a reviewer wants it even when it stays

    @property
    def empty(self) -> bool:
        return not (self.unit_fields or self.moved or self.added or self.removed or self.changed)


def diff_units(old: Unit, new: Unit, old_label: str = "原", new_label: str = "新") -> UnitDiff:
    """Every difference between ``old`` and ``new`` that shows in the document, and the total budget.

    Projects are matched by name; two projects with one name (which ``perfdocs check`` refuses) are
    matched in order, and named in ``duplicates``, so that neither is left out of the comparison.
    """
    before, after = _by_name(old), _by_name(new)
    changed = [_diff_project(before[key], after[key], _label(key)) for key in after if key in before]
    old_total, new_total = (sum((p.budget for p in unit.projects), Decimal(0)) for unit in (old, new))
    return UnitDiff(
        old_label,
        new_label,
        tuple(_unit_fields(old, new)),
        tuple(_moves(list(before), list(after))),
        tuple(sorted({name for name, occurrence in (*before, *after) if occurrence > 1})),
        tuple(project for key, project in after.items() if key not in before),
        tuple(project for key, project in before.items() if key not in after),
        tuple(change for change in changed if not change.empty),
        _total(old, new, old_total, new_total),
    )


def _total(old: Unit, new: Unit, old_total: Decimal, new_total: Decimal) -> FieldChange:
    """The change of the whole budget; in two money units, the two totals side by side and no difference."""
    if old.money_unit != new.money_unit:
        before, after = f"{_money(old_total)} {old.money_unit}", f"{_money(new_total)} {new.money_unit}"
        return FieldChange("预算合计", before, after)
    unchanged = FieldChange("预算合计", _money(old_total), _money(new_total))
    return _money_change("预算合计", old_total, new_total) or unchanged


ProjectKey = tuple[str, int]  # a project's name, and which project of that name it is (1, 2, …)


def _by_name(unit: Unit) -> dict[ProjectKey, Project]:
    seen: dict[str, int] = {}
    keyed = {}
    for project in unit.projects:
        seen[project.name] = seen.get(project.name, 0) + 1
        keyed[(project.name, seen[project.name])] = project
    return keyed


def _label(key: ProjectKey) -> str:
    name, occurrence = key
    return name if occurrence == 1 else f"{name}（同名的第 {occurrence} 个项目）"


def _unit_fields(old: Unit, new: Unit) -> list[FieldChange]:
    def framework(unit: Unit) -> str:
        return unit.framework.reference or unit.framework.name if unit.framework else ""

    def value(unit: Unit, attribute: str) -> str:
        if attribute == "framework":
            return framework(unit)
        written = getattr(unit, attribute)
        return " / ".join(written) if isinstance(written, tuple) else written or ""

    pairs = [
        (field.key, value(old, field.attribute), value(new, field.attribute))
        for field in UNIT_FIELDS
        if field.attribute != "order"  # the projects' order is said by their moves
    ]
    return [FieldChange(label, before, after) for label, before, after in pairs if before != after]


def _moves(before: list[ProjectKey], after: list[ProjectKey]) -> list[Move]:
    """The projects in both versions whose order among the others in both changed."""
    common = set(before) & set(after)
    old_order = [key for key in before if key in common]
    new_order = [key for key in after if key in common]
    if old_order == new_order:
        return []
    old_place = {key: before.index(key) + 1 for key in old_order}
    return [
        Move(_label(key), old_place[key], after.index(key) + 1)
        for index, key in enumerate(new_order)
        if old_order[index] != key
    ]


def _diff_project(old: Project, new: Project, name: str) -> ProjectDiff:
    fields = [change for label, attribute in _FIELDS if (change := _field_change(label, old, new, attribute))]
    if old.title != new.title:
        fields.append(FieldChange("标题", old.title, new.title))
    if old.unmerged_level1 != new.unmerged_level1:
        fields.append(FieldChange("一级指标不合并", _listed(old.unmerged_level1), _listed(new.unmerged_level1)))
    before = {_key(indicator): indicator for indicator in old.indicators}
    after = {_key(indicator): indicator for indicator in new.indicators}
    common_before = [key for key in before if key in after]
    common_after = [key for key in after if key in before]
    if common_before != common_after:
        fields.append(
            FieldChange("指标顺序", _listed(k[2] for k in common_before), _listed(k[2] for k in common_after))
        )
    return ProjectDiff(
        name,
        tuple(fields),
        (old.goals, new.goals) if old.goals != new.goals else None,
        tuple(indicator for key, indicator in after.items() if key not in before),
        tuple(indicator for key, indicator in before.items() if key not in after),
        tuple(
            (before[key], indicator)
            for key, indicator in after.items()
            if key in before and _printed(before[key]) != _printed(indicator)
        ),
    )


def _printed(indicator: Indicator) -> tuple[object, ...]:
    return (indicator.value.text, *(getattr(indicator, attribute) for _, attribute in _COLUMNS))


def _listed(names: Iterable[str]) -> str:
    return "、".join(names) or "（无）"


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
    return "（空）" if amount is None else format_amount(amount)


def unit_at_revision(folder: str | Path, revision: str) -> tuple[Unit, str]:
    """The unit as it was in git at ``revision``, and a label for it (``projects/2025@HEAD~1``)."""
    path = Path(folder).resolve()
    top = _git(path.parent if path.is_file() else path, "rev-parse", "--show-toplevel").decode().strip()
    relative = path.relative_to(top).as_posix()
    commit = _commit(Path(top), revision)
    archive = _git(Path(top), "archive", "--format=tar", commit, "--", relative)
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


def _commit(top: Path, revision: str) -> str:
    """The commit ``revision`` names; never handed to git where it could be read as an option
    (``--output=FILE`` would have git write a file)."""
    where = Location(top.as_posix())
    if not revision.strip() or revision.startswith("-") or any(char.isspace() or ord(char) < 32 for char in revision):
        raise InputError([Problem(where, FILES, f"“{revision}”不是 git 的版本名（如 HEAD~1、main、提交编号）。")])
    try:
        found = _git(top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{revision}^{{commit}}")
    except InputError as error:
        message = f"git 中找不到版本“{revision}”：请用 git log 查看可用的版本（如 HEAD~1、main）。"
        raise InputError([Problem(where, FILES, message)]) from error
    return found.decode("ascii").strip()


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
    return f"（{_signed(change.difference)}{percent}）"


def _signed(amount: Decimal) -> str:
    """A difference of two amounts with its sign: ``+2.00``, ``-0.50``."""
    return ("-" if amount < 0 else "+") + format_amount(abs(amount))


def as_text(diff: UnitDiff) -> str:
    lines = [f"比较：{diff.old_label} → {diff.new_label}"]
    lines += [f"注意：项目名称“{name}”用于不止一个项目，按出现的先后对应比较。" for name in diff.duplicates]
    if diff.empty:
        return "\n".join([*lines, "没有变化。", f"预算合计：{total_text(diff.total)}"]) + "\n"
    if diff.unit_fields:
        lines += ["单位：", *(f"  {change.field}：{change_text(change)}" for change in diff.unit_fields)]
    if diff.moved:
        lines += [f"项目顺序（{len(diff.moved)} 个项目换了位置）：", *(f"  {_move_text(move)}" for move in diff.moved)]
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
    lines.append(f"预算合计：{total_text(diff.total)}")
    return "\n".join(lines) + "\n"


def total_text(change: FieldChange) -> str:
    """The total budget's change, or that it stays: ``622.33（无变化）``."""
    return f"{change.new}（无变化）" if change.old == change.new else change_text(change)


def _move_text(move: Move) -> str:
    return f"{move.name}：第 {move.old} 个 → 第 {move.new} 个"


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
    for label, attribute in _COLUMNS:
        before, after = getattr(old, attribute), getattr(new, attribute)
        if before != after:
            parts.append(f"{label} {_column_text(before)} → {_column_text(after)}")
    return "；".join(parts)


def _column_text(value: object) -> str:
    if value is None or value == "":
        return "（空）"
    return f"{value:f}" if isinstance(value, Decimal) else str(value)


def as_markdown(diff: UnitDiff) -> str:
    """For a merge-request comment: a table per changed project."""
    lines = [f"### 绩效目标表的变动：{diff.old_label} → {diff.new_label}", ""]
    lines += [f"> 注意：项目名称“{_cell(name)}”用于不止一个项目，按出现的先后对应比较。\n" for name in diff.duplicates]
    if diff.empty:
        return "\n".join([*lines, "没有变化。", "", f"预算合计：{total_text(diff.total)}"]) + "\n"
    if diff.unit_fields:
        lines += ["**单位**", "", "| 内容 | 原来 | 现在 |", "| --- | --- | --- |"]
        lines += [f"| {c.field} | {_cell(c.old)} | {_cell(c.new)} |" for c in diff.unit_fields] + [""]
    if diff.moved:
        lines += ["**项目顺序**", "", *(f"- {_cell(_move_text(move))}" for move in diff.moved), ""]
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
    lines.append(f"预算合计：{total_text(diff.total)}")
    return "\n".join(lines).rstrip("\n") + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def as_data(diff: UnitDiff) -> dict[str, Any]:
    """For scripts (``--format json``): plain data, money as strings with two places."""

    def indicator(item: Indicator) -> dict[str, str]:
        columns = {label: _column_text(getattr(item, attribute)) for label, attribute in _COLUMNS[1:]}
        return {"一级指标": item.level1, "二级指标": item.level2, "三级指标": item.name, "指标值": item.value.text,
                "绩效指标描述": item.description, **{k: v for k, v in columns.items() if v != "（空）"}}  # fmt: skip

    def field(change: FieldChange) -> dict[str, str | None]:
        return {
            "field": change.field,
            "old": change.old,
            "new": change.new,
            "difference": None if change.difference is None else format_amount(change.difference),
            "percent": None if change.percent is None else str(change.percent),
        }

    return {
        "old": diff.old_label,
        "new": diff.new_label,
        "duplicates": list(diff.duplicates),
        "unit": [field(change) for change in diff.unit_fields],
        "moved": [{"name": move.name, "old": move.old, "new": move.new} for move in diff.moved],
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
        "total": field(diff.total),
    }


def render_diff(diff: UnitDiff, output_format: str = "text") -> str:
    """The diff as ``text`` (Chinese, for a terminal), ``markdown`` (a merge-request comment) or ``json``."""
    if output_format == "json":
        return json.dumps(as_data(diff), ensure_ascii=False, indent=2) + "\n"
    return as_markdown(diff) if output_format == "markdown" else as_text(diff)
