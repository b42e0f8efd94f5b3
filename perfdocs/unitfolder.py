"""Which files of a unit folder perfdocs reads: regular files inside the folder, one per project.

``perfdocs check`` runs in pre-commit and CI on other people's pull requests, so
a unit folder is untrusted: a project file may be a link to ``/proc/self/environ``
or to a credentials file, and its text would then be quoted in a message that
the CI log prints. Nothing outside the unit folder is ever read, through a link
or a path; a link that leads out is refused and named. Two files that stand for
one project (``X.yaml`` and ``X.YAML``, or names that differ only in ways a
reader cannot see) are an error: only one of them could be printed.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from perfdocs.errors import FILES, Location, Problem, describe_os_error
from perfdocs.names import same_name_key

#: The file in a unit folder that describes the unit itself.
UNIT_FILE = "单位.yaml"
PROJECT_SUFFIX = ".yaml"


def unit_folders_below(top: Path, problems: list[Problem]) -> tuple[list[Path], list[Path]]:
    """The unit folders at or below ``top``, and the folders that look like one but are not (YAML files or a
    ``单位.*`` file, but no ``单位.yaml``): nothing there may be left out without a word.

    Links to folders are not followed (they may lead anywhere), nor are hidden folders (``.git``); a folder
    that cannot be listed is a problem.
    """

    def unlisted(error: OSError) -> None:
        where = Location(str(error.filename or top))
        problems.append(Problem(where, FILES, f"无法列出文件夹的内容：{describe_os_error(error)}。"))

    units, lookalikes = [], []
    for folder, subfolders, files in os.walk(top, onerror=unlisted):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        if UNIT_FILE in files:
            units.append(Path(folder))
        elif any(name.startswith("单位.") or _project_like(Path(folder) / name) for name in files):
            lookalikes.append(Path(folder))
    return units, lookalikes


def _project_like(path: Path) -> bool:
    """A YAML file that reads like a project file (it names a 项目名称 near its start); other YAML files of a
    repository (``.pre-commit-config.yaml``, ``mkdocs.yml``) are not ours."""
    if path.name.startswith(".") or not path.name.lower().endswith((PROJECT_SUFFIX, ".yml")):
        return False
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            return False
        with path.open("rb") as file:
            return "项目名称".encode() in file.read(4096)
    except OSError:
        return False


def unit_root(folder: Path) -> Path | Problem:
    """The unit folder with its links resolved, which every file read must stay inside; or why it cannot be."""
    try:
        return folder.resolve(strict=True)
    except (OSError, RuntimeError) as error:  # RuntimeError: a loop of links, in Python before 3.13
        reason = describe_os_error(error) if isinstance(error, OSError) else "符号链接形成了循环"
        return Problem(Location(str(folder)), FILES, f"无法打开这个单位文件夹：{reason}。")


def outside_problem(path: Path, root: Path) -> Problem | None:
    """Why ``path`` must not be read: it leads out of ``root``, is a broken link or a loop, or is not a
    regular file (a folder, a pipe, a device). None for a file that may be read."""
    where = Location(str(path))
    try:
        target = path.resolve(strict=True)
        mode = os.stat(target).st_mode
    except (OSError, RuntimeError) as error:
        if path.is_symlink():
            return Problem(where, FILES, "这是一个符号链接，但它指向的文件不存在，或链接形成了循环：请换成文件本身。")
        reason = describe_os_error(error) if isinstance(error, OSError) else "符号链接形成了循环"
        return Problem(where, FILES, f"无法读取这个文件：{reason}。")
    if not target.is_relative_to(root):
        message = (
            "这是一个指向单位文件夹以外的符号链接（或路径）：perfdocs 不读单位文件夹以外的文件，"
            "请把文件本身放进单位文件夹。"
        )
        return Problem(where, FILES, message)
    if not stat.S_ISREG(mode):
        return Problem(where, FILES, "这不是一个普通文件（是文件夹、管道或设备），没有读取：请删去或改名。")
    return None


def project_paths(
    folder: Path, root: Path, problems: list[Problem], skip: Path | None = None, listed: frozenset[str] = frozenset()
) -> list[Path]:
    """The project files of ``folder``: its ``.yaml`` files but ``单位.yaml`` and ``skip`` (the unit's own
    framework file), each a regular file inside ``root``, one per project name. Of two files with one
    name, the one the unit's order lists (``listed``) with the extension in lower case is kept.

    Listed with ``scandir``, which knows files from folders without asking the
    file system once per file (thousands of files).
    """
    try:
        with os.scandir(folder) as entries:
            entries_found = sorted((entry.name, entry.is_symlink() or not entry.is_file()) for entry in entries)
    except OSError as error:
        problems.append(Problem(Location(str(folder)), FILES, f"无法列出文件夹的内容：{describe_os_error(error)}。"))
        return []
    paths = []
    for name, unusual in entries_found:
        path = folder / name
        suffix = path.suffix.lower()
        if name == UNIT_FILE or suffix not in (PROJECT_SUFFIX, ".yml"):
            continue
        problem = outside_problem(path, root) if unusual else None
        if problem is not None:
            problems.append(problem)
        elif suffix == ".yml":
            message = f"扩展名请用 {PROJECT_SUFFIX}（{path.name} 不会被读取）。"
            problems.append(Problem(Location(str(path)), FILES, message))
        elif skip is None or path.resolve() != skip:
            paths.append(path)
    return _one_file_per_name(paths, problems, listed)


def _one_file_per_name(paths: list[Path], problems: list[Problem], listed: frozenset[str]) -> list[Path]:
    """The best file of each project name; every other file with that name is an error."""
    first: dict[str, Path] = {}
    kept = []
    for path in sorted(paths, key=lambda path: (path.stem not in listed, path.suffix != PROJECT_SUFFIX, path.name)):
        key = same_name_key(path.stem)
        if key in first:
            message = (
                f"这个文件与“{first[key].name}”是同一个项目名称（只差大小写、全角半角或看不见的字符），"
                "文档里只能印其中一个：请删去一个，或改名。"
            )
            problems.append(Problem(Location(str(path)), FILES, message))
            continue
        first[key] = path
        kept.append(path)
    return sorted(kept)
