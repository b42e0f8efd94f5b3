"""perfdocs: 项目支出绩效目标表 kept as YAML, rendered into the unit's Word document.

The public API is what ``__all__`` names. Submodules load on first use, so that
``import perfdocs`` (and ``perfdocs --help``) stays fast.

:func:`build` makes the same document as the command ``perfdocs build``: the
unit read and checked, the 目录 filled with page numbers laid out by LibreOffice
(or a PDF). :func:`write_document` does the same for a :class:`Unit` a script
has loaded or changed. :func:`render_docx` only renders: it does not lay the
document out, so its 目录 has titles and links but no page numbers (the document
asks Word and WPS to update the 目录 when opened).
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

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
    "build_many": "perfdocs.pipeline",
    "unit_folders": "perfdocs.pipeline",
    "UnitOutcome": "perfdocs.pipeline",
    "import_document": "perfdocs.importing.command",
    "format_paths": "perfdocs.formatting",
    "FormatReport": "perfdocs.formatting",
    "diff_units": "perfdocs.diff",
    "unit_at_revision": "perfdocs.diff",
    "UnitDiff": "perfdocs.diff",
    "render_diff": "perfdocs.diff",
    "new_project": "perfdocs.scaffold",
    "project_schema": "perfdocs.schema",
    "unit_schema": "perfdocs.schema",
    "document_text": "perfdocs.importing.text",
    "framework_names": "perfdocs.framework",
    "shipped_framework": "perfdocs.framework",
    "ImportResult": "perfdocs.importing.command",
    "OfficeError": "perfdocs.errors",
    "DEFAULT_TIMEOUT": "perfdocs.office",
    "template_names": "perfdocs.shipped",
    "shipped_template": "perfdocs.shipped",
    "write_template": "perfdocs.shipped",
    "Layout": "perfdocs.layouts",
    "DEFAULT_LAYOUT": "perfdocs.layouts",
    "get_layout": "perfdocs.layouts",
    "layout_table": "perfdocs.layouts",
}

__all__ = [
    "DEFAULT_LAYOUT",
    "DEFAULT_TIMEOUT",
    "RULES",
    "BuildResult",
    "CheckError",
    "CheckReport",
    "FormatReport",
    "Framework",
    "ImportResult",
    "Indicator",
    "IndicatorValue",
    "InputError",
    "Layout",
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
    "UnitDiff",
    "UnitOutcome",
    "build",
    "build_many",
    "check_folders",
    "check_unit",
    "did_you_mean",
    "diff_units",
    "document_text",
    "format_paths",
    "framework_names",
    "get_layout",
    "import_document",
    "layout_table",
    "load_project",
    "load_template",
    "load_unit",
    "new_project",
    "project_schema",
    "render_diff",
    "render_docx",
    "rule_table",
    "shipped_framework",
    "shipped_template",
    "template_names",
    "unit_at_revision",
    "unit_folders",
    "unit_schema",
    "write_document",
    "write_template",
]

if TYPE_CHECKING:
    from perfdocs.check import CheckReport, check_folders, check_unit
    from perfdocs.diff import UnitDiff, diff_units, render_diff, unit_at_revision
    from perfdocs.errors import CheckError, InputError, Location, OutputError, PerfdocsError, Problem, TemplateError
    from perfdocs.formatting import FormatReport, format_paths
    from perfdocs.framework import framework_names, shipped_framework
    from perfdocs.importing.text import document_text
    from perfdocs.layouts import DEFAULT_LAYOUT, Layout, get_layout, layout_table
    from perfdocs.loader import load_project, load_unit
    from perfdocs.model import Framework, Indicator, IndicatorValue, Project, Section, Silence, Unit
    from perfdocs.office import DEFAULT_TIMEOUT
    from perfdocs.pipeline import BuildResult, UnitOutcome, build, build_many, unit_folders, write_document
    from perfdocs.render import render_docx
    from perfdocs.rules import RULES, Rule, rule_table
    from perfdocs.scaffold import new_project
    from perfdocs.schema import project_schema, unit_schema
    from perfdocs.shipped import shipped_template, template_names, write_template
    from perfdocs.template import Template, load_template


def __getattr__(name: str) -> Any:
    if name not in _EXPORTS:
        raise AttributeError(f"module 'perfdocs' has no attribute {name!r}")
    value = getattr(import_module(_EXPORTS[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])
