"""Converts documents to PDF in a running LibreOffice, over UNO, for perfdocs (:mod:`perfdocs.officeserver`).

Starting LibreOffice costs about a second; a build converts two or three times. This script, run by
the Python that has LibreOffice's ``uno`` module (Debian's python3-uno, or the one LibreOffice ships),
connects to one LibreOffice started with ``--accept`` and converts each document it is asked to,
so that LibreOffice starts once per build. perfdocs itself may run on another Python, which cannot
load ``uno``.

Usage: ``python -I unobridge.py PIPE_NAME SECONDS``. It connects to the pipe, trying for at most
SECONDS while LibreOffice starts, and says on standard output ``{"ready": true}``, or
``{"unreachable": reason}`` and exits. Then each line of standard input is a request
``{"document": path, "pdf": path}``, answered by one line: ``{"done": true}`` or
``{"error": reason}``. It ends at the end of its input. Like :mod:`perfdocs.watchdog` it imports
the standard library and ``uno`` only, and runs isolated (``-I``).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

# The filter and option the command line's --convert-to gets from perfdocs (see perfdocs.office).
PDF_FILTER = "writer_pdf_Export"
PDF_OPTIONS = {"ExportBookmarksToPDFDestination": True}
NO_UNO = 3  # exit code when this Python has no uno module
_PAUSE = 0.02  # seconds between attempts to connect


def say(message: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(message, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def main(pipe: str, seconds: float) -> int:
    try:
        import uno  # noqa: PLC0415 - only LibreOffice's Python has it
    except ImportError:
        return NO_UNO
    desktop = _desktop(uno, pipe, seconds)
    if desktop is None:
        return 0
    say({"ready": True})
    for line in sys.stdin:
        request = json.loads(line)
        try:
            _convert(uno, desktop, Path(request["document"]), Path(request["pdf"]))
        except Exception as error:  # whatever LibreOffice raised: perfdocs reports it
            say({"error": f"{type(error).__name__}: {error}"[:1000]})
        else:
            say({"done": True})
    return 0


def _desktop(uno: Any, pipe: str, seconds: float) -> Any:
    """LibreOffice's desktop, once LibreOffice accepts connections; None (said on standard output) if it does not."""
    context = uno.getComponentContext()
    resolver = context.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", context)
    deadline = time.monotonic() + seconds
    while True:
        try:
            remote = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
        except Exception as error:  # NoConnectException until LibreOffice listens
            if time.monotonic() + _PAUSE > deadline:
                say({"unreachable": f"{type(error).__name__}: {error}"[:1000]})
                return None
            time.sleep(_PAUSE)  # short: every moment LibreOffice listens unseen is the build's


def _convert(uno: Any, desktop: Any, document: Path, pdf: Path) -> None:
    loaded = desktop.loadComponentFromURL(
        document.resolve().as_uri(), "_blank", 0, _properties(uno, Hidden=True, ReadOnly=True)
    )
    if loaded is None:
        raise OSError(f"LibreOffice could not open {document.name}")
    try:
        options = uno.Any("[]com.sun.star.beans.PropertyValue", _properties(uno, **PDF_OPTIONS))
        loaded.storeToURL(pdf.resolve().as_uri(), _properties(uno, FilterName=PDF_FILTER, FilterData=options))
    finally:
        loaded.close(True)


def _properties(uno: Any, **values: Any) -> tuple[Any, ...]:
    properties = []
    for name, value in values.items():
        item = uno.createUnoStruct("com.sun.star.beans.PropertyValue")
        item.Name, item.Value = name, value
        properties.append(item)
    return tuple(properties)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], float(sys.argv[2])))
