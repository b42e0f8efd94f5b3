"""Import of the three layouts: the budget system's flat export (一体化), the Shanghai 申报表, and back.

The inputs are the published tables of ``tests/golden/layouts`` written as Word and Excel files
(:mod:`exports`), and what perfdocs builds in each layout. "The same YAML" is the canonical text
(:mod:`perfdocs.writer`) of the unit as loaded: what ``perfdocs import`` writes, byte for byte.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLE_UNIT, draft
from exports import EXAMPLES, NEIMENGGU, SHANGHAI, Grid, golden_docx, golden_grid, golden_workbook

import perfdocs
from perfdocs.cli import main
from perfdocs.importing.command import read_document
from perfdocs.indicators import value_parts
from perfdocs.model import IndicatorValue
from perfdocs.writer import project_yaml, unit_yaml

NEIMENGGU_UNIT = EXAMPLES / "neimenggu-2025-zhalaite"
SHANGHAI_UNIT = EXAMPLES / "shanghai-2026-lanxilu"
TITLE = "扎赉特旗人民检察院"


def files(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.glob("*.yaml"))}


def canonical_files(unit: perfdocs.Unit) -> dict[str, str]:
    """What an import of ``unit`` writes, if it gets everything back."""
    texts = {f"{project.name}.yaml": project_yaml(project) for project in unit.projects}
    return dict(sorted({**texts, "单位.yaml": unit_yaml(unit)}.items()))


def without_title_row(grid: Grid) -> Grid:
    """The export's table from its header row on: the title line goes above it."""
    return grid[1:]


def _reordered(grid: Grid) -> Grid:
    """分值 first, 一级 last of the indicator columns, and a column perfdocs does not know (项目代码)."""
    header, *rows = grid
    order = [12, *range(5), *range(6, 12), 5]
    code = [("项目代码", 1, False)] + [("XM-001", 1, False)] + [("", 1, True)] * (len(rows) - 1)
    return [[code[index], *(row[column] for column in order)] for index, row in enumerate([header, *rows])]


def test_an_export_workbook_reads_as_the_published_table(tmp_path: Path) -> None:
    """Title rows above the header, columns in another order, one it does not know, merges: the example."""
    grid = _reordered(golden_grid(NEIMENGGU, without_title_row))
    source = golden_workbook(tmp_path / "表11.xlsx", grid, [[TITLE], ["表11 项目绩效目标表", *[None] * 11, "单位:元"]])
    result = perfdocs.import_document(source, tmp_path / "导入")
    assert files(tmp_path / "导入") == canonical_files(perfdocs.load_unit(NEIMENGGU_UNIT))
    assert result.layout == "一体化"
    assert "工作表“表11”第 3 行第 1 列“项目代码”不是 perfdocs 认识的列，没有导入。" in result.notices


@pytest.mark.parametrize(
    "before",
    [
        [TITLE, "表11 项目绩效目标表", "776001扎赉特旗人民检察院      单位：元"],
        [TITLE, "表11 项目绩效目标表", "776001-扎赉特旗人民检察院", "单位：元"],
    ],
    ids=["单位行和金额单位在一行", "分两行"],
)
def test_the_unit_line_may_stand_before_the_table(tmp_path: Path, before: list[str]) -> None:
    """A Word export without the 项目单位 column: the unit line and 单位：元 are paragraphs above the table."""
    grid = [row[:1] + row[2:] for row in golden_grid(NEIMENGGU, without_title_row)]
    source = golden_docx(tmp_path / "表11.docx", grid, before)
    perfdocs.import_document(source, tmp_path / "导入")
    assert files(tmp_path / "导入") == canonical_files(perfdocs.load_unit(NEIMENGGU_UNIT))


def test_repeated_cells_are_one_project_like_merged_ones(tmp_path: Path) -> None:
    """An export that repeats a project's cells (and its 一级, 二级) on every row instead of merging them."""
    header, *rows = golden_grid(NEIMENGGU, without_title_row)
    repeated: Grid = [header]
    for row in rows:
        above = repeated[-1]
        repeated.append([above[column] if continued else (text, span, continued)
                         for column, (text, span, continued) in enumerate(row)])  # fmt: skip
    source = golden_workbook(tmp_path / "表11.xlsx", repeated, [[TITLE], ["表11 项目绩效目标表"], ["单位：元"]])
    perfdocs.import_document(source, tmp_path / "导入")
    assert files(tmp_path / "导入") == canonical_files(perfdocs.load_unit(NEIMENGGU_UNIT))


def test_a_blank_project_name_that_merges_nothing_is_refused(tmp_path: Path) -> None:
    grid = golden_grid(NEIMENGGU, without_title_row)
    grid[3] = [("", 1, False), *grid[3][1:]]
    source = golden_workbook(tmp_path / "表11.xlsx", grid, [["单位：元"]])
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(source, tmp_path / "导入")
    assert [problem.message for problem in caught.value.problems] == [
        "工作表“表11”第 5 行：项目名称是空的（也不是合并单元格），看不出这一行属于哪个项目，无法导入。"
    ]


@pytest.mark.parametrize(
    ("given", "budget"),
    [(None, "1030.70"), ("千元", "1030.70"), ("元", "1030700.00"), ("万元", "103.07")],
)
def test_amounts_in_thousands_are_read_and_converted_exactly(tmp_path: Path, given: str | None, budget: str) -> None:
    grid = golden_grid(NEIMENGGU, without_title_row)
    grid[1][3] = ("1,030.70", 1, False)
    source = golden_workbook(tmp_path / "表11.xlsx", grid, [["单位：千元"]])
    perfdocs.import_document(source, tmp_path / "导入", money_unit=given)
    unit = perfdocs.load_unit(tmp_path / "导入")
    assert (unit.money_unit, f"{unit.projects[0].budget}") == (given or "千元", budget)


def test_an_amount_that_does_not_convert_exactly_is_refused(tmp_path: Path) -> None:
    grid = golden_grid(NEIMENGGU, without_title_row)
    grid[1][3] = ("1,030,700.01", 1, False)
    source = golden_workbook(tmp_path / "表11.xlsx", grid, [["单位：元"]])
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(source, tmp_path / "导入", money_unit="万元")
    assert [problem.message for problem in caught.value.problems] == [
        "项目“业务装备经费”的预算数 1030700.01元换算为万元是 103.070001，超过两位小数：金额不四舍五入，"
        "请用 --money-unit 元。"
    ]


def test_a_shanghai_form_reads_as_the_published_one(tmp_path: Path) -> None:
    before = ["上海市普陀区建设和管理委员会", "财政项目支出绩效目标申报表", "（2026年度）"]
    source = golden_docx(tmp_path / "申报表.docx", golden_grid(SHANGHAI), before)
    result = perfdocs.import_document(source, tmp_path / "导入")
    assert files(tmp_path / "导入") == canonical_files(perfdocs.load_unit(SHANGHAI_UNIT))
    assert result.layout == "上海"


def test_a_shanghai_form_without_the_unit_line_is_named_by_its_department(tmp_path: Path) -> None:
    source = golden_docx(
        tmp_path / "申报表.docx", golden_grid(SHANGHAI), ["财政项目支出绩效目标申报表", "（2026年度）"]
    )
    result = perfdocs.import_document(source, tmp_path / "导入")
    unit = perfdocs.load_unit(tmp_path / "导入")
    assert (unit.name, unit.year, unit.title_lines) == (
        "上海市普陀区建设和管理委员会",
        "2026",
        ("财政项目支出绩效目标申报表",),
    )
    assert (
        "单位名称“上海市普陀区建设和管理委员会”取自各项目的主管部门，请核对；不对时用 --unit-name 指明。"
        in result.notices
    )


# --- Round trips: what perfdocs builds in a layout imports back -------------------------------------------------


@pytest.mark.parametrize(
    ("unit", "suffix"),
    [(NEIMENGGU_UNIT, ".docx"), (NEIMENGGU_UNIT, ".xlsx"), (SHANGHAI_UNIT, ".docx")],
    ids=["一体化docx", "一体化xlsx", "上海docx"],
)
def test_an_example_built_in_its_layout_imports_back_byte_for_byte(unit: Path, suffix: str, tmp_path: Path) -> None:
    built = draft(unit, tmp_path / f"绩效目标{suffix}")
    perfdocs.import_document(built, tmp_path / "导入")
    assert files(tmp_path / "导入") == canonical_files(perfdocs.load_unit(unit))


def _what_the_flat_export_carries(unit: perfdocs.Unit) -> perfdocs.Unit:
    """The seed as the 一体化 table carries it: no 财政资金, 其他资金 or 资金用途 (the table has no column for
    them), 一级 cells merged whatever 一级指标不合并 says, and a value without a sign printed as 等于 (=)."""

    def value(indicator: perfdocs.Indicator) -> perfdocs.Indicator:
        parts = value_parts(indicator)
        if parts.sign == "=" and indicator.value.operator is None:
            return replace(indicator, value=IndicatorValue.parse("=" + indicator.value.text.strip()))
        return indicator

    projects = tuple(
        replace(p, fiscal_funds=None, other_funds=None, purpose="", unmerged_level1=(),
                indicators=tuple(map(value, p.indicators)))
        for p in unit.projects
    )  # fmt: skip
    return replace(unit, projects=projects, layout="一体化")


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_the_seed_built_in_the_flat_layout_imports_back_with_what_it_carries(suffix: str, tmp_path: Path) -> None:
    built = draft(EXAMPLE_UNIT, tmp_path / f"绩效目标{suffix}", layout="一体化")
    perfdocs.import_document(built, tmp_path / "导入", money_unit="万元")
    expected = _what_the_flat_export_carries(perfdocs.load_unit(EXAMPLE_UNIT))
    assert files(tmp_path / "导入") == canonical_files(expected)


def test_export_import_build_works_first_time(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A new unit: the budget system's export, ``perfdocs import``, ``perfdocs build``."""
    source = golden_workbook(tmp_path / "表11.xlsx", golden_grid(NEIMENGGU), [[TITLE]])
    assert main(["import", str(source), "-o", str(tmp_path / "单位")]) == 0
    assert main(["build", str(tmp_path / "单位"), "-o", str(tmp_path / "绩效目标.docx"), "--no-page-numbers"]) == 0
    assert (tmp_path / "绩效目标.docx").exists()


# --- The Tianjin table: the unit line and the money unit outside it -----------------------------------------------


def _tianjin_without_unit_rows(unit: perfdocs.Unit, path: Path, before: list[str]) -> Path:
    """The seed's tables without their unit row, the lines ``before`` above the first one."""
    document = docx.Document()
    for line in (*unit.title_lines, *before):
        document.add_paragraph(line)
    for number, project in enumerate(unit.projects, start=1):
        document.add_paragraph(f"{number}.{project.title}")
        table = document.add_table(rows=0, cols=7)
        fiscal, other = (
            "" if amount is None else f"{amount:.2f}" for amount in (project.fiscal_funds, project.other_funds)
        )
        goals = "\n".join(f"{i}.{goal}" for i, goal in enumerate(project.goals, 1))
        rows = [
            [("项目名称", 1), (project.name, 6)],
            [("预算规模及资金用途", 1), ("预算数", 1), (f"{project.budget:.2f}", 1), ("其中：财政资金", 1),
             (fiscal, 1), ("其他资金", 1), (other, 1)],
            [("预算规模及资金用途", 1), (project.purpose, 6)],
            [("绩效目标", 1), (goals, 6)],
            [("一级指标", 1), ("二级指标", 1), ("三级指标", 1), ("绩效指标描述", 2), ("指标值", 2)],
            *([(i.level1, 1), (i.level2, 1), (i.name, 1), (i.description, 2), (i.value.text, 2)]
              for i in project.indicators),
        ]  # fmt: skip
        for cells in rows:
            row, column = table.add_row(), 0
            for text, span in cells:
                cell = row.cells[column].merge(row.cells[column + span - 1]) if span > 1 else row.cells[column]
                cell.text = text
                column += span
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    "before",
    [["207101天津市河北区人民法院        单位：万元"], ["207101天津市河北区人民法院", "单位：万元"]],
    ids=["一行", "两行"],
)
def test_a_tianjin_document_may_give_its_unit_line_as_paragraphs(tmp_path: Path, before: list[str]) -> None:
    unit = perfdocs.load_unit(EXAMPLE_UNIT)
    source = _tianjin_without_unit_rows(unit, tmp_path / "a.docx", before)
    document = read_document(source)
    assert (document.unit_code, document.unit_name, document.money_unit) == ("207101", "天津市河北区人民法院", "万元")
    assert document.title_lines == list(unit.title_lines)
    assert not document.problems
    assert [project.name for project in document.projects] == [project.name for project in unit.projects]


def test_other_systems_names_for_the_columns(tmp_path: Path) -> None:
    """计算符号 | 指标值 | 计量单位 apart, 权重 for 分值, 指标解释 and 评(扣)分标准; an unknown column is said."""
    header = ["项目名称", "预算数（万元）", "绩效目标", "一级指标", "二级指标", "三级指标", "计算符号", "指标值",
              "计量单位", "权重", "指标解释", "评(扣)分标准", "历史值"]  # fmt: skip
    rows: list[list[object]] = [
        ["办公设备购置", 12.5, "保障办公", "产出指标", "数量指标", "购置台数", "≥", 10, "台", 20, "购置的台数",
         "少一台扣2分", 8],
        [None, None, None, None, "质量指标", "验收合格率", "＝", 100, "%", 30, "", "", 100],
        [None, None, None, "满意度指标", "服务对象满意度指标", "使用人员满意度", "定性", "满意", "", 10, "", "", ""],
    ]  # fmt: skip
    grid: Grid = [[(str(text), 1, False) for text in header]]
    for number, row in enumerate(rows):
        grid.append(
            [
                ("" if value is None else str(value), 1, value is None and (column < 3 or number == 1))
                for column, value in enumerate(row)
            ]
        )
    source = golden_workbook(tmp_path / "导出.xlsx", grid)
    result = perfdocs.import_document(source, tmp_path / "导入", unit_code="100001", unit_name="某单位")
    assert "工作表“表11”第 1 行第 13 列“历史值”不是 perfdocs 认识的列，没有导入。" in result.notices
    assert files(tmp_path / "导入")["办公设备购置.yaml"] == (
        "项目名称: 办公设备购置\n预算数: 12.50\n财政资金:\n其他资金:\n绩效目标:\n  - 保障办公\n绩效指标:\n  产出指标:\n"
        "    数量指标:\n      购置台数:\n        指标值: ≥10台\n        分值: 20\n        指标解释: 购置的台数\n"
        "        评(扣)分标准: 少一台扣2分\n    质量指标:\n      验收合格率:\n        指标值: =100%\n"
        "        分值: 30\n  满意度指标:\n    服务对象满意度指标:\n      使用人员满意度:\n"
        "        指标值: 满意\n        分值: 10\n"
    )


def _flat_problems(tmp_path: Path, grid: Grid) -> list[str]:
    source = golden_workbook(tmp_path / "表11.xlsx", grid, [["单位：元"]])
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(source, tmp_path / "导入")
    return [problem.message for problem in caught.value.problems]


@pytest.mark.parametrize("target", ["一辆", "≥98", "约98"])
def test_a_quantitative_target_that_is_not_a_number_is_refused(tmp_path: Path, target: str) -> None:
    """正向 | 大于等于 | 一辆 would make the made-up value ≥一辆%: the row is refused, its column named."""
    grid = golden_grid(NEIMENGGU, without_title_row)
    grid[1][10] = (target, 1, False)
    assert _flat_problems(tmp_path, grid)[0] == (
        f"工作表“表11”第 3 行（项目“业务装备经费”）：第 11 列目标值“{target}”不是一个数（定量指标的目标值只写数，"
        "方向和单位写在指标方向、计量单位列），这一行无法导入。"
    )


def test_a_value_column_with_the_whole_value_reads_as_that_value(tmp_path: Path) -> None:
    grid = golden_grid(NEIMENGGU, without_title_row)
    grid[0][10] = ("指标值", 1, False)
    grid[1][9], grid[1][10], grid[1][11] = ("", 1, False), ("≥98%", 1, False), ("", 1, False)
    source = golden_workbook(tmp_path / "表11.xlsx", grid, [["单位：元"]])
    perfdocs.import_document(source, tmp_path / "导入")
    wanted = canonical_files(perfdocs.load_unit(NEIMENGGU_UNIT))["业务装备经费.yaml"]
    assert files(tmp_path / "导入")["业务装备经费.yaml"] == wanted


def test_a_column_twice_in_the_header_is_refused(tmp_path: Path) -> None:
    grid = [[*row, row[12]] for row in golden_grid(NEIMENGGU, without_title_row)]
    assert _flat_problems(tmp_path, grid) == [
        "工作表“表11”第 2 行：第 13 列“分值”和第 14 列“分值”是同一栏（出现了两次），看不出该用哪一列，这张表无法导入。"
    ]


def test_a_target_and_a_value_that_disagree_are_refused(tmp_path: Path) -> None:
    grid = [[*row, row[10]] for row in golden_grid(NEIMENGGU, without_title_row)]
    grid[0][13] = ("指标值", 1, False)
    grid[1][13] = ("≥5个", 1, False)
    assert _flat_problems(tmp_path, grid)[0] == (
        "工作表“表11”第 3 行（项目“业务装备经费”）：第 11 列目标值“98”与第 14 列指标值“≥5个”不一致，"
        "看不出该用哪一个，这一行无法导入。"
    )


def test_a_flat_header_without_a_column_every_one_has_says_so(tmp_path: Path) -> None:
    grid = [row[:7] + row[8:] for row in golden_grid(NEIMENGGU, without_title_row)]
    assert _flat_problems(tmp_path, grid) == ["工作表“表11”第 2 行：一体化表头缺少“三级指标”列，这张表无法导入。"]


def test_a_header_of_two_rows_is_read(tmp_path: Path) -> None:
    """绩效指标 merged over 一级, 二级, 三级指标; the other names merged down both rows."""
    header, *rows = golden_grid(NEIMENGGU, without_title_row)
    upper = [(text, 1, False) for text, _, _ in header]
    upper[5:8] = [("绩效指标", 3, False)]
    lower = [("", 1, True) for _ in header]
    lower[5:8] = header[5:8]
    source = golden_workbook(tmp_path / "表11.xlsx", [upper, lower, *rows], [["单位：元"]])
    perfdocs.import_document(source, tmp_path / "导入")
    wanted = canonical_files(perfdocs.load_unit(NEIMENGGU_UNIT))["业务装备经费.yaml"]
    assert files(tmp_path / "导入")["业务装备经费.yaml"] == wanted


def test_a_bracketed_unit_after_a_column_name_is_left_out(tmp_path: Path) -> None:
    grid = golden_grid(NEIMENGGU, without_title_row)
    grid[0][12] = ("分值（分）", 1, False)
    source = golden_workbook(tmp_path / "表11.xlsx", grid, [["单位：元"]])
    perfdocs.import_document(source, tmp_path / "导入")
    wanted = canonical_files(perfdocs.load_unit(NEIMENGGU_UNIT))["业务装备经费.yaml"]
    assert files(tmp_path / "导入")["业务装备经费.yaml"] == wanted


def test_problems_are_sorted_by_row_number(tmp_path: Path) -> None:
    grid = golden_grid(NEIMENGGU, without_title_row)
    for row in grid[2:11]:
        row[0] = ("", 1, False)
    numbers = [int(message.split("第 ")[1].split(" 行")[0]) for message in _flat_problems(tmp_path, grid)]
    assert numbers == sorted(numbers)
    assert len(numbers) > 1


def _shanghai_problems(tmp_path: Path, edit: dict[tuple[int, int], str]) -> list[str]:
    grid = golden_grid(SHANGHAI)
    for (row, column), text in edit.items():
        grid[row][column] = (text, *grid[row][column][1:])
    source = golden_docx(tmp_path / "申报表.docx", grid, ["上海市普陀区建设和管理委员会"])
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(source, tmp_path / "导入")
    return [problem.message for problem in caught.value.problems]


def test_a_shanghai_amount_is_reported_at_its_cell(tmp_path: Path) -> None:
    assert _shanghai_problems(tmp_path, {(3, 2): "77,1325,800.00"}) == [
        "第 1 张表第 4 行第 3 列（项目“兰溪路-真南路下立交工程”）：项目资金总额“77,1325,800.00”含有逗号："
        "分不清逗号是小数点还是千分位，请去掉千分位，小数点用“.”，这张表无法导入。"
    ]


def test_a_blank_shanghai_label_is_reported_at_its_cell(tmp_path: Path) -> None:
    assert _shanghai_problems(tmp_path, {(1, 0): ""}) == [
        "第 1 张表第 2 行第 1 列（项目“兰溪路-真南路下立交工程”）：这一格是空的，"
        "看不出它右边的“上海市普陀区建设和管理委员会”是哪一栏（这里应是项目性质、项目类别、主管部门、实施单位、计划开始日期、计划完成日期之一），这张表无法导入"
    ]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (
            {(3, 1): ""},
            "第 1 张表第 4 行第 2 列（项目“兰溪路-真南路下立交工程”）：这一格是空的，看不出它右边的“771,325,800.00”"
            "是项目资金的哪一项（这一栏是 项目资金总额、其中财政资金、其他资金），这张表无法导入",
        ),
        (
            {(4, 3): "下年预留资金"},
            "第 1 张表第 5 行第 4 列（项目“兰溪路-真南路下立交工程”）：“下年预留资金”不是项目资金的一项"
            "（这一栏是 年度资金申请总额、其中当年财政拨款、上年结转资金、其他资金），这张表无法导入",
        ),
    ],
    ids=["空的名目", "不认识的名目"],
)
def test_a_shanghai_funds_label_that_places_no_amount_is_named_at_its_cell(
    tmp_path: Path, edit: dict[tuple[int, int], str], message: str
) -> None:
    assert _shanghai_problems(tmp_path, edit) == [message]


def test_a_blank_shanghai_field_is_reported_at_its_cell(tmp_path: Path) -> None:
    assert _shanghai_problems(tmp_path, {(0, 3): ""}) == [
        "第 1 张表第 1 行第 4 列（项目“兰溪路-真南路下立交工程”）：“项目性质”后面是空的，这张表无法导入。"
    ]


def test_a_document_with_tables_of_two_forms_is_refused(tmp_path: Path) -> None:
    from perfdocs.importing.docx import read_blocks  # noqa: PLC0415
    from perfdocs.importing.recognise import read_in_layout  # noqa: PLC0415
    from perfdocs.importing.tables import numbered_tables  # noqa: PLC0415

    tianjin = draft(EXAMPLE_UNIT, tmp_path / "天津.docx")
    shanghai = golden_docx(tmp_path / "申报表.docx", golden_grid(SHANGHAI), ["上海市普陀区建设和管理委员会"])
    blocks = [*read_blocks(tianjin), *read_blocks(shanghai)]
    document = read_in_layout("两种.docx", list(numbered_tables(blocks)))
    assert [problem.message for problem in document.problems] == [
        "第 15 张表第 4 行：这里的金额单位是元，与前面表格的万元不同：一个单位只能用一种金额单位，无法导入。",
        "文件中：既有上海版式的申报表（有“项目性质”“项目资金（元）”等），又有天津版式的表：一个单位只能用一种版式",
    ]
