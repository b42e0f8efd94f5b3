"""What git cannot store: a unit file its owner made read-only."""

from __future__ import annotations

from pathlib import Path


def read_only_unit_file(folder: Path) -> None:
    """``new`` writes the project file, then cannot add it to the order: it must not leave the file behind."""
    (folder / "单位目录" / "单位.yaml").chmod(0o444)


BUILDERS = {"单位文件只读时不留下新文件": read_only_unit_file}
