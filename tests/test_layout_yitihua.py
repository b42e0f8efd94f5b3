"""The 一体化 layout: the budget system's flat export, as the Inner Mongolia 表11 prints it, in Word and Excel."""

from __future__ import annotations

import re
import zipfile
from decimal import Decimal
from pathlib import Path

import docx
import openpyxl
import pytest
from click.testing import CliRunner
from layoutgolden import cell_parts, docx_grid, read_golden

import perfdocs
from perfdocs.cli import cli
from perfdocs.errors import OutputError, TemplateError
from perfdocs.layouts import get_layout
from perfdocs.layouts.docxparts import write
from perfdocs.layouts.yitihua import make_template
from perfdocs.loader import load_unit
from perfdocs.money import parse_amount
from perfdocs.tags import check_merges

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "projects" / "2025"
INNER_MONGOLIA = ROOT / "projects" / "examples" / "neimenggu-2025-zhalaite"
GOLDEN = ROOT / "tests" / "golden" / "layouts" / "neimenggu_2025_export.cells.txt"
HEADER = (
    "项目名称", "项目单位", "项目类别", "预算数", "年度绩效目标", "一级指标", "二级指标", "三级指标",
    "指标性质", "指标方向", "目标值", "计量单位", "分值",
)  # fmt: skip
BUDGET, TARGET, SCORE = 3, 10, 12  # columns, from 0


@pytest.fixture(scope="module")
def seed_docx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return perfdocs.build(SEED, tmp_path_factory.mktemp("yitihua") / "表.docx", layout="一体化").output


@pytest.fixture(scope="module")
def seed_xlsx(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return perfdocs.build(SEED, tmp_path_factory.mktemp("yitihua") / "表.xlsx").output


def test_the_layout_describes_itself() -> None:
    layout = get_layout("一体化")
    assert layout.columns == HEADER
    assert (layout.money_unit, layout.thousands, layout.headings, layout.contents) == ("元", True, False, False)
    assert layout.needs == ()
    assert layout.unit_needs == ("单位编码",)
    assert "项目顺序" in layout.index


def test_the_template_is_what_its_script_writes(tmp_path: Path) -> None:
    write(tmp_path / "template.docx", make_template.parts())
    committed = get_layout("一体化").template_path()
    assert (tmp_path / "template.docx").read_bytes() == committed.read_bytes()


def test_inner_mongolia_prints_as_published(tmp_path: Path) -> None:
    """Cell by cell, merges included; the golden's title row is printed as paragraphs above the table."""
    built = perfdocs.build(INNER_MONGOLIA, tmp_path / "表11.docx", force=True).output  # 版式: 一体化
    (golden,) = read_golden(GOLDEN)
    title, *table = golden
    assert docx_grid(built) == [table]
    paragraphs = [paragraph.text for paragraph in docx.Document(str(built)).paragraphs if paragraph.text]
    assert paragraphs == ["扎赉特旗人民检察院", "表11 项目绩效目标表", "单位：元"]
    assert cell_parts(title[0])[0] == "表11 项目绩效目标表"


def test_seed_prints_every_indicator_with_yuan_amounts(seed_docx: Path) -> None:
    unit = load_unit(SEED)
    (table,) = docx_grid(seed_docx)
    assert table[0] == HEADER
    rows = iter(table[1:])
    for project in unit.projects:
        first, *others = [next(rows) for _ in project.indicators]
        assert first[:2] == (project.name, "207101-天津市河北区人民法院")
        assert parse_amount(first[BUDGET], thousands=True) == project.budget * 10000
        assert all(row[:5] == ("^",) * 5 for row in others)  # merged over the project's rows
        assert [row[7] for row in (first, *others)] == [indicator.name for indicator in project.indicators]
    assert next(rows, None) is None


def test_seed_workbook_has_numbers_formats_and_merges(seed_xlsx: Path) -> None:
    unit = load_unit(SEED)
    sheet = openpyxl.load_workbook(seed_xlsx).active
    values = [tuple(cell.value for cell in row) for row in sheet.iter_rows()]
    assert [row[0] for row in values[:4]] == [*unit.title_lines, "单位：元"]
    assert values[4] == HEADER
    assert sheet.freeze_panes == "A6"
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    first = 6
    for project in unit.projects:
        last = first + len(project.indicators) - 1
        budget = sheet.cell(first, BUDGET + 1)
        assert Decimal(str(budget.value)) == project.budget * 10000
        assert budget.number_format == "#,##0.00"
        assert {f"{column}{first}:{column}{last}" for column in "ABCDE"} <= merged
        assert sheet.cell(first, 2).value == "207101-天津市河北区人民法院"
        first = last + 1
    assert first == len(values) + 1
    target = sheet.cell(6, TARGET + 1)  # 邮寄法律文书数量 ≥15000件
    assert (target.value, target.number_format, sheet.cell(6, TARGET + 2).value) == (15000, "0", "件")
    qualitative = next(row for row in values[5:] if row[8] == "定性")
    assert isinstance(qualitative[TARGET], str)
    assert qualitative[9] is None
    assert all(row[SCORE] is None for row in values[5:])  # the seed has no 分值


def test_workbook_amounts_are_exact_in_the_file(seed_xlsx: Path) -> None:
    """The sheet's XML holds each amount's exact digits (418.00 万元 is 4180000 元), not a float's."""
    with zipfile.ZipFile(seed_xlsx) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode("utf-8")
    budgets = [Decimal(text) for text in re.findall(r'<c r="D\d+"[^>]*><v>([^<]*)</v>', sheet)]
    assert budgets == [project.budget * 10000 for project in load_unit(SEED).projects]


def test_inner_mongolia_workbook_has_scores_and_merges(tmp_path: Path) -> None:
    built = perfdocs.build(INNER_MONGOLIA, tmp_path / "表11.xlsx", force=True).output
    sheet = openpyxl.load_workbook(built).active
    rows = [tuple(cell.value for cell in row) for row in sheet.iter_rows(min_row=5)]  # below 2 titles, 单位, header
    assert rows[0][:4] == ("业务装备经费", "776001-扎赉特旗人民检察院", "32-专项资金项目", 1030700)
    assert [row[SCORE] for row in rows] == [10, 15, 15, 5, 7.5, 5, 7.5, 7.5, 5, 5, 7.5]
    assert (sheet.cell(9, SCORE + 1).value, sheet.cell(9, SCORE + 1).number_format) == (7.5, "0.0")
    assert [row[TARGET] for row in rows[:3]] == [98, "长期", "有效提升"]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert {"A5:A15", "E5:E15", "F6:F7", "F8:F15", "G13:G14"} <= merged  # project, 一级, 二级 (时效指标)
    assert not any(cells.startswith(("H", "I", "K")) for cells in merged)


def test_workbook_is_only_in_yitihua(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="只能按一体化版式生成"):
        perfdocs.build(SEED, tmp_path / "表.xlsx", layout="天津")
    assert not list(tmp_path.iterdir())


def test_workbook_is_replaced_only_while_unchanged(tmp_path: Path) -> None:
    target = tmp_path / "表.xlsx"
    perfdocs.build(SEED, target)
    perfdocs.build(SEED, target)  # perfdocs' own, unchanged: replaced
    book = openpyxl.load_workbook(target)
    book.active["A1"] = "改过"
    book.save(target)
    with pytest.raises(OutputError, match="已存在"):
        perfdocs.build(SEED, target)


def test_a_project_merge_may_not_hide_row_data() -> None:
    cell = (
        '<w:tc><w:tcPr><w:vMerge w:val="{{ row.project_merge }}"/></w:tcPr><w:p><w:r><w:t>{}</w:t></w:r></w:p></w:tc>'
    )
    check_merges("模板", cell.replace("{}", "{{ project.name }}"))
    check_merges("模板", cell.replace("{}", "{{ unit.code }}-{{ unit.name }}"))
    with pytest.raises(TemplateError, match=r"row\.project_merge"):
        check_merges("模板", cell.replace("{}", "{{ row.name }}"))


def test_the_command_writes_a_workbook(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["build", str(SEED), "-o", str(tmp_path / "表.xlsx")])
    assert result.exit_code == 0, result.output
    assert f"已生成 {tmp_path / '表.xlsx'}" in result.output


def test_a_workbook_takes_no_word_template(tmp_path: Path) -> None:
    with pytest.raises(OutputError, match="不用 Word 模板"):
        perfdocs.build(SEED, tmp_path / "表.xlsx", template=get_layout("一体化").template_path())


def test_a_loaded_unit_writes_the_same_workbook(seed_xlsx: Path, tmp_path: Path) -> None:
    """write_document (a Unit, whatever its 版式) and build (a folder) write the same sheet."""
    written = perfdocs.write_document(load_unit(SEED), tmp_path / "表.xlsx").output

    def sheet(path: Path) -> bytes:
        with zipfile.ZipFile(path) as archive:
            return archive.read("xl/worksheets/sheet1.xml")

    assert sheet(written) == sheet(seed_xlsx)
