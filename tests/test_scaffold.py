"""``perfdocs new``: a project file with every section, the schema line, and a place in the order."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import jsonschema
import pytest
import yaml
from conftest import draft

import perfdocs
from perfdocs import scaffold
from perfdocs.cli import main
from perfdocs.errors import printable


def test_new_writes_a_loadable_project_and_adds_it_to_the_order(
    unit_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unit_file = unit_copy / "单位.yaml"
    unit_file.write_text("# 本单位 2025 年\n" + unit_file.read_text(encoding="utf-8"), encoding="utf-8")
    assert main(["new", "档案数字化-2025年", "-u", str(unit_copy)]) == 0
    path = unit_copy / "档案数字化-2025年.yaml"
    assert f"已新建 {path}" in capsys.readouterr().out
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=.perfdocs/项目.schema.json\n项目名称: 档案数字化-2025年\n")
    for key in (
        "预算数:",
        "财政资金:",
        "其他资金:",
        "资金用途:",
        "绩效目标:",
        "绩效指标:",
        "产出指标:",
        "效益指标:",
        "满意度指标:",
    ):
        assert key in text
    unit = perfdocs.load_unit(unit_copy)
    assert unit.projects[-1].name == "档案数字化-2025年"
    assert unit_file.read_text(encoding="utf-8").startswith("# 本单位 2025 年\n")
    schema = json.loads((unit_copy / ".perfdocs" / "项目.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(yaml.safe_load(text), schema)
    codes = {problem.code for problem in perfdocs.check_unit(unit)}
    assert "PD504" in codes  # the placeholders are still to be filled in


def test_new_never_overwrites(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    existing = unit_copy / "司法救助-2024中央.yaml"
    before = existing.read_bytes()
    assert main(["new", "司法救助-2024中央", "-u", str(unit_copy)]) == 1
    assert "这个项目文件已经存在，没有改动它。" in capsys.readouterr().err
    assert existing.read_bytes() == before


def test_a_name_that_cannot_be_a_file_name(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["new", "a/b", "-u", str(unit_copy)]) == 1
    assert "不能用作文件名" in capsys.readouterr().err


def folder_state(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


ONE_PROBLEM = "共 1 个问题，未生成任何文件。\n"
LONG = "长" * 84  # 252 bytes, and .yaml makes 257


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("", "项目名称不能为空"),
        (" 档案", "项目名称“ 档案”的开头或结尾有空格"),
        ("档案 ", "项目名称“档案 ”的开头或结尾有空格"),
        ("档案\n数字化", "项目名称含有不可见的字符 U+000A（如换行、零宽字符）"),
        ("档案\x1b[31m", "项目名称含有不可见的字符 U+001B（如换行、零宽字符）"),
        ("档案\u200b", "项目名称含有不可见的字符 U+200B（如换行、零宽字符）"),
        ("档案\u202e", "项目名称含有不可见的字符 U+202E（如换行、零宽字符）"),
        ("..", "项目名称“..”不能用作文件名（不能是“.”“..”，也不能以“.”结尾）"),
        ("../外面", '项目名称“../外面”不能用作文件名（不能含 \\ / : * ? " < > |）'),
        ("a/b", '项目名称“a/b”不能用作文件名（不能含 \\ / : * ? " < > |）'),
        ("档案:2025", '项目名称“档案:2025”不能用作文件名（不能含 \\ / : * ? " < > |）'),
        ("CON", "项目名称“CON”是 Windows 保留的设备名，不能用作文件名"),
        ("nul", "项目名称“nul”是 Windows 保留的设备名，不能用作文件名"),
        (LONG, "项目名称太长：文件名有 257 字节，超过 255 字节的上限（约 80 个汉字）"),
    ],
)
def test_new_refuses_every_name_import_refuses(
    unit_copy: Path, capsys: pytest.CaptureFixture[str], name: str, message: str
) -> None:
    before = folder_state(unit_copy)
    assert main(["new", name, "-u", str(unit_copy)]) == 1
    assert capsys.readouterr().err == printable(f"{unit_copy}: PD004 {message}：没有新建项目。") + "\n" + ONE_PROBLEM
    assert folder_state(unit_copy) == before


@pytest.mark.parametrize(
    ("name", "file_name", "message"),
    [
        ("司法救助-2024中央", "司法救助-2024中央.yaml", "这个项目文件已经存在，没有改动它。"),
        (
            "司法救助－2024中央",  # a full-width hyphen
            "司法救助-2024中央.yaml",
            "这个文件与项目名称“司法救助－2024中央”是同一个名称（只差大小写、全角半角或看不见的字符）：没有新建项目，请换一个名称。",
        ),
        (
            "单位",
            "单位.yaml",
            "项目名称“单位”与单位文件 单位.yaml 同名：这个名称留给单位文件，请换一个名称。",
        ),
    ],
)
def test_new_refuses_the_name_of_a_file_the_unit_has(
    unit_copy: Path, capsys: pytest.CaptureFixture[str], name: str, file_name: str, message: str
) -> None:
    before = folder_state(unit_copy)
    assert main(["new", name, "-u", str(unit_copy)]) == 1
    assert capsys.readouterr().err == f"{unit_copy / file_name}: PD004 {message}\n" + ONE_PROBLEM
    assert folder_state(unit_copy) == before


def test_new_refuses_a_name_that_only_differs_in_case_from_a_file(unit_copy: Path) -> None:
    (unit_copy / "Archive.YAML").write_text("项目名称: Archive\n", encoding="utf-8")
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.new_project("archive", unit_copy)
    assert [problem.location.path for problem in raised.value.problems] == [str(unit_copy / "Archive.YAML")]


def test_new_refuses_a_name_the_order_lists_already(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (unit_copy / "司法救助-2024中央.yaml").unlink()
    before = folder_state(unit_copy)
    assert main(["new", "司法救助-2024中央", "-u", str(unit_copy)]) == 1
    assert main(["new", "司法救助-２０２４中央", "-u", str(unit_copy)]) == 1
    where = unit_copy / "单位.yaml"
    assert capsys.readouterr().err == (
        f"{where}: PD004 项目“司法救助-2024中央”已在 单位.yaml 的项目顺序中：没有新建项目。\n{ONE_PROBLEM}"
        f"{where}: PD004 项目“司法救助-２０２４中央”已在 单位.yaml 的项目顺序中"
        f"（“司法救助-2024中央”，两者只差大小写、全角半角或看不见的字符）：没有新建项目。\n{ONE_PROBLEM}"
    )
    assert folder_state(unit_copy) == before


def fill(text: str) -> str:
    """A new project file with every placeholder filled in, as its editor would."""
    filled = text.replace("预算数: 0.00\n财政资金:", "预算数: 3.00\n财政资金: 3.00")
    filled = filled.replace("（待填写：资金用途）", "用于档案数字化").replace("（待填写：绩效目标）", "完成档案数字化")
    filled = filled.replace("（待填写：数量指标名称）: （待填写：指标值）", "数字化卷数: ≥300卷")
    filled = filled.replace("（待填写：经济效益指标名称）: （待填写：指标值）", "查档效率: 明显提高")
    return filled.replace("（待填写：服务对象满意度指标名称）: （待填写：指标值）", "查档人满意度: ≥90%")


def pd504(folder: Path) -> list[tuple[int, str]]:
    report = perfdocs.check_folders([folder])
    return [(problem.location.line, problem.message) for problem in report.problems if problem.code == "PD504"]


def test_what_new_writes_fails_check_and_build_until_every_placeholder_is_filled(unit_copy: Path) -> None:
    path = perfdocs.new_project("档案数字化", unit_copy)
    assert pd504(unit_copy) == [
        (3, "预算数是 0.00，这是 perfdocs new 写的占位：请填写本项目的预算数。"),
        (6, "资金用途还是 perfdocs new 写的占位“（待填写：资金用途）”：请填写。"),
        (8, "绩效目标第 1 项还是 perfdocs new 写的占位“（待填写：绩效目标）”：请填写。"),
        (12, "数量指标下的三级指标名称还是 perfdocs new 写的占位“（待填写：数量指标名称）”：请填写。"),
        (12, "数量指标下的指标值还是 perfdocs new 写的占位“（待填写：指标值）”：请填写。"),
        (15, "经济效益指标下的三级指标名称还是 perfdocs new 写的占位“（待填写：经济效益指标名称）”：请填写。"),
        (15, "经济效益指标下的指标值还是 perfdocs new 写的占位“（待填写：指标值）”：请填写。"),
        (
            18,
            "服务对象满意度指标下的三级指标名称还是 perfdocs new 写的占位“（待填写：服务对象满意度指标名称）”："
            "请填写。",
        ),
        (18, "服务对象满意度指标下的指标值还是 perfdocs new 写的占位“（待填写：指标值）”：请填写。"),
    ]
    with pytest.raises(perfdocs.CheckError):
        draft(unit_copy, unit_copy.parent / "out.docx")
    filled = fill(path.read_text(encoding="utf-8"))
    for filled_in, left in [
        ("预算数: 3.00\n财政资金: 3.00", "预算数: 0.00\n财政资金:"),
        ("查档效率: 明显提高", "（待填写：经济效益指标名称）: 明显提高"),
        ("用于档案数字化", "用于（待填写：资金用途）档案数字化"),
    ]:
        path.write_text(filled.replace(filled_in, left), encoding="utf-8")
        assert len(pd504(unit_copy)) == 1, left
    path.write_text(filled, encoding="utf-8")
    assert pd504(unit_copy) == []
    assert perfdocs.check_folders([unit_copy]).errors == []
    draft(unit_copy, unit_copy.parent / "out.docx")


def test_new_keeps_the_unit_file_as_it_was(unit_copy: Path) -> None:
    unit_file = unit_copy / "单位.yaml"
    (unit_copy / "共用").mkdir()
    shared = unit_copy / "共用" / "单位.yaml"
    shared.write_bytes(unit_file.read_bytes().replace(b"\n", b"\r\n"))
    shared.chmod(0o640)
    unit_file.unlink()
    unit_file.symlink_to(Path("共用") / "单位.yaml")
    perfdocs.new_project("档案数字化", unit_copy)
    assert unit_file.is_symlink()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o640
    assert shared.read_bytes().endswith("  - 执法执勤用车更新-2025年\r\n  - 档案数字化\r\n".encode())


def test_new_leaves_nothing_when_the_unit_file_cannot_be_rewritten(
    unit_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (unit_copy / "单位.yaml").chmod(0o444)
    assert main(["new", "档案数字化", "-u", str(unit_copy)]) == 1
    assert capsys.readouterr().err == (
        f"{unit_copy / '单位.yaml'}: PD004 这个文件是只读的（或属于其他用户，本用户不能改写）：没有改动它。\n"
        + ONE_PROBLEM
    )
    assert not (unit_copy / "档案数字化.yaml").exists()


def test_new_never_writes_through_a_schema_folder_that_links_out(unit_copy: Path, tmp_path: Path) -> None:
    outside = tmp_path / "别处"
    outside.mkdir()
    (unit_copy / ".perfdocs").symlink_to(outside)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.new_project("档案数字化", unit_copy)
    assert [problem.format() for problem in raised.value.problems] == [
        f"{unit_copy / '.perfdocs'}: PD004 这是一个指向单位文件夹以外（或不是文件夹）的符号链接："
        "perfdocs 不往单位文件夹以外写文件，没有新建项目。"
    ]
    assert list(outside.iterdir()) == []
    assert not (unit_copy / "档案数字化.yaml").exists()


def test_new_never_overwrites_a_file_made_after_it_looked(unit_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The name is claimed by creating the file exclusively: a file made meanwhile (or one that differs
    only in case, on a file system that ignores case) is never replaced."""
    monkeypatch.setattr(scaffold, "_name_problems", lambda *_: [])
    before = folder_state(unit_copy)
    with pytest.raises(perfdocs.InputError) as raised:
        perfdocs.new_project("司法救助-2024中央", unit_copy)
    assert [problem.format() for problem in raised.value.problems] == [
        f"{unit_copy / '司法救助-2024中央.yaml'}: PD004 这个项目文件已经存在，没有改动它。"
    ]
    assert folder_state(unit_copy) == before
