"""The command line: Chinese help for every command, exit codes, no tracebacks."""

from __future__ import annotations

import io
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT

import perfdocs
from perfdocs.cli import ProgressBar, main


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("command", [[], ["build"], ["check"], ["template"]])
def test_every_command_has_chinese_help(command: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run([*command, "--help"], capsys)
    assert code == 0
    assert out.startswith("用法：perfdocs")
    assert "选项" in out
    assert "显示本帮助并退出。" in out
    assert "Usage" not in out
    assert "Show this message" not in out


def test_build_writes_the_document(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "绩效目标.docx"
    code, out, err = run(["build", str(EXAMPLE_UNIT), "-o", str(output), "--no-page-numbers"], capsys)
    assert (code, out, err) == (0, f"已生成 {output}\n", "")
    assert output.is_file()


def test_check_passes_the_example_unit(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["check", str(EXAMPLE_UNIT)], capsys)
    assert (code, err) == (0, "")
    assert out == f"{EXAMPLE_UNIT}：7 个项目，没有发现问题。\n"


def test_bad_input_lists_every_problem_and_exits_1(
    unit_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (unit_copy / "司法救助-2024中央.yaml").write_text("项目名称: 司法救助-2024中央\n预算数: 很多\n", encoding="utf-8")
    output = tmp_path / "out.docx"
    code, out, err = run(["build", str(unit_copy), "-o", str(output)], capsys)
    assert code == 1
    assert out == ""
    assert (
        f"{unit_copy}/司法救助-2024中央.yaml:2:6: PD003 “预算数”应为数字（单位万元，如 18.80），不能是“很多”。" in err
    )
    assert err.endswith("共 6 个问题，未生成任何文件。\n")
    assert "Traceback" not in err
    assert not output.exists()


def test_a_missing_option_is_a_usage_error_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", str(EXAMPLE_UNIT)], capsys)
    assert code == 2
    assert err == "错误：缺少选项 '-o' / '--output'。\n请运行“perfdocs build --help”查看用法。\n"


def test_an_unknown_option_is_a_usage_error_in_chinese(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["check", "--strictly", str(EXAMPLE_UNIT)], capsys)
    assert code == 2
    assert err.startswith("错误：没有选项 --strictly。")


def test_refusing_to_overwrite_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    output = tmp_path / "别人的.docx"
    output.write_text("x")
    code, _, err = run(["build", str(EXAMPLE_UNIT), "-o", str(output)], capsys)
    assert code == 1
    assert err.startswith(f"错误：{output} 已存在")
    assert "--overwrite" in err
    code, _, _ = run(["build", str(EXAMPLE_UNIT), "-o", str(output), "--overwrite", "--no-page-numbers"], capsys)
    assert code == 0


def test_a_bad_template_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    template = tmp_path / "t.docx"
    template.write_text("x")
    code, _, err = run(["build", str(EXAMPLE_UNIT), "-o", str(tmp_path / "o.docx"), "-t", str(template)], capsys)
    assert code == 1
    assert err.startswith(f"错误：模板 {template} 无法使用：不是 Office 文件（ZIP 格式），或者已经损坏。")


def test_python_dash_m_runs_the_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfdocs", "check", str(EXAMPLE_UNIT)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "7 个项目" in result.stdout


def test_python_dash_m_reports_the_package_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "perfdocs", "--version"], capture_output=True, text=True, check=False
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, f"perfdocs {perfdocs.__version__}\n", "")


def test_template_help_names_the_shipped_templates(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["template", "--help"], capsys)
    assert code == 0
    assert f"自带模板的名称：{'、'.join(perfdocs.template_names())}。 [默认：default]" in " ".join(out.split())
    assert "perfdocs_title" in out
    assert "--overwrite" in out


def test_template_writes_the_shipped_template(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "新文件夹" / "我的模板.docx"
    code, out, err = run(["template", "-o", str(target)], capsys)
    assert (code, err) == (0, "")
    assert out == (
        f"已写出模板 {target}（default）。在 Word 或 WPS 中修改后，用 perfdocs build … -t {target} 生成文档。\n"
    )
    assert target.read_bytes() == perfdocs.shipped_template().read_bytes()
    code, out, err = run(["build", str(EXAMPLE_UNIT), "-o", str(tmp_path / "o.docx"), "-t", str(target)], capsys)
    assert code == 0, err


def test_template_refuses_to_overwrite_without_the_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "我的模板.docx"
    assert run(["template", "-o", str(target)], capsys)[0] == 0
    target.write_bytes(b"edited in Word")
    code, out, err = run(["template", "-o", str(target)], capsys)
    assert (code, out) == (1, "")
    assert err == (
        f"错误：{target} 已存在：覆盖会丢失其中的内容（也许是改过的模板）。"
        "请换一个文件名，或加 --overwrite 确认覆盖。\n"
    )
    assert target.read_bytes() == b"edited in Word"
    code, _, err = run(["template", "-o", str(target), "--overwrite"], capsys)
    assert (code, err) == (0, "")
    assert target.read_bytes() == perfdocs.shipped_template().read_bytes()


def test_template_of_an_unknown_kind_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = tmp_path / "我的模板.docx"
    code, out, err = run(["template", "-o", str(target), "--kind", "defualt"], capsys)
    names = "、".join(perfdocs.template_names())
    assert (code, out, err) == (1, "", f"错误：没有名为“defualt”的自带模板：可用的有 {names}。是不是“default”？\n")
    assert not target.exists()


def test_template_needs_an_output(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["template"], capsys)
    assert (code, out) == (2, "")
    assert err == "错误：缺少选项 '-o' / '--output'。\n请运行“perfdocs template --help”查看用法。\n"


class FakeTerminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_progress_bar_draws_on_a_terminal_only() -> None:
    terminal = FakeTerminal()
    bar = ProgressBar(terminal, delay=0)
    bar("读取项目文件", 1, 2)
    bar("读取项目文件", 2, 2)
    bar("排版第 1 遍（LibreOffice）", 0, 0)
    assert terminal.getvalue() == (
        f"\r读取项目文件 [{'#' * 15}{'.' * 15}] 1/2\r读取项目文件 [{'#' * 30}] 2/2\n排版第 1 遍（LibreOffice）…\n"
    )
    pipe = io.StringIO()
    ProgressBar(pipe, delay=0)("读取项目文件", 1, 2)
    assert pipe.getvalue() == ""


def test_quick_work_draws_no_bar() -> None:
    terminal = FakeTerminal()
    ProgressBar(terminal, delay=60)("读取项目文件", 1, 2)
    assert terminal.getvalue() == ""


def test_many_units_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    units = tmp_path / "2025"
    for unit_code in ("207101", "207102", "207103"):
        shutil.copytree(EXAMPLE_UNIT, units / unit_code)
    broken = units / "207102" / "执法执勤用车更新-2025年.yaml"
    broken.write_text(broken.read_text(encoding="utf-8").replace("预算数: 18.80", "预算数: 很多"), encoding="utf-8")
    code, out, err = run(["build", str(units), "-o", f"{tmp_path / 'out'}/", "--no-page-numbers"], capsys)
    assert code == 1
    assert out.splitlines() == [
        f"{units / '207101'}：已生成 {tmp_path / 'out' / '207101.docx'}",
        f"{units / '207102'}：未生成",
        f"{units / '207103'}：已生成 {tmp_path / 'out' / '207103.docx'}",
        "共 3 个单位：2 个已生成，1 个失败。",
    ]
    assert "  " + f"{broken}:2:6: PD003 “预算数”应为数字" in err
    assert sorted(path.name for path in (tmp_path / "out").iterdir()) == ["207101.docx", "207103.docx"]


def test_the_document_is_not_written_into_the_unit_folder(unit_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(["build", str(unit_copy), "-o", str(unit_copy / "绩效目标.docx"), "--no-page-numbers"], capsys)
    assert code == 1
    assert "--allow-in-unit-folder" in err
    code, _, _ = run(
        [
            "build",
            str(unit_copy),
            "-o",
            str(unit_copy / "绩效目标.docx"),
            "--no-page-numbers",
            "--allow-in-unit-folder",
        ],
        capsys,
    )
    assert code == 0
