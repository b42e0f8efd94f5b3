"""Synthetic units for benchmarks and tests, made from the example unit's projects."""

from __future__ import annotations

from dataclasses import replace

import perfdocs


def repeated_unit(unit: perfdocs.Unit, copies: int) -> perfdocs.Unit:
    """``unit``'s projects repeated ``copies`` times under new names (第N组): same shapes, more pages."""
    projects = [replace(p, name=f"{p.name}（第{copy}组）") for copy in range(1, copies + 1) for p in unit.projects]
    return replace(unit, projects=tuple(projects))
