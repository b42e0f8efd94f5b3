"""The bad-input corpus (``tests/corpus/``, see its README): finding, materialising and running its cases."""

from __future__ import annotations

import importlib.util
import shlex
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from perfdocs.cli import main

CORPUS = Path(__file__).parent / "corpus"
#: The files of a case folder that are not input.
CASE_FILES = ("args", "expected", "expected-files", "expected-after")
Builder = Callable[[Path], None]


@dataclass(frozen=True)
class Case:
    """One corpus case: its folder, and the function that makes its binary inputs, if any."""

    folder: Path
    builder: Builder | None

    @property
    def name(self) -> str:
        return f"{self.folder.parent.name}/{self.folder.name}"

    @property
    def args(self) -> str:
        return (self.folder / "args").read_text(encoding="utf-8").strip()

    def materialise(self, into: Path) -> Path:
        """A copy of the case's inputs (built ones included) in ``into``; the copy's path."""
        copy = into / self.folder.name
        shutil.copytree(self.folder, copy, symlinks=True, ignore=shutil.ignore_patterns(*CASE_FILES))
        if self.builder is not None:
            self.builder(copy)
        return copy


def _builders(class_folder: Path) -> dict[str, Builder]:
    module_file = class_folder / "builders.py"
    if not module_file.is_file():
        return {}
    spec = importlib.util.spec_from_file_location(f"corpus_builders_{class_folder.name}", module_file)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    builders: dict[str, Builder] = module.BUILDERS
    return builders


def cases() -> list[Case]:
    """Every case of the corpus, sorted by class and name."""
    found = []
    for class_folder in sorted(path for path in CORPUS.iterdir() if path.is_dir()):
        builders = _builders(class_folder)
        folders = {path.name: path for path in class_folder.iterdir() if (path / "args").is_file()}
        unknown = sorted(set(builders) - set(folders))
        assert not unknown, f"builders without a case folder in {class_folder.name}: {unknown}"
        found += [Case(folders[name], builders.get(name)) for name in sorted(folders)]
    return found


def run_cli(args: list[str], cwd: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> str:
    """Run ``perfdocs args`` in ``cwd`` in this process; the exit code and output in the ``expected`` form."""
    monkeypatch.chdir(cwd)
    code = main(args)
    out, err = capsys.readouterr()
    return f"exit {code}\n--- stdout\n{out}--- stderr\n{err}"


def command(case: Case, out: Path) -> list[str]:
    """The case's command line, ``{out}`` filled in."""
    return [part.replace("{out}", str(out)) for part in shlex.split(case.args)]


def folder_files(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` by its relative path, for comparing what a command wrote."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()
    }
