"""The public API: what ``perfdocs.__all__`` names exists, and importing it stays light."""

from __future__ import annotations

import subprocess
import sys

import pytest

import perfdocs


@pytest.mark.parametrize("name", perfdocs.__all__)
def test_every_public_name_resolves(name: str) -> None:
    assert getattr(perfdocs, name) is not None


def test_the_public_names_are_the_lazy_exports() -> None:
    assert sorted(perfdocs.__all__) == sorted(perfdocs._EXPORTS)


def test_an_unknown_name_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        _ = perfdocs.nothing  # type: ignore[attr-defined]


def test_the_command_line_starts_without_the_heavy_libraries() -> None:
    """``perfdocs --help`` must be quick: docxtpl, lxml, jinja2 and pypdf load only when used."""
    heavy = ("docxtpl", "lxml", "jinja2", "pypdf", "yaml")
    code = f"import sys, perfdocs.cli; print(sorted(m for m in {heavy!r} if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
