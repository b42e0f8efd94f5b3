"""``perfdocs import``: Word and Excel tables in, the loader's YAML out, nothing lost or overwritten."""

from __future__ import annotations

import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT, draft
from layouts import word_document, workbook

import perfdocs
from perfdocs.cli import main
from perfdocs.docxread import blocks_text, read_blocks


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
    assert "第 1 张表第 2 行：找不到指标表头（一级指标、二级指标、三级指标、指标值），这张表无法导入。" in messages
    assert not (tmp_path / "导入").exists()


def test_skip_bad_imports_the_rest_and_says_what_it_skipped(seed: perfdocs.Unit, tmp_path: Path) -> None:
    source = docx_without(word_document(seed, tmp_path / "a.docx"), "≤18.8万元", "")
    result = perfdocs.import_document(source, tmp_path / "导入", skip_bad=True)
    assert result.projects == 6
    assert [p.message for p in result.skipped] == [
        "第 8 张表第 10 行：指标行缺少一级指标、二级指标、三级指标或指标值，这张表无法导入。"
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
        ("不是.docx", b"just text", "文件已损坏，或不是 .docx 格式，无法读取（BadZipFile）。"),
        ("加密.docx", bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 512, "文件是加密的，或是旧的 .doc/.xls 格式"),
        ("旧格式.doc", b"whatever", "只能导入 Word（.docx）或 Excel（.xlsx）文件；旧的 .doc/.xls 请先另存为新格式。"),
        ("坏表格.xlsx", b"PK\x03\x04broken", "文件已损坏，或不是 .xlsx 格式，无法读取"),
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
