"""``perfdocs import``: Word and Excel tables in, the loader's YAML out, nothing lost or overwritten."""

from __future__ import annotations

import errno
import os
import zipfile
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import docx
import pytest
from conftest import EXAMPLE_UNIT, draft
from layouts import word_document, workbook

import perfdocs
from perfdocs.cli import main
from perfdocs.importing.docx import read_blocks
from perfdocs.importing.text import blocks_text


@pytest.fixture(scope="module")
def seed() -> perfdocs.Unit:
    return perfdocs.load_unit(EXAMPLE_UNIT)


def files(folder: Path) -> dict[str, str]:
    return {path.name: path.read_text(encoding="utf-8") for path in sorted(folder.iterdir())}


def test_round_trip_gives_the_same_yaml_and_the_same_tables(example_docx: Path, tmp_path: Path) -> None:
    result = perfdocs.import_document(example_docx, tmp_path / "导入")
    assert (result.projects, result.indicators, len(result.files)) == (7, 65, 8)
    assert files(tmp_path / "导入") == files(EXAMPLE_UNIT)  # byte for byte
    rebuilt = draft(tmp_path / "导入", tmp_path / "again.docx")
    assert blocks_text(read_blocks(rebuilt)) == blocks_text(read_blocks(example_docx))


def test_a_word_document_in_another_layout(seed: perfdocs.Unit, tmp_path: Path) -> None:
    source = word_document(seed, tmp_path / "另一种版式.docx")
    perfdocs.import_document(source, tmp_path / "导入")
    imported = perfdocs.load_unit(tmp_path / "导入")
    # That layout never merges 一级指标 cells, so it has no exceptions to the merging to record.
    assert imported.projects == tuple(replace(project, unmerged_level1=()) for project in seed.projects)
    assert imported.title_lines == seed.title_lines
    assert (imported.code, imported.name, imported.money_unit) == (seed.code, seed.name, seed.money_unit)


def test_an_excel_workbook(seed: perfdocs.Unit, tmp_path: Path) -> None:
    source = workbook(seed, tmp_path / "绩效目标.xlsx")
    result = perfdocs.import_document(source, tmp_path / "导入")
    assert result.projects == 7
    imported = perfdocs.load_unit(tmp_path / "导入")
    assert imported.projects == seed.projects  # merges as the example's: 效益指标 kept apart in table 2
    assert (imported.code, imported.name) == (seed.code, seed.name)


def test_a_table_it_cannot_read_fails_the_import_with_its_place(seed: perfdocs.Unit, tmp_path: Path) -> None:
    source = word_document(seed, tmp_path / "缺列.docx")
    document = docx_without(source, "指标值", "金额")
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(document, tmp_path / "导入")
    messages = [problem.message for problem in caught.value.problems]
    assert (
        "第 1 张表第 2 行（项目“法院办案业务、业务装备及审判辅助事务外包-2024中央”）："
        "找不到指标表头（一级指标、二级指标、三级指标、指标值），这张表无法导入。"
    ) in messages
    assert not (tmp_path / "导入").exists()


def test_skip_bad_imports_the_rest_and_says_what_it_skipped(seed: perfdocs.Unit, tmp_path: Path) -> None:
    source = docx_without(word_document(seed, tmp_path / "a.docx"), "≤18.8万元", "")
    result = perfdocs.import_document(source, tmp_path / "导入", skip_bad=True)
    assert result.projects == 6
    assert [p.message for p in result.skipped] == [
        "第 8 张表第 10 行（项目“执法执勤用车更新-2025年”）："
        "指标行缺少一级指标、二级指标、三级指标或指标值，这张表无法导入。"
    ]
    assert "执法执勤用车更新-2025年.yaml" not in files(tmp_path / "导入")
    assert "执法执勤用车更新-2025年" not in (tmp_path / "导入" / "单位.yaml").read_text(encoding="utf-8")


def docx_without(path: Path, old: str, new: str) -> Path:
    """A copy of a .docx with one piece of text replaced (first occurrence in the document part)."""
    target = path.with_name(f"改-{path.name}")
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(target, "w") as copy:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                text = data.decode("utf-8")
                assert old in text
                data = text.replace(old, new, 1).encode("utf-8")
            copy.writestr(entry, data)
    return target


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("不是.docx", b"just text", "无法读取这个 Word 文档：不是 Office 文件（ZIP 格式），或者已经损坏。"),
        ("加密.docx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512, "文件是加密的，或是旧的 .doc/.xls 格式"),
        ("旧格式.doc", b"whatever", "只能导入 Word（.docx）或 Excel（.xlsx）文件；旧的 .doc/.xls 请先另存为新格式。"),
        ("坏表格.xlsx", b"PK\x03\x04broken", "无法读取这个 Excel 文件：不是 Office 文件（ZIP 格式），或者已经损坏。"),
    ],
)
def test_files_it_cannot_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    source = tmp_path / name
    source.write_bytes(content)
    assert main(["import", str(source), "-o", str(tmp_path / "导入")]) == 1
    err = capsys.readouterr().err
    assert f"{source}: PD005 {message}" in err
    assert "Traceback" not in err
    assert not (tmp_path / "导入").exists()


def test_a_document_without_tables(tmp_path: Path) -> None:
    source = tmp_path / "空.docx"
    document = __import__("docx").Document()
    document.add_paragraph("没有表格")
    document.save(str(source))
    with pytest.raises(perfdocs.InputError, match="没有找到可以导入的绩效目标表"):
        perfdocs.import_document(source, tmp_path / "导入")


def test_nothing_is_overwritten_without_force(example_docx: Path, tmp_path: Path) -> None:
    folder = tmp_path / "导入"
    perfdocs.import_document(example_docx, folder)
    unit_file = folder / "单位.yaml"
    unit_file.write_text("# 手工改过\n" + unit_file.read_text(encoding="utf-8"), encoding="utf-8")
    edited = files(folder)
    with pytest.raises(perfdocs.InputError, match="文件已存在，不会覆盖"):
        perfdocs.import_document(example_docx, folder)
    assert files(folder) == edited
    perfdocs.import_document(example_docx, folder, force=True)
    assert files(folder) == files(EXAMPLE_UNIT)


def test_other_project_files_in_the_folder_are_refused_even_with_force(example_docx: Path, tmp_path: Path) -> None:
    folder = tmp_path / "导入"
    folder.mkdir()
    (folder / "别的项目.yaml").write_text("项目名称: 别的项目\n", encoding="utf-8")
    with pytest.raises(perfdocs.InputError, match="它不属于这次导入"):
        perfdocs.import_document(example_docx, folder, force=True)
    assert sorted(path.name for path in folder.iterdir()) == ["别的项目.yaml"]


def test_a_document_without_the_unit_row_needs_the_unit_named(seed: perfdocs.Unit, tmp_path: Path) -> None:
    source = word_document(seed, tmp_path / "a.docx")
    for _ in range(7):
        source = docx_without(source, "207101 天津市河北区人民法院", "")
    with pytest.raises(perfdocs.InputError, match="--unit-code 和 --unit-name"):
        perfdocs.import_document(source, tmp_path / "导入")
    perfdocs.import_document(source, tmp_path / "导入", unit_code="207101", unit_name="天津市河北区人民法院")
    assert perfdocs.load_unit(tmp_path / "导入").code == "207101"


def test_the_cli_reports_what_it_wrote(example_docx: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "导入"
    assert main(["import", str(example_docx), "-o", str(folder)]) == 0
    assert capsys.readouterr().out == f"已导入 7 个项目、65 个指标，写入 {folder}（8 个文件）。\n"


def test_a_table_without_its_name_row_is_named_with_its_neighbour(seed: perfdocs.Unit, tmp_path: Path) -> None:
    """Table 3 lost its 项目名称 row: its rows must not slip into table 2's project (whose budget they would
    overwrite), and --skip-bad must say which project it left out."""
    source = docx_without(word_document(seed, tmp_path / "a.docx"), "项 目 名 称", "")  # the first project's row
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(source, tmp_path / "导入")
    assert [problem.message for problem in caught.value.problems] == [
        "第 1 张表：这张表像是绩效目标表（有“预算数”“绩效目标”或“指标值”），但没有“项目名称”一行，无法导入。"
    ]


def test_two_tables_run_together_are_refused(seed: perfdocs.Unit, tmp_path: Path) -> None:
    document = word_document(seed, tmp_path / "a.docx")
    source = docx_without(docx_without(document, "项 目 名 称", "项目名称"), "项 目 名 称", "")
    result = perfdocs.import_document(source, tmp_path / "导入", skip_bad=True)
    first = "（项目“法院办案业务、业务装备及审判辅助事务外包-2024中央”）"
    assert [problem.message for problem in result.skipped] == [
        f"第 2 张表第 3 行{first}：这一行又是“预算数”，但它前面没有新的“项目名称”一行"
        "（这个项目从第 1 张表第 2 行开始）：可能是下一张表缺了“项目名称”一行，两张表连在了一起，这张表无法导入",
    ]
    assert result.projects == 5  # the first two projects are left out, and the first is named


def test_a_full_disk_writes_nothing_and_a_second_try_works(
    example_docx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The files are staged beside the target and moved in together: a failure half-way leaves no file."""
    written = []
    real_write = Path.write_text

    def write_until_full(path: Path, text: str, **options: object) -> int:
        if len(written) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        written.append(path)
        return real_write(path, text, **options)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "write_text", write_until_full)
    folder = tmp_path / "导入"
    with pytest.raises(perfdocs.OutputError) as caught:
        perfdocs.import_document(example_docx, folder)
    assert str(caught.value) == f"无法写入 {folder}：磁盘已满。什么也没有写入。"
    assert list(tmp_path.iterdir()) == []  # neither the target nor the staging folder
    monkeypatch.undo()
    perfdocs.import_document(example_docx, folder)
    assert files(folder) == files(EXAMPLE_UNIT)


def test_a_failure_while_moving_puts_the_old_files_back(
    example_docx: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "导入"
    perfdocs.import_document(example_docx, folder)
    before = files(folder)
    moves = []
    real_replace = os.replace

    def fail_on_the_fifth(source: str | Path, target: str | Path) -> None:
        moves.append(target)
        if len(moves) == 5:
            raise OSError(errno.EACCES, "Permission denied")
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", fail_on_the_fifth)
    with pytest.raises(perfdocs.OutputError, match="没有权限"):
        perfdocs.import_document(example_docx, folder, force=True)
    assert files(folder) == before
    assert sorted(path.name for path in tmp_path.iterdir()) == ["导入"]


def test_the_money_unit_is_never_assumed(seed: perfdocs.Unit, tmp_path: Path) -> None:
    source = word_document(seed, tmp_path / "a.docx")
    for _ in range(7):
        source = docx_without(source, "单位:万元", "")
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(source, tmp_path / "导入")
    assert [problem.message for problem in caught.value.problems] == [
        "文件中没有写金额单位（如“单位：万元”）：请用 --money-unit 指明是万元、千元还是元。"
    ]
    perfdocs.import_document(source, tmp_path / "导入", money_unit="万元")
    assert perfdocs.load_unit(tmp_path / "导入").money_unit == "万元"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("单位:万元", "单位:亿元", "金额单位是亿元：perfdocs 目前只支持 万元、千元、元，请先在文件中换算。"),
        (
            "18.80",
            "18,80",
            "预算数“18,80”含有逗号：分不清逗号是小数点还是千分位，请去掉千分位，小数点用“.”，这张表无法导入。",
        ),
        ("18.80", "18.805", "预算数“18.805”超过两位小数：金额不四舍五入，请写出要印的两位小数，这张表无法导入。"),
        (
            "18.80",
            "1৪.80",
            "预算数“1৪.80”含有不是 0-9 的数字“৪”（U+09EA BENGALI DIGIT FOUR）：请只用半角数字 0-9，这张表无法导入。",
        ),
        ("18.80", "18.80元", "预算数“18.80元”的单位与表格的金额单位（万元）不同，这张表无法导入。"),
    ],
)
def test_amounts_are_read_exactly_or_refused(
    seed: perfdocs.Unit, tmp_path: Path, old: str, new: str, message: str
) -> None:
    last = seed.projects[-1]
    assert last.budget == Decimal(old) if old == "18.80" else True
    source = word_document(seed, tmp_path / "a.docx")
    if old.startswith("单位"):
        for _ in range(7):
            source = docx_without(source, old, new)
    else:
        source = docx_without(source, f">{old}<", f">{new}<")
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(source, tmp_path / "导入")
    assert [problem.message.split("：", 1)[-1] if "行" in problem.message else problem.message
            for problem in caught.value.problems] == [message]  # fmt: skip
    assert not (tmp_path / "导入").exists()


@pytest.mark.parametrize(
    ("name", "message"),
    [
        (
            "执法执勤用车更新（2025年）",
            "项目名称“执法执勤用车更新（2025年）”与“执法执勤用车更新(2025年)”只差大小写、全角半角或看不见的字符："
            "两个文件会被当作同一个项目，请先改名。",
        ),
        (
            "../../逃逸",
            '项目名称“../../逃逸”无法用作文件名：项目名称“../../逃逸”不能用作文件名（不能含 \\ / : * ? " < > |）。',
        ),
        ("单位", "项目名称“单位”无法用作文件名：这个名称留给单位文件。"),
        (
            "长" * 90,
            f"项目名称“{'长' * 90}”无法用作文件名："
            "项目名称太长：文件名有 275 字节，超过 255 字节的上限（约 80 个汉字）。",
        ),
    ],
)
def test_names_that_cannot_be_files_are_refused(seed: perfdocs.Unit, tmp_path: Path, name: str, message: str) -> None:
    first, second, *rest = seed.projects
    renamed = (replace(first, name="执法执勤用车更新(2025年)"), replace(second, name=name), *rest)
    source = word_document(replace(seed, projects=renamed), tmp_path / "a.docx")
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(source, tmp_path / "导入")
    assert [problem.message for problem in caught.value.problems] == [message]


def test_what_is_left_out_is_said(seed: perfdocs.Unit, tmp_path: Path) -> None:
    source = word_document(seed, tmp_path / "a.docx")
    document = docx.Document(str(source))
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "说明"
    table.rows[0].cells[1].text = "本表为公开版本"
    document.save(str(source))
    result = perfdocs.import_document(source, tmp_path / "导入")
    notices = set(result.notices)
    assert "第 9 张表不是绩效目标表（没有“项目名称”一行），没有导入：“说明”……" in notices
    assert "“注：本表由项目单位填报。”不是标题（不以“绩效目标表”结尾，也不是标题样式），没有导入。" in notices
    assert "文档的标题取自第一张表之前的文字：天津市河北区人民法院 / 项目支出绩效目标表 / (2025年)，请核对。" in notices
    assert (
        "单位编码“207101”和单位名称“天津市河北区人民法院”取自“207101 天津市河北区人民法院”一行，请核对；"
        "不对时用 --unit-code、--unit-name 指明。"
    ) in notices


def test_skip_bad_leaves_out_a_table_with_a_cell_it_cannot_read(seed: perfdocs.Unit, tmp_path: Path) -> None:
    """Hidden text in a cell (Word does not show it) fails the import, or with --skip-bad its own table only."""
    source = word_document(seed, tmp_path / "a.docx")
    hidden = docx_without(
        source, "<w:t>≤18.8万元</w:t>", "<w:t>≤18.8万元</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>9</w:t>"
    )
    with pytest.raises(perfdocs.InputError):
        perfdocs.import_document(hidden, tmp_path / "导入")
    result = perfdocs.import_document(hidden, tmp_path / "导入", skip_bad=True)
    assert [problem.message for problem in result.skipped] == [
        "第 8 张表第 10 行第 6 列（项目“执法执勤用车更新-2025年”）：有隐藏文字“9”，Word 不显示也不打印"
        "（请删除它，或取消隐藏），这张表无法导入。"
    ]
    assert result.projects == 6


def built(unit_copy: Path, tmp_path: Path, edits: dict[str, tuple[str, str]]) -> Path:
    """The example unit with ``edits`` (file → old, new) built to a .docx."""
    for name, (old, new) in edits.items():
        path = unit_copy / name
        text = path.read_text(encoding="utf-8")
        assert old in text
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return draft(unit_copy, tmp_path / "built.docx")


CAR = "执法执勤用车更新-2025年.yaml"


@pytest.mark.parametrize(
    "edit",
    [
        ("资金用途: 全部用于更新执法执勤用车1辆", "资金用途: 用于邮寄年度绩效目标表"),  # reads like a heading
        ("项目名称: 执法执勤用车更新-2025年\n", "项目名称: 执法执勤用车更新-2025年\n标题: 执法执勤用车更新项目\n"),
        ("单位名称: 天津市河北区人民法院", "单位名称: 3号审判庭"),  # a name that starts with a digit
    ],
    ids=["资金用途像标题", "标题不以绩效目标表结尾", "单位名称以数字开头"],
)
def test_what_perfdocs_builds_imports_back_exactly(unit_copy: Path, tmp_path: Path, edit: tuple[str, str]) -> None:
    target = "单位.yaml" if "单位名称" in edit[0] else CAR
    source = built(unit_copy, tmp_path, {target: edit})
    code = "207101" if target == "单位.yaml" else None
    perfdocs.import_document(source, tmp_path / "导入", unit_code=code)
    assert files(tmp_path / "导入") == files(unit_copy)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('<w:t xml:space="preserve">全部用于更新执法执勤用车1辆</w:t>', "<w:t></w:t>",
         "第 13 张表第 2 行（项目“执法执勤用车更新-2025年”）："
         "找不到资金用途（预算数那一行的下一行），这张表无法导入。"),
        ('<w:t xml:space="preserve">18.80</w:t>', "<w:t>100</w:t><w:br/><w:t>8.80</w:t>",
         "第 13 张表第 2 行（项目“执法执勤用车更新-2025年”）："
         "预算数“100↵8.80”分成了几行，看不出是哪个数，这张表无法导入。"),
        ('<w:t xml:space="preserve">其中：财政    资金</w:t>', "<w:t>其中：财政拨款</w:t>",
         "第 1 张表第 3 行（项目“法院办案业务、业务装备及审判辅助事务外包-2024中央”）："
         "预算数这一行找不到“财政资金”，这张表无法导入。"),
    ],
    ids=["资金用途是空的", "金额分成两行", "财政资金的标签认不出"],
)  # fmt: skip
def test_a_cell_that_cannot_be_read_exactly_is_refused(
    example_docx: Path, tmp_path: Path, old: str, new: str, message: str
) -> None:
    with pytest.raises(perfdocs.InputError) as caught:
        perfdocs.import_document(docx_without(example_docx, old, new), tmp_path / "导入")
    assert message in [problem.message for problem in caught.value.problems]


def test_skip_bad_names_the_project_whose_name_row_it_cannot_read(example_docx: Path, tmp_path: Path) -> None:
    """Hidden text in a 项目名称 row fails that project, not the one before it."""
    name = '<w:r><w:t xml:space="preserve">执法执勤用车更新-2025年</w:t></w:r>'
    hidden = docx_without(example_docx, name, f"<w:r><w:rPr><w:vanish/></w:rPr><w:t>X</w:t></w:r>{name}")
    result = perfdocs.import_document(hidden, tmp_path / "导入", skip_bad=True)
    assert result.projects == 6
    assert [problem.message for problem in result.skipped] == [
        "第 13 张表第 2 行第 2 列（项目“‹隐藏：X›执法执勤用车更新-2025年”）：有隐藏文字“X”，Word 不显示也不打印"
        "（请删除它，或取消隐藏），这张表无法导入。"
    ]
    assert "司法救助-2024中央.yaml" in files(tmp_path / "导入")
