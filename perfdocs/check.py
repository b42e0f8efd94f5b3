"""``perfdocs check``: run the rules over a unit and apply the projects' silences.

A project may silence a rule for itself, with a reason (``忽略: {PD402: 理由}``).
A silence without a reason does not silence anything and is an error itself
(PD901), as is one that names no rule that can be silenced (PD902); one that
silences nothing any more is a warning (PD903), so that silences do not outlive
the problem they were written for.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import Generic, TypeVar

from perfdocs.errors import FILES, KEY, UNREADABLE, VALUE, Location, Problem
from perfdocs.framework import shipped_framework
from perfdocs.layouts import Layout, get_layout
from perfdocs.loader import read_each
from perfdocs.model import Project, ProjectRef, Unit
from perfdocs.progress import Progress, silent
from perfdocs.rules import RULES, Rule, UnitFacts
from perfdocs.unitfolder import UNIT_FILE

#: The codes of problems found while reading files: with one of them, the input "could not be read".
READING_CODES = frozenset((UNREADABLE, KEY, VALUE, FILES))

R = TypeVar("R")


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


def check_folders(paths: Iterable[str | Path], layout: str | None = None) -> CheckReport:
    """Load and check each unit folder (a file stands for the folder it is in), for ``layout`` (each
    unit's 版式 when None: a layout needs its own fields).

    Problems of every folder are gathered and none stops the rest; the projects
    of a folder that could be read are checked even when others could not.
    """
    if layout is not None:  # the option names no layout: said before any unit is read
        get_layout(layout, Location("--layout"))
    problems: list[Problem] = []
    clean = []
    unreadable = False
    for folder in dict.fromkeys(folder for path in paths if (folder := _folder(path)) is not None):
        checked = check_folder(folder, _nothing, layout=layout)
        problems += checked.problems
        unreadable = unreadable or checked.unreadable
        if checked.unit is not None and not checked.problems:
            clean.append((folder, len(checked.projects)))
    return CheckReport(tuple(sorted(problems)), unreadable, tuple(clean))


@dataclass(frozen=True)
class FolderCheck(Generic[R]):
    """A unit folder read and checked: the unit's particulars (``unit`` has no projects; None when
    ``单位.yaml`` cannot be read), each project that could be read with what ``keep`` made of it,
    in the unit's order, and every problem found."""

    unit: Unit | None
    projects: list[tuple[ProjectRef, R]]
    problems: list[Problem]

    @property
    def unreadable(self) -> bool:
        return any(problem.code in READING_CODES for problem in self.problems)


#: What a check keeps of each project read: given the project, its unit (without projects) and layout.
Keep = Callable[[Project, Unit, Layout], R]


def check_folder(
    folder: str | Path, keep: Keep[R], progress: Progress = silent, layout: str | None = None
) -> FolderCheck[R]:
    """Read every project of ``folder`` for ``layout`` (its 版式 when None) through the loader, and check
    each as it is loaded, in the process that loaded it (:func:`perfdocs.loader.read_each`).

    The projects themselves do not come back from parallel processes (sending them would cost as much
    as reading them): only their problems and what ``keep`` makes of each, a picklable function of the
    module level, such as the printed text of its table.
    """
    read = read_each(folder, partial(_checked, rules=tuple(RULES), keep=keep), progress, layout)
    refs = [ref for ref, _ in read.projects]
    problems = read.problems + (_unit_problems(refs) if read.unit is not None else [])
    return FolderCheck(read.unit, read.projects, _quoting(problems, refs))


def _checked(
    project: Project, unit: Unit, layout: Layout, *, rules: tuple[Rule, ...], keep: Keep[R]
) -> tuple[list[Problem], R]:
    """The findings of the rules on a project just loaded, and what ``keep`` makes of it.

    ``rules`` are those of the calling process: a worker that imported perfdocs afresh (the spawn and
    forkserver start methods) would have only the built-in ones, not those a script added.
    """
    if list(rules) != RULES:
        RULES[:] = rules
    facts = UnitFacts(unit.framework or shipped_framework(), unit.money_unit)
    return check_project(project, facts), keep(project, unit, layout)


def _quoting(problems: list[Problem], refs: list[ProjectRef]) -> list[Problem]:
    """Problems found over the unit as a whole, quoting the project lines they point at."""
    quotes = {(ref.path, line): text for ref in refs for line, text in ref.quotes.items()}
    return [
        replace(problem, source_line=quotes[key])
        if not problem.source_line and (key := (problem.location.path, problem.location.line)) in quotes
        else problem
        for problem in problems
    ]


def _nothing(project: Project, unit: Unit, layout: Layout) -> None:
    """Keep nothing of a project checked (only its problems)."""


def _folder(path: str | Path) -> str | None:
    """A unit folder, given it or a file in it (as pre-commit passes files); None for a file in no unit."""
    if not Path(path).is_file():
        return str(path)
    parent = Path(path).parent
    looks_like_a_unit = (parent / UNIT_FILE).is_file() or any(parent.glob("单位.*"))  # 单位.yml: said, not skipped
    return str(parent) if looks_like_a_unit else None


def check_unit(unit: Unit) -> list[Problem]:
    """Every finding of every rule on ``unit``, silences applied, sorted by place."""
    facts = UnitFacts(unit.framework or shipped_framework(), unit.money_unit)
    problems = [problem for project in unit.projects for problem in check_project(project, facts)]
    return sorted(problems + _unit_problems([ProjectRef.of(project) for project in unit.projects]))


def check_project(project: Project, facts: UnitFacts) -> list[Problem]:
    """The findings of the rules that look at one project, its silences applied."""
    found = [
        Problem(finding.location, rule.code, finding.message, finding.field, rule.severity)
        for rule in RULES
        if rule.project_check is not None
        for finding in rule.project_check(project, facts)
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
