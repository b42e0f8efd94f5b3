"""The layouts perfdocs ships, each a folder with its description, found by looking."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT
from layoutgolden import docx_grid, format_golden

import perfdocs
from perfdocs.errors import InputError
from perfdocs.layouts import DEFAULT_LAYOUT, get_layout, layout_table, layouts


def test_the_default_layout_is_tianjin_and_comes_first() -> None:
    assert DEFAULT_LAYOUT == "天津"
    assert layout_table()[0].name == "天津"
    assert get_layout().name == get_layout(None).name == "天津"


def test_every_layout_folder_has_its_view_and_template() -> None:
    for layout in layout_table():
        assert layout.folder.name.isascii()
        assert layout.template_path().is_file(), layout.name
        assert layout.view.PRINTED.project, layout.name
        assert layout.description
        assert "\n" not in layout.description


def test_an_unknown_layout_is_named_with_those_there_are() -> None:
    with pytest.raises(InputError) as raised:
        get_layout("北京")
    assert str(raised.value) == f"版式: PD003 没有“北京”这个版式：可用的版式有 {'、'.join(layouts())}。"


def test_the_public_api_lists_the_layouts() -> None:
    assert [layout.name for layout in perfdocs.layout_table()] == list(layouts())


def test_each_layout_that_is_not_read_by_the_default_reader_says_how_import_knows_it() -> None:
    from perfdocs.importing.recognise import DocumentImporter  # noqa: PLC0415 - the importing layer
    from perfdocs.importing.tables import TableForm  # noqa: PLC0415

    importers = {layout.name: layout.importer for layout in layout_table()}
    assert importers["天津"] is None
    assert isinstance(importers["上海"], TableForm)
    assert importers["上海"].name == "上海"
    assert isinstance(importers["一体化"], DocumentImporter)


_FOURTH = """名称: 演示
说明: 一个只在这个测试里的版式
金额单位: 元
千分位: true
零: "0.00"
标题: true
目录: true
列: [一级指标, 二级指标, 三级指标, 绩效指标描述, 指标值]
项目必填: []
单位必填: []
模板: template.docx
索引: 编号标题
"""


def test_a_fourth_layout_is_one_folder(tmp_path: Path) -> None:
    """A copy of the package with one more folder under layouts/, and nothing else changed, lists the
    layout and builds in it: nothing outside the folder names the layouts there are."""
    package = Path(perfdocs.__file__).parent
    copy = tmp_path / "perfdocs"
    shutil.copytree(package, copy, ignore=shutil.ignore_patterns("__pycache__"))
    fourth = copy / "layouts" / "demo"
    fourth.mkdir()
    (fourth / "layout.yaml").write_text(_FOURTH, encoding="utf-8")
    shutil.copy(package / "layouts" / "tianjin" / "view.py", fourth / "view.py")
    shutil.copy(package / "templates" / "default.docx", fourth / "template.docx")
    environment = {**os.environ, "PYTHONPATH": str(tmp_path)}

    def run(*arguments: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "perfdocs", *arguments]
        return subprocess.run(command, capture_output=True, text=True, env=environment, cwd=tmp_path, check=False)

    listed = run("layouts")
    assert listed.returncode == 0, listed.stderr
    assert "演示" in listed.stdout
    assert "一个只在这个测试里的版式" in listed.stdout
    built = run("build", str(EXAMPLE_UNIT), "-o", str(tmp_path / "演示.docx"), "--layout", "演示", "--no-page-numbers")
    assert built.returncode == 0, built.stderr
    grid = format_golden(docx_grid(tmp_path / "演示.docx"))
    budget = perfdocs.load_unit(EXAMPLE_UNIT).projects[0].budget
    assert f"{budget * 10000:,.2f}" in grid  # 万元 printed in the layout's 元, with thousands separators
    assert grid.count("项目名称") == len(perfdocs.load_unit(EXAMPLE_UNIT).projects)
