"""The ``perfdocs`` command: parse arguments, call the library, print, pick the exit code.

Exit codes: 0 success, 1 the input, template or output has problems (all of
them are printed), 2 the command line itself is wrong.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import click

import perfdocs

EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class _ChineseHelpFormatter(click.HelpFormatter):
    _SECTIONS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self._SECTIONS.get(heading, heading))


class _Context(click.Context):
    formatter_class = _ChineseHelpFormatter


_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"]}


def _help_option(function: Callable[..., Any]) -> Callable[..., Any]:
    return click.help_option("-h", "--help", help="显示本帮助并退出。")(function)


@click.group(context_settings=_SETTINGS, add_help_option=False)
@_help_option
@click.version_option(perfdocs.__version__, "-V", "--version", message="perfdocs %(version)s", help="显示版本并退出。")
def cli() -> None:
    """perfdocs：用 YAML 维护项目支出绩效目标表，生成单位的 Word 文档。

    \b
    常用：
      perfdocs check projects/2025                 检查数据
      perfdocs build projects/2025 -o 绩效目标.docx  生成文档
    """


cli.context_class = _Context


@cli.command(context_settings=_SETTINGS, add_help_option=False)
@_help_option
@click.argument("unit_dir", metavar="单位文件夹")
@click.option("-o", "--output", required=True, metavar="文件", help="要生成的 Word 文档（.docx）。")
@click.option("-t", "--template", metavar="模板", help="用这个 Word 模板代替自带模板。")
@click.option("--overwrite", is_flag=True, help="输出文件已存在且不是 perfdocs 生成的（或生成后被改过）时，仍然覆盖。")
def build(unit_dir: str, output: str, template: str | None, overwrite: bool) -> None:
    """读取单位文件夹里的 YAML，生成单位的绩效目标表 Word 文档。

    单位文件夹里有 单位.yaml（单位信息和项目顺序）和每个项目一个 .yaml 文件。
    有任何错误时列出全部错误，不生成文档。
    """
    written = perfdocs.build(unit_dir, output, template=template, overwrite=overwrite)
    click.echo(f"已生成 {written}")


@cli.command(context_settings=_SETTINGS, add_help_option=False)
@_help_option
@click.argument("unit_dirs", metavar="单位文件夹...", nargs=-1, required=True)
def check(unit_dirs: tuple[str, ...]) -> None:
    """检查一个或多个单位文件夹的数据，不生成文档。没有问题时退出码为 0。"""
    problems = []
    for unit_dir in unit_dirs:
        try:
            unit = perfdocs.load_unit(unit_dir)
        except perfdocs.InputError as error:
            problems.extend(error.problems)
        else:
            click.echo(f"{unit_dir}：{len(unit.projects)} 个项目，没有发现问题。")
    if problems:
        raise perfdocs.InputError(problems)


def _usage_message(error: click.ClickException) -> str:
    if isinstance(error, click.MissingParameter) and error.param is not None:
        hint = error.param.get_error_hint(error.ctx) if error.ctx else error.param.name
        kind = "选项" if isinstance(error.param, click.Option) else "参数"
        return f"缺少{kind} {hint}。"
    if isinstance(error, click.NoSuchOption):
        return f"没有选项 {error.option_name}。"
    return error.format_message()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code instead of raising."""
    try:
        cli.main(args=list(argv) if argv is not None else None, prog_name="perfdocs", standalone_mode=False)
    except perfdocs.InputError as error:
        for problem in error.problems:
            click.echo(problem.format(), err=True)
        click.echo(f"共 {len(error.problems)} 个问题，未生成任何文件。", err=True)
        return EXIT_PROBLEMS
    except perfdocs.PerfdocsError as error:
        click.echo(f"错误：{error}", err=True)
        return EXIT_PROBLEMS
    except click.ClickException as error:
        command = error.ctx.command_path if getattr(error, "ctx", None) else "perfdocs"
        click.echo(f"错误：{_usage_message(error)}\n请运行“{command} --help”查看用法。", err=True)
        return EXIT_USAGE
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except click.Abort:
        click.echo("已取消。", err=True)
        return EXIT_PROBLEMS
    return 0


def run() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    run()
