"""Synthetic units for benchmarks and tests, made from the example unit's projects."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import perfdocs
from perfdocs.writer import project_yaml, unit_yaml

EXAMPLE = Path(__file__).resolve().parent.parent / "projects" / "2025"


def repeated_unit(unit: perfdocs.Unit, copies: int) -> perfdocs.Unit:
    """``unit``'s projects repeated ``copies`` times under new names (第N组): same shapes, more pages."""
    projects = [replace(p, name=f"{p.name}（第{copy}组）") for copy in range(1, copies + 1) for p in unit.projects]
    return replace(unit, projects=tuple(projects))


def write_unit(folder: Path, projects: int) -> Path:
    """A unit folder of ``projects`` project files shaped like the example's (about 9 indicators each)."""
    seed = perfdocs.load_unit(EXAMPLE)
    copies = -(-projects // len(seed.projects))
    unit = replace(repeated_unit(seed, copies), projects=repeated_unit(seed, copies).projects[:projects])
    folder.mkdir(parents=True, exist_ok=True)
    for project in unit.projects:
        (folder / f"{project.name}.yaml").write_text(project_yaml(project), encoding="utf-8")
    (folder / "单位.yaml").write_text(unit_yaml(unit), encoding="utf-8")
    return folder
