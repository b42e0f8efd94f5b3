"""The ``perfdocs`` command: parse arguments, call the library, print, pick the exit code.

Exit codes: 0 success, 1 the input, template or output has problems (all of
them are printed), 2 the command line is wrong or (``check``) a file cannot be read at all,
3 perfdocs itself failed, 130 Ctrl-C (128 + the signal for SIGTERM and SIGHUP).
"""

from __future__ import annotations

import functools
import gc
import json
import math
import os
import re
import signal
import sys
import time
import traceback
from collections.abc import Sequence
from typing import Any, TextIO

import click

import perfdocs
from perfdocs.errors import describe_os_error, printable
from perfdocs.interrupts import CANCELLED, EXIT_INTERRUPTED, Interrupted, signals_as_interrupts
from perfdocs.money import MONEY_UNITS

EXIT_PROBLEMS = 1
EXIT_USAGE = 2
EXIT_UNREADABLE = 2
EXIT_DEFECT = 3  # perfdocs itself failed


_SECTIONS = {"Options": "选项", "Commands": "命令", "Arguments": "参数"}


class _ChineseHelpFormatter(click.HelpFormatter):
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, prefix="用法：")

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{_SECTIONS.get(heading, heading)}：\n")


class _Context(click.Context):
    formatter_class = _ChineseHelpFormatter


class _Option(click.Option):
    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        record = super().get_help_record(ctx)
        if record is None:
            return None
        return record[0], record[1].replace("[required]", "[必填]").replace("[default: ", "[默认：")


class _Command(click.Command):
    context_class = _Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("add_help_option", False)
        super().__init__(*args, **kwargs)
        self.params.append(_help_option())


class _Group(click.Group):
    context_class = _Context
    command_class = _Command

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        kwargs.setdefault("add_help_option", False)
        super().__init__(*args, **kwargs)
        self.params.append(_help_option())


def _help_option() -> click.Option:
    def show_help(ctx: click.Context, _: click.Parameter, value: bool) -> None:
        if value and not ctx.resilient_parsing:
            click.echo(ctx.get_help(), color=ctx.color)
            ctx.exit()

    return _Option(
        ["-h", "--help"], is_flag=True, expose_value=False, is_eager=True, callback=show_help, help="显示本帮助并退出。"
    )


option = functools.partial(click.option, cls=_Option)


class _NonEmptyText(click.ParamType[str, str]):
    """A path or a revision on the command line: an empty one is a slip (an unset shell variable), never
    "here" or "the same"."""

    name = "text"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if not str(value).strip():
            self.fail("empty", param, ctx)
        return value


NON_EMPTY = _NonEmptyText()


class _FiniteRange(click.FloatRange):
    """A range of numbers that ``nan`` is not in (click's own lets it through: it compares with nothing)."""

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        number = super().convert(value, param, ctx)
        if math.isnan(number):
            self.fail("nan", param, ctx)
        return number


@click.group(cls=_Group)
@click.version_option(
    perfdocs.__version__, "-V", "--version", cls=_Option, message="perfdocs %(version)s", help="显示版本并退出。"
)
def cli() -> None:
    """perfdocs：用 YAML 维护项目支出绩效目标表，生成单位的 Word 文档。

    \b
    常用：
      perfdocs check projects/2025                 检查数据
      perfdocs build projects/2025 -o 绩效目标.docx  生成文档
    """


@cli.command()
@click.argument("unit_dirs", metavar="单位文件夹...", nargs=-1, required=True, type=NON_EMPTY)
@option(
    "-o",
    "--output",
    required=True,
    type=NON_EMPTY,
    metavar="文件",
    help="要生成的文档，扩展名决定格式：.docx 为 Word 文档，.pdf 为 PDF（需要 LibreOffice），"
    ".xlsx 为一体化版式的 Excel 表。"
    "生成几个单位时写一个文件夹（以 / 结尾），每个单位一个文档，以单位文件夹名命名。",
)
@option("--pdf", is_flag=True, help="生成几个单位时，生成 PDF 而不是 .docx。")
@option(
    "--layout",
    type=NON_EMPTY,
    metavar="版式",
    help="用这个版式生成（天津、上海、一体化…，见 perfdocs layouts），代替 单位.yaml 中的“版式”。",
)
@option("-t", "--template", type=NON_EMPTY, metavar="模板", help="用这个 Word 模板代替版式自带的模板。")
@option("--no-page-numbers", is_flag=True, help="不调用 LibreOffice，目录中不填页码（快速出草稿）。")
@option(
    "--timeout",
    type=_FiniteRange(min=1, max=86400),
    default=perfdocs.DEFAULT_TIMEOUT,
    show_default=True,
    metavar="秒",
    help="LibreOffice 每次排版的时间限制。",
)
@option("--overwrite", is_flag=True, help="输出文件已存在且不是 perfdocs 生成的（或生成后被改过）时，仍然覆盖。")
@option("--force", is_flag=True, help="检查发现错误时仍然生成（错误照样列出）。")
@option("--allow-in-unit-folder", is_flag=True, help="允许把文档写进单位文件夹（默认不允许：那里只放数据）。")
@click.pass_context
def build(ctx: click.Context, /, unit_dirs: tuple[str, ...], *, output: str, pdf: bool, **options: Any) -> None:
    """读取单位文件夹里的 YAML，检查后生成单位的绩效目标表文档（.docx 或 .pdf）。

    单位文件夹里有 单位.yaml（单位信息和项目顺序）和每个项目一个 .yaml 文件。
    数据有错误时列出全部错误，不生成文档；警告照常列出。目录中的页码由 LibreOffice
    排版得出；没有安装 LibreOffice 时仍生成 .docx，目录暂无页码。

    \b
    一次生成几个单位：perfdocs build projects/2025/*/ -o 输出/
    （也可以给出一个装着各单位文件夹的文件夹；各单位并行生成，一个失败不影响其他。）
    """
    options["page_numbers"] = not options.pop("no_page_numbers")
    folders = perfdocs.unit_folders(unit_dirs)
    if len(folders) == 1 and not output.endswith(("/", os.sep)) and not os.path.isdir(output):
        if pdf and not output.lower().endswith(".pdf"):
            raise click.UsageError("--pdf 用于一次生成几个单位；生成一个单位的 PDF 时，把输出文件写成 .pdf。")
        result = perfdocs.build(folders[0], output, progress=ProgressBar(), **options)
        for line in [problem.format() for problem in result.problems] + [f"提示：{result.notice}"] * bool(
            result.notice
        ):
            say(line, err=True)
        say(f"已生成 {result.output}")
        return
    outcomes = perfdocs.build_many(
        folders, output, suffix=".pdf" if pdf else ".docx", progress=ProgressBar(), **options
    )
    for outcome in outcomes:
        say(f"{outcome.source}：{'已生成 ' + outcome.output if outcome.output else '未生成'}")
        for message in outcome.messages:
            say("\n".join(f"  {line}" for line in message.splitlines()), err=True)
    failed = sum(outcome.output is None for outcome in outcomes)
    say(f"共 {len(outcomes)} 个单位：{len(outcomes) - failed} 个已生成，{failed} 个失败。")
    if failed:
        ctx.exit(EXIT_PROBLEMS)


class ProgressBar:
    """A progress bar on standard error: only on a terminal (not in logs or pipes), and only
    once the work has taken a moment, so that quick commands print nothing extra."""

    WIDTH = 30

    def __init__(self, stream: TextIO | None = None, delay: float = 0.5) -> None:
        self.stream = stream or sys.stderr
        self.enabled = self.stream.isatty()
        self.delay = delay
        self.started = time.monotonic()
        self.drawn_at = 0.0
        self.open_line = False

    def __call__(self, step: str, done: int, total: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if total == 0:  # a step without a count: a line of its own
            self._end_line()
            self.stream.write(f"{step}…\n")
        elif (now - self.started >= self.delay and now - self.drawn_at >= 0.1) or (self.open_line and done == total):
            filled = self.WIDTH * done // total
            self.stream.write(f"\r{step} [{'#' * filled}{'.' * (self.WIDTH - filled)}] {done}/{total}")
            self.drawn_at, self.open_line = now, True
            if done == total:
                self._end_line()
        self.stream.flush()

    def _end_line(self) -> None:
        if self.open_line:
            self.stream.write("\n")
            self.open_line = False


@cli.command()
@click.argument("unit_dirs", metavar="单位文件夹...", nargs=-1, required=True, type=NON_EMPTY)
@option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text：每条问题“文件:行:列: 代码 说明”；json：供其他程序读取。",
)
@option("--strict", is_flag=True, help="有警告也算不通过。")
@option(
    "--layout",
    type=NON_EMPTY,
    metavar="版式",
    help="按这个版式需要的字段检查（见 perfdocs layouts），代替 单位.yaml 中的“版式”。",
)
@click.pass_context
def check(
    ctx: click.Context, /, unit_dirs: tuple[str, ...], output_format: str, strict: bool, layout: str | None
) -> None:
    """检查一个或多个单位文件夹的数据，不生成文档。

    \b
    退出码：0 没有问题（或只有警告）；1 有错误（--strict 时警告也算）；
            2 有文件读不出来（语法、结构错误），规则无法检查。
    规则一览见 perfdocs rules。
    """
    report = perfdocs.check_folders(unit_dirs, layout)
    if output_format == "json":
        click.echo(json.dumps([problem.to_dict() for problem in report.problems], ensure_ascii=False, indent=2))
    else:
        _print_report(report)
    ctx.exit(EXIT_UNREADABLE if report.unreadable else EXIT_PROBLEMS if report.failed(strict=strict) else 0)


def _print_report(report: perfdocs.CheckReport) -> None:
    for problem in report.problems:
        click.echo(problem.format())
    errors = len(report.errors)
    if report.problems:
        say(f"共 {len(report.problems)} 个问题：{errors} 个错误，{len(report.problems) - errors} 个警告。")
    for folder, projects in report.clean:
        say(f"{folder}：{projects} 个项目，没有发现问题。")


@cli.command("import")
@click.argument("source", metavar="文件", type=NON_EMPTY)
@option(
    "-o",
    "--output",
    required=True,
    type=NON_EMPTY,
    metavar="文件夹",
    help="写入 YAML 的单位文件夹（如 projects/2025）。",
)
@option("--force", is_flag=True, help="覆盖文件夹中同名的已有文件。")
@option("--skip-bad", is_flag=True, help="跳过无法读取的表格（逐一列出），导入其余的。")
@option("--unit-code", metavar="编码", help="单位编码（文件中没有单位行时必填）。")
@option("--unit-name", metavar="名称", help="单位名称（文件中没有单位行时必填）。")
@option(
    "--money-unit",
    type=click.Choice(list(MONEY_UNITS)),
    metavar="|".join(MONEY_UNITS),
    help="金额单位（文件中没有写“单位：万元”时必填；写了则须一致）。",
)
def import_(
    source: str,
    *,
    output: str,
    force: bool,
    skip_bad: bool,
    unit_code: str | None,
    unit_name: str | None,
    money_unit: str | None,
) -> None:
    """把 Word（.docx）或 Excel（.xlsx）中的绩效目标表导入为 YAML 文件。

    每个项目写一个文件，另写 单位.yaml（单位信息、标题、项目顺序）。无法读取的表格
    会指出是第几张表第几行、为什么；默认此时什么也不写，加 --skip-bad 则跳过它们。
    已有的文件不会被覆盖，除非加 --force。
    """
    result = perfdocs.import_document(
        source,
        output,
        force=force,
        skip_bad=skip_bad,
        unit_code=unit_code,
        unit_name=unit_name,
        money_unit=money_unit,
    )
    for problem in result.skipped:
        say(f"已跳过：{problem.format()}", err=True)
    for notice in result.notices:
        say(f"提示：{notice}", err=True)
    files = len(result.files)
    skipped = f"；跳过 {len(result.skipped)} 处无法读取的表格（见上）" if result.skipped else ""
    counts = f"{result.projects} 个项目、{result.indicators} 个指标"
    say(f"已导入 {counts}，写入 {result.folder}（{files} 个文件）{skipped}。")


@cli.command()
@click.argument("paths", metavar="路径...", nargs=-1, type=NON_EMPTY)
@option("--check", is_flag=True, help="不改文件，只列出不是规范格式的文件（有则退出码为 1）。")
def fmt(paths: tuple[str, ...], check: bool) -> None:
    """把单位文件和项目文件改写为规范格式（键的顺序、引号、缩进、金额两位小数、≥≤），保留注释。

    路径可以是文件，或文件夹（在其中查找所有单位文件夹）；不写时为当前文件夹。
    """
    report = perfdocs.format_paths(paths or ["."], check=check)
    for problem in report.problems:
        say(problem.format(), err=True)
    for path in report.changed:
        say(f"不是规范格式：{path}" if check else f"已格式化：{path}")
    total, changed = len(report.files), len(report.changed)
    verb = "需要" if check else "已"
    say(f"共 {total} 个文件，{changed} 个{verb}改写，{total - changed} 个已是规范格式。")
    if report.problems or (check and report.changed):
        raise click.exceptions.Exit(EXIT_PROBLEMS)


@cli.command()
@click.argument("old", metavar="原单位文件夹", type=NON_EMPTY)
@click.argument("new", metavar="新单位文件夹", required=False, type=NON_EMPTY)
@option(
    "--rev",
    type=NON_EMPTY,
    metavar="版本",
    help="原单位取自 git 的这个版本（如 HEAD~1、main）；不写新单位时与工作区中的同一文件夹比较。",
)
@option(
    "--format",
    "output_format",
    type=click.Choice(["text", "markdown", "json"]),
    default="text",
    show_default=True,
    help="text：中文文字；markdown：用于合并请求的评论；json：供其他程序读取。",
)
def diff(old: str, new: str | None, rev: str | None, output_format: str) -> None:
    """比较一个单位的两个版本：新增、删除的项目，预算、绩效目标和指标的变化。

    \b
    perfdocs diff projects/2024 projects/2025      比较两个文件夹（按项目名称对应）
    perfdocs diff projects/2025 --rev HEAD~1        与 git 中上一个版本比较
    """
    if new is None and rev is None:
        raise click.UsageError("只给了一个文件夹时，要用 --rev 指明与 git 的哪个版本比较。")
    before, old_label = perfdocs.unit_at_revision(old, rev) if rev else (perfdocs.load_unit(old), old)
    after = perfdocs.load_unit(new or old)
    say(perfdocs.render_diff(perfdocs.diff_units(before, after, old_label, new or old), output_format), nl=False)


@cli.command()
@click.argument("document", metavar="文档.docx", type=NON_EMPTY)
def text(document: str) -> None:
    """把 Word 文档中的段落和表格打印为纯文本，每个单元格一行（供 git diff 比较 .docx）。"""
    say(perfdocs.document_text(document), nl=False)


class _TemplateNameOption(_Option):
    """The name of a shipped template: the help lists the names found where perfdocs' templates are."""

    def get_help_record(self, ctx: click.Context) -> tuple[str, str] | None:
        self.help = f"自带模板的名称：{'、'.join(perfdocs.template_names())}。"
        return super().get_help_record(ctx)


@cli.command()
@option("-o", "--output", required=True, type=NON_EMPTY, metavar="文件", help="要写出的模板文件（.docx）。")
@click.option(
    "-k",
    "--kind",
    "name",
    cls=_TemplateNameOption,
    type=NON_EMPTY,
    default="default",
    show_default=True,
    metavar="名称",
)
@option("--overwrite", is_flag=True, help="文件已存在时仍然覆盖（会丢失其中的内容）。")
def template(output: str, name: str, overwrite: bool) -> None:
    """把 perfdocs 自带的 Word 模板写到一个文件，供在 Word 或 WPS 中修改。

    \b
    改好后这样使用：perfdocs build projects/2025 -o 绩效目标.docx -t 我的模板.docx
    可以改字体、字号、列宽、边框、页脚；{{ }}、{%p %}、{%tr %} 等标签和
    名为 perfdocs_title 的书签要保留。已有的文件不会被覆盖，除非加 --overwrite。
    """
    path = perfdocs.write_template(output, name, overwrite=overwrite)
    say(f"已写出模板 {path}（{name}）。在 Word 或 WPS 中修改后，用 perfdocs build … -t {path} 生成文档。")


@cli.command()
@option("--unit", "unit_file", is_flag=True, help="输出单位文件（单位.yaml）的结构，而不是项目文件的。")
@option(
    "--framework", metavar="指标体系", default="产出-效益-满意度", show_default=True, help="项目文件所用的指标体系。"
)
def schema(unit_file: bool, framework: str) -> None:
    """输出项目文件（或单位文件）的 JSON Schema，供编辑器补全和检查。"""
    if unit_file:
        document = perfdocs.unit_schema(perfdocs.framework_names())
    else:
        document = perfdocs.project_schema(perfdocs.shipped_framework(framework))
    click.echo(json.dumps(document, ensure_ascii=False, indent=2))


@cli.command()
@click.argument("name", metavar="项目名称")
@option(
    "-u", "--unit", "unit_dir", required=True, type=NON_EMPTY, metavar="单位文件夹", help="新项目所属的单位文件夹。"
)
def new(name: str, unit_dir: str) -> None:
    """新建一个项目文件（含全部栏目和编辑器用的 schema 行），并加到单位的项目顺序末尾。"""
    path = perfdocs.new_project(name, unit_dir)
    say(f"已新建 {path}，并加入 {unit_dir}/单位.yaml 的项目顺序。请填写其中括号里的内容，再运行 perfdocs check。")


@cli.command()
def layouts() -> None:
    """列出 perfdocs 能生成的版式，每个一行说明（在 单位.yaml 中写“版式: 上海”，或 build --layout 上海）。"""
    for layout in perfdocs.layout_table():
        click.echo(f"{layout.name}{'（默认）' if layout.name == perfdocs.DEFAULT_LAYOUT else ''}  {layout.description}")
        click.echo(f"      金额单位：{layout.money_unit or '同 单位.yaml'}；{layout.index}")


@cli.command()
@option("--markdown", is_flag=True, help="输出 Markdown 表格（README 中的规则表即由此生成）。")
def rules(markdown: bool) -> None:
    """列出 perfdocs check 的全部规则：代码、级别、检查什么、怎么改。

    在项目文件中可以忽略某条规则，但要写明理由，例如：
    忽略: {PD402: 成本在其他项目中列支}
    """
    if markdown:
        click.echo(perfdocs.rule_table(), nl=False)
        return
    severity = {"error": "错误", "warning": "警告"}
    for rule in sorted(perfdocs.RULES, key=lambda rule: rule.code):
        click.echo(f"{rule.code} {severity[rule.severity]}  {rule.checks}\n      怎么改：{rule.fix}")


def _usage_message(error: click.ClickException) -> str:
    """click's usage errors in Chinese (click itself speaks English)."""
    context = getattr(error, "ctx", None)
    param = getattr(error, "param", None)
    hint = param.get_error_hint(context) if param is not None and context is not None else ""
    english = error.format_message()
    if isinstance(error, click.MissingParameter):
        return f"缺少{'选项' if isinstance(param, click.Option) else '参数'} {hint}。"
    if isinstance(error, click.NoSuchOption):
        return f"没有选项 {error.option_name}。{did_you_mean_option(error)}"
    if isinstance(error, click.BadOptionUsage):
        return f"选项 {error.option_name} 后面要写一个值。"
    if isinstance(error, click.BadParameter):
        return f"{hint} 的值不对：{_expected(param)}。"
    unknown = re.match(r"No such command '(.+?)'", english)
    if unknown and context is not None and isinstance(context.command, click.Group):
        return f"没有命令 {unknown.group(1)}。{perfdocs.did_you_mean(unknown.group(1), context.command.commands)}"
    return english


def _expected(param: click.Parameter | None) -> str:
    kind = param.type if param is not None else None
    if isinstance(kind, _NonEmptyText):
        return "不能为空"
    if isinstance(kind, click.FloatRange | click.IntRange):
        return f"应为 {kind.min:g} 到 {kind.max:g} 之间的数"
    if isinstance(kind, click.Choice):
        return f"应为 {'、'.join(map(str, kind.choices))} 之一"
    return "请查看用法"


def did_you_mean_option(error: click.NoSuchOption) -> str:
    return f"是不是 {error.possibilities[0]}？" if error.possibilities else ""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code instead of raising.

    SIGTERM and SIGHUP stop a command as Ctrl-C does, so that the same clean-up
    runs (LibreOffice stopped, temporary files removed, no half-written output).
    """
    # A command builds many small objects that live until it ends and form no cycles: the
    # cyclic garbage collector would walk all of them again and again (a third of a large build).
    collecting = gc.isenabled()
    gc.disable()
    try:
        with signals_as_interrupts():
            # Without standalone mode, click returns the code a command exits with (ctx.exit).
            code = cli.main(args=list(argv) if argv is not None else None, prog_name="perfdocs", standalone_mode=False)
    except click.Abort as error:  # click turns KeyboardInterrupt, Interrupted included, into Abort
        return _report(error.__context__ if isinstance(error.__context__, KeyboardInterrupt) else error)
    except (
        perfdocs.PerfdocsError,
        click.ClickException,
        click.exceptions.Exit,
        KeyboardInterrupt,
        OSError,
    ) as error:
        return _report(error, _writes(argv))
    except Exception as error:  # a defect of perfdocs: said plainly, without a traceback for the user
        return _report_defect(error)
    finally:
        if collecting:
            gc.enable()
    return code if isinstance(code, int) else 0


#: The commands that write files: their problems mean that nothing was written.
WRITING_COMMANDS = frozenset(("build", "import", "fmt", "new", "template"))


def _writes(argv: Sequence[str] | None) -> bool:
    arguments = list(sys.argv[1:] if argv is None else argv)
    return next((argument for argument in arguments if not argument.startswith("-")), "") in WRITING_COMMANDS


def _report(error: BaseException, writes: bool = True) -> int:
    """Print what went wrong, in Chinese and without a traceback; the exit code for it."""
    if isinstance(error, click.exceptions.Exit):
        return error.exit_code
    if isinstance(error, perfdocs.InputError):
        lines = [problem.format() for problem in error.problems]
        lines.append(f"共 {len(error.problems)} 个问题{'，未生成任何文件' if writes else ''}。")
        code = EXIT_PROBLEMS
    elif isinstance(error, perfdocs.PerfdocsError):
        lines, code = [f"错误：{error}"], EXIT_PROBLEMS
    elif isinstance(error, OSError):
        where = f"{error.filename}：" if error.filename else ""
        lines, code = [f"错误：{where}{describe_os_error(error)}。"], EXIT_PROBLEMS
    elif isinstance(error, click.exceptions.NoArgsIsHelpError):
        click.echo(error.ctx.get_help() if error.ctx else "")
        lines, code = [], EXIT_USAGE
    elif isinstance(error, click.ClickException):
        context = getattr(error, "ctx", None)
        command = context.command_path if context is not None else "perfdocs"
        lines, code = [f"错误：{_usage_message(error)}", f"请运行“{command} --help”查看用法。"], EXIT_USAGE
    elif isinstance(error, Interrupted):
        name = signal.Signals(error.signal_number).name
        lines, code = [f"已取消（收到 {name}）。"], 128 + error.signal_number
    else:
        lines, code = [CANCELLED], EXIT_INTERRUPTED
    for line in lines:
        click.echo(printable_lines(line), err=True)
    return code


def say(text: str, *, err: bool = False, nl: bool = True) -> None:
    """Print ``text`` safe for a terminal: a path or a value in it cannot move the cursor or change the window
    title (tabs, which git's text conversion of a document keeps, stay tabs)."""
    click.echo("\t".join(map(printable_lines, text.split("\t"))), err=err, nl=nl)


def printable_lines(text: str) -> str:
    """Each line of ``text`` safe for a terminal (:func:`~perfdocs.errors.printable`), the line breaks kept."""
    return "\n".join(map(printable, text.split("\n")))


def _report_defect(error: Exception) -> int:
    """An error perfdocs did not foresee: one line for the user, the details for a bug report."""
    detail = f"{type(error).__name__}: {error}"[:300]
    click.echo(f"错误：perfdocs 内部错误（{detail}）。这是 perfdocs 的缺陷，不是数据的问题，请报告给开发者。", err=True)
    if os.environ.get("PERFDOCS_DEBUG"):
        traceback.print_exception(error, file=sys.stderr)
    return EXIT_DEFECT


def run() -> None:
    """Console-script entry point.

    Ends the process without the interpreter's tidying up: freeing a large unit
    object by object takes a tenth of a build, and there is nothing left to do
    (every file is written and closed, every worker process joined).
    """
    code = main()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":  # pragma: no cover
    run()
