"""``perfdocs check``: run the rules over a unit and apply the projects' silences.

A project may silence a rule for itself, with a reason (``忽略: {PD402: 理由}``).
A silence without a reason does not silence anything and is an error itself
(PD901), as is one that names no rule that can be silenced (PD902); one that
silences nothing any more is a warning (PD903), so that silences do not outlive
the problem they were written for.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path

from perfdocs.errors import FILES, KEY, UNREADABLE, VALUE, Location, Problem
from perfdocs.framework import shipped_framework
from perfdocs.loader import UNIT_FILE, load_project_file, open_unit_folder
from perfdocs.model import Project, ProjectRef, Unit
from perfdocs.rules import RULES, Context, Rule

#: From this many project files on, a unit is checked in parallel: a process per core, files in chunks.
PARALLEL_FROM = 1000
MAX_WORKERS = 8
CHUNK = 250
#: The codes of problems found while reading files: with one of them, the input "could not be read".
READING_CODES = frozenset((UNREADABLE, KEY, VALUE, FILES))


@dataclass(frozen=True)
class CheckReport:
    """What checking some unit folders found; ``unreadable`` when a file could not be read.

    ``clean`` lists each folder in which nothing was found, with its number of projects.
    """

    problems: tuple[Problem, ...]
    unreadable: bool
    clean: tuple[tuple[str, int], ...]

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.is_error]

    def failed(self, *, strict: bool = False) -> bool:
        """Errors fail; with ``strict``, warnings too."""
        return self.unreadable or bool(self.errors) or (strict and bool(self.problems))


def check_folders(paths: Iterable[str | Path]) -> CheckReport:
    """Load and check each unit folder (a file stands for the folder it is in).

    Problems of every folder are gathered and none stops the rest; the projects
    of a folder that could be read are checked even when others could not.
    """
    problems: list[Problem] = []
    clean = []
    unreadable = False
    for folder in dict.fromkeys(folder for path in paths if (folder := _folder(path)) is not None):
        unit_folder = open_unit_folder(folder)
        found = list(unit_folder.problems)
        unit = unit_folder.unit
        context = Context(unit.framework or shipped_framework(), unit.money_unit) if unit else None
        refs: dict[Path, ProjectRef | None] = {}
        for path, (ref, project_problems) in zip(
            unit_folder.paths, _check_files_of(unit_folder.paths, context), strict=True
        ):
            refs[path] = ref
            found += project_problems
        ordered = unit_folder.arrange(refs, found)
        unreadable = unreadable or any(problem.code in READING_CODES for problem in found)
        if unit is not None:
            found += _unit_problems(ordered)
            if not found:
                clean.append((folder, len(ordered)))
        problems.extend(found)
    return CheckReport(tuple(sorted(problems)), unreadable, tuple(clean))


def _folder(path: str | Path) -> str | None:
    """A unit folder, given it or a file in it (as pre-commit passes files); None for a file in no unit."""
    if not Path(path).is_file():
        return str(path)
    parent = Path(path).parent
    return str(parent) if (parent / UNIT_FILE).is_file() else None


def _check_files_of(paths: list[Path], context: Context | None) -> list[tuple[ProjectRef | None, list[Problem]]]:
    """Read and check each project file; a large unit in parallel processes, a part of the files each.

    Only what the unit-wide checks need comes back from a worker (a
    :class:`ProjectRef` and the problems), not the projects: sending projects
    between processes would cost as much as reading them.
    """
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(paths) < PARALLEL_FROM or workers < 2:
        return _check_files(paths, context)
    from concurrent.futures import ProcessPoolExecutor  # noqa: PLC0415 - only large units need processes

    chunks = [paths[start : start + CHUNK] for start in range(0, len(paths), CHUNK)]
    with ProcessPoolExecutor(max_workers=workers) as pool:
        return [result for chunk in pool.map(_check_files, chunks, repeat(context)) for result in chunk]


def _check_files(paths: list[Path], context: Context | None) -> list[tuple[ProjectRef | None, list[Problem]]]:
    results = []
    for path in paths:
        problems: list[Problem] = []
        project = load_project_file(path, problems)
        if project is not None and context is not None:
            problems += check_project(project, context)
        results.append((ProjectRef.of(project) if project is not None else None, problems))
    return results


def check_unit(unit: Unit) -> list[Problem]:
    """Every finding of every rule on ``unit``, silences applied, sorted by place."""
    context = Context(unit.framework or shipped_framework(), unit.money_unit)
    problems = [problem for project in unit.projects for problem in check_project(project, context)]
    return sorted(problems + _unit_problems([ProjectRef.of(project) for project in unit.projects]))


def check_project(project: Project, context: Context) -> list[Problem]:
    """The findings of the rules that look at one project, its silences applied."""
    found = [
        Problem(finding.location, rule.code, finding.message, finding.field, rule.severity)
        for rule in RULES
        if rule.project_check is not None
        for finding in rule.project_check(project, context)
    ]
    return _apply_silences(project, found)


def _unit_problems(projects: list[ProjectRef]) -> list[Problem]:
    return [
        Problem(finding.location, rule.code, finding.message, finding.field, rule.severity)
        for rule in RULES
        if rule.unit_check is not None
        for finding in rule.unit_check(projects)
    ]


def _apply_silences(project: Project, problems: list[Problem]) -> list[Problem]:
    rules: dict[str, Rule] = {rule.code: rule for rule in RULES}
    kept = list(problems)
    for silence in project.silences:
        where = silence.location or Location(project.path or project.name)
        rule = rules.get(silence.code)
        if rule is None or not rule.silenceable:
            kept.append(_silence_problem("PD902", where, f"“忽略”中的“{silence.code}”不是可以忽略的规则代码。"))
        elif not silence.reason:
            message = f"忽略规则 {silence.code} 要写明理由，如“{silence.code}: 理由”；没有理由时这条规则照常检查。"
            kept.append(_silence_problem("PD901", where, message))
        elif not any(problem.code == silence.code for problem in kept):
            message = f"规则 {silence.code} 在本项目中没有发现问题，这条忽略可以删去。"
            kept.append(_silence_problem("PD903", where, message))
        else:
            kept = [problem for problem in kept if problem.code != silence.code]
    return kept


def _silence_problem(code: str, where: Location, message: str) -> Problem:
    rule = next(rule for rule in RULES if rule.code == code)
    return Problem(where, code, message, "忽略", rule.severity)
