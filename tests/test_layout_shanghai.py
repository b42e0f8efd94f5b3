"""The 上海 layout: the 财政项目支出绩效目标申报表, built from YAML and compared with the published form."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
import yaml
from conftest import EXAMPLE_UNIT, REPO
from layoutgolden import docx_grid, read_golden

import perfdocs
from perfdocs.fields import PROJECT_FIELDS, by_key
from perfdocs.layouts import get_layout
from perfdocs.layouts.shanghai import make_template
from perfdocs.layouts.shanghai.view import project_view, value_text
from perfdocs.model import Indicator, IndicatorValue

LAYOUT = get_layout("上海")
LANXILU = REPO / "projects" / "examples" / "shanghai-2026-lanxilu"
GOLDEN = REPO / "tests" / "golden" / "layouts" / "shanghai_2026_lanxilu.cells.txt"


def indicator(value: str) -> Indicator:
    return Indicator("产出指标", "质量指标", "验收合格率", IndicatorValue.parse(value), "验收合格率")


# --- the description -------------------------------------------------------------------------


def test_the_layout_prints_yuan_with_thousands_and_a_bare_zero() -> None:
    assert (LAYOUT.money_unit, LAYOUT.thousands, LAYOUT.zero) == ("元", True, "0")
    assert LAYOUT.headings
    assert LAYOUT.contents
    assert LAYOUT.index
    assert LAYOUT.columns == ("一级指标", "二级指标", "三级指标", "年度(/项目)指标值")
    assert LAYOUT.unit_needs == ("年度",)
    assert LAYOUT.template_path() == make_template.TEMPLATE


def test_it_needs_the_printed_fields_that_have_no_default() -> None:
    fields = by_key(PROJECT_FIELDS)
    assert set(LAYOUT.needs) <= set(fields)
    defaulted = {"年度资金申请总额", "当年财政拨款", "年度总体目标"}  # ← 预算数, 财政资金, 绩效目标
    assert not defaulted & set(LAYOUT.needs)
    printed = {label for _, label in LAYOUT.view.PRINTED.project}
    assert set(LAYOUT.needs) - {"财政资金"} <= printed  # 财政资金 is 当年财政拨款's default
    blank_when_absent = {"项目财政资金", "项目其他资金", "上年结转资金"}  # an absent amount prints blank, as left blank
    assert printed - set(LAYOUT.needs) == defaulted | blank_when_absent | {"项目名称"}


def test_the_shipped_template_is_what_its_script_writes() -> None:
    with zipfile.ZipFile(make_template.TEMPLATE) as committed:
        shipped = {part: committed.read(part).decode("utf-8") for part in committed.namelist()}
    declaration = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    assert shipped == {part: declaration + xml for part, xml in make_template.parts().items()}


# --- 指标值 -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "printed"),
    [
        ("=100.00(%)", "=100.00(%)"),
        ("≥90.00(%)", "≥90.00(%)"),
        ("≥90%", "≥90.00(%)"),
        (">=95百分比", "≥95.00(百分比)"),
        ("＜＝0.5（%）", "≤0.50(%)"),
        ("＝95.100%", "=95.10(%)"),
        ("<3天", "<3.00(天)"),
        ("> 2 次", ">2.00(次)"),
        ("≤54.29万元", "≤54.29(万元)"),
        ("≥90", "≥90.00"),
        ("985米", "985米"),
        ("100百分比", "100百分比"),
        ("可控", "可控"),
        ("充分提升", "充分提升"),
    ],
)
def test_a_signed_value_prints_in_parts_and_the_others_as_written(written: str, printed: str) -> None:
    assert value_text(indicator(written)) == printed


def test_a_value_printed_by_the_form_prints_back_as_it_is() -> None:
    for written in ("=100.00(%)", "≥90.00(%)", "≤0.50(万元)", "<3.00(天)"):
        assert value_text(indicator(value_text(indicator(written)))) == written


def test_a_signed_number_with_more_than_two_decimals_is_refused_naming_file_and_indicator() -> None:
    unit = perfdocs.load_unit(LANXILU)
    (project,) = unit.projects
    values = {"项目验收达标率": "≥99.125%", "居民群众满意度": "≥90.005(%)", "道路建设长度": "985.125米"}
    changed = tuple(
        replace(i, value=IndicatorValue.parse(values[i.name])) if i.name in values else i for i in project.indicators
    )
    with pytest.raises(perfdocs.InputError) as raised:
        project_view(replace(project, indicators=changed), unit, LAYOUT)
    problems = raised.value.problems
    assert [problem.location.path for problem in problems] == [project.path] * 2  # 985.125米 prints as written
    assert [problem.message for problem in problems] == [
        f"项目“{project.name}”的指标“{name}”的指标值“{value}”有两位以上小数："
        "上海版式把指标值印成两位小数（如“≥90.00(%)”），印不出它。请改成两位小数以内的数。"
        for name, value in (("项目验收达标率", "≥99.125%"), ("居民群众满意度", "≥90.005(%)"))
    ]


def test_perfdocs_check_says_it_at_the_value(tmp_path: Path) -> None:
    folder = Path(shutil.copytree(LANXILU, tmp_path / "unit"))
    path = folder / "兰溪路-真南路下立交工程.yaml"
    text = path.read_text("utf-8")
    line = text[: text.index("≥90.00(%)")].count("\n") + 1
    path.write_text(text.replace("≥90.00(%)", "≥90.125(%)"), "utf-8")
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.build(folder, tmp_path / "out.docx", page_numbers=False, force=True)
    found = [problem for problem in raised.value.problems if "两位以上小数" in problem.message]
    assert [(Path(p.location.path).name, p.location.line) for p in found] == [(path.name, line)]


# --- the published form ---------------------------------------------------------------------


def test_the_published_form_is_built_cell_by_cell(tmp_path: Path) -> None:
    out = perfdocs.render_docx(perfdocs.load_unit(LANXILU), tmp_path / "out.docx", layout="上海")
    assert docx_grid(out) == read_golden(GOLDEN)
    paragraphs = [p.text for p in docx.Document(str(out)).paragraphs if p.text]
    title = "1.兰溪路-真南路下立交工程绩效目标表"
    assert paragraphs == [
        "上海市普陀区建设和管理委员会",
        "财政项目支出绩效目标申报表",
        "目录",
        title,  # the 目录's entry
        title,
        "财政项目支出绩效目标申报表",
        "（2026年度）",
    ]


# --- the seed unit --------------------------------------------------------------------------


def test_the_seed_unit_is_told_each_field_each_project_lacks() -> None:
    """Every project file hears of every field it lacks, even while 单位.yaml lacks its 年度."""
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.load_unit(EXAMPLE_UNIT, layout="上海")
    said = {(Path(problem.location.path).name, problem.message) for problem in raised.value.problems}
    expected = {("单位.yaml", "缺少“年度”。上海版式印出年度。")}
    for path in EXAMPLE_UNIT.glob("*.yaml"):
        if path.name != "单位.yaml":
            written = yaml.safe_load(path.read_text("utf-8"))
            expected |= {(path.name, f"缺少“{key}”。上海版式印出{key}。") for key in LAYOUT.needs if key not in written}
    assert said == expected
    assert len({name for name, _ in said}) == 8  # 单位.yaml and every project file
    assert all(problem.code == "PD002" for problem in raised.value.problems)


def filled_seed(tmp_path: Path) -> Path:
    """The seed unit with what the Shanghai form prints and the seed does not say."""
    folder = Path(shutil.copytree(EXAMPLE_UNIT, tmp_path / "2025"))
    unit_file = folder / "单位.yaml"
    unit_file.write_text(unit_file.read_text("utf-8") + '年度: "2025"\n', "utf-8")
    for path in folder.glob("*.yaml"):
        if path.name == "单位.yaml":
            continue
        budget = yaml.safe_load(path.read_text("utf-8"))["预算数"]
        path.write_text(
            path.read_text("utf-8")
            + "项目性质: 经常性项目\n项目类别: 特定目标类\n主管部门: 天津市河北区人民法院\n"
            + "实施单位: 天津市河北区人民法院\n计划开始日期: 2025/1/1\n计划完成日期: 2025/12/31\n"
            + f"项目资金总额: {budget:.2f}\n项目财政资金:\n项目其他资金:\n上年结转资金:\n"
            + "项目总体目标: 保障法院审判执行工作正常运转。\n",
            "utf-8",
        )
    return folder


def test_the_seed_unit_builds_in_yuan_exactly(tmp_path: Path) -> None:
    unit = perfdocs.load_unit(filled_seed(tmp_path), layout="上海")
    out = perfdocs.render_docx(unit, tmp_path / "out.docx", layout="上海")
    tables = docx_grid(out)
    assert len(tables) == len(unit.projects)
    for project, table in zip(unit.projects, tables, strict=True):
        assert table[0][1] == project.name
        yuan = project.budget * 10000
        assert (table[3][2], table[3][4]) == (f"{yuan:,.2f}", f"{yuan:,.2f}<<2")  # 项目资金总额, 年度资金申请总额
        assert Decimal(table[3][2].replace(",", "")) == yuan
        assert len(table) == 10 + len(project.indicators)


@pytest.mark.slow
def test_each_form_starts_a_page(tmp_path: Path, libreoffice: str) -> None:
    unit = perfdocs.load_unit(filled_seed(tmp_path), layout="上海")
    pdf = perfdocs.write_document(unit, tmp_path / "out.pdf", layout="上海").output
    pages = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    texts = ["".join(text.split()) for text in pages.stdout.split("\f")]
    starts = [number for number, text in enumerate(texts, start=1) if "（2025年度）" in text]
    assert len(starts) == len(unit.projects)  # one form a page at least, each on its own
    for number, project in zip(starts, unit.projects, strict=True):  # the form is at the top of its page
        above = len(f"{len(unit.projects)}.{project.title}")  # at most: the heading, when the project starts one
        assert texts[number - 1].index("财政项目支出绩效目标申报表（2025年度）") <= above
    for section in unit.sections():  # each heading stands at the top of a page, which the 目录 gives
        heading = f"{section.number}.{section.title}"
        page = next(number for number in starts if texts[number - 1].startswith(heading))
        assert re.search(rf"{re.escape(heading)}\.*{page}", texts[0])


def test_a_template_that_leaves_a_printed_field_out_is_refused(tmp_path: Path) -> None:
    edited = tmp_path / "模板.docx"
    with zipfile.ZipFile(make_template.TEMPLATE) as source, zipfile.ZipFile(edited, "w") as copy:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                data = data.replace(b"{{ project.carried_over }}", b"")
            copy.writestr(entry, data)
    with pytest.raises(perfdocs.TemplateError, match="上年结转资金"):
        perfdocs.render_docx(perfdocs.load_unit(LANXILU), tmp_path / "out.docx", edited, layout="上海")
