"""``perfdocs fmt``: one canonical form, comments kept, idempotent, and the example unit already in it."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Any

import pytest
from conftest import EXAMPLE_UNIT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from inputfiles import unit_folder
from test_properties import name, projects

import perfdocs
from perfdocs import formatting
from perfdocs.cli import main
from perfdocs.formatting import formatted
from perfdocs.framework import FRAMEWORK_FOLDER
from perfdocs.model import Project
from perfdocs.names import same_name_key
from perfdocs.writer import project_lines, scalar
from perfdocs.yamlsource import is_hidden_character

MESSY = """# yaml-language-server: $schema=.perfdocs/项目.schema.json
项目名称:   执法执勤用车更新-2025年
资金用途: 全部用于更新执法执勤用车1辆   # 与预算批复一致

预算数: 18.8
财政资金: 18.8
其他资金: ~
绩效目标: ["购入1辆执法执勤用车，确保提审、调查、查封扣押等工作正常运转。"]
绩效指标:
    # 产出
    产出指标:
        数量指标: {更新车辆数量: 1辆}
        质量指标:
            验收合格率: "100百分比"
        时效指标:
            资金支付及时率: 100百分比
        成本指标:
            更新成本: '<=18.8万元'  # 含购置税
    效益指标:
        社会效益指标:
            持续保障审判工作: 持续保障
    满意度指标:
        服务对象满意度指标:
            法院干警满意度: ≥95百分比
# 文件末尾的说明
"""
CANONICAL = """# yaml-language-server: $schema=.perfdocs/项目.schema.json
项目名称: 执法执勤用车更新-2025年
预算数: 18.80
财政资金: 18.80
其他资金:
资金用途: 全部用于更新执法执勤用车1辆  # 与预算批复一致
绩效目标:
  - 购入1辆执法执勤用车，确保提审、调查、查封扣押等工作正常运转。
绩效指标:
  # 产出
  产出指标:
    数量指标:
      更新车辆数量: 1辆
    质量指标:
      验收合格率: 100百分比
    时效指标:
      资金支付及时率: 100百分比
    成本指标:
      更新成本: ≤18.8万元  # 含购置税
  效益指标:
    社会效益指标:
      持续保障审判工作: 持续保障
  满意度指标:
    服务对象满意度指标:
      法院干警满意度: ≥95百分比
# 文件末尾的说明
"""


@pytest.fixture
def messy_unit(unit_copy: Path) -> Path:
    (unit_copy / "执法执勤用车更新-2025年.yaml").write_text(MESSY, encoding="utf-8")
    return unit_copy


def test_fmt_writes_the_canonical_form_and_keeps_comments(messy_unit: Path) -> None:
    report = perfdocs.format_paths([messy_unit])
    path = messy_unit / "执法执勤用车更新-2025年.yaml"
    assert report.changed == [path]
    assert len(report.files) == 8
    assert path.read_text(encoding="utf-8") == CANONICAL
    assert perfdocs.load_project(path) == perfdocs.load_project(EXAMPLE_UNIT / path.name)


def test_fmt_twice_changes_nothing(messy_unit: Path) -> None:
    perfdocs.format_paths([messy_unit])
    before = {p: p.read_bytes() for p in messy_unit.iterdir()}
    assert perfdocs.format_paths([messy_unit]).changed == []
    assert {p: p.read_bytes() for p in messy_unit.iterdir()} == before


def test_the_example_unit_is_canonical_as_committed() -> None:
    for path in sorted(EXAMPLE_UNIT.glob("*.yaml")):
        assert formatted(path) == path.read_text(encoding="utf-8"), path.name


def test_check_names_the_files_and_changes_nothing(messy_unit: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fmt", "--check", str(messy_unit)]) == 1
    out = capsys.readouterr().out
    assert out == (
        f"不是规范格式：{messy_unit / '执法执勤用车更新-2025年.yaml'}\n共 8 个文件，1 个需要改写，7 个已是规范格式。\n"
    )
    assert (messy_unit / "执法执勤用车更新-2025年.yaml").read_text(encoding="utf-8") == MESSY
    assert main(["fmt", "--check", str(EXAMPLE_UNIT)]) == 0


def test_fmt_finds_units_below_a_folder_and_skips_other_yaml(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(EXAMPLE_UNIT, tmp_path / "projects" / "2025")
    (tmp_path / ".pre-commit-config.yaml").write_text("repos: []\n", encoding="utf-8")
    assert main(["fmt", "--check", str(tmp_path)]) == 0
    assert main(["fmt", "--check", str(tmp_path / ".pre-commit-config.yaml")]) == 0  # not ours: skipped
    assert "共 8 个文件" in capsys.readouterr().out


def test_a_file_that_cannot_be_read_is_reported_not_formatted(
    unit_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = unit_copy / "司法救助-2024中央.yaml"
    broken.write_text("项目名称: [\n", encoding="utf-8")
    assert main(["fmt", str(unit_copy)]) == 1
    assert "PD001 YAML 语法错误" in capsys.readouterr().err
    assert broken.read_text(encoding="utf-8") == "项目名称: [\n"


UNIT = '单位编码: "001"\n单位名称: 测试单位\n金额单位: 万元\n标题:\n  - 测试单位\n项目顺序:\n  - 甲项目\n'
PROJECT = """项目名称: 甲项目
预算数: 1.00
财政资金: 1.00
其他资金:
资金用途: 用途
绩效目标:
  - 目标
绩效指标:
  产出指标:
    数量指标:
      数量: 1个
"""


def small_unit(folder: Path, project: str = PROJECT, unit: str = UNIT) -> Path:
    """A unit folder with one project, 甲项目; the project file's path."""
    return unit_folder(folder, unit, {"甲项目": project}) / "甲项目.yaml"


def fmt_output(tmp_path: Path, source: str) -> str:
    """What fmt makes of a project file ``source``, after checking that it means the same."""
    path = small_unit(tmp_path / "单位", source)
    before = perfdocs.load_project(path)
    report = perfdocs.format_paths([path.parent])
    assert report.problems == []
    assert perfdocs.load_project(path) == before
    return path.read_text(encoding="utf-8")


def with_lines(text: str, **lines: str) -> str:
    """``PROJECT`` with the lines that start with each key replaced (``资金用途="资金用途: x"``)."""
    out = []
    for line in text.splitlines(keepends=True):
        key = line.strip().split(":")[0]
        out.append(lines[key] + "\n" if key in lines else line)
    return "".join(out)


@pytest.mark.parametrize(
    ("line", "written"),
    [
        ("资金用途: 5'8 # 注释", "资金用途: 5'8  # 注释"),
        ("资金用途: a 'b # 注释", "资金用途: a 'b  # 注释"),
        ('资金用途: 说"明 # 注释', '资金用途: 说"明  # 注释'),
        ("资金用途: It's # x", "资金用途: It's  # x"),
        ("资金用途: 'a # b' # c", '资金用途: "a # b"  # c'),
        ("资金用途: a#b # c", "资金用途: a#b  # c"),
        ('资金用途: "a \\" # b" # c', '资金用途: "a \\" # b"  # c'),
        ("资金用途: 'it''s # x'", '资金用途: "it\'s # x"'),
    ],
)
def test_a_comment_after_a_quote_in_a_value_is_kept_and_a_hash_in_a_value_is_text(
    tmp_path: Path, line: str, written: str
) -> None:
    assert fmt_output(tmp_path, with_lines(PROJECT, 资金用途=line)) == with_lines(PROJECT, 资金用途=written)


def test_a_hash_in_a_block_scalar_is_text_and_its_header_comment_is_kept(tmp_path: Path) -> None:
    source = PROJECT.replace("资金用途: 用途\n", "资金用途: |  # 头注释\n  用于 # 不是注释\n# 下一个键的注释\n")
    expected = PROJECT.replace("资金用途: 用途\n", '资金用途: "用于 # 不是注释"  # 头注释\n# 下一个键的注释\n')
    assert fmt_output(tmp_path, source) == expected


def test_comments_on_the_lines_of_an_indicator_written_as_a_mapping_stay_on_them(tmp_path: Path) -> None:
    mapping = (
        "      数量:  # 名称\n        # 值的说明\n        指标值: 1个  # 值\n        绩效指标描述: 采购数量  # 描述"
    )
    source = with_lines(PROJECT, 数量=mapping)
    assert fmt_output(tmp_path, source) == source
    messy = mapping.replace("  # ", " # ").replace("        # 值", "   # 值")
    assert fmt_output(tmp_path / "messy", with_lines(PROJECT, 数量=messy)) == source


def test_comments_of_an_indicator_that_becomes_one_line_go_to_that_line(tmp_path: Path) -> None:
    source = with_lines(
        PROJECT,
        数量="      数量:  # 名称\n        # 值的说明\n        指标值: 1个 # 值\n        绩效指标描述: 数量 # 描述",
    )
    expected = with_lines(PROJECT, 数量="      # 值的说明\n      数量: 1个  # 名称  # 值  # 描述")
    assert fmt_output(tmp_path, source) == expected


def test_comments_in_flow_collections_stay_with_their_items(tmp_path: Path) -> None:
    source = PROJECT.replace("绩效目标:\n  - 目标\n", "绩效目标: [  # 目标\n  # 第一项\n  一,  # 一\n  二]\n")
    expected = PROJECT.replace("绩效目标:\n  - 目标\n", "绩效目标:  # 目标\n  # 第一项\n  - 一  # 一\n  - 二\n")
    assert fmt_output(tmp_path, source) == expected


def test_a_comment_on_a_line_fmt_drops_goes_before_the_next_key(tmp_path: Path) -> None:
    unit = UNIT.replace("金额单位: 万元\n", "金额单位: 万元\n指标体系: 产出-效益-满意度  # 默认的体系\n")
    path = small_unit(tmp_path / "单位", unit=unit)
    perfdocs.format_paths([path.parent])
    assert (path.parent / "单位.yaml").read_text(encoding="utf-8") == UNIT.replace("标题:", "# 默认的体系\n标题:")


COMMENT = st.text(
    st.sampled_from("注释 #:'\"|>-[]{}，。%!&*?\\")
    | st.characters(blacklist_categories=("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp")).filter(
        lambda char: not is_hidden_character(char)
    ),
    max_size=12,
).map(lambda text: ("#" + text).rstrip())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(projects(), st.data())
def test_comments_on_any_lines_of_a_canonical_file_are_all_kept_beside_their_keys(
    tmp_path_factory: pytest.TempPathFactory, project: Project, data: st.DataObject
) -> None:
    """Each line of a canonical file gets comments before it (at any indentation) and after it (after
    any white space): fmt puts each back in its place, in the canonical spacing, and the data stays."""
    source, expected = [], []
    for _, text in project_lines(project):
        indent = text[: len(text) - len(text.lstrip(" "))]
        for comment in data.draw(st.lists(COMMENT, max_size=2)):
            source.append(" " * data.draw(st.integers(0, 8)) + comment)
            expected.append(indent + comment)
        behind = data.draw(st.none() | COMMENT)
        source.append(text if behind is None else text + " " * data.draw(st.integers(1, 4)) + behind)
        expected.append(text if behind is None else f"{text}  {behind}")
    path = tmp_path_factory.mktemp("comments") / "项目.yaml"
    path.write_text("\n".join(source) + "\n", encoding="utf-8")
    written = formatted(path)
    assert written == "\n".join(expected) + "\n"
    path.write_text(written, encoding="utf-8")
    assert perfdocs.load_project(path) == project
    assert formatted(path) == written


MESSY_PROJECT = PROJECT.replace("预算数: 1.00", "预算数: 1.0")


def problems_of(report: perfdocs.FormatReport) -> list[str]:
    return [problem.format() for problem in report.problems]


def test_fmt_keeps_the_mode_of_a_file(tmp_path: Path) -> None:
    path = small_unit(tmp_path / "单位", MESSY_PROJECT)
    path.chmod(0o640)
    assert perfdocs.format_paths([path.parent]).changed == [path]
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.read_text(encoding="utf-8") == PROJECT


@pytest.mark.skipif(os.geteuid() != 0, reason="only root can give a file to another user")
def test_fmt_keeps_the_owner_of_a_file(tmp_path: Path) -> None:
    path = small_unit(tmp_path / "单位", MESSY_PROJECT)
    os.chown(path, 12345, 23456)
    assert perfdocs.format_paths([path.parent]).changed == [path]
    assert (path.stat().st_uid, path.stat().st_gid) == (12345, 23456)


def test_a_project_file_that_is_a_link_stays_a_link_and_its_target_is_rewritten(tmp_path: Path) -> None:
    path = small_unit(tmp_path / "单位")
    (path.parent / "共用").mkdir()
    target = path.parent / "共用" / "甲.txt"
    target.write_text(MESSY_PROJECT, encoding="utf-8")
    path.unlink()
    path.symlink_to(Path("共用") / "甲.txt")
    assert perfdocs.format_paths([path.parent]).changed == [path]
    assert os.readlink(path) == str(Path("共用") / "甲.txt")
    assert target.read_text(encoding="utf-8") == PROJECT


@pytest.mark.parametrize("given", ["folder", "file"])
def test_a_link_out_of_the_unit_folder_is_never_written_through(tmp_path: Path, given: str) -> None:
    path = small_unit(tmp_path / "单位")
    outside = tmp_path / "别处.yaml"
    outside.write_text(MESSY_PROJECT, encoding="utf-8")
    path.unlink()
    path.symlink_to(outside)
    report = perfdocs.format_paths([path.parent if given == "folder" else path])
    assert problems_of(report) == [
        f"{path}: PD004 这是一个指向单位文件夹以外的符号链接（或路径）：perfdocs 不读单位文件夹以外的文件，"
        "请把文件本身放进单位文件夹。"
    ]
    assert outside.read_text(encoding="utf-8") == MESSY_PROJECT
    assert path.is_symlink()


def test_a_file_with_other_hard_links_is_not_rewritten(tmp_path: Path) -> None:
    path = small_unit(tmp_path / "单位", MESSY_PROJECT)
    other = tmp_path / "另一个名字.yaml"
    os.link(path, other)
    report = perfdocs.format_paths([path.parent])
    assert problems_of(report) == [
        f"{path}: PD004 这个文件有 2 个硬链接：改写它会让其他链接留着旧的内容，所以没有改动它。"
        "请先把它换成一个普通文件。"
    ]
    assert report.changed == []
    assert other.read_text(encoding="utf-8") == path.read_text(encoding="utf-8") == MESSY_PROJECT


def test_a_read_only_file_is_not_rewritten(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = small_unit(tmp_path / "单位", MESSY_PROJECT)
    path.chmod(0o444)
    assert main(["fmt", str(path.parent)]) == 1
    out, err = capsys.readouterr()
    assert err == f"{path}: PD004 这个文件是只读的（或属于其他用户，本用户不能改写）：没有改动它。\n"
    assert out == "共 1 个文件，0 个已改写，1 个已是规范格式。\n"  # the unit file; the project is reported
    assert path.read_text(encoding="utf-8") == MESSY_PROJECT
    assert main(["fmt", "--check", str(path.parent)]) == 1  # checking reads it, and finds it not canonical
    assert capsys.readouterr().out == f"不是规范格式：{path}\n共 2 个文件，1 个需要改写，1 个已是规范格式。\n"


def test_a_folder_fmt_cannot_write_in_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = small_unit(tmp_path / "单位", MESSY_PROJECT)

    def refused(**_: object) -> tuple[int, str]:
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refused)
    report = perfdocs.format_paths([path.parent])
    assert problems_of(report) == [f"{path}: PD004 无法在 {path.parent} 中写文件：没有权限。这个文件没有改动。"]
    assert path.read_text(encoding="utf-8") == MESSY_PROJECT


@pytest.mark.parametrize(("newline", "bom"), [("\r\n", b""), ("\n", b"\xef\xbb\xbf"), ("\r\n", b"\xef\xbb\xbf")])
def test_line_endings_and_a_byte_order_mark_are_kept(tmp_path: Path, newline: str, bom: bytes) -> None:
    path = small_unit(tmp_path / "单位")
    path.write_bytes(bom + MESSY_PROJECT.replace("\n", newline).encode("utf-8"))
    assert perfdocs.format_paths([path.parent]).changed == [path]
    assert path.read_bytes() == bom + PROJECT.replace("\n", newline).encode("utf-8")
    assert perfdocs.format_paths([path.parent]).changed == []  # canonical as it is now


def test_mixed_line_endings_take_those_of_the_first_line(tmp_path: Path) -> None:
    path = small_unit(tmp_path / "单位")
    path.write_bytes(PROJECT.replace("\n", "\r\n", 1).encode("utf-8"))
    assert perfdocs.format_paths([path.parent]).changed == [path]
    assert path.read_bytes() == PROJECT.replace("\n", "\r\n").encode("utf-8")


def test_a_canonical_text_that_reads_back_otherwise_is_never_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """fmt reads back what it is about to write: a defect of the writer cannot change a project."""
    path = small_unit(tmp_path / "单位", MESSY_PROJECT)

    def wrong_budget(project: Project) -> list[tuple[str, str]]:
        return [(key, text.replace("1.00", "2.00")) for key, text in project_lines(project)]

    monkeypatch.setattr(formatting, "project_lines", wrong_budget)
    report = perfdocs.format_paths([path.parent])
    assert problems_of(report) == [
        f"{path}: PD004 规范格式读回来与这个文件的内容不一致，没有改动它："
        "这是 perfdocs 的缺陷，请报告（附上这个文件）。"
    ]
    assert path.read_text(encoding="utf-8") == MESSY_PROJECT
    assert [p.name for p in path.parent.iterdir() if p.name.startswith(".")] == []  # no temporary file left


@pytest.mark.parametrize(
    ("unit", "message"),
    [
        (
            "%TAG ! tag:example.com,2000:\n---\n" + UNIT,
            "1:1: PD001 这里有 YAML 指令（以 % 开头的行，如 %TAG）：perfdocs 的文件不用指令，请删除这一行。",
        ),
        (
            UNIT.replace("单位名称: 测试单位", "单位名称: !custom 测试单位"),
            "2:7: PD001 这里用了 YAML 标签“!custom”：perfdocs 不用标签（它们会被忽略），请删去标签，直接写出内容。",
        ),
    ],
)
def test_a_unit_file_with_tags_is_reported_and_not_rewritten(tmp_path: Path, unit: str, message: str) -> None:
    path = small_unit(tmp_path / "单位", MESSY_PROJECT, unit)
    report = perfdocs.format_paths([path.parent])
    assert [p.split("\n")[0] for p in problems_of(report)] == [f"{path.parent / '单位.yaml'}:{message}"]
    assert (path.parent / "单位.yaml").read_text(encoding="utf-8") == unit
    assert report.changed == [path]  # the project file is formatted all the same


def test_fmt_does_not_follow_links_to_folders_while_searching(tmp_path: Path) -> None:
    path = small_unit(tmp_path / "别处" / "单位", MESSY_PROJECT)
    (tmp_path / "仓库").mkdir()
    (tmp_path / "仓库" / "链接").symlink_to(path.parent.parent)
    assert perfdocs.format_paths([tmp_path / "仓库"]).files == []
    assert path.read_text(encoding="utf-8") == MESSY_PROJECT
    assert perfdocs.format_paths([tmp_path / "仓库" / "链接" / "单位"]).changed != []  # given itself: formatted


def test_a_unit_framework_file_given_as_a_file_is_left_alone(tmp_path: Path) -> None:
    unit = UNIT.replace("金额单位: 万元\n", "金额单位: 万元\n指标体系: 本单位.yaml\n")
    path = small_unit(tmp_path / "单位", unit=unit)
    framework = path.parent / "本单位.yaml"
    shipped = (FRAMEWORK_FOLDER / "产出-效益-满意度.yaml").read_text(encoding="utf-8")
    framework.write_text(shipped.replace("名称: 产出-效益-满意度", "名称: 本单位体系"), encoding="utf-8")
    report = perfdocs.format_paths([framework, path.parent / "单位.yaml"])
    assert (report.files, report.problems) == ([path.parent / "单位.yaml"], [])


def test_hundreds_of_units_each_file_with_its_own_message(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    broken = []
    for number in range(300):
        path = small_unit(tmp_path / f"单位{number:03}", MESSY_PROJECT)
        if number % 100 == 7:
            path.write_text(MESSY_PROJECT.replace("预算数: 1.0", "预算数: [1"), encoding="utf-8")
            broken.append(path)
    assert main(["fmt", str(tmp_path)]) == 1
    out, err = capsys.readouterr()
    assert [line.split(":")[0] for line in err.splitlines() if ": PD" in line] == [str(p) for p in broken]
    assert out.count("已格式化：") == 297
    assert out.endswith("共 597 个文件，297 个已改写，300 个已是规范格式。\n")


OWN_FRAMEWORK_FILES = (
    "产出-效益-满意度.yaml",
    "产出-效益-满意度.YAML",
    "产出-成本-效益-满意度.yaml",
    "本单位指标体系.yaml",
)
PROJECT_NAMES = st.lists(
    st.text(st.sampled_from("甲乙丙abcＡ"), min_size=1, max_size=3), min_size=1, max_size=3, unique_by=same_name_key
)


@st.composite
def unit_folders(draw: st.DrawFn) -> dict[str, str]:
    """The files of a unit folder (name → text): a unit file in no canonical order, naming no framework,
    a shipped one, or a file of its own, maybe named like a shipped one and maybe with a shipped one's 名称."""
    order = draw(PROJECT_NAMES)
    fields = {
        "单位编码": scalar(draw(st.text("0123456789AZ", min_size=1, max_size=6))),
        "单位名称": scalar(draw(name)),
        "金额单位": draw(st.sampled_from(["万元", "元"])),
        "标题": "\n" + "".join(f"  - {scalar(line)}\n" for line in draw(st.lists(name, min_size=1, max_size=2))),
        "项目顺序": "\n" + "".join(f"  - {scalar(project)}  # 项目\n" for project in order),
    }
    files = {f"{project}.yaml": PROJECT.replace("甲项目", project) for project in order}
    reference = draw(st.sampled_from([None, *perfdocs.framework_names(), *OWN_FRAMEWORK_FILES]))
    if reference is not None:
        fields["指标体系"] = draw(st.sampled_from([reference, f'"{reference}"']))
    if reference in OWN_FRAMEWORK_FILES:
        shipped = (FRAMEWORK_FOLDER / f"{draw(st.sampled_from(perfdocs.framework_names()))}.yaml").read_text("utf-8")
        framework_name = draw(st.sampled_from([*perfdocs.framework_names(), "本单位体系"]))
        files[reference] = re.sub("(?m)^名称: .*$", f"名称: {framework_name}", shipped)
    keys = draw(st.permutations(list(fields)))
    files["单位.yaml"] = "# 本单位\n" + "".join(f"{key}: {fields[key]}".rstrip(" ") + "\n" for key in keys)
    return files


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(unit_folders())
def test_fmt_never_changes_what_a_unit_means(tmp_path_factory: pytest.TempPathFactory, files: dict[str, str]) -> None:
    folder = tmp_path_factory.mktemp("unit")
    for file_name, text in files.items():
        (folder / file_name).write_text(text.replace("\n\n", "\n"), encoding="utf-8")
    before = perfdocs.load_unit(folder)
    report = perfdocs.format_paths([folder])
    assert report.problems == []
    assert folder / "单位.yaml" in report.changed
    after = perfdocs.load_unit(folder)
    assert after == before
    assert before.framework is not None
    assert after.framework is not None
    assert (after.framework.path, after.framework.reference) == (before.framework.path, before.framework.reference)
    assert perfdocs.format_paths([folder]).changed == []


@pytest.mark.parametrize("reference", ["产出-效益-满意度.yaml", "产出-效益-满意度.YAML"])
def test_a_unit_framework_file_named_like_a_shipped_one_stays_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, reference: str
) -> None:
    """The file's 名称 is the shipped framework's: the 指标体系 line still names the unit's own file."""
    unit = UNIT.replace("金额单位: 万元\n", f"金额单位: 万元\n指标体系: {reference}\n")
    small_unit(tmp_path / "单位", unit=unit.replace("标题:\n  - 测试单位", "标题: [测试单位]"))
    shutil.copyfile(FRAMEWORK_FOLDER / "产出-效益-满意度.yaml", tmp_path / "单位" / reference)
    monkeypatch.chdir(tmp_path)  # relative paths, as a user gives them
    before = perfdocs.load_unit("单位")
    report = perfdocs.format_paths(["单位"])
    assert (report.changed, report.problems) == ([Path("单位/单位.yaml")], [])
    assert Path("单位/单位.yaml").read_text(encoding="utf-8") == unit
    after = perfdocs.load_unit("单位")
    assert after == before
    assert after.framework is not None
    assert after.framework.path == str(Path("单位") / reference)


def test_a_file_changed_while_fmt_rewrites_it_is_left_as_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An editor saving the file between fmt's reading and its renaming: fmt must not undo that save."""
    path = small_unit(tmp_path / "单位", MESSY_PROJECT)
    saved = MESSY_PROJECT.replace("用途", "新的用途")
    check_meaning = formatting._check_meaning

    def meanwhile(*args: Any) -> None:
        check_meaning(*args)
        path.write_text(saved, encoding="utf-8")

    monkeypatch.setattr(formatting, "_check_meaning", meanwhile)
    report = perfdocs.format_paths([path.parent])
    assert problems_of(report) == [
        f"{path}: PD004 这个文件在 fmt 改写它时被改动了（如编辑器保存了它）：没有改动它，请再运行一次。"
    ]
    assert path.read_text(encoding="utf-8") == saved


def test_a_unit_file_that_is_a_pipe_is_refused_unread(tmp_path: Path) -> None:
    """Opening a pipe waits for a writer: fmt, given the file itself, must not even open it."""
    path = small_unit(tmp_path / "单位", MESSY_PROJECT)
    unit_file = path.parent / "单位.yaml"
    unit_file.unlink()
    os.mkfifo(unit_file)
    report = perfdocs.format_paths([unit_file])
    assert problems_of(report) == [
        f"{unit_file}: PD004 这不是一个普通文件（是文件夹、管道或设备），没有读取：请删去或改名。"
    ]
