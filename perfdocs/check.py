"""``perfdocs check``: run the rules over a unit and apply the projects' silences.

A project may silence a rule for itself, with a reason (``忽略: {PD402: 理由}``).
A silence without a reason does not silence anything and is an error itself
(PD901), as is one that names no rule that can be silenced (PD902); one that
silences nothing any more is a warning (PD903), so that silences do not outlive
the problem they were written for.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from perfdocs.errors import FILES, KEY, UNREADABLE, VALUE, Location, Problem
from perfdocs.framework import shipped_framework
from perfdocs.loader import quoted, read_unit
from perfdocs.model import Project, ProjectRef, Unit
from perfdocs.progress import Progress, silent
from perfdocs.rules import RULES, Rule, UnitFacts
from perfdocs.unitfolder import UNIT_FILE

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
        unit, found = read_unit(folder)
        if unit is not None:
            found += check_unit(unit)
        problems += found
        unreadable = unreadable or any(problem.code in READING_CODES for problem in found)
        if unit is not None and not found:
            clean.append((folder, len(unit.projects)))
    return CheckReport(tuple(sorted(problems)), unreadable, tuple(clean))


def _folder(path: str | Path) -> str | None:
    """A unit folder, given it or a file in it (as pre-commit passes files); None for a file in no unit."""
    if not Path(path).is_file():
        return str(path)
    parent = Path(path).parent
    looks_like_a_unit = (parent / UNIT_FILE).is_file() or any(parent.glob("单位.*"))  # 单位.yml: said, not skipped
    return str(parent) if looks_like_a_unit else None


def check_unit(unit: Unit, progress: Progress = silent) -> list[Problem]:
    """Every finding of every rule on ``unit`` (its projects as loaded), silences applied, each quoting its
    line, sorted by place."""
    facts = UnitFacts(unit.framework or shipped_framework(), unit.money_unit)
    problems = []
    for done, project in enumerate(unit.projects, start=1):
        problems += check_project(project, facts)
        progress("检查项目", done, len(unit.projects))
    return sorted(quoted(problems + _unit_problems([ProjectRef.of(project) for project in unit.projects])))


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
