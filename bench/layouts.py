"""The draft build in every layout: each layout against the default one, measured in the same run.

Writes a synthetic unit (1,000 projects shaped like the example, and 10,000) and times, as whole
processes, ``perfdocs build --no-page-numbers --layout L`` for each shipped layout whose data the unit
fills (一体化 fills any unit; 上海 needs fields the example lacks and is given them), printing the
median wall time and peak memory, the ratio to the 天津 layout, and the growth from 1,000 to 10,000::

    python bench/layouts.py [--runs 3] [--sizes 1000,10000]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from scale import median
from synthetic import write_unit

import perfdocs
from perfdocs.loader import load_unit
from perfdocs.writer import project_yaml, unit_yaml

#: What the 上海 form prints that the example unit does not give, for the benchmark only.
SHANGHAI_FIELDS: dict[str, Any] = {
    "nature": "经常性项目",
    "category": "特定目标类",
    "department": "天津市河北区人民法院",
    "implementer": "天津市河北区人民法院",
    "start_date": "2025/1/1",
    "end_date": "2025/12/31",
    "overall_goal": "保障审判工作正常运转。",
}


def fill_for_shanghai(folder: Path) -> None:
    unit = load_unit(folder)
    for project in unit.projects:
        filled = replace(project, **SHANGHAI_FIELDS, total_funds=project.budget)
        Path(project.path or "").write_text(project_yaml(filled), encoding="utf-8")
    (folder / "单位.yaml").write_text(unit_yaml(replace(unit, year="2025")), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="1000,10000")
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    figures: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as work:
        for size in sizes:
            folder = write_unit(Path(work) / f"unit{size}", size)
            fill_for_shanghai(folder)
            for layout in perfdocs.layout_table():
                output = f"{work}/{size}-{layout.folder.name}.docx"  # a fresh file each: replacing one is checked
                command = [sys.executable, "-m", "perfdocs", "build", str(folder), "-o", output]
                command += ["--no-page-numbers", "--overwrite", "--layout", layout.name]
                seconds, memory, _ = median(command, options.runs)
                figures[(layout.name, size)] = seconds
                ratio = seconds / figures[("天津", size)]
                print(f"{layout.name:4} {size:6} 个项目  {seconds:6.2f} s  {memory:6.0f} MB  与天津之比 {ratio:4.2f}")
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        for layout in perfdocs.layout_table():
            growth = figures[(layout.name, large)] / figures[(layout.name, small)]
            print(f"{layout.name}：{large} 个项目的用时是 {small} 个的 {growth:.1f} 倍（项目数 {large // small} 倍）")


if __name__ == "__main__":
    main()
