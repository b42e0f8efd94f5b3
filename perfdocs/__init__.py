"""perfdocs: 项目支出绩效目标表 kept as YAML, rendered into the unit's Word document.

The public API is what ``__all__`` names. Submodules load on first use, so that
``import perfdocs`` (and ``perfdocs --help``) stays fast.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

_EXPORTS = {
    "PerfdocsError": "perfdocs.errors",
    "InputError": "perfdocs.errors",
    "TemplateError": "perfdocs.errors",
    "OutputError": "perfdocs.errors",
    "Problem": "perfdocs.errors",
    "Location": "perfdocs.errors",
    "did_you_mean": "perfdocs.errors",
    "Unit": "perfdocs.model",
    "Project": "perfdocs.model",
    "Indicator": "perfdocs.model",
    "IndicatorValue": "perfdocs.model",
    "Section": "perfdocs.model",
    "load_unit": "perfdocs.loader",
    "load_project": "perfdocs.loader",
    "Template": "perfdocs.template",
    "load_template": "perfdocs.template",
    "render_docx": "perfdocs.render",
    "build": "perfdocs.pipeline",
    "CheckError": "perfdocs.errors",
    "CheckReport": "perfdocs.check",
    "check_unit": "perfdocs.check",
    "check_folders": "perfdocs.check",
    "Framework": "perfdocs.model",
    "Silence": "perfdocs.model",
    "Rule": "perfdocs.rules",
    "RULES": "perfdocs.rules",
    "rule_table": "perfdocs.rules",
    "BuildResult": "perfdocs.pipeline",
    "write_document": "perfdocs.pipeline",
    "import_document": "perfdocs.importing",
    "ImportResult": "perfdocs.importing",
    "OfficeError": "perfdocs.errors",
    "DEFAULT_TIMEOUT": "perfdocs.office",
}

__all__ = [
    "DEFAULT_TIMEOUT",
    "RULES",
    "BuildResult",
    "CheckError",
    "CheckReport",
    "Framework",
    "ImportResult",
    "Indicator",
    "IndicatorValue",
    "InputError",
    "Location",
    "OfficeError",
    "OutputError",
    "PerfdocsError",
    "Problem",
    "Project",
    "Rule",
    "Section",
    "Silence",
    "Template",
    "TemplateError",
    "Unit",
    "build",
    "check_folders",
    "check_unit",
    "did_you_mean",
    "import_document",
    "load_project",
    "load_template",
    "load_unit",
    "render_docx",
    "rule_table",
    "write_document",
]

if TYPE_CHECKING:
    from perfdocs.check import CheckReport, check_folders, check_unit
    from perfdocs.errors import CheckError, InputError, Location, OutputError, PerfdocsError, Problem, TemplateError
    from perfdocs.loader import load_project, load_unit
    from perfdocs.model import Framework, Indicator, IndicatorValue, Project, Section, Silence, Unit
    from perfdocs.office import DEFAULT_TIMEOUT
    from perfdocs.pipeline import BuildResult, build, write_document
    from perfdocs.render import render_docx
    from perfdocs.rules import RULES, Rule, rule_table
    from perfdocs.template import Template, load_template


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'perfdocs' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
