"""Large units are read and checked in worker processes, with the same results as in one process."""

from __future__ import annotations

from pathlib import Path

import pytest
from synthetic import write_unit

import perfdocs
from perfdocs import parallel
from perfdocs.check import check_folder
from perfdocs.context import project_view


def squares(chunk: list[int], offset: int) -> list[int]:
    return [number * number + offset for number in chunk]


@pytest.fixture
def in_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any number of items is shared out among two processes, three at a time."""
    monkeypatch.setattr(parallel, "PARALLEL_FROM", 1)
    monkeypatch.setattr(parallel, "CHUNK", 3)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 2)


@pytest.mark.usefixtures("in_processes")
def test_results_come_back_in_order_with_progress_per_chunk() -> None:
    done: list[tuple[int, int]] = []
    assert parallel.map_chunks(squares, list(range(8)), 1, lambda *d: done.append(d)) == [n * n + 1 for n in range(8)]
    assert done == [(3, 8), (6, 8), (8, 8)]


def test_few_items_stay_in_this_process(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "ProcessPoolExecutor", None, raising=False)  # would fail if used
    assert parallel.map_chunks(squares, [1, 2], 0) == [1, 4]


def test_a_unit_checked_in_processes_gives_what_one_process_gives(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    folder = write_unit(tmp_path / "单位", 12)
    warned = folder / "法院办案业务、业务装备及审判辅助事务外包-2024中央（第2组）.yaml"
    warned.write_text(warned.read_text(encoding="utf-8").replace("≥98百分比", "≥198百分比"), encoding="utf-8")
    (folder / "司法救助-2024中央（第1组）.yaml").write_text("项目名称: [\n", encoding="utf-8")
    alone = check_folder(folder, project_view)
    request.getfixturevalue("in_processes")
    shared = check_folder(folder, project_view)
    assert shared == alone
    assert [ref.name for ref, _ in shared.projects] == [ref.name for ref, _ in alone.projects]
    assert len(shared.projects) == 11
    assert sorted({problem.code for problem in shared.problems}) == ["PD001", "PD303"]
    assert shared.unreadable
    assert perfdocs.check_folders([folder]).problems == tuple(sorted(alone.problems))
