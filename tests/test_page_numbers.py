"""Page numbers: every 目录 entry gives the page its title stands on, checked with LibreOffice and pdftotext.

These tests need LibreOffice and poppler-utils; ``.ci/run`` installs both, and CI
fails rather than skips when they are missing.
"""

from __future__ import annotations

import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT, convert_to_pdf
from pdfcheck import compact, pdf_page_texts, title_pages, toc_entries, toc_mismatches
from synthetic import repeated_unit
from test_template import edited_template

import perfdocs
from perfdocs.cli import main

pytestmark = [pytest.mark.usefixtures("libreoffice"), pytest.mark.slow]
GRID_HEADER = "一级指标二级指标三级指标绩效指标描述指标值"


@pytest.fixture(scope="module")
def seed_unit() -> perfdocs.Unit:
    return perfdocs.load_unit(EXAMPLE_UNIT)


def test_the_seed_unit_has_true_page_numbers(
    seed_unit: perfdocs.Unit, libreoffice: str, tmp_path: Path, reader_profile: Path
) -> None:
    steps: list[tuple[str, int, int]] = []
    result = perfdocs.write_document(seed_unit, tmp_path / "绩效目标.docx", progress=lambda *step: steps.append(step))
    assert [step for step in steps if step[2] == 0] == [
        ("排版第 1 遍（LibreOffice）", 0, 0),
        ("排版第 2 遍（LibreOffice）", 0, 0),
    ]
    assert steps[-1] == ("生成文档", 7, 7)
    assert result.notice is None
    assert result.pages is not None
    assert [page for _, page in toc_entries(result.output)] == [str(result.pages[n]) for n in range(1, 8)]
    assert toc_mismatches(result.output, convert_to_pdf(libreoffice, result.output, reader_profile)) == []


def test_a_long_unit_has_true_page_numbers(
    seed_unit: perfdocs.Unit, libreoffice: str, tmp_path: Path, reader_profile: Path
) -> None:
    unit = repeated_unit(seed_unit, 7)
    result = perfdocs.write_document(unit, tmp_path / "长文档.docx")
    pdf = convert_to_pdf(libreoffice, result.output, reader_profile)
    pages = pdf_page_texts(pdf)
    assert len(pages) > 30
    assert sum(page.count(GRID_HEADER) for page in pages) > len(unit.projects)  # grids broke, headers repeated
    assert toc_mismatches(result.output, pdf) == []
    assert all(f"—{number}—" in page for number, page in enumerate(pages, start=1))  # a number on every page
    assert footer_mismatches(result.output, pages) == []


def footer_mismatches(docx: Path, pages: list[str]) -> list[str]:
    """目录 lines whose number is not the one printed in the footer (— N —) of their title's page."""
    entries = toc_entries(docx)
    found = title_pages(pages, [title for title, _ in entries])
    return [title for title, number in entries if f"—{number}—" not in pages[found[title] - 1]]


def test_a_template_that_starts_numbering_at_five(
    seed_unit: perfdocs.Unit, libreoffice: str, tmp_path: Path, reader_profile: Path
) -> None:
    start_at_five = edited_template(tmp_path, "</w:sectPr>", '<w:pgNumType w:start="5"/></w:sectPr>')
    result = perfdocs.write_document(seed_unit, tmp_path / "out.docx", template=start_at_five)
    pages = pdf_page_texts(convert_to_pdf(libreoffice, result.output, reader_profile))
    assert "—5—" in pages[0]
    assert footer_mismatches(result.output, pages) == []
    assert result.pages is not None
    assert result.pages[1] == 6


def test_titles_stay_with_their_tables(
    seed_unit: perfdocs.Unit, libreoffice: str, tmp_path: Path, reader_profile: Path
) -> None:
    unit = repeated_unit(seed_unit, 3)
    result = perfdocs.write_document(unit, tmp_path / "out.docx")
    pages = pdf_page_texts(convert_to_pdf(libreoffice, result.output, reader_profile))
    titles = [title for title, _ in toc_entries(result.output)]
    for (title, page), project in zip(title_pages(pages, titles).items(), unit.projects, strict=True):
        after_title = pages[page - 1].split(compact(title), 1)[1]
        assert f"项目名称{compact(project.name)}" in after_title, title


def test_one_wrong_number_is_caught(
    seed_unit: perfdocs.Unit, libreoffice: str, tmp_path: Path, reader_profile: Path
) -> None:
    result = perfdocs.write_document(seed_unit, tmp_path / "out.docx")
    pdf = convert_to_pdf(libreoffice, result.output, reader_profile)
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(result.output) as source, zipfile.ZipFile(broken, "w") as copy:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                pattern = r"(PAGEREF _Toc_perfdocs_3 .*?<w:t[^>]*>)(\d+)(</w:t>)"
                data = re.sub(pattern, lambda m: f"{m[1]}{int(m[2]) + 1}{m[3]}", data.decode(), count=1).encode()
            copy.writestr(entry, data)
    mismatches = toc_mismatches(broken, pdf)
    assert len(mismatches) == 1
    assert mismatches[0].startswith("3.非同级财政拨款项目-2025年非财拨绩效目标表")


def test_a_pdf_carries_the_same_numbers(seed_unit: perfdocs.Unit, tmp_path: Path) -> None:
    result = perfdocs.write_document(seed_unit, tmp_path / "绩效目标.pdf")
    assert result.pages is not None
    pages = pdf_page_texts(result.output)
    titles = [f"{section.number}.{section.title}" for section in seed_unit.sections()]
    found = title_pages(pages, titles)
    for number, title in enumerate(titles, start=1):
        assert found[title] == result.pages[number]
        assert re.search(re.escape(compact(title)) + r"\.+" + str(found[title]), pages[0])


def test_two_builds_at_once_do_not_collide(seed_unit: perfdocs.Unit, tmp_path: Path) -> None:
    with ThreadPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(lambda name: perfdocs.write_document(seed_unit, tmp_path / name), ["a.docx", "b.docx"]))
    assert results[0].pages == results[1].pages
    assert results[0].pages is not None


def test_the_cli_builds_a_pdf(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "绩效目标.pdf"
    assert main(["build", str(EXAMPLE_UNIT), "-o", str(output)]) == 0
    assert capsys.readouterr().err == ""
    assert output.read_bytes().startswith(b"%PDF")
    assert main(["build", str(EXAMPLE_UNIT), "-o", str(output)]) == 0  # its own PDF may be replaced
