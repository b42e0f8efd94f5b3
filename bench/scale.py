"""Speed and memory at a department's scale: perfdocs against the straightforward approach.

Writes synthetic units shaped like the example (7, 1,001 and 10,003 projects of
about 9 indicators each) and times, as whole processes, ``perfdocs build
--no-page-numbers`` (to .docx), ``perfdocs check`` and the straightforward
approach (``straightforward.py``: one docxtpl ``render()``), printing the median
wall time and peak memory of each over several runs, then the issue's targets::

    python bench/scale.py [--runs 3] [--sizes 7,1001,10003] [--straightforward-up-to 1001]

Peak memory is the main process's (``ru_maxrss``); a large ``check`` also runs
worker processes, each of which holds a part of the files only. perfdocs's
modules are compiled to bytecode first, as ``pip install`` does: an editable
install under ``PYTHONDONTWRITEBYTECODE`` would compile them again on every run.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from synthetic import EXAMPLE, write_unit

BENCH = Path(__file__).resolve().parent


def measure(command: list[str]) -> tuple[float, float, str]:
    """Wall seconds, peak memory in MB and standard output of one run of ``command``."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=out, stderr=err)
        _, status, usage = os.wait4(process.pid, 0)  # the child's own resource use, as it ends
        elapsed = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if os.waitstatus_to_exitcode(status):
            raise SystemExit(f"{' '.join(command)} failed:\n{err.read().decode()}")
        scale = 1 if sys.platform == "darwin" else 1024  # ru_maxrss: bytes on macOS, kilobytes on Linux
        return elapsed, usage.ru_maxrss * scale / 2**20, out.read().decode().strip()


def median(command: list[str], runs: int) -> tuple[float, float, list[str]]:
    results = [measure(command) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), [r[2] for r in results]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--sizes", default="7,1001,10003")
    parser.add_argument("--straightforward-up-to", type=int, default=1001)
    options = parser.parse_args()
    sizes = [int(size) for size in options.sizes.split(",")]
    perfdocs = [sys.executable, "-m", "perfdocs"]
    _compile_perfdocs()
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    print(f"machine: {machine}, runs={options.runs}")
    print(f"{'projects':>8}  {'command':<34}{'median s':>10}{'peak MB':>10}")
    figures: dict[tuple[str, int], float] = {}
    with tempfile.TemporaryDirectory() as work:
        for size in sizes:
            unit = (
                EXAMPLE if size == len(list(EXAMPLE.glob("*.yaml"))) - 1 else write_unit(Path(work) / f"u{size}", size)
            )
            output = Path(work) / f"out{size}.docx"
            rows = {
                "perfdocs build --no-page-numbers": [
                    *perfdocs,
                    "build",
                    str(unit),
                    "-o",
                    str(output),
                    "--no-page-numbers",
                    "--overwrite",
                ],
                "perfdocs check": [*perfdocs, "check", str(unit)],
            }
            if size <= options.straightforward_up_to:
                rows["straightforward (one docxtpl render)"] = [
                    sys.executable,
                    str(BENCH / "straightforward.py"),
                    str(unit),
                    str(Path(work) / "plain.docx"),
                ]
            for label, command in rows.items():
                seconds, peak, outputs = median(command, options.runs)
                figures[(label, size)] = seconds
                inside = (
                    f"  (inside: {statistics.median(float(o) for o in outputs):.2f} s)"
                    if label.startswith("straight")
                    else ""
                )
                print(f"{size:>8}  {label:<34}{seconds:>10.2f}{peak:>10.0f}{inside}")
                if label == "perfdocs build --no-page-numbers":
                    figures[("build peak", size)] = peak
        help_seconds, _, _ = median([*perfdocs, "--help"], options.runs)
    print(f"{'':>8}  {'perfdocs --help':<34}{help_seconds:>10.2f}")
    _targets(figures, help_seconds)


def _compile_perfdocs() -> None:
    spec = importlib.util.find_spec("perfdocs")
    if spec is None or spec.origin is None:
        raise SystemExit("perfdocs is not installed: pip install -e .")
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)


def _targets(figures: dict[tuple[str, int], float], help_seconds: float) -> None:
    """The issue's targets (13: the draft keeps its lead), for the middle and the largest size given."""
    build, plain, check = "perfdocs build --no-page-numbers", "straightforward (one docxtpl render)", "perfdocs check"
    sizes = sorted({size for _, size in figures})
    middle, largest = (sizes[-2], sizes[-1]) if len(sizes) > 1 else (sizes[-1], sizes[-1])
    print("targets:")
    if (plain, middle) in figures and (build, middle) in figures:
        speedup = figures[(plain, middle)] / figures[(build, middle)]
        print(f"  {middle:,} projects: {speedup:.1f}x faster than the straightforward approach (target >= 6x)")
    if largest != middle and (build, largest) in figures and (build, middle) in figures:
        growth, peak = figures[(build, largest)] / figures[(build, middle)], figures[("build peak", largest)]
        print(f"  {largest:,} projects: {growth:.1f}x the {middle:,}-project time (target <= 10x)")
        print(f"  {largest:,} projects: peak {peak:.0f} MB (target < 500)")
    if (check, largest) in figures:
        print(f"  check of {largest:,} project files: {figures[(check, largest)]:.2f} s (target <= 3 s)")
    print(f"  perfdocs --help: {help_seconds:.2f} s (target <= 0.3 s)")


if __name__ == "__main__":
    main()
