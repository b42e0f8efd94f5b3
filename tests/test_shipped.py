"""The shipped templates: found by name, copied for the user to edit, never over someone's file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT, REPO, draft

import perfdocs
from perfdocs import shipped
from perfdocs.importing.docx import read_blocks
from perfdocs.importing.text import blocks_text
from perfdocs.template import default_template_path

SHIPPED = REPO / "perfdocs" / "templates"


def test_every_docx_in_the_templates_folder_is_a_shipped_template_the_default_first() -> None:
    names = perfdocs.template_names()
    assert names[0] == "default"
    assert sorted(names) == sorted(path.stem for path in SHIPPED.glob("*.docx"))


def test_a_second_template_is_chosen_by_name(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Another shipped template (say a GB/T 9704 footer) needs no code: its file in the folder is enough.

    Word's lock files (``~$…``) and hidden files are not templates.
    """
    folder = tmp_path / "templates"
    folder.mkdir()
    for name in ("default.docx", "gbt9704.docx", "~$gbt9704.docx", ".default.docx", "说明.txt"):
        (folder / name).write_bytes(name.encode())
    monkeypatch.setattr(shipped, "_templates_folder", lambda: folder)
    assert perfdocs.template_names() == ("default", "gbt9704")
    written = perfdocs.write_template(tmp_path / "公文.docx", "gbt9704")
    assert written.read_bytes() == b"gbt9704.docx"
    with pytest.raises(perfdocs.TemplateError) as raised:
        perfdocs.shipped_template("gbt")
    assert str(raised.value) == "没有名为“gbt”的自带模板：可用的有 default、gbt9704。是不是“gbt9704”？"


def test_an_incomplete_installation_is_said_plainly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shipped, "_templates_folder", lambda: None)
    assert perfdocs.template_names() == ()
    with pytest.raises(perfdocs.TemplateError) as raised:
        perfdocs.shipped_template()
    assert str(raised.value) == "找不到 perfdocs 自带的模板 default.docx：安装可能不完整，请重新安装 perfdocs。"


def test_the_default_is_the_template_build_uses() -> None:
    assert perfdocs.shipped_template() == default_template_path()
    assert perfdocs.shipped_template("default") == SHIPPED / "default.docx"


def test_an_unknown_name_lists_the_shipped_ones() -> None:
    names = "、".join(perfdocs.template_names())
    with pytest.raises(perfdocs.TemplateError) as raised:
        perfdocs.shipped_template("defualt")
    assert str(raised.value) == f"没有名为“defualt”的自带模板：可用的有 {names}。是不是“default”？"
    with pytest.raises(perfdocs.TemplateError) as raised:
        perfdocs.shipped_template("公文")
    assert str(raised.value) == f"没有名为“公文”的自带模板：可用的有 {names}。"


@pytest.mark.parametrize("name", perfdocs.template_names())
def test_a_written_template_is_the_shipped_one_and_builds_the_example(
    name: str, tmp_path: Path, example_docx: Path
) -> None:
    written = perfdocs.write_template(tmp_path / "我的模板.docx", name)
    assert written == tmp_path / "我的模板.docx"
    assert written.read_bytes() == perfdocs.shipped_template(name).read_bytes()
    assert perfdocs.load_template(written).path == str(written)
    document = draft(EXAMPLE_UNIT, tmp_path / "绩效目标.docx", template=written)
    if name == "default":
        assert blocks_text(read_blocks(document)) == blocks_text(read_blocks(example_docx))


def test_an_existing_file_is_kept_unless_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "我的模板.docx"
    target.write_bytes(b"an afternoon of work in Word")
    with pytest.raises(perfdocs.OutputError) as raised:
        perfdocs.write_template(target)
    assert str(raised.value) == (
        f"{target} 已存在：覆盖会丢失其中的内容（也许是改过的模板）。请换一个文件名，或加 --overwrite 确认覆盖。"
    )
    assert target.read_bytes() == b"an afternoon of work in Word"
    perfdocs.write_template(target, overwrite=True)
    assert target.read_bytes() == (SHIPPED / "default.docx").read_bytes()


def test_a_written_template_is_not_replaced_by_a_second_write_either(tmp_path: Path) -> None:
    """Even a copy perfdocs wrote is the user's from then on: they may have edited it since."""
    target = perfdocs.write_template(tmp_path / "我的模板.docx")
    with pytest.raises(perfdocs.OutputError, match="已存在"):
        perfdocs.write_template(target)


def test_missing_folders_are_made(tmp_path: Path) -> None:
    target = tmp_path / "模板" / "2025" / "我的模板.docx"
    assert perfdocs.write_template(target).is_file()
    assert [path.name for path in target.parent.iterdir()] == ["我的模板.docx"]  # no temporary file left


@pytest.mark.parametrize("given", ["我的模板", "我的模板.dotx", "我的模板.doc"])
def test_the_file_must_be_a_docx(given: str, tmp_path: Path) -> None:
    target = tmp_path / given
    with pytest.raises(perfdocs.OutputError) as raised:
        perfdocs.write_template(target)
    assert str(raised.value) == (
        f"模板要保存为 .docx 文件（Word 文档），{target} 的扩展名不是 .docx：请写成如 我的模板.docx。"
    )
    assert not target.exists()


def test_a_folder_is_refused_with_a_file_name_to_give(tmp_path: Path) -> None:
    folder = tmp_path / "模板"
    folder.mkdir()
    for given in (str(folder), f"{tmp_path / '新文件夹'}{os.sep}"):
        with pytest.raises(perfdocs.OutputError) as raised:
            perfdocs.write_template(given)
        shown = Path(given)
        assert str(raised.value) == f"{shown} 是一个文件夹：请给出模板的文件名，如 {shown / '我的模板.docx'}。"
    assert list(folder.iterdir()) == []
    assert not (tmp_path / "新文件夹").exists()


def test_a_link_is_not_written_through(tmp_path: Path) -> None:
    elsewhere = tmp_path / "别人的.docx"
    elsewhere.write_bytes(b"not yours")
    link = tmp_path / "我的模板.docx"
    link.symlink_to(elsewhere)
    with pytest.raises(perfdocs.OutputError, match="是一个符号链接"):
        perfdocs.write_template(link, overwrite=True)
    assert elsewhere.read_bytes() == b"not yours"


def test_an_installed_copy_writes_its_template_without_the_checkout(tmp_path: Path) -> None:
    """A pip user has no ``templates/`` folder: ``perfdocs template`` takes the copy inside the package."""
    source = shutil.copytree(
        REPO,
        tmp_path / "source",
        symlinks=True,
        ignore=shutil.ignore_patterns(".git", ".venv", "build", "*.egg-info", "__pycache__", "tests", "projects"),
    )
    site = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(site), str(source)],
        check=True,
        capture_output=True,
    )
    shutil.rmtree(source)
    environment = {**os.environ, "PYTHONPATH": str(site)}
    for name in perfdocs.template_names():
        result = subprocess.run(
            [sys.executable, "-m", "perfdocs", "template", "-o", f"{name}.docx", "--kind", name],
            cwd=tmp_path,
            env=environment,
            capture_output=True,
            text=True,
            check=False,
        )
        assert (result.returncode, result.stderr) == (0, "")
        assert (tmp_path / f"{name}.docx").read_bytes() == (
            site / "perfdocs" / "templates" / f"{name}.docx"
        ).read_bytes()
