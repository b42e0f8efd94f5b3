"""An independent check of page numbers: where each title really stands in a PDF.

It reads the PDF with poppler's ``pdftotext`` (not with perfdocs' own code) and
finds each heading as text, so that it can catch perfdocs reading pages wrong.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from perfdocs.importing.blocks import Paragraph
from perfdocs.importing.docx import read_blocks


def compact(text: str) -> str:
    """Text without white space: pdftotext breaks lines and puts spaces between CJK and digits."""
    return re.sub(r"\s+", "", text)


def pdf_page_texts(pdf: Path) -> list[str]:
    result = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    return [compact(page) for page in result.stdout.split("\f")[:-1]]


def toc_entries(docx: Path) -> list[tuple[str, str]]:
    """(title, page number as written) of each 目录 line of a built .docx."""
    entries = []
    for block in read_blocks(docx):
        if isinstance(block, Paragraph) and block.style == "TOC1":
            title, _, page = block.text.partition("\t")
            entries.append((title, page))
    return entries


def title_pages(pages: list[str], titles: list[str]) -> dict[str, int]:
    """The 1-based page each title stands on as a heading, after the 目录 (which lists them all)."""
    toc_end = next(index for index, page in enumerate(pages) if compact(titles[-1]) in page)
    found = {}
    for title in titles:
        pattern = re.compile(r"(?<![0-9])" + re.escape(compact(title)))
        found[title] = next(i + 1 for i in range(toc_end + 1, len(pages)) if pattern.search(pages[i]))
    return found


def toc_mismatches(docx: Path, pdf: Path) -> list[str]:
    """Every 目录 line whose page number is not the page its title stands on."""
    entries = toc_entries(docx)
    pages = title_pages(pdf_page_texts(pdf), [title for title, _ in entries])
    return [
        f"{title}: TOC says {page!r}, title on page {pages[title]}"
        for title, page in entries
        if page != str(pages[title])
    ]
