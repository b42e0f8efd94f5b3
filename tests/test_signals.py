"""Stopping perfdocs mid-build, as a user, a service manager or the kernel would: ``python -m perfdocs``
runs as a real process with LibreOffice, and gets SIGINT, SIGTERM, SIGHUP or SIGKILL while LibreOffice works.

Whatever stops it, no LibreOffice process of that build is left, and nothing of it stays on disk: not
the temporary folder (with LibreOffice's profile), not a temporary file beside the output, and no output.
A build killed with SIGKILL cannot clean up after itself: then the watchdog stops LibreOffice, and the
next build removes the temporary folder. There LibreOffice is made to stay at work after its conversion,
as a hung LibreOffice would, so that it cannot end in time by itself.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import EXAMPLE_UNIT
from synthetic import write_unit

from perfdocs.office import SOFFICE_VARIABLE

pytestmark = [
    pytest.mark.usefixtures("libreoffice"),
    pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads processes from /proc"),
]


class Build:
    """``perfdocs build`` in a process of its own, with a temporary folder of its own."""

    def __init__(
        self,
        tmp_path: Path,
        *sources: Path,
        output: str = "绩效目标.pdf",
        more: tuple[str, ...] = (),
        soffice: Path | None = None,
    ) -> None:
        self.temporary = tmp_path / "tmp"
        self.temporary.mkdir(exist_ok=True)
        self.out = tmp_path / "out"
        self.out.mkdir(exist_ok=True)
        command = [sys.executable, "-m", "perfdocs", "build", *map(str, sources), "-o", str(self.out / output), *more]
        environment = {**os.environ, "TMPDIR": str(self.temporary)}
        if soffice is not None:
            environment[SOFFICE_VARIABLE] = str(soffice)
        self.process = subprocess.Popen(
            command,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env=environment,
            start_new_session=True,  # a process group of its own, as a terminal gives a command
        )

    def offices(self) -> list[int]:
        """The live processes (not zombies) of this build's LibreOffice: they name its temporary folder."""
        return [pid for pid, command in live_processes() if f"{self.temporary}/" in command]

    def wait_for_libreoffice(self) -> None:
        """Until soffice.bin itself is at work (LibreOffice has made its profile)."""
        deadline = time.monotonic() + 120
        while not any("soffice.bin" in command and f"{self.temporary}/" in command for _, command in live_processes()):
            assert self.process.poll() is None, self.process.communicate()
            assert time.monotonic() < deadline, "LibreOffice did not start"
            time.sleep(0.05)
        time.sleep(0.5)

    def result(self) -> tuple[int, str]:
        _, err = self.process.communicate(timeout=120)
        return self.process.returncode, err.decode()


def live_processes() -> list[tuple[int, str]]:
    """Every process that is not a zombie, with its command line."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        if state not in ("Z", "X"):
            found.append((int(entry.name), command))
    return found


def eventually(condition: Callable[[], bool], seconds: float = 5) -> bool:
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.1)
    return True


def everything_under(folder: Path) -> list[str]:
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*"))


@pytest.mark.parametrize(
    ("number", "to_group", "message"),
    [
        (signal.SIGINT, True, "已取消。"),  # Ctrl-C: the terminal signals the command's process group
        (signal.SIGTERM, False, "已取消（收到 SIGTERM）。"),
        (signal.SIGHUP, False, "已取消（收到 SIGHUP）。"),
    ],
    ids=["SIGINT", "SIGTERM", "SIGHUP"],
)
def test_a_stopped_build_leaves_no_libreoffice_and_no_file(
    tmp_path: Path, number: signal.Signals, to_group: bool, message: str
) -> None:
    build = Build(tmp_path, EXAMPLE_UNIT)
    build.wait_for_libreoffice()
    if to_group:
        os.killpg(build.process.pid, number)
    else:
        os.kill(build.process.pid, number)
    code, err = build.result()
    assert (code, err.strip()) == (128 + number, message)
    assert build.offices() == []
    assert everything_under(build.temporary) == []
    assert everything_under(build.out) == []


@pytest.fixture
def lingering_office(tmp_path: Path, libreoffice: str) -> Path:
    """LibreOffice, then a minute's wait in a process that names the build's temporary folder."""
    program = tmp_path / "soffice"
    program.write_text(
        f"#!{sys.executable}\nimport subprocess, sys, time\n"
        f"subprocess.run([{libreoffice!r}, *sys.argv[1:]])\ntime.sleep(60)\n"
    )
    program.chmod(0o755)
    return program


def test_a_killed_build_leaves_no_libreoffice_and_the_next_build_tidies_up(
    tmp_path: Path, lingering_office: Path
) -> None:
    build = Build(tmp_path, EXAMPLE_UNIT, soffice=lingering_office)
    build.wait_for_libreoffice()
    os.kill(build.process.pid, signal.SIGKILL)
    assert build.result()[0] == -signal.SIGKILL
    assert eventually(lambda: build.offices() == []), build.offices()
    (abandoned,) = build.temporary.iterdir()
    assert abandoned.name.startswith("perfdocs-")
    following = Build(tmp_path, EXAMPLE_UNIT, output="又一次.pdf")
    assert following.result()[0] == 0
    assert everything_under(build.temporary) == []
    assert everything_under(build.out) == ["又一次.pdf"]


@pytest.fixture
def two_units(tmp_path: Path) -> Path:
    units = tmp_path / "units"
    for name in ("甲", "乙"):
        shutil.copytree(EXAMPLE_UNIT, units / name)
    return units


def test_a_stopped_many_unit_build_stops_every_unit(tmp_path: Path, two_units: Path) -> None:
    build = Build(tmp_path, two_units, output="", more=("--pdf",))
    build.wait_for_libreoffice()
    os.kill(build.process.pid, signal.SIGTERM)
    code, err = build.result()
    assert (code, err.strip()) == (128 + signal.SIGTERM, "已取消（收到 SIGTERM）。")
    assert build.offices() == []
    assert everything_under(build.temporary) == []
    assert everything_under(build.out) == []


def test_a_killed_many_unit_build_leaves_no_worker_and_no_libreoffice(
    tmp_path: Path, two_units: Path, lingering_office: Path
) -> None:
    """Its workers end with it (and, stopped, clean up as they would on Ctrl-C)."""
    build = Build(tmp_path, two_units, output="", more=("--pdf",), soffice=lingering_office)
    build.wait_for_libreoffice()
    os.kill(build.process.pid, signal.SIGKILL)
    build.result()
    assert eventually(lambda: build.offices() == [] and not workers_of(two_units), 10)
    assert eventually(lambda: everything_under(build.temporary) == [])
    assert everything_under(build.out) == []


def workers_of(units: Path) -> list[int]:
    """Processes whose command line names ``units``: perfdocs and its workers."""
    return [pid for pid, command in live_processes() if str(units) in command]


def test_a_killed_check_of_a_large_unit_leaves_no_worker(tmp_path: Path) -> None:
    """A check's worker processes, left waiting for work that never comes, lived on for ever."""
    unit = write_unit(tmp_path / "大单位", 3000)
    check = subprocess.Popen(
        [sys.executable, "-m", "perfdocs", "check", str(unit)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    children = Path(f"/proc/{check.pid}/task/{check.pid}/children")
    assert eventually(lambda: bool(children.read_text().split()), 60)
    workers = [int(pid) for pid in children.read_text().split()]
    os.kill(check.pid, signal.SIGKILL)
    check.wait()
    assert eventually(lambda: not {pid for pid, _ in live_processes()} & set(workers))
