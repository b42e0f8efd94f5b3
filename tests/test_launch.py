"""The entry point: Ctrl-C while the command line is still loading is said as Ctrl-C, without a traceback."""

from __future__ import annotations

import importlib.abc
import sys
from pathlib import Path
from typing import Any

import pytest

from perfdocs import launch
from perfdocs.interrupts import EXIT_INTERRUPTED


class _InterruptedLoading(importlib.abc.MetaPathFinder):
    """Loading perfdocs.cli is interrupted, as a Ctrl-C in the first tenths of a second does."""

    def find_spec(self, name: str, *_args: Any) -> None:
        if name == "perfdocs.cli":
            raise KeyboardInterrupt


def test_ctrl_c_while_loading_ends_quietly(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delitem(sys.modules, "perfdocs.cli", raising=False)
    monkeypatch.setattr(sys, "meta_path", [_InterruptedLoading(), *sys.meta_path])
    with pytest.raises(SystemExit) as stopped:
        launch.run()
    assert stopped.value.code == EXIT_INTERRUPTED
    assert capsys.readouterr() == ("", "已取消。\n")


def test_the_console_script_and_python_m_use_the_entry_point() -> None:
    root = Path(__file__).resolve().parent.parent
    assert "perfdocs = perfdocs.launch:run" in (root / "setup.cfg").read_text(encoding="utf-8")
    assert "from perfdocs.launch import run" in (root / "perfdocs" / "__main__.py").read_text(encoding="utf-8")
