"""No Python traceback ever reaches a user: every command, over every input of the bad-input corpus.

``test_corpus.py`` checks each case's one command exactly; here each input of
every case goes through every command that reads a file or a folder, and
whatever it prints must be a message of perfdocs', with a known exit code.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from corpus import Case, cases, run_cli

#: Each command that reads input, with ``{input}`` for the file or folder and ``{out}`` for a new place.
COMMANDS = (
    ["check", "{input}"],
    ["check", "--format", "json", "{input}"],
    ["build", "{input}", "-o", "{out}/文档.docx", "--no-page-numbers"],
    ["import", "{input}", "-o", "{out}/导入"],
    ["fmt", "--check", "{input}"],
    ["fmt", "{input}"],
    ["diff", "{input}", "{input}"],
    ["text", "{input}"],
    ["new", "新项目", "-u", "{input}"],
)
EXIT_CODES = {0, 1, 2}
#: Seconds any one command may take on these small inputs; more means it hangs (a pipe opened for reading).
LIMIT = 30


class Hung(BaseException):
    """Raised by the alarm: a BaseException, so that no handler of perfdocs' can take it for an error."""


@contextmanager
def time_limit(seconds: int) -> Iterator[None]:
    def hung(number: int, frame: object) -> None:
        raise Hung

    previous = signal.signal(signal.SIGALRM, hung)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def inputs(copy: Path) -> list[Path]:
    """The files and folders a user could hand to a command: what the case folder holds, and one level in."""
    top = sorted(copy.iterdir())
    return top + [inner for path in top if path.is_dir() and not path.is_symlink() for inner in sorted(path.iterdir())]


@pytest.mark.parametrize("case", cases(), ids=lambda case: case.name)
def test_every_command_over_every_input(
    case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    copy = case.materialise(tmp_path / "case")
    for number, path in enumerate(inputs(copy)):
        for index, command in enumerate(COMMANDS):
            out = tmp_path / f"out-{number}-{index}"
            out.mkdir()
            args = [part.replace("{input}", str(path)).replace("{out}", str(out)) for part in command]
            try:
                with time_limit(LIMIT):
                    output = run_cli(args, copy, monkeypatch, capsys)
            except Hung:
                pytest.fail(f"perfdocs {' '.join(args)} did not finish in {LIMIT} s")
            assert "Traceback" not in output, (args, output)
            assert "内部错误" not in output, (args, output)
            assert int(output.split("\n", 1)[0].removeprefix("exit ")) in EXIT_CODES, (args, output)
