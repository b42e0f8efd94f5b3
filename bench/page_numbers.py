"""How much time LibreOffice adds to a build: the 目录's page numbers (issue 3).

Builds the example unit and a long unit (its projects repeated seven times,
about 40 pages) as .docx, with and without page numbers, and prints the median
wall time of each over several runs, in this process. Run from the repository::

    python bench/page_numbers.py [--runs 5]
"""

from __future__ import annotations

import argparse
import platform
import statistics
import tempfile
import time
from pathlib import Path

from synthetic import repeated_unit

import perfdocs

EXAMPLE = Path(__file__).resolve().parent.parent / "projects" / "2025"


def median_seconds(unit: perfdocs.Unit, *, page_numbers: bool, runs: int) -> tuple[float, int | None]:
    times = []
    pages = None
    with tempfile.TemporaryDirectory() as folder:
        for run in range(runs):
            started = time.perf_counter()
            result = perfdocs.write_document(unit, Path(folder) / f"{run}.docx", page_numbers=page_numbers)
            times.append(time.perf_counter() - started)
            pages = max(result.pages.values()) if result.pages else None
    return statistics.median(times), pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    seed = perfdocs.load_unit(EXAMPLE)
    print(f"machine: {platform.machine()}, {platform.python_implementation()} {platform.python_version()}, runs={runs}")
    columns = ("projects", "last title on page", "no numbers", "with numbers", "LibreOffice adds")
    print(f"{'unit':<22}" + "".join(f"{column:>{len(column) + 3}}" for column in columns))
    for label, unit in (("example (207101)", seed), ("long (7 x example)", repeated_unit(seed, 7))):
        draft, _ = median_seconds(unit, page_numbers=False, runs=runs)
        paged, pages = median_seconds(unit, page_numbers=True, runs=runs)
        figures = (f"{len(unit.projects)}", f"{pages or 0}", f"{draft:.3f}s", f"{paged:.3f}s", f"{paged - draft:.3f}s")
        print(
            f"{label:<22}"
            + "".join(f"{figure:>{len(column) + 3}}" for figure, column in zip(figures, columns, strict=True))
        )


if __name__ == "__main__":
    main()
