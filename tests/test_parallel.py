"""Work in worker processes: large units checked with the same results (and rules) as in one process;
many units built, each in a process whose crash is its own."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from synthetic import write_unit

import perfdocs
from perfdocs import parallel
from perfdocs.check import check_folder
from perfdocs.errors import WARNING
from perfdocs.model import Project
from perfdocs.prepared import printed_view
from perfdocs.rules import Finding, Rule, UnitFacts, where


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
    alone = check_folder(folder, printed_view)
    request.getfixturevalue("in_processes")
    shared = check_folder(folder, printed_view)
    assert shared == alone
    assert [ref.name for ref, _ in shared.projects] == [ref.name for ref, _ in alone.projects]
    assert len(shared.projects) == 11
    assert sorted({problem.code for problem in shared.problems}) == ["PD001", "PD303"]
    assert shared.unreadable
    assert perfdocs.check_folders([folder]).problems == tuple(sorted(alone.problems))


@pytest.fixture(params=["fork", "spawn"])
def start_method(request: pytest.FixtureRequest) -> Iterator[str]:
    """Worker processes started by forking this one, or by a fresh interpreter that imports perfdocs anew."""
    previous = multiprocessing.get_start_method(allow_none=True)
    multiprocessing.set_start_method(request.param, force=True)
    yield request.param
    multiprocessing.set_start_method(previous, force=True)


def named_after_the_file(project: Project, facts: UnitFacts) -> Iterator[Finding]:
    """A script's own rule (at the top level of a module, so that it can be sent to workers)."""
    yield Finding(where(project, "项目名称"), f"脚本自己的规则看过了“{project.name}”。", "项目名称")


@pytest.fixture
def own_rule(request: pytest.FixtureRequest) -> Iterator[Rule]:
    check = getattr(request, "param", named_after_the_file)
    rule = Rule("PD990", WARNING, "脚本自己的规则", "无", project_check=check)
    perfdocs.RULES.append(rule)
    yield rule
    perfdocs.RULES.remove(rule)


@pytest.mark.usefixtures("in_processes", "start_method", "own_rule")
def test_a_rule_a_script_added_is_applied_in_every_worker(tmp_path: Path) -> None:
    folder = write_unit(tmp_path / "单位", 12)
    found = [problem for problem in check_folder(folder, printed_view).problems if problem.code == "PD990"]
    assert len(found) == 12
    assert found[0].message.startswith("脚本自己的规则看过了“")


@pytest.mark.usefixtures("in_processes")
@pytest.mark.parametrize("own_rule", [lambda project, context: iter([])], indirect=True)
def test_a_rule_that_cannot_be_sent_to_workers_is_applied_here(tmp_path: Path, own_rule: Rule) -> None:
    calls: list[str] = []

    def remembered(project: Project, facts: UnitFacts) -> Iterator[Finding]:
        calls.append(project.name)
        return iter([])

    perfdocs.RULES[perfdocs.RULES.index(own_rule)] = replace(own_rule, project_check=remembered)
    try:
        check_folder(write_unit(tmp_path / "单位", 12), printed_view)
    finally:
        perfdocs.RULES[-1] = own_rule
    assert len(calls) == 12  # a closure: checked in this process, every project


def troubled(item: str) -> str:
    """Work that fails in every way a worker can: an exception, a signal, an exit."""
    if item == "raises":
        raise RuntimeError("出错了")
    if item == "killed":
        os.kill(os.getpid(), signal.SIGKILL)
    if item == "exits":
        sys.exit(3)
    return item * 2


@pytest.mark.usefixtures("start_method")
def test_one_item_failing_in_any_way_is_that_items_failure_alone() -> None:
    done: list[tuple[int, int]] = []
    results = parallel.map_isolated(troubled, ["甲", "raises", "killed", "exits", "乙"], 2, lambda *d: done.append(d))
    assert results == [
        "甲甲",
        parallel.Failure(error="RuntimeError: 出错了"),
        parallel.Failure(exit_code=-signal.SIGKILL),
        parallel.Failure(exit_code=3),
        "乙乙",
    ]
    assert [count for count, _ in done] == [1, 2, 3, 4, 5]
    assert multiprocessing.active_children() == []


def cleaning_up(marker: str) -> str:
    """Work that would take a minute, and leaves a mark when it is stopped as Ctrl-C stops a command."""
    try:
        time.sleep(60)
    except KeyboardInterrupt:
        Path(marker).write_text("cleaned up")
        raise
    return marker


@pytest.mark.usefixtures("start_method")
def test_interrupted_workers_clean_up_and_end(tmp_path: Path) -> None:
    markers = [str(tmp_path / name) for name in ("甲", "乙", "丙")]
    interrupt = threading.Timer(2, os.kill, (os.getpid(), signal.SIGINT))
    interrupt.start()
    started = time.monotonic()
    with pytest.raises(KeyboardInterrupt):
        parallel.map_isolated(cleaning_up, markers, 2)
    interrupt.join()
    assert time.monotonic() - started < parallel.STOP_GRACE
    assert [Path(marker).exists() for marker in markers] == [True, True, False]  # the third never started
    assert multiprocessing.active_children() == []


@pytest.mark.parametrize("workers", [0, -3])
def test_fewer_than_one_worker_is_one(workers: int) -> None:
    assert parallel.map_isolated(troubled, ["甲", "乙"], workers) == ["甲甲", "乙乙"]


def nothing(item: str) -> None:
    """Work whose result is None: a result all the same."""


def test_a_result_of_none_is_a_result() -> None:
    assert parallel.map_isolated(nothing, ["甲"], 1) == [None]


@pytest.mark.usefixtures("start_method")
def test_an_item_that_cannot_be_sent_is_its_failure_alone(start_method: str) -> None:
    """Under spawn an item is pickled to start its worker; under fork nothing needs sending."""
    items: list[object] = ["甲", threading.Lock(), "乙"]
    results = parallel.map_isolated(troubled, items, 1)  # type: ignore[arg-type]
    assert results[0] == "甲甲"
    assert results[2] == "乙乙"
    if start_method == "spawn":
        assert results[1] == parallel.Failure(error="TypeError: cannot pickle '_thread.lock' object")
