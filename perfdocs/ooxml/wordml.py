"""What perfdocs knows of WordprocessingML (ECMA-376 Part 1, clause 17): the order of elements, bookmarks,
fields and vertical merges.

Templates are rewritten as text (regular expressions over Word's own XML, see :mod:`perfdocs.template`),
so everything that has to agree with Word's schema is said here once: when an element is inserted into
a ``w:tcPr`` or ``w:settings``, its place comes from the schema's sequence, and python-docx already
declares those sequences (``_tag_seq`` in ``docx/oxml/*.py``). They are read from python-docx's source
rather than restated, and without importing python-docx: that costs a build 70 ms, and a rendered
document needs nothing else from it.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import re
from collections.abc import Iterable
from pathlib import Path

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

#: Where python-docx declares the children of an element, in schema order: its module and class.
_PYTHON_DOCX_CLASSES = {
    "w:tcPr": ("oxml/table.py", "CT_TcPr"),  # ECMA-376 Part 1, 17.4 (tables), complex type CT_TcPr
    "w:settings": ("oxml/settings.py", "CT_Settings"),  # ECMA-376 Part 1, 17.15.1, complex type CT_Settings
}


class SchemaOrderError(RuntimeError):
    """python-docx no longer declares an order perfdocs relies on (it moved or renamed ``_tag_seq``)."""


@functools.cache
def children(element: str) -> tuple[str, ...]:
    """The children ``element`` ("w:tcPr") may have, in the order the schema requires, from python-docx."""
    module, class_name = _PYTHON_DOCX_CLASSES[element]
    spec = importlib.util.find_spec("docx")  # a top-level name: found without being imported
    if spec is None or not spec.submodule_search_locations:
        raise SchemaOrderError("python-docx is not installed; perfdocs needs it (through docxtpl)")
    source = Path(next(iter(spec.submodule_search_locations)), module).read_text(encoding="utf-8")
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            for statement in node.body:
                if isinstance(statement, ast.Assign) and any(
                    isinstance(target, ast.Name) and target.id == "_tag_seq" for target in statement.targets
                ):
                    order = ast.literal_eval(statement.value)
                    if isinstance(order, tuple) and order and all(isinstance(tag, str) for tag in order):
                        return order
    raise SchemaOrderError(f"python-docx's {class_name} no longer declares _tag_seq in docx/{module}")


def before(element: str, child: str) -> tuple[str, ...]:
    """The children of ``element`` the schema puts before ``child``."""
    order = children(element)
    return order[: order.index(child)]


def after(element: str, child: str) -> tuple[str, ...]:
    """The children of ``element`` the schema puts after ``child``."""
    order = children(element)
    return order[order.index(child) + 1 :]


def start_of(tags: Iterable[str], prefix: str = "w:") -> str:
    """A regular expression for the start tag of any of ``tags``, ``prefix`` (a regular expression)
    standing before the local name: ``"(?:\\w+:)?"`` matches whatever prefix a part binds."""
    names = "|".join(tag.partition(":")[2] for tag in tags)
    return rf"<{prefix}(?:{names})\b"


# --- Cell properties and vertical merges (ECMA-376 Part 1, 17.4: vMerge, simple type ST_Merge) ---

#: ``w:vMerge/@w:val``: a merged run of cells starts here, or goes on (an absent value means "continue").
VMERGE_RESTART = "restart"
VMERGE_CONTINUE = "continue"
#: Any ``w:vMerge`` element, to drop one a template already has.
VMERGE = re.compile(r"<w:vMerge\b[^>]*/>")


def vmerge(value: str) -> str:
    """A ``w:vMerge`` with ``value`` (XML text, possibly a Jinja expression that prints one); "continue"
    is written as Word writes it, without a value."""
    return "<w:vMerge/>" if value == VMERGE_CONTINUE else f'<w:vMerge w:val="{value}"/>'


@functools.cache
def before_vmerge() -> re.Pattern[str]:
    """A cell's ``<w:tcPr>`` and the empty children the schema puts before ``w:vMerge``: where one goes."""
    return re.compile(rf"^(<w:tcPr>(?:{start_of(before('w:tcPr', 'w:vMerge'))}[^>]*/>)*)")


@functools.cache
def after_cell_margins() -> re.Pattern[str]:
    """The first child of ``w:tcPr`` the schema puts after ``w:tcMar``: a cell's margins go before it."""
    return re.compile(start_of(after("w:tcPr", "w:tcMar")))


# --- Bookmarks (ECMA-376 Part 1, 17.13.6) ---

#: The bookmark name that stands for "this section's heading" in a template.
TITLE_BOOKMARK = "perfdocs_title"
#: Word lists in its Bookmark dialog only the bookmarks whose name does not start with "_", and names
#: the ones its 目录 links to "_Toc…".
HIDDEN_BOOKMARK = "_"
TOC_BOOKMARK = "_Toc"
#: Section ``n``'s heading bookmark (the 目录 links to it), and indicator row ``n``'s (for LibreOffice only).
SECTION_BOOKMARK = TOC_BOOKMARK + "_perfdocs_{}"
ROW_BOOKMARK = HIDDEN_BOOKMARK + "perfdocs_row_{}"
#: Where the ids of those bookmarks start: a ``w:id`` must be unique in the document, so they are far
#: above a template's own and apart from each other.
SECTION_BOOKMARK_IDS = 100_000
ROW_BOOKMARK_IDS = 1_000_000


def bookmark_start(bookmark_id: str, name: str) -> str:
    return f'<w:bookmarkStart w:id="{bookmark_id}" w:name="{name}"/>'


def bookmark_end(bookmark_id: str) -> str:
    return f'<w:bookmarkEnd w:id="{bookmark_id}"/>'


def bookmark_ids(name: str) -> re.Pattern[str]:
    """The ``w:bookmarkStart`` of the bookmark ``name`` as Word writes it; group 1 is its id."""
    return re.compile(rf'<w:bookmarkStart w:id="(\d+)" w:name="{re.escape(name)}"')


def with_bookmark_id(xml: str, old: str, new: str) -> str:
    """``xml`` with the bookmark of id ``old`` (its start and its end) given the id ``new``."""
    for element in ("bookmarkStart", "bookmarkEnd"):
        xml = xml.replace(f'<w:{element} w:id="{old}"', f'<w:{element} w:id="{new}"')
    return xml


# --- Fields (ECMA-376 Part 1, 17.16) and updateFields (17.15.1) ---

#: Fields that bring content in from another file or program when Word opens the document.
OUTSIDE_FIELDS = ("INCLUDETEXT", "INCLUDEPICTURE", "INCLUDE", "LINK", "DDEAUTO", "DDE", "IMPORT", "DATABASE")
#: An instruction that starts with one of them.
OUTSIDE_FIELD = re.compile(rf"^\s*({'|'.join(OUTSIDE_FIELDS)})\b", re.IGNORECASE)
UPDATE_FIELDS = '<w:updateFields w:val="true"/>'
#: The 目录's field (TOC): entries from the level-1 headings (\o "1-1"), hyperlinked (\h), without
#: tab leaders and page numbers in Web view (\z), from outline levels too (\u): what Word writes for one level.
TOC_FIELD = ' TOC \\o "1-1" \\h \\z \\u '


def pageref(bookmark: str) -> str:
    """The instruction of a PAGEREF field, which prints the page of ``bookmark``, linked to it (\\h)."""
    return f" PAGEREF {bookmark} \\h "


@functools.cache
def _after_update_fields() -> re.Pattern[str]:
    """The first child of ``w:settings`` the schema puts after ``w:updateFields``, whatever its prefix."""
    return re.compile(start_of(after("w:settings", "w:updateFields"), prefix=r"(?:\w+:)?"))


def mark_fields_for_update(settings: bytes) -> bytes:
    """A settings part with ``<w:updateFields w:val="true"/>`` where the schema wants it: Word and WPS
    then refresh the fields (the 目录's page numbers) when they open the file."""
    text = settings.decode("utf-8")
    if "<w:updateFields" in text:
        return settings
    following = _after_update_fields().search(text)
    if following is None and "</w:settings>" not in text:  # <w:settings/>: nothing set, nothing after
        return re.sub(r"<w:settings\b([^>]*)/>", rf"<w:settings\1>{UPDATE_FIELDS}</w:settings>", text).encode()
    position = following.start() if following else text.rindex("</w:settings>")
    return (text[:position] + UPDATE_FIELDS + text[position:]).encode("utf-8")
