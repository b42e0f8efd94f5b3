"""How long perfdocs takes to read a workbook, beside openpyxl loading the same file (issue 10).

Builds a sheet of 5,000 rows by 30 columns (text, amounts formatted "0.00",
percentages, dates and General numbers with binary noise), and a sheet that
claims to be huge (a dimension of A1:XFD1048576, a styled cell in the last row, a
merged range over the whole sheet below a small table). Prints the median wall
time of perfdocs' reader (:func:`perfdocs.importing.sheets.read_sheets`) and of a bare
``openpyxl.load_workbook``, and their ratio, measured in the same run. Run from
the repository::

    python bench/excel.py [--runs 5]
"""

from __future__ import annotations

import argparse
import functools
import platform
import re
import statistics
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from openpyxl import Workbook, load_workbook

from perfdocs.importing.sheets import read_sheets

ROWS, COLUMNS = 5_000, 30
FORMATS = ("@", "0.00", "0%", "yyyy-mm-dd", "General")
SHEET = "xl/worksheets/sheet1.xml"
HUGE_MERGE = '<mergeCells count="1"><mergeCell ref="A21:XFD1048576"/></mergeCells>'


def wide_workbook(path: Path) -> Path:
    """5,000 × 30 cells, every fifth column of each kind."""
    book = Workbook()
    sheet = book.active
    for row in range(1, ROWS + 1):
        for column in range(1, COLUMNS + 1):
            kind = FORMATS[column % len(FORMATS)]
            value: object = {
                "@": f"第{row}行第{column}列的文字",
                "0.00": row * 0.25,
                "0%": (row % 100) / 100,
                "yyyy-mm-dd": 45658 + row % 365,
                "General": row + 0.1 + 0.2,
            }[kind]
            cell = sheet.cell(row, column, value)
            cell.number_format = kind
    book.save(path)
    return path


def huge_claims(path: Path, *, merged: bool = False) -> Path:
    """A small table in a sheet that claims a million rows and 16,384 columns; ``merged`` adds a merged
    range over the whole sheet below the table (openpyxl cannot load that one: it makes an object of
    every cell of a merged range)."""
    book = Workbook()
    sheet = book.active
    for row in range(1, 21):
        for column in range(1, 8):
            sheet.cell(row, column, f"{row}-{column}")
    sheet["A1048576"].number_format = "0.00"
    book.save(path)
    with zipfile.ZipFile(path) as source:
        parts = {entry.filename: source.read(entry) for entry in source.infolist()}
    xml = parts[SHEET].decode("utf-8")
    xml = re.sub(r'<dimension ref="[^"]*"/>', '<dimension ref="A1:XFD1048576"/>', xml)
    if merged:
        xml = xml.replace("<pageMargins", f"{HUGE_MERGE}<pageMargins")
    parts[SHEET] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)
    return path


def huge_merge(path: Path) -> Path:
    return huge_claims(path, merged=True)


def load_and_close(path: Path) -> None:
    load_workbook(path, data_only=True).close()


def median_seconds(action: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, runs={runs}")
    columns = ("perfdocs", "openpyxl", "ratio")
    print(f"{'workbook':<34}" + "".join(f"{column:>12}" for column in columns))
    cases = [
        (f"{ROWS:,} x {COLUMNS} cells", wide_workbook, True),
        ("claims A1:XFD1048576", huge_claims, True),
        ("and merges A21:XFD1048576", huge_merge, False),
    ]
    with tempfile.TemporaryDirectory() as folder:
        for label, build, comparable in cases:
            path = build(Path(folder) / f"{build.__name__}.xlsx")
            ours = median_seconds(functools.partial(read_sheets, path), runs)
            if comparable:
                theirs = median_seconds(functools.partial(load_and_close, path), runs)
                figures = (f"{ours:.3f}s", f"{theirs:.3f}s", f"{ours / theirs:.2f}")
            else:
                figures = (f"{ours:.3f}s", "n/a", "")  # openpyxl runs out of memory
            print(f"{label:<34}" + "".join(f"{figure:>12}" for figure in figures))


if __name__ == "__main__":
    main()
