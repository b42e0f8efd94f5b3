"""Reading the published document's text (``golden/published-207101.txt``) into tables.

The file is the text of the real published document of unit 207101, as a text
extractor wrote it: a heading line per project (``[bookmark: …]1.名称绩效目标表``),
then each table row as its cells, one ``\\t``-led line a cell (a cell's further
paragraphs follow without the tab), a blank line after each row, and more blank
lines where one table ends and the next begins. A cell that continues a vertical
merge prints as an empty cell.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

PUBLISHED = Path(__file__).parent / "golden" / "published-207101.txt"
_HEADING = re.compile(r"^\s*\[bookmark: [^\]]*\](?P<title>.+)$")

Row = tuple[str, ...]


@dataclass
class PublishedSection:
    title: str
    tables: list[list[Row]] = field(default_factory=list)


def read_published(path: Path = PUBLISHED) -> list[PublishedSection]:
    sections: list[PublishedSection] = []
    cells: list[str] = []
    rows: list[Row] = []
    blank_run = 0

    def end_row() -> None:
        if cells:
            rows.append(tuple(cells))
            cells.clear()

    def end_table() -> None:
        end_row()
        if rows:
            sections[-1].tables.append(list(rows))
            rows.clear()

    for line in path.read_text(encoding="utf-8").splitlines():
        heading = _HEADING.match(line)
        if heading:
            if sections:
                end_table()
            sections.append(PublishedSection(heading["title"].strip()))
        elif not line:
            blank_run += 1
            if blank_run == 1:
                end_row()
            else:
                end_table()
            continue
        elif line.startswith("\t"):
            cells.append(line[1:])
        else:
            cells[-1] += "\n" + line
        blank_run = 0
    end_table()
    return sections
