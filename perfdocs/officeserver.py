"""One LibreOffice for all the conversions of a build, driven over UNO: started once, not once a conversion.

Starting LibreOffice costs about a second, and a build converts two or three times. So a build's
LibreOffice (:func:`open_office`) is started once, listening on a pipe (``--accept``), under the
watchdog like a conversion on the command line (it stops with the build, however the build ends),
while perfdocs renders the first round; a bridge (:mod:`perfdocs.unobridge`), run by the Python that
has LibreOffice's ``uno`` module, converts in it. perfdocs' own Python cannot load that module (it
is built for LibreOffice's Python or the system's). Without such a Python (Debian: no python3-uno),
or when LibreOffice ends before it listens, each conversion runs ``soffice --convert-to`` as before.

A caller that runs many builds (a many-unit build's workers, the test session) can keep LibreOffices
running for all of them (:func:`shared_offices`): each build then claims one that no other build is
using. A LibreOffice that outlives builds grows with what it converted, so only such callers keep
one, for as long as they run.
"""

from __future__ import annotations

import contextlib
import importlib
import json
import multiprocessing
import os
import queue
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from perfdocs import office, officeprofile, unobridge
from perfdocs.errors import OfficeError, printable
from perfdocs.interrupts import deferred_signals

if sys.platform != "win32":
    import fcntl

#: Set by :func:`shared_offices` for the builds it runs: the program and the LibreOffices kept running.
SHARED_VARIABLE = "PERFDOCS_SHARED_OFFICE"
SERVER_LOG = "libreoffice-server.log"
_POLL = 0.02  # seconds between looks at a LibreOffice that might have ended
_SHARED_CONNECT = 30.0  # seconds a build tries to reach a LibreOffice kept running for it


def uno_python(program: str) -> str | None:
    """The Python that can drive ``program`` over UNO: the one LibreOffice ships (Windows, macOS, the
    builds from libreoffice.org), or the system's where Debian's python3-uno put pyuno beside soffice."""
    folder = Path(os.path.realpath(program)).parent
    for bundled in (folder / "python.exe", folder / "python", folder.parent / "Resources" / "python"):
        if bundled.is_file():
            return str(bundled)
    if (folder / "pyuno.so").exists():
        return shutil.which("python3", path=os.defpath)
    return None


def open_office(workdir: Path, timeout: float = office.DEFAULT_TIMEOUT) -> office.Office | None:
    """:func:`perfdocs.office.open_office`, with a LibreOffice already starting for its conversions where
    it can be driven over UNO. The office must be closed (:meth:`~perfdocs.office.Office.close`)."""
    found = office.open_office(workdir, timeout)
    if found is not None:
        officeprofile.copy_into(found.profile, found.program)
        found.converter = _converter(found)
        # What reads the pages from the PDF loads while LibreOffice starts, not after it.
        threading.Thread(target=importlib.import_module, args=("pypdf",), daemon=True).start()
    return found


def _converter(found: office.Office) -> office.Converter | None:
    python = uno_python(found.program)
    if python is None:
        return None
    shared = _claim_shared(found.program, found.timeout)
    if shared is not None:  # already running: it should answer at once
        pipe, claim = shared
        return _bridge(python, pipe, None, min(found.timeout / 2, _SHARED_CONNECT), claim)
    try:
        server = Listening(found.program, found.profile, found.environment(), found.folder / SERVER_LOG)
    except OfficeError:  # cannot start: converting the old way says why
        return None
    return _bridge(python, server.pipe, server, found.timeout + _SHARED_CONNECT, server)  # the time limit ends it


def _bridge(python: str, pipe: str, server: Listening | None, connect: float, held: Listening | int) -> Bridge | None:
    """A bridge to the LibreOffice on ``pipe``, holding ``held`` (its server, or the claim on a shared one)."""
    try:
        bridge = Bridge(python, pipe, server, connect)
    except OSError:  # the Python that was found cannot run: convert the old way
        _let_go(held)
        return None
    bridge.held = held
    return bridge


def _let_go(held: Listening | int) -> None:
    if isinstance(held, Listening):
        held.stop()
    else:
        os.close(held)


class Listening:
    """LibreOffice started with ``--accept`` on a pipe of its own, under the watchdog, until :meth:`stop`."""

    def __init__(self, program: str, profile: Path, environment: dict[str, str], log: Path) -> None:
        self.pipe = f"perfdocs-{os.getpid()}-{secrets.token_hex(6)}"
        self.program = program
        command = [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--invisible",
            "--norestore",
            "--nolockcheck",
            f"--accept=pipe,name={self.pipe};urp;StarOffice.ComponentContext",
        ]
        watched, self._held = os.pipe()
        try:
            self.process = office.start_watched(command, environment, log, watched)
        except BaseException:
            os.close(self._held)
            raise
        finally:
            os.close(watched)

    def ended(self) -> bool:
        return office.has_ended(self.process)

    def stop(self) -> None:
        with deferred_signals():  # a second Ctrl-C must not leave LibreOffice running
            office.stop_watched(self.process)
            os.close(self._held)


class Bridge:
    """The process that converts in one listening LibreOffice (:mod:`perfdocs.unobridge`), and what it holds."""

    def __init__(self, python: str, pipe: str, server: Listening | None, connect: float) -> None:
        self.server = server
        self.held: Listening | int | None = None
        self.ready: bool | None = None
        self.process = subprocess.Popen(
            [python, "-I", unobridge.__file__, pipe, f"{connect:g}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
            encoding="utf-8",
        )
        self.answers: queue.Queue[dict[str, object] | None] = queue.Queue()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with contextlib.suppress(ValueError):
                self.answers.put(json.loads(line))
        self.answers.put(None)

    def convert(self, document: Path, pdf: Path, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        if self.ready is None:
            answer = self._answer(deadline, timeout)
            self.ready = answer is not None and answer.get("ready") is True
        if not self.ready:
            if self.server is not None:  # it ended before it listened: perhaps the profile it was given
                officeprofile.forget(self.server.program)
            return False
        assert self.process.stdin is not None
        try:
            self.process.stdin.write(json.dumps({"document": str(document), "pdf": str(pdf)}) + "\n")
            self.process.stdin.flush()
        except OSError as error:
            raise OfficeError("LibreOffice 转换失败（它意外退出）。") from error
        answer = self._answer(deadline, timeout)
        if answer is None:
            raise OfficeError(f"LibreOffice 转换失败（它意外退出）。{office.full_disk(pdf.parent)}")
        if "error" in answer:
            reason = printable(str(answer["error"]))
            raise OfficeError(f"LibreOffice 转换失败（{reason}）。{office.full_disk(pdf.parent)}")
        return True

    def _answer(self, deadline: float, timeout: float) -> dict[str, object] | None:
        """The bridge's next line; None when it, or LibreOffice, ended first."""
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise OfficeError(office.TIMEOUT_MESSAGE.format(timeout=timeout))
            try:
                return self.answers.get(timeout=min(left, _POLL))
            except queue.Empty:
                if self.server is not None and self.server.ended():
                    return None

    def close(self) -> None:
        with deferred_signals():
            if self.process.stdin is not None:
                with contextlib.suppress(OSError):
                    self.process.stdin.close()
            self.process.kill()
            self.process.wait()
            self.reader.join()
            if self.process.stdout is not None:
                self.process.stdout.close()
            if self.held is not None:
                _let_go(self.held)
                self.held = None


@dataclass(frozen=True)
class _Shared:
    program: str
    pipes: tuple[str, ...]
    claims: tuple[str, ...]
    owner: int  # the process that keeps them: it and its workers (multiprocessing) use them


def _claim_shared(program: str, timeout: float) -> tuple[str, int] | None:
    """A LibreOffice that :func:`shared_offices` keeps for ``program`` and no other build is using, with the
    open lock file that claims it; None without one (waiting, within ``timeout``, while all are in use)."""
    if sys.platform == "win32":  # pragma: no cover - no flock
        return None
    try:
        given = json.loads(os.environ.get(SHARED_VARIABLE, ""))
        shared = _Shared(given["program"], tuple(given["pipes"]), tuple(given["claims"]), int(given["owner"]))
    except (ValueError, KeyError, TypeError):
        return None
    parent = multiprocessing.parent_process()
    owned = shared.owner in (os.getpid(), parent and parent.pid)  # not a command that inherited the variable
    if not owned or os.path.realpath(shared.program) != os.path.realpath(program):
        return None
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for pipe, claim in zip(shared.pipes, shared.claims, strict=True):
            try:
                handle = os.open(claim, os.O_RDONLY)
            except OSError:
                return None
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(handle)
                continue
            return pipe, handle
        time.sleep(_POLL)
    return None


@contextlib.contextmanager
def shared_offices(count: int, timeout: float = office.DEFAULT_TIMEOUT) -> Iterator[None]:
    """Keep ``count`` LibreOffices running while the block runs, for the builds it starts (in this process
    or in processes it starts); nothing where LibreOffice cannot be driven over UNO, or does not start
    (each build then finds out for itself, and says why)."""
    try:
        program = office.find_soffice() if count > 0 and sys.platform != "win32" else None
    except OfficeError:
        program = None
    if program is None or uno_python(program) is None:
        yield
        return
    with tempfile.TemporaryDirectory(prefix="perfdocs-offices-") as folder:
        servers: list[Listening] = []
        try:
            with contextlib.suppress(OfficeError):
                for number in range(count):
                    work = Path(folder) / str(number)
                    work.mkdir()
                    found = office.Office(program, work / "profile", timeout)
                    officeprofile.copy_into(found.profile, program)
                    servers.append(Listening(program, found.profile, found.environment(), work / SERVER_LOG))
                    (work / "claim").touch()
            given = {
                "owner": os.getpid(),
                "program": program,
                "pipes": [server.pipe for server in servers],
                "claims": [str(Path(folder) / str(number) / "claim") for number in range(len(servers))],
            }
            with _variable(SHARED_VARIABLE, json.dumps(given)) if servers else contextlib.nullcontext():
                yield
        finally:
            for server in servers:
                server.stop()


@contextlib.contextmanager
def _variable(name: str, value: str) -> Iterator[None]:
    before = os.environ.get(name)
    os.environ[name] = value
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
