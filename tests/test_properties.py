"""Property tests: any text, any size of unit, builds into a document that says exactly that.

Hypothesis makes units with arbitrary Unicode (``<``, ``&``, quotes, ``{{ }}``,
``{% %}``, very long texts), hundreds of indicators or a single one. Every one
must build, open with python-docx, and read back cell for cell; written as YAML
and loaded again it must be the same data. Nothing in the data is ever run as a
template.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import perfdocs
from perfdocs.errors import XML_INVALID
from perfdocs.importing.blocks import Paragraph, Table
from perfdocs.importing.docx import read_blocks
from perfdocs.importing.tables import label
from perfdocs.indicators import DIRECTIONS, NATURES
from perfdocs.model import Indicator, IndicatorValue, Project, Unit
from perfdocs.money import format_amount as format_money
from perfdocs.names import file_name_problem, same_name_key
from perfdocs.writer import canonical, canonical_value, project_yaml, unit_yaml
from perfdocs.yamlsource import is_hidden_character

TRICKY = ["<", "&", '"', "'", "{{ 7*7 }}", "{% if x %}", "]]>", "<w:p>", "\\", "：", "≥", "# ", ": ", "- ", "~"]
text = (
    st.one_of(
        st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
        st.lists(st.sampled_from(TRICKY) | st.text(min_size=1, max_size=3), min_size=1, max_size=8).map("".join),
        st.text(st.sampled_from("数据长文本<&>"), min_size=300, max_size=2000),
    )
    .map(lambda value: XML_INVALID.sub("", value).replace("\n", "").replace("\r", "").replace("\t", ""))
    .map(lambda value: "".join(char for char in value if not is_hidden_character(char)))  # refused by the loader
    .filter(lambda value: bool(value.strip()))
)
name = text.map(str.strip).filter(bool)
money = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@st.composite
def projects(draw: st.DrawFn) -> Project:
    count = draw(st.one_of(st.just(1), st.integers(1, 12), st.integers(100, 300)))
    levels = draw(st.lists(name, min_size=1, max_size=3, unique=True))
    indicators = []
    for index in range(count):
        level1 = levels[index % len(levels)]
        level2 = draw(st.sampled_from(["数量指标", "质量指标", level1 + "二级"]))
        value = IndicatorValue.parse(draw(text))
        indicators.append(
            Indicator(level1, level2, f"{draw(name)}·{index}", value, draw(st.one_of(st.none(), text)) or "")
        )
    ordered = sorted(indicators, key=lambda i: (levels.index(i.level1), i.level2))  # YAML groups levels
    fixed = tuple(Indicator(i.level1, i.level2, i.name, i.value, i.description or i.name) for i in ordered)
    budget = draw(money)
    return Project(draw(name), budget, draw(st.none() | money), draw(st.none() | money), draw(text),
                   tuple(draw(st.lists(text, min_size=1, max_size=3))), fixed)  # fmt: skip


def expected_tables(unit: Unit, project: Project) -> list[list[tuple[str, ...]]]:
    """The two tables of a project as the reader shows them (continued merges are empty)."""
    project_rows = [
        (f"{unit.code}{unit.name}", f"单位：{unit.money_unit}"),
        ("项目名称", project.name),
        ("预算规模及资金用途", "预算数", format_money(project.budget), "其中：财政    资金",
         format_money(project.fiscal_funds), "其他资金", format_money(project.other_funds)),
        ("", project.purpose),
        ("绩效目标", "\n".join(f"{n}.{goal}" for n, goal in enumerate(project.goals, 1))),
    ]  # fmt: skip
    grid = [("一级指标", "二级指标", "三级指标", "绩效指标描述", "指标值")]
    previous = None
    for indicator in project.indicators:
        shown = "" if indicator.level1 == previous else indicator.level1
        grid.append((shown, indicator.level2, indicator.name, indicator.description, indicator.value.text))
        previous = indicator.level1
    return [project_rows, grid]


def read_tables(path: Path) -> list[list[tuple[str, ...]]]:
    return [[tuple(c.shown_text for c in row) for row in b.rows] for b in read_blocks(path) if isinstance(b, Table)]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(projects(), min_size=1, max_size=3), name, name)
def test_any_text_builds_and_reads_back_cell_for_cell(
    tmp_path_factory: object, found: list[Project], code: str, unit_name: str
) -> None:
    unit = Unit(code, unit_name, "万元", ("项目支出绩效目标表",), tuple(found))
    output = tmp_path_factory.mktemp("out") / "out.docx"  # type: ignore[attr-defined]
    perfdocs.render_docx(unit, output)
    document = docx.Document(str(output))
    assert len(document.tables) == 2 * len(found)
    tables = read_tables(output)
    for index, project in enumerate(found):
        assert tables[2 * index : 2 * index + 2] == expected_tables(unit, project)
    headings = [b.text for b in read_blocks(output) if isinstance(b, Paragraph) and b.style == "Heading1"]
    assert headings == [f"{section.number}.{section.title}" for section in unit.sections()]


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects())
def test_yaml_written_then_loaded_is_the_same_project(tmp_path_factory: object, project: Project) -> None:
    path = tmp_path_factory.mktemp("yaml") / "项目.yaml"  # type: ignore[attr-defined]
    path.write_text(project_yaml(project), encoding="utf-8")
    loaded = perfdocs.load_project(path)
    money = {"budget": project.budget, "fiscal_funds": project.fiscal_funds, "other_funds": project.other_funds}
    assert {key: getattr(loaded, key) for key in money} == money
    assert loaded == canonical(project)  # a sign tables do not print (＜, >=) is written as they do (PD304)
    assert project_yaml(loaded) == path.read_text(encoding="utf-8")


# What a published table may say in a cell: CJK text, digits, signs, punctuation and markup-like pieces, one line,
# without the row labels the importer recognises rows by (a 资金用途 that reads "预算数" is not a real table).
CELL_PIECES = [
    "数据",
    "提升",
    "≥",
    "≤",
    "95",
    "%",
    "百分比",
    "万元",
    "（",
    "）",
    "、",
    "<",
    "&",
    "'",
    '"',
    "{{ x }}",
    "1.",
    "-",
]
ROW_LABELS = {"项目名称", "预算数", "资金用途", "预算规模及资金用途", "绩效目标", "年度绩效目标", "项目绩效目标"}
cell_text = (
    st.lists(st.sampled_from(CELL_PIECES) | st.text(st.characters(categories=("Lo",)), min_size=1, max_size=4),
             min_size=1, max_size=6)
    .map("".join)
    .filter(lambda text: text == text.strip() and label(text) not in ROW_LABELS and not text.endswith("绩效目标表"))
)  # fmt: skip
project_name = cell_text.filter(lambda text: file_name_problem(text) is None and text != "单位")


@st.composite
def importable_units(draw: st.DrawFn) -> Unit:
    names = draw(st.lists(project_name, min_size=1, max_size=3, unique_by=same_name_key))
    found = []
    for project_name_ in names:
        indicators = []
        for index in range(draw(st.integers(1, 8))):
            level1 = draw(st.sampled_from(["产出指标", "效益指标", "满意度指标"]))
            level2 = f"{level1[:2]}{draw(st.sampled_from(['数量', '质量']))}指标"
            value = IndicatorValue.parse(canonical_value(draw(cell_text)))
            description = draw(st.none() | cell_text)
            name_ = f"{draw(cell_text)}{index}"
            indicators.append(Indicator(level1, level2, name_, value, description or name_))
        budget = draw(money)
        project = Project(project_name_, budget, draw(st.none() | money), draw(st.none() | money), draw(cell_text),
                          tuple(draw(st.lists(cell_text, min_size=1, max_size=3))), tuple(indicators))  # fmt: skip
        found.append(canonical(project))
    code = draw(st.text("0123456789", min_size=1, max_size=8))
    return Unit(code, draw(cell_text.filter(lambda text: not text[0].isdigit())), "万元", ("项目支出绩效目标表",),
                tuple(found))  # fmt: skip


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(importable_units())
def test_a_built_document_imports_back_to_the_same_yaml(tmp_path_factory: object, unit: Unit) -> None:
    """Build to .docx, import: the YAML files are exactly those the unit would be written as."""
    work = tmp_path_factory.mktemp("docx")  # type: ignore[attr-defined]
    perfdocs.render_docx(unit, work / "文档.docx")
    perfdocs.import_document(work / "文档.docx", work / "导入")
    expected = {f"{project.name}.yaml": project_yaml(project) for project in unit.projects}
    expected["单位.yaml"] = unit_yaml(unit)
    assert {path.name: path.read_text(encoding="utf-8") for path in (work / "导入").iterdir()} == expected


dates = st.dates().map(lambda day: f"{day.year:04d}/{day.month}/{day.day}")
scores = st.decimals(min_value=0, max_value=100, places=1, allow_nan=False, allow_infinity=False)


@st.composite
def projects_of_other_forms(draw: st.DrawFn) -> Project:
    """Projects with the fields of the other official forms, and 二级 that come back after another."""
    base = draw(projects())
    level1 = base.indicators[0].level1
    extra = []
    for index in range(draw(st.integers(1, 6))):
        columns = {
            "nature": draw(st.sampled_from(["", *NATURES])),
            "direction": draw(st.sampled_from(["", *DIRECTIONS])),
            "target": draw(st.sampled_from(["", "98", "长期"])),
            "measure_unit": draw(st.sampled_from(["", "%", "万元"])),
            "score": draw(st.none() | scores),
            "explanation": draw(st.just("") | text),
            "scoring": draw(st.just("") | text),
        }
        level2 = draw(st.sampled_from(["成本指标", "质量指标"]))
        extra.append(
            Indicator(level1, level2, f"附加·{index}", IndicatorValue.parse(draw(text)), f"附加·{index}", **columns)
        )  # type: ignore[arg-type]
    indicators = [i for i in base.indicators if i.level1 == level1] + extra
    indicators += [i for i in base.indicators if i.level1 != level1]
    optional = st.just("") | text
    return replace(
        base,
        indicators=tuple(indicators),
        nature=draw(optional),
        category=draw(optional),
        department=draw(optional),
        implementer=draw(optional),
        start_date=draw(st.just("") | dates),
        end_date=draw(st.just("") | dates),
        total_funds=draw(st.none() | money),
        carried_over=draw(st.none() | money),
        overall_goal=draw(optional),
        annual_goal=draw(optional),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects_of_other_forms())
def test_the_fields_of_every_layout_are_written_and_loaded_back(tmp_path_factory: object, project: Project) -> None:
    path = tmp_path_factory.mktemp("yaml") / "项目.yaml"  # type: ignore[attr-defined]
    path.write_text(project_yaml(project), encoding="utf-8")
    loaded = perfdocs.load_project(path)
    assert loaded == canonical(project)
    assert project_yaml(loaded) == path.read_text(encoding="utf-8")
