"""The straightforward approach, to compare perfdocs with: one docxtpl template, one ``render()``.

Loads the unit with perfdocs (loading is the same for both), then renders the
default template through ``DocxTemplate.render`` (docxtpl's own ``{% vm %}`` in
place of perfdocs' ``{% vmerge %}``) and saves. Prints the seconds spent inside
the process on rendering and saving::

    python bench/straightforward.py projects/2025 out.docx
"""

from __future__ import annotations

import sys
import tempfile
import time
import zipfile
from pathlib import Path

from docxtpl import DocxTemplate

import perfdocs
from perfdocs.prepared import build_context
from perfdocs.template import default_template_path


def docxtpl_template(folder: Path) -> Path:
    """The default template with docxtpl's own vertical merge tag."""
    target = folder / "docxtpl.docx"
    with zipfile.ZipFile(default_template_path()) as source, zipfile.ZipFile(target, "w") as copy:
        for entry in source.infolist():
            data = source.read(entry)
            if entry.filename == "word/document.xml":
                data = data.replace(b"{% vmerge row.level1_merge %}", b"{% vm %}")
            copy.writestr(entry, data)
    return target


def main(unit_dir: str, output: str) -> None:
    unit = perfdocs.load_unit(unit_dir)
    with tempfile.TemporaryDirectory() as folder:
        document = DocxTemplate(str(docxtpl_template(Path(folder))))
        started = time.perf_counter()
        document.render(build_context(unit), autoescape=True)
        document.save(output)
    print(f"{time.perf_counter() - started:.3f}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
