"""Reading YAML files: bounded in time and memory whatever the file, and every problem placed."""

from __future__ import annotations

import time
from pathlib import Path

from perfdocs.yamlsource import MAX_FILE_SIZE, YamlFile


def problems_of(path: Path) -> list[str]:
    source = YamlFile(str(path))
    assert source.compose() is None
    return [problem.format() for problem in source.problems]


def test_a_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    path = tmp_path / "大.yaml"
    with path.open("wb") as file:
        file.truncate(50 * 2**20)  # 50 MB, sparse: refusing must not depend on reading it
    started = time.monotonic()
    assert problems_of(path) == [
        f"{path}: PD001 文件太大（50.0 MB）：这种文件不应超过 {MAX_FILE_SIZE // 2**20} MB，请检查是否放错了文件。"
    ]
    assert time.monotonic() - started < 1


def test_deep_nesting_is_a_syntax_error_with_a_short_excerpt(tmp_path: Path) -> None:
    path = tmp_path / "深.yaml"
    path.write_text("项目名称: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    (message,) = problems_of(path)
    first, excerpt, caret = message.splitlines()
    assert first == f"{path}:1:1006: PD001 YAML 语法错误：括号或层次嵌套得太深：绩效目标表的文件最多四层。"
    assert excerpt.startswith(" 1 | …[[[")
    assert len(excerpt) < 140
    assert caret.endswith("^")


def test_only_the_first_alias_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "别名.yaml"
    path.write_text("a: &x [1]\nb: *x\nc: *x\n", encoding="utf-8")
    assert len(problems_of(path)) == 1
