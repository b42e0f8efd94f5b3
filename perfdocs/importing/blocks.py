"""What a document is read as: paragraphs and tables of cells, whatever file they come from.

The Word reader (:mod:`perfdocs.importing.docx`) and the Excel reader (:mod:`perfdocs.importing.sheets`)
both give these blocks; the table readers (:mod:`perfdocs.importing.tables` and the others) read
projects out of them, and :mod:`perfdocs.importing.text` prints them for people.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: What to say of struck-through text (in Word and in Excel); ``{}`` is the text.
STRUCK = "有带删除线的文字“{}”，印出来是划掉的（请删除它，或取消删除线）"


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its text (one line per paragraph), columns spanned, vertical merge.

    ``problem`` says why the cell cannot be read as data (hidden text, a table inside
    it, a broken span...); its ``text`` then marks those parts ``‹…›`` for people and
    is not data. ``filler`` stands for grid columns a row leaves out (``w:gridBefore``,
    ``w:gridAfter``): no cell is there, so the cells after it keep their columns.
    """

    text: str
    span: int = 1
    merge: str = ""  # "restart" begins a vertical merge, "continue" joins the cell above
    problem: str = ""
    filler: bool = False

    @property
    def shown_text(self) -> str:
        """What the cell shows: a cell that continues a merge shows nothing of its own."""
        return "" if self.merge == "continue" or self.filler else self.text


@dataclass(frozen=True, slots=True)
class Table:
    """Rows of cells; ``numbers`` gives each row's number where the source skips rows (a worksheet's empty
    rows are not read), and is empty when rows are numbered 1, 2, 3…."""

    rows: tuple[tuple[Cell, ...], ...]
    numbers: tuple[int, ...] = ()

    def merged_regions(self) -> list[tuple[int, int, int, int]]:
        """Every merged region as (row, grid column, rows spanned, columns spanned), 0-based."""
        regions: dict[tuple[int, int], list[int]] = {}
        running: dict[int, tuple[int, int]] = {}  # grid column -> the vertical merge open there
        for row_index, row in enumerate(self.rows):
            column = 0
            for cell in row:
                if cell.merge == "continue" and column in running:
                    regions[running[column]][0] += 1
                else:
                    running.pop(column, None)
                    if not cell.filler and (cell.merge == "restart" or cell.span > 1):
                        regions[(row_index, column)] = [1, cell.span]
                    if cell.merge == "restart":
                        running[column] = (row_index, column)
                column += cell.span
        return [(row, column, rows, columns) for (row, column), (rows, columns) in sorted(regions.items())]


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph outside tables; ``problem`` as for :class:`Cell`, ``place`` where it stands (第 3 段“…”)."""

    text: str
    style: str = ""
    problem: str = ""
    place: str = field(default="", compare=False)


Block = Paragraph | Table


def paragraph_problem(place: str, issue: str) -> str:
    """What to say of a paragraph that cannot be read as data: there is no table to leave out."""
    return f"{place}：{issue}，这份文档无法导入。"
